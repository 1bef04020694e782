"""Time loading, saving and exporting sessions of growing size against `tomllib.loads`.

Each figure is the best of several runs, printed as a ratio to `tomllib.loads` of the same
file measured in the same run, so a busy machine moves both sides alike. Targets: every
ratio at most 3, and ten times the events at most twelve times the time.

Run with `make bench` (or `python bench/bench_store.py`).
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from debrief import export, store
from debrief.agenda import new_session
from debrief.model import EventKind, Session, Severity, TimelineEvent
from timing import best  # bench/ is on the path when a benchmark runs as a script

SIZES = (100, 1_000, 10_000)
MAX_RATIO = 3.0
MAX_GROWTH = 12.0
ROUNDS = 3
KINDS = list(EventKind)


def build(events: int) -> Session:
    """A session whose timeline has `events` rows of realistic length."""
    session = new_session("Orders API 5xx after release", Severity.CRITICAL)
    start = datetime(2026, 6, 21, 14, 0, tzinfo=UTC)
    session.timeline = [
        TimelineEvent(
            time=start + timedelta(seconds=17 * n),
            event=f"Event {n}: the orders API returned 503 for | some requests\nsecond line",
            kind=KINDS[n % len(KINDS)],
            source="alert dashboard" if n % 3 else "",
            approximate=n % 11 == 0,
        )
        for n in range(events)
    ]
    return session


def measure(size: int, folder: Path) -> tuple[float, dict[str, float]]:
    """The baseline and the timing of each operation for a session of `size` events."""
    session = build(size)
    text = store.dumps(session)
    path = folder / f"session-{size}.toml"
    baseline = best(lambda: tomllib.loads(text))
    return baseline, {
        "load": best(lambda: store.loads(text)),
        "save": best(lambda: store.save(session, path)),
        "export md": best(lambda: export.to_markdown(session)),
    }


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="debrief-bench-"))
    # Sizes take turns over several rounds, and each keeps its best figures, so that a
    # stretch of load on a shared machine does not fall on one size only.
    results = {size: measure(size, folder) for size in SIZES}
    for _ in range(ROUNDS - 1):
        for size in SIZES:
            baseline, timings = measure(size, folder)
            old_baseline, old_timings = results[size]
            results[size] = (
                min(baseline, old_baseline),
                {name: min(seconds, old_timings[name]) for name, seconds in timings.items()},
            )
    rows = [(size, *results[size]) for size in SIZES]

    print(f"{'events':>7} {'tomllib':>10}  " + "  ".join(f"{name:>18}" for name in rows[0][2]))
    failures = []
    for size, baseline, timings in rows:
        cells = []
        for name, seconds in timings.items():
            ratio = seconds / baseline
            cells.append(f"{seconds * 1000:8.1f} ms {ratio:5.2f}x")
            if ratio > MAX_RATIO:
                failures.append(f"{name} at {size} events is {ratio:.2f}x tomllib")
        print(f"{size:>7} {baseline * 1000:7.1f} ms  " + "  ".join(f"{c:>18}" for c in cells))

    print("\ngrowth for 10x the events (time ratio):")
    for (small, before_base, before), (large, after_base, after) in itertools.pairwise(rows):
        growth = {"tomllib": after_base / before_base}
        growth.update({name: after[name] / before[name] for name in before})
        print(f"  {small} -> {large}: " + ", ".join(f"{n} {g:.1f}x" for n, g in growth.items()))
        failures += [
            f"{name} grows {g:.1f}x from {small} to {large} events"
            for name, g in growth.items()
            if g > MAX_GROWTH and name != "tomllib"
        ]

    print()
    for failure in failures:
        print(f"over target: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
