"""Loader speed: te.load_records (decode, map headers, repair text, parse, validate) against
pandas.read_csv (parse only), side by side on the demo tables.

Run: python benchmarks/bench_loaders.py   (from the project root)
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

import tdkt_eval as te

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
REPEATS = 5


def best_of(func, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rows = []
    for kind, path in te.io.find_table_files(DEMO).items():
        ours = best_of(lambda: te.load_records(path, kind))
        plain = best_of(lambda: pd.read_csv(path))
        rows.append(dict(table=kind, rows=len(pd.read_csv(path)), tdkt_s=round(ours, 4),
                         pandas_s=round(plain, 4), ratio=round(ours / plain, 1)))
    table = pd.DataFrame(rows)
    total = table[["tdkt_s", "pandas_s"]].sum()
    print(table.to_string(index=False))
    print(f"\nall tables: tdkt-eval {total.tdkt_s:.3f} s, pandas.read_csv {total.pandas_s:.3f} s, "
          f"ratio {total.tdkt_s / total.pandas_s:.1f}x (best of {REPEATS})")


if __name__ == "__main__":
    main()
