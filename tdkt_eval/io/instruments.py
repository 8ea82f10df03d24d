"""Survey instruments: XLSForm questionnaires as a model the package can read.

An :class:`Instrument` holds a form's items (name, type, choice list, labels in
each language, construct and reverse keying) and its choice lists.  The shipped
forms live in the package (``tdkt_eval/forms/``, copied to the project's
``surveys/`` for users) as XLSForms (sheets survey, choices, settings) that convert
under pyxform; extra columns that pyxform ignores (``construct``,
``reverse``) carry what the analyses need, and the settings column
``missing_codes`` lists the choice codes that mean "not applicable / don't
know".

:func:`load_instrument` reads a form, :func:`validate_form` checks it (pyxform
plus tdkt-eval's own rules), :func:`codebook` and :func:`write_codebook`
document it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from .._messages import Text
from ..errors import FormError, InputFileNotFoundError, InvalidParameterError, TdktInputError
from ..output import write_bytes_atomic, write_text_atomic
from ..paths import shipped_file
from .xlsform import (
    SKIPPED_TYPES,
    ParsedForm,
    is_scale,
    label_problems,
    parse_xlsform,
    run_pyxform,
    scale_problems,
    sheets_bytes,
    yes_no,
)

__all__ = [
    "Choice", "Item", "Instrument", "FormError", "SHIPPED_FORMS",
    "load_instrument", "validate_form", "codebook", "codebook_markdown", "write_codebook",
]

Labels = Mapping[str, str]  # language code ("vi", "en") -> label

#: The forms shipped in the package (``tdkt_eval/forms/``), by short name.
SHIPPED_FORMS = ("staff", "citizen", "inspection")
_REQUIRED = {"yes", "true", "true()", "1"}


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
    hints : mapping
        Hint per language code.
    relevant : str or None
        The XLSForm ``relevant`` expression (the item is asked only when true).
    row : int or None
        Row of the survey sheet the item was read from.
    """

    name: str
    type: str
    list_name: str | None = None
    labels: Labels = field(default_factory=dict)
    construct: str | None = None
    reverse: bool = False
    group: tuple[str, ...] = ()
    required: bool = False
    hints: Labels = field(default_factory=dict)
    relevant: str | None = None
    row: int | None = None


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
    version : str or None
        The form's ``settings.version``.
    source : str or None
        The file the form was read from.
    repeats : tuple of str
        Names of the repeat groups (``begin_repeat``), outermost first.

    Examples
    --------
    >>> staff = load_instrument("staff")
    >>> staff.constructs()["awareness"], staff.reverse_items()
    (['aw1', 'aw2', 'aw3', 'aw4'], ['aw4', 'su5', 'fo4', 'fa5'])
    >>> staff.is_likert("aw1"), staff.is_likert("gender")
    (True, False)
    """

    form_id: str
    title: Labels
    items: tuple[Item, ...]
    choices: Mapping[str, tuple[Choice, ...]]
    missing_codes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("vi", "en")
    version: str | None = None
    source: str | None = None
    repeats: tuple[str, ...] = ()

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

    def is_likert(self, item: str | Item) -> bool:
        """True for a ``select_one`` item whose codes, missing codes aside, are 1, 2, …, k (k >= 3)."""
        it = self.item(item) if isinstance(item, str) else item
        if it.type != "select_one" or it.list_name not in self.choices:
            return False
        return is_scale(self.choice_codes(it.list_name), self.missing_codes)

    def likert_items(self) -> list[str]:
        """Names of the Likert items, in form order."""
        return [it.name for it in self.items if self.is_likert(it)]


# ============================================================================ loading
def _resolve(source: str | Path) -> Path:
    if isinstance(source, str) and source in SHIPPED_FORMS:
        try:
            return shipped_file(f"forms/{source}.xlsx")
        except FileNotFoundError:
            raise InputFileNotFoundError(
                Text("The shipped form '{form}' is missing from the installed package.",
                     "Phiếu khảo sát có sẵn '{form}' không có trong gói đã cài.", {"form": source}),
                source=f"tdkt_eval/forms/{source}.xlsx",
                fix=Text("Reinstall tdkt-eval (pip install --force-reinstall tdkt-eval), or give the form's path.",
                         "Cài lại tdkt-eval (pip install --force-reinstall tdkt-eval), hoặc chỉ đường dẫn "
                         "tới tệp phiếu.")) from None
    path = Path(source)
    if not path.exists() and not path.suffix:
        raise InputFileNotFoundError(
            f"'{source}' is neither a shipped form ({', '.join(SHIPPED_FORMS)}) nor an existing file.",
            source=path, fix="Give one of those names or the path of an XLSForm (.xlsx).")
    return path


def _build(form: ParsedForm) -> Instrument:
    choices = {name: tuple(Choice(name=c.name, labels=c.labels) for c in rows)
               for name, rows in form.choices.items()}
    where, items = form.where("survey"), []
    for row in form.rows:
        if row.base in SKIPPED_TYPES:
            continue
        item = Item(
            name=row.name, type=row.base, list_name=row.list_name, labels=row.labels,
            construct=row.cells.get("construct") or None,
            reverse=yes_no(row.cells.get("reverse", ""), row=row.row, column="reverse", where=where),
            group=row.group, required=row.cells.get("required", "").strip().lower() in _REQUIRED,
            hints=row.hints, relevant=row.cells.get("relevant") or None, row=row.row)
        items.append(item)
    return Instrument(
        form_id=form.settings.get("form_id", form.path.stem), title=form.title, items=tuple(items),
        choices=choices, missing_codes=form.missing_codes, languages=form.languages,
        version=form.settings.get("version"), source=str(form.path),
        repeats=tuple(r.name for r in form.rows if r.base == "begin_repeat"))


def load_instrument(source: str | Path) -> Instrument:
    """Read an XLSForm into an :class:`Instrument`.

    Parameters
    ----------
    source : str or Path
        The path of an XLSForm (.xlsx), or the name of a shipped form:
        ``"staff"``, ``"citizen"`` or ``"inspection"`` (read from the
        package, ``tdkt_eval/forms/``).

    Returns
    -------
    Instrument
        Items in form order (notes and group markers left out, each item
        knowing its enclosing groups), choice lists, title per language
        (``form_title`` in the default language, ``form_title_<code>`` for
        the others), missing codes from the settings column ``missing_codes``.

    Raises
    ------
    FormError
        A missing survey sheet, an unknown choice list, a duplicate name, a
        group that never closes, a reverse flag on a non-Likert item …; the
        message names the file, sheet and row and says how to fix it.
    InputFileNotFoundError
        No such file or shipped form.

    Notes
    -----
    Labels are read from ``label::Language (code)`` columns, keyed by the code
    in brackets ("vi", "en"); a plain ``label`` column belongs to the
    ``default_language`` of the settings sheet.

    Examples
    --------
    >>> citizen = load_instrument("citizen")
    >>> citizen.form_id, citizen.languages
    ('tdkt_citizen', ('vi', 'en'))
    >>> item = citizen.item("c_mlearn")
    >>> item.construct, item.group, item.relevant
    ('model', ('model',), "${c_mknow} = '1'")
    >>> citizen.item("c_ben1").labels["en"]
    'The movement has brought benefits to your household.'
    """
    return _build(parse_xlsform(_resolve(source)))


# ============================================================================ validation
def validate_form(path: str | Path, *, languages: Sequence[str] = ("vi", "en")) -> list[str]:
    """Check an XLSForm: pyxform converts it, and it meets tdkt-eval's rules.

    Parameters
    ----------
    path : str or Path
        The XLSForm (or a shipped form name, as in :func:`load_instrument`).
    languages : sequence of str, default ("vi", "en")
        Language codes every label (and every hint given at all) must have.

    Returns
    -------
    list of str
        One message per problem (empty when the form is fine), each naming
        the file, sheet and rows and ending with the fix.

    Raises
    ------
    InputFileNotFoundError
        The file does not exist.
    ModuleNotFoundError
        pyxform is not installed.

    Notes
    -----
    Checks, in order:

    1. pyxform converts the form.  Its Python API is called and its outcome
       read (``xls2xform --json`` exits 0 even when the form fails, so its
       exit status proves nothing).  pyxform warnings count as problems.
    2. The form loads (:func:`load_instrument`): sheets, choice lists, unique
       names, reverse flags only on Likert items.
    3. Every Likert item has a construct, and every construct measured by
       Likert items has at least 3 items.  Single-question indicators (yes/no
       items such as the citizen form's ``c_know``) are exempt.
    4. Every label (survey and choices) exists in each language.
    5. Likert lists hold no missing code; declared missing codes exist.

    Examples
    --------
    >>> validate_form("staff")
    []
    """
    path = _resolve(path)
    if not path.is_file():
        raise InputFileNotFoundError("The file does not exist.", source=path,
                                     fix="Check the path and file name.")
    problems = []
    result = run_pyxform(path)
    if not result.ok:
        problems.append(f"File '{path}': pyxform cannot convert the form (result code {result.code}): "
                        f"{result.message} Fix: correct the row that pyxform names.")
    problems += [f"File '{path}': pyxform warning: {w} Fix: change the form as the warning says." for w in result.warnings]
    try:
        form = parse_xlsform(path)
        _build(form)
    except TdktInputError as exc:
        return [*problems, str(exc)]
    return [*problems, *scale_problems(form), *label_problems(form, languages)]


# ============================================================================ codebook
_MISSING_MARK = {"vi": "giá trị khuyết", "en": "missing"}


def _choice_text(inst: Instrument, list_name: str | None, lang: str) -> str:
    if not list_name or list_name not in inst.choices:
        return ""
    mark = _MISSING_MARK.get(lang, "missing")
    return "; ".join(
        f"{c.name} = {c.labels.get(lang, '')}" + (f" [{mark}]" if c.name in inst.missing_codes else "")
        for c in inst.choices[list_name])


def codebook(instrument: Instrument, *, lang: str = "vi") -> pd.DataFrame:
    """The codebook of an instrument: one row per item.

    Parameters
    ----------
    instrument : Instrument
    lang : str, default "vi"
        Language code of the labels and choice texts; one of ``instrument.languages``.

    Returns
    -------
    DataFrame
        Columns ``name``, ``group`` (group path joined by ``/``), ``construct``,
        ``reverse`` (bool), ``type``, ``list_name``, ``required`` (bool),
        ``relevant``, ``label`` and ``choices`` ("1 = …; 2 = …", missing codes
        marked), in form order.

    Examples
    --------
    >>> book = codebook(load_instrument("staff"), lang="en")
    >>> row = book.set_index("name").loc["fo4"]
    >>> row["construct"], bool(row["reverse"]), row["group"]
    ('formality', True, 'formality')
    >>> row["choices"].split("; ")[0]
    '1 = Strongly disagree'
    """
    if lang not in instrument.languages:
        raise TdktInputError(
            f"The 'lang' parameter of codebook must be one of {list(instrument.languages)}. Got {lang!r} instead.",
            fix="Pass lang= with a language the form has labels in.")
    rows = [{
        "name": it.name, "group": "/".join(it.group), "construct": it.construct or "",
        "reverse": bool(it.reverse), "type": it.type, "list_name": it.list_name or "",
        "required": bool(it.required), "relevant": it.relevant or "",
        "label": it.labels.get(lang, ""), "choices": _choice_text(instrument, it.list_name, lang),
    } for it in instrument.items]
    columns = ["name", "group", "construct", "reverse", "type", "list_name", "required", "relevant", "label",
               "choices"]
    return pd.DataFrame(rows, columns=columns)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def codebook_markdown(instrument: Instrument) -> str:
    """The codebook as Markdown: constructs, items and choice lists, all languages side by side.

    Examples
    --------
    >>> text = codebook_markdown(load_instrument("inspection"))
    >>> text.splitlines()[0]
    '# Codebook: tdkt_inspection'
    >>> "| 9 | Không áp dụng | Not applicable | yes |" in text
    True
    """
    langs = instrument.languages
    source = Path(instrument.source).name if instrument.source else ""
    out = [f"# Codebook: {instrument.form_id}", "",
           "Generated from the XLSForm by `tdkt_eval.io.instruments.write_codebook`; do not edit by hand.", ""]
    out += [f"- Title ({lang}): {instrument.title[lang]}" for lang in langs if lang in instrument.title]
    out += [f"- Source: `{source}`" if source else "- Source: (in memory)",
            f"- Version: {instrument.version or ''}", f"- Languages: {', '.join(langs)}",
            f"- Items: {len(instrument.items)}",
            "- Missing codes: " + (", ".join(instrument.missing_codes) or "none"), ""]
    out += ["## Constructs", ""]
    out += _table(["construct", "n items", "items", "reverse-keyed"], [
        (c, len(names), " ".join(names), " ".join(n for n in names if instrument.item(n).reverse) or "-")
        for c, names in instrument.constructs().items()])
    out += ["", "## Items", ""]
    out += _table(["name", "group", "construct", "reverse", "type", "choice list", "required", "relevant",
                   *(f"label ({lang})" for lang in langs)], [
        (it.name, "/".join(it.group), it.construct or "", "1" if it.reverse else "", it.type,
         it.list_name or "", "yes" if it.required else "", f"`{it.relevant}`" if it.relevant else "",
         *(it.labels.get(lang, "") for lang in langs)) for it in instrument.items])
    out += ["", "## Choice lists", ""]
    for list_name, options in instrument.choices.items():
        out += [f"### {list_name}", ""]
        out += _table(["code", *(f"label ({lang})" for lang in langs), "missing"], [
            (c.name, *(c.labels.get(lang, "") for lang in langs), "yes" if c.name in instrument.missing_codes else "")
            for c in options])
        out.append("")
    return "\n".join(out)


def _codebook_xlsx(instrument: Instrument) -> bytes:
    langs = instrument.languages
    frames = {lang: codebook(instrument, lang=lang) for lang in langs}
    table = frames[langs[0]].drop(columns=["label", "choices"])
    for lang, frame in frames.items():
        table[f"label_{lang}"], table[f"choices_{lang}"] = frame["label"], frame["choices"]
    choice_rows = [[name, c.name, *(c.labels.get(lang, "") for lang in langs), c.name in instrument.missing_codes]
                   for name, options in instrument.choices.items() for c in options]
    return sheets_bytes({
        "items": [list(table.columns), *(list(r) for r in table.itertuples(index=False))],
        "choices": [["list_name", "name", *(f"label_{lang}" for lang in langs), "missing"], *choice_rows],
    }, widths={"name": 14, **{f"label_{lang}": 60 for lang in langs}})


def write_codebook(instrument: Instrument, out_dir: str | Path, *,
                   formats: Sequence[Literal["md", "xlsx"]] = ("md", "xlsx"),
                   stem: str | None = None) -> list[Path]:
    """Write the codebook as Markdown and/or Excel, atomically.

    Parameters
    ----------
    instrument : Instrument
    out_dir : str or Path
        Folder to write into (created if needed).
    formats : sequence of {"md", "xlsx"}, default ("md", "xlsx")
    stem : str, optional
        File names are ``codebook_<stem>.md`` / ``.xlsx``; by default the
        name of the form's file (``staff`` for ``staff.xlsx``), else its form_id.

    Returns
    -------
    list of Path
        The files written.  The bytes depend only on the instrument.

    Examples
    --------
    >>> import tempfile
    >>> paths = write_codebook(load_instrument("citizen"), tempfile.mkdtemp())
    >>> [p.name for p in paths]
    ['codebook_citizen.md', 'codebook_citizen.xlsx']
    """
    unknown = [f for f in formats if f not in ("md", "xlsx")]
    if unknown:
        raise InvalidParameterError(
            f"The 'formats' parameter of write_codebook must be some of {{'md', 'xlsx'}}. Got {unknown} instead.")
    if stem is None:
        stem = Path(instrument.source).stem if instrument.source else instrument.form_id
    out_dir = Path(out_dir)
    written = []
    if "md" in formats:
        written.append(write_text_atomic(out_dir / f"codebook_{stem}.md", codebook_markdown(instrument)))
    if "xlsx" in formats:
        written.append(write_bytes_atomic(out_dir / f"codebook_{stem}.xlsx", _codebook_xlsx(instrument)))
    return written
