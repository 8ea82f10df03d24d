"""Multi-group CFA: each group's parameter table with a mean structure, the parameters shared by
``group_equal``, the pooled fmin with its gradient and information, the fit and the stacked table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import FactorAnalysisError
from ._cfa_fit import _check_identified, _fmin, _inverse, _optimise, _start_means, _Structure
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


@dataclass(frozen=True, slots=True)
class _GroupPoint:
    f: float
    grad: np.ndarray
    info: np.ndarray
    sigmas: tuple[np.ndarray, ...]
    mus: tuple[np.ndarray, ...]


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


def _group_point(gr: _Groups, x: np.ndarray, logdets: list[float]) -> _GroupPoint | None:
    """fmin = sum_g (N_g / N) F_g with the mean part, its gradient and expected information."""
    f, grad, info = 0.0, np.zeros(gr.q), np.zeros((gr.q, gr.q))
    sigmas, mus = [], []
    for st, idx, w, sample, mean, logdet in zip(gr.structures, gr.index, gr.weights, gr.samples, gr.means, logdets):
        xg = x[idx]
        lam, phi, th = st.matrices(xg)
        nu, alpha = st.means(xg)
        sigma, mu = lam @ phi @ lam.T + th, nu + lam @ alpha
        f0, inv = _fmin(sample, logdet, sigma)
        if inv is None:
            return None
        d = mean - mu
        e = inv @ d
        dsig, dmu = st.dsigma(lam, phi), st.dmu(lam, alpha)
        g = 0.5 * inv @ (sigma - sample - np.outer(d, d)) @ inv
        a = inv @ dsig
        q = st.q
        f += w * (f0 + 0.5 * d @ e)
        grad[idx] += w * (dsig.reshape(q, -1) @ g.ravel() - dmu @ e)
        info[np.ix_(idx, idx)] += w * (0.5 * a.reshape(q, -1) @ a.transpose(0, 2, 1).reshape(q, -1).T
                                       + dmu @ inv @ dmu.T)
        sigmas.append(sigma)
        mus.append(mu)
    return _GroupPoint(f, grad, info, tuple(sigmas), tuple(mus))


def _numeric_hessian(evaluate, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of the analytic gradient (as lavaan's observed information)."""
    out = np.empty((len(x), len(x)))
    for j in range(len(x)):
        step = np.zeros(len(x))
        step[j] = h
        out[:, j] = (evaluate(x + step).grad - evaluate(x - step).grad) / (2 * h)
    return (out + out.T) / 2


def _minimise_groups(gr: _Groups) -> tuple[np.ndarray, _GroupPoint, bool, int]:
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
        raise FactorAnalysisError("cfa found no start values with positive definite covariance matrices.",
                                  fix="Check the model, or fit each group on its own first.")
    _check_identified(pt.info)
    return _optimise(x, pt, evaluate, lambda point: point.info, lambda v, point: _numeric_hessian(evaluate, v))


def _group_table(gr: _Groups, x: np.ndarray, pt: _GroupPoint, n: int, conf_level: float) -> pd.DataFrame:
    se = np.sqrt(np.clip(np.diag(_inverse(n * pt.info)), 0, None))
    tables = [_table(st, x[idx], se[idx], sigma, conf_level).assign(group=label)
              for st, idx, sigma, label in zip(gr.structures, gr.index, pt.sigmas, gr.labels)]
    table = pd.concat(tables, ignore_index=True)
    return table[["lhs", "op", "rhs", "group", *table.columns[3:-1]]]
