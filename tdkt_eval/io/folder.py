"""Load and check a whole campaign folder: every file and sheet, recognised or not.

Council folders are not tidy: a workbook is called ``Khen thưởng 2022-2023.xlsx``
or ``DS khen thuong nam 2023 (1).xlsx``, one workbook holds the units and the
rewards on two sheets, a year's records sit beside the next year's in a second
file.  This module finds the table in each file and sheet, by the words of its
name and then by its headers; stacks sources of one table whose columns agree;
loads each table, collecting every problem instead of stopping at the first;
checks the tables against each other (a reward for a unit missing from the
units list); and says, for every file or sheet it did not use, why.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._messages import RowList, Text
from ..errors import DataQualityWarning, TdktInputError
from ..i18n import Lang, label
from ._archive import scan_workbook
from .contracts import TABLES, Table, get_table
from .headers import alias_index, find_header_row, header_cells, match_header
from .privacy import PersonalData, ValueList
from .columnar import PARQUET_SUFFIXES
from .parquet import read_validated, validated_kind
from .readers import EXCEL_SUFFIXES, TEXT_SUFFIXES, RawTable, read_raw
from .records import _Privacy, _privacy, records_from_raw
from .text import fold
from .vocabulary import USER_VOCABULARY_FILES, load_user_vocabulary

__all__ = ["SURVEY_FORMS", "Problem", "Source", "FolderCheck", "kind_from_name", "check_folder",
           "load_dataset", "load_and_check", "check_directory", "find_table_files", "problems_frame"]

#: The shipped form each survey table is checked against (see :func:`check_folder`).
SURVEY_FORMS = {"staff_responses": "staff", "citizen_responses": "citizen"}

# Words of file and sheet names, folded (no accents, lower case), per table.  The longest
# phrase found in a name wins; a tie leaves the choice to the headers.
_NAME_PHRASES = {
    "staff_responses": ("staff", "staff responses", "khao sat can bo", "phieu can bo", "phieu khao sat can bo",
                        "khao sat cbccvc", "phieu khao sat cbccvc", "khao sat can bo cong chuc"),
    "citizen_responses": ("citizen", "citizens", "citizen responses", "khao sat nguoi dan", "phieu nguoi dan",
                          "phieu khao sat nguoi dan", "nguoi dan"),
    "inspections": ("inspections", "inspection", "kiem tra", "thanh tra", "kiem tra giam sat", "dot kiem tra"),
    "cluster_scores": ("cluster scores", "cham diem", "diem cum", "bang cham diem", "cham diem thi dua",
                       "diem thi dua"),
    "cluster_results": ("cluster results", "ket qua cum", "xep hang cum", "ket qua thi dua", "xep hang",
                        "ket qua xep hang", "binh xet"),
    "criteria": ("criteria", "tieu chi", "dang ky thi dua", "chi tieu thi dua", "bang tieu chi"),
    "rewards": ("rewards", "reward", "khen thuong", "quyet dinh khen thuong", "de nghi khen thuong",
                "danh sach khen thuong", "khen", "danh hieu thi dua"),
    "personnel": ("personnel", "roster", "nhan su", "danh sach can bo", "can bo cong chuc", "cbccvc",
                  "danh sach cbccvc", "xep loai can bo", "danh gia xep loai"),
    "workforce": ("workforce", "bien che", "so luong", "so luong lao dong", "so luong can bo", "so luong cbccvc",
                  "thong ke so luong", "lao dong"),
    "reports": ("reports", "bao cao", "so ket", "tong ket", "bao cao so ket", "bao cao tong ket"),
    "units": ("units", "don vi", "danh sach don vi", "co quan don vi", "danh muc don vi"),
    "movements": ("movements", "phong trao", "danh sach phong trao", "phong trao thi dua"),
    "admin_crosswalk": ("admin crosswalk", "crosswalk", "chuyen doi dia gioi", "bang chuyen doi",
                        "bang chuyen doi dia gioi", "sap xep don vi hanh chinh", "don vi hanh chinh moi",
                        "dia gioi hanh chinh", "sap nhap xa", "doi chieu dia gioi"),
}
# Names that are never a table of the contracts, whatever else they say.  ("nhãn", labels, is
# left out: folded it is "nhan", the word of "nhân sự".)
_NOT_A_TABLE = ("frame", "khung mau", "labels", "planted", "codebook", "huong dan", "readme",
                "ghi chu", "mau bieu", "bieu mau")
_DICTIONARY_NAMES = ("tu dien", "dictionary")
_MIN_HEADER_FIT = 0.75  # share of a table's required columns a sheet's headers must match to be taken for it
_HEADER_ROWS = 30


# ---------------------------------------------------------------- recognising a table
def _words(name: str) -> str:
    """A name as folded words without digits: 'DS khen_thuong 2023 (1)' → ' ds khen thuong '."""
    text = re.sub(r"[^a-z]+", " ", fold(name).replace("đ", "d"))
    return f" {' '.join(text.split())} "


def kind_from_name(name: str) -> str | None:
    """The table a file or sheet name speaks of, by its words; None when it says nothing or is ambiguous.

    Years, numbers, copies ("(1)"), case, accents and separators are ignored.

    Examples
    --------
    >>> kind_from_name("Khen thưởng 2022-2023"), kind_from_name("DS khen thuong nam 2023 (1)")
    ('rewards', 'rewards')
    >>> kind_from_name("BC kiem tra 2023"), kind_from_name("Danh sách đơn vị")
    ('inspections', 'units')
    >>> kind_from_name("Sheet1") is None, kind_from_name("citizen_frame") is None
    (True, True)
    """
    words = _words(name)
    if any(f" {w} " in words for w in _NOT_A_TABLE):
        return None
    best: dict[str, int] = {}
    for kind, phrases in _NAME_PHRASES.items():
        for phrase in phrases:
            if f" {phrase} " in words:
                best[kind] = max(best.get(kind, 0), len(phrase.split()))
    if not best:
        return None
    top = max(best.values())
    winners = [k for k, n in best.items() if n == top]
    return winners[0] if len(winners) == 1 else None


def _header_fit(rows: Sequence[Sequence[object]], table: Table) -> float:
    """Share of the table's required columns named by the header (one or two rows) the loader would take."""
    start, depth = find_header_row(rows[:_HEADER_ROWS], table)
    index = alias_index(table)
    found = set()
    for cell in header_cells(rows, start, depth, table):
        if isinstance(cell, str) and cell.strip() and (match := match_header(cell, index)):
            found.add(match[0])
    required = [c.name for c in table.columns if c.required]
    return sum(c in found for c in required) / len(required) if required else 0.0


def _kind_from_headers(rows: Sequence[Sequence[object]]) -> tuple[str | None, float]:
    fits = {kind: _header_fit(rows, table) for kind, table in TABLES.items()}
    top = max(fits.values())
    winners = [k for k, f in fits.items() if f == top]
    return (winners[0] if len(winners) == 1 and top >= _MIN_HEADER_FIT else None), top


def _has_cells(raw: RawTable) -> bool:
    return any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for c in raw.columns for v in c.values)


# ---------------------------------------------------------------- the folder's sources
@dataclass
class Source:
    """One file, or one sheet of a workbook, and what became of it.

    Attributes
    ----------
    path : Path
    sheet : str or None
        The sheet of a workbook; None for text files.
    kind : str or None
        The table it was recognised as.
    how : str
        "name", "sheet", "headers", "converted" (a Parquet file written by
        ``tdkt-eval convert``) or "" (not recognised).
    status : str
        "ok", "warning", "error" or "unused".
    rows : int or None
        Records loaded.
    reason : Text or None
        Why an unused source was not used.
    sha256 : str or None
        Hash of the file's bytes, once read (provenance).
    """

    path: Path
    sheet: str | None = None
    kind: str | None = None
    how: str = ""
    status: str = "ok"
    rows: int | None = None
    reason: Text | None = None
    sha256: str | None = None
    raw: RawTable | None = field(default=None, repr=False)  # the cells, until the source is loaded
    error: TdktInputError | None = field(default=None, repr=False)

    @property
    def file(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Problem:
    """One problem of a folder: where, what, and how to fix it (both languages)."""

    file: str
    sheet: str | None
    kind: str | None
    column: str | None
    rows: tuple[int, ...]
    severity: str  # "error" or "warning"
    problem: Text
    fix: Text

    @classmethod
    def from_error(cls, err: TdktInputError, source: Source) -> "Problem":
        return cls(source.file, source.sheet, source.kind, err.column, err.rows, "error", err.problem_text,
                   err.fix_text)

    @classmethod
    def from_warning(cls, warning: DataQualityWarning, source: Source) -> "Problem":
        text = warning.text
        named = {k: _source_name(source) for k in ("source", "label") if k in text.params}
        if named:  # the file's name instead of its full path (a path can carry a user's name)
            text = Text(text.en, text.vi, {**text.params, **named})
        return cls(source.file, source.sheet, source.kind, None, (), "warning", text, Text("", ""))


def _unused(path: Path, sheet: str | None, reason: Text) -> Source:
    return Source(path, sheet, status="unused", reason=reason)


_SUFFIX_REASON = {
    ".xls": Text("an Excel 97–2003 workbook: open it in Excel and save it as .xlsx",
                 "tệp Excel 97–2003 (.xls): mở bằng Excel và lưu lại dạng .xlsx"),
    ".ods": Text("an OpenDocument sheet: save it as .xlsx or CSV UTF-8",
                 "tệp OpenDocument (.ods): lưu lại dạng .xlsx hoặc CSV UTF-8"),
}


def _file_sources(path: Path) -> list[Source]:
    """The sources of one directory entry: a text file, each sheet of a workbook, or why none."""
    if path.is_dir():
        return [_unused(path, None, Text("a folder: files inside sub-folders are not read",
                                         "là thư mục: tệp trong thư mục con không được đọc"))]
    suffix = path.suffix.lower()
    if path.name.startswith("~$"):
        return [_unused(path, None, Text("an Excel lock file (the workbook is open in Excel)",
                                         "tệp khoá tạm của Excel (bảng tính đang mở trong Excel)"))]
    if suffix not in TEXT_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES:
        return [_unused(path, None, _SUFFIX_REASON.get(suffix, Text(
            "not a table file (.csv, .tsv, .txt or .xlsx)", "không phải tệp bảng (.csv, .tsv, .txt hoặc .xlsx)")))]
    if suffix in PARQUET_SUFFIXES and (kind := validated_kind(path)):
        return [Source(path, kind=kind, how="converted")]  # written by tdkt-eval convert: read as it is
    if suffix in TEXT_SUFFIXES + PARQUET_SUFFIXES:
        return [Source(path)]
    try:  # only to list the sheets (within the limits, openpyxl not involved); read_raw reads them
        states = scan_workbook(path).states
    except TdktInputError:  # a damaged or oversized workbook is reported by read_raw when loaded
        return [Source(path)]
    if not states:
        return [Source(path)]
    hidden = Text("hidden sheet", "trang tính ẩn")
    return [Source(path, sheet=name) if state == "visible" else _unused(path, name, hidden)
            for name, state in states.items()]


def _recognise(source: Source, single_sheet: bool) -> None:
    """Set the source's kind (and how it was found), or mark it unused with the reason."""
    file_kind = kind_from_name(source.path.stem)
    sheet_kind = kind_from_name(source.sheet) if source.sheet and not single_sheet else None
    if not _has_cells(source.raw):
        source.status, source.reason = "unused", Text("empty", "trống")
        return
    top = source.raw.head(_HEADER_ROWS + 1)  # a header and the row under it
    header_kind, _ = _kind_from_headers(top)
    file_fit = _header_fit(top, get_table(file_kind)) if file_kind else 0.0
    if header_kind and header_kind != file_kind and file_fit < _MIN_HEADER_FIT:  # the headers say what it is
        file_kind = None  # e.g. "Danh sách cán bộ được khen thưởng.csv" holds rewards, not a roster
    if sheet_kind:
        source.kind, source.how = sheet_kind, "sheet"
    elif file_kind and (single_sheet or source.sheet is None or file_fit >= 0.5):
        source.kind, source.how = file_kind, "name"
    elif header_kind:
        source.kind, source.how = header_kind, "headers"
    elif file_kind and file_fit >= 0.3:
        source.kind, source.how = file_kind, "name"
    else:
        source.status = "unused"
        source.reason = Text("neither its name nor its headers match a table (see data/README.md for the names "
                             "and headers of each table)",
                             "tên và dòng tiêu đề không khớp với bảng dữ liệu nào (xem tên tệp và tiêu đề cột "
                             "của từng bảng trong data/README.md)")


def _is_dictionary(path: Path) -> bool:
    """The user's dictionary of spellings (``tu_dien.csv``, see :func:`.vocabulary.load_user_vocabulary`)."""
    return path.is_file() and fold(path.name) in USER_VOCABULARY_FILES


def list_sources(directory: str | Path) -> list[Source]:
    """Every file and sheet of a folder, each recognised as a table or marked unused with the reason.

    Workbooks are read sheet by sheet; hidden files are skipped, the user's
    dictionary (``tu_dien``) is left to the loader.
    """
    sources: list[Source] = []
    for path in sorted(Path(directory).iterdir()):
        if path.name.startswith("."):
            continue
        if _is_dictionary(path):
            sources.append(Source(path, how="dictionary"))
            continue
        entries = _file_sources(path)
        readable = [s for s in entries if s.status != "unused"]
        for source in entries:
            if source.status == "unused" or source.how == "converted":
                sources.append(source)
                continue
            try:
                source.raw = read_raw(source.path, sheet=source.sheet)
                source.sha256 = source.raw.sha256
            except Exception as err:  # noqa: BLE001 - unreadable (or a bug): reported for this file only
                source.kind, source.how = kind_from_name(path.stem), "name"
                source.status = "error"
                source.error = err if isinstance(err, TdktInputError) else _unexpected(err, source)
                sources.append(source)
                continue
            _recognise(source, single_sheet=len(readable) == 1)
            sources.append(source)
    return sources


# ---------------------------------------------------------------- loading
@dataclass
class _Loaded:
    """A table loaded from one or more sources, with each record's origin (file, sheet, row)."""

    frame: pd.DataFrame
    origin: pd.DataFrame  # columns file, sheet, row; aligned with frame
    sources: list[Source]


def _load_source(source: Source, forms: Mapping[str, object], privacy: _Privacy, vocabulary: object,
                 options: Mapping[str, object]) -> tuple[pd.DataFrame, np.ndarray]:
    """One source as a validated table and its spreadsheet rows."""
    personal_data, salt = privacy
    if source.how == "converted":
        frame = read_validated(source.path)
        return frame, np.arange(2, len(frame) + 2)
    if source.kind not in forms and source.raw is None:
        source.raw = read_raw(source.path, sheet=source.sheet)
    if source.kind in forms:
        from .surveys import load_survey

        frame = load_survey(source.path, forms[source.kind], kind=source.kind, sheet=source.sheet,
                            personal_data=personal_data, salt=salt)
        return frame, np.arange(2, len(frame) + 2)
    return records_from_raw(source.raw, source.kind, privacy=privacy, user_vocabulary=vocabulary, **options)


def _load_all(sources: list[Source], forms, privacy, vocabulary, options,
              kinds: Sequence[str] | None = None) -> tuple[dict[str, list], list[Problem]]:
    """Load every recognised source (of ``kinds``); collect all problems and notes, never stop at the first."""
    loaded: dict[str, list] = {}
    problems: list[Problem] = []
    for source in sources:
        if kinds is not None and source.kind not in kinds:
            continue
        if source.status == "error":
            problems.append(Problem.from_error(source.error, source))
            continue
        if source.status == "unused" or source.how == "dictionary":
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataQualityWarning)
            try:
                frame, rows = _load_source(source, forms, privacy, vocabulary, options)
            except TdktInputError as err:
                source.raw = None
                source.status = "error"
                problems.extend(Problem.from_error(e, source) for e in err.problems)
                continue
            except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the others
                source.raw = None
                source.status, source.error = "error", _unexpected(exc, source)
                problems.append(Problem.from_error(source.error, source))
                continue
        source.raw = None  # loaded: a national file's cells are not kept twice
        notes = [w.message for w in caught if isinstance(w.message, DataQualityWarning)]
        problems.extend(Problem.from_warning(n, source) for n in notes)
        source.status, source.rows = ("warning" if notes else "ok"), len(frame)
        loaded.setdefault(source.kind, []).append((source, frame, rows))
    return loaded, problems


def _unexpected(exc: Exception, source: Source) -> TdktInputError:
    """An error for ``source`` after an exception that is not the project's (a bug): the others carry on.

    Only the exception's class is named, since its text may quote a cell; the
    original stays as ``__cause__`` (the CLI shows its traceback with ``--debug``).
    """
    err = TdktInputError(
        Text("An unexpected problem ({kind}) stopped the reading of this file; the other files were checked.",
             "Một sự cố ngoài dự kiến ({kind}) đã dừng việc đọc tệp này; các tệp khác vẫn được kiểm tra.",
             {"kind": type(exc).__name__}),
        fix=Text("This is probably a bug in tdkt-eval: please report it (rerun with --debug for the details). "
                 "Meanwhile, open the file and save it again as .xlsx or CSV UTF-8.",
                 "Đây có thể là lỗi của tdkt-eval: xin hãy báo lại (chạy lại với --debug để xem chi tiết). "
                 "Trong lúc chờ, hãy mở tệp và lưu lại dạng .xlsx hoặc CSV UTF-8."),
        source=source.file, sheet=source.sheet)
    err.__cause__ = exc
    return err


def _stack(kind: str, parts: list, problems: list[Problem]) -> _Loaded:
    """One table from its sources, stacked; a column some sources lack is left blank there, with a warning.

    Every part met the table's contract when it loaded, so the parts always fit
    together (a sheet of individual rewards beside one of collective rewards
    without the gender column); records repeated across them are reported.
    """
    def origin(source: Source, rows: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({"file": source.file, "sheet": source.sheet, "row": rows})

    if len(parts) == 1:
        source, frame, rows = parts[0]
        return _Loaded(frame, origin(source, rows), [source])
    columns = list(dict.fromkeys(c for _, frame, _ in parts for c in frame.columns))
    for source, frame, _ in parts:
        lacking = [c for c in columns if c not in frame.columns]
        if lacking:
            headers = {c: h for _, f, _ in parts for c, h in f.attrs.get("headers", {}).items()}
            problems.append(Problem(source.file, source.sheet, kind, None, (), "warning", Text(
                "stacked with the other sources of this table; it has no column(s) {columns}, left blank for its rows.",
                "được ghép với các tệp khác của cùng bảng; tệp này không có (các) cột {columns}, nên các ô đó để trống "
                "ở những dòng của tệp.", {"columns": ", ".join(repr(headers.get(c, c)) for c in lacking)}),
                Text("", "")))
    frame = pd.concat([p[1].reindex(columns=columns) for p in parts], ignore_index=True)
    frame.attrs = dict(parts[0][1].attrs, source="; ".join(_source_name(p[0]) for p in parts))
    origins = pd.concat([origin(p[0], p[2]) for p in parts], ignore_index=True)
    _check_stacked_key(kind, frame, origins, problems)
    return _Loaded(frame, origins, [p[0] for p in parts])


def _source_name(source: Source) -> str:
    return source.file if source.sheet is None else f"{source.file} [{source.sheet}]"


def _check_stacked_key(kind: str, frame: pd.DataFrame, origins: pd.DataFrame, problems: list[Problem]) -> None:
    """Records repeated across the stacked files (inside one file the loader already checked)."""
    key = [k for k in get_table(kind).key if k in frame.columns]
    if not key:
        return
    dup = frame.duplicated(subset=key, keep=False).to_numpy()
    if not dup.any():
        return
    where = origins.loc[dup]
    values = frame.loc[dup, key].astype("string").fillna("").agg(" / ".join, axis=1)
    for (file, sheet), rows in where.groupby(["file", "sheet"], dropna=False).groups.items():
        listed = ValueList(list(zip(values.loc[rows], where.loc[rows, "row"])))
        problems.append(Problem(file, None if pd.isna(sheet) else sheet, kind, None,
                                tuple(int(r) for r in where.loc[rows, "row"]), "error",
                                Text("records repeated in another file of the same table: {values}.",
                                     "bản ghi bị lặp lại ở một tệp khác của cùng bảng: {values}.", {"values": listed}),
                                Text("Keep each record in one file only.", "Mỗi bản ghi chỉ giữ ở một tệp.")))


# ---------------------------------------------------------------- across tables
_REFERENCES = (  # (column, register table, register column, what is missing)
    ("unit_id", "units", "unit_id", Text("units that are not in the units list", "đơn vị không có trong danh sách đơn vị")),
    ("movement_id", "movements", "movement_id",
     Text("movements that are not in the movements list", "phong trào không có trong danh sách phong trào")),
)


def _unknown(values: pd.Series, known: pd.Series) -> np.ndarray:
    return (values.notna() & ~values.isin(set(known.dropna()))).to_numpy()


def _reference_problems(kind: str, loaded: _Loaded, mask: np.ndarray, column: str, what: Text,
                        fix: Text) -> list[Problem]:
    out = []
    origin = loaded.origin.loc[mask]
    values = loaded.frame.loc[mask, column].astype("string")
    for (file, sheet), idx in origin.groupby(["file", "sheet"], dropna=False).groups.items():
        rows = origin.loc[idx, "row"]
        header = loaded.frame.attrs.get("headers", {}).get(column, column)
        out.append(Problem(file, None if pd.isna(sheet) else sheet, kind, header, tuple(int(r) for r in rows), "error",
                           Text("{n} row(s) refer to {what}: {values}.", "{n} dòng ghi {what}: {values}.",
                                {"n": len(idx), "what": what, "values": ValueList(list(zip(values.loc[idx], rows)))}),
                           fix))
    return out


def _cross_table_problems(tables: Mapping[str, _Loaded]) -> list[Problem]:
    """Records that point to a unit, movement or person the folder's registers do not have."""
    problems: list[Problem] = []
    for column, register, key, what in _REFERENCES:
        if register not in tables:
            continue
        known = tables[register].frame[key]
        fix = Text("Add them to the {register} list ({file}) or correct the codes.",
                   "Bổ sung vào danh sách {register} (tệp {file}) hoặc sửa lại mã.",
                   {"register": Text(label(register, "en"), label(register, "vi").lower()),
                    "file": ", ".join(s.file for s in tables[register].sources)})
        for kind, loaded in tables.items():
            if kind == register or column not in loaded.frame.columns:
                continue
            mask = _unknown(loaded.frame[column], known)
            if mask.any():
                problems += _reference_problems(kind, loaded, mask, column, what, fix)
    if "rewards" in tables and "personnel" in tables:
        rewards = tables["rewards"].frame
        people = rewards["recipient_type"].eq("individual").fillna(False).to_numpy()
        mask = people & _unknown(rewards["recipient_id"], tables["personnel"].frame["person_id"])
        if mask.any():
            fix = Text("Add these people to the staff list ({file}) or correct their codes.",
                       "Bổ sung những người này vào danh sách cán bộ (tệp {file}) hoặc sửa lại mã.",
                       {"file": ", ".join(s.file for s in tables["personnel"].sources)})
            problems += _reference_problems("rewards", tables["rewards"], mask, "recipient_id",
                                            Text("people who are not in the staff list",
                                                 "người không có trong danh sách cán bộ"), fix)
    return problems


# ---------------------------------------------------------------- the folder check
@dataclass
class FolderCheck:
    """What a campaign folder holds: the tables loaded, every source, and every problem.

    Attributes
    ----------
    tables : dict of str to DataFrame
        The tables that loaded, keyed by kind, in contract order.
    sources : list of Source
        Every file and sheet, used or not, with the reason for those not used.
    problems : list of Problem
        Every problem and note, with file, sheet, column, rows and fix.
    """

    tables: dict[str, pd.DataFrame]
    sources: list[Source]
    problems: list[Problem]

    @property
    def errors(self) -> int:
        """Number of problems of severity "error"."""
        return sum(p.severity == "error" for p in self.problems)

    def problems_of(self, source: Source) -> list[Problem]:
        """The problems found in one file or sheet."""
        return [p for p in self.problems if p.file == source.file and p.sheet == source.sheet]

    def status(self, source: Source) -> str:
        """"unused", or "error", "warning" or "ok" by the worst of the source's problems."""
        own = self.problems_of(source)
        if source.status == "unused":
            return "unused"
        if any(p.severity == "error" for p in own):
            return "error"
        return "warning" if own else source.status

    def inventory(self, lang: Lang = "en") -> pd.DataFrame:
        """One row per file or sheet: file, sheet, kind, rows, status and a summary of its problems."""
        records = []
        for s in self.sources:
            own, status = self.problems_of(s), self.status(s)
            problem = "; ".join(p.problem.render(lang) for p in own) or (s.reason.render(lang) if s.reason else "")
            fix = "; ".join(dict.fromkeys(p.fix.render(lang) for p in own if p.fix.en))
            records.append(dict(kind=s.kind, file=s.file, sheet=s.sheet, rows=s.rows if s.rows is not None else pd.NA,
                                status=status, problem=problem, fix=fix))
        return pd.DataFrame(records, columns=["kind", "file", "sheet", "rows", "status", "problem", "fix"])


def _user_vocabulary(directory: Path) -> object:
    if not any(_is_dictionary(p) for p in directory.iterdir()):
        return None
    return load_user_vocabulary(directory)


def check_folder(directory: str | Path, *, kinds: Sequence[str] | None = None,
                 forms: Mapping[str, object] = SURVEY_FORMS, personal_data: PersonalData = "drop",
                 salt: str | bytes | None = None, **options: object) -> FolderCheck:
    """Recognise, load and check every file and sheet of a campaign folder, collecting all problems.

    Parameters
    ----------
    directory : str or Path
        The folder.  Files are recognised by the words of their names
        (``khen_thuong_2023.xlsx``, ``DS khen thuong nam 2023 (1).xlsx``), each
        sheet of a workbook by its sheet name, and otherwise by their headers.
        Several sources of one table are stacked when their columns agree.
        A ``tu_dien.csv``/``.yaml`` file in the folder adds the user's own
        spellings of codes.
    kinds : sequence of str, optional
        Load only these tables (every file and sheet is still recognised and listed).
    forms : mapping, default ``SURVEY_FORMS``
        Survey kind → its form; those tables are read with :func:`tdkt_eval.load_survey`.
    personal_data, salt
        As in :func:`tdkt_eval.load_records`.
    **options
        Passed to :func:`tdkt_eval.load_records` for record tables (``missing_codes``, ``legacy``).

    Returns
    -------
    FolderCheck

    Examples
    --------
    >>> from tdkt_eval.paths import demo_dir
    >>> check = check_folder(demo_dir())
    >>> sorted(check.tables)[:3], check.errors
    (['admin_crosswalk', 'citizen_responses', 'cluster_results'], 0)
    """
    privacy = _privacy(personal_data, salt, "check_folder")
    directory = Path(directory)
    problems: list[Problem] = []
    vocabulary = None
    try:
        vocabulary = _user_vocabulary(directory)
    except TdktInputError as err:
        problems += [Problem(Path(err.source or "tu_dien.csv").name, None, None, err.column, err.rows, "error",
                             err.problem_text, err.fix_text)]
    sources = list_sources(directory)
    wanted = None if kinds is None else [get_table(k).kind for k in kinds]
    loaded, load_problems = _load_all(sources, forms, privacy, vocabulary, options, wanted)
    problems += load_problems
    stacked = {kind: _stack(kind, loaded[kind], problems) for kind in TABLES if kind in loaded}
    problems += _cross_table_problems(stacked)
    return FolderCheck({k: v.frame for k, v in stacked.items()}, sources, problems)


def problems_frame(check: FolderCheck, lang: Lang = "en") -> pd.DataFrame:
    """Every problem as a table a clerk can work through, with headers and texts in ``lang``.

    Columns: file, sheet, table, column, rows, severity, problem, fix (their
    names in ``lang``); sources not used are listed too, with the reason.
    """
    vi = lang == "vi"
    records = [(p.file, p.sheet or "", label(p.kind, lang) if p.kind else "", p.column or "",
                RowList(p.rows, limit=50).render(lang) if p.rows else "", label(p.severity, lang),
                p.problem.render(lang), p.fix.render(lang)) for p in check.problems]
    records += [(s.file, s.sheet or "", "", "", "", label("unused", lang),
                 ("Không dùng: " if vi else "Not used: ") + s.reason.render(lang), "")
                for s in check.sources if s.status == "unused" and s.reason is not None]
    names = ["file", "sheet", "table", "column", "rows", "severity", "problem", "fix"]
    return pd.DataFrame(records, columns=[label(f"pf_{n}", lang) for n in names])


# ---------------------------------------------------------------- the older, simpler entry points
def find_table_files(directory: str | Path) -> dict[str, Path]:
    """Map each recognised kind to the first file that holds it (see :func:`check_folder`).

    Examples
    --------
    >>> from tdkt_eval.paths import demo_dir
    >>> find_table_files(demo_dir())["rewards"].name
    'rewards.csv'
    """
    found: dict[str, Path] = {}
    for source in list_sources(directory):
        if source.kind is not None:
            found.setdefault(source.kind, source.path)
    return found


def load_dataset(directory: str | Path, *, kinds: Sequence[str] | None = None,
                 forms: Mapping[str, object] = SURVEY_FORMS, personal_data: PersonalData = "drop",
                 salt: str | bytes | None = None, **options: object) -> dict[str, pd.DataFrame]:
    """Load every recognised table of a campaign folder; raise on the first table with errors.

    Parameters are those of :func:`check_folder`; ``kinds`` keeps only those tables.

    Returns
    -------
    dict of str to DataFrame
        Keyed by kind, in contract order.

    Raises
    ------
    TdktInputError
        The first problem of the first table that did not load (all of them
        in ``.problems``); :func:`check_folder` lists them without raising.
    """
    check = check_folder(directory, kinds=kinds, forms=forms, personal_data=personal_data, salt=salt, **options)
    wanted = list(TABLES) if kinds is None else [get_table(k).kind for k in kinds]
    failed = [p for p in check.problems if p.severity == "error" and p.kind in wanted and p.kind not in check.tables]
    if failed:
        first = failed[0]
        raise TdktInputError(first.problem, fix=first.fix, source=first.file, column=first.column,
                             rows=first.rows, sheet=first.sheet)
    return {k: check.tables[k] for k in wanted if k in check.tables}


def load_and_check(directory: str | Path, *, forms: Mapping[str, object] = SURVEY_FORMS,
                   personal_data: PersonalData = "drop", salt: str | bytes | None = None,
                   lang: Lang = "en") -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The tables that loaded and one row per file or sheet (see :meth:`FolderCheck.inventory`)."""
    check = check_folder(directory, forms=forms, personal_data=personal_data, salt=salt)
    return check.tables, check.inventory(lang)


def check_directory(directory: str | Path, lang: Lang = "en") -> pd.DataFrame:
    """Validate every file of a folder; the inventory of :func:`check_folder`."""
    return load_and_check(directory, lang=lang)[1]
