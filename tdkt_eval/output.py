"""Write output files atomically: a reader never sees a half-written file.

Only reports and the CLI write files; they all go through here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_bytes_atomic", "write_text_atomic", "write_xlsx_atomic"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "sub" / "a.txt"
    >>> write_bytes_atomic(p, b"xin chao").read_bytes()
    b'xin chao'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically, with ``\\n`` line endings on every platform."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_xlsx_atomic(path: str | Path, frame, *, sheet: str = "Sheet1", width: int = 60) -> Path:
    """Write a DataFrame as a one-sheet workbook a clerk can work through, atomically.

    The header row is bold and frozen, has a filter, and long texts wrap in
    columns at most ``width`` characters wide.  Escape formula-like text first
    (:func:`tdkt_eval.reporting.disclosure.escape_formulas`) when it comes from users.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "van_de.xlsx"
    >>> from openpyxl import load_workbook
    >>> _ = write_xlsx_atomic(p, pd.DataFrame({"Tệp": ["a.csv"], "Vấn đề": ["Thiếu cột"]}), sheet="Vấn đề")
    >>> [c.value for c in load_workbook(p)["Vấn đề"][2]]
    ['a.csv', 'Thiếu cột']
    """
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([None if v is None or v != v else v for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for j, col in enumerate(frame.columns, start=1):
        longest = max([len(str(col)), *(len(str(v)) for v in frame.iloc[:, j - 1])], default=8)
        ws.column_dimensions[ws.cell(1, j).column_letter].width = min(width, max(8, longest + 2))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return write_bytes_atomic(path, buffer.getvalue())
