"""The tdkt-eval command line: commands, exit codes, English and Vietnamese help and messages."""

from __future__ import annotations

import importlib
import shutil
import sys
import types
import unicodedata
from pathlib import Path

import pytest

from tdkt_eval.errors import InvalidParameterError, MissingColumnError
from tdkt_eval.cli import main
from tdkt_eval.i18n import LABELS

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"

# argparse's fixed English texts, and ours, that must not survive in Vietnamese help
ENGLISH_HELP = ("usage:", "options", "positional arguments", "show this help message", "default", "Exit codes",
                "commands", "folder", "language")


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch, tmp_path):
    """The language and progress settings of the machine running the tests do not leak in;
    files written relative to the working directory (validate's problems list) land in tmp_path."""
    monkeypatch.delenv("TDKT_LANG", raising=False)
    monkeypatch.delenv("TDKT_PROGRESS", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # a locale that names no language
    monkeypatch.chdir(tmp_path)


class _Calls(list):
    """The calls of the fake build_report, as ((data_dir, out_dir), options); ``error`` makes it raise."""

    error: BaseException | None = None


@pytest.fixture
def fake_report(monkeypatch):
    """Replace tdkt_eval.reporting.build_report (with its signature) by a fake that records its calls."""
    calls = _Calls()

    def build_report(data_dir, out_dir, *, lang="vi", k_min=5, movement=None, years=None, progress=None):
        calls.append(((data_dir, out_dir), dict(lang=lang, k_min=k_min, movement=movement, years=years,
                                                progress=progress)))
        if calls.error is not None:
            raise calls.error
        return Path(out_dir) / "report.html"

    try:
        module = importlib.import_module("tdkt_eval.reporting")
    except ImportError:  # the reporting package is not written yet
        module = types.ModuleType("tdkt_eval.reporting")
        monkeypatch.setitem(sys.modules, "tdkt_eval.reporting", module)
    monkeypatch.setattr(module, "build_report", build_report, raising=False)
    return calls


# ---------------------------------------------------------------------------------------------- validate
def test_validate_ok_folder(small_campaign, capsys):
    assert main(["validate", str(small_campaign)]) == 0
    out = capsys.readouterr().out
    assert "khen_thuong.csv → Rewards (3 rows)" in out
    assert "0 with errors" in out


def test_validate_reports_problem_row_and_fix(small_campaign, capsys):
    (small_campaign / "ket_qua_cum.csv").write_text(
        "Cụm,Năm,Mã đơn vị,Tổng điểm,Xếp hạng,Cờ thi đua\nC1,2023,U1,95,1,x\nC1,2023,U1,90,2,\n",
        encoding="utf-8")
    assert main(["validate", str(small_campaign)]) == 1
    out = capsys.readouterr().out
    assert "[ERROR" in out and "rows 2, 3" in out and "Fix:" in out


def test_validate_demo_data_exits_0(capsys):
    assert main(["validate", str(DEMO)]) == 0
    lines = capsys.readouterr().out.splitlines()
    statuses = [line.split("]")[0] for line in lines if line.startswith("[")]
    used = [s for s in statuses if s != "[NOT USED"]
    assert len(used) == 13 and set(used) == {"[OK      "}
    assert any("units.csv → Units (291 rows)" in line for line in lines)  # 102 current, 189 former communes
    assert any(line.startswith("[NOT USED] planted.csv: ") for line in lines)  # not a table, and said so
    assert lines[-1].endswith("13 files or sheets checked, 0 with errors, 0 with warnings.")


def _broken_demo(tmp_path: Path) -> Path:
    """A copy of the demo data whose cluster_results.csv repeats its first record at the end."""
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    path = folder / "cluster_results.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    return folder


def test_validate_broken_copy_names_the_file_and_the_fix(tmp_path, capsys):
    folder = _broken_demo(tmp_path)
    n_rows = len((folder / "cluster_results.csv").read_text(encoding="utf-8").splitlines())
    assert main(["validate", str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("[ERROR"))
    assert "cluster_results.csv" in lines[at]
    assert lines[at + 1].strip().startswith("✗ column 'cluster_id', rows 2, ") and f"rows 2, {n_rows}" in lines[at + 1]
    assert lines[at + 2].strip().startswith("Fix:") and "delete the repeated rows" in lines[at + 2]
    assert sum(line.startswith("[ERROR") for line in lines) == 1
    assert "1 with errors" in lines[-1]


def test_validate_in_vietnamese(tmp_path, capsys):
    folder = _broken_demo(tmp_path)
    assert main(["validate", str(folder), "--lang", "vi"]) == 1
    out = capsys.readouterr().out
    assert "[LỖI" in out and "[ĐẠT" in out and "Cách sửa:" in out and "✗ cột 'cluster_id', dòng 2, " in out
    assert "staff_responses.csv → Khảo sát cán bộ (2.000 dòng)" in out
    assert "Đã kiểm tra 13 tệp hoặc trang tính: 1 có lỗi, 0 có cảnh báo." in out
    assert "[OK" not in out and "Fix:" not in out and "rows)" not in out
    assert unicodedata.is_normalized("NFC", out)


def test_tdkt_lang_is_the_fallback_and_lang_wins(small_campaign, monkeypatch, capsys):
    monkeypatch.setenv("TDKT_LANG", "vi")
    assert main(["validate", str(small_campaign)]) == 0
    assert "Đã kiểm tra" in capsys.readouterr().out
    assert main(["--lang", "en", "validate", str(small_campaign)]) == 0
    assert "files or sheets checked" in capsys.readouterr().out


def test_validate_missing_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "nope' is not a folder" in err and "Traceback" not in err


def test_validate_folder_without_data_files(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    assert "No data files recognised" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------------ report
def test_report_passes_its_options_to_build_report(small_campaign, tmp_path, fake_report, capsys):
    out = tmp_path / "r"
    assert main(["report", str(small_campaign), "--out", str(out), "--lang", "en", "--k-min", "10",
                 "--movement", "M01", "--years", "2021-2023"]) == 0
    (args, options) = fake_report[0]
    assert args == (small_campaign, out)
    assert options == {"lang": "en", "k_min": 10, "movement": "M01", "years": [2021, 2022, 2023],
                       "progress": False}
    assert f"Report written to {out / 'report.html'}" in capsys.readouterr().out


def test_report_defaults(small_campaign, fake_report, capsys):
    assert main(["report", str(small_campaign)]) == 0
    (args, options) = fake_report[0]
    assert args[1] == Path("reports/report")
    assert options == {"lang": "vi", "k_min": 5, "movement": None, "years": None, "progress": False}


@pytest.mark.parametrize(("env", "expected"), [
    ({"TDKT_LANG": "en"}, ("en", "en")),
    ({"TDKT_LANG": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, ("vi", "vi")),  # TDKT_LANG before the locale
    ({"LANG": "vi_VN.UTF-8"}, ("vi", "vi")),
    ({"LANG": "en_GB.UTF-8"}, ("en", "en")),
    ({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, ("vi", "vi")),  # LC_ALL overrides LANG
    ({"LANG": "fr_FR.UTF-8"}, ("en", "vi")),  # another language: messages in English, the report in Vietnamese
    ({"LANG": "C.UTF-8"}, ("en", "vi")),
])
def test_default_language_is_tdkt_lang_then_the_locale_then_vietnamese_for_the_report(
        small_campaign, fake_report, monkeypatch, capsys, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["report", str(small_campaign)]) == 0
    out = capsys.readouterr().out
    interface, report = expected
    assert ("Đã ghi báo cáo vào" in out) is (interface == "vi")
    assert fake_report[0][1]["lang"] == report
    assert main(["--lang", "en" if report == "vi" else "vi", "report", str(small_campaign)]) == 0
    assert fake_report[1][1]["lang"] != report  # the other language is one flag away


def test_a_windows_locale_name_is_read_when_no_posix_variable_is_set(monkeypatch):
    import locale

    from tdkt_eval.i18n import default_lang

    monkeypatch.delenv("LANG", raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *a: ("Vietnamese_Vietnam", "1258"))
    assert default_lang("en") == "vi"
    monkeypatch.setattr(locale, "getlocale", lambda *a: ("English_United States", "1252"))
    assert default_lang("vi") == "en"
    monkeypatch.setattr(locale, "getlocale", lambda *a: (None, None))
    assert default_lang("vi") == "vi"


def test_report_lang_before_the_command_sets_the_report_language(small_campaign, fake_report, capsys):
    assert main(["--lang", "en", "report", str(small_campaign)]) == 0
    assert fake_report[0][1]["lang"] == "en"


@pytest.mark.parametrize(("setting", "expected"), [("1", True), ("0", False)])
def test_report_progress_follows_tdkt_progress(small_campaign, fake_report, monkeypatch, setting, expected, capsys):
    monkeypatch.setenv("TDKT_PROGRESS", setting)
    assert main(["report", str(small_campaign)]) == 0
    assert fake_report[0][1]["progress"] is expected


@pytest.mark.parametrize(("text", "years"), [
    ("2021-2024", [2021, 2022, 2023, 2024]),
    ("2023", [2023]),
    ("2021,2023", [2021, 2023]),
    (" 2023 , 2019 – 2020 ", [2019, 2020, 2023]),
    ("2022,2021-2022", [2021, 2022]),
])
def test_years_are_parsed(small_campaign, fake_report, text, years, capsys):
    if 2023 in years:  # the small campaign's year
        assert main(["report", str(small_campaign), "--years", text]) == 0
        assert fake_report[0][1]["years"] == years
    else:  # years without data are refused before building, and said to be empty
        assert main(["report", str(small_campaign), "--years", text]) == 1
        assert not fake_report and "There are no data for 2021–2022; the data cover 2023." in capsys.readouterr().err


@pytest.mark.parametrize("text", ["abc", "21-24", "2021-", "2021;2022", "", "2021,,2022", "2021-2022-2023"])
def test_bad_years_are_a_usage_error(small_campaign, fake_report, text, capsys):
    assert main(["report", str(small_campaign), "--years", text]) == 2
    err = capsys.readouterr().err
    assert f"argument --years: '{text}' is not a year, a range or a list of years" in err
    assert "write e.g. 2023, 2021-2024 or 2021,2023" in err
    assert fake_report == []


def test_backward_years_say_how_to_write_them(small_campaign, fake_report, capsys):
    assert main(["--lang", "vi", "report", str(small_campaign), "--years", "2024-2021"]) == 2
    assert "khoảng năm '2024-2021' bị đảo ngược; hãy viết 2021-2024." in capsys.readouterr().err


@pytest.mark.parametrize("text", ["0", "-3", "2.5", "x"])
def test_k_min_must_be_a_whole_number_of_at_least_1(small_campaign, fake_report, text, capsys):
    assert main(["report", str(small_campaign), "--k-min", text]) == 2
    assert f"argument --k-min: expected a whole number of at least 1; got '{text}'." in capsys.readouterr().err
    assert fake_report == []


def test_report_missing_folder_is_a_usage_error(tmp_path, fake_report, capsys):
    assert main(["report", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert fake_report == []


def test_report_data_error_exits_1_with_message_and_fix(small_campaign, fake_report, capsys):
    fake_report.error = MissingColumnError("The table has no column 'unit_id'.", fix="Add a column 'Mã đơn vị'.",
                                           source="units.csv")
    assert main(["--lang", "vi", "report", str(small_campaign)]) == 1
    captured = capsys.readouterr()
    assert "tdkt-eval: lỗi: Tệp 'units.csv': The table has no column 'unit_id'." in captured.err
    assert "\nCách sửa: Add a column 'Mã đơn vị'." in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def test_report_refused_option_is_a_usage_error(small_campaign, fake_report, capsys):
    fake_report.error = InvalidParameterError("The 'k_min' parameter must be at most 50. Got 99 instead.")
    assert main(["report", str(small_campaign), "--k-min", "99"]) == 2
    assert "Got 99 instead." in capsys.readouterr().err


def test_an_unknown_movement_is_refused_before_building(small_campaign, fake_report, capsys):
    assert main(["report", str(small_campaign), "--movement", "M09", "--lang", "vi"]) == 2
    assert not fake_report
    assert "không có phong trào 'M09' trong dữ liệu; các mã phong trào có: M01." in capsys.readouterr().err


def test_a_bug_exits_3_with_a_short_message_and_no_traceback(small_campaign, fake_report, capsys):
    fake_report.error = ZeroDivisionError("a bug quoting 'Nguyễn Thị Hoa'")
    assert main(["report", str(small_campaign)]) == 3
    err = capsys.readouterr().err
    assert "internal error (ZeroDivisionError)" in err and "rerun with --debug" in err
    assert "Traceback" not in err and "Nguyễn" not in err  # the bug's text could quote a cell


def test_a_bug_propagates_with_debug(small_campaign, fake_report):
    fake_report.error = ZeroDivisionError("a bug")
    with pytest.raises(ZeroDivisionError):
        main(["report", str(small_campaign), "--debug"])


def test_interrupt_exits_130(small_campaign, fake_report, capsys):
    fake_report.error = KeyboardInterrupt()
    assert main(["report", str(small_campaign)]) == 130
    assert "Interrupted" in capsys.readouterr().err


def test_bad_language_is_refused(small_campaign, fake_report, capsys):
    assert main(["report", str(small_campaign), "--lang", "fr"]) == 2
    assert "argument --lang: invalid choice: 'fr'" in capsys.readouterr().err
    assert fake_report == []


# ---------------------------------------------------------------------------------- usage errors, help
@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["validate"], ["validate", ".", "--extra"],
                                  ["instruments", "check"], ["demo", "--seed", "-1"], ["--lang"]])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tdkt-eval") and "error: " in err


def test_usage_error_in_vietnamese(capsys):
    assert main(["--lang", "vi", "report"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cách dùng: tdkt-eval report")
    assert "tdkt-eval report: lỗi: thiếu tham số bắt buộc: DATA_DIR" in err
    assert "usage" not in err and "error" not in err and "required" not in err


def test_unknown_command_in_vietnamese(capsys):
    assert main(["frobnicate", "--lang", "vi"]) == 2
    assert "lựa chọn không hợp lệ: 'frobnicate' (chọn một trong 'app', 'validate'" in capsys.readouterr().err


def test_help_is_english_by_default(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for text in ("usage: tdkt-eval", "options:", "show this help message and exit", "commands:",
                 "check every file of a data folder against the data contracts", "Exit codes:",
                 "1    the data or forms have problems", "130  interrupted (Ctrl+C)"):
        assert text in " ".join(out.split()) or text in out, text  # help is wrapped to the terminal width
    assert "cách dùng" not in out and "tùy chọn" not in out


@pytest.mark.parametrize("argv", [
    ["--lang", "vi", "--help"],
    ["--help", "--lang", "vi"],
    ["--lang=vi", "-h"],
])
def test_main_help_in_vietnamese(argv, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    for text in ("cách dùng: tdkt-eval", "tùy chọn:", "lệnh:", "hiện trợ giúp này rồi thoát",
                 "hiện số phiên bản rồi thoát", "kiểm tra mọi tệp của một thư mục dữ liệu",
                 "lập báo cáo đánh giá (HTML)", "Mã thoát:", "2    dùng lệnh sai", "130  bị ngắt (Ctrl+C)"):
        assert text in " ".join(out.split()) or text in out, text
    for text in ENGLISH_HELP:
        assert text not in out, text
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(("argv", "expected"), [
    (["--lang", "vi", "report", "--help"], ("các giá trị ghi sau lệnh:", "thư mục chứa các tệp dữ liệu",
                                             "ẩn các ô của bảng mô tả ít hơn N người", "chỉ đánh giá phong trào này",
                                             "các năm đánh giá: 2021-2024", "mặc định: reports/report")),
    (["report", "--lang", "vi", "--help"], ("ngôn ngữ của báo cáo",)),
    (["validate", "-h", "--lang", "vi"], ("kiểm tra mọi tệp", "DATA_DIR")),
    (["instruments", "--lang", "vi", "-h"], ("validate: kiểm tra biểu mẫu; codebook: ghi sổ mã",
                                             "tên biểu mẫu có sẵn", "mặc định: reports/codebooks")),
    (["demo", "-h", "--lang=vi"], ("tạo lại dữ liệu mẫu", "số khởi tạo ngẫu nhiên", "mặc định: 2024")),
])
def test_command_help_in_vietnamese(argv, expected, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())  # help text is wrapped to the terminal width
    assert flat.startswith(f"cách dùng: tdkt-eval {argv[0] if argv[0] != '--lang' else argv[2]}")
    for text in expected + ("hiện trợ giúp này rồi thoát", "tùy chọn:", "Mã thoát:"):
        assert text in flat, text
    for text in ENGLISH_HELP:
        assert text not in out, text


def test_tdkt_lang_sets_the_help_language(monkeypatch, capsys):
    monkeypatch.setenv("TDKT_LANG", "vi_VN.UTF-8")
    assert main(["demo", "--help"]) == 0
    assert "tạo lại dữ liệu mẫu" in capsys.readouterr().out


def test_version(capsys):
    from tdkt_eval import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"tdkt-eval {__version__}"


def test_command_line_labels_are_translated_and_nfc():
    keys = [k for k in LABELS if k.startswith("cli_")]
    assert len(keys) > 30
    for key in keys:
        vi, en = LABELS[key]["vi"], LABELS[key]["en"]
        assert vi != en, key
        assert unicodedata.is_normalized("NFC", vi), key


# ---------------------------------------------------------------------------------- instruments, demo
def test_instruments_validate_and_codebook(tmp_path, capsys):
    assert main(["instruments", "validate"]) == 0
    assert "3 form(s) checked, 0 problem(s)." in capsys.readouterr().out
    assert main(["instruments", "codebook", "citizen", "--out", str(tmp_path), "--lang", "vi"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codebook_citizen.md", "codebook_citizen.xlsx"]
    assert "c_trust1" in (tmp_path / "codebook_citizen.md").read_text(encoding="utf-8")
    assert f"Đã ghi sổ mã vào {tmp_path / 'codebook_citizen.md'}" in capsys.readouterr().out


def test_instruments_validate_reports_a_broken_form(tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "survey"
    for row in (["type", "name", "label::Vietnamese (vi)", "label::English (en)"],
                ["select_one nosuchlist", "q1", "Câu 1", "Question 1"]):
        book.active.append(row)
    book.create_sheet("choices").append(["list_name", "name", "label::Vietnamese (vi)", "label::English (en)"])
    path = tmp_path / "broken.xlsx"
    book.save(path)
    assert main(["instruments", "validate", str(path), "--lang", "vi"]) == 1
    lines = capsys.readouterr().out.splitlines()
    problems = [i for i, line in enumerate(lines) if line.startswith("- ")]
    assert lines[-1] == f"Đã kiểm tra 1 biểu mẫu: {len(problems)} vấn đề."
    at = next(i for i in problems if "'nosuchlist', which is not on the choices sheet" in lines[i])
    assert lines[at + 1] == "  Cách sửa: Add the list 'nosuchlist' to the choices sheet or correct the type."


def test_instruments_missing_form_file_exits_1_without_traceback(tmp_path, capsys):
    assert main(["instruments", "codebook", str(tmp_path / "nope.xlsx"), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tdkt-eval: error: ") and "nope.xlsx" in err and "Traceback" not in err


def test_demo_regenerates_the_demo_data(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--seed", "3", "--lang", "vi"]) == 0
    written = [p for p in out.rglob("*") if p.is_file()]
    assert {"units.csv", "cluster_results.csv", "PLANTED.md"} <= {p.name for p in written}
    assert f"Đã ghi {len(written)} tệp vào {out} với số khởi tạo ngẫu nhiên 3." in capsys.readouterr().out


def test_an_explicit_problems_file_is_always_rewritten_and_written_before_printing(small_campaign, tmp_path, capsys):
    sheet = tmp_path / "van_de.xlsx"
    (small_campaign / "kiem_tra.csv").write_text("Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại\n"
                                                 "U1,31/02/2023,Tỉnh,M01,3\n", encoding="utf-8")
    assert main(["validate", str(small_campaign), "--problems", str(sheet)]) == 1
    assert sheet.stat().st_size > 0
    (small_campaign / "kiem_tra.csv").unlink()
    (small_campaign / "khen_thuong.csv").unlink()  # the personal-data note was its only remark
    assert main(["validate", str(small_campaign), "--problems", str(sheet)]) in (0, 1)
    from openpyxl import load_workbook

    rows = list(load_workbook(sheet).active.values)
    assert not any("31/02/2023" in str(cell) for row in rows for cell in row)  # no stale list from the first run
