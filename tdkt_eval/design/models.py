"""Design-based generalised linear models (R survey's ``svyglm``).

The coefficients solve the weighted score equations ``sum_i w_i x_i (y_i - mu_i) mu'_i / V(mu_i) = 0``
(iteratively reweighted least squares, as R ``glm`` with prior weights).  Their covariance is the
sandwich ``A^-1 B A^-1``: ``A`` the weighted information ``X' W X`` and ``B`` the design-based
covariance of the score totals, computed by the design's Taylor-linearisation machinery from the
influence values ``x_i w_i mu'_i (y_i - mu_i) / V(mu_i) A^-1`` (R ``svy.varcoef``).  Rows with a
missing value in the model are a domain: they stay in the design with zero influence, and the
residual degrees of freedom are the design's (PSUs minus strata, counted where the rows are) plus
one minus the number of coefficients, as R's.

Quasi-families give the same estimates and standard errors as their likelihood families (the
design-based variance does not use the dispersion); they are the families to use for weighted
0/1 and count outcomes, whose weighted "successes" are not whole numbers.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_choice, check_conf_level, check_missing
from .._results import FrameResult
from ..errors import DataQualityWarning, DesignError, NotEstimableError
from .checks import rows_of, where

if TYPE_CHECKING:
    from .estimation import Design

__all__ = ["FAMILIES", "GLMResult", "fit_glm"]

Family = Literal["gaussian", "binomial", "quasibinomial", "poisson", "quasipoisson"]
FAMILIES = ("gaussian", "binomial", "quasibinomial", "poisson", "quasipoisson")
LINKS = {"gaussian": "identity", "binomial": "logit", "quasibinomial": "logit", "poisson": "log",
         "quasipoisson": "log"}
#: R's glm.control: stop when the deviance changes by less than 1e-8 of itself; from R's starting values
#: the iterations are R's, so the estimates are R's to rounding (further iterations move a logit
#: coefficient by about 1e-5 of itself).
EPSILON, MAX_ITER = 1e-8, 100


@dataclass(frozen=True, slots=True, kw_only=True)
class GLMResult(FrameResult):
    """A design-based GLM: one row per coefficient.

    Attributes
    ----------
    table : DataFrame
        term, estimate, se, statistic (t), p_value, ci_low, ci_high; for the logit and log links
        also ``exp_estimate``, ``exp_ci_low``, ``exp_ci_high`` (odds ratios or rate ratios).
    formula, family, link : str
    vcov : DataFrame
        The design-based covariance of the coefficients.
    df_residual : float
        Design degrees of freedom + 1 - coefficients (R ``svyglm``'s ``df.residual``): the t
        distribution of the tests and intervals.
    n : int
        Rows used (not missing).
    """

    table: pd.DataFrame
    formula: str
    family: str
    link: str
    vcov: pd.DataFrame
    df_residual: float
    n: int
    conf_level: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        ratio = {"logit": "odds ratio", "log": "rate ratio"}.get(self.link)
        lines = [f"Design-based GLM ({self.family}, {self.link} link): {self.formula}",
                 f"  n = {self.n}, residual df = {self.df_residual:g}, {self.conf_level:.0%} intervals"]
        for row in self.table.itertuples():
            text = (f"  {row.term}: {row.estimate:.6g} (SE {row.se:.4g}), t = {row.statistic:.3f}, "
                    f"p = {row.p_value:.3g}")
            if ratio:
                text += f"; {ratio} {row.exp_estimate:.4g} [{row.exp_ci_low:.4g}, {row.exp_ci_high:.4g}]"
            lines.append(text)
        return "\n".join(lines)


# ---- families ---------------------------------------------------------------------------------
def _inverse_link(link: str, eta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """mu and d mu / d eta."""
    if link == "identity":
        return eta, np.ones_like(eta)
    if link == "log":
        mu = np.exp(eta)
        return mu, mu
    mu = 1 / (1 + np.exp(-eta))                      # logit, as R's (clamped away from 0 and 1)
    tiny = np.finfo(float).eps
    mu = np.clip(mu, tiny, 1 - tiny)
    return mu, np.maximum(mu * (1 - mu), tiny)


def _variance_function(family: str, mu: np.ndarray) -> np.ndarray:
    if family == "gaussian":
        return np.ones_like(mu)
    if family in ("poisson", "quasipoisson"):
        return mu
    return mu * (1 - mu)


def _start(family: str, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """R's ``mustart``: y; (w y + 0.5) / (w + 1) for binomial; y + 0.1 for Poisson."""
    if family == "gaussian":
        return y.astype(float)
    if family in ("poisson", "quasipoisson"):
        return y + 0.1
    return (w * y + 0.5) / (w + 1)


def _link(link: str, mu: np.ndarray) -> np.ndarray:
    if link == "identity":
        return mu
    return np.log(mu) if link == "log" else np.log(mu / (1 - mu))


def _deviance(family: str, y, mu, w) -> float:
    if family == "gaussian":
        return float(np.sum(w * (y - mu) ** 2))
    if family in ("poisson", "quasipoisson"):
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(y > 0, y * np.log(y / mu), 0.0)
        return float(2 * np.sum(w * (term - (y - mu))))
    if _binary(y):                               # 0/1 outcome: the log-likelihood of the observed side
        return float(-2 * np.sum(w * np.log(np.where(y == 1, mu, 1 - mu))))
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(y > 0, y * np.log(y / mu), 0.0)
        b = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float(2 * np.sum(w * (a + b)))


def _binary(y: np.ndarray) -> bool:
    return bool(((y == 0) | (y == 1)).all())


def _irls(X: np.ndarray, y: np.ndarray, w: np.ndarray, family: str, link: str, start: np.ndarray | None = None):
    """R glm.fit's iterations: coefficients, final mu and d mu/d eta, the last working weights, convergence.

    As in R, the working weights (and so the information matrix) are those of the last iteration's
    start, one step behind the final coefficients; R's ``svyglm`` uses them, and so do we.
    """
    eta = _link(link, _start(family, y, w)) if start is None else X @ start   # R: mustart, or eta = X start
    mu, d = _inverse_link(link, eta)
    deviance = _deviance(family, y, mu, w)
    for _ in range(MAX_ITER):
        working = w * d**2 / _variance_function(family, mu)
        z = eta + (y - mu) / d
        weighted = X * working[:, None]            # normal equations: p is small, n is large
        beta = np.linalg.solve(weighted.T @ X, weighted.T @ z)
        eta = X @ beta
        mu, d = _inverse_link(link, eta)
        new_deviance = _deviance(family, y, mu, w)
        converged = abs(new_deviance - deviance) / (abs(new_deviance) + 0.1) < EPSILON
        deviance = new_deviance
        if converged:
            break
    return beta, mu, d, working, converged


# ---- the model ----------------------------------------------------------------------------------
def _matrices(design: Design, formula: str, missing: str):
    """Response, model matrix (patsy, R's treatment coding) and the rows used."""
    import patsy

    data = _plain(design.data.reset_index(drop=True))
    try:
        y, X = patsy.dmatrices(formula, data, return_type="dataframe", NA_action="drop", eval_env=0)
    except patsy.PatsyError as err:
        raise DesignError(f"The model formula '{formula}' cannot be used: {str(err).splitlines()[0]}",
                          fix="Write it as 'outcome ~ x1 + x2' with the data's column names; wrap "
                          "categorical columns in C(...), expressions in I(...).") from None
    used = np.zeros(len(data), bool)
    used[y.index.to_numpy()] = True
    if not used.all() and missing == "raise":
        raise DesignError(f"The model's columns have missing values ({where(~used)}).",
                          fix="Pass missing='drop' to fit on the complete rows (they are kept as a domain, "
                          "so the variance stays right), or impute them.", rows=rows_of(~used))
    true = [c for c in y.columns if c.endswith("[True]")]
    if y.shape[1] == 2 and true:                # patsy codes a True/False response as two indicators
        y = y[true]
    if y.shape[1] != 1:                         # a factor response becomes its indicators in patsy
        raise DesignError(f"The response of '{formula}' is not one numeric column ({', '.join(y.columns)}).",
                          fix="Give a 0/1 or numeric outcome, e.g. I(answer == 'Yes') ~ ...")
    return y.iloc[:, 0].to_numpy(float), X, used


def _plain(data: pd.DataFrame) -> pd.DataFrame:
    """pandas' nullable columns (Int64, boolean, string) as patsy reads them: floats with NaN, or objects."""
    converted = {}
    for name, column in data.items():
        if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) and not isinstance(column.dtype, pd.CategoricalDtype):
            numeric = pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype)
            converted[name] = column.astype("float64") if numeric else column.astype(object).where(column.notna(), None)
    return data.assign(**converted) if converted else data


def _check_outcome(y: np.ndarray, family: str) -> None:
    if np.ptp(y) == 0:
        raise NotEstimableError(f"The outcome is constant ({y[0]:g} in every row used): the model cannot "
                                "estimate anything.", fix="Check the outcome and the rows used (missing='drop' "
                                "leaves rows out).")
    if family in ("binomial", "quasibinomial") and ((y < 0) | (y > 1)).any():
        raise DesignError("A logistic model needs an outcome between 0 and 1.",
                          fix="Code the outcome 0/1, e.g. I(answer == 'Yes') ~ ...")
    if family in ("poisson", "quasipoisson") and (y < 0).any():
        raise DesignError("A Poisson model needs a count outcome (0 or more).", fix="Check the outcome.")


def fit_glm(design: Design, formula: str, family: Family = "gaussian", *, missing: str = "raise",
            conf_level: float = 0.95) -> GLMResult:
    """See :meth:`tdkt_eval.Design.glm`."""
    check_choice(family, "family", FAMILIES)
    check_conf_level(conf_level, "Design.glm")
    missing = check_missing(missing, ("raise", "drop"), "Design.glm")
    y, X, used = _matrices(design, formula, missing)
    _check_outcome(y, family)
    link = LINKS[family]
    names = list(X.columns)
    X = X.to_numpy(float)
    rank = np.linalg.matrix_rank(X.T @ X)
    if rank < X.shape[1]:
        raise DesignError(f"The model's columns are collinear (rank {rank} of {X.shape[1]}): {', '.join(names)}.",
                          fix="Leave out a column that repeats the others (a category with no rows, or a "
                          "column that equals a sum of others).")
    w_all = design._w
    w = w_all[used] / w_all[used].mean()       # R's rescaled weights; the estimates do not depend on it
    beta, mu, d, working, converged = _irls(X, y, w, family, link)
    if not converged:
        warnings.warn(f"The model '{formula}' did not converge in {MAX_ITER} iterations; its estimates are "
                      "unreliable.", DataQualityWarning, stacklevel=3)
    if link == "logit" and ((mu < 1e-8) | (mu > 1 - 1e-8)).any():
        warnings.warn("Fitted probabilities numerically 0 or 1 occurred: the outcome is (nearly) separated by "
                      "the predictors, so some odds ratios are unbounded and their intervals meaningless.",
                      DataQualityWarning, stacklevel=3)
    if hasattr(design, "_reps"):               # a replicate design: refit with each replicate's weights
        vcov = _replicate_vcov(design, X, y, used, family, link, beta)
    else:
        a_inv = np.linalg.inv(X.T @ (X * working[:, None]))
        scores = X * (working * (y - mu) / d)[:, None]   # R: model matrix × working residual × working weight
        influence = np.zeros((len(used), X.shape[1]))
        influence[used] = scores @ a_inv
        vcov = design._covariance(influence)
    df_residual = float(design._degf_where(used) + 1 - X.shape[1])
    if df_residual <= 0:
        raise NotEstimableError(f"The design has too few PSUs for {X.shape[1]} coefficients (residual "
                                f"degrees of freedom {df_residual:g}).",
                                fix="Use fewer predictors, or a design with more PSUs.")
    return _result(formula, family, link, names, beta, vcov, df_residual, int(used.sum()), conf_level)


def _replicate_vcov(design, X, y, used, family, link, beta) -> np.ndarray:
    """R ``svyglm`` on a replicate design: each replicate refitted from the full estimate, weights summing to 1."""
    betas = np.empty((design.n_replicates, X.shape[1]))
    for r in range(design.n_replicates):
        weights = design._reps[used, r]
        betas[r] = _irls(X, y, weights / weights.sum(), family, link, start=beta)[0]
    return design._variance_of(beta, betas)


def _result(formula, family, link, names, beta, vcov, df_residual, n, conf_level) -> GLMResult:
    se = np.sqrt(np.diag(vcov))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / se
    p = 2 * stats.t.sf(np.abs(t), df_residual)
    q = stats.t.ppf(0.5 + conf_level / 2, df_residual)
    table = pd.DataFrame({"term": names, "estimate": beta, "se": se, "statistic": t, "p_value": p,
                          "ci_low": beta - q * se, "ci_high": beta + q * se})
    if link in ("logit", "log"):
        table = table.assign(exp_estimate=np.exp(beta), exp_ci_low=np.exp(table["ci_low"]),
                             exp_ci_high=np.exp(table["ci_high"]))
    return GLMResult(table=table, formula=formula, family=family, link=link,
                     vcov=pd.DataFrame(vcov, index=names, columns=names), df_residual=df_residual, n=n,
                     conf_level=conf_level)
