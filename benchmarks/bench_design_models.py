"""Design-based models and quantiles on a large sample, side by side with R survey and svy, in one run.

1,000,000 rows, 500 strata, 10,000 PSUs (bench_design.make_sample, plus a covariate x and a 0/1
outcome).  Each tool times, on the same data (median of ``REPEATS``):

- building the design plus the mean of y (R ``svydesign`` + ``svymean``; svy ``Sample`` + ``mean``);
- a linear model ``y ~ x`` (R ``svyglm``; svy ``glm.fit``);
- a logistic model ``yes ~ x`` (R ``svyglm(family = quasibinomial())``; svy ``family="binomial"``);
- the median with its interval (R ``svyquantile``; svy ``quantile``).

R runs when ``Rscript`` with survey and jsonlite is on the PATH; svy runs in the interpreter
named by ``$SVY_PYTHON`` (default: this one), which needs ``svy==0.35.0``.  A tool that is
missing is reported as skipped.  The coefficients and SEs of each tool are printed beside the
timings, so that the comparison is of the same numbers.

Run: PYTHONPATH=. python benchmarks/bench_design_models.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_design import make_sample  # noqa: E402
from timing import timed  # noqa: E402

from tdkt_eval.design.estimation import Design  # noqa: E402

R_SCRIPT = r"""
suppressPackageStartupMessages({library(survey); library(jsonlite)})
df <- read.csv(commandArgs(TRUE)[1]); reps <- as.integer(commandArgs(TRUE)[2])
timed <- function(f) { t <- sapply(1:reps, function(i) system.time(r <<- f())[["elapsed"]]); list(median(t), r) }
b <- timed(function() { d <<- svydesign(id = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc, data = df); svymean(~y, d) })
g <- timed(function() svyglm(y ~ x, d))
l <- timed(function() svyglm(yes ~ x, d, family = quasibinomial()))
q <- timed(function() svyquantile(~y, d, 0.5))
cat(toJSON(list(build_mean = b[[1]], mean = c(coef(b[[2]]), SE(b[[2]])),
                glm = g[[1]], glm_coef = unname(c(coef(g[[2]]), SE(g[[2]]))),
                logit = l[[1]], logit_coef = unname(c(coef(l[[2]]), SE(l[[2]]))),
                quantile = q[[1]], median = unname(q[[2]][[1]][1, ])), digits = NA, auto_unbox = TRUE))
"""

SVY_SCRIPT = r"""
import json, statistics, sys, time
import polars as pl, svy
df = pl.read_parquet(sys.argv[1]); reps = int(sys.argv[2])
def timed(f):
    times = []
    for _ in range(reps):
        t = time.perf_counter(); r = f(); times.append(time.perf_counter() - t)
    return statistics.median(times), r
def build_mean():
    s = svy.Sample(df, svy.Design(stratum="stratum", psu="psu", wgt="w", pop_size="fpc"))
    return s, s.estimation.mean("y")
b, (s, m) = timed(build_mean)
g, gf = timed(lambda: s.glm.fit(y="y", x=["x"]))
l, lf = timed(lambda: s.glm.fit(y="yes", x=["x"], family="binomial"))
q, qf = timed(lambda: s.estimation.quantile("y", p=0.5))
print(json.dumps({"build_mean": b, "glm": g, "logit": l, "quantile": q, "glm_text": str(gf).splitlines()[-2:],
                  "median_text": str(qf).splitlines()[-1]}))
"""


def ours(df, repeats: int) -> dict:
    build, (design, mean) = timed(lambda: (d := Design(df, strata="stratum", psu="psu", weights="w", fpc="fpc"),
                                           d.mean("y")), repeats)
    glm, linear = timed(lambda: design.glm("y ~ x"), repeats)
    logit_time, logit = timed(lambda: design.glm("yes ~ x", family="quasibinomial"), repeats)
    quantile_time, median = timed(lambda: design.quantile("y", probs=0.5), repeats)
    return {"build_mean": build, "glm": glm, "logit": logit_time, "quantile": quantile_time,
            "mean": [mean.estimate, mean.se], "glm_coef": [*linear.table["estimate"], *linear.table["se"]],
            "logit_coef": [*logit.table["estimate"], *logit.table["se"]],
            "median": median.table.iloc[0, 1:].tolist()}


def run_r(csv: Path, repeats: int) -> dict | None:
    if not shutil.which("Rscript"):
        return None
    done = subprocess.run(["Rscript", "-e", R_SCRIPT, str(csv), str(repeats)], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else None


def run_svy(parquet: Path, repeats: int) -> dict | None:
    python = os.environ.get("SVY_PYTHON", sys.executable)
    done = subprocess.run([python, "-c", SVY_SCRIPT, str(parquet), str(repeats)], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    df = make_sample()
    rng = np.random.default_rng(7)
    df["x"] = rng.normal(size=len(df))
    df["y"] = df["y"] + 0.8 * df["x"]
    df["yes"] = (rng.random(len(df)) < 1 / (1 + np.exp(-(-0.3 + 0.5 * df["x"])))).astype(int)
    with tempfile.TemporaryDirectory() as tmp:
        csv, parquet = Path(tmp) / "sample.csv", Path(tmp) / "sample.parquet"
        df.to_csv(csv, index=False)
        df.to_parquet(parquet, index=False)
        results = {"tdkt-eval": ours(df, repeats), "R survey": run_r(csv, repeats), "svy 0.35": run_svy(parquet, repeats)}
    print(f"{len(df):,} rows, 500 strata, 10,000 PSUs; seconds, median of {repeats}")
    print(f"{'step':<22}" + "".join(f"{name:>14}" for name in results) + f"{'R / ours':>10}{'svy / ours':>12}")
    for step in ("build_mean", "glm", "logit", "quantile"):
        values = [r[step] if r else None for r in results.values()]
        cells = "".join(f"{v:>14.3f}" if v is not None else f"{'skipped':>14}" for v in values)
        ratios = "".join(f"{v / values[0]:>{w}.1f}" if v is not None else f"{'–':>{w}}"
                         for v, w in zip(values[1:], (10, 12)))
        print(f"{step:<22}{cells}{ratios}")
    print("\nthe numbers compared:")
    for name, r in results.items():
        if r:
            print(f"  {name}: " + json.dumps({k: v for k, v in r.items() if k not in ("build_mean", "glm", "logit", "quantile")}))


if __name__ == "__main__":
    main()
