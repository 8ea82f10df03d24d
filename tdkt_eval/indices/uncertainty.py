"""Uncertainty and sensitivity analysis of a composite index (Saisana, Saltelli & Tarantola 2005).

:func:`uncertainty` rebuilds the index under random choices of normalisation, weights and
aggregation (and, optionally, resampled data), and reports each unit's score and rank
intervals and how much of the rank variance each choice explains.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._results import Result, renamed_field
from .._args import check_conf_level, check_n_resamples, check_seed, old_value, renamed
from ..errors import InvalidParameterError
from .framework import (
    OLD_MISSING,
    NORMALISATIONS,
    Aggregation,
    Missing,
    Normalisation,
    _check_combination,
    _ranks,
    _resolve_weights,
    _Setup,
)

__all__ = ["UncertaintyResult", "uncertainty", "interval_table"]

FACTORS = ("sampling", "normalisation", "weights", "aggregation")
UNIT_COLUMNS = ("index", "ci_low", "ci_high", "rank", "median_rank", "rank_low", "rank_high")


@dataclass(frozen=True, slots=True, kw_only=True)
class UncertaintyResult(Result):
    """Score and rank intervals of a composite index, from :func:`uncertainty`.

    Attributes
    ----------
    units : DataFrame
        Indexed by unit: ``index`` (nominal score 0-100), ``ci_low``, ``ci_high`` (score
        interval), ``rank`` (nominal), ``median_rank``, ``rank_low``, ``rank_high`` (rank interval).
    sensitivity : DataFrame
        Indexed by factor: ``alternatives``, ``first_order``, ``total`` (variance-based indices of the ranks).
    scores, ranks : DataFrame
        The ``n_resamples`` simulated scores and ranks (runs x units).
    weights : Series
        Nominal weights.
    n_resamples, seed : int
        Monte Carlo runs (formerly ``n_runs``, which still reads with a FutureWarning) and seed.
    conf_level : float
        Coverage of the intervals (0.90: 5th to 95th percentile; formerly ``level``, which still
        reads with a FutureWarning).
    """

    units: pd.DataFrame
    sensitivity: pd.DataFrame
    scores: pd.DataFrame
    ranks: pd.DataFrame
    weights: pd.Series
    n_resamples: int
    seed: int
    conf_level: float

    n_runs = renamed_field("n_runs", "n_resamples")
    level = renamed_field("level", "conf_level")

    def to_frame(self) -> pd.DataFrame:
        """The per-unit table (a copy)."""
        return self.units.copy()

    def summary(self) -> str:
        """Units by nominal rank with intervals, then the sensitivity indices."""
        pct = f"{self.conf_level:.0%}"
        return (f"Composite index: {len(self.units)} units, {self.n_resamples} runs (seed {self.seed}), {pct} intervals\n"
                f"{self.units.sort_values('rank').round(2).to_string()}\n\nSensitivity of ranks "
                f"(share of rank variance):\n{self.sensitivity.round(3).to_string()}")



def interval_table(nominal: pd.DataFrame, scores: np.ndarray, ranks: np.ndarray, conf_level: float) -> pd.DataFrame:
    """The per-unit table of :class:`UncertaintyResult` from nominal score/rank and simulated runs (R, units)."""
    a = (1.0 - conf_level) / 2.0
    return pd.DataFrame({
        "index": nominal["score"].to_numpy(), "ci_low": np.quantile(scores, a, axis=0),
        "ci_high": np.quantile(scores, 1 - a, axis=0), "rank": nominal["rank"].to_numpy(),
        "median_rank": np.median(ranks, axis=0),
        "rank_low": np.quantile(ranks, a, axis=0, method="inverted_cdf"),
        "rank_high": np.quantile(ranks, 1 - a, axis=0, method="inverted_cdf"),
    }, index=nominal.index)


def _aggregation(alt) -> tuple[str, float | None]:
    if isinstance(alt, tuple) and len(alt) == 2 and alt[0] == "generalised":
        return "generalised", float(alt[1])
    if alt in ("arithmetic", "geometric"):
        return alt, None
    raise InvalidParameterError(f"Aggregation alternatives must be 'arithmetic', 'geometric' or ('generalised', p). "
                                f"Got {alt!r} instead.")


@renamed(n_runs="n_resamples", level="conf_level")
def uncertainty(df: pd.DataFrame, *, normalisation: Normalisation = "minmax",
                weights: Mapping[str, float] | pd.Series | str | None = None,
                aggregation: Aggregation = "arithmetic", p: float | None = None,
                choices: Mapping[str, tuple] | None = None, n_resamples: int = 1000, seed: int = 0,
                concentration: float = 20.0, conf_level: float = 0.90, replicates: np.ndarray | None = None,
                directions=None, goalposts=None, targets=None, missing: Missing = "available",
                min_share: float = 0.5) -> UncertaintyResult:
    """Monte Carlo over the construction choices of a composite index: score and rank intervals.

    Parameters
    ----------
    df : DataFrame
        Raw indicators (units x indicators).
    normalisation, weights, aggregation, p
        The nominal construction, as :func:`composite`; it gives ``index`` and ``rank``.
    choices : mapping, optional
        Alternatives drawn uniformly and independently in each run, by factor:
        ``"normalisation"`` (method names), ``"weights"`` (``"nominal"``, ``"equal"``, ``"pca"``,
        ``"dirichlet"`` or a mapping of weights) and ``"aggregation"`` (``"arithmetic"``,
        ``"geometric"``, ``("generalised", p)``). A factor left out stays nominal. Default:
        ``{"weights": ("dirichlet",), "aggregation": ("arithmetic", "geometric")}`` (arithmetic only
        for z-scores).
    n_resamples : int, default 1000
        Runs of the Monte Carlo sample that gives the intervals (formerly ``n_runs``).
    seed : int, default 0
        Seed of the ``numpy.random.default_rng`` behind every draw.
    concentration : float, default 20
        Dirichlet perturbation: weights ~ Dirichlet(concentration * K * nominal weights), so each
        weight keeps its nominal mean; with 5 equal weights each has an SD of about 0.04 (20%).
    conf_level : float, default 0.90
        Coverage of the score and rank intervals (formerly ``level``).
    replicates : array (R, units, K), optional
        Resampled indicator tables (e.g. bootstrap replicates of unit means) aligned with ``df``;
        each run draws one, which adds the factor ``"sampling"``.
    directions, goalposts, targets, missing, min_share
        As :func:`composite`.

    Returns
    -------
    UncertaintyResult

    Notes
    -----
    Sensitivity uses the pick-freeze design of Saltelli et al. (2010): two independent
    samples A and B of all factors, and for each varying factor :math:`i` the sample
    :math:`A_B^{(i)}` (A with factor :math:`i` from B), in all :math:`(k + 2) N` builds. With
    :math:`y` the rank of a unit, :math:`V` its variance over A and B,

    .. math:: S_i = \\frac{1}{N V} \\sum_j y_B^{(j)} (y_{A_B^{(i)}}^{(j)} - y_A^{(j)}), \\qquad
              S_{Ti} = \\frac{1}{2 N V} \\sum_j (y_A^{(j)} - y_{A_B^{(i)}}^{(j)})^2

    (Saltelli's first-order and Jansen's total-effect estimators). Each is summed over units
    (numerators and :math:`V`) before dividing: the index of the whole ranking, in which
    units whose rank moves more count more (Gamboa et al. 2014). The choices are discrete, the
    Dirichlet weights and the replicates are drawn inside their factor; ``total - first_order``
    measures interactions. Estimates carry Monte Carlo error of order :math:`1/\\sqrt{N}` and can
    fall slightly below 0. Intervals come from sample A alone.

    References
    ----------
    Saisana, M., Saltelli, A., Tarantola, S. (2005). Uncertainty and sensitivity analysis
    techniques as tools for the quality assessment of composite indicators. JRSS A 168(2), 307-323.
    Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. CPC 181, 259-270.
    OECD/JRC (2008), Handbook on Constructing Composite Indicators, section 7.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.uniform(1, 5, (6, 3)), columns=["a", "b", "c"], index=[f"U{i}" for i in range(6)])
    >>> res = uncertainty(df, choices={"normalisation": ("minmax", "rank"), "weights": ("dirichlet",)},
    ...                   n_resamples=200, seed=1)
    >>> list(res.units.columns)
    ['index', 'ci_low', 'ci_high', 'rank', 'median_rank', 'rank_low', 'rank_high']
    >>> bool(((res.units.rank_low <= res.units["rank"]) & (res.units["rank"] <= res.units.rank_high)).all())
    True
    """
    missing = old_value(missing, "missing", OLD_MISSING, "uncertainty", depth=3)
    check_n_resamples(n_resamples, "uncertainty", minimum=10)
    check_seed(seed, "uncertainty")
    check_conf_level(conf_level, "uncertainty")
    if not concentration > 0:
        raise InvalidParameterError(f"'concentration' must be positive. Got {concentration!r}.")
    norms, aggs, walts = _alternatives(choices, normalisation, aggregation, p)
    setup = _Setup(df, normalisations=tuple(dict.fromkeys((normalisation, *norms))), directions=directions,
                   goalposts=goalposts, targets=targets, missing=missing, min_share=min_share, func="uncertainty")
    x = setup.x
    if replicates is not None:
        replicates = np.asarray(replicates, dtype=float)
        if replicates.ndim != 3 or replicates.shape[1:] != x.shape:
            raise InvalidParameterError(f"'replicates' must have shape (R, {x.shape[0]}, {x.shape[1]}). "
                                        f"Got {replicates.shape}.")
    w0 = _resolve_weights(weights, x)
    plan = _Plan(setup=setup, norms=norms, aggs=aggs, walts=walts, w0=w0, replicates=replicates,
                 n_resamples=n_resamples, concentration=concentration,
                 fixed={i: w0 if (isinstance(a, str) and a == "nominal") else _resolve_weights(a, x)
                        for i, a in enumerate(walts) if not (isinstance(a, str) and a == "dirichlet")})
    nominal = _nominal(setup, normalisation, w0, aggregation, p)
    rng = np.random.default_rng(seed)
    a, b = plan.draw(rng), plan.draw(rng)
    sa = plan.build(a)
    ya, yb = _ranks(sa), _ranks(plan.build(b))
    units = interval_table(nominal, sa, ya, conf_level)
    units.index.name = x.index.name
    return UncertaintyResult(units=units, sensitivity=_sensitivity(plan, a, b, ya, yb),
                             scores=pd.DataFrame(sa, columns=x.index), ranks=pd.DataFrame(ya, columns=x.index),
                             weights=pd.Series(w0, index=x.columns, name="weight"),
                             n_resamples=int(n_resamples), seed=int(seed), conf_level=float(conf_level))


def _alternatives(choices: Mapping[str, tuple] | None, normalisation: str, aggregation: str,
                  p: float | None) -> tuple[tuple, list, tuple]:
    """The alternatives of each construction choice (normalisations, aggregations, weightings), checked."""
    if choices is None:
        choices = {"weights": ("dirichlet",),
                   "aggregation": ("arithmetic",) if normalisation == "zscore" else ("arithmetic", "geometric")}
    unknown = set(choices) - set(FACTORS[1:])
    if unknown:
        raise InvalidParameterError(f"'choices' keys must be among {set(FACTORS[1:])}. Got {sorted(unknown)}.")
    norms = tuple(choices.get("normalisation", (normalisation,)))
    aggs = [_aggregation(a) for a in choices.get("aggregation", ((aggregation, p) if aggregation == "generalised"
                                                                 else aggregation,))]
    walts = tuple(choices.get("weights", ("nominal",)))
    if not (norms and aggs and walts):
        raise InvalidParameterError("Every factor in 'choices' needs at least one alternative.")
    _check_combination(normalisation, aggregation, p)
    for nm in norms:
        if nm not in NORMALISATIONS:
            raise InvalidParameterError(f"Normalisation alternatives must be among {NORMALISATIONS}. Got {nm!r}.")
        for ag, pp in aggs:
            _check_combination(nm, ag, pp)
    return norms, aggs, walts


@dataclass(frozen=True, slots=True, kw_only=True)
class _Plan:
    """The Monte Carlo design: the alternatives of each factor, and how one run's scores are built."""

    setup: _Setup
    norms: tuple
    aggs: list
    walts: tuple
    w0: np.ndarray
    fixed: dict[int, np.ndarray]
    replicates: np.ndarray | None
    n_resamples: int
    concentration: float

    @property
    def levels(self) -> dict[str, int]:
        n_rep = 1 if self.replicates is None else self.replicates.shape[0]
        return {"sampling": n_rep, "normalisation": len(self.norms), "weights": len(self.walts),
                "aggregation": len(self.aggs)}

    def varying(self) -> list[str]:
        """The factors that take more than one value in the runs."""
        levels, dirichlet = self.levels, "dirichlet" in [a for a in self.walts if isinstance(a, str)]
        return [f for f in FACTORS if (f == "sampling" and self.replicates is not None)
                or (f == "weights" and (dirichlet or len(self.walts) > 1))
                or (f in ("normalisation", "aggregation") and levels[f] > 1)]

    def draw(self, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """One matrix of runs: the alternative of every factor in each run, and the run's weights."""
        levels, n, k = self.levels, self.n_resamples, self.setup.x.shape[1]
        d = {f: rng.integers(levels[f], size=n) for f in FACTORS}
        if self.replicates is not None:
            d["sampling"] = rng.permutation(np.arange(n) % levels["sampling"])
        w = np.empty((n, k))
        for i, _ in enumerate(self.walts):
            sel = d["weights"] == i
            w[sel] = self.fixed[i] if i in self.fixed else rng.dirichlet(
                np.maximum(self.concentration * k * self.w0, 1e-3), sel.sum())
        d["w"] = w
        return d

    def build(self, d: dict[str, np.ndarray]) -> np.ndarray:
        """The units' scores in each run of ``d``."""
        x = self.setup.x
        out = np.empty((self.n_resamples, x.shape[0]))
        for ni, nm in enumerate(self.norms):
            for ai, (ag, pp) in enumerate(self.aggs):
                sel = np.flatnonzero((d["normalisation"] == ni) & (d["aggregation"] == ai))
                if sel.size:
                    stack = x.to_numpy()[None] if self.replicates is None else self.replicates[d["sampling"][sel]]
                    out[sel] = self.setup.build(stack, nm, d["w"][sel], ag, pp)
        return out


def _sensitivity(plan: _Plan, a: dict, b: dict, ya: np.ndarray, yb: np.ndarray) -> pd.DataFrame:
    """First-order and total sensitivity of the ranks to each varying factor (Saltelli's two matrices)."""
    var = np.var(np.concatenate([ya, yb]), axis=0).sum()
    rows = {}
    for f in plan.varying():
        ab = dict(a)
        ab[f] = b[f]
        if f == "weights":
            ab["w"] = b["w"]
        yab = _ranks(plan.build(ab))
        first = np.mean(yb * (yab - ya), axis=0).sum() / var if var > 0 else np.nan
        total = np.mean((ya - yab) ** 2, axis=0).sum() / 2 / var if var > 0 else np.nan
        rows[f] = {"alternatives": plan.levels[f], "first_order": first, "total": total}
    sens = pd.DataFrame.from_dict(rows, orient="index", columns=["alternatives", "first_order", "total"])
    sens.index.name = "factor"
    return sens


def _nominal(setup: _Setup, normalisation: str, w0: np.ndarray, aggregation: str, p) -> pd.DataFrame:
    s = setup.build(setup.x.to_numpy()[None], normalisation, w0[None], aggregation, p)
    return pd.DataFrame({"score": s[0], "rank": _ranks(s)[0].astype(int)}, index=setup.x.index)

