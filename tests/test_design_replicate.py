"""Replicate-weight designs against R survey 4.1.1, and the identities they must keep.

Reference values: tests/reference/design_replicate.json, written by make_replicate_reference.R
(R calls, versions and date in each block).  JK1 and JKn replicates are built here by
Design.replicate and compared with R's ``as.svrepdesign``; BRR, Fay and bootstrap replicates
are R's own (rep_brr.csv, rep_fay.csv, rep_boot.csv), read back with ReplicateDesign, so the
estimators are compared on the same weights.  Our BRR and bootstrap constructions are checked by
identities and by simulation.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tdkt_eval.design.estimation import Design
from tdkt_eval.design.replicate import ReplicateDesign
from tdkt_eval.errors import DesignError, InvalidParameterError

REFERENCE = Path(__file__).parent / "reference"
TOL = 1e-9


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / f"{name}.csv").rename(columns=lambda c: c.replace(".", "_"))


def from_columns(name: str, **options) -> ReplicateDesign:
    frame = load(name)
    columns = [c for c in frame.columns if c.startswith("rep") and c[3:].isdigit()]
    return ReplicateDesign(frame, weights="pw" if "pw" in frame else "w", repweights=columns, **options)


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads((REFERENCE / "design_replicate.json").read_text())


@pytest.fixture(scope="module")
def designs(ref) -> dict[str, ReplicateDesign]:
    boot = ref["dclus1_boot_design"]
    return {
        "dclus1_jk1": Design(load("apiclus1"), psu="dnum", weights="pw", fpc="fpc").replicate("jk1"),
        "dstrat_jkn": Design(load("apistrat"), strata="stype", weights="pw", fpc="fpc").replicate("jkn"),
        "dclus1_boot": from_columns("rep_boot", type="other", scale=boot["scale"], rscales=boot["rscales"]),
        "pairs_brr": from_columns("rep_brr", type="BRR"),
        "pairs_fay": from_columns("rep_fay", type="Fay", rho=0.3),
    }


def close(ours, theirs, tol=TOL) -> None:
    np.testing.assert_allclose(np.atleast_1d(np.asarray(ours, float)), np.atleast_1d(np.asarray(theirs, float)),
                               rtol=tol, atol=0)


def first(value) -> float:
    return float(np.ravel(value)[0])


@pytest.mark.parametrize("name", ["dclus1_jk1", "dstrat_jkn", "dclus1_boot", "pairs_brr", "pairs_fay"])
def test_scale_rscales_and_df_are_rs(name, designs, ref):
    design, expected = designs[name], ref[f"{name}_design"]
    close(design.scale, expected["scale"], 1e-12)
    close(np.sort(design.rscales), np.sort(expected["rscales"]), 1e-12)  # replicates may come in another order
    assert (design.degf, design.n_replicates) == (expected["degf"], expected["n_replicates"])


@pytest.mark.parametrize("name", ["dclus1_jk1", "dstrat_jkn", "dclus1_boot"])
def test_every_estimator_matches_r_on_the_api_replicates(name, designs, ref):
    d = designs[name]

    def pair(key):
        return [first(ref[f"{name}_{key}"]["estimate"]), first(ref[f"{name}_{key}"]["se"])]

    for key, result in [("mean", d.mean("api00")), ("total", d.total("enroll")), ("ratio", d.ratio("api00", "api99")),
                        ("contrast", d.contrast("api00", {"E": 1, "H": -1}, by="stype"))]:
        close([result.estimate, result.se], pair(key))
    by = d.mean("api00", by="stype").to_frame()
    close(np.r_[by["estimate"], by["se"]], np.r_[ref[f"{name}_by"]["estimate"], ref[f"{name}_by"]["se"]])
    fit = d.glm("I(sch_wide == 'Yes') ~ ell + meals", family="quasibinomial")
    expected = ref[f"{name}_glm"]
    close(np.r_[fit.to_frame()["estimate"], fit.to_frame()["se"]], np.r_[expected["estimate"], expected["se"]])
    assert fit.df_residual == expected["df_residual"]
    test, expected = d.ttest("api00", "sch_wide"), ref[f"{name}_ttest"]
    close([test.statistic, test.df[0], test.p_value], [expected["statistic"], expected["df"], expected["p_value"]])
    test, expected = d.chisq("sch_wide", "stype"), ref[f"{name}_chisq"]
    close([test.statistic, *test.df, test.p_value], [expected["statistic"], *expected["parameter"], expected["p_value"]])
    table, expected = d.quantile("api00", probs=[0.25, 0.5]).to_frame(), ref[f"{name}_quantile"]
    for column in ("quantile", "ci_low", "ci_high", "se"):
        close(table[column], expected[column])


@pytest.mark.parametrize("name", ["pairs_brr", "pairs_fay"])
def test_half_sample_replicates_match_r(name, designs, ref):
    d = designs[name]
    mean, total = d.mean("y", missing="drop"), d.total("x")
    close([mean.estimate, mean.se], [ref[f"{name}_mean"]["estimate"], ref[f"{name}_mean"]["se"]])
    close([total.estimate, total.se], [ref[f"{name}_total"]["estimate"], ref[f"{name}_total"]["se"]])
    fit, expected = d.glm("yes ~ x + grp", family="quasibinomial"), ref[f"{name}_glm"]
    table = fit.to_frame().set_index("term").loc[["Intercept", "x", "grp[T.b]", "grp[T.c]"]]
    close(np.r_[table["estimate"], table["se"]], np.r_[expected["estimate"], expected["se"]])
    quantile, expected = d.quantile("x", probs=0.5).to_frame(), ref[f"{name}_quantile"]
    close(quantile[["quantile", "ci_low", "ci_high", "se"]].to_numpy().ravel(),
          [expected["quantile"], expected["ci_low"], expected["ci_high"], expected["se"]])


# -- our own replicates: identities ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pairs() -> Design:
    frame = load("random_pairs")
    return Design(frame, psu="district", strata="stratum", weights="w")


@pytest.mark.parametrize("method", ["brr", "jkn"])
def test_a_total_gets_the_linearised_variance_from_brr_and_jkn(pairs, method):
    """Two PSUs per stratum, no fpc: for a total, BRR (any balanced set) and JKn equal Taylor exactly."""
    linear = pairs.total("x")
    replicated = pairs.replicate(method).total("x")
    close([replicated.estimate, replicated.se], [linear.estimate, linear.se], 1e-12)


def test_our_brr_gives_rs_brr_variance_for_a_total(pairs, designs):
    close(pairs.replicate("brr").total("x").se, designs["pairs_brr"].total("x").se, 1e-12)


def test_our_brr_is_balanced_and_orthogonal(pairs):
    rep = pairs.replicate("brr")
    multipliers = rep._reps / rep._w[:, None]
    assert set(np.unique(np.round(multipliers, 12))) == {0.0, 2.0}
    psu_level = pd.DataFrame(multipliers).groupby(pairs.data["district"].to_numpy()).first().to_numpy() - 1
    assert np.allclose(psu_level.sum(axis=1), 0)                      # each PSU is in half of the replicates
    first = psu_level[pd.Index(pairs.data["district"]).unique().sort_values().isin(
        pairs.data.groupby("stratum")["district"].first())]            # each stratum's first PSU: replicates x strata
    signs = first.T
    assert np.allclose(signs.T @ signs, rep.n_replicates * np.eye(signs.shape[1]))  # orthogonal columns
    fay = pairs.replicate("fay", rho=0.3)
    assert set(np.unique(np.round(fay._reps / fay._w[:, None], 12))) == {0.3, 1.7}


def test_jk1_of_an_unstratified_srs_is_the_textbook_se():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"y": rng.normal(size=40)})
    rep = Design(frame).replicate("jk1")
    close(rep.mean("y").se, frame["y"].std(ddof=1) / np.sqrt(40), 1e-12)


def test_bootstrap_is_reproducible_and_near_the_linearised_se():
    rng = np.random.default_rng(5)
    psu = np.repeat(np.arange(80), 10)
    frame = pd.DataFrame({"psu": psu, "stratum": psu % 8, "y": rng.normal(size=800) + rng.normal(size=80)[psu]})
    design = Design(frame, psu="psu", strata="stratum")
    first_draw = design.replicate("bootstrap", replicates=400, seed=1)
    again = design.replicate("bootstrap", replicates=400, seed=1)
    assert np.array_equal(first_draw._reps, again._reps)
    ratio = first_draw.mean("y").se / design.mean("y").se
    assert 0.85 < ratio < 1.15, ratio


# -- refusals ------------------------------------------------------------------------------------------------

def test_designs_that_cannot_be_replicated_say_why(pairs):
    strat = Design(load("apistrat"), strata="stype", weights="pw")
    with pytest.raises(DesignError, match="two PSUs"):
        strat.replicate("brr")
    with pytest.raises(DesignError, match="calibrated"):
        Design(load("apiclus1"), psu="dnum", weights="pw").poststratify("stype", {"E": 4421, "H": 755, "M": 1018}).replicate("jk1")
    with pytest.raises(InvalidParameterError, match="rscales"):
        ReplicateDesign(load("rep_brr"), weights="w", repweights="^rep[0-9]+$", type="JKn")
    with pytest.raises(InvalidParameterError, match="rho"):
        ReplicateDesign(load("rep_fay"), weights="w", repweights="^rep[0-9]+$", type="Fay")
    with pytest.raises(DesignError, match="No replicate-weight columns"):
        ReplicateDesign(load("rep_brr"), weights="w", repweights="^nothing$", type="BRR")
