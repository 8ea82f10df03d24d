"""National scale, side by side in one run: loading, checking and reporting millions of records.

1. ``te.load_records`` against ``pandas.read_csv`` with the same types (dates parsed
   day-first, categories as ``category``, the decimal comma, the yes/no flag mapped),
   on 1M and 10M reward records written as an office writes them
   (``national_data.rewards_file``): time and peak memory, each in its own process.
2. ``te.check_compliance`` on the 1M records.
3. ``tdkt-eval convert`` of the 1M file and the load of the Parquet file it writes.
4. The full report (``tdkt-eval report``) on a national folder: the demo province
   repeated (``national_data.national_folder``: 88 copies, 2.0M personnel rows, rewards
   repeated 15 times to 10.1M in a file per province), with its peak memory.

Figures are medians of ``REPEATS`` runs for the loaders and single runs for the rest;
peak memory is the process's maximum resident set size.  The test files are
written once under ``$TDKT_BENCH_DIR`` (default: /tmp/tdkt-bench); the 10M file is 2 GB.

Run: python benchmarks/bench_national.py [--rows 1000000 10000000] [--copies 88] [--rewards-factor 15] [--no-report]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDER = Path(os.environ.get("TDKT_BENCH_DIR", "/tmp/tdkt-bench"))
REPEATS = 3

# Each measurement runs in a fresh process, so that its peak memory is its own.
_PRELUDE = f"""
import json, resource, sys, time, warnings
sys.path.insert(0, {str(HERE)!r})
warnings.simplefilter("ignore")
import pandas as pd
import tdkt_eval as te
from tdkt_eval.io.limits import raised_limits
def done(start, **extra):
    print(json.dumps(dict(seconds=time.perf_counter() - start,
                          peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra)))
"""

TDKT_LOAD = _PRELUDE + """
start = time.perf_counter()
with raised_limits(max_file_bytes=2**40, max_rows=10**9, max_cells=10**11):
    df = te.load_records(sys.argv[1], kind="rewards")
done(start, rows=len(df))
"""

PANDAS_LOAD = _PRELUDE + """
from national_data import pandas_dtypes
start = time.perf_counter()
dtypes, dates = pandas_dtypes()
df = pd.read_csv(sys.argv[1], dtype=dtypes, decimal=",", keep_default_na=False, na_values=[""])
for col in dates:
    df[col] = pd.to_datetime(df[col], format="%d/%m/%Y")
flag = [c for c, t in dtypes.items() if t == "str" and c.lower().startswith("đột xuất")][0]
df[flag] = df[flag].eq("Có")
done(start, rows=len(df))
"""

CHECK = _PRELUDE + """
with raised_limits(max_file_bytes=2**40, max_rows=10**9, max_cells=10**11):
    df = te.load_records(sys.argv[1], kind="rewards")
start = time.perf_counter()
found = te.check_compliance(df)
done(start, findings=len(found))
"""

PARQUET_LOAD = _PRELUDE + """
start = time.perf_counter()
tables = te.io.check_folder(sys.argv[1]).tables
done(start, rows=len(tables["rewards"]))
"""


def _run(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(script: str, *args: str, repeats: int = REPEATS) -> dict:
    runs = [_run(script, *args) for _ in range(repeats)]
    return {**runs[0], "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mib": max(r["peak_mib"] for r in runs)}


def _timed(command: list[str]) -> dict:
    """Wall time and peak memory of a command (GNU time's maximum resident set size)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stdout[-2000:] + done.stderr[-2000:])
    return {"seconds": seconds, "peak_mib": int(done.stderr.strip().splitlines()[-1]) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument("--copies", type=int, default=88, help="province copies in the national report folder")
    parser.add_argument("--rewards-factor", type=int, default=15, help="repeats of each province's rewards")
    parser.add_argument("--no-report", action="store_true", help="leave out the national report (about 10 minutes)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from national_data import national_folder, rewards_file

    print(f"{'measure':<46}{'tdkt-eval':>14}{'peer':>14}{'ratio':>8}")
    for rows in args.rows:
        path = rewards_file(FOLDER, rows)
        ours, peer = _median(TDKT_LOAD, str(path)), _median(PANDAS_LOAD, str(path))
        assert ours["rows"] == peer["rows"] == rows
        size = path.stat().st_size / 2**20
        print(f"{f'load {rows:,} rewards ({size:,.0f} MiB), seconds':<46}{ours['seconds']:>14.2f}"
              f"{peer['seconds']:>14.2f}{ours['seconds'] / peer['seconds']:>8.2f}")
        print(f"{'   peak memory, MiB':<46}{ours['peak_mib']:>14,.0f}{peer['peak_mib']:>14,.0f}"
              f"{ours['peak_mib'] / peer['peak_mib']:>8.2f}")
    first = rewards_file(FOLDER, args.rows[0])
    check = _run(CHECK, str(first))
    print(f"{f'check_compliance, {args.rows[0]:,} rewards, seconds':<46}{check['seconds']:>14.2f}"
          f"{'':>14}{'':>8}   ({check['findings']:,} findings)")
    source = FOLDER / f"convert_{args.rows[0]}"
    source.mkdir(parents=True, exist_ok=True)
    target = source / "khen_thuong.csv"
    if not target.exists():
        target.symlink_to(first)
    tdkt = [str(Path(sys.executable).with_name("tdkt-eval"))]
    convert = _timed(tdkt + ["convert", str(source), "--out", str(FOLDER / f"parquet_{args.rows[0]}"), "--lang", "en"])
    parquet = _run(PARQUET_LOAD, str(FOLDER / f"parquet_{args.rows[0]}"))
    print(f"{'tdkt-eval convert (CSV to Parquet), seconds':<46}{convert['seconds']:>14.2f}")
    print(f"{'folder load of the converted Parquet, seconds':<46}{parquet['seconds']:>14.2f}"
          f"{'':>14}{'':>8}   (peak {parquet['peak_mib']:,.0f} MiB)")
    if args.no_report:
        return
    folder = national_folder(FOLDER, args.copies, args.rewards_factor)
    report = _timed(tdkt + ["report", str(folder), "--out", str(FOLDER / f"report_{folder.name}"), "--lang", "vi"])
    sizes = {name: sum(sum(1 for _ in open(p, encoding="utf-8")) - 1 for p in folder.glob(pattern))
             for name, pattern in (("personnel", "personnel.csv"), ("rewards", "*khen_thuong*.csv"),
                                   ("staff", "staff_responses.csv"), ("citizens", "citizen_responses.csv"))}
    print(f"{f'report, {args.copies} province copies, seconds':<46}{report['seconds']:>14.1f}"
          f"{'':>14}{'':>8}   (peak {report['peak_mib']:,.0f} MiB; rows {sizes})")


if __name__ == "__main__":
    main()
