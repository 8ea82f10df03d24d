"""The glossary is the one source of the report's terms, and its wording is the law's.

Golden wording is written here by hand from the legal texts (Luật Thi đua, khen thưởng số
06/2022/QH15; Nghị định 90/2020/NĐ-CP on the quality rating of officials) and from the review of
issue 20, not copied from the glossary file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tdkt_eval.cli import main
from tdkt_eval.i18n import LABELS, glossary, label
from tdkt_eval.reporting.glossary_box import glossary_box, glossary_markdown

ROOT = Path(__file__).resolve().parents[1]

#: The law's names and the official ratings, as the legal texts write them.
LEGAL = {
    "law": "Luật Thi đua, khen thưởng",
    "council": "Hội đồng Thi đua - Khen thưởng",
    "form": "Danh hiệu, hình thức khen thưởng",
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
}

#: Statistical names the report prints, which a council member must be able to read (issue 20).
STATISTICAL = ("Loevinger", "KMO", "Holm", "Feldt", "Katz", "DeLong", "GEE", "AUC", "omega", "Cronbach",
               "odds ratio", "confidence interval", "percentile", "ICC", "Krippendorff", "rate ratio",
               "standard deviation", "p-value", "design effect", "event study", "difference-in-differences")

#: Places the review of issue 20 named, which must not come back (Vietnamese).
REVIEWED_AWAY = ("phong trào chạy trên giấy", "dễ dãi", "dồn cục", "Bệnh hình thức", "báo cáo đẹp hơn thực tế",
                 "đã kiểm soát", "hạt giống", "event study", "(OR)", "tham số vị trí", "cụm đơn vị",
                 "Thi đua, Khen thưởng", "Trên 6 cụm", "Cán bộ đánh giá sai.", "bách phân vị", "mức khớp",
                 "tỷ lệ đại diện", "luân lưu")


def test_docs_glossary_is_generated_from_the_data_file():
    shipped = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert shipped == glossary_markdown(), (
        "docs/glossary.md is out of date: regenerate it with python -c \"from tdkt_eval.reporting.glossary_box "
        "import glossary_markdown; open('docs/glossary.md', 'w', encoding='utf-8').write(glossary_markdown())\"")


@pytest.mark.parametrize(("key", "wording"), LEGAL.items())
def test_legal_names_and_ratings_are_the_laws_wording(key, wording):
    assert glossary()[key].vi == wording
    assert label(key, "vi") == wording


def test_each_statistical_name_has_a_one_sentence_explanation_in_both_languages():
    stats = [e for e in glossary().values() if e.kind == "stat"]
    names = " ".join(f"{e.en} {e.vi}" for e in stats).lower()
    assert [s for s in STATISTICAL if s.lower() not in names] == []
    for e in stats:
        for text in (e.explain_vi, e.explain_en):
            assert text.endswith(".") and not re.search(r"[.!?] [A-ZÀ-Ỹ]", text[:-1]), (e.key, text)
        assert e.appears_as, e.key


def test_a_term_is_defined_once():
    assert set(LABELS) & set(glossary()) == set()
    terms = [e.vi.casefold() for e in glossary().values() if e.kind in ("legal", "field", "stat")]
    assert len(terms) == len(set(terms))


def _vietnamese_help() -> str:
    """Every help screen of the command line, in Vietnamese."""
    texts = []
    for argv in (["--help"], ["validate", "--help"], ["report", "--help"], ["instruments", "--help"],
                 ["demo", "--help"]):
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["--lang", "vi", *argv])
        texts.append(out.getvalue())
    return "\n".join(texts)


def _vietnamese_texts() -> dict[str, str]:
    sentences = "\n".join(entry["vi"] for entry in LABELS.values())
    terms = "\n".join(f"{e.vi}\n{e.explain_vi}" for e in glossary().values())
    return {"LABELS": sentences, "glossary": terms, "CLI help": _vietnamese_help(),
            "user guide": (ROOT / "docs" / "user-guide.vi.md").read_text(encoding="utf-8")}


def _variants_found(text: str) -> list[str]:
    """Each 'variant to avoid' in ``text``, once the entry's own preferred term is taken out."""
    found = []
    for e in glossary().values():
        rest = re.sub(re.escape(e.vi), " ", text, flags=re.IGNORECASE)
        found += [f"{variant!r} (say {e.vi!r})" for variant in e.avoid_vi if variant.casefold() in rest.casefold()]
    return found


@pytest.mark.parametrize("where", ["LABELS", "glossary", "CLI help", "user guide"])
def test_no_variant_to_avoid_in_vietnamese_labels_guide_or_help(where):
    assert _variants_found(_vietnamese_texts()[where]) == []


@pytest.mark.parametrize("where", ["LABELS", "glossary", "CLI help", "user guide"])
def test_places_named_by_the_review_are_gone(where):
    text = _vietnamese_texts()[where]
    assert [p for p in REVIEWED_AWAY if p in text] == []


def test_the_variant_check_can_fail():
    assert _variants_found("Điểm tự chấm dễ dãi; hạt giống ngẫu nhiên 3; Luật Thi đua, Khen thưởng.") != []
    assert _variants_found("Hoàn thành tốt nhiệm vụ") == []  # the preferred term holds its variant's words
    assert _variants_found("Xếp loại: Hoàn thành tốt") != []


@pytest.fixture(scope="module")
def demo_report():
    """The demo campaign's sections, with the column keys of every table the report builds (about 15 s)."""
    from tdkt_eval.paths import demo_dir
    from tdkt_eval.reporting.campaign import SECTION_KEYS, Campaign

    keys: set[str] = set()
    relabel = Campaign.relabel

    def spy(self, frame):
        keys.update(str(c) for c in frame.columns)
        return relabel(self, frame)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Campaign, "relabel", spy)
        c = Campaign.load(demo_dir())
        sections = [c.section(k) for k in SECTION_KEYS]
        sections.append(c.summary(sections))
    return keys, sections


def test_every_column_header_of_the_report_comes_from_the_glossary(demo_report):
    keys, _ = demo_report
    summary = {"summary_area", "summary_finding", "summary_estimate", "summary_meaning", "summary_reading"}
    assert len(keys) > 40
    assert sorted(k for k in keys | summary if k not in glossary()) == []


def test_every_finding_has_a_plain_reading(demo_report):
    _, sections = demo_report
    findings = [f for s in sections for f in s.findings]
    assert findings and all(f.meaning for f in findings), [f.topic for f in findings if not f.meaning]
    summary = sections[-1].items[0].frame
    assert "Ý nghĩa của con số" in summary.columns


def test_the_box_lists_the_statistical_names_the_report_prints(demo_report):
    _, sections = demo_report
    box = glossary_box(sections, "vi")
    keys = [e.key for e in box.entries]
    for printed in ("holm", "loevinger_h", "kmo", "feldt", "katz", "delong", "gee", "auc", "omega"):
        assert printed in keys
    assert "icc" not in keys and "did" not in keys  # not in this report
    assert box.html.startswith('<aside class="glossary"><h3>Giải thích thuật ngữ</h3>')
