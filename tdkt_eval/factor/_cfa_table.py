"""The parameter table of a CFA fit: estimates, Wald tests and intervals, std.lv and std.all."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ._cfa_fit import _Structure
from ._cfa_syntax import _ALPHA, _LOAD, _NU, _PHI

def _standardised(st: _Structure, x: np.ndarray, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """std.lv and std.all of every row of the parameter table."""
    lam, phi, th = st.matrices(x)
    nu, alpha = st.means(x)
    sd_lv = np.sqrt(np.abs(np.diag(phi)))
    sd_ov = np.sqrt(np.diag(sigma))
    sd_res = np.sqrt(np.abs(np.diag(th)))
    lv, al = [], []
    for row in st.spec.rows:
        if row.kind == _LOAD:
            est = lam[row.r, row.c]
            lv.append(est * sd_lv[row.c])
            al.append(est * sd_lv[row.c] / sd_ov[row.r])
        elif row.kind == _PHI:
            value = phi[row.r, row.c] / (sd_lv[row.r] * sd_lv[row.c])
            lv.append(value)
            al.append(value)
        elif row.kind == _NU:
            lv.append(nu[row.r])
            al.append(nu[row.r] / sd_ov[row.r])
        elif row.kind == _ALPHA:
            lv.append(alpha[row.r] / sd_lv[row.r])
            al.append(alpha[row.r] / sd_lv[row.r])
        else:
            est = th[row.r, row.c]
            lv.append(est)
            scale = sd_ov[row.r] ** 2 if row.r == row.c else sd_res[row.r] * sd_res[row.c]
            al.append(est / scale)
    return np.array(lv), np.array(al)


def _estimates(st: _Structure, x: np.ndarray) -> np.ndarray:
    """The value of every row of the parameter table, free or fixed."""
    lam, phi, th = st.matrices(x)
    nu, alpha = st.means(x)
    return np.array([nu[row.r] if row.kind == _NU else alpha[row.r] if row.kind == _ALPHA
                     else (lam, phi, th)[row.kind][row.r, row.c] for row in st.spec.rows])


def _table(st: _Structure, x: np.ndarray, se_free: np.ndarray, sigma: np.ndarray, conf_level: float) -> pd.DataFrame:
    est = _estimates(st, x)
    free = np.array([row.free for row in st.spec.rows])
    se = np.zeros(len(est))
    se[free] = se_free
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(free, est / se, np.nan)
    std_lv, std_all = _standardised(st, x, sigma)
    crit = stats.norm.ppf(0.5 + conf_level / 2)
    return pd.DataFrame({
        "lhs": [row.lhs for row in st.spec.rows], "op": [row.op for row in st.spec.rows],
        "rhs": [row.rhs for row in st.spec.rows], "est": est, "se": se, "z": z,
        "pvalue": 2 * stats.norm.sf(np.abs(z)), "ci_lower": est - crit * se, "ci_upper": est + crit * se,
        "std_lv": std_lv, "std_all": std_all})
