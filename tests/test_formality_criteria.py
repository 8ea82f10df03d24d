"""Measurable criteria: the rule tables, a hand-labelled set and the demo province's labels."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.formality.criteria import (
    NO_TARGET,
    NOT_TARGET_RULES,
    TARGET_RULES,
    MeasurabilityResult,
    classify_criterion,
    criteria_measurability,
)

HERE = Path(__file__).resolve().parent
LABELLED = HERE / "data" / "criteria_labelled.csv"
DEMO = HERE.parent / "data" / "demo"


def precision_recall(truth: pd.Series, predicted: pd.Series) -> tuple[float, float]:
    tp = int((truth & predicted).sum())
    return tp / int(predicted.sum()), tp / int(truth.sum())


@pytest.fixture
def labelled() -> pd.DataFrame:
    df = pd.read_csv(LABELLED, dtype={"text": str, "note": str})
    df["measurable"] = df["measurable"].map({"true": True, "false": False, True: True, False: False})
    df["predicted"] = [classify_criterion(t).measurable for t in df["text"]]
    return df


def test_labelled_set_is_large_and_varied(labelled):
    assert len(labelled) >= 150
    assert labelled["text"].is_unique
    assert 0.3 < labelled["measurable"].mean() < 0.7
    no_marks = labelled["text"].map(lambda t: te.io.text.fold(t) == " ".join(t.lower().split()))
    assert no_marks.sum() >= 15  # typed without diacritics
    assert labelled["measurable"].notna().all()


def test_labelled_precision_recall(labelled):
    precision, recall = precision_recall(labelled["measurable"], labelled["predicted"])
    holdout = labelled[labelled["note"].str.startswith("holdout")]
    h_precision, h_recall = precision_recall(holdout["measurable"], holdout["predicted"])
    wrong = labelled.loc[labelled["measurable"] != labelled["predicted"], ["text", "measurable"]]
    print(f"\nhand-labelled criteria (n={len(labelled)}): precision {precision:.3f}, recall {recall:.3f}"
          f"\n  of which holdout rows (n={len(holdout)}): precision {h_precision:.3f}, recall {h_recall:.3f}"
          f"\n  misclassified:\n{wrong.to_string(index=False)}")
    assert precision >= 0.9
    assert recall >= 0.9


def test_demo_accuracy():
    criteria = te.load_records(DEMO / "criteria.csv", "criteria")
    labels = pd.read_csv(DEMO / "criteria_labels.csv", dtype=str)
    labels["truth"] = labels["measurable"].str.lower().eq("true")
    res = criteria_measurability(criteria)
    merged = res.criteria.astype({k: str for k in ("movement_id", "unit_id", "criterion_id")}).merge(
        labels[["movement_id", "unit_id", "criterion_id", "truth"]], on=["movement_id", "unit_id", "criterion_id"],
        validate="one_to_one")
    assert len(merged) == len(criteria)
    accuracy = float((merged["measurable"] == merged["truth"]).mean())
    print(f"\ndemo criteria (n={len(merged)}): accuracy {accuracy:.3f}; "
          f"share measurable {res.share:.3f} (true {merged['truth'].mean():.3f})")
    assert accuracy >= 0.95


@pytest.mark.parametrize("rule", TARGET_RULES, ids=lambda r: r.name)
def test_target_rule_fires_on_its_example_only(rule):
    assert rule.fires(rule.example)
    assert not rule.fires(rule.counterexample)
    verdict = classify_criterion(rule.example)
    assert verdict.measurable and rule.name in verdict.rules


@pytest.mark.parametrize("rule", NOT_TARGET_RULES, ids=lambda r: r.name)
def test_not_target_rule_blanks_its_number(rule):
    assert rule.fires(rule.example)
    assert not rule.fires(rule.counterexample)
    assert classify_criterion(rule.example) == (False, NO_TARGET, (), True)


def test_rules_are_named_uniquely_and_match_without_diacritics():
    names = [r.name for r in TARGET_RULES + NOT_TARGET_RULES]
    assert len(names) == len(set(names))
    for rule in TARGET_RULES:
        assert rule.fires(te.io.text.fold(rule.example)), rule.name


@pytest.mark.parametrize("text, measurable", [
    ("Hoàn thành các nhiệm vụ được giao trong năm 2024.", False),      # a bare year is not a deadline
    ("Hoàn thành số hóa hồ sơ trong quý III năm 2024.", True),          # a quarter is
    ("Hoàn thành trước 31/12/2024.", True),
    ("Phấn đấu hoàn thành xuất sắc nhiệm vụ năm 2019.", False),
    ('Thực hiện phương châm "3 tốt": làm tốt, phục vụ tốt, đoàn kết tốt.', False),
    ("Vận động Quỹ Vì người nghèo đạt 1.200 triệu đồng.", True),
    ("Tỷ lệ hồ sơ trực tuyến đạt 85 %.", True),
    ("Xây dựng hai mô hình mới.", True),                                 # spelled numeral, with diacritics
    ("Hoc tap va lam theo tam guong dao duc Ho Chi Minh.", False),      # "tam" is tấm, not eight
    ("Không để xảy ra cháy nổ.", True),
    ("Nâng cao chất lượng, hiệu quả hoạt động.", False),
])
def test_decisions(text, measurable):
    assert classify_criterion(text).measurable is measurable


def test_nfc_and_nfd_give_the_same_verdict(labelled):
    for text in labelled["text"]:
        assert classify_criterion(unicodedata.normalize("NFD", text)) == classify_criterion(text)


def test_reason_and_diacritics():
    v = classify_criterion("Giam 5% so vu vi pham trat tu xa hoi")
    assert v.measurable and v.reason == "change" and not v.diacritics
    v = classify_criterion("Tích cực hưởng ứng phong trào thi đua.")
    assert v == (False, NO_TARGET, (), True)


@pytest.fixture
def small() -> pd.DataFrame:
    return pd.DataFrame({
        "movement_id": ["M1", "M1", "M1", "M2"],
        "unit_id": ["U1", "U1", "U2", "U2"],
        "criterion_id": ["T1", "T2", "T1", "T1"],
        "text": ["Giảm 10% hộ nghèo.", "Thực hiện tốt công tác dân vận.", "Tổ chức 3 hội nghị.",
                 "Làm tốt công tác tuyên truyền."],
        "extra": [1, 2, 3, 4]})


def test_result_tables(small):
    before = small.copy()
    res = criteria_measurability(small)
    pd.testing.assert_frame_equal(small, before)  # input not modified
    assert isinstance(res, MeasurabilityResult)
    assert list(res.criteria.columns) == ["movement_id", "unit_id", "criterion_id", "text", "measurable",
                                          "reason", "rules", "diacritics"]
    assert res.criteria["measurable"].tolist() == [True, False, True, False]
    assert res.by_movement.set_index("movement_id")["share"].to_dict() == {"M1": 2 / 3, "M2": 0.0}
    assert res.by_unit.set_index("unit_id")["n_measurable"].to_dict() == {"U1": 1, "U2": 1}
    assert (res.by_unit["ci_low"] <= res.by_unit["share"]).all()
    assert (res.by_unit["share"] <= res.by_unit["ci_high"]).all()
    assert res.share == 0.5
    assert "2 of 4" in str(res)
    pd.testing.assert_frame_equal(res.to_frame(), res.criteria)


def test_without_unit_column(small):
    res = criteria_measurability(small.drop(columns="unit_id"))
    assert res.by_unit.empty and "share" in res.by_unit.columns
    assert len(res.by_movement) == 2


def test_missing_column(small):
    with pytest.raises(te.MissingColumnError, match="text"):
        criteria_measurability(small.drop(columns="text"))


def test_empty_text_names_the_rows(small):
    small.loc[1, "text"] = "  "
    small.loc[3, "text"] = None
    with pytest.raises(te.MissingValueError, match=r"rows 3, 5") as err:
        criteria_measurability(small)
    assert err.value.rows == (3, 5)
