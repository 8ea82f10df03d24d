"""The machinery behind :mod:`tdkt_eval.compliance`: rule-file parsing, input tables and the built-in checks.

A rule file names one of these checks (``check: requires_same_year``) and gives its
parameters; :data:`CHECKS` holds, for each name, the function, the parameters it accepts
and the columns it needs, so that rule files can be validated before anything runs.

Every check takes the prepared :class:`Tables` and its parameters, and returns the
findings: one row per record that breaks the rule, with the columns of
:data:`FINDING_COLUMNS`:

``record``
    what is at fault: ``"<decision_no> / <recipient_id>"``, ``"unit <id> / <year>"`` or
    ``"cluster <id> / <year>"``;
``recipient_id``, ``year``
    the recipient (missing for unit- and cluster-level records) and the emulation year;
``date``
    the date the rule's validity window is judged at: the decision date, the latest
    decision date of a unit-year, or 31 December of the year for cluster results
    (which carry no date);
``reason``
    a sentence naming the forms, years and decisions involved;
``status``
    ``"violation"``, or ``"undetermined"`` when the data cannot show whether the rule was
    met (a ladder whose earlier years precede the data, or years the person is not on the
    roster).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import yaml

from .._messages import Text
from ..i18n import label
from ..io.privacy import ValueList
from ..errors import (
    DateParseError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
    RuleFileError,
)

__all__ = ["BASE_COLUMNS", "CHECKS", "ENDINGS", "FINDING_COLUMNS", "RULE_FIELDS", "Check", "Param", "RuleFileError",
           "Tables", "param_problems", "parse_rule_file", "prepare_tables", "resolve_params", "rule_error", "suggest"]

FINDING_COLUMNS = ("record", "recipient_id", "year", "date", "reason", "status")
#: Columns of ``rewards`` that every check needs.
BASE_COLUMNS = ("decision_no", "decision_date", "year", "form", "recipient_id")
#: Where a run of prerequisite titles may end, as offsets back from the award year.
ENDINGS = {"same_year": (0,), "previous_year": (1,), "same_or_previous_year": (0, 1)}
_RECIPIENTS = ("individual", "collective", "any")


@dataclass(frozen=True, slots=True)
class Tables:
    """The tables a check reads, already validated and typed by ``check_compliance``.

    ``roster`` maps each ``person_id`` of ``personnel`` to the years it is listed
    (None when no personnel table was given).  ``recorded`` maps each form to
    the years in which anyone received it, when ``rewards`` is one part of a
    larger table (None: read from ``rewards``).
    """

    rewards: pd.DataFrame
    roster: Mapping[str, frozenset[int]] | None = None
    cluster_results: pd.DataFrame | None = None
    recorded: Mapping[str, frozenset[int]] | None = None


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a check: its kind, whether it is required and its default."""

    kind: str  # form, forms, forms_map, columns, bool, int, ratio, choice
    doc: str
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: int = 1


@dataclass(frozen=True, slots=True)
class Check:
    """A check function, its parameters and the columns it needs (a function of its params)."""

    func: Callable[..., pd.DataFrame]
    params: Mapping[str, Param]
    needs: Callable[[Mapping[str, Any]], Mapping[str, tuple[str, ...]]] = field(
        default=lambda p: {"rewards": BASE_COLUMNS})


# ----------------------------------------------------------------------------- helpers
def _findings(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(FINDING_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _row(record: str, who: Any, year: int, date: Any, reason: str, status: str = "violation") -> dict[str, Any]:
    return {"record": record, "recipient_id": None if pd.isna(who) else str(who), "year": int(year),
            "date": date, "reason": reason, "status": status}


def _record(r: Any) -> str:
    return f"{r.decision_no} / {r.recipient_id}"


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


# ----------------------------------------------------------------------------- closed list
def closed_list(t: Tables, *, forms: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
    """Each form is in the law's closed list, and titles go to the recipient type the law names."""
    rw = t.rewards
    wanted = rw["form"].map({form: entry["recipient"] for form, entry in forms.items()})
    got = rw["recipient_type"] if "recipient_type" in rw else pd.Series(pd.NA, index=rw.index)
    unknown = wanted.isna().to_numpy()
    misfit = (~unknown & (wanted != "any") & got.notna() & (got != wanted)).fillna(False).to_numpy(dtype=bool)
    rows = []
    for r in rw[unknown | misfit].itertuples(index=False):
        entry = forms.get(r.form)
        if entry is None:
            rows.append(_row(_record(r), r.recipient_id, r.year, r.decision_date,
                             f"form '{r.form}' is not one of the law's forms of commendation or emulation titles"))
        else:
            rows.append(_row(_record(r), r.recipient_id, r.year, r.decision_date,
                             f"{r.form} ({entry['law_form']}) is for a {entry['recipient']} recipient, "
                             f"but {r.recipient_id} is recorded as {getattr(r, 'recipient_type', pd.NA)}"))
    return _findings(rows)


# ----------------------------------------------------------------------------- ladders
def _has_run(years: Iterable[int], year: int, times: int, max_gap: int, offsets: Sequence[int]) -> bool:
    """True if ``times`` prerequisite years, each at most ``max_gap`` after the previous, end at year - offset."""
    held = sorted({y for y in years if y <= year})
    where = {y: i for i, y in enumerate(held)}
    for off in offsets:
        i = where.get(year - off)
        if i is None:
            continue
        n = 1
        while n < times and i > 0 and held[i] - held[i - 1] <= max_gap:
            i, n = i - 1, n + 1
        if n >= times:
            return True
    return False


def _ladder(t: Tables, *, title: str, requires: str, times: int, max_gap: int, offsets: Sequence[int],
            describe: Callable[[int, str], str]) -> pd.DataFrame:
    rw = t.rewards
    pre = rw.loc[rw["form"] == requires, ["recipient_id", "year"]]
    titled = rw.loc[rw["form"] == title]
    failing = titled[~_runs_found(titled, pre, times, max_gap, offsets)]
    held: dict[str, set[int]] = {}  # the prerequisites of the recipients who fail, to explain each failure
    for who, year in pre[pre["recipient_id"].isin(failing["recipient_id"])].itertuples(index=False, name=None):
        held.setdefault(who, set()).add(int(year))
    recorded = {int(y) for y in pre["year"].unique()} if t.recorded is None else t.recorded.get(requires, frozenset())
    back = max(offsets) + (times - 1) * max_gap
    rows = []
    for r in failing.itertuples(index=False):
        year, who = int(r.year), r.recipient_id
        have = held.get(who, set())
        if _has_run(have, year, times, max_gap, offsets):
            continue
        span = range(year - back, year - min(offsets) + 1)
        no_data = [y for y in span if y not in have and y not in recorded]
        off_roster = [y for y in span if y not in have and y in recorded and y != year
                      and t.roster is not None and y not in t.roster.get(who, ())]
        found = [y for y in span if y in have]
        reason = describe(year, f"found: {_years(found)}" if found else f"none in {span[0]}-{span[-1]}")
        status = "violation"
        if (no_data or off_roster) and _has_run(have | set(no_data) | set(off_roster), year, times, max_gap, offsets):
            status = "undetermined"
            gaps = ([f"no {requires} is recorded for anyone in {_years(no_data)}"] if no_data else []) + (
                [f"{who} is not in personnel in {_years(off_roster)}"] if off_roster else [])
            reason += "; the data cannot tell: " + " and ".join(gaps)
        rows.append(_row(_record(r), who, year, r.decision_date, reason, status))
    return _findings(rows)


def _runs_found(titled: pd.DataFrame, pre: pd.DataFrame, times: int, max_gap: int,
                offsets: Sequence[int]) -> np.ndarray:
    """For each titled record, whether its recipient has the run of prerequisites (as :func:`_has_run`).

    Each prerequisite year gets the length of the run ending there (years at
    most ``max_gap`` apart, counted back); a record passes when the year an
    offset before it ends a run of ``times``.
    """
    held = pre.assign(year=pre["year"].astype("int64")).drop_duplicates().sort_values(["recipient_id", "year"])
    who, year = held["recipient_id"].to_numpy(), held["year"].to_numpy()
    starts = np.ones(len(held), dtype=bool)
    starts[1:] = (who[1:] != who[:-1]) | (np.diff(year) > max_gap)
    run = np.arange(len(held)) - np.maximum.accumulate(np.where(starts, np.arange(len(held)), 0)) + 1
    long_enough = held.loc[run >= times, ["recipient_id", "year"]]
    ends = pd.MultiIndex.from_frame(long_enough)
    found = np.zeros(len(titled), dtype=bool)
    for off in offsets:
        wanted = pd.MultiIndex.from_arrays([titled["recipient_id"], titled["year"].astype("int64") - off])
        found |= wanted.isin(ends)
    return found


def _ending_text(year: int, offsets: Sequence[int]) -> str:
    return " or ".join(str(year - o) for o in offsets)


def requires_same_year(t: Tables, *, title: str, requires: str, same_year: bool = True) -> pd.DataFrame:
    """``title`` needs ``requires`` for the same recipient in the same year (or the year before)."""
    offsets = (0,) if same_year else (0, 1)
    return _ladder(t, title=title, requires=requires, times=1, max_gap=1, offsets=offsets,
                   describe=lambda y, found: f"{title} in {y} without {requires} in {_ending_text(y, offsets)}")


def requires_consecutive_years(t: Tables, *, title: str, requires: str, years: int,
                               ending: str = "same_or_previous_year") -> pd.DataFrame:
    """``title`` needs ``requires`` in ``years`` consecutive calendar years ending as ``ending`` says."""
    offsets = ENDINGS[ending]
    return _ladder(t, title=title, requires=requires, times=years, max_gap=1, offsets=offsets,
                   describe=lambda y, found: f"{title} in {y} without {requires} in {years} consecutive years "
                                             f"ending {_ending_text(y, offsets)} ({found})")


def requires_titles_in_a_row(t: Tables, *, title: str, requires: str, times: int, max_gap_years: int = 3,
                             ending: str = "same_or_previous_year") -> pd.DataFrame:
    """``title`` needs ``requires`` ``times`` times in a row (each at most ``max_gap_years`` after the last)."""
    offsets = ENDINGS[ending]
    return _ladder(t, title=title, requires=requires, times=times, max_gap=max_gap_years, offsets=offsets,
                   describe=lambda y, found: f"{title} in {y} without {requires} {times} times in a row "
                                             f"(at most {max_gap_years} years apart, the last in "
                                             f"{_ending_text(y, offsets)}) ({found})")


# ----------------------------------------------------------------------------- double rewards
def one_achievement_one_reward(t: Tables, *, match_on: Sequence[str] = ("recipient_id", "movement_id", "year"),
                               same_level: bool = True, forms: Sequence[str] | None = None) -> pd.DataFrame:
    """The same form twice, or two forms of one level, for one recipient, movement and year."""
    keys = list(match_on)
    rw = t.rewards if forms is None else t.rewards[t.rewards["form"].isin(list(forms))]
    rw = rw.dropna(subset=keys)
    rw = rw[rw.duplicated(keys, keep=False)]
    clash = rw.duplicated(keys + ["form"], keep=False)  # a group without a repeated form or level is clean
    if same_level and "level" in rw:
        clash |= rw["level"].notna() & rw.duplicated(keys + ["level"], keep=False)
    rw = rw[clash.groupby([rw[k] for k in keys]).transform("any")] if len(rw) else rw
    rw = rw.sort_values(keys + ["decision_date", "decision_no"])
    rows = []
    for key, group in rw.groupby(keys, sort=False):
        what = ", ".join(f"{col} {val}" for col, val in zip(keys, key) if col != "recipient_id")
        by_form: dict[str, Any] = {}
        by_level: dict[str, Any] = {}
        for r in group.itertuples(index=False):
            level = getattr(r, "level", pd.NA)
            if r.form in by_form:
                first = by_form[r.form]
                reason = (f"{r.form} given twice to {r.recipient_id} for one achievement ({what}): "
                          f"{first.decision_no} and {r.decision_no}")
            elif same_level and not pd.isna(level) and level in by_level:
                first = by_level[level]
                reason = (f"two {level} forms to {r.recipient_id} for one achievement ({what}): "
                          f"{first.form} ({first.decision_no}) and {r.form} ({r.decision_no})")
            else:
                by_form[r.form] = r
                if not pd.isna(level):
                    by_level.setdefault(level, r)
                continue
            rows.append(_row(_record(r), r.recipient_id, r.year, r.decision_date, reason))
    return _findings(rows)


def one_title_per_year(t: Tables, *, titles: Sequence[str], nested: bool = True) -> pd.DataFrame:
    """A person holds one annual title a year: no title twice; with ``nested=False`` no two titles."""
    rw = t.rewards[t.rewards["form"].isin(list(titles))]
    if "recipient_type" in rw:
        rw = rw[rw["recipient_type"].fillna("individual") != "collective"]
    rw = rw[rw.duplicated(["recipient_id", "year"], keep=False)]
    if nested:  # only a title given twice breaks the rule: look at the person-years that have one
        twice = rw.duplicated(["recipient_id", "year", "form"], keep=False)
        rw = rw[twice.groupby([rw["recipient_id"], rw["year"]]).transform("any")]
    rows = []
    for (who, year), group in rw.sort_values(["decision_date", "decision_no"]).groupby(["recipient_id", "year"]):
        seen: dict[str, Any] = {}
        for r in group.itertuples(index=False):
            if r.form in seen:
                rows.append(_row(_record(r), who, year, r.decision_date,
                                 f"{r.form} recognised twice for {who} in {year}: "
                                 f"{seen[r.form].decision_no} and {r.decision_no}"))
            else:
                seen[r.form] = r
        if not nested and len(seen) > 1:
            last = list(seen.values())[-1]
            rows.append(_row(_record(last), who, year, last.decision_date,
                             f"{who} holds {len(seen)} annual titles in {year} ({', '.join(seen)}); "
                             "one is allowed"))
    return _findings(rows)


# ----------------------------------------------------------------------------- caps and flags
def ratio_cap(t: Tables, *, title: str, base: str, max_ratio: float, rounding: str = "none") -> pd.DataFrame:
    """At most ``max_ratio`` x (recipients of ``base``) recipients of ``title`` per unit and year."""
    rw = t.rewards
    num = (rw[rw["form"] == title].groupby(["unit_id", "year"])
           .agg(n=("recipient_id", "nunique"), date=("decision_date", "max")))
    den = rw[rw["form"] == base].groupby(["unit_id", "year"])["recipient_id"].nunique()
    rows = []
    for (unit, year), r in num.iterrows():
        n_base = int(den.get((unit, year), 0))
        allowed = max_ratio * n_base
        allowed = {"up": math.ceil(allowed - 1e-9), "down": math.floor(allowed + 1e-9)}.get(rounding, allowed)
        if r["n"] > allowed + 1e-9:
            share = f"{r['n'] / n_base:.0%}" if n_base else "no base"
            rows.append(_row(f"unit {unit} / {year}", pd.NA, year, r["date"],
                             f"{r['n']} {title} in unit {unit} in {year} against {n_base} {base} ({share}); "
                             f"the cap of {max_ratio:.0%} allows {allowed:g}"))
    return _findings(rows)


def flags_per_cluster(t: Tables, *, max_flags: int = 1) -> pd.DataFrame:
    """At most ``max_flags`` units of a cluster get the flag in a year (from ``cluster_results``)."""
    cr = t.cluster_results
    flags = cr[cr["flag_awarded"].fillna(False).astype(bool)]
    rows = []
    for (cluster, year), group in flags.groupby(["cluster_id", "year"]):
        if len(group) > max_flags:
            units = ", ".join(sorted(group["unit_id"].astype(str)))
            rows.append(_row(f"cluster {cluster} / {year}", pd.NA, year, pd.Timestamp(int(year), 12, 31),
                             f"{len(group)} units got cluster {cluster}'s flag in {year} ({units}); "
                             f"at most {max_flags} allowed"))
    return _findings(rows)


# ----------------------------------------------------------------------------- input tables
def prepare_tables(rewards: Any, personnel: Any, cluster_results: Any,
                   needed: Mapping[str, Mapping[str, Sequence[str]]],
                   recorded: Mapping[str, frozenset[int]] | None = None) -> Tables:
    """Check and type the input tables; ``needed`` maps table -> column -> ids of the rules needing it."""
    roster = None
    if personnel is not None:
        frame = _typed(_table(personnel, "personnel", {"person_id": [], "year": []}), "personnel")
        years = frame.groupby("person_id")["year"].agg(lambda s: frozenset(int(y) for y in s))
        roster = {str(k): v for k, v in years.items()}
    return Tables(
        rewards=_typed(_table(rewards, "rewards", needed["rewards"]), "rewards"), roster=roster,
        cluster_results=None if cluster_results is None else _typed(
            _table(cluster_results, "cluster_results", needed.get("cluster_results", {})), "cluster_results"),
        recorded=recorded)


def _table(frame: Any, name: str, needed: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise InvalidParameterError(f"The '{name}' parameter of check_compliance must be a DataFrame. "
                                    f"Got {type(frame).__name__} instead.")
    for col, ids in needed.items():
        if col not in frame.columns:
            params = {"table": _name(name), "col": col, "ids": ", ".join(ids), "name": name}
            raise MissingColumnError(
                Text("The {table} table has no column '{col}', which rule(s) {ids} need.",
                     "Bảng {table} không có cột '{col}', là cột mà quy định {ids} cần đến.", params) if ids else
                Text("The {table} table has no column '{col}', which every check needs.",
                     "Bảng {table} không có cột '{col}', là cột mà mọi phép kiểm tra đều cần.", params),
                fix=Text("Load it with te.load_records(path, '{name}') or add the column; or switch the rule(s) "
                         "off in a rule file.",
                         "Nạp bảng bằng te.load_records(path, '{name}') hoặc bổ sung cột này; hoặc tắt các quy định "
                         "đó trong tệp quy định.", params), column=col)
    return frame


def _name(table: str) -> Text:
    return Text(label(table, "en"), label(table, "vi"))


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    out = frame.reset_index(drop=True)  # copy-on-write: the caller's frame is never changed
    out.attrs = {}  # provenance is not needed here, and pandas would copy it at every step

    def rows(mask: pd.Series) -> list[int]:  # spreadsheet rows, header = row 1
        return [int(i) + 2 for i in mask[mask].index]

    def values(column: str, mask: pd.Series) -> dict[str, object]:
        return {"table": _name(name), "values": ValueList(list(zip(out[column][mask], rows(mask))))}
    if "year" in out:
        year = pd.to_numeric(out["year"], errors="coerce")
        bad = year.isna() & out["year"].notna()
        if bad.any():
            raise MixedTypeError(
                Text("The {table} table has years that are not numbers: {values}.",
                     "Bảng {table} có năm không phải là số: {values}.", values("year", bad)),
                fix=Text("Write each year as a number, e.g. 2023.", "Ghi mỗi năm bằng số, ví dụ 2023."),
                column="year", rows=rows(bad))
        if year.isna().any():
            raise MissingValueError(
                Text("The {table} table has rows without a year.", "Bảng {table} có dòng không ghi năm.",
                     {"table": _name(name)}),
                fix=Text("Fill in the year.", "Điền năm vào các dòng đó."), column="year", rows=rows(year.isna()))
        out["year"] = year.astype("int64")
    if "decision_date" in out:
        date = pd.to_datetime(out["decision_date"], errors="coerce", format="mixed")
        bad = date.isna() & out["decision_date"].notna()
        if bad.any():
            raise DateParseError(
                Text("The {table} table has decision dates that are not dates: {values}.",
                     "Bảng {table} có ngày quyết định không phải là ngày tháng: {values}.",
                     values("decision_date", bad)),
                fix=Text("Write dates as YYYY-MM-DD or load the table with te.load_records.",
                         "Ghi ngày theo dạng YYYY-MM-DD hoặc nạp bảng bằng te.load_records."),
                column="decision_date", rows=rows(bad))
        if date.isna().any():
            raise MissingValueError(
                Text("The {table} table has rows without a decision date, so the law in force cannot be told.",
                     "Bảng {table} có dòng không ghi ngày quyết định, nên không xác định được văn bản pháp luật "
                     "có hiệu lực.", {"table": _name(name)}),
                fix=Text("Fill in decision_date.", "Điền ngày quyết định vào các dòng đó."),
                column="decision_date", rows=rows(date.isna()))
        out["decision_date"] = date
    for col in ("decision_no", "form", "recipient_type", "recipient_id", "unit_id", "level", "movement_id",
                "cluster_id", "person_id"):
        if col in out:
            out[col] = out[col].astype("string")
    return out


# ----------------------------------------------------------------------------- registry
_TITLE = Param("form", "the form code checked (e.g. chien_si_thi_dua_tinh)")
_REQUIRES = Param("form", "the prerequisite form code")
_ENDING = Param("choice", "where the run of prerequisite years ends", required=False,
                default="same_or_previous_year", choices=tuple(ENDINGS))
_CLUSTER_COLUMNS = ("cluster_id", "year", "unit_id", "flag_awarded")

CHECKS: Mapping[str, Check] = {
    "closed_list": Check(closed_list, {
        "forms": Param("forms_map", "form code -> {law_form: the law's form or title, recipient: "
                                    "individual | collective | any}")},
        lambda p: {"rewards": BASE_COLUMNS + ("recipient_type",)}),
    "requires_same_year": Check(requires_same_year, {
        "title": _TITLE, "requires": _REQUIRES,
        "same_year": Param("bool", "true: the prerequisite in the same year; false: same year or the year before",
                           required=False, default=True)}),
    "requires_consecutive_years": Check(requires_consecutive_years, {
        "title": _TITLE, "requires": _REQUIRES,
        "years": Param("int", "how many consecutive years of the prerequisite"), "ending": _ENDING}),
    "requires_titles_in_a_row": Check(requires_titles_in_a_row, {
        "title": _TITLE, "requires": _REQUIRES,
        "times": Param("int", "how many prerequisite titles in a row"),
        "max_gap_years": Param("int", "most years between two titles that still count as 'in a row'",
                               required=False, default=3),
        "ending": _ENDING}),
    "one_achievement_one_reward": Check(one_achievement_one_reward, {
        "match_on": Param("columns", "rewards columns that identify one achievement", required=False,
                          default=("recipient_id", "movement_id", "year")),
        "same_level": Param("bool", "also flag two different forms of the same level", required=False,
                            default=True),
        "forms": Param("forms", "only these forms are compared (default: all)", required=False)},
        lambda p: {"rewards": tuple(dict.fromkeys(BASE_COLUMNS + tuple(p["match_on"])
                                                  + (("level",) if p["same_level"] else ())))}),
    "one_title_per_year": Check(one_title_per_year, {
        "titles": Param("forms", "the annual individual titles"),
        "nested": Param("bool", "a higher title implies the lower ones in the same year", required=False,
                        default=True)}),
    "ratio_cap": Check(ratio_cap, {
        "title": _TITLE, "base": Param("form", "the form whose recipients the cap is a share of"),
        "max_ratio": Param("ratio", "the cap, a share in (0, 1]"),
        "rounding": Param("choice", "how the allowed number is rounded", required=False, default="none",
                          choices=("none", "up", "down"))},
        lambda p: {"rewards": BASE_COLUMNS + ("unit_id",)}),
    "flags_per_cluster": Check(flags_per_cluster, {
        "max_flags": Param("int", "most flags per cluster and year", required=False, default=1)},
        lambda p: {"rewards": (), "cluster_results": _CLUSTER_COLUMNS}),
}


def _kind_problem(name: str, p: Param, value: Any, known_forms: frozenset[str]) -> str | None:
    """Why ``value`` is not a valid ``p`` (None if it is)."""
    def unknown(codes: Iterable[Any]) -> str | None:
        bad = [c for c in codes if c not in known_forms]
        return f"unknown form code(s) {bad}; known: {sorted(known_forms)}" if bad else None

    is_str_list = isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value)
    if p.kind == "form":
        return "must be a form code (text)" if not isinstance(value, str) else unknown([value])
    if p.kind in ("forms", "columns"):
        if not is_str_list:
            return "must be a non-empty list of " + ("form codes" if p.kind == "forms" else "column names")
        if p.kind == "columns":
            return None if "recipient_id" in value else "must include recipient_id"
        return unknown(value)
    if p.kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if p.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        return None if value >= p.minimum else f"must be at least {p.minimum}"
    if p.kind == "ratio":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        return None if 0 < value <= 1 else "must be a share in (0, 1], e.g. 0.15"
    if p.kind == "choice":
        return None if value in p.choices else f"must be one of {list(p.choices)}"
    if p.kind == "forms_map":
        if not isinstance(value, Mapping) or not value:
            return "must be a mapping of form codes to {law_form: ..., recipient: ...}"
        for code, entry in value.items():
            if (not isinstance(entry, Mapping) or not isinstance(entry.get("law_form"), str)
                    or entry.get("recipient") not in _RECIPIENTS or set(entry) - {"law_form", "recipient"}):
                return (f"entry {code!r} must be {{law_form: <text>, recipient: "
                        f"{' | '.join(_RECIPIENTS)}}}; got {entry!r}")
        return None
    return f"has an unknown kind {p.kind!r}"  # pragma: no cover - registry error


def param_problems(check: str, params: Mapping[str, Any], known_forms: frozenset[str]) -> list[tuple[str, str]]:
    """Problems with a rule's ``params`` for ``check``, as (problem, fix) pairs."""
    spec = CHECKS[check].params
    out = []
    for name in params:
        if name not in spec:
            out.append((f"params has an unknown parameter {name!r} for check {check!r}.",
                        f"Use only {sorted(spec)} (remove or rename {name!r})."))
    for name, p in spec.items():
        if name not in params:
            if p.required:
                out.append((f"params lacks the required parameter {name!r} of check {check!r} ({p.doc}).",
                            f"Add '{name}: ...' under params."))
            continue
        problem = _kind_problem(name, p, params[name], known_forms)
        if problem:
            out.append((f"parameter {name!r} {problem}; got {params[name]!r}.",
                        f"Set '{name}' to a valid value ({p.doc})."))
    return out


def resolve_params(check: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` with the check's defaults filled in."""
    spec = CHECKS[check].params
    return {name: params.get(name, p.default) for name, p in spec.items() if name in params or not p.required}


# ----------------------------------------------------------------------------- rule files
RULE_FIELDS = ("id", "name", "citation", "description_vi", "description_en", "source", "valid_from", "valid_to",
               "enabled", "check", "params", "certainty", "note")
_FILE_FIELDS = ("title", "jurisdiction", "version", "sources", "rules")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit dates, so that a bad date reaches our own message."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def rule_error(origin: str, problem: str, fix: str) -> RuleFileError:
    """The error for a problem in rule file ``origin``."""
    return RuleFileError(problem, fix=fix, source=origin)


def suggest(word: str, options: Sequence[str]) -> str:
    """``"Did you mean 'x'? "`` for the closest of ``options``, or ``""``."""
    close = difflib.get_close_matches(word, options, n=1)
    return f"Did you mean {close[0]!r}? " if close else ""


def parse_rule_file(origin: str, text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Metadata and raw rules of one file, checked for structure (not yet for content)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader without implicit dates
    except yaml.YAMLError as exc:
        raise rule_error(origin, f"The file is not valid YAML: {exc}.",
                         "Correct the YAML syntax (indentation, colons, quotes around text with ': ').") from None
    if not isinstance(data, dict):
        raise rule_error(origin, "The file must be a mapping with keys title, jurisdiction, version and rules.",
                         "Start from tdkt_eval/compliance/rules/law_2022.yaml.")
    for key in data:
        if key not in _FILE_FIELDS:
            raise rule_error(origin, f"Unknown top-level key {key!r}. {suggest(str(key), _FILE_FIELDS)}",
                             f"Use only {list(_FILE_FIELDS)}.")
    for key in ("title", "jurisdiction", "version", "rules"):
        if data.get(key) in (None, "", []):
            raise rule_error(origin, f"The file lacks the required key {key!r}.",
                             f"Add '{key}: ...' at the top level (title needs vi and en).")
    title = data["title"]
    if not (isinstance(title, dict) and all(isinstance(title.get(k), str) for k in ("vi", "en"))):
        raise rule_error(origin, f"'title' must have a Vietnamese and an English text; got {title!r}.",
                         "Write title: {vi: ..., en: ...}.")
    if not isinstance(data["rules"], list):
        raise rule_error(origin, "'rules' must be a list of rules (each item starting with '- id: ...').",
                         "Indent each rule under rules: as a list item.")
    seen: set[str] = set()
    for i, raw in enumerate(data["rules"], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not _ID.match(raw["id"]):
            got = raw.get("id") if isinstance(raw, dict) else raw
            raise rule_error(origin, f"Rule number {i} has no valid id (got {got!r}).",
                             "Give every rule an id of letters, digits and '_' that starts with a letter.")
        rid = raw["id"]
        if rid in seen:
            raise rule_error(origin, f"Rule {rid!r} is defined twice in the file (rule number {i}).",
                             "Give each rule its own id, or delete one of the two.")
        seen.add(rid)
        for key in raw:
            if key not in RULE_FIELDS:
                raise rule_error(origin, f"Rule {rid!r} has an unknown field {key!r}. "
                                 f"{suggest(str(key), RULE_FIELDS)}", f"Use only {list(RULE_FIELDS)}.")
    meta = {"file": origin, "title_vi": title["vi"], "title_en": title["en"],
            "jurisdiction": str(data["jurisdiction"]), "version": str(data["version"]),
            "sources": tuple(data.get("sources") or ())}
    return meta, list(data["rules"])
