"""The layouts offices use: where the table sits in a sheet and which rows are records.

A council workbook rarely starts at cell A1 with one header row.  Above the
table sit title rows ("UỶ BAN NHÂN DÂN TỈNH ...", "DANH SÁCH ĐỀ NGHỊ KHEN
THƯỞNG"); the header often spans two rows with merged parents ("Quyết định"
above "Số" and "Ngày") and a row of column numbers ("(1) (2) (3)") under it;
district subtotals and a grand total sit among the records; and notes and
signatures ("Người lập biểu", "THỦ TRƯỞNG ĐƠN VỊ") follow the last record.
:func:`_data_block` turns such a sheet into headers, record rows and their
spreadsheet row numbers, and warns (in Vietnamese and English) about every row
it leaves out.

Total rows are recognised by their shape, not by one word: their text cells
are only a total label ("Tổng cộng", "Cộng huyện A", "Tổng số: 12 đơn vị"),
their other cells are numbers or empty, and no id column (unit code, decision
number ...) is filled.  A unit really named "Công" or "Tổng" has its code and
other text filled, and stays a record.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..errors import DataQualityWarning, EmptyFileError, HeaderNotFoundError, MalformedFileError
from .._messages import RowList, Text
from .contracts import Table
from .distinct import Distinct
from .headers import _HEADER_SEARCH_ROWS, alias_index, find_header_row, header_cells, match_header
from .legacy import to_unicode
from .parsing import DEFAULT_MISSING, parse_number
from .readers import RawTable
from .text import fold

__all__: list[str] = []

#: A total or subtotal label, folded: "Tổng cộng", "TỔNG", "Tổng số: 12 đơn vị", "Cộng toàn tỉnh", "Total".
_TOTAL_LABEL = re.compile(r"(?:tong cong|tong so|tong|cong|total|grand total|sub\s?-?\s?total)(?:$|[\s:\-–(.,])")
#: Text beside a total label that is still part of it: "12 đơn vị", "(12 đơn vị)".
_COUNT_PHRASE = re.compile(r"\(?\d[\d.,]*\s*[^\d]{0,20}\)?")
#: A cell of the column-number row under a header: "(1)", "1", "[2]".
_COLUMN_NUMBER = re.compile(r"[(\[]?\s*(\d{1,2})\s*[)\]]?")
#: A section heading inside the table, folded: "I", "II. CÁ NHÂN", "A) KHỐI TỈNH" (its label may sit in the next cell).
_SECTION = re.compile(r"(?:[ivxl]{1,5}|[a-h])(?:\s*[.):\-–]\s*(?P<label>\S.*))?")
#: The first words of notes and signatures under a table, folded.
_NOTE_START = re.compile(
    r"[\s(\-–*+•]*(?:ghi chu|luu y|chu y|nguoi lap|lap bieu|noi nhan|thu truong|ky,? ghi ro|ky ten|ky va ghi"
    r"|ky, dong dau|xac nhan|giam doc|chu tich|truong ban|truong phong|ke toan|nguoi duyet|t/?m\b|tm\.|kt\.?\b"
    r"|luu\b|nhu tren|duyet)"
)
#: A place-and-date line: "An Giang, ngày 12 tháng 3 năm 2024", "ngày ... tháng ... năm ...".
_DATE_LINE = re.compile(r"ngay\s*[\d.…_ ]*\s*thang\s*[\d.…_ ]*\s*nam")


# ---------------------------------------------------------------- cells
def _empty(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and cell != cell:
        return True
    return isinstance(cell, str) and fold(cell) in DEFAULT_MISSING


def _blank_text(cell: object) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _is_number(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float, np.integer, np.floating)):
        return True
    if isinstance(cell, str):
        try:
            parse_number(cell, convention="vi")  # either reading will do: is it a number at all?
        except Exception:
            return False
        return True
    return False


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    """Folded text of a cell, after repairing TCVN3/VNI text so that a legacy "Tæng céng" is found too."""
    return fold(text if text.isascii() else to_unicode(text))


# ---------------------------------------------------------------- header and column-number rows
def _column_number_row(row: list[object]) -> bool:
    """True for the row of column numbers under a header: "(1) (2) (3)" or "1 2 3 4", in order."""
    numbers = []
    for cell in row:
        if _empty(cell) or _blank_text(cell):
            continue
        if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer():
            numbers.append(int(cell))
        elif isinstance(cell, str) and (m := _COLUMN_NUMBER.fullmatch(cell.strip())):
            numbers.append(int(m.group(1)))
        else:
            return False
    return len(numbers) >= 3 and all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def _contract_columns(headers: list[str | None], table: Table) -> list[str | None]:
    index = alias_index(table)
    return [m[0] if h and (m := match_header(h, index)) else None for h in headers]


def _id_positions(headers: list[str | None], table: Table) -> set[int]:
    """Positions of the id columns (unit code, decision number ...), which a record fills and a total does not.

    Only columns of type id: a key may include categories and the year, which a
    subtotal row can carry too.
    """
    ids = {c.name for c in table.columns if c.dtype == "id"}
    return {j for j, name in enumerate(_contract_columns(headers, table)) if name in ids}


# ---------------------------------------------------------------- notes under the table
def _note_text(cell: object) -> bool:
    if not isinstance(cell, str):
        return False
    text = _folded(cell.strip())
    return bool(_NOTE_START.match(text) or _DATE_LINE.search(text))


def _note_like(row: list[object], ids: set[int]) -> bool:
    """A row of notes or signatures: a few text cells and no id, or only note wording."""
    filled = [(j, c) for j, c in enumerate(row) if not (_empty(c) or _blank_text(c))]
    if not filled or any(not isinstance(c, str) or _is_number(c) for _, c in filled):
        return False
    if all(_note_text(c) for _, c in filled):
        return True
    return len(filled) <= 2 and not any(j in ids for j, _ in filled)


def _cut_notes(body: _Body, keep: np.ndarray, blank: np.ndarray, ids: set[int], label: str) -> np.ndarray:
    """Cut the notes and signatures after the last record (after a blank row, or opening with note wording)."""
    k = len(keep)
    while k > 0 and (blank[keep[k - 1]] or _note_like(body.row(keep[k - 1]), ids)):
        k -= 1
    tail = [i for i in range(k, len(keep)) if not blank[keep[i]]]
    if k == 0 or not tail:
        return keep
    after_blank = blank[keep[k]] or blank[keep[k - 1]]
    if not (after_blank or any(_note_text(c) for c in body.row(keep[tail[0]]))):
        return keep
    rows = body.numbers[keep[tail]]
    warnings.warn(DataQualityWarning(Text(
        "{label}: ignored {n} row(s) of notes or signatures under the table (rows {rows}).",
        "{label}: đã bỏ qua {n} dòng ghi chú hoặc chữ ký dưới bảng (dòng {rows}).",
        {"label": label, "n": len(rows), "rows": RowList(rows)})), stacklevel=4)
    return keep[:k]


# ---------------------------------------------------------------- section headings
def _is_section(row: list[object], ids: set[int]) -> bool:
    """A heading such as "I | CÁ NHÂN" or "II. TẬP THỂ": an enumerator and a label, nothing else.

    The label often sits in an id column (decision number, unit code); a code has digits, a label does not.
    """
    filled = [(j, c) for j, c in enumerate(row) if not (_empty(c) or _blank_text(c))]
    if not 1 <= len(filled) <= 2 or any(not isinstance(c, str) or _is_number(c) for _, c in filled):
        return False
    if any(j in ids and any(ch.isdigit() for ch in c) for j, c in filled):
        return False
    m = _SECTION.fullmatch(_folded(filled[0][1].strip()))
    if m is None or (m.group("label") is None and filled[0][0] in ids):
        return False  # a bare "II" or "A" in an id column is a record's code (movement II, unit A)
    return m.group("label") is not None or len(filled) == 2


def _drop_sections(body: _Body, keep: np.ndarray, ids: set[int], label: str) -> np.ndarray:
    """Leave out section headings; only rows of one or two filled cells can be one."""
    few = keep[body.filled_count[keep] <= 2]
    heading = np.array([_is_section(body.row(i), ids) for i in few], dtype=bool)
    section = np.isin(keep, few[heading]) if heading.any() else np.zeros(len(keep), dtype=bool)
    if not section.any() or section.all():
        return keep
    warnings.warn(DataQualityWarning(Text(
        "{label}: skipped {n} section heading row(s) inside the table (rows {rows}).",
        "{label}: đã bỏ qua {n} dòng tiêu đề nhóm trong bảng (dòng {rows}).",
        {"label": label, "n": int(section.sum()), "rows": RowList(body.numbers[keep[section]])})), stacklevel=4)
    return keep[~section]


# ---------------------------------------------------------------- total rows
def _is_total(row: list[object], ids: set[int]) -> bool:
    """A total label, then only numbers or empty cells, and no id filled."""
    label = False
    for j, cell in enumerate(row):
        if _empty(cell) or _blank_text(cell):
            continue
        if _is_number(cell):
            if j in ids:
                return False
            continue
        if not isinstance(cell, str):
            return False  # a date or a flag: a record
        text = _folded(cell.strip())
        if _TOTAL_LABEL.match(text):
            label = True
        elif j in ids or not _COUNT_PHRASE.fullmatch(text):
            return False
    return label


def _drop_totals(body: _Body, keep: np.ndarray, ids: set[int], label: str) -> np.ndarray:
    """Leave out total rows; only rows with a total label can be one."""
    labelled = keep[body.total_label[keep]]
    found = np.array([_is_total(body.row(i), ids) for i in labelled], dtype=bool)
    if not found.any():
        return keep
    total = np.isin(keep, labelled[found])
    rows = body.numbers[keep[total]]
    if total.all():
        raise EmptyFileError(
            Text("The file has no data rows, only totals (rows {rows}).",
                 "Tệp không có dòng dữ liệu nào, chỉ có dòng tổng (dòng {rows}).", {"rows": RowList(rows)}),
            source=label, fix=Text("Add the records below the header.", "Nhập các hồ sơ vào dưới dòng tiêu đề."))
    warnings.warn(DataQualityWarning(Text(
        "{label}: dropped total row(s) {rows} (they are sums, not records).",
        "{label}: đã bỏ dòng tổng {rows} (đó là dòng cộng, không phải hồ sơ).",
        {"label": label, "rows": RowList(rows)})), stacklevel=4)
    return keep[~total]


# ---------------------------------------------------------------- the data block
class _Body:
    """The rows under the header, column by column, with the per-row facts the layout rules need.

    Each fact is computed once per distinct cell and spread to the rows by
    the column's codes; only the few rows that may be a note, a heading or a
    total are looked at one by one.
    """

    def __init__(self, columns: Sequence[Distinct], numbers: np.ndarray) -> None:
        self.columns, self.numbers = list(columns), numbers
        n = len(numbers)
        self.blank = np.ones(n, dtype=bool)
        self.filled_count = np.zeros(n, dtype=np.int32)
        self.total_label = np.zeros(n, dtype=bool)
        self.kinds = [[_cell_kind(v) for v in column.values] for column in self.columns]
        for column, kinds in zip(self.columns, self.kinds):
            self.blank &= column.mask([k == _BLANK for k in kinds])
            self.filled_count += column.mask([k >= _FILLED for k in kinds])
            self.total_label |= column.mask([k == _TOTAL for k in kinds])

    def row(self, i: int) -> list[object]:
        return [c.values[c.codes[i]] for c in self.columns]

    def filled_rows(self, j: int) -> np.ndarray:
        """Positions of the rows whose cell in column ``j`` holds something."""
        return self.columns[j].rows_where([k != _BLANK for k in self.kinds[j]])


#: What a cell is to the layout rules: blank (None, "" or spaces); empty (a missing code such as "-");
#: filled; filled with a total label ("Tổng cộng").
_BLANK, _EMPTY, _FILLED, _TOTAL = range(4)


def _cell_kind(cell: object) -> int:
    if not isinstance(cell, str):
        return _BLANK if cell is None else _EMPTY if _empty(cell) else _FILLED
    text = cell.strip()
    if not text:
        return _BLANK
    if (len(text) <= _LONGEST_MISSING or not text.isascii()) and _empty(cell):
        return _EMPTY
    if text[0] in _TOTAL_INITIALS and not _is_number(cell) and _TOTAL_LABEL.match(_folded(text)):
        return _TOTAL
    return _FILLED


#: A missing-value code is short (folding ASCII text only lowers it and narrows its spaces), and a total label
#: starts with one of these letters ("Tổng", "Cộng", "Total").
_LONGEST_MISSING = max(map(len, DEFAULT_MISSING))
_TOTAL_INITIALS = frozenset("TtCcGgSs")


def _check_content(raw: RawTable, header_row: int | None) -> None:
    if not any(any(v not in (None, "") for v in c.values) for c in raw.columns):
        raise EmptyFileError(Text("The file has no cells with content.", "Tệp không có ô nào có nội dung."),
                             source=raw.label, fix=Text("Export the table again; the saved file is empty.",
                                                        "Xuất lại bảng; tệp đã lưu bị trống."))
    if header_row is not None and not 1 <= header_row <= raw.n_rows:
        raise HeaderNotFoundError(
            Text("header_row={row} is outside the file, which has {n} rows.",
                 "header_row={row} nằm ngoài tệp, tệp chỉ có {n} dòng.", {"row": header_row, "n": raw.n_rows}),
            source=raw.label, fix=Text("Give the spreadsheet row number of the header, or leave header_row out.",
                                       "Ghi số dòng của dòng tiêu đề trong bảng tính, hoặc bỏ header_row."))


def _data_block(raw: RawTable, table: Table, header_row: int | None) -> tuple[list[str], list[Distinct], np.ndarray]:
    """Split raw cells into headers, record columns and the spreadsheet row number of each record.

    Finds the header (one row or two, see :func:`.headers.find_header_row`),
    skips a column-number row under it, cuts notes and signatures under the
    table, skips blank rows and section headings ("I | CÁ NHÂN"), drops total
    and subtotal rows, and removes empty
    header-less columns.  Warns about every row it leaves out.
    """
    _check_content(raw, header_row)
    top = raw.head(max(_HEADER_SEARCH_ROWS, header_row or 0) + 1)
    start, depth = find_header_row(top, table, None if header_row is None else header_row - 1)
    first_record = start + depth
    width = int(max(raw.widths[start:first_record].max(initial=0), raw.widths[first_record:].max(initial=0)))
    headers = header_cells(top, start, depth, table)
    headers += [None] * (width - len(headers))
    body = _Body([c.subset(slice(first_record, None)) for c in raw.columns[:width]],
                 np.arange(first_record + 1, raw.n_rows + 1))
    keep = np.arange(len(body.numbers))
    filled = np.flatnonzero(~body.blank)
    if filled.size and _column_number_row(body.row(filled[0])):
        keep = keep[filled[0] + 1:]
    ids = _id_positions(headers, table)
    keep = _cut_notes(body, keep, body.blank, ids, raw.label)
    keep = keep[~body.blank[keep]]
    if not keep.size:
        raise EmptyFileError(
            Text("The file has a header (row {row}) but no data rows.",
                 "Tệp có dòng tiêu đề (dòng {row}) nhưng không có dòng dữ liệu nào.", {"row": start + 1}),
            source=raw.label, fix=Text("Add the data below the header, or check that you chose the right sheet.",
                                       "Nhập dữ liệu vào dưới dòng tiêu đề, hoặc kiểm tra lại đã chọn đúng trang tính chưa."))
    keep = _drop_sections(body, keep, ids, raw.label)
    keep = _drop_totals(body, keep, ids, raw.label)
    named = _named_columns(body, keep, headers, raw.label)
    columns = [body.columns[j] if len(keep) == len(body.numbers) else body.columns[j].subset(keep) for j in named]
    return [headers[j] for j in named], columns, body.numbers[keep]


def _named_columns(body: _Body, keep: np.ndarray, headers: list[str | None], label: str) -> list[int]:
    """The positions of the columns to keep: header-less columns that are empty go, ones that hold values are refused."""
    named = []
    for j, header in enumerate(headers):
        if header is not None:
            named.append(j)
            continue
        filled = body.filled_rows(j)
        filled = filled[np.isin(filled, keep)]
        if filled.size:
            raise MalformedFileError(
                Text("Column {col} has values but no header (rows {rows}).",
                     "Cột {col} có giá trị nhưng không có tiêu đề (dòng {rows}).",
                     {"col": j + 1, "rows": RowList(body.numbers[filled], limit=5)}),
                source=label,
                fix=Text("Give that column a header, or delete it. In a CSV file this usually means a "
                         "text cell contains the delimiter: put such cells in double quotes.",
                         "Đặt tiêu đề cho cột đó, hoặc xoá cột. Với tệp CSV, lỗi này thường do một ô chữ "
                         "chứa dấu phân cách: hãy đặt những ô đó trong dấu ngoặc kép."),
            )
    return named
