"""Tests for tdkt_eval.io.legacy: TCVN3 / VNI-Windows detection and conversion.

The character tests derive every expectation WITHOUT the CSV tables:

* TCVN3: a byte -> code point literal typed here from the TCVN 5712:1993 VN3
  layout and cross-checked against the GNU C Library's TCVN5712-1 table
  (iconvdata/tcvn5712-1.c) and the XFree86 X-TrueType TCVNtoUCS2 table, plus
  a second literal giving each byte's intended base letter and marks, which is
  checked against the code point through unicodedata (composition and name).
* VNI-Windows: the keying rules (base letter + mark byte), composed with
  unicodedata from combining marks.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from tdkt_eval.io.legacy import (
    detect_legacy,
    tcvn3_to_unicode,
    to_unicode,
    vietnamese_score,
    vni_to_unicode,
)

DATA = Path(__file__).resolve().parents[1] / "tdkt_eval" / "io" / "data"

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONE_NAMES = {GRAVE: "GRAVE", ACUTE: "ACUTE", TILDE: "TILDE", HOOK: "HOOK ABOVE", DOT: "DOT BELOW"}
QUALITY_NAMES = {CIRCUMFLEX: "CIRCUMFLEX", BREVE: "BREVE", HORN: "HORN"}


def read_table(name: str) -> list[tuple[str, str, str]]:
    """Rows of a mapping CSV, read independently of the library loader."""
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(line for line in handle if not line.startswith("#")))
    assert rows[0] == ["legacy", "unicode", "unicode_name"]
    return [(legacy, uni, uname) for legacy, uni, uname in rows[1:]]


TCVN3_ROWS = read_table("tcvn3")
VNI_ROWS = read_table("vni")


# --- the Vietnamese alphabet, built from combining marks ----------------------
VOWELS = ["a", "a" + BREVE, "a" + CIRCUMFLEX, "e", "e" + CIRCUMFLEX, "i",
          "o", "o" + CIRCUMFLEX, "o" + HORN, "u", "u" + HORN, "y"]


def _lowercase_letters() -> set[str]:
    letters = {"\u0111"}  # đ has no decomposition
    for vowel in VOWELS:
        for tone in ("", GRAVE, ACUTE, TILDE, HOOK, DOT):
            letter = unicodedata.normalize("NFC", vowel + tone)
            if not letter.isascii():
                letters.add(letter)
    return letters


LOWER = _lowercase_letters()
UPPER = {letter.upper() for letter in LOWER}
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")


def test_alphabet_sizes() -> None:
    assert len(LOWER) == 67
    assert len(UPPER) == 67
    assert all(len(letter) == 1 for letter in LOWER | UPPER)


# --- TCVN3: independent literals ------------------------------------------------
# Byte -> Unicode code point (TCVN 5712:1993 VN3; cross-checked with glibc
# tcvn5712-1.c map_from_tcvn_high and XFree86 TCVNtoUCS2.c).
TCVN3_CODEPOINTS = {
    0xA1: 0x0102, 0xA2: 0x00C2, 0xA3: 0x00CA, 0xA4: 0x00D4, 0xA5: 0x01A0,
    0xA6: 0x01AF, 0xA7: 0x0110, 0xA8: 0x0103, 0xA9: 0x00E2, 0xAA: 0x00EA,
    0xAB: 0x00F4, 0xAC: 0x01A1, 0xAD: 0x01B0, 0xAE: 0x0111,
    0xB5: 0x00E0, 0xB6: 0x1EA3, 0xB7: 0x00E3, 0xB8: 0x00E1, 0xB9: 0x1EA1,
    0xBB: 0x1EB1, 0xBC: 0x1EB3, 0xBD: 0x1EB5, 0xBE: 0x1EAF, 0xC6: 0x1EB7,
    0xC7: 0x1EA7, 0xC8: 0x1EA9, 0xC9: 0x1EAB, 0xCA: 0x1EA5, 0xCB: 0x1EAD,
    0xCC: 0x00E8, 0xCE: 0x1EBB, 0xCF: 0x1EBD, 0xD0: 0x00E9, 0xD1: 0x1EB9,
    0xD2: 0x1EC1, 0xD3: 0x1EC3, 0xD4: 0x1EC5, 0xD5: 0x1EBF, 0xD6: 0x1EC7,
    0xD7: 0x00EC, 0xD8: 0x1EC9, 0xDC: 0x0129, 0xDD: 0x00ED, 0xDE: 0x1ECB,
    0xDF: 0x00F2, 0xE1: 0x1ECF, 0xE2: 0x00F5, 0xE3: 0x00F3, 0xE4: 0x1ECD,
    0xE5: 0x1ED3, 0xE6: 0x1ED5, 0xE7: 0x1ED7, 0xE8: 0x1ED1, 0xE9: 0x1ED9,
    0xEA: 0x1EDD, 0xEB: 0x1EDF, 0xEC: 0x1EE1, 0xED: 0x1EDB, 0xEE: 0x1EE3,
    0xEF: 0x00F9, 0xF1: 0x1EE7, 0xF2: 0x0169, 0xF3: 0x00FA, 0xF4: 0x1EE5,
    0xF5: 0x1EEB, 0xF6: 0x1EED, 0xF7: 0x1EEF, 0xF8: 0x1EE9, 0xF9: 0x1EF1,
    0xFA: 0x1EF3, 0xFB: 0x1EF7, 0xFC: 0x1EF9, 0xFD: 0x00FD, 0xFE: 0x1EF5,
}

# The layout as base letter + marks: toneless letters, then per vowel the
# bytes in VN3 order grave, hook, tilde, acute, dot below.
TCVN3_TONELESS = {
    0xA1: ("A", BREVE), 0xA2: ("A", CIRCUMFLEX), 0xA3: ("E", CIRCUMFLEX),
    0xA4: ("O", CIRCUMFLEX), 0xA5: ("O", HORN), 0xA6: ("U", HORN),
    0xA8: ("a", BREVE), 0xA9: ("a", CIRCUMFLEX), 0xAA: ("e", CIRCUMFLEX),
    0xAB: ("o", CIRCUMFLEX), 0xAC: ("o", HORN), 0xAD: ("u", HORN),
}
TCVN3_TONE_ORDER = (GRAVE, HOOK, TILDE, ACUTE, DOT)
TCVN3_TONED = {
    ("a", ""): (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    ("a", BREVE): (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    ("a", CIRCUMFLEX): (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    ("e", ""): (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    ("e", CIRCUMFLEX): (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    ("i", ""): (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    ("o", ""): (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    ("o", CIRCUMFLEX): (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    ("o", HORN): (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    ("u", ""): (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    ("u", HORN): (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    ("y", ""): (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}


def _tcvn3_descriptors() -> dict[int, tuple[str, str, str]]:
    """Byte -> (base letter, quality mark, tone mark); đ/Đ handled apart."""
    described = {byte: (base, quality, "") for byte, (base, quality) in TCVN3_TONELESS.items()}
    for (base, quality), codes in TCVN3_TONED.items():
        for byte, tone in zip(codes, TCVN3_TONE_ORDER, strict=True):
            described[byte] = (base, quality, tone)
    return described


TCVN3_DESCRIBED = _tcvn3_descriptors()
TCVN3_D_STROKE = {0xA7: "\u0110", 0xAE: "\u0111"}


def expected_name(base: str, quality: str, tone: str) -> str:
    """The Unicode name a precomposed Vietnamese letter must have."""
    case = "CAPITAL" if base.isupper() else "SMALL"
    name = f"LATIN {case} LETTER {base.upper()}"
    marks = [QUALITY_NAMES[quality]] if quality else []
    marks += [TONE_NAMES[tone]] if tone else []
    return name + (" WITH " + " AND ".join(marks) if marks else "")


def test_tcvn3_literals_agree_with_each_other() -> None:
    assert set(TCVN3_DESCRIBED) | set(TCVN3_D_STROKE) == set(TCVN3_CODEPOINTS)
    for byte, (base, quality, tone) in TCVN3_DESCRIBED.items():
        composed = unicodedata.normalize("NFC", base + quality + tone)
        assert composed == chr(TCVN3_CODEPOINTS[byte]), hex(byte)


@pytest.mark.parametrize(("legacy", "uni", "uname"), TCVN3_ROWS, ids=lambda v: repr(v))
def test_tcvn3_row(legacy: str, uni: str, uname: str) -> None:
    assert len(legacy) == 1
    byte = legacy.encode("latin-1")[0]
    assert legacy.encode("cp1252") == bytes([byte])  # no 0x80-0x9F ambiguity
    assert uni == chr(TCVN3_CODEPOINTS[byte])
    if byte in TCVN3_D_STROKE:
        assert uni == TCVN3_D_STROKE[byte]
        assert unicodedata.name(uni).endswith("LETTER D WITH STROKE")
    else:
        base, quality, tone = TCVN3_DESCRIBED[byte]
        assert unicodedata.name(uni) == expected_name(base, quality, tone)
        assert unicodedata.normalize("NFD", uni) == unicodedata.normalize(
            "NFD", base + quality + tone
        )
    assert uname == unicodedata.name(uni)
    assert tcvn3_to_unicode(legacy) == uni


def test_tcvn3_table_coverage() -> None:
    legacies = [legacy for legacy, _, _ in TCVN3_ROWS]
    assert len(legacies) == len(set(legacies))
    targets = [uni for _, uni, _ in TCVN3_ROWS]
    assert len(targets) == len(set(targets))
    assert set(targets) == LOWER | TCVN3_CAPITALS


# --- VNI: derived from the keying rules ------------------------------------------
VNI_TONE = {"ù": ACUTE, "ø": GRAVE, "û": HOOK, "õ": TILDE, "ï": DOT}
VNI_CIRCUMFLEX = {"â": "", "á": ACUTE, "à": GRAVE, "å": HOOK, "ã": TILDE, "ä": DOT}
VNI_BREVE = {"ê": "", "é": ACUTE, "è": GRAVE, "ú": HOOK, "ü": TILDE, "ë": DOT}
VNI_SINGLE = {
    "ô": "o" + HORN, "ö": "u" + HORN, "ñ": "\u0111",
    "í": "i" + ACUTE, "ì": "i" + GRAVE, "æ": "i" + HOOK, "ó": "i" + TILDE,
    "ò": "i" + DOT, "î": "y" + DOT,
}


def vni_expected(legacy: str) -> str:
    """Unicode letter for a VNI sequence, by the VNI keying rules."""
    upper = legacy.isupper()
    assert legacy == (legacy.upper() if upper else legacy.lower()), "mixed case"
    seq = legacy.lower()
    if len(seq) == 1:
        decomposed = VNI_SINGLE[seq]
    else:
        first, mark = seq
        if first in ("ô", "ö"):  # horn letter + tone byte
            decomposed = VNI_SINGLE[first] + VNI_TONE[mark]
        elif mark in VNI_TONE and first in "aeouy" and (first, mark) != ("y", "ï"):
            decomposed = first + VNI_TONE[mark]
        elif mark in VNI_CIRCUMFLEX and first in "aeo":
            decomposed = first + CIRCUMFLEX + VNI_CIRCUMFLEX[mark]
        elif mark in VNI_BREVE and first == "a":
            decomposed = first + BREVE + VNI_BREVE[mark]
        else:
            raise AssertionError(f"not a VNI keying: {legacy!r}")
    letter = unicodedata.normalize("NFC", decomposed)
    return letter.upper() if upper else letter


@pytest.mark.parametrize(("legacy", "uni", "uname"), VNI_ROWS, ids=lambda v: repr(v))
def test_vni_row(legacy: str, uni: str, uname: str) -> None:
    assert legacy.encode("cp1252") == legacy.encode("latin-1")
    assert uni == vni_expected(legacy)
    assert uni in LOWER | UPPER
    assert uname == unicodedata.name(uni)
    assert vni_to_unicode(legacy) == uni


def test_vni_table_coverage() -> None:
    legacies = [legacy for legacy, _, _ in VNI_ROWS]
    assert len(legacies) == len(set(legacies))
    targets = [uni for _, uni, _ in VNI_ROWS]
    assert len(targets) == len(set(targets))
    assert set(targets) == LOWER | UPPER


@pytest.mark.parametrize(
    ("name", "needle"), [("tcvn3", "TCVN 5712:1993"), ("vni", "VNI-Windows")]
)
def test_tables_cite_their_standard(name: str, needle: str) -> None:
    text = (DATA / f"{name}.csv").read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("#")
    assert needle in "\n".join(comments)
    assert any("Sources" in line for line in comments)


# --- anchors and sentences ---------------------------------------------------------
def test_anchor_examples() -> None:
    assert tcvn3_to_unicode("Hµ Néi") == "Hà Nội"
    assert tcvn3_to_unicode("Thµnh phè Hå ChÝ Minh") == "Thành phố Hồ Chí Minh"
    assert vni_to_unicode("Tyû leä khen thöôûng") == "Tỷ lệ khen thưởng"
    assert to_unicode("Hµ Néi") == "Hà Nội"
    assert to_unicode("Thµnh phè Hå ChÝ Minh") == "Thành phố Hồ Chí Minh"
    assert to_unicode("Tyû leä khen thöôûng") == "Tỷ lệ khen thưởng"


TCVN3_SENTENCES = [
    ("QuyÕt ®Þnh khen th\xadëng", "Quyết định khen thưởng"),
    ("B»ng khen cña Thñ t\xadíng ChÝnh phñ", "Bằng khen của Thủ tướng Chính phủ"),
    ("Tr\xadêng Trung häc phæ th«ng Lª Lîi", "Trường Trung học phổ thông Lê Lợi"),
    ("Danh hiÖu ChiÕn sÜ thi ®ua c¬ së", "Danh hiệu Chiến sĩ thi đua cơ sở"),
    ("§¹t 85% chØ tiªu", "Đạt 85% chỉ tiêu"),
]
VNI_SENTENCES = [
    ("Quyeát ñònh khen thöôûng", "Quyết định khen thưởng"),
    ("Baèng khen cuûa Thuû töôùng Chính phuû", "Bằng khen của Thủ tướng Chính phủ"),
    ("Tröôøng Trung hoïc phoå thoâng Leâ Lôïi", "Trường Trung học phổ thông Lê Lợi"),
    ("UÛy ban nhaân daân tænh", "Ủy ban nhân dân tỉnh"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
]


@pytest.mark.parametrize(("legacy", "expected"), TCVN3_SENTENCES)
def test_tcvn3_sentences(legacy: str, expected: str) -> None:
    assert tcvn3_to_unicode(legacy) == expected
    assert detect_legacy(legacy) == "tcvn3"
    assert to_unicode(legacy) == expected
    assert to_unicode(legacy, source="tcvn3") == expected


@pytest.mark.parametrize(("legacy", "expected"), VNI_SENTENCES)
def test_vni_sentences(legacy: str, expected: str) -> None:
    assert vni_to_unicode(legacy) == expected
    assert detect_legacy(legacy) == "vni"
    assert to_unicode(legacy) == expected
    assert to_unicode(legacy, source="vni") == expected


ADMIN_TEXT = [
    "Quyết định khen thưởng cho tập thể lao động xuất sắc năm 2023",
    "Giấy khen của Giám đốc Sở Giáo dục và Đào tạo",
    "Huân chương Lao động hạng Ba",
    "Số lượng cá nhân được đề nghị khen thưởng: 15 người",
    "Tỷ lệ hoàn thành xuất sắc nhiệm vụ đạt 85%",
    "Phong trào thi đua yêu nước của UBND huyện Thạch Thất",
    "Số 45/QĐ-UBND ngày 12 tháng 3 năm 2023",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Cán bộ, công chức, viên chức",
    "HĐND xã",
    "Không",
    "Rất hài lòng",
]


def _encoder(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    reverse: dict[str, str] = {}
    for legacy, uni, _ in rows:
        reverse.setdefault(uni, legacy)
    return reverse


@pytest.mark.parametrize("rows", [TCVN3_ROWS, VNI_ROWS], ids=["tcvn3", "vni"])
@pytest.mark.parametrize("sentence", ADMIN_TEXT)
def test_round_trip_through_legacy(rows: list[tuple[str, str, str]], sentence: str) -> None:
    reverse = _encoder(rows)
    legacy = "".join(reverse.get(ch, ch) for ch in sentence)
    assert legacy != sentence
    assert to_unicode(legacy) == sentence
    assert to_unicode(sentence) == sentence


# --- detection ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "",
        "2023-05-01",
        "1.234,5",
        "The annual report was approved by the board.",
        "Café",
        "Müller",
        "Jürgen Müller",
        "François Lefèvre",
        "Hélène Dupont",
        "José García",
        "Straße",
        "São Paulo",
        "naïve café",
        "Où est la gare",
        "Smith & Co®",
        "Price: £5 (approx. ½)",
        "© 2023",
        "50 µg",
        "Nguyễn Thị Bé",
        "Bé Ba",
        "Lê Bá Tùng",
        "Có",
        "Không",
        "Cô giáo",
        "Giá 5 £",
        "Ha\u0300 No\u0302\u0323i",
        "ESPAÑA",
        "SEÑOR Muñoz",
        "Göttingen Köln Malmö",
        "Schröder & Bäcker GmbH",
    ],
)
def test_detection_negatives(text: str) -> None:
    assert detect_legacy(text) == "unicode"
    assert to_unicode(text) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Néi", "tcvn3"),
        ("§¹t", "tcvn3"),
        ("Kh¸", "tcvn3"),
        ("H§ND x·", "tcvn3"),
        ("Sè 45/Q§-UBND", "tcvn3"),
        ("Traàn Thò Bích", "vni"),
        ("Nguyeãn Vaên An", "vni"),
        ("Khoâng", "vni"),  # TCVN3 would also give a syllable ("Khoõng")
        ("Khaù", "vni"),  # read as Unicode, the tone would sit on a glide
        ("Soá 45/QÑ-UBND", "vni"),
    ],
)
def test_detection_positives(text: str, expected: str) -> None:
    assert detect_legacy(text) == expected


@pytest.mark.parametrize("text", ["Cã", "Giái"])
def test_single_valid_looking_word_is_left_alone(text: str) -> None:
    # TCVN3 for "Có" / "Giỏi", but also well-formed Unicode syllables: a
    # lone cell cannot tell, and false conversions are worse than misses.
    assert detect_legacy(text) == "unicode"
    assert to_unicode(text, source="tcvn3") in {"Có", "Giỏi"}


def test_to_unicode_returns_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Bình")
    assert to_unicode(decomposed) == "Nguyễn Văn Bình"
    assert unicodedata.is_normalized("NFC", to_unicode("Hµ Néi"))


def test_to_unicode_rejects_unknown_source() -> None:
    with pytest.raises(ValueError, match="source"):
        to_unicode("abc", source="viscii")  # type: ignore[arg-type]


def test_unknown_characters_pass_through() -> None:
    assert tcvn3_to_unicode("25 °C € ± x") == "25 °C € ± x"
    assert vni_to_unicode("25 °C € ± x") == "25 °C € ± x"
    assert to_unicode("plain ascii", source="vni") == "plain ascii"


def test_conversion_is_idempotent_on_output() -> None:
    for legacy, expected in TCVN3_SENTENCES + VNI_SENTENCES:
        assert to_unicode(to_unicode(legacy)) == expected


# --- vietnamese_score ----------------------------------------------------------------
def test_score_no_words_is_one() -> None:
    assert vietnamese_score("") == 1.0
    assert vietnamese_score("2023 - 05 / 01") == 1.0


@pytest.mark.parametrize(
    "word",
    ["người", "rượu", "khuya", "khuỷu", "quyết", "giữa", "gì", "nghiêng",
     "hoặc", "xoong", "Trường", "VIỆT", "khen", "thuong", "Nam",
     "hóa", "hoá", "thủy", "thuỷ", "khỏe", "của", "quả", "thuở", "người"],
)
def test_score_accepts_vietnamese_syllables(word: str) -> None:
    assert vietnamese_score(word) == 1.0


@pytest.mark.parametrize(
    "word",
    ["report", "Müller", "ChÝ", "vIệt", "thửụỷng", "hóà", "ka", "nge", "màt", "bảch",
     "khaù", "hòang", "qúa", "ngửơi"],
)
def test_score_rejects_non_syllables(word: str) -> None:
    assert vietnamese_score(word) == 0.0


def test_score_is_a_share() -> None:
    assert vietnamese_score("the report") == 0.5
    assert 0.0 <= vietnamese_score("Hµ Néi and more") <= 1.0
