"""Who is rewarded: each group's share of rewards over its share of the workforce.

Domain row 5 ("rewards go to leaders; front-line workers, women, the non-state sector and
disadvantaged areas get too few"): for every group, the representation ratio
``reward_share / workforce_share`` with a confidence interval, exact and chi-square tests of
equal representation, and its trend over the years.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import special, stats

from .._args import check_choice, check_conf_level, check_n_resamples, check_seed, renamed, require_columns
from .._messages import Text, describe_values
from .._results import Result
from ..errors import (
    DataQualityWarning,
    InconsistentValuesError,
    InvalidParameterError,
    MissingValueError,
    OutOfRangeError,
    TdktInputError,
)

__all__ = ["GROUP_COLUMNS", "RepresentationTrend", "representation", "representation_trend"]

#: The group columns that both the rewards and the workforce contracts carry.
GROUP_COLUMNS = ("position_group", "gender", "sector", "area_type")
LEVELS = ("state", "ministry_province", "grassroots")


def _rows(positions: np.ndarray) -> list[int]:
    """Spreadsheet rows (header = row 1) of 0-based positions."""
    return [int(i) + 2 for i in positions]


def _listing(positions: np.ndarray) -> str:
    rows = _rows(positions)
    return ", ".join(map(str, rows[:5])) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")


def _is_group(frame: pd.DataFrame, cols: list[str], key: tuple) -> np.ndarray:
    return (frame[cols].astype(object) == pd.Series(key, index=cols)).all(axis=1).to_numpy(bool)


def _by_list(by: str | Sequence[str], rewards: pd.DataFrame, workforce: pd.DataFrame, func: str) -> list[str]:
    cols = [by] if isinstance(by, str) else list(by)
    usable = sorted(set(rewards.columns) & set(workforce.columns) - {"year", "headcount"})
    unknown = [c for c in cols if c not in usable]
    if not cols or unknown or len(set(cols)) < len(cols):
        raise InvalidParameterError(f"The 'by' parameter of {func} must name distinct columns found in both "
                                    f"rewards and workforce: {usable}. Got {by!r} instead.")
    return cols


def _selected(rewards: pd.DataFrame, by: list[str], level: str | Sequence[str] | None,
              recipient_type: str, func: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Rewards of ``recipient_type`` (and ``level``), and their 0-based positions in ``rewards``."""
    check_choice(recipient_type, "recipient_type", ("individual", "collective"), func)
    require_columns(rewards, ["year", "recipient_type", *by] + ([] if level is None else ["level"]), "rewards")
    keep = (rewards["recipient_type"] == recipient_type).fillna(False).to_numpy(bool)
    if level is not None:
        levels = [level] if isinstance(level, str) else list(level)
        for lv in levels:
            check_choice(lv, "reward_level", LEVELS, func)
        keep = keep & rewards["level"].isin(levels).to_numpy(bool)
    pos = np.flatnonzero(keep)
    sel = rewards.iloc[pos]
    blank = sel[["year", *by]].isna().any(axis=1).to_numpy()
    if blank.any():
        cols = [c for c in ["year", *by] if sel[c].isna().any()]
        raise MissingValueError(f"{int(blank.sum())} {recipient_type} rewards have no value of "
                                f"{', '.join(map(repr, cols))} (rows {_listing(pos[blank])}).",
                                fix="Fill in the group of those rewards (from the personnel roster or the "
                                    "decision) or drop them before computing representation.",
                                column=cols[0], rows=_rows(pos[blank]))
    return sel, pos


def _headcount(workforce: pd.DataFrame, by: list[str], years: list[int]) -> pd.Series:
    require_columns(workforce, ["year", "headcount", *by], "workforce")
    pos = np.flatnonzero(workforce["year"].isin(years).fillna(False).to_numpy(bool))
    wf = workforce.iloc[pos]
    head = pd.to_numeric(wf["headcount"], errors="coerce")
    bad = (head.isna() | (head < 0)).to_numpy(bool) | wf[by].isna().any(axis=1).to_numpy()
    if bad.any():
        raise OutOfRangeError(f"Workforce rows need a headcount >= 0 and a value in {by}; found "
                              f"{describe_values(zip(wf['headcount'][bad], _rows(pos[bad])))}.",
                              fix="Correct those workforce rows (a blank group or headcount is not allowed).",
                              column="headcount", rows=_rows(pos[bad]))
    return head.groupby([wf[c] for c in by]).sum().astype(float)


def _years(rewards: pd.DataFrame, recipient_type: str) -> list[int]:
    """The years in which ``rewards`` has rewards of ``recipient_type``."""
    return sorted(int(y) for y in rewards.loc[rewards["recipient_type"] == recipient_type, "year"].dropna().unique())


def _group_table(rewards: pd.DataFrame, workforce: pd.DataFrame, by: list[str], *, level, year,
                 recipient_type: str, func: str) -> pd.DataFrame:
    """One row per group with headcount > 0: the by columns, ``rewarded`` and ``headcount``."""
    sel, pos = _selected(rewards, by, level, recipient_type, func)
    years = _years(rewards, recipient_type) if year is None else sorted({int(y) for y in np.atleast_1d(year)})
    in_years = sel["year"].isin(years).to_numpy(bool)
    sel, pos = sel[in_years], pos[in_years]
    wf_years = set(pd.to_numeric(workforce["year"], errors="coerce").dropna().astype(int))
    if missing_years := sorted(set(years) - wf_years):
        raise InconsistentValuesError(f"Rewards are analysed for year(s) {missing_years}, but the workforce "
                                      "table has no headcount for them.",
                                      fix="Add the workforce of those years, or restrict with `year=`.",
                                      column="year")
    heads = _headcount(workforce, by, years)
    counts = sel.groupby([sel[c] for c in by]).size().astype(float)
    table = pd.concat([counts.rename("rewarded"), heads.rename("headcount")], axis=1).fillna(0.0)
    if len(orphan := table[(table["rewarded"] > 0) & (table["headcount"] <= 0)]):
        keys = [k if isinstance(k, tuple) else (k,) for k in orphan.index]
        hits = [pos[_is_group(sel, by, k)] for k in keys]
        names = "; ".join(", ".join(f"{c}={v!r}" for c, v in zip(by, k)) + f" ({len(h)} rewards, rows {_listing(h)})"
                          for k, h in zip(keys, hits))
        raise InconsistentValuesError(f"The workforce has no one in group(s) that received rewards in {years}: "
                                      f"{names}.", fix="Add their headcount to the workforce table, or correct "
                                      "the group of those rewards.", column=by[0], rows=_rows(np.concatenate(hits)))
    table = table[table["headcount"] > 0]
    if table["rewarded"].sum() == 0:
        raise TdktInputError(f"No {recipient_type} rewards match reward_level={level!r} in {years}.",
                             fix="Widen the filters (`reward_level=`, `year=`, `recipient_type=`).")
    table.index.names = by
    return table.sort_index().reset_index()


def _ratio_ci(a: np.ndarray, n: float | np.ndarray, w: np.ndarray, ci: float) -> tuple[np.ndarray, ...]:
    """SE of log RR and the Katz log interval (census denominator); Clopper-Pearson at a = 0 or n."""
    z, alpha, inner = stats.norm.ppf(0.5 + ci / 2), 1 - ci, (a > 0) & (a < n)
    se = np.where(inner, np.sqrt(1 / np.where(inner, a, 1.0) - 1 / n), np.nan)
    lo_cp = np.where(a == 0, 0.0, stats.beta.ppf(alpha / 2, np.maximum(a, 1), n - a + 1))
    hi_cp = np.where(a == n, 1.0, stats.beta.ppf(1 - alpha / 2, a + 1, np.maximum(n - a, 1)))
    rr, half = a / n / w, z * np.nan_to_num(se)
    return se, np.where(inner, rr * np.exp(-half), lo_cp / w), np.where(inner, rr * np.exp(half), hi_cp / w)


def _warn_small_expected(expected: np.ndarray, table: pd.DataFrame) -> None:
    """Cochran's rule: the chi-square approximation needs every expected count >= 1 and at most 20% below 5."""
    if (expected < 1).any() or (expected < 5).mean() > 0.2:
        warnings.warn(DataQualityWarning(Text(
            "Expected counts as small as {low} ({small} of {k} groups under 5): the chi-square test of all groups "
            "is unreliable (Cochran's rule); the exact binomial p-value of each group still holds.",
            "Có số kỳ vọng nhỏ tới {low} ({small} trên {k} nhóm dưới 5): kiểm định khi bình phương cho tất cả các "
            "nhóm không đáng tin cậy (quy tắc Cochran); giá trị p nhị thức chính xác của từng nhóm vẫn dùng được.",
            {"low": f"{expected.min():.2g}", "small": int((expected < 5).sum()), "k": len(expected)})),
            stacklevel=4)


def _statistics(table: pd.DataFrame, *, ci: float, method: str, n_resamples: int,
                seed: int | np.random.Generator | None) -> pd.DataFrame:
    a = table["rewarded"].to_numpy(float)
    h = table["headcount"].to_numpy(float)
    n, w = a.sum(), h / h.sum()
    out = table.drop(columns=["rewarded", "headcount"]).assign(
        rewarded=a.astype(np.int64), expected=n * w, reward_share=a / n, headcount=h.astype(np.int64),
        workforce_share=w, ratio=a / n / w)
    if method == "katz":
        se, lo, hi = _ratio_ci(a, n, w, ci)
    else:  # percentile bootstrap; SE of log RR only when no resample has a zero count
        draws = np.random.default_rng(seed).multinomial(int(n), a / n, size=n_resamples) / n / w
        lo, hi = np.quantile(draws, [(1 - ci) / 2, (1 + ci) / 2], axis=0)
        logs = np.log(np.where(draws > 0, draws, np.nan))
        se = np.where(np.isfinite(logs).all(axis=0), np.nanstd(logs, axis=0, ddof=1), np.nan)
    chi2 = stats.chisquare(a, n * w)
    _warn_small_expected(n * w, table)
    out["se_log_ratio"], out["ci_low"], out["ci_high"] = se, lo, hi
    out["p_value"] = [stats.binomtest(int(k), int(n), p).pvalue for k, p in zip(a, w)]
    out["chi2"], out["chi2_df"], out["chi2_p_value"] = float(chi2.statistic), len(a) - 1, float(chi2.pvalue)
    return out


@renamed(level="reward_level", ci="conf_level", n_boot="n_resamples")
def representation(rewards: pd.DataFrame, workforce: pd.DataFrame, *, by: str | Sequence[str] = "position_group",
                   reward_level: str | Sequence[str] | None = None, year: int | Sequence[int] | None = None,
                   recipient_type: Literal["individual", "collective"] = "individual", conf_level: float = 0.95,
                   method: Literal["katz", "bootstrap"] = "katz", n_resamples: int = 2000,
                   seed: int | np.random.Generator | None = 0) -> pd.DataFrame:
    """Representation ratio of each group: its share of rewards over its share of the workforce.

    Parameters
    ----------
    rewards : DataFrame
        The ``rewards`` table (one row per recipient of a decision); never modified.
    workforce : DataFrame
        The ``workforce`` table: ``headcount`` per unit, year and group.
    by : str or list of str, default "position_group"
        Group column(s), found in both tables (see :data:`GROUP_COLUMNS`, or ``unit_id``).  A list
        crosses them: ``["gender", "position_group"]`` gives women front-line workers a row.
    reward_level : str or list of str, optional
        Only rewards of these levels of the awarding authority (``state``,
        ``ministry_province``, ``grassroots``; the ``level`` column of ``rewards``).  Formerly
        ``level``.
    year : int or list of int, optional
        Only these years.  None pools the years in which ``rewards`` has rewards of
        ``recipient_type``; the workforce is then summed over them (person-years).
    recipient_type : {"individual", "collective"}, default "individual"
        For collectives the denominator is still the staff headcount, so the ratio compares a
        group's share of collective rewards with its share of staff.
    conf_level : float, default 0.95
        Confidence level (formerly ``ci``).
    method : {"katz", "bootstrap"}, default "katz"
        Interval for the ratio: Katz log method (see Notes) or a percentile bootstrap: ``n_resamples``
        multinomial resamples of the reward counts (resampling rewards), seeded by ``seed``; a
        group without rewards then gets [0, 0], so prefer "katz" (Clopper-Pearson) there.

    Returns
    -------
    DataFrame
        One row per group with staff in the years analysed: the ``by`` columns, ``rewarded``
        (count :math:`a_g`), ``expected`` (:math:`n w_g`), ``reward_share``, ``headcount``
        (:math:`h_g`, person-years when pooled), ``workforce_share`` (:math:`w_g`), ``ratio``,
        ``se_log_ratio``, ``ci_low``, ``ci_high``; ``p_value``: the group's **exact binomial
        test** of :math:`a_g \\sim \\mathrm{Bin}(n, w_g)` (two-sided); ``chi2``, ``chi2_df``,
        ``chi2_p_value``: the **chi-square goodness-of-fit** of all groups' counts against the
        workforce shares (the same on every row).

    Raises
    ------
    InvalidParameterError
        ``by`` names a column missing from either table, or another bad option.
    MissingValueError, InconsistentValuesError
        Rewards with a blank group (rows listed); a group with rewards but no workforce (named).

    Notes
    -----
    With :math:`n` rewards, :math:`a_g` of them to group :math:`g`, and headcounts
    :math:`h_g`, :math:`H = \\sum_g h_g`, the representation ratio is

    .. math:: RR_g = \\frac{a_g / n}{h_g / H} = \\hat p_g / w_g .

    The workforce table is a census of staff, so :math:`w_g` is a known constant; the
    uncertainty is in how the :math:`n` rewards were allocated.  Given :math:`n`,
    :math:`a_g \\sim \\mathrm{Bin}(n, \\pi_g)` and the delta method gives
    :math:`\\mathrm{Var}(\\log \\hat p_g) = (1 - \\pi_g)/(n \\pi_g)`, estimated by
    :math:`1/a_g - 1/n`, so

    .. math:: RR_g \\exp\\left(\\pm z_{1-\\alpha/2} \\sqrt{1/a_g - 1/n}\\right).

    This is the Katz log interval for the ratio of two proportions (group among rewards vs group
    among staff), :math:`1/a - 1/n_1 + 1/c - 1/n_2`, with the staff terms
    :math:`1/h_g - 1/H` set to zero because the workforce is counted, not sampled.  Independent
    Poisson reward counts per group (rates per person-year) give the same variance.  When
    :math:`a_g = 0` or :math:`a_g = n` the log interval fails and the Clopper-Pearson interval
    of :math:`\\pi_g`, divided by :math:`w_g`, is used.  Both intervals treat rewards as
    independent draws; rewards bunched in a few units widen the real uncertainty.

    Validated: the interval against its formula by hand, the tests against
    ``scipy.stats.chisquare`` and the exact binomial sum, coverage and size by simulation
    (``tests/test_rewards_representation.py``).

    References
    ----------
    Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). Obtaining confidence intervals for
    the risk ratio in cohort studies. *Biometrics* 34, 469-474.
    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits illustrated
    in the case of the binomial. *Biometrika* 26, 404-413.

    Examples
    --------
    >>> rewards = pd.DataFrame({"year": 2023, "recipient_type": "individual",
    ...                         "gender": ["female"] * 3 + ["male"] * 7})
    >>> workforce = pd.DataFrame({"year": 2023, "gender": ["female", "male"], "headcount": [50, 50]})
    >>> representation(rewards, workforce, by="gender")[["gender", "rewarded", "ratio", "ci_low"]].round(3)
       gender  rewarded  ratio  ci_low
    0  female         3    0.6   0.233
    1    male         7    1.4   0.933
    """
    func = "representation"
    check_choice(method, "method", ("katz", "bootstrap"), func)
    check_conf_level(conf_level, func)
    check_n_resamples(n_resamples, func, minimum=1)
    check_seed(seed, func, generator=True)
    cols = _by_list(by, rewards, workforce, func)
    table = _group_table(rewards, workforce, cols, level=reward_level, year=year, recipient_type=recipient_type,
                         func=func)
    return _statistics(table, ci=conf_level, method=method, n_resamples=n_resamples, seed=seed)


@dataclass(frozen=True, slots=True, kw_only=True)
class RepresentationTrend(Result):
    """Result of :func:`representation_trend`.

    Attributes
    ----------
    by, group : tuple of str
        The group columns and the group's values.
    by_year : DataFrame
        Per year: ``year``, ``rewarded``, ``n_rewards``, ``reward_share``, ``headcount``,
        ``workforce_share``, ``ratio``, ``ci_low``, ``ci_high`` (Katz), ``p_value`` (exact binomial).
    odds_ratio, se, ci, p_value : float, float, tuple, float
        :math:`e^{\\beta}` (change per year of the representation odds ratio), the SE of
        :math:`\\hat\\beta`, the interval and the Wald test of :math:`\\beta = 0`.
    dispersion : float
        Pearson :math:`X^2 / (T - 2)`: well above 1 means the years vary more than binomially.
    scale : str
        ``"binomial"`` or ``"pearson"`` (see :func:`representation_trend`).
    """

    by: tuple[str, ...]
    group: tuple[str, ...]
    by_year: pd.DataFrame
    odds_ratio: float
    se: float
    ci: tuple[float, float]
    p_value: float
    dispersion: float
    scale: str
    conf_level: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        """One row: group, odds_ratio, se, ci_low, ci_high, p_value, dispersion, n_years."""
        return pd.DataFrame([dict(group=" & ".join(self.group), odds_ratio=self.odds_ratio, se=self.se,
                                  ci_low=self.ci[0], ci_high=self.ci[1], p_value=self.p_value,
                                  dispersion=self.dispersion, n_years=len(self.by_year))])

    def summary(self) -> str:
        """A few lines of text; also what ``str()`` shows."""
        years = ", ".join(f"{y}: {r:.2f}" for y, r in zip(self.by_year["year"], self.by_year["ratio"]))
        return (f"Representation of {' & '.join(self.group)} ({', '.join(self.by)}) by year: {years}\n"
                f"  trend: odds ratio per year {self.odds_ratio:.4g}, {self.conf_level:.0%} CI "
                f"[{self.ci[0]:.4g}, {self.ci[1]:.4g}], p = {self.p_value:.3g} ({self.scale}; "
                f"dispersion {self.dispersion:.3g})")



@renamed(level="reward_level", ci="conf_level")
def representation_trend(rewards: pd.DataFrame, workforce: pd.DataFrame, *, by: str | Sequence[str],
                         group: str | Sequence[str], reward_level: str | Sequence[str] | None = None,
                         recipient_type: Literal["individual", "collective"] = "individual", conf_level: float = 0.95,
                         scale: Literal["binomial", "pearson"] = "binomial") -> RepresentationTrend:
    """Representation ratio of one group per year, and a test of its trend across years.

    Parameters
    ----------
    rewards, workforce : DataFrame
        As in :func:`representation`.
    by : str or list of str
        Group column(s).
    group : str or tuple of str
        The group's value(s), in the order of ``by``: ``"female"``, ``("female", "frontline")``.
    reward_level, recipient_type, conf_level
        As in :func:`representation` (formerly ``level`` and ``ci``).
    scale : {"binomial", "pearson"}, default "binomial"
        ``"pearson"`` multiplies the standard error by the root of the Pearson dispersion (never
        below 1) and uses a t reference on :math:`T - 2` degrees of freedom (quasi-binomial), for
        years that vary more than binomially; it needs at least three years.

    Returns
    -------
    RepresentationTrend

    Notes
    -----
    In year :math:`t` the group gets :math:`a_t` of :math:`n_t` rewards and has workforce share
    :math:`w_t`.  Equal representation means :math:`a_t \\sim \\mathrm{Bin}(n_t, w_t)`.  The
    trend model is a logistic regression of "this reward went to the group" on year, with the
    workforce share as an offset on the logit scale:

    .. math:: \\operatorname{logit} \\pi_t = \\operatorname{logit} w_t + \\alpha + \\beta (t - \\bar t).

    :math:`e^{\\alpha + \\beta(t - \\bar t)}` is the representation odds ratio
    :math:`[\\pi_t/(1-\\pi_t)] / [w_t/(1-w_t)]` (1 = fair, close to :math:`RR_t` when the group is
    a small share), and :math:`e^{\\beta}` its change per year.  A Cochran-Armitage test was not
    used: it tests a trend in :math:`\\pi_t` itself, so a change in the workforce mix would look
    like a change in fairness; the offset removes that.  The binomial model treats rewards as
    independent; check ``dispersion``, and use ``scale="pearson"`` when it is well above 1.
    Validated: equal to a logistic regression of the single rewards with that offset.

    References
    ----------
    McCullagh, P. & Nelder, J. A. (1989). *Generalized Linear Models*, 2nd ed., ch. 4 (binomial
    data, offsets) and 4.5 (over-dispersion).

    Examples
    --------
    >>> rewards = pd.DataFrame({"year": [2021] * 10 + [2022] * 10 + [2023] * 10,
    ...                         "recipient_type": "individual",
    ...                         "gender": ["female"] * 2 + ["male"] * 8 + ["female"] * 4 + ["male"] * 6
    ...                                   + ["female"] * 5 + ["male"] * 5})
    >>> workforce = pd.DataFrame({"year": [2021, 2021, 2022, 2022, 2023, 2023],
    ...                           "gender": ["female", "male"] * 3, "headcount": 50})
    >>> trend = representation_trend(rewards, workforce, by="gender", group="female")
    >>> trend.by_year["ratio"].tolist()
    [0.4, 0.8, 1.0]
    >>> round(trend.odds_ratio, 3)
    1.958
    """
    func = "representation_trend"
    check_choice(scale, "scale", ("binomial", "pearson"), func)
    check_conf_level(conf_level, func)
    ci = conf_level
    cols = _by_list(by, rewards, workforce, func)
    key = (group,) if isinstance(group, str) or np.ndim(group) == 0 else tuple(group)
    if len(key) != len(cols):
        raise InvalidParameterError(f"The 'group' parameter of {func} must give one value per 'by' column "
                                    f"{cols}. Got {group!r} instead.")
    pooled = _group_table(rewards, workforce, cols, level=reward_level, year=None, recipient_type=recipient_type,
                          func=func)
    if not _is_group(pooled, cols, key).any():
        known = [tuple(r) for r in pooled[cols].itertuples(index=False)]
        raise InvalidParameterError(f"The 'group' parameter of {func} must be a group with staff: {known}. "
                                    f"Got {group!r} instead.")
    sel, _ = _selected(rewards, cols, reward_level, recipient_type, func)
    years = _years(rewards, recipient_type)
    heads = _headcount(workforce, ["year", *cols], years).reset_index()
    counts = pd.DataFrame({"rewarded": sel[_is_group(sel, cols, key)].groupby("year").size(),
                           "n_rewards": sel.groupby("year").size(),
                           "headcount": heads[_is_group(heads, cols, key)].groupby("year")["headcount"].sum(),
                           "total": heads.groupby("year")["headcount"].sum()}).reindex(years).fillna(0)
    if len(bad := counts[(counts["rewarded"] > 0) & (counts["headcount"] <= 0)]):
        raise InconsistentValuesError(f"The workforce has no one in group {key} in year(s) {list(bad.index)}, "
                                      "but the group received rewards then.",
                                      fix="Add its headcount to the workforce table, or correct those rewards.",
                                      column=cols[0])
    counts = counts[(counts["n_rewards"] > 0) & (counts["headcount"] > 0)]  # years with something to share
    a, n = counts["rewarded"].to_numpy(float), counts["n_rewards"].to_numpy(float)
    w = (counts["headcount"] / counts["total"]).to_numpy(float)
    _, low, high = _ratio_ci(a, n, w, ci)
    by_year = pd.DataFrame({"year": counts.index.astype(int), "rewarded": a.astype(np.int64),
                            "n_rewards": n.astype(np.int64), "reward_share": a / n,
                            "headcount": counts["headcount"].to_numpy(np.int64), "workforce_share": w,
                            "ratio": a / n / w, "ci_low": low, "ci_high": high,
                            "p_value": [stats.binomtest(int(k), int(m), q).pvalue for k, m, q in zip(a, n, w)]})
    need = 3 if scale == "pearson" else 2
    if len(by_year) < need or by_year["rewarded"].sum() in (0, by_year["n_rewards"].sum()):
        raise TdktInputError(f"A trend needs rewards in at least {need} years, not all to or all away from "
                             f"the group; found {len(by_year)} usable years.",
                             fix="Pool more years, or use representation() for a single ratio.")
    t = by_year["year"].to_numpy(float)
    fit = sm.GLM(np.column_stack([a, n - a]), np.column_stack([np.ones_like(t), t - t.mean()]),
                 family=sm.families.Binomial(), offset=special.logit(w)).fit()
    beta, se = float(fit.params[1]), float(fit.bse[1])
    dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else float("nan")
    ref = stats.norm()
    if scale == "pearson":  # quasi-binomial, by hand: fit(scale="X2") does not weight grouped counts by n
        se, ref = se * np.sqrt(max(dispersion, 1.0)), stats.t(fit.df_resid)
    q = ref.ppf(0.5 + ci / 2)
    return RepresentationTrend(by=tuple(cols), group=tuple(map(str, key)), by_year=by_year,
                               odds_ratio=float(np.exp(beta)), se=se,
                               ci=(float(np.exp(beta - q * se)), float(np.exp(beta + q * se))),
                               p_value=float(2 * ref.sf(abs(beta) / se)), dispersion=dispersion, scale=scale,
                               conf_level=ci)
