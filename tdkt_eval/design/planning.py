"""Planning a survey: how many respondents, and how to share them across strata.

:func:`sample_size` turns a target margin of error into a number of completed interviews and of
people to approach, step by step (base size, finite population, design effect, response
rate), so that a council can see what each assumption costs.  :func:`allocate` shares a total
across strata (districts, communes, staff groups) proportionally, equally or by Neyman's rule,
with a minimum per stratum.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_choice, check_conf_level, check_seed, require_columns
from .._messages import Text
from .._results import Result
from ..errors import DataQualityWarning, InvalidParameterError, NotEstimableError

__all__ = ["SampleSizeResult", "adjust_nonresponse", "allocate", "cluster_tradeoffs", "inclusion_probabilities",
           "pps_systematic", "sample_size"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleSizeResult(Result):
    """A sample size with the steps that led to it, from :func:`sample_size`.

    Attributes
    ----------
    n_complete : int
        Completed interviews needed.
    n_approach : int
        People to approach at the expected response rate.
    steps : DataFrame
        ``step, size, note``: the base size, then each adjustment, unrounded.
    method : str
    """

    n_complete: int
    n_approach: int
    steps: pd.DataFrame
    method: str

    def to_frame(self) -> pd.DataFrame:
        """The steps, then the two rounded sizes."""
        return pd.concat([self.steps, pd.DataFrame(
            [dict(step="completed interviews (rounded up)", size=float(self.n_complete), note=""),
             dict(step="people to approach (rounded up)", size=float(self.n_approach), note="")])],
            ignore_index=True)

    def summary(self) -> str:
        """The steps, one a line."""
        lines = [f"Sample size ({self.method}): {self.n_complete} completed interviews, approach {self.n_approach}"]
        lines += [f"  {r.step}: {r.size:.1f}{f' ({r.note})' if r.note else ''}" for r in self.steps.itertuples()]
        return "\n".join(lines)


def _positive(value: float | None, name: str, *, upper: float | None = None) -> None:
    if value is not None and not (value > 0 and (upper is None or value <= upper)):
        bound = f" and at most {upper}" if upper is not None else ""
        raise InvalidParameterError(f"The '{name}' parameter of sample_size must be positive{bound}. Got {value!r} "
                                    "instead.")


def sample_size(*, margin: float, proportion: float = 0.5, sd: float | None = None, conf_level: float = 0.95,
                population: int | None = None, deff: float | None = None, icc: float | None = None,
                cluster_size: float | None = None, response_rate: float = 1.0,
                domains: int | None = None, method: str = "cochran") -> SampleSizeResult:
    """Completed interviews needed for a margin of error, and people to approach.

    Parameters
    ----------
    margin : float
        Half-width of the interval wanted: a share (0.05 = ±5 points) for a proportion, or in the
        outcome's units for a mean (with ``sd``).
    proportion : float, default 0.5
        Expected share (0.5 is the safe choice); ignored when ``sd`` is given.
    sd : float, optional
        Expected standard deviation: the size is then for a mean.
    conf_level : float, default 0.95
    population : int, optional
        Size of the population: applies the finite-population correction (and is required by
        Yamane's formula).
    deff : float, optional
        Design effect of the sampling plan. Or give ``icc`` and ``cluster_size``:
        :math:`\\mathrm{deff} = 1 + (m - 1)\\rho` (Kish).
    icc, cluster_size : float, optional
        Intraclass correlation of the outcome within clusters, and respondents per cluster.
    response_rate : float, default 1.0
        Expected share of approached people who complete the interview.
    domains : int, optional
        Number of domains (districts, commune groups) each to be reported with this margin on
        its own: every domain then needs the full size, and the total is that many times it
        (``population`` is then the population of one domain).
    method : {"cochran", "yamane"}, default "cochran"
        Cochran's formula (a proportion or a mean, with ``conf_level``) or Yamane's
        :math:`n = N / (1 + N e^2)` (SIPAS's choice; it assumes p = 0.5 and z of about 2).

    Returns
    -------
    SampleSizeResult

    Notes
    -----
    Cochran: :math:`n_0 = z^2 p(1-p)/e^2` (or :math:`z^2 \\sigma^2 / e^2`); with a population
    :math:`N`, :math:`n_1 = n_0 / (1 + (n_0 - 1)/N)`; then :math:`n_2 = n_1 \\cdot \\mathrm{deff}`,
    and :math:`n_2 / r` people to approach; each final size is rounded up (Cochran 1977, ch. 4).
    Yamane (1967): :math:`n_1 = N/(1 + N e^2)`, then the same design effect and response rate.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed. Wiley.
    Kish, L. (1965). *Survey Sampling*. Wiley.
    Yamane, T. (1967). *Statistics: An Introductory Analysis*, 2nd ed. Harper and Row.

    Examples
    --------
    >>> sample_size(margin=0.05).n_complete
    385
    >>> res = sample_size(margin=0.05, population=2000, icc=0.05, cluster_size=20, response_rate=0.8)
    >>> res.n_complete, res.n_approach
    (629, 787)
    >>> sample_size(margin=0.10, icc=0.05, cluster_size=20, domains=10).n_complete   # each district ±10 points
    1880
    """
    check_choice(method, "method", ("cochran", "yamane"), func="sample_size")
    check_conf_level(conf_level, "sample_size")
    _positive(margin, "margin")
    _positive(response_rate, "response_rate", upper=1.0)
    _positive(population, "population")
    if sd is None and not 0 < proportion < 1:
        raise InvalidParameterError(f"The 'proportion' parameter of sample_size must be in (0, 1). Got {proportion!r}.")
    if deff is not None and (icc is not None or cluster_size is not None):
        raise InvalidParameterError("Give deff, or icc and cluster_size, not both.")
    if (icc is None) != (cluster_size is None):
        raise InvalidParameterError("icc and cluster_size go together: the design effect is 1 + (m - 1) icc.")
    steps = []
    if method == "yamane":
        if population is None or sd is not None:
            raise InvalidParameterError("Yamane's formula needs population= and is for a proportion (no sd=).")
        n1 = population / (1 + population * margin ** 2)
        steps.append(dict(step="Yamane: N / (1 + N e^2)", size=n1, note=f"N = {population}, e = {margin:g}"))
    else:
        z = stats.norm.ppf(0.5 + conf_level / 2)
        variance = sd ** 2 if sd is not None else proportion * (1 - proportion)
        n1 = z * z * variance / margin ** 2
        what = f"sd = {sd:g}" if sd is not None else f"p = {proportion:g}"
        steps.append(dict(step="Cochran: z^2 variance / e^2", size=n1, note=f"z = {z:.4f}, {what}, e = {margin:g}"))
        if population is not None:
            n1 = n1 / (1 + (n1 - 1) / population)
            steps.append(dict(step="finite population correction", size=n1, note=f"N = {population}"))
    if icc is not None:
        deff = 1 + (cluster_size - 1) * icc
        note = f"1 + ({cluster_size:g} - 1) x {icc:g}"
    else:
        note = "given" if deff is not None else ""
    if deff is not None:
        _positive(deff, "deff")
        n1 = n1 * deff
        steps.append(dict(step="design effect", size=n1, note=f"deff = {deff:.3f} ({note})"))
    if domains is not None:
        if not isinstance(domains, (int, np.integer)) or isinstance(domains, bool) or domains < 1:
            raise InvalidParameterError(f"The 'domains' parameter must be a whole number of at least 1. Got {domains!r}.")
        n1 = math.ceil(n1 - 1e-9) * domains
        steps.append(dict(step="domains, each reported on its own", size=float(n1), note=f"x {domains}"))
    n_complete = math.ceil(n1 - 1e-9)
    n_approach = math.ceil(n_complete / response_rate - 1e-9)
    if response_rate < 1:
        steps.append(dict(step="response rate", size=n_complete / response_rate, note=f"r = {response_rate:g}"))
    return SampleSizeResult(n_complete=n_complete, n_approach=n_approach, steps=pd.DataFrame(steps), method=method)


def cluster_tradeoffs(*, margin: float, icc: float, cluster_sizes: Sequence[int] = (5, 10, 15, 20, 25, 30),
                      proportion: float = 0.5, sd: float | None = None, conf_level: float = 0.95,
                      response_rate: float = 1.0, domains: int | None = None,
                      cost_per_cluster: float | None = None, cost_per_interview: float | None = None) -> pd.DataFrame:
    """The same margin reached with few large clusters or many small ones: a table to choose from.

    For each number of respondents per cluster :math:`m`, the design effect is
    :math:`1 + (m - 1)\\rho`, the completed interviews follow from :func:`sample_size`, and the
    clusters (communes, or villages) are that number divided by :math:`m`, rounded up.  With
    costs, each row also gets ``cost = clusters x cost_per_cluster + interviews x cost_per_interview``
    and the cheapest row is marked.

    Parameters
    ----------
    margin, proportion, sd, conf_level, response_rate, domains
        As in :func:`sample_size`.
    icc : float
        Intraclass correlation of the outcome within clusters (0.02–0.10 is common for opinions
        shared within a commune).
    cluster_sizes : sequence of int
        Respondents per cluster to compare.
    cost_per_cluster, cost_per_interview : float, optional
        Cost of reaching one more cluster (travel, local permissions) and of one more interview.

    Returns
    -------
    DataFrame
        ``per_cluster, deff, interviews, clusters, to_approach`` (and ``cost, cheapest`` with costs).

    Examples
    --------
    >>> cluster_tradeoffs(margin=0.05, icc=0.05, cluster_sizes=[10, 20])[["per_cluster", "interviews", "clusters"]]
       per_cluster  interviews  clusters
    0           10         558        56
    1           20         750        38
    """
    if not cluster_sizes or any(not isinstance(m, (int, np.integer)) or m < 1 for m in cluster_sizes):
        raise InvalidParameterError("cluster_sizes must be whole numbers of at least 1 (respondents per cluster).")
    _positive(icc, "icc", upper=1.0)
    rows = []
    for m in cluster_sizes:
        size = sample_size(margin=margin, proportion=proportion, sd=sd, conf_level=conf_level, icc=icc,
                           cluster_size=m, response_rate=response_rate, domains=domains)
        rows.append(dict(per_cluster=int(m), deff=1 + (m - 1) * icc, interviews=size.n_complete,
                         clusters=math.ceil(size.n_complete / m), to_approach=size.n_approach))
    table = pd.DataFrame(rows)
    if (cost_per_cluster is None) != (cost_per_interview is None):
        raise InvalidParameterError("cost_per_cluster and cost_per_interview go together.")
    if cost_per_cluster is not None:
        table["cost"] = table["clusters"] * cost_per_cluster + table["interviews"] * cost_per_interview
        table["cheapest"] = table["cost"].eq(table["cost"].min())
    return table


def _largest_remainder(shares: np.ndarray, n: int) -> np.ndarray:
    """Integers summing to ``n``, each the floor of its share plus one for the largest remainders."""
    base = np.floor(shares).astype(int)
    extra = n - int(base.sum())
    order = np.argsort(-(shares - base), kind="stable")
    base[order[:extra]] += 1
    return base


def allocate(sizes: Mapping[str, float] | pd.Series, n: int, *, method: str = "proportional",
             sd: Mapping[str, float] | pd.Series | None = None, minimum: int = 0) -> pd.DataFrame:
    """Share ``n`` interviews across strata.

    Parameters
    ----------
    sizes : mapping or Series
        Population of each stratum.
    n : int
        Total sample size.
    method : {"proportional", "equal", "neyman"}, default "proportional"
        :math:`n_h \\propto N_h`, equal shares, or Neyman's :math:`n_h \\propto N_h S_h`.
    sd : mapping or Series, optional
        Standard deviation of the outcome in each stratum (Neyman).
    minimum : int, default 0
        Fewest interviews in any stratum (to report each stratum on its own, e.g. 2 PSUs' worth);
        the rest is shared by the method among the strata above their minimum.

    Returns
    -------
    DataFrame
        ``stratum, population, n, share`` (``share`` = n_h / N_h), in the order given; the
        integers sum to ``n`` (largest-remainder rounding) and no stratum gets more than its
        population.

    Examples
    --------
    >>> allocate({"A": 5000, "B": 3000, "C": 2000}, 500)["n"].tolist()
    [250, 150, 100]
    >>> allocate({"A": 5000, "B": 3000, "C": 200}, 500, minimum=40)["n"].tolist()
    [288, 172, 40]
    """
    check_choice(method, "method", ("proportional", "equal", "neyman"), func="allocate")
    pop = pd.Series(sizes, dtype=float)
    if (pop <= 0).any() or pop.isna().any():
        raise InvalidParameterError("Every stratum needs a positive population size.")
    if not 0 < n <= pop.sum():
        raise InvalidParameterError(f"n must be between 1 and the population ({int(pop.sum())}); got {n}.")
    if minimum * len(pop) > n:
        raise InvalidParameterError(f"A minimum of {minimum} in {len(pop)} strata needs {minimum * len(pop)} "
                                    f"interviews; n is {n}.")
    if method == "neyman":
        if sd is None:
            raise InvalidParameterError("Neyman allocation needs sd= (the outcome's SD in each stratum).")
        weight = pop * pd.Series(sd, dtype=float).reindex(pop.index)
        if weight.isna().any():
            raise InvalidParameterError("sd= needs a value for every stratum.")
    else:
        weight = pop if method == "proportional" else pd.Series(1.0, index=pop.index)
    cap = pop.to_numpy()
    fixed = np.zeros(len(pop), dtype=bool)
    alloc = np.zeros(len(pop))
    for _ in range(len(pop) + 1):  # strata pinned at their minimum or their population leave the sharing
        free = ~fixed
        left = n - alloc[fixed].sum()
        share = np.where(free, weight.to_numpy() / weight.to_numpy()[free].sum() * left, alloc)
        low, high = free & (share < minimum), free & (share > cap)
        if not (low.any() or high.any()):
            alloc = share
            break
        alloc[low], alloc[high] = minimum, cap[high]
        fixed |= low | high
    counts = _largest_remainder(alloc, n)
    return pd.DataFrame({"stratum": pop.index, "population": pop.to_numpy().astype(int), "n": counts,
                         "share": counts / pop.to_numpy()})


def inclusion_probabilities(sizes: Sequence[float] | np.ndarray | pd.Series, n: int) -> np.ndarray:
    r"""Inclusion probabilities proportional to size for a sample of ``n``, with certainty units.

    :math:`\pi_k = n x_k / \sum x`; units whose :math:`\pi_k` reaches 1 are taken with
    certainty and the others rescaled to share the remaining :math:`n - l`, until no new unit
    reaches 1 (R ``sampling::inclusionprobabilities``, which a test matches to 1e-12).

    Examples
    --------
    >>> inclusion_probabilities([10, 20, 30, 400], 2).round(3).tolist()
    [0.167, 0.333, 0.5, 1.0]
    """
    x = np.asarray(sizes, dtype=float)
    if np.isnan(x).any() or (x < 0).any():
        raise InvalidParameterError("Sizes must be zero or positive numbers, with none missing.")
    if not 0 < n <= int((x > 0).sum()):
        raise InvalidParameterError(f"n must be between 1 and the number of units with a positive size; got {n}.")
    pik = n * x / x.sum()
    certain = pik >= 1
    while True:
        rest = ~certain & (x > 0)
        pik = np.where(certain, 1.0, np.where(rest, (n - certain.sum()) * x / x[rest].sum(), 0.0))
        grown = certain | (pik >= 1)
        if (grown == certain).all():
            return pik
        certain = grown


def pps_systematic(frame: pd.DataFrame, n: int, *, size: str, seed: int = 0, start: float | None = None,
                   eps: float = 1e-6) -> pd.DataFrame:
    r"""Systematic sample with probability proportional to size, without replacement, certainty units first.

    Parameters
    ----------
    frame : DataFrame
        The sampling frame (communes with their households …), one row per unit, in the order the
        selection walks through (sort it by area first for an implicit stratification).
    n : int
        Units to select.
    size : str
        The size column.
    seed : int, default 0
        Seed of the random start, so that the draw can be repeated and audited.
    start : float, optional
        The random start in [0, 1) itself (replaces ``seed``): to replay a draw.

    Returns
    -------
    DataFrame
        ``frame`` with ``inclusion_probability``, ``certainty``, ``selected`` and
        ``design_weight`` (1 / probability for the selected units, else NaN).

    Notes
    -----
    With :math:`\pi` from :func:`inclusion_probabilities` and :math:`u` uniform on [0, 1), unit
    :math:`k` (with :math:`0 < \pi_k < 1`) is selected when the sequence
    :math:`(\sum_{j<k}\pi_j - u) \bmod 1` drops from :math:`k` to :math:`k+1`: exactly the
    units whose cumulated probabilities cross :math:`u, u+1, \dots` (Madow 1949), as R
    ``sampling::UPsystematic``; the same start gives the same units (a test replays R's draws).
    Each unit is selected with probability :math:`\pi_k`; joint probabilities can be zero, so a
    variance needs the with-replacement or a successive-difference approximation.

    Examples
    --------
    >>> frame = pd.DataFrame({"commune": list("ABCDE"), "households": [100, 300, 250, 1200, 150]})
    >>> out = pps_systematic(frame, 3, size="households", start=0.5)
    >>> out.loc[out["selected"], "commune"].tolist(), bool(out.loc[3, "certainty"])
    (['B', 'C', 'D'], True)
    """
    require_columns(frame, [size], "frame")
    check_seed(seed, "pps_systematic")
    u = float(np.random.default_rng(seed).uniform()) if start is None else float(start)
    if not 0 <= u < 1:
        raise InvalidParameterError(f"The 'start' parameter of pps_systematic must be in [0, 1). Got {start!r}.")
    pik, selected = systematic_pps(pd.to_numeric(frame[size], errors="coerce").to_numpy(float), n, u, eps)
    return frame.assign(inclusion_probability=pik, certainty=pik >= 1 - eps, selected=selected,
                        design_weight=np.where(selected, 1.0 / np.where(pik > 0, pik, 1.0), np.nan))


def systematic_pps(sizes: np.ndarray, n: int, start: float, eps: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """The core of :func:`pps_systematic` on arrays: inclusion probabilities and the selected units."""
    pik = inclusion_probabilities(sizes, n)
    middle = (pik > eps) & (pik < 1 - eps)
    a = np.mod(np.concatenate([[0.0], np.cumsum(pik[middle])]) - start, 1.0)
    selected = pik >= 1 - eps
    selected[np.flatnonzero(middle)] = a[:-1] > a[1:]
    return pik, selected


#: A nonresponse factor above this inflates the variance more than the bias it removes is usually worth.
LARGE_ADJUSTMENT = 2.0


def adjust_nonresponse(sample: pd.DataFrame, *, weight: str, responded: str,
                       cells: str | Sequence[str] | None = None) -> pd.Series:
    r"""Design weights adjusted for nonresponse within weighting cells (weighting-class adjustment).

    Parameters
    ----------
    sample : DataFrame
        Every sampled unit, respondents and nonrespondents.
    weight : str
        The design weight column (1 / inclusion probability).
    responded : str
        True for a completed interview.
    cells : str or list of str, optional
        Columns that form the weighting cells (stratum, commune, sex × age …); None: one cell.

    Returns
    -------
    Series
        The adjusted weight of each respondent, NaN for nonrespondents.

    Notes
    -----
    In cell :math:`c`, each respondent's weight is multiplied by
    :math:`\sum_{i \in s_c} w_i / \sum_{i \in r_c} w_i` (sampled over responding), so the
    respondents carry the weight of the whole cell (Kalton & Flores-Cervantes 2003).  This removes
    the bias when, within a cell, response does not depend on the answers.  A cell with no
    respondent cannot be adjusted (merge it with a neighbour); a factor above
    :data:`LARGE_ADJUSTMENT` is warned of.

    References
    ----------
    Kalton, G. & Flores-Cervantes, I. (2003). Weighting methods. *Journal of Official
    Statistics* 19, 81-97.

    Examples
    --------
    >>> s = pd.DataFrame({"w": [10.0, 10, 10, 20, 20], "ok": [True, True, False, True, False],
    ...                   "cell": ["a", "a", "a", "b", "b"]})
    >>> adjust_nonresponse(s, weight="w", responded="ok", cells="cell").tolist()
    [15.0, 15.0, nan, 40.0, nan]
    """
    keys = [] if cells is None else [cells] if isinstance(cells, str) else list(cells)
    require_columns(sample, [weight, responded, *keys], "sample")
    w = pd.to_numeric(sample[weight], errors="coerce")
    if w.isna().any() or (w <= 0).any():
        raise InvalidParameterError(f"The weights in '{weight}' must be positive numbers, with none missing.")
    ok = sample[responded].astype("boolean").fillna(False).astype(bool)
    group = sample[keys].astype("string").agg(" / ".join, axis=1) if keys else pd.Series("all", index=sample.index)
    sampled = w.groupby(group).sum()
    responding = w[ok].groupby(group[ok]).sum().reindex(sampled.index, fill_value=0.0)
    empty = responding.index[responding == 0].tolist()
    if empty:
        raise NotEstimableError(
            Text("Weighting cells with no respondent: {cells}. Their weight cannot be carried by anyone.",
                 "Các ô gia trọng không có người trả lời: {cells}. Không ai có thể mang trọng số của các ô này.",
                 {"cells": ", ".join(map(str, empty[:10]))}),
            fix=Text("Merge each of those cells with a neighbouring one (e.g. a commune with its neighbour).",
                     "Gộp mỗi ô đó với một ô lân cận (ví dụ một xã với xã bên cạnh)."))
    factor = sampled / responding
    large = factor[factor > LARGE_ADJUSTMENT]
    if len(large):
        warnings.warn(DataQualityWarning(Text(
            "Nonresponse factors above {limit} in {n} cell(s) (largest {top} in {cell}): few respondents carry "
            "much weight, and the variance grows.",
            "Hệ số hiệu chỉnh không trả lời lớn hơn {limit} ở {n} ô (lớn nhất {top} ở {cell}): ít người trả lời "
            "phải mang trọng số lớn, phương sai tăng.",
            {"limit": LARGE_ADJUSTMENT, "n": len(large), "top": f"{large.max():.2f}", "cell": large.idxmax()})),
            stacklevel=2)
    return (w * group.map(factor)).where(ok).rename(weight)
