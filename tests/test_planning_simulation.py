"""The planned citizen design, end to end: plan the size, draw it, estimate from it (issue 19).

* **The planned margin is met.** sample_size plans a proportion to ±5 points with an ICC of 0.05
  and 30 households a commune; select_sample then draws that plan 2,000 times from a synthetic
  province whose communes differ by exactly that ICC. The estimate must fall within the margin
  of the province's share in at least 95% of the draws, without bias.
* **R agrees on the weights and the estimates.** One drawn sample (tests/reference/
  make_planned_sample.py) against R: sampling's inclusion probabilities rebuilt from the frame
  give the same design weights, and survey's svymean, svytotal and svyby on those weights give
  the same estimates and standard errors (tests/reference/make_planned_reference.R, 1e-9).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tdkt_eval.design.estimation import Design
from tdkt_eval.design.planning import sample_size
from tdkt_eval.design.selection import select_sample

REFERENCE = Path(__file__).parent / "reference"
PLANNED = json.loads((REFERENCE / "planned.json").read_text(encoding="utf-8"))
DRAWS = 2000
MARGIN, ICC, VILLAGES, PER_VILLAGE, STRATA = 0.05, 0.05, 3, 10, 4


@pytest.fixture(scope="module")
def province() -> pd.DataFrame:
    """4 districts of 40 communes, 6-12 villages each; a commune's share of 'yes' ~ Beta(9.5, 9.5): ICC 0.05."""
    rng = np.random.default_rng(19)
    rows = []
    for h in range(STRATA):
        for c in range(40):
            share = rng.beta(9.5, 9.5)                       # variance 0.25 / (2 x 9.5 + 1) = 0.05 x 0.25
            rows += [(f"Huyện {h}", f"Xã {h}.{c}", f"Thôn {v}", int(rng.integers(50, 400)), share)
                     for v in range(int(rng.integers(6, 13)))]
    return pd.DataFrame(rows, columns=["huyen", "xa", "thon", "ho", "share"])


@pytest.fixture(scope="module")
def draws(province) -> tuple[np.ndarray, dict[str, int]]:
    """The 2,000 estimates of the province's share, how often each commune was drawn, and each district's sets."""
    plan = sample_size(margin=MARGIN, icc=ICC, cluster_size=VILLAGES * PER_VILLAGE)
    communes = math.ceil(math.ceil(plan.n_complete / (VILLAGES * PER_VILLAGE)) / STRATA)
    assert (plan.n_complete, communes) == (942, 8)                # 1.96² x 0.25 / 0.05² x (1 + 29 x 0.05)
    rng = np.random.default_rng(20)
    out, counts, sets = [], {}, {}
    for seed in range(DRAWS):
        sample = select_sample(province, stratum="huyen", commune="xa", village="thon", size="ho",
                               communes=communes, villages=VILLAGES, households=PER_VILLAGE,
                               village_method="pps", seed=seed)
        yes = rng.binomial(sample["households_to_interview"], sample["share"])
        weight = sample["design_weight"]
        out.append((weight * yes).sum() / (weight * sample["households_to_interview"]).sum())
        for name in sample["xa"].unique():
            counts[name] = counts.get(name, 0) + 1
        for h, chosen in sample.groupby("huyen")["xa"]:
            key = (h, frozenset(chosen))
            sets[key] = sets.get(key, 0) + 1
    return np.array(out), counts, sets


@pytest.fixture(scope="module")
def estimates(draws) -> np.ndarray:
    return draws[0]


def test_the_planned_margin_is_met_in_at_least_95_percent_of_draws(province, estimates):
    truth = (province["ho"] * province["share"]).sum() / province["ho"].sum()
    within = np.mean(np.abs(estimates - truth) <= MARGIN)
    assert within >= 0.95, within


def _set_probabilities(sizes: pd.Series, n: int) -> dict[frozenset, float]:
    """Each set of communes systematic PPS can draw, with its probability: the length of the starts giving it.

    A commune's cumulative inclusion probabilities cut [0, 1) into pieces; every start in a piece
    selects the same communes (the rule R's UPsystematic follows, replayed in test_planning).
    """
    from tdkt_eval.design.planning import inclusion_probabilities, systematic_pps

    pik = inclusion_probabilities(sizes.to_numpy(float), n)
    cuts = np.unique(np.concatenate([[0.0, 1.0], np.mod(np.cumsum(pik), 1.0)]))
    out: dict[frozenset, float] = {}
    for low, high in zip(cuts[:-1], cuts[1:]):
        if high - low < 1e-9:                                   # a cut repeated by rounding
            continue
        chosen = frozenset(sizes.index[systematic_pps(sizes.to_numpy(float), n, (low + high) / 2)[1]])
        out[chosen] = out.get(chosen, 0.0) + high - low
    return out


def test_each_commune_and_each_sample_is_drawn_at_its_design_probability(province, draws):
    """Per commune, 2,000 draws against 2,000 π1: every |z| < 4. Per district, the sets of 8 communes
    drawn against their design probabilities: Pearson's χ², exact for these multinomial counts."""
    from scipy import stats

    from tdkt_eval.design.planning import inclusion_probabilities

    counts, sets = draws[1], draws[2]
    z, chi2, df = [], 0.0, 0
    for h, stratum in province.groupby("huyen", sort=False):
        sizes = stratum.groupby("xa", sort=False)["ho"].sum()
        for name, p in zip(sizes.index, inclusion_probabilities(sizes.to_numpy(float), 8)):
            z.append((counts.get(name, 0) - DRAWS * p) / np.sqrt(DRAWS * p * (1 - p)))
        expected = _set_probabilities(sizes, 8)
        assert {key for (g, key) in sets if g == h} <= set(expected)       # no set the design cannot draw
        observed = np.array([sets.get((h, key), 0) for key in expected], float)
        mean = DRAWS * np.array(list(expected.values()))
        small = mean < 5                                        # sets expected fewer than 5 times: one cell
        if small.any():
            observed = np.append(observed[~small], observed[small].sum())
            mean = np.append(mean[~small], mean[small].sum())
        chi2 += ((observed - mean) ** 2 / mean).sum()
        df += len(mean) - 1
    assert len(z) == 160 and np.abs(z).max() < 4, np.abs(z).max()
    assert stats.chi2.sf(chi2, df) > 0.001, (chi2, df)


def test_the_planned_estimator_is_unbiased(province, estimates):
    truth = (province["ho"] * province["share"]).sum() / province["ho"].sum()
    assert abs(estimates.mean() - truth) < 3 * estimates.std(ddof=1) / np.sqrt(DRAWS)


@pytest.fixture(scope="module")
def planned_sample() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "planned_sample.csv")


def test_the_drawn_sample_is_the_one_r_was_given(planned_sample):
    """select_sample still draws what the stored sample holds (else rerun both reference scripts)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_planned_sample", REFERENCE / "make_planned_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    drawn = select_sample(module.frame(), stratum="huyen", commune="xa", village="thon", size="ho", communes=4,
                          villages=3, households=12, village_method="pps", seed=2026)
    assert list(zip(drawn["xa"], drawn["thon"])) == list(dict.fromkeys(zip(planned_sample["xa"],
                                                                             planned_sample["thon"])))


def test_the_weights_are_those_r_sampling_gives(planned_sample):
    pi_1 = dict(zip(PLANNED["commune"], PLANNED["pi_1"]))
    pi_2 = dict(zip(PLANNED["village"], PLANNED["pi_2"]))
    np.testing.assert_allclose(planned_sample["pi_1"], planned_sample["xa"].map(pi_1), rtol=0, atol=1e-12)
    np.testing.assert_allclose(planned_sample["pi_2"], (planned_sample["xa"] + " " + planned_sample["thon"]).map(pi_2),
                               rtol=0, atol=1e-12)
    np.testing.assert_allclose(planned_sample["design_weight"], PLANNED["weight"], rtol=1e-12)


def test_the_estimates_are_those_r_survey_gives(planned_sample):
    design = Design(planned_sample, strata="huyen", psu="xa", weights="design_weight")
    assert design.degf == PLANNED["degf"]
    for k, column in enumerate(["yes", "score"]):
        estimate = design.mean(column)
        assert estimate.estimate == pytest.approx(PLANNED["mean"][k], rel=1e-9)
        assert estimate.se == pytest.approx(PLANNED["mean_se"][k], rel=1e-9)
    total = design.total("yes")
    assert total.estimate == pytest.approx(PLANNED["total"], rel=1e-9)
    assert total.se == pytest.approx(np.ravel(PLANNED["total_se"])[0], rel=1e-9)
    by = design.mean("score", by="huyen").table
    assert by["huyen"].tolist() == PLANNED["by_stratum"]
    np.testing.assert_allclose(by["estimate"], PLANNED["by_mean"], rtol=1e-9)
    np.testing.assert_allclose(by["se"], PLANNED["by_se"], rtol=1e-9)
