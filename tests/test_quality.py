"""Postmortem quality rules: each with a realistic case and a near miss, `today` pinned."""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from debrief import store
from debrief.checks import Family
from debrief.checks.quality import RULE_IDS, check_quality, is_group_owner
from debrief.model import ActionItem, ActionStatus, EventKind, Factor, Session, StepKey
from debrief.resources import sample_sessions
from tests.test_cli import run

CLEAN = next(path for path in sample_sessions() if path.name.startswith("01"))
TODAY = date(2026, 6, 22)
"""The day the clean sample's meeting was held."""


@pytest.fixture
def clean() -> Session:
    """The sample kept well written enough to have no quality finding at all."""
    return store.load(CLEAN)


def rules(session: Session, today: date = TODAY) -> list[str]:
    return [finding.rule for finding in check_quality(session, today)]


def test_the_clean_sample_has_no_quality_finding(clean):
    assert check_quality(clean, TODAY) == []


def add_item(**fields) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        item = {"item": "Add a disk alert at 80% on every build node", "owner": "Dario Feld"}
        item["deadline"] = date(2026, 7, 1)
        session.action_items.append(ActionItem(**{**item, **fields}))

    return change


def set_field(path: str, value) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        *parents, name = path.split(".")
        record = session
        for parent in parents:
            record = getattr(record, parent)
        setattr(record, name, value)

    return change


def event(index: int, **fields) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        for name, value in fields.items():
            setattr(session.timeline[index], name, value)

    return change


def too_many(count: int) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        for number in range(count):
            add_item(item=f"Add alert number {number} on the orders database")(session)

    return change


def uncovered_factor(wont_fix: str) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        session.factors.append(
            Factor(id="f9", text="The runbook was a year old", wont_fix=wont_fix)
        )

    return change


def recovery_before_start(session: Session) -> None:
    start = session.incident_start()
    session.timeline[-1].kind = EventKind.RECOVERY
    session.timeline[-1].time = start - timedelta(minutes=5)


def marks_removed(keep_recovery: bool) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        for row in session.timeline:
            if row.kind is EventKind.RECOVERY and not keep_recovery:
                row.kind = EventKind.NOTE

    return change


def held(hours_after_end: float) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        end = max(e.time for e in session.timeline if e.kind is EventKind.RECOVERY)
        session.meeting.held_at = end + timedelta(hours=hours_after_end)

    return change


def step_done_with_nothing(key: StepKey, empty: bool) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        session.meeting.step(key).done = True
        if empty:
            session.lessons.went_well = []

    return change


# rule, a change that breaks it, a near miss that must not
CASES = [
    ("action-item-no-owner", add_item(owner=""), add_item(owner="", status=ActionStatus.DONE)),
    ("action-item-no-deadline", add_item(deadline=None), add_item(deadline=date(2026, 6, 22))),
    ("action-item-team-owner", add_item(owner="@platform-eng"), add_item(owner="@dfeld")),
    ("action-item-vague", add_item(item="Be more careful with migrations"), add_item()),
    (
        "action-item-vague",
        add_item(item="Investigate the connection pool settings"),
        add_item(item="Investigate the pool settings and decide on a limit by the next review"),
    ),
    ("action-items-too-many", too_many(4), too_many(3)),  # the sample has 4 open
    (
        "action-item-past-deadline",
        add_item(deadline=date(2026, 6, 21)),
        add_item(deadline=date(2026, 6, 21), status=ActionStatus.WONT_DO),
    ),
    (
        "root-cause-symptom",
        set_field("analysis.root_cause", "The database was slow under load."),
        set_field(
            "analysis.root_cause",
            "The database was slow because a new query scanned the whole orders table.",
        ),
    ),
    (
        "root-cause-missing-why",
        set_field("analysis.safeguards", " "),
        set_field("analysis.safeguards", "Staging has too few rows for a scan to be slow."),
    ),
    ("timeline-imprecise", event(0, approximate=True), event(0, approximate=False)),
    ("timeline-out-of-order", recovery_before_start, event(0, source="deploy log")),
    ("timeline-missing-marks", marks_removed(keep_recovery=False), marks_removed(True)),
    ("meeting-late", held(49), held(47)),
    ("follow-up-missing", set_field("follow_up.date", None), set_field("follow_up.notes", "")),
    (
        "follow-up-window",
        set_field("follow_up.date", date(2026, 7, 30)),
        set_field("follow_up.date", date(2026, 7, 20)),
    ),
    (
        "summary-incomplete",
        set_field("summary.incident_commander", ""),
        set_field("summary.detection_method", "A customer report"),
    ),
    ("factor-uncovered", uncovered_factor(""), uncovered_factor("the runbook is being retired")),
    (
        "section-empty",
        step_done_with_nothing(StepKey.WENT_WELL, empty=True),
        step_done_with_nothing(StepKey.WENT_WELL, empty=False),
    ),
]


@pytest.mark.parametrize(("rule", "breaks", "near_miss"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_has_a_case_and_a_near_miss(clean, rule, breaks, near_miss):
    other = store.load(CLEAN)

    breaks(clean)
    near_miss(other)

    assert rule in rules(clean)
    assert rule not in rules(other)


def test_every_rule_is_covered_and_findings_say_where_and_why(clean):
    assert {case[0] for case in CASES} == set(RULE_IDS)
    add_item(owner="", deadline=None)(clean)

    findings = check_quality(clean, TODAY)

    assert [(f.rule, f.field, f.category) for f in findings] == [
        ("action-item-no-owner", "action_items[6].owner", "action_items"),
        ("action-item-no-deadline", "action_items[6].deadline", "action_items"),
    ]
    assert all(f.family is Family.QUALITY and f.message and f.suggestion for f in findings)


@pytest.mark.parametrize(
    ("owner", "group"),
    [
        ("@platform-eng", True),
        ("infra team", True),
        ("everyone", True),
        ("TBD", True),
        ("Payments", True),  # one of the session's teams
        ("@dfeld", False),
        ("Dario Feld", False),
        ("Tea Mhlanga", False),
    ],
)
def test_team_owners_are_recognised_by_words_and_by_the_session_teams(owner, group):
    assert is_group_owner(owner, ["payments"]) is group


def crafted() -> Session:
    """One instance of every quality rule."""
    session = store.load(CLEAN)
    held(96)(session)
    for case in CASES:
        if case[0] not in ("follow-up-window", "meeting-late", "timeline-out-of-order"):
            case[1](session)
    recovery_before_start(session)
    return session


def test_lint_reports_every_rule_for_a_crafted_session_and_none_for_the_clean(tmp_path):
    path = tmp_path / "crafted.toml"
    store.save(crafted(), path)
    window = tmp_path / "window.toml"
    session = store.load(CLEAN)
    set_field("follow_up.date", date(2026, 8, 30))(session)
    store.save(session, window)

    reported = set()
    for each in (path, window):
        result = run(
            "lint", str(each), "--format", "json", "--family", "quality", "--today", "2026-06-22"
        )
        assert result.returncode == 1, result.stderr
        report = json.loads(result.stdout)
        assert {f["family"] for f in report["findings"]} == {"quality"}
        reported |= {f["rule"] for f in report["findings"]}
    assert reported == set(RULE_IDS)

    clean_run = run("lint", str(CLEAN), "--today", "2026-06-22", "--family", "quality")
    assert (clean_run.returncode, clean_run.stdout) == (0, "")


def test_a_markdown_timeline_out_of_time_order_is_reported_on_its_line(tmp_path):
    doc = tmp_path / "review.md"
    doc.write_text(
        "# Timeline\n\n| Time | Event |\n|---|---|\n| 14:00 | deploy |\n| 14:20 | alert |\n"
        "| 14:05 | rollback |\n",
        encoding="utf-8",
    )

    result = run("lint", str(doc), "--format", "json")

    report = json.loads(result.stdout)
    assert [(f["rule"], f["line"], f["column"], f["text"]) for f in report["findings"]] == [
        ("timeline-out-of-order", 7, 3, "14:05")
    ]
    assert run("lint", str(doc), "--family", "blame").returncode == 0


def test_quality_is_judged_on_the_day_given(clean):
    assert rules(clean, date(2026, 7, 2)).count("action-item-past-deadline") == 1
    assert rules(clean, date(2026, 7, 9)).count("action-item-past-deadline") == 2
    assert clean.meeting.held_at == datetime(2026, 6, 22, 15, tzinfo=UTC)


def test_an_undated_row_takes_the_date_of_the_row_above(tmp_path):
    doc = tmp_path / "review.md"
    doc.write_text(
        "| Time | Event |\n|---|---|\n| 2026-06-21 10:00 | deploy |\n| 11:00 | alert |\n"
        "| 2026-06-22 09:00 | fix |\n| 08:00 | earlier than the fix |\n",
        encoding="utf-8",
    )

    report = json.loads(run("lint", str(doc), "--format", "json").stdout)

    assert [(f["line"], f["text"]) for f in report["findings"]] == [(6, "08:00")]
