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
from functools import lru_cache

import numpy as np

from ..errors import DataQualityWarning, EmptyFileError, HeaderNotFoundError, MalformedFileError
from .._messages import RowList, Text
from .contracts import Table
from .headers import alias_index, match_header, find_header_row, header_cells
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


def _blank_row(row: list[object]) -> bool:
    return all(c in (None, "") or _blank_text(c) for c in row)


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


def _cut_notes(body: list[list[object]], numbers: np.ndarray, ids: set[int],
               label: str) -> tuple[list[list[object]], np.ndarray]:
    """Cut the notes and signatures after the last record (after a blank row, or opening with note wording)."""
    k = len(body)
    while k > 0 and (_blank_row(body[k - 1]) or _note_like(body[k - 1], ids)):
        k -= 1
    tail = [i for i in range(k, len(body)) if not _blank_row(body[i])]
    if k == 0 or not tail:
        return body, numbers
    after_blank = _blank_row(body[k]) or _blank_row(body[k - 1])
    if not (after_blank or any(_note_text(c) for c in body[tail[0]])):
        return body, numbers
    rows = numbers[tail]
    warnings.warn(DataQualityWarning(Text(
        "{label}: ignored {n} row(s) of notes or signatures under the table (rows {rows}).",
        "{label}: đã bỏ qua {n} dòng ghi chú hoặc chữ ký dưới bảng (dòng {rows}).",
        {"label": label, "n": len(rows), "rows": RowList(rows)})), stacklevel=4)
    return body[:k], numbers[:k]


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


def _drop_sections(body: list[list[object]], numbers: np.ndarray, ids: set[int],
                   label: str) -> tuple[list[list[object]], np.ndarray]:
    section = np.array([_is_section(r, ids) for r in body], dtype=bool)
    if not section.any() or section.all():
        return body, numbers
    warnings.warn(DataQualityWarning(Text(
        "{label}: skipped {n} section heading row(s) inside the table (rows {rows}).",
        "{label}: đã bỏ qua {n} dòng tiêu đề nhóm trong bảng (dòng {rows}).",
        {"label": label, "n": int(section.sum()), "rows": RowList(numbers[section])})), stacklevel=4)
    return [r for r, s in zip(body, section) if not s], numbers[~section]


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


def _drop_totals(body: list[list[object]], numbers: np.ndarray, ids: set[int],
                 label: str) -> tuple[list[list[object]], np.ndarray]:
    total = np.array([_is_total(r, ids) for r in body], dtype=bool)
    if not total.any():
        return body, numbers
    rows = numbers[total]
    if total.all():
        raise EmptyFileError(
            Text("The file has no data rows, only totals (rows {rows}).",
                 "Tệp không có dòng dữ liệu nào, chỉ có dòng tổng (dòng {rows}).", {"rows": RowList(rows)}),
            source=label, fix=Text("Add the records below the header.", "Nhập các hồ sơ vào dưới dòng tiêu đề."))
    warnings.warn(DataQualityWarning(Text(
        "{label}: dropped total row(s) {rows} (they are sums, not records).",
        "{label}: đã bỏ dòng tổng {rows} (đó là dòng cộng, không phải hồ sơ).",
        {"label": label, "rows": RowList(rows)})), stacklevel=4)
    return [r for r, t in zip(body, total) if not t], numbers[~total]


# ---------------------------------------------------------------- the data block
def _check_content(raw: RawTable, header_row: int | None) -> None:
    if not any(any(c not in (None, "") for c in row) for row in raw.rows):
        raise EmptyFileError(Text("The file has no cells with content.", "Tệp không có ô nào có nội dung."),
                             source=raw.label, fix=Text("Export the table again; the saved file is empty.",
                                                        "Xuất lại bảng; tệp đã lưu bị trống."))
    if header_row is not None and not 1 <= header_row <= len(raw.rows):
        raise HeaderNotFoundError(
            Text("header_row={row} is outside the file, which has {n} rows.",
                 "header_row={row} nằm ngoài tệp, tệp chỉ có {n} dòng.", {"row": header_row, "n": len(raw.rows)}),
            source=raw.label, fix=Text("Give the spreadsheet row number of the header, or leave header_row out.",
                                       "Ghi số dòng của dòng tiêu đề trong bảng tính, hoặc bỏ header_row."))


def _data_block(raw: RawTable, table: Table, header_row: int | None) -> tuple[list[str], list[list[object]], np.ndarray]:
    """Split raw rows into headers, record rows and their spreadsheet row numbers.

    Finds the header (one row or two, see :func:`.headers.find_header_row`),
    skips a column-number row under it, cuts notes and signatures under the
    table, skips blank rows and section headings ("I | CÁ NHÂN"), drops total
    and subtotal rows, and removes empty
    header-less columns.  Warns about every row it leaves out.
    """
    _check_content(raw, header_row)
    start, depth = find_header_row(raw.rows, table, None if header_row is None else header_row - 1)
    body = [list(r) for r in raw.rows[start + depth:]]
    width = max([len(r) for r in raw.rows[start:start + depth]] + [len(r) for r in body])
    headers = header_cells(raw.rows, start, depth, table)
    headers += [None] * (width - len(headers))
    body = [r + [None] * (width - len(r)) for r in body]
    numbers = np.arange(start + depth + 1, start + depth + 1 + len(body))
    first = next((i for i, r in enumerate(body) if not _blank_row(r)), None)
    if first is not None and _column_number_row(body[first]):
        body, numbers = body[first + 1:], numbers[first + 1:]
    ids = _id_positions(headers, table)
    body, numbers = _cut_notes(body, numbers, ids, raw.label)
    keep = [i for i, r in enumerate(body) if not _blank_row(r)]
    body, numbers = [body[i] for i in keep], numbers[keep]
    if not body:
        raise EmptyFileError(
            Text("The file has a header (row {row}) but no data rows.",
                 "Tệp có dòng tiêu đề (dòng {row}) nhưng không có dòng dữ liệu nào.", {"row": start + 1}),
            source=raw.label, fix=Text("Add the data below the header, or check that you chose the right sheet.",
                                       "Nhập dữ liệu vào dưới dòng tiêu đề, hoặc kiểm tra lại đã chọn đúng trang tính chưa."))
    body, numbers = _drop_sections(body, numbers, ids, raw.label)
    body, numbers = _drop_totals(body, numbers, ids, raw.label)
    body, headers = _drop_unnamed_columns(body, headers, numbers, raw.label)
    return headers, body, numbers


def _drop_unnamed_columns(body: list[list[object]], headers: list[str | None], numbers: np.ndarray,
                          label: str) -> tuple[list[list[object]], list[str]]:
    """Remove header-less columns that are empty; refuse ones that hold values."""
    keep = []
    for j, header in enumerate(headers):
        if header is not None:
            keep.append(j)
            continue
        filled = [numbers[i] for i, r in enumerate(body) if r[j] not in (None, "") and not _blank_text(r[j])]
        if filled:
            raise MalformedFileError(
                Text("Column {col} has values but no header (rows {rows}).",
                     "Cột {col} có giá trị nhưng không có tiêu đề (dòng {rows}).",
                     {"col": j + 1, "rows": RowList(filled, limit=5)}),
                source=label,
                fix=Text("Give that column a header, or delete it. In a CSV file this usually means a "
                         "text cell contains the delimiter: put such cells in double quotes.",
                         "Đặt tiêu đề cho cột đó, hoặc xoá cột. Với tệp CSV, lỗi này thường do một ô chữ "
                         "chứa dấu phân cách: hãy đặt những ô đó trong dấu ngoặc kép."),
            )
    return [[r[j] for j in keep] for r in body], [headers[j] for j in keep]
