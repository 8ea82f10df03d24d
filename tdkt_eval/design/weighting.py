"""Calibrating survey weights to known population counts: post-stratification and raking.

The functions here work on arrays and return the new weights together with a record of the
calibration (a :class:`PostStratification` or :class:`Raking`).  :class:`tdkt_eval.design.Design`
keeps those records, and :func:`residualize` uses them to compute standard errors that account
for the calibration, the way R survey's ``postStratify()`` and ``rake()`` do.  Users call
:meth:`Design.poststratify` and :meth:`Design.rake`.

Validated against R survey 4.1.1 (R 4.2.2), 2026-11-21: ``tests/reference/design_api.json``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._messages import describe_values
from ..errors import CalibrationError, MissingValueError

__all__ = ["CalibrationError", "PostStratification", "Raking", "poststratify", "rake", "residualize"]

#: Sweeps of the raking projection used for the variance (R survey's ``svyrecvar`` uses 10).
RAKE_VARIANCE_SWEEPS = 10
#: Relative tolerance for raking margins that must add up to the same population total.
MARGIN_TOTAL_RTOL = 1e-6


@dataclass(frozen=True, slots=True, eq=False)
class PostStratification:
    """Record of one post-stratification: cell codes and the weights before and after it."""

    column: str
    levels: tuple
    codes: np.ndarray
    old_weights: np.ndarray
    weights: np.ndarray


@dataclass(frozen=True, slots=True, eq=False)
class Raking:
    """Record of a raking: per margin, cell codes and the weights after its last adjustment."""

    columns: tuple[str, ...]
    codes: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]
    iterations: int
    max_deviation: float


def _rows(mask: np.ndarray) -> list[int]:
    """Spreadsheet row numbers (header = row 1) of the True entries."""
    return [int(i) + 2 for i in np.flatnonzero(mask)]


def _population_series(population: object, column: str) -> pd.Series:
    """Population counts as a float Series indexed by level."""
    if isinstance(population, pd.DataFrame):
        others = [c for c in population.columns if c != column]
        if column not in population.columns or len(others) != 1:
            raise CalibrationError(
                f"The population table for '{column}' has columns {list(population.columns)}.",
                fix=f"Give a table with the column '{column}' and one column of counts, "
                "or a dict {level: count}.", column=column)
        population = population.set_index(column)[others[0]]
    elif isinstance(population, Mapping):
        population = pd.Series(dict(population), dtype=object)
    elif not isinstance(population, pd.Series):
        raise CalibrationError(
            f"Population counts for '{column}' must be a dict, Series or DataFrame; "
            f"got {type(population).__name__}.",
            fix="Pass {level: count}, e.g. {'E': 4421, 'H': 755, 'M': 1018}.", column=column)
    counts = pd.to_numeric(population, errors="coerce").astype(float)
    bad = ~np.isfinite(counts.to_numpy()) | (counts.to_numpy() < 0)
    if bad.any():
        shown = ", ".join(f"{k!r}: {v!r}" for k, v in population[bad].items())
        raise CalibrationError(f"Population counts for '{column}' must be non-negative numbers; got {shown}.",
                               fix="Correct the population table.", column=column)
    if counts.index.has_duplicates:
        dup = sorted(map(str, counts.index[counts.index.duplicated()]))
        raise CalibrationError(f"Population levels of '{column}' are repeated: {', '.join(dup)}.",
                               fix="Give each level once.", column=column)
    return counts


def _margin(values: pd.Series, population: object, column: str) -> tuple[np.ndarray, np.ndarray, tuple, float]:
    """Match sample levels to population counts: codes per row, target per code, levels, total."""
    missing = values.isna().to_numpy()
    if missing.any():
        rows = _rows(missing)
        listed = ", ".join(map(str, rows[:5])) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
        raise MissingValueError(
            f"The calibration column has {len(rows)} empty cells (row{'s' * (len(rows) > 1)} {listed}).",
            fix="Impute the variable or give those rows their own level before calibrating.",
            column=column, rows=_rows(missing))
    counts = _population_series(population, column)
    codes, levels = pd.factorize(values, sort=True)
    where = pd.Index(counts.index).get_indexer(levels)
    if (where < 0).any():
        pairs = [(levels[k], r) for k in np.flatnonzero(where < 0) for r in _rows(codes == k)]
        raise CalibrationError(
            f"Sample levels of '{column}' have no population count: {describe_values(pairs)}.",
            fix=f"Add them to the population counts (known levels: "
            f"{', '.join(map(str, counts.index))}), or recode them.", column=column)
    targets = counts.to_numpy()[where]
    if (targets == 0).any():
        zero = ", ".join(str(levels[k]) for k in np.flatnonzero(targets == 0))
        raise CalibrationError(f"Levels of '{column}' found in the sample have population count 0: {zero}.",
                               fix="Correct the population counts or recode those rows.", column=column)
    absent = [str(k) for k, v in counts.items() if v > 0 and k not in set(levels)]
    if absent:
        raise CalibrationError(
            f"Population levels of '{column}' are absent from the sample: {', '.join(absent)}.",
            fix="Collapse them with a neighbouring level in both the sample and the population "
            "counts (R survey: postStratify(partial = TRUE) ignores them).", column=column)
    return codes.astype(np.intp), targets, tuple(levels), float(counts.sum())


def poststratify(values: pd.Series, weights: np.ndarray, population: object, *,
                 column: str) -> tuple[np.ndarray, PostStratification]:
    """Scale weights within each cell of ``values`` so that they add up to the population count.

    Parameters
    ----------
    values : pandas.Series
        The post-stratification variable, one value per row.
    weights : numpy.ndarray
        Current weights.
    population : dict, Series or DataFrame
        Population count of each level.
    column : str
        Name of the variable, for messages.

    Returns
    -------
    weights : numpy.ndarray
        ``w_i * N_g / sum_{j in g} w_j`` for row ``i`` in cell ``g``.
    record : PostStratification
        What :func:`residualize` needs for the variance.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> w, rec = poststratify(pd.Series(["a", "a", "b"]), np.ones(3), {"a": 10, "b": 5}, column="g")
    >>> w.tolist()
    [5.0, 5.0, 5.0]
    """
    codes, targets, levels, _ = _margin(values, population, column)
    current = np.bincount(codes, weights, minlength=len(levels))
    new = weights * (targets / current)[codes]
    return new, PostStratification(column=column, levels=levels, codes=codes,
                                   old_weights=np.asarray(weights, float), weights=new)


def rake(columns: Mapping[str, pd.Series], weights: np.ndarray, margins: Mapping[str, object], *,
         tol: float = 1e-7, max_iter: int = 100,
         trim: tuple[float, float] | None = None) -> tuple[np.ndarray, Raking]:
    """Iterative proportional fitting of weights to several population margins.

    Parameters
    ----------
    columns : mapping of str to pandas.Series
        The raking variables.
    weights : numpy.ndarray
        Starting (design) weights ``w0``.
    margins : mapping of str to population counts
        ``{column: {level: count}}``; every margin must add up to the same total.
    tol : float, default 1e-7
        Converged when every margin is matched to within this relative difference.
    max_iter : int, default 100
        Full cycles over the margins before giving up.
    trim : (float, float), optional
        Bounds ``(lower, upper)`` on the adjustment ``g = w / w0``, enforced after every
        cycle (bounded raking); ``lower <= 1 <= upper``.

    Returns
    -------
    weights : numpy.ndarray
    record : Raking

    Raises
    ------
    CalibrationError
        Margins with different totals, levels absent from the sample or population, or no
        convergence within ``max_iter`` cycles (the message names the worst margin).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> cols = {"a": pd.Series([0, 0, 1, 1]), "b": pd.Series([0, 1, 0, 1])}
    >>> w, rec = rake(cols, np.ones(4), {"a": {0: 6, 1: 4}, "b": {0: 5, 1: 5}})
    >>> np.round(w, 6).tolist()
    [3.0, 3.0, 2.0, 2.0]
    """
    if trim is not None:
        lower, upper = (float(b) for b in trim)
        if not 0 <= lower <= 1 <= upper:
            raise CalibrationError(f"trim must be (lower, upper) with 0 <= lower <= 1 <= upper; got {trim}.",
                                   fix="For example trim=(0.3, 3.0).")
    if not margins:
        raise CalibrationError("No raking margins were given.", fix="Pass {column: {level: count}, ...}.")
    prepared = [(name, *_margin(columns[name], pop, name)) for name, pop in margins.items()]
    totals = {name: total for name, _, _, _, total in prepared}
    if max(totals.values()) - min(totals.values()) > MARGIN_TOTAL_RTOL * max(totals.values()):
        shown = ", ".join(f"'{k}' {v:g}" for k, v in totals.items())
        raise CalibrationError(f"Raking margins do not add up to the same population total: {shown}.",
                               fix="Use population counts from one source, or rescale the margins "
                               "to a common total.")
    w0 = np.asarray(weights, float)
    w = w0.copy()
    for iteration in range(1, max_iter + 1):
        after = []
        for _, codes, targets, levels, _ in prepared:
            w = w * (targets / np.bincount(codes, w, minlength=len(levels)))[codes]
            after.append(w)
        if trim is not None:
            w = w0 * np.clip(w / w0, lower, upper)
        devs = [np.abs(np.bincount(c, w, minlength=len(lv)) / t - 1) for _, c, t, lv, _ in prepared]
        worst = max(range(len(devs)), key=lambda k: devs[k].max())
        if devs[worst].max() < tol:
            return w, Raking(columns=tuple(totals), codes=tuple(p[1] for p in prepared),
                             weights=tuple(after), iterations=iteration,
                             max_deviation=float(devs[worst].max()))
    name, codes, targets, levels, _ = prepared[worst]
    k = int(np.argmax(devs[worst]))
    got = np.bincount(codes, w, minlength=len(levels))[k]
    bounds = f" with trim={trim}" if trim is not None else ""
    raise CalibrationError(
        f"Raking did not converge after {max_iter} iterations{bounds}: margin '{name}' is still off by "
        f"{devs[worst].max():.3g} (level '{levels[k]}': weighted total {got:.6g}, target {targets[k]:.6g}).",
        fix="Check that the margins are consistent with each other and with the sample (no empty "
        "cross-cells forcing a contradiction), collapse sparse levels, widen trim, or raise max_iter.",
        column=name)


def residualize(x: np.ndarray, steps: Sequence[PostStratification | Raking]) -> np.ndarray:
    """Replace weighted influence values by their residuals after each calibration step.

    Parameters
    ----------
    x : numpy.ndarray, shape (n, p)
        Weighted linearised values ``w_i u_i`` of ``p`` statistics.
    steps : sequence of PostStratification or Raking
        The calibrations, in the order they were applied.

    Returns
    -------
    numpy.ndarray, shape (n, p)

    Notes
    -----
    Post-stratification on cells ``g`` with weights ``w_old`` before and ``w_ps`` after:
    ``x_i - w_ps,i * sum_{j in g} w_old,j x_j / w_ps,j / sum_{j in g} w_old,j``: the weighted
    residual of ``x / w`` on the cell dummies, times the calibrated weight (a g-weight times a
    residual).  Raking: ``x_i - w_m,i * mean_{j in g_m(i)}(x_j / w_m,j)`` over the margins
    ``m`` in turn, 10 sweeps, with unweighted cell means and ``w_m`` the weights after margin
    ``m``'s last adjustment.  Both are R survey's ``svyrecvar`` rules, followed exactly so that
    standard errors agree with R; for raking they equal the post-stratification residuals
    whenever the input weights are constant within cells (self-weighting designs).
    """
    x = np.array(x, dtype=float, copy=True)
    for step in steps:
        if isinstance(step, PostStratification):
            ratio = step.old_weights / step.weights
            n_cells = len(step.levels)
            den = np.bincount(step.codes, step.old_weights, minlength=n_cells)
            for j in range(x.shape[1]):
                means = np.bincount(step.codes, x[:, j] * ratio, minlength=n_cells) / den
                x[:, j] -= means[step.codes] * step.weights
        else:
            for _ in range(RAKE_VARIANCE_SWEEPS):
                for codes, psw in zip(step.codes, step.weights):
                    size = np.bincount(codes)
                    for j in range(x.shape[1]):
                        means = np.bincount(codes, x[:, j] / psw, minlength=len(size)) / size
                        x[:, j] -= psw * means[codes]
    return x
