"""Every error and warning of the file loaders reads in Vietnamese for a council officer, and in English.

Each test writes a small bad file by hand, triggers one error through a public
loader (``te.load_records``, ``te.load_survey``, ``read_raw``) and checks that
``err.render("vi")`` is Vietnamese (diacritics in the problem and in the fix,
no English words left) and still names the offending values and rows, while
``str(err)`` keeps its English wording.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_workbook

import tdkt_eval as te
from tdkt_eval.errors import TdktInputError
from tdkt_eval._args import require_columns
from tdkt_eval.io.instruments import Choice, Instrument, Item
from tdkt_eval.io.readers import read_raw

#: English words that must not be left in a Vietnamese message (file paths removed first).
ENGLISH = ("Fix", "column", "rows", "row", "file", "the", "must", "Expected", "found", "Both", "empty",
           "cannot", "sheet", "item", "answers", "allowed", "fits", "mean", "folder", "none")
#: Letters only Vietnamese uses (with a vowel-quality or tone mark), precomposed.
VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9àáèéìíòóùúýãõĩũ]")


def english_words(text: str) -> list[str]:
    """The words of :data:`ENGLISH` that ``text`` holds as whole words, in any case (``sheet=`` is code)."""
    return [w for w in ENGLISH if re.search(rf"(?<!\w){re.escape(w)}(?![\w=])", text, flags=re.IGNORECASE)]


def test_the_english_detector_can_fail():
    assert english_words("File 'a.csv', column 'x': Expected numbers. Fix: the rows") == [
        "Fix", "column", "rows", "file", "the", "Expected"]
    assert english_words("Tệp 'a.csv', cột 'x': Cần giá trị số. Cách sửa: header_row=2, sheet=0") == []


def check_vietnamese(err: TdktInputError, tmp_path: Path, *, named: tuple[str, ...] = (),
                     english: tuple[str, ...] = ()) -> str:
    """Assert the Vietnamese rendering of ``err`` is Vietnamese and names ``named``; the English keeps ``english``."""
    vi = err.render("vi")
    assert vi == unicodedata.normalize("NFC", vi)
    for part in (err.problem_text.render("vi"), err.fix_text.render("vi")):
        assert VIETNAMESE.search(part), f"not Vietnamese: {part!r}"
    assert "Cách sửa: " in vi
    bare = vi.replace(str(tmp_path), "")
    assert not english_words(bare), f"English {english_words(bare)} in {bare!r}"
    message = str(err)
    assert "Fix: " in message
    for name in named:
        assert name in vi, f"{name!r} not in {vi!r}"
        assert name in message, f"{name!r} not in {message!r}"
    for fragment in english:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return vi


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path




# ---------------------------------------------------------------- read_raw: files, formats, sheets, encodings
RAW_CASES: list[tuple[str, Callable[[Path], Path], dict, type, tuple[str, ...], tuple[str, ...]]] = [
    ("khong_co", lambda d: d / "khong_co.csv", {}, te.InputFileNotFoundError, ("khong_co.csv",),
     ("does not exist",)),
    ("thu_muc", lambda d: (d / "thu_muc.csv").mkdir() or d / "thu_muc.csv", {}, te.InputFileNotFoundError,
     ("thu_muc.csv",), ("is a folder",)),
    ("xls", lambda d: _write(d / "so_cu.xls", "x"), {}, te.UnsupportedFormatError, ("'.xls'",),
     ("Save As' .xlsx",)),
    ("pdf", lambda d: _write(d / "bao_cao.pdf", "x"), {}, te.UnsupportedFormatError, ("'.pdf'",),
     ("not a table format",)),
    ("khong_duoi", lambda d: _write(d / "bang_ke", "x"), {}, te.UnsupportedFormatError, (),
     ("'no extension'",)),
    ("rong", lambda d: _write(d / "rong.csv", ""), {}, te.EmptyFileError, ("0 byte",), ("empty (0 bytes)",)),
    ("khoang_trang", lambda d: _write(d / "trang.csv", "  \n\n \n"), {}, te.EmptyFileError, (),
     ("only white space",)),
    ("hong", lambda d: _write(d / "hong.xlsx", "đây không phải sổ tính"), {}, te.MalformedFileError,
     ("BadZipFile",), ("cannot be opened",)),
    ("trang_tinh", lambda d: write_workbook(d / "nhan_su.xlsx", {"Nhân sự 2023": [["Năm"], [2023]]}),
     {"sheet": "Khen thưởng"}, te.SheetNotFoundError, ("'Khen thưởng'", "'Nhân sự 2023'"),
     ("no sheet 'Khen thưởng'",)),
    ("ma_sai", lambda d: _write(d / "don_vi.csv", "Tên đơn\nĐông Hà\n", "cp1258"),
     {"encoding": "utf-8"}, te.EncodingDetectionError, ("utf-8",), ("cannot be read as utf-8",)),
    ("ma_la", lambda d: _write(d / "don_vi.csv", "Năm\n2023\n"), {"encoding": "tcvn-khong-co"},
     te.EncodingDetectionError, ("tcvn-khong-co",), ("cannot be read as tcvn-khong-co",)),
]


@pytest.mark.parametrize(("make", "options", "error", "named", "english"), [c[1:] for c in RAW_CASES],
                         ids=[c[0] for c in RAW_CASES])
def test_read_raw_errors_are_in_vietnamese(tmp_path, make, options, error, named, english):
    path = make(tmp_path)
    with pytest.raises(error) as info:
        read_raw(path, **options)
    check_vietnamese(info.value, tmp_path, named=named, english=english)


def test_a_byte_that_breaks_the_forced_codec_is_counted_from_one(tmp_path):
    raw = "Tên đơn\nĐông Hà\n".encode("cp1258")
    path = tmp_path / "don_vi.csv"
    path.write_bytes(raw)
    with pytest.raises(UnicodeDecodeError) as python:
        raw.decode("utf-8")
    with pytest.raises(te.EncodingDetectionError) as info:
        read_raw(path, encoding="utf-8")
    assert f"byte thứ {python.value.start + 1} " in info.value.render("vi")


# ---------------------------------------------------------------- load_records: headers and cells
CLUSTER_HEADER = "Cụm thi đua,Năm,Mã đơn vị,Tổng điểm,Xếp hạng,Được tặng cờ\n"
RECORD_CASES = [
    ("tieu_de_lap", "rewards", "Số quyết định,Năm,Ngày quyết định,NĂM\n1/QĐ,2023,01/02/2023,2023\n",
     te.DuplicateColumnError, ("'Năm'", "'NĂM'"), ("same column twice",)),
    ("hai_cach_viet", "cluster_results", "Cụm thi đua,Năm,Mã đơn vị,Tổng điểm,Xếp hạng,Được tặng cờ,Năm (báo cáo)\n"
     "C1,2023,U1,90,1,x,2023\n", te.DuplicateColumnError, ("'Năm'", "'Năm (báo cáo)'", "'year'"),
     ("could be the column 'year'",)),
    ("chu_trong_so", "cluster_results", CLUSTER_HEADER + "C1,2023,U1,90,1,x\nC1,2023,U2,tám mươi,2,\n",
     te.MixedTypeError, ("'tám mươi' (", "3"), ("Expected numbers", "'tám mươi' (row 3)")),
    ("nam_le", "cluster_results", CLUSTER_HEADER + "C1,2023.5,U1,90,1,x\nC1,2023,U2,80,2,\n",
     te.MixedTypeError, ("'2023.5' (",), ("whole numbers", "'2023.5' (row 2)")),
    ("co_sai", "cluster_results", CLUSTER_HEADER + "C1,2023,U1,90,1,x\nC1,2023,U2,80,2,có lẽ\n",
     te.InvalidCategoryError, ("'có lẽ' (",), ("yes/no", "'có lẽ' (row 3)")),
]


@pytest.mark.filterwarnings("ignore::tdkt_eval.DataQualityWarning")
@pytest.mark.parametrize(("kind", "text", "error", "named", "english"), [c[1:] for c in RECORD_CASES],
                         ids=[c[0] for c in RECORD_CASES])
def test_load_records_errors_are_in_vietnamese(tmp_path, kind, text, error, named, english):
    path = _write(tmp_path / "bang.csv", text)
    with pytest.raises(error) as info:
        te.load_records(path, kind)
    vi = check_vietnamese(info.value, tmp_path, named=named, english=english)
    assert "Tệp '" in vi and "bang.csv" in vi


def test_bad_cells_name_their_rows_in_vietnamese(tmp_path):
    path = _write(tmp_path / "bang.csv", CLUSTER_HEADER + "C1,2023,U1,90,1,x\nC1,2023,U2,tám,2,\nC1,2023,U3,chín,3,\n")
    with pytest.raises(te.MixedTypeError) as info:
        te.load_records(path, "cluster_results")
    vi = info.value.render("vi")
    assert "'tám' (dòng 3), 'chín' (dòng 4)" in vi
    assert "cột 'Tổng điểm'" in vi
    assert info.value.rows == (3, 4)


def test_a_bad_cell_in_a_workbook_names_the_sheet(tmp_path):
    path = write_workbook(tmp_path / "cum.xlsx", {"Kết quả": [
        ["Cụm thi đua", "Năm", "Mã đơn vị", "Tổng điểm", "Xếp hạng", "Được tặng cờ"],
        ["C1", 2023, "U1", 90, 1, "x"], ["C1", 2023, "U2", 80, 2, "chắc chắn"]]})
    with pytest.raises(te.InvalidCategoryError) as info:
        te.load_records(path, "cluster_results")
    assert "Kết quả" in info.value.render("vi") and "'chắc chắn' (dòng 3)" in info.value.render("vi")


def test_require_columns_is_in_vietnamese(tmp_path):
    import pandas as pd

    with pytest.raises(te.MissingColumnError) as info:
        require_columns(pd.DataFrame({"year": [2023]}), ["unit_id", "form"], "rewards")
    check_vietnamese(info.value, tmp_path, named=("'unit_id', 'form'", "year"),
                     english=("has no column(s) 'unit_id', 'form'", "found: year"))


# ---------------------------------------------------------------- load_survey
AGREE = tuple(Choice(name=str(i), labels={"vi": vi, "en": en}) for i, (vi, en) in enumerate(
    [("Không đồng ý", "Disagree"), ("Phân vân", "Unsure"), ("Đồng ý", "Agree")], start=1))
CHANNELS = (Choice(name="tv", labels={"vi": "Truyền hình", "en": "Television"}),
            Choice(name="loa", labels={"vi": "Loa phát thanh", "en": "Loudspeaker"}))
FORM = Instrument(
    form_id="phieu_thu", title={"vi": "Phiếu thử", "en": "Test form"}, repeats=("dien_hinh",),
    choices={"agree": AGREE, "kenh": CHANNELS},
    items=(
        Item(name="aw1", type="select_one", list_name="agree", group=("nhan_thuc",),
             labels={"vi": "Tôi biết phong trào thi đua", "en": "I know the emulation movement"}),
        Item(name="aw2", type="select_one", list_name="agree", group=("nhan_thuc",),
             labels={"vi": "Tôi biết các tiêu chí", "en": "I know the criteria"}),
        Item(name="so_nam", type="integer", labels={"vi": "Số năm công tác", "en": "Years in service"}),
        Item(name="kenh", type="select_multiple", list_name="kenh",
             labels={"vi": "Kênh thông tin", "en": "Channels"}),
        Item(name="ten_dien_hinh", type="text", group=("dien_hinh",),
             labels={"vi": "Tên điển hình", "en": "Name of the model"}),
    ))
KOBO_HEADER = '"nhan_thuc/aw1";"nhan_thuc/aw2";"so_nam";"kenh";"_id";"_uuid";"_index"\n'
SURVEY_CASES = [
    ("cot_la", KOBO_HEADER.replace('"so_nam"', '"so_namm";"ghi_chu_rieng"') + '"1";"2";"5";"";"tv";"7";"a1";"1"\n',
     {}, te.UnknownColumnError, ("'so_namm'", "'so_nam'", "'ghi_chu_rieng'"),
     ("2 column(s)", "(did you mean 'so_nam'?)")),
    ("thieu_cau_hoi", '"nhan_thuc/aw1";"so_nam";"kenh";"_uuid"\n"1";"5";"tv";"a1"\n', {}, te.MissingItemError,
     ("aw2", "phieu_thu"), ("1 item(s) of form 'phieu_thu' are not in the data: aw2",)),
    ("lua_chon_sai", KOBO_HEADER + '"1";"7";"5";"tv";"7";"a1";"1"\n"3";"2";"4";"tv fax";"8";"b2";"2"\n', {},
     te.InvalidChoiceError, ("'aw2'", "'7' (", "'tv fax' ("),
     ("Answers not in the choice lists", "'aw2' (allowed: 1, 2, 3): '7' (row 2)", "'tv fax' (row 3)")),
    ("khong_phai_so", KOBO_HEADER + '"1";"2";"mười hai";"tv";"7";"a1";"1"\n', {}, te.MixedTypeError,
     ("'so_nam'", "'mười hai' ("), ("Expected numbers", "'mười hai' (row 2)")),
    ("nhan_tieng_phap", '"Je connais le mouvement";"Je connais les critères";"Années de service";"Canaux"\n'
     '"1";"2";"3";"tv"\n', {}, te.SurveyLanguageError, ("'Je connais le mouvement'", "vi, en"),
     ("labels in vi, en", "another language")),
    ("tra_loi_tieng_phap", KOBO_HEADER + '"Tout à fait d\'accord";"Pas du tout";"5";"tv";"7";"a1";"1"\n', {},
     te.SurveyLanguageError, ("'Tout à fait d'accord'",), ("answers of 2 questions", "another language")),
    ("cot_lap", '"nhan_thuc/aw1";"Tôi biết phong trào thi đua";"nhan_thuc/aw2";"so_nam";"kenh"\n'
     '"1";"1";"2";"3";"tv"\n', {}, te.DuplicateColumnError, ("'nhan_thuc/aw1'", "'Tôi biết phong trào thi đua'"),
     ("are both 'aw1'",)),
    ("nhom_lap", KOBO_HEADER + '"1";"2";"5";"tv";"7";"a1";"1"\n', {"repeat": "dien_hinh"}, te.SheetNotFoundError,
     ("'dien_hinh'",), ("no table for the repeat group 'dien_hinh'", "CSV exports hold no repeat groups")),
    ("sai_phan_cach", '"nhan_thuc/aw1,nhan_thuc/aw2,so_nam,kenh"\n"1,2,3,tv"\n', {}, te.WrongSeparatorError,
     ("','",), ("wrong separator",)),
    ("cat_cut", KOBO_HEADER + '"1";"2";"5";"tv";"7";"a1";"1"\n"3";"2";"4"\n', {}, te.TruncatedFileError,
     ("3",), ("row 3", "has 3 of the 7 fields", "cut off")),
    ("cot_khong_ten", "aw1,aw2,so_nam,kenh\n1,2,3,tv,thừa\n", {}, te.MalformedFileError, ("5", "2"),
     ("Column 5 has values but no header (rows 2)",)),
    ("chi_tieu_de", KOBO_HEADER, {}, te.EmptyFileError, ("1",), ("header (row 1) but no data rows",)),
    ("dinh_dang", KOBO_HEADER + '"1";"2";"5";"tv";"7";"a1";"1"\n', {"format": "spss"}, te.UnsupportedFormatError,
     ("format='spss'", ".sav"), ("format='spss' expects",)),
]


@pytest.mark.filterwarnings("ignore::tdkt_eval.DataQualityWarning")
@pytest.mark.parametrize(("text", "options", "error", "named", "english"), [c[1:] for c in SURVEY_CASES],
                         ids=[c[0] for c in SURVEY_CASES])
def test_load_survey_errors_are_in_vietnamese(tmp_path, text, options, error, named, english):
    path = _write(tmp_path / "phieu.csv", text)
    with pytest.raises(error) as info:
        te.load_survey(path, FORM, **options)
    assert type(info.value) is error
    check_vietnamese(info.value, tmp_path, named=named, english=english)


def test_survey_workbook_errors_name_the_sheet(tmp_path):
    path = write_workbook(tmp_path / "phieu.xlsx", {"Phiếu": [["nhan_thuc/aw1", "nhan_thuc/aw2", "so_nam", "kenh"],
                                                         [1, 9, 3, "tv"]]})
    with pytest.raises(te.InvalidChoiceError) as info:
        te.load_survey(path, FORM)
    vi = check_vietnamese(info.value, tmp_path, named=("'9' (",))
    assert info.value.sheet == "Phiếu" and "trang tính 'Phiếu'" in vi


def test_a_repeat_sheet_without_its_link_names_its_sheet(tmp_path):
    path = write_workbook(tmp_path / "phieu.xlsx", {
        "phieu_thu": [["nhan_thuc/aw1", "nhan_thuc/aw2", "so_nam", "kenh", "_index", "_submission_time"],
                      [1, 2, 3, "tv", 1, "2024-03-01T08:00:00"]],
        "dien_hinh": [["ten_dien_hinh", "_index", "_parent_index", "_parent_table_name"],
                      ["Tổ một cửa xã An Bình", 1, 1, "phieu_thu"]]})
    with pytest.raises(te.SurveyMismatchError) as info:
        te.load_survey(path, FORM, repeat="dien_hinh")
    vi = check_vietnamese(info.value, tmp_path, named=("_parent_index",), english=("no column that links it",))
    assert info.value.sheet == "dien_hinh" and "trang tính 'dien_hinh'" in vi


def test_survey_file_errors_are_in_vietnamese(tmp_path):
    with pytest.raises(te.InputFileNotFoundError) as info:
        te.load_survey(tmp_path / "khong_co.csv", FORM)
    check_vietnamese(info.value, tmp_path, named=("khong_co.csv",), english=("does not exist",))


def test_zip_errors_are_in_vietnamese(tmp_path):
    broken = _write(tmp_path / "odk.zip", "không phải tệp nén")
    with pytest.raises(te.MalformedFileError) as info:
        te.load_survey(broken, FORM)
    check_vietnamese(info.value, tmp_path, named=("ZIP",), english=("ZIP archive cannot be opened",))
    empty = tmp_path / "rong.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("ghi_chu.txt", "trống")
    with pytest.raises(te.EmptyFileError) as info:
        te.load_survey(empty, FORM)
    check_vietnamese(info.value, tmp_path, named=("CSV",), english=("holds no CSV file",))
    repeats_only = tmp_path / "lap.zip"
    with zipfile.ZipFile(repeats_only, "w") as archive:
        archive.writestr("phieu_thu-dien_hinh.csv", "ten_dien_hinh,PARENT_KEY\nTổ một cửa,uuid:a1\n")
    with pytest.raises(te.MalformedFileError) as info:
        te.load_survey(repeats_only, FORM)
    check_vietnamese(info.value, tmp_path, named=("PARENT_KEY",), english=("is a main table",))


def test_missing_pyreadstat_is_in_vietnamese(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyreadstat", None)
    path = _write(tmp_path / "phieu.sav", "x")
    with pytest.raises(te.MissingDependencyError) as info:
        te.load_survey(path, FORM)
    check_vietnamese(info.value, tmp_path, named=("pyreadstat", "pip install tdkt-eval[spss]"),
                     english=("optional package pyreadstat",))


# ---------------------------------------------------------------- warnings
@pytest.mark.parametrize(("policy", "english", "vietnamese"), [
    ("drop", "dropped column(s) with personal data", "đã bỏ các cột chứa dữ liệu cá nhân"),
    ("pseudonymise", "pseudonymised column(s)", "mã ẩn danh"),
    ("keep", "Never publish them", "Tuyệt đối không công bố"),
])
def test_personal_data_warning_is_in_vietnamese(tmp_path, policy, english, vietnamese):
    path = _write(tmp_path / "phieu.csv", KOBO_HEADER.replace('"_id"', '"Họ và tên"')
                  + '"1";"2";"5";"tv";"Nguyễn Thị Hoa";"a1";"1"\n"3";"2";"4";"loa";"Trần Văn Bình";"b2";"2"\n')
    with pytest.warns(te.DataQualityWarning) as caught:
        te.load_survey(path, FORM, personal_data=policy, salt="bi-mat")
    warning = next(w.message for w in caught if "personal data" in str(w.message))
    vi = warning.render("vi")
    assert english in str(warning) and vietnamese in vi and "Họ và tên" in vi
    assert not english_words(vi.replace(str(tmp_path), "")), vi
    assert "Nguyễn" not in vi and "Nguyễn" not in str(warning)
