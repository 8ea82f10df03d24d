"""Factor rotations as R psych::fa applies them: varimax, promax and oblimin.

Private helpers of :mod:`tdkt_eval.factor`. Each function takes unrotated loadings
(items x factors) and returns ``(loadings, phi, converged)``; ``phi`` is the factor
correlation matrix, or ``None`` for an orthogonal rotation.

Why not statsmodels for all three (statsmodels 0.15, ``statsmodels.multivariate.factor_rotation``):

* **oblimin**: statsmodels' gradient projection algorithm (GPA) is a port of Bernaards and
  Jennrich's code, the same algorithm as GPArotation's ``GPFoblq``, with the same quartimin
  criterion (``f = sum(L^2 * (L^2 N)) / 4``), line search and stopping rule (Frobenius norm of
  the projected gradient below 1e-5). psych's ``rotate="oblimin"`` calls
  ``GPArotation::oblimin`` with its defaults (gamma 0, no Kaiser normalization, identity start),
  so statsmodels' ``rotate_factors(A, "oblimin", 0, "oblique")`` is used as is.
* **varimax**: psych calls ``stats::varimax``, which Kaiser-normalizes the rows and iterates
  the SVD update of Kaiser's criterion until the criterion grows by less than a relative 1e-5.
  statsmodels' varimax is the GPA orthomax (gamma 1) without normalization, a different
  optimum and a different stopping point, so it is written here.
* **promax**: psych's ``rotate="promax"`` Kaiser-normalizes the rows, runs its ``Promax`` (the
  ``stats::varimax`` above, target ``L * |L|^3`` (power 4), least-squares fit to the target,
  columns rescaled so that the factors have unit variance) and de-normalizes.
  statsmodels' ``promax`` uses power 2 by default, no normalization, and returns
  ``A (S D)^-T`` rather than the pattern ``A S D``, so it is written here.
"""

from __future__ import annotations

import warnings

import numpy as np
from statsmodels.multivariate.factor_rotation import rotate_factors

from .._messages import Text
from ._convergence import NotConvergedWarning

__all__ = ["oblimin", "promax", "varimax"]

#: GPArotation's default stopping tolerance and iteration limit for GPFoblq.
GPA_TOL = 1e-5
GPA_MAXIT = 1000


def varimax(loadings: np.ndarray, *, normalize: bool = True, eps: float = 1e-5,
            max_iter: int = 1000) -> tuple[np.ndarray, None, bool]:
    """Kaiser's varimax by the SVD iteration of R ``stats::varimax``.

    The rows are scaled to unit length first (Kaiser normalization, R's default). The
    iteration stops when the criterion (the sum of singular values of the update matrix)
    grows by less than a relative ``eps``, as R does.
    """
    rotated, converged, _ = _varimax(loadings, normalize=normalize, eps=eps, max_iter=max_iter)
    return rotated, None, converged


def _varimax(loadings: np.ndarray, *, normalize: bool = True, eps: float = 1e-5,
             max_iter: int = 1000) -> tuple[np.ndarray, bool, np.ndarray]:
    """:func:`varimax` that also returns the orthogonal rotation matrix ``T`` (``A T``)."""
    a = np.asarray(loadings, dtype=float)
    k = a.shape[1]
    if k < 2:
        return a.copy(), True, np.eye(k)
    scale = np.sqrt(np.sum(a**2, axis=1)) if normalize else np.ones(a.shape[0])
    x = a / scale[:, None]
    p = x.shape[0]
    rot = np.eye(k)
    criterion = 0.0
    converged = False
    for _ in range(max_iter):
        z = x @ rot
        # Gradient of Kaiser's raw criterion, centred by the column means of z^2.
        b = x.T @ (z**3 - z * (np.sum(z**2, axis=0) / p))
        u, d, vt = np.linalg.svd(b)
        rot = u @ vt
        previous, criterion = criterion, float(np.sum(d))
        if criterion < previous * (1 + eps):
            converged = True
            break
    if not converged:
        # stacklevel 4: _varimax <- varimax/promax <- efa <- the caller of efa
        warnings.warn(NotConvergedWarning(Text("varimax did not converge in {k} iterations.",
                                               "Phép xoay varimax không hội tụ sau {k} vòng lặp.", {"k": max_iter})),
                      stacklevel=4)
    return (x @ rot) * scale[:, None], converged, rot


def promax(loadings: np.ndarray, *, power: int = 4) -> tuple[np.ndarray, np.ndarray, bool]:
    """Promax with Kaiser normalization, as psych's ``fa(rotate="promax")``.

    The rows are scaled to unit length, rotated by :func:`varimax`, the varimax loadings are
    raised to ``power`` keeping their sign (the target), the least-squares transformation
    ``U`` towards the target is rescaled so that the factor variances are one, and the
    rows are scaled back. ``phi = U^-1 U^-T`` with ``U`` including the varimax rotation.
    """
    a = np.asarray(loadings, dtype=float)
    h = np.sqrt(np.sum(a**2, axis=1))
    x, converged, rot = _varimax(a / h[:, None])
    target = x * np.abs(x) ** (power - 1)
    u = np.linalg.lstsq(x, target, rcond=None)[0]
    u = u * np.sqrt(np.diag(np.linalg.inv(u.T @ u)))
    pattern = (x @ u) * h[:, None]
    u_inv = np.linalg.inv(rot @ u)
    return pattern, u_inv @ u_inv.T, converged


def oblimin(loadings: np.ndarray, *, gamma: float = 0.0, tol: float = GPA_TOL,
            max_iter: int = GPA_MAXIT) -> tuple[np.ndarray, np.ndarray, bool]:
    """Direct oblimin (quartimin for ``gamma=0``) by statsmodels' GPA, as GPArotation::oblimin.

    GPArotation checks the gradient at iterations 0..maxit, hence ``max_tries = max_iter + 1``.
    """
    a = np.asarray(loadings, dtype=float)
    rotated, t = rotate_factors(a, "oblimin", gamma, "oblique", max_tries=max_iter + 1, tol=tol)
    # statsmodels does not report convergence: recompute the projected gradient at the end.
    # Oblimin's gradient in L is L * (C (L^2) N), C = I - gamma/p, N = 1 - I (as GPArotation).
    p, k = rotated.shape
    squared = (np.eye(p) - gamma / p) @ rotated**2 @ (np.ones((k, k)) - np.eye(k))
    grad = -(rotated.T @ (rotated * squared) @ np.linalg.inv(t)).T
    projected = grad - t * np.sum(t * grad, axis=0)
    converged = bool(np.linalg.norm(projected) < tol)
    if not converged:
        warnings.warn(NotConvergedWarning(Text("oblimin did not converge in {k} iterations.",
                                               "Phép xoay oblimin không hội tụ sau {k} vòng lặp.", {"k": max_iter})),
                      stacklevel=3)
    return rotated, t.T @ t, converged
