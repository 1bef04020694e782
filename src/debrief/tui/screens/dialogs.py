"""Dialogs: forms that edit one row with validated fields, a yes/no question, and capture.

A form is a `ModalScreen` that dismisses with the edited value, or None when cancelled. A
value that cannot be read keeps the form open with a sentence saying what to write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from debrief.model import (
    ActionItem,
    ActionStatus,
    EventKind,
    Factor,
    Priority,
    TimeFormatError,
    TimelineEvent,
    parse_day,
    parse_event_time,
)
from debrief.tui.widgets.error_line import ErrorLine

Result = TypeVar("Result")

STATUS_LABELS = {
    ActionStatus.OPEN: "open",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.DONE: "done",
    ActionStatus.WONT_DO: "won't do",
}


class FormScreen(ModalScreen[Result | None], Generic[Result]):
    """A modal form: fields, a line for what is wrong, Save and Cancel."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT: ClassVar[str] = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.TITLE_TEXT, classes="form-title")
            with VerticalScroll(classes="form-fields", can_focus=False):
                yield from self.fields()
            yield ErrorLine(classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query(".form-fields Input").first().focus()

    def fields(self) -> ComposeResult:
        """The form's inputs."""
        raise NotImplementedError

    def collect(self) -> Result:
        """The value the fields describe; raises ValueError with a sentence when they don't."""
        raise NotImplementedError

    def value_of(self, selector: str) -> str:
        """The text typed into an input."""
        return self.query_one(selector, Input).value

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self, event: Any) -> None:
        event.stop()
        try:
            result = self.collect()
        except ValueError as error:
            self.query_one(".form-error", Label).update(str(error))
            return
        self.dismiss(result)


def _field(label: str, widget: Any) -> ComposeResult:
    yield Label(label, classes="field-label")
    yield widget


def _select_value(select: Select[Any]) -> Any:
    return None if select.value is Select.NULL else select.value


class EventForm(FormScreen[TimelineEvent]):
    """Edit one timeline event."""

    TITLE_TEXT = "Timeline event"

    def __init__(self, event: TimelineEvent, incident_date: date | None) -> None:
        super().__init__()
        self.event = event
        self.incident_date = incident_date

    def fields(self) -> ComposeResult:
        event = self.event
        shown = f"{event.time:%Y-%m-%d %H:%M}"
        if event.time.second:
            shown += f":{event.time.second:02d}"
        yield from _field("Time (UTC, or with an offset such as +02:00)", Input(shown, id="time"))
        yield from _field("What happened", Input(event.event, id="event"))
        kinds = [(kind.value, kind) for kind in EventKind]
        yield from _field("Kind", Select(kinds, value=event.kind or Select.NULL, id="kind"))
        yield Checkbox("Time is approximate", event.approximate, id="approximate")
        yield from _field(
            "Source (a link, or where the fact came from)", Input(event.source, id="source")
        )

    @on(Input.Changed, "#time")
    def _tick_approximate(self, event: Input.Changed) -> None:
        if event.value.lstrip().startswith("~"):
            self.query_one("#approximate", Checkbox).value = True

    def collect(self) -> TimelineEvent:
        try:
            parsed = parse_event_time(self.value_of("#time"), self.incident_date)
        except TimeFormatError as error:
            raise ValueError(str(error)) from None
        text = self.value_of("#event").strip()
        if not text:
            raise ValueError("Say what happened at that time.")
        return TimelineEvent(
            time=parsed.time,
            event=text,
            # The box is the answer; a `~` typed in the time field ticks it while typing.
            approximate=self.query_one("#approximate", Checkbox).value,
            precision=parsed.precision,
            kind=_select_value(self.query_one("#kind", Select)),
            source=self.value_of("#source").strip(),
        )


class TextForm(FormScreen[str]):
    """Edit one line of a list (what went well, what didn't)."""

    TITLE_TEXT = "Edit"

    def __init__(self, text: str, title: str) -> None:
        super().__init__()
        self.text = text
        self.TITLE_TEXT = title

    def fields(self) -> ComposeResult:
        yield Input(self.text, id="text")

    def collect(self) -> str:
        text = self.value_of("#text").strip()
        if not text:
            raise ValueError("Write something, or press Esc and delete the row instead.")
        return text


class FactorForm(FormScreen[Factor]):
    """Edit a contributing factor and its optional won't-fix reason."""

    TITLE_TEXT = "Contributing factor"

    def __init__(self, factor: Factor) -> None:
        super().__init__()
        self.factor = factor

    def fields(self) -> ComposeResult:
        yield from _field("Factor", Input(self.factor.text, id="text"))
        yield from _field(
            "Won't fix, because ... (leave empty when an action item addresses it)",
            Input(self.factor.wont_fix, id="wont-fix"),
        )

    def collect(self) -> Factor:
        text = self.value_of("#text").strip()
        if not text:
            raise ValueError("Describe the factor, or press Esc and delete the row instead.")
        return Factor(id=self.factor.id, text=text, wont_fix=self.value_of("#wont-fix").strip())


class ActionForm(FormScreen[ActionItem]):
    """Edit an action item: what, who, by when, how it stands, and which factors it addresses."""

    TITLE_TEXT = "Action item"

    def __init__(
        self, action: ActionItem, people: list[str], factors: list[Factor], today: date
    ) -> None:
        super().__init__()
        self.action = action
        self.people = people
        self.factors = factors
        self.today = today

    def fields(self) -> ComposeResult:
        action = self.action
        yield from _field("Action item", Input(action.item, id="item"))
        owner = Input(
            action.owner,
            id="owner",
            placeholder="one person",
            suggester=SuggestFromList(self.people, case_sensitive=False),
        )
        yield from _field("Owner (→ accepts a suggestion)", owner)
        deadline = action.deadline.isoformat() if action.deadline else ""
        yield from _field(
            "Deadline", Input(deadline, id="deadline", placeholder="2026-07-01, +3d, +2w, friday")
        )
        statuses = [(label, status) for status, label in STATUS_LABELS.items()]
        yield from _field(
            "Status", Select(statuses, value=action.status, allow_blank=False, id="status")
        )
        priorities = [(priority.value, priority) for priority in Priority]
        yield from _field(
            "Priority", Select(priorities, value=action.priority or Select.NULL, id="priority")
        )
        yield from _field("Ticket link", Input(action.ticket, id="ticket"))
        if self.factors:
            choices = [
                (factor.text[:70], factor.id, factor.id in action.addresses)
                for factor in self.factors
            ]
            yield from _field("Addresses", SelectionList[str](*choices, id="addresses"))

    def collect(self) -> ActionItem:
        item = self.value_of("#item").strip()
        if not item:
            raise ValueError("Say what will be done.")
        deadline_text = self.value_of("#deadline").strip()
        deadline = parse_day(deadline_text, self.today) if deadline_text else None
        addresses: list[str] = []
        if self.factors:
            addresses = list(self.query_one("#addresses", SelectionList).selected)
        return ActionItem(
            item=item,
            owner=self.value_of("#owner").strip(),
            deadline=deadline,
            status=self.query_one("#status", Select).value,
            priority=_select_value(self.query_one("#priority", Select)),
            ticket=self.value_of("#ticket").strip(),
            addresses=addresses,
        )


class HardStopForm(FormScreen[datetime]):
    """When the room must be left: a time of day in the room's own zone, still ahead."""

    TITLE_TEXT = "Hard stop"

    def __init__(self, current: datetime | None, now: datetime, zone: tzinfo) -> None:
        super().__init__()
        self.current = current
        self.now = now
        self.zone = zone

    def fields(self) -> ComposeResult:
        shown = self.current.astimezone(self.zone).strftime("%H:%M") if self.current else ""
        yield from _field("The room must be left at (HH:MM)", Input(shown, id="hard-stop"))

    def collect(self) -> datetime:
        return read_hard_stop(self.value_of("#hard-stop"), self.now, self.zone)


def read_hard_stop(text: str, now: datetime, zone: tzinfo) -> datetime:
    """A hard stop typed as a time of day in the room's zone; it must still be ahead.

    Raises:
        ValueError: with a sentence saying what to write instead.
    """
    today = now.astimezone(zone).date()
    try:
        stop = parse_event_time(text, today, default_zone=zone).time
    except TimeFormatError:
        raise ValueError(f"'{text.strip()}' is not a time; write the hard stop as 15:00") from None
    if stop <= now:
        raise ValueError(f"{text.strip()} has already passed; give a time still ahead")
    return stop


class ConfirmDialog(ModalScreen[bool]):
    """A question with two answers."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "answer(False)", "No")]

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.question, classes="form-question")
            with Horizontal(classes="form-buttons"):
                yield Button(self.yes, variant="warning", id="yes")
                yield Button(self.no, variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


@dataclass(frozen=True)
class Capture:
    """Something noted on the side: which section it goes to, and its text."""

    section: str
    text: str


CAPTURE_SECTIONS = {
    "action_items": "Action item",
    "factors": "Contributing factor",
    "went_well": "Went well",
    "went_poorly": "Didn't go well",
}


class CaptureDialog(FormScreen[Capture]):
    """Note an action item (or a factor, or a lesson) without leaving the step being discussed."""

    TITLE_TEXT = "Capture without leaving this step"

    def __init__(self, section: str = "action_items") -> None:
        super().__init__()
        self.section = section

    def fields(self) -> ComposeResult:
        sections = [(label, key) for key, label in CAPTURE_SECTIONS.items()]
        yield from _field(
            "Into", Select(sections, value=self.section, allow_blank=False, id="section")
        )
        yield from _field("Text", Input(id="text", placeholder="what was said"))

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def collect(self) -> Capture:
        text = self.value_of("#text").strip()
        if not text:
            raise ValueError("Type what to note, or press Esc.")
        return Capture(self.query_one("#section", Select).value, text)
