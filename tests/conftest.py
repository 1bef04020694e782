"""Shared fixtures: sessions built the way the app builds them, and clocks that obey."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from debrief.agenda import new_session
from debrief.model import EventKind, Session, Severity, TimelineEvent


def at(hour: int, minute: int, second: int = 0, day: int = 21) -> datetime:
    """A UTC time on the day of the example incident, 2026-06-21."""
    return datetime(2026, 6, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def session() -> Session:
    """A small but complete session."""
    session = new_session("Orders API 5xx", Severity.MAJOR, date(2026, 6, 21))
    session.timeline = [
        TimelineEvent(time=at(14, 0), event="Release v2.4.1 rolled out", kind=EventKind.TRIGGER),
        TimelineEvent(time=at(14, 3), event="5xx rate rises", kind=EventKind.DETECTION),
        TimelineEvent(time=at(14, 4), event="Alert posted", kind=EventKind.ALERT),
        TimelineEvent(time=at(14, 21), event="Error rate at baseline", kind=EventKind.RECOVERY),
    ]
    session.analysis.root_cause = "A query with no index.\nIt scanned the whole table."
    session.lessons.went_well = ["The alert fired within 3 minutes"]
    return session


MEETING_START = datetime(2026, 6, 22, 10, 0, tzinfo=UTC)


class FakeClocks:
    """A monotonic clock and a wall clock that move together, only when told."""

    def __init__(self, start: datetime = MEETING_START) -> None:
        self.start = start
        self.seconds = 1000.0

    def monotonic(self) -> float:
        return self.seconds

    def wall(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds - 1000.0)

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def clocks() -> FakeClocks:
    return FakeClocks()


@pytest.fixture(autouse=True)
def utc_room(monkeypatch):
    """The room's local time is UTC, so that clock faces do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
