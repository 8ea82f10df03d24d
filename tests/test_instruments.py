"""Tests of the survey instruments (surveys/*.xlsx) and tdkt_eval.io.instruments.

The shipped forms must convert under pyxform, match the demo data's columns,
carry both languages, and be reproduced exactly by tdkt_eval/forms/build.py
(tests/test_packaging.py checks that surveys/ and the package hold the same forms).
Broken forms made in a temporary folder must fail with messages that name the
file, sheet, row and fix.
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from tdkt_eval import synth
from tdkt_eval.errors import FormError, InputFileNotFoundError, TdktInputError
from tdkt_eval.io.instruments import codebook, codebook_markdown, load_instrument, validate_form, write_codebook
from tdkt_eval.io.xlsform import run_pyxform
from tdkt_eval.paths import shipped_file

ROOT = Path(__file__).resolve().parents[1]
SURVEYS = ROOT / "surveys"
DEMO = ROOT / "data" / "demo"
FORMS = ("staff", "citizen", "inspection")
METADATA = {"start", "end"}
AGREE5 = {
    "1": ("Hoàn toàn không đồng ý", "Strongly disagree"),
    "2": ("Không đồng ý", "Disagree"),
    "3": ("Trung lập", "Neither agree nor disagree"),
    "4": ("Đồng ý", "Agree"),
    "5": ("Hoàn toàn đồng ý", "Strongly agree"),
}
VI, EN = "label::Vietnamese (vi)", "label::English (en)"


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _form(folder: Path, survey: list[list[str]], choices: list[list[str]] | None = None, *,
          settings: list[list[str]] | None = None, name: str = "form.xlsx",
          header: tuple[str, ...] = ("type", "name", VI, EN, "construct", "reverse")) -> Path:
    """A small XLSForm; ``choices`` default to the agree5 list in both languages."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(list(header))
    for row in survey:
        sheet.append(row)
    if choices is None:
        choices = [["agree5", code, vi, en] for code, (vi, en) in AGREE5.items()]
    lists = book.create_sheet("choices")
    lists.append(["list_name", "name", VI, EN])
    for row in choices:
        lists.append(row)
    extra = book.create_sheet("settings")
    for row in settings or [["form_id", "default_language"], ["t_form", "Vietnamese (vi)"]]:
        extra.append(row)
    path = folder / name
    book.save(path)
    return path


def _likert(name: str, construct: str = "sc", reverse: str = "") -> list[str]:
    return ["select_one agree5", name, f"Câu {name}", f"Item {name}", construct, reverse]


SCALE = [_likert("q1"), _likert("q2"), _likert("q3")]


@pytest.fixture(scope="module")
def build_forms():
    from tdkt_eval.forms import build

    return build


# ----------------------------------------------------------------------------- shipped forms
def test_surveys_folder_holds_the_three_forms():
    assert sorted(p.stem for p in SURVEYS.glob("*.xlsx")) == sorted(FORMS)


@pytest.mark.parametrize("path", sorted(SURVEYS.glob("*.xlsx")), ids=lambda p: p.name)
def test_every_form_converts_under_pyxform(path):
    pytest.importorskip("pyxform")
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings)  # raises on a broken form
    assert warnings == []
    assert "<h:html" in result.xform
    assert "construct" not in result.xform and "missing_codes" not in result.xform  # extras are ignored
    assert run_pyxform(path).code == 100


@pytest.mark.parametrize("name", FORMS)
def test_shipped_forms_pass_validation(name):
    pytest.importorskip("pyxform")
    assert validate_form(name) == []
    assert validate_form(SURVEYS / f"{name}.xlsx") == []


def test_staff_items_and_constructs_match_the_demo_data():
    staff = load_instrument("staff")
    columns = _header(DEMO / "staff_responses.csv")
    assert set(staff.names) == set(columns) - {"respondent_id"}
    likert = staff.likert_items()
    assert likert == list(synth.STAFF_ITEMS) == [c for c in columns if c in likert]
    assert staff.reverse_items() == list(synth.REVERSE_ITEMS) == ["aw4", "su5", "fo4", "fa5"]
    sizes = {construct: len(names) for construct, names in staff.constructs().items()}
    assert sizes == {"awareness": 4, "participation": 4, "substance": 5, "sustainment": 4, "model_examples": 4,
                     "formality": 4, "fairness": 5, "inspection": 4, "council": 3, "training": 3}
    for construct, names in staff.constructs().items():
        assert len({name[:2] for name in names}) == 1  # one prefix per construct, as in the demo
        assert all(staff.item(n).group == (construct,) for n in names)
    assert [staff.item(n).type for n in ("start", "end", "years_of_service")] == ["start", "end", "integer"]
    assert staff.choice_codes("position_group") == ("leader", "manager", "frontline")
    assert [c.labels["vi"] for c in staff.choices["position_group"]] == ["Lãnh đạo", "Quản lý",
                                                                        "Người lao động trực tiếp"]
    # two tiers since 1 July 2025: 'district' stays a code for answers to the 2025.1 form, but is not offered
    assert staff.choice_codes("level") == ("province", "commune", "district")
    survey = pd.read_excel(shipped_file("forms/staff.xlsx"), sheet_name="survey", dtype=str).set_index("name")
    assert survey.loc["level", "choice_filter"] == "name != 'district'"
    assert staff.choice_codes("sector") == ("state", "non_state")


def test_citizen_items_and_constructs_match_the_demo_data():
    citizen = load_instrument("citizen")
    design = {"respondent_id", "stratum", "psu", "weight"}  # added from the sample design
    assert set(citizen.names) - METADATA == set(_header(DEMO / "citizen_responses.csv")) - design
    assert citizen.constructs() == {
        "know": ["c_know"], "part": ["c_part"], "benefit": ["c_ben1", "c_ben2", "c_ben3"],
        "model": ["c_mknow", "c_mlearn"], "trust": ["c_trust1", "c_trust2", "c_trust3"]}
    assert citizen.likert_items() == ["c_ben1", "c_ben2", "c_ben3", "c_trust1", "c_trust2", "c_trust3"]
    assert citizen.reverse_items() == []
    for name in ("c_know", "c_part", "c_mknow", "c_mlearn"):
        assert citizen.choice_codes(citizen.item(name).list_name) == ("1", "0")
    assert citizen.item("c_mlearn").relevant == "${c_mknow} = '1'"
    assert citizen.choice_codes("education") == ("none", "primary", "secondary", "high_school", "tertiary")
    assert citizen.choice_codes("ethnicity") == ("kinh", "other")
    demo = _read_demo_codes(DEMO / "citizen_responses.csv", ("gender", "ethnicity", "education"))
    for column, codes in demo.items():
        assert codes <= set(citizen.choice_codes(citizen.item(column).list_name))


def _read_demo_codes(path: Path, columns: tuple[str, ...]) -> dict[str, set[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {c: {row[c] for row in rows if row[c]} for c in columns}


def test_staff_background_codes_cover_the_demo_data():
    staff = load_instrument("staff")
    demo = _read_demo_codes(DEMO / "staff_responses.csv", ("level", "position_group", "gender", "sector"))
    for column, codes in demo.items():
        retired = {"district"} if column == "level" else set()  # not offered since 1 July 2025
        assert codes == set(staff.choice_codes(staff.item(column).list_name)) - retired


def test_inspection_checklist_follows_the_five_stages():
    form = load_instrument("inspection")
    stages = form.constructs()
    assert list(stages) == ["plan", "launch", "inspection", "models", "review"]
    assert all(3 <= len(items) <= 6 for items in stages.values())
    assert form.missing_codes == ("9",)
    assert form.choice_codes("ypn") == ("2", "1", "0", "9")
    assert form.choice_codes("inspector_level") == ("central", "province", "district")
    for names in stages.values():
        for name in names:
            evidence = form.item(f"{name}_ev")
            assert evidence.relevant == f"${{{name}}} = '2' or ${{{name}}} = '1'"
            assert evidence.group == form.item(name).group and evidence.construct is None
    assert form.likert_items() == []
    assert {"unit_id", "date", "inspector_level", "movement_id"} <= set(form.names)


@pytest.mark.parametrize("name", FORMS)
def test_labels_in_both_languages_and_likert_codes(name):
    form = load_instrument(name)
    assert form.languages == ("vi", "en")
    assert set(form.title) == {"vi", "en"}
    for item in form.items:
        if item.name in METADATA:
            continue
        assert item.labels.get("vi") and item.labels.get("en"), item.name
        assert set(item.hints) in (set(), {"vi", "en"}), item.name
        for text in (*item.labels.values(), *item.hints.values()):
            assert unicodedata.is_normalized("NFC", text)
    for options in form.choices.values():
        for choice in options:
            assert choice.labels.get("vi") and choice.labels.get("en"), choice.name
    for item in form.likert_items():
        list_name = form.item(item).list_name
        assert list_name == "agree5"
        assert {c.name: (c.labels["vi"], c.labels["en"]) for c in form.choices[list_name]} == AGREE5


def test_shipped_name_and_path_load_the_same_form():
    assert load_instrument("staff").items == load_instrument(SURVEYS / "staff.xlsx").items


def test_unknown_shipped_name_is_a_clear_error():
    with pytest.raises(InputFileNotFoundError, match="neither a shipped form"):
        load_instrument("staf")


# ----------------------------------------------------------------------------- broken forms
def test_undefined_choice_list(tmp_path):
    path = _form(tmp_path, [*SCALE, ["select_one agree6", "q4", "Câu 4", "Item 4", "sc", ""]])
    before = _sha(path)
    with pytest.raises(FormError) as info:
        load_instrument(path)
    message = str(info.value)
    assert "form.xlsx [sheet 'survey']" in message and "Row 5" in message and "'agree6'" in message
    assert "Fix: Add the list 'agree6'" in message
    assert _sha(path) == before  # the input is never modified


def test_duplicate_name_in_another_group_is_caught_though_pyxform_accepts_it(tmp_path):
    pytest.importorskip("pyxform")
    survey = [["begin_group", "g1", "Nhóm 1", "Group 1"], *SCALE, ["end_group"],
              ["begin_group", "g2", "Nhóm 2", "Group 2"], _likert("q2"), ["end_group"]]
    path = _form(tmp_path, survey)
    assert run_pyxform(path).code == 100
    with pytest.raises(FormError, match=r"Rows 4 and 8 both use the name 'q2'"):
        load_instrument(path)
    problems = validate_form(path)
    assert len(problems) == 1 and "both use the name 'q2'" in problems[0]


def test_duplicate_name_in_the_same_group_fails_both_checks(tmp_path):
    pytest.importorskip("pyxform")
    path = _form(tmp_path, [*SCALE, _likert("q1")])
    problems = validate_form(path)
    assert "result code 999" in problems[0] and "'q1'" in problems[0]
    assert "Rows 2 and 5 both use the name 'q1'" in problems[1]


def test_missing_label_language(tmp_path):
    pytest.importorskip("pyxform")
    path = _form(tmp_path, [*SCALE, ["select_one agree5", "q4", "Câu 4", "", "sc", ""]])
    assert load_instrument(path).item("q4").labels == {"vi": "Câu 4"}  # loading is not blocked
    problems = validate_form(path)
    assert len(problems) == 1
    assert "sheet 'survey'" in problems[0] and "no 'en' label" in problems[0] and "'q4' (row 5)" in problems[0]


def test_missing_label_column(tmp_path):
    pytest.importorskip("pyxform")
    path = _form(tmp_path, [row[:3] + row[4:] for row in SCALE],
                 header=("type", "name", VI, "construct", "reverse"))
    problems = validate_form(path)
    assert any("no label column for language 'en'" in p and "sheet 'survey'" in p for p in problems)
    assert validate_form(path, languages=("vi",)) == []


def test_reverse_flag_on_a_non_likert_item(tmp_path):
    path = _form(tmp_path, [*SCALE, ["integer", "age", "Tuổi", "Age", "", "1"]])
    with pytest.raises(FormError, match=r"Row 5: 'age' is marked reverse-keyed but is not a Likert item"):
        load_instrument(path)


def test_reverse_flag_must_be_yes_or_no(tmp_path):
    path = _form(tmp_path, [*SCALE[:2], _likert("q3", reverse="maybe")])
    with pytest.raises(FormError, match=r"Row 4: 'maybe' in column 'reverse' is not a yes/no value"):
        load_instrument(path)


def test_missing_survey_sheet(tmp_path):
    book = Workbook()
    book.active.title = "choices"
    path = tmp_path / "no_survey.xlsx"
    book.save(path)
    with pytest.raises(FormError, match=r"no 'survey' sheet.*Fix: An XLSForm needs the sheets"):
        load_instrument(path)


def test_group_that_never_closes(tmp_path):
    path = _form(tmp_path, [["begin_group", "g", "Nhóm", "Group"], *SCALE])
    with pytest.raises(FormError, match=r"begin_group 'g' opened on row 2 is never closed"):
        load_instrument(path)


def test_duplicate_choice(tmp_path):
    choices = [["agree5", code, vi, en] for code, (vi, en) in AGREE5.items()] + [["agree5", "3", "Ba", "Three"]]
    path = _form(tmp_path, SCALE, choices)
    with pytest.raises(FormError, match=r"sheet 'choices'.*Rows 4 and 7 both define choice '3' of list 'agree5'"):
        load_instrument(path)


def test_scale_rules(tmp_path):
    pytest.importorskip("pyxform")
    survey = [_likert("q1"), _likert("q2"), _likert("q3", construct=""), _likert("p1", "pair"),
              _likert("p2", "pair")]
    problems = validate_form(_form(tmp_path, survey))
    assert any("Likert items without a construct: 'q3' (row 4)" in p for p in problems)
    assert any("Construct 'sc' has 2 item(s)" in p for p in problems)
    assert any("Construct 'pair' has 2 item(s) (p1, p2)" in p for p in problems)


def test_single_yes_no_indicators_need_no_minimum(tmp_path):
    pytest.importorskip("pyxform")
    choices = [["agree5", code, vi, en] for code, (vi, en) in AGREE5.items()] + [
        ["yn", "1", "Có", "Yes"], ["yn", "0", "Không", "No"]]
    path = _form(tmp_path, [*SCALE, ["select_one yn", "know", "Biết?", "Knows?", "know", ""]], choices)
    assert validate_form(path) == []


def test_dont_know_code_inside_a_likert_list_is_flagged(tmp_path):
    pytest.importorskip("pyxform")
    choices = [["agree5", code, vi, en] for code, (vi, en) in AGREE5.items()] + [["agree5", "9", "Không biết",
                                                                                  "Don't know"]]
    settings = [["form_id", "default_language", "missing_codes"], ["t_form", "Vietnamese (vi)", "9"]]
    path = _form(tmp_path, SCALE, choices, settings=settings)
    form = load_instrument(path)
    assert form.missing_codes == ("9",) and form.is_likert("q1")
    problems = validate_form(path)
    assert len(problems) == 1 and "Likert list 'agree5' holds the missing code(s) 9" in problems[0]


def test_plain_label_column_belongs_to_the_default_language(tmp_path):
    path = _form(tmp_path, [["integer", "age", "Tuổi"]], [], header=("type", "name", "label"))
    form = load_instrument(path)
    assert form.languages[0] == "vi" and form.item("age").labels == {"vi": "Tuổi"}
    assert form.title == {"vi": "form"}  # no form_title: the file name


def test_pyxform_json_output_exits_zero_for_a_broken_form(tmp_path):
    """The trap: ``xls2xform --json`` reports failure only inside its JSON, with exit status 0."""
    pytest.importorskip("pyxform")
    path = _form(tmp_path, [*SCALE, ["select_one agree6", "q4", "Câu 4", "Item 4", "sc", ""]])
    done = subprocess.run(
        [sys.executable, "-m", "pyxform.xls2xform", "--json", "--skip_validate", str(path), str(tmp_path / "o.xml")],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0
    report = json.loads(next(line for line in (done.stderr + done.stdout).splitlines() if line.startswith("{")))
    assert report["code"] == 999 and "agree6" in report["message"]
    result = run_pyxform(path)
    assert (result.code, result.ok) == (999, False) and "agree6" in result.message
    assert any("result code 999" in p for p in validate_form(path))


def test_validate_form_raises_for_a_missing_file(tmp_path):
    with pytest.raises(InputFileNotFoundError):
        validate_form(tmp_path / "nope.xlsx")


# ----------------------------------------------------------------------------- codebooks
def test_codebook_contents():
    staff = codebook(load_instrument("staff"), lang="vi").set_index("name")
    assert list(staff.columns) == ["group", "construct", "reverse", "type", "list_name", "required", "relevant",
                                   "label", "choices"]
    aw4 = staff.loc["aw4"]
    assert (aw4["construct"], bool(aw4["reverse"]), aw4["type"], aw4["group"]) == (
        "awareness", True, "select_one", "awareness")
    assert aw4["label"] == "Tôi chưa rõ phong trào yêu cầu tôi làm gì trong công việc."
    assert aw4["choices"] == ("1 = Hoàn toàn không đồng ý; 2 = Không đồng ý; 3 = Trung lập; 4 = Đồng ý; "
                              "5 = Hoàn toàn đồng ý")
    assert not staff.loc["aw1", "reverse"]
    assert staff.loc["position_group", "choices"] == (
        "leader = Lãnh đạo; manager = Quản lý; frontline = Người lao động trực tiếp")
    citizen = codebook(load_instrument("citizen"), lang="en").set_index("name")
    assert citizen.loc["c_mlearn", "relevant"] == "${c_mknow} = '1'"
    assert citizen.loc["c_know", "choices"] == "1 = Yes; 0 = No"
    inspection = codebook(load_instrument("inspection"), lang="vi").set_index("name")
    assert inspection.loc["pl3", "choices"].endswith("9 = Không áp dụng [giá trị khuyết]")
    assert inspection.loc["pl3", "construct"] == "plan" and bool(inspection.loc["pl3", "required"])


def test_codebook_rejects_an_unknown_language():
    with pytest.raises(TdktInputError, match=r"must be one of \['vi', 'en'\]. Got 'fr' instead"):
        codebook(load_instrument("staff"), lang="fr")


@pytest.mark.parametrize("name", FORMS)
def test_committed_markdown_codebooks_are_fresh(name):
    committed = (SURVEYS / f"codebook_{name}.md").read_text(encoding="utf-8")
    assert committed == codebook_markdown(load_instrument(name))


def test_write_codebook_writes_markdown_and_a_deterministic_workbook(tmp_path):
    form = load_instrument("inspection")
    first = write_codebook(form, tmp_path / "a")
    second = write_codebook(form, tmp_path / "b")
    assert [p.name for p in first] == ["codebook_inspection.md", "codebook_inspection.xlsx"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    book = load_workbook(first[1], read_only=True)
    try:
        rows = list(book["items"].iter_rows(values_only=True))
        choices = list(book["choices"].iter_rows(values_only=True))
    finally:
        book.close()
    assert rows[0][:3] == ("name", "group", "construct") and "label_en" in rows[0]
    assert len(rows) == len(form.items) + 1
    assert ("ypn", "9", "Không áp dụng", "Not applicable", True) in choices
    assert write_codebook(form, tmp_path / "c", formats=("md",), stem="x")[0].name == "codebook_x.md"


# ----------------------------------------------------------------------------- the build script
def _cells(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path, read_only=True)
    try:
        return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    finally:
        book.close()


def test_build_forms_reproduces_the_committed_forms(build_forms, tmp_path):
    written = build_forms.build(tmp_path / "one")
    again = build_forms.build(tmp_path / "two")
    assert sorted(p.name for p in written) == sorted(
        [f"{n}.xlsx" for n in FORMS] + [f"codebook_{n}.md" for n in FORMS])
    for fresh, repeat in zip(written, again):
        assert fresh.read_bytes() == repeat.read_bytes()  # deterministic: no timestamps
        committed = SURVEYS / fresh.name
        if fresh.suffix == ".xlsx":
            assert _cells(fresh) == _cells(committed)
        else:
            assert fresh.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
