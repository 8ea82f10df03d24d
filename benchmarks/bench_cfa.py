"""Confirmatory factor analysis on a large sample: tdkt_eval.cfa and R lavaan::cfa, side by side, in one run.

100,000 rows of 25 items from a five-factor model (five items per factor, loadings 0.5-0.8,
factor correlations 0.3, one item in each factor also loading 0.2 on the next, so that the model
is slightly wrong, as real ones are; seeded).  The model is the simple-structure five-factor CFA.
Each tool fits it with ML (lavaan's defaults) and with MLR, and, on the same items cut into five
ordered categories (Likert answers), with WLSMV (lavaan: ``ordered = TRUE``); it reports the
median of ``--repeats`` (``--no-ordered`` leaves WLSMV out: lavaan takes about 40 s a fit):

- tdkt-eval: ``cfa(df, model)`` on the DataFrame in memory (the covariance included);
- R: ``system.time(cfa(model, df))`` inside R, around ``cfa()`` only (reading the CSV is not
  timed), and the wall time of the whole ``Rscript`` run (start-up, loading lavaan, reading the
  CSV and every fit), measured from here.

R runs when ``Rscript`` with lavaan and jsonlite is on the PATH, otherwise it is reported as
skipped.  chi-square and the largest loading difference are printed beside the timings, so that
the comparison is of the same numbers.

Run: PYTHONPATH=. python benchmarks/bench_cfa.py [--repeats 3] [--rows 100000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tdkt_eval.factor.cfa import cfa
from timing import timed

FACTORS, PER_FACTOR, SEED = 5, 5, 2026
MODEL = "\n".join(f"F{k + 1} =~ " + " + ".join(f"q{k * PER_FACTOR + j + 1}" for j in range(PER_FACTOR))
                  for k in range(FACTORS))

R_SCRIPT = r"""
suppressPackageStartupMessages({library(lavaan); library(jsonlite)})
args <- commandArgs(TRUE); df <- read.csv(args[1]); reps <- as.integer(args[2]); model <- args[3]
timed <- function(f) { t <- sapply(1:reps, function(i) system.time(r <<- f())[["elapsed"]]); list(median(t), r) }
ml <- timed(function() cfa(model, data = df))
mlr <- timed(function() cfa(model, data = df, estimator = "MLR"))
pe <- parameterEstimates(ml[[2]])
out <- list(ml = ml[[1]], mlr = mlr[[1]], chisq = unname(fitMeasures(ml[[2]], "chisq")),
            chisq_scaled = unname(fitMeasures(mlr[[2]], "chisq.scaled")), loadings = pe$est[pe$op == "=~"])
if (length(args) > 3) {
  ordinal <- read.csv(args[4])
  wlsmv <- timed(function() cfa(model, data = ordinal, ordered = TRUE, estimator = "WLSMV"))
  out$wlsmv <- wlsmv[[1]]
  out$wlsmv_chisq_scaled <- unname(fitMeasures(wlsmv[[2]], "chisq.scaled"))
}
cat(toJSON(out, digits = NA, auto_unbox = TRUE))
"""


def simulate(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    p = FACTORS * PER_FACTOR
    lam = np.zeros((p, FACTORS))
    for k in range(FACTORS):
        lam[k * PER_FACTOR:(k + 1) * PER_FACTOR, k] = np.linspace(0.8, 0.5, PER_FACTOR)
        lam[k * PER_FACTOR + PER_FACTOR - 1, (k + 1) % FACTORS] = 0.2
    phi = np.full((FACTORS, FACTORS), 0.3) + 0.7 * np.eye(FACTORS)
    factors = rng.standard_normal((rows, FACTORS)) @ np.linalg.cholesky(phi).T
    items = factors @ lam.T + rng.standard_normal((rows, p)) * 0.6
    return pd.DataFrame(items, columns=[f"q{j + 1}" for j in range(p)])


def likert(df: pd.DataFrame) -> pd.DataFrame:
    """The items cut into five ordered categories (1-5) at -1.5, -0.5, 0.5 and 1.5 SD, as Likert answers."""
    values = df.to_numpy()
    cuts = np.array([-1.5, -0.5, 0.5, 1.5])[:, None] * values.std(axis=0)
    return pd.DataFrame(1 + (values[:, None, :] > cuts[None, :, :]).sum(axis=1), columns=df.columns)


def ours(df: pd.DataFrame, ordinal: pd.DataFrame | None, repeats: int) -> dict:
    cfa(df.head(1000), MODEL)  # import and first-call costs out of the way
    ml_time, ml = timed(lambda: cfa(df, MODEL), repeats)
    mlr_time, mlr = timed(lambda: cfa(df, MODEL, estimator="MLR"), repeats)
    table = ml.to_frame()
    out = {"ml": ml_time, "mlr": mlr_time, "chisq": float(ml.fit_measures["chisq"]),
           "chisq_scaled": float(mlr.fit_measures["chisq_scaled"]),
           "loadings": table.loc[table["op"] == "=~", "est"].tolist()}
    if ordinal is not None:
        out["wlsmv"], fit = timed(lambda: cfa(ordinal, MODEL, estimator="WLSMV"), repeats)
        out["wlsmv_chisq_scaled"] = float(fit.fit_measures["chisq_scaled"])
    return out


def run_r(csv: Path, ordinal: Path | None, repeats: int) -> dict | None:
    if not shutil.which("Rscript"):
        return None
    start = time.perf_counter()
    command = ["Rscript", "-e", R_SCRIPT, str(csv), str(repeats), MODEL] + ([str(ordinal)] if ordinal else [])
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr)
        return None
    result = json.loads(done.stdout)
    result["whole"] = time.perf_counter() - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-ordered", action="store_true", help="leave WLSMV on ordered items out")
    args = parser.parse_args()
    df = simulate(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        csv, ordinal = Path(tmp) / "cfa.csv", None if args.no_ordered else Path(tmp) / "cfa_ordinal.csv"
        df.to_csv(csv, index=False, float_format="%.17g")
        if ordinal is not None:
            likert(df).to_csv(ordinal, index=False)
        mine = ours(pd.read_csv(csv), None if ordinal is None else pd.read_csv(ordinal), args.repeats)
        theirs = run_r(csv, ordinal, args.repeats)
    print(f"{len(df):,} rows, {FACTORS} factors x {PER_FACTOR} items; seconds, median of {args.repeats}")
    print(f"{'fit':<26}{'tdkt-eval':>12}{'R lavaan':>12}{'R / ours':>10}")
    for step, label in (("ml", "cfa() ML"), ("mlr", "cfa() MLR"), ("wlsmv", "cfa() WLSMV, 5 categories")):
        if step not in mine:
            continue
        r = theirs.get(step) if theirs else None
        cells = f"{r:>12.3f}{r / mine[step]:>10.1f}" if r is not None else f"{'skipped':>12}{'–':>10}"
        print(f"{label:<26}{mine[step]:>12.3f}{cells}")
    if theirs:
        print(f"{'whole Rscript (R only)':<26}{'':>12}{theirs['whole']:>12.3f}"
              f"{theirs['whole'] / (mine['ml'] + mine['mlr']):>10.1f}  (vs ours ML + MLR)")
        gap = np.max(np.abs(np.array(mine["loadings"]) - np.array(theirs["loadings"])))
        print(f"\nchi-square: ours {mine['chisq']:.6f}, lavaan {theirs['chisq']:.6f}; scaled: ours "
              f"{mine['chisq_scaled']:.6f}, lavaan {theirs['chisq_scaled']:.6f}; largest loading difference {gap:.1e}")
        if "wlsmv" in theirs:
            print(f"WLSMV scaled chi-square: ours {mine['wlsmv_chisq_scaled']:.6f}, lavaan "
                  f"{theirs['wlsmv_chisq_scaled']:.6f}")


if __name__ == "__main__":
    main()
