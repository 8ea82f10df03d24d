"""Write the hostile-number corpus of issue 14 (the files are committed; run to regenerate).

Each file holds numbers or dates that were silently misread or crashed the
loader: thousands separators read as decimals, numbers too large for any
column, years such as 0023.  ``cases.csv`` beside this script names, for each
file, the expected error class (or ``ok`` / ``DataQualityWarning``), English
and Vietnamese message fragments, and for files that load, the column and the
values it must hold.  Run: ``python tests/bad_inputs/issue14/numbers/make_numbers.py``.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

WORKFORCE = "Mã đơn vị,Năm,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Số lượng\n"
SCORES = "Cụm,Năm,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm thẩm định,Điểm tối đa\n"
INSPECTIONS = "Mã kiểm tra,Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục,Điểm\n"
PERSONNEL = "Mã cán bộ,Mã đơn vị,Năm,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Xếp loại\n"
REWARDS = ("Số quyết định,Ngày quyết định,Năm,Cấp khen,Hình thức,Đối tượng,Mã đối tượng,"
           "Mã đơn vị,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Ngày đề nghị\n")


def _quote(cell: str) -> str:
    return f'"{cell}"' if "," in cell else cell


def _workforce(*counts: str) -> str:
    return WORKFORCE + "".join(f"U{i:03d},2023,Lãnh đạo,Nữ,Nhà nước,Bình thường,{_quote(c)}\n"
                               for i, c in enumerate(counts, 1))


def _scores(*verified: str) -> str:
    return SCORES + "".join(f"C1,2023,U{i:03d},TC01,9,{_quote(v)},10\n" for i, v in enumerate(verified, 1))


def _inspections(*rows: tuple[str, str]) -> str:
    return INSPECTIONS + "".join(f"K{i},U{i:03d},{date},Tỉnh,M01,3,2,{_quote(score)}\n"
                                 for i, (date, score) in enumerate(rows, 1))


def _personnel(*years: str, extra: tuple[str, ...] = ()) -> str:
    header = PERSONNEL.rstrip("\n") + (",Câu 1\n" if extra else "\n")
    rows = []
    for i, year in enumerate(years, 1):
        tail = f",{_quote(extra[i - 1])}" if extra else ""
        rows.append(f"P{i},U001,{year},Lãnh đạo,Nam,Nhà nước,Bình thường,HTTNV{tail}\n")
    return header + "".join(rows)


def _rewards(*dates: str) -> str:
    return REWARDS + "".join(f"{i}/QĐ-UBND,{d},2023,Cơ sở,Giấy khen,Cá nhân,P{i},U001,Trực tiếp,Nữ,Nhà nước,"
                             f"Bình thường,01/02/2023\n" for i, d in enumerate(dates, 1))


def corpus() -> dict[str, bytes]:
    """Every file of this corpus, by name."""
    files = {
        # headcounts written with thousands separators: read as thousands (issue 14: read as 1, 12, 1)
        "headcount_dot_thousands.csv": _workforce("1.000", "12.000", "1.234", "7", "1.234.567"),
        "headcount_comma_thousands.csv": _workforce("1,000", "12,000", "1,234,567", "7"),
        "headcount_fraction.csv": _workforce("12", "1.000,5"),
        # scores: the column decides "1.000", or it is refused
        "score_undecided.csv": _scores("8", "1.000", "9"),
        "score_two_conventions.csv": _scores("8,5", "7.25", "1.000"),
        "score_english_decimals.csv": _scores("3.75", "1.000", "9"),
        "inspection_score_vietnamese.csv": _inspections(("12/05/2023", "85,5"), ("13/05/2023", "1.000")),
        # numbers no column holds
        "headcount_20_digits.csv": _workforce("12", "12345678901234567890"),
        "year_20_digits.csv": _personnel("2023", "99999999999999999999"),
        "score_1e400.csv": _scores("8", "1e400"),
        # years outside 1900-2100
        "date_year_0023_iso.csv": _rewards("0023-03-15", "15/03/2023"),
        "date_year_0023_dmy.csv": _rewards("15/03/2023", "15/03/0023"),
        "date_year_2999.csv": _inspections(("12/05/2023", "80"), ("01/01/2999", "75")),
        # an extra (survey item) column of undecidable numbers stays text, with a warning
        "extra_column_undecided.csv": _personnel("2023", "2023", extra=("1.000", "2.000")),
        "extra_column_decided.csv": _personnel("2023", "2023", "2023", extra=("1.000", "2.000", "2,5")),
    }
    return {name: text.encode("utf-8") for name, text in files.items()}


def main() -> None:
    for name, data in corpus().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
