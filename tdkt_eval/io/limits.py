"""Resource limits for reading files: a hostile or broken file fails fast instead of exhausting the machine.

Every reader checks the limits in force (:func:`current_limits`) and raises
:class:`~tdkt_eval.errors.ResourceLimitError` naming the file, the limit and
how to raise it.  The defaults allow any real council file (a province's records
for a decade, review reports of a few hundred thousand characters) and stop
archive and XML bombs long before memory runs out.  Raise a limit for one block
of code with :func:`raised_limits`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace

from ..errors import InvalidParameterError, ResourceLimitError
from .._messages import Text

__all__ = ["Limits", "DEFAULT_LIMITS", "current_limits", "raised_limits", "limit_error"]

_MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force while reading files.

    Attributes
    ----------
    max_file_bytes : int
        Size of one input file on disk (200 MiB).
    max_uncompressed_bytes : int
        Total uncompressed size read out of one archive (ZIP export, or the
        XML parts of an .xlsx workbook): 1 GiB.
    max_members : int
        Members of one ZIP archive (10,000).
    max_compression_ratio : int
        How many times its packed size one archive member may inflate to (100;
        checked once it passes 16 MiB): real exports pack 5 to 20 times, ZIP
        bombs a thousand times.
    max_rows : int
        Rows of one table (10 million).
    max_cell_chars : int
        Characters in one cell (2 million: a long review report is a few hundred thousand).
    max_cells : int
        Cells of one table (200 million).
    """

    max_file_bytes: int = 200 * _MiB
    max_uncompressed_bytes: int = 1024 * _MiB
    max_members: int = 10_000
    max_compression_ratio: int = 100
    max_rows: int = 10_000_000
    max_cell_chars: int = 2_000_000
    max_cells: int = 200_000_000


DEFAULT_LIMITS = Limits()
_CURRENT: ContextVar[Limits | None] = ContextVar("tdkt_limits", default=None)
#: The environment variable that raises the file-size limit, in MiB (``tdkt-eval --max-file-mb`` sets it,
#: so that the report's notebook, another process, reads the same limit).
MAX_FILE_MB_VARIABLE = "TDKT_MAX_FILE_MB"


def _environment_limits() -> Limits:
    """The defaults, with the file-size limit of ``TDKT_MAX_FILE_MB`` when it is set."""
    text = os.environ.get(MAX_FILE_MB_VARIABLE, "").strip()
    if not text:
        return DEFAULT_LIMITS
    if not text.isdigit() or int(text) <= 0:
        raise InvalidParameterError(
            Text("The environment variable {name} must be a positive whole number of megabytes. Got {text!r}.",
                 "Biến môi trường {name} phải là một số nguyên dương (số megabyte). Giá trị hiện tại: {text!r}.",
                 {"name": MAX_FILE_MB_VARIABLE, "text": text}))
    return replace(DEFAULT_LIMITS, max_file_bytes=int(text) * _MiB)

_NAMES_VI = {
    "max_file_bytes": "dung lượng tệp",
    "max_uncompressed_bytes": "dung lượng sau khi giải nén",
    "max_members": "số tệp trong tệp nén",
    "max_compression_ratio": "tỉ lệ nén",
    "max_rows": "số dòng",
    "max_cell_chars": "số ký tự trong một ô",
    "max_cells": "số ô của bảng",
}


def current_limits() -> Limits:
    """The limits in force: the defaults (the file size from ``TDKT_MAX_FILE_MB`` if set), or :func:`raised_limits`.

    Examples
    --------
    >>> current_limits().max_members
    10000
    """
    return _CURRENT.get() or _environment_limits()


@contextmanager
def raised_limits(**changes: int) -> Iterator[Limits]:
    """Use other limits inside a ``with`` block (e.g. ``raised_limits(max_rows=50_000_000)``).

    Examples
    --------
    >>> with raised_limits(max_cell_chars=5_000_000) as limits:
    ...     current_limits().max_cell_chars
    5000000
    >>> current_limits().max_cell_chars
    2000000
    """
    known = {f.name for f in fields(Limits)}
    for name, value in changes.items():
        if name not in known:
            raise InvalidParameterError(f"The limit {name!r} is not one of {sorted(known)}.")
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise InvalidParameterError(f"The limit {name!r} must be a positive whole number. Got {value!r} instead.")
    token = _CURRENT.set(replace(current_limits(), **changes))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def limit_error(name: str, found: int | str, *, source: object = None, sheet: str | None = None) -> ResourceLimitError:
    """The error for a file that exceeds the limit ``name`` (a field of :class:`Limits`).

    Examples
    --------
    >>> err = limit_error("max_members", 20000, source="odk.zip")
    >>> print(err.render("vi"))  # doctest: +NORMALIZE_WHITESPACE
    Tệp 'odk.zip': Tệp vượt giới hạn số tệp trong tệp nén: 20000 (giới hạn 10000). Cách sửa: Kiểm tra
    xem tệp có đúng là tệp dữ liệu không; nếu đúng, nâng giới hạn bằng te.io.raised_limits(max_members=...).
    """
    limit = getattr(current_limits(), name)
    return ResourceLimitError(
        Text("The file exceeds the limit on {what}: {found} (limit {limit}).",
             "Tệp vượt giới hạn {what_vi}: {found} (giới hạn {limit}).",
             {"what": name.removeprefix("max_").replace("_", " "), "what_vi": _NAMES_VI[name],
              "found": found, "limit": limit}),
        fix=_FILE_SIZE_FIX if name == "max_file_bytes" else
        Text("Check that this is really a data file; if it is, raise the limit with "
             "te.io.raised_limits({name}=...).",
             "Kiểm tra xem tệp có đúng là tệp dữ liệu không; nếu đúng, nâng giới hạn bằng "
             "te.io.raised_limits({name}=...).", {"name": name}),
        source=source, sheet=sheet)


_FILE_SIZE_FIX = Text(
    "Check that this is really a data file; if it is, split it (a file per province or per year), or raise the "
    "limit: tdkt-eval --max-file-mb 4000, the environment variable TDKT_MAX_FILE_MB, or "
    "te.io.raised_limits(max_file_bytes=...) in Python.",
    "Kiểm tra xem tệp có đúng là tệp dữ liệu không; nếu đúng, hãy tách tệp (mỗi tỉnh hoặc mỗi năm một tệp), hoặc "
    "nâng giới hạn: tdkt-eval --max-file-mb 4000, biến môi trường TDKT_MAX_FILE_MB, hoặc "
    "te.io.raised_limits(max_file_bytes=...) khi dùng Python.")
