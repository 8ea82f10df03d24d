"""Disclosure control for published tables: small-cell suppression and formula escaping.

A cell that describes fewer than ``k_min`` respondents (or people) is not shown: a
reader who knows the unit could otherwise recognise the person behind it.  In a
table with totals one suppressed cell can be recovered by subtraction, so a second
cell in the same row or column is suppressed too (complementary suppression).

Suppression protects people, so only counts of people trigger it.  A table says what
each count column counts (:data:`PEOPLE` or :data:`THINGS`): three reward decisions,
three dossiers breaking a rule or three units are published as they are; decisions
are public acts and a count of records describes no respondent.

Cells exported to CSV or Excel that start with ``=``, ``+``, ``-`` or ``@`` would be
run as formulas by a spreadsheet; they are prefixed with an apostrophe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import InvalidParameterError

__all__ = ["SUPPRESSED", "PEOPLE", "THINGS", "check_k_min", "people_counts", "suppress_rows", "suppress_counts",
           "escape_formulas"]

SUPPRESSED = "<{k}"
#: What a count column may count, when it counts people: small counts are suppressed.
PEOPLE = frozenset({"respondents", "persons"})
#: What a count column may count, when it counts things: small counts are shown.
THINGS = frozenset({"records", "decisions", "units", "files", "reports", "inspections"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_k_min(k_min: int) -> int:
    """Return ``k_min`` if it is an integer of at least 1, else raise InvalidParameterError."""
    if isinstance(k_min, bool) or not isinstance(k_min, (int, np.integer)) or k_min < 1:
        raise InvalidParameterError(f"The 'k_min' parameter must be an integer of at least 1. Got {k_min!r} instead.")
    return int(k_min)


def people_counts(counts: str | Sequence[str] | Mapping[str, str] | None) -> list[str]:
    """The count columns that count people, from a ``counts`` declaration.

    ``counts`` maps each count column to what it counts, one of :data:`PEOPLE` or
    :data:`THINGS`; a bare column name (or list of names) is a count of people.

    Examples
    --------
    >>> people_counts({"respondents": "respondents", "records": "records"})
    ['respondents']
    >>> people_counts("n"), people_counts(None)
    (['n'], [])
    """
    if counts is None:
        return []
    if isinstance(counts, str):
        return [counts]
    if not isinstance(counts, Mapping):
        return list(counts)
    unknown = {of for of in counts.values() if of not in PEOPLE | THINGS}
    if unknown:
        raise InvalidParameterError(f"The 'counts' parameter must map each count column to what it counts, one of "
                                    f"{sorted(PEOPLE | THINGS)}. Got {sorted(unknown)!r} instead.")
    return [col for col, of in counts.items() if of in PEOPLE]


def suppress_rows(frame: pd.DataFrame, counts: str | Sequence[str] | Mapping[str, str], k_min: int,
                  columns: Sequence[str] | None = None, *, parts_of: str | None = None) -> tuple[pd.DataFrame, int]:
    """Blank the statistics of rows that rest on fewer than ``k_min`` people.

    Parameters
    ----------
    frame : DataFrame
        One row per group (district, unit, category …).
    counts : str, sequence of str, or mapping of str to str
        The count columns, each mapped to what it counts: ``"respondents"`` or
        ``"persons"`` (:data:`PEOPLE`), or ``"records"``, ``"decisions"``,
        ``"units"``, ``"files"``, ``"reports"``, ``"inspections"`` (:data:`THINGS`).
        A bare name or list of names counts people. A row is suppressed if a
        count of people is below ``k_min``; those counts are replaced by the
        marker ``"<k_min"``. Counts of things never cause a suppression.
    k_min : int
        Smallest number of people a published cell may describe.
    columns : sequence of str, optional
        Columns to blank in suppressed rows; default every column that is not
        text (labels stay, so the reader sees which group was suppressed).

    Returns
    -------
    (DataFrame, int)
        A copy with suppressed cells set to the marker, and the number of rows suppressed.

    Examples
    --------
    >>> t = pd.DataFrame({"district": ["A", "B"], "n": [12, 3], "mean": [3.2, 4.9]})
    >>> out, n = suppress_rows(t, "n", 5)
    >>> out.to_dict("list"), n
    ({'district': ['A', 'B'], 'n': [12, '<5'], 'mean': [3.2, '<5']}, 1)

    Shares of one variable add up to 1, so one hidden part would be given away by the others:

    >>> t = pd.DataFrame({"by": ["gender"] * 2, "group": ["female", "male"], "n": [3, 40], "share": [0.07, 0.93]})
    >>> suppress_rows(t, "n", 5, parts_of="by")[0]["share"].tolist()
    ['<5', '<5']

    Three reward decisions identify nobody, so a count of records stays:

    >>> t = pd.DataFrame({"form": ["Huân chương", "Giấy khen"], "records": [3, 140], "median_days": [90, 32]})
    >>> suppress_rows(t, {"records": "records"}, 5)[1]
    0
    """
    k_min = check_k_min(k_min)
    counts = people_counts(counts)
    small = np.zeros(len(frame), dtype=bool)
    sizes = np.full(len(frame), np.inf)
    for col in counts:
        values = pd.to_numeric(frame[col], errors="coerce").fillna(0).to_numpy()
        small |= values < k_min
        sizes = np.minimum(sizes, values)
    if parts_of is not None:
        for rows in frame.groupby(parts_of, sort=False).indices.values():
            if small[rows].sum() == 1 and len(rows) > 1:
                rest = rows[~small[rows]]
                small[rest[np.argmin(sizes[rest])]] = True
    if columns is None:
        columns = [c for c in frame.columns if c in counts or pd.api.types.is_numeric_dtype(frame[c])]
    out = frame.copy()
    if small.any():
        marker = SUPPRESSED.format(k=k_min)
        for col in columns:
            out[col] = out[col].astype(object)
            out.loc[small, col] = marker
    return out, int(small.sum())


def _complementary(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Add suppressions until no row or column has exactly one suppressed cell."""
    mask = mask.copy()
    changed = True
    while changed:
        changed = False
        for axis_mask, axis_values in ((mask, values), (mask.T, values.T)):
            for line, vals in zip(axis_mask, axis_values):
                if line.sum() == 1 and (~line).any():
                    candidates = np.where(~line, vals, np.inf)
                    line[int(np.argmin(candidates))] = True
                    changed = True
    return mask


def suppress_counts(table: pd.DataFrame, k_min: int, *, totals: bool = True) -> tuple[pd.DataFrame, int]:
    """Suppress small cells of a count table (e.g. a crosstab), with complementary suppression.

    Parameters
    ----------
    table : DataFrame
        Counts only (labels in the index). Zero cells are shown: a zero
        identifies nobody.
    k_min : int
        Cells with 1 to ``k_min - 1`` people are suppressed.
    totals : bool, default True
        The last row and column are margins: they are never suppressed
        themselves, and a second cell is suppressed wherever one suppressed
        cell could be recovered from them.

    Returns
    -------
    (DataFrame, int)
        The table with suppressed cells as ``"<k_min"`` and the number suppressed.

    Examples
    --------
    >>> t = pd.DataFrame({"nam": [10, 2, 12], "nữ": [8, 9, 17], "tổng": [18, 11, 29]},
    ...                  index=["lãnh đạo", "trực tiếp", "tổng"])
    >>> out, n = suppress_counts(t, 5)
    >>> out.loc["trực tiếp"].tolist(), n
    (['<5', '<5', 11], 4)

    Suppressing the 2 forces the 9 (row total); then each column has one hidden cell that
    its total would reveal, so the leaders' cells go too:

    >>> out.loc["lãnh đạo"].tolist()
    ['<5', '<5', 18]
    """
    k_min = check_k_min(k_min)
    inner = table.iloc[:-1, :-1] if totals else table
    values = inner.to_numpy(dtype=float)
    mask = (values > 0) & (values < k_min)
    if totals and mask.any():
        mask = _complementary(mask, values)
    out = table.astype(object).copy()
    marker = SUPPRESSED.format(k=k_min)
    rows, cols = np.nonzero(mask)
    for r, c in zip(rows, cols):
        out.iat[r, c] = marker
    return out, int(mask.sum())


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe.

    Numbers stay numbers (a negative number is not a formula); column names are
    escaped as well.

    Examples
    --------
    >>> t = pd.DataFrame({"ghi chú": ["=HYPERLINK(\\"x\\")", "@SUM(A1)", "bình thường"], "gap": [-0.2, 0.1, 0.0]})
    >>> escape_formulas(t)["ghi chú"].tolist()
    ['\\'=HYPERLINK("x")', "'@SUM(A1)", 'bình thường']
    >>> escape_formulas(t)["gap"].tolist()
    [-0.2, 0.1, 0.0]
    """
    def escape(value: object) -> object:
        return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = pd.Series([escape(v) for v in out[col]], index=out.index, dtype=object)
    out.columns = [escape(str(c)) if isinstance(c, str) else c for c in out.columns]
    return out
