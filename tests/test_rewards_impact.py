"""Campaign impact: DiD identity, an R sandwich reference, planted effects and pre-trends, the null rate."""

from __future__ import annotations

import json
from pathlib import Path

import contextlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import tdkt_eval as te  # noqa: E402
from tdkt_eval.rewards.impact import campaign_impact  # noqa: E402


def _simulate(rng: np.random.Generator, *, n_units: int = 40, years=range(2016, 2024), effect: float = 0.0,
              pre_slope: float = 0.0, start: int = 2020, staggered: bool = False) -> pd.DataFrame:
    """Unit and year effects plus noise; half the units treated from ``start`` (or 2019-2021)."""
    years = list(years)
    unit_fe, year_fe = rng.normal(0, 2, n_units), dict(zip(years, rng.normal(0, 1, len(years))))
    rows = []
    for i in range(n_units):
        treated = i < n_units // 2
        s = (2019 + i % 3 if staggered else start) if treated else None
        for t in years:
            e = t - s if treated else 0
            y = 60 + unit_fe[i] + year_fe[t] + rng.normal(0, 1)
            y += effect * (treated and e >= 0) + pre_slope * min(e, 0) * treated
            rows.append(dict(unit_id=f"U{i:03d}", year=t, treated=treated, start=s, y=y))
    return pd.DataFrame(rows)


def test_did_equals_two_by_two_difference_of_means():
    rng = np.random.default_rng(1)
    panel = _simulate(rng, n_units=30, years=[2022, 2023], effect=1.5, start=2023)
    means = panel.groupby(["treated", "year"])["y"].mean()
    expected = (means[True, 2023] - means[True, 2022]) - (means[False, 2023] - means[False, 2022])
    res = campaign_impact(panel, outcome="y", treated="treated", start=2023)
    assert res.estimate == pytest.approx(expected, abs=1e-10)
    es = res.event_study.set_index("event_time")
    assert list(es.index) == [-1, 0] and es.loc[0, "coef"] == pytest.approx(expected, abs=1e-10)
    assert np.isnan(res.pretrend["p_value"].iloc[0])             # no leads to test


# Reference: R lm + sandwich::vcovCL (HC1, clustered by unit) on _reference_panel();
# tests/reference/make_sandwich_reference.R writes sandwich_did.json with the calls, versions and date.
_R = json.loads((Path(__file__).parent / "reference" / "sandwich_did.json").read_text(encoding="utf-8"))
R_DID = (_R["did"]["estimate"], _R["did"]["se"])
R_EVENT = {row["event_time"]: (row["coef"], row["se"]) for row in _R["event_study"]}
R_PRETREND = (_R["pretrend"]["f_stat"], _R["pretrend"]["p_value"])


def _reference_panel() -> pd.DataFrame:
    """12 units, 2018-2023, starts 2020/2021/2022 for 7 units: deterministic, no random numbers."""
    starts = {0: 2020, 1: 2020, 2: 2020, 3: 2021, 4: 2021, 5: 2022, 6: 2022}
    rows = []
    for i in range(12):
        s = starts.get(i)
        for t in range(2018, 2024):
            y = 50 + i + 0.5 * (t - 2018) + 3.0 * (s is not None and t >= s) + round(4 * np.sin(7 * i + 3 * t), 3)
            rows.append(dict(unit_id=f"U{i:02d}", year=t, treated=int(s is not None), start=s, y=y))
    return pd.DataFrame(rows)


def test_matches_r_lm_with_sandwich_vcovcl():
    res = campaign_impact(_reference_panel(), outcome="y", treated="treated", start="start")
    assert (res.estimate, res.se) == pytest.approx(R_DID, rel=1e-9)
    es = res.event_study.set_index("event_time")
    for k, (coef, se) in R_EVENT.items():
        assert (es.loc[k, "coef"], es.loc[k, "se"]) == pytest.approx((coef, se), rel=1e-8)
    pt = res.pretrend.iloc[0]
    assert (pt["f_stat"], pt["p_value"]) == pytest.approx(R_PRETREND, rel=1e-8)
    assert res.df == 11 and res.n_treated_units == 7


def test_known_effect_is_covered_and_dynamic_lags_found():
    rng = np.random.default_rng(2024)
    res = campaign_impact(_simulate(rng, effect=2.0, staggered=True), outcome="y", treated="treated",
                          start="start")
    assert res.ci[0] <= 2.0 <= res.ci[1] and res.p_value < 1e-6
    lags = res.event_study.query("event_time >= 0")
    assert ((lags["ci_low"] <= 2.0) & (2.0 <= lags["ci_high"])).all()
    assert res.pretrend["p_value"].iloc[0] > 0.01


def test_planted_pre_trend_is_rejected():
    rng = np.random.default_rng(5)
    res = campaign_impact(_simulate(rng, pre_slope=0.8), outcome="y", treated="treated", start="start")
    assert res.pretrend["p_value"].iloc[0] < 0.001
    assert res.pretrend["leads"].iloc[0] == "-3,-2"


def _one_blas_thread():
    """Small least-squares problems run much faster on one BLAS thread (and on a busy machine)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


def test_null_panel_rejects_at_nominal_rate():
    rejected = []
    with _one_blas_thread():
        for seed in range(200):
            res = campaign_impact(_simulate(np.random.default_rng(seed)), outcome="y", treated="treated",
                                  start=2020)
            rejected.append(res.p_value < 0.05)
    assert 0.02 <= np.mean(rejected) <= 0.09


def test_staggered_without_never_treated_units_is_identified():
    panel = _simulate(np.random.default_rng(8), n_units=30, effect=1.0, staggered=True)
    panel = panel[panel["treated"]]
    res = campaign_impact(panel, outcome="y", treated="treated", start="start")
    assert res.n_treated_units == res.n_units == 15 and res.ci[0] <= 1.0 <= res.ci[1]


def test_missing_outcomes_dropped_and_counted():
    panel = _simulate(np.random.default_rng(3))
    panel.loc[[4, 9], "y"] = np.nan
    res = campaign_impact(panel, outcome="y", treated="treated", start="start")
    assert res.n_dropped == 2 and res.n_obs == len(panel) - 2
    assert "2 rows without an outcome dropped" in str(res)
    with pytest.raises(te.MissingValueError, match="2 rows have no outcome"):
        campaign_impact(panel, outcome="y", treated="treated", start="start", missing="raise")


def test_plot_returns_axes():
    res = campaign_impact(_simulate(np.random.default_rng(4), effect=1.0), outcome="y", treated="treated",
                          start="start")
    fig, ax = plt.subplots()
    assert res.plot(ax=ax) is ax
    assert len(ax.lines) >= 2
    own = res.plot()
    assert own is not ax
    plt.close("all")


def test_errors_name_the_problem():
    panel = _simulate(np.random.default_rng(6))
    flipped = panel.copy()
    flipped.loc[0, "treated"] = False
    with pytest.raises(te.InconsistentValuesError, match="'treated' must be the same in every year"):
        campaign_impact(flipped, outcome="y", treated="treated", start="start")
    no_start = panel.copy()
    no_start.loc[no_start["unit_id"] == "U000", "start"] = None
    with pytest.raises(te.MissingValueError, match="U000"):
        campaign_impact(no_start, outcome="y", treated="treated", start="start")
    with pytest.raises(te.InconsistentValuesError, match="no treated unit"):
        campaign_impact(panel.assign(treated=False), outcome="y", treated="treated", start=2020)
    with pytest.raises(te.InconsistentValuesError, match="not identified"):   # all treated in one year
        campaign_impact(panel.assign(treated=True), outcome="y", treated="treated", start=2020)
    with pytest.raises(te.InvalidParameterError, match="'event_window' parameter"):
        campaign_impact(panel, outcome="y", treated="treated", start=2020, event_window=(0, 3))
    with pytest.raises(te.MissingColumnError, match="'score'"):
        campaign_impact(panel, outcome="score", treated="treated", start=2020)
    with pytest.raises(te.DuplicateKeyError):
        campaign_impact(pd.concat([panel, panel.head(1)]), outcome="y", treated="treated", start=2020)
    with pytest.raises(te.InconsistentValuesError, match="true/false or 1/0"):
        campaign_impact(panel.assign(treated="yes"), outcome="y", treated="treated", start=2020)


def test_summary_and_frame():
    res = campaign_impact(_reference_panel(), outcome="y", treated="treated", start="start")
    frame = res.to_frame()
    assert list(frame.columns) == ["outcome", "estimate", "se", "ci_low", "ci_high", "p_value", "df", "n_obs",
                                   "n_units", "n_treated_units", "pretrend_p"]
    assert "Pre-trend test (leads -3,-2 = 0): F(2, 11)" in str(res)
    two = _reference_panel().query("year in (2019, 2020)")
    assert "no leads" in str(campaign_impact(two, outcome="y", treated="treated", start=2020))
    with pytest.raises(te.InvalidParameterError, match="'start' parameter"):
        campaign_impact(two, outcome="y", treated="treated", start=None)


# --- when the data cannot answer (issue 16, D4-D5) -----------------------------------------------------------
def test_a_constant_outcome_is_an_error_not_round_off():
    panel = _simulate(np.random.default_rng(21)).assign(y=5.0)
    with pytest.raises(te.NotEstimableError, match="'y' is the same in every row") as err:
        campaign_impact(panel, outcome="y", treated="treated", start="start")
    assert "không có thay đổi" in err.value.render("vi")
    # a perfect fit of the fixed effects (R: "essentially perfect fit"): the outcome is unit + year, nothing else
    panel = _simulate(np.random.default_rng(21))
    panel["y"] = panel["year"] * 1.5 + panel["unit_id"].str[1:].astype(int)
    with pytest.raises(te.NotEstimableError, match="explain 'y' exactly"):
        campaign_impact(panel, outcome="y", treated="treated", start="start")


def test_one_unit_is_an_error_and_few_units_warn():
    panel = _simulate(np.random.default_rng(22), n_units=2)
    with pytest.raises(te.NotEstimableError, match="has 1 unit"):
        campaign_impact(panel[panel["unit_id"] == "U000"], outcome="y", treated="treated", start="start")
    with pytest.warns(te.DataQualityWarning, match="Only 12 units.*wild cluster bootstrap"):
        campaign_impact(_simulate(np.random.default_rng(23), n_units=12), outcome="y", treated="treated",
                        start="start")
