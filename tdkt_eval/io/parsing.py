"""Turn raw cells into typed columns, with errors that name values and rows.

Every parser works on one column at a time and caches each distinct value, so
a 25,000-row roster parses in well under a second.  Row numbers in errors are
the spreadsheet rows the user sees.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import (
    AmbiguousDateError,
    AmbiguousNumberError,
    DataQualityWarning,
    DateParseError,
    InvalidCategoryError,
    MixedTypeError,
    OutOfRangeError,
)
from .._messages import RowList, Text
from .blanks import DEFAULT_MISSING, blank_mask
from .privacy import ValueList
from .contracts import Column
from .text import fold
from .vocabulary import (
    BOOLEAN_VALUES,
    UserVocabulary,
    allowed_values_text,
    find_code,
    lookup_table,
    unmapped_hints,
    vocabulary_label,
)

__all__ = ["CellContext", "DEFAULT_MISSING", "blank_mask", "parse_column", "parse_number"]



@dataclass(frozen=True, slots=True)
class CellContext:
    """Where a column came from, for error messages."""

    source: str
    header: str
    rows: np.ndarray
    sheet: str | None = None


class _Bad(ValueError):
    """A cell that does not parse; carries an optional hint."""


def _convert(values: Sequence[object], blank: np.ndarray, func: Callable[[object], object]) -> tuple[list, list[int]]:
    """Apply ``func`` to each non-blank cell (cached); return results and bad positions."""
    cache: dict[tuple[type, object], object] = {}
    out: list[object] = [None] * len(values)
    bad: list[int] = []
    for i, value in enumerate(values):
        if blank[i]:
            continue
        key = (type(value), value)
        if key not in cache:
            try:
                cache[key] = func(value)
            except _Bad:
                cache[key] = _Bad
        result = cache[key]
        if result is _Bad:
            bad.append(i)
        else:
            out[i] = result
    return out, bad


# ---------------------------------------------------------------- numbers
# A cell can be read the Vietnamese way ("." groups thousands, "," marks decimals) or the
# English way ("," groups thousands, "." marks decimals).  Most cells read one way only, or
# the same both ways; "1.000" and "1,500" read differently, and the column decides them.
_SIGN = r"[+-]?"
_GROUPS = r"[1-9]\d{{0,2}}(?:{sep}\d{{3}})+"
_PLAIN = re.compile(_SIGN + r"\d+(?:[eE][+-]?\d+)?")
_DOT_DECIMAL = re.compile(_SIGN + r"(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?")
_COMMA_DECIMAL = re.compile(_SIGN + r"\d*,\d+")
_DOT_GROUPS = re.compile(_SIGN + _GROUPS.format(sep=r"\.") + r"(?:,\d+)?")
_COMMA_GROUPS = re.compile(_SIGN + _GROUPS.format(sep=",") + r"(?:\.\d+)?")

#: Whole numbers an ``Int64`` column holds.
_INT64 = (Decimal(-(2**63)), Decimal(2**63 - 1))


@dataclass(frozen=True, slots=True)
class _Readings:
    """A cell read the Vietnamese way (``vi``) and the English way (``en``); None where it cannot be."""

    vi: Decimal | None
    en: Decimal | None
    grouped: Decimal | None = None  # the reading with the separator as thousands, for ambiguous cells

    @property
    def ambiguous(self) -> bool:
        return self.vi is not None and self.en is not None and self.vi != self.en


class _Ambiguous(_Bad):
    """A number that reads two ways ("1.000": one thousand or one)."""


def _number_text(value: object) -> str:
    return str(value).strip().replace("\u00a0", "").replace(" ", "")


def _readings(value: object) -> _Readings:
    """Both readings of one cell; ``_Bad`` when neither reads it as a number."""
    if isinstance(value, (bool, np.bool_)):
        raise _Bad
    if isinstance(value, (int, np.integer)):
        number = Decimal(int(value))
        return _Readings(number, number)
    if isinstance(value, (float, np.floating)):
        number = Decimal(float(value)) if math.isfinite(value) else Decimal(str(float(value)))
        return _Readings(number, number)
    text = _number_text(value)
    if _PLAIN.fullmatch(text):
        return _Readings(Decimal(text), Decimal(text))
    vi = en = None
    if _DOT_GROUPS.fullmatch(text) or _COMMA_DECIMAL.fullmatch(text):
        vi = Decimal(text.replace(".", "").replace(",", "."))
    if _COMMA_GROUPS.fullmatch(text) or _DOT_DECIMAL.fullmatch(text):
        en = Decimal(text.replace(",", ""))
    if vi is None and en is None:
        raise _Bad
    grouped = Decimal(text.replace(".", "").replace(",", "")) if vi is not None and en is not None else None
    return _Readings(vi, en, grouped)


def parse_number(value: object, *, convention: Literal["vi", "en"] | None = None) -> float:
    """Read a number written the Vietnamese or the English way.

    A number that reads only one way is read that way: "8,5" is 8.5,
    "1.234.567" and "1,234,567" are 1234567, "1.234,5" and "3.75" are what they
    look like.  A number such as "1.000" or "1,500", where the separator could
    group thousands or mark decimals, is read by ``convention`` ("vi": "." groups
    thousands, "," marks decimals; "en": the reverse), and refused without it:
    a whole column decides it (:func:`parse_column`), never one cell.

    Parameters
    ----------
    value : object
        A cell: a number, or text such as "8,5" or "1.234.567".
    convention : {"vi", "en"}, optional
        How to read a number that reads two ways.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        The cell is not a number, or reads two ways and no ``convention`` is given.

    Examples
    --------
    >>> parse_number("8,5"), parse_number(" 12 "), parse_number("1.234.567")
    (8.5, 12.0, 1234567.0)
    >>> parse_number("1.000", convention="vi"), parse_number("1.000", convention="en")
    (1000.0, 1.0)
    """
    readings = _readings(value)
    if readings.ambiguous and convention is None:
        raise _Ambiguous
    number = readings.en if convention == "en" and readings.en is not None else readings.vi
    return float(readings.en if number is None else number)


def _whole(number: Decimal) -> bool:
    """True for a finite whole number."""
    return number.is_finite() and number == number.to_integral_value()


def _convention(readings: list[_Readings], *, whole: bool) -> str | None:
    """How the column's numbers that read two ways are read: "vi", "en", "grouped", or None (undecided).

    In a whole-number column "." and "," followed by three digits group
    thousands.  Elsewhere a number that reads only the Vietnamese way ("8,5",
    "1.234.567") or only the English way ("3.75", "1,234,567") decides the
    column, unless the column holds both.
    """
    if whole:
        return "grouped"
    vi = any(r.en is None for r in readings)
    en = any(r.vi is None for r in readings)
    return "vi" if vi and not en else "en" if en and not vi else None


def _pick(reading: _Readings, convention: str | None) -> Decimal | None:
    if not reading.ambiguous:
        return reading.vi if reading.vi is not None else reading.en
    return {"vi": reading.vi, "en": reading.en, "grouped": reading.grouped}.get(convention or "")


def _column_numbers(values: Sequence[object], blank: np.ndarray, *,
                    whole: bool) -> tuple[list[Decimal | None], list[int], list[_Readings | None]]:
    """Each cell's number, read by the column's convention, the positions that are not numbers, and the readings.

    A cell that reads two ways with nothing in the column to decide it is
    left None (see :func:`_undecided`).
    """
    readings, bad = _convert(values, blank, _readings)
    distinct = _distinct(readings)
    convention = _convention(distinct, whole=whole)
    picked = {id(r): _pick(r, convention) for r in distinct}
    numbers = [None if r is None else picked[id(r)] for r in readings]
    return numbers, bad, readings


def _distinct(items: list) -> list:
    """The distinct objects of ``items`` (equal cells share one parsed object), None left out."""
    return list({id(x): x for x in items if x is not None}.values())


def _as_python(numbers: list[Decimal | None], convert: Callable[[Decimal], object], empty: object) -> list:
    """``convert`` each number once per distinct object; ``empty`` for None."""
    done = {id(n): convert(n) for n in _distinct(numbers)}
    return [empty if n is None else done[id(n)] for n in numbers]


def _undecided(numbers: list[Decimal | None], readings: list[_Readings | None]) -> list[int]:
    """Positions of cells that read two ways and that the column did not decide."""
    return [i for i, r in enumerate(readings) if r is not None and numbers[i] is None]


def _ambiguous_error(values: Sequence[object], readings: list[_Readings | None], unread: list[int],
                     ctx: CellContext) -> AmbiguousNumberError:
    """The error for a column whose numbers read two ways, with the evidence either way."""
    vi = [i for i, r in enumerate(readings) if r is not None and r.en is None]
    en = [i for i, r in enumerate(readings) if r is not None and r.vi is None]
    params = {"values": ValueList([(values[i], ctx.rows[i]) for i in unread]),
              "vi": ValueList([(values[i], ctx.rows[i]) for i in vi]),
              "en": ValueList([(values[i], ctx.rows[i]) for i in en])}
    if vi and en:
        text = Text("{values} could be read with '.' or ',' as the thousands separator or as the decimal mark, "
                    "and the column writes numbers both ways: {vi} the Vietnamese way, {en} the English way.",
                    "{values} có thể đọc với dấu '.' hoặc ',' là dấu phân cách hàng nghìn hoặc là dấu thập phân, "
                    "mà cột này ghi số theo cả hai kiểu: {vi} theo kiểu Việt Nam, {en} theo kiểu tiếng Anh.", params)
    else:
        text = Text("{values} could be read with '.' or ',' as the thousands separator or as the decimal mark "
                    "(1.000 is one thousand written the Vietnamese way, but 1 written the English way), and no "
                    "other number in the column tells which.",
                    "{values} có thể đọc với dấu '.' hoặc ',' là dấu phân cách hàng nghìn hoặc là dấu thập phân "
                    "(1.000 là một nghìn theo cách ghi của Việt Nam, nhưng là 1 theo cách ghi tiếng Anh), và không "
                    "có số nào khác trong cột cho biết là cách nào.", params)
    rows = sorted({int(ctx.rows[i]) for i in unread + vi + en}) if vi and en else [ctx.rows[i] for i in unread]
    return AmbiguousNumberError(
        text, source=ctx.source, sheet=ctx.sheet, column=ctx.header, rows=rows,
        fix=Text("Write numbers without thousands separators (1000, not 1.000 or 1,000); write decimals "
                 "with a comma or a point (8,5 or 8.5).",
                 "Ghi số không dùng dấu phân cách hàng nghìn (ghi 1000, không ghi 1.000 hay 1,000); phần thập "
                 "phân ghi sau dấu phẩy hoặc dấu chấm (8,5 hoặc 8.5)."),
    )


def _too_large(values: Sequence[object], positions: list[int], col: Column, ctx: CellContext) -> OutOfRangeError:
    """The error for numbers no column holds: beyond ±9.2e18 for whole numbers, ±1.8e308 otherwise."""
    most = "9223372036854775807" if col.dtype == "int" else "1.8e308"
    params = {"values": ValueList([(values[i], ctx.rows[i]) for i in positions]),
              "low": f"−{most}" if col.low is None else f"{col.low:g}",
              "high": most if col.high is None else f"{col.high:g}"}
    return OutOfRangeError(
        Text("Numbers far too large: {values}; values must lie within {low}–{high}.",
             "Số quá lớn: {values}; giá trị phải nằm trong khoảng {low}–{high}.", params),
        source=ctx.source, sheet=ctx.sheet, column=ctx.header, rows=[ctx.rows[i] for i in positions],
        fix=Text("Correct these cells (a number pasted twice, or an identifier typed into a column of numbers?).",
                 "Sửa các ô này (có thể một số bị dán hai lần, hoặc một mã số bị nhập vào cột số?)."),
    )


def _numeric(values: Sequence[object], blank: np.ndarray, col: Column, ctx: CellContext) -> pd.Series:
    as_int = col.dtype == "int"
    numbers, bad, readings = _column_numbers(values, blank, whole=as_int)
    if undecided := _undecided(numbers, readings):
        raise _ambiguous_error(values, readings, undecided, ctx)
    if as_int:
        fractions = {id(n) for n in _distinct(numbers) if not _whole(n)}
        bad = sorted(bad + [i for i, n in enumerate(numbers) if id(n) in fractions])
    if bad:
        found = {"values": ValueList([(values[i], ctx.rows[i]) for i in bad])}
        raise MixedTypeError(
            Text("Expected whole numbers but found {values}.", "Cần số nguyên nhưng gặp {values}.", found)
            if as_int else Text("Expected numbers but found {values}.", "Cần giá trị số nhưng gặp {values}.", found),
            source=ctx.source, sheet=ctx.sheet, column=ctx.header, rows=[ctx.rows[i] for i in bad],
            fix=Text("Correct these cells, or leave them blank if the value is unknown; "
                     "codes for 'no answer' can be declared with missing_codes=[...].",
                     "Sửa các ô này, hoặc để trống nếu chưa biết giá trị (ô trống được hiểu là chưa có "
                     "số liệu)."),
        )
    low, high = _INT64 if as_int else (Decimal("-1.7976931348623157e308"), Decimal("1.7976931348623157e308"))
    huge = {id(n) for n in _distinct(numbers) if not (n.is_finite() and low <= n <= high)}
    if huge:
        raise _too_large(values, [i for i, n in enumerate(numbers) if id(n) in huge], col, ctx)
    if as_int:
        return pd.Series(_as_python(numbers, int, None), dtype="Int64")
    return pd.Series(_as_python(numbers, float, np.nan), dtype="float64")


# ---------------------------------------------------------------- categories and booleans
def _category(values: Sequence[object], blank: np.ndarray, col: Column, ctx: CellContext,
              user_vocabulary: UserVocabulary | None = None) -> pd.Series:
    vocabulary = col.vocabulary or ""
    table = lookup_table(vocabulary, user_vocabulary)

    def code(value: object) -> str:
        found = find_code(_id_text(value), vocabulary, table)
        if found is None:
            raise _Bad
        return found

    out, bad = _convert(values, blank, code)
    if bad:
        unmapped = list(dict.fromkeys(_id_text(values[i]) for i in bad))
        raise _unmapped_error(values, bad, unmapped, vocabulary, table, ctx)
    return pd.Series(out, dtype="string")


def _unmapped_error(values: Sequence[object], bad: list[int], unmapped: list[str], vocabulary: str,
                    table: Mapping[str, str], ctx: CellContext) -> InvalidCategoryError:
    """The error for cells no code matches: labels only in Vietnamese, codes too in English."""
    suggestions, did_you_mean, lines = unmapped_hints(unmapped, vocabulary, table)
    params = {"codes": ", ".join(dict.fromkeys(table.values())), "lines": lines, "hints": did_you_mean,
              "values": ValueList([(values[i], ctx.rows[i]) for i in bad]),
              "label": vocabulary_label(vocabulary), "label_en": vocabulary_label(vocabulary, "en"),
              "allowed": allowed_values_text(vocabulary)}
    blank_target = not all(suggestions[v] for v in unmapped[:10])
    err = InvalidCategoryError(
        Text("Values outside the allowed set {{{codes}}} of the vocabulary '{label_en}': {values}. {hints}",
             "Giá trị không có trong danh mục “{label}”: {values}. Cột này cần ghi {allowed}. {hints}",
             params),
        source=ctx.source, sheet=ctx.sheet, column=ctx.header, rows=[ctx.rows[i] for i in bad],
        fix=Text("Use one of {codes} or a Vietnamese spelling of them (case, accents and punctuation are "
                 "ignored), or add the spelling to tu_dien.csv in the data folder, one line each "
                 "(check the code" + (" and fill in the blanks" if blank_target else "") + "):\n{lines}",
                 "Sửa các ô này theo danh mục (không phân biệt chữ hoa, chữ thường, có dấu hay không dấu). Nếu "
                 "đó là cách viết quen dùng ở đơn vị, thêm vào tệp tu_dien.csv trong thư mục dữ liệu, mỗi cách "
                 "viết một dòng (kiểm tra lại cột “Nghĩa là”" + (" và điền vào chỗ còn trống" if blank_target
                                                                  else "") + "):\n{lines}",
                 params),
    )
    err.vocabulary, err.suggestions = vocabulary, suggestions
    return err


_BOOL_LOOKUP = {fold(s): flag for flag, spellings in BOOLEAN_VALUES.items() for s in spellings}


def _boolean(values: Sequence[object], blank: np.ndarray, col: Column, ctx: CellContext) -> pd.Series:
    def flag(value: object) -> bool:
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        found = _BOOL_LOOKUP.get(fold(_id_text(value)))
        if found is None:
            raise _Bad
        return found

    out, bad = _convert(values, blank, flag)
    if bad:
        found = {"values": ValueList([(values[i], ctx.rows[i]) for i in bad])}
        raise InvalidCategoryError(
            Text("Expected yes/no values but found {values}.", "Cần giá trị có/không nhưng gặp {values}.", found),
            source=ctx.source, sheet=ctx.sheet, column=ctx.header, rows=[ctx.rows[i] for i in bad],
            fix=Text("Write 1/0, Có/Không, x or true/false (a blank cell means no).",
                     "Ghi 1/0, Có/Không, x hoặc true/false (ô để trống nghĩa là không).") if col.blank_is_false
            else Text("Write 1/0, Có/Không, x or true/false.", "Ghi 1/0, Có/Không, x hoặc true/false."),
        )
    if col.blank_is_false:
        out = [False if v is None else v for v in out]
    return pd.Series(out, dtype="boolean")


# ---------------------------------------------------------------- ids and text
def _id_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def _identifier(values: Sequence[object], blank: np.ndarray, col: Column, ctx: CellContext) -> pd.Series:
    out, _ = _convert(values, blank, _id_text)
    return pd.Series(out, dtype="string")


# ---------------------------------------------------------------- dates
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_VIETNAMESE_DATE = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam|,)?\s*(\d{4})")
_EXCEL_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")  # days since 1899-12-30, as Excel stores dates
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class _DateParts:
    first: int
    second: int
    year: int
    time: tuple[int, int, int]
    order_known: bool  # ISO and Vietnamese long dates say which part is the day


def _date_parts(value: object) -> dt.datetime | _DateParts:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    if _EXCEL_SERIAL.fullmatch(text) and 20_000 <= float(text) <= 80_000:
        return _EXCEL_EPOCH + dt.timedelta(days=float(text))
    if m := _ISO.fullmatch(text):
        y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
        return _DateParts(d, mo, y, (hh, mm, ss), True)
    if m := _NUMERIC_DATE.fullmatch(text):
        a, b, y, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
        y = y + (2000 if y < 70 else 1900) if len(m.group(3)) == 2 else y
        return _DateParts(a, b, y, (hh, mm, ss), False)
    if m := _VIETNAMESE_DATE.fullmatch(fold(text)):
        d, mo, y = (int(g) for g in m.groups())
        return _DateParts(d, mo, y, (0, 0, 0), True)
    raise _Bad


def _order_evidence(parsed: list) -> tuple[list[int], list[int], list[int]]:
    """Positions of numeric dates readable only day-first, only month-first, and either way."""
    day_only, month_only, either = [], [], []
    for i, p in enumerate(parsed):
        if isinstance(p, _DateParts) and not p.order_known:
            if p.first > 12 >= p.second:
                day_only.append(i)
            elif p.second > 12 >= p.first:
                month_only.append(i)
            elif p.first != p.second and p.first <= 12 and p.second <= 12:
                either.append(i)
    return day_only, month_only, either


def _month_first(parsed: list, values: Sequence[object], ctx: CellContext) -> bool:
    """Decide how the column's ambiguous numeric dates are read: day-first unless the file is clearly month-first.

    Dates that can be read only one way (13/01 or 01/13) are always read that
    way; the order decides only dates like 02/05/2024.  Vietnamese day-first
    order holds unless at least 3 dates can only be month-first and they
    outnumber the day-first-only ones 4 to 1 (an English-locale export).  A
    :class:`DataQualityWarning` names every date read against the column's
    order and says how the ambiguous ones were read.  When neither order is
    clear and some dates could be read either way, guessing could misdate
    them: AmbiguousDateError.
    """
    day_only, month_only, either = _order_evidence(parsed)
    if len(month_only) >= 3 and len(month_only) >= 4 * len(day_only):
        _warn_date_order(values, month_only, day_only, either, ctx, month_first=True)
        return True
    if len(month_only) <= 1 or len(day_only) >= 4 * len(month_only) or not either:
        if month_only:
            _warn_date_order(values, day_only, month_only, either, ctx, month_first=False)
        return False
    raise AmbiguousDateError(
        Text("The column mixes day/month/year dates ({days}) with month/day/year dates ({months}), "
             "so {n} date(s) that could be read either way cannot be read safely (rows {rows}).",
             "Cột này lẫn ngày viết kiểu ngày/tháng/năm ({days}) với kiểu tháng/ngày/năm ({months}), "
             "nên không thể đọc chắc chắn {n} ngày đọc được theo cả hai cách (dòng {rows}).",
             {"days": ValueList([(values[i], ctx.rows[i]) for i in day_only]),
              "months": ValueList([(values[i], ctx.rows[i]) for i in month_only]),
              "n": len(either), "rows": RowList([ctx.rows[i] for i in either])}),
        source=ctx.source, sheet=ctx.sheet, column=ctx.header,
        rows=sorted(int(ctx.rows[i]) for i in day_only + month_only + either),
        fix=Text("Write every date the same way, preferably as YYYY-MM-DD or as real Excel dates.",
                 "Ghi mọi ngày theo cùng một cách, tốt nhất là YYYY-MM-DD hoặc định dạng ngày của Excel."),
    )


def _warn_date_order(values: Sequence[object], majority: list[int], minority: list[int], either: list[int],
                     ctx: CellContext, *, month_first: bool) -> None:
    """Warn how the column's dates were read, naming the dates read against its order."""
    rows = RowList([ctx.rows[i] for i in either])
    params = {"source": ctx.source, "column": ctx.header,
              "odd": ValueList([(values[i], ctx.rows[i]) for i in minority]),
              "usual": ValueList([(values[i], ctx.rows[i]) for i in majority]),
              "either": Text(", including {n} that could be read either way (rows {rows}),",
                             ", kể cả {n} ngày đọc được theo cả hai cách (dòng {rows}),",
                             {"n": len(either), "rows": rows}) if either else ""}
    if month_first:
        text = Text(
            "{source}, column '{column}': the dates are written month/day/year (English order), as {usual} "
            "show; all dates{either} were read so.",
            "{source}, cột '{column}': ngày được viết theo kiểu tháng/ngày/năm (kiểu tiếng Anh), như {usual}; "
            "mọi ngày{either} đều được đọc theo kiểu này.",
            params)
        if minority:
            text = Text(text.en + " {odd} can only be day/month/year and were read so.",
                        text.vi + " {odd} chỉ có thể là ngày/tháng/năm nên được đọc theo kiểu đó.", params)
    else:
        text = Text(
            "{source}, column '{column}': {odd} can only be month/day/year dates and were read so; the other "
            "dates{either} were read day/month/year (Vietnamese order). Check these rows.",
            "{source}, cột '{column}': {odd} chỉ có thể là ngày viết kiểu tháng/ngày/năm nên được đọc theo kiểu đó; "
            "các ngày còn lại{either} được đọc theo kiểu ngày/tháng/năm (cách ghi của Việt Nam). "
            "Hãy kiểm tra các dòng này.",
            params)
    warnings.warn(DataQualityWarning(text), stacklevel=6)


def _day_month(p: _DateParts, month_first: bool) -> tuple[int, int]:
    """Day and month of a date; a date readable only one way is read that way, whatever the column's order."""
    if p.order_known:
        return p.first, p.second
    if p.first > 12 >= p.second:
        return p.first, p.second
    if p.second > 12 >= p.first:
        return p.second, p.first
    return (p.second, p.first) if month_first else (p.first, p.second)


#: Years a date may fall in; earlier or later ones are typing slips ("0023" for 2023).
YEAR_RANGE = (1900, 2100)


def _check_years(values: Sequence[object], dates: list[dt.datetime | None], ctx: CellContext) -> None:
    """DateParseError for dates outside :data:`YEAR_RANGE`, naming them and their rows."""
    low, high = YEAR_RANGE
    far = [i for i, d in enumerate(dates) if d is not None and not low <= d.year <= high]
    if not far:
        return
    params = {"values": ValueList([(values[i], ctx.rows[i]) for i in far]), "low": low, "high": high}
    raise DateParseError(
        Text("Dates with a year outside {low}–{high}: {values}.",
             "Ngày có năm nằm ngoài khoảng {low}–{high}: {values}.", params),
        source=ctx.source, sheet=ctx.sheet, column=ctx.header, rows=[ctx.rows[i] for i in far],
        fix=Text("Check the year of these dates and write it with four digits (e.g. 15/03/2023).",
                 "Kiểm tra năm của các ngày này và ghi năm đủ bốn chữ số (ví dụ 15/03/2023).", params),
    )


def _dates(values: Sequence[object], blank: np.ndarray, col: Column, ctx: CellContext) -> pd.Series:
    parsed, bad = _convert(values, blank, _date_parts)
    month_first = _month_first(parsed, values, ctx) if not bad else False
    out: list[dt.datetime | None] = []
    for i, p in enumerate(parsed):
        if isinstance(p, _DateParts):
            day, month = _day_month(p, month_first)
            try:
                p = dt.datetime(p.year, month, day, *p.time)
            except ValueError:
                bad.append(i)
                p = None
        out.append(p)
    if not bad:
        _check_years(values, out, ctx)
    if bad:
        bad = sorted(set(bad))
        raise DateParseError(
            Text("Expected dates but found {values}.", "Cần ngày tháng nhưng gặp {values}.",
                 {"values": ValueList([(values[i], ctx.rows[i]) for i in bad])}),
            source=ctx.source, sheet=ctx.sheet, column=ctx.header, rows=[ctx.rows[i] for i in bad],
            fix=Text("Write dates as DD/MM/YYYY (Vietnamese order), YYYY-MM-DD or as Excel dates, "
                     "and check that each day exists (e.g. no 31/02).",
                     "Ghi ngày theo dạng DD/MM/YYYY (ngày/tháng/năm), YYYY-MM-DD hoặc định dạng ngày của Excel, "
                     "và kiểm tra ngày đó có thật (ví dụ không có ngày 31/02)."),
        )
    series = pd.Series(pd.to_datetime(pd.Series(out, dtype="object")), dtype="datetime64[ns]")
    return series.dt.normalize() if col.dtype == "date" else series


# ---------------------------------------------------------------- dispatch
_PARSERS: dict[str, Callable[[Sequence[object], np.ndarray, Column, CellContext], pd.Series]] = {
    "id": _identifier,
    "text": _identifier,
    "category": _category,
    "bool": _boolean,
    "int": _numeric,
    "float": _numeric,
    "date": _dates,
    "datetime": _dates,
}


def parse_column(values: Sequence[object], col: Column, ctx: CellContext,
                 missing: frozenset[str] = DEFAULT_MISSING,
                 user_vocabulary: UserVocabulary | None = None) -> pd.Series:
    """Parse one column's cells to the type its contract declares.

    Parameters
    ----------
    values : sequence
        The raw cells, in row order.
    col : Column
        The contract column.
    ctx : CellContext
        File, header and spreadsheet row numbers, for errors.
    missing : frozenset of str
        Folded cell texts that mean "missing".
    user_vocabulary : UserVocabulary, optional
        The user's own spellings (:func:`tdkt_eval.io.vocabulary.load_user_vocabulary`),
        used by category columns.

    Returns
    -------
    pandas.Series
        ``string``, ``Int64``, ``float64``, ``boolean`` or ``datetime64[ns]``,
        with a fresh RangeIndex.

    Raises
    ------
    MixedTypeError, InvalidCategoryError, DateParseError, AmbiguousDateError

    Examples
    --------
    >>> import numpy as np
    >>> from tdkt_eval.io.contracts import get_table
    >>> ctx = CellContext("x.csv", "Giới tính", np.array([2, 3, 4]))
    >>> parse_column(["Nữ", "nam", "NAM"], get_table("personnel").column("gender"), ctx).tolist()
    ['female', 'male', 'male']
    """
    values = list(values)
    blank = blank_mask(values, missing)
    if col.dtype == "category":
        return _category(values, blank, col, ctx, user_vocabulary)
    return _PARSERS[col.dtype](values, blank, col, ctx)
