"""Shared fixtures: a small campaign folder written the way a council office would."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import os
import warnings
from pathlib import Path

import pytest

NAMES = ("Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Minh Châu")


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8-sig") -> None:
    (folder / name).write_bytes(text.encode(encoding))


@pytest.fixture(autouse=True)
def _neutral_language_settings(monkeypatch):
    """Every test starts from the same language settings, whatever the machine's locale:
    no TDKT_LANG, and a C.UTF-8 locale (so defaults follow the code, not the developer's desk)."""
    for name in ("TDKT_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def write_small_campaign(folder: Path) -> Path:
    """Five tables with Vietnamese headers and values, names in the roster, one per encoding."""
    folder.mkdir(parents=True)
    _write(folder, "don_vi.csv",
           "Mã đơn vị,Tên đơn vị,Huyện,Cấp,Khu vực,Loại địa bàn,Cụm\n"
           "U1,UBND xã An Bình,Huyện An Phú,Xã,Nhà nước,Bình thường,C1\n"
           "U2,UBND xã Tân Lập,Huyện An Phú,Xã,Nhà nước,Vùng khó khăn,C1\n"
           "U3,Phòng Nội vụ,Huyện Kim Sơn,Huyện,Nhà nước,Bình thường,C1\n")
    _write(folder, "nhan_su.csv",
           "Mã cán bộ,Họ và tên,Mã đơn vị,Năm,Chức vụ,Giới tính,Khu vực,Loại địa bàn,Xếp loại\n"
           + "".join(f"P{i},{NAMES[i % 3]},U{i % 3 + 1},2023,{pos},{sex},Nhà nước,Bình thường,HTTNV\n"
                     for i, (pos, sex) in enumerate([("Lãnh đạo", "Nam"), ("Trực tiếp", "Nữ"),
                                                     ("Trực tiếp", "Nam"), ("Quản lý", "Nữ")])),
           encoding="utf-16")
    _write(folder, "khen_thuong.csv",
           "Số quyết định;Ngày quyết định;Năm;Cấp khen;Hình thức;Đối tượng;Mã đối tượng;Mã đơn vị;"
           "Chức vụ;Giới tính;Khu vực;Loại địa bàn\n"
           "12/QĐ-UBND;15/03/2023;2023;Cơ sở;Giấy khen;Cá nhân;P0;U1;Lãnh đạo;Nam;Nhà nước;Bình thường\n"
           "12/QĐ-UBND;15/03/2023;2023;Cơ sở;Giấy khen;Cá nhân;P1;U2;Trực tiếp;Nữ;Nhà nước;Bình thường\n"
           "40/QĐ-UBND;20/12/2023;2023;Tỉnh;Bằng khen tỉnh;Tập thể;U3;U3;;;Nhà nước;Bình thường\n")
    _write(folder, "kiem_tra.csv",
           "Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục\n"
           "U1,12/05/2023,Tỉnh,M01,3,2\nU3,13/06/2023,Huyện,M01,1,1\n")
    _write(folder, "ket_qua_cum.csv",
           "Cụm,Năm,Mã đơn vị,Tổng điểm,Xếp hạng,Cờ thi đua\n"
           "C1,2023,U1,95,1,x\nC1,2023,U2,90,2,\nC1,2023,U3,88,3,\n")
    return folder


@pytest.fixture
def small_campaign(tmp_path: Path) -> Path:
    """A small campaign folder (see :func:`write_small_campaign`)."""
    return write_small_campaign(tmp_path / "campaign")


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory) -> dict[str, Path]:
    """The demo report built once per test run in each language: lang → output folder (read only).

    Under pytest-xdist the workers share one build: the first to ask builds into the run's common
    temporary folder while holding a lock, the others wait and reuse it (a build takes about 15 s).
    """
    import fcntl

    from tdkt_eval.paths import demo_dir
    from tdkt_eval.reporting import build_report

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers of this run share
    out = {lang: shared / f"demo_report_{lang}" for lang in ("vi", "en")}
    with open(shared / "demo_report.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for lang, folder in out.items():
            if not (folder / "report.html").exists():
                build_report(demo_dir(), folder, lang=lang)
    return out


def folder_fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder``."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def no_show(monkeypatch):
    """Plot tests: plt.show() must never be called; figures are closed afterwards (Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def refuse(*args, **kwargs):
        raise AssertionError("plt.show() must not be called")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


def glyph_warnings(fig) -> list[str]:
    """Draw ``fig`` and return matplotlib's "Glyph … missing from font" warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


# ---------------------------------------------------------------- helpers shared by the file tests
def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx with one sheet per entry (name → rows), written the way openpyxl writes it."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def sha256_of(path: Path) -> str:
    """The file's SHA-256, to prove an input was not changed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_cases(corpus: Path) -> list[dict[str, str]]:
    """The rows of a bad-input corpus's ``cases.csv``."""
    with open(corpus / "cases.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def corpus_files(corpus: Path, script: str) -> dict[str, bytes]:
    """What the corpus's generator ``script`` writes (``corpus()``: file name → bytes), checked against the files.

    Every file on disk equals what the script makes now, and every file has a case in ``cases.csv``.
    """
    spec = importlib.util.spec_from_file_location(Path(script).stem, corpus / script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    files = module.corpus()
    assert {c["file"] for c in read_cases(corpus)} == set(files)
    for name, data in files.items():
        assert (corpus / name).read_bytes() == data, name
    return files

