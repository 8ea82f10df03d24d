"""Personal data: found by header or content, dropped or pseudonymised on loading, never in a warning."""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import unicodedata
import warnings

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.errors import InvalidParameterError
from tdkt_eval.io.privacy import SALT_VARIABLE, personal_data_columns, pseudonymise

NAMES = ["Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Minh Châu", "Phạm Ngọc Lan", "Huỳnh Tấn Phát", "Đỗ Thị Yến"]
CCCD = ["001089012345", "079190123456", "046201234567", "092087654321", "031300112233", "038095556677"]
CMND = ["012345678", "023456781", "186543297", "034567812", "271234569", "001928374"]
PHONES = ["0912 345 678", "0387.654.321", "+84 983 111 222", "0705123456", "0868 222 333", "0356 789 012"]
EMAILS = ["hoa.nguyen@example.vn", "binh.tran@example.vn", "chau.le@example.com", "lan.pham@example.org",
          "phat.huynh@example.vn", "yen.do@example.vn"]
SALT = "a campaign secret"
PID = re.compile(r"pid_[0-9a-f]{12}")


def flagged(values: list[object], header: str = "cột") -> bool:
    return personal_data_columns({header: values}, set()) == [header]


def reference_code(text: str, salt: bytes) -> str:
    """The keyed hash computed independently of the package."""
    return "pid_" + hmac.new(salt, unicodedata.normalize("NFC", text).encode("utf-8"), hashlib.sha256).hexdigest()[:12]


# ---------------------------------------------------------------- detection
@pytest.mark.parametrize("header", ["Họ và tên", "HO TEN", "Số CMND cũ", "Số CCCD/CMND", "Địa chỉ email", "SĐT",
                                    "Số điện thoại liên hệ", "Số định danh cá nhân", "E-mail"])
def test_personal_headers_are_flagged_whatever_the_cells(header):
    assert flagged(["x", "y"], header)


@pytest.mark.parametrize("header", ["Tên đơn vị", "Ghi chú", "Số lượt điện thoại tiếp nhận", "Điểm"])
def test_ordinary_headers_are_not_flagged(header):
    assert not flagged(["3", "12", "7"], header)


@pytest.mark.parametrize("values", [NAMES, CCCD, CMND, PHONES, EMAILS, PHONES[:3] + EMAILS[:3]],
                         ids=["names", "cccd", "cmnd", "phones", "emails", "contacts"])
def test_content_is_flagged_under_an_innocent_header(values):
    assert flagged(values, "ghi chú")


def test_names_are_found_in_any_normal_form_and_case():
    decomposed = [unicodedata.normalize("NFD", n) for n in NAMES]
    assert flagged(decomposed)
    assert flagged([n.upper() for n in NAMES])
    assert flagged(NAMES + [None, "", float("nan")])


@pytest.mark.parametrize("values", [
    ["UBND xã An Bình", "UBND phường Tân Lập", "Trường THCS Nguyễn Du", "Phòng Nội vụ", "Hội Nông dân huyện"],
    ["Huyện Thạnh Hưng", "Huyện Ngọc Sơn", "Thị xã Phú Mỹ", "Thành phố Tân An"],
    ["Châu Thành", "Châu Phú", "Thạch Thất", "Kim Sơn"],
    ["Lê Lợi"] * 4,  # one value: a street or a namesake, not a roster
    ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen", "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"],
    ["Toàn dân đoàn kết xây dựng đời sống văn hóa", "Dân vận khéo"],
], ids=["units", "districts", "places", "one-street", "reward-forms", "movements"])
def test_unit_and_place_names_are_not_people(values):
    assert not flagged(values)


def test_cccd_needs_a_province_code_and_is_found_when_excel_dropped_the_zero():
    assert not flagged(["003089012345", "099190123456", "097201234567"])  # no province has 003, 097, 099
    assert not flagged(["001489012345", "079790123456"])  # century digits above 3 are not issued
    assert flagged([int(c) for c in CCCD])  # 11-digit numbers: the leading zero lost in Excel


def test_twelve_digit_round_amounts_are_money_not_ids():
    assert not flagged([35_000_000_000, 12_500_000_000, 40_100_000_000])
    assert not flagged(["031000000000", "046200000000", "079500000000"])


def test_nine_digit_ids_with_leading_zeros_are_flagged_even_when_repeated():
    # A roster over several years repeats each person's number.
    assert flagged(["012345678", "023456781", "034567812"] * 5)


def test_nine_digit_ids_that_never_repeat_are_flagged():
    assert flagged(["186543297", "271234569", "312987645", "245618937", "198273645"])
    assert flagged([186543297, 271234569, 312987645])  # numbers in a workbook


@pytest.mark.parametrize("values", [
    [150_000_000, 275_500_000, 320_000_000, 118_750_000, 402_000_000],  # bonuses in đồng: round
    ["150000000", "275500000", "320000000", "118750000"],
    [123_456_789.5, 98_765_432.25, 1_234_567_890.0, 45_678_901.75],  # measurements with decimals, mixed lengths
    [318_455_217, 318_455_217, 318_455_217, 402_117_593, 402_117_593, 402_117_593],  # repeated, no leading zero
    [12_345_678, 23_456_789, 34_567_891],  # 8 digits are not a CMND, even with a zero put in front
], ids=["round-numbers", "round-text", "decimals", "repeated", "eight-digits"])
def test_nine_digit_quantities_are_not_ids(values):
    assert not flagged(values)


def test_contract_columns_are_never_flagged():
    columns = {"respondent_id": CCCD, "recipient_id": NAMES, "Họ và tên": NAMES}
    assert personal_data_columns(columns, {"respondent_id", "recipient_id"}) == ["Họ và tên"]


def test_empty_and_ordinary_columns_are_not_flagged():
    assert not flagged([None, "", float("nan")])
    assert not flagged(["1", "2", "3", "4", "5"])
    assert not flagged(["U001", "U002", "U003"])
    assert not flagged(["9428/QĐ-UBND", "4405/QĐ-UBND"])


# ---------------------------------------------------------------- pseudonyms
def test_codes_are_stable_and_opaque():
    codes = pseudonymise(NAMES + CCCD, salt=SALT)
    assert codes == pseudonymise(NAMES + CCCD, salt=SALT)
    assert all(PID.fullmatch(c) for c in codes)
    assert len(set(codes)) == len(codes)
    assert not any(v in c for v in NAMES + CCCD for c in codes)


def test_codes_do_not_depend_on_normal_form_spaces_or_how_a_number_was_stored():
    nfd = unicodedata.normalize("NFD", NAMES[0])
    assert len(set(pseudonymise([NAMES[0], nfd, f"  {NAMES[0]} "], salt=SALT))) == 1
    assert len(set(pseudonymise(["186543297", 186543297, 186543297.0, np.int64(186543297)], salt=SALT))) == 1


def test_codes_depend_on_the_salt():
    assert pseudonymise(NAMES, salt=SALT) != pseudonymise(NAMES, salt=SALT + "!")
    assert pseudonymise(NAMES, salt=SALT) == pseudonymise(NAMES, salt=SALT.encode("utf-8"))


def test_codes_are_hmac_sha256_of_the_nfc_text():
    values = [*NAMES, CCCD[0], unicodedata.normalize("NFD", NAMES[1])]
    assert pseudonymise(values, salt=SALT) == [reference_code(v, SALT.encode()) for v in values]
    assert pseudonymise(["Nguyễn Thị Hoa"], salt=b"\x00\xffkey") == [reference_code("Nguyễn Thị Hoa", b"\x00\xffkey")]


def test_missing_values_stay_missing():
    assert pseudonymise([None, float("nan"), pd.NA, "", "  ", NAMES[0]], salt=SALT)[:5] == [None] * 5


def test_salt_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(SALT_VARIABLE, SALT)
    assert pseudonymise(NAMES, salt=None) == pseudonymise(NAMES, salt=SALT)


@pytest.mark.parametrize("salt", [None, "", b""])
def test_a_missing_salt_is_refused_with_how_to_set_one(monkeypatch, salt):
    monkeypatch.delenv(SALT_VARIABLE, raising=False)
    with pytest.raises(InvalidParameterError, match="needs a salt") as err:
        pseudonymise(NAMES, salt=salt)
    message = str(err.value)
    assert "TDKT_SALT" in message and "salt=" in message and "guess" in message


def test_a_salt_must_be_text_or_bytes():
    with pytest.raises(InvalidParameterError, match="'salt'"):
        pseudonymise(NAMES, salt=1234)


# ---------------------------------------------------------------- loaders
PERSONNEL_HEADER = "Mã cán bộ,Họ và tên,Mã đơn vị,Năm,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Xếp loại,Liên hệ,ghi chú\n"


def _personnel_text(years: tuple[int, ...] = (2023,)) -> str:
    rows = [f"P{i},{NAMES[i]},U{i % 3 + 1},{year},Trực tiếp,Nữ,Nhà nước,Bình thường,HTTNV,{PHONES[i]},{CCCD[i]}\n"
            for year in years for i in range(len(NAMES))]
    return PERSONNEL_HEADER + "".join(rows)


def _rewards_text() -> str:
    head = ("Số quyết định,Ngày quyết định,Năm,Cấp khen,Hình thức,Loại đối tượng,Mã đối tượng,Mã đơn vị,"
            "Khu vực,Loại địa bàn,Họ và tên,Số CCCD\n")
    rows = [f"{10 + i}/QĐ-UBND,2023-05-0{i + 1},2023,Cơ sở,Giấy khen,Cá nhân,P{i},U{i % 3 + 1},Nhà nước,Bình thường,"
            f"{NAMES[i]},{CCCD[i]}\n" for i in range(3)]
    return head + "".join(rows)


def _values_in(messages: list[str]) -> list[str]:
    digits = [re.sub(r"\D", "", v) for v in PHONES + CCCD]
    return [v for v in NAMES + CCCD + PHONES + EMAILS + digits for m in messages if v in m]


@pytest.fixture
def personnel_file(tmp_path):
    path = tmp_path / "personnel.csv"
    path.write_text(_personnel_text(), encoding="utf-8")
    return path


@pytest.fixture
def campaign(tmp_path):
    """A folder with names, phone and CCCD numbers in the roster and the rewards."""
    folder = tmp_path / "campaign"
    folder.mkdir()
    (folder / "personnel.csv").write_text(_personnel_text((2022, 2023)), encoding="utf-8")
    (folder / "rewards.csv").write_text(_rewards_text(), encoding="utf-8-sig")
    return folder


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_load_records_drops_by_default_and_says_which_columns(personnel_file):
    with pytest.warns(te.DataQualityWarning) as caught:
        df = te.load_records(personnel_file, "personnel")
    assert [c for c in ("Họ và tên", "Liên hệ", "ghi chú") if c in df.columns] == []
    assert df.attrs["personal_columns"] == ("Họ và tên", "Liên hệ", "ghi chú")
    message = " ".join(str(w.message) for w in caught)
    assert "dropped" in message and "Họ và tên, Liên hệ, ghi chú" in message
    assert _values_in([message]) == []


def test_load_records_pseudonymises_with_codes_that_match_the_reference(personnel_file):
    with pytest.warns(te.DataQualityWarning, match="pseudonymised column.*Họ và tên, Liên hệ, ghi chú") as caught:
        df = te.load_records(personnel_file, "personnel", personal_data="pseudonymise", salt=SALT)
    assert df["Họ và tên"].tolist() == [reference_code(n, SALT.encode()) for n in NAMES]
    assert df["ghi chú"].tolist() == [reference_code(c, SALT.encode()) for c in CCCD]
    assert _values_in([df.to_csv(), *(str(w.message) for w in caught)]) == []
    assert df["person_id"].tolist() == [f"P{i}" for i in range(len(NAMES))]  # contract columns untouched


def test_missing_markers_stay_missing_when_pseudonymised(tmp_path):
    path = tmp_path / "personnel.csv"
    path.write_text(_personnel_text().replace(NAMES[1], "N/A").replace(NAMES[2], ""), encoding="utf-8")
    with pytest.warns(te.DataQualityWarning):
        df = te.load_records(path, "personnel", personal_data="pseudonymise", salt=SALT)
    assert df["Họ và tên"].isna().tolist() == [False, True, True, False, False, False]


def test_keep_keeps_them_and_still_warns(personnel_file):
    with pytest.warns(te.DataQualityWarning, match="kept column.*Never publish"):
        df = te.load_records(personnel_file, "personnel", personal_data="keep")
    assert df["Họ và tên"].tolist() == NAMES


def test_validate_threads_the_option():
    frame = pd.read_csv(io.StringIO(_personnel_text()), dtype=str)
    with pytest.warns(te.DataQualityWarning):
        out = te.validate(frame, "personnel", personal_data="pseudonymise", salt=SALT)
    assert out["Liên hệ"].tolist() == [reference_code(p, SALT.encode()) for p in PHONES]


@pytest.mark.parametrize("call", [
    lambda path: te.load_records(path / "personnel.csv", "personnel", personal_data="pseudonymise"),
    lambda path: te.load_dataset(path, personal_data="pseudonymise"),
    lambda path: te.load_and_check(path, personal_data="pseudonymise"),
], ids=["load_records", "load_dataset", "load_and_check"])
def test_loaders_refuse_to_pseudonymise_without_a_salt(campaign, monkeypatch, call):
    monkeypatch.delenv(SALT_VARIABLE, raising=False)
    with pytest.raises(InvalidParameterError, match="TDKT_SALT"):
        call(campaign)


def test_an_unknown_option_is_refused(personnel_file):
    with pytest.raises(InvalidParameterError, match="'personal_data' parameter of load_records"):
        te.load_records(personnel_file, "personnel", personal_data="hash")


def test_one_salt_links_people_across_files(campaign):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", te.DataQualityWarning)
        tables = te.load_dataset(campaign, personal_data="pseudonymise", salt=SALT)
    roster, rewards = tables["personnel"], tables["rewards"]
    by_id = dict(zip(roster["person_id"], roster["Họ và tên"]))
    assert all(by_id[p] == code for p, code in zip(rewards["recipient_id"], rewards["Họ và tên"]))
    assert set(rewards["Số CCCD"]) <= set(roster["ghi chú"])  # content-detected in one file, by header in the other


def test_load_and_check_notes_name_columns_and_never_values(campaign, monkeypatch):
    monkeypatch.setenv(SALT_VARIABLE, SALT)
    for option in ("drop", "pseudonymise"):
        tables, checks = te.load_and_check(campaign, personal_data=option)
        assert checks["status"].tolist() == ["warning", "warning"]
        assert all("Họ và tên" in p for p in checks["problem"])
        texts = [checks.to_csv(), *(t.to_csv() for t in tables.values())]
        assert _values_in(texts) == []


def test_inputs_are_unchanged(campaign):
    before = {p.name: _sha256(p) for p in campaign.iterdir()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", te.DataQualityWarning)
        for option in ("drop", "pseudonymise", "keep"):
            te.load_dataset(campaign, personal_data=option, salt=SALT)
    assert {p.name: _sha256(p) for p in campaign.iterdir()} == before


# ---------------------------------------------------------------- surveys
def _staff_with_personal_data(tmp_path):
    """The first rows of the demo staff survey with a name column and CCCD numbers under "ghi chú"."""
    from tdkt_eval.paths import demo_dir

    lines = (demo_dir() / "staff_responses.csv").read_text(encoding="utf-8").splitlines()[:7]
    extra = ["Họ và tên,ghi chú"] + [f"{n},{c}" for n, c in zip(NAMES, CCCD)]
    path = tmp_path / "staff.csv"
    path.write_text("\n".join(f"{a},{b}" for a, b in zip(lines, extra)) + "\n", encoding="utf-8")
    return path


def test_survey_columns_of_personal_data_are_dropped_not_refused(tmp_path):
    path = _staff_with_personal_data(tmp_path)
    before = _sha256(path)
    with pytest.warns(te.DataQualityWarning, match="dropped column.*Họ và tên, ghi chú") as caught:
        df = te.load_survey(path, "staff", kind="staff_responses")
    assert "Họ và tên" not in df.columns and "ghi chú" not in df.columns and len(df) == 6
    assert df.attrs["personal_columns"] == ("Họ và tên", "ghi chú")
    assert _values_in([str(w.message) for w in caught]) == []
    assert _sha256(path) == before


@pytest.mark.parametrize("kind", [None, "staff_responses"])
def test_survey_columns_can_be_pseudonymised(tmp_path, kind):
    path = _staff_with_personal_data(tmp_path)
    with pytest.warns(te.DataQualityWarning, match="pseudonymised"):
        df = te.load_survey(path, "staff", kind=kind, personal_data="pseudonymise", salt=SALT)
    assert df["Họ và tên"].tolist() == [reference_code(n, SALT.encode()) for n in NAMES]
    assert list(df.columns[-2:]) == ["Họ và tên", "ghi chú"]
    assert _values_in([df.to_csv()]) == []


def test_survey_loader_refuses_to_pseudonymise_without_a_salt(tmp_path, monkeypatch):
    monkeypatch.delenv(SALT_VARIABLE, raising=False)
    with pytest.raises(InvalidParameterError, match="needs a salt"):
        te.load_survey(_staff_with_personal_data(tmp_path), "staff", personal_data="pseudonymise")
