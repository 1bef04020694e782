"""Postmortem quality: the practice of a good postmortem, checked on a whole session.

Each rule is a small function from the session to findings; the words shown for each rule and
the word lists the rules use are in `quality_rules.toml`. A finding's category is the agenda
step where it is fixed, and its field is the path of what to change.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from debrief.agenda import FOLLOW_UP_DAYS, STEPS
from debrief.checks.findings import Family, Finding, LineIndex, Span
from debrief.model import ActionItem, ActionStatus, EventKind, Session, StepKey, TimePrecision

MAX_OPEN_ITEMS = 7
"""More open action items than this is a list where items go to die."""

MEETING_WITHIN = timedelta(hours=48)
"""A review later than this after the incident ended loses what people remember."""

SHORT_ROOT_CAUSE_WORDS = 6
"""A root cause this short cannot say why; a longer one is judged by its words."""

SYMPTOM_ROOT_CAUSE_WORDS = 30
"""A root cause longer than this is assumed to go beyond the symptom."""

OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class QualityBook:
    """The texts of each rule and the word lists, read once."""

    texts: dict[str, dict[str, str]]
    words: dict[str, tuple[str, ...]]


@cache
def quality_book() -> QualityBook:
    """The quality rules' data."""
    text = resources.files("debrief.checks").joinpath("quality_rules.toml").read_text("utf-8")
    data = tomllib.loads(text)
    words = {name: tuple(values) for name, values in data["words"].items()}
    return QualityBook(texts=data["rule"], words=words)


RULE_IDS: tuple[str, ...] = tuple(quality_book().texts)
"""Every quality rule id, in the order they are listed."""


def _finding(
    rule: str, step: StepKey, field: str | None, text: str = "", span: Span | None = None
) -> Finding:
    texts = quality_book().texts[rule]
    return Finding(
        rule=rule,
        category=step.value,
        family=Family.QUALITY,
        message=texts["message"],
        suggestion=texts["suggestion"],
        question=texts["question"],
        field=field,
        span=span,
        text=text,
        sentence=text,
        short=texts["label"],
        step=step,
    )


def _contains(text: str, words: str) -> re.Match[str] | None:
    """The first phrase of the word list named `words` in `text`, as whole words."""
    return _phrases(words).search(text)


@cache
def _phrases(words: str) -> re.Pattern[str]:
    phrases = sorted(quality_book().words[words], key=len, reverse=True)
    alternatives = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


# --- Action items ------------------------------------------------------------------------------


def _open_items(session: Session) -> Iterator[tuple[int, ActionItem]]:
    for index, item in enumerate(session.action_items):
        if item.status in OPEN:
            yield index, item


def is_group_owner(owner: str, teams: list[str]) -> bool:
    """Whether `owner` names a team or a group ("@platform-eng", "infra team", "TBD")."""
    name = owner.strip().lower().lstrip("@")
    if name in {team.strip().lower().lstrip("@") for team in teams}:
        return True
    words = re.split(r"[\s@/_.,-]+", name)
    return any(word in quality_book().words["group_owner"] for word in words if word)


def vague_phrase(item: str) -> re.Match[str] | None:
    """The words that make an action item vague, if any."""
    found = _contains(item, "vague_item")
    if found:
        return found
    open_ended = _contains(item, "open_ended")
    if open_ended and not _contains(item, "bounded_outcome"):
        return open_ended
    return None


def _action_items(session: Session, today: date) -> Iterator[Finding]:
    step = StepKey.ACTION_ITEMS
    teams = session.meeting.teams
    for index, item in _open_items(session):
        path = f"action_items[{index}]"
        owner = item.owner.strip()
        if not owner:
            yield _finding("action-item-no-owner", step, f"{path}.owner", item.item)
        elif is_group_owner(owner, teams):
            yield _finding("action-item-team-owner", step, f"{path}.owner", owner)
        if item.deadline is None:
            yield _finding("action-item-no-deadline", step, f"{path}.deadline", item.item)
        elif item.deadline < today:
            yield _finding("action-item-past-deadline", step, f"{path}.deadline", item.item)
        vague = vague_phrase(item.item)
        if vague:
            span = Span.within(item.item, vague.start(), vague.end())
            yield _finding("action-item-vague", step, f"{path}.item", vague.group(), span)
        elif len(item.item.split()) < 3:
            yield _finding("action-item-vague", step, f"{path}.item", item.item)
    open_count = sum(1 for _ in _open_items(session))
    if open_count > MAX_OPEN_ITEMS:
        yield _finding("action-items-too-many", step, "action_items", f"{open_count} open")


# --- Root cause --------------------------------------------------------------------------------


def _root_cause(session: Session, today: date) -> Iterator[Finding]:
    step = StepKey.ROOT_CAUSE
    analysis = session.analysis
    text = analysis.root_cause.strip()
    if text:
        count = len(text.split())
        symptom = _contains(text, "symptom")
        explained = _contains(text, "explains")
        if count < SHORT_ROOT_CAUSE_WORDS or (
            symptom and not explained and count <= SYMPTOM_ROOT_CAUSE_WORDS
        ):
            yield _finding("root-cause-symptom", step, "analysis.root_cause", text)
    if not analysis.safeguards.strip():
        yield _finding("root-cause-missing-why", step, "analysis.safeguards")
    for index, factor in enumerate(session.factors):
        addressed = any(factor.id in item.addresses for item in session.action_items)
        if not addressed and not factor.wont_fix.strip():
            yield _finding("factor-uncovered", step, f"factors[{index}]", factor.text)


# --- Timeline and summary ----------------------------------------------------------------------


def _timeline(session: Session, today: date) -> Iterator[Finding]:
    step = StepKey.TIMELINE
    for index, event in enumerate(session.timeline):
        if event.approximate or event.precision is TimePrecision.HOUR:
            yield _finding("timeline-imprecise", step, f"timeline[{index}].time", event.event)
    start = session.incident_start()
    if start is not None:
        for index, event in enumerate(session.timeline):
            marks_after = event.kind in (EventKind.DETECTION, EventKind.ALERT, EventKind.RECOVERY)
            if marks_after and event.time < start:
                yield _finding(
                    "timeline-out-of-order", step, f"timeline[{index}].time", event.event
                )
    if session.timeline and "unknown" in (
        session.duration().source,
        session.time_to_detect().source,
    ):
        yield _finding("timeline-missing-marks", step, "timeline")
    summary = session.summary
    for name in (
        "title",
        "date",
        "severity",
        "detection_method",
        "services",
        "customer_impact",
        "incident_commander",
    ):
        value = getattr(summary, name)
        if value is None or (isinstance(value, str | list) and not value):
            yield _finding("summary-incomplete", step, f"summary.{name}", name.replace("_", " "))


# --- The meeting and its follow-up -------------------------------------------------------------


def _meeting(session: Session, today: date) -> Iterator[Finding]:
    held = session.meeting.held_at
    ended = session.incident_end()
    if held is not None and ended is not None and held - ended > MEETING_WITHIN:
        hours = round((held - ended).total_seconds() / 3600)
        later = f"{hours} hours later" if hours < 72 else f"{round(hours / 24)} days later"
        yield _finding("meeting-late", StepKey.TIMELINE, "meeting.held_at", later)
    step = StepKey.FOLLOW_UP
    review = session.follow_up.date
    if review is None:
        yield _finding("follow-up-missing", step, "follow_up.date")
        return
    meeting_day = held.date() if held is not None else today
    earliest, latest = (meeting_day + timedelta(days=offset) for offset in FOLLOW_UP_DAYS)
    if not earliest <= review <= latest:
        yield _finding("follow-up-window", step, "follow_up.date", review.isoformat())


# --- Empty sections ----------------------------------------------------------------------------


_SECTION_FIELDS: dict[StepKey, tuple[str, Callable[[Session], bool]]] = {
    StepKey.TIMELINE: ("timeline", lambda s: bool(s.timeline)),
    StepKey.ROOT_CAUSE: (
        "analysis.root_cause",
        lambda s: (
            bool(s.analysis.root_cause.strip() or s.analysis.whys or s.analysis.safeguards.strip())
            or bool(s.factors)
        ),
    ),
    StepKey.WENT_WELL: ("lessons.went_well", lambda s: bool(s.lessons.went_well)),
    StepKey.WENT_POORLY: ("lessons.went_poorly", lambda s: bool(s.lessons.went_poorly)),
    StepKey.ACTION_ITEMS: ("action_items", lambda s: bool(s.action_items)),
}
"""Where each step's section lives and whether it holds anything. The follow-up step is
covered by `follow-up-missing`, and the summary by `summary-incomplete`."""


def _sections(session: Session, today: date) -> Iterator[Finding]:
    steps = {step.key: step for step in session.meeting.steps}
    for info in STEPS:
        entry = _SECTION_FIELDS.get(info.key)
        passed = steps.get(info.key)
        if entry is None or passed is None or not passed.done:
            continue
        path, filled = entry
        if not filled(session):
            yield _finding("section-empty", info.key, path, info.title)


_RULES: tuple[Callable[[Session, date], Iterator[Finding]], ...] = (
    _timeline,
    _meeting,
    _root_cause,
    _sections,
    _action_items,
)


def check_quality(session: Session, today: date) -> list[Finding]:
    """Every quality finding in `session`, judged on `today`, in agenda order."""
    order = {info.key.value: index for index, info in enumerate(STEPS)}
    found = [finding for rule in _RULES for finding in rule(session, today)]
    return sorted(found, key=lambda finding: order[finding.category])


_DOCUMENT_TIME = re.compile(r"^\s*~?\s*(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _time_cells(text: str) -> Iterator[tuple[int, str]]:
    """The first cell of each row of every Markdown table whose first column is headed "Time",
    with the row's line index."""
    from markdown_it import MarkdownIt  # only for Markdown documents

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    in_time_table = False
    cell = 0
    row_line = 0
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            in_time_table = False
        elif token.type == "tr_open":
            cell, row_line = 0, token.map[0] if token.map else 0
        elif token.type in ("th_open", "td_open"):
            cell += 1
        elif token.type == "inline" and cell == 1:
            if tokens[index - 1].type == "th_open":
                in_time_table = token.content.strip().lower().startswith("time")
            elif in_time_table:
                yield row_line, token.content.strip()


def check_document_timeline(text: str) -> list[Finding]:
    """Rows of a Markdown timeline table (a first column headed "Time") out of time order.

    A row without a date takes the date of the row above it.
    """
    # Limitation: a table that runs past midnight without dates reads as out of order.
    found: list[Finding] = []
    lines = text.split("\n")
    index = LineIndex(text)
    previous: tuple[str, int, int, int] | None = None
    day = ""
    for row_line, content in _time_cells(text):
        match = _DOCUMENT_TIME.match(content)
        if match is None:
            continue
        day = match.group(1) or day
        hour, minute, second = (int(part or 0) for part in match.groups()[1:])
        moment = (day, hour, minute, second)
        if previous is not None and moment < previous:
            column = max(lines[row_line].find(content), 0) if row_line < len(lines) else 0
            start = index.offset(row_line + 1, column + 1)
            span = Span.within(text, start, start + len(content))
            found.append(_finding("timeline-out-of-order", StepKey.TIMELINE, None, content, span))
        previous = moment
    return found
