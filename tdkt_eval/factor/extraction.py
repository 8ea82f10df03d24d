"""Factor extraction as R psych does it: minres, maximum likelihood and principal axes.

Each fitter takes a correlation matrix and a number of factors and returns the
unrotated loadings, whether it converged, and the fitted uniquenesses.  The
stopping rules are psych's, so results agree with ``psych::fa`` to ~1e-14
(see :mod:`tdkt_eval.factor`).
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from ..errors import FactorAnalysisError

__all__ = ["FITTERS", "FactorAnalysisError", "signed"]


_EPS = np.finfo(float).eps

def _smc(corr: np.ndarray) -> np.ndarray:
    """Squared multiple correlations ``1 - 1/diag(R^-1)``, clipped to [0, 1] as psych::smc."""
    return np.clip(1 - 1 / np.diag(np.linalg.inv(corr)), 0.0, 1.0)


def _top(m: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    values, vectors = np.linalg.eigh(m)
    return values[::-1][:k], vectors[:, ::-1][:, :k]


def _lbfgsb(fn, grad, start: np.ndarray) -> tuple[np.ndarray, bool]:
    """Minimise over uniquenesses as psych calls R's ``optim(method = "L-BFGS-B")``."""
    scale = 0.01  # psych's parscale: the optimiser works on psi / 0.01
    res = optimize.minimize(
        lambda z: fn(z * scale), start / scale, jac=lambda z: grad(z * scale) * scale,
        method="L-BFGS-B", bounds=[(0.005 / scale, 1 / scale)] * len(start),
        options={"maxcor": 5, "ftol": 1e7 * _EPS, "gtol": 0.0, "maxiter": 100, "maxls": 20})
    return res.x * scale, res.status == 0


def _fit_minres(corr: np.ndarray, k: int) -> tuple[np.ndarray, bool, np.ndarray]:
    """Minimum residual: psi minimising the squared off-diagonal residuals (psych's objective).

    The loadings for given uniquenesses ``psi`` are the first ``k`` principal axes of
    ``R - diag(psi)``. psych's objective sums the squared residuals below the diagonal; its
    gradient is that of the unweighted least squares criterion, ``diag(L L' + psi - R)``.
    Both have the same minimum, where the diagonal residuals vanish.
    """
    def objective(psi):
        reduced = corr - np.diag(psi)
        values, vectors = _top(reduced, k)
        values = np.where(values < _EPS, 100 * _EPS, values)
        loadings = vectors * np.sqrt(values)
        return np.sum(np.tril(reduced - loadings @ loadings.T, -1) ** 2)

    def gradient(psi):
        loadings = _principal_axes(corr - np.diag(psi), k)
        return np.sum(loadings**2, axis=1) + psi - 1

    psi, converged = _lbfgsb(objective, gradient, 1 - _smc(corr))
    loadings = _principal_axes(corr - np.diag(psi), k)
    return loadings, converged, _reduced_values(corr, loadings)


def _reduced_values(corr: np.ndarray, loadings: np.ndarray) -> np.ndarray:
    """Eigenvalues (decreasing) of R with the communalities on its diagonal (psych's ``values``)."""
    reduced = corr.copy()
    np.fill_diagonal(reduced, np.sum(loadings**2, axis=1))
    return np.linalg.eigvalsh(reduced)[::-1]


def _principal_axes(m: np.ndarray, k: int) -> np.ndarray:
    values, vectors = _top(m, k)
    return vectors * np.sqrt(np.maximum(values, 0))


def _fit_ml(corr: np.ndarray, k: int) -> tuple[np.ndarray, bool, np.ndarray]:
    """Maximum likelihood via the concentrated likelihood in psi (Joreskog 1967; R factanal).

    With ``S* = psi^-1/2 R psi^-1/2`` and its eigenvalues ``e``, the discrepancy is
    ``-sum_{j > k} (log e_j - e_j) - k + p``; the loadings are
    ``psi^1/2 V_k (E_k - 1)^1/2`` from the first ``k`` eigenpairs of ``S*``.
    """
    p = len(corr)

    def canonical(psi):
        inv_sd = 1 / np.sqrt(psi)
        values, vectors = np.linalg.eigh(corr * np.outer(inv_sd, inv_sd))
        return values[::-1], vectors[:, ::-1]

    def loadings_at(psi):
        values, vectors = canonical(psi)
        return np.sqrt(psi)[:, None] * vectors[:, :k] * np.sqrt(np.maximum(values[:k] - 1, 0))

    def objective(psi):
        rest = canonical(psi)[0][k:]
        return -(np.sum(np.log(rest) - rest) - k + p)

    def gradient(psi):
        return (np.sum(loadings_at(psi) ** 2, axis=1) + psi - 1) / psi**2

    psi, converged = _lbfgsb(objective, gradient, 1 - _smc(corr))
    loadings = loadings_at(psi)
    return loadings, converged, _reduced_values(corr, loadings)


def _fit_pa(corr: np.ndarray, k: int, tol: float = 0.001, max_iter: int = 50
            ) -> tuple[np.ndarray, bool, np.ndarray]:
    """Iterated principal axes from squared multiple correlations, with psych's stopping rule:
    stop when the sum of the communalities changes by at most ``tol`` (at most ``max_iter``).

    The eigenvalues returned are those of the last matrix factored, as psych's ``values``."""
    reduced = corr.copy()
    np.fill_diagonal(reduced, _smc(corr))
    total = np.trace(reduced)
    for _ in range(max_iter):
        values_all, vectors = np.linalg.eigh(reduced)
        values_all, vectors = values_all[::-1], vectors[:, ::-1]
        values, vectors = values_all[:k], vectors[:, :k]
        if values[-1] < 0:
            raise FactorAnalysisError(
                f"Principal axis factoring met a negative eigenvalue ({values[-1]:.3g}) for factor "
                f"{k}: the items do not support {k} factors.",
                fix="Ask for fewer factors, or use method='minres'.")
        loadings = vectors * np.sqrt(values)
        communalities = np.sum(loadings**2, axis=1)
        np.fill_diagonal(reduced, communalities)
        change, total = abs(total - communalities.sum()), communalities.sum()
        if change <= tol:
            break
    return loadings, change <= tol, values_all


FITTERS = {"minres": _fit_minres, "ml": _fit_ml, "pa": _fit_pa}


def signed(loadings: np.ndarray, phi: np.ndarray | None):
    """Flip factors whose loadings sum to a negative number (psych); phi follows."""
    signs = np.where(loadings.sum(axis=0) < 0, -1.0, 1.0)
    return loadings * signs, None if phi is None else phi * np.outer(signs, signs)
