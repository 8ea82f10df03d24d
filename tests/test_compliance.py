"""Legal rules as data: the shipped rule file, rule-file errors, validity windows and each rule's check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import tdkt_eval as te
from tdkt_eval.compliance.engine import (
    RESULT_COLUMNS,
    check_compliance,
    load_rules,
    rule_citation,
    rule_label,
    rules_table,
    skipped_rules,
)
from tdkt_eval.errors import InputFileNotFoundError, InvalidParameterError, MissingColumnError, RuleFileError
from tdkt_eval.io.vocabulary import reward_forms

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
LEVEL = {f["code"]: f["level"] for f in reward_forms()}
COLLECTIVE = {"co_thi_dua_chinh_phu", "co_thi_dua_tinh", "tap_the_lao_dong_xuat_sac", "tap_the_lao_dong_tien_tien"}
HEADER = {"title": {"vi": "Quy định thi đua của tỉnh X", "en": "Province X emulation rules"},
          "jurisdiction": "Tỉnh X", "version": "1"}


# ----------------------------------------------------------------------------- helpers
def rec(who: str, form: str, year: int, date: str | None = None, **extra: object) -> dict[str, object]:
    """One reward; by default decided on 15 February of the next year (the usual round)."""
    return {"decision_date": date or f"{year + 1}-02-15", "year": year, "level": LEVEL.get(form, "grassroots"),
            "form": form, "recipient_type": "collective" if form in COLLECTIVE else "individual",
            "recipient_id": who, "unit_id": "U1", "movement_id": None, **extra}


def table(*records: dict[str, object]) -> pd.DataFrame:
    frame = pd.DataFrame(list(records))
    frame.insert(0, "decision_no", [f"{i}/QĐ-UBND" for i in range(1, len(frame) + 1)])
    return frame


def every_year(who: str, form: str, first: int = 2015, last: int = 2024) -> list[dict[str, object]]:
    """Someone holding ``form`` every year, so that the data cover those years."""
    return [rec(who, form, y) for y in range(first, last + 1)]


def write_rules(folder: Path, *rules: dict[str, object], name: str = "province.yaml", **top: object) -> Path:
    path = folder / name
    doc = {**HEADER, "rules": list(rules), **top}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def flagged(result: pd.DataFrame) -> set[str]:
    """Recipients (or unit/cluster records) that the result lists."""
    return set(result["recipient_id"].dropna()) | set(result.loc[result["recipient_id"].isna(), "record"])


GOOD_RULE = {
    "id": "my_rule", "description_vi": "Quy định thử.", "description_en": "A test rule.",
    "source": {"document": "Quyết định 1/2024/QĐ-UBND", "article": "Điều 2"},
    "valid_from": "2024-01-01", "valid_to": None, "enabled": True, "check": "requires_same_year",
    "params": {"title": "chien_si_thi_dua_co_so", "requires": "lao_dong_tien_tien"}, "certainty": "certain"}


# ----------------------------------------------------------------------------- one case per rule
def _double(year: int) -> pd.DataFrame:
    return table(rec("P1", "giay_khen", year, movement_id="M01"), rec("P1", "giay_khen", year, movement_id="M01"),
                 rec("P2", "giay_khen", year, movement_id="M01"), rec("P2", "bang_khen_tinh", year, movement_id="M01"),
                 rec("P3", "bang_khen_tinh", year, movement_id="M01"),
                 rec("P3", "ky_niem_chuong", year, movement_id="M01"),
                 rec("P4", "giay_khen", year, movement_id="M01"), rec("P4", "giay_khen", year, movement_id="M02"),
                 rec("P5", "giay_khen", year), rec("P5", "giay_khen", year))


def _provincial(y: int) -> pd.DataFrame:  # y: the award year
    return table(*every_year("F", "chien_si_thi_dua_co_so"),
                 *(rec("P1", "chien_si_thi_dua_co_so", v) for v in (y - 2, y - 1, y)),
                 rec("P1", "chien_si_thi_dua_tinh", y),
                 *(rec("P2", "chien_si_thi_dua_co_so", v) for v in (y - 2, y)), rec("P2", "chien_si_thi_dua_tinh", y))


def _national(y: int) -> pd.DataFrame:
    return table(*every_year("F", "chien_si_thi_dua_tinh"),
                 rec("P1", "chien_si_thi_dua_tinh", y - 3), rec("P1", "chien_si_thi_dua_tinh", y),
                 rec("P1", "chien_si_thi_dua_toan_quoc", y),
                 rec("P2", "chien_si_thi_dua_tinh", y - 4), rec("P2", "chien_si_thi_dua_tinh", y),
                 rec("P2", "chien_si_thi_dua_toan_quoc", y))


def _grassroots(y: int) -> pd.DataFrame:
    return table(rec("F", "lao_dong_tien_tien", y), rec("P1", "lao_dong_tien_tien", y),
                 rec("P1", "chien_si_thi_dua_co_so", y), rec("P2", "chien_si_thi_dua_co_so", y))


def _cap() -> pd.DataFrame:
    u1 = [rec(f"A{i}", "lao_dong_tien_tien", 2022) for i in range(10)] + [rec("A0", "chien_si_thi_dua_co_so", 2022)]
    u2 = [rec(f"B{i}", "lao_dong_tien_tien", 2022, unit_id="U2") for i in range(5)]
    u2 += [rec(f"B{i}", "chien_si_thi_dua_co_so", 2022, unit_id="U2") for i in range(2)]
    return table(*u1, *u2)


# rule id -> (inputs, recipients/records that pass, recipients/records that violate)
CASES: dict[str, tuple[dict[str, object], set[str], set[str]]] = {
    "forms_closed_list_law2022": (
        {"rewards": table(rec("P1", "giay_khen", 2023), rec("P2", "bang_khen_bo", 2023),
                          rec("P3", "co_thi_dua_tinh", 2023, recipient_type="individual"),
                          rec("U4", "co_thi_dua_tinh", 2023))},
        {"P1", "U4"}, {"P2", "P3"}),
    "ladder_grassroots_fighter_law2003": ({"rewards": _grassroots(2022)}, {"P1"}, {"P2"}),
    "ladder_grassroots_fighter_law2022": ({"rewards": _grassroots(2023)}, {"P1"}, {"P2"}),
    "ladder_provincial_fighter_law2003": ({"rewards": _provincial(2022)}, {"P1"}, {"P2"}),
    "ladder_provincial_fighter_law2022": ({"rewards": _provincial(2023)}, {"P1"}, {"P2"}),
    "ladder_national_fighter_law2003": ({"rewards": _national(2022)}, {"P1"}, {"P2"}),
    "ladder_national_fighter_law2022": ({"rewards": _national(2023)}, {"P1"}, {"P2"}),
    "one_achievement_one_reward_law2003": ({"rewards": _double(2022)}, {"P2", "P4", "P5"}, {"P1", "P3"}),
    "one_achievement_one_reward_law2022": ({"rewards": _double(2023)}, {"P2", "P4", "P5"}, {"P1", "P3"}),
    "one_annual_title_per_year": (
        {"rewards": table(rec("P1", "lao_dong_tien_tien", 2022), rec("P1", "chien_si_thi_dua_co_so", 2022),
                          rec("P2", "lao_dong_tien_tien", 2022), rec("P2", "lao_dong_tien_tien", 2022))},
        {"P1"}, {"P2"}),
    "cap_grassroots_fighters": ({"rewards": _cap()}, {"unit U1 / 2022"}, {"unit U2 / 2022"}),
    "one_flag_per_cluster": (
        {"rewards": table(rec("P1", "giay_khen", 2023)),
         "cluster_results": pd.DataFrame({"cluster_id": ["C1", "C1", "C2", "C2"], "year": 2023,
                                          "unit_id": ["U1", "U2", "U3", "U4"],
                                          "flag_awarded": [True, False, True, True]})},
        {"cluster C1 / 2023"}, {"cluster C2 / 2023"}),
    "government_flag_to_cluster_leader": (
        {"rewards": table(rec("U1", "co_thi_dua_tinh", 2023), rec("U1", "co_thi_dua_chinh_phu", 2023),
                          rec("U2", "co_thi_dua_chinh_phu", 2023))},
        {"U1"}, {"U2"}),
}


def test_every_shipped_rule_has_a_case() -> None:
    assert set(CASES) == set(load_rules().ids)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_and_violates(rule_id: str, tmp_path: Path) -> None:
    inputs, passing, violating = CASES[rule_id]
    on = write_rules(tmp_path, {"id": rule_id, "enabled": True})  # the cap is off by default
    rules = load_rules(on).subset([rule_id])
    found = check_compliance(**inputs, rules=rules)
    assert list(found.columns) == list(RESULT_COLUMNS)
    assert set(found["rule_id"]) == {rule_id}
    assert flagged(found) == violating
    assert not flagged(found) & passing
    assert (found["status"] == "violation").all()
    assert found["source"].str.len().gt(0).all()
    assert set(found["certainty"]) == {rules[rule_id].certainty}


# ----------------------------------------------------------------------------- reasons
def test_reasons_are_specific() -> None:
    rules = load_rules()
    found = check_compliance(_grassroots(2023), rules=rules.subset(["ladder_grassroots_fighter_law2022"]))
    assert found["reason"].tolist() == ["chien_si_thi_dua_co_so in 2023 without lao_dong_tien_tien in 2023"]
    found = check_compliance(_provincial(2023), rules=rules.subset(["ladder_provincial_fighter_law2022"]))
    assert found["reason"].tolist() == [
        "chien_si_thi_dua_tinh in 2023 without chien_si_thi_dua_co_so in 3 consecutive years ending 2023 or 2022 "
        "(found: 2021, 2023)"]
    found = check_compliance(_double(2023), rules=rules.subset(["one_achievement_one_reward_law2022"]))
    reasons = dict(zip(found["recipient_id"], found["reason"]))
    assert reasons["P1"] == ("giay_khen given twice to P1 for one achievement (movement_id M01, year 2023): "
                             "1/QĐ-UBND and 2/QĐ-UBND")
    assert reasons["P3"].startswith("two ministry_province forms to P3")
    found = check_compliance(*CASES["forms_closed_list_law2022"][0].values(),
                             rules=rules.subset(["forms_closed_list_law2022"]))
    assert "'bang_khen_bo' is not one of the law's forms" in found.set_index("recipient_id").loc["P2", "reason"]
    assert "is for a collective recipient" in found.set_index("recipient_id").loc["P3", "reason"]


def test_nested_titles_can_be_switched_off(tmp_path: Path) -> None:
    path = write_rules(tmp_path, {"id": "one_annual_title_per_year", "params": {"nested": False}})
    rules = load_rules(path)
    assert rules["one_annual_title_per_year"].params["titles"][0] == "lao_dong_tien_tien"  # merged, not replaced
    inputs = CASES["one_annual_title_per_year"][0]
    found = check_compliance(**inputs, rules=rules.subset(["one_annual_title_per_year"]))
    assert flagged(found) == {"P1", "P2"}


# ----------------------------------------------------------------------------- validity windows
def test_validity_windows_follow_the_decision_date() -> None:
    rules = load_rules()
    late_2023 = table(rec("F", "lao_dong_tien_tien", 2023, "2023-12-20"),
                      rec("P2", "chien_si_thi_dua_co_so", 2023, "2023-12-20"))
    early_2024 = late_2023.assign(decision_date="2024-01-05")
    new_law = rules.subset(["ladder_grassroots_fighter_law2022"])
    old_law = rules.subset(["ladder_grassroots_fighter_law2003"])
    assert check_compliance(late_2023, rules=new_law).empty  # a 2023 decision is not checked against the 2022 Law
    assert len(check_compliance(early_2024, rules=new_law)) == 1
    assert len(check_compliance(late_2023, rules=old_law)) == 1
    assert check_compliance(early_2024, rules=old_law).empty  # nor a 2024 decision against the old law
    both = check_compliance(early_2024, rules=rules.subset(["ladder_grassroots_fighter_law2003",
                                                            "ladder_grassroots_fighter_law2022"]))
    assert both["rule_id"].tolist() == ["ladder_grassroots_fighter_law2022"]
    assert both["checked_on"].tolist() == [pd.Timestamp("2024-01-05")]


def test_on_date_applies_the_rules_of_that_day() -> None:
    rules = load_rules().subset(["ladder_grassroots_fighter_law2003", "ladder_grassroots_fighter_law2022"])
    old = table(rec("F", "lao_dong_tien_tien", 2021), rec("P2", "chien_si_thi_dua_co_so", 2021))
    as_if = check_compliance(old, rules=rules, on="2024-06-30")
    assert as_if["rule_id"].tolist() == ["ladder_grassroots_fighter_law2022"]
    assert as_if["checked_on"].tolist() == [pd.Timestamp("2024-06-30")]
    assert check_compliance(old, rules=rules)["rule_id"].tolist() == ["ladder_grassroots_fighter_law2003"]
    with pytest.raises(InvalidParameterError, match="'on' parameter"):
        check_compliance(old, rules=rules, on="not a date")


def test_the_two_tier_reform_ends_no_rule() -> None:
    # Law 06/2022/QH15 stays in force on 1 July 2025 (the reform changed the map, not the titles' standards):
    # a rule in force the day before the reform is still in force on the day.
    rules = load_rules()
    before, on = pd.Timestamp("2025-06-30").date(), pd.Timestamp("2025-07-01").date()
    assert [r.id for r in rules if r.in_force_on(before) and not r.in_force_on(on)] == []


def test_grassroots_ladder_checked_after_the_reform() -> None:
    # A commune-level title round for 2025, decided after 1 July 2025: P2 has no "Lao động tiên tiến".
    after = _grassroots(2025).assign(decision_date="2025-12-15")
    found = check_compliance(after, rules=load_rules().subset(["ladder_grassroots_fighter_law2022"]))
    assert set(found["recipient_id"]) == {"P2"}
    assert found["checked_on"].tolist() == [pd.Timestamp("2025-12-15")]


def test_reform_notes_name_their_sources() -> None:
    # Each rule the reform touches says so in its note, with a date and a text the file lists among its sources.
    meta = load_rules().files[0]
    documents = " ".join(str(s.get("document", "")) for s in meta["sources"])
    touched = [r for r in load_rules() if "Two-tier reform" in r.note]
    assert {r.id for r in touched} >= {"forms_closed_list_law2022", "ladder_grassroots_fighter_law2022"}
    for rule in touched:
        assert "2025-07-01" in rule.note and "01/7/2025" in rule.note  # English and Vietnamese
        cited = [n for n in ("72/2025/QH15", "203/2025/QH15", "152/2025/NĐ-CP", "Art. 80") if n in rule.note]
        assert all(n.replace("Art. 80", "Điều 80") in documents for n in cited)


def test_earlier_decisions_still_count_as_prerequisites() -> None:
    # The grassroots titles of 2021-2023 were decided under the old law; they support a 2024 decision.
    found = check_compliance(_provincial(2023), rules=load_rules().subset(["ladder_provincial_fighter_law2022"]))
    assert set(found["recipient_id"]) == {"P2"}


# ----------------------------------------------------------------------------- the disabled cap
@pytest.mark.filterwarnings("ignore:Rule .* needs the cluster_results table")
def test_cap_is_off_unless_a_user_file_enables_it(tmp_path: Path) -> None:
    default = load_rules()
    assert default["cap_grassroots_fighters"].enabled is False
    assert "cap_grassroots_fighters" not in set(check_compliance(_cap(), rules=default)["rule_id"])
    enabled = load_rules(write_rules(tmp_path, {"id": "cap_grassroots_fighters", "enabled": True}))
    found = check_compliance(_cap(), rules=enabled)
    cap = found[found["rule_id"] == "cap_grassroots_fighters"]
    assert cap["record"].tolist() == ["unit U2 / 2022"]
    assert "2 chien_si_thi_dua_co_so in unit U2 in 2022 against 5 lao_dong_tien_tien (40%)" in cap["reason"].iloc[0]
    # Still dated: the same data decided in 2024 fall after the cap's valid_to.
    late = _cap().assign(decision_date="2024-03-01")
    assert "cap_grassroots_fighters" not in set(check_compliance(late, rules=enabled)["rule_id"])


def test_later_files_override_earlier_ones_field_by_field(tmp_path: Path) -> None:
    first = write_rules(tmp_path, {"id": "cap_grassroots_fighters", "enabled": True}, name="a.yaml")
    second = write_rules(tmp_path, {"id": "cap_grassroots_fighters", "params": {"max_ratio": 0.5}}, name="b.yaml")
    rule = load_rules([first, second])["cap_grassroots_fighters"]
    assert rule.enabled is True and rule.params["max_ratio"] == 0.5
    assert rule.params["title"] == "chien_si_thi_dua_co_so"
    assert rule.origin.endswith("a.yaml + " + str(second))
    assert check_compliance(_cap(), rules=load_rules([first, second]).subset(["cap_grassroots_fighters"])).empty


# ----------------------------------------------------------------------------- rule files
def test_shipped_rule_file_validates() -> None:
    rules = load_rules()
    assert len(rules) == 13
    assert {r.certainty for r in rules} == {"certain", "reported", "uncertain"}
    assert all(r.note for r in rules if r.certainty != "certain")
    assert all("uncertain" in r.description_en.lower() for r in rules
               if r.id.startswith("ladder_") and r.id.endswith("law2022"))
    assert rules["ladder_provincial_fighter_law2022"].params["years"] == 3
    assert rules["ladder_national_fighter_law2022"].params["times"] == 2
    assert rules["ladder_grassroots_fighter_law2022"].params["same_year"] is True
    assert str(rules["ladder_grassroots_fighter_law2022"].valid_from) == "2024-01-01"
    assert str(rules["cap_grassroots_fighters"].valid_to) == "2023-12-31"
    assert "07/2014" in rules["cap_grassroots_fighters"].source_text
    table_ = rules_table(rules)
    assert len(table_) == 13 and table_["id"].is_unique and table_["source"].str.len().gt(0).all()


def test_user_file_alone(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, GOOD_RULE), include_default=False)
    assert rules.ids == ("my_rule",)
    assert rules["my_rule"].params == {"title": "chien_si_thi_dua_co_so", "requires": "lao_dong_tien_tien",
                                       "same_year": True}
    assert len(check_compliance(_grassroots(2023), rules=rules)) == 1


BAD_FILES = {
    "unknown check": ({"check": "requires_same_yaer"}, ["unknown check 'requires_same_yaer'",
                                                        "Did you mean 'requires_same_year'"]),
    "missing field": ({"description_en": None}, ["lacks the field(s) ['description_en']"]),
    "bad date": ({"valid_from": "2024-13-01"}, ["valid_from '2024-13-01' is not a date", "YYYY-MM-DD"]),
    "not a date": ({"valid_to": "mãi mãi"}, ["valid_to 'mãi mãi' is not a date", "null for a rule still in force"]),
    "valid_to before valid_from": ({"valid_to": "2023-06-30"},
                                   ["valid_to 2023-06-30 is before valid_from 2024-01-01"]),
    "param of the wrong type": ({"check": "requires_consecutive_years",
                                 "params": {"title": "chien_si_thi_dua_tinh", "requires": "chien_si_thi_dua_co_so",
                                            "years": "three"}},
                                ["parameter 'years' must be a whole number; got 'three'"]),
    "missing param": ({"params": {"title": "chien_si_thi_dua_co_so"}}, ["lacks the required parameter 'requires'"]),
    "unknown param": ({"params": {**GOOD_RULE["params"], "year": 2}}, ["unknown parameter 'year'"]),
    "unknown form code": ({"params": {"title": "chien_si_thi_dua_coso", "requires": "lao_dong_tien_tien"}},
                          ["unknown form code(s) ['chien_si_thi_dua_coso']"]),
    "bad ratio": ({"check": "ratio_cap", "params": {"title": "chien_si_thi_dua_co_so", "base": "lao_dong_tien_tien",
                                                    "max_ratio": 15}}, ["must be a share in (0, 1]"]),
    "enabled not bool": ({"enabled": "yes"}, ["enabled must be true or false"]),
    "reported without note": ({"certainty": "reported"}, ["is reported but has no note"]),
    "bad certainty": ({"certainty": "sure"}, ["certainty must be one of"]),
    "misspelt field": ({"valid_form": "2024-01-01"}, ["unknown field 'valid_form'", "Did you mean 'valid_from'"]),
    "bad source": ({"source": {"law": "Luật 2022"}}, ["is not a document with an optional article"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_rule_files_give_clear_errors(case: str, tmp_path: Path) -> None:
    change, expected = BAD_FILES[case]
    rule = {k: v for k, v in {**GOOD_RULE, **change}.items() if not (v is None and k != "valid_to")}
    path = write_rules(tmp_path, rule)
    with pytest.raises(RuleFileError) as info:
        load_rules(path)
    message = str(info.value)
    assert message.startswith(f"File '{path}'")
    assert "'my_rule'" in message and "Fix:" in message
    for text in expected:
        assert text in message


def test_duplicate_ids_and_bad_yaml(tmp_path: Path) -> None:
    path = write_rules(tmp_path, GOOD_RULE, GOOD_RULE)
    with pytest.raises(RuleFileError, match="Rule 'my_rule' is defined twice in the file"):
        load_rules(path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: {vi: a, en: b}\nrules:\n  - id: x\n   check: y\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="not valid YAML") as info:
        load_rules(broken)
    assert str(broken) in str(info.value)
    headless = tmp_path / "headless.yaml"
    headless.write_text(yaml.safe_dump({"rules": [GOOD_RULE]}), encoding="utf-8")
    with pytest.raises(RuleFileError, match="lacks the required key 'title'"):
        load_rules(headless)
    with pytest.raises(InputFileNotFoundError, match="does not exist"):
        load_rules(tmp_path / "missing.yaml")


# ----------------------------------------------------------------------------- data problems and options
def test_undetermined_records_are_kept_on_request() -> None:
    # A provincial title in 2019 needs grassroots titles from 2017-2019; nobody's are recorded before 2019.
    rewards = table(rec("P1", "chien_si_thi_dua_co_so", 2019), rec("P1", "chien_si_thi_dua_tinh", 2019))
    rules = load_rules().subset(["ladder_provincial_fighter_law2003"])
    assert check_compliance(rewards, rules=rules).empty
    kept = check_compliance(rewards, rules=rules, undetermined="keep")
    assert kept["status"].tolist() == ["undetermined"]
    assert "no chien_si_thi_dua_co_so is recorded for anyone in 2016, 2017, 2018" in kept["reason"].iloc[0]
    with pytest.raises(InvalidParameterError, match="'undetermined' parameter"):
        check_compliance(rewards, rules=rules, undetermined="maybe")


def test_personnel_roster_marks_outside_years_undetermined() -> None:
    rewards = _provincial(2023)  # P2 lacks 2022: a violation whatever the roster says
    rewards = pd.concat([rewards, table(rec("P3", "chien_si_thi_dua_co_so", 2023),
                                        rec("P3", "chien_si_thi_dua_tinh", 2023))], ignore_index=True)
    rules = load_rules().subset(["ladder_provincial_fighter_law2022"])
    assert flagged(check_compliance(rewards, rules=rules)) == {"P2", "P3"}
    roster = pd.DataFrame({"person_id": ["P1"] * 3 + ["P2"] * 3 + ["P3"],
                           "year": [2021, 2022, 2023, 2021, 2022, 2023, 2023]})  # P3 joined in 2023
    kept = check_compliance(rewards, roster, rules=rules, undetermined="keep").set_index("recipient_id")
    assert kept.loc["P2", "status"] == "violation"
    assert kept.loc["P3", "status"] == "undetermined"
    assert "P3 is not in personnel in 2020, 2021, 2022" in kept.loc["P3", "reason"]


@pytest.mark.filterwarnings("ignore:Rule .* needs the cluster_results table")
def test_missing_inputs() -> None:
    with pytest.warns(te.DataQualityWarning, match="one_flag_per_cluster"):
        found = check_compliance(_grassroots(2023), rules=load_rules().subset(["one_flag_per_cluster"]))
    assert found.empty and skipped_rules(found, "en")["needs"].tolist() == ["cluster_results"]
    with pytest.raises(MissingColumnError, match="no column 'recipient_id'"):  # every rule needs it: an error
        check_compliance(_grassroots(2023).drop(columns="recipient_id"))
    with pytest.raises(InvalidParameterError, match="'rewards' parameter"):
        check_compliance([1, 2])


def test_a_missing_optional_column_skips_only_the_rules_needing_it() -> None:
    # Decided in 2024: a double reward (needs movement_id) and a grassroots fighter without the
    # advanced-worker title (needs no optional column).
    rewards = pd.concat([_double(2023), _grassroots(2023)], ignore_index=True).drop(columns="movement_id")
    with pytest.warns(te.DataQualityWarning) as caught:
        found = check_compliance(rewards)
    assert "ladder_grassroots_fighter_law2022" in set(found["rule_id"])  # still checked
    assert not found["rule_id"].str.startswith("one_achievement").any()
    # Only the rule in force at the data's decision dates (2024) is named, with the column that enables it.
    skipped = skipped_rules(found, "en")
    assert skipped["needs"].tolist() == ["rewards.movement_id", "cluster_results"]
    assert skipped["rule"].iloc[0] == "One achievement is not rewarded twice (2022 Law)"
    assert [s.rule_id for s in found.attrs["skipped"]] == ["one_achievement_one_reward_law2022",
                                                          "one_flag_per_cluster"]
    vi = skipped_rules(found, "vi")
    assert vi["rule"].iloc[0] == "Một thành tích không khen thưởng hai lần (Luật 2022)"
    assert "bảng khen thưởng không có cột 'mã phong trào'" in vi["reason"].iloc[0]
    assert "bảng kết quả cụm, khối thi đua" in vi["reason"].iloc[1]
    assert not any("_" in r for r in vi["reason"])  # no raw rule id, table or column code in Vietnamese
    assert any("movement_id" in str(w.message) for w in caught)


def test_every_shipped_rule_has_names_and_a_written_out_source() -> None:
    for rule in load_rules():
        for lang in ("vi", "en"):
            assert rule.label(lang) and "_" not in rule.label(lang), rule.id
            assert rule_label(rule.id, lang) == rule.label(lang)
            assert "Law 0" not in rule_citation(rule.id, "vi"), rule.id  # the Vietnamese cites Luật ..., not Law
    assert rule_citation("ladder_provincial_fighter_law2003", "vi") == (
        "Điều 22 Luật Thi đua, khen thưởng 2003 (số 15/2003/QH11, sửa đổi 2013)")
    assert rule_citation("one_achievement_one_reward_law2022", "en").startswith(
        "Law on Emulation and Commendation 2022 (No. 06/2022/QH15), Art. 5")
    assert rule_label("ladder_national_fighter_law2022", "vi").startswith("Chiến sĩ thi đua toàn quốc")
    assert rule_label("not_a_rule", "vi") == "not_a_rule"


def test_a_user_rule_without_names_is_named_from_its_description(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, {
        "id": "my_rule", "description_vi": "Quy định riêng của tỉnh. Chi tiết thêm.",
        "description_en": "A provincial rule. More detail.", "source": "Quyết định 12/2024/QĐ-UBND",
        "valid_from": "2024-01-01", "valid_to": None, "enabled": True, "check": "requires_same_year",
        "params": {"title": "chien_si_thi_dua_co_so", "requires": "lao_dong_tien_tien"}, "certainty": "certain"}))
    assert rules["my_rule"].label("vi") == "Quy định riêng của tỉnh"
    assert rules["my_rule"].citation("en") == "Quyết định 12/2024/QĐ-UBND"
    with pytest.raises(RuleFileError, match="name must give a Vietnamese and an English text"):
        load_rules(write_rules(tmp_path, {"id": "one_flag_per_cluster", "name": "only one language"}))


# ----------------------------------------------------------------------------- the demo province
@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return te.load_dataset(DEMO)


def test_demo_violations_are_exactly_the_planted_ones(demo: dict[str, pd.DataFrame]) -> None:
    # The generator follows the ladders and plants a few violations; planted.csv names each record
    # ("<kind>: <decision_no> / <recipient_id>") and the rule it breaks, by the law in force at its decision.
    planted = pd.read_csv(DEMO / "planted.csv", dtype=str, keep_default_na=False)
    planted = planted[planted["effect"] == "compliance"]
    expected = {(rule, quantity.split(": ", 1)[1]) for quantity, rule in zip(planted["quantity"], planted["true_value"])}
    assert 5 <= len(expected) <= 12
    assert {q.split(": ", 1)[0] for q in planted["quantity"]} == {
        "no_advanced_worker", "no_grassroots_run", "same_reward_twice"}
    found = check_compliance(demo["rewards"], demo["personnel"], cluster_results=demo["cluster_results"],
                             undetermined="keep")
    assert set(zip(found["rule_id"], found["record"])) == expected
    assert len(found) == len(expected) and (found["status"] == "violation").all()
    assert found.attrs["skipped"] == ()
    # Both laws are represented: decisions before 2024 under the 2003 Law, from 2024 under the 2022 Law.
    assert {r[-4:] for r, _ in expected} == {"2003", "2022"}


def test_demo_planted_violations_are_what_their_kind_says(demo: dict[str, pd.DataFrame]) -> None:
    rw = demo["rewards"]
    planted = pd.read_csv(DEMO / "planted.csv", dtype=str, keep_default_na=False)
    planted = planted[planted["effect"] == "compliance"]
    for quantity in planted["quantity"]:
        kind, record = quantity.split(": ", 1)
        number, who = record.split(" / ")
        row = rw[(rw["decision_no"] == number) & (rw["recipient_id"] == who)].iloc[0]
        same_year = set(rw.loc[(rw["recipient_id"] == who) & (rw["year"] == row["year"]), "form"])
        if kind == "no_advanced_worker":
            assert row["form"] == "chien_si_thi_dua_co_so" and "lao_dong_tien_tien" not in same_year
        elif kind == "no_grassroots_run":
            before = set(rw.loc[(rw["recipient_id"] == who) & (rw["form"] == "chien_si_thi_dua_co_so"), "year"])
            assert row["form"] == "chien_si_thi_dua_tinh" and row["year"] - 1 not in before
        else:
            twins = rw[(rw["recipient_id"] == who) & (rw["year"] == row["year"]) & (rw["form"] == row["form"])
                       & (rw["movement_id"] == row["movement_id"])]
            assert kind == "same_reward_twice" and len(twins) == 2 and twins["decision_no"].nunique() == 2


@pytest.mark.filterwarnings("ignore::tdkt_eval.errors.DataQualityWarning")  # rules the two-column table cannot feed
def test_input_problems_are_told_in_both_languages():
    rewards = pd.DataFrame({"decision_no": ["1/QĐ", "2/QĐ"], "decision_date": ["2024-02-01", "hôm qua"],
                            "year": [2023, "năm ngoái"], "form": "giay_khen", "recipient_id": ["P1", "P2"]})
    with pytest.raises(te.MixedTypeError) as info:
        te.check_compliance(rewards)
    assert info.value.rows == (3,) and "'năm ngoái' (dòng 3)" in info.value.render("vi")
    assert "Bảng Khen thưởng có năm không phải là số" in info.value.render("vi")
    assert "years that are not numbers" in info.value.render("en")
    with pytest.raises(te.DateParseError) as info:
        te.check_compliance(rewards.assign(year=2023))
    assert "ngày quyết định không phải là ngày tháng" in info.value.render("vi") and info.value.rows == (3,)
    with pytest.raises(te.MissingColumnError) as info:
        te.check_compliance(rewards.drop(columns="recipient_id"))
    assert "không có cột 'recipient_id'" in info.value.render("vi")
