"""Timing shared by the side-by-side benchmarks (imported from the scripts' own folder)."""

from __future__ import annotations

import statistics
import time


def timed(func, repeats: int):
    """The median wall time of ``repeats`` calls of ``func``, and the last call's result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
