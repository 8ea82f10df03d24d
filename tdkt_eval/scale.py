"""Past one machine: the loaders, the compliance checks and the design-based mean on Dask.

National data come as many files (a province each, a year each); each file is
one partition, loaded and validated by :func:`tdkt_eval.load_records` on a
worker, so every message still names its file, column and rows.  The
compliance rules read a recipient's whole history, or a unit's year: the
records are shuffled so that each group lies in one partition, and each
partition is checked with the facts that span the whole table (the years in
which anyone received each title).  The design-based mean is computed from
sufficient statistics (weight and weighted sum per stratum and PSU) merged
across partitions.  Each function gives the in-memory result, on data of any
size.

Dask is an optional extra: ``pip install "tdkt-eval[dask]"``.

Examples
--------
>>> from dask.distributed import Client, LocalCluster          # doctest: +SKIP
>>> client = Client(LocalCluster(n_workers=2))                 # doctest: +SKIP
>>> rewards = read_records(sorted(Path("quoc_gia").glob("khen_thuong_*.csv")), "rewards")  # doctest: +SKIP
>>> found = check_compliance(rewards)                          # doctest: +SKIP
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from .compliance.engine import RESULT_COLUMNS, RuleSet, load_rules, run_rules
from .errors import DesignError, InvalidParameterError, MissingValueError
from .io.records import load_records

__all__ = ["check_compliance", "design_mean", "read_records"]


def _dask():
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise InvalidParameterError(
            "tdkt_eval.scale needs Dask, an optional extra.",
            fix='Install it with: pip install "tdkt-eval[dask]"; or use the in-memory functions '
                "(te.load_records, te.check_compliance, te.Design).") from None
    return dd


def read_records(paths: Sequence[str | os.PathLike[str]], kind: str, **options: Any):
    """A Dask DataFrame of record files, one partition per file, each loaded and validated on a worker.

    Parameters
    ----------
    paths : sequence of path
        The files (CSV, XLSX or Parquet), e.g. one per province.
    kind : str
        Their contract, as for :func:`tdkt_eval.load_records`.
    **options
        Passed to :func:`tdkt_eval.load_records` (``missing_codes``, ``personal_data``, ``salt`` ...).

    Returns
    -------
    dask.dataframe.DataFrame
        Lazily loaded; ``compute()`` gives the rows of every file in order, as
        ``pd.concat([te.load_records(p, kind) for p in paths])`` with a fresh index.
        A problem in a file raises its :class:`TdktInputError` (file, column,
        rows and fix) when the partition is computed.
    """
    dd = _dask()
    paths = [str(p) for p in paths]
    if not paths:
        raise InvalidParameterError("read_records needs at least one file.", fix="Pass a list of file paths.")
    meta = load_records(paths[0], kind, **options).iloc[:0]
    meta.attrs = {}
    return dd.from_map(_load_partition, paths, kind=kind, options=options, meta=meta,
                       divisions=None, enforce_metadata=False)


def _load_partition(path: str, kind: str, options: Mapping[str, Any]) -> pd.DataFrame:
    frame = load_records(path, kind, **options)
    frame.attrs = {}
    return frame


# ---------------------------------------------------------------- compliance
#: The column whose groups a check reads whole: a partition must hold each group entirely.
_GROUPED_BY = {"closed_list": "recipient_id", "requires_same_year": "recipient_id",
               "requires_consecutive_years": "recipient_id", "requires_titles_in_a_row": "recipient_id",
               "one_title_per_year": "recipient_id", "ratio_cap": "unit_id", "flags_per_cluster": None}


def _partition_key(rule: Any) -> str | None:
    if rule.check == "one_achievement_one_reward":
        return tuple(rule.params.get("match_on", ("recipient_id",)))[0]
    return _GROUPED_BY[rule.check]


def check_compliance(rewards: Any, personnel: pd.DataFrame | None = None, *,
                     rules: RuleSet | str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
                     cluster_results: pd.DataFrame | None = None, on: Any = None,
                     undetermined: Literal["drop", "keep"] = "drop", npartitions: int | None = None) -> pd.DataFrame:
    """:func:`tdkt_eval.check_compliance` on a Dask DataFrame of rewards.

    Each rule reads its groups whole (a recipient's history, a unit's year),
    so the records are shuffled by the rule's grouping column and every
    partition is checked on a worker; the years in which anyone received each
    form are computed over the whole table first, so that a ladder rule tells
    "no data for anyone" from "not this person" as it does in memory.

    Parameters
    ----------
    rewards : dask.dataframe.DataFrame
        The rewards table (for instance from :func:`read_records`).
    personnel, rules, cluster_results, on, undetermined
        As for :func:`tdkt_eval.check_compliance`; ``personnel`` and
        ``cluster_results`` are pandas DataFrames (one row per person-year or unit-year).
    npartitions : int, optional
        Partitions after the shuffle (default: as many as ``rewards`` has).

    Returns
    -------
    DataFrame
        The findings of :func:`tdkt_eval.check_compliance`, ordered by rule, year and record.
    """
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    meta = rewards._meta
    with warnings.catch_warnings(record=True) as caught:  # which rules the columns allow, and the warnings, once
        warnings.simplefilter("always")
        plan = run_rules(meta, personnel, rules=ruleset, cluster_results=cluster_results, on=on,
                         undetermined=undetermined)
    for warning in caught:
        warnings.warn(warning.message, stacklevel=2)
    skipped = {s.rule_id for s in plan.attrs.get("skipped", ())}
    runnable = [r for r in ruleset if r.enabled and r.id not in skipped]
    years = rewards[["form", "year"]].drop_duplicates().compute()
    recorded = {form: frozenset(int(y) for y in group["year"]) for form, group in years.groupby("form")}
    by_key: dict[str | None, list[str]] = {}
    for rule in runnable:
        by_key.setdefault(_partition_key(rule), []).append(rule.id)
    parts = []
    options = dict(personnel=personnel, cluster_results=cluster_results, on=on, undetermined=undetermined,
                   recorded=recorded)
    for key, ids in by_key.items():
        subset = ruleset.subset(ids)
        if key is None:  # reads cluster_results only
            parts.append(_quiet(meta, run_rules, rules=subset, **options))
            continue
        shuffled = rewards.shuffle(on=key, npartitions=npartitions or rewards.npartitions)
        found = shuffled.map_partitions(_quiet, run_rules, rules=subset, meta=_result_meta(), **options)
        parts.append(found.compute())
    result = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else _result_meta()
    order = {rule_id: i for i, rule_id in enumerate(ruleset.ids)}
    result = (result.assign(_order=result["rule_id"].map(order))
              .sort_values(["_order", "year", "record", "recipient_id"], kind="stable")
              .drop(columns="_order").reset_index(drop=True))
    result = result.reindex(columns=list(RESULT_COLUMNS))
    result["year"] = result["year"].astype("Int64")
    result["checked_on"] = pd.to_datetime(result["checked_on"])
    result.attrs["skipped"] = plan.attrs.get("skipped", ())
    return result


def _quiet(frame: pd.DataFrame, func, **kwargs: Any) -> pd.DataFrame:
    """``func(frame, ...)`` without its warnings (they were given once, for the whole table)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = func(frame, **kwargs)
    found.attrs = {}
    return found


def _result_meta() -> pd.DataFrame:
    return pd.DataFrame({"rule_id": pd.Series(dtype=object), "status": pd.Series(dtype=object),
                         "record": pd.Series(dtype=object), "recipient_id": pd.Series(dtype=object),
                         "year": pd.Series(dtype="Int64"), "reason": pd.Series(dtype=object),
                         "source": pd.Series(dtype=object), "certainty": pd.Series(dtype=object),
                         "checked_on": pd.Series(dtype="datetime64[ns]")})[list(RESULT_COLUMNS)]


# ---------------------------------------------------------------- the design-based mean
def design_mean(data: Any, y: str, *, weights: str, strata: str | None = None, psu: str | None = None,
                fpc: str | None = None, conf_level: float = 0.95) -> pd.Series:
    """The weighted mean of ``y`` and its linearisation standard error, from sums per stratum and PSU.

    A one-stage stratified cluster design, as :class:`tdkt_eval.Design` with
    ``weights``, ``strata``, ``psu`` and ``fpc`` (population counts or
    sampling fractions per stratum) and ``lonely_psu="error"``.  Each
    partition contributes the sums of ``w`` and ``w * y`` of each PSU; the
    estimate and the variance are computed from those sums, so that the
    result equals ``Design(...).mean(y)`` on the whole table.

    Parameters
    ----------
    data : dask.dataframe.DataFrame or pandas.DataFrame
    y, weights, strata, psu, fpc : str
        Columns.
    conf_level : float, default 0.95
        Of the t interval on the design's degrees of freedom (PSUs minus strata).

    Returns
    -------
    Series
        ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``df`` and ``n``.
    """
    strata_col, psu_col = strata or "__stratum", psu or "__psu"
    columns = [c for c in (y, weights, strata, psu, fpc) if c is not None]
    frame = data[columns]
    if strata is None:
        frame = frame.assign(__stratum=1)
    if psu is None:
        raise DesignError("design_mean needs the PSU column (psu=...).",
                          fix="Give the cluster column; a row-level design fits in memory: use te.Design.")
    frame = frame.assign(__wy=frame[weights] * frame[y], __missing=frame[y].isna())
    sums = frame.groupby([strata_col, psu_col]).agg(
        {weights: "sum", "__wy": "sum", "__missing": "sum", y: "count"}).rename(columns={y: "__n"})
    if fpc is not None:
        sizes = frame.groupby(strata_col)[fpc].agg(["min", "max"])
    if hasattr(sums, "compute"):
        sums = sums.compute()
        sizes = sizes.compute() if fpc is not None else None
    if sums["__missing"].sum():
        raise MissingValueError(f"Column '{y}' has {int(sums['__missing'].sum())} missing value(s).",
                                fix="Drop those rows, or use te.Design(...).mean(y, missing='drop') in memory.",
                                column=y)
    return _mean_from_sums(sums, sizes if fpc is not None else None, weights, strata_col, psu_col, conf_level)


def _mean_from_sums(sums: pd.DataFrame, sizes: pd.DataFrame | None, weights: str, strata: str, psu: str,
                    conf_level: float) -> pd.Series:
    """The mean of a design with one row per PSU: its weight ``sum w`` and its mean ``sum w y / sum w``.

    Such a row has the PSU's total of the linearised values, so :class:`tdkt_eval.Design` (validated
    against R survey) gives the row-level estimate and standard error from it.
    """
    from .design.estimation import Design

    n_h = sums.groupby(level=strata)[weights].transform("size")
    if (n_h < 2).any():
        lonely = sorted(map(str, pd.unique(sums.index.get_level_values(strata)[n_h < 2])))
        raise DesignError(f"Strata with one PSU: {', '.join(lonely)}.",
                          fix="Merge them with a neighbouring stratum, or use te.Design(..., lonely_psu=...).")
    psus = sums.reset_index().assign(__mean=lambda d: d["__wy"] / d[weights])
    if sizes is not None:
        if (sizes["min"] != sizes["max"]).any():
            raise DesignError("fpc differs within a stratum.", fix="Give one population size per stratum.")
        psus["__fpc"] = psus[strata].map(sizes["min"])
    fit = Design(psus, weights=weights, strata=strata, psu=psu, fpc=None if sizes is None else "__fpc")
    est = fit.mean("__mean", conf_level=conf_level)
    return pd.Series({"estimate": est.estimate, "se": est.se, "ci_low": est.ci[0], "ci_high": est.ci[1],
                      "df": est.df, "n": int(sums["__n"].sum())}, dtype=object)
