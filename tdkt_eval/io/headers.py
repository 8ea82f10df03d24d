"""Find the header row of a sheet and map its headers onto contract columns.

Council spreadsheets often open with title rows ("UBND TỈNH ...", "DANH SÁCH
KHEN THƯỞNG NĂM 2023") above the real header, and write headers in Vietnamese
with or without diacritics.  Matching ignores case, accents, punctuation and,
as a second try, anything in brackets ("Tổng điểm (điểm)").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import DuplicateColumnError
from .._messages import Text
from .contracts import Table
from .text import header_key

__all__ = ["HeaderMap", "alias_index", "match_header", "find_header_row", "header_cells", "map_headers"]

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


def match_header(header: str, index: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """The (column, priority) a header names in ``index`` (:func:`alias_index`), brackets dropped as a second try."""
    return index.get(header_key(header)) or index.get(header_key(header, drop_parenthesised=True))


def _filled(cell: object) -> bool:
    return cell is not None and bool(str(cell).strip())


def _hits(headers: list[str | None], index: dict[str, tuple[str, int]]) -> int:
    return len({m[0] for h in headers if h and (m := match_header(h, index))})


_NOT_A_HEADER = re.compile(r"[\d\s.,:/()\-]+")  # numbers, dates, column numbers "(1)"


def _header_like(row: tuple[object, ...]) -> bool:
    """True if every filled cell is text that is not a number or a date (a data row is not)."""
    cells = [c for c in row if _filled(c)]
    return bool(cells) and all(isinstance(c, str) and not _NOT_A_HEADER.fullmatch(c.strip()) for c in cells)


def _carry_parents(upper: list[object], lower: list[object]) -> list[object]:
    """Spread a merged parent cell ("Quyết định") over the empty cells to its right that have a child."""
    out, parent = list(upper), None
    for j, cell in enumerate(upper):
        if _filled(cell):
            parent = cell if _filled(lower[j]) else None  # a parent spans children; a lone cell does not
        elif parent is not None and _filled(lower[j]):
            out[j] = parent
        else:
            parent = None
    return out


def _combine(upper: object, lower: object, index: dict[str, tuple[str, int]]) -> str | None:
    if not _filled(upper):
        return str(lower).strip() if _filled(lower) else None
    if not _filled(lower):
        return str(upper).strip()
    top, sub = str(upper).strip(), str(lower).strip()
    for candidate in (f"{top} {sub}", f"{sub} {top}", sub, top):
        if match_header(candidate, index):
            return candidate
    return f"{top} {sub}"


def header_cells(rows: Sequence[Sequence[object]], start: int, depth: int, table: Table) -> list[str | None]:
    """The header of each column, from one row or from two rows combined.

    With two rows, a merged parent ("Quyết định") is carried over the empty
    cells to its right (openpyxl reads a merged range as its first cell and
    blanks), and each parent/child pair becomes one header: "Quyết định Số",
    else "Số Quyết định", else the child or the parent alone, whichever is a
    contract header; "parent child" when none is.

    Examples
    --------
    >>> from tdkt_eval.io.contracts import get_table
    >>> rows = [("STT", "Quyết định", None, "Đơn vị"), (None, "Số", "Ngày", None)]
    >>> header_cells(rows, 0, 2, get_table("rewards"))
    ['STT', 'Quyết định Số', 'Ngày Quyết định', 'Đơn vị']
    """
    width = max(len(r) for r in rows[start:start + depth])
    upper = list(rows[start]) + [None] * (width - len(rows[start]))
    if depth == 1:
        return [str(c).strip() if _filled(c) else None for c in upper]
    lower = list(rows[start + 1]) + [None] * (width - len(rows[start + 1]))
    index = alias_index(table)
    return [_combine(u, v, index) for u, v in zip(_carry_parents(upper, lower), lower)]


def find_header_row(rows: Sequence[Sequence[object]], table: Table, start: int | None = None) -> tuple[int, int]:
    """Where the header is: its first row (0-based) and how many rows (1 or 2) it spans.

    Each of the first 30 rows is scored by how many contract columns its cells
    match, alone and combined with the row below (see :func:`header_cells`); the
    pair is taken only when it matches more columns than either row alone and
    the lower row holds no numbers or dates.  The first non-empty row is
    returned when nothing matches, so that the missing-column error can list
    what the file does have.  With ``start`` given, only the depth is chosen.

    Examples
    --------
    >>> from tdkt_eval.io.contracts import get_table
    >>> rows = [("DANH SÁCH KHEN THƯỞNG", None, None), (),
    ...         ("Quyết định", None, "Mã đơn vị"), ("Số", "Ngày", None), ("1/QĐ", "12/3/2023", "U1")]
    >>> find_header_row(rows, get_table("rewards"))
    (2, 2)
    """
    index = alias_index(table)
    candidates = range(min(len(rows), _HEADER_SEARCH_ROWS)) if start is None else (start,)
    best, best_hits = None, 0
    for i in candidates:
        if not any(_filled(c) for c in rows[i]):
            continue
        best = (i, 1) if best is None else best
        alone = _hits(header_cells(rows, i, 1, table), index)
        pair = 0
        if i + 1 < len(rows) and _header_like(rows[i + 1]):
            below = _hits(header_cells(rows, i + 1, 1, table), index)
            pair = _hits(header_cells(rows, i, 2, table), index)
            pair = pair if pair > max(alone, below) else 0
        for depth, hits in ((1, alone), (2, pair)):
            if hits > best_hits:
                best, best_hits = (i, depth), hits
    if best is None:
        return (0 if start is None else start, 1)
    return best


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


def map_headers(headers: list[str], table: Table, *, source: str, sheet: str | None = None) -> HeaderMap:
    """Map headers to contract columns; the most specific alias wins a conflict.

    Parameters
    ----------
    headers : list of str
        The header cells as written.
    table : Table
        The contract.
    source : str
        The file, named in errors.
    sheet : str, optional
        The workbook sheet, named in errors.

    Raises
    ------
    DuplicateColumnError
        When two headers are the same after folding, or match the same column
        equally well.

    Examples
    --------
    >>> from tdkt_eval.io.contracts import get_table
    >>> map_headers(["Mã đơn vị", "Năm"], get_table("rewards"), source="kt.csv").original
    {'unit_id': 'Mã đơn vị', 'year': 'Năm'}
    >>> map_headers(["Năm", "NĂM"], get_table("rewards"), source="kt.csv")
    Traceback (most recent call last):
    ...
    tdkt_eval.errors.DuplicateColumnError: File 'kt.csv': The headers 'Năm' and 'NĂM' are the same column \
twice. Fix: Delete or rename one of the two columns.
    """
    seen: dict[str, str] = {}
    for header in headers:
        key = header_key(header)
        if key and key in seen:
            raise DuplicateColumnError(
                Text("The headers '{first}' and '{second}' are the same column twice.",
                     "Hai tiêu đề '{first}' và '{second}' là một cột bị lặp lại.",
                     {"first": seen[key], "second": header}),
                source=source, sheet=sheet,
                fix=Text("Delete or rename one of the two columns.", "Xóa hoặc đổi tên một trong hai cột."),
            )
        seen[key] = header
    index = alias_index(table)
    claims: dict[str, tuple[int, int]] = {}  # column -> (priority, position)
    for pos, header in enumerate(headers):
        match = match_header(header, index)
        if match is None:
            continue
        column, priority = match
        if column in claims and claims[column][0] == priority:
            other = headers[claims[column][1]]
            raise DuplicateColumnError(
                Text("Both '{other}' and '{header}' could be the column '{column}'.",
                     "Cả '{other}' và '{header}' đều có thể là cột '{column}'.",
                     {"other": other, "header": header, "column": column}),
                source=source, sheet=sheet,
                fix=Text("Rename the one that is not '{column}'.",
                         "Đổi tên cột nào không phải là '{column}'.", {"column": column}),
            )
        if column not in claims or priority < claims[column][0]:
            claims[column] = (priority, pos)
    names = list(headers)
    for column, (_, pos) in claims.items():
        names[pos] = column
    return HeaderMap(names=tuple(names), original={c: headers[p] for c, (_, p) in claims.items()})
