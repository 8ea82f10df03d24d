"""Forest plot: one estimate per row with its confidence interval, against a reference line.

Takes any table of estimates, e.g. ``reward_model(...).odds_ratios`` (``term``,
``odds_ratio``, ``ci_low``, ``ci_high``) or ``representation(...)`` (group columns,
``ratio``, ``ci_low``, ``ci_high``). Row labels and the axis title go through
:func:`tdkt_eval.i18n.label`; model terms such as ``position_group[T.leader]`` are shown
as "<label of position_group>: <label of leader>".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import InvalidParameterError, MissingColumnError
from ..i18n import Lang, check_lang, term_label
from ..i18n import label as tr
from ._style import decimal_ticks, plot_style, prepare_axes

__all__ = ["forest"]

def _row_label(text: str, lang: Lang) -> str:
    """A row label: the i18n label of the whole text, else of a treatment-coded term's parts."""
    return term_label(text, lang)


def forest(table: pd.DataFrame, *, estimate: str = "odds_ratio", low: str = "ci_low", high: str = "ci_high",
           label: str | Sequence[str] | None = "term", reference: float | None = 1.0, log: bool = True,
           lang: Lang = "vi", ax=None):
    """Points with confidence-interval whiskers, first table row at the top.

    Parameters
    ----------
    table : DataFrame
        One row per estimate, drawn in table order from top to bottom. Filter it first
        (e.g. drop the ``Intercept`` of a model); nothing is dropped here.
    estimate, low, high : str, defaults "odds_ratio", "ci_low", "ci_high"
        Columns of the estimate and its interval. A row with a missing interval is drawn
        as a point only; a row with a missing estimate keeps its label and shows nothing.
    label : str, sequence of str or None, default "term"
        Column(s) naming the rows (several joined with " / "); None uses the index.
        Each name is translated with :func:`tdkt_eval.i18n.label` where a key exists.
    reference : float or None, default 1.0
        Where to draw the dashed line of "no difference"; None for none.
    log : bool, default True
        Log-scaled x axis, as ratios need; the values must then be positive.
    lang : {"vi", "en"}, default "vi"
        Language of the labels (the axis title is the label of ``estimate``).
    ax : matplotlib Axes, optional
        Drawn on a new figure if not given.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` holds the points, ``ax.collections[0]`` the whiskers (row ``i``
        from the top at y = i, the y axis inverted).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> t = pd.DataFrame({"term": ["position_group[T.leader]", "gender[T.female]"],
    ...                   "odds_ratio": [2.0, 0.8], "ci_low": [1.5, 0.6], "ci_high": [2.7, 1.1]})
    >>> ax = forest(t, lang="en")
    >>> [tk.get_text() for tk in ax.get_yticklabels()], ax.get_xscale()
    (['Position group: Leader', 'Gender: Female'], 'log')
    """
    check_lang(lang)
    if not isinstance(table, pd.DataFrame):
        raise InvalidParameterError(f"forest needs a DataFrame of estimates. Got {type(table).__name__} instead.")
    names = [] if label is None else [label] if isinstance(label, str) else list(label)
    missing = [c for c in [estimate, low, high, *names] if c not in table.columns]
    if missing:
        raise MissingColumnError(f"The table of estimates has no column(s) {', '.join(map(repr, missing))}.",
                                 fix="Name the columns with estimate=, low=, high= and label=; found: "
                                     f"{', '.join(map(str, table.columns))}.", column=missing[0])
    x, lo, hi = (pd.to_numeric(table[c], errors="coerce").to_numpy(float) for c in (estimate, low, high))
    if log:
        values = np.concatenate([x, lo, hi, [] if reference is None else [reference]])
        if np.any(values[~np.isnan(values)] <= 0):
            raise InvalidParameterError(f"The columns {estimate!r}, {low!r}, {high!r} (and the reference) hold values "
                                        "<= 0, which a log scale cannot show. Pass log=False for differences, or "
                                        "plot ratios.")
    if names:
        keys = table[names].astype("string").fillna("").agg(" / ".join, axis=1).tolist()
    else:
        keys = [str(i) for i in table.index]
    y = np.arange(len(table), dtype=float)
    has_ci = ~(np.isnan(lo) | np.isnan(hi))
    with plot_style():
        ax = prepare_axes(ax, figsize=(6.5, max(2.5, 0.35 * len(table) + 1.2)))
        ax.hlines(y[has_ci], lo[has_ci], hi[has_ci], color="0.35", linewidth=1.5)
        ax.plot(x, y, "s", color="C0", markersize=5, linestyle="none")
        if reference is not None:
            ax.axvline(reference, color="0.45", linestyle="--", linewidth=0.9)
        if log:
            from matplotlib.ticker import NullFormatter

            ax.set_xscale("log")
            plain = decimal_ticks(lang)
            finite = np.concatenate([x, lo, hi])
            finite = finite[np.isfinite(finite)]
            span = np.log10(finite.max() / finite.min()) if len(finite) else 0.0
            ax.xaxis.set_major_formatter(plain)
            ax.xaxis.set_minor_formatter(plain if span < 1.2 else NullFormatter())
        ax.set_yticks(y, [_row_label(k, lang) for k in keys])
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.set_xlabel(tr(estimate, lang))
    return ax
