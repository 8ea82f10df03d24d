"""tdkt_eval.design against R survey 4.1.1, textbook identities, a coverage check and every error.

Reference values: tests/reference/design_api.json, written by make_design_reference.R (each
block stores its R call, R and survey versions and date).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tdkt_eval.design.estimation import Design, DomainResult, Estimate
from tdkt_eval.errors import (
    DesignError,
    InvalidCategoryError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
    OutOfRangeError,
    TdktInputError,
)

REFERENCE = Path(__file__).parent / "reference"
REL = 1e-6


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / f"{name}.csv")


def lonely_data() -> pd.DataFrame:
    """apistrat keeping only its first high school (as in make_design_reference.R)."""
    st = load("apistrat")
    first_h = np.flatnonzero(st["stype"] == "H")[0]
    return st[(st["stype"] != "H") | (np.arange(len(st)) == first_h)].reset_index(drop=True)


BUILDERS = {
    "dstrat": lambda: Design(load("apistrat"), strata="stype", weights="pw", fpc="fpc"),
    "dclus1": lambda: Design(load("apiclus1"), psu="dnum", weights="pw", fpc="fpc"),
    "dclus2": lambda: Design(load("apiclus2"), psu=["dnum", "snum"], fpc=["fpc1", "fpc2"]),
    "dnest": lambda: Design(load("apistrat"), psu="dnum", strata="stype", weights="pw", nest=True),
    "dclus1_nofpc": lambda: Design(load("apiclus1"), psu="dnum", weights="pw"),
    "dclus2_nofpc": lambda: Design(load("apiclus2"), psu=["dnum", "snum"], weights="pw"),
    **{f"dlonely_{lp}": (lambda lp=lp: Design(lonely_data(), strata="stype", weights="pw", fpc="fpc",
                                              lonely_psu=lp))
       for lp in ("adjust", "average", "certainty", "remove")},
}


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads((REFERENCE / "design_api.json").read_text())


@pytest.fixture(scope="module")
def designs() -> dict[str, Design]:
    return {name: build() for name, build in BUILDERS.items()}


def _stat_cases():
    cases = []
    for dn in ("dstrat", "dclus1", "dclus2"):
        na = dn == "dclus2"
        cases += [
            (f"{dn}_mean_api00", dn, lambda d, **kw: d.mean("api00", **kw), 0),
            (f"{dn}_mean_enroll", dn, lambda d, na=na, **kw: d.mean("enroll", missing="drop" if na else "raise", **kw), 0),
            (f"{dn}_total_api00", dn, lambda d, **kw: d.total("api00", **kw), 0),
            (f"{dn}_total_enroll", dn, lambda d, na=na, **kw: d.total("enroll", missing="drop" if na else "raise", **kw), 0),
            (f"{dn}_ratio", dn, lambda d, na=na, **kw: d.ratio("api.stu", "enroll", missing="drop" if na else "raise", **kw), 0),
            (f"{dn}_subset_E_mean", dn, lambda d, **kw: _row(d.mean("api00", by="stype", **kw), "stype", "E"), 0),
        ]
        cases += [(f"{dn}_mean_schwide", dn, lambda d, lv=lv, **kw: d.proportion("sch.wide", lv, **kw), i)
                  for i, lv in enumerate(["No", "Yes"])]
        cases += [(f"{dn}_mean_stype", dn, lambda d, lv=lv, **kw: d.proportion("stype", lv, **kw), i)
                  for i, lv in enumerate(["E", "H", "M"])]
    for dn in ("dnest", "dclus1_nofpc", "dclus2_nofpc"):
        cases.append((f"{dn}_mean_api00", dn, lambda d, **kw: d.mean("api00", **kw), 0))
    cases += [("dnest_total_enroll", "dnest", lambda d, **kw: d.total("enroll", **kw), 0),
              ("dclus2_nofpc_total_enroll", "dclus2_nofpc", lambda d, **kw: d.total("enroll", missing="drop", **kw), 0)]
    for lp in ("adjust", "average", "certainty", "remove"):
        cases += [(f"dlonely_{lp}_mean_api00", f"dlonely_{lp}", lambda d, **kw: d.mean("api00", **kw), 0),
                  (f"dlonely_{lp}_total_enroll", f"dlonely_{lp}", lambda d, **kw: d.total("enroll", **kw), 0)]
    return cases


def _row(frame: DomainResult, col: str, level) -> Estimate:
    """A by= row as an Estimate-like object."""
    frame = frame.to_frame()
    r = frame.loc[frame[col] == level].iloc[0]
    return Estimate(name=str(level), statistic="mean", estimate=r.estimate, se=r.se, ci=(r.ci_low, r.ci_high),
                    deff=r.deff, n=int(r.n), df=np.nan)


STAT_CASES = _stat_cases()
BY_CASES = [(f"{dn}_by_stype_{stat}", dn, stat) for dn in ("dstrat", "dclus1", "dclus2")
            for stat in ("mean", "total", "ratio")]


def assert_estimate(est: Estimate, block: dict, i: int, normal_ci: tuple) -> None:
    pick = lambda field: np.atleast_1d(block[field])[i]  # noqa: E731
    assert est.estimate == pytest.approx(pick("estimate"), rel=REL)
    assert est.se == pytest.approx(pick("se"), rel=REL)
    assert est.deff == pytest.approx(pick("deff"), rel=REL)
    assert est.ci == pytest.approx(tuple(block["ci_t"][i]), rel=REL)
    assert normal_ci == pytest.approx(tuple(block["ci_normal"][i]), rel=REL)


@pytest.mark.parametrize("key, design, call, i", STAT_CASES, ids=[f"{c[0]}[{c[3]}]" for c in STAT_CASES])
def test_matches_r_survey(designs, ref, key, design, call, i):
    d = designs[design]
    assert_estimate(call(d), ref[key], i, call(d, ci_method="normal").ci)
    if "subset" not in key:
        assert d.degf == ref[key]["degf"]


@pytest.mark.parametrize("key, design, stat", BY_CASES, ids=[c[0] for c in BY_CASES])
def test_domains_match_svyby(designs, ref, key, design, stat):
    d, block = designs[design], ref[key]
    na = design == "dclus2"
    call = {"mean": lambda **kw: d.mean("api00", by="stype", **kw),
            "total": lambda **kw: d.total("api00", by="stype", **kw),
            "ratio": lambda **kw: d.ratio("api.stu", "enroll", by="stype", missing="drop" if na else "raise", **kw)}[stat]
    got, normal = call().to_frame(), call(ci_method="normal").to_frame()
    assert list(got.columns) == ["stype", "estimate", "se", "ci_low", "ci_high", "deff", "n"]
    assert got["stype"].tolist() == block["levels"]
    for col in ("estimate", "se", "deff"):
        np.testing.assert_allclose(got[col], block[col], rtol=REL)
    np.testing.assert_allclose(got[["ci_low", "ci_high"]], block["ci_t"], rtol=REL)
    np.testing.assert_allclose(normal[["ci_low", "ci_high"]], block["ci_normal"], rtol=REL)


def test_published_anchors(designs):
    """Values printed in R survey's documentation, at their printed precision."""
    est = designs["dstrat"].mean("api00")
    assert (round(est.estimate, 2), round(est.se, 4)) == (662.29, 9.4089)
    est = designs["dstrat"].total("enroll")
    assert (round(est.estimate), round(est.se)) == (3687178, 114642)
    est = designs["dclus1"].mean("api00")
    assert (round(est.estimate, 2), round(est.se, 3)) == (644.17, 23.542)
    est = designs["dclus1"].total("enroll")
    assert (round(est.estimate), round(est.se)) == (3404940, 932235)
    est = designs["dclus2"].mean("api00")
    assert (round(est.estimate, 2), round(est.se, 3)) == (670.81, 30.099)
    assert [designs[k].degf for k in ("dstrat", "dclus1", "dclus2")] == [197, 14, 39]


def test_weights_from_fpc_follow_r(designs):
    """apiclus2 has no weights in svydesign: they come from fpc1/n1 * fpc2/n2, R's 'pw'."""
    data = load("apiclus2")
    np.testing.assert_allclose(designs["dclus2"].sampling_weights(), data["pw"], rtol=1e-4)
    assert "weights computed from fpc" in designs["dclus2"].summary()


# ---- identities ----------------------------------------------------------------------------
@pytest.fixture
def srs() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({"y": rng.normal(10, 3, 60), "N": 1000, "frac": 60 / 1000})


def test_srs_with_fpc_gives_textbook_se(srs):
    est = Design(srs, fpc="N").mean("y")
    y = srs["y"]
    assert est.estimate == pytest.approx(y.mean(), rel=1e-12)
    assert est.se == pytest.approx(y.std(ddof=1) / np.sqrt(60) * np.sqrt(1 - 60 / 1000), rel=1e-12)
    total = Design(srs, fpc="N").total("y")
    assert total.se == pytest.approx(1000 * est.se, rel=1e-12)


def test_srs_without_fpc_gives_textbook_se(srs):
    d = Design(srs)
    est = d.mean("y")
    assert est.se == pytest.approx(srs["y"].std(ddof=1) / np.sqrt(60), rel=1e-12)
    assert est.df == 59
    assert "weight 1" in d.summary()


def test_fpc_as_fraction_equals_population_size(srs):
    assert Design(srs, fpc="frac").mean("y").se == pytest.approx(Design(srs, fpc="N").mean("y").se, rel=1e-12)
    st = load("apistrat")
    st["frac"] = st.groupby("stype")["stype"].transform("size") / st["fpc"]
    a = Design(st, strata="stype", weights="pw", fpc="frac").mean("api00")
    b = Design(st, strata="stype", weights="pw", fpc="fpc").mean("api00")
    assert (a.estimate, a.se) == pytest.approx((b.estimate, b.se), rel=1e-12)


def test_domain_mean_is_ratio_of_zeroed_variable(designs):
    data = load("apiclus1")
    data["is_E"] = (data["stype"] == "E").astype(float)
    data["api00_E"] = data["api00"] * data["is_E"]
    d = Design(data, psu="dnum", weights="pw", fpc="fpc")
    domain = _row(d.mean("api00", by="stype"), "stype", "E")
    ratio = d.ratio("api00_E", "is_E")
    assert (domain.estimate, domain.se) == pytest.approx((ratio.estimate, ratio.se), rel=1e-12)
    # the deffs differ on purpose: a domain's reference SRS has the domain's rows (R svyby)


def test_domains_keep_rows_dropping_them_would_be_wrong():
    """The domain SE differs from the SE obtained by dropping the rows outside the domain."""
    data = load("apiclus1")
    full = Design(data, psu="dnum", weights="pw", fpc="fpc")
    dropped = Design(data[data["stype"] == "H"], psu="dnum", weights="pw", fpc="fpc")
    domain = _row(full.mean("api00", by="stype"), "stype", "H")
    assert domain.estimate == pytest.approx(dropped.mean("api00").estimate, rel=1e-12)
    assert abs(domain.se / dropped.mean("api00").se - 1) > 0.02       # wrong fpc and PSU count
    assert dropped.degf == 7 and full.degf == 14


def test_na_rm_equals_domain_of_answered_rows(designs):
    data = load("apiclus2")
    data["answered"] = data["enroll"].notna()
    d = designs["dclus2"]
    by = Design(data, psu=["dnum", "snum"], fpc=["fpc1", "fpc2"]).mean("enroll", by="answered", missing="drop").to_frame()
    est = d.mean("enroll", missing="drop")
    assert by["answered"].tolist() == [False, True] or by["answered"].tolist() == [True]
    assert est.se == pytest.approx(by.loc[by["answered"]].se.iloc[0], rel=1e-12)
    assert est.n == 120


def test_proportions_of_all_levels(designs):
    result = designs["dclus1"].proportion("stype")
    table = result.to_frame()
    assert isinstance(result, DomainResult) and (result.statistic, result.by) == ("proportion", ())
    assert table["category"].tolist() == ["E", "H", "M"]
    assert table["estimate"].sum() == pytest.approx(1)
    both = designs["dclus1"].proportion("sch.wide", by="stype")
    assert list(both.to_frame().columns[:2]) == ["stype", "category"] and len(both.to_frame()) == 6
    assert both.by == ("stype",)


def test_two_way_domains(designs):
    table = designs["dstrat"].mean("api00", by=["stype", "sch.wide"]).to_frame()
    assert list(table.columns[:2]) == ["stype", "sch.wide"] and len(table) == 6
    assert table["n"].sum() == 200


def test_results_are_immutable_and_printable(designs):
    d = designs["dstrat"]
    est = d.mean("api00")
    with pytest.raises(AttributeError):
        est.se = 0
    with pytest.raises(AttributeError):
        d.weights = "x"
    assert str(est) == est.summary() and "662.287" in str(est) and "df = 197" in str(est)
    assert est.to_frame().columns.tolist() == ["name", "statistic", "estimate", "se", "ci_low", "ci_high",
                                               "deff", "n", "df"]
    assert "3 strata" in repr(d)


def test_deff_with_replacement_option(designs):
    d = designs["dstrat"]
    wor, wr = d.mean("api00"), d.mean("api00", deff_method="srswr")
    n, big_n = 200, d.sampling_weights().sum()
    assert wr.deff == pytest.approx(wor.deff * (big_n - n) / big_n, rel=1e-12)


def test_confidence_intervals_cover_at_nominal_rate():
    """Null calibration: stratified two-stage samples from a known population, 500 draws.

    The design-based 95% CI must cover the population mean 93-97% of the time; the same CI
    ignoring the clustering (a planted intra-cluster correlation) must visibly under-cover,
    which shows the check can fail.
    """
    rng = np.random.default_rng(20261121)
    strata, psus, size = 10, 40, 30
    h = np.repeat(np.arange(strata), psus * size)
    psu = np.repeat(np.arange(strata * psus), size)
    y = 50 + 4 * rng.normal(size=strata)[h] + 3 * rng.normal(size=strata * psus)[psu] \
        + rng.gamma(2, 4, strata * psus * size)
    truth = y.mean()
    pop = pd.DataFrame({"h": h, "psu": psu, "unit": np.tile(np.arange(size), strata * psus), "y": y,
                        "N1": psus, "N2": size})
    covered, naive = [], []
    for _ in range(500):
        chosen = np.concatenate([rng.choice(np.arange(s * psus, (s + 1) * psus), 4, replace=False)
                                 for s in range(strata)])
        rows = np.concatenate([c * size + rng.choice(size, 6, replace=False) for c in chosen])
        sample = pop.iloc[rows].copy()
        design = Design(sample, strata="h", psu=["psu", "unit"], fpc=["N1", "N2"])
        est = design.mean("y")
        covered.append(est.ci[0] <= truth <= est.ci[1])
        sample["w"] = design.sampling_weights()
        flat = Design(sample, strata="h", weights="w").mean("y")
        naive.append(flat.ci[0] <= truth <= flat.ci[1])
    assert 0.93 <= np.mean(covered) <= 0.97
    assert np.mean(naive) < 0.90


def test_planted_domain_difference_is_found():
    """A domain planted 8 points higher is estimated at +8 within its CIs."""
    rng = np.random.default_rng(11)
    n_psu, m = 60, 10
    psu = np.repeat(np.arange(n_psu), m)
    group = rng.integers(0, 2, n_psu * m)
    y = 60 + 8 * group + 2 * rng.normal(size=n_psu)[psu] + rng.normal(0, 6, n_psu * m)
    table = Design(pd.DataFrame({"psu": psu, "g": group, "y": y}), psu="psu").mean("y", by="g").to_frame()
    ci = table.set_index("g")
    assert ci.loc[0, "ci_high"] < ci.loc[1, "ci_low"]       # the CIs separate the domains
    assert table["estimate"].diff().iloc[1] == pytest.approx(8, abs=2)


# ---- errors --------------------------------------------------------------------------------
def test_non_numeric_column():
    with pytest.raises(MixedTypeError, match=r"column 'stype'.*'E' \(rows 2, 3"):
        Design(load("apistrat"), strata="stype", weights="pw").mean("stype")


def test_single_psu_stratum_raises_with_fix():
    with pytest.raises(DesignError, match=r"Stratum \(H\) has only one PSU at stage 1.*lonely_psu='adjust'"):
        Design(lonely_data(), strata="stype", weights="pw", fpc="fpc")


def test_single_psu_at_stage_two():
    data = load("apiclus2")
    data.loc[data["dnum"] == 15, "fpc2"] = 3
    with pytest.raises(DesignError, match="only one sampled unit at stage 2"):
        Design(data, psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])


@pytest.mark.parametrize("value", [-1.0, 0.0])
def test_non_positive_weights(value):
    data = load("apistrat")
    data.loc[[3, 7], "pw"] = value
    with pytest.raises(OutOfRangeError, match=r"column 'pw'.*rows 5, 9"):
        Design(data, strata="stype", weights="pw")


def test_missing_column():
    with pytest.raises(MissingColumnError, match="strata column 'stratum'"):
        Design(load("apistrat"), strata="stratum")


def test_missing_values_in_design_column():
    data = load("apiclus1")
    data.loc[4, "dnum"] = np.nan
    with pytest.raises(MissingValueError, match=r"column 'dnum'.*row 6"):
        Design(data, psu="dnum")


def test_fpc_smaller_than_sample():
    data = load("apistrat")
    data.loc[data["stype"] == "H", "fpc"] = 20
    with pytest.raises(DesignError, match="more than 100% sampling"):
        Design(data, strata="stype", fpc="fpc")


def test_fpc_varying_within_stratum():
    data = load("apistrat")
    data.loc[0, "fpc"] = 5000
    with pytest.raises(DesignError, match=r"fpc varies within a stratum at stage 1 \(row 2\)"):
        Design(data, strata="stype", fpc="fpc")


def test_fpc_mixing_sizes_and_fractions():
    data = load("apistrat").astype({"fpc": float})
    data.loc[data["stype"] == "H", "fpc"] = 0.5
    with pytest.raises(DesignError, match="mixes population sizes"):
        Design(data, strata="stype", fpc="fpc")


def test_fpc_needed_for_every_stage():
    with pytest.raises(DesignError, match="one fpc column per psu"):
        Design(load("apiclus2"), psu=["dnum", "snum"], fpc="fpc1")


def test_psu_not_nested_suggests_nest():
    with pytest.raises(DesignError, match=r"more than one stratum.*nest=True"):
        Design(load("apistrat"), psu="dnum", strata="stype", weights="pw")


def test_single_psu_design():
    data = load("apiclus1")
    with pytest.raises(DesignError, match="only one primary sampling unit"):
        Design(data[data["dnum"] == 637], psu="dnum")


def test_bad_options():
    with pytest.raises(InvalidParameterError, match="'lonely_psu' parameter must be one of"):
        Design(load("apistrat"), lonely_psu="fail")
    with pytest.raises(InvalidParameterError, match="'ci_method' parameter"):
        Design(load("apistrat")).mean("api00", ci_method="z")


def test_missing_analysis_values_need_na_rm(designs):
    with pytest.raises(MissingValueError, match=r"column 'enroll'.*missing='drop'"):
        designs["dclus2"].mean("enroll")


def test_unknown_level(designs):
    with pytest.raises(InvalidCategoryError, match="'X' does not occur"):
        designs["dstrat"].proportion("stype", "X")


def test_errors_are_value_errors():
    assert issubclass(DesignError, TdktInputError) and issubclass(DesignError, ValueError)
