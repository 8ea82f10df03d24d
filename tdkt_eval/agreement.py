"""Agreement between raters: intraclass correlations and Krippendorff's alpha.

Clusters and blocs score their members on registered criteria; when several raters (member
units, an inspection team, the council) score the same units, these functions say how far
the scores agree (domain primer, complaint 3).

:func:`icc` gives the six Shrout & Fleiss (1979) intraclass correlations with F tests and
confidence intervals exactly as R ``psych::ICC`` computes them.  Validated against R psych
2.2.9 (R 4.2.2): ``tests/reference/icc.json`` (Shrout & Fleiss's 6 x 4 example and a
20 x 5 simulated set), relative 1e-6.

:func:`krippendorff_alpha` handles any number of raters, missing ratings and the nominal,
ordinal, interval and ratio metrics.  Validated against Krippendorff (2011)'s worked example
(nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797) and the ``krippendorff`` package.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from ._args import check_choice, check_conf_level, check_n_resamples, check_seed, renamed
from ._messages import Text
from ._results import FrameResult, Result, renamed_field
from .errors import (
    AgreementError,
    DataQualityWarning,
    DuplicateKeyError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
    OutOfRangeError,
)

__all__ = ["AgreementError", "AlphaResult", "ICCResult", "icc", "krippendorff_alpha"]

Metric = Literal["nominal", "ordinal", "interval", "ratio"]
Level = Metric  # the former name
ICC_TYPES = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")
ICC_DESCRIPTIONS = ("Single_raters_absolute", "Single_random_raters", "Single_fixed_raters",
                    "Average_raters_absolute", "Average_random_raters", "Average_fixed_raters")


# ============================================================================ input
def _to_wide(data, unit, rater, value, *, fn: str) -> pd.DataFrame:
    """Rows = units (what is rated), columns = raters; from a wide table or a long one."""
    if isinstance(data, np.ndarray):
        data = pd.DataFrame(data)
    if not isinstance(data, pd.DataFrame):
        raise InvalidParameterError(f"{fn} needs a pandas DataFrame or a 2-D array; got {type(data).__name__}.")
    given = [unit is not None, rater is not None, value is not None]
    if any(given) and not all(given):
        raise InvalidParameterError(f"For long data give all of unit, rater, value (column names) to {fn}; for "
                                    f"wide data (one row per unit rated, one column per rater) give none of them.")
    if not any(given):
        return data
    for col in (unit, rater, value):
        if col not in data.columns:
            raise MissingColumnError(f"Column '{col}' is not in the data (columns: {', '.join(map(str, data.columns))}).",
                                     fix="Check the column names given to " + fn + ".", column=str(col))
    dup = data.duplicated([unit, rater], keep=False).to_numpy()
    if dup.any():
        rows = np.flatnonzero(dup)[:5] + 2
        raise DuplicateKeyError(f"Some rater scored the same target more than once (rows {', '.join(map(str, rows))}).",
                                fix="Keep one rating per target and rater (e.g. the final one), or average them first.",
                                column=str(value), rows=rows)
    return data.pivot(index=unit, columns=rater, values=value)


def _numeric(wide: pd.DataFrame, fn: str) -> np.ndarray:
    try:
        return wide.apply(pd.to_numeric).to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise MixedTypeError(f"The ratings are not all numbers ({exc}).",
                             fix=f"Recode the ratings as numbers before calling {fn}.") from None


# ============================================================================ ICC
@dataclass(frozen=True, slots=True, kw_only=True)
class ICCResult(FrameResult):
    """The six intraclass correlations of :func:`icc`.

    Attributes
    ----------
    table : DataFrame
        Six rows (``type`` ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k) with columns type,
        description, icc, F, df1, df2, p, ci_low, ci_high, n_targets, n_raters.
    conf_level : float
    n_units, n_raters : int
        Targets scored and raters.

    Until the next release the result can still be indexed like the DataFrame that
    :func:`icc` used to return (``res["icc"]``), with a FutureWarning.
    """

    table: pd.DataFrame
    conf_level: float
    n_units: int
    n_raters: int

    def to_frame(self) -> pd.DataFrame:
        """The six-row table (a copy)."""
        return self.table.copy()

    def summary(self) -> str:
        """One line per ICC type with its interval; also what ``str()`` shows."""
        lines = [f"Intraclass correlations (Shrout & Fleiss): {self.n_units} targets, {self.n_raters} raters, "
                 f"{self.conf_level:.0%} CI"]
        lines += [f"  {r.type:<6} {r.icc:6.3f}  [{r.ci_low:6.3f}, {r.ci_high:6.3f}]  F({r.df1:g}, {r.df2:g}) = "
                  f"{r.F:.2f}, p = {r.p:.3g}  {r.description}" for r in self.table.itertuples(index=False)]
        return "\n".join(lines)


@renamed(targets="unit", raters="rater", ratings_col="value", ci="conf_level")
def icc(ratings, *, unit: str | None = None, rater: str | None = None, value: str | None = None,
        conf_level: float = 0.95) -> ICCResult:
    """Six intraclass correlations of Shrout & Fleiss (1979), as R ``psych::ICC`` reports them.

    Parameters
    ----------
    ratings : DataFrame or 2-D array
        Wide: one row per target (a unit being scored), one column per rater.  Long: one row
        per rating, with the columns named by ``unit``, ``rater`` and ``value``.
    unit, rater, value : str, optional
        Column names of the long format (all three or none): the target scored, who scored
        it, the score (formerly ``targets``, ``raters``, ``ratings_col``).
    conf_level : float, default 0.95
        Confidence level of the intervals (psych's ``alpha = 1 - conf_level``; formerly ``ci``).

    Returns
    -------
    ICCResult
        ``to_frame()``: six rows (``type`` ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k) with
        columns type, description, icc, F, df1, df2, p, ci_low, ci_high, n_targets, n_raters.
        (A DataFrame before version 1.0; indexing the result like one still works, with a
        FutureWarning.)

    Raises
    ------
    MissingValueError
        A target lacks a rating (the two-way ANOVA needs a complete table).
    AgreementError
        Fewer than 2 targets or 2 raters, or no variation at all.

    Notes
    -----
    From the two-way ANOVA of ``n`` targets by ``k`` raters: ``MSB`` (targets), ``MSJ``
    (raters), ``MSE`` (residual) and ``MSW = (SSJ + SSE) / (dfJ + dfE)`` (within targets):

    - ICC1 = (MSB - MSW) / (MSB + (k-1) MSW), ICC1k = (MSB - MSW) / MSB (one-way random);
    - ICC2 = (MSB - MSE) / (MSB + (k-1) MSE + k (MSJ - MSE) / n), ICC2k = (MSB - MSE) /
      (MSB + (MSJ - MSE) / n) (two-way random, absolute agreement);
    - ICC3 = (MSB - MSE) / (MSB + (k-1) MSE), ICC3k = (MSB - MSE) / MSB (two-way mixed,
      consistency).

    F tests: ``MSB / MSW`` on (n-1, n(k-1)) for ICC1, ``MSB / MSE`` on (n-1, (n-1)(k-1))
    otherwise.  Intervals: exact F-based for ICC1 and ICC3 (and their k forms);
    Satterthwaite's approximate df ``v`` for ICC2 (McGraw & Wong 1996, Table 7), as psych
    does.  McGraw & Wong's names: ICC1 = ICC(1), ICC2 = ICC(A,1), ICC3 = ICC(C,1).

    Validated against R psych 2.2.9 ``ICC(x, lmer = FALSE)`` (R 4.2.2) at relative 1e-6;
    psych's default ``lmer = TRUE`` gives the same numbers for complete data up to the
    optimiser's tolerance.

    References
    ----------
    Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
    reliability. *Psychological Bulletin*, 86(2), 420-428.
    McGraw, K. O., & Wong, S. P. (1996). Forming inferences about some intraclass correlation
    coefficients. *Psychological Methods*, 1(1), 30-46.

    Examples
    --------
    Shrout & Fleiss's 6 targets scored by 4 judges (psych's ``sf`` data):

    >>> import pandas as pd
    >>> sf = pd.DataFrame({"J1": [9, 6, 8, 7, 10, 6], "J2": [2, 1, 4, 1, 5, 2],
    ...                    "J3": [5, 3, 6, 2, 6, 4], "J4": [8, 2, 8, 6, 9, 7]})
    >>> icc(sf).to_frame()[["type", "icc"]].round(2)
        type   icc
    0   ICC1  0.17
    1   ICC2  0.29
    2   ICC3  0.71
    3  ICC1k  0.44
    4  ICC2k  0.62
    5  ICC3k  0.91
    """
    check_conf_level(conf_level, "icc")
    wide = _to_wide(ratings, unit, rater, value, fn="icc")
    x = _numeric(wide, "icc")
    n, k = x.shape
    if n < 2 or k < 2:
        raise AgreementError(f"An ICC needs at least 2 targets and 2 raters; found {n} target(s) and {k} rater(s).",
                             fix="Give one row per target and one column per rater.")
    miss = np.isnan(x)
    if miss.any():
        bad = [str(t) for t in wide.index[miss.any(axis=1)][:5]]
        raise MissingValueError(f"{int(miss.any(axis=1).sum())} target(s) lack a rating from some rater "
                                f"(e.g. {', '.join(bad)}); the ANOVA needs every target rated by every rater.",
                                fix="Drop those targets (ratings.dropna()) or those raters, or use "
                                "krippendorff_alpha, which allows missing ratings.")
    grand = x.mean()
    ssb = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ssj = n * ((x.mean(axis=0) - grand) ** 2).sum()
    sse = ((x - grand) ** 2).sum() - ssb - ssj
    dfb, dfj, dfe = n - 1, k - 1, (n - 1) * (k - 1)
    msb, msj, mse = ssb / dfb, ssj / dfj, sse / dfe
    msw = (ssj + sse) / (dfj + dfe)
    if msb == 0 and msw == 0:
        raise AgreementError("Every rating is the same value; the ICC is undefined (0 / 0).",
                             fix="Agreement cannot be measured without variation between targets.")
    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (msb - msw) / (msb + (k - 1) * msw)
        icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
        icc3 = (msb - mse) / (msb + (k - 1) * mse)
        icc1k, icc2k, icc3k = (msb - msw) / msb, (msb - mse) / (msb + (msj - mse) / n), (msb - mse) / msb
        f1, f3 = msb / msw, msb / mse
    df1n, df1d, df3n, df3d = n - 1, n * (k - 1), n - 1, (n - 1) * (k - 1)
    p1, p3 = stats.f.sf(f1, df1n, df1d), stats.f.sf(f3, df3n, df3d)
    q = 1 - (1 - conf_level) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        f1l, f1u = f1 / stats.f.ppf(q, df1n, df1d), f1 * stats.f.ppf(q, df1d, df1n)
        f3l, f3u = f3 / stats.f.ppf(q, df3n, df3d), f3 * stats.f.ppf(q, df3d, df3n)
        fj = msj / mse
        vn = (k - 1) * (n - 1) * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        vd = (n - 1) * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        v = vn / vd
        fu, fl = stats.f.ppf(q, n - 1, v), stats.f.ppf(q, v, n - 1)
        l2 = n * (msb - fu * mse) / (fu * (k * msj + (k * n - k - n) * mse) + n * msb)
        u2 = n * (fl * msb - mse) / (k * msj + (k * n - k - n) * mse + n * fl * msb)
        low = [(f1l - 1) / (f1l + k - 1), l2, (f3l - 1) / (f3l + k - 1), 1 - 1 / f1l,
               l2 * k / (1 + l2 * (k - 1)), 1 - 1 / f3l]
        high = [(f1u - 1) / (f1u + k - 1), u2, (f3u - 1) / (f3u + k - 1), 1 - 1 / f1u,
                u2 * k / (1 + u2 * (k - 1)), 1 - 1 / f3u]
    table = pd.DataFrame({
        "type": ICC_TYPES, "description": ICC_DESCRIPTIONS,
        "icc": [icc1, icc2, icc3, icc1k, icc2k, icc3k],
        "F": [f1, f3, f3, f1, f3, f3], "df1": [df1n, df3n, df3n, df1n, df3n, df3n],
        "df2": [df1d, df3d, df3d, df1d, df3d, df3d], "p": [p1, p3, p3, p1, p3, p3],
        "ci_low": low, "ci_high": high, "n_targets": n, "n_raters": k,
    })
    return ICCResult(table=table, conf_level=conf_level, n_units=n, n_raters=k)


# ============================================================================ Krippendorff
@dataclass(frozen=True, slots=True, kw_only=True)
class AlphaResult(Result):
    """Krippendorff's alpha with a bootstrap confidence interval.

    Attributes
    ----------
    alpha : float
    ci : tuple of float
        Percentile interval of ``n_resamples`` unit-resampling bootstrap replicates.
    metric : str
        Nominal, ordinal, interval or ratio (formerly ``level``, which still reads with a
        FutureWarning).
    n_units, n_raters, n_pairable : int
        Units with at least two ratings (pairable), raters, pairable values.
    n_resamples : int
        Bootstrap replicates drawn (formerly ``n_boot``, which still reads with a FutureWarning).
    n_defined : int
        Replicates with a defined alpha, the ones the interval uses. A resample whose pairable
        values are all equal has no alpha (0 / 0); leaving such replicates out shifts the interval,
        so their number is kept here and a :class:`~tdkt_eval.errors.DataQualityWarning` says so.
    conf_level : float
    boot_alphas : numpy.ndarray
        The defined replicates.
    """

    alpha: float
    ci: tuple[float, float]
    metric: str
    n_units: int
    n_raters: int
    n_pairable: int
    n_resamples: int
    conf_level: float
    boot_alphas: np.ndarray
    n_defined: int = -1

    level = renamed_field("level", "metric")
    n_boot = renamed_field("n_boot", "n_resamples")

    def to_frame(self) -> pd.DataFrame:
        """One row: metric, alpha, ci_low, ci_high, conf_level, n_units, n_raters, n_pairable, n_resamples,
        n_defined."""
        return pd.DataFrame([dict(metric=self.metric, alpha=self.alpha, ci_low=self.ci[0], ci_high=self.ci[1],
                                  conf_level=self.conf_level, n_units=self.n_units, n_raters=self.n_raters,
                                  n_pairable=self.n_pairable, n_resamples=self.n_resamples,
                                  n_defined=self.n_defined)])

    def summary(self) -> str:
        """One line of text; also what ``str()`` shows."""
        return (f"Krippendorff's alpha ({self.metric}) = {self.alpha:.3f}, {self.conf_level:.0%} bootstrap CI "
                f"[{self.ci[0]:.3f}, {self.ci[1]:.3f}] ({self.n_resamples} unit resamples"
                f"{'' if self.n_defined == self.n_resamples else f', {self.n_defined} with a defined alpha'}); "
                f"{self.n_units} "
                f"pairable units, {self.n_raters} raters, {self.n_pairable} pairable values")


def _delta(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """Squared difference function delta^2(c, k) of Krippendorff (2011)."""
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        i, j = np.meshgrid(np.arange(len(values)), np.arange(len(values)), indexing="ij")
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        return (cum[hi + 1] - cum[lo] - (n_c[i] + n_c[j]) / 2) ** 2
    c, k = values[:, None].astype(float), values[None, :].astype(float)
    if level == "interval":
        return (c - k) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(c + k == 0, 0.0, ((c - k) / (c + k)) ** 2)


def _alpha_from(o: np.ndarray, values: np.ndarray, level: str) -> float:
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d = _delta(values, n_c, level)
    expected = (np.outer(n_c, n_c) * d).sum() - (n_c**2 * np.diag(d)).sum()
    if expected <= 0:
        return np.nan
    return float(1 - (n - 1) * (o * d).sum() / expected)


@renamed(level="metric", units="unit", raters="rater", values="value", n_boot="n_resamples")
def krippendorff_alpha(data, *, unit: str | None = None, rater: str | None = None, value: str | None = None,
                       metric: Metric = "nominal", n_resamples: int = 1000, seed: int = 0,
                       conf_level: float = 0.95) -> AlphaResult:
    """Krippendorff's alpha for any number of raters, with missing ratings, and a bootstrap CI.

    Parameters
    ----------
    data : DataFrame or 2-D array
        Wide: one row per unit (what is rated), one column per rater, NaN where a rater did
        not rate the unit.  Long: one row per rating with the columns ``unit``, ``rater``,
        ``value``.
    unit, rater, value : str, optional
        Column names of the long format (all three or none; formerly ``units``, ``raters``,
        ``values``).
    metric : {'nominal', 'ordinal', 'interval', 'ratio'}, default 'nominal'
        Measurement level of the ratings (formerly ``level``).  Ordinal ranks the observed
        values in their sorted order.
    n_resamples : int, default 1000
        Bootstrap replicates (0: no interval; formerly ``n_boot``).
    seed : int, default 0
        Seed of the local random generator.
    conf_level : float, default 0.95

    Returns
    -------
    AlphaResult

    Notes
    -----
    From the coincidence matrix ``o_ck = sum_u (number of c-k pairs of values in unit u) /
    (m_u - 1)`` over units with ``m_u >= 2`` values, ``n_c = sum_k o_ck`` and ``n = sum_c n_c``:

    ``alpha = 1 - (n - 1) sum_ck o_ck delta2_ck / sum_ck n_c n_k delta2_ck``

    with ``delta2`` = 0/1 (nominal), ``(sum_{g=c}^{k} n_g - (n_c + n_k) / 2)^2`` (ordinal),
    ``(c - k)^2`` (interval), ``((c - k) / (c + k))^2`` (ratio).

    The interval resamples units with replacement (each unit keeps its ratings) and takes
    percentiles of the replicates.  This is simpler than Krippendorff's (Hayes & Krippendorff
    2007) bootstrap, which resamples pairable values from the coincidence matrix; with few
    units both are rough.

    Cluster scoring: when several raters score the same units on the same criteria (long
    rows ``unit_id, criterion_id, rater_id, score``), make the unit of analysis the
    unit-criterion pair: ``data.assign(target=data.unit_id + "/" + data.criterion_id)`` and
    call ``krippendorff_alpha(that, unit="target", rater="rater_id", value="score",
    metric="interval")`` (``"ordinal"`` for point scales with few values); use
    :func:`icc` on the same long table when every rater scored every pair.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication, University of Pennsylvania.
    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
    measure for coding data. *Communication Methods and Measures*, 1(1), 77-89.

    Examples
    --------
    Krippendorff's (2011) example: 12 units (rows) rated by 4 observers, with gaps.

    >>> import numpy as np, pandas as pd
    >>> na = np.nan
    >>> d = pd.DataFrame({"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, na, na, na],
    ...                   "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, na, 3],
    ...                   "C": [na, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, na],
    ...                   "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, na]})
    >>> [round(krippendorff_alpha(d, metric=m, n_resamples=0).alpha, 3)
    ...  for m in ("nominal", "ordinal", "interval", "ratio")]
    [0.743, 0.815, 0.849, 0.797]

    Validated against the published values and the ``krippendorff`` package (0.9.0).
    """
    check_choice(metric, "metric", ("nominal", "ordinal", "interval", "ratio"), "krippendorff_alpha")
    check_n_resamples(n_resamples, "krippendorff_alpha")
    check_seed(seed, "krippendorff_alpha")
    check_conf_level(conf_level, "krippendorff_alpha")
    wide = _to_wide(data, unit, rater, value, fn="krippendorff_alpha")
    numeric = all(pd.api.types.is_numeric_dtype(t) for t in wide.dtypes)
    if metric == "nominal" and not numeric:    # labels; numbers go the numeric way (2 == 2.0)
        cells = wide.to_numpy(dtype=object)
        present = ~pd.isna(wide).to_numpy()
        labels, codes = np.unique(cells[present].astype(str), return_inverse=True)
        vals = labels
    else:
        x = _numeric(wide, "krippendorff_alpha")
        present = ~np.isnan(x)
        vals, codes = np.unique(x[present], return_inverse=True)
        if metric == "ratio" and (vals < 0).any():
            raise OutOfRangeError("Ratio-level ratings must be >= 0; found negative values.",
                                  fix="Use metric='interval' for ratings that can be negative.")
    code = np.full(present.shape, -1)
    code[present] = codes
    m_u = present.sum(axis=1)
    keep = m_u >= 2
    if not keep.any():
        raise AgreementError("No unit has ratings from two or more raters, so nothing can be compared.",
                             fix="Alpha needs units rated by at least two raters.")
    v = len(vals)
    per_unit = np.zeros((int(keep.sum()), v * v))
    for row, (cu, mu) in enumerate(zip(code[keep], m_u[keep])):
        counts = np.bincount(cu[cu >= 0], minlength=v).astype(float)
        per_unit[row] = ((np.outer(counts, counts) - np.diag(counts)) / (mu - 1)).ravel()
    o = per_unit.sum(axis=0).reshape(v, v)
    alpha = _alpha_from(o, vals, metric)
    if np.isnan(alpha):
        raise AgreementError("Every pairable rating has the same value; alpha is undefined (0 / 0).",
                             fix="Agreement cannot be measured without variation in the ratings.")
    rng = np.random.default_rng(seed)
    boots = np.empty(n_resamples)
    n_units = per_unit.shape[0]
    for b in range(n_resamples):
        weights = np.bincount(rng.integers(0, n_units, n_units), minlength=n_units)
        boots[b] = _alpha_from((weights @ per_unit).reshape(v, v), vals, metric)
    boots = boots[~np.isnan(boots)]
    if boots.size < n_resamples:
        warnings.warn(DataQualityWarning(Text(
            "{undefined} of {n} bootstrap resamples had no variation, so no alpha; the interval uses the other "
            "{kept} and may understate agreement (resamples in which every value agrees are the ones missing).",
            "{undefined} trên {n} mẫu bootstrap không có biến thiên nên không tính được alpha; khoảng tin cậy chỉ "
            "dùng {kept} mẫu còn lại và có thể đánh giá thấp mức tương hợp (thiếu đúng những mẫu mà mọi giá trị "
            "đều trùng nhau).", {"undefined": n_resamples - boots.size, "n": n_resamples, "kept": boots.size})),
            stacklevel=3)
    tail = (1 - conf_level) / 2
    ci = (float(np.quantile(boots, tail)), float(np.quantile(boots, 1 - tail))) if boots.size else (np.nan, np.nan)
    return AlphaResult(alpha=alpha, ci=ci, metric=metric, n_units=n_units, n_raters=wide.shape[1],
                       n_pairable=int(m_u[keep].sum()), n_resamples=int(n_resamples), conf_level=conf_level,
                       boot_alphas=boots, n_defined=int(boots.size))
