"""Tests of tdkt_eval.depth: the depth ladder (shares, CR, H) and the perception gap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

import tdkt_eval as te
from tdkt_eval.depth.ladder import CITIZEN_RUNGS, depth_ladder, guttman_scalability
from tdkt_eval.depth.perception import perception_gap
from tdkt_eval.errors import DepthError, InvalidParameterError, MissingItemError
from tdkt_eval.paths import demo_dir

#: Hand-worked example (8 respondents, items from easy to hard).  p = .75, .50, .25.
#: Guttman errors per pair (harder passed, easier failed): A-B 1 (row 5), A-C 0, B-C 1 (row 6);
#: expected n p_hard (1 - p_easy): 1, 0.5, 1, so H = 1 - 2 / 2.5 = 0.2.  Goodenough-Edwards:
#: rows 5 (010 vs 100) and 6 (101 vs 110) have 2 errors each: CR = 1 - 4 / 24.
HAND = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [0, 1, 0], [1, 0, 1], [1, 1, 0], [1, 0, 0]])


def with_former_district(ds: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Staff and citizens of the 2026 demo with their area (the former district) from the unit register.

    The surveys of 2026 have no district column: a staff member's area is their unit's, a household's
    the area of its commune (a plain merge, on unit_id and on commune).
    """
    units = ds["units"][ds["units"]["successor_id"].isna()]
    staff = ds["staff_responses"].merge(units[["unit_id", "district"]], on="unit_id", how="left", validate="m:1")
    area = units[["commune", "district"]].drop_duplicates("commune")
    cit = ds["citizen_responses"].merge(area, on="commune", how="left", validate="m:1")
    assert staff["district"].notna().all() and cit["district"].notna().all()
    return staff, cit


@pytest.fixture(scope="module")
def demo():
    staff, cit = with_former_district(te.load_dataset(demo_dir()))
    design = te.Design(cit, weights="weight", strata="stratum", psu="psu")
    return staff, cit, design


@pytest.fixture(scope="module")
def forms():
    return te.load_instrument("staff"), te.load_instrument("citizen")


# ---------------------------------------------------------------------------- scalability
def test_hand_example():
    r = guttman_scalability(HAND)
    assert r["errors"] == 4 and r["cr"] == pytest.approx(1 - 4 / 24)
    assert r["h"] == pytest.approx(0.2) and r["mmr"] == pytest.approx(2 / 3)


def test_h_equals_covariance_form():
    """Independent computation: H = sum cov_ij / sum cov_ij^max (Mokken 1971)."""
    rng = np.random.default_rng(11)
    theta = rng.normal(size=400)
    x = (theta[:, None] + rng.normal(size=(400, 4)) > np.array([-1.0, -0.3, 0.3, 1.0])).astype(float)
    p = x.mean(axis=0)
    cov = np.cov(x, rowvar=False, bias=True)
    cmax = np.minimum.outer(p, p) - np.outer(p, p)
    iu = np.triu_indices(4, 1)
    assert guttman_scalability(x)["h"] == pytest.approx(cov[iu].sum() / cmax[iu].sum(), rel=1e-12)


def test_h_standard_error_matches_simulation():
    rng = np.random.default_rng(5)

    def sample():
        theta = rng.normal(size=300)
        return (theta[:, None] + rng.normal(size=(300, 4)) > np.array([-1.0, -0.3, 0.3, 1.0])).astype(float)

    hs = [guttman_scalability(sample())["h"] for _ in range(300)]
    se = np.mean([guttman_scalability(sample())["h_se"] for _ in range(30)])
    assert se == pytest.approx(np.std(hs, ddof=1), rel=0.15)


def test_perfect_guttman_pattern():
    df = pd.DataFrame(np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]] * 5), columns=["a", "b", "c"])
    res = depth_ladder(df, rungs={"awareness": "a", "participation": "b", "spread": "c"})
    row = res.scalability.iloc[0]
    assert row["cr"] == 1.0 and row["h"] == 1.0 and row["monotone"]
    assert res.shares["share"].tolist() == [0.75, 0.5, 0.25]


# ---------------------------------------------------------------------------- shares
def test_design_shares_equal_design_proportion(demo):
    _, cit, design = demo
    res = depth_ladder(cit, by="district", design=design)
    got = res.shares[res.shares["rung"] == "participation"].reset_index(drop=True)
    ref = design.proportion("c_part", 1, by="district").to_frame()
    np.testing.assert_allclose(got["share"], ref["estimate"], rtol=1e-12)
    np.testing.assert_allclose(got["se"], ref["se"], rtol=1e-12)
    np.testing.assert_allclose(got["ci_low"], ref["ci_low"], rtol=1e-12)


def test_equal_weights_srs_gives_textbook_interval():
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"a": rng.integers(0, 2, 80), "b": rng.integers(0, 2, 80)})
    res = depth_ladder(df, rungs={"aware": "a", "part": "b"}, design=te.Design(df))
    n, p = 80, df["a"].mean()
    se = np.sqrt(p * (1 - p) / (n - 1))          # s / sqrt(n) with s the sample SD (ddof 1)
    first = res.shares.iloc[0]
    assert first["share"] == pytest.approx(p) and first["se"] == pytest.approx(se, rel=1e-12)
    assert first["ci_low"] == pytest.approx(p - stats.t.ppf(0.975, n - 1) * se, rel=1e-12)


def test_wilson_without_design():
    df = pd.DataFrame({"a": [1] * 17 + [0] * 3, "b": [1] * 5 + [0] * 15})
    res = depth_ladder(df, rungs={"aware": "a", "part": "b"})
    lo, hi = proportion_confint(17, 20, method="wilson")
    assert (res.shares.iloc[0]["ci_low"], res.shares.iloc[0]["ci_high"]) == pytest.approx((lo, hi))
    assert res.method == "wilson"


def test_citizen_skip_logic_counts_as_no(demo, forms):
    _, cit, _ = demo
    res = depth_ladder(cit, rungs=CITIZEN_RUNGS, instrument=forms[1])
    spread = res.shares.set_index("rung").loc["spread"]
    expected = ((cit["c_mknow"] == 1) & (cit["c_mlearn"] == 1)).mean()
    assert spread["share"] == pytest.approx(expected) and spread["n"] == len(cit)


def test_staff_ladder_reverse_coding(demo, forms):
    staff, _, _ = demo
    res = depth_ladder(staff, instrument=forms[0], by="district")
    assert list(res.rungs) == ["awareness", "participation", "changed_practice", "sustained", "spread"]
    aw = te.scale_scores(staff, {"aw": ["aw1", "aw2", "aw3", "aw4"]}, reverse=["aw4"])["aw"]
    overall = res.scalability.set_index("district").loc["(all)"]
    assert overall["n"] > 1900 and 0 < overall["h"] < 1
    assert res.shares.groupby("rung")["n"].sum()["awareness"] == aw.notna().sum()
    assert "Scalability" in str(res) and len(res.to_frame()) == 50


# ---------------------------------------------------------------------------- bad inputs
def test_bad_inputs():
    df = pd.DataFrame({"a": [1, 0, 1, 1], "b": [1, 0, 0, 1], "c": [1, 1, 1, 1], "g": ["x", "x", "y", "y"],
                       "m": [np.nan] * 4})
    with pytest.raises(MissingItemError, match="Rung 'spread' needs item"):
        depth_ladder(df, rungs={"aware": "a", "spread": ["zz1", "zz2"]})
    with pytest.raises(DepthError, match="reached by every respondent"):
        depth_ladder(df, rungs={"aware": "a", "part": "c"})
    with pytest.raises(DepthError, match="all missing"):
        depth_ladder(df, rungs={"aware": "a", "part": "m"})
    df2 = df.assign(b=[1.0, 0.0, np.nan, np.nan])
    with pytest.raises(DepthError, match="Group .*y.* has no scorable answer on rung 'part'"):
        depth_ladder(df2, rungs={"aware": "a", "part": "b"}, by="g")
    with pytest.raises(InvalidParameterError, match="same rows|not built"):
        depth_ladder(df, rungs={"aware": "a", "part": "b"}, design=te.Design(df.iloc[:3]))
    with pytest.raises(InvalidParameterError, match="at least 2 rungs"):
        depth_ladder(df, rungs={"aware": "a"})


# ---------------------------------------------------------------------------- perception gap
def test_demo_gap_flags_planted_districts(demo, forms):
    staff, cit, design = demo
    gap = perception_gap(staff, cit, design, staff_instrument=forms[0], citizen_instrument=forms[1])
    names = cit.groupby("stratum")["district"].first()  # the gap commune groups: former districts D03, D08
    planted = {names["D03"], names["D08"]}
    assert planted == {"Huyện An Phú", "Huyện Ngọc Sơn"}
    assert set(gap.loc[gap["flagged"], "district"]) == planted
    hit = gap[gap["district"].isin(planted)]
    assert (hit["ci_low"] > 0).all() and (hit["gap"] > 0.4).all()
    assert gap.attrs["offset"] == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(gap["gap"], gap["raw_gap"], atol=1e-12)   # standardised: no offset left


def test_gap_on_the_raw_scale_removes_the_offset(demo, forms):
    staff, cit, design = demo
    raw = perception_gap(staff, cit, design, standardise=False, staff_instrument=forms[0],
                         citizen_instrument=forms[1], adjust="none")
    assert abs(raw.attrs["offset"]) > 0
    # the gaps are deviations from the offset: their weighted mix is the raw gap minus the offset
    assert set(raw.loc[raw["gap"] > 0.3, "district"]) <= set(raw["district"])
    np.testing.assert_allclose(raw["gap"], raw["raw_gap"] - raw.attrs["offset"], atol=1e-9)


def _simulate(rng, d=10):
    """Staff (8 units of 15 a district) and citizens (6 communes of 30, one weight a commune), no planted gap."""
    effect = rng.normal(0, 0.25, d)
    unit = np.repeat(np.arange(d * 8), 15)
    lat = effect[unit // 8] + rng.normal(0, 0.15, d * 8)[unit] + rng.normal(size=unit.size)
    staff = pd.DataFrame({"district": np.char.add("D", np.char.zfill((unit // 8).astype(str), 2)),
                          "unit_id": np.char.add("U", unit.astype(str)),
                          **{f"su{i}": np.clip(np.round(3.3 + lat + rng.normal(0, .8, unit.size)), 1, 5)
                             for i in range(1, 5)}})
    commune = np.repeat(np.arange(d * 6), 30)
    lat = effect[commune // 6] + rng.normal(0, 0.15, d * 6)[commune] + rng.normal(size=commune.size)
    cit = pd.DataFrame({"district": np.char.add("D", np.char.zfill((commune // 6).astype(str), 2)),
                        "commune": np.char.add("C", commune.astype(str)),
                        "weight": rng.uniform(50, 150, d * 6)[commune],
                        **{f"c_ben{i}": np.clip(np.round(3.0 + lat + rng.normal(0, .8, commune.size)), 1, 5)
                           for i in range(1, 4)}})
    return staff, cit


@pytest.mark.slow
def test_null_false_flag_rate():
    rng = np.random.default_rng(20261121)
    reps, raw, holm = 250, [], []
    for _ in range(reps):
        staff, cit = _simulate(rng)
        design = te.Design(cit, weights="weight", strata="district", psu="commune")  # with replacement
        out = perception_gap(staff, cit, design, staff_construct=["su1", "su2", "su3", "su4"],
                             citizen_construct=["c_ben1", "c_ben2", "c_ben3"], adjust="none")
        raw.append(out["flagged"].to_numpy())
        holm.append(out["p_value"].to_numpy())
    raw = np.array(raw)
    per_district = raw.mean(axis=0)
    assert per_district.max() <= 0.05 + 2.5 * np.sqrt(0.05 * 0.95 / reps)
    assert 0.02 <= per_district.mean() <= 0.075          # not silent either: the test can fail
    p = np.sort(np.array(holm), axis=1)                  # Holm: any flag iff min p <= 0.05 / 10
    assert (p[:, 0] <= 0.05 / 10).mean() <= 0.05 + 2.5 * np.sqrt(0.05 * 0.95 / reps)


def test_gap_bad_inputs(demo, forms):
    staff, cit, design = demo
    with pytest.raises(DepthError, match="only one survey"):
        perception_gap(staff[staff["district"] != staff["district"].iloc[0]], cit, design,
                       staff_instrument=forms[0], citizen_instrument=forms[1])
    with pytest.raises(MissingItemError, match="needs item"):
        perception_gap(staff, cit, design, staff_construct=["su1", "nope"], citizen_instrument=forms[1])
    with pytest.raises(InvalidParameterError, match="'adjust'"):
        perception_gap(staff, cit, design, adjust="bonferroni")
    with pytest.raises(InvalidParameterError, match="not built"):
        perception_gap(staff, cit.iloc[:100], design)


def test_the_reports_citizen_design_uses_the_fpc_columns_the_data_have():
    """The demo (communes by PPS) has none: communes with replacement; a council's fpc columns are used."""
    from tdkt_eval.paths import demo_dir
    from tdkt_eval.reporting._sections_depth import _citizen_design

    cit = pd.read_csv(demo_dir() / "citizen_responses.csv")
    plain = _citizen_design(cit)
    assert list(plain.fpc) == []
    communes = pd.read_csv(demo_dir() / "citizen_frame.csv").groupby("stratum").size()
    cit["fpc"] = cit["stratum"].map(communes)
    one = _citizen_design(cit)
    assert list(one.fpc) == ["fpc"]
    cit["fpc2"] = 5000
    two = _citizen_design(cit)
    assert list(two.fpc) == ["fpc", "fpc2"]
    # without replacement at stage 1 only < with the stage-2 term added back for the communes drawn < with replacement
    se = [d.mean("c_know").se for d in (one, two, plain)]
    assert se[0] < se[1] < se[2], se
