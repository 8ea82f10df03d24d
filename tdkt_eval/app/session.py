"""What the app does, without its widgets: check the data folder, choose defaults, build and pack the report.

The widgets (:mod:`tdkt_eval.app.ui`) only call these functions and show what they return, so
every step is tested here without a browser.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..i18n import Lang, check_lang, format_number, label
from ..io import check_folder, problems_frame
from ..io.folder import FolderCheck
from ..output import write_xlsx_atomic
from .workspace import Workspace

__all__ = ["Checked", "Settings", "Built", "check_data", "default_settings", "build", "data_years", "movement_names",
           "summary_html"]

_SUMMARY = re.compile(r'<section id="summary">.*?</section>', re.S)


@dataclass(frozen=True)
class Checked:
    """The check of a data folder, as the app shows it (in either language).

    Attributes
    ----------
    check : FolderCheck
        What :func:`tdkt_eval.io.check_folder` found.
    used, errors, warnings, unused : int
        Files or sheets used, with errors, with warnings only, and not used.
    movements : dict of str to str
        Movement code → its name (the code when the data give no name).
    years : tuple of int
        Every year in the data.
    """

    check: FolderCheck
    used: int
    errors: int
    warnings: int
    unused: int
    movements: dict[str, str] = field(default_factory=dict)
    years: tuple[int, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables that loaded."""
        return tuple(sorted(self.check.tables))

    def sources(self, lang: Lang = "vi") -> pd.DataFrame:
        """One row per file or sheet: file, sheet, table, rows, status, and why it was not used or its problems."""
        inventory = self.check.inventory(lang)
        return pd.DataFrame({
            label("pf_file", lang): inventory["file"],
            label("pf_sheet", lang): inventory["sheet"].fillna(""),
            label("pf_table", lang): [label(k, lang) if isinstance(k, str) else "" for k in inventory["kind"]],
            label("app_rows", lang): ["" if pd.isna(n) else format_number(n, lang) for n in inventory["rows"]],
            label("app_status", lang): [label(s, lang).capitalize() for s in inventory["status"]],
            label("app_note", lang): inventory["problem"],
        })

    def problems(self, lang: Lang = "vi") -> pd.DataFrame:
        """Every problem: file, sheet, table, column, rows, severity, problem and fix (see :func:`problems_frame`).

        Files not used are listed with their reason in :meth:`sources` instead (and in the spreadsheet).
        """
        frame = problems_frame(self.check, lang)
        return frame.iloc[:len(self.check.problems)].reset_index(drop=True)

    def write_problems(self, folder: Path, lang: Lang = "vi") -> Path:
        """The problems as a spreadsheet in ``folder``: ``van_de.xlsx`` (``problems.xlsx`` in English)."""
        from ..reporting.disclosure import escape_formulas

        name = "van_de.xlsx" if lang == "vi" else "problems.xlsx"
        return write_xlsx_atomic(folder / name, escape_formulas(problems_frame(self.check, lang)),
                                 sheet=label("cli_validate_problems_sheet", lang))


@dataclass(frozen=True)
class Settings:
    """What the report is about: a movement (None: all), years (None: all), ``k_min``, language and title."""

    movement: str | None = None
    years: tuple[int, int] | None = None
    k_min: int = 5
    lang: Lang = "vi"
    title: str = ""


@dataclass(frozen=True)
class Built:
    """A built report: its page, the zip of the page with its figures and tables, and the summary's HTML."""

    page: Path
    archive: Path
    summary: str


def movement_names(tables) -> dict[str, str]:
    """Movement code → name, for every movement the tables name (the code when no name is given)."""
    codes: set[str] = set()
    for df in tables.values():
        if "movement_id" in df.columns:
            codes.update(str(m) for m in df["movement_id"].dropna().unique())
    names: dict[str, str] = {}
    listed = tables.get("movements")
    if listed is not None and "name" in listed.columns:
        names = {str(k): str(v) for k, v in zip(listed["movement_id"], listed["name"]) if pd.notna(v)}
    return {code: names.get(code, code) for code in sorted(codes)}


def data_years(tables) -> tuple[int, ...]:
    """Every year of the tables' ``year`` columns (else their ``date`` columns), sorted."""
    years: set[int] = set()
    for df in tables.values():
        if "year" in df.columns:
            years.update(int(y) for y in df["year"].dropna().unique())
        elif "date" in df.columns and hasattr(df["date"], "dt"):
            years.update(int(y) for y in df["date"].dt.year.dropna().unique())
    return tuple(sorted(years))


def check_data(workspace: Workspace) -> Checked:
    """Check the workspace's data folder as ``tdkt-eval validate`` does.

    Examples
    --------
    >>> from tdkt_eval.paths import demo_dir
    >>> with Workspace(demo_dir()) as ws:
    ...     checked = check_data(ws)
    >>> checked.errors, "rewards" in checked.tables, checked.years[:2]
    (0, True, (2021, 2022))
    >>> checked.sources("en").columns.tolist()
    ['File', 'Sheet', 'Table', 'Rows', 'Status', 'Note']
    """
    check = check_folder(workspace.data_dir)
    status = check.inventory()["status"]
    return Checked(check, int((status != "unused").sum()), int((status == "error").sum()),
                   int((status == "warning").sum()), int((status == "unused").sum()),
                   movement_names(check.tables), data_years(check.tables))


def default_settings(checked: Checked, lang: Lang = "vi") -> Settings:
    """Every movement, the data's first to last year, ``k_min`` 5, the app's language, the standard title.

    Examples
    --------
    >>> default_settings(Checked(None, 1, 0, 0, 0, years=(2021, 2023)))
    Settings(movement=None, years=(2021, 2023), k_min=5, lang='vi', title='')
    """
    years = (checked.years[0], checked.years[-1]) if checked.years else None
    return Settings(None, years, 5, check_lang(lang), "")


def build(workspace: Workspace, settings: Settings,
          on_step: Callable[[str, int, int], None] | None = None) -> Built:
    """Build the report into the workspace (``report/``), pack it as a zip, and take its summary table.

    ``on_step(step, done, total)`` is called as each step starts (see
    :func:`tdkt_eval.reporting.build_report`).

    Raises
    ------
    TdktInputError
        The data stopped the report; the message names the file and the fix.
    """
    from ..reporting import build_report

    years = None if settings.years is None else list(range(settings.years[0], settings.years[1] + 1))
    page = build_report(workspace.data_dir, workspace.report_dir, lang=settings.lang, k_min=settings.k_min,
                        movement=settings.movement, years=years, title=settings.title or None, on_step=on_step)
    name = "bao_cao.zip" if settings.lang == "vi" else "report.zip"
    archive = _pack(workspace.report_dir, workspace.root / name)
    return Built(page, archive, summary_html(page.read_text(encoding="utf-8")))


def summary_html(page: str) -> str:
    """The summary section of a report page (its heading, the count of findings and the table).

    Examples
    --------
    >>> summary_html('<main><section id="summary"><h2>Tóm tắt</h2></section><section id="x"></section></main>')
    '<section id="summary"><h2>Tóm tắt</h2></section>'
    """
    found = _SUMMARY.search(page)
    return found[0] if found else ""


def _pack(folder: Path, target: Path) -> Path:
    """``folder``'s files (the marker left out) in a zip at ``target``, written atomically."""
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                archive.write(path, path.relative_to(folder).as_posix())
    partial.replace(target)
    return target
