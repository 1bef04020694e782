"""Wording notes in the meeting: shown after a pause in typing, counted, dismissed, discreet."""

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from debrief import store
from debrief.agenda import new_session
from debrief.model import Severity, StepKey
from debrief.tui.widgets.agenda import AgendaList
from debrief.tui.widgets.findings import FindingList
from tests.test_app import make_app, settle

TYPED = "Who pushed this on a Friday? Dana should have known."


@pytest.fixture
def root_cause_file(tmp_path: Path, clocks) -> Path:
    """A meeting under way, on the root-cause step, with Dana in the room."""
    session = new_session("Orders API 5xx", Severity.MAJOR, date(2026, 6, 21))
    session.meeting.held_at = clocks.wall()
    session.meeting.current_step = StepKey.ROOT_CAUSE
    session.meeting.attendees = ["Dana Kim", "Ines Duarte"]
    session.lessons.went_poorly = ["Obviously nobody read the runbook"]
    session.analysis.safeguards = "Review does not look at query plans."
    path = tmp_path / "orders.toml"
    store.save(session, path)
    return path


def summary(app) -> str:
    return str(app.screen.query_one("#findings-summary", Static).content)


def notes(app) -> FindingList:
    return app.screen.query_one(FindingList)


def agenda_line(app, index: int) -> str:
    return str(app.screen.query_one(AgendaList).get_option_at_index(index).prompt)


async def pause_in_typing(pilot) -> None:
    """The 300 ms the checks may take after the last keystroke, then a redraw."""
    await pilot.pause(0.3)
    await pilot.pause()


async def test_typed_blame_shows_two_notes_with_reframings_after_a_pause(root_cause_file, clocks):
    app = make_app(root_cause_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pause_in_typing(pilot)
        assert isinstance(app.screen.focused, TextArea)
        assert summary(app) == "Notes: nothing to reconsider in this step"
        assert agenda_line(app, 3).startswith("  Didn't go well 1 ")  # counted, not shown here

        await pilot.press(*TYPED)
        await pause_in_typing(pilot)

        shown = notes(app)
        assert shown.display
        assert [(f.rule, f.text) for f in shown.findings] == [
            ("who-did-it", "Who pushed"),
            ("should-have", "Dana should have known"),
        ]
        prompts = [str(shown.get_option_at_index(i).prompt) for i in range(2)]
        assert prompts[0].startswith(" culprit question  “Who pushed”  Root cause\n")
        assert "Try: " in prompts[1] and "Ask the room: " in prompts[1]
        assert summary(app).startswith("Notes: 2 notes here")
        assert agenda_line(app, 1).startswith("▶ Root cause     2 ")
        # The editor kept the keyboard all along.
        assert isinstance(app.screen.focused, TextArea)


async def test_a_note_is_dismissed_with_a_key_saved_and_back_when_rewritten(
    root_cause_file, clocks
):
    app = make_app(root_cause_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*TYPED)
        await pause_in_typing(pilot)

        await pilot.press("f3")
        assert app.screen.focused is notes(app)
        await pilot.press("down", "d")
        await pause_in_typing(pilot)
        assert [f.rule for f in notes(app).findings] == ["who-did-it"]
        await pilot.press("escape")
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press("ctrl+s")
        await settle(pilot)

        saved = store.load(root_cause_file)
        assert [(d.field, d.rule, d.sentence) for d in saved.dismissed] == [
            ("analysis.root_cause", "should-have", "Dana should have known.")
        ]

        # Rewriting the sentence lets the note lapse: it is shown again.
        await pilot.press("backspace", *" by then.")
        await pause_in_typing(pilot)
        assert [f.rule for f in notes(app).findings] == ["who-did-it", "should-have"]


async def test_discreet_mode_shows_counts_until_the_notes_are_opened(root_cause_file, clocks):
    app = make_app(root_cause_file, clocks, discreet=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TYPED)
        await pause_in_typing(pilot)
        assert summary(app) == "Notes: 2 notes here (discreet) · F3 shows"
        assert not notes(app).display

        await pilot.press("f3")
        await settle(pilot)
        assert notes(app).display and app.screen.focused is notes(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not notes(app).display
        assert isinstance(app.screen.focused, TextArea)


async def test_the_palette_dismisses_and_switches_discreet_mode(root_cause_file, clocks):
    app = make_app(root_cause_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Dismiss wording note", "Discreet mode on/off", "Wording"} <= titles

        await pilot.press(*TYPED)
        await pause_in_typing(pilot)
        await pilot.press("ctrl+p", *"Dismiss wording", "enter")
        await pause_in_typing(pilot)
        assert [f.rule for f in notes(app).findings] == ["should-have"]

        await pilot.press("ctrl+p", *"Discreet mode", "enter")
        await pause_in_typing(pilot)
        assert app.discreet and not notes(app).display


async def test_a_vague_item_for_a_team_without_a_deadline_gets_three_notes(
    root_cause_file, clocks
):
    app = make_app(root_cause_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8", "f8", "f8")  # to the action items
        await pilot.press(*"Be more careful", "enter", "tab", "enter")
        await settle(pilot)
        await pilot.press("tab", *"@platform-eng", "enter")
        await pause_in_typing(pilot)

        assert app.session.action_items[0].owner == "@platform-eng"
        assert [(f.rule, f.field) for f in notes(app).findings] == [
            ("action-item-team-owner", "action_items[0].owner"),
            ("action-item-no-deadline", "action_items[0].deadline"),
            ("action-item-vague", "action_items[0].item"),
        ]
        assert agenda_line(app, 4).startswith("▶ Action items   3 ")

        # The last step lists everything still open before the export.
        await pilot.press("f8")
        await pause_in_typing(pilot)
        rules = {f.rule for f in notes(app).findings}
        assert {"action-item-vague", "follow-up-missing", "summary-incomplete"} <= rules


async def test_dismissing_the_last_note_gives_the_keyboard_back(root_cause_file, clocks):
    app = make_app(root_cause_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"The pool was small because the release doubled queries. Who did it?")
        await pause_in_typing(pilot)
        assert [f.rule for f in notes(app).findings] == ["who-did-it"]
        await pilot.press("f3", "d")
        await pause_in_typing(pilot)

        assert not notes(app).display
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press(*" Then")
        assert app.session.analysis.root_cause.endswith("Who did it? Then")


async def test_discreet_mode_never_dismisses_a_note_nobody_can_see(root_cause_file, clocks):
    app = make_app(root_cause_file, clocks, discreet=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*TYPED)
        await pause_in_typing(pilot)
        await pilot.press("ctrl+p", *"Dismiss wording", "enter")
        await pause_in_typing(pilot)

        assert app.session.dismissed == []
        assert len(notes(app).findings) == 2


async def test_a_dismissal_follows_its_row_and_lapses_from_the_file(root_cause_file, clocks):
    app = make_app(root_cause_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")  # the timeline
        await pilot.press(*"14:30 Ravi should have checked the rollback", "enter")
        await pause_in_typing(pilot)
        await pilot.press("f3", "d")
        await pause_in_typing(pilot)
        assert [d.field for d in app.session.dismissed] == ["timeline[0].event"]

        await pilot.press("escape", *"13:50 deploy pipeline started", "enter")
        await pause_in_typing(pilot)
        # The dismissed row is now the second one, and stays dismissed.
        assert app.session.timeline[1].event == "Ravi should have checked the rollback"
        assert not [f for f in notes(app).findings if f.family == "blame"]

        app.session.timeline[1].event = "Ravi checked the rollback"
        app.check_wording()
        await pause_in_typing(pilot)
        assert app.session.dismissed == []  # its sentence is gone, so is the dismissal


async def test_a_failure_in_the_checks_never_ends_the_meeting(
    root_cause_file, clocks, monkeypatch
):
    from debrief.checks.session import SessionChecks

    def broken(self, session, today=None):
        raise RuntimeError("a rule that cannot be read")

    monkeypatch.setattr(SessionChecks, "run", broken)
    app = make_app(root_cause_file, clocks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Still typing")
        await pause_in_typing(pilot)
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)
    assert store.load(root_cause_file).analysis.root_cause == "Still typing"
