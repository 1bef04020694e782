"""The bundled sample sessions are complete, canonical, and sized by their severity."""

import re

import pytest

from debrief import store
from debrief.agenda import MEETING_MINUTES
from debrief.model import EventKind, Severity
from debrief.resources import sample_sessions

SAMPLES = {path.name: path for path in sample_sessions()}
SEVERITIES = {
    "01-orders-api-connection-pool.toml": Severity.MINOR,
    "02-search-cascading-failure.toml": Severity.CRITICAL,
    "03-ci-disk-throttling.toml": Severity.MAJOR,
}


def test_the_three_samples_are_there():
    assert sorted(SAMPLES) == sorted(SEVERITIES)


@pytest.mark.parametrize("name", sorted(SEVERITIES))
def test_a_sample_is_in_canonical_form(name):
    path = SAMPLES[name]

    assert store.dumps(store.load(path)) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SEVERITIES))
def test_a_sample_is_complete(name):
    session = store.load(SAMPLES[name])

    assert session.summary.severity is SEVERITIES[name]
    planned = sum(step.planned_seconds for step in session.meeting.steps)
    assert planned == MEETING_MINUTES[SEVERITIES[name]] * 60
    assert len(session.timeline) >= 8
    kinds = {event.kind for event in session.timeline}
    assert EventKind.RECOVERY in kinds
    assert kinds & {EventKind.DETECTION, EventKind.ALERT}
    assert session.analysis.root_cause and len(session.analysis.whys) >= 3
    assert session.factors and session.lessons.went_well and session.lessons.went_poorly
    assert session.action_items
    assert all(action.owner and action.deadline for action in session.action_items)
    assert len(session.meeting.attendees) >= 4
    assert all(step.done and step.spent_seconds > 0 for step in session.meeting.steps)
    assert session.follow_up.date is not None


def test_the_durations_follow_the_fact_sheets():
    metrics = {
        name: (store.load(path).duration(), store.load(path).time_to_detect())
        for name, path in SAMPLES.items()
    }

    assert [(d.minutes, d.source, t.minutes) for d, t in metrics.values()] == [
        (21, "timeline", 3),
        (66, "timeline", 1),
        (1054, "typed", None),  # nobody knows when the throttling began
    ]


def test_one_sample_keeps_raw_blame_worded_notes():
    text = SAMPLES["03-ci-disk-throttling.toml"].read_text(encoding="utf-8")

    for phrase in ("should have", "human error", "who approved", "obviously"):
        assert re.search(phrase, text, re.IGNORECASE)


def test_the_readme_example_is_a_valid_session():
    readme = (SAMPLES[next(iter(SAMPLES))].parent.parent / "README.md").read_text()
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]

    session = store.loads(example, name="README.md")

    assert session.summary.severity is Severity.MINOR
    assert session.action_items[0].addresses == ["f1"]


def test_the_readme_lists_every_key_of_the_meeting():
    from debrief.tui.keys import MEETING_BINDINGS

    readme = (SAMPLES[next(iter(SAMPLES))].parent.parent / "README.md").read_text()
    table = readme.split("| keys | what they do |", 1)[1].split("\n\n", 1)[0].lower()

    for binding in MEETING_BINDINGS:
        for key in binding.key.split(","):
            assert key in table, f"{key} ({binding.action}) is missing from the README"
