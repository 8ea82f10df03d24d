"""Taylor-linearisation variance for stratified multi-stage designs, as R survey's ``svyrecvar``.

A :class:`Stage` describes one sampling stage (clusters, their strata, sampling
fractions); :func:`stage_variance` is one stage of survey's ``onestage``: cluster
totals of the linearised variable, centred within strata and scaled by
n/(n-1), the finite-population correction and the earlier stages' fractions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: A stratum whose sampling fraction is within this of 1 is a certainty stratum (as in R survey).
CERTAINTY = 1e-7


@dataclass(frozen=True, slots=True, eq=False)
class Stage:
    """Sampling stage k: clusters, their strata and the per-stratum variance factors."""

    cluster: np.ndarray      # row -> cluster code
    n_clusters: int
    stratum: np.ndarray      # cluster -> stratum code
    n_sampled: np.ndarray    # stratum -> clusters sampled
    popsize: np.ndarray      # stratum -> clusters in population (inf: with replacement)
    parent: np.ndarray       # stratum -> group whose strata are averaged (lonely_psu='average')
    multiplier: np.ndarray   # stratum -> product of earlier stages' sampling fractions

    @property
    def keep(self) -> np.ndarray:
        """1 - n/N per stratum (1 without fpc)."""
        finite = np.isfinite(self.popsize)
        keep = np.ones(len(self.popsize))
        keep[finite] = 1 - self.n_sampled[finite] / self.popsize[finite]
        return keep


def _group_sum(codes: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    return np.column_stack([np.bincount(codes, values[:, j], minlength=n_groups) for j in range(values.shape[1])])


def _centred(totals: np.ndarray, st: Stage, lonely: str) -> tuple[np.ndarray, np.ndarray]:
    """Cluster totals centred within their strata, and each cluster's factor in the stage's variance.

    The factor is ``(1 - f) n / (n - 1)`` times the earlier stages' fractions (0 in a certainty
    stratum).  With ``lonely='average'`` a lonely stratum gets factor 0 and the other strata of its
    group are scaled up by (strata in the group) / (strata with two or more clusters), as R survey does.
    """
    n_strata = len(st.n_sampled)
    n = st.n_sampled
    centred = totals - (_group_sum(st.stratum, totals, n_strata) / n[:, None])[st.stratum]
    is_lonely = n == 1
    if lonely == "adjust" and is_lonely.any():
        centred[is_lonely[st.stratum]] = totals[is_lonely[st.stratum]]
    keep = st.keep
    scale = np.where(n > 1, keep * n / np.maximum(n - 1, 1), keep) * st.multiplier
    scale[keep < CERTAINTY] = 0.0
    if lonely == "average":
        bad = is_lonely & (keep >= CERTAINTY)
        if bad.any():
            groups = int(st.parent.max()) + 1
            all_strata = np.bincount(st.parent, minlength=groups)
            ok_strata = np.bincount(st.parent, ~bad, minlength=groups)
            with np.errstate(divide="ignore", invalid="ignore"):
                # a group whose strata are all lonely has no variance to average: NaN, as in R
                scale = np.where(bad, np.where(ok_strata[st.parent] == 0, np.nan, 0.0),
                                 scale * (all_strata / ok_strata)[st.parent])
    return centred, scale[st.stratum]


def stage_variance(totals: np.ndarray, st: Stage, lonely: str) -> np.ndarray:
    """One stage of R survey's ``onestage``: the variance of each column's total (centred cluster totals, scaled)."""
    centred, factor = _centred(totals, st, lonely)
    return (centred**2 * factor[:, None]).sum(axis=0)


def stage_covariance(totals: np.ndarray, st: Stage, lonely: str) -> np.ndarray:
    """One stage of R survey's ``onestage`` for several statistics: the covariance matrix of the column totals."""
    centred, factor = _centred(totals, st, lonely)
    return centred.T @ (centred * factor[:, None])
