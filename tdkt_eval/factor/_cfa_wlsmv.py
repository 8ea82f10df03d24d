"""WLSMV for ordered (Likert) items: the estimator behind ``cfa(estimator="WLSMV")``, as lavaan's
``cfa(ordered = TRUE, estimator = "WLSMV")`` with ``parameterization = "delta"``.

Three steps (Muthén 1984; Muthén, du Toit & Spisic 1997):

1. Sample statistics. Each item is a coarse reading of a standard normal latent response
   :math:`y^*_j`: the thresholds :math:`\\tau_j` are the normal quantiles of the cumulative
   proportions; the polychoric correlations :math:`\\rho_{jk}` maximise the bivariate normal
   likelihood of each contingency table with the thresholds held fixed (two-step ML). Their
   asymptotic covariance matrix :math:`\\Gamma` (per case, lavaan's NACOV) is the sandwich
   :math:`A^{-1} B A^{-\\top}` of the stacked estimating equations: :math:`B` the mean outer product
   of the case-wise scores (univariate scores for the thresholds, bivariate scores for
   :math:`\\rho`), :math:`A` block lower triangular with the outer products of the scores on and
   below the diagonal (the block :math:`A_{\\rho\\tau}` carries the first step's estimation into
   the second).
2. Estimation. The model's correlations are the off-diagonal of
   :math:`\\Sigma^* = \\Lambda\\Phi\\Lambda^\\top + \\Theta` with :math:`\\operatorname{diag}\\Sigma^* = 1`
   (the residual variances are :math:`1 - \\operatorname{diag}(\\Lambda\\Phi\\Lambda^\\top)`, not free);
   the model's thresholds are free parameters, so they equal the sample thresholds. With
   :math:`W = \\operatorname{diag}(\\Gamma)^{-1}` (DWLS) the fit function is lavaan's
   :math:`F = \\tfrac12 (s - \\sigma(\\theta))^\\top W (s - \\sigma(\\theta))`.
3. Inference. :math:`\\operatorname{Var}(\\hat\\theta) = (\\Delta^\\top W\\Delta)^{-1}\\Delta^\\top W\\Gamma
   W\\Delta(\\Delta^\\top W\\Delta)^{-1}/(N-1)`; :math:`T = 2(N-1)F` on :math:`df` = statistics minus free
   parameters (lavaan's ``fmin`` is :math:`T/2N`; RMSEA has :math:`N-1` too: these are lavaan's
   conventions, checked against its numbers); the scaled-shifted statistic (Asparouhov & Muthén 2010) from
   :math:`U = W - W\\Delta(\\Delta^\\top W\\Delta)^{-1}\\Delta^\\top W`:
   :math:`a = \\sqrt{df/\\operatorname{tr}((U\\Gamma)^2)}`, :math:`b = df - a\\operatorname{tr}(U\\Gamma)`,
   :math:`T^* = aT + b` (lavaan's ``chisq.scaled``; ``chisq.scaling.factor`` is :math:`1/a`,
   ``chisq.shift.parameters`` is :math:`b`). The baseline model has the thresholds only.

Validated against lavaan 0.6.14 (R 4.2.2), 2026-12-07, ``tests/test_cfa_wlsmv.py``: thresholds to
1e-14, polychorics to 3e-8 and :math:`\\Gamma` to 1e-7 (lavaan stops its polychoric search short of
the root of the score, which this reaches), estimates, robust SEs and the fit measures to 1e-6.
Binary items whose 2x2 table has an empty cell are not covered: lavaan adds 0.5 to such cells
(``zero.add``), this does not.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from .._messages import Text
from ..errors import FactorAnalysisError
from ..ordinal import BOUND, _bvn_cdf, _thresholds
from ._cfa_fit import _check_identified, _optimise, _pack, _start, _Structure
from ._cfa_measures import _cfi, _rmsea_ci, _tli
from ._cfa_syntax import _THETA, _Spec
from ._cfa_table import _table

#: Most categories an ordered item may have (more and it is better treated as continuous).
MAX_CATEGORIES = 10
_CHUNK = 20_000  # rows per block of the case-wise scores


# --------------------------------------------------------------------------- the data
def _ordinal_codes(values: np.ndarray, items: tuple[str, ...]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each item's answers as codes 0..K-1 of its observed categories (in order), and the categories."""
    codes = np.empty(values.shape, dtype=np.intp)
    levels = []
    for j in range(values.shape[1]):
        lv, codes[:, j] = np.unique(values[:, j], return_inverse=True)
        levels.append(lv)
    _check_categories(items, [len(lv) for lv in levels])
    return codes, levels


def _check_categories(items: tuple[str, ...], counts: list[int]) -> None:
    single = [i for i, k in zip(items, counts) if k < 2]
    if single:
        raise FactorAnalysisError(
            Text("Item(s) {items} have a single answer category: an ordered item needs at least two.",
                 "Các câu {items} chỉ có một mức trả lời: câu thứ bậc cần ít nhất hai mức.",
                 {"items": ", ".join(map(repr, single))}),
            fix=Text("Leave those items out of the model.", "Bỏ các câu đó khỏi mô hình."))
    many = [f"{i!r} ({k})" for i, k in zip(items, counts) if k > MAX_CATEGORIES]
    if many:
        raise FactorAnalysisError(
            Text("Item(s) {items} have more than {m} categories: WLSMV is for ordered (Likert) items.",
                 "Các câu {items} có hơn {m} mức: WLSMV dành cho câu thứ bậc (Likert).",
                 {"items": ", ".join(many), "m": MAX_CATEGORIES}),
            fix=Text("Treat those items as continuous (estimator='ML' or 'MLR'), or recode them into fewer "
                     "categories.", "Coi các câu đó là liên tục (estimator='ML' hoặc 'MLR'), hoặc gộp bớt mức."))


def _check_rows(n: int, n_stats: int) -> None:
    """WLSMV needs more rows than sample statistics for its asymptotic covariance matrix to be of full rank."""
    if n <= n_stats:
        raise FactorAnalysisError(
            Text("Only {n} complete row(s) for {m} thresholds and polychoric correlations: WLSMV needs more "
                 "rows than sample statistics.",
                 "Chỉ có {n} phiếu đầy đủ cho {m} ngưỡng và tương quan đa chuỗi: WLSMV cần nhiều phiếu hơn số "
                 "thống kê mẫu.", {"n": n, "m": n_stats}),
            fix=Text("Collect more answers, use fewer items, or merge sparse categories.",
                     "Thu thêm phiếu, dùng ít câu hơn, hoặc gộp các mức ít người chọn."))


# --------------------------------------------------------------------------- bivariate normal pieces
def _phi(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * np.square(np.where(np.isfinite(x), x, 0.0))) / np.sqrt(2 * np.pi) * np.isfinite(x)


def _rect(m: np.ndarray) -> np.ndarray:
    """Rectangle sums over the cells: ``m[i+1, j+1] - m[i, j+1] - m[i+1, j] + m[i, j]``."""
    return m[1:, 1:] - m[:-1, 1:] - m[1:, :-1] + m[:-1, :-1]


@dataclass(frozen=True, slots=True)
class _Cells:
    """Cell probabilities of one pair's table and their derivatives."""

    p: np.ndarray      # (K1, K2)
    d_rho: np.ndarray  # dP / d rho
    d2_rho: np.ndarray  # d2P / d rho2
    d_a: np.ndarray    # (K1, K2, K1-1): dP / d (first item's thresholds)
    d_b: np.ndarray    # (K1, K2, K2-1)


def _cells(a: np.ndarray, b: np.ndarray, rho: float) -> _Cells:
    """The probabilities of the rectangles cut by thresholds ``a`` and ``b`` (with -inf and inf at the ends)."""
    h, k = np.meshgrid(a, b, indexing="ij")
    finite = np.isfinite(h) & np.isfinite(k)
    hf, kf = np.where(np.isfinite(h), h, 0.0), np.where(np.isfinite(k), k, 0.0)
    s2 = 1.0 - rho * rho
    quad = np.where(finite, hf * hf - 2 * rho * hf * kf + kf * kf, 0.0)
    dens = np.where(finite, np.exp(-0.5 * quad / s2) / (2 * np.pi * np.sqrt(s2)), 0.0)
    curve = rho / s2 + hf * kf / s2 - rho * quad / s2 ** 2  # d log(density) / d rho
    big_f = _bvn_cdf(h.ravel(), k.ravel(), rho).reshape(h.shape)
    ga = _phi(h) * special.ndtr((k - rho * hf) / np.sqrt(s2))  # d F / d h
    gb = _phi(k) * special.ndtr((h - rho * kf) / np.sqrt(s2))
    return _Cells(_rect(big_f), _rect(dens), _rect(dens * curve),
                  _spread(ga[1:-1, 1:] - ga[1:-1, :-1], 0), _spread(gb[1:, 1:-1] - gb[:-1, 1:-1], 1))


def _spread(step: np.ndarray, axis: int) -> np.ndarray:
    """dP/dt_t from the margin's change at interior threshold t: + on the cell below it, - above it."""
    if axis == 1:
        return _spread(step.T, 0).transpose(1, 0, 2)
    t, k2 = step.shape
    out = np.zeros((t + 1, k2, t))
    idx = np.arange(t)
    out[idx, :, idx] = step
    out[idx + 1, :, idx] = -step
    return out


# --------------------------------------------------------------------------- the two steps
def _univariate_scores(tau: np.ndarray) -> np.ndarray:
    """(K, K-1): the score of the univariate log-likelihood for an answer in each category."""
    probs = np.diff(np.concatenate([[0.0], special.ndtr(tau), [1.0]]))
    dens = _phi(tau)
    out = np.zeros((len(tau) + 1, len(tau)))
    idx = np.arange(len(tau))
    out[idx, idx] = dens
    out[idx + 1, idx] = -dens
    return out / probs[:, None]


def _polychoric(table: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """The root of the score of the pair's log-likelihood: Newton steps kept inside a shrinking bracket."""
    lo, hi, rho = -BOUND, BOUND, 0.0
    used = table > 0
    for _ in range(200):
        c = _cells(a, b, rho)
        p = np.maximum(c.p[used], 1e-300)
        u = c.d_rho[used] / p
        score, curve = np.sum(table[used] * u), np.sum(table[used] * (c.d2_rho[used] / p - u * u))
        lo, hi = (rho, hi) if score > 0 else (lo, rho)
        new = rho - score / curve if curve < 0 else np.nan
        new = new if lo < new < hi else 0.5 * (lo + hi)
        if abs(new - rho) < 1e-15:
            return float(new)
        rho = new
    return float(rho)


@dataclass(frozen=True, slots=True)
class _Sample:
    """The sample statistics of ordered items: thresholds, polychoric correlations, their NACOV."""

    n: int
    tau: tuple[np.ndarray, ...]  # each item's thresholds
    corr: np.ndarray             # (p, p) polychoric correlations
    pairs: np.ndarray            # (npair, 2): (row, column) of each correlation, lavaan's order
    gamma: np.ndarray            # NACOV of (thresholds, correlations), per case

    @property
    def stats(self) -> np.ndarray:
        return np.concatenate(list(self.tau) + [self.corr[self.pairs[:, 0], self.pairs[:, 1]]])

    @property
    def n_tau(self) -> int:
        return sum(len(t) for t in self.tau)


def _pairs(p: int) -> np.ndarray:
    """The strict lower triangle column by column (lavaan's ``vech(diagonal = FALSE)``)."""
    return np.array([(i, j) for j in range(p) for i in range(j + 1, p)], dtype=np.intp).reshape(-1, 2)


def _sample_statistics(codes: np.ndarray, levels: list[np.ndarray]) -> _Sample:
    n, p = codes.shape
    ks = [len(lv) for lv in levels]
    cuts = [_thresholds(np.bincount(codes[:, j], minlength=ks[j])) for j in range(p)]   # with -inf and +inf
    tau = tuple(c[1:-1] for c in cuts)
    offsets = np.concatenate([[0], np.cumsum([k - 1 for k in ks])])
    pairs = _pairs(p)
    _check_rows(n, offsets[-1] + len(pairs))
    corr = np.eye(p)
    a_low = np.zeros((len(pairs), offsets[-1]))
    a_diag = np.zeros(len(pairs))
    cell_scores = []
    for m, (i, j) in enumerate(pairs):
        table = np.bincount(codes[:, i] * ks[j] + codes[:, j], minlength=ks[i] * ks[j]).reshape(ks[i], ks[j]) / n
        a, b = cuts[i], cuts[j]
        corr[i, j] = corr[j, i] = _polychoric(table, a, b)
        c = _cells(a, b, corr[i, j])
        score = np.where(table > 0, c.d_rho / np.maximum(c.p, 1e-300), 0.0)
        weights = table * score / np.maximum(c.p, 1e-300)
        a_diag[m] = np.sum(table * score * score)
        a_low[m, offsets[i]:offsets[i + 1]] = np.einsum("cd,cdt->t", weights, c.d_a)
        a_low[m, offsets[j]:offsets[j + 1]] = np.einsum("cd,cdt->t", weights, c.d_b)
        cell_scores.append(score)
    uni = [_univariate_scores(t) for t in tau]
    gamma = _gamma(codes, ks, pairs, uni, cell_scores, offsets, a_low, a_diag)
    return _Sample(n, tau, corr, pairs, gamma)


def _case_scores(codes: np.ndarray, ks: list[int], pairs: np.ndarray, uni: list, cell_scores: list) -> np.ndarray:
    """The case-wise scores of a block of rows: thresholds item by item, then the correlations."""
    blocks = [u[codes[:, j]] for j, u in enumerate(uni)]
    cor = np.empty((len(codes), len(pairs)))
    for m, (i, j) in enumerate(pairs):
        cor[:, m] = cell_scores[m].ravel()[codes[:, i] * ks[j] + codes[:, j]]
    return np.hstack(blocks + [cor])


def _gamma(codes: np.ndarray, ks: list[int], pairs: np.ndarray, uni: list, cell_scores: list,
           offsets: np.ndarray, a_low: np.ndarray, a_diag: np.ndarray) -> np.ndarray:
    """``A^-1 B A^-T``: B the mean outer product of the case-wise scores, A from the same outer products."""
    n, n_tau = len(codes), offsets[-1]
    size = n_tau + len(pairs)
    b = np.zeros((size, size))
    for start in range(0, n, _CHUNK):
        sc = _case_scores(codes[start:start + _CHUNK], ks, pairs, uni, cell_scores)
        b += sc.T @ sc
    b /= n
    a = np.zeros((size, size))
    for j in range(len(ks)):
        block = slice(offsets[j], offsets[j + 1])
        a[block, block] = b[block, block]  # the univariate information: the outer product at the MLE
    a[n_tau:, :n_tau] = a_low
    a[np.arange(n_tau, size), np.arange(n_tau, size)] = a_diag
    a_inv_b = np.linalg.solve(a, b)
    return np.linalg.solve(a, a_inv_b.T)


# --------------------------------------------------------------------------- the model
def _delta_spec(spec: _Spec) -> _Spec:
    """The parameter table with the items' residual variances fixed (they follow from the loadings)."""
    rows = tuple(dataclasses.replace(row, free=False, value=0.0)
                 if row.kind == _THETA and row.r == row.c else row for row in spec.rows)
    fixed = [row.lhs for row, old in zip(rows, spec.rows) if old.kind == _THETA and old.r == old.c and not old.free]
    if fixed:
        raise FactorAnalysisError(
            Text("With ordered items the residual variances of {items} are not parameters (they are 1 minus "
                 "the explained variance); they cannot be fixed.",
                 "Với câu thứ bậc, phương sai phần dư của {items} không phải tham số (bằng 1 trừ phần được giải "
                 "thích); không thể cố định chúng.", {"items": ", ".join(map(repr, fixed))}),
            fix=Text("Leave out the 'item ~~ value*item' statements.", "Bỏ các câu lệnh 'câu ~~ giá_trị*câu'."))
    return _Spec(spec.items, spec.factors, rows)


@dataclass(frozen=True, slots=True)
class _WPoint:
    """The DWLS fit function at one parameter vector (``f`` and ``grad`` as :func:`_optimise` wants)."""

    f: float
    grad: np.ndarray
    resid: np.ndarray  # s - sigma over the correlations
    jac: np.ndarray    # (npair, q): d sigma / d theta


def _implied(st: _Structure, x: np.ndarray) -> np.ndarray:
    """Sigma* with unit diagonal."""
    lam, phi, th = st.matrices(x)
    sigma = lam @ phi @ lam.T + th
    sigma[np.diag_indices(st.p)] = 1.0
    return sigma


def _wpoint(st: _Structure, sample: _Sample, w: np.ndarray, x: np.ndarray) -> _WPoint:
    i, j = sample.pairs[:, 0], sample.pairs[:, 1]
    lam, phi, _ = st.matrices(x)
    resid = sample.corr[i, j] - _implied(st, x)[i, j]
    jac = st.dsigma(lam, phi)[:, i, j].T
    return _WPoint(0.5 * float(resid @ (w * resid)), -jac.T @ (w * resid), resid, jac)


def _hessian(evaluate, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Central differences of the analytic gradient, symmetrised."""
    out = np.empty((len(x), len(x)))
    for k in range(len(x)):
        e = np.zeros(len(x))
        e[k] = step
        out[:, k] = (evaluate(x + e).grad - evaluate(x - e).grad) / (2 * step)
    return 0.5 * (out + out.T)


def _minimise_dwls(st: _Structure, sample: _Sample, w: np.ndarray) -> tuple[np.ndarray, _WPoint, bool, int]:
    """Gauss-Newton (the information ``J' W J``), then Newton steps, from principal-axis start values."""

    def evaluate(x: np.ndarray) -> _WPoint:
        return _wpoint(st, sample, w, x)

    x = _start(st, sample.corr)
    pt = evaluate(x)
    info = pt.jac.T @ (w[:, None] * pt.jac)
    _check_identified(info)
    return _optimise(x, pt, evaluate, lambda point: point.jac.T @ (w[:, None] * point.jac),
                     lambda v, point: _hessian(evaluate, v))


# --------------------------------------------------------------------------- inference
def _full_jacobian(sample: _Sample, jac: np.ndarray) -> np.ndarray:
    """d (thresholds, correlations) / d (thresholds, structural parameters): block diagonal."""
    t, (m, q) = sample.n_tau, jac.shape
    out = np.zeros((t + m, t + q))
    out[:t, :t] = np.eye(t)
    out[t:, t:] = jac
    return out


@dataclass(frozen=True, slots=True)
class _Test:
    """A DWLS test statistic and its scaled-shifted version."""

    chisq: float
    df: int
    scaled: float
    scaling: float  # 1/a
    shift: float    # b
    trace: float    # tr(U Gamma)
    trace2: float   # tr((U Gamma)^2)


def _scaled_shifted(chisq: float, df: int, w: np.ndarray, jac: np.ndarray, gamma: np.ndarray) -> _Test:
    """Asparouhov & Muthén's (2010) second-order correction from ``U Gamma``."""
    wj = w[:, None] * jac
    u = np.diag(w) - wj @ np.linalg.solve(jac.T @ wj, wj.T)
    ug = u @ gamma
    trace, trace2 = float(np.trace(ug)), float(np.sum(ug * ug.T))
    if df < 1:
        return _Test(chisq, df, np.nan, np.nan, np.nan, trace, trace2)
    a = np.sqrt(df / trace2)
    shift = df - a * trace
    return _Test(chisq, df, a * chisq + shift, 1 / a, shift, trace, trace2)


def _vcov(w: np.ndarray, jac: np.ndarray, gamma: np.ndarray, n: int) -> np.ndarray:
    """The sandwich ``(J'WJ)^-1 J'W Gamma W J (J'WJ)^-1 / N``."""
    wj = w[:, None] * jac
    bread = np.linalg.inv(jac.T @ wj)
    return bread @ (wj.T @ gamma @ wj) @ bread / n


# --------------------------------------------------------------------------- fit measures
def _rmsea(chisq: float, df: int, n1: int) -> float:
    return float(np.sqrt(max(chisq / df - 1.0, 0.0) / n1)) if df > 0 else 0.0


def _incremental(t: float, df: int, t0: float, df0: int, suffix: str) -> dict:
    """CFI, TLI (NNFI), RFI, NFI, PNFI, IFI, RNI from a model's and the baseline's statistics."""
    out = {"cfi": _cfi(t, df, t0, df0), "tli": _tli(t, df, t0, df0), "nnfi": _tli(t, df, t0, df0),
           "rfi": max(1 - (t / df) / (t0 / df0), 0.0) if df > 0 else np.nan, "nfi": 1 - t / t0,
           "pnfi": df / df0 * (1 - t / t0), "ifi": (t0 - t) / (t0 - df), "rni": 1 - (t - df) / (t0 - df0)}
    return {f"{k}{suffix}": v for k, v in out.items()}


def _rmsea_measures(t: float, df: int, n1: int, suffix: str) -> dict:
    lower, upper = _rmsea_ci(t, df, n1)
    pvalue = stats.ncx2.sf(t, df, n1 * df * 0.05 ** 2) if df > 0 else np.nan
    notclose = stats.ncx2.cdf(t, df, n1 * df * 0.08 ** 2) if df > 0 else np.nan
    return {f"rmsea{suffix}": _rmsea(t, df, n1), f"rmsea_ci_lower{suffix}": lower,
            f"rmsea_ci_upper{suffix}": upper, f"rmsea_pvalue{suffix}": pvalue,
            f"rmsea_notclose_pvalue{suffix}": notclose}


def _residual_measures(sample: _Sample, resid: np.ndarray, chisq: float) -> dict:
    """SRMR over the correlations (and the unit diagonal), with and without the thresholds; WRMR."""
    p, ss = len(sample.corr), float(resid @ resid)
    moments, t = p * (p + 1) // 2, sample.n_tau
    return {"srmr": np.sqrt(ss / moments), "rmr": np.sqrt(ss / (moments + t)), "rmr_nomean": np.sqrt(ss / moments),
            "srmr_bentler": np.sqrt(ss / (moments + t)), "srmr_bentler_nomean": np.sqrt(ss / moments),
            "crmr": np.sqrt(ss / (moments - p + t)), "crmr_nomean": np.sqrt(ss / (moments - p)),
            "wrmr": np.sqrt(chisq / (t + len(resid)))}


def _measures(sample: _Sample, w: np.ndarray, pt: _WPoint, q: int) -> tuple[pd.Series, _Test]:
    """lavaan's ``fitMeasures`` of a WLSMV fit (N - 1 where lavaan has it: the statistics and RMSEA)."""
    n1, t = sample.n - 1, sample.n_tau
    full = _full_jacobian(sample, pt.jac)
    model = _scaled_shifted(2 * n1 * pt.f, len(w) - t - q, w, full, sample.gamma)
    s = sample.stats[t:]
    base_jac = np.vstack([np.eye(t), np.zeros((len(s), t))])
    base = _scaled_shifted(n1 * float(s @ (w[t:] * s)), len(s), w, base_jac, sample.gamma)
    out = {"npar": t + q, "fmin": model.chisq / (2 * sample.n), "chisq": model.chisq, "df": model.df,
           "pvalue": stats.chi2.sf(model.chisq, model.df) if model.df > 0 else np.nan,
           "chisq_scaled": model.scaled, "df_scaled": model.df,
           "pvalue_scaled": stats.chi2.sf(model.scaled, model.df) if model.df > 0 else np.nan,
           "chisq_scaling_factor": model.scaling, "chisq_shift_parameters": model.shift,
           "baseline_chisq": base.chisq, "baseline_df": base.df, "baseline_pvalue": stats.chi2.sf(base.chisq, base.df),
           "baseline_chisq_scaled": base.scaled, "baseline_df_scaled": base.df,
           "baseline_pvalue_scaled": stats.chi2.sf(base.scaled, base.df),
           "baseline_chisq_scaling_factor": base.scaling, "baseline_chisq_shift_parameters": base.shift}
    out |= _incremental(model.chisq, model.df, base.chisq, base.df, "")
    out |= _incremental(model.scaled, model.df, base.scaled, base.df, "_scaled")
    out |= _rmsea_measures(model.chisq, model.df, n1, "") | _rmsea_measures(model.scaled, model.df, n1, "_scaled")
    out |= _residual_measures(sample, pt.resid, model.chisq) | {"ntotal": sample.n}
    return pd.Series(out, name="value", dtype=float), model


# --------------------------------------------------------------------------- the parameter table
def _shown(st: _Structure, spec: _Spec, x: np.ndarray) -> tuple[_Structure, np.ndarray]:
    """The model as lavaan shows it: the residual variances laid out as parameters, at 1 - explained."""
    shown = _Structure(spec)
    lam, phi, th = st.matrices(x)
    th[np.diag_indices(st.p)] = 1.0 - np.einsum("ik,kl,il->i", lam, phi, lam)
    x_shown = _pack(shown, lam, phi, th)
    off = (shown.kind == _THETA) & (shown.r != shown.c)
    x_shown[off] = th[shown.r[off], shown.c[off]]
    return shown, x_shown


def _table_wlsmv(st: _Structure, spec: _Spec, sample: _Sample, x: np.ndarray, vcov: np.ndarray,
                 conf_level: float) -> pd.DataFrame:
    """lavaan's rows: loadings and user covariances, thresholds, the (derived) residual variances, the
    factor (co)variances, then the fixed scales ``~*~``, intercepts and factor means."""
    t = sample.n_tau
    shown, x_shown = _shown(st, spec, x)
    derived = (shown.kind == _THETA) & (shown.r == shown.c)
    se = np.zeros(shown.q)
    se[~derived] = np.sqrt(np.clip(np.diag(vcov)[t:], 0, None))
    table = _table(shown, x_shown, se, _implied(st, x), conf_level)
    rows = np.array([row.kind == _THETA and row.r == row.c for row in spec.rows])
    table.loc[rows, ["z", "pvalue"]] = np.nan
    split = int(np.flatnonzero(rows)[0]) if rows.any() else len(table)
    thresholds = _threshold_rows(spec.items, sample, np.sqrt(np.clip(np.diag(vcov)[:t], 0, None)), conf_level)
    return pd.concat([table.iloc[:split], thresholds, table.iloc[split:], _fixed_rows(spec)], ignore_index=True)


def _threshold_rows(items: tuple[str, ...], sample: _Sample, se: np.ndarray, conf_level: float) -> pd.DataFrame:
    est = np.concatenate(sample.tau)
    z = est / se
    crit = stats.norm.ppf(0.5 + conf_level / 2)
    return pd.DataFrame({
        "lhs": [item for item, tau in zip(items, sample.tau) for _ in tau], "op": "|",
        "rhs": [f"t{k + 1}" for tau in sample.tau for k in range(len(tau))], "est": est, "se": se, "z": z,
        "pvalue": 2 * stats.norm.sf(np.abs(z)), "ci_lower": est - crit * se, "ci_upper": est + crit * se,
        "std_lv": est, "std_all": est})


def _fixed_rows(spec: _Spec) -> pd.DataFrame:
    """The scale factors (1) and the intercepts and factor means (0) that delta parameterisation fixes."""
    names = [(i, "~*~", i, 1.0) for i in spec.items] + [(i, "~1", "", 0.0) for i in spec.items + spec.factors]
    return pd.DataFrame({"lhs": [n[0] for n in names], "op": [n[1] for n in names], "rhs": [n[2] for n in names],
                         "est": [n[3] for n in names], "se": 0.0, "z": np.nan, "pvalue": np.nan,
                         "ci_lower": [n[3] for n in names], "ci_upper": [n[3] for n in names],
                         "std_lv": [n[3] for n in names], "std_all": [n[3] for n in names]})


# --------------------------------------------------------------------------- the fit
@dataclass(frozen=True, slots=True)
class _WFit:
    """What :func:`tdkt_eval.factor.cfa.cfa` reports of a WLSMV fit."""

    table: pd.DataFrame
    measures: pd.Series
    sample: _Sample
    implied: np.ndarray
    structure: _Structure
    x: np.ndarray
    converged: bool
    iterations: int
    test: _Test


def _fit_wlsmv(values: np.ndarray, spec: _Spec, conf_level: float) -> _WFit:
    """WLSMV on complete rows of ordered answers (``values``, one column per item of ``spec``)."""
    st = _Structure(_delta_spec(spec))
    codes, levels = _ordinal_codes(values, spec.items)
    sample = _sample_statistics(codes, levels)
    w = 1.0 / np.diag(sample.gamma)
    _check_df_wlsmv(len(w) - sample.n_tau - st.q, st.q, sample)
    x, pt, converged, iterations = _minimise_dwls(st, sample, w[sample.n_tau:])
    vcov = _vcov(w, _full_jacobian(sample, pt.jac), sample.gamma, sample.n - 1)
    measures, test = _measures(sample, w, pt, st.q)
    return _WFit(_table_wlsmv(st, spec, sample, x, vcov, conf_level), measures, sample, _implied(st, x), st, x,
                 converged, iterations, test)


def _check_df_wlsmv(df: int, q: int, sample: _Sample) -> None:
    if df < 0:
        raise FactorAnalysisError(
            Text("The model has {q} free parameters besides the thresholds but the items give only {m} "
                 "polychoric correlations (df = {df}): it is not identified.",
                 "Mô hình có {q} tham số tự do ngoài các ngưỡng nhưng các câu chỉ cho {m} tương quan đa chuỗi "
                 "(bậc tự do {df}): mô hình không xác định được.", {"q": q, "m": len(sample.pairs), "df": df}),
            fix=Text("Add items (a factor on its own needs at least three) or fix parameters.",
                     "Thêm câu hỏi (một nhân tố đứng riêng cần ít nhất ba câu) hoặc cố định bớt tham số."))
