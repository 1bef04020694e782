"""The session as a document to publish: Markdown in the common postmortem shape, or JSON.

Whatever people typed is text, never markup: a `|` in an event must not split a table cell,
a line starting with `#` must not become a heading, and `<script>` must stay words. Every
piece of typed text is escaped before it is placed: `line()` for one line, `cell()` inside a
table, `block()` for paragraphs; all three go through `inline()`.
The output depends on the session alone, so the same session always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime

from debrief.agenda import STEP_INFO, clock_text
from debrief.model import ActionItem, ActionStatus, DerivedMinutes, Session, TimelineEvent

NOT_RECORDED = "_Not recorded._"
"""What an empty section says, so that every export has the same headings."""

# The status of an action item with a mark that reads at a glance.
_STATUS = {
    ActionStatus.OPEN: "☐ open",
    ActionStatus.IN_PROGRESS: "◐ in progress",
    ActionStatus.DONE: "☑ done",
    ActionStatus.WONT_DO: "☒ won't do",
}

# Characters that start Markdown syntax anywhere in a line. `_` is left alone inside words
# (customer_id), where CommonMark never reads it as emphasis.
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]<>|~&])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# What starts a block when it comes first on a line: headings, quotes, lists, rules, tables.
_BLOCK_START = re.compile(r"^(\s*\d*)([#>+=-]|(?<=\d)[.)](?=\s|$))")


_MAY_START_BLOCK = frozenset("#>+=-0123456789 \t")


def inline(text: str) -> str:
    """Escape one line of typed text so that Markdown shows it exactly as typed."""
    escaped = _INLINE_SPECIAL.sub(r"\\\g<0>", text)
    if escaped[:1] not in _MAY_START_BLOCK:
        return escaped
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def line(text: str) -> str:
    """Escape typed text that must stay on one line, such as a heading."""
    return inline(" ".join(text.split()))


def cell(text: str) -> str:
    """Escape typed text for a table cell; line breaks become `<br>`."""
    escaped = [inline(part.strip()) for part in text.strip().splitlines()]
    return "<br>".join(escaped) or " "


def block(text: str, indent: str = "") -> str:
    """Escape typed text as paragraphs: blank lines split paragraphs, other breaks stay.

    Args:
        text: what was typed, possibly over several lines.
        indent: put before every line after the first, to keep the text inside a list item.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rendered = []
    for paragraph in paragraphs:
        lines = [inline(line.strip()) for line in paragraph.splitlines() if line.strip()]
        rendered.append(("\\\n" + indent).join(lines))
    return ("\n\n" + indent).join(rendered)


def to_markdown(session: Session) -> str:
    """The postmortem as Markdown, in the shape of the common postmortem template."""
    parts = [
        f"# Postmortem: {line(session.summary.title) or 'Untitled incident'}",
        _summary(session),
        _timeline(session),
        _root_cause(session),
        _section("Contributing Factors", _factors(session)),
        _section("What Went Well", _bullets(session.lessons.went_well)),
        _section("What Didn't Go Well", _bullets(session.lessons.went_poorly)),
        _action_items(session),
        _follow_up(session),
        _meeting(session),
    ]
    return "\n\n".join(parts) + "\n"


def to_json(session: Session) -> str:
    """The whole session as JSON, with the derived duration and time to detect beside it."""
    data = session.model_dump(mode="json")
    data["derived"] = {
        "duration_minutes": _derived_json(session.duration()),
        "time_to_detect_minutes": _derived_json(session.time_to_detect()),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _derived_json(value: DerivedMinutes) -> dict[str, object]:
    return {"minutes": value.minutes, "source": value.source}


def _section(title: str, body: str) -> str:
    return f"## {title}\n\n{body or NOT_RECORDED}"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    header = list(header)
    lines = [_row(header), _row(["---"] * len(header))]
    lines.extend(_row(row) for row in rows)
    return "\n".join(lines)


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {block(item, '  ')}" for item in items if item.strip())


def minutes_text(minutes: int) -> str:
    """A number of minutes as people say it: `21 min`, `1 h 6 min`, `2 h`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _derived(value: DerivedMinutes, missing: str) -> str:
    if value.minutes is None:
        return f"unknown ({missing})"
    how = "entered by hand" if value.source == "typed" else "from the timeline"
    return f"{minutes_text(value.minutes)} ({how})"


def _summary(session: Session) -> str:
    summary = session.summary
    rows = [
        ("Severity", summary.severity.value.capitalize() if summary.severity else ""),
        ("Date", summary.date.isoformat() if summary.date else ""),
        ("Duration", _derived(session.duration(), "no start and recovery marked")),
        (
            "Time to detect",
            _derived(session.time_to_detect(), "no start and detection or alert marked"),
        ),
        ("Detection method", cell(summary.detection_method)),
        ("Services affected", cell(", ".join(summary.services))),
        ("Customer impact", cell(summary.customer_impact)),
        ("Incident commander", cell(summary.incident_commander)),
    ]
    table = _table(["Field", "Value"], [(name, value or " ") for name, value in rows])
    return f"## Incident Summary\n\n{table}"


def _timeline(session: Session) -> str:
    events = session.sorted_timeline()
    if not events:
        return _section("Timeline", "")
    several_days = events[0].time.date() != events[-1].time.date()
    with_seconds = any(event.time.second for event in events)
    # A generator: each row is joined and dropped before the next is made, which keeps a
    # long timeline's export from growing faster than the timeline.
    rows = ((_time_text(e, several_days, with_seconds), _event_text(e)) for e in events)
    return "## Timeline\n\n" + _table(["Time (UTC)", "Event"], rows)


def _time_text(event: TimelineEvent, with_date: bool, with_seconds: bool) -> str:
    shown = event.time.strftime("%H:%M:%S" if with_seconds else "%H:%M")
    if with_date:
        shown = f"{event.time:%Y-%m-%d} {shown}"
    return f"\\~{shown}" if event.approximate else shown


def _event_text(event: TimelineEvent) -> str:
    text = cell(event.event)
    if event.kind:
        text += f" _({event.kind.value})_"
    if event.source:
        text += f" (source: {line(event.source)})"
    return text


def _root_cause(session: Session) -> str:
    analysis = session.analysis
    parts = [f"## Root Cause\n\n{block(analysis.root_cause) or NOT_RECORDED}"]
    whys = [why for why in analysis.whys if why.strip()]
    if whys:
        chain = "\n".join(f"{n}. {block(why, '   ')}" for n, why in enumerate(whys, start=1))
        parts.append(f"### Why?\n\n{chain}")
    if analysis.safeguards.strip():
        parts.append(f"### Why didn't our safeguards catch it?\n\n{block(analysis.safeguards)}")
    return "\n\n".join(parts)


def _factors(session: Session) -> str:
    lines = []
    for factor in session.factors:
        lines.append(f"- {block(factor.text, '  ')}")
        if factor.wont_fix.strip():
            lines.append(f"  - Won't fix, because {block(factor.wont_fix, '    ')}")
    return "\n".join(lines)


def _action_items(session: Session) -> str:
    if not session.action_items:
        return _section("Action Items", "")
    rows = [
        (
            _action_text(action),
            cell(action.owner),
            _date_text(action.deadline),
            _STATUS[action.status],
        )
        for action in session.action_items
    ]
    table = _table(["Action Item", "Owner", "Deadline", "Status"], rows)
    return f"## Action Items\n\n{table}"


def _action_text(action: ActionItem) -> str:
    text = cell(action.item)
    details = []
    if action.priority:
        details.append(f"priority {action.priority.value}")
    if action.ticket.strip():
        details.append(_link(action.ticket.strip()))
    return f"{text} ({', '.join(details)})" if details else text


_SAFE_URL = re.compile(r"^https?://[^\s<>|\\`]+$")


def _link(target: str) -> str:
    """A ticket as an autolink when it is a plain web address, else as escaped text."""
    return f"<{target}>" if _SAFE_URL.match(target) else line(target)


def _date_text(value: date | datetime | None) -> str:
    if value is None:
        return " "
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M} UTC"
    return value.isoformat()


def _follow_up(session: Session) -> str:
    follow_up = session.follow_up
    lines = []
    if follow_up.date:
        lines.append(f"Review of the action items: **{follow_up.date.isoformat()}**")
    if follow_up.notes.strip():
        lines.append(block(follow_up.notes))
    return _section("Follow-up", "\n\n".join(lines))


def _meeting(session: Session) -> str:
    meeting = session.meeting
    facts = [
        ("Facilitator", line(meeting.facilitator)),
        ("Note-taker", line(meeting.note_taker)),
        ("Attendees", line(", ".join(meeting.attendees))),
        ("Held", _date_text(meeting.held_at).strip()),
        ("Hard stop", _date_text(meeting.hard_stop).strip()),
    ]
    lines = [f"- {name}: {value}" for name, value in facts if value]
    parts = ["## Meeting Record"]
    if lines:
        parts.append("\n".join(lines))
    if meeting.steps:
        rows = [
            (
                STEP_INFO[step.key].title,
                clock_text(step.planned_seconds),
                clock_text(step.spent_seconds),
            )
            for step in meeting.steps
        ]
        planned = sum(step.planned_seconds for step in meeting.steps)
        spent = sum(step.spent_seconds for step in meeting.steps)
        rows.append(("**Total**", f"**{clock_text(planned)}**", f"**{clock_text(spent)}**"))
        parts.append(_table(["Step", "Planned", "Spent"], rows))
    if len(parts) == 1:
        parts.append(NOT_RECORDED)
    return "\n\n".join(parts)
