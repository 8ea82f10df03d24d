"""A column as its distinct cells and a code per row, so that each cell value is read once.

A column of a million reward records holds a few dozen forms, genders and
levels, a few thousand dates and scores.  The loaders normalise, repair, map
and parse each distinct value once and broadcast the result through the codes,
with numpy.  Equality is exact: ``1``, ``1.0``, ``True`` and ``"1"`` stay four
values, because a spreadsheet cell's type matters to the parsers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__: list[str] = []


@dataclass(frozen=True, slots=True)
class Distinct:
    """The distinct cells of a column (in order of first appearance) and, per row, the position of its cell.

    Attributes
    ----------
    values : list
        Each distinct cell once, as a Python object (str, int, float,
        datetime, None ...); missing cells are None.
    codes : numpy.ndarray
        For each row, the position of its cell in ``values``.

    Examples
    --------
    >>> d = Distinct.of(["Nữ", "Nam", "Nữ", None, 1, 1.0, True])
    >>> d.values, d.codes.tolist()
    (['Nữ', 'Nam', None, 1, 1.0, True], [0, 1, 0, 2, 3, 4, 5])
    >>> d.remap([v.upper() if isinstance(v, str) else v for v in d.values]).cells()[:3]
    ['NỮ', 'NAM', 'NỮ']
    """

    values: list
    codes: np.ndarray

    @classmethod
    def of(cls, cells: Sequence[object] | pd.Series) -> "Distinct":
        """The distinct cells of a list or a Series (categorical, typed or object)."""
        if isinstance(cells, pd.Series):
            return _of_series(cells)
        return _of_objects(cells)

    def with_first(self, cell: object) -> "Distinct":
        """The column with ``cell`` added as a first row (a header above typed cells)."""
        values = [cell, *self.values]
        return Distinct(values, np.concatenate([[0], self.codes + 1]).astype(self.codes.dtype)).remap(values)

    def __len__(self) -> int:
        return len(self.codes)

    def cells(self) -> list:
        """Every row's cell, as a list (for the rare messages that quote rows)."""
        values = self.values
        return [values[c] for c in self.codes.tolist()]

    def counts(self) -> np.ndarray:
        """How many rows hold each distinct cell."""
        return np.bincount(self.codes, minlength=len(self.values))

    def rows_where(self, flags: Sequence[bool]) -> np.ndarray:
        """Row positions whose cell is flagged (``flags`` has one entry per distinct cell)."""
        flagged = np.asarray(flags, dtype=bool)
        if not flagged.any():
            return np.empty(0, dtype=np.intp)
        return np.flatnonzero(flagged[self.codes])

    def mask(self, flags: Sequence[bool]) -> np.ndarray:
        """One flag per row, from one flag per distinct cell."""
        flagged = np.asarray(flags, dtype=bool)
        return flagged[self.codes] if len(flagged) else np.zeros(len(self.codes), dtype=bool)

    def remap(self, new_values: Sequence[object]) -> "Distinct":
        """The column with each distinct cell replaced by the matching entry of ``new_values``."""
        if new_values == self.values:
            return self
        merged = _of_objects(new_values)
        if len(merged.values) == len(new_values):
            return Distinct(merged.values, self.codes)
        return Distinct(merged.values, merged.codes[self.codes])

    def subset(self, positions: np.ndarray) -> "Distinct":
        """The column restricted to the rows at ``positions`` (a slice, positions or a boolean mask).

        Only the cells those rows hold remain, in order of first appearance.
        """
        return _of_codes(self.codes[positions], self.values)

    def broadcast(self, parsed: pd.Series) -> pd.Series:
        """Per-row values from ``parsed``, which holds one result per distinct cell."""
        return parsed.take(self.codes).reset_index(drop=True)


def _key(value: object) -> tuple[type, object]:
    return (type(value), value)


def _of_objects(cells: Sequence[object]) -> Distinct:
    """Factorise Python objects, telling 1, 1.0 and True apart; every missing marker becomes None."""
    index: dict[tuple[type, object], int] = {}
    values: list[object] = []
    codes = np.empty(len(cells), dtype=np.int32)
    for i, cell in enumerate(cells):
        if cell is None or cell is pd.NA or cell is pd.NaT or (isinstance(cell, float) and cell != cell):
            cell = None
        key = _key(cell)
        code = index.get(key)
        if code is None:
            code = index[key] = len(values)
            values.append(cell)
        codes[i] = code
    return Distinct(values, codes)


def _of_series(series: pd.Series) -> Distinct:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _of_codes(series.cat.codes.to_numpy(), list(series.cat.categories))
    if series.dtype == object:
        kind = pd.api.types.infer_dtype(series, skipna=True)
        if kind not in ("string", "empty"):
            return _of_objects(series.tolist())
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = [None if pd.isna(v) else v for v in _python(uniques)]
    return _of_codes(codes, values)


def _python(uniques: object) -> list:
    """Distinct values as Python objects: numbers as int/float, times as Timestamp, text as str."""
    if isinstance(uniques, pd.Index | pd.api.extensions.ExtensionArray):
        return list(pd.Series(uniques).astype("object"))
    return list(np.asarray(uniques, dtype=object))


def _of_codes(codes: np.ndarray, values: list) -> Distinct:
    """Codes with -1 for missing: renumber in order of first appearance, None for the missing cells."""
    order, firsts = pd.factorize(codes, use_na_sentinel=False)
    values = [None if c < 0 else values[c] for c in firsts.tolist()]
    return Distinct(values, _narrow(order))


def _narrow(codes: np.ndarray) -> np.ndarray:
    """Codes in 32 bits: a column has fewer than two billion distinct cells."""
    return codes.astype(np.int32, copy=False)
