"""Tests of tdkt_eval.formality.scoring: compression identities and leniency coverage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

import tdkt_eval as te
from tdkt_eval import (
    InconsistentValuesError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
    OutOfRangeError,
)
from tdkt_eval.formality.scoring import leniency, score_compression

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def _results(scores: list[float] | np.ndarray, cluster: str = "C1", year: int = 2024) -> pd.DataFrame:
    return pd.DataFrame({"cluster_id": cluster, "year": year, "total_score": np.asarray(scores, dtype=float)})


def _gini_pairs(x: np.ndarray) -> float:
    """Gini as the relative mean absolute difference over all ordered pairs, halved."""
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean()))


def _gini_lorenz(x: np.ndarray) -> float:
    """Gini as 1 - 2 x (area under the Lorenz curve), trapezoids between the points (k/n, L_k)."""
    lorenz = np.r_[0.0, np.cumsum(np.sort(x)) / x.sum()]
    return float(1 - np.sum(lorenz[1:] + lorenz[:-1]) / len(x))


# ---------------------------------------------------------------- score_compression
def test_gini_identities() -> None:
    assert score_compression(_results([80.0] * 7), max_score=100)["gini"].iloc[0] == pytest.approx(0.0, abs=1e-15)
    for n in (2, 5, 20):
        one = score_compression(_results([0.0] * (n - 1) + [1.0]), max_score=1)["gini"].iloc[0]
        assert one == pytest.approx((n - 1) / n, rel=1e-12)
    # textbook example: 1, 2, 3, 4, 5 -> sum |xi - xj| = 40, G = 40 / (2 * 25 * 3) = 4/15
    assert score_compression(_results([3, 1, 5, 2, 4]), max_score=5)["gini"].iloc[0] == pytest.approx(4 / 15)


def test_gini_and_cv_match_independent_formulas() -> None:
    rng = np.random.default_rng(1)
    frames = [_results(rng.uniform(50, 150, n).round(1), cluster=f"C{i}") for i, n in enumerate((3, 11, 40))]
    out = score_compression(pd.concat(frames), max_score=150)
    for frame, (_, row) in zip(frames, out.iterrows()):
        x = frame["total_score"].to_numpy()
        assert row["gini"] == pytest.approx(_gini_pairs(x), rel=1e-12)
        assert row["gini"] == pytest.approx(_gini_lorenz(x), rel=1e-12)
        assert row["cv"] == pytest.approx(np.std(x) / np.mean(x), rel=1e-12)
        assert row["cv"] == pytest.approx(stats.variation(x), rel=1e-12)
        assert row["mean"] == pytest.approx(x.mean()) and row["n"] == len(x)


def test_ceiling_share_and_groups() -> None:
    table = pd.concat([_results([95.0, 94.9, 100.0, 60.0]), _results([96.0, 97.0], year=2023),
                       _results([10.0, 20.0], cluster="C0")])
    out = score_compression(table, max_score=100)
    assert list(zip(out["cluster_id"], out["year"])) == [("C0", 2024), ("C1", 2023), ("C1", 2024)]
    assert list(out["ceiling_share"]) == [0.0, 1.0, 0.5]
    assert score_compression(table, max_score=100, ceiling=0.9)["ceiling_share"].iloc[2] == 0.75
    assert set(out.attrs["direction"]) == {"ceiling_share", "cv", "gini"}


def test_all_zero_scores_give_nan() -> None:
    out = score_compression(_results([0.0, 0.0, 0.0]), max_score=10)
    assert np.isnan(out["cv"].iloc[0]) and np.isnan(out["gini"].iloc[0]) and out["ceiling_share"].iloc[0] == 0


def test_max_total_column_and_demo() -> None:
    scores = te.load_records(DEMO / "cluster_scores.csv", "cluster_scores")
    results = te.load_records(DEMO / "cluster_results.csv", "cluster_results")
    max_total = scores.groupby(["cluster_id", "year", "unit_id"], as_index=False)["max_score"].sum()
    out = score_compression(results.merge(max_total.rename(columns={"max_score": "max_total"})))
    sizes = results.drop_duplicates(["cluster_id", "unit_id"]).groupby("cluster_id").size()
    assert sizes.tolist() == [20, 13, 15, 19, 15, 20]  # departments, four commune clusters, enterprises
    assert len(out) == 36 and (out["max_score"] == 150).all() and (out["n"] == out["cluster_id"].map(sizes)).all()
    pd.testing.assert_frame_equal(out, score_compression(results, max_score=150))
    # the demo's verified scores bunch near the top: a third or more of units within 5% of the maximum
    assert out["ceiling_share"].mean() > 0.3 and out["gini"].max() < 0.05


def test_compression_errors() -> None:
    with pytest.raises(InvalidParameterError, match="max_score=.*max_total"):
        score_compression(_results([1.0, 2.0]))
    with pytest.raises(OutOfRangeError, match="'101'"):
        score_compression(_results([99.0, 101.0]), max_score=100)
    with pytest.raises(OutOfRangeError, match="'-1'"):
        score_compression(_results([-1.0, 5.0]), max_score=100)
    varying = _results([1.0, 2.0]).assign(max_total=[10.0, 20.0])
    with pytest.raises(InconsistentValuesError, match="max_total differs"):
        score_compression(varying)
    with pytest.raises(MissingValueError, match="no total_score"):
        score_compression(_results([1.0, np.nan]), max_score=10)
    with pytest.raises(MixedTypeError, match="total_score"):
        score_compression(_results([1.0, 2.0]).astype({"total_score": object}).assign(total_score=["1", "tám"]),
                          max_score=10)
    with pytest.raises(MissingColumnError, match="year"):
        score_compression(_results([1.0]).drop(columns="year"), max_score=10)
    for bad in ({"max_score": 0}, {"max_score": 10, "ceiling": 1.5}):
        with pytest.raises(InvalidParameterError):
            score_compression(_results([1.0]), **bad)


# ---------------------------------------------------------------- leniency
def _scores(rng: np.random.Generator, *, n_clusters: int = 3, n_units: int = 10, n_rows: int = 60,
            unit_sd: float = 0.3, noise_sd: float = 0.5, shift: float = 0.0) -> pd.DataFrame:
    """self = verified + shift + unit effect + noise, rounded to half points (symmetric about ``shift``)."""
    units = n_clusters * n_units
    verified = np.round(2 * rng.uniform(5, 15, (units, n_rows))) / 2
    gap = shift + rng.normal(0, unit_sd, (units, 1)) + rng.normal(0, noise_sd, (units, n_rows))
    unit = np.repeat(np.arange(units), n_rows)
    return pd.DataFrame({"cluster_id": np.char.add("C", (unit // n_units).astype(str)),
                         "unit_id": np.char.add("U", unit.astype(str)), "year": 2019 + np.tile(np.arange(n_rows) // 10, units),
                         "criterion_id": np.tile(np.arange(n_rows) % 10, units).astype(str),
                         "self_score": verified.ravel() + np.round(2 * gap.ravel()) / 2,
                         "verified_score": verified.ravel()})


def test_demo_leniency_is_half_a_point() -> None:
    out = leniency(te.load_records(DEMO / "cluster_scores.csv", "cluster_scores")).set_index("cluster_id")
    overall = out.loc["all"]
    assert overall["mean_diff"] == pytest.approx(0.501, abs=0.001)  # PLANTED.md: realised 0.501
    assert overall["ci_low"] < 0.5 < overall["ci_high"] and overall["n_units"] == 102
    assert ((out["ci_low"] < 0.5) & (0.5 < out["ci_high"])).all()
    assert list(out.index) == ["C1", "C2", "C3", "C4", "C5", "C6", "all"]
    assert (out["share_units_over"] == 1.0).all() and (out["n_rows"].iloc[:-1] == 60 * out["n_units"].iloc[:-1]).all()
    clusters_only = leniency(te.load_records(DEMO / "cluster_scores.csv", "cluster_scores"), overall=False)
    pd.testing.assert_frame_equal(clusters_only, out.iloc[:-1].reset_index())


def test_null_coverage_300_simulations() -> None:
    """self = verified + symmetric noise with a unit effect: the 95% CI covers 0 at about 95%."""
    rng = np.random.default_rng(2024)
    covered, naive = [], []
    for _ in range(300):
        table = _scores(rng)
        row = leniency(table).iloc[-1]
        covered.append(row["ci_low"] <= 0 <= row["ci_high"])
        d = table["self_score"] - table["verified_score"]
        naive.append(abs(d.mean()) <= 1.96 * d.std() / np.sqrt(len(d)))  # ignores the clustering by unit
    assert 0.92 <= np.mean(covered) <= 0.98
    assert np.mean(naive) < 0.7  # a row-level interval would be far too narrow here


def test_matches_statsmodels_cluster_robust_on_unbalanced_data() -> None:
    rng = np.random.default_rng(3)
    table = _scores(rng, shift=0.4)
    table = table[rng.random(len(table)) < 0.7 + 0.3 * (table["unit_id"].str[1:].astype(int) % 2)]
    d = (table["self_score"] - table["verified_score"]).to_numpy()
    for cid, g in [*table.groupby("cluster_id"), ("all", table)]:
        dg = g["self_score"].to_numpy() - g["verified_score"].to_numpy()
        fit = sm.OLS(dg, np.ones(len(dg))).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(g["unit_id"])[0]},
                                               use_t=True)
        row = leniency(table).set_index("cluster_id").loc[cid]
        assert row["mean_diff"] == pytest.approx(fit.params[0], rel=1e-12)
        assert row["se"] == pytest.approx(fit.bse[0], rel=1e-10)
        assert [row["ci_low"], row["ci_high"]] == pytest.approx(list(fit.conf_int(0.05)[0]), rel=1e-10)
        assert row["p_value"] == pytest.approx(fit.pvalues[0], rel=1e-8)
    assert leniency(table).iloc[-1]["n_rows"] == len(d)


def test_balanced_data_equal_the_t_interval_on_unit_means() -> None:
    table = _scores(np.random.default_rng(4), n_clusters=1, shift=0.2)
    means = (table["self_score"] - table["verified_score"]).groupby(table["unit_id"]).mean()
    ci = stats.ttest_1samp(means, 0.0).confidence_interval(0.9)
    row = leniency(table, conf_level=0.9).iloc[0]
    assert [row["ci_low"], row["ci_high"]] == pytest.approx([ci.low, ci.high], rel=1e-10)


def test_share_of_units_over_and_one_unit() -> None:
    table = pd.DataFrame({"cluster_id": "C1", "unit_id": ["A", "A", "B", "B", "C"],
                          "self_score": [5, 4, 3, 3, 2], "verified_score": [4, 4, 3, 4, 2]})
    row = leniency(table).iloc[0]
    assert row["share_units_over"] == pytest.approx(1 / 3) and row["n_units"] == 3
    assert row["mean_diff"] == pytest.approx(0.0)
    single = leniency(table[table["unit_id"] == "A"]).iloc[0]
    assert single["mean_diff"] == 0.5 and np.isnan(single["se"]) and np.isnan(single["ci_low"])


def test_leniency_errors() -> None:
    table = _scores(np.random.default_rng(5), n_clusters=1, n_units=3, n_rows=4)
    with pytest.raises(MissingColumnError, match="verified_score"):
        leniency(table.drop(columns="verified_score"))
    blank = table.assign(self_score=table["self_score"].where(table.index != 2))
    with pytest.raises(MissingValueError, match="self_score") as info:
        leniency(blank)
    assert info.value.rows == (4,)
    with pytest.raises(InvalidParameterError, match="'conf_level' parameter of leniency"):
        leniency(table, conf_level=95)
    with pytest.raises(InvalidParameterError, match="'overall' parameter of leniency"):
        leniency(table, overall="yes")


def test_compression_derives_the_maximum_from_cluster_scores():
    """Two criteria of max 10 and 20 give a maximum total of 30; 29 and 28.5 reach the 95% ceiling."""
    results = pd.DataFrame({"cluster_id": "C1", "year": 2024, "unit_id": ["U1", "U2", "U3"],
                            "total_score": [29.0, 28.5, 20.0]})
    scores = pd.DataFrame({"cluster_id": "C1", "year": 2024, "unit_id": np.repeat(["U1", "U2", "U3"], 2),
                           "criterion_id": ["T1", "T2"] * 3, "max_score": [10.0, 20.0] * 3})
    out = score_compression(results, cluster_scores=scores)
    assert out.loc[0, "max_score"] == 30.0
    assert out.loc[0, "ceiling_share"] == pytest.approx(2 / 3)
    pd.testing.assert_frame_equal(out, score_compression(results, max_score=30.0))
