"""The countdown of the current step, large enough to read from the back of the room."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label

from debrief.agenda import STEPS, StepState, TimerStatus, clock_text


class StepCountdown(Horizontal):
    """Time left in the current step (`+m:ss` once over), whether it runs, and the step."""

    def compose(self) -> ComposeResult:
        yield Digits("0:00", id="countdown")
        with Vertical(id="step-heading"):
            yield Label("", id="run-state")
            yield Label("", id="step-title")

    def show(self, status: TimerStatus) -> None:
        """Redraw from a timer reading."""
        current = status.current
        digits = self.query_one("#countdown", Digits)
        digits.update(clock_text(current.remaining))
        digits.set_class(current.state is StepState.WARNING, "-warning")
        digits.set_class(current.state is StepState.OVERRUN, "-overrun")
        run_state = self.query_one("#run-state", Label)
        if status.finished:
            run_state.update("■ MEETING ENDED")
        else:
            run_state.update("▶ RUNNING" if status.running else "⏸ PAUSED — F5 to start")
        run_state.set_class(status.running, "-running")
        number = next(i for i, info in enumerate(STEPS, start=1) if info.key == current.key)
        self.query_one("#step-title", Label).update(
            f"Step {number} of {len(STEPS)}: {current.title}"
        )
