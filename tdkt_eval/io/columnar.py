"""Columnar reading with Arrow: large rectangular CSV files, and Parquet.

A national file of ten million reward records cannot pass through Python one
cell at a time.  :func:`arrow_columns` hands a rectangular CSV (every line the
same number of fields, no line breaks inside cells) to Arrow's streaming
reader, a block of rows at a time on one thread (Arrow's thread pools reserve
much address space), and returns each column as its distinct cells and codes.
A file Arrow might read differently returns None, and the row-by-row reader
in :mod:`.readers` reads it with its detailed checks (unbalanced quotes,
ragged rows), so both readers give the same cells
(``tests/test_national_scale.py`` compares them).  :func:`parquet_columns`
reads a Parquet file's columns with their types.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from .distinct import Distinct
from .encoding import TextScan

__all__: list[str] = []

PARQUET_SUFFIXES = (".parquet", ".pq")
#: Text files from this many characters go to Arrow; smaller ones (a council's sheets) are read row by row,
#: which costs nothing at their size.
ARROW_MIN_CHARS = 1 << 20
#: Arrow reads in blocks of this many bytes; a cell longer than a block falls back to the row-by-row reader,
#: which names it (the limit on a cell's length is 2,000,000 characters).
_BLOCK_BYTES = 1 << 21


def _first_width(head: str, delim: str) -> int:
    """How many fields the first line has."""
    first = head[:head.find("\n") + 1 or len(head)]
    return len(next(csv.reader(io.StringIO(first, newline=""), delimiter=delim), []))


class _Coder:
    """One column's distinct cells, built batch by batch: each batch's cells are coded once, by Arrow."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.parts: list[np.ndarray] = []

    def add(self, column: object) -> None:
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(column)
        index = self.index
        known = np.fromiter((index.setdefault(v, len(index)) for v in encoded.dictionary.to_pylist()),
                            dtype=np.int32, count=len(encoded.dictionary))
        self.parts.append(known[encoded.indices.to_numpy(zero_copy_only=False)])

    def column(self) -> Distinct:
        codes = np.concatenate(self.parts) if self.parts else np.empty(0, dtype=np.int32)
        return Distinct(list(self.index), codes)


def arrow_columns(source: Path | bytes, delim: str, max_cell_chars: int, scan: TextScan) -> list[Distinct] | None:
    """The columns of a rectangular table of UTF-8 text, or None when Arrow cannot read it as the csv module does.

    ``source`` is the file or its bytes, which :func:`.encoding.scan_utf8` found
    to be UTF-8 in NFC (a byte-order mark is skipped).  None for: pyarrow
    missing, rows of different widths, a line break inside a cell, blank
    lines, or a cell longer than ``max_cell_chars`` (the row-by-row reader
    then names the line).
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    width = _first_width(scan.head, delim)
    if scan.blank_line or width < 1 or scan.longest_line > min(_BLOCK_BYTES, max_cell_chars):
        return None  # a very long line (a giant cell?) is for the row-by-row reader, which names it
    names = [f"c{j}" for j in range(width)]
    try:
        batches = pacsv.open_csv(
            str(source) if isinstance(source, Path) else pa.py_buffer(source),
            read_options=pacsv.ReadOptions(column_names=names, block_size=_BLOCK_BYTES, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delim, quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
            memory_pool=pa.system_memory_pool(),  # freed to the system at once, not kept in an arena
        )
        coders = [_Coder() for _ in names]
        rows = 0
        for batch in batches:  # a block of rows at a time: the file's text is never held whole
            rows += batch.num_rows
            for coder, column in zip(coders, batch.columns):
                if (pc.max(pc.utf8_length(column)).as_py() or 0) > max_cell_chars:
                    return None
                coder.add(column)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeError, OSError):
        return None
    if rows != scan.lines + (not scan.ends_with_newline):
        return None
    return [coder.column() for coder in coders]


def parquet_columns(path: Path) -> list[Distinct]:
    """A Parquet file's columns, each with its name as the first cell (the header row), then its typed cells."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    columns = []
    for name in table.column_names:
        column = Distinct.of(table.column(name).to_pandas())
        columns.append(column.with_first(str(name)))
    return columns
