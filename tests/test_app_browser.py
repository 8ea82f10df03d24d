"""The council app in a real browser: ``tdkt-eval app`` started as a user starts it, driven in headless Chromium.

The files are chosen through the page's own file dialogue (the browser answers it), buttons are
clicked with the mouse, and the report zip is downloaded by the browser.  One run takes the demo
folder to a built report; another drops a broken council folder and reads the Vietnamese problem
list.  Screenshots of each step go to ``$TDKT_SCREENSHOTS`` when it is set (``make screenshots``
writes the user guides' pictures, docs/img/app-*.png), else to a temporary folder.

Without Chromium the tests skip and say how to install it (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from browser import Browser, find_chromium
from test_council import CORPUS

from tdkt_eval.paths import demo_dir

pytestmark = pytest.mark.skipif(find_chromium() is None, reason=(
    "chromium not found: install Debian's chromium (apt-get install chromium) or set TDKT_CHROMIUM"))

WIDTH, HEIGHT = 1200, 900


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """``tdkt-eval app --no-browser``: its address, its temporary folder, and the seconds it took to listen."""
    tmp = tmp_path_factory.mktemp("app-tmp")  # the session folder is made here, so its removal can be seen
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "tdkt_eval.cli", "app", "--no-browser", "--lang", "vi"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(tmp)})
    ready, _, _ = select.select([process.stdout], [], [], 120)
    line = process.stdout.readline() if ready else ""
    url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
    if not url:
        process.kill()
        pytest.fail(f"tdkt-eval app did not print its address: {line!r} {process.stderr.read()[-2000:]}")
    yield url[0], tmp, time.monotonic() - start
    process.send_signal(signal.SIGINT)  # Ctrl+C
    assert process.wait(timeout=60) == 0
    assert not [p for p in tmp.iterdir() if p.name.startswith("tdkt-app-")], "the session folder was left behind"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("TDKT_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser():
    with Browser(timeout=120) as chromium:
        yield chromium


def _open(browser: Browser, url: str) -> str:
    tab = browser.open(url, width=WIDTH, height=HEIGHT)
    browser.wait_until(tab, "!!document.querySelector('.tdkt-upload')", timeout=90, what="the app's page")
    return tab


def _text(browser: Browser, tab: str, selector: str) -> str:
    return browser.evaluate(tab, f"(document.querySelector({selector!r}) || {{innerText: ''}}).innerText")


def _shot(browser: Browser, tab: str, step: str, path: Path) -> None:
    """The viewport with the step's heading at the top."""
    browser.evaluate(tab, f"document.querySelector('#step-{step}').scrollIntoView({{block: 'start'}})")
    time.sleep(0.3)
    browser.capture(tab, path, full_page=False)


def test_demo_from_files_to_report(app, browser, shots, tmp_path):
    url, _, listening = app
    start = time.monotonic()
    tab = _open(browser, url)
    files = sorted(p for p in demo_dir().iterdir() if p.is_file())
    browser.choose_files(tab, ".tdkt-upload", files)
    browser.wait_until(tab, "!!document.querySelector('#table-sources')", what="the list of files")

    sources = _text(browser, tab, "#table-sources")
    assert "rewards.csv\t\tKhen thưởng" in sources and "PLANTED.md" in sources and "Không dùng" in sources
    assert "0 có lỗi, 0 có cảnh báo" in _text(browser, tab, ".tdkt-app")
    _shot(browser, tab, "data", shots / "app-1-du-lieu.png")

    browser.click(tab, ".tdkt-title input")
    browser.call("Input.insertText", tab, text="Sơ kết phong trào thi đua 2021–2026")
    browser.call("Input.dispatchKeyEvent", tab, type="keyDown", key="Tab", code="Tab")
    _shot(browser, tab, "settings", shots / "app-3-thiet-lap.png")

    browser.click(tab, ".tdkt-build-button")
    browser.wait_until(tab, "document.querySelector('.tdkt-step').innerText.includes('Đang tính')",
                       what="the progress line")
    _shot(browser, tab, "report", shots / "app-4a-dang-lap.png")
    browser.wait_until(tab, "!!document.querySelector('#report-summary table, #build-failed')", timeout=180,
                       what="the report")
    built = time.monotonic() - start + listening
    assert not _text(browser, tab, "#build-failed")
    summary = _text(browser, tab, "#report-summary")
    assert "Tóm tắt" in summary and summary.count("\n") > 10
    assert browser.evaluate(tab, "document.querySelectorAll('#report-summary tbody tr').length") >= 10
    _shot(browser, tab, "report", shots / "app-4-bao-cao.png")

    opened = browser.evaluate(tab, "fetch(document.querySelector('#open-report').href)"
                                   ".then(async r => [r.status, await r.text()])")
    assert opened[0] == 200 and "<h1>Sơ kết phong trào thi đua 2021–2026</h1>" in opened[1]

    browser.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(tmp_path))
    browser.click(tab, "a[data-file='bao_cao.zip']")
    deadline = time.monotonic() + 60
    while not (tmp_path / "bao_cao.zip").exists() or list(tmp_path.glob("*.crdownload")):
        assert time.monotonic() < deadline, "the zip was not downloaded"
        time.sleep(0.2)
    with zipfile.ZipFile(tmp_path / "bao_cao.zip") as archive:
        names = archive.namelist()
        assert archive.read("report.html").decode("utf-8") == opened[1]
    assert any(n.startswith("figures/") and n.endswith(".png") for n in names)
    print(f"\napp listening after {listening:.1f} s; report built {built:.1f} s after `tdkt-eval app`")


def test_broken_folder_shows_the_problems_in_vietnamese(app, browser, shots):
    url, _, _ = app
    tab = _open(browser, url)
    browser.click(tab, ".tdkt-clear-button")  # the session folder still holds the demo files
    browser.wait_until(tab, "document.querySelector('.tdkt-app').innerText.includes('Chưa có tệp dữ liệu nào')",
                       what="the emptied folder")
    folder = CORPUS / "26_nhieu_loi_mot_lan"
    browser.choose_files(tab, ".tdkt-upload", sorted(p for p in folder.iterdir() if p.is_file()))
    browser.wait_until(tab, "!!document.querySelector('#table-problems')", what="the problem list")

    problems = _text(browser, tab, "#table-problems")
    for words in ("Tệp", "Cột", "Dòng", "Vấn đề", "Cách sửa", "kiem_tra_2023.xlsx", "31/02/2023",
                  "Ngày kiểm tra", "Số đã khắc phục"):
        assert words in problems, words
    page = _text(browser, tab, ".tdkt-app")
    assert "Traceback" not in page and "Fix:" not in page
    assert browser.evaluate(tab, "!!document.querySelector(\"a[data-file='van_de.xlsx']\")")
    _shot(browser, tab, "check", shots / "app-2-kiem-tra.png")

    browser.click(tab, ".tdkt-language button", text="English")
    browser.wait_until(tab, "document.querySelector('#table-problems').innerText.includes('Problem')",
                       what="the English problem list")
    assert "Build the report" in _text(browser, tab, ".tdkt-build-button")
