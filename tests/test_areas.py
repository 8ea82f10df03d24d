"""The administrative map (tdkt_eval.areas): both maps in one folder, and the area level the data hold.

The folders are written the way a council keeps them after 1 July 2025: one workbook with title
rows, the units list with a "Đơn vị kế thừa" column, reward sheets per year (2024 on the old map,
2026 on the new one) and a crosswalk sheet worded as the provinces' merger lists are.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from tdkt_eval import check_folder
from tdkt_eval.errors import InconsistentValuesError
from tdkt_eval.areas import REFORM_DATE, area_level, current_province, place_key, successors, to_current_map
from tdkt_eval.reporting.campaign import Campaign

from conftest import sha256_of, write_workbook

TITLE = ["UBND TỈNH TÂN AN"]
UNITS_HEAD = ["STT", "Mã đơn vị", "Tên đơn vị", "Xã, phường, đặc khu", "Huyện (cũ)", "Cấp", "Khu vực",
              "Loại địa bàn", "Cụm thi đua", "Đơn vị kế thừa"]
# Two former communes of Huyện An Phú became Xã An Phú; two of Huyện Kim Sơn became Xã Kim Sơn.
UNITS = [
    [1, "X01", "UBND xã An Bình", "Xã An Bình", "Huyện An Phú", "Xã", "Nhà nước", "Bình thường", "", "N01"],
    [2, "X02", "UBND xã Tân Lập", "Xã Tân Lập", "Huyện An Phú", "Xã", "Nhà nước", "Bình thường", "", "N01"],
    [3, "X03", "UBND xã Kim Đông", "Xã Kim Đông", "Huyện Kim Sơn", "Xã", "Nhà nước", "Vùng khó khăn", "", "N02"],
    [4, "X04", "UBND thị trấn Phát Diệm", "Thị trấn Phát Diệm", "Huyện Kim Sơn", "Xã", "Nhà nước", "Bình thường", "",
     "N02"],
    [5, "N01", "UBND xã An Phú", "Xã An Phú", "Huyện An Phú", "Xã", "Nhà nước", "Bình thường", "C1", ""],
    [6, "N02", "UBND xã Kim Sơn", "Xã Kim Sơn", "Huyện Kim Sơn", "Xã", "Nhà nước", "Vùng khó khăn", "C1", ""],
    [7, "S01", "Sở Nội vụ", "Phường Tân An", "", "Tỉnh", "Nhà nước", "Bình thường", "C2", ""],
]
REWARD_HEAD = ["Số quyết định", "Ngày quyết định", "Năm", "Cấp khen", "Danh hiệu, hình thức khen thưởng", "Đối tượng",
               "Mã đối tượng", "Mã đơn vị", "Khu vực", "Loại địa bàn"]
CROSSWALK_HEAD = ["STT", "Huyện cũ", "Xã cũ", "Xã mới", "Ngày hiệu lực"]
CROSSWALK = [[1, "Huyện An Phú", "Xã An Bình", "Xã An Phú", "01/7/2025"],
             [2, "Huyện An Phú", "Xã Tân Lập", "Xã An Phú", "01/7/2025"],
             [3, "Huyện Kim Sơn", "Xã Kim Đông", "Xã Kim Sơn", "01/7/2025"],
             [4, "Huyện Kim Sơn", "Thị trấn Phát Diệm", "Xã Kim Sơn", "01/7/2025"]]


def _rewards(year: int, date: str, units: list[str]) -> list[list[object]]:
    return [[f"{10 + i}/QĐ-UBND", date, year, "Cơ sở", "Giấy khen", "Tập thể", unit, unit, "Nhà nước",
             "Bình thường"] for i, unit in enumerate(units)]


@pytest.fixture
def spanning_folder(tmp_path):
    """2024 rewards name the former communes, 2026 rewards the merged ones; one workbook."""
    folder = tmp_path / "tan_an_2024_2026"
    folder.mkdir()
    write_workbook(folder / "Thi dua khen thuong 2024-2026.xlsx", {
        "Danh sách đơn vị": [TITLE, ["DANH SÁCH ĐƠN VỊ (sau sắp xếp)"], UNITS_HEAD, *UNITS],
        "Khen thưởng 2024": [TITLE, REWARD_HEAD, *_rewards(2024, "20/12/2024", ["X01", "X02", "X03", "X04", "S01"])],
        "Khen thưởng 2026": [TITLE, REWARD_HEAD, *_rewards(2026, "15/06/2026", ["N01", "N02", "S01"])],
        "Chuyển đổi địa giới": [["BẢNG CHUYỂN ĐỔI ĐƠN VỊ HÀNH CHÍNH CẤP XÃ"], CROSSWALK_HEAD, *CROSSWALK],
    })
    return folder


def test_a_spanning_folder_is_put_on_the_current_map(spanning_folder):
    before = sha256_of(next(spanning_folder.iterdir()))
    check = check_folder(spanning_folder)
    assert {"units", "rewards", "admin_crosswalk"} <= set(check.tables)
    tables, note, level = to_current_map(check.tables)
    rewards = tables["rewards"]
    # 4 records of the 4 former communes (2024) moved to N01/N02; S01 untouched.
    assert note.current and note.merged_units == 4 and note.moved_records == 4
    assert sorted(rewards.loc[rewards["year"] == 2024, "unit_id"]) == ["N01", "N01", "N02", "N02", "S01"]
    assert set(tables["units"]["unit_id"]) == {"N01", "N02", "S01"}  # the register keeps current units
    assert level.key == "area_former_district" and level.label("vi") == "Địa bàn cấp huyện (cũ)"
    text = note.text("vi")
    assert "01/7/2025" in text and "đơn vị kế thừa" in text
    assert sha256_of(next(spanning_folder.iterdir())) == before


def test_the_report_names_the_map_and_groups_by_the_former_district(spanning_folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        campaign = Campaign.load(spanning_folder, lang="vi")
    header = repr(campaign.header()) + campaign.header()._repr_html_()
    assert "chính quyền địa phương hai cấp" in header and "Địa bàn cấp huyện (cũ)" in header
    assert campaign.area.key == "area_former_district"
    areas = dict(zip(campaign.tables["units"]["unit_id"], campaign.tables["units"]["area"]))
    assert areas == {"N01": "Huyện An Phú", "N02": "Huyện Kim Sơn", "S01": None}


def test_old_commune_names_are_renamed_through_the_crosswalk():
    crosswalk = pd.DataFrame({"old_district": ["Huyện An Phú", "Huyện Kim Sơn", "Huyện Kim Sơn"],
                              "old_commune": ["Xã An Bình", "Xã An Bình", "Thị trấn Phát Diệm"],
                              "new_commune": ["Xã An Phú", "Xã Kim Sơn", "Xã Kim Sơn"]})
    # A 2024 citizen survey on the old map: the same commune name in two districts goes to two places.
    citizens = pd.DataFrame({"respondent_id": ["H1", "H2", "H3", "H4"],
                             "commune": ["xã An Bình", "Xã An Bình", "TT Phát Diệm", "Xã An Phú"],
                             "district": ["Huyện An Phú", "Huyện Kim Sơn", "Huyện Kim Sơn", None]})
    tables, note, level = to_current_map({"citizen_responses": citizens, "admin_crosswalk": crosswalk})
    out = tables["citizen_responses"]
    assert out["commune"].tolist()[:2] == ["Xã An Phú", "Xã Kim Sơn"]
    assert out["district"].tolist()[3] == "Huyện An Phú"  # a new commune gets its former district
    assert note.renamed_places == 2 and "admin_crosswalk" in note.crosswalk
    assert citizens["commune"].tolist()[0] == "xã An Bình"  # the input frame is not changed
    assert out.loc[2, "commune"] == "TT Phát Diệm"  # an unknown spelling is left as written


def test_a_2026_folder_without_districts_groups_by_commune():
    units = pd.DataFrame({"unit_id": ["N01", "N02", "S01"],
                          "commune": ["Xã An Phú", "Xã Kim Sơn", "Phường Tân An"]})
    staff = pd.DataFrame({"respondent_id": ["R1", "R2", "R3"], "unit_id": ["N01", "S01", "N02"]})
    tables, note, level = to_current_map({"units": units, "staff_responses": staff})
    assert note.current and level.column == "commune" and level.label("vi") == "Xã, phường, đặc khu"
    assert tables["staff_responses"]["area"].tolist() == ["Xã An Phú", "Phường Tân An", "Xã Kim Sơn"]


def test_an_old_map_folder_keeps_its_districts():
    units = pd.DataFrame({"unit_id": ["U1", "U2"], "district": ["Huyện An Phú", "Huyện Kim Sơn"]})
    rewards = pd.DataFrame({"unit_id": ["U1"], "decision_date": pd.to_datetime(["2023-03-15"])})
    tables, note, level = to_current_map({"units": units, "rewards": rewards})
    assert not note.current and level.key == "area_district" and level.label("vi") == "Huyện"
    assert "trước ngày 01/7/2025" in note.text("vi")
    # One decision signed after the reform puts the folder on the current map.
    later = rewards.assign(decision_date=[REFORM_DATE])
    assert to_current_map({"units": units, "rewards": later})[2].key == "area_former_district"


def test_no_place_in_the_data_means_no_area_level():
    assert area_level({"rewards": pd.DataFrame({"unit_id": ["U1"]})}) is None


def test_successor_chains_are_followed_and_circles_refused():
    units = pd.DataFrame({"unit_id": ["A", "B", "C", "D"], "successor_id": ["B", "C", None, None]})
    assert successors(units) == {"A": "C", "B": "C"}
    circle = pd.DataFrame({"unit_id": ["A", "B"], "successor_id": ["B", "A"]})
    with pytest.raises(InconsistentValuesError) as info:
        successors(circle)
    assert info.value.rows == (2, 3) and "lặp vòng" in info.value.render("vi")
    unknown = pd.DataFrame({"unit_id": ["A"], "successor_id": ["Z9"]})
    with pytest.raises(InconsistentValuesError, match="Z9") as info:
        successors(unknown)
    assert info.value.column == "successor_id" and "không có trong danh sách đơn vị" in info.value.render("vi")


@pytest.mark.parametrize(("old", "new"), [
    # Resolution 202/2025/QH15, as the issue and the press reported it.
    ("Bình Phước", "Đồng Nai"), ("Hà Giang", "Tuyên Quang"), ("Thái Bình", "Hưng Yên"),
    ("tỉnh Bà Rịa - Vũng Tàu", "Hồ Chí Minh"), ("Kon Tum", "Quảng Ngãi"), ("Cao Bằng", "Cao Bằng"),
])
def test_current_province(old, new):
    assert current_province(old) == new


def test_an_unknown_province_is_refused_in_both_languages():
    with pytest.raises(InconsistentValuesError) as info:
        current_province("Tân An")
    assert "63" in info.value.render("en") and "63 tỉnh" in info.value.render("vi")


def test_place_key_ignores_the_kind_of_commune():
    assert place_key("Xã An Phú") == place_key("AN PHU") == place_key("UBND xã An Phú") == "an phu"
    assert place_key(None) == "" and place_key(float("nan")) == ""


def test_the_demo_without_districts_reports_by_commune(tmp_path):
    """A 2026 folder as a council keeps it after the reform: no district column anywhere, no crosswalk."""
    from tdkt_eval.paths import demo_dir

    for source in demo_dir().glob("*.csv"):
        if source.name not in ("chuyen_doi_dia_gioi.csv", "planted.csv"):
            frame = pd.read_csv(source, dtype=str, keep_default_na=False)
            frame.drop(columns=["district"], errors="ignore").to_csv(tmp_path / source.name, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        campaign = Campaign.load(tmp_path, lang="vi")
        depth, formality = campaign.section("depth"), campaign.section("formality")
    assert campaign.area.key == "area_commune" and "district" not in campaign.tables["units"]
    communes = set(campaign.tables["units"]["commune"])
    for section, name in ((depth, "perception_gap"), (formality, "inspection_rates")):
        table = next(i for i in section.items if getattr(i, "name", "") == name).frame
        assert table.columns[0] == "Xã, phường, đặc khu" and set(table.iloc[:, 0]) <= communes
    assert any("không có trong mẫu khảo sát người dân" in note for note in depth.notes)  # gap: sampled communes only


def test_the_map_note_does_not_count_zero_renamed_places():
    from tdkt_eval.areas import MapNote

    text = MapNote(True, 2, 5, 0, ("admin_crosswalk",)).text("vi")
    assert "0 dòng" not in text and text.endswith("cho biết địa bàn cấp huyện (cũ) của từng xã.")
    assert "quy 3 dòng ghi tên xã cũ" in MapNote(True, 0, 0, 3, ("admin_crosswalk",)).text("vi")
