"""Checks that teach the practice: blame-oriented wording and postmortem quality.

Pure functions from text or a session to findings; no I/O beyond reading the bundled rules,
and no Textual.
"""

from debrief.checks.blame import check_text
from debrief.checks.findings import Category, Family, Finding, Span

__all__ = ["Category", "Family", "Finding", "Span", "check_text"]
