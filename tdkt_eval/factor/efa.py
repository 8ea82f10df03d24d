"""Exploratory factor analysis of survey items, validated against R psych.

:func:`efa` extracts factors by minimum residual (``minres``), maximum likelihood (``ml``) or
principal axes (``pa``) from the items' correlation matrix and rotates them (oblimin, varimax,
promax); :func:`kmo`, :func:`bartlett` and :func:`parallel_analysis` say whether the items
are worth factoring and how many factors to keep.

The estimators follow ``psych::fac`` (psych 2.2.9) step by step, including its optimiser
settings and stopping rules, so that the numbers agree with ``psych::fa`` to many digits
rather than to the looser precision at which psych stops iterating:

* minres and ml minimise psych's criteria over the uniquenesses with L-BFGS-B exactly as
  psych calls R's ``optim`` (start ``1 - smc``, bounds [0.005, 1], ``parscale = 0.01``,
  ``factr = 1e7``, ``lmm = 5``, ``maxit = 100``); scipy's L-BFGS-B with these settings walks
  the same path. statsmodels' ``Factor`` has no minres, and its ml (BFGS on loadings and
  uniquenesses, from random EM starts) reaches the ML optimum but not psych's stopping point.
* pa iterates communalities from the squared multiple correlations until their sum changes by
  less than 0.001 (psych's ``min.err``, at most 50 iterations). statsmodels' ``Factor(method="pa")``
  stops on the norm of the change (1e-8), so it converges further than psych and differs from it.
* The rotations are in :mod:`tdkt_eval.factor.rotation` (oblimin by statsmodels' GPA, which is the
  GPArotation algorithm; varimax and promax written after R's, see there why).
* Then, as psych: each factor is signed so that its loadings sum to a positive number, and the
  factors are ordered by the variance they account for, ``diag(Phi L'L)``, largest first.
  Factor labels (``MR1``, ``ML2``, ``PA3`` …) are those of the unrotated factors, as psych's.

Validated against R psych::fa 2.2.9 with GPArotation 2022.10-2 (R 4.2.2), 2026-11-21:
``tests/reference/make_efa_reference.R`` and ``tests/test_factor.py``.
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_seed, renamed
from .._messages import Text
from .._results import Result, renamed_field
from ..errors import FactorAnalysisError, MixedTypeError
from . import rotation as _rotation
from ._convergence import NotConvergedWarning
from .extraction import FITTERS, signed

__all__ = [
    "EFAResult",
    "FactorAnalysisError",
    "KMOResult",
    "ParallelAnalysisResult",
    "bartlett",
    "efa",
    "kmo",
    "parallel_analysis",
]

Method = Literal["minres", "ml", "pa"]
Rotation = Literal["oblimin", "varimax", "promax"]
Missing = Literal["pairwise", "listwise"]

_METHODS = ("minres", "ml", "pa")
_ROTATIONS = ("oblimin", "varimax", "promax", None)
_MISSING = ("pairwise", "listwise")
_PREFIX = {"minres": "MR", "ml": "ML", "pa": "PA"}
#: Smallest eigenvalue of the correlation matrix below which it counts as singular.
_SINGULAR_TOL = 1e-10
_VARIANCE_ROWS = ("SS loadings", "Proportion Var", "Cumulative Var", "Proportion Explained",
                  "Cumulative Proportion")


# --------------------------------------------------------------------------- input checks
def _check_choice(func: str, name: str, value: object, options: tuple) -> None:
    if value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise FactorAnalysisError(
            f"The '{name}' parameter of {func} must be one of {{{listed}}}. Got {value!r} instead.",
            fix=f"Pass one of {listed}.")


def _correlation(items: pd.DataFrame, missing: str, func: str) -> tuple[list[str], np.ndarray, int]:
    """Item names, their correlation matrix (checked positive definite) and the sample size."""
    _check_choice(func, "missing", missing, _MISSING)
    frame = items if isinstance(items, pd.DataFrame) else pd.DataFrame(np.asarray(items))
    if not isinstance(items, pd.DataFrame):
        frame.columns = [f"V{j + 1}" for j in range(frame.shape[1])]
    names = [str(c) for c in frame.columns]
    if len(set(names)) < len(names):
        twice = sorted({c for c in names if names.count(c) > 1})
        raise FactorAnalysisError(
            f"Item name(s) {', '.join(map(repr, twice))} occur more than once.",
            fix="Give every item column its own name.")
    bad = [str(c) for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise MixedTypeError(
            f"{func} needs numeric items, but column(s) {', '.join(map(repr, bad))} hold text or "
            "other non-numbers.",
            fix="Convert the answers to numbers (e.g. with `pd.to_numeric`, codes for labels) or "
                "leave those columns out.", column=bad[0] if len(bad) == 1 else None)
    if len(names) < 3:
        raise FactorAnalysisError(f"{func} needs at least 3 items; got {len(names)}.",
                                  fix="Pass a DataFrame with one column per item.")
    data = frame.astype(float).set_axis(names, axis=1)
    if missing == "listwise":
        data = data.dropna()
    n = len(data)
    if n < 3:
        raise FactorAnalysisError(
            Text("Only {n} row(s) are left after {missing} deletion of missing answers.",
                 "Chỉ còn {n} phiếu sau khi loại các câu trả lời bị thiếu.", {"n": n, "missing": missing}),
            fix=Text("Check the missing values, or use missing='pairwise'.",
                     "Kiểm tra các câu trả lời bị bỏ trống."))
    constant = [c for c in names if data[c].nunique() <= 1]
    if constant:
        raise FactorAnalysisError(
            Text("Item(s) {items} have no variation (one value or none), so their correlations are undefined.",
                 "Các câu {items} không có biến thiên (mọi phiếu trả lời như nhau), nên không tính được tương quan.",
                 {"items": ", ".join(map(repr, constant))}),
            fix=Text("Leave those items out.", "Bỏ các câu đó ra khỏi phân tích."))
    corr = data.corr().to_numpy(copy=True)  # pairwise-complete, as R's cor(use = "pairwise")
    if np.isnan(corr).any():
        pairs = [f"{names[i]}-{names[j]}" for i, j in zip(*np.nonzero(np.isnan(corr))) if i < j]
        raise FactorAnalysisError(
            Text("Too few respondents answered both items of the pair(s) {pairs}{more} to correlate them.",
                 "Quá ít người trả lời cả hai câu của các cặp {pairs}{more_vi} để tính tương quan.",
                 {"pairs": ", ".join(pairs[:5]), "more": " and more" if len(pairs) > 5 else "",
                  "more_vi": " và các cặp khác" if len(pairs) > 5 else ""}),
            fix=Text("Leave out items that are rarely answered together.",
                     "Bỏ các câu ít khi được trả lời cùng nhau."))
    np.fill_diagonal(corr, 1.0)
    _check_positive_definite(corr, names, missing)
    return names, corr, n


def _check_positive_definite(corr: np.ndarray, names: list[str], missing: str) -> None:
    values, vectors = np.linalg.eigh(corr)
    if values[0] >= _SINGULAR_TOL:
        return
    if values[0] < -_SINGULAR_TOL:
        raise FactorAnalysisError(
            Text("The correlation matrix of the items is not positive definite (smallest eigenvalue "
                 "{value}); with missing='{missing}' the correlations come from different respondents "
                 "and need not fit together.",
                 "Ma trận tương quan của các câu không xác định dương (trị riêng nhỏ nhất {value}): các tương "
                 "quan được tính từ những nhóm người trả lời khác nhau.",
                 {"value": f"{values[0]:.3g}", "missing": missing}),
            fix=Text("Use missing='listwise', or impute the missing answers first.",
                     "Chỉ dùng các phiếu trả lời đủ mọi câu, hoặc bổ sung câu trả lời thiếu trước."))
    null = np.abs(vectors[:, values < _SINGULAR_TOL]).max(axis=1)
    involved = [names[i] for i in np.flatnonzero(null > 0.05)]
    raise FactorAnalysisError(
        Text("The correlation matrix of the items is singular: items {items} are linearly dependent "
             "(one is a copy, a reversal or a sum of the others).",
             "Ma trận tương quan của các câu bị suy biến: các câu {items} phụ thuộc tuyến tính (một câu là "
             "bản sao, đảo chiều hoặc tổng của các câu khác), thường do quá ít phiếu hoặc các phiếu trả lời "
             "giống nhau.", {"items": ", ".join(map(repr, involved))}),
        fix=Text("Leave one of those items out.", "Bỏ bớt một trong các câu đó, hoặc thu thêm phiếu."))


def _check_n_factors(n_factors: object, p: int) -> int:
    if not _is_count(n_factors):
        raise FactorAnalysisError(
            f"n_factors must be a whole number of at least 1; got {n_factors!r}.",
            fix="Pass n_factors=1 or more (parallel_analysis suggests how many).")
    k = int(n_factors)
    if _dof(p, k) <= 0:
        most = max((j for j in range(1, p) if _dof(p, j) > 0), default=0)
        advice = (f"Ask for at most {most} factor(s) with these {p} items, or add items." if most
                  else f"Add items: one factor needs at least 4 items, and there are {p}.")
        raise FactorAnalysisError(
            f"{k} factor(s) from {p} items leave {_dof(p, k)} degrees of freedom; the model is not "
            "identified (the degrees of freedom must be positive).", fix=advice)
    return k


def _is_count(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 1


def _dof(p: int, k: int) -> int:
    return ((p - k) ** 2 - (p + k)) // 2


# --------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True, kw_only=True)
class EFAResult(Result):
    """An exploratory factor analysis (see :func:`efa`).

    Attributes
    ----------
    loadings : DataFrame
        Items x factors after rotation (the pattern matrix for oblique rotations).
    communalities, uniquenesses : Series
        ``h2 = rowSums(L^2)`` of the unrotated loadings and ``u2 = 1 - h2``.
    variance : DataFrame
        psych's ``Vaccounted``: rows SS loadings, Proportion Var, Cumulative Var,
        Proportion Explained, Cumulative Proportion; one column per factor.
    phi : DataFrame or None
        Factor correlations (oblique rotations only).
    rotation, method, missing : str
        What was done; ``rotation`` is None when nothing was rotated (also for one factor).
    n, n_factors, dof : int
        Rows used, factors, degrees of freedom of the model ``((p - k)^2 - (p + k)) / 2``.
    kmo : float
        Kaiser-Meyer-Olkin overall measure of sampling adequacy.
    bartlett : DataFrame
        Bartlett's test of sphericity (see :func:`bartlett`).
    converged : bool
        Whether extraction and rotation met their stopping rules.
    """

    loadings: pd.DataFrame
    communalities: pd.Series
    uniquenesses: pd.Series
    variance: pd.DataFrame
    phi: pd.DataFrame | None
    rotation: str | None
    method: str
    missing: str
    n: int
    n_factors: int
    dof: int
    kmo: float
    bartlett: pd.DataFrame
    converged: bool

    def to_frame(self) -> pd.DataFrame:
        """Loadings with the columns ``h2`` (communality) and ``u2`` (uniqueness) appended."""
        return self.loadings.assign(h2=self.communalities, u2=self.uniquenesses)

    @renamed(keyword_only=("digits",))
    def summary(self, *, digits: int = 3) -> str:
        """A printable report: loadings, variance accounted for, factor correlations, tests."""
        test = self.bartlett.iloc[0]
        rotated = f"{self.rotation} rotation" if self.rotation else "unrotated"
        lines = [
            f"Exploratory factor analysis: {self.method}, {rotated}, {self.n_factors} factor(s)",
            f"n = {self.n} ({self.missing} deletion), {len(self.loadings)} items, "
            f"{self.dof} degrees of freedom",
            f"KMO = {self.kmo:.{digits}f}; Bartlett chi2({int(test['df'])}) = {test['chi2']:.2f}, "
            f"p = {test['p_value']:.3g}",
            "", "Loadings:", self.to_frame().round(digits).to_string(),
            "", "Variance accounted for:", self.variance.round(digits).to_string()]
        if self.phi is not None:
            lines += ["", "Factor correlations:", self.phi.round(digits).to_string()]
        if not self.converged:
            lines += ["", "Warning: the estimation did not converge."]
        return "\n".join(lines)



@dataclass(frozen=True, slots=True, kw_only=True)
class KMOResult(Result):
    """Kaiser-Meyer-Olkin measure of sampling adequacy (see :func:`kmo`)."""

    overall: float
    items: pd.Series

    def to_frame(self) -> pd.DataFrame:
        """One row per item (column ``msa``) and a last row ``overall``."""
        msa = pd.concat([self.items, pd.Series({"overall": self.overall})])
        return msa.rename("msa").to_frame()

    @renamed(keyword_only=("digits",))
    def summary(self, *, digits: int = 3) -> str:
        """The overall MSA with Kaiser's (1974) label, then the per-item values."""
        label = _kaiser_label(self.overall)
        return (f"Kaiser-Meyer-Olkin MSA = {self.overall:.{digits}f} ({label})\n"
                + self.items.round(digits).to_string())



def _kaiser_label(msa: float) -> str:
    for bound, label in ((0.9, "marvelous"), (0.8, "meritorious"), (0.7, "middling"),
                         (0.6, "mediocre"), (0.5, "miserable")):
        if msa >= bound:
            return label
    return "unacceptable"


@dataclass(frozen=True, slots=True, kw_only=True)
class ParallelAnalysisResult(Result):
    """Horn's parallel analysis (see :func:`parallel_analysis`).

    ``n_resamples`` counts the simulated data sets (formerly ``n_iter``, which still reads with
    a FutureWarning).
    """

    n_factors: int
    n_components: int
    eigenvalues: pd.DataFrame
    quantile: float | str
    n_resamples: int
    seed: int
    method: str
    n: int

    n_iter = renamed_field("n_iter", "n_resamples")

    def to_frame(self) -> pd.DataFrame:
        """The eigenvalue table: observed and simulated, factors and components."""
        return self.eigenvalues

    @renamed(keyword_only=("digits",))
    def summary(self, *, digits: int = 3) -> str:
        """The suggestion and the eigenvalue table."""
        q = "mean" if self.quantile == "mean" else f"{self.quantile:g} quantile"
        return (f"Parallel analysis ({self.n_resamples} simulated normal data sets of n = {self.n}, "
                f"{q}, seed {self.seed}): {self.n_factors} factor(s), "
                f"{self.n_components} component(s)\n" + self.eigenvalues.round(digits).to_string())



# --------------------------------------------------------------------------- public API
def efa(items: pd.DataFrame, n_factors: int, *, method: Method = "minres",
        rotation: Rotation | None = "oblimin", missing: Missing = "pairwise") -> EFAResult:
    """Exploratory factor analysis of the items' correlation matrix, as R ``psych::fa``.

    Parameters
    ----------
    items : DataFrame
        One numeric column per item, one row per respondent; NaN marks a missing answer.
    n_factors : int
        Number of factors (at least 1, leaving positive degrees of freedom).
    method : {"minres", "ml", "pa"}, default "minres"
        Minimum residual (unweighted least squares), maximum likelihood, or iterated
        principal axes.
    rotation : {"oblimin", "varimax", "promax", None}, default "oblimin"
        Direct oblimin (quartimin, oblique), varimax (orthogonal, Kaiser-normalized),
        promax (oblique, power 4, Kaiser-normalized) or none.
    missing : {"pairwise", "listwise"}, default "pairwise"
        Correlate each pair of items over the respondents who answered both (psych's default;
        ``n`` is then the number of rows), or drop every row with a missing answer.

    Returns
    -------
    EFAResult
        ``loadings`` (items x factors), ``communalities``, ``uniquenesses``, ``variance``
        (psych's Vaccounted), ``phi``, ``kmo``, ``bartlett`` and what was done.

    Raises
    ------
    MixedTypeError
        An item column is not numeric.
    FactorAnalysisError
        Unknown option, ``n_factors`` < 1 or leaving no degrees of freedom, constant items,
        or a singular / non-positive-definite correlation matrix (the dependent items are named).

    Notes
    -----
    The model is ``R = L Phi L' + diag(u2)``. minres minimises the squared off-diagonal
    residuals of ``R - L L'``; ml minimises ``log|Sigma| + tr(Sigma^-1 R) - log|R| - p``; pa
    iterates principal axes of ``R`` with communalities on the diagonal. The unrotated solution
    is rotated, each factor signed to a positive loading sum and the factors ordered by
    ``diag(Phi L'L)`` (the SS loadings), largest first. See the module notes for how psych's
    optimiser settings are reproduced. With one factor nothing is rotated. Like GPArotation
    (and psych, which starts it from the unrotated solution), oblimin finds a local optimum
    of its criterion; in rare, highly symmetric data it can stop at a saddle point.

    Validated against R psych::fa 2.2.9 with GPArotation 2022.10-2 (R 4.2.2), 2026-11-21:
    loadings, communalities, uniquenesses, Vaccounted and Phi agree to about 1e-14 (tested at
    rel 1e-6) for minres, ml and pa, unrotated and with oblimin, varimax and promax, on
    psych's ``bfi`` items.

    References
    ----------
    Revelle, W. psych: Procedures for Psychological, Psychometric, and Personality Research.
    Bernaards, C. A. and Jennrich, R. I. (2005). Gradient projection algorithms and software for
    arbitrary rotation criteria in factor analysis. Educational and Psychological Measurement 65.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> f = rng.standard_normal((500, 2))
    >>> true = np.array([[.8, 0], [.7, 0], [.6, 0], [0, .8], [0, .7], [0, .6]])
    >>> items = pd.DataFrame(f @ true.T + rng.standard_normal((500, 6)) * .6,
    ...                      columns=["q1", "q2", "q3", "q4", "q5", "q6"])
    >>> res = efa(items, 2, rotation="varimax")
    >>> res.loadings.round(2)
         MR1   MR2
    q1 -0.05  0.75
    q2 -0.02  0.74
    q3  0.03  0.73
    q4  0.81 -0.05
    q5  0.76 -0.01
    q6  0.70 -0.05
    >>> round(res.kmo, 2), res.n, res.dof
    (0.71, 500, 4)
    """
    _check_choice("efa", "method", method, _METHODS)
    _check_choice("efa", "rotation", rotation, _ROTATIONS)
    names, corr, n = _correlation(items, missing, "efa")
    k = _check_n_factors(n_factors, len(names))
    unrotated, converged, _ = FITTERS[method](corr, k)
    if not converged:
        warnings.warn(NotConvergedWarning(Text(
            "efa: the {method} extraction stopped at its iteration limit before converging; the results may be "
            "imprecise.", "efa: phép trích {method} dừng ở số vòng lặp tối đa trước khi hội tụ; kết quả có thể chưa "
            "chính xác.", {"method": method})), stacklevel=2)
    unrotated, _ = signed(unrotated, None)
    communalities = np.sum(unrotated**2, axis=1)
    if np.any(communalities > 1):
        heywood = ", ".join(repr(names[i]) for i in np.flatnonzero(communalities > 1))
        warnings.warn(f"efa: an ultra-Heywood case: the communalities of {heywood} exceed 1 "
                      "(negative uniquenesses); examine the results carefully.", stacklevel=2)
    labels = [f"{_PREFIX[method]}{j + 1}" for j in range(k)]
    used = rotation if k > 1 else None
    loadings, phi = unrotated, None
    if used is not None:
        loadings, phi, rotated_ok = getattr(_rotation, used)(unrotated)
        converged = converged and rotated_ok
    loadings, phi = signed(loadings, phi)
    ss = np.diag(loadings.T @ loadings) if phi is None else np.diag(phi @ loadings.T @ loadings)
    order = np.argsort(-ss, kind="stable")
    loadings, ss = loadings[:, order], ss[order]
    labels = [labels[j] for j in order]
    proportion = ss / len(names)
    variance = pd.DataFrame(
        [ss, proportion, np.cumsum(proportion), ss / ss.sum(), np.cumsum(ss / ss.sum())],
        index=list(_VARIANCE_ROWS), columns=labels)
    return EFAResult(
        loadings=pd.DataFrame(loadings, index=names, columns=labels),
        communalities=pd.Series(communalities, index=names, name="h2"),
        uniquenesses=pd.Series(1 - communalities, index=names, name="u2"),
        variance=variance,
        phi=None if phi is None else pd.DataFrame(phi[np.ix_(order, order)], index=labels,
                                                  columns=labels),
        rotation=used, method=method, missing=missing, n=n, n_factors=k,
        dof=_dof(len(names), k), kmo=_kmo(corr, names).overall,
        bartlett=_bartlett(corr, n), converged=converged)


def kmo(items: pd.DataFrame, *, missing: Missing = "pairwise") -> KMOResult:
    """Kaiser-Meyer-Olkin measure of sampling adequacy, overall and per item, as ``psych::KMO``.

    Parameters
    ----------
    items : DataFrame
        One numeric column per item.
    missing : {"pairwise", "listwise"}, default "pairwise"
        How missing answers enter the correlations.

    Returns
    -------
    KMOResult
        ``overall`` (float) and ``items`` (Series of per-item MSA); ``to_frame()`` gives a
        column ``msa`` with the items and a row ``overall``.

    Notes
    -----
    With correlations ``r`` and partial correlations ``q`` (from ``R^-1``), off the diagonal,
    ``MSA = sum r^2 / (sum r^2 + sum q^2)``; per item the sums run over that item's column.
    Kaiser (1974): 0.9 marvelous, 0.8 meritorious, 0.7 middling, 0.6 mediocre, 0.5 miserable,
    below unacceptable.

    Validated against R psych::KMO 2.2.9 (R 4.2.2), 2026-11-21.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal((200, 1)) + rng.standard_normal((200, 4))
    >>> res = kmo(pd.DataFrame(x, columns=list("abcd")))
    >>> round(res.overall, 2)
    0.79
    """
    names, corr, _ = _correlation(items, missing, "kmo")
    return _kmo(corr, names)


def _kmo(corr: np.ndarray, names: list[str]) -> KMOResult:
    inv = np.linalg.inv(corr)
    partial = inv / np.sqrt(np.outer(np.diag(inv), np.diag(inv)))
    r2 = corr**2
    q2 = partial**2
    np.fill_diagonal(r2, 0)
    np.fill_diagonal(q2, 0)
    per_item = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    return KMOResult(overall=float(r2.sum() / (r2.sum() + q2.sum())),
                     items=pd.Series(per_item, index=names, name="msa"))


def bartlett(items: pd.DataFrame, *, missing: Missing = "pairwise") -> pd.DataFrame:
    """Bartlett's test that the items are uncorrelated, as ``psych::cortest.bartlett(R, n)``.

    Parameters
    ----------
    items : DataFrame
        One numeric column per item.
    missing : {"pairwise", "listwise"}, default "pairwise"
        How missing answers enter the correlations; ``n`` is the number of rows (pairwise)
        or of complete rows (listwise).

    Returns
    -------
    DataFrame
        One row with columns ``chi2``, ``df``, ``p_value``, ``n``.

    Notes
    -----
    ``chi2 = -(n - 1 - (2p + 5) / 6) log|R|`` on ``p (p - 1) / 2`` degrees of freedom.

    Validated against R psych::cortest.bartlett 2.2.9 (R 4.2.2), 2026-11-21.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal((200, 1)) + rng.standard_normal((200, 4))
    >>> res = bartlett(pd.DataFrame(x, columns=list("abcd")))
    >>> res[["df", "n"]]
       df    n
    0   6  200
    >>> bool(res["p_value"].iloc[0] < 0.001)
    True
    """
    _, corr, n = _correlation(items, missing, "bartlett")
    return _bartlett(corr, n)


def _bartlett(corr: np.ndarray, n: int) -> pd.DataFrame:
    p = len(corr)
    chi2 = -np.linalg.slogdet(corr)[1] * (n - 1 - (2 * p + 5) / 6)
    df = p * (p - 1) // 2
    return pd.DataFrame({"chi2": [chi2], "df": [df], "p_value": [stats.chi2.sf(chi2, df)],
                         "n": [n]})


@renamed(n_iter="n_resamples")
def parallel_analysis(items: pd.DataFrame, *, n_resamples: int = 100,
                      quantile: float | Literal["mean"] = 0.95, seed: int = 0,
                      method: Method = "minres", missing: Missing = "pairwise"
                      ) -> ParallelAnalysisResult:
    """Horn's parallel analysis: how many factors and components to keep, as ``psych::fa.parallel``.

    Parameters
    ----------
    items : DataFrame
        One numeric column per item.
    n_resamples : int, default 100
        Number of simulated data sets (psych's ``n.iter``, default 20 there; formerly ``n_iter``).
    quantile : float in (0, 1) or "mean", default 0.95
        Which summary of the simulated eigenvalues the observed ones must exceed.
    seed : int, default 0
        Seed of the random generator (``numpy.random.default_rng``).
    method : {"minres", "ml", "pa"}, default "minres"
        Extraction for the factor eigenvalues.
    missing : {"pairwise", "listwise"}, default "pairwise"
        How missing answers enter the correlations.

    Returns
    -------
    ParallelAnalysisResult
        ``n_factors``, ``n_components`` and ``eigenvalues``: a DataFrame indexed 1..p with
        columns ``observed_fa``, ``simulated_fa``, ``observed_pc``, ``simulated_pc``.

    Notes
    -----
    What is matched from psych (``fa = "both"``): component eigenvalues are those of ``R``;
    factor eigenvalues are those of ``R`` with the communalities of a one-factor solution
    (``method``) on its diagonal. The same is computed for ``n_resamples`` data sets of independent
    standard normal variables of the same size, and the suggested number is the count of
    leading observed eigenvalues above the simulated ``quantile`` (R's type 7), stopping at the
    first that is not. psych also resamples the observed data, but its suggested numbers use
    the simulated normal data only, as here; the resampling is left out.

    Validated against R psych::fa.parallel 2.2.9 (R 4.2.2), 2026-11-21: observed eigenvalues
    to 1e-6; the simulated part is random.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(2)
    >>> f = rng.standard_normal((300, 2))
    >>> x = np.repeat(f, 3, axis=1) * .7 + rng.standard_normal((300, 6)) * .7
    >>> res = parallel_analysis(pd.DataFrame(x), n_resamples=20)
    >>> res.n_factors, res.n_components
    (2, 2)
    """
    _check_choice("parallel_analysis", "method", method, _METHODS)
    if not (quantile == "mean" or (isinstance(quantile, float) and 0 < quantile < 1)):
        raise FactorAnalysisError(
            f"quantile must be a number between 0 and 1 or 'mean'; got {quantile!r}.",
            fix="Pass for example quantile=0.95.")
    if not _is_count(n_resamples):
        raise FactorAnalysisError(f"n_resamples must be a whole number of at least 1; got {n_resamples!r}.",
                                  fix="Pass for example n_resamples=100.")
    check_seed(seed, "parallel_analysis")
    names, corr, n = _correlation(items, missing, "parallel_analysis")
    p = len(names)
    rng = np.random.default_rng(seed)
    observed = _eigenvalues(corr, method)
    simulated = np.array([_eigenvalues(_sim_corr(rng, n, p), method) for _ in range(n_resamples)])
    if quantile == "mean":
        threshold = simulated.mean(axis=0)
    else:
        threshold = np.quantile(simulated, quantile, axis=0)
    table = pd.DataFrame({"observed_fa": observed[0], "simulated_fa": threshold[0],
                          "observed_pc": observed[1], "simulated_pc": threshold[1]},
                         index=pd.RangeIndex(1, p + 1, name="number"))
    return ParallelAnalysisResult(
        n_factors=_leading(observed[0], threshold[0]),
        n_components=_leading(observed[1], threshold[1]), eigenvalues=table,
        quantile=quantile, n_resamples=int(n_resamples), seed=seed, method=method, n=n)


def _sim_corr(rng: np.random.Generator, n: int, p: int) -> np.ndarray:
    return np.corrcoef(rng.standard_normal((n, p)), rowvar=False)


def _eigenvalues(corr: np.ndarray, method: str) -> np.ndarray:
    """(factor, component) eigenvalues, each in decreasing order (shape 2 x p)."""
    return np.array([FITTERS[method](corr, 1)[2], np.linalg.eigvalsh(corr)[::-1]])


def _leading(observed: np.ndarray, threshold: np.ndarray) -> int:
    """How many leading observed eigenvalues exceed the threshold, up to the first that does not."""
    below = np.flatnonzero(~(observed > threshold))
    return int(below[0]) if below.size else len(observed)
