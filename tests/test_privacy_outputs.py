"""End to end: names, ID numbers, phones and e-mail put into the demo never reach a loaded table or a report file.

The demo folder is copied and given five columns of personal data in the staff survey,
the roster and the rewards ("Họ và tên", "Số CCCD", "CMND", "Số điện thoại", "Email"),
plus CCCD numbers under the innocent header "ghi chú" (found by content only).  It also gets
values in the wrong place (issue 14): extra files with a name in the gender column, a phone
number in the sector column and one in a count column, "CCCD …" in a headcount cell, CCCD
numbers as recipient_id, and names, phones, ID numbers and e-mail in review-report texts.  Every
file the report writes is then searched for every injected value: text as UTF-8 (also
with HTML entities and JSON escapes undone, and base64 data URIs decoded), workbooks
cell by cell, PDF and PNG as raw bytes (also inflated PDF streams, PDF hex strings and
PNG text chunks); names in NFC, NFD, upper case and without accents, phone numbers also as
bare digits, and numbers without the leading zero a spreadsheet drops.

Matplotlib draws a PDF's text with embedded fonts, so searching its bytes proves little;
its SVG twin carries the same text (as comments beside the glyph paths), so every PDF
figure must have one.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
import shutil
import unicodedata
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.io.text import fold
from tdkt_eval.paths import demo_dir

INJECTED = ("Họ và tên", "Số CCCD", "CMND", "Số điện thoại", "Email")
HIDDEN = "ghi chú"  # an innocent header over CCCD numbers
#: file → the column whose code picks the person of each row
TARGETS = {"staff_responses.csv": "respondent_id", "personnel.csv": "person_id", "rewards.csv": "recipient_id"}
_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
             "Ngô", "Dương")
_MIDDLE = ("Thị", "Văn", "Minh", "Ngọc", "Hữu", "Thanh", "Đức", "Thu")
_GIVEN = ("Hoa", "Bình", "Châu", "Dũng", "Hạnh", "Khánh", "Lan", "Phương", "Quân", "Thảo", "Tuấn", "Yến", "Hiếu",
          "Trọng", "Nguyệt")
_PROVINCES = ("001", "079", "046", "092", "031", "038", "040", "056")
_MOBILE = ("090", "091", "098", "038", "070", "086", "035")


@dataclass(frozen=True)
class Person:
    name: str
    cccd: str
    cmnd: str
    phone: str
    email: str

    def row(self, other: Person) -> list[str]:
        """The injected cells: this person's data, and ``other``'s CCCD under the innocent header."""
        return [self.name, self.cccd, self.cmnd, self.phone, self.email, other.cccd]


def _people(n: int = 60) -> list[Person]:
    rng = np.random.default_rng(20240901)
    names: list[str] = []
    while len(names) < n:
        name = f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
        if name not in names:
            names.append(name)
    people = []
    for i, name in enumerate(names):
        family, *_, given = name.split()
        mobile = f"{rng.choice(_MOBILE)}{rng.integers(0, 10**7):07d}"
        people.append(Person(
            name=name,
            cccd=f"{rng.choice(_PROVINCES)}{rng.integers(0, 4)}{rng.integers(0, 10**8):08d}",
            cmnd=f"{rng.integers(0, 4)}{rng.integers(0, 10**8):08d}",
            phone=f"{mobile[:4]} {mobile[4:7]} {mobile[7:]}",
            email=f"{fold(given)}.{fold(family)}{i}@example.vn",
        ))
    return people


PEOPLE = _people()


def needles() -> dict[str, str]:
    """Every form in which an injected value could leak → what it is."""
    out = {}
    for p in PEOPLE:
        digits = re.sub(r"\D", "", p.phone)
        out |= {p.name: "name", unicodedata.normalize("NFD", p.name): "name (NFD)", fold(p.name): "name (no accents)",
                p.name.upper(): "name (upper case)", p.cccd: "CCCD", p.cccd.lstrip("0"): "CCCD (as a number)",
                p.cmnd: "CMND", p.phone: "phone", digits: "phone (digits)", digits[1:]: "phone (as a number)",
                p.email: "e-mail"}
    return out


def inject(folder: Path) -> None:
    """Add the personal-data columns to the staff survey, the roster and the rewards of ``folder``."""
    for name, key in TARGETS.items():
        path = folder / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        at = rows[0].index(key)
        out = [rows[0] + [*INJECTED, HIDDEN]]
        for row in rows[1:]:
            k = int(re.sub(r"\D", "", row[at]) or 0)
            out.append(row + PEOPLE[k % len(PEOPLE)].row(PEOPLE[(k + 7) % len(PEOPLE)]))
        _write(path, out)
    misplace(folder)


def _write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


#: Extra files holding personal data in the wrong place → refused under "drop" and under "pseudonymise".
MISPLACED = {"drop": {"nhan_su_bo_sung.csv", "bien_che_bo_sung.csv", "thanh_tra_bo_sung.csv",
                      "khen_thuong_bo_sung.csv"},
             # pseudonymised recipients are codes that are not in the staff list: refused for that
             "pseudonymise": {"nhan_su_bo_sung.csv", "bien_che_bo_sung.csv", "thanh_tra_bo_sung.csv",
                              "khen_thuong_bo_sung.csv"}}


def misplace(folder: Path) -> None:
    """Write the extra files of MISPLACED, and personal data into the free text of some review reports."""
    def extra(source: str, name: str, column: str, values: list[str], n: int = 3) -> None:
        rows = _rows(folder / source)
        at = rows[0].index(column)
        body = [row[:at] + [v] + row[at + 1:] for row, v in zip(rows[1:n + 1], values)]
        _write(folder / name, [rows[0], *body])

    extra("personnel.csv", "nhan_su_bo_sung.csv", "gender", [p.name for p in PEOPLE[:3]])
    rows = _rows(folder / "nhan_su_bo_sung.csv")
    rows[1][rows[0].index("sector")] = PEOPLE[3].phone
    _write(folder / "nhan_su_bo_sung.csv", rows)
    extra("workforce.csv", "bien_che_bo_sung.csv", "headcount", [f"CCCD {p.cccd}" for p in PEOPLE[4:7]])
    extra("inspections.csv", "thanh_tra_bo_sung.csv", "findings_count",
          [re.sub(r"\D", "", p.phone) for p in PEOPLE[7:10]])
    rewards = _rows(folder / "rewards.csv")
    at, kind = rewards[0].index("recipient_id"), rewards[0].index("recipient_type")
    people = [r for r in rewards[1:] if r[kind] == "individual"][:12]
    _write(folder / "khen_thuong_bo_sung.csv",
           [rewards[0], *(r[:at] + [PEOPLE[10 + i % 6].cccd] + r[at + 1:] for i, r in enumerate(people))])
    reports = _rows(folder / "reports.csv")
    text = reports[0].index("text")
    for i, row in enumerate(reports[1:9]):
        p = PEOPLE[20 + i]
        row[text] += (f" Đồng chí {p.name} (điện thoại {p.phone}, CCCD {p.cccd}, thư {p.email}) "
                      "được đề nghị khen thưởng.")
    _write(folder / "reports.csv", reports)


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- reading every kind of output
_TEXT_SUFFIXES = frozenset({".html", ".htm", ".md", ".csv", ".tsv", ".tex", ".svg", ".txt", ".json", ".ipynb",
                            ".xml", ".log", ".css", ".bib", ".yaml", ".yml"})
_DATA_URI = re.compile(r"data:[\w.+/-]*(?:;[\w.=-]+)*;base64,([A-Za-z0-9+/=\s]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
_PDF_HEX = re.compile(rb"<([0-9A-Fa-f\s]{4,})>")


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        cells = [ws.title for ws in book.worksheets]
        for ws in book.worksheets:
            cells += [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    finally:
        book.close()
    return "\n".join(cells)


def _pdf_blobs(data: bytes) -> list[bytes]:
    blobs = []
    for chunk in (*_PDF_STREAM.findall(data), data):
        try:
            chunk = zlib.decompress(chunk)
            blobs.append(chunk)
        except zlib.error:
            pass
        for hex_text in _PDF_HEX.findall(chunk):
            digits = re.sub(rb"\s", b"", hex_text)
            if len(digits) % 2 == 0:
                blobs.append(bytes.fromhex(digits.decode()))
    return blobs


def _png_text(path: Path) -> list[str]:
    from PIL import Image

    with Image.open(path) as image:
        return [f"{k} {v}" for k, v in getattr(image, "text", {}).items()]


def readable(path: Path) -> tuple[list[str], list[bytes]]:
    """What a reader of ``path`` could see: texts, and byte strings to search in several encodings."""
    data = path.read_bytes()
    texts: list[str] = []
    blobs = [data]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        texts.append(_xlsx_text(path))
    elif suffix == ".pdf":
        blobs += _pdf_blobs(data)
    elif suffix == ".png":
        texts += _png_text(path)
    if suffix in _TEXT_SUFFIXES:
        text = data.decode("utf-8", errors="replace")
        texts += [text, html.unescape(text)]
        if suffix in (".json", ".ipynb"):
            texts.append(json.dumps(json.loads(text), ensure_ascii=False))
        for payload in _DATA_URI.findall(text):
            raw = base64.b64decode(re.sub(r"\s", "", payload))
            blobs += [raw, *_pdf_blobs(raw)]
            texts.append(html.unescape(raw.decode("utf-8", errors="replace")))
    return texts, blobs


def leaks(folder: Path, wanted: dict[str, str]) -> dict[str, list[str]]:
    """File → the injected values found in it."""
    encoded = {n: [n.encode(c) for c in ("utf-8", "utf-16-be", "utf-16-le")] for n in wanted}
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        texts, blobs = readable(path)
        hits = [f"{wanted[n]} {n!r}" for n in wanted
                if any(n in t for t in texts) or any(e in b for b in blobs for e in encoded[n])]
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def injected_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pii") / "demo"
    shutil.copytree(demo_dir(), folder)
    inject(folder)
    return folder


@pytest.fixture(scope="module", params=["vi", "en"])
def report_dir(request, injected_folder, tmp_path_factory) -> Path:
    """The full report of the injected folder, built once per language (slow)."""
    from tdkt_eval import reporting

    before = fingerprint(injected_folder)
    out_dir = tmp_path_factory.mktemp(f"report_{request.param}")
    page = reporting.build_report(injected_folder, out_dir, lang=request.param, k_min=5)
    assert Path(page).name == "report.html" and Path(page).is_file()
    assert fingerprint(injected_folder) == before, "building the report changed its input files"
    return out_dir


# ---------------------------------------------------------------- tests
def test_the_fixture_really_holds_personal_data(injected_folder):
    roster = pd.read_csv(injected_folder / "personnel.csv", dtype=str)
    assert list(roster.columns[-6:]) == [*INJECTED, HIDDEN]
    assert roster["Họ và tên"].isin([p.name for p in PEOPLE]).all()
    assert roster[HIDDEN].str.fullmatch(r"\d{12}").all()


def test_the_scanner_finds_a_value_in_every_kind_of_file(tmp_path):
    """A leak planted in each format is found: the end-to-end test can fail."""
    from openpyxl import Workbook
    from PIL import Image, PngImagePlugin

    person = PEOPLE[0]
    (tmp_path / "page.html").write_text(f"<td>{html.escape(person.name).encode('ascii', 'xmlcharrefreplace').decode()}"
                                        "</td>", encoding="utf-8")
    (tmp_path / "nb.ipynb").write_text(json.dumps({"cells": [person.cccd + " " + person.email]}), encoding="utf-8")
    (tmp_path / "table.md").write_text(f"| {unicodedata.normalize('NFD', PEOPLE[1].name)} |", encoding="utf-8")
    book = Workbook()
    book.active["C7"] = person.cmnd
    book.save(tmp_path / "table.xlsx")
    stream = zlib.compress(PEOPLE[2].name.encode("utf-16-be"))
    (tmp_path / "figure.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<</Filter/FlateDecode>>stream\n" + stream
                                          + b"\nendstream\nendobj\n")
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Title", PEOPLE[3].name, zip=True)
    Image.new("RGB", (4, 4)).save(tmp_path / "figure.png", pnginfo=info)
    svg = f"<svg><!-- {re.sub(r'[^0-9]', '', PEOPLE[4].phone)} --></svg>".encode()
    (tmp_path / "inline.html").write_text(f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}">',
                                          encoding="utf-8")
    found = leaks(tmp_path, needles())
    assert sorted(found) == ["figure.pdf", "figure.png", "inline.html", "nb.ipynb", "page.html", "table.md",
                             "table.xlsx"]


@pytest.mark.parametrize("option", ["drop", "pseudonymise"])
def test_no_injected_value_in_any_loaded_table(injected_folder, option):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", te.DataQualityWarning)
        tables, checks = te.load_and_check(injected_folder, personal_data=option, salt="test salt")
    refused = {Path(str(f)).name for f in checks.loc[checks["status"] == "error", "file"]}
    assert refused == MISPLACED[option], checks.to_string()
    for kind in ("staff_responses", "personnel", "rewards"):
        assert {*INJECTED, HIDDEN} <= set(tables[kind].attrs["personal_columns"]), kind
        kept = {*INJECTED, HIDDEN} & set(tables[kind].columns)
        assert kept == (set() if option == "drop" else {*INJECTED, HIDDEN})
        assert all(tables[kind][c].dropna().str.fullmatch(r"pid_[0-9a-f]{12}").all() for c in kept)
    texts = [checks.to_csv()]
    for table in tables.values():
        texts.append("\n".join(str(v) for v in pd.unique(table.astype("string").to_numpy().ravel())))
    wanted = needles()
    assert [f"{wanted[n]} {n!r}" for n in wanted if any(n in t for t in texts)] == []
    assert tables["reports"]["text"].str.contains("[họ tên]", regex=False).sum() == 8


def test_validate_output_and_problems_spreadsheet_hold_no_injected_value(injected_folder, tmp_path, capsys):
    from tdkt_eval.cli import main

    sheet = tmp_path / "problems.xlsx"
    assert main(["validate", str(injected_folder), "--problems", str(sheet), "--lang", "vi"]) == 1
    printed = capsys.readouterr()
    assert "một họ tên" in printed.out and "một số điện thoại" in printed.out  # the kinds stand in for values
    assert leaks(tmp_path, needles()) == {}
    wanted = needles()
    assert [f"{wanted[n]} {n!r}" for n in wanted if n in printed.out + printed.err] == []


def test_pseudonyms_link_a_person_across_files(injected_folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", te.DataQualityWarning)
        tables = te.load_dataset(injected_folder, kinds=["personnel", "rewards"], personal_data="pseudonymise",
                                 salt="test salt")
    roster = dict(zip(tables["personnel"]["person_id"], tables["personnel"]["Số CCCD"]))
    rewards = tables["rewards"]
    people = rewards[rewards["recipient_id"].isin(list(roster))]
    assert len(people) > 100
    assert (people["Số CCCD"] == people["recipient_id"].map(roster)).all()


def test_no_injected_value_in_any_report_file(report_dir):
    files = [p for p in report_dir.rglob("*") if p.is_file()]
    assert [p.name for p in files if p.suffix == ".html"] == ["report.html"]
    assert [p.name for p in files if p.suffix == ".pdf" and not p.with_suffix(".svg").is_file()] == []
    assert leaks(report_dir, needles()) == {}
