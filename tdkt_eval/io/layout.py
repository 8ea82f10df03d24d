"""The layouts offices use: where the table sits in a sheet and which rows are records.

Moved out of :mod:`.records`: splitting raw rows into header, data rows and
spreadsheet row numbers, dropping empty header-less columns and total rows.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._validation import DataQualityWarning, EmptyFileError, HeaderNotFoundError, MalformedFileError
from .contracts import Table
from .headers import find_header_row
from .readers import RawTable
from .text import fold

__all__: list[str] = []

_TOTAL_WORDS = frozenset({"tong cong", "cong", "tong", "tong so", "total", "grand total", "cong toan bo"})


def _data_block(raw: RawTable, table: Table, header_row: int | None) -> tuple[list[str], list[list[object]], np.ndarray]:
    """Split raw rows into headers, data rows and their spreadsheet row numbers."""
    if not any(any(c not in (None, "") for c in row) for row in raw.rows):
        raise EmptyFileError("The file has no cells with content.", source=raw.label,
                             fix="Export the table again; the saved file is empty.")
    if header_row is not None and not 1 <= header_row <= len(raw.rows):
        raise HeaderNotFoundError(
            f"header_row={header_row} is outside the file, which has {len(raw.rows)} rows.",
            source=raw.label, fix="Give the spreadsheet row number of the header, or leave header_row out.",
        )
    start = find_header_row(raw.rows, table) if header_row is None else header_row - 1
    header_cells = list(raw.rows[start])
    body = [list(r) for r in raw.rows[start + 1:]]
    width = max([len(header_cells), *(len(r) for r in body)])
    header_cells += [None] * (width - len(header_cells))
    numbers = np.arange(start + 2, start + 2 + len(body))
    keep = [i for i, r in enumerate(body) if any(c not in (None, "") and not _blank_text(c) for c in r)]
    body = [body[i] + [None] * (width - len(body[i])) for i in keep]
    numbers = numbers[keep]
    headers = [None if c is None or not str(c).strip() else str(c) for c in header_cells]
    body, headers = _drop_unnamed_columns(body, headers, numbers, raw.label)
    if not body:
        raise EmptyFileError(f"The file has a header (row {start + 1}) but no data rows.", source=raw.label,
                             fix="Add the data below the header, or check that you chose the right sheet.")
    return headers, body, numbers


def _blank_text(cell: object) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _drop_unnamed_columns(body: list[list[object]], headers: list[str | None], numbers: np.ndarray,
                          label: str) -> tuple[list[list[object]], list[str]]:
    """Remove header-less columns that are empty; refuse ones that hold values."""
    keep = []
    for j, header in enumerate(headers):
        if header is not None:
            keep.append(j)
            continue
        filled = [numbers[i] for i, r in enumerate(body) if r[j] not in (None, "") and not _blank_text(r[j])]
        if filled:
            listed = ", ".join(str(r) for r in filled[:5])
            raise MalformedFileError(
                f"Column {j + 1} has values but no header (rows {listed}"
                f"{' and more' if len(filled) > 5 else ''}).",
                source=label,
                fix=("Give that column a header, or delete it. In a CSV file this usually means a "
                     "text cell contains the delimiter: put such cells in double quotes."),
            )
    return [[r[j] for j in keep] for r in body], [headers[j] for j in keep]


def _drop_total_rows(frame: pd.DataFrame, numbers: np.ndarray, label: str) -> tuple[pd.DataFrame, np.ndarray]:
    is_total = frame.apply(lambda col: col.map(lambda v: isinstance(v, str) and fold(v) in _TOTAL_WORDS)).any(axis=1)
    if is_total.any():
        rows = ", ".join(str(n) for n in numbers[is_total.to_numpy()])
        warnings.warn(f"{label}: dropped total row(s) {rows} (they are sums, not records).",
                      DataQualityWarning, stacklevel=4)
    keep = ~is_total.to_numpy()
    return frame.loc[keep].reset_index(drop=True), numbers[keep]
