"""Load survey answers from KoboToolbox, ODK Central, SPSS or hand-typed sheets, checked against the form.

Whatever the source, the result has one shape: one row per submission, columns
named by the form's item names, answers as choice codes, and a few metadata
columns under canonical names.  Every mismatch between data and form is
reported by name, all problems of one kind in one error.  What the export
formats look like (files, metadata, header and answer conventions) is in
:mod:`._exports`; this module decides what the columns mean for the form.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .._messages import Text
from ..errors import (
    DataQualityWarning,
    DuplicateColumnError,
    InvalidChoiceError,
    InvalidParameterError,
    MissingDependencyError,
    MissingItemError,
    MixedTypeError,
    SheetNotFoundError,
    SurveyLanguageError,
    SurveyMismatchError,
    TruncatedFileError,
    UnknownColumnError,
    WrongSeparatorError,
)
from ._exports import (
    SURVEY_KINDS,
    TICKS,
    ExportTable,
    HeaderResolver,
    SurveyExport,
    Target,
    cell_text,
    choice_lookup,
    code_of,
    codes_of,
    read_export,
    repeat_tables,
)
from .contracts import Column, get_table
from .headers import alias_index
from .instruments import Instrument, Item, load_instrument
from .legacy import vietnamese_score
from .parsing import DEFAULT_MISSING, CellContext, blank_mask, parse_column, parse_number
from .privacy import (
    PersonalData,
    ValueList,
    check_policy,
    mask_free_text,
    personal_data_columns,
    personal_data_note,
    pseudonymise,
    resolve_salt,
)
from .records import repair_legacy, validate
from .text import fold, header_key, nfc

__all__ = [
    "load_survey",
    "SurveyMismatchError",
    "UnknownColumnError",
    "MissingItemError",
    "InvalidChoiceError",
    "SurveyLanguageError",
    "TruncatedFileError",
    "WrongSeparatorError",
    "MissingDependencyError",
]

Format = Literal["auto", "kobo_csv", "kobo_xlsx", "odk_csv", "odk_zip", "excel", "spss"]
SurveyKind = Literal["staff_responses", "citizen_responses"]
#: XLSForm types the device records rather than asks: never reported missing.
_AUTOMATIC = frozenset({"start", "end", "today", "deviceid", "username", "simserial", "subscriberid",
                        "phonenumber", "audit", "calculate", "hidden", "background-audio"})
_DATES = {"date": "date", "today": "date", "datetime": "datetime"}


# ---------------------------------------------------------------- errors
_TWO_COLUMNS_FIX = Text("Delete or rename one of the two columns.", "Xóa hoặc đổi tên một trong hai cột.")
_MISSING_CODES_FIX = ("declare 'no answer' codes with missing_codes=[...]",
                      "khai báo mã 'không trả lời' bằng missing_codes=[...]")


def _joined(parts: Iterable[object], sep: str = ", ") -> Text:
    """One :class:`Text` listing ``parts`` (texts or plain values), each rendered in the message's language.

    Examples
    --------
    >>> _joined([Text("yes", "có"), "x"]).render("vi")
    'có, x'
    """
    params = {f"p{i}": part for i, part in enumerate(parts)}
    template = sep.join("{" + key + "}" for key in params)
    return Text(template, template, params)


def _by_item(problems: Mapping[str, list[tuple[object, int]]], limit: int = 5) -> Text:
    """"'aw1': '7' (row 3); 'pa2': …" for offending answers grouped by item."""
    return _joined((Text("'{item}': {values}", "'{item}': {values}", {"item": k, "values": ValueList(v, limit=limit)})
                    for k, v in problems.items()), sep="; ")


def _foreign(texts: list[str], langs: tuple[str, ...]) -> bool:
    """Words (not codes) that do not read as Vietnamese although Vietnamese labels are accepted."""
    wordy = [t for t in texts if " " in t.strip() or not t.isascii() or len(t) > 3]
    if not texts or len(wordy) * 2 < len(texts):
        return False
    return "vi" not in langs or sum(map(vietnamese_score, wordy)) / len(wordy) < 0.8


# ---------------------------------------------------------------- headers → items
def _map_columns(table: ExportTable, resolver: HeaderResolver, expected: list[Item], langs: tuple[str, ...],
                 form_id: str) -> dict[Target, int]:
    """Resolve every header to its target; raise one error per kind of mismatch."""
    resolver.check_joined(table)
    found: dict[Target, int] = {}
    unknown: dict[str, str | None] = {}  # header → the items it fits equally well (None: no item)
    for pos, header in enumerate(table.headers):
        target = resolver.resolve(header)
        if target is None or target.kind == "ambiguous":
            unknown[header] = None if target is None else target.name
        elif target in found and target.kind != "meta":
            raise DuplicateColumnError(
                Text("The headers '{first}' and '{second}' are both '{target}'.",
                     "Hai tiêu đề '{first}' và '{second}' cùng là '{target}'.",
                     {"first": table.headers[found[target]], "second": header,
                      "target": target.name + ("/" + target.choice if target.choice else "")}),
                **table.place(), fix=_TWO_COLUMNS_FIX)
        elif target.name:  # metadata that tdkt-eval drops has no name
            found.setdefault(target, pos)
    present = {t.name for t in found if t.kind in ("item", "choice")}
    missing = [it.name for it in expected
               if it.name not in present and it.type not in _AUTOMATIC and it.name not in resolver.optional]
    named = [h if fits is None else f"{h} (fits {fits})" for h, fits in unknown.items()]
    if len(missing) * 2 >= len(expected) >= 2 and len(unknown) * 2 >= len(missing) > 0 and _foreign(named, langs):
        _wrong_language_headers(list(unknown.items()), form_id, langs, table)
    if unknown:
        _unknown_columns(unknown, resolver, missing, form_id, table)
    if missing:
        raise MissingItemError(
            Text("{n} item(s) of form '{form}' are not in the data: {items}.",
                 "{n} câu hỏi của biểu mẫu '{form}' không có trong dữ liệu: {items}.",
                 {"n": len(missing), "form": form_id, "items": ", ".join(missing)}),
            **table.place(), column=missing[0],
            fix=Text("Export every question of the form (KoboToolbox: 'Select questions to be exported': all); "
                     "items of a repeat group are on their own sheet (pass repeat=...).",
                     "Hãy xuất tất cả câu hỏi của biểu mẫu (KoboToolbox: 'Select questions to be exported': "
                     "chọn tất cả); câu hỏi thuộc nhóm lặp nằm ở trang tính riêng (truyền repeat=...)."))
    return found


def _fitting(header: str, fits: str | None) -> Text:
    """A header that is not an item, with the items it fits equally well."""
    if fits is None:
        return Text("'{header}'", "'{header}'", {"header": header})
    return Text("'{header}' (fits {fits})", "'{header}' (khớp với cả {fits})", {"header": header, "fits": fits})


def _wrong_language_headers(unknown: list[tuple[str, str | None]], form_id: str, langs: tuple[str, ...],
                            table: ExportTable) -> None:
    langs_text = {"langs": ", ".join(langs)}
    raise SurveyLanguageError(
        Text("{n} headers match neither the item names of form '{form}' nor their labels in {langs}: {listed}. "
             "The export seems to use labels in another language.",
             "{n} tiêu đề không khớp với tên câu hỏi của biểu mẫu '{form}', cũng không khớp với nhãn bằng "
             "{langs}: {listed}. Có vẻ tệp xuất dùng nhãn bằng một ngôn ngữ khác.",
             {"n": len(unknown), "form": form_id, "listed": _joined(_fitting(*u) for u in unknown[:5]),
              **langs_text}),
        **table.place(),
        fix=Text("Export again with 'XML values and headers' (KoboToolbox) or with labels in one of {langs}, "
                 "or add that language to the form.",
                 "Hãy xuất lại với 'XML values and headers' (KoboToolbox) hoặc với nhãn bằng một trong các "
                 "ngôn ngữ {langs}, hoặc bổ sung ngôn ngữ đó vào biểu mẫu.", langs_text))


def _unknown_columns(unknown: Mapping[str, str | None], resolver: HeaderResolver, missing: list[str],
                     form_id: str, table: ExportTable) -> None:
    listed = []
    for header, fits in unknown.items():
        hint = resolver.suggest(header if fits is None else f"{header} (fits {fits})", missing)
        listed.append(_fitting(header, fits) if not hint else Text(
            "{header} (did you mean '{hint}'?)", "{header} (có phải là '{hint}' không?)",
            {"header": _fitting(header, fits), "hint": hint}))
    raise UnknownColumnError(
        Text("{n} column(s) are neither items of form '{form}' nor export metadata: {listed}.",
             "{n} cột không phải câu hỏi của biểu mẫu '{form}', cũng không phải cột siêu dữ liệu của tệp xuất: "
             "{listed}.", {"n": len(unknown), "form": form_id, "listed": _joined(listed)}),
        **table.place(), column=next(iter(unknown)),
        fix=Text("Rename each column to its item name (or its label), or delete it; if the form changed, "
                 "load the form version the data were collected with.",
                 "Đổi tên mỗi cột thành tên câu hỏi (hoặc nhãn của câu hỏi), hoặc xóa cột đó; nếu biểu mẫu đã "
                 "thay đổi, hãy dùng đúng phiên bản biểu mẫu đã dùng khi thu thập dữ liệu."))


# ---------------------------------------------------------------- cells → typed columns
@dataclass
class _Columns:
    """Typed columns under construction, and the offending cells of every item, for one error per kind."""

    form: Instrument
    langs: tuple[str, ...]
    missing: frozenset[str]
    rows: np.ndarray
    out: dict[str, pd.Series] = field(default_factory=dict)
    bad_choices: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    bad_numbers: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    matched: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.blanks = self.missing | DEFAULT_MISSING

    def _blank(self, value: object) -> bool:
        return value is None or fold(cell_text(value)) in self.blanks

    def select_one(self, item: Item, values: list[object], value_labels: Mapping[object, str]) -> None:
        lookup, codes = choice_lookup(self.form, item.list_name, self.langs), []
        read: dict[tuple[type, object], tuple[str | None, bool]] = {}  # each distinct answer is read once
        for value, row in zip(values, self.rows):
            key = (type(value), value)
            if key not in read:
                code = None if value is None else code_of(cell_text(value), lookup)
                if code is None and value in value_labels:  # SPSS: a recoded value whose label names the choice
                    code = code_of(value_labels[value], lookup)
                read[key] = code, code is None and not self._blank(value)
            code, bad = read[key]
            if code is not None:
                self.matched.add(item.name)
            elif bad:
                self.bad_choices.setdefault(item.name, []).append((value, int(row)))
            codes.append(None if code is None or fold(code) in self.missing else code)
        allowed = [c for c in self.form.choice_codes(item.list_name) if fold(c) not in self.missing]
        if allowed and all(re.fullmatch(r"-?\d+", c) for c in allowed):  # Likert 1..5 and other numeric codes
            self.out[item.name] = pd.Series([None if c is None else int(c) for c in codes], dtype="Int64")
        else:
            self.out[item.name] = pd.Series(codes, dtype="string")

    def select_multiple(self, item: Item, summary: list[object] | None, ticks: dict[str, list[object]]) -> None:
        """One 0/1 column per choice, from the answer column or, failing it, the per-choice columns."""
        lookup = choice_lookup(self.form, item.list_name, self.langs)
        picked: list[set[str] | None] = [None] * len(self.rows)
        for i, value in enumerate(summary or ()):
            if value is None or fold(cell_text(value)) in DEFAULT_MISSING:
                continue
            codes = codes_of(cell_text(value), lookup)
            if codes is None:
                self.bad_choices.setdefault(item.name, []).append((value, int(self.rows[i])))
            else:
                self.matched.add(item.name)
                picked[i] = set(codes)
        for code, cells in ticks.items() if summary is None else ():
            for i, value in enumerate(cells):
                tick = None if value is None else TICKS.get(fold(cell_text(value)))
                if tick is None and value is not None:
                    self.bad_choices.setdefault(f"{item.name}/{code}", []).append((value, int(self.rows[i])))
                elif tick is not None:
                    picked[i] = (picked[i] or set()) | ({code} if tick else set())
        skipped = [p is None or any(fold(c) in self.missing for c in p) for p in picked]
        for code in self.form.choice_codes(item.list_name):
            if fold(code) not in self.missing:
                self.out[f"{item.name}__{code}"] = pd.Series(
                    [None if s else int(code in p) for s, p in zip(skipped, picked)], dtype="Int64")

    def number(self, item: Item, values: list[object]) -> None:
        numbers, bad = [], []
        for value, row in zip(values, self.rows):
            try:
                numbers.append(None if self._blank(value) else parse_number(value))
            except Exception:  # noqa: BLE001 - parse_number signals a non-number with a private exception
                numbers.append(None)
                bad.append((value, int(row)))
        if bad and item.type == "calculate":  # a calculation that yields text
            self.text(item, values)
            return
        if bad:
            self.bad_numbers[item.name] = bad
        series = pd.Series(numbers, dtype="Float64")
        whole = series.dropna()
        integral = item.type == "integer" or (item.type != "decimal" and (whole == whole.round()).all())
        self.out[item.name] = series.round().astype("Int64") if integral else series.astype("float64")

    def text(self, item: Item, values: list[object]) -> None:
        self.out[item.name] = pd.Series([None if v is None else cell_text(v) for v in values], dtype="string")

    def raise_problems(self, table: ExportTable) -> None:
        if self.bad_numbers:
            en, vi = _MISSING_CODES_FIX
            raise MixedTypeError(
                Text("Expected numbers but found {listing}.", "Cần giá trị số nhưng gặp {listing}.",
                     {"listing": _by_item(self.bad_numbers)}),
                **table.place(), column=next(iter(self.bad_numbers)),
                rows=sorted({r for v in self.bad_numbers.values() for _, r in v}),
                fix=Text(f"Correct these cells, or {en}.", f"Sửa các ô này, hoặc {vi}."))
        if not self.bad_choices:
            return
        langs = {"langs": ", ".join(self.langs)}
        unmatched = [k for k in self.bad_choices if "/" not in k and k not in self.matched]
        if len(unmatched) >= 2 and _foreign([cell_text(v) for k in unmatched for v, _ in self.bad_choices[k]],
                                            self.langs):
            raise SurveyLanguageError(
                Text("The answers of {n} questions match neither the choice codes nor the labels in {langs}: "
                     "{examples}. They seem to be labels in another language (or reworded labels).",
                     "Câu trả lời của {n} câu hỏi không khớp với mã lựa chọn, cũng không khớp với nhãn bằng "
                     "{langs}: {examples}. Có vẻ đây là nhãn bằng một ngôn ngữ khác (hoặc nhãn đã bị sửa lời).",
                     {"n": len(unmatched), "examples": _by_item({k: self.bad_choices[k] for k in unmatched[:4]}, 2),
                      **langs}),
                **table.place(),
                fix=Text("Export again with 'XML values' (codes) or with labels in one of {langs}; "
                         "or add that language to the form.",
                         "Hãy xuất lại với 'XML values' (mã) hoặc với nhãn bằng một trong các ngôn ngữ {langs}; "
                         "hoặc bổ sung ngôn ngữ đó vào biểu mẫu.", langs))
        self._invalid_choices(table, langs)

    def _invalid_choices(self, table: ExportTable, langs: dict[str, str]) -> None:
        parts = []
        for key, pairs in self.bad_choices.items():
            item = self.form.item(key.split("/")[0])
            allowed = (Text("0/1, x or blank", "0/1, x hoặc để trống") if "/" in key
                       else ", ".join(self.form.choice_codes(item.list_name)[:10]))
            parts.append(Text("'{key}' (allowed: {allowed}): {values}", "'{key}' (được phép: {allowed}): {values}",
                              {"key": key, "allowed": allowed, "values": ValueList(pairs)}))
        en, vi = _MISSING_CODES_FIX
        raise InvalidChoiceError(
            Text("Answers not in the choice lists: {parts}.", "Câu trả lời không có trong danh sách lựa chọn: {parts}.",
                 {"parts": _joined(parts, sep="; ")}),
            **table.place(), column=next(iter(self.bad_choices)),
            rows=sorted({r for v in self.bad_choices.values() for _, r in v}),
            fix=Text(f"Correct these answers (codes, or labels in {{langs}}), or {en}.",
                     f"Sửa các câu trả lời này (dùng mã, hoặc nhãn bằng {{langs}}), hoặc {vi}.", langs))


def _when(values: list[object], dtype: str, header: str, table: ExportTable) -> pd.Series:
    column = Column(name=header, dtype="date" if dtype == "date" else "datetime", description="")
    return parse_column(values, column, CellContext(table.source or table.label, header, table.rows, sheet=table.sheet))


def _ids(values: list[object], *, parent: bool = False) -> list[str | None]:
    """Submission ids without ODK's "uuid:" prefix; a repeat's PARENT_KEY cut to its submission."""
    texts = [None if v is None else cell_text(v) for v in values]
    return [None if t is None else (t.split("/")[0] if parent else t).removeprefix("uuid:") for t in texts]


def _parent_ids(meta: Mapping[str, list[object]], export: SurveyExport, table: ExportTable) -> list[str | None]:
    """The ``_uuid`` of the submission each repeat row (of ``table``) belongs to."""
    if "_parent_uuid" in meta or "_parent_key" in meta:
        return _ids(meta.get("_parent_uuid") or meta["_parent_key"], parent=True)
    headers = {h: j for j, h in enumerate(export.main.headers)}
    if "_parent_index" in meta and {"_index", "_uuid"} <= set(headers):
        uuid_of = {cell_text(r[headers["_index"]]): cell_text(r[headers["_uuid"]]) for r in export.main.body}
        return [None if v is None else uuid_of.get(cell_text(v)) for v in meta["_parent_index"]]
    raise SurveyMismatchError(
        Text("The repeat table has no column that links it to its submission.",
             "Bảng của nhóm lặp không có cột nối mỗi dòng với phiếu mà nó thuộc về."), **table.place(),
        fix=Text("Export with the metadata columns (_index/_parent_index or KEY/PARENT_KEY).",
                 "Hãy xuất kèm các cột siêu dữ liệu (_index/_parent_index hoặc KEY/PARENT_KEY)."))


# ---------------------------------------------------------------- personal data
def _split_personal(table: ExportTable, resolver: HeaderResolver) -> tuple[ExportTable, dict[str, list[object]]]:
    """Take the columns of personal data out of ``table``: headers that are not items, metadata or contract
    columns, and whose header or content is personal (see :func:`.privacy.personal_data_columns`).

    Returns the table without them and their cells (NFC, legacy text converted, as for every column).
    """
    unknown = {h: j for j, h in enumerate(table.headers) if resolver.resolve(h) is None}
    cells = {h: repair_legacy([nfc(r[j]) if isinstance(r[j], str) else r[j] for r in table.body], "auto")
             for h, j in unknown.items()}
    personal = personal_data_columns(cells, set())
    if not personal:
        return table, {}
    out = {unknown[h] for h in personal}
    keep = [j for j in range(len(table.headers)) if j not in out]
    return replace(table, headers=tuple(table.headers[j] for j in keep),
                   body=[[r[j] for j in keep] for r in table.body]), {h: cells[h] for h in personal}


def _personal_columns(removed: Mapping[str, list[object]], personal_data: PersonalData, salt: bytes | None,
                      missing: frozenset[str]) -> dict[str, pd.Series]:
    """The columns to put back: pseudonyms, or the text as read (for "keep"); none for "drop"."""
    if personal_data == "drop":
        return {}
    out = {}
    for header, values in removed.items():
        kept = [None if blank else v for v, blank in zip(values, blank_mask(values, DEFAULT_MISSING | missing))]
        texts = pseudonymise(kept, salt) if personal_data == "pseudonymise" else [
            None if v is None else cell_text(v) for v in kept]
        out[header] = pd.Series(texts, dtype="string")
    return out


def _validate(frame: pd.DataFrame, kind: str, label: str, missing_codes: Iterable[object] | None,
              personal_data: PersonalData, salt: bytes | None) -> pd.DataFrame:
    """Check the contract columns; keep the survey's own typing of item and metadata columns."""
    index = alias_index(get_table(kind))
    has_id = any(index.get(header_key(c), ("",))[0] == "respondent_id" for c in frame.columns)
    source = next((c for c in ("_uuid", "_id") if c in frame.columns), None)
    if not has_id and source is not None:
        frame.insert(0, "respondent_id", frame[source])
    checked = validate(frame, kind, source=label, missing_codes=missing_codes, personal_data=personal_data,
                       salt=salt)
    contract = set(get_table(kind).names)
    handled = set(checked.attrs.get("personal_columns", ()))  # dropped, pseudonymised or kept by validate
    if len(checked) == len(frame):
        for name in checked.columns:
            if name in frame.columns and name not in contract and name not in handled:
                checked[name] = frame[name].array
    return checked


def _check_parameter(name: str, value: object, allowed: Iterable[str]) -> None:
    if value is not None and value not in allowed:
        listed = ", ".join(repr(a) for a in allowed)
        raise InvalidParameterError(f"The {name!r} parameter of load_survey must be one of {{{listed}}}. "
                                    f"Got {value!r} instead.")


# ---------------------------------------------------------------- the loader
def load_survey(
    path: str | Path,
    instrument: Instrument | str | Path,
    *,
    kind: SurveyKind | None = None,
    lang: str | None = None,
    sheet: str | int | None = None,
    format: Format = "auto",
    missing_codes: Iterable[object] | None = None,
    repeat: str | None = None,
    personal_data: PersonalData = "drop",
    salt: str | bytes | None = None,
) -> pd.DataFrame:
    """Load survey answers and check them against the form.

    Parameters
    ----------
    path : str or Path
        A KoboToolbox CSV or XLSX export, an ODK Central CSV or ZIP export, an
        SPSS ``.sav`` file (needs ``pip install tdkt-eval[spss]``), or a CSV/XLSX
        typed by hand with item names or their labels as headers.
    instrument : Instrument, str or Path
        The form; a path or shipped name ("staff") goes to
        :func:`tdkt_eval.io.instruments.load_instrument`.
    kind : {"staff_responses", "citizen_responses"}, optional
        Also validate the contract columns (respondent_id, unit_id, district …)
        with :func:`tdkt_eval.io.records.validate`.  When the data have no
        respondent id column, ``_uuid`` (or else KoboToolbox ``_id``) becomes
        ``respondent_id``.
    lang : str, optional
        Accept labels in this language only (codes always); all the form's
        languages by default.  Matching ignores case and diacritics.
    sheet : str or int, optional
        Main sheet of a workbook; the first by default.
    format : {"auto", "kobo_csv", "kobo_xlsx", "odk_csv", "odk_zip", "excel", "spss"}, default "auto"
        Detected from the suffix and the metadata columns unless given.
    missing_codes : iterable, optional
        Extra answers meaning "no answer" (e.g. ``[99, "Không trả lời"]``), on
        top of the form's own ``missing_codes`` and blank cells.
    repeat : str, optional
        Return the rows of this repeat group (KoboToolbox XLSX sheet, ODK ZIP
        member) instead of the submissions, with ``_parent_uuid`` linking each
        row to its submission's ``_uuid``.
    personal_data : {"drop", "pseudonymise", "keep"}, default "drop"
        Columns outside the form that hold names, phone numbers, ID numbers
        or e-mail addresses (by header or content) are dropped instead of
        refused as unknown; "pseudonymise" keeps them, at the end, as salted
        codes (:func:`tdkt_eval.io.privacy.pseudonymise`); "keep" keeps their
        text.  A :class:`DataQualityWarning` names them, never their values.
        With ``kind``, the contract check applies the same policy.
    salt : str or bytes, optional
        The key for "pseudonymise"; the environment variable ``TDKT_SALT``
        when not given.

    Returns
    -------
    pandas.DataFrame
        One row per submission, in file order, with

        - metadata, where the data have it: ``_uuid`` (KoboToolbox ``_uuid``,
          ODK ``KEY`` without "uuid:"; ``_id`` when there is no uuid),
          ``_submission_time`` (UTC), ``start`` and ``end`` (the device's
          clock), as naive datetimes; other export metadata is dropped;
        - with ``kind``, the contract columns, typed by the contract; without
          it, columns that name a contract column (e.g. "Mã phiếu") as text;
        - one column per item, named by the item, in form order: select_one as
          choice codes (``Int64`` when every code is a whole number, as for
          Likert 1–5, else ``string``); select_multiple as one ``Int64`` 0/1
          column per choice, named ``<item>__<choice>``; integer ``Int64``;
          decimal ``float64``; dates ``datetime64``; text ``string`` (NFC,
          legacy TCVN3/VNI text converted).

        Missing codes become NA; an answer of a select_multiple that includes
        one makes all its choice columns NA.  ``attrs`` holds ``source``,
        ``sha256``, ``format``, ``form_id``, ``kind``, ``repeats`` (the
        repeat tables in the file) and ``personal_columns`` (the columns
        handled as personal data).

    Raises
    ------
    UnknownColumnError, MissingItemError, InvalidChoiceError, SurveyLanguageError
        Mismatches between data and form, all problems of one kind in one error;
        unknown columns come with the closest item name.
    DuplicateColumnError, MixedTypeError, DateParseError
        Two columns for one item; text in a number or date question.
    WrongSeparatorError, TruncatedFileError, MalformedFileError
        Damaged exports.
    MissingDependencyError
        A ``.sav`` file without pyreadstat installed.
    InvalidParameterError
        ``format``, ``lang``, ``kind`` or ``personal_data`` outside their
        allowed values; "pseudonymise" without a salt.

    Notes
    -----
    Headers are matched without case or diacritics: the item name, with or
    without its group path (``awareness/aw1`` from KoboToolbox, ``awareness-aw1``
    from ODK Central), or its label in an accepted language, also under group
    labels; choice columns as ``<item>/<choice>`` (name or label, KoboToolbox
    and ODK), ``<item>_<choice>`` (SPSS) or ``<item>__<choice>``.  Answers are
    codes or labels; a select_multiple answer may be codes or labels joined by
    spaces (as KoboToolbox writes labels) or commas, or 0/1 and "x" ticks.

    Items of a repeat group are expected only in their repeat table.  CSV exports
    carry no repeat data, so the form must name its repeat groups
    (``Instrument.repeats``) for their items not to be reported missing there.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from tdkt_eval.io.instruments import Choice, Instrument, Item
    >>> agree = tuple(Choice(name=str(i), labels={"vi": vi, "en": en}) for i, (vi, en) in enumerate(
    ...     [("Không đồng ý", "Disagree"), ("Phân vân", "Unsure"), ("Đồng ý", "Agree")], start=1))
    >>> form = Instrument(form_id="demo", title={"vi": "Thử"}, choices={"agree": agree}, items=(
    ...     Item(name="aw1", type="select_one", list_name="agree", group=("awareness",),
    ...          labels={"vi": "Tôi biết phong trào", "en": "I know the movement"}),))
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kobo.csv"
    >>> _ = p.write_text('"awareness/aw1";"_id";"_uuid";"_index"\\r\\n'
    ...                  '"Đồng ý";"7";"5a1c";"1"\\r\\n"1";"8";"9b2d";"2"\\r\\n', encoding="utf-8")
    >>> load_survey(p, form)
      _uuid  aw1
    0  5a1c    3
    1  9b2d    1
    """
    form = _as_instrument(instrument)
    _check_parameter("lang", lang, form.languages)
    _check_parameter("kind", kind, SURVEY_KINDS)
    check_policy(personal_data, "load_survey")
    key = resolve_salt(salt) if personal_data == "pseudonymise" else None
    if kind is not None and repeat is not None:
        raise InvalidParameterError("kind= checks the submissions against a contract; a repeat table has none. "
                                    "Pass kind= or repeat=, not both.")
    langs = (lang,) if lang else tuple(form.languages)
    resolver = HeaderResolver(form, langs, kind)
    export = read_export(Path(path), format, sheet=sheet, score=resolver.score)
    tables = repeat_tables(export.repeats, {g for it in form.items for g in it.group})
    table, items = _pick_table(export, tables, form, repeat)
    table, personal = _split_personal(table, resolver)
    if personal:
        warnings.warn(personal_data_note(table.label, list(personal), personal_data), DataQualityWarning,
                      stacklevel=2)
    found = _map_columns(table, resolver, items, langs, form.form_id)
    cells = {pos: repair_legacy([nfc(c) if isinstance(c, str) else c for c in (r[pos] for r in table.body)], "auto")
             for pos in set(found.values())}
    meta = {t.name: cells[p] for t, p in found.items() if t.kind == "meta"}
    meta |= {it.type: cells[found[Target("item", it.name)]] for it in items  # the form's own start/end
             if it.type in ("start", "end") and Target("item", it.name) in found}
    missing = frozenset(fold(cell_text(m)) for m in (*form.missing_codes, *(missing_codes or ())))
    columns = _Columns(form, langs, missing, table.rows)
    _metadata_columns(columns.out, meta, export, table, repeat)
    for target, pos in found.items():
        if target.kind == "contract":
            columns.out[table.headers[pos]] = pd.Series([None if v is None else cell_text(v) for v in cells[pos]],
                                                        dtype="string")
    _item_columns(columns, items, found, cells, table)
    columns.raise_problems(table)
    frame = pd.DataFrame(columns.out)
    frame = mask_free_text(frame, [it.name for it in items if it.type == "text" and it.name in frame.columns],
                           table.label)
    if kind is not None:
        frame = _validate(frame, kind, table.label, missing_codes, personal_data, key)
    for header, column in _personal_columns(personal, personal_data, key, missing).items():
        frame[header] = column.array
    frame.attrs.update(source=str(path), sha256=export.sha256, format=export.format, form_id=form.form_id,
                       kind=kind, repeats=tuple(tables),
                       personal_columns=(*personal, *frame.attrs.get("personal_columns", ())))
    return frame


def _pick_table(export, tables: dict, form: Instrument, repeat: str | None) -> tuple:
    """The table to read (the submissions, or one repeat group's rows) and the form's items in it."""
    repeats = set(form.repeats) | set(tables)

    def repeat_of(item: Item) -> str | None:
        inner = [g for g in item.group if g in repeats]
        return inner[-1] if inner else None

    if repeat is not None and repeat not in tables:
        listed = ", ".join(repr(r) for r in tables) or Text("none", "không có")
        raise SheetNotFoundError(
            Text("The file has no table for the repeat group {repeat}; it has: {listed}.",
                 "Tệp không có bảng cho nhóm lặp {repeat}; các nhóm lặp có trong tệp: {listed}.",
                 {"repeat": repr(repeat), "listed": listed}), **export.main.place(),
            fix=Text("CSV exports hold no repeat groups: use the KoboToolbox XLSX or the ODK Central ZIP export.",
                     "Tệp xuất CSV không chứa nhóm lặp: hãy dùng tệp xuất XLSX của KoboToolbox hoặc tệp xuất ZIP "
                     "của ODK Central."))
    table = export.main if repeat is None else tables[repeat]
    table = replace(table, headers=tuple(repair_legacy([nfc(h) for h in table.headers], "auto")))
    return table, [it for it in form.items if repeat_of(it) == repeat]


def _metadata_columns(out: dict, meta: dict, export, table: ExportTable, repeat: str | None) -> None:
    """The submission key (or, in a repeat table, the parent's) and the submission and interview times."""
    if repeat is not None:
        out["_parent_uuid"] = pd.Series(_parent_ids(meta, export, table), dtype="string")
    elif id_name := next((n for n in ("_uuid", "_key", "_instance_id", "_id") if n in meta), None):
        out["_id" if id_name == "_id" else "_uuid"] = pd.Series(_ids(meta[id_name]), dtype="string")
    for name in ("_submission_time", "start", "end"):
        if name in meta:
            out[name] = _when(meta[name], "datetime", name, table)


def _item_columns(columns: _Columns, items: list[Item], found: dict, cells: dict, table: ExportTable) -> None:
    """One typed column per item (one 0/1 column per choice of a select_multiple), by the item's type."""
    form = columns.form
    for item in items:
        pos = found.get(Target("item", item.name))
        values = None if pos is None else cells[pos]
        if item.type == "select_multiple":
            ticks = {c: cells[found[t]] for c in form.choice_codes(item.list_name)
                     if (t := Target("choice", item.name, c)) in found}
            if values is not None or ticks:
                columns.select_multiple(item, values, ticks)
        elif values is None or item.type in ("start", "end"):
            continue
        elif item.type == "select_one":
            columns.select_one(item, values, table.value_labels.get(table.headers[pos], {}))
        elif item.type in ("integer", "decimal", "range", "calculate"):
            columns.number(item, values)
        elif item.type in _DATES:
            columns.out[item.name] = _when(values, _DATES[item.type], table.headers[pos], table)
        else:
            columns.text(item, values)


def _as_instrument(source: Instrument | str | Path) -> Instrument:
    return source if isinstance(source, Instrument) else load_instrument(source)
