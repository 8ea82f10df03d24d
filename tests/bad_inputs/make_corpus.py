"""Write the bad-input corpus (run once; the files are committed).

Each file holds one fault that a council officer's spreadsheet really has.
``cases.csv`` maps every file to the error class and message fragments the
loader must produce.  Run: ``python tests/bad_inputs/make_corpus.py``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).parent

REWARDS_HEADER = ("Số quyết định,Ngày quyết định,Năm,Cấp khen,Hình thức,Đối tượng,Mã đối tượng,"
                  "Mã đơn vị,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Ngày đề nghị\n")
REWARD_ROW = "{no}/QĐ-UBND,{date},2023,Cơ sở,Giấy khen,Cá nhân,P{no},U001,Trực tiếp,Nữ,Nhà nước,Bình thường,{prop}\n"
INSPECTION_HEADER = "Mã kiểm tra,Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục,Điểm\n"
PERSONNEL_HEADER = "Mã cán bộ,Mã đơn vị,Năm,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Xếp loại\n"
PERSON_ROW = "{pid},U001,{year},{pos},Nam,Nhà nước,Bình thường,HTTNV\n"
SCORES_HEADER = "Cụm,Năm,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm thẩm định,Điểm tối đa\n"


def _rewards(*rows: str) -> str:
    return REWARDS_HEADER + "".join(rows)


def _reward(no: int, date: str = "15/03/2023", prop: str = "01/02/2023") -> str:
    return REWARD_ROW.format(no=no, date=date, prop=prop)


def _xlsx_bytes(sheet_title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    sheet.append(["Mã cán bộ", "Mã đơn vị", "Năm"])
    sheet.append(["P1", "U1", 2023])
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the corpus is reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            info.date_time = (2024, 1, 1, 0, 0, 0)
            dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def corpus() -> dict[str, bytes]:
    """File name → bytes for every case."""
    utf8 = lambda text: text.encode("utf-8")  # noqa: E731
    return {
        "empty.csv": b"",
        "whitespace_only.csv": b"  \n\n \n",
        "header_only.csv": utf8(REWARDS_HEADER),
        "missing_column.csv": utf8(REWARDS_HEADER.replace("Số quyết định,", "") + _reward(1).split(",", 1)[1]),
        "duplicate_key.csv": utf8(PERSONNEL_HEADER + PERSON_ROW.format(pid="P1", year=2023, pos="Lãnh đạo")
                                  + PERSON_ROW.format(pid="P2", year=2023, pos="Quản lý")
                                  + PERSON_ROW.format(pid="P1", year=2023, pos="Lãnh đạo")),
        "out_of_range.csv": utf8(INSPECTION_HEADER + "K1,U001,12/05/2023,Tỉnh,M01,3,2,85\n"
                                 + "K2,U002,13/05/2023,Tỉnh,M01,2,2,150\n"),
        "mixed_types.csv": utf8(SCORES_HEADER + "C1,2023,U001,TC01,9,8.5,10\n" + "C1,2023,U002,TC01,9,tám,10\n"),
        "bad_date.csv": utf8(_rewards(_reward(1), _reward(2, date="31/02/2023"))),
        # as many day-first-only as month-first-only dates, and one (03/04) that could be either: no safe reading
        "ambiguous_dates.csv": utf8(_rewards(_reward(1, date="13/01/2023"), _reward(2, date="14/02/2023"),
                                             _reward(3, date="01/13/2023"), _reward(4, date="02/14/2023"),
                                             _reward(5, date="03/04/2023"))),
        "invalid_category.csv": utf8(PERSONNEL_HEADER + PERSON_ROW.format(pid="P1", year=2023, pos="Lãnh đạo")
                                     + PERSON_ROW.format(pid="P2", year=2023, pos="Bảo vệ")),
        "duplicate_column.csv": utf8(PERSONNEL_HEADER.replace("Xếp loại", "Giới tính")
                                     + "P1,U001,2023,Lãnh đạo,Nam,Nhà nước,Bình thường,Nam\n"),
        "old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        "corrupt.xlsx": utf8("Mã cán bộ,Năm\nP1,2023\n"),
        "wrong_sheet.xlsx": _xlsx_bytes("Nhân sự 2023"),
        "missing_value.csv": utf8(PERSONNEL_HEADER + PERSON_ROW.format(pid="P1", year=2023, pos="Lãnh đạo")
                                  + PERSON_ROW.format(pid="P2", year=2023, pos="Quản lý").replace(",U001,", ",,")),
        "resolved_exceeds_found.csv": utf8(INSPECTION_HEADER + "K1,U001,12/05/2023,Tỉnh,M01,3,5,80\n"),
        "decision_before_proposal.csv": utf8(_rewards(_reward(1, date="15/03/2023", prop="20/03/2023"))),
        "unquoted_delimiter.csv": utf8(PERSONNEL_HEADER + PERSON_ROW.format(pid="P1", year=2023, pos="Lãnh đạo")
                                       + "P2,U001,2023,Quản lý,Nam,Nhà nước,Bình thường,HTTNV,ghi chú, thêm\n"),
        "fractional_year.csv": utf8(PERSONNEL_HEADER + PERSON_ROW.format(pid="P1", year="2023.5", pos="Lãnh đạo")),
        "bad_flag.csv": utf8("Cụm,Năm,Mã đơn vị,Tổng điểm,Xếp hạng,Cờ thi đua\n"
                             "C1,2023,U001,95,1,x\nC1,2023,U002,90,2,có lẽ\n"),
        "totals_only.csv": utf8(PERSONNEL_HEADER + "Tổng cộng,,,,,,,\n"),
        "cp1258_forced_utf8.csv": "Mã cán bộ,Năm\nP1,2023\nNguyễn,2024\n".encode("cp1258", errors="ignore")
                                  + b"Gi\xf5i,2024\n",
        "score_above_max.csv": utf8(SCORES_HEADER + "C1,2023,U001,TC01,12,9,10\n"),
        "wrong_kind.csv": utf8(PERSONNEL_HEADER + PERSON_ROW.format(pid="P1", year=2023, pos="Lãnh đạo")),
    }


def main() -> None:
    for name, data in corpus().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
