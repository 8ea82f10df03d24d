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
from collections.abc import Iterable, Sequence
from typing import Literal

from .._validation import InvalidParameterError, Text, check_choice
from .parsing import blank_mask
from .text import header_key, nfc

__all__ = ["PersonalData", "SALT_VARIABLE", "check_policy", "personal_data_columns", "personal_data_note",
           "pseudonymise", "resolve_salt"]

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
))
# Phrases that mark a header anywhere in it ("Số CMND cũ", "Địa chỉ email", "Họ tên chủ hộ").
_PII_PHRASES = tuple(header_key(h) for h in (
    "họ và tên", "họ tên", "số điện thoại", "sđt", "sdt", "cccd", "cmnd", "căn cước", "hộ chiếu",
    "định danh cá nhân", "số định danh", "email", "e-mail", "thư điện tử", "phone number",
    "passport", "national id",
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
    key = header_key(name)
    return key in _PII_HEADERS or any(f" {phrase} " in f" {key} " for phrase in _PII_PHRASES)


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
