"""Controlled vocabularies of the data contracts, with the Vietnamese values accepted.

Each vocabulary maps a canonical English code to the spellings users write in
their files.  The spellings are data, in ``tdkt_eval/io/data/``:

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
file in the data folder (:func:`load_user_vocabulary`).
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

from .._validation import (
    InputFileNotFoundError,
    InvalidCategoryError,
    MalformedFileError,
    MissingColumnError,
    Text,
    UnsupportedFormatError,
)
from .text import fold, header_key

__all__ = [
    "VOCABULARIES", "BOOLEAN_VALUES", "USER_VOCABULARY_FILES", "UserVocabulary",
    "reward_forms", "reward_form_spellings", "position_titles", "rewrites", "code_label",
    "match_key", "lookup_table", "find_code", "suggest_codes", "unmapped_hints", "vocabulary_names",
    "load_user_vocabulary",
]

Vocabulary = Mapping[str, tuple[str, ...]]

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
    return MappingProxyType(table)


def lookup_table(vocabulary: str, user: UserVocabulary | None = None) -> Mapping[str, str]:
    """Match key (see :func:`match_key`) -> canonical code, for one vocabulary.

    Codes themselves, with ``_`` read as a space, are always accepted.  The
    user's spellings (:func:`load_user_vocabulary`) are added and win.

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
    """The names a dictionary file may use in its ``vocabulary`` column."""
    return tuple(_codes())


_HEADERS = {
    "vocabulary": ("vocabulary", "tu dien", "danh muc", "loai", "cot"),
    "spelling": ("spelling", "cach viet", "gia tri", "value", "tu"),
    "code": ("code", "ma", "ma chuan", "ma chuan hoa"),
}


def _user_files(path: Path) -> list[Path]:
    if path.is_file():
        if path.suffix.lower() not in (".csv", ".yaml", ".yml"):
            raise UnsupportedFormatError(
                Text("A dictionary file must be .csv, .yaml or .yml.",
                     "Tệp từ điển phải có đuôi .csv, .yaml hoặc .yml."),
                source=path.name,
                fix=Text("Save it as tu_dien.csv (columns vocabulary, spelling, code) or tu_dien.yaml.",
                         "Lưu thành tu_dien.csv (các cột vocabulary, spelling, code) hoặc tu_dien.yaml."))
        return [path]
    if path.is_dir():
        by_name = {fold(p.name): p for p in path.iterdir() if p.is_file()}
        return [by_name[name] for name in USER_VOCABULARY_FILES if name in by_name]
    raise InputFileNotFoundError(
        Text("The dictionary file or folder {path} does not exist.",
             "Không có tệp hoặc thư mục từ điển {path}.", {"path": str(path)}),
        fix=Text("Check the path.", "Kiểm tra lại đường dẫn."))


def _csv_entries(path: Path) -> list[tuple[str, str, str, int]]:
    from .encoding import decode_bytes

    text, _ = decode_bytes(path.read_bytes(), source=path.name)
    reader = csv.reader(io.StringIO(text))
    header = [header_key(h) for h in next(reader, [])]
    where: dict[str, int] = {}
    for name, aliases in _HEADERS.items():
        hits = [i for i, h in enumerate(header) if h in aliases]
        if not hits:
            raise MissingColumnError(
                Text("The dictionary has no column {col}.", "Từ điển thiếu cột {col}.", {"col": name}),
                source=path.name,
                fix=Text("Start the file with the header line: vocabulary,spelling,code",
                         "Dòng đầu của tệp phải là: vocabulary,spelling,code"))
        where[name] = hits[0]
    out = []
    for row_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        out.append((cells[where["vocabulary"]].strip(), cells[where["spelling"]].strip(),
                    cells[where["code"]].strip(), row_no))
    return out


def _yaml_entries(path: Path) -> list[tuple[str, str, str, int]]:
    import yaml

    bad = MalformedFileError(
        Text("The dictionary is not of the form {{vocabulary: {{spelling: code}}}}.",
             "Từ điển không đúng dạng {{vocabulary: {{spelling: code}}}}."),
        source=path.name,
        fix=Text("Write one block per vocabulary, e.g.\nreward_form:\n  \"BK Tỉnh ủy\": bang_khen_tinh",
                 "Viết mỗi danh mục một khối, ví dụ\nreward_form:\n  \"BK Tỉnh ủy\": bang_khen_tinh"))
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
                        str(code.value).strip(), spelling.start_mark.line + 1))
    return out


def _resolve(vocabulary: str, spelling: str, code: str, row: int, source: str) -> tuple[str, str, str]:
    names = vocabulary_names()
    name = header_key(vocabulary).replace(" ", "_")
    if name not in names:
        raise InvalidCategoryError(
            Text("Row {row}: {vocab!r} is not a vocabulary.", "Dòng {row}: {vocab!r} không phải là một danh mục.",
                 {"row": row, "vocab": vocabulary}),
            source=source, column="vocabulary", rows=[row],
            fix=Text("Use one of: {names}.", "Dùng một trong các tên: {names}.", {"names": ", ".join(names)}))
    codes = _codes()[name]
    found = code if code in codes else find_code(code, name) if code else None
    if not spelling or found is None:
        nearest = suggest_codes(code, name) or list(codes)[:3]
        raise InvalidCategoryError(
            Text("Row {row}: {code!r} is not a code of {vocab} (spelling {spelling!r}).",
                 "Dòng {row}: {code!r} không phải là mã của danh mục {vocab} (cách viết {spelling!r}).",
                 {"row": row, "code": code, "vocab": name, "spelling": spelling}),
            source=source, column="code", rows=[row],
            fix=Text("Write a spelling and one of the codes {codes}; nearest: {near}.",
                     "Ghi cách viết và một trong các mã {codes}; gần nhất: {near}.",
                     {"codes": ", ".join(codes), "near": ", ".join(nearest)}))
    return name, match_key(spelling, name), found


def load_user_vocabulary(folder_or_file: str | Path) -> UserVocabulary:
    """Read the user's dictionary: ``tu_dien.csv``/``.yaml`` (or ``dictionary.*``) in a folder.

    The CSV has the columns ``vocabulary, spelling, code`` (one spelling a row);
    the YAML is ``{vocabulary: {spelling: code}}``.  A code may also be written
    as a spelling the toolkit already knows ("Bằng khen của Chủ tịch UBND tỉnh").

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
        An unknown vocabulary or code, or one spelling given two codes; names
        the file and row.
    MissingColumnError, MalformedFileError
        The file's layout is wrong.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "tu_dien.csv").write_text(
    ...     "vocabulary,spelling,code\\nposition_group,Bảo vệ,frontline\\n", encoding="utf-8")
    >>> user = load_user_vocabulary(folder)
    >>> find_code("BẢO VỆ", "position_group", lookup_table("position_group", user))
    'frontline'
    """
    entries: dict[str, dict[str, str]] = {}
    origin: dict[tuple[str, str], tuple[str, int]] = {}
    files = _user_files(Path(folder_or_file))
    for path in files:
        rows = _yaml_entries(path) if path.suffix.lower() in (".yaml", ".yml") else _csv_entries(path)
        for vocabulary, spelling, code, row in rows:
            name, key, found = _resolve(vocabulary, spelling, code, row, path.name)
            previous = entries.setdefault(name, {}).get(key)
            if previous is not None and previous != found:
                first = origin[(name, key)]
                raise InvalidCategoryError(
                    Text("Row {row}: {spelling!r} is given code {code}, but {first} gave it {previous}.",
                         "Dòng {row}: {spelling!r} được gán mã {code}, nhưng {first} đã gán mã {previous}.",
                         {"row": row, "spelling": spelling, "code": found, "previous": previous,
                          "first": f"{first[0]}:{first[1]}"}),
                    source=path.name, column="spelling", rows=[row],
                    fix=Text("Keep one line per spelling.", "Mỗi cách viết chỉ giữ một dòng."))
            entries[name][key] = found
            origin[(name, key)] = (path.name, row)
    return UserVocabulary(entries, tuple(p.name for p in files))


# ---------------------------------------------------------------- "did you mean", for errors
def _csv_line(*cells: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


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
        "'x' → code (label), …" in both languages.
    dictionary_lines : Text
        Lines ready to paste into ``tu_dien.csv``, header first.

    Examples
    --------
    >>> hints, text, lines = unmapped_hints(["Chiến sỹ thi đua tỉnh Đồng Nai x"], "reward_form")
    >>> hints["Chiến sỹ thi đua tỉnh Đồng Nai x"][0]
    'chien_si_thi_dua_tinh'
    >>> lines.render("vi").splitlines()[1]
    'reward_form,Chiến sỹ thi đua tỉnh Đồng Nai x,chien_si_thi_dua_tinh'
    """
    suggestions = {v: suggest_codes(v, vocabulary, table) for v in values}
    shown = values[:limit]

    def hint(value: str, lang: str) -> str:
        codes = suggestions[value]
        if not codes:
            return f"{value!r} → " + ("không có mã nào gần" if lang == "vi" else "nothing close")
        return f"{value!r} → " + ", ".join(f"{c} ({code_label(vocabulary, c, 'vi')})" for c in codes)

    did_you_mean = Text("{en}", "{vi}", {"en": "; ".join(hint(v, "en") for v in shown),
                                          "vi": "; ".join(hint(v, "vi") for v in shown)})
    lines = [_csv_line("vocabulary", "spelling", "code")]
    lines += [_csv_line(vocabulary, v, (suggestions[v] or [""])[0]) for v in shown]
    dictionary_lines = Text("{lines}", "{lines}", {"lines": "\n".join(lines)})
    return suggestions, did_you_mean, dictionary_lines
