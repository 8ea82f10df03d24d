"""Reliability speed and memory: te.reliability against pingouin.cronbach_alpha, side by side.

A 1,000,000 x 40 integer Likert matrix (answers 1-5 from a one-factor model, seeded), without
missing answers and with 5% missing completely at random (then float64 with NaN). Both
functions use pairwise deletion, their default. The two are timed alternately, REPEATS times
each with a pause before every run, so that both see the same machine load; the table gives
median wall time and median CPU time (all threads). Peak memory is traced with tracemalloc in
separate runs and given relative to the size of the input DataFrame. pingouin is needed only
here, not by tdkt-eval.

Run: python benchmarks/bench_reliability.py   (from the project root)
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd
import pingouin

from tdkt_eval.reliability import reliability

N_ROWS, N_ITEMS, SEED, REPEATS, MISSING_SHARE = 1_000_000, 40, 2024, 5, 0.05


def likert(missing_share: float) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    latent = 0.6 * rng.normal(size=(N_ROWS, 1)) + 0.8 * rng.normal(size=(N_ROWS, N_ITEMS))
    values = np.digitize(latent, [-1.2, -0.4, 0.4, 1.2]) + 1  # int64 answers 1..5
    columns = [f"q{j:02d}" for j in range(1, N_ITEMS + 1)]
    if missing_share:
        values = values.astype(np.float64)
        values[rng.random(values.shape) < missing_share] = np.nan
    return pd.DataFrame(values, columns=columns)


def timed(func) -> tuple[float, float]:
    time.sleep(0.5)  # let BLAS worker threads of the previous run stop spinning
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def peak_bytes(func) -> int:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def compare(label: str, df: pd.DataFrame) -> dict:
    ours = lambda: reliability(df, scale=(1, 5))  # noqa: E731
    theirs = lambda: pingouin.cronbach_alpha(df)  # noqa: E731
    alpha_diff = abs(ours().alpha - theirs()[0])  # also warms both up
    runs = {"tdkt": [], "pingouin": []}
    for _ in range(REPEATS):
        runs["tdkt"].append(timed(ours))
        runs["pingouin"].append(timed(theirs))
    wall = {name: statistics.median(t[0] for t in times) for name, times in runs.items()}
    cpu = {name: statistics.median(t[1] for t in times) for name, times in runs.items()}
    size = df.memory_usage(index=False).sum()
    return {"data": label, "input_MB": size / 1e6,
            "tdkt_s": wall["tdkt"], "pingouin_s": wall["pingouin"], "speedup": wall["pingouin"] / wall["tdkt"],
            "tdkt_cpu_s": cpu["tdkt"], "pingouin_cpu_s": cpu["pingouin"],
            "cpu_ratio": cpu["pingouin"] / cpu["tdkt"],
            "tdkt_peak/input": peak_bytes(ours) / size, "pingouin_peak/input": peak_bytes(theirs) / size,
            "alpha_diff": alpha_diff}


def main() -> None:
    rows = [compare("no missing (int64)", likert(0.0)),
            compare(f"{MISSING_SHARE:.0%} missing (float64)", likert(MISSING_SHARE))]
    print(f"{N_ROWS:,} x {N_ITEMS} Likert items; median of {REPEATS} alternating runs")
    print(pd.DataFrame(rows).to_string(index=False, float_format="{:.3g}".format))


if __name__ == "__main__":
    main()
