"""Tests of tdkt_eval.plots.depth (Agg backend, no windows)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from tdkt_eval.errors import InvalidParameterError
from tdkt_eval.depth.ladder import depth_ladder
from tdkt_eval.i18n import label  # noqa: E402
from tdkt_eval.plots.depth import depth_ladder_plot  # noqa: E402

pytestmark = pytest.mark.usefixtures("no_show")


@pytest.fixture
def result():
    df = pd.DataFrame({"know": [1, 1, 1, 0, 1, 1, 1, 0], "join": [1, 0, 1, 0, 1, 0, 0, 0],
                       "spread": [1, 0, 0, 0, 0, 0, 1, 0], "district": list("aaaabbbb")})
    return depth_ladder(df, rungs={"awareness": "know", "participation": "join", "spread": "spread"}, by="district")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_returns_axes_with_labels(result, lang):
    ax = depth_ladder_plot(result, lang=lang)
    assert isinstance(ax, plt.Axes)
    assert [t.get_text() for t in ax.get_xticklabels()] == [label(r, lang) for r in result.rungs]
    assert ax.get_title() == label("depth_ladder", lang)
    assert ax.get_legend() is not None and ax.get_legend().get_title().get_text() == label("district", lang)


def test_draws_on_given_axes_and_subsets_groups(result):
    fig, ax = plt.subplots()
    out = depth_ladder_plot(result, ax=ax, by=["b"])
    assert out is ax and len(ax.containers) == 1
    line = ax.containers[0].lines[0]
    assert list(line.get_ydata()) == pytest.approx([0.75, 0.25, 0.25])


def test_bad_arguments(result):
    with pytest.raises(InvalidParameterError, match="not in the result"):
        depth_ladder_plot(result, by=["zz"])
    with pytest.raises(InvalidParameterError, match="lang"):
        depth_ladder_plot(result, lang="fr")
    with pytest.raises(InvalidParameterError, match="LadderResult"):
        depth_ladder_plot(result.shares)
