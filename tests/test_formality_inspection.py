"""Inspection coverage, inspection rates and reporting compliance (tdkt_eval.formality.inspection)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

import tdkt_eval as te
from tdkt_eval.errors import (
    DataQualityWarning,
    DateParseError,
    EmptyFileError,
    InvalidCategoryError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
)
from tdkt_eval.formality.inspection import (
    CHRONIC_ON_TIME_RATE,
    RARE_INSPECTION_RATIO,
    _garwood,
    _rate_ratio,
    _wilson,
    inspection_coverage,
    inspection_rates,
    reporting_compliance,
)

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
LATE_UNITS = {"U029", "U038", "U045", "U079"}  # PLANTED.md, "late share"
YEARS = range(2021, 2027)


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return te.load_dataset(DEMO)


# ----------------------------------------------------------------------------- intervals
@pytest.mark.parametrize("n", [1, 5, 12, 30, 263])
def test_wilson_matches_statsmodels(n):
    k = np.arange(n + 1)
    for alpha in (0.05, 0.1):
        low, high = _wilson(k, np.full(n + 1, n), alpha)
        ref_low, ref_high = proportion_confint(k, n, alpha=alpha, method="wilson")
        np.testing.assert_allclose(low, ref_low, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(high, ref_high, rtol=1e-12, atol=1e-14)


def test_wilson_published_values():
    # Newcombe, R. G. (1998), Statistics in Medicine 17, 857-872, Table I, method 3 (score).
    np.testing.assert_allclose(_wilson(81, 263), (0.2553, 0.3662), atol=5e-5)
    np.testing.assert_allclose(_wilson(15, 148), (0.0624, 0.1605), atol=5e-5)
    np.testing.assert_allclose(_wilson(0, 20), (0.0, 0.1611), atol=5e-5)


def test_garwood_published_table_and_statsmodels():
    # Exact 95% limits for a Poisson count (Garwood 1936; e.g. R poisson.test(10)$conf.int
    # = 4.795389 18.390356).
    table = {0: (0.0, 3.689), 1: (0.0253, 5.572), 2: (0.242, 7.225), 5: (1.623, 11.668), 10: (4.795, 18.390)}
    for k, (lo, hi) in table.items():
        low, high = _garwood(k)
        assert low == pytest.approx(lo, abs=6e-4) and high == pytest.approx(hi, abs=6e-4)
    for k in (1, 3, 7, 40, 177):
        np.testing.assert_allclose(_garwood(k), confint_poisson(k, 1, method="exact-c"), rtol=1e-10)


def test_rate_ratio_matches_r_poisson_test_and_clopper_pearson():
    # R 4.x documentation example, stats::poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878)):
    # rate ratio 1.971488, 95 percent confidence interval 0.8584264 4.2772659.
    low, high = _rate_ratio(11, 800, 21, 1083 + 1050 + 878)
    assert (float(low), float(high)) == pytest.approx((0.8584264, 4.2772659), abs=5e-7)
    # the same construction through scipy's Clopper-Pearson interval
    k1, t1, k2, t2 = 5, 54, 606, 666
    ci = stats.binomtest(k1, k1 + k2).proportion_ci(0.95, method="exact")
    expected = [p / (1 - p) * t2 / t1 for p in (ci.low, ci.high)]
    np.testing.assert_allclose(_rate_ratio(k1, t1, k2, t2), expected, rtol=1e-8)  # binomtest solves numerically
    low, high = _rate_ratio(0, 10, 0, 10)
    assert np.isnan(low) and np.isnan(high)


# ----------------------------------------------------------------------------- coverage
def test_days_since_last_hand_example():
    units = pd.DataFrame({"unit_id": ["U1", "U2"]})
    inspections = pd.DataFrame({
        "unit_id": ["U1", "U1", "U1", "U1", "U1", "U2"],
        "date": pd.to_datetime(["2019-06-01", "2020-03-01", "2020-09-01", "2020-09-01", "2022-01-15",
                                "2021-05-05"])})
    cov = inspection_coverage(inspections, units, [2020, 2021, 2022])
    u1 = cov[cov["unit_id"] == "U1"].set_index("year")
    assert list(u1["n_inspections"]) == [3, 0, 1]
    assert list(u1["inspected"]) == [True, False, True]
    # 2019-06-01 -> 2020-03-01 (leap year): 274 days; 2020-09-01 -> 2021-12-31 (no inspection in
    # 2021, open gap at the year's end): 486; 2020-09-01 -> 2022-01-15: 501.
    assert list(u1["days_since_last"]) == [274.0, 486.0, 501.0]
    assert u1.loc[2021, "previous_inspection"] == pd.Timestamp("2020-09-01")
    u2 = cov[cov["unit_id"] == "U2"].set_index("year")
    assert np.isnan(u2.loc[2020, "days_since_last"])  # nothing before, not even at the year's end
    assert np.isnan(u2.loc[2021, "days_since_last"])
    assert u2.loc[2022, "days_since_last"] == (pd.Timestamp("2022-12-31") - pd.Timestamp("2021-05-05")).days
    assert list(cov.columns) == ["unit_id", "year", "inspected", "n_inspections", "first_inspection",
                                 "previous_inspection", "days_since_last"]


def test_inspected_before_reward():
    units = pd.DataFrame({"unit_id": ["U1", "U2", "U3"]})
    inspections = pd.DataFrame({"unit_id": ["U1", "U2", "U3"],
                                "date": pd.to_datetime(["2022-04-01", "2022-09-01", "2022-02-01"])})
    rewards = pd.DataFrame({  # U1: individual rewards to staff, decided in the next year; U2: before
        "unit_id": ["U1", "U1", "U2", "U2"], "year": [2022, 2022, 2022, 2022],
        "recipient_type": ["individual", "individual", "collective", "individual"],
        "decision_date": pd.to_datetime(["2023-03-01", "2023-01-20", "2022-06-01", "2022-12-01"])})
    cov = inspection_coverage(inspections, units, [2022], rewards=rewards).set_index("unit_id")
    assert cov.loc["U1", "inspected_before_reward"]  # visit 2022-04-01, first decision 2023-01-20
    assert cov.loc["U1", "first_decision"] == pd.Timestamp("2023-01-20")
    assert not cov.loc["U2", "inspected_before_reward"]  # first decision 2022-06-01 precedes the visit
    assert cov.loc["U3", "inspected_before_reward"] is pd.NA  # no reward
    assert str(cov["inspected_before_reward"].dtype) == "boolean"


def test_coverage_errors():
    units = pd.DataFrame({"unit_id": ["U1", "U2"]})
    inspections = pd.DataFrame({"unit_id": ["U1", "U9", "U2", "U9"],
                                "date": pd.to_datetime(["2022-01-01", "2022-02-01", "2023-03-01", "2023-04-01"])})
    with pytest.raises(InvalidCategoryError, match=r"'U9' \(rows 3, 5\)") as err:
        inspection_coverage(inspections, units, [2022])
    assert err.value.rows == (3, 5) and "units.csv" in str(err.value)
    good = inspections[inspections["unit_id"] != "U9"].reset_index(drop=True)
    with pytest.raises(InvalidParameterError, match=r"2030.*2022–2023"):
        inspection_coverage(good, units, [2022, 2030])
    for bad in ([], ["2022"], [2022.5], None):
        with pytest.raises(InvalidParameterError, match="'years'"):
            inspection_coverage(good, units, bad)
    with pytest.raises(DateParseError, match="pd.to_datetime"):
        inspection_coverage(good.assign(date=good["date"].astype(str)), units, [2022])
    with pytest.raises(MissingValueError) as err:
        inspection_coverage(good.assign(date=[pd.NaT, good["date"][1]]), units, [2022, 2023])
    assert err.value.rows == (2,)
    with pytest.raises(MissingColumnError, match="'date'"):
        inspection_coverage(good.rename(columns={"date": "ngay"}), units, [2022])
    with pytest.raises(EmptyFileError):
        inspection_coverage(good.iloc[:0], units, [2022])
    rewards = pd.DataFrame({"unit_id": ["U7"], "year": [2022], "decision_date": pd.to_datetime(["2022-05-01"])})
    with pytest.raises(InvalidCategoryError, match="rewards"):
        inspection_coverage(good, units, [2022], rewards=rewards)


# ----------------------------------------------------------------------------- rates: demo and null
def on_new_map(demo: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Inspections, rewards and current units of the demo, grouped on the map since 1 July 2025.

    A former commune's 2024 records move to its successor (units.successor_id); each current unit
    gets the code of its commune group (the former district's code, the stratum of its commune).
    """
    units = demo["units"]
    successor = units.set_index("unit_id")["successor_id"]

    def moved(df: pd.DataFrame) -> pd.DataFrame:
        new = df["unit_id"].map(successor)
        return df.assign(unit_id=new.where(new.notna(), df["unit_id"]))

    stratum = demo["citizen_frame"].set_index("commune")["stratum"] if "citizen_frame" in demo else \
        pd.read_csv(DEMO / "citizen_frame.csv").set_index("commune")["stratum"]
    current = units[units["successor_id"].isna()].reset_index(drop=True)
    current = current.assign(area_code=current["commune"].map(stratum))
    return moved(demo["inspections"]), moved(demo["rewards"]), current


def test_demo_rarely_inspected_is_d06_only(demo):
    """The rarely inspected commune group: the units located in former district D06's area."""
    inspections, rewards, units = on_new_map(demo)
    cov = inspection_coverage(inspections, units, YEARS, rewards=rewards)
    assert len(cov) == 102 * 6 and cov["n_inspections"].sum() == len(demo["inspections"])
    rates = inspection_rates(cov, units, by="area_code")
    assert list(rates.loc[rates["rarely_inspected"], "area_code"]) == ["D06"]
    d06 = rates.set_index("area_code").loc["D06"]
    assert d06["rate"] == pytest.approx(0.146, abs=5e-4)  # PLANTED.md: realised 0.146
    assert d06["rate_ratio_high"] < 0.35
    # robust: no other commune group comes near a flag, even its upper bound is above 1
    assert (rates.loc[~rates["rarely_inspected"], "rate_ratio_high"] > 1.0).all()
    by_name = inspection_rates(cov, units, by="district")
    assert list(by_name.loc[by_name["rarely_inspected"], "district"]) == ["Huyện Thạnh Hưng"]


# 7 inspections in D06's 48 unit-years (8 units x 6 years): the exact upper bound of its rate ratio is 0.33 at
# alpha 0.05 (0.30 at 0.1, 0.40 at 0.01), so the strictest threshold the demo can meet is 0.35, not 0.25.
@pytest.mark.parametrize("alpha,threshold", [(0.01, 0.5), (0.1, 0.5), (0.05, 0.35), (0.05, 0.75), (0.05, 1.0)])
def test_demo_flag_is_robust_to_alpha_and_threshold(demo, alpha, threshold):
    inspections, _, units = on_new_map(demo)
    cov = inspection_coverage(inspections, units, YEARS)
    rates = inspection_rates(cov, units, by="area_code", conf_level=1 - alpha, threshold=threshold)
    assert list(rates.loc[rates["rarely_inspected"], "area_code"]) == ["D06"]


def _province(rng: np.random.Generator, rates: np.ndarray, sizes: np.ndarray, n_years: int) -> pd.DataFrame:
    unit_rate = np.repeat(rates, sizes)
    counts = rng.poisson(np.repeat(unit_rate, n_years))
    ids = np.repeat([f"U{i:03d}" for i in range(sizes.sum())], n_years)
    return pd.DataFrame({"unit_id": ids, "n_inspections": counts})


SIZES = np.array([33, 9, 10, 8, 9, 8, 7, 6, 5, 7])  # current units per commune group, as in the demo


@pytest.mark.parametrize("base_rate", [0.9, 0.2])
def test_null_rarely_inspected_rate(base_rate):
    """All districts at one Poisson rate, 300 seeded provinces shaped like the demo.

    With the default threshold (0.5) the flag must fire in at most 5% of provinces per
    district (observed: never). With threshold 1, the flag is the one-sided exact test of
    'rate ratio < 1' at alpha/2 = 0.025, so its rate checks the interval's calibration
    (observed: 0.020 on average at rate 0.9, 0.017 at 0.2, each district 0.003-0.033).
    """
    rng = np.random.default_rng(20240607)
    units = pd.DataFrame({"unit_id": [f"U{i:03d}" for i in range(SIZES.sum())],
                          "district": np.repeat([f"D{j + 1:02d}" for j in range(len(SIZES))], SIZES)})
    flags, below_one = np.zeros(len(SIZES)), np.zeros(len(SIZES))
    for _ in range(300):
        rates = inspection_rates(_province(rng, np.full(len(SIZES), base_rate), SIZES, 6), units)
        flags += rates["rarely_inspected"].to_numpy()
        below_one += (rates["rate_ratio_high"] < 1.0).to_numpy()
    assert (flags / 300).max() <= 0.05, flags / 300
    assert (below_one / 300).max() <= 0.05 and (below_one / 300).mean() <= 0.025, below_one / 300


def test_power_rarely_inspected():
    """The planted effect (one district at 1/10 of the rate) is found in nearly every province."""
    rng = np.random.default_rng(7)
    units = pd.DataFrame({"unit_id": [f"U{i:03d}" for i in range(SIZES.sum())],
                          "district": np.repeat([f"D{j + 1:02d}" for j in range(len(SIZES))], SIZES)})
    rates = np.full(len(SIZES), 0.9)
    rates[5] = 0.09
    hits = false = 0
    for _ in range(100):
        flagged = inspection_rates(_province(rng, rates, SIZES, 6), units)["rarely_inspected"].to_numpy()
        hits += flagged[5]
        false += flagged[np.arange(len(SIZES)) != 5].sum()
    assert hits >= 95 and false == 0


def test_rates_errors():
    units = pd.DataFrame({"unit_id": ["U1", "U2"], "district": ["A", None]})
    cov = pd.DataFrame({"unit_id": ["U1", "U2"], "n_inspections": [1, 0]})
    with pytest.raises(MissingValueError, match="U2"):
        inspection_rates(cov, units)
    with pytest.raises(InvalidCategoryError, match="U3"):
        inspection_rates(pd.DataFrame({"unit_id": ["U3"], "n_inspections": [1]}), units)
    with pytest.raises(MissingColumnError, match="'huyen'"):
        inspection_rates(cov, units, by="huyen")
    with pytest.raises(InvalidParameterError, match="conf_level"):
        inspection_rates(cov, units.fillna("B"), conf_level=1.5)
    one = inspection_rates(cov, units.fillna("A"))  # a single district: no rest to compare with
    assert np.isnan(one["rate_ratio"].iloc[0]) and not one["rarely_inspected"].iloc[0]
    assert RARE_INSPECTION_RATIO == 0.5


# ----------------------------------------------------------------------------- reporting
def test_demo_chronically_late(demo):
    """The four planted units are flagged, and no other: in the 2026 demo no unit with a late
    probability drawn from Beta(1, 8) reached 7 of 12 late reports by chance (the 2024 demo had
    three). The flag is pinned to 'every unit with at least 7 of 12 late', which is what an upper
    Wilson bound below 0.7 means for 12 reports."""
    out = reporting_compliance(demo["reports"])
    assert len(out) == 102 * 6
    units = out.groupby("unit_id").agg(late=("chronically_late", "first"), n=("n_reports", "sum"),
                                       k=("n_on_time", "sum"))
    flagged = set(units.index[units["late"]])
    assert LATE_UNITS <= flagged
    assert flagged == set(units.index[units["n"] - units["k"] >= 7])
    assert flagged == LATE_UNITS
    by_kind = reporting_compliance(demo["reports"], by=["unit_id", "kind"], period="all")
    assert len(by_kind) == 204 and set(by_kind["kind"]) == {"interim", "final"}


def test_planted_late_units_recovered_when_other_units_are_homogeneous():
    """Four units late with probability 0.6, the others 0.11 (no Beta tail), 24 reports each."""
    rng = np.random.default_rng(11)
    found = false = 0
    for _ in range(50):
        p_late = np.full(120, 0.11)
        p_late[:4] = 0.6
        late = rng.random((120, 24)) < p_late[:, None]
        due = pd.Timestamp("2019-06-15") + pd.to_timedelta(np.arange(24) * 180, unit="D")
        shift = np.where(late, rng.integers(1, 46, late.shape), -rng.integers(0, 15, late.shape))
        reports = pd.DataFrame({"unit_id": np.repeat([f"U{i:03d}" for i in range(120)], 24),
                                "year": np.tile(due.year, 120), "due_date": np.tile(due, 120)})
        reports["submitted_date"] = reports["due_date"] + pd.to_timedelta(shift.ravel(), unit="D")
        out = reporting_compliance(reports, period="all")
        flagged = out["chronically_late"].to_numpy()
        found += flagged[:4].sum()
        false += flagged[4:].sum()
    assert found / 200 >= 0.85 and false <= 2


@pytest.mark.parametrize("p_on_time", [CHRONIC_ON_TIME_RATE, 0.89])
def test_null_chronically_late_rate_exact(p_on_time):
    """Exact flag probability for a unit with 12 reports whose true on-time rate is p: at the
    threshold itself it is P(Bin(12, 0.7) <= 5) = 0.039, below alpha = 0.05."""
    due = pd.Timestamp("2023-06-15")
    rows = [(f"K{k:02d}", i, due, due if i < k else due + pd.Timedelta(days=3)) for k in range(13) for i in range(12)]
    reports = pd.DataFrame(rows, columns=["unit_id", "year", "due_date", "submitted_date"])
    out = reporting_compliance(reports, period="all")
    flagged_k = [int(u[1:]) for u in out.loc[out["chronically_late"], "unit_id"]]
    assert flagged_k == list(range(6))
    assert stats.binom.pmf(flagged_k, 12, p_on_time).sum() <= 0.05


def test_reporting_counts_grace_and_ci():
    due = pd.to_datetime(["2023-06-15", "2023-12-10", "2024-06-15", "2024-12-10"])
    reports = pd.DataFrame({"unit_id": "U1", "year": [2023, 2023, 2024, 2024], "due_date": due,
                            "submitted_date": due + pd.to_timedelta([0, 2, 5, 0], unit="D")})
    strict = reporting_compliance(reports)
    assert list(strict["n_on_time"]) == [1, 1] and list(strict["late_days_median"]) == [2.0, 5.0]
    graced = reporting_compliance(reports, grace_days=2, period="all")
    assert graced.loc[0, "n_on_time"] == 3 and graced.loc[0, "late_days_median"] == 5.0
    low, high = proportion_confint(3, 4, method="wilson")
    assert graced.loc[0, ["on_time_low", "on_time_high"]].tolist() == pytest.approx([low, high], rel=1e-12)


def test_reports_without_due_dates():
    due = pd.to_datetime(["2023-06-15", None, "2024-06-15"])
    reports = pd.DataFrame({"unit_id": ["U1", "U1", "U2"], "year": [2023, 2023, 2024], "due_date": due,
                            "submitted_date": pd.to_datetime(["2023-06-20", "2023-12-01", None])})
    with pytest.warns(DataQualityWarning, match=r"1 report\(s\) without a due date were skipped \(rows 3\)"):
        out = reporting_compliance(reports)
    assert out["n_reports"].sum() == 2 and out.attrs["notes"]
    assert out.set_index("unit_id").loc["U2", "n_not_submitted"] == 1
    with pytest.raises(MissingValueError, match="None of the 3 reports has a due date"):
        reporting_compliance(reports.assign(due_date=pd.NaT))


def test_reporting_parameter_errors():
    reports = pd.DataFrame({"unit_id": ["U1"], "year": [2023], "due_date": pd.to_datetime(["2023-06-15"]),
                            "submitted_date": pd.to_datetime(["2023-06-15"])})
    for kwargs in ({"period": "month"}, {"grace_days": -1}, {"grace_days": 1.5}, {"by": ()}, {"conf_level": 0}):
        with pytest.raises(InvalidParameterError):
            reporting_compliance(reports, **kwargs)
    with pytest.raises(MissingColumnError, match="'district'"):
        reporting_compliance(reports, by="district")
    with pytest.raises(DateParseError):
        reporting_compliance(reports.assign(due_date="15/06/2023"))
