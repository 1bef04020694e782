"""Time the blame-wording detector on a 50,000-word document against reading its words.

The document is built from the labelled sentences in `tests/data/` (about a third of them
worded with blame, so most sentences reach the rules) and the free text of the sample
sessions, in a fixed shuffled order. The baseline is `re.findall(r"\\w+", text)` on the same
text, measured in the same run: the detector is reported as words per second and as a ratio
to that baseline. Target: at most 20 times the baseline. Texts shaped to make regular
expressions backtrack (long runs of marks, no sentence ends) are then checked for linear
growth.

Run with `make bench` (or `python bench/bench_checks.py`).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

from debrief import store
from debrief.checks import check_text
from debrief.checks.session import text_fields
from debrief.resources import sample_sessions
from timing import best  # bench/ is on the path when a benchmark runs as a script

WORDS = 50_000
MAX_RATIO = 20.0
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def sentences() -> list[str]:
    """Every labelled sentence and every line of the samples' free text."""
    found: list[str] = []
    for path in sorted(DATA.glob("blame_*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            found.extend(row["text"] for row in rows)
    for path in sample_sessions():
        for field in text_fields(store.load(path)):
            found.extend(line for line in field.text.splitlines() if line.strip())
    return found


def document(words: int = WORDS) -> str:
    """A document of about `words` words, one sentence a line, in a fixed order."""
    pool = sentences()
    chooser = random.Random(20261203)
    lines: list[str] = []
    count = 0
    while count < words:
        line = chooser.choice(pool)
        lines.append(line)
        count += len(re.findall(r"\w+", line))
    return "\n".join(lines)


MAX_GROWTH = 2.6
"""Twice the hostile text may take at most this many times as long: linear, with noise."""


def hostile(scale: int) -> dict[str, str]:
    """Texts shaped to make pattern matching slow (runs of marks, no sentence ends)."""
    return {
        "a run of dots": "Loading" + "." * 50_000 * scale + "done",
        "a run of question marks": "?" * 50_000 * scale + "x",
        "a run of backticks": "See " + "`" * 50_000 * scale + " here",
        "no punctuation": re.sub(r"[.!?\n]", " ", " ".join(sentences())) * scale,
        "capitalised words": "Dana Ravi Kim Sol " * 10_000 * scale,
    }


def main() -> int:
    text = document()
    words = len(re.findall(r"\w+", text))
    check_text("warm the rules up")
    # Interleave the two, so that a slow moment of the machine lands on both.
    baseline = detector = float("inf")
    for _ in range(3):
        baseline = min(baseline, best(lambda: re.findall(r"\w+", text)))
        detector = min(detector, best(lambda: check_text(text), budget=0, least=3))
    findings = len(check_text(text))
    ratio = detector / baseline
    print(f"document: {words:,} words, {len(text.splitlines()):,} lines, {findings:,} findings")
    print(f"re.findall(r'\\w+'): {baseline * 1000:8.1f} ms  ({words / baseline:,.0f} words/s)")
    print(f"blame detector:     {detector * 1000:8.1f} ms  ({words / detector:,.0f} words/s)")
    print(f"ratio: {ratio:.1f}x (target at most {MAX_RATIO:.0f}x)")
    failed = ratio > MAX_RATIO
    if failed:
        print(f"over target: the detector is {ratio:.1f}x the baseline", file=sys.stderr)
    print(
        f"hostile texts: time for the text, and growth for twice the text (target at most "
        f"{MAX_GROWTH}x, i.e. linear)"
    )
    once, twice = hostile(1), hostile(2)
    for name in once:
        small = best(lambda name=name: check_text(once[name]), budget=0, least=3)
        large = best(lambda name=name: check_text(twice[name]), budget=0, least=3)
        growth = large / small
        print(
            f"  {name:<24} {len(once[name]):>9,} chars {small * 1000:8.1f} ms  x2: {growth:.1f}x"
        )
        if growth > MAX_GROWTH:
            print(f"over target: {name} grows {growth:.1f}x for twice the text", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
