"""Composite indicators the way the JRC/OECD handbook builds them: normalise, weight, aggregate.

Every public function takes a table of indicators (one row per unit, one numeric column per
indicator, units in the index). The array kernels (``_normalise``, ``_aggregate``) work on
a stack of such tables at once, so that :func:`tdkt_eval.indices.uncertainty` can rebuild an
index thousands of times in one pass.

References
----------
OECD/JRC (2008). *Handbook on Constructing Composite Indicators: Methodology and User Guide*.
OECD Publishing, Paris. https://doi.org/10.1787/9789264043466-en
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import old_value, renamed
from ..errors import IndicatorError, InvalidParameterError
from ..factor.rotation import varimax

__all__ = ["IndicatorError", "normalise", "equal_weights", "budget_weights", "pca_weights", "aggregate",
           "composite"]

Normalisation = Literal["minmax", "zscore", "rank", "goalposts", "distance_to_target"]
Aggregation = Literal["arithmetic", "geometric", "generalised"]
Missing = Literal["raise", "available", "impute_mean"]
NORMALISATIONS = ("minmax", "zscore", "rank", "goalposts", "distance_to_target")
AGGREGATIONS = ("arithmetic", "geometric", "generalised")
MISSING = ("raise", "available", "impute_mean")
#: The former spelling of each missing-data policy.
OLD_MISSING = {"error": "raise"}
#: Normalised values are mapped from [0, 100] to [FLOOR, 100] before a geometric mean (COINr's advice).
FLOOR = 1.0


def _option(name: str, func: str, allowed: Sequence[str], got: object) -> InvalidParameterError:
    return InvalidParameterError(f"The '{name}' parameter of {func} must be one of {set(allowed)}. "
                                 f"Got {got!r} instead.")


def _listing(z: pd.DataFrame, bad: np.ndarray, limit: int = 5) -> str:
    """Offending cells as "-1.5 (unit U3, 'b')", at most ``limit`` of them."""
    r, c = np.nonzero(bad)
    shown = [f"{z.iat[i, j]:g} (unit {z.index[i]}, {z.columns[j]!r})" for i, j in zip(r[:limit], c[:limit])]
    return ", ".join(shown) + (f" and {len(r) - limit} more" if len(r) > limit else "")


def _indicators(df: pd.DataFrame, func: str) -> pd.DataFrame:
    """The numeric indicator table, checked: a DataFrame of numbers with at least one unit and indicator."""
    if not isinstance(df, pd.DataFrame):
        raise InvalidParameterError(f"{func} takes a DataFrame of indicators (units x indicators). "
                                    f"Got {type(df).__name__} instead.")
    if df.shape[0] == 0 or df.shape[1] == 0:
        raise IndicatorError(f"The indicator table is empty ({df.shape[0]} units, {df.shape[1]} indicators).",
                             fix="Pass one row per unit and one numeric column per indicator.")
    bad = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c])]
    if bad:
        raise IndicatorError(f"Indicators must be numeric; {bad} are not.", column=str(bad[0]),
                             fix="Convert them to numbers or drop them (units go in the index, not a column).")
    x = df.astype(float)
    if not np.isfinite(x.to_numpy()[~np.isnan(x.to_numpy())]).all():
        raise IndicatorError("Indicators hold infinite values.", fix="Replace them by numbers or NaN.")
    empty = [c for c in x.columns if x[c].isna().all()]
    if empty:
        raise IndicatorError(f"Indicators {empty} have no values at all.", column=str(empty[0]),
                             fix="Drop these indicators.")
    return x


def _per_indicator(values, cols, name: str, default: float) -> np.ndarray:
    """A mapping indicator -> number (or one number) as an array aligned with ``cols``."""
    if values is None:
        return np.full(len(cols), default, dtype=float)
    if np.isscalar(values):
        return np.full(len(cols), float(values))
    values = dict(values)
    unknown = sorted(set(map(str, values)) - set(map(str, cols)))
    if unknown:
        raise InvalidParameterError(f"'{name}' names indicators that are not columns: {unknown}.")
    return np.array([float(values[c]) if c in values else default for c in cols])


def _pairs(values, cols, name: str) -> tuple[np.ndarray, np.ndarray]:
    lo = np.full(len(cols), np.nan)
    hi = np.full(len(cols), np.nan)
    for i, c in enumerate(cols):
        if values is not None and c in values:
            lo[i], hi[i] = (float(v) for v in values[c])
    if values is not None:
        unknown = sorted(set(map(str, values)) - set(map(str, cols)))
        if unknown:
            raise InvalidParameterError(f"'{name}' names indicators that are not columns: {unknown}.")
    return lo, hi


# ============================================================================ kernels (stacks of tables)
def _normalise(x: np.ndarray, method: str, direction: np.ndarray, low=None, high=None, target=None,
               *, constant: Literal["error", "zero"] = "error", cols=()) -> np.ndarray:
    """Normalise ``x`` of shape (..., units, K) column by column; statistics run over the units axis."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if method in ("minmax", "zscore", "rank"):
            lo, hi = np.nanmin(x, axis=-2, keepdims=True), np.nanmax(x, axis=-2, keepdims=True)
            flat = (hi - lo) <= 1e-12 * np.maximum(np.abs(hi), 1.0)
            if constant == "error" and flat.any():
                names = [cols[i] for i in np.flatnonzero(flat.reshape(-1, x.shape[-1]).any(axis=0))]
                raise IndicatorError(f"Indicators {names} take the same value for every unit, so '{method}' "
                                     "normalisation is undefined.", column=str(names[0]),
                                     fix="Drop constant indicators: they cannot tell units apart.")
        if method == "minmax":
            z = np.where(direction > 0, x - lo, hi - x) / (hi - lo) * 100.0
        elif method == "zscore":
            z = direction * (x - np.nanmean(x, axis=-2, keepdims=True)) / np.nanstd(x, axis=-2, ddof=1, keepdims=True)
        elif method == "rank":
            r = stats.rankdata(direction * x, axis=-2, nan_policy="omit")
            n = np.sum(~np.isnan(x), axis=-2, keepdims=True)
            z = (r - 1.0) / (n - 1.0) * 100.0
        elif method == "goalposts":
            z = 100.0 * np.clip(np.where(direction > 0, x - low, high - x) / (high - low), 0.0, 1.0)
        else:  # distance_to_target
            z = 100.0 * np.minimum(np.where(direction > 0, x / target, target / x), 1.0)
            z = np.where(np.isnan(x), np.nan, z)
        if method in ("minmax", "zscore", "rank"):
            z = np.where(flat & ~np.isnan(x), 0.0, z)
    return z


def _aggregate(z: np.ndarray, w: np.ndarray, method: str, p: float | None) -> np.ndarray:
    """Weighted means of ``z`` (R, units, K) with weights ``w`` (R, K) over the available indicators."""
    present = ~np.isnan(z)
    wm = present * w[:, None, :]
    z, present = np.broadcast_to(z, wm.shape), np.broadcast_to(present, wm.shape)
    den = wm.sum(axis=-1)
    if method == "generalised" and p == 1:
        method = "arithmetic"
    if method == "generalised" and p == 0:
        method = "geometric"
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "arithmetic":
            return np.einsum("rnk,rnk->rn", np.where(present, z, 0.0), wm) / den
        if method == "geometric":
            return np.exp(np.einsum("rnk,rnk->rn", np.where(present, np.log(z), 0.0), wm) / den)
        return (np.einsum("rnk,rnk->rn", np.where(present, z, 1.0) ** p, wm) / den) ** (1.0 / p)


# ============================================================================ normalisation
@renamed(keyword_only=("method",))
def normalise(df: pd.DataFrame, *, method: Normalisation = "minmax", directions: Mapping[str, int] | None = None,
              goalposts: Mapping[str, tuple[float, float]] | None = None,
              targets: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Put indicators on a common scale, column by column, so that higher is better.

    Parameters
    ----------
    df : DataFrame
        Units in the index, one numeric column per indicator; NaN is kept as NaN.
    method : {"minmax", "zscore", "rank", "goalposts", "distance_to_target"}, default "minmax"
        See Notes.
    directions : mapping of str to {+1, -1}, optional
        +1 (default) when a higher raw value is better, -1 when lower is better.
    goalposts : mapping of str to (low, high), required for ``"goalposts"``
        The raw values that map to 0 and 100 (for direction -1, high maps to 0).
    targets : mapping of str to float, required for ``"distance_to_target"``
        The target of each indicator (positive).

    Returns
    -------
    DataFrame
        Like ``df``; every method except ``"zscore"`` gives values in [0, 100].

    Notes
    -----
    With :math:`d = \\pm 1` the direction, for each indicator :math:`x` over units:

    - minmax: :math:`100 (x - \\min x) / (\\max x - \\min x)`, or :math:`100 (\\max x - x)/(\\max x - \\min x)`;
    - zscore: :math:`d (x - \\bar x) / s_x` (sample SD);
    - rank: :math:`100 (r - 1)/(n - 1)`, :math:`r` the average rank of :math:`d x` among the :math:`n` units with data;
    - goalposts: :math:`100\\,\\mathrm{clip}((x - L)/(H - L), 0, 1)`, or :math:`(H - x)/(H - L)` for :math:`d = -1`;
    - distance_to_target: :math:`100 \\min(x / T, 1)`, or :math:`100 \\min(T / x, 1)` for :math:`d = -1`.

    minmax, zscore and rank are undefined for a constant column, which raises :class:`IndicatorError`.

    References
    ----------
    OECD/JRC (2008), Handbook on Constructing Composite Indicators, section 1.5 and Table 3.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1.0, 3.0, 5.0], "late": [0.1, 0.3, 0.2]}, index=["U1", "U2", "U3"])
    >>> normalise(df, method="minmax", directions={"late": -1})
            a   late
    U1    0.0  100.0
    U2   50.0    0.0
    U3  100.0   50.0
    >>> normalise(df[["a"]], method="goalposts", goalposts={"a": (1, 5)})["a"].tolist()
    [0.0, 50.0, 100.0]
    """
    if method not in NORMALISATIONS:
        raise _option("method", "normalise", NORMALISATIONS, method)
    x = _indicators(df, "normalise")
    cols = list(x.columns)
    d = _per_indicator(directions, cols, "directions", 1.0)
    if not np.isin(d, (1.0, -1.0)).all():
        raise InvalidParameterError(f"'directions' must be +1 or -1 for each indicator. Got {dict(zip(cols, d))}.")
    low, high, target = _bounds(x, method, goalposts, targets, cols)
    z = _normalise(x.to_numpy(), method, d, low, high, target, cols=cols)
    return pd.DataFrame(z, index=x.index, columns=x.columns)


def _bounds(x: pd.DataFrame, method: str, goalposts, targets, cols):
    """Goalposts and targets as arrays, checked against the method and the data."""
    low, high = _pairs(goalposts, cols, "goalposts")
    target = _per_indicator(targets, cols, "targets", np.nan)
    if method == "goalposts":
        bad = [c for c, a, b in zip(cols, low, high) if not b > a]
        if bad:
            raise InvalidParameterError(f"'goalposts' needs (low, high) with low < high for every indicator; "
                                        f"missing or wrong for {bad}.")
    if method == "distance_to_target":
        miss = [c for c, t in zip(cols, target) if not t > 0]
        if miss:
            raise InvalidParameterError(f"'targets' needs a positive target for every indicator; missing or not "
                                        f"positive for {miss}.")
        neg = x.lt(0).to_numpy()
        if neg.any():
            raise IndicatorError(f"Distance to target needs values >= 0; found {_listing(x, neg)}.",
                                 column=str(cols[np.nonzero(neg)[1][0]]),
                                 fix="Use 'goalposts' or 'minmax' for signed indicators.")
    return low, high, target


# ============================================================================ weights
def _check_weights(w, cols, func: str = "composite") -> np.ndarray:
    """A weight vector aligned with ``cols``: finite, non-negative, with a positive sum; scaled to sum 1."""
    s = pd.Series(w, dtype=float) if isinstance(w, Mapping) else pd.Series(w)
    unknown = sorted(set(map(str, s.index)) - set(map(str, cols)))
    missing = [c for c in cols if c not in s.index]
    if unknown or missing:
        raise InvalidParameterError(f"The weights of {func} must name every indicator once; missing {missing}, "
                                    f"unknown {unknown}.")
    v = s.reindex(cols).to_numpy(dtype=float)
    if not np.isfinite(v).all() or (v < 0).any():
        raise InvalidParameterError(f"Weights must be finite and >= 0. Got {dict(zip(cols, v))}.")
    if not v.sum() > 0:
        raise InvalidParameterError(f"Weights must sum to a positive number. Got a sum of {v.sum()!r}.")
    return v / v.sum()


def equal_weights(cols: Sequence[str]) -> pd.Series:
    """Equal weights ``1 / k`` for ``k`` indicators.

    Examples
    --------
    >>> equal_weights(["a", "b", "c", "d"]).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    cols = list(cols)
    if not cols:
        raise InvalidParameterError("equal_weights needs at least one indicator name.")
    return pd.Series(1.0 / len(cols), index=cols, name="weight")


def budget_weights(allocations: Mapping[str, float] | pd.DataFrame) -> pd.Series:
    """Weights from a budget allocation: experts share a budget of points among indicators.

    Parameters
    ----------
    allocations : mapping or DataFrame
        Points per indicator, or a DataFrame with one row per expert and one column per
        indicator. Points must be finite and >= 0, with a positive total for every expert.

    Returns
    -------
    Series
        Weight per indicator, summing to 1: each expert's points over that expert's total,
        averaged over experts (handbook section 6.3: budget allocation process).

    Examples
    --------
    >>> budget_weights({"a": 50, "b": 30, "c": 20}).tolist()
    [0.5, 0.3, 0.2]
    >>> budget_weights(pd.DataFrame({"a": [60, 40], "b": [40, 60]})).tolist()
    [0.5, 0.5]
    """
    frame = pd.DataFrame([allocations]) if isinstance(allocations, Mapping) else pd.DataFrame(allocations)
    if frame.shape[1] == 0:
        raise InvalidParameterError("budget_weights needs points for at least one indicator.")
    v = frame.to_numpy(dtype=float)
    if not np.isfinite(v).all() or (v < 0).any():
        raise InvalidParameterError("Budget points must be finite numbers >= 0 (no blanks); got "
                                    f"{frame.to_dict('records')}.")
    totals = v.sum(axis=1)
    if not (totals > 0).all():
        raise InvalidParameterError("Every expert must allocate a positive total; experts (rows) "
                                    f"{np.flatnonzero(totals <= 0).tolist()} allocate nothing.")
    return pd.Series((v / totals[:, None]).mean(axis=0), index=frame.columns, name="weight")


def pca_weights(df: pd.DataFrame) -> pd.Series:
    """Weights from principal components, by the recipe of the JRC/OECD handbook (section 6.1).

    Parameters
    ----------
    df : DataFrame
        Indicators (units x indicators); units with any missing indicator are left out.

    Returns
    -------
    Series
        Weight per indicator, summing to 1.

    Notes
    -----
    1. Principal components of the correlation matrix; keep those with eigenvalue > 1 (at
       least the first). With fewer than 10 indicators this also meets the handbook's rule
       that each keeps > 10% of the variance; its "> 60% cumulative" rule is not enforced.
    2. Loadings :math:`a_{ij} = v_{ij}\\sqrt{\\lambda_j}`, rotated by varimax (Kaiser
       normalisation, as R ``stats::varimax``) when two or more components are kept.
    3. Squared loadings scaled to unity sum per factor, :math:`c_{ij} = a_{ij}^2 / \\sum_i a_{ij}^2`;
       each indicator joins the factor where :math:`c_{ij}` is largest.
    4. Factor :math:`j` weighs :math:`\\sum_i a_{ij}^2 / \\sum_{j'} \\sum_i a_{ij'}^2` (its share of the
       explained variance); indicator weight = :math:`c_{ij}` times its factor's weight, scaled to sum 1.

    Indicators that load on no kept factor get weight 0: PCA rewards redundancy, one of the
    handbook's own warnings about this method.

    References
    ----------
    OECD/JRC (2008), Handbook, section 6.1 and Tables 17-18; Nicoletti, Scarpetta & Boylaud (2000).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=200)
    >>> df = pd.DataFrame({"a": f + rng.normal(size=200), "b": f + rng.normal(size=200), "c": rng.normal(size=200)})
    >>> pca_weights(df).round(2).tolist()
    [0.48, 0.49, 0.03]
    """
    x = _indicators(df, "pca_weights").dropna()
    k = x.shape[1]
    if k < 2 or x.shape[0] <= k:
        raise IndicatorError(f"PCA weights need at least 2 indicators and more complete units than indicators; "
                             f"got {k} indicators and {x.shape[0]} complete units.",
                             fix="Use equal or budget weights for so few units.")
    sd = x.std(ddof=1)
    if (sd <= 0).any():
        raise IndicatorError(f"Indicators {list(sd.index[sd <= 0])} are constant over the complete units; "
                             "their correlations are undefined.", fix="Drop constant indicators.")
    eig, vec = np.linalg.eigh(np.corrcoef(x.to_numpy(), rowvar=False))
    order = np.argsort(eig)[::-1]
    eig, vec = eig[order], vec[:, order]
    m = max(1, int(np.sum(eig > 1.0)))
    loadings = vec[:, :m] * np.sqrt(eig[:m])
    if m > 1:
        loadings = varimax(loadings)[0]
    sq = loadings**2
    explained = sq.sum(axis=0)
    scaled = sq / explained
    factor = np.argmax(scaled, axis=1)
    w = scaled[np.arange(k), factor] * (explained / explained.sum())[factor]
    w = np.where(scaled[np.arange(k), factor] < 1e-12, 0.0, w)
    return pd.Series(w / w.sum(), index=x.columns, name="weight")


# ============================================================================ aggregation
def _missing_rule(z: pd.DataFrame, missing: str, min_share: float) -> pd.DataFrame:
    """Apply the missing-data rule to a normalised table, checking each unit's share of indicators."""
    if missing not in MISSING:
        raise _option("missing", "aggregate", MISSING, missing)
    if not 0 < min_share <= 1:
        raise InvalidParameterError(f"'min_share' must be in (0, 1]. Got {min_share!r}.")
    present = z.notna()
    if missing == "raise" and not present.all().all():
        units = list(z.index[~present.all(axis=1)])
        raise IndicatorError(f"Units {units[:5]}{' …' if len(units) > 5 else ''} have missing indicators.",
                             fix="Fill them in, or choose missing='available' or 'impute_mean'.")
    share = present.mean(axis=1)
    few = share < min_share - 1e-12
    if few.any():
        units = list(z.index[few])
        raise IndicatorError(f"Units {units[:5]}{' …' if len(units) > 5 else ''} have {share[few].min():.0%} of the "
                             f"indicators or fewer, below min_share={min_share:.0%}.",
                             fix="Drop these units, add their data, or lower min_share.")
    return z.fillna(z.mean()) if missing == "impute_mean" else z


@renamed(keyword_only=("method",))
def aggregate(df: pd.DataFrame, weights: Mapping[str, float] | pd.Series | None = None, *,
              method: Aggregation = "arithmetic", p: float | None = None, missing: Missing = "available",
              min_share: float = 0.5) -> pd.Series:
    """Weighted mean of (normalised) indicators per unit.

    Parameters
    ----------
    df : DataFrame
        Units x indicators, already on a common scale.
    weights : mapping or Series, optional
        Weight per indicator (>= 0, positive sum; rescaled to sum 1). Default: equal weights.
    method : {"arithmetic", "geometric", "generalised"}, default "arithmetic"
        ``"geometric"`` and ``"generalised"`` need values > 0 (an error otherwise; :func:`composite`
        shifts 0-100 values to 1-100 first).
    p : float, optional
        Order of the generalised mean (required for ``"generalised"``).
    missing : {"raise", "available", "impute_mean"}, default "available"
        ``"raise"`` refuses units with a missing indicator (formerly ``"error"``, which still
        works with a FutureWarning); ``"available"`` averages over the indicators a unit has, weights rescaled;
        ``"impute_mean"`` fills a gap with the indicator's mean over units.
    min_share : float, default 0.5
        Units with a smaller share of indicators present raise :class:`IndicatorError`.

    Returns
    -------
    Series
        One value per unit.

    Notes
    -----
    :math:`M_p = (\\sum_i w_i x_i^p / \\sum_i w_i)^{1/p}`; :math:`p = 1` arithmetic, :math:`p \\to 0`
    geometric :math:`\\prod_i x_i^{w_i}`, :math:`p = -1` harmonic. The sums run over the indicators
    present. Lower :math:`p` means less compensation between indicators (handbook section 6.2).

    Examples
    --------
    >>> df = pd.DataFrame({"a": [4.0, 1.0], "b": [1.0, 1.0]}, index=["U1", "U2"])
    >>> aggregate(df, method="geometric").tolist()
    [2.0, 1.0]
    >>> aggregate(df, {"a": 3, "b": 1}).tolist()
    [3.25, 1.0]
    """
    if method not in AGGREGATIONS:
        raise _option("method", "aggregate", AGGREGATIONS, method)
    if method == "generalised" and (p is None or not np.isfinite(p)):
        raise InvalidParameterError("aggregate(method='generalised') needs a finite order p, e.g. p=0.5.")
    missing = old_value(missing, "missing", OLD_MISSING, "aggregate", depth=3)
    z = _missing_rule(_indicators(df, "aggregate"), missing, min_share)
    w = equal_weights(z.columns) if weights is None else weights
    w = _check_weights(w, list(z.columns), "aggregate")
    if method != "arithmetic" and not (method == "generalised" and p == 1):
        bad = z.le(0).to_numpy()
        if bad.any():
            raise IndicatorError(f"The {method} mean needs values > 0; found {_listing(z, bad)}.",
                                 column=str(z.columns[np.nonzero(bad)[1][0]]),
                                 fix="Normalise to a positive range (e.g. goalposts mapped to 1-100) or use "
                                     "method='arithmetic'.")
    out = _aggregate(z.to_numpy()[None], w[None], method, p)[0]
    return pd.Series(out, index=z.index, name="score")


# ============================================================================ the composite
def _resolve_weights(weights, x: pd.DataFrame) -> np.ndarray:
    """``None``/"equal", "pca", or a mapping -> a weight vector summing to 1, aligned with the columns."""
    if weights is None or (isinstance(weights, str) and weights == "equal"):
        return np.full(x.shape[1], 1.0 / x.shape[1])
    if isinstance(weights, str) and weights == "pca":
        return pca_weights(x).reindex(x.columns).to_numpy()
    if isinstance(weights, str):
        raise _option("weights", "composite", ("equal", "pca", "a mapping indicator -> weight"), weights)
    return _check_weights(weights, list(x.columns))


def _check_combination(normalisation: str, aggregation: str, p: float | None) -> None:
    if normalisation not in NORMALISATIONS:
        raise _option("normalisation", "composite", NORMALISATIONS, normalisation)
    if aggregation not in AGGREGATIONS:
        raise _option("aggregation", "composite", AGGREGATIONS, aggregation)
    if aggregation == "generalised" and (p is None or not np.isfinite(p)):
        raise InvalidParameterError("aggregation='generalised' needs a finite order p, e.g. p=0.5.")
    if normalisation == "zscore" and not (aggregation == "arithmetic" or (aggregation == "generalised" and p == 1)):
        raise InvalidParameterError(f"The {aggregation} mean needs positive values, which z-scores are not. "
                                    "Use normalisation 'minmax', 'rank' or 'goalposts' with it, or aggregation "
                                    "'arithmetic' with z-scores.")


class _Setup:
    """The checked indicator table and per-indicator options shared by composite and uncertainty."""

    def __init__(self, df, *, normalisations, directions, goalposts, targets, missing, min_share, func):
        self.x = _indicators(df, func)
        self.cols = list(self.x.columns)
        self.direction = _per_indicator(directions, self.cols, "directions", 1.0)
        if not np.isin(self.direction, (1.0, -1.0)).all():
            raise InvalidParameterError(f"'directions' must be +1 or -1 for each indicator. "
                                        f"Got {dict(zip(self.cols, self.direction))}.")
        for method in normalisations:
            self.low, self.high, self.target = _bounds(self.x, method, goalposts, targets, self.cols)
            if method in ("minmax", "zscore", "rank"):  # raise on constant columns now, with their names
                _normalise(self.x.to_numpy(), method, self.direction, cols=self.cols)
        _missing_rule(self.x, missing, min_share)
        self.missing = missing

    def build(self, stack: np.ndarray, normalisation: str, w: np.ndarray, aggregation: str, p: float | None,
              *, constant: Literal["error", "zero"] = "zero") -> np.ndarray:
        """Scores (R, units) of the composite built on ``stack`` (R, units, K) with weights ``w`` (R, K)."""
        z = _normalise(stack, normalisation, self.direction, self.low, self.high, self.target,
                       constant=constant, cols=self.cols)
        if self.missing == "impute_mean":
            z = np.where(np.isnan(z), np.nanmean(z, axis=-2, keepdims=True), z)
        positive = not (aggregation == "arithmetic" or (aggregation == "generalised" and p == 1))
        if positive:
            z = FLOOR + (100.0 - FLOOR) / 100.0 * z
        s = _aggregate(z, w, aggregation, p)
        if normalisation == "zscore":
            lo, hi = np.nanmin(s, axis=1, keepdims=True), np.nanmax(s, axis=1, keepdims=True)
            s = 100.0 * (s - lo) / np.where(hi > lo, hi - lo, 1.0)
        return s


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score, ties share the best rank ("min"), per row of ``scores`` (R, units)."""
    return stats.rankdata(-scores, axis=-1, method="min", nan_policy="omit")


def composite(df: pd.DataFrame, *, normalisation: Normalisation = "minmax",
              weights: Mapping[str, float] | pd.Series | Literal["equal", "pca"] | None = None,
              aggregation: Aggregation = "arithmetic", p: float | None = None,
              directions: Mapping[str, int] | None = None, goalposts: Mapping[str, tuple[float, float]] | None = None,
              targets: Mapping[str, float] | None = None, missing: Missing = "available",
              min_share: float = 0.5) -> pd.DataFrame:
    """A composite index 0-100 and its ranking: :func:`normalise`, then :func:`aggregate`.

    Parameters
    ----------
    df : DataFrame
        Raw indicators, units x indicators.
    normalisation : str, default "minmax"
        As :func:`normalise`; ``directions``, ``goalposts`` and ``targets`` are passed on.
    weights : mapping, Series, "equal" or "pca", optional
        Default equal weights; "pca" uses :func:`pca_weights` on ``df``.
    aggregation : {"arithmetic", "geometric", "generalised"}, default "arithmetic"
        With ``"geometric"`` (or ``"generalised"``, ``p != 1``) normalised values are mapped
        linearly from [0, 100] to [1, 100] first, so that a unit at the minimum of one
        indicator does not get 0 whatever its other indicators; z-scores are refused.
    p : float, optional
        Order of the generalised mean.
    missing, min_share
        As :func:`aggregate`; ``"impute_mean"`` imputes the normalised values.

    Returns
    -------
    DataFrame
        Indexed by unit: ``score`` (0-100) and ``rank`` (1 = best, ties share the best rank).

    Notes
    -----
    Every normalisation except z-scores gives 0-100 values whose weighted mean stays in 0-100.
    The arithmetic mean of z-scores is min-max rescaled over units to 0-100 (which keeps the
    ranking). Scores from goalposts or distance to target are absolute (comparable across
    years); scores from minmax, rank and zscore are relative to the units compared.

    References
    ----------
    OECD/JRC (2008), Handbook on Constructing Composite Indicators, chapters 5-6.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1.0, 3.0, 5.0], "b": [2.0, 2.0, 4.0]}, index=["U1", "U2", "U3"])
    >>> composite(df)
        score  rank
    U1    0.0     3
    U2   25.0     2
    U3  100.0     1
    """
    missing = old_value(missing, "missing", OLD_MISSING, "composite")
    _check_combination(normalisation, aggregation, p)
    setup = _Setup(df, normalisations=(normalisation,), directions=directions, goalposts=goalposts,
                   targets=targets, missing=missing, min_share=min_share, func="composite")
    w = _resolve_weights(weights, setup.x)
    s = setup.build(setup.x.to_numpy()[None], normalisation, w[None], aggregation, p, constant="error")
    return pd.DataFrame({"score": s[0], "rank": _ranks(s)[0].astype(int)}, index=setup.x.index)
