"""Reward model: a logistic GEE of who is rewarded each year (domain rows 5-6)."""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import special

import tdkt_eval as te
from tdkt_eval.rewards.models import RewardModelResult, reward_model

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    """The demo with its 2024 personnel rows of former communes moved to their successor (units.successor_id),
    so that a unit is one cluster across the 2025 reform."""
    ds = te.load_dataset(DEMO, kinds=["rewards", "personnel", "units"])
    successor = ds["personnel"]["unit_id"].map(ds["units"].set_index("unit_id")["successor_id"])
    ds["personnel"] = ds["personnel"].assign(unit_id=successor.where(successor.notna(), ds["personnel"]["unit_id"]))
    return ds


@pytest.fixture(scope="module")
def demo_fit(demo) -> RewardModelResult:
    return reward_model(demo["personnel"], demo["rewards"])


def _one_blas_thread():
    """Small fits run many times are far faster without BLAS threads (when threadpoolctl is there)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(1)


def simulate(rng: np.random.Generator, *, n_units: int = 60, per_unit: int = 8, years=(2022, 2023),
             sd_unit: float = 0.7, log_or_leader: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Person-years clustered in units (random unit effect), rewards from a logistic model."""
    n = n_units * per_unit
    unit = np.repeat(np.arange(n_units), per_unit)
    u = rng.normal(0, sd_unit, n_units)
    sector = rng.choice(["state", "non_state"], n_units, p=[0.7, 0.3])
    area = rng.choice(["normal", "disadvantaged"], n_units, p=[0.7, 0.3])
    pos = rng.choice(["frontline", "manager", "leader"], n, p=[0.6, 0.25, 0.15])
    sex = rng.choice(["male", "female"], n)
    effect = {"not_completed": -1.0, "completed": 0.0, "good": 0.8, "excellent": 1.6}
    frames = []
    for y in years:
        rating = rng.choice(list(effect), n, p=[0.08, 0.32, 0.4, 0.2])
        eta = -1.5 + np.vectorize(effect.get)(rating) + u[unit] + log_or_leader * (pos == "leader")
        frames.append(pd.DataFrame({"person_id": [f"P{i}" for i in range(n)], "unit_id": [f"U{k}" for k in unit],
                                    "year": y, "position_group": pos, "gender": sex, "sector": sector[unit],
                                    "area_type": area[unit], "annual_rating": rating,
                                    "got": rng.random(n) < special.expit(eta)}))
    personnel = pd.concat(frames, ignore_index=True)
    got = personnel[personnel["got"]]
    rewards = pd.DataFrame({"recipient_type": "individual", "recipient_id": got["person_id"].to_numpy(),
                            "year": got["year"].to_numpy(), "ad_hoc": False})
    return personnel.drop(columns="got"), rewards


# ----------------------------------------------------------------------------------- demo
def test_demo_recovers_the_planted_odds_ratios(demo_fit):
    lp = demo_fit.leader_premium
    assert lp["odds_ratio"] == pytest.approx(2.5, abs=0.1)                 # PLANTED.md section 2 (realised 2.49)
    assert lp["ci_low"] < 2.5 < lp["ci_high"] and lp["p_value"] < 1e-20
    ors = demo_fit.odds_ratios.set_index("term")
    manager = ors.loc["position_group[T.manager]"]
    # PLANTED.md: true 1.50, realised 1.43 [1.31, 1.57]
    assert manager["odds_ratio"] == pytest.approx(1.43, abs=0.02) and manager["ci_low"] < 1.5 < manager["ci_high"]
    # no sector or area effect was generated
    for term in ("sector[T.non_state]", "area_type[T.disadvantaged]"):
        assert ors.loc[term, "ci_low"] < 1 < ors.loc[term, "ci_high"]
    assert demo_fit.n == len(pd.read_csv(DEMO / "personnel.csv")) and demo_fit.n_clusters == 102
    assert list(ors.index[:4]) == ["Intercept", "annual_rating[T.not_completed]", "annual_rating[T.good]",
                                   "annual_rating[T.excellent]"]                # 'completed' is the reference


def test_demo_result_object(demo_fit):
    text = str(demo_fit)
    premium = f"leader premium: OR {demo_fit.leader_premium['odds_ratio']:.3f}, 95% CI [{demo_fit.leader_premium['ci_low']:.3f}"
    assert text == demo_fit.summary() and premium in text and "102 clusters" in text
    frame = demo_fit.to_frame()
    assert list(frame.columns) == ["term", "log_odds", "se", "odds_ratio", "ci_low", "ci_high", "p_value"]
    np.testing.assert_allclose(frame["odds_ratio"], np.exp(frame["log_odds"]))
    marg = demo_fit.marginal.set_index(["variable", "level"])["probability"]
    assert marg["position_group", "leader"] > marg["position_group", "manager"] > marg["position_group", "frontline"]
    with pytest.raises(AttributeError):
        demo_fit.n = 3                                                     # frozen


def test_demo_alternatives_agree(demo, demo_fit):
    exch = reward_model(demo["personnel"], demo["rewards"], cov_struct="exchangeable")
    both = reward_model(demo["personnel"], demo["rewards"], performance=["annual_rating", "achievement_score"])
    for res in (exch, both):
        assert res.leader_premium["ci_low"] < 2.5 < res.leader_premium["ci_high"]
    assert exch.leader_premium["odds_ratio"] == pytest.approx(demo_fit.leader_premium["odds_ratio"], rel=0.01)


def test_ad_hoc_rewards_count_only_when_asked(demo, demo_fit):
    per, rw = demo["personnel"], demo["rewards"]
    ind = rw[rw["recipient_type"] == "individual"]
    annual = set(zip(ind.loc[~ind["ad_hoc"], "recipient_id"], ind.loc[~ind["ad_hoc"], "year"]))
    assert demo_fit.n_rewarded == len(annual)
    every = reward_model(per, rw, annual_only=False, formula="rewarded ~ position_group")
    assert every.n_rewarded == len(set(zip(ind["recipient_id"], ind["year"])))


# ----------------------------------------------------------------------- validation
def test_independence_gee_equals_glm_with_cluster_robust_errors():
    personnel, rewards = simulate(np.random.default_rng(8))
    res = reward_model(personnel, rewards)
    data = personnel.assign(rewarded=res.fit.model.endog)
    codes = pd.factorize(data["unit_id"])[0]
    glm = smf.glm("rewarded ~ C(annual_rating, Treatment('completed')) + C(position_group, Treatment('frontline'))"
                  " + C(gender, Treatment('male')) + C(sector, Treatment('state'))"
                  " + C(area_type, Treatment('normal'))", data=data, family=sm.families.Binomial()
                  ).fit(cov_type="cluster", cov_kwds={"groups": codes, "use_correction": False})
    # same design, possibly in another column order: match the columns by name
    rename = {f"C({v}, Treatment('{ref}'))[T.{lvl}]": f"{v}[T.{lvl}]"
              for v, ref in [("annual_rating", "completed"), ("position_group", "frontline"), ("gender", "male"),
                             ("sector", "state"), ("area_type", "normal")]
              for lvl in ["not_completed", "good", "excellent", "manager", "leader", "female", "non_state",
                          "disadvantaged"]}
    params, bse = glm.params.rename(index=rename), glm.bse.rename(index=rename)
    ors = res.odds_ratios.set_index("term")
    np.testing.assert_allclose(ors["log_odds"], params[ors.index], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(ors["se"], bse[ors.index], rtol=1e-5)


def test_marginal_probabilities_by_hand():
    personnel, rewards = simulate(np.random.default_rng(9))
    res = reward_model(personnel, rewards)
    terms = res.odds_ratios["term"].tolist()
    beta = res.odds_ratios["log_odds"].to_numpy()
    cov = np.asarray(res.fit.cov_params())

    def design(df: pd.DataFrame) -> np.ndarray:
        cols = [np.ones(len(df))]
        for term in terms[1:]:
            var, level = term[:-1].split("[T.")
            cols.append((df[var] == level).to_numpy(float))
        return np.column_stack(cols)

    for row in res.marginal.itertuples(index=False):
        x = design(personnel.assign(**{row.variable: row.level}))
        p = special.expit(x @ beta)
        grad = (p * (1 - p)) @ x / len(p)
        assert row.probability == pytest.approx(p.mean(), rel=1e-10)
        assert row.se == pytest.approx(np.sqrt(grad @ cov @ grad), rel=1e-8)
        assert row.ci_low < row.probability < row.ci_high
    # statsmodels' own average prediction (numerical derivatives) agrees
    frontline = res.fit.get_prediction(res.fit.model.data.frame.assign(
        position_group=pd.Categorical(["frontline"] * res.n, categories=["frontline", "manager", "leader"])),
        which="mean", average=True)
    mine = res.marginal.set_index(["variable", "level"]).loc[("position_group", "frontline")]
    assert mine["probability"] == pytest.approx(float(np.ravel(frontline.predicted)[0]), rel=1e-10)
    assert mine["se"] == pytest.approx(float(np.ravel(frontline.se)[0]), rel=1e-4)


def test_planted_leader_premium_is_found():
    personnel, rewards = simulate(np.random.default_rng(10), n_units=80, log_or_leader=np.log(2.5))
    lp = reward_model(personnel, rewards).leader_premium
    assert lp["ci_low"] < 2.5 < lp["ci_high"] and lp["p_value"] < 1e-4


@pytest.mark.slow
def test_null_calibration_of_the_leader_premium():
    """No position effect, random unit effects: the Wald test rejects at about 5%."""
    rng = np.random.default_rng(20240601)
    p_values = []
    with _one_blas_thread():
        for _ in range(200):
            personnel, rewards = simulate(rng)
            p_values.append(reward_model(personnel, rewards).leader_premium["p_value"])
    rate = np.mean(np.array(p_values) < 0.05)
    assert 0.02 <= rate <= 0.09, rate


# ------------------------------------------------------------------------------- errors
def test_recipients_missing_from_personnel_are_named():
    personnel, rewards = simulate(np.random.default_rng(1), n_units=10)
    rewards = pd.concat([rewards, pd.DataFrame({"recipient_type": "individual", "recipient_id": ["X9", "P1"],
                                                "year": [2023, 2030], "ad_hoc": False})], ignore_index=True)
    n = len(rewards)
    with pytest.raises(te.InconsistentValuesError, match=r"X9 \(2023\), P1 \(2030\)") as err:
        reward_model(personnel, rewards)
    assert err.value.rows == (n, n + 1)                                # spreadsheet rows of the two rewards
    # ad-hoc rewards are not looked up when they are not used
    rewards.loc[n - 2:, "ad_hoc"] = True
    assert reward_model(personnel, rewards, formula="rewarded ~ position_group").n == len(personnel)


def test_bad_arguments_and_data():
    personnel, rewards = simulate(np.random.default_rng(2), n_units=10)
    with pytest.raises(te.InvalidParameterError, match="'performance'"):
        reward_model(personnel, rewards, performance="rating")
    with pytest.raises(te.InvalidParameterError, match="'cov_struct'"):
        reward_model(personnel, rewards, cov_struct="ar1")
    with pytest.raises(te.InvalidParameterError, match="response 'rewarded'"):
        reward_model(personnel, rewards, formula="y ~ position_group")
    twice = pd.concat([personnel, personnel.iloc[[0]]], ignore_index=True)
    with pytest.raises(te.DuplicateKeyError, match="twice"):
        reward_model(twice, rewards)
    blank = personnel.copy()
    blank.loc[[3, 7], "gender"] = None
    with pytest.raises(te.MissingValueError, match="rows 5, 9"):
        reward_model(blank, rewards)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 10 clusters: the small-sample correction keeps it quiet
        dropped = reward_model(blank, rewards, missing="drop", cov_type="bias_reduced")
    assert dropped.n == len(personnel) - 2


# --- when the data cannot answer (issue 16, D1-D3): each of these gave a confident-looking number before
@pytest.mark.parametrize("who", ["nobody", "everybody"])
def test_no_contrast_in_the_outcome_is_an_error(who):
    personnel, rewards = simulate(np.random.default_rng(8), n_units=50)
    if who == "nobody":
        rewards = rewards.iloc[:0]
    else:
        rewards = pd.DataFrame({"recipient_type": "individual", "recipient_id": personnel["person_id"],
                                "year": personnel["year"], "ad_hoc": False})
    what = {"nobody": "no person-year", "everybody": "every person-year"}[who]
    with pytest.raises(te.NotEstimableError, match=f"{what} got an individual reward: with no contrast") as err:
        reward_model(personnel, rewards)
    assert "không ước lượng được tỷ số chênh" in err.value.render("vi")


def test_one_cluster_is_an_error_and_few_clusters_warn():
    personnel, rewards = simulate(np.random.default_rng(9), n_units=1, per_unit=120)
    with pytest.raises(te.NotEstimableError, match="All person-years are in one unit_id"):
        reward_model(personnel, rewards)
    personnel, rewards = simulate(np.random.default_rng(9), n_units=3, per_unit=60)
    with pytest.warns(te.DataQualityWarning, match=r"Only 3 clusters \(unit_id\).*cov_type='bias_reduced'"):
        reward_model(personnel, rewards)


def test_separation_gives_an_interval_that_is_not_finite():
    personnel, rewards = simulate(np.random.default_rng(10), n_units=50)
    leaders = personnel[personnel["position_group"] == "leader"]
    rewards = pd.concat([rewards, pd.DataFrame({"recipient_type": "individual", "recipient_id": leaders["person_id"],
                                                "year": leaders["year"], "ad_hoc": False})]).drop_duplicates(
        ["recipient_id", "year"])
    with pytest.warns(te.DataQualityWarning, match="position_group = 'leader' was rewarded"):
        fit = reward_model(personnel, rewards)
    lead = fit.odds_ratios.set_index("term").loc["position_group[T.leader]"]
    assert lead["odds_ratio"] == np.inf and lead["ci_high"] == np.inf and np.isnan(lead["p_value"])
    assert fit.leader_premium["odds_ratio"] == np.inf and not np.isfinite(fit.leader_premium["ci_high"])
    manager = fit.odds_ratios.set_index("term").loc["position_group[T.manager]"]
    assert np.isfinite([manager["odds_ratio"], manager["ci_low"], manager["ci_high"]]).all()


def test_separation_is_flagged():
    personnel, rewards = simulate(np.random.default_rng(6), n_units=20)
    failed = set(personnel.loc[personnel["annual_rating"] == "not_completed", "person_id"])
    rewards = rewards[~rewards["recipient_id"].isin(failed)]
    with pytest.warns(te.DataQualityWarning, match="annual_rating = 'not_completed' was rewarded"):
        reward_model(personnel, rewards)


def test_single_level_factor_is_left_out_with_a_warning():
    personnel, rewards = simulate(np.random.default_rng(4), n_units=40)
    personnel["sector"] = "state"
    with pytest.warns(te.DataQualityWarning, match="sector has a single value"):
        res = reward_model(personnel, rewards)
    assert "sector" not in res.formula and not res.odds_ratios["term"].str.startswith("sector").any()


def test_without_optional_columns_the_model_drops_only_those_terms():
    personnel, rewards = simulate(np.random.default_rng(5), n_units=30)
    rewards.loc[rewards.index[::7], "ad_hoc"] = True
    # No ad_hoc column: every individual reward counts (a hand count), with a warning in both languages.
    with pytest.warns(te.DataQualityWarning, match="no ad_hoc column") as caught:
        res = reward_model(personnel, rewards.drop(columns="ad_hoc"))
    every = set(zip(rewards["recipient_id"], rewards["year"]))
    assert res.n_rewarded == sum((p, y) in every for p, y in zip(personnel["person_id"], personnel["year"]))
    message = next(w.message for w in caught if "ad_hoc" in str(w.message))
    assert "không tách được khen thưởng đột xuất" in message.render("vi")
    # No gender column: the model runs without the gender term and says which term was left out.
    with pytest.warns(te.DataQualityWarning, match="no 'gender' column; the model leaves out the gender term") as caught:
        res = reward_model(personnel.drop(columns="gender"), rewards)
    assert "gender" not in res.formula and "position_group" in res.formula
    message = next(w.message for w in caught if "gender" in str(w.message))
    assert message.render("vi") == "Bảng nhân sự không có cột 'giới tính'; mô hình bỏ biến này."  # no raw column name
    with pytest.raises(te.MissingColumnError, match="position_group"):  # the point of the model: still required
        reward_model(personnel.drop(columns="position_group"), rewards)
