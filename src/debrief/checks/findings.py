"""What every check reports: a finding, with its place in the text it was found in."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum

from debrief.model import StepKey


class Family(StrEnum):
    """The two kinds of checks: the wording of the review and the practice behind it."""

    BLAME = "blame"
    QUALITY = "quality"


class Category(StrEnum):
    """The kinds of blame-oriented wording, as the labelled corpus defines them."""

    COUNTERFACTUAL = "counterfactual"
    PERSON_AS_CAUSE = "person_as_cause"
    JUDGMENT = "judgment"
    HUMAN_ERROR = "human_error"
    ACCUSATORY_QUESTION = "accusatory_question"
    MINIMIZING = "minimizing"


CATEGORY_LABELS: dict[str, str] = {
    Category.COUNTERFACTUAL: "hindsight",
    Category.PERSON_AS_CAUSE: "person as cause",
    Category.JUDGMENT: "judgement",
    Category.HUMAN_ERROR: "human error",
    Category.ACCUSATORY_QUESTION: "culprit question",
    Category.MINIMIZING: "made to sound easy",
}
"""Short, gentle names for the categories, as shown on a shared screen."""


@dataclass(frozen=True)
class Span:
    """Where a finding sits in its text: offsets, and 1-based lines and columns (characters)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def within(cls, text: str, start: int, end: int) -> Span:
        """The span from offset `start` to `end` of `text`."""
        return LineIndex(text).span(start, end)


_NEWLINE = re.compile("\n")


class LineIndex:
    """Where each line of a text starts, to turn offsets into lines and columns quickly."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column (in characters) of `offset`."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column."""
        return self._starts[line - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        """The span from offset `start` to `end`."""
        return Span(start, end, *self.position(start), *self.position(end))


@dataclass(frozen=True)
class Finding:
    """One thing worth a second look, with why, what to write instead and what to ask."""

    rule: str
    """A stable id; dismissals and allowlists name it."""
    category: str
    """For blame, a `Category`; for quality, the agenda step the finding belongs to (as the
    lint report defines it)."""
    family: Family
    message: str
    """Why this matters, in words fit for a shared screen."""
    suggestion: str
    """A concrete reframing or fix."""
    question: str = ""
    """A question the facilitator can ask the room instead."""
    field: str | None = None
    """The field path in the session (`analysis.root_cause`, `action_items[2].item`)."""
    span: Span | None = None
    text: str = ""
    """The words found, as written."""
    sentence: str = ""
    """What a dismissal is tied to: for wording, the sentence the words are in; for practice,
    the value found wanting. The dismissal lapses when that text changes."""
    short: str = ""
    """A few words naming the rule, where the category alone says too little."""
    step: StepKey | None = None
    """The agenda step where it is shown and fixed; none for a document outside a session."""

    @property
    def label(self) -> str:
        """The rule or the category in a few gentle words."""
        return self.short or CATEGORY_LABELS.get(self.category, self.category.replace("_", " "))
