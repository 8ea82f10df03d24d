"""Speed of Design.mean on a large stratified cluster sample, side by side with R survey.

1,000,000 rows, 500 strata, 10,000 PSUs (20 per stratum, 100 rows each), weights and fpc.
Times Design construction and Design.mean / Design.mean(by=) (median of 5) and reports the
peak memory that numpy and pandas allocate (tracemalloc).  If ``Rscript`` with the survey
package is on the PATH, the same data are written to a temporary CSV and
``svymean(~y, svydesign(id = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc))`` is timed
the same way; otherwise the R column says "skipped".

Run: python benchmarks/bench_design.py   (from the project root, tdkt-eval installed: `make bench`;
or PYTHONPATH=. python benchmarks/bench_design.py from a source checkout)
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from tdkt_eval.design.estimation import Design

ROWS, STRATA, PSUS, REPEATS = 1_000_000, 500, 10_000, 5
TARGET_S = 0.3

R_SCRIPT = """
suppressPackageStartupMessages({library(survey); library(data.table)})
df <- as.data.frame(fread(commandArgs(TRUE)[1]))
t0 <- Sys.time(); d <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc, data = df)
build <- as.numeric(Sys.time() - t0, units = "secs")
times <- sapply(1:5, function(i) system.time(svymean(~y, d))[["elapsed"]]); m <- svymean(~y, d)
cat(sprintf("%.6f %.6f %.12g %.12g\\n", build, median(times), coef(m), SE(m)))
"""


def make_sample(seed: int = 20261121) -> pd.DataFrame:
    """A stratified one-stage cluster sample with stratum and PSU effects."""
    rng = np.random.default_rng(seed)
    psu = np.repeat(np.arange(PSUS), ROWS // PSUS)
    stratum = psu // (PSUS // STRATA)
    y = 50 + rng.normal(0, 5, STRATA)[stratum] + rng.normal(0, 3, PSUS)[psu] + rng.normal(0, 10, ROWS)
    fpc = rng.integers(40, 400, STRATA)[stratum].astype(float)       # PSUs in the stratum population
    w = fpc / (PSUS // STRATA) * rng.uniform(0.5, 1.5, PSUS)[psu]
    region = rng.integers(0, 8, ROWS)
    return pd.DataFrame({"stratum": stratum, "psu": psu, "w": w, "fpc": fpc, "y": y, "region": region})


def median_time(func) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mib(func) -> float:
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def run_r(df: pd.DataFrame) -> str:
    if shutil.which("Rscript") is None:
        return "skipped (Rscript not found)"
    with tempfile.TemporaryDirectory() as tmp:
        csv, script = Path(tmp) / "sample.csv", Path(tmp) / "bench.R"
        df.to_csv(csv, index=False)
        script.write_text(R_SCRIPT)
        done = subprocess.run(["Rscript", str(script), str(csv)], capture_output=True, text=True)
    if done.returncode:
        return f"skipped (R failed: {done.stderr.strip().splitlines()[-1] if done.stderr else '?'})"
    build, median, est, se = map(float, done.stdout.split())
    return f"svydesign {build:.3f} s, svymean {median:.3f} s (median of 5): {est:.6f} (SE {se:.6f})"


def main() -> None:
    df = make_sample()
    build, design = median_time(lambda: Design(df, strata="stratum", psu="psu", weights="w", fpc="fpc"))
    mean_s, est = median_time(lambda: design.mean("y"))
    by_s, _ = median_time(lambda: design.mean("y", by="region"))
    print(f"data: {ROWS:,} rows, {STRATA} strata, {PSUS:,} PSUs")
    print(f"Design(...)            {build:.3f} s   peak {peak_mib(lambda: Design(df, strata='stratum', psu='psu', weights='w', fpc='fpc')):.0f} MiB")
    print(f"Design.mean('y')       {mean_s:.3f} s   peak {peak_mib(lambda: design.mean('y')):.0f} MiB"
          f"   {'OK' if mean_s < TARGET_S else 'SLOW'} (target < {TARGET_S} s)")
    print(f"Design.mean(by=region) {by_s:.3f} s   peak {peak_mib(lambda: design.mean('y', by='region')):.0f} MiB")
    print(f"tdkt-eval estimate     {est.estimate:.6f} (SE {est.se:.6f})")
    print(f"R survey               {run_r(df)}")


if __name__ == "__main__":
    main()
