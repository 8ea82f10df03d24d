"""Bilingual messages: a sentence in English and Vietnamese, and lists of rows and values inside it.

Every word a user reads (errors, fixes, warnings, notes) is a :class:`Text`, rendered in the
language the user chose; values from the user's file are parameters, never translated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Lang", "MAX_LISTED", "RowList", "Text", "as_text", "describe_values", "render"]

#: How many offending values or rows a message lists before it says "and N more".
MAX_LISTED = 5

Lang = Literal["vi", "en"]


# ---------------------------------------------------------------- bilingual messages
@dataclass(frozen=True, slots=True)
class Text:
    """A message in English and Vietnamese, rendered when the language is known.

    ``en`` and ``vi`` are :meth:`str.format` templates over ``params``; a
    parameter may itself be a :class:`Text`, :class:`ValueList` or
    :class:`RowList`, rendered in the same language.  ``str(text)`` is the
    English rendering, so code that treats messages as strings keeps working.

    Examples
    --------
    >>> t = Text("{n} empty cell(s) in rows {rows}.", "{n} ô trống ở các dòng {rows}.",
    ...          {"n": 2, "rows": RowList([4, 9])})
    >>> t.render("vi")
    '2 ô trống ở các dòng 4, 9.'
    >>> str(t)
    '2 empty cell(s) in rows 4, 9.'
    """

    en: str
    vi: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang = "en") -> str:
        """The message in ``lang`` ("vi" or "en")."""
        template = self.vi if lang == "vi" else self.en
        if not self.params:
            return template
        values = {k: render(v, lang) for k, v in self.params.items()}
        return template.format(**values)

    def __str__(self) -> str:
        return self.render("en")


def render(value: object, lang: Lang = "en") -> str:
    """Render a :class:`Text`, a :class:`RowList` or another message part with a ``render(lang)`` method
    (:class:`tdkt_eval.io.privacy.ValueList`) in ``lang``; ``str()`` of anything else."""
    if isinstance(value, (Text, RowList)) or (not isinstance(value, str) and callable(getattr(value, "render", None))):
        return value.render(lang)
    return str(value)


def as_text(message: str | Text) -> Text:
    """A :class:`Text` for ``message``; a plain string is used for both languages (untranslated)."""
    return message if isinstance(message, Text) else Text(message, message)


@dataclass(frozen=True, slots=True)
class RowList:
    """Spreadsheet row numbers, cut after ``limit`` with "and N more" ("và N dòng khác").

    Examples
    --------
    >>> RowList(range(2, 12), limit=3).render("en")
    '2, 3, 4 and 7 more'
    """

    rows: Sequence[int]
    limit: int = 8

    def render(self, lang: Lang = "en") -> str:
        rows = [int(r) for r in self.rows]
        shown = ", ".join(str(r) for r in rows[:self.limit])
        extra = len(rows) - self.limit
        if extra <= 0:
            return shown
        return f"{shown} và {extra} dòng khác" if lang == "vi" else f"{shown} and {extra} more"


def describe_values(pairs: Iterable[tuple[object, int]], *, limit: int = MAX_LISTED, lang: Lang = "en") -> str:
    """Summarise offending ``(value, row)`` pairs as ``'0' (rows 12, 40), '9' (row 77)``.

    Parameters
    ----------
    pairs : iterable of (value, row)
        Each offending value with its spreadsheet row number.
    limit : int, default 5
        How many distinct values, and rows per value, to list.
    lang : {"en", "vi"}, default "en"
        The language of the words around the values.

    Returns
    -------
    str
        A short human-readable listing, ending "and N more" when cut.

    Examples
    --------
    >>> describe_values([(0, 12), (0, 40), (9, 77)])
    "'0' (rows 12, 40), '9' (row 77)"
    """
    by_value: dict[str, list[int]] = {}
    for value, row in pairs:
        by_value.setdefault(str(value), []).append(int(row))
    vi = lang == "vi"
    parts = []
    for value, rows in list(by_value.items())[:limit]:
        noun = "dòng" if vi else ("row" if len(rows) == 1 else "rows")
        parts.append(f"'{value}' ({noun} {RowList(rows, limit=limit).render(lang)})")
    extra = len(by_value) - limit
    if extra > 0:
        parts.append(f"và {extra} giá trị khác" if vi else f"and {extra} more distinct values")
    return ", ".join(parts)
