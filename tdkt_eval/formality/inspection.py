"""Oversight as a formality signal: inspection coverage and on-time reporting.

Domain primer, section 2, rows 7-8: inspection and follow-up are irregular (kiểm tra, đôn
đốc chưa thường xuyên) and reports arrive late or not at all (chế độ thông tin báo cáo).
:func:`inspection_coverage` and :func:`inspection_rates` measure the first from inspection
records, :func:`reporting_compliance` the second from report due and submission dates.
Every rate comes with an exact or score confidence interval, and every flag is a rule on a
confidence bound against a documented threshold, so chance alone rarely raises it.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import ALPHA_TO_CONF_LEVEL, check_conf_level, renamed
from .._messages import describe_values
from ..areas import default_area_column
from ..errors import (
    DataQualityWarning,
    DateParseError,
    EmptyFileError,
    InvalidArgumentTypeError,
    InvalidCategoryError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
)

__all__ = ["CHRONIC_ON_TIME_RATE", "RARE_INSPECTION_RATIO", "inspection_coverage", "inspection_rates",
           "reporting_compliance"]

#: ``rarely_inspected`` fires when the upper 95% bound of a district's rate ratio to the rest
#: of the province is below this: the district is inspected at most half as often, credibly.
RARE_INSPECTION_RATIO = 0.5

#: ``chronically_late`` fires when the upper 95% Wilson bound of a unit's on-time rate over the
#: whole period is below this: credibly more than three reports in ten are late or missing.
CHRONIC_ON_TIME_RATE = 0.7


# ----------------------------------------------------------------------------- checks
def _columns(df: object, cols: Iterable[Hashable], table: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentTypeError(f"{table} must be a pandas DataFrame; got {type(df).__name__}.")
    missing = [str(c) for c in cols if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns[:10])) + (" …" if df.shape[1] > 10 else "")
        raise MissingColumnError(f"The {table} table has no column {', '.join(map(repr, missing))} (it has {have}).",
                                 column=missing[0], fix=f"Rename the column or load the table with "
                                 f"tdkt_eval.load_dataset, which maps Vietnamese headers to '{missing[0]}'.")


def _rows(mask: pd.Series | np.ndarray) -> list[int]:
    """Spreadsheet row numbers (header = row 1) of the True positions."""
    return [int(i) + 2 for i in np.flatnonzero(np.asarray(mask, dtype=bool))]


def _dates(df: pd.DataFrame, col: str, table: str, *, required: bool = True) -> pd.Series:
    s = df[col]
    if not pd.api.types.is_datetime64_any_dtype(s):
        raise DateParseError(f"Expected dates in the {table} table; found dtype {s.dtype}.", column=col,
                             fix=f"Convert it with pd.to_datetime({table}['{col}']) or load the table with "
                                 "tdkt_eval.load_dataset.")
    if required and s.isna().any():
        raise MissingValueError(f"{int(s.isna().sum())} row(s) of the {table} table have no {col}.", column=col,
                                rows=_rows(s.isna()), fix=f"Fill in the {col} of these rows or remove them.")
    return s


def _known_units(ids: pd.Series, known: pd.Index, table: str) -> np.ndarray:
    """Position of each id in ``known``; raise naming the rows whose unit is not there."""
    codes = known.get_indexer(ids)
    bad = codes < 0
    if bad.any():
        pairs = [(ids.iat[i], i + 2) for i in np.flatnonzero(bad)]
        raise InvalidCategoryError(
            f"{int(bad.sum())} row(s) of the {table} table name units that are not in the units table: "
            f"{describe_values(pairs)}.", column="unit_id", rows=[r for _, r in pairs],
            fix=f"Add these units to the unit register (units.csv) or correct their codes in the {table} table.")
    return codes


def _tail(conf_level: float, func: str) -> float:
    """The two-sided error ``alpha = 1 - conf_level`` of a checked ``conf_level``."""
    return 1 - check_conf_level(conf_level, func)


# ----------------------------------------------------------------------------- intervals
def _wilson(k: np.ndarray, n: np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes in n trials (NaN when n = 0)."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    z2 = stats.norm.ppf(1 - alpha / 2) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = np.sqrt(z2 * p * (1 - p) / n + z2 * z2 / (4 * n * n)) / (1 + z2 / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _garwood(k: np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood 1936) interval for a Poisson mean from an observed count k."""
    k = np.asarray(k, dtype=float)
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    return low, stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2


def _rate_ratio(k1: np.ndarray, t1: np.ndarray, k2: np.ndarray, t2: np.ndarray,
                alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Exact conditional interval for (k1/t1)/(k2/t2): Clopper-Pearson on k1 | k1 + k2."""
    k1, k2 = np.asarray(k1, dtype=float), np.asarray(k2, dtype=float)
    n = k1 + k2
    with np.errstate(invalid="ignore", divide="ignore"):
        p_low = np.where(k1 > 0, stats.beta.ppf(alpha / 2, k1, n - k1 + 1), 0.0)
        p_high = np.where(k1 < n, stats.beta.ppf(1 - alpha / 2, k1 + 1, n - k1), 1.0)
        scale = np.asarray(t2, dtype=float) / np.asarray(t1, dtype=float)
        low, high = p_low / (1 - p_low) * scale, p_high / (1 - p_high) * scale
    empty = n == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


# ----------------------------------------------------------------------------- inspections
def _years(years: Iterable[int] | int, observed: pd.Series) -> list[int]:
    raw = [years] if isinstance(years, (int, np.integer)) else years
    try:
        values = list(raw)
        out = sorted({int(y) for y in values if int(y) == y})
    except (TypeError, ValueError):
        out, values = [], [years]
    if not out or len(out) != len(set(values)):
        raise InvalidParameterError("The 'years' parameter of inspection_coverage must be calendar years, "
                                    f"e.g. range(2019, 2025). Got {years!r} instead.")
    lo, hi = int(observed.min()), int(observed.max())
    outside = [y for y in out if not lo <= y <= hi]
    if outside:
        raise InvalidParameterError(
            f"The 'years' parameter of inspection_coverage asks for {', '.join(map(str, outside))}, outside "
            f"the years of the inspection records ({lo}–{hi}); every unit would look uninspected there. "
            f"Pass years within {lo}–{hi}, or add the missing inspection records.")
    return out


def inspection_coverage(inspections: pd.DataFrame, units: pd.DataFrame, years: Iterable[int], *,
                        rewards: pd.DataFrame | None = None) -> pd.DataFrame:
    """Whether, how often and how long after the last time each unit was inspected, per year.

    Parameters
    ----------
    inspections : DataFrame
        Inspection records with ``unit_id`` and ``date`` (datetime); other columns are ignored.
    units : DataFrame
        The unit register (``unit_id``): every unit gets a row per year, inspected or not.
    years : iterable of int
        Calendar years to report, within the years of the inspection records.
    rewards : DataFrame, optional
        Reward decisions with ``unit_id``, ``year`` and ``decision_date`` (datetime).

    Returns
    -------
    DataFrame
        One row per unit and year (units in register order): ``unit_id``, ``year``,
        ``inspected`` (bool), ``n_inspections``, ``first_inspection`` (first that year, NaT if
        none), ``previous_inspection`` (the one before the reference date, see Notes),
        ``days_since_last`` (float, NaN if the records show no earlier inspection); with
        ``rewards`` also ``first_decision`` and ``inspected_before_reward`` (boolean, NA when
        the unit had no reward for that year).

    Raises
    ------
    InvalidCategoryError
        Inspections or rewards name units that are not in ``units`` (the rows are listed).
    InvalidParameterError
        ``years`` empty, not integers, or outside the years of the inspection records.
    MissingColumnError, DateParseError, MissingValueError, EmptyFileError
        A required column is absent, not dates, has blanks, or ``inspections`` has no rows.

    Notes
    -----
    The reference date of a unit-year is its first inspection that year or, without one,
    31 December. ``days_since_last`` is the number of days from the unit's latest earlier
    inspection (in any year of the records) to the reference date: for an inspected year the
    gap that inspection closed, for an uninspected year the gap still open at the year's end.

    A reward concerns a unit when its ``unit_id`` is the unit: collective rewards to the unit
    and individual rewards to its staff. ``inspected_before_reward`` is True when the unit was
    inspected in calendar year *y* strictly before the first decision for emulation year *y*
    (the rewards' ``year``): the inspection could have informed the reward.

    Examples
    --------
    >>> import pandas as pd
    >>> units = pd.DataFrame({"unit_id": ["U1", "U2"]})
    >>> inspections = pd.DataFrame({"unit_id": ["U1", "U1", "U2"],
    ...     "date": pd.to_datetime(["2022-03-01", "2023-03-11", "2022-06-30"])})
    >>> rewards = pd.DataFrame({"unit_id": ["U1", "U2"], "year": [2023, 2023],
    ...                         "decision_date": pd.to_datetime(["2023-05-01", "2023-02-01"])})
    >>> cov = inspection_coverage(inspections, units, [2022, 2023], rewards=rewards)
    >>> cov[["unit_id", "year", "n_inspections", "days_since_last", "inspected_before_reward"]]
      unit_id  year  n_inspections  days_since_last  inspected_before_reward
    0      U1  2022              1              NaN                     <NA>
    1      U1  2023              1            375.0                     True
    2      U2  2022              1              NaN                     <NA>
    3      U2  2023              0            549.0                    False
    """
    _columns(inspections, ["unit_id", "date"], "inspections")
    _columns(units, ["unit_id"], "units")
    if inspections.empty:
        raise EmptyFileError("The inspections table has no rows, so missing records cannot be told from "
                             "units that were never inspected.", fix="Load the inspection records (kiem_tra.csv).")
    dates = _dates(inspections, "date", "inspections").astype("datetime64[ns]")
    known = pd.Index(units["unit_id"].dropna().unique())
    codes = _known_units(inspections["unit_id"], known, "inspections")
    years = _years(years, dates.dt.year)

    ins = pd.DataFrame({"code": codes, "year": dates.dt.year.to_numpy(), "date": dates.to_numpy()})
    grid = pd.DataFrame({"code": np.repeat(np.arange(len(known)), len(years)),
                         "year": np.tile(years, len(known))})
    per_year = ins.groupby(["code", "year"]).agg(n_inspections=("date", "size"), first_inspection=("date", "min"))
    out = grid.merge(per_year.reset_index(), on=["code", "year"], how="left")
    out["n_inspections"] = out["n_inspections"].fillna(0).astype(np.int64)
    year_end = pd.to_datetime(out["year"].astype(str) + "-12-31")
    out["_ref"] = out["first_inspection"].fillna(year_end).astype("datetime64[ns]")
    out["_order"] = np.arange(len(out))
    prev = pd.merge_asof(out[["_ref", "code", "_order"]].sort_values("_ref"),
                         ins[["date", "code"]].sort_values("date"), left_on="_ref", right_on="date", by="code",
                         allow_exact_matches=False, direction="backward")
    out["previous_inspection"] = prev.set_index("_order")["date"].reindex(out["_order"]).to_numpy()
    out["days_since_last"] = (out["_ref"] - out["previous_inspection"]).dt.days.astype(float)
    out["unit_id"], out["inspected"] = known[out["code"]], out["n_inspections"] > 0
    out = out[["unit_id", "year", "inspected", "n_inspections", "first_inspection", "previous_inspection",
               "days_since_last"]]

    if rewards is not None:
        _columns(rewards, ["unit_id", "year", "decision_date"], "rewards")
        decided = _dates(rewards, "decision_date", "rewards")
        if rewards["year"].isna().any():
            raise MissingValueError(f"{int(rewards['year'].isna().sum())} reward row(s) have no year.", column="year",
                                    rows=_rows(rewards["year"].isna()), fix="Fill in the emulation year.")
        rcodes = _known_units(rewards["unit_id"], known, "rewards")
        first = (pd.DataFrame({"unit_id": known[rcodes], "year": rewards["year"].to_numpy(dtype=np.int64),
                               "first_decision": decided.astype("datetime64[ns]").to_numpy()})
                 .groupby(["unit_id", "year"], as_index=False)["first_decision"].min())
        out = out.merge(first, on=["unit_id", "year"], how="left")
        before = out["first_inspection"].notna() & (out["first_inspection"] < out["first_decision"])
        out["inspected_before_reward"] = pd.array(before, dtype="boolean")
        out.loc[out["first_decision"].isna(), "inspected_before_reward"] = pd.NA
    return out


@renamed(alpha=ALPHA_TO_CONF_LEVEL)
def inspection_rates(coverage: pd.DataFrame, units: pd.DataFrame, *, by: str | None = None, conf_level: float = 0.95,
                     threshold: float = RARE_INSPECTION_RATIO) -> pd.DataFrame:
    """Inspections per unit-year in each district, and its ratio to the rest of the province.

    Parameters
    ----------
    coverage : DataFrame
        Output of :func:`inspection_coverage` (``unit_id``, ``n_inspections``; one row per unit-year).
    units : DataFrame
        The unit register with ``unit_id`` and the grouping column ``by``.
    by : str, optional
        Column of ``units`` to group by ("district", "commune", "level", …). Default: the area
        the units hold (``area``, else ``district``, else ``commune``; see
        :func:`tdkt_eval.areas.default_area_column`).
    conf_level : float, default 0.95
        Confidence level of the intervals (formerly ``alpha = 1 - conf_level``).
    threshold : float, default :data:`RARE_INSPECTION_RATIO` (0.5)
        ``rarely_inspected`` is True when ``rate_ratio_high`` < ``threshold``.

    Returns
    -------
    DataFrame
        One row per group, sorted: ``by``, ``n_units``, ``unit_years``, ``n_inspections``,
        ``rate`` (per unit-year), ``rate_low``, ``rate_high``, ``rate_rest`` (all other units),
        ``rate_ratio``, ``rate_ratio_low``, ``rate_ratio_high`` and ``rarely_inspected``.

    Notes
    -----
    With *k* inspections over *T* unit-years the rate is *k/T*, with Garwood's exact interval
    ``[chi2(alpha/2; 2k) / 2, chi2(1 - alpha/2; 2k + 2) / 2] / T``. The rate ratio to the rest of
    the province (*k2* over *T2*) uses the exact conditional interval: given *k + k2*, *k* is
    binomial with *p = RR T / (RR T + T2)*, so the Clopper-Pearson limits of *p* map to
    *RR = p / (1 - p) · T2 / T* (as R ``poisson.test`` with two samples). Both assume every
    unit-year of a group has the same Poisson rate; units that differ inflate the variance
    (overdispersion) and make the intervals too narrow. Under equal rates the flag fires with
    probability below alpha / 2 per group (the one-sided error of the upper bound).

    References
    ----------
    Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika*, 28, 437-442.

    Examples
    --------
    >>> import pandas as pd
    >>> units = pd.DataFrame({"unit_id": ["U1", "U2", "U3", "U4"], "district": ["A", "A", "B", "B"]})
    >>> coverage = pd.DataFrame({"unit_id": ["U1", "U2", "U3", "U4"] * 7,   # 7 years
    ...                          "n_inspections": [1, 1, 0, 0] * 6 + [2, 1, 1, 0]})
    >>> rates = inspection_rates(coverage, units)
    >>> rates[["district", "n_inspections", "rate", "rate_ratio_high", "rarely_inspected"]].round(3)
      district  n_inspections   rate  rate_ratio_high  rarely_inspected
    0        A             15  1.071          631.466             False
    1        B              1  0.071            0.433              True
    """
    _columns(coverage, ["unit_id", "n_inspections"], "coverage")
    by = default_area_column(units) if by is None else by
    _columns(units, ["unit_id", by], "units")
    alpha = _tail(conf_level, "inspection_rates")
    if not threshold > 0:
        raise InvalidParameterError(f"The 'threshold' parameter of inspection_rates must be > 0. Got {threshold!r}.")
    register = units.drop_duplicates("unit_id").set_index("unit_id")[by]
    codes = _known_units(coverage["unit_id"], register.index, "coverage")
    group = register.iloc[codes].reset_index(drop=True)
    if group.isna().any():
        blank = sorted(map(str, coverage["unit_id"][group.isna().to_numpy()].unique()))
        raise MissingValueError(f"Units {', '.join(blank[:5])} have no '{by}' in the units table.", column=by,
                                fix=f"Fill in the {by} of these units.")
    frame = pd.DataFrame({by: group, "unit_id": coverage["unit_id"].to_numpy(),
                          "n": coverage["n_inspections"].to_numpy(dtype=float)})
    out = frame.groupby(by, sort=True).agg(n_units=("unit_id", "nunique"), unit_years=("unit_id", "size"),
                                          n_inspections=("n", "sum")).reset_index()
    out["n_inspections"] = out["n_inspections"].astype(np.int64)
    k, t = out["n_inspections"].to_numpy(dtype=float), out["unit_years"].to_numpy(dtype=float)
    k2, t2 = k.sum() - k, t.sum() - t
    low, high = _garwood(k, alpha)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate, rate_rest = k / t, np.where(t2 > 0, k2 / t2, np.nan)
        rr_low, rr_high = _rate_ratio(k, t, k2, t2, alpha)
        out = out.assign(rate=rate, rate_low=low / t, rate_high=high / t, rate_rest=rate_rest,
                         rate_ratio=rate / rate_rest, rate_ratio_low=rr_low, rate_ratio_high=rr_high)
    out["rarely_inspected"] = out["rate_ratio_high"] < threshold  # NaN (no rest) -> False
    return out


# ----------------------------------------------------------------------------- reports
@renamed(alpha=ALPHA_TO_CONF_LEVEL)
def reporting_compliance(reports: pd.DataFrame, *, by: Sequence[str] | str = ("unit_id",),
                         period: Literal["year", "all"] = "year", grace_days: int = 0, conf_level: float = 0.95,
                         threshold: float = CHRONIC_ON_TIME_RATE) -> pd.DataFrame:
    """On-time reporting per unit and period, and the units that are late chronically.

    Parameters
    ----------
    reports : DataFrame
        Reports with ``due_date`` and ``submitted_date`` (datetime; blank = not submitted),
        the ``by`` columns and, for ``period="year"``, ``year``.
    by : str or sequence of str, default ("unit_id",)
        Columns that define a reporting unit (add "kind" to split interim and final).
    period : {"year", "all"}, default "year"
        One row per ``by`` group and year, or one per group over all years.
    grace_days : int, default 0
        A report submitted up to this many days after its due date still counts as on time.
    conf_level : float, default 0.95
        Confidence level of the Wilson interval (formerly ``alpha = 1 - conf_level``).
    threshold : float, default :data:`CHRONIC_ON_TIME_RATE` (0.7)
        ``chronically_late`` is True when the upper Wilson bound of the group's on-time rate,
        pooled over all periods, is below this.

    Returns
    -------
    DataFrame
        One row per group (and year): the ``by`` columns, [``year``], ``n_reports``,
        ``n_on_time``, ``n_late`` (submitted after the grace period), ``n_not_submitted``,
        ``on_time_rate``, ``on_time_low``, ``on_time_high``, ``late_days_median`` (median days
        after the due date among late reports; NaN if none) and ``chronically_late``. Notes
        about skipped rows are in ``.attrs["notes"]``.

    Raises
    ------
    MissingValueError
        No report has a due date. Reports without one are skipped with a ``DataQualityWarning``.
    MissingColumnError, DateParseError, InvalidParameterError
        Absent columns, columns that are not dates, or bad ``by``, ``period``, ``grace_days``.

    Notes
    -----
    A report is on time when ``submitted_date - due_date <= grace_days``; a report with a due
    date and no submission counts as not on time. The interval is Wilson's score interval,
    ``(p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)``, which keeps its coverage near the
    nominal level for the 10-20 reports a unit files over a few years, where the Wald
    interval does not (Brown, Cai & DasGupta 2001).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA*, 22, 209-212.

    Examples
    --------
    >>> import pandas as pd
    >>> due = pd.to_datetime(["2023-06-15", "2023-12-10"] * 2)
    >>> reports = pd.DataFrame({"unit_id": ["U1", "U1", "U2", "U2"], "year": 2023, "due_date": due,
    ...     "submitted_date": pd.to_datetime(["2023-06-15", "2023-12-12", "2023-07-20", None])})
    >>> out = reporting_compliance(reports, grace_days=1)
    >>> out[["unit_id", "n_on_time", "n_late", "n_not_submitted", "on_time_rate", "late_days_median"]]
      unit_id  n_on_time  n_late  n_not_submitted  on_time_rate  late_days_median
    0      U1          1       1                0           0.5               2.0
    1      U2          0       1                1           0.0              35.0
    """
    by = [by] if isinstance(by, str) else list(by)
    if not by:
        raise InvalidParameterError("The 'by' parameter of reporting_compliance must name at least one column, "
                                    "e.g. ('unit_id',) or ('district',).")
    if period not in ("year", "all"):
        raise InvalidParameterError(f"The 'period' parameter of reporting_compliance must be one of "
                                    f"{{'year', 'all'}}. Got {period!r} instead.")
    if isinstance(grace_days, bool) or not isinstance(grace_days, (int, np.integer)) or grace_days < 0:
        raise InvalidParameterError(f"The 'grace_days' parameter of reporting_compliance must be an integer "
                                    f">= 0. Got {grace_days!r} instead.")
    alpha = _tail(conf_level, "reporting_compliance")
    keys = by + (["year"] if period == "year" and "year" not in by else [])
    _columns(reports, keys + ["due_date", "submitted_date"], "reports")
    due = _dates(reports, "due_date", "reports", required=False)
    submitted = _dates(reports, "submitted_date", "reports", required=False)
    notes: list[str] = []
    if due.isna().all():
        raise MissingValueError(f"None of the {len(reports)} reports has a due date, so lateness cannot be measured.",
                                column="due_date", fix="Fill in the deadline (hạn nộp) of each report.")
    if due.isna().any():
        rows = _rows(due.isna())
        notes.append(f"{len(rows)} report(s) without a due date were skipped (rows "
                     f"{', '.join(map(str, rows[:5]))}{' …' if len(rows) > 5 else ''}).")
        warnings.warn(notes[-1], DataQualityWarning, stacklevel=3)  # 3: past the renamed() wrapper
    keep = due.notna().to_numpy()
    late_days = (submitted - due).dt.days.astype(float)[keep]
    frame = reports.loc[keep, keys].reset_index(drop=True)
    on_time = (late_days <= grace_days).to_numpy()
    frame["_on"], frame["_missing"] = on_time, late_days.isna().to_numpy()
    frame["_late"] = ~on_time & ~frame["_missing"]
    frame["_days"] = late_days.where(frame["_late"].to_numpy()).to_numpy()

    out = frame.groupby(keys, sort=True, dropna=False).agg(
        n_reports=("_on", "size"), n_on_time=("_on", "sum"), n_late=("_late", "sum"),
        n_not_submitted=("_missing", "sum"), late_days_median=("_days", "median")).reset_index()
    out = out.astype({c: np.int64 for c in ("n_on_time", "n_late", "n_not_submitted")})
    low, high = _wilson(out["n_on_time"], out["n_reports"], alpha)
    out.insert(len(keys) + 4, "on_time_rate", out["n_on_time"] / out["n_reports"])
    out.insert(len(keys) + 5, "on_time_low", low)
    out.insert(len(keys) + 6, "on_time_high", high)
    pooled = frame.groupby(by, sort=False, dropna=False).agg(n=("_on", "size"), k=("_on", "sum")).reset_index()
    pooled["chronically_late"] = _wilson(pooled["k"], pooled["n"], alpha)[1] < threshold
    out = out.merge(pooled[by + ["chronically_late"]], on=by, how="left")
    out.attrs["notes"] = notes
    return out
