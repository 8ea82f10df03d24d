"""Reading XLSForm workbooks: the sheets survey, choices and settings, cell by cell.

This is the parsing layer behind :func:`tdkt_eval.io.instruments.load_instrument`.
It turns the three sheets into plain rows that remember their spreadsheet row
numbers, so that every error can name the file, the sheet, the row and the fix.
It also runs pyxform on a form (:func:`run_pyxform`) and writes workbooks whose
bytes do not depend on the clock (:func:`workbook_bytes`).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._messages import describe_values
from ..errors import FormError, SheetNotFoundError
from .readers import EXCEL_SUFFIXES, read_raw
from .text import nfc

__all__ = [
    "FormError", "FormRow", "ChoiceRow", "ParsedForm", "PyxformResult",
    "parse_xlsform", "language_code", "yes_no", "is_scale", "label_problems", "scale_problems", "run_pyxform",
    "workbook_bytes", "sheets_bytes", "SKIPPED_TYPES", "UNLABELLED_TYPES",
]

#: Survey rows that are not questions: group and repeat markers, notes.
SKIPPED_TYPES = frozenset({"begin_group", "end_group", "begin_repeat", "end_repeat", "note"})
#: Types that carry no label (metadata, calculations, closing markers).
UNLABELLED_TYPES = frozenset({
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
    "email", "audit", "calculate", "hidden", "end_group", "end_repeat", "start-geopoint",
    "background-audio", "xml-external", "csv-external",
})
#: When the workbooks written by :func:`workbook_bytes` claim to have been made.
FIXED_TIME = _dt.datetime(2025, 1, 1)

_SELECT = re.compile(
    r"^(select_one|select_multiple|select one|select all that apply|select_one_from_file|"
    r"select_multiple_from_file|rank)\s+(\S+)(\s+or_other)?$", re.IGNORECASE)
_SELECT_BASE = {"select one": "select_one", "select all that apply": "select_multiple"}
_NAME = re.compile(r"^[^\W\d][\w.-]*$")
_LANG_CODE = re.compile(r"\(([^()]+)\)\s*$")
_OPEN = {"begin_group": "end_group", "begin_repeat": "end_repeat"}
#: Smallest number of items of a construct measured by Likert items.
MIN_SCALE_ITEMS = 3
_TRUE = frozenset({"1", "yes", "true", "true()", "x", "có"})
_FALSE = frozenset({"", "0", "no", "false", "false()", "không"})


@dataclass(frozen=True, slots=True)
class FormRow:
    """One non-empty row of the survey sheet.

    ``base`` is the normalised type (``select_one``, ``begin_group`` …),
    ``group`` the names of the enclosing groups and ``cells`` every other
    column, keyed by its lower-case header.
    """

    row: int
    type: str
    base: str
    list_name: str | None
    name: str
    labels: dict[str, str]
    hints: dict[str, str]
    cells: dict[str, str]
    group: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChoiceRow:
    """One row of the choices sheet."""

    row: int
    list_name: str
    name: str
    labels: dict[str, str]


@dataclass(frozen=True, slots=True)
class ParsedForm:
    """The sheets of an XLSForm as rows, with where they came from."""

    path: Path
    rows: tuple[FormRow, ...]
    choices: dict[str, tuple[ChoiceRow, ...]]
    settings: dict[str, str]
    languages: tuple[str, ...]
    default_language: str
    label_columns: dict[str, tuple[str, ...]]  # sheet -> languages that have a label column

    def where(self, sheet: str) -> str:
        """The file and sheet, for messages."""
        return f"{self.path} [sheet '{sheet}']"

    @property
    def missing_codes(self) -> tuple[str, ...]:
        """Codes in the settings column ``missing_codes`` (split on spaces, commas, semicolons)."""
        return _split_codes(self.settings.get("missing_codes", ""))

    @property
    def title(self) -> dict[str, str]:
        """``form_title`` under the default language, plus ``form_title_<code>`` columns."""
        title = {self.default_language: self.settings.get("form_title", self.path.stem)}
        title.update({key[len("form_title_"):]: text for key, text in self.settings.items()
                      if key.startswith("form_title_") and text})
        return title


def _split_codes(text: str) -> tuple[str, ...]:
    return tuple(code for code in re.split(r"[\s,;]+", text) if code)


def yes_no(text: str, *, row: int, column: str, where: str) -> bool:
    """Read a yes/no cell (``1``/``yes``/``true`` or empty/``0``/``no``); FormError otherwise.

    Examples
    --------
    >>> yes_no("1", row=2, column="reverse", where="f.xlsx"), yes_no("", row=2, column="reverse", where="f.xlsx")
    (True, False)
    """
    value = text.strip().lower()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise FormError(f"Row {row}: '{text}' in column '{column}' is not a yes/no value.", source=where,
                    fix="Write 1 (or yes) for yes and leave the cell empty (or 0) for no.")


def language_code(language: str) -> str:
    """The language code of an XLSForm language name: the part in brackets, if any.

    Examples
    --------
    >>> language_code("Vietnamese (vi)"), language_code("English"), language_code("")
    ('vi', 'English', 'default')
    """
    language = language.strip()
    match = _LANG_CODE.search(language)
    if match:
        return match.group(1).strip()
    return language or "default"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return nfc(str(value))


def _header(cell: str) -> tuple[str, str | None]:
    """``'label::Vietnamese (vi)'`` -> ``('label', 'vi')``; ``'list name'`` -> ``('list_name', None)``."""
    column, sep, language = cell.partition("::")
    column = "_".join(column.strip().lower().split())
    return (column, language_code(language)) if sep else (column, None)


_Cells = dict[tuple[str, str | None], str]
_Sheet = tuple[list[tuple[str, str | None]], list[tuple[int, _Cells]]]


def _read_sheet(path: Path, sheet: str, *, required: bool) -> _Sheet | None:
    """Header keys and rows ``(row number, {(column, language): text})``; None if absent and optional."""
    try:
        table = read_raw(path, sheet=sheet)
    except SheetNotFoundError as exc:
        if not required:
            return None
        raise FormError(
            f"The workbook has no '{sheet}' sheet. {exc.problem}", source=path,
            fix=f"An XLSForm needs the sheets survey, choices and settings; add a sheet named '{sheet}'.",
        ) from None
    if not table.rows or not any(_text(c) for c in table.rows[0]):
        if not required:
            return [], []
        raise FormError("The sheet is empty or its first row is blank.", source=f"{path} [sheet '{sheet}']",
                        fix="Put the column headers (type, name, label::…) in row 1.")
    keys = [_header(_text(c)) if _text(c) else None for c in table.rows[0]]
    seen: dict[tuple[str, str | None], int] = {}
    for pos, key in enumerate(keys):
        if key is not None and key in seen:
            raise FormError(
                f"Columns {seen[key] + 1} and {pos + 1} have the same header '{_text(table.rows[0][pos])}'.",
                source=f"{path} [sheet '{sheet}']", fix="Delete or rename one of the two columns.")
        if key is not None:
            seen[key] = pos
    out = []
    for number, raw in enumerate(table.rows[1:], start=2):
        cells = {key: _text(value) for key, value in zip(keys, raw) if key is not None and _text(value)}
        if cells:
            out.append((number, cells))
    return [key for key in keys if key is not None], out


def _translated(cells: dict, column: str, default_lang: str) -> dict[str, str]:
    return {default_lang if lang is None else lang: text
            for (col, lang), text in cells.items() if col == column}


def _plain(cells: dict) -> dict[str, str]:
    return {col: text for (col, lang), text in cells.items() if lang is None}


def _languages(header: list[tuple[str, str | None]], default_lang: str) -> tuple[str, ...]:
    """Languages with a label column, in column order."""
    return tuple(dict.fromkeys(default_lang if lang is None else lang for col, lang in header if col == "label"))


def _split_type(text: str, row: int, where: str) -> tuple[str, str | None]:
    match = _SELECT.match(" ".join(text.split()))
    if match:
        base = match.group(1).lower()
        return _SELECT_BASE.get(base, base), match.group(2)
    if text.lower().startswith(("select_one", "select_multiple", "select one")):
        raise FormError(f"Row {row}: type '{text}' names no choice list.", source=where,
                        fix="Write the list after the type, e.g. 'select_one agree5'.")
    return "_".join(text.lower().split()), None


def parse_xlsform(path: str | Path) -> ParsedForm:
    """Read the survey, choices and settings sheets of an XLSForm.

    Parameters
    ----------
    path : str or Path
        An .xlsx (or .xlsm) XLSForm.

    Returns
    -------
    ParsedForm

    Raises
    ------
    FormError
        A sheet is missing, a header repeats, a row has no name, groups do not
        close, or a choice repeats within its list.  The message names the
        file, sheet and row.

    Examples
    --------
    >>> from tdkt_eval.paths import shipped_file
    >>> form = parse_xlsform(shipped_file("forms/citizen.xlsx"))
    >>> form.languages, form.settings["form_id"]
    (('vi', 'en'), 'tdkt_citizen')
    """
    path = Path(path)
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise FormError(f"'{path.suffix or 'no extension'}' is not an XLSForm workbook.", source=path,
                        fix="Give the .xlsx file of the form (sheets survey, choices, settings).")
    _, settings_rows = _read_sheet(path, "settings", required=False) or ([], [])
    settings = _plain(settings_rows[0][1]) if settings_rows else {}
    default_lang = language_code(settings.get("default_language", ""))
    survey_header, survey_rows = _read_sheet(path, "survey", required=True)
    where = f"{path} [sheet 'survey']"
    rows, stack = [], []
    for number, cells in survey_rows:
        plain = _plain(cells)
        text_type, name = plain.pop("type", ""), plain.pop("name", "")
        if not text_type:
            if name:
                raise FormError(f"Row {number} ('{name}') has no type.", source=where,
                                fix="Fill in the type column (e.g. text, integer, select_one agree5).")
            continue
        base, list_name = _split_type(text_type, number, where)
        if base in ("end_group", "end_repeat"):
            if not stack or _OPEN[stack[-1][0]] != base:
                raise FormError(f"Row {number}: '{text_type}' has no matching begin.", source=where,
                                fix="Delete the row or add the matching begin_group/begin_repeat above it.")
            stack.pop()
        elif not name:
            raise FormError(f"Row {number} (type '{text_type}') has no name.", source=where,
                            fix="Give every question, note and group a name (letters, digits, _).")
        elif not _NAME.match(name):
            raise FormError(f"Row {number}: '{name}' is not a valid name.", source=where,
                            fix="Use a letter first, then letters, digits, '_', '-' or '.'; no spaces.")
        rows.append(FormRow(row=number, type=text_type, base=base, list_name=list_name, name=name,
                            labels=_translated(cells, "label", default_lang),
                            hints=_translated(cells, "hint", default_lang), cells=plain,
                            group=tuple(n for _, n, _ in stack)))
        if base in _OPEN:
            stack.append((base, name, number))
    if stack:
        base, name, number = stack[-1]
        raise FormError(f"The {base} '{name}' opened on row {number} is never closed.", source=where,
                        fix=f"Add an {_OPEN[base]} row after its last question.")
    choice_header, choices = _parse_choices(path, default_lang)
    _check_rows(rows, choices, _split_codes(settings.get("missing_codes", "")), where)
    label_columns = {"survey": _languages(survey_header, default_lang),
                     "choices": _languages(choice_header, default_lang)}
    languages = tuple(dict.fromkeys(label_columns["survey"] + label_columns["choices"]))
    if default_lang == "default" and languages:
        default_lang = languages[0]
    return ParsedForm(path=path, rows=tuple(rows), choices=choices, settings=settings, languages=languages,
                      default_language=default_lang, label_columns=label_columns)


def _check_rows(rows: list[FormRow], choices: dict, missing: tuple[str, ...], where: str) -> None:
    """Names are unique in the whole form; choice lists exist; only Likert items are reverse-keyed."""
    codes = {name: [c.name for c in options] for name, options in choices.items()}
    first: dict[str, int] = {}
    for row in rows:
        if row.name in first:
            raise FormError(
                f"Rows {first[row.name]} and {row.row} both use the name '{row.name}'.", source=where,
                fix="Give every question and group its own name; exports drop group paths, so names "
                    "must be unique in the whole form.")
        if row.name:
            first[row.name] = row.row
        if row.list_name is not None and not row.base.endswith("_from_file") and row.list_name not in choices:
            known = ", ".join(repr(n) for n in choices) or "none"
            raise FormError(
                f"Row {row.row} ('{row.name}') uses the choice list '{row.list_name}', which is not on the "
                f"choices sheet (lists there: {known}).", source=where,
                fix=f"Add the list '{row.list_name}' to the choices sheet or correct the type.")
        reverse = yes_no(row.cells.get("reverse", ""), row=row.row, column="reverse", where=where)
        if reverse and not (row.base == "select_one" and is_scale(codes.get(row.list_name, []), missing)):
            raise FormError(
                f"Row {row.row}: '{row.name}' is marked reverse-keyed but is not a Likert item "
                f"(type '{row.type}').", source=where,
                fix="Reverse keying applies to select_one items with codes 1..k; clear the reverse cell.")


def is_scale(codes: tuple[str, ...] | list[str], missing: tuple[str, ...] | list[str] = ()) -> bool:
    """True when the codes, missing codes aside, are 1, 2, …, k with k >= 3 (a Likert list).

    Examples
    --------
    >>> is_scale(["1", "2", "3", "4", "5"]), is_scale(["1", "2", "3", "9"], ["9"]), is_scale(["1", "0"])
    (True, True, False)
    """
    kept = [c for c in codes if c not in missing]
    return len(kept) >= 3 and kept == [str(k) for k in range(1, len(kept) + 1)]


def scale_problems(form: ParsedForm) -> list[str]:
    """Messages for Likert items without a construct, scales with < 3 items, and misplaced missing codes.

    A Likert item is a ``select_one`` whose list passes :func:`is_scale`.
    Constructs without Likert items (single yes/no indicators) need no minimum.
    """
    problems, where, missing = [], form.where("survey"), form.missing_codes
    codes = {name: [c.name for c in rows] for name, rows in form.choices.items()}
    likert = [r for r in form.rows if r.base == "select_one" and is_scale(codes.get(r.list_name, []), missing)]
    orphans = [(r.name, r.row) for r in likert if not r.cells.get("construct")]
    if orphans:
        problems.append(str(FormError(f"Likert items without a construct: {describe_values(orphans)}.",
                                      source=where, fix="Fill in the 'construct' column for every Likert item.")))
    members: dict[str, list[str]] = {}
    for row in form.rows:
        if row.cells.get("construct"):
            members.setdefault(row.cells["construct"], []).append(row.name)
    for construct in dict.fromkeys(r.cells["construct"] for r in likert if r.cells.get("construct")):
        names = members[construct]
        if len(names) < MIN_SCALE_ITEMS:
            problems.append(str(FormError(
                f"Construct '{construct}' has {len(names)} item(s) ({', '.join(names)}); a scale needs at "
                f"least {MIN_SCALE_ITEMS}.", source=where, fix="Add items to the construct or merge it into another.")))
    for list_name in dict.fromkeys(r.list_name for r in likert):
        held = [c for c in codes[list_name] if c in missing]
        if held:
            problems.append(str(FormError(
                f"The Likert list '{list_name}' holds the missing code(s) {', '.join(held)}.",
                source=form.where("choices"),
                fix="Keep Likert lists to the codes 1..k; put 'don't know' in a separate item or list.")))
    unused = [c for c in missing if not any(c in listed for listed in codes.values())]
    if unused:
        problems.append(str(FormError(f"The missing code(s) {', '.join(unused)} are not a choice in any list.",
                                      source=form.where("settings"),
                                      fix="Correct the 'missing_codes' cell or add the choice.")))
    return problems


def label_problems(form: ParsedForm, languages: tuple[str, ...] | list[str]) -> list[str]:
    """Messages for label columns, labels and hints missing in any of ``languages``.

    Rows of types that carry no label (metadata, calculate, end markers) and
    groups with no label in any language are skipped; a hint given in one
    language must be given in all.
    """
    problems = []
    for sheet, present in form.label_columns.items():
        for lang in languages:
            if lang not in present and (sheet == "survey" or form.choices):
                problems.append(str(FormError(
                    f"There is no label column for language '{lang}'.", source=form.where(sheet),
                    fix=f"Add a column 'label::<Language> ({lang})' and fill it for every row.")))
    rows_by_sheet = {
        "survey": [(r.name, r.row, r.labels, r.hints) for r in form.rows if r.base not in UNLABELLED_TYPES
                   and (r.labels or r.base not in _OPEN)],  # a group with no label at all is structural
        "choices": [(f"{c.list_name}/{c.name}", c.row, c.labels, {}) for rows in form.choices.values()
                    for c in rows],
    }
    for sheet, rows in rows_by_sheet.items():
        for lang in (lang for lang in languages if lang in form.label_columns[sheet]):
            bare = [(name, row) for name, row, labels, _ in rows if not labels.get(lang)]
            half = [(name, row) for name, row, _, hints in rows if hints and not hints.get(lang)]
            for gap, what in ((bare, "label"), (half, "hint (other languages have one)")):
                if gap:
                    problems.append(str(FormError(
                        f"{len(gap)} row(s) have no '{lang}' {what}: {describe_values(gap)}.",
                        source=form.where(sheet), fix=f"Write the '{lang}' text in those rows.")))
    return problems


def _parse_choices(path: Path, default_lang: str) -> tuple[list, dict[str, tuple[ChoiceRow, ...]]]:
    sheet = _read_sheet(path, "choices", required=False)
    if sheet is None:
        return [], {}
    header, rows = sheet
    where = f"{path} [sheet 'choices']"
    out: dict[str, list[ChoiceRow]] = {}
    first_row: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        plain = _plain(cells)
        list_name, name = plain.get("list_name", ""), plain.get("name", "")
        if not list_name and not name:
            continue
        if not list_name or not name:
            raise FormError(f"Row {number} has {'a name' if name else 'a list_name'} but no "
                            f"{'list_name' if name else 'name'}.", source=where,
                            fix="Every choice needs both its list_name and its name (the code stored).")
        if (list_name, name) in first_row:
            raise FormError(
                f"Rows {first_row[list_name, name]} and {number} both define choice '{name}' of list "
                f"'{list_name}'.", source=where, fix="Give each choice of a list its own name (code).")
        first_row[list_name, name] = number
        out.setdefault(list_name, []).append(
            ChoiceRow(row=number, list_name=list_name, name=name,
                      labels=_translated(cells, "label", default_lang)))
    return header, {key: tuple(value) for key, value in out.items()}


@dataclass(frozen=True, slots=True)
class PyxformResult:
    """What pyxform made of a form, with the result codes of ``xls2xform --json``.

    ``code`` is 100 (converted), 101 (converted with warnings) or 999 (failed).
    The command line exits 0 even for 999, so programs must read the code.
    """

    code: int
    message: str
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the form converted (codes 100 and 101)."""
        return self.code in (100, 101)


def run_pyxform(path: str | Path) -> PyxformResult:
    """Convert an XLSForm with pyxform's Python API and report the outcome as a result code.

    Parameters
    ----------
    path : str or Path
        The XLSForm; it is read, never written.

    Returns
    -------
    PyxformResult

    Raises
    ------
    ModuleNotFoundError
        pyxform is not installed.

    Examples
    --------
    >>> from tdkt_eval.paths import shipped_file
    >>> run_pyxform(shipped_file("forms/inspection.xlsx")).code
    100
    """
    try:
        from pyxform.xls2xform import convert
    except ImportError:
        raise ModuleNotFoundError("Checking forms needs pyxform: pip install 'pyxform==4.5.0'.") from None
    warnings: list[str] = []
    try:
        convert(xlsform=str(path), warnings=warnings, validate=False)
    except Exception as exc:  # noqa: BLE001 - pyxform raises PyXFormError and, for some bad forms, others
        return PyxformResult(code=999, message=f"{type(exc).__name__}: {exc}", warnings=tuple(warnings))
    if warnings:
        return PyxformResult(code=101, message="Ok with warnings.", warnings=tuple(warnings))
    return PyxformResult(code=100, message="Ok!")


def workbook_bytes(book: Any, *, when: _dt.datetime = FIXED_TIME) -> bytes:
    """Serialise an openpyxl workbook so that the same content always gives the same bytes.

    openpyxl stamps the save time into ``docProps/core.xml`` and into every
    zip entry; both are replaced by ``when`` here.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> def make():
    ...     book = Workbook()
    ...     book.active.append(["type", "name"])
    ...     return workbook_bytes(book)
    >>> make() == make()
    True
    """
    from openpyxl.xml.functions import tostring

    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.created = when
    book.properties.modified = when
    core = tostring(book.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = core if info.filename == "docProps/core.xml" else source.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()


def sheets_bytes(sheets: dict[str, list[list[Any]]], *, widths: dict[str, float] | None = None) -> bytes:
    """A workbook of plain tables (first row bold and frozen) as deterministic bytes.

    Parameters
    ----------
    sheets : dict
        Sheet name -> rows, the first row being the header.
    widths : dict, optional
        Column width by header (the part before ``::``); 12 otherwise.

    Examples
    --------
    >>> data = sheets_bytes({"survey": [["type", "name"], ["integer", "age"]]})
    >>> data == sheets_bytes({"survey": [["type", "name"], ["integer", "age"]]})
    True
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([None if value == "" else value for value in row])
        for pos, header in enumerate(rows[0] if rows else [], start=1):
            sheet.cell(row=1, column=pos).font = Font(bold=True)
            width = (widths or {}).get(str(header).split("::")[0], 12)
            sheet.column_dimensions[get_column_letter(pos)].width = width
        sheet.freeze_panes = "A2"
    return workbook_bytes(book)
