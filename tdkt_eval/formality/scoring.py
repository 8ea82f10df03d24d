"""Lenient scoring ("nể nang"): scores bunched at the top, and self-scores above verified ones.

:func:`score_compression` describes how bunched a cluster's total scores are each year;
:func:`leniency` measures how far units' self-scores exceed the verified scores (domain primer,
section 2 row 4).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_conf_level, renamed
from ..errors import (
    EmptyFileError,
    InconsistentValuesError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
    OutOfRangeError,
)
from .._messages import describe_values

__all__ = ["leniency", "score_compression"]

#: Label of the row that pools all clusters in :func:`leniency`.
OVERALL = "all"

_COMPRESSION_DIRECTION = {
    "ceiling_share": "higher = more bunched at the top (more lenient)",
    "cv": "lower = more compressed (less discriminating)",
    "gini": "lower = more compressed (less discriminating)",
}


def _with_max_total(cluster_results: pd.DataFrame, cluster_scores: pd.DataFrame) -> pd.DataFrame:
    """``cluster_results`` with ``max_total``: each unit's sum of ``max_score`` over its criteria."""
    keys = ["cluster_id", "year", "unit_id"]
    _require(cluster_results, keys, "cluster_results")
    _require(cluster_scores, [*keys, "max_score"], "cluster_scores")
    totals = cluster_scores.groupby(keys, as_index=False)["max_score"].sum().rename(columns={"max_score": "max_total"})
    return cluster_results.merge(totals, on=keys, how="left")


def score_compression(cluster_results: pd.DataFrame, *, max_score: float | None = None,
                      cluster_scores: pd.DataFrame | None = None, ceiling: float = 0.95) -> pd.DataFrame:
    """How bunched each cluster's total scores are, year by year.

    Parameters
    ----------
    cluster_results : DataFrame
        Needs ``cluster_id``, ``year`` and ``total_score`` (one row per unit and year).  A column
        ``max_total`` (the highest total a unit could get, the same for a cluster-year) is used when
        ``max_score`` is not given.
    max_score : float, optional
        The highest possible total score.  Given, it overrides ``max_total``.  With neither (nor
        ``cluster_scores``), an error is raised: the observed maximum would hide exactly the
        bunching this measures.
    cluster_scores : DataFrame, optional
        The criterion scores (``cluster_id``, ``year``, ``unit_id``, ``max_score``): when
        ``cluster_results`` has no ``max_total``, each unit's maximum total is the sum of
        ``max_score`` over its criteria.
    ceiling : float, default 0.95
        A score counts as "at the ceiling" when it is at least ``ceiling * max_score``.

    Returns
    -------
    DataFrame
        One row per cluster and year: ``cluster_id``, ``year``, ``n`` (units), ``max_score``,
        ``mean``, ``ceiling_share`` (share of units at the ceiling), ``cv`` (coefficient of
        variation) and ``gini``.  ``attrs["direction"]`` says which way each measure points:
        higher ``ceiling_share`` and lower ``cv`` and ``gini`` mean more compressed scores.

    Raises
    ------
    MissingColumnError, MissingValueError, MixedTypeError
        The table lacks a column, or has blank or non-numeric scores.
    OutOfRangeError
        A negative score, or one above the maximum.
    InconsistentValuesError
        ``max_total`` differs within a cluster-year.
    InvalidParameterError
        No maximum is known, or an option is outside its range.

    Notes
    -----
    With the *n* scores :math:`x_i` of a cluster-year and their mean :math:`\\bar x`:
    ``cv`` :math:`= \\sigma / \\bar x` with the population SD (``np.std(x) / np.mean(x)``, ``ddof=0``:
    the units are the whole cluster, not a sample), and ``gini`` is half the relative mean absolute
    difference, :math:`G = \\sum_i \\sum_j |x_i - x_j| / (2 n^2 \\bar x)`, computed from the sorted
    scores as :math:`G = 2 \\sum_i i\\, x_{(i)} / (n \\sum_i x_i) - (n + 1) / n`.  Equal scores give
    :math:`G = 0` and one positive score among *n* gives :math:`(n - 1) / n` (no small-sample
    correction :math:`n / (n - 1)`).  Both are NaN when all scores are 0.  Bunched scores cannot
    tell units apart, whatever the reason; read them with :func:`leniency`.

    References
    ----------
    Cowell, F. A. (2011). *Measuring Inequality*, 3rd ed. Oxford University Press, ch. 2.
    Damgaard, C. and Weiner, J. (2000). Describing inequality in plant size or fecundity.
    *Ecology* 81(4), 1139-1142.

    Examples
    --------
    >>> import pandas as pd
    >>> results = pd.DataFrame({"cluster_id": "C1", "year": 2024, "total_score": [98.0, 97.0, 99.0, 90.0]})
    >>> out = score_compression(results, max_score=100)
    >>> out[["n", "ceiling_share", "gini"]].round(4).to_dict("records")
    [{'n': 4, 'ceiling_share': 0.75, 'gini': 0.0182}]
    """
    if not isinstance(ceiling, (int, float)) or not 0 < ceiling <= 1:
        raise InvalidParameterError(f"The 'ceiling' parameter of score_compression must be in (0, 1]. "
                                    f"Got {ceiling!r} instead.")
    if max_score is None and "max_total" not in cluster_results.columns and cluster_scores is not None:
        cluster_results = _with_max_total(cluster_results, cluster_scores)
    _require(cluster_results, ("cluster_id", "year", "total_score"), "cluster_results")
    score = _numbers(cluster_results, "total_score")
    frame = cluster_results[["cluster_id", "year"]].assign(total_score=score, row=np.arange(len(score)) + 2)
    if max_score is not None:
        if not isinstance(max_score, (int, float)) or not 0 < max_score < np.inf:
            raise InvalidParameterError(f"The 'max_score' parameter of score_compression must be a positive number "
                                        f"or None. Got {max_score!r} instead.")
        frame["max_score"] = float(max_score)
    elif "max_total" in cluster_results.columns:
        frame["max_score"] = _numbers(cluster_results, "max_total")
        varies = frame.groupby(["cluster_id", "year"])["max_score"].transform("nunique").to_numpy() > 1
        if varies.any():
            raise InconsistentValuesError("max_total differs within a cluster-year: "
                                          f"{describe_values(zip(frame['max_score'][varies], frame['row'][varies]))}.",
                                          column="max_total", rows=frame["row"][varies],
                                          fix="Give each cluster-year one maximum total.")
    else:
        raise InvalidParameterError("score_compression needs the highest possible total score: pass max_score= "
                                    "or cluster_scores=, or add a max_total column (e.g. the sum of max_score over the criteria in "
                                    "cluster_scores).")
    bad = ((frame["total_score"] < 0) | (frame["total_score"] > frame["max_score"])).to_numpy()
    if bad.any():
        pairs = zip(frame["total_score"][bad].map("{:g}".format), frame["row"][bad])
        raise OutOfRangeError(f"Total scores outside 0 to the maximum: {describe_values(pairs)}.", column="total_score",
                              rows=frame["row"][bad], fix="Correct the scores, or the maximum (max_score=).")
    rows = []
    for (cid, year), g in frame.groupby(["cluster_id", "year"], sort=True):
        x, top = g["total_score"].to_numpy(dtype=float), float(g["max_score"].iloc[0])
        rows.append({"cluster_id": cid, "year": year, "n": len(x), "max_score": top, "mean": float(np.mean(x)),
                     "ceiling_share": float(np.mean(x >= ceiling * top)), "cv": _cv(x), "gini": _gini(x)})
    out = pd.DataFrame(rows)
    out.attrs["direction"] = dict(_COMPRESSION_DIRECTION)
    return out


@renamed(ci="conf_level")
def leniency(cluster_scores: pd.DataFrame, *, conf_level: float = 0.95, overall: bool = True) -> pd.DataFrame:
    """How much units' self-scores exceed the verified scores, per cluster and overall.

    Parameters
    ----------
    cluster_scores : DataFrame
        The ``cluster_scores`` table: ``cluster_id``, ``unit_id``, ``self_score`` and
        ``verified_score``, one row per unit, year and criterion.
    conf_level : float, default 0.95
        Confidence level of the interval (formerly ``ci``).
    overall : bool, default True
        Add a last row, ``cluster_id`` ``"all"``, pooling every cluster.  Leave it out
        (``overall=False``) to pass the table on to :func:`formality_table`, which wants clusters only.

    Returns
    -------
    DataFrame
        One row per cluster (and the overall row): ``cluster_id``, ``n_units``, ``n_rows``,
        ``mean_diff`` (mean of ``self_score - verified_score`` per criterion row), ``se``,
        ``ci_low``, ``ci_high``, ``p_value`` (two-sided, of a zero mean gap) and
        ``share_units_over`` (share of units whose summed self-scores exceed their summed
        verified scores).  Higher means more lenient self-assessment.

    Raises
    ------
    MissingColumnError, MissingValueError, MixedTypeError
        The table lacks a column, or has blank or non-numeric scores.
    InvalidParameterError
        ``conf_level`` outside (0, 1).

    Notes
    -----
    The criteria of one unit (over all years) are not independent, so the standard error is
    clustered by unit: with :math:`G` units, :math:`N` rows, gaps :math:`d_{gi}` and mean
    :math:`\\bar d`, :math:`\\mathrm{SE}^2 = \\frac{G}{G - 1} \\sum_g \\big(\\sum_i (d_{gi} - \\bar d)\\big)^2 / N^2`
    (CR1, the sandwich estimator of the intercept-only regression), and the interval uses a *t*
    with :math:`G - 1` degrees of freedom (Cameron and Miller 2015).  When every unit has the same
    number of rows this is exactly the one-sample *t* interval on the units' mean gaps.  It equals
    statsmodels' ``OLS(d, 1).fit(cov_type="cluster", cov_kwds={"groups": unit}, use_t=True)``.
    The overall row clusters by ``unit_id`` across clusters.  With one unit the SE is NaN.

    References
    ----------
    Cameron, A. C. and Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *Journal of Human Resources* 50(2), 317-372.

    Examples
    --------
    >>> import tdkt_eval as te
    >>> from tdkt_eval.paths import demo_dir
    >>> scores = te.load_records(demo_dir() / "cluster_scores.csv", "cluster_scores")
    >>> out = leniency(scores)
    >>> overall = out.iloc[-1]
    >>> [round(float(overall[c]), 3) for c in ("mean_diff", "ci_low", "ci_high")], int(overall["n_units"])
    ([0.501, 0.469, 0.534], 102)
    """
    check_conf_level(conf_level, "leniency")
    if not isinstance(overall, (bool, np.bool_)):
        raise InvalidParameterError(f"The 'overall' parameter of leniency must be True or False. Got {overall!r} "
                                    "instead.")
    _require(cluster_scores, ("cluster_id", "unit_id", "self_score", "verified_score"), "cluster_scores")
    gap = _numbers(cluster_scores, "self_score") - _numbers(cluster_scores, "verified_score")
    frame = pd.DataFrame({"cluster_id": cluster_scores["cluster_id"].astype("string").to_numpy(),
                          "unit_id": cluster_scores["unit_id"].astype("string").to_numpy(), "gap": gap})
    rows = [{"cluster_id": cid, **_clustered_mean(g, conf_level)} for cid, g in frame.groupby("cluster_id", sort=True)]
    if overall:
        rows.append({"cluster_id": OVERALL, **_clustered_mean(frame, conf_level)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- statistics
def _cv(x: np.ndarray) -> float:
    mean = float(np.mean(x))
    return float(np.std(x) / mean) if mean > 0 else float("nan")


def _gini(x: np.ndarray) -> float:
    total = float(np.sum(x))
    if total <= 0:
        return float("nan")
    n = len(x)
    ranks = np.arange(1, n + 1)
    return float(2 * np.sum(ranks * np.sort(x)) / (n * total) - (n + 1) / n)


def _clustered_mean(g: pd.DataFrame, conf_level: float) -> dict[str, float | int]:
    d = g["gap"].to_numpy(dtype=float)
    codes, _ = pd.factorize(g["unit_id"])
    n_units, n_rows = int(codes.max()) + 1, len(d)
    mean = float(d.mean())
    resid_sum = np.bincount(codes, d - mean, minlength=n_units)
    if n_units > 1:
        se = float(np.sqrt(n_units / (n_units - 1) * np.sum(resid_sum**2)) / n_rows)
        crit = float(stats.t.ppf(0.5 + conf_level / 2, n_units - 1))
        p = float(2 * stats.t.sf(abs(mean) / se, n_units - 1)) if se > 0 else (1.0 if mean == 0 else 0.0)
    else:
        se = crit = p = float("nan")
    over = np.bincount(codes, d, minlength=n_units) > 0
    return {"n_units": n_units, "n_rows": n_rows, "mean_diff": mean, "se": se, "ci_low": mean - crit * se,
            "ci_high": mean + crit * se, "p_value": p, "share_units_over": float(over.mean())}


# ---------------------------------------------------------------- checks
def _require(table: pd.DataFrame, columns: Sequence[str], kind: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise MissingColumnError(f"The {kind} table lacks the column(s) {', '.join(missing)}.", column=missing[0],
                                 fix=f"Load the table with load_records(..., '{kind}') or add the columns.")
    if table.empty:
        raise EmptyFileError(f"The {kind} table has no rows.", fix="Pass a table with scores.")
    for col in columns:
        blank = table[col].isna().to_numpy()
        if blank.any():
            raise MissingValueError(f"{int(blank.sum())} rows have no {col}.", column=col,
                                    rows=np.flatnonzero(blank) + 2, fix="Fill in the cells or delete the rows.")


def _numbers(table: pd.DataFrame, column: str) -> np.ndarray:
    try:
        values = pd.to_numeric(table[column], errors="raise").astype("float64").to_numpy()
    except (ValueError, TypeError):
        raise MixedTypeError(f"{column} holds text that is not a number.", column=column,
                             fix="Correct the cells, or load the table with load_records.") from None
    blank = np.isnan(values)
    if blank.any():
        raise MissingValueError(f"{int(blank.sum())} rows have no {column}.", column=column,
                                rows=np.flatnonzero(blank) + 2, fix="Fill in the cells or delete the rows.")
    return values
