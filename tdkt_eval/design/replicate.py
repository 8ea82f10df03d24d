"""Replicate-weight designs (R survey's ``svrepdesign`` and ``as.svrepdesign``).

A :class:`ReplicateDesign` holds the full-sample weights and R columns of replicate weights.
Every statistic is computed once with the full weights and once with each replicate's, and its
variance is ``scale × Σ_r rscale_r (θ_r − θ̄)²`` (R ``svrVar``; ``θ̄`` the mean of the
replicates, or the full-sample estimate with ``mse=True``).  The degrees of freedom are the rank
of the replicate weights minus one (R ``degf``).

:meth:`Design.replicate` builds the replicates from a design:

- ``"jk1"``: delete one first-stage PSU at a time, the others weighted ``n/(n−1)``; scale
  ``(n−1)/n``, times ``1 − n/N`` with a single population size (R ``jk1weights``);
- ``"jkn"``: the same within each stratum, ``rscale = (n_h−1)/n_h × (1 − f_h)`` (R ``jknweights``);
- ``"brr"`` and ``"fay"``: balanced half-samples of a design with two PSUs per stratum, from the
  columns of a Sylvester Hadamard matrix; Fay's ``rho`` keeps the other half at ``rho``
  (scale ``1 / (R (1 − rho)²)``);
- ``"bootstrap"``: Rao & Wu's rescaled bootstrap (n_h − 1 PSUs drawn with replacement in each
  stratum, weights × n_h/(n_h − 1) × times drawn), scale ``1/(R − 1)``, from ``seed``.
"""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError

import numpy as np
import pandas as pd
from scipy import linalg, stats

from .._args import check_choice, check_conf_level, check_missing
from ..errors import DesignError, InvalidParameterError
from .checks import numeric_column, require
from .estimation import Design

__all__ = ["ReplicateDesign", "replicate_weights"]

TYPES = ("JK1", "JKn", "BRR", "Fay", "bootstrap", "other")


class ReplicateDesign:
    """A design given by replicate weights (R ``svrepdesign``); its methods are those of :class:`Design`.

    Parameters
    ----------
    df : DataFrame
        One row per respondent; never modified.
    weights : str
        The full-sample weight column.
    repweights : list of str, or str
        The replicate-weight columns, or a regular expression matching their names (as R).
    type : {'JK1', 'JKn', 'BRR', 'Fay', 'bootstrap', 'other'}
        How the replicates were made; it sets the default ``scale`` and ``rscales``.
    scale : float, optional
        Default: JK1 ``(R−1)/R``, BRR ``1/R``, Fay ``1/(R(1−rho)²)``, bootstrap ``1/(R−1)``.
        Required for 'other'.
    rscales : float or sequence of float, optional
        One per replicate (required for JKn), default 1.
    rho : float, optional
        Fay's coefficient (required for 'Fay').
    combined_weights : bool, default True
        The columns hold the replicate weights themselves (True) or multipliers of ``weights``.
    mse : bool, default False
        Centre the replicates at the full-sample estimate instead of their mean.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [1.0] * 4, "r1": [0, 4 / 3, 4 / 3, 4 / 3],
    ...                    "r2": [4 / 3, 0, 4 / 3, 4 / 3], "r3": [4 / 3, 4 / 3, 0, 4 / 3], "r4": [4 / 3, 4 / 3, 4 / 3, 0]})
    >>> d = ReplicateDesign(df, weights="w", repweights=["r1", "r2", "r3", "r4"], type="JK1")
    >>> round(d.mean("y").se, 6)  # the SRS standard error s / sqrt(n)
    0.645497
    """

    __slots__ = ("data", "type", "scale", "rscales", "mse", "_w", "_reps", "_degf")

    def __init__(self, df: pd.DataFrame, *, weights: str, repweights, type: str, scale: float | None = None,
                 rscales=None, rho: float | None = None, combined_weights: bool = True, mse: bool = False) -> None:
        check_choice(type, "type", TYPES)
        require(df, weights, "weights")
        columns = ([c for c in df.columns if re.search(repweights, str(c))]
                   if isinstance(repweights, str) else list(repweights))
        if not columns:
            raise DesignError("No replicate-weight columns were found.", fix="Give their names, or a pattern "
                              "that matches them (e.g. 'repwt[0-9]+').")
        for col in columns:
            require(df, col, "replicate weights")
        w = numeric_column(df, weights, "weights")
        reps = np.column_stack([numeric_column(df, c, "replicate weights") for c in columns])
        if np.isnan(reps).any() or np.isnan(w).any():
            raise DesignError("Replicate or full-sample weights have missing values.",
                              fix="Every row needs its full-sample weight and every replicate weight.")
        if not combined_weights:
            reps = reps * w[:, None]
        self._setup(df, type, reps, w, scale, rscales, rho, mse)

    def _setup(self, df, type, reps, w, scale, rscales, rho, mse) -> None:
        n_reps = reps.shape[1]
        if type == "Fay" and rho is None:
            raise InvalidParameterError("With type='Fay' give rho, the weight kept by the other half-sample.")
        if scale is None:
            scale = {"JK1": (n_reps - 1) / n_reps, "BRR": 1 / n_reps, "bootstrap": 1 / max(n_reps - 1, 1),
                     "Fay": 1 / (n_reps * (1 - (rho or 0)) ** 2)}.get(type, 1.0 if type == "JKn" else None)
            if scale is None:
                raise InvalidParameterError("With type='other' give scale (and rscales if they differ).")
        if type == "JKn" and rscales is None:
            raise InvalidParameterError("With type='JKn' give rscales: (n_h − 1) / n_h for each replicate.")
        rscales = np.broadcast_to(np.asarray(1.0 if rscales is None else rscales, float), (n_reps,)).copy()
        s = object.__setattr__
        for name, value in [("data", df.copy(deep=False)), ("type", type), ("scale", float(scale)),
                            ("rscales", rscales), ("mse", bool(mse)), ("_w", w), ("_reps", reps),
                            ("_degf", _rank(reps) - 1)]:
            s(self, name, value)

    @classmethod
    def _from_arrays(cls, df, type, reps, w, scale, rscales, rho=None) -> ReplicateDesign:
        new = object.__new__(cls)
        new._setup(df, type, reps, w, scale, rscales, rho, False)
        return new

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"ReplicateDesign is immutable: cannot set '{name}'.")

    @property
    def degf(self) -> int:
        """Rank of the replicate weights minus one (R ``degf`` of a replicate design)."""
        return self._degf

    @property
    def n_replicates(self) -> int:
        return self._reps.shape[1]

    def replicate_weights(self) -> pd.DataFrame:
        """The replicate weights, one column per replicate (``rep1``, ``rep2``, …), indexed like the data."""
        return pd.DataFrame(self._reps, index=self.data.index,
                            columns=[f"rep{i + 1}" for i in range(self.n_replicates)])

    def summary(self) -> str:
        return (f"ReplicateDesign ({self.type}): {len(self.data)} rows, {self.n_replicates} replicates, "
                f"scale {self.scale:.6g}, df {self.degf}")

    __repr__ = summary

    # ---- the variance engine ------------------------------------------------------------------
    def _variance_of(self, full: np.ndarray, replicates: np.ndarray) -> np.ndarray:
        """R ``svrVar``: scale × Σ rscale (θ_r − centre)(θ_r − centre)'."""
        centre = full if self.mse else replicates[self.rscales > 0].mean(axis=0)
        deviations = (replicates - centre) * np.sqrt(self.rscales)[:, None]
        return self.scale * deviations.T @ deviations

    def _ratio_covariance(self, numerators: np.ndarray, denominators: np.ndarray | None = None):
        """Ratios of weighted totals (totals without denominators) and their replicate covariance."""
        if denominators is not None and denominators.ndim == 1:
            denominators = denominators[:, None]
        full = self._w @ numerators
        replicated = self._reps.T @ numerators
        if denominators is not None:
            full = full / (self._w @ denominators)
            replicated = replicated / (self._reps.T @ denominators)
        return full, self._variance_of(full, replicated)

    def _degf_where(self, rows: np.ndarray) -> int:
        """R: replicate designs keep their degrees of freedom when rows are left out."""
        return self._degf

    # ---- estimates ------------------------------------------------------------------------------
    def mean(self, col: str, *, by: str | None = None, missing: str = "raise", conf_level: float = 0.95):
        """Weighted mean (R ``svymean`` on a replicate design); with ``by``, one per domain.

        The interval uses a t quantile on :attr:`degf`; the design effect is not computed (NaN).
        """
        return self._ratio_estimate("mean", col, numeric_column(self.data, col, "analysis"), None, by, missing,
                                    conf_level)

    def total(self, col: str, *, by: str | None = None, missing: str = "raise", conf_level: float = 0.95):
        """Weighted total (R ``svytotal`` on a replicate design)."""
        return self._ratio_estimate("total", col, numeric_column(self.data, col, "analysis"), None, by, missing,
                                    conf_level)

    def ratio(self, num: str, den: str, *, by: str | None = None, missing: str = "raise", conf_level: float = 0.95):
        """Ratio of weighted totals (R ``svyratio`` on a replicate design)."""
        return self._ratio_estimate("ratio", f"{num}/{den}", numeric_column(self.data, num, "numerator"),
                                    numeric_column(self.data, den, "denominator"), by, missing, conf_level)

    def proportion(self, col: str, category, *, by: str | None = None, missing: str = "raise",
                   conf_level: float = 0.95):
        """Share of rows in ``category`` of ``col``."""
        require(self.data, col, "analysis")
        values = self.data[col]
        y = (values == category).to_numpy(float)
        y[values.isna().to_numpy()] = np.nan
        return self._ratio_estimate("proportion", f"{col}={category}", y, None, by, missing, conf_level)

    def _ratio_estimate(self, kind, name, y, x, by, missing, conf_level):
        from .estimation import COLUMNS, DomainResult, Estimate

        missing = check_missing(missing, ("raise", "drop"), f"ReplicateDesign.{kind}")
        check_conf_level(conf_level, f"ReplicateDesign.{kind}")
        absent = np.isnan(y) if x is None else np.isnan(y) | np.isnan(x)
        if by is not None:
            require(self.data, by, "domain (by)")
            absent |= self.data[by].isna().to_numpy()
        if absent.any() and missing == "raise":
            raise DesignError(f"'{name}' (or its domain) has missing values.",
                              fix="Pass missing='drop' to estimate from the answered rows (kept as a domain).")
        keep = ~absent
        if by is None:
            labels, groups = np.array([None]), np.zeros(len(y), int)
        else:
            labels, kept_groups = np.unique(self.data.loc[keep, by].to_numpy(), return_inverse=True)
            groups = _codes(keep, kept_groups, len(labels))
        groups = np.where(keep, groups, len(labels))
        indicator = (groups[:, None] == np.arange(len(labels))).astype(float)
        numerators = indicator * np.where(keep, y, 0.0)[:, None]
        if kind == "total":
            estimates, covariance = self._ratio_covariance(numerators)
        else:
            denominators = indicator if x is None else indicator * np.where(keep, x, 0.0)[:, None]
            estimates, covariance = self._ratio_covariance(numerators, denominators)
        se = np.sqrt(np.diag(covariance))
        q = stats.t.ppf(0.5 + conf_level / 2, self.degf)
        n = indicator.sum(axis=0).astype(int)
        if by is None:
            return Estimate(name=name, statistic=kind, estimate=float(estimates[0]), se=float(se[0]),
                            ci=(float(estimates[0] - q * se[0]), float(estimates[0] + q * se[0])), deff=float("nan"),
                            n=int(n[0]), df=float(self.degf), conf_level=conf_level, ci_method="t")
        table = pd.DataFrame({by: labels})
        for column, values in zip(COLUMNS, [estimates, se, estimates - q * se, estimates + q * se,
                                            np.full(len(labels), np.nan), n]):
            table[column] = values
        return DomainResult(table=table, name=name, statistic=kind, by=(by,), df=float(self.degf),
                            conf_level=conf_level, ci_method="t")

    # ---- models and tests: Design's own methods; each asks the design for its (replicate) covariance ----
    glm = Design.glm
    ttest = Design.ttest
    contrast = Design.contrast
    chisq = Design.chisq
    quantile = Design.quantile

def _codes(keep: np.ndarray, groups_of_kept: np.ndarray, k: int) -> np.ndarray:
    codes = np.full(len(keep), k)
    codes[keep] = groups_of_kept
    return codes


def _rank(matrix: np.ndarray) -> int:
    """Numerical rank as R's ``qr(x, tol = 1e-5)$rank`` would find for replicate weights."""
    singular = np.linalg.svd(matrix, compute_uv=False)
    return int((singular > 1e-5 * singular[0]).sum()) if len(singular) else 0


# ---- making replicates from a design ------------------------------------------------------------------
def replicate_weights(design, method: str, *, replicates: int = 50, rho: float = 0.5, seed: int = 0):
    """See :meth:`Design.replicate`."""
    check_choice(method, "method", ("jk1", "jkn", "brr", "fay", "bootstrap"))
    st = design._stages[0]
    psu, stratum_of_psu = st.cluster, st.stratum
    n_h = st.n_sampled
    w = design._w
    if method == "jk1":
        n = st.n_clusters
        reps = np.where(psu[:, None] == np.arange(n), 0.0, n / (n - 1)) * w[:, None]
        popsize = np.unique(st.popsize)
        factor = 1 - n / popsize[0] if len(popsize) == 1 and np.isfinite(popsize[0]) else 1.0
        return ReplicateDesign._from_arrays(design.data, "JK1", reps, w, factor * (n - 1) / n, None)
    if method == "jkn":
        if (n_h < 2).any():
            raise DesignError("A stratum has only one PSU: its PSU cannot be deleted.",
                              fix="Collapse it with a similar stratum, or use method='jk1'.")
        stratum = stratum_of_psu[psu]
        same = stratum[:, None] == stratum_of_psu[None, :]
        factor = np.where(same, n_h[stratum][:, None] / (n_h[stratum][:, None] - 1), 1.0)
        reps = np.where(psu[:, None] == np.arange(st.n_clusters), 0.0, factor) * w[:, None]
        keep = st.keep
        rscales = (n_h[stratum_of_psu] - 1) / n_h[stratum_of_psu] * keep[stratum_of_psu]
        return ReplicateDesign._from_arrays(design.data, "JKn", reps, w, 1.0, rscales)
    if method in ("brr", "fay"):
        if (n_h != 2).any():
            raise DesignError("Balanced repeated replication needs exactly two PSUs in every stratum.",
                              fix="Pair the PSUs into strata of two, or use method='jkn' or 'bootstrap'.")
        fay = rho if method == "fay" else 0.0
        if not 0 <= fay < 1:
            raise InvalidParameterError(f"The 'rho' parameter must be in [0, 1). Got {rho!r} instead.")
        n_strata = len(n_h)
        size = 1 << int(np.ceil(np.log2(n_strata + 1)))
        signs = linalg.hadamard(size)[:, 1:n_strata + 1].astype(float)   # replicate × stratum; all-ones column out
        first = np.zeros(st.n_clusters, bool)
        first[np.unique(stratum_of_psu, return_index=True)[1]] = True   # the first PSU of each stratum
        sign = np.where(first, 1.0, -1.0)[:, None] * signs[:, stratum_of_psu].T   # PSU × replicate
        multipliers = np.where(sign > 0, 2 - fay, fay)
        reps = multipliers[psu] * w[:, None]
        scale = 1 / (size * (1 - fay) ** 2)
        return ReplicateDesign._from_arrays(design.data, "Fay" if method == "fay" else "BRR", reps, w, scale,
                                            None, rho=fay if method == "fay" else None)
    rng = np.random.default_rng(seed)
    if (n_h < 2).any():
        raise DesignError("A stratum has only one PSU: it cannot be resampled.",
                          fix="Collapse it with a similar stratum.")
    counts = np.zeros((st.n_clusters, replicates))
    members = [np.flatnonzero(stratum_of_psu == h) for h in range(len(n_h))]
    for r in range(replicates):
        for h, psus in enumerate(members):
            drawn = rng.choice(psus, size=len(psus) - 1, replace=True)
            np.add.at(counts[:, r], drawn, 1.0)
    factor = (n_h / (n_h - 1))[stratum_of_psu][:, None] * counts
    reps = factor[psu] * w[:, None]
    return ReplicateDesign._from_arrays(design.data, "bootstrap", reps, w, 1 / (replicates - 1), None)

