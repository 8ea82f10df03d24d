"""Are reward procedures slow, and are dossiers complete?

Domain row 11: the time from proposal to decision, per level and form of reward, and the
share of the documents each dossier should hold that it does hold.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._args import renamed
from .._results import FrameResult, Result
from ..errors import (
    DateParseError,
    InconsistentValuesError,
    InvalidCategoryError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
)
from ..io.text import fold, header_key
from ..io.vocabulary import BOOLEAN_VALUES

__all__ = ["DossierResult", "TimelinessResult", "dossier_completeness", "timeliness"]

TIMELINESS_COLUMNS = ["n", "n_no_proposal", "median_days", "p90_days", "mean_days", "share_over_threshold",
                      "threshold_days"]
_BOOL = {fold(s): flag for flag, spellings in BOOLEAN_VALUES.items() for s in spellings}
_SPLIT = re.compile(r"[;,|\n]+")


def _require(df: pd.DataFrame, cols: Iterable[str], fix: str = "") -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise MissingColumnError(f"The rewards table has no column(s) {', '.join(map(repr, missing))}.",
                                 fix=fix or f"Load it with te.load_records(path, 'rewards'); found: "
                                            f"{', '.join(map(str, df.columns))}.", column=missing[0])


def _dates(s: pd.Series, col: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s):
        return s
    out = pd.to_datetime(s, errors="coerce", format="ISO8601")
    bad = out.isna() & s.notna()
    if bad.any():
        raise DateParseError(f"Expected dates but found {sorted(map(str, s[bad].unique()))[:5]}.",
                             fix="Load the table with te.load_records(path, 'rewards'), which reads Vietnamese "
                                 "date formats, or convert the column with pd.to_datetime.", column=col)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelinessResult(FrameResult):
    """Days from proposal to decision, per group of rewards (see :func:`timeliness`).

    Attributes
    ----------
    groups : DataFrame
        One row per group: the ``by`` columns, then n, n_no_proposal, median_days, p90_days,
        mean_days, share_over_threshold, threshold_days.
    by : tuple of str
    threshold_days : float

    Until the next release the result can still be indexed like the DataFrame that
    :func:`timeliness` used to return (``res["median_days"]``), with a FutureWarning.
    """

    groups: pd.DataFrame
    by: tuple[str, ...]
    threshold_days: float

    def to_frame(self) -> pd.DataFrame:
        """The per-group table (a copy)."""
        return self.groups.copy()

    @renamed(keyword_only=("digits",))
    def summary(self, *, digits: int = 1) -> str:
        """A printable report; also what ``str()`` shows."""
        over = f" by {', '.join(self.by)}" if self.by else ""
        n = int(self.groups["n"].sum())
        return (f"Days from proposal to decision{over} ({n} rewards; slow = over {self.threshold_days:g} days)\n"
                + self.groups.round(digits).to_string(index=False))


def timeliness(rewards: pd.DataFrame, *, by: Sequence[str] = ("level", "form"),
               threshold_days: float = 90) -> TimelinessResult:
    """Days from proposal to decision, per group of rewards.

    Parameters
    ----------
    rewards : DataFrame
        The ``rewards`` table: ``decision_date``, ``proposal_date`` and the ``by`` columns.
    by : sequence of str, default ('level', 'form')
        Grouping columns; ``()`` gives one row for all rewards.
    threshold_days : float, default 90
        A decision taking longer than this many days counts as slow.

    Returns
    -------
    TimelinessResult
        ``to_frame()`` (a DataFrame before version 1.0): one row per group (blank group values
        kept as their own group): the ``by`` columns, then
        ``n`` (rewards with both dates), ``n_no_proposal`` (rewards skipped because
        ``proposal_date`` is blank), ``median_days``, ``p90_days``, ``mean_days``,
        ``share_over_threshold`` (share of ``n`` with days > ``threshold_days``), ``threshold_days``.

    Notes
    -----
    :math:`d_i` = ``decision_date`` - ``proposal_date`` in days (fractional if the dates carry
    times).  The 90th percentile interpolates linearly between order statistics (numpy's default,
    R ``quantile(type = 7)``).  The same decision for several recipients counts once per recipient.
    A decision before its proposal is an error in the data, not a negative delay.

    References
    ----------
    Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. *The American
    Statistician* 50, 361-365.

    Examples
    --------
    >>> rw = pd.DataFrame({"level": ["grassroots", "grassroots", "grassroots", "state"],
    ...                    "proposal_date": pd.to_datetime(["2024-01-05", "2024-01-10", None, "2024-02-01"]),
    ...                    "decision_date": pd.to_datetime(["2024-02-04", "2024-02-29", "2024-03-01", "2024-06-01"])})
    >>> timeliness(rw, by=["level"]).to_frame()[["level", "n", "n_no_proposal", "median_days", "share_over_threshold"]]
            level  n  n_no_proposal  median_days  share_over_threshold
    0  grassroots  2              1         40.0                   0.0
    1       state  1              0        121.0                   1.0
    """
    by = [by] if isinstance(by, str) else list(by)
    if isinstance(threshold_days, bool) or not (isinstance(threshold_days, numbers.Real) and threshold_days >= 0):
        raise InvalidParameterError(f"The 'threshold_days' parameter of timeliness must be a number >= 0. "
                                    f"Got {threshold_days!r} instead.")
    _require(rewards, ["decision_date", "proposal_date", *by])
    decided, proposed = _dates(rewards["decision_date"], "decision_date"), _dates(rewards["proposal_date"],
                                                                                  "proposal_date")
    if decided.isna().any():
        raise MissingValueError(f"{int(decided.isna().sum())} rewards have no decision_date.",
                                fix="Fill in the date each decision was signed.", column="decision_date")
    days = ((decided - proposed) / pd.Timedelta(days=1)).to_numpy(float)
    early = np.flatnonzero(days < 0)
    if early.size:
        raise InconsistentValuesError(f"{early.size} rewards were decided before they were proposed.",
                                      fix="Correct decision_date or proposal_date (positions counted as "
                                          "spreadsheet rows, header = row 1).",
                                      column="proposal_date", rows=early[:5] + 2)
    work = rewards[by].reset_index(drop=True).assign(_days=days)
    grouped = work.groupby(by, dropna=False, sort=True) if by else [((), work)]
    rows = []
    for key, g in grouped:
        d = g["_days"].to_numpy(float)
        d = d[~np.isnan(d)]
        stats = dict(n=d.size, n_no_proposal=len(g) - d.size,
                     median_days=float(np.median(d)) if d.size else np.nan,
                     p90_days=float(np.percentile(d, 90)) if d.size else np.nan,
                     mean_days=float(d.mean()) if d.size else np.nan,
                     share_over_threshold=float((d > threshold_days).mean()) if d.size else np.nan,
                     threshold_days=float(threshold_days))
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key)), **stats})
    return TimelinessResult(groups=pd.DataFrame(rows, columns=[*by, *TIMELINESS_COLUMNS]), by=tuple(by),
                            threshold_days=float(threshold_days))


@dataclass(frozen=True, slots=True, kw_only=True)
class DossierResult(Result):
    """Completeness of reward dossiers (see :func:`dossier_completeness`).

    Attributes
    ----------
    records : DataFrame
        One row per assessed reward, with its original index: ``form, n_required, n_present,
        share_present, complete, missing`` (names of the missing documents, '; '-separated).
    by_form : DataFrame
        ``form, n, mean_share_present, n_complete, share_complete``.
    by_document : DataFrame
        ``form, document, n, share_present``: which documents are most often missing.
    not_assessed : tuple of str
        Forms present in the data that ``required`` says nothing about (left out).
    source : {'columns', 'list'}
        Whether documents came from ``doc_*`` columns or from a column listing them.
    """

    records: pd.DataFrame
    by_form: pd.DataFrame
    by_document: pd.DataFrame
    not_assessed: tuple[str, ...]
    source: str

    def to_frame(self) -> pd.DataFrame:
        """The per-form table (a copy)."""
        return self.by_form.copy()

    @renamed(keyword_only=("digits",))
    def summary(self, *, digits: int = 3) -> str:
        """A printable report; also what ``str()`` shows."""
        left = f"\nForms not assessed (no requirement given): {', '.join(self.not_assessed)}" \
            if self.not_assessed else ""
        return (f"Dossier completeness ({len(self.records)} rewards, documents from {self.source})\n"
                + self.by_form.round(digits).to_string(index=False) + left)



def _flag(value: object, col: str) -> bool:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return False
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and float(value) in (0.0, 1.0):
        return bool(value)
    found = _BOOL.get(fold(str(value)))
    if found is None:
        raise InvalidCategoryError(f"Expected yes/no values but found {value!r}.",
                                   fix="Write 1/0, Có/Không, x or true/false (blank = not in the dossier).",
                                   column=col)
    return found


def _listed(value: object) -> set[str]:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return set()
    items = value if isinstance(value, (list, tuple, set, frozenset)) else _SPLIT.split(str(value))
    return {header_key(str(v)) for v in items if header_key(str(v))}


def dossier_completeness(rewards: pd.DataFrame, *, required: Mapping[str, Sequence[str]] | None = None,
                         documents_col: str | None = None, prefix: str = "doc_") -> DossierResult:
    """Share of required documents present in each reward dossier, and complete dossiers per form.

    Parameters
    ----------
    rewards : DataFrame
        The ``rewards`` table with ``form`` and a record of documents: yes/no columns named
        ``<prefix><document>`` (e.g. ``doc_to_trinh``), or ``documents_col``.
    required : mapping of str to list of str, optional
        Form code -> documents its dossier must hold (names as in the column suffixes or lists;
        case, accents and punctuation are ignored).  Forms not in the mapping are not assessed.
        Default (only with ``doc_*`` columns): every ``doc_*`` column is required for every form.
    documents_col : str, optional
        A column listing the documents present, as a list or text separated by ``;`` ``,`` ``|``
        or new lines.  Needs ``required``.
    prefix : str, default 'doc_'
        Prefix of the document columns.

    Returns
    -------
    DossierResult

    Raises
    ------
    MissingColumnError
        If the table records no documents (no ``doc_*`` columns and no ``documents_col``), or a
        required document has no column.

    Notes
    -----
    For record *i* with required set :math:`Q_{f(i)}` and present set :math:`P_i`:
    share present :math:`= |P_i \\cap Q_{f(i)}| / |Q_{f(i)}|`, complete if it equals 1.  Per form:
    the mean share present and the share of complete dossiers.  A blank document cell counts as
    absent.  What a dossier must contain is set by Decree 98/2023/ND-CP and changes with the
    rules; that is why ``required`` is a parameter, not a table built in.

    Examples
    --------
    >>> rw = pd.DataFrame({"form": ["giay_khen", "giay_khen", "bang_khen_tinh"],
    ...                    "doc_to_trinh": [1, 1, 1], "doc_bao_cao_thanh_tich": [1, 0, 1],
    ...                    "doc_bien_ban_hoi_dong": [0, 0, 1]})
    >>> req = {"giay_khen": ["to_trinh", "bao_cao_thanh_tich"],
    ...        "bang_khen_tinh": ["to_trinh", "bao_cao_thanh_tich", "bien_ban_hoi_dong"]}
    >>> dossier_completeness(rw, required=req).by_form
                 form  n  mean_share_present  n_complete  share_complete
    0  bang_khen_tinh  1                1.00           1             1.0
    1       giay_khen  2                0.75           1             0.5
    """
    _require(rewards, ["form"])
    doc_cols = {header_key(c[len(prefix):]): c for c in rewards.columns
                if isinstance(c, str) and c.startswith(prefix)}
    if documents_col is not None:
        _require(rewards, [documents_col])
        if required is None:
            raise InvalidParameterError("The 'required' parameter of dossier_completeness is needed with "
                                        "documents_col: give the documents each form requires, e.g. "
                                        "required={'giay_khen': ['to trinh', 'bao cao thanh tich']}.")
        present = [_listed(v) for v in rewards[documents_col]]
        source = "list"
    elif doc_cols:
        flags = {k: [_flag(v, c) for v in rewards[c]] for k, c in doc_cols.items()}
        present = [{k for k in flags if flags[k][i]} for i in range(len(rewards))]
        source = "columns"
    else:
        raise MissingColumnError(
            "The rewards table does not record the documents in each dossier, so completeness cannot be computed.",
            fix=f"Add one yes/no column per document named '{prefix}<document>' (e.g. '{prefix}to_trinh', "
                f"'{prefix}bao_cao_thanh_tich', 1 = in the dossier), or a column listing the documents present "
                "and pass its name as documents_col=..., with required={form: [documents]}.", column=prefix + "*")
    req = {f: list(doc_cols) for f in rewards["form"].dropna().unique()} if required is None else required
    req = {str(f): [header_key(str(d)) for d in docs] for f, docs in req.items()}
    if source == "columns":
        unknown = sorted({d for docs in req.values() for d in docs} - set(doc_cols))
        if unknown:
            raise MissingColumnError(f"Required documents with no '{prefix}' column: {unknown}.",
                                     fix=f"Add the columns or correct 'required'; found: {sorted(doc_cols)}.",
                                     column=prefix + unknown[0])
    forms = rewards["form"].astype("string")
    rows, by_doc = [], []
    for pos, (idx, form) in enumerate(forms.items()):
        if pd.isna(form) or form not in req:
            continue
        need = req[form]
        have = [d for d in need if d in present[pos]]
        rows.append(dict(index=idx, form=form, n_required=len(need), n_present=len(have),
                         share_present=len(have) / len(need) if need else np.nan, complete=len(have) == len(need),
                         missing="; ".join(d for d in need if d not in have)))
        by_doc.extend(dict(form=form, document=d, present=d in have) for d in need)
    records = pd.DataFrame(rows, columns=["index", "form", "n_required", "n_present", "share_present", "complete",
                                          "missing"]).set_index("index").rename_axis(rewards.index.name)
    by_form = (records.groupby("form", sort=True)
               .agg(n=("complete", "size"), mean_share_present=("share_present", "mean"),
                    n_complete=("complete", "sum"), share_complete=("complete", "mean")).reset_index())
    by_document = (pd.DataFrame(by_doc, columns=["form", "document", "present"])
                   .groupby(["form", "document"], sort=True)
                   .agg(n=("present", "size"), share_present=("present", "mean")).reset_index())
    left = tuple(sorted(set(forms.dropna()) - set(req)))
    return DossierResult(records=records, by_form=by_form, by_document=by_document, not_assessed=left,
                         source=source)
