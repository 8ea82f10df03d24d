"""WLSMV for ordered items (tdkt_eval.factor.cfa, estimator="WLSMV") against R lavaan.

Reference: tests/reference/cfa_wlsmv.json, written by make_cfa_wlsmv_reference.R (R 4.2.2, lavaan
0.6.14; the calls and the date are in the file): ``lavaan::cfa(model, data, ordered = TRUE,
estimator = "WLSMV")`` on tests/reference/bfi.csv (one and two factors, 6 categories; std.lv; a residual covariance) and
tests/reference/staff_invariance.csv (three factors, 5 categories). Each case is stored with
lavaan's defaults ("default") and run to the optimum ("tight"; BFGS with reltol 1e-16), with the
sample statistics (thresholds, polychoric correlations, their NACOV "gamma") and the scaled-shifted
test's pieces. Everything is compared with the tight fit at 1e-6 (absolute, or relative for
chi-square-sized numbers). lavaan stops its polychoric search up to 3e-8 short of the root of the
score that this reaches; that is the size of the differences.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tdkt_eval.errors import DataQualityWarning, FactorAnalysisError
from tdkt_eval.factor.cfa import cfa

wlsmv = importlib.import_module("tdkt_eval.factor._cfa_wlsmv")
syntax = importlib.import_module("tdkt_eval.factor._cfa_syntax")

HERE = Path(__file__).parent / "reference"
REF = json.loads((HERE / "cfa_wlsmv.json").read_text(encoding="utf-8"))
CASES = sorted(REF["cases"])
COLUMNS = {"est": "est", "se": "se", "pvalue": "pvalue", "ci_lower": "ci.lower", "ci_upper": "ci.upper",
           "std_lv": "std.lv", "std_all": "std.all"}
#: The fit measures that must match (lavaan's names); lavaan's robust (cfi.robust ...), gfi, agfi,
#: pgfi, mfi, cn and srmr_mplus are not computed.
FIT = {"npar", "fmin", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled",
       "chisq.scaling.factor", "baseline.chisq", "baseline.df", "baseline.pvalue", "baseline.chisq.scaled",
       "baseline.df.scaled", "baseline.pvalue.scaled", "baseline.chisq.scaling.factor", "cfi", "tli",
       "cfi.scaled", "tli.scaled", "nnfi", "rfi", "nfi", "pnfi", "ifi", "rni", "nnfi.scaled", "rfi.scaled",
       "nfi.scaled", "pnfi.scaled", "ifi.scaled", "rni.scaled", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
       "rmsea.pvalue", "rmsea.notclose.pvalue", "rmsea.scaled", "rmsea.ci.lower.scaled",
       "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled", "rmsea.notclose.pvalue.scaled", "rmr", "rmr_nomean",
       "srmr", "srmr_bentler", "srmr_bentler_nomean", "crmr", "crmr_nomean", "wrmr"}
TWO = "agree =~ A1 + A2 + A3 + A4 + A5\nconsc =~ C1 + C2 + C3 + C4 + C5"


def _data(name: str) -> pd.DataFrame:
    return pd.read_csv(HERE / name)


def _fit(case: dict):
    return cfa(_data(case["data"]), case["model"], estimator="WLSMV",
               std_lv=bool((case["options"] or {}).get("std.lv", False)))


def _close(ours: float, theirs: float | None, rel: float = 1e-6) -> bool:
    theirs = np.nan if theirs is None else theirs
    return bool(abs(ours - theirs) <= rel * max(1.0, abs(theirs)))


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index(frame["lhs"] + " " + frame["op"] + " " + frame["rhs"])


@pytest.fixture(scope="module", params=CASES)
def fitted(request):
    """(case name, our fit, lavaan's tight fit, lavaan's default fit)."""
    both = REF["cases"][request.param]
    return request.param, _fit(both["tight"]), both["tight"], both["default"]


# ---------------------------------------------------------------------------- against lavaan
def test_the_reference_file_records_its_provenance():
    assert REF["lavaan_version"] == "0.6.14" and REF["r_version"].startswith("R version 4.2.2")
    assert all('estimator = "WLSMV"' in c["tight"]["call"] and "ordered = TRUE" in c["tight"]["call"]
               for c in REF["cases"].values())
    assert {"bfi_one", "bfi_two", "bfi_two_std_lv", "bfi_two_extra", "staff_three"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_thresholds_polychorics_and_their_nacov_match_lavaan(name):
    ref = REF["cases"][name]["tight"]
    values = _data(ref["data"])[ref["items"]].dropna().to_numpy(float)
    sample = wlsmv._sample_statistics(*wlsmv._ordinal_codes(values, tuple(ref["items"])))
    assert sample.n == ref["nobs"]
    np.testing.assert_allclose(np.concatenate(sample.tau), list(ref["thresholds"].values()), atol=1e-12)
    np.testing.assert_allclose(sample.corr, ref["polychoric"], atol=1e-7)
    np.testing.assert_allclose(sample.gamma, ref["gamma"], atol=1e-6)


def test_sample_size_and_convergence(fitted):
    _, res, ref, _ = fitted
    assert ref["converged"] and res.converged and res.n == ref["nobs"] and res.estimator == "WLSMV"


def test_parameter_table_matches_lavaan(fitted):
    name, res, ref, _ = fitted
    ours, theirs = _keyed(res.to_frame()), _keyed(pd.DataFrame(ref["estimates"]))
    assert list(ours.index) == list(theirs.index), "the rows, in lavaan's order"
    for col, lavaan_col in COLUMNS.items():
        np.testing.assert_allclose(ours[col], theirs[lavaan_col].astype(float), atol=1e-6, rtol=0,
                                   err_msg=f"{name}: {col}")
    np.testing.assert_allclose(ours["z"], theirs["z"].astype(float), rtol=1e-6, atol=1e-6, equal_nan=True,
                               err_msg=f"{name}: z")


def test_fit_measures_match_lavaan(fitted):
    name, res, ref, _ = fitted
    assert FIT <= set(ref["fit"])
    for key in FIT:
        ours = res.fit_measures[key.replace(".", "_")]
        assert _close(ours, ref["fit"][key]), f"{name}: {key} = {ours!r}, lavaan {ref['fit'][key]!r}"


def test_scaled_shifted_test_matches_lavaan(fitted):
    name, res, ref, _ = fitted
    fm, test = res.fit_measures, ref["test"]
    assert _close(fm["chisq_scaled"], test["stat"]) and fm["df"] == test["df"]
    assert _close(fm["chisq_scaling_factor"], test["scaling.factor"])
    assert _close(fm["chisq_shift_parameters"], test["shift.parameter"])


def test_the_traces_of_u_gamma_match_lavaan():
    ref = REF["cases"]["staff_three"]["tight"]
    spec = syntax._specify(ref["model"], False)
    fit = wlsmv._fit_wlsmv(_data(ref["data"])[list(spec.items)].dropna().to_numpy(float), spec, 0.95)
    assert fit.test.trace == pytest.approx(ref["test"]["trace.UGamma"], rel=1e-7)
    assert fit.test.trace2 == pytest.approx(ref["test"]["trace.UGamma2"], rel=1e-7)


def test_lavaan_defaults_stop_short_of_the_optimum_we_reach(fitted):
    """lavaan's default fit is at most 1e-4 away in the estimates and SEs, and never below our minimum."""
    name, res, _, default = fitted
    # our polychorics sit at the root of their scores, lavaan's up to 3e-8 short: fmin agrees to 1e-6 relative
    assert res.fit_measures["fmin"] <= default["fit"]["fmin"] * (1 + 1e-6)
    ours, theirs = _keyed(res.to_frame()), _keyed(pd.DataFrame(default["estimates"]))
    for col in ("est", "se", "std_all"):
        np.testing.assert_allclose(ours[col], theirs[COLUMNS[col]].astype(float), atol=1e-4, err_msg=f"{name}: {col}")
    for key in ("chisq", "chisq.scaled", "cfi", "tli", "rmsea", "cfi.scaled", "rmsea.scaled", "srmr"):
        assert _close(res.fit_measures[key.replace(".", "_")], default["fit"][key], rel=1e-5), f"{name}: {key}"


# ---------------------------------------------------------------------------- identities and pieces
def test_marker_and_unit_variance_identifications_give_the_same_fit():
    bfi = _data("bfi.csv")
    marker, unit = cfa(bfi, TWO, estimator="WLSMV"), cfa(bfi, TWO, estimator="WLSMV", std_lv=True)
    assert marker.fit_measures["chisq_scaled"] == pytest.approx(unit.fit_measures["chisq_scaled"], rel=1e-9)
    np.testing.assert_allclose(marker.implied_cov, unit.implied_cov, atol=1e-9)


def test_cell_derivatives_agree_with_finite_differences():
    a = np.array([-np.inf, -1.0, 0.2, 1.1, np.inf])
    b = np.array([-np.inf, -0.5, 0.7, np.inf])
    rho, h = 0.4, 1e-6
    cells = wlsmv._cells(a, b, rho)
    assert cells.p.sum() == pytest.approx(1.0, abs=1e-14)
    up, down = wlsmv._cells(a, b, rho + h), wlsmv._cells(a, b, rho - h)
    np.testing.assert_allclose(cells.d_rho, (up.p - down.p) / (2 * h), atol=1e-8)
    np.testing.assert_allclose(cells.d2_rho, (up.d_rho - down.d_rho) / (2 * h), atol=1e-8)
    for t in range(3):
        e = np.zeros(5)
        e[t + 1] = h
        np.testing.assert_allclose(cells.d_a[..., t], (wlsmv._cells(a + e, b, rho).p - wlsmv._cells(a - e, b, rho).p)
                                   / (2 * h), atol=1e-8)
    for t in range(2):
        e = np.zeros(4)
        e[t + 1] = h
        np.testing.assert_allclose(cells.d_b[..., t], (wlsmv._cells(a, b + e, rho).p - wlsmv._cells(a, b - e, rho).p)
                                   / (2 * h), atol=1e-8)


def test_the_summary_reports_the_scaled_shifted_test():
    text = cfa(_data("bfi.csv"), "agree =~ A1 + A2 + A3 + A4 + A5", estimator="WLSMV").summary()
    assert "Scaled-shifted chi2" in text and "A1   |    t1" in text and "AIC" not in text


# ---------------------------------------------------------------------------- a planted structure
def _planted(n: int = 4000, seed: int = 7) -> tuple[pd.DataFrame, np.ndarray]:
    """Four-category answers cut from a two-factor normal model with known standardized loadings."""
    rng = np.random.default_rng(seed)
    loadings = np.array([0.8, 0.7, 0.6, 0.75, 0.65, 0.7])
    factors = rng.multivariate_normal([0, 0], [[1, 0.4], [0.4, 1]], size=n)
    common = np.column_stack([factors[:, 0]] * 3 + [factors[:, 1]] * 3) * loadings
    latent = common + rng.standard_normal((n, 6)) * np.sqrt(1 - loadings ** 2)
    answers = np.digitize(latent, [-0.3, 0.6, 1.4]) + 1  # skewed: most answers in the lowest categories
    return pd.DataFrame(answers, columns=["a1", "a2", "a3", "b1", "b2", "b3"]), loadings


def test_wlsmv_recovers_the_planted_loadings_and_ml_on_the_codes_understates_them():
    data, truth = _planted()
    model = "A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3"
    loads = {}
    for estimator in ("WLSMV", "ML"):
        table = cfa(data, model, estimator=estimator).to_frame()
        loads[estimator] = table.loc[table["op"] == "=~", "std_all"].to_numpy()
    np.testing.assert_allclose(loads["WLSMV"], truth, atol=0.04)
    assert (loads["ML"] < loads["WLSMV"]).all() and np.mean(loads["ML"] - truth) < -0.05


# ---------------------------------------------------------------------------- errors
def test_an_item_with_one_category_is_refused():
    data, _ = _planted(n=500)
    data["a2"] = 3
    with pytest.raises(FactorAnalysisError, match="single answer category"):
        cfa(data, "A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3", estimator="WLSMV")


def test_an_item_with_more_than_ten_categories_is_refused():
    data, _ = _planted(n=500)
    data["a2"] = np.random.default_rng(0).integers(1, 13, size=len(data))
    with pytest.raises(FactorAnalysisError, match="more than 10 categories") as info:
        cfa(data, "A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3", estimator="WLSMV")
    assert "'a2' (12)" in str(info.value)


def test_fewer_rows_than_sample_statistics_are_refused():
    bfi = _data("bfi.csv").dropna(subset=["A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5"])
    with pytest.raises(FactorAnalysisError, match="WLSMV needs more rows than sample statistics"):
        cfa(bfi.iloc[:60], TWO, estimator="WLSMV")


def test_options_wlsmv_does_not_take_are_refused():
    bfi = _data("bfi.csv")
    with pytest.raises(FactorAnalysisError, match="'WLSMV' is not available with group="):
        cfa(bfi, TWO, estimator="WLSMV", group="gender")
    with pytest.raises(FactorAnalysisError, match="residual variances of 'A1' are not parameters"):
        cfa(bfi, TWO + "\nA1 ~~ 0.5*A1", estimator="WLSMV")
    with pytest.raises(FactorAnalysisError, match="not available with estimator='WLSMV'"):
        cfa(bfi, TWO, estimator="WLSMV").modification_indices()


def test_a_heywood_case_is_reported():
    """A derived residual variance below 0 warns, as with ML: one factor where lambda1^2 = .95 * .3 / .2."""
    rng = np.random.default_rng(5)
    latent = rng.multivariate_normal(np.zeros(3), [[1, .95, .3], [.95, 1, .2], [.3, .2, 1]], size=3000)
    data = pd.DataFrame(np.digitize(latent, [-1.0, 0.0, 1.0]), columns=["x1", "x2", "x3"])
    with pytest.warns(DataQualityWarning, match="Heywood"):
        res = cfa(data, "F =~ x1 + x2 + x3", estimator="WLSMV", std_lv=True)
    assert _keyed(res.to_frame()).loc["x1 ~~ x1", "est"] < 0 and res.fit_measures["df"] == 0
