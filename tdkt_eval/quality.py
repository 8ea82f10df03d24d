"""Per-respondent data-quality screening of survey responses.

:func:`screen` flags duplicate submissions, speeders, straight-liners, mostly
empty questionnaires, out-of-scale codes and failed attention checks, and
returns a :class:`QualityResult`.  Nothing is dropped by screening: the user
chooses the rules to apply with :meth:`QualityResult.clean`, and
:meth:`QualityResult.removed_counts` gives the flow of removed rows for a report.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ._messages import describe_values
from ._results import CallableTable, Result
from .errors import (
    DateParseError,
    DuplicateColumnError,
    InvalidArgumentTypeError,
    InvalidParameterError,
    MissingColumnError,
    MixedTypeError,
)

__all__ = ["RULES", "QualityResult", "screen"]

#: The screening rules, in the order a report lists them.
RULES = ("duplicate_uuid", "duplicate_answers", "speeder", "straightliner", "missing_items",
         "out_of_range", "attention")


@dataclass(frozen=True, slots=True, kw_only=True)
class QualityResult(Result):
    """Result of :func:`screen`.

    Attributes
    ----------
    flags : DataFrame
        One row per respondent, aligned with the screened frame's index: the id,
        one boolean column per rule in :data:`RULES`, ``any``, and the measures
        ``duplicate_uuid_of``, ``duplicate_answers_of``, ``duration_s``,
        ``n_answered``, ``longstring``, ``irv``, ``missing_share``,
        ``n_out_of_range`` and ``out_of_range_items``.
    rules : DataFrame
        One row per rule and a last row ``any``: columns ``rule``, ``checked``,
        ``flagged``, ``share`` (of all respondents) and ``description``; what
        :meth:`to_frame` returns.  (Before version 1.0 this table was the field
        ``summary``; ``result.summary["rule"]`` still works for one release, with a
        FutureWarning, and ``result.summary()`` is the text.)
    item_missing : DataFrame
        One row per item: ``item``, ``n_missing``, ``share_missing``.
    responses : DataFrame
        The screened frame, unchanged (for :meth:`clean`).
    """

    flags: pd.DataFrame
    rules: pd.DataFrame
    item_missing: pd.DataFrame
    responses: pd.DataFrame = field(repr=False)

    def _check_rules(self, rules: Sequence[str] | str) -> tuple[str, ...]:
        rules = (rules,) if isinstance(rules, str) else tuple(rules)
        checked = dict(zip(self.rules["rule"], self.rules["checked"]))
        for rule in rules:
            if rule not in RULES:
                raise InvalidParameterError(f"Unknown screening rule {rule!r}; expected some of {RULES}.")
            if not checked[rule]:
                raise InvalidParameterError(f"Rule {rule!r} was not checked, so it cannot remove rows. "
                                 "Give screen() its column (uuid_col= or attention=) or leave it out.")
        return rules

    def removed_counts(self, rules: Sequence[str] | str) -> pd.DataFrame:
        """How many rows each rule removes when the rules are applied in order.

        Returns
        -------
        DataFrame
            One row per rule: ``rule``, ``flagged`` (by that rule alone),
            ``removed`` (flagged and not already removed by an earlier rule) and
            ``remaining`` (rows left after this step).
        """
        gone, rows = np.zeros(len(self.flags), dtype=bool), []
        for rule in self._check_rules(rules):
            hit = self.flags[rule].to_numpy(dtype=bool)
            new = hit & ~gone
            gone |= hit
            rows.append({"rule": rule, "flagged": int(hit.sum()), "removed": int(new.sum()),
                         "remaining": int((~gone).sum())})
        return pd.DataFrame(rows, columns=["rule", "flagged", "removed", "remaining"])

    def clean(self, rules: Sequence[str] | str) -> pd.DataFrame:
        """The responses without the rows flagged by the chosen ``rules``.

        There is no default: which rules remove rows is the analyst's decision,
        to be reported with :meth:`removed_counts`.  Duplicate rules remove every
        copy after the first, so the first submission stays.
        """
        rules = self._check_rules(rules)
        drop = self.flags[list(rules)].to_numpy(dtype=bool).any(axis=1)
        return self.responses[~drop]

    def to_frame(self) -> pd.DataFrame:
        """The rules table (one row per rule), ready for a report."""
        return self.rules.copy()

    @property
    def summary(self) -> CallableTable:
        """``summary()``: the screening as aligned plain text; also what ``str()`` shows.

        Indexing it like the former ``summary`` table (``result.summary["rule"]``) still
        works for one release, with a FutureWarning: use ``result.rules``.
        """
        return CallableTable(self._summary_text, self.rules, "QualityResult.summary", "QualityResult.rules")

    def summary_text(self) -> str:
        """Former name of ``summary()`` (warns; removed in the next release)."""
        warnings.warn("QualityResult.summary_text() is now QualityResult.summary(); summary_text() will stop "
                      "working in the next release.", FutureWarning, stacklevel=2)
        return self._summary_text()

    def _summary_text(self) -> str:
        lines = [f"Data-quality screening: {len(self.flags)} respondents, {len(self.item_missing)} items"]
        for row in self.rules.itertuples(index=False):
            count = f"{row.flagged:>7} {row.share:>6.1%}" if row.checked else f"{'-':>7} {'':>6}"
            lines.append(f"{row.rule:<18}{count}  {row.description}")
        return "\n".join(lines)


def _item_matrix(responses: pd.DataFrame, items: list[str]) -> np.ndarray:
    unknown = [c for c in items if c not in responses.columns]
    if unknown:
        raise MissingColumnError(
            f"{len(unknown)} item column(s) are not in the responses: {', '.join(map(str, unknown))}.",
            fix="Pass the names of the instrument's item columns exactly as in the table "
                f"(it has {', '.join(map(str, responses.columns[:8]))}{' …' if responses.shape[1] > 8 else ''}).")
    for col in items:
        s = responses[col]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            text = (s.notna() & pd.to_numeric(s, errors="coerce").isna()).to_numpy(dtype=bool)
            pairs = [(s.iat[i], i + 2) for i in np.flatnonzero(text)[:20]]  # spreadsheet rows
            raise MixedTypeError(
                f"Item answers must be numeric codes; found dtype {s.dtype}"
                + (f" with values {describe_values(pairs)}." if pairs else "."),
                column=str(col),
                fix="Map text answers to their codes and convert with pd.to_numeric, or load the file with "
                    "tdkt_eval.load_records, which types item columns.")
    return responses[items].to_numpy(dtype=float, na_value=np.nan)


def _durations(responses: pd.DataFrame, start: str, end: str) -> np.ndarray:
    for col in (start, end):
        if col not in responses.columns:
            raise MissingColumnError(f"The time column '{col}' is not in the responses.", column=str(col),
                                     fix="Name the interview start/end columns with start= and end=, "
                                         "or pass start=None to skip the speeder rule.")
        if not pd.api.types.is_datetime64_any_dtype(responses[col]):
            raise DateParseError(
                f"Expected date-times to time the interview; found dtype {responses[col].dtype}.",
                column=str(col),
                fix=f"Convert it with pd.to_datetime(responses['{col}']) (or load the file with "
                    "tdkt_eval.load_records), or pass start=None to skip the speeder rule.")
    if isinstance(responses[start].dtype, pd.DatetimeTZDtype) != isinstance(responses[end].dtype, pd.DatetimeTZDtype):
        raise DateParseError(f"Only one of '{start}' and '{end}' carries a time zone.", column=str(end),
                             fix="Localise both columns to the same zone (Series.dt.tz_localize).")
    seconds = (responses[end] - responses[start]).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan)
    return np.where(seconds >= 0, seconds, np.nan)  # end before start: not a usable duration


def _first_copy(frame: pd.DataFrame) -> np.ndarray:
    """Position of the first row with the same values as each row (NA equals NA)."""
    key = np.zeros(len(frame), dtype=np.int64)  # group of equal rows so far; < len(frame)
    for col in frame.columns:
        codes, uniques = pd.factorize(frame[col])  # NA -> -1
        key = pd.factorize(key * (len(uniques) + 1) + codes + 1)[0]
    _, first = np.unique(key, return_index=True)
    return first[key]


def _longstring(x: np.ndarray, n_answered: np.ndarray) -> np.ndarray:
    """Longest run of identical consecutive answers per row; missing answers are skipped."""
    n, k = x.shape
    if k == 0:
        return np.zeros(n, dtype=np.intp)
    order = np.argsort(np.isnan(x), axis=1, kind="stable")  # answered items first, in order
    packed = np.take_along_axis(x, order, axis=1)
    j = np.arange(k)
    starts = np.zeros((n, k), dtype=np.intp)  # position where the run through j began
    starts[:, 1:] = np.where(packed[:, 1:] == packed[:, :-1], 0, j[1:])
    runs = j - np.maximum.accumulate(starts, axis=1) + 1
    return np.where(n_answered > 0, runs.max(axis=1), 0)


def _irv(x: np.ndarray, n_answered: np.ndarray) -> np.ndarray:
    """Standard deviation (n - 1) of each row's answered items; NaN under two answers."""
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(x, axis=1) / n_answered
        ss = np.nansum((x - mean[:, None]) ** 2, axis=1)
        return np.where(n_answered >= 2, np.sqrt(ss / (n_answered - 1)), np.nan)


def screen(
    responses: pd.DataFrame,
    *,
    items: Sequence[Hashable],
    id_col: Hashable | None = "respondent_id",
    uuid_col: Hashable | None = None,
    duplicate_cols: Sequence[Hashable] | None = None,
    start: Hashable | None = "start",
    end: Hashable | None = "end",
    scale: tuple[float, float] = (1, 5),
    speed_ratio: float = 0.3,
    min_seconds: float | None = None,
    longstring_share: float = 0.9,
    irv_min: float | None = None,
    max_missing_share: float = 0.5,
    attention: tuple[Hashable, object] | None = None,
    attention_missing: Literal["fail", "pass"] = "fail",
) -> QualityResult:
    """Screen each respondent for duplicates, speeding, straight-lining and other faults.

    Parameters
    ----------
    responses : DataFrame
        One row per respondent.  It is not modified.
    items : list of str
        The Likert item columns (numeric codes, NaN for no answer), in questionnaire order.
    id_col : str or None, default "respondent_id"
        Respondent identifier, copied to ``flags`` and used in ``*_of`` columns;
        None uses the index.
    uuid_col : str, optional
        Form-instance key (KoBo ``_uuid``, ODK ``instanceID``); None skips ``duplicate_uuid``.
    duplicate_cols : list of str, optional
        Columns that must all be equal for ``duplicate_answers``; default ``items``.
        Add background columns (unit, gender, start, end …) to tell re-entered
        questionnaires from different people giving the same answers.
    start, end : str or None, default "start", "end"
        Date-time columns of the interview; None skips the speeder rule.
    scale : (low, high), default (1, 5)
        Valid answer codes (inclusive).
    speed_ratio : float, default 0.3
        Speeder threshold as a share of the median duration.
    min_seconds : float, optional
        Absolute speeder threshold in seconds; replaces ``speed_ratio``.
    longstring_share : float, default 0.9
        Straight-liner threshold: longstring ≥ this share of the answered items.
    irv_min : float, optional
        Also flag as straight-liners respondents whose IRV is below this value.
    max_missing_share : float, default 0.5
        ``missing_items`` flags respondents with a larger share of items unanswered.
    attention : (item, expected), optional
        Attention-check column and the answer (or collection of answers) it requires.
    attention_missing : {"fail", "pass"}, default "fail"
        Whether an unanswered attention check counts as failed.

    Returns
    -------
    QualityResult
        ``flags``, ``summary`` and ``item_missing`` as described there.

    Raises
    ------
    MissingColumnError
        No items, or item, time, id, uuid or attention columns not in ``responses``.
    MixedTypeError
        An item column is not numeric.
    DateParseError
        ``start`` or ``end`` is not a date-time column.

    Notes
    -----
    * Duplicates: a row is a ``duplicate_uuid`` when an earlier row has the same
      non-missing uuid, and a ``duplicate_answers`` when an earlier row has equal
      values (missing equals missing) on all ``duplicate_cols`` and at least one
      item is answered.  The first copy is never flagged.  On the items alone,
      straight-liners who chose the same answer are duplicates of each other.
    * Speeders: duration :math:`d_i` = end - start in seconds; flagged when
      :math:`d_i < r \\cdot \\operatorname{median}(d)` with :math:`r` = ``speed_ratio``
      (Greszki, Meyer & Schoen 2015 discuss such relative cut-offs), or
      :math:`d_i <` ``min_seconds``.  Rows with a missing start/end or end before
      start are not screened and are counted in the summary.
    * Straight-liners: the longstring index (Johnson 2005; Curran 2016) is the
      longest run of identical consecutive answers, with unanswered items skipped.
      A respondent with :math:`m` answered items is flagged when
      longstring :math:`\\ge` ``longstring_share`` :math:`\\cdot m` (and
      :math:`m \\ge 2`); every respondent who gives one answer to all items
      (IRV = 0) is therefore flagged.  The intra-individual response
      variability IRV is the standard deviation of a respondent's answers
      (Dunn, Heggestad, Shanock & Theilgard 2018); it is reported, and used
      for flagging only when ``irv_min`` is given.
    * ``missing_items``: unanswered share of ``items`` > ``max_missing_share``.
    * ``out_of_range``: an answered item outside ``scale``; the items are listed.

    References
    ----------
    Curran, P. G. (2016). Methods for the detection of carelessly invalid responses
    in survey data. *Journal of Experimental Social Psychology*, 66, 4-19.
    Johnson, J. A. (2005). Ascertaining the validity of individual protocols from
    web-based personality inventories. *Journal of Research in Personality*, 39, 103-129.
    Dunn, A. M., et al. (2018). Intra-individual response variability as an indicator
    of insufficient effort responding. *Journal of Business and Psychology*, 33, 105-121.
    Greszki, R., Meyer, M., & Schoen, H. (2015). Exploring the effects of removing
    "too fast" responses and respondents from web surveys. *Public Opinion Quarterly*, 79, 471-503.

    Examples
    --------
    >>> import pandas as pd
    >>> t0 = pd.Timestamp("2024-09-02 08:00")
    >>> df = pd.DataFrame({
    ...     "respondent_id": ["A", "B", "C", "D", "E"],
    ...     "start": [t0] * 5,
    ...     "end": t0 + pd.to_timedelta([600, 540, 60, 660, 600], unit="s"),
    ...     "q1": [4, 3, 2, 4, 4], "q2": [5, 3, 4, 4, 5], "q3": [4, 3, 1, 9, 4],
    ...     "q4": [3, 3, 5, 2, 3], "q5": [4, 3, 3, 4, 4]})
    >>> result = screen(df, items=["q1", "q2", "q3", "q4", "q5"])
    >>> result.flags.loc[result.flags["any"], ["respondent_id", "speeder", "straightliner",
    ...                                        "out_of_range", "duplicate_answers_of"]]
      respondent_id  speeder  straightliner  out_of_range duplicate_answers_of
    1             B    False           True         False                 <NA>
    2             C     True          False         False                 <NA>
    3             D    False          False          True                 <NA>
    4             E    False          False         False                    A
    >>> result.removed_counts(["duplicate_answers", "speeder"])
                    rule  flagged  removed  remaining
    0  duplicate_answers        1        1          4
    1            speeder        1        1          3
    >>> list(result.clean(["straightliner"])["respondent_id"])
    ['A', 'C', 'D', 'E']
    """
    options = _Options(uuid_col=uuid_col, duplicate_cols=duplicate_cols, start=start, end=end, scale=scale,
                       speed_ratio=speed_ratio, min_seconds=min_seconds, longstring_share=longstring_share,
                       irv_min=irv_min, max_missing_share=max_missing_share, attention=attention,
                       attention_missing=attention_missing)
    items = _check_screen_args(responses, items, id_col, options)
    x = _item_matrix(responses, items)
    ids = (responses.index if id_col is None else responses[id_col]).to_numpy(dtype=object)
    s = _Screening(responses=responses, items=items, x=x, ids=ids, n_answered=(~np.isnan(x)).sum(axis=1),
                   options=options)
    flags = pd.DataFrame({"respondent_id" if id_col is None else id_col: ids}, index=responses.index)
    rows = []
    for rule, check in _RULE_CHECKS.items():
        outcome = check(s)
        flags = flags.assign(**outcome.columns)
        rows.append({"rule": rule, "checked": outcome.checked, "flagged": int(flags[rule].sum()),
                     "share": float(flags[rule].mean()) if len(x) else np.nan, "description": outcome.description})
    flags["any"] = flags[list(RULES)].any(axis=1)
    rows.append({"rule": "any", "checked": True, "flagged": int(flags["any"].sum()),
                 "share": float(flags["any"].mean()) if len(x) else np.nan,
                 "description": "Flagged by at least one checked rule"})
    n_missing = np.isnan(x).sum(axis=0)
    item_missing = pd.DataFrame({"item": items, "n_missing": n_missing,
                                 "share_missing": n_missing / len(x) if len(x) else np.nan})
    order = [flags.columns[0], *RULES, "any", "duplicate_uuid_of", "duplicate_answers_of", "duration_s",
             "n_answered", "longstring", "irv", "missing_share", "n_out_of_range", "out_of_range_items"]
    return QualityResult(flags=flags[order], rules=pd.DataFrame(rows), item_missing=item_missing,
                         responses=responses)


# ----------------------------------------------------------------------------- the rules
@dataclass(frozen=True, slots=True, kw_only=True)
class _Options:
    """The rule options of :func:`screen`."""

    uuid_col: Hashable | None
    duplicate_cols: Sequence[Hashable] | None
    start: Hashable | None
    end: Hashable | None
    scale: tuple[float, float]
    speed_ratio: float
    min_seconds: float | None
    longstring_share: float
    irv_min: float | None
    max_missing_share: float
    attention: tuple[Hashable, object] | None
    attention_missing: str


@dataclass(frozen=True, slots=True, kw_only=True)
class _Screening:
    """What every rule sees: the responses, the item matrix (NaN = no answer) and the options."""

    responses: pd.DataFrame
    items: list[Hashable]
    x: np.ndarray
    ids: np.ndarray
    n_answered: np.ndarray
    options: _Options


@dataclass(frozen=True, slots=True)
class _Outcome:
    """A rule's flag column (named as the rule) and the columns that explain it, its description,
    and whether it was checked (a rule without its columns is reported as not checked)."""

    columns: dict[str, object]
    description: str
    checked: bool = True


def _check_screen_args(responses: object, items: Sequence[Hashable] | Hashable, id_col: Hashable | None,
                       o: _Options) -> list[Hashable]:
    """The item list, after refusing arguments :func:`screen` cannot use."""
    if not isinstance(responses, pd.DataFrame):
        raise InvalidArgumentTypeError(f"responses must be a pandas DataFrame; got {type(responses).__name__}.")
    items = [items] if isinstance(items, str) else list(items)
    if not items:
        raise MissingColumnError("No item columns were given to screen.",
                                 fix="Pass the instrument's Likert items, e.g. items=['aw1', 'aw2', ...].")
    repeated = sorted({str(c) for c in items if items.count(c) > 1})
    if repeated:
        raise DuplicateColumnError(f"Items listed more than once: {', '.join(repeated)}.",
                                   fix="List each item column once.")
    for name, value in [("speed_ratio", o.speed_ratio), ("longstring_share", o.longstring_share)]:
        if not 0 < value <= 1:
            raise InvalidParameterError(f"{name} must be in (0, 1]; got {value!r}.")
    if not o.scale[0] <= o.scale[1]:
        raise InvalidParameterError(f"scale must be (low, high) with low <= high; got {o.scale!r}.")
    wanted = {"id_col": id_col, "uuid_col": o.uuid_col, "attention": None if o.attention is None else o.attention[0]}
    for arg, col in {**wanted, **{f"duplicate_cols[{c!r}]": c for c in o.duplicate_cols or ()}}.items():
        if col is not None and col not in responses.columns:
            raise MissingColumnError(f"The column '{col}' given as {arg} is not in the responses.",
                                     column=str(col), fix=f"Check the spelling, or leave {arg.split('[')[0]} out.")
    return items


def _copies(s: _Screening, first: np.ndarray, valid: np.ndarray, rule: str) -> dict[str, object]:
    """Every copy after the first (``first``: the row each row copies), and whose copy it is."""
    dup = valid & (first != np.arange(len(s.x)))
    return {rule: dup, f"{rule}_of": pd.array(np.where(dup, s.ids[first], None), dtype="string")}


def _duplicate_uuid(s: _Screening) -> _Outcome:
    col = s.options.uuid_col
    if col is None:
        n = len(s.x)
        return _Outcome(_copies(s, np.arange(n), np.zeros(n, dtype=bool), "duplicate_uuid"),
                        "Not checked: pass uuid_col= (e.g. '_uuid' or 'instanceID')", checked=False)
    return _Outcome(_copies(s, _first_copy(s.responses[[col]]), s.responses[col].notna().to_numpy(),
                            "duplicate_uuid"),
                    f"Same '{col}' as an earlier submission (every copy after the first)")


def _duplicate_answers(s: _Screening) -> _Outcome:
    cols = s.items if s.options.duplicate_cols is None else list(s.options.duplicate_cols)
    what = "all items" if s.options.duplicate_cols is None else f"{len(cols)} columns"
    return _Outcome(_copies(s, _first_copy(s.responses[cols]), s.n_answered > 0, "duplicate_answers"),
                    f"Same answers as an earlier respondent on {what} (every copy after the first)")


def _speeder(s: _Screening) -> _Outcome:
    o = s.options
    if o.start is None or o.end is None:
        return _Outcome({"duration_s": np.nan, "speeder": False},
                        "Not checked: pass start= and end= date-time columns", checked=False)
    duration = _durations(s.responses, o.start, o.end)
    usable = ~np.isnan(duration)
    median = float(np.median(duration[usable])) if usable.any() else np.nan
    cut = o.min_seconds if o.min_seconds is not None else o.speed_ratio * median
    rule = "" if o.min_seconds is not None else f" ({o.speed_ratio:g} × median {median:.0f} s)"
    return _Outcome({"duration_s": duration, "speeder": usable & (duration < cut)},
                    f"Duration under {cut:.0f} s{rule}; {len(s.x) - int(usable.sum())} without a usable "
                    "start/end not screened")


def _straightliner(s: _Screening) -> _Outcome:
    o, m = s.options, s.n_answered
    longstring, irv = _longstring(s.x, m), _irv(s.x, m)
    straight = (m >= 2) & (longstring >= o.longstring_share * m)
    if o.irv_min is not None:
        straight |= irv < o.irv_min
    return _Outcome({"n_answered": m, "longstring": longstring, "irv": irv, "straightliner": straight},
                    f"Longest run of identical answers ≥ {o.longstring_share:.0%} of answered items"
                    + (f", or IRV < {o.irv_min:g}" if o.irv_min is not None else ""))


def _missing_items(s: _Screening) -> _Outcome:
    k = s.x.shape[1]
    share = 1 - s.n_answered / k
    return _Outcome({"missing_share": share, "missing_items": share > s.options.max_missing_share},
                    f"More than {s.options.max_missing_share:.0%} of the {k} items unanswered")


def _out_of_range(s: _Screening) -> _Outcome:
    low, high = s.options.scale
    outside = ~np.isnan(s.x) & ((s.x < low) | (s.x > high))
    names, listed = np.array([str(c) for c in s.items], dtype=object), np.full(len(s.x), "", dtype=object)
    for r in np.flatnonzero(outside.any(axis=1)):  # only the flagged rows
        listed[r] = ", ".join(names[outside[r]])
    return _Outcome({"n_out_of_range": outside.sum(axis=1), "out_of_range_items": listed,
                     "out_of_range": outside.any(axis=1)}, f"An item answer outside the scale {low:g}–{high:g}")


def _attention(s: _Screening) -> _Outcome:
    o = s.options
    if o.attention is None:
        return _Outcome({"attention": False}, "Not checked: pass attention=(item, expected answer)", checked=False)
    col, expected = o.attention
    accepted = list(expected) if isinstance(expected, (list, tuple, set, frozenset)) else [expected]
    values = s.responses[col]
    failed = ~values.isin(accepted).to_numpy(dtype=bool)
    return _Outcome({"attention": failed & (values.notna().to_numpy() | (o.attention_missing == "fail"))},
                    f"Attention check '{col}' not answered {' or '.join(map(str, accepted))} (unanswered counts "
                    f"as {'failed' if o.attention_missing == 'fail' else 'passed'})")


#: The rule checks, in the order of :data:`RULES`: each returns its flag column and the columns that explain it.
_RULE_CHECKS = {"duplicate_uuid": _duplicate_uuid, "duplicate_answers": _duplicate_answers, "speeder": _speeder,
                "straightliner": _straightliner, "missing_items": _missing_items, "out_of_range": _out_of_range,
                "attention": _attention}
