"""The council app, timed as a user meets it: from typing ``tdkt-eval app`` to the finished demo report.

Each run starts ``tdkt-eval app --no-browser`` in a fresh process, opens the printed address in
headless Chromium (tests/browser.py), chooses the demo files in the page's file dialogue, waits for
the check, clicks "Lập báo cáo" and waits for the summary table.  Beside it, in the same run, the
command-line path to the same report: ``tdkt-eval report data/demo``.  The goal (issue 18) is at
most 30 s from ``tdkt-eval app`` to the report on this machine.

Run: python benchmarks/bench_app.py [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser  # noqa: E402  (the project's test client)

from tdkt_eval.paths import demo_dir  # noqa: E402


def app_run() -> dict[str, float]:
    """Seconds from the command to: listening, the page's controls, the check, the report."""
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "tdkt_eval.cli", "app", "--no-browser", "--lang", "vi"],
                               stdout=subprocess.PIPE, text=True)
    try:
        select.select([process.stdout], [], [], 120)
        url = re.search(r"http://\S+", process.stdout.readline())[0]
        listening = time.monotonic() - start
        with Browser(timeout=180) as browser:
            tab = browser.open(url, width=1200, height=900)
            browser.wait_until(tab, "!!document.querySelector('.tdkt-upload')")
            page = time.monotonic() - start
            browser.choose_files(tab, ".tdkt-upload", sorted(p for p in demo_dir().iterdir() if p.is_file()))
            browser.wait_until(tab, "!!document.querySelector('#table-sources')")
            checked = time.monotonic() - start
            browser.click(tab, ".tdkt-build-button")
            browser.wait_until(tab, "!!document.querySelector('#report-summary table')", timeout=180)
            report = time.monotonic() - start
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    return {"listening": listening, "page": page, "checked": checked, "report": report}


def cli_run() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "tdkt_eval.cli", "report", str(demo_dir()), "--out", f"{tmp}/r"],
                       check=True, capture_output=True)
        return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    apps = [app_run() for _ in range(runs)]
    clis = [cli_run() for _ in range(runs)]
    print(f"{'step (seconds after `tdkt-eval app`)':<40}{'median':>8}{'min':>8}{'max':>8}")
    for key in ("listening", "page", "checked", "report"):
        values = [run[key] for run in apps]
        print(f"{key:<40}{statistics.median(values):>8.1f}{min(values):>8.1f}{max(values):>8.1f}")
    print(f"{'tdkt-eval report data/demo (command)':<40}{statistics.median(clis):>8.1f}{min(clis):>8.1f}"
          f"{max(clis):>8.1f}")
    print(f"app to report / command report: {statistics.median(r['report'] for r in apps) / statistics.median(clis):.2f}")


if __name__ == "__main__":
    main()
