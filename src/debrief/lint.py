"""`debrief lint`: findings for a session file, a Markdown or text file, or standard input.

A session is checked field by field, with positions inside each field's text; any other text
is checked as one document whose line numbers are the file's. Markdown code is skipped, a line
after `<!-- debrief: ignore -->` is skipped, and phrases listed in an allowlist file
(`.debrief-allow`, looked for beside the input and in every folder above it) never count.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from debrief import store
from debrief.checks import Family, Finding, check_text
from debrief.checks.quality import check_document_timeline
from debrief.checks.session import check_session, text_fields

ALLOWLIST_NAME = ".debrief-allow"
"""One phrase a line; a line starting with `#` is a comment. A finding whose words overlap a
listed phrase (matched as whole words, in any case) is silenced."""

IGNORE_COMMENT = re.compile(r"<!--\s*debrief:\s*ignore\s*-->", re.IGNORECASE)
"""On a line of its own, silences the next line that holds text; after text, its own line."""

_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}


class LintInputError(ValueError):
    """Input that cannot be checked: a missing file, a folder, text that is not UTF-8."""


@dataclass(frozen=True)
class LintResult:
    """What one input produced, and the name it is reported under."""

    path: str
    findings: list[Finding]


def read_allowlist(path: Path) -> list[str]:
    """The phrases in an allowlist file, as written."""
    phrases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        phrase = line.strip()
        if phrase and not phrase.startswith("#"):
            phrases.append(phrase)
    return phrases


def find_allowlist(start: Path) -> Path | None:
    """The nearest allowlist file in `start` or a folder above it."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / ALLOWLIST_NAME
        try:
            if path.is_file():
                return path
        except OSError:
            continue  # a folder we may not look into has no allowlist for us
    return None


def allowed_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Where the allowlisted phrases occur in `text`, as whole words, in any case."""
    spans = []
    for phrase in phrases:
        words = r"\s+".join(re.escape(word) for word in phrase.split())
        pattern = re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)
        spans += [match.span() for match in pattern.finditer(text)]
    return spans


def is_allowed(finding: Finding, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether an allowlisted phrase covers part of the finding's words."""
    if finding.span is None:
        return False
    return any(start < finding.span.end and finding.span.start < end for start, end in spans)


def blank_markdown_code(text: str) -> str:
    """`text` with Markdown code blocks blanked out, every offset and line number unchanged.

    The detector itself skips fences and code spans in any text; indented code blocks exist
    only in Markdown, so only a Markdown parser can find them.
    """
    from markdown_it import MarkdownIt  # only for Markdown input

    lines = text.split("\n")
    for token in MarkdownIt("commonmark").parse(text):
        if token.type in ("fence", "code_block") and token.map:
            first, last = token.map
            for index in range(first, min(last, len(lines))):
                lines[index] = " " * len(lines[index])
    return "\n".join(lines)


def blank_ignored_lines(text: str) -> str:
    """`text` with the lines that ignore comments silence blanked out (lengths unchanged)."""
    lines = text.split("\n")
    waiting = False
    for index, line in enumerate(lines):
        if IGNORE_COMMENT.search(line):
            rest = IGNORE_COMMENT.sub("", line).strip()
            if rest:  # after the text it silences: that very line
                lines[index] = " " * len(line)
            else:
                waiting = True
            continue
        if waiting and line.strip():
            lines[index] = " " * len(line)
            waiting = False
    return "\n".join(lines)


@dataclass(frozen=True)
class LintOptions:
    """What to report: the families of checks, the day deadlines are judged by, silenced
    phrases."""

    families: frozenset[Family] = frozenset(Family)
    today: date | None = None
    allow: tuple[str, ...] = ()


def lint_text(text: str, markdown: bool, options: LintOptions) -> list[Finding]:
    """Findings in a plain or Markdown document; positions are the document's."""
    # Code first: an ignore comment inside a code block is code, not a comment.
    checked = blank_markdown_code(text) if markdown else text
    checked = blank_ignored_lines(checked)
    found: list[Finding] = []
    if Family.BLAME in options.families:
        found += check_text(checked, field=None)
    if Family.QUALITY in options.families and markdown:
        found += check_document_timeline(checked)
    found.sort(key=lambda finding: finding.span.start if finding.span else 0)
    spans = allowed_spans(text, options.allow)
    return [finding for finding in found if not is_allowed(finding, spans)]


def lint_session_file(path: Path, options: LintOptions) -> list[Finding]:
    """Findings in a session file, field by field, without those dismissed in the meeting."""
    session = store.load(path)
    spans = {
        field.path: allowed_spans(field.text, options.allow) for field in text_fields(session)
    }
    return [
        finding
        for finding in check_session(session, options.today or date.today(), options.families)
        if not is_allowed(finding, spans.get(finding.field or "", []))
    ]


def lint_path(path: Path, options: LintOptions) -> list[Finding]:
    """Findings in a file: a session if it ends in `.toml`, else a document."""
    if path.suffix.lower() == ".toml":
        return lint_session_file(path, options)
    text = decode(path.read_bytes(), str(path))
    return lint_text(text, path.suffix.lower() in _MARKDOWN_SUFFIXES, options)


def decode(data: bytes, name: str) -> str:
    """Text from bytes read, refusing anything but UTF-8 (a leading BOM is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LintInputError(f"{name}: not UTF-8 text") from None


STDIN = "-"
"""The path that means standard input."""


def allowlist_for(path: str, explicit: Path | None = None) -> tuple[str, ...]:
    """The phrases to silence for the input `path`: from `explicit`, else the nearest
    allowlist beside the input (the current folder for stdin) or above it."""
    found = explicit or find_allowlist(Path.cwd() if path == STDIN else Path(path).parent)
    if found is None:
        return ()
    try:
        return tuple(read_allowlist(found))
    except (OSError, UnicodeDecodeError) as error:
        raise LintInputError(f"{found}: could not read the allowlist ({error})") from None


def lint_input(path: str, options: LintOptions, stdin: BinaryIO) -> LintResult:
    """The findings of one input: a file, or `-` for standard input (read as Markdown)."""
    if path == STDIN:
        name = "<stdin>"
        return LintResult(name, lint_text(decode(stdin.read(), name), True, options))
    if not path.strip():
        raise LintInputError("the file name is empty")
    file = Path(path)
    if file.is_dir():
        raise LintInputError(f"{file}: is a folder; give a file")
    if not file.exists():
        raise LintInputError(f"{file}: no such file")
    return LintResult(path, lint_path(file, options))


def to_record(path: str, finding: Finding) -> dict[str, object]:
    """One finding in the JSON shape of `debrief lint --format json`."""
    span = finding.span
    return {
        "path": path,
        "section": finding.field,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": span.end_line if span else None,
        "end_column": span.end_column if span else None,
        "rule": finding.rule,
        "category": finding.category,
        "family": str(finding.family),
        "text": finding.text or None,
        "message": finding.message,
        "suggestion": finding.suggestion,
    }


def to_json(results: Sequence[LintResult]) -> str:
    """The report as JSON: every finding, and how many there are of each category."""
    records = [to_record(result.path, f) for result in results for f in result.findings]
    counts = Counter(str(record["category"]) for record in records)
    return json.dumps({"findings": records, "counts": dict(sorted(counts.items()))}, indent=2)


def to_text(results: Sequence[LintResult]) -> str:
    """The report as a compiler prints it: `path:line:col: category: message`, then the fix."""
    out = []
    for result in results:
        for finding in result.findings:
            where = result.path
            if finding.field:
                where += f":{finding.field}"
            if finding.span:
                where += f":{finding.span.line}:{finding.span.column}"
            out.append(f"{where}: {finding.category}: {finding.message} [{finding.rule}]")
            quoted = f'"{finding.text}" · ' if finding.text else ""
            out.append(f"    {quoted}{finding.suggestion}")
    return "\n".join(out) + ("\n" if out else "")
