"""Rotating flags ("cờ luân lưu"): does a cluster's emulation flag follow its scores?

:func:`flag_rotation` tests, cluster by cluster, the sequence of flag winners against a merit
model fitted to the clusters' own total scores (domain primer, section 2 row 2).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import special

from .. import _progress
from .._args import check_n_resamples, check_seed, renamed
from ..errors import (
    DataQualityWarning,
    DuplicateKeyError,
    EmptyFileError,
    InconsistentValuesError,
    InvalidCategoryError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
)
from .._messages import describe_values

__all__ = ["flag_rotation"]

_REQUIRED = ("cluster_id", "year", "unit_id", "total_score", "flag_awarded")
_EPS = 0.25  # weight of "any unit" in the soft rotation model that defines the statistic


@dataclass(frozen=True, slots=True)
class _Cluster:
    cluster_id: str
    years: np.ndarray  # (Y,)
    units: np.ndarray  # (U,) sorted unit ids
    scores: np.ndarray  # (Y, U) total scores, NaN where the unit was not scored that year
    winners: np.ndarray  # (Y,) column of the flag winner


@dataclass(frozen=True, slots=True)
class _MeritFit:
    beta: float  # ML in the mixture over all clusters
    log_odds: float  # logit of the mixture's merit share
    upper: float
    null_beta: np.ndarray  # (C,) ML with cluster c counted as a merit cluster: the fit under c's null
    other_beta: np.ndarray  # (C,) ML without cluster c: the statistic's beta against the lottery
    info: np.ndarray  # (C,) weighted Fisher information at null_beta; 0 keeps beta fixed

    def step(self, c: int, pull: np.ndarray) -> np.ndarray:
        """beta re-estimated by one Newton step from a simulated table's summed weighted scores."""
        if self.info[c] <= 0:
            return np.full(pull.shape, self.null_beta[c])
        return np.clip(self.null_beta[c] + pull / self.info[c], 0.0, self.upper)


class _Model:
    """One cluster's merit model at the fitted beta, evaluated on draws x years of winners."""

    def __init__(self, cluster: _Cluster, fit: _MeritFit, beta: float) -> None:
        self.fit, self.present = fit, ~np.isnan(cluster.scores)
        self.centred = np.nan_to_num(cluster.scores - np.nanmax(cluster.scores, axis=1, keepdims=True))
        self.logp = np.where(self.present, _log_softmax(np.array([beta]), self.centred, self.present)[0], -np.inf)
        self.expected = np.sum(np.exp(self.logp) * self.centred, axis=1)
        self.log_unif = -float(np.sum(np.log(self.present.sum(axis=1))))

    def evaluate(self, winners: np.ndarray, *, merit: bool = False) -> dict[str, np.ndarray]:
        """T and the pull on beta of each draw; ``merit`` counts the cluster as a merit cluster (weight 1)."""
        years = np.arange(winners.shape[1])[None, :]
        selected = self.centred[years, winners]
        loglik = self.logp[years, winners].sum(axis=1)
        weight = np.ones(len(loglik)) if merit else _weight(self.fit.log_odds, loglik - self.log_unif)
        rotation = _rotation_term(winners, self.present)
        return {"selected": selected, "rotation": rotation, "statistic": rotation - loglik, "weight": weight,
                "pull": weight * (selected - self.expected).sum(axis=1)}

    def statistic(self, draws: dict[str, np.ndarray], betas: np.ndarray) -> np.ndarray:
        """T of each draw with the merit model at that draw's own beta."""
        norm = _log_softmax(betas, self.centred, self.present, normaliser_only=True)
        return draws["rotation"] - np.sum(betas[:, None] * draws["selected"] - norm, axis=1)


@renamed(n_sim="n_resamples")
def flag_rotation(cluster_results: pd.DataFrame, *, n_resamples: int = 2000, seed: int | None = 0, alpha: float = 0.05,
                  beta: float | None = None, ties: Literal["random", "conservative"] = "random",
                  progress: bool | None = False) -> pd.DataFrame:
    r"""Test each cluster's sequence of flag winners for rotation against a merit model.

    Parameters
    ----------
    cluster_results : DataFrame
        The ``cluster_results`` table: ``cluster_id``, ``year``, ``unit_id``, ``total_score`` and
        ``flag_awarded`` (blank = no), one row per unit and year; one flag per cluster-year.
    n_resamples : int, default 2000
        Monte Carlo draws of each null distribution (formerly ``n_sim``).
    seed : int or None, default 0
        Seed of ``np.random.default_rng``; the clusters are simulated in sorted order.
    alpha : float, default 0.05
        Significance level of the test: ``rotating`` is raised when ``p_merit < alpha``.  (The
        one ``alpha`` of the package: it is a test's size, not an interval's level.)
    beta : float, optional
        Slope of the merit model per point of ``total_score``.  Estimated from all the clusters of
        the table by default (see Notes); pass it when it is known from clusters that award on merit.
    ties : {"random", "conservative"}, default "random"
        How simulated statistics equal to the observed one count: placed at random among them (a
        randomised test), or all as at least as extreme (conservative).
    progress : bool or None, default False
        Show a progress bar over the clusters' simulations on stderr; None shows it when stderr is
        a terminal (the environment variable ``TDKT_PROGRESS`` = 0 or 1 overrides).  Results are
        the same either way.

    Returns
    -------
    DataFrame
        One row per cluster: ``cluster_id``, ``years``, ``units`` (distinct units scored),
        ``distinct_winners``, ``repeat_wins`` (years whose winner had won before), ``not_top_rate``
        (share of years whose winner did not have the year's highest ``total_score``; a tie for the
        top counts as top), ``statistic`` (T below), ``beta`` (the merit slope of the cluster's
        null), ``p_merit``, ``p_uniform`` and ``rotating`` (``p_merit < alpha``).  Higher
        ``statistic``, ``not_top_rate`` and ``distinct_winners`` are more rotation-like.

    Raises
    ------
    MissingColumnError, MissingValueError, DuplicateKeyError, MixedTypeError, InvalidCategoryError
        The table breaks its contract (a flag winner without a score is a MissingValueError).
    InconsistentValuesError
        A cluster with a single unit, or a cluster-year with no flag or with several.
    InvalidParameterError
        An option outside its allowed values.

    Notes
    -----
    **Merit null.**  In year *t* the flag goes to unit *u* with the Plackett-Luce first-choice
    probability :math:`p_t(u) = e^{\beta s_{tu}} / \sum_v e^{\beta s_{tv}}` over the units scored
    that year (Luce 1959; Plackett 1975), with :math:`\beta` common to merit clusters (scores on one
    scale).  Fitted to the tested cluster alone, :math:`\beta` would absorb its rotation; pooled
    naively, rotating clusters would drag it down.  So the clusters are a two-component mixture
    (McLachlan and Peel 2000), merit or lottery, and rotating clusters get a merit weight near 0.
    The null of cluster *c* is fitted by ML in this mixture with *c* counted as merit and the others
    weighted by their posterior merit probability (grid search refined by a parabola); this is the
    reported ``beta``.  With no rotation in the table it is the pooled ML estimate.

    **Statistic.**  The log likelihood ratio of a soft rotation model to the merit model,
    :math:`T = \sum_t [\log q_t(w_t) - \log p_t(w_t)]` with
    :math:`q_t(u) = (1 - \varepsilon) 1\{u \text{ eligible}\} / m_t + \varepsilon / n_t`:
    :math:`w_t` is the winner, :math:`n_t` the units scored, a unit is eligible if it did not win in
    the previous :math:`n_t - 1` years (a full round), :math:`m_t` counts them and
    :math:`\varepsilon = 0.25`.  :math:`-\log p_t(w_t)` grows when winners are not the units the
    scores favour; :math:`\log q_t` rewards distinct winners and carries the power when merit is
    weak.  Distinct winners who were the top scorers (the demo's C4) give a small T.

    **p-values.**  Winners are drawn ``n_resamples`` times with the cluster's actual scores.  Under the
    merit null the whole table is redrawn (the tested cluster from its null, the others from their
    fitted component) and :math:`\beta` re-estimated in each draw by one Newton step, so the null
    distribution of T carries the error of :math:`\hat\beta` (a parametric bootstrap of the
    procedure; Davison and Hinkley 1997, ch. 4).  In simulations, a plug-in :math:`\hat\beta` gave
    a size of 0.035 at 0.05 and a leave-cluster-out :math:`\hat\beta` 0.08.  ``p_uniform`` tests
    against a lottery each year, with T at the :math:`\beta` fitted without the cluster (an exact
    test); small values mean the flags avoid repeats and top scorers more than chance (turn-taking).
    With *K* simulated T equal to the observed, :math:`p = (1 + \#\{T^* > T\} + k) / (1 + n_{sim})`,
    *k* uniform on 0..K (``"conservative"``: *k* = *K*), so p-values do not pile up at 1 when the
    top scorer always wins.  With fewer than three clusters (a warning is given), or if most
    clusters may rotate, pass ``beta``.

    References
    ----------
    Davison, A. C. and Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. CUP.
    Luce, R. D. (1959). *Individual Choice Behavior*. Wiley.
    McLachlan, G. and Peel, D. (2000). *Finite Mixture Models*. Wiley.
    Plackett, R. L. (1975). The analysis of permutations. *Applied Statistics* 24(2), 193-202.

    Examples
    --------
    >>> import tdkt_eval as te
    >>> from tdkt_eval.paths import demo_dir
    >>> results = te.load_records(demo_dir() / "cluster_results.csv", "cluster_results")
    >>> out = flag_rotation(results, n_resamples=500)
    >>> print(out[["cluster_id", "distinct_winners", "not_top_rate", "rotating"]].round(2).to_string(index=False))
    cluster_id  distinct_winners  not_top_rate  rotating
            C1                 3          0.17     False
            C2                 6          1.00      True
            C3                 3          0.17     False
            C4                 5          0.33     False
            C5                 6          1.00      True
            C6                 4          0.17     False
    """
    check_n_resamples(n_resamples, "flag_rotation", minimum=1)
    check_seed(seed, "flag_rotation")
    _check_options(alpha=alpha, beta=beta, ties=ties)
    clusters = _prepare(cluster_results)
    if beta is None and len(clusters) < 3:
        warnings.warn(f"The merit slope beta is estimated from only {len(clusters)} cluster(s), so a rotating "
                      "cluster partly sets its own null; pass beta= from clusters known to award on merit.",
                      DataQualityWarning, stacklevel=3)  # 3: past the renamed() wrapper
    if beta is None:
        fit = _fit_merit(clusters)
    else:
        given = np.full(len(clusters), float(beta))
        fit = _MeritFit(float(beta), np.inf, np.inf, given, given, np.zeros(len(clusters)))
    rng = np.random.default_rng(seed)
    # pass 1, at the overall fit: lotteries, and each cluster's random pull on beta in every simulated table
    drawn, total = [], np.zeros(n_resamples)
    for c in clusters:
        model = _Model(c, fit, fit.beta)
        obs = model.evaluate(c.winners[None, :])
        merit = model.evaluate(_draw(np.exp(model.logp), n_resamples, rng))
        lottery = _draw(model.present / model.present.sum(axis=1, keepdims=True), n_resamples, rng)
        pull = np.where(rng.random(n_resamples) < obs["weight"][0], merit["pull"], model.evaluate(lottery)["pull"])
        total += pull
        drawn.append((lottery, pull))
    # pass 2, at each cluster's null fit: p_uniform, and p_merit with beta re-estimated in every draw
    rows = []
    tested = _progress.progress(zip(clusters, drawn), total=len(clusters), desc="flag rotation", enabled=progress)
    for i, (c, (lottery, pull)) in enumerate(tested):
        model = _Model(c, fit, fit.other_beta[i])  # T does not depend on the cluster's winners via beta
        p_uniform = _mc_pvalue(model.evaluate(c.winners[None, :])["statistic"][0],
                               model.evaluate(lottery)["statistic"], rng, ties)
        model = _Model(c, fit, fit.null_beta[i])
        t_obs = model.evaluate(c.winners[None, :])["statistic"][0]
        merit = model.evaluate(_draw(np.exp(model.logp), n_resamples, rng), merit=True)
        t_sim = model.statistic(merit, fit.step(i, total - pull + merit["pull"]))
        p_merit = _mc_pvalue(t_obs, t_sim, rng, ties)
        top = c.scores[np.arange(len(c.years)), c.winners] >= np.nanmax(c.scores, axis=1)
        distinct = len(np.unique(c.winners))
        rows.append({"cluster_id": c.cluster_id, "years": len(c.years), "units": len(c.units),
                     "distinct_winners": distinct, "repeat_wins": len(c.years) - distinct,
                     "not_top_rate": float(np.mean(~top)), "statistic": float(t_obs), "beta": float(fit.null_beta[i]),
                     "p_merit": p_merit, "p_uniform": p_uniform, "rotating": bool(p_merit < alpha)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the model and the statistic
def _log_softmax(betas: np.ndarray, centred: np.ndarray, present: np.ndarray, *,
                 normaliser_only: bool = False) -> np.ndarray:
    """log p at each beta (betas x rows x units), or only log sum exp (betas x rows).

    ``centred`` scores are <= 0 with a 0 in every row, so the sum is >= 1 and needs no max-shift.
    """
    scaled = betas[:, None, None] * centred
    norm = np.log(np.sum(np.exp(scaled) * present, axis=-1))
    return norm if normaliser_only else scaled - norm[..., None]


def _weight(log_odds: float, log_ratio: np.ndarray) -> np.ndarray:
    """Posterior merit weight of a cluster; log_odds is +-inf when the share is 1 or 0."""
    return np.full(log_ratio.shape, float(log_odds > 0)) if np.isinf(log_odds) else special.expit(log_odds + log_ratio)


def _draw(prob: np.ndarray, n_draws: int, rng: np.random.Generator) -> np.ndarray:
    """``n_draws`` winners per year (draws x years) from the rows of ``prob`` (years x units), by inversion."""
    cum = np.cumsum(prob, axis=1)
    last = prob.shape[1] - 1 - np.argmax(prob[:, ::-1] > 0, axis=1)  # the last unit that can win
    cum[np.arange(prob.shape[1])[None, :] >= last[:, None]] = np.inf  # so rounding never passes it
    return (rng.random((n_draws, prob.shape[0]))[:, :, None] >= cum[None]).sum(axis=2)


def _rotation_term(winners: np.ndarray, present: np.ndarray) -> np.ndarray:
    """sum_t log q_t(w_t) of the soft rotation model, for each row of ``winners`` (draws x years)."""
    n, n_years = winners.shape
    draws, n_t, out = np.arange(n), present.sum(axis=1), np.zeros(n)
    for y in range(n_years):
        won = np.zeros((n, present.shape[1]), dtype=bool)
        won[draws[:, None], winners[:, max(0, y - (n_t[y] - 1)):y]] = True
        eligible = ~won[draws, winners[:, y]]
        out += np.log((1 - _EPS) * eligible / (present[y] & ~won).sum(axis=1) + _EPS / n_t[y])
    return out


def _mc_pvalue(t_obs: float, t_sim: np.ndarray, rng: np.random.Generator, ties: str) -> float:
    tol = 1e-9 * (1.0 + abs(t_obs))
    above, equal = int(np.sum(t_sim > t_obs + tol)), int(np.sum(np.abs(t_sim - t_obs) <= tol))
    k = equal if ties == "conservative" else int(rng.integers(0, equal + 1))
    return (1 + above + k) / (1 + t_sim.size)


def _fit_merit(clusters: list[_Cluster]) -> _MeritFit:
    """beta by ML in the merit/lottery mixture over clusters, overall and with each cluster counted as merit.

    Both are maximised on a log-spaced grid of beta, refined by the vertex of a parabola.
    """
    width = max(len(c.units) for c in clusters)
    raw = np.vstack([np.pad(c.scores, ((0, 0), (0, width - len(c.units))), constant_values=np.nan) for c in clusters])
    present = ~np.isnan(raw)
    s = np.nan_to_num(raw - np.nanmax(raw, axis=1, keepdims=True))
    winners = np.concatenate([c.winners for c in clusters])
    which = np.repeat(np.arange(len(clusters)), [len(c.years) for c in clusters])
    log_unif = -np.bincount(which, np.log(present.sum(axis=1)))
    spread = np.std(s, axis=1, where=present)
    upper = 50.0 / (float(np.median(spread[spread > 0])) if np.any(spread > 0) else 1.0)
    grid = np.concatenate([[0.0], upper * np.logspace(-6, 0, 121)])
    ll, info = np.empty((len(grid), len(clusters))), np.empty((len(grid), len(clusters)))
    for g, b in enumerate(grid):  # per-cluster log-likelihood and Fisher information at each beta
        logp = _log_softmax(np.array([b]), s, present)[0]
        prob = np.exp(logp) * present
        ll[g] = np.bincount(which, logp[np.arange(len(s)), winners], minlength=len(clusters))
        info[g] = np.bincount(which, np.sum(prob * s**2, axis=1) - np.sum(prob * s, axis=1) ** 2,
                              minlength=len(clusters))
    share = _merit_share(ll - log_unif)
    with np.errstate(divide="ignore"):
        mixed = np.logaddexp(np.log(share)[:, None] + ll, np.log1p(-share)[:, None] + log_unif)
    overall = int(np.argmax(mixed.sum(axis=1)))
    beta, share = _vertex(grid, mixed.sum(axis=1), overall), float(share[overall])
    with np.errstate(divide="ignore"):
        log_odds = float(np.log(share) - np.log1p(-share))
        mixed = np.logaddexp(np.log(share) + ll, np.log1p(-share) + log_unif)
    restricted = mixed.sum(axis=1, keepdims=True) - mixed + ll  # cluster c in the merit component
    best = np.argmax(restricted, axis=0)
    null_beta = np.array([_vertex(grid, restricted[:, c], k) for c, k in enumerate(best)])
    others = mixed.sum(axis=1, keepdims=True) - mixed  # cluster c left out
    other_beta = np.array([_vertex(grid, others[:, c], k) for c, k in enumerate(np.argmax(others, axis=0))])
    weight = _weight(log_odds, ll[best] - log_unif)  # the others' merit weights at each cluster's null fit
    own = np.arange(len(clusters))
    j = np.sum(weight * info[best], axis=1) + (1 - weight[own, own]) * info[best, own]
    return _MeritFit(beta, log_odds, upper, null_beta, other_beta, np.maximum(j, 0.0))


def _vertex(grid: np.ndarray, values: np.ndarray, k: int) -> float:
    """Refine the grid maximum ``grid[k]`` by the vertex of the parabola through it and its neighbours."""
    if k == 0 or k == len(grid) - 1:
        return float(grid[k])
    (x1, x2, x3), (y1, y2, y3) = grid[k - 1:k + 2], values[k - 1:k + 2]
    denom = (x2 - x1) * (y2 - y3) - (x2 - x3) * (y2 - y1)
    if denom == 0 or not np.isfinite(denom):
        return float(x2)
    return float(np.clip(x2 - 0.5 * ((x2 - x1) ** 2 * (y2 - y3) - (x2 - x3) ** 2 * (y2 - y1)) / denom, x1, x3))


def _merit_share(log_ratio: np.ndarray) -> np.ndarray:
    """ML merit share for each row of per-cluster log(L_merit / L_uniform), by bisection.

    The log-likelihood is concave in the share, with derivative sum_c e_c / (1 + share e_c), e = expm1(ratio).
    """
    with np.errstate(over="ignore", divide="ignore"):
        inv = 1.0 / np.expm1(log_ratio)  # 0 for a huge ratio, inf for a ratio of 1
    low, high = np.zeros(len(log_ratio)), np.ones(len(log_ratio))
    for _ in range(60):
        mid = (low + high) / 2
        with np.errstate(divide="ignore"):
            rising = np.sum(1.0 / (mid[:, None] + inv), axis=1) > 0
        low, high = np.where(rising, mid, low), np.where(rising, high, mid)
    return (low + high) / 2


# ---------------------------------------------------------------- checks
def _check_options(**options: object) -> None:
    def number(v: object) -> bool:
        return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)

    rules = {"alpha": (number(options["alpha"]) and 0 < options["alpha"] < 1, "in (0, 1)"),
             "beta": (options["beta"] is None or (number(options["beta"]) and 0 <= options["beta"] < np.inf),
                      "a finite number >= 0 or None"),
             "ties": (options["ties"] in ("random", "conservative"), "one of {'random', 'conservative'}")}
    for name, (ok, expected) in rules.items():
        if not ok:
            raise InvalidParameterError(f"The '{name}' parameter of flag_rotation must be {expected}. "
                                        f"Got {options[name]!r} instead.")


def _prepare(table: pd.DataFrame) -> list[_Cluster]:
    missing = [c for c in _REQUIRED if c not in table.columns]
    if missing:
        raise MissingColumnError(f"The cluster_results table lacks the column(s) {', '.join(missing)}.",
                                 column=missing[0], fix="Load it with load_records(..., 'cluster_results').")
    if table.empty:
        raise EmptyFileError("The cluster_results table has no rows.", fix="Pass a table with flag results.")
    rows = np.arange(len(table)) + 2
    for col in ("cluster_id", "year", "unit_id"):
        blank = table[col].isna().to_numpy()
        if blank.any():
            raise MissingValueError(f"{int(blank.sum())} rows have no {col}.", column=col, rows=rows[blank],
                                    fix="Fill in the cells or delete the rows.")
    try:
        score = pd.to_numeric(table["total_score"], errors="raise").astype("float64").to_numpy()
    except (ValueError, TypeError):
        raise MixedTypeError("total_score holds text that is not a number.", column="total_score",
                             fix="Correct the cells, or load the table with load_records.") from None
    try:
        flag = table["flag_awarded"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    except (ValueError, TypeError):
        raise InvalidCategoryError("flag_awarded must be yes/no (True/False, 1/0, blank = no).", column="flag_awarded",
                                   fix="Recode the column, or load the table with load_records.") from None
    key = table[["cluster_id", "year", "unit_id"]].astype("string")
    label = key.agg(" / ".join, axis=1).to_numpy()
    dup = key.duplicated(keep=False).to_numpy()
    if dup.any():
        raise DuplicateKeyError(f"{int(dup.sum())} rows repeat cluster_id + year + unit_id: "
                                f"{describe_values(zip(label[dup], rows[dup]))}.", column="unit_id", rows=rows[dup],
                                fix="Keep one row per unit and year.")
    for bad, problem in ((flag & np.isnan(score), "flag winners have no total_score, so the merit model cannot "
                          "place them"), (np.isnan(score), "rows have no total_score")):
        if bad.any():
            raise MissingValueError(f"{int(bad.sum())} {problem}: {describe_values(zip(label[bad], rows[bad]))}.",
                                    column="total_score", rows=rows[bad],
                                    fix="Fill in the scores, or delete the units that were not scored.")
    frame = pd.DataFrame({"cluster": key["cluster_id"].to_numpy(str), "year": pd.to_numeric(table["year"]).to_numpy(),
                          "unit": key["unit_id"].to_numpy(str), "score": score, "flag": flag, "row": rows})
    frame = frame.sort_values(["cluster", "year", "unit"], ignore_index=True)
    _check_flags(frame)
    starts = np.flatnonzero(np.r_[True, frame["cluster"].to_numpy()[1:] != frame["cluster"].to_numpy()[:-1]])
    out = []
    for lo, hi in zip(starts, np.r_[starts[1:], len(frame)]):
        g = frame.iloc[lo:hi]
        years, y_idx = np.unique(g["year"].to_numpy(), return_inverse=True)
        units, u_idx = np.unique(g["unit"].to_numpy(), return_inverse=True)
        wide = np.full((len(years), len(units)), np.nan)
        wide[y_idx, u_idx] = g["score"].to_numpy()
        winners = np.empty(len(years), dtype=int)
        winners[y_idx[g["flag"].to_numpy()]] = u_idx[g["flag"].to_numpy()]
        out.append(_Cluster(str(g["cluster"].iloc[0]), years, units, wide, winners))
    return out


def _check_flags(frame: pd.DataFrame) -> None:
    """Each cluster has two units or more, and one flag a year."""
    units = frame.groupby("cluster")["unit"].nunique()
    if (units < 2).any():
        g = frame[frame["cluster"] == units.index[units < 2][0]]
        raise InconsistentValuesError(f"Cluster {g['cluster'].iloc[0]} has a single unit ({g['unit'].iloc[0]}), so "
                                      "its flag cannot rotate or be competed for.", column="cluster_id",
                                      rows=g["row"].to_numpy(), fix="Check the cluster codes, or leave it out.")
    counts = frame.groupby(["cluster", "year"])["flag"].sum()
    if (counts == 0).any():
        cid = counts.index[counts == 0][0][0]
        years = ", ".join(str(y) for c, y in counts.index[counts == 0] if c == cid)
        raise InconsistentValuesError(f"Cluster {cid} has no flag winner in {years}.", column="flag_awarded",
                                      fix="Mark the unit that received the flag, or leave those years out.")
    if (counts > 1).any():
        cid = counts.index[counts > 1][0][0]
        many = frame[frame["flag"] & (frame["cluster"] == cid)]
        many = many[many.groupby("year")["flag"].transform("sum") > 1]
        listed = "; ".join(f"{y}: {', '.join(h['unit'])}" for y, h in many.groupby("year"))
        raise InconsistentValuesError(f"Cluster {cid} has several flag winners in one year ({listed}).",
                                      column="flag_awarded", rows=np.sort(many["row"].to_numpy()),
                                      fix="A cluster awards one flag a year: keep the real winner.")
