"""The session model: times, derived durations, and errors in a facilitator's words."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from debrief.model import (
    EventKind,
    Session,
    TimeFormatError,
    TimelineEvent,
    TimePrecision,
    describe_errors,
    parse_event_time,
)
from tests.conftest import at

INCIDENT_DAY = date(2026, 6, 21)


@pytest.mark.parametrize(
    ("text", "expected", "approximate", "precision"),
    [
        ("14:03", at(14, 3), False, TimePrecision.MINUTE),
        ("9:05", at(9, 5), False, TimePrecision.MINUTE),
        ("14:03:27", at(14, 3, 27), False, TimePrecision.SECOND),
        ("~14:00", at(14, 0), True, TimePrecision.MINUTE),
        ("2026-06-22 01:10", at(1, 10, day=22), False, TimePrecision.MINUTE),
        ("2026-06-21T16:03+02:00", at(14, 3), False, TimePrecision.MINUTE),
        ("16:03 +0200", at(14, 3), False, TimePrecision.MINUTE),
        ("07:03-07:00", at(14, 3), False, TimePrecision.MINUTE),
        ("14:03Z", at(14, 3), False, TimePrecision.MINUTE),
        ("14:03 UTC", at(14, 3), False, TimePrecision.MINUTE),
    ],
)
def test_typed_times_become_utc(text, expected, approximate, precision):
    parsed = parse_event_time(text, INCIDENT_DAY)

    assert parsed.time == expected
    assert parsed.time.tzinfo is UTC
    assert parsed.approximate is approximate
    assert parsed.precision is precision


@pytest.mark.parametrize(
    ("text", "on_date", "message"),
    [
        (
            "2pm-ish",
            INCIDENT_DAY,
            "'2pm-ish' is not a time; write 14:03 or 2026-06-21 14:03 (UTC)",
        ),
        (
            "25:10",
            INCIDENT_DAY,
            "'25:10' is not a time of day; write 14:03 or 2026-06-21 14:03 (UTC)",
        ),
        (
            "14:03",
            None,
            "'14:03' has no date and the incident date is not set; write it as 2026-06-21 14:03",
        ),
        (
            "2026-02-30 10:00",
            None,
            "'2026-02-30' is not a date; write 14:03 or 2026-06-21 14:03 (UTC)",
        ),
        (
            "14:03+99:99",
            INCIDENT_DAY,
            "'+99:99' is not a time zone offset; write one such as +02:00 or -07:00",
        ),
        (
            "14:00-14:30",
            INCIDENT_DAY,
            "'-14:30' is not a time zone offset; write one such as +02:00 or -07:00",
        ),
        ("   ", INCIDENT_DAY, "the time is empty; write 14:03 or 2026-06-21 14:03 (UTC)"),
        ("١٤:٠٣", INCIDENT_DAY, "'١٤:٠٣' is not a time; write 14:03 or 2026-06-21 14:03 (UTC)"),
        (
            "0001-01-01 00:10+01:00",
            None,
            "'0001-01-01 00:10+01:00' is not between 1970 and 2999; "
            "write 14:03 or 2026-06-21 14:03 (UTC)",
        ),
    ],
)
def test_bad_typed_times_say_what_to_write(text, on_date, message):
    with pytest.raises(TimeFormatError) as caught:
        parse_event_time(text, on_date)

    assert str(caught.value) == message


BAD_SESSIONS = [
    pytest.param(
        {
            "summary": {"date": "2026-06-21"},
            "timeline": [
                {"time": "14:00", "event": "release"},
                {"time": "14:03", "event": "alert"},
                {"time": "2pm-ish", "event": "rollback"},
            ],
        },
        "timeline row 3: '2pm-ish' is not a time; write 14:03 or 2026-06-21 14:03 (UTC)",
        id="time-not-a-time",
    ),
    pytest.param(
        {"timeline": [{"time": datetime(2026, 6, 21, 14, 0), "event": "release"}]},
        "timeline row 1: time '2026-06-21 14:00:00' has no time zone; "
        "add Z for UTC or an offset such as +02:00",
        id="naive-datetime",
    ),
    pytest.param(
        {"timeline": [{"time": at(14, 0)}]},
        "timeline row 1: event text is missing",
        id="event-missing",
    ),
    pytest.param(
        {"timeline": [{"time": at(14, 0), "event": ""}]},
        "timeline row 1: event text is empty",
        id="event-empty",
    ),
    pytest.param(
        {
            "timeline": [
                {"time": at(14, 0), "event": "x"},
                {"time": at(14, 1), "event": "y", "kind": "page"},
            ]
        },
        "timeline row 2: kind must be trigger, failure, detection, alert, response, mitigation, "
        "recovery or note, not 'page'",
        id="kind-unknown",
    ),
    pytest.param(
        {"timeline": [{"time": 5, "event": "x"}]},
        "timeline row 1: time 5 is a number, not a date and time",
        id="number-as-time",
    ),
    pytest.param(
        {"timeline": [{"time": at(14, 0), "event": "   "}]},
        "timeline row 1: event text is empty",
        id="event-blank",
    ),
    pytest.param(
        {"meeting": {"held_at": "yesterday"}},
        "meeting: meeting start 'yesterday' is not a date and time; write it as 2026-06-21 14:03Z",
        id="held-at-words",
    ),
    pytest.param(
        {
            "meeting": {
                "steps": [
                    {"key": "timeline", "planned_seconds": 60, "spent_seconds": float("inf")}
                ]
            }
        },
        "meeting step 1: spent seconds must be a number, not inf",
        id="spent-infinite",
    ),
    pytest.param(
        {"schema_version": "1"},
        "schema version must be a whole number, not '1'",
        id="schema-version-text",
    ),
    pytest.param(
        {"summary": {"severity": "sev1"}},
        "summary: severity must be critical, major or minor, not 'sev1'",
        id="severity-unknown",
    ),
    pytest.param(
        {"summary": {"date": "21/06/2026"}},
        "summary: date '21/06/2026' is not a date; write it as 2026-06-21",
        id="date-format",
    ),
    pytest.param(
        {"summary": {"titel": "Orders API"}},
        "summary: 'titel' is not a field debrief knows; check its spelling",
        id="misspelt-field",
    ),
    pytest.param(
        {"summary": {"title": 42}},
        "summary: title must be text, not 42",
        id="title-not-text",
    ),
    pytest.param(
        {"summary": {"duration_minutes": "twenty"}},
        "summary: duration (minutes) must be a whole number, not 'twenty'",
        id="duration-not-number",
    ),
    pytest.param(
        {"action_items": [{"item": "Add an index"}, {"item": "Alert", "deadline": "next week"}]},
        "action item 2: deadline 'next week' is not a date; write it as 2026-06-21",
        id="deadline-not-date",
    ),
    pytest.param(
        {"action_items": [{"item": "Add an index", "status": "closed"}]},
        "action item 1: status must be open, in_progress, done or wont_do, not 'closed'",
        id="status-unknown",
    ),
    pytest.param(
        {
            "factors": [{"text": "small staging data"}],
            "action_items": [
                {"item": "Add an index", "addresses": ["f1", "f7"]},
            ],
        },
        "action item 1 addresses the factor 'f7', which is not among the contributing factors",
        id="factor-link-broken",
    ),
    pytest.param(
        {"meeting": {"steps": [{"key": "timeline", "planned_seconds": 600}]}},
        "meeting: the step 'root_cause' is missing; each of the six steps appears once",
        id="steps-incomplete",
    ),
    pytest.param(
        {"meeting": {"hard_stop": "2026-06-22 15:00"}},
        "meeting: hard stop '2026-06-22 15:00:00' has no time zone; "
        "add Z for UTC or an offset such as +02:00",
        id="hard-stop-naive",
    ),
    pytest.param(
        {"analysis": {"whys": ["the query scanned", 7]}},
        "why chain, answer 2: this value must be text, not 7",
        id="why-not-text",
    ),
    pytest.param(
        {"lessons": {"went_well": "the alert fired"}},
        "lessons: went well must be a list, not 'the alert fired'",
        id="list-not-list",
    ),
]


@pytest.mark.parametrize(("data", "sentence"), BAD_SESSIONS)
def test_validation_errors_read_as_sentences(data, sentence):
    with pytest.raises(ValidationError) as caught:
        Session.model_validate(data)

    assert describe_errors(caught.value) == [sentence]


def test_times_with_an_offset_are_stored_in_utc():
    cest = timezone(timedelta(hours=2))

    event = TimelineEvent(time=datetime(2026, 6, 21, 16, 3, tzinfo=cest), event="alert")

    assert event.time == at(14, 3)
    assert event.time.utcoffset() == timedelta(0)


def test_typed_times_take_the_incident_date_and_keep_the_approximate_mark():
    session = Session.model_validate(
        {"summary": {"date": "2026-06-21"}, "timeline": [{"time": "~14:00", "event": "release"}]}
    )

    assert session.timeline[0].time == at(14, 0)
    assert session.timeline[0].approximate


def timeline(*rows: tuple[datetime, EventKind | None]) -> Session:
    events = [
        {"time": time, "event": f"event {n}", "kind": kind} for n, (time, kind) in enumerate(rows)
    ]
    return Session.model_validate({"timeline": events})


def test_duration_and_time_to_detect_come_from_the_marks():
    session = timeline(
        (at(14, 4), EventKind.ALERT),
        (at(14, 0), EventKind.TRIGGER),
        (at(14, 3), EventKind.DETECTION),
        (at(14, 21), EventKind.RECOVERY),
        (at(14, 30), EventKind.RECOVERY),
    )

    assert (session.duration().minutes, session.duration().source) == (21, "timeline")
    assert (session.time_to_detect().minutes, session.time_to_detect().source) == (3, "timeline")


def test_the_first_failure_wins_over_the_trigger():
    session = timeline(
        (at(14, 51), EventKind.TRIGGER),
        (at(14, 54), EventKind.FAILURE),
        (at(14, 55), EventKind.ALERT),
        (at(16, 0), EventKind.RECOVERY),
    )

    assert session.duration().minutes == 66
    assert session.time_to_detect().minutes == 1


def test_missing_marks_make_the_metrics_unknown():
    session = timeline((at(14, 0), None), (at(14, 21), EventKind.RECOVERY))

    assert session.duration().minutes is None
    assert session.duration().source == "unknown"
    assert session.time_to_detect().source == "unknown"


def test_a_typed_value_wins_over_the_derived_one():
    session = timeline((at(14, 0), EventKind.FAILURE), (at(14, 21), EventKind.RECOVERY))
    session.summary.duration_minutes = 25

    assert (session.duration().minutes, session.duration().source) == (25, "typed")


def test_a_recovery_before_the_start_is_unknown_not_negative():
    session = timeline((at(14, 30), EventKind.FAILURE), (at(14, 0), EventKind.RECOVERY))

    assert session.duration().minutes is None


def test_the_first_recovery_after_the_start_counts():
    session = timeline(
        (at(13, 0), EventKind.RECOVERY),  # an earlier, unrelated recovery
        (at(14, 0), EventKind.FAILURE),
        (at(14, 25), EventKind.RECOVERY),
    )

    assert session.duration().minutes == 25


def test_factors_get_stable_ids_that_do_not_collide():
    session = Session.model_validate(
        {"factors": [{"text": "a"}, {"id": "f1", "text": "b"}, {"text": "c"}]}
    )

    assert [factor.id for factor in session.factors] == ["f2", "f1", "f3"]


def test_steps_are_kept_in_agenda_order():
    keys = ["follow_up", "action_items", "went_poorly", "went_well", "root_cause", "timeline"]
    steps = [{"key": key, "planned_seconds": 60} for key in keys]

    session = Session.model_validate({"meeting": {"steps": steps}})

    assert [step.key.value for step in session.meeting.steps] == keys[::-1]
