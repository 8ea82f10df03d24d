"""Tests of tdkt_eval.formality.rotation: size on merit data, power on rotation, the demo, errors."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval import (
    DataQualityWarning,
    DuplicateKeyError,
    InconsistentValuesError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
)
from tdkt_eval.formality.rotation import flag_rotation

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
BETA = 0.5  # merit slope of the simulations: the top scorer wins 55-73% of the years (5-20 units)


def simulate(rng: np.random.Generator, *, n_clusters: int = 6, n_units: int = 20, n_years: int = 6,
             beta: float = BETA, rotating: int = 0, flags: str = "merit") -> pd.DataFrame:
    """A cluster_results table: total = 100 + unit merit N(0, 4^2) + yearly noise N(0, 3^2), in half points.

    Flags follow softmax(beta * total) (drawn by the Gumbel-max trick, not the library's sampler),
    or are uniform (``flags="uniform"``); the first ``rotating`` clusters instead hand the flag to
    a random fixed order of their units, one a year, cycling when the years outnumber the units.
    """
    merit = rng.normal(0.0, 4.0, (n_clusters, 1, n_units))
    scores = np.round(2 * (100 + merit + rng.normal(0.0, 3.0, (n_clusters, n_years, n_units)))) / 2
    logits = beta * scores if flags == "merit" else np.zeros_like(scores)
    winner = np.argmax(logits + rng.gumbel(size=scores.shape), axis=2)
    order = np.argsort(rng.random((n_clusters, n_units)), axis=1)
    winner[:rotating] = order[:rotating][:, np.arange(n_years) % n_units]
    c, y, u = np.meshgrid(np.arange(n_clusters), np.arange(n_years), np.arange(n_units), indexing="ij")
    return pd.DataFrame({"cluster_id": np.char.add("C", np.char.zfill(c.ravel().astype(str), 3)),
                         "year": 2019 + y.ravel(), "unit_id": np.char.add("U", np.char.zfill(u.ravel().astype(str), 2)),
                         "total_score": scores.ravel(), "flag_awarded": (winner[..., None] == u).ravel()})


def _run(seed: int, n_tables: int, **design) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n_tables):
        res = flag_rotation(simulate(rng, **design), seed=seed * 1000 + i)
        out.append(res.assign(planted=np.arange(len(res)) < design.get("rotating", 0)))
    return pd.concat(out, ignore_index=True)


# ---------------------------------------------------------------- calibration and power
@pytest.mark.slow
@pytest.mark.parametrize(("n_units", "n_years", "seed"), [(20, 6, 101), (5, 5, 102)])
def test_size_on_merit_data(n_units: int, n_years: int, seed: int) -> None:
    """600 merit clusters (100 tables of 6; beta estimated in each table): rotating at about 5%."""
    res = _run(seed, 100, n_units=n_units, n_years=n_years)
    assert len(res) == 600
    assert 0.03 <= res["rotating"].mean() <= 0.07
    # the lower tail of p_merit is calibrated at other levels too (ties broken at random, no pile-up)
    assert 0.07 <= (res["p_merit"] < 0.10).mean() <= 0.13 and (res["p_merit"] < 0.01).mean() <= 0.02


@pytest.mark.slow
def test_power_on_strict_rotation_5_units_5_years() -> None:
    """510 clusters rotating the flag among 5 units over 5 years, beside as many merit clusters."""
    res = _run(103, 170, n_units=5, n_years=5, rotating=3)
    rotating = res[res["planted"]]
    assert len(rotating) == 510
    assert rotating["rotating"].mean() >= 0.8
    assert (rotating["distinct_winners"] == 5).all()
    assert res.loc[~res["planted"], "rotating"].mean() <= 0.08  # rotating neighbours do not inflate the size


@pytest.mark.slow
def test_p_uniform_is_calibrated_on_uniform_flags() -> None:
    rng = np.random.default_rng(104)
    res = pd.concat([flag_rotation(simulate(rng, n_units=8, flags="uniform"), n_resamples=1000, seed=i)
                     for i in range(85)])
    assert len(res) == 510
    assert 0.03 <= (res["p_uniform"] < 0.05).mean() <= 0.07


def test_p_uniform_detects_turn_taking() -> None:
    """Two full rounds of 5 units over 10 years: more distinct than a lottery."""
    rng = np.random.default_rng(105)
    res = flag_rotation(simulate(rng, n_units=5, n_years=10, rotating=2), beta=0.0)
    assert (res["p_uniform"].iloc[:2] < 0.05).all()
    assert (res["repeat_wins"].iloc[:2] == 5).all()


# ---------------------------------------------------------------- the demo province
@pytest.fixture(scope="module")
def demo_results() -> pd.DataFrame:
    return te.load_records(DEMO / "cluster_results.csv", "cluster_results")


@pytest.mark.parametrize("beta", [None, 1.5366])  # PLANTED.md: beta of the merit clusters
def test_demo_flags_exactly_c2_and_c5(demo_results: pd.DataFrame, beta: float | None) -> None:
    res = flag_rotation(demo_results, beta=beta).set_index("cluster_id")
    assert list(res.index[res["rotating"]]) == ["C2", "C5"]
    # C4 (19 communes): five distinct winners in six years, yet explained by merit (top scorers mostly win)
    assert res.loc["C4", "distinct_winners"] == 5 and res.loc["C4", "p_merit"] > 0.05
    assert (res.loc[["C2", "C5"], "p_merit"] < 0.001).all()
    assert (res[["p_uniform"]].loc[["C2", "C5"]] > 0.05).all().all()  # like a lottery over the cluster's units


def test_demo_descriptives(demo_results: pd.DataFrame) -> None:
    res = flag_rotation(demo_results, n_resamples=200).set_index("cluster_id")
    win = demo_results[demo_results["flag_awarded"]]
    top = win["total_score"].to_numpy() >= demo_results.groupby(["cluster_id", "year"])["total_score"].transform(
        "max")[win.index].to_numpy()
    expected = pd.Series(~top, index=win["cluster_id"].to_numpy()).groupby(level=0).mean()
    pd.testing.assert_series_equal(res["not_top_rate"], expected, check_names=False)
    assert list(res.loc[["C2", "C5"], "distinct_winners"]) == [6, 6]
    assert (res["distinct_winners"] + res["repeat_wins"] == res["years"]).all()
    # 20 departments (C1), 20 enterprises (C6) and the communes of the former district areas (C2-C5)
    assert res["units"].tolist() == [20, 13, 15, 19, 15, 20] and (res["years"] == 6).all()
    assert 1.0 < res["beta"].iloc[0] < 4.0  # the planted 1.54, estimated from the four merit clusters


def test_seed_makes_results_reproducible(demo_results: pd.DataFrame) -> None:
    a = flag_rotation(demo_results, n_resamples=300, seed=7)
    pd.testing.assert_frame_equal(a, flag_rotation(demo_results, n_resamples=300, seed=7))
    assert not a["p_merit"].equals(flag_rotation(demo_results, n_resamples=300, seed=8)["p_merit"])


def test_ties_when_the_top_scorer_always_wins() -> None:
    table = simulate(np.random.default_rng(106), n_clusters=3, beta=50.0)
    conservative = flag_rotation(table, beta=50.0, ties="conservative", n_resamples=400)
    assert (conservative["p_merit"] == 1.0).all()  # every draw repeats the observed sequence
    randomised = flag_rotation(table, beta=50.0, n_resamples=400)
    assert (randomised["p_merit"] < 1.0).all() and not randomised["rotating"].any()


def test_units_absent_in_some_years() -> None:
    table = simulate(np.random.default_rng(107), n_clusters=4, n_units=8)
    gone = (table["unit_id"] == "U07") & (table["year"] < 2022) & ~table["flag_awarded"]
    res = flag_rotation(table[~gone.to_numpy()].reset_index(drop=True), n_resamples=300)
    assert (res["units"] == 8).all() and res["p_merit"].between(0, 1).all()


def test_few_clusters_warn() -> None:
    table = simulate(np.random.default_rng(108), n_clusters=2)
    with pytest.warns(DataQualityWarning, match="only 2 cluster"):
        flag_rotation(table, n_resamples=100)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert flag_rotation(table, n_resamples=100, beta=0.5)["beta"].eq(0.5).all()


# ---------------------------------------------------------------- bad inputs
def _small() -> pd.DataFrame:
    return simulate(np.random.default_rng(109), n_clusters=3, n_units=4, n_years=3)


def test_cluster_with_one_unit() -> None:
    table = pd.concat([_small(), pd.DataFrame({"cluster_id": ["C9"], "year": [2019], "unit_id": ["U99"],
                                               "total_score": [90.0], "flag_awarded": [True]})])
    with pytest.raises(InconsistentValuesError, match="Cluster C9 has a single unit"):
        flag_rotation(table)


def test_year_without_flag() -> None:
    table = _small()
    table.loc[(table["cluster_id"] == "C001") & (table["year"] == 2020), "flag_awarded"] = False
    with pytest.raises(InconsistentValuesError, match="Cluster C001 has no flag winner in 2020"):
        flag_rotation(table)


def test_two_flags_in_one_year() -> None:
    table = _small()
    first = (table["cluster_id"] == "C002") & (table["year"] == 2021)
    table.loc[first & table["unit_id"].isin(["U00", "U01"]), "flag_awarded"] = True
    table.loc[first & ~table["unit_id"].isin(["U00", "U01"]), "flag_awarded"] = False
    with pytest.raises(InconsistentValuesError, match=r"Cluster C002 .*2021: U00, U01"):
        flag_rotation(table)


def test_winner_without_score() -> None:
    table = _small()
    table.loc[table["flag_awarded"].to_numpy().nonzero()[0][0], "total_score"] = np.nan
    with pytest.raises(MissingValueError, match="flag winners have no total_score.*C000 / 2019"):
        flag_rotation(table)


def test_other_table_errors() -> None:
    with pytest.raises(MissingColumnError, match="flag_awarded"):
        flag_rotation(_small().drop(columns="flag_awarded"))
    with pytest.raises(DuplicateKeyError, match="repeat cluster_id"):
        flag_rotation(pd.concat([_small(), _small().iloc[:1]]))
    table = _small()
    table.loc[3, "total_score"] = np.nan
    with pytest.raises(MissingValueError, match="no total_score"):
        flag_rotation(table)


@pytest.mark.parametrize(("option", "value"), [("n_resamples", 0), ("alpha", 1.5), ("beta", -1.0), ("ties", "mid"),
                                               ("seed", "x")])
def test_bad_options(option: str, value: object) -> None:
    with pytest.raises(InvalidParameterError, match=f"'{option}' parameter of flag_rotation"):
        flag_rotation(_small(), **{option: value})
