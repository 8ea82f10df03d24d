"""A campaign under evaluation: the loaded data, the report's parameters, and its sections.

:class:`Campaign` is what notebook ``06_campaign_report`` works with.  It loads
and checks a data folder once, keeps only the chosen movement and years, and
builds each report section through the public analysis API.  It also owns the
conventions every section shares: labels in the report's language, estimates
printed with their interval, and small cells suppressed below ``k_min``.
"""

from __future__ import annotations

import contextlib
import html
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataQualityWarning, InvalidParameterError, MissingColumnError, TdktInputError
from .._messages import Text
from ..areas import AreaLevel, MapNote, to_current_map
from ..i18n import Lang, check_lang, format_number, format_p, format_percent, label
from ..io import check_folder
from ..io.text import nfc
from .artifacts import Finding, ReportFigure, ReportSection, ReportTable
from .disclosure import check_k_min, suppress_rows
from .glossary_box import GlossaryBox, glossary_box
from . import sections

__all__ = ["Campaign", "SECTION_KEYS"]

SECTION_KEYS = ("data_quality", "scales", "depth", "formality", "rewards", "compliance")


def _check_years(years) -> list[int] | None:
    if years is None:
        return None
    years = [years] if isinstance(years, (int, str)) else list(years)
    try:
        return sorted({int(y) for y in years})
    except (TypeError, ValueError):
        raise InvalidParameterError(f"The 'years' parameter must be a list of years such as [2022, 2023]. "
                                    f"Got {years!r} instead.") from None


def _check_title(title: object) -> str | None:
    """A title given by the user, in NFC without surrounding spaces; None or blank means the standard one.

    Examples
    --------
    >>> _check_title("  Báo cáo sơ kết  "), _check_title("   "), _check_title(None)
    ('Báo cáo sơ kết', None, None)
    """
    if title is None:
        return None
    if not isinstance(title, str):
        raise InvalidParameterError(f"The 'title' parameter must be a str or None. Got {title!r} instead.")
    return nfc(title).strip() or None


def _filter(tables: dict[str, pd.DataFrame], movement: str | None, years: list[int] | None):
    """Keep the rows of one movement and of the chosen years, where a table records them."""
    out = {}
    for name, df in tables.items():
        if movement is not None and "movement_id" in df.columns and name != "movements":
            df = df[df["movement_id"] == movement]
        if years is not None:
            if "year" in df.columns:
                df = df[df["year"].isin(years)]
            elif name == "inspections" and "date" in df.columns:
                df = df[df["date"].dt.year.isin(years)]
        out[name] = df.reset_index(drop=True)
    return out


@dataclass
class Campaign:
    """The data and parameters of one campaign report.

    Parameters
    ----------
    tables : dict of str to DataFrame
        Validated tables (as from :func:`tdkt_eval.load_and_check`).
    checks : DataFrame
        The per-file validation results.
    lang : {"vi", "en"}
    k_min : int
        Cells describing fewer people are suppressed.
    movement : str, optional
        Movement id the report is about; tables with a ``movement_id`` are filtered.
    years : list of int, optional
        Years kept in tables with a year (surveys have none and are kept whole).
    source : str
        The data folder's name, printed in the report (never its full path).
    custom_title : str, optional
        The report's title instead of the standard one (which names the movement and years).
    """

    tables: dict[str, pd.DataFrame]
    checks: pd.DataFrame
    lang: Lang = "vi"
    k_min: int = 5
    movement: str | None = None
    years: list[int] | None = None
    source: str = ""
    suppressed: dict[str, int] = field(default_factory=dict)
    folder: str = ""
    emptied: list[str] = field(default_factory=list)
    map_note: MapNote | None = None
    area: AreaLevel | None = None
    custom_title: str | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, data_dir: str | Path, *, lang: Lang = "vi", k_min: int = 5, movement: str | None = None,
             years=None, title: str | None = None) -> "Campaign":
        """Load and check ``data_dir`` and keep the chosen movement and years.

        ``title``, if given and not blank, replaces the standard title (see :attr:`custom_title`).

        Examples
        --------
        >>> from tdkt_eval.paths import demo_dir
        >>> c = Campaign.load(demo_dir(), lang="en", years=[2023, 2024])
        >>> sorted(c.tables["rewards"]["year"].unique().tolist())
        [2023, 2024]
        """
        lang, k_min, years = check_lang(lang), check_k_min(k_min), _check_years(years)
        check = check_folder(data_dir)
        checks = check.inventory(lang)
        tables, map_note, area = to_current_map(check.tables)
        if movement is not None and "movements" in tables:
            known = tables["movements"]["movement_id"].astype(str).tolist()
            if movement not in known:
                raise InvalidParameterError(f"The 'movement' parameter must be one of {known}. Got {movement!r} instead.")
        kept = _filter(tables, movement, years)
        return cls(kept, checks, lang, k_min, movement, years, Path(data_dir).name,
                   folder=str(Path(data_dir).resolve()),
                   emptied=[k for k in kept if len(kept[k]) == 0 and len(tables[k])], map_note=map_note, area=area,
                   custom_title=_check_title(title))

    # -- shared conventions -------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        """The label ``key`` in the report's language, with ``{placeholders}`` filled in."""
        text = label(key, self.lang)
        return text.format(**values) if values else text

    def num(self, value: float, decimals: int = 2) -> str:
        """A number with the separators of the report's language; missing as "–"."""
        return "–" if value is None or pd.isna(value) else format_number(float(value), self.lang, decimals=decimals)

    def pct(self, value: float, decimals: int = 1) -> str:
        """A share as a percentage: "74,8%" (no space before "%"); missing as "–"."""
        return "–" if value is None or pd.isna(value) else format_percent(float(value), self.lang, decimals=decimals)

    def p(self, value: float) -> str:
        """"p = 0,012" or "p < 0,001" (never "p = 0,000")."""
        text = format_p(value, self.lang)
        return f"p {text[0]} {text[1:]}" if text.startswith("<") else f"p = {text}"

    def est(self, value: float, low: float, high: float, *, decimals: int = 2, percent: bool = False,
            level: int = 95, unit: str | None = None) -> str:
        """"0,68 (KTC 95% 0,65–0,70)": an estimate and its ``level`` % interval.

        ``unit`` is the label key of the unit printed after the estimate ("unit_points_per_criterion" …).
        """
        show = self.pct if percent else (lambda v: self.num(v, decimals))
        after = f" {self.t(unit)}" if unit else ""
        return f"{show(value)}{after} ({self.t('interval', level=level)} {show(low)}–{show(high)})"

    def area_column(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame``'s ``area`` column renamed to the level's label key (``area_former_district`` …).

        Raises a data error (which the section shows as a note) when the data name no place.
        """
        if self.area is None:
            raise MissingColumnError(
                Text("No table names a district or a commune, so nothing can be shown by area.",
                     "Không bảng nào ghi huyện hoặc xã, phường, đặc khu, nên không thể trình bày theo địa bàn."),
                fix=Text("Add a column 'commune' (xã, phường, đặc khu) to the units list, or 'district' for data "
                         "from before 1 July 2025.",
                         "Bổ sung cột “Xã, phường, đặc khu” vào danh sách đơn vị (hoặc cột “Huyện” cho dữ liệu "
                         "trước ngày 01/7/2025)."), column="commune")
        return frame.rename(columns={"area": self.area.key})

    def has(self, *names: str) -> bool:
        return all(name in self.tables and len(self.tables[name]) for name in names)

    def missing(self, section: ReportSection, *names: str) -> ReportSection:
        """A section whose input tables are absent or empty: say which tables would enable it.

        Tables that exist but hold nothing for the chosen movement or years get
        their own note: the files are there, the period is empty.
        """
        absent = [n for n in names if not self.has(n)]
        empty = [n for n in absent if n in self.emptied]
        lacking = [n for n in absent if n not in self.emptied]
        if empty:
            section.notes.append(self.t("section_empty_period", tables=self._table_names(empty),
                                        period=self._period()))
        if lacking:
            section.notes.append(self.t("section_needs", files=self._table_names(lacking)))
        return section

    def _table_names(self, kinds) -> str:
        """"Khen thưởng (rewards.csv), …": each table by its label, with the file name that holds it."""
        return ", ".join(f"{label(k, self.lang)} ({k}.csv)" if self.lang == "en" else label(k, self.lang)
                         for k in kinds)

    def _period(self) -> str:
        parts = []
        if self.movement is not None:
            parts.append(self.t("period_movement", movement=self.movement))
        if self.years:
            parts.append(self.t("period_years", years=", ".join(map(str, self.years))))
        return ", ".join(parts)

    def cached(self, key: str, compute):
        """``compute(self)``, computed once per report (screening and designs serve several sections)."""
        if key not in self._cache:
            self._cache[key] = compute(self)
        return self._cache[key]

    def run_parts(self, section: ReportSection, parts) -> ReportSection:
        """Fill ``section`` from ``parts``, pairs of (tables needed, part function).

        A part runs only if its tables are present; a data problem inside it becomes
        a note instead of stopping the report. If no part could run, the section
        names the files that would enable them.
        """
        for needs, part in parts:
            if self.has(*needs):
                with self.noted(section):
                    try:
                        part(self, section)
                    except TdktInputError as exc:
                        section.notes.append(self.t("part_failed", problem=self.without_paths(exc.render(self.lang))))
        if not (section.items or section.findings or section.notes):
            return self.missing(section, *dict.fromkeys(name for needs, _ in parts for name in needs))
        return section

    @contextlib.contextmanager
    def noted(self, section: ReportSection):
        """Data-quality warnings raised inside become the section's notes, in the report's language.

        They never reach the page as an English warning under a cell; other warnings pass on.
        """
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataQualityWarning)
            yield
        for w in caught:
            if isinstance(w.message, DataQualityWarning):
                note = self.without_paths(w.message.render(self.lang))
                if note not in section.notes:
                    section.notes.append(note)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)

    def without_paths(self, text: object) -> object:
        """``text`` with the data folder's full path cut to its name (paths can carry a user's name)."""
        if not isinstance(text, str) or not self.folder:
            return text
        return text.replace(self.folder + "/", "").replace(self.folder, self.source)

    def relabel(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Column names and code values in the report's language."""
        out = frame.rename(columns=lambda c: label(str(c), self.lang))
        for col in out.columns:
            if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]) or out[col].dtype == bool:
                out[col] = out[col].map(lambda v: label(_code(v), self.lang) if isinstance(v, (str, bool)) else v)
        out.columns.name = None
        return out

    def table(self, frame: pd.DataFrame, name: str, caption: str, *, note: str = "",
              counts: str | list[str] | dict[str, str] | None = None, parts_of: str | None = None,
              decimals: dict[str, int] | None = None) -> ReportTable:
        """A report table: rows resting on fewer than ``k_min`` people suppressed, then relabelled.

        ``counts`` names the count columns, or maps each to what it counts
        ("respondents", "persons": suppressed when small; "records", "decisions",
        "units", … never; see :func:`~tdkt_eval.reporting.disclosure.suppress_rows`).

        ``parts_of`` names the column grouping rows that add up to a whole (see
        :func:`~tdkt_eval.reporting.disclosure.suppress_rows`).
        """
        notes = [note] if note else []
        if counts is not None:
            frame, n = suppress_rows(frame, counts, self.k_min, parts_of=parts_of)
            if n:
                self.suppressed[name] = n
                notes.append(self.t("suppressed_rows", n=n, k=self.k_min))
        decimals = {label(k, self.lang): v for k, v in (decimals or {}).items()}
        return ReportTable(self.relabel(frame), name, caption, note=" ".join(notes), lang=self.lang,
                           decimals=decimals)

    def figure(self, fig, name: str, caption: str, *, alt: str, note: str = "") -> ReportFigure:
        return ReportFigure.from_figure(fig, name, caption, alt=alt, note=note)

    def finding(self, topic: str, estimate: str, reading: str, *, concern: bool = False) -> Finding:
        """A summary line; its plain reading ``meaning_<topic>`` goes with it, where the labels have one."""
        meaning = self.t(f"meaning_{topic}")
        return Finding(self.t(topic), estimate, reading, concern,
                       meaning="" if meaning == f"meaning_{topic}" else meaning)

    # -- the report -------------------------------------------------------------------
    def title(self) -> str:
        if self.custom_title:
            return self.custom_title
        parts = [self.t("report_title")]
        if self.movement is not None:
            names = self.tables.get("movements")
            name = (names.set_index("movement_id")["name"].get(self.movement, self.movement)
                    if names is not None and "name" in names else self.movement)
            parts.append(str(name))
        if self.years:
            parts.append(f"{self.years[0]}–{self.years[-1]}" if len(self.years) > 1 else str(self.years[0]))
        return " – ".join(parts)

    def section(self, key: str) -> ReportSection:
        """Build one section: one of :data:`SECTION_KEYS`."""
        if key not in SECTION_KEYS:
            raise InvalidParameterError(f"The 'key' parameter must be one of {list(SECTION_KEYS)}. Got {key!r} instead.")
        try:
            return getattr(sections, key)(self)
        except TdktInputError as exc:  # a data problem no part caught: the section says so, the report goes on
            section = ReportSection(key, self.t(f"sec_{key}"))
            section.notes.append(self.t("part_failed", problem=self.without_paths(exc.render(self.lang))))
            return section

    def header(self) -> "HTMLBlock":
        """The report's title block: title, data folder, parameters and the privacy statement."""
        lines = [self.t("generated_from") + ": " + self.source,
                 self.t("parameters_line", lang=self.t(f"language_{self.lang}"), k=self.k_min,
                        movement=self.movement or self.t("all_movements"),
                        years=", ".join(map(str, self.years)) if self.years else self.t("all_years")),
                 self.t("privacy_note"), self.t("suppression_note", k=self.k_min)]
        if self.map_note is not None and self.area is not None:
            lines.insert(2, self.map_note.text(self.lang) + " " + self.t("area_line", area=self.area.label(self.lang)))
        body = f"<h1>{html.escape(self.title())}</h1>" + "".join(
            f'<p class="note">{html.escape(line)}</p>' for line in lines)
        return HTMLBlock(body, self.title())

    def save(self, sections: list[ReportSection], out_dir: str | Path) -> list[Path]:
        """Write every section's tables and figures, and the summary table, under ``out_dir``."""
        return [p for s in [*sections, self.summary(sections)] for p in s.save(out_dir)]

    def digest(self, sections: list[ReportSection]) -> str:
        """A plain-text digest of the findings and of what each section holds (for checks and logs)."""
        lines = []
        for s in sections:
            lines.append(repr(s))
            lines += [f"  {f.topic}: {f.estimate}{' (!)' if f.concern else ''}" for f in s.findings]
        suppressed = ", ".join(f"{k} {v}" for k, v in sorted(self.suppressed.items())) or "none"
        return "\n".join(lines + [f"suppressed rows (k_min={self.k_min}): {suppressed}"])

    def glossary(self, sections: list[ReportSection]) -> GlossaryBox:
        """The statistical terms the report uses (its sections and their summary), explained in its language."""
        return glossary_box([*sections, self.summary(sections)], lang=self.lang)

    def summary(self, sections: list[ReportSection]) -> ReportSection:
        """The one-page summary: every section's key findings with their uncertainty."""
        rows = [(s.title, f) for s in sections for f in s.findings]
        frame = pd.DataFrame({
            label("summary_area", self.lang): [title for title, _ in rows],
            label("summary_finding", self.lang): [f.topic for _, f in rows],
            label("summary_estimate", self.lang): [f.estimate for _, f in rows],
            label("summary_meaning", self.lang): [f.meaning for _, f in rows],
            label("summary_reading", self.lang): [("⚠ " if f.concern else "") + f.reading for _, f in rows],
        })
        n_concerns = sum(f.concern for _, f in rows)
        table = ReportTable(frame, "summary", self.t("summary_caption"), note=self.t("summary_note"),
                            lang=self.lang)
        return ReportSection("summary", self.t("summary_title"),
                             intro=self.t("summary_intro", n=len(rows), concerns=n_concerns), items=[table])


def _code(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value  # type: ignore[return-value]


@dataclass
class HTMLBlock:
    """Literal HTML that a notebook displays as is (built from escaped text only)."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text
