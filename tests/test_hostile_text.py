"""Hostile and broken text files (issue 14): mixed encodings, long fields, unbalanced quotes, limits.

The expected strings are typed here: Windows-1258 bytes byte by byte (the five
tones as separate combining bytes 0xCC 0xEC 0xDE 0xD2 0xF2 after the letter),
and the Unicode text they stand for as literals.  The corpus files are written
by ``tests/bad_inputs/issue14/text/make_text_corpus.py`` and listed, with the
expected error class and message fragments, in ``cases.csv`` beside it.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from conftest import corpus_files, read_cases, sha256_of

import tdkt_eval as te
from tdkt_eval.io import readers
from tdkt_eval.io.encoding import decode_bytes
from tdkt_eval.io.limits import raised_limits
from tdkt_eval.io.readers import read_raw

CORPUS = Path(__file__).parent / "bad_inputs" / "issue14" / "text"


def _cases() -> list[dict[str, str]]:
    return read_cases(CORPUS)



def _load(case: dict[str, str]) -> object:
    path = CORPUS / case["file"]
    with raised_limits(**json.loads(case["options"] or "{}")):
        return te.load_records(path, case["kind"]) if case["kind"] else read_raw(path)


# --- the corpus ------------------------------------------------------------------
def test_corpus_has_at_least_six_files_and_is_reproducible():
    files = corpus_files(CORPUS, "make_text_corpus.py")
    assert len(files) >= 6 and all(len(data) < 200_000 for data in files.values())


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['file']}-{c['expect']}-{c['options']}")
def test_hostile_text_case(case):
    path = CORPUS / case["file"]
    before = sha256_of(path)
    fragments = [f for f in case["fragments"].split("|") if f]
    if case["expect"] == "load":
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # loads cleanly: no warning either
            _load(case)
    elif case["expect"] == "DataQualityWarning":
        with pytest.warns(te.DataQualityWarning) as caught:
            _load(case)
        message = " ".join(str(w.message) for w in caught)
        assert all(f in message for f in fragments), message
        assert "dòng 4" in caught[0].message.render("vi")
    else:
        with pytest.raises(getattr(te, case["expect"])) as info:
            _load(case)
        err = info.value
        assert type(err).__name__ == case["expect"]
        message = str(err)
        for fragment in fragments:
            assert fragment in message, f"{fragment!r} not in {message!r}"
        assert case["file"] in message and "Fix:" in message
        vi = err.render("vi")
        assert "Cách sửa:" in vi and case["file"] in vi
        if case["rows"]:
            assert err.rows == (int(case["rows"]),)
    assert sha256_of(path) == before


# --- mixed encodings, character by character ----------------------------------------
CP1258_LINES = [
    (b"S\xf5\xd2 N\xf4\xf2i vu\xf2", "Sở Nội vụ"),
    (b"Ha\xcc N\xf4\xf2i", "Hà Nội"),
    (b"\xd0a\xcc N\xe3\xdeng", "Đà Nẵng"),
    (b"Th\xfd\xcca Thi\xean Hu\xea\xec", "Thừa Thiên Huế"),
    (b"C\xe2\xccn Th\xf5", "Cần Thơ"),
    (b"\xd0a\xf2i ho\xf2c Qu\xf4\xecc gia", "Đại học Quốc gia"),
]
UTF8_HEAD = "Mã,Tên\nU01,Ủy ban nhân dân tỉnh\n".encode()


@pytest.mark.parametrize(("cp1258", "expected"), CP1258_LINES, ids=[e for _, e in CP1258_LINES])
def test_one_cp1258_line_in_utf8_is_decoded_with_a_warning(cp1258, expected):
    raw = UTF8_HEAD + b"U02," + cp1258 + b"\nU03,S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh\n"
    with pytest.warns(te.DataQualityWarning) as caught:
        text, codec = decode_bytes(raw, source="mixed.csv")
    assert codec == "utf-8+cp1258"
    assert text.splitlines() == ["Mã,Tên", "U01,Ủy ban nhân dân tỉnh", f"U02,{expected}", "U03,Sở Tài chính"]
    assert len(caught) == 1
    assert "line(s) 3 " in str(caught[0].message) and "dòng 3 " in caught[0].message.render("vi")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decode_bytes(raw, encoding=codec) == (text, codec)  # the label decodes the same way, quietly


def test_cp1258_lines_first_and_last_without_newline():
    # "Mã" is a + combining tilde 0xDE (0xE3 would be "ă")
    raw = b"Ma\xde,T\xean\r\n" + "U01,Ủy ban\r\n".encode() + b"U02,Ha\xcc N\xf4\xf2i"
    with pytest.warns(te.DataQualityWarning, match=r"line\(s\) 1, 3 "):
        text, _ = decode_bytes(raw)
    assert text == "Mã,Tên\r\nU01,Ủy ban\r\nU02,Hà Nội"


def test_utf8_bom_with_a_cp1258_line():
    raw = b"\xef\xbb\xbfMa,Ten\nU01,Ha\xcc N\xf4\xf2i\n"
    with pytest.warns(te.DataQualityWarning, match=r"line\(s\) 2 "):
        assert decode_bytes(raw) == ("Ma,Ten\nU01,Hà Nội\n", "utf-8+cp1258")


def test_cp1258_file_with_ascii_lines_is_one_code_page_without_warning():
    raw = b"Ma,Ten\nU01,Ha\xcc N\xf4\xf2i\nU02,S\xf5\xd2 N\xf4\xf2i vu\xf2\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decode_bytes(raw) == ("Ma,Ten\nU01,Hà Nội\nU02,Sở Nội vụ\n", "cp1258")


@pytest.mark.parametrize("line", [
    b"Caf\xe9 cr\xe8me br\xfbl\xe9e",          # French in cp1252: not Vietnamese in any code page
    b"H\xb5 N\xe9i",                           # TCVN3 (.VnTime) "Hà Nội"
    b"Ty\xfb le\xe4",                          # VNI-Windows "Tỷ lệ"
    b"S\xf5\xd2 N\x8a",                        # 0x8A is not a Windows-1258 byte
    b"\x93\x94",                               # cp1252 quotes only: no word to judge
])
def test_unclear_line_in_utf8_is_refused_with_its_line(line):
    raw = UTF8_HEAD + b"U02," + line + b"\nU03,Ph\xc3\xb2ng\n"
    with pytest.raises(te.MixedEncodingError) as info:
        decode_bytes(raw, source="mixed.csv")
    assert "except line(s) 3," in str(info.value)
    assert "dòng 3" in info.value.render("vi") and "mixed.csv" in str(info.value)
    assert isinstance(info.value, te.EncodingDetectionError)


def test_mixed_file_loads_its_text_right(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes((CORPUS / "mixed_utf8_cp1258.csv").read_bytes())
    with pytest.warns(te.DataQualityWarning):
        table = read_raw(path)
    assert table.encoding == "utf-8+cp1258"
    assert [row[5] for row in table.rows[1:]] == ["Ủy ban nhân dân tỉnh", "Phòng Tài chính", "Sở Nội vụ",
                                                  "Sở Tài chính"]
    assert table.rows[3][3] == "Quản lý"


# --- long fields and limits ------------------------------------------------------------
def test_176000_character_review_loads_whole():
    frame = te.load_records(CORPUS / "long_review_176k.csv", "reports")
    assert frame["text"].str.len().tolist() == [176_000, 12]
    assert frame["text"].iloc[0].startswith("Nam 2023 don vi da to chuc")
    assert csv.field_size_limit() == 131_072  # the csv module's setting is left as it was


def test_cell_limit_counts_characters_exactly(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("a,b\n1," + "x" * 5000 + "\n", encoding="utf-8")
    with raised_limits(max_cell_chars=5000):
        assert len(read_raw(path).rows[1][1]) == 5000
    with raised_limits(max_cell_chars=4999), pytest.raises(te.ResourceLimitError, match=r"5000 \(limit 4999\)"):
        read_raw(path)


def test_csv_error_becomes_malformed_file_error_with_line(tmp_path, monkeypatch):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")

    class Broken:
        line_num = 0

        def __init__(self, *args, **kwargs):
            pass

        def __iter__(self):
            return self

        def __next__(self):
            self.line_num += 1
            if self.line_num == 2:
                raise csv.Error("some parser failure")
            return ["a", "b"]

    monkeypatch.setattr(readers, "_sniff_delimiter", lambda text: ",")
    monkeypatch.setattr(readers.csv, "reader", Broken)
    with pytest.raises(te.MalformedFileError) as info:
        read_raw(path)
    assert "at line 2" in str(info.value) and "x.csv" in str(info.value)
    assert "dòng 2" in info.value.render("vi") and info.value.rows == (2,)


# --- quotes that are fine ----------------------------------------------------------------
def test_multiline_notes_with_commas_are_not_unbalanced(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text('Mã,Năm,Ghi chú\nU01,2023,"Khen thưởng: tập thể A, tập thể B,\ncá nhân C, D"\n'
                    'U02,2023,"Dòng một\ndòng hai, dòng ba"\nU04,2024,xong\n', encoding="utf-8")
    rows = read_raw(path).rows
    assert len(rows) == 4 and rows[1][2].count("\n") == 1


def test_quote_open_on_the_last_line_is_left_to_the_truncation_check(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text('a,b,c\n1,2,3\n4,5,"cut in', encoding="utf-8")
    assert read_raw(path).rows[-1] == ("4", "5", "cut in")


def test_unbalanced_quote_vietnamese_message():
    with pytest.raises(te.UnbalancedQuoteError) as info:
        read_raw(CORPUS / "unbalanced_quote_eof.csv")
    assert "Dấu ngoặc kép (\") mở một ô ở dòng 3 không bao giờ được đóng" in info.value.render("vi")
    assert isinstance(info.value, te.MalformedFileError)


# --- bombs: a regression fails under a memory and time ceiling ---------------------------
_BOMB = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (30, 30))
    from tdkt_eval import ResourceLimitError
    from tdkt_eval.io.limits import raised_limits
    from tdkt_eval.io.readers import read_raw
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # imports (and a first .pyc compile)
    try:
        with raised_limits(**json.loads(sys.argv[2])):
            read_raw(sys.argv[1])
        outcome = "loaded"
    except ResourceLimitError as exc:
        outcome = "refused " + str(exc)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(outcome, "| growth MiB", peak - baseline)
""")


# The subprocess imports this same package, with one BLAS thread.
_ENV = {"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(te.__file__).resolve().parents[1])}


def _run_bomb(path: Path, **limits: int) -> tuple[str, int]:
    """Read ``path`` in a subprocess limited to 1.5 GiB of address space and 30 s of CPU.

    Returns the outcome and how much the peak memory grew over the imports (the imports' own peak
    depends on the machine, and on whether Python first compiles the package).
    """
    done = subprocess.run([sys.executable, "-c", _BOMB, str(path), json.dumps(limits)], capture_output=True,
                          text=True, timeout=60, env=_ENV)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome, growth = done.stdout.rsplit("| growth MiB", 1)
    return outcome, int(growth)


def test_cell_bomb_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "cell_bomb.csv"
    path.write_bytes(b"a,b\n1," + b"x" * 3_000_000 + b"\n")
    outcome, growth = _run_bomb(path)
    assert outcome.startswith("refused") and "3000000 (limit 2000000)" in outcome
    assert growth < 400


def test_row_bomb_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "row_bomb.csv"
    path.write_bytes(b"a\n" + b"1\n" * 50_000)
    outcome, growth = _run_bomb(path, max_rows=10_000)
    assert outcome.startswith("refused") and "rows: >10000 (limit 10000)" in outcome
    assert growth < 400


def test_file_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:  # a sparse 300 MiB file: refused from its size, never read
        handle.truncate(300 * 2**20)
    outcome, growth = _run_bomb(path)
    assert outcome.startswith("refused") and "file bytes: 314572800 (limit 209715200)" in outcome
    assert growth < 50  # never read
