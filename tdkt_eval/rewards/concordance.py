"""Do rewards follow emulation results?  Rank-reward concordance and the AUC of scores.

Domain row 6 ("rewards are not tied to emulation results"): within each emulation
cluster, better-ranked units should receive more rewards, scores should predict who is
rewarded, and few rewards should go below the cluster's median score.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_choice, check_conf_level, renamed, require_columns
from .._messages import Text
from .._results import Result
from ..errors import DataQualityWarning, DuplicateKeyError, InvalidParameterError, MissingValueError

_check = partial(check_choice, func="concordance")

__all__ = ["ConcordanceResult", "auc_delong", "concordance"]

POOLED = "(pooled)"
COLUMNS = ["cluster_id", "n_unit_years", "reward_total", "spearman_rho", "spearman_p", "kendall_tau",
           "kendall_p", "auc", "auc_se", "auc_ci_low", "auc_ci_high", "auc_n_rewarded", "auc_n_not_rewarded",
           "share_below_median", "share_units_below_median"]


def auc_delong(scores: np.ndarray, rewarded: np.ndarray, *, conf_level: float = 0.95) -> pd.DataFrame:
    """Area under the ROC curve of ``scores`` for ``rewarded``, with a DeLong confidence interval.

    Parameters
    ----------
    scores : array-like of float
        Higher = better (the predictor).
    rewarded : array-like of bool
        The outcome (True = rewarded).
    conf_level : float, default 0.95

    Returns
    -------
    DataFrame
        One row: ``auc, se, ci_low, ci_high, n_rewarded, n_not_rewarded``.  NaN when either
        group is empty (and ``se`` NaN when a group has one member).  Missing scores are left
        out, and counted in a :class:`~tdkt_eval.errors.DataQualityWarning`; an AUC of 0 or 1
        warns that its zero-width interval says nothing (as pROC does).

    Notes
    -----
    With positives :math:`X_i` (:math:`n_1`) and negatives :math:`Y_j` (:math:`n_0`),
    :math:`\\psi(x, y) = 1, 1/2, 0` for :math:`x >, =, < y`,
    :math:`\\mathrm{AUC} = \\frac{1}{n_1 n_0}\\sum_{ij}\\psi(X_i, Y_j) = U / (n_1 n_0)` (the
    Mann-Whitney U of the positives).  DeLong's variance uses the structural components
    :math:`V_{10}(X_i) = \\frac{1}{n_0}\\sum_j \\psi(X_i, Y_j)` and
    :math:`V_{01}(Y_j) = \\frac{1}{n_1}\\sum_i \\psi(X_i, Y_j)`:
    :math:`\\widehat{\\mathrm{Var}} = s^2_{10}/n_1 + s^2_{01}/n_0`, computed with midranks
    (Sun & Xu 2014).  The interval is :math:`\\mathrm{AUC} \\pm z\\,\\mathrm{SE}`, cut to [0, 1],
    as in R ``pROC::ci.auc(method = "delong")``; a test pins it to pROC 1.18.

    References
    ----------
    DeLong, E. R., DeLong, D. M. & Clarke-Pearson, D. L. (1988). Comparing the areas under two or
    more correlated ROC curves: a nonparametric approach. *Biometrics* 44, 837-845.
    Sun, X. & Xu, W. (2014). Fast implementation of DeLong's algorithm. *IEEE Signal Processing
    Letters* 21, 1389-1393.

    Examples
    --------
    >>> auc_delong([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1]).round(3)
         auc     se  ci_low  ci_high  n_rewarded  n_not_rewarded
    0  0.889  0.157   0.581      1.0           3               3
    """
    check_conf_level(conf_level, "auc_delong")
    x = np.asarray(scores, dtype=float)
    y = np.asarray(rewarded, dtype=bool)
    if (blank := np.isnan(x)).any():
        warnings.warn(DataQualityWarning(Text(
            "{n} of {total} scores are missing: they are left out of the AUC.",
            "{n} trên {total} điểm số bị thiếu: không được tính vào AUC.",
            {"n": int(blank.sum()), "total": len(x)})), stacklevel=2)
        x, y = x[~blank], y[~blank]
    pos, neg = x[y], x[~y]
    n1, n0 = len(pos), len(neg)
    auc = se = np.nan
    if n1 and n0:
        both = stats.rankdata(np.concatenate([pos, neg]))
        v10 = (both[:n1] - stats.rankdata(pos)) / n0
        v01 = 1.0 - (both[n1:] - stats.rankdata(neg)) / n1
        auc = float(v10.mean())
        if n1 > 1 and n0 > 1:
            se = float(np.sqrt(v10.var(ddof=1) / n1 + v01.var(ddof=1) / n0))
    if auc in (0.0, 1.0):  # as pROC: the DeLong interval of a perfect separation is a point
        warnings.warn(DataQualityWarning(Text(
            "AUC = {auc}: the scores separate the groups perfectly, so the DeLong standard error is 0 and the "
            "interval [{auc}, {auc}] says nothing about the uncertainty (and may mislead).",
            "AUC = {auc}: điểm số tách hoàn toàn hai nhóm nên sai số chuẩn DeLong bằng 0 và khoảng tin cậy "
            "[{auc}, {auc}] không phản ánh độ bất định (có thể gây hiểu nhầm).", {"auc": f"{auc:g}"})), stacklevel=2)
    z = stats.norm.ppf(0.5 + conf_level / 2)
    return pd.DataFrame([dict(auc=auc, se=se, ci_low=max(0.0, auc - z * se) if se == se else np.nan,
                              ci_high=min(1.0, auc + z * se) if se == se else np.nan,
                              n_rewarded=n1, n_not_rewarded=n0)])


@dataclass(frozen=True, slots=True, kw_only=True)
class ConcordanceResult(Result):
    """Concordance between cluster results and rewards (see :func:`concordance`).

    Attributes
    ----------
    table : DataFrame
        One row per cluster (if ``by_cluster``) and a last row ``cluster_id == '(pooled)'``;
        columns ``cluster_id, n_unit_years, reward_total, spearman_rho, spearman_p, kendall_tau,
        kendall_p, auc, auc_se, auc_ci_low, auc_ci_high, auc_n_rewarded, auc_n_not_rewarded,
        share_below_median, share_units_below_median``.
    below_median : DataFrame
        Per cluster-year: ``cluster_id, year, n_units, median_score, reward_total, reward_below,
        share_below_median, share_units_below_median``.
    auc_level : {'person', 'unit'}
        Whether the AUC is of persons' achievement scores or of units' total scores.
    reward_score : {'count', 'weighted sum'}
        How rewards were tallied per unit-year.
    recipients, ad_hoc : str
        Which rewards were tallied (as passed).
    n_rewards_unmatched : int
        Tallied rewards whose (unit_id, year) is not in ``cluster_results`` (left out).
    n_persons_no_score : int
        Person-years left out of the person-level AUC because achievement_score is blank.
    conf_level : float
    """

    table: pd.DataFrame
    below_median: pd.DataFrame
    auc_level: str
    reward_score: str
    recipients: str
    ad_hoc: str
    n_rewards_unmatched: int
    n_persons_no_score: int
    conf_level: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        """The per-cluster and pooled table (a copy)."""
        return self.table.copy()

    @renamed(keyword_only=("digits",))
    def summary(self, *, digits: int = 3) -> str:
        """A printable report; also what ``str()`` shows."""
        t = self.table.set_index("cluster_id")
        cols = ["n_unit_years", "reward_total", "spearman_rho", "spearman_p", "kendall_tau", "auc",
                "auc_ci_low", "auc_ci_high", "share_below_median"]
        return "\n".join([
            f"Concordance of cluster results and rewards ({self.reward_score} of {self.recipients} rewards, "
            f"ad-hoc {self.ad_hoc}d)",
            "rho, tau > 0: better-ranked units receive more rewards. "
            f"AUC ({self.auc_level} level, DeLong {self.conf_level:.0%} CI): does the score predict a reward?",
            t[cols].round(digits).to_string(),
            f"Rewards outside cluster_results: {self.n_rewards_unmatched}; "
            f"person-years without a score: {self.n_persons_no_score}."])



def _weights(rw: pd.DataFrame, weights: Mapping[str, float] | None) -> pd.Series:
    if weights is None:
        return pd.Series(1.0, index=rw.index)
    require_columns(rw, ["form", "level"], "rewards")
    w = rw["form"].map(dict(weights)).astype("Float64").fillna(rw["level"].map(dict(weights)).astype("Float64"))
    if w.isna().any():
        left = sorted(set(rw.loc[w.isna().to_numpy(), "form"].astype(str)))
        raise InvalidParameterError(f"The 'weights' parameter of concordance gives no weight for the form(s) "
                                    f"{left} nor their levels. Add them, e.g. weights={{'grassroots': 1, "
                                    f"'ministry_province': 2, 'state': 3}}.")
    return w.astype(float)


def _correlations(merit: np.ndarray, tally: np.ndarray) -> tuple[float, float, float, float]:
    if len(merit) < 3 or np.ptp(merit) == 0 or np.ptp(tally) == 0:
        return (np.nan,) * 4
    rho = stats.spearmanr(merit, tally)
    tau = stats.kendalltau(merit, tally, variant="b")
    return float(rho.statistic), float(rho.pvalue), float(tau.statistic), float(tau.pvalue)


def concordance(cluster_results: pd.DataFrame, rewards: pd.DataFrame, *, personnel: pd.DataFrame | None = None,
                by_cluster: bool = True, recipients: Literal["all", "collective", "individual"] = "all",
                ad_hoc: Literal["include", "exclude"] = "include", weights: Mapping[str, float] | None = None,
                conf_level: float = 0.95) -> ConcordanceResult:
    """How closely rewards follow cluster ranks and scores, per cluster and pooled.

    Parameters
    ----------
    cluster_results : DataFrame
        The ``cluster_results`` table: ``cluster_id, year, unit_id, total_score, rank`` (1 = best).
    rewards : DataFrame
        The ``rewards`` table: ``year, unit_id, recipient_type`` (and ``recipient_id`` with
        ``personnel``, ``form, level`` with ``weights``, ``ad_hoc`` to exclude ad-hoc rewards).
    personnel : DataFrame, optional
        The ``personnel`` roster (``person_id, unit_id, year, achievement_score``).  If given, the
        AUC is person-level; otherwise unit-level.
    by_cluster : bool, default True
        One row per cluster before the pooled row; False gives the pooled row only.
    recipients : {'all', 'collective', 'individual'}, default 'all'
        Which rewards make a unit's tally: its collective rewards, those of its staff, or both.
    ad_hoc : {'include', 'exclude'}, default 'include'
        Whether ad-hoc rewards (``ad_hoc`` True) count; blank ``ad_hoc`` counts as not ad hoc.
    weights : mapping, optional
        Weight of a reward by form code or, failing that, level, e.g.
        ``{'grassroots': 1, 'ministry_province': 2, 'state': 3}``; default: every reward counts 1.
    conf_level : float, default 0.95

    Returns
    -------
    ConcordanceResult
        ``to_frame()`` gives the table described under :class:`ConcordanceResult`.

    Notes
    -----
    *Tally.*  :math:`R_{uy}` = number (or weighted sum) of the selected rewards whose ``unit_id``
    and ``year`` are the unit-year's; unit-years without rewards have :math:`R_{uy} = 0`.

    *Correlations.*  Spearman's :math:`\\rho` and Kendall's :math:`\\tau_b` (ties corrected)
    between :math:`-\\mathrm{rank}` and :math:`R`, so that a positive value means better-ranked
    units receive more rewards.  Within a cluster ranks are used as given; the pooled row uses
    the rank over the cluster-year's size, :math:`-\\mathrm{rank}/n_{cy}`, so clusters of different
    sizes are comparable.  p-values (scipy.stats) treat unit-years as independent; a unit's
    years are not, so they are optimistic when units differ persistently.

    *AUC.*  Person-level (``personnel`` given): ``achievement_score`` predicting that the person
    received an individual reward that year (``recipient_id == person_id``), over person-years in
    the unit-years of ``cluster_results``.  Unit-level: ``total_score`` predicting that the unit
    received a collective reward that year.  A unit's staff rewards are not used here: they
    follow the staff's own scores, and nearly every unit has some rewarded staff.  The AUC and
    its DeLong interval come from :func:`auc_delong`; ``recipients`` and ``weights`` do not
    affect it.

    *Below the median.*  In each cluster-year, the share of :math:`\\sum R` that went to units
    with ``total_score`` strictly below the cluster-year median, next to the share of units that
    are below it (what the share would be if rewards ignored scores).

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33, 239-251.
    DeLong, E. R., DeLong, D. M. & Clarke-Pearson, D. L. (1988). *Biometrics* 44, 837-845.

    Examples
    --------
    >>> cr = pd.DataFrame({"cluster_id": "C1", "year": 2023, "unit_id": ["U1", "U2", "U3", "U4"],
    ...                    "total_score": [95.0, 90, 88, 70], "rank": [1, 2, 3, 4]})
    >>> rw = pd.DataFrame({"year": 2023, "unit_id": ["U1", "U1", "U2", "U4"],
    ...                    "recipient_type": ["collective", "individual", "collective", "individual"]})
    >>> res = concordance(cr, rw, by_cluster=False)
    >>> res.to_frame()[["cluster_id", "reward_total", "spearman_rho", "auc", "share_below_median"]]
      cluster_id  reward_total  spearman_rho  auc  share_below_median
    0   (pooled)           4.0      0.632456  1.0                0.25
    """
    _check(recipients, "recipients", ("all", "collective", "individual"))
    _check(ad_hoc, "ad_hoc", ("include", "exclude"))
    _check(by_cluster, "by_cluster", (True, False))
    keys = ["unit_id", "year"]
    require_columns(cluster_results, ["cluster_id", *keys, "total_score", "rank"], "cluster_results")
    require_columns(rewards, [*keys, "recipient_type"], "rewards")
    cr = cluster_results[["cluster_id", *keys, "total_score", "rank"]].reset_index(drop=True)
    for col in ("cluster_id", *keys, "total_score", "rank"):
        if cr[col].isna().any():
            raise MissingValueError(f"{int(cr[col].isna().sum())} rows of cluster_results have no {col}.",
                                    fix="Fill them in or drop those rows before calling concordance.", column=col)
    if cr.duplicated(keys).any():
        dup = cr.loc[cr.duplicated(keys, keep=False), keys].drop_duplicates().head(3).to_numpy().tolist()
        raise DuplicateKeyError(f"cluster_results lists a unit twice in one year: {dup}.",
                                fix="Keep one row per unit and year (a unit belongs to one cluster a year).")
    rw = rewards.reset_index(drop=True)
    if ad_hoc == "exclude":
        require_columns(rw, ["ad_hoc"], "rewards")
        rw = rw[~rw["ad_hoc"].astype("boolean").fillna(False).to_numpy(dtype=bool)]
    kind = rw["recipient_type"].astype(str)
    tallied = rw if recipients == "all" else rw[(kind == recipients).to_numpy()]
    tally = (tallied[keys].assign(w=_weights(tallied, weights))
             .groupby(keys, observed=True)["w"].sum().rename("tally"))
    cr = cr.merge(tally.reset_index(), on=keys, how="left").fillna({"tally": 0.0})
    unmatched = int((~pd.MultiIndex.from_frame(tallied[keys]).isin(pd.MultiIndex.from_frame(cr[keys]))).sum())
    cr["n_cy"] = cr.groupby(["cluster_id", "year"])["rank"].transform("size")
    collective = rw.loc[(kind == "collective").to_numpy(), keys].drop_duplicates().assign(got=True)
    cr = cr.merge(collective, on=keys, how="left")
    cr["got"] = cr["got"].astype("boolean").fillna(False).astype(bool)

    n_no_score = 0
    if personnel is None:
        auc_df, auc_level = cr[["cluster_id", "total_score", "got"]].rename(columns={"total_score": "score"}), "unit"
    else:
        require_columns(personnel, ["person_id", *keys, "achievement_score"], "personnel")
        require_columns(rw, ["recipient_id"], "rewards")
        per = personnel[["person_id", *keys, "achievement_score"]].merge(cr[["cluster_id", *keys]], on=keys)
        n_no_score = int(per["achievement_score"].isna().sum())
        per = per[per["achievement_score"].notna()]
        ind = rw.loc[(kind == "individual").to_numpy(), ["recipient_id", "year"]].drop_duplicates()
        ind = ind.rename(columns={"recipient_id": "person_id"}).assign(got=True)
        per = per.merge(ind, on=["person_id", "year"], how="left")
        auc_df = pd.DataFrame({"cluster_id": per["cluster_id"], "score": per["achievement_score"].astype(float),
                               "got": per["got"].astype("boolean").fillna(False).astype(bool)})
        auc_level = "person"

    groups = [(c, cr[cr["cluster_id"] == c], auc_df[auc_df["cluster_id"] == c])
              for c in sorted(cr["cluster_id"].unique())] if by_cluster else []
    groups.append((POOLED, cr, auc_df))
    below = _below_median(cr)
    rows = []
    for name, g, a in groups:
        merit = -(g["rank"].to_numpy(float) / (1.0 if name != POOLED else g["n_cy"].to_numpy(float)))
        rho, rho_p, tau, tau_p = _correlations(merit, g["tally"].to_numpy(float))
        auc = auc_delong(a["score"].to_numpy(), a["got"].to_numpy(), conf_level=conf_level).iloc[0]
        b = below if name == POOLED else below[below["cluster_id"] == name]
        total = b["reward_total"].sum()
        rows.append(dict(cluster_id=name, n_unit_years=len(g), reward_total=float(g["tally"].sum()),
                         spearman_rho=rho, spearman_p=rho_p, kendall_tau=tau, kendall_p=tau_p, auc=auc["auc"],
                         auc_se=auc["se"], auc_ci_low=auc["ci_low"], auc_ci_high=auc["ci_high"],
                         auc_n_rewarded=int(auc["n_rewarded"]), auc_n_not_rewarded=int(auc["n_not_rewarded"]),
                         share_below_median=b["reward_below"].sum() / total if total > 0 else np.nan,
                         share_units_below_median=(b["share_units_below_median"] * b["n_units"]).sum()
                         / b["n_units"].sum()))
    table = pd.DataFrame(rows, columns=COLUMNS)
    _warn_undefined(table)
    return ConcordanceResult(table=table, below_median=below, auc_level=auc_level,
                             reward_score="count" if weights is None else "weighted sum", recipients=recipients,
                             ad_hoc=ad_hoc, n_rewards_unmatched=unmatched,
                             n_persons_no_score=n_no_score, conf_level=conf_level)


def _warn_undefined(table: pd.DataFrame) -> None:
    """Say where the data cannot answer: every unit got the same tally, or everyone (or nobody) was rewarded."""
    flat = table.loc[table["spearman_rho"].isna(), "cluster_id"].tolist()
    if flat:
        warnings.warn(DataQualityWarning(Text(
            "Every unit-year of {clusters} has the same reward tally: the rank correlations are undefined there "
            "(give weights= by form or level to tell the rewards apart).",
            "Mọi đơn vị-năm của {clusters} có cùng số điểm khen thưởng: không tính được hệ số tương quan thứ hạng "
            "(hãy cho trọng số weights= theo hình thức hoặc cấp khen để phân biệt các khen thưởng).",
            {"clusters": ", ".join(map(str, flat))})), stacklevel=3)
    one_sided = table.loc[table["auc"].isna(), "cluster_id"].tolist()
    if one_sided:
        warnings.warn(DataQualityWarning(Text(
            "In {clusters} every unit-year (or none) got a reward: the AUC is undefined there.",
            "Ở {clusters} mọi đơn vị-năm (hoặc không đơn vị-năm nào) được khen thưởng: không tính được AUC.",
            {"clusters": ", ".join(map(str, one_sided))})), stacklevel=3)


def _below_median(cr: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (c, y), g in cr.groupby(["cluster_id", "year"], sort=True):
        med = float(g["total_score"].median())
        low = (g["total_score"] < med).to_numpy()
        total = float(g["tally"].sum())
        rows.append(dict(cluster_id=c, year=y, n_units=len(g), median_score=med, reward_total=total,
                         reward_below=float(g.loc[low, "tally"].sum()),
                         share_below_median=float(g.loc[low, "tally"].sum()) / total if total > 0 else np.nan,
                         share_units_below_median=float(low.mean())))
    return pd.DataFrame(rows)
