"""Timing shared by the benchmarks: the best of several runs, with the collector paused."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best(action: Callable[[], object], budget: float = 0.3, least: int = 8) -> float:
    """The shortest timing of `action`, in seconds, over `least` runs or `budget` seconds.

    Small inputs get many runs, so that their minimum is as settled as a large one's. As
    `timeit` does, the garbage collector is paused while timing, so that a collection of
    objects the benchmark itself keeps alive is not charged to the code measured.
    """
    timings: list[float] = []
    spent = 0.0
    while len(timings) < least or spent < budget:
        gc.collect()
        gc.disable()
        try:
            began = time.perf_counter()
            action()
            timings.append(time.perf_counter() - began)
        finally:
            gc.enable()
        spent += timings[-1]
    return min(timings)
