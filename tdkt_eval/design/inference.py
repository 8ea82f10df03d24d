"""Design-based tests, contrasts and quantiles (R survey's ``svyttest``, ``svychisq``, ``svycontrast``,
``svyquantile``).

Each uses the design's linearised covariance (:meth:`Design._covariance`): the influence values of
the statistic, one column per statistic, summed within clusters and centred within strata at
every stage.  Rows with a missing value are a domain (kept, with zero influence).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_choice, check_conf_level, check_missing
from .._results import FrameResult, Result
from ..errors import DesignError, InvalidParameterError, NotEstimableError
from .checks import no_missing, numeric_column, require

if TYPE_CHECKING:
    from .estimation import Design

__all__ = ["DesignTest", "QuantileResult", "chisq", "contrast", "quantile", "ttest"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignTest(Result):
    """A design-based test.

    Attributes
    ----------
    method : str
    statistic : float
        t, F or X² (see ``method``).
    df : tuple of float
        Degrees of freedom: ``(df,)`` for t and χ², ``(numerator, denominator)`` for F.
    p_value : float
    estimate : float, optional
        The difference or mean tested (t tests).
    ci : tuple of float, optional
        Its interval at ``conf_level``.
    """

    method: str
    statistic: float
    df: tuple[float, ...]
    p_value: float
    estimate: float = float("nan")
    ci: tuple[float, float] = (float("nan"), float("nan"))
    conf_level: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([dict(method=self.method, statistic=self.statistic,
                                  df=self.df[0], df_denominator=self.df[1] if len(self.df) > 1 else np.nan,
                                  p_value=self.p_value, estimate=self.estimate, ci_low=self.ci[0],
                                  ci_high=self.ci[1])])

    def summary(self) -> str:
        df = ", ".join(f"{d:.4g}" for d in self.df)
        text = f"{self.method}: statistic {self.statistic:.4g} (df {df}), p = {self.p_value:.4g}"
        if not np.isnan(self.estimate):
            text += (f"\n  estimate {self.estimate:.6g}, {self.conf_level:.0%} CI "
                     f"[{self.ci[0]:.6g}, {self.ci[1]:.6g}]")
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class QuantileResult(FrameResult):
    """Design-based quantiles: probability, quantile, ci_low, ci_high, se (one row per probability)."""

    table: pd.DataFrame
    name: str
    df: float
    conf_level: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        rows = [f"  {r.probability:g}: {r.quantile:.6g} [{r.ci_low:.6g}, {r.ci_high:.6g}] (SE {r.se:.4g})"
                for r in self.table.itertuples()]
        return f"Design-based quantiles of {self.name} (Woodruff {self.conf_level:.0%} intervals, df {self.df:g})\n" \
            + "\n".join(rows)


# ---- shared pieces ----------------------------------------------------------------------------
def _kept(design: Design, columns: Sequence[str], missing: str, what: str) -> np.ndarray:
    """Rows without a missing value in ``columns``; with ``missing='raise'``, none may be missing."""
    absent = np.zeros(len(design.data), bool)
    for col in columns:
        require(design.data, col, what)
        absent |= design.data[col].isna().to_numpy()
    if missing == "raise":
        no_missing(absent, ", ".join(columns), what, "Pass missing='drop' to leave those rows out (they are kept "
                   "as a domain, so the variance stays right).")
    return ~absent


def _domain_means(design, y: np.ndarray, groups: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Means of ``y`` in ``k`` groups (code k: outside every group) and their covariance, from the design."""
    indicator = (groups[:, None] == np.arange(k)).astype(float)
    return design._ratio_covariance(indicator * np.where(groups < k, y, 0.0)[:, None], indicator)


def _t_interval(estimate: float, se: float, df: float, conf_level: float) -> tuple[float, float]:
    q = stats.t.ppf(0.5 + conf_level / 2, df)
    return estimate - q * se, estimate + q * se


# ---- t tests --------------------------------------------------------------------------------------
def ttest(design: Design, col: str, group: str | None = None, *, mu: float = 0.0, missing: str = "raise",
          conf_level: float = 0.95) -> DesignTest:
    """See :meth:`tdkt_eval.Design.ttest`."""
    check_conf_level(conf_level, "Design.ttest")
    missing = check_missing(missing, ("raise", "drop"), "Design.ttest")
    if group is None:
        kept = _kept(design, [col], missing, "analysis")
        y = numeric_column(design.data, col, "analysis") - mu
        means, covariance = _domain_means(design, y, np.where(kept, 0, 1), 1)
        se = float(np.sqrt(covariance[0, 0]))
        df = float(design.degf - 1)
        estimate = float(means[0])
        method = "Design-based one-sample t-test"
    else:
        kept = _kept(design, [col, group], missing, "analysis")
        levels = pd.unique(design.data.loc[kept, group])
        if len(levels) != 2:
            raise DesignError(f"A two-sample t test needs a group column with two values; '{group}' has "
                              f"{len(levels)} among the rows used.", fix="Choose a column with two groups, or "
                              "compare more groups with Design.glm.", column=group)
        lo, hi = sorted(levels)
        y = numeric_column(design.data, col, "analysis")
        codes = np.where(~kept, 2, np.where(design.data[group].to_numpy() == hi, 1, 0))
        means, covariance = _domain_means(design, y, codes, 2)
        contrast_vector = np.array([-1.0, 1.0])
        se = float(np.sqrt(contrast_vector @ covariance @ contrast_vector))
        estimate = float(means[1] - means[0])
        df = float(design._degf_where(kept) - 1)
        method = f"Design-based t-test: {col} by {group} ({hi} minus {lo})"
    if not se > 0:
        raise NotEstimableError(f"The standard error of '{col}' is zero: the data cannot test anything.",
                                fix="Check that the outcome varies within the design's PSUs.")
    statistic = float(estimate / se)
    return DesignTest(method=method, statistic=statistic, df=(df,), p_value=float(2 * stats.t.sf(abs(statistic), df)),
                      estimate=estimate, ci=_t_interval(estimate, se, df, conf_level), conf_level=conf_level)


# ---- contrasts -----------------------------------------------------------------------------------
def contrast(design: Design, col: str | Sequence[str], weights: Mapping, *, by: str | None = None,
             missing: str = "raise", conf_level: float = 0.95):
    """See :meth:`tdkt_eval.Design.contrast`."""
    from .estimation import Estimate

    check_conf_level(conf_level, "Design.contrast")
    missing = check_missing(missing, ("raise", "drop"), "Design.contrast")
    if not isinstance(weights, Mapping) or not weights:
        raise InvalidParameterError("The 'weights' parameter must be a non-empty dict: domain (or column) → "
                                    f"coefficient. Got {weights!r} instead.")
    columns = [col] if isinstance(col, str) else list(col)
    if by is not None and len(columns) != 1:
        raise InvalidParameterError("Give one column with 'by' (a contrast of its domain means), or several "
                                    "columns without 'by' (a contrast of their means).")
    kept = _kept(design, columns + ([by] if by else []), missing, "analysis")
    if by is None:
        unknown = [key for key in weights if key not in columns]
        if unknown:
            raise InvalidParameterError(f"The 'weights' keys must be among the columns {columns}. Got {unknown}.")
        values = np.column_stack([np.where(kept, numeric_column(design.data, name, "analysis"), 0.0)
                                  for name in columns])
        estimates, covariance = design._ratio_covariance(values, kept.astype(float))
        names = columns
    else:
        labels, codes = np.unique(design.data.loc[kept, by].to_numpy(), return_inverse=True)
        unknown = [key for key in weights if key not in set(labels)]
        if unknown:
            raise InvalidParameterError(f"The 'weights' keys must be values of '{by}' ({list(labels)}). Got {unknown}.")
        groups = np.full(len(design.data), len(labels))
        groups[kept] = codes
        y = numeric_column(design.data, columns[0], "analysis")
        estimates, covariance = _domain_means(design, y, groups, len(labels))
        names = list(labels)
    vector = np.array([float(weights.get(name, 0.0)) for name in names])
    estimate = float(vector @ np.asarray(estimates))
    se = float(np.sqrt(vector @ covariance @ vector))
    df = float(design.degf)
    label = " ".join(f"{'+' if c >= 0 else '-'} {abs(c):g}×{n}" for n, c in zip(names, vector) if c).lstrip("+ ")
    return Estimate(name=label, statistic="contrast", estimate=estimate, se=se,
                    ci=_t_interval(estimate, se, df, conf_level), deff=float("nan"), n=int(kept.sum()), df=df,
                    conf_level=conf_level, ci_method="t")


# ---- Rao–Scott -------------------------------------------------------------------------------------
def chisq(design: Design, rows: str, cols: str, *, statistic: str = "F", missing: str = "raise") -> DesignTest:
    """See :meth:`tdkt_eval.Design.chisq`."""
    check_choice(statistic, "statistic", ("F", "Chisq"))
    missing = check_missing(missing, ("raise", "drop"), "Design.chisq")
    kept = _kept(design, [rows, cols], missing, "table")
    r_levels, r_codes = np.unique(design.data.loc[kept, rows].astype(str).to_numpy(), return_inverse=True)
    c_levels, c_codes = np.unique(design.data.loc[kept, cols].astype(str).to_numpy(), return_inverse=True)
    nr, nc = len(r_levels), len(c_levels)
    if nr < 2 or nc < 2:
        raise NotEstimableError(f"A test of association needs two or more values in each of '{rows}' and "
                                f"'{cols}' (they have {nr} and {nc}).", fix="Choose columns that vary.")
    cell = np.full(len(design.data), nr * nc)
    cell[kept] = r_codes + nr * c_codes                          # rows vary fastest, as R's interaction()
    inside = cell < nr * nc
    indicator = np.zeros((len(cell), nr * nc))
    indicator[np.flatnonzero(inside), cell[inside]] = 1.0
    proportions, covariance = design._ratio_covariance(indicator, inside.astype(float))
    n_rows = len(design.data)                                    # R: N = rows of the model matrix
    observed = (proportions * n_rows).reshape(nc, nr).T          # the table scaled to N rows (svytable)
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / n_rows
    with np.errstate(divide="ignore", invalid="ignore"):
        pearson = float(np.nansum((observed - expected) ** 2 / expected))
    main, interaction = _designs(nr, nc)
    contrasts = interaction - main @ np.linalg.lstsq(main, interaction, rcond=None)[0]
    inverse = np.diag(np.where(proportions == 0, 0.0, 1 / np.where(proportions == 0, 1, proportions)))
    denominator = contrasts.T @ (inverse / n_rows) @ contrasts
    numerator = contrasts.T @ inverse @ covariance @ inverse @ contrasts
    delta = np.linalg.solve(denominator, numerator)
    trace, trace_sq = np.trace(delta), np.trace(delta @ delta)
    nu = float(design.degf)
    if statistic == "F":
        d0 = trace**2 / trace_sq
        value = float(pearson / trace)
        return DesignTest(method="Pearson's X² with Rao–Scott second-order correction (F)", statistic=value,
                          df=(float(d0), float(d0 * nu)), p_value=float(stats.f.sf(value, d0, d0 * nu)))
    df = float(delta.shape[1])
    return DesignTest(method="Pearson's X² with Rao–Scott first-order correction", statistic=pearson, df=(df,),
                      p_value=float(stats.chi2.sf(pearson / np.mean(np.diag(delta)), df)))


def _designs(nr: int, nc: int) -> tuple[np.ndarray, np.ndarray]:
    """Cells (rows fastest): the main-effects model matrix and the interaction columns (R's model.matrix)."""
    r = np.tile(np.arange(nr), nc)
    c = np.repeat(np.arange(nc), nr)
    row_dummies = (r[:, None] == np.arange(1, nr)).astype(float)
    col_dummies = (c[:, None] == np.arange(1, nc)).astype(float)
    main = np.hstack([np.ones((nr * nc, 1)), row_dummies, col_dummies])
    interaction = (row_dummies[:, :, None] * col_dummies[:, None, :]).transpose(0, 2, 1).reshape(nr * nc, -1)
    return main, interaction


# ---- quantiles --------------------------------------------------------------------------------------
def _weighted_quantile(x: np.ndarray, share: np.ndarray, p: float) -> float:
    """R survey's ``qrule_math`` on sorted ``x`` with cumulative weight shares ``share``: the smallest x
    whose share reaches p (the next one when the share at the last x below stops short of p)."""
    position = np.searchsorted(share, p, side="right") - 1      # the last with share <= p
    if position < 0:
        return float(x[0])
    if position == len(x) - 1 or p - share[position] == 0:
        return float(x[position])
    return float(x[position + 1])


class _SortedDistribution:
    """The weighted distribution of values, sorted once; :meth:`quantile` is R's ``qrule_math``."""

    def __init__(self, values: np.ndarray, weights: np.ndarray) -> None:
        order = np.argsort(values)              # ties in any order give the same quantile
        self.x = values[order]
        cumulative = np.cumsum(weights[order])
        self.share = cumulative / cumulative[-1]

    def quantile(self, p: float) -> float:
        return _weighted_quantile(self.x, self.share, p)


class _BucketedDistribution:
    """The same quantiles without sorting a million values: equal-width buckets of the value range, then
    only the bucket that holds the quantile is sorted.  Ties share a bucket, so the rule is unchanged;
    cumulative shares are summed bucket by bucket (they can differ from one long cumulative sum in the
    last bit, which matters only when a share equals ``p`` exactly)."""

    BUCKETS = 4096

    def __init__(self, values: np.ndarray, weights: np.ndarray) -> None:
        low, high = float(values.min()), float(values.max())
        scale = self.BUCKETS / (high - low) if high > low else 0.0
        self.values, self.weights = values, weights
        self.bucket = np.minimum(((values - low) * scale).astype(np.intp), self.BUCKETS - 1)
        self.mass = np.bincount(self.bucket, weights, minlength=self.BUCKETS)
        self.cumulative = np.cumsum(self.mass)
        self.total = self.cumulative[-1]

    def quantile(self, p: float) -> float:
        j = int(np.searchsorted(self.cumulative / self.total, p, side="right"))   # first bucket ending above p
        if j >= self.BUCKETS:
            return float(self.values.max())
        members = np.flatnonzero(self.bucket == j)
        order = np.argsort(self.values[members])
        x = self.values[members][order]
        before = self.cumulative[j - 1] if j else 0.0
        share = (before + np.cumsum(self.weights[members][order])) / self.total
        position = int(np.searchsorted(share, p, side="right")) - 1
        if position >= 0:
            return float(x[position] if p - share[position] == 0 else x[position + 1])
        earlier = np.flatnonzero(self.mass[:j] > 0)
        if len(earlier) and p - before / self.total == 0:
            return float(self.values[self.bucket == earlier[-1]].max())
        return float(x[0])


def _distribution(values: np.ndarray, weights: np.ndarray):
    """Bucketed for large finite samples (a sort of a million values costs more than the estimate)."""
    if len(values) >= 100_000 and np.isfinite(values).all():
        return _BucketedDistribution(values, weights)
    return _SortedDistribution(values, weights)


def quantile(design: Design, col: str, probs: float | Sequence[float] = 0.5, *, missing: str = "raise",
             conf_level: float = 0.95) -> QuantileResult:
    """See :meth:`tdkt_eval.Design.quantile`."""
    check_conf_level(conf_level, "Design.quantile")
    missing = check_missing(missing, ("raise", "drop"), "Design.quantile")
    probs = [probs] if np.isscalar(probs) else list(probs)
    if not probs or any(not 0 < float(p) < 1 for p in probs):
        raise InvalidParameterError(f"The 'probs' parameter must hold probabilities between 0 and 1. Got {probs!r}.")
    kept = _kept(design, [col], missing, "analysis") & (design._w > 0)
    y = numeric_column(design.data, col, "analysis")
    values, weights = (y, design._w) if kept.all() else (y[kept], design._w[kept])
    distribution = _distribution(values, weights)
    df = float(design._degf_where(kept))
    q = stats.t.ppf(0.5 + conf_level / 2, df)
    rows = []
    for p in map(float, probs):
        estimate = distribution.quantile(p)
        at_or_below, covariance = _domain_means(design, (y <= estimate).astype(float), np.where(kept, 0, 1), 1)
        se_share = float(np.sqrt(covariance[0, 0]))
        low_p, high_p = at_or_below[0] - q * se_share, at_or_below[0] + q * se_share
        low = np.nan if low_p < 0 else distribution.quantile(low_p)
        high = np.nan if high_p > 1 else distribution.quantile(high_p)
        rows.append(dict(probability=p, quantile=estimate, ci_low=low, ci_high=high, se=(high - low) / (2 * q)))
    return QuantileResult(table=pd.DataFrame(rows), name=col, df=df, conf_level=conf_level)
