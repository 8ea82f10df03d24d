"""Report section on formality: rotating flags, lenient and bunched scores, vague criteria,
copied review reports, irregular inspection and late reporting."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt

from ..formality import (copied_reports, criteria_measurability, flag_rotation, inspection_coverage, inspection_rates,
                         leniency, reporting_compliance, score_compression)
from ..plots import funnel
from .artifacts import P_VALUE, PERCENT, ReportSection

if TYPE_CHECKING:  # the campaign imports the sections, never the other way round
    from .campaign import Campaign

__all__ = ["formality"]

_SIMULATIONS = 500


def _rotation(c: Campaign, section: ReportSection) -> None:
    rot = flag_rotation(c.tables["cluster_results"], n_resamples=_SIMULATIONS, seed=2024)
    cols = ["cluster_id", "years", "units", "distinct_winners", "repeat_wins", "not_top_rate", "p_merit", "rotating"]
    section.items.append(c.table(rot[cols].rename(columns={"years": "n_years", "units": "n_units"}), "flag_rotation", c.t("rotation_caption"), note=c.t("rotation_note"),
                                 decimals={"not_top_rate": PERCENT, "p_merit": P_VALUE}))
    hits = rot[rot["rotating"]]
    section.findings.append(c.finding(
        "f_rotation", "; ".join(f"{r.cluster_id} ({c.p(r.p_merit)})" for r in hits.itertuples()) or c.t("none"),
        c.t("r_rotation", n=len(rot)), concern=bool(len(hits))))


def _scores(c: Campaign, section: ReportSection) -> None:
    scores = c.tables["cluster_scores"]
    len_table = leniency(scores)
    len_table["cluster_id"] = len_table["cluster_id"].replace({"all": "overall"})
    section.items.append(c.table(len_table[["cluster_id", "n_units", "mean_diff", "ci_low", "ci_high",
                                            "share_units_over"]], "leniency", c.t("leniency_caption"),
                                 note=c.t("leniency_note"), decimals={"mean_diff": 2, "ci_low": 2, "ci_high": 2,
                                                                     "share_units_over": PERCENT}))
    overall = len_table[len_table["cluster_id"] == "overall"].iloc[0]
    section.findings.append(c.finding("f_leniency", c.est(overall["mean_diff"], overall["ci_low"], overall["ci_high"], unit="unit_points_per_criterion"),
                                      c.t("r_leniency"), concern=overall["ci_low"] > 0))
    if c.has("cluster_results"):
        comp = score_compression(c.tables["cluster_results"], cluster_scores=scores)
        by = comp.groupby("cluster_id", as_index=False)[["mean", "ceiling_share", "cv", "gini"]].mean()
        section.items.append(c.table(by, "score_compression", c.t("compression_caption"),
                                     note=c.t("compression_note"),
                                     decimals={"mean": 1, "ceiling_share": PERCENT, "cv": 3, "gini": 3}))


def _criteria(c: Campaign, section: ReportSection) -> None:
    result = criteria_measurability(c.tables["criteria"])
    table = result.by_movement[["movement_id", "n_criteria", "n_measurable", "share", "ci_low", "ci_high"]]
    section.items.append(c.table(table, "criteria_measurability", c.t("criteria_caption"), note=c.t("criteria_note"),
                                 decimals={"share": PERCENT, "ci_low": PERCENT, "ci_high": PERCENT}))
    section.findings.append(c.finding("f_criteria", c.pct(result.share), c.t("r_criteria"),
                                      concern=result.share < 0.5))


def _copies(c: Campaign, section: ReportSection) -> None:
    copies = copied_reports(c.tables["reports"])
    table = copies[["unit_a", "year_a", "unit_b", "year_b", "similarity"]]
    section.items.append(c.table(table, "copied_reports", c.t("copied_caption"), note=c.t("copied_note"),
                                 decimals={"similarity": 2}))
    units = sorted(set(copies["unit_a"]) | set(copies["unit_b"]))
    section.findings.append(c.finding("f_copied", c.t("n_units_pairs", units=len(units), pairs=len(copies)),
                                      c.t("r_copied", units=", ".join(units)) if units else c.t("r_copied_none"),
                                      concern=bool(units)))


def _inspection(c: Campaign, section: ReportSection) -> None:
    ins, units = c.tables["inspections"], c.tables["units"]
    c.area_column(units)  # no place in the data: the part says so
    years = sorted(ins["date"].dt.year.unique()) if c.years is None else c.years
    placed = units.dropna(subset=["area"])
    coverage = inspection_coverage(ins, units, years)
    rates = inspection_rates(coverage[coverage["unit_id"].isin(placed["unit_id"])], placed, by="area")
    key = c.area.key
    area = c.area.label(c.lang).lower() if c.lang == "en" else c.area.label(c.lang)
    cols = [key, "unit_years", "n_inspections", "rate", "rate_ratio", "rate_ratio_low", "rate_ratio_high",
            "rarely_inspected"]
    section.items.append(c.table(c.area_column(rates)[cols], "inspection_rates", c.t("inspection_caption", area=area),
                                 note=c.t("inspection_note"), decimals={"rate": 2, "rate_ratio": 2,
                                                                        "rate_ratio_low": 2, "rate_ratio_high": 2}))
    rare = rates[rates["rarely_inspected"]]
    section.findings.append(c.finding(
        "f_inspection", "; ".join(f"{r.area} {c.est(r.rate_ratio, r.rate_ratio_low, r.rate_ratio_high, unit='unit_ratio_to_rest')}"
                                  for r in rare.itertuples()) or c.t("none"),
        c.t("r_inspection", area=area) if len(rare) else c.t("r_inspection_none", area=area),
        concern=bool(len(rare))))


def _reporting(c: Campaign, section: ReportSection) -> None:
    comp = reporting_compliance(c.tables["reports"], period="all")
    late = comp[comp["chronically_late"]]
    cols = ["unit_id", "n_reports", "n_late", "n_not_submitted", "on_time_rate", "on_time_low", "on_time_high"]
    section.items.append(c.table(late[cols], "late_reporting", c.t("late_caption"), note=c.t("late_note"),
                                 decimals={"on_time_rate": PERCENT, "on_time_low": PERCENT, "on_time_high": PERCENT}))
    fig, ax = plt.subplots(figsize=(7, 4.5))
    funnel(comp.assign(not_on_time=comp["n_reports"] - comp["n_on_time"]), value="not_on_time", n="n_reports",
           label="unit_id", lang=c.lang, ax=ax)
    ax.set_ylabel(c.t("late_share"))
    section.items.append(c.figure(fig, "late_reporting_funnel", c.t("funnel_caption"), alt=c.t("funnel_alt")))
    section.findings.append(c.finding("f_late", c.t("n_of_units", n=len(late), total=len(comp)), c.t("r_late"),
                                      concern=bool(len(late))))


_PARTS = ((("cluster_results",), _rotation), (("cluster_scores",), _scores), (("criteria",), _criteria),
          (("reports",), _copies), (("inspections", "units"), _inspection), (("reports",), _reporting))


def formality(c: Campaign) -> ReportSection:
    """Signs that the movement runs on paper: each indicator whose data are present."""
    section = ReportSection("formality", c.t("sec_formality"), intro=c.t("intro_formality"))
    return c.run_parts(section, _PARTS)
