"""The ``tdkt-eval`` command: check a data folder, build the report, check survey forms, make demo data.

Commands
--------
``tdkt-eval app [DATA_DIR] [--port N] [--no-browser] [--lang vi|en]``
    Open the council app in the browser (Voilà on 127.0.0.1, behind a token): drop files, read
    the check, choose the settings, build the report.  Vietnamese unless ``--lang en``.
``tdkt-eval validate DATA_DIR [--problems FILE]``
    Check every file and sheet of a folder against the data contracts and against each other; list
    each with its status (or why it was not used) and every problem under it, with its fix; write
    the problems as a spreadsheet (default ``reports/<folder>/van_de.xlsx``, ``problems.xlsx`` in
    English).
``tdkt-eval report DATA_DIR [--out DIR] [--lang vi|en] [--k-min N] [--movement ID] [--years YEARS]``
    Build the HTML report (``YEARS``: ``2023``, ``2021-2024`` or ``2021,2023``).
``tdkt-eval sample FRAME (--communes N | --n N) --villages M --households K --out FILE [--seed S]``
    Draw the citizen sample from a list of villages (communes by PPS in each stratum, villages,
    households) and write the field list (.xlsx) with the probabilities and design weights.
``tdkt-eval instruments validate|codebook [FORM ...] [--out DIR]``
    Check the XLSForm survey forms, or write their codebooks.
``tdkt-eval demo [OUT | --out DIR] [--seed N]``
    Regenerate the synthetic demo data.

The language of help and messages is ``--lang vi|en`` (before or after the command), else the
environment variable ``TDKT_LANG``, else the system locale (``vi_*`` Vietnamese, ``en_*`` English),
else English.  For ``report``, ``--lang`` also sets the language of the report, which follows the same
order but ends in Vietnamese: a council office gets a Vietnamese report unless told otherwise, and
English stays one flag away.  ``--debug`` (anywhere on the line) shows the traceback of a bug instead
of the short message below.  Long steps draw progress bars
on stderr when it is a terminal (``TDKT_PROGRESS=0`` turns them off, ``1`` on).

Exit codes
----------
0
    Success.
1
    The data or forms have problems: ``validate`` found errors or nothing usable, ``instruments
    validate`` found problems, ``report`` found nothing usable or no data for ``--years`` (and built
    nothing), or built the report without what data errors left out; or a command stopped on a data
    error (a ``TdktInputError``: its message and fix go to stderr, without a traceback); or the
    system refused to read or write a file (an ``OSError``: no permission, disk full).
2
    Usage error: argparse's own (an unknown option, a missing argument), a data folder that does
    not exist, a bad ``--years``, ``--k-min`` or ``--seed``, an option value the report refuses
    (an ``InvalidParameterError``, also when it is a ``TypeError``), or an output path that cannot be
    used.  Output paths (``--out``, ``--problems``) are checked before any work starts: a file where
    a folder is wanted, a path under a file, a folder without write permission, and for ``report`` a
    folder that holds other files than an earlier report (no ``.tdkt-report`` marker) or holds the
    data folder.
3
    A bug in tdkt-eval (any other exception): a short message in the interface language names the
    exception's class only (its text could quote a cell) and asks for a report; ``--debug`` lets the
    exception propagate with its traceback instead.  ``validate`` checks every other file after a
    bug on one file, and lists that file as an error ("unexpected problem"); with ``--debug`` the
    traceback of each such bug is printed to stderr too.
130
    Interrupted (Ctrl+C).  ``report`` leaves the earlier report (or nothing) in ``--out``, never half
    of the new one, and no temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import NoReturn

from . import __version__
from ._progress import progress_enabled
from .errors import InvalidParameterError, OutputPathError, TdktInputError
from ._messages import RowList, Text
from .i18n import Lang, default_lang, format_number, label, os_error_text

__all__ = ["main"]

PROG = "tdkt-eval"
COMMANDS = ("app", "validate", "report", "convert", "sample", "instruments", "demo")
#: synth.DEFAULT_SEED, written out so that help does not import synth (scipy); tests/test_packaging.py compares.
DEMO_SEED = 2024

# argparse's own error messages (they pass through gettext, which has no Vietnamese catalogue),
# matched whole and rebuilt from the translation table; anything else is shown as it is.
_ARGPARSE_ERRORS = (
    (re.compile(r"argument (?P<name>[^:]+): (?P<message>.*)", re.S), "cli_err_argument"),
    (re.compile(r"the following arguments are required: (?P<names>.*)", re.S), "cli_err_required"),
    (re.compile(r"unrecognized arguments: (?P<names>.*)", re.S), "cli_err_unrecognized"),
    (re.compile(r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", re.S), "cli_err_choice"),
    (re.compile(r"expected one argument"), "cli_err_one_value"),
    (re.compile(r"invalid (?P<type>\S+) value: (?P<value>.*)", re.S), "cli_err_type"),
)


EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _UsageError(Exception):
    """A command line that parses but cannot be run as asked (exit code 2)."""


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout with "usage:" in the interface language; descriptions keep their lines."""

    def __init__(self, prog: str, *, lang: Lang = "en", **kwargs) -> None:
        super().__init__(prog, **kwargs)
        self._lang = lang

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, label("cli_usage", self._lang) if prefix is None else prefix)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """Wrap each line on its own; an indented row ("  2    usage error") hangs under its text."""
        def fill(line: str) -> str:
            row = re.match(r" +\S+ +", line)
            return textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent + " " * len(row[0] if row else ""))

        return "\n".join(fill(line) for line in text.splitlines())


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose fixed texts (usage, group titles, -h, errors) follow ``lang``.

    Subcommand parsers are built by the same class and receive ``lang`` from ``add_parser``.
    Abbreviated options are refused, so that ``--lang`` is always spelled out for the pre-parse.
    """

    def __init__(self, *args, lang: Lang = "en", **kwargs) -> None:
        kwargs.setdefault("formatter_class", partial(_Formatter, lang=lang))
        super().__init__(*args, add_help=False, allow_abbrev=False, **kwargs)
        self.lang = lang
        self._positionals.title = label("cli_positionals", lang)
        self._optionals.title = label("cli_options", lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=label("cli_help", lang))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {label('cli_error', self.lang)}: {_translate_error(message, self.lang)}\n")


def _translate_error(message: str, lang: Lang) -> str:
    for pattern, key in _ARGPARSE_ERRORS:
        match = pattern.fullmatch(message)
        if match:
            parts = match.groupdict()
            if "message" in parts:
                parts["message"] = _translate_error(parts["message"], lang)
            return label(key, lang).format(**parts)
    return message


def _lang_from_argv(argv: Sequence[str]) -> Lang | None:
    """The last valid ``--lang X`` or ``--lang=X`` before any ``--``, wherever the command is."""
    chosen = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.removeprefix("--lang=")
        if value in ("vi", "en"):
            chosen = value
    return chosen


def _parse_years(text: str, lang: Lang = "en") -> list[int]:
    """Years from ``2023``, ``2021-2024`` (or with an en dash) or a comma list of both, sorted.

    Examples
    --------
    >>> _parse_years("2021-2024"), _parse_years("2023"), _parse_years("2023, 2019-2020")
    ([2021, 2022, 2023, 2024], [2023], [2019, 2020, 2023])
    >>> _parse_years("21-24")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: '21-24' is not a year, a range or a list of years; write e.g. 2023, 2021-2024 or 2021,2023.
    """
    years: set[int] = set()
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", part)
        if not match:
            raise argparse.ArgumentTypeError(label("cli_bad_years", lang).format(text=text))
        first, last = int(match[1]), int(match[2] or match[1])
        if last < first:
            raise argparse.ArgumentTypeError(
                label("cli_backward_years", lang).format(text=part.strip(), first=last, last=first))
        years.update(range(first, last + 1))
    return sorted(years)


def _whole_number(minimum: int, lang: Lang) -> Callable[[str], int]:
    """An argparse ``type``: an int of at least ``minimum``, or an error that says so."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"\s*[+-]?\d+\s*", text) or int(text) < minimum:
            raise argparse.ArgumentTypeError(label("cli_bad_count", lang).format(minimum=minimum, text=text))
        return int(text)

    return parse


def _existing_folder(path: str, lang: Lang) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise _UsageError(label("cli_not_a_folder", lang).format(path=folder))
    return folder


def _fix_on_its_own_line(message: str, lang: Lang, indent: str = "") -> str:
    """A library message "… Fix: …" with the fix on the next line, "Fix:" in the interface language."""
    problem, sep, fix = message.rpartition(" Fix: ")
    return f"{problem}\n{indent}{label('fix', lang)}: {fix}" if sep else message


def _kind_name(kind: str | None, lang: Lang) -> str:
    """The table's label; in English also its code when the label says more (rewards vs Khen thưởng)."""
    if kind is None:
        return "–"
    name = label(kind, lang)
    if lang == "vi" or name.casefold() == kind.replace("_", " ").casefold():
        return name
    return f"{kind} – {name}"


def _tag(status: str, lang: Lang) -> str:
    """"[OK      ]", "[NOT USED]": the status in brackets, padded to the widest status."""
    tags = {s: label(s, lang).upper() for s in ("ok", "warning", "error")}
    tags["unused"] = label("cli_validate_unused", lang)
    width = max(map(len, tags.values()))
    return f"[{tags[status]:<{width}}]"


def _source_line(source, status: str, lang: Lang) -> str:
    where = source.file + (", " + label("cli_validate_sheet", lang).format(sheet=source.sheet) if source.sheet else "")
    if status == "unused":
        return f"{_tag(status, lang)} {where}: {source.reason.render(lang)}"
    if source.how == "dictionary":
        return f"{_tag(status, lang)} {where} → {label('user_dictionary', lang)}"
    rows = "" if source.rows is None else \
        " (" + label("cli_validate_rows", lang).format(rows=format_number(source.rows, lang)) + ")"
    return f"{_tag(status, lang)} {where} → {_kind_name(source.kind, lang)}{rows}"


def _problem_lines(problem, lang: Lang, indent: str) -> list[str]:
    where = []
    if problem.column:
        where.append(label("cli_validate_column", lang).format(column=problem.column))
    if problem.rows:
        where.append(label("cli_validate_at_rows", lang).format(rows=RowList(problem.rows).render(lang)))
    mark = "✗" if problem.severity == "error" else "!"
    head = f"{indent}{mark} " + (", ".join(where) + ": " if where else "") + problem.problem.render(lang)
    fix = problem.fix.render(lang)
    return [head] + ([f"{indent}  {label('fix', lang)}: {fix}"] if fix else [])


def _print_check(check, lang: Lang) -> None:
    """Each file or sheet, then its problems under it; problems across tables at the end."""
    indent = "    "
    for source in check.sources:
        print(_source_line(source, check.status(source), lang))
        for problem in check.problems_of(source):
            print("\n".join(_problem_lines(problem, lang, indent)))
    placed = {(s.file, s.sheet) for s in check.sources}
    orphans = [p for p in check.problems if (p.file, p.sheet) not in placed]
    if orphans:
        print(label("cli_validate_across", lang))
        for problem in orphans:
            print("\n".join(_problem_lines(problem, lang, indent)))


def _print_bugs(check) -> None:
    """With ``--debug``: the traceback of each file that stopped on a bug (not a data problem)."""
    for source in check.sources:
        cause = getattr(source.error, "__cause__", None)
        if isinstance(cause, Exception) and not isinstance(cause, TdktInputError):
            print(f"--- {source.file}" + (f" [{source.sheet}]" if source.sheet else ""), file=sys.stderr)
            traceback.print_exception(cause, file=sys.stderr)


def _write_problems(check, path: Path, lang: Lang) -> Path:
    from .io import problems_frame
    from .output import write_xlsx_atomic
    from .reporting.disclosure import escape_formulas

    return write_xlsx_atomic(path, escape_formulas(problems_frame(check, lang)),
                             sheet=label("cli_validate_problems_sheet", lang))


def _validate(args: argparse.Namespace, lang: Lang) -> int:
    from .io import check_folder

    from .output import check_output_file

    folder = _existing_folder(args.data_dir, lang)
    asked = check_output_file(args.problems) if args.problems else None  # checked before any work
    check = check_folder(folder)
    written = None
    if asked is not None or check.problems or not check.tables:
        # written before anything is printed, so a closed pipe (validate … | head) cannot lose it; an explicit
        # --problems file is always rewritten, so it never keeps an earlier run's list
        name = "van_de.xlsx" if lang == "vi" else "problems.xlsx"
        written = _write_problems(check, asked or check_output_file(Path("reports") / folder.resolve().name / name),
                                  lang)
    _print_check(check, lang)
    if args.debug:
        _print_bugs(check)
    if not check.tables:
        print(label("cli_validate_none", lang).format(path=folder))
    if written is not None:
        print(label("cli_problems_written", lang).format(path=written))
    inventory = check.inventory(lang)
    used = inventory[inventory["status"] != "unused"]
    print("\n" + label("cli_validate_unused_count", lang).format(unused=len(inventory) - len(used)))
    print(label("cli_validate_summary", lang).format(files=len(used), errors=int((used["status"] == "error").sum()),
                                                     warnings=int((used["status"] == "warning").sum())))
    return 1 if check.errors or not check.tables else 0


def _convert(args: argparse.Namespace, lang: Lang) -> int:
    from .io.parquet import MARKER, convert_folder
    from .output import check_output_folder

    folder = _existing_folder(args.data_dir, lang)
    check_output_folder(args.out, marker=MARKER, keep_out=folder)  # checked before any work
    check, written = convert_folder(folder, args.out)
    _print_check(check, lang)
    for path in written:
        print(label("cli_convert_written", lang).format(path=path))
    inventory = check.inventory(lang)
    used = inventory[inventory["status"] != "unused"]
    print("\n" + label("cli_convert_summary", lang).format(
        tables=len(written), files=len(used), errors=int((used["status"] == "error").sum()), path=args.out))
    return 1 if check.errors or not written else 0


def _report(args: argparse.Namespace, lang: Lang) -> int:
    from .app.session import data_years, movement_names
    from .io import check_folder
    from .reporting.render import check_report_folder

    folder = _existing_folder(args.data_dir, lang)
    report_lang = getattr(args, "lang", None) or default_lang("vi")
    check_report_folder(Path(args.out), folder)
    check = check_folder(folder)
    if not check.tables:
        print(f"{PROG}: {label('cli_error', lang)}: " + label("cli_nothing_usable", lang).format(path=folder),
              file=sys.stderr)
        return 1
    movements = set(movement_names(check.tables))
    if args.movement is not None and args.movement not in movements:
        known = ", ".join(sorted(movements)) or label("none", lang)
        raise _UsageError(label("cli_unknown_movement", lang).format(movement=args.movement, known=known))
    present = set(data_years(check.tables))
    if args.years and present and not present.intersection(args.years):
        print(f"{PROG}: {label('cli_error', lang)}: " + label("cli_no_data_years", lang).format(
            years=_year_span(args.years), available=_year_span(sorted(present))), file=sys.stderr)
        return 1
    from .reporting import build_report

    errors = check.errors
    del check  # the report loads the folder itself: national tables are not held twice meanwhile
    path = build_report(folder, Path(args.out), lang=report_lang, k_min=args.k_min,
                        movement=args.movement, years=args.years, progress=progress_enabled())
    print(label("cli_report_written", lang).format(path=path))
    if errors:
        print(label("cli_report_incomplete", lang).format(errors=errors, path=folder), file=sys.stderr)
        return 1
    return 0


def _year_span(years: Sequence[int]) -> str:
    """2021–2024 for a run of years, else 2019, 2021."""
    years = sorted(years)
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def _app(args: argparse.Namespace, lang: Lang) -> int:
    """Serve the council app until Ctrl+C; its language is Vietnamese unless ``--lang en`` says otherwise."""
    folder = _existing_folder(args.data_dir, lang) if args.data_dir else None
    app_lang = getattr(args, "lang", None) or "vi"
    try:
        from .app.server import serve
    except ImportError as err:  # voila or ipywidgets removed after installing
        print(f"{PROG}: {label('cli_error', lang)}: " + label("cli_app_missing", lang).format(name=err.name),
              file=sys.stderr)
        return EXIT_DATA
    try:
        status = serve(folder, lang=app_lang, port=args.port, open_browser=not args.no_browser,
                       ready=lambda url: print(label("cli_app_ready", app_lang).format(url=url), flush=True))
    except RuntimeError as err:
        print(f"{PROG}: {label('cli_error', lang)}: " + label("cli_app_failed", lang).format(status=err), file=sys.stderr)
        return EXIT_DATA
    return 0 if status in (0, -2, -15) else EXIT_DATA


def _sample(args: argparse.Namespace, lang: Lang) -> int:
    from .design.selection import communes_for_interviews, read_frame, select_sample, write_field_list
    from .output import check_output_file

    out = check_output_file(args.out)                        # checked before any work
    given = {role: getattr(args, role) for role in ("stratum", "commune", "village", "size") if getattr(args, role)}
    frame, columns = read_frame(args.frame, columns=given)
    communes = args.communes
    if communes is None:
        communes = communes_for_interviews(frame, args.n, stratum=columns["stratum"], commune=columns["commune"],
                                           size=columns["size"], villages=args.villages, households=args.households)
    sample = select_sample(frame, **columns, communes=communes, villages=args.villages,
                           households=args.households, seed=args.seed)
    written = write_field_list(sample, out, **columns, lang=getattr(args, "lang", None) or default_lang("vi"))
    print(label("cli_sample_written", lang).format(
        communes=format_number(sample[columns["commune"]].nunique(), lang), villages=format_number(len(sample), lang),
        households=format_number(int(sample["households_to_interview"].sum()), lang), path=written, seed=args.seed))
    return 0


def _instruments(args: argparse.Namespace, lang: Lang) -> int:
    from .io.instruments import load_instrument, validate_form, write_codebook
    from .output import check_writable_folder

    if args.action == "codebook":
        check_writable_folder(args.out)
    if args.action == "validate":
        problems = [p for form in args.forms for p in validate_form(form)]
        for problem in problems:
            print(f"- {_fix_on_its_own_line(problem, lang, indent='  ')}")
        print(label("cli_forms_summary", lang).format(forms=len(args.forms), problems=len(problems)))
        return 1 if problems else 0
    for form in args.forms:
        for path in write_codebook(load_instrument(form), args.out):
            print(label("cli_codebook_written", lang).format(path=path))
    return 0


def _demo(args: argparse.Namespace, lang: Lang) -> int:
    from . import synth
    from .output import check_writable_folder

    out = args.folder or args.out
    check_writable_folder(out)
    paths = synth.write(synth.generate(args.seed), out)
    print(label("cli_demo_written", lang).format(files=len(paths), path=out, seed=args.seed))
    return 0


def _parser(lang: Lang) -> _Parser:
    def text(key: str) -> str:
        return label(key, lang)

    def command(name: str, key: str, run: Callable[[argparse.Namespace, Lang], int],
                lang_help: str = "cli_lang") -> _Parser:
        cmd = sub.add_parser(name, help=text(key), description=text(key), epilog=text("cli_exit_codes"), lang=lang)
        cmd.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS, help=text(lang_help))
        cmd.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=text("cli_debug"))
        cmd.set_defaults(run=run)
        return cmd

    parser = _Parser(prog=PROG, description=text("cli_description"), epilog=text("cli_exit_codes"), lang=lang)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help=text("cli_version"))
    parser.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS, help=text("cli_lang"))
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=text("cli_debug"))
    sub = parser.add_subparsers(title=text("cli_commands"), metavar="{" + ",".join(COMMANDS) + "}", required=True)

    def max_file_mb(cmd: _Parser) -> None:
        cmd.add_argument("--max-file-mb", type=_whole_number(1, lang), metavar="MB", help=text("cli_max_file_mb"))

    app = command("app", "cli_app_help", _app, lang_help="cli_app_lang")
    app.add_argument("data_dir", nargs="?", metavar="DATA_DIR", help=text("cli_app_data"))
    app.add_argument("--port", type=_whole_number(1, lang), metavar="N", help=text("cli_app_port"))
    app.add_argument("--no-browser", action="store_true", help=text("cli_app_no_browser"))

    val = command("validate", "cli_validate_help", _validate)
    val.add_argument("data_dir", metavar="DATA_DIR", help=text("cli_data_dir"))
    max_file_mb(val)
    val.add_argument("--problems", metavar="FILE", help=text("cli_problems_file"))

    rep = command("report", "cli_report_help", _report, lang_help="cli_report_lang")
    rep.add_argument("data_dir", metavar="DATA_DIR", help=text("cli_data_dir"))
    max_file_mb(rep)
    rep.add_argument("--out", default="reports/report", metavar="DIR", help=text("cli_report_out"))
    rep.add_argument("--k-min", type=_whole_number(1, lang), default=5, metavar="N", help=text("cli_k_min"))
    rep.add_argument("--movement", metavar="ID", help=text("cli_movement"))
    rep.add_argument("--years", type=partial(_parse_years, lang=lang), metavar="YEARS", help=text("cli_years"))

    conv = command("convert", "cli_convert_help", _convert)
    conv.add_argument("data_dir", metavar="DATA_DIR", help=text("cli_data_dir"))
    conv.add_argument("--out", required=True, metavar="DIR", help=text("cli_convert_out"))
    max_file_mb(conv)

    smp = command("sample", "cli_sample_help", _sample)
    smp.add_argument("frame", metavar="FRAME", help=text("cli_sample_frame"))
    how_many = smp.add_mutually_exclusive_group(required=True)
    how_many.add_argument("--communes", type=_whole_number(1, lang), metavar="N", help=text("cli_sample_communes"))
    how_many.add_argument("--n", type=_whole_number(1, lang), metavar="N", help=text("cli_sample_n"))
    smp.add_argument("--villages", type=_whole_number(1, lang), required=True, metavar="M", help=text("cli_sample_villages"))
    smp.add_argument("--households", type=_whole_number(1, lang), required=True, metavar="K",
                     help=text("cli_sample_households"))
    smp.add_argument("--out", required=True, metavar="FILE", help=text("cli_sample_out"))
    smp.add_argument("--seed", type=_whole_number(0, lang), default=DEMO_SEED, metavar="S",
                     help=text("cli_seed").format(seed=DEMO_SEED))
    for role, words in (("stratum", ("tầng/huyện", "stratum")), ("commune", ("xã", "commune")),
                        ("village", ("thôn", "village")), ("size", ("số hộ", "households"))):
        smp.add_argument(f"--{role}", metavar="COLUMN",
                         help=text("cli_sample_column").format(role=words[0] if lang == "vi" else words[1]))

    ins = command("instruments", "cli_instruments_help", _instruments)
    ins.add_argument("action", choices=("validate", "codebook"), help=text("cli_instruments_action"))
    ins.add_argument("forms", nargs="*", default=["staff", "citizen", "inspection"], metavar="FORM",
                     help=text("cli_forms"))
    ins.add_argument("--out", default="reports/codebooks", metavar="DIR", help=text("cli_codebook_out"))

    demo = command("demo", "cli_demo_help", _demo)
    demo.add_argument("folder", nargs="?", metavar="OUT", help=text("cli_demo_out"))
    demo.add_argument("--out", default="data/demo", metavar="DIR", help=text("cli_demo_out"))
    demo.add_argument("--seed", type=_whole_number(0, lang), default=DEMO_SEED, metavar="N",
                      help=text("cli_seed").format(seed=DEMO_SEED))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (see the module docstring).

    The language of help and messages is decided before the parser is built: the last
    ``--lang vi|en`` anywhere on the line, else ``TDKT_LANG``, else the system locale, else English
    (the report's own language ends in Vietnamese instead, see the module docstring).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 success, 1 problems in the data or forms, 2 usage error, 3 a bug, 130 interrupted.

    Raises
    ------
    Exception
        Only with ``--debug``: a bug, with its traceback.

    Examples
    --------
    >>> from tdkt_eval.paths import demo_dir
    >>> main(["validate", str(demo_dir()), "--lang", "vi"])  # doctest: +ELLIPSIS
    [KHÔNG DÙNG] PLANTED.md: không phải tệp bảng (.csv, .tsv, .txt hoặc .xlsx)
    ...
    [ĐẠT       ] citizen_responses.csv → Khảo sát người dân (3.000 dòng)
    ...
    Đã kiểm tra 13 tệp hoặc trang tính: 0 có lỗi, 0 có cảnh báo.
    0
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = _lang_from_argv(argv) or default_lang("en")
    debug = "--debug" in argv[:argv.index("--") if "--" in argv else len(argv)]
    try:
        parser = _parser(lang)
        try:
            args = parser.parse_args(argv)
        except SystemExit as stop:  # --help and --version (0), usage errors (2), already printed
            return 0 if stop.code is None else int(stop.code)
        args.debug = debug
        with _file_size_limit(getattr(args, "max_file_mb", None)):
            return args.run(args, lang)
    except KeyboardInterrupt:
        print("\n" + label("cli_interrupted", lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader stopped early (validate … | head): nothing is wrong, say nothing
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so that Python's final flush does not complain
        return 0
    except Exception as err:  # noqa: BLE001 - every door ends here: a message and an exit code
        code, message = _classify(err, lang)
        if code == EXIT_BUG and debug:
            raise
        print(f"{PROG}: {label('cli_error', lang)}: {message}", file=sys.stderr)
        return code


@contextmanager
def _file_size_limit(megabytes: int | None) -> Iterator[None]:
    """``--max-file-mb``: the limit on a file's size, for this command and the report's notebook (another process).

    It is passed as the environment variable ``TDKT_MAX_FILE_MB``, which the report's kernel inherits; the
    variable is restored afterwards.
    """
    from .io.limits import MAX_FILE_MB_VARIABLE

    if megabytes is None:
        yield
        return
    before = os.environ.get(MAX_FILE_MB_VARIABLE)
    os.environ[MAX_FILE_MB_VARIABLE] = str(megabytes)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(MAX_FILE_MB_VARIABLE, None)
        else:
            os.environ[MAX_FILE_MB_VARIABLE] = before


def _classify(err: Exception, lang: Lang) -> tuple[int, str]:
    """The exit code and the message for an exception that reached ``main``."""
    if isinstance(err, _UsageError):
        return EXIT_USAGE, str(err)
    if isinstance(err, TdktInputError):
        return EXIT_DATA, _input_error_text(err, lang)
    if isinstance(err, OutputPathError):
        return EXIT_USAGE, err.render(lang)
    if isinstance(err, InvalidParameterError):  # an option value the report refuses, e.g. an unknown movement
        return EXIT_USAGE, str(err)
    if isinstance(err, OSError):
        return EXIT_DATA, os_error_text(err, lang)
    return EXIT_BUG, label("cli_bug", lang).format(kind=type(err).__name__)


def _input_error_text(err: TdktInputError, lang: Lang) -> str:
    """A data error in ``lang``: where and what, the fix on its own line, then the others it carries."""
    where = err.where(lang)
    lines = [(f"{where}: " if where else "") + err.problem_text.render(lang),
             f"{label('fix', lang)}: {err.fix_text.render(lang)}"]
    others = err.problems[1:]
    if others:
        lines.append(Text("And {n} more problem(s) in this table:", "Và {n} vấn đề khác trong bảng này:",
                          {"n": len(others)}).render(lang))
        lines += [f"  - {other.render(lang)}" for other in others]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
