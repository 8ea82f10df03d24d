"""Confirmatory factor analysis by maximum likelihood, validated against R lavaan.

:func:`cfa` fits the factor model :math:`\\Sigma(\\theta) = \\Lambda \\Phi \\Lambda^\\top + \\Theta`
(loadings :math:`\\Lambda`, factor covariances :math:`\\Phi`, residual covariances :math:`\\Theta`)
written in lavaan's model syntax (``F1 =~ x1 + x2 + x3``) to the items' covariance matrix
:math:`S` (divisor :math:`N`), as ``lavaan::cfa`` does with its defaults.

* Estimation minimises :math:`F = \\tfrac12\\{\\log|\\Sigma| + \\operatorname{tr}(S\\Sigma^{-1}) -
  \\log|S| - p\\}` (lavaan's ``fmin``) by Fisher scoring, then Newton steps with the analytic
  Hessian until the gradient vanishes to rounding; the data enter only through :math:`S`.
  The gradient is :math:`\\partial F/\\partial\\theta_i = \\operatorname{tr}(G\\,\\Sigma_i)` with
  :math:`G = \\tfrac12\\Sigma^{-1}(\\Sigma - S)\\Sigma^{-1}` and :math:`\\Sigma_i =
  \\partial\\Sigma/\\partial\\theta_i`; the expected information per case is
  :math:`\\mathcal I_{ij} = \\tfrac12\\operatorname{tr}(\\Sigma^{-1}\\Sigma_i\\Sigma^{-1}\\Sigma_j)`.
* ``estimator="ML"``: standard errors from the expected information,
  :math:`\\operatorname{Var}(\\hat\\theta) = (N\\mathcal I)^{-1}`; :math:`\\chi^2 = 2NF` on
  :math:`p(p+1)/2 - q` degrees of freedom.
* ``estimator="MLR"``: the same estimates with Huber-White standard errors
  :math:`H^{-1} B H^{-1} / N` (:math:`H` the observed information, the Hessian of :math:`F`;
  :math:`B` the mean outer product of the case-wise scores) and the Yuan-Bentler (Mplus) scaled
  :math:`\\chi^2 / c`, with :math:`c = \\{\\tfrac12(b_{2,p} - p) - \\operatorname{tr}(H^{-1}B)\\}/df`
  (:math:`b_{2,p}` Mardia's multivariate kurtosis); robust CFI, TLI and RMSEA after
  Brosseau-Liang & Savalei (2019) and Savalei (2018).
* Fit: the baseline (independence) model, CFI, TLI, RMSEA with its 90% interval and
  :math:`p(\\mathrm{RMSEA} \\le .05)`, SRMR (Bentler's, over the variances and covariances),
  log-likelihood, AIC, BIC; standardised solutions (std.lv, std.all) and modification indices
  (Sörbom's score test with the expected information, with expected parameter changes).
* ``estimator="WLSMV"``: the items as ordered categories; thresholds, polychoric correlations and
  their asymptotic covariance :math:`\\Gamma`, DWLS with :math:`W = \\operatorname{diag}(\\Gamma)^{-1}`,
  sandwich standard errors and the scaled-shifted test (Muthén, du Toit & Spisic 1997; Asparouhov &
  Muthén 2010), as lavaan's ``cfa(ordered = TRUE, estimator = "WLSMV")``: see
  :mod:`tdkt_eval.factor._cfa_wlsmv`. Single group only; no modification indices.
* Several groups (``group=``, for measurement invariance): a mean structure
  :math:`\\mu_g = \\nu_g + \\Lambda_g\\alpha_g` is added, each group has its own parameters except
  those held equal (``group_equal``), and :math:`F = \\sum_g (N_g/N) F_g` with
  :math:`F_g` including :math:`\\tfrac12(\\bar x_g - \\mu_g)^\\top\\Sigma_g^{-1}(\\bar x_g - \\mu_g)`;
  Newton steps use central differences of the analytic gradient (as lavaan's observed
  information). RMSEA is multiplied by :math:`\\sqrt G` and SRMR is the :math:`N_g`-weighted mean
  of the groups' (with the means), as lavaan.

Validated against lavaan 0.6.14 (R 4.2.2), 2026-12-07: ``tests/reference/make_cfa_reference.R``
and ``tests/test_cfa.py`` (Holzinger-Swineford three-factor model with ML, ``std.lv = TRUE``, MLR,
a residual covariance and a covariance fixed to 0, and by school: configural, metric and scalar;
one and five factors on the bfi items, ML and MLR; and, with ``make_cfa_wlsmv_reference.R`` and
``tests/test_cfa_wlsmv.py``, WLSMV on one and two factors of the bfi items and three factors of
``staff_invariance.csv``). Estimates, standard errors, standardised
solutions, fit measures and modification indices agree to 1e-6 with lavaan run to its optimum;
lavaan's default stopping rule (nlminb, rel.tol 1e-10) leaves its estimates up to 2.5e-5 away
from that optimum, which this fit reaches (its fmin is never above lavaan's).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from .._args import check_conf_level
from .._messages import Text
from .._results import Result
from ..errors import DataQualityWarning, FactorAnalysisError
from ._cfa_data import _covariance, _data, _group_data
from ._convergence import NotConvergedWarning
from .efa import _check_choice
from ._cfa_fit import _expected, _inverse, _minimise, _robust, _Structure
from ._cfa_groups import _group_spec, _Groups, _group_table, _minimise_groups, _shared_index
from ._cfa_measures import _fit_measures, _Moments
from ._cfa_modindices import _Fitted, _modindices
from ._cfa_syntax import _Spec, _specify
from ._cfa_table import _table
from ._cfa_wlsmv import _fit_wlsmv, _shown

__all__ = ["CFAResult", "cfa"]

Estimator = Literal["ML", "MLR", "WLSMV"]
Missing = Literal["listwise"]
Equal = Literal["loadings", "intercepts"]

_ESTIMATORS = ("ML", "MLR", "WLSMV")
_MISSING = ("listwise",)
_EQUAL = ("loadings", "intercepts")


# --------------------------------------------------------------------------- result
@dataclass(frozen=True, slots=True, kw_only=True)
class CFAResult(Result):
    """A confirmatory factor analysis (see :func:`cfa`).

    Attributes
    ----------
    estimates : DataFrame
        lavaan's ``parameterEstimates(fit, standardized = TRUE)``: columns ``lhs``, ``op``,
        ``rhs``, ``est``, ``se``, ``z``, ``pvalue``, ``ci_lower``, ``ci_upper`` (Wald, at ``conf_level``),
        ``std_lv``, ``std_all``; fixed parameters have ``se`` 0 and no ``z``.
    fit_measures : Series
        lavaan's ``fitMeasures`` under its names with ``_`` for ``.``: ``chisq``, ``df``,
        ``pvalue``, ``baseline_chisq``, ``cfi``, ``tli``, ``rmsea`` (``_ci_lower``,
        ``_ci_upper``, ``_pvalue``), ``srmr``, ``logl``, ``aic``, ``bic`` …; with MLR also
        ``chisq_scaled``, ``chisq_scaling_factor``, ``cfi_robust``, ``tli_robust``,
        ``rmsea_robust`` and its interval.
    sample_cov, implied_cov : DataFrame
        :math:`S` (divisor N) and the fitted :math:`\\Sigma`.
    model, estimator, missing : str
    std_lv, converged : bool
    group : str or None
        The group column of a multi-group model; ``estimates`` then has a column ``group`` (the
        group's label) after ``rhs``, rows ``~1`` for the intercepts and factor means, and
        ``sample_cov``/``implied_cov`` are stacked by group.
    group_equal : tuple of str
        What is held equal across groups (``"loadings"``, ``"intercepts"``).
    conf_level : float
        Level of the intervals ``ci_lower``, ``ci_upper``.
    n, iterations : int
        Rows used (all groups) and optimiser iterations.
    """

    estimates: pd.DataFrame
    fit_measures: pd.Series
    sample_cov: pd.DataFrame
    implied_cov: pd.DataFrame
    model: str
    estimator: str
    missing: str
    std_lv: bool
    group: str | None
    group_equal: tuple[str, ...]
    conf_level: float
    converged: bool
    n: int
    iterations: int
    _fitted: _Fitted | None = field(repr=False, compare=False)

    def to_frame(self) -> pd.DataFrame:
        """The parameter table (see ``estimates``)."""
        return self.estimates

    def modification_indices(self, *, sort: bool = False, minimum: float = 0.0) -> pd.DataFrame:
        """Modification indices, as ``lavaan::modindices``.

        Parameters
        ----------
        sort : bool, default False
            Largest ``mi`` first (lavaan's ``sort. = TRUE``); else lavaan's order: fixed parameters
            of the model, then the loadings not in it, then the residual covariances.
        minimum : float, default 0
            Leave out rows with a smaller ``mi``.

        Returns
        -------
        DataFrame
            Columns ``lhs``, ``op``, ``rhs``, ``mi`` (the score test, chi-square on 1 df),
            ``epc`` (expected parameter change), ``sepc_lv``, ``sepc_all``.

        Notes
        -----
        With the expected information :math:`\\mathcal I` of the model extended by the fixed
        parameters and the gradient :math:`g` of fmin at the estimates,
        :math:`\\mathrm{MI} = N g^2 / v` and :math:`\\mathrm{EPC} = -g / v`, where
        :math:`v = \\mathcal I_{22} - \\mathcal I_{21}\\mathcal I_{11}^{-1}\\mathcal I_{12}` (diagonal).
        Parameters whose :math:`v` vanishes (not identified if freed) are left out, as lavaan does.
        """
        if self._fitted is None and self.estimator == "WLSMV":
            raise FactorAnalysisError("Modification indices are not available with estimator='WLSMV' yet.",
                                      fix="Look at the residual correlations (sample_cov - implied_cov).")
        if self._fitted is None:
            raise FactorAnalysisError("Modification indices are not available for multi-group models yet.",
                                      fix="Fit each group on its own to look for local misfit.")
        table = _modindices(self._fitted)
        table = table[table["mi"] >= minimum]
        return table.sort_values("mi", ascending=False, kind="stable").reset_index(drop=True) if sort else \
            table.reset_index(drop=True)

    def summary(self, *, digits: int = 3) -> str:
        """A printable report: the test of fit, the fit indices and the parameter table."""
        fm = self.fit_measures
        groups = f", groups by {self.group!r}" if self.group else ""
        equal = f", equal {' and '.join(self.group_equal)}" if self.group_equal else ""
        lines = [f"Confirmatory factor analysis ({self.estimator}), n = {self.n} ({self.missing} deletion), "
                 f"{int(fm['npar'])} free parameters{groups}{equal}",
                 f"chi2({int(fm['df'])}) = {fm['chisq']:.{digits}f}, p = {fm['pvalue']:.3g}"]
        if self.estimator == "WLSMV":
            lines += [f"Scaled-shifted chi2 = {fm['chisq_scaled']:.{digits}f}, p = {fm['pvalue_scaled']:.3g}, "
                      f"scaling factor {fm['chisq_scaling_factor']:.{digits}f}, shift "
                      f"{fm['chisq_shift_parameters']:.{digits}f}",
                      f"Scaled CFI = {fm['cfi_scaled']:.{digits}f}, TLI = {fm['tli_scaled']:.{digits}f}, "
                      f"RMSEA = {fm['rmsea_scaled']:.{digits}f}"]
        elif "chisq_scaled" in fm:
            lines.append(f"Scaled chi2 (Yuan-Bentler) = {fm['chisq_scaled']:.{digits}f}, p = {fm['pvalue_scaled']:.3g},"
                         f" scaling factor {fm['chisq_scaling_factor']:.{digits}f}")
            lines.append(f"Robust CFI = {fm['cfi_robust']:.{digits}f}, TLI = {fm['tli_robust']:.{digits}f}, "
                         f"RMSEA = {fm['rmsea_robust']:.{digits}f}")
        lines += [f"CFI = {fm['cfi']:.{digits}f}, TLI = {fm['tli']:.{digits}f}, RMSEA = {fm['rmsea']:.{digits}f} "
                  f"[{fm['rmsea_ci_lower']:.{digits}f}, {fm['rmsea_ci_upper']:.{digits}f}], "
                  f"SRMR = {fm['srmr']:.{digits}f}"]
        if "aic" in fm:
            lines.append(f"AIC = {fm['aic']:.2f}, BIC = {fm['bic']:.2f}")
        lines += ["", self.estimates.round(digits).to_string(index=False)]
        if not self.converged:
            lines += ["", "Warning: the estimation did not converge."]
        return "\n".join(lines)


# --------------------------------------------------------------------------- input
def _check_df(df: int, q: int, p: int, groups: int = 1) -> None:
    if df < 0:
        raise FactorAnalysisError(
            Text("The model has {q} free parameters but the {p} items give only {m} sample moments to fit "
                 "(variances, covariances{means}; df = {df}): it is not identified.",
                 "Mô hình có {q} tham số tự do nhưng {p} câu chỉ cho {m} mômen mẫu (phương sai, hiệp phương sai"
                 "{means_vi}; bậc tự do {df}): mô hình không xác định được.",
                 {"q": q, "p": p, "m": df + q, "df": df, "means": " and means" if groups > 1 else "",
                  "means_vi": " và trung bình" if groups > 1 else ""}),
            fix=Text("Add items (a factor on its own needs at least three) or fix parameters.",
                     "Thêm câu hỏi (một nhân tố đứng riêng cần ít nhất ba câu) hoặc cố định bớt tham số."))


def _warn_solution(fit: _Fit) -> None:
    if not fit.converged:
        warnings.warn(NotConvergedWarning(Text(
            "cfa: the optimiser stopped before converging; the estimates may be imprecise. Check the model "
            "(is every factor measured by at least two items?) and the data.",
            "cfa: thuật toán tối ưu dừng trước khi hội tụ; các ước lượng có thể chưa chính xác. Hãy kiểm tra mô "
            "hình (mỗi nhân tố có ít nhất hai câu hỏi chưa?) và dữ liệu.")), stacklevel=3)
    for label, st, x in fit.solutions:
        _warn_group(label, st, x)


def _warn_group(label: str | None, st: _Structure, x: np.ndarray) -> None:
    where = Text(" (group {g})", " (nhóm {g})", {"g": label}) if label is not None else ""
    lam, phi, th = st.matrices(x)
    negative = [st.spec.items[a] for a in np.flatnonzero(np.diag(th) < 0)]
    if negative:
        warnings.warn(DataQualityWarning(Text(
            "cfa: a Heywood case{where}: the residual variance of {items} is negative; examine the solution.",
            "cfa: trường hợp Heywood{where}: phương sai phần dư của {items} âm; cần xem lại nghiệm.",
            {"items": ", ".join(map(repr, negative)), "where": where})), stacklevel=4)
    if st.m and np.linalg.eigvalsh(phi)[0] <= 0:
        warnings.warn(DataQualityWarning(Text(
            "cfa: the covariance matrix of the factors is not positive definite{where} (a factor variance is "
            "negative or a correlation exceeds 1 in absolute value); examine the solution.",
            "cfa: ma trận hiệp phương sai của các nhân tố không xác định dương{where} (phương sai âm hoặc tương "
            "quan vượt quá 1); cần xem lại nghiệm.", {"where": where})), stacklevel=4)


# --------------------------------------------------------------------------- public API
def cfa(data: pd.DataFrame, model: str, *, estimator: Estimator = "ML", std_lv: bool = False,
        group: str | None = None, group_equal: tuple[Equal, ...] = (), missing: Missing = "listwise",
        conf_level: float = 0.95) -> CFAResult:
    """Confirmatory factor analysis by maximum likelihood, as ``lavaan::cfa``.

    Parameters
    ----------
    data : DataFrame
        One numeric column per item (other columns are ignored), one row per respondent.
    model : str
        lavaan model syntax: ``F1 =~ x1 + x2 + x3`` per factor, statements separated by new lines
        or ``;``, comments after ``#``. Modifiers fix a value (``0.5*x2``) or free a parameter
        (``NA*x1``). ``x1 ~~ x2`` adds a residual covariance, ``F1 ~~ 0*F2`` fixes a factor
        covariance. Factors are correlated by default, as in ``lavaan::cfa``.
    estimator : {"ML", "MLR", "WLSMV"}, default "ML"
        Normal-theory maximum likelihood with standard errors from the expected information, or
        the same estimates with robust (Huber-White) standard errors and the Yuan-Bentler scaled
        test (lavaan's ``estimator = "MLR"``), or, treating every item as ordered categories
        (Likert answers, 2 to 10 categories), diagonally weighted least squares on the
        polychoric correlations with robust standard errors and the scaled-shifted test (lavaan's
        ``cfa(ordered = TRUE, estimator = "WLSMV")``, delta parameterisation): the table then has
        the thresholds (``|``) and the residual variances are 1 minus the explained variance
        (``se`` 0), ``sample_cov`` and ``implied_cov`` are the polychoric and the fitted
        correlations, and there are no log-likelihood, AIC or BIC.
    std_lv : bool, default False
        Identify each factor by fixing its variance to 1 instead of its first loading to 1.
    group : str, optional
        Column whose values split the rows into groups: a multi-group model with a mean structure
        (item intercepts and factor means), one set of parameters per group, as
        ``lavaan::cfa(group = )``; groups in the order they first appear.
    group_equal : tuple of {"loadings", "intercepts"}, default ()
        Parameters held equal across groups, as lavaan's ``group.equal``: ``("loadings",)`` for
        metric and ``("loadings", "intercepts")`` for scalar invariance. With equal intercepts the
        factor means are free in every group but the first; with equal loadings and ``std_lv``
        the factor variances are fixed to 1 in the first group only.
    missing : {"listwise"}, default "listwise"
        Rows with a missing answer on any of the model's items are left out.
    conf_level : float, default 0.95
        Level of the Wald intervals ``est ± z se``.

    Returns
    -------
    CFAResult
        ``estimates`` (the parameter table, also ``to_frame()``), ``fit_measures``,
        ``modification_indices()``, the sample and implied covariances.

    Raises
    ------
    FactorAnalysisError
        Bad syntax or options, items missing from the data, constant items, too few rows, or a
        model that is not identified (negative degrees of freedom, singular information);
        ``estimator="MLR"`` or ``"WLSMV"`` with ``group``; with ``"WLSMV"``, an item with a single
        category or more than 10, fewer rows than thresholds and correlations, or a fixed residual
        variance.
    MixedTypeError
        An item column is not numeric.

    Warns
    -----
    NotConvergedWarning
        The optimiser stopped before converging (a DataQualityWarning and a ConvergenceWarning).
    DataQualityWarning
        A negative residual variance (Heywood case) or a factor covariance matrix that is not
        positive definite.

    Notes
    -----
    See the module notes for the fit function, the information matrices, the robust corrections
    and the fit indices. :math:`N` (not :math:`N-1`) is used throughout, as lavaan does with
    ``likelihood = "normal"``: :math:`S` has divisor :math:`N`, :math:`\\chi^2 = 2NF`,
    :math:`\\mathrm{RMSEA} = \\sqrt{\\max(\\chi^2/(N\\,df) - 1/N, 0)}`.

    Validated against lavaan 0.6.14 (R 4.2.2), 2026-12-07: estimates, standard errors, standardised
    solutions, fit measures and modification indices to 1e-6 (``tests/test_cfa.py``); WLSMV's
    thresholds, polychoric correlations, their asymptotic covariance matrix, estimates, robust
    standard errors, the scaled-shifted test and the fit measures to 1e-6 (``tests/test_cfa_wlsmv.py``).

    References
    ----------
    Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *Journal of
    Statistical Software* 48(2).
    Yuan, K.-H. & Bentler, P. M. (2000). Three likelihood-based methods for mean and covariance
    structure analysis with nonnormal missing data. *Sociological Methodology* 30, 165-200.
    Brosseau-Liang, M.-E. & Savalei, V. (2019). Robust fit indices for nonnormal data.
    Sörbom, D. (1989). Model modification. *Psychometrika* 54, 371-384.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> f = rng.multivariate_normal([0, 0], [[1, .4], [.4, 1]], size=1000)
    >>> lam = np.array([[1, .8, .7, 0, 0, 0], [0, 0, 0, 1, .9, .6]])
    >>> items = pd.DataFrame(f @ lam + rng.normal(scale=.6, size=(1000, 6)),
    ...                      columns=["a1", "a2", "a3", "b1", "b2", "b3"])
    >>> res = cfa(items, "A =~ a1 + a2 + a3; B =~ b1 + b2 + b3")
    >>> res.to_frame().loc[:5, ["lhs", "op", "rhs", "est"]].round(2)
      lhs  op rhs   est
    0   A  =~  a1  1.00
    1   A  =~  a2  0.85
    2   A  =~  a3  0.71
    3   B  =~  b1  1.00
    4   B  =~  b2  0.93
    5   B  =~  b3  0.59
    >>> fm = res.fit_measures
    >>> fm[["df", "chisq", "pvalue", "cfi", "rmsea", "srmr"]].round(3).tolist()
    [8.0, 5.168, 0.739, 1.0, 0.0, 0.008]
    >>> res.modification_indices(sort=True).loc[:1, ["lhs", "op", "rhs", "mi"]].round(2)
      lhs  op rhs    mi
    0  a3  ~~  b1  2.51
    1  a2  ~~  b1  1.92
    """
    _check_options(estimator, missing, std_lv, group, group_equal, conf_level)
    spec = _specify(model, std_lv)
    with _blas_controller().limit(limits=1, user_api="blas"):  # small matrices: threads only cost time
        if group is None:
            fit = _fit_single(data, spec, estimator, conf_level)
        else:
            fit = _fit_groups(data, model, spec, std_lv, group, tuple(group_equal), conf_level)
    _warn_solution(fit)
    return CFAResult(
        estimates=fit.table, fit_measures=fit.measures, sample_cov=fit.sample_cov, implied_cov=fit.implied_cov,
        model=model, estimator=estimator, missing=missing, std_lv=std_lv, group=group,
        group_equal=tuple(group_equal), conf_level=conf_level, converged=fit.converged, n=fit.n,
        iterations=fit.iterations, _fitted=fit.fitted)


@dataclass(frozen=True, slots=True)
class _Fit:
    table: pd.DataFrame
    measures: pd.Series
    sample_cov: pd.DataFrame
    implied_cov: pd.DataFrame
    n: int
    converged: bool
    iterations: int
    fitted: _Fitted | None
    solutions: list  # (group label or None, structure, estimates) for the warnings


def _fit_single(data: pd.DataFrame, spec: _Spec, estimator: str, conf_level: float) -> _Fit:
    if estimator == "WLSMV":
        return _fit_ordered(data, spec, conf_level)
    st = _Structure(spec)
    df = st.p * (st.p + 1) // 2 - st.q
    _check_df(df, st.q, st.p)
    values = _data(data, spec)
    mean, sample = _covariance(values, spec)
    n = len(values)
    x, pt, converged, iterations = _minimise(st, sample)
    robust = _robust(st, x, pt, sample, values - mean, df) if estimator == "MLR" else None
    vcov = robust.vcov if robust is not None else _inverse(_expected(pt)) / n
    table = _table(st, x, np.sqrt(np.clip(np.diag(vcov), 0, None)), pt.sigma, conf_level)
    measures = _fit_measures([_Moments(n, sample, pt.sigma, None)], pt.f, st.q, robust)
    items = list(spec.items)
    return _Fit(table, measures, pd.DataFrame(sample, index=items, columns=items),
                pd.DataFrame(pt.sigma, index=items, columns=items), n, converged, iterations,
                _Fitted(st, x, sample, n), [(None, st, x)])


def _fit_ordered(data: pd.DataFrame, spec: _Spec, conf_level: float) -> _Fit:
    """WLSMV on the items as ordered categories (see :mod:`tdkt_eval.factor._cfa_wlsmv`)."""
    fit = _fit_wlsmv(_data(data, spec), spec, conf_level)
    items = list(spec.items)
    return _Fit(fit.table, fit.measures, pd.DataFrame(fit.sample.corr, index=items, columns=items),
                pd.DataFrame(fit.implied, index=items, columns=items), fit.sample.n, fit.converged, fit.iterations,
                None, [(None, *_shown(fit.structure, spec, fit.x))])


def _fit_groups(data: pd.DataFrame, model: str, spec: _Spec, std_lv: bool, group: str, equal: tuple[str, ...],
                conf_level: float) -> _Fit:
    free_spec = _specify(model, False) if std_lv else spec
    parts = _group_data(data, spec, group)
    structures = [_Structure(_group_spec(spec, free_spec, g, std_lv, equal)) for g in range(len(parts))]
    index, q = _shared_index(structures, equal)
    p = len(spec.items)
    _check_df(len(parts) * (p * (p + 1) // 2 + p) - q, q, p, len(parts))
    moments = [_covariance(values, spec) for _, values in parts]
    gr = _Groups(tuple(label for label, _ in parts), tuple(structures), tuple(index),
                 tuple(len(values) for _, values in parts), tuple(sample for _, sample in moments),
                 tuple(mean for mean, _ in moments), q)
    x, pt, converged, iterations = _minimise_groups(gr)
    n = sum(gr.ns)
    moments = [_Moments(ng, sample, sigma, mean - mu)
               for ng, sample, sigma, mean, mu in zip(gr.ns, gr.samples, pt.sigmas, gr.means, pt.mus)]
    items = list(spec.items)
    stacked = {label: pd.DataFrame(m, index=items, columns=items) for label, m in zip(gr.labels, gr.samples)}
    implied = {label: pd.DataFrame(m, index=items, columns=items) for label, m in zip(gr.labels, pt.sigmas)}
    return _Fit(_group_table(gr, x, pt, n, conf_level), _fit_measures(moments, pt.f, q, None),
                pd.concat(stacked, names=["group", "item"]), pd.concat(implied, names=["group", "item"]), n,
                converged, iterations, None,
                [(label, st, x[idx]) for label, st, idx in zip(gr.labels, gr.structures, gr.index)])


def _check_options(estimator: str, missing: str, std_lv: object, group: str | None, group_equal: object,
                   conf_level: object) -> None:
    _check_choice("cfa", "estimator", estimator, _ESTIMATORS)
    _check_choice("cfa", "missing", missing, _MISSING)
    if not isinstance(std_lv, bool):
        raise FactorAnalysisError(f"std_lv must be True or False; got {std_lv!r}.", fix="Pass std_lv=True or False.")
    check_conf_level(conf_level, "cfa")
    if isinstance(group_equal, str) or not set(group_equal) <= set(_EQUAL):
        raise FactorAnalysisError(
            f"group_equal must be a tuple of {_EQUAL}; got {group_equal!r}.",
            fix="Pass e.g. group_equal=('loadings',) for metric or ('loadings', 'intercepts') for scalar invariance.")
    if group is None and group_equal:
        raise FactorAnalysisError("group_equal needs group=: equality across groups needs groups.",
                                  fix="Name the group column with group=, or leave out group_equal.")
    if group is not None and estimator in ("MLR", "WLSMV"):
        raise FactorAnalysisError(f"estimator={estimator!r} is not available with group= yet.",
                                  fix="Use estimator='ML' for multi-group models.")


@cache
def _blas_controller() -> ThreadpoolController:
    """Found once: scanning the loaded BLAS libraries takes about a millisecond."""
    return ThreadpoolController()
