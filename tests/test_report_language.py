"""Everything a report shows is in the report's language: no English on a Vietnamese page, no raw code on any.

Both demo reports (the session's ``built_reports``) are scanned: the visible text of
report.html (text, title and alt texts; not styles, scripts or the base64 images) and every
``tables/*.md`` and ``tables/*.csv``. The scanner is tested on planted faults first, so a
clean result means something.

What counts as a fault comes from outside the report code: the codes of the data
contracts (vocabularies, reward forms, table kinds and column names) and a list of common
English words written here by hand.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tdkt_eval.io.contracts import TABLES
from tdkt_eval.io.vocabulary import VOCABULARIES, reward_forms

# --- what is a fault --------------------------------------------------------------------------------

#: Every code of the data contracts. Shown to a reader, each must be replaced by its label.
CODES = frozenset(
    {code for vocabulary in VOCABULARIES.values() for code in vocabulary}
    | {form["code"] for form in reward_forms()}
    | set(TABLES)
    | {column.name for table in TABLES.values() for column in table.columns}
)

#: Common English words, matched as whole words in any case. Words that are also Vietnamese
#: when written without marks are left out on purpose ("in" = print, "to" = big, "an" as in
#: An Phú, "no" = full, "long" as in Long Điền, "can", "tin" as in tin cậy, "me", "ban").
ENGLISH = frozenset("""
the of and with for from by at is are was were be been not this that these those which who what there their it its
or per than into only each every all any some more less but if then else when where how also has have had will would
could cannot should must please see found need needs used skipped instead got expected unknown invalid
pooled overall row rows file files column columns fix missing error errors warning warnings record records
value values table tables section report reports data sheet header headers name date score parameters language
count share rate ratio rank level group unit units district districts cluster clusters year years days rule rules
source certain reported flagged removed remaining median mean interval low high yes none total
female male leader leaders manager worker workers state grassroots excellent good completed
rewards reward staff citizens citizen survey respondents people persons suppressed movement movements
law laws decree decrees article amended verified implementing on number original dossier dossiers
""".split())

#: Upper-case abbreviations allowed on a Vietnamese page, each for a reason. Any other run of two or
#: more capital Latin letters is a fault: "CI" in particular, which Vietnamese writes KTC.
ABBREVIATIONS = {
    "KTC": "khoảng tin cậy, the Vietnamese abbreviation",
    "UBND": "Ủy ban nhân dân, Vietnamese",
    "CP": "Chính phủ, as in Nghị định …/NĐ-CP",
    "QH": "Quốc hội, as in Luật …/QH15",
    "KMO": "Kaiser–Meyer–Olkin, a measure named after people; Vietnamese texts keep it",
    "AUC": "area under the ROC curve; Vietnamese statistics keeps the abbreviation (no Vietnamese one is in use)",
    "GEE": "a method's name (generalised estimating equations), printed beside its Vietnamese description",
    "CFI": "a fit index's name; Vietnamese research writes it so, beside its description (chỉ số phù hợp so sánh)",
    "RMSEA": "a fit index's name; Vietnamese research writes it so, beside its description (sai số xấp xỉ)",
    "SRMR": "a fit index's name; Vietnamese research writes it so, beside its description",
}

_SNAKE = re.compile(r"\b\w+_\w+\b")
_WORD = re.compile(r"[^\W\d_]+")
_CAPS = re.compile(r"(?<![^\W\d_])[A-Z]{2,}(?![^\W\d_])")
_FILE_NAME = re.compile(r"\S+\.(?:csv|tsv|txt|xlsx|xlsm|xls|ods|yaml|yml|md|json|pdf|docx|doc)\b", re.IGNORECASE)


def faults(text: str, lang: str, *, cells: list[str] = ()) -> list[str]:
    """Raw codes (both languages) and English fragments (Vietnamese) in ``text`` and table ``cells``."""
    text = _FILE_NAME.sub(" ", text)  # file names are the user's own words, printed as they are
    found = [f"code {m}" for m in _SNAKE.findall(text)]
    found += [f"code cell {cell!r}" for cell in cells if cell.strip() in CODES]
    if lang == "vi":
        allowed = re.compile(r"(?<![^\W\d_])(?:" + "|".join(ABBREVIATIONS) + r")(?![^\W\d_])")
        words = {w.lower() for w in _WORD.findall(allowed.sub(" ", text))}  # "KTC" is allowed, "or" is not
        found += [f"code {w}" for w in sorted(words & CODES)]
        found += [f"English {w!r}" for w in sorted(words & ENGLISH)]
        found += [f"abbreviation {a}" for a in sorted(set(_CAPS.findall(text)) - set(ABBREVIATIONS))]
    return found


# --- what is visible ------------------------------------------------------------------------------

class _Visible(HTMLParser):
    """Text a reader sees or hears: text nodes, the title, alt and title attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.cells: list[str] = []
        self._skip = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        if tag in ("td", "th"):
            self._cell = []
        self.parts += [value for name, value in attrs if name in ("alt", "title") and value]

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)
            if self._cell is not None:
                self._cell.append(data)


def visible(html: str) -> tuple[str, list[str]]:
    """The visible text of a page, and the text of its table cells."""
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts), parser.cells


def _markdown_cells(text: str) -> list[str]:
    return [cell.strip() for line in text.splitlines() if line.startswith("|")
            for cell in line.strip().strip("|").split(" | ")]


def _csv_cells(path: Path) -> list[str]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def report_faults(folder: Path, lang: str) -> dict[str, list[str]]:
    """Faults of every scanned file of a built report, by file name (files without faults left out)."""
    text, cells = visible((folder / "report.html").read_text(encoding="utf-8"))
    out = {"report.html": faults(text, lang, cells=cells)}
    for path in sorted((folder / "tables").glob("*.md")):
        content = path.read_text(encoding="utf-8")
        out[path.name] = faults(content, lang, cells=_markdown_cells(content))
    for path in sorted((folder / "tables").glob("*.csv")):
        cells = _csv_cells(path)
        out[path.name] = faults("\n".join(cells), lang, cells=cells)
    return {name: found for name, found in out.items() if found}


# --- the scanner can fail -----------------------------------------------------------------------------

CLEAN_VI = ('<html><head><style>td{color:red} .the_rows{}</style><title>Báo cáo</title></head><body>'
            '<h2>Tuân thủ</h2><p>Tỷ số chênh 2,50 (KTC 95% 2,22–2,80); tỷ lệ 74,8%; p < 0,001; tệp khen_thuong_2023.xlsx.</p>'
            '<p>xem data/README.md; PLANTED.md không phải tệp bảng</p>'
            '<table><tr><td>Giấy khen</td><td>Nữ</td></tr></table><img alt="Biểu đồ rừng"></body></html>')


def test_a_clean_vietnamese_page_passes():
    text, cells = visible(CLEAN_VI)
    assert "td{color" not in text and "Biểu đồ rừng" in text and cells == ["Giấy khen", "Nữ"]
    assert faults(text, "vi", cells=cells) == []


@pytest.mark.parametrize("planted, expected", [
    ("<p>Fix: the column is missing.</p>", "English 'fix'"),
    ("<p>1 dòng (pooled)</p>", "English 'pooled'"),
    ('<img alt="Rows of the table">', "English 'rows'"),
    ("<p>Khen thưởng (rewards)</p>", "code rewards"),
    ("<td>chien_si_thi_dua_co_so</td>", "code chien_si_thi_dua_co_so"),
    ("<p>quy định ladder_grassroots_fighter_law2003</p>", "code ladder_grassroots_fighter_law2003"),
    ("<p>Hệ số 0,5 (95% CI 0,1–0,9)</p>", "abbreviation CI"),
    ("<p>Giới tính: female</p>", "code female"),
    ("<p>Cao or thấp</p>", "English 'or'"),
    ("<p>Ưu thế của lãnh đạo (OR)</p>", "abbreviation OR"),  # issue 20: the calque is gone
])
def test_the_scanner_flags_planted_english_and_codes(planted, expected):
    page = CLEAN_VI.replace("</body>", planted + "</body>")
    text, cells = visible(page)
    assert expected in faults(text, "vi", cells=cells)


def test_raw_codes_are_flagged_in_english_too_but_english_words_are_not():
    text, cells = visible("<p>Share of rewards by gender.</p><table><tr><td>giay_khen</td><td>leader</td>"
                          "<td>Leader</td></tr></table>")
    assert faults(text, "en", cells=cells) == ["code giay_khen", "code cell 'giay_khen'", "code cell 'leader'"]


def test_the_scanner_reads_a_planted_table_file(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "report.html").write_text(CLEAN_VI, encoding="utf-8")
    (tmp_path / "tables" / "t.md").write_text("**Bảng**\n\n| Cấp | Danh hiệu, hình thức khen thưởng |\n|---|---|\n| Cơ sở | giay_khen |\n",
                                              encoding="utf-8")
    (tmp_path / "tables" / "t.csv").write_text("Cấp,Số\nstate,3\n", encoding="utf-8-sig")
    assert report_faults(tmp_path, "vi") == {"t.md": ["code giay_khen", "code cell 'giay_khen'"],
                                             "t.csv": ["code cell 'state'", "code state", "English 'state'"]}


# --- the demo reports -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_demo_report_shows_labels_not_codes_and_only_its_language(built_reports, lang):
    assert report_faults(built_reports[lang], lang) == {}
