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
    for name, value in [("speed_ratio", speed_ratio), ("longstring_share", longstring_share)]:
        if not 0 < value <= 1:
            raise InvalidParameterError(f"{name} must be in (0, 1]; got {value!r}.")
    if not scale[0] <= scale[1]:
        raise InvalidParameterError(f"scale must be (low, high) with low <= high; got {scale!r}.")
    wanted = {"id_col": id_col, "uuid_col": uuid_col, "attention": None if attention is None else attention[0]}
    for arg, col in {**wanted, **{f"duplicate_cols[{c!r}]": c for c in duplicate_cols or ()}}.items():
        if col is not None and col not in responses.columns:
            raise MissingColumnError(f"The column '{col}' given as {arg} is not in the responses.",
                                     column=str(col), fix=f"Check the spelling, or leave {arg.split('[')[0]} out.")

    x = _item_matrix(responses, items)
    n, k = x.shape
    ids = (responses.index if id_col is None else responses[id_col]).to_numpy(dtype=object)
    answered = ~np.isnan(x)
    n_answered = answered.sum(axis=1)
    flags = pd.DataFrame({"respondent_id" if id_col is None else id_col: ids}, index=responses.index)
    describe: dict[str, str] = {}

    def copies(first: np.ndarray, valid: np.ndarray, rule: str) -> None:
        dup = valid & (first != np.arange(n))
        flags[rule] = dup
        flags[f"{rule}_of"] = pd.array(np.where(dup, ids[first], None), dtype="string")

    if uuid_col is not None:
        copies(_first_copy(responses[[uuid_col]]), responses[uuid_col].notna().to_numpy(), "duplicate_uuid")
        describe["duplicate_uuid"] = f"Same '{uuid_col}' as an earlier submission (every copy after the first)"
    else:
        copies(np.arange(n), np.zeros(n, dtype=bool), "duplicate_uuid")
        describe["duplicate_uuid"] = "Not checked: pass uuid_col= (e.g. '_uuid' or 'instanceID')"
    dcols = items if duplicate_cols is None else list(duplicate_cols)
    copies(_first_copy(responses[dcols]), n_answered > 0, "duplicate_answers")
    what = "all items" if duplicate_cols is None else f"{len(dcols)} columns"
    describe["duplicate_answers"] = f"Same answers as an earlier respondent on {what} (every copy after the first)"

    if start is not None and end is not None:
        duration = _durations(responses, start, end)
        usable = ~np.isnan(duration)
        median = float(np.median(duration[usable])) if usable.any() else np.nan
        cut = min_seconds if min_seconds is not None else speed_ratio * median
        flags = flags.assign(duration_s=duration, speeder=usable & (duration < cut))
        rule = "" if min_seconds is not None else f" ({speed_ratio:g} × median {median:.0f} s)"
        describe["speeder"] = (f"Duration under {cut:.0f} s{rule}; "
                               f"{n - int(usable.sum())} without a usable start/end not screened")
    else:
        flags = flags.assign(duration_s=np.nan, speeder=False)
        describe["speeder"] = "Not checked: pass start= and end= date-time columns"

    longstring = _longstring(x, n_answered)
    irv = _irv(x, n_answered)
    straight = (n_answered >= 2) & (longstring >= longstring_share * n_answered)
    if irv_min is not None:
        straight |= irv < irv_min
    flags = flags.assign(n_answered=n_answered, longstring=longstring, irv=irv, straightliner=straight)
    describe["straightliner"] = (f"Longest run of identical answers ≥ {longstring_share:.0%} of answered items"
                                 + (f", or IRV < {irv_min:g}" if irv_min is not None else ""))

    flags = flags.assign(missing_share=1 - n_answered / k, missing_items=1 - n_answered / k > max_missing_share)
    describe["missing_items"] = f"More than {max_missing_share:.0%} of the {k} items unanswered"

    outside = answered & ((x < scale[0]) | (x > scale[1]))
    names, listed = np.array([str(c) for c in items], dtype=object), np.full(n, "", dtype=object)
    for r in np.flatnonzero(outside.any(axis=1)):  # only the flagged rows
        listed[r] = ", ".join(names[outside[r]])
    flags = flags.assign(n_out_of_range=outside.sum(axis=1), out_of_range_items=listed,
                         out_of_range=outside.any(axis=1))
    describe["out_of_range"] = f"An item answer outside the scale {scale[0]:g}–{scale[1]:g}"

    if attention is not None:
        col, expected = attention
        accepted = list(expected) if isinstance(expected, (list, tuple, set, frozenset)) else [expected]
        values = responses[col]
        failed = ~values.isin(accepted).to_numpy(dtype=bool)
        flags["attention"] = failed & (values.notna().to_numpy() | (attention_missing == "fail"))
        describe["attention"] = (f"Attention check '{col}' not answered {' or '.join(map(str, accepted))}"
                                 f" (unanswered counts as {'failed' if attention_missing == 'fail' else 'passed'})")
    else:
        flags["attention"] = False
        describe["attention"] = "Not checked: pass attention=(item, expected answer)"

    flags["any"] = flags[list(RULES)].any(axis=1)
    checked = {"duplicate_uuid": uuid_col is not None, "speeder": start is not None and end is not None,
               "attention": attention is not None}
    describe["any"] = "Flagged by at least one checked rule"
    rows = [{"rule": r, "checked": checked.get(r, True), "flagged": int(flags[r].sum()),
             "share": float(flags[r].mean()) if n else np.nan, "description": describe[r]} for r in (*RULES, "any")]
    n_missing = (~answered).sum(axis=0)
    item_missing = pd.DataFrame({"item": items, "n_missing": n_missing,
                                 "share_missing": n_missing / n if n else np.nan})
    order = [flags.columns[0], *RULES, "any", "duplicate_uuid_of", "duplicate_answers_of", "duration_s",
             "n_answered", "longstring", "irv", "missing_share", "n_out_of_range", "out_of_range_items"]
    return QualityResult(flags=flags[order], rules=pd.DataFrame(rows), item_missing=item_missing,
                         responses=responses)
