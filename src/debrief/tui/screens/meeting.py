"""The meeting screen: the agenda and clocks on the left, the current step on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from debrief.agenda import TimerStatus
from debrief.model import Session, StepKey
from debrief.tui.widgets.agenda import AgendaList, MeetingClock
from debrief.tui.widgets.countdown import StepCountdown
from debrief.tui.widgets.editors import StepEditors
from debrief.tui.widgets.findings import FindingsPanel

if TYPE_CHECKING:
    from debrief.checks import Finding


class MeetingScreen(Screen[None]):
    """Shows a timer reading and the editors; the app drives it."""

    AUTO_FOCUS = "StepEditors Input, StepEditors TextArea, StepEditors DataTable"
    """The cursor starts where the current step's typing starts, not in the agenda."""

    def __init__(
        self,
        session: Session,
        today: date,
        status: TimerStatus,
        save_text: str,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.today = today
        self.status = status
        self.save_text = save_text
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        # Every widget starts from the same timer reading, so the first frame is complete.
        status = self.status
        yield Header()
        with Horizontal(id="meeting"):
            with Vertical(id="sidebar"):
                yield AgendaList(status, id="agenda")
                yield MeetingClock(MeetingClock.text(status), id="meeting-clock")
            with Vertical(id="stage"):
                yield StepCountdown(status, id="step-countdown")
                yield StepEditors(self.session, self.today, id="editors", disabled=self.read_only)
                yield FindingsPanel(id="findings")
        yield Static(self.save_text, id="save-line")
        yield Footer()

    @property
    def editors(self) -> StepEditors:
        """The step editors."""
        return self.query_one(StepEditors)

    def show_status(self, status: TimerStatus) -> None:
        """Redraw the agenda and the clocks."""
        try:
            self.query_one(AgendaList).show(status)
            self.query_one(StepCountdown).show(status)
            self.query_one(MeetingClock).show(status)
        except NoMatches:
            pass  # the clock ticked while the screen was being built or taken down

    def show_step(self, key: StepKey) -> None:
        """Show a step's editor, ready for typing, and mark it in the agenda."""
        self.editors.show_step(key)
        agenda = self.query_one(AgendaList)
        agenda.highlighted = [step.value for step in StepKey].index(key.value)

    def show_saved(self, text: str, failed: bool = False) -> None:
        """Say when the session was last saved, or why it could not be."""
        for line in self.query("#save-line").results(Static):
            line.update(text)
            line.set_class(failed, "-failed")

    @property
    def findings(self) -> FindingsPanel:
        """The wording notes under the editor."""
        return self.query_one(FindingsPanel)

    def show_findings(
        self,
        findings: list[Finding],
        counts: dict[str, int],
        label: Callable[[Finding], str],
        discreet: bool,
    ) -> None:
        """Show the current step's wording notes, and each step's count in the agenda."""
        try:
            self.findings.show(findings, label, discreet, can_dismiss=not self.read_only)
            self.query_one(AgendaList).show_counts(counts)
        except NoMatches:
            pass  # the checks finished while the screen was being taken down
