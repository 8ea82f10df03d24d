"""Small-cell suppression protects people: counts of respondents and persons are hidden below k_min,
counts of decisions, records, units or files are not (three reward decisions identify nobody)."""

from __future__ import annotations

import pandas as pd
import pytest

from tdkt_eval.reporting import Campaign, suppress_rows
from tdkt_eval.reporting.disclosure import PEOPLE, THINGS, people_counts
from tdkt_eval.reporting.sections import rewards as rewards_section


def small_table() -> pd.DataFrame:
    return pd.DataFrame({"group": ["A", "B"], "count": [3, 40], "median_days": [90.0, 32.0]})


@pytest.mark.parametrize("of", sorted(PEOPLE))
def test_a_small_count_of_people_is_hidden(of):
    out, n = suppress_rows(small_table(), {"count": of}, 5)
    assert n == 1 and out.loc[0].tolist() == ["A", "<5", "<5"] and out.loc[1].tolist() == ["B", 40, 32.0]


@pytest.mark.parametrize("of", sorted(THINGS))
def test_a_small_count_of_things_is_shown(of):
    out, n = suppress_rows(small_table(), {"count": of}, 5)
    assert n == 0 and out.equals(small_table())


def test_a_row_is_hidden_by_its_people_whatever_its_records():
    table = pd.DataFrame({"unit": ["U1", "U2"], "respondents": [4, 30], "records": [200, 2]})
    out, n = suppress_rows(table, {"respondents": "respondents", "records": "records"}, 5)
    assert n == 1 and out["respondents"].tolist() == ["<5", 30]
    assert out["records"].tolist() == ["<5", 2]  # the row of 4 people goes whole; 2 records of 30 people stay


def test_the_kind_of_count_must_be_one_of_the_known_kinds():
    with pytest.raises(ValueError, match="'counts'.*people"):
        suppress_rows(small_table(), {"count": "people"}, 5)
    assert people_counts(["a", "b"]) == ["a", "b"]  # bare names: counts of people, as before


def campaign(rewards: pd.DataFrame | None = None) -> Campaign:
    tables = {} if rewards is None else {"rewards": rewards}
    return Campaign(tables, pd.DataFrame(), lang="vi", k_min=5)


def test_report_tables_declare_what_they_count():
    c = campaign()
    people = c.table(small_table(), "people", "Bảng", counts={"count": "respondents"})
    things = c.table(small_table(), "things", "Bảng", counts={"count": "decisions"})
    assert people.frame.iloc[0, 1] == "<5" and "<5" in people.note
    assert things.frame.iloc[0, 1] == 3 and things.note == ""
    assert c.suppressed == {"people": 1}


def test_the_timeliness_table_shows_three_state_awards_as_three():
    """Three orders decided in a year are public decisions: the report prints 3, not <5."""
    decided = pd.to_datetime(["2023-06-01"] * 3 + ["2023-03-01"] * 12)
    rewards = pd.DataFrame({
        "level": ["state"] * 3 + ["grassroots"] * 12,
        "form": ["huan_chuong_lao_dong"] * 3 + ["giay_khen"] * 12,
        "decision_date": decided,
        "proposal_date": decided - pd.Timedelta(days=40),
        "year": 2023,
    })
    c = campaign(rewards)
    section = rewards_section(c)
    table = next(item for item in section.items if getattr(item, "name", "") == "timeliness")
    rows = table.frame.set_index("Danh hiệu, hình thức khen thưởng")
    assert rows.loc["Huân chương Lao động", "Số hồ sơ"] == 3 and rows.loc["Giấy khen", "Số hồ sơ"] == 12
    assert rows.loc["Huân chương Lao động", "Cấp"] == "Nhà nước"
    assert c.suppressed == {}
