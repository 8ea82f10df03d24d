"""Personal data in hostile files (issue 14, items 1 and 9): never quoted, never kept, never over-masked.

The corpus is written by ``tests/bad_inputs/issue14/privacy/make_privacy_corpus.py``
and listed in ``cases.csv`` beside it: each case names the expected error class
or warning, English and Vietnamese fragments that must appear, and the personal
values that must not appear in ``str(err)``, ``err.render("vi")``, the warnings
or the loaded table.  The pseudonyms are checked against a keyed hash computed
here, and the texts that must stay as written are typed here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import corpus_files, read_cases, sha256_of

import tdkt_eval as te
from tdkt_eval.io.instruments import Choice, Instrument, Item
from tdkt_eval.io.privacy import ValueList, mask_column, mask_text, personal_kind, personal_spans

CORPUS = Path(__file__).parent / "bad_inputs" / "issue14" / "privacy"
SALT = "chiến dịch 2024"

#: The form of kobo_repeat_name.xlsx; "members/name" is not one of its items.
FORM = Instrument(
    form_id="tdkt_privacy", title={"vi": "Khảo sát cán bộ", "en": "Staff survey"},
    items=(Item(name="unit_id", type="text", labels={"vi": "Mã đơn vị", "en": "Unit code"}),
           Item(name="gender", type="select_one", list_name="gender", labels={"vi": "Giới tính", "en": "Gender"}),
           Item(name="comment", type="text", labels={"vi": "Ý kiến khác", "en": "Other comments"}),
           Item(name="member_role", type="text", labels={"vi": "Vai trò", "en": "Role"}, group=("members",))),
    languages=("vi", "en"), repeats=("members",),
    choices={"gender": (Choice(name="male", labels={"vi": "Nam", "en": "Male"}),
                        Choice(name="female", labels={"vi": "Nữ", "en": "Female"}))},
)


def _cases() -> list[dict[str, str]]:
    return read_cases(CORPUS)



def _split(field: str) -> list[str]:
    return [f for f in field.split("|") if f]


def _load(case: dict[str, str]) -> pd.DataFrame:
    path = CORPUS / case["file"]
    options = json.loads(case["options"] or "{}")
    if case["kind"] == "survey":
        return te.load_survey(path, FORM, **options)
    return te.load_records(path, case["kind"], **options)


def _table_text(frame: pd.DataFrame) -> str:
    cells = pd.unique(frame.astype("string").to_numpy().ravel())
    return "\n".join([*map(str, frame.columns), *(str(v) for v in cells)])


def reference_code(text: str) -> str:
    """The pseudonym, computed independently of the package (HMAC-SHA256 keyed with the salt)."""
    return "pid_" + hmac.new(SALT.encode(), text.encode(), hashlib.sha256).hexdigest()[:12]


# --- the corpus ------------------------------------------------------------------
def test_corpus_is_reproducible_and_every_file_has_a_case():
    assert len(corpus_files(CORPUS, "make_privacy_corpus.py")) >= 6


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['file']}-{c['expect']}-{c['options']}")
def test_hostile_privacy_case(case):
    path = CORPUS / case["file"]
    before = sha256_of(path)
    absent = _split(case["absent"])
    assert absent, "every case names the personal values it must not leak"
    if case["expect"] == "DataQualityWarning":
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = _load(case)
        notes = [w.message for w in caught if isinstance(w.message, te.DataQualityWarning)]
        assert notes, [str(w.message) for w in caught]
        english = "\n".join(str(n) for n in notes)
        vietnamese = "\n".join(n.render("vi") for n in notes)
        everything = "\n".join(str(w.message) for w in caught) + english + vietnamese + _table_text(frame)
    else:
        with pytest.raises(getattr(te, case["expect"])) as info:
            _load(case)
        err = info.value
        assert type(err).__name__ == case["expect"]
        english, vietnamese = str(err), err.render("vi")
        assert case["file"] in english and "Fix:" in english
        assert case["file"] in vietnamese and "Cách sửa:" in vietnamese
        assert list(err.rows) == [int(r) for r in _split(case["rows"])]
        everything = english + vietnamese + repr(err) + str(err.args)
    for fragment in _split(case["fragments_en"]):
        assert fragment in english, f"{fragment!r} not in {english!r}"
    for fragment in _split(case["fragments_vi"]):
        assert fragment in vietnamese, f"{fragment!r} not in {vietnamese!r}"
    assert [value for value in absent if value in everything] == []
    assert sha256_of(path) == before


# --- what the loaded tables hold ----------------------------------------------------
def _quiet_load(name: str, kind: str, **options: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", te.DataQualityWarning)
        return te.load_records(CORPUS / name, kind, **options)


def test_pseudonyms_link_a_cccd_across_files_even_without_its_leading_zero():
    first = _quiet_load("cccd_person_id_2023.csv", "personnel", personal_data="pseudonymise", salt=SALT)
    second = _quiet_load("cccd_person_id_2024_lost_zero.csv", "personnel", personal_data="pseudonymise", salt=SALT)
    a, b = reference_code("079088001234"), reference_code("001190123457")
    assert first["person_id"].tolist() == [a, b, "P00003"]  # the staff code is not personal data: kept
    assert second["person_id"].tolist() == [a, b]  # "79088001234" is the same person as "079088001234"
    assert "person_id" in first.attrs["personal_columns"]


def test_review_report_text_is_masked_where_it_names_a_person():
    frame = _quiet_load("review_report_personal.csv", "reports")
    assert frame["text"].tolist() == [
        "Sở Nội vụ đề nghị khen thưởng ông [họ tên] (điện thoại [số điện thoại], thư [thư điện tử]) "
        "vì đã có thành tích xuất sắc trong phong trào thi đua năm 2023.",
        "Đơn vị hoàn thành các chỉ tiêu thi đua.",
    ]


@pytest.mark.parametrize("name", ["address_headers_vi.csv", "contact_headers_en.csv"])
def test_personal_headers_are_dropped_and_the_contract_columns_kept(name):
    frame = _quiet_load(name, "personnel")
    assert list(frame.columns) == ["person_id", "unit_id", "year", "position_group", "gender", "sector",
                                   "area_type", "annual_rating", "achievement_score"]
    assert frame["person_id"].tolist() == ["P00001", "P00002"]


def test_kobo_repeat_keeps_its_items_and_drops_the_name_column():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", te.DataQualityWarning)
        members = te.load_survey(CORPUS / "kobo_repeat_name.xlsx", FORM, repeat="members")
        main = te.load_survey(CORPUS / "kobo_repeat_name.xlsx", FORM)
    assert list(members.columns) == ["_parent_uuid", "member_role"]
    assert members["member_role"].tolist() == ["leader", "member", "member"]
    assert main["comment"].tolist() == ["Liên hệ tổ trưởng qua số [số điện thoại] để nhận tài liệu.",
                                        "Không có ý kiến"]


# --- masking does not over-reach -------------------------------------------------------
ORDINARY = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Thành phố Hồ Chí Minh",
    "Hồ Chí Minh",
    "Hà Nội",
    "Hà Nội, ngày 15 tháng 3 năm 2019",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Đại tướng Võ Nguyên Giáp",
    "Sở Nội vụ tỉnh Hà Tĩnh",
    "UBND huyện Châu Thành",
    "Trường THCS Nguyễn Du",
    "Phòng Nội vụ huyện Kim Sơn",
    "Ban Thi đua – Khen thưởng tỉnh Cao Bằng",
    "Hội nghị có 1.000 người tham dự.",
    "1.000 người",
    "12.000 lượt người",
    "Đơn vị có 135 cán bộ, 1.250 lượt tham gia, kinh phí 4.500.000 đồng",
    "Tổng kinh phí 1.250.000.000 đồng",
    "Quyết định số 125/QĐ-UBND ngày 15/3/2019",
    "125/QĐ-UBND",
    "Công văn 1234/SNV-TĐKT",
    "Nghị định 98/2023/NĐ-CP",
    "ngày 06/12/2023",
    "2023-12-06",
    "tỷ lệ 95,5%",
    "Bằng khen của Chủ tịch UBND tỉnh",
    "Phong trào Dân vận khéo",
    "Tỉnh Bà Rịa - Vũng Tàu",
    "Phố Hai Bà Trưng",
    "Đường Lý Thái Tổ",
    "số 12 đường Nguyễn Đình Chiểu",
    "Trường THPT Lê Quý Đôn",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_left_alone(text):
    assert personal_spans(text) == []
    assert mask_text(text) == (text, 0)
    assert personal_kind(text) is None


@pytest.mark.parametrize("value", [1000, 1000.0, 12, 2023, 125, 0.5, "13", "1.000", "2019-06-15", "U001", "P00012"])
def test_ordinary_values_are_quoted_in_messages(value):
    assert personal_kind(value) is None
    assert ValueList([(value, 4)]).render("vi") == f"'{value}' (dòng 4)"


@pytest.mark.parametrize(("value", "en", "vi"), [
    ("Nguyễn Văn Quyết", "a name (row 4)", "một họ tên (dòng 4)"),
    ("0912 345 678", "a phone number (row 4)", "một số điện thoại (dòng 4)"),
    ("CCCD 079088001234", "an ID number (row 4)", "một số định danh (dòng 4)"),
    (79088001234, "an ID number (row 4)", "một số định danh (dòng 4)"),
    ("79088001234", "an ID number (row 4)", "một số định danh (dòng 4)"),
    ("khai.tran@example.vn", "an e-mail address (row 4)", "một địa chỉ thư điện tử (dòng 4)"),
])
def test_personal_values_are_named_by_kind_in_messages(value, en, vi):
    assert ValueList([(value, 4)]).render("en") == en
    assert ValueList([(value, 4)]).render("vi") == vi


def test_ordinary_report_texts_load_unchanged():
    column = [t for t in ORDINARY if len(t) > 12]
    assert mask_column(column) == (column, 0)


def test_a_masked_text_keeps_the_ordinary_words_around_a_name():
    text = "Đồng chí Lê Thị Hạnh, cán bộ Sở Nội vụ TP. Hồ Chí Minh, nhận Bằng khen theo Quyết định 125/QĐ-UBND."
    assert mask_text(text) == ("Đồng chí [họ tên], cán bộ Sở Nội vụ TP. Hồ Chí Minh, nhận Bằng khen theo "
                               "Quyết định 125/QĐ-UBND.", 1)


@pytest.mark.parametrize("uuid", ["b5c7796d-1e0d-49d4-991a-496024815630",  # a last group that reads as a CCCD
                                  "uuid:9b7e3dca-5fab-4b1b-8679-039123456789"])  # … or as a mobile number
def test_submission_ids_are_not_taken_for_phone_or_id_numbers(uuid):
    from tdkt_eval.io.privacy import mask_text, personal_kind

    assert personal_kind(uuid) is None and mask_text(uuid) == (uuid, 0)


def test_the_demo_kobo_export_loads_without_masking_its_submission_ids():
    from tdkt_eval.paths import demo_dir

    with warnings.catch_warnings():
        warnings.simplefilter("error", te.DataQualityWarning)
        staff = te.load_survey(demo_dir() / "exports" / "staff_kobo.csv", "staff", kind="staff_responses")
    assert staff["_uuid"].str.fullmatch(r"[0-9a-f-]{36}").all()


def test_a_two_word_name_filling_a_free_text_cell_is_masked():
    from tdkt_eval.io.privacy import mask_column

    masked, n = mask_column(["Lê Hoa", "Phòng Nội vụ", "Nguyễn Văn Bình"])
    assert masked == ["[họ tên]", "Phòng Nội vụ", "[họ tên]"] and n == 2
