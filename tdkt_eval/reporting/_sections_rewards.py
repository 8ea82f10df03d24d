"""Report sections on rewards: who receives them, whether they follow achievement, and the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..errors import DataQualityWarning
from ..compliance.engine import check_compliance, load_rules, rule_citation, rule_label
from ..i18n import term_label
from ..plots import forest
from ..rewards import concordance, representation, reward_model, timeliness
from ..rewards.concordance import POOLED
from ..rewards.models import FEW_CLUSTERS
from .artifacts import P_VALUE, PERCENT, ReportSection
from .disclosure import suppress_rows

if TYPE_CHECKING:  # the campaign imports the sections, never the other way round
    from .campaign import Campaign

__all__ = ["rewards", "compliance"]

_GROUPS = ("gender", "position_group", "sector", "area_type")
#: What the representation table's counts count: people, so small groups are suppressed.
_PERSONS = {"rewarded": "persons", "headcount": "persons"}


def _representation(c: Campaign, section: ReportSection) -> None:
    rewards, workforce = c.tables["rewards"], c.tables["workforce"]
    parts = []
    for by in _GROUPS:
        if by in rewards.columns and by in workforce.columns:
            t = representation(rewards, workforce, by=by)
            parts.append(t.assign(dimension=by).rename(columns={by: "group"}))
    table = pd.concat(parts, ignore_index=True)[["dimension", "group", "rewarded", "headcount", "reward_share",
                                                 "workforce_share", "ratio", "ci_low", "ci_high", "p_value"]]
    section.items.append(c.table(table, "representation", c.t("representation_caption"),
                                 note=c.t("representation_note"), counts=_PERSONS, parts_of="dimension",
                                 decimals={"reward_share": PERCENT, "workforce_share": PERCENT, "ratio": 2, "ci_low": 2,
                                           "ci_high": 2, "p_value": P_VALUE}))
    hidden = suppress_rows(table, _PERSONS, c.k_min, parts_of="dimension")[0]["rewarded"].map(
        lambda v: isinstance(v, str))  # the figure leaves out what the table suppresses
    shown = table[~hidden].assign(
        label=lambda d: [f"{c.t(g)} ({c.t(dim)})" for g, dim in zip(d["group"], d["dimension"])])
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(shown) + 1.2))
    forest(shown, estimate="ratio", label="label", lang=c.lang, ax=ax)
    section.items.append(c.figure(fig, "representation_forest", c.t("representation_caption"),
                                  alt=c.t("forest_alt_ratio"),
                                  note=c.t("suppressed_rows", n=int(hidden.sum()), k=c.k_min) if hidden.any() else ""))
    for group, key in (("female", "f_women"), ("leader", "f_leaders")):
        row = table[table["group"] == group]
        if len(row):
            r = row.iloc[0]
            section.findings.append(c.finding(key, c.est(r["ratio"], r["ci_low"], r["ci_high"]),
                                              c.t("r_ratio", ratio=c.num(r["ratio"])),
                                              concern=not (r["ci_low"] <= 1 <= r["ci_high"])))


def _model(c: Campaign, section: ReportSection) -> None:
    few = c.tables["personnel"]["unit_id"].nunique() < FEW_CLUSTERS  # then Mancl & DeRouen's small-sample SEs
    with c.noted(section):  # a term left out for a missing optional column is named in the section
        model = reward_model(c.tables["personnel"], c.tables["rewards"],
                             performance=[p for p in ("annual_rating", "achievement_score")
                                          if p in c.tables["personnel"].columns] or "annual_rating",
                             cov_type="bias_reduced" if few else "robust")
    if few:
        section.notes.append(c.t("model_few_units", units=c.num(model.n_clusters, 0)))
    ors = model.odds_ratios[model.odds_ratios["term"] != "Intercept"]
    ors = ors[["term", "odds_ratio", "ci_low", "ci_high", "p_value"]]
    shown = ors.assign(term=[term_label(t, c.lang) for t in ors["term"]])
    section.items.append(c.table(shown, "reward_model", c.t("model_caption"),
                                 note=c.t("model_note", n=c.num(model.n, 0), rewarded=c.num(model.n_rewarded, 0),
                                          units=c.num(model.n_clusters, 0)),
                                 decimals={"odds_ratio": 2, "ci_low": 2, "ci_high": 2, "p_value": P_VALUE}))
    bounds = ors[["odds_ratio", "ci_low", "ci_high"]].to_numpy(float)
    drawn = (np.isfinite(bounds) & (bounds > 0)).all(axis=1)  # a separated level has 0 or ∞: no place on a log axis
    if not drawn.all():
        section.notes.append(c.t("model_not_drawn", terms=", ".join(shown.loc[~drawn, "term"])))
    if drawn.any():
        fig, ax = plt.subplots(figsize=(7, 0.4 * int(drawn.sum()) + 1.2))
        forest(ors[drawn], estimate="odds_ratio", label="term", lang=c.lang, ax=ax)
        section.items.append(c.figure(fig, "reward_model_forest", c.t("model_caption"), alt=c.t("forest_alt_or")))
    lp = model.leader_premium
    estimable = bool(np.isfinite(lp[["odds_ratio", "ci_low", "ci_high"]].to_numpy(float)).all())
    section.findings.append(c.finding(
        "f_leader_or", c.est(lp["odds_ratio"], lp["ci_low"], lp["ci_high"]) if estimable else c.t("not_estimable"),
        c.t("r_leader_or"), concern=estimable and lp["ci_low"] > 1))


def _concordance(c: Campaign, section: ReportSection) -> None:
    result = concordance(c.tables["cluster_results"], c.tables["rewards"], personnel=c.tables.get("personnel"))
    by_cluster = result.table.assign(cluster_id=result.table["cluster_id"].replace({POOLED: "overall"}))
    cols = [col for col in ("cluster_id", "n_unit_years", "reward_total", "spearman_rho", "spearman_p", "auc",
                            "auc_ci_low", "auc_ci_high") if col in result.table.columns]
    section.items.append(c.table(by_cluster[cols], "concordance", c.t("concordance_caption"),
                                 note=c.t("concordance_note"),
                                 decimals={"spearman_rho": 2, "spearman_p": P_VALUE, "auc": 2, "auc_ci_low": 2,
                                           "auc_ci_high": 2, "reward_total": 0}))
    weak = by_cluster[by_cluster["spearman_p"] > 0.05]
    section.findings.append(c.finding(
        "f_concordance", c.t("rho_range", low=c.num(result.table["spearman_rho"].min()),
                             high=c.num(result.table["spearman_rho"].max())),
        c.t("r_concordance", clusters=", ".join(map(c.t, weak["cluster_id"]))) if len(weak)
        else c.t("r_concordance_ok"),
        concern=bool(len(weak))))


def _timeliness(c: Campaign, section: ReportSection) -> None:
    if "proposal_date" not in c.tables["rewards"].columns:
        return
    table = timeliness(c.tables["rewards"]).to_frame()[["level", "form", "n", "median_days", "p90_days", "share_over_threshold"]]
    table = table.rename(columns={"n": "records"})  # reward decisions are public acts: small counts stay
    section.items.append(c.table(table, "timeliness", c.t("timeliness_caption"), note=c.t("timeliness_note"),
                                 counts={"records": "records"}, decimals={"median_days": 0, "p90_days": 0, "share_over_threshold": PERCENT}))


_PARTS = ((("rewards", "workforce"), _representation), (("rewards", "personnel"), _model),
          (("rewards", "cluster_results"), _concordance), (("rewards",), _timeliness))


def rewards(c: Campaign) -> ReportSection:
    """Whether rewards follow achievement, and who receives them."""
    section = ReportSection("rewards", c.t("sec_rewards"), intro=c.t("intro_rewards"))
    return c.run_parts(section, _PARTS)


def compliance(c: Campaign) -> ReportSection:
    """Records that break the Law on Emulation and Commendation, by rule and certainty."""
    section = ReportSection("compliance", c.t("sec_compliance"), intro=c.t("intro_compliance"))
    return c.run_parts(section, ((("rewards",), _compliance),))


def _compliance(c: Campaign, section: ReportSection) -> None:
    rules = load_rules()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # skipped rules are named below, in c.lang
        found = check_compliance(c.tables["rewards"], c.tables.get("personnel"), rules=rules,
                                 cluster_results=c.tables.get("cluster_results"))
    skipped = found.attrs.get("skipped", ())
    section.notes.extend(s.render(c.lang) for s in skipped)
    gap = f" {c.t('compliance_skipped', n=len(skipped))}" if skipped else ""
    if found.empty:
        section.findings.append(c.finding("f_compliance", "0", c.t("r_compliance_none") + gap))
        return
    # records are decisions, not people: no small-cell suppression; rules by their names, never their ids
    counts = (found.groupby(["rule_id", "certainty"], as_index=False, sort=False).size()
              .rename(columns={"size": "records"}).sort_values("records", ascending=False, kind="stable"))
    counts.insert(1, "source", [rule_citation(r, c.lang, rules) for r in counts["rule_id"]])
    counts["rule_id"] = [rule_label(r, c.lang, rules) for r in counts["rule_id"]]
    section.items.append(c.table(counts, "compliance", c.t("compliance_caption"), note=c.t("compliance_note")))
    certain = int(counts.loc[counts["certainty"] == "certain", "records"].sum())
    section.findings.append(c.finding("f_compliance", c.t("n_records", n=len(found), certain=certain),
                                      c.t("r_compliance") + gap, concern=certain > 0))
