"""Funnel plot for comparing units (Spiegelhalter 2005): observed proportion against sample size.

Units are drawn with control limits around a target proportion; the limits narrow as the
sample grows, so a small unit is not flagged for noise and a large one is not let off.
Labels come from :func:`tdkt_eval.i18n.label` (keys ``sample_size``,
``observed_proportion``, ``funnel_target``, ``control_limits``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_choice
from ..errors import InvalidParameterError, MissingColumnError
from ..i18n import Lang, check_lang, format_number
from ..i18n import label as tr
from ._style import decimal_ticks, plot_style, prepare_axes

__all__ = ["funnel_limits", "funnel"]

Kind = Literal["proportion", "normal"]


def _check_target(target: float) -> float:
    if not (np.isfinite(target) and 0 < target < 1):
        raise InvalidParameterError(f"The target proportion must lie strictly between 0 and 1. Got {target!r}.")
    return float(target)


def funnel_limits(target: float, n, level: float, kind: Kind = "proportion") -> pd.DataFrame:
    """Two-sided control limits of a proportion around ``target`` for sample sizes ``n``.

    Parameters
    ----------
    target : float
        The proportion the units are compared with, in (0, 1).
    n : int or array-like of int
        Sample sizes (denominators), positive.
    level : float
        Coverage of the limits, e.g. 0.95 or 0.998.
    kind : {"proportion", "normal"}, default "proportion"
        "proportion": exact binomial quantiles; "normal": the normal approximation.

    Returns
    -------
    DataFrame
        Columns ``n``, ``level``, ``lower``, ``upper`` (proportions), one row per ``n``.

    Notes
    -----
    Exact: ``lower = F^-1((1 - level) / 2) / n`` and ``upper = F^-1((1 + level) / 2) / n``,
    with ``F^-1`` the quantile function of Binomial(n, target) (``scipy.stats.binom.ppf``,
    the smallest r with ``F(r) >= q``). A unit with r events is outside the limits when
    ``r / n < lower`` or ``r / n > upper``; each side then has an exact one-sided p-value
    of at most ``(1 - level) / 2``. The limits step with n; Spiegelhalter's interpolation
    between integer quantiles (which smooths the curves) is not applied.

    Normal: ``target ± z * sqrt(target (1 - target) / n)`` with ``z`` the
    ``(1 + level) / 2`` normal quantile, clipped to [0, 1]; good when ``n * target`` and
    ``n * (1 - target)`` are both well above 10.

    References
    ----------
    Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance.
    *Statistics in Medicine*, 24(8), 1185–1202, appendix A.1.

    Examples
    --------
    >>> funnel_limits(0.2, [10, 100], 0.95).round(3).to_numpy().tolist()
    [[10.0, 0.95, 0.0, 0.5], [100.0, 0.95, 0.12, 0.28]]
    >>> funnel_limits(0.2, 100, 0.95, kind="normal").round(3)[["lower", "upper"]].to_numpy().tolist()
    [[0.122, 0.278]]
    """
    check_choice(kind, "kind", ("proportion", "normal"), func="funnel_limits")
    p = _check_target(target)
    if not (isinstance(level, (float, int)) and 0 < level < 1):
        raise InvalidParameterError(f"The 'level' parameter of funnel_limits must lie in (0, 1). Got {level!r}.")
    n = np.atleast_1d(np.asarray(n, dtype=float))
    if np.any(~np.isfinite(n) | (n <= 0) | (n != np.round(n))):
        raise InvalidParameterError(f"The sample sizes of funnel_limits must be positive integers. Got {n[:5]}.")
    a = (1 - level) / 2
    if kind == "proportion":
        lower = stats.binom.ppf(a, n, p) / n
        upper = stats.binom.ppf(1 - a, n, p) / n
    else:
        half = stats.norm.ppf(1 - a) * np.sqrt(p * (1 - p) / n)
        lower, upper = np.clip(p - half, 0, 1), np.clip(p + half, 0, 1)
    return pd.DataFrame({"n": n, "level": float(level), "lower": lower, "upper": upper})


def funnel(table: pd.DataFrame, *, value: str, n: str, target: float | None = None,
           limits: Sequence[float] = (0.95, 0.998), kind: Kind = "proportion", label: str | None = None,
           lang: Lang = "vi", ax=None):
    """Funnel plot of units' proportions ``value / n`` against ``n``, with control limits.

    Parameters
    ----------
    table : DataFrame
        One row per unit, e.g. ``representation(...)`` (``rewarded``, ``headcount``).
    value : str
        Column of event counts per unit (integers; a proportion column is refused: pass
        ``proportion * n`` rounded instead).
    n : str
        Column of sample sizes (positive integers).
    target : float, optional
        The comparison proportion; default the pooled proportion ``sum(value) / sum(n)``.
    limits : sequence of float, default (0.95, 0.998)
        Coverages of the limits drawn; units outside the widest are labelled.
    kind : {"proportion", "normal"}, default "proportion"
        Exact binomial or normal-approximation limits (see :func:`funnel_limits`).
    label : str, optional
        Column naming the units in labels; default the index.
    lang : {"vi", "en"}, default "vi"
    ax : matplotlib Axes, optional
        Drawn on a new figure if not given.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.texts`` holds the names of the labelled (outlying) units.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> t = pd.DataFrame({"unit": ["A", "B", "C", "D"], "k": [20, 22, 60, 18], "m": [100, 110, 100, 90]})
    >>> ax = funnel(t, value="k", n="m", label="unit", lang="en")
    >>> [tx.get_text() for tx in ax.texts]
    ['C']
    """
    check_lang(lang)
    check_choice(kind, "kind", ("proportion", "normal"), func="funnel")
    if not isinstance(table, pd.DataFrame):
        raise InvalidParameterError(f"funnel needs a DataFrame with one row per unit. Got {type(table).__name__}.")
    missing = [c for c in (value, n, label) if c is not None and c not in table.columns]
    if missing:
        raise MissingColumnError(f"The table has no column(s) {', '.join(map(repr, missing))}.",
                                 fix=f"Name the columns with value=, n= and label=; found: "
                                     f"{', '.join(map(str, table.columns))}.", column=missing[0])
    k = pd.to_numeric(table[value], errors="coerce").to_numpy(float)
    m = pd.to_numeric(table[n], errors="coerce").to_numpy(float)
    bad = ~(np.isfinite(k) & np.isfinite(m)) | (m <= 0) | (k < 0) | (k > m) | (k != np.round(k)) | (m != np.round(m))
    if bad.any():
        rows = [str(r) for r in table.index[bad][:5]]
        raise InvalidParameterError(f"funnel needs whole event counts 0 <= {value} <= {n} and {n} > 0 in every row; "
                                    f"rows {', '.join(rows)} break this. Drop units without a sample; for "
                                    f"proportions pass round(proportion * {n}).")
    levels = sorted(float(v) for v in limits)
    target = _check_target(k.sum() / m.sum() if target is None else target)
    grid = np.unique(np.round(np.geomspace(max(1.0, m.min() * 0.8), m.max() * 1.1, 300)))
    p = k / m
    names = table[label].astype(str).tolist() if label is not None else [str(i) for i in table.index]
    with plot_style():
        from matplotlib.ticker import MaxNLocator, PercentFormatter

        ax = prepare_axes(ax, figsize=(7.0, 4.5))
        ax.axhline(target, color="0.2", linewidth=1.0, label=tr("funnel_target", lang))
        for j, lev in enumerate(levels):
            lim = funnel_limits(target, grid, lev, kind)
            style = {"color": "0.35", "linewidth": 0.9, "linestyle": "--" if j < len(levels) - 1 else "-"}
            ax.plot(grid, lim["lower"], label=_level_text(lev, lang), **style)
            ax.plot(grid, lim["upper"], **style)
        ax.scatter(m, p, s=18, color="C0", zorder=3)
        outer = funnel_limits(target, m, levels[-1], kind)
        out = (p < outer["lower"].to_numpy()) | (p > outer["upper"].to_numpy())
        for xi, yi, name in zip(m[out], p[out], np.asarray(names, dtype=object)[out]):
            ax.annotate(tr(name, lang), (xi, yi), xytext=(4, 3), textcoords="offset points", fontsize="small")
        ax.scatter(m[out], p[out], s=22, facecolor="none", edgecolor="C3", zorder=4)
        ax.set_ylim(0, min(1.0, max(p.max(), target) * 1.15 + 0.02))
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # sample sizes are whole numbers
        ax.xaxis.set_major_formatter(decimal_ticks(lang))
        ax.set_xlabel(tr("sample_size", lang))
        ax.set_ylabel(tr("observed_proportion", lang))
        ax.legend(loc="best", fontsize="small", framealpha=0.8)
    return ax


def _level_text(level: float, lang: Lang) -> str:
    pct = level * 100
    decimals = 0 if float(pct).is_integer() else 1
    return f"{tr('control_limits', lang)} {format_number(pct, lang, decimals=decimals)}%"
