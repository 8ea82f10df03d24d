"""Is a cluster's ranking robust to how its criterion scores are combined?

Domain primer, section 2 row 3: criteria are vague and weighted by habit. :func:`ranking_robustness`
rebuilds each cluster-year ranking from the verified criterion scores under other
normalisations and weights and reports whether the flag candidate stays on top.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_n_resamples, check_seed, renamed
from ..errors import (
    DuplicateKeyError,
    InconsistentValuesError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
)
from .framework import _aggregate, _normalise, _ranks

__all__ = ["kendall_w", "ranking_robustness"]

_REQUIRED = ("cluster_id", "year", "unit_id", "criterion_id", "verified_score", "max_score")
_NORMS = ("minmax", "zscore", "rank")
_WEIGHTINGS = ("equal", "official", "dirichlet")


def kendall_w(ratings: np.ndarray | pd.DataFrame) -> pd.DataFrame:
    """Kendall's coefficient of concordance W, corrected for ties.

    Parameters
    ----------
    ratings : array (m, n)
        One row per rater (here: per alternative ranking), one column per object ranked.
        Scores or ranks; each row is converted to average ranks (ties share the mean rank).
        Higher or lower is better as long as it is the same in every row.

    Returns
    -------
    DataFrame
        One row (a simple test returns a tidy frame; a bare float before version 1.0):
        ``w`` in [0, 1] (1 when all rankings agree, 0 when the rank sums are all equal),
        ``chi2 = m (n - 1) W``, ``df = n - 1``, ``p_value`` (upper tail of chi-squared on
        ``df``, Friedman's large-sample test), ``n_raters`` (m) and ``n_objects`` (n).

    Notes
    -----
    With :math:`R_j` the rank sum of object :math:`j`, :math:`S = \\sum_j (R_j - m(n+1)/2)^2`
    and :math:`T_i = \\sum (t^3 - t)` over the tie groups of row :math:`i`,

    .. math:: W = \\frac{12 S}{m^2 (n^3 - n) - m \\sum_i T_i}.

    It equals Friedman's statistic (with its tie correction) over :math:`m (n - 1)`, and
    without ties the mean Spearman correlation over pairs of rows is :math:`(m W - 1)/(m - 1)`.

    References
    ----------
    Kendall, M. G., Babington Smith, B. (1939). The problem of m rankings. Ann. Math. Stat. 10(3), 275-287.
    Siegel, S., Castellan, N. J. (1988). Nonparametric Statistics for the Behavioral Sciences, section 9.4.

    Examples
    --------
    >>> kendall_w([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]])[["w", "chi2", "df", "n_raters", "n_objects"]]
         w  chi2  df  n_raters  n_objects
    0  1.0   9.0   3         3          4
    >>> round(kendall_w([[1, 2, 3], [2, 3, 1], [3, 1, 2]])["w"].item(), 6)
    0.0
    """
    w, (m, n) = _kendall_w(ratings)
    chi2 = m * (n - 1) * w
    return pd.DataFrame([{"w": w, "chi2": chi2, "df": n - 1, "p_value": float(stats.chi2.sf(chi2, n - 1)),
                          "n_raters": m, "n_objects": n}])


def _kendall_w(ratings) -> tuple[float, tuple[int, int]]:
    """Kendall's W of ``ratings`` (see :func:`kendall_w`) and the shape (m, n) of the ranks."""
    r = stats.rankdata(np.asarray(ratings, dtype=float), axis=1)
    if r.ndim != 2 or r.shape[0] < 2 or r.shape[1] < 2 or np.isnan(r).any():
        raise InvalidParameterError(f"kendall_w needs a complete (m raters x n objects) array with m, n >= 2. "
                                    f"Got shape {np.shape(ratings)}.")
    m, n = r.shape
    s = np.sum((r.sum(axis=0) - m * (n + 1) / 2.0) ** 2)
    ties = 0.0
    for row in r:
        t = np.unique(row, return_counts=True)[1]
        ties += np.sum(t**3 - t)
    den = m**2 * (n**3 - n) - m * ties
    return (float(12.0 * s / den) if den > 0 else float("nan")), (m, n)


def _check(df: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        raise MissingColumnError(f"The cluster_scores table lacks columns {missing}.", column=missing[0],
                                 fix="Load it with tdkt_eval.load_records(path, kind='cluster_scores').")
    for c in ("verified_score", "max_score"):
        if not pd.api.types.is_numeric_dtype(df[c]):
            raise MixedTypeError("The column must hold numbers.", column=c, fix="Load it with load_records.")
        if df[c].isna().any():
            rows = (np.flatnonzero(df[c].isna().to_numpy()) + 2).tolist()
            raise MissingValueError(f"{len(rows)} scores are blank; a unit without a score on a criterion cannot be "
                                    "ranked.", column=c, rows=rows[:5], fix="Fill them in (0 if not achieved).")
    key = ["cluster_id", "year", "unit_id", "criterion_id"]
    dup = df.duplicated(key, keep=False)
    if dup.any():
        rows = (np.flatnonzero(dup.to_numpy()) + 2).tolist()
        raise DuplicateKeyError(f"Rows repeat a cluster, year, unit and criterion ({len(rows)} rows).",
                                rows=rows[:5], fix="Keep one score per unit and criterion.")
    spread = df.groupby(["cluster_id", "year", "criterion_id"])["max_score"].nunique()
    if (spread > 1).any():
        raise InconsistentValuesError(f"max_score differs between units for {list(spread.index[spread > 1][:3])}.",
                                      column="max_score", fix="Use one maximum per criterion in a cluster-year.")
    return df


@renamed(n_runs="n_resamples")
def ranking_robustness(cluster_scores: pd.DataFrame, *, normalisations: Sequence[str] = _NORMS,
                       weightings: Sequence[str] = _WEIGHTINGS, n_resamples: int = 500, seed: int = 0,
                       concentration: float = 20.0) -> pd.DataFrame:
    """Robustness of each cluster-year ranking (and its flag candidate) to normalisation and weights.

    Parameters
    ----------
    cluster_scores : DataFrame
        ``cluster_scores`` contract: cluster_id, year, unit_id, criterion_id, verified_score, max_score.
    normalisations : sequence of {"minmax", "zscore", "rank"}, default all three
    weightings : sequence of {"equal", "official", "dirichlet"}, default all three
        ``"official"``: max_score shares; ``"dirichlet"``: Dirichlet(concentration * K * official).
    n_resamples : int, default 500
        Alternative rankings per cluster-year; each run draws a normalisation and a weighting uniformly
        (formerly ``n_runs``).
    seed : int, default 0
    concentration : float, default 20

    Returns
    -------
    DataFrame
        One row per cluster and year: ``n_units``, ``n_criteria``, ``top_unit`` (first under
        the official scheme, the flag candidate; ties go to the smaller unit_id), ``top_total``,
        ``runner_up``, ``top_margin`` (official total of top minus runner-up; 0 is a tie), ``top_share``
        (share of runs in which ``top_unit`` ranks first, ties at the top included),
        ``kendall_w`` (concordance of the ``n_resamples`` alternative rankings), ``mean_spearman``
        (mean Spearman correlation of a run with the official ranking), ``constant_criteria``.

    Notes
    -----
    The official scheme is the cluster's own: the sum of verified scores, which is the
    arithmetic mean of :math:`v_c / \\max_c` with weights :math:`\\max_c / \\sum \\max`. The
    alternatives normalise each criterion over the cluster's units (minmax, z-score, percentile
    rank) and take a weighted arithmetic mean. A criterion on which every unit scores the same
    cannot change a ranking and is normalised to 0 (counted in ``constant_criteria``).

    References
    ----------
    OECD/JRC (2008), Handbook on Constructing Composite Indicators, section 7;
    Kendall & Babington Smith (1939), Ann. Math. Stat. 10(3).

    Examples
    --------
    >>> rows = [("C1", 2024, u, c, s, 10.0) for u, sc in {"U1": (9, 9, 8), "U2": (8, 8, 7), "U3": (5, 9, 6)}.items()
    ...         for c, s in zip(("T1", "T2", "T3"), sc)]
    >>> df = pd.DataFrame(rows, columns=["cluster_id", "year", "unit_id", "criterion_id", "verified_score",
    ...                                  "max_score"])
    >>> out = ranking_robustness(df, n_resamples=100)
    >>> out[["top_unit", "runner_up", "top_share"]].to_dict("records")
    [{'top_unit': 'U1', 'runner_up': 'U2', 'top_share': 1.0}]
    """
    if not set(normalisations) <= set(_NORMS) or not normalisations:
        raise InvalidParameterError(f"The 'normalisations' parameter of ranking_robustness must be a non-empty subset "
                                    f"of {set(_NORMS)}. Got {tuple(normalisations)!r} instead.")
    if not set(weightings) <= set(_WEIGHTINGS) or not weightings:
        raise InvalidParameterError(f"The 'weightings' parameter of ranking_robustness must be a non-empty subset "
                                    f"of {set(_WEIGHTINGS)}. Got {tuple(weightings)!r} instead.")
    check_n_resamples(n_resamples, "ranking_robustness", minimum=10)
    check_seed(seed, "ranking_robustness")
    df = _check(cluster_scores)
    rng = np.random.default_rng(seed)
    out = []
    for (cluster, year), g in df.groupby(["cluster_id", "year"], sort=True):
        v = g.pivot(index="unit_id", columns="criterion_id", values="verified_score")
        if v.isna().any().any() or len(v) < 2:
            raise InconsistentValuesError(f"Cluster {cluster}, year {year}: every unit needs a score on every "
                                          f"criterion and at least 2 units ({len(v)} units).",
                                          column="verified_score", fix="Complete the scoring sheet.")
        mx = g.groupby("criterion_id")["max_score"].first().reindex(v.columns).to_numpy(dtype=float)
        x = v.to_numpy(dtype=float)
        official = x.sum(axis=1)
        w_off = mx / mx.sum()
        order = np.lexsort((v.index.to_numpy(), -official))
        norm = rng.integers(len(normalisations), size=n_resamples)
        wgt = rng.integers(len(weightings), size=n_resamples)
        w = np.empty((n_resamples, x.shape[1]))
        for i, name in enumerate(weightings):
            sel = wgt == i
            w[sel] = (np.full(x.shape[1], 1.0 / x.shape[1]) if name == "equal" else w_off if name == "official"
                      else rng.dirichlet(concentration * x.shape[1] * w_off, int(sel.sum())))
        scores = np.empty((n_resamples, len(v)))
        for i, name in enumerate(normalisations):
            sel = norm == i
            z = _normalise(x[None], name, np.ones(x.shape[1]), constant="zero")
            scores[sel] = _aggregate(z, w[sel], "arithmetic", None)
        ranks = _ranks(scores)
        top = order[0]
        avg = stats.rankdata(-scores, axis=1)
        ref = stats.rankdata(-official)
        a_c, r_c = avg - avg.mean(axis=1, keepdims=True), ref - ref.mean()
        with np.errstate(invalid="ignore", divide="ignore"):
            rho = (a_c @ r_c) / np.sqrt(np.sum(a_c**2, axis=1) * np.sum(r_c**2))
        out.append({"cluster_id": cluster, "year": year, "n_units": len(v), "n_criteria": x.shape[1],
                    "top_unit": v.index[top], "top_total": official[top], "runner_up": v.index[order[1]],
                    "top_margin": official[top] - official[order[1]],
                    "top_share": float(np.mean(ranks[:, top] == 1)), "kendall_w": _kendall_w(-scores)[0],
                    "mean_spearman": float(np.nanmean(rho)) if np.isfinite(rho).any() else np.nan,
                    "constant_criteria": int(np.sum(np.ptp(x, axis=0) == 0)), "n_resamples": n_resamples})
    return pd.DataFrame(out)
