"""Detect and convert legacy Vietnamese font encodings (TCVN3 and VNI-Windows).

Before Unicode, Vietnamese documents were typed with 8-bit "font encodings":
TCVN3 (TCVN 5712:1993 VN3, the ".VnTime" fonts of the ABC keyboard, common
in the north) and VNI-Windows (the "VNI-Times" fonts, common in the south).
When such a spreadsheet is read today, its cells show Latin-1 mojibake such as
``"Hµ Néi"`` (TCVN3 for "Hà Nội") or ``"Tyû leä"`` (VNI for "Tỷ lệ").

The mapping tables live in ``tdkt_eval/io/data/tcvn3.csv`` and ``vni.csv``;
they are read once, lazily.  Every public function is cheap for plain ASCII
and for ordinary Unicode Vietnamese, so they can run on every text cell.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from importlib.resources import files
from typing import Literal

__all__ = [
    "Encoding",
    "column_source",
    "detect_legacy",
    "tcvn3_to_unicode",
    "to_unicode",
    "vietnamese_score",
    "vni_to_unicode",
]

Encoding = Literal["unicode", "tcvn3", "vni"]

_DATA_PACKAGE = "tdkt_eval.io"
_COLUMNS = ["legacy", "unicode", "unicode_name"]

# Characters that only Unicode Vietnamese uses: ă đ ĩ ũ ơ ư (both cases), the
# Latin Extended Additional block U+1EA0-U+1EF9 and the five combining tone
# marks of decomposed (NFD) text.
_VIET_UNICODE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
# The Latin-1 letters that NFC Vietnamese itself uses.
_VIET_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Every other Latin-1 letter: a real conversion never leaves one behind.
_LATIN1_LETTERS = {chr(code) for code in range(0xC0, 0x100)} - {"×", "÷"}
_FOREIGN_LATIN1 = re.compile("[{}]".format("".join(sorted(_LATIN1_LETTERS - _VIET_LATIN1))))

# Candidate "words" of legacy text: runs between white space, ASCII
# punctuation and digits (legacy marker characters such as "·" or "¸" are
# punctuation in Unicode, so a letter-only pattern would split them off).
_TOKEN = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")
# Alphabetic word tokens of (NFC) Unicode text.
_WORD = re.compile(r"[^\W\d_]+")

# Decision thresholds of detect_legacy (see its Notes section).
_MAJORITY = 0.5
_CONFIDENT_SCORE = 0.8
_CLEAR_GAIN = 0.25
_MAX_ABBREVIATION = 6
_VOWEL_BASES = frozenset("AEIOUY")

# --- Vietnamese syllable structure -------------------------------------------
_TONES = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0303": "tilde",
    "\u0309": "hook",
    "\u0323": "dot",
}
_QUALITY_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex, breve, horn
_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x"
_NUCLEI = (
    "uyê uya iê yê uô ươ ia ua ưa oa oă oe oo uâ uê uy uơ "
    "a ă â e ê i o ô ơ u ư y"
)
_CODAS = "ch ng nh c m n p t i y o u"
_ONSET_LIST = ("", *_ONSETS.split())
# (nucleus, the same without diacritics): undiacritised words such as
# "thuong" are matched against the stripped spelling.
_NUCLEUS_FORMS = tuple(
    (nucleus, "".join(ch for ch in unicodedata.normalize("NFD", nucleus) if ch.isascii()))
    for nucleus in _NUCLEI.split()
)
_CODA_SET = frozenset(_CODAS.split())
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})
_STOP_TONES = frozenset({None, "acute", "dot"})
_NEEDS_CODA = frozenset({"ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "oo", "uyê"})
_OPEN_ONLY = frozenset({"ia", "ua", "ưa", "uya"})
# Which nucleus endings each semivowel coda may follow (ai, ôi, ươi, ay, ây,
# ao, eo, oeo, au, âu, êu, iu, iêu, ưu, ươu, uyu ...).
_GLIDE_AFTER = {
    "i": frozenset("aoôơuư"),
    "y": frozenset("aâ"),
    "o": frozenset("ae"),
    "u": frozenset("aâêiưy"),
}
_FRONT_ONSETS = frozenset({"k", "gh", "ngh"})  # only before i, e, ê, y
_BACK_ONSETS = frozenset({"c", "ng"})  # never before i, e, ê, y
_FRONT_VOWELS = frozenset("ieêy")
_TONE_FIRST = frozenset({"ia", "ua", "ưa"})
_TONE_EITHER = frozenset({"oa", "oe", "uy"})
_TONE_ANY = frozenset({"uya"})


# --- tables --------------------------------------------------------------------
@functools.cache
def _load_table(name: str) -> dict[str, str]:
    """Read ``data/<name>.csv`` into a ``{legacy: unicode}`` mapping."""
    resource = files(_DATA_PACKAGE).joinpath("data").joinpath(f"{name}.csv")
    with resource.open("r", encoding="utf-8", newline="") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        header = next(rows, None)
        if header != _COLUMNS:
            raise ValueError(f"{name}.csv: expected columns {_COLUMNS}, got {header}")
        return {legacy: uni for legacy, uni, _name in rows}


@functools.cache
def _tcvn3_translation() -> dict[int, str]:
    return {ord(legacy): uni for legacy, uni in _load_table("tcvn3").items()}


@functools.cache
def _vni_pattern() -> re.Pattern[str]:
    keys = sorted(_load_table("vni"), key=len, reverse=True)  # longest first
    return re.compile("|".join(map(re.escape, keys)))


@functools.cache
def _marker_pattern() -> re.Pattern[str]:
    legacy = "".join(_load_table("tcvn3")) + "".join(_load_table("vni"))
    markers = sorted({ch for ch in legacy if not ch.isascii()})
    return re.compile("[" + re.escape("".join(markers)) + "]")


# --- conversion ----------------------------------------------------------------
def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC, ``.VnTime`` fonts) text to NFC Unicode.

    Parameters
    ----------
    text : str
        Text whose TCVN3 bytes were decoded as Latin-1 / Windows-1252.

    Returns
    -------
    str
        NFC text; characters outside the table pass through unchanged.

    Notes
    -----
    TCVN3 has only seven capitals (Ă Â Ê Ô Ơ Ư Đ). Tone-marked capitals were
    typed with the capitals-only ``.VnTimeH`` fonts on the lowercase codes, so
    such headings convert to lowercase accented letters (``"CéNG"`` ->
    ``"CộNG"``).

    Examples
    --------
    >>> tcvn3_to_unicode("Hµ Néi")
    'Hà Nội'
    >>> tcvn3_to_unicode("Thµnh phè Hå ChÝ Minh")
    'Thành phố Hồ Chí Minh'
    >>> tcvn3_to_unicode("§¹i héi thi ®ua")
    'Đại hội thi đua'
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text.translate(_tcvn3_translation()))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows (``VNI-Times`` fonts) text to NFC Unicode.

    VNI writes most letters as a base letter followed by a mark character, so
    the table is matched longest sequence first.

    Parameters
    ----------
    text : str
        Text whose VNI bytes were decoded as Latin-1 / Windows-1252.

    Returns
    -------
    str
        NFC text; characters outside the table pass through unchanged.

    Examples
    --------
    >>> vni_to_unicode("Tyû leä khen thöôûng")
    'Tỷ lệ khen thưởng'
    >>> vni_to_unicode("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM")
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
    """
    if text.isascii():
        return text
    table = _load_table("vni")
    converted = _vni_pattern().sub(lambda match: table[match.group()], text)
    return unicodedata.normalize("NFC", converted)


_CONVERTERS: dict[Literal["tcvn3", "vni"], Callable[[str], str]] = {
    "tcvn3": tcvn3_to_unicode,
    "vni": vni_to_unicode,
}


# --- plausibility ----------------------------------------------------------------
def _has_valid_case(word: str) -> bool:
    """True for lower case, all caps, or one leading capital."""
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _split_tone(word: str) -> tuple[str, str | None, int] | None:
    """Strip the tone mark from a lower-case NFC word.

    Returns the toneless word, the tone name (``None`` if untoned) and the
    index of the letter that carried it; ``None`` if the word has two tone
    marks or a mark Vietnamese does not use.
    """
    letters: list[str] = []
    tone: str | None = None
    where = -1
    for index, ch in enumerate(word):
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = [mark for mark in marks if mark in _TONES]
        quality = "".join(mark for mark in marks if mark in _QUALITY_MARKS)
        if len(tones) + len(quality) != len(marks) or (tones and (tone or len(tones) > 1)):
            return None
        if tones:
            tone, where = _TONES[tones[0]], index
        letters.append(unicodedata.normalize("NFC", base + quality) if quality else base)
    return "".join(letters), tone, where


def _fits_structure(onset: str, nucleus: str, coda: str, tone: str | None) -> bool:
    """Phonotactic checks on one (onset, nucleus, coda) reading."""
    if coda in _STOP_CODAS and tone not in _STOP_TONES:
        return False
    if coda in _GLIDE_AFTER and nucleus[-1] not in _GLIDE_AFTER[coda] and nucleus != "ươ":
        return False
    if coda in ("ch", "nh") and nucleus[-1] not in "aêiy":
        return False
    if nucleus in _NEEDS_CODA and not coda:
        return False
    if nucleus in _OPEN_ONLY and coda:
        return False
    if onset in _FRONT_ONSETS and nucleus[0] not in _FRONT_VOWELS:
        return False
    return not (onset in _BACK_ONSETS and nucleus[0] in _FRONT_VOWELS)


def _tone_well_placed(nucleus: str, coda: str, offset: int) -> bool:
    """Whether the tone sits on the right vowel of the nucleus.

    ``offset`` is the toned letter's index within the nucleus.  The tone is
    never on the onset or the coda; "ia ua ưa" take it on the first vowel,
    "iê uô ươ ..." on the second, and "oa oe uy" on either when open
    (hóa / hoá) but on the second before a coda (hoàng).
    """
    if not 0 <= offset < len(nucleus):
        return False
    if nucleus in _TONE_FIRST:
        return offset == 0
    if nucleus in _TONE_EITHER:
        return offset == 1 or not coda
    return nucleus in _TONE_ANY or offset == len(nucleus) - 1


def _readings(toneless: str) -> Iterator[tuple[str, str, str]]:
    """Every (onset, nucleus, coda) split of a toneless lower-case word.

    An ASCII-only word is read as if typed without diacritics: its vowels
    may stand for any nucleus with the same undiacritised spelling.
    """
    plain = toneless.isascii()
    for onset in _ONSET_LIST:
        if not toneless.startswith(onset):
            continue
        rest = toneless[len(onset) :]
        for nucleus, stripped in _NUCLEUS_FORMS:
            spelled = stripped if plain else nucleus
            if rest.startswith(spelled):
                coda = rest[len(spelled) :]
                if not coda or coda in _CODA_SET:
                    yield onset, nucleus, coda


@functools.lru_cache(maxsize=65_536)
def _is_syllable(word: str) -> bool:
    """Whether one alphabetic word is a plausible Vietnamese syllable."""
    if not _has_valid_case(word):
        return False
    split = _split_tone(word.lower())
    if split is None:
        return False
    toneless, tone, where = split
    return any(
        _fits_structure(onset, nucleus, coda, tone)
        and (tone is None or _tone_well_placed(nucleus, coda, where - len(onset)))
        for onset, nucleus, coda in _readings(toneless)
    )


def vietnamese_score(text: str) -> float:
    """Share of alphabetic words that are plausible Vietnamese syllables.

    A word is plausible when it splits into an onset from the Vietnamese
    onset set, an allowed vowel nucleus and an optional coda (c ch m n ng nh
    p t i y o u), carries at most one tone mark, and is lower case, all caps
    or capitalised.  Words typed without diacritics count when they fit.

    Parameters
    ----------
    text : str
        Any text; it is NFC-normalised first.

    Returns
    -------
    float
        Value in [0, 1]; 1.0 when the text has no alphabetic words.

    Examples
    --------
    >>> vietnamese_score("Thành phố Hồ Chí Minh")
    1.0
    >>> vietnamese_score("Hµ Néi")
    0.0
    >>> vietnamese_score("the report")
    0.5
    >>> vietnamese_score("2023-05-01")
    1.0
    """
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    if not words:
        return 1.0
    return sum(map(_is_syllable, words)) / len(words)


# --- detection -----------------------------------------------------------------
def _is_plain(text: str) -> bool:
    """Cheap pre-check: ASCII, Unicode Vietnamese, or no legacy marker at all."""
    if text.isascii() or _VIET_UNICODE.search(text):
        return True
    return _marker_pattern().search(text) is None


def _marker_tokens(text: str) -> list[str]:
    """Multi-character tokens that contain a legacy marker character."""
    marker = _marker_pattern()
    return [tok for tok in _TOKEN.findall(text) if len(tok) > 1 and marker.search(tok)]


def _is_abbreviation(word: str) -> bool:
    """All-caps short forms such as "UBND", "THCS" or "QĐ" (one vowel at most)."""
    if not (2 <= len(word) <= _MAX_ABBREVIATION and word.isalpha() and word.isupper()):
        return False
    if _FOREIGN_LATIN1.search(word) or _marker_pattern().search(word):
        return False
    return sum(ch in _VOWEL_BASES for ch in unicodedata.normalize("NFD", word)) <= 1


def _is_word_like(token: str) -> bool:
    return _is_syllable(token) or _is_abbreviation(token)


def _share_word_like(tokens: list[str]) -> float:
    """Share of ``tokens`` that are syllables or abbreviations (1.0 if none)."""
    return sum(map(_is_word_like, tokens)) / len(tokens) if tokens else 1.0


def _profile(text: str) -> tuple[float, float]:
    """(vietnamese_score, share of words that are syllables or abbreviations)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    return vietnamese_score(text), _share_word_like(words)


def _rank(
    text: str, convert: Callable[[str], str], tokens: list[str]
) -> tuple[float, float, int] | None:
    """Ranking key of one conversion of ``text``, or ``None`` if it fails.

    A conversion fails when it changes nothing, leaves a non-Vietnamese
    Latin-1 letter behind, does not beat the original (higher
    :func:`vietnamese_score`, or the same score with more words recognised
    once all-caps abbreviations count), or leaves a majority of the marker
    tokens or of all words unrecognised.  Higher keys are better: score,
    then marker-token share, then the shorter output (VNI merges a base
    letter and its mark, so a tie favours it).
    """
    converted = convert(text)
    if converted == text or _FOREIGN_LATIN1.search(converted):
        return None
    base = _profile(text)
    score, coverage = _profile(converted)
    share = _share_word_like([convert(tok) for tok in tokens])
    if (score, coverage) <= base or share <= _MAJORITY or coverage <= _MAJORITY:
        return None
    latin1_only = all(ch.isascii() or ch in _VIET_LATIN1 for ch in text)
    if latin1_only and (coverage < _CONFIDENT_SCORE or score - base[0] < _CLEAR_GAIN):
        return None
    return score, share, -len(converted)


@functools.lru_cache(maxsize=8192)
def _detect_slow(text: str) -> Encoding:
    tokens = _marker_tokens(text)
    if not tokens:
        return "unicode"
    best: Encoding = "unicode"
    best_key: tuple[float, float, int] | None = None
    for name, convert in _CONVERTERS.items():
        key = _rank(text, convert, tokens)
        if key is not None and (best_key is None or key > best_key):
            best, best_key = name, key
    return best


def detect_legacy(text: str) -> Encoding:
    """Guess whether ``text`` is Unicode, TCVN3 or VNI-Windows mojibake.

    Parameters
    ----------
    text : str
        One cell or line of text.

    Returns
    -------
    {"unicode", "tcvn3", "vni"}
        ``"unicode"`` for plain ASCII, other languages and text that already
        is Unicode Vietnamese.

    Notes
    -----
    Any Vietnamese-only Unicode character (ă đ ĩ ũ ơ ư, U+1EA0-U+1EF9 or a
    combining tone mark) means Unicode, and so does the absence of every
    legacy marker character.  Otherwise a conversion qualifies when it

    * beats the original's :func:`vietnamese_score` (a tie is broken by
      counting all-caps abbreviations such as "UBND", "QĐ" as words),
    * leaves no non-Vietnamese Latin-1 letter (ü, ß, ç ...) behind, and
    * turns a majority of the marker-bearing tokens, and of all words, into
      plausible syllables or all-caps abbreviations ("UBND", "QĐ").

    The qualifying conversion with the highest score wins.  Text that holds
    only ASCII and the Latin-1 letters NFC Vietnamese itself uses
    (``"Bé Ba"``, ``"Café"``) must in addition reach 80 % plausible words and
    gain at least 0.25 in score.  Results of this slower path are cached,
    which suits the repeated values of survey columns.  A single foreign
    word that spells a Vietnamese syllable in VNI (``"Loïc"`` reads as
    "Lọc") cannot be told apart and is converted.

    Examples
    --------
    >>> detect_legacy("Hµ Néi")
    'tcvn3'
    >>> detect_legacy("Tyû leä khen thöôûng")
    'vni'
    >>> detect_legacy("Nguyễn Thị Bé")
    'unicode'
    >>> detect_legacy("Café Müller")
    'unicode'
    """
    if _is_plain(text):
        return "unicode"
    return _detect_slow(text)


def to_unicode(text: str, source: Literal["auto", "tcvn3", "vni"] = "auto") -> str:
    """Return ``text`` as NFC Unicode, converting legacy encodings.

    Parameters
    ----------
    text : str
        One cell or line of text.
    source : {"auto", "tcvn3", "vni"}, default "auto"
        Legacy encoding of ``text``; ``"auto"`` runs :func:`detect_legacy`.

    Returns
    -------
    str
        NFC text.

    Raises
    ------
    ValueError
        If ``source`` is not one of the accepted values.

    Examples
    --------
    >>> to_unicode("Hµ Néi")
    'Hà Nội'
    >>> to_unicode("Tyû leä khen thöôûng")
    'Tỷ lệ khen thưởng'
    >>> to_unicode("Müller")
    'Müller'
    >>> to_unicode("Ne\u0302\u0301u") == "Nếu"
    True
    """
    if source == "auto":
        detected = detect_legacy(text)
        return _nfc(text) if detected == "unicode" else _CONVERTERS[detected](text)
    if source not in _CONVERTERS:
        raise ValueError(f"source must be 'auto', 'tcvn3' or 'vni', not {source!r}")
    return _CONVERTERS[source](text)


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def column_source(texts: Iterable[str]) -> Literal["auto", "tcvn3", "vni"]:
    """Decide the legacy encoding of a whole column, or "auto" to decide per cell.

    A short cell such as "Ghi chó" reads as Unicode ("chó") and as TCVN3
    ("chú") alike; the column settles it.  A column is taken as one legacy
    encoding when at least half of its distinct non-ASCII cells read as that
    encoding and none holds a character only Unicode Vietnamese has.

    Examples
    --------
    >>> column_source(["Ghi chó", "Hµ Néi", "Thµnh phè"])
    'tcvn3'
    >>> column_source(["Ghi chó", "Hà Nội"])
    'auto'
    """
    distinct = {t for t in texts if not t.isascii()}
    if not distinct or any(_VIET_UNICODE.search(t) for t in distinct):
        return "auto"
    votes = Counter(detect_legacy(t) for t in distinct)
    votes.pop("unicode", None)
    if votes:
        encoding, count = votes.most_common(1)[0]
        if count >= len(distinct) / 2:
            return encoding
    return "auto"
