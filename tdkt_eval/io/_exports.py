"""Survey exports: which file holds which table, what the platforms add, how they name and write answers.

Reading (one table per main sheet or repeat):

- KoboToolbox CSV: ``;``-separated, every cell quoted, one table (repeat groups
  are never in CSV exports).  An optional second header row of HXL hashtags.
- KoboToolbox XLSX: the main sheet first, then one sheet per repeat group with
  ``_index``, ``_parent_table_name``, ``_parent_index`` and ``_submission__*``.
- ODK Central CSV (``submissions.csv``): one table; the ZIP export adds one
  CSV per repeat, named ``<form id>-<group path>.csv``, linked by
  ``PARENT_KEY`` to the parent's ``KEY``.
- SPSS ``.sav`` (through the optional pyreadstat), with value labels.
- Plain CSV/XLSX typed by hand, possibly with title rows above the header.

Naming: an item's column is its name, its group path joined by ``/``
(KoboToolbox) or ``-`` (ODK), or its label, possibly under group labels
("hierarchy in labels"); select_multiple choices get ``<item>/<choice>`` columns
(``<item>_<choice>`` in SPSS).  Answers are codes or labels; KoboToolbox joins
the labels of a select_multiple answer with spaces.

Files are only read.  ZIP members are read in memory, never extracted, within
the limits of :mod:`.limits` (see :mod:`._archive`), and decoded like any other CSV.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import math
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

import numpy as np

from ..errors import (
    ArchiveError,
    EmptyFileError,
    InputFileNotFoundError,
    InvalidParameterError,
    MalformedFileError,
    MissingDependencyError,
    TruncatedFileError,
    UnsupportedFormatError,
    WrongSeparatorError,
)
from .._messages import RowList, Text
from ._archive import check_declared, check_members, csv_members, open_zip, read_member
from .contracts import get_table
from .encoding import decode_bytes
from .headers import alias_index
from .limits import current_limits
from .readers import EXCEL_SUFFIXES, TEXT_SUFFIXES, RawTable, _read_text, read_raw
from .text import fold, header_key, nfc
from .vocabulary import BOOLEAN_VALUES
from .instruments import Instrument


__all__ = [
    "FORMATS", "ExportTable", "SurveyExport", "Target", "HeaderResolver",
    "MissingDependencyError", "TruncatedFileError", "WrongSeparatorError",
    "cell_text", "choice_lookup", "code_of", "codes_of", "metadata_name", "read_export", "repeat_tables",
]

FORMATS = ("kobo_csv", "kobo_xlsx", "odk_csv", "odk_zip", "excel", "spss")
SPSS_SUFFIXES = (".sav", ".zsav")
_HEADER_SEARCH_ROWS = 30
_DELIMITERS = (";", ",", "\t", "|")

# Export metadata → canonical column (None: dropped).  Sources: KoboToolbox kpi export
# tests (CSV header "_id";"_uuid";"_submission_time";"_validation_status";"_notes";
# "_status";"_submitted_by";"_tags";"_index", plus "__version__" since kpi#2968) and
# ODK Central's CSV header (SubmissionDate, meta-instanceID, …, KEY, SubmitterID,
# SubmitterName, AttachmentsPresent, AttachmentsExpected, Status, ReviewState,
# DeviceID, Edits, FormVersion).
_METADATA: Mapping[str, str | None] = {
    # KoboToolbox
    "_id": "_id", "_uuid": "_uuid", "_submission_time": "_submission_time", "_index": "_index",
    "_parent_index": "_parent_index", "_submission__uuid": "_parent_uuid",
    "_validation_status": None, "_notes": None, "_status": None, "_submitted_by": None,
    "_tags": None, "__version__": None, "_parent_table_name": None, "_attachments": None,
    "_geolocation": None, "_xform_id_string": None, "formhub/uuid": None,
    "meta/instanceID": "_instance_id",
    # ODK Central and Briefcase
    "SubmissionDate": "_submission_time", "KEY": "_key", "PARENT_KEY": "_parent_key",
    "meta-instanceID": "_instance_id", "instanceID": "_instance_id", "SubmitterID": None,
    "SubmitterName": None, "AttachmentsPresent": None, "AttachmentsExpected": None, "Status": None,
    "ReviewState": None, "DeviceID": None, "Edits": None, "FormVersion": None, "isValidated": None,
    # XLSForm metadata questions, when the form does not list them as items
    "start": "start", "end": "end", "today": None, "deviceid": None, "username": None,
    "simserial": None, "subscriberid": None, "phonenumber": None, "audit": None,
}
_DROPPED_PREFIXES = ("_submission__", "meta/", "meta-", "SET-OF-", "_")
_ROW_NUMBERS = frozenset({"stt", "tt", "so tt", "so thu tu"})  # "STT": the row-number column of Vietnamese sheets
SURVEY_KINDS = ("staff_responses", "citizen_responses")
#: Ticks of a per-choice column: 1/0, x, Có/Không, true/false.
TICKS = {fold(s): int(flag) for flag, spellings in BOOLEAN_VALUES.items() for s in spellings}
_LIST_SEPARATORS = re.compile(r"\s*[,;|]\s*")


@dataclass(frozen=True, slots=True)
class ExportTable:
    """One table of an export, as read.

    Attributes
    ----------
    headers : tuple of str
        Column headers as written (blank headers of empty columns removed).
    body : list of list
        Data rows, cells as read (str, number, datetime) and None for blanks.
    rows : numpy.ndarray
        Spreadsheet row number of each body row (header = row 1 unless the file
        has title rows above it).
    label : str
        File (and sheet or ZIP member) for messages.
    value_labels : mapping
        SPSS value labels per header: raw value → label.
    source : str, optional
        The file (or ZIP member) without the sheet, for errors; ``label`` when not given.
    sheet : str, optional
        The workbook sheet the table was read from.
    """

    headers: tuple[str, ...]
    body: list[list[object]]
    rows: np.ndarray
    label: str
    value_labels: Mapping[str, Mapping[object, str]] = field(default_factory=dict)
    source: str | None = None
    sheet: str | None = None

    def place(self) -> dict[str, str | None]:
        """``source=`` and ``sheet=`` for a :class:`TdktInputError` about this table."""
        return {"source": self.source or self.label, "sheet": self.sheet}


@dataclass(frozen=True, slots=True)
class SurveyExport:
    """Every table of one export file."""

    format: str
    main: ExportTable
    repeats: dict[str, ExportTable]
    sha256: str


def metadata_name(header: str) -> str | None | bool:
    """Canonical name of an export metadata column, None to drop it, False if not metadata.

    Examples
    --------
    >>> metadata_name("SubmissionDate"), metadata_name("_tags"), metadata_name("aw1")
    ('_submission_time', None, False)
    """
    header = header.strip().lstrip("@")  # SPSS turns names that start with "_" into "@_…"
    if header in _METADATA:
        return _METADATA[header]
    if header.startswith(_DROPPED_PREFIXES) or header_key(header) in _ROW_NUMBERS:
        return None
    return False


def detect_format(path: Path, header: Sequence[str] = ()) -> str:
    """The export format of ``path`` from its suffix and, for tables, its header."""
    suffix = path.suffix.lower()
    if suffix in SPSS_SUFFIXES:
        return "spss"
    if suffix == ".zip":
        return "odk_zip"
    names = {str(h).strip() for h in header if h is not None}
    excel = suffix in EXCEL_SUFFIXES
    if names & {"_uuid", "_submission_time", "_index"}:
        return "kobo_xlsx" if excel else "kobo_csv"
    if {"KEY", "SubmissionDate"} <= names or "meta-instanceID" in names:
        return "excel" if excel else "odk_csv"
    return "excel"


# ---------------------------------------------------------------- header conventions
@dataclass(frozen=True, slots=True)
class Target:
    """What a header holds: an item, one choice of a select_multiple, metadata or a contract column."""

    kind: Literal["item", "choice", "meta", "contract", "ambiguous"]
    name: str
    choice: str | None = None


class HeaderResolver:
    """Map export headers to the form's items, choice columns, metadata or contract columns.

    An item's header may be its bare name, its name under any tail of its group
    path (``awareness/aw1``, ``awareness-aw1``), or its label in an accepted
    language, also under group labels; a choice column is ``<item>/<choice>``
    (name or label), ``<item>_<choice>`` (SPSS) or ``<item>__<choice>``
    (tdkt-eval).  Matching ignores case and diacritics, then punctuation.
    Names win over choice columns, which win over labels; a header that fits
    two items equally is "ambiguous".  ``optional`` holds the contract's
    optional columns: an item that names one (``commune``) may be absent from
    an export made with an earlier form version.
    """

    def __init__(self, form: Instrument, langs: tuple[str, ...], kind: str | None) -> None:
        self._levels: list[dict[str, Target]] = [{}, {}, {}]
        self._suggestions: dict[str, str] = {}
        self._items = set(form.names)
        for item in form.items:
            paths = {sep.join((*item.group[k:], item.name)) for sep in "/-" for k in range(len(item.group) + 1)}
            labels = {item.labels[lang] for lang in langs if item.labels.get(lang)}
            self._suggestions.update({fold(k): item.name for k in (item.name, *labels)})
            for key in paths:
                self._add(0, key, Target("item", item.name))
            for label in labels:
                self._add(2, label, Target("item", item.name))
            for choice in form.choices.get(item.list_name, ()) if item.type == "select_multiple" else ():
                target = Target("choice", item.name, choice.name)
                spss = {f"{item.name}{sep}{choice.name}" for sep in ("_", "__")}
                for key in {f"{key}/{choice.name}" for key in paths} | spss:
                    self._add(1, key, target)
                for key in paths | labels:
                    for c_label in {choice.name, *(choice.labels[lang] for lang in langs if choice.labels.get(lang))}:
                        self._add(2, f"{key}/{c_label}", target)
        tables = (kind,) if kind else SURVEY_KINDS
        self._contract = {k: v[0] for t in tables for k, v in alias_index(get_table(t)).items()}
        self.optional = frozenset(c.name for t in tables for c in get_table(t).columns if not c.required)

    def _add(self, level: int, key: str, target: Target) -> None:
        index = self._levels[level]
        for k in (fold(key), "\0" + header_key(key)):
            if k in ("", "\0"):
                continue
            old = index.setdefault(k, target)
            if old != target:
                index[k] = Target("ambiguous", ", ".join(sorted({*old.name.split(", "), target.name})))

    def _lookup(self, text: str, levels: slice = slice(None)) -> Target | None:
        for index in self._levels[levels]:
            found = index.get(fold(text)) or index.get("\0" + header_key(text))
            if found is not None:
                return found
        return None

    def resolve(self, header: str) -> Target | None:
        """The target of ``header``; None when it is unknown."""
        text = nfc(header)
        found = self._lookup(text)
        if found is not None:
            return found
        meta = metadata_name(text)
        if meta is not False:
            return Target("meta", meta or "")
        parts = text.split("/")  # "Group label/Question label": KoboToolbox's hierarchy in labels
        for i in range(1, len(parts)):
            found = self._lookup("/".join(parts[i:]), slice(2, None))
            if found is not None and found.kind in ("item", "choice"):
                return found
        tail = re.split(r"[/-]", text)[-1]  # background/district: a question of an earlier form version
        column = self._contract_column(text) or (
            None if any(d in text for d in _DELIMITERS) else self._contract_column(tail))
        if column is None:
            return None
        return Target("item" if column in self._items else "contract", column)  # "Huyện" for an item 'district'


    def _contract_column(self, text: str) -> str | None:
        """The contract column a header names, or None."""
        return self._contract.get(header_key(text)) or self._contract.get(header_key(text, drop_parenthesised=True))

    def score(self, cells: list[str]) -> int:
        """How many cells of a row are known headers (finds the header row under title rows)."""
        return sum(self.resolve(c) is not None for c in cells)

    def suggest(self, header: str, prefer: Iterable[str]) -> str | None:
        """The item whose name or label is closest to ``header`` (items in ``prefer`` first)."""
        key = fold(nfc(header).split("/")[-1])
        preferred = {k: v for k, v in self._suggestions.items() if v in set(prefer)}
        for pool in (preferred, self._suggestions):
            match = difflib.get_close_matches(key, list(pool), n=1, cutoff=0.75)
            if match:
                return pool[match[0]]
        return None

    def check_joined(self, table: ExportTable) -> None:
        """Refuse headers that hold several known names joined by a separator (CSV split the wrong way)."""
        for header in (h for h in table.headers if self.resolve(h) is None):
            for delim in _DELIMITERS:
                parts = [p.strip().strip('"') for p in header.split(delim)]
                if len(parts) > 1 and sum(self.resolve(p) is not None for p in parts) >= 2:
                    found = {"header": repr(header[:60]), "delim": repr(delim)}
                    raise WrongSeparatorError(
                        Text("The header {header} holds several column names separated by {delim}: the file "
                             "was split with the wrong separator (a KoboToolbox CSV uses ';').",
                             "Tiêu đề {header} chứa nhiều tên cột ngăn cách bởi {delim}: tệp đã bị tách cột "
                             "bằng sai ký tự phân cách (tệp CSV của KoboToolbox dùng ';').", found),
                        **table.place(),
                        fix=Text("Load the export as downloaded, or import it in Excel with {delim} as the "
                                 "delimiter and save it as .xlsx.",
                                 "Nạp tệp xuất đúng như khi tải về, hoặc nhập vào Excel với {delim} làm ký tự "
                                 "phân cách rồi lưu thành .xlsx.", found))


def repeat_tables(tables: Mapping[str, ExportTable], groups: Iterable[str]) -> dict[str, ExportTable]:
    """Repeat tables keyed by their group: ODK names files by group path, KoboToolbox cuts sheet names at 31."""
    ordered = sorted(groups, key=len, reverse=True)
    return {next((g for g in ordered if key == g or key.endswith("-" + g) or (len(key) == 31 and g.startswith(key))),
                 key): table for key, table in tables.items()}


# ---------------------------------------------------------------- answer conventions
def cell_text(value: object) -> str:
    """A cell as text: 4.0 (Excel, SPSS) as "4", dates in ISO form."""
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def choice_lookup(form: Instrument, list_name: str | None, langs: tuple[str, ...]) -> dict[str, str]:
    """Folded code or label → code; codes first, then labels in the order of ``langs``."""
    choices = form.choices.get(list_name, ())
    lookup = {fold(c.name): c.name for c in choices}
    for lang in langs:
        for c in choices:
            if c.labels.get(lang):
                lookup.setdefault(fold(c.labels[lang]), c.name)
                lookup.setdefault("\0" + header_key(c.labels[lang]), c.name)
    return lookup


def code_of(text: str, lookup: Mapping[str, str]) -> str | None:
    """The code an answer stands for (code or label, case and diacritics ignored), or None."""
    return lookup.get(fold(text)) or lookup.get("\0" + header_key(text))


def codes_of(text: str, lookup: Mapping[str, str]) -> list[str] | None:
    """Codes of a select_multiple answer: codes joined by spaces, labels joined by spaces or commas.

    Examples
    --------
    >>> lookup = {"ti vi": "tv", "hop, hoi nghi": "meeting", "tv": "tv", "meeting": "meeting"}
    >>> codes_of("tv meeting", lookup), codes_of("Ti vi Họp, hội nghị", lookup)
    (['tv', 'meeting'], ['tv', 'meeting'])
    """
    if (one := code_of(text, lookup)) is not None:
        return [one]
    tokens = text.split()
    for parts in (tokens, [p for p in _LIST_SEPARATORS.split(text) if p]):
        codes = [code_of(p, lookup) for p in parts]
        if len(parts) > 1 and all(codes):
            return codes
    best: list[list[str] | None] = [[]] + [None] * len(tokens)  # labels joined by spaces: fewest pieces
    for end in range(1, len(tokens) + 1):
        for start in range(end):
            piece = code_of(" ".join(tokens[start:end]).strip(",;|"), lookup)
            if piece and best[start] is not None and (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = [*best[start], piece]
    return best[-1]


# ---------------------------------------------------------------- raw rows to a table
def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (
        isinstance(cell, float) and math.isnan(cell))


def _check_complete(raw: RawTable, path: Path, data: bytes | None = None) -> None:
    """Refuse a text file whose last row is shorter than the rest (a cut-off download).

    ``data`` holds the bytes of a file read from an archive (``path`` then only names it).
    """
    if raw.encoding is None or len(raw.rows) < 2:
        return
    width = len(raw.rows[0])
    last = raw.rows[-1]
    if len(last) >= width or any(len(r) != width for r in raw.rows[1:-1]):
        return
    text, _ = decode_bytes(path.read_bytes() if data is None else data, encoding=raw.encoding, source=path)
    quote = (Text(" and a quoted cell is never closed", ", và có một ô mở ngoặc kép mà không đóng")
             if text.count('"') % 2 else "")
    raise TruncatedFileError(
        Text("The last row (row {row}) has {fields} of the {width} fields of the header{quote}: "
             "the file ends in the middle of a row.",
             "Dòng cuối (dòng {row}) chỉ có {fields} trong số {width} ô của dòng tiêu đề{quote}: "
             "tệp kết thúc giữa chừng một dòng.",
             {"row": len(raw.rows), "fields": len(last), "width": width, "quote": quote}),
        source=raw.label, rows=[len(raw.rows)],
        fix=Text("The file was cut off while downloading or copying. Download the export again and check that it "
                 "opens completely.",
                 "Tệp đã bị cắt cụt khi tải về hoặc sao chép. Hãy tải lại tệp xuất và kiểm tra rằng tệp mở "
                 "ra đầy đủ."),
    )


def _check_separator(headers: Sequence[str], place: Mapping[str, str | None]) -> None:
    """Refuse a table read as one column because its separator was not the one expected."""
    named = [h for h in headers if h and str(h).strip()]
    if len(named) != 1:
        return
    cell = str(named[0])
    for delim in _DELIMITERS:
        if len(cell.split(delim)) >= 3:
            found = {"cell": repr(cell[:60]), "delim": repr(delim)}
            raise WrongSeparatorError(
                Text("The whole header is one column, {cell}…, holding {delim} separators: the "
                     "file was split with the wrong separator (a KoboToolbox CSV uses ';', most others ',').",
                     "Cả dòng tiêu đề nằm trong một cột, {cell}…, có chứa ký tự phân cách {delim}: tệp đã bị "
                     "tách cột bằng sai ký tự phân cách (tệp CSV của KoboToolbox dùng ';', phần lớn tệp khác "
                     "dùng ',').", found),
                **place,
                fix=Text("Load the file exactly as downloaded. If it was opened in Excel and saved again, "
                         "download it again, or in Excel use Data → From Text/CSV with {delim} as delimiter "
                         "and save as .xlsx.",
                         "Nạp tệp đúng như khi tải về. Nếu tệp đã được mở bằng Excel rồi lưu lại, hãy tải lại; "
                         "hoặc trong Excel dùng Dữ liệu → Từ Văn bản/CSV (Data → From Text/CSV) với {delim} làm "
                         "ký tự phân cách rồi lưu thành .xlsx.", found),
            )


def _table(rows: Sequence[Sequence[object]], label: str, *, header_at: int = 0,
           value_labels: Mapping[str, Mapping[object, str]] | None = None,
           source: str | Path | None = None, sheet: str | None = None) -> ExportTable:
    """Split raw rows into headers and data; drop the HXL row, blank rows and empty unnamed columns.

    ``source`` (the file without the sheet) and ``sheet`` are named in errors; ``source`` defaults to ``label``.
    """
    place = {"source": label if source is None else str(source), "sheet": sheet}
    if not any(not _blank(c) for row in rows for c in row):
        raise EmptyFileError(Text("The file has no cells with content.", "Tệp không có ô nào có nội dung."),
                             **place, fix=Text("Export the data again; the saved file is empty.",
                                               "Hãy xuất lại dữ liệu; tệp đã lưu đang trống."))
    headers = [None if _blank(c) else str(c).strip() for c in rows[header_at]]
    _check_separator(headers, place)
    body = [list(r) for r in rows[header_at + 1:]]
    numbers = np.arange(header_at + 2, header_at + 2 + len(body))
    if body and all(_blank(c) or str(c).startswith("#") for c in body[0]) and not all(map(_blank, body[0])):
        body, numbers = body[1:], numbers[1:]  # KoboToolbox's HXL hashtag row
    width = max([len(headers), *(len(r) for r in body)])
    headers += [None] * (width - len(headers))
    keep = [i for i, r in enumerate(body) if not all(_blank(c) for c in r)]
    body = [[None if _blank(c) else c for c in body[i]] + [None] * (width - len(body[i])) for i in keep]
    numbers = numbers[keep]
    columns = []
    for j, header in enumerate(headers):
        filled = [int(numbers[i]) for i, r in enumerate(body) if r[j] is not None]
        if header is None and filled:
            raise MalformedFileError(
                Text("Column {number} has values but no header (rows {rows}).",
                     "Cột thứ {number} có giá trị nhưng không có tiêu đề (dòng {rows}).",
                     {"number": j + 1, "rows": RowList(filled, limit=5)}),
                **place, rows=filled,
                fix=Text("Give the column a header or delete it. In a CSV file this usually means a cell "
                         "holds the separator without being quoted.",
                         "Đặt tiêu đề cho cột hoặc xóa cột đi. Với tệp CSV, lỗi này thường do một ô chứa ký tự "
                         "phân cách mà không được đặt trong ngoặc kép."),
            )
        if header is not None:
            columns.append(j)
    if not body:
        raise EmptyFileError(
            Text("The file has a header (row {row}) but no data rows.",
                 "Tệp có dòng tiêu đề (dòng {row}) nhưng không có dòng dữ liệu nào.", {"row": header_at + 1}),
            **place, fix=Text("Export the data again once submissions have arrived, or pick the right sheet.",
                              "Xuất lại dữ liệu khi đã có phiếu gửi về, hoặc chọn đúng trang tính."))
    return ExportTable(headers=tuple(headers[j] for j in columns), body=[[r[j] for j in columns] for r in body],
                       rows=numbers, label=label, value_labels=dict(value_labels or {}), **place)


def _header_row(rows: Sequence[Sequence[object]], score: Callable[[list[str]], int]) -> int:
    """The row among the first 30 whose cells name the most known columns (title rows skipped)."""
    best, best_score = None, 0
    for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        cells = [str(c) for c in row if not _blank(c)]
        if not cells:
            continue
        best = i if best is None else best
        hits = score(cells)
        if hits > best_score:
            best, best_score = i, hits
    return best or 0


# ---------------------------------------------------------------- one reader per format
def _read_repeat_sheets(path: Path, main_sheet: str | None) -> dict[str, ExportTable]:
    """KoboToolbox XLSX: every other sheet whose header has ``_parent_index`` is a repeat group."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        names = [n for n in book.sheetnames if n != main_sheet]
    finally:
        book.close()
    repeats = {}
    for name in names:
        raw = read_raw(path, sheet=name)
        if raw.rows and "_parent_index" in {str(c) for c in raw.rows[0]}:
            repeats[name] = _table(raw.rows, raw.label, source=path, sheet=raw.sheet)
    return repeats


def _zip_table(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, budget: int) -> tuple[ExportTable, int]:
    """One CSV member as a table, read in memory (never extracted); and the bytes it took of ``budget``."""
    data = read_member(archive, info, path, budget)
    inner = Path(str(path)) / info.filename  # names the member in messages; never opened
    raw = _read_text(inner, data, None, hashlib.sha256(data).hexdigest())
    _check_complete(raw, inner, data)
    return _table(raw.rows, f"{path} [{info.filename}]"), len(data)


def _read_zip(path: Path) -> tuple[ExportTable, dict[str, ExportTable]]:
    """ODK Central's "CSV (ZIP)": the main table and one CSV per repeat group, in any sub-folder of the archive."""
    fix = Text("Download the ODK Central export 'CSV (ZIP)' of the form again.",
               "Hãy tải lại tệp xuất 'CSV (ZIP)' của biểu mẫu từ ODK Central.")
    with open_zip(path, fix=fix) as archive:
        members = csv_members(check_members(archive, path))
        if not members:
            raise EmptyFileError(Text("The ZIP archive holds no CSV file.", "Tệp nén ZIP không chứa tệp CSV nào."),
                                 source=path, fix=fix)
        stems = Counter(PurePosixPath(m.filename).stem for m in members)
        if any(n > 1 for n in stems.values()):
            raise ArchiveError(
                Text("Two CSV files in different folders of the archive have the same name ({names}).",
                     "Hai tệp CSV ở hai thư mục khác nhau trong tệp nén trùng tên ({names}).",
                     {"names": ", ".join(repr(m.filename) for m in members if stems[PurePosixPath(m.filename).stem] > 1)}),
                source=path, fix=fix)
        check_declared(members, path)
        budget, tables = current_limits().max_uncompressed_bytes, {}
        for info in members:
            tables[info.filename], used = _zip_table(archive, info, path, budget)
            budget -= used
    stem_of = {m: PurePosixPath(m).stem for m in tables}
    main_name = min((m for m in tables if "PARENT_KEY" not in tables[m].headers), key=lambda m: len(stem_of[m]),
                    default=None)
    if main_name is None:
        raise MalformedFileError(
            Text("No CSV in the archive is a main table (all have PARENT_KEY).",
                 "Không tệp CSV nào trong gói là bảng chính (tệp nào cũng có cột PARENT_KEY)."), source=path,
            fix=Text("Download the ODK Central export of the whole form again.",
                     "Hãy tải lại tệp xuất của toàn bộ biểu mẫu từ ODK Central."))
    stem = stem_of[main_name]
    repeats = {stem_of[m].removeprefix(stem + "-"): t for m, t in tables.items() if m != main_name}
    return tables[main_name], repeats


def _read_spss(path: Path) -> ExportTable:
    try:
        import pyreadstat
    except ImportError:
        raise MissingDependencyError(
            Text("Reading SPSS .sav files needs the optional package pyreadstat, which is not installed.",
                 "Để đọc tệp SPSS .sav cần gói tùy chọn pyreadstat, nhưng gói này chưa được cài đặt."),
            source=path, fix=Text("Install it with: pip install tdkt-eval[spss]  (or export the data as CSV).",
                                  "Cài đặt bằng lệnh: pip install tdkt-eval[spss]  (hoặc xuất dữ liệu ra CSV)."),
        ) from None
    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=False)
    except Exception as exc:  # noqa: BLE001 - pyreadstat raises its own classes for damaged files
        raise MalformedFileError(
            Text("The SPSS file cannot be read ({error}: {exc}).", "Không đọc được tệp SPSS ({error}).",
                 {"error": type(exc).__name__, "exc": exc}), source=path,
            fix=Text("Save the data again from SPSS as .sav, or export it as CSV.",
                     "Hãy lưu lại dữ liệu từ SPSS thành .sav, hoặc xuất ra CSV.")) from None
    rows = [list(meta.column_names)]
    rows += frame.astype("object").where(frame.notna(), None).to_numpy().tolist()
    return _table(rows, str(path), value_labels=meta.variable_value_labels)


def read_export(path: Path, format: str, *, sheet: str | int | None = None,
                score: Callable[[list[str]], int] | None = None) -> SurveyExport:
    """Read every table of an export file.

    Parameters
    ----------
    path : Path
        The file.
    format : str
        One of :data:`FORMATS`, or "auto" to detect it.
    sheet : str or int, optional
        Main sheet of a workbook (the first by default).
    score : callable, optional
        Counts the known column names among a row's cells; finds the header row
        of hand-typed sheets below their title rows.

    Returns
    -------
    SurveyExport
    """
    if format not in (*FORMATS, "auto"):
        raise InvalidParameterError(f"The 'format' parameter of load_survey must be one of "
                                    f"{{'auto', {', '.join(map(repr, FORMATS))}}}. Got {format!r} instead.")
    if not path.is_file():
        raise InputFileNotFoundError(
            Text("The file does not exist.", "Tệp không tồn tại.") if not path.exists()
            else Text("The path is a folder.", "Đường dẫn này là một thư mục, không phải một tệp."),
            source=path, fix=Text("Check the path and the file name.", "Kiểm tra lại đường dẫn và tên tệp."))
    suffix = path.suffix.lower()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    expected = {"spss": SPSS_SUFFIXES, "odk_zip": (".zip",), "kobo_xlsx": EXCEL_SUFFIXES,
                "kobo_csv": TEXT_SUFFIXES, "odk_csv": TEXT_SUFFIXES + EXCEL_SUFFIXES,
                "excel": TEXT_SUFFIXES + EXCEL_SUFFIXES}
    if format != "auto" and suffix not in expected[format]:
        found = {"format": repr(format), "expected": "/".join(expected[format]), "suffix": suffix}
        raise UnsupportedFormatError(
            Text("format={format} expects a {expected} file, but the file is {suffix}.",
                 "format={format} cần một tệp {expected}, nhưng tệp này là {suffix}.", found) if suffix else
            Text("format={format} expects a {expected} file, but the file is without extension.",
                 "format={format} cần một tệp {expected}, nhưng tệp này không có phần mở rộng.", found),
            source=path, fix=Text("Leave format='auto', or pass the format that matches the file.",
                                  "Để format='auto', hoặc truyền định dạng đúng với tệp."))
    detected = detect_format(path)
    if detected in ("spss", "odk_zip") or format in ("spss", "odk_zip"):
        format = detected if format == "auto" else format
    else:
        raw = read_raw(path, sheet=sheet)  # unsupported suffixes and damaged workbooks fail here, clearly
        if format == "auto":
            format = detect_format(path, raw.rows[0] if raw.rows else ())
    if format == "spss":
        return SurveyExport(format=format, main=_read_spss(path), repeats={}, sha256=digest)
    if format == "odk_zip":
        main, repeats = _read_zip(path)
        return SurveyExport(format=format, main=main, repeats=repeats, sha256=digest)
    _check_complete(raw, path)
    start = _header_row(raw.rows, score) if format == "excel" and score is not None else 0
    main = _table(raw.rows, raw.label, header_at=start, sheet=raw.sheet,
                  source=None if raw.sheet is None else path)
    repeats = _read_repeat_sheets(path, raw.sheet) if format == "kobo_xlsx" else {}
    return SurveyExport(format=format, main=main, repeats=repeats, sha256=digest)
