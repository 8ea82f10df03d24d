"""Modification indices of a single-group CFA (Sörbom's score tests, as ``lavaan::modindices``),
with the expected parameter changes and their standardised versions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._cfa_fit import _expected, _point, _Structure
from ._cfa_syntax import _LOAD, _PHI, _THETA, _Row, _Spec

@dataclass(frozen=True, slots=True)
class _Fitted:
    """What :meth:`CFAResult.modification_indices` needs: the structure, the estimates, S and N."""

    structure: _Structure
    x: np.ndarray
    sample: np.ndarray
    n: int


def _modindices(fit: _Fitted) -> pd.DataFrame:
    """Score tests for every fixed loading, residual covariance and factor covariance (lavaan::modindices)."""
    candidates = _candidates(fit.structure.spec)
    mi, epc, sigma = _score_tests(fit, candidates)
    lv_scale, all_scale = _epc_scales(fit.structure, fit.x, sigma, candidates)
    table = pd.DataFrame({"lhs": [r.lhs for r in candidates], "op": [r.op for r in candidates],
                          "rhs": [r.rhs for r in candidates], "mi": mi, "epc": epc,
                          "sepc_lv": epc * lv_scale, "sepc_all": epc * all_scale})
    return table[table["mi"].notna()].reset_index(drop=True)


def _candidates(spec: _Spec) -> list[_Row]:
    """lavaan's order: the model's fixed parameters, then the loadings and residual covariances not in it."""
    have = {(r.kind, min(r.r, r.c), max(r.r, r.c)) if r.kind == _THETA else (r.kind, r.r, r.c) for r in spec.rows}
    out = [_Row(r.lhs, r.op, r.rhs, r.kind, r.r, r.c, True, 0.0) for r in spec.rows if not r.free]
    out += [_Row(f, "=~", item, _LOAD, a, k, True, 0.0) for k, f in enumerate(spec.factors)
            for a, item in enumerate(spec.items) if (_LOAD, a, k) not in have]
    p = len(spec.items)
    out += [_Row(spec.items[a], "~~", spec.items[b], _THETA, a, b, True, 0.0) for a in range(p)
            for b in range(a + 1, p) if (_THETA, a, b) not in have]
    return out


def _score_tests(fit: _Fitted, candidates: list[_Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """mi = N g^2 / v and epc = -g / v, v = I22 - I21 I11^-1 I12 (NaN where v vanishes), and Sigma."""
    st = fit.structure
    spec = st.spec
    wide = _Structure(_Spec(spec.items, spec.factors, tuple([r for r in spec.rows if r.free] + candidates)))
    lam, phi, th = st.matrices(fit.x)
    x_wide = np.concatenate([fit.x, [(lam, phi, th)[r.kind][r.r, r.c] for r in candidates]])
    pt = _point(wide, fit.sample, np.linalg.slogdet(fit.sample)[1], x_wide)
    info, q = _expected(pt), st.q
    i12 = info[:q, q:]
    v = np.diag(info)[q:] - np.einsum("ij,ij->j", i12, np.linalg.solve(info[:q, :q], i12))
    v = np.where(v < np.sqrt(np.finfo(float).eps), np.nan, v)
    grad = pt.grad[q:]
    return fit.n * grad ** 2 / v, -grad / v, pt.sigma


def _epc_scales(st: _Structure, x: np.ndarray, sigma: np.ndarray, rows: list[_Row]) -> tuple[np.ndarray, np.ndarray]:
    """What turns an expected parameter change into its std.lv and std.all versions."""
    _, phi, th = st.matrices(x)
    sd_lv, sd_ov, sd_res = np.sqrt(np.abs(np.diag(phi))), np.sqrt(np.diag(sigma)), np.sqrt(np.abs(np.diag(th)))
    lv, al = [], []
    for r in rows:
        if r.kind == _LOAD:
            lv.append(sd_lv[r.c])
            al.append(sd_lv[r.c] / sd_ov[r.r])
        elif r.kind == _PHI:
            lv.append(1 / (sd_lv[r.r] * sd_lv[r.c]))
            al.append(lv[-1])
        else:
            lv.append(1.0)
            al.append(1 / (sd_res[r.r] * sd_res[r.c]) if r.r != r.c else 1 / sd_ov[r.r] ** 2)
    return np.array(lv), np.array(al)
