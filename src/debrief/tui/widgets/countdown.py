"""The countdown of the current step, large enough to read from the back of the room."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label

from debrief.agenda import STEPS, StepState, TimerStatus, clock_text


class StepCountdown(Horizontal):
    """Time left in the current step (`+m:ss` once over), whether it runs, and the step."""

    def __init__(self, status: TimerStatus, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.status = status
        self._shown: tuple[str, str, str] | None = None

    def compose(self) -> ComposeResult:
        status = self.status
        yield Digits(
            clock_text(status.current.remaining), classes=_state_class(status), id="countdown"
        )
        with Vertical(id="step-heading"):
            running = "-running" if status.running else ""
            yield Label(_run_state(status), classes=running, id="run-state")
            yield Label(_step_title(status), id="step-title")

    def show(self, status: TimerStatus) -> None:
        """Redraw from a timer reading; four times a second, so only what changed."""
        shown = (clock_text(status.current.remaining), _run_state(status), _step_title(status))
        if shown == self._shown:
            return
        self._shown = shown
        state = status.current.state
        digits = self.query_one("#countdown", Digits)
        digits.update(clock_text(status.current.remaining))
        digits.set_class(state is StepState.WARNING, "-warning")
        digits.set_class(state is StepState.OVERRUN, "-overrun")
        run_state = self.query_one("#run-state", Label)
        run_state.update(_run_state(status))
        run_state.set_class(status.running, "-running")
        self.query_one("#step-title", Label).update(_step_title(status))


def _state_class(status: TimerStatus) -> str:
    return {StepState.WARNING: "-warning", StepState.OVERRUN: "-overrun"}.get(
        status.current.state, ""
    )


def _run_state(status: TimerStatus) -> str:
    if status.finished:
        return "■ MEETING ENDED"
    return "▶ RUNNING" if status.running else "⏸ PAUSED — F5 to start"


def _step_title(status: TimerStatus) -> str:
    current = status.current
    number = next(i for i, info in enumerate(STEPS, start=1) if info.key == current.key)
    return f"Step {number} of {len(STEPS)}: {current.title}"
