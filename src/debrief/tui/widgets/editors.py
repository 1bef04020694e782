"""The editor of each step: what the room discusses, typed straight into the session.

Every editor writes into the session it was given and posts `SessionEdited`; the app saves.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Button,
    ContentSwitcher,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from debrief import agenda
from debrief.model import (
    ActionItem,
    Factor,
    Session,
    Severity,
    StepKey,
    TimelineEvent,
    parse_day,
    parse_event_line,
)
from debrief.tui.messages import SessionEdited
from debrief.tui.screens.dialogs import (
    STATUS_LABELS,
    ActionForm,
    EventForm,
    FactorForm,
    TextForm,
)
from debrief.tui.widgets.error_line import ErrorLine
from debrief.tui.widgets.tables import TableEditor


def write(widget: Widget, record: Any, field: str, value: Any) -> None:
    """Set a field of the session and tell the app, only when the value really changed.

    Inputs and text areas report their first value as a change; that is not an edit.
    """
    if getattr(record, field) != value:
        setattr(record, field, value)
        widget.post_message(SessionEdited())


def focus_at_end(widget: Widget) -> None:
    """Focus a field with the cursor after its text, so that typing adds to what is there."""
    widget.focus()
    if isinstance(widget, TextArea):
        widget.move_cursor(widget.document.end)
    elif isinstance(widget, Input):
        widget.cursor_position = len(widget.value)


def _one_line(text: str, width: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class StepEditor(Vertical):
    """The editor of one step; `focus_first` puts the cursor where typing starts."""

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def focus_first(self) -> None:
        """Focus the first place to type."""
        for widget in self.query("Input, TextArea, DataTable").results():
            if widget.display and widget.focusable:
                focus_at_end(widget)
                return


# --- Timeline ----------------------------------------------------------------------------------


class TimelineTable(TableEditor[TimelineEvent]):
    """The timeline, in time order; a typed line `14:03 alert fired` becomes a row."""

    COLUMNS = ("Time (UTC)", "Kind", "Event")
    PLACEHOLDER = "14:03 alert fired — Enter adds it; ~14:00 marks a rough time"
    REORDERABLE = False
    NOUN = "event"

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def items(self) -> list[TimelineEvent]:
        return self.session.timeline

    def cells(self, item: TimelineEvent) -> tuple[str, ...]:
        same_day = item.time.date() == self.session.summary.date
        shown = f"{item.time:%H:%M}" if same_day else f"{item.time:%m-%d %H:%M}"
        if item.time.second:
            shown += f":{item.time.second:02d}"
        kind = item.kind.value if item.kind else ""
        return (f"~{shown}" if item.approximate else shown, kind, _one_line(item.event))

    def from_line(self, line: str) -> TimelineEvent:
        return parse_event_line(line, self.session.summary.date)

    def form(self, item: TimelineEvent) -> EventForm:
        return EventForm(item, self.session.summary.date)

    def sort_rows(self) -> None:
        self.session.timeline.sort(key=lambda event: event.time)


SEVERITY_CHOICES = [(severity.value, severity) for severity in Severity]


class SummaryFields(VerticalScroll):
    """The incident summary as a form; each field is saved as it is typed."""

    TEXT_FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("title", "Title"),
        ("detection_method", "Detection method"),
        ("customer_impact", "Customer impact"),
        ("incident_commander", "Incident commander"),
    )

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        summary = self.session.summary
        for name, label in self.TEXT_FIELDS:
            yield Label(label, classes="field-label")
            yield Input(getattr(summary, name), id=f"summary-{name}")
        yield Label("Services affected (comma-separated)", classes="field-label")
        yield Input(", ".join(summary.services), id="summary-services")
        yield Label("Date of the incident", classes="field-label")
        shown = summary.date.isoformat() if summary.date else ""
        yield Input(shown, id="summary-date", placeholder="2026-06-21")
        yield Label("Severity", classes="field-label")
        yield Select(
            SEVERITY_CHOICES, value=summary.severity or Select.NULL, id="summary-severity"
        )
        for name, label in (
            ("duration_minutes", "Duration in minutes (empty: from the timeline)"),
            ("time_to_detect_minutes", "Time to detect in minutes (empty: from the timeline)"),
        ):
            value = getattr(summary, name)
            yield Label(label, classes="field-label")
            yield Input("" if value is None else str(value), id=f"summary-{name}")
        yield ErrorLine(classes="input-error", id="summary-error")

    @on(Input.Changed)
    def _write_field(self, event: Input.Changed) -> None:
        event.stop()
        name = (event.input.id or "").removeprefix("summary-")
        summary = self.session.summary
        text = event.value.strip()
        try:
            if name in dict(self.TEXT_FIELDS):
                value: Any = event.value
            elif name == "services":
                value = [part.strip() for part in text.split(",") if part.strip()]
            elif name == "date":
                value = date.fromisoformat(text) if text else None
            else:
                value = int(text) if text else None
        except ValueError:
            expected = "date" if name == "date" else "whole number"
            self._flag(event.input, f"'{event.value}' is not a {expected}")
            return
        self._flag(event.input, "")
        write(self, summary, name, value)

    @on(Select.Changed, "#summary-severity")
    def _write_severity(self, event: Select.Changed) -> None:
        event.stop()
        severity = None if event.value is Select.NULL else event.value
        write(self, self.session.summary, "severity", severity)

    def _flag(self, field: Input, problem: str) -> None:
        field.set_class(bool(problem), "-invalid")
        self.query_one("#summary-error", Label).update(problem)


class TimelineEditor(StepEditor):
    """Step 1: the timeline, and the incident summary beside it."""

    def compose(self) -> ComposeResult:
        with TabbedContent():
            with TabPane("Timeline", id="timeline-tab"):
                yield TimelineTable(self.session)
            with TabPane("Summary", id="summary-tab"):
                yield SummaryFields(self.session)

    def focus_first(self) -> None:
        self.query_one(TabbedContent).active = "timeline-tab"
        self.query_one(TimelineTable).focus_input()


# --- Root cause --------------------------------------------------------------------------------


class FactorsTable(TableEditor[Factor]):
    """Contributing factors, each optionally with a won't-fix reason."""

    COLUMNS = ("Id", "Contributing factor", "Won't fix, because")
    PLACEHOLDER = "A contributing factor — Enter adds it"
    NOUN = "factor"

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def items(self) -> list[Factor]:
        return self.session.factors

    def cells(self, item: Factor) -> tuple[str, ...]:
        return (item.id, _one_line(item.text), _one_line(item.wont_fix))

    def from_line(self, line: str) -> Factor:
        return Factor(id=self.session.next_factor_id(), text=line.strip())

    def form(self, item: Factor) -> FactorForm:
        return FactorForm(item)


class RootCauseEditor(StepEditor):
    """Step 2: root cause, the why chain, the safeguards, and the contributing factors."""

    def compose(self) -> ComposeResult:
        analysis = self.session.analysis
        with TabbedContent():
            with TabPane("Root cause", id="root-cause-tab"):
                yield TextArea(analysis.root_cause, id="root-cause", soft_wrap=True)
            with TabPane("Why chain", id="whys-tab"):
                yield Static("One answer to “why?” a line.", classes="hint")
                yield TextArea("\n".join(analysis.whys), id="whys", soft_wrap=True)
            with TabPane("Safeguards", id="safeguards-tab"):
                yield Static("Why didn't our safeguards catch it?", classes="hint")
                yield TextArea(analysis.safeguards, id="safeguards", soft_wrap=True)
            with TabPane("Factors", id="factors-tab"):
                yield FactorsTable(self.session)

    def focus_first(self) -> None:
        self.query_one(TabbedContent).active = "root-cause-tab"
        focus_at_end(self.query_one("#root-cause", TextArea))

    @on(TextArea.Changed)
    def _write_text(self, event: TextArea.Changed) -> None:
        event.stop()
        analysis = self.session.analysis
        text = event.text_area.text
        if event.text_area.id == "root-cause":
            write(self, analysis, "root_cause", text)
        elif event.text_area.id == "whys":
            write(self, analysis, "whys", [line for line in text.splitlines() if line.strip()])
        elif event.text_area.id == "safeguards":
            write(self, analysis, "safeguards", text)


# --- Lessons -----------------------------------------------------------------------------------


class LessonsTable(TableEditor[str]):
    """A list of lessons: what went well, or what didn't."""

    NOUN = "item"

    def __init__(self, session: Session, field: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.field = field
        heading = "What went well" if field == "went_well" else "What didn't go well"
        self.columns = (heading,)
        self.placeholder = f"{heading}: type one point, Enter adds it"

    def items(self) -> list[str]:
        return getattr(self.session.lessons, self.field)

    def cells(self, item: str) -> tuple[str, ...]:
        return (_one_line(item),)

    def from_line(self, line: str) -> str:
        return line.strip()

    def form(self, item: str) -> TextForm:
        return TextForm(item, self.columns[0])


class LessonsEditor(StepEditor):
    """Steps 3 and 4: a list of points."""

    def __init__(self, session: Session, field: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.field = field

    def compose(self) -> ComposeResult:
        yield LessonsTable(self.session, self.field)

    def focus_first(self) -> None:
        self.query_one(LessonsTable).focus_input()


# --- Action items ------------------------------------------------------------------------------


class ActionsTable(TableEditor[ActionItem]):
    """Action items: Enter on a row opens the form with owner, deadline, status and more."""

    COLUMNS = ("Action item", "Owner", "Deadline", "Status", "Priority")
    OTHER_COLUMNS_WIDTH = 58
    """Room taken by the columns after the item (owner cut to 16), their gaps included."""
    PLACEHOLDER = "An action item — Enter adds it; Enter on a row sets owner and deadline"
    NOUN = "action item"

    def __init__(self, session: Session, today: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.today = today

    def items(self) -> list[ActionItem]:
        return self.session.action_items

    def cells(self, item: ActionItem) -> tuple[str, ...]:
        deadline = item.deadline.isoformat() if item.deadline else "—"
        priority = item.priority.value if item.priority else ""
        status = STATUS_LABELS[item.status]
        # The item gets what the other columns leave, so that all of them fit on screen.
        width = max(16, self.size.width - self.OTHER_COLUMNS_WIDTH)
        owner = _one_line(item.owner, 16) or "—"
        return (_one_line(item.item, width), owner, deadline, status, priority)

    def from_line(self, line: str) -> ActionItem:
        return ActionItem(item=line.strip())

    def form(self, item: ActionItem) -> ActionForm:
        return ActionForm(item, people(self.session), self.session.factors, self.today)


def people(session: Session) -> list[str]:
    """Everyone the session names, to suggest as an owner."""
    return sorted(session.people_named())


class ActionItemsEditor(StepEditor):
    """Step 5: the action items."""

    def __init__(self, session: Session, today: date, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.today = today

    def compose(self) -> ComposeResult:
        yield ActionsTable(self.session, self.today)

    def focus_first(self) -> None:
        self.query_one(ActionsTable).focus_input()


# --- Follow-up ---------------------------------------------------------------------------------


class FollowUpEditor(StepEditor):
    """Step 6: the date of the follow-up review, notes, and the export."""

    def __init__(self, session: Session, today: date, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.today = today

    @property
    def suggestion(self) -> date:
        """A review date three weeks after the meeting."""
        held = self.session.meeting.held_at
        return agenda.suggest_follow_up(held.date() if held else self.today)

    def compose(self) -> ComposeResult:
        follow_up = self.session.follow_up
        yield Label("Review of the action items on", classes="field-label")
        with Horizontal(classes="follow-up-date"):
            shown = follow_up.date.isoformat() if follow_up.date else ""
            yield Input(shown, id="follow-up-date", placeholder="2026-07-12, +3w")
            yield Button(f"Use {self.suggestion:%a %d %b}", id="use-suggestion")
        yield ErrorLine(classes="input-error", id="follow-up-error")
        yield Label("Notes for the review", classes="field-label")
        yield TextArea(follow_up.notes, id="follow-up-notes", soft_wrap=True)
        yield Button("Export Markdown (ctrl+e)", id="export", variant="primary")

    @on(Button.Pressed, "#use-suggestion")
    def _use_suggestion(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one("#follow-up-date", Input).value = self.suggestion.isoformat()

    @on(Button.Pressed, "#export")
    def _export(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.run_action("export")

    @on(Input.Changed, "#follow-up-date")
    def _write_date(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        try:
            day = parse_day(text, self.today) if text else None
        except ValueError as error:
            self._flag(str(error))
            return
        self._flag("")
        write(self, self.session.follow_up, "date", day)

    @on(Input.Submitted, "#follow-up-date")
    def _show_date(self, event: Input.Submitted) -> None:
        event.stop()
        if self.session.follow_up.date:
            event.input.value = self.session.follow_up.date.isoformat()

    @on(TextArea.Changed, "#follow-up-notes")
    def _write_notes(self, event: TextArea.Changed) -> None:
        event.stop()
        write(self, self.session.follow_up, "notes", event.text_area.text)

    def _flag(self, problem: str) -> None:
        self.query_one("#follow-up-date", Input).set_class(bool(problem), "-invalid")
        self.query_one("#follow-up-error", Label).update(problem)


class StepEditors(ContentSwitcher):
    """One editor per step; only the current step's is shown.

    An editor is built the first time its step is shown: building all six up front would
    double the time to the first frame.
    """

    ALLOW_MAXIMIZE = True
    """F12 gives the editors the whole screen, for a room that cannot read small print."""

    def __init__(self, session: Session, today: date, **kwargs: Any) -> None:
        super().__init__(initial=session.meeting.current_step.value, **kwargs)
        self.session = session
        self.today = today

    def compose(self) -> ComposeResult:
        yield self._build(self.session.meeting.current_step)

    def _build(self, key: StepKey) -> StepEditor:
        session, today, name = self.session, self.today, key.value
        if key is StepKey.TIMELINE:
            return TimelineEditor(session, id=name)
        if key is StepKey.ROOT_CAUSE:
            return RootCauseEditor(session, id=name)
        if key in (StepKey.WENT_WELL, StepKey.WENT_POORLY):
            return LessonsEditor(session, name, id=name)
        if key is StepKey.ACTION_ITEMS:
            return ActionItemsEditor(session, today, id=name)
        return FollowUpEditor(session, today, id=name)

    def show_step(self, key: StepKey) -> None:
        """Show a step's editor and put the cursor in it."""
        existing = self.query(f"#{key.value}").results(StepEditor)
        editor = next(existing, None)
        if editor is None:
            editor = self._build(key)
            mounted = self.mount(editor)
            self.current = key.value
            self.call_later(self._focus_when_mounted, mounted, editor)
            return
        self.current = key.value
        editor.focus_first()

    async def _focus_when_mounted(self, mounted: Any, editor: StepEditor) -> None:
        await mounted
        editor.focus_first()

    def refresh_tables(self) -> None:
        """Redraw every table from the session, after a change made elsewhere."""
        for table in self.query(TableEditor).results():
            table.refresh_rows()
