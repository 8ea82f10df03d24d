"""Browser check: the demo report opened in headless Chromium, one page per language.

The page must load offline (every request a ``data:`` URL or a file in the report's folder, none
failed, no script errors), every image must decode with a non-empty alt text, and the title and
headings must be in the report's language. The language rules are written here from the letters
themselves, not from the package's translation table, so that a wrong table cannot pass its own test.

Without Chromium the browser tests skip; the rule tests and the start-up error tests still run.
"""

from __future__ import annotations

import base64
import re
import shutil
import struct
import unicodedata
import zlib
from pathlib import Path

import pytest
from browser import Browser, BrowserError, PageReport, find_chromium, inspect_page, screenshot

# Letters that English never uses: ă â đ ê ô ơ ư and the vowels with a Vietnamese tone mark (NFC).
_VI_LETTERS = ("ăâđêôơư" "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
VIETNAMESE = re.compile(f"[{_VI_LETTERS}{_VI_LETTERS.upper()}]")

# Vietnamese headings that need no diacritics (acronyms used as section names).
VI_WITHOUT_MARKS = frozenset({"EFA", "ICC", "KMO", "TĐKT"})

# English section names a Vietnamese report must not show (compared case-insensitively).
ENGLISH_HEADINGS = frozenset(s.casefold() for s in (
    "Summary", "Data summary", "Overview", "Introduction", "Methods", "Results", "Data", "Data quality",
    "Data files and validation", "Staff survey", "Citizen survey", "Reliability", "Factor analysis",
    "Rewards", "Commendations", "Inspection", "Inspection and follow-up", "Formality", "Compliance",
    "Emulation clusters and blocs", "Depth", "Perception gap", "Indices", "Figures", "Tables",
    "Appendix", "References", "Notes", "Conclusions", "Limitations"))

CHROMIUM_MISSING = ("chromium not found: install Debian's chromium (apt-get install chromium) "
                    "to run the browser check")


# -- the checks -------------------------------------------------------------------------------------------

def request_problems(page: PageReport, folder: Path) -> list[str]:
    """Failed requests, script errors, and requests that leave the report's folder (network, other files)."""
    problems = [f"request failed: {url[:100]} ({reason})" for url, reason in page.failures]
    problems += [f"script error: {text}" for text in page.exceptions]
    inside = Path(folder).resolve().as_uri() + "/"
    problems += [f"request outside the report's folder: {url[:100]}" for url in page.requests
                 if not (url.startswith("data:") or url.startswith(inside))]
    return problems


def image_problems(page: PageReport) -> list[str]:
    """Images that did not decode (natural width 0) or have no alt text."""
    problems = []
    for number, image in enumerate(page.images, start=1):
        if not image.complete or image.natural_width <= 0:
            problems.append(f"image {number} ({image.src}…) did not load")
        if not (image.alt or "").strip():
            problems.append(f"image {number} ({image.src}…) has no alt text")
    return problems


def language_problems(page: PageReport, lang: str) -> list[str]:
    """Title, ``<html lang>`` and headings that are not in ``lang`` ("vi" or "en")."""
    problems = []
    if page.lang != lang:
        problems.append(f"<html lang> is {page.lang!r}, expected {lang!r}")
    for tag, text in (("title", page.title), *page.headings):
        text = unicodedata.normalize("NFC", text).strip()
        if not text:
            problems.append(f"empty <{tag}>")
        elif lang == "vi" and text.casefold() in ENGLISH_HEADINGS:
            problems.append(f"English <{tag}> in the Vietnamese report: {text!r}")
        elif tag not in ("title", "h1", "h2"):
            continue  # h3 may name a district or a movement; only the English names above are checked
        elif lang == "vi" and not VIETNAMESE.search(text) and text not in VI_WITHOUT_MARKS:
            problems.append(f"<{tag}> has no Vietnamese letter: {text!r}")
        elif lang == "en" and (found := VIETNAMESE.findall(text)):
            problems.append(f"<{tag}> of the English report has Vietnamese letters {''.join(found)}: {text!r}")
    return problems


# -- fixtures and hand-made pages ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(CHROMIUM_MISSING)
    return path


def png(width: int, height: int) -> bytes:
    """A plain-colour RGB PNG, written with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\x1f\x77\xb4" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write_page(folder: Path, body: str, *, lang: str = "vi", title: str = "Báo cáo thử", head: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "report.html"
    page.write_text(f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
                    f"{head}</head>\n<body>{body}</body></html>\n", encoding="utf-8")
    return page


def inline_png(width: int, height: int) -> str:
    return "data:image/png;base64," + base64.b64encode(png(width, height)).decode()


def page_report(headings=(), *, title="Báo cáo", lang="vi") -> PageReport:
    return PageReport(url="file:///r/report.html", title=title, lang=lang, headings=tuple(headings), images=(),
                      scripts=0, external_stylesheets=0, requests=(), failures=(), exceptions=(), seconds=0.0)


# -- the driver and the checks on hand-made pages -----------------------------------------------------------

def test_clean_page_passes_every_check(chromium, tmp_path):
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "figure.png").write_bytes(png(5, 3))
    page = write_page(folder, f'<h1>Tổng quan</h1><h2>Khen thưởng</h2><h3>Huyện An Phú</h3>'
                              f'<img src="{inline_png(4, 3)}" alt="Biểu đồ">'
                              f'<img src="figure.png" alt="Hình 1" loading="lazy" style="margin-top:4000px">')
    seen = inspect_page(page)
    assert (request_problems(seen, folder), image_problems(seen), language_problems(seen, "vi")) == ([], [], [])
    assert [(i.natural_width, i.natural_height) for i in seen.images] == [(4, 3), (5, 3)]
    assert seen.headings == (("h1", "Tổng quan"), ("h2", "Khen thưởng"), ("h3", "Huyện An Phú"))
    assert seen.requests[0] == page.as_uri() and (folder / "figure.png").as_uri() in seen.requests
    assert (seen.scripts, seen.external_stylesheets) == (0, 0)


def test_checks_catch_a_broken_page(chromium, tmp_path):
    """Every planted fault is reported: the checks can fail."""
    (tmp_path / "outside.png").write_bytes(png(2, 2))
    folder = tmp_path / "report"
    page = write_page(folder, '<h1>Summary</h1><h2>Data quality</h2>'
                              '<img src="data:image/png;base64,AAAA" alt="hỏng">'
                              '<img src="missing.png">'
                              '<img src="../outside.png" alt="ngoài thư mục">'
                              '<img src="http://127.0.0.1:59999/x.png" alt="mạng">'
                              '<script>throw new Error("planted")</script>',
                      lang="en", head='<link rel="stylesheet" href="missing.css">')
    seen = inspect_page(page)
    requests = "\n".join(request_problems(seen, folder))
    for fault in ("request failed: " + (folder / "missing.png").as_uri(),
                  "request failed: " + (folder / "missing.css").as_uri(),
                  "outside the report's folder: " + (tmp_path / "outside.png").as_uri(),
                  "outside the report's folder: http://127.0.0.1:59999/x.png",
                  "script error: Error: planted"):
        assert fault in requests
    assert image_problems(seen) == ["image 1 (data:image/png;base64,AAAA…) did not load",
                                    "image 2 (missing.png…) did not load", "image 2 (missing.png…) has no alt text",
                                    "image 4 (http://127.0.0.1:59999/x.png…) did not load"]
    assert language_problems(seen, "vi") == ["<html lang> is 'en', expected 'vi'",
                                             "English <h1> in the Vietnamese report: 'Summary'",
                                             "English <h2> in the Vietnamese report: 'Data quality'"]
    assert (seen.scripts, seen.external_stylesheets) == (1, 1)


def test_a_missing_page_is_an_error(chromium, tmp_path):
    with pytest.raises(BrowserError, match="could not load .*ERR_FILE_NOT_FOUND"):
        inspect_page(tmp_path / "report.html")


def test_browser_stops_and_cleans_up(chromium):
    with Browser() as browser:
        assert "Chrome" in browser.call("Browser.getVersion")["product"]
    assert browser.process.poll() is not None
    assert not Path(browser.profile).exists()


def test_screenshot_has_the_asked_size(chromium, tmp_path):
    page = write_page(tmp_path, "<h1>Tổng quan</h1>")
    shot = screenshot(page, tmp_path / "shot.png", width=400, height=300).read_bytes()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", shot[16:24]) == (400, 300)


def test_a_browser_that_does_not_start_is_a_clear_error(monkeypatch, tmp_path):
    false = shutil.which("false")
    if false is None:
        pytest.skip("no `false` command to stand in for a broken browser")
    monkeypatch.setenv("TDKT_CHROMIUM", false)
    with pytest.raises(BrowserError, match=r"chromium stopped \(exit status 1\) (while waiting for|before) Browser.getVersion"):
        inspect_page(tmp_path / "report.html")
    monkeypatch.setenv("TDKT_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(BrowserError, match="chromium not found"):
        inspect_page(tmp_path / "report.html")


# -- the language rules (no browser needed) ------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "headings", "problems"), [
    ("vi", [("h1", "Tổng quan"), ("h2", "KMO"), ("h3", "Huyen An Phu")], []),
    ("vi", [("h2", "Tong quan")], ["<h2> has no Vietnamese letter: 'Tong quan'"]),
    ("vi", [("h3", "Overview")], ["English <h3> in the Vietnamese report: 'Overview'"]),
    ("vi", [("h2", "")], ["empty <h2>"]),
    ("en", [("h1", "Overview"), ("h3", "Huyện An Phú")], []),
    ("en", [("h2", "KHEN THƯỞNG")], ["<h2> of the English report has Vietnamese letters ƯỞ: 'KHEN THƯỞNG'"]),
    # NFD input (base letter + combining marks) is normalised before matching.
    ("en", [("h2", unicodedata.normalize("NFD", "Tổng quan"))],
     ["<h2> of the English report has Vietnamese letters ổ: 'Tổng quan'"]),
])
def test_language_rules(lang, headings, problems):
    title = "Báo cáo" if lang == "vi" else "Report"
    assert language_problems(page_report(headings, title=title, lang=lang), lang) == problems


def test_language_rules_check_title_and_lang():
    assert language_problems(page_report(title="Report", lang="en"), "vi") == [
        "<html lang> is 'en', expected 'vi'", "<title> has no Vietnamese letter: 'Report'"]
    assert language_problems(page_report(title=" ", lang="vi"), "vi") == ["empty <title>"]


# -- the demo report ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["vi", "en"])
def demo_page(request, chromium, built_reports) -> tuple[str, Path, PageReport]:
    lang = request.param
    folder = Path(built_reports[lang])
    return lang, folder, inspect_page(folder / "report.html")


def test_demo_report_loads_offline(demo_page):
    lang, folder, seen = demo_page
    assert request_problems(seen, folder) == []
    assert seen.requests and seen.requests[0] == (folder / "report.html").resolve().as_uri()


def test_demo_report_images_load(demo_page):
    lang, folder, seen = demo_page
    assert image_problems(seen) == []


def test_demo_report_is_in_its_language(demo_page):
    lang, folder, seen = demo_page
    assert any(tag == "h1" for tag, _ in seen.headings) and any(tag == "h2" for tag, _ in seen.headings)
    assert language_problems(seen, lang) == []
