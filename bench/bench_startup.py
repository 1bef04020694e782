"""Cold start of `debrief run` to its first painted frame, against a minimal Textual app.

Each run is a fresh process that draws its first frame without a terminal and leaves. The
baseline is an app of a Header, a TextArea and a Footer started the same way in the same run,
so a busy machine slows both alike. Target: the median ratio at most 1.6.

Run with `make bench` (or `python bench/bench_startup.py`).
"""

from __future__ import annotations

import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import debrief
from debrief import store
from debrief.resources import sample_sessions

RUNS = 12
MAX_RATIO = 1.6

BASELINE = """
from textual.app import App
from textual.widgets import Footer, Header, TextArea


class Minimal(App):
    def compose(self):
        yield Header()
        yield TextArea("baseline")
        yield Footer()

    def on_ready(self):  # sent once the first frame has been drawn
        self.exit()


Minimal().run(headless=True)
"""


def largest_sample() -> Path:
    """The bundled sample with the most timeline events."""
    return max(sample_sessions(), key=lambda path: len(store.load(path).timeline))


def timed(command: list[str], cwd: Path) -> float:
    """Seconds from starting a process to its exit; it must succeed."""
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - began


def main() -> int:
    # An installed wheel is byte-compiled by pip; an editable checkout may not be (for one,
    # when PYTHONDONTWRITEBYTECODE is set), so compile it as an installation would.
    compileall.compile_dir(Path(debrief.__file__).parent, quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="debrief-startup-"))
    sample = largest_sample()
    copy = folder / sample.name
    shutil.copyfile(sample, copy)
    command = [sys.executable, "-m", "debrief", "run", str(copy), "--headless"]
    command.append("--exit-after-first-frame")
    baseline = [sys.executable, "-c", BASELINE]

    timed(command, folder)  # warm the file cache and bytecode, as a second start would be
    timed(baseline, folder)
    ours, theirs = [], []
    for _ in range(RUNS):  # interleaved, so that load on the machine falls on both
        ours.append(timed(command, folder))
        theirs.append(timed(baseline, folder))

    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    ratio = ours_median / theirs_median
    print(f"sample: {sample.name} ({len(store.load(copy).timeline)} events), {RUNS} runs each")
    print(f"minimal Textual app: median {theirs_median * 1000:.0f} ms")
    print(f"debrief run:         median {ours_median * 1000:.0f} ms")
    print(f"ratio: {ratio:.2f} (target at most {MAX_RATIO})")
    return 0 if ratio <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
