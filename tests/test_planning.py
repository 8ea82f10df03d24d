"""Survey planning (tdkt_eval.design.planning): sample sizes and allocation, against textbook formulas.

The golden numbers are computed by hand from the formulas (Cochran 1977, ch. 4 and 5; Yamane 1967;
Kish 1965), not by the code under test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tdkt_eval as te
from tdkt_eval.design.planning import adjust_nonresponse, allocate, inclusion_probabilities, pps_systematic, sample_size

Z95 = 1.959963984540054


def test_cochran_for_a_proportion_and_a_mean():
    assert sample_size(margin=0.05).n_complete == math.ceil(Z95 ** 2 * 0.25 / 0.05 ** 2) == 385
    assert sample_size(margin=0.03, proportion=0.2).n_complete == math.ceil(Z95 ** 2 * 0.16 / 0.03 ** 2)  # 683
    assert sample_size(margin=0.1, sd=0.9).n_complete == math.ceil(Z95 ** 2 * 0.81 / 0.01)  # a 1-5 score: 312
    z90 = 1.6448536269514722
    assert sample_size(margin=0.05, conf_level=0.90).n_complete == math.ceil(z90 ** 2 * 0.25 / 0.0025)  # 271


def test_finite_population_design_effect_and_response_rate_step_by_step():
    res = sample_size(margin=0.05, population=2000, icc=0.05, cluster_size=20, response_rate=0.8)
    n0 = Z95 ** 2 * 0.25 / 0.0025
    n1 = n0 / (1 + (n0 - 1) / 2000)  # 322.39
    n2 = n1 * (1 + 19 * 0.05)  # 628.66
    np.testing.assert_allclose(res.steps["size"].to_numpy(), [n0, n1, n2, math.ceil(n2) / 0.8], rtol=1e-12)
    assert (res.n_complete, res.n_approach) == (629, 787)
    assert "deff = 1.950" in str(res) and list(res.to_frame().columns) == ["step", "size", "note"]


def test_yamane_as_sipas_uses_it():
    assert sample_size(margin=0.05, population=2000, method="yamane").n_complete == math.ceil(2000 / 6)  # 334
    assert sample_size(margin=0.05, population=100_000, method="yamane").n_complete == 399  # 100000 / 251
    with pytest.raises(te.InvalidParameterError, match="needs population="):
        sample_size(margin=0.05, method="yamane")


def test_bad_arguments_are_refused():
    with pytest.raises(te.InvalidParameterError, match="'margin'"):
        sample_size(margin=0)
    with pytest.raises(te.InvalidParameterError, match="not both"):
        sample_size(margin=0.05, deff=2, icc=0.1, cluster_size=10)
    with pytest.raises(te.InvalidParameterError, match="go together"):
        sample_size(margin=0.05, icc=0.1)
    with pytest.raises(te.InvalidParameterError, match="'response_rate'"):
        sample_size(margin=0.05, response_rate=1.5)


SIZES = {"D01": 12_000, "D02": 8_000, "D03": 5_000, "D04": 900}


def test_proportional_and_equal_allocation_sum_to_n():
    prop = allocate(SIZES, 600).set_index("stratum")["n"]
    assert prop.sum() == 600 and prop.tolist() == [278, 185, 116, 21]  # 600 N_h / 25 900, largest remainders
    eq = allocate(SIZES, 600, method="equal")["n"]
    assert eq.tolist() == [150, 150, 150, 150]


def test_minimum_per_stratum_and_population_cap():
    out = allocate(SIZES, 600, minimum=60).set_index("stratum")["n"]
    assert out["D04"] == 60 and out.sum() == 600 and (out >= 60).all()
    small = allocate({"A": 30, "B": 5000}, 400, method="equal").set_index("stratum")["n"]
    assert small.tolist() == [30, 370]  # a stratum never gets more than its population


def test_neyman_beats_proportional_by_the_textbook_amount():
    """Cochran (1977) eq. 5.28 (large N_h): V_prop - V_ney = (sum W_h (S_h - S_bar)^2) / n."""
    sd = {"D01": 0.6, "D02": 1.2, "D03": 0.9, "D04": 2.0}
    n, pop = 6000, pd.Series(SIZES, dtype=float)
    ney = allocate(SIZES, n, method="neyman", sd=sd).set_index("stratum")["n"].astype(float)
    prop = allocate(SIZES, n).set_index("stratum")["n"].astype(float)
    w, s = pop / pop.sum(), pd.Series(sd)
    assert np.allclose(ney / n, w * s / (w * s).sum(), atol=1 / n)  # n_h proportional to N_h S_h
    v = {name: float((w ** 2 * s ** 2 / a).sum()) for name, a in (("ney", ney), ("prop", prop))}
    s_bar = float((w * s).sum())
    assert v["prop"] - v["ney"] == pytest.approx(float((w * (s - s_bar) ** 2).sum()) / n, rel=0.02)
    with pytest.raises(te.InvalidParameterError, match="needs sd="):
        allocate(SIZES, 600, method="neyman")


# --- selection: systematic PPS against R sampling 2.9 (tests/reference/make_sampling_reference.R) ----------------
SAMPLING = json.loads((Path(__file__).parent / "reference" / "sampling.json").read_text(encoding="utf-8"))


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"commune": [f"X{i:02d}" for i in range(1, 41)], "households": SAMPLING["households"]})


def test_inclusion_probabilities_match_r_sampling():
    for n, key in ((8, "pik8"), (12, "pik12")):
        np.testing.assert_allclose(inclusion_probabilities(SAMPLING["households"], n), SAMPLING[key],
                                   rtol=0, atol=1e-12)
    pik = inclusion_probabilities(SAMPLING["households"], 12)
    assert pik.sum() == pytest.approx(12) and (pik[[2, 16]] == 1).all()  # the two large wards: certainty


@pytest.mark.parametrize("draw", SAMPLING["draws"], ids=lambda d: f"seed{d['seed']}")
def test_the_same_start_selects_what_r_upsystematic_selects(draw):
    out = pps_systematic(_frame(), 12, size="households", start=draw["start"])
    assert (np.flatnonzero(out["selected"]) + 1).tolist() == draw["selected"]
    assert out["selected"].sum() == 12 and out.loc[out["certainty"], "selected"].all()
    np.testing.assert_allclose(out.loc[out["selected"], "design_weight"],
                               1 / out.loc[out["selected"], "inclusion_probability"])


@pytest.mark.slow
def test_each_unit_is_drawn_at_its_inclusion_probability():
    """2,000 draws: the selection counts against 2,000 pi_k (chi-square over the non-certainty units)."""
    frame, reps = _frame(), 2000
    counts = np.zeros(len(frame))
    for seed in range(reps):
        counts += pps_systematic(frame, 12, size="households", seed=seed)["selected"].to_numpy()
    pik = inclusion_probabilities(frame["households"], 12)
    middle = pik < 1
    assert (counts[~middle] == reps).all()
    expected = reps * pik[middle]
    chi2 = float((((counts[middle] - expected) ** 2) / (expected * (1 - pik[middle]))).sum())
    assert stats.chi2.sf(chi2, middle.sum()) > 0.01  # binomial variances; found chi2 23.6 on 38 df, p = 0.97
    # the Horvitz-Thompson total of an outcome not proportional to size is unbiased (found: ratio 0.9997, SE 0.003)
    members = np.round(np.sqrt(frame["households"]) * np.random.default_rng(5).uniform(0.5, 1.5, len(frame)) * 10)
    totals = [float((members * pps_systematic(frame, 12, size="households", seed=s)["design_weight"]).sum())
              for s in range(reps)]
    assert np.mean(totals) == pytest.approx(members.sum(), rel=0.01)


def test_a_replayed_seed_gives_the_same_communes_and_bad_starts_are_refused():
    a = pps_systematic(_frame(), 8, size="households", seed=7)
    b = pps_systematic(_frame(), 8, size="households", seed=7)
    assert a["selected"].equals(b["selected"])
    with pytest.raises(te.InvalidParameterError, match="'start'"):
        pps_systematic(_frame(), 8, size="households", start=1.0)
    with pytest.raises(te.InvalidParameterError, match="between 1 and the number of units"):
        inclusion_probabilities([1, 2, 0], 3)


# --- nonresponse adjustment ------------------------------------------------------------------------------------------
def test_adjusted_weights_keep_each_cell_total_and_equal_n_over_r_under_srs():
    rng = np.random.default_rng(11)
    s = pd.DataFrame({"cell": rng.choice(["a", "b", "c"], 600), "w": 25.0, "ok": rng.random(600) < 0.7})
    adj = adjust_nonresponse(s, weight="w", responded="ok", cells="cell")
    for cell, part in s.groupby("cell"):
        assert adj[part.index].sum() == pytest.approx(part["w"].sum())  # respondents carry the whole cell
        assert adj[part.index[part["ok"]]].iloc[0] == pytest.approx(25 * len(part) / part["ok"].sum())
    assert adj[~s["ok"]].isna().all()


def test_planted_nonresponse_bias_is_removed():
    """Women answer twice as often as men and score 1 point higher: the respondents' mean is biased upward."""
    rng = np.random.default_rng(12)
    n = 40_000
    sex = rng.choice(["female", "male"], n)
    y = np.where(sex == "female", 4.0, 3.0) + rng.normal(0, 1, n)
    ok = rng.random(n) < np.where(sex == "female", 0.8, 0.4)
    s = pd.DataFrame({"sex": sex, "y": y, "w": 5.0, "ok": ok})
    naive = s.loc[ok, "y"].mean()  # about 3.67
    with pytest.warns(te.DataQualityWarning, match="largest 2.49 in male"):  # men: 1 / 0.4
        adj = adjust_nonresponse(s, weight="w", responded="ok", cells="sex")
    fixed = float(np.average(s.loc[ok, "y"], weights=adj[ok]))
    assert naive - y.mean() > 0.1 and abs(fixed - y.mean()) < 0.02


def test_an_empty_cell_is_refused_and_a_large_factor_warned():
    s = pd.DataFrame({"cell": ["a", "a", "b", "b"], "w": 1.0, "ok": [True, False, False, False]})
    with pytest.raises(te.NotEstimableError, match="Weighting cells with no respondent: b"):
        adjust_nonresponse(s, weight="w", responded="ok", cells="cell")
    s = pd.DataFrame({"cell": ["a"] * 5, "w": 1.0, "ok": [True, False, False, False, False]})
    with pytest.warns(te.DataQualityWarning, match=r"largest 5.00 in a"):
        adjust_nonresponse(s, weight="w", responded="ok", cells="cell")


def test_per_domain_sizes_and_the_cluster_tradeoff_table_by_hand():
    """Kish: n0 = 1.96² x 0.25 / e², times 1 + (m - 1) icc, rounded up; k domains need k times that."""
    from tdkt_eval.design.planning import cluster_tradeoffs

    n0 = 1.959963984540054 ** 2 * 0.25 / 0.10 ** 2                       # 96.04
    per_district = math.ceil(n0 * (1 + 19 * 0.05))                        # 188
    assert sample_size(margin=0.10, icc=0.05, cluster_size=20, domains=10).n_complete == 10 * per_district
    table = cluster_tradeoffs(margin=0.05, icc=0.05, cluster_sizes=[10, 20, 30], cost_per_cluster=3_000_000,
                              cost_per_interview=150_000)
    n0 = n0 * 4                                                           # e = 0.05: 384.15
    want = [math.ceil(n0 * (1 + (m - 1) * 0.05)) for m in (10, 20, 30)]    # 558, 750, 942
    assert table["interviews"].tolist() == want
    assert table["clusters"].tolist() == [math.ceil(n / m) for n, m in zip(want, (10, 20, 30))]
    costs = [math.ceil(n / m) * 3_000_000 + n * 150_000 for n, m in zip(want, (10, 20, 30))]
    assert table["cost"].tolist() == costs and table["cheapest"].tolist() == [c == min(costs) for c in costs]
    with pytest.raises(te.InvalidParameterError, match="go together"):
        cluster_tradeoffs(margin=0.05, icc=0.05, cost_per_cluster=1.0)
    with pytest.raises(te.InvalidParameterError, match="domains"):
        sample_size(margin=0.05, domains=0)
