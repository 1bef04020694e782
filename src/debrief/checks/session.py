"""Checks over a whole session: which text lives where, who the people are, what was dismissed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from debrief.checks.blame import check_text
from debrief.checks.findings import Family, Finding
from debrief.checks.quality import check_quality, is_group_owner
from debrief.model import Dismissal, Session, StepKey


@dataclass(frozen=True)
class TextField:
    """One piece of free text in a session, with its path and the step that edits it."""

    path: str
    step: StepKey
    text: str


def text_fields(session: Session) -> Iterator[TextField]:
    """Every free-text field of `session`, in agenda order."""
    summary = session.summary
    timeline = StepKey.TIMELINE
    yield TextField("summary.title", timeline, summary.title)
    yield TextField("summary.detection_method", timeline, summary.detection_method)
    yield TextField("summary.customer_impact", timeline, summary.customer_impact)
    for index, event in enumerate(session.timeline):
        yield TextField(f"timeline[{index}].event", timeline, event.event)
    root = StepKey.ROOT_CAUSE
    yield TextField("analysis.root_cause", root, session.analysis.root_cause)
    for index, why in enumerate(session.analysis.whys):
        yield TextField(f"analysis.whys[{index}]", root, why)
    yield TextField("analysis.safeguards", root, session.analysis.safeguards)
    for index, factor in enumerate(session.factors):
        yield TextField(f"factors[{index}].text", root, factor.text)
        yield TextField(f"factors[{index}].wont_fix", root, factor.wont_fix)
    for index, text in enumerate(session.lessons.went_well):
        yield TextField(f"lessons.went_well[{index}]", StepKey.WENT_WELL, text)
    for index, text in enumerate(session.lessons.went_poorly):
        yield TextField(f"lessons.went_poorly[{index}]", StepKey.WENT_POORLY, text)
    for index, item in enumerate(session.action_items):
        yield TextField(f"action_items[{index}].item", StepKey.ACTION_ITEMS, item.item)
    yield TextField("follow_up.notes", StepKey.FOLLOW_UP, session.follow_up.notes)


def people(session: Session) -> set[str]:
    """The capitalised words that name people in `session`: attendees, commander, owners."""
    names = [*session.people_named(), *(item.owner for item in session.action_items)]
    words: set[str] = set()
    for name in names:
        if is_group_owner(name, session.meeting.teams):
            continue  # "Platform Team" names no person
        for word in re.findall(r"[^\W\d_][\w'-]*", name):
            if word[0].isupper() and len(word) > 1:
                words.add(word)
    return words


def _field_kind(path: str) -> str:
    # A list item keeps its dismissals when rows are added above it or moved.
    return re.sub(r"\[\d+\]", "[]", path)


def is_dismissed(finding: Finding, dismissed: Iterable[Dismissal]) -> bool:
    """Whether the facilitator dismissed this finding, in this very sentence."""
    kind = _field_kind(finding.field or "")
    return any(
        _field_kind(d.field) == kind and d.rule == finding.rule and d.sentence == finding.sentence
        for d in dismissed
    )


def dismissal(finding: Finding) -> Dismissal:
    """The record that silences `finding` until its sentence is rewritten."""
    return Dismissal(field=finding.field or "", rule=finding.rule, sentence=finding.sentence)


class SessionChecks:
    """The findings of a session, re-checking the wording only of fields whose text changed.

    The meeting app keeps one for the whole meeting and runs it after each pause in typing;
    a field typed into is checked again, the others come from the last run. The quality rules
    look at the whole session and are cheap, so they run every time.
    """

    def __init__(self) -> None:
        self._last: dict[str, tuple[str, frozenset[str], list[Finding]]] = {}
        self._silenced: list[Finding] = []

    def run(self, session: Session, today: date | None = None) -> list[Finding]:
        """Every open finding, without those dismissed: wording field by field in agenda
        order, then, when `today` is given, the quality findings judged on that day."""
        names = frozenset(people(session))
        found: list[Finding] = []
        last: dict[str, tuple[str, frozenset[str], list[Finding]]] = {}
        for field in text_fields(session):
            previous = self._last.get(field.path)
            if previous is not None and previous[:2] == (field.text, names):
                findings = previous[2]
            elif field.text.strip():
                findings = [
                    replace(finding, step=field.step)
                    for finding in check_text(field.text, field=field.path, people=names)
                ]
            else:
                findings = []
            last[field.path] = (field.text, names, findings)
            found.extend(findings)
        self._last = last
        if today is not None:
            found.extend(check_quality(session, today))
        self._silenced = [f for f in found if is_dismissed(f, session.dismissed)]
        return [f for f in found if not is_dismissed(f, session.dismissed)]

    def forget_lapsed(self, session: Session) -> bool:
        """Drop the dismissals whose sentence is gone since the last run; True if any went.

        A dismissal lapses when its sentence is rewritten, so it need not stay in the file.
        """
        kept = [d for d in session.dismissed if any(is_dismissed(f, [d]) for f in self._silenced)]
        if len(kept) == len(session.dismissed):
            return False
        session.dismissed = kept
        return True


def check_session(
    session: Session, today: date | None = None, families: Iterable[Family] = tuple(Family)
) -> list[Finding]:
    """Every open finding in `session` of the given families; quality needs `today`."""
    wanted = set(families)
    return [f for f in SessionChecks().run(session, today) if f.family in wanted]


_LIST_LABELS = {
    "timeline": "Timeline, event",
    "analysis.whys": "Why chain, line",
    "factors": "Factor",
    "lessons.went_well": "Went well, point",
    "lessons.went_poorly": "Didn't go well, point",
    "action_items": "Action item",
}


def field_label(path: str) -> str:
    """A field path in words for the room: `analysis.whys[1]` is "Why chain, line 2"."""
    match = re.fullmatch(r"([\w.]+)\[(\d+)\](?:\.(\w+))?", path)
    if match and match.group(1) in _LIST_LABELS:
        label = f"{_LIST_LABELS[match.group(1)]} {int(match.group(2)) + 1}"
        return label + (" (won't fix)" if match.group(3) == "wont_fix" else "")
    if path in _FIELD_LABELS:
        return _FIELD_LABELS[path]
    last = path.rsplit(".", 1)[-1]
    return last.replace("_", " ").capitalize()


_FIELD_LABELS = {
    "analysis.root_cause": "Root cause",
    "analysis.safeguards": "Safeguards",
    "follow_up.notes": "Follow-up notes",
    "follow_up.date": "Follow-up date",
    "meeting.held_at": "Meeting time",
    "summary.date": "Incident date",
}


def counts_by_step(findings: Iterable[Finding]) -> Counter[StepKey]:
    """How many findings each agenda step holds."""
    return Counter(finding.step for finding in findings if finding.step is not None)


def findings_for_step(findings: Iterable[Finding], step: StepKey) -> list[Finding]:
    """The findings to show at `step`; the last step shows every one still open, as a final
    look before the export."""
    return [f for f in findings if step is StepKey.FOLLOW_UP or f.step is step]
