"""Whole campaign folders as offices keep them: names, sheets, stacking, every problem, cross-table checks.

Files are written here by hand, with the wording of decisions and office habit; the expected
tables, row counts and problems come from what was written, not from the loader's alias tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import write_workbook
from openpyxl import load_workbook

import tdkt_eval as te
from tdkt_eval.cli import main
from tdkt_eval.io.folder import check_folder, kind_from_name, problems_frame

REWARD_HEADER = ["STT", "Số quyết định", "Ngày quyết định", "Năm", "Cấp khen", "Hình thức khen thưởng",
                 "Đối tượng", "Mã đối tượng", "Mã đơn vị", "Khu vực", "Loại địa bàn"]
UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Huyện", "Cấp", "Khu vực", "Loại địa bàn"]
UNITS = [["DV01", "UBND xã Tân Hòa", "Huyện Châu Thành", "Xã", "Nhà nước", "Bình thường"],
         ["DV02", "Sở Nội vụ", "Thành phố Tây Ninh", "Tỉnh", "Nhà nước", "Bình thường"],
         ["DV03", "UBND xã Biên Giới", "Huyện Châu Thành", "Xã", "Nhà nước", "Vùng khó khăn"]]


def _reward(no: int, day: str, unit: str, form: str = "Giấy khen", level: str = "Cơ sở") -> list:
    return [no, f"{no}/QĐ-UBND", day, 2023, level, form, "Tập thể", unit, unit, "Nhà nước", "Bình thường"]


REWARDS = [_reward(11, "15/03/2023", "DV01"), _reward(12, "20/06/2023", "DV02"),
           _reward(13, "01/12/2023", "DV03", "Bằng khen của Chủ tịch UBND tỉnh", "Tỉnh")]




def _csv(path: Path, rows: list[list], encoding: str = "utf-8-sig") -> Path:
    path.write_bytes("\n".join(",".join(str(c) for c in r) for r in rows).encode(encoding) + b"\n")
    return path


# ---------------------------------------------------------------- names
@pytest.mark.parametrize("name, kind", [
    ("khen_thuong_2023", "rewards"), ("Khen thưởng 2022-2023", "rewards"), ("DS khen thuong nam 2023", "rewards"),
    ("khen_thuong (1)", "rewards"), ("QUYẾT ĐỊNH KHEN THƯỞNG NĂM 2024", "rewards"), ("BC kiem tra 2023", "inspections"),
    ("Danh sach don vi", "units"), ("Danh sách cán bộ 2023", "personnel"), ("Biên chế 2024", "workforce"),
    ("Phong trào thi đua", "movements"), ("Chấm điểm thi đua cụm 3", "cluster_scores"),
    ("Báo cáo tổng kết 2023", "reports"), ("phieu_khao_sat_nguoi_dan", "citizen_responses"),
])
def test_file_names_are_recognised_by_their_words(name, kind):
    assert kind_from_name(name) == kind


@pytest.mark.parametrize("name", ["Sheet1", "2023", "Hướng dẫn", "citizen_frame", "criteria_labels", "Tổng hợp",
                                  "Báo cáo kết quả kiểm tra"])  # the last names two tables: the headers decide
def test_names_that_say_nothing_or_two_things_are_left_to_the_headers(name):
    assert kind_from_name(name) is None


# ---------------------------------------------------------------- sheets and stacking
def test_every_sheet_of_a_workbook_is_read_and_unused_ones_are_named(tmp_path):
    folder = tmp_path / "tinh"
    folder.mkdir()
    write_workbook(folder / "So lieu thi dua 2023.xlsx", {
        "Hướng dẫn": [["Hướng dẫn nhập liệu"], ["Mỗi dòng là một quyết định khen thưởng."]],
        "Đơn vị": [UNIT_HEADER, *UNITS],
        "Khen thưởng": [REWARD_HEADER, *REWARDS],
        "Sheet1": [],
    })
    check = check_folder(folder)
    assert {k: len(v) for k, v in check.tables.items()} == {"rewards": 3, "units": 3}
    by_sheet = {s.sheet: s for s in check.sources}
    assert by_sheet["Hướng dẫn"].status == by_sheet["Sheet1"].status == "unused"
    assert "trống" in by_sheet["Sheet1"].reason.render("vi")
    assert check.errors == 0


def test_sheets_named_by_year_are_stacked_when_their_columns_agree(tmp_path):
    folder = tmp_path / "huyen"
    folder.mkdir()
    later = [[r[0], r[1].replace("/QĐ", "b/QĐ"), r[2].replace("2023", "2024"), 2024, *r[4:]] for r in REWARDS]
    write_workbook(folder / "khen_thuong.xlsx", {"2023": [REWARD_HEADER, *REWARDS], "2024": [REWARD_HEADER, *later]})
    rewards = te.load_dataset(folder)["rewards"]
    assert sorted(rewards["year"].value_counts().items()) == [(2023, 3), (2024, 3)]


def test_two_files_of_one_table_are_stacked_or_the_user_is_told_which_was_used(tmp_path):
    header = ["Mã đơn vị", "Phong trào", "Ngày kiểm tra", "Cấp kiểm tra", "Số tồn tại", "Số đã khắc phục"]
    folder = tmp_path / "a"
    folder.mkdir()
    _csv(folder / "inspections.csv", [header, ["DV01", "M01", "12/05/2023", "Tỉnh", 3, 2]])
    _csv(folder / "kiem_tra.csv", [header, ["DV02", "M01", "13/06/2023", "Huyện", 1, 1],
                                   ["DV03", "M01", "14/06/2023", "Tỉnh", 0, 0]])
    assert len(check_folder(folder).tables["inspections"]) == 3

    _csv(folder / "kiem_tra.csv", [header + ["Ghi chú"], ["DV02", "M01", "13/06/2023", "Huyện", 1, 1, "đạt"],
                                   ["DV03", "M01", "14/06/2023", "Tỉnh", 0, 0, ""]])
    check = check_folder(folder)  # columns differ: still stacked, nothing dropped, and the user is told
    inspections = check.tables["inspections"]
    assert inspections["Ghi chú"].isna().tolist() == [True, False, True]  # left blank where a file lacks it
    told = [p for p in check.problems if p.file == "inspections.csv"]
    assert len(told) == 1 and told[0].severity == "warning" and "'Ghi chú'" in told[0].problem.render("vi")


def test_sheets_of_individual_and_collective_rewards_are_stacked(tmp_path):
    folder = tmp_path / "ca_nhan_tap_the"
    folder.mkdir()
    people = [[r[0], r[1], r[2], r[3], r[4], "Giấy khen", "Cá nhân", f"CB{r[0]}", r[8], "Nữ", r[9], r[10]]
              for r in REWARDS]
    write_workbook(folder / "khen_thuong_2023.xlsx", {
        "Cá nhân": [REWARD_HEADER[:9] + ["Giới tính"] + REWARD_HEADER[9:], *people],
        "Tập thể": [REWARD_HEADER, *REWARDS],
    })
    rewards = check_folder(folder).tables["rewards"]
    assert len(rewards) == 6 and rewards["gender"].notna().sum() == 3


def test_headers_that_clearly_say_otherwise_win_over_the_file_name(tmp_path):
    folder = tmp_path / "ten_tep"
    folder.mkdir()  # "danh sách cán bộ" in the name, but the file is a list of reward decisions
    write_workbook(folder / "Danh sách cán bộ được khen thưởng 2023.xlsx", {"Sheet1": [REWARD_HEADER, *REWARDS]})
    check = check_folder(folder)
    assert list(check.tables) == ["rewards"] and check.errors == 0


def test_records_repeated_across_stacked_files_are_reported_with_both_files(tmp_path):
    folder = tmp_path / "dup"
    folder.mkdir()
    write_workbook(folder / "khen_thuong_2023.xlsx", {"Sheet1": [REWARD_HEADER, *REWARDS]})
    write_workbook(folder / "khen_thuong_2023 (1).xlsx", {"Sheet1": [REWARD_HEADER, REWARDS[0]]})
    check = check_folder(folder)
    repeated = [p for p in check.problems if "lặp lại ở một tệp khác" in p.problem.render("vi")]
    assert {p.file for p in repeated} == {"khen_thuong_2023.xlsx", "khen_thuong_2023 (1).xlsx"}
    assert {p.rows for p in repeated} == {(2,)}


# ---------------------------------------------------------------- every problem, across tables
def test_every_problem_of_a_file_is_reported_in_one_pass(tmp_path):
    folder = tmp_path / "sai"
    folder.mkdir()
    bad = [_reward(11, "15/03/2023", "DV01", form="Giấy chứng nhận"),  # not a form
           _reward(12, "31/02/2023", "DV02"),  # no such day
           _reward(13, "01/12/2023", "DV03")]
    bad[2][6] = None  # recipient type left empty
    write_workbook(folder / "khen_thuong.xlsx", {"2023": [REWARD_HEADER, *bad]})
    check = check_folder(folder)
    found = {(p.column, p.rows) for p in check.problems if p.severity == "error"}
    assert found == {("Hình thức khen thưởng", (2,)), ("Ngày quyết định", (3,)), ("Đối tượng", (4,))}
    assert "rewards" not in check.tables
    with pytest.raises(te.TdktInputError) as info:
        te.load_records(folder / "khen_thuong.xlsx", "rewards")
    assert len(info.value.problems) == 3


def test_records_of_units_and_people_missing_from_the_registers_are_reported_with_rows(tmp_path):
    folder = tmp_path / "doi_chieu"
    folder.mkdir()
    write_workbook(folder / "don_vi.xlsx", {"Danh sách": [UNIT_HEADER, *UNITS[:2]]})
    rewards = [*REWARDS, [14, "14/QĐ-UBND", "02/12/2023", 2023, "Cơ sở", "Giấy khen", "Cá nhân", "CB999", "DV01",
                          "Nhà nước", "Bình thường"]]
    write_workbook(folder / "khen_thuong.xlsx", {"Sheet1": [REWARD_HEADER, *rewards]})
    _csv(folder / "nhan_su.csv", [["Mã cán bộ", "Mã đơn vị", "Năm", "Chức vụ", "Giới tính", "Khu vực", "Loại địa bàn",
                                   "Xếp loại"], ["CB001", "DV01", 2023, "Chuyên viên", "Nữ", "Nhà nước", "Bình thường",
                                                 "Hoàn thành tốt nhiệm vụ"]])
    check = check_folder(folder)
    cross = {(p.file, p.column, p.rows) for p in check.problems}
    assert ("khen_thuong.xlsx", "Mã đơn vị", (4,)) in cross  # DV03 is not in the units list
    assert ("khen_thuong.xlsx", "Mã đối tượng", (5,)) in cross  # CB999 is not in the staff list
    assert set(check.tables) == {"rewards", "units", "personnel"}  # the tables still load


# ---------------------------------------------------------------- the command
ENGLISH = re.compile(r"\b(the|of|and|with|rows?|file|column|Fix|missing|error|warning|not used|sheet)\b")


def test_validate_in_vietnamese_lists_everything_and_writes_the_problems_spreadsheet(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TDKT_LANG", raising=False)
    folder = tmp_path / "ho_so"
    folder.mkdir()
    bad = [_reward(11, "15/03/2023", "DV01", form="Bằng khen xyz"), _reward(12, "20/06/2023", "DV09")]
    write_workbook(folder / "DS khen thuong nam 2023.xlsx", {"Khen thưởng": [REWARD_HEADER, *bad], "Hướng dẫn": [["Ghi chú"]]})
    write_workbook(folder / "Danh sach don vi.xlsx", {"Sheet1": [UNIT_HEADER, *UNITS]})
    sheet = tmp_path / "van_de.xlsx"
    assert main(["validate", str(folder), "--lang", "vi", "--problems", str(sheet)]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out and "Bằng khen xyz" in out and "Hướng dẫn" in out
    text = out.replace(str(tmp_path), "")
    assert not ENGLISH.findall(text), text
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b(?!\.(?:csv|xlsx))", text), text  # raw codes such as bang_khen_tinh
    rows = list(load_workbook(sheet).active.values)
    assert rows[0] == ("Tệp", "Trang tính", "Bảng dữ liệu", "Cột", "Dòng", "Mức độ", "Vấn đề", "Cách sửa")
    assert any(r[0] == "DS khen thuong nam 2023.xlsx" and r[3] == "Hình thức khen thưởng" for r in rows[1:])


def test_problems_frame_speaks_english_too(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    write_workbook(folder / "khen_thuong.xlsx", {"Sheet1": [REWARD_HEADER, _reward(1, "99/99/2023", "DV01")]})
    frame = problems_frame(check_folder(folder), "en")
    assert list(frame.columns) == ["File", "Sheet", "Table", "Column", "Rows", "Severity", "Problem", "Fix"]
    assert frame.loc[0, "Rows"] == "2" and "99/99/2023" in frame.loc[0, "Problem"]


def test_report_on_a_folder_with_nothing_usable_says_so_without_a_traceback(tmp_path, capsys):
    folder = tmp_path / "rong"
    folder.mkdir()
    (folder / "ghi chu.docx").write_bytes(b"PK")
    assert main(["report", str(folder), "--out", str(tmp_path / "out"), "--lang", "vi"]) == 1
    err = capsys.readouterr().err
    assert "Không có tệp dữ liệu nào dùng được" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_report_for_years_without_data_says_the_years_are_empty(tmp_path, capsys):
    folder = tmp_path / "nam"
    folder.mkdir()
    write_workbook(folder / "khen_thuong.xlsx", {"Sheet1": [REWARD_HEADER, *REWARDS]})
    assert main(["report", str(folder), "--out", str(tmp_path / "out"), "--lang", "vi", "--years", "2030"]) == 1
    err = capsys.readouterr().err
    assert "Không có dữ liệu nào cho năm 2030" in err and "2023" in err


def test_a_dictionary_in_the_folder_teaches_the_loader_a_local_spelling(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "xa"
    folder.mkdir()
    rows = [_reward(11, "15/03/2023", "DV01", form="Khen cuối năm của xã")]
    write_workbook(folder / "khen_thuong.xlsx", {"Sheet1": [REWARD_HEADER, *rows]})
    assert "rewards" not in check_folder(folder).tables  # an office's own wording, unknown to the law's list
    (folder / "tu_dien.csv").write_text("Danh mục,Cách viết,Nghĩa là\n"
                                        "Hình thức khen thưởng,Khen cuối năm của xã,Giấy khen\n", encoding="utf-8")
    check = check_folder(folder)
    assert check.tables["rewards"]["form"].tolist() == ["giay_khen"] and check.errors == 0
    assert main(["validate", str(folder), "--lang", "vi"]) == 0
    assert "tu_dien.csv → từ điển cách viết của người dùng" in capsys.readouterr().out
