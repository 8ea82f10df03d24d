"""Blank cells: empty, NaN, or a missing-value code ("N/A", "-", …), the same in every loader."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .text import fold

__all__ = ["DEFAULT_MISSING", "blank_mask"]

#: Cell texts read as missing in every column (compared after folding).
DEFAULT_MISSING = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "--", "#n/a", "."})


def blank_mask(values: Sequence[object], missing: frozenset[str] = DEFAULT_MISSING) -> np.ndarray:
    """True where a cell is empty, NaN or a missing-value code.

    Examples
    --------
    >>> blank_mask(["", None, float("nan"), "N/A", "5"]).tolist()
    [True, True, True, True, False]
    """
    longest = max(map(len, missing), default=0)

    def is_blank(value: object) -> bool:
        if value is None or value is pd.NA or value is pd.NaT:
            return True
        if isinstance(value, float) and math.isnan(value):
            return True
        if not isinstance(value, str):
            return False
        if len(value) > longest and value.isascii() and value.isprintable() and " " not in value:
            return False  # folding it would only lower it: too long to be a missing code
        return fold(value) in missing

    return np.fromiter((is_blank(v) for v in values), dtype=bool, count=len(values))
