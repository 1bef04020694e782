"""What the room sees: SVG snapshots at 80x24 and 120x40, each beside pilot assertions.

The clocks are frozen and the session file is named relative to a temporary folder, so every
run draws the same screen. Look at a changed snapshot in the report before accepting it.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Digits
from textual.widgets._footer import FooterKey

from debrief import agenda, store
from debrief.model import Session, StepKey
from debrief.resources import sample_sessions
from debrief.tui import DebriefApp
from debrief.tui.widgets.agenda import AgendaList

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
TO_ACTION_ITEMS = ["f8", "f8", "f8", "f8"]


async def checked(pilot) -> None:
    """Wait for the wording checks, which run a moment after the screen is up."""
    await pilot.pause(0.3)
    await pilot.pause()


def sample_meeting(number: str, clocks) -> Session:
    """A bundled sample with its meeting started afresh at the frozen clocks' time."""
    session = store.load(next(p for p in sample_sessions() if p.name.startswith(number)))
    agenda.restart_meeting(session.meeting)
    session.meeting.held_at = clocks.wall()
    return session


def app_on(session: Session, name: str, clocks) -> DebriefApp:
    # A file name relative to the temporary folder keeps the save line the same every run.
    return DebriefApp(Path(name), session, clock=clocks.monotonic, wall=clocks.wall)


@pytest.fixture
def meeting_app(tmp_path, monkeypatch, clocks) -> DebriefApp:
    """The critical sample, two minutes into its meeting, the clocks frozen."""
    monkeypatch.chdir(tmp_path)
    session = sample_meeting("02", clocks)
    session.meeting.hard_stop = clocks.wall() + timedelta(minutes=95)
    session.meeting.step(StepKey.TIMELINE).spent_seconds = 125.0
    return app_on(session, "search-outage.toml", clocks)


def shown(app: DebriefApp) -> list[str]:
    """The agenda as the room reads it."""
    agenda_list = app.screen.query_one(AgendaList)
    return [str(agenda_list.get_option_at_index(i).prompt) for i in range(6)]


@pytest.mark.parametrize("size", SIZES)
def test_timeline_step_snapshot(snap_compare, meeting_app, size):
    """The timeline step with the whole agenda and the clocks."""
    assert snap_compare(meeting_app, terminal_size=SIZES[size], run_before=checked)


@pytest.mark.parametrize("size", SIZES)
async def test_timeline_step_shows_agenda_clocks_and_keys(meeting_app, size):
    async with meeting_app.run_test(size=SIZES[size]) as pilot:
        await checked(pilot)
        screen = meeting_app.screen

        # Held years after the incident, with its deadlines long gone: the notes say so.
        assert shown(meeting_app)[0] == "▶ Timeline       1  2:05/15:00"
        assert shown(meeting_app)[4] == "  Action items   6  0:00/22:30"
        notes = str(screen.query_one("#findings-summary").content)
        assert notes == "Notes: 1 note here · F3 picks, d dismisses"
        assert [f.rule for f in screen.query_one("#findings-list").findings] == ["meeting-late"]
        assert screen.query_one("#countdown", Digits).value == "12:55"
        assert "PAUSED" in str(screen.query_one("#run-state").content)
        keys = {key.key for key in screen.query(FooterKey) if key.region.right <= SIZES[size][0]}
        assert {"f5", "f8", "ctrl+s", "f1"} <= keys
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("size", SIZES)
def test_action_items_step_snapshot(snap_compare, meeting_app, size):
    """The action items step: the table of the sample's nine items."""
    assert snap_compare(
        meeting_app, press=TO_ACTION_ITEMS, terminal_size=SIZES[size], run_before=checked
    )


@pytest.mark.parametrize("size", SIZES)
async def test_action_items_step_shows_the_items(meeting_app, size):
    async with meeting_app.run_test(size=SIZES[size]) as pilot:
        await pilot.press(*TO_ACTION_ITEMS)
        await pilot.pause()
        screen = meeting_app.screen

        assert shown(meeting_app)[0].startswith("✓ Timeline")
        assert shown(meeting_app)[4].startswith("▶ Action items")
        table = screen.query_one("ActionsTable RowTable")
        assert table.row_count == len(meeting_app.session.action_items) == 9
        assert "Step 5 of 6: Define action items" in str(screen.query_one("#step-title").content)
        await pilot.press("ctrl+q")


def test_light_theme_snapshot(snap_compare, meeting_app):
    """The light theme, for rooms with a bright projector."""
    meeting_app.theme = "textual-light"
    assert snap_compare(meeting_app, terminal_size=(120, 40), run_before=checked)


async def test_light_theme_overrun_reads_in_the_error_colour(meeting_app, clocks):
    meeting_app.theme = "textual-light"
    async with meeting_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        clocks.advance(16 * 60)
        meeting_app.refresh_clocks()
        await pilot.pause()

        countdown = meeting_app.screen.query_one("#countdown", Digits)
        assert countdown.value == "+3:05"
        assert countdown.has_class("-overrun")
        error = meeting_app.current_theme.to_color_system().error
        assert all(
            abs(a - b) <= 2 for a, b in zip(countdown.styles.color.rgb, error.rgb, strict=True)
        )
        await pilot.press("ctrl+q")


@pytest.fixture
def raw_notes_app(tmp_path, monkeypatch, clocks) -> DebriefApp:
    """The sample typed in the heat of the meeting, back on its root-cause step."""
    monkeypatch.chdir(tmp_path)
    session = sample_meeting("03", clocks)
    session.meeting.current_step = StepKey.ROOT_CAUSE
    return app_on(session, "ci-throttling.toml", clocks)


@pytest.mark.parametrize("size", SIZES)
def test_wording_notes_snapshot(snap_compare, raw_notes_app, size):
    """Two wording notes under the root cause, quoted with their reframings."""
    assert snap_compare(raw_notes_app, terminal_size=SIZES[size], run_before=checked)


@pytest.mark.parametrize("size", SIZES)
async def test_wording_notes_are_quoted_and_counted(raw_notes_app, size):
    async with raw_notes_app.run_test(size=SIZES[size]) as pilot:
        await checked(pilot)
        screen = raw_notes_app.screen

        assert str(screen.query_one("#findings-summary").content).startswith("Notes: 2 notes here")
        notes = screen.query_one("#findings-list")
        assert [f.text for f in notes.findings] == ["Nobody looked", "not hard to check"]
        # Wording notes and practice notes (rough times, a late meeting, past deadlines).
        assert [line[:18].rstrip() for line in shown(raw_notes_app)] == [
            "  Timeline       4",
            "▶ Root cause     2",
            "  Went well",
            "  Didn't go well 3",
            "  Action items   4",
            "  Follow-up      1",
        ]
        await pilot.press("ctrl+q")
