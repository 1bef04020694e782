"""Session files: layout, round trips, atomic saves, and errors that name the file."""

import difflib
import errno
import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debrief import store
from debrief.agenda import plan_steps
from debrief.model import (
    ActionItem,
    ActionStatus,
    Analysis,
    Dismissal,
    EventKind,
    Factor,
    FollowUp,
    Lessons,
    Meeting,
    Priority,
    Session,
    Severity,
    StepKey,
    Summary,
    TimelineEvent,
    TimePrecision,
)


def test_schema_version_comes_first_and_empty_values_are_left_out(session):
    text = store.dumps(session)

    assert text.startswith("schema_version = 1\n")
    assert "null" not in text
    assert "detection_method" not in text  # empty
    assert "approximate" not in text  # false, the default


def test_rows_are_blocks_and_long_text_is_multiline(session):
    text = store.dumps(session)

    assert text.count("[[timeline]]\n") == 4
    assert text.count("[[meeting.steps]]\n") == 6
    assert "{" not in text  # no inline tables
    assert 'root_cause = """\nA query with no index.\nIt scanned the whole table."""' in text


def test_editing_one_word_of_one_event_changes_one_line(session):
    before = store.dumps(session).splitlines()
    session.timeline[2].event = "Alert posted to the incidents channel"

    after = store.dumps(session).splitlines()

    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        '-event = "Alert posted"',
        '+event = "Alert posted to the incidents channel"',
    ]


def test_save_then_load_gives_the_same_session(session, tmp_path):
    path = tmp_path / "orders.toml"

    store.save(session, path)

    assert store.load(path) == session
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind


def test_saving_again_keeps_the_previous_version_as_bak(session, tmp_path):
    path = tmp_path / "orders.toml"
    store.save(session, path)
    first = path.read_bytes()

    session.summary.title = "Orders API 503s"
    store.save(session, path)

    assert store.backup_path(path) == tmp_path / "orders.toml.bak"
    assert store.backup_path(path).read_bytes() == first
    assert store.load(path).summary.title == "Orders API 503s"


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def fail_for_main_file(monkeypatch, failing: str, path: Path) -> None:
    """Make writing the session file itself fail, after its backup was written."""
    writes = []
    real_fdopen, real_fsync, real_replace = os.fdopen, os.fsync, os.replace

    def fdopen(handle, *args, **kwargs):
        stream = real_fdopen(handle, *args, **kwargs)
        writes.append(stream)
        if failing == "write" and len(writes) == 2:
            stream.write = no_space
        return stream

    def fsync(handle):
        if failing == "fsync" and len(writes) == 2:
            no_space()
        real_fsync(handle)

    def replace(source, target):
        if failing == "replace" and Path(target) == path:
            no_space()
        real_replace(source, target)

    monkeypatch.setattr(store.os, "fdopen", fdopen)
    monkeypatch.setattr(store.os, "fsync", fsync)
    monkeypatch.setattr(store.os, "replace", replace)


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failed_save_leaves_the_old_file_unchanged(session, tmp_path, monkeypatch, failing):
    path = tmp_path / "orders.toml"
    store.save(session, path)
    store.save(session, path)
    old = path.read_bytes()
    session.summary.title = "changed"
    fail_for_main_file(monkeypatch, failing, path)

    with pytest.raises(store.SessionFileError) as caught:
        store.save(session, path)

    assert str(caught.value) == (
        f"{path}: could not save (No space left on device); the file on disk is unchanged"
    )
    assert path.read_bytes() == old
    assert store.backup_path(path).read_bytes() == old
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_first_save_leaves_no_file(session, tmp_path, monkeypatch):
    path = tmp_path / "new.toml"

    monkeypatch.setattr(store.os, "replace", no_space)

    with pytest.raises(store.SessionFileError):
        store.save(session, path)
    assert list(tmp_path.iterdir()) == []


BROKEN_FILES = [
    pytest.param(
        'schema_version = 1\n\n[summary]\ntitle = "Orders API\n',
        "line 4, column 20: illegal character '\\n' (the file is not valid TOML)",
        id="unclosed-string",
    ),
    pytest.param(
        "schema_version = 1\n[summary]\nseverity = major\n",
        "line 3, column 12: invalid value (the file is not valid TOML)",
        id="bare-word",
    ),
    pytest.param(
        'schema_version = 1\n[summary]\ntitle = "a"\n[summary]\n',
        "line 4, column 9: cannot declare ('summary',) twice (the file is not valid TOML)",
        id="table-twice",
    ),
    pytest.param(
        'schema_version = 1\n[summary]\ntitle = "a"\nseverity = "sev1"\n',
        "summary: severity must be critical, major or minor, not 'sev1'",
        id="bad-value",
    ),
    pytest.param(
        'schema_version = 1\n[[timeline]]\ntime = 2026-06-21T14:00:00\nevent = "release"\n',
        "timeline row 1: time '2026-06-21 14:00:00' has no time zone; add Z for UTC or an "
        "offset such as +02:00",
        id="local-time",
    ),
    pytest.param(
        '[summary]\ntitle = "a"\n',
        "no schema_version; is this a debrief session file?",
        id="not-a-session",
    ),
    pytest.param(
        "schema_version = 9\n",
        "written by a newer debrief (schema 9; this one reads 1); upgrade debrief to open it",
        id="newer-schema",
    ),
    pytest.param(
        'schema_version = 1\n[summary]\ntitle = 3\nseverity = "x"\n',
        "summary: title must be text, not 3 (and 1 more)",
        id="several-problems",
    ),
]


@pytest.mark.parametrize(("content", "problem"), BROKEN_FILES)
def test_an_unreadable_file_is_named_and_left_alone(tmp_path, content, problem):
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(store.SessionFileError) as caught:
        store.load(path)

    assert str(caught.value) == f"{path}: {problem}"
    assert path.read_text(encoding="utf-8") == content


def test_a_session_that_could_not_be_read_back_is_not_saved(session, tmp_path):
    path = tmp_path / "orders.toml"
    store.save(session, path)
    before = path.read_bytes()
    session.timeline[0].time = datetime(2026, 6, 21, 14, 0)  # no zone: assignment is not checked

    with pytest.raises(store.SessionFileError) as caught:
        store.save(session, path)

    assert str(caught.value) == (
        f"{path}: not saved, timeline row 1: time '2026-06-21 14:00:00' has no time zone; "
        "add Z for UTC or an offset such as +02:00; the file on disk is unchanged"
    )
    assert path.read_bytes() == before


def test_saving_keeps_permissions_and_follows_a_link(session, tmp_path):
    real = tmp_path / "real" / "orders.toml"
    real.parent.mkdir()
    store.save(session, real)
    real.chmod(0o640)
    link = tmp_path / "orders.toml"
    link.symlink_to(real)

    session.summary.title = "renamed"
    store.save(session, link)

    assert link.is_symlink()
    assert store.load(real).summary.title == "renamed"
    assert real.stat().st_mode & 0o777 == 0o640
    assert store.backup_path(real).stat().st_mode & 0o777 == 0o640


def test_a_new_file_gets_the_permissions_the_umask_allows(session, tmp_path):
    old = os.umask(0o022)
    try:
        store.save(session, tmp_path / "new.toml")
    finally:
        os.umask(old)

    assert (tmp_path / "new.toml").stat().st_mode & 0o777 == 0o644


def test_a_byte_order_mark_is_ignored(session, tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + store.dumps(session).encode("utf-8"))

    assert store.load(path) == session


def test_text_with_carriage_returns_survives_and_other_text_stays_multiline(session, tmp_path):
    session.analysis.root_cause = "pasted\r\nfrom a ticket"
    session.analysis.safeguards = "two\nlines"

    text = store.dumps(session)

    assert 'root_cause = "pasted\\r\\nfrom a ticket"' in text
    assert 'safeguards = """\ntwo\nlines"""' in text
    assert store.loads(text) == session


def test_a_truncated_file_is_reported(tmp_path, session):
    path = tmp_path / "cut.toml"
    text = store.dumps(session)
    path.write_text(text[: text.index("Release v2.4.1") + 7], encoding="utf-8")

    with pytest.raises(store.SessionFileError) as caught:
        store.load(path)

    assert str(caught.value) == (
        f"{path}: line 10, column 17: the file ends in the middle of a value; was it cut short?"
    )


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a folder, not a session file"),
        (
            lambda p: p.write_bytes(b"\xff\xfe\x00"),
            "byte 1 is not UTF-8 text; is this a session file?",
        ),
    ],
    ids=["missing", "folder", "binary"],
)
def test_files_that_are_not_text_are_reported(tmp_path, make, problem):
    path = tmp_path / "x.toml"
    make(path)

    with pytest.raises(store.SessionFileError) as caught:
        store.load(path)

    assert str(caught.value) == f"{path}: {problem}"


# --- Any valid session survives a round trip ---------------------------------------------------

# Pieces that have broken TOML writers: quotes, backslashes, line endings of every kind.
tricky = st.sampled_from(['"', '"""', "'" * 3, "\\", "\r\n", "\r", "\n", "\t", "\x7f", "\u2028"])
text = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | tricky,
    max_size=5,
).map("".join)
nonempty = text.filter(str.strip)
utc_times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware_times = st.builds(lambda t, tz: t.astimezone(tz), utc_times, offsets)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


def _maybe(strategy):
    return st.none() | strategy


events = st.builds(
    TimelineEvent,
    time=aware_times,
    event=nonempty,
    approximate=st.booleans(),
    precision=st.sampled_from(TimePrecision),
    kind=_maybe(st.sampled_from(EventKind)),
    source=text,
)


@st.composite
def sessions(draw) -> Session:
    factors = draw(
        st.lists(
            st.builds(Factor, id=st.sampled_from(["", "net-1"]), text=nonempty, wont_fix=text),
            max_size=4,
            unique_by=lambda factor: factor.id or object(),
        )
    )
    factors = Session(factors=factors).factors  # as loaded: every factor has its id
    ids = [factor.id for factor in factors]
    actions = draw(
        st.lists(
            st.builds(
                ActionItem,
                item=nonempty,
                owner=text,
                deadline=_maybe(dates),
                status=st.sampled_from(ActionStatus),
                priority=_maybe(st.sampled_from(Priority)),
                ticket=text,
                addresses=st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]),
            ),
            max_size=4,
        )
    )
    steps = plan_steps(draw(_maybe(st.sampled_from(Severity))))
    for step in steps:
        step.spent_seconds = draw(st.integers(0, 20_000)) / 10
        step.done = draw(st.booleans())
    return Session(
        summary=Summary(
            title=draw(text),
            date=draw(_maybe(dates)),
            severity=draw(_maybe(st.sampled_from(Severity))),
            detection_method=draw(text),
            services=draw(st.lists(text, max_size=3)),
            customer_impact=draw(text),
            incident_commander=draw(text),
            duration_minutes=draw(_maybe(st.integers(0, 10_000))),
            time_to_detect_minutes=draw(_maybe(st.integers(0, 10_000))),
        ),
        timeline=draw(st.lists(events, max_size=5)),
        analysis=Analysis(
            root_cause=draw(text), whys=draw(st.lists(text, max_size=3)), safeguards=draw(text)
        ),
        factors=factors,
        lessons=Lessons(
            went_well=draw(st.lists(text, max_size=3)),
            went_poorly=draw(st.lists(text, max_size=3)),
        ),
        action_items=actions,
        follow_up=FollowUp(date=draw(_maybe(dates)), notes=draw(text)),
        meeting=Meeting(
            facilitator=draw(text),
            note_taker=draw(text),
            attendees=draw(st.lists(text, max_size=4)),
            teams=draw(st.lists(text, max_size=2)),
            held_at=draw(_maybe(aware_times)),
            hard_stop=draw(_maybe(aware_times)),
            current_step=draw(st.sampled_from(StepKey)),
            steps=steps if draw(st.booleans()) else [],
        ),
        dismissed=draw(
            st.lists(
                st.builds(Dismissal, field=nonempty, rule=nonempty, sentence=nonempty), max_size=2
            )
        ),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_any_valid_session_survives_save_then_load(tmp_path_factory, drawn):
    path = tmp_path_factory.mktemp("roundtrip") / "session.toml"

    store.save(drawn, path)

    assert store.load(path) == drawn
