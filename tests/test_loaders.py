"""Loaders on every encoding and format, with Vietnamese headers, values and legacy text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings

import pandas as pd
import pytest
from conftest import write_workbook
from openpyxl import Workbook

import tdkt_eval as te
from tdkt_eval.io.encoding import decode_bytes, encode_cp1258

HEADER = ["Mã cán bộ", "Mã đơn vị", "Năm", "Chức vụ", "Giới tính", "Khu vực", "Loại địa bàn", "Xếp loại",
          "Ghi chú"]
ROWS = [
    ["P001", "U01", "2023", "Lãnh đạo", "Nữ", "Nhà nước", "Bình thường", "Hoàn thành xuất sắc nhiệm vụ",
     "Phòng Nội vụ huyện"],
    ["P002", "U01", "2023", "Người lao động trực tiếp", "Nam", "Ngoài nhà nước", "Vùng khó khăn",
     "Hoàn thành tốt nhiệm vụ", "Hà Nội"],
    ["P003", "U02", "2024", "Quản lý", "Nữ", "Nhà nước", "Đặc biệt khó khăn", "Hoàn thành nhiệm vụ",
     "Thành phố Hồ Chí Minh"],
]
# What the contract must make of ROWS, written out by hand.
EXPECTED = pd.DataFrame({
    "person_id": ["P001", "P002", "P003"],
    "unit_id": ["U01", "U01", "U02"],
    "year": [2023, 2023, 2024],
    "position_group": ["leader", "frontline", "manager"],
    "gender": ["female", "male", "female"],
    "sector": ["state", "non_state", "state"],
    "area_type": ["normal", "disadvantaged", "disadvantaged"],
    "annual_rating": ["excellent", "good", "completed"],
    "Ghi chú": ["Phòng Nội vụ huyện", "Hà Nội", "Thành phố Hồ Chí Minh"],
})


def _csv_text(sep: str = ",", header: list[str] = HEADER, rows: list[list[str]] = ROWS) -> str:
    return "\r\n".join(sep.join(r) for r in [header, *rows]) + "\r\n"


def _check(df: pd.DataFrame) -> None:
    got = df.astype({"year": "int64"}).astype({c: object for c in df.columns if c != "year"})
    exp = EXPECTED.astype({c: object for c in EXPECTED.columns if c != "year"})
    pd.testing.assert_frame_equal(got.reset_index(drop=True), exp, check_dtype=False)
    for value in df.select_dtypes(include=["string", object]).stack():
        assert unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_csv_unicode_encodings(tmp_path, encoding):
    sep = "\t" if encoding.startswith("utf-16") else ","
    path = tmp_path / ("data.txt" if sep == "\t" else "data.csv")
    path.write_bytes(_csv_text(sep).encode(encoding))
    df = te.load_records(path, "personnel")
    _check(df)
    assert df.attrs["encoding"] in {encoding, "utf-16", "utf-8-sig"}


def test_csv_cp1258_with_combining_tones(tmp_path):
    path = tmp_path / "cp1258.csv"
    raw = encode_cp1258(_csv_text(";"))
    assert b"\xf2" in raw  # the combining dot below of "Nội": tones really are separate bytes
    path.write_bytes(raw)
    df = te.load_records(path, "personnel")
    _check(df)
    assert df.attrs["encoding"] == "cp1258"


def test_known_cp1258_bytes_decode():
    """'Hà Nội' typed on Windows-1258, byte by byte: H a <grave> space N ô <dot below> i."""
    raw = b"M\xe3 c\xe1n b\xf4\xf2,T\xean\nP1,H\x61\xcc N\xf4\xf2i\n"
    text, codec = decode_bytes(raw)
    assert codec == "cp1258"
    assert text.splitlines()[1] == "P1,Hà Nội"


def test_csv_semicolon_and_decimal_comma(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("Cụm;Năm;Mã đơn vị;Mã tiêu chí;Điểm tự chấm;Điểm thẩm định;Điểm tối đa\n"
                    "C1;2023;U01;TC01;9,5;8,75;10\n", encoding="utf-8")
    df = te.load_records(path, "cluster_scores")
    assert df.loc[0, "self_score"] == 9.5 and df.loc[0, "verified_score"] == 8.75


def test_nfd_input_is_normalised(tmp_path):
    path = tmp_path / "nfd.csv"
    path.write_text(unicodedata.normalize("NFD", _csv_text()), encoding="utf-8")
    _check(te.load_records(path, "personnel"))


def test_headers_without_diacritics_and_in_english(tmp_path):
    folded = ["Ma can bo", "MA DON VI", "nam", "chuc vu", "gioi tinh", "khu vuc", "loai dia ban", "xep loai",
              "Ghi chú"]
    path = tmp_path / "folded.csv"
    path.write_text(_csv_text(header=folded), encoding="utf-8")
    _check(te.load_records(path, "personnel"))
    english = list(EXPECTED.columns[:-1]) + ["Ghi chú"]
    path.write_text(_csv_text(header=english), encoding="utf-8")
    _check(te.load_records(path, "personnel"))


def _tcvn3(text: str) -> str:
    """A tiny independent TCVN3 encoder for the letters of ROWS (byte values from TCVN 5712:1993 VN3)."""
    table = {"à": "\xb5", "ã": "\xb7", "á": "\xb8", "ạ": "\xb9", "â": "\xa9", "ầ": "\xc7", "ấ": "\xca",
             "ậ": "\xcb", "đ": "\xae", "Đ": "\xa7", "ê": "\xaa", "ệ": "\xd6", "í": "\xdd", "ì": "\xd7",
             "ó": "\xe3", "ò": "\xdf", "ô": "\xab", "ố": "\xe8", "ồ": "\xe5", "ộ": "\xe9", "ơ": "\xac",
             "ớ": "\xed", "ờ": "\xea", "ợ": "\xee", "ư": "\xad", "ườ": "\xad\xea", "ữ": "\xf7", "ự": "\xf9",
             "ụ": "\xf4", "ú": "\xf3", "ũ": "\xf2", "ă": "\xa8", "ắ": "\xbe", "ặ": "\xc6", "é": "\xd0",
             "ế": "\xd5", "ề": "\xd2", "ể": "\xd3", "ị": "\xde", "ỉ": "\xd8", "ý": "\xfd", "ủ": "\xf1",
             "ở": "\xeb", "ổ": "\xe6", "ả": "\xb6", "ẩ": "\xc8", "ọ": "\xe4", "ỏ": "\xe1", "ứ": "\xf8",
             "ừ": "\xf5", "ử": "\xf6", "ờ": "\xea", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4"}
    table.pop("ườ")
    table.pop("ờ")
    out = []
    for ch in text:
        if ch in table:
            out.append(table[ch])
        elif ch.isupper() and ch.lower() in table and ch not in "ÂÊÔ":
            # .VnTime has no capitals with tones: typists used the lowercase code of an
            # ASCII capital where possible; our sample keeps capitals ASCII.
            raise ValueError(f"no TCVN3 capital for {ch!r}")
        else:
            out.append(ch)
    return "".join(out)


def _ascii_capitals(rows: list[list[str]]) -> list[list[str]]:
    """Replace the few capitals with diacritics (absent from TCVN3 ABC) by lowercase words."""
    fixes = {"Đặc biệt khó khăn": "đặc biệt khó khăn", "Nữ": "nữ"}
    return [[fixes.get(c, c) for c in r] for r in rows]


@pytest.mark.parametrize("container", ["csv-cp1252", "xlsx"])
def test_tcvn3_text_is_converted(tmp_path, container):
    rows = _ascii_capitals(ROWS)
    legacy_rows = [[_tcvn3(c) for c in r] for r in rows]
    if container == "xlsx":
        path = tmp_path / "tcvn3.xlsx"
        book = Workbook()
        for r in [HEADER, *legacy_rows]:
            book.active.append(r)
        book.save(path)
    else:
        path = tmp_path / "tcvn3.csv"
        legacy_header = [_tcvn3(h) for h in HEADER]
        path.write_bytes(_csv_text(header=legacy_header, rows=legacy_rows).encode("cp1252"))
    _check(te.load_records(path, "personnel"))


def test_tcvn3_anchor_examples_in_a_file(tmp_path):
    path = tmp_path / "units.csv"
    text = "Mã đơn vị,Huyện,Cấp,Khu vực,Loại địa bàn\nU1,Hµ Néi,Tỉnh,Nhà nước,Bình thường\n" \
           "U2,Thµnh phè Hå ChÝ Minh,Tỉnh,Nhà nước,Bình thường\n"
    path.write_text(text, encoding="utf-8")
    df = te.load_records(path, "units")
    assert df["district"].tolist() == ["Hà Nội", "Thành phố Hồ Chí Minh"]


def test_vni_text_is_converted(tmp_path):
    path = tmp_path / "criteria.csv"
    path.write_bytes("movement_id,criterion_id,text\nM01,TC1,Tyû leä khen thöôûng\n".encode("cp1252"))
    df = te.load_records(path, "criteria")
    assert df.loc[0, "text"] == "Tỷ lệ khen thưởng"




def test_xlsx_chosen_sheet_title_rows_and_real_dates(tmp_path):
    path = tmp_path / "khen_thuong.xlsx"
    header = ["STT", "Số quyết định", "Ngày quyết định", "Năm", "Cấp khen", "Hình thức", "Đối tượng",
              "Mã đối tượng", "Mã đơn vị", "Chức vụ", "Giới tính", "Khu vực", "Loại địa bàn", "Đột xuất"]
    rows = [
        ["UBND TỈNH AN PHÚ"], ["DANH SÁCH KHEN THƯỞNG NĂM 2023"], [],
        header,
        [1, "12/QĐ-UBND", dt.datetime(2023, 3, 15), 2023, "Cơ sở", "Giấy khen", "Cá nhân", "P001", "U01",
         "Trực tiếp", "Nữ", "Nhà nước", "Bình thường", None],
        [2, "13/QĐ-UBND", "20/04/2023", 2023, "Tỉnh", "Bằng khen của Chủ tịch UBND tỉnh (bộ, ngành)",
         "Tập thể", "U02", "U02", None, None, "Ngoài nhà nước", "Vùng khó khăn", "x"],
        ["Tổng cộng", None, None, None, None, None, None, None, None, None, None, None, None, None],
    ]
    write_workbook(path, {"Ghi chú": [["Sheet khác"]], "Khen thưởng 2023": rows})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = te.load_records(path, "rewards", sheet="khen thuong 2023")
    assert any("total row" in str(w.message) for w in caught)
    assert df["decision_date"].tolist() == [pd.Timestamp(2023, 3, 15), pd.Timestamp(2023, 4, 20)]
    assert df["form"].tolist() == ["giay_khen", "bang_khen_tinh"]
    assert df["level"].tolist() == ["grassroots", "ministry_province"]
    assert df["ad_hoc"].tolist() == [False, True]
    assert df["recipient_type"].tolist() == ["individual", "collective"]
    assert df.attrs["sheet"] == "Khen thưởng 2023"
    with pytest.warns(te.DataQualityWarning, match="total row"):
        assert te.load_records(path, "rewards", sheet=1).shape == df.shape


def test_dates_in_many_spellings(tmp_path):
    path = tmp_path / "inspections.csv"
    path.write_text(
        "Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục\n"
        "U1,2023-03-15,Tỉnh,M1,1,1\nU1,15/03/2023,Tỉnh,M1,1,1\nU1,15-03-2023,Tỉnh,M1,1,1\n"
        "U1,15.3.2023,Tỉnh,M1,1,1\nU1,ngày 15 tháng 3 năm 2023,Tỉnh,M1,1,1\nU1,45000,Tỉnh,M1,1,1\n",
        encoding="utf-8")
    dates = te.load_records(path, "inspections")["date"].tolist()
    assert dates[:5] == [pd.Timestamp(2023, 3, 15)] * 5
    assert dates[5] == pd.Timestamp(2023, 3, 15)  # Excel serial 45000 is 15 March 2023


def test_one_month_first_date_does_not_flip_the_column(tmp_path):
    """03/25 can only be 25 March; 04/05 stays 4 May (Vietnamese order), with a warning naming row 2."""
    path = tmp_path / "inspections.csv"
    path.write_text("Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục\n"
                    "U1,03/25/2023,Tỉnh,M1,1,1\nU1,04/05/2023,Tỉnh,M1,1,1\n", encoding="utf-8")
    with pytest.warns(te.DataQualityWarning, match=r"'03/25/2023' \(row 2\)"):
        dates = te.load_records(path, "inspections")["date"].tolist()
    assert dates == [pd.Timestamp(2023, 3, 25), pd.Timestamp(2023, 5, 4)]


def test_personal_data_is_dropped_with_a_warning(tmp_path):
    path = tmp_path / "personnel.csv"
    header = HEADER[:-1] + ["Họ và tên", "Liên hệ"]
    rows = [r[:-1] + ["Nguyễn Thị A", "0912 345 678"] for r in ROWS]
    path.write_text(_csv_text(header=header, rows=rows), encoding="utf-8")
    with pytest.warns(te.DataQualityWarning, match="Họ và tên, Liên hệ"):
        df = te.load_records(path, "personnel")
    assert "Họ và tên" not in df.columns and "Liên hệ" not in df.columns
    assert "Nguyễn Thị A" not in df.to_string()
    with pytest.warns(te.DataQualityWarning, match="Never publish them"):
        kept = te.load_records(path, "personnel", personal_data="keep")
    assert "Họ và tên" in kept.columns


def test_item_columns_become_numbers_and_missing_codes(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("respondent_id,unit_id,district,level,position_group,gender,sector,aw1,aw2,note\n"
                    "S1,U1,An Phú,xã,trực tiếp,nam,nhà nước,4,99,a\n"
                    "S2,U1,An Phú,xã,lãnh đạo,nữ,nhà nước,,3,b\n", encoding="utf-8")
    df = te.load_records(path, "staff_responses", missing_codes=[99])
    assert str(df["aw1"].dtype) == "Int64" and df["aw1"].isna().tolist() == [False, True]
    assert df["aw2"].isna().tolist() == [True, False]
    assert df["note"].tolist() == ["a", "b"]


def test_input_file_is_not_modified(tmp_path):
    path = tmp_path / "personnel.csv"
    path.write_bytes(_csv_text().encode("utf-8-sig"))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    te.load_records(path, "personnel")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["personnel.csv"]


def test_validate_in_memory_frame_reports_rows_as_in_a_sheet():
    df = pd.DataFrame({"person_id": ["P1", "P2"], "unit_id": ["U1", "U1"], "year": [2023, 2023],
                       "position_group": ["leader", "guard"], "gender": ["male", "male"],
                       "sector": ["state", "state"], "area_type": ["normal", "normal"],
                       "annual_rating": ["good", "good"]})
    with pytest.raises(te.InvalidCategoryError, match=r"'guard' \(row 3\)"):
        te.validate(df, "personnel")


def test_explicit_header_row_and_out_of_range(tmp_path):
    path = tmp_path / "personnel.csv"
    path.write_text("Danh sách cán bộ\n" + _csv_text(), encoding="utf-8")
    _check(te.load_records(path, "personnel", header_row=2))
    with pytest.raises(te.HeaderNotFoundError, match="header_row=40"):
        te.load_records(path, "personnel", header_row=40)


def test_xlsx_with_wrong_recorded_dimension(tmp_path):
    """Some exporters write <dimension ref="A1"/>; every row and column must still be read."""
    import zipfile

    good = tmp_path / "good.xlsx"
    write_workbook(good, {"Sheet1": [HEADER, *ROWS]})
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]+"\s*/>', b'<dimension ref="A1"/>', data)
                assert b'<dimension ref="A1"/>' in data
            dst.writestr(item, data)
    _check(te.load_records(bad, "personnel"))
