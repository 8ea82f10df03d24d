"""Tests of tdkt_eval.plots.forest and tdkt_eval.plots.funnel (Agg backend, no windows)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import glyph_warnings  # noqa: E402
from scipy import stats  # noqa: E402

from tdkt_eval.errors import InvalidParameterError, MissingColumnError
from tdkt_eval.i18n import label  # noqa: E402
from tdkt_eval.plots.forest import forest  # noqa: E402
from tdkt_eval.plots.funnel import funnel, funnel_limits  # noqa: E402

pytestmark = pytest.mark.usefixtures("no_show")


@pytest.fixture
def odds():
    return pd.DataFrame({"term": ["position_group[T.leader]", "position_group[T.manager]", "gender[T.female]",
                                  "C(level)[T.grassroots]", "annual_rating"],
                         "odds_ratio": [3.1, 1.6, 0.7, 0.45, 1.2], "ci_low": [2.2, 1.1, 0.5, 0.3, np.nan],
                         "ci_high": [4.4, 2.3, 0.98, 0.68, np.nan], "p_value": [1e-6, 0.01, 0.04, 1e-4, np.nan]})


# ----------------------------------------------------------------------------- forest
def test_forest_points_and_whiskers_equal_the_table(odds):
    ax = forest(odds, lang="en")
    assert isinstance(ax, plt.Axes)
    points = ax.lines[0]
    assert list(points.get_xdata()) == pytest.approx(odds["odds_ratio"].tolist())
    assert list(points.get_ydata()) == [0, 1, 2, 3, 4]
    segments = ax.collections[0].get_segments()
    assert len(segments) == 4  # the row without an interval has no whisker
    for seg, (_, row) in zip(segments, odds.iloc[:4].iterrows()):
        (x0, y0), (x1, y1) = seg
        assert (x0, x1) == pytest.approx((row["ci_low"], row["ci_high"])) and y0 == y1 == row.name
    assert ax.yaxis_inverted()  # first row at the top
    assert ax.get_xscale() == "log"
    ref = [ln for ln in ax.lines[1:] if list(ln.get_xdata()) == [1.0, 1.0]]
    assert len(ref) == 1


def test_forest_labels_translated(odds):
    for lang in ("vi", "en"):
        ax = forest(odds, lang=lang)
        shown = [t.get_text() for t in ax.get_yticklabels()]
        assert shown == [f"{label('position_group', lang)}: {label('leader', lang)}",
                         f"{label('position_group', lang)}: {label('manager', lang)}",
                         f"{label('gender', lang)}: {label('female', lang)}",
                         f"{label('level', lang)}: {label('grassroots', lang)}", label("annual_rating", lang)]
        assert ax.get_xlabel() == label("odds_ratio", lang)
        ax.figure.canvas.draw()
        ticks = [t.get_text() for t in ax.get_xticklabels(minor=True) + ax.get_xticklabels() if t.get_text()]
        assert "1" in ticks and not any("$" in t for t in ticks)  # plain numbers, not 10^x
        assert ("0,5" if lang == "vi" else "0.5") in ticks


def test_forest_on_given_axes_linear_scale_and_representation_table():
    rep = pd.DataFrame({"gender": ["female", "male"], "ratio": [0.8, 1.1], "ci_low": [0.6, 0.9],
                        "ci_high": [1.05, 1.3], "rewarded": [40, 80], "headcount": [300, 420]})
    fig, ax = plt.subplots()
    out = forest(rep, estimate="ratio", label="gender", reference=None, log=False, lang="en", ax=ax)
    assert out is ax and ax.get_xscale() == "linear"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Female", "Male"]
    assert len(ax.lines) == 1  # no reference line


def test_forest_bad_inputs(odds):
    with pytest.raises(InvalidParameterError, match="log=False"):
        forest(odds.assign(ci_low=odds["ci_low"] - 1))
    with pytest.raises(MissingColumnError, match="'ratio'"):
        forest(odds, estimate="ratio")
    with pytest.raises(InvalidParameterError, match="lang"):
        forest(odds, lang="fr")


# ----------------------------------------------------------------------------- funnel limits
@pytest.mark.parametrize("target", [0.02, 0.3, 0.75])
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_exact_limits_are_binomial_quantiles(target, level):
    n = np.array([1, 5, 17, 50, 123, 1000, 4000])
    got = funnel_limits(target, n, level)
    assert list(got.columns) == ["n", "level", "lower", "upper"]
    a = (1 - level) / 2
    for i, m in enumerate(n):
        assert got["lower"][i] * m == stats.binom.ppf(a, m, target)
        assert got["upper"][i] * m == stats.binom.ppf(1 - a, m, target)
        # by hand: the upper limit is the smallest r with P(X <= r) >= 1 - a
        r = next(r for r in range(m + 1) if stats.binom.cdf(r, m, target) >= 1 - a)
        assert got["upper"][i] == r / m


def test_hand_computed_limits():
    # n = 10, p = 0.2: P(X <= 4) = 0.967 < 0.975 <= P(X <= 5) = 0.994, and P(X <= 0) = 0.107 >= 0.025
    assert funnel_limits(0.2, 10, 0.95)[["lower", "upper"]].to_numpy().tolist() == [[0.0, 0.5]]
    normal = funnel_limits(0.3, [100, 400], 0.95, kind="normal")
    half = 1.959963984540054 * np.sqrt(0.3 * 0.7 / np.array([100, 400]))
    assert normal["lower"].to_numpy() == pytest.approx(0.3 - half, rel=1e-12)
    assert normal["upper"].to_numpy() == pytest.approx(0.3 + half, rel=1e-12)


def test_limits_bad_inputs():
    with pytest.raises(InvalidParameterError, match="between 0 and 1"):
        funnel_limits(1.2, 10, 0.95)
    with pytest.raises(InvalidParameterError, match="kind"):
        funnel_limits(0.2, 10, 0.95, kind="poisson")
    with pytest.raises(InvalidParameterError, match="positive integers"):
        funnel_limits(0.2, [10, 0], 0.95)


# ----------------------------------------------------------------------------- funnel plot
@pytest.fixture
def units():
    """40 units drawn at p = 0.3, plus planted outliers high (U41, U42) and low (U43)."""
    rng = np.random.default_rng(7)
    n = rng.integers(20, 600, size=40)
    k = rng.binomial(n, 0.3)
    n = np.concatenate([n, [400, 150, 500]])
    k = np.concatenate([k, [200, 75, 90]])
    return pd.DataFrame({"unit": [f"U{i + 1}" for i in range(len(n))], "rewarded": k, "headcount": n})


def test_labelled_units_are_the_planted_outliers(units):
    ax = funnel(units, value="rewarded", n="headcount", target=0.3, label="unit", lang="en")
    assert isinstance(ax, plt.Axes)
    assert sorted(t.get_text() for t in ax.texts) == ["U41", "U42", "U43"]
    # the same units by exact one-sided binomial tail probabilities (no limits involved)
    k, n = units["rewarded"], units["headcount"]
    a = (1 - 0.998) / 2
    flagged = (stats.binom.cdf(k, n, 0.3) < a) | (stats.binom.sf(k - 1, n, 0.3) <= a)
    assert sorted(units["unit"][flagged]) == ["U41", "U42", "U43"]
    # every unit is drawn
    offsets = ax.collections[0].get_offsets()
    assert np.asarray(offsets[:, 0]) == pytest.approx(n.to_numpy())
    assert np.asarray(offsets[:, 1]) == pytest.approx((k / n).to_numpy())


def test_funnel_default_target_is_pooled_and_draws_on_given_axes(units):
    fig, ax = plt.subplots()
    out = funnel(units, value="rewarded", n="headcount", kind="normal", ax=ax)
    assert out is ax
    pooled = units["rewarded"].sum() / units["headcount"].sum()
    target = ax.lines[0]
    assert list(target.get_ydata()) == pytest.approx([pooled, pooled])
    assert len(ax.lines) == 5  # target + two limits, each lower and upper
    assert ax.get_legend() is not None


def test_funnel_refuses_proportions(units):
    with pytest.raises(InvalidParameterError, match="proportion"):
        funnel(units.assign(p=units["rewarded"] / units["headcount"]), value="p", n="headcount")
    with pytest.raises(MissingColumnError, match="'size'"):
        funnel(units, value="rewarded", n="size")


def test_vietnamese_figures_render_without_missing_glyphs(units, odds):
    ax = funnel(units.assign(unit=[f"Xã Đồng Quỳnh {i}" for i in range(len(units))]), value="rewarded",
                n="headcount", target=0.3, label="unit", lang="vi")
    ax.set_title("Đơn vị được khen thưởng: tỷ lệ theo cỡ mẫu")
    assert glyph_warnings(ax.figure) == []
    ax = forest(odds.assign(term=["Lãnh đạo", "Quản lý", "Nữ", "Cơ sở", "Điểm xếp loại hằng năm"]), lang="vi")
    assert glyph_warnings(ax.figure) == []
