"""Validated tables as Parquet: converted once, read back in seconds.

``tdkt-eval convert`` (:func:`convert_folder`) loads and checks every file of a
campaign folder, as ``tdkt-eval validate`` does, and writes each table that
loads (what a report of the folder would use) to ``<kind>.parquet``, with its types and a note in the file's metadata:
the table's kind, a fingerprint of its contract, and the source files with
their SHA-256.  A later run that finds such a file, with the contract
unchanged, reads it as it is (:func:`read_validated`); any other Parquet file is
read cell by cell and checked like a CSV file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .contracts import get_table

__all__ = ["convert_folder", "read_validated", "validated_kind", "write_validated"]

#: The key of the tdkt-eval note in a Parquet file's metadata.
METADATA_KEY = b"tdkt_eval"
#: Marks a folder written by convert_folder, so that a later conversion may replace it.
MARKER = ".tdkt-parquet"


def contract_fingerprint(kind: str) -> str:
    """A short hash of a contract's columns, types and codes: a converted file is trusted only while it holds.

    Examples
    --------
    >>> contract_fingerprint("rewards") == contract_fingerprint("rewards") != contract_fingerprint("units")
    True
    """
    table = get_table(kind)
    parts = [(c.name, c.dtype, c.vocabulary or "", c.low, c.high, c.required, c.nullable,
              tuple(c.allowed_codes()) if c.dtype == "category" else ()) for c in table.columns]
    text = json.dumps([kind, parts, list(table.key)], default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def write_validated(frame: pd.DataFrame, path: str | Path, kind: str, sources: Mapping[str, str] | None = None) -> Path:
    """Write a validated table to Parquet, with the note that lets :func:`read_validated` trust it.

    Parameters
    ----------
    frame : DataFrame
        A table as :func:`tdkt_eval.load_records` (or the folder loader) returns it.
    path : str or Path
        The file to write (replaced whole, never half-written).
    kind : str
        Its contract.
    sources : mapping, optional
        Source file name → SHA-256 of its bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import tdkt_eval as te
    >>> df = te.validate(pd.DataFrame({"Mã đơn vị": ["U1"], "Cấp": ["Tỉnh"], "Khu vực": ["Nhà nước"],
    ...                                "Loại địa bàn": ["Bình thường"]}), "units")
    >>> p = write_validated(df, pathlib.Path(tempfile.mkdtemp()) / "units.parquet", "units")
    >>> validated_kind(p), read_validated(p).equals(df)
    ('units', True)
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..output import write_bytes_atomic

    note = {"kind": kind, "contract": contract_fingerprint(kind), "sources": dict(sources or {})}
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           METADATA_KEY: json.dumps(note, ensure_ascii=False).encode("utf-8")})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return write_bytes_atomic(path, sink.getvalue().to_pybytes())


def _note(path: Path) -> dict | None:
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(path).metadata or {}
        return json.loads(metadata[METADATA_KEY]) if METADATA_KEY in metadata else None
    except Exception:  # noqa: BLE001 - not readable as Parquet: the reader reports it
        return None


def validated_kind(path: str | Path) -> str | None:
    """The kind of a Parquet file written by :func:`write_validated` under today's contract, else None."""
    note = _note(Path(path))
    if not note or note.get("kind") is None:
        return None
    try:
        return note["kind"] if note.get("contract") == contract_fingerprint(note["kind"]) else None
    except Exception:  # noqa: BLE001 - an unknown kind: not ours to trust
        return None


def read_validated(path: str | Path) -> pd.DataFrame:
    """A table written by :func:`write_validated`, with its types, as the loaders would return it."""
    path = Path(path)
    frame = pd.read_parquet(path)
    note = _note(path) or {}
    frame.attrs.update(source=str(path), kind=note.get("kind"), converted_from=note.get("sources", {}))
    return frame


def convert_folder(directory: str | Path, out: str | Path, **options: object):
    """Check every file of a campaign folder and write each table that loads to ``out/<kind>.parquet``.

    Parameters
    ----------
    directory : str or Path
        The campaign folder (as for :func:`tdkt_eval.io.check_folder`).
    out : str or Path
        The folder to write; replaced whole when the conversion succeeds (a
        folder written by an earlier conversion is replaced, any other
        non-empty folder is refused).
    **options
        Passed to :func:`tdkt_eval.io.check_folder` (``personal_data``, ``salt`` ...).

    Returns
    -------
    check : FolderCheck
        What :func:`tdkt_eval.io.check_folder` found.
    written : list of Path
        The Parquet files, one per table that loaded: the tables a report of
        the folder would use.  A file that does not load is left out of its
        table, as in the report; ``check`` lists every problem, and
        ``tdkt-eval convert`` exits 1 when there is one.
    """
    from ..output import assembled_folder
    from .folder import check_folder

    check = check_folder(directory, **options)
    written = []
    with assembled_folder(out, marker=MARKER, note="tdkt-eval convert") as tmp:
        for kind, frame in check.tables.items():
            sources = {s.file: s.sha256 for s in check.sources if s.kind == kind and s.sha256}
            write_validated(frame, Path(tmp) / f"{kind}.parquet", kind, sources)
            written.append(Path(out) / f"{kind}.parquet")
    return check, written
