"""The six-step agenda: how long each step gets, and the meeting timer as a state machine.

The timer never counts ticks. It keeps the seconds banked per step and, while running, the
monotonic instant the running stretch began; every reading is computed from the clock. So a
screen may ask for the status ten thousand times a second, or never, and the time spent is
the same. Both clocks are injected so that tests drive a whole meeting in microseconds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from debrief.model import Meeting, Session, Severity, StepKey, StepTime, Summary


@dataclass(frozen=True)
class StepInfo:
    """A step of the agenda and its share of a 60-minute meeting."""

    key: StepKey
    title: str
    short: str
    """A name that fits a narrow agenda column."""
    share: int
    """Minutes out of 60."""


STEPS: tuple[StepInfo, ...] = (
    StepInfo(StepKey.TIMELINE, "Review the timeline", "Timeline", 10),
    StepInfo(StepKey.ROOT_CAUSE, "Discuss root cause and contributing factors", "Root cause", 15),
    StepInfo(StepKey.WENT_WELL, "Discuss what went well", "Went well", 5),
    StepInfo(StepKey.WENT_POORLY, "Discuss what didn't go well", "Didn't go well", 10),
    StepInfo(StepKey.ACTION_ITEMS, "Define action items", "Action items", 15),
    StepInfo(StepKey.FOLLOW_UP, "Schedule follow-up", "Follow-up", 5),
)
"""The steps in the order the meeting takes them."""

STEP_INFO: dict[StepKey, StepInfo] = {info.key: info for info in STEPS}
"""The steps by key."""

MEETING_MINUTES: dict[Severity, int] = {
    Severity.MINOR: 30,
    Severity.MAJOR: 60,
    Severity.CRITICAL: 90,
}
"""Length of the meeting by the incident's severity."""

DEFAULT_SEVERITY = Severity.MAJOR
"""Used to size the meeting while the severity is not known yet."""

FOLLOW_UP_DAYS = (14, 28)
"""The review of action items belongs between two and four weeks after the meeting."""

WARNING_SHARE = 0.2
"""A step shows a warning once less than this share of its planned time is left."""


class AgendaError(ValueError):
    """A timer request that cannot be carried out; the message says why."""


def plan_steps(
    severity: Severity | None = None,
    *,
    total_minutes: float | None = None,
    step_minutes: dict[StepKey, float] | None = None,
) -> list[StepTime]:
    """Plan the six steps.

    Args:
        severity: sizes the meeting (minor 30, major 60, critical 90 minutes).
        total_minutes: overrides the length given by severity; each step keeps its share.
        step_minutes: overrides single steps, after the shares are applied.

    Returns:
        The steps in agenda order with their planned seconds and nothing spent.
    """
    if total_minutes is None:
        total_minutes = MEETING_MINUTES[severity or DEFAULT_SEVERITY]
    if total_minutes <= 0:
        raise AgendaError(f"a meeting needs some time; {total_minutes:g} minutes is too short")
    overrides = step_minutes or {}
    steps = []
    for info in STEPS:
        minutes = overrides.get(info.key, total_minutes * info.share / 60)
        if minutes < 0:
            raise AgendaError(f"'{info.title}' cannot be planned for {minutes:g} minutes")
        steps.append(StepTime(key=info.key, planned_seconds=round(minutes * 60)))
    return steps


def clock_text(seconds: float) -> str:
    """Seconds as a meeting clock shows them, `m:ss` with minutes past 59 allowed.

    A negative value is time over the plan and gets a leading `+`.
    """
    whole = math.floor(abs(seconds) + 0.5)
    sign = "+" if seconds < 0 and whole else ""
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def suggest_follow_up(meeting_day: date) -> date:
    """A follow-up date in the middle of the window after the meeting."""
    return meeting_day + timedelta(days=sum(FOLLOW_UP_DAYS) // 2)


def restart_meeting(meeting: Meeting) -> None:
    """Clear a meeting's record (times spent, done marks, start, hard stop) to run it again."""
    for step in meeting.steps:
        step.spent_seconds = 0.0
        step.done = False
    meeting.current_step = STEPS[0].key
    meeting.held_at = None
    meeting.hard_stop = None


def move_incident_to(session: Session, day: date) -> None:
    """Move every date of a session so that its incident happened on `day`.

    A sample replayed today would otherwise open with its deadlines long past and its review
    months late; moved, it reads as yesterday's incident.
    """
    if session.summary.date is None:
        return
    shift = timedelta(days=(day - session.summary.date).days)
    session.summary.date = day
    for event in session.timeline:
        event.time += shift
    for item in session.action_items:
        if item.deadline is not None:
            item.deadline += shift
    if session.follow_up.date is not None:
        session.follow_up.date += shift


def new_session(title: str, severity: Severity, incident_date: date | None = None) -> Session:
    """A fresh session whose meeting is planned for the incident's severity."""
    summary = Summary(title=title, severity=severity, date=incident_date)
    return Session(summary=summary, meeting=Meeting(steps=plan_steps(severity)))


class StepState(StrEnum):
    """How a step stands against its plan."""

    ON_TIME = "on_time"
    WARNING = "warning"
    """Less than `WARNING_SHARE` of its planned time is left."""
    OVERRUN = "overrun"


@dataclass(frozen=True)
class StepStatus:
    """One step as the screen shows it."""

    key: StepKey
    title: str
    planned: int
    spent: float
    done: bool
    current: bool

    @property
    def remaining(self) -> float:
        """Seconds left; negative once the step overruns."""
        return self.planned - self.spent

    @property
    def state(self) -> StepState:
        """On time, in its last stretch, or overrunning."""
        if self.remaining < 0:
            return StepState.OVERRUN
        if self.remaining <= self.planned * WARNING_SHARE:
            return StepState.WARNING
        return StepState.ON_TIME


@dataclass(frozen=True)
class TimerStatus:
    """A reading of the whole meeting at one instant."""

    running: bool
    steps: tuple[StepStatus, ...]
    now: datetime
    """The wall-clock time of this reading."""
    started_at: datetime | None
    hard_stop: datetime | None

    @property
    def current(self) -> StepStatus:
        """The step being discussed."""
        return next(step for step in self.steps if step.current)

    @property
    def elapsed(self) -> float:
        """Seconds spent on all steps together."""
        return sum(step.spent for step in self.steps)

    @property
    def planned(self) -> int:
        """Seconds planned for the whole meeting."""
        return sum(step.planned for step in self.steps)

    @property
    def projected_end(self) -> datetime:
        """When the meeting ends if the rest of it keeps to the plan."""
        left = sum(max(step.remaining, 0) for step in self.steps if step.current or not step.done)
        return self.now + timedelta(seconds=left)

    @property
    def finished(self) -> bool:
        """Every step has been moved past."""
        return all(step.done for step in self.steps)


Clock = Callable[[], float]
WallClock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class MeetingTimer:
    """The meeting's timer, working on a session's meeting record.

    Planned times, the current step and the done marks are written to the meeting at once;
    the seconds spent are written by `record()`, which the app calls before each save.
    """

    def __init__(
        self,
        meeting: Meeting,
        *,
        severity: Severity | None = None,
        clock: Clock = time.monotonic,
        wall: WallClock = _utc_now,
    ) -> None:
        if not meeting.steps:
            meeting.steps = plan_steps(severity)
        self._meeting = meeting
        self._clock = clock
        self._wall = wall
        self._banked = {step.key: step.spent_seconds for step in meeting.steps}
        self._running_since: float | None = None

    @property
    def running(self) -> bool:
        """Whether the current step's count is running."""
        return self._running_since is not None

    @property
    def current(self) -> StepKey:
        """The step being discussed."""
        return self._meeting.current_step

    def start(self) -> None:
        """Run the current step's count; the first start sets the meeting's start time."""
        if self.running:
            return
        if self._meeting.held_at is None:
            self._meeting.held_at = self._wall()
        self._running_since = self._clock()

    def pause(self) -> None:
        """Stop the count."""
        self._bank()
        self._running_since = None

    def toggle(self) -> None:
        """Start when paused, pause when running."""
        if self.running:
            self.pause()
        else:
            self.start()

    def go_to(self, key: StepKey) -> None:
        """Move to another step; a running count goes on, now for that step.

        Leaving a step for a later one marks it done; going back does not.
        """
        if key == self.current:
            return
        self._bank()
        if _index(key) > _index(self.current):
            self._meeting.step(self.current).done = True
        self._meeting.current_step = key

    def next(self) -> None:
        """Move to the next step; on the last step, mark it done and pause: the meeting ended."""
        position = _index(self.current)
        if position + 1 < len(STEPS):
            self.go_to(STEPS[position + 1].key)
        else:
            self.pause()
            self._meeting.step(self.current).done = True

    def previous(self) -> None:
        """Move back one step; nothing happens on the first."""
        position = _index(self.current)
        if position > 0:
            self.go_to(STEPS[position - 1].key)

    def adjust(self, minutes: int) -> None:
        """Lengthen (or with a negative value, shorten) the current step's plan."""
        step = self._meeting.step(self.current)
        step.planned_seconds = max(0, step.planned_seconds + 60 * minutes)

    def fit_rest(self, end: datetime) -> None:
        """Share the time left before `end` among the current step and those not yet done.

        Each keeps its proportion of the time it still has planned, and keeps the time it
        has already spent (a step visited, left and not finished) on top of its new share.

        Raises:
            AgendaError: when `end` has no time zone or has already passed.
        """
        if end.tzinfo is None:
            raise AgendaError("the end to fit the rest into needs a time zone")
        left = math.floor((end - self._wall()).total_seconds())
        if left <= 0:
            raise AgendaError(
                f"{end.astimezone(UTC):%H:%M} UTC has already passed; there is no time to share"
            )
        open_steps = [step for step in self._meeting.steps if _is_open(step, self.current)]
        spent = [self._spent(step.key) for step in open_steps]
        weights = [
            max(step.planned_seconds - used, 0)
            for step, used in zip(open_steps, spent, strict=True)
        ]
        if sum(weights) == 0:
            weights = [STEP_INFO[step.key].share for step in open_steps]
        shares = _apportion(left, weights)
        for step, used, share in zip(open_steps, spent, shares, strict=True):
            step.planned_seconds = math.ceil(used) + share

    def status(self) -> TimerStatus:
        """Read the whole meeting now; this changes nothing."""
        steps = tuple(
            StepStatus(
                key=step.key,
                title=STEP_INFO[step.key].title,
                planned=step.planned_seconds,
                spent=self._spent(step.key),
                done=step.done,
                current=step.key == self.current,
            )
            for step in self._meeting.steps
        )
        return TimerStatus(
            running=self.running,
            steps=steps,
            now=self._wall(),
            started_at=self._meeting.held_at,
            hard_stop=self._meeting.hard_stop,
        )

    def record(self) -> Meeting:
        """Write the seconds spent so far (to a tenth) into the meeting, and return it."""
        for step in self._meeting.steps:
            step.spent_seconds = round(self._spent(step.key), 1)
        return self._meeting

    def _spent(self, key: StepKey) -> float:
        spent = self._banked[key]
        if self._running_since is not None and key == self.current:
            spent += max(self._clock() - self._running_since, 0.0)
        return spent

    def _bank(self) -> None:
        if self._running_since is None:
            return
        now = self._clock()
        self._banked[self.current] += max(now - self._running_since, 0.0)
        self._running_since = now


def _is_open(step: StepTime, current: StepKey) -> bool:
    """Still to be discussed: the current step, and those the meeting has not moved past."""
    return step.key == current or not step.done


def _index(key: StepKey) -> int:
    return next(i for i, info in enumerate(STEPS) if info.key == key)


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split whole seconds in proportion to weights, the remainders going to the largest."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    shares = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares
