"""The HTML report: self-contained, bilingual, private, and written atomically."""

from __future__ import annotations

import re

import pytest
from conftest import NAMES, folder_fingerprint

from tdkt_eval.report import build_report


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_is_self_contained_and_titled(small_campaign, tmp_path, lang):
    out = build_report(small_campaign, tmp_path / "out", lang=lang)
    page = out.read_text(encoding="utf-8")
    assert out.name == "report.html"
    assert f'<html lang="{lang}">' in page
    title = re.search(r"<title>(.+?)</title>", page).group(1)
    assert ("Đánh giá phong trào thi đua" in title) if lang == "vi" else ("Evaluation of emulation" in title)
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert '<meta charset="utf-8">' in page


def test_report_counts_come_from_the_data(small_campaign, tmp_path):
    page = build_report(small_campaign, tmp_path / "out", lang="en").read_text(encoding="utf-8")
    # 3 units in 2 districts (fixture); 2 grassroots rewards and 1 provincial one in 2023.
    assert re.search(r"<td>Units</td>\s*<td>3</td>", page)
    assert re.search(r"<td>Districts</td>\s*<td>2</td>", page)
    assert re.search(r"<td>2023</td>\s*<td>2</td>\s*<td>1</td>\s*<td>3</td>", page)


def test_report_never_prints_personal_data(small_campaign, tmp_path):
    page = build_report(small_campaign, tmp_path / "out").read_text(encoding="utf-8")
    for name in NAMES:
        assert name not in page
    assert "Họ và tên" in page  # the warning names the dropped column, not its values


def test_report_lists_a_broken_file_with_its_fix(small_campaign, tmp_path):
    (small_campaign / "kiem_tra.csv").write_text(
        "Mã đơn vị,Ngày kiểm tra,Cấp kiểm tra,Phong trào,Số tồn tại,Số đã khắc phục\n"
        "U1,31/02/2023,Tỉnh,M01,3,2\n", encoding="utf-8")
    page = build_report(small_campaign, tmp_path / "out", lang="en").read_text(encoding="utf-8")
    assert "31/02/2023" in page and "DD/MM/YYYY" in page and "<td>error</td>" in page


def test_report_leaves_inputs_alone_and_no_temporary_files(small_campaign, tmp_path):
    before = folder_fingerprint(small_campaign)
    out_dir = tmp_path / "out"
    build_report(small_campaign, out_dir)
    build_report(small_campaign, out_dir)  # rerun over an existing report
    assert folder_fingerprint(small_campaign) == before
    assert [p.name for p in out_dir.iterdir()] == ["report.html"]


def test_report_rejects_unknown_language(small_campaign, tmp_path):
    with pytest.raises(ValueError, match="'lang'"):
        build_report(small_campaign, tmp_path / "out", lang="fr")


def test_report_uses_vietnamese_number_format_and_normal_permissions(small_campaign, tmp_path):
    import os
    import stat

    out = build_report(small_campaign, tmp_path / "out", lang="vi")
    page = out.read_text(encoding="utf-8")
    # 2 inspections over 2 districts with 2 and 1 units in one year: 0,50 and 1,00 per unit-year.
    assert "<td>0,50</td>" in page and "<td>1,00</td>" in page
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_translation_table_has_no_key_twice():
    """A dict literal silently keeps the last of two equal keys; read the source to catch it."""
    import ast
    from pathlib import Path

    import tdkt_eval.i18n as i18n

    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and len(node.keys) > 20:
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


def test_demo_report_shows_the_planted_data_quality_problems(tmp_path):
    """data/demo/PLANTED.md: 5 duplicate submissions, 20 speeders, 20 straight-liners in 2,000."""
    from tdkt_eval.paths import demo_dir

    page = build_report(demo_dir(), tmp_path / "out", lang="en").read_text(encoding="utf-8")
    section = page.split("Staff survey data quality", 1)[1].split("<h2>", 1)[0]
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td>(\d+)</td>\s*<td>[^<]+</td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>",
                      section)
    flagged = {rule: int(n) for rule, n, _, _ in rows}
    assert flagged["Duplicate answers"] == 5
    assert flagged["Speeder"] == 20
    assert flagged["Straight-lining"] == 20
    assert rows[-1][3] == str(2000 - 45)


def test_demo_report_flags_only_the_rarely_inspected_district(tmp_path):
    """data/demo/PLANTED.md: district D06 (Huyện Thạnh Hưng) is inspected at a tenth of the others' rate."""
    from tdkt_eval.paths import demo_dir

    page = build_report(demo_dir(), tmp_path / "out", lang="en").read_text(encoding="utf-8")
    section = page.split("Inspection and follow-up", 1)[1].split("<h2>", 1)[0]
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>(?:\s*<td>[^<]*</td>){4}\s*<td>(yes|no)</td>", section)
    assert len(rows) == 10
    assert [district for district, flag in rows if flag == "yes"] == ["Huyện Thạnh Hưng"]
