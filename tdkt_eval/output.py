"""Write output files atomically: a reader never sees a half-written file or folder.

Only reports and the CLI write files; they all go through here.  Output paths are
checked before any work starts (:func:`check_output_file`, :func:`check_output_folder`),
and a folder of several files is assembled beside its target and moved into place whole
(:func:`assembled_folder`): a reused folder then holds exactly one run's files.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputPathError
from ._messages import Text

__all__ = ["assembled_folder", "check_output_file", "check_output_folder", "check_writable_folder",
           "write_bytes_atomic", "write_text_atomic", "write_xlsx_atomic"]


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


def _missing(value: object) -> bool:
    """None, NaN, pd.NA or NaT (without importing pandas for the check)."""
    try:
        return value is None or bool(value != value) or type(value).__name__ in ("NAType", "NaTType")
    except TypeError:  # pd.NA refuses a truth value
        return True


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
        ws.append([None if _missing(v) else v for v in row])
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


# ---------------------------------------------------------------- output paths, checked before any work
def _existing_ancestor(path: Path) -> Path:
    """``path`` itself if it exists, else its nearest existing ancestor (a file or a folder)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


def _check_creatable(path: Path) -> None:
    """``path`` can be created: its nearest existing ancestor is a folder we may write into."""
    ancestor = _existing_ancestor(path.parent)
    if not ancestor.is_dir():
        raise OutputPathError(Text(
            "Cannot write '{path}': '{ancestor}' is a file, not a folder. Choose another output path.",
            "Không thể ghi '{path}': '{ancestor}' là một tệp, không phải thư mục. Hãy chọn đường dẫn khác.",
            {"path": path, "ancestor": ancestor}))
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise _no_permission(path, ancestor)


def _no_permission(path: Path, folder: Path) -> OutputPathError:
    return OutputPathError(Text(
        "Cannot write '{path}': the folder '{folder}' cannot be written (no permission). "
        "Choose a folder of your own, or ask for write access.",
        "Không thể ghi '{path}': không có quyền ghi vào thư mục '{folder}'. "
        "Hãy chọn một thư mục của mình, hoặc xin quyền ghi.",
        {"path": path, "folder": folder}))


def check_output_file(path: str | Path) -> Path:
    """Check that a file can be written at ``path`` (replacing a file there), before any work starts.

    Raises
    ------
    OutputPathError
        ``path`` is a folder, lies under a file, or its folder cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_output_file(folder / "new" / "van_de.xlsx").name
    'van_de.xlsx'
    >>> check_output_file(folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    tdkt_eval.errors.OutputPathError: Cannot write '...': it is a folder; give a file name...
    """
    path = Path(path)
    if path.is_dir():
        raise OutputPathError(Text("Cannot write '{path}': it is a folder; give a file name, e.g. {path}/{name}.",
                                   "Không thể ghi '{path}': đó là một thư mục; hãy cho tên tệp, ví dụ {path}/{name}.",
                                   {"path": path, "name": "van_de.xlsx"}))
    _check_creatable(path)
    return path


def check_output_folder(path: str | Path, *, marker: str | None = None, keep_out: str | Path | None = None,
                        unmarked: Collection[str] = ()) -> Path:
    """Check that ``path`` can become an output folder, before any work starts.

    ``path`` may be missing, empty, or an earlier output that holds the file
    ``marker``: :func:`assembled_folder` replaces it whole.  A folder that holds
    other files and no marker is never overwritten.

    Parameters
    ----------
    path : str or Path
    marker : str, optional
        The name of the file that marks an earlier output (e.g. ``.tdkt-report``);
        ``None``: an existing folder that is not empty is refused.
    keep_out : str or Path, optional
        A folder that must not be inside ``path`` (the data folder): replacing
        ``path`` would delete it.
    unmarked : sequence of str, optional
        Names that make up an earlier output written before markers existed
        (the page first, then its sub-folders): a folder counts as marked only
        if it holds the page, nothing but these names, and in the sub-folders
        only files of the kinds a report writes (figures and tables).

    Raises
    ------
    OutputPathError
        With what is wrong and what to do, in both languages.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "notes.txt").write_text("x")
    1
    >>> check_output_folder(folder / "report").name
    'report'
    >>> check_output_folder(folder, marker=".tdkt-report")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    tdkt_eval.errors.OutputPathError: The output folder '...' already holds other files (notes.txt)...
    """
    path = check_writable_folder(path)
    if keep_out is not None and Path(keep_out).resolve().is_relative_to(path.resolve()):
        raise OutputPathError(Text(
            "The output folder '{path}' holds the data folder '{data}': writing there would replace the data. "
            "Choose another output folder.",
            "Thư mục kết quả '{path}' chứa thư mục dữ liệu '{data}': ghi vào đó sẽ thay mất dữ liệu. "
            "Hãy chọn thư mục kết quả khác.", {"path": path, "data": keep_out}))
    if path.is_dir():
        entries = sorted(p.name for p in path.iterdir())
        if entries and (marker is None or marker not in entries) and not _earlier_output(path, entries, unmarked):
            shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
            raise OutputPathError(Text(
                "The output folder '{path}' already holds other files ({shown}) and was not written by "
                "tdkt-eval, so it is not overwritten. Choose a new or empty folder.",
                "Thư mục kết quả '{path}' đã có các tệp khác ({shown}) không do tdkt-eval tạo ra, nên không "
                "bị ghi đè. Hãy chọn một thư mục mới hoặc thư mục trống.", {"path": path, "shown": shown}))
    return path


_OUTPUT_SUFFIXES = frozenset({".png", ".svg", ".pdf", ".xlsx", ".csv", ".tex", ".md"})


def _earlier_output(path: Path, entries: list[str], unmarked: Sequence[str]) -> bool:
    """An unmarked folder written by an earlier version: its page, its sub-folders, and only figures and tables."""
    names = list(unmarked)
    if not names or names[0] not in entries or not set(entries) <= set(names):
        return False
    return all(f.suffix.lower() in _OUTPUT_SUFFIXES
               for d in path.iterdir() if d.is_dir() for f in d.rglob("*") if not f.is_dir())


def check_writable_folder(path: str | Path) -> Path:
    """Check that files can be written into the folder ``path`` (created if missing), before any work starts.

    Raises
    ------
    OutputPathError
        ``path`` is a file, lies under a file, or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "a.txt").write_text("x")
    1
    >>> check_writable_folder(folder / "a.txt" / "out")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    tdkt_eval.errors.OutputPathError: Cannot write '.../a.txt/out': '.../a.txt' is a file, not a folder...
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputPathError(Text("The output folder '{path}' is a file. Give a folder, e.g. --out reports/report.",
                                   "'{path}' là một tệp, không phải thư mục để ghi kết quả. "
                                   "Hãy cho một thư mục, ví dụ --out reports/report.", {"path": path}))
    if path.is_dir():
        if not os.access(path, os.W_OK | os.X_OK):
            raise _no_permission(path, path)
        return path
    _check_creatable(path)
    return path


# ---------------------------------------------------------------- a folder moved into place whole
@contextmanager
def _interrupts_deferred() -> Iterator[list]:
    """Hold Ctrl+C back for a few file-system calls; raise it afterwards (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield []
        return
    caught: list = []
    previous = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _swap_into_place(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an earlier ``target`` is set aside first and deleted after."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def assembled_folder(target: str | Path, *, marker: str, note: str = "", unmarked: Collection[str] = ()
                     ) -> Iterator[Path]:
    """A fresh folder beside ``target`` to write into; on success it replaces ``target`` whole.

    The folder gets the file ``marker`` (holding ``note``), so that a later run
    may replace it (see :func:`check_output_folder`, also for ``unmarked``).  On any error or Ctrl+C the
    temporary folder is deleted and ``target`` is left as it was; Ctrl+C during
    the final renames is held back until they are done.  Either the old folder
    or the new one is in place, never a mix of both.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> with assembled_folder(out, marker=".tdkt-report") as tmp:
    ...     _ = write_text_atomic(tmp / "a.txt", "one")
    >>> with assembled_folder(out, marker=".tdkt-report") as tmp:
    ...     _ = write_text_atomic(tmp / "b.txt", "two")
    >>> sorted(p.name for p in out.iterdir()), sorted(p.name for p in out.parent.iterdir())
    (['.tdkt-report', 'b.txt'], ['report'])
    """
    target = Path(target).resolve()
    check_output_folder(target, marker=marker, unmarked=unmarked)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
        check_output_folder(target, marker=marker, unmarked=unmarked)  # nothing foreign has appeared there meanwhile
        write_text_atomic(tmp / marker, note)
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; give the usual permissions
        with _interrupts_deferred():
            _swap_into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
