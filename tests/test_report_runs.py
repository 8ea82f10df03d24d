"""The report command on partial and faulty folders: it builds what it can and says what it left out.

Each case builds a real report (about 15 s), so there are only two: records only with a broken
file, and surveys only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tdkt_eval.cli import main
from tdkt_eval.paths import demo_dir


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch):
    monkeypatch.delenv("TDKT_LANG", raising=False)
    monkeypatch.delenv("TDKT_PROGRESS", raising=False)


def _copy(folder: Path, *names: str) -> Path:
    folder.mkdir()
    for name in names:
        shutil.copy(demo_dir() / name, folder / name)
    return folder


def test_records_only_with_a_broken_file_builds_the_rest_and_exits_1(tmp_path, capsys):
    folder = _copy(tmp_path / "ho_so", "units.csv", "rewards.csv", "workforce.csv", "movements.csv")
    (folder / "reports.csv").write_text("Mã đơn vị,Năm,Loại báo cáo,Nội dung báo cáo\n"
                                        "U001,2023,Tổng kết,Năm 2023 đơn vị đã hoàn thành\n"
                                        "U002,năm ngoái,Sơ kết,Sáu tháng đầu năm\n", encoding="utf-8")
    out = tmp_path / "bao_cao"
    assert main(["report", str(folder), "--out", str(out), "--lang", "vi"]) == 1
    captured = capsys.readouterr()
    assert (out / "report.html").is_file()
    assert "chưa đầy đủ" in captured.err and "Traceback" not in captured.err + captured.out
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "reports.csv" in page and "năm ngoái" in page  # the problem is listed on the page
    assert "Khen thưởng" in page


def test_surveys_only_builds_a_report(tmp_path, capsys):
    folder = _copy(tmp_path / "khao_sat", "staff_responses.csv", "citizen_responses.csv")
    out = tmp_path / "bao_cao"
    assert main(["report", str(folder), "--out", str(out), "--lang", "vi"]) == 0
    assert (out / "report.html").is_file()
    assert "Traceback" not in capsys.readouterr().err
