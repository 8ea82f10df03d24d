"""Controlled vocabularies of the data contracts, with the Vietnamese values accepted.

Each vocabulary maps a canonical English code to the spellings users write in
their files.  The spellings are data, in ``tdkt_eval/io/data/``:

- ``vocabularies.csv``: each vocabulary's name in both languages (what a
  ``tu_dien.csv`` may call it) and how messages speak of its values;
- ``vocabulary_codes.csv``: the codes of the small vocabularies and their labels;
- ``spellings.csv``: spelling -> code for those vocabularies;
- ``position_titles.csv``: job titles -> position group (leader, manager, frontline);
- ``reward_forms.csv`` and ``reward_form_spellings.csv``: the forms of commendation
  and emulation titles of Law 06/2022/QH15 and how decisions write them;
- ``rewrites.csv``: abbreviations and variant words (UBND, BK, CSTĐ, sỹ, "của" ...).

Matching (:func:`match_key`) folds case and diacritics, punctuation and repeated
spaces and applies the rewrites, so "Nữ", "nu" and "NỮ" all map to ``female``
and "BK CT UBND tỉnh" to ``bang_khen_tinh``.  For reward forms, job titles and
reward levels a value may be longer than a spelling ("Phó Giám đốc Sở Nội vụ"):
the longest spelling it starts with, word by word, wins.

A user adds or overrides spellings with a ``tu_dien.csv`` / ``tu_dien.yaml``
file in the data folder (:func:`load_user_vocabulary`).  Its header, the
vocabulary and the target may all be written in Vietnamese ("Danh mục, Cách
viết, Nghĩa là"; "Chức vụ"; "Bằng khen của Chủ tịch UBND tỉnh"), so the lines
an error suggests use no code at all when shown in Vietnamese.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import pandas as pd

from ..errors import (
    InputFileNotFoundError,
    InvalidCategoryError,
    MalformedFileError,
    MissingColumnError,
    UnsupportedFormatError,
)
from .._messages import Text
from .text import fold, header_key

__all__ = [
    "VOCABULARIES", "BOOLEAN_VALUES", "USER_VOCABULARY_FILES", "UserVocabulary",
    "reward_forms", "reward_form_spellings", "position_titles", "rewrites", "code_label",
    "match_key", "lookup_table", "find_code", "suggest_codes", "unmapped_hints", "vocabulary_names",
    "vocabulary_label", "find_vocabulary", "allowed_values_text", "load_user_vocabulary",
]

Vocabulary = Mapping[str, tuple[str, ...]]

#: Vocabularies with more codes than this are described in words, not listed, in Vietnamese messages.
LONG_LIST = 6

#: Vocabularies whose values may carry words after a known spelling (a title and its unit).
PREFIX_VOCABULARIES = frozenset({"reward_form", "position_group", "reward_level"})

#: File names of the user's own dictionary in a data folder, in the order they are read.
USER_VOCABULARY_FILES = ("tu_dien.csv", "tu_dien.yaml", "tu_dien.yml",
                         "dictionary.csv", "dictionary.yaml", "dictionary.yml")


# ---------------------------------------------------------------- the packaged tables
def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("tdkt_eval.io").joinpath(f"data/{name}").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines)]


@functools.cache
def reward_forms() -> tuple[dict[str, str], ...]:
    """The default reward forms: code, level, recipient_type and labels.

    Returns
    -------
    tuple of dict
        One dict per form, with keys code, level, recipient_type, label_vi, label_en.

    Examples
    --------
    >>> forms = {f["code"]: f for f in reward_forms()}
    >>> forms["giay_khen"]["label_vi"]
    'Giấy khen'
    """
    return tuple(_data_rows("reward_forms.csv"))


def reward_form_spellings() -> pd.DataFrame:
    """How decisions write each reward form: one row per spelling, with its code and a note.

    Examples
    --------
    >>> table = reward_form_spellings()
    >>> table.loc[table["spelling"] == "CSTĐCS", "code"].item()
    'chien_si_thi_dua_co_so'
    """
    return pd.DataFrame(_data_rows("reward_form_spellings.csv"), columns=["spelling", "code", "note"])


def position_titles() -> pd.DataFrame:
    """Job titles and the position group each belongs to (``position_titles.csv``).

    Leader: head or deputy head of a unit as a whole; manager: head or deputy of
    a division inside it; frontline: everyone else.  Override rows with a
    ``tu_dien.csv`` in the data folder (vocabulary ``position_group``).

    Examples
    --------
    >>> table = position_titles()
    >>> table.loc[table["spelling"] == "phó trưởng phòng", "position_group"].item()
    'manager'
    """
    frame = pd.DataFrame(_data_rows("position_titles.csv"), columns=["spelling", "code", "note"])
    return frame.rename(columns={"code": "position_group"})


def rewrites() -> pd.DataFrame:
    """Abbreviations and variant words rewritten before matching (``rewrites.csv``).

    Examples
    --------
    >>> table = rewrites()
    >>> table.loc[table["word"] == "cstd", "becomes"].item()
    'chien si thi dua'
    """
    return pd.DataFrame(_data_rows("rewrites.csv"), columns=["vocabulary", "word", "becomes", "note"])


@functools.cache
def _codes() -> Mapping[str, Mapping[str, tuple[str, str]]]:
    """vocabulary -> code -> (label_vi, label_en), in file order."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for row in _data_rows("vocabulary_codes.csv"):
        out.setdefault(row["vocabulary"], {})[row["code"]] = (row["label_vi"], row["label_en"])
    out["reward_form"] = {f["code"]: (f["label_vi"], f["label_en"]) for f in reward_forms()}
    return MappingProxyType({k: MappingProxyType(v) for k, v in out.items()})


@functools.cache
def _spelling_rows() -> tuple[tuple[str, str, str], ...]:
    """(vocabulary, spelling, code) for every packaged spelling."""
    rows = [(r["vocabulary"], r["spelling"], r["code"]) for r in _data_rows("spellings.csv")]
    rows += [("position_group", r["spelling"], r["code"]) for r in _data_rows("position_titles.csv")]
    rows += [("reward_form", r["spelling"], r["code"]) for r in _data_rows("reward_form_spellings.csv")]
    rows += [("reward_form", f[key], f["code"]) for f in reward_forms() for key in ("label_vi", "label_en")]
    return tuple(rows)


def _build_vocabularies() -> Mapping[str, Vocabulary]:
    vocabularies: dict[str, dict[str, list[str]]] = {
        name: {code: [] for code in codes} for name, codes in _codes().items() if name != "reward_form"
    }
    for name, spelling, code in _spelling_rows():
        if name in vocabularies:
            vocabularies[name][code].append(spelling)
    return MappingProxyType({
        name: MappingProxyType({code: tuple(s) for code, s in codes.items()})
        for name, codes in vocabularies.items()
    })


#: vocabulary -> code -> the spellings accepted (reward forms: see :func:`reward_forms`).
VOCABULARIES: Mapping[str, Vocabulary] = _build_vocabularies()

#: Spellings of yes/no in boolean columns (folded before matching).
BOOLEAN_VALUES: Mapping[bool, tuple[str, ...]] = MappingProxyType({
    True: ("true", "yes", "y", "1", "x", "có", "co", "đúng", "đạt", "được"),
    False: ("false", "no", "n", "0", "không", "khong", "sai", "không đạt"),
})


def code_label(vocabulary: str, code: str, lang: str = "vi") -> str:
    """The label of ``code`` in ``lang`` ("vi" or "en"); the code itself when unknown.

    Examples
    --------
    >>> code_label("reward_form", "lao_dong_tien_tien")
    'Lao động tiên tiến'
    >>> code_label("position_group", "frontline", "en")
    'Front-line worker'
    """
    labels = _codes().get(vocabulary, {}).get(code)
    if labels is None:
        return code
    return labels[0] if lang == "vi" else labels[1]


# ---------------------------------------------------------------- the vocabularies' names
@functools.cache
def _vocabulary_rows() -> Mapping[str, Mapping[str, str]]:
    rows = {r["vocabulary"]: MappingProxyType(r) for r in _data_rows("vocabularies.csv")}
    return MappingProxyType(rows)


def vocabulary_label(vocabulary: str, lang: str = "vi") -> str:
    """The name of a vocabulary in ``lang`` ("vi" or "en"); the code itself when unknown.

    Examples
    --------
    >>> vocabulary_label("reward_form"), vocabulary_label("position_group", "en")
    ('Hình thức khen thưởng', 'Position group')
    """
    row = _vocabulary_rows().get(vocabulary)
    if row is None:
        return vocabulary
    return row["label_vi"] if lang == "vi" else row["label_en"]


def _name_key(text: str) -> str:
    return header_key(text).replace("_", " ")


@functools.cache
def _vocabulary_keys() -> Mapping[str, str]:
    out: dict[str, str] = {}
    for name, row in _vocabulary_rows().items():
        for written in (name, row["label_vi"], row["label_en"], *row["other_names_vi"].split(";")):
            if written.strip():
                out.setdefault(_name_key(written), name)
    return MappingProxyType(out)


def find_vocabulary(text: str) -> str | None:
    """The vocabulary a dictionary file names: by its code or its name in either language.

    Case, accents, punctuation and ``_`` are ignored.

    Examples
    --------
    >>> find_vocabulary("Hình thức khen thưởng"), find_vocabulary("CHUC VU"), find_vocabulary("gender")
    ('reward_form', 'position_group', 'gender')
    >>> find_vocabulary("Phòng ban") is None
    True
    """
    return _vocabulary_keys().get(_name_key(text))


def _quoted(labels: list[str], lang: str, last: str = "") -> str:
    """“A”, “B” hoặc “C” (Vietnamese) or 'A', 'B' or 'C' (English)."""
    if lang == "vi":
        items = [f"“{label}”" for label in labels]
        last = last or "hoặc"
    else:
        items = [repr(label) for label in labels]
        last = last or "or"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def allowed_values_text(vocabulary: str) -> Text:
    """What a column of this vocabulary takes, in words: its labels, or for a long list what they are.

    English names the codes (Python users write them); Vietnamese never does.

    Examples
    --------
    >>> allowed_values_text("gender").render("vi")
    'một trong các giá trị “Nam”, “Nữ”'
    >>> allowed_values_text("gender").render("en")
    'the codes male, female'
    >>> allowed_values_text("reward_form").render("vi")
    'một hình thức khen thưởng hoặc danh hiệu thi đua theo Luật Thi đua, khen thưởng'
    """
    codes = list(_codes().get(vocabulary, {}))
    listed = ", ".join(codes)
    if len(codes) > LONG_LIST:
        row = _vocabulary_rows()[vocabulary]
        return Text("{one} (codes {codes})", "{one_vi}", {"one": row["one_en"], "one_vi": row["one_vi"],
                                                         "codes": listed})
    labels = ", ".join(f"“{code_label(vocabulary, c)}”" for c in codes)
    return Text("the codes {codes}", "một trong các giá trị {labels}", {"codes": listed, "labels": labels})


# ---------------------------------------------------------------- matching
@functools.cache
def _rewrite_map(vocabulary: str) -> Mapping[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for row in _data_rows("rewrites.csv"):
        if row["vocabulary"] in ("*", vocabulary):
            out[row["word"]] = tuple(row["becomes"].split())
    return MappingProxyType(out)


@functools.lru_cache(maxsize=1 << 15)
def match_key(text: str, vocabulary: str = "") -> str:
    """The key a value is matched on: folded, without punctuation, words rewritten.

    Parameters
    ----------
    text : str
        A cell or a spelling.
    vocabulary : str
        Selects the rewrites of ``rewrites.csv`` that apply (besides the ``*`` ones).

    Examples
    --------
    >>> match_key("Bằng khen của Chủ tịch UBND tỉnh", "reward_form")
    'bang khen chu tich uy ban nhan dan tinh'
    >>> match_key("BK CT Uỷ ban nhân dân tỉnh", "reward_form")
    'bang khen chu tich uy ban nhan dan tinh'
    >>> match_key("Chiến sỹ thi đua cấp cơ sở")
    'chien si thi dua co so'
    """
    table = _rewrite_map(vocabulary)
    words: list[str] = []
    for word in header_key(text).split():
        words.extend(table.get(word, (word,)))
    return " ".join(words)


@functools.cache
def _base_table(vocabulary: str) -> Mapping[str, str]:
    if vocabulary not in _codes():
        raise KeyError(vocabulary)
    table: dict[str, str] = {}
    for code in _codes()[vocabulary]:
        for spelling in (code, fold(code)):
            table[match_key(spelling, vocabulary)] = code
    for name, spelling, code in _spelling_rows():
        if name == vocabulary:
            table.setdefault(match_key(spelling, vocabulary), code)
    for code, labels in _codes()[vocabulary].items():
        for label in labels:
            table.setdefault(match_key(label, vocabulary), code)
    return MappingProxyType(table)


def lookup_table(vocabulary: str, user: UserVocabulary | None = None) -> Mapping[str, str]:
    """Match key (see :func:`match_key`) -> canonical code, for one vocabulary.

    Codes themselves, with ``_`` read as a space, and the labels of the codes
    (:func:`code_label`) are always accepted.  The user's spellings (:func:`load_user_vocabulary`) are added and win.

    Examples
    --------
    >>> lookup_table("gender")["nu"]
    'female'
    >>> lookup_table("reward_form")["giay khen"]
    'giay_khen'
    """
    base = _base_table(vocabulary)
    extra = user.get(vocabulary) if user else None
    return MappingProxyType({**base, **extra}) if extra else base


def find_code(text: str, vocabulary: str, table: Mapping[str, str] | None = None) -> str | None:
    """The code ``text`` stands for, or None.

    Parameters
    ----------
    text : str
        The value as written.
    vocabulary : str
        The vocabulary's name.
    table : mapping, optional
        A :func:`lookup_table` (with the user's spellings); default: the packaged one.

    Examples
    --------
    >>> find_code("Huân chương Lao động hạng Ba", "reward_form")
    'huan_chuong_lao_dong'
    >>> find_code("Phó Giám đốc Sở Nội vụ", "position_group")
    'leader'
    >>> find_code("Bằng khen", "reward_form") is None
    True
    """
    table = lookup_table(vocabulary) if table is None else table
    key = match_key(text, vocabulary)
    found = table.get(key)
    if found is None and vocabulary in PREFIX_VOCABULARIES:
        words = key.split()
        for n in range(len(words) - 1, 0, -1):
            found = table.get(" ".join(words[:n]))
            if found is not None:
                break
    return found


def _similarity(key: str, spelling: str) -> float:
    ratio = difflib.SequenceMatcher(None, key, spelling).ratio()
    a, b = set(key.split()), set(spelling.split())
    overlap = len(a & b) / len(a | b) if a | b else 0.0
    return 0.5 * ratio + 0.5 * overlap


def suggest_codes(text: str, vocabulary: str, table: Mapping[str, str] | None = None,
                  n: int = 3, cutoff: float = 0.35) -> list[str]:
    """The codes nearest to a value that could not be mapped, best first.

    Nearness is the mean of difflib's similarity of the folded texts and the
    share of words they have in common, taken over every spelling of a code.

    Examples
    --------
    >>> sorted(suggest_codes("Chiến sỹ thi đua", "reward_form"))
    ['chien_si_thi_dua_co_so', 'chien_si_thi_dua_tinh', 'chien_si_thi_dua_toan_quoc']
    >>> suggest_codes("qwerty", "gender")
    []
    """
    table = lookup_table(vocabulary) if table is None else table
    key = match_key(text, vocabulary)
    best: dict[str, float] = {}
    for spelling, code in table.items():
        best[code] = max(best.get(code, 0.0), _similarity(key, spelling))
    ranked = sorted(best, key=lambda c: (-best[c], c))
    return [c for c in ranked if best[c] >= cutoff][:n]


# ---------------------------------------------------------------- the user's dictionary
class UserVocabulary(Mapping[str, Mapping[str, str]]):
    """The user's spellings: vocabulary -> match key -> code, with the files they came from.

    Examples
    --------
    >>> user = UserVocabulary({"position_group": {"bao ve": "frontline"}})
    >>> user["position_group"]["bao ve"], len(user)
    ('frontline', 1)
    """

    def __init__(self, entries: Mapping[str, Mapping[str, str]] | None = None,
                 sources: tuple[str, ...] = ()) -> None:
        self._entries = {k: MappingProxyType(dict(v)) for k, v in (entries or {}).items() if v}
        self.sources = sources

    def __getitem__(self, vocabulary: str) -> Mapping[str, str]:
        return self._entries[vocabulary]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}: {len(v)}" for k, v in self._entries.items())
        return f"UserVocabulary({{{counts}}}, sources={self.sources!r})"


def vocabulary_names() -> tuple[str, ...]:
    """The codes of the vocabularies (a dictionary file may also use their names, :func:`find_vocabulary`).

    Examples
    --------
    >>> "reward_form" in vocabulary_names()
    True
    """
    return tuple(_codes())


#: The three columns of a dictionary CSV: (English header, Vietnamese header, other headers accepted).
_HEADERS = {
    "vocabulary": ("vocabulary", "Danh mục", ("tu dien", "ten danh muc", "loai", "cot")),
    "spelling": ("spelling", "Cách viết", ("gia tri", "cach ghi", "tu", "value")),
    "code": ("code", "Nghĩa là", ("ma", "ma chuan", "ma chuan hoa", "nghia", "gia tri chuan", "doc la",
                                  "hieu la", "thay bang", "chuyen thanh")),
}


def _header_line(lang: str) -> str:
    return _csv_line(*(en if lang == "en" else vi for en, vi, _ in _HEADERS.values()))


_LAYOUT = Text("Save it as tu_dien.csv (columns vocabulary, spelling, code) or tu_dien.yaml.",
               "Lưu thành tệp tu_dien.csv (các cột Danh mục, Cách viết, Nghĩa là) hoặc tu_dien.yaml.")


def _user_files(path: Path) -> list[Path]:
    if path.is_file():
        if path.suffix.lower() not in (".csv", ".yaml", ".yml"):
            raise UnsupportedFormatError(
                Text("A dictionary file must be .csv, .yaml or .yml.",
                     "Tệp từ điển phải có đuôi .csv, .yaml hoặc .yml."),
                source=path.name, fix=_LAYOUT)
        return [path]
    if path.is_dir():
        by_name = {fold(p.name): p for p in path.iterdir() if p.is_file()}
        return [by_name[name] for name in USER_VOCABULARY_FILES if name in by_name]
    raise InputFileNotFoundError(
        Text("The dictionary file or folder {path} does not exist.",
             "Không có tệp hoặc thư mục từ điển {path}.", {"path": str(path)}),
        fix=Text("Check the path.", "Kiểm tra lại đường dẫn."))


#: One dictionary entry: vocabulary, spelling, target as written; row; the file's headers of the three.
_Entry = tuple[str, str, str, int, tuple[str | None, str | None, str | None]]


def _header_positions(header: list[str], source: str) -> tuple[dict[str, int], tuple[str, str, str]]:
    keys = [_name_key(h) for h in header]
    where: dict[str, int] = {}
    for name, (english, vietnamese, others) in _HEADERS.items():
        accepted = {_name_key(english), _name_key(vietnamese), *others}
        hits = [i for i, key in enumerate(keys) if key in accepted]
        if not hits:
            raise MissingColumnError(
                Text("The dictionary has no column {col}.", "Từ điển thiếu cột “{col_vi}”.",
                     {"col": english, "col_vi": vietnamese}),
                source=source,
                fix=Text("Start the file with the header line: {en}", "Dòng đầu của tệp phải là: {vi}",
                         {"en": _header_line("en"), "vi": _header_line("vi")}))
        where[name] = hits[0]
    return where, tuple(header[where[n]].strip() for n in _HEADERS)


def _csv_entries(path: Path) -> list[_Entry]:
    from .encoding import decode_bytes

    text, _ = decode_bytes(path.read_bytes(), source=path.name)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    where, headers = _header_positions(header, path.name)
    out = []
    for row_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        out.append((cells[where["vocabulary"]].strip(), cells[where["spelling"]].strip(),
                    cells[where["code"]].strip(), row_no, headers))
    return out


def _yaml_entries(path: Path) -> list[_Entry]:
    import yaml

    bad = MalformedFileError(
        Text("The dictionary is not of the form {{vocabulary: {{spelling: code}}}}.",
             "Từ điển không đúng dạng: mỗi danh mục một khối, mỗi dòng trong khối là “cách viết: nghĩa là”."),
        source=path.name,
        fix=Text("Write one block per vocabulary, e.g.\nreward_form:\n  \"BK Tỉnh ủy\": bang_khen_tinh",
                 "Viết mỗi danh mục một khối, ví dụ\nHình thức khen thưởng:\n"
                 "  \"BK Tỉnh ủy\": \"Bằng khen của Chủ tịch UBND tỉnh\""))
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise MalformedFileError(
            Text("The dictionary is not valid YAML ({err}).", "Từ điển không phải YAML hợp lệ ({err}).",
                 {"err": str(exc).splitlines()[0]}),
            source=path.name, fix=bad.fix_text) from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise bad
    out = []
    for vocab_node, block in root.value:
        if not isinstance(block, yaml.MappingNode):
            raise bad
        for spelling, code in block.value:
            out.append((str(vocab_node.value).strip(), str(spelling.value).strip(),
                        str(code.value).strip(), spelling.start_mark.line + 1, (None, None, None)))
    return out


def _unknown_vocabulary(entry: _Entry, source: str) -> InvalidCategoryError:
    vocabulary, _, _, row, headers = entry
    names = vocabulary_names()
    return InvalidCategoryError(
        Text("Row {row}: {vocab!r} is not a vocabulary.", "Dòng {row}: “{vocab}” không phải là tên một danh mục.",
             {"row": row, "vocab": vocabulary}),
        source=source, column=headers[0], rows=[row],
        fix=Text("Use one of: {names} (or their names, in Vietnamese or English).",
                 "Ở cột “Danh mục”, ghi một trong các tên: {labels}.",
                 {"names": ", ".join(names), "labels": ", ".join(vocabulary_label(n) for n in names)}))


def _unknown_target(entry: _Entry, name: str, source: str) -> InvalidCategoryError:
    _, spelling, code, row, headers = entry
    codes = _codes()[name]
    nearest = suggest_codes(code, name) or list(codes)[:3]
    params = {"row": row, "code": code, "vocab": name, "spelling": spelling,
              "label": vocabulary_label(name), "codes": ", ".join(codes), "near": ", ".join(nearest),
              "near_vi": _quoted([code_label(name, c) for c in nearest], "vi"),
              "allowed": allowed_values_text(name)}
    if not spelling:
        problem_vi = "Dòng {row}: thiếu cách viết (cột “Cách viết” còn trống)."
    elif not code:
        problem_vi = "Dòng {row}: cách viết {spelling!r} chưa được ghi nghĩa (cột “Nghĩa là” còn trống)."
    else:
        problem_vi = "Dòng {row}: {code!r} không phải là một giá trị của danh mục “{label}” (cách viết {spelling!r})."
    long_list = len(codes) > LONG_LIST
    return InvalidCategoryError(
        Text("Row {row}: {code!r} is not a code of {vocab} (spelling {spelling!r}).", problem_vi, params),
        source=source, column=headers[2] if spelling else headers[1], rows=[row],
        fix=Text("Write a spelling and one of the codes {codes}; nearest: {near}.",
                 "Ghi cách viết, và ở cột “Nghĩa là” ghi {allowed}" + ("; gần nhất: {near_vi}." if long_list else "."),
                 params))


def _resolve(entry: _Entry, source: str) -> tuple[str, str, str]:
    vocabulary, spelling, code, _, _ = entry
    name = find_vocabulary(vocabulary)
    if name is None or name not in _codes():
        raise _unknown_vocabulary(entry, source)
    found = code if code in _codes()[name] else find_code(code, name) if code else None
    if not spelling or found is None:
        raise _unknown_target(entry, name, source)
    return name, match_key(spelling, name), found


def _conflict(entry: _Entry, name: str, found: str, previous: str, first: tuple[str, int],
              source: str) -> InvalidCategoryError:
    _, spelling, _, row, headers = entry
    return InvalidCategoryError(
        Text("Row {row}: {spelling!r} is given code {code}, but {first} gave it {previous}.",
             "Dòng {row}: cách viết {spelling!r} được ghi nghĩa là “{label}”, nhưng {first} đã ghi nghĩa "
             "là “{previous_label}”.",
             {"row": row, "spelling": spelling, "code": found, "previous": previous,
              "label": code_label(name, found), "previous_label": code_label(name, previous),
              "first": f"{first[0]}:{first[1]}"}),
        source=source, column=headers[1], rows=[row],
        fix=Text("Keep one line per spelling.", "Mỗi cách viết chỉ giữ một dòng."))


def load_user_vocabulary(folder_or_file: str | Path) -> UserVocabulary:
    """Read the user's dictionary: ``tu_dien.csv``/``.yaml`` (or ``dictionary.*``) in a folder.

    The CSV has three columns, one spelling a row: the vocabulary, the spelling
    and what it means, headed ``Danh mục, Cách viết, Nghĩa là`` or
    ``vocabulary, spelling, code`` (case and accents ignored).  The YAML is
    ``{vocabulary: {spelling: meaning}}``.  The vocabulary may be named by its
    code or its name in either language ("Hình thức khen thưởng", "Chức vụ",
    :func:`find_vocabulary`); the meaning may be a code or any spelling or label
    the vocabulary already maps ("Bằng khen của Chủ tịch UBND tỉnh").

    Parameters
    ----------
    folder_or_file : str or Path
        A data folder (no dictionary there gives an empty one) or the file itself.

    Returns
    -------
    UserVocabulary

    Raises
    ------
    InvalidCategoryError
        An unknown vocabulary or meaning, or one spelling given two meanings;
        names the file and row.
    MissingColumnError, MalformedFileError
        The file's layout is wrong.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "tu_dien.csv").write_text(
    ...     "Danh mục,Cách viết,Nghĩa là\\nChức vụ,Bảo vệ,Người lao động trực tiếp\\n", encoding="utf-8")
    >>> user = load_user_vocabulary(folder)
    >>> find_code("BẢO VỆ", "position_group", lookup_table("position_group", user))
    'frontline'
    """
    entries: dict[str, dict[str, str]] = {}
    origin: dict[tuple[str, str], tuple[str, int]] = {}
    files = _user_files(Path(folder_or_file))
    for path in files:
        rows = _yaml_entries(path) if path.suffix.lower() in (".yaml", ".yml") else _csv_entries(path)
        for entry in rows:
            name, key, found = _resolve(entry, path.name)
            previous = entries.setdefault(name, {}).get(key)
            if previous is not None and previous != found:
                raise _conflict(entry, name, found, previous, origin[(name, key)], path.name)
            entries[name][key] = found
            origin[(name, key)] = (path.name, entry[3])
    return UserVocabulary(entries, tuple(p.name for p in files))


# ---------------------------------------------------------------- "did you mean", for errors
def _csv_line(*cells: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def _did_you_mean(values: list[str], suggestions: Mapping[str, list[str]], vocabulary: str) -> Text:
    """'x' → code (label) in English; 'x' có phải là “label”…? in Vietnamese."""
    def english(value: str) -> str:
        codes = suggestions[value]
        near = ", ".join(f"{c} ({code_label(vocabulary, c)})" for c in codes) if codes else "nothing close"
        return f"{value!r} → {near}"

    def vietnamese(value: str) -> str:
        codes = suggestions[value]
        if not codes:
            return f"{value!r}: không có giá trị nào gần giống."
        return f"{value!r} có phải là {_quoted([code_label(vocabulary, c) for c in codes], 'vi', 'hay')}?"

    if not values:
        return Text("", "")
    if not any(suggestions[v] for v in values):
        return Text("Nothing in the vocabulary is close to {values}.",
                    "Không có giá trị nào trong danh mục gần giống {values_vi}.",
                    {"values": ", ".join(map(repr, values)), "values_vi": ", ".join(map(repr, values))})
    return Text("Did you mean: {en}?", "Gợi ý: {vi}",
                {"en": "; ".join(english(v) for v in values), "vi": " ".join(vietnamese(v) for v in values)})


def unmapped_hints(values: list[str], vocabulary: str, table: Mapping[str, str] | None = None,
                   limit: int = 10) -> tuple[dict[str, list[str]], Text, Text]:
    """Suggestions for values that map to no code, and the texts an error shows about them.

    Parameters
    ----------
    values : list of str
        The distinct unmapped values, as written.
    vocabulary : str
        The vocabulary's name.
    table : mapping, optional
        The :func:`lookup_table` used (with the user's spellings).
    limit : int
        How many values the texts list.

    Returns
    -------
    suggestions : dict
        value -> nearest codes, best first (possibly empty).
    did_you_mean : Text
        A sentence with the nearest values: codes and labels in English, labels
        only in Vietnamese.
    dictionary_lines : Text
        Lines ready to paste into ``tu_dien.csv``, header first: English headers,
        vocabulary code and target code; Vietnamese headers, vocabulary name and
        target label.  Both load with :func:`load_user_vocabulary`.

    Examples
    --------
    >>> hints, text, lines = unmapped_hints(["Chiến sỹ thi đua tỉnh Đồng Nai x"], "reward_form")
    >>> hints["Chiến sỹ thi đua tỉnh Đồng Nai x"][0]
    'chien_si_thi_dua_tinh'
    >>> lines.render("en").splitlines()[1]
    'reward_form,Chiến sỹ thi đua tỉnh Đồng Nai x,chien_si_thi_dua_tinh'
    >>> print(lines.render("vi"))
    Danh mục,Cách viết,Nghĩa là
    Hình thức khen thưởng,Chiến sỹ thi đua tỉnh Đồng Nai x,"Chiến sĩ thi đua cấp tỉnh (bộ, ngành)"
    """
    from .privacy import personal_kind  # privacy imports parsing, which imports this module

    suggestions = {v: suggest_codes(v, vocabulary, table) for v in values}
    shown = [v for v in values if personal_kind(v) is None][:limit]  # never quote a name or a phone number
    english = [_header_line("en")] + [_csv_line(vocabulary, v, (suggestions[v] or [""])[0]) for v in shown]
    vietnamese = [_header_line("vi")] + [
        _csv_line(vocabulary_label(vocabulary), v, code_label(vocabulary, suggestions[v][0]) if suggestions[v] else "")
        for v in shown]
    dictionary_lines = Text("{en}", "{vi}", {"en": "\n".join(english), "vi": "\n".join(vietnamese)})
    return suggestions, _did_you_mean(shown, suggestions, vocabulary), dictionary_lines
