"""Confirmatory factor analysis (tdkt_eval.factor.cfa) against R lavaan::cfa.

Reference: tests/reference/cfa.json, written by make_cfa_reference.R (R 4.2.2, lavaan 0.6.14; the
calls and the date are in the file), on tests/reference/holzinger.csv (lavaan's
HolzingerSwineford1939) and tests/reference/bfi.csv.  Each case is stored twice: with lavaan's
defaults ("default"; its nlminb stops with the estimates good to about 1e-5) and run to the optimum
("tight"; BFGS with reltol 1e-16).  Every number is compared with the tight fit at 1e-6 (absolute,
or relative for chi-square-sized numbers), and with the default fit as far as lavaan's own
stopping rule allows.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from tdkt_eval._results import Result
from tdkt_eval.errors import DataQualityWarning, FactorAnalysisError, MixedTypeError
from tdkt_eval.factor.cfa import CFAResult, cfa
from tdkt_eval.factor.invariance import STEPS

cfa_module = importlib.import_module("tdkt_eval.factor.cfa")  # the module: tdkt_eval.factor.cfa is the function
fit_module = importlib.import_module("tdkt_eval.factor._cfa_fit")  # the likelihood core, its helpers
groups_module = importlib.import_module("tdkt_eval.factor._cfa_groups")  # the multi-group likelihood

HERE = Path(__file__).parent / "reference"
REF = json.loads((HERE / "cfa.json").read_text(encoding="utf-8"))
CASES = sorted(REF["cases"])
HS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
#: Parameter-table columns: ours -> lavaan's parameterEstimates(standardized = TRUE).
COLUMNS = {"est": "est", "se": "se", "pvalue": "pvalue", "ci_lower": "ci.lower", "ci_upper": "ci.upper",
           "std_lv": "std.lv", "std_all": "std.all"}
#: Fit measures that every fit must report and match (lavaan's names).
FIT_ML = {"npar", "fmin", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "baseline.pvalue", "cfi", "tli",
          "logl", "unrestricted.logl", "aic", "bic", "bic2", "ntotal", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
          "rmsea.pvalue", "srmr"}
FIT_MLR = {"chisq.scaled", "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq.scaled",
           "baseline.pvalue.scaled", "baseline.chisq.scaling.factor", "cfi.scaled", "tli.scaled", "cfi.robust",
           "tli.robust", "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "rmsea.pvalue.robust"}


def _data(name: str) -> pd.DataFrame:
    return pd.read_csv(HERE / name)


def _fit(case: dict) -> CFAResult:
    options = case["options"] or {}
    equal = options.get("group.equal", ())
    return cfa(_data(case["data"]), case["model"], estimator=options.get("estimator", "ML"),
               std_lv=bool(options.get("std.lv", False)), group=options.get("group"),
               group_equal=(equal,) if isinstance(equal, str) else tuple(equal))


@pytest.fixture(scope="module", params=CASES)
def fitted(request):
    """(case name, our fit, lavaan's tight fit, lavaan's default fit)."""
    both = REF["cases"][request.param]
    return request.param, _fit(both["tight"]), both["tight"], both["default"]


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    key = frame["lhs"] + " " + frame["op"] + " " + frame["rhs"]
    return frame.set_index(key + " | " + frame["group"].astype(str) if "group" in frame else key)


def _lavaan(ref: dict, table: str) -> pd.DataFrame:
    """One of lavaan's tables, keyed as ours: group numbers as labels, without the equality-constraint rows."""
    frame = pd.DataFrame(ref[table])
    if "group" in frame and ref["groups"]:
        frame = frame[frame["op"] != "=="].assign(group=lambda f: [ref["groups"][g - 1] for g in f["group"]])
    elif "group" in frame:
        frame = frame.drop(columns="group")
    return _keyed(frame)


def _close(ours: float, theirs: float | None, rel: float = 1e-6) -> bool:
    theirs = np.nan if theirs is None else theirs
    return bool(abs(ours - theirs) <= rel * max(1.0, abs(theirs)))


# ---------------------------------------------------------------------------- against lavaan
def test_the_reference_file_records_its_provenance():
    assert REF["lavaan_version"] == "0.6.14" and REF["r_version"].startswith("R version 4.2.2")
    assert REF["date"] and all("lavaan::cfa" in c["tight"]["call"] for c in REF["cases"].values())
    assert {"hs_ml", "hs_std_lv", "hs_mlr", "bfi_one", "bfi_five", "hs_configural", "hs_metric",
            "hs_scalar"} <= set(CASES)


def test_sample_size_and_convergence(fitted):
    _, res, ref, _ = fitted
    assert ref["converged"] and res.converged and res.n == np.sum(ref["nobs"])


def test_parameter_table_matches_lavaan(fitted):
    name, res, ref, _ = fitted
    ours, theirs = _keyed(res.to_frame()), _lavaan(ref, "estimates")
    assert list(ours.index) == list(theirs.index), "the rows, in lavaan's order"
    for col, lavaan_col in COLUMNS.items():
        np.testing.assert_allclose(ours[col], theirs[lavaan_col].astype(float), atol=1e-6, rtol=0,
                                   err_msg=f"{name}: {col}")
    z = theirs["z"].astype(float)  # z can be 50: relative
    np.testing.assert_allclose(ours["z"], z, rtol=1e-6, atol=1e-6, equal_nan=True, err_msg=f"{name}: z")


def test_standardized_solution_matches_lavaan(fitted):
    _, res, ref, _ = fitted
    theirs = _lavaan(ref, "standardized")
    np.testing.assert_allclose(_keyed(res.to_frame()).loc[theirs.index, "std_all"], theirs["est.std"], atol=1e-6)


def test_fit_measures_match_lavaan(fitted):
    name, res, ref, _ = fitted
    wanted = FIT_ML | (FIT_MLR if (ref["options"] or {}).get("estimator") == "MLR" else set())
    assert wanted <= set(ref["fit"])
    for key in wanted:
        ours = res.fit_measures[key.replace(".", "_")]
        assert _close(ours, ref["fit"][key]), f"{name}: {key} = {ours!r}, lavaan {ref['fit'][key]!r}"


def test_modification_indices_match_lavaan(fitted):
    name, res, ref, _ = fitted
    if "modindices" not in ref:
        pytest.skip("modindices are stored for the ML fits")
    ours, theirs = _keyed(res.modification_indices()), _keyed(pd.DataFrame(ref["modindices"]))
    assert list(ours.index) == list(theirs.index), "the same parameters in lavaan's order"
    # mi = N g^2 / v is chi-square-sized and N times as sensitive to the estimates as g: lavaan's tight fit
    # (estimates good to ~4e-8) leaves ~2e-6 of noise on bfi_five's (N = 2436) smaller indices.
    np.testing.assert_allclose(ours["mi"], theirs["mi"], rtol=1e-6, atol=5e-6, err_msg=name)
    for col in ("epc", "sepc_lv", "sepc_all"):
        np.testing.assert_allclose(ours[col], theirs[col.replace("_", ".")], atol=1e-6, err_msg=f"{name}: {col}")


def test_lavaan_defaults_stop_short_of_the_optimum_we_reach(fitted):
    """lavaan's default fit is at most 1e-4 away in the estimates and SEs, and never below our minimum."""
    name, res, _, default = fitted
    assert res.fit_measures["fmin"] <= default["fit"]["fmin"] + 1e-12
    ours, theirs = _keyed(res.to_frame()), _lavaan(default, "estimates")
    for col in ("est", "se", "std_all"):
        np.testing.assert_allclose(ours[col], theirs[COLUMNS[col]].astype(float), atol=1e-4, err_msg=f"{name}: {col}")
    for key in ("chisq", "cfi", "tli", "rmsea", "aic", "bic") + (("chisq.scaled",) if "chisq.scaled" in default["fit"]
                                                             else ()):
        assert _close(res.fit_measures[key.replace(".", "_")], default["fit"][key], rel=1e-6), f"{name}: {key}"


# ---------------------------------------------------------------------------- identities
def test_marker_and_unit_variance_identifications_give_the_same_fit():
    hs = _data("holzinger.csv")
    marker, unit = cfa(hs, HS), cfa(hs, HS, std_lv=True)
    assert marker.fit_measures["chisq"] == pytest.approx(unit.fit_measures["chisq"], rel=1e-10)
    np.testing.assert_allclose(marker.to_frame()["std_all"], _keyed(unit.to_frame()).loc[
        _keyed(marker.to_frame()).index, "std_all"], atol=1e-8)
    np.testing.assert_allclose(marker.implied_cov, unit.implied_cov, atol=1e-9)


def test_with_std_lv_the_first_item_loads_positively_as_in_lavaan():
    """A1 is reverse-keyed: the factor's sign is set by the first item (lavaan's start values do the same)."""
    bfi = _data("bfi.csv")
    res = cfa(bfi, "agree =~ A1 + A2 + A3 + A4 + A5", std_lv=True)
    loadings = res.to_frame().loc[res.to_frame()["op"] == "=~", "est"].to_numpy()
    assert loadings[0] > 0 and (loadings[1:] < 0).all()


def test_the_syntax_forms_are_equivalent():
    hs = _data("holzinger.csv")
    written = "# three factors\nvisual =~ x1 + x2 +x3  # a comment\n textual=~x4+x5+x6; speed =~ x7 + x8\nspeed =~ x9"
    a, b = cfa(hs, HS), cfa(hs, written)
    assert a.fit_measures["chisq"] == pytest.approx(b.fit_measures["chisq"], rel=1e-10)
    fixed = cfa(hs, HS.replace("x2", "0.5*x2"))
    row = _keyed(fixed.to_frame()).loc["visual =~ x2"]
    assert row["est"] == 0.5 and row["se"] == 0 and fixed.fit_measures["df"] == 25
    freed = cfa(hs, HS.replace("x1", "NA*x1") + "\nvisual ~~ 1*visual")
    assert freed.fit_measures["chisq"] == pytest.approx(a.fit_measures["chisq"], rel=1e-8)


def test_scores_and_the_analytic_hessian_agree_with_finite_differences():
    hs = _data("holzinger.csv")
    res = cfa(hs, HS + "\nx7 ~~ x8")
    fit = res._fitted
    st, sample = fit.structure, fit.sample
    logdet = np.linalg.slogdet(sample)[1]
    x = fit.x + 0.01 * np.random.default_rng(0).standard_normal(st.q)  # off the optimum: curvature terms count
    pt = fit_module._point(st, sample, logdet, x)
    hessian = fit_module._observed(st, sample, x, pt)
    h = 1e-6
    numeric = np.empty_like(hessian)
    for j in range(st.q):
        e = np.zeros(st.q)
        e[j] = h
        up, down = fit_module._point(st, sample, logdet, x + e), fit_module._point(st, sample, logdet, x - e)
        numeric[:, j] = (up.grad - down.grad) / (2 * h)
        assert (up.f - down.f) / (2 * h) == pytest.approx(pt.grad[j], abs=1e-7)
    np.testing.assert_allclose(hessian, numeric, atol=1e-6)
    values = hs[list(res.sample_cov.columns)].to_numpy()
    centred = values - values.mean(axis=0)
    scores = fit_module._scores(st, x, centred, pt.inv, pt.d)
    np.testing.assert_allclose(-scores.mean(axis=0), pt.grad, atol=1e-10)  # mean score = -gradient of fmin


# ---------------------------------------------------------------------------- planted structure
def _two_factor(rng: np.random.Generator, n: int, loadings: np.ndarray, phi: float) -> pd.DataFrame:
    f = rng.multivariate_normal([0, 0], [[1.0, phi], [phi, 1.0]], size=n)
    resid = rng.normal(scale=np.sqrt(1 - (loadings ** 2).sum(axis=1)), size=(n, len(loadings)))
    return pd.DataFrame(f @ loadings.T + resid, columns=[f"q{i + 1}" for i in range(len(loadings))])


TRUE = np.array([[0.8, 0], [0.7, 0], [0.6, 0], [0.5, 0], [0, 0.75], [0, 0.65], [0, 0.55], [0, 0.6]])
TWO = "F1 =~ q1 + q2 + q3 + q4\nF2 =~ q5 + q6 + q7 + q8"


def test_a_planted_two_factor_structure_is_recovered():
    data = _two_factor(np.random.default_rng(11), 20_000, TRUE, 0.3)
    res = cfa(data, TWO, std_lv=True)
    table = _keyed(res.to_frame())
    loadings = table.loc[[f"F{1 + (i >= 4)} =~ q{i + 1}" for i in range(8)], "est"].to_numpy()
    np.testing.assert_allclose(loadings, TRUE.sum(axis=1), atol=0.03)
    assert table.loc["F1 ~~ F2", "est"] == pytest.approx(0.3, abs=0.03)
    free = table.loc[[f"F{1 + (i >= 4)} =~ q{i + 1}" for i in range(8)]]      # truth within 4 SEs of each loading
    assert (np.abs(free["est"] - TRUE.sum(axis=1)) < 4 * free["se"]).all()
    assert res.fit_measures["pvalue"] > 0.001 and res.fit_measures["rmsea"] < 0.02 and res.fit_measures["cfi"] > 0.99


def test_a_misspecified_model_is_rejected_and_fits_worse():
    data = _two_factor(np.random.default_rng(12), 5_000, TRUE, 0.3)
    right = cfa(data, TWO)
    wrong = cfa(data, "F =~ q1 + q2 + q3 + q4 + q5 + q6 + q7 + q8")
    assert wrong.fit_measures["pvalue"] < 1e-10
    assert wrong.fit_measures["cfi"] < right.fit_measures["cfi"] - 0.1
    assert wrong.fit_measures["rmsea"] > right.fit_measures["rmsea"] + 0.05
    mi = wrong.modification_indices(sort=True)
    assert mi.iloc[0]["op"] == "~~" and {mi.iloc[0]["lhs"], mi.iloc[0]["rhs"]} <= {f"q{i}" for i in range(1, 9)}
    assert mi["mi"].is_monotonic_decreasing and mi.iloc[0]["mi"] > 100


def test_the_chi_square_p_value_is_uniform_under_a_correct_model():
    rng = np.random.default_rng(13)
    p = np.array([cfa(_two_factor(rng, 400, TRUE, 0.3), TWO).fit_measures["pvalue"] for _ in range(200)])
    assert stats.kstest(p, "uniform").pvalue > 0.001
    assert 0.01 <= np.mean(p < 0.05) <= 0.10


def test_mlr_on_normal_data_is_close_to_ml_and_corrects_heavy_tails():
    rng = np.random.default_rng(14)
    normal = _two_factor(rng, 20_000, TRUE, 0.3)
    ml, mlr = cfa(normal, TWO), cfa(normal, TWO, estimator="MLR")
    assert mlr.fit_measures["chisq_scaling_factor"] == pytest.approx(1.0, abs=0.05)
    np.testing.assert_allclose(mlr.to_frame()["se"], ml.to_frame()["se"], rtol=0.06)
    heavy = normal * np.sqrt(3 / rng.chisquare(5, size=(len(normal), 1)))  # multivariate t, 5 df
    assert cfa(heavy, TWO, estimator="MLR").fit_measures["chisq_scaling_factor"] > 1.5


# ---------------------------------------------------------------------------- errors and warnings
def test_unknown_items_are_named():
    with pytest.raises(FactorAnalysisError, match="'x10'.*not columns"):
        cfa(_data("holzinger.csv"), HS.replace("x9", "x10"))


def test_non_numeric_items_are_refused():
    hs = _data("holzinger.csv").assign(x3=lambda d: d["x3"].astype(str) + "a")
    with pytest.raises(MixedTypeError, match="'x3'"):
        cfa(hs, HS)


def test_constant_items_are_refused():
    with pytest.raises(FactorAnalysisError, match="'x4'.*no variation"):
        cfa(_data("holzinger.csv").assign(x4=3.0), HS)


def test_too_few_rows_are_refused():
    with pytest.raises(FactorAnalysisError, match="Only 8 complete row"):
        cfa(_data("holzinger.csv").head(8), HS)


def test_a_model_with_negative_degrees_of_freedom_is_refused():
    with pytest.raises(FactorAnalysisError, match="df = -1.*not identified"):
        cfa(_data("holzinger.csv"), "F =~ x1 + x2")


def test_a_factor_with_one_item_is_not_identified():
    with pytest.raises(FactorAnalysisError, match="not identified"):
        cfa(_data("holzinger.csv"), "visual =~ x1 + x2 + x3\nspeed =~ x7")


@pytest.mark.parametrize("model, match", [
    ("F ~ x1 + x2 + x3", "only '=~'"), ("F =~ x1 + a*x2 + x3", "modifier 'a'"), ("", "no factor"),
    ("F =~ x1 + x2 + x3\nG =~ F + x4 + x5", "higher-order"), ("F =~ x1 + x2 + x3\nx1 ~~ F", "both sides")])
def test_syntax_errors_say_what_is_wrong(model, match):
    with pytest.raises(FactorAnalysisError, match=match):
        cfa(_data("holzinger.csv"), model)


def test_bad_options_are_refused():
    hs = _data("holzinger.csv")
    with pytest.raises(FactorAnalysisError, match="'estimator' parameter of cfa must be one of"):
        cfa(hs, HS, estimator="WLS")
    with pytest.raises(FactorAnalysisError, match="'missing' parameter"):
        cfa(hs, HS, missing="fiml")


def test_missing_answers_are_dropped_listwise_over_the_models_items_only():
    hs = _data("holzinger.csv")
    hs.loc[:9, "x1"] = np.nan
    hs.loc[10:19, "ageyr"] = np.nan  # not in the model
    assert cfa(hs, HS).n == len(hs) - 10


def _exact(cov: np.ndarray, n: int, seed: int) -> pd.DataFrame:
    """Data whose sample covariance (divisor n) is exactly ``cov``."""
    z = np.random.default_rng(seed).standard_normal((n, len(cov)))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(z.T @ z / n)).T
    return pd.DataFrame(z @ np.linalg.cholesky(cov).T, columns=[f"v{i + 1}" for i in range(len(cov))])


def test_a_heywood_case_warns():
    cov = np.array([[1, 0.8, 0.8], [0.8, 1, 0.5], [0.8, 0.5, 1]])  # lambda_1^2 = .64 / .5 > 1
    with pytest.warns(DataQualityWarning, match="Heywood.*'v1'"):
        res = cfa(_exact(cov, 500, 1), "F =~ v1 + v2 + v3")
    assert _keyed(res.to_frame()).loc["v1 ~~ v1", "est"] == pytest.approx(1 - 0.64 / 0.5, abs=1e-8)


def test_factors_correlating_beyond_one_warn():
    cov = np.full((6, 6), 0.4)
    cov[:3, :3] = cov[3:, 3:] = 0.3
    np.fill_diagonal(cov, 1.0)
    with pytest.warns(DataQualityWarning, match="not positive definite"):
        cfa(_exact(cov, 500, 2), "A =~ v1 + v2 + v3\nB =~ v4 + v5 + v6")


def test_non_convergence_warns(monkeypatch):
    monkeypatch.setattr(fit_module, "_MAX_ITER", 1)
    with pytest.warns(ConvergenceWarning, match="before converging"):
        res = cfa(_data("holzinger.csv"), HS)
    assert not res.converged and "did not converge" in res.summary()


# ---------------------------------------------------------------------------- the result
def test_the_result_follows_the_house_protocol():
    res = cfa(_data("holzinger.csv"), HS, estimator="MLR")
    assert isinstance(res, Result)
    frame = res.to_frame()
    assert list(frame.columns) == ["lhs", "op", "rhs", "est", "se", "z", "pvalue", "ci_lower", "ci_upper", "std_lv",
                                   "std_all"]
    text = str(res)
    assert text.startswith("Confirmatory factor analysis (MLR), n = 301") and "Scaled chi2" in text
    with pytest.raises(AttributeError):
        res.n = 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert res.modification_indices(minimum=4)["mi"].min() >= 4


# ---------------------------------------------------------------------------- several groups
def test_the_configural_model_is_the_separate_fits_side_by_side():
    """Without equality constraints the groups' chi-squares add up and the estimates are each group's own."""
    hs = _data("holzinger.csv")
    together = cfa(hs, HS, group="school")
    apart = {school: cfa(hs[hs["school"] == school], HS) for school in ("Pasteur", "Grant-White")}
    assert together.fit_measures["chisq"] == pytest.approx(sum(r.fit_measures["chisq"] for r in apart.values()),
                                                          rel=1e-9)
    assert together.fit_measures["df"] == sum(r.fit_measures["df"] for r in apart.values())
    table = together.to_frame()
    for school, res in apart.items():
        rows = table[(table["group"] == school) & (table["op"] != "~1")]
        np.testing.assert_allclose(rows["est"], res.to_frame()["est"], atol=1e-8)


def _captured_groups(monkeypatch, data: pd.DataFrame, model: str, **options):
    """The multi-group model cfa builds, and its fit (x, point, converged, iterations)."""
    seen = {}

    def spy(gr):
        seen["groups"], seen["fit"] = gr, groups_module._minimise_groups(gr)
        return seen["fit"]

    monkeypatch.setattr(cfa_module, "_minimise_groups", spy)
    cfa(data, model, **options)
    return seen["groups"], seen["fit"]


def _numeric_hessian(gr, x: np.ndarray, logdets: list[float], h: float = 1e-6) -> np.ndarray:
    out = np.empty((gr.q, gr.q))
    for j in range(gr.q):
        e = np.zeros(gr.q)
        e[j] = h
        up, down = groups_module._group_point(gr, x + e, logdets), groups_module._group_point(gr, x - e, logdets)
        out[:, j] = (up.grad - down.grad) / (2 * h)
        assert (up.f - down.f) / (2 * h) == pytest.approx(groups_module._group_point(gr, x, logdets).grad[j],
                                                          abs=1e-7)
    return out


@pytest.mark.parametrize("std_lv", [False, True])
@pytest.mark.parametrize("equal", list(STEPS.values()))
def test_the_multi_group_hessian_and_information_agree_with_finite_differences(monkeypatch, equal, std_lv):
    gr, (x_hat, at_optimum, converged, _) = _captured_groups(monkeypatch, _data("holzinger.csv"), HS,
                                                             group="school", group_equal=equal, std_lv=std_lv)
    assert converged and np.abs(at_optimum.grad).max() < 1e-12
    rng = np.random.default_rng(1)
    x = x_hat + 0.01 * rng.standard_normal(gr.q)  # off the optimum: the curvature and mean terms count
    logdets = [np.linalg.slogdet(sample)[1] for sample in gr.samples]
    pt = groups_module._group_point(gr, x, logdets)
    hessian = groups_module._group_hessian(gr, x, pt)
    np.testing.assert_allclose(hessian, _numeric_hessian(gr, x, logdets), atol=1e-6)
    # Where the sample moments are the implied ones, the expected information is the Hessian.
    exact = dataclasses.replace(gr, samples=pt.sigmas, means=pt.mus)
    logdets = [np.linalg.slogdet(sample)[1] for sample in exact.samples]
    pt = groups_module._group_point(exact, x, logdets)
    info = groups_module._group_information(exact, pt)
    assert np.abs(pt.grad).max() < 1e-12
    np.testing.assert_allclose(info, _numeric_hessian(exact, x, logdets), atol=1e-6)
    np.testing.assert_allclose(groups_module._group_hessian(exact, x, pt), info, atol=1e-12)
    # The groups' blocks solved through the shared parameters' Schur complement, as one dense solve.
    b = rng.standard_normal((gr.q, 3))
    for matrix in (hessian, info):
        np.testing.assert_allclose(gr.solve(matrix, b), np.linalg.solve(matrix, b), rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(gr.solve(matrix, b[:, 0]), np.linalg.solve(matrix, b[:, 0]), rtol=1e-9,
                                   atol=1e-9)


def test_invariance_models_are_nested():
    hs = _data("holzinger.csv")
    fits = [cfa(hs, HS, group="school", group_equal=equal) for equal in ((), ("loadings",), ("loadings", "intercepts"))]
    chisq = [f.fit_measures["chisq"] for f in fits]
    df = [f.fit_measures["df"] for f in fits]
    assert chisq[0] < chisq[1] < chisq[2] and df == [48, 54, 60]  # 6 loadings, then 9 intercepts - 3 means


def _two_groups(seed: int, shift: float) -> pd.DataFrame:
    """Two groups with the same loadings; in the second, item q3's intercept is moved by ``shift``."""
    rng = np.random.default_rng(seed)
    first, second = _two_factor(rng, 3000, TRUE, 0.3), _two_factor(rng, 3000, TRUE, 0.3) + 0.5
    second["q3"] += shift
    return pd.concat([first.assign(g="a"), second.assign(g="b")], ignore_index=True)


def test_a_planted_intercept_difference_breaks_scalar_but_not_metric_invariance():
    data = _two_groups(21, shift=0.4)
    metric = cfa(data, TWO, group="g", group_equal=("loadings",))
    scalar = cfa(data, TWO, group="g", group_equal=("loadings", "intercepts"))
    step = scalar.fit_measures["chisq"] - metric.fit_measures["chisq"]
    assert stats.chi2.sf(step, scalar.fit_measures["df"] - metric.fit_measures["df"]) < 1e-10
    assert metric.fit_measures["pvalue"] > 0.001
    means = _keyed(cfa(_two_groups(21, 0.0), TWO, group="g", group_equal=("loadings", "intercepts")).to_frame())
    assert means.loc["F1 ~1  | b", "est"] == pytest.approx(0.5 / 0.8, abs=0.08)  # 0.5 on every item = 0.5/0.8 on F1


def test_multi_group_options_are_checked():
    hs = _data("holzinger.csv")
    with pytest.raises(FactorAnalysisError, match="'class' is not a column"):
        cfa(hs, HS, group="class")
    with pytest.raises(FactorAnalysisError, match="has 1 group"):
        cfa(hs.assign(one="x"), HS, group="one")
    with pytest.raises(FactorAnalysisError, match="needs group="):
        cfa(hs, HS, group_equal=("loadings",))
    with pytest.raises(FactorAnalysisError, match="group_equal must be"):
        cfa(hs, HS, group="school", group_equal="loadings")
    with pytest.raises(FactorAnalysisError, match="MLR"):
        cfa(hs, HS, group="school", estimator="MLR")
    with pytest.raises(FactorAnalysisError, match="multi-group"):
        cfa(hs, HS, group="school").modification_indices()


def test_conf_level_sets_the_interval():
    table = cfa(_data("holzinger.csv"), HS, conf_level=0.90).to_frame()
    half = (table["ci_upper"] - table["ci_lower"]) / 2
    np.testing.assert_allclose(half, stats.norm.ppf(0.95) * table["se"], atol=1e-12)
