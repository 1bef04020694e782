"""Before the meeting: a form for a new session, and the setup view with the ground rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from debrief.model import Meeting, Severity
from debrief.tui.screens.dialogs import read_hard_stop
from debrief.tui.widgets.error_line import ErrorLine

GROUND_RULES = """\
## Ground rules for this review

- **We are here to learn how this happened, not who to blame.** Our systems and our ways of
  working made the outcome possible; that is what we will change.
- **Everyone acted reasonably with what they knew at the time.** Ask *how* something happened
  and *what made it make sense then*, not *who* or *why didn't they*.
- **Hindsight is not a fact.** Describe what people saw and knew as events unfolded.
- **Anyone may pause the discussion** when it starts to point at a person.
- **Action items change the system** (tooling, defaults, process), never "be more careful".
- **Nothing said here is used in anyone's performance review.**
"""
"""Read out by the facilitator before the first step."""


@dataclass(frozen=True)
class NewSession:
    """What the new-session form asks for."""

    title: str
    severity: Severity
    incident_date: date | None


class NewSessionScreen(Screen[NewSession | None]):
    """Asks for the title, severity and date of a session file that does not exist yet."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, file_name: str, today: date) -> None:
        super().__init__()
        self.file_name = file_name
        self.today = today

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="form setup-form"):
            yield Static(f"A new postmortem: {self.file_name}", classes="form-title")
            yield Label("Incident title", classes="field-label")
            yield Input(id="title", placeholder="Orders API returned 503s after a release")
            yield Label(
                "Severity (sizes the meeting: 30, 60 or 90 minutes)", classes="field-label"
            )
            choices = [
                ("minor — 30 minutes", Severity.MINOR),
                ("major — 60 minutes", Severity.MAJOR),
                ("critical — 90 minutes", Severity.CRITICAL),
            ]
            yield Select(choices, value=Severity.MAJOR, allow_blank=False, id="severity")
            yield Label("Date of the incident", classes="field-label")
            yield Input(self.today.isoformat(), id="date", placeholder="2026-06-21")
            yield ErrorLine(classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#create")
    @on(Input.Submitted)
    def _create(self, event: Any) -> None:
        event.stop()
        title = self.query_one("#title", Input).value.strip()
        typed_date = self.query_one("#date", Input).value.strip()
        try:
            if not title:
                raise ValueError("Give the incident a title.")
            incident_date = date.fromisoformat(typed_date) if typed_date else None
        except ValueError as error:
            message = str(error)
            if "title" not in message:
                message = f"'{typed_date}' is not a date; write it as 2026-06-21"
            self.query_one(".form-error", Label).update(message)
            return
        severity = self.query_one("#severity", Select).value
        self.dismiss(NewSession(title, severity, incident_date))


class SetupScreen(Screen[bool]):
    """Who is in the room, when it must be left, and the ground rules to read out."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("f5,ctrl+t", "begin", "Begin", priority=True, id="begin"),
    ]

    def __init__(self, meeting: Meeting, now: datetime, zone: tzinfo) -> None:
        super().__init__()
        self.meeting = meeting
        self.now = now
        self.zone = zone

    def compose(self) -> ComposeResult:
        # Imported here: the Markdown widget costs start-up time on every other screen.
        from textual.widgets import Markdown

        meeting = self.meeting
        yield Header()
        with Horizontal(id="setup"):
            with VerticalScroll(classes="setup-form"):
                yield Static("Before we start", classes="form-title")
                yield Label("Facilitator", classes="field-label")
                yield Input(meeting.facilitator, id="facilitator")
                yield Label("Note-taker", classes="field-label")
                yield Input(meeting.note_taker, id="note-taker")
                yield Label("Attendees (comma-separated)", classes="field-label")
                yield Input(", ".join(meeting.attendees), id="attendees")
                yield Label("Hard stop: when the room must be left (HH:MM)", classes="field-label")
                stop = (
                    meeting.hard_stop.astimezone(self.zone).strftime("%H:%M")
                    if meeting.hard_stop
                    else ""
                )
                yield Input(stop, id="hard-stop", placeholder="e.g. 15:00 (empty: none)")
                yield ErrorLine(classes="form-error")
                yield Button("Begin the meeting (F5)", variant="primary", id="begin")
            yield Markdown(GROUND_RULES, id="ground-rules")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#facilitator", Input).focus()

    @on(Input.Changed)
    def _write_field(self, event: Input.Changed) -> None:
        event.stop()
        meeting, value = self.meeting, event.value
        if event.input.id == "facilitator":
            meeting.facilitator = value.strip()
        elif event.input.id == "note-taker":
            meeting.note_taker = value.strip()
        elif event.input.id == "attendees":
            names = [name.strip() for name in value.split(",") if name.strip()]
            meeting.attendees = list(dict.fromkeys(names))  # each person once, in order
        elif event.input.id == "hard-stop":
            self._read_hard_stop(value)

    def _read_hard_stop(self, text: str) -> bool:
        error = self.query_one(".form-error", Label)
        if not text.strip():
            self.meeting.hard_stop = None
            error.update("")
            return True
        try:
            self.meeting.hard_stop = read_hard_stop(text, self.now, self.zone)
        except ValueError as problem:
            error.update(str(problem))
            return False
        error.update("")
        return True

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; only the last one begins the meeting."""
        event.stop()
        if event.input.id == "hard-stop":
            self.action_begin()
        else:
            self.focus_next()

    @on(Button.Pressed, "#begin")
    def action_begin(self) -> None:
        if self._read_hard_stop(self.query_one("#hard-stop", Input).value):
            self.dismiss(True)


def local_zone(moment: datetime) -> tzinfo:
    """The machine's time zone at a given moment, for times the room reads and types."""
    zone = moment.astimezone().tzinfo
    assert zone is not None
    return zone
