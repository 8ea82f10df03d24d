"""Report section on movement depth: the ladder, the staff–citizen gap and the depth index."""

from __future__ import annotations

from typing import TYPE_CHECKING

import warnings

import matplotlib.pyplot as plt
import pandas as pd

from ..errors import DataQualityWarning
from ..depth.ladder import depth_ladder
from ..design.estimation import Design
from ..depth.index import depth_index
from ..depth.perception import perception_gap
from ..plots import depth_ladder_plot, rank_uncertainty
from ._sections_data import screened_staff
from ._sections_structure import depth_invariance
from .artifacts import P_VALUE, PERCENT, ReportSection

if TYPE_CHECKING:  # the campaign imports the sections, never the other way round
    from .campaign import Campaign

__all__ = ["depth"]


def _citizen_design(citizen: pd.DataFrame) -> Design:
    """Communes as PSUs drawn with replacement in each stratum; with the fpc columns, the stages they give."""
    fpc = [c for c in ("fpc", "fpc2") if c in citizen] if "fpc" in citizen else []
    psu = ["psu", "respondent_id"] if len(fpc) == 2 else "psu"
    return Design(citizen, weights="weight", strata="stratum", psu=psu, fpc=fpc or None)


def citizen_design(c: Campaign) -> Design:
    """The citizen survey's stratified cluster design (communes, then households), built once."""
    return c.cached("citizen_design", lambda c: _citizen_design(c.tables["citizen_responses"]))


def _ladder(c: Campaign, section: ReportSection) -> None:
    citizen = c.tables["citizen_responses"]
    ladder = depth_ladder(citizen, design=citizen_design(c))
    shares = ladder.shares[["rung", "n", "share", "ci_low", "ci_high"]].rename(columns={"n": "respondents"})
    section.items.append(c.table(shares, "depth_ladder", c.t("ladder_caption"), note=c.t("ladder_note"),
                                 counts={"respondents": "respondents"}, decimals={"share": PERCENT, "ci_low": PERCENT, "ci_high": PERCENT}))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    depth_ladder_plot(ladder, ax=ax, lang=c.lang)
    first, last = ladder.shares.iloc[0], ladder.shares.iloc[-1]
    section.items.append(c.figure(fig, "depth_ladder", c.t("ladder_caption"), alt=c.t(
        "ladder_alt", first=c.t(first["rung"]), p1=c.pct(first["share"]), last=c.t(last["rung"]),
        p2=c.pct(last["share"]))))
    section.findings.append(c.finding(
        "f_ladder", f"{c.t(first['rung'])} {c.est(first['share'], first['ci_low'], first['ci_high'], percent=True)}"
        f" → {c.t(last['rung'])} {c.est(last['share'], last['ci_low'], last['ci_high'], percent=True)}",
        c.t("r_ladder", h=c.num(ladder.scalability["h"].iloc[0])), concern=last["share"] < 0.5 * first["share"]))


def _gap(c: Campaign, section: ReportSection) -> None:
    staff, citizen = screened_staff(c), c.tables["citizen_responses"]
    c.area_column(staff)  # no place in the data: the part says so
    sampled = set(citizen["area"].dropna())
    outside = sorted(set(staff["area"].dropna()) - sampled)
    staff = staff[staff["area"].isin(sampled)]
    gap = perception_gap(staff, citizen, citizen_design(c), by="area")
    key = c.area.key
    cols = [key, "n_staff", "n_citizen", "gap", "ci_low", "ci_high", "p_adjusted", "flagged"]
    table = c.area_column(gap)[cols].rename(columns={"flagged": "gap_flagged"})  # flagged areas, not responses
    area = c.area.label(c.lang).lower() if c.lang == "en" else c.area.label(c.lang)
    section.items.append(c.table(table, "perception_gap", c.t("gap_caption", area=area), note=c.t("gap_note"),
                                 counts={"n_staff": "respondents", "n_citizen": "respondents"},
                                 decimals={"gap": 2, "ci_low": 2, "ci_high": 2, "p_adjusted": P_VALUE}))
    flagged = gap[gap["flagged"]]
    estimate = "; ".join(f"{row.area} {c.est(row.gap, row.ci_low, row.ci_high, unit='unit_sd')}"
                         for row in flagged.itertuples())
    if outside:
        section.notes.append(c.t("gap_outside", n=len(outside), area=area))
    section.findings.append(c.finding("f_gap", estimate or c.t("none"),
                                      c.t("r_gap", area=area) if len(flagged) else c.t("r_gap_none", area=area),
                                      concern=bool(len(flagged))))


def _index(c: Campaign, section: ReportSection) -> None:
    staff = screened_staff(c)
    c.area_column(staff)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # small units are suppressed below instead
        result = depth_index(staff.dropna(subset=["area"]), seed=2024, by="area")
    key = c.area.key
    area = c.area.label(c.lang).lower() if c.lang == "en" else c.area.label(c.lang)
    frame = result.to_frame(level="area").rename_axis(key)
    table = frame.reset_index()[[key, "n_units", "weight", "index", "ci_low", "ci_high", "rank", "rank_low",
                                 "rank_high"]]
    table = table.rename(columns={"weight": "respondents"}).sort_values("rank")
    section.items.append(c.table(table, "depth_index", c.t("index_caption", area=area), note=c.t("index_note"),
                                 counts={"respondents": "respondents"}, decimals={"index": 1, "ci_low": 1, "ci_high": 1,
                                                                 "respondents": 0}))
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(table) + 1.5))
    rank_uncertainty(frame, ax=ax, lang=c.lang)
    ax.set_ylabel(c.area.label(c.lang))
    section.items.append(c.figure(fig, "depth_index_ranks", c.t("ranks_caption", area=area),
                                  alt=c.t("ranks_alt", area=area)))
    section.notes.append(_invariance_note(c))
    last = table.iloc[-1]
    section.findings.append(c.finding(
        "f_index", f"{last[key]} {c.est(last['index'], last['ci_low'], last['ci_high'], decimals=1, level=90)}",
        c.t("r_index", low=int(last["rank_low"]), high=int(last["rank_high"]), area=area)))


def _invariance_note(c: Campaign) -> str:
    """Whether the areas' comparison rests on scalar invariance of the depth constructs (section 2)."""
    result, _, _ = depth_invariance(c)
    return c.t(f"index_invariance_{result.level if result is not None else 'unknown'}")


def depth(c: Campaign) -> ReportSection:
    """From awareness to spread: how far the movement reaches, and where staff and citizens disagree."""
    section = ReportSection("depth", c.t("sec_depth"), intro=c.t("intro_depth"))
    return c.run_parts(section, ((("citizen_responses",), _ladder),
                                 (("staff_responses", "citizen_responses"), _gap), (("staff_responses",), _index)))
