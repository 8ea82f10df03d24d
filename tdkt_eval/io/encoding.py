"""Decode the bytes of a text table: BOMs, UTF-16, UTF-8, cp1258 and legacy fonts.

Vietnamese office files arrive in many encodings.  The order of evidence is:
a byte-order mark; the NUL-byte pattern of BOM-less UTF-16; strict UTF-8; and
last the single-byte code pages, where Windows-1258 (Vietnamese) competes with
Windows-1252 text typed in the legacy TCVN3 (.VnTime) or VNI fonts.  The
single-byte candidate whose decoded text reads most like Vietnamese wins.

A file that is UTF-8 except for some lines (one row pasted from an old
Windows program) is decided line by line: when every such line reads
clearly as Vietnamese Windows-1258, each line is decoded in its own
encoding and a :class:`~tdkt_eval.DataQualityWarning` names the lines;
otherwise :class:`~tdkt_eval.MixedEncodingError` refuses the file.  It is
never decoded wrongly and silently.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..errors import DataQualityWarning, EncodingDetectionError, MixedEncodingError
from .._messages import RowList, Text
from .legacy import to_unicode, vietnamese_score

__all__ = ["decode_bytes", "encode_cp1258", "MIXED_UTF8_CP1258"]

#: Codec label of a file decoded line by line (UTF-8 with some Windows-1258 lines).
MIXED_UTF8_CP1258 = "utf-8+cp1258"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 200_000
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"[^\W\d_]+")
# A line is read as Windows-1258 only when its non-ASCII words read as Vietnamese
# at least this well, and the legacy-font reading of the same bytes does not.
_CLEAR_SCORE = 0.8


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


def _non_ascii_score(text: str) -> float:
    """Vietnamese score of the words that carry non-ASCII letters (0.0 when there are none)."""
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    return vietnamese_score(" ".join(words)) if words else 0.0


def _cp1258_line(line: bytes) -> str | None:
    """The line read as Windows-1258 when that reading is clearly Vietnamese, else None.

    Examples
    --------
    >>> _cp1258_line(encode_cp1258("U02,Sở Nội vụ"))
    'U02,Sở Nội vụ'
    >>> _cp1258_line("Café crème".encode("cp1252")) is None
    True
    """
    try:
        text = unicodedata.normalize("NFC", line.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    if _non_ascii_score(text) < _CLEAR_SCORE:
        return None
    try:
        legacy = to_unicode(line.decode("cp1252"))
    except UnicodeDecodeError:
        return text
    if unicodedata.normalize("NFC", legacy) != text and _non_ascii_score(legacy) >= _CLEAR_SCORE:
        return None  # TCVN3/VNI text read through cp1252 is just as plausible
    return text


def _mixed_error(others: list[int], unclear: list[int], source: str | Path) -> MixedEncodingError:
    return MixedEncodingError(
        Text("The file mixes encodings: it is UTF-8 except line(s) {others}, and line(s) {unclear} of these do not "
             "read clearly as Vietnamese Windows-1258 either.",
             "Tệp trộn nhiều bảng mã: tệp theo UTF-8, trừ (các) dòng {others}; trong số đó, (các) dòng {unclear} "
             "cũng không đọc rõ ràng được theo bảng mã tiếng Việt Windows-1258.",
             {"others": RowList(others), "unclear": RowList(unclear)}),
        source=source,
        fix=Text("Open the file, retype those lines (or copy them again from their source), and save the whole "
                 "file as 'CSV UTF-8'; or pass encoding= if the file really has one encoding.",
                 "Mở tệp, gõ lại các dòng đó (hoặc chép lại từ nguồn gốc) rồi lưu cả tệp thành 'CSV UTF-8'; "
                 "hoặc truyền encoding= nếu tệp thực sự chỉ dùng một bảng mã."),
    )


def _decode_lines(raw: bytes, source: str | Path, *, forced: bool = False) -> tuple[str, list[int]] | None:
    """Decode UTF-8 text with some Windows-1258 lines, line by line.

    Returns None when no line is UTF-8 with non-ASCII letters (the file is
    then a single-byte file); otherwise the text and the 1-based numbers of
    the lines read as Windows-1258.  Raises MixedEncodingError when one of
    those lines is not clearly Vietnamese Windows-1258.  ``forced`` decodes
    even without UTF-8 evidence (the codec label was given).
    """
    lines = raw.splitlines(keepends=True)  # CR and LF bytes never occur inside a UTF-8 sequence
    decoded: list[str | None] = []
    utf8_evidence = forced
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
            utf8_evidence = utf8_evidence or not line.isascii()
        except UnicodeDecodeError:
            decoded.append(None)
    if not utf8_evidence:
        return None
    others = [number for number, text in enumerate(decoded, 1) if text is None]
    for number in others:
        decoded[number - 1] = _cp1258_line(lines[number - 1])
    unclear = [number for number in others if decoded[number - 1] is None]
    if unclear:
        raise _mixed_error(others, unclear, source)
    return unicodedata.normalize("NFC", "".join(decoded)), others  # type: ignore[arg-type]


def _warn_mixed(lines: list[int], source: str | Path) -> None:
    warnings.warn(DataQualityWarning(Text(
        "File '{source}': the text on line(s) {lines} is not UTF-8 like the rest of the file; it was read as "
        "Vietnamese Windows-1258 (cp1258). Check those lines, and save the file as 'CSV UTF-8'.",
        "Tệp '{source}': (các) dòng {lines} không theo bảng mã UTF-8 như phần còn lại của tệp; công cụ đã đọc "
        "các dòng này theo bảng mã tiếng Việt Windows-1258 (cp1258). Hãy kiểm tra lại và lưu tệp thành "
        "'CSV UTF-8'.", {"source": source, "lines": RowList(lines)})), stacklevel=2)


def _utf8_or_mixed(raw: bytes, source: str | Path, *, bom: bool) -> tuple[str, str] | None:
    """Strict UTF-8, else UTF-8 with Windows-1258 lines (with a warning), else None.

    A UTF-8 byte-order mark (``bom``) counts as evidence of UTF-8 by itself.
    """
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _decode_lines(raw, source, forced=bom)
    if mixed is None:
        return None
    text, lines = mixed
    _warn_mixed(lines, source)
    return text, MIXED_UTF8_CP1258


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
    MixedEncodingError
        When the file is UTF-8 except lines that are not clearly Windows-1258.

    Warns
    -----
    DataQualityWarning
        When some lines of a UTF-8 file were read as Windows-1258 (the codec
        is then ``"utf-8+cp1258"``; pass it back as ``encoding=`` to decode
        the same way without the warning).

    Examples
    --------
    >>> decode_bytes("Giới tính".encode("utf-16"))
    ('Giới tính', 'utf-16')
    >>> decode_bytes(encode_cp1258("Hà Nội, Thành phố Hồ Chí Minh"))
    ('Hà Nội, Thành phố Hồ Chí Minh', 'cp1258')
    """
    if encoding == MIXED_UTF8_CP1258:
        text = _decode_lines(raw.removeprefix(codecs.BOM_UTF8), source, forced=True)[0]  # type: ignore[index]
        return text, encoding
    name = encoding or _from_bom(raw) or _utf16_without_bom(raw)
    if name is None or (name == "utf-8-sig" and not encoding):
        decoded = _utf8_or_mixed(raw.removeprefix(codecs.BOM_UTF8), source, bom=name is not None)
        if decoded is not None:
            text, codec = decoded
            return text, (name or codec) if codec == "utf-8" else codec
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


@dataclass(frozen=True, slots=True)
class TextScan:
    """What one pass over a UTF-8 file tells a columnar reader (see :func:`scan_utf8`)."""

    codec: str  # "utf-8-sig" or "utf-8"
    sha256: str
    lines: int  # line ends
    ends_with_newline: bool
    blank_line: bool  # an empty line, which the csv module reads as a row without cells
    head: str  # the first lines (up to about a megabyte), for the delimiter
    longest_line: int  # in bytes


def scan_utf8(stream: BinaryIO, block: int = 1 << 23, head_chars: int = 1 << 20) -> TextScan | None:
    """One pass over a text file: its hash, and whether it is strict UTF-8 already in NFC (else None).

    Such bytes decode, by :func:`decode_bytes`, to exactly the text they
    spell, so that a columnar reader can read them as they are.  The file is
    read block by block (cut at line ends), never held whole.

    Examples
    --------
    >>> import io
    >>> scan = scan_utf8(io.BytesIO(codecs.BOM_UTF8 + "Giới tính,Năm\\nNữ,2024\\n".encode()))
    >>> scan.codec, scan.lines, scan.ends_with_newline, scan.blank_line, scan.head.split(",")[0]
    ('utf-8-sig', 2, True, False, 'Giới tính')
    >>> scan_utf8(io.BytesIO(unicodedata.normalize("NFD", "Nguyễn").encode())) is None  # not NFC
    True
    """
    hasher, carry, lines, blank, head, first = hashlib.sha256(), b"", 0, False, [], True
    bom, last, longest = False, b"", 0
    while True:
        chunk = stream.read(block)
        hasher.update(chunk)
        last = chunk[-1:] or last
        data = carry + chunk
        cut = data.rfind(b"\n") + 1 if chunk else len(data)
        piece, carry = data[:cut], data[cut:]
        if first and piece:
            bom, piece = piece.startswith(codecs.BOM_UTF8), piece.removeprefix(codecs.BOM_UTF8)
        if piece:
            text = _clean_piece(piece)
            if text is None:
                return None
            lines += piece.count(b"\n")
            longest = max(longest, _longest_line(piece))
            blank = blank or b"\n\n" in piece or b"\n\r\n" in piece or piece.startswith((b"\n", b"\r\n"))
            if sum(map(len, head)) < head_chars:
                head.append(text)
            first = False
        if not chunk:
            break
    return TextScan("utf-8-sig" if bom else "utf-8", hasher.hexdigest(), lines, last == b"\n", blank,
                    "".join(head)[:head_chars], longest)


def _longest_line(piece: bytes) -> int:
    """The longest line of whole lines, in bytes (found with numpy, not line by line)."""
    ends = np.flatnonzero(np.frombuffer(piece, dtype=np.uint8) == 10)
    if not ends.size:
        return len(piece)
    starts = np.concatenate([[0], ends[:-1] + 1])
    return int(max((ends - starts).max(), len(piece) - ends[-1] - 1))


def _clean_piece(piece: bytes) -> str | None:
    """The text of whole lines of a file, if they are strict UTF-8 in NFC without NUL or byte-order marks."""
    if b"\x00" in piece:  # perhaps UTF-16 without a byte-order mark: decode_bytes decides
        return None
    try:
        text = piece.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\ufeff" in text or not unicodedata.is_normalized("NFC", text):
        return None
    return text
