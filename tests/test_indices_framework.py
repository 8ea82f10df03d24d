"""Composite-index framework: normalisation, weights, aggregation, composite, uncertainty."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tdkt_eval.errors import IndicatorError, InvalidParameterError
from tdkt_eval.indices.framework import aggregate, budget_weights, composite, equal_weights, normalise, pca_weights
from tdkt_eval.indices.uncertainty import uncertainty


def _frame(values: dict) -> pd.DataFrame:
    n = len(next(iter(values.values())))
    return pd.DataFrame(values, index=[f"U{i}" for i in range(1, n + 1)], dtype=float)


def _exact_corr(corr: np.ndarray, n: int = 50, seed: int = 3) -> pd.DataFrame:
    """Data whose sample correlation matrix is exactly ``corr`` (whitened noise times its Cholesky factor)."""
    z = np.random.default_rng(seed).normal(size=(n, len(corr)))
    q, _ = np.linalg.qr(z - z.mean(axis=0))
    x = q @ np.linalg.cholesky(corr).T
    return pd.DataFrame(x, columns=[f"x{i + 1}" for i in range(len(corr))])


# ----------------------------------------------------------------------------- normalise
def test_minmax_known_vector_and_direction():
    df = _frame({"a": [2, 4, 6, 10], "b": [2, 4, 6, 10]})
    out = normalise(df, method="minmax", directions={"b": -1})
    assert out["a"].tolist() == [0, 25, 50, 100]
    assert out["b"].tolist() == [100, 75, 50, 0]


def test_zscore_matches_scipy():
    x = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0])
    out = normalise(_frame({"a": x}), method="zscore")
    np.testing.assert_allclose(out["a"], stats.zscore(x, ddof=1), rtol=1e-12)


def test_rank_goalposts_distance_to_target():
    df = _frame({"a": [10, 30, 20, np.nan]})
    assert normalise(df, method="rank")["a"].tolist()[:3] == [0, 100, 50]
    assert np.isnan(normalise(df, method="rank")["a"].iloc[3])
    gp = normalise(_frame({"a": [0, 1, 3, 6]}), method="goalposts", goalposts={"a": (1, 5)})
    assert gp["a"].tolist() == [0, 0, 50, 100]  # clipped to 0-100
    dt = normalise(_frame({"a": [50, 100, 150], "late": [5, 10, 20]}), method="distance_to_target",
                   targets={"a": 100, "late": 10}, directions={"late": -1})
    assert dt["a"].tolist() == [50, 100, 100]
    assert dt["late"].tolist() == [100, 100, 50]


def test_normalise_bad_inputs():
    with pytest.raises(IndicatorError, match="same value for every unit"):
        normalise(_frame({"a": [1, 2, 3], "c": [4, 4, 4]}), method="minmax")
    with pytest.raises(InvalidParameterError, match="must be one of"):
        normalise(_frame({"a": [1, 2]}), method="softmax")
    with pytest.raises(InvalidParameterError, match="goalposts"):
        normalise(_frame({"a": [1, 2]}), method="goalposts")
    with pytest.raises(IndicatorError, match="numeric"):
        normalise(pd.DataFrame({"a": ["x", "y"]}), method="minmax")


# ----------------------------------------------------------------------------- weights
def test_equal_and_budget_weights():
    assert equal_weights(["a", "b", "c"]).tolist() == pytest.approx([1 / 3] * 3)
    experts = pd.DataFrame({"a": [50, 20], "b": [30, 20], "c": [20, 60]})
    # expert 1: .5 .3 .2; expert 2: .2 .2 .6 -> mean .35 .25 .4
    assert budget_weights(experts).tolist() == pytest.approx([0.35, 0.25, 0.40])
    with pytest.raises(InvalidParameterError, match="positive total"):
        budget_weights({"a": 0, "b": 0})
    with pytest.raises(InvalidParameterError, match=">= 0"):
        budget_weights({"a": -1, "b": 3})


def test_pca_weights_hand_computed_one_factor():
    """3 indicators, r12 = a, r13 = r23 = b: one eigenvalue > 1, weights = squared eigenvector."""
    a, b = 0.6, 0.3
    df = _exact_corr(np.array([[1, a, b], [a, 1, b], [b, b, 1.0]]))
    # By hand: the leading eigenvector lies in span{(1,1,0)/sqrt2, (0,0,1)}, from the 2x2 matrix
    # [[1+a, sqrt2 b], [sqrt2 b, 1]]: lambda = 1 + a/2 + sqrt(a^2/4 + 2 b^2), ratio t = (lambda-1-a)/(sqrt2 b).
    lam = 1 + a / 2 + np.sqrt(a**2 / 4 + 2 * b**2)
    t = (lam - 1 - a) / (np.sqrt(2) * b)
    expected = [0.5 / (1 + t**2), 0.5 / (1 + t**2), t**2 / (1 + t**2)]  # 0.3944, 0.3944, 0.2112
    np.testing.assert_allclose(pca_weights(df).to_numpy(), expected, rtol=1e-9)


def test_pca_weights_hand_computed_two_factors():
    """Two blocks (r = 0.8 and 0.6): eigenvalues 1.8, 1.6 kept; weights 0.5 x 1.8/3.4 and 0.5 x 1.6/3.4."""
    corr = np.eye(4)
    corr[0, 1] = corr[1, 0] = 0.8
    corr[2, 3] = corr[3, 2] = 0.6
    w = pca_weights(_exact_corr(corr))
    np.testing.assert_allclose(w.to_numpy(), [0.9 / 3.4, 0.9 / 3.4, 0.8 / 3.4, 0.8 / 3.4], atol=1e-9)


# ----------------------------------------------------------------------------- aggregate
def test_geometric_and_generalised_means():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.uniform(1, 100, (7, 4)), columns=list("abcd"))
    w = pd.Series([0.1, 0.2, 0.3, 0.4], index=list("abcd"))
    np.testing.assert_allclose(aggregate(df, w, method="geometric"), stats.gmean(df, axis=1, weights=w), rtol=1e-12)
    arith = aggregate(df, w, method="arithmetic")
    np.testing.assert_allclose(arith, df.to_numpy() @ w.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(aggregate(df, w, method="generalised", p=1), arith, rtol=1e-12)
    np.testing.assert_allclose(aggregate(df, w, method="generalised", p=1e-7), aggregate(df, w, method="geometric"), rtol=1e-5)
    np.testing.assert_allclose(aggregate(df, w, method="generalised", p=-1), stats.hmean(df, axis=1, weights=w), rtol=1e-12)
    assert (aggregate(df, w, method="generalised", p=0.5) <= arith + 1e-12).all()  # power-mean inequality


def test_missing_rules():
    df = _frame({"a": [10, 20, np.nan], "b": [30, 40, 50], "c": [50, np.nan, 70]})
    assert aggregate(df).tolist() == pytest.approx([30, 30, 60])  # available: mean of present
    # impute_mean: a -> 15 for U3, c -> 60 for U2
    assert aggregate(df, missing="impute_mean").tolist() == pytest.approx([30, 40, 45])
    with pytest.raises(IndicatorError, match="missing indicators"):
        aggregate(df, missing="raise")
    with pytest.raises(IndicatorError, match="min_share"):
        aggregate(df, min_share=0.9)


def test_bad_inputs_for_aggregation():
    df = _frame({"a": [1, 2, 3], "b": [2, 0, 5]})
    with pytest.raises(IndicatorError, match="geometric mean needs values > 0"):
        aggregate(df, method="geometric")
    with pytest.raises(InvalidParameterError, match="sum to a positive number"):
        aggregate(df, {"a": 0, "b": 0})
    with pytest.raises(InvalidParameterError, match="name every indicator"):
        aggregate(df, {"a": 1})
    with pytest.raises(InvalidParameterError, match="order p"):
        aggregate(df, method="generalised")
    all_missing = _frame({"a": [1, np.nan, 3], "b": [2, np.nan, 5]})
    with pytest.raises(IndicatorError, match=r"U2"):
        aggregate(all_missing)
    with pytest.raises(IndicatorError, match="no values at all"):
        aggregate(_frame({"a": [1, 2], "b": [np.nan, np.nan]}))


# ----------------------------------------------------------------------------- composite
def test_composite_scores_and_ranks():
    df = _frame({"a": [1, 3, 5, 5], "b": [2, 2, 4, 4]})
    out = composite(df)
    assert out["score"].tolist() == [0, 25, 100, 100]
    assert out["rank"].tolist() == [4, 3, 1, 1]  # ties share the best rank
    geo = composite(df, aggregation="geometric")
    # [0,100] mapped to [1,100]: U2 = sqrt(50.5 * 1)
    assert geo["score"].tolist() == pytest.approx([1, np.sqrt(50.5), 100, 100])
    z = composite(df, normalisation="zscore")
    assert z["score"].min() == 0 and z["score"].max() == 100
    with pytest.raises(InvalidParameterError, match="z-scores"):
        composite(df, normalisation="zscore", aggregation="geometric")
    with pytest.raises(IndicatorError, match="'c'"):
        composite(df.assign(c=1.0))


# ----------------------------------------------------------------------------- uncertainty
def test_uncertainty_single_factor_explains_all():
    """Only the normalisation varies: it must carry all the rank variance (S = S_T = 1)."""
    rng = np.random.default_rng(5)
    df = pd.DataFrame(rng.lognormal(size=(30, 4)), columns=list("abcd"))
    res = uncertainty(df, choices={"normalisation": ("minmax", "rank")}, n_resamples=2000, seed=2)
    assert list(res.sensitivity.index) == ["normalisation"]
    assert res.sensitivity.loc["normalisation", "total"] == pytest.approx(1.0, abs=0.08)
    assert res.sensitivity.loc["normalisation", "first_order"] == pytest.approx(1.0, abs=0.15)


def test_uncertainty_fixed_choices_give_degenerate_intervals():
    df = _frame({"a": [1, 2, 3, 4], "b": [4, 1, 2, 3]})
    res = uncertainty(df, choices={}, n_resamples=50)
    assert (res.units.rank_low == res.units["rank"]).all() and (res.units.rank_high == res.units["rank"]).all()
    assert res.sensitivity.empty
    np.testing.assert_allclose(res.units.ci_low, composite(df)["score"])


def test_uncertainty_reproducible():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.uniform(1, 5, (120, 8)), columns=list("abcdefgh"))
    choices = {"normalisation": ("minmax", "rank", "goalposts"), "weights": ("nominal", "dirichlet", "pca"),
               "aggregation": ("arithmetic", "geometric")}
    res = uncertainty(df, choices=choices, goalposts={c: (1, 5) for c in df}, n_resamples=1000, seed=4)
    again = uncertainty(df, choices=choices, goalposts={c: (1, 5) for c in df}, n_resamples=1000, seed=4)
    pd.testing.assert_frame_equal(res.units, again.units)
    assert res.ranks.shape == (1000, 120)
    assert ((res.units.rank_low <= res.units.median_rank) & (res.units.median_rank <= res.units.rank_high)).all()
    assert set(res.sensitivity.index) == {"normalisation", "weights", "aggregation"}
    assert "Sensitivity" in str(res)


def test_uncertainty_bad_choices():
    df = _frame({"a": [1, 2, 3], "b": [3, 1, 2]})
    with pytest.raises(InvalidParameterError, match="keys"):
        uncertainty(df, choices={"rotation": ("x",)})
    with pytest.raises(InvalidParameterError, match="z-scores"):
        uncertainty(df, choices={"normalisation": ("zscore",), "aggregation": ("geometric",)})
    with pytest.raises(InvalidParameterError, match="n_resamples"):
        uncertainty(df, n_resamples=3)
