"""Columnar reading with Arrow: large rectangular CSV files, and Parquet.

A national file of ten million reward records cannot pass through Python one
cell at a time.  :func:`arrow_columns` hands a rectangular CSV (every line the
same number of fields, no line breaks inside cells) to Arrow's multithreaded
reader and returns each column as its distinct cells and codes.  A file that
is not rectangular returns None, and the row-by-row reader in
:mod:`.readers` reads it with its detailed checks (unbalanced quotes, ragged
rows), so both readers give the same cells.  :func:`parquet_columns` reads a
Parquet file's columns with their types.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from .distinct import Distinct

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


def _from_dictionary(column: object) -> Distinct:
    """An Arrow column of strings as its distinct cells (in order of first appearance) and codes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pool = pa.system_memory_pool()
    encoded = pc.dictionary_encode(column.combine_chunks(memory_pool=pool), memory_pool=pool)
    return Distinct.from_codes(encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist())


def arrow_columns(data: bytes, delim: str, max_cell_chars: int) -> list[Distinct] | None:
    """The columns of a rectangular table of UTF-8 text, or None when Arrow cannot read it as the csv module does.

    ``data`` is UTF-8 in NFC, with or without a byte-order mark (Arrow skips it).

    None for: pyarrow missing, rows of different widths, a line break inside
    a cell, blank lines, or a cell longer than ``max_cell_chars`` (the
    row-by-row reader then names the line).
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    if b"\n\n" in data or b"\n\r\n" in data or data.lstrip(codecs.BOM_UTF8)[:1] in (b"\n", b"\r"):
        return None  # a blank line: the csv module reads it as a row without cells
    width = _first_width(data[:1 << 16].decode("utf-8", errors="replace").lstrip("\ufeff"), delim)
    if width < 1:
        return None
    names = [f"c{j}" for j in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=_BLOCK_BYTES, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delim, quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
            memory_pool=pa.system_memory_pool(),  # freed to the system at once, not kept in an arena
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeError):
        return None
    if table.num_rows != data.count(b"\n") + (not data.endswith(b"\n")):
        return None
    columns = []
    for name in names:
        column = table.column(name)
        if (pc.max(pc.utf8_length(column)).as_py() or 0) > max_cell_chars:
            return None
        columns.append(_from_dictionary(column))
    return columns


def parquet_columns(path: Path) -> list[Distinct]:
    """A Parquet file's columns, each with its name as the first cell (the header row), then its typed cells."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    columns = []
    for name in table.column_names:
        column = Distinct.of(table.column(name).to_pandas())
        columns.append(column.with_first(str(name)))
    return columns
