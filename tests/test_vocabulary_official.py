"""The official vocabulary: reward forms and job titles as offices write them.

The expected codes come from the Law on Emulation and Commendation 06/2022/QH15
(which form or title a phrase names) and from office habit (how decisions,
rosters and proposal lists write them), written here by hand, not read from the
packaged tables.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import tdkt_eval as te
from tdkt_eval.io.contracts import get_table
from tdkt_eval.io.parsing import CellContext, parse_column
from tdkt_eval.io.vocabulary import (
    find_code,
    load_user_vocabulary,
    lookup_table,
    position_titles,
    reward_form_spellings,
    rewrites,
)

# As written in the "hình thức khen thưởng" column of decisions and proposal lists.
REWARD_FORMS = [
    ("Huân chương Lao động hạng Ba", "huan_chuong_lao_dong"),
    ("Huân chương Lao động hạng Nhì", "huan_chuong_lao_dong"),
    ("HUÂN CHƯƠNG LAO ĐỘNG HẠNG NHẤT", "huan_chuong_lao_dong"),
    ("Huan chuong lao dong hang ba", "huan_chuong_lao_dong"),
    ("HCLĐ hạng Ba", "huan_chuong_lao_dong"),
    ("Huân chương Lao động hạng III", "huan_chuong_lao_dong"),
    ("Huân chương Độc lập hạng Ba", "huan_chuong_khac"),
    ("Huân chương Sao Vàng", "huan_chuong_khac"),
    ("Huân chương Hồ Chí Minh", "huan_chuong_khac"),
    ("Huân chương Bảo vệ Tổ quốc hạng Nhì", "huan_chuong_khac"),
    ("Huân chương Chiến công hạng Ba", "huan_chuong_khac"),
    ("Huân chương Dũng cảm", "huan_chuong_khac"),
    ("Huân chương Đại đoàn kết dân tộc", "huan_chuong_khac"),
    ("Huân chương Hữu nghị", "huan_chuong_khac"),
    ("Huy chương Chiến sĩ vẻ vang hạng Nhất", "huy_chuong"),
    ("Huy chương Quân kỳ quyết thắng", "huy_chuong"),
    ("Anh hùng Lao động", "danh_hieu_vinh_du"),
    ("Nhà giáo Ưu tú", "danh_hieu_vinh_du"),
    ("Thầy thuốc Nhân dân", "danh_hieu_vinh_du"),
    ("Bà mẹ Việt Nam Anh hùng", "danh_hieu_vinh_du"),
    ("Giải thưởng Hồ Chí Minh", "giai_thuong"),
    ("Kỷ niệm chương Vì sự nghiệp Thi đua - Khen thưởng", "ky_niem_chuong"),
    ("Bằng khen của Thủ tướng Chính phủ", "bang_khen_thu_tuong"),
    ("Bằng khen Thủ tướng Chính phủ", "bang_khen_thu_tuong"),
    ("BẰNG KHEN CỦA THỦ TƯỚNG CHÍNH PHỦ", "bang_khen_thu_tuong"),
    ("Bang khen cua Thu tuong Chinh phu", "bang_khen_thu_tuong"),
    ("BKTTg", "bang_khen_thu_tuong"),
    ("BK TTg", "bang_khen_thu_tuong"),
    ("BK TTCP", "bang_khen_thu_tuong"),
    ("Bằng khen của Chủ tịch UBND tỉnh", "bang_khen_tinh"),
    ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "bang_khen_tinh"),
    ("Bằng khen của Chủ tịch Uỷ ban nhân dân tỉnh Đồng Nai", "bang_khen_tinh"),
    ("Bằng khen UBND tỉnh", "bang_khen_tinh"),
    ("BK UBND tỉnh", "bang_khen_tinh"),
    ("BK CT UBND tỉnh", "bang_khen_tinh"),
    ("Bằng khen  của   Chủ tịch UBND tỉnh.", "bang_khen_tinh"),
    ("Bằng khen của Bộ trưởng Bộ Nội vụ", "bang_khen_tinh"),
    ("Bằng khen của Bộ trưởng, Thủ trưởng cơ quan ngang bộ", "bang_khen_tinh"),
    ("Bằng khen Bộ Giáo dục và Đào tạo", "bang_khen_tinh"),
    ("Giấy khen", "giay_khen"),
    ("Giấy khen của Chủ tịch UBND huyện", "giay_khen"),
    ("Giấy khen của Chủ tịch UBND xã Tân Lập", "giay_khen"),
    ("Giấy khen của Giám đốc Sở Nội vụ", "giay_khen"),
    ("GK", "giay_khen"),
    ("giay khen", "giay_khen"),
    ("Chiến sĩ thi đua toàn quốc", "chien_si_thi_dua_toan_quoc"),
    ("CSTĐ toàn quốc", "chien_si_thi_dua_toan_quoc"),
    ("Chiến sĩ thi đua cấp tỉnh", "chien_si_thi_dua_tinh"),
    ("Chiến sỹ thi đua cấp tỉnh", "chien_si_thi_dua_tinh"),
    ("CSTĐ cấp tỉnh", "chien_si_thi_dua_tinh"),
    ("Chiến sĩ thi đua cấp bộ", "chien_si_thi_dua_tinh"),
    ("Chiến sĩ thi đua bộ, ban, ngành, tỉnh", "chien_si_thi_dua_tinh"),
    ("Chiến sĩ thi đua cơ sở", "chien_si_thi_dua_co_so"),
    ("Chiến sỹ thi đua cơ sở", "chien_si_thi_dua_co_so"),
    ("Chiến sĩ thi đua cấp cơ sở", "chien_si_thi_dua_co_so"),
    ("CHIẾN SỸ THI ĐUA CƠ SỞ", "chien_si_thi_dua_co_so"),
    ("chien sy thi dua co so", "chien_si_thi_dua_co_so"),
    ("CSTĐCS", "chien_si_thi_dua_co_so"),
    ("CSTĐ cơ sở", "chien_si_thi_dua_co_so"),
    ("Lao động tiên tiến", "lao_dong_tien_tien"),
    ("LĐTT", "lao_dong_tien_tien"),
    ("Lao Động Tiên Tiến", "lao_dong_tien_tien"),
    ("Chiến sĩ tiên tiến", "lao_dong_tien_tien"),
    ("Cờ thi đua của Chính phủ", "co_thi_dua_chinh_phu"),
    ("Cờ thi đua Chính phủ", "co_thi_dua_chinh_phu"),
    ("Cờ thi đua của UBND tỉnh", "co_thi_dua_tinh"),
    ("Cờ thi đua của Ủy ban nhân dân tỉnh", "co_thi_dua_tinh"),
    ("Cờ thi đua cấp tỉnh", "co_thi_dua_tinh"),
    ("Cờ thi đua của Bộ Công an", "co_thi_dua_tinh"),
    ("Tập thể lao động xuất sắc", "tap_the_lao_dong_xuat_sac"),
    ("TTLĐXS", "tap_the_lao_dong_xuat_sac"),
    ("Tập thể Lao động Xuất sắc", "tap_the_lao_dong_xuat_sac"),
    ("Đơn vị Quyết thắng", "tap_the_lao_dong_xuat_sac"),
    ("Tập thể lao động tiên tiến", "tap_the_lao_dong_tien_tien"),
    ("TTLĐTT", "tap_the_lao_dong_tien_tien"),
    ("Đơn vị tiên tiến", "tap_the_lao_dong_tien_tien"),
]

# As written in the "chức vụ" column of rosters and reward lists.
JOB_TITLES = [
    ("Giám đốc", "leader"),
    ("Phó Giám đốc", "leader"),
    ("Phó Giám đốc Sở Nội vụ", "leader"),
    ("PGĐ", "leader"),
    ("Chủ tịch UBND xã", "leader"),
    ("Chủ tịch Ủy ban nhân dân huyện", "leader"),
    ("Phó Chủ tịch UBND tỉnh", "leader"),
    ("Phó Chủ tịch HĐND xã", "leader"),
    ("Bí thư Đảng ủy xã", "leader"),
    ("Phó Bí thư", "leader"),
    ("Hiệu trưởng", "leader"),
    ("Phó Hiệu trưởng Trường THCS Tân Lập", "leader"),
    ("Chi cục trưởng", "leader"),
    ("Chánh Văn phòng UBND tỉnh", "leader"),
    ("Thủ trưởng đơn vị", "leader"),
    ("Trưởng phòng", "manager"),
    ("Phó trưởng phòng", "manager"),
    ("Phó Trưởng phòng Tổ chức cán bộ", "manager"),
    ("Trưởng khoa Nội", "manager"),
    ("Tổ trưởng chuyên môn", "manager"),
    ("Trưởng ban", "manager"),
    ("Kế toán trưởng", "manager"),
    ("Chuyên viên", "frontline"),
    ("Chuyên viên chính", "frontline"),
    ("Công chức", "frontline"),
    ("Công chức Văn phòng - Thống kê", "frontline"),
    ("Viên chức", "frontline"),
    ("Cán bộ", "frontline"),
    ("Nhân viên", "frontline"),
    ("Công nhân", "frontline"),
    ("Giáo viên", "frontline"),
    ("Giáo viên tiểu học", "frontline"),
    ("Bác sỹ", "frontline"),
    ("Bác sĩ", "frontline"),
    ("Điều dưỡng", "frontline"),
    ("Kế toán", "frontline"),
    ("Văn thư", "frontline"),
    ("Người lao động", "frontline"),
]

# As written in the "cấp khen thưởng" column.
REWARD_LEVELS = [
    ("Nhà nước", "state"),
    ("Thủ tướng Chính phủ", "state"),
    ("Chủ tịch nước", "state"),
    ("Cấp tỉnh", "ministry_province"),
    ("UBND tỉnh", "ministry_province"),
    ("Bộ, ngành", "ministry_province"),
    ("Cơ sở", "grassroots"),
    ("Cấp huyện", "grassroots"),
    ("UBND xã", "grassroots"),
]


def test_enough_hand_written_spellings():
    assert len(REWARD_FORMS) + len(JOB_TITLES) + len(REWARD_LEVELS) >= 60


@pytest.mark.parametrize(("written", "code"), REWARD_FORMS)
def test_reward_form_as_written_in_decisions(written, code):
    assert find_code(written, "reward_form") == code


@pytest.mark.parametrize(("written", "code"), JOB_TITLES)
def test_job_title_maps_to_position_group(written, code):
    assert find_code(written, "position_group") == code


@pytest.mark.parametrize(("written", "code"), REWARD_LEVELS)
def test_reward_level_as_written(written, code):
    assert find_code(written, "reward_level") == code


@pytest.mark.parametrize("written", ["Bằng khen", "Chiến sĩ thi đua", "Cờ thi đua", "Huân chương"])
def test_a_phrase_naming_no_level_is_not_guessed(written):
    assert find_code(written, "reward_form") is None


def test_existing_codes_are_kept():
    # the codes the demo, rules and analyses use
    codes = set(lookup_table("reward_form").values())
    assert {"huan_chuong_lao_dong", "huan_chuong_khac", "huy_chuong", "danh_hieu_vinh_du", "giai_thuong",
            "ky_niem_chuong", "bang_khen_thu_tuong", "bang_khen_tinh", "giay_khen",
            "chien_si_thi_dua_toan_quoc", "chien_si_thi_dua_tinh", "chien_si_thi_dua_co_so",
            "lao_dong_tien_tien", "co_thi_dua_chinh_phu", "co_thi_dua_tinh",
            "tap_the_lao_dong_xuat_sac", "tap_the_lao_dong_tien_tien"} == codes
    assert set(lookup_table("position_group").values()) == {"leader", "manager", "frontline"}


def test_no_spelling_means_two_codes_after_matching():
    # two rows of one table that meet on the same match key must agree
    from tdkt_eval.io.vocabulary import match_key

    for name, frame in (("reward_form", reward_form_spellings()),
                        ("position_group", position_titles().rename(columns={"position_group": "code"}))):
        seen: dict[str, str] = {}
        for spelling, code in zip(frame["spelling"], frame["code"]):
            assert seen.setdefault(match_key(spelling, name), code) == code, (name, spelling)


def test_tables_are_public_and_documented():
    assert {"spelling", "position_group", "note"} <= set(position_titles().columns)
    assert {"vocabulary", "word", "becomes"} <= set(rewrites().columns)
    from tdkt_eval.io.contracts import contracts_markdown

    text = contracts_markdown()
    assert "tu_dien.csv" in text and "Phó Giám đốc" in text and "CSTĐCS" in text


# ---------------------------------------------------------------- parse_column and "did you mean"
def _ctx(n: int) -> CellContext:
    return CellContext("khen_thuong.csv", "Hình thức", np.arange(2, 2 + n))


def test_parse_column_maps_official_wording():
    col = get_table("rewards").column("form")
    out = parse_column(["Bằng khen của Chủ tịch UBND tỉnh", "Chiến sỹ thi đua cơ sở", "LĐTT"], col, _ctx(3))
    assert out.tolist() == ["bang_khen_tinh", "chien_si_thi_dua_co_so", "lao_dong_tien_tien"]


def test_unmapped_values_get_suggestions_and_dictionary_lines():
    col = get_table("rewards").column("form")
    values = ["Giấy khen", "Chiến sỹ thi đua", "Chiến sỹ thi đua", "Bằng khen"]
    with pytest.raises(te.InvalidCategoryError) as info:
        parse_column(values, col, _ctx(4))
    err = info.value
    assert err.rows == (3, 4, 5)
    assert set(err.suggestions) == {"Chiến sỹ thi đua", "Bằng khen"}
    assert {"chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh"} <= set(err.suggestions["Chiến sỹ thi đua"])
    assert {"bang_khen_tinh", "bang_khen_thu_tuong"} <= set(err.suggestions["Bằng khen"])
    english, vietnamese = err.render("en"), err.render("vi")
    assert "'Chiến sỹ thi đua' (rows 3, 4)" in english and "Did you mean" in english
    assert "Chiến sĩ thi đua cơ sở" in english  # the Vietnamese label of a suggested code
    assert "'Chiến sỹ thi đua' có phải là “Chiến sĩ thi đua" in vietnamese
    assert "dòng 3, 4" in vietnamese and "Cách sửa" in vietnamese
    assert "vocabulary,spelling,code\nreward_form,Chiến sỹ thi đua,chien_si_thi_dua" in err.fix
    assert "\nreward_form,Bằng khen,bang_khen" in err.fix


def test_nothing_close_is_said_so():
    col = get_table("personnel").column("position_group")
    with pytest.raises(te.InvalidCategoryError) as info:
        parse_column(["Bảo vệ"], col, _ctx(1))
    assert info.value.suggestions == {"Bảo vệ": []}
    assert "Không có giá trị nào trong danh mục gần giống 'Bảo vệ'" in info.value.render("vi")
    assert "\nposition_group,Bảo vệ,\n" in info.value.fix + "\n"


# ---------------------------------------------------------------- the user's dictionary
def test_user_csv_adds_and_overrides(tmp_path):
    (tmp_path / "tu_dien.csv").write_text(
        "vocabulary,spelling,code\n"
        "position_group,Bảo vệ,frontline\n"
        "position_group,Trưởng ban,leader\n"              # overrides the packaged manager
        "reward_form,BK Tỉnh ủy,Bằng khen của Chủ tịch UBND tỉnh\n",  # code written as a known spelling
        encoding="utf-8")
    user = load_user_vocabulary(tmp_path)
    positions = get_table("personnel").column("position_group")
    out = parse_column(["BẢO VỆ", "trưởng ban", "Chuyên viên"], positions, _ctx(3), user_vocabulary=user)
    assert out.tolist() == ["frontline", "leader", "frontline"]
    assert find_code("bk tinh uy", "reward_form", lookup_table("reward_form", user)) == "bang_khen_tinh"
    assert find_code("Trưởng ban", "position_group") == "manager"  # packaged table unchanged


def test_user_yaml_in_a_folder(tmp_path):
    (tmp_path / "dictionary.yaml").write_text(
        "position_group:\n  Trưởng thôn: manager\ngender:\n  Ông: male\n  Bà: female\n", encoding="utf-8")
    user = load_user_vocabulary(tmp_path)
    assert find_code("Ong", "gender", lookup_table("gender", user)) == "male"
    assert find_code("trưởng thôn Đông", "position_group", lookup_table("position_group", user)) == "manager"


def test_no_dictionary_gives_an_empty_one(tmp_path):
    assert len(load_user_vocabulary(tmp_path)) == 0


def test_unknown_code_names_file_row_and_fix(tmp_path):
    path = tmp_path / "tu_dien.csv"
    path.write_text("vocabulary,spelling,code\nposition_group,Bảo vệ,frontline\n"
                    "position_group,Tạp vụ,worker\n", encoding="utf-8")
    with pytest.raises(te.InvalidCategoryError) as info:
        load_user_vocabulary(tmp_path)
    err = info.value
    assert err.source == "tu_dien.csv" and err.rows == (3,)
    assert "'worker'" in err.render("en") and "leader, manager, frontline" in err.render("en")
    assert "Dòng 3" in err.render("vi") and "Cách sửa" in err.render("vi")


def test_unknown_vocabulary_is_refused(tmp_path):
    path = tmp_path / "tu_dien.csv"
    path.write_text("vocabulary,spelling,code\nphong_ban,Bảo vệ,frontline\n", encoding="utf-8")
    with pytest.raises(te.InvalidCategoryError, match="position_group") as info:
        load_user_vocabulary(path)
    vietnamese = info.value.render("vi")
    assert "Dòng 2" in vietnamese and "Chức vụ" in vietnamese and "Hình thức khen thưởng" in vietnamese
    assert "position_group" not in vietnamese


def test_one_spelling_two_codes_is_refused(tmp_path):
    path = tmp_path / "tu_dien.csv"
    path.write_text("vocabulary,spelling,code\nposition_group,Bảo vệ,frontline\n"
                    "position_group,BAO VE,manager\n", encoding="utf-8")
    with pytest.raises(te.InvalidCategoryError, match="tu_dien.csv:2"):
        load_user_vocabulary(path)


def test_missing_column_and_bad_yaml(tmp_path):
    (tmp_path / "tu_dien.csv").write_text("spelling,code\nBảo vệ,frontline\n", encoding="utf-8")
    with pytest.raises(te.MissingColumnError, match="vocabulary"):
        load_user_vocabulary(tmp_path / "tu_dien.csv")
    (tmp_path / "tu_dien.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(te.MalformedFileError):
        load_user_vocabulary(tmp_path / "tu_dien.yaml")


# ---------------------------------------------------------------- no English, no codes, in Vietnamese
# Words of the English rendering and of the code names that must not reach a council officer.
ENGLISH_WORDS = ("vocabulary", "spelling", "code", "codes", "did you mean", "fix", "row", "rows", "column",
                 "allowed", "values", "nothing", "close", "reward", "form", "position", "group", "gender",
                 "level", "leader", "manager", "frontline", "male", "female", "state", "grassroots",
                 "ministry", "province", "use one of", "nearest")
SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|ya?ml|xlsx)\b", re.IGNORECASE)


def _english_or_codes(text: str) -> list[str]:
    text = FILE_NAME.sub(" ", text)
    found = SNAKE_CASE.findall(text)
    folded = text.lower()
    found += [w for w in ENGLISH_WORDS if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", folded)]
    return found


UNMAPPED = [  # table, column, values a roster or decision might hold that map to nothing
    ("rewards", "form", ["Bằng khen xyz", "Chiến sỹ thi đua", "Kỷ luật khiển trách"]),
    ("personnel", "position_group", ["Bảo vệ", "Trưởng phòng ban xyz kia", "Tạp vụ"]),
    ("personnel", "gender", ["Khác", "Nữ giới tính", "F"]),
    ("rewards", "level", ["Cấp hội đoàn thể", "Liên minh"]),
    ("personnel", "sector", ["Tư nhân nước ngoài"]),
]


def test_scan_finds_what_it_should():
    assert sorted(_english_or_codes("Values outside bang_khen_tinh, row 3")) == ["bang_khen_tinh", "row", "values"]
    assert _english_or_codes("Tệp 'khen_thuong.csv': thêm vào tu_dien.csv “Nam”") == []


@pytest.mark.parametrize("kind, column, values", UNMAPPED)
def test_vietnamese_message_has_no_english_and_no_codes(kind, column, values):
    with pytest.raises(te.InvalidCategoryError) as info:
        parse_column(values, get_table(kind).column(column), _ctx(len(values)))
    vietnamese = info.value.render("vi")
    assert _english_or_codes(vietnamese) == [], vietnamese
    assert "'" + values[0] + "' (dòng 2)" in vietnamese and "Danh mục,Cách viết,Nghĩa là" in vietnamese


def test_long_list_is_described_and_short_list_is_listed():
    with pytest.raises(te.InvalidCategoryError) as info:
        parse_column(["Bằng khen xyz"], get_table("rewards").column("form"), _ctx(1))
    vietnamese = info.value.render("vi")
    assert "theo Luật Thi đua, khen thưởng" in vietnamese
    assert "“Bằng khen của Thủ tướng Chính phủ”" in vietnamese  # one of the nearest, by its label
    assert "Huân chương" not in vietnamese  # the 17 forms are not all listed
    with pytest.raises(te.InvalidCategoryError) as info:
        parse_column(["Khác"], get_table("personnel").column("gender"), _ctx(1))
    assert "“Nam”, “Nữ”" in info.value.render("vi")
    assert "male, female" in info.value.render("en")  # Python users keep the codes


# ---------------------------------------------------------------- pasting the suggested lines
PASTE_CASES = [  # table, column, value, the code a person would mean (written from the law, by hand)
    ("rewards", "form", "Tặng CSTĐ cấp tỉnh", "chien_si_thi_dua_tinh"),
    ("rewards", "form", "Bằng khen xyz", None),
    ("personnel", "position_group", "Trưởng khu phố", None),
    ("personnel", "gender", "Khác", None),
]
#: What the officer writes in a blank "Nghĩa là" / "code" cell when nothing was close.
FILLED = {"vi": {"gender": "Nữ"}, "en": {"gender": "female"}}


def _suggested_lines(kind, column, value, lang):
    with pytest.raises(te.InvalidCategoryError) as info:
        parse_column([value], get_table(kind).column(column), _ctx(1))
    fix = info.value.fix_text.render(lang)
    header = "Danh mục,Cách viết,Nghĩa là" if lang == "vi" else "vocabulary,spelling,code"
    return fix[fix.index(header):], info.value.suggestions[value]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind, column, value, meant", PASTE_CASES)
def test_pasted_suggestion_makes_the_value_load(tmp_path, lang, kind, column, value, meant):
    lines, suggested = _suggested_lines(kind, column, value, lang)
    col = get_table(kind).column(column)
    if not suggested:  # nothing close: the officer fills the blank
        assert lines.endswith(",")
        lines += FILLED[lang][column]
    (tmp_path / "tu_dien.csv").write_text(lines + "\n", encoding="utf-8")
    user = load_user_vocabulary(tmp_path)
    out = parse_column([value], col, _ctx(1), user_vocabulary=user).tolist()
    assert out == [suggested[0] if suggested else "female"]
    if meant:
        assert out == [meant]


def test_vietnamese_lines_name_no_code():
    lines, _ = _suggested_lines("rewards", "form", "Bằng khen xyz", "vi")
    assert lines.splitlines()[1].startswith("Hình thức khen thưởng,Bằng khen xyz,")
    assert _english_or_codes(lines) == []


# ---------------------------------------------------------------- a dictionary written in Vietnamese
def test_vietnamese_headers_names_and_labels(tmp_path):
    (tmp_path / "tu_dien.csv").write_text(
        "DANH MUC,cách viết,Nghĩa Là\n"
        "Hình thức khen thưởng,BK Tỉnh ủy,Bằng khen của Chủ tịch UBND tỉnh\n"
        "chức vụ,Bảo vệ,Người lao động trực tiếp\n"
        "Giới tính,Ông,Nam\n"
        "Cấp khen thưởng,Cấp Bộ Công an,\"Cấp bộ, ban, ngành, tỉnh\"\n"
        "Khu vực,Doanh nghiệp FDI,Khu vực ngoài nhà nước\n"
        "Loại địa bàn,Xã biên giới,Vùng khó khăn\n"
        "Xếp loại,HTXS NV,Hoàn thành xuất sắc nhiệm vụ\n"
        "reward_form,GK Sở,giay_khen\n",
        encoding="utf-8")
    user = load_user_vocabulary(tmp_path)
    expected = {("reward_form", "bk tỉnh ủy"): "bang_khen_tinh", ("position_group", "bảo vệ"): "frontline",
                ("gender", "ông"): "male", ("reward_level", "Cấp Bộ Công an"): "ministry_province",
                ("sector", "doanh nghiep fdi"): "non_state", ("area_type", "Xã biên giới"): "disadvantaged",
                ("annual_rating", "htxs nv"): "excellent", ("reward_form", "GK sở"): "giay_khen"}
    for (vocabulary, written), code in expected.items():
        assert find_code(written, vocabulary, lookup_table(vocabulary, user)) == code, written


def test_vietnamese_yaml(tmp_path):
    (tmp_path / "tu_dien.yaml").write_text(
        "Hình thức khen thưởng:\n  \"BK Tỉnh ủy\": \"Bằng khen của Chủ tịch UBND tỉnh\"\n"
        "Chức vụ:\n  Trưởng thôn: Quản lý\n", encoding="utf-8")
    user = load_user_vocabulary(tmp_path)
    assert find_code("BK tinh uy", "reward_form", lookup_table("reward_form", user)) == "bang_khen_tinh"
    assert find_code("Trưởng thôn", "position_group", lookup_table("position_group", user)) == "manager"


@pytest.mark.parametrize("target", ["Bằng khen", "Kỷ luật", ""])
def test_bad_target_in_a_vietnamese_dictionary(tmp_path, target):
    (tmp_path / "tu_dien.csv").write_text(
        f"Danh mục,Cách viết,Nghĩa là\nHình thức khen thưởng,BK Tỉnh ủy,Giấy khen\n"
        f"Hình thức khen thưởng,BK xyz,{target}\n", encoding="utf-8")
    with pytest.raises(te.InvalidCategoryError) as info:
        load_user_vocabulary(tmp_path)
    err = info.value
    assert err.source == "tu_dien.csv" and err.rows == (3,) and err.column == "Nghĩa là"
    vietnamese, english = err.render("vi"), err.render("en")
    assert "tu_dien.csv" in vietnamese and "Dòng 3" in vietnamese and "Cách sửa" in vietnamese
    assert "Row 3" in english and "Fix" in english and "bang_khen_tinh" in english
    assert _english_or_codes(vietnamese) == [], vietnamese


def test_vocabulary_names_are_unique_and_labels_map_back():
    from tdkt_eval.io.vocabulary import code_label, find_vocabulary, vocabulary_label, vocabulary_names

    for name in vocabulary_names():
        assert find_vocabulary(vocabulary_label(name)) == name
        assert find_vocabulary(vocabulary_label(name, "en")) == name
        for code in lookup_table(name).values():
            assert find_code(code_label(name, code), name) == code, (name, code)
