"""The ``tdkt-eval`` command: validate a data folder, build the report, make demo data.

Examples
--------
``tdkt-eval validate data/demo`` lists each file with its problems and fixes;
``tdkt-eval report data/demo --lang vi --out reports/demo`` writes the report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

__all__ = ["main"]


def _validate(args: argparse.Namespace) -> int:
    from .io import check_directory

    folder = Path(args.data_dir)
    if not folder.is_dir():
        print(f"error: '{folder}' is not a folder.", file=sys.stderr)
        return 2
    checks = check_directory(folder)
    if checks.empty:
        print(f"No data files recognised in '{folder}'. Name them after their table, e.g. rewards.csv, "
              "khen_thuong.xlsx, staff_responses.csv.")
        return 1
    for row in checks.itertuples():
        rows = "" if row.status == "error" else f" ({row.rows} rows)"
        print(f"[{row.status.upper():7}] {row.file} → {row.kind}{rows}")
        if row.problem:
            print(f"          {row.problem}")
        if row.fix:
            print(f"          Fix: {row.fix}")
    errors = int((checks["status"] == "error").sum())
    print(f"\n{len(checks)} files checked, {errors} with errors.")
    return 1 if errors else 0


def _report(args: argparse.Namespace) -> int:
    from .report import build_report

    path = build_report(args.data_dir, args.out, lang=args.lang)
    print(f"Report written to {path}")
    return 0


def _instruments(args: argparse.Namespace) -> int:
    from .instruments import load_instrument, validate_form, write_codebook

    if args.action == "validate":
        problems = [p for form in args.forms for p in validate_form(form)]
        for problem in problems:
            print(f"- {problem}")
        print(f"{len(args.forms)} form(s) checked, {len(problems)} problem(s).")
        return 1 if problems else 0
    for form in args.forms:
        for path in write_codebook(load_instrument(form), args.out):
            print(f"Codebook written to {path}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from . import synth

    return synth.main(["--out", str(args.out), "--seed", str(args.seed)])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tdkt-eval", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    val = sub.add_parser("validate", help="check every file of a data folder against the contracts")
    val.add_argument("data_dir")
    val.set_defaults(run=_validate)

    rep = sub.add_parser("report", help="build the campaign report (HTML)")
    rep.add_argument("data_dir")
    rep.add_argument("--out", default="reports/report", help="output folder (default: reports/report)")
    rep.add_argument("--lang", choices=("vi", "en"), default="vi", help="report language (default: vi)")
    rep.set_defaults(run=_report)

    ins = sub.add_parser("instruments", help="check survey forms (XLSForm) or write their codebooks")
    ins.add_argument("action", choices=("validate", "codebook"))
    ins.add_argument("forms", nargs="*", default=["staff", "citizen", "inspection"],
                     help="XLSForm files or shipped form names (default: staff citizen inspection)")
    ins.add_argument("--out", default="reports/codebooks", help="codebook folder (default: reports/codebooks)")
    ins.set_defaults(run=_instruments)

    demo = sub.add_parser("demo", help="generate the synthetic demo province")
    demo.add_argument("--out", default="data/demo")
    demo.add_argument("--seed", type=int, default=2024)
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
