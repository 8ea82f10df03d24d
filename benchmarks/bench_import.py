"""Start-up time: ``import tdkt_eval``, its first use and ``tdkt-eval --help``, beside ``import pandas``.

Each case runs in a fresh Python process, several times; the rounds interleave the cases, so a
busy machine slows them alike.  The script prints the median wall time of each case (process
start included, so the bare interpreter is shown too) and its ratio to ``import pandas``, with
the goals of issue 15: ``import tdkt_eval`` at most 0.3 s (or 1.5 x ``import pandas``),
``tdkt-eval --help`` at most 0.5 s.

Run: python benchmarks/bench_import.py [--runs N]   (from the project root)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _help_command() -> list[str]:
    """The installed ``tdkt-eval`` script beside this interpreter, else the same entry point through -c."""
    script = Path(sys.executable).with_name("tdkt-eval")
    if script.is_file():
        return [str(script), "--help"]
    return [sys.executable, "-c", "import sys; from tdkt_eval.cli import main; sys.exit(main(['--help']))"]


#: (label, command, goal in seconds or None)
CASES = (
    ("python (bare interpreter)", [sys.executable, "-c", "pass"], None),
    ("import pandas", [sys.executable, "-c", "import pandas"], None),
    ("import tdkt_eval", [sys.executable, "-c", "import tdkt_eval"], 0.3),
    ("import tdkt_eval; tdkt_eval.Design", [sys.executable, "-c", "import tdkt_eval; tdkt_eval.Design"], None),
    ("tdkt-eval --help", _help_command(), 0.5),
)


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, float]:
    """Median wall time of each case over ``runs`` interleaved rounds (after one warm-up round)."""
    times: dict[str, list[float]] = {label: [] for label, _, _ in CASES}
    for round_ in range(runs + 1):
        for label, command, _ in CASES:
            seconds = _seconds(command)
            if round_:  # the first round fills the file cache
                times[label].append(seconds)
    return {label: statistics.median(values) for label, values in times.items()}


def report(medians: dict[str, float]) -> str:
    """A table: median, ratio to ``import pandas``, goal and whether it is met."""
    pandas = medians["import pandas"]
    lines = [f"{'case':<38}{'median s':>10}{'x pandas':>10}  goal"]
    for label, _, goal in CASES:
        seconds = medians[label]
        verdict = "" if goal is None else f"<= {goal} s: {'met' if seconds <= goal else 'NOT met'}"
        if label == "import tdkt_eval":
            verdict += f" (or <= 1.5 x pandas: {'met' if seconds <= 1.5 * pandas else 'NOT met'})"
        lines.append(f"{label:<38}{seconds:>10.3f}{seconds / pandas:>10.2f}  {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed rounds per case (default 7)")
    args = parser.parse_args(argv)
    print(f"{args.runs} fresh-process runs per case, medians, Python {sys.version.split()[0]}")
    print(report(measure(args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
