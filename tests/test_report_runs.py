"""The report command on partial and faulty folders: it builds what it can and says what it left out.

A real build takes about 15 s, so only the surveys-only folder is built here; the page of a
folder with a broken file is checked in tests/test_report.py (``small_reports``), and the exit
code after such a build here with the build replaced by a stand-in.
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


def test_records_only_with_a_broken_file_builds_the_rest_and_exits_1(tmp_path, capsys, monkeypatch):
    import tdkt_eval.reporting

    built = []

    def build_report(data_dir, out_dir, **options):  # stands in for the 15-s build
        built.append(data_dir)
        Path(out_dir).mkdir(parents=True)
        return (Path(out_dir) / "report.html").resolve()

    monkeypatch.setattr(tdkt_eval.reporting, "build_report", build_report)
    folder = _copy(tmp_path / "ho_so", "units.csv", "rewards.csv", "workforce.csv", "movements.csv")
    (folder / "reports.csv").write_text("Mã đơn vị,Năm,Loại báo cáo,Nội dung báo cáo\n"
                                        "U001,2023,Tổng kết,Năm 2023 đơn vị đã hoàn thành\n"
                                        "U002,năm ngoái,Sơ kết,Sáu tháng đầu năm\n", encoding="utf-8")
    out = tmp_path / "bao_cao"
    assert main(["report", str(folder), "--out", str(out), "--lang", "vi"]) == 1
    captured = capsys.readouterr()
    assert built == [folder]  # built all the same, then told
    assert "Đã ghi báo cáo" in captured.out
    assert "chưa đầy đủ: dữ liệu còn 1 lỗi" in captured.err and "Traceback" not in captured.err + captured.out


def test_surveys_only_builds_a_report(tmp_path, capsys):
    """A council's two Kobo exports and nothing else (40 staff answers: too few for some statistics)."""
    folder = Path(__file__).parent / "council" / "10_chi_khao_sat"
    out = tmp_path / "bao_cao"
    assert main(["report", str(folder), "--out", str(out), "--lang", "vi"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Traceback" not in capsys.readouterr().err
    assert "Một phần không tính được do dữ liệu" in page  # the singular KMO became a note, in Vietnamese
    assert "Ma trận tương quan của các câu bị suy biến" in page
