"""Did a campaign change an outcome?  Difference-in-differences and an event study.

Two-way fixed effects (unit and year) with a treated x post indicator, leads and lags
relative to each treated unit's start year, standard errors clustered by unit, and a joint
test that the leads are zero (no pre-trend).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.tools.sm_exceptions import SingularMatrixWarning

from .._args import check_conf_level, check_missing, renamed
from .._messages import Text
from .._results import Result
from ..errors import (
    DataQualityWarning,
    DuplicateKeyError,
    InconsistentValuesError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
    NotEstimableError,
)

from .models import FEW_CLUSTERS  # the one threshold for cluster-robust SEs (Cameron & Miller 2015)

__all__ = ["ImpactResult", "campaign_impact"]

REFERENCE = -1


@dataclass(frozen=True, slots=True, kw_only=True)
class ImpactResult(Result):
    """A campaign's estimated effect (see :func:`campaign_impact`).

    Attributes
    ----------
    outcome : str
    estimate, se, p_value : float
        The two-way fixed-effects DiD coefficient of treated x post, its cluster-robust SE and
        two-sided p-value (t on ``df`` degrees of freedom).
    ci : tuple of float
        ``(low, high)`` at ``conf_level``.
    df : int
        Clusters (units) minus one.
    event_study : DataFrame
        ``event_time, coef, se, ci_low, ci_high, p_value, n_treated_obs``; the reference period
        (``event_time == -1``) is a row with ``coef == 0`` and NaN SE.
    pretrend : DataFrame
        One row ``f_stat, df_num, df_denom, p_value, leads``: Wald F test that all leads
        (event times <= -2) are zero; NaN if there are none.
    n_obs, n_units, n_treated_units, n_dropped : int
        Rows used, units, treated units, rows dropped for a missing outcome.
    conf_level : float
    """

    outcome: str
    estimate: float
    se: float
    ci: tuple[float, float]
    p_value: float
    df: int
    event_study: pd.DataFrame
    pretrend: pd.DataFrame
    n_obs: int
    n_units: int
    n_treated_units: int
    n_dropped: int
    conf_level: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        """One row: outcome, estimate, se, ci_low, ci_high, p_value, df, n_obs, n_units, n_treated_units,
        pretrend_p."""
        return pd.DataFrame([dict(outcome=self.outcome, estimate=self.estimate, se=self.se, ci_low=self.ci[0],
                                  ci_high=self.ci[1], p_value=self.p_value, df=self.df, n_obs=self.n_obs,
                                  n_units=self.n_units, n_treated_units=self.n_treated_units,
                                  pretrend_p=float(self.pretrend["p_value"].iloc[0]))])

    @renamed(keyword_only=("digits",))
    def summary(self, *, digits: int = 3) -> str:
        """A printable report; also what ``str()`` shows."""
        pt = self.pretrend.iloc[0]
        return "\n".join([
            f"Campaign impact on {self.outcome}: two-way fixed effects (unit, year), SEs clustered by unit",
            f"  DiD (treated x post) = {self.estimate:.{digits}f} (SE {self.se:.{digits}f}), "
            f"{self.conf_level:.0%} CI [{self.ci[0]:.{digits}f}, {self.ci[1]:.{digits}f}], "
            f"p = {self.p_value:.3g} (t, df = {self.df})",
            f"  n = {self.n_obs} rows, {self.n_units} units ({self.n_treated_units} treated), "
            f"{self.n_dropped} rows without an outcome dropped",
            f"  Pre-trend test (leads {pt['leads']} = 0): F({pt['df_num']:g}, {pt['df_denom']:g}) = "
            f"{pt['f_stat']:.{digits}f}, p = {pt['p_value']:.3g}" if pt["leads"] else
            "  Pre-trend test: no leads (event times <= -2) in the data",
            "Event study (reference: event time -1):",
            self.event_study.round(digits).to_string(index=False)])


    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Event-study coefficients with confidence intervals; returns the matplotlib Axes.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Drawn on a new figure if not given.  ``plt.show()`` is never called.
        **kwargs
            Passed to ``ax.errorbar``.
        """
        if ax is None:
            import matplotlib.pyplot as plt
            _, ax = plt.subplots(figsize=(6, 3.5))
        es = self.event_study
        est = es[es["event_time"] != REFERENCE]
        err = np.vstack([est["coef"] - est["ci_low"], est["ci_high"] - est["coef"]])
        ax.errorbar(est["event_time"], est["coef"], yerr=err, fmt=kwargs.pop("fmt", "o"), capsize=3, **kwargs)
        ax.plot([REFERENCE], [0.0], marker="o", mfc="white", color="grey", linestyle="none", label="reference")
        ax.axhline(0.0, color="grey", linewidth=0.8)
        ax.axvline(-0.5, color="grey", linestyle="--", linewidth=0.8)
        ax.set_xlabel("Years relative to the campaign start (reference: -1)")
        ax.set_ylabel(f"Effect on {self.outcome} ({self.conf_level:.0%} CI)")
        return ax


def _require(df: pd.DataFrame, cols: list[str]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise MissingColumnError(f"The panel has no column(s) {', '.join(map(repr, missing))}.",
                                 fix=f"Name existing columns; found: {', '.join(map(str, df.columns))}.",
                                 column=missing[0])


def _per_unit(df: pd.DataFrame, unit: str, col: str) -> pd.Series:
    """The one value of ``col`` each unit has; raises if a unit has two."""
    varying = df.groupby(unit)[col].nunique(dropna=False) > 1
    if varying.any():
        raise InconsistentValuesError(f"'{col}' must be the same in every year of a unit, but varies for "
                                      f"{', '.join(map(str, varying[varying].index[:5]))}.",
                                      fix="Give each unit one value (a unit is treated or not, from one start year).",
                                      column=col)
    return df.groupby(unit)[col].first()


def _fit(y: np.ndarray, regs: pd.DataFrame, fe: pd.DataFrame, groups: np.ndarray, what: str) -> Any:
    X = pd.concat([regs, fe], axis=1).to_numpy(float)
    model = sm.OLS(y, X)
    with warnings.catch_warnings():  # a rank-deficient design is reported below, as an error
        warnings.simplefilter("ignore", SingularMatrixWarning)
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    if model.rank < X.shape[1]:
        raise InconsistentValuesError(
            f"The {what} is not identified: its terms are collinear with the unit and year fixed effects.",
            fix="The panel needs comparison units (never treated, or treated later) observed in the same years "
                "as the treated ones; check 'treated' and 'start'.")
    return fit


def campaign_impact(panel: pd.DataFrame, *, outcome: str, treated: str, start: str | int, unit: str = "unit_id",
                    time: str = "year", event_window: tuple[int, int] = (-3, 3), conf_level: float = 0.95,
                    missing: Literal["drop", "raise"] = "drop") -> ImpactResult:
    """Difference-in-differences and event study of a campaign on a unit-year panel.

    Parameters
    ----------
    panel : DataFrame
        One row per unit and year.
    outcome : str
        Numeric outcome column.
    treated : str
        Column, constant within a unit, true (or 1) for units the campaign reached.
    start : str or int
        Column with each treated unit's start year (blank for untreated units), or one year for all.
    unit, time : str, default 'unit_id', 'year'
        Unit and (integer) year columns.
    event_window : (int, int), default (-3, 3)
        First lead and last lag of the event study; must satisfy ``lo <= -1 <= hi`` and ``hi >= 0``.
        Event times beyond the window are binned into its end points.
    conf_level : float, default 0.95
    missing : {'drop', 'raise'}, default 'drop'
        What to do with rows whose outcome is blank (the number dropped is reported).

    Returns
    -------
    ImpactResult
        The DiD estimate with SE, CI and p-value, the event-study table, the pre-trend test and
        ``plot()``; ``to_frame()`` gives one row.

    Notes
    -----
    DiD: :math:`y_{it} = \\alpha_i + \\lambda_t + \\delta D_{it} + \\varepsilon_{it}`, with
    :math:`D_{it} = 1` if unit *i* is treated and :math:`t \\ge s_i` (its start year).
    Event study: :math:`y_{it} = \\alpha_i + \\lambda_t + \\sum_{k \\ne -1} \\beta_k
    1[\\text{treated}_i, \\min(\\max(t - s_i, lo), hi) = k] + \\varepsilon_{it}` (binned end points,
    Schmidheiny & Siegloch 2023), reference period :math:`k = -1`.  OLS with unit and year dummies
    (statsmodels); covariance clustered by unit, :math:`\\hat V = \\frac{G}{G-1}\\frac{N-1}{N-K}
    (X'X)^{-1} \\sum_g X_g' \\hat u_g \\hat u_g' X_g (X'X)^{-1}` (R ``sandwich::vcovCL(type =
    "HC1")``); t and F tests on :math:`G - 1` denominator degrees of freedom.  The pre-trend test
    is the Wald F test of :math:`\\beta_k = 0` for all leads :math:`k \\le -2`.  For a balanced
    two-period panel :math:`\\hat\\delta = (\\bar y_{T1} - \\bar y_{T0}) - (\\bar y_{C1} - \\bar y_{C0})`.
    Validated against R ``lm`` with ``sandwich::vcovCL(type = "HC1")`` (sandwich 3.0.2): estimates,
    SEs and the pre-trend F agree to 1e-8.

    With staggered adoption (start years that differ), the two-way fixed-effects :math:`\\hat\\delta`
    can be biased when effects change over time (Goodman-Bacon 2021).

    References
    ----------
    Angrist, J. D. & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*, ch. 5. Princeton.
    Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment timing.
    *Journal of Econometrics* 225, 254-277.
    Schmidheiny, K. & Siegloch, S. (2023). On event studies and distributed-lags in two-way fixed
    effects models. *Journal of Applied Econometrics* 38, 695-713.

    Examples
    --------
    >>> panel = pd.DataFrame({"unit_id": ["A", "A", "B", "B", "C", "C", "D", "D"],
    ...                       "year": [2022, 2023] * 4, "treated": [1, 1, 1, 1, 0, 0, 0, 0],
    ...                       "score": [60.0, 70, 62, 74, 61, 63, 59, 63]})
    >>> res = campaign_impact(panel, outcome="score", treated="treated", start=2023)
    >>> round(res.estimate, 6)   # (72 - 61) - (63 - 60)
    8.0
    """
    _check_impact_args(panel, unit, time, outcome, treated, start, event_window, missing, conf_level)
    df, n_dropped = _clean_panel(panel, unit, time, outcome, treated, start, missing)
    _check_estimable(df, unit, outcome)
    is_tr, treated_row, s = _treatment(df, unit, treated, start)
    t = df[time].to_numpy(float)
    groups = pd.factorize(df[unit])[0]
    fe = pd.get_dummies(df[[unit, time]].astype(str), drop_first=True, dtype=float).assign(const=1.0)
    yv = df[outcome].to_numpy(float)
    post = pd.DataFrame({"D": (treated_row & (t >= s)).astype(float)})
    did = _fit(yv, post, fe, groups, "difference-in-differences")
    _check_not_perfect(did, yv, outcome)
    ci = did.conf_int(1 - conf_level)[0]
    k = np.where(treated_row, np.clip(t - np.nan_to_num(s), *event_window), np.nan)
    event_study, pretrend = _event_study(yv, k, event_window, fe, groups, conf_level)
    return ImpactResult(outcome=outcome, estimate=float(did.params[0]), se=float(did.bse[0]),
                        ci=(float(ci[0]), float(ci[1])), p_value=float(did.pvalues[0]), df=int(groups.max()),
                        event_study=event_study, pretrend=pretrend, n_obs=len(df),
                        n_units=int(groups.max()) + 1, n_treated_units=int(is_tr.sum()), n_dropped=n_dropped,
                        conf_level=conf_level)


def _check_estimable(df: pd.DataFrame, unit: str, outcome: str) -> None:
    """Refuse one unit or a constant outcome; warn of few units."""
    n_units = int(df[unit].nunique())
    if n_units < 2:
        raise NotEstimableError(
            Text("The panel has {n} unit: a difference-in-differences needs units to compare, and its "
                 "cluster-robust standard error needs at least two clusters.",
                 "Bảng dữ liệu chỉ có {n} đơn vị: phương pháp khác biệt kép cần các đơn vị để so sánh, và sai số "
                 "chuẩn theo cụm cần ít nhất hai cụm.", {"n": n_units}),
            fix=Text("Add the comparison units (not in the campaign) to the panel.",
                     "Bổ sung các đơn vị so sánh (không tham gia phong trào) vào bảng dữ liệu."), column=unit)
    if df[outcome].nunique() < 2:
        raise NotEstimableError(
            Text("The outcome '{outcome}' is the same in every row: there is no change to attribute to the "
                 "campaign.", "Biến kết quả '{outcome}' có cùng một giá trị ở mọi dòng: không có thay đổi nào để "
                 "đánh giá tác động của phong trào.", {"outcome": outcome}),
            fix=Text("Check the outcome column.", "Kiểm tra lại cột kết quả."), column=outcome)
    if n_units < FEW_CLUSTERS:
        warnings.warn(DataQualityWarning(Text(
            "Only {k} units: with fewer than about {few} clusters, cluster-robust standard errors are too small; "
            "the t intervals on {df} degrees of freedom help, but a wild cluster bootstrap is safer.",
            "Chỉ có {k} đơn vị: với ít hơn khoảng {few} cụm, sai số chuẩn theo cụm quá nhỏ; khoảng tin cậy t với "
            "{df} bậc tự do giúp giảm sai lệch, nhưng bootstrap cụm kiểu wild an toàn hơn.",
            {"k": n_units, "few": FEW_CLUSTERS, "df": n_units - 1})), stacklevel=4)


def _check_not_perfect(fit: Any, y: np.ndarray, outcome: str) -> None:
    """Refuse a fit with no residual variation: its standard errors and p-values would be round-off."""
    total = float(np.sum((y - y.mean()) ** 2))
    if float(np.sum(np.asarray(fit.resid) ** 2)) <= 1e-20 * max(total, 1e-300):
        raise NotEstimableError(
            Text("The unit and year effects explain '{outcome}' exactly (an essentially perfect fit): the standard "
                 "errors and p-values would be round-off, not estimates.",
                 "Hiệu ứng đơn vị và năm giải thích hoàn toàn '{outcome}' (khớp gần như tuyệt đối): sai số chuẩn và "
                 "giá trị p chỉ là sai số làm tròn, không phải ước lượng.", {"outcome": outcome}),
            fix=Text("Check the outcome: it may be a copy of the year or of a unit code.",
                     "Kiểm tra lại biến kết quả: có thể đó là bản sao của năm hoặc mã đơn vị."), column=outcome)


def _check_impact_args(panel, unit, time, outcome, treated, start, event_window, missing, conf_level) -> None:
    _require(panel, [unit, time, outcome, treated] + ([start] if isinstance(start, str) else []))
    if not (isinstance(start, str) or (isinstance(start, (int, np.integer)) and not isinstance(start, bool))):
        raise InvalidParameterError(f"The 'start' parameter of campaign_impact must be a column name or a year "
                                    f"(int). Got {start!r} instead.")
    lo, hi = event_window
    if not (isinstance(lo, (int, np.integer)) and isinstance(hi, (int, np.integer)) and lo <= REFERENCE and hi >= 0):
        raise InvalidParameterError(f"The 'event_window' parameter of campaign_impact must be two integers "
                                    f"(lo, hi) with lo <= -1 and hi >= 0. Got {event_window!r} instead.")
    check_missing(missing, ("raise", "drop"), "campaign_impact")
    check_conf_level(conf_level, "campaign_impact")


def _clean_panel(panel, unit, time, outcome, treated, start, missing) -> tuple[pd.DataFrame, int]:
    """The panel's columns with a numeric outcome, one row per unit and year; and how many rows had none."""
    df = panel[list(dict.fromkeys([unit, time, outcome, treated] + ([start] if isinstance(start, str) else [])))]
    for col in (unit, time, treated):
        if df[col].isna().any():
            raise MissingValueError(f"{int(df[col].isna().sum())} rows have no '{col}'.",
                                    fix="Fill them in or drop those rows.", column=col)
    if not pd.api.types.is_numeric_dtype(df[time]) or pd.api.types.is_bool_dtype(df[time]):
        raise MixedTypeError(f"The time column '{time}' must hold years as numbers.",
                             fix="Convert it to integers (e.g. 2023).", column=time)
    y = pd.to_numeric(df[outcome], errors="coerce")
    if (y.isna() & df[outcome].notna()).any():
        raise MixedTypeError(f"Outcome '{outcome}' holds text that is not a number.",
                             fix="Recode it as numbers.", column=outcome)
    n_dropped = int(y.isna().sum())
    if n_dropped and missing == "raise":
        raise MissingValueError(f"{n_dropped} rows have no outcome.", fix="Pass missing='drop' or fill them in.",
                                column=outcome)
    df = df.assign(**{outcome: y})[y.notna().to_numpy()].reset_index(drop=True)
    if df.duplicated([unit, time]).any():
        raise DuplicateKeyError(f"The panel has more than one row for some ({unit}, {time}) pairs.",
                                fix="Keep one row per unit and year (aggregate first).")
    return df, n_dropped


def _treatment(df: pd.DataFrame, unit, treated, start) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Which units are treated, which rows belong to them, and each row's start year."""
    tr = df[treated]
    codes = pd.to_numeric(tr, errors="coerce") if not pd.api.types.is_bool_dtype(tr) else tr.astype(float)
    if codes.isna().any() or not set(pd.unique(codes)) <= {0.0, 1.0}:
        bad = sorted(set(map(str, tr[codes.isna() | ~codes.isin([0, 1])])))[:5]
        raise InconsistentValuesError(f"'{treated}' must be true/false or 1/0; found {bad}.",
                                      fix="Recode it as 1 (treated unit) or 0.", column=treated)
    is_tr = _per_unit(df.assign(**{treated: codes.astype(bool)}), unit, treated)
    treated_row = df[unit].map(is_tr).to_numpy(bool)
    if isinstance(start, str):
        s_unit = _per_unit(df, unit, start)
        lacking = is_tr & s_unit.isna()
        if lacking.any():
            raise MissingValueError(f"Treated units without a start year: {', '.join(map(str, lacking[lacking].index[:5]))}.",
                                    fix=f"Fill in '{start}' for every treated unit.", column=start)
        s = df[unit].map(s_unit).astype(float).to_numpy()
    else:
        s = np.full(len(df), float(start))
    if not treated_row.any():
        raise InconsistentValuesError("The panel has no treated unit.", fix=f"Check the '{treated}' column.",
                                      column=treated)
    return is_tr, treated_row, s


def _event_study(yv: np.ndarray, k: np.ndarray, event_window: tuple[int, int], fe: pd.DataFrame,
                 groups: np.ndarray, conf_level: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coefficients by event time (k = -1 the reference) and the joint F test that the leads are zero."""
    lo, hi = event_window
    times = [e for e in range(lo, hi + 1) if e != REFERENCE and (k == e).any()]
    ev = pd.DataFrame({f"k{e}": (k == e).astype(float) for e in times})
    es_fit = _fit(yv, ev, fe, groups, "event study")
    es_ci = es_fit.conf_int(1 - conf_level)[: len(times)]
    rows = [dict(event_time=e, coef=es_fit.params[i], se=es_fit.bse[i], ci_low=es_ci[i, 0], ci_high=es_ci[i, 1],
                 p_value=es_fit.pvalues[i], n_treated_obs=int((k == e).sum())) for i, e in enumerate(times)]
    rows.append(dict(event_time=REFERENCE, coef=0.0, se=np.nan, ci_low=np.nan, ci_high=np.nan, p_value=np.nan,
                     n_treated_obs=int((k == REFERENCE).sum())))
    event_study = pd.DataFrame(rows).sort_values("event_time", ignore_index=True)
    leads = [i for i, e in enumerate(times) if e < REFERENCE]
    pretrend = dict(f_stat=np.nan, df_num=0.0, df_denom=float(groups.max()), p_value=np.nan,
                    leads=",".join(str(times[i]) for i in leads))
    if leads:
        R = np.zeros((len(leads), es_fit.params.size))
        R[np.arange(len(leads)), leads] = 1.0
        w = es_fit.wald_test(R, use_f=True, scalar=True)
        pretrend.update(f_stat=float(w.statistic), df_num=float(w.df_num), df_denom=float(w.df_denom),
                        p_value=float(stats.f.sf(float(w.statistic), w.df_num, w.df_denom)))
    return event_study, pd.DataFrame([pretrend])
