"""A deterministic synthetic demo province with planted effects.

:func:`generate` builds every table of the data contracts for a fictional province
as it is since the two-tier reform of 1 July 2025 (10 former districts whose 189 communes
merged into 62; 102 current units: 20 departments, 20 enterprises and 62 communes, plus
the 189 former communes as units with a successor; 6 clusters; 2021-2026, with 2024 on the
old map) from one seed; :func:`write` stores
them as CSV, together with ``planted.csv`` and ``PLANTED.md``, which give the true size
of each planted effect and the value realised in the sample.  The same seed always gives
byte-identical files.

Command line::

    python -m tdkt_eval.synth --out data/demo --seed 2024
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from . import text as txt
from .ladder import follow_ladders, plant_violations, planted_violations, separate_movements
from .planted import planted_table, render_planted, word_similarity
from ..output import write_bytes_atomic

__all__ = ["generate", "write", "main", "word_similarity", "PLANTED", "YEARS", "REFORM_DATE", "OLD_MAP_YEAR",
           "DEFAULT_SEED", "STAFF_ITEMS", "REVERSE_ITEMS"]

DEFAULT_SEED = 2024
YEARS: tuple[int, ...] = tuple(range(2021, 2027))
#: The two-tier reform: districts abolished and communes merged from this day.
REFORM_DATE = pd.Timestamp("2025-07-01")
_REFORM_TEXT = "01/7/2025"
#: The one earlier year whose personnel, rewards and inspections name the former communes.
OLD_MAP_YEAR = 2024
#: Emulation cluster of the communes of each former district (C2 and C5 are rotation clusters).
_COMMUNE_CLUSTER = ("C2", "C2", "C3", "C3", "C4", "C4", "C4", "C5", "C5", "C5")

#: The planted effects: which units, clusters and commune groups (former district areas) carry them,
#: and their true sizes.
PLANTED: Mapping[str, object] = MappingProxyType({
    "rotation_clusters": ("C2", "C5"),
    "merit_top_win_probability": 0.75,
    "leader_odds_ratio": 2.5,
    "manager_odds_ratio": 1.5,
    "women_representation_ratio": 0.70,
    "copy_units": ("U012", "U033", "U067"),
    "rare_inspection_area": "D06",
    "rare_inspection_rate_ratio": 0.1,
    "gap_areas": ("D03", "D08"),
    "latent_perception_gap_sd": 0.9,
    "leniency_mean": 0.5,
    "measurable_share": 0.40,
    "late_units": ("U029", "U038", "U045", "U079"),
    "reform_date": "2025-07-01",
    "old_map_year": 2024,
})

_RATINGS = ("not_completed", "completed", "good", "excellent")
_RATING_COEF = np.array([-3.0, 0.0, 1.0, 2.0])
_REWARD_INTERCEPT, _ACH_COEF, _ADHOC_SCALE = -2.0, 0.05, 0.03
_FEMALE_SHARE = {"leader": 0.25, "manager": 0.38, "frontline": 0.49}
_MAX_SCORES = np.array([20, 20, 20, 10, 10, 10, 20, 10, 20, 10], dtype=float)
_CONSTRUCTS: tuple[tuple[str, int, tuple[int, ...]], ...] = (
    ("aw", 4, (4,)), ("pa", 4, ()), ("su", 5, (5,)), ("sm", 4, ()), ("me", 4, ()),
    ("fo", 4, (4,)), ("fa", 5, (5,)), ("in", 4, ()), ("co", 3, ()), ("tr", 3, ()),
)
STAFF_ITEMS: tuple[str, ...] = tuple(f"{c}{j}" for c, k, _ in _CONSTRUCTS for j in range(1, k + 1))
REVERSE_ITEMS: tuple[str, ...] = tuple(f"{c}{j}" for c, _, rev in _CONSTRUCTS for j in rev)
_THRESHOLDS = np.array([-2.0, -1.1, -0.2, 0.9])
_DATETIME_COLUMNS = frozenset({"start", "end"})


# ============================================================================ geography
def _old_frame(rng: np.random.Generator) -> pd.DataFrame:
    """The former communes (before 1 July 2025), each with the new commune it was merged into."""
    used: set[str] = set()
    rows = []
    for d, (code, name, _) in enumerate(txt.DISTRICTS):
        n_h = int(rng.integers(12, 26))
        for commune in txt.commune_names(d, n_h, used):
            rows.append((d, code, name, commune, int(rng.integers(800, 4001))))
    old = pd.DataFrame(rows, columns=["d", "stratum", "district", "old_commune", "households"])
    group = np.empty(len(old), dtype=int)
    new_names: list[str] = []
    for d, idx in old.groupby("d").indices.items():
        parts = np.array_split(idx, max(1, round(len(idx) / 3)))  # consecutive groups of about 3
        for part, name in zip(parts, txt.merged_commune_names(int(d), len(parts), used)):
            group[part] = len(new_names)
            new_names.append(name)
    old["group"] = group
    old["commune"] = np.asarray(new_names)[group]
    return old


def _frame(old: pd.DataFrame) -> pd.DataFrame:
    """The communes since 1 July 2025: households are the sum of their former communes'."""
    frame = old.groupby("group", sort=True).agg(
        d=("d", "first"), stratum=("stratum", "first"), district=("district", "first"),
        commune=("commune", "first"), households=("households", "sum")).reset_index(drop=True)
    frame.insert(4, "psu", [f"X{i:03d}" for i in range(1, len(frame) + 1)])
    return frame


def _crosswalk(old: pd.DataFrame) -> pd.DataFrame:
    """The crosswalk a council would keep, with its Vietnamese headers."""
    return pd.DataFrame({"Huyện cũ": old["district"], "Xã cũ": old["old_commune"], "Xã mới": old["commune"],
                         "Số hộ xã cũ": old["households"], "Ngày hiệu lực": _REFORM_TEXT})


def _units(frame: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    """Current units (departments, enterprises, communes) and, after them, the former communes."""
    rows = [(name, 0, "province", "state", "C1", abbr) for name, abbr in txt.DEPARTMENTS]
    rows += [(name, d, level, sector, "C6", "HTX" if name.startswith("Hợp") else "CT")
             for name, sector, level, d in txt.ENTERPRISES]
    rows += [(f"UBND {c[0].lower()}{c[1:]}", d, "commune", "state", _COMMUNE_CLUSTER[d], "UBND")
             for d, c in zip(frame["d"], frame["commune"])]
    df = pd.DataFrame(rows, columns=["unit_name", "d", "level", "sector", "cluster_id", "abbr"])
    communes = frame.groupby("d")["commune"].agg(list)
    seat = np.zeros(len(txt.DISTRICTS), dtype=int)
    located = []
    for name, d, level in zip(df["unit_name"], df["d"], df["level"]):
        if level == "commune" and name.startswith("UBND "):
            located.append(name[5].upper() + name[6:])
        else:  # an agency or enterprise sits in one of the communes of its former district, in turn
            located.append(communes[d][seat[d] % len(communes[d])])
            seat[d] += 1
    df["commune"] = located
    mountain = np.array([txt.DISTRICTS[d][2] for d in df["d"]])
    fifth = df["level"].eq("commune") & df["d"].isin([4, 5, 6]) & (np.arange(len(df)) % 5 == 4)
    df["area_type"] = np.where(mountain | fifth, "disadvantaged", "normal")
    df["successor_id"] = None
    df.insert(0, "unit_id", [f"U{i:03d}" for i in range(1, len(df) + 1)])
    new_id = df.loc[df["unit_name"].str.startswith("UBND ") & df["level"].eq("commune")].set_index("commune")["unit_id"]
    former = pd.DataFrame({
        "unit_id": [f"U{i:03d}" for i in range(len(df) + 1, len(df) + len(old) + 1)],
        "unit_name": [f"UBND {c[0].lower()}{c[1:]}" for c in old["old_commune"]], "d": old["d"],
        "level": "commune", "sector": "state", "cluster_id": None, "abbr": "UBND", "commune": old["old_commune"],
        "successor_id": new_id.reindex(old["commune"]).to_numpy()})
    former["area_type"] = df.set_index("unit_id")["area_type"].reindex(former["successor_id"]).to_numpy()
    df = pd.concat([df, former[df.columns]], ignore_index=True)
    df["district"] = [txt.DISTRICTS[d][1] for d in df["d"]]
    df["district_code"] = [txt.DISTRICTS[d][0] for d in df["d"]]
    return df


def _current(units: pd.DataFrame) -> pd.DataFrame:
    return units[units["successor_id"].isna()].reset_index(drop=True)


def _on_old_map(df: pd.DataFrame, units: pd.DataFrame, year: pd.Series, pick: np.ndarray,
                columns: tuple[str, ...] = ("unit_id",)) -> pd.DataFrame:
    """Records of the old-map year that belong to a commune name one of its former communes.

    ``pick`` chooses the predecessor (its position modulo the number of predecessors).
    """
    preds = units.dropna(subset=["successor_id"]).groupby("successor_id")["unit_id"].agg(list)
    hit = np.flatnonzero(year.to_numpy() == OLD_MAP_YEAR)
    hit = hit[df["unit_id"].iloc[hit].isin(preds.index).to_numpy()]
    out = df.copy()
    named = [preds[u][int(k) % len(preds[u])] for u, k in zip(df["unit_id"].iloc[hit], np.asarray(pick)[hit])]
    for col in columns:
        out.iloc[hit, out.columns.get_loc(col)] = named
    return out


def _movements() -> pd.DataFrame:
    return pd.DataFrame(txt.MOVEMENTS, columns=["movement_id", "name", "start_year"])


def _active(year: int) -> list[str]:
    return [m for m, _, start in txt.MOVEMENTS if start <= year]


# ============================================================================ personnel
def _personnel(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    slot_unit, slot_pos = [], []
    merged = units["level"].eq("commune") & units["unit_name"].str.startswith("UBND ")
    # a commune formed on 1 July 2025 pools the staff of about three former communes (after cuts): 35-50 posts
    for i, n in enumerate(rng.integers(np.where(merged, 35, 25), np.where(merged, 51, 36))):
        n_lead, n_man = max(1, round(0.08 * n)), round(0.17 * n)
        slot_unit += [i] * int(n)
        slot_pos += ["leader"] * n_lead + ["manager"] * n_man + ["frontline"] * int(n - n_lead - n_man)
    slot_unit, slot_pos = np.array(slot_unit), np.array(slot_pos)
    mu = pd.Series(slot_pos).map({"leader": 0.3, "manager": 0.15, "frontline": 0.0}).to_numpy()
    p_female = pd.Series(slot_pos).map(_FEMALE_SHARE).to_numpy()
    occupant = np.arange(len(slot_pos))
    female, theta = rng.random(len(occupant)) < p_female, rng.normal(mu, 1.0)
    frames = []
    for year in YEARS:
        if year > YEARS[0]:
            leave = np.flatnonzero(rng.random(len(occupant)) < 0.08)
            occupant[leave] = np.arange(len(female), len(female) + len(leave))
            female = np.concatenate([female, rng.random(len(leave)) < p_female[leave]])
            theta = np.concatenate([theta, rng.normal(mu[leave], 1.0)])
        perf = 0.8 * theta[occupant] + 0.6 * rng.standard_normal(len(occupant))
        ach = np.clip(70 + 9 * perf + 3 * rng.standard_normal(len(occupant)), 0, 100).round(1)
        z = perf + 0.4 * rng.standard_normal(len(occupant))
        rating = np.asarray(_RATINGS)[np.searchsorted([-1.9, -0.5, 1.1], z)]
        frames.append(pd.DataFrame({
            "pid": occupant, "u": slot_unit, "year": year, "position_group": slot_pos,
            "gender": np.where(female[occupant], "female", "male"), "annual_rating": rating,
            "achievement_score": ach}))
    df = pd.concat(frames, ignore_index=True)
    df["person_id"] = [f"P{i + 1:05d}" for i in df["pid"]]
    for col in ("unit_id", "sector", "area_type"):
        df[col] = units[col].to_numpy()[df["u"]]
    cols = ["person_id", "unit_id", "year", "position_group", "gender", "sector", "area_type",
            "annual_rating", "achievement_score"]
    return df.sort_values(["year", "unit_id", "person_id"], ignore_index=True)[cols]


def _workforce(personnel: pd.DataFrame) -> pd.DataFrame:
    keys = ["unit_id", "year", "position_group", "gender", "sector", "area_type"]
    return personnel.groupby(keys).size().rename("headcount").reset_index()


# ============================================================================ clusters
def _cluster(rng: np.random.Generator, units: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    n_u, n_y = len(units), len(YEARS)
    merit = rng.standard_normal(n_u)
    m_uy = 0.8 * merit[None, :] + 0.6 * rng.standard_normal((n_y, n_u))
    prop = special.expit(3.0 + 0.7 * m_uy[..., None] + 0.5 * rng.standard_normal((n_y, n_u, 10)))
    verified = np.round(prop * _MAX_SCORES * 2) / 2
    room = (_MAX_SCORES - verified).ravel()
    lam = _calibrate_leniency(room, PLANTED["leniency_mean"])
    self_ = verified + np.minimum(0.5 * rng.poisson(lam, verified.shape), _MAX_SCORES - verified)
    yy, uu, cc = np.meshgrid(np.arange(n_y), np.arange(n_u), np.arange(10), indexing="ij")
    scores = pd.DataFrame({
        "cluster_id": units["cluster_id"].to_numpy()[uu.ravel()], "year": np.asarray(YEARS)[yy.ravel()],
        "unit_id": units["unit_id"].to_numpy()[uu.ravel()], "criterion_id": [f"TC{c + 1:02d}" for c in cc.ravel()],
        "self_score": self_.ravel(), "verified_score": verified.ravel(),
        "max_score": _MAX_SCORES[cc.ravel()]})
    scores = scores.sort_values(["cluster_id", "year", "unit_id", "criterion_id"], ignore_index=True)
    results = scores.groupby(["cluster_id", "year", "unit_id"], as_index=False)["verified_score"].sum()
    results = results.rename(columns={"verified_score": "total_score"})
    results["rank"] = results.groupby(["cluster_id", "year"])["total_score"].rank(
        method="min", ascending=False).astype(int)
    results, truth = _award_flags(rng, results)
    truth["leniency_lambda"] = lam
    return scores, results, truth


def _calibrate_leniency(room: np.ndarray, target: float) -> float:
    k = np.arange(60)

    def mean_gap(lam: float) -> float:
        pmf = stats.poisson.pmf(k, lam)
        return float(np.mean(np.minimum(0.5 * k[None, :], room[:, None]) @ pmf))

    return float(optimize.brentq(lambda lam: mean_gap(lam) - target, 1e-6, 30.0))


def _top_win_probability(groups: list[pd.DataFrame], beta: float) -> float:
    probs = [special.softmax(beta * g["total_score"].to_numpy())[g["rank"].to_numpy() == 1].sum()
             for g in groups]
    return float(np.mean(probs))


def _award_flags(rng: np.random.Generator, results: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    rotation = PLANTED["rotation_clusters"]
    merit_groups = [g for (c, _), g in results.groupby(["cluster_id", "year"]) if c not in rotation]
    target = PLANTED["merit_top_win_probability"]
    beta = float(optimize.brentq(lambda b: _top_win_probability(merit_groups, b) - target, 0.0, 50.0))
    orders = {c: rng.permutation(results.loc[results["cluster_id"] == c, "unit_id"].unique())[:len(YEARS)]
              for c in rotation}
    flag = np.zeros(len(results), dtype=bool)
    votes = np.zeros(len(results), dtype=int)
    for (cluster, year), g in results.groupby(["cluster_id", "year"]):
        total = g["total_score"].to_numpy()
        if cluster in rotation:
            win = int(np.flatnonzero(g["unit_id"].to_numpy() == orders[cluster][year - YEARS[0]])[0])
        else:
            win = int(rng.choice(len(g), p=special.softmax(beta * total)))
        v = np.zeros(len(g), dtype=int)
        majority = len(g) // 2 + 1  # each unit of the cluster votes; 11-19 of 20 in a cluster of 20
        v[win] = majority + rng.binomial(len(g) - majority - 1, 0.6)
        others = np.delete(np.arange(len(g)), win)
        v[others] = rng.multinomial(len(g) - v[win], special.softmax(0.3 * total[others]))
        flag[g.index[win]], votes[g.index] = True, v
    results = results.assign(votes=votes, flag_awarded=flag)
    return results, {"beta": beta, "rotation_orders": {c: list(o) for c, o in orders.items()}}


# ============================================================================ rewards
def _reward_eta(personnel: pd.DataFrame, gamma: float) -> np.ndarray:
    rating = pd.Categorical(personnel["annual_rating"], categories=_RATINGS).codes
    pos = personnel["position_group"].to_numpy()
    return (_REWARD_INTERCEPT + _RATING_COEF[rating]
            + _ACH_COEF * (personnel["achievement_score"].to_numpy() - 70)
            + np.log(PLANTED["leader_odds_ratio"]) * (pos == "leader")
            + np.log(PLANTED["manager_odds_ratio"]) * (pos == "manager")
            + gamma * (personnel["gender"].to_numpy() == "female"))


def _calibrate_gamma(personnel: pd.DataFrame) -> float:
    female = personnel["gender"].to_numpy() == "female"
    target = PLANTED["women_representation_ratio"] * female.mean()

    def excess(gamma: float) -> float:
        p = special.expit(_reward_eta(personnel, gamma))
        return float(p[female].sum() / p.sum() - target)

    return float(optimize.brentq(excess, -5.0, 5.0))


_FORMS_BY_RATING = {
    "excellent": (("lao_dong_tien_tien", .25), ("chien_si_thi_dua_co_so", .35), ("giay_khen", .15),
                  ("bang_khen_tinh", .13), ("chien_si_thi_dua_tinh", .07), ("bang_khen_thu_tuong", .035),
                  ("huan_chuong_lao_dong", .01), ("chien_si_thi_dua_toan_quoc", .005)),
    "good": (("lao_dong_tien_tien", .6), ("giay_khen", .3), ("chien_si_thi_dua_co_so", .05),
             ("bang_khen_tinh", .05)),
    "completed": (("lao_dong_tien_tien", .7), ("giay_khen", .3)),
    "not_completed": (("giay_khen", 1.0),),
}
_LEVEL = {"lao_dong_tien_tien": "grassroots", "chien_si_thi_dua_co_so": "grassroots", "giay_khen": "grassroots",
          "tap_the_lao_dong_tien_tien": "grassroots", "bang_khen_tinh": "ministry_province",
          "chien_si_thi_dua_tinh": "ministry_province", "co_thi_dua_tinh": "ministry_province",
          "tap_the_lao_dong_xuat_sac": "ministry_province", "bang_khen_thu_tuong": "state",
          "huan_chuong_lao_dong": "state", "chien_si_thi_dua_toan_quoc": "state", "co_thi_dua_chinh_phu": "state"}
_THEMATIC = frozenset({"giay_khen", "bang_khen_tinh"})
_LAG = {"grassroots": (20, 46), "ministry_province": (40, 81), "state": (70, 121)}


def _individual_rewards(rng: np.random.Generator, personnel: pd.DataFrame, gamma: float) -> pd.DataFrame:
    p = special.expit(_reward_eta(personnel, gamma))
    annual = personnel[rng.random(len(p)) < p].copy()
    annual["form"] = [_draw_form(rng, r) for r in annual["annual_rating"]]
    annual["ad_hoc"] = False
    adhoc = personnel[rng.random(len(p)) < _ADHOC_SCALE * p].copy()
    adhoc["form"] = np.where(rng.random(len(adhoc)) < 0.7, "giay_khen", "bang_khen_tinh")
    adhoc["ad_hoc"] = True
    out = pd.concat([annual, adhoc], ignore_index=True)
    out["recipient_type"], out["recipient_id"] = "individual", out["person_id"]
    return out.drop(columns=["person_id", "annual_rating"])


def _draw_form(rng: np.random.Generator, rating: str) -> str:
    forms, probs = zip(*_FORMS_BY_RATING[rating])
    return forms[int(rng.choice(len(forms), p=np.asarray(probs) / sum(probs)))]


def _collective_rewards(results: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    res = results.copy()
    res["form"] = np.select([res["flag_awarded"], res["rank"] <= 4, res["rank"] <= 15],
                            ["co_thi_dua_tinh", "tap_the_lao_dong_xuat_sac", "tap_the_lao_dong_tien_tien"], "")
    winners = res[res["flag_awarded"]].sort_values(["year", "total_score", "cluster_id"],
                                                   ascending=[True, False, True])
    gov = winners.groupby("year").head(1).assign(form="co_thi_dua_chinh_phu")
    out = pd.concat([res[res["form"] != ""], gov], ignore_index=True)
    out["achievement_score"] = (out["total_score"] / _MAX_SCORES.sum() * 100).round(1)
    attrs = units.set_index("unit_id")[["sector", "area_type"]]
    out = out.join(attrs, on="unit_id")
    out["recipient_type"], out["recipient_id"], out["ad_hoc"] = "collective", out["unit_id"], False
    out = _on_old_map(out, units, out["year"], np.zeros(len(out), dtype=int), ("unit_id", "recipient_id"))
    return out[["unit_id", "year", "sector", "area_type", "achievement_score", "form",
                "recipient_type", "recipient_id", "ad_hoc"]]


def _rewards(rng: np.random.Generator, personnel: pd.DataFrame, results: pd.DataFrame,
             units: pd.DataFrame, gamma: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    rw = pd.concat([_individual_rewards(rng, personnel, gamma), _collective_rewards(results, units)],
                   ignore_index=True)
    annual = rw["recipient_type"].eq("individual") & ~rw["ad_hoc"]
    rw = pd.concat([follow_ladders(rw[annual]), rw[~annual]], ignore_index=True)
    rw["level"] = rw["form"].map(_LEVEL)
    rw["movement_id"] = [rng.choice(_active(y)) if (adhoc or f in _THEMATIC) else None
                         for y, f, adhoc in zip(rw["year"], rw["form"], rw["ad_hoc"])]
    rw["batch"] = np.where(rw["ad_hoc"], "A" + rw.index.astype(str), "R")
    rw = separate_movements(rw, {y: _active(y) for y in YEARS})
    rw = plant_violations(rng, rw, personnel, YEARS)
    rw["level"] = rw["form"].map(_LEVEL)
    abbr = units.set_index("unit_id")["abbr"]
    suffix = np.where(rw["level"] == "grassroots", abbr.reindex(rw["unit_id"]).to_numpy(), "UBND")
    suffix = np.where(rw["level"] == "state", np.where(rw["form"] == "huan_chuong_lao_dong", "CTN", "TTg"), suffix)
    rw["suffix"] = suffix
    rw = _repeat_later(_decide(rng, rw))
    cols = ["decision_no", "decision_date", "year", "level", "form", "recipient_type", "recipient_id", "unit_id",
            "position_group", "gender", "sector", "area_type", "movement_id", "ad_hoc", "proposal_date",
            "achievement_score"]
    rw = rw.sort_values(["decision_date", "decision_no", "recipient_id", "form"], ignore_index=True)
    return rw[cols], planted_violations(rw)


def _repeat_later(rw: pd.DataFrame) -> pd.DataFrame:
    """A repeated reward is proposed 5 days after the first decision and decided 30 days after it."""
    again = rw.index[rw["planted"] == "same_reward_twice"]
    for i in again:
        first = rw.index[(rw["batch"] == rw.at[i, "batch"][:-2]) & (rw["recipient_id"] == rw.at[i, "recipient_id"])]
        day = rw.at[first[0], "decision_date"]
        rw.loc[i, ["proposal_date", "decision_date"]] = [day + pd.Timedelta(days=5), day + pd.Timedelta(days=30)]
    return rw


def _decide(rng: np.random.Generator, rw: pd.DataFrame) -> pd.DataFrame:
    keys = ["unit_id", "year", "level", "suffix", "batch"]
    batches = rw[keys].drop_duplicates().sort_values(keys, ignore_index=True)
    year, level = batches["year"].to_numpy(), batches["level"].to_numpy()
    adhoc = batches["batch"].str.startswith("A").to_numpy()
    start = {"grassroots": (5, 26), "ministry_province": (15, 70), "state": (60, 150)}
    offset = np.array([rng.integers(*start[lv]) for lv in level])
    offset = np.where(adhoc, rng.integers(-330, -31, len(batches)), offset)
    proposal = pd.to_datetime([f"{y + 1}-01-01" for y in year]) + pd.to_timedelta(offset, unit="D")
    lag = np.array([rng.integers(*_LAG[lv]) for lv in level])
    lag = np.where(adhoc, rng.integers(20, 41, len(batches)), lag)
    batches["proposal_date"] = proposal
    batches["decision_date"] = proposal + pd.to_timedelta(lag, unit="D")
    numbers = np.empty(len(batches), dtype=object)
    for sfx, idx in batches.groupby("suffix").groups.items():
        nums = rng.choice(np.arange(1, 10000), size=len(idx), replace=False)
        numbers[np.asarray(idx)] = [f"{n}/QĐ-{sfx}" for n in nums]
    batches["decision_no"] = numbers
    return rw.merge(batches, on=keys, how="left")


# ============================================================================ surveys
def _latent_corr() -> np.ndarray:
    r = np.eye(10)
    pairs = {(0, 1): .45, (0, 2): .35, (0, 3): .3, (0, 4): .3, (1, 2): .45, (1, 3): .35, (1, 4): .35,
             (2, 3): .45, (2, 4): .4, (3, 4): .4, (5, 6): -.3, (5, 7): -.2, (6, 7): .3, (5, 8): -.15,
             (6, 8): .3, (7, 8): .35, (5, 9): -.1, (6, 9): .25, (7, 9): .3, (8, 9): .35}
    for j, v in enumerate((-.15, -.2, -.35, -.3, -.25)):
        pairs[(j, 5)] = v
    for j in range(5):
        pairs.update({(j, 6): .25, (j, 7): .25, (j, 8): .2, (j, 9): .2})
    for (i, j), v in pairs.items():
        r[i, j] = r[j, i] = v
    return r


def _likert(rng: np.random.Generator, latent: np.ndarray, loading: float, sign: int) -> np.ndarray:
    x = sign * loading * latent + np.sqrt(1 - loading**2) * rng.standard_normal(len(latent))
    return 1 + np.searchsorted(_THRESHOLDS + rng.uniform(-0.3, 0.3), x)


def _district_effects(rng: np.random.Generator) -> pd.Series:
    codes = [c for c, _, _ in txt.DISTRICTS]
    return pd.Series(rng.normal(0, 0.25, len(codes)), index=codes)


def _staff(rng: np.random.Generator, units: pd.DataFrame, q: pd.Series) -> tuple[pd.DataFrame, dict]:
    n = 1995
    by_district = [np.flatnonzero(units["district_code"].to_numpy() == c) for c, _, _ in txt.DISTRICTS]
    u = np.concatenate([rng.choice(idx, n // 10 + (k < n % 10)) for k, idx in enumerate(by_district)])
    unit_eff = rng.normal(0, 0.15, (len(units), 10))
    eta = rng.multivariate_normal(np.zeros(10), _latent_corr(), n, method="cholesky") + unit_eff[u]
    dcode = units["district_code"].to_numpy()[u]
    qd = q.reindex(dcode).to_numpy()
    eta[:, 1:4] += qd[:, None]
    eta[:, 2] += np.isin(dcode, PLANTED["gap_areas"]) * PLANTED["latent_perception_gap_sd"] / 2
    items = {}
    for c, (name, k, rev) in enumerate(_CONSTRUCTS):
        lo = 0.7 if k == 3 else 0.6
        for j in range(1, k + 1):
            items[f"{name}{j}"] = _likert(rng, eta[:, c], rng.uniform(lo, 0.8), -1 if j in rev else 1)
    items = pd.DataFrame(items).astype("Int64")
    special_rows = rng.choice(n, 40, replace=False)
    straight, speed = np.sort(special_rows[:20]), np.sort(special_rows[20:])
    items.iloc[straight] = np.repeat(rng.choice([3, 4, 4, 5, 5], 20)[:, None], len(STAFF_ITEMS), axis=1)
    items.iloc[speed] = rng.integers(1, 6, (20, len(STAFF_ITEMS)))
    normal = np.setdiff1d(np.arange(n), special_rows)
    mask = np.zeros(items.shape, dtype=bool)
    mask[normal] = rng.random((len(normal), items.shape[1])) < 0.015
    items = items.mask(mask)
    day = pd.to_datetime("2026-09-07") + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    day = day + pd.to_timedelta(np.select([day.day_of_week == 5, day.day_of_week == 6], [2, 1], 0), unit="D")
    start = day + pd.to_timedelta(rng.integers(7 * 3600 + 1800, 16 * 3600 + 1800, n), unit="s")
    dur = np.clip(np.round(rng.lognormal(np.log(14 * 60), 0.3, n)), 8 * 60, 25 * 60)
    dur[speed] = rng.integers(60, 171, 20)
    pos = rng.choice(["leader", "manager", "frontline"], n, p=[.1, .25, .65])
    df = pd.DataFrame({
        "unit_id": units["unit_id"].to_numpy()[u], "commune": units["commune"].to_numpy()[u],
        "level": units["level"].to_numpy()[u], "position_group": pos,
        "gender": rng.choice(["male", "female"], n), "sector": units["sector"].to_numpy()[u],
        "years_of_service": np.clip(np.round(rng.gamma(3, 4, n)), 1, 38).astype(int),
        "start": start, "end": start + pd.to_timedelta(dur, unit="s")})
    df = pd.concat([df, items], axis=1)
    kind = np.full(n, "normal", dtype=object)
    kind[straight], kind[speed] = "straight_liner", "speeder"
    order = np.argsort(df["start"].to_numpy(), kind="stable")
    df, kind = df.iloc[order].reset_index(drop=True), kind[order]
    dup_src = np.sort(rng.choice(np.flatnonzero(kind == "normal"), 5, replace=False))
    df = pd.concat([df, df.iloc[dup_src]], ignore_index=True)
    df.insert(0, "respondent_id", [f"S{i:04d}" for i in range(1, len(df) + 1)])
    ids = df["respondent_id"].to_numpy()
    quality = {"straight_liners": list(ids[:n][kind == "straight_liner"]),
               "speeders": list(ids[:n][kind == "speeder"]),
               "duplicates": [f"{ids[s]}={ids[n + i]}" for i, s in enumerate(dup_src)]}
    return df, quality


def _design(n_psu: int) -> tuple[int, int]:
    """Communes and households a commune sampled in a commune group: 300 households either way."""
    return (4, 75) if n_psu >= 6 else (3, 100)


#: Villages drawn in each sampled commune; households per village follow from :func:`_design`.
_VILLAGES_PER_COMMUNE = 5
#: Headers of the village frame as a council keeps it (the stratum is the former district's code).
_VILLAGE_HEADERS = {"stratum": "Tầng", "commune": "Xã", "village": "Thôn", "households": "Số hộ"}


def _villages(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """The villages (residential groups in a ward) of each commune, 8 to 15, adding up to its households."""
    rows = []
    for stratum, commune, households in frame[["stratum", "commune", "households"]].itertuples(index=False):
        k = int(rng.integers(8, 16))
        sizes = 40 + np.floor(rng.dirichlet(np.full(k, 6.0)) * (households - 40 * k)).astype(int)
        sizes[-1] += households - sizes.sum()
        kind = "Tổ dân phố" if commune.startswith("Phường") else "Thôn"
        rows += [(stratum, commune, f"{kind} {i}", int(n)) for i, n in enumerate(sizes, start=1)]
    return pd.DataFrame(rows, columns=list(_VILLAGE_HEADERS.values()))


def _citizen_sample(rng: np.random.Generator, frame: pd.DataFrame, villages: pd.DataFrame) -> pd.DataFrame:
    """One row per household drawn by :func:`tdkt_eval.design.select_sample`, as a council would draw it.

    Communes by systematic PPS on households in each commune group, 5 villages by PPS in each,
    then 15 or 20 households a village: 300 households a commune group, self-weighting within it.
    """
    from ..design.selection import select_sample

    plan = {h: _design(n) for h, n in frame.groupby("stratum").size().items()}
    sample = select_sample(villages, stratum=_VILLAGE_HEADERS["stratum"], commune=_VILLAGE_HEADERS["commune"],
                           village=_VILLAGE_HEADERS["village"], size=_VILLAGE_HEADERS["households"],
                           communes={h: c for h, (c, _) in plan.items()},
                           villages=_VILLAGES_PER_COMMUNE, village_method="pps",
                           households={h: m // _VILLAGES_PER_COMMUNE for h, (_, m) in plan.items()},
                           seed=int(rng.integers(2**31)))
    sample = sample.rename(columns={v: k for k, v in _VILLAGE_HEADERS.items()})
    df = sample.loc[sample.index.repeat(sample["households_to_interview"])].reset_index(drop=True)
    df["psu"] = df["commune"].map(frame.set_index("commune")["psu"])
    return df


def _citizen(rng: np.random.Generator, frame: pd.DataFrame, villages: pd.DataFrame, q: pd.Series) -> pd.DataFrame:
    df = _citizen_sample(rng, frame, villages)
    psus = df["psu"].unique()
    df["commune_eff"] = df["psu"].map(dict(zip(psus, rng.normal(0, 0.15, len(psus)))))
    n = len(df)
    shift = np.where(df["stratum"].isin(PLANTED["gap_areas"]), -PLANTED["latent_perception_gap_sd"] / 2, 0)
    dist = q.reindex(df["stratum"]).to_numpy() + shift
    e_b, e_t = rng.standard_normal(n), rng.standard_normal(n)
    benefit = dist + df["commune_eff"].to_numpy() + e_b
    trust = 0.4 * e_b + np.sqrt(0.84) * e_t + df["commune_eff"].to_numpy()
    mountain = df["stratum"].isin([c for c, _, m in txt.DISTRICTS if m]).to_numpy()
    know = rng.random(n) < special.expit(1.1 + 0.6 * dist + 0.3 * e_b)
    part = know & (rng.random(n) < special.expit(-0.1 + q.reindex(df["stratum"]).to_numpy() + 2.5 * shift + 0.5 * e_b))
    mknow = rng.random(n) < special.expit(-0.4 + 0.6 * know)
    mlearn = pd.Series((rng.random(n) < 0.55).astype(int), dtype="Int64").mask(~mknow)
    age = np.clip(np.round(rng.normal(45, 14, n)), 18, 80).astype(int)
    edu_p = np.where(mountain[:, None], [[.15, .35, .3, .15, .05]], [[.04, .18, .35, .29, .14]])
    edu_i = np.minimum((rng.random(n)[:, None] > edu_p.cumsum(axis=1)).sum(axis=1), 4)
    edu = np.array(["none", "primary", "secondary", "high_school", "tertiary"])[edu_i]
    out = pd.DataFrame({
        "respondent_id": [f"H{i:05d}" for i in range(1, n + 1)], "commune": df["commune"],
        # only consenting households are kept (refusals are replaced in the field), so consent is 1
        "village": df["village"], "consent": 1,
        "stratum": df["stratum"], "psu": df["psu"], "weight": df["design_weight"].round(6),
        "gender": rng.choice(["male", "female"], n), "age": age,
        "ethnicity": np.where(rng.random(n) < np.where(mountain, 0.6, 0.04), "other", "kinh"),
        "education": edu, "c_know": know.astype(int), "c_part": part.astype(int)})
    for j, lam in enumerate((0.8, 0.75, 0.7), start=1):
        out[f"c_ben{j}"] = _likert(rng, benefit, lam, 1)
    out["c_mknow"], out["c_mlearn"] = mknow.astype(int), mlearn
    for j, lam in enumerate((0.75, 0.8, 0.7), start=1):
        out[f"c_trust{j}"] = _likert(rng, trust, lam, 1)
    likert = [c for c in out if c.startswith(("c_ben", "c_trust"))]
    out[likert] = out[likert].astype("Int64").mask(rng.random((n, len(likert))) < 0.01)
    return out


# ============================================================================ inspections
_INSPECTOR_P = {"commune": (0.8, 0.2, 0.0), "province": (0.0, 0.7, 0.3), "non_state": (0.5, 0.5, 0.0)}


def _inspections(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    base = 0.9
    rate = np.where(units["district_code"] == PLANTED["rare_inspection_area"],
                    base * PLANTED["rare_inspection_rate_ratio"], base)
    counts = rng.poisson(np.tile(rate, (len(YEARS), 1)))
    yi, ui = np.nonzero(counts)
    yi, ui = np.repeat(yi, counts[yi, ui]), np.repeat(ui, counts[yi, ui])
    n = len(ui)
    day = pd.to_datetime([f"{YEARS[i]}-01-06" for i in yi]) + pd.to_timedelta(rng.integers(0, 350, n), unit="D")
    day = day + pd.to_timedelta(np.select([day.day_of_week == 5, day.day_of_week == 6], [2, 1], 0), unit="D")
    key = np.where(units["sector"].to_numpy()[ui] == "non_state", "non_state", units["level"].to_numpy()[ui])
    found = rng.poisson(2.5, n)
    score = pd.Series(np.clip(rng.normal(82, 7, n), 40, 100).round(1)).mask(rng.random(n) < 0.25)
    df = pd.DataFrame({
        "unit_id": units["unit_id"].to_numpy()[ui], "date": day,
        "inspector_level": [rng.choice(["district", "province", "central"], p=_INSPECTOR_P[k]) for k in key],
        "movement_id": [rng.choice(_active(YEARS[i])) for i in yi],
        "findings_count": found, "findings_resolved": rng.binomial(found, 0.7), "score": score})
    # from 1 July 2025 there are no district inspectors: the province (state units) or the commune takes over
    after = (df["date"] >= REFORM_DATE) & df["inspector_level"].eq("district")
    df.loc[after, "inspector_level"] = np.where(key[after] == "non_state", "commune", "province")
    df = df.sort_values(["date", "unit_id"], kind="stable", ignore_index=True)
    df.insert(0, "inspection_id", [f"I{i:04d}" for i in range(1, n + 1)])
    return df


# ============================================================================ generate
_STREAMS = ("frame", "district", "personnel", "cluster", "rewards", "staff", "citizen",
            "inspections", "criteria", "reports", "villages")


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Generate every table of the demo province from one seed.

    Pure: no I/O and no global random state.  Each table draws from its own child
    stream of ``np.random.default_rng(seed)``, so changing one table's generator
    leaves the others unchanged.

    Parameters
    ----------
    seed : int, default 2024
        Seed of the random generator; the committed ``data/demo`` uses 2024.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keyed by file stem: units, movements, staff_responses, citizen_responses,
        citizen_frame, khung_mau_thon (the villages of every commune with their households,
        the frame the citizen sample is drawn from, with Vietnamese headers),
        chuyen_doi_dia_gioi (the crosswalk of former communes to the
        communes of 1 July 2025, with Vietnamese headers), inspections, cluster_scores,
        cluster_results, criteria, criteria_labels, personnel, workforce, rewards,
        reports and planted (the true and realised size of each planted effect).

    Examples
    --------
    >>> tables = generate(7)
    >>> flags = tables["cluster_results"].groupby(["cluster_id", "year"])["flag_awarded"].sum()
    >>> units = tables["units"]
    >>> int(units["successor_id"].isna().sum()), int(units["successor_id"].notna().sum()), sorted(set(flags))
    (99, 178, [1])
    """
    rngs = dict(zip(_STREAMS, np.random.default_rng(seed).spawn(len(_STREAMS))))
    old = _old_frame(rngs["frame"])
    frame = _frame(old)
    units = _units(frame, old)
    current = _current(units)
    q = _district_effects(rngs["district"])
    personnel = _personnel(rngs["personnel"], current)
    personnel = _on_old_map(personnel, units, personnel["year"], personnel["person_id"].str[1:].astype(int))
    personnel = personnel.sort_values(["year", "unit_id", "person_id"], ignore_index=True)
    scores, results, truth = _cluster(rngs["cluster"], current)
    truth["gamma"] = _calibrate_gamma(personnel)
    rewards, truth["violations"] = _rewards(rngs["rewards"], personnel, results, units, truth["gamma"])
    staff, truth["quality"] = _staff(rngs["staff"], current, q)
    criteria = txt.criteria_table(rngs["criteria"], current["unit_id"], PLANTED["measurable_share"])
    counts = _reward_counts(rewards, units)
    reports = txt.reports_table(rngs["reports"], current, counts, YEARS, PLANTED["copy_units"],
                                PLANTED["late_units"])
    inspections = _inspections(rngs["inspections"], current)
    villages = _villages(rngs["villages"], frame)
    inspections = _on_old_map(inspections, units, inspections["date"].dt.year, np.arange(len(inspections)))
    tables = {
        "units": units[["unit_id", "unit_name", "commune", "district", "level", "sector", "area_type",
                        "cluster_id", "successor_id"]],
        "movements": _movements(),
        "staff_responses": staff,
        "citizen_responses": _citizen(rngs["citizen"], frame, villages, q),
        "citizen_frame": frame[["stratum", "commune", "psu", "households"]],
        "khung_mau_thon": villages,
        "chuyen_doi_dia_gioi": _crosswalk(old),
        "inspections": inspections,
        "cluster_scores": scores,
        "cluster_results": results,
        "criteria": criteria.drop(columns="measurable"),
        "criteria_labels": criteria[["movement_id", "unit_id", "criterion_id", "measurable"]],
        "personnel": personnel,
        "workforce": _workforce(personnel),
        "rewards": rewards,
        "reports": reports,
    }
    tables["planted"] = planted_table(tables, truth, seed, PLANTED, YEARS, _CONSTRUCTS)
    return tables


def _reward_counts(rewards: pd.DataFrame, units: pd.DataFrame) -> dict[tuple[str, int], tuple[int, int]]:
    """Annual rewards per current unit and year (a former commune's counted with its successor)."""
    successor = units.set_index("unit_id")["successor_id"]
    annual = rewards[~rewards["ad_hoc"]]
    succ = successor.reindex(annual["unit_id"]).to_numpy()
    annual = annual.assign(unit_id=np.where(pd.isna(succ), annual["unit_id"].to_numpy(), succ))
    ind = annual[annual["recipient_type"] == "individual"].groupby(["unit_id", "year"]).size()
    col = annual[annual["recipient_type"] == "collective"].groupby(["unit_id", "year"]).size()
    both = pd.concat([ind.rename("i"), col.rename("c")], axis=1).fillna(0).astype(int)
    return {k: (int(v.i), int(v.c)) for k, v in both.iterrows()}


# ============================================================================ output
def _csv_bytes(df: pd.DataFrame) -> bytes:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"})
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%dT%H:%M:%S" if col in _DATETIME_COLUMNS else "%Y-%m-%d")
        elif pd.api.types.is_float_dtype(s):
            out[col] = s.round(6)
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write(tables: Mapping[str, pd.DataFrame], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write the tables as CSV files (and ``PLANTED.md``) into ``out_dir``.

    Each file is UTF-8 without BOM, with ``\\n`` line ends, ISO dates, ``true``/``false``
    booleans and empty cells for missing values, and is written atomically.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Usually the result of :func:`generate`; each key becomes ``<key>.csv``.
    out_dir : path-like
        Output directory, created if needed.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write({"movements": _movements()}, tmp)
    ...     print(paths[0].read_text(encoding="utf-8").splitlines()[1])
    M01,Dân vận khéo,2018
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in tables.items():
        write_bytes_atomic(out / f"{name}.csv", _csv_bytes(df))
        paths.append(out / f"{name}.csv")
    if "staff_responses" in tables:  # the same answers as KoboToolbox exports them
        from .kobo import kobo_export
        from ..io.instruments import load_instrument

        path = out / "exports" / "staff_kobo.csv"
        write_bytes_atomic(path, kobo_export(tables["staff_responses"], load_instrument("staff")))
        paths.append(path)
    if "planted" in tables:
        write_bytes_atomic(out / "PLANTED.md", render_planted(tables["planted"], PLANTED).encode("utf-8"))
        paths.append(out / "PLANTED.md")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m tdkt_eval.synth --out data/demo --seed 2024``.

    Examples
    --------
    >>> import tempfile, contextlib, io
    >>> with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()) as out:
    ...     code = main(["--out", tmp, "--seed", "3"])
    >>> code, out.getvalue().startswith("wrote 19 files")
    (0, True)
    """
    parser = argparse.ArgumentParser(prog="python -m tdkt_eval.synth",
                                     description="Generate the synthetic demo province with planted effects.")
    parser.add_argument("--out", default="data/demo", help="output directory (default: data/demo)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    paths = write(generate(args.seed), args.out)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} files ({size / 1e6:.1f} MB) to {args.out} with seed {args.seed} "
          f"in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
