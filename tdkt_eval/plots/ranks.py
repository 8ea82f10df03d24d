"""Rank-uncertainty plots of a composite index: where a unit stands, and how sure we are.

Both functions take an :class:`~tdkt_eval.indices.uncertainty.UncertaintyResult`, a
:class:`~tdkt_eval.indices.depth.DepthResult` (unit level) or a DataFrame with the same
columns (``index``, ``ci_low``, ``ci_high``, ``median_rank``, ``rank_low``, ``rank_high``).
Labels come from :func:`tdkt_eval.i18n.label` (keys ``rank``, ``median_rank``,
``rank_interval``, ``index_score``, ``index_interval``, ``unit``).
"""

from __future__ import annotations

import pandas as pd

from ..errors import InvalidParameterError
from ..i18n import check_lang, label

__all__ = ["rank_uncertainty", "index_table"]


def _table(result, needed: tuple[str, ...]) -> pd.DataFrame:
    frame = result if isinstance(result, pd.DataFrame) else getattr(result, "units", None)
    if not isinstance(frame, pd.DataFrame):
        raise InvalidParameterError(f"Expected an UncertaintyResult, a DepthResult or a DataFrame. "
                                    f"Got {type(result).__name__} instead.")
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InvalidParameterError(f"The table lacks columns {missing}; pass the result of "
                                    "tdkt_eval.indices.uncertainty or depth_index.")
    return frame


def _axes(ax, n: int):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.0, max(2.5, 0.22 * n + 1.0)))
    return ax


def rank_uncertainty(result, *, ax=None, lang: str = "vi", top: int | None = None):
    """Median rank of each unit with its rank interval (e.g. 5th-95th percentile), sorted.

    Parameters
    ----------
    result : UncertaintyResult, DepthResult or DataFrame
    ax : matplotlib Axes, optional
    lang : {"vi", "en"}, default "vi"
    top : int, optional
        Show only the ``top`` units with the best median rank.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"median_rank": [1.0, 2.5, 2.0], "rank_low": [1, 1, 1], "rank_high": [2, 3, 3]},
    ...                   index=["U1", "U2", "U3"])
    >>> ax = rank_uncertainty(df, lang="en")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['U1', 'U3', 'U2']
    """
    check_lang(lang)
    t = _table(result, ("median_rank", "rank_low", "rank_high"))
    t = t.sort_values(["median_rank", "rank_low"], kind="stable")
    if top is not None:
        if not (isinstance(top, int) and top > 0):
            raise InvalidParameterError(f"The 'top' parameter of rank_uncertainty must be a positive int. Got {top!r}.")
        t = t.head(top)
    ax = _axes(ax, len(t))
    y = range(len(t))
    ax.hlines(list(y), t["rank_low"], t["rank_high"], color="0.55", lw=2.0, label=label("rank_interval", lang))
    ax.plot(t["median_rank"], list(y), "o", color="C0", ms=4, label=label("median_rank", lang))
    ax.set_yticks(list(y), [label(str(u), lang) for u in t.index])
    ax.invert_yaxis()
    ax.set_xlabel(label("rank", lang))
    ax.set_ylabel(label("unit", lang))
    ax.legend(loc="best", fontsize="small", framealpha=0.8)
    return ax


def index_table(result, *, ax=None, lang: str = "vi"):
    """The "map as a table": units sorted by index, each with its interval bar.

    Parameters
    ----------
    result : UncertaintyResult, DepthResult or DataFrame
    ax : matplotlib Axes, optional
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"index": [40.0, 70.0], "ci_low": [30.0, 60.0], "ci_high": [50.0, 75.0]},
    ...                   index=["U1", "U2"])
    >>> ax = index_table(df, lang="en")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['U2', 'U1']
    """
    check_lang(lang)
    t = _table(result, ("index", "ci_low", "ci_high")).sort_values("index", ascending=False, kind="stable")
    ax = _axes(ax, len(t))
    y = list(range(len(t)))
    ax.hlines(y, t["ci_low"], t["ci_high"], color="0.6", lw=3.0, label=label("index_interval", lang))
    ax.plot(t["index"], y, "D", color="C3", ms=4, label=label("index_score", lang))
    ax.set_yticks(y, [label(str(u), lang) for u in t.index])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(label("index_score", lang))
    ax.set_ylabel(label("unit", lang))
    ax.legend(loc="best", fontsize="small", framealpha=0.8)
    return ax
