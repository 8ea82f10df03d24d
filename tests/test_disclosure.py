"""Disclosure control: small cells suppressed so that no total reveals them; exports never run formulas."""

from __future__ import annotations

import csv

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tdkt_eval.reporting import ReportTable, escape_formulas, suppress_counts, suppress_rows


def with_margins(inner: np.ndarray) -> pd.DataFrame:
    full = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype=int)
    full[:-1, :-1] = inner
    full[-1, :-1], full[:-1, -1], full[-1, -1] = inner.sum(0), inner.sum(1), inner.sum()
    return pd.DataFrame(full)


def recoverable(hidden: np.ndarray) -> bool:
    """True if some row or column of the inner table has exactly one hidden cell (its total gives it away)."""
    return bool((hidden.sum(axis=1) == 1).any() or (hidden.sum(axis=0) == 1).any())


@pytest.mark.parametrize("seed", range(40))
def test_no_suppressed_cell_can_be_recovered_from_the_totals(seed):
    rng = np.random.default_rng(seed)
    inner = rng.integers(0, 12, size=(rng.integers(2, 6), rng.integers(2, 6)))
    out, n = suppress_counts(with_margins(inner), 5)
    hidden = (out.iloc[:-1, :-1] == "<5").to_numpy()
    assert hidden.sum() == n
    assert not recoverable(hidden)
    primary = (inner > 0) & (inner < 5)
    assert (hidden | ~primary).all()  # every small cell is hidden
    if not primary.any():
        assert n == 0  # nothing small, nothing hidden: zeros and complements need a small cell first
    shown = ~hidden
    assert (out.iloc[:-1, :-1].to_numpy()[shown] == inner[shown]).all()  # the rest is untouched
    assert (out.iloc[-1].to_numpy() == with_margins(inner).iloc[-1].to_numpy()).all()  # totals stay


def test_a_table_without_small_cells_is_unchanged():
    table = with_margins(np.array([[5, 6], [7, 8]]))
    out, n = suppress_counts(table, 5)
    assert n == 0 and out.astype(int).equals(table)


def test_rows_below_k_are_blanked_but_keep_their_label():
    table = pd.DataFrame({"district": ["A", "B", "C"], "n": [4, 5, 30], "mean": [1.0, 2.0, 3.0]})
    out, n = suppress_rows(table, "n", 5)
    assert n == 1
    assert out.loc[0].tolist() == ["A", "<5", "<5"]
    assert out.loc[1].tolist() == ["B", 5, 2.0]


@pytest.mark.parametrize("k", [0, -1, 2.5, True, "5"])
def test_k_min_must_be_a_positive_integer(k):
    with pytest.raises(ValueError, match="'k_min'"):
        suppress_rows(pd.DataFrame({"n": [1]}), "n", k)


DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\",\"y\")", "\t=1"]


def test_exported_spreadsheets_hold_text_not_formulas(tmp_path):
    frame = pd.DataFrame({"ghi chú": DANGEROUS, "value": np.arange(len(DANGEROUS)) - 2.5})
    ReportTable(frame, "t", "Bảng").save(tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    cells = [sheet.cell(row=r, column=1) for r in range(2, len(DANGEROUS) + 2)]
    assert all(c.data_type == "s" and c.value.startswith("'") for c in cells)
    assert [sheet.cell(row=r, column=2).value for r in range(2, 4)] == [-2.5, -1.5]  # numbers stay numbers
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[0] for r in rows[1:]] == ["'" + d for d in DANGEROUS]


def test_plain_text_is_not_escaped():
    frame = pd.DataFrame({"a": ["Huyện An Phú", "U012", "0,5", None]})
    out = escape_formulas(frame)["a"]
    assert out[:3].tolist() == ["Huyện An Phú", "U012", "0,5"] and pd.isna(out[3])
