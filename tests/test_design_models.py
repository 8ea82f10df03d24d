"""Design.glm, .ttest, .contrast, .chisq and .quantile against R survey 4.1.1.

Reference values: tests/reference/design_models.json, written by make_design_models_reference.R
(each block stores its R call, R and survey versions and date), on the api designs, a raked
design and a random three-stage design (random_multistage.csv, written by the same script).
Plus identities (equal weights give the textbook answers), planted effects and null calibration.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tdkt_eval.design.estimation import Design
from tdkt_eval.errors import DataQualityWarning, DesignError, InvalidParameterError, NotEstimableError

REFERENCE = Path(__file__).parent / "reference"
TOL = 1e-9
POP_STYPE = {"E": 4421, "H": 755, "M": 1018}        # table(apipop$stype)
POP_SCHWIDE = {"No": 1072, "Yes": 5122}             # table(apipop$sch.wide)


def load(name: str) -> pd.DataFrame:
    """An api table, with R's dotted names written with underscores (patsy reads dots as attributes)."""
    frame = pd.read_csv(REFERENCE / f"{name}.csv")
    return frame.rename(columns=lambda c: c.replace(".", "_"))


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads((REFERENCE / "design_models.json").read_text())


@pytest.fixture(scope="module")
def designs() -> dict[str, Design]:
    dclus1 = Design(load("apiclus1"), psu="dnum", weights="pw", fpc="fpc")
    return {
        "dstrat": Design(load("apistrat"), strata="stype", weights="pw", fpc="fpc"),
        "dclus1": dclus1,
        "dclus2": Design(load("apiclus2"), psu=["dnum", "snum"], fpc=["fpc1", "fpc2"]),
        "dclus1_nofpc": Design(load("apiclus1"), psu="dnum", weights="pw"),
        "dclus1_rake": dclus1.rake({"stype": POP_STYPE, "sch_wide": POP_SCHWIDE}, tol=1e-13),
        "randms": Design(load("random_multistage"), psu=["district", "commune"], strata="stratum",
                         fpc=["N1", "N2"], weights="w"),
    }


def close(ours, theirs, tol=TOL) -> None:
    ours, theirs = np.atleast_1d(np.asarray(ours, float)), np.atleast_1d(np.asarray(theirs, float))
    np.testing.assert_allclose(ours, theirs, rtol=tol, atol=0)


def r_term(name: str) -> str:
    """R's coefficient names in patsy's spelling: (Intercept) → Intercept, stypeH → stype[T.H]."""
    if name == "(Intercept)":
        return "Intercept"
    found = re.fullmatch(r"(stype|g)([A-Za-z]+)", name)
    return f"{found[1]}[T.{found[2]}]" if found else name


GLM_CASES = {
    "glm_dstrat_gaussian": ("dstrat", "api00 ~ ell + meals + mobility", "gaussian"),
    "glm_dclus2_gaussian": ("dclus2", "api00 ~ ell + meals + mobility", "gaussian"),
    "glm_dclus2_na": ("dclus2", "enroll ~ meals + stype", "gaussian"),
    "glm_dclus1_logit": ("dclus1", "I(sch_wide == 'Yes') ~ ell + meals + stype", "quasibinomial"),
    "glm_dstrat_logit": ("dstrat", "I(comp_imp == 'Yes') ~ api99 + stype", "quasibinomial"),
    "glm_dclus1_poisson": ("dclus1", "enroll ~ meals + stype", "quasipoisson"),
    "glm_dclus1_nofpc_gaussian": ("dclus1_nofpc", "api00 ~ ell + stype", "gaussian"),
    "glm_dclus1_rake_gaussian": ("dclus1_rake", "api00 ~ ell + meals", "gaussian"),
    "glm_randms_gaussian": ("randms", "y ~ x + g", "gaussian"),
    "glm_randms_logit": ("randms", "yes ~ x + g", "quasibinomial"),
    "glm_randms_poisson": ("randms", "count ~ x + g", "quasipoisson"),
}


@pytest.mark.parametrize("key", GLM_CASES)
def test_glm_matches_svyglm(key, designs, ref):
    name, formula, family = GLM_CASES[key]
    expected = ref[key]
    fit = designs[name].glm(formula, family=family, missing="drop")
    table = fit.to_frame().set_index("term").loc[[r_term(t) for t in expected["terms"]]]
    for column in ("estimate", "se", "statistic", "p_value", "ci_low", "ci_high"):
        close(table[column], expected[column], 1e-8 if key.endswith("rake_gaussian") else TOL)
    order = [r_term(t) for t in expected["terms"]]
    close(fit.vcov.loc[order, order].to_numpy().ravel(), np.array(expected["vcov"]).T.ravel(), 1e-7)
    assert fit.df_residual == expected["df_residual"]


def test_glm_odds_ratios_are_the_exponentiated_coefficients(designs):
    fit = designs["dclus1"].glm("I(sch_wide == 'Yes') ~ ell + meals", family="quasibinomial").to_frame()
    close(fit["exp_estimate"], np.exp(fit["estimate"]), 1e-14)
    close(fit["exp_ci_low"], np.exp(fit["ci_low"]), 1e-14)


@pytest.mark.parametrize("key", ["ttest_dclus1_two", "ttest_dstrat_two", "ttest_dstrat_one", "ttest_randms_two"])
def test_ttest_matches_svyttest(key, designs, ref):
    name, col, group, mu = {"ttest_dclus1_two": ("dclus1", "api00", "sch_wide", 0),
                            "ttest_dstrat_two": ("dstrat", "api00", "comp_imp", 0),
                            "ttest_dstrat_one": ("dstrat", "api00", None, 650),
                            "ttest_randms_two": ("randms", "x", "yes", 0)}[key]
    test, expected = designs[name].ttest(col, group, mu=mu), ref[key]
    close([test.statistic, test.df[0], test.p_value, test.estimate, *test.ci],
          [expected[k] for k in ("statistic", "df", "p_value", "estimate", "ci_low", "ci_high")])


@pytest.mark.parametrize("statistic", ["F", "Chisq"])
@pytest.mark.parametrize(("name", "rows", "cols"), [("dclus1", "sch_wide", "stype"), ("dstrat", "comp_imp", "stype"),
                                                    ("dclus2", "sch_wide", "stype"), ("randms", "yes", "g")])
def test_chisq_matches_svychisq(name, rows, cols, statistic, designs, ref):
    test, expected = designs[name].chisq(rows, cols, statistic=statistic), ref[f"chisq_{name}_{statistic}"]
    close([test.statistic, *test.df, test.p_value],
          [expected["statistic"], *np.atleast_1d(expected["parameter"]), expected["p_value"]])


@pytest.mark.parametrize(("key", "call"), [
    ("contrast_dclus1_by", lambda d: d["dclus1"].contrast("api00", {"E": 1, "H": -1}, by="stype")),
    ("contrast_dclus1_by3", lambda d: d["dclus1"].contrast("api00", {"E": 0.5, "M": 0.5, "H": -1}, by="stype")),
    ("contrast_dstrat_vars", lambda d: d["dstrat"].contrast(["api00", "api99"], {"api00": 1, "api99": -1})),
    ("contrast_randms_by", lambda d: d["randms"].contrast("x", {"a": 1, "c": -1}, by="g")),
])
def test_contrast_matches_svycontrast(key, call, designs, ref):
    result = call(designs)
    close([result.estimate, result.se], [np.ravel(ref[key]["estimate"])[0], np.ravel(ref[key]["se"])[0]])


@pytest.mark.parametrize(("key", "name", "col"), [
    ("quantile_dclus1_api00", "dclus1", "api00"), ("quantile_dstrat_enroll", "dstrat", "enroll"),
    ("quantile_dclus2_api00", "dclus2", "api00"), ("quantile_randms_y", "randms", "y")])
def test_quantile_matches_svyquantile(key, name, col, designs, ref):
    expected = ref[key]
    table = designs[name].quantile(col, probs=expected["probs"], missing="drop").to_frame()
    for column in ("quantile", "ci_low", "ci_high", "se"):
        close(table[column], expected[column])


# -- identities ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def srs() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 400
    x = rng.normal(size=n)
    return pd.DataFrame({"x": x, "y": 1 + 0.5 * x + rng.normal(size=n), "g": rng.choice(["a", "b"], n)})


def test_equal_weights_give_the_hc0_sandwich_of_ols(srs):
    """Every row its own PSU, no fpc: the design-based variance is HC0 × n / (n − 1) (statsmodels, independently)."""
    import statsmodels.api as sm

    fit = Design(srs).glm("y ~ x")
    ols = sm.OLS(srs["y"], sm.add_constant(srs["x"])).fit(cov_type="HC0")
    close(fit.to_frame()["estimate"], ols.params, 1e-12)
    close(fit.to_frame()["se"], ols.bse * np.sqrt(len(srs) / (len(srs) - 1)), 1e-10)
    assert fit.df_residual == len(srs) - 2


def test_equal_weights_two_sample_t_has_the_unpooled_se(srs):
    """SRS: the difference of the two means, with the unpooled SE of each (variances with divisor n_g), × n/(n-1)."""
    test = Design(srs).ttest("y", "g")
    a, b = srs.loc[srs["g"] == "a", "y"], srs.loc[srs["g"] == "b", "y"]
    n = len(srs)
    se = np.sqrt(n / (n - 1) * (a.var(ddof=0) / len(a) + b.var(ddof=0) / len(b)))
    close(test.estimate, b.mean() - a.mean(), 1e-12)
    close((test.ci[1] - test.ci[0]) / (2 * stats.t.ppf(0.975, n - 2)), se, 1e-10)


def test_equal_weights_median_is_the_sample_quantile(srs):
    q = Design(srs).quantile("y", probs=[0.25, 0.5]).to_frame()["quantile"]
    close(q, np.quantile(srs["y"], [0.25, 0.5], method="inverted_cdf"), 1e-14)


# -- planted effects and the null -------------------------------------------------------------------------

def _clustered(rng, odds_ratio: float, n_psu: int = 60, m: int = 15) -> pd.DataFrame:
    psu = np.repeat(np.arange(n_psu), m)
    stratum = psu % 4
    x = rng.binomial(1, 0.4, n_psu * m)
    shared = rng.normal(0, 0.5, n_psu)[psu]
    yes = rng.binomial(1, 1 / (1 + np.exp(-(-0.5 + np.log(odds_ratio) * x + shared))))
    return pd.DataFrame({"psu": psu, "stratum": stratum, "x": x, "yes": yes,
                         "w": rng.uniform(50, 150, n_psu)[psu]})


def test_a_planted_odds_ratio_is_found():
    rng = np.random.default_rng(11)
    data = _clustered(rng, 2.5, n_psu=120)
    fit = Design(data, psu="psu", strata="stratum", weights="w").glm("yes ~ x", family="quasibinomial").to_frame()
    row = fit.set_index("term").loc["x"]
    assert row["p_value"] < 0.001 and row["exp_ci_low"] < 2.5 < row["exp_ci_high"]


def test_null_rejection_rates_stay_nominal():
    """No effect: the logit test, the t test and the Rao–Scott F reject about 5% of 300 clustered samples."""
    rng = np.random.default_rng(12)
    rejected = {"glm": 0, "ttest": 0, "chisq": 0}
    reps = 300
    for _ in range(reps):
        data = _clustered(rng, 1.0)
        design = Design(data, psu="psu", strata="stratum", weights="w")
        fit = design.glm("yes ~ x", family="quasibinomial").to_frame().set_index("term")
        rejected["glm"] += fit.loc["x", "p_value"] < 0.05
        rejected["ttest"] += design.ttest("yes", "x").p_value < 0.05
        rejected["chisq"] += design.chisq("yes", "x").p_value < 0.05
    band = 0.05 + 2.5 * np.sqrt(0.05 * 0.95 / reps)
    for test, count in rejected.items():
        assert 0.01 <= count / reps <= band, (test, count)


# -- when the data cannot answer ---------------------------------------------------------------------------

def test_a_constant_outcome_is_refused(designs):
    with pytest.raises(NotEstimableError, match="constant"):
        designs["dclus1"].glm("I(api00 > 0) ~ ell", family="quasibinomial")


def test_separation_warns():
    data = pd.DataFrame({"x": np.r_[np.zeros(20), np.ones(20)], "yes": np.r_[np.zeros(20), np.ones(20)],
                         "psu": np.tile(np.arange(10), 4)})
    with pytest.warns(DataQualityWarning, match="separated"):
        Design(data, psu="psu").glm("yes ~ x", family="quasibinomial")


def test_too_few_psus_for_the_model_is_refused():
    data = pd.DataFrame({"y": [1.0, 2, 3, 4, 6, 5], "a": [1.0, 0, 2, 1, 3, 5], "b": [0.0, 1, 1, 0, 2, 1],
                         "psu": [1, 1, 2, 2, 3, 3]})
    with pytest.raises(NotEstimableError, match="too few PSUs"):
        Design(data, psu="psu").glm("y ~ a + b")


def test_missing_values_are_named_or_dropped(designs):
    with pytest.raises(DesignError, match="missing values"):
        designs["dclus2"].glm("enroll ~ meals")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        complete = designs["dclus2"].data[["enroll", "meals"]].notna().all(axis=1).sum()
        assert designs["dclus2"].glm("enroll ~ meals", missing="drop").n == complete < len(designs["dclus2"].data)


def test_bad_arguments_are_named(designs):
    with pytest.raises(InvalidParameterError, match="family"):
        designs["dstrat"].glm("api00 ~ ell", family="gamma")
    with pytest.raises(DesignError, match="cannot be used"):
        designs["dstrat"].glm("api00 ~ no_such_column")
    with pytest.raises(DesignError, match="two values"):
        designs["dstrat"].ttest("api00", "stype")
    with pytest.raises(InvalidParameterError, match="keys"):
        designs["dstrat"].contrast("api00", {"X": 1}, by="stype")
    with pytest.raises(InvalidParameterError, match="probs"):
        designs["dstrat"].quantile("api00", probs=[0, 0.5])
    one_value = pd.DataFrame({"a": ["x"] * 6, "b": list("uvuvuv"), "p": [1, 1, 2, 2, 3, 3]})
    with pytest.raises(NotEstimableError, match="two or more values"):
        Design(one_value, psu="p").chisq("a", "b")


@pytest.mark.parametrize("kind", ["normal", "ties", "integer weights", "skewed"])
def test_bucketed_quantiles_equal_the_sorted_ones(kind):
    """Large samples use buckets instead of a full sort; every quantile must be the same value."""
    from tdkt_eval.design.inference import _BucketedDistribution, _SortedDistribution

    rng = np.random.default_rng(17)
    n = 50_000
    values = {"normal": rng.normal(size=n), "ties": rng.integers(0, 40, n).astype(float),
              "integer weights": np.round(rng.normal(size=n), 2), "skewed": rng.lognormal(0, 2, n)}[kind]
    weights = rng.integers(1, 4, n).astype(float) if kind in ("ties", "integer weights") else rng.uniform(0.2, 3, n)
    sorted_, bucketed = _SortedDistribution(values, weights), _BucketedDistribution(values, weights)
    probabilities = np.r_[rng.uniform(size=300), np.linspace(0.001, 0.999, 199)]
    if kind in ("ties", "integer weights"):       # shares hit exactly: p at a cumulative share
        probabilities = np.r_[probabilities, sorted_.share[rng.integers(0, n - 1, 200)]]
    assert [bucketed.quantile(p) for p in probabilities] == [sorted_.quantile(p) for p in probabilities]
