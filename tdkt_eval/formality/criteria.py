"""Measurable criteria: does a registered emulation criterion name a target?

The clusters article complains that criteria are "more qualitative than quantitative"
(domain primer, section 2, row 3).  :func:`criteria_measurability` sorts each criterion into
*measurable* (it names a number with a unit, a percentage, a deadline, a bound, a ranking or a
zero-incident target) or *vague* ("thực hiện tốt", "nâng cao chất lượng", "tích cực hưởng
ứng"), and gives the share of measurable criteria per movement and per unit.

The classifier is a list of named regular expressions, kept as data:

* :data:`NOT_TARGET_RULES` blank out numbers that are not targets (article and decree
  numbers, years and periods, places and ordinals, ages, slogans such as "3 tốt");
* :data:`TARGET_RULES` then look for a target in what is left.  The first rule that fires,
  in table order, is the ``reason``; all of them are listed in ``rules``.

Every rule carries an example it fires on and a counterexample it does not fire on, and the
tests check both.  Rules are written in lower-case Vietnamese with diacritics and compiled
twice: as written, for text typed with diacritics, and with the diacritics stripped
(:func:`tdkt_eval.io.text.fold`), for text typed without them ("dat 90% ke hoach").  A text
counts as typed with diacritics when at least half of its words carry one; it is then matched
with the accented rules only, so that "bà con" is never read as "ba con" (three of them).

Decisions (documented so that users can disagree with them):

* a bare year is the emulation period, not a deadline: "hoàn thành trong năm 2024" and
  "đến năm 2025" are not targets; a deadline names a day, a month or a quarter;
* "không để xảy ra …", "không có trường hợp …" are zero targets and count as measurable;
* "hoàn thành toàn bộ/tất cả chỉ tiêu" counts (it refers to the registered numeric targets),
  "hoàn thành các chỉ tiêu được giao" does not;
* titles and standards ("đạt danh hiệu Tập thể lao động xuất sắc", "đạt chuẩn nông thôn
  mới") and frequencies without a count ("định kỳ hằng quý") are not targets;
* numbers in quotation marks are taken as names of movements or slogans, and a number
  directly followed by a unit or "%" is always a count, never a name ("hướng dẫn 30 doanh
  nghiệp" is a target, "Hướng dẫn 30" is a document);
* counts of themes ("3 đột phá", "5 nhiệm vụ trọng tâm") are not targets: a count needs a
  unit from a fixed list or an action verb before it ("thu hút 3 dự án");
* spelled-out numerals ("hai mô hình") are read only in text with diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._results import Result
from ..errors import MissingColumnError, MissingValueError
from ..io.text import fold, nfc

__all__ = ["Rule", "NOT_TARGET_RULES", "TARGET_RULES", "NO_TARGET", "Verdict", "MeasurabilityResult",
           "classify_criterion", "criteria_measurability"]

#: The ``reason`` of a criterion on which no target rule fired.
NO_TARGET = "no target, number or deadline"
#: A text is matched with diacritics when at least this share of its words carry one.
ACCENTED_SHARE = 0.5
_MASK = " § "
_WORD = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")
_PUNCT = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                        "％": "%", "\u00a0": " ", "–": "-", "—": "-"})


def _strip_marks(pattern: str) -> str:
    """The pattern without diacritics (đ → d), case kept so that regex escapes survive."""
    decomposed = unicodedata.normalize("NFD", pattern.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Rule:
    """One named regular expression of the classifier.

    Attributes
    ----------
    name : str
        Short identifier, used as the ``reason`` of a criterion.
    description : str
        What the rule recognises, in words.
    pattern : str
        The regular expression, in lower-case Vietnamese with diacritics.
    example, counterexample : str
        A criterion the rule fires on and one it must not fire on.
    accented, folded : re.Pattern
        ``pattern`` compiled as written and with its diacritics stripped.
    """

    name: str
    description: str
    pattern: str
    example: str
    counterexample: str
    accented: re.Pattern = field(init=False, repr=False, compare=False)
    folded: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "accented", re.compile(self.pattern))
        folded = _strip_marks(self.pattern.replace(_SPELLED, _NEVER))
        object.__setattr__(self, "folded", re.compile(folded))

    def compiled(self, accented: bool) -> re.Pattern:
        """The form of the rule that matches text typed with (True) or without diacritics."""
        return self.accented if accented else self.folded

    def fires(self, text: str) -> bool:
        """Whether this rule alone matches ``text`` (other rules are not applied).

        Examples
        --------
        >>> TARGET_RULES[0].fires("Hoàn thành trước ngày 30/6")
        True
        """
        prepared, accented = _prepare(text)
        return self.compiled(accented).search(prepared) is not None


# --- building blocks ------------------------------------------------------------------------
_NUM = r"(?<![\w.,/])\d+(?:[.,]\d{3})*(?:[.,]\d+)?"
# Spelled numerals: "năm" (five/year) is left out, and they are matched only in text with
# diacritics: without them "ba", "tam", "sau" are as often "bà", "tấm", "sau" as 3, 8, 6.
_SPELLED = r"(?<!\w)(?:một|hai|ba|bốn|sáu|bảy|tám|chín|mười)"
_NEVER = r"(?!x)x"
_UNITS = (
    # people and households
    "người", "lượt người", "lượt", "hộ", "hộ gia đình", "gia đình", "cán bộ", "công chức", "viên chức",
    "đảng viên", "hội viên", "đoàn viên", "thanh niên", "học sinh", "sinh viên", "giáo viên", "trẻ",
    "trẻ em", "cháu", "bệnh nhân", "người bệnh", "lao động", "công nhân", "nông dân", "thành viên",
    "cá nhân", "tập thể", "chiến sĩ", "tình nguyện viên",
    # organisations and places
    "đơn vị", "cơ quan", "doanh nghiệp", "hợp tác xã", "htx", "tổ hợp tác", "xã", "phường", "thị trấn",
    "thôn", "ấp", "bản", "tổ", "khu dân cư", "làng", "trường", "lớp", "cơ sở", "trạm", "chi bộ", "chi hội",
    "câu lạc bộ", "clb", "đội", "tuyến", "tuyến đường", "cầu", "nhà văn hóa", "điểm",
    # outputs and events
    "mô hình", "điển hình", "gương", "sáng kiến", "đề tài", "công trình", "phần việc", "việc làm", "việc",
    "sản phẩm", "hồ sơ", "thủ tục", "văn bản", "tin", "bài", "tin bài", "phóng sự", "buổi", "cuộc",
    "hội nghị", "hội thi", "hội thao", "lớp tập huấn", "đợt", "lần", "chuyến", "ngày", "ngày công", "tuần",
    "suất", "suất quà", "phần quà", "căn", "căn nhà", "nhà", "ngôi nhà", "phòng học", "chiếc", "cây",
    "cây xanh", "máy", "camera", "giải", "huy chương", "chỉ tiêu", "tiêu chí", "vụ", "ca", "trường hợp",
    "đơn", "đơn thư", "mũi", "liều", "giường", "cuốn", "quyển", "tài liệu", "thẻ", "giếng", "bể",
    # money and measures
    "đồng", "nghìn đồng", "ngàn đồng", "triệu", "triệu đồng", "tỷ", "tỉ", "tỷ đồng", "tỉ đồng", "usd",
    "km", "ki-lô-mét", "mét", "m", "m2", "m²", "m3", "ha", "héc-ta", "hecta", "tấn", "tạ", "kg", "lít",
)
_UNIT = "(?:" + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True)) + r")(?!\w)"
_NUMBER_END = r"(?![\w/]|[.,]\d)"  # the number ends here (a full stop may follow)
_NOT_A_COUNT = rf"(?!\s*(?:%|phần trăm|{_UNIT}))"
_COUNT_AHEAD = rf"(?!\d+(?:[.,]\d+)*\s*(?:%|phần trăm|{_UNIT}))"  # the number is a count
_DATE = r"\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{2,4})?|\d{1,2}\s+tháng\s+\d{1,2}"
_ZERO_NOUNS = ("trường hợp", "vụ", "ca", "cán bộ", "công chức", "viên chức", "đảng viên", "người lao động",
               "học sinh", "đơn thư", "khiếu nại", "khiếu kiện", "tố cáo", "vi phạm", "sai phạm", "sai sót",
               "tai nạn", "cháy", "tội phạm", "tệ nạn", "ma túy", "hồ sơ", "tập thể", "cá nhân", "chỉ tiêu",
               "sản phẩm", "hộ", "người", "xã", "thôn", "đơn vị", "dịch", "ổ dịch", "nợ")
_ZERO = "(?:" + "|".join(sorted(_ZERO_NOUNS, key=len, reverse=True)) + ")"

#: Numbers that are not targets; they are blanked out (in this order) before the target rules run.
NOT_TARGET_RULES: tuple[Rule, ...] = (
    Rule("quoted_name", "a number inside quotation marks: the name of a movement or a slogan",
         r"\"[^\"]*\d[^\"]*\"|'[^']*\d[^']*'",
         'Thực hiện phương châm "3 tốt" trong toàn cơ quan.', "Xây dựng 3 mô hình mới."),
    Rule("document_code", "the number of a legal document (98/2023/NĐ-CP, 12/KH-UBND, 57-NQ/TW)",
         r"\d+(?:\s*/\s*\d{2,4})?\s*[/-]\s*[^\W\d_][\w\-/.]*",
         "Triển khai Nghị định 98/2023/NĐ-CP đến cán bộ.", "Giải quyết 95/100 hồ sơ đúng hạn."),
    Rule("legal_reference", "an article, clause or chapter number (Điều 5, khoản 2)",
         r"(?<!\w)(?:điều|khoản|điểm|chương|mục|phụ lục|tiết)\s+\d+[^\W\d_]?(?!\w)",
         "Thực hiện đúng quy định tại Điều 5 của Luật.", "Đạt 9 điểm trở lên."),
    Rule("named_document", "a law, plan, programme or standard named by its number (Chương trình 135)",
         r"(?<!\w)(?:bộ luật|luật|nghị định|nghị quyết|thông tư|quyết định|chỉ thị|kết luận|công văn|kế hoạch|"
         r"hướng dẫn|thông báo|quy định|quy chế|đề án|chương trình|dự án|tiêu chuẩn|quy chuẩn|iso|tcvn)"
         rf"\s+(?:liên tịch\s+)?(?:số\s+)?{_COUNT_AHEAD}\d+[\w/\-.:]*",
         "Thực hiện hiệu quả Chương trình 135 trên địa bàn.", "Ban hành 14 kế hoạch triển khai."),
    Rule("period_year", "a year or a range of years (năm 2024, giai đoạn 2021-2025, năm học 2024-2025)",
         r"(?<!\w)(?:năm học|niên khóa|niên độ|giai đoạn|nhiệm kỳ|năm|khóa|kỳ)\s+\d{4}(?:\s*-\s*\d{2,4})?"
         r"|(?<![\w.,/])(?:19|20)\d{2}\s*-\s*(?:19|20)\d{2}(?!\w)",
         "Phấn đấu hoàn thành xuất sắc nhiệm vụ năm 2024.", "Trồng 2024 cây xanh trên các tuyến đường."),
    Rule("bare_year", "a year standing alone (Kế hoạch thi đua 2025), unless a unit or % follows",
         rf"(?<![\w.,/])(?:19[4-9]\d|20\d{{2}}){_NUMBER_END}{_NOT_A_COUNT}",
         "Triển khai kế hoạch thi đua 2025 của tỉnh.", "Trồng 2024 cây xanh trên các tuyến đường."),
    Rule("place_or_ordinal", "a place, level or ordinal named by a number (thôn 3, lớp 9, mức độ 4, lần thứ 5)",
         r"(?<!\w)(?:lần thứ|kỳ họp thứ|khóa|tổ dân phố|tổ|khu phố|khu|thôn|ấp|bản|phường|quận|lớp|khối|mức độ|mức|"
         rf"cấp độ|đợt|giai đoạn|quốc lộ|tỉnh lộ|số|covid-?|thế hệ|phiên bản)\s*\d+{_NUMBER_END}{_NOT_A_COUNT}",
         "Cung cấp dịch vụ công trực tuyến mức độ 4.", "Mở 2 lớp tập huấn cho hội viên."),
    Rule("age", "an age (trẻ em dưới 6 tuổi, từ 15-35 tuổi)",
         r"(?:\d+\s*-\s*)?\d+\s+tuổi|(?<!\w)(?:độ tuổi|tuổi)\s+(?:từ\s+)?\d+",
         "Chăm lo sức khỏe cho trẻ em dưới 6 tuổi.", "Tiêm chủng cho 500 trẻ em."),
    Rule("slogan_number", 'a number that is part of a slogan ("3 tốt", "5 không 3 sạch", "2 giỏi")',
         r"(?<![\w.,/])\d+\s+(?:tốt|không|sạch|giỏi|xanh|đẹp|an toàn|có|nhất|đúng|cùng|chống|bớt|hơn|"
         r"thân thiện|gương mẫu|dám|biết|rõ|nêu gương|sẵn sàng|chuẩn)(?!\w)",
         "Thực hiện tiêu chí 5 không 3 sạch trong mỗi hộ.", "Hỗ trợ 5 hộ nghèo."),
    Rule("version_number", "a generation number such as 4.0 (công nghiệp 4.0)",
         rf"(?<![\w.,])[2-5]\.0{_NUMBER_END}(?!\s*(?:%|điểm|phần trăm))",
         "Thích ứng với cách mạng công nghiệp 4.0.", "Giảm 4.0% chi thường xuyên."),
)

#: Targets, in the order in which they are reported as the reason.
TARGET_RULES: tuple[Rule, ...] = (
    Rule("deadline_date", "a deadline on a date (trước ngày 30/6, chậm nhất 31/12/2024)",
         rf"(?<!\w)(?:trước|chậm nhất|muộn nhất|hạn chót|hạn cuối|hạn|đến hết|đến|trong|vào)\s+(?:ngày\s+)?"
         rf"(?:{_DATE})(?!\s*(?:số|%|{_UNIT}))",
         "Nộp báo cáo tổng kết trước ngày 15/11.", "Theo Kế hoạch ban hành ngày 15/3."),
    Rule("deadline_period", "a deadline in a month, quarter or term (trong quý III, trước tháng 10)",
         r"(?<!\w)(?:trước|chậm nhất|muộn nhất|đến hết|đến|trong|cuối|hết|vào)\s+(?:tháng\s+(?:\d{1,2}|[ivx]+)"
         r"(?:\s*/\s*\d{2,4})?(?![\w/])|quý\s+(?:[ivx]+|[1-4])(?!\w)|học kỳ\s+(?:[ivx]+|[12])(?!\w))"
         r"|(?<!\w)(?:hoàn thành|hoàn tất|xong)[^.;]{0,80}?(?:trong|trước)\s+(?:6|9)\s+tháng\s+đầu\s+năm",
         "Tổ chức hội nghị sơ kết trong quý III.", "Trong 6 tháng cuối năm tiếp tục khắc phục hạn chế."),
    Rule("targets_met", "a count or share of the registered targets met (đạt 4/4 chỉ tiêu, toàn bộ chỉ tiêu)",
         rf"(?<!\w)(?:đạt|hoàn thành|vượt)(?:\s+(?:và\s+)?vượt)?(?:\s+mức)?\s+(?:{_NUM}\s*/\s*\d+|{_NUM}|toàn bộ|"
         r"tất cả|100\s*%)\s+(?:các\s+)?(?:chỉ tiêu|tiêu chí)",
         "Hoàn thành 12/12 chỉ tiêu kinh tế - xã hội.", "Hoàn thành các chỉ tiêu được giao."),
    Rule("change", "a change by a stated amount (tăng 10%, giảm 2 lần, tăng gấp đôi)",
         rf"(?<!\w)(?:tăng|giảm|kéo giảm|cắt giảm|nâng|hạ|vượt|rút ngắn|tiết kiệm)(?!\w)[^.;:!?]{{0,60}}?"
         rf"(?:{_NUM}\s*(?:%|phần trăm|lần|điểm phần trăm)|gấp\s+(?:đôi|rưỡi|ba|{_NUM}))",
         "Giảm 15% số vụ tai nạn giao thông so với năm trước.", "Tăng cường công tác tuyên truyền."),
    Rule("full_coverage", "100% (every case)",
         r"(?<![\d.,])100\s*(?:%|phần trăm)|một trăm phần trăm",
         "100% cán bộ được phổ biến quy định mới.", "Phổ biến quy định mới đến toàn thể cán bộ."),
    Rule("percent", "a percentage or a fraction of a total (85%, 85 phần trăm, 2/3 số hộ)",
         rf"{_NUM}\s*(?:%|phần trăm)|(?<![\w.,/])\d+\s*/\s*\d+\s+(?:số|tổng số)(?!\w)",
         "Tỷ lệ hộ dân sử dụng nước sạch đạt 85 %.", "Nâng cao tỷ lệ hộ dân sử dụng nước sạch."),
    Rule("reach", "a level to reach (đạt 68 điểm, giảm còn 2,5, tăng lên 120)",
         rf"(?<!\w)(?:đạt|giảm còn|giảm xuống|xuống còn|còn dưới|tăng lên|nâng lên)\s+(?:mức\s+|trên\s+|dưới\s+|"
         rf"từ\s+|ít nhất\s+|tối thiểu\s+|bình quân\s+|khoảng\s+)?{_NUM}",
         "Chỉ số hài lòng đạt trên 85.", "Chỉ số hài lòng đạt mức cao."),
    Rule("bound", "a minimum or maximum (ít nhất 2, không dưới 10, tối đa 5, từ 3 … trở lên)",
         rf"(?<!\w)(?:ít nhất|tối thiểu|không dưới|không ít hơn|không thấp hơn|tối đa|không quá|không vượt quá|"
         rf"không cao hơn|không nhiều hơn)\s+(?:là\s+|có\s+)?(?:{_NUM}|{_SPELLED})"
         rf"|(?:từ\s+)?{_NUM}[^.;,]{{0,30}}?trở lên",
         "Mỗi chi hội tổ chức sinh hoạt ít nhất 1 lần mỗi quý.", "Tổ chức sinh hoạt chi hội thường xuyên."),
    Rule("rank", "a rank to reach (xếp thứ 3 trở lên, nằm trong top 10)",
         rf"(?<!\w)(?:xếp|đứng|nằm|thuộc)\s+(?:hạng\s+|thứ\s+|trong\s+(?:top|tốp|nhóm)\s+|top\s+|tốp\s+|nhóm\s+)"
         rf"(?:{_NUM}|nhất|nhì|ba)(?!\w)|(?<!\w)(?:top|tốp)\s*{_NUM}",
         "Chỉ số cải cách hành chính nằm trong top 10 của tỉnh.", "Nâng thứ hạng chỉ số cải cách hành chính."),
    Rule("count", "a number with a unit (50 hộ, 3 mô hình, 1.200 triệu đồng, hai lớp)",
         rf"(?:{_NUM}(?:\s*/\s*\d+)?|{_SPELLED})\s+(?:(?:lượt|cái|chiếc|bộ)\s+)?{_UNIT}",
         "Xây dựng mới 3 mô hình dân vận khéo.", "Nhân rộng các mô hình dân vận khéo."),
    Rule("action_count", "a number of things to produce after an action verb (thu hút 3 dự án, cấp 150 giấy)",
         r"(?<!\w)(?:xây dựng|tổ chức|thu hút|cấp|cấp mới|trồng|mở|kết nạp|vận động|đào tạo|tuyển|tuyển dụng|tuyển sinh|"
         r"giải quyết|hỗ trợ|sửa chữa|nâng cấp|cải tạo|lắp đặt|trao|tặng|phát hành|ban hành|biên soạn|đăng tải|"
         r"phát triển|thành lập|hoàn thành|kiểm tra|thanh tra|khám|tiếp nhận|bàn giao|di dời|tiêm|xử lý|thu)"
         rf"(?:\s+(?:mới|thêm|được|thành công|và đưa vào sử dụng))?\s+{_NUM}\s+[^\W\d_]",
         "Thu hút 3 dự án đầu tư mới vào cụm công nghiệp.", "Thực hiện hiệu quả 3 đột phá chiến lược."),
    Rule("zero_incident", "a zero target (không để xảy ra, không có trường hợp vi phạm)",
         rf"(?<!\w)không\s+(?:để\s+)?(?:xảy ra|phát sinh)(?!\w)|(?<!\w)không\s+(?:có|để)\s+{_ZERO}(?!\w)",
         "Không để xảy ra cháy, nổ tại cơ quan.", "Phòng ngừa cháy, nổ tại cơ quan."),
)


def _prepare(text: str) -> tuple[str, bool]:
    """NFC, unify quotes and dashes, lower-case; fold when the text was typed without diacritics."""
    text = nfc(str(text)).translate(_PUNCT)
    words = _WORD.findall(text)
    marked = sum(fold(w) != w.lower() for w in words)
    if words and marked >= ACCENTED_SHARE * len(words):
        return _SPACES.sub(" ", text.lower()), True
    return fold(text), False


class Verdict(NamedTuple):
    """The classification of one criterion text."""

    measurable: bool
    reason: str
    rules: tuple[str, ...]
    diacritics: bool


def classify_criterion(text: str) -> Verdict:
    """Classify one criterion: does it name a measurable target?

    Parameters
    ----------
    text : str
        The criterion as written, with or without diacritics.

    Returns
    -------
    Verdict
        ``measurable``; ``reason`` (the first target rule that fired, or :data:`NO_TARGET`);
        ``rules`` (every target rule that fired); ``diacritics`` (whether the text was matched
        as typed with diacritics, or folded).

    Examples
    --------
    >>> classify_criterion("Phấn đấu 100% hồ sơ được giải quyết đúng hạn.").reason
    'full_coverage'
    >>> classify_criterion("Triển khai Nghị định 98/2023/NĐ-CP năm 2024.").measurable
    False
    >>> classify_criterion("Xay dung moi 3 mo hinh dan van kheo")
    Verdict(measurable=True, reason='count', rules=('count', 'action_count'), diacritics=False)
    """
    prepared, accented = _prepare(text)
    for rule in NOT_TARGET_RULES:
        prepared = rule.compiled(accented).sub(_MASK, prepared)
    fired = tuple(rule.name for rule in TARGET_RULES if rule.compiled(accented).search(prepared))
    return Verdict(bool(fired), fired[0] if fired else NO_TARGET, fired, accented)


def _shares(table: pd.DataFrame, by: str) -> pd.DataFrame:
    grouped = table.groupby(by, sort=True, dropna=False)["measurable"]
    out = pd.DataFrame({"n_criteria": grouped.size(), "n_measurable": grouped.sum()}).reset_index()
    n = out["n_criteria"].to_numpy(dtype=float)
    k = out["n_measurable"].to_numpy(dtype=float)
    p = k / n
    z = 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    out["share"] = p
    out["se"] = np.sqrt(p * (1 - p) / n)
    out["ci_low"], out["ci_high"] = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    return out.astype({"n_criteria": "int64", "n_measurable": "int64"})


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasurabilityResult(Result):
    """Result of :func:`criteria_measurability`.

    Attributes
    ----------
    criteria : DataFrame
        One row per criterion, in input order: ``movement_id``, ``unit_id``, ``criterion_id``
        (those present), ``text``, ``measurable``, ``reason``, ``rules`` (all target rules that
        fired, ``;``-separated) and ``diacritics``.
    by_movement, by_unit : DataFrame
        One row per movement (unit): ``n_criteria``, ``n_measurable``, ``share`` (of measurable
        criteria), ``se`` (binomial), ``ci_low``, ``ci_high`` (Wilson 95%).  ``by_unit`` is empty
        when the criteria have no ``unit_id`` column.
    share : float
        Share of measurable criteria overall.  Higher is less formal.
    """

    criteria: pd.DataFrame
    by_movement: pd.DataFrame
    by_unit: pd.DataFrame
    share: float

    def to_frame(self) -> pd.DataFrame:
        """The per-criterion table."""
        return self.criteria.copy()

    def summary(self) -> str:
        """Plain-text summary: overall share, then the share per movement."""
        lines = [f"Measurable criteria: {int(self.criteria['measurable'].sum())} of {len(self.criteria)} "
                 f"({self.share:.1%})"]
        for row in self.by_movement.itertuples(index=False):
            lines.append(f"  {row.movement_id}: {row.n_measurable}/{row.n_criteria} = {row.share:.1%} "
                         f"[95% CI {row.ci_low:.1%}, {row.ci_high:.1%}]")
        return "\n".join(lines)



def criteria_measurability(criteria: pd.DataFrame) -> MeasurabilityResult:
    """Classify registered emulation criteria as measurable or vague, and summarise.

    Parameters
    ----------
    criteria : DataFrame
        The ``criteria`` table (``tdkt_eval.load_records(path, "criteria")``): ``movement_id``,
        ``criterion_id`` and ``text`` are required, ``unit_id`` is optional.

    Returns
    -------
    MeasurabilityResult
        Per-criterion verdicts and the shares per movement and per unit.

    Raises
    ------
    MissingColumnError
        A required column is absent.
    MissingValueError
        Some criteria have an empty ``text``.

    Notes
    -----
    A criterion is measurable when any rule of :data:`TARGET_RULES` fires after the numbers
    matched by :data:`NOT_TARGET_RULES` have been blanked out (see the module docstring for the
    decisions this involves).  Shares treat criteria as independent; criteria written by the
    same unit are not, so read the intervals as a rough guide.

    Examples
    --------
    >>> df = pd.DataFrame({"movement_id": ["M1", "M1", "M2"], "unit_id": ["U1", "U2", "U1"],
    ...                    "criterion_id": ["T1", "T1", "T1"],
    ...                    "text": ["Tích cực hưởng ứng phong trào thi đua.",
    ...                             "Giảm 10% hộ nghèo so với đầu năm.",
    ...                             "Hoàn thành trước ngày 30/6."]})
    >>> res = criteria_measurability(df)
    >>> res.criteria[["measurable", "reason"]].values.tolist()
    [[False, 'no target, number or deadline'], [True, 'change'], [True, 'deadline_date']]
    >>> res.by_movement[["movement_id", "n_criteria", "share"]].values.tolist()
    [['M1', 2, 0.5], ['M2', 1, 1.0]]
    """
    missing = [c for c in ("movement_id", "criterion_id", "text") if c not in criteria.columns]
    if missing:
        raise MissingColumnError(
            f"The criteria table lacks the column(s) {', '.join(missing)}; it has {', '.join(map(str, criteria.columns))}.",
            column=missing[0], fix="Load the file with tdkt_eval.load_records(path, 'criteria'), which "
                                   "recognises Vietnamese headers such as 'Nội dung tiêu chí'.")
    text = criteria["text"]
    blank = (text.isna() | text.astype("string").str.strip().eq("")).to_numpy(dtype=bool, na_value=True)
    if blank.any():
        rows = np.flatnonzero(blank) + 2
        shown = ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
        what = "1 criterion has" if len(rows) == 1 else f"{len(rows)} criteria have"
        raise MissingValueError(f"{what} an empty text ({'row' if len(rows) == 1 else 'rows'} {shown}).",
                                column="text", rows=rows,
                                fix="Fill in the wording of these criteria or drop the rows.")
    verdicts = [classify_criterion(t) for t in text]
    keys = [c for c in ("movement_id", "unit_id", "criterion_id") if c in criteria.columns]
    table = criteria[keys].reset_index(drop=True).assign(
        text=text.astype("string").reset_index(drop=True),
        measurable=[v.measurable for v in verdicts],
        reason=[v.reason for v in verdicts],
        rules=[";".join(v.rules) for v in verdicts],
        diacritics=[v.diacritics for v in verdicts])
    by_unit = (_shares(table, "unit_id") if "unit_id" in table.columns else
               _shares(table.assign(unit_id=pd.Series(dtype="string")).iloc[:0], "unit_id"))
    return MeasurabilityResult(criteria=table, by_movement=_shares(table, "movement_id"), by_unit=by_unit,
                               share=float(table["measurable"].mean()) if len(table) else float("nan"))
