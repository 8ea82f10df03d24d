"""What the demo province plants, and what its sample realises: ``planted.csv`` and ``planted.md``.

The realised values are estimated from the generated tables alone (a logistic fit,
text similarity, rates), so the documentation states what a user would find.
"""

from __future__ import annotations

import difflib
from typing import Mapping

import numpy as np
import pandas as pd
from scipy import special

from ..reliability import reliability

__all__ = ["planted_table", "render_planted", "word_similarity"]


def _logit_fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = special.expit(x @ beta)
        hess = x.T @ (x * (p * (1 - p))[:, None])
        step = np.linalg.solve(hess, x.T @ (y - p))
        beta += step
        if np.abs(step).max() < 1e-10:
            break
    return beta, np.sqrt(np.diag(np.linalg.inv(hess)))


def word_similarity(a: str, b: str) -> float:
    """Word-level :class:`difflib.SequenceMatcher` ratio of two texts (no autojunk).

    Examples
    --------
    >>> word_similarity("năm 2020 có 5 mô hình", "năm 2021 có 5 mô hình")
    0.8333333333333334
    """
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _realised_rewards(tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    per, rw = tables["personnel"], tables["rewards"]
    ind = rw[rw["recipient_type"] == "individual"]
    got = set(zip(ind.loc[~ind["ad_hoc"], "recipient_id"], ind.loc[~ind["ad_hoc"], "year"]))
    y = np.array([(p, yr) in got for p, yr in zip(per["person_id"], per["year"])], dtype=float)
    cols = [np.ones(len(per))] + [(per["annual_rating"] == r).to_numpy(float)
                                  for r in ("not_completed", "good", "excellent")]
    cols += [per["achievement_score"].to_numpy() - 70, (per["position_group"] == "leader").to_numpy(float),
             (per["position_group"] == "manager").to_numpy(float), (per["gender"] == "female").to_numpy(float)]
    beta, se = _logit_fit(np.column_stack(cols), y)
    out = {}
    for name, i in (("leader", 5), ("manager", 6), ("female", 7)):
        out[name] = np.exp(beta[i] + np.array([0.0, -1.96, 1.96]) * se[i])
    wf = tables["workforce"]
    share_wf = wf.loc[wf["gender"] == "female", "headcount"].sum() / wf["headcount"].sum()
    out["ratio"] = (ind["gender"] == "female").mean() / share_wf
    return out


def _to_current(unit_id: pd.Series, units: pd.DataFrame) -> np.ndarray:
    """Unit codes with a merged unit's records moved to its successor (``units.successor_id``)."""
    successor = units.set_index("unit_id")["successor_id"].reindex(unit_id).to_numpy()
    return np.where(pd.isna(successor), unit_id.to_numpy(), successor)


def _area_code(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Commune group (stratum: the former district's code) of each current unit, through its commune."""
    units = tables["units"]
    current = units[units["successor_id"].isna()]
    group = tables["citizen_frame"].set_index("commune")["stratum"]
    return pd.Series(group.reindex(current["commune"]).to_numpy(), index=current["unit_id"].to_numpy())


def _realised_gap(tables: dict[str, pd.DataFrame]) -> pd.Series:
    st, ci = tables["staff_responses"], tables["citizen_responses"]
    code = _area_code(tables)
    su = st[["su1", "su2", "su3", "su4"]].assign(su5=6 - st["su5"]).astype(float).mean(axis=1)
    ben = ci[["c_ben1", "c_ben2", "c_ben3"]].astype(float).mean(axis=1)
    z_s = ((su.groupby(code.reindex(st["unit_id"]).to_numpy()).mean() - su.mean()) / su.std())
    z_c = ((ben.groupby(ci["stratum"]).mean() - ben.mean()) / ben.std())
    return (z_s - z_c).sort_index()


def planted_table(tables: dict[str, pd.DataFrame], truth: dict, seed: int, planted: Mapping[str, object],
                  years: tuple[int, ...], constructs: tuple) -> pd.DataFrame:
    """The planted effects: true size (from the generator) and realised value (from the tables)."""
    rows: list[tuple[str, str, str, str]] = [("meta", "seed", str(seed), "")]
    res = tables["cluster_results"]
    top = res[res["flag_awarded"]].assign(top=lambda d: d["rank"] == 1)
    rot = top["cluster_id"].isin(planted["rotation_clusters"])
    for c, order in truth["rotation_orders"].items():
        seq = top.loc[top["cluster_id"] == c].sort_values("year")["unit_id"]
        rows.append(("flag_rotation", f"{c} flag winners {years[0]}-{years[-1]}", " ".join(order), " ".join(seq)))
    rows.append(("flag_rotation", "top scorer wins the flag, rotation clusters", "chance only",
                 f"{top.loc[rot, 'top'].sum()}/{rot.sum()}"))
    rows.append(("flag_merit", "beta of softmax(beta * total_score)", f"{truth['beta']:.4f}", ""))
    rows.append(("flag_merit", "top scorer wins the flag, merit clusters", "0.75 (expected)",
                 f"{top.loc[~rot, 'top'].sum()}/{(~rot).sum()} = {top.loc[~rot, 'top'].mean():.2f}"))
    rr = _realised_rewards(tables)
    for name, true in (("leader", planted["leader_odds_ratio"]), ("manager", planted["manager_odds_ratio"])):
        o = rr[name]
        rows.append(("leader_premium", f"odds ratio {name} vs frontline (annual reward)", f"{true:.2f}",
                     f"{o[0]:.2f} [95% CI {o[1]:.2f}, {o[2]:.2f}]"))
    o = rr["female"]
    rows.append(("women_ratio", "gender coefficient gamma (calibrated; odds ratio)",
                 f"{truth['gamma']:.4f} ({np.exp(truth['gamma']):.3f})", f"{o[0]:.3f} [95% CI {o[1]:.3f}, {o[2]:.3f}]"))
    rows.append(("women_ratio", "representation ratio of women, individual rewards",
                 f"{planted['women_representation_ratio']:.2f} (expected)", f"{rr['ratio']:.3f}"))
    rows += _planted_reports(tables, planted) + _planted_inspections(tables, planted, years)
    gap = _realised_gap(tables)
    gd = list(planted["gap_areas"])
    others = gap.drop(gd)
    rows.append(("perception_gap", f"latent staff-citizen gap in commune groups {', '.join(gd)} (SD)",
                 f"{planted['latent_perception_gap_sd']:.2f}", ""))
    rows.append(("perception_gap", "observed gap in gap commune groups minus median gap elsewhere (SD)",
                 "about 0.8 (attenuated)", f"{gap[gd].mean() - others.median():.2f}"))
    rows.append(("perception_gap", "largest absolute deviation from the median gap elsewhere (SD)",
                 "0 (sampling noise)", f"{(others - others.median()).abs().max():.2f}"))
    part = tables["citizen_responses"].groupby("stratum")["c_part"].mean()
    rows.append(("perception_gap", "c_part share in gap commune groups / median elsewhere", "lower",
                 f"{part[gd].mean():.3f} / {part.drop(gd).median():.3f}"))
    rows += [("perception_gap", f"observed gap {d}", "", f"{v:.2f}") for d, v in gap.items()]
    rows += _planted_other(tables, truth, planted, constructs) + _planted_old_map(tables, planted)
    rows += [("compliance", f"{v.kind}: {v.record}", v.rule_id, "") for v in truth["violations"].itertuples()]
    return pd.DataFrame(rows, columns=["effect", "quantity", "true_value", "realised_value"])


def _planted_reports(tables: dict[str, pd.DataFrame],
                     planted: Mapping[str, object]) -> list[tuple[str, str, str, str]]:
    fin = tables["reports"]
    fin = fin[fin["kind"] == "final"].sort_values(["unit_id", "year"])
    sims = {u: [word_similarity(a, b) for a, b in zip(g["text"].iloc[:-1], g["text"].iloc[1:])]
            for u, g in fin.groupby("unit_id")}
    copy = planted["copy_units"]
    lo = min((min(sims[u]) for u in copy), default=float("nan"))
    hi = max((max(s) for u, s in sims.items() if u not in copy), default=float("nan"))
    return [("copied_reports", "units copying last year's final report", " ".join(copy), ""),
            ("copied_reports", "min similarity of consecutive final reports, copy units", "near 1", f"{lo:.3f}"),
            ("copied_reports", "max similarity of consecutive final reports, other units", "", f"{hi:.3f}")]


def _planted_inspections(tables: dict[str, pd.DataFrame], planted: Mapping[str, object],
                         years: tuple[int, ...]) -> list[tuple[str, str, str, str]]:
    units, ins = tables["units"], tables["inspections"]
    code = _area_code(tables)
    rate = ins.groupby(code.reindex(_to_current(ins["unit_id"], units)).to_numpy()).size() / (
        code.value_counts() * len(years))
    rate = rate.fillna(0)  # a commune group with no inspection at all
    d = planted["rare_inspection_area"]
    return [("rare_inspection", f"inspections per unit-year, commune group {d} / other commune groups",
             f"{planted['rare_inspection_rate_ratio']:.2f}", f"{rate.get(d, 0) / rate.drop(d).mean():.3f}"),
            ("rare_inspection", f"inspections per unit-year in commune group {d}", "0.09", f"{rate.get(d, 0):.3f}"),
            ("rare_inspection", "inspections per unit-year, lowest other commune group", "0.90",
             f"{rate.drop(d).min():.3f}")]


def _planted_old_map(tables: dict[str, pd.DataFrame],
                     planted: Mapping[str, object]) -> list[tuple[str, str, str, str]]:
    units = tables["units"]
    former = set(units.loc[units["successor_id"].notna(), "unit_id"])
    year = planted["old_map_year"]
    rw = tables["rewards"]
    shown = {"personnel": tables["personnel"], "workforce": tables["workforce"],
             "rewards (individual)": rw[rw["recipient_type"] == "individual"],
             "rewards (collective)": rw[rw["recipient_type"] == "collective"],
             "inspections": tables["inspections"].assign(year=tables["inspections"]["date"].dt.year),
             "reports": tables["reports"], "cluster_results": tables["cluster_results"]}
    rows = [("old_map", "former communes (units with a successor_id) / current units",
             str(len(tables["chuyen_doi_dia_gioi"])), f"{len(former)} / {len(units) - len(former)}")]
    for name, df in shown.items():
        on_old = df["unit_id"].isin(former)
        true = "all commune records" if name[:3] in ("per", "wor", "rew", "ins") else "none (restated)"
        rows.append(("old_map", f"{name}: records of {year} naming a former commune", true,
                     f"{int(on_old[df['year'] == year].sum())} of {int((df['year'] == year).sum())}"
                     + (f"; other years {int(on_old[df['year'] != year].sum())}")))
    return rows


def _planted_other(tables: dict[str, pd.DataFrame], truth: dict, planted: Mapping[str, object],
                   constructs: tuple) -> list[tuple[str, str, str, str]]:
    sc, st = tables["cluster_scores"], tables["staff_responses"]
    rows = [("leniency", "mean self_score - verified_score (Poisson lambda)",
             f"{planted['leniency_mean']:.2f} (lambda {truth['leniency_lambda']:.3f})",
             f"{(sc['self_score'] - sc['verified_score']).mean():.3f}"),
            ("leniency", "share of verified scores at the maximum", "",
             f"{(sc['verified_score'] == sc['max_score']).mean():.3f}"),
            ("measurable_criteria", "share of measurable criteria (unit share ~ Beta(2, 3))",
             f"{planted['measurable_share']:.2f}", f"{tables['criteria_labels']['measurable'].mean():.3f}")]
    for name, k, rev in constructs:
        items = st[[f"{name}{j}" for j in range(1, k + 1)]].astype(float)
        alpha = reliability(items, reverse=[f"{name}{j}" for j in rev], scale=(1, 5), missing="listwise").alpha
        rows.append(("reliability", f"Cronbach alpha {name} ({k} items)", "0.70-0.85", f"{alpha:.3f}"))
    rep = tables["reports"]
    late = rep["submitted_date"] > rep["due_date"]
    chronic = rep["unit_id"].isin(planted["late_units"])
    rows.append(("late_reports", f"late share, units {' '.join(planted['late_units'])}", "0.60",
                 f"{late[chronic].mean():.3f}"))
    rows.append(("late_reports", "late share, other units", "about 0.11 (Beta(1, 8))", f"{late[~chronic].mean():.3f}"))
    for kind, ids in truth["quality"].items():
        rows.append(("staff_quality", kind, str(len(ids)), " ".join(ids)))
    return rows


_EFFECTS = (
    ("flag_rotation", "1. Flag rotation (cờ luân lưu)",
     "In the rotation clusters the emulation flag goes to a fixed order of distinct units, one a "
     "year, whatever their scores (the true order is the first column; the flag winners found in "
     "`cluster_results.csv` are the second)."),
    ("flag_merit", "1b. Merit clusters",
     "In the other four clusters the winner is drawn with probability softmax(beta * total_score) "
     "over the cluster's units; beta is solved numerically so that the expected probability that "
     "the top scorer (rank 1) wins, averaged over the merit cluster-years, is 0.75."),
    ("leader_premium", "2. Leader premium",
     "P(annual individual reward) = logistic(-2.0 + rating effect (not_completed -3, completed 0, "
     "good 1, excellent 2) + 0.05 (achievement_score - 70) + log(OR) for leader/manager + gamma * "
     "female). Realised odds ratios: maximum-likelihood logistic regression of 'got an annual "
     "(not ad-hoc) individual reward' on rating, achievement_score, position_group and gender over "
     "all person-years of `personnel.csv` (naive 95% CI)."),
    ("women_ratio", "3. Women's representation ratio",
     "gamma is solved numerically on the realised roster so that the EXPECTED ratio (women's share "
     "of individual rewards / women's share of workforce headcount) is 0.70. Ad-hoc rewards use "
     "0.03 times the same probability, so they keep the ratio. Realised: all individual rewards "
     "in `rewards.csv` over `workforce.csv`, 2021-2026 pooled."),
    ("copied_reports", "4. Copied final reports",
     "From the second year on, these units' final report is last year's text with every year "
     "shifted by one and one or two other numbers changed. Similarity: word-level "
     "`difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()` of "
     "consecutive final reports of one unit."),
    ("rare_inspection", "5. Rarely inspected commune group (former district area)",
     "Inspections per unit-year are Poisson with rate 0.9, and 0.09 for the units located in this "
     "commune group: the communes formed from the former district's communes, and the enterprises "
     "located there (địa bàn cấp huyện cũ). A unit's commune group is the stratum of its commune in "
     "`citizen_frame.csv`; inspections of 2024 that name a former commune are counted with its "
     "successor (`units.successor_id`), and only current units are counted in the denominator."),
    ("perception_gap", "6. Staff-citizen perception gap",
     "In the gap commune groups (former district areas) staff latent 'substance' (su) is raised by half the "
     "latent gap and "
     "citizens' latent benefit (c_ben) lowered by half; citizens' participation c_part gets a logit "
     "shift of 2.5 x (-half the gap) = -1.125 and c_know 0.6 x (-half the gap). Elsewhere staff and "
     "citizens follow the same effect of the former district's area (N(0, 0.25^2)). Observed gap of a "
     "commune group = z(staff su score) - z(citizen c_ben score), each z the group mean minus the province "
     "mean over the individual SD (su5 reverse-coded, unweighted means); staff are placed by their unit's "
     "commune, citizens by their stratum. The planted size is the gap in the gap commune groups minus the "
     "median gap of the others."),
    ("compliance", "7. Rule violations planted on purpose",
     "The reward records follow the title ladders and the other rules of `tdkt_eval/compliance/rules/law_2022.yaml` "
     "(see 'Null structure'), except for these records, broken on purpose. "
     "`no_advanced_worker`: a grassroots emulation fighter (Chiến sĩ thi đua cơ sở) whose advanced-worker "
     "(Lao động tiên tiến) record of the same year was removed. `no_grassroots_run`: a provincial emulation "
     "fighter (Chiến sĩ thi đua cấp tỉnh) given to someone who was on the roster for the three years before "
     "but was not a grassroots fighter the year before, so no run of three grassroots years exists. "
     "`same_reward_twice`: an ad-hoc certificate of commendation (Giấy khen) repeated for the same person, "
     "movement and year by a second decision 30 days after the first. The rule is the 2003 Law's for "
     "decisions signed before 1 January 2024 and the 2022 Law's after. The quantity is the kind and the "
     "record (`decision_no / recipient_id`), the true value the rule it breaks; `check_compliance` must "
     "find exactly these records and nothing else. With data from 2021, nobody can have three grassroots "
     "years before 2023, so every `no_grassroots_run` record falls under the 2022 Law."),
    ("old_map", "8. One year on the old map (the 1 July 2025 reform)",
     "The province is shown as it is since 1 July 2025: no district level; the former communes of each "
     "former district merged, in consecutive groups of about three, into new communes (wards in the former "
     "city D01), whose households are the sum of their predecessors'. `chuyen_doi_dia_gioi.csv` is the "
     "crosswalk (Huyện cũ, Xã cũ, Xã mới, Ngày hiệu lực 01/7/2025), and `units.csv` lists each former commune "
     "as a unit with `successor_id` = the new commune's unit. In 2024 (only), personnel and workforce rows, "
     "individual and collective rewards and inspections of commune units name the former commune (a person "
     "keeps one predecessor; a commune's collective rewards go to its first predecessor); review reports, "
     "cluster scores and cluster results stay on current units (the council restated them). Every realised "
     "value above is computed after moving those records to their successor."),
)


def render_planted(planted: pd.DataFrame, constants: Mapping[str, object]) -> str:
    """Render ``PLANTED.md`` from the planted table of :func:`tdkt_eval.synth.generate`.

    Examples
    --------
    >>> df = pd.DataFrame([("meta", "seed", "1", "")],
    ...                   columns=["effect", "quantity", "true_value", "realised_value"])
    >>> render_planted(df, {}).splitlines()[0]
    '# Planted effects in the demo province'
    """
    seed = planted.loc[planted["quantity"] == "seed", "true_value"].iloc[0]
    lines = [
        "# Planted effects in the demo province",
        "",
        "Generated by `tdkt_eval.synth` (do not edit: regenerate instead):",
        "",
        "```",
        f"python -m tdkt_eval.synth --out data/demo --seed {seed}",
        "```",
        "",
        "`tests/test_synth.py` checks that these files equal a fresh generation and re-estimates "
        "each effect. The same numbers are in `planted.csv`. 'true' is the generating parameter; "
        "'realised' is what the generated sample shows.",
    ]
    for effect, title, prose in _EFFECTS:
        lines += ["", f"## {title}", "", prose, ""] + _md_table(planted[planted["effect"] == effect])
    lines += ["", "## Other known structure", "", _OTHER, ""]
    lines += _md_table(planted[planted["effect"].isin(
        ["leniency", "measurable_criteria", "reliability", "late_reports", "staff_quality"])])
    lines += ["", "## Null structure (no effect was generated)", "", *_NULLS, ""]
    return "\n".join(lines)


def _md_table(rows: pd.DataFrame) -> list[str]:
    out = ["| quantity | true | realised |", "|---|---|---|"]
    cells = rows[["quantity", "true_value", "realised_value"]].apply(lambda c: c.str.replace("|", "\\|"))
    return out + [f"| {q} | {t} | {r} |" for q, t, r in cells.itertuples(index=False)]


_OTHER = (
    "Cluster scores: verified criterion scores are round(2 * max * expit(3.0 + 0.7 merit + noise)) / 2, "
    "so they bunch near the top; self scores add 0.5 * Poisson(lambda) points, capped at the maximum, "
    "with lambda solved so that the mean leniency is 0.5. Staff survey: 10 correlated latent "
    "constructs, loadings U(0.6, 0.8) (U(0.7, 0.8) for 3-item scales), 5-point thresholds; "
    "aw4, su5, fo4 and fa5 are generated reversed (their raw answers fall as the construct rises); "
    "1.5% of cells missing at random outside the planted rows. Planted staff data-quality rows: "
    "straight-liners (the same answer, 3, 4 or 5, on all 40 items), speeders (60-170 s, uniformly random answers) "
    "and exact duplicate submissions (all columns except respondent_id; listed as original=copy). "
    "Criteria: each unit's probability of writing a measurable target is Beta(2, 3), the true "
    "labels are in `criteria_labels.csv`; 'Phấn đấu hoàn thành xuất sắc nhiệm vụ năm 2021' and "
    "'phương châm \"3 tốt\"' contain numbers but are labelled vague."
)
_NULLS = (
    "- Staff survey (September-October 2026): no effect of gender, position_group or years_of_service on "
    "any construct. The only area structure is a common effect of the former district's area N(0, 0.25^2) "
    "on pa, su and sm (and the planted gap on su); level and sector differ only through it (all provincial "
    "departments sit in wards of the former city D01). Unit random effects N(0, 0.15^2) on every construct. "
    "Staff were sampled about 200 per commune group.",
    "- Citizen survey (2026 frame: strata are the commune groups, PSUs the new communes; 4 communes x 75 "
    "households, or 3 x 100 where a group has fewer than 6 communes): no effect of gender, age, ethnicity or "
    "education on any item; commune random "
    "effect N(0, 0.15^2) on benefit and trust. c_mknow depends only on c_know; c_mlearn (asked only "
    "when c_mknow = 1) is 1 with probability 0.55 everywhere.",
    "- Rewards: at a given rating, achievement_score, position_group and gender, the reward does not "
    "depend on sector, area_type, unit or year; the form of an individual reward depends only on the "
    "rating, and the title ladders then apply: one annual title is drawn per rewarded person-year, a "
    "grassroots fighter also gets the advanced-worker record of that year, and a provincial (national) "
    "fighter title drawn for someone without three grassroots years (two provincial titles) in a row in "
    "the data is lowered to the highest title they qualify for; so provincial titles are rare and none "
    "comes before 2023 (the data start in 2021). No one gets two rewards of one level for one movement in one year. Apart from the "
    "planted violations (section 7) the rule checks find nothing.",
    "- Inspections: apart from the rare commune group, the rate does not depend on unit, level or year; "
    "findings and scores are independent of everything.",
    "- Cluster votes follow the flag: each unit of a cluster of n votes, and the winner gets a majority, "
    "n // 2 + 1 + Binomial(n - n // 2 - 2, 0.6) votes (11-19 of 20; whether merit or rotation).",
    "- Personnel: 25-35 posts a unit, 35-50 in a commune formed in 2025 (the pooled staff of its former "
    "communes); women 25% of leaders, 38% of managers, 49% of front-line posts; leaders' and "
    "managers' latent performance is 0.3 and 0.15 SD higher; 8% yearly turnover.",
)
