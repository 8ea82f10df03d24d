"""Tests of tdkt_eval.plots.likert and the Vietnamese font helper (Agg backend, no windows)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import glyph_warnings  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from tdkt_eval.errors import InvalidParameterError, MissingColumnError, OutOfRangeError
from tdkt_eval.io.instruments import load_instrument
from tdkt_eval.plots._style import VIETNAMESE_LETTERS, plot_style, vietnamese_font  # noqa: E402
from tdkt_eval.plots.likert import likert_bars, likert_shares  # noqa: E402

pytestmark = pytest.mark.usefixtures("no_show")

# Typed out by hand (not generated), so that the library's list is checked against it.
LOWER = ("àáảãạăằắẳẵặâầấẩẫậ" "èéẻẽẹêềếểễệ" "ìíỉĩị" "òóỏõọôồốổỗộơờớởỡợ" "ùúủũụưừứửữự" "ỳýỷỹỵ" "đ")
CATS = [1, 2, 3, 4, 5]


@pytest.fixture
def survey():
    """Three items with planted net agreement: aw1 high, aw2 middling, aw3 low; unequal weights."""
    rng = np.random.default_rng(20240611)
    n = 400
    probs = {"aw1": [0.05, 0.05, 0.1, 0.4, 0.4], "aw2": [0.15, 0.2, 0.3, 0.2, 0.15], "aw3": [0.45, 0.3, 0.1, 0.1, 0.05]}
    df = pd.DataFrame({k: rng.choice(CATS, size=n, p=p).astype(float) for k, p in probs.items()})
    df.loc[rng.choice(n, 30, replace=False), "aw2"] = np.nan
    df["gender"] = rng.choice(["male", "female"], size=n)
    df["w"] = np.where(df["aw1"] >= 4, 3.0, 1.0) * rng.uniform(0.5, 1.5, size=n)
    return df


def hand_shares(df, item, w=None):
    """Weighted category shares and unweighted n, from pandas group sums."""
    part = df[df[item].notna()]
    weight = part[w] if w else pd.Series(1.0, index=part.index)
    sums = weight.groupby(part[item]).sum().reindex([float(c) for c in CATS], fill_value=0.0)
    return (sums / sums.sum()).to_numpy(), len(part)


def net(shares):
    return shares[3] + shares[4] - shares[0] - shares[1]


def test_shares_equal_weighted_counts(survey):
    got = likert_shares(survey, ["aw1", "aw2", "aw3"], weights="w")
    assert list(got.columns) == ["item", "category", "count", "share", "n"]
    for item in ["aw1", "aw2", "aw3"]:
        expected, n = hand_shares(survey, item, "w")
        part = got[got["item"] == item]
        assert part["category"].tolist() == CATS
        assert part["share"].to_numpy() == pytest.approx(expected, rel=1e-12)
        assert set(part["n"]) == {n}
        assert part["count"].sum() == n
    unweighted = likert_shares(survey, ["aw1"])
    assert unweighted["share"].to_numpy() == pytest.approx(hand_shares(survey, "aw1")[0])
    # the weights were planted to favour agreement with aw1: they must move the shares
    assert net(got[got["item"] == "aw1"]["share"].to_numpy()) > net(unweighted["share"].to_numpy()) + 0.05


def test_grouped_shares(survey):
    got = likert_shares(survey, ["aw2"], weights="w", by="gender")
    assert list(got.columns) == ["item", "gender", "category", "count", "share", "n"]
    for g in ["female", "male"]:
        expected, n = hand_shares(survey[survey["gender"] == g], "aw2", "w")
        part = got[got["gender"] == g]
        assert part["share"].to_numpy() == pytest.approx(expected, rel=1e-12)
        assert set(part["n"]) == {n}


def test_bars_read_back_equal_shares_and_centre_on_neutral(survey):
    ax = likert_bars(survey, ["aw1", "aw2", "aw3"], weights="w", sort="none", lang="en")
    assert isinstance(ax, plt.Axes) and len(ax.containers) == 5
    for r, item in enumerate(["aw1", "aw2", "aw3"]):
        s, n = hand_shares(survey, item, "w")
        widths = [ax.containers[k].patches[r].get_width() for k in range(5)]
        lefts = [ax.containers[k].patches[r].get_x() for k in range(5)]
        assert widths == pytest.approx(s, abs=1e-12)
        # half the neutral share each side of 0, disagreement to the left, agreement to the right
        assert lefts[2] == pytest.approx(-s[2] / 2)
        assert lefts[0] == pytest.approx(-(s[0] + s[1] + s[2] / 2))
        assert lefts[3] == pytest.approx(s[2] / 2)
        assert lefts[4] + widths[4] == pytest.approx(s[3] + s[4] + s[2] / 2)
        assert ax.containers[2].patches[r].get_facecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb("0.78"))
    assert [t.get_text() for t in ax.texts] == [f"n = {hand_shares(survey, i)[1]}" for i in ["aw1", "aw2", "aw3"]]
    assert ax.get_xlim()[0] == -ax.get_xlim()[1]
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "0%" in ticks and all(t.endswith("%") and not t.startswith(("-", "\u2212")) for t in ticks if t)


def test_sorted_by_net_agreement(survey):
    items = ["aw3", "aw1", "aw2"]
    ax = likert_bars(survey, items, weights="w", lang="en")
    nets = {i: net(hand_shares(survey, i, "w")[0]) for i in items}
    expected = sorted(items, key=lambda i: -nets[i])
    assert expected == ["aw1", "aw2", "aw3"]  # the planted order
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert shown == expected
    ys = [p.get_y() + p.get_height() / 2 for p in ax.containers[0].patches]
    assert ax.yaxis_inverted() and ys == sorted(ys)  # first row drawn at the top
    assert [t.get_text() for t in likert_bars(survey, items, sort="none", lang="en").get_yticklabels()] == items


def test_one_row_per_item_and_group_with_unweighted_n(survey):
    ax = likert_bars(survey, ["aw1", "aw3"], weights="w", by="gender", lang="en")
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert shown == ["aw1 · Female", "aw1 · Male", "aw3 · Female", "aw3 · Male"]
    ns = [int((survey["gender"] == g).sum()) for g in ["female", "male"]] * 2
    assert [t.get_text() for t in ax.texts] == [f"n = {n}" for n in ns]
    s, _ = hand_shares(survey[survey["gender"] == "male"], "aw3", "w")
    assert [ax.containers[k].patches[3].get_width() for k in range(5)] == pytest.approx(s)


def test_legend_from_instrument_choice_labels_and_existing_axes(survey):
    staff = load_instrument("staff")
    fig, ax = plt.subplots()
    out = likert_bars(survey, ["aw1", "aw2"], labels=staff, lang="vi", ax=ax)
    assert out is ax
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [c.labels["vi"] for c in staff.choices["agree5"]]
    assert ax.get_yticklabels()[0].get_text().replace("\n", " ") == staff.item("aw1").labels["vi"]
    numbers = likert_bars(survey, ["aw1"], lang="en")
    assert [t.get_text() for t in numbers.get_legend().get_texts()] == ["1", "2", "3", "4", "5"]


def test_even_scale_without_neutral():
    df = pd.DataFrame({"q": [1, 2, 3, 4, 4, 4]})
    ax = likert_bars(df, ["q"], scale=(1, 4), neutral=None, lang="en")
    lefts = [c.patches[0].get_x() for c in ax.containers]
    assert lefts[2] == pytest.approx(0.0) and lefts[0] == pytest.approx(-2 / 6)


def test_bad_inputs(survey):
    bad = survey.assign(aw1=survey["aw1"].where(survey.index != 7, 9.0))
    with pytest.raises(OutOfRangeError, match=r"'aw1'.*outside the scale 1–5: '9.0' \(row 9\)"):
        likert_shares(bad, ["aw1"])
    with pytest.raises(MissingColumnError, match="'zz'"):
        likert_bars(survey, ["aw1", "zz"])
    with pytest.raises(InvalidParameterError, match="neutral"):
        likert_bars(survey, ["aw1"], neutral=7)
    with pytest.raises(InvalidParameterError, match="sort"):
        likert_bars(survey, ["aw1"], sort="mean")
    with pytest.raises(InvalidParameterError, match="weights"):
        likert_shares(survey.assign(w=-1.0), ["aw1"], weights="w")


def test_letter_list_is_complete():
    assert len(LOWER) == 67 and len(set(LOWER)) == 67
    assert set(VIETNAMESE_LETTERS) == set(LOWER) | set(LOWER.upper())
    assert len(VIETNAMESE_LETTERS) == 134 and {"đ", "Đ"} <= set(VIETNAMESE_LETTERS)


def test_chosen_font_covers_every_vietnamese_letter():
    family = vietnamese_font()
    path = font_manager.findfont(family, fallback_to_default=False)
    charmap = FT2Font(path).get_charmap()
    assert [c for c in LOWER + LOWER.upper() if ord(c) not in charmap] == []


def test_vietnamese_figure_renders_without_missing_glyphs(survey):
    staff = load_instrument("staff")
    ax = likert_bars(survey, ["aw1", "aw2", "aw3"], labels=staff, by="gender", lang="vi")
    ax.set_title(VIETNAMESE_LETTERS[:67] + "\n" + VIETNAMESE_LETTERS[67:])
    assert glyph_warnings(ax.figure) == []
    # the check can fail: a character DejaVu Sans lacks is reported
    with plot_style():
        fig, other = plt.subplots()
        other.set_title("\u6f22")
    assert glyph_warnings(fig)
