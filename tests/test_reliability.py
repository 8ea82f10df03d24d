"""tdkt_eval.reliability: R psych reference values, identities, planted and null data, errors."""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from tdkt_eval.errors import (
    DataQualityWarning,
    InconsistentValuesError,
    InvalidParameterError,
    MissingColumnError,
    MixedTypeError,
    OutOfRangeError,
    ScaleError,
    TdktInputError,
)
from tdkt_eval.reliability import ReliabilityResult, _omega_total, reliability, scale_scores

REFERENCE = Path(__file__).parent / "reference"
SCALES = ("agree", "conscientious", "extraversion", "neuroticism", "openness")
WIDE = (-1e6, 1e6)  # a "scale" for continuous test data


@pytest.fixture(scope="module")
def bfi() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "bfi.csv")


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads((REFERENCE / "reliability_bfi.json").read_text(encoding="utf-8"))


def _stats(res: ReliabilityResult) -> dict[str, float]:
    return {"raw_alpha": res.alpha, "std_alpha": res.std_alpha, "G6_smc": res.lambda6, "average_r": res.average_r,
            "alpha_se": res.alpha_se, "feldt_lower": res.alpha_ci[0], "feldt_upper": res.alpha_ci[1],
            "omega_total": res.omega_total}


def _assert_same(a: ReliabilityResult, b: ReliabilityResult, rel: float = 1e-9) -> None:
    assert _stats(a) == pytest.approx(_stats(b), rel=rel)
    pd.testing.assert_frame_equal(a.item_stats, b.item_stats, rtol=rel)
    assert (a.n, a.k) == (b.n, b.k)


def _one_factor(rng, n: int, loadings, noise_sd=None) -> pd.DataFrame:
    """Continuous items x_i = l_i f + e_i, var(f) = 1, var(e_i) = 1 - l_i^2 unless given."""
    loadings = np.asarray(loadings, float)
    sd = np.sqrt(1 - loadings**2) if noise_sd is None else np.asarray(noise_sd, float)
    x = rng.normal(size=(n, 1)) * loadings + rng.normal(size=(n, loadings.size)) * sd
    return pd.DataFrame(x, columns=[f"x{i}" for i in range(1, loadings.size + 1)])


def _likert(rng, n: int, k: int, loading: float = 0.6) -> pd.DataFrame:
    latent = loading * rng.normal(size=(n, 1)) + np.sqrt(1 - loading**2) * rng.normal(size=(n, k))
    return pd.DataFrame(np.digitize(latent, [-1.2, -0.4, 0.4, 1.2]) + 1, columns=[f"q{j}" for j in range(k)])


# ============================================================================ R psych reference values
@pytest.mark.parametrize("missing", ["pairwise", "listwise"])
@pytest.mark.parametrize("scale_name", SCALES)
def test_matches_r_psych(bfi, ref, scale_name, missing):
    block = ref["scales"][scale_name]
    expected = block[missing]
    res = reliability(bfi[block["items"]], reverse=block["reverse"], scale=(1, 6), missing=missing)
    assert res.n == expected["n_rows"] and res.k == len(block["items"])
    assert _stats(res) == pytest.approx({key: expected[key] for key in _stats(res)}, rel=1e-6)
    for item, st in expected["item_stats"].items():
        row = res.item_stats.loc[item]
        assert row["n"] == st["n"]
        assert row[["r_drop", "alpha_if_dropped", "mean", "sd"]].to_dict() == pytest.approx(
            {key: st[key] for key in ("r_drop", "alpha_if_dropped", "mean", "sd")}, rel=1e-6)


def test_reference_blocks_carry_provenance(ref):
    for block in ref["scales"].values():
        for missing in ("pairwise", "listwise"):
            prov = block[missing]["provenance"]
            assert prov["alpha_call"].startswith("psych::alpha(") and prov["omega_call"].startswith("psych::omega(")
            assert prov["psych"] == "2.2.9" and prov["R"].startswith("R version 4.") and prov["date"]


def test_published_psych_anchors(bfi):
    """Values printed in psych's documentation (reference-data/README.md), as literals."""
    agree = reliability(bfi[["A1", "A2", "A3", "A4", "A5"]], reverse=["A1"], scale=(1, 6))
    assert agree.alpha == pytest.approx(0.7030184, abs=5e-8)
    assert agree.std_alpha == pytest.approx(0.7130286, abs=5e-8)
    assert agree.lambda6 == pytest.approx(0.6827627, abs=5e-8)
    assert agree.average_r == pytest.approx(0.3319677, abs=5e-8)
    neuro = reliability(bfi.iloc[:, 15:20], scale=(1, 6))
    assert neuro.alpha == pytest.approx(0.813963, abs=5e-7)
    assert neuro.std_alpha == pytest.approx(0.814675, abs=5e-7)


# ============================================================================ identities
def test_spearman_brown_for_parallel_items():
    """Items with sample correlations exactly rho: std_alpha = k rho / (1 + (k - 1) rho)."""
    rng, k, rho = np.random.default_rng(1), 6, 0.35
    z = rng.normal(size=(500, k))
    z = (z - z.mean(0)) @ np.linalg.inv(np.linalg.cholesky(np.cov(z.T)).T)  # sample covariance = I
    target = np.full((k, k), rho) + (1 - rho) * np.eye(k)
    x = pd.DataFrame(z @ np.linalg.cholesky(target).T * 2.0 + 3.0)
    res = reliability(x, scale=WIDE)
    assert res.std_alpha == pytest.approx(k * rho / (1 + (k - 1) * rho), rel=1e-12)
    assert res.alpha == pytest.approx(res.std_alpha, rel=1e-12)  # equal variances
    assert res.average_r == pytest.approx(rho, rel=1e-12)


def test_unit_weights_change_nothing(bfi):
    items = bfi[["C1", "C2", "C3", "C4", "C5"]]
    _assert_same(reliability(items, weights=np.ones(len(items)), reverse=["C4", "C5"], scale=(1, 6)),
                 reliability(items, reverse=["C4", "C5"], scale=(1, 6)))


def test_weights_match_numpy_cov_and_duplicated_rows():
    rng = np.random.default_rng(2)
    x = _likert(rng, 300, 5)
    w = rng.integers(1, 4, size=len(x)).astype(float)
    res = reliability(x, weights=w)
    cov = np.cov(x.to_numpy(float).T, aweights=w)
    k = x.shape[1]
    assert res.alpha == pytest.approx(k / (k - 1) * (1 - np.trace(cov) / cov.sum()), rel=1e-12)
    assert res.item_stats["sd"].to_numpy() == pytest.approx(np.sqrt(np.diag(cov)), rel=1e-12)
    duplicated = reliability(x.loc[x.index.repeat(w.astype(int))])
    for key in ("alpha", "std_alpha", "lambda6", "average_r", "omega_total"):  # scale-free statistics
        assert getattr(res, key) == pytest.approx(getattr(duplicated, key), rel=1e-10)


def test_zero_weights_drop_respondents():
    x = _likert(np.random.default_rng(3), 400, 4)
    w = np.r_[np.ones(300), np.zeros(100)]
    _assert_same(reliability(x, weights=w), reliability(x.iloc[:300]))


def test_reverse_keying_equals_manual_recoding(bfi):
    items = bfi[["E1", "E2", "E3", "E4", "E5"]]
    manual = items.assign(E1=7 - items["E1"], E2=7 - items["E2"])
    keyed = reliability(items, reverse=["E1", "E2"], scale=(1, 6))
    plain = reliability(manual, scale=(1, 6))
    assert _stats(keyed) == pytest.approx(_stats(plain), rel=1e-9)
    pd.testing.assert_frame_equal(keyed.item_stats.drop(columns="reversed"),
                                  plain.item_stats.drop(columns="reversed"), rtol=1e-12)
    assert keyed.item_stats["reversed"].tolist() == [True, True, False, False, False]


def test_listwise_equals_pairwise_on_complete_rows(bfi):
    items = bfi[["O1", "O2", "O3", "O4", "O5"]]
    keys = dict(reverse=["O2", "O5"], scale=(1, 6))  # reverse-keyed in bfi (psych's keys list)
    _assert_same(reliability(items, missing="listwise", **keys), reliability(items.dropna(), **keys))
    with pytest.warns(DataQualityWarning, match=r"Some items \(O2, O5\) correlate negatively"):  # as psych::alpha
        reliability(items, scale=(1, 6))


def test_missing_codes_equal_nan(bfi):
    items = bfi[["N1", "N2", "N3", "N4", "N5"]]
    _assert_same(reliability(items.fillna(9), missing_codes=[9], scale=(1, 6)), reliability(items, scale=(1, 6)))


@pytest.mark.parametrize("values", ["likert", "continuous"])
def test_large_input_matches_pandas_pairwise(values):
    """Threaded block scan (float32 for Likert answers, float64 otherwise) = pandas' pairwise cov/corr."""
    rng = np.random.default_rng(4)
    x = _likert(rng, 200_000, 6).astype(float)
    if values == "continuous":
        x += rng.uniform(-0.5, 0.5, size=x.shape)
    x = x.mask(rng.random(x.shape) < 0.07)
    res = reliability(x, scale=(0, 6))
    cov, corr = x.cov().to_numpy(), x.corr().to_numpy()
    k = x.shape[1]
    assert res.alpha == pytest.approx(k / (k - 1) * (1 - np.trace(cov) / cov.sum()), rel=1e-10)
    assert res.item_stats["sd"].to_numpy() == pytest.approx(x.std().to_numpy(), rel=1e-10)
    assert res.item_stats["mean"].to_numpy() == pytest.approx(x.mean().to_numpy(), rel=1e-10)
    assert res.item_stats["n"].tolist() == x.count().tolist()
    assert res.n == int(x.notna().any(axis=1).sum())
    sub = reliability(x.iloc[:5000], scale=(0, 6))  # single block path, float64 reference below
    cov = x.iloc[:5000].cov().to_numpy()
    assert sub.alpha == pytest.approx(k / (k - 1) * (1 - np.trace(cov) / cov.sum()), rel=1e-10)
    assert np.isfinite(corr).all()


def test_integer_float_and_nullable_input_agree():
    x = _likert(np.random.default_rng(5), 150_000, 5)
    _assert_same(reliability(x), reliability(x.astype(float)), rel=1e-12)
    gaps = x.astype(float).mask(np.random.default_rng(6).random(x.shape) < 0.05)
    _assert_same(reliability(gaps.astype("Int64")), reliability(gaps), rel=1e-12)


def test_two_items_and_input_untouched():
    rng = np.random.default_rng(7)
    x = _likert(rng, 200, 2).astype(float)
    x.iloc[3, 0] = np.nan
    before = x.copy()
    res = reliability(x)
    pd.testing.assert_frame_equal(x, before)
    cov = x.cov().to_numpy()  # psych's r.drop: pairwise covariance over the items' own SDs
    r = cov[0, 1] / np.sqrt(cov[0, 0] * cov[1, 1])
    assert res.item_stats["r_drop"].tolist() == pytest.approx([r, r], rel=1e-12)
    assert res.item_stats["alpha_if_dropped"].isna().all()


def _uls_omega(corr: np.ndarray) -> float:
    """Reference: bounded least squares from several starts, the best fit kept."""
    off = ~np.eye(len(corr), dtype=bool)
    rows, cols = np.nonzero(off)
    fits = [optimize.least_squares(lambda v: corr[off] - v[rows] * v[cols], start, bounds=(-0.995**0.5, 0.995**0.5),
                                   xtol=1e-15, ftol=1e-15, gtol=1e-15)
            for start in np.random.default_rng(0).uniform(-0.9, 0.9, size=(6, len(corr)))]
    loadings = min(fits, key=lambda fit: fit.cost).x
    return (corr.sum() - np.sum(1 - loadings**2)) / corr.sum()


@pytest.mark.parametrize("case", ["eight items", "near-null, Heywood"])
def test_omega_fit_is_the_least_squares_minimum(case):
    if case == "eight items":
        corr = _one_factor(np.random.default_rng(16), 300, np.linspace(0.3, 0.8, 8)).corr().to_numpy()
    else:  # the best fit puts the third loading on its bound (a Heywood case); a saddle point lies nearby
        corr = np.array([[1.0, -0.007, 0.074], [-0.007, 1.0, 0.079], [0.074, 0.079, 1.0]])
    assert _omega_total(corr) == pytest.approx(_uls_omega(corr), abs=1e-8)


# ============================================================================ planted and null data
def test_planted_one_factor_model():
    """Congeneric items with known loadings: alpha and omega_total near their population values."""
    loadings = np.array([0.8, 0.7, 0.6, 0.5, 0.4, 0.7])
    x = _one_factor(np.random.default_rng(8), 40_000, loadings)
    psi = 1 - loadings**2
    total_var = loadings.sum() ** 2 + psi.sum()
    k = loadings.size
    alpha_pop = k / (k - 1) * (1 - k / total_var)  # item variances are 1
    omega_pop = loadings.sum() ** 2 / total_var
    res = reliability(x, scale=WIDE)
    assert res.alpha == pytest.approx(alpha_pop, abs=0.01)
    assert res.omega_total == pytest.approx(omega_pop, abs=0.01)
    assert res.omega_total > res.alpha  # congeneric items: alpha underestimates
    assert res.alpha_ci[0] < alpha_pop < res.alpha_ci[1]
    weakest = res.item_stats["r_drop"].idxmin()
    assert weakest == "x5" and res.item_stats.loc["x5", "alpha_if_dropped"] > res.alpha


def test_unreversed_item_is_caught():
    """Issue 16, D8: an undeclared reversed item gave alpha -0.075 without a word; psych::alpha names it."""
    x = _one_factor(np.random.default_rng(9), 2000, [0.7, 0.7, 0.7, -0.7])
    with pytest.warns(DataQualityWarning, match=r"Some items \(x4\) correlate negatively") as caught:
        wrong = reliability(x, scale=WIDE)
    assert "(x4) tương quan âm" in caught[0].message.render("vi")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # keyed right: quiet
        right = reliability(x, reverse=["x4"], scale=WIDE)
    assert wrong.alpha < 0.3 < 0.7 < right.alpha
    assert wrong.item_stats["r_drop"].idxmin() == "x4" and wrong.item_stats.loc["x4", "r_drop"] < 0


@pytest.mark.filterwarnings("ignore::tdkt_eval.errors.DataQualityWarning")  # at rho = 0 some items load negatively
@pytest.mark.parametrize("rho", [0.0, 0.3])
def test_feldt_interval_coverage(rho):
    """Parallel normal items (Feldt's model): the 95% interval covers the true alpha ~95% of the time.

    rho = 0 is the null case: independent items, true alpha 0.
    """
    rng, k, n, sims = np.random.default_rng(2024), 5, 120, 300  # the project seed
    true_alpha = k * rho / (1 + (k - 1) * rho)
    covered = 0
    for _ in range(sims):
        x = _one_factor(rng, n, np.full(k, np.sqrt(rho)))
        lower, upper = reliability(x, scale=WIDE).alpha_ci
        covered += lower <= true_alpha <= upper
    assert 0.92 <= covered / sims <= 0.98


def test_bootstrap_interval_is_seeded():
    x = _likert(np.random.default_rng(11), 300, 5).astype(float).mask(np.random.default_rng(12).random((300, 5)) < 0.05)
    a = reliability(x, n_resamples=200, seed=3)
    assert a.alpha_boot_ci == reliability(x, n_resamples=200, seed=3).alpha_boot_ci
    assert a.alpha_boot_ci != reliability(x, n_resamples=200, seed=4).alpha_boot_ci
    assert a.alpha_boot_ci[0] < a.alpha < a.alpha_boot_ci[1]
    assert a.alpha_boot_ci == pytest.approx(a.alpha_ci, abs=0.03)
    weighted = reliability(x, n_resamples=50, weights=np.ones(300), seed=3)
    assert weighted.alpha_boot_ci[0] < weighted.alpha < weighted.alpha_boot_ci[1]
    assert reliability(x).alpha_boot_ci is None


# ============================================================================ result object
def test_result_frame_summary_and_immutability(bfi):
    res = reliability(bfi[["A1", "A2", "A3", "A4", "A5"]], reverse=["A1"], scale=(1, 6), n_resamples=20)
    frame = res.to_frame()
    assert frame.shape[0] == 1 and frame.loc[0, "alpha"] == res.alpha and frame.loc[0, "missing"] == "pairwise"
    assert {"alpha_ci_lower", "alpha_boot_upper", "omega_total", "lambda6", "n", "k"} <= set(frame.columns)
    text = res.summary()
    assert str(res) == text and "Cronbach's alpha    0.703" in text and "A1-" in text and "bootstrap" in text
    assert list(res.item_stats.columns) == ["r_drop", "alpha_if_dropped", "mean", "sd", "n", "reversed"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.alpha = 0.9


# ============================================================================ errors
def test_error_non_numeric_item():
    x = pd.DataFrame({"q1": [1, 2, 3], "q2": ["4", "không biết", "5"]})
    with pytest.raises(MixedTypeError, match="không biết") as err:
        reliability(x)
    assert err.value.column == "q2" and "Fix:" in str(err.value)


def test_error_fewer_than_two_items():
    with pytest.raises(ScaleError, match="at least two items"):
        reliability(pd.DataFrame({"q1": [1, 2, 3]}))


@pytest.mark.parametrize("constant", [3, 3.3])
def test_error_zero_variance_item(constant):
    x = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [constant] * 4, "q3": [2, 2, 4, 5]})
    with pytest.raises(ScaleError, match="zero variance") as err:
        reliability(x)
    assert err.value.column == "q2"


def test_error_values_outside_scale():
    x = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [1, 9, 0, 5], "q3": [2, 2, 4, 5]})
    with pytest.raises(OutOfRangeError, match=r"missing_codes=\[0.0, 9.0\]") as err:
        reliability(x)
    assert err.value.column == "q2" and err.value.rows == (3, 4)
    assert reliability(x, missing_codes=[0, 9]).n == 4


def test_error_negative_or_misshapen_weights():
    x = _likert(np.random.default_rng(13), 10, 3)
    with pytest.raises(OutOfRangeError, match="non-negative") as err:
        reliability(x, weights=np.r_[np.ones(9), -1.0])
    assert err.value.column == "weights"
    with pytest.raises(OutOfRangeError):
        reliability(x, weights=np.zeros(10))
    with pytest.raises(InconsistentValuesError):
        reliability(x, weights=np.ones(5))


def test_error_unknown_reverse_name():
    x = _likert(np.random.default_rng(14), 10, 3)
    with pytest.raises(MissingColumnError, match="'q9'") as err:
        reliability(x, reverse=["q9"])
    assert err.value.column == "q9"


def test_error_items_never_answered_together():
    x = pd.DataFrame({"q1": [1, 2, 3, np.nan, np.nan, np.nan], "q2": [np.nan, np.nan, np.nan, 1, 2, 4],
                      "q3": [1, 3, 2, 4, 5, 1]})
    with pytest.raises(ScaleError, match="'q1' and 'q2'"):
        reliability(x)


@pytest.mark.parametrize("option", [dict(missing="complete"), dict(conf_level=1.5), dict(n_resamples=-1), dict(scale=(5, 1)),
                                    dict(scale="1-5")])
def test_error_bad_options(option):
    with pytest.raises(InvalidParameterError, match=f"'{next(iter(option))}' parameter"):
        reliability(_likert(np.random.default_rng(15), 10, 3), **option)


def test_errors_are_value_errors():
    assert issubclass(ScaleError, TdktInputError) and issubclass(ScaleError, ValueError)


# ============================================================================ scale_scores
def test_scale_scores_min_items_reverse_and_sum():
    df = pd.DataFrame({"a1": [5, 4, np.nan, 1], "a2": [1, 2, np.nan, np.nan], "a3": [4, np.nan, 2, np.nan],
                       "b1": [3, 3, 3, 9]}, index=list("wxyz"))
    constructs = MappingProxyType({"aw": ["a1", "a2", "a3"], "be": ["b1"]})
    out = scale_scores(df, constructs, reverse=["a2"], min_items=0.5, missing_codes=[9])
    assert list(out.columns) == ["aw", "be"] and list(out.index) == list("wxyz")
    np.testing.assert_allclose(out["aw"], [14 / 3, 4.0, np.nan, np.nan])  # 1 of 3 answers < half
    np.testing.assert_allclose(out["be"], [3, 3, 3, np.nan])
    by_count = scale_scores(df, constructs, reverse=["a2"], min_items=1, how="sum", missing_codes=[9])
    np.testing.assert_allclose(by_count["aw"], [14, 12, 6, 3])  # prorated: mean x 3 items


def test_scale_scores_errors():
    df = pd.DataFrame({"a1": [5, 7], "a2": [1, 2]})
    with pytest.raises(OutOfRangeError, match="missing_codes"):
        scale_scores(df, {"aw": ["a1", "a2"]})
    with pytest.raises(MissingColumnError):
        scale_scores(df, {"aw": ["a1", "a9"]}, scale=(1, 7))
    with pytest.raises(MissingColumnError):
        scale_scores(df, {"aw": ["a1", "a2"]}, reverse=["b1"], scale=(1, 7))
    with pytest.raises(InvalidParameterError, match="'how' parameter"):
        scale_scores(df, {"aw": ["a1", "a2"]}, how="median", scale=(1, 7))
    with pytest.raises(InvalidParameterError, match="'min_items' parameter"):
        scale_scores(df, {"aw": ["a1", "a2"]}, min_items=0, scale=(1, 7))
