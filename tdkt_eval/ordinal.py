"""Ordinal psychometrics: polychoric correlations of Likert items, and ordinal alpha.

A Likert answer is a coarse reading of a continuous attitude.  The polychoric correlation is
the correlation of the two latent normal variables behind a pair of items, estimated from
their contingency table; Pearson's correlation of the codes understates it, the more so the
fewer and the more skewed the categories.  Ordinal alpha (Zumbo, Gadermann & Zeisser 2007) is
the standardised alpha of the polychoric correlation matrix.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from ._args import check_choice
from ._messages import Text
from ._results import Result
from .errors import DataQualityWarning, InvalidArgumentTypeError, NotEstimableError, ScaleError
from .reliability import against_first_component

__all__ = ["OrdinalAlphaResult", "ordinal_alpha", "polychoric"]

#: The search for rho stays inside (-BOUND, BOUND), as polycor's ``maxcor``.
BOUND = 0.9999


def _bvn_cdf(h: np.ndarray, k: np.ndarray, rho: float) -> np.ndarray:
    """P(X <= h, Y <= k) for standard bivariate normal X, Y with correlation ``rho`` (|rho| < 1).

    Owen's (1956) formula through Owen's T function, exact to double precision;
    infinite limits give the margins.

    Examples
    --------
    >>> round(float(_bvn_cdf(np.array([0.0]), np.array([0.0]), 0.5)[0]), 15)  # 1/4 + arcsin(rho)/(2 pi) = 1/3
    0.333333333333333
    """
    h, k = np.broadcast_arrays(np.asarray(h, float), np.asarray(k, float))
    out = np.empty(h.shape)
    lo = np.isneginf(h) | np.isneginf(k)
    out[lo] = 0.0
    hi_h, hi_k = np.isposinf(h) & ~lo, np.isposinf(k) & ~lo
    out[hi_h] = special.ndtr(k[hi_h])
    out[hi_k & ~hi_h] = special.ndtr(h[hi_k & ~hi_h])
    inner = ~(lo | hi_h | hi_k)
    hh, kk = h[inner], k[inner]
    # h = 0 or k = 0: a tiny offset keeps the formula's ratios finite (the CDF is continuous there)
    hh = np.where(hh == 0, 1e-300, hh)
    kk = np.where(kk == 0, 1e-300, kk)
    s = np.sqrt(1.0 - rho * rho)
    beta = np.where(np.sign(hh) == np.sign(kk), 0.0, 0.5)
    out[inner] = (0.5 * special.ndtr(hh) + 0.5 * special.ndtr(kk)
                  - special.owens_t(hh, (kk - rho * hh) / (hh * s))
                  - special.owens_t(kk, (hh - rho * kk) / (kk * s)) - beta)
    return out


def _thresholds(counts: np.ndarray) -> np.ndarray:
    """Cut points of the latent normal from the cumulative margin, with -inf and +inf at the ends."""
    cum = np.cumsum(counts)[:-1] / counts.sum()
    return np.concatenate([[-np.inf], special.ndtri(cum), [np.inf]])


def _pair(table: np.ndarray) -> float:
    """Two-step polychoric correlation of one contingency table (empty rows and columns dropped)."""
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(table.shape) < 2:
        return np.nan
    a, b = _thresholds(table.sum(axis=1)), _thresholds(table.sum(axis=0))
    ii, jj = np.nonzero(table)
    n = table[ii, jj]

    def minus_loglik(rho: float) -> float:
        p = (_bvn_cdf(a[ii + 1], b[jj + 1], rho) - _bvn_cdf(a[ii], b[jj + 1], rho)
             - _bvn_cdf(a[ii + 1], b[jj], rho) + _bvn_cdf(a[ii], b[jj], rho))
        return -float(np.sum(n * np.log(np.maximum(p, 1e-300))))

    res = optimize.minimize_scalar(minus_loglik, bounds=(-BOUND, BOUND), method="bounded",
                                   options={"xatol": 1e-12, "maxiter": 500})
    return float(res.x)


def _codes(items: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(items, pd.DataFrame):
        raise InvalidArgumentTypeError(f"items must be a pandas DataFrame; got {type(items).__name__}.")
    bad = [c for c in items.columns if not pd.api.types.is_numeric_dtype(items[c])]
    if bad:
        raise ScaleError(f"Items {bad} are not numeric codes; polychoric correlations need ordered codes.",
                         fix="Recode the answers as numbers (1-5), e.g. with tdkt_eval.load_survey.",
                         column=str(bad[0]))
    return items


def polychoric(items: pd.DataFrame, *, missing: str = "pairwise") -> pd.DataFrame:
    """Polychoric correlation matrix of ordinal items (two-step maximum likelihood).

    Parameters
    ----------
    items : DataFrame
        One column per item, ordered numeric codes (1-5 …), NaN for no answer.
    missing : {"pairwise", "listwise"}, default "pairwise"
        Each pair uses the rows where both items are answered, or only complete rows.

    Returns
    -------
    DataFrame
        Items × items, ones on the diagonal.

    Notes
    -----
    For items with categories :math:`i = 1..r` and :math:`j = 1..c`, the thresholds are
    :math:`a_i = \\Phi^{-1}(\\text{cumulative share of the first } i \\text{ categories})` (the
    two-step method of Olsson 1979, R ``polycor::polychor(ML = FALSE)``), and :math:`\\rho`
    maximises :math:`\\sum_{ij} n_{ij} \\log P_{ij}(\\rho)`, :math:`P_{ij}` the bivariate normal
    probability of the cell's rectangle, computed exactly with Owen's T function; the search is
    Brent's bounded method to 1e-12 on (-0.9999, 0.9999).  Validated against the same
    likelihood in R (mvtnorm ``pmvnorm``, ``optimise(tol = 1e-12)``) to 1e-7 (both find the
    optimum from likelihood values, which fixes it to about the square root of machine
    precision; they agree to 3e-8), and against
    ``polycor::polychor`` within its own optimiser's tolerance (about 1e-4);
    ``tests/reference/make_polychoric_reference.R``.  psych's ``polychoric`` adds 0.5 to empty
    cells by default (``correct = 0.5``); this does not.  The matrix is not smoothed, so it may
    not be positive definite with pairwise deletion.

    References
    ----------
    Olsson, U. (1979). Maximum likelihood estimation of the polychoric correlation coefficient.
    *Psychometrika* 44, 443-460.
    Owen, D. B. (1956). Tables for computing bivariate normal probabilities. *Annals of
    Mathematical Statistics* 27, 1075-1090.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> z = rng.multivariate_normal([0, 0], [[1, 0.6], [0.6, 1]], size=2000)
    >>> items = pd.DataFrame(np.digitize(z, [-1.0, 0.0, 1.0]) + 1, columns=["q1", "q2"])
    >>> round(float(polychoric(items).loc["q1", "q2"]), 2)  # the latent correlation is 0.6
    0.6
    """
    check_choice(missing, "missing", ("pairwise", "listwise"), func="polychoric")
    x = _codes(items)
    if missing == "listwise":
        x = x.dropna()
    names = list(x.columns)
    out = np.eye(len(names))
    for i, j in itertools.combinations(range(len(names)), 2):
        both = x.iloc[:, [i, j]].dropna()
        table = pd.crosstab(both.iloc[:, 0], both.iloc[:, 1]).to_numpy(float)
        out[i, j] = out[j, i] = _pair(table)
    constant = [n for n, r in zip(names, out) if np.isnan(r).all() or x[n].nunique() < 2]
    if constant:
        raise NotEstimableError(
            Text("Items {items} have a single answer category: a correlation with them cannot be estimated.",
                 "Các câu hỏi {items} chỉ có một mức trả lời: không ước lượng được hệ số tương quan với chúng.",
                 {"items": ", ".join(map(str, constant))}),
            fix=Text("Leave those items out.", "Hãy bỏ các câu hỏi đó ra."), column=str(constant[0]))
    return pd.DataFrame(out, index=names, columns=names)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrdinalAlphaResult(Result):
    """Ordinal alpha, from :func:`ordinal_alpha`.

    Attributes
    ----------
    alpha : float
        Standardised alpha of the polychoric correlation matrix.
    k, n : int
        Items, and respondents with at least one answer.
    polychoric : DataFrame
        The (keyed) polychoric correlation matrix it is computed from.
    """

    alpha: float
    k: int
    n: int
    polychoric: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """One row: alpha, k, n."""
        return pd.DataFrame([dict(alpha=self.alpha, k=self.k, n=self.n)])

    def summary(self) -> str:
        """One line."""
        return f"Ordinal alpha = {self.alpha:.3f} ({self.k} items, polychoric correlations, n = {self.n})"


def ordinal_alpha(items: pd.DataFrame, *, reverse: Sequence[str] | None = None,
                  missing: str = "pairwise") -> OrdinalAlphaResult:
    """Ordinal alpha of a Likert scale: standardised alpha of its polychoric correlations.

    Parameters
    ----------
    items : DataFrame
        One column per item, ordered numeric codes.
    reverse : list of str, optional
        Reverse-keyed items: their correlations change sign.
    missing : {"pairwise", "listwise"}, default "pairwise"

    Returns
    -------
    OrdinalAlphaResult

    Notes
    -----
    :math:`\\alpha_{ord} = \\frac{k}{k-1}\\left(1 - \\frac{k}{\\mathbf 1^\\top R \\mathbf 1}\\right)`
    with :math:`R` the polychoric matrix (Zumbo, Gadermann & Zeisser 2007); equal to
    ``psych::alpha(R)$total$raw_alpha`` (a test pins it).  Items that correlate negatively with
    the first principal component after keying are named in a warning, as ``psych::alpha``.

    References
    ----------
    Zumbo, B. D., Gadermann, A. M. & Zeisser, C. (2007). Ordinal versions of coefficients alpha and
    theta for Likert rating scales. *Journal of Modern Applied Statistical Methods* 6, 21-29.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> z = rng.normal(size=(1500, 1)) + rng.normal(size=(1500, 4))
    >>> items = pd.DataFrame(np.digitize(z, [-1.0, 0.0, 1.0]) + 1, columns=["a", "b", "c", "d"])
    >>> res = ordinal_alpha(items)
    >>> round(res.alpha, 2), res.k
    (0.8, 4)
    """
    r = polychoric(items, missing=missing)
    names = list(r.columns)
    if len(names) < 2:
        raise ScaleError(f"A scale needs at least two items; got {names}.",
                         fix="Pass a DataFrame with one column per item of the scale.")
    unknown = [v for v in reverse or () if v not in names]
    if unknown:
        raise ScaleError(f"`reverse` names {unknown}, which are not items of the scale.", column=str(unknown[0]),
                         fix="Name reverse-keyed items as the columns are named.")
    sign = np.where(np.isin(names, list(reverse or ())), -1.0, 1.0)
    keyed = r * np.outer(sign, sign)
    negative = against_first_component(names, keyed.to_numpy())
    if negative:
        warnings.warn(DataQualityWarning(Text(
            "Some items ({items}) correlate negatively with the scale's first principal component and probably "
            "should be reversed: pass them in reverse=.",
            "Một số câu hỏi ({items}) tương quan âm với thành phần chính thứ nhất của thang đo và có lẽ cần đảo "
            "chiều: hãy khai báo trong reverse=.", {"items": ", ".join(negative)})), stacklevel=2)
    k = len(names)
    alpha = k / (k - 1) * (1 - k / float(keyed.to_numpy().sum()))
    n = int(items[names].notna().any(axis=1).sum())
    return OrdinalAlphaResult(alpha=float(alpha), k=k, n=n, polychoric=keyed)
