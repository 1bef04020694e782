"""The agenda column: six steps with time spent against time planned, and the meeting clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from debrief.agenda import STEP_INFO, STEPS, StepState, StepStatus, TimerStatus, clock_text
from debrief.tui.messages import StepChosen


class AgendaList(OptionList, can_focus=False):
    """The six steps; the current one marked ▶, the done ones ✓. Clicking one goes there.

    It never takes the keyboard: text typed after a stray Tab must land in an editor.
    """

    def __init__(self, status: TimerStatus, **kwargs: Any) -> None:
        prompts = [_prompt(step) for step in status.steps]
        options = (
            Option(prompt, id=step.key.value)
            for prompt, step in zip(prompts, status.steps, strict=True)
        )
        super().__init__(*options, **kwargs)
        self._shown = prompts
        self._status = status
        self._counts: dict[str, int] = {}
        self._current = next(i for i, step in enumerate(status.steps) if step.current)

    def on_mount(self) -> None:
        self.highlighted = self._current

    def show(self, status: TimerStatus) -> None:
        """Redraw the steps whose line changed since the last reading."""
        self._status = status
        for index, step in enumerate(status.steps):
            prompt = _prompt(step, self._counts.get(step.key.value, 0))
            if prompt != self._shown[index]:
                self._shown[index] = prompt
                self.replace_option_prompt_at_index(index, prompt)

    def show_counts(self, counts: dict[str, int]) -> None:
        """Show how many wording notes each step holds."""
        self._counts = counts
        self.show(self._status)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        info = STEPS[event.option_index]
        self.post_message(StepChosen(info.key))


def _prompt(step: StepStatus, notes: int = 0) -> Text:
    mark = "▶" if step.current else "✓" if step.done else " "
    times = f"{clock_text(step.spent)}/{clock_text(step.planned)}"
    line = Text(f"{mark} ", style="bold" if step.current else "")
    line.append(f"{STEP_INFO[step.key].short:<14}", style="bold" if step.current else "")
    # Wording notes as a small inverted count between the name and the times.
    line.append(" ")
    if notes:
        line.append(str(notes) if notes < 10 else "+", style="reverse")
    else:
        line.append(" ")
    style = "bold red" if step.state is StepState.OVERRUN and step.spent else ""
    line.append(f"{times:>12}", style=style)
    return line


class MeetingClock(Static):
    """The whole meeting: time spent against the plan, the projected end and the hard stop."""

    @staticmethod
    def text(status: TimerStatus) -> str:
        """The two lines of the meeting clock."""
        spent, planned = clock_text(status.elapsed), clock_text(status.planned)
        ends = f"Ends ≈ {_local(status.projected_end)}"
        if status.hard_stop is not None:
            ends += f" · stop {_local(status.hard_stop)}" + (" ⚠" if _late(status) else "")
        return f"Meeting {spent} of {planned}\n{ends}"

    def show(self, status: TimerStatus) -> None:
        """Redraw from a timer reading."""
        text = self.text(status)
        if text != self.content:
            self.update(text)
            self.set_class(_late(status), "-late")


def _late(status: TimerStatus) -> bool:
    return status.hard_stop is not None and status.projected_end > status.hard_stop


def _local(moment: datetime) -> str:
    """A wall-clock time as the room reads it, in the machine's own time zone."""
    return moment.astimezone().strftime("%H:%M")
