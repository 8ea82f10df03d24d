"""Decode the bytes of a text table: BOMs, UTF-16, UTF-8, cp1258 and legacy fonts.

Vietnamese office files arrive in many encodings.  The order of evidence is:
a byte-order mark; the NUL-byte pattern of BOM-less UTF-16; strict UTF-8; and
last the single-byte code pages, where Windows-1258 (Vietnamese) competes with
Windows-1252 text typed in the legacy TCVN3 (.VnTime) or VNI fonts.  The
single-byte candidate whose decoded text reads most like Vietnamese wins.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from .._validation import EncodingDetectionError, Text
from .legacy import to_unicode, vietnamese_score

__all__ = ["decode_bytes", "encode_cp1258"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 200_000
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """Encode text as Windows-1258 the way Vietnamese Windows software writes it.

    Windows-1258 has the letters with vowel-quality marks (â ê ô ơ ư ă đ) but
    writes the five tones as combining marks after the letter, so ``"ộ"`` is
    ``ô`` followed by a combining dot below.

    Examples
    --------
    >>> encode_cp1258("Nội")
    b'N\\xf4\\xf2i'
    >>> unicodedata.normalize("NFC", encode_cp1258("Nội").decode("cp1258"))
    'Nội'
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in _TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)



def _from_bom(raw: bytes) -> str | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _single_byte_candidates(raw: bytes) -> dict[str, str]:
    """Decode with each single-byte code page that accepts the bytes."""
    candidates = {}
    for name in ("cp1258", "cp1252", "latin-1"):
        try:
            candidates[name] = raw.decode(name)
        except UnicodeDecodeError:
            continue
    if "cp1252" in candidates:
        candidates.pop("latin-1")
    return candidates


def _best_single_byte(raw: bytes, source: str | Path) -> str:
    scores = {}
    for name, text in _single_byte_candidates(raw).items():
        sample = text[:_SAMPLE]
        if name != "cp1258":
            sample = to_unicode(sample)  # TCVN3/VNI text shows through cp1252
        scores[name] = vietnamese_score(unicodedata.normalize("NFC", sample))
    if not scores:
        raise EncodingDetectionError(
            Text("The bytes are not UTF-8, UTF-16 or a Windows code page.",
                 "Nội dung tệp không theo bảng mã UTF-8, UTF-16 hay một bảng mã Windows nào."),
            source=source,
            fix=Text("Open the file in Excel and save it as 'CSV UTF-8 (Comma delimited)' or as .xlsx.",
                     "Mở tệp bằng Excel rồi lưu thành 'CSV UTF-8 (Comma delimited)' hoặc .xlsx."),
        )
    return max(scores, key=lambda name: (scores[name], name == "cp1258"))


def _decode_problem(name: str, exc: Exception) -> Text:
    """Why a forced codec failed; the Vietnamese text names the byte (counted from 1) instead of quoting Python."""
    if isinstance(exc, UnicodeDecodeError):
        vi = "Không đọc được tệp theo bảng mã {name}: byte thứ {pos} không hợp lệ với bảng mã này."
        return Text("The file cannot be read as {name}: {exc}.", vi, {"name": name, "exc": exc, "pos": exc.start + 1})
    return Text("The file cannot be read as {name}: {exc}.",
                "Không đọc được tệp: không có bảng mã nào tên là '{name}'.", {"name": name, "exc": exc})


def decode_bytes(raw: bytes, *, encoding: str | None = None, source: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode a text file's bytes, detecting the encoding unless one is given.

    Parameters
    ----------
    raw : bytes
        The file's content.
    encoding : str, optional
        Force this codec (any name Python knows, e.g. ``"cp1258"``).
    source : str or Path
        Named in error messages.

    Returns
    -------
    text : str
        Decoded text in NFC, without a BOM.  Legacy TCVN3/VNI characters are
        *not* converted here; that happens cell by cell when a table is built.
    encoding : str
        The codec used.

    Raises
    ------
    EncodingDetectionError
        When a forced codec fails, or no candidate decodes the bytes.

    Examples
    --------
    >>> decode_bytes("Giới tính".encode("utf-16"))
    ('Giới tính', 'utf-16')
    >>> decode_bytes(encode_cp1258("Hà Nội, Thành phố Hồ Chí Minh"))
    ('Hà Nội, Thành phố Hồ Chí Minh', 'cp1258')
    """
    name = encoding or _from_bom(raw) or _utf16_without_bom(raw)
    if name is None:
        try:
            return unicodedata.normalize("NFC", raw.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            name = _best_single_byte(raw, source)
    try:
        text = raw.decode(name)
    except (UnicodeDecodeError, LookupError) as exc:
        raise EncodingDetectionError(
            _decode_problem(name, exc), source=source,
            fix=Text("Leave out encoding= to detect it, or save the file as 'CSV UTF-8' or .xlsx.",
                     "Bỏ encoding= để công cụ tự nhận bảng mã, hoặc lưu tệp thành 'CSV UTF-8' hay .xlsx."),
        ) from None
    return unicodedata.normalize("NFC", text.lstrip("\ufeff")), name
