"""Representation ratios of groups among reward recipients (domain row 5)."""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import special, stats

import tdkt_eval as te
from tdkt_eval.rewards.representation import _ratio_ci, representation, representation_trend

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return te.load_dataset(DEMO, kinds=["rewards", "workforce"])


def _one_blas_thread():
    """Many tiny GLM fits run far faster without BLAS threads (when threadpoolctl is there)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(1)


def _tables(counts: dict, heads: dict, *, by: str = "gender", year: int = 2023) -> tuple[pd.DataFrame, ...]:
    """Rewards with ``counts[g]`` individual rewards per group and a workforce of ``heads[g]``."""
    rewards = pd.DataFrame({"year": year, "recipient_type": "individual", "level": "grassroots",
                            by: [g for g, k in counts.items() for _ in range(k)]})
    workforce = pd.DataFrame({"year": year, by: list(heads), "headcount": list(heads.values())})
    return rewards, workforce


# ----------------------------------------------------------------------------------- demo
def test_demo_women_ratio_recovers_the_planted_value(demo):
    out = representation(demo["rewards"], demo["workforce"], by="gender").set_index("gender")
    women = out.loc["female"]
    assert women["ratio"] == pytest.approx(0.707, abs=0.001)          # PLANTED.md section 3, realised
    assert women["ci_low"] < 0.70 < women["ci_high"]                   # covers the true 0.70
    assert 0.66 < women["ci_low"] and women["ci_high"] < 0.75                 # about ±0.025 on 6 years
    assert women["p_value"] < 1e-10 and women["chi2_p_value"] < 1e-10
    # person-years: the pooled headcount is the workforce summed over 2021-2026
    assert out["headcount"].sum() == demo["workforce"]["headcount"].sum()
    assert out["rewarded"].sum() == (demo["rewards"]["recipient_type"] == "individual").sum()


def test_demo_leaders_are_over_represented_and_null_groups_are_not(demo):
    pos = representation(demo["rewards"], demo["workforce"]).set_index("position_group")
    assert pos.loc["leader", "ratio"] > 1.5 and pos.loc["leader", "ci_low"] > 1.5
    assert pos.loc["frontline", "ci_high"] < 1
    # no sector or area effect was generated (PLANTED.md, null structure)
    for by in ("sector", "area_type"):
        out = representation(demo["rewards"], demo["workforce"], by=by)
        assert ((out["ci_low"] < 1) & (out["ci_high"] > 1)).all()


def test_demo_crossing_sums_to_the_margins(demo):
    cross = representation(demo["rewards"], demo["workforce"], by=["gender", "position_group"])
    assert len(cross) == 6 and cross["chi2_df"].iloc[0] == 5
    women_front = cross[(cross["gender"] == "female") & (cross["position_group"] == "frontline")].iloc[0]
    assert women_front["ratio"] < 0.7 and women_front["ci_high"] < 1
    margin = representation(demo["rewards"], demo["workforce"], by="gender").set_index("gender")
    summed = cross.groupby("gender")[["rewarded", "headcount"]].sum()
    pd.testing.assert_frame_equal(summed, margin[["rewarded", "headcount"]])


def test_demo_year_and_level_filters(demo):
    rw, wf = demo["rewards"], demo["workforce"]
    one = representation(rw, wf, by="gender", year=2021)
    assert one["headcount"].sum() == wf.loc[wf["year"] == 2021, "headcount"].sum()
    assert one["rewarded"].sum() == ((rw["year"] == 2021) & (rw["recipient_type"] == "individual")).sum()
    state = representation(rw, wf, by="position_group", reward_level="state")
    assert state["rewarded"].sum() == ((rw["level"] == "state") & (rw["recipient_type"] == "individual")).sum()
    assert state["headcount"].sum() == wf["headcount"].sum()        # the denominator does not change


def test_demo_bootstrap_agrees_with_katz_and_is_seeded(demo):
    katz = representation(demo["rewards"], demo["workforce"], by="gender")
    boot = representation(demo["rewards"], demo["workforce"], by="gender", method="bootstrap", seed=7)
    again = representation(demo["rewards"], demo["workforce"], by="gender", method="bootstrap", seed=7)
    pd.testing.assert_frame_equal(boot, again)
    np.testing.assert_allclose(boot[["ci_low", "ci_high"]], katz[["ci_low", "ci_high"]], atol=0.005)
    np.testing.assert_allclose(boot["se_log_ratio"], katz["se_log_ratio"], rtol=0.1)


def test_demo_collective_rewards(demo):
    out = representation(demo["rewards"], demo["workforce"], by="sector", recipient_type="collective")
    assert out["rewarded"].sum() == (demo["rewards"]["recipient_type"] == "collective").sum()
    with pytest.raises(te.MissingValueError, match="collective rewards have no value of 'gender'"):
        representation(demo["rewards"], demo["workforce"], by="gender", recipient_type="collective")


def test_inputs_are_not_modified(demo):
    rw, wf = demo["rewards"].copy(), demo["workforce"].copy()
    representation(demo["rewards"], demo["workforce"], by=["gender", "sector"], reward_level="grassroots")
    pd.testing.assert_frame_equal(rw, demo["rewards"])
    pd.testing.assert_frame_equal(wf, demo["workforce"])


# ------------------------------------------------------------------- formulas by hand
def test_katz_interval_by_hand():
    rewards, workforce = _tables({"female": 3, "male": 7}, {"female": 40, "male": 60})
    out = representation(rewards, workforce, by="gender").set_index("gender")
    z = stats.norm.ppf(0.975)
    for g, a, w in (("female", 3, 0.4), ("male", 7, 0.6)):
        rr, se = (a / 10) / w, np.sqrt(1 / a - 1 / 10)                 # census denominator: no 1/h - 1/H
        assert out.loc[g, "ratio"] == pytest.approx(rr, rel=1e-12)
        assert out.loc[g, "se_log_ratio"] == pytest.approx(se, rel=1e-12)
        assert out.loc[g, "ci_low"] == pytest.approx(rr * np.exp(-z * se), rel=1e-12)
        assert out.loc[g, "ci_high"] == pytest.approx(rr * np.exp(z * se), rel=1e-12)
    # 90% interval
    out90 = representation(rewards, workforce, by="gender", conf_level=0.90).set_index("gender")
    se = np.sqrt(1 / 3 - 1 / 10)
    assert out90.loc["female", "ci_low"] == pytest.approx(0.75 * np.exp(-stats.norm.ppf(0.95) * se), rel=1e-12)


def test_zero_rewards_use_clopper_pearson():
    rewards, workforce = _tables({"male": 12}, {"female": 30, "male": 70})
    out = representation(rewards, workforce, by="gender").set_index("gender")
    assert out.loc["female", "rewarded"] == 0 and out.loc["female", "ratio"] == 0
    assert out.loc["female", "ci_low"] == 0
    assert out.loc["female", "ci_high"] == pytest.approx((1 - 0.025 ** (1 / 12)) / 0.3, rel=1e-10)
    assert out.loc["male", "ci_high"] == pytest.approx(1 / 0.7)           # a = n: upper share is 1
    assert out.loc["male", "ci_low"] == pytest.approx(0.025 ** (1 / 12) / 0.7, rel=1e-10)


def test_chisquare_and_binomial_tests_match_scipy():
    counts, heads = {"frontline": 20, "leader": 12, "manager": 8}, {"frontline": 300, "leader": 40, "manager": 60}
    rewards, workforce = _tables(counts, heads, by="position_group")
    out = representation(rewards, workforce, by="position_group")
    a, w = np.array([20, 12, 8]), np.array([300, 40, 60]) / 400
    ref = stats.chisquare(a, 40 * w)
    assert out["chi2"].iloc[0] == pytest.approx(ref.statistic, rel=1e-12)
    assert out["chi2_p_value"].iloc[0] == pytest.approx(ref.pvalue, rel=1e-12)
    assert out["chi2_df"].iloc[0] == 2
    np.testing.assert_allclose(out["expected"], 40 * w)
    # the exact two-sided binomial p-value by hand: outcomes no more likely than the observed one
    for k, p, got in zip(a, w, out["p_value"]):
        pmf = stats.binom.pmf(np.arange(41), 40, p)
        assert got == pytest.approx(pmf[pmf <= pmf[k] * (1 + 1e-7)].sum(), rel=1e-9)


def test_katz_interval_covers_at_the_nominal_rate():
    rng = np.random.default_rng(11)
    w, rr, n = 0.4, 0.7, 300                                          # women's share of rewards 0.28
    a = rng.binomial(n, rr * w, size=4000).astype(float)
    _, lo, hi = _ratio_ci(a, float(n), np.full(a.shape, w), 0.95)
    assert 0.935 <= np.mean((lo < rr) & (rr < hi)) <= 0.965


def test_tests_hold_their_size_under_equal_representation():
    rng = np.random.default_rng(5)
    heads = {"frontline": 700, "leader": 100, "manager": 200}
    share = np.array(list(heads.values())) / 1000
    chi_reject = binom_reject = 0
    for _ in range(200):
        k = rng.multinomial(150, share)
        rewards, workforce = _tables(dict(zip(heads, k)), heads, by="position_group")
        out = representation(rewards, workforce, by="position_group")
        chi_reject += out["chi2_p_value"].iloc[0] < 0.05
        binom_reject += out["p_value"].iloc[1] < 0.05                 # leaders
    assert 0.02 <= chi_reject / 200 <= 0.09
    assert binom_reject / 200 <= 0.09                                 # exact: at most nominal


# -------------------------------------------------------------------------------- trend
def test_trend_equals_logistic_regression_of_single_rewards():
    rewards = pd.DataFrame({"year": np.repeat([2020, 2021, 2022, 2023], 25), "recipient_type": "individual",
                            "gender": np.tile(["female"] * 6 + ["male"] * 19, 4)})
    rewards.loc[[30, 31, 55, 56, 57, 80, 81, 82, 83], "gender"] = "female"
    workforce = pd.DataFrame({"year": np.repeat([2020, 2021, 2022, 2023], 2), "gender": ["female", "male"] * 4,
                              "headcount": [40, 60, 42, 58, 45, 55, 50, 50]})
    trend = representation_trend(rewards, workforce, by="gender", group="female")
    share = workforce.set_index(["year", "gender"])["headcount"].unstack()
    w = (share["female"] / share.sum(axis=1)).reindex(rewards["year"]).to_numpy()
    t = rewards["year"].to_numpy(float) - 2021.5
    fit = sm.GLM((rewards["gender"] == "female").to_numpy(float), sm.add_constant(t),
                 family=sm.families.Binomial(), offset=special.logit(w)).fit()
    assert np.log(trend.odds_ratio) == pytest.approx(fit.params[1], rel=1e-8)
    assert trend.se == pytest.approx(fit.bse[1], rel=1e-6)
    assert trend.p_value == pytest.approx(fit.pvalues[1], rel=1e-6)
    assert trend.by_year["ratio"].iloc[0] == pytest.approx((6 / 25) / 0.4)
    # dispersion is Pearson X2 / (T - 2) of the grouped counts, by hand
    by_year = trend.by_year
    pi = special.expit(special.logit(by_year["workforce_share"]) + fit.params[0]
                       + fit.params[1] * (by_year["year"] - 2021.5))
    x2 = ((by_year["rewarded"] - 25 * pi) ** 2 / (25 * pi * (1 - pi))).sum()
    assert trend.dispersion == pytest.approx(x2 / 2, rel=1e-6)
    assert "odds ratio per year" in str(trend) and trend.to_frame()["n_years"].iloc[0] == 4


def test_trend_finds_a_planted_rise_and_stays_quiet_on_the_demo(demo):
    rng = np.random.default_rng(3)
    years = np.arange(2018, 2025)
    rr = np.linspace(0.5, 1.0, len(years))                            # women catch up
    genders = [rng.choice(["female", "male"], 200, p=[0.5 * r, 1 - 0.5 * r]) for r in rr]
    rewards = pd.DataFrame({"year": np.repeat(years, 200), "recipient_type": "individual",
                            "gender": np.concatenate(genders)})
    workforce = pd.DataFrame({"year": np.repeat(years, 2), "gender": ["female", "male"] * len(years),
                              "headcount": 500})
    rising = representation_trend(rewards, workforce, by="gender", group="female")
    assert rising.odds_ratio > 1 and rising.p_value < 1e-4
    flat = representation_trend(demo["rewards"], demo["workforce"], by="gender", group="female")
    assert flat.p_value > 0.05 and flat.ci[0] < 1 < flat.ci[1]
    assert list(flat.by_year["year"]) == list(range(2021, 2027))
    crossed = representation_trend(demo["rewards"], demo["workforce"], by=["gender", "position_group"],
                                   group=("female", "frontline"), scale="pearson")
    assert crossed.se >= representation_trend(demo["rewards"], demo["workforce"], by=["gender", "position_group"],
                                              group=("female", "frontline")).se   # dispersion floored at 1


@pytest.mark.slow
def test_trend_size_under_no_trend():
    rng = np.random.default_rng(17)
    years = np.arange(2019, 2025)
    workforce = pd.DataFrame({"year": np.repeat(years, 2), "gender": ["female", "male"] * 6,
                              "headcount": np.tile([400, 600], 6)})
    reject = 0
    with _one_blas_thread():
        for _ in range(200):
            k = rng.binomial(80, 0.7 * 0.4, size=len(years))
            rewards = pd.DataFrame({"year": np.repeat(years, 80), "recipient_type": "individual",
                                    "gender": np.concatenate([["female"] * i + ["male"] * (80 - i) for i in k])})
            reject += representation_trend(rewards, workforce, by="gender", group="female").p_value < 0.05
    assert 0.02 <= reject / 200 <= 0.09


# ------------------------------------------------------------------------------- errors
def test_unknown_by_column():
    rewards, workforce = _tables({"female": 3, "male": 7}, {"female": 40, "male": 60})
    with pytest.raises(te.InvalidParameterError, match="'by' parameter of representation.*'genre'"):
        representation(rewards, workforce, by="genre")
    with pytest.raises(te.InvalidParameterError, match="'method'"):
        representation(rewards, workforce, by="gender", method="wald")
    with pytest.raises(te.InvalidParameterError, match="'reward_level'"):
        representation(rewards, workforce, by="gender", reward_level="province")
    with pytest.raises(te.InvalidParameterError, match="'group'"):
        representation_trend(rewards, workforce, by="gender", group="women")


def test_missing_group_values_name_the_rows():
    rewards, workforce = _tables({"female": 3, "male": 7}, {"female": 40, "male": 60})
    rewards.loc[[2, 5], "gender"] = None
    with pytest.raises(te.MissingValueError, match=r"rows 4, 7") as err:
        representation(rewards, workforce, by="gender")
    assert err.value.rows == (4, 7) and err.value.column == "gender"


def test_group_with_rewards_but_no_workforce_is_named():
    rewards, workforce = _tables({"female": 3, "male": 7}, {"female": 40, "male": 0})
    with pytest.raises(te.InconsistentValuesError, match=r"gender='male' \(7 rewards, rows 5, 6"):
        representation(rewards, workforce, by="gender")
    rewards, workforce = _tables({"female": 3, "male": 7}, {"female": 40, "male": 60})
    with pytest.raises(te.InconsistentValuesError, match=r"year\(s\) \[2024\]"):
        representation(rewards, workforce, by="gender", year=2024)


def test_bad_workforce_and_missing_columns():
    rewards, workforce = _tables({"female": 3, "male": 7}, {"female": 40, "male": 60})
    with pytest.raises(te.OutOfRangeError, match="headcount"):
        representation(rewards, workforce.assign(headcount=[40, -1]), by="gender")
    with pytest.raises(te.MissingColumnError, match="'level'"):
        representation(rewards.drop(columns="level"), workforce, by="gender", reward_level="state")


def test_small_expected_counts_warn_that_the_chi_square_is_unreliable():
    """Issue 16: the chi-square ran on expected counts of 0.1 without a word."""
    rewards, workforce = _tables({"leader": 3, "frontline": 7}, {"leader": 10, "frontline": 990}, by="position_group")
    with pytest.warns(te.DataQualityWarning, match=r"Expected counts as small as 0\.1 \(1 of 2 groups under 5\)"):
        out = representation(rewards, workforce, by="position_group")
    assert out["p_value"].notna().all()  # the exact binomial tests stay
    big_rewards, big_workforce = _tables({"leader": 30, "frontline": 70}, {"leader": 100, "frontline": 900},
                                         by="position_group")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        representation(big_rewards, big_workforce, by="position_group")  # expected 10 and 90: quiet
