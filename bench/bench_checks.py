"""Time the blame-wording detector on a 50,000-word document against reading its words.

The document is built from the labelled sentences in `tests/data/` (about a third of them
worded with blame, so most sentences reach the rules) and the free text of the sample
sessions, in a fixed shuffled order. The baseline is `re.findall(r"\\w+", text)` on the same
text, measured in the same run: the detector is reported as words per second and as a ratio
to that baseline. Target: at most 20 times the baseline.

Run with `make bench` (or `python bench/bench_checks.py`).
"""

from __future__ import annotations

import csv
import gc
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from debrief import store
from debrief.checks import check_text
from debrief.checks.session import text_fields
from debrief.resources import sample_sessions

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


def best(action: Callable[[], object], runs: int = 7) -> float:
    """The shortest of `runs` timings of `action`, in seconds, with the collector paused."""
    timings = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            action()
            timings.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(timings)


def main() -> int:
    text = document()
    words = len(re.findall(r"\w+", text))
    check_text("warm the rules up")
    # Interleave the two, so that a slow moment of the machine lands on both.
    baseline = detector = float("inf")
    for _ in range(3):
        baseline = min(baseline, best(lambda: re.findall(r"\w+", text)))
        detector = min(detector, best(lambda: check_text(text), runs=3))
    findings = len(check_text(text))
    ratio = detector / baseline
    print(f"document: {words:,} words, {len(text.splitlines()):,} lines, {findings:,} findings")
    print(f"re.findall(r'\\w+'): {baseline * 1000:8.1f} ms  ({words / baseline:,.0f} words/s)")
    print(f"blame detector:     {detector * 1000:8.1f} ms  ({words / detector:,.0f} words/s)")
    print(f"ratio: {ratio:.1f}x (target at most {MAX_RATIO:.0f}x)")
    if ratio > MAX_RATIO:
        print(f"over target: the detector is {ratio:.1f}x the baseline", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
