"""The campaign report: a self-contained HTML page in Vietnamese or English.

At this stage the report summarises the data (what was loaded, whether it
passed validation, and its size and coverage).  Analysis sections are added as
the analysis modules land.  The page has no scripts and no external links, so it
opens offline, and it shows aggregates only: never names, phone or ID numbers.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .formality import inspection_coverage, inspection_rates
from .i18n import Lang, check_lang, format_number, label
from .instruments import load_instrument
from .io import load_and_check
from .output import write_text_atomic
from .quality import screen

__all__ = ["data_summary", "render_html", "build_report"]

Section = tuple[str, pd.DataFrame]


def _measures(rows: list[tuple[str, object]], lang: Lang) -> pd.DataFrame:
    """A two-column table of labelled measures and their values."""
    return pd.DataFrame({label("measure", lang): [label(k, lang) for k, _ in rows],
                         label("value", lang): [str(v) for _, v in rows]})


def _overview(t: dict[str, pd.DataFrame], lang: Lang) -> pd.DataFrame:
    units = t.get("units", t.get("personnel"))
    rows = []
    if units is not None:
        rows.append(("n_units", units["unit_id"].nunique()))
        rows.append(("districts", units["district"].nunique() if "district" in units else pd.NA))
    if "cluster_results" in t:
        rows.append(("clusters", t["cluster_results"]["cluster_id"].nunique()))
    years = pd.concat([df["year"] for df in t.values() if "year" in df.columns], ignore_index=True)
    if len(years):
        rows.append(("years", f"{int(years.min())}–{int(years.max())}"))
    if "movements" in t:
        rows.append(("n_movements", len(t["movements"])))
    return _measures(rows, lang)


def _staff(t: dict[str, pd.DataFrame], lang: Lang) -> pd.DataFrame:
    staff = t["staff_responses"]
    table = pd.crosstab(staff["position_group"], staff["gender"], margins=True, margins_name=label("total", lang))
    return _relabel(table.reset_index(), lang)


def _citizen(t: dict[str, pd.DataFrame], lang: Lang) -> pd.DataFrame:
    c = t["citizen_responses"]
    rows = [("respondents", len(c)), ("strata", c["stratum"].nunique()), ("psus", c["psu"].nunique()),
            ("est_households", format_number(c["weight"].sum(), lang))]
    return _measures(rows, lang)


def _rewards(t: dict[str, pd.DataFrame], lang: Lang) -> pd.DataFrame:
    r = t["rewards"]
    table = pd.crosstab(r["year"], r["level"], margins=True, margins_name=label("total", lang))
    return _relabel(table.reset_index(), lang)


def _inspections(t: dict[str, pd.DataFrame], lang: Lang) -> pd.DataFrame:
    """Inspections per unit-year by district, exact CIs, and the rarely-inspected flag."""
    units = t.get("units")
    if units is None:
        return pd.DataFrame()
    ins = t["inspections"]
    rates = inspection_rates(inspection_coverage(ins, units, sorted(ins["date"].dt.year.unique())), units)

    def number(v: float) -> str:
        return format_number(v, lang, decimals=2)

    table = pd.DataFrame({
        "district": rates["district"],
        "n_inspections": rates["n_inspections"],
        "per_unit_year": rates["rate"].map(number),
        "ci95": [f"{number(lo)}–{number(hi)}" for lo, hi in zip(rates["rate_low"], rates["rate_high"])],
        "rate_ratio": rates["rate_ratio"].map(number),
        "rarely_inspected": rates["rarely_inspected"].map(lambda flag: "yes" if flag else "no"),
    })
    return _relabel(table, lang)


def _clusters(t: dict[str, pd.DataFrame], lang: Lang) -> pd.DataFrame:
    res = t["cluster_results"]
    flags = res[res["flag_awarded"].fillna(False)]
    table = flags.groupby("cluster_id").agg(flags=("unit_id", "size"), distinct_winners=("unit_id", "nunique"))
    return _relabel(table.reset_index(), lang)


def _quality(t: dict[str, pd.DataFrame], lang: Lang) -> pd.DataFrame:
    """Screening of the staff survey; every rule is shown, nothing is removed here."""
    staff = t["staff_responses"]
    items = [i for i in load_instrument("staff").likert_items() if i in staff.columns]
    result = screen(staff, items=items, duplicate_cols=[c for c in staff.columns if c != "respondent_id"])
    checked = result.summary[result.summary["checked"] & (result.summary["rule"] != "any")]
    flow = result.removed_counts(list(checked["rule"]))[["rule", "removed", "remaining"]]
    table = checked[["rule", "flagged", "share"]].merge(flow, on="rule")
    table["share"] = table["share"].map(lambda v: format_number(100 * v, lang, decimals=1) + " %")
    return _relabel(table, lang)


def _relabel(df: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    df = df.rename(columns=lambda c: label(str(c), lang))
    for col in df.columns:
        if df[col].dtype == "string" or df[col].dtype == object:
            df[col] = df[col].map(lambda v: label(v, lang) if isinstance(v, str) else v)
    df.columns.name = None
    return df


_SECTIONS: tuple[tuple[str, str, Callable[[dict[str, pd.DataFrame], Lang], pd.DataFrame]], ...] = (
    ("overview", "", _overview),
    ("staff_survey", "staff_responses", _staff),
    ("quality_section", "staff_responses", _quality),
    ("citizen_survey", "citizen_responses", _citizen),
    ("rewards_section", "rewards", _rewards),
    ("inspections_section", "inspections", _inspections),
    ("clusters_section", "cluster_results", _clusters),
)


def data_summary(tables: dict[str, pd.DataFrame], *, lang: Lang = "vi") -> list[Section]:
    """Summary tables of a loaded campaign folder, one per report section.

    Parameters
    ----------
    tables : dict of str to DataFrame
        As returned by :func:`tdkt_eval.load_dataset`.
    lang : {"vi", "en"}
        Language of titles, column names and category labels.

    Returns
    -------
    list of (title, DataFrame)
        Sections whose source table is absent are left out.
    """
    lang = check_lang(lang)
    return [(label(key, lang), make(tables, lang)) for key, needs, make in _SECTIONS
            if not needs or needs in tables]


_CSS = """
body{font-family:"Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif;max-width:960px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:.3em .6em;
text-align:left}th{background:#f3f3f3}.note{color:#555;font-size:.9em}
"""


def render_html(sections: list[Section], *, title: str, lang: Lang = "vi", notes: tuple[str, ...] = ()) -> str:
    """Render sections as one self-contained HTML page (no scripts, no external links).

    Examples
    --------
    >>> import pandas as pd
    >>> page = render_html([("Tổng quan", pd.DataFrame({"a": [1]}))], title="Báo cáo")
    >>> "<title>Báo cáo</title>" in page and "<script" not in page
    True
    """
    body = [f"<h1>{html.escape(title)}</h1>"]
    body += [f'<p class="note">{html.escape(n)}</p>' for n in notes]
    for heading, frame in sections:
        body.append(f"<h2>{html.escape(heading)}</h2>")
        body.append(frame.to_html(index=False, border=0, escape=True, na_rep="–"))
    return (f'<!DOCTYPE html>\n<html lang="{check_lang(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def build_report(data_dir: str | Path, out_dir: str | Path, *, lang: Lang = "vi") -> Path:
    """Validate a campaign folder and write ``out_dir/report.html``.

    Files that fail validation are listed in the report with their problem and
    fix; the rest are summarised.  The input folder is only read.

    Returns
    -------
    Path
        The written report.
    """
    lang = check_lang(lang)
    tables, checks = load_and_check(data_dir)
    inventory = checks.assign(status=checks["status"].map(lambda s: label(s, lang)),
                              kind=checks["kind"].map(lambda k: label(k, lang)))
    inventory = inventory.rename(columns=lambda c: label(c, lang))
    sections = [(label("inventory", lang), inventory), *data_summary(tables, lang=lang)]
    title = f"{label('report_title', lang)} – {label('data_summary', lang)}"
    notes = (f"{label('generated_from', lang)}: {Path(data_dir).name}", label("stage_note", lang),
             label("privacy_note", lang))
    page = render_html(sections, title=title, lang=lang, notes=notes)
    return write_text_atomic(Path(out_dir) / "report.html", page)
