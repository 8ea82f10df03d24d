"""Figure of the depth ladder: the share reaching each rung, per group, with confidence intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InvalidParameterError
from ..depth.ladder import LadderResult
from ..i18n import Lang, check_lang, label

__all__ = ["depth_ladder_plot"]


def depth_ladder_plot(result: LadderResult, *, ax=None, lang: Lang = "vi", by: Sequence[str] | None = None):
    """Plot shares per rung (x) for each group (one line each), with CI bars.

    Parameters
    ----------
    result : LadderResult
        From :func:`tdkt_eval.depth.depth_ladder`.
    ax : matplotlib Axes, optional
        Drawn on a new figure if not given.
    lang : {'vi', 'en'}, default 'vi'
        Language of the labels (``tdkt_eval.i18n``): keys ``depth_ladder``, ``depth_rung``,
        ``depth_share`` and the rung names (``awareness``, ``participation``,
        ``changed_practice``, ``sustained``, ``spread``); unknown keys show as themselves.
    by : sequence of str, optional
        The groups to draw (values of the result's ``by`` column, several columns joined
        with " / "); default all.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from tdkt_eval.depth import depth_ladder
    >>> df = pd.DataFrame({"know": [1, 1, 1, 0, 1, 1], "join": [1, 0, 1, 0, 1, 0], "g": list("aaabbb")})
    >>> ax = depth_ladder_plot(depth_ladder(df, rungs={"awareness": "know", "participation": "join"}, by="g"),
    ...                        lang="en")
    >>> [t.get_text() for t in ax.get_xticklabels()], len(ax.lines) >= 2
    (['Awareness', 'Participation'], True)
    """
    import matplotlib.pyplot as plt

    check_lang(lang)
    if not isinstance(result, LadderResult):
        raise InvalidParameterError(f"depth_ladder_plot needs a LadderResult (from depth_ladder); got "
                                    f"{type(result).__name__}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    shares = result.shares
    steps = np.arange(len(result.rungs))
    if result.by:
        keys = shares[list(result.by)].astype("string").agg(" / ".join, axis=1)
    else:
        keys = shares["rung"].map(lambda _: label("overall", lang))
    groups = list(dict.fromkeys(keys))
    if by is not None:
        unknown = [g for g in by if g not in groups]
        if unknown:
            raise InvalidParameterError(f"The 'by' parameter of depth_ladder_plot names groups that are not in the "
                                        f"result: {unknown}. Groups: {groups}.")
        groups = list(by)
    width = 0.25 / max(len(groups), 1)
    for j, g in enumerate(groups):
        part = shares[(keys == g).to_numpy()].sort_values("step")
        x = part["step"].to_numpy() - 1 + (j - (len(groups) - 1) / 2) * width
        y = part["share"].to_numpy(float)
        err = np.vstack([y - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - y])
        ax.errorbar(x, y, yerr=np.clip(err, 0, None), marker="o", capsize=2, linewidth=1, label=label(g, lang))
    ax.set_xticks(steps, [label(r, lang) for r in result.rungs])
    ax.set_ylim(0, 1)
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))  # no decimal mark to get wrong in either language
    ax.set_xlabel(label("depth_rung", lang))
    ax.set_ylabel(label("depth_share", lang))
    ax.set_title(label("depth_ladder", lang))
    if result.by and len(groups) > 1:
        ax.legend(title=label(result.by[0], lang), fontsize="small", ncols=2 if len(groups) > 5 else 1)
    return ax
