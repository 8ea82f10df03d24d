"""Multi-group CFA: each group's parameter table with a mean structure, the parameters shared by
``group_equal``, the pooled fmin with its gradient, analytic expected information and Hessian (each
group's block summed into the shared parameters), the fit and the stacked table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._cfa_fit import _check_identified, _fmin, _observed, _optimise, _Point, _start_means, _Structure, no_start_values
from ._cfa_syntax import _ALPHA, _LOAD, _NU, _PHI, _Row, _Spec
from ._cfa_table import _table

@dataclass(frozen=True, slots=True)
class _Groups:
    """A multi-group model: one structure per group, and where its free parameters sit in the shared vector."""

    labels: tuple[str, ...]
    structures: tuple[_Structure, ...]
    index: tuple[np.ndarray, ...]
    ns: tuple[int, ...]
    samples: tuple[np.ndarray, ...]
    means: tuple[np.ndarray, ...]
    q: int

    @property
    def weights(self) -> np.ndarray:
        return np.array(self.ns) / sum(self.ns)

    def solve(self, h: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``h^-1 b`` for a matrix ``h`` summed from the groups' blocks, by the Schur complement of the shared
        parameters: a group's own parameters meet no other group's, so their blocks are solved one by one."""
        counts = np.zeros(self.q, dtype=int)
        for idx in self.index:
            counts[idx] += 1
        shared = np.flatnonzero(counts > 1)
        rhs = b.reshape(self.q, -1)
        schur, reduced, solved = h[np.ix_(shared, shared)].copy(), rhs[shared].copy(), []
        for idx in self.index:
            own = idx[counts[idx] == 1]
            sol = np.linalg.solve(h[np.ix_(own, own)], np.hstack([rhs[own], h[np.ix_(own, shared)]]))
            cross = h[np.ix_(shared, own)]
            reduced -= cross @ sol[:, :rhs.shape[1]]
            schur -= cross @ sol[:, rhs.shape[1]:]
            solved.append((own, sol))
        out = np.empty_like(rhs, dtype=float)
        out[shared] = np.linalg.solve(schur, reduced) if shared.size else reduced
        for own, sol in solved:
            out[own] = sol[:, :rhs.shape[1]] - sol[:, rhs.shape[1]:] @ out[shared]
        return out.reshape(b.shape)


@dataclass(frozen=True, slots=True)
class _Part:
    """One group at one parameter vector: Sigma, mu and their derivatives."""

    f: float
    sigma: np.ndarray
    mu: np.ndarray
    inv: np.ndarray
    e: np.ndarray  # Sigma^-1 (mean - mu)
    dsig: np.ndarray  # (q, p, p)
    dmu: np.ndarray  # (q, p)
    a: np.ndarray  # Sigma^-1 dsig


@dataclass(frozen=True, slots=True)
class _GroupPoint:
    """The pooled fmin and its gradient at one parameter vector, with each group's part."""

    f: float
    grad: np.ndarray
    parts: tuple[_Part, ...]

    @property
    def sigmas(self) -> tuple[np.ndarray, ...]:
        return tuple(part.sigma for part in self.parts)

    @property
    def mus(self) -> tuple[np.ndarray, ...]:
        return tuple(part.mu for part in self.parts)


def _group_spec(spec: _Spec, free_spec: _Spec, g: int, std_lv: bool, equal: tuple[str, ...]) -> _Spec:
    """Group ``g``'s rows: the model's, then the item intercepts and factor means, as lavaan sets them.

    With std_lv and equal loadings the factor variances are fixed to 1 in the first group only; with
    equal intercepts the factor means are free in every group but the first.
    """
    rows = [free_row if std_lv and g > 0 and "loadings" in equal and row.kind == _PHI and row.r == row.c
            else row for row, free_row in zip(spec.rows, free_spec.rows)]
    rows += [_Row(item, "~1", "", _NU, a, 0, True, 0.0) for a, item in enumerate(spec.items)]
    rows += [_Row(f, "~1", "", _ALPHA, k, 0, g > 0 and "intercepts" in equal, 0.0) for k, f in enumerate(spec.factors)]
    return _Spec(spec.items, spec.factors, tuple(rows))


def _shared_index(structures: list[_Structure], equal: tuple[str, ...]) -> tuple[list[np.ndarray], int]:
    """Each group's free parameters as positions in one vector; equal loadings/intercepts share a position."""
    keys: dict[tuple, int] = {}
    index = []
    for g, st in enumerate(structures):
        positions = []
        for kind, r, c in zip(st.kind, st.r, st.c):
            shared = (kind == _LOAD and "loadings" in equal) or (kind == _NU and "intercepts" in equal)
            key = (int(kind), int(r), int(c)) if shared else (g, int(kind), int(r), int(c))
            positions.append(keys.setdefault(key, len(keys)))
        index.append(np.array(positions, dtype=int))
    return index, len(keys)


def _part(st: _Structure, xg: np.ndarray, sample: np.ndarray, mean: np.ndarray, logdet: float) -> _Part | None:
    """One group's F_g = F_ML(S, Sigma) + (mean - mu)' Sigma^-1 (mean - mu) / 2 and what follows from it."""
    lam, phi, th = st.matrices(xg)
    nu, alpha = st.means(xg)
    sigma, mu = lam @ phi @ lam.T + th, nu + lam @ alpha
    f0, inv = _fmin(sample, logdet, sigma)
    if inv is None:
        return None
    d = mean - mu
    e = inv @ d
    dsig = st.dsigma(lam, phi)
    return _Part(f0 + 0.5 * d @ e, sigma, mu, inv, e, dsig, st.dmu(lam, alpha), inv @ dsig)


def _part_expected(part: _Part) -> np.ndarray:
    """The expected information of one group: the covariance part (as one group's) plus dmu' Sigma^-1 dmu."""
    q = len(part.a)
    return (0.5 * part.a.reshape(q, -1) @ part.a.transpose(0, 2, 1).reshape(q, -1).T
            + part.dmu @ part.inv @ part.dmu.T)


def _part_observed(st: _Structure, xg: np.ndarray, part: _Part, sample: np.ndarray) -> np.ndarray:
    """The Hessian of one group's F_g.

    Writing ``e = Sigma^-1 (mean - mu)``, F_g is the covariance-only fmin with S replaced by ``S + d d'``
    plus the terms from mu's dependence on the parameters: ``dmu_i' Sigma^-1 dmu_j``, the cross terms
    ``dmu_i' Sigma^-1 dSigma_j e`` (and transposed) and ``-e' d2mu_ij`` (a loading with its factor's mean).
    """
    d = part.sigma @ part.e
    covariance = _observed(st, sample + np.outer(d, d), xg,
                           _Point(part.f, part.sigma, part.inv, np.zeros(st.q), part.dsig, part.a))
    cross = part.dmu @ (part.a @ part.e).T  # [i, j] = dmu_i' Sigma^-1 dSigma_j e
    out = covariance + part.dmu @ part.inv @ part.dmu.T + cross + cross.T
    loads, means = np.flatnonzero(st.kind == _LOAD), np.flatnonzero(st.kind == _ALPHA)
    pairs = st.c[loads][:, None] == st.r[means][None, :]
    block = -np.where(pairs, part.e[st.r[loads]][:, None], 0.0)
    out[np.ix_(loads, means)] += block
    out[np.ix_(means, loads)] += block.T
    return out


def _group_point(gr: _Groups, x: np.ndarray, logdets: list[float]) -> _GroupPoint | None:
    """fmin = sum_g (N_g / N) F_g with the mean part, and its gradient."""
    f, grad, parts = 0.0, np.zeros(gr.q), []
    for st, idx, w, sample, mean, logdet in zip(gr.structures, gr.index, gr.weights, gr.samples, gr.means, logdets):
        part = _part(st, x[idx], sample, mean, logdet)
        if part is None:
            return None
        d = part.sigma @ part.e
        g = 0.5 * part.inv @ (part.sigma - sample - np.outer(d, d)) @ part.inv
        f += w * part.f
        grad[idx] += w * (part.dsig.reshape(st.q, -1) @ g.ravel() - part.dmu @ part.e)
        parts.append(part)
    return _GroupPoint(f, grad, tuple(parts))


def _group_information(gr: _Groups, pt: _GroupPoint) -> np.ndarray:
    """The expected information of the pooled fmin: each group's block, weighted by N_g / N, summed into the
    shared parameters' rows and columns (a group's own positions are distinct)."""
    out = np.zeros((gr.q, gr.q))
    for part, idx, w in zip(pt.parts, gr.index, gr.weights):
        out[np.ix_(idx, idx)] += w * _part_expected(part)
    return out


def _group_hessian(gr: _Groups, x: np.ndarray, pt: _GroupPoint) -> np.ndarray:
    """The Hessian of the pooled fmin: each group's analytic Hessian summed into the shared parameters."""
    out = np.zeros((gr.q, gr.q))
    for part, st, idx, w, sample in zip(pt.parts, gr.structures, gr.index, gr.weights, gr.samples):
        out[np.ix_(idx, idx)] += w * _part_observed(st, x[idx], part, sample)
    return out


def _minimise_groups(gr: _Groups) -> tuple[np.ndarray, _GroupPoint, bool, int]:
    """Fisher scoring with the analytic expected information, then Newton steps with the analytic Hessian."""
    x, counts = np.zeros(gr.q), np.zeros(gr.q)
    for st, idx, sample, mean in zip(gr.structures, gr.index, gr.samples, gr.means):
        x[idx] += _start_means(st, sample, mean)
        counts[idx] += 1
    x /= counts
    logdets = [np.linalg.slogdet(sample)[1] for sample in gr.samples]

    def evaluate(v: np.ndarray) -> _GroupPoint | None:
        return _group_point(gr, v, logdets)

    pt = evaluate(x)
    if pt is None:
        raise no_start_values(groups=True)
    _check_identified(_group_information(gr, pt))
    return _optimise(x, pt, evaluate, lambda point: _group_information(gr, point),
                     lambda v, point: _group_hessian(gr, v, point), gr.solve)


def _group_table(gr: _Groups, x: np.ndarray, pt: _GroupPoint, n: int, conf_level: float) -> pd.DataFrame:
    try:
        vcov = gr.solve(n * _group_information(gr, pt), np.eye(gr.q))
    except np.linalg.LinAlgError:
        vcov = np.full((gr.q, gr.q), np.nan)
    se = np.sqrt(np.clip(np.diag(vcov), 0, None))
    tables = [_table(st, x[idx], se[idx], sigma, conf_level).assign(group=label)
              for st, idx, sigma, label in zip(gr.structures, gr.index, pt.sigmas, gr.labels)]
    table = pd.concat(tables, ignore_index=True)
    return table[["lhs", "op", "rhs", "group", *table.columns[3:-1]]]
