"""tdkt_eval.factor against R psych 2.2.9 (reference values: tests/reference/efa_bfi.json, made
by tests/reference/make_efa_reference.R), plus planted-structure, null and error tests."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.linalg import block_diag
from scipy.optimize import linear_sum_assignment
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from tdkt_eval import MixedTypeError
from tdkt_eval.factor import rotation as _rotation
from tdkt_eval.factor.efa import EFAResult, bartlett, efa, kmo, parallel_analysis
from tdkt_eval.errors import FactorAnalysisError

REFERENCE = Path(__file__).parent / "reference"

# psych's fa() output is reproduced by following its algorithm step by step (same optimiser
# settings and stopping rules), so the agreement is ~1e-14; rel 1e-6 is the contract. The
# absolute 1e-9 only matters for entries within 1e-3 of zero (small cross-loadings,
# near-zero factor eigenvalues), where a relative tolerance alone would demand ~1e-12.
RTOL, ATOL = 1e-6, 1e-9

CASES = {
    "fa_minres_oblimin": ("minres", "oblimin", 5),
    "fa_ml_varimax": ("ml", "varimax", 5),
    "fa_pa_promax": ("pa", "promax", 5),
    "fa_minres_none": ("minres", None, 5),
    "fa_ml_none": ("ml", None, 5),
    "fa_pa_none": ("pa", None, 5),
    "fa_minres_varimax": ("minres", "varimax", 5),
    "fa_minres_promax": ("minres", "promax", 5),
    "fa_minres_1": ("minres", None, 1),
}


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads((REFERENCE / "efa_bfi.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bfi() -> pd.DataFrame:
    data = pd.read_csv(REFERENCE / "bfi.csv")
    return data[[f"{t}{i}" for t in "ACENO" for i in range(1, 6)]]


def _matrix(block: dict) -> pd.DataFrame:
    """{row: {column: value}} as written by the R script, in R's row and column order."""
    return pd.DataFrame.from_dict(block, orient="index")


# --------------------------------------------------------------------------- against R
@pytest.mark.parametrize("case", sorted(CASES))
def test_efa_matches_psych(case, bfi, reference):
    method, rotation, k = CASES[case]
    expected = reference[case]
    res = efa(bfi, k, method=method, rotation=rotation)

    loadings = _matrix(expected["loadings"])
    # Same factors, same labels, same order and sign as psych's sorting.
    assert list(res.loadings.columns) == list(loadings.columns)
    assert list(res.loadings.index) == list(loadings.index)
    np.testing.assert_allclose(res.loadings, loadings, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(res.communalities, pd.Series(expected["communality"]),
                               rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(res.uniquenesses, pd.Series(expected["uniquenesses"]),
                               rtol=RTOL, atol=ATOL)
    variance = _matrix(expected["Vaccounted"])  # psych has only 2 rows for one factor
    np.testing.assert_allclose(res.variance.loc[variance.index, variance.columns], variance,
                               rtol=RTOL, atol=ATOL)
    if expected["Phi"] is None:
        assert res.phi is None
    else:
        phi = _matrix(expected["Phi"])
        np.testing.assert_allclose(res.phi.loc[phi.index, phi.columns], phi, rtol=RTOL, atol=ATOL)
    assert res.n == expected["n_obs"] == 2800
    assert res.dof == expected["dof"]
    assert res.converged


def test_kmo_matches_psych(bfi, reference):
    res = kmo(bfi)
    assert res.overall == pytest.approx(reference["kmo"]["MSA"], rel=RTOL)
    np.testing.assert_allclose(res.items, pd.Series(reference["kmo"]["MSAi"]), rtol=RTOL)
    assert list(res.to_frame().index)[-1] == "overall"


def test_bartlett_matches_psych(bfi, reference):
    expected = reference["bartlett"]
    res = bartlett(bfi)
    assert list(res.columns) == ["chi2", "df", "p_value", "n"]
    assert len(res) == 1
    row = res.iloc[0]
    assert row["chi2"] == pytest.approx(expected["chisq"], rel=RTOL)
    assert row["df"] == expected["df"] == 300
    assert row["p_value"] == pytest.approx(expected["p_value"], abs=1e-300)
    assert row["n"] == expected["n"]


def test_parallel_analysis_matches_psych(bfi, reference):
    expected = reference["parallel"]
    res = parallel_analysis(bfi, n_resamples=20, seed=1)
    table = res.eigenvalues
    np.testing.assert_allclose(table["observed_pc"], expected["pc_values"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(table["observed_fa"], expected["fa_values"], rtol=RTOL, atol=ATOL)
    # The simulated part is random: psych says 6 for every recorded seed; 5-7 is sensible.
    assert set(expected["nfact"]) == {6}
    assert 5 <= res.n_factors <= 7
    assert 5 <= res.n_components <= 7


def test_efa_carries_kmo_and_bartlett(bfi, reference):
    res = efa(bfi, 5)
    assert res.kmo == pytest.approx(reference["kmo"]["MSA"], rel=RTOL)
    pd.testing.assert_frame_equal(res.bartlett, bartlett(bfi))


# --------------------------------------------------------------------------- planted structure
def _planted(seed: int, loadings: tuple, phi: float, *, exact: bool = False):
    """12 items, 3 factors x 4 items; ``loadings`` holds each factor's 4 loadings.

    ``phi`` is the correlation of every pair of factors. ``exact=True`` whitens the draws so
    that the sample correlation matrix equals the population one (as
    MASS::mvrnorm(empirical = TRUE)).
    """
    rng = np.random.default_rng(seed)
    lam = block_diag(*(np.array(column)[:, None] for column in loadings))
    factor_corr = np.full((3, 3), phi) + (1 - phi) * np.eye(3)
    sigma = lam @ factor_corr @ lam.T
    np.fill_diagonal(sigma, 1.0)
    z = rng.standard_normal((2000, 12))
    if exact:
        z -= z.mean(axis=0)
        z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False))).T
    items = pd.DataFrame(z @ np.linalg.cholesky(sigma).T, columns=[f"i{j + 1}" for j in range(12)])
    return items, lam, factor_corr


def _match(res: EFAResult, lam: np.ndarray):
    """Recovered loadings and factor correlations, columns matched to the truth and signed."""
    est = res.loadings.to_numpy()
    rows, cols = linear_sum_assignment(-np.abs(est.T @ lam))
    order = rows[np.argsort(cols)]
    signs = np.sign(np.sum(est[:, order] * lam, axis=0))
    phi = None
    if res.phi is not None:
        phi = res.phi.to_numpy()[np.ix_(order, order)] * np.outer(signs, signs)
    return est[:, order] * signs, phi


ROTATIONS = [("oblimin", 0.3), ("promax", 0.3), ("varimax", 0.0)]
PLANTED = [(0.8, 0.7, 0.6, 0.5), (0.75, 0.75, 0.55, 0.45), (0.85, 0.6, 0.6, 0.4)]


@pytest.mark.parametrize("method", ["minres", "ml", "pa"])
@pytest.mark.parametrize(("rotation", "phi"), ROTATIONS)
def test_planted_structure_is_recovered(method, rotation, phi):
    # n = 2000: the sampling SE of a loading here is about 0.01-0.02, so 0.05 bounds the
    # largest of the 36 errors at ~3 SE (every one of 30 seeds passed for each combination).
    items, lam, factor_corr = _planted(2024, [(0.9, 0.8, 0.8, 0.7)] * 3, phi)
    res = efa(items, 3, method=method, rotation=rotation)
    est, est_phi = _match(res, lam)
    assert np.max(np.abs(est - lam)) < 0.05
    if est_phi is not None:
        assert np.max(np.abs(est_phi - factor_corr)) < 0.05


@pytest.mark.parametrize("method", ["minres", "ml", "pa"])
@pytest.mark.parametrize(("rotation", "phi"), ROTATIONS)
def test_population_structure_is_recovered_exactly(method, rotation, phi):
    # No sampling error, so what is left is the methods' own precision: L-BFGS-B stops at
    # psych's factr = 1e7 and GPA at a gradient of 1e-5 (~1e-5 here); promax's power-4 target
    # only approximates a simple structure with correlated factors (~1e-3); pa stops when the
    # sum of the communalities changes by 0.001, psych's min.err (~3e-3 here).
    tolerance = 5e-3 if method == "pa" else 2e-3 if rotation == "promax" else 1e-4
    # The three factors differ: with identical ones the population eigenvalues tie, the
    # unrotated factors are an arbitrary basis of their eigenspace, and a symmetric basis can
    # be a saddle point at which oblimin's GPA (as GPArotation's) stops.
    items, lam, factor_corr = _planted(7, PLANTED, phi, exact=True)
    res = efa(items, 3, method=method, rotation=rotation)
    est, est_phi = _match(res, lam)
    assert np.max(np.abs(est - lam)) < tolerance
    if est_phi is not None:
        assert np.max(np.abs(est_phi - factor_corr)) < tolerance


def test_identities(bfi):
    for rotation in ("oblimin", "promax", "varimax", None):
        res = efa(bfi, 5, rotation=rotation)
        L = res.loadings.to_numpy()
        phi = np.eye(5) if res.phi is None else res.phi.to_numpy()
        # Rotation leaves the communalities alone: h2 = diag(L Phi L').
        np.testing.assert_allclose(np.diag(L @ phi @ L.T), res.communalities, rtol=1e-10)
        np.testing.assert_allclose(res.communalities + res.uniquenesses, 1.0)
        ss = res.variance.loc["SS loadings"].to_numpy()
        assert ss.sum() == pytest.approx(res.communalities.sum(), rel=1e-10)
        assert np.all(np.diff(ss) <= 0)  # psych's order: largest first
        assert np.all(L.sum(axis=0) > 0)  # psych's signs


# --------------------------------------------------------------------------- null data
def test_bartlett_null_rejection_rate():
    rejected = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        items = pd.DataFrame(rng.standard_normal((100, 6)), columns=list("abcdef"))
        rejected += bartlett(items)["p_value"].iloc[0] < 0.05
    assert 0.02 <= rejected / 200 <= 0.09


def test_parallel_analysis_null_finds_no_factors():
    # With 20 simulated data sets the observed first eigenvalue of null data exceeds their 95%
    # quantile (R type 7) about 9% of the time, so 0 is expected ~90% and 0 or 1 ~98% of runs.
    suggested = []
    for seed in range(30):
        rng = np.random.default_rng(1000 + seed)
        items = pd.DataFrame(rng.standard_normal((200, 6)), columns=[f"q{j}" for j in range(6)])
        suggested.append(parallel_analysis(items, n_resamples=20, seed=seed).n_factors)
    assert np.mean(np.isin(suggested, [0, 1])) >= 0.9
    assert np.mean(np.equal(suggested, 0)) >= 0.7


def test_parallel_analysis_planted_and_mean():
    items, _, _ = _planted(3, PLANTED, 0.3)
    res = parallel_analysis(items, n_resamples=20, quantile="mean", method="pa")
    assert res.n_factors == 3
    assert list(res.to_frame().columns) == ["observed_fa", "simulated_fa", "observed_pc",
                                            "simulated_pc"]
    assert "3 factor(s)" in str(res)


# --------------------------------------------------------------------------- results
def test_result_object(bfi):
    res = efa(bfi, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.method = "ml"  # type: ignore[misc]
    assert str(res) == res.summary()
    assert "Factor correlations" in str(res)
    assert list(res.to_frame().columns) == [*res.loadings.columns, "h2", "u2"]
    orthogonal = efa(bfi, 5, rotation="varimax")
    assert orthogonal.phi is None and "Factor correlations" not in str(orthogonal)
    single = efa(bfi, 1)
    assert single.rotation is None and single.phi is None
    assert list(single.loadings.columns) == ["MR1"]


def test_listwise_uses_complete_rows(bfi):
    res = efa(bfi, 5, missing="listwise")
    assert res.n == len(bfi.dropna()) < len(bfi)
    assert bartlett(bfi, missing="listwise")["n"].iloc[0] == res.n


def test_heywood_case_warns():
    # 40 respondents, two items on the second factor: principal axes push c's communality
    # above 1 and do not settle within psych's 50 iterations (psych warns about both too).
    rng = np.random.default_rng(1)
    lam = np.array([[.9, 0], [.8, 0], [0, .9], [0, .6], [.3, .3], [0, .2]])
    x = rng.standard_normal((40, 2)) @ lam.T
    x += rng.standard_normal((40, 6)) * np.sqrt(1 - np.sum(lam**2, axis=1))
    with (pytest.warns(UserWarning, match=r"ultra-Heywood case: the communalities of 'c' exceed"),
          pytest.warns(ConvergenceWarning, match="pa extraction stopped at its iteration limit")):
        res = efa(pd.DataFrame(x, columns=list("abcdef")), 2, method="pa", rotation=None)
    assert res.uniquenesses["c"] < 0


def test_rotation_non_convergence_is_reported(bfi):
    unrotated = efa(bfi, 5, rotation=None).loadings.to_numpy()
    with pytest.warns(ConvergenceWarning, match="oblimin did not converge in 2 iterations"):
        assert _rotation.oblimin(unrotated, max_iter=2)[2] is False
    with pytest.warns(ConvergenceWarning, match="varimax did not converge in 2 iterations"):
        assert _rotation.varimax(unrotated, max_iter=2)[2] is False


# --------------------------------------------------------------------------- errors
@pytest.fixture
def small() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    f = rng.standard_normal((150, 1))
    return pd.DataFrame(f + rng.standard_normal((150, 6)), columns=[f"q{j}" for j in range(1, 7)])


def test_non_numeric_item(small):
    items = small.assign(q2=small["q2"].map("{:.1f}".format))
    with pytest.raises(MixedTypeError, match=r"'q2'.*pd\.to_numeric"):
        efa(items, 1)


def test_too_many_factors(small):
    with pytest.raises(FactorAnalysisError, match=r"3 factor\(s\) from 6 items leave 0 degrees "
                                                  r"of freedom.*at most 2 factor"):
        efa(small, 3)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_bad_n_factors(small, bad):
    with pytest.raises(FactorAnalysisError, match="n_factors must be a whole number"):
        efa(small, bad)


def test_singular_correlation_names_items(small):
    items = small.assign(total=small["q1"] + small["q2"])
    with pytest.raises(FactorAnalysisError, match=r"singular: items 'q1', 'q2', 'total'"):
        efa(items, 1)
    with pytest.raises(FactorAnalysisError, match=r"singular: items 'q3', 'copy'"):
        kmo(small.assign(copy=small["q3"]))


def test_pairwise_not_positive_definite():
    # Each pair answered by a different group: r12 = .9, r23 = .9, r13 = -.9 cannot coexist.
    rng = np.random.default_rng(0)
    z = rng.standard_normal((300, 2))
    a, b = z[:, 0], 0.9 * z[:, 0] + np.sqrt(1 - 0.81) * z[:, 1]
    nan = np.full(300, np.nan)
    items = pd.DataFrame({"x1": np.r_[a, nan, a], "x2": np.r_[b, a, nan],
                          "x3": np.r_[nan, b, -b]})
    with pytest.raises(FactorAnalysisError, match=r"not positive definite.*missing='listwise'"):
        bartlett(items)


def test_constant_item(small):
    with pytest.raises(FactorAnalysisError, match=r"'q4' have no variation"):
        efa(small.assign(q4=3.0), 1)


@pytest.mark.parametrize(("option", "value", "listed"), [
    ("rotation", "quartimax", "{'oblimin', 'varimax', 'promax', None}"),
    ("method", "uls", "{'minres', 'ml', 'pa'}"),
    ("missing", "drop", "{'pairwise', 'listwise'}"),
])
def test_unknown_option(small, option, value, listed):
    message = f"The '{option}' parameter of efa must be one of {listed}. Got '{value}' instead."
    with pytest.raises(FactorAnalysisError, match=re.escape(message)):
        efa(small, 1, **{option: value})


def test_bad_parallel_options(small):
    with pytest.raises(FactorAnalysisError, match="quantile"):
        parallel_analysis(small, quantile=95)
    with pytest.raises(FactorAnalysisError, match="n_resamples"):
        parallel_analysis(small, n_resamples=0)
