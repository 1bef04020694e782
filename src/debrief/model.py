"""The postmortem session: what a meeting produces, as validated data with no I/O.

Every other layer reads and writes these models, so the schema is written down once, here.
Two traps are guarded against:

- Times are always aware and in UTC. A naive datetime is refused rather than guessed at,
  because a timeline that silently mixes local and UTC times misleads everyone who reads it.
- Validation errors are turned into sentences a facilitator understands
  (`describe_errors`), with rows counted from 1 as people count them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1
"""Version of the session file format; bumped only when old files need converting."""


class Severity(StrEnum):
    """How bad the incident was; it sizes the meeting."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class EventKind(StrEnum):
    """What a timeline event marks; failure, detection/alert and recovery drive the metrics."""

    TRIGGER = "trigger"
    FAILURE = "failure"
    DETECTION = "detection"
    ALERT = "alert"
    RESPONSE = "response"
    MITIGATION = "mitigation"
    RECOVERY = "recovery"
    NOTE = "note"


class TimePrecision(StrEnum):
    """How precisely an event's time is known."""

    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"


class ActionStatus(StrEnum):
    """Where an action item stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"


class Priority(StrEnum):
    """How urgent an action item is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class StepKey(StrEnum):
    """The six steps of the meeting, in agenda order (the agenda module owns their timing)."""

    TIMELINE = "timeline"
    ROOT_CAUSE = "root_cause"
    WENT_WELL = "went_well"
    WENT_POORLY = "went_poorly"
    ACTION_ITEMS = "action_items"
    FOLLOW_UP = "follow_up"


# --- Times -------------------------------------------------------------------------------------


class TimeFormatError(ValueError):
    """Text that was meant to be a time and is not; the message says what to write instead."""


_TIME_RE = re.compile(
    r"""^\s*(?P<approx>~)?\s*
    (?:(?P<date>\d{4}-\d{2}-\d{2})[T\s]+)?
    (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?
    \s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$""",
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)

EARLIEST_YEAR, LATEST_YEAR = 1970, 2999
"""Times outside these years are typing mistakes, and would overflow date arithmetic."""


@dataclass(frozen=True)
class ParsedTime:
    """A time typed by a person, resolved to UTC."""

    time: datetime
    approximate: bool
    precision: TimePrecision


def _example(on_date: date | None) -> str:
    day = on_date.isoformat() if on_date else "2026-06-21"
    return f"write 14:03 or {day} 14:03 (UTC)"


def parse_event_time(
    text: str, on_date: date | None = None, default_zone: tzinfo = UTC
) -> ParsedTime:
    """Read a timeline time as people type it.

    Args:
        text: `14:03`, `14:03:27`, `2026-06-21 14:03`, `2026-06-21T16:03+02:00`, with an
            optional leading `~` for a time known only roughly and an optional zone
            (`Z`, `UTC`, `+02:00`).
        on_date: the incident's date, used when the text has no date of its own.
        default_zone: the zone of a time typed without one; UTC for timeline events.

    Returns:
        The time in UTC, whether it was marked approximate, and its precision.

    Raises:
        TimeFormatError: with a sentence saying what to write instead.
    """
    if not text.strip():
        raise TimeFormatError(f"the time is empty; {_example(on_date)}")
    match = _TIME_RE.match(text)
    if match is None:
        raise TimeFormatError(f"'{text.strip()}' is not a time; {_example(on_date)}")
    if match["date"]:
        try:
            day = date.fromisoformat(match["date"])
        except ValueError:
            raise TimeFormatError(
                f"'{match['date']}' is not a date; {_example(on_date)}"
            ) from None
    elif on_date is not None:
        day = on_date
    else:
        raise TimeFormatError(
            f"'{text.strip()}' has no date and the incident date is not set; "
            f"write it as 2026-06-21 {match['hour']}:{match['minute']}"
        )
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise TimeFormatError(f"'{text.strip()}' is not a time of day; {_example(on_date)}")
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise TimeFormatError(
            f"'{text.strip()}' is not between {EARLIEST_YEAR} and {LATEST_YEAR}; "
            f"{_example(on_date)}"
        )
    zone = _zone(match["zone"]) if match["zone"] else default_zone
    if zone is None:
        raise TimeFormatError(
            f"'{match['zone']}' is not a time zone offset; write one such as +02:00 or -07:00"
        )
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)
    precision = TimePrecision.SECOND if match["second"] else TimePrecision.MINUTE
    return ParsedTime(local.astimezone(UTC), bool(match["approx"]), precision)


def _zone(text: str) -> timezone | None:
    """The zone an offset names, or None when no place on Earth uses it."""
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if minutes not in (0, 15, 30, 45) or hours * 60 + minutes > 14 * 60:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


_EVENT_LINE = re.compile(
    r"""^\s*(?P<time>~?\s*(?:\d{4}-\d{2}-\d{2}[T\s]+)?\d{1,2}:\d{2}(?::\d{2})?
    (?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})(?!\w))?)
    (?:\s*[-\u2013\u2014:|]\s+|:|\s+)(?P<text>\S.*?)\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_event_line(line: str, on_date: date | None = None) -> TimelineEvent:
    """Read one line such as `14:03 alert fired` as a timeline event.

    Raises:
        TimeFormatError: when the line does not start with a readable time.
    """
    match = _EVENT_LINE.match(line)
    if match is None:
        if _TIME_RE.match(line):
            raise TimeFormatError(
                f"'{line.strip()}' has a time but no event; write it as 14:03 alert fired"
            )
        raise TimeFormatError(
            f"'{line.strip()}' does not start with a time; write it as 14:03 alert fired"
        )
    parsed = parse_event_time(match["time"], on_date)
    return TimelineEvent(
        time=parsed.time,
        event=match["text"],
        approximate=parsed.approximate,
        precision=parsed.precision,
    )


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_DAY = re.compile(r"^\+\s*(?P<count>\d{1,3})\s*(?P<unit>[dw])$", re.IGNORECASE)


def parse_day(text: str, today: date) -> date:
    """Read a date as people type a deadline: `2026-07-01`, `+3d`, `+2w`, `friday`, `tomorrow`.

    Raises:
        ValueError: with a sentence saying what to write instead.
    """
    typed = text.strip().lower()
    relative = _RELATIVE_DAY.match(typed)
    if relative:
        days = int(relative["count"]) * (7 if relative["unit"].lower() == "w" else 1)
        return today + timedelta(days=days)
    if typed in ("today", "tomorrow"):
        return today + timedelta(days=typed == "tomorrow")
    for number, name in enumerate(_WEEKDAYS):
        if len(typed) >= 3 and name.startswith(typed):
            return today + timedelta(days=(number - today.weekday() - 1) % 7 + 1)
    try:
        return date.fromisoformat(typed)
    except ValueError:
        raise ValueError(
            f"'{text.strip()}' is not a date; write 2026-07-01, +3d, +2w or a weekday"
        ) from None


def _refuse_numbers(value: Any) -> Any:
    """A number is not a time: pydantic would read it as seconds since 1970."""
    if isinstance(value, int | float):
        raise PydanticCustomError(
            "datetime_number", "{value} is a number, not a date and time", {"value": value}
        )
    return value


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise PydanticCustomError(
            "naive_datetime",
            "'{value}' has no time zone; add Z for UTC or an offset such as +02:00",
            {"value": value.isoformat(sep=" ")},
        )
    if not EARLIEST_YEAR < value.year < LATEST_YEAR:
        raise PydanticCustomError(
            "datetime_range",
            "'{value}' is not between {earliest} and {latest}",
            {"value": value.isoformat(sep=" "), "earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )
    return value.astimezone(UTC)


UtcDateTime = Annotated[datetime, BeforeValidator(_refuse_numbers), AfterValidator(_to_utc)]
"""A datetime that must carry a zone; it is stored in UTC."""


@dataclass(frozen=True)
class _UnreadableTime:
    """Carries a time-parsing error from the session validator to the field, keeping its row."""

    message: str


def _refuse_unreadable_time(value: Any) -> Any:
    if isinstance(value, _UnreadableTime):
        raise PydanticCustomError("event_time", "{message}", {"message": value.message})
    return value


# --- Sections ----------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False)


Text = Field(min_length=1, pattern=r"\S")
"""A required text: empty or blank is refused."""

MAX_STEP_SECONDS = 24 * 3600
"""No step of one meeting is planned for, or lasts, a day or more."""


class Summary(_Model):
    """The incident summary; every field may be empty while the meeting is on."""

    title: str = ""
    date: dt.date | None = None
    severity: Severity | None = None
    detection_method: str = ""
    services: list[str] = []
    customer_impact: str = ""
    incident_commander: str = ""
    duration_minutes: int | None = Field(default=None, ge=0)
    """Typed by hand; wins over the duration derived from the timeline."""
    time_to_detect_minutes: int | None = Field(default=None, ge=0)
    """Typed by hand; wins over the time to detect derived from the timeline."""


class TimelineEvent(_Model):
    """One thing that happened, at a UTC time."""

    time: Annotated[UtcDateTime, BeforeValidator(_refuse_unreadable_time)]
    event: str = Text
    approximate: bool = False
    """The time is a rough one (typed as `~14:00`)."""
    precision: TimePrecision = TimePrecision.MINUTE
    kind: EventKind | None = None
    source: str = ""
    """A link, or where the fact came from."""


class Analysis(_Model):
    """Root cause, the chain of "why?" answers, and why the safeguards did not catch it."""

    root_cause: str = ""
    whys: list[str] = []
    safeguards: str = ""
    """The answer to "why didn't our safeguards catch it?"."""


class Factor(_Model):
    """A contributing factor; action items point at it by `id`."""

    id: str = ""
    """A short stable name (`f1`); given one automatically when empty."""
    text: str = Text
    wont_fix: str = ""
    """Why nothing will be done about it ("won't fix, because ...")."""


class Lessons(_Model):
    """What went well and what did not."""

    went_well: list[str] = []
    went_poorly: list[str] = []


class ActionItem(_Model):
    """Something to do so that this kind of incident is less likely or less harmful."""

    item: str = Text
    owner: str = ""
    deadline: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    priority: Priority | None = None
    ticket: str = ""
    """A link to the tracker."""
    addresses: list[str] = []
    """Ids of the contributing factors this item addresses."""


class FollowUp(_Model):
    """The review of the action items, a few weeks after the meeting."""

    date: dt.date | None = None
    notes: str = ""


class StepTime(_Model):
    """Time planned for and spent on one step of the meeting."""

    key: StepKey
    planned_seconds: int = Field(ge=0, lt=MAX_STEP_SECONDS)
    spent_seconds: float = Field(default=0.0, ge=0, lt=MAX_STEP_SECONDS)
    done: bool = False
    """The facilitator has moved past this step at least once."""


class Meeting(_Model):
    """The record of the meeting itself."""

    facilitator: str = ""
    note_taker: str = ""
    attendees: list[str] = []
    teams: list[str] = []
    """Names of teams, so that an owner who is a team rather than a person can be told apart."""
    held_at: UtcDateTime | None = None
    """When the meeting started (set when its timer first starts)."""
    hard_stop: UtcDateTime | None = None
    """When the room must be left."""
    current_step: StepKey = StepKey.TIMELINE
    steps: list[StepTime] = []
    """Planned and spent time per step, in agenda order; empty until a plan is made."""

    @model_validator(mode="after")
    def _one_of_each_step(self) -> Meeting:
        if not self.steps:
            return self
        keys = [step.key for step in self.steps]
        for key in StepKey:
            if keys.count(key) != 1:
                problem = "is missing" if key not in keys else "appears more than once"
                raise PydanticCustomError(
                    "steps",
                    "the step '{key}' {problem}; each of the six steps appears once",
                    {"key": key.value, "problem": problem},
                )
        self.steps.sort(key=lambda step: list(StepKey).index(step.key))
        return self

    def step(self, key: StepKey) -> StepTime:
        """The time record of one step."""
        return next(step for step in self.steps if step.key == key)


class Dismissal(_Model):
    """A finding the facilitator set aside; it lapses when its sentence is rewritten."""

    field: str = Text
    """Where the finding was, such as `analysis.root_cause` or `action_items[2].owner`."""
    rule: str = Text
    sentence: str = Text
    """The sentence the finding was in, as it read when dismissed."""


# --- The session -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedMinutes:
    """A duration in minutes and where it came from."""

    minutes: int | None
    source: Literal["typed", "timeline", "unknown"]


class Session(_Model):
    """Everything a postmortem meeting records."""

    schema_version: int = Field(default=SCHEMA_VERSION, strict=True, ge=1)
    summary: Summary = Summary()
    timeline: list[TimelineEvent] = []
    analysis: Analysis = Analysis()
    factors: list[Factor] = []
    lessons: Lessons = Lessons()
    action_items: list[ActionItem] = []
    follow_up: FollowUp = FollowUp()
    meeting: Meeting = Meeting()
    dismissed: list[Dismissal] = []

    @model_validator(mode="before")
    @classmethod
    def _read_typed_times(cls, data: Any) -> Any:
        """Let timeline times be given as text, read against the incident's date."""
        if not isinstance(data, dict) or not isinstance(data.get("timeline"), list):
            return data
        on_date = _incident_date(data)
        rows = []
        for row in data["timeline"]:
            if isinstance(row, dict) and isinstance(row.get("time"), str):
                row = {**row, **_time_fields(row["time"], on_date)}
            rows.append(row)
        return {**data, "timeline": rows}

    @model_validator(mode="after")
    def _link_factors(self) -> Session:
        for factor in self.factors:
            if not factor.id:
                factor.id = self.next_factor_id()
        ids = [factor.id for factor in self.factors]
        if len(set(ids)) != len(ids):
            twice = next(i for i in ids if ids.count(i) > 1)
            raise PydanticCustomError(
                "factor_id", "two contributing factors share the id '{id}'", {"id": twice}
            )
        for number, action in enumerate(self.action_items, start=1):
            for factor_id in action.addresses:
                if factor_id not in ids:
                    raise PydanticCustomError(
                        "factor_link",
                        "action item {n} addresses the factor '{id}', "
                        "which is not among the contributing factors",
                        {"n": number, "id": factor_id},
                    )
        return self

    def next_factor_id(self) -> str:
        """The first of `f1`, `f2`, ... that no contributing factor has yet."""
        taken = {factor.id for factor in self.factors}
        return next(f"f{n}" for n in range(1, len(taken) + 2) if f"f{n}" not in taken)

    def people_named(self) -> list[str]:
        """The names of the people the meeting lists: facilitator, note-taker, incident
        commander and attendees, once each, blanks left out."""
        meeting = self.meeting
        names = [meeting.facilitator, meeting.note_taker, self.summary.incident_commander]
        return list(dict.fromkeys(n for n in [*names, *meeting.attendees] if n.strip()))

    def sorted_timeline(self) -> list[TimelineEvent]:
        """The timeline in chronological order (rows typed at the same time keep their order)."""
        return sorted(self.timeline, key=lambda event: event.time)

    def incident_start(self) -> datetime | None:
        """The first failure, else the trigger: where duration and time to detect start."""
        for kinds in ((EventKind.FAILURE,), (EventKind.TRIGGER,)):
            start = self._first(kinds)
            if start is not None:
                return start
        return None

    def incident_end(self) -> datetime | None:
        """When the incident was over: the first recovery after it started, else the last
        event of the timeline, else the end of the incident's day (UTC)."""
        recovered = self._first((EventKind.RECOVERY,), after=self.incident_start())
        if recovered is not None:
            return recovered
        if self.timeline:
            return max(event.time for event in self.timeline)
        day = self.summary.date
        return datetime.combine(day, dt.time.max, tzinfo=UTC) if day else None

    def duration(self) -> DerivedMinutes:
        """From the incident start to the first recovery after it; a typed value wins."""
        return self._derive(self.summary.duration_minutes, (EventKind.RECOVERY,))

    def time_to_detect(self) -> DerivedMinutes:
        """From the incident start to the first detection or alert after it; a typed value
        wins."""
        return self._derive(
            self.summary.time_to_detect_minutes, (EventKind.DETECTION, EventKind.ALERT)
        )

    def _first(
        self, kinds: tuple[EventKind, ...], after: datetime | None = None
    ) -> datetime | None:
        times = [
            event.time
            for event in self.timeline
            if event.kind in kinds and (after is None or event.time >= after)
        ]
        return min(times, default=None)

    def _derive(self, typed: int | None, end_kinds: tuple[EventKind, ...]) -> DerivedMinutes:
        if typed is not None:
            return DerivedMinutes(typed, "typed")
        start = self.incident_start()
        end = self._first(end_kinds, after=start) if start else None
        if start is None or end is None:
            return DerivedMinutes(None, "unknown")
        return DerivedMinutes(round((end - start).total_seconds() / 60), "timeline")


def _incident_date(data: dict[str, Any]) -> date | None:
    summary = data.get("summary")
    value = summary.get("date") if isinstance(summary, dict) else None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _time_fields(text: str, on_date: date | None) -> dict[str, Any]:
    try:
        parsed = parse_event_time(text, on_date)
    except TimeFormatError as error:
        return {"time": _UnreadableTime(str(error))}
    fields: dict[str, Any] = {"time": parsed.time, "precision": parsed.precision}
    if parsed.approximate:
        fields["approximate"] = True
    return fields


# --- Errors in words ---------------------------------------------------------------------------

_OWN_SENTENCES = ("event_time", "steps", "factor_id", "factor_link")
"""Error types raised by our own validators, whose message is already a sentence."""

_ROWS = {
    "timeline": "timeline row",
    "factors": "contributing factor",
    "action_items": "action item",
    "dismissed": "dismissed finding",
}
_NESTED_ROWS = {
    ("analysis", "whys"): "why chain, answer",
    ("lessons", "went_well"): "went well, item",
    ("lessons", "went_poorly"): "didn't go well, item",
    ("summary", "services"): "summary: services, item",
    ("meeting", "steps"): "meeting step",
    ("meeting", "attendees"): "meeting: attendee",
    ("meeting", "teams"): "meeting: team",
}
_LABELS = {
    "note_taker": "note-taker",
    "held_at": "meeting start",
    "hard_stop": "hard stop",
    "wont_fix": "won't-fix note",
    "ticket": "ticket link",
    "duration_minutes": "duration (minutes)",
    "time_to_detect_minutes": "time to detect (minutes)",
    "event": "event text",
    "item": "action item text",
    "text": "text",
}


def describe_errors(error: ValidationError) -> list[str]:
    """Turn a pydantic validation error into sentences, one per problem.

    Returns:
        Sentences such as "timeline row 3: '2pm-ish' is not a time; write 14:03 or
        2026-06-21 14:03 (UTC)", with rows counted from 1.
    """
    return [_describe(detail) for detail in error.errors(include_url=False)]


def _describe(detail: Any) -> str:
    loc = tuple(detail["loc"])
    if detail["type"] == "extra_forbidden":
        # The unknown name is the last part of the location, not a field to label.
        where, _ = _where((*loc[:-1], "_"))
        unknown = f"'{loc[-1]}' is not a field debrief knows; check its spelling"
        return f"{where}: {unknown}" if where else unknown
    where, field = _where(loc)
    if detail["type"] in _OWN_SENTENCES and not where and field:
        where = _label(field)  # a whole section is wrong, such as the meeting's steps
    sentence = _sentence(detail, field)
    return f"{where}: {sentence}" if where else sentence


def _where(loc: tuple[Any, ...]) -> tuple[str, str | None]:
    """Split a location into the place ("timeline row 3") and the field name in it."""
    if not loc:
        return "", None
    head = loc[0]
    if head in _ROWS and len(loc) >= 2 and isinstance(loc[1], int):
        return f"{_ROWS[head]} {loc[1] + 1}", _last_name(loc[2:])
    if len(loc) >= 3 and (head, loc[1]) in _NESTED_ROWS and isinstance(loc[2], int):
        place = f"{_NESTED_ROWS[head, loc[1]]} {loc[2] + 1}"
        return place, _last_name(loc[3:])
    if len(loc) == 1:
        return "", str(head)
    section = "contributing factors" if head == "factors" else str(head).replace("_", " ")
    return section, _last_name(loc[1:])


def _last_name(rest: tuple[Any, ...]) -> str | None:
    names = [part for part in rest if isinstance(part, str)]
    return names[-1] if names else None


def _label(field: str | None) -> str:
    if field is None:
        return "this value"
    return _LABELS.get(field, field.replace("_", " "))


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, datetime | date):
        return f"'{value.isoformat()}'"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# Sentences by pydantic error type; `{label}` is the field, `{value}` what was given, `{msg}`
# pydantic's own (or our validator's) message, `{expected}` and `{limit}` from its context.
_SENTENCES: dict[str, str] = {
    "naive_datetime": "{label} {msg}",
    "datetime_number": "{label} {msg}",
    "datetime_range": "{label} {msg}",
    "missing": "{label} is missing",
    "enum": "{label} must be {expected}, not {value}",
    "literal_error": "{label} must be {expected}, not {value}",
    "string_type": "{label} must be text, not {value}",
    "string_too_short": "{label} is empty",
    "string_pattern_mismatch": "{label} is empty",
    "list_type": "{label} must be a list, not {value}",
    "model_type": "{label} must be a table of fields, not {value}",
    "dict_type": "{label} must be a table of fields, not {value}",
    "model_attributes_type": "{label} must be a table of fields, not {value}",
    "greater_than_equal": "{label} must be at least {limit}, not {value}",
    "greater_than": "{label} must be more than {limit}, not {value}",
    "less_than": "{label} must be less than {limit}, not {value}",
    "less_than_equal": "{label} must be at most {limit}, not {value}",
    "finite_number": "{label} must be a number, not {value}",
}
# For whole families of types, by the start of their name; the first match wins.
_SENTENCES_BY_PREFIX: tuple[tuple[str, str], ...] = (
    ("datetime", "{label} {value} is not a date and time; write it as 2026-06-21 14:03Z"),
    ("timezone", "{label} {value} is not a date and time; write it as 2026-06-21 14:03Z"),
    ("date", "{label} {value} is not a date; write it as 2026-06-21"),
    ("int", "{label} must be a whole number, not {value}"),
    ("float", "{label} must be a number, not {value}"),
    ("bool", "{label} must be true or false, not {value}"),
)


def _sentence(detail: Any, field: str | None) -> str:
    kind: str = detail["type"]
    if kind in _OWN_SENTENCES:
        return str(detail["msg"])
    template = _SENTENCES.get(kind) or next(
        (text for prefix, text in _SENTENCES_BY_PREFIX if kind.startswith(prefix)),
        "{label}: {msg}",
    )
    ctx = detail.get("ctx") or {}
    limits = [ctx[key] for key in ("ge", "gt", "le", "lt") if key in ctx]
    return template.format(
        label=_label(field),
        value=_shown(detail.get("input")),
        msg=str(detail["msg"]).removeprefix("Value error, "),
        expected=str(ctx.get("expected", "")).replace("'", ""),
        limit=limits[0] if limits else "",
    )
