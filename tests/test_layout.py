"""Sheets laid out the way offices write them: title rows, merged two-row headers, column numbers,
subtotals, notes and signatures under the table, mixed date orders.

Every workbook is written cell by cell here, and every expected value is written by hand.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest
from openpyxl import Workbook

import tdkt_eval as te

TITLE = [
    ["UỶ BAN NHÂN DÂN TỈNH AN GIANG", None, None, None, None, None, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["BAN THI ĐUA - KHEN THƯỞNG", None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2023"],
    [],
]
SIGNATURES = [
    [],
    ["Ghi chú: danh sách gồm các đơn vị đã được Hội đồng xét duyệt."],
    [None, None, None, None, None, None, None, None, None, None, "An Giang, ngày 12 tháng 3 năm 2024"],
    [None, "Người lập biểu", None, None, None, None, None, None, None, None, "THỦ TRƯỞNG ĐƠN VỊ"],
    [None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, None, None, None, "(Ký tên, đóng dấu)"],
]


def _write(path, rows, merges=()):
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for r in rows:
        sheet.append(r)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)


def _load(path, kind, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = te.load_records(path, kind, **options)
    return df, [w.message for w in caught if isinstance(w.message, te.DataQualityWarning)]


def _rewards_workbook(path):
    """A reward list: merged 'Quyết định' over 'Số'/'Ngày', 'Đề nghị' over 'Ngày', district subtotals."""
    top = ["STT", "Quyết định", None, "Năm", "Cấp khen", "Hình thức khen thưởng", "Đối tượng",
           "Mã đối tượng", "Mã đơn vị", "Khu vực", "Loại địa bàn", "Đề nghị", "Tiền thưởng (đồng)"]
    sub = [None, "Số", "Ngày", None, None, None, None, None, None, None, None, "Ngày", None]
    numbers = [f"({i})" for i in range(1, 14)]
    def rec(stt, no, date, form, kind, rid, unit, sector, area, prop, money):
        return [stt, no, date, 2023, "Tỉnh" if "Bằng khen" in form else "Cơ sở", form, kind, rid, unit,
                sector, area, prop, money]
    body = [
        [],  # a blank separator row between the column numbers and the first district
        rec(1, "15/QĐ-UBND", "15/03/2023", "Giấy khen", "Cá nhân", "P001", "U01", "Nhà nước", "Bình thường",
            "01/03/2023", 500000),
        rec(2, "16/QĐ-UBND", dt.datetime(2023, 4, 20), "Bằng khen của Chủ tịch UBND tỉnh", "Tập thể", "U02", "U02",
            "Ngoài nhà nước", "Vùng khó khăn", "02/04/2023", 1500000),
        ["Cộng huyện An Phú", None, None, None, None, None, None, None, None, None, None, None, 2000000],
        [],
        rec(3, "17/QĐ-UBND", "03/25/2023", "Giấy khen", "Cá nhân", "P003", "U03", "Nhà nước", "Bình thường",
            "10/03/2023", 500000),
        rec(4, "18/QĐ-UBND", "02/05/2023", "Giấy khen", "Cá nhân", "P004", "U03", "Nhà nước", "Bình thường",
            "20/04/2023", 500000),
        [None, "Cộng huyện Tịnh Biên", None, None, None, None, None, None, None, None, None, None, "1.000.000"],
        ["Tổng cộng: 12 đơn vị", None, None, None, None, None, None, None, None, None, None, None, 3000000],
    ]
    merges = ["A4:M4", "B6:C6", "A6:A7", "D6:D7", "E6:E7", "F6:F7", "G6:G7", "H6:H7", "I6:I7", "J6:J7", "K6:K7",
              "M6:M7"]
    _write(path, TITLE + [top, sub, numbers] + body + SIGNATURES, merges)


def test_merged_two_row_header_subtotals_and_signatures(tmp_path):
    path = tmp_path / "khen_thuong_2023.xlsx"
    _rewards_workbook(path)
    df, caught = _load(path, "rewards")
    assert df["decision_no"].tolist() == ["15/QĐ-UBND", "16/QĐ-UBND", "17/QĐ-UBND", "18/QĐ-UBND"]
    # 03/25 can only be 25 March; 02/05 stays 2 May (Vietnamese order); real Excel dates stay as they are
    assert df["decision_date"].tolist() == [pd.Timestamp(2023, 3, 15), pd.Timestamp(2023, 4, 20),
                                            pd.Timestamp(2023, 3, 25), pd.Timestamp(2023, 5, 2)]
    assert df["proposal_date"].tolist() == [pd.Timestamp(2023, 3, 1), pd.Timestamp(2023, 4, 2),
                                            pd.Timestamp(2023, 3, 10), pd.Timestamp(2023, 4, 20)]
    assert df["form"].tolist() == ["giay_khen", "bang_khen_tinh", "giay_khen", "giay_khen"]
    assert df["recipient_type"].tolist() == ["individual", "collective", "individual", "individual"]
    assert df["Tiền thưởng (đồng)"].tolist() == [500000, 1500000, 500000, 500000]
    assert "STT" in df.columns and len(df) == 4
    messages = [str(m) for m in caught]
    # the sheet rows: title 1-5, header 6-7, numbers 8, blank 9, records 10-11, subtotal 12, blank 13,
    # records 14-15, subtotal 16, total 17, blank 18, notes 19-22
    assert any("total row(s) 12, 16, 17" in m for m in messages), messages
    assert any("notes or signatures" in m and "rows 19, 20, 21, 22" in m for m in messages), messages
    assert any("'03/25/2023' (row 14)" in m and "(rows 15)" in m for m in messages), messages


def test_layout_warnings_come_in_vietnamese(tmp_path):
    path = tmp_path / "khen_thuong.xlsx"
    _rewards_workbook(path)
    _, caught = _load(path, "rewards")
    vi = [m.render("vi") for m in caught]
    assert any("đã bỏ dòng tổng 12, 16, 17" in m for m in vi), vi
    assert any("dòng ghi chú hoặc chữ ký dưới bảng (dòng 19, 20, 21, 22)" in m for m in vi), vi
    assert any("kiểu ngày/tháng/năm" in m and "'03/25/2023' (dòng 14)" in m for m in vi), vi


def test_short_decision_headers_under_a_merged_parent(tmp_path):
    """'Số QĐ' and 'Ngày QĐ' under 'Quyết định', 'Kết quả' above nothing but itself."""
    path = tmp_path / "khen.xlsx"
    top = ["TT", "Quyết định", None, "Năm", "Cấp khen", "Hình thức", "Đối tượng", "Mã đối tượng", "Mã đơn vị",
           "Khu vực", "Loại địa bàn"]
    sub = [None, "Số QĐ", "Ngày QĐ"] + [None] * 8
    row = [1, "7/QĐ-UBND", "05/06/2023", 2023, "Cơ sở", "Lao động tiên tiến", "Cá nhân", "P7", "U07",
           "Nhà nước", "Bình thường"]
    _write(path, [["DANH SÁCH KHEN THƯỞNG"], top, sub, row], ["B2:C2", "A2:A3", "D2:D3"])
    df, _ = _load(path, "rewards")
    assert df["decision_no"].tolist() == ["7/QĐ-UBND"]
    assert df["decision_date"].tolist() == [pd.Timestamp(2023, 6, 5)]
    assert df["form"].tolist() == ["lao_dong_tien_tien"]


def test_result_group_over_scores_and_an_english_locale_date_column(tmp_path):
    """'Kết quả' over 'Số tồn tại', 'Số đã khắc phục', 'Điểm'; dates exported month/day/year."""
    path = tmp_path / "kiem_tra.xlsx"
    top = ["STT", "Mã đơn vị", "Ngày kiểm tra", "Cấp kiểm tra", "Phong trào", "Kết quả", None, None]
    sub = [None, None, None, None, None, "Số tồn tại", "Số đã khắc phục", "Điểm"]
    rows = [
        [1, "U01", "03/15/2023", "Tỉnh", "M01", 4, 3, 85],
        [2, "U02", "04/20/2023", "Huyện", "M01", 2, 2, 90.5],
        [3, "U03", "06/02/2023", "Tỉnh", "M02", 0, 0, 100],
        [4, "U04", "05/13/2023", "Tỉnh", "M02", 1, 0, 70],
        ["Tổng cộng", None, None, None, None, 7, 5, None],
    ]
    merges = ["F2:H2", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3"]
    _write(path, [["BÁO CÁO KẾT QUẢ KIỂM TRA PHONG TRÀO THI ĐUA"], top, sub, *rows], merges)
    df, caught = _load(path, "inspections")
    assert df["findings_count"].tolist() == [4, 2, 0, 1]
    assert df["findings_resolved"].tolist() == [3, 2, 0, 0]
    assert df["score"].tolist() == [85.0, 90.5, 100.0, 70.0]
    assert df["inspector_level"].tolist() == ["province", "district", "province", "province"]
    # three dates can only be month-first, none only day-first: the file is month-first, 06/02 is 2 June
    assert df["date"].tolist() == [pd.Timestamp(2023, 3, 15), pd.Timestamp(2023, 4, 20),
                                   pd.Timestamp(2023, 6, 2), pd.Timestamp(2023, 5, 13)]
    assert any("month/day/year (English order)" in str(m) and "(rows 6)" in str(m) for m in caught)
    assert any("total row(s) 8" in str(m) for m in caught)


def _units_workbook(path):
    header = ["Mã đơn vị", "Tên đơn vị", "Huyện", "Cấp", "Khu vực", "Loại địa bàn", "Số CBCC"]
    rows = [
        header,
        ["1", "2", "3", "4", "5", "6", "7"],
        ["X01", "Công", "An Phú", "Xã", "Nhà nước", "Biên giới", 12],
        [17, "Tổng", "An Phú", "Xã", "Nhà nước", "Bình thường", 9],
        ["Cộng", None, None, None, None, None, 21],
        [],
        ["X03", "UBND xã Vĩnh Xương", "Tân Châu", "Xã", "Nhà nước", "Biên giới", 15],
        ["Tổng số: 12 đơn vị", None, None, None, None, None, 36],
        ["TỔNG", None, None, None, None, None, 36],
        ["Cộng toàn tỉnh", None, None, None, None, None, "36"],
        ["Total", None, None, None, None, None, 36],
        [],
        ["Người lập biểu", None, None, None, "Thủ trưởng đơn vị"],
    ]
    _write(path, [["DANH SÁCH ĐƠN VỊ"], *rows])


def test_units_named_cong_and_tong_stay_units(tmp_path):
    path = tmp_path / "don_vi.xlsx"
    _units_workbook(path)
    df, caught = _load(path, "units")
    assert df["unit_id"].tolist() == ["X01", "17", "X03"]
    assert df["unit_name"].tolist() == ["Công", "Tổng", "UBND xã Vĩnh Xương"]
    assert df["district"].tolist() == ["An Phú", "An Phú", "Tân Châu"]
    assert df["area_type"].tolist() == ["disadvantaged", "normal", "disadvantaged"]
    assert df["Số CBCC"].tolist() == [12, 9, 15]
    # title 1, header 2, numbers 3, records 4-5, total 6, blank 7, record 8, totals 9-12, blank 13, notes 14
    assert any("total row(s) 6, 9, 10, 11, 12" in str(m) for m in caught), [str(m) for m in caught]
    assert any("notes or signatures under the table (rows 14)" in str(m) for m in caught)


def test_csv_with_a_numbered_column_row_and_notes(tmp_path):
    path = tmp_path / "can_bo.csv"
    path.write_text(
        "DANH SÁCH CÁN BỘ ĐƯỢC ĐÁNH GIÁ NĂM 2023,,,,,,,\n"
        ",,,,,,,\n"
        "Mã cán bộ,Mã đơn vị,Năm,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Xếp loại\n"
        "1,2,3,4,5,6,7,8\n"
        "P1,U01,2023,Lãnh đạo,Nam,Nhà nước,Bình thường,Hoàn thành tốt nhiệm vụ\n"
        ",,,,,,,\n"
        "P2,U01,2023,Chuyên viên,Nữ,Nhà nước,Bình thường,Hoàn thành nhiệm vụ\n"
        ",,,,,,,\n"
        "Nơi nhận:,,,,,,,\n"
        "- Như trên;,,,,,,,\n"
        "- Lưu: VT.,,,,,T/M UỶ BAN NHÂN DÂN,,\n",
        encoding="utf-8")
    df, caught = _load(path, "personnel")
    assert df["person_id"].tolist() == ["P1", "P2"]
    assert df["annual_rating"].tolist() == ["good", "completed"]
    assert any("rows 9, 10, 11" in str(m) for m in caught), [str(m) for m in caught]


def test_a_record_with_missing_cells_after_a_blank_row_is_not_taken_for_a_note(tmp_path):
    """A last record with only its code and one more cell is still a record: the missing cells are an error."""
    path = tmp_path / "can_bo.csv"
    path.write_text(
        "Mã cán bộ,Mã đơn vị,Năm,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Xếp loại\n"
        "P1,U01,2023,Lãnh đạo,Nam,Nhà nước,Bình thường,Hoàn thành tốt nhiệm vụ\n"
        ",,,,,,,\n"
        "P2,U01,,,,,,\n", encoding="utf-8")
    with pytest.raises(te.MissingValueError):
        te.load_records(path, "personnel")


def test_only_totals_is_still_an_empty_file(tmp_path):
    path = tmp_path / "can_bo.xlsx"
    _write(path, [["Mã cán bộ", "Mã đơn vị", "Năm", "Chức vụ", "Giới tính", "Khu vực", "Loại địa bàn",
                   "Xếp loại"], ["Tổng cộng: 0 người"]])
    with pytest.raises(te.EmptyFileError, match="only totals"):
        te.load_records(path, "personnel")


INSPECTIONS = "Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục\n"


def test_one_month_first_date_among_day_first_ones(tmp_path):
    """The issue's case: 01/13/2024 can only be 13 January; 02/05/2024 stays 2 May."""
    path = tmp_path / "kiem_tra.csv"
    path.write_text(INSPECTIONS + "U1,15/01/2024,Tỉnh,M1,1,1\nU2,01/13/2024,Tỉnh,M1,1,1\n"
                    "U3,02/05/2024,Tỉnh,M1,1,1\nU4,2024-06-07,Tỉnh,M1,1,1\n", encoding="utf-8")
    df, caught = _load(path, "inspections")
    assert df["date"].tolist() == [pd.Timestamp(2024, 1, 15), pd.Timestamp(2024, 1, 13),
                                   pd.Timestamp(2024, 5, 2), pd.Timestamp(2024, 6, 7)]
    (message,) = [m for m in caught if "Ngày kiểm tra" in str(m)]
    assert "'01/13/2024' (row 3)" in str(message) and "(rows 4)" in str(message)
    assert "cách ghi của Việt Nam" in message.render("vi")


def test_day_first_dates_give_no_date_warning(tmp_path):
    path = tmp_path / "kiem_tra.csv"
    path.write_text(INSPECTIONS + "U1,15/01/2024,Tỉnh,M1,1,1\nU2,02/05/2024,Tỉnh,M1,1,1\n", encoding="utf-8")
    df, caught = _load(path, "inspections")
    assert df["date"].tolist() == [pd.Timestamp(2024, 1, 15), pd.Timestamp(2024, 5, 2)]
    assert not caught


def test_evenly_mixed_orders_with_ambiguous_dates_are_refused(tmp_path):
    path = tmp_path / "kiem_tra.csv"
    path.write_text(INSPECTIONS + "U1,15/01/2024,Tỉnh,M1,1,1\nU2,16/02/2024,Tỉnh,M1,1,1\n"
                    "U3,01/17/2024,Tỉnh,M1,1,1\nU4,02/18/2024,Tỉnh,M1,1,1\nU5,03/04/2024,Tỉnh,M1,1,1\n",
                    encoding="utf-8")
    with pytest.raises(te.AmbiguousDateError) as info:
        te.load_records(path, "inspections")
    assert "(rows 6)" in str(info.value)
    assert "không thể đọc chắc chắn 1 ngày" in info.value.render("vi")


def test_section_headings_inside_the_table_are_skipped(tmp_path):
    path = tmp_path / "khen_thuong.csv"
    path.write_text(
        "STT,Số quyết định,Ngày quyết định,Năm,Cấp khen,Hình thức,Đối tượng,Mã đối tượng,Mã đơn vị,Khu vực,"
        "Loại địa bàn\n"
        "I,CÁ NHÂN,,,,,,,,,\n"
        "1,5/QĐ-UBND,10/02/2024,2023,Cơ sở,Chiến sĩ thi đua cơ sở,Cá nhân,P5,U1,Nhà nước,Bình thường\n"
        "II. TẬP THỂ,,,,,,,,,,\n"
        "1,6/QĐ-UBND,11/02/2024,2023,Cơ sở,Giấy khen,Tập thể,U1,U1,Nhà nước,Bình thường\n",
        encoding="utf-8")
    df, caught = _load(path, "rewards")
    assert df["decision_no"].tolist() == ["5/QĐ-UBND", "6/QĐ-UBND"]
    assert df["decision_date"].tolist() == [pd.Timestamp(2024, 2, 10), pd.Timestamp(2024, 2, 11)]
    (message,) = [m for m in caught if "section heading" in str(m)]
    assert "(rows 2, 4)" in str(message) and "dòng tiêu đề nhóm" in message.render("vi")


def test_movements_coded_like_section_numbers_stay_records(tmp_path):
    path = tmp_path / "phong_trao.csv"  # codes I, II, A as some councils number their movements
    path.write_text("Mã phong trào,Tên phong trào,Năm phát động\n"
                    "I,Thi đua yêu nước,2020\nII,Cả nước chung tay vì người nghèo,\n"
                    "III,Dân vận khéo,2021\nA,Chuyển đổi số,\nM05,Xây dựng nông thôn mới,2019\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", te.DataQualityWarning)
        movements = te.load_records(path, "movements")
    assert movements["movement_id"].tolist() == ["I", "II", "III", "A", "M05"]
