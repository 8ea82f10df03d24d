"""Read a CSV, TSV or XLSX file into raw rows of cells, without interpreting them.

This is the format layer shared by :func:`tdkt_eval.load_records` and the survey
loader: it knows about encodings, delimiters and sheets, and nothing about
contracts.  Files are opened read-only and never written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .._validation import (
    EmptyFileError,
    InputFileNotFoundError,
    MalformedFileError,
    SheetNotFoundError,
    Text,
    UnsupportedFormatError,
)
from .encoding import decode_bytes
from .text import fold

__all__ = ["RawTable", "read_raw", "TEXT_SUFFIXES", "EXCEL_SUFFIXES"]

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_DELIMITERS = (",", ";", "\t", "|")
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


@dataclass(frozen=True, slots=True)
class RawTable:
    """Cells of a file as read, with where they came from.

    Attributes
    ----------
    rows : tuple of tuple
        Every row of the file (or sheet), header rows included; cells are str
        for text files and Python values (str, float, int, datetime, None) for
        workbooks.  Row ``i`` is spreadsheet row ``i + 1``.
    label : str
        The file name, plus the sheet for workbooks, for messages.
    sha256 : str
        Hash of the file's bytes (provenance; proves the input was not changed).
    encoding : str or None
        Codec of a text file; None for workbooks.
    sheet : str or None
        The sheet read from a workbook.
    """

    rows: tuple[tuple[object, ...], ...]
    label: str
    sha256: str
    encoding: str | None = None
    sheet: str | None = None


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
    if suffix not in TEXT_SUFFIXES + EXCEL_SUFFIXES:
        problem = (Text("'{suffix}' is not a table format tdkt-eval reads.",
                        "tdkt-eval không đọc được định dạng '{suffix}'.", {"suffix": suffix}) if suffix else
                   Text("'no extension' is not a table format tdkt-eval reads.",
                        "Tệp không có phần mở rộng (đuôi tệp) nên tdkt-eval không đọc được."))
        raise UnsupportedFormatError(
            problem, source=path,
            fix=Text("Use .csv, .tsv, .txt (Excel 'Unicode Text') or .xlsx.",
                     "Hãy dùng tệp .csv, .tsv, .txt (Excel 'Unicode Text') hoặc .xlsx."),
        )


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, most regular fields."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]

    def quality(delim: str) -> tuple[float, int]:
        counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        if not counts:
            return (0.0, 1)
        typical = max(set(counts), key=counts.count)
        return (counts.count(typical) / len(counts) if typical > 1 else 0.0, typical)

    return max(_DELIMITERS, key=quality)


def _read_text(path: Path, raw: bytes, encoding: str | None, digest: str) -> RawTable:
    text, codec = decode_bytes(raw, encoding=encoding, source=path)
    if not text.strip():
        raise EmptyFileError(Text("The file holds only white space.", "Tệp chỉ chứa khoảng trắng."), source=path,
                             fix=Text("Export the table again; the saved file is empty.",
                                      "Hãy xuất lại bảng; tệp đã lưu đang trống."))
    delim = "\t" if path.suffix.lower() in (".tsv", ".tab") else _sniff_delimiter(text)
    rows = tuple(tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    return RawTable(rows=rows, label=str(path), sha256=digest, encoding=codec)


def _pick_sheet(names: list[str], sheet: str | int | None, path: Path) -> str:
    if sheet is None:
        return names[0]
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


def _read_excel(path: Path, sheet: str | int | None, digest: str) -> RawTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise MalformedFileError(
            Text("The workbook cannot be opened ({error}); it is damaged or not really .xlsx.",
                 "Không mở được sổ tính ({error}): tệp bị hỏng hoặc không thật sự là tệp .xlsx.",
                 {"error": type(exc).__name__}),
            source=path, fix=Text("Open it in Excel and save it again as .xlsx, or export the sheet as 'CSV UTF-8'.",
                                  "Mở tệp bằng Excel rồi lưu lại thành .xlsx, hoặc xuất trang tính ra 'CSV UTF-8'."),
        ) from None
    try:
        name = _pick_sheet(book.sheetnames, sheet, path)
        sheet_obj = book[name]
        sheet_obj.reset_dimensions()  # some exporters record a wrong used range; read every row
        rows = tuple(tuple(r) for r in sheet_obj.iter_rows(min_row=1, values_only=True))
    finally:
        book.close()
    return RawTable(rows=rows, label=f"{path} [sheet '{name}']", sha256=digest, sheet=name)


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
    raw = path.read_bytes()
    if not raw:
        raise EmptyFileError(Text("The file is empty (0 bytes).", "Tệp trống (0 byte)."), source=path,
                             fix=Text("Export the table again; the saved file has no content.",
                                      "Hãy xuất lại bảng; tệp đã lưu không có nội dung."))
    digest = hashlib.sha256(raw).hexdigest()
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path, sheet, digest)
    return _read_text(path, raw, encoding, digest)
