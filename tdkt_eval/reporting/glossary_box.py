"""The "Giải thích thuật ngữ" box: each statistical name a report uses, explained in one plain sentence.

The terms and their explanations come from the glossary (``tdkt_eval/glossary.csv``,
:func:`tdkt_eval.i18n.glossary`); a term is listed when one of its ``appears_as``
forms is in the report's text (headings, notes, findings, captions and column headers).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..i18n import GlossaryEntry, Lang, check_lang, glossary, label
from .artifacts import ReportFigure, ReportSection, ReportTable

__all__ = ["GlossaryBox", "glossary_box", "glossary_markdown", "report_text"]


@dataclass(frozen=True)
class GlossaryBox:
    """The box as HTML (a notebook shows it) and as Markdown, with the glossary entries it lists."""

    html: str
    markdown: str
    entries: tuple[GlossaryEntry, ...]

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.markdown


def report_text(sections: Iterable[ReportSection]) -> str:
    """All the words of ``sections`` a reader sees: titles, intros, notes, findings, captions, column headers."""
    parts: list[str] = []
    for s in sections:
        parts += [s.title, s.intro, *s.notes]
        parts += [text for f in s.findings for text in (f.topic, f.estimate, f.reading, f.meaning)]
        for item in s.items:
            parts += [item.caption, item.note]
            if isinstance(item, ReportTable):
                parts += [str(c) for c in item.frame.columns]
            elif isinstance(item, ReportFigure):
                parts.append(item.alt)
    return "\n".join(p for p in parts if p)


def _pattern(form: str) -> re.Pattern[str]:
    """``form`` as a whole word where it begins or ends with a letter ("CI" is not in "criteria")."""
    head = r"(?<!\w)" if re.match(r"\w", form) else ""
    tail = r"(?!\w)" if re.search(r"\w$", form) else ""
    return re.compile(head + re.escape(form) + tail, re.IGNORECASE)


def _used(entry: GlossaryEntry, text: str) -> bool:
    return any(_pattern(form).search(text) for form in entry.appears_as)


def glossary_box(sections: Iterable[ReportSection] | str, lang: Lang = "vi") -> GlossaryBox:
    """The statistical terms that appear in ``sections``, each with its one-sentence explanation in ``lang``.

    Parameters
    ----------
    sections : iterable of ReportSection, or str
        The report's sections (the summary may be among them), or the report's text itself.
    lang : {"vi", "en"}
        The report's language.

    Returns
    -------
    GlossaryBox
        ``html`` (an ``<aside class="glossary">`` with a definition list), ``markdown`` (a heading and a
        bullet per term) and ``entries``, in the glossary's order; a report without a statistical
        name gets an empty box (``html`` and ``markdown`` are "").

    Examples
    --------
    >>> box = glossary_box("p (hiệu chỉnh Holm); KTC 95% tính theo Feldt", "vi")
    >>> [e.key for e in box.entries]
    ['ci95', 'p_value', 'holm', 'feldt']
    >>> print(box.markdown.splitlines()[0])
    ### Giải thích thuật ngữ
    >>> [e.en for e in glossary_box("p-value (Holm-adjusted)", "en").entries]
    ['p-value', 'Holm adjustment']
    """
    lang = check_lang(lang)
    text = sections if isinstance(sections, str) else report_text(sections)
    entries = tuple(e for e in glossary().values() if e.kind == "stat" and _used(e, text))
    if not entries:
        return GlossaryBox("", "", ())
    title = label("glossary_box_title", lang)
    rows = "".join(f"<dt>{html.escape(e.term(lang))}</dt><dd>{html.escape(e.explanation(lang))}</dd>"
                   for e in entries)
    body = f'<aside class="glossary"><h3>{html.escape(title)}</h3><dl>{rows}</dl></aside>'
    markdown = f"### {title}\n\n" + "".join(f"- **{e.term(lang)}**: {e.explanation(lang)}\n" for e in entries)
    return GlossaryBox(body, markdown, entries)


_KINDS = (("legal", "Tên gọi theo văn bản pháp luật", "Names in the law's wording"),
          ("field", "Thuật ngữ của lĩnh vực thi đua, khen thưởng", "Terms of the field"),
          ("stat", "Tên gọi thống kê (hộp “Giải thích thuật ngữ”)", "Statistical names (the explanation box)"),
          ("column", "Tiêu đề cột của các bảng", "Column headers"),
          ("code", "Giá trị mã trong dữ liệu", "Codes of the data contracts"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|") if text else ""


def glossary_markdown() -> str:
    """``docs/glossary.md``: the glossary as Markdown tables, one per kind of term (generated; do not edit).

    Examples
    --------
    >>> glossary_markdown().splitlines()[0]
    '# Bảng thuật ngữ / Glossary'
    """
    entries = list(glossary().values())
    lines = ["# Bảng thuật ngữ / Glossary", "",
             "Generated from `tdkt_eval/glossary.csv` by `tdkt_eval.reporting.glossary_box.glossary_markdown()`; "
             "edit the CSV, not this page. One Vietnamese term per concept, in the wording of the Luật Thi đua, "
             "khen thưởng (Law No. 06/2022/QH15) where the law has one. The report's terms and column headers are "
             "drawn from this table; a test checks that no “variant to avoid” appears in a Vietnamese label, the "
             "user guide or the command line's help.", "", f"{len(entries)} entries.", ""]
    for kind, vi, en in _KINDS:
        rows = [e for e in entries if e.kind == kind]
        lines += [f"## {vi} / {en}", "",
                  "| Khóa / key | Tiếng Việt | English | Giải thích | Explanation | Tránh dùng / avoid | Nguồn / source |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| `{e.key}` | {_cell(e.vi)} | {_cell(e.en)} | {_cell(e.explain_vi)} | {_cell(e.explain_en)} | "
                  f"{_cell('; '.join(e.avoid_vi))} | {_cell(e.source)} |" for e in rows]
        lines.append("")
    return "\n".join(lines)
