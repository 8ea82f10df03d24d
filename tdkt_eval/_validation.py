"""One place for every error and warning that tdkt-eval raises about input data.

Every error is a ``ValueError`` subclass (never an ``assert``), and its message
says what was expected, what was found, where (file, sheet, column, rows) and
how to fix it.  Rows are reported as the user sees them in a spreadsheet:
1-based, counting the header row, so "row 5" is the fifth line of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = [
    "Text",
    "ValueList",
    "RowList",
    "as_text",
    "TdktInputError",
    "InputFileNotFoundError",
    "UnsupportedFormatError",
    "EncodingDetectionError",
    "MalformedFileError",
    "EmptyFileError",
    "SheetNotFoundError",
    "HeaderNotFoundError",
    "UnknownKindError",
    "DuplicateColumnError",
    "MissingColumnError",
    "MissingValueError",
    "DuplicateKeyError",
    "InvalidCategoryError",
    "OutOfRangeError",
    "MixedTypeError",
    "DateParseError",
    "AmbiguousDateError",
    "InconsistentValuesError",
    "TruncatedFileError",
    "WrongSeparatorError",
    "MissingDependencyError",
    "SurveyMismatchError",
    "UnknownColumnError",
    "MissingItemError",
    "InvalidChoiceError",
    "SurveyLanguageError",
    "InvalidParameterError",
    "InvalidArgumentTypeError",
    "OutputPathError",
    "ResourceLimitError",
    "AmbiguousNumberError",
    "MixedEncodingError",
    "ArchiveError",
    "FormulaWithoutValueError",
    "UnbalancedQuoteError",
    "PersonalDataError",
    "DataQualityWarning",
    "describe_values",
    "require_columns",
    "check_choice",
]

#: How many offending values or rows a message lists before it says "and N more".
MAX_LISTED = 5

Lang = Literal["vi", "en"]


# ---------------------------------------------------------------- bilingual messages
@dataclass(frozen=True, slots=True)
class Text:
    """A message in English and Vietnamese, rendered when the language is known.

    ``en`` and ``vi`` are :meth:`str.format` templates over ``params``; a
    parameter may itself be a :class:`Text`, :class:`ValueList` or
    :class:`RowList`, rendered in the same language.  ``str(text)`` is the
    English rendering, so code that treats messages as strings keeps working.

    Examples
    --------
    >>> t = Text("{n} empty cell(s) in rows {rows}.", "{n} ô trống ở các dòng {rows}.",
    ...          {"n": 2, "rows": RowList([4, 9])})
    >>> t.render("vi")
    '2 ô trống ở các dòng 4, 9.'
    >>> str(t)
    '2 empty cell(s) in rows 4, 9.'
    """

    en: str
    vi: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang = "en") -> str:
        """The message in ``lang`` ("vi" or "en")."""
        template = self.vi if lang == "vi" else self.en
        if not self.params:
            return template
        values = {k: render(v, lang) for k, v in self.params.items()}
        return template.format(**values)

    def __str__(self) -> str:
        return self.render("en")


def render(value: object, lang: Lang = "en") -> str:
    """Render a :class:`Text`, :class:`ValueList` or :class:`RowList` in ``lang``; ``str()`` of anything else."""
    if isinstance(value, (Text, ValueList, RowList)):
        return value.render(lang)
    return str(value)


def as_text(message: str | Text) -> Text:
    """A :class:`Text` for ``message``; a plain string is used for both languages (untranslated)."""
    return message if isinstance(message, Text) else Text(message, message)


@dataclass(frozen=True, slots=True)
class ValueList:
    """Offending ``(value, row)`` pairs, listed as in :func:`describe_values` in either language.

    A value is quoted only when the personal-data detectors
    (:func:`tdkt_eval.io.privacy.personal_kind`) clear it; otherwise the
    message gives its kind and rows ("a phone number (row 5)").

    Examples
    --------
    >>> ValueList([("x", 3), ("x", 5), ("y", 9)]).render("vi")
    "'x' (dòng 3, 5), 'y' (dòng 9)"
    >>> ValueList([("nữa", 2), ("Nguyễn Văn Quyết", 4), ("0912 345 678", 5)]).render("vi")
    "'nữa' (dòng 2), một họ tên (dòng 4), một số điện thoại (dòng 5)"
    """

    pairs: Sequence[tuple[object, int]]
    limit: int = MAX_LISTED

    def render(self, lang: Lang = "en") -> str:
        from .io.privacy import KIND_TEXT, personal_kind  # io imports this module: import when first needed

        kinds: dict[object, str | None] = {}
        cleared, hidden = [], {}
        for value, row in self.pairs:
            key = value if isinstance(value, (str, int, float)) else str(value)
            if key not in kinds:
                kinds[key] = personal_kind(value)
            if kinds[key] is None:
                cleared.append((value, row))
            else:
                hidden.setdefault(kinds[key], []).append(int(row))
        listed = describe_values(cleared, limit=self.limit, lang=lang) if cleared else ""
        for kind, rows in hidden.items():
            noun = "dòng" if lang == "vi" else ("row" if len(rows) == 1 else "rows")
            what = KIND_TEXT[kind][lang == "vi"]
            listed += f"{', ' if listed else ''}{what} ({noun} {RowList(rows, limit=self.limit).render(lang)})"
        return listed


@dataclass(frozen=True, slots=True)
class RowList:
    """Spreadsheet row numbers, cut after ``limit`` with "and N more" ("và N dòng khác").

    Examples
    --------
    >>> RowList(range(2, 12), limit=3).render("en")
    '2, 3, 4 and 7 more'
    """

    rows: Sequence[int]
    limit: int = 8

    def render(self, lang: Lang = "en") -> str:
        rows = [int(r) for r in self.rows]
        shown = ", ".join(str(r) for r in rows[:self.limit])
        extra = len(rows) - self.limit
        if extra <= 0:
            return shown
        return f"{shown} và {extra} dòng khác" if lang == "vi" else f"{shown} and {extra} more"


class TdktInputError(ValueError):
    """Base class: a file or table does not meet tdkt-eval's data contract.

    Parameters
    ----------
    problem : str or Text
        What is wrong, in one sentence; a :class:`Text` carries it in both
        languages (a plain string is shown as it is in both).
    fix : str or Text
        What the user should do about it.
    source : str or Path, optional
        The file the problem was found in.
    column : str, optional
        The column, as it was named in the file.
    rows : sequence of int, optional
        Spreadsheet row numbers (1-based, header = row 1 unless told otherwise).
    sheet : str, optional
        The workbook sheet, when the file is a workbook.

    Attributes
    ----------
    problem, fix : str
        The English texts (``problem_text`` and ``fix_text`` hold both languages).
    source, column, rows, sheet
        As given, so that programs (the CLI's ``validate``) can list problems.

    Examples
    --------
    >>> err = TdktInputError(Text("No data.", "Không có dữ liệu."), fix=Text("Add rows.", "Thêm dòng."),
    ...                      source="a.csv", column="Năm", rows=[3])
    >>> err.render("vi")
    "Tệp 'a.csv', cột 'Năm': Không có dữ liệu. Cách sửa: Thêm dòng."
    >>> str(err)
    "File 'a.csv', column 'Năm': No data. Fix: Add rows."
    >>> err.where("vi", rows=True)
    "Tệp 'a.csv', cột 'Năm', dòng 3"
    """

    def __init__(
        self,
        problem: str | Text,
        *,
        fix: str | Text,
        source: str | Path | None = None,
        column: str | None = None,
        rows: Sequence[int] = (),
        sheet: str | None = None,
    ) -> None:
        self.problem_text = as_text(problem)
        self.fix_text = as_text(fix)
        self.problem = str(self.problem_text)
        self.fix = str(self.fix_text)
        self.source = None if source is None else str(source)
        self.column = column
        self.rows = tuple(int(r) for r in rows)
        self.sheet = sheet
        self.problems: tuple[TdktInputError, ...] = (self,)
        super().__init__(self.render("en"))

    def with_others(self, others: Sequence[TdktInputError]) -> TdktInputError:
        """This error, carrying ``others`` found in the same pass (all in ``.problems``).

        The message adds how many more problems there are, so that one raise
        never hides the rest.
        """
        others = tuple(others)
        self.problems = (self, *others)
        if others:
            self.args = (f"{self.args[0]} (And {len(others)} more problem(s) in this table: "
                         + "; ".join(o.render("en") for o in others) + ")",)
        return self

    def where(self, lang: Lang = "en", *, rows: bool = False) -> str:
        """"File 'x', sheet 'y', column 'z'" in ``lang`` (empty when nothing is known); with ``rows`` too."""
        vi = lang == "vi"
        parts = []
        if self.source:
            parts.append(("Tệp '{}'" if vi else "File '{}'").format(self.source))
        if self.sheet:
            parts.append(("trang tính '{}'" if vi else "sheet '{}'").format(self.sheet))
        if self.column:
            parts.append(("cột '{}'" if vi else "column '{}'").format(self.column))
        if rows and self.rows:
            noun = "dòng" if vi else ("row" if len(self.rows) == 1 else "rows")
            parts.append(f"{noun} {RowList(self.rows).render(lang)}")
        return ", ".join(parts)

    def render(self, lang: Lang = "en") -> str:
        """The whole message in ``lang``: where, problem, and fix."""
        where = self.where(lang)
        prefix = f"{where}: " if where else ""
        fix_word = "Cách sửa" if lang == "vi" else "Fix"
        return f"{prefix}{self.problem_text.render(lang)} {fix_word}: {self.fix_text.render(lang)}"


class InputFileNotFoundError(TdktInputError, FileNotFoundError):
    """The path does not exist or is not a file."""


class UnsupportedFormatError(TdktInputError):
    """The file type is not one tdkt-eval reads (.csv, .tsv, .txt, .xlsx, .xlsm)."""


class EncodingDetectionError(TdktInputError):
    """The text encoding could not be identified with confidence."""


class MalformedFileError(TdktInputError):
    """The file cannot be parsed: a corrupt workbook, or rows with more cells than headers."""


class EmptyFileError(TdktInputError):
    """The file has no bytes, no header, or a header and no data rows."""


class SheetNotFoundError(TdktInputError):
    """The requested Excel sheet is not in the workbook."""


class HeaderNotFoundError(TdktInputError):
    """The header row asked for is not in the file."""


class UnknownKindError(TdktInputError):
    """The ``kind`` asked for is not one of the data contracts."""


class DuplicateColumnError(TdktInputError):
    """Two headers in the file map to the same contract column."""


class MissingColumnError(TdktInputError):
    """A column that the contract requires is absent."""


class MissingValueError(TdktInputError):
    """A required column has empty cells."""


class DuplicateKeyError(TdktInputError):
    """Rows repeat a value of the table's key."""


class InvalidCategoryError(TdktInputError):
    """A categorical column holds a value outside its allowed set."""


class OutOfRangeError(TdktInputError):
    """A numeric value lies outside its allowed range."""


class MixedTypeError(TdktInputError):
    """A numeric column holds text that is not a number."""


class DateParseError(TdktInputError):
    """A date column holds values that are not dates."""


class AmbiguousDateError(TdktInputError):
    """A date column mixes day-first and month-first dates."""


class InconsistentValuesError(TdktInputError):
    """Values that must agree across columns do not (e.g. resolved > found)."""


class TruncatedFileError(MalformedFileError):
    """The file ends in the middle of a row: a download or copy was cut off."""


class WrongSeparatorError(MalformedFileError):
    """The CSV was split with the wrong delimiter, so several columns landed in one."""


class ResourceLimitError(TdktInputError):
    """A file exceeds a resource limit (size, archive members, rows, cell length, cells); see :mod:`tdkt_eval.io.limits`."""


class AmbiguousNumberError(MixedTypeError):
    """A number column whose separators can be read two ways ("1.234": one thousand or 1.234)."""


class MixedEncodingError(EncodingDetectionError):
    """A text file whose lines are in different encodings (UTF-8 rows beside Windows-1258 rows)."""


class ArchiveError(MalformedFileError):
    """A ZIP archive that cannot be read safely: damaged members, duplicate names, no table inside."""


class FormulaWithoutValueError(MalformedFileError):
    """Workbook formula cells with no stored result (saved by a program that does not compute them)."""


class UnbalancedQuoteError(MalformedFileError):
    """A CSV quote that is never closed, so the rest of the file would be swallowed into one cell."""


class PersonalDataError(TdktInputError):
    """Personal data where the contract wants none: citizen ID numbers (CCCD/CMND) used as identifiers."""


class MissingDependencyError(UnsupportedFormatError, ImportError):
    """An optional package needed for this file type is not installed."""


class SurveyMismatchError(TdktInputError):
    """The data do not match the form: columns, items, choices or the language of labels."""


class UnknownColumnError(SurveyMismatchError):
    """Columns that are neither items of the form nor export metadata."""


class MissingItemError(SurveyMismatchError, MissingColumnError):
    """Items of the form that are absent from the data."""


class InvalidChoiceError(SurveyMismatchError, InvalidCategoryError):
    """Answers that are neither a code nor a label of the item's choice list."""


class SurveyLanguageError(SurveyMismatchError):
    """Headers or answers are labels in a language the form does not have."""


class InvalidParameterError(ValueError):
    """A function was called with an argument outside its allowed values (not a data problem).

    Messages follow scikit-learn: "The 'lang' parameter of report must be one of
    {'vi', 'en'}. Got 'fr' instead."
    """


class InvalidArgumentTypeError(InvalidParameterError, TypeError):
    """An argument of the wrong type (a list where a DataFrame is expected); also a ``TypeError``."""


class OutputPathError(InvalidParameterError):
    """An output path that cannot be used (a file where a folder is wanted, no write access, foreign files).

    Raised before any work starts; the message comes in both languages.

    Examples
    --------
    >>> err = OutputPathError(Text("'{p}' is a file.", "'{p}' là một tệp.", {"p": "out"}))
    >>> err.render("vi"), str(err)
    ("'out' là một tệp.", "'out' is a file.")
    """

    def __init__(self, message: Text) -> None:
        self.text = message
        super().__init__(message.render("en"))

    def render(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.text.render(lang)


class DataQualityWarning(UserWarning):
    """Something was repaired or dropped on loading; the data may need a look.

    Give it a :class:`Text` to carry the message in both languages (``.text``);
    ``str()`` of the warning is the English one.

    Examples
    --------
    >>> w = DataQualityWarning(Text("Dropped row 5.", "Đã bỏ dòng 5."))
    >>> str(w), w.render("vi")
    ('Dropped row 5.', 'Đã bỏ dòng 5.')
    """

    def __init__(self, message: str | Text = "") -> None:
        self.text = as_text(message)
        super().__init__(str(self.text))

    def render(self, lang: Lang = "en") -> str:
        """The warning in ``lang``."""
        return self.text.render(lang)


def describe_values(pairs: Iterable[tuple[object, int]], *, limit: int = MAX_LISTED, lang: Lang = "en") -> str:
    """Summarise offending ``(value, row)`` pairs as ``'0' (rows 12, 40), '9' (row 77)``.

    Parameters
    ----------
    pairs : iterable of (value, row)
        Each offending value with its spreadsheet row number.
    limit : int, default 5
        How many distinct values, and rows per value, to list.
    lang : {"en", "vi"}, default "en"
        The language of the words around the values.

    Returns
    -------
    str
        A short human-readable listing, ending "and N more" when cut.

    Examples
    --------
    >>> describe_values([(0, 12), (0, 40), (9, 77)])
    "'0' (rows 12, 40), '9' (row 77)"
    """
    by_value: dict[str, list[int]] = {}
    for value, row in pairs:
        by_value.setdefault(str(value), []).append(int(row))
    vi = lang == "vi"
    parts = []
    for value, rows in list(by_value.items())[:limit]:
        noun = "dòng" if vi else ("row" if len(rows) == 1 else "rows")
        parts.append(f"'{value}' ({noun} {RowList(rows, limit=limit).render(lang)})")
    extra = len(by_value) - limit
    if extra > 0:
        parts.append(f"và {extra} giá trị khác" if vi else f"and {extra} more distinct values")
    return ", ".join(parts)


def require_columns(df: object, columns: Iterable[str], table: str) -> None:
    """Raise :class:`MissingColumnError` naming the absent ``columns`` of a ``table`` DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"year": [2024]}), ["year"], table="rewards")
    >>> require_columns(pd.DataFrame({"year": [2024]}), ["unit_id"], table="rewards")
    Traceback (most recent call last):
    ...
    tdkt_eval._validation.MissingColumnError: column 'unit_id': The rewards table has no column(s) 'unit_id'. \
Fix: Load it with te.load_records(path, 'rewards') or rename the columns; found: year.
    >>> try:
    ...     require_columns(pd.DataFrame({"year": [2024]}), ["unit_id"], table="rewards")
    ... except MissingColumnError as err:
    ...     print(err.render("vi"))
    cột 'unit_id': Bảng rewards không có cột 'unit_id'. \
Cách sửa: Hãy nạp bảng bằng te.load_records(path, 'rewards') hoặc đổi tên cột; các cột hiện có: year.
    """
    present = list(getattr(df, "columns", []))
    missing = [c for c in columns if c not in present]
    if missing:
        found = {"table": table, "missing": ", ".join(map(repr, missing)), "present": ", ".join(map(str, present))}
        raise MissingColumnError(
            Text("The {table} table has no column(s) {missing}.", "Bảng {table} không có cột {missing}.", found),
            fix=Text("Load it with te.load_records(path, '{table}') or rename the columns; found: {present}.",
                     "Hãy nạp bảng bằng te.load_records(path, '{table}') hoặc đổi tên cột; các cột hiện có: "
                     "{present}.", found),
            column=missing[0])


def check_choice(value: object, name: str, allowed: Iterable[object], func: str | None = None) -> None:
    """Raise :class:`InvalidParameterError` unless ``value`` is one of ``allowed``.

    Examples
    --------
    >>> check_choice("gee", "method", ("gee",), func="reward_model")
    >>> check_choice("glmm", "method", ("gee",), func="reward_model")
    Traceback (most recent call last):
    ...
    tdkt_eval._validation.InvalidParameterError: The 'method' parameter of reward_model must be one of {'gee'}. \
Got 'glmm' instead.
    """
    allowed = tuple(allowed)
    if value not in allowed:
        where = f" of {func}" if func else ""
        raise InvalidParameterError(f"The '{name}' parameter{where} must be one of {set(allowed)}. "
                                    f"Got {value!r} instead.")
