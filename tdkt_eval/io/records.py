"""Load administrative record files into validated tidy tables.

The pipeline for every file: read the cells (:mod:`.readers`), find the header
row and map Vietnamese headers (:mod:`.headers`), drop personal data
(:mod:`.privacy`), normalise text to NFC and repair legacy TCVN3/VNI text
(:mod:`.legacy`), parse each column to its contract type (:mod:`.parsing`), and
check required cells, ranges, keys and row rules.  Input files are only read.

Personal data (names, phone and ID numbers, e-mail) is handled before any
parsing: ``personal_data="drop"`` (the default) removes those columns,
``"pseudonymise"`` replaces their values by salted codes (see
:func:`tdkt_eval.io.privacy.pseudonymise`).  Either way a
:class:`DataQualityWarning` names the columns, never their values.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .._messages import RowList, Text
from ..errors import (
    DataQualityWarning,
    DuplicateKeyError,
    EmptyFileError,
    InconsistentValuesError,
    InvalidArgumentTypeError,
    MissingColumnError,
    MissingValueError,
    MixedTypeError,
    OutOfRangeError,
    TdktInputError,
)
from ..i18n import label
from .contracts import Column, Table, get_table
from .distinct import Distinct
from .headers import map_headers
from .layout import _data_block
from .legacy import column_source, to_unicode
from .parsing import (
    DEFAULT_MISSING,
    CellContext,
    _ambiguous_error,
    _as_python,
    _column_numbers,
    _distinct,
    _undecided,
    blank_mask,
    parse_column,
)
from .privacy import (
    PersonalData,
    ValueList,
    check_policy,
    protect_cells,
    resolve_salt,
)
from .readers import RawTable, read_raw
from .text import fold, nfc
from .vocabulary import code_label

__all__ = ["repair_legacy", "load_records", "records_from_raw", "validate"]

Legacy = Literal["auto", "tcvn3", "vni", "off"]


# ---------------------------------------------------------------- from raw cells to a frame
def _nfc_cell(value: object) -> object:
    return nfc(value) if isinstance(value, str) else value


def repair_legacy(values: list[object], legacy: Legacy) -> list[object]:
    """Convert TCVN3/VNI text of one column (or the header row) to Unicode."""
    if legacy == "off":
        return values
    texts = {v for v in values if isinstance(v, str) and not v.isascii()}
    if not texts:
        return values
    source = column_source(texts) if legacy == "auto" else legacy
    fixed = {t: to_unicode(t, source=source) for t in texts}
    return [fixed.get(v, v) if isinstance(v, str) else v for v in values]


# ---------------------------------------------------------------- checks
_HEADER_FIX = Text("Add or rename the columns (Vietnamese headers are accepted, with or without accents).",
                   "Thêm cột hoặc đổi tên cột cho đúng (chấp nhận tiêu đề tiếng Việt, có dấu hay không dấu).")


def _require_columns(names: Iterable[str], table: Table, source: str, headers: list[str]) -> None:
    present = set(names)
    missing = [c for c in table.columns if c.required and c.name not in present]
    if missing:
        wanted_en = "; ".join(f"'{c.name}' (or {', '.join(repr(a) for a in c.aliases[:3])})" for c in missing)
        wanted_vi = "; ".join(_header_suggestion(c) for c in missing)
        found = ", ".join(f"'{h}'" for h in headers)
        raise MissingColumnError(
            Text("Required column(s) missing for a {kind} table: {wanted}. The file has: {found}.",
                 "Thiếu cột bắt buộc của bảng {kind}: {wanted_vi}. Tệp có các cột: {found}.",
                 {"kind": _table_name(table.kind), "wanted": wanted_en, "wanted_vi": wanted_vi, "found": found}),
            source=source, column=_spellings(missing[0])[0], fix=_HEADER_FIX,
        )


def _spellings(col: Column) -> list[str]:
    """The first headers accepted for a column, capitalised as a person writes them."""
    return [a[:1].upper() + a[1:] for a in col.aliases[:3]] or [col.name]


def _header_suggestion(col: Column) -> str:
    """'Số quyết định' (hoặc 'Số qđ', …): the headers accepted for a column."""
    spellings = _spellings(col)
    rest = f" (hoặc {', '.join(repr(a) for a in spellings[1:])})" if len(spellings) > 1 else ""
    return f"'{spellings[0]}'{rest}"


def _check_required_cells(frame: pd.DataFrame, col: Column, ctx: CellContext) -> None:
    empty = frame[col.name].isna().to_numpy()
    if col.nullable or not empty.any():
        return
    rows = ctx.rows[empty]
    raise MissingValueError(
        Text("{n} empty cell(s) in a required column (rows {rows}).",
             "{n} ô trống trong cột bắt buộc (dòng {rows}).", {"n": int(empty.sum()), "rows": RowList(rows)}),
        source=ctx.source, column=ctx.header, rows=rows,
        fix=Text("Fill in these cells, or remove the rows if they are not real records.",
                 "Điền các ô này, hoặc xoá các dòng đó nếu không phải là bản ghi thật."),
    )


def _check_range(frame: pd.DataFrame, col: Column, ctx: CellContext) -> None:
    if col.dtype not in ("int", "float") or (col.low is None and col.high is None):
        return
    values = frame[col.name].astype("float64").to_numpy()
    low = -np.inf if col.low is None else col.low
    high = np.inf if col.high is None else col.high
    bad = np.flatnonzero((values < low) | (values > high))
    if bad.size:
        raise OutOfRangeError(
            Text("Values outside {low}–{high}: {values}.", "Giá trị nằm ngoài khoảng {low}–{high}: {values}.",
                 {"low": f"{low:g}", "high": f"{high:g}",
                  "values": ValueList([(f"{values[i]:g}", ctx.rows[i]) for i in bad])}),
            source=ctx.source, column=ctx.header, rows=ctx.rows[bad],
            fix=Text("Correct these values; if they are codes for 'no answer', declare them with missing_codes=[...].",
                     "Sửa các giá trị này; nếu đó là mã cho 'không trả lời', để trống các ô đó."),
        )


def _check_key(frame: pd.DataFrame, table: Table, rows: np.ndarray, source: str,
               originals: Mapping[str, str] | None = None) -> None:
    key = [k for k in table.key if k in frame.columns]
    if not key or len(key) < len([k for k in table.key if table.column(k).required]):
        return
    dup = frame.duplicated(subset=key, keep=False).to_numpy()
    if dup.any():
        values = frame.loc[dup, key].astype("string").fillna("").agg(" / ".join, axis=1)
        shown = _key_labels(frame.loc[dup, key], table).agg(" / ".join, axis=1)
        headers = " + ".join((originals or {}).get(k, k) for k in key)
        raise DuplicateKeyError(
            Text("{n} rows repeat the key ({key}): {values}.", "{n} dòng lặp lại khoá ({headers}): {shown}.",
                 {"n": int(dup.sum()), "key": " + ".join(key), "headers": headers,
                  "values": ValueList(list(zip(values, rows[dup]))),
                  "shown": ValueList(list(zip(shown, rows[dup])))}),
            source=source, column=(originals or {}).get(key[0], key[0]), rows=rows[dup],
            fix=Text("Each record must appear once: delete the repeated rows or correct their codes.",
                     "Mỗi bản ghi chỉ được có một lần: xoá các dòng lặp hoặc sửa mã của chúng."),
        )


def _key_labels(keys: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Key values as people read them: category codes by their Vietnamese labels."""
    out = keys.astype("string").fillna("")
    for name in keys.columns:
        vocabulary = table.column(name).vocabulary
        if vocabulary:
            out[name] = out[name].map(lambda code: code_label(vocabulary, code, "vi") if code else code)
    return out


def _check_rules(frame: pd.DataFrame, table: Table, rows: np.ndarray, source: str, originals: dict[str, str]) -> None:
    for rule in table.rules:
        if rule.left not in frame.columns or rule.right not in frame.columns:
            continue
        left, right = frame[rule.left], frame[rule.right]
        broken = (left > right) if rule.op == "<=" else (left < right)
        broken = broken.fillna(False).to_numpy(dtype=bool)
        if broken.any():
            dates = pd.api.types.is_datetime64_any_dtype(left)
            op_vi = {("<=", True): "không được muộn hơn", (">=", True): "không được sớm hơn",
                     ("<=", False): "không được lớn hơn", (">=", False): "không được nhỏ hơn"}[rule.op, dates]
            pairs = [(f"{_short(a)} / {_short(b)}", r) for a, b, r in zip(left[broken], right[broken], rows[broken])]
            raise InconsistentValuesError(
                Text("'{left}' must be {op} '{right}' ({meaning}): {values}.",
                     "'{left}' {op_vi} '{right}' ({meaning_vi}): {values}.",
                     {"left": originals.get(rule.left, rule.left), "right": originals.get(rule.right, rule.right),
                      "op": rule.op, "op_vi": op_vi,
                      "meaning": rule.meaning, "meaning_vi": _RULE_MEANING_VI.get(rule.meaning, rule.meaning),
                      "values": ValueList(pairs)}),
                source=source, column=originals.get(rule.left, rule.left), rows=rows[broken],
                fix=Text("Correct the values in these rows.", "Sửa các giá trị ở những dòng này."),
            )


_RULE_MEANING_VI = {
    "a decision cannot precede its proposal": "quyết định không thể có trước tờ trình đề nghị",
    "an interview cannot end before it starts": "phỏng vấn không thể kết thúc trước khi bắt đầu",
    "a unit cannot resolve more shortcomings than were found": "số tồn tại đã khắc phục không thể nhiều hơn số tồn tại đã phát hiện",
    "a score cannot exceed the maximum": "điểm không thể vượt điểm tối đa",
}


def _short(value: object) -> str:
    """A date as DD/MM/YYYY, anything else as it is."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    return str(value)


# ---------------------------------------------------------------- the pipeline
def _numeric_if_possible(values: Sequence[object], missing: frozenset[str],
                         ctx: CellContext | None = None) -> pd.Series:
    """Extra columns (survey items) become numbers when every filled cell is one, read without guessing.

    The column's numbers are read as in a contract column of numbers
    (:func:`tdkt_eval.io.parsing.parse_column`): a number that reads two ways
    ("1.000") is read the way the column's other numbers show.  When nothing
    in the column decides it, or a number is too large for a numeric column,
    the column is kept as text, exactly as written (a
    :class:`DataQualityWarning` tells of the undecided numbers).
    """
    blank = blank_mask(values, missing)
    ctx = ctx or CellContext("<table>", "?", np.arange(2, len(values) + 2))
    numbers, bad, readings = _column_numbers(values, blank, whole=False)
    if bad:
        return _as_text(values, blank)
    if undecided := _undecided(numbers, readings):
        err = _ambiguous_error(values, readings, undecided, ctx)
        warnings.warn(DataQualityWarning(Text(
            "{where}: {problem} The column was kept as text. {fix}",
            "{where}: {problem} Cột này được giữ nguyên dạng chữ. {fix}",
            {"where": Text(err.where("en", rows=True), err.where("vi", rows=True)),
             "problem": err.problem_text, "fix": err.fix_text})), stacklevel=4)
        return _as_text(values, blank)
    distinct = _distinct(numbers)
    if distinct and all(n.is_finite() and n == n.to_integral_value() for n in distinct):
        if all(_INT64_LOW <= n <= _INT64_HIGH for n in distinct):
            return pd.Series(_as_python(numbers, int, None), dtype="Int64")
        return _as_text(values, blank)  # whole numbers beyond what Int64 holds: kept exactly, as text
    if not all(math.isfinite(float(n)) for n in distinct):
        return _as_text(values, blank)
    return pd.Series(_as_python(numbers, float, np.nan), dtype="float64")


_INT64_LOW, _INT64_HIGH = -(2**63), 2**63 - 1


def _as_text(values: Sequence[object], blank: np.ndarray) -> pd.Series:
    return pd.Series([None if b else str(v) for v, b in zip(values, blank)], dtype="string")


def _table_name(kind: str) -> Text:
    """The name of a contract table in both languages ("Khen thưởng" / "Rewards")."""
    return Text(label(kind, "en"), label(kind, "vi"))


class _Problems:
    """Collects the problems of one file, so that all of them are reported in one pass."""

    def __init__(self) -> None:
        self.errors: list[TdktInputError] = []

    @contextmanager
    def catch(self) -> Iterator[None]:
        try:
            yield
        except TdktInputError as err:
            self.errors.append(err)

    def raise_all(self) -> None:
        """Raise the first problem, carrying every one of them in ``.problems``."""
        if self.errors:
            raise self.errors[0].with_others(self.errors[1:])


def _conform(headers: list[str], body: list[Distinct], rows: np.ndarray, table: Table, *, source: str,
             privacy: _Privacy, legacy: Legacy, missing: frozenset[str],
             user_vocabulary: object = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Map, parse and check one table's columns; also return the spreadsheet rows kept."""
    headers = [str(h) for h in repair_legacy([nfc(h) for h in headers], legacy)]
    mapping = map_headers(headers, table, source=source)
    cells = {name: column.remap(repair_legacy([_nfc_cell(v) for v in column.values], legacy))
             for name, column in zip(mapping.names, body)}
    cells, personal = _protect_personal_data(cells, table, privacy, source, missing, mapping.original, rows)
    problems = _Problems()
    with problems.catch():
        _require_columns(cells, table, source, headers)
    out, failed = {}, set()
    extra = {} if user_vocabulary is None else {"user_vocabulary": user_vocabulary}
    for name, column in cells.items():
        ctx = CellContext(source, mapping.original.get(name, name), rows)
        if name not in table.names:
            out[name] = _each_distinct(column, ctx, lambda values, where: _numeric_if_possible(values, missing, where))
            continue
        before = len(problems.errors)
        with problems.catch():
            out[name] = _each_distinct(column, ctx, partial(_parse_contract_column, col=table.column(name),
                                                            missing=missing, extra=extra))
        if len(problems.errors) > before:
            failed.add(name)
            out[name] = pd.Series(column.cells(), dtype="object")
    frame = pd.DataFrame(out)
    for col in table.columns:
        if col.name in frame.columns and col.name not in failed:
            ctx = CellContext(source, mapping.original.get(col.name, col.name), rows)
            with problems.catch():
                _check_required_cells(frame, col, ctx)
            with problems.catch():
                _check_range(frame, col, ctx)
    if not failed.intersection(table.key):
        with problems.catch():
            _check_key(frame, table, rows, source, mapping.original)
    with problems.catch():
        _check_rules(frame.drop(columns=sorted(failed)), table, rows, source, mapping.original)
    problems.raise_all()
    ordered = [c for c in table.names if c in frame.columns] + [c for c in frame.columns if c not in table.names]
    frame = frame[ordered]
    frame.attrs["personal_columns"] = tuple(personal)
    frame.attrs["headers"] = dict(mapping.original)  # column → header as the file writes it, for messages
    return frame, rows


def _parse_contract_column(values: Sequence[object], ctx: CellContext, *, col: Column, missing: frozenset[str],
                           extra: Mapping[str, object]) -> pd.Series:
    return parse_column(values, col, ctx, missing, **extra)


def _each_distinct(column: Distinct, ctx: CellContext,
                   parse: Callable[[Sequence[object], CellContext], pd.Series]) -> pd.Series:
    """``parse`` run once per distinct cell of the column, and spread to its rows.

    The parsers decide a column from the set of its values (which number
    convention, which date order), so the distinct cells decide it as the
    rows would.  When the distinct cells raise or warn, the column is parsed
    again row by row, so that the messages name the spreadsheet rows exactly
    as a row-by-row reading does.
    """
    if len(column.values) < len(column):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                parsed = parse(column.values, CellContext(ctx.source, ctx.header, np.arange(len(column.values))))
            except TdktInputError:
                parsed = None
        if parsed is not None and not caught:
            return column.broadcast(parsed)
    return parse(column.cells(), ctx)


_Privacy = tuple[PersonalData, bytes | None]  # the policy and, to pseudonymise, the resolved salt


def _privacy(personal_data: PersonalData, salt: str | bytes | None, func: str) -> _Privacy:
    """Check the personal-data options once; read the salt only when it is needed."""
    check_policy(personal_data, func)
    return personal_data, resolve_salt(salt) if personal_data == "pseudonymise" else None


def _protect_personal_data(cells: dict[str, Distinct], table: Table, privacy: _Privacy, source: str,
                           missing: frozenset[str], headers: Mapping[str, str] | None = None,
                           rows: Sequence[int] = ()) -> tuple[dict[str, Distinct], list[str]]:
    """Drop, pseudonymise or keep personal data, mask it in free text (:func:`.privacy.protect_cells`)."""
    return protect_cells(cells, table, privacy, source, missing, headers or {}, rows, stacklevel=4)


def _missing_set(missing_codes: Iterable[object] | None) -> frozenset[str]:
    extra = {fold(str(code)) for code in (missing_codes or ())}
    return DEFAULT_MISSING | extra


def load_records(
    path: str | Path,
    kind: str,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    header_row: int | None = None,
    missing_codes: Iterable[object] | None = None,
    legacy: Legacy = "auto",
    personal_data: PersonalData = "drop",
    salt: str | bytes | None = None,
    user_vocabulary: object = None,
) -> pd.DataFrame:
    """Load a record file (CSV/TSV/XLSX) as a validated table of one contract.

    Parameters
    ----------
    path : str or Path
        The file.  CSV may be UTF-8 (with or without BOM), UTF-16 (Excel
        "Unicode Text", tab-separated), cp1258, or cp1252 carrying TCVN3/VNI
        text; the delimiter is detected.  XLSX: the first sheet unless ``sheet``.
    kind : str
        The contract: one of ``staff_responses``, ``citizen_responses``,
        ``inspections``, ``cluster_scores``, ``cluster_results``, ``criteria``,
        ``rewards``, ``personnel``, ``workforce``, ``reports``, ``units``,
        ``movements``.
    sheet : str or int, optional
        Workbook sheet by name or 0-based position.
    encoding : str, optional
        Force a text codec instead of detecting it.
    header_row : int, optional
        Spreadsheet row (1-based) of the header; found automatically otherwise,
        skipping title rows above it.
    missing_codes : iterable, optional
        Extra cell values meaning "missing" (e.g. ``[99, "không trả lời"]``).
        Blank cells, "NA", "N/A" and "-" are always missing.
    legacy : {"auto", "tcvn3", "vni", "off"}, default "auto"
        Convert legacy font-encoded text to Unicode; "auto" detects it per cell.
    personal_data : {"drop", "pseudonymise", "keep"}, default "drop"
        What to do with columns of names, phone numbers, ID numbers and e-mail
        addresses (found by header or content, see
        :func:`tdkt_eval.io.privacy.personal_data_columns`; contract columns
        are never touched): drop them; replace each value by a salted code
        (:func:`tdkt_eval.io.privacy.pseudonymise`), which keeps records
        linkable across files; or keep them (never publish the result).  A
        :class:`DataQualityWarning` names the columns, never their values.
    salt : str or bytes, optional
        The secret key of the codes for "pseudonymise"; the environment
        variable ``TDKT_SALT`` when not given.  Use the same salt for every
        file of a campaign.
    user_vocabulary : optional
        The user's own spellings of codes (a ``tu_dien`` file, see
        :func:`tdkt_eval.io.vocabulary.load_user_vocabulary`).

    Returns
    -------
    pandas.DataFrame
        Contract columns first (canonical names and types), then extra columns
        (numbers where every cell is one).  ``attrs`` holds the provenance:
        ``source``, ``sha256``, ``encoding``, ``sheet`` and ``kind``, and
        ``personal_columns``: the columns handled as personal data.

    Raises
    ------
    TdktInputError
        A subclass naming the file, column, rows and fix: e.g.
        MissingColumnError, DuplicateKeyError, OutOfRangeError, DateParseError.
    InvalidParameterError
        ``personal_data="pseudonymise"`` without a salt (neither ``salt=`` nor
        ``TDKT_SALT``), or an unknown option.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "thanh_tra.csv"
    >>> _ = p.write_text(
    ...     "Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục\\n"
    ...     "U001,15/03/2023,Tỉnh,M01,4,3\\n", encoding="utf-8-sig")
    >>> df = load_records(p, kind="inspections")
    >>> row = df.iloc[0]
    >>> row["unit_id"], str(row["date"].date()), row["inspector_level"], int(row["findings_count"])
    ('U001', '2023-03-15', 'province', 4)
    """
    privacy = _privacy(personal_data, salt, "load_records")
    raw = read_raw(path, sheet=sheet, encoding=encoding)
    frame, _ = records_from_raw(raw, kind, privacy=privacy, header_row=header_row, missing_codes=missing_codes,
                                legacy=legacy, user_vocabulary=user_vocabulary)
    frame.attrs.update(source=str(path))
    return frame


def records_from_raw(raw: RawTable, kind: str, *, privacy: _Privacy, header_row: int | None = None,
                     missing_codes: Iterable[object] | None = None, legacy: Legacy = "auto",
                     user_vocabulary: object = None) -> tuple[pd.DataFrame, np.ndarray]:
    """The validated table of cells already read, and the spreadsheet row of each record.

    The pipeline of :func:`load_records` after reading; whole-folder loading
    (:mod:`tdkt_eval.io.folder`) reads each file once and calls this.
    """
    table = get_table(kind)
    headers, body, rows = _data_block(raw, table, header_row)
    frame, rows = _conform(headers, body, rows, table, source=raw.label, privacy=privacy, legacy=legacy,
                           missing=_missing_set(missing_codes), user_vocabulary=user_vocabulary)
    frame.attrs.update(source=raw.label, sha256=raw.sha256, encoding=raw.encoding, sheet=raw.sheet, kind=kind)
    return frame, rows


_CONTAINERS = (list, tuple, dict, set, frozenset, np.ndarray, pd.Series, pd.DataFrame)


def _refuse_containers(df: pd.DataFrame, rows: np.ndarray, source: str) -> None:
    """MixedTypeError for the first column whose cells hold lists, dicts or sets instead of single values."""
    for j, header in enumerate(str(c) for c in df.columns):
        column = df.iloc[:, j]
        if column.dtype != object:
            continue
        cells = column.tolist()
        bad = [i for i, cell in enumerate(cells) if isinstance(cell, _CONTAINERS)]
        if bad:
            kinds = ", ".join(sorted({type(cells[i]).__name__ for i in bad}))
            raise MixedTypeError(
                Text("Cells hold several values each ({kinds}) instead of one value (rows {rows}).",
                     "Ô chứa nhiều giá trị ({kinds}) thay vì một giá trị (dòng {rows}).",
                     {"kinds": kinds, "rows": RowList(rows[bad])}),
                source=source, column=header, rows=rows[bad],
                fix=Text("Put one value in each cell: split the lists into columns or rows (DataFrame.explode), "
                         "or join them into text.",
                         "Mỗi ô chỉ ghi một giá trị: tách danh sách thành các cột hoặc các dòng "
                         "(DataFrame.explode), hoặc nối chúng thành một chuỗi chữ."),
            )


def validate(
    df: pd.DataFrame,
    kind: str,
    *,
    source: str = "<DataFrame>",
    missing_codes: Iterable[object] | None = None,
    legacy: Legacy = "auto",
    personal_data: PersonalData = "drop",
    salt: str | bytes | None = None,
) -> pd.DataFrame:
    """Validate and type an in-memory table against a contract.

    Same checks and return value as :func:`load_records`; row numbers in errors
    count the header as row 1, as if the frame were written to a spreadsheet.

    Raises
    ------
    InvalidArgumentTypeError
        ``df`` is not a DataFrame (also a ``TypeError``).
    MixedTypeError
        Cells hold lists, tuples, dicts or sets instead of single values.
    TdktInputError
        Any problem :func:`load_records` reports, e.g. OutOfRangeError for a
        number too large for its column.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Mã cán bộ": ["P1"], "Mã đơn vị": ["U1"], "Năm": [2023],
    ...                    "Chức vụ": ["Lãnh đạo"], "Giới tính": ["Nữ"], "Khu vực": ["Nhà nước"],
    ...                    "Loại địa bàn": ["Bình thường"], "Xếp loại": ["HTXSNV"]})
    >>> validate(df, "personnel").iloc[0].astype(str).tolist()
    ['P1', 'U1', '2023', 'leader', 'female', 'state', 'normal', 'excellent']
    """
    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentTypeError(f"The 'df' parameter of validate must be a pandas DataFrame. "
                                       f"Got {type(df).__name__} instead; load a file with load_records().")
    table = get_table(kind)
    privacy = _privacy(personal_data, salt, "validate")
    if df.shape[0] == 0:
        raise EmptyFileError("The table has no rows.", source=source, fix="Pass a table with data.")
    rows = np.arange(2, len(df) + 2)
    _refuse_containers(df, rows, source)
    body = [Distinct.of(df.iloc[:, j]) for j in range(df.shape[1])]
    frame, _ = _conform([str(c) for c in df.columns], body, rows, table, source=source, privacy=privacy,
                        legacy=legacy, missing=_missing_set(missing_codes))
    frame.attrs.update(source=source, kind=kind)
    return frame
