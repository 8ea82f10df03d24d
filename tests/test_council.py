"""The council-intake corpus: folders written the way a TĐKT office keeps its files go in first time.

Each folder of ``tests/council/`` (built by ``tests/council/make_folders.py``) is checked against
``tests/council/EXPECTED.csv``, which says what a council officer expects:

- ``tdkt-eval validate FOLDER --lang vi`` exits 0 for a good folder and 1 for a broken one, and
  never shows a traceback;
- for a broken folder, the Vietnamese output contains the fragments listed (``;`` separates
  fragments that must all appear, ``|`` alternatives), compared case- and form-insensitively;
- nor any English word or internal code (``unit_id``, ``lao_dong_tien_tien``) in that output;
- a good folder loads with :func:`tdkt_eval.load_dataset`, every table is recognised by its
  kind and has the number of data rows written (titles, totals, notes and signatures excluded).

The expectations come from the files as written, never from the loader's alias tables.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import re
import sys
import unicodedata
import warnings
from pathlib import Path

import pytest

import tdkt_eval as te
from tdkt_eval.cli import main

CORPUS = Path(__file__).parent / "council"


def _expected() -> list[dict[str, str]]:
    with open(CORPUS / "EXPECTED.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CASES = _expected()
GOOD = [c for c in CASES if c["exit"] == "0"]


def _tables(case: dict[str, str]) -> dict[str, int]:
    pairs = (item.split("=") for item in case["tables"].split(";") if item)
    return {kind: int(rows) for kind, rows in pairs}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def test_corpus_is_large_and_varied():
    """At least 22 folders; 4–6 truly broken; one of surveys only; every main table kind appears."""
    assert len(CASES) >= 22
    assert 4 <= sum(c["exit"] == "1" for c in CASES) <= 6
    kinds = {kind for c in GOOD for kind in _tables(c)}
    assert {"units", "rewards", "inspections", "personnel", "workforce", "staff_responses",
            "citizen_responses", "cluster_scores", "cluster_results", "reports"} <= kinds
    assert any(set(_tables(c)) <= {"staff_responses", "citizen_responses"} for c in GOOD)
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == sorted(c["folder"] for c in CASES)


def test_expected_row_counts_stay_small():
    for case in GOOD:
        tables = _tables(case)
        assert tables, case["folder"]
        if "units" in tables:
            assert 6 <= tables["units"] <= 30, case["folder"]
        if "rewards" in tables:
            assert 20 <= tables["rewards"] <= 200, case["folder"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["folder"])
def test_validate_exit_code_and_message(case, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # validate writes its list of problems under reports/
    code = main(["validate", str(CORPUS / case["folder"]), "--lang", "vi"])
    out, err = capsys.readouterr()
    text = out + err
    assert "Traceback" not in text
    assert code == int(case["exit"]), text
    folded = _fold(text)
    for fragment in filter(None, case["fragments"].split(";")):
        options = fragment.split("|")
        assert any(_fold(option) in folded for option in options), f"none of {options} in:\n{text}"


# A code of the data contracts (unit_id, lao_dong_tien_tien) or an English word of the old messages.
_RAW = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\bFix:|\bcolumns?\b|\brows?\b|\bmissing\b|\brequired\b")
_FILE = re.compile(r"\S+\.(?:xlsx|xlsm|xls|csv|tsv|txt|docx)\b", re.IGNORECASE)


@pytest.mark.parametrize("case", [c for c in CASES if c["exit"] == "1"], ids=lambda c: c["folder"])
def test_broken_folder_is_told_in_vietnamese_without_raw_codes(case, capsys, tmp_path, monkeypatch):
    """A council officer reading ``validate --lang vi`` meets no English and no internal code."""
    monkeypatch.chdir(tmp_path)
    main(["validate", str(CORPUS / case["folder"]), "--lang", "vi"])
    out, err = capsys.readouterr()
    text = _FILE.sub(" ", (out + err).replace(str(CORPUS), " "))
    assert not _RAW.findall(text), f"{sorted(set(_RAW.findall(text)))} in:\n{out + err}"


# Report runs that stop before building (a build takes ~15 s; tests/test_report_runs.py builds two).
_REPORT_STOPS = [c for c in CASES if c["report_args"] and c["report_exit"] == "1"] + \
    [dict(c, report_args="", report_fragments="không có tệp dữ liệu nào dùng được") for c in CASES
     if not c["tables"] and c["exit"] == "1" and "không có" in c["fragments"]]


@pytest.mark.parametrize("case", _REPORT_STOPS, ids=lambda c: c["folder"])
def test_report_that_cannot_be_built_says_why_in_vietnamese(case, capsys, tmp_path):
    out = tmp_path / "bao_cao"
    code = main(["report", str(CORPUS / case["folder"]), "--out", str(out), "--lang", "vi",
                 *case["report_args"].split()])
    text = "".join(capsys.readouterr())
    assert code == 1 and "Traceback" not in text and not out.exists()
    for fragment in filter(None, case["report_fragments"].split(";")):
        assert _fold(fragment) in _fold(text), f"{fragment!r} not in {text}"


@pytest.mark.filterwarnings("ignore::tdkt_eval.DataQualityWarning")
@pytest.mark.parametrize("case", GOOD, ids=lambda c: c["folder"])
def test_good_folder_loads_every_table_with_its_rows(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = te.load_dataset(CORPUS / case["folder"])
    found = {kind: len(frame) for kind, frame in tables.items()}
    assert found == _tables(case)


def test_corpus_files_are_what_the_builder_writes(tmp_path, monkeypatch):
    """The committed folders are reproducible from make_folders.py, byte for byte."""
    spec = importlib.util.spec_from_file_location("make_folders", CORPUS / "make_folders.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_folders", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    target = tmp_path / "council"
    target.mkdir()
    monkeypatch.setattr(module, "HERE", target)
    module.main()

    def digest(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file() and p.suffix != ".py"
                and "__pycache__" not in p.parts}

    assert digest(target) == digest(CORPUS)
