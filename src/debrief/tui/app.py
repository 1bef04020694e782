"""The meeting app: runs the agenda timer, routes keys to it, and makes sure nothing is lost.

Saving happens through `debrief.store` (atomic, with a `.bak`): shortly after typing stops,
every few seconds while the timer runs, on every step change, and on every way out. When a
save fails the app says so, keeps everything on screen, and asks before quitting.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from debrief import agenda, export, store
from debrief.agenda import AgendaError, MeetingTimer, StepState
from debrief.model import ActionItem, Factor, Session
from debrief.resources import styles_dir
from debrief.tui.keys import MEETING_BINDINGS
from debrief.tui.messages import FindingDismissed, LeaveFindings, SessionEdited, StepChosen
from debrief.tui.screens.dialogs import (
    Capture,
    CaptureDialog,
    ConfirmDialog,
    FormScreen,
    HardStopForm,
)
from debrief.tui.screens.meeting import MeetingScreen
from debrief.tui.screens.setup import NewSession, NewSessionScreen, SetupScreen, local_zone

if TYPE_CHECKING:
    from debrief.checks.session import SessionChecks

MonotonicClock = Callable[[], float]
WallClock = Callable[[], datetime]

_MEETING_ACTIONS = {binding.action for binding in MEETING_BINDINGS} - {"quit", "help"}
_TIMER_ACTIONS = {
    "toggle_timer",
    "previous_step",
    "next_step",
    "add_minute",
    "remove_minute",
    "fit_rest",
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DebriefApp(App[None]):
    """A postmortem meeting on one session file."""

    CSS_PATH: ClassVar[list[str | Path]] = [styles_dir() / "app.tcss"]
    BINDINGS: ClassVar[list[Binding]] = MEETING_BINDINGS
    TITLE = "debrief"

    AUTOSAVE_AFTER_TYPING = 1.5
    """Seconds after the last edit before saving."""
    AUTOSAVE_WHILE_RUNNING = 5.0
    """Seconds between saves of the time spent while the timer runs."""
    CLOCK_REFRESH = 0.25
    """Seconds between redraws of the clocks."""
    CHECK_AFTER_TYPING = 0.2
    """Seconds after the last edit before the wording is checked again."""
    FIRST_CHECK_AFTER = 0.1
    """Seconds after the meeting screen opens before the first check: loading the rules takes
    a moment that the first frame should not wait for."""

    def __init__(
        self,
        path: Path,
        session: Session | None = None,
        *,
        clock: MonotonicClock = time.monotonic,
        wall: WallClock = _utc_now,
        locked_by: str | None = None,
        bell: bool = True,
        dark: bool = True,
        discreet: bool = False,
        exit_after_first_frame: bool = False,
    ) -> None:
        super().__init__()
        self.exit_after_first_frame = exit_after_first_frame
        self.path = path
        self.session = session
        self.clock = clock
        self.wall = wall
        self.locked_by = locked_by
        self.read_only = False
        self.bell_on = bell
        self.timer: MeetingTimer | None = None
        self.saved_at: datetime | None = None
        self.save_error: str | None = None
        self.unsaved = False
        self._idle_save: Timer | None = None
        self._was_overrun = False
        self.discreet = discreet
        self._checks: SessionChecks | None = None
        self._checks_failed = False
        self._recheck: Timer | None = None
        self._focus_before_findings: Widget | None = None
        self.theme = "textual-dark" if dark else "textual-light"

    # --- Starting ------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        """Today in the room's time zone."""
        return self.wall().astimezone().date()

    def on_mount(self) -> None:
        self._leave_on_signals()
        if self.locked_by:
            question = f"{self.locked_by}.\n\nOpen it read-only here instead?"
            self.push_screen(ConfirmDialog(question, "Open read-only", "Quit"), self._read_only)
        elif self.session is None:
            screen = NewSessionScreen(self.path.name, self.today)
            self.push_screen(screen, self._create_session)
        else:
            self._prepare_meeting()

    def _leave_on_signals(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM) saves and quits."""
        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(number, self._leave_now)
            except (NotImplementedError, RuntimeError, ValueError):
                return  # not on this platform, or not in the main thread (tests)

    def _leave_now(self) -> None:
        self.save_now()
        self.exit()

    def save_after_exit(self) -> bool:
        """Write what is still unsaved once the app has stopped, whatever stopped it.

        Returns:
            False when there was something to save and it could not be saved.
        """
        running = self.timer is not None and self.timer.running
        if self.session is None or self.read_only or not (self.unsaved or running):
            return True
        if self.timer is not None:
            self.timer.pause()
            self.timer.record()
        try:
            store.save(self.session, self.path)
        except store.SessionFileError:
            return False
        self.unsaved = False
        return True

    async def on_ready(self) -> None:
        # Textual sends Ready once the first frame has been drawn.
        if self.exit_after_first_frame:
            await self.action_quit()

    def _read_only(self, answer: bool | None) -> None:
        if not answer or self.session is None:
            self.exit()
            return
        self.read_only = True
        self.sub_title = "read-only"
        self._open_meeting()

    def _create_session(self, answer: NewSession | None) -> None:
        if answer is None:
            self.exit()
            return
        self.session = agenda.new_session(answer.title, answer.severity, answer.incident_date)
        # Even if the first save fails, the meeting goes on: the save line says so, the
        # facilitator can fix the folder, and quitting asks before anything is lost.
        self.save_now()
        self._prepare_meeting()

    def _prepare_meeting(self) -> None:
        assert self.session is not None
        if isinstance(self.screen, MeetingScreen):
            self._run_meeting(self.screen)
        elif self._meeting_started():
            self._open_meeting()
        else:
            zone = local_zone(self.wall())
            screen = SetupScreen(self.session.meeting, self.wall(), zone)
            self.push_screen(screen, self._after_setup)

    def _after_setup(self, begin: bool | None) -> None:
        self.save_now()
        self._open_meeting()
        if begin:
            self.action_toggle_timer()

    def _open_meeting(self) -> None:
        screen = self._meeting_screen()
        self.push_screen(screen)
        self._run_meeting(screen)

    def _meeting_screen(self) -> MeetingScreen:
        assert self.session is not None
        self.sub_title = self._subtitle()
        self.timer = MeetingTimer(
            self.session.meeting,
            severity=self.session.summary.severity,
            clock=self.clock,
            wall=self.wall,
        )
        status = self.timer.status()
        return MeetingScreen(
            self.session, self.today, status, self._save_text()[0], read_only=self.read_only
        )

    def _run_meeting(self, screen: MeetingScreen) -> None:
        self.set_interval(self.CLOCK_REFRESH, self.refresh_clocks)
        self.set_interval(self.AUTOSAVE_WHILE_RUNNING, self._save_while_running)
        self.set_timer(self.FIRST_CHECK_AFTER, self.check_wording)

    def _meeting_started(self) -> bool:
        assert self.session is not None
        meeting = self.session.meeting
        return meeting.held_at is not None or any(s.spent_seconds for s in meeting.steps)

    def get_default_screen(self) -> Screen:
        # A meeting under way opens straight on its screen, without drawing another first.
        if self.session is not None and not self.locked_by and self._meeting_started():
            return self._meeting_screen()
        return super().get_default_screen()

    def _subtitle(self) -> str:
        assert self.session is not None
        summary = self.session.summary
        parts = [summary.title or self.path.name]
        if summary.severity:
            parts.append(summary.severity.value)
        if self.read_only:
            parts.append("READ-ONLY")
        return " · ".join(parts)

    @property
    def meeting_screen(self) -> MeetingScreen | None:
        """The meeting screen, when it is the one showing."""
        screen = self.screen
        return screen if isinstance(screen, MeetingScreen) else None

    # --- The clocks ----------------------------------------------------------------------------

    def refresh_clocks(self) -> None:
        """Redraw the clocks from a timer reading, and ring the bell when a step runs out."""
        if self.timer is None:
            return
        status = self.timer.status()
        overrun = status.current.state is StepState.OVERRUN
        if overrun and not self._was_overrun and status.running and self.bell_on:
            self.bell()
        self._was_overrun = overrun
        for screen in self.screen_stack:
            if isinstance(screen, MeetingScreen) and screen.is_mounted:
                screen.show_status(status)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _MEETING_ACTIONS and self.meeting_screen is None:
            return False
        if self.read_only and action in _MEETING_ACTIONS:
            return action in ("maximize_editor", "open_findings")
        return True

    def _timer_changed(self, step_changed: bool = False) -> None:
        screen = self.meeting_screen
        assert self.timer is not None
        if screen is not None and step_changed:
            screen.show_step(self.timer.current)
            self.check_wording()
        self.refresh_clocks()
        self.save_now()

    def action_toggle_timer(self) -> None:
        """Start or pause the current step."""
        if self.timer:
            self.timer.toggle()
            self._timer_changed()

    def action_next_step(self) -> None:
        """Move on to the next step."""
        if self.timer:
            self.timer.next()
            self._timer_changed(step_changed=True)

    def action_previous_step(self) -> None:
        """Go back a step."""
        if self.timer:
            self.timer.previous()
            self._timer_changed(step_changed=True)

    @on(StepChosen)
    def _go_to_step(self, message: StepChosen) -> None:
        if self.timer and not self.read_only and message.key != self.timer.current:
            self.timer.go_to(message.key)
            self._timer_changed(step_changed=True)

    def action_add_minute(self) -> None:
        """Give the current step another minute."""
        if self.timer:
            self.timer.adjust(+1)
            self._timer_changed()

    def action_remove_minute(self) -> None:
        """Take a minute from the current step."""
        if self.timer:
            self.timer.adjust(-1)
            self._timer_changed()

    def action_fit_rest(self) -> None:
        """Share the time left before the hard stop among the steps not yet done."""
        if self.timer is None or self.session is None:
            return
        hard_stop = self.session.meeting.hard_stop
        if hard_stop is None or hard_stop <= self.wall():
            self.action_set_hard_stop(then_fit=True)
            return
        try:
            self.timer.fit_rest(hard_stop)
        except AgendaError as error:
            self.notify(str(error), severity="warning")
            return
        self.notify(f"The remaining steps now end by {hard_stop.astimezone():%H:%M}.")
        self._timer_changed()

    def action_set_hard_stop(self, then_fit: bool = False) -> None:
        """Ask when the room must be left; the meeting clock and "fit the rest" use it."""
        if self.session is None:
            return
        meeting = self.session.meeting

        def set_stop(stop: datetime | None) -> None:
            if stop is None:
                return
            meeting.hard_stop = stop
            self.unsaved = True
            if then_fit:
                self.action_fit_rest()
            else:
                self._timer_changed()

        form = HardStopForm(meeting.hard_stop, self.wall(), local_zone(self.wall()))
        self.push_screen(form, set_stop)

    def action_toggle_bell(self) -> None:
        """Turn the bell at the end of a step on or off."""
        self.bell_on = not self.bell_on
        self.notify(f"The bell is {'on' if self.bell_on else 'off'}.")
        self._show_saved()

    # --- Editing -------------------------------------------------------------------------------

    @on(SessionEdited)
    def _edited(self) -> None:
        self._save_soon()
        # Checked once typing pauses, never on the keystroke itself.
        if self._recheck is not None:
            self._recheck.stop()
        self._recheck = self.set_timer(self.CHECK_AFTER_TYPING, self.check_wording)

    def _save_soon(self) -> None:
        self.unsaved = True
        if self._idle_save is not None:
            self._idle_save.stop()
        self._idle_save = self.set_timer(self.AUTOSAVE_AFTER_TYPING, self.save_now)

    # --- Wording notes -------------------------------------------------------------------------

    def check_wording(self) -> None:
        """Check the fields changed since the last run and show the current step's notes."""
        screen = self.meeting_screen
        if self.session is None or self.timer is None or screen is None:
            return
        # Imported here: compiling the rules is not worth delaying the first frame for.
        from debrief.checks.session import (
            SessionChecks,
            counts_by_step,
            field_label,
            findings_for_step,
        )

        if self._checks is None:
            self._checks = SessionChecks()
        try:
            findings = self._checks.run(self.session, self.today)
        except Exception as error:  # the notes must never end the meeting
            self.log.error(f"the checks failed: {error!r}")
            if not self._checks_failed:
                self.notify("The notes are unavailable; the meeting goes on.", severity="warning")
            self._checks_failed = True
            return
        counts = {step.value: count for step, count in counts_by_step(findings).items()}
        here = findings_for_step(findings, self.timer.current)
        screen.show_findings(
            here, counts, lambda finding: field_label(finding.field or ""), self.discreet
        )
        notes = screen.findings.notes
        if notes.has_focus and not notes.display:
            self._leave_findings()  # the last note went: typing goes back to the editor
        if not self.read_only and self._checks.forget_lapsed(self.session):
            self.unsaved = True

    def action_open_findings(self) -> None:
        """Give the keyboard to the current step's wording notes, or take it back."""
        screen = self.meeting_screen
        if screen is None:
            return
        if screen.findings.notes.has_focus:
            self._leave_findings()
            return
        before = self.focused
        if screen.findings.open():
            self._focus_before_findings = before
        else:
            self.notify("No notes in this step.", timeout=2)

    @on(LeaveFindings)
    def _leave_findings(self) -> None:
        screen = self.meeting_screen
        before, self._focus_before_findings = self._focus_before_findings, None
        if before is not None and before.is_attached and before.display:
            before.focus()
        elif screen is not None and self.timer is not None:
            screen.editors.show_step(self.timer.current)

    @on(FindingDismissed)
    def _dismiss_finding(self, message: FindingDismissed) -> None:
        if self.session is None or self.read_only:
            return
        from debrief.checks.session import dismissal

        self.session.dismissed.append(dismissal(message.finding))
        self.notify("Dismissed until that sentence is rewritten.", timeout=3)
        self.check_wording()  # at once, so the note leaves while the facilitator looks
        self._save_soon()

    def action_dismiss_finding(self) -> None:
        """Dismiss the highlighted wording note of this step."""
        screen = self.meeting_screen
        notes = screen.findings.notes if screen is not None else None
        if notes is None or notes.chosen is None:
            self.notify("No note to dismiss in this step.", timeout=2)
            return
        if not notes.display:
            # Never dismiss what the room cannot see (discreet mode hides the notes).
            self.notify("Open the notes with F3 first, to see which one goes.", timeout=3)
            return
        chosen = notes.chosen
        self.post_message(FindingDismissed(chosen))

    def action_toggle_discreet(self) -> None:
        """Show only how many wording notes there are, until the facilitator opens them."""
        self.discreet = not self.discreet
        self.notify(f"Discreet mode is {'on' if self.discreet else 'off'}.", timeout=2)
        self.check_wording()

    def action_capture(self) -> None:
        """Note something for another section without leaving the current step."""
        self.push_screen(CaptureDialog(), self._captured)

    def _captured(self, capture: Capture | None) -> None:
        if capture is None or self.session is None:
            return
        session = self.session
        if capture.section == "action_items":
            session.action_items.append(ActionItem(item=capture.text))
        elif capture.section == "factors":
            session.factors.append(Factor(id=session.next_factor_id(), text=capture.text))
        else:
            getattr(session.lessons, capture.section).append(capture.text)
        if self.meeting_screen:
            self.meeting_screen.editors.refresh_tables()
        self.notify("Noted.", timeout=2)
        self.post_message(SessionEdited())

    def action_maximize_editor(self) -> None:
        """Give the current editor the whole screen, or give the screen back."""
        screen = self.meeting_screen
        if screen is None:
            return
        if screen.maximized is not None:
            screen.minimize()
        else:
            screen.maximize(screen.editors, container=False)

    # --- Saving and leaving --------------------------------------------------------------------

    def save_now(self) -> bool:
        """Save the session; on failure, say so and keep everything on screen."""
        if self.session is None or self.read_only:
            return True
        if self._idle_save is not None:
            self._idle_save.stop()
            self._idle_save = None
        if self.timer is not None:
            self.timer.record()
        try:
            store.save(self.session, self.path)
        except store.SessionFileError as error:
            first_failure = self.save_error is None
            self.save_error = str(error)
            if first_failure:
                self.notify(self.save_error, title="Not saved", severity="error", timeout=10)
            self._show_saved()
            return False
        self.saved_at = self.wall()
        self.save_error = None
        self.unsaved = False
        self._show_saved()
        return True

    def _save_while_running(self) -> None:
        if self.timer is not None and self.timer.running:
            self.save_now()

    def _show_saved(self) -> None:
        screen = self.meeting_screen
        if screen is not None:
            screen.show_saved(*self._save_text())

    def _save_text(self) -> tuple[str, bool]:
        """The line under the editors: when the session was saved, or why it was not."""
        bell = "" if self.bell_on else " · bell off"
        if self.read_only:
            return f"Read-only: {self.path} is open in another debrief", False
        if self.save_error:
            return f"NOT SAVED: {self.save_error} — your text is still here", True
        if self.saved_at:
            return f"Saved {self.saved_at.astimezone():%H:%M:%S} · {self.path}{bell}", False
        return f"{self.path} · saves by itself as you type{bell}", False

    def action_save(self) -> None:
        """Save now."""
        if self.save_now():
            self.notify(f"Saved {self.path.name}.", timeout=2)

    def action_export(self) -> None:
        """Write the postmortem as Markdown beside the session file."""
        if self.session is None:
            return
        self.save_now()
        target = self.path.with_suffix(".md")
        try:
            store.write_atomically(export.to_markdown(self.session).encode("utf-8"), target)
        except OSError as error:
            self.notify(f"{target}: {error.strerror}", title="Not exported", severity="error")
            return
        self.notify(f"Exported to {target}.")

    def action_help(self) -> None:
        """Show every key."""
        # Imported here: the Markdown widget costs start-up time and help is rarely first.
        from debrief.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Save and quit; if saving fails, ask before leaving anything unsaved behind."""
        form = self.screen
        if isinstance(form, FormScreen):
            try:
                result = form.collect()
            except ValueError:
                result = None  # nothing complete to keep; quit as if it were cancelled
            if result is not None:
                # Keep what the open form holds: its value reaches the session first.
                form.dismiss(result)
                self.call_after_refresh(self.run_action, "quit")
                return
        running = self.timer is not None and self.timer.running
        if not (self.unsaved or running or self.save_error) or self.save_now():
            # With nothing new to write, the file (and its .bak) is left as it is.
            self.exit()
            return
        question = (
            f"The session could not be saved:\n{self.save_error}\n\n"
            "Quit anyway and lose what was typed since the last save?"
        )
        self.push_screen(ConfirmDialog(question, "Quit without saving", "Stay"), self._quit_anyway)

    def _quit_anyway(self, answer: bool | None) -> None:
        if answer:
            self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # `screen` is the one the palette was opened from; the palette itself is on top now.
        in_meeting = isinstance(screen, MeetingScreen) and not self.read_only
        for binding in MEETING_BINDINGS:
            offered = in_meeting or binding.action in ("quit", "help")
            if offered and binding.tooltip:
                action = binding.action
                yield SystemCommand(
                    binding.description, binding.tooltip, lambda a=action: self.run_action(a)
                )
        yield SystemCommand(
            "Bell on/off", "Ring the terminal bell when a step runs out", self.action_toggle_bell
        )
        if in_meeting:
            yield SystemCommand(
                "Hard stop", "Set or change when the room must be left", self.action_set_hard_stop
            )
            yield SystemCommand(
                "Dismiss wording note",
                "Dismiss the highlighted note; it returns if its text is rewritten",
                self.action_dismiss_finding,
            )
        yield SystemCommand(
            "Discreet mode on/off",
            "Show only how many notes there are until F3 opens them",
            self.action_toggle_discreet,
        )
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command
