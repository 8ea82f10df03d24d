"""Fit measures of a CFA, as lavaan's ``fitMeasures``: chi-square and the baseline model, CFI,
TLI, RMSEA with its interval, SRMR, log-likelihood and information criteria, and with MLR the
scaled and robust versions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ._cfa_fit import _Robust

def _rmsea_ci(chisq: float, df: int, n: int, c_hat: float = 1.0, level: float = 0.90,
              groups: int = 1) -> tuple[float, float]:
    """lavaan's interval: the noncentralities at which ``chisq`` is the upper/lower quantile."""
    if df < 1:
        return np.nan, np.nan
    upper_p, lower_p = 1 - (1 - level) / 2, (1 - level) / 2

    def cdf(lam: float) -> float:
        return special.chndtr(chisq, df, max(lam, 0.0))

    lower = 0.0
    if cdf(0) >= upper_p:
        lam = optimize.brentq(lambda v: cdf(v) - upper_p, 0, chisq, xtol=1e-14, rtol=1e-15)
        lower = np.sqrt(c_hat * lam / (n * df) * groups)
    top = max(n, 4 * chisq)
    upper = 0.0
    if not (cdf(top) > lower_p or cdf(0) < lower_p):
        lam = optimize.brentq(lambda v: cdf(v) - lower_p, 0, top, xtol=1e-14, rtol=1e-15)
        upper = np.sqrt(c_hat * lam / (n * df) * groups)
    return lower, upper


def _cfi(chisq: float, df: int, null: float, df_null: int, c: float = 1.0, c_null: float = 1.0) -> float:
    t1 = max(chisq - c * df, 0.0)
    t2 = max(chisq - c * df, null - c_null * df_null, 0.0)
    return 1.0 if t2 == 0 else 1 - t1 / t2


def _tli(chisq: float, df: int, null: float, df_null: int, c: float = 1.0, c_null: float = 1.0) -> float:
    t2 = (null - c_null * df_null) * df
    return 1 - (chisq - c * df) * df_null / t2 if df > 0 and t2 != 0 else 1.0


@dataclass(frozen=True, slots=True)
class _Moments:
    """One group's sample moments beside the model's: what the fit measures need."""

    n: int
    sample: np.ndarray
    sigma: np.ndarray
    mean_resid: np.ndarray | None  # mean minus mu with a mean structure (multi-group), else None


def _srmr(part: _Moments) -> float:
    """Bentler's SRMR: residuals scaled by the sample SDs, over the variances, covariances (and means)."""
    sd = np.sqrt(np.diag(part.sample))
    resid = (part.sample - part.sigma) / np.outer(sd, sd)
    squares = resid[np.tril_indices(len(sd))] ** 2
    if part.mean_resid is not None:
        squares = np.concatenate([squares, (part.mean_resid / sd) ** 2])
    return float(np.sqrt(squares.mean()))


def _fit_measures(parts: list[_Moments], fmin: float, q: int, robust: _Robust | None) -> pd.Series:
    n, groups, p = sum(part.n for part in parts), len(parts), len(parts[0].sample)
    df = groups * (p * (p + 1) // 2 + (p if parts[0].mean_resid is not None else 0)) - q
    chisq = 2 * n * fmin
    logdets = [np.linalg.slogdet(part.sample)[1] for part in parts]
    null = sum(part.n * (np.log(np.diag(part.sample)).sum() - ld) for part, ld in zip(parts, logdets))
    df_null = groups * p * (p - 1) // 2
    logl_h1 = sum(-part.n / 2 * (p * np.log(2 * np.pi) + ld + p) for part, ld in zip(parts, logdets))
    logl = logl_h1 - chisq / 2
    rmsea = np.sqrt(max(chisq / n / df - 1 / n, 0.0) * groups) if df > 0 else 0.0
    lower, upper = _rmsea_ci(chisq, df, n, groups=groups)
    out = {
        "npar": q, "fmin": fmin, "chisq": chisq, "df": df, "pvalue": stats.chi2.sf(chisq, df) if df > 0 else np.nan,
        "baseline_chisq": null, "baseline_df": df_null, "baseline_pvalue": stats.chi2.sf(null, df_null),
        "cfi": _cfi(chisq, df, null, df_null), "tli": _tli(chisq, df, null, df_null),
        "logl": logl, "unrestricted_logl": logl_h1, "aic": -2 * logl + 2 * q, "bic": -2 * logl + q * np.log(n),
        "bic2": -2 * logl + q * np.log((n + 2) / 24), "ntotal": n,
        "rmsea": rmsea, "rmsea_ci_lower": lower, "rmsea_ci_upper": upper,
        "rmsea_pvalue": stats.ncx2.sf(chisq, df, n * df * 0.05 ** 2 / groups) if df > 0 else np.nan,
        "srmr": sum(part.n * _srmr(part) for part in parts) / n,
    }
    if robust is not None:
        out.update(_robust_measures(chisq, df, null, df_null, n, robust))
    return pd.Series(out, name="value", dtype=float)


def _robust_measures(chisq: float, df: int, null: float, df_null: int, n: int, rb: _Robust) -> dict:
    c, c0 = rb.scaling, rb.scaling_null
    scaled, null_scaled = chisq / c, null / c0
    lower, upper = _rmsea_ci(scaled, df, n, c_hat=c)
    return {
        "chisq_scaled": scaled, "pvalue_scaled": stats.chi2.sf(scaled, df), "chisq_scaling_factor": c,
        "baseline_chisq_scaled": null_scaled, "baseline_pvalue_scaled": stats.chi2.sf(null_scaled, df_null),
        "baseline_chisq_scaling_factor": c0,
        "cfi_scaled": _cfi(scaled, df, null_scaled, df_null), "tli_scaled": _tli(scaled, df, null_scaled, df_null),
        "cfi_robust": _cfi(chisq, df, null, df_null, c, c0), "tli_robust": _tli(chisq, df, null, df_null, c, c0),
        "rmsea_robust": np.sqrt(max(chisq / n / df - c / n, 0.0)),
        "rmsea_ci_lower_robust": lower, "rmsea_ci_upper_robust": upper,
        "rmsea_pvalue_robust": stats.ncx2.sf(scaled, df, n * df / c * 0.05 ** 2),
    }
