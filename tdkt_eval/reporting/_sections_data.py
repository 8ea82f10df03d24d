"""Report sections on the data itself: what was loaded, its quality, and the scales' reliability."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd

from ..errors import TdktInputError
from ..factor.efa import kmo
from ..io.instruments import load_instrument
from ..plots import likert_bars
from ..quality import screen
from ..reliability import reliability
from .artifacts import PERCENT, ReportSection

if TYPE_CHECKING:  # the campaign imports the sections, never the other way round
    from .campaign import Campaign

__all__ = ["data_quality", "scales", "screened_staff"]

_ALPHA_OK = 0.70


def _screen_staff(c: Campaign):
    staff = c.tables["staff_responses"]
    items = [i for i in load_instrument("staff").likert_items() if i in staff.columns]
    return screen(staff, items=items, duplicate_cols=[col for col in staff.columns if col != "respondent_id"])


def _screening(c: Campaign):
    """The staff survey's screening result, computed once per report."""
    return c.cached("staff_screening", _screen_staff)


def screened_staff(c: Campaign) -> pd.DataFrame:
    """Staff responses without those flagged by any screening rule (the analyses use these)."""
    flagged = _screening(c).flags["any"].to_numpy()
    return c.cached("staff_clean", lambda c: c.tables["staff_responses"][~flagged].reset_index(drop=True))


def _overview(c: Campaign) -> pd.DataFrame:
    t = c.tables
    rows = []
    units = t.get("units", t.get("personnel"))
    if units is not None:
        rows.append(("n_units", units["unit_id"].nunique()))
        if c.area is not None and "area" in units:
            rows.append((f"count_{c.area.key}", units["area"].nunique()))
    if "cluster_results" in t:
        rows.append(("clusters", t["cluster_results"]["cluster_id"].nunique()))
    year_columns = [df["year"] for df in t.values() if "year" in df.columns]
    years = pd.concat(year_columns, ignore_index=True).dropna() if year_columns else pd.Series(dtype=float)
    if len(years):
        first, last = int(years.min()), int(years.max())
        rows.append(("years", str(first) if first == last else f"{first}–{last}"))
    for name in ("staff_responses", "citizen_responses", "rewards", "inspections"):
        if name in t:
            rows.append((name, len(t[name])))
    return pd.DataFrame({"measure": [c.t(k) for k, _ in rows], "value": [v for _, v in rows]})


def _inventory(c: Campaign) -> pd.DataFrame:
    checks = c.checks[["file", "sheet", "kind", "rows", "status", "problem", "fix"]].copy()
    checks["file"] = checks["file"].map(lambda f: str(f).rsplit("/", 1)[-1])
    checks["sheet"] = checks["sheet"].fillna("")  # a text file has none; a workbook lists each sheet
    for col in ("problem", "fix"):  # bilingual messages (Text) in the report's language
        checks[col] = checks[col].map(lambda v: c.without_paths(v.render(c.lang) if hasattr(v, "render") else v))
    return checks


def data_quality(c: Campaign) -> ReportSection:
    """Files and validation, sample sizes, and the staff survey's screening flow."""
    section = ReportSection("data_quality", c.t("sec_data_quality"), intro=c.t("intro_data_quality"))
    section.items.append(c.table(_inventory(c), "files", c.t("inventory")))
    section.items.append(c.table(_overview(c), "overview", c.t("overview")))
    errors, unused = (int((c.checks["status"] == status).sum()) for status in ("error", "unused"))
    files = c.t("files_checked", n=len(c.checks) - unused, errors=errors)
    section.findings.append(c.finding("f_files", files + (c.t("files_unused", n=unused) if unused else ""),
                                      c.t("r_files_errors") if errors else c.t("r_files_ok"), concern=bool(errors)))
    if not c.has("staff_responses"):
        return c.missing(section, "staff_responses")
    result = _screening(c)
    checked = result.rules[result.rules["checked"] & (result.rules["rule"] != "any")]
    flow = result.removed_counts(list(checked["rule"]))[["rule", "removed", "remaining"]]
    table = checked[["rule", "flagged", "share"]].merge(flow, on="rule")
    section.items.append(c.table(table, "screening", c.t("quality_section"), note=c.t("screening_note"),
                                 decimals={"share": PERCENT}))
    n = len(c.tables["staff_responses"])
    removed = n - len(screened_staff(c))
    section.findings.append(c.finding("f_screening", f"{c.num(removed, 0)} / {c.num(n, 0)} ({c.pct(removed / n)})",
                                      c.t("r_screening"), concern=removed / n > 0.10))
    return section


def scales(c: Campaign) -> ReportSection:
    """Reliability of each construct of the staff questionnaire, KMO, and the item distributions."""
    section = ReportSection("scales", c.t("sec_scales"), intro=c.t("intro_scales"))
    if not c.has("staff_responses"):
        return c.missing(section, "staff_responses")
    staff, form = screened_staff(c), load_instrument("staff")
    reverse = set(form.reverse_items())
    rows = []
    for construct, items in form.constructs().items():
        items = [i for i in items if i in staff.columns]
        if len(items) < 2:
            continue
        r = reliability(staff[items], reverse=[i for i in items if i in reverse])
        rows.append({"construct": c.t(f"construct_{construct}"), "k": r.k, "respondents": r.n, "alpha": r.alpha,
                     "alpha_ci_lower": r.alpha_ci[0], "alpha_ci_upper": r.alpha_ci[1], "omega_total": r.omega_total})
    table = pd.DataFrame(rows)
    section.items.append(c.table(table, "reliability", c.t("reliability_caption"), note=c.t("reliability_note"),
                                 counts={"respondents": "respondents"}, decimals={"alpha": 2, "alpha_ci_lower": 2, "alpha_ci_upper": 2,
                                                       "omega_total": 2}))
    low = table[table["alpha"] < _ALPHA_OK]
    section.findings.append(c.finding(
        "f_alpha", f"{c.num(table['alpha'].min())}–{c.num(table['alpha'].max())}",
        c.t("r_alpha_low", names=", ".join(low["construct"]), threshold=c.num(_ALPHA_OK)) if len(low)
        else c.t("r_alpha_ok", threshold=c.num(_ALPHA_OK)), concern=bool(len(low))))
    from ._sections_structure import structure  # it uses screened_staff from here

    structure(c, section)
    items = [i for i in form.likert_items() if i in staff.columns]
    try:
        section.notes.append(c.t("kmo_note", kmo=c.num(kmo(staff[items]).overall)))
    except TdktInputError as exc:  # e.g. answers so uniform that the correlation matrix is singular
        section.notes.append(c.t("part_failed", problem=c.without_paths(exc.render(c.lang))))
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(items) + 1.5))  # room for two-line question texts
    likert_bars(staff, items, labels=form, lang=c.lang, ax=ax)
    section.items.append(c.figure(fig, "likert_staff", c.t("likert_caption", n=c.num(len(staff), 0)),
                                  alt=c.t("likert_alt", k=len(items))))
    return section
