"""Legal compliance of reward records, against dated rules kept as data.

The law changes (the Law on Emulation and Commendation 06/2022/QH15 replaced Law 15/2003
on 1 January 2024, and further decrees and amendments follow), so no legal rule is written
into the code. Rules live in YAML files: the package ships ``rules/law_2022.yaml`` and a
user adds a province's or sector's regulation in a file of their own. Each rule names its
legal source, the dates it applies (by the date the reward decision was signed), whether it
is switched on, how sure we are of the legal text, and one of the built-in checks in
:mod:`tdkt_eval.compliance.checks` with its parameters.

:func:`load_rules` reads and validates rule files, :func:`check_compliance` lists the
records that break the rules in force at their decision dates, and :func:`rules_table`
lists the rules for a report.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from .._messages import Text
from ..errors import DataQualityWarning, InputFileNotFoundError, InvalidParameterError, RuleFileError
from ..io.vocabulary import reward_forms
from .checks import (
    BASE_COLUMNS,
    CHECKS,
    RULE_FIELDS,
    param_problems,
    parse_rule_file,
    prepare_tables,
    resolve_params,
    rule_error,
    suggest,
)

__all__ = ["CERTAINTY", "RESULT_COLUMNS", "Rule", "RuleFileError", "RuleSet", "SkippedRule", "check_compliance",
           "load_rules", "rule_citation", "rule_label", "rules_table", "skipped_rules"]

#: How sure the rule file is of the legal text behind a rule.
CERTAINTY = ("certain", "reported", "uncertain")
#: Columns of the frame returned by :func:`check_compliance`.
RESULT_COLUMNS = ("rule_id", "status", "record", "recipient_id", "year", "reason", "source", "certainty",
                  "checked_on")


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One legal rule, validated. Fields are those of the rule file; ``origin`` is the file(s) it came from."""

    id: str
    name_vi: str
    name_en: str
    citation_vi: str
    citation_en: str
    description_vi: str
    description_en: str
    source: tuple[Mapping[str, str], ...]
    valid_from: _dt.date
    valid_to: _dt.date | None
    enabled: bool
    check: str
    params: Mapping[str, Any]
    certainty: str
    note: str
    origin: str

    def in_force_on(self, day: _dt.date) -> bool:
        """True if ``day`` lies in the rule's validity window (whether or not it is enabled)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def label(self, lang: str = "vi") -> str:
        """The rule's name in ``lang`` ("vi" or "en"), for a report."""
        return self.name_vi if lang == "vi" else self.name_en

    def citation(self, lang: str = "vi") -> str:
        """The legal source written out in ``lang``, e.g. "Điều 23 Luật Thi đua, khen thưởng 2003 (...)"."""
        return self.citation_vi if lang == "vi" else self.citation_en

    @property
    def source_text(self) -> str:
        """The sources as one line: ``"Law 06/2022/QH15, Điều 9; Decree 98/2023/NĐ-CP"``."""
        return "; ".join(", ".join(filter(None, (s["document"], s.get("article")))) for s in self.source)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules in order, with the metadata of the files they came from (``files``: one dict per file)."""

    rules: tuple[Rule, ...]
    files: tuple[Mapping[str, Any], ...] = ()

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.ids

    def __getitem__(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"No rule {rule_id!r}; the rule set has {list(self.ids)}.")

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids, in order."""
        return tuple(rule.id for rule in self.rules)

    def subset(self, ids: Sequence[str]) -> RuleSet:
        """Only the rules with these ids (in the set's order)."""
        unknown = [i for i in ids if i not in self.ids]
        if unknown:
            raise InvalidParameterError(f"The 'ids' parameter of subset must name rules of the set {list(self.ids)}. "
                                        f"Got unknown {unknown} instead.")
        return RuleSet(tuple(r for r in self.rules if r.id in ids), self.files)


# ============================================================================ loading
def _default_rules() -> tuple[str, str]:
    return "law_2022.yaml (shipped)", resources.files("tdkt_eval").joinpath("compliance/rules/law_2022.yaml").read_text("utf-8")


def _date(origin: str, rid: str, key: str, value: Any) -> _dt.date | None:
    if value is None and key == "valid_to":
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise rule_error(origin, f"Rule {rid!r}: {key} {value!r} is not a date.",
                     f"Write {key} as YYYY-MM-DD, e.g. 2024-01-01"
                     + (" (or null for a rule still in force)." if key == "valid_to" else "."))


def _sources(origin: str, rid: str, value: Any) -> tuple[Mapping[str, str], ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str) and item.strip():
            item = {"document": item}
        if (not isinstance(item, dict) or not isinstance(item.get("document"), str)
                or set(item) - {"document", "article"} or not isinstance(item.get("article", ""), str)):
            raise rule_error(origin, f"Rule {rid!r}: source {item!r} is not a document with an optional article.",
                             "Write source: {document: Law 06/2022/QH15, article: Điều 9}, or a list of these.")
        out.append(MappingProxyType(dict(item)))
    if not out:
        raise rule_error(origin, f"Rule {rid!r} has an empty source.", "Name the law, decree or circular.")
    return tuple(out)


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _first_sentence(text: str) -> str:
    """The description's first sentence, the name of a rule whose file gives none."""
    first = re.split(r"(?<=[.;])\s", " ".join(text.split()), maxsplit=1)[0]
    return first.rstrip(".;")


def _pair(origin: str, rid: str, key: str, value: Any, default: Mapping[str, str]) -> Mapping[str, str]:
    """A ``{vi: ..., en: ...}`` field (``name``, ``citation``), or ``default`` when absent."""
    if value is None:
        return default
    if (not isinstance(value, dict) or set(value) != {"vi", "en"}
            or not all(isinstance(v, str) and v.strip() for v in value.values())):
        raise rule_error(origin, f"Rule {rid!r}: {key} must give a Vietnamese and an English text; got {value!r}.",
                         f"Write {key}: {{vi: ..., en: ...}}.")
    return {k: " ".join(v.split()) for k, v in value.items()}


def _build(fields: dict[str, Any], origins: list[str], known_forms: frozenset[str]) -> Rule:
    rid, origin = fields["id"], origins[-1]  # errors name the file that last touched the rule
    missing = [k for k in RULE_FIELDS if k not in fields and k not in ("note", "params", "name", "citation")]
    if missing:
        raise rule_error(origin, f"Rule {rid!r} lacks the field(s) {missing}.",
                         f"Add {', '.join(missing)} to the rule (valid_to: null for a rule still in force).")
    for key in ("description_vi", "description_en"):
        if not isinstance(fields[key], str) or not fields[key].strip():
            raise rule_error(origin, f"Rule {rid!r}: {key} must be a non-empty text.", f"Describe the rule in {key}.")
    if not isinstance(fields["enabled"], bool):
        raise rule_error(origin, f"Rule {rid!r}: enabled must be true or false; got {fields['enabled']!r}.",
                         "Write enabled: true or enabled: false.")
    check = fields["check"]
    if check not in CHECKS:
        raise rule_error(origin, f"Rule {rid!r}: unknown check {check!r}. {suggest(str(check), list(CHECKS))}",
                         f"Use one of the built-in checks: {', '.join(CHECKS)}.")
    certainty, note = fields["certainty"], fields.get("note") or ""
    if certainty not in CERTAINTY:
        raise rule_error(origin, f"Rule {rid!r}: certainty must be one of {list(CERTAINTY)}; got {certainty!r}.",
                         "Write certainty: certain, reported or uncertain.")
    if certainty != "certain" and not (isinstance(note, str) and note.strip()):
        raise rule_error(origin, f"Rule {rid!r} is {certainty} but has no note saying why.",
                         "Add note: ... naming what is uncertain and where it was reported.")
    valid_from = _date(origin, rid, "valid_from", fields["valid_from"])
    valid_to = _date(origin, rid, "valid_to", fields["valid_to"])
    if valid_to is not None and valid_to < valid_from:
        raise rule_error(origin, f"Rule {rid!r}: valid_to {valid_to} is before valid_from {valid_from}.",
                         "Correct the dates: valid_to must be on or after valid_from "
                         "(or null for a rule still in force).")
    params = fields.get("params") or {}
    if not isinstance(params, dict):
        raise rule_error(origin, f"Rule {rid!r}: params must be a mapping; got {params!r}.",
                         "Write params: {name: value, ...}.")
    problems = param_problems(check, params, known_forms)
    if problems:
        problem, fix = problems[0]
        raise rule_error(origin, f"Rule {rid!r}: {problem}", fix)
    sources = _sources(origin, rid, fields["source"])
    name = _pair(origin, rid, "name", fields.get("name"),
                 {lang: _first_sentence(fields[f"description_{lang}"]) for lang in ("vi", "en")})
    cited = "; ".join(", ".join(filter(None, (s["document"], s.get("article")))) for s in sources)
    citation = _pair(origin, rid, "citation", fields.get("citation"), {"vi": cited, "en": cited})
    return Rule(id=rid, name_vi=name["vi"], name_en=name["en"], citation_vi=citation["vi"],
                citation_en=citation["en"], description_vi=fields["description_vi"].strip(),
                description_en=fields["description_en"].strip(), source=sources,
                valid_from=valid_from, valid_to=valid_to, enabled=fields["enabled"], check=check,
                params=_freeze(resolve_params(check, params)), certainty=certainty, note=str(note).strip(),
                origin=" + ".join(origins))


def load_rules(path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None, *,
               include_default: bool = True) -> RuleSet:
    """Read and validate rule files into a :class:`RuleSet`.

    Parameters
    ----------
    path : path or sequence of paths, optional
        Rule files (YAML) to read after the shipped ``law_2022.yaml``, in order. A rule
        whose id is already defined overrides it field by field (so ``{id: ..., enabled:
        true}`` switches a rule on; ``params`` are merged key by key when the check is
        unchanged); a new id must give every field.
    include_default : bool, default True
        Start from the shipped ``tdkt_eval/compliance/rules/law_2022.yaml``. With False only ``path``
        is read.

    Returns
    -------
    RuleSet
        The merged rules, in the order they were first defined.

    Raises
    ------
    RuleFileError
        A file is not valid YAML, or a rule lacks a field, has an unknown field or
        check, a bad date, valid_to before valid_from, a parameter of the wrong type, or
        repeats an id within its file. The message names the file, the rule and the fix.
    InputFileNotFoundError
        A path does not exist.

    Examples
    --------
    >>> import tdkt_eval.compliance as tc
    >>> rules = tc.load_rules()
    >>> rules["ladder_provincial_fighter_law2022"].params["years"]
    3
    >>> rules["cap_grassroots_fighters"].enabled
    False
    """
    paths = [] if path is None else [path] if isinstance(path, str | os.PathLike) else list(path)
    texts = [_default_rules()] if include_default else []
    for p in map(Path, paths):
        if not p.is_file():
            raise InputFileNotFoundError(f"The rule file '{p}' does not exist.",
                                         fix="Check the path, or call load_rules() for the shipped rules.")
        texts.append((str(p), p.read_text(encoding="utf-8-sig")))
    if not texts:
        raise InvalidParameterError("The 'path' parameter of load_rules must name a file when "
                                    "include_default=False. Got None instead.")
    merged: dict[str, dict[str, Any]] = {}
    origins: dict[str, list[str]] = {}
    files = []
    for origin, text in texts:
        meta, raw_rules = parse_rule_file(origin, text)
        files.append(MappingProxyType(meta))
        for raw in raw_rules:
            base = merged.get(raw["id"], {})
            fields = {**base, **raw}
            if base and raw.get("check", base.get("check")) != base.get("check"):
                fields["params"] = raw.get("params") or {}  # a new check starts from its own params
            elif base and isinstance(raw.get("params"), dict) and isinstance(base.get("params"), dict):
                fields["params"] = {**base["params"], **raw["params"]}
            merged[raw["id"]] = fields
            origins.setdefault(raw["id"], []).append(origin)
    known = {f["code"] for f in reward_forms()}
    for fields in merged.values():
        if fields.get("check") == "closed_list" and isinstance((fields.get("params") or {}).get("forms"), dict):
            known |= set(fields["params"]["forms"])
    rules = tuple(_build(fields, origins[rid], frozenset(known)) for rid, fields in merged.items())
    return RuleSet(rules, tuple(files))


def rules_table(ruleset: RuleSet | None = None) -> pd.DataFrame:
    """One row per rule, for a report.

    Parameters
    ----------
    ruleset : RuleSet, optional
        Default: :func:`load_rules` ``()``.

    Returns
    -------
    DataFrame
        Columns ``id``, ``name_vi``, ``name_en``, ``citation_vi``, ``citation_en`` (the
        rule's name and legal source for a report), ``enabled``, ``check``, ``valid_from``,
        ``valid_to`` (None = still in force), ``certainty``, ``source``, ``description_en``, ``description_vi``,
        ``note``, ``params`` (as ``name=value; ...``) and ``file``.

    Examples
    --------
    >>> table = rules_table()
    >>> table.loc[table["id"] == "cap_grassroots_fighters", ["enabled", "certainty"]].to_numpy().tolist()
    [[False, 'uncertain']]
    """
    ruleset = load_rules() if ruleset is None else ruleset
    rows = [{"id": r.id, "name_vi": r.name_vi, "name_en": r.name_en, "citation_vi": r.citation_vi,
             "citation_en": r.citation_en, "enabled": r.enabled, "check": r.check, "valid_from": r.valid_from,
             "valid_to": r.valid_to, "certainty": r.certainty, "source": r.source_text,
             "description_en": r.description_en, "description_vi": r.description_vi, "note": r.note,
             "params": "; ".join(f"{k}={_show(v)}" for k, v in r.params.items()), "file": r.origin}
            for r in ruleset]
    return pd.DataFrame(rows, columns=["id", "name_vi", "name_en", "citation_vi", "citation_en", "enabled", "check",
                                       "valid_from", "valid_to", "certainty", "source", "description_en",
                                       "description_vi", "note", "params", "file"])


def _show(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(str(k) for k in value) + "}"
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


# ============================================================================ checking
def _as_date(on: Any) -> _dt.date | None:
    if on is None:
        return None
    try:
        stamp = pd.Timestamp(on)
    except (ValueError, TypeError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise InvalidParameterError(f"The 'on' parameter of check_compliance must be a date such as '2024-06-30'. "
                                    f"Got {on!r} instead.")
    return stamp.date()


def check_compliance(rewards: pd.DataFrame, personnel: pd.DataFrame | None = None, *,
                     rules: RuleSet | str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
                     cluster_results: pd.DataFrame | None = None, on: Any = None,
                     undetermined: Literal["drop", "keep"] = "drop") -> pd.DataFrame:
    """List the reward records that break the legal rules in force when they were decided.

    Parameters
    ----------
    rewards : DataFrame
        The ``rewards`` table (see ``data/README.md``): at least ``decision_no``,
        ``decision_date``, ``year``, ``form`` and ``recipient_id``, plus the columns some
        rules need (``recipient_type``, ``movement_id``, ``level``, ``unit_id``).
    personnel : DataFrame, optional
        The ``personnel`` roster (``person_id``, ``year``). When given, a ladder whose earlier
        years fall in years the person is not on the roster (they may have earned their
        titles elsewhere) is "undetermined" instead of a violation.
    rules : RuleSet, path or paths, optional
        Default: :func:`load_rules` ``()``. Paths are read with :func:`load_rules`, after
        the shipped rules.
    cluster_results : DataFrame, optional
        The ``cluster_results`` table, needed by the flag rule; without it that rule is
        skipped with a warning.
    on : date-like, optional
        Judge every record by the rules in force on this date instead of at its decision
        date ("as if" checks, e.g. ``on="2024-01-01"`` to apply the 2022 Law to older
        decisions).
    undetermined : {"drop", "keep"}, default "drop"
        Whether to return the records that the data cannot judge (status "undetermined").

    Returns
    -------
    DataFrame
        One row per violation, columns :data:`RESULT_COLUMNS`: ``rule_id``, ``status``,
        ``record`` (``decision_no / recipient_id``, ``unit U / year`` or ``cluster C /
        year``), ``recipient_id``, ``year``, ``reason``, ``source``, ``certainty`` and
        ``checked_on`` (the date whose rules were applied).

    Notes
    -----
    Only enabled rules are applied, each to the records whose decision date (or ``on``)
    lies in its validity window. Earlier records still count as prerequisites: a 2024
    provincial fighter is checked against the 2022 Law using the grassroots titles of
    2021-2023. A ladder record is a violation only when no admissible run of
    prerequisite titles is possible; it is "undetermined" when the run could lie in years
    for which the data hold no prerequisite record for anyone (before the data start) or
    the person is off the roster.

    Examples
    --------
    >>> import pandas as pd
    >>> rewards = pd.DataFrame({
    ...     "decision_no": ["1/QĐ-UBND", "2/QĐ-UBND", "2/QĐ-UBND"],
    ...     "decision_date": ["2024-02-01", "2024-02-10", "2024-02-10"],
    ...     "year": [2023, 2023, 2023], "form": ["lao_dong_tien_tien", "chien_si_thi_dua_co_so",
    ...                                         "lao_dong_tien_tien"],
    ...     "recipient_type": "individual", "recipient_id": ["P1", "P2", "P3"], "unit_id": "U1",
    ...     "level": "grassroots", "movement_id": None})
    >>> clusters = pd.DataFrame({"cluster_id": "C1", "year": [2023, 2023], "unit_id": ["U1", "U2"],
    ...                          "flag_awarded": [True, False]})
    >>> found = check_compliance(rewards, cluster_results=clusters)
    >>> found[["rule_id", "record", "certainty"]].to_numpy().tolist()
    [['ladder_grassroots_fighter_law2022', '2/QĐ-UBND / P2', 'reported']]
    >>> print(found.loc[0, "reason"])
    chien_si_thi_dua_co_so in 2023 without lao_dong_tien_tien in 2023
    """
    return run_rules(rewards, personnel, rules=rules, cluster_results=cluster_results, on=on,
                     undetermined=undetermined)


def run_rules(rewards: pd.DataFrame, personnel: pd.DataFrame | None = None, *, rules: Any = None,
              cluster_results: pd.DataFrame | None = None, on: Any = None,
              undetermined: Literal["drop", "keep"] = "drop",
              recorded: Mapping[str, frozenset[int]] | None = None) -> pd.DataFrame:
    """:func:`check_compliance` on ``rewards``, which may be one part of a larger table.

    ``recorded`` (form → the years anyone received it, over the whole table)
    lets a ladder rule tell "no data for anyone that year" from "not this
    person" on a part exactly as on the whole (:mod:`tdkt_eval.scale`).
    """
    if not isinstance(rewards, pd.DataFrame):
        raise InvalidParameterError("The 'rewards' parameter of check_compliance must be a DataFrame. "
                                    f"Got {type(rewards).__name__} instead.")
    if undetermined not in ("drop", "keep"):
        raise InvalidParameterError(f"The 'undetermined' parameter of check_compliance must be one of "
                                    f"{{'drop', 'keep'}}. Got {undetermined!r} instead.")
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    day = _as_date(on)
    active = [r for r in ruleset if r.enabled and (day is None or r.in_force_on(day))]
    needed: dict[str, dict[str, list[str]]] = {"rewards": {c: [] for c in BASE_COLUMNS}}
    runnable, skipped = [], []
    given = {"rewards": rewards, "cluster_results": cluster_results}
    span = (day, day) if day is not None else _date_span(rewards)
    for rule in active:
        needs = CHECKS[rule.check].needs(rule.params)
        gap = _missing(needs, given)
        if gap is not None and _overlaps(rule, span):
            skipped.append(SkippedRule(rule.id, rule.name_vi, rule.name_en, *gap))
            warnings.warn(DataQualityWarning(skipped[-1].text), stacklevel=3)
        if gap is not None:
            continue
        runnable.append(rule)
        for table, cols in needs.items():
            for col in cols:
                needed.setdefault(table, {}).setdefault(col, []).append(rule.id)
    tables = prepare_tables(rewards, personnel, cluster_results, needed, recorded)
    parts = []
    for rule in runnable:
        found = CHECKS[rule.check].func(tables, **rule.params)
        checked_on = found["date"].dt.normalize() if day is None else pd.Series(pd.Timestamp(day), index=found.index)
        keep = checked_on >= pd.Timestamp(rule.valid_from)
        if rule.valid_to is not None:
            keep &= checked_on <= pd.Timestamp(rule.valid_to)
        if undetermined == "drop":
            keep &= found["status"] == "violation"
        found = found[keep].assign(rule_id=rule.id, source=rule.source_text, certainty=rule.certainty,
                                   checked_on=checked_on[keep])
        parts.append(found.sort_values(["year", "record"], kind="stable"))
    result = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(RESULT_COLUMNS))
    result = result.reindex(columns=list(RESULT_COLUMNS)).reset_index(drop=True)
    result["year"] = result["year"].astype("Int64")
    result["checked_on"] = pd.to_datetime(result["checked_on"])
    result.attrs["skipped"] = tuple(skipped)
    return result


@dataclass(frozen=True, slots=True)
class SkippedRule:
    """A rule :func:`check_compliance` could not apply: the table or optional column it lacks.

    ``columns`` is empty when the whole ``table`` is missing.
    """

    rule_id: str
    name_vi: str
    name_en: str
    table: str
    columns: tuple[str, ...] = ()

    @property
    def text(self) -> Text:
        """Why the rule was skipped and what would enable it, in both languages (the English names the rule id)."""
        return self.message(with_id=True)

    def message(self, *, with_id: bool = False) -> Text:
        """:attr:`text`, with the rule id in the English only if ``with_id`` (a report shows names only)."""
        params = {"name": Text(self.name_en, self.name_vi), "id": f" ({self.rule_id})" if with_id else "",
                  "table": Text(self.table, _TABLES_VI.get(self.table, self.table)),
                  "columns": Text(", ".join(f"'{c}'" for c in self.columns),
                                  ", ".join(f"'{_header_vi(self.table, c)}'" for c in self.columns))}
        if not self.columns:
            params["how"] = f"Pass {self.table}=, add" if with_id else "Add"
            return Text("Rule '{name}'{id} needs the {table} table and was not checked. {how} the {table} file "
                        "to the data folder to enable it.",
                        "Quy định '{name}' cần bảng {table} nên chưa được kiểm tra. Hãy bổ sung tệp này "
                        "vào thư mục dữ liệu.", params)
        return Text("Rule '{name}'{id} was not checked: the {table} table has no column {columns}. Add the "
                    "column to enable it.",
                    "Quy định '{name}' chưa được kiểm tra: bảng {table} không có cột {columns}. Bổ sung cột "
                    "này để kiểm tra quy định.", params)

    def render(self, lang: str = "en") -> str:
        """The message in ``lang``, naming the rule by its name only (for a report)."""
        return self.message().render(lang)


def _date_span(rewards: pd.DataFrame) -> tuple[_dt.date, _dt.date] | None:
    """First and last decision date of ``rewards`` (None if there is none to read)."""
    if "decision_date" not in rewards.columns:
        return None
    dates = pd.to_datetime(rewards["decision_date"], errors="coerce", format="mixed").dropna()
    return (dates.min().date(), dates.max().date()) if len(dates) else None


def _overlaps(rule: Rule, span: tuple[_dt.date, _dt.date] | None) -> bool:
    """True if the rule is in force at some date of ``span`` (or the span is unknown)."""
    if span is None:
        return True
    return rule.valid_from <= span[1] and (rule.valid_to is None or span[0] <= rule.valid_to)


#: Vietnamese names of the tables a rule may need.
_TABLES_VI = {"rewards": "khen thưởng", "cluster_results": "kết quả cụm, khối thi đua", "personnel": "nhân sự"}


def _header_vi(table: str, column: str) -> str:
    """The first Vietnamese header the data contract accepts for ``table.column`` (or the column)."""
    from ..io.contracts import TABLES

    contract = TABLES.get(table)
    found = [c for c in (contract.columns if contract else ()) if c.name == column and c.aliases]
    return found[0].aliases[0] if found else column


def _missing(needs: Mapping[str, Sequence[str]], given: Mapping[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """(table, missing optional columns) that stop a rule, or None if it can run.

    The columns every check needs (:data:`BASE_COLUMNS`) are not optional: their absence is
    an error raised later, not a skipped rule.
    """
    for table, cols in needs.items():
        frame = given.get(table)
        if frame is None:
            return table, ()
        if not isinstance(frame, pd.DataFrame):
            continue  # reported by prepare_tables
        gone = tuple(c for c in cols if c not in frame.columns and not (table == "rewards" and c in BASE_COLUMNS))
        if gone:
            return table, gone
    return None


def skipped_rules(result: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The rules a :func:`check_compliance` result left out, and the column or table that would enable each.

    Parameters
    ----------
    result : DataFrame
        A result of :func:`check_compliance` (its ``attrs["skipped"]``).
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    DataFrame
        Columns ``rule`` (the rule's name), ``needs`` (``table.column`` or the table) and
        ``reason`` (a sentence), in ``lang``.

    Examples
    --------
    >>> rewards = pd.DataFrame({"decision_no": ["1/QĐ-UBND"], "decision_date": ["2024-02-01"], "year": [2023],
    ...                         "form": ["giay_khen"], "recipient_id": ["P1"], "recipient_type": "individual",
    ...                         "level": "grassroots"})
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     found = check_compliance(rewards)
    >>> skipped_rules(found, "en")["needs"].tolist()
    ['rewards.movement_id', 'cluster_results']
    >>> skipped_rules(found, "vi")["rule"].iloc[0]
    'Một thành tích không khen thưởng hai lần (Luật 2022)'
    """
    rows = [{"rule": s.name_vi if lang == "vi" else s.name_en,
             "needs": ", ".join(f"{s.table}.{c}" for c in s.columns) if s.columns else s.table,
             "reason": s.render(lang)} for s in result.attrs.get("skipped", ())]
    return pd.DataFrame(rows, columns=["rule", "needs", "reason"])


def rule_label(rule_id: str, lang: str = "vi", rules: RuleSet | None = None) -> str:
    """The name of a rule in ``lang``, for a report (never the raw id when the rule is known).

    Parameters
    ----------
    rule_id : str
    lang : {"vi", "en"}, default "vi"
    rules : RuleSet, optional
        Default: the shipped rules. An id the set does not know is returned as it is.

    Examples
    --------
    >>> rule_label("ladder_grassroots_fighter_law2003", "en")
    'Grassroots emulation fighter needs the advanced-worker title the same year (2003 Law)'
    """
    ruleset = _shipped() if rules is None else rules
    return ruleset[rule_id].label(lang) if rule_id in ruleset else rule_id


def rule_citation(rule_id: str, lang: str = "vi", rules: RuleSet | None = None) -> str:
    """The legal source of a rule written out in ``lang``.

    Examples
    --------
    >>> rule_citation("ladder_grassroots_fighter_law2003", "vi")
    'Điều 23 Luật Thi đua, khen thưởng 2003 (số 15/2003/QH11, sửa đổi 2013)'
    """
    ruleset = _shipped() if rules is None else rules
    return ruleset[rule_id].citation(lang) if rule_id in ruleset else rule_id


@functools.lru_cache(maxsize=1)
def _shipped() -> RuleSet:
    return load_rules()

