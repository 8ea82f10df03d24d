"""Survey instruments: XLSForm questionnaires as a model the package can read.

An :class:`Instrument` holds a form's items (name, type, choice list, labels in
each language, construct and reverse keying) and its choice lists.  Forms live
in ``surveys/`` as XLSForms (sheets survey, choices, settings) that convert
under pyxform; extra columns that pyxform ignores (``construct``,
``reverse``) carry what the analyses need.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Choice", "Item", "Instrument"]

Labels = Mapping[str, str]  # language code ("vi", "en") -> label


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One answer option of a choice list: its code (``name``) and labels."""

    name: str
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """One question of a form.

    Attributes
    ----------
    name : str
        The XLSForm ``name`` (the column name in exports and in tdkt-eval tables).
    type : str
        The XLSForm base type: ``select_one``, ``select_multiple``, ``integer``,
        ``decimal``, ``text``, ``date``, ``start``, ``end``, ``calculate`` …
    list_name : str or None
        The choice list of a select question.
    labels : mapping
        Label per language code.
    construct : str or None
        The construct the item measures (from the form's ``construct`` column).
    reverse : bool
        Reverse-keyed item (from the form's ``reverse`` column).
    group : tuple of str
        Names of the enclosing groups, outermost first (exports join them
        with ``/`` or ``-`` in headers).
    required : bool
        The form requires an answer.
    """

    name: str
    type: str
    list_name: str | None = None
    labels: Labels = field(default_factory=dict)
    construct: str | None = None
    reverse: bool = False
    group: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Instrument:
    """A survey form: its items in order and its choice lists.

    Attributes
    ----------
    form_id : str
        The form's ``settings.form_id``.
    title : mapping
        Title per language code.
    items : tuple of Item
        Every question, in form order (notes and group markers excluded).
    choices : mapping
        List name -> choices in order.
    missing_codes : tuple of str
        Choice codes that mean "don't know / no answer" and become NaN.
    languages : tuple of str
        Language codes with labels, e.g. ``("vi", "en")``.
    """

    form_id: str
    title: Labels
    items: tuple[Item, ...]
    choices: Mapping[str, tuple[Choice, ...]]
    missing_codes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("vi", "en")

    def item(self, name: str) -> Item:
        """The item called ``name`` (KeyError if absent)."""
        for it in self.items:
            if it.name == name:
                return it
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Item names in form order."""
        return tuple(it.name for it in self.items)

    def constructs(self) -> dict[str, list[str]]:
        """Construct -> its item names, in form order."""
        out: dict[str, list[str]] = {}
        for it in self.items:
            if it.construct:
                out.setdefault(it.construct, []).append(it.name)
        return out

    def reverse_items(self) -> list[str]:
        """Names of reverse-keyed items."""
        return [it.name for it in self.items if it.reverse]

    def choice_codes(self, list_name: str) -> tuple[str, ...]:
        """Codes of a choice list, in order."""
        return tuple(c.name for c in self.choices[list_name])
