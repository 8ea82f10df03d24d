"""Diverging stacked bars of Likert items: disagreement left of 0, agreement right, neutral split.

:func:`likert_shares` computes the (weighted) share of each answer category per item (and
group); :func:`likert_bars` draws them. Labels come from :func:`tdkt_eval.i18n.label`
(keys ``likert_share``, ``likert_share_weighted``, and item names unless an
:class:`~tdkt_eval.io.instruments.Instrument` supplies the question texts).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import InvalidParameterError, MissingColumnError, OutOfRangeError
from .._args import check_choice
from .._messages import describe_values
from ..i18n import Lang, check_lang, format_number, label
from ..io.instruments import Instrument
from ._style import plot_style, prepare_axes

__all__ = ["likert_shares", "likert_bars"]

NEUTRAL_COLOR = "0.78"


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def _scale(scale: tuple[int, int]) -> np.ndarray:
    ok = (isinstance(scale, tuple) and len(scale) == 2 and all(isinstance(v, (int, np.integer)) for v in scale)
          and scale[1] > scale[0])
    if not ok:
        raise InvalidParameterError(f"The 'scale' parameter must be two integers (lowest, highest), e.g. (1, 5). "
                                    f"Got {scale!r} instead.")
    return np.arange(scale[0], scale[1] + 1)


def _categories(scale: tuple[int, int], neutral: int | None) -> np.ndarray:
    cats = _scale(scale)
    lo, hi = scale
    if neutral is None and len(cats) % 2:
        raise InvalidParameterError(f"The scale {lo}–{hi} has a middle category; name it with 'neutral' "
                                    f"(e.g. neutral={(lo + hi) // 2}).")
    if neutral is not None and neutral not in cats:
        raise InvalidParameterError(f"The 'neutral' parameter must be a category of the scale {lo}–{hi} or None. "
                                    f"Got {neutral!r} instead.")
    return cats


def _codes(responses: pd.DataFrame, item: str, lo: int, hi: int) -> np.ndarray:
    raw = responses[item]
    num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    given = raw.notna().to_numpy()
    with np.errstate(invalid="ignore"):
        bad = given & (np.isnan(num) | (num < lo) | (num > hi) | (num != np.round(num)))
    if bad.any():
        where = np.flatnonzero(bad)
        raise OutOfRangeError(f"Column '{item}' has values outside the scale {lo}–{hi}: "
                              f"{describe_values((raw.iloc[i], i + 2) for i in where)}.",
                              fix="Recode them, or set them to missing (NaN) to leave them out.",
                              column=item, rows=where + 2)
    return num


def _weights(responses: pd.DataFrame, weights) -> np.ndarray:
    if weights is None:
        return np.ones(len(responses))
    w = responses[weights] if isinstance(weights, str) else weights
    w = pd.to_numeric(pd.Series(np.asarray(w)), errors="coerce").to_numpy(float)
    if len(w) != len(responses) or not np.all(np.isfinite(w) & (w >= 0)):
        raise InvalidParameterError("The 'weights' parameter must name a column of, or give one value per row of, "
                                    "responses, with finite non-negative weights. Got missing, negative or "
                                    f"wrongly sized weights ({len(w)} for {len(responses)} rows).")
    return w


def likert_shares(responses: pd.DataFrame, items: Sequence[str], *, weights=None,
                  by: str | Sequence[str] | None = None, scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """Share of each answer category per item (and group), weighted by the survey weights.

    Parameters
    ----------
    responses : DataFrame
        One row per respondent; the item columns hold codes of the scale (NaN = no answer).
    items : sequence of str
        The Likert item columns.
    weights : str or array-like, optional
        Survey weights (a column name or one value per row); default equal weights.
    by : str or sequence of str, optional
        Grouping columns: one result per item and group. Rows with a missing group value
        are left out of the grouped results.
    scale : (int, int), default (1, 5)
        Lowest and highest code; values outside it raise :class:`OutOfRangeError`.

    Returns
    -------
    DataFrame
        Columns ``item``, the ``by`` columns, ``category``, ``count`` (unweighted answers in
        the category), ``share`` (weighted share among the answers) and ``n`` (unweighted
        answers to the item in the group), one row per item × group × category.

    Notes
    -----
    ``share_k = sum(w_i [y_i = k]) / sum(w_i [y_i answered])``. Missing answers are left
    out of the item's denominator (available cases); a respondent with weight 0 counts in
    neither the shares nor ``n``. Shares are NaN where a group has no answer.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 2, 2, 5], "w": [1.0, 1.0, 2.0, 4.0]})
    >>> likert_shares(df, ["q1"], weights="w")[["category", "share", "n"]].to_numpy().tolist()
    [[1.0, 0.125, 4.0], [2.0, 0.375, 4.0], [3.0, 0.0, 4.0], [4.0, 0.0, 4.0], [5.0, 0.5, 4.0]]
    """
    if not isinstance(responses, pd.DataFrame):
        raise InvalidParameterError(f"likert_shares needs a DataFrame of responses. Got {type(responses).__name__}.")
    items, by = [items] if isinstance(items, str) else list(items), _as_list(by)
    missing = [c for c in [*items, *by] if c not in responses.columns]
    if missing:
        raise MissingColumnError(f"The responses have no column(s) {', '.join(map(repr, missing))}.",
                                 fix="Check the item and group names against the survey's columns.", column=missing[0])
    cats = _scale(scale)
    w = _weights(responses, weights)
    codes = {item: _codes(responses, item, *scale) for item in items}
    if by:
        keys = responses[by].dropna().drop_duplicates().sort_values(by)
        groups = [(tuple(k), (responses[by] == pd.Series(k, index=by)).all(axis=1).to_numpy())
                  for k in keys.itertuples(index=False)]
    else:
        groups = [((), np.ones(len(responses), bool))]
    rows = []
    for item in items:
        for key, mask in groups:
            v, ww = codes[item][mask], w[mask]
            ok = ~np.isnan(v) & (ww > 0)
            idx = (v[ok] - cats[0]).astype(int)
            weighted = np.bincount(idx, weights=ww[ok], minlength=len(cats))
            counts = np.bincount(idx, minlength=len(cats))
            total = weighted.sum()
            share = weighted / total if total > 0 else np.full(len(cats), np.nan)
            for c, k, s in zip(cats, counts, share):
                rows.append({"item": item, **dict(zip(by, key)), "category": int(c), "count": int(k),
                             "share": float(s), "n": int(ok.sum())})
    return pd.DataFrame(rows, columns=["item", *by, "category", "count", "share", "n"])


def _net(shares: pd.DataFrame, neutral: float) -> pd.Series:
    sign = np.sign(shares["category"] - neutral)
    return (shares["share"] * sign).groupby(shares["item"], sort=False).sum()


def _category_labels(labels, items: list[str], cats: np.ndarray, lang: Lang) -> list[str]:
    if labels is None:
        return [str(c) for c in cats]
    if isinstance(labels, Instrument):
        lists = {labels.item(i).list_name for i in items}
        if len(lists) != 1 or None in lists:
            raise InvalidParameterError(f"The items use different choice lists {sorted(map(str, lists))}; plot "
                                        "them separately or pass the category labels as a mapping.")
        text = {c.name: c.labels.get(lang, c.name) for c in labels.choices[lists.pop()]}
        return [text.get(str(c), str(c)) for c in cats]
    if isinstance(labels, Mapping):
        return [str(labels.get(c, labels.get(str(c), c))) for c in cats]
    if len(labels) != len(cats):
        raise InvalidParameterError(f"The 'labels' parameter needs one label per category ({len(cats)}). "
                                    f"Got {len(labels)}.")
    return [str(t) for t in labels]


def _item_label(item: str, labels, lang: Lang) -> str:
    if isinstance(labels, Instrument) and item in labels.names:
        text = labels.item(item).labels.get(lang) or label(item, lang)
    else:
        text = label(item, lang)
    return textwrap.fill(text, 45)


def likert_bars(responses: pd.DataFrame, items: Sequence[str], *, labels=None, weights=None,
                by: str | Sequence[str] | None = None, scale: tuple[int, int] = (1, 5), neutral: int | None = 3,
                sort: Literal["net", "none"] = "net", lang: Lang = "vi", ax=None):
    """Diverging stacked bars, one per item (× group), centred on the neutral category.

    Parameters
    ----------
    responses, items, weights, by, scale
        As in :func:`likert_shares`.
    labels : Instrument, mapping or sequence, optional
        Legend texts of the categories: an :class:`~tdkt_eval.io.instruments.Instrument` (its
        choice labels in ``lang``; its question texts then label the items), a mapping
        code -> text, or one text per category. Default: the codes.
    neutral : int or None, default 3
        The middle category, drawn grey and split half each side of 0. None for a scale
        without one (even number of categories).
    sort : {"net", "none"}, default "net"
        "net": items from the highest net agreement (share above neutral minus share below,
        pooled over groups) at the top; "none": in the order given. Groups keep their order.
    lang : {"vi", "en"}, default "vi"
    ax : matplotlib Axes, optional
        Drawn on a new figure if not given.

    Returns
    -------
    matplotlib.axes.Axes
        One bar container per category (``ax.containers[k].patches[r]`` is row ``r`` from the
        top); each row shows "n = …", the unweighted number of answers.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [4, 5, 5, 3]})
    >>> ax = likert_bars(df, ["q1", "q2"], lang="en")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['q2', 'q1']
    >>> [float(round(p.get_x(), 3)) for p in ax.containers[2].patches]  # neutral: centred on 0
    [-0.125, -0.125]
    """
    check_lang(lang)
    check_choice(sort, "sort", ("net", "none"), func="likert_bars")
    cats = _categories(scale, neutral)
    shares = likert_shares(responses, items, weights=weights, by=by, scale=scale)
    by, items = _as_list(by), [items] if isinstance(items, str) else list(items)
    centre = neutral if neutral is not None else (scale[0] + scale[1]) / 2
    if sort == "net":
        pooled = likert_shares(responses, items, weights=weights, scale=scale)
        net = _net(pooled, centre)
        items = sorted(items, key=lambda i: -net[i] if np.isfinite(net[i]) else np.inf)
    shares = shares.assign(_o=shares["item"].map({it: k for k, it in enumerate(items)}))
    shares = shares.sort_values("_o", kind="stable")
    S = shares["share"].to_numpy(float).reshape(-1, len(cats))
    S = np.nan_to_num(S)
    meta = shares.iloc[::len(cats)]
    below = cats < centre
    start = -(S[:, below].sum(axis=1) + (S[:, cats == neutral].sum(axis=1) / 2 if neutral is not None else 0))
    lefts = start[:, None] + np.cumsum(S, axis=1) - S
    n_groups = max(1, len(meta) // max(1, len(items)))
    row = np.arange(len(meta))
    y = row + (row // n_groups) * (0.6 if n_groups > 1 else 0)
    texts = _category_labels(labels, items, cats, lang)
    cmap_pos = np.linspace(0.1, 0.9, len(cats))
    with plot_style():
        import matplotlib
        from matplotlib.ticker import FuncFormatter

        ax = prepare_axes(ax, figsize=(8.0, max(2.5, 0.4 * len(meta) + 1.6)))
        cmap = matplotlib.colormaps["RdBu"]
        for k, c in enumerate(cats):
            color = NEUTRAL_COLOR if c == neutral else cmap(cmap_pos[k])
            ax.barh(y, S[:, k], left=lefts[:, k], height=0.8, color=color, edgecolor="white", linewidth=0.5,
                    label=texts[k])
        names = [_item_label(it, labels, lang) for it in meta["item"]]
        if by:
            groups = meta[by].astype("string").agg(" / ".join, axis=1).map(lambda g: label(g, lang))
            names = [f"{nm} · {g}" for nm, g in zip(names, groups)]
        ax.set_yticks(y, names)
        ax.set_ylim(y.max() + 0.6, y.min() - 0.6)
        for yi, n in zip(y, meta["n"]):
            ax.text(1.01, yi, f"n = {format_number(n, lang)}", transform=ax.get_yaxis_transform(),
                    va="center", ha="left", fontsize="small")
        extent = max(float(np.max(-start, initial=0)), float(np.max(start + S.sum(axis=1), initial=0)), 0.1)
        lim = np.ceil(extent * 10 - 1e-9) / 10
        ax.set_xlim(-lim, lim)
        ax.axvline(0, color="0.2", linewidth=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x) * 100:.0f}%"))
        ax.set_xlabel(label("likert_share_weighted" if weights is not None else "likert_share", lang))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=min(len(cats), 5), frameon=False,
                  fontsize="small")
    return ax
