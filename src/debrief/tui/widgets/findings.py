"""Notes beside the editor: what the checks found in the current step, gently put.

Blame-oriented wording and gaps in the practice (an action item with no owner) share the list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from debrief.tui.messages import FindingDismissed, LeaveFindings

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from debrief.checks import Finding


class FindingList(OptionList):
    """The notes, one option each; `d` or Delete dismisses the highlighted one."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("d,delete", "dismiss_note", "Dismiss", tooltip="Dismiss this wording note."),
        Binding("escape", "leave", "Back", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.findings: list[Finding] = []

    def show(self, findings: list[Finding], label: Any) -> None:
        """Replace the notes, keeping the highlight near where it was."""
        if findings == self.findings:
            return
        highlighted = self.highlighted
        self.findings = list(findings)
        self.set_options(Option(_prompt(finding, label(finding))) for finding in findings)
        if findings:
            self.highlighted = min(highlighted or 0, len(findings) - 1)
            # Start the view at a note's first line, never in the middle of one.
            self.scroll_to_highlight(top=True)

    @property
    def chosen(self) -> Finding | None:
        """The highlighted note, if any."""
        index = self.highlighted
        return self.findings[index] if index is not None and index < len(self.findings) else None

    def action_dismiss_note(self) -> None:
        """Dismiss the highlighted note."""
        if self.chosen is not None:
            self.post_message(FindingDismissed(self.chosen))

    def action_leave(self) -> None:
        """Give the keyboard back to the editor."""
        self.post_message(LeaveFindings())


def _prompt(finding: Finding, where: str) -> Text:
    text = Text()
    text.append(f" {finding.label} ", style="reverse")
    if finding.text:
        text.append(f" “{finding.text}”", style="bold")
    text.append(f"  {where}\n", style="dim")
    text.append(f"{finding.message}\n")
    text.append(f"{finding.suggestion}\n", style="italic")
    text.append("Ask the room: ", style="bold")
    text.append(finding.question)
    return text


class FindingsPanel(Vertical):
    """A one-line summary and the notes of the current step.

    In discreet mode only the summary shows until the facilitator opens the notes, so that a
    shared screen does not single out the person just quoted.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[list[Finding], Any, bool, bool] = ([], str, False, True)

    def compose(self) -> ComposeResult:
        yield Static("", id="findings-summary")
        yield FindingList(id="findings-list")

    def open(self) -> bool:
        """Show the notes (even in discreet mode) and give them the keyboard."""
        notes = self.notes
        if not notes.findings:
            return False
        notes.display = True
        notes.focus()
        self.call_after_refresh(self.show, *self._shown)
        return True

    def on_descendant_blur(self) -> None:
        # Leaving the notes in discreet mode folds them back to a count.
        self.call_after_refresh(self.show, *self._shown)

    @property
    def notes(self) -> FindingList:
        """The list of notes."""
        return self.query_one(FindingList)

    def show(
        self, findings: list[Finding], label: Any, discreet: bool, can_dismiss: bool = True
    ) -> None:
        """Show the current step's notes, or only how many there are."""
        self._shown = (findings, label, discreet, can_dismiss)
        count = len(findings)
        notes = self.notes
        opened = notes.has_focus
        if not count:
            summary = "Notes: nothing to reconsider in this step"
        elif discreet and not opened:
            summary = f"Notes: {_notes(count)} here (discreet) · F3 shows"
        else:
            summary = f"Notes: {_notes(count)} here · F3 picks"
            summary += ", d dismisses" if can_dismiss else " (read-only)"
        self.query_one("#findings-summary", Static).update(summary)
        self.set_class(bool(count), "-some")
        notes.display = bool(count) and (opened or not discreet)
        notes.show(findings, label)


def _notes(count: int) -> str:
    return "1 note" if count == 1 else f"{count} notes"
