"""One place for every error and warning that tdkt-eval raises about input data.

Every error is a ``ValueError`` subclass (never an ``assert``), and its message
says what was expected, what was found, where (file, sheet, column, rows) and
how to fix it.  Rows are reported as the user sees them in a spreadsheet:
1-based, counting the header row, so "row 5" is the fifth line of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = [
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
    "DataQualityWarning",
    "describe_values",
    "require_columns",
    "check_choice",
]

#: How many offending values or rows a message lists before it says "and N more".
MAX_LISTED = 5


class TdktInputError(ValueError):
    """Base class: a file or table does not meet tdkt-eval's data contract.

    Parameters
    ----------
    problem : str
        What is wrong, in one sentence.
    fix : str
        What the user should do about it.
    source : str or Path, optional
        The file (and sheet) the problem was found in.
    column : str, optional
        The column, as it was named in the file.
    rows : sequence of int, optional
        Spreadsheet row numbers (1-based, header = row 1 unless told otherwise).

    Attributes
    ----------
    problem, fix, source, column, rows
        As given, so that programs (the CLI's ``validate``) can list problems.
    """

    def __init__(
        self,
        problem: str,
        *,
        fix: str,
        source: str | Path | None = None,
        column: str | None = None,
        rows: Sequence[int] = (),
    ) -> None:
        self.problem = problem
        self.fix = fix
        self.source = None if source is None else str(source)
        self.column = column
        self.rows = tuple(int(r) for r in rows)
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.source:
            where.append(f"File '{self.source}'")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        prefix = f"{prefix}: " if prefix else ""
        return f"{prefix}{self.problem} Fix: {self.fix}"


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


class DataQualityWarning(UserWarning):
    """Something was repaired or dropped on loading; the data may need a look."""


def describe_values(pairs: Iterable[tuple[object, int]], *, limit: int = MAX_LISTED) -> str:
    """Summarise offending ``(value, row)`` pairs as ``'0' (rows 12, 40), '9' (row 77)``.

    Parameters
    ----------
    pairs : iterable of (value, row)
        Each offending value with its spreadsheet row number.
    limit : int, default 5
        How many distinct values, and rows per value, to list.

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
    parts = []
    for value, rows in list(by_value.items())[:limit]:
        shown = ", ".join(str(r) for r in rows[:limit])
        more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
        noun = "row" if len(rows) == 1 else "rows"
        parts.append(f"'{value}' ({noun} {shown}{more})")
    extra = len(by_value) - limit
    if extra > 0:
        parts.append(f"and {extra} more distinct values")
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
    """
    present = list(getattr(df, "columns", []))
    missing = [c for c in columns if c not in present]
    if missing:
        raise MissingColumnError(f"The {table} table has no column(s) {', '.join(map(repr, missing))}.",
                                 fix=f"Load it with te.load_records(path, '{table}') or rename the columns; "
                                     f"found: {', '.join(map(str, present))}.", column=missing[0])


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
