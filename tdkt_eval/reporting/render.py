"""Build the campaign report: run the report notebook with papermill, then turn it into one HTML page.

The notebook ships inside the package (``tdkt_eval/reporting/notebooks/campaign_report.ipynb``,
the cells of the project's ``notebooks/06_campaign_report.ipynb`` without outputs; ``make
report-notebook`` copies it), so the report builds from a plain ``pip install``.  It runs in
a temporary folder, never in the working directory or a checkout.

The page has no input cells, no prompts, no scripts and no external links, so it
opens offline and can be sent as a single file.  Figures are embedded with
their alt text; the full-resolution files are in ``figures/`` and ``tables/``
beside it.

The output folder is checked before the notebook runs (:func:`check_report_folder`).
The report is assembled in a temporary folder beside it and moved into place whole, with
the marker file ``.tdkt-report``: a reused folder holds exactly one run's files, an
interrupted run leaves the earlier report as it was, and a folder holding other files
(no marker) is never overwritten.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from .._messages import Text
from ..errors import InvalidParameterError, TdktInputError
from ..i18n import Lang, check_lang
from ..output import assembled_folder, check_output_folder, write_text_atomic
from ..paths import shipped_file
from .disclosure import check_k_min

__all__ = ["build_report", "check_report_folder", "notebook_path", "report_step", "REPORT_CSS", "REPORT_MARKER",
           "REPORT_STEPS"]

#: The report notebook, under the package folder.
NOTEBOOK = "reporting/notebooks/campaign_report.ipynb"
REMOVE_TAG = "remove-cell"
#: The file that marks a folder written by ``build_report``; a later run may replace such a folder.
REPORT_MARKER = ".tdkt-report"
#: A folder holding only these is a report written before the marker existed, and is replaced too.
_UNMARKED_REPORT = ("report.html", "figures", "tables")
_MARKER_NOTE = ("This folder was written by tdkt-eval report; the next report written here replaces it whole.\n"
                "Thư mục này do lệnh tdkt-eval report tạo ra; lần lập báo cáo sau vào đây sẽ thay toàn bộ.\n")

REPORT_CSS = """
body{font-family:"Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif;max-width:1000px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.4em 0;font-size:.9em}th,td{border:1px solid #ddd;padding:.25em .55em;
text-align:left;vertical-align:top}th{background:#f3f3f3}figure{margin:1.2em 0}
figcaption{font-weight:600;margin:.3em 0}img{max-width:100%;height:auto}.note{color:#555;font-size:.9em}
ul.findings li{margin:.2em 0}#summary table{font-size:.95em}
aside.glossary{background:#f7f7f4;border-left:3px solid #bbb;padding:.4em 1em;margin:1.5em 0;font-size:.92em}
aside.glossary dt{font-weight:600;margin-top:.4em}aside.glossary dd{margin:0 0 0 1em}
@media print{body{max-width:none}section{break-inside:auto}figure{break-inside:avoid}}
"""


def notebook_path() -> Path:
    """The report notebook shipped in the package, ``tdkt_eval/reporting/notebooks/campaign_report.ipynb``.

    Examples
    --------
    >>> notebook_path().name
    'campaign_report.ipynb'
    """
    return shipped_file(NOTEBOOK)


#: The steps of a report, in order: loading the data, each section, saving figures and tables, the page.
REPORT_STEPS = ("load", "data_quality", "scales", "depth", "formality", "rewards", "compliance", "save", "page")
_SECTION_CALL = re.compile(r"""campaign\.section\(["'](\w+)["']\)""")


def report_step(source: str) -> str | None:
    """The step of :data:`REPORT_STEPS` that a cell of the report notebook computes, or None.

    Examples
    --------
    >>> report_step('depth = campaign.section("depth")'), report_step("campaign.save(sections, out_dir)")
    ('depth', 'save')
    >>> report_step("campaign.summary(sections)") is None
    True
    """
    if "Campaign.load(" in source:
        return "load"
    if (call := _SECTION_CALL.search(source)) and call[1] in REPORT_STEPS:
        return call[1]
    if "campaign.save(" in source:
        return "save"
    return None


def _step_hook(on_step: Callable[[str, int, int], None]) -> Callable:
    """nbclient's ``on_cell_execute`` hook: calls ``on_step(step, done, total)`` as each step's cell starts."""
    def hook(cell, **_) -> None:
        # papermill adds its own parameters cell: a step is known by its cell's source, not its index
        step = report_step(cell.source) if cell.cell_type == "code" else None
        if step is not None:
            on_step(step, REPORT_STEPS.index(step), len(REPORT_STEPS))

    return hook


def _execute(parameters: dict, progress: bool, on_step: Callable[[str, int, int], None] | None = None):
    """Run the notebook in a fresh kernel; a data error inside becomes a TdktInputError here."""
    import nbformat
    import papermill

    hook = {} if on_step is None else {"on_cell_execute": _step_hook(on_step)}
    with tempfile.TemporaryDirectory(prefix="tdkt-report-") as tmp:
        executed = Path(tmp) / "report.ipynb"
        try:
            papermill.execute_notebook(str(notebook_path()), str(executed), parameters=parameters,
                                       kernel_name="python3", progress_bar=progress, log_output=False,
                                       cwd=tmp, extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                                       **hook)
        except papermill.PapermillExecutionError as exc:
            if exc.ename == "KeyboardInterrupt":  # Ctrl+C reached the kernel before this process
                raise KeyboardInterrupt from None
            if _is_input_error(exc.ename):
                raise TdktInputError(
                    Text("The report stopped on a data problem: {error}", "Báo cáo dừng vì một vấn đề của dữ liệu: {error}",
                         {"error": exc.evalue}),
                    fix=Text("Run 'tdkt-eval validate' on the data folder (or read the app's Check step) and correct "
                             "what it lists.",
                             "Chạy 'tdkt-eval validate' với thư mục dữ liệu (hoặc xem bước Kiểm tra của ứng dụng) và "
                             "sửa các vấn đề được liệt kê.")) from None
            raise
        return nbformat.read(executed, as_version=4)


def _is_input_error(name: str) -> bool:
    from .. import errors

    cls = getattr(errors, name, None)
    return isinstance(cls, type) and issubclass(cls, (TdktInputError, InvalidParameterError))


def _keep_results(nb) -> None:
    """Drop warnings (stderr), code cells without output, and cells tagged for removal.

    Papermill's injected-parameters cell has a random id, so removing it also keeps
    the page the same byte for byte on a rerun.
    """
    cells = []
    for cell in nb.cells:
        if REMOVE_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
            if not cell.outputs:
                continue
        cells.append(cell)
    nb.cells = cells


def to_html(nb, lang: Lang) -> str:
    """The executed notebook as one self-contained page: outputs only, titled by its first heading."""
    from nbconvert import HTMLExporter

    _keep_results(nb)
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, anchor_link_text="")
    body, _ = exporter.from_notebook_node(nb)
    heading = re.search(r"<h1>(.*?)</h1>", body, flags=re.S)
    title = html.unescape(heading.group(1)) if heading else "tdkt-eval"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{REPORT_CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")


def build_report(data_dir: str | Path, out_dir: str | Path, *, lang: Lang = "vi", k_min: int = 5,
                 movement: str | None = None, years=None, progress: bool | None = None,
                 title: str | None = None, on_step: Callable[[str, int, int], None] | None = None) -> Path:
    """Build ``out_dir/report.html`` with ``figures/`` and ``tables/`` from a campaign folder.

    Parameters
    ----------
    data_dir : str or Path
        The campaign's data folder (only read).
    out_dir : str or Path
        Where the report, figures and tables are written: a new or empty folder, or an
        earlier report, which is replaced whole (see the module's notes).
    lang : {"vi", "en"}, default "vi"
    k_min : int, default 5
        Cells describing fewer people are suppressed.
    movement : str, optional
        Report on one movement (its ``movement_id``).
    years : list of int, optional
        Report on these years only.
    progress : bool, optional
        Show a progress bar over the report's steps; default: no bar.
    title : str, optional
        The report's title; default: the standard title, which names the movement and years.
    on_step : callable, optional
        Called as ``on_step(step, done, total)`` when each step of :data:`REPORT_STEPS` starts
        (``done`` steps of ``total`` are finished), e.g. to name the section being computed.

    Returns
    -------
    Path
        ``out_dir/report.html``.

    Raises
    ------
    OutputPathError
        Before the notebook runs, when ``out_dir`` cannot receive the report
        (see :func:`check_report_folder`).
    TdktInputError
        The notebook stopped on a data problem; ``out_dir`` is left as it was.
    """
    lang, k_min = check_lang(lang), check_k_min(k_min)
    data_dir, out_dir = Path(data_dir).resolve(), Path(out_dir).resolve()
    if not data_dir.is_dir():
        raise InvalidParameterError(f"The data folder '{data_dir}' does not exist or is not a folder.")
    check_report_folder(out_dir, data_dir)
    with assembled_folder(out_dir, marker=REPORT_MARKER, note=_MARKER_NOTE, unmarked=_UNMARKED_REPORT) as tmp:
        parameters = {"data_dir": str(data_dir), "out_dir": str(tmp), "lang": lang, "k_min": k_min,
                      "movement": movement, "years": None if years is None else [int(y) for y in years],
                      "title": title}
        nb = _execute(parameters, bool(progress), on_step)
        if on_step is not None:
            on_step("page", REPORT_STEPS.index("page"), len(REPORT_STEPS))
        write_text_atomic(tmp / "report.html", to_html(nb, lang))
    return out_dir / "report.html"


def check_report_folder(out_dir: str | Path, data_dir: str | Path | None = None) -> Path:
    """Check, before any work, that ``out_dir`` can receive a report; the CLI calls it first.

    ``out_dir`` may be missing, empty, or an earlier report: it holds ``.tdkt-report``, or
    (written before the marker existed) nothing but ``report.html``, ``figures/`` and ``tables/``.

    Raises
    ------
    OutputPathError
        ``out_dir`` is a file, lies under a file, cannot be written, holds
        ``data_dir``, or holds other files than an earlier report.
    """
    return check_output_folder(out_dir, marker=REPORT_MARKER, keep_out=data_dir, unmarked=_UNMARKED_REPORT)
