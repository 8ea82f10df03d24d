"""The contracts match design.md, their documentation, and their vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest

import tdkt_eval as te
from tdkt_eval.io.contracts import README_END, README_START, contracts_markdown
from tdkt_eval.io.text import fold, header_key
from tdkt_eval.io.vocabulary import VOCABULARIES, lookup_table

ROOT = Path(__file__).resolve().parents[1]

# The columns design.md lists for each table (typed out from the design card, not from the code).
DESIGN = {
    "staff_responses": "respondent_id unit_id district level position_group gender sector start end weight",
    "citizen_responses": "respondent_id commune district stratum psu weight fpc",
    "inspections": "unit_id date inspector_level movement_id findings_count findings_resolved score",
    "cluster_scores": "cluster_id year unit_id criterion_id self_score verified_score max_score",
    "cluster_results": "cluster_id year unit_id total_score rank votes flag_awarded",
    "criteria": "movement_id unit_id criterion_id text",
    "rewards": ("decision_no decision_date year level form recipient_type recipient_id unit_id position_group "
                "gender sector area_type movement_id ad_hoc proposal_date achievement_score"),
    "personnel": "person_id unit_id year position_group gender sector area_type annual_rating achievement_score",
    "workforce": "unit_id year position_group gender sector area_type headcount",
    "reports": "unit_id year kind text",
}


@pytest.mark.parametrize("kind", sorted(DESIGN))
def test_every_design_column_is_in_the_contract(kind):
    assert set(DESIGN[kind].split()) <= set(te.get_table(kind).names)


def test_data_readme_is_generated_from_the_contracts():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split(README_START, 1)[1].split(README_END, 1)[0]
    assert section.strip() == contracts_markdown().strip(), "run `make data-readme`"


@pytest.mark.parametrize(("header", "kind", "column"), [
    ("Giới tính", "personnel", "gender"), ("GIOI TINH", "personnel", "gender"),
    ("Số quyết định", "rewards", "decision_no"), ("So QD", "rewards", "decision_no"),
    ("Chức vụ", "personnel", "position_group"), ("Điểm thẩm định", "cluster_scores", "verified_score"),
    ("Tổng điểm (điểm)", "cluster_results", "total_score"), ("Xếp loại", "personnel", "annual_rating"),
])
def test_headers_named_in_the_issue_map(header, kind, column):
    from tdkt_eval.io.headers import map_headers

    mapping = map_headers([header], te.get_table(kind), source="x")
    assert mapping.names == (column,)


def test_aliases_are_unambiguous_within_a_table():
    for table in te.TABLES.values():
        owners: dict[str, str] = {}
        for col in table.columns:
            for spelling in (col.name, *col.aliases):
                key = header_key(spelling)
                assert owners.setdefault(key, col.name) == col.name, (table.kind, spelling)


def test_vocabulary_spellings_are_unambiguous():
    for name, vocab in VOCABULARIES.items():
        seen: dict[str, str] = {}
        for code, spellings in vocab.items():
            for spelling in (code, *spellings):
                assert seen.setdefault(fold(spelling), code) == code, (name, spelling)
        assert set(lookup_table(name).values()) == set(vocab)


def test_unknown_kind_lists_the_kinds():
    with pytest.raises(te.UnknownKindError, match="rewards"):
        te.get_table("khen thuong")
