"""load_survey: one set of answers, exported eight ways, loads into one table; every mismatch has its own error.

The small form and its twelve answers below are the single source of
``tests/fixtures/surveys/``: ``tests/fixtures/make_survey_fixtures.py`` writes
them as KoboToolbox CSV (codes, Vietnamese labels, English labels with group
labels), KoboToolbox XLSX (with a repeat sheet), ODK Central CSV and ZIP (with a
repeat CSV), a hand-typed workbook and an SPSS file; and the same for twelve
answers to the shipped staff form.
"""

from __future__ import annotations

import csv
import hashlib
import sys
import uuid
from pathlib import Path

import pandas as pd
import pytest

from tdkt_eval.errors import (
    ArchiveError,
    DuplicateColumnError,
    InvalidParameterError,
    MalformedFileError,
    MissingColumnError,
    MixedTypeError,
    SheetNotFoundError,
    TdktInputError,
    UnsupportedFormatError,
)
from tdkt_eval.io.instruments import Choice, Instrument, Item
from tdkt_eval.io.surveys import (
    InvalidChoiceError,
    MissingDependencyError,
    MissingItemError,
    SurveyLanguageError,
    TruncatedFileError,
    UnknownColumnError,
    WrongSeparatorError,
    load_survey,
)

FIXTURES = Path(__file__).parent / "fixtures" / "surveys"

# ---------------------------------------------------------------- the small form
_AGREE = [("1", "Hoàn toàn không đồng ý", "Strongly disagree"), ("2", "Không đồng ý", "Disagree"),
          ("3", "Phân vân", "Neutral"), ("4", "Đồng ý", "Agree"),
          ("5", "Hoàn toàn đồng ý", "Strongly agree"), ("8", "Không biết", "Don't know")]
_LISTS = {
    "agree5": _AGREE,
    "level": [("province", "Cấp tỉnh", "Province"), ("district", "Cấp huyện", "District"),
              ("commune", "Cấp xã", "Commune")],
    "position": [("leader", "Lãnh đạo", "Leader"), ("manager", "Quản lý", "Manager"),
                 ("frontline", "Người lao động trực tiếp", "Front-line worker")],
    "gender": [("male", "Nam", "Male"), ("female", "Nữ", "Female")],
    "sector": [("state", "Khu vực nhà nước", "State sector"),
               ("non_state", "Khu vực ngoài nhà nước", "Non-state sector")],
    "channel": [("tv", "Ti vi", "Television"), ("radio", "Đài phát thanh", "Radio"),
                ("meeting", "Họp, hội nghị", "Meetings, conferences"),
                ("internet", "Mạng xã hội/Internet", "Social media/Internet")],
    "yesno": [("1", "Có", "Yes"), ("0", "Không", "No")],
}
#: Group labels, for exports with "hierarchy in labels" (the Instrument keeps group names only).
GROUP_LABELS = {"profile": ("Thông tin chung", "General information"), "awareness": ("Nhận thức", "Awareness"),
                "participation": ("Tham gia", "Participation"),
                "models": ("Điển hình tiên tiến", "Model examples")}
REPEATS = ("models",)


def _item(name: str, type_: str, vi: str = "", en: str = "", *, group: tuple[str, ...] = (),
          list_name: str | None = None) -> Item:
    labels = {"vi": vi, "en": en} if vi else {}
    return Item(name=name, type=type_, list_name=list_name, labels=labels, group=group)


_ITEMS = (
    _item("start", "start"),
    _item("end", "end"),
    _item("unit_id", "text", "Mã đơn vị", "Unit code", group=("profile",)),
    _item("district", "text", "Huyện, thị xã, thành phố", "District, town or city", group=("profile",)),
    _item("level", "select_one", "Đơn vị của ông/bà thuộc cấp nào?", "At which level is your unit?",
          group=("profile",), list_name="level"),
    _item("position_group", "select_one", "Vị trí công tác", "Position", group=("profile",),
          list_name="position"),
    _item("gender", "select_one", "Giới tính", "Gender", group=("profile",), list_name="gender"),
    _item("sector", "select_one", "Khu vực", "Sector", group=("profile",), list_name="sector"),
    _item("years_of_service", "integer", "Số năm công tác", "Years in service", group=("profile",)),
    _item("aw1", "select_one", "Ông/Bà hiểu rõ mục tiêu của phong trào", "I understand the movement's aims",
          group=("awareness",), list_name="agree5"),
    _item("aw2", "select_one", "Tôi biết các tiêu chí đánh giá", "I know the assessment criteria",
          group=("awareness",), list_name="agree5"),
    _item("pa1", "select_one", "Tôi đã đăng ký chỉ tiêu thi đua", "I registered emulation targets",
          group=("participation",), list_name="agree5"),
    _item("pa2", "select_one", "Phong trào chủ yếu mang tính hình thức", "The movement is mostly a formality",
          group=("participation",), list_name="agree5"),
    _item("channels", "select_multiple", "Ông/Bà biết phong trào qua kênh nào?",
          "Through which channels did you hear of the movement?", group=("participation",), list_name="channel"),
    _item("comment", "text", "Ý kiến khác", "Other comments", group=("participation",)),
    _item("model_name", "text", "Tên điển hình", "Name of the model example", group=("models",)),
    _item("model_learned", "select_one", "Đã học tập điển hình này?", "Have you learned from it?",
          group=("models",), list_name="yesno"),
)


SMALL_FORM = Instrument(
    form_id="tdkt_staff_small", title={"vi": "Khảo sát cán bộ (thử)", "en": "Staff survey (test)"},
    items=_ITEMS, missing_codes=("8",), languages=("vi", "en"), repeats=REPEATS,
    choices={k: tuple(Choice(name=c, labels={"vi": vi, "en": en}) for c, vi, en in v) for k, v in _LISTS.items()},
)

# unit, district, level, position, gender, sector, years, aw1, aw2, pa1, pa2, channels, comment, model examples
_ROWS = [
    ("U01", "Huyện Kim Sơn", "province", "leader", "female", "state", "12", "4", "5", "4", "2",
     ("tv", "meeting"), None, [("Tổ một cửa xã An Bình", "1")]),
    ("U01", "Huyện Kim Sơn", "district", "manager", "male", "state", "7", "3", "4", "3", "3",
     ("radio",), 'Cần "thực chất" hơn; bớt hình thức', []),
    ("U02", "Huyện Yên Mô", "commune", "frontline", "female", "non_state", "3", "5", "5", "5", "1",
     ("tv", "radio", "meeting", "internet"), None,
     [("Hợp tác xã Tam Điệp", "1"), ("Trường tiểu học Yên Mạc", "0")]),
    ("U02", "Huyện Yên Mô", "commune", "frontline", "male", "state", "25", "2", "8", "2", "4",
     ("meeting",), "Khen thưởng còn chậm.\nĐề nghị rút ngắn thời gian xét.", []),
    ("U03", "Thành phố Tam Điệp", "district", "leader", "male", "state", "18", None, "3", "4", "2",
     None, None, []),
    ("U03", "Thành phố Tam Điệp", "province", "manager", "female", "state", None, "5", "4", "5", "1",
     ("internet", "tv"), "Tốt", [("Phòng Nội vụ", "1")]),
    ("U04", "Huyện Nho Quan", "commune", "frontline", "female", "non_state", "1", "1", "2", "1", "5",
     ("radio", "meeting"), None, []),
    ("U04", "Huyện Nho Quan", "commune", "frontline", "male", "non_state", "9", "3", "3", "8", "3",
     ("tv",), "Chưa có ý kiến", [("Bác sĩ trạm y tế xã Gia Lâm", "0")]),
    ("U05", "Huyện Kim Sơn", "district", "manager", "male", "state", "30", "4", "4", "4", "2",
     ("meeting", "internet"), None, []),
    ("U05", "Huyện Kim Sơn", "district", "frontline", "female", "state", "5", "5", "5", "3", "4",
     ("tv", "radio"), None, []),
    ("U06", "Huyện Yên Mô", "province", "leader", "female", "state", "22", "2", "1", "2", "5",
     ("internet",), "Giảm hồ sơ giấy, tăng kiểm tra thực tế", [("Ban Thi đua – Khen thưởng", "1")]),
    ("U06", "Huyện Yên Mô", "commune", "frontline", "male", "non_state", "14", "4", "3", "5", "1",
     ("tv", "meeting"), None, []),
]
_FIELDS = ("unit_id", "district", "level", "position_group", "gender", "sector", "years_of_service",
           "aw1", "aw2", "pa1", "pa2", "channels", "comment")


def _answers() -> list[dict[str, object]]:
    out = []
    for i, row in enumerate(_ROWS):
        start = pd.Timestamp("2024-09-02 07:30:00") + pd.Timedelta(minutes=37 * i)
        end = start + pd.Timedelta(minutes=9 + i, seconds=13 * i)
        answer: dict[str, object] = dict(zip(_FIELDS, row[:13]))
        answer.update(
            _id=101 + i, _uuid=str(uuid.UUID(bytes=hashlib.sha256(f"tdkt-{i}".encode()).digest()[:16], version=4)),
            start=start.strftime("%Y-%m-%dT%H:%M:%S.000+07:00"), end=end.strftime("%Y-%m-%dT%H:%M:%S.000+07:00"),
            _submission_time=(end - pd.Timedelta(hours=7) + pd.Timedelta(seconds=95)).strftime("%Y-%m-%dT%H:%M:%S"),
            models=[{"model_name": name, "model_learned": learned} for name, learned in row[13]],
        )
        out.append(answer)
    return out


SMALL_ANSWERS = _answers()

SMALL_FILES = ("kobo_codes.csv", "kobo_labels_vi.csv", "kobo_labels_en.csv", "kobo.xlsx", "odk_central.csv",
               "odk_central.zip", "nhap_tay.xlsx", "spss.sav")


# ---------------------------------------------------------------- the expected table
def expected_items(form: Instrument, answers: list[dict[str, object]], repeats: tuple[str, ...] = ()) -> pd.DataFrame:
    """The item columns load_survey must return, written out from the answers."""
    columns: dict[str, pd.Series] = {}
    missing = set(form.missing_codes)
    for item in form.items:
        if item.type in ("start", "end") or set(item.group) & set(repeats):
            continue
        values = [a.get(item.name) for a in answers]
        if item.type == "select_multiple":
            for code in form.choice_codes(item.list_name):
                columns[f"{item.name}__{code}"] = pd.Series(
                    [None if v is None else int(code in v) for v in values], dtype="Int64")
        elif item.type == "select_one":
            codes = [c for c in form.choice_codes(item.list_name) if c not in missing]
            kept = [None if v in missing else v for v in values]
            numeric = all(c.lstrip("-").isdigit() for c in codes)
            columns[item.name] = (pd.Series([None if v is None else int(v) for v in kept], dtype="Int64")
                                  if numeric else pd.Series(kept, dtype="string"))
        elif item.type == "integer":
            columns[item.name] = pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
        else:
            columns[item.name] = pd.Series(values, dtype="string")
    return pd.DataFrame(columns)


def form_fingerprint(form: Instrument) -> str:
    """Hash of what an export of ``form`` depends on: items, types, groups, labels and choices."""
    parts = [repr((it.name, it.type, it.list_name, it.group, sorted(it.labels.items()))) for it in form.items]
    parts += [repr((k, [(c.name, sorted(c.labels.items())) for c in v])) for k, v in sorted(form.choices.items())]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _staff_answers() -> list[dict[str, object]]:
    with open(FIXTURES / "staff" / "answers.csv", encoding="utf-8", newline="") as handle:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(handle)]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def untouched():
    """Check that the files a test reads are byte-identical afterwards."""
    seen: dict[Path, str] = {}

    def watch(path: Path) -> Path:
        seen[path] = _sha(path)
        return path

    yield watch
    for path, digest in seen.items():
        assert _sha(path) == digest, f"{path} was modified"


# ---------------------------------------------------------------- every format, one table
@pytest.mark.parametrize("name", SMALL_FILES)
def test_every_export_loads_into_the_same_table(name, untouched):
    df = load_survey(untouched(FIXTURES / "small" / name), SMALL_FORM)
    expected = expected_items(SMALL_FORM, SMALL_ANSWERS, REPEATS)
    pd.testing.assert_frame_equal(df[list(expected.columns)], expected)
    assert list(df.columns[-len(expected.columns):]) == list(expected.columns)  # items last, in form order


@pytest.mark.parametrize("name", SMALL_FILES)
def test_metadata_keeps_canonical_names(name):
    df = load_survey(FIXTURES / "small" / name, SMALL_FORM)
    if name != "nhap_tay.xlsx":  # typed by hand: no submission metadata
        assert df["_uuid"].tolist() == [a["_uuid"] for a in SMALL_ANSWERS]
        assert df["_submission_time"].tolist() == [pd.Timestamp(a["_submission_time"]) for a in SMALL_ANSWERS]
        assert df["start"].tolist() == [pd.Timestamp(a["start"][:19]) for a in SMALL_ANSWERS]
        assert str(df["end"].dtype) == "datetime64[ns]"
    assert not {"_id", "_index", "_validation_status", "KEY", "SubmitterName", "__version__"} & set(df.columns)


@pytest.mark.parametrize("name", ["kobo.xlsx", "odk_central.zip"])
def test_repeat_rows_link_to_their_submission(name):
    df = load_survey(FIXTURES / "small" / name, SMALL_FORM, repeat="models")
    expected = [(a["_uuid"], m["model_name"], int(m["model_learned"])) for a in SMALL_ANSWERS for m in a["models"]]
    assert list(df.itertuples(index=False, name=None)) == expected
    assert list(df.columns) == ["_parent_uuid", "model_name", "model_learned"]


def test_format_is_detected():
    formats = {name: load_survey(FIXTURES / "small" / name, SMALL_FORM).attrs["format"] for name in SMALL_FILES}
    assert formats == {"kobo_codes.csv": "kobo_csv", "kobo_labels_vi.csv": "kobo_csv", "kobo_labels_en.csv": "kobo_csv",
                       "kobo.xlsx": "kobo_xlsx", "odk_central.csv": "odk_csv", "odk_central.zip": "odk_zip",
                       "nhap_tay.xlsx": "excel", "spss.sav": "spss"}


def test_lang_restricts_the_labels_accepted():
    df = load_survey(FIXTURES / "small" / "kobo_labels_en.csv", SMALL_FORM, lang="en")
    assert df["aw1"].tolist()[:2] == [4, 3]
    with pytest.raises(SurveyLanguageError, match="vi"):
        load_survey(FIXTURES / "small" / "kobo_labels_en.csv", SMALL_FORM, lang="vi")


def test_extra_missing_codes_become_na():
    df = load_survey(FIXTURES / "small" / "kobo_codes.csv", SMALL_FORM, missing_codes=["1"])
    assert df["aw1"].isna().sum() == 2  # one skipped, one "1"
    assert df["pa1"].isna().sum() == 2  # one "8" (the form's missing code), one "1"


def test_kind_validates_the_contract_columns():
    df = load_survey(FIXTURES / "small" / "kobo_codes.csv", SMALL_FORM, kind="staff_responses")
    assert df["respondent_id"].tolist() == [a["_uuid"] for a in SMALL_ANSWERS]  # from _uuid
    assert list(df.columns[:7]) == ["respondent_id", "unit_id", "district", "level", "position_group", "gender",
                                    "sector"]
    assert str(df["aw1"].dtype) == "Int64" and str(df["_submission_time"].dtype) == "datetime64[ns]"
    assert df.attrs["kind"] == "staff_responses"


def test_kind_uses_the_respondent_column_of_a_hand_typed_sheet():
    df = load_survey(FIXTURES / "small" / "nhap_tay.xlsx", SMALL_FORM, kind="staff_responses")
    assert df["respondent_id"].tolist() == [f"CB{i:02d}" for i in range(1, 13)]


# ---------------------------------------------------------------- the shipped staff form
def test_staff_form_exports_load_into_the_same_table():
    tdkt = pytest.importorskip("tdkt_eval.io.instruments")
    staff = tdkt.load_instrument("staff")
    recorded = (FIXTURES / "staff" / "form_fingerprint.txt").read_text(encoding="utf-8").strip()
    assert form_fingerprint(staff) == recorded, (
        "surveys/staff.xlsx changed since the fixtures were written: run python tests/fixtures/make_survey_fixtures.py")
    answers = _staff_answers()
    expected = expected_items(staff, answers)
    for name in SMALL_FILES:
        df = load_survey(FIXTURES / "staff" / name, staff, kind="staff_responses")
        pd.testing.assert_frame_equal(df[list(expected.columns)], expected, obj=name)
    by_name = load_survey(FIXTURES / "staff" / "kobo_codes.csv", "staff", kind="staff_responses")
    pd.testing.assert_frame_equal(by_name[list(expected.columns)], expected)
    assert by_name["respondent_id"].tolist() == [a["_uuid"] for a in answers]


# ---------------------------------------------------------------- mismatches and damaged exports
BAD = [
    ("renamed_column.csv", UnknownColumnError, ["'awareness/aw_1' (did you mean 'aw1'?)"]),
    ("extra_columns.csv", UnknownColumnError, ["2 column(s)", "'ghi_chu_rieng'", "'Người nhập'"]),
    ("missing_items.csv", MissingItemError, ["2 item(s)", "aw2, pa2"]),
    ("invalid_choices.csv", InvalidChoiceError, ["'aw1' (allowed: 1, 2, 3, 4, 5, 8): '6' (row 3), '0' (row 5)",
                                                 "'pa2'", "'Tốt lắm' (row 4)", "'channels'", "'tv fax' (row 6)"]),
    ("labels_fr.csv", SurveyLanguageError, ["labels in vi, en", "another language", "'Sexe'"]),
    ("answers_fr.csv", SurveyLanguageError, ["answers of", "another language", "'Tout à fait d'accord'"]),
    ("not_a_number.csv", MixedTypeError, ["'years_of_service'", "'mười hai' (row 2)"]),
    ("duplicate_item.xlsx", DuplicateColumnError, ["'aw1'", "'Ông/Bà hiểu rõ mục tiêu của phong trào'"]),
    ("wrong_separator.csv", WrongSeparatorError, ["wrong separator", "';'"]),
    ("truncated_in_quote.csv", TruncatedFileError, ["row 13", "never closed", "cut off"]),
    ("truncated_row.csv", TruncatedFileError, ["row 13", "has 6 of the 29 fields"]),
    ("not_a_zip.xlsx", MalformedFileError, ["cannot be opened"]),
    ("truncated.zip", ArchiveError, ["ZIP archive cannot be opened"]),
]


@pytest.mark.parametrize(("name", "error", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_bad_export_has_its_own_error_and_stays_unchanged(name, error, fragments, untouched):
    path = untouched(FIXTURES / "bad" / name)
    with pytest.raises(error) as info:
        load_survey(path, SMALL_FORM)
    assert type(info.value) is error
    assert isinstance(info.value, TdktInputError) and isinstance(info.value, ValueError)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "Fix:" in message


def test_missing_items_are_a_missing_column_error():
    with pytest.raises(MissingColumnError):
        load_survey(FIXTURES / "bad" / "missing_items.csv", SMALL_FORM)


def test_spss_without_pyreadstat_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyreadstat", None)
    with pytest.raises(MissingDependencyError, match=r"pip install tdkt-eval\[spss\]") as info:
        load_survey(FIXTURES / "small" / "spss.sav", SMALL_FORM)
    assert isinstance(info.value, ImportError)


def test_repeat_is_not_in_a_csv_export():
    with pytest.raises(SheetNotFoundError, match="CSV exports hold no repeat groups"):
        load_survey(FIXTURES / "small" / "kobo_codes.csv", SMALL_FORM, repeat="models")


@pytest.mark.parametrize(("options", "fragment"), [
    ({"format": "stata"}, "The 'format' parameter of load_survey must be one of"),
    ({"lang": "fr"}, "The 'lang' parameter of load_survey must be one of {'vi', 'en'}. Got 'fr' instead."),
    ({"kind": "rewards"}, "The 'kind' parameter of load_survey must be one of"),
])
def test_bad_parameters(options, fragment):
    with pytest.raises(InvalidParameterError) as info:
        load_survey(FIXTURES / "small" / "kobo_codes.csv", SMALL_FORM, **options)
    assert fragment in str(info.value)


def test_format_must_fit_the_file():
    with pytest.raises(UnsupportedFormatError, match="format='spss' expects"):
        load_survey(FIXTURES / "small" / "kobo_codes.csv", SMALL_FORM, format="spss")


# ---------------------------------------------------------------- details of real exports
def _kobo_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    lines = [";".join('"' + c.replace('"', '""') + '"' for c in r) for r in [header, *rows]]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _read_kobo(name: str = "kobo_codes.csv") -> tuple[list[str], list[list[str]]]:
    text = (FIXTURES / "small" / name).read_bytes().decode("utf-8")
    header, *rows = list(csv.reader(text.splitlines(keepends=True), delimiter=";"))
    return header, rows


def test_hxl_hashtag_row_is_skipped(tmp_path):
    header, rows = _read_kobo()
    tags = ["#org+code" if h == "profile/unit_id" else "" for h in header]
    df = load_survey(_kobo_csv(tmp_path / "hxl.csv", header, [tags, *rows]), SMALL_FORM)
    expected = expected_items(SMALL_FORM, SMALL_ANSWERS, REPEATS)
    pd.testing.assert_frame_equal(df[list(expected.columns)], expected)


def test_legacy_tcvn3_text_is_repaired(tmp_path):
    from tdkt_eval.io.legacy import _load_table

    to_tcvn3 = {uni: legacy for legacy, uni in _load_table("tcvn3").items()}
    header, rows = _read_kobo("kobo_labels_vi.csv")
    legacy_rows = [["".join(to_tcvn3.get(ch, ch) for ch in cell) for cell in row] for row in rows]
    df = load_survey(_kobo_csv(tmp_path / "tcvn3.csv", header, legacy_rows), SMALL_FORM)
    assert df["district"].iloc[0] == "Huyện Kim Sơn" and df["aw1"].iloc[0] == 4
    assert legacy_rows[0][header.index("Huyện, thị xã, thành phố")] != "Huyện Kim Sơn"  # the input was TCVN3


def test_without_uuid_the_kobo_id_is_the_respondent(tmp_path):
    header, rows = _read_kobo()
    keep = [j for j, h in enumerate(header) if h != "_uuid"]
    path = _kobo_csv(tmp_path / "no_uuid.csv", [header[j] for j in keep], [[r[j] for j in keep] for r in rows])
    assert load_survey(path, SMALL_FORM)["_id"].tolist()[:2] == ["101", "102"]
    assert load_survey(path, SMALL_FORM, kind="staff_responses")["respondent_id"].tolist()[:2] == ["101", "102"]


def test_headers_joined_by_the_wrong_separator(tmp_path):
    header, rows = _read_kobo()
    joined = [f"{header[2]},{header[3]}"] + header[4:]
    path = _kobo_csv(tmp_path / "joined.csv", joined, [[f"{r[2]},{r[3]}"] + r[4:] for r in rows])
    with pytest.raises(WrongSeparatorError, match="separated by ','"):
        load_survey(path, SMALL_FORM)


def test_rows_are_counted_as_in_the_spreadsheet(tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(FIXTURES / "small" / "nhap_tay.xlsx")
    sheet = book.active
    column = [c.value for c in sheet[4]].index("aw1") + 1
    sheet.cell(row=7, column=column, value=7)  # the third respondent: title rows 1-3, header row 4
    book.save(tmp_path / "typed.xlsx")
    with pytest.raises(InvalidChoiceError, match=r"'aw1' \(allowed: 1, 2, 3, 4, 5, 8\): '7' \(row 7\)"):
        load_survey(tmp_path / "typed.xlsx", SMALL_FORM)


def test_a_contract_header_names_the_item_of_the_same_name(tmp_path):
    header, rows = _read_kobo("kobo_labels_vi.csv")
    header = ["Huyện" if h == "Huyện, thị xã, thành phố" else h for h in header]  # the contract's alias
    df = load_survey(_kobo_csv(tmp_path / "huyen.csv", header, rows), SMALL_FORM)
    assert df["district"].tolist() == [a["district"] for a in SMALL_ANSWERS]
