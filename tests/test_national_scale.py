"""National scale (issue 21): distinct-cell loading, Arrow reading, vectorised checks and Parquet.

The guards are the two readings that must agree: Arrow's columnar reader and
the csv module's row-by-row reader give the same cells; a column parsed once
per distinct cell gives the same values and the same messages as the same
column parsed row by row; the vectorised ladder check decides as the scalar
one; a table written to Parquet by ``tdkt-eval convert`` reads back equal.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import io
import os
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.cli import main
from tdkt_eval.compliance import checks
from tdkt_eval.io import columnar, readers
from tdkt_eval.io.distinct import Distinct
from tdkt_eval.io.encoding import scan_utf8
from tdkt_eval.io.parquet import read_validated, validated_kind, write_validated

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
TEXT_FILES = sorted(p for folder in ("tests", "data/demo") for p in (ROOT / folder).rglob("*")
                    if p.suffix.lower() in (".csv", ".tsv", ".txt") and "reference" not in p.parts)


# ---------------------------------------------------------------- distinct cells
def test_distinct_keeps_cell_types_apart_and_the_order_of_first_appearance():
    column = Distinct.of(["b", 1, "a", 1.0, True, "b", None, float("nan"), pd.NA])
    assert column.values == ["b", 1, "a", 1.0, True, None]
    assert column.codes.tolist() == [0, 1, 2, 3, 4, 0, 5, 5, 5]
    assert column.cells() == ["b", 1, "a", 1.0, True, "b", None, None, None]
    assert column.counts().tolist() == [2, 1, 1, 1, 1, 3]


def test_a_subset_keeps_only_the_cells_its_rows_hold():
    column = Distinct.of(["header", "x", "y", "x", "total"])
    body = column.subset(np.array([1, 2, 3]))
    assert body.values == ["x", "y"] and body.cells() == ["x", "y", "x"]


def test_categorical_and_typed_series_give_python_cells():
    cats = Distinct.of(pd.Series(["nữ", "nam", None, "nữ"], dtype="category"))
    assert cats.values == ["nữ", "nam", None] and cats.codes.tolist() == [0, 1, 2, 0]
    ints = Distinct.of(pd.Series([3, None, 3], dtype="Int64"))
    assert ints.values == [3, None] and type(ints.values[0]) is int
    dates = Distinct.of(pd.Series(pd.to_datetime(["2024-01-02", None])))
    assert dates.values == [pd.Timestamp("2024-01-02"), None]


def test_remap_merges_cells_that_become_equal():
    raw = Distinct.of([" U1", "U1", "U2 "])
    column = raw.remap([v.strip() for v in raw.values])
    assert column.values == ["U1", "U2"] and column.codes.tolist() == [0, 0, 1]


# ---------------------------------------------------------------- Arrow and the csv module agree
def _both_readings(path: Path, monkeypatch) -> tuple[object, object]:
    """read_raw's result (or exception) through Arrow and through the csv module."""
    out = []
    for threshold in (0, 1 << 62):
        monkeypatch.setattr(readers, "ARROW_MIN_CHARS", threshold)
        try:
            raw = readers.read_raw(path)
            out.append((raw.rows, raw.encoding, raw.sha256))
        except te.TdktInputError as err:
            out.append((type(err), str(err)))
    return out[0], out[1]


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_arrow_reads_every_text_file_as_the_csv_module_does(path, monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arrow, rows = _both_readings(path, monkeypatch)
    assert arrow == rows


@pytest.mark.parametrize("text", [
    'a,b\n1,"x\ny"\n',              # a line break inside a cell
    "a,b,c\n1,2\n",                  # a short row
    "a,b\n1,2,3\n",                  # a long row
    "a,b\n\n1,2\n",                  # a blank line
    'a,b\n"1,2\n3,4\n',              # an unbalanced quote
    "a;b\n1;\"x;y\"\n",              # another delimiter, quoted
    "a,b\r\n1,2\r\n",                # Windows line ends
    "a,b\n1,2",                      # no line end at the end
])
def test_irregular_files_read_the_same_both_ways(text, tmp_path, monkeypatch):
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8", newline="")
    arrow, rows = _both_readings(path, monkeypatch)
    assert arrow == rows


@pytest.fixture(scope="module")
def office_rewards(tmp_path_factory) -> Path:
    """About 1.2 MB of reward records written as an office writes them (Vietnamese headers, dates, labels)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from national_data import rewards_file
    finally:
        sys.path.pop(0)
    return rewards_file(tmp_path_factory.mktemp("national"), 6_000)


def test_a_large_file_takes_the_arrow_path(office_rewards, monkeypatch):
    called = []
    original = readers.arrow_columns
    monkeypatch.setattr(readers, "arrow_columns", lambda *a: called.append(original(*a)) or called[-1])
    assert office_rewards.stat().st_size > columnar.ARROW_MIN_CHARS
    raw = readers.read_raw(office_rewards)
    assert len(called) == 1 and called[0] is not None and raw.n_rows == 6_001


def test_a_large_file_loads_the_same_both_ways(office_rewards, monkeypatch):
    arrow = te.load_records(office_rewards, kind="rewards")
    monkeypatch.setattr(readers, "ARROW_MIN_CHARS", 1 << 62)
    rows = te.load_records(office_rewards, kind="rewards")
    pd.testing.assert_frame_equal(arrow, rows)
    assert len(arrow) == 6_000 and arrow["decision_date"].notna().all()
    assert set(arrow["form"]) <= set(te.io.contracts.get_table("rewards").column("form").allowed_codes())


def _with_bad_cells(path: Path, out: Path) -> Path:
    """The file with a date that does not exist in data row 4,000 and an unknown form in row 5,123."""
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    cells = lines[4000].split(",")
    cells[1] = "31/02/2023"
    lines[4000] = ",".join(cells)
    lines[5123] = lines[5123].replace("Giấy khen", "Giấy khen đặc biệt", 1)
    out.write_text("".join(lines), encoding="utf-8-sig")
    return out


def test_messages_name_the_same_rows_on_both_paths(office_rewards, tmp_path, monkeypatch):
    bad = _with_bad_cells(office_rewards, tmp_path / "khen_thuong_loi.csv")
    messages = []
    for threshold in (0, 1 << 62):
        monkeypatch.setattr(readers, "ARROW_MIN_CHARS", threshold)
        with pytest.raises(te.TdktInputError) as info:
            te.load_records(bad, kind="rewards")
        messages.append([(type(e).__name__, e.render("en"), e.render("vi"), e.rows) for e in info.value.problems])
    assert messages[0] == messages[1]
    assert any(kind == "DateParseError" and rows == (4001,) and "31/02/2023" in vi
               for kind, _, vi, rows in messages[0])


def test_a_column_that_warns_is_read_again_row_by_row(tmp_path):
    """A month/day date among day/month ones: the warning names its row, as row-by-row reading does."""
    header = "Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục\n"
    rows = [f"U{i:03d},{(i % 12) + 13:02d}/03/2023,Tỉnh,M01,2,1\n" for i in range(40)]
    rows[17] = "U017,03/25/2023,Tỉnh,M01,2,1\n"
    path = tmp_path / "kiem_tra.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    with pytest.warns(te.DataQualityWarning) as caught:
        df = te.load_records(path, kind="inspections")
    text = " ".join(str(w.message) for w in caught)
    assert "'03/25/2023' (row 19)" in text  # spreadsheet row 19 = data row 18
    assert df.loc[17, "date"] == pd.Timestamp("2023-03-25")


# ---------------------------------------------------------------- the UTF-8 scan
def _scan(data: bytes, **kw):
    return scan_utf8(io.BytesIO(data), **kw)


def test_the_scan_refuses_what_decode_bytes_would_change():
    assert _scan("Khen thưởng\n".encode()).codec == "utf-8"
    assert _scan(codecs.BOM_UTF8 + "Khen thưởng\n".encode()).codec == "utf-8-sig"
    assert _scan(unicodedata.normalize("NFD", "Khen thưởng").encode()) is None
    assert _scan("Khen thưởng".encode("utf-16")) is None
    assert _scan("ab".encode("utf-16-le")) is None
    assert _scan("a\n\ufeffb\n".encode()) is None


@pytest.mark.parametrize("block", [1, 3, 7, 1 << 20])
def test_the_scan_counts_lines_and_blank_lines_whatever_the_block(block):
    data = ("a,b\r\n" * 5 + "Nguyễn,2\r\n").encode()
    scan = _scan(data, block=block)
    assert (scan.lines, scan.ends_with_newline, scan.blank_line) == (6, True, False)
    assert scan.sha256 == hashlib.sha256(data).hexdigest()
    assert _scan(b"a,b\r\n\r\n1,2", block=block).blank_line
    assert _scan(b"a,b\n1,2", block=block).ends_with_newline is False


# ---------------------------------------------------------------- the ladder check, vectorised
def test_runs_found_decides_as_the_scalar_rule():
    rng = np.random.default_rng(21)
    people = [f"P{i}" for i in range(300)]
    pre = pd.DataFrame({"recipient_id": rng.choice(people, 1500), "year": rng.integers(2010, 2026, 1500)})
    titled = pd.DataFrame({"recipient_id": rng.choice(people, 600), "year": rng.integers(2012, 2027, 600)})
    held = pre.groupby("recipient_id")["year"].agg(set).to_dict()
    for times, max_gap, offsets in [(1, 1, (0,)), (1, 1, (0, 1)), (2, 1, (0, 1)), (3, 1, (1,)), (3, 3, (0, 1)),
                                    (5, 2, (0,))]:
        fast = checks._runs_found(titled, pre, times, max_gap, offsets)
        slow = [checks._has_run(held.get(w, set()), y, times, max_gap, offsets)
                for w, y in zip(titled["recipient_id"], titled["year"])]
        assert fast.tolist() == slow, (times, max_gap, offsets)
        assert 0 < sum(slow) < len(slow)


# ---------------------------------------------------------------- Parquet
@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[Path, object]:
    from tdkt_eval.io.parquet import convert_folder

    out = tmp_path_factory.mktemp("pq") / "demo"
    check, written = convert_folder(DEMO, out)
    return out, check, written


def test_convert_writes_every_table_and_reads_it_back_equal(converted):
    out, check, written = converted
    assert sorted(p.name for p in written) == sorted(f"{k}.parquet" for k in check.tables)
    again = te.io.check_folder(out)
    assert again.errors == 0 and sorted(again.tables) == sorted(check.tables)
    for kind, frame in check.tables.items():
        pd.testing.assert_frame_equal(again.tables[kind].reset_index(drop=True), frame.reset_index(drop=True))
    assert {s.how for s in again.sources if s.kind} == {"converted"}


def test_a_converted_file_records_its_sources(converted):
    out, check, _ = converted
    note = read_validated(out / "rewards.parquet").attrs["converted_from"]
    assert note == {"rewards.csv": next(s.sha256 for s in check.sources if s.file == "rewards.csv")}


def test_a_changed_contract_makes_a_converted_file_untrusted(converted, monkeypatch):
    out, _, _ = converted
    assert validated_kind(out / "units.parquet") == "units"
    monkeypatch.setattr("tdkt_eval.io.parquet.contract_fingerprint", lambda kind: "changed")
    assert validated_kind(out / "units.parquet") is None


def test_any_other_parquet_file_is_checked_cell_by_cell(tmp_path):
    frame = pd.DataFrame({"Số quyết định": ["1/QĐ", "2/QĐ"], "Ngày quyết định": ["12/03/2023", "31/02/2023"],
                          "Năm": [2023, 2023], "Cấp khen thưởng": ["Cấp tỉnh", "Cấp tỉnh"],
                          "Hình thức": ["Giấy khen", "Giấy khen"], "Đối tượng": ["Cá nhân", "Cá nhân"],
                          "Mã đối tượng": ["P1", "P2"], "Mã đơn vị": ["U1", "U1"], "Khu vực": ["Nhà nước"] * 2,
                          "Loại địa bàn": ["Bình thường"] * 2})
    path = tmp_path / "khen_thuong.parquet"
    frame.to_parquet(path)
    assert validated_kind(path) is None
    with pytest.raises(te.DateParseError) as info:
        te.load_records(path, kind="rewards")
    assert info.value.rows == (3,) and "31/02/2023" in info.value.render("vi")
    ok = tmp_path / "ok.parquet"
    frame.iloc[:1].to_parquet(ok)
    good = te.load_records(ok, kind="rewards")
    assert good.loc[0, "decision_date"] == pd.Timestamp("2023-03-12") and good.loc[0, "year"] == 2023


def test_write_validated_replaces_a_file_whole(tmp_path):
    df = te.load_records(DEMO / "units.csv", "units").head(3)
    path = write_validated(df, tmp_path / "units.parquet", "units")
    write_validated(df.assign(unit_name="Sở Tư pháp"), path, "units")
    assert read_validated(path).loc[0, "unit_name"] == "Sở Tư pháp"
    assert [p.name for p in tmp_path.iterdir()] == ["units.parquet"]


def test_cli_convert(tmp_path, capsys, converted):
    out = tmp_path / "pq"
    assert main(["convert", str(DEMO), "--out", str(out), "--lang", "vi"]) == 0
    said = capsys.readouterr().out
    assert "Đã chuyển 13 bảng" in said and (out / "rewards.parquet").exists()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "khen_thuong.csv").write_text("Số quyết định,Ngày quyết định\n1/QĐ,31/02/2023\n", encoding="utf-8")
    (broken / "don_vi.csv").write_bytes((DEMO / "units.csv").read_bytes())
    assert main(["convert", str(broken), "--out", str(tmp_path / "pq2"), "--lang", "en"]) == 1
    said = capsys.readouterr().out
    assert "Converted 1 tables" in said and not (tmp_path / "pq2" / "rewards.parquet").exists()
    assert (tmp_path / "pq2" / "units.parquet").exists()


# ---------------------------------------------------------------- the limit on a file's size, from the command line
def test_max_file_mb_lets_the_cli_read_a_larger_file(office_rewards, tmp_path, capsys, monkeypatch):
    from tdkt_eval.io.limits import MAX_FILE_MB_VARIABLE, current_limits

    monkeypatch.delenv(MAX_FILE_MB_VARIABLE, raising=False)
    folder = tmp_path / "quoc_gia"
    folder.mkdir()
    (folder / "khen_thuong.csv").write_bytes(office_rewards.read_bytes())  # about 1.2 MB
    monkeypatch.chdir(tmp_path)  # validate writes its list of problems under reports/
    small = dataclasses.replace(current_limits(), max_file_bytes=1_000_000)  # 200 MB by default: 1 MB stands in
    monkeypatch.setattr("tdkt_eval.io.limits.DEFAULT_LIMITS", small)
    assert main(["validate", str(folder), "--lang", "vi"]) == 1
    said = capsys.readouterr().out
    assert "--max-file-mb" in said and "TDKT_MAX_FILE_MB" in said
    assert main(["validate", str(folder), "--lang", "en", "--max-file-mb", "2"]) == 0
    assert "6,000 rows" in capsys.readouterr().out
    assert MAX_FILE_MB_VARIABLE not in os.environ  # restored after the command


def test_a_bad_max_file_mb_variable_is_refused(monkeypatch):
    from tdkt_eval.io.limits import MAX_FILE_MB_VARIABLE, current_limits

    monkeypatch.setenv(MAX_FILE_MB_VARIABLE, "lots")
    with pytest.raises(te.InvalidParameterError, match="TDKT_MAX_FILE_MB"):
        current_limits()
    monkeypatch.setenv(MAX_FILE_MB_VARIABLE, "4000")
    assert current_limits().max_file_bytes == 4000 * 2**20
