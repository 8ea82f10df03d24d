"""Find the header row of a sheet and map its headers onto contract columns.

Council spreadsheets often open with title rows ("UBND TỈNH ...", "DANH SÁCH
KHEN THƯỞNG NĂM 2023") above the real header, and write headers in Vietnamese
with or without diacritics.  Matching ignores case, accents, punctuation and,
as a second try, anything in brackets ("Tổng điểm (điểm)").
"""

from __future__ import annotations

from dataclasses import dataclass

from .._validation import DuplicateColumnError
from .contracts import Table
from .text import header_key

__all__ = ["HeaderMap", "alias_index", "find_header_row", "map_headers"]

_HEADER_SEARCH_ROWS = 30


def alias_index(table: Table) -> dict[str, tuple[str, int]]:
    """Header key → (column, priority); the canonical name has priority 0.

    Examples
    --------
    >>> from tdkt_eval.io.contracts import get_table
    >>> alias_index(get_table("rewards"))["so quyet dinh"]
    ('decision_no', 1)
    """
    index: dict[str, tuple[str, int]] = {}
    for col in table.columns:
        for priority, spelling in enumerate((col.name, *col.aliases)):
            index.setdefault(header_key(spelling), (col.name, priority))
            index.setdefault(header_key(spelling.replace("_", " ")), (col.name, priority))
    return index


def _match(header: str, index: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    return index.get(header_key(header)) or index.get(header_key(header, drop_parenthesised=True))


def find_header_row(rows: tuple[tuple[object, ...], ...], table: Table) -> int:
    """Index of the row (among the first 30) whose cells match most contract columns.

    The first non-empty row is returned when no row matches any column, so that
    the missing-column error can list what the file does have.
    """
    index = alias_index(table)
    best, best_hits = None, 0
    for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        cells = [str(c) for c in row if c is not None and str(c).strip()]
        if not cells:
            continue
        if best is None:
            best = i
        hits = len({m[0] for c in cells if (m := _match(c, index))})
        if hits > best_hits:
            best, best_hits = i, hits
    return 0 if best is None else best


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """How each header position of a file maps to a column name.

    Attributes
    ----------
    names : tuple of str
        Final column name for each position: the contract name where a header
        matched, otherwise the header itself (NFC).
    original : dict
        Contract column → the header as written in the file (for messages).
    """

    names: tuple[str, ...]
    original: dict[str, str]


def map_headers(headers: list[str], table: Table, *, source: str) -> HeaderMap:
    """Map headers to contract columns; the most specific alias wins a conflict.

    Raises
    ------
    DuplicateColumnError
        When two headers are the same after folding, or match the same column
        equally well.
    """
    seen: dict[str, str] = {}
    for header in headers:
        key = header_key(header)
        if key and key in seen:
            raise DuplicateColumnError(
                f"The headers '{seen[key]}' and '{header}' are the same column twice.",
                source=source, fix="Delete or rename one of the two columns.",
            )
        seen[key] = header
    index = alias_index(table)
    claims: dict[str, tuple[int, int]] = {}  # column -> (priority, position)
    for pos, header in enumerate(headers):
        match = _match(header, index)
        if match is None:
            continue
        column, priority = match
        if column in claims and claims[column][0] == priority:
            other = headers[claims[column][1]]
            raise DuplicateColumnError(
                f"Both '{other}' and '{header}' could be the column '{column}'.",
                source=source, fix=f"Rename the one that is not '{column}'.",
            )
        if column not in claims or priority < claims[column][0]:
            claims[column] = (priority, pos)
    names = list(headers)
    for column, (_, pos) in claims.items():
        names[pos] = column
    return HeaderMap(names=tuple(names), original={c: headers[p] for c, (_, p) in claims.items()})
