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
