"""The agenda column: six steps with time spent against time planned, and the meeting clock."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from debrief.agenda import STEP_INFO, STEPS, StepState, StepStatus, TimerStatus, clock_text
from debrief.tui.messages import StepChosen


class AgendaList(OptionList):
    """The six steps; the current one marked ▶, the done ones ✓. Choosing one goes there."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(*(Option(info.short, id=info.key.value) for info in STEPS), **kwargs)

    def show(self, status: TimerStatus) -> None:
        """Redraw every step from a timer reading."""
        for index, step in enumerate(status.steps):
            self.replace_option_prompt_at_index(index, _prompt(step))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        info = STEPS[event.option_index]
        self.post_message(StepChosen(info.key))


def _prompt(step: StepStatus) -> Text:
    mark = "▶" if step.current else "✓" if step.done else " "
    times = f"{clock_text(step.spent)}/{clock_text(step.planned)}"
    line = Text(f"{mark} ", style="bold" if step.current else "")
    line.append(f"{STEP_INFO[step.key].short:<14}", style="bold" if step.current else "")
    style = "bold red" if step.state is StepState.OVERRUN and step.spent else ""
    line.append(f"{times:>12}", style=style)
    return line


class MeetingClock(Static):
    """The whole meeting: time spent against the plan, the projected end and the hard stop."""

    def show(self, status: TimerStatus) -> None:
        """Redraw from a timer reading."""
        spent, planned = clock_text(status.elapsed), clock_text(status.planned)
        lines = [f"Meeting {spent} of {planned}"]
        ends = f"Ends ≈ {_local(status.projected_end)}"
        if status.hard_stop is not None:
            late = status.projected_end > status.hard_stop
            ends += f" · stop {_local(status.hard_stop)}" + (" ⚠" if late else "")
        lines.append(ends)
        self.update("\n".join(lines))
        self.set_class(
            status.hard_stop is not None and status.projected_end > status.hard_stop, "-late"
        )


def _local(moment: datetime) -> str:
    """A wall-clock time as the room reads it, in the machine's own time zone."""
    return moment.astimezone().strftime("%H:%M")
