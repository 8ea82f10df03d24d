"""The tdkt-eval command line."""

from __future__ import annotations

import pytest

from tdkt_eval.cli import main


def test_validate_ok_folder(small_campaign, capsys):
    assert main(["validate", str(small_campaign)]) == 0
    out = capsys.readouterr().out
    assert "khen_thuong.csv → rewards (3 rows)" in out
    assert "0 with errors" in out


def test_validate_reports_problem_row_and_fix(small_campaign, capsys):
    (small_campaign / "ket_qua_cum.csv").write_text(
        "Cụm,Năm,Mã đơn vị,Tổng điểm,Xếp hạng,Cờ thi đua\nC1,2023,U1,95,1,x\nC1,2023,U1,90,2,\n",
        encoding="utf-8")
    assert main(["validate", str(small_campaign)]) == 1
    out = capsys.readouterr().out
    assert "[ERROR" in out and "rows 2, 3" in out and "Fix:" in out


def test_validate_missing_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 2


def test_report_command_writes_html(small_campaign, tmp_path, capsys):
    assert main(["report", str(small_campaign), "--out", str(tmp_path / "r"), "--lang", "en"]) == 0
    assert (tmp_path / "r" / "report.html").exists()


def test_bad_language_is_refused(small_campaign):
    with pytest.raises(SystemExit):
        main(["report", str(small_campaign), "--lang", "fr"])


def test_instruments_validate_and_codebook(tmp_path, capsys):
    assert main(["instruments", "validate"]) == 0
    assert "3 form(s) checked, 0 problem(s)." in capsys.readouterr().out
    assert main(["instruments", "codebook", "citizen", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codebook_citizen.md", "codebook_citizen.xlsx"]
    assert "c_trust1" in (tmp_path / "codebook_citizen.md").read_text(encoding="utf-8")


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
    assert main(["instruments", "validate", str(path)]) == 1
    assert "nosuchlist" in capsys.readouterr().out
