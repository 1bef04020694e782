"""The meeting app, driven by real keys with a text editor focused, on fake clocks."""

import errno
import os
from datetime import date
from pathlib import Path

import pytest
from textual.events import Paste
from textual.widgets import DataTable, Input, TextArea

from debrief import store
from debrief.agenda import new_session
from debrief.model import ActionStatus, EventKind, Severity, StepKey
from debrief.tui import DebriefApp
from debrief.tui.screens.dialogs import ActionForm, CaptureDialog, ConfirmDialog
from debrief.tui.screens.meeting import MeetingScreen
from debrief.tui.screens.setup import NewSessionScreen, SetupScreen
from tests.conftest import FakeClocks


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    """A new major-incident session, its meeting not started."""
    path = tmp_path / "orders.toml"
    store.save(new_session("Orders API 5xx", Severity.MAJOR, date(2026, 6, 21)), path)
    return path


def make_app(path: Path, clocks: FakeClocks, **kwargs) -> DebriefApp:
    session = store.load(path) if path.exists() else None
    return DebriefApp(path, session, clock=clocks.monotonic, wall=clocks.wall, **kwargs)


async def settle(pilot, clocks: FakeClocks | None = None, seconds: float = 0) -> None:
    """Let time pass on the fake clocks, then let the app catch up."""
    if clocks is not None:
        clocks.advance(seconds)
    await pilot.pause()
    await pilot.pause()


def focused(app: DebriefApp):
    return app.screen.focused


async def test_a_whole_meeting_with_real_keys(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"Ines Duarte", "tab", *"Kai Brandt", "tab")
        await pilot.press(*"Ines Duarte, Noor Haddad, Tomasz Wrona", "tab", *"11:30")
        await pilot.press("f5")  # begin, and start the clock
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert isinstance(focused(app), Input)  # the timeline's line box

        await settle(pilot, clocks, 42.5)
        await pilot.press(*"14:03 alert fired", "enter")
        focused(app).post_message(Paste("14:00 v2.4.1 released\n~14:21 error rate back"))
        await settle(pilot)
        await pilot.press("f2")  # capture an action item during the timeline review
        assert isinstance(app.screen, CaptureDialog)
        await pilot.press(*"Add an index on customer_id", "enter")
        await settle(pilot)

        await pilot.press("f8")
        await settle(pilot, clocks, 100)
        assert isinstance(focused(app), TextArea)
        await pilot.press(*"A query with no index exhausted the pool")

        await pilot.press("ctrl+n")
        await pilot.press(*"The alert fired in 3 minutes", "enter")
        await pilot.press("f8")
        await pilot.press(
            *"Rollback took 4 minutes", "enter", *"Two people debugged alone", "enter"
        )
        await pilot.press("tab")  # from the line box into the table
        await settle(pilot)
        assert isinstance(focused(app), DataTable)
        await pilot.press("delete")  # the newest row, where the cursor is
        await settle(pilot)
        assert app.session.lessons.went_poorly == ["Rollback took 4 minutes"]
        await pilot.press("u")  # bring it back
        await settle(pilot)

        await pilot.press("f8")
        await pilot.press(*"Raise the pool size to 50", "enter", "tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionForm)
        await pilot.press("tab", *"Noor", "tab", *"+2w", "enter")
        await settle(pilot)
        await pilot.press("f8")
        await pilot.press(*"+3w")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)

    assert app.return_code in (None, 0)
    saved = store.load(session_file)
    assert [event.event for event in saved.timeline] == [
        "v2.4.1 released",
        "alert fired",
        "error rate back",
    ]
    assert saved.timeline[2].approximate
    assert saved.analysis.root_cause == "A query with no index exhausted the pool"
    assert saved.lessons.went_well == ["The alert fired in 3 minutes"]
    assert saved.lessons.went_poorly == ["Rollback took 4 minutes", "Two people debugged alone"]
    items = {action.item: action for action in saved.action_items}
    assert set(items) == {"Add an index on customer_id", "Raise the pool size to 50"}
    assert items["Raise the pool size to 50"].owner == "Noor"
    assert items["Raise the pool size to 50"].deadline == date(2026, 7, 6)
    assert saved.follow_up.date == date(2026, 7, 13)
    meeting = saved.meeting
    assert (meeting.facilitator, meeting.note_taker) == ("Ines Duarte", "Kai Brandt")
    assert meeting.attendees == ["Ines Duarte", "Noor Haddad", "Tomasz Wrona"]
    assert meeting.hard_stop.hour == 11
    assert meeting.step(StepKey.TIMELINE).spent_seconds == 42.5
    assert meeting.step(StepKey.ROOT_CAUSE).spent_seconds == 100.0
    assert meeting.current_step is StepKey.FOLLOW_UP
    assert [step.done for step in meeting.steps] == [True] * 5 + [False]


async def test_reopening_resumes_the_step_and_time_paused(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5")  # begin from the setup view
        await settle(pilot, clocks, 61.25)
        await pilot.press("f8")
        await settle(pilot, clocks, 10)
        await pilot.press("ctrl+q")

    reopened = make_app(session_file, clocks)
    async with reopened.run_test() as pilot:
        await settle(pilot)
        assert isinstance(reopened.screen, MeetingScreen)
        status = reopened.timer.status()
        assert not status.running
        assert status.current.key is StepKey.ROOT_CAUSE
        assert [step.spent for step in status.steps[:2]] == [61.2, 10.0]
        await pilot.press("ctrl+q")


async def test_a_failed_save_keeps_the_text_and_asks_before_quitting(
    session_file, clocks, monkeypatch
):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5", "f8")
        await settle(pilot)
        before = session_file.read_bytes()

        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(store.os, "replace", disk_full)
        await pilot.press(*"The pool was too small")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert session_file.read_bytes() == before
        assert app.screen.query_one("#root-cause", TextArea).text == "The pool was too small"
        assert "NOT SAVED" in str(app.screen.query_one("#save-line").content)

        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert app.is_running

        monkeypatch.undo()
        await pilot.press("ctrl+q")  # saving works again: saved, then quit
        await settle(pilot)

    assert store.load(session_file).analysis.root_cause == "The pool was too small"


async def test_a_new_file_asks_for_title_severity_and_date(tmp_path, clocks):
    path = tmp_path / "new.toml"
    app = make_app(path, clocks)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NewSessionScreen)
        await pilot.press(*"Search outage", "tab", "down", "down", "enter")
        await pilot.press("tab", "ctrl+u", *"2015-10-21", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+q")

    saved = store.load(path)
    assert saved.summary.title == "Search outage"
    assert saved.summary.severity is Severity.CRITICAL
    assert saved.summary.date == date(2015, 10, 21)
    assert sum(step.planned_seconds for step in saved.meeting.steps) == 5400


async def test_a_second_app_on_the_same_file_offers_read_only(session_file, clocks):
    lock = store.SessionLock.acquire(session_file)
    try:
        with pytest.raises(store.SessionLocked) as caught:
            store.SessionLock.acquire(session_file)
        app = make_app(session_file, clocks, locked_by=str(caught.value))
        async with app.run_test() as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("tab", "enter")  # "Open read-only"
            await settle(pilot)
            assert isinstance(app.screen, MeetingScreen)
            before = session_file.read_bytes()
            await pilot.press("f5", "f8", "ctrl+s")
            await settle(pilot, clocks, 30)
            assert not app.timer.running
            # The notes can be read but not dismissed: the file is someone else's.
            await pilot.pause(0.3)
            summary = str(app.screen.query_one("#findings-summary").content)
            assert summary.endswith("F3 picks (read-only)")
            await pilot.press("f3", "d")
            await settle(pilot)
            assert app.session.dismissed == []
            await pilot.press("ctrl+q")
        assert session_file.read_bytes() == before
    finally:
        lock.release()


async def test_timer_keys_and_the_bell(session_file, clocks, monkeypatch):
    app = make_app(session_file, clocks)
    rings = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(clocks.seconds))
    async with app.run_test() as pilot:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("alt+up", "alt+up", "f9")  # +1, +1, -1 minute
        await settle(pilot)
        assert app.timer.status().current.planned == 660

        await settle(pilot, clocks, 659)
        assert rings == []
        await settle(pilot, clocks, 2)
        app.refresh_clocks()
        assert len(rings) == 1
        assert app.screen.query_one("#countdown").has_class("-overrun")

        await pilot.press("ctrl+t")  # pause with the second key
        await settle(pilot)
        assert not app.timer.running
        await pilot.press("ctrl+q")


async def test_fit_the_rest_needs_a_hard_stop_and_uses_it(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("tab", "tab", "tab", *"10:45", "f5")  # hard stop 45 min away
        await settle(pilot, clocks, 600)
        await pilot.press("f4")
        await settle(pilot)
        status = app.timer.status()
        assert status.projected_end == app.session.meeting.hard_stop
        await pilot.press("ctrl+q")


async def test_clicking_a_step_goes_there(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.click("#agenda", offset=(3, 4))  # the fifth row: action items
        await settle(pilot)
        assert app.timer.current is StepKey.ACTION_ITEMS
        assert app.timer.running
        await pilot.press("ctrl+q")


async def test_editing_a_timeline_row_in_its_form(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.press(*"14:03 alert fired", "enter", "tab", "enter")
        await settle(pilot)
        await pilot.press("ctrl+u", *"16:04+02:00", "tab", "tab")
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # kind: alert
        await pilot.press("ctrl+s")  # the app's save, not the form's
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        event = app.session.timeline[0]
        assert (event.time.hour, event.time.minute) == (14, 4)
        assert event.kind is EventKind.ALERT
        await pilot.press("ctrl+q")


async def test_a_bad_line_is_explained_and_kept(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5", *"2pm-ish alert fired", "enter")
        await settle(pilot)
        assert focused(app).value == "2pm-ish alert fired"
        error = app.screen.query_one("TimelineTable .input-error")
        assert error.display  # the reason is on screen, not only in the widget
        assert "does not start with a time" in str(error.content)
        assert app.session.timeline == []
        await pilot.press("ctrl+q")


async def test_action_status_changes_in_the_form(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5", "f8", "f8", "f8", "f8")
        await pilot.press(*"Add an index", "enter", "tab", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionForm)
        form.query_one("#status").focus()
        await pilot.press("enter", "down", "down", "enter", "ctrl+s")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        assert app.session.action_items[0].status is ActionStatus.DONE
        await pilot.press("ctrl+q")


async def test_opening_and_quitting_without_a_change_writes_nothing(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5", "f5")  # begin, then pause: the meeting has started
    started = session_file.read_bytes()
    backup = store.backup_path(session_file).read_bytes()

    reopened = make_app(session_file, clocks)
    async with reopened.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1", "escape", "ctrl+q")

    assert session_file.read_bytes() == started
    assert store.backup_path(session_file).read_bytes() == backup


async def test_typing_into_a_step_adds_to_what_is_already_there(session_file, clocks):
    session = store.load(session_file)
    session.analysis.root_cause = "A query with no index."
    session.meeting.step(StepKey.TIMELINE).spent_seconds = 30.0  # the meeting has started
    store.save(session, session_file)

    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f8", *" It held connections.", "ctrl+q")

    assert store.load(session_file).analysis.root_cause == (
        "A query with no index. It held connections."
    )


async def test_the_editor_can_take_the_whole_screen(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5", "f12")
        await settle(pilot)
        assert app.screen.maximized is app.screen.query_one("#editors")
        await pilot.press(*"14:03 alert fired", "enter")  # typing still works, maximised
        await pilot.press("alt+m")
        await settle(pilot)
        assert app.screen.maximized is None
        await pilot.press("ctrl+q")

    assert [event.event for event in store.load(session_file).timeline] == ["alert fired"]


async def test_quitting_from_the_command_palette_saves_first(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5", "f8", *"Pool too small")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Quit")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert not app.is_running
    assert store.load(session_file).analysis.root_cause == "Pool too small"


async def test_typing_is_saved_within_two_seconds_without_a_key(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5", "f8", *"Connections were held by slow queries")
        await pilot.pause(2.0)  # real time: the autosave after typing stops

        assert store.load(session_file).analysis.root_cause == (
            "Connections were held by slow queries"
        )
        await pilot.press("ctrl+q")


async def test_list_items_move_up_and_down(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5", "f8", "f8")
        await pilot.press(*"first", "enter", *"second", "enter", "tab")
        await pilot.press("shift+up")
        await settle(pilot)
        assert app.session.lessons.went_well == ["second", "first"]
        await pilot.press("ctrl+q")


async def test_a_new_file_in_a_missing_folder_keeps_the_meeting_going(tmp_path, clocks):
    path = tmp_path / "no-such-folder" / "new.toml"
    app = make_app(path, clocks)
    async with app.run_test() as pilot:
        await pilot.press(*"Search outage", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert app.save_error.startswith(f"{path}: could not save")
        await pilot.press("f5", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # asks before losing anything
        await pilot.press("tab", "enter")  # "Stay" is focused; go to "Quit without saving"
        await settle(pilot)
        assert not app.is_running
    assert not path.exists()


async def test_what_was_typed_is_saved_even_when_the_app_fails(session_file, clocks, monkeypatch):
    app = make_app(session_file, clocks)

    def broken() -> None:
        raise RuntimeError("a bug in the app")

    monkeypatch.setattr(app, "action_help", broken)
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await pilot.press("f5", "f8", *"Typed just before the crash", "f1")
            await settle(pilot)

    assert app.save_after_exit()  # what the command line does after any stop
    saved = store.load(session_file)
    assert saved.analysis.root_cause == "Typed just before the crash"
    assert saved.meeting.current_step is StepKey.ROOT_CAUSE


async def test_pasted_lines_that_cannot_be_read_wait_in_the_box(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        box = focused(app)
        box.post_message(Paste("14:41 first\nno time here\n14:42 third\nalso no time"))
        await settle(pilot)

        error = app.screen.query_one("TimelineTable .input-error")
        assert [e.event for e in app.session.timeline] == ["first", "third"]
        assert box.value == "no time here"
        assert error.display
        assert str(error.content) == (
            "'no time here' does not start with a time; write it as 14:03 alert fired "
            "(1 more lines wait after it)"
        )

        await pilot.press("home", *"14:43 ", "enter")
        await settle(pilot)
        assert box.value == "also no time"
        await pilot.press("home", *"14:44 ", "enter")
        await settle(pilot)

        assert [e.event for e in app.session.timeline] == [
            "first",
            "third",
            "no time here",
            "also no time",
        ]
        assert box.value == ""
        assert not error.display
        await pilot.press("ctrl+q")


async def test_the_palette_offers_every_meeting_action(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5", "ctrl+p")
        await settle(pilot)
        await pilot.press(*"Export", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")

    assert session_file.with_suffix(".md").read_text().startswith("# Postmortem: Orders API 5xx")


async def test_setup_enter_moves_on_and_a_bad_hard_stop_is_explained(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press(*"Ines", "enter")  # to the note-taker, not into the meeting
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert focused(app).id == "note-taker"
        await pilot.press("enter", "enter", *"25:99", "enter")
        await settle(pilot)

        error = app.screen.query_one(".form-error")
        assert isinstance(app.screen, SetupScreen)
        assert error.display
        assert str(error.content) == "'25:99' is not a time; write the hard stop as 15:00"
        await pilot.press("ctrl+q")


async def test_a_form_keeps_its_buttons_on_a_small_screen(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", *"14:03 alert fired", "enter", "tab", "enter")
        await settle(pilot)

        save = app.screen.query_one("#save")
        assert save.region.bottom <= 24 and save.region.height > 0
        await pilot.press("escape", "ctrl+q")


async def test_quitting_with_a_form_open_keeps_what_it_holds(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5", "f2")
        await settle(pilot)
        await pilot.press(*"Typed in capture then quit", "ctrl+q")
        await settle(pilot)
        await settle(pilot)

    items = [action.item for action in store.load(session_file).action_items]
    assert items == ["Typed in capture then quit"]


async def test_fit_the_rest_without_a_hard_stop_asks_for_one(session_file, clocks):
    app = make_app(session_file, clocks)
    async with app.run_test() as pilot:
        await pilot.press("f5")  # begin with no hard stop
        await settle(pilot, clocks, 300)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press(*"09:30", "enter")  # already passed: explained, form stays
        await settle(pilot)
        assert "has already passed" in str(app.screen.query_one(".form-error").content)
        await pilot.press("ctrl+u", *"10:50", "enter")
        await settle(pilot)

        assert app.session.meeting.hard_stop.strftime("%H:%M") == "10:50"
        assert app.timer.status().projected_end == app.session.meeting.hard_stop
        await pilot.press("ctrl+q")
