"""Rank-uncertainty plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from tdkt_eval.errors import InvalidParameterError
from tdkt_eval.indices.uncertainty import uncertainty  # noqa: E402
from tdkt_eval.plots.ranks import index_table, rank_uncertainty  # noqa: E402

pytestmark = pytest.mark.usefixtures("no_show")


@pytest.fixture
def result():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.uniform(1, 5, (12, 4)), columns=list("abcd"), index=[f"U{i:02d}" for i in range(12)])
    return uncertainty(df, choices={"normalisation": ("minmax", "rank"), "weights": ("dirichlet",)}, n_resamples=200)


def test_rank_uncertainty_sorted_with_intervals(result):
    fig, ax = plt.subplots()
    out = rank_uncertainty(result, ax=ax, lang="en")
    assert out is ax
    shown = [t.get_text() for t in ax.get_yticklabels()]
    expected = result.units.sort_values(["median_rank", "rank_low"], kind="stable").index.tolist()
    assert shown == expected
    segments = ax.collections[0].get_segments()
    assert len(segments) == 12
    first = result.units.loc[expected[0]]
    assert segments[0][0][0] == first.rank_low and segments[0][1][0] == first.rank_high
    plt.close(fig)


def test_rank_uncertainty_top_and_vietnamese_labels(result):
    ax = rank_uncertainty(result, top=5)
    assert len(ax.get_yticklabels()) == 5
    assert ax.get_xlabel()  # label("rank", "vi"), or the key itself until i18n has it
    plt.close(ax.figure)
    with pytest.raises(InvalidParameterError, match="top"):
        rank_uncertainty(result, top=0)
    with pytest.raises(InvalidParameterError, match="lang"):
        rank_uncertainty(result, lang="fr")


def test_index_table_sorted_by_index(result):
    ax = index_table(result, lang="en")
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert shown == result.units.sort_values("index", ascending=False).index.tolist()
    assert ax.get_xlim() == (0.0, 100.0)
    plt.close(ax.figure)
    with pytest.raises(InvalidParameterError, match="lacks columns"):
        index_table(pd.DataFrame({"index": [1.0]}))
    with pytest.raises(InvalidParameterError, match="Expected"):
        index_table([1, 2, 3])
