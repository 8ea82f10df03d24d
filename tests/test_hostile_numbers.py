"""Issue 14, numbers and dates: read or refused, never guessed; huge numbers and odd years get our errors.

The corpus is tests/bad_inputs/issue14/numbers/ (written by make_numbers.py,
listed in cases.csv with the expected class, English and Vietnamese fragments,
and for files that load, the values a column must hold).  The expected values
were worked out by hand from the files, not taken from the loader.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import corpus_files, read_cases, sha256_of

import tdkt_eval as te
from tdkt_eval.errors import (
    AmbiguousNumberError,
    DataQualityWarning,
    DateParseError,
    InvalidArgumentTypeError,
    MixedTypeError,
    OutOfRangeError,
)
from tdkt_eval.io.contracts import get_table
from tdkt_eval.io.parsing import CellContext, parse_column, parse_number

CORPUS = Path(__file__).parent / "bad_inputs" / "issue14" / "numbers"


def _cases() -> list[dict[str, str]]:
    return read_cases(CORPUS)



def _expected(text: str) -> list[object]:
    out: list[object] = []
    for v in text.split("|"):
        try:
            out.append(float(v) if "." in v else int(v))
        except ValueError:
            out.append(v)
    return out


def test_corpus_has_at_least_eight_refused_files():
    refused = [c for c in _cases() if c["expect"] not in ("ok", "DataQualityWarning")]
    assert len(refused) >= 8
    assert {"AmbiguousNumberError", "OutOfRangeError", "DateParseError"} <= {c["expect"] for c in refused}


def test_corpus_files_are_what_the_generator_writes():
    assert corpus_files(CORPUS, "make_numbers.py")


@pytest.mark.parametrize("case", [c for c in _cases() if c["expect"] not in ("ok", "DataQualityWarning")],
                         ids=lambda c: c["file"])
def test_refused_file_names_rows_and_fix_in_both_languages(case):
    path = CORPUS / case["file"]
    before = sha256_of(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        with pytest.raises(getattr(te, case["expect"])) as info:
            te.load_records(path, case["kind"])
    err = info.value
    assert type(err).__name__ == case["expect"]
    english, vietnamese = err.render("en"), err.render("vi")
    for fragment in case["fragments"].split("|"):
        assert fragment in english, f"{fragment!r} not in {english!r}"
    for fragment in case["fragments_vi"].split("|"):
        assert fragment in vietnamese, f"{fragment!r} not in {vietnamese!r}"
    assert case["file"] in english and "Fix:" in english and "Cách sửa:" in vietnamese
    assert err.rows, "the error names the rows"
    assert sha256_of(path) == before


@pytest.mark.parametrize("case", [c for c in _cases() if c["expect"] in ("ok", "DataQualityWarning")],
                         ids=lambda c: c["file"])
def test_file_loads_with_the_numbers_it_means(case):
    path = CORPUS / case["file"]
    before = sha256_of(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = te.load_records(path, case["kind"])
    notes = [w.message for w in caught if isinstance(w.message, DataQualityWarning)]
    if case["expect"] == "DataQualityWarning":
        (note,) = [n for n in notes if "kept as text" in str(n)]
        for fragment in case["fragments"].split("|"):
            assert fragment in str(note), f"{fragment!r} not in {note}"
        for fragment in case["fragments_vi"].split("|"):
            assert fragment in note.render("vi")
    expected = _expected(case["values"]) if case["expect"] == "ok" else case["values"].split("|")
    assert frame[case["column"]].tolist() == expected
    assert sha256_of(path) == before


# ---------------------------------------------------------------- one column at a time
def _parse(values: list[object], column: str = "verified_score", kind: str = "cluster_scores") -> list[object]:
    ctx = CellContext("x.csv", column, np.arange(2, len(values) + 2))
    return parse_column(values, get_table(kind).column(column), ctx).tolist()


@pytest.mark.parametrize(("values", "expected"), [
    (["1.000", "12.000", "1,000"], [1000, 12000, 1000]),  # issue 14: read as 1, 12, 1
    (["1.234", "1,234", "5"], [1234, 1234, 5]),  # "1.234" was refused
    (["1.234.567", "1,234,567", "1 000"], [1234567, 1234567, 1000]),
    ([12, 12.0, "0012"], [12, 12, 12]),
    (["9223372036854775807"], [2**63 - 1]),  # exactly, not through a float
])
def test_whole_number_column_reads_separators_as_thousands(values, expected):
    assert _parse(values, "headcount", "workforce") == expected


@pytest.mark.parametrize(("values", "expected"), [
    (["8,5", "1.000"], [8.5, 1000.0]),  # a decimal comma: the Vietnamese way
    (["1.234.567", "1.500"], [1234567.0, 1500.0]),
    (["1.234,5", "2,000"], [1234.5, 2.0]),
    (["3.75", "1.000"], [3.75, 1.0]),  # a decimal point: the English way
    (["1,234,567", "1,500"], [1234567.0, 1500.0]),
    (["8,5", "7.25", "9"], [8.5, 7.25, 9.0]),  # each reads one way only: no guess needed
    (["0.500", "8"], [0.5, 8.0]),  # "0.500" cannot group thousands
])
def test_column_decides_numbers_that_read_two_ways(values, expected):
    assert _parse(values) == expected


@pytest.mark.parametrize("values", [["1.000"], ["8", "1,500"], ["8,5", "7.25", "2.000"]])
def test_undecided_column_is_refused_with_rows_and_fix(values):
    with pytest.raises(AmbiguousNumberError) as info:
        _parse(values)
    assert isinstance(info.value, MixedTypeError)
    row = next(i for i, v in enumerate(values) if v in ("1.000", "1,500", "2.000")) + 2
    assert row in info.value.rows
    assert "without thousands separators" in str(info.value)
    assert "không dùng dấu phân cách hàng nghìn" in info.value.render("vi")


def test_single_numbers_outside_a_column():
    assert parse_number("8,5") == 8.5
    assert parse_number("1.000", convention="vi") == 1000.0
    assert parse_number("1.000", convention="en") == 1.0
    with pytest.raises(ValueError):
        parse_number("1.000")
    with pytest.raises(ValueError):
        parse_number("tám")


@pytest.mark.parametrize(("values", "column", "kind", "limits"), [
    (["12345678901234567890"], "headcount", "workforce", "0–9223372036854775807"),
    ([2**63], "headcount", "workforce", "0–9223372036854775807"),
    ([1e300], "year", "personnel", "1990–2100"),
    (["1e400"], "verified_score", "cluster_scores", "0–1.8e308"),
    ([float("inf")], "verified_score", "cluster_scores", "0–1.8e308"),
])
def test_numbers_too_large_are_out_of_range(values, column, kind, limits):
    with pytest.raises(OutOfRangeError) as info:
        _parse(values, column, kind)
    assert info.value.rows == (2,)
    assert limits in str(info.value)


@pytest.mark.parametrize("value", ["0023-03-15", "15/03/0023", "01/01/2999", "31.12.1899"])
def test_years_outside_1900_to_2100_are_date_errors(value):
    ctx = CellContext("x.csv", "Ngày", np.array([2, 3]))
    with pytest.raises(DateParseError) as info:
        parse_column(["15/03/2023", value], get_table("rewards").column("decision_date"), ctx)
    assert info.value.rows == (3,)
    assert "1900–2100" in str(info.value) and "1900–2100" in info.value.render("vi")


# ---------------------------------------------------------------- te.validate on odd frames
def _personnel(**changes: list[object]) -> pd.DataFrame:
    frame = pd.DataFrame({"Mã cán bộ": ["P1", "P2"], "Mã đơn vị": ["U1", "U1"], "Năm": [2023, 2023],
                          "Chức vụ": ["Lãnh đạo"] * 2, "Giới tính": ["Nữ"] * 2, "Khu vực": ["Nhà nước"] * 2,
                          "Loại địa bàn": ["Bình thường"] * 2, "Xếp loại": ["HTXSNV"] * 2})
    for column, values in changes.items():
        frame[column] = values
    return frame


@pytest.mark.parametrize("argument", [[1, 2], None, {"Năm": [2023]}, pd.Series([1, 2]), "file.csv"])
def test_validate_refuses_what_is_not_a_data_frame(argument):
    with pytest.raises(InvalidArgumentTypeError) as info:
        te.validate(argument, "personnel")
    assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)
    assert "DataFrame" in str(info.value)


@pytest.mark.parametrize(("column", "values", "rows"), [
    ("Năm", [[2023], 2023], (2,)),
    ("Mã cán bộ", ["P1", {"id": "P2"}], (3,)),
    ("Câu 1", [{1, 2}, (3, 4)], (2, 3)),
])
def test_validate_refuses_cells_holding_several_values(column, values, rows):
    with pytest.raises(MixedTypeError) as info:
        te.validate(_personnel(**{column: values}), "personnel")
    assert info.value.column == column and info.value.rows == rows
    assert "Mỗi ô chỉ ghi một giá trị" in info.value.render("vi")


@pytest.mark.parametrize("value", [2**63, 1e300, "12345678901234567890"])
def test_validate_refuses_huge_years_naming_the_row(value):
    with pytest.raises(OutOfRangeError) as info:
        te.validate(_personnel(**{"Năm": [2023, value]}), "personnel")
    assert info.value.rows == (3,) and info.value.column == "Năm"


@pytest.mark.parametrize(("values", "expected", "dtype"), [
    ([2**63, 1], ["9223372036854775808", "1"], "string"),  # kept exactly, as text
    ([1e300, 1.5], [1e300, 1.5], "float64"),
    (["1.000", "2,5"], [1000.0, 2.5], "float64"),
    (["1", "2"], [1, 2], "Int64"),
])
def test_validate_extra_columns_hold_numbers_exactly_or_as_text(values, expected, dtype):
    frame = te.validate(_personnel(**{"Câu 1": values}), "personnel")
    assert str(frame["Câu 1"].dtype) == dtype
    assert frame["Câu 1"].tolist() == expected


def test_validate_extra_column_of_undecided_numbers_is_text_with_a_warning():
    with pytest.warns(DataQualityWarning, match=r"column 'Câu 1', rows 2, 3.*kept as text"):
        frame = te.validate(_personnel(**{"Câu 1": ["1.000", "2.000"]}), "personnel")
    assert frame["Câu 1"].tolist() == ["1.000", "2.000"]


def test_validate_date_with_year_23_is_a_date_error():
    import datetime as dt

    frame = pd.DataFrame({"Số quyết định": ["1/QĐ"], "Ngày quyết định": [dt.date(23, 3, 15)], "Năm": [2023],
                          "Cấp khen": ["Cơ sở"], "Hình thức": ["Giấy khen"], "Đối tượng": ["Cá nhân"],
                          "Mã đối tượng": ["P1"], "Mã đơn vị": ["U1"],
                          "Khu vực": ["Nhà nước"], "Loại địa bàn": ["Bình thường"]})
    with pytest.raises(DateParseError, match="1900–2100") as info:
        te.validate(frame, "rewards")
    assert info.value.rows == (2,)


def test_totals_row_with_thousands_is_still_recognised(tmp_path):
    path = tmp_path / "so_luong.csv"
    path.write_text("Mã đơn vị,Năm,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Số lượng\n"
                    "U001,2023,Lãnh đạo,Nữ,Nhà nước,Bình thường,1.000\n"
                    "U002,2023,Lãnh đạo,Nữ,Nhà nước,Bình thường,12.000\n"
                    "Tổng cộng,,,,,,13.000\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning):
        frame = te.load_records(path, "workforce")
    assert frame["headcount"].tolist() == [1000, 12000]
