"""Tests of tdkt_eval.agreement: ICC against R psych::ICC, Krippendorff's alpha against the
published example and the krippendorff package, and bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest

from tdkt_eval.agreement import icc, krippendorff_alpha
from tdkt_eval.errors import (
    AgreementError,
    DataQualityWarning,
    DuplicateKeyError,
    InvalidParameterError,
    MissingValueError,
    OutOfRangeError,
)

REFERENCE = json.loads((Path(__file__).parent / "reference" / "icc.json").read_text(encoding="utf-8"))
NA = np.nan
#: Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C: 4 observers
#: (columns) x 12 units (rows), with missing values.
KRIPP_2011 = pd.DataFrame({"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
                           "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
                           "C": [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
                           "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA]})
#: The values printed in the paper (verified against the krippendorff package's docstring,
#: which quotes the same example, and DescTools::KrippAlpha's "C" data).
KRIPP_2011_ALPHA = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
LEVELS = ("nominal", "ordinal", "interval", "ratio")


# ---------------------------------------------------------------------------- ICC
@pytest.mark.parametrize("block", ["sf", "sim", "sim90"])
def test_icc_matches_r_psych(block):
    ref = REFERENCE[block]
    got = icc(pd.DataFrame(ref["data"]), conf_level=ref["conf_level"]).to_frame()
    assert list(got["type"]) == ref["results"]["type"]
    for r_name, col in [("ICC", "icc"), ("F", "F"), ("df1", "df1"), ("df2", "df2"), ("p", "p"),
                        ("lower", "ci_low"), ("upper", "ci_high")]:
        np.testing.assert_allclose(got[col].to_numpy(float), np.array(ref["results"][r_name], float), rtol=1e-6,
                                   err_msg=f"{block}: {r_name} ({ref['call']})")


def test_icc_shrout_fleiss_published_table():
    """Shrout & Fleiss (1979), Table 4: .17 .29 .71 and .44 .62 .91."""
    got = icc(pd.DataFrame(REFERENCE["sf"]["data"])).to_frame()["icc"].round(2).tolist()
    assert got == [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]


def test_icc_long_equals_wide():
    wide = pd.DataFrame(REFERENCE["sim"]["data"])
    long = wide.rename_axis("target").reset_index().melt(id_vars="target", var_name="rater", value_name="score")
    pd.testing.assert_frame_equal(icc(long, unit="target", rater="rater", value="score").to_frame(),
                                  icc(wide).to_frame())


def test_icc_perfect_agreement_is_one():
    x = pd.DataFrame({"r1": [1.0, 2, 3, 4], "r2": [1.0, 2, 3, 4], "r3": [1.0, 2, 3, 4]})
    np.testing.assert_allclose(icc(x).to_frame()["icc"], 1.0)


def test_icc_bad_inputs():
    wide = pd.DataFrame(REFERENCE["sf"]["data"]).astype(float)
    with_gap = wide.copy()
    with_gap.iloc[2, 1] = np.nan
    with pytest.raises(MissingValueError, match="lack a rating"):
        icc(with_gap)
    with pytest.raises(AgreementError, match="same value"):
        icc(pd.DataFrame({"a": [3, 3, 3], "b": [3, 3, 3]}))
    with pytest.raises(AgreementError, match="at least 2 targets and 2 raters"):
        icc(wide[["J1"]])
    long = pd.DataFrame({"t": [1, 1, 1, 2, 2], "r": ["a", "a", "b", "a", "b"], "y": [1, 2, 3, 4, 5]})
    with pytest.raises(DuplicateKeyError, match="more than once"):
        icc(long, unit="t", rater="r", value="y")
    with pytest.raises(InvalidParameterError, match="give all of"):
        icc(long, unit="t")
    with pytest.raises(InvalidParameterError, match="'conf_level'"):
        icc(wide, conf_level=95)


# ---------------------------------------------------------------------------- Krippendorff
@pytest.mark.parametrize("level", LEVELS)
def test_alpha_published_example(level):
    res = krippendorff_alpha(KRIPP_2011, metric=level, n_resamples=0)
    assert res.alpha == pytest.approx(KRIPP_2011_ALPHA[level], abs=5e-4)
    assert res.n_units == 11 and res.n_pairable == 40


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_matches_krippendorff_package(level):
    rng = np.random.default_rng(3)
    truth = rng.integers(1, 6, 40)
    data = np.clip(truth[:, None] + rng.integers(-1, 2, (40, 5)), 1, 5).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    for d in (data, KRIPP_2011.to_numpy()):
        expected = krippendorff.alpha(reliability_data=d.T, level_of_measurement=level)
        assert krippendorff_alpha(d, metric=level, n_resamples=0).alpha == pytest.approx(expected, rel=1e-9)


def test_alpha_long_format_and_strings():
    long = KRIPP_2011.rename_axis("unit").reset_index().melt(id_vars="unit", var_name="coder", value_name="v").dropna()
    res = krippendorff_alpha(long, unit="unit", rater="coder", value="v", metric="interval", n_resamples=0)
    assert res.alpha == pytest.approx(0.849, abs=5e-4)
    words = KRIPP_2011.apply(lambda c: c.map({1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}))
    assert krippendorff_alpha(words, n_resamples=0).alpha == pytest.approx(0.743, abs=5e-4)


def test_alpha_bootstrap_interval():
    res = krippendorff_alpha(KRIPP_2011, metric="interval", n_resamples=500, seed=1)
    assert res.ci[0] < res.alpha < res.ci[1] <= 1.0
    assert res.ci == krippendorff_alpha(KRIPP_2011, metric="interval", n_resamples=500, seed=1).ci
    assert res.ci != krippendorff_alpha(KRIPP_2011, metric="interval", n_resamples=500, seed=2).ci
    assert set(res.to_frame().columns) >= {"alpha", "ci_low", "ci_high"} and "Krippendorff" in str(res)


def test_alpha_bad_inputs():
    with pytest.raises(AgreementError, match="same value"):
        krippendorff_alpha(pd.DataFrame({"a": [2, 2, 2], "b": [2, 2, NA]}), n_resamples=0)
    with pytest.raises(AgreementError, match="two or more raters"):
        krippendorff_alpha(pd.DataFrame({"a": [1, NA, 3], "b": [NA, 2, NA]}), n_resamples=0)
    with pytest.raises(InvalidParameterError, match="'metric'"):
        krippendorff_alpha(KRIPP_2011, metric="circular")
    with pytest.raises(OutOfRangeError, match="Ratio"):
        krippendorff_alpha(KRIPP_2011 - 3, metric="ratio", n_resamples=0)


def test_undefined_bootstrap_replicates_are_counted_and_warned():
    """Issue 16, D7: 154 of 500 replicates without variation were dropped in silence, and the interval's
    upper end was the estimate itself."""
    ratings = pd.DataFrame({"r1": [1] * 9 + [2], "r2": [1] * 10, "r3": [1] * 9 + [2]})
    with pytest.warns(DataQualityWarning, match=r"154 of 500 bootstrap resamples had no variation") as caught:
        res = krippendorff_alpha(ratings, n_resamples=500, seed=0)
    assert "154 trên 500 mẫu bootstrap" in caught[0].message.render("vi")
    assert (res.n_resamples, res.n_defined, res.boot_alphas.size) == (500, 346, 346)
    assert res.to_frame()["n_defined"].iloc[0] == 346 and "346 with a defined alpha" in str(res)
