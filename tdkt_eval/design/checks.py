"""Input checks for :class:`tdkt_eval.design.Design`: columns, numbers, codes and choices.

Row numbers in messages are spreadsheet rows (header = row 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import MissingColumnError, MissingValueError, MixedTypeError
from .._messages import describe_values


def rows_of(mask: np.ndarray) -> list[int]:
    return [int(i) + 2 for i in np.flatnonzero(mask)]


def where(mask: np.ndarray) -> str:
    rows = rows_of(mask)
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows[:5]))}{more}"


def require(df: pd.DataFrame, col: str, role: str) -> None:
    if col not in df.columns:
        raise MissingColumnError(f"The {role} column '{col}' is not in the data.",
                                 fix=f"Choose one of: {', '.join(map(str, df.columns))}.", column=col)


def numeric_column(df: pd.DataFrame, col: str, role: str) -> np.ndarray:
    """Column as float64 (NaN for missing); text that is not a number raises MixedTypeError."""
    require(df, col, role)
    s = df[col]
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        return s.to_numpy(dtype=float, na_value=np.nan)
    converted = pd.to_numeric(s, errors="coerce")
    bad = (converted.isna() & s.notna()).to_numpy()
    if bad.any():
        raise MixedTypeError(f"The {role} column must be numeric but holds "
                             f"{describe_values(zip(s[bad], rows_of(bad)))}.",
                             fix="Choose a numeric column, recode the text, or use proportion() for a "
                             "categorical variable.", column=col, rows=rows_of(bad))
    return converted.to_numpy(dtype=float, na_value=np.nan)


def no_missing(missing: np.ndarray, col: str | None, role: str, fix: str | None = None) -> None:
    if missing.any():
        raise MissingValueError(f"The {role} column has {missing.sum()} empty cells ({where(missing)}).",
                                fix=fix or f"Design columns cannot be empty: fill in the {role} of those rows "
                                "or drop them before building the Design.", column=col, rows=rows_of(missing))


def codes(df: pd.DataFrame, col: str, role: str) -> tuple[np.ndarray, pd.Index]:
    """Codes 0..k-1 of a column's values in sorted order, and the values (``pd.factorize(sort=True)``).

    Integer columns of a compact range (stratum and PSU numbers) are coded by counting, which is
    several times faster on a million rows than hashing.

    Examples
    --------
    >>> c, labels = codes(pd.DataFrame({"psu": [7, 3, 7, 9]}), "psu", "psu")
    >>> c.tolist(), labels.tolist()
    ([1, 0, 1, 2], [3, 7, 9])
    """
    column = df[col]
    no_missing(column.isna().to_numpy(), col, role)
    values = column.to_numpy()
    if values.dtype.kind in "iu" and len(values):
        low = int(values.min())
        span = int(values.max()) - low
        if span < 4 * len(values) + 1024:
            present = np.bincount(values - low, minlength=span + 1) > 0
            mapping = np.cumsum(present) - 1
            return mapping[values - low].astype(np.intp), pd.Index(np.flatnonzero(present) + low, dtype=values.dtype)
    found, labels = pd.factorize(column, sort=True)
    return found.astype(np.intp), labels
