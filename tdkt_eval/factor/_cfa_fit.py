"""The maximum-likelihood core of :func:`tdkt_eval.factor.cfa.cfa`.

:class:`_Structure` lays the free parameters out in Lambda, Phi, Theta (and the intercepts and
factor means) and gives Sigma's derivatives; lavaan's fmin with its analytic gradient, the expected
and observed information; start values; the scoring/Newton optimiser and the single-group fit; the
case-wise scores and the MLR sandwich with the Yuan-Bentler scaling factors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg

from .._messages import Text
from ..errors import FactorAnalysisError
from ._cfa_syntax import _ALPHA, _LOAD, _NU, _PHI, _THETA, _Spec

_MAX_ITER = 500
_GRAD_TOL = 1e-13


# --------------------------------------------------------------------------- the structure
class _Structure:
    """The free and fixed parameters laid out in Lambda, Phi and Theta; Sigma and its derivatives."""

    def __init__(self, spec: _Spec) -> None:
        self.spec = spec
        self.p, self.m = len(spec.items), len(spec.factors)
        self.lam0 = np.zeros((self.p, self.m))
        self.phi0 = np.zeros((self.m, self.m))
        self.th0 = np.zeros((self.p, self.p))
        self.nu0, self.alpha0 = np.zeros(self.p), np.zeros(self.m)
        for row in spec.rows:
            if not row.free:
                self._put(row.kind, row.r, row.c, row.value)
        free = [row for row in spec.rows if row.free]
        self.kind = np.array([row.kind for row in free], dtype=int)
        self.r = np.array([row.r for row in free], dtype=int)
        self.c = np.array([row.c for row in free], dtype=int)
        self.q = len(free)

    def _put(self, kind: int, r: int, c: int, value: float) -> None:
        if kind in (_NU, _ALPHA):
            (self.nu0 if kind == _NU else self.alpha0)[r] = value
            return
        target = (self.lam0, self.phi0, self.th0)[kind]
        target[r, c] = value
        if kind != _LOAD:
            target[c, r] = value

    def matrices(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lam, phi, th = self.lam0.copy(), self.phi0.copy(), self.th0.copy()
        for kind, target in ((_LOAD, lam), (_PHI, phi), (_THETA, th)):
            sel = self.kind == kind
            target[self.r[sel], self.c[sel]] = x[sel]
            if kind != _LOAD:
                target[self.c[sel], self.r[sel]] = x[sel]
        return lam, phi, th

    def means(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Item intercepts and factor means (the mean structure of a multi-group model)."""
        nu, alpha = self.nu0.copy(), self.alpha0.copy()
        nu[self.r[self.kind == _NU]] = x[self.kind == _NU]
        alpha[self.r[self.kind == _ALPHA]] = x[self.kind == _ALPHA]
        return nu, alpha

    def dmu(self, lam: np.ndarray, alpha: np.ndarray) -> np.ndarray:
        """``d mu / d theta_i`` for every free parameter, shape (q, p), with ``mu = nu + Lambda alpha``."""
        d = np.zeros((self.q, self.p))
        sel = np.flatnonzero(self.kind == _LOAD)
        d[sel, self.r[sel]] = alpha[self.c[sel]]
        sel = np.flatnonzero(self.kind == _NU)
        d[sel, self.r[sel]] = 1.0
        sel = np.flatnonzero(self.kind == _ALPHA)
        d[sel] = lam[:, self.r[sel]].T
        return d

    def dsigma(self, lam: np.ndarray, phi: np.ndarray) -> np.ndarray:
        """``d Sigma / d theta_i`` for every free parameter, shape (q, p, p)."""
        d = np.zeros((self.q, self.p, self.p))
        sel = np.flatnonzero(self.kind == _LOAD)
        cols = (lam @ phi)[:, self.c[sel]].T
        d[sel, self.r[sel], :] += cols
        d[sel, :, self.r[sel]] += cols
        sel = np.flatnonzero(self.kind == _PHI)
        outer = lam[:, self.r[sel]].T[:, :, None] * lam[:, self.c[sel]].T[:, None, :]
        d[sel] = np.where((self.r[sel] == self.c[sel])[:, None, None], outer, outer + outer.transpose(0, 2, 1))
        sel = np.flatnonzero(self.kind == _THETA)
        d[sel, self.r[sel], self.c[sel]] = 1.0
        d[sel, self.c[sel], self.r[sel]] = 1.0
        return d

    def curvature(self, lam: np.ndarray, phi: np.ndarray, g: np.ndarray) -> np.ndarray:
        """``sum_ab G_ab d2 Sigma_ab / d theta_i d theta_j``: the part of the Hessian from Sigma's curvature."""
        out = np.zeros((self.q, self.q))
        li, pj = np.flatnonzero(self.kind == _LOAD), np.flatnonzero(self.kind == _PHI)
        a, k = self.r[li], self.c[li]
        out[np.ix_(li, li)] = 2 * g[np.ix_(a, a)] * phi[np.ix_(k, k)]
        gl = g @ lam
        s, t = self.r[pj], self.c[pj]
        block = gl[np.ix_(a, s)] * (k[:, None] == t) + gl[np.ix_(a, t)] * (k[:, None] == s)
        block = 2 * block * np.where(s == t, 0.5, 1.0)
        out[np.ix_(li, pj)] = block
        out[np.ix_(pj, li)] = block.T
        return out


# --------------------------------------------------------------------------- the ML fit
@dataclass(frozen=True, slots=True)
class _Point:
    """Sigma and what follows from it at one parameter vector."""

    f: float
    sigma: np.ndarray
    inv: np.ndarray
    grad: np.ndarray
    d: np.ndarray
    a: np.ndarray  # Sigma^-1 d


def _fmin(sample: np.ndarray, logdet_s: float, sigma: np.ndarray) -> tuple[float, np.ndarray | None]:
    try:
        chol = linalg.cho_factor(sigma, lower=True)
    except linalg.LinAlgError:
        return np.inf, None
    inv = linalg.cho_solve(chol, np.eye(len(sigma)))
    logdet = 2 * np.log(np.diag(chol[0])).sum()
    return 0.5 * (logdet + np.einsum("ij,ji->", sample, inv) - logdet_s - len(sigma)), inv


def _point(st: _Structure, sample: np.ndarray, logdet_s: float, x: np.ndarray) -> _Point | None:
    lam, phi, th = st.matrices(x)
    sigma = lam @ phi @ lam.T + th
    f, inv = _fmin(sample, logdet_s, sigma)
    if inv is None:
        return None
    d = st.dsigma(lam, phi)
    g = 0.5 * inv @ (sigma - sample) @ inv
    return _Point(f, sigma, inv, d.reshape(st.q, -1) @ g.ravel(), d, inv @ d)


def _expected(pt: _Point) -> np.ndarray:
    q = len(pt.a)
    return 0.5 * pt.a.reshape(q, -1) @ pt.a.transpose(0, 2, 1).reshape(q, -1).T


def _observed(st: _Structure, sample: np.ndarray, x: np.ndarray, pt: _Point) -> np.ndarray:
    """The Hessian of lavaan's fmin (the observed information per case)."""
    q = st.q
    ac = pt.a @ (pt.inv @ sample)
    t = pt.a.reshape(q, -1) @ ac.transpose(0, 2, 1).reshape(q, -1).T
    lam, phi, _ = st.matrices(x)
    g = 0.5 * pt.inv @ (pt.sigma - sample) @ pt.inv
    return -_expected(pt) + 0.5 * (t + t.T) + st.curvature(lam, phi, g)


def _start(st: _Structure, sample: np.ndarray) -> np.ndarray:
    """Start values: one-factor principal axes per factor, least-squares factor covariances."""
    lam, phi, th = st.lam0.copy(), st.phi0.copy(), st.th0.copy()
    free_load = np.zeros_like(lam, dtype=bool)
    free_load[st.r[st.kind == _LOAD], st.c[st.kind == _LOAD]] = True
    for k in range(st.m):
        idx = np.flatnonzero(free_load[:, k] | (lam[:, k] != 0))
        values, vectors = np.linalg.eigh(sample[np.ix_(idx, idx)])
        v = vectors[:, -1] * np.sqrt(max(values[-1], 1e-8))
        v = v if v[list(idx).index(_first_item(st, k))] >= 0 else -v  # as lavaan: the first item loads positively
        fixed = np.flatnonzero(~free_load[idx, k] & (lam[idx, k] != 0))
        scale = v[fixed[0]] / lam[idx[fixed[0]], k] if fixed.size and abs(v[fixed[0]]) > 1e-8 else 1.0
        lam[idx, k] = np.where(free_load[idx, k], v / scale, lam[idx, k])
        if _is_free(st, _PHI, k, k):
            phi[k, k] = scale ** 2
    for k in range(st.m):
        for m in range(k + 1, st.m):
            if _is_free(st, _PHI, k, m):
                w = np.outer(lam[:, k], lam[:, m])
                cov = (w * sample).sum() / max((w * w).sum(), 1e-12)
                bound = 0.9 * np.sqrt(phi[k, k] * phi[m, m])
                phi[k, m] = phi[m, k] = np.clip(cov, -bound, bound)
    common = np.einsum("ik,kl,il->i", lam, phi, lam)
    s = np.diag(sample)
    th[np.diag_indices(st.p)] = np.where(_free_diag(st), np.clip(s - common, 0.1 * s, 0.9 * s), np.diag(th))
    return _pack(st, lam, phi, th)


def _start_fabin(st: _Structure, sample: np.ndarray) -> np.ndarray:
    """lavaan-like start values: FABIN3 loadings (Hägglund, 1982), factor variances 0.05, covariances 0,
    residual variances half the item variances."""
    lam, phi, th = st.lam0.copy(), st.phi0.copy(), st.th0.copy()
    for k in range(st.m):
        items = [row.r for row in st.spec.rows if row.kind == _LOAD and row.c == k]
        for j in items[1:]:
            z = [i for i in items[1:] if i != j]
            if _is_free(st, _LOAD, j, k):
                lam[j, k] = _fabin3(sample, items[0], j, z) * (np.sqrt(0.5 * sample[items[0], items[0]])
                                                               if st.lam0[items[0], k] == 0 else 1.0)
        if _is_free(st, _LOAD, items[0], k):
            lam[items[0], k] = np.sqrt(0.5 * sample[items[0], items[0]])
        if _is_free(st, _PHI, k, k):
            phi[k, k] = 0.05
    for k in range(st.m):
        for m in range(k + 1, st.m):
            if _is_free(st, _PHI, k, m):
                phi[k, m] = phi[m, k] = 0.0
    th[np.diag_indices(st.p)] = np.where(_free_diag(st), 0.5 * np.diag(sample), np.diag(th))
    return _pack(st, lam, phi, th)


def _fabin3(sample: np.ndarray, marker: int, j: int, z: list[int]) -> float:
    """Item j's loading relative to the marker's, by instrumental variables (the factor's other items)."""
    if not z:
        return 1.0
    szz = sample[np.ix_(z, z)]
    s1z, sjz = sample[marker, z], sample[j, z]
    weights = np.linalg.lstsq(szz, s1z, rcond=None)[0]
    denominator = weights @ s1z
    return float(weights @ sjz / denominator) if abs(denominator) > 1e-12 else 1.0


def _pack(st: _Structure, lam: np.ndarray, phi: np.ndarray, th: np.ndarray) -> np.ndarray:
    """The free parameters read from the matrices (residual covariances start at 0)."""
    x = np.empty(st.q)
    for kind, target in ((_LOAD, lam), (_PHI, phi), (_THETA, th)):
        sel = st.kind == kind
        x[sel] = target[st.r[sel], st.c[sel]]
    x[(st.kind == _THETA) & (st.r != st.c)] = 0.0
    return x


def _first_item(st: _Structure, k: int) -> int:
    return next(row.r for row in st.spec.rows if row.kind == _LOAD and row.c == k)


def _start_means(st: _Structure, sample: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Start values with a mean structure: intercepts at the item means, factor means 0."""
    keep = (st.kind != _NU) & (st.kind != _ALPHA)
    covariance_part = _Structure(_Spec(st.spec.items, st.spec.factors,
                                       tuple(r for r in st.spec.rows if r.kind not in (_NU, _ALPHA))))
    x = np.zeros(st.q)
    x[keep] = _start(covariance_part, sample)
    x[st.kind == _NU] = mean[st.r[st.kind == _NU]]
    return x


def _is_free(st: _Structure, kind: int, r: int, c: int) -> bool:
    return bool(np.any((st.kind == kind) & (((st.r == r) & (st.c == c)) | ((st.r == c) & (st.c == r)))))


def _free_diag(st: _Structure) -> np.ndarray:
    out = np.zeros(st.p, dtype=bool)
    sel = (st.kind == _THETA) & (st.r == st.c)
    out[st.r[sel]] = True
    return out


def _minimise(st: _Structure, sample: np.ndarray) -> tuple[np.ndarray, _Point, bool, int]:
    """The single-group ML fit: :func:`_optimise` with the analytic Hessian, from principal-axis start
    values; should that not converge, from lavaan-like and then from plain start values (the best fit wins)."""
    logdet_s = np.linalg.slogdet(sample)[1]

    def evaluate(x: np.ndarray) -> _Point | None:
        return _point(st, sample, logdet_s, x)

    best, used = None, 0
    for start in (_start, _start_fabin, _start_safe):
        x = start(st, sample)
        pt = evaluate(x)
        if pt is None:
            continue
        if best is None:
            _check_identified(_expected(pt))
        fit = _optimise(x, pt, evaluate, _expected, lambda v, point: _observed(st, sample, v, point))
        used += fit[3]
        if best is None or (fit[2], -fit[1].f) > (best[2], -best[1].f):
            best = fit
        if best[2]:
            break
    if best is None:
        raise no_start_values(groups=False)
    return best[0], best[1], best[2], used


def no_start_values(*, groups: bool) -> FactorAnalysisError:
    """No start values give a positive definite implied covariance matrix (in every group)."""
    return FactorAnalysisError(
        Text("cfa found no start values with positive definite implied covariance matrices.",
             "cfa không tìm được giá trị khởi đầu cho ma trận hiệp phương sai xác định dương."),
        fix=Text("Check the model, or fit each group on its own first." if groups else
                 "Check the model: are the items' signs and the fixed values plausible?",
                 "Kiểm tra lại mô hình, hoặc ước lượng riêng từng nhóm trước." if groups else
                 "Kiểm tra lại mô hình: dấu của các câu và các giá trị cố định có hợp lý không?"))


def _optimise(x: np.ndarray, pt, evaluate, expected, observed,
              solve=np.linalg.solve) -> tuple[np.ndarray, object, bool, int]:
    """Fisher scoring, then Newton steps once the gradient is small, each with a backtracking line search.

    ``evaluate(x)`` gives a point with ``f`` and ``grad`` (None where Sigma is not positive definite);
    ``expected(point)`` and ``observed(x, point)`` the expected information and the Hessian;
    ``solve(matrix, vector)`` solves with either (raising LinAlgError where it cannot).
    """
    newton = False
    for it in range(1, _MAX_ITER + 1):
        info = observed(x, pt) if newton else expected(pt)
        try:
            step = solve(info, pt.grad)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(info, pt.grad, rcond=None)[0]
        if newton and pt.grad @ step <= 0:  # Hessian not positive definite here: back to scoring
            newton, step = False, solve(expected(pt), pt.grad)
        new, t = None, 1.0
        for _ in range(40):
            new = evaluate(x - t * step)
            if new is not None and new.f <= pt.f - 1e-4 * t * abs(pt.grad @ step) + 1e-15:
                break
            t, new = t / 2, None
        if new is None:
            return x, pt, np.abs(pt.grad).max() < 1e-8, it
        x, pt = x - t * step, new
        if np.abs(pt.grad).max() < 1e-6:
            newton = True
        if np.abs(pt.grad).max() < _GRAD_TOL or (newton and np.abs(t * step).max() < 1e-14):
            return x, pt, True, it
    return x, pt, np.abs(pt.grad).max() < 1e-8, _MAX_ITER


def _start_safe(st: _Structure, sample: np.ndarray) -> np.ndarray:
    """Last start (lavaan's "simple"): free loadings 1, factor variances 0.05, half the item variances."""
    x = np.zeros(st.q)
    x[st.kind == _LOAD] = 1.0
    x[(st.kind == _PHI) & (st.r == st.c)] = 0.05
    diag = (st.kind == _THETA) & (st.r == st.c)
    x[diag] = 0.5 * np.diag(sample)[st.r[diag]]
    return x


def _check_identified(info: np.ndarray) -> None:
    values = np.linalg.eigvalsh(info)
    if values[0] <= 1e-10 * max(values[-1], 1e-300):
        raise FactorAnalysisError(
            Text("The model is not identified: its information matrix is singular, so some parameters "
                 "cannot be told apart (a factor with one item, or a loading freed without fixing the "
                 "factor's variance).",
                 "Mô hình không xác định được: ma trận thông tin suy biến, nên một số tham số không phân biệt "
                 "được (nhân tố chỉ có một câu, hoặc hệ số tải được giải phóng mà không cố định phương sai)."),
            fix=Text("Give each factor at least two items (three for a factor on its own) and fix either its "
                     "first loading or its variance (std_lv=True).",
                     "Mỗi nhân tố cần ít nhất hai câu (ba câu nếu chỉ có một nhân tố) và cố định hệ số tải đầu "
                     "tiên hoặc phương sai của nó (std_lv=True)."))


# --------------------------------------------------------------------------- robust (MLR)
def _scores(st: _Structure, x: np.ndarray, centred: np.ndarray, inv: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Case-wise scores of the log-likelihood, ``(e' Sigma_i e - tr(Sigma^-1 Sigma_i)) / 2`` with ``e = Sigma^-1 d``."""
    lam, phi, _ = st.matrices(x)
    e = centred @ inv
    out = np.empty((len(centred), st.q))
    sel = st.kind == _LOAD
    out[:, sel] = 2 * e[:, st.r[sel]] * (e @ (lam @ phi))[:, st.c[sel]]
    sel = st.kind == _PHI
    el = e @ lam
    out[:, sel] = el[:, st.r[sel]] * el[:, st.c[sel]] * np.where(st.r[sel] == st.c[sel], 1.0, 2.0)
    sel = st.kind == _THETA
    out[:, sel] = e[:, st.r[sel]] * e[:, st.c[sel]] * np.where(st.r[sel] == st.c[sel], 1.0, 2.0)
    return 0.5 * (out - d.reshape(st.q, -1) @ inv.ravel())


@dataclass(frozen=True, slots=True)
class _Robust:
    vcov: np.ndarray
    scaling: float
    scaling_null: float


def _robust(st: _Structure, x: np.ndarray, pt: _Point, sample: np.ndarray, centred: np.ndarray,
            df: int) -> _Robust:
    n, p = centred.shape
    hessian = _observed(st, sample, x, pt)
    h_inv = np.linalg.inv(hessian)
    sc = _scores(st, x, centred, pt.inv, pt.d)
    meat = sc.T @ sc / n
    vcov = h_inv @ meat @ h_inv / n
    mahal = np.einsum("ij,ij->i", centred @ np.linalg.inv(sample), centred)
    trace_h1 = 0.5 * (np.mean(mahal ** 2) - p)
    scaling = (trace_h1 - np.sum(h_inv * meat)) / df if df > 0 else np.nan
    z2 = centred ** 2 / np.diag(sample)
    trace_null = 0.5 * np.sum(np.mean(z2 ** 2, axis=0) - 1)
    scaling_null = (trace_h1 - trace_null) / (p * (p - 1) / 2)
    return _Robust(vcov, scaling, scaling_null)


# --------------------------------------------------------------------------- standard errors
def _inverse(info: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.inv(info)
    except np.linalg.LinAlgError:
        return np.full_like(info, np.nan)
