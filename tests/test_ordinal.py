"""Polychoric correlations and ordinal alpha (tdkt_eval.ordinal) against R.

Reference: tests/reference/polychoric.json, written by make_polychoric_reference.R (R 4.2.2,
polycor 0.8-1, mvtnorm 1.1-3, psych 2.2.9; the calls and the date are in the file).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tdkt_eval as te
from tdkt_eval.ordinal import _bvn_cdf, ordinal_alpha, polychoric

HERE = Path(__file__).parent / "reference"
REF = json.loads((HERE / "polychoric.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def agreeableness() -> pd.DataFrame:
    bfi = pd.read_csv(HERE / "bfi.csv")
    return bfi.loc[: REF["first_rows"] - 1, REF["items"]].dropna()


@pytest.fixture(scope="module")
def matrix(agreeableness) -> pd.DataFrame:
    return polychoric(agreeableness)


def test_bivariate_normal_cdf_matches_scipy_and_the_closed_form():
    h = np.array([0.3, -1.2, 2.0, 0.0, -0.5, np.inf, 1.0, -np.inf])
    k = np.array([-0.2, -0.7, 1.5, 0.8, 0.0, 0.4, np.inf, 1.0])
    for rho in (-0.8, -0.3, 0.0, 0.45, 0.9):
        mvn = stats.multivariate_normal([0, 0], [[1, rho], [rho, 1]])
        finite = np.isfinite(h) & np.isfinite(k)
        expect = np.where(finite, [mvn.cdf([a, b]) if f else 0 for a, b, f in zip(h, k, finite)], 0)
        expect[~finite] = [stats.norm.cdf(b) if a == np.inf else stats.norm.cdf(a) if b == np.inf else 0.0
                           for a, b in zip(h[~finite], k[~finite])]
        np.testing.assert_allclose(_bvn_cdf(h, k, rho), expect, atol=2e-6)  # scipy's cdf is a Genz integration
        assert _bvn_cdf(np.array([0.0]), np.array([0.0]), rho)[0] == pytest.approx(0.25 + np.arcsin(rho) / (2 * np.pi),
                                                                                   abs=1e-15)


def test_two_step_polychoric_matches_r_to_the_last_digits(agreeableness, matrix):
    assert len(agreeableness) == REF["n"]
    # 1e-7: an optimum found from likelihood values alone (Brent here, optimise in R) is fixed to about
    # sqrt(machine epsilon) in rho; the two agree to 3e-8
    np.testing.assert_allclose(matrix.to_numpy(), np.array(REF["polychor_tight"]), atol=1e-7, rtol=0)


def test_polycor_polychor_within_its_own_tolerance(matrix):
    np.testing.assert_allclose(matrix.to_numpy(), np.array(REF["polychor_shipped"]), atol=1e-4, rtol=0)


def test_ordinal_alpha_matches_psych_alpha_of_the_matrix(agreeableness):
    with pytest.warns(te.DataQualityWarning, match=r"Some items \(A1\) correlate negatively"):  # A1 is reversed
        res = ordinal_alpha(agreeableness)
    assert res.alpha == pytest.approx(REF["ordinal_alpha"], abs=1e-7)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        keyed = ordinal_alpha(agreeableness, reverse=["A1"])
    assert keyed.alpha > 0.7 > 0.5 > res.alpha and keyed.polychoric.loc["A1", "A2"] > 0
    assert list(keyed.to_frame().columns) == ["alpha", "k", "n"] and "Ordinal alpha" in str(keyed)


def test_planted_latent_correlation_is_recovered_where_pearson_falls_short():
    rng = np.random.default_rng(2024)
    z = rng.multivariate_normal([0, 0], [[1, 0.7], [0.7, 1]], size=5000)
    coarse = pd.DataFrame(np.digitize(z, [-0.5, 0.8]) + 1, columns=["x", "y"])  # three skewed categories
    assert polychoric(coarse).loc["x", "y"] == pytest.approx(0.7, abs=0.03)
    assert coarse.corr().loc["x", "y"] < 0.65  # the codes' Pearson correlation is attenuated


def test_independent_items_give_a_correlation_near_zero():
    rng = np.random.default_rng(7)
    items = pd.DataFrame(rng.integers(1, 6, size=(3000, 2)), columns=["a", "b"])
    assert abs(polychoric(items).loc["a", "b"]) < 0.06


def test_a_constant_item_is_not_estimable():
    items = pd.DataFrame({"a": [1, 2, 3, 2, 1], "b": [3, 3, 3, 3, 3]})
    with pytest.raises(te.NotEstimableError, match="Items b have a single answer category"):
        polychoric(items)
    with pytest.raises(te.InvalidArgumentTypeError):
        polychoric([[1, 2], [2, 1]])
