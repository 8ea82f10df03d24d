"""The shipped table of provinces before and after the 2025 reform, against the resolution's own counts.

The golden values are written out here from the texts of Resolution 202/2025/QH15 as reported when it
was adopted (12 June 2025): 52 provinces and cities arranged into 23 new ones, 11 not arranged (named),
34 in all; and the examples that issue 20 names. None of them is read from the table under test.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

#: The 11 provincial-level units the resolution leaves as they were.
UNCHANGED = {"Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
             "Nghệ An", "Hà Tĩnh", "Cao Bằng"}
#: The six centrally-run cities after the reform (28 provinces + 6 cities = 34).
CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
#: Three-way mergers named in the resolution; every other merger joins two provinces.
THREE_WAY = {"Phú Thọ": {"Vĩnh Phúc", "Phú Thọ", "Hòa Bình"}, "Ninh Bình": {"Hà Nam", "Ninh Bình", "Nam Định"},
             "Lâm Đồng": {"Đắk Nông", "Lâm Đồng", "Bình Thuận"},
             "Hồ Chí Minh": {"Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"},
             "Cần Thơ": {"Sóc Trăng", "Hậu Giang", "Cần Thơ"}, "Vĩnh Long": {"Bến Tre", "Vĩnh Long", "Trà Vinh"}}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    text = resources.files("tdkt_eval").joinpath("io/data/provinces_2025.csv").read_text("utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


@pytest.fixture(scope="module")
def predecessors(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        out[r["new_province"]].add(r["old_province"])
    return dict(out)


def test_columns_and_one_row_per_former_province(rows: list[dict[str, str]]) -> None:
    assert list(rows[0]) == ["old_province", "new_province", "kind", "effective_date", "source", "confirmed"]
    olds = [r["old_province"] for r in rows]
    assert len(olds) == 63 and len(set(olds)) == 63


def test_counts_match_the_resolution(rows: list[dict[str, str]], predecessors: dict[str, set[str]]) -> None:
    assert len(predecessors) == 34
    merged_new = {new for new, olds in predecessors.items() if len(olds) > 1}
    assert len(merged_new) == 23
    assert sum(len(predecessors[new]) for new in merged_new) == 52
    assert CITIES <= set(predecessors)
    assert {r["old_province"] for r in rows if r["kind"] == "unchanged"} == UNCHANGED


def test_kind_agrees_with_the_mapping(rows: list[dict[str, str]], predecessors: dict[str, set[str]]) -> None:
    for r in rows:
        alone = predecessors[r["new_province"]] == {r["old_province"]}
        assert (r["kind"] == "unchanged") == alone, r
        assert r["kind"] in {"merged", "unchanged"}


def test_named_examples(rows: list[dict[str, str]]) -> None:
    new_of = {r["old_province"]: r["new_province"] for r in rows}
    assert new_of["Bình Phước"] == "Đồng Nai"
    assert new_of["Hà Giang"] == "Tuyên Quang"
    assert new_of["Thái Bình"] == "Hưng Yên"
    assert new_of["Hải Dương"] == "Hải Phòng"
    assert new_of["Quảng Nam"] == "Đà Nẵng"


def test_group_sizes(predecessors: dict[str, set[str]]) -> None:
    for new, olds in predecessors.items():
        if new in THREE_WAY:
            assert olds == THREE_WAY[new], new
        elif new not in UNCHANGED:
            assert len(olds) == 2, (new, olds)


def test_every_new_province_keeps_a_predecessors_name(predecessors: dict[str, set[str]]) -> None:
    assert [new for new, olds in predecessors.items() if new not in olds] == []


def test_text_is_clean(rows: list[dict[str, str]]) -> None:
    for r in rows:
        for key, value in r.items():
            assert value == unicodedata.normalize("NFC", value) == value.strip(), (key, value)
        assert r["effective_date"] == "2025-07-01"
        assert r["source"] == "Nghị quyết 202/2025/QH15"
        assert r["confirmed"] in {"yes", "no"}
    spelled = {r["old_province"] for r in rows} | {r["new_province"] for r in rows}
    assert {"Hòa Bình", "Khánh Hòa", "Thanh Hóa"} <= spelled  # the official accent placement
    assert not {"Hoà Bình", "Khánh Hoà", "Thanh Hoá", "Thừa Thiên Huế"} & spelled


def test_the_package_ships_the_table() -> None:
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    if pyproject.is_file():  # a source checkout: the package-data glob covers the file
        assert '"io/data/*.csv"' in pyproject.read_text("utf-8")
    assert resources.files("tdkt_eval.io").joinpath("data/provinces_2025.csv").is_file()
