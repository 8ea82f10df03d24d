"""Keep personal data (names, phone numbers, ID numbers, e-mail) out of analyses and reports.

A column holds personal data when its header says so (Vietnamese or English,
accents ignored) or when its content does:

- Vietnamese mobile numbers (``0912 345 678``, ``+84 912 345 678``);
- 12-digit citizen ID (CCCD) numbers: a birth-province code of Circular
  07/2016/TT-BCA (001 Hà Nội … 096 Cà Mau), a century-and-sex digit 0–3, then
  eight digits;
- 9-digit identity-card (CMND) numbers, when the column behaves like an
  identifier (see :func:`personal_data_columns`);
- e-mail addresses;
- full Vietnamese names: two to five capitalised words, most starting with a
  common family name.

The loaders drop such columns or replace their values by salted pseudonyms
(:func:`pseudonymise`); contract columns are never touched.
"""

from __future__ import annotations

import hashlib
import hmac
import numbers
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import DataQualityWarning, InvalidParameterError, MixedTypeError, PersonalDataError, TdktInputError
from .._messages import MAX_LISTED, Lang, RowList, Text, describe_values
from .._args import check_choice
from .blanks import blank_mask
from .distinct import Distinct
from .text import fold, header_key, nfc

__all__ = ["PersonalData", "SALT_VARIABLE", "KIND_TEXT", "MARKERS", "check_policy", "identifier_cells",
           "mask_column", "mask_free_text", "mask_text", "personal_data_columns", "personal_data_note",
           "personal_kind", "personal_spans", "protect_cells", "pseudonymise", "resolve_salt"]

PersonalData = Literal["drop", "pseudonymise", "keep"]
#: Environment variable read for the salt when ``personal_data="pseudonymise"`` has no ``salt=``.
SALT_VARIABLE = "TDKT_SALT"
_POLICIES = ("drop", "pseudonymise", "keep")

# Headers that are personal data whatever their cells hold (compared whole, as header_key).
_PII_HEADERS = frozenset(header_key(h) for h in (
    "họ và tên", "họ tên", "tên", "tên người trả lời", "người trả lời", "full name", "name",
    "số điện thoại", "điện thoại", "sđt", "sdt", "đt", "di động", "phone", "phone number", "mobile",
    "cccd", "cmnd", "số cccd", "số cmnd", "cccd cmnd", "căn cước", "căn cước công dân",
    "số định danh", "số định danh cá nhân", "mã định danh", "id number", "national id",
    "email", "thư điện tử", "địa chỉ", "address", "ngày sinh", "date of birth",
    "full_name", "phone", "e-mail", "nơi ở", "quê quán", "nguyên quán", "chỗ ở", "chỗ ở hiện nay",
    "nơi thường trú", "địa chỉ thường trú", "hộ khẩu thường trú", "home address",
))
# Phrases that mark a header anywhere in it ("Số CMND cũ", "Địa chỉ email", "Họ tên chủ hộ").
_PII_PHRASES = tuple(header_key(h) for h in (
    "họ và tên", "họ tên", "số điện thoại", "sđt", "sdt", "cccd", "cmnd", "căn cước", "hộ chiếu",
    "định danh cá nhân", "số định danh", "email", "e-mail", "thư điện tử", "phone number",
    "passport", "national id", "địa chỉ", "nơi ở", "chỗ ở", "quê quán", "nguyên quán", "thường trú",
    "tạm trú", "hộ khẩu", "address", "full name",
))

# Birth-province codes that open a CCCD number (Circular 07/2016/TT-BCA, appendix 1).
_PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 "
    "037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
    "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"(?:\+?84|0)[35789]\d{8}")
_CITIZEN_ID = re.compile(r"\d{3}[0-3]\d{8}")
_OLD_ID = re.compile(r"\d{9}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
# Common Vietnamese family names (Kinh, and some Tày, Thái and Hmong ones), lower case NFC.  Names
# that mostly open place names (Châu Thành, Thạch Thất, Lục Ngạn, Kim Sơn) are left out.
_SURNAMES = frozenset(nfc(s) for s in (
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đào đoàn lâm mai "
    "trương tạ cao lưu hà tô kiều chu quách tăng lương triệu trịnh lại tống khổng hứa doãn mạc âu "
    "thân nông lò lường quàng giàng sùng thào vàng lầu hầu tôn mẫn khúc phùng diệp từ bạch ông"
).split())
_SHARE = 0.8  # of a column's distinct values that must look personal
_SURNAME_SHARE = 0.6  # of distinct name-shaped values that must start with a family name
_ROUND_SHARE = 0.2  # more round numbers than this: money amounts, not ID numbers
_SAMPLE = 500  # distinct values inspected per column
_MIN_NAMES = 2  # distinct values: one repeated "Lê Lợi" is more likely a street than a roster


# ---------------------------------------------------------------- detection
def _as_text(value: object) -> str:
    """A cell as written: integral numbers without ".0" (Excel), text in NFC without outer spaces."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(value) if isinstance(value, str) else nfc(str(value))


def _share(flags: Iterable[bool], n: int) -> float:
    return sum(flags) / n


def _id_digits(value: object) -> str:
    """Digits of an ID-like cell; an 11-digit number is a CCCD whose leading zero Excel dropped."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        text = _as_text(value)
        return text.zfill(12) if len(text) == 11 else text
    return re.sub(r"\s", "", _as_text(value))


def _lost_zero(digits: str) -> str:
    """Eleven digits written as text are a CCCD number whose leading zero Excel dropped ("79088001234")."""
    return digits.zfill(12) if len(digits) == 11 and digits.isdigit() else digits


def _citizen_ids(values: Sequence[object]) -> bool:
    digits = [_id_digits(v) for v in values]
    hits = [d for d in digits if _CITIZEN_ID.fullmatch(d) and d[:3] in _PROVINCE_CODES]
    return len(hits) >= _SHARE * len(digits) and _share((d.endswith("00") for d in hits), len(hits)) <= _ROUND_SHARE


def _old_ids(values: Sequence[object], unique_share: float) -> bool:
    """9-digit CMND numbers, told apart from 9-digit quantities.

    A quantity is never written with a leading zero, money is round, and an
    identifier rarely repeats; so besides the shape, a column needs a leading
    zero somewhere or mostly distinct values, and few round numbers.
    """
    digits = [_id_digits(v) for v in values]
    hits = [d for d in digits if _OLD_ID.fullmatch(d)]
    if not hits or len(hits) < _SHARE * len(digits):
        return False
    if _share((d.endswith("00") for d in hits), len(hits)) > _ROUND_SHARE:
        return False
    leading_zero = any(isinstance(v, str) and _id_digits(v).startswith("0") for v in values)
    return leading_zero or unique_share >= _SHARE


def _contacts(values: Sequence[object]) -> bool:
    texts = [_as_text(v) for v in values]
    hits = (bool(_PHONE.fullmatch(_PHONE_SEPARATORS.sub("", t)) or _EMAIL.fullmatch(t)) for t in texts)
    return _share(hits, len(texts)) >= _SHARE


def _name_shaped(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() for w in words)


def _names(values: Sequence[object]) -> bool:
    texts = [_as_text(v) for v in values if isinstance(v, str)]
    if len(texts) < max(_MIN_NAMES, _SHARE * len(values)):
        return False
    shaped = [t for t in texts if _name_shaped(t)]
    if len(shaped) < _SHARE * len(values):
        return False
    return _share((t.split()[0].lower() in _SURNAMES for t in shaped), len(shaped)) >= _SURNAME_SHARE


def _looks_personal(values: Sequence[object]) -> bool:
    filled = [v for v, blank in zip(values, blank_mask(values, frozenset({""}))) if not blank]
    every = list(dict.fromkeys(filled))
    if not every:
        return False
    distinct = every[:_SAMPLE]
    unique_share = len(every) / len(filled)
    return _contacts(distinct) or _citizen_ids(distinct) or _old_ids(distinct, unique_share) or _names(distinct)


def _personal_header(name: str) -> bool:
    """A personal header, also as the last part of a group path ("thanh_vien/name" in a repeat group)."""
    keys = {header_key(name), header_key(str(name).replace("\\", "/").rsplit("/", 1)[-1])}
    return any(key in _PII_HEADERS or any(f" {phrase} " in f" {key} " for phrase in _PII_PHRASES) for key in keys)


def personal_data_columns(columns: dict[str, Sequence[object]], protected: set[str]) -> list[str]:
    """Names of columns that hold personal data.

    Parameters
    ----------
    columns : dict
        Column name → cells (as read: text, numbers or None).
    protected : set of str
        Contract columns, never flagged (their content is defined by the contract).

    Returns
    -------
    list of str
        The flagged names, in the order of ``columns``.

    Notes
    -----
    A column is flagged by its header (e.g. "Họ và tên", "SĐT", "Số CMND cũ",
    "Email") or when at least 80% of its distinct filled values (the first
    500) are phone numbers or e-mail addresses, CCCD numbers, CMND numbers or
    full names.  The digit rules refuse round numbers (more than 20% ending in
    "00" are money amounts).  A 9-digit column counts as CMND numbers only if
    a value is written with a leading zero or at least 80% of its filled cells
    are distinct; so a column of 9-digit quantities that are all different
    and not round is flagged too (pass ``personal_data="keep"`` to keep it).
    A name has two to five words, each starting with a capital letter, and
    at least 60% of the name-shaped values must start with a common family
    name: "UBND xã An Bình" or "Trường THCS Nguyễn Du" are not names.

    Examples
    --------
    >>> personal_data_columns({"Họ và tên": ["A"], "SĐT": ["0912 345 678"],
    ...                        "ghi chú": ["0912345678"], "unit_id": ["U1"]}, {"unit_id"})
    ['Họ và tên', 'SĐT', 'ghi chú']
    >>> personal_data_columns({"x": ["Nguyễn Thị Hoa", "Trần Văn Bình"],
    ...                        "y": ["UBND xã An Bình", "Trường THCS Nguyễn Du"],
    ...                        "z": ["001089012345", "079190123456"]}, set())
    ['x', 'z']
    """
    return [name for name, values in columns.items()
            if name not in protected and (_personal_header(name) or _looks_personal(values))]


# ---------------------------------------------------------------- pseudonyms
def resolve_salt(salt: str | bytes | None) -> bytes:
    """The salt as bytes: ``salt`` itself, else the environment variable ``TDKT_SALT``.

    Raises
    ------
    InvalidParameterError
        Neither is set (or the salt is empty or not text).
    """
    if salt is None:
        salt = os.environ.get(SALT_VARIABLE) or None
    if salt is None or salt in ("", b""):
        raise InvalidParameterError(
            "personal_data='pseudonymise' needs a salt: a secret mixed into every code, so that the same "
            "person gets the same code in every file, and nobody can recover a name or ID number by hashing "
            "guesses. Pass salt='…' or set the environment variable "
            f"{SALT_VARIABLE} (e.g. to the output of `python -c \"import secrets; print(secrets.token_hex(16))\"`). "
            "Keep it secret, and use the same salt for every file of a campaign.")
    if isinstance(salt, str):
        return salt.encode("utf-8")
    if isinstance(salt, bytes):
        return salt
    raise InvalidParameterError(f"The 'salt' parameter must be a str or bytes. Got {type(salt).__name__} instead.")


def pseudonymise(values: Iterable[object], salt: str | bytes | None) -> list[str | None]:
    """Replace each value by a stable opaque code made with a keyed hash.

    Parameters
    ----------
    values : iterable
        Cells: text, numbers or missing values.
    salt : str or bytes or None
        The secret key; None reads the environment variable ``TDKT_SALT``.

    Returns
    -------
    list
        ``"pid_"`` and 12 hexadecimal digits per value; missing values (None,
        NaN, NA, blank text) stay None.

    Raises
    ------
    InvalidParameterError
        No salt was given and ``TDKT_SALT`` is not set.

    Notes
    -----
    The code is the start of HMAC-SHA256 (RFC 2104) keyed with the salt (UTF-8)
    over the value's text in NFC without surrounding spaces (whole numbers
    without ".0", as Excel may store them).  Equal values give equal codes
    under the same salt, so tables can still be joined; without the salt a
    code cannot be traced back by hashing candidate names or ID numbers.

    Examples
    --------
    >>> codes = pseudonymise(["Nguyễn Thị Hoa", None, "Nguyễn Thị Hoa "], salt="s3cret")
    >>> codes[0] == codes[2], codes[1], codes[0][:4], len(codes[0])
    (True, None, 'pid_', 16)
    """
    key = resolve_salt(salt)
    values = list(values)
    blank = blank_mask(values, frozenset({""}))
    cache: dict[str, str] = {}
    out: list[str | None] = []
    for value, is_blank in zip(values, blank):
        if is_blank:
            out.append(None)
            continue
        text = _as_text(value)
        if text not in cache:
            cache[text] = "pid_" + hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:12]
        out.append(cache[text])
    return out


def check_policy(personal_data: object, func: str) -> None:
    """Raise :class:`InvalidParameterError` unless ``personal_data`` is a known policy."""
    check_choice(personal_data, "personal_data", _POLICIES, func=func)


def personal_data_note(source: str, names: Sequence[str], personal_data: PersonalData) -> Text:
    """The warning for columns handled under ``personal_data``: their names only, never a value.

    Returns
    -------
    Text
        The note in English and Vietnamese; ``DataQualityWarning(note)`` carries both.

    Examples
    --------
    >>> note = personal_data_note("a.csv", ["Họ và tên", "SĐT"], "drop")
    >>> str(note)
    'a.csv: dropped column(s) with personal data: Họ và tên, SĐT. Pass personal_data="pseudonymise" (with a salt) to link records without them.'
    >>> note.render("vi")
    'a.csv: đã bỏ các cột chứa dữ liệu cá nhân: Họ và tên, SĐT. Các cột này không được dùng và không xuất hiện trong báo cáo; nếu cần nối hồ sơ giữa các tệp, có thể thay chúng bằng mã ẩn danh (xem hướng dẫn, mục Dữ liệu cá nhân).'
    """
    found = {"source": source, "listed": ", ".join(names)}
    if personal_data == "drop":
        return Text('{source}: dropped column(s) with personal data: {listed}. '
                    'Pass personal_data="pseudonymise" (with a salt) to link records without them.',
                    '{source}: đã bỏ các cột chứa dữ liệu cá nhân: {listed}. Các cột này không được dùng và không '
                    'xuất hiện trong báo cáo; nếu cần nối hồ sơ giữa các tệp, có thể thay chúng bằng mã ẩn danh '
                    '(xem hướng dẫn, mục Dữ liệu cá nhân).', found)
    if personal_data == "pseudonymise":
        return Text("{source}: pseudonymised column(s) with personal data: {listed} (salted codes replace the values).",
                    "{source}: đã thay các cột chứa dữ liệu cá nhân bằng mã ẩn danh: {listed} (mỗi giá trị được "
                    "thay bằng một mã tạo từ khóa bí mật).", found)
    return Text('{source}: kept column(s) with personal data: {listed}, as personal_data="keep" asks. '
                "Never publish them.",
                '{source}: giữ nguyên các cột chứa dữ liệu cá nhân: {listed}, theo yêu cầu personal_data="keep". '
                "Tuyệt đối không công bố các cột này.", found)


# ---------------------------------------------------------------- personal data inside one value or a text
Kind = Literal["phone", "id", "email", "name"]
#: What a message says instead of a personal value, in each language.
KIND_TEXT: dict[str, tuple[str, str]] = {
    "phone": ("a phone number", "một số điện thoại"),
    "id": ("an ID number", "một số định danh"),
    "email": ("an e-mail address", "một địa chỉ thư điện tử"),
    "name": ("a name", "một họ tên"),
}
#: What replaces personal data found in free text (the data are Vietnamese, so are the markers).
MARKERS: dict[str, str] = {"phone": "[số điện thoại]", "id": "[số định danh]", "email": "[thư điện tử]",
                           "name": "[họ tên]"}
_TEXT_PHONE = re.compile(r"(?<![\w+])(?:\+\s?84|84|0)[\s.\-]?(?:[35789]|2\d)(?:[\s.\-]?\d){8}(?!\d)")
_MAY_BE_PHONE_OR_ID = re.compile(r"\d(?:[\s.\-()]?\d){8}")  # nine digits, maybe spaced: else neither
_DIGIT_RUN = re.compile(r"(?<![\w.,])\d{9,12}(?![\w]|[.,]\d)")
# Machine identifiers (Kobo/ODK submission UUIDs, "uuid:…" instance ids) are not personal data,
# even when a group of their hex digits happens to read as a phone or ID number.
_MACHINE_ID = re.compile(r"(?:uuid:)?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", re.IGNORECASE)
_ID_CUE = re.compile(r"(?:cccd|cmnd|cmtnd|can cuoc|dinh danh|ho chieu|passport|id)\W{0,12}$")
_WORD = re.compile(r"[^\W\d_]+")
_TITLE_CUES = frozenset({"ông", "bà", "anh", "chị", "đồng chí", "đ/c", "em", "cháu", "cô", "chú", "bác", "cụ"})
# Words before a name that make it a street, ward, bridge or school named after a historical figure.
_PLACE_CUES = frozenset({"đường", "phố", "phường", "quận", "cầu", "thpt", "thcs"})
# Names of public figures and places that open with a family name; free text may name them freely.
_PUBLIC = tuple(nfc(n).lower() for n in (
    "Hồ Chí Minh", "Võ Nguyên Giáp", "Tôn Đức Thắng", "Trần Hưng Đạo", "Lý Thường Kiệt", "Phan Bội Châu",
    "Phan Chu Trinh", "Phan Đình Phùng", "Nguyễn Thị Minh Khai", "Nguyễn Văn Cừ", "Nguyễn Văn Linh",
    "Nguyễn Văn Trỗi", "Nguyễn Ái Quốc", "Nguyễn Tất Thành", "Nguyễn Trãi", "Nguyễn Du", "Nguyễn Huệ",
    "Lê Hồng Phong", "Lê Lợi", "Lê Duẩn", "Lê Văn Tám", "Lê Quý Đôn", "Trần Phú", "Trần Quốc Toản",
    "Hoàng Văn Thụ", "Võ Thị Sáu", "Võ Văn Kiệt", "Phạm Văn Đồng", "Phạm Ngũ Lão", "Nguyễn Thái Học",
    "Ngô Quyền", "Đinh Tiên Hoàng", "Lý Tự Trọng", "Mạc Đĩnh Chi", "Chu Văn An", "Hà Nội", "Hà Giang",
    "Hà Nam", "Hà Tĩnh", "Hà Đông", "Hà Tiên", "Lâm Đồng", "Cao Bằng", "Cao Lãnh", "Phan Thiết",
    "Phan Rang", "Mai Châu", "Mai Sơn", "Bạch Long Vĩ", "Bạch Đằng", "Lý Sơn", "Hồ Gươm", "Tô Lịch",
))


def _cased(word: str) -> bool:
    """A word written as part of a name: "Hoa", or "HOA" in an all-capitals name."""
    return word[0].isupper() and (word[1:].islower() or word.isupper() or len(word) == 1)


def _public(words: list[str]) -> int:
    """How many of ``words`` (from the start) form a public figure's or a place's name; 0 if none."""
    folded = nfc(" ".join(words)).lower()  # with accents: Lê Văn Tám is public, Lê Văn Tâm is not
    for name in _PUBLIC:
        if folded == name or folded.startswith(name + " "):
            return name.count(" ") + 1
    return 0


def _name_spans(text: str, *, whole: bool) -> list[tuple[int, int]]:
    """Spans of full names: a family name and one to four more capitalised words.

    Three words or more anywhere; two words only after a title ("ông", "bà",
    "đồng chí") or when they are the whole ``text`` (a cell, not a sentence).
    """
    words = list(_WORD.finditer(text))
    spans, i = [], 0
    while i < len(words):
        first = words[i].group()
        if not (_cased(first) and first.lower() in _SURNAMES):
            i += 1
            continue
        j = i + 1
        while (j < len(words) and j - i < 5 and _cased(words[j].group())
               and text[words[j - 1].end():words[j].start()] in (" ", "\u00a0")):
            j += 1
        run = [w.group() for w in words[i:j]]
        skip = _public(run)
        if skip:
            i += skip
            continue
        before = text[:words[i].start()].rstrip().lower()
        if (before.split() or [""])[-1] in _PLACE_CUES:
            i = j  # "đường Nguyễn Đình Chiểu": a street, not a person
            continue
        titled = any(before.endswith(cue) for cue in _TITLE_CUES)
        alone = whole and words[i].start() == 0 and words[j - 1].end() == len(text)
        if len(run) >= 3 or (len(run) == 2 and (titled or alone)):
            spans.append((words[i].start(), words[j - 1].end()))
        i = j
    return spans


def _number_spans(text: str) -> list[tuple[int, int, Kind]]:
    """Spans of phone numbers, CCCD numbers (12 digits) and CMND numbers (9 digits) in ``text``."""
    spans: list[tuple[int, int, Kind]] = [(m.start(), m.end(), "phone") for m in _TEXT_PHONE.finditer(text)]
    for m in _DIGIT_RUN.finditer(text):
        if any(s <= m.start() < e for s, e, _ in spans):
            continue
        digits = m.group()
        cue = bool(_ID_CUE.search(fold(text[max(0, m.start() - 20):m.start()])))
        citizen = len(digits) == 12 and digits[:3] in _PROVINCE_CODES and digits[3] in "0123"
        old = len(digits) == 9 and (digits.startswith("0") or cue) and not digits.endswith("00")
        if citizen or old or (cue and len(digits) in (9, 12)):
            spans.append((m.start(), m.end(), "id"))
    return spans


def personal_spans(text: str, *, whole: bool = False) -> list[tuple[int, int, Kind]]:
    """Where ``text`` holds personal data: ``(start, end, kind)``, sorted, not overlapping.

    Parameters
    ----------
    text : str
        Free text (NFC), or one cell.
    whole : bool, default False
        ``text`` is a single cell: a two-word name filling it counts as a name.

    Returns
    -------
    list of (int, int, str)
        Kinds are "phone", "id" (CCCD/CMND numbers), "email" and "name".

    Notes
    -----
    Phone numbers: Vietnamese mobiles and landlines, with or without +84 and
    separators.  ID numbers: 12 digits opening with a birth-province code and a
    century digit 0–3 (CCCD); 9 digits written with a leading zero (CMND); any
    9 or 12 digits right after "CCCD", "CMND", "căn cước", "định danh".
    Names: a common family name and two to four more capitalised words (one
    more after "ông", "bà", "đồng chí", or when it is the whole cell); public
    figures and places that open with a family name ("Hồ Chí Minh", "Hà Nội"),
    and names right after "đường", "phố", "phường", "quận", "cầu", "THPT",
    "THCS" (streets and schools named after historical figures) are not
    people's data.

    Examples
    --------
    >>> text = "Đồng chí Nguyễn Văn An (ĐT 0912 345 678, CCCD 079088001234) học tập tư tưởng Hồ Chí Minh."
    >>> [(text[s:e], kind) for s, e, kind in personal_spans(text)]
    [('Nguyễn Văn An', 'name'), ('0912 345 678', 'phone'), ('079088001234', 'id')]
    """
    text = nfc(text)
    if _MACHINE_ID.fullmatch(text.strip()):
        return []
    found = [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    found += [s for s in _number_spans(text) if not any(a <= s[0] < b for a, b, _ in found)]
    found += [(s, e, "name") for s, e in _name_spans(text, whole=whole) if not any(a <= s < b for a, b, _ in found)]
    return sorted(found)


def personal_kind(value: object) -> Kind | None:
    """The kind of personal data one value holds ("phone", "id", "email", "name"), or None if it is clear.

    Messages quote a value only when this returns None.

    Examples
    --------
    >>> personal_kind("Nguyễn Văn Quyết"), personal_kind("0912 345 678"), personal_kind("CCCD 079088001234")
    ('name', 'phone', 'id')
    >>> personal_kind("nữ"), personal_kind(12), personal_kind("Huyện Thạnh Hưng"), personal_kind("Hà Nội")
    (None, None, None, None)
    >>> personal_kind(79088001234.0)  # a CCCD that lost its leading zero in Excel
    'id'
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        digits = _id_digits(value)
        text = digits if digits.isdigit() else _as_text(value)
    else:
        text = _lost_zero(_as_text(value))
    if not any(ch.isdigit() or ch.isalpha() for ch in text):
        return None
    spans = personal_spans(text, whole=True)
    return spans[0][2] if spans else None


def mask_text(text: str, *, whole: bool = False) -> tuple[str, int]:
    """``text`` with its personal data replaced by markers ("[họ tên]", "[số điện thoại]"…), and how many.

    With ``whole``, ``text`` is one cell, and a two-word name filling it counts as a name
    (as in :func:`personal_spans`).

    Examples
    --------
    >>> mask_text("Bà Trần Thị Hoa, SĐT 0987.654.321, email hoa@example.vn, đã được khen thưởng.")
    ('Bà [họ tên], SĐT [số điện thoại], email [thư điện tử], đã được khen thưởng.', 3)
    >>> mask_text("Sở Nội vụ triển khai phong trào thi đua yêu nước.")
    ('Sở Nội vụ triển khai phong trào thi đua yêu nước.', 0)
    """
    spans = personal_spans(text, whole=whole)
    if not spans:
        return text, 0
    text = nfc(text)
    out, at = [], 0
    for start, end, kind in spans:
        out += [text[at:start], MARKERS[kind]]
        at = end
    return "".join(out) + text[at:], len(spans)


# ---------------------------------------------------------------- on loading: identifiers, numbers, free text
#: Contract text columns that name places, units or movements: public names, not free text.
_NAMES_OF_THINGS = frozenset({"district", "commune", "unit_name", "name"})


def _kind_list(kinds: Iterable[str], lang: str) -> str:
    return ", ".join(dict.fromkeys(KIND_TEXT[k][lang == "vi"] for k in kinds))


def identifier_cells(values: Sequence[object]) -> list[int]:
    """Positions of CCCD/CMND numbers in an identifier column; empty when its codes are not ID numbers.

    The column counts when its digit-only values pass the column rules of
    :func:`personal_data_columns` (CCCD numbers, or CMND numbers that behave
    like identifiers); codes such as "P00012" or "U046" beside them (the unit
    recipients of a rewards table) are left alone.

    Examples
    --------
    >>> identifier_cells(["U046", "079088001234", "001190123457", "P0001"])
    [1, 2]
    >>> identifier_cells(["P0001", "P0002", "000123"])
    []
    >>> identifier_cells(["79088001234", "001190123457"])  # a CSV saved by Excel: the leading zero lost
    [0, 1]
    """
    column = Distinct.of(values)
    return column.rows_where(_identifier_flags(column)).tolist()


def _identifier_flags(column: Distinct) -> list[bool]:
    """For each distinct cell of an identifier column: is it a CCCD/CMND number (see :func:`identifier_cells`)?"""
    values, counts = column.values, column.counts()
    digits = {i: _lost_zero(_id_digits(v)) for i, v in enumerate(values) if _may_be_digits(v)}
    if not digits:
        return []
    distinct = list(dict.fromkeys(digits.values()))
    cells = int(sum(counts[i] for i in digits))
    if _citizen_ids(distinct):
        return [i in digits and bool(_CITIZEN_ID.fullmatch(digits[i])) and digits[i][:3] in _PROVINCE_CODES
                for i in range(len(values))]
    if _old_ids(distinct, len(distinct) / cells) and any(isinstance(values[i], str) for i in digits):
        return [i in digits and bool(_OLD_ID.fullmatch(digits[i])) for i in range(len(values))]
    return []


def _identifier_error(source: str, header: str, rows: Sequence[int]) -> TdktInputError:
    return PersonalDataError(
        Text("The identifier column holds citizen ID numbers (CCCD/CMND) in {n} row(s) (rows {rows}); "
             "ID numbers are personal data and cannot travel into tables or reports.",
             "Cột mã định danh chứa số căn cước công dân/chứng minh nhân dân (CCCD/CMND) ở {n} dòng "
             "(dòng {rows}); đây là dữ liệu cá nhân, không được đưa vào bảng hay báo cáo.",
             {"n": len(rows), "rows": RowList(rows)}),
        source=source, column=header, rows=rows,
        fix=Text('Load with personal_data="pseudonymise" and a secret salt (salt=… or the TDKT_SALT variable): '
                 "each number becomes a code, the same in every file, so records stay linked; or replace the "
                 "numbers by staff codes (e.g. CB0012) in every file.",
                 "Thay các số này bằng mã cán bộ (ví dụ CB0012) ở mọi tệp; hoặc nạp dữ liệu ở chế độ thay dữ "
                 "liệu cá nhân bằng mã ẩn danh, với một khóa bí mật (xem hướng dẫn, mục Dữ liệu cá nhân): mỗi "
                 "số được thay bằng một mã, giống nhau ở mọi tệp, nên các hồ sơ vẫn nối được với nhau."))


def _number_error(source: str, header: str, rows: Sequence[int], kinds: Sequence[str]) -> TdktInputError:
    return MixedTypeError(
        Text("Expected numbers but found personal data: {what_en} ({noun} {rows}).",
             "Cần giá trị số nhưng gặp dữ liệu cá nhân: {what_vi} (dòng {rows}).",
             {"what_en": _kind_list(kinds, "en"), "what_vi": _kind_list(kinds, "vi"), "rows": RowList(rows),
              "noun": "row" if len(rows) == 1 else "rows"}),
        source=source, column=header, rows=rows,
        fix=Text("Put the number asked for in these cells, and keep phone and ID numbers out of the file.",
                 "Ghi đúng số liệu vào các ô này; không ghi số điện thoại hay số định danh vào tệp."))


def _free_text_note(source: str, header: str, n: int) -> Text:
    found = {"source": source, "column": header, "n": n}
    return Text("{source}, column '{column}': {n} name(s), phone, ID number(s) or e-mail address(es) in the text "
                "were replaced by markers such as [họ tên] and [số điện thoại].",
                "{source}, cột '{column}': đã thay {n} họ tên, số điện thoại, số định danh hoặc địa chỉ thư điện "
                "tử trong văn bản bằng các ký hiệu như [họ tên], [số điện thoại].", found)


def mask_column(values: Sequence[object]) -> tuple[list[object], int]:
    """Free-text cells with personal data replaced by markers (see :func:`mask_text`), and how many were.

    Examples
    --------
    >>> mask_column(["Gặp ông Lê Văn Tâm", None, 4, "Gặp ông Lê Văn Tâm"])
    (['Gặp ông [họ tên]', None, 4, 'Gặp ông [họ tên]'], 2)
    """
    cache: dict[str, tuple[str, int]] = {}
    out, total = [], 0
    for value in values:
        if isinstance(value, str):
            if value not in cache:
                cache[value] = mask_text(value, whole=True)
            value, n = cache[value]
            total += n
        out.append(value)
    return out, total


def mask_free_text(frame: object, columns: Iterable[str], source: str, *, stacklevel: int = 2) -> object:
    """Mask personal data in the text ``columns`` of a DataFrame, with one warning per column that had some."""
    for name in columns:
        values, n = mask_column(frame[name].tolist())
        if n:
            frame[name] = type(frame[name])(values, index=frame.index, dtype=frame[name].dtype)
            warnings.warn(DataQualityWarning(_free_text_note(source, str(name), n)), stacklevel=stacklevel + 1)
    return frame


def protect_cells(cells: dict[str, Distinct], table: object, privacy: tuple[PersonalData, bytes | None],
                  source: str, missing: frozenset[str], headers: Mapping[str, str], rows: Sequence[int], *,
                  stacklevel: int = 2) -> tuple[dict[str, Distinct], list[str]]:
    """Keep personal data out of one table's cells (contract names → columns of distinct cells).

    In order: columns of personal data are dropped, pseudonymised or kept
    (:func:`personal_data_columns`); identifier columns of CCCD/CMND numbers
    are pseudonymised, kept under "keep", or refused; phone and ID numbers in
    number columns are refused; names, numbers and e-mail addresses in free
    text are masked.  Each step warns with column names and counts, never
    values.  Each distinct cell is examined once.

    Returns
    -------
    cells : dict
        The protected columns.
    personal : list of str
        The columns handled as personal data.

    Raises
    ------
    PersonalDataError
        An identifier column of ID numbers, unless pseudonymised or kept.
    MixedTypeError
        A phone or ID number in a number column.
    """
    policy, salt = privacy
    contract = set(table.names)
    cells = dict(cells)
    personal = personal_data_columns({c: cells[c].cells() for c in cells if c not in contract}, contract)
    level = stacklevel + 1
    if personal:
        warnings.warn(DataQualityWarning(personal_data_note(source, personal, policy)), stacklevel=level)
        if policy == "drop":
            cells = {name: column for name, column in cells.items() if name not in personal}
        elif policy == "pseudonymise":
            for name in personal:
                values = cells[name].values
                kept = [None if blank else v for v, blank in zip(values, blank_mask(values, missing))]
                cells[name] = cells[name].remap(pseudonymise(kept, salt))
    for name in [c.name for c in table.columns if c.dtype == "id" and c.name in cells]:
        column = cells[name]
        found = _identifier_flags(column)
        if any(found):
            if policy == "drop":
                raise _identifier_error(source, headers.get(name, name), [int(rows[i]) for i in column.rows_where(found)])
            warnings.warn(DataQualityWarning(personal_data_note(source, [headers.get(name, name)], policy)),
                          stacklevel=level)
            personal.append(name)
            if policy == "pseudonymise":
                cells[name] = _pseudonymise_identifiers(column, found, salt)
    for col in table.columns:
        if col.dtype in ("int", "float") and col.name in cells:
            _refuse_numbers(cells[col.name], source, headers.get(col.name, col.name), rows)
    for name in cells:
        if name not in personal and (name not in contract or (
                table.column(name).dtype == "text" and name not in _NAMES_OF_THINGS)):
            cells[name], masked = _mask_distinct(cells[name])
            if masked:
                warnings.warn(DataQualityWarning(_free_text_note(source, str(name), masked)), stacklevel=level)
    return cells, personal


def _may_be_digits(value: object) -> bool:
    """Whether a cell is digits only, spaces aside (a text cell must at least start with a digit)."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.lstrip()[:1].isdigit()):
        return False
    return _id_digits(value).isdigit()


def _pseudonymise_identifiers(column: Distinct, flags: list[bool], salt: bytes | None) -> Distinct:
    """An identifier column with its CCCD/CMND numbers (the flagged distinct cells) replaced by salted codes."""
    values = list(column.values)
    found = [i for i, flag in enumerate(flags) if flag]
    for i, code in zip(found, pseudonymise([_lost_zero(_id_digits(values[i])) for i in found], salt)):
        values[i] = code
    return column.remap(values)


def _mask_distinct(column: Distinct) -> tuple[Distinct, int]:
    """A free-text column with personal data masked in each distinct cell, and how many items were masked."""
    masked, counts, total = [], None, 0
    for i, value in enumerate(column.values):
        if isinstance(value, str):
            value, n = mask_text(value, whole=True)
            if n:
                counts = column.counts() if counts is None else counts
                total += n * int(counts[i])
        masked.append(value)
    return (column.remap(masked) if total else column), total


def _refuse_numbers(column: Distinct, source: str, header: str, rows: Sequence[int]) -> None:
    """MixedTypeError when a number column holds phone or ID numbers."""
    kinds = [personal_kind(v) if isinstance(v, str) and _MAY_BE_PHONE_OR_ID.search(v) else None
             for v in column.values]
    flags = [kind in ("phone", "id") for kind in kinds]
    bad = column.rows_where(flags)
    if bad.size:
        raise _number_error(source, header, [int(rows[i]) for i in bad], [kinds[column.codes[i]] for i in bad])


@dataclass(frozen=True, slots=True)
class ValueList:
    """Offending ``(value, row)`` pairs, listed as in :func:`describe_values` in either language.

    A value is quoted only when the personal-data detectors
    (:func:`tdkt_eval.io.privacy.personal_kind`) clear it; otherwise the
    message gives its kind and rows ("a phone number (row 5)").

    Examples
    --------
    >>> ValueList([("x", 3), ("x", 5), ("y", 9)]).render("vi")
    "'x' (dòng 3, 5), 'y' (dòng 9)"
    >>> ValueList([("nữa", 2), ("Nguyễn Văn Quyết", 4), ("0912 345 678", 5)]).render("vi")
    "'nữa' (dòng 2), một họ tên (dòng 4), một số điện thoại (dòng 5)"
    """

    pairs: Sequence[tuple[object, int]]
    limit: int = MAX_LISTED

    def render(self, lang: Lang = "en") -> str:
        kinds: dict[object, str | None] = {}
        cleared, hidden = [], {}
        for value, row in self.pairs:
            key = value if isinstance(value, (str, int, float)) else str(value)
            if key not in kinds:
                kinds[key] = personal_kind(value)
            if kinds[key] is None:
                cleared.append((value, row))
            else:
                hidden.setdefault(kinds[key], []).append(int(row))
        listed = describe_values(cleared, limit=self.limit, lang=lang) if cleared else ""
        for kind, rows in hidden.items():
            noun = "dòng" if lang == "vi" else ("row" if len(rows) == 1 else "rows")
            what = KIND_TEXT[kind][lang == "vi"]
            listed += f"{', ' if listed else ''}{what} ({noun} {RowList(rows, limit=self.limit).render(lang)})"
        return listed
