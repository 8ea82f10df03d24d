"""One table of formality indicators per unit or cluster, each with its direction and percentile.

Each indicator family has its own function (flag rotation, score compression, leniency,
criteria measurability, copied reports, inspection coverage, reporting compliance,
straight-lining). :func:`formality_table` joins whichever of their tables are given into one
row per unit (or cluster) and ranks every indicator against the province, so that
100 always means "most formal" whatever the indicator's direction. The directions and
meanings are listed in :data:`FORMALITY_INDICATORS`. :func:`straightlining_rate`, the
survey-side signal, lives here as well.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import DuplicateKeyError, InvalidCategoryError, InvalidParameterError, MissingColumnError
from ..quality import screen
from .._args import ALPHA_TO_CONF_LEVEL, renamed
from .inspection import _columns, _known_units, _rows, _tail, _wilson
from .scoring import OVERALL as POOLED_LENIENCY

__all__ = ["FORMALITY_INDICATORS", "formality_table", "straightlining_rate"]

_HIGHER, _LOWER = "higher = more formal", "lower = more formal"
_SPEC = [  # name, input, column, level, direction, source, description_vi, description_en
    ("rotating", "rotation", "rotating", "cluster", _HIGHER, "flag_rotation",
     "Cờ thi đua trao luân phiên (cờ luân lưu)", "The cluster flag goes round in turn (1 = rotation detected)"),
    ("not_top_rate", "rotation", "not_top_rate", "cluster", _HIGHER, "flag_rotation",
     "Tỷ lệ năm cờ không trao cho đơn vị điểm cao nhất", "Share of years the flag did not go to the top scorer"),
    ("p_merit", "rotation", "p_merit", "cluster", _LOWER, "flag_rotation",
     "Mức phù hợp của chuỗi nhận cờ với mô hình theo thành tích (p)",
     "p-value of the flag winners under the merit model (small = winners do not follow scores)"),
    ("ceiling_share", "compression", "ceiling_share", "cluster", _HIGHER, "score_compression",
     "Tỷ lệ điểm chấm ở mức tối đa (trung bình các năm)", "Share of scores at the maximum (mean over years)"),
    ("score_cv", "compression", "cv", "cluster", _LOWER, "score_compression",
     "Hệ số biến thiên của điểm trong cụm (trung bình các năm)",
     "Coefficient of variation of scores in the cluster (mean over years; low = bunched)"),
    ("score_gini", "compression", "gini", "cluster", _LOWER, "score_compression",
     "Hệ số Gini của điểm trong cụm (trung bình các năm)", "Gini of scores in the cluster (mean over years)"),
    ("leniency", "leniency", "mean_diff", "cluster", _HIGHER, "leniency",
     "Điểm tự chấm trừ điểm thẩm định, trung bình (nể nang)", "Mean self-score minus verified score (leniency)"),
    ("share_measurable", "measurability", "share_measurable", "unit", _LOWER, "criteria_measurability",
     "Tỷ lệ tiêu chí có chỉ tiêu đo được", "Share of the unit's criteria with a measurable target"),
    ("self_copy_similarity", "copied", "similarity", "unit", _HIGHER, "copied_reports",
     "Độ giống cao nhất giữa hai báo cáo của cùng đơn vị (sao chép năm trước)",
     "Highest similarity between two reports of the same unit (copied from year to year)"),
    ("cross_copy_similarity", "copied", "similarity", "unit", _HIGHER, "copied_reports",
     "Độ giống cao nhất với báo cáo của đơn vị khác",
     "Highest similarity between the unit's report and another unit's"),
    ("inspected_share", "coverage", "inspected", "unit", _LOWER, "inspection_coverage",
     "Tỷ lệ năm đơn vị được kiểm tra", "Share of years in which the unit was inspected"),
    ("inspected_before_reward_share", "coverage", "inspected_before_reward", "unit", _LOWER, "inspection_coverage",
     "Tỷ lệ năm được kiểm tra trước quyết định khen thưởng (các năm có khen thưởng)",
     "Share of rewarded years in which an inspection came before the first reward decision"),
    ("on_time_rate", "reporting", "n_on_time / n_reports", "unit", _LOWER, "reporting_compliance",
     "Tỷ lệ báo cáo nộp đúng hạn (cả giai đoạn)", "Share of reports submitted on time (whole period)"),
    ("straightlining_rate", "straightlining", "n_straightliners / n", "unit", _HIGHER, "straightlining_rate",
     "Tỷ lệ phiếu tự đánh giá chọn một đáp án cho mọi câu", "Share of staff who straight-line the self-assessment"),
]

#: The indicators :func:`formality_table` can report: ``name`` (its column in the table),
#: ``source`` (the function that computes the input), ``input`` (the argument of
#: formality_table), ``column`` (the input column used), ``level`` (unit or cluster),
#: ``direction`` ("higher = more formal" or "lower = more formal"), ``description_vi`` and
#: ``description_en``.
FORMALITY_INDICATORS = pd.DataFrame(_SPEC, columns=["name", "input", "column", "level", "direction", "source",
                                                    "description_vi", "description_en"])[
    ["name", "source", "input", "column", "level", "direction", "description_vi", "description_en"]]


def _unique(df: pd.DataFrame, key: str, table: str) -> None:
    dup = df[key].duplicated(keep=False)
    if dup.any():
        raise DuplicateKeyError(f"The {table} table must have one row per {key}; "
                                f"{', '.join(map(str, df.loc[dup, key].unique()[:5]))} repeat.", column=key,
                                rows=_rows(dup), fix=f"Pass one row per {key} (aggregate the years first).")


def _present(df: pd.DataFrame, table: str, wanted: Sequence[str]) -> list[str]:
    cols = [c for c in wanted if c in df.columns]
    if not cols:
        raise MissingColumnError(f"The {table} table has none of the indicator columns {', '.join(wanted)}.",
                                 column=wanted[0], fix=f"Pass the output of the {table} function unchanged.")
    return cols


def _indicators(arg: str, df: pd.DataFrame) -> pd.DataFrame:
    """Indicator values of one input table, indexed by cluster_id or unit_id."""
    if arg in ("rotation", "leniency"):
        _columns(df, ["cluster_id"], arg)
        _unique(df, "cluster_id", arg)
        spec = FORMALITY_INDICATORS[FORMALITY_INDICATORS["input"] == arg]
        cols = _present(df, arg, list(spec["column"]))
        names = dict(zip(spec["column"], spec["name"]))
        return df.set_index("cluster_id")[cols].astype(float).rename(columns=names)
    if arg == "compression":
        _columns(df, ["cluster_id"], arg)
        cols = _present(df, arg, ["ceiling_share", "cv", "gini"])
        out = df[["cluster_id", *cols]].astype({c: float for c in cols}).groupby("cluster_id").mean()
        return out.rename(columns={"cv": "score_cv", "gini": "score_gini"})
    if arg == "measurability":
        _columns(df, ["unit_id", "share_measurable"], arg)
        _unique(df, "unit_id", arg)
        return df.set_index("unit_id")[["share_measurable"]].astype(float)
    if arg == "copied":
        _columns(df, ["unit_a", "unit_b", "similarity"], arg)
        same = df["same_unit"].astype(bool) if "same_unit" in df.columns else df["unit_a"] == df["unit_b"]
        sim = df["similarity"].astype(float)
        own = pd.DataFrame({"unit_id": df["unit_a"][same], "s": sim[same]}).groupby("unit_id")["s"].max()
        other = pd.concat([pd.DataFrame({"unit_id": df[c][~same], "s": sim[~same]}) for c in ("unit_a", "unit_b")])
        return pd.DataFrame({"self_copy_similarity": own,
                             "cross_copy_similarity": other.groupby("unit_id")["s"].max()})
    if arg == "coverage":
        _columns(df, ["unit_id", "inspected"], arg)
        out = pd.DataFrame({"unit_id": df["unit_id"], "inspected_share": df["inspected"].astype(float)})
        if "inspected_before_reward" in df.columns:
            out["inspected_before_reward_share"] = df["inspected_before_reward"].astype("Float64").astype(float)
        return out.groupby("unit_id").mean()
    num, den = ("n_on_time", "n_reports") if arg == "reporting" else ("n_straightliners", "n")
    _columns(df, ["unit_id", num, den], arg)
    sums = df.groupby("unit_id")[[num, den]].sum()
    return pd.DataFrame({f"{'on_time' if arg == 'reporting' else 'straightlining'}_rate":
                         sums[num].astype(float) / sums[den].astype(float).replace(0, np.nan)})


def _percentile(values: pd.Series, direction: str) -> pd.Series:
    score = values if direction == _HIGHER else -values
    n = int(score.notna().sum())
    if n <= 1:
        return pd.Series(np.where(score.notna(), 50.0, np.nan), index=values.index)
    return 100 * (score.rank(method="average") - 1) / (n - 1)


def _check_keys(arg: str, df: pd.DataFrame, units: pd.DataFrame) -> None:
    """Raise when an input names units or clusters that the unit register does not have."""
    if arg in _CLUSTER_INPUTS:
        known = set(units["cluster_id"].dropna())
        bad = ~df["cluster_id"].isin(known).to_numpy(dtype=bool)
        if bad.any():
            raise InvalidCategoryError(
                f"The {arg} table names clusters that no unit belongs to: "
                f"{', '.join(map(str, pd.unique(df['cluster_id'][bad])[:5]))}.", column="cluster_id",
                rows=_rows(bad), fix="Correct the cluster codes, or fill in cluster_id in the units table.")
        return
    known = pd.Index(units["unit_id"].dropna().unique())
    for col in ("unit_a", "unit_b") if arg == "copied" else ("unit_id",):
        _known_units(df[col].rename("unit_id"), known, arg)


_CLUSTER_INPUTS = ("rotation", "compression", "leniency")


def formality_table(*, rotation: pd.DataFrame | None = None, compression: pd.DataFrame | None = None,
                    leniency: pd.DataFrame | None = None, measurability: pd.DataFrame | None = None,
                    copied: pd.DataFrame | None = None, coverage: pd.DataFrame | None = None,
                    reporting: pd.DataFrame | None = None, straightlining: pd.DataFrame | None = None,
                    units: pd.DataFrame | None = None, level: Literal["unit", "cluster"] = "unit") -> pd.DataFrame:
    """Join formality indicators into one row per unit (or cluster) with province percentiles.

    Give any subset of the indicator tables; each is the output of the function named in
    :data:`FORMALITY_INDICATORS`, or any DataFrame with the columns listed here.

    Parameters
    ----------
    rotation : DataFrame, optional
        Per cluster (``flag_rotation``): ``cluster_id`` and any of ``rotating`` (bool),
        ``not_top_rate``, ``p_merit``.
    compression : DataFrame, optional
        Per cluster and year (``score_compression``): ``cluster_id`` and any of
        ``ceiling_share``, ``cv``, ``gini``; averaged over the years.
    leniency : DataFrame, optional
        Per cluster (``leniency``): ``cluster_id``, ``mean_diff`` (self minus verified score).
    measurability : DataFrame, optional
        Per unit (``criteria_measurability``): ``unit_id``, ``share_measurable``.
    copied : DataFrame, optional
        Pairs of reports (``copied_reports``): ``unit_a``, ``unit_b``, ``similarity`` and
        ``same_unit`` (default ``unit_a == unit_b``); ``year_a``/``year_b`` are not needed.
        Units absent from the pairs get NaN (not compared), not 0.
    coverage : DataFrame, optional
        Per unit-year (:func:`~tdkt_eval.formality.inspection.inspection_coverage`):
        ``unit_id``, ``inspected`` and optionally ``inspected_before_reward``.
    reporting : DataFrame, optional
        Per unit and period (:func:`~tdkt_eval.formality.inspection.reporting_compliance`
        with ``by="unit_id"``): ``unit_id``, ``n_reports``, ``n_on_time``; pooled over periods.
    straightlining : DataFrame, optional
        Per unit (:func:`straightlining_rate`): ``unit_id``, ``n``, ``n_straightliners``.
    units : DataFrame, optional
        The unit register: ``unit_id`` and ``cluster_id``. Required to give units their
        cluster's indicators (``level="unit"``) or clusters their units' (``level="cluster"``);
        when given, every unit (cluster) of the register gets a row.
    level : {"unit", "cluster"}, default "unit"
        One row per unit, with cluster indicators repeated for the units of the cluster, or
        one row per cluster, with unit indicators averaged (unweighted) over its units.

    Returns
    -------
    DataFrame
        ``unit_id`` and ``cluster_id`` (or ``cluster_id``), then for each indicator available,
        in the order of :data:`FORMALITY_INDICATORS`, its value ``<name>`` and its percentile
        ``<name>_pct``; last ``n_indicators``, the number of indicators the row has a value for.

    Raises
    ------
    InvalidParameterError
        No table given, a bad ``level``, or ``units`` missing where it is needed.
    MissingColumnError, DuplicateKeyError, InvalidCategoryError
        An input lacks its columns, repeats its key, or names units/clusters not in ``units``.

    Notes
    -----
    The percentile of a row is ``100 (r - 1) / (n - 1)``, where *r* is the mid-rank of its
    direction-adjusted value among the *n* rows with a value (ties share a rank; one row gets
    50). So 100 is the most formal row of the province and 0 the least, for every indicator.
    At ``level="unit"`` a cluster indicator is ranked over units, so big clusters weigh more.
    No composite is formed: weighting the indicators is a policy choice (JRC/OECD handbook).

    Examples
    --------
    >>> import pandas as pd
    >>> units = pd.DataFrame({"unit_id": ["U1", "U2", "U3"], "cluster_id": ["C1", "C1", "C2"]})
    >>> leniency = pd.DataFrame({"cluster_id": ["C1", "C2"], "mean_diff": [0.9, 0.1]})
    >>> measurability = pd.DataFrame({"unit_id": ["U1", "U2", "U3"], "share_measurable": [0.2, 0.6, 0.4]})
    >>> table = formality_table(leniency=leniency, measurability=measurability, units=units)
    >>> table[["unit_id", "leniency", "leniency_pct", "share_measurable", "share_measurable_pct"]]
      unit_id  leniency  leniency_pct  share_measurable  share_measurable_pct
    0      U1       0.9          75.0               0.2                 100.0
    1      U2       0.9          75.0               0.6                   0.0
    2      U3       0.1           0.0               0.4                  50.0
    """
    if level not in ("unit", "cluster"):
        raise InvalidParameterError(f"The 'level' parameter of formality_table must be one of {{'unit', 'cluster'}}. "
                                    f"Got {level!r} instead.")
    if leniency is not None and "cluster_id" in leniency:  # its pooled row ("all") is not a cluster
        leniency = leniency[leniency["cluster_id"] != POOLED_LENIENCY]
    given = {arg: df for arg, df in [("rotation", rotation), ("compression", compression), ("leniency", leniency),
                                     ("measurability", measurability), ("copied", copied), ("coverage", coverage),
                                     ("reporting", reporting), ("straightlining", straightlining)] if df is not None}
    if not given:
        raise InvalidParameterError("formality_table needs at least one indicator table, "
                                    "e.g. formality_table(coverage=inspection_coverage(...)).")
    parts = {arg: _indicators(arg, df) for arg, df in given.items()}
    cluster_args = [a for a in parts if a in _CLUSTER_INPUTS]
    unit_args = [a for a in parts if a not in _CLUSTER_INPUTS]
    needs_clusters = level == "cluster" or bool(cluster_args)
    if units is None and (cluster_args if level == "unit" else unit_args):
        have, want = ("cluster", "unit") if level == "unit" else ("unit", "cluster")
        raise InvalidParameterError(f"formality_table was given {have}-level tables "
                                    f"({', '.join(cluster_args if level == 'unit' else unit_args)}) for a "
                                    f"{want}-level table; pass units= (the unit register with cluster_id) "
                                    "to map units to clusters.")
    if units is not None:
        _columns(units, ["unit_id", "cluster_id"] if needs_clusters else ["unit_id"], "units")
        for arg in given:
            _check_keys(arg, given[arg], units)
        register = units.drop_duplicates("unit_id")[["unit_id", "cluster_id"] if "cluster_id" in units else ["unit_id"]]
        register = register[register["unit_id"].notna()].reset_index(drop=True)
    else:
        ids = sorted(set().union(*(parts[a].index for a in unit_args)), key=str) if unit_args else []
        register = pd.DataFrame({"unit_id": ids})

    if level == "unit":
        out = register
        for arg in unit_args:
            out = out.join(parts[arg], on="unit_id")
        for arg in cluster_args:
            out = out.join(parts[arg], on="cluster_id")
    else:
        clusters = set(register["cluster_id"].dropna()) if "cluster_id" in register else set()
        clusters = clusters.union(*(parts[a].index for a in cluster_args))
        out = pd.DataFrame({"cluster_id": sorted(clusters, key=str)})
        for arg in cluster_args:
            out = out.join(parts[arg], on="cluster_id")
        for arg in unit_args:
            means = register.join(parts[arg], on="unit_id").drop(columns="unit_id").groupby("cluster_id").mean()
            out = out.join(means, on="cluster_id")
    keys = [c for c in ("unit_id", "cluster_id") if c in out.columns]
    columns, n_values = keys, pd.Series(0, index=out.index)
    for name, direction in zip(FORMALITY_INDICATORS["name"], FORMALITY_INDICATORS["direction"]):
        if name in out.columns:
            out[name] = out[name].astype(float)
            out[f"{name}_pct"] = _percentile(out[name], direction)
            columns = [*columns, name, f"{name}_pct"]
            n_values += out[name].notna()
    return out[columns].assign(n_indicators=n_values.astype(np.int64))

# ----------------------------------------------------------------------------- self-assessment
@renamed(alpha=ALPHA_TO_CONF_LEVEL)
def straightlining_rate(staff_responses: pd.DataFrame, *, items: Sequence[Hashable], by: Sequence[str] | str = "unit_id",
                        longstring_share: float = 0.9, conf_level: float = 0.95) -> pd.DataFrame:
    """Share of staff who give one answer down the whole self-assessment, per unit.

    A unit whose staff fill in the questionnaire without reading it is doing the survey for
    form's sake; the straight-lining rate is a formality signal (higher = more formal).

    Parameters
    ----------
    staff_responses : DataFrame
        One row per respondent with the ``by`` columns and the item columns.
    items : list of str
        Likert items, in questionnaire order (as for :func:`tdkt_eval.quality.screen`).
    by : str or sequence of str, default "unit_id"
        Grouping columns.
    longstring_share : float, default 0.9
        Passed to :func:`tdkt_eval.quality.screen`, which flags the straight-liners.
    conf_level : float, default 0.95
        Confidence level of the Wilson intervals (formerly ``alpha = 1 - conf_level``).

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, ``n`` (respondents), ``n_straightliners``,
        ``rate``, ``rate_low``, ``rate_high`` and the province figures ``province_rate``,
        ``province_low``, ``province_high`` (the same on every row).

    Notes
    -----
    Straight-liners are those of :func:`tdkt_eval.quality.screen` (longstring index at least
    ``longstring_share`` of the answered items); intervals are Wilson's (see
    :func:`reporting_compliance`). Respondents with fewer than two answers cannot be flagged
    but are counted in ``n``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"unit_id": ["U1", "U1", "U1", "U2", "U2"],
    ...     "q1": [3, 4, 2, 5, 1], "q2": [3, 2, 4, 5, 3], "q3": [3, 5, 1, 5, 2]})
    >>> straightlining_rate(df, items=["q1", "q2", "q3"])[["unit_id", "n", "n_straightliners", "rate"]]
      unit_id  n  n_straightliners      rate
    0      U1  3                 1  0.333333
    1      U2  2                 1  0.500000
    """
    by = [by] if isinstance(by, str) else list(by)
    _columns(staff_responses, by, "staff_responses")
    alpha = _tail(conf_level, "straightlining_rate")
    id_col = "respondent_id" if "respondent_id" in staff_responses.columns else None
    flags = screen(staff_responses, items=items, id_col=id_col, start=None, end=None,
                   longstring_share=longstring_share).flags
    frame = staff_responses[by].reset_index(drop=True).assign(_sl=flags["straightliner"].to_numpy(dtype=bool))
    out = frame.groupby(by, sort=True, dropna=False)["_sl"].agg(n="size", n_straightliners="sum").reset_index()
    out["n_straightliners"] = out["n_straightliners"].astype(np.int64)
    low, high = _wilson(out["n_straightliners"], out["n"], alpha)
    out = out.assign(rate=out["n_straightliners"] / out["n"], rate_low=low, rate_high=high)
    total, hits = len(frame), int(frame["_sl"].sum())
    p_low, p_high = _wilson(hits, total, alpha)
    return out.assign(province_rate=hits / total if total else np.nan, province_low=float(p_low),
                      province_high=float(p_high))
