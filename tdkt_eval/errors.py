"""Every error and warning tdkt-eval raises, in one module.

Errors about data are :class:`TdktInputError` subclasses, and misuse of an argument is an
:class:`InvalidParameterError`; both are ``ValueError``s (never an ``assert``). A message says
what was expected, what was found, where (file, sheet, column, rows) and how to fix it, in
English and Vietnamese.  Rows are reported as the user sees them in a spreadsheet: 1-based,
counting the header row, so "row 5" is the fifth line of the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ._messages import Lang, RowList, Text, as_text

__all__ = [
    "AgreementError", "AmbiguousDateError", "AmbiguousNumberError", "ArchiveError", "CalibrationError",
    "DataQualityWarning", "DateParseError", "DepthError", "DesignError", "DuplicateColumnError", "DuplicateKeyError",
    "EmptyFileError", "EncodingDetectionError", "FactorAnalysisError", "FormError", "FormulaWithoutValueError",
    "HeaderNotFoundError", "InconsistentValuesError", "IndicatorError", "InputFileNotFoundError",
    "InvalidArgumentTypeError", "InvalidCategoryError", "InvalidChoiceError", "InvalidParameterError",
    "MalformedFileError", "MissingColumnError", "MissingDependencyError", "MissingItemError", "MissingValueError",
    "MixedEncodingError", "MixedTypeError", "NotEstimableError", "OutOfRangeError", "OutputPathError", "PersonalDataError",
    "ResourceLimitError", "RuleFileError", "ScaleError", "SheetNotFoundError", "SurveyLanguageError",
    "SurveyMismatchError", "TdktInputError", "TruncatedFileError", "UnbalancedQuoteError", "UnknownColumnError",
    "UnknownKindError", "UnsupportedFormatError", "WrongSeparatorError",
]


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


# ---------------------------------------------------------------- errors of one analysis
class AgreementError(TdktInputError):
    """The ratings cannot give an agreement coefficient (too few targets or raters, no variation)."""


class CalibrationError(TdktInputError):
    """Population counts cannot be matched: bad margins, unknown levels or no convergence."""


class DepthError(TdktInputError):
    """The data cannot give a depth ladder or a perception gap (empty rungs, no variation)."""


class DesignError(TdktInputError):
    """The design columns do not describe a sample that can be analysed."""


class FactorAnalysisError(TdktInputError):
    """The items, or the factor model asked for, cannot be estimated."""


class FormError(TdktInputError):
    """An XLSForm breaks a rule: a missing sheet, an unknown choice list, a duplicate name …"""


class IndicatorError(TdktInputError):
    """A table of indicators cannot be used as asked: a constant column, a unit without data, bad values."""


class NotEstimableError(TdktInputError):
    """Nothing can be estimated from these data: no events (or only events), one cluster or unit, a constant
    outcome. A number here would only look confident."""


class RuleFileError(TdktInputError):
    """A rule file cannot be used: bad YAML, a missing or unknown field, a bad date or parameter."""


class ScaleError(TdktInputError):
    """A scale cannot be analysed as asked: too few items or answers, a constant item, a bad option."""
