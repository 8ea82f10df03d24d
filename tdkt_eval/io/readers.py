"""Read a CSV, TSV or XLSX file into raw rows of cells, without interpreting them.

This is the format layer shared by :func:`tdkt_eval.load_records` and the survey
loader: it knows about encodings, delimiters and sheets, and nothing about
contracts.  Files are opened read-only and never written.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import threading
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import (
    DataQualityWarning,
    EmptyFileError,
    FormulaWithoutValueError,
    InputFileNotFoundError,
    MalformedFileError,
    SheetNotFoundError,
    TdktInputError,
    UnbalancedQuoteError,
    UnsupportedFormatError,
)
from .._messages import Text
from ._archive import scan_workbook
from .columnar import ARROW_MIN_CHARS, PARQUET_SUFFIXES, arrow_columns, parquet_columns
from .distinct import Distinct
from .encoding import decode_bytes, scan_utf8
from .limits import current_limits, limit_error
from .text import fold

__all__ = ["RawTable", "read_raw", "TEXT_SUFFIXES", "EXCEL_SUFFIXES"]

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_CHARS = 1 << 20  # the delimiter is judged on the first lines within this many characters
# csv.field_size_limit is one setting for the whole process: readers take turns.
_FIELD_LIMIT_LOCK = threading.Lock()
_NOT_SUPPORTED = {
    ".xls": Text("Excel 97–2003 workbooks (.xls) are not read. Open the file in Excel and 'Save As' .xlsx.",
                 "Sổ tính Excel 97–2003 (.xls) không đọc được. Mở tệp bằng Excel, chọn 'Lưu thành' "
                 "(Save As) định dạng .xlsx."),
    ".ods": Text("OpenDocument sheets are not read. Save the sheet as .xlsx or 'CSV UTF-8'.",
                 "Bảng tính OpenDocument (.ods) không đọc được. Hãy lưu thành .xlsx hoặc 'CSV UTF-8'."),
    ".sav": Text("SPSS files are read by te.load_survey, not load_records; or export the data as CSV.",
                 "Tệp SPSS được đọc bằng te.load_survey, không phải load_records; hoặc xuất dữ liệu ra CSV."),
    ".json": Text("JSON is not a table format here. Export the data as CSV or .xlsx.",
                  "JSON không phải dạng bảng mà công cụ đọc được. Hãy xuất dữ liệu ra CSV hoặc .xlsx."),
}


@dataclass(frozen=True)
class RawTable:
    """Cells of a file as read, column by column, with where they came from.

    Attributes
    ----------
    columns : tuple of Distinct
        Each column of the file (or sheet) as its distinct cells and a code
        per row (:class:`.distinct.Distinct`), header rows included; cells are
        str for text files and Python values (str, float, int, datetime, None)
        for workbooks and Parquet.  Row ``i`` is spreadsheet row ``i + 1``.
    widths : numpy.ndarray
        How many cells each row has (rows of a text file may be shorter than
        the widest; the missing cells read as None).
    label : str
        The file name, plus the sheet for workbooks, for messages.
    sha256 : str
        Hash of the file's bytes (provenance; proves the input was not changed).
    encoding : str or None
        Codec of a text file; None for workbooks.
    sheet : str or None
        The sheet read from a workbook.
    """

    columns: tuple[Distinct, ...]
    widths: np.ndarray
    label: str
    sha256: str
    encoding: str | None = None
    sheet: str | None = None

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[object]], label: str, sha256: str, *, encoding: str | None = None,
                  sheet: str | None = None) -> "RawTable":
        """The table of rows of cells (ragged rows allowed)."""
        widths = np.fromiter((len(r) for r in rows), dtype=np.intp, count=len(rows))
        width = int(widths.max(initial=0))
        columns = tuple(Distinct.of([r[j] if j < len(r) else None for r in rows]) for j in range(width))
        return cls(columns, widths, label, sha256, encoding, sheet)

    @property
    def n_rows(self) -> int:
        """How many rows the file has."""
        return len(self.widths)

    def row(self, i: int) -> tuple[object, ...]:
        """Row ``i`` (0-based) as a tuple of its cells."""
        return tuple(c.values[c.codes[i]] for c in self.columns[:self.widths[i]])

    def head(self, n: int) -> tuple[tuple[object, ...], ...]:
        """The first ``n`` rows."""
        return tuple(self.row(i) for i in range(min(n, self.n_rows)))

    @functools.cached_property
    def rows(self) -> tuple[tuple[object, ...], ...]:
        """Every row as a tuple of cells (header rows included); for small tables."""
        return self.head(self.n_rows)


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputFileNotFoundError(
            Text("The file does not exist.", "Tệp không tồn tại."), source=path,
            fix=Text("Check the path and file name (and that the file was copied into the data folder).",
                     "Kiểm tra lại đường dẫn và tên tệp (và xem tệp đã được chép vào thư mục dữ liệu chưa)."),
        )
    if not path.is_file():
        raise InputFileNotFoundError(Text("The path is a folder, not a file.",
                                          "Đường dẫn này là một thư mục, không phải một tệp."), source=path,
                                     fix=Text("Give the path of a .csv or .xlsx file.",
                                              "Hãy chỉ đường dẫn tới một tệp .csv hoặc .xlsx."))
    suffix = path.suffix.lower()
    if suffix in _NOT_SUPPORTED:
        raise UnsupportedFormatError(Text("'{suffix}' files are not supported.",
                                          "Không hỗ trợ loại tệp '{suffix}'.", {"suffix": suffix}),
                                     source=path, fix=_NOT_SUPPORTED[suffix])
    if suffix not in TEXT_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES:
        problem = (Text("'{suffix}' is not a table format tdkt-eval reads.",
                        "tdkt-eval không đọc được định dạng '{suffix}'.", {"suffix": suffix}) if suffix else
                   Text("'no extension' is not a table format tdkt-eval reads.",
                        "Tệp không có phần mở rộng (đuôi tệp) nên tdkt-eval không đọc được."))
        raise UnsupportedFormatError(
            problem, source=path,
            fix=Text("Use .csv, .tsv, .txt (Excel 'Unicode Text'), .xlsx or .parquet.",
                     "Hãy dùng tệp .csv, .tsv, .txt (Excel 'Unicode Text'), .xlsx hoặc .parquet."),
        )


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, most regular fields."""
    lines = [line for line in text[:_SNIFF_CHARS].splitlines()[:30] if line.strip()]

    def quality(delim: str) -> tuple[float, int]:
        counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        if not counts:
            return (0.0, 1)
        typical = max(set(counts), key=counts.count)
        return (counts.count(typical) / len(counts) if typical > 1 else 0.0, typical)

    return max(_DELIMITERS, key=quality)


@contextmanager
def _field_size_limit(chars: int) -> Iterator[None]:
    """Let the csv module read fields of up to ``chars`` characters, then restore its setting."""
    with _FIELD_LIMIT_LOCK:
        old = csv.field_size_limit()
        csv.field_size_limit(max(chars, old))
        try:
            yield
        finally:
            csv.field_size_limit(old)


def _over_limit(name: str, found: int | str, path: Path, line: int | None = None) -> Exception:
    """:func:`limit_error`, naming the line where the limit was passed."""
    err = limit_error(name, found, source=path)
    if line is None:
        return err
    return type(err)(err.problem_text, fix=err.fix_text, source=path, rows=[line])


def _malformed(path: Path, line: int, exc: Exception) -> MalformedFileError:
    return MalformedFileError(
        Text("The file cannot be read as a table at line {line} ({error}).",
             "Không đọc được tệp dưới dạng bảng ở dòng {line} (lỗi {kind} của bộ đọc CSV).",
             {"line": line, "error": exc, "kind": type(exc).__name__}),
        source=path, rows=[line],
        fix=Text("Open the file in a text editor at that line, or open it in Excel and save it again as "
                 "'CSV UTF-8' or .xlsx.",
                 "Mở tệp bằng trình soạn thảo văn bản ở dòng đó, hoặc mở bằng Excel rồi lưu lại thành "
                 "'CSV UTF-8' hay .xlsx."),
    )


def _unbalanced(path: Path, line: int, end: int | None) -> UnbalancedQuoteError:
    """A quote that opens a cell on ``line`` and closes on ``end`` (None: never)."""
    if end is None:
        problem = Text('The quote (") that opens a cell on line {line} is never closed, so the rest of the file '
                       "would be read as one cell.",
                       'Dấu ngoặc kép (") mở một ô ở dòng {line} không bao giờ được đóng, nên toàn bộ phần còn '
                       "lại của tệp sẽ bị đọc thành một ô.", {"line": line})
    else:
        problem = Text('The quote (") that opens a cell on line {line} is closed only on line {end}, so the lines '
                       "in between would be read as one cell.",
                       'Dấu ngoặc kép (") mở một ô ở dòng {line} mãi đến dòng {end} mới được đóng, nên các dòng '
                       "ở giữa sẽ bị đọc thành một ô.", {"line": line, "end": end})
    return UnbalancedQuoteError(
        problem, source=path, rows=[line],
        fix=Text('Open the file in a text editor and close the quote on line {line}, or delete it; a quote inside '
                 'a cell is written as two quotes ("").',
                 "Mở tệp bằng trình soạn thảo văn bản rồi đóng dấu ngoặc kép ở dòng {line}, hoặc xoá nó đi; "
                 'dấu ngoặc kép nằm trong một ô phải viết thành hai dấu ("").', {"line": line}),
    )


def _ends_in_quote(text: str, start_offset: int, delim: str) -> bool:
    """Whether the text from ``start_offset`` ends inside a quoted cell (strict csv runs out of data)."""
    try:
        for _ in csv.reader(io.StringIO(text[start_offset:], newline=""), delimiter=delim, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _line_offset(text: str, line: int) -> int:
    """Character offset where 1-based ``line`` starts, counting lines as the csv reader does."""
    return sum(map(len, itertools.islice(io.StringIO(text, newline=""), line - 1)))


def _shape(cell: str) -> str:
    """A code's pattern: letters as 'a', digits as '9' ('P003' -> 'a999')."""
    return "".join("9" if c.isdigit() else "a" if c.isalpha() else c for c in cell.strip())


def _row_like(part: str, delim: str, width: int, shapes: set[str]) -> bool:
    """Whether a line inside a cell looks like one of the table's rows (its width and first-column pattern)."""
    fields = next(csv.reader([part], delimiter=delim), [])
    return len(fields) == width and _shape(fields[0]) in shapes


def _check_quotes(text: str, rows: list[tuple[str, ...]], multiline: list[tuple[int, int, int]], delim: str,
                  path: Path) -> None:
    """Refuse a quote that swallows lines: the file ends inside it, or lines inside it look like rows.

    ``multiline`` lists ``(row index, first line, last line)`` of the rows that span several lines.
    """
    if not multiline:
        return
    width = Counter(len(row) for row in rows).most_common(1)[0][0]
    shapes = {_shape(row[0]) for row in rows[1:1001] if len(row) == width}
    for index, first, last in multiline:
        row = rows[index]
        opened = next((i for i, cell in enumerate(row) if "\n" in cell or "\r" in cell), None)
        if opened is None:
            continue
        line = first + sum(cell.count("\n") for cell in row[:opened])
        if index == len(rows) - 1 and _ends_in_quote(text, _line_offset(text, first), delim):
            raise _unbalanced(path, line, None)
        inner = row[opened].splitlines()[1:]
        if width > 1 and (any(_row_like(part, delim, width, shapes) for part in inner) or (
                len(row) != width and any(part.count(delim) >= width - 1 for part in inner))):
            raise _unbalanced(path, line, last)


def _parse_rows(text: str, delim: str, path: Path) -> tuple[list[tuple[str, ...]], list[tuple[int, int, int]]]:
    """The rows of ``text`` within the limits in force, and where rows span several lines.

    Returns the rows and ``(row index, first line, last line)`` of each row over several lines.
    """
    limits = current_limits()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows: list[tuple[str, ...]] = []
    multiline: list[tuple[int, int, int]] = []
    cells = last = 0
    try:
        for row in reader:
            first, last = last + 1, reader.line_num
            if last > first:
                multiline.append((len(rows), first, last))
            rows.append(tuple(row))
            cells += len(row)
            longest = max(map(len, row), default=0)
            if longest > limits.max_cell_chars:
                raise _over_limit("max_cell_chars", longest, path, first)
            if len(rows) > limits.max_rows:
                raise _over_limit("max_rows", f">{limits.max_rows}", path)
            if cells > limits.max_cells:
                raise _over_limit("max_cells", f">{limits.max_cells}", path, first)
    except csv.Error as exc:
        raise _malformed(path, reader.line_num, exc) from None
    return rows, multiline


def _read_text(path: Path, raw: bytes, encoding: str | None, digest: str) -> RawTable:
    text, codec = decode_bytes(raw, encoding=encoding, source=path)
    if not text or text.isspace():
        raise EmptyFileError(Text("The file holds only white space.", "Tệp chỉ chứa khoảng trắng."), source=path,
                             fix=Text("Export the table again; the saved file is empty.",
                                      "Hãy xuất lại bảng; tệp đã lưu đang trống."))
    with _field_size_limit(len(text)):  # cell lengths are checked against max_cell_chars while parsing
        delim = _delimiter(path, text)
        columns = None
        if len(text) >= ARROW_MIN_CHARS:  # a large file in another encoding: Arrow reads it re-encoded
            data = text.encode("utf-8")
            columns = arrow_columns(data, delim, current_limits().max_cell_chars, scan_utf8(io.BytesIO(data)))
        if columns is None:
            rows, multiline = _parse_rows(text, delim, path)
            _check_quotes(text, rows, multiline, delim, path)
            return RawTable.from_rows(rows, str(path), digest, encoding=codec)
    return _columns_table(path, columns, digest, codec)


def _read_large_utf8(path: Path) -> RawTable | None:
    """A large file of UTF-8 text read by Arrow from disk, never held whole; None to read it the usual way."""
    try:
        with open(path, "rb") as handle:
            scan = scan_utf8(handle)
    except OSError:  # unreadable: the usual reading names the problem
        return None
    if scan is None or not scan.head.strip():
        return None
    with _field_size_limit(len(scan.head)):
        delim = _delimiter(path, scan.head)
    columns = arrow_columns(path, delim, current_limits().max_cell_chars, scan)
    return None if columns is None else _columns_table(path, columns, scan.sha256, scan.codec)


def _delimiter(path: Path, text: str) -> str:
    try:
        return "\t" if path.suffix.lower() in (".tsv", ".tab") else _sniff_delimiter(text)
    except csv.Error as exc:
        raise _malformed(path, 1, exc) from None


def _columns_table(path: Path, columns: list[Distinct], digest: str, codec: str) -> RawTable:
    """The table of columns read by Arrow, within the limits on rows and cells."""
    limits, n_rows = current_limits(), len(columns[0])
    if n_rows > limits.max_rows:
        raise _over_limit("max_rows", f">{limits.max_rows}", path)
    if n_rows * len(columns) > limits.max_cells:
        raise _over_limit("max_cells", f">{limits.max_cells}", path, limits.max_cells // len(columns) + 1)
    return RawTable(tuple(columns), np.full(n_rows, len(columns)), str(path), digest, encoding=codec)


def _file_size(path: Path) -> int:
    """The file's size, within ``max_file_bytes``."""
    size = path.stat().st_size
    if size > current_limits().max_file_bytes:
        raise limit_error("max_file_bytes", size, source=path)
    return size


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, after checking its size against ``max_file_bytes``."""
    try:
        _file_size(path)
        return path.read_bytes()
    except OSError as exc:
        raise MalformedFileError(
            Text("The file cannot be read ({error}).",
                 "Không đọc được tệp ({error}): có thể tệp đang mở trong chương trình khác hoặc bạn không có "
                 "quyền đọc tệp.", {"error": type(exc).__name__}),
            source=path, fix=Text("Close the file in other programs, check that you may read it, and try again.",
                                  "Đóng tệp trong các chương trình khác, kiểm tra quyền đọc tệp rồi thử lại."),
        ) from None


def _pick_sheet(names: list[str], sheet: str | int | None, path: Path,
                states: Mapping[str, str] | None = None) -> str:
    """The sheet to read: by name or position, else the first visible one (a hidden sheet is skipped with a warning).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _pick_sheet(["Cũ", "Data"], None, Path("a.xlsx"), {"Cũ": "hidden"})
    'Data'
    >>> print(caught[0].message.render("vi"))  # doctest: +NORMALIZE_WHITESPACE
    Tệp 'a.xlsx': trang tính ẩn 'Cũ' không được đọc; đã đọc trang tính hiện 'Data'. Nếu dữ liệu nằm ở trang
    tính ẩn, hãy bỏ ẩn trang đó trong Excel hoặc truyền sheet= với tên của nó.
    """
    if sheet is None:
        hidden = [n for n in names if (states or {}).get(n, "visible") != "visible"]
        visible = [n for n in names if n not in hidden] or names
        if hidden:
            warnings.warn(DataQualityWarning(Text(
                "File '{file}': hidden sheet(s) {hidden} not read; read the visible sheet {name}. If the data is on "
                "a hidden sheet, unhide it in Excel or pass sheet= with its name.",
                "Tệp '{file}': trang tính ẩn {hidden} không được đọc; đã đọc trang tính hiện {name}. Nếu dữ liệu "
                "nằm ở trang tính ẩn, hãy bỏ ẩn trang đó trong Excel hoặc truyền sheet= với tên của nó.",
                {"file": path, "hidden": ", ".join(map(repr, hidden)), "name": repr(visible[0])})), stacklevel=4)
        return visible[0]
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return names[sheet]
    else:
        for name in names:
            if fold(name) == fold(sheet):
                return name
    raise SheetNotFoundError(
        Text("There is no sheet {sheet}; the workbook has: {names}.",
             "Không có trang tính {sheet}; sổ tính này có: {names}.",
             {"sheet": repr(sheet), "names": ", ".join(repr(n) for n in names)}),
        source=path, fix=Text("Pass sheet= with one of those names (or a 0-based position).",
                              "Truyền sheet= bằng một trong các tên trên (hoặc số thứ tự trang, đếm từ 0)."),
    )


_WORKBOOK_FIX = Text("Open it in Excel and save it again as .xlsx, or export the sheet as 'CSV UTF-8'.",
                     "Mở tệp bằng Excel rồi lưu lại thành .xlsx, hoặc xuất trang tính ra 'CSV UTF-8'.")
#: What openpyxl raises for damaged workbooks: its own, zipfile's, and the XML parser's (a refused XML bomb).
_OPENPYXL_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError, SyntaxError,
                    TypeError, AttributeError, IndexError)


def _unreadable(exc: BaseException, path: Path) -> MalformedFileError:
    return MalformedFileError(
        Text("The workbook cannot be opened ({error}); it is damaged or not really .xlsx.",
             "Không mở được sổ tính ({error}): tệp bị hỏng hoặc không thật sự là tệp .xlsx.",
             {"error": type(exc).__name__}), source=path, fix=_WORKBOOK_FIX)


def _check_formulas(cells: Sequence[str], path: Path, name: str) -> None:
    """Refuse a sheet whose formula cells have no stored value (openpyxl would read them as blank)."""
    if not cells:
        return
    rows = sorted({int("".join(ch for ch in c if ch.isdigit()) or 0) for c in cells} - {0})
    raise FormulaWithoutValueError(
        Text("{count} formula cell(s) ({cells}) have no saved result: the file was written by a program that does "
             "not compute formulas, so their values are unknown and would be read as blank.",
             "{count} ô công thức ({cells}) không có kết quả được lưu: tệp được tạo bởi một chương trình không tính "
             "công thức, nên không biết giá trị của các ô này và chúng sẽ bị đọc thành ô trống.",
             {"count": f"{len(cells)}+" if len(cells) >= 20 else len(cells),
              "cells": ", ".join(cells[:10]) + (", …" if len(cells) > 10 else "")}),
        source=path, sheet=name, rows=rows,
        fix=Text("Open and save the file in Excel (or LibreOffice), which computes and stores the results, then "
                 "load it again.",
                 "Mở tệp bằng Excel (hoặc LibreOffice) rồi lưu lại để chương trình tính và lưu kết quả công thức, "
                 "sau đó nạp lại tệp."))


def _sheet_rows(sheet_obj: object, path: Path, name: str) -> tuple[tuple[object, ...], ...]:
    """Every row of a read-only sheet, within ``max_rows`` and ``max_cells``."""
    limits, rows, cells = current_limits(), [], 0
    for row in sheet_obj.iter_rows(min_row=1, values_only=True):
        rows.append(tuple(row))
        cells += len(row)
        if len(rows) > limits.max_rows:
            raise limit_error("max_rows", f"more than {limits.max_rows}", source=path, sheet=name)
        if cells > limits.max_cells:
            raise limit_error("max_cells", f"more than {limits.max_cells}", source=path, sheet=name)
    return tuple(rows)


def _read_excel(path: Path, sheet: str | int | None, digest: str) -> RawTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    scan = scan_workbook(path)  # limits, XML bombs and formulas, before openpyxl inflates anything
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_OPENPYXL_ERRORS) as exc:
        raise _unreadable(exc, path) from None
    try:
        name = _pick_sheet(book.sheetnames, sheet, path, scan.states)
        _check_formulas(scan.formulas.get(scan.parts.get(name, ""), []), path, name)
        sheet_obj = book[name]
        sheet_obj.reset_dimensions()  # some exporters record a wrong used range; read every row
        rows = _sheet_rows(sheet_obj, path, name)
    except TdktInputError:
        raise
    except _OPENPYXL_ERRORS as exc:
        raise _unreadable(exc, path) from None
    finally:
        book.close()
    return RawTable.from_rows(rows, f"{path} [sheet '{name}']", digest, sheet=name)


def read_raw(path: str | Path, *, sheet: str | int | None = None, encoding: str | None = None) -> RawTable:
    """Read a table file's cells without interpreting them.

    Parameters
    ----------
    path : str or Path
        A .csv/.tsv/.txt file (UTF-8 with or without BOM, UTF-16 "Unicode
        Text", cp1258, or cp1252 holding TCVN3/VNI text) or an .xlsx workbook.
    sheet : str or int, optional
        Workbook sheet by name (case and diacritics ignored) or 0-based position;
        the first sheet by default.
    encoding : str, optional
        Force a text codec instead of detecting it.

    Returns
    -------
    RawTable

    Raises
    ------
    InputFileNotFoundError, UnsupportedFormatError, EmptyFileError,
    MalformedFileError, SheetNotFoundError, EncodingDetectionError
    MixedEncodingError
        A UTF-8 file with lines in another encoding that cannot be told safely.
    UnbalancedQuoteError
        A quote that opens a cell and swallows the following lines.
    ResourceLimitError
        The file, a cell, the rows or the cells exceed the limits in force
        (:func:`tdkt_eval.io.limits.raised_limits` raises them).

    Warns
    -----
    DataQualityWarning
        When some lines of a UTF-8 file were read as Windows-1258.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_text("a;b\\n1;2\\n", encoding="utf-8")
    >>> read_raw(p).rows
    (('a', 'b'), ('1', '2'))
    """
    path = Path(path)
    _check_path(path)
    if (encoding is None and path.suffix.lower() in TEXT_SUFFIXES and _file_size(path) >= ARROW_MIN_CHARS
            and (table := _read_large_utf8(path)) is not None):
        return table
    raw = _read_bytes(path)
    if not raw:
        raise EmptyFileError(Text("The file is empty (0 bytes).", "Tệp trống (0 byte)."), source=path,
                             fix=Text("Export the table again; the saved file has no content.",
                                      "Hãy xuất lại bảng; tệp đã lưu không có nội dung."))
    digest = hashlib.sha256(raw).hexdigest()
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path, sheet, digest)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        del raw
        columns = parquet_columns(path)
        return RawTable(tuple(columns), np.full(len(columns[0]) if columns else 0, len(columns)), str(path), digest)
    return _read_text(path, raw, encoding, digest)
