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


def stage_variance(totals: np.ndarray, st: Stage, lonely: str) -> np.ndarray:
    """One stage of R survey's ``onestage``: centred cluster totals within strata, scaled."""
    n_strata = len(st.n_sampled)
    n = st.n_sampled
    centred = totals - (_group_sum(st.stratum, totals, n_strata) / n[:, None])[st.stratum]
    is_lonely = n == 1
    if lonely == "adjust" and is_lonely.any():
        centred[is_lonely[st.stratum]] = totals[is_lonely[st.stratum]]
    keep = st.keep
    scale = np.where(n > 1, keep * n / np.maximum(n - 1, 1), keep) * st.multiplier
    scale[keep < CERTAINTY] = 0.0
    per_stratum = _group_sum(st.stratum, centred**2, n_strata) * scale[:, None]
    if lonely == "average":
        bad = is_lonely & (keep >= CERTAINTY)
        if bad.any():
            per_stratum[bad] = 0.0
            groups = int(st.parent.max()) + 1
            all_strata = np.bincount(st.parent, minlength=groups)
            ok_strata = np.bincount(st.parent, ~bad, minlength=groups)
            with np.errstate(divide="ignore", invalid="ignore"):
                per_group = _group_sum(st.parent, per_stratum, groups) * (all_strata / ok_strata)[:, None]
            return per_group.sum(axis=0)
    return per_stratum.sum(axis=0)
