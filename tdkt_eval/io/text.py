"""Unicode hygiene for Vietnamese text: NFC normalisation and diacritic folding.

Folding is only ever used for *matching* (headers, category values, keywords);
the data itself keeps its diacritics.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["nfc", "fold", "header_key"]

_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# đ/Đ carry no combining mark, so NFD does not split them.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding white space removed.

    Examples
    --------
    >>> decomposed = "Nguye\u0302\u0303n"          # e + circumflex + tilde
    >>> nfc(decomposed) == "Nguyễn"
    True
    """
    return (text if text.isascii() else unicodedata.normalize("NFC", text)).strip()


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: codes, categories, missing markers
def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, for matching only.

    Examples
    --------
    >>> fold("  Giới   TÍNH ")
    'gioi tinh'
    >>> fold("Đơn vị")
    'don vi'
    """
    if text.isascii():  # codes and numbers: nothing to decompose
        return _SPACES.sub(" ", text).strip().lower()
    stripped = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA)).translate(_marks())
    if not stripped.isascii() and any(ord(ch) > 0xFFFF for ch in stripped):  # marks beyond the table
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


@functools.lru_cache(maxsize=1)
def _marks() -> dict[int, None]:
    """Every combining mark of the Basic Multilingual Plane, to delete with ``str.translate``."""
    return dict.fromkeys(cp for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp)))


@functools.lru_cache(maxsize=1 << 14)  # the same headers are matched against every table
def header_key(text: str, *, drop_parenthesised: bool = False) -> str:
    """Reduce a column header to a matching key: folded, punctuation to spaces.

    Parameters
    ----------
    text : str
        The header as written in the file.
    drop_parenthesised : bool, default False
        Also remove parts in brackets, e.g. units such as "(điểm)".

    Examples
    --------
    >>> header_key("Số QĐ/Ngày")
    'so qd ngay'
    >>> header_key("Tổng điểm (điểm)", drop_parenthesised=True)
    'tong diem'
    """
    if drop_parenthesised:
        text = _PARENTHESISED.sub(" ", text)
    return _NON_ALNUM.sub(" ", fold(text)).strip()
