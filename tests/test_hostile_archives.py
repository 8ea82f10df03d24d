"""Issue 14, ZIP archives and workbooks: damaged, crafted and oversized files fail clearly, in bounded memory.

Small cases are committed in tests/bad_inputs/issue14/archives (made by its
make_archives.py); bombs are written into tmp_path at test time and loaded in a
child process under an address-space limit and a timeout, so that a regression
fails instead of exhausting the machine.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from conftest import sha256_of

from tdkt_eval.errors import (
    ArchiveError,
    DataQualityWarning,
    EmptyFileError,
    FormulaWithoutValueError,
    MalformedFileError,
    ResourceLimitError,
)
from tdkt_eval.io._exports import read_export
from tdkt_eval.io.folder import list_sources
from tdkt_eval.io.limits import raised_limits
from tdkt_eval.io.readers import read_raw

CASES = Path(__file__).parent / "bad_inputs" / "issue14" / "archives"
_spec = importlib.util.spec_from_file_location("make_archives", CASES / "make_archives.py")
make_archives = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_archives)

MEMORY_LIMIT = 1536 * 1024 * 1024  # RLIMIT_AS of the child that loads a bomb
TIMEOUT = 60



# (file, how it is read, limits, expected error, fragments in English, fragments in Vietnamese)
BAD = [
    ("damaged_member.zip", "export", {}, ArchiveError, ["'form.csv' cannot be read", "zlib.error", "again"],
     ["Không đọc được tệp 'form.csv'", "tải lại"]),
    ("duplicate_member.zip", "export", {}, ArchiveError, ["same name", "'form.csv'"], ["trùng tên", "'form.csv'"]),
    ("same_name_two_folders.zip", "export", {}, ArchiveError, ["'a/form.csv', 'b/form.csv'"], ["trùng tên"]),
    ("no_csv.zip", "export", {}, EmptyFileError, ["holds no CSV"], ["không chứa tệp CSV"]),
    ("not_a_zip.zip", "export", {}, ArchiveError, ["cannot be opened", "BadZipFile"], ["Không mở được tệp nén"]),
    ("many_members.zip", "export", {"max_members": 10}, ResourceLimitError, ["members: 31 (limit 10)",
     "raised_limits(max_members=...)"], ["số tệp trong tệp nén: 31"]),
    ("formula_no_value.xlsx", "raw", {}, FormulaWithoutValueError, ["D2, D3", "Open and save the file in Excel"],
     ["Mở tệp bằng Excel", "lưu lại", "D2, D3"]),
    ("xml_entities.xlsx", "raw", {}, MalformedFileError, ["declares XML entities", "not read"],
     ["thực thể XML", "không được đọc"]),
    ("damaged_part.xlsx", "raw", {}, ArchiveError, ["'xl/worksheets/sheet1.xml' cannot be read", "zlib.error",
     "save it again as .xlsx"], ["bị hỏng", "lưu lại thành .xlsx"]),
    ("long_cell.xlsx", "raw", {"max_cell_chars": 1000}, ResourceLimitError, ["cell chars", "limit 1000"],
     ["số ký tự trong một ô", "giới hạn 1000"]),
]


@pytest.mark.parametrize(("name", "how", "limits", "error", "english", "vietnamese"), BAD,
                         ids=[case[0] for case in BAD])
def test_bad_archive_fails_clearly(name, how, limits, error, english, vietnamese):
    path = CASES / name
    before = sha256_of(path)
    with raised_limits(**limits), pytest.raises(error) as caught:
        read_export(path, "auto") if how == "export" else read_raw(path)
    assert type(caught.value) is error
    assert caught.value.source == str(path)
    for fragment in english:
        assert fragment.lower() in caught.value.render("en").lower(), fragment
    for fragment in vietnamese:
        assert fragment in caught.value.render("vi"), fragment
    assert sha256_of(path) == before


def test_csv_in_a_subfolder_is_found():
    export = read_export(CASES / "subfolder.zip", "auto")
    assert export.format == "odk_zip"
    assert [row[1] for row in export.main.body] == ["U000", "U001", "U002"]
    assert "export/form.csv" in export.main.label


def test_a_zip_is_never_extracted(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    read_export(CASES / "subfolder.zip", "auto")
    with pytest.raises(ArchiveError):
        read_export(CASES / "damaged_member.zip", "auto")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["hidden_sheet.xlsx", "very_hidden_sheet.xlsx"])
def test_hidden_sheet_is_skipped_with_a_warning(name):
    path = CASES / name
    with pytest.warns(DataQualityWarning) as caught:
        raw = read_raw(path)
    assert raw.sheet == "Data"
    assert raw.rows[1][0] == "U001"
    message = caught[0].message
    hidden = "'Cũ'" if name == "hidden_sheet.xlsx" else "'Tạm'"
    assert hidden in message.render("en") and "hidden sheet" in message.render("en")
    assert "trang tính ẩn" in message.render("vi") and hidden in message.render("vi")


def test_hidden_sheet_read_when_named():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        raw = read_raw(CASES / "hidden_sheet.xlsx", sheet="Cũ")
    assert raw.rows[1][0] == "OLD"


def test_folder_lists_hidden_sheet_as_not_used(tmp_path):
    (tmp_path / "don_vi.xlsx").write_bytes((CASES / "hidden_sheet.xlsx").read_bytes())
    sources = {s.sheet: s for s in list_sources(tmp_path)}
    assert sources["Cũ"].status == "unused"
    assert str(sources["Cũ"].reason) == "hidden sheet" and sources["Cũ"].reason.render("vi") == "trang tính ẩn"
    assert sources["Data"].status != "unused"


def test_formula_cells_with_values_are_read(tmp_path):
    """Excel's files store each formula's result: those are read, not refused."""
    with __import__("zipfile").ZipFile(CASES / "formula_no_value.xlsx") as book:
        parts = {n: book.read(n) for n in book.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (parts["xl/worksheets/sheet1.xml"]
                                         .replace(b"<f>C2/B2</f><v />", b"<f>C2/B2</f><v>0.1</v>")
                                         .replace(b"<f>C3/B3</f><v />", b'<f>C3/B3</f><v>0.1</v>'))
    path = tmp_path / "computed.xlsx"
    with __import__("zipfile").ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    assert read_raw(path).rows[1][3] == 0.1


# ---------------------------------------------------------------- bombs, in a child process
_CHILD = textwrap.dedent("""
    import json, resource, sys, tempfile
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    from tdkt_eval.io._exports import read_export
    from tdkt_eval.io.limits import raised_limits
    from tdkt_eval.io.readers import read_raw
    path, how, limits = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with raised_limits(**limits):
            read_export(path, "auto") if how == "export" else read_raw(path)
        result = {{"error": None}}
    except Exception as exc:
        result = {{"error": type(exc).__name__, "en": str(exc),
                   "vi": exc.render("vi") if hasattr(exc, "render") else ""}}
    result["base_kib"] = base
    result["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(result))
""")


def _load_in_child(path: Path, how: str, tmp: Path, **limits: int) -> dict:
    temp = tmp / "child-tmp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", _CHILD.format(limit=MEMORY_LIMIT), str(path), how,
                           json.dumps(limits)], capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert list(temp.iterdir()) == [], "a temporary file outlived the run"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{path.name}: peak {result['peak_kib'] / 1024:.0f} MiB (after imports {result['base_kib'] / 1024:.0f} MiB)")
    return result


BOMBS = [
    # (builder, how, limits, error, fragments)
    ("odk_bomb", "export", {}, "ResourceLimitError", ["compression ratio", "tỉ lệ nén"]),
    ("odk_bomb_2gb", "export", {"max_compression_ratio": 10_000}, "ResourceLimitError",
     ["uncompressed bytes", "dung lượng sau khi giải nén"]),
    ("lying_bomb", "export", {}, "ArchiveError", ["cannot be read", "bị hỏng"]),
    ("members_bomb", "export", {}, "ResourceLimitError", ["members: 20000", "số tệp trong tệp nén"]),
    ("xlsx_string_bomb", "raw", {}, "ResourceLimitError", ["compression ratio", "tỉ lệ nén"]),
    ("xlsx_string_bomb_ratio_raised", "raw", {"max_compression_ratio": 10_000}, "ResourceLimitError",
     ["cell chars", "số ký tự trong một ô"]),
]


def _build(kind: str, tmp: Path) -> Path:
    if kind == "odk_bomb":
        return make_archives.odk_bomb(tmp / "odk_bomb.zip", gigabytes=1.0)
    if kind == "odk_bomb_2gb":
        return make_archives.odk_bomb(tmp / "odk_bomb_2gb.zip", gigabytes=2.0)
    if kind.startswith("xlsx_string_bomb"):
        return make_archives.xlsx_string_bomb(tmp / "string_bomb.xlsx", megabytes=300)
    return getattr(make_archives, kind)(tmp / f"{kind}.zip")


@pytest.mark.parametrize(("kind", "how", "limits", "error", "fragments"), BOMBS, ids=[b[0] for b in BOMBS])
def test_bomb_is_refused_in_bounded_memory(tmp_path, kind, how, limits, error, fragments):
    path = _build(kind, tmp_path)
    assert path.stat().st_size < 3 * 1024 * 1024  # a small file on disk...
    before = sha256_of(path)
    result = _load_in_child(path, how, tmp_path, **limits)
    assert result["error"] == error, result
    assert fragments[0] in result["en"] and fragments[1] in result["vi"], result
    # ...refused long before it is inflated: the peak grows little over the imports' own (which depends on
    # the machine, and on whether Python first compiles the package)
    assert (result["peak_kib"] - result["base_kib"]) * 1024 < 300 * 1024 * 1024
    assert sha256_of(path) == before
