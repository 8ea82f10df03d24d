"""The report's compliance part: rules by their names in the report's language, and what was skipped."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.compliance.engine import load_rules
from tdkt_eval.reporting._sections_rewards import _model, compliance
from tdkt_eval.reporting.artifacts import ReportSection
from tdkt_eval.reporting.campaign import Campaign

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return te.load_dataset(DEMO)


def _planted() -> pd.DataFrame:
    planted = pd.read_csv(DEMO / "planted.csv", dtype=str, keep_default_na=False)
    return planted[planted["effect"] == "compliance"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compliance_table_shows_rule_names_and_the_planted_count(demo, lang) -> None:
    section = compliance(Campaign(demo, pd.DataFrame(), lang=lang, k_min=5))
    table = section.items[0].frame
    text = table.to_string()
    for rule_id in load_rules().ids:
        assert rule_id not in text
    assert "_" not in text  # no code of any kind
    assert table.iloc[:, -1].sum() == len(_planted())  # records are decisions: none suppressed
    if lang == "vi":
        assert "Chiến sĩ thi đua cơ sở phải đạt Lao động tiên tiến cùng năm (Luật 2003)" in set(table.iloc[:, 0])
        assert "Điều 23 Luật Thi đua, khen thưởng 2003 (số 15/2003/QH11, sửa đổi 2013)" in set(table.iloc[:, 1])
        assert section.findings[0].estimate.startswith(f"{len(_planted())} hồ sơ")
        assert "Law" not in text and "certain" not in text
    else:
        assert "One achievement is not rewarded twice (2022 Law)" in set(table.iloc[:, 0])
    assert not section.notes  # nothing skipped on the demo


def test_a_missing_column_is_named_with_the_rules_it_disables(demo) -> None:
    tables = {**demo, "rewards": demo["rewards"].drop(columns=["movement_id", "ad_hoc"])}
    c = Campaign(tables, pd.DataFrame(), lang="vi", k_min=5)
    section = compliance(c)
    # The ladders still run: the six ladder violations are found, the double rewards are not checked.
    kinds = [q.split(": ")[0] for q in _planted()["quantity"]]
    assert section.items[0].frame.iloc[:, -1].sum() == len(kinds) - kinds.count("same_reward_twice")
    assert len(section.notes) == 2
    assert all("Một thành tích không khen thưởng hai lần" in n and "mã phong trào" in n for n in section.notes)
    assert "2 quy định chưa kiểm tra được" in section.findings[0].reading
    model = ReportSection("rewards", "")
    _model(c, model)  # the model runs without ad_hoc, and says so in Vietnamese
    assert any("đột xuất" in n for n in model.notes) and model.findings


def test_english_notes_name_rules_not_ids(demo) -> None:
    tables = {**demo, "rewards": demo["rewards"].drop(columns="movement_id")}
    notes = compliance(Campaign(tables, pd.DataFrame(), lang="en", k_min=5)).notes
    assert notes == ["Rule 'One achievement is not rewarded twice (2003 Law)' was not checked: the rewards table "
                     "has no column 'movement_id'. Add the column to enable it.",
                     "Rule 'One achievement is not rewarded twice (2022 Law)' was not checked: the rewards table "
                     "has no column 'movement_id'. Add the column to enable it."]
