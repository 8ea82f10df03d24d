"""The formality table and the straight-lining signal (tdkt_eval.formality.table)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

import tdkt_eval as te
from tdkt_eval.errors import (
    DataQualityWarning,
    DuplicateKeyError,
    InvalidCategoryError,
    InvalidParameterError,
    MissingColumnError,
)
from tdkt_eval.formality.inspection import inspection_coverage, reporting_compliance
from tdkt_eval.formality.table import FORMALITY_INDICATORS, formality_table, straightlining_rate

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
ITEM = re.compile(r"^(aw|pa|su|sm|me|fo|fa|in|co|tr)\d$")


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return te.load_dataset(DEMO)


@pytest.fixture
def units() -> pd.DataFrame:
    return pd.DataFrame({"unit_id": ["U1", "U2", "U3", "U4"], "cluster_id": ["C1", "C1", "C2", "C2"]})


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    """Minimal inputs with the documented columns; U1 (cluster C1) is the most formal everywhere."""
    return {
        "rotation": pd.DataFrame({"cluster_id": ["C1", "C2"], "rotating": [True, False],
                                  "not_top_rate": [0.8, 0.2], "p_merit": [0.01, 0.6]}),
        "compression": pd.DataFrame({"cluster_id": ["C1", "C1", "C2", "C2"], "year": [2023, 2024] * 2,
                                     "ceiling_share": [0.5, 0.7, 0.1, 0.3], "cv": [0.02, 0.04, 0.2, 0.1],
                                     "gini": [0.01, 0.03, 0.1, 0.2]}),
        "leniency": pd.DataFrame({"cluster_id": ["C1", "C2"], "mean_diff": [1.2, 0.3]}),
        "measurability": pd.DataFrame({"unit_id": ["U1", "U2", "U3", "U4"],
                                       "share_measurable": [0.1, 0.5, 0.7, 0.3]}),
        "copied": pd.DataFrame({"unit_a": ["U1", "U1", "U2", "U3"], "year_a": [2023, 2023, 2023, 2023],
                                "unit_b": ["U1", "U4", "U2", "U4"], "year_b": [2024, 2024, 2024, 2024],
                                "similarity": [0.97, 0.80, 0.40, 0.50], "same_unit": [True, False, True, False]}),
        "coverage": pd.DataFrame({"unit_id": ["U1", "U1", "U2", "U2", "U3", "U3", "U4", "U4"],
                                  "year": [2023, 2024] * 4,
                                  "inspected": [False, False, True, False, True, True, True, True],
                                  "inspected_before_reward": pd.array([False, pd.NA, True, True, True, False,
                                                                       pd.NA, pd.NA], dtype="boolean")}),
        "reporting": pd.DataFrame({"unit_id": ["U1", "U1", "U2", "U3", "U4"], "year": [2023, 2024, 2024, 2024, 2024],
                                   "n_reports": [2, 2, 4, 4, 4], "n_on_time": [0, 1, 3, 4, 2]}),
        "straightlining": pd.DataFrame({"unit_id": ["U1", "U2", "U3", "U4"], "n": [10, 10, 20, 10],
                                        "n_straightliners": [4, 1, 0, 1]}),
    }


# ----------------------------------------------------------------------------- formality_table
def test_unit_table_joins_values(units, tables):
    out = formality_table(**tables, units=units).set_index("unit_id")
    assert list(out.index) == ["U1", "U2", "U3", "U4"]
    assert out.loc["U2", "rotating"] == 1.0 and out.loc["U3", "rotating"] == 0.0  # cluster value per unit
    assert out.loc["U1", "ceiling_share"] == pytest.approx(0.6)  # mean over years
    assert out.loc["U3", "score_cv"] == pytest.approx(0.15)
    assert out.loc["U1", "leniency"] == 1.2
    assert out.loc["U1", "self_copy_similarity"] == 0.97 and out.loc["U1", "cross_copy_similarity"] == 0.80
    assert out.loc["U4", "cross_copy_similarity"] == 0.80 and np.isnan(out.loc["U4", "self_copy_similarity"])
    assert out.loc["U2", "inspected_share"] == 0.5
    assert out.loc["U1", "inspected_before_reward_share"] == 0.0  # NA years left out
    assert np.isnan(out.loc["U4", "inspected_before_reward_share"])
    assert out.loc["U1", "on_time_rate"] == 0.25  # pooled: 1 of 4
    assert out.loc["U3", "straightlining_rate"] == 0.0
    assert out.loc["U1", "n_indicators"] == 14 and out.loc["U4", "n_indicators"] == 12


def test_percentiles_follow_direction(units, tables):
    out = formality_table(**tables, units=units).set_index("unit_id")
    pct = out.filter(like="_pct")
    assert set(pct.columns) == {f"{n}_pct" for n in FORMALITY_INDICATORS["name"]}
    # U1 is the most formal on every indicator, whichever way the indicator points
    assert (pct.loc["U1"].dropna() >= 50).all()
    for name in ("share_measurable", "on_time_rate", "inspected_share", "straightlining_rate",
                 "self_copy_similarity"):
        assert pct.loc["U1", f"{name}_pct"] == 100.0, name
    assert out.loc["U3", "share_measurable_pct"] == 0.0  # highest share measurable = least formal
    assert out.loc["U3", "straightlining_rate_pct"] == 0.0
    # cluster indicators ranked over units: two tied units per cluster, mid-ranks 3.5 and 1.5 of 4
    tied = [100 * 2.5 / 3, 100 * 2.5 / 3, 100 * 0.5 / 3, 100 * 0.5 / 3]
    assert list(out["p_merit_pct"]) == pytest.approx(tied)
    assert list(out["score_cv_pct"]) == pytest.approx(tied)
    assert np.nanmin(pct.to_numpy()) >= 0 and np.nanmax(pct.to_numpy()) <= 100


def test_percentile_single_value_and_missing():
    units = pd.DataFrame({"unit_id": ["U1", "U2"], "cluster_id": ["C1", "C1"]})
    out = formality_table(measurability=pd.DataFrame({"unit_id": ["U1"], "share_measurable": [0.3]}), units=units)
    assert out["share_measurable_pct"].tolist()[0] == 50.0 and np.isnan(out["share_measurable_pct"].tolist()[1])
    assert out["n_indicators"].tolist() == [1, 0]


def test_cluster_level(units, tables):
    out = formality_table(**tables, units=units, level="cluster").set_index("cluster_id")
    assert list(out.index) == ["C1", "C2"] and "unit_id" not in out.columns
    assert out.loc["C1", "share_measurable"] == pytest.approx(0.3)  # mean of U1, U2
    assert out.loc["C2", "straightlining_rate"] == pytest.approx((0 + 0.1) / 2)
    assert out.loc["C1", "leniency_pct"] == 100.0 and out.loc["C2", "leniency_pct"] == 0.0
    assert out.loc["C1", "on_time_rate_pct"] == 100.0
    only_clusters = formality_table(leniency=tables["leniency"], level="cluster")  # no units needed
    assert list(only_clusters["cluster_id"]) == ["C1", "C2"]


def test_unit_level_without_register(tables):
    out = formality_table(measurability=tables["measurability"], straightlining=tables["straightlining"])
    assert list(out.columns[:1]) == ["unit_id"] and len(out) == 4


def test_indicator_catalogue():
    cat = FORMALITY_INDICATORS
    assert list(cat.columns) == ["name", "source", "input", "column", "level", "direction", "description_vi",
                                 "description_en"]
    assert cat["name"].is_unique
    assert set(cat["direction"]) == {"higher = more formal", "lower = more formal"}
    assert set(cat["level"]) == {"unit", "cluster"}
    assert (cat["description_vi"].str.len() > 10).all() and (cat["description_en"].str.len() > 10).all()
    lower = set(cat.loc[cat["direction"] == "lower = more formal", "name"])
    assert lower == {"p_merit", "score_cv", "score_gini", "share_measurable", "inspected_share",
                     "inspected_before_reward_share", "on_time_rate"}


def test_table_errors(units, tables):
    with pytest.raises(InvalidParameterError, match="at least one"):
        formality_table(units=units)
    with pytest.raises(InvalidParameterError, match="'level'"):
        formality_table(leniency=tables["leniency"], units=units, level="district")
    with pytest.raises(InvalidParameterError, match="units="):
        formality_table(leniency=tables["leniency"])
    with pytest.raises(InvalidParameterError, match="units="):
        formality_table(measurability=tables["measurability"], level="cluster")
    with pytest.raises(InvalidCategoryError, match="U9"):
        formality_table(measurability=pd.DataFrame({"unit_id": ["U1", "U9"], "share_measurable": [0.1, 0.2]}),
                        units=units)
    with pytest.raises(InvalidCategoryError, match="U8"):
        formality_table(copied=tables["copied"].assign(unit_b=["U1", "U8", "U2", "U4"]), units=units)
    with pytest.raises(InvalidCategoryError, match="C7"):
        formality_table(leniency=pd.DataFrame({"cluster_id": ["C7"], "mean_diff": [1.0]}), units=units)
    with pytest.raises(DuplicateKeyError, match="C1"):
        formality_table(rotation=pd.concat([tables["rotation"]] * 2), units=units)
    with pytest.raises(MissingColumnError, match="mean_diff"):
        formality_table(leniency=tables["leniency"].rename(columns={"mean_diff": "diff"}), units=units)
    with pytest.raises(MissingColumnError, match="not_top_rate"):
        formality_table(rotation=tables["rotation"][["cluster_id"]], units=units)
    with pytest.raises(MissingColumnError, match="cluster_id"):
        formality_table(leniency=tables["leniency"], units=units[["unit_id"]])


def test_demo_table_ranks_planted_units_as_formal(demo):
    items = [c for c in demo["staff_responses"].columns if ITEM.match(c)]
    units = demo["units"]
    successor = units.set_index("unit_id")["successor_id"]

    def moved(df: pd.DataFrame) -> pd.DataFrame:  # 2024 records of a former commune go to its successor
        new = df["unit_id"].map(successor)
        return df.assign(unit_id=new.where(new.notna(), df["unit_id"]))

    current = units[units["successor_id"].isna()]
    table = formality_table(
        coverage=inspection_coverage(moved(demo["inspections"]), current, range(2021, 2027),
                                     rewards=moved(demo["rewards"])),
        reporting=reporting_compliance(demo["reports"]),
        straightlining=straightlining_rate(demo["staff_responses"], items=items),
        units=current).merge(current[["unit_id", "district"]], on="unit_id")
    assert len(table) == 102
    d06 = table["district"] == "Huyện Thạnh Hưng"  # the rarely inspected commune group, former district D06
    assert table.loc[d06, "inspected_share_pct"].min() > table.loc[~d06, "inspected_share_pct"].median()
    late = table["unit_id"].isin(["U029", "U038", "U045", "U079"])
    assert (table.loc[late, "on_time_rate_pct"] >= 90).all()


# ----------------------------------------------------------------------------- straight-lining
def test_straightlining_demo_matches_screen(demo):
    items = [c for c in demo["staff_responses"].columns if ITEM.match(c)]
    assert len(items) == 40
    out = straightlining_rate(demo["staff_responses"], items=items)
    flags = te.screen(demo["staff_responses"], items=items).flags
    planted = set(pd.read_csv(DEMO / "planted.csv").set_index("quantity").loc["straight_liners",
                                                                                "realised_value"].split())
    assert set(flags.loc[flags["straightliner"], "respondent_id"]) == planted
    assert out["n"].sum() == 2000 and out["n_straightliners"].sum() == len(planted) == 20
    assert out["province_rate"].iloc[0] == pytest.approx(0.01)
    per_unit = demo["staff_responses"].assign(s=flags["straightliner"]).groupby("unit_id")["s"].sum()
    assert out.set_index("unit_id")["n_straightliners"].equals(per_unit.astype(np.int64).rename("n_straightliners"))


def test_straightlining_ci_and_province():
    df = pd.DataFrame({"unit_id": ["U1"] * 4 + ["U2"] * 6, "q1": [3, 1, 2, 4, 5, 5, 2, 1, 3, 4],
                       "q2": [3, 2, 4, 1, 5, 5, 3, 2, 4, 5], "q3": [3, 3, 1, 2, 5, 5, 4, 5, 2, 1]})
    out = straightlining_rate(df, items=["q1", "q2", "q3"]).set_index("unit_id")
    assert out["n_straightliners"].tolist() == [1, 2]
    low, high = proportion_confint(2, 6, method="wilson")
    assert out.loc["U2", ["rate_low", "rate_high"]].tolist() == pytest.approx([low, high], rel=1e-12)
    p_low, p_high = proportion_confint(3, 10, method="wilson")
    assert out["province_rate"].tolist() == [0.3, 0.3]
    assert out.loc["U1", ["province_low", "province_high"]].tolist() == pytest.approx([p_low, p_high], rel=1e-12)
    with pytest.raises(MissingColumnError, match="'district'"):
        straightlining_rate(df, items=["q1", "q2", "q3"], by="district")
    with pytest.raises(MissingColumnError, match="q9"):
        straightlining_rate(df, items=["q1", "q9"])


def test_table_takes_the_functions_outputs_unchanged():
    """flag_rotation, leniency (with its pooled 'all' row) and friends feed formality_table as they are."""
    import tdkt_eval as te
    from tdkt_eval.formality.rotation import flag_rotation
    from tdkt_eval.formality.scoring import leniency
    from tdkt_eval.formality.table import formality_table
    from tdkt_eval.paths import demo_dir

    tables = te.load_dataset(demo_dir(), kinds=["cluster_results", "cluster_scores", "units"])
    table = formality_table(rotation=flag_rotation(tables["cluster_results"], n_resamples=200),
                            leniency=leniency(tables["cluster_scores"]), units=tables["units"], level="cluster")
    assert set(table["cluster_id"]) == {"C1", "C2", "C3", "C4", "C5", "C6"}
