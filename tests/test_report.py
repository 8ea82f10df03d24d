"""The campaign report: built by papermill from notebook 06, self-contained, bilingual, private, reproducible.

The demo report is built once per session (``built_reports`` in conftest); its findings
are checked against the effects planted in data/demo (planted.csv), not against the code.
"""

from __future__ import annotations

import csv
import re
import struct
from pathlib import Path

import pandas as pd
import pytest
from conftest import NAMES, folder_fingerprint, write_small_campaign

import tdkt_eval as te
from tdkt_eval.paths import demo_dir
from tdkt_eval.reporting import Campaign, build_report

HEADINGS = {
    "vi": ["Tóm tắt kết quả chính", "1. Chất lượng dữ liệu", "2. Độ tin cậy của thang đo",
           "3. Chiều sâu của phong trào", "4. Dấu hiệu hình thức", "5. Gắn thi đua với khen thưởng và công bằng",
           "6. Tuân thủ quy định"],
    "en": ["Summary of key findings", "1. Data quality", "2. Scale reliability", "3. Depth of the movement",
           "4. Signs of formality", "5. The link between emulation and reward, and equity", "6. Rule compliance"],
}
TITLES = {"vi": "Đánh giá phong trào thi đua và công tác khen thưởng",
          "en": "Evaluation of emulation movements and commendation"}


def page(folder: Path) -> str:
    return (folder / "report.html").read_text(encoding="utf-8")


def summary_rows(folder: Path) -> list[dict[str, str]]:
    with open(folder / "tables" / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def planted(effect: str) -> pd.DataFrame:
    table = pd.read_csv(demo_dir() / "planted.csv")
    return table[table["effect"] == effect]


def png_dpi(data: bytes) -> float:
    """Resolution from the PNG pHYs chunk (pixels per metre), read without any imaging library."""
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"pHYs":
            x, _, unit = struct.unpack(">IIB", data[pos + 8:pos + 17])
            assert unit == 1
            return x * 0.0254
        pos += 12 + length
    raise AssertionError("no pHYs chunk")


# --- the page -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_is_titled_offline_and_without_code(built_reports, lang):
    html = page(built_reports[lang])
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html
    assert re.search(r"<title>(.+?)</title>", html).group(1) == TITLES[lang]
    assert '<meta charset="utf-8">' in html
    for absent in ("<script", "<link", "http://", "https://", "@import", "url("):
        assert absent not in html, absent
    # no input cells and no prompts: neither code nor "In [n]:"
    for code in ("Campaign.load", "campaign.section", "import ", "jp-InputArea", "In&nbsp;[", "Out["):
        assert code not in html, code


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_headings_follow_the_domain_questions_in_the_chosen_language(built_reports, lang):
    html = page(built_reports[lang])
    assert re.findall(r"<h2>(.+?)</h2>", html) == HEADINGS[lang]
    assert re.findall(r"<h1>(.+?)</h1>", html) == [TITLES[lang]]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_image_is_inline_with_alt_text(built_reports, lang):
    images = re.findall(r"<img ([^>]*)>", page(built_reports[lang]))
    assert len(images) == 6
    for attrs in images:
        assert 'src="data:image/png;base64,' in attrs
        alt = re.search(r'alt="([^"]*)"', attrs).group(1)
        assert len(alt) > 20


def test_figures_are_300_dpi_png_with_svg_and_pdf(built_reports):
    figures = built_reports["vi"] / "figures"
    pngs = sorted(figures.glob("*.png"))
    assert {p.stem for p in pngs} == {"likert_staff", "depth_ladder", "depth_index_ranks", "late_reporting_funnel",
                                      "representation_forest", "reward_model_forest"}
    for png in pngs:
        assert round(png_dpi(png.read_bytes())) == 300
        assert png.with_suffix(".svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert png.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_tables_come_in_every_format(built_reports):
    import openpyxl

    tables = built_reports["en"] / "tables"
    stems = {p.stem for p in tables.glob("*.xlsx")}
    assert {"summary", "files", "reliability", "perception_gap", "flag_rotation", "representation",
            "reward_model", "compliance"} <= stems
    for stem in stems:
        for ext in ("csv", "tex", "md"):
            assert (tables / f"{stem}.{ext}").is_file(), (stem, ext)
    sheet = openpyxl.load_workbook(tables / "reliability.xlsx").active
    assert [c.value for c in sheet[1]][:3] == ["Construct", "Items", "Respondents"]
    assert isinstance(sheet["D2"].value, float)  # numbers stay numbers in spreadsheets
    tex = (tables / "reliability.tex").read_text(encoding="utf-8")
    assert "\\begin{tabular}" in tex and "\\toprule" in tex
    md = (tables / "reliability.md").read_text(encoding="utf-8").splitlines()
    assert md[2].startswith("| Construct | Items |") and set(md[3]) <= {"|", "-"}


def test_vietnamese_report_prints_numbers_the_vietnamese_way(built_reports):
    vi, en = page(built_reports["vi"]), page(built_reports["en"])
    tables = te.load_dataset(demo_dir(), kinds=["rewards", "workforce"])
    women = te.representation(tables["rewards"], tables["workforce"], by="gender").set_index("gender").loc["female"]
    ratio, low, high = (f"{women[c]:.2f}" for c in ("ratio", "ci_low", "ci_high"))  # 0.71 (0.68-0.73) in 2026
    assert f"{ratio} (95% CI {low}–{high})" in en
    assert f"{ratio} (KTC 95% {low}–{high})".replace(".", ",") in vi


# --- the findings match what was planted in the demo ----------------------------------------------

def finding(rows: list[dict[str, str]], indicator: str) -> dict[str, str]:
    match = [r for r in rows if r["Indicator"] == indicator]
    assert len(match) == 1, indicator
    return match[0]


def interval(text: str) -> tuple[float, float, float]:
    est, low, high = re.search(r"([\d.]+) \(95% CI ([\d.]+)–([\d.]+)\)", text).groups()
    return float(est), float(low), float(high)


def test_summary_finds_the_planted_effects(built_reports):
    rows = summary_rows(built_reports["en"])
    rotating = re.findall(r"(C\d) \(p", finding(rows, "Clusters with signs of rotating flags")["Estimate"])
    assert rotating == sorted(q.split()[0] for q in planted("flag_rotation")["quantity"] if "flag winners" in q)
    copied = planted("copied_reports")
    assert finding(rows, "Near-identical reports across years")["Reading"] == f"⚠ Units: {', '.join(copied['true_value'].iloc[0].split())}."
    units = pd.read_csv(demo_dir() / "units.csv")
    frame = pd.read_csv(demo_dir() / "citizen_frame.csv")  # stratum D01-D10: the former district's communes
    gap_districts = (frame.merge(units[["commune", "district"]].drop_duplicates(), on="commune")
                     .groupby("stratum")["district"].agg(lambda s: s.unique().item()))
    d06 = gap_districts["D06"]
    assert finding(rows, "Rarely inspected areas (ratio to the rest of the province)")["Estimate"].startswith(d06 + " ")
    _, low, high = interval(finding(rows, "Leader premium at equal achievement (odds ratio)")["Estimate"])
    assert low <= 2.50 <= high  # planted odds ratio (the bounds are printed to 2 decimals)
    _, low, high = interval(finding(rows, "Women's representation ratio")["Estimate"])
    assert low <= 0.70 <= high  # planted representation ratio
    gap_text = finding(rows, "Areas with a staff–citizen perception gap")["Estimate"]
    assert re.findall(r"(Huyện [^\d]+?) \d", gap_text) == sorted([gap_districts["D03"], gap_districts["D08"]])
    assert sum(r["Reading"].startswith("⚠") for r in rows) >= 8


def test_small_cells_are_suppressed_and_the_note_says_so():
    c = Campaign.load(demo_dir(), lang="en", k_min=1000)
    section = c.section("rewards")
    table = next(i for i in section.items if getattr(i, "name", "") == "representation").frame
    rewarded = pd.to_numeric(table["Rewarded"], errors="coerce")
    hidden = table["Rewarded"] == "<1000"
    assert hidden.any() and (rewarded[~hidden] >= 1000).all()
    assert (table.loc[hidden, "Representation ratio"] == "<1000").all()
    note = next(i for i in section.items if getattr(i, "name", "") == "representation").note
    assert f"{int(hidden.sum())} rows resting on fewer than 1000 people are suppressed" in note
    assert c.suppressed["representation"] == int(hidden.sum())
    for _, parts in table.groupby("By"):  # no variable with exactly one hidden category
        assert (parts["Rewarded"] == "<1000").sum() != 1
    forest = next(i for i in section.items if getattr(i, "name", "") == "representation_forest")
    assert "suppressed" in forest.note


def test_years_and_movement_filter_the_data():
    c = Campaign.load(demo_dir(), lang="en", movement="M02", years=[2023])
    assert set(c.tables["rewards"]["year"]) == {2023}
    assert set(c.tables["criteria"]["movement_id"]) == {"M02"}
    assert set(c.tables["inspections"]["date"].dt.year) == {2023}
    assert c.title().endswith("– 2023")


@pytest.mark.parametrize("kwargs, message", [({"lang": "fr"}, "'lang'"), ({"k_min": 0}, "'k_min'"),
                                             ({"movement": "M99"}, "'movement'"), ({"years": ["x"]}, "'years'")])
def test_bad_parameters_are_refused_with_the_parameter_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Campaign.load(demo_dir(), **kwargs)


def test_a_rerun_gives_the_same_files_byte_for_byte_and_leaves_the_data_alone(built_reports, tmp_path):
    before = folder_fingerprint(demo_dir())
    build_report(demo_dir(), tmp_path, lang="vi")
    assert folder_fingerprint(demo_dir()) == before
    first, second = folder_fingerprint(built_reports["vi"]), folder_fingerprint(tmp_path)
    assert first.keys() == second.keys()
    differ = sorted(k for k in first if first[k] != second[k] and not k.endswith(".xlsx"))
    assert differ == []


# --- a small, partial campaign folder -------------------------------------------------------------

@pytest.fixture(scope="module")
def small_reports(tmp_path_factory):
    folder = write_small_campaign(tmp_path_factory.mktemp("small") / "campaign")
    (folder / "kiem_tra.csv").write_text(
        "Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục\n"
        "U1,31/02/2023,Tỉnh,M01,3,2\n", encoding="utf-8")
    before = folder_fingerprint(folder)
    out = {lang: build_report(folder, tmp_path_factory.mktemp(f"small_{lang}"), lang=lang).parent
           for lang in ("vi", "en")}
    return folder, before, out


def test_partial_data_gives_a_report_that_says_what_is_missing(small_reports):
    _, _, out = small_reports
    en = page(out["en"])
    assert re.findall(r"<h2>(.+?)</h2>", en) == HEADINGS["en"]
    assert "Not enough data for this section: it needs the tables Staff survey (staff_responses.csv)." in en
    assert re.search(r"<td>Units</td>\s*<td>3</td>", en) and re.search(r"<td>Districts</td>\s*<td>2</td>", en)


def test_a_broken_file_is_listed_with_its_fix(small_reports):
    _, _, out = small_reports
    en = page(out["en"])
    assert "31/02/2023" in en and "DD/MM/YYYY" in en and "<td>error</td>" in en
    assert "Khảo sát" not in en.split("<h2>1. Data quality</h2>", 1)[1].split("<h2>", 1)[0]
    folder, _, _ = small_reports
    assert str(folder.parent) not in en  # problems name files, never the full path of the data folder


def test_small_campaign_report_is_private_and_leaves_inputs_alone(small_reports):
    import os
    import stat

    folder, before, out = small_reports
    assert folder_fingerprint(folder) == before
    for lang in ("vi", "en"):
        for path in out[lang].rglob("*"):
            if path.is_file() and path.suffix in (".html", ".csv", ".md", ".tex"):
                text = path.read_text(encoding="utf-8-sig")
                assert not any(name in text for name in NAMES), path
        hidden = [p for p in out[lang].rglob("*") if p.name.startswith(".") and p.name != ".tdkt-report"]
        assert not hidden  # no temporary files left (the marker of a report folder is meant to be there)
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE((out[lang] / "report.html").stat().st_mode) == 0o666 & ~umask


def test_translation_table_has_no_key_twice():
    """A dict literal silently keeps the last of two equal keys; read the source to catch it."""
    import ast

    import tdkt_eval.i18n as i18n

    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and len(node.keys) > 20:
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
