"""One translation table for every label shown to people (reports, figures, CLI).

Labels are looked up by key.  Terms, column headers and the codes of the data
contracts (``leader``, ``female``, ``grassroots`` …) come from the glossary
(``tdkt_eval/glossary.csv``, printed as ``docs/glossary.md``): one Vietnamese
term per concept, in the law's wording where the law has one.  Sentences
(captions, notes, readings, the command line's help) are in :data:`LABELS`.
Numbers follow each language's convention: :func:`format_number`,
:func:`format_percent`, :func:`format_p` and :func:`format_count_of`.
"""

from __future__ import annotations

import csv
import errno
import functools
import locale
import math
import os
import re
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Literal, Mapping

from .errors import InvalidParameterError

__all__ = ["Lang", "LABELS", "GlossaryEntry", "glossary", "label", "term_label", "check_lang", "format_number",
           "format_percent", "format_p", "format_count_of", "default_lang", "os_error_text", "LANG_ENV"]

Lang = Literal["vi", "en"]

#: The environment variable that sets the default language of the command line and the report.
LANG_ENV = "TDKT_LANG"


@dataclass(frozen=True, slots=True, kw_only=True)
class GlossaryEntry:
    """One concept of the glossary: its term in both languages, and how to explain and not to write it.

    Attributes
    ----------
    key : str
        The label key (a column name, a code of the data contracts, or a concept).
    kind : {"legal", "field", "stat", "column", "code"}
        The law's wording, a term of the field, a statistical name, a column header, a code.
    vi, en : str
        The term in Vietnamese and in English.
    explain_vi, explain_en : str
        One plain sentence for a reader who is not a statistician (statistical names).
    avoid_vi : tuple of str
        Vietnamese variants not to use for this concept.
    appears_as : tuple of str
        Text that shows the term is in a report (for the "Giải thích thuật ngữ" box).
    source : str
        The legal text that fixes the wording, where there is one.
    """

    key: str
    kind: str
    vi: str
    en: str
    explain_vi: str = ""
    explain_en: str = ""
    avoid_vi: tuple[str, ...] = ()
    appears_as: tuple[str, ...] = ()
    source: str = ""

    def term(self, lang: Lang = "vi") -> str:
        """The term in ``lang``."""
        return self.vi if check_lang(lang) == "vi" else self.en

    def explanation(self, lang: Lang = "vi") -> str:
        """The one-sentence explanation in ``lang`` ("" for a term that needs none)."""
        return self.explain_vi if check_lang(lang) == "vi" else self.explain_en


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


@functools.cache
def glossary() -> Mapping[str, GlossaryEntry]:
    """The glossary shipped with the package, by key (read once).

    Examples
    --------
    >>> g = glossary()
    >>> g["law"].vi, g["form"].vi
    ('Luật Thi đua, khen thưởng', 'Danh hiệu, hình thức khen thưởng')
    >>> g["ratio"].avoid_vi
    ('tỷ lệ đại diện',)
    """
    text = resources.files("tdkt_eval").joinpath("glossary.csv").read_text(encoding="utf-8")
    entries = {}
    for row in csv.DictReader(text.splitlines()):
        row["avoid_vi"], row["appears_as"] = _split(row["avoid_vi"]), _split(row["appears_as"])
        entries[row["key"]] = GlossaryEntry(**row)
    return MappingProxyType(entries)


LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    # report frame
    "report_title": {"vi": "Đánh giá phong trào thi đua và công tác khen thưởng", "en": "Evaluation of emulation movements and commendation"},
    "generated_from": {"vi": "Dữ liệu từ thư mục", "en": "Data folder"},
    "overview": {"vi": "Tổng quan", "en": "Overview"},
    "inventory": {"vi": "Danh mục tệp dữ liệu và kết quả kiểm tra", "en": "Data files and validation"},
    "privacy_note": {"vi": "Báo cáo chỉ trình bày số liệu tổng hợp; không in họ tên, số điện thoại hay số định danh.",
                     "en": "The report shows aggregates only; no names, phone numbers or ID numbers are printed."},
    # campaign report (tdkt_eval.reporting): frame and summary
    "interval": {"vi": "KTC {level}%", "en": "{level}% CI"},
    "part_failed": {"vi": "Một phần không tính được do dữ liệu: {problem}", "en": "One part could not be computed from these data: {problem}"},
    "section_needs": {"vi": "Chưa đủ dữ liệu cho phần này: cần các bảng {files} (xem tên tệp trong hướng dẫn).",
                      "en": "Not enough data for this section: it needs the tables {files}."},
    "section_empty_period": {"vi": "Các bảng {tables} không có dữ liệu cho {period}.",
                             "en": "The tables {tables} hold no data for {period}."},
    "period_movement": {"vi": "phong trào {movement}", "en": "movement {movement}"},
    "period_years": {"vi": "năm {years}", "en": "the year(s) {years}"},
    "suppressed_rows": {"vi": "{n} dòng dựa trên dưới {k} người được ẩn (<{k}).",
                        "en": "{n} rows resting on fewer than {k} people are suppressed (<{k})."},
    "parameters_line": {"vi": "Tham số: ngôn ngữ: {lang}; ngưỡng ẩn ô nhỏ k = {k}; phong trào: {movement}; năm: {years}.",
                        "en": "Parameters: language: {lang}; small-cell threshold k = {k}; movement: {movement}; years: {years}."},
    "language_vi": {"vi": "tiếng Việt", "en": "Vietnamese"},
    "language_en": {"vi": "tiếng Anh", "en": "English"},
    "all_movements": {"vi": "tất cả", "en": "all"},
    "all_years": {"vi": "tất cả", "en": "all"},
    "suppression_note": {"vi": "Mọi ô mô tả dưới {k} người đều được ẩn và ghi là <{k}; ô bổ sung cũng được ẩn khi có thể suy ra từ tổng.",
                         "en": "Every cell describing fewer than {k} people is suppressed and shown as <{k}; a second cell is suppressed where a total would reveal it."},
    "summary_title": {"vi": "Tóm tắt kết quả chính", "en": "Summary of key findings"},
    "summary_intro": {"vi": "{n} phát hiện chính, trong đó {concerns} dấu hiệu cần lưu ý (⚠). Mỗi ước lượng kèm khoảng tin cậy 95% (KTC).",
                      "en": "{n} key findings, {concerns} of them signs of concern (⚠). Each estimate comes with its 95% confidence interval (CI)."},
    "summary_caption": {"vi": "Các phát hiện chính và độ bất định", "en": "Key findings and their uncertainty"},
    "summary_note": {"vi": "Dấu hiệu cần lưu ý là gợi ý để kiểm tra thêm, không phải kết luận vi phạm.",
                     "en": "A sign of concern is a reason to look closer, not a finding of wrongdoing."},
    "none": {"vi": "không có", "en": "none"},
    # campaign report: data quality and scales
    "sec_data_quality": {"vi": "1. Chất lượng dữ liệu", "en": "1. Data quality"},
    "intro_data_quality": {"vi": "Các tệp đã nạp, kết quả kiểm tra theo chuẩn dữ liệu, và các phiếu khảo sát bị loại trước khi phân tích.",
                           "en": "The files loaded, their checks against the data contracts, and the survey responses removed before analysis."},
    "f_files": {"vi": "Tệp dữ liệu", "en": "Data files"},
    "files_checked": {"vi": "{n} tệp, {errors} tệp lỗi", "en": "{n} files, {errors} with errors"},
    "files_unused": {"vi": "; {n} tệp không dùng", "en": "; {n} not used"},
    "r_files_ok": {"vi": "Mọi tệp đạt chuẩn dữ liệu.", "en": "Every file meets its contract."},
    "r_files_errors": {"vi": "Tệp lỗi không được dùng; xem cách sửa trong mục 1.", "en": "Files with errors are not used; see the fixes in section 1."},
    "screening_note": {"vi": "Mỗi quy tắc được áp dụng lần lượt; phiếu bị đánh dấu bởi bất kỳ quy tắc nào không được dùng trong các phần sau.",
                       "en": "Rules are applied in turn; a response flagged by any rule is left out of the later sections."},
    "f_screening": {"vi": "Phiếu cán bộ bị loại", "en": "Staff responses removed"},
    "r_screening": {"vi": "Trả lời quá nhanh, chọn một đáp án cho mọi câu hoặc trùng lặp.", "en": "Speeders, straight-liners and duplicates."},
    "sec_scales": {"vi": "2. Độ tin cậy của thang đo", "en": "2. Scale reliability"},
    "intro_scales": {"vi": "Mỗi nhóm câu hỏi của phiếu cán bộ đo một khía cạnh; hệ số alpha và omega cho biết các câu trong nhóm có đo cùng một điều hay không.",
                     "en": "Each group of staff questions measures one aspect; alpha and omega show whether the questions of a group measure the same thing."},
    "reliability_caption": {"vi": "Độ tin cậy theo nhóm câu hỏi (hệ số alpha của Cronbach với KTC 95% tính theo Feldt; hệ số omega tổng)",
                          "en": "Reliability per construct (Cronbach's alpha with its Feldt 95% CI; omega total)"},
    "reliability_note": {"vi": "Câu hỏi hỏi theo chiều ngược đã được đổi chiều trước khi tính. Hệ số alpha từ 0,70 trở lên thường được coi là đạt.",
                       "en": "Reverse-keyed items are reversed. An alpha of 0.70 or more is usually taken as acceptable."},
    "f_alpha": {"vi": "Alpha của các nhóm câu hỏi", "en": "Alpha of the constructs"},
    "r_alpha_ok": {"vi": "Mọi nhóm đạt từ {threshold} trở lên.", "en": "Every construct reaches {threshold} or more."},
    "r_alpha_low": {"vi": "Dưới {threshold}: {names}; nên xem lại các câu hỏi này.", "en": "Below {threshold}: {names}; review these questions."},
    "f_structure": {"vi": "Mức phù hợp của mô hình nhân tố các khía cạnh chiều sâu",
                    "en": "Fit of the depth constructs' factor model"},
    "r_structure_ok": {"vi": "Mô hình phù hợp chấp nhận được (CFI từ 0,90, RMSEA đến 0,08): các câu hỏi đo đúng các khía cạnh đã định.",
                       "en": "The model fits acceptably (CFI 0.90 or more, RMSEA 0.08 or less): the questions measure the constructs they were written for."},
    "r_structure_poor": {"vi": "Mô hình chưa phù hợp (CFI dưới 0,90 hoặc RMSEA trên 0,08): một số câu hỏi có thể không đo đúng khía cạnh của nhóm mình; cần xem lại phiếu.",
                         "en": "The model does not fit well (CFI below 0.90 or RMSEA above 0.08): some questions may not measure their construct; review the questionnaire."},
    "invariance_caption": {"vi": "Các khía cạnh chiều sâu có được đo như nhau ở mọi địa bàn ({area})? Ba bước kiểm tra tính bất biến của thang đo",
                           "en": "Are the depth constructs measured alike in every {area}? The three steps of measurement invariance"},
    "invariance_note": {"vi": "Bất biến cấu hình: cùng các nhóm câu hỏi ở mọi địa bàn. Bất biến hệ số tải: thêm điều kiện mỗi câu gắn với khía cạnh của nó mạnh như nhau. Bất biến hệ số chặn: thêm điều kiện cùng một mức thực tế cho cùng một câu trả lời, nên mới so sánh được điểm trung bình giữa các địa bàn. Một bước không đạt khi kiểm định khi bình phương bác bỏ (p dưới 0,05) và CFI giảm quá 0,010 hoặc RMSEA tăng quá 0,015 (Chen 2007).",
                        "en": "Configural: the same groups of questions in every area. Metric: each question also tied as strongly to its construct everywhere. Scalar: the same true level also gives the same answer, which is what comparing mean scores across areas needs. A step fails when the chi-square test rejects (p below 0.05) and CFI falls by more than 0.010 or RMSEA rises by more than 0.015 (Chen 2007)."},
    "invariance_small": {"vi": "{n} địa bàn ({area}) có dưới {k} phiếu trả lời đủ các câu nên không đưa vào kiểm tra.",
                         "en": "{n} areas ({area}) with fewer than {k} complete answers were left out of the test."},
    "invariance_not_run": {"vi": "Không kiểm tra được tính bất biến của thang đo: cần ít nhất hai địa bàn ({area}), mỗi địa bàn từ {k} phiếu trả lời đủ các câu.",
                           "en": "Measurement invariance was not tested: it needs at least two areas ({area}) with {k} complete answers or more."},
    "f_invariance": {"vi": "Tính bất biến của thang đo chiều sâu giữa các địa bàn", "en": "Invariance of the depth scales across areas"},
    "invariance_scalar": {"vi": "Đạt bất biến hệ số chặn", "en": "Scalar invariance holds"},
    "invariance_metric": {"vi": "Chỉ đạt bất biến hệ số tải", "en": "Metric invariance only"},
    "invariance_configural": {"vi": "Chỉ đạt bất biến cấu hình", "en": "Configural invariance only"},
    "invariance_none": {"vi": "Mô hình không phù hợp ngay ở bước đầu", "en": "The model does not fit even at the first step"},
    "r_invariance_scalar": {"vi": "Các câu hỏi được hiểu như nhau ở mọi địa bàn: so sánh chỉ số chiều sâu giữa các địa bàn là có cơ sở.",
                            "en": "The questions are understood alike in every area: comparing the depth index across areas is sound."},
    "r_invariance_metric": {"vi": "Cùng một mức thực tế có thể cho câu trả lời khác nhau ở các địa bàn: so sánh điểm trung bình và chỉ số chiều sâu giữa các địa bàn cần thận trọng.",
                            "en": "The same true level may give different answers in different areas: compare mean scores and the depth index across areas with care."},
    "r_invariance_configural": {"vi": "Các câu hỏi gắn với khía cạnh của chúng mạnh yếu khác nhau giữa các địa bàn: không nên so sánh điểm giữa các địa bàn.",
                                "en": "The questions are tied to their constructs differently across areas: scores should not be compared across areas."},
    "r_invariance_none": {"vi": "Mô hình nhân tố không phù hợp ở từng địa bàn, nên không kiểm tra được: so sánh giữa các địa bàn chưa có cơ sở.",
                          "en": "The factor model does not fit within the areas, so invariance could not be tested: comparisons across areas have no footing yet."},
    "index_invariance_scalar": {"vi": "So sánh giữa các địa bàn có cơ sở: các khía cạnh chiều sâu đạt bất biến hệ số chặn (mục 2).",
                                "en": "Comparing areas is sound: the depth constructs show scalar invariance (section 2)."},
    "index_invariance_metric": {"vi": "Cần thận trọng khi so sánh các địa bàn: các khía cạnh chiều sâu chỉ đạt bất biến hệ số tải (mục 2).",
                                "en": "Compare areas with care: the depth constructs show metric invariance only (section 2)."},
    "index_invariance_configural": {"vi": "Không nên so sánh các địa bàn: các khía cạnh chiều sâu chỉ đạt bất biến cấu hình (mục 2).",
                                    "en": "Areas should not be compared: the depth constructs show configural invariance only (section 2)."},
    "index_invariance_none": {"vi": "So sánh các địa bàn chưa có cơ sở: mô hình nhân tố không phù hợp (mục 2).",
                              "en": "Comparing areas has no footing yet: the factor model does not fit (section 2)."},
    "index_invariance_unknown": {"vi": "Chưa kiểm tra được các khía cạnh chiều sâu có được đo như nhau ở mọi địa bàn hay không (mục 2).",
                                 "en": "Whether the depth constructs are measured alike in every area could not be tested (section 2)."},
    "kmo_note": {"vi": "Chỉ số KMO của toàn bộ câu hỏi: {kmo} (trên 0,80 là tốt cho phân tích nhân tố).",
                 "en": "KMO of all items: {kmo} (above 0.80 is good for factor analysis)."},
    "likert_caption": {"vi": "Phân bố câu trả lời của cán bộ (n = {n}), xếp theo mức đồng ý ròng",
                       "en": "Staff answers (n = {n}), sorted by net agreement"},
    "likert_alt": {"vi": "Biểu đồ thanh phân kỳ cho {k} câu hỏi: phần đồng ý ở bên phải, không đồng ý ở bên trái, trung lập màu xám ở giữa.",
                   "en": "Diverging bar chart of {k} questions: agreement to the right, disagreement to the left, neutral in grey at the centre."},
    # campaign report: depth
    "sec_depth": {"vi": "3. Chiều sâu của phong trào", "en": "3. Depth of the movement"},
    "intro_depth": {"vi": "Phong trào đi sâu khi người dân không chỉ biết đến mà còn tham gia, thay đổi cách làm, duy trì và nhân rộng.",
                    "en": "A movement runs deep when people do not only know of it but take part, change practice, keep it up and spread it."},
    "ladder_caption": {"vi": "Tỷ lệ người dân đạt từng bậc chiều sâu (có trọng số, KTC 95% theo thiết kế mẫu)",
                       "en": "Share of citizens reaching each depth rung (weighted, design-based 95% CI)"},
    "ladder_note": {"vi": "Ước lượng theo thiết kế mẫu hai giai đoạn phân tầng (xã, rồi hộ).",
                    "en": "Estimated under the two-stage stratified design (communes, then households)."},
    "ladder_alt": {"vi": "Biểu đồ các bậc chiều sâu: {first} {p1}, giảm dần đến {last} {p2}.",
                   "en": "Depth ladder chart: {first} {p1}, falling to {last} {p2}."},
    "f_ladder": {"vi": "Bậc chiều sâu (người dân)", "en": "Depth ladder (citizens)"},
    "r_ladder": {"vi": "Tỷ lệ giảm dần qua các bậc; hệ số H của Loevinger {h} (từ 0,3 trở lên: các bậc xếp thành thang).",
               "en": "Shares fall up the ladder; Loevinger's H {h} (0.3 or more: the rungs form a scale)."},
    "gap_caption": {"vi": "Chênh lệch nhận định giữa cán bộ và người dân, phân theo: {area} (đơn vị: độ lệch chuẩn)",
                  "en": "Staff–citizen perception gap by {area} (in standard deviations)"},
    "gap_note": {"vi": "Chênh lệch dương: cán bộ đánh giá phong trào cao hơn người dân, nhiều hơn mức chênh chung của tỉnh; 0,5 độ lệch chuẩn là chênh lệch đáng kể. Giá trị p đã được hiệu chỉnh Holm vì kiểm định nhiều địa bàn cùng lúc.",
               "en": "A positive gap: staff rate the movement higher than citizens do, by more than the province does; half a standard deviation is a sizeable gap. p-values are Holm-adjusted, as many areas are tested at once."},
    "f_gap": {"vi": "Địa bàn có chênh lệch nhận định giữa cán bộ và người dân",
            "en": "Areas with a staff–citizen perception gap"},
    "r_gap": {"vi": "Cán bộ đánh giá phong trào cao hơn người dân rõ rệt; cần lưu ý và kiểm tra thêm tại địa bàn.",
            "en": "Staff rate the movement clearly above citizens; worth a closer look on the ground."},
    "r_gap_none": {"vi": "Không địa bàn nào có chênh lệch có ý nghĩa thống kê.",
                 "en": "No area shows a significant gap."},
    "index_caption": {"vi": "Chỉ số chiều sâu của phong trào (0–100), phân theo: {area}; khoảng 90% và khoảng thứ hạng",
                    "en": "Movement depth index (0–100) by {area}, 90% intervals and rank intervals"},
    "index_note": {"vi": "Khoảng bất định từ mô phỏng Monte Carlo (lấy mẫu lại người trả lời, thay đổi trọng số và cách chuẩn hóa).",
                   "en": "Uncertainty from Monte Carlo runs (resampled respondents, varied weights and normalisation)."},
    "ranks_caption": {"vi": "Thứ hạng trung vị và khoảng thứ hạng 90%, phân theo: {area}",
                    "en": "Median rank and 90% rank interval by {area}"},
    "ranks_alt": {"vi": "Biểu đồ điểm và đoạn thẳng: thứ hạng trung vị của từng địa bàn ({area}) với khoảng thứ hạng 90%.",
                "en": "Dot-and-whisker chart: the median rank of each {area} with its 90% rank interval."},
    "f_index": {"vi": "Địa bàn có chỉ số chiều sâu thấp nhất", "en": "Area with the lowest depth index"},
    "r_index": {"vi": "Khoảng thứ hạng {low}–{high}: hai địa bàn chỉ phân biệt được hơn kém khi khoảng thứ hạng của chúng không chồng lên nhau.",
              "en": "Rank interval {low}–{high}: two areas can only be told apart where their rank intervals do not overlap."},
    # campaign report: formality
    "sec_formality": {"vi": "4. Dấu hiệu hình thức", "en": "4. Signs of formality"},
    "intro_formality": {"vi": "Các dấu hiệu cho thấy phong trào có thể nặng về hình thức, cần kiểm tra thêm: cờ thi đua trao luân phiên, điểm tự chấm cao hơn điểm thẩm định, điểm tập trung sát mức tối đa, tiêu chí chung chung, báo cáo sơ kết, tổng kết gần như trùng nhau giữa các năm, kiểm tra không đều và báo cáo chậm.",
                      "en": "Signs that a movement may be more form than substance, to be looked into: flags awarded in rotation, self-scores above verified scores, scores bunched near the maximum, vague criteria, near-identical review reports, irregular inspection and late reports."},
    "rotation_caption": {"vi": "Cờ thi đua của cụm, khối: kiểm định trao luân phiên so với mô hình trao theo thành tích",
                       "en": "Cluster emulation flags: test of rotation against a merit model"},
    "rotation_note": {"vi": "Giá trị p nhỏ: chuỗi đơn vị nhận cờ khó xảy ra nếu cờ được trao theo điểm số (mô phỏng 500 lần).",
                    "en": "A small p: the sequence of flag winners is unlikely if flags follow scores (500 simulations)."},
    "f_rotation": {"vi": "Cụm, khối có dấu hiệu trao cờ luân phiên", "en": "Clusters with signs of rotating flags"},
    "r_rotation": {"vi": "Trong số {n} cụm, khối được kiểm định; cần kiểm tra thêm biên bản bình xét.",
                 "en": "Out of {n} clusters tested; the voting records are worth a closer look."},
    "leniency_caption": {"vi": "Điểm tự chấm cao hơn điểm thẩm định (đơn vị: điểm/tiêu chí, tính trung bình)",
                       "en": "Self-scores above verified scores (mean points per criterion)"},
    "leniency_note": {"vi": "KTC 95% có tính đến việc các tiêu chí của cùng một đơn vị không độc lập với nhau (sai số chuẩn theo đơn vị).",
                    "en": "95% CIs allow for the criteria of one unit not being independent (cluster-robust by unit)."},
    "f_leniency": {"vi": "Tự chấm cao hơn điểm thẩm định", "en": "Self-scores above verified scores"},
    "r_leniency": {"vi": "Điểm tự chấm cao hơn điểm thẩm định, tính trung bình trên mỗi tiêu chí (đơn vị: điểm/tiêu chí).",
                 "en": "Mean excess of self-scores over verified scores (points per criterion)."},
    "compression_caption": {"vi": "Mức tập trung sát điểm tối đa của tổng điểm, theo cụm, khối",
                          "en": "Bunching of total scores near the maximum, by cluster"},
    "compression_note": {"vi": "Tỷ lệ sát điểm tối đa cao, hệ số biến thiên và hệ số Gini thấp: điểm số ít phân biệt được các đơn vị.",
                       "en": "A high share near the maximum and low CV and Gini: scores barely tell units apart."},
    "criteria_caption": {"vi": "Tỷ lệ tiêu chí đăng ký đo lường được, theo phong trào", "en": "Share of registered criteria that are measurable, by movement"},
    "criteria_note": {"vi": "Tiêu chí đo lường được có con số, tỷ lệ, thời hạn hoặc sản phẩm cụ thể; nhận diện bằng quy tắc, nên kiểm tra lại một mẫu.",
                      "en": "A measurable criterion names a number, rate, deadline or concrete output; found by rules, so check a sample by hand."},
    "f_criteria": {"vi": "Tiêu chí đo lường được", "en": "Measurable criteria"},
    "r_criteria": {"vi": "Các tiêu chí còn lại chưa nêu con số, tỷ lệ, thời hạn hay sản phẩm cụ thể, nên khó kiểm chứng.",
                 "en": "The rest name no number, rate, deadline or output, so they are hard to verify."},
    "copied_caption": {"vi": "Các cặp báo cáo gần như trùng nhau giữa các năm", "en": "Pairs of review reports that are near copies across years"},
    "copied_note": {"vi": "Độ tương đồng Jaccard trên các chuỗi 5 ký tự (0–1); cần người đọc đối chiếu từng cặp trước khi kết luận.",
                  "en": "Jaccard similarity of character 5-shingles (0–1); a person should read each pair before concluding."},
    "f_copied": {"vi": "Báo cáo gần như trùng nhau giữa các năm", "en": "Near-identical reports across years"},
    "n_units_pairs": {"vi": "{units} đơn vị, {pairs} cặp", "en": "{units} units, {pairs} pairs"},
    "r_copied": {"vi": "Đơn vị: {units}.", "en": "Units: {units}."},
    "r_copied_none": {"vi": "Không có cặp báo cáo nào gần như trùng nhau.", "en": "No pair of reports is a near copy."},
    "inspection_caption": {"vi": "Tần suất kiểm tra, phân theo: {area} (lượt/đơn vị/năm), và tỷ số so với phần còn lại của tỉnh",
                         "en": "Inspections per unit-year by {area}, and the ratio to the rest of the province"},
    "inspection_note": {"vi": "KTC 95% chính xác theo phân phối Poisson. Tỷ số 0,10 nghĩa là tần suất kiểm tra chỉ bằng một phần mười phần còn lại của tỉnh.",
                      "en": "Exact Poisson 95% CIs. A ratio of 0.10 means inspected a tenth as often as the rest of the province."},
    "f_inspection": {"vi": "Địa bàn ít được kiểm tra (tỷ số so với phần còn lại của tỉnh)",
                   "en": "Rarely inspected areas (ratio to the rest of the province)"},
    "r_inspection": {"vi": "Tần suất kiểm tra thấp hơn rõ rệt so với phần còn lại của tỉnh; cần kiểm tra thêm kế hoạch kiểm tra.",
                   "en": "Inspected far less often than the rest of the province; the inspection plan is worth a closer look."},
    "r_inspection_none": {"vi": "Các địa bàn được kiểm tra tương đối đều.",
                        "en": "Areas are inspected about equally often."},
    "late_caption": {"vi": "Đơn vị thường xuyên nộp báo cáo chậm", "en": "Units that are chronically late with reports"},
    "late_note": {"vi": "Tỷ lệ đúng hạn với KTC 95% tính theo Wilson.", "en": "On-time rate with its Wilson 95% CI."},
    "late_share": {"vi": "Tỷ lệ báo cáo không đúng hạn", "en": "Share of reports not on time"},
    "funnel_caption": {"vi": "Biểu đồ phễu: tỷ lệ báo cáo không đúng hạn của từng đơn vị theo số báo cáo",
                       "en": "Funnel plot: each unit's share of reports not on time against its number of reports"},
    "funnel_alt": {"vi": "Biểu đồ phễu: mỗi điểm là một đơn vị; các điểm nằm ngoài giới hạn kiểm soát được ghi mã đơn vị.",
                   "en": "Funnel plot: one point per unit; points outside the control limits carry the unit code."},
    "f_late": {"vi": "Đơn vị nộp báo cáo chậm thường xuyên", "en": "Units chronically late with reports"},
    "n_of_units": {"vi": "{n} / {total} đơn vị", "en": "{n} of {total} units"},
    "r_late": {"vi": "Đúng hạn dưới một nửa số lần.", "en": "On time less than half of the time."},
    # campaign report: rewards and compliance
    "sec_rewards": {"vi": "5. Gắn thi đua với khen thưởng và công bằng", "en": "5. The link between emulation and reward, and equity"},
    "intro_rewards": {"vi": "Khen thưởng có theo thành tích thực chất không, và ai được khen: lãnh đạo hay người lao động trực tiếp, nữ, khu vực ngoài nhà nước, vùng khó khăn.",
                      "en": "Whether rewards follow real achievement, and who receives them: leaders or front-line workers, women, the non-state sector, disadvantaged areas."},
    "representation_caption": {"vi": "Tỷ số đại diện trong khen thưởng cá nhân (tỷ trọng được khen / tỷ trọng lao động)",
                               "en": "Representation ratio in individual rewards (share of rewards / share of the workforce)"},
    "representation_note": {"vi": "1 là tương xứng; dưới 1 là được khen ít hơn tỷ trọng trong lực lượng lao động. KTC 95% tính theo Katz. Tỷ số này tự nó không chứng minh có phân biệt đối xử; cần kiểm tra thêm.",
                          "en": "1 means proportional; below 1, fewer rewards than the workforce share. Katz 95% CI. The ratio alone does not prove discrimination."},
    "forest_alt_ratio": {"vi": "Biểu đồ rừng: tỷ số đại diện của từng nhóm với KTC 95%; đường đứt nét tại 1.",
                         "en": "Forest plot: representation ratio of each group with its 95% CI; dashed line at 1."},
    "f_women": {"vi": "Tỷ số đại diện của nữ", "en": "Women's representation ratio"},
    "f_leaders": {"vi": "Tỷ số đại diện của lãnh đạo", "en": "Leaders' representation ratio"},
    "r_ratio": {"vi": "Tỷ trọng được khen bằng {ratio} lần tỷ trọng lao động.", "en": "Their share of rewards is {ratio} times their share of the workforce."},
    "model_caption": {"vi": "Khả năng được khen thưởng cuối năm: tỷ số chênh (hồi quy logistic GEE, tính đến việc nhiều người thuộc cùng một đơn vị)",
                    "en": "Odds of an annual reward: odds ratios (logistic GEE clustered by unit)"},
    "model_note": {"vi": "{n} người-năm, {rewarded} lượt được khen, {units} đơn vị; so sánh giữa những người có cùng xếp loại chất lượng và điểm thành tích.",
                 "en": "{n} person-years, {rewarded} rewarded, {units} units; adjusted for rating and achievement score."},
    "model_few_units": {"vi": "Chỉ có {units} đơn vị (dưới 40): sai số chuẩn của tỷ số chênh được hiệu chỉnh cho mẫu nhỏ (Mancl và DeRouen), khoảng tin cậy rộng hơn.",
                        "en": "Only {units} units (under 40): the odds ratios' standard errors use the small-sample correction of Mancl and DeRouen, so the intervals are wider."},
    "not_estimable": {"vi": "không ước lượng được (mọi người hoặc không ai trong nhóm được khen thưởng)",
                      "en": "not estimable (everyone or no one in the group was rewarded)"},
    "model_not_drawn": {"vi": "Không vẽ trên biểu đồ các yếu tố không ước lượng được tỷ số chênh vì mọi người hoặc không ai trong nhóm được khen thưởng (trong bảng ghi 0 hoặc ∞): {terms}.",
                        "en": "Not drawn: factors whose odds ratio cannot be estimated because everyone or no one in the group was rewarded (0 or ∞ in the table): {terms}."},
    "forest_alt_or": {"vi": "Biểu đồ rừng: tỷ số chênh của từng yếu tố với KTC 95%; đường đứt nét tại 1.",
                      "en": "Forest plot: odds ratio of each factor with its 95% CI; dashed line at 1."},
    "f_leader_or": {"vi": "Tỷ số chênh được khen của lãnh đạo so với người lao động trực tiếp cùng thành tích",
                  "en": "Leader premium at equal achievement (odds ratio)"},
    "r_leader_or": {"vi": "So với người lao động trực tiếp có cùng xếp loại chất lượng và điểm thành tích; 1 là như nhau.",
                  "en": "Against front-line workers with the same rating and achievement score; 1 means equal."},
    "concordance_caption": {"vi": "Mức tương hợp giữa kết quả thi đua của cụm và khen thưởng", "en": "Concordance of cluster results and rewards"},
    "concordance_note": {"vi": "rho > 0: đơn vị xếp hạng cao được khen nhiều hơn. AUC: khả năng điểm thành tích phân biệt người được khen (KTC 95% tính theo DeLong).",
                       "en": "rho > 0: better-ranked units receive more rewards. AUC: how well the achievement score predicts a reward (DeLong 95% CI)."},
    "f_concordance": {"vi": "Mức tương hợp giữa kết quả thi đua và khen thưởng (hệ số Spearman)",
                    "en": "Results–rewards concordance (Spearman)"},
    "rho_range": {"vi": "rho từ {low} đến {high}", "en": "rho from {low} to {high}"},
    "r_concordance": {"vi": "Chưa thấy tương hợp rõ ở: {clusters}; cần kiểm tra thêm.",
                    "en": "No clear concordance in: {clusters}; worth a closer look."},
    "r_concordance_ok": {"vi": "Ở mọi cụm, khối, đơn vị có kết quả thi đua tốt hơn được khen nhiều hơn.",
                       "en": "In every cluster, units with better results receive more rewards."},
    "timeliness_caption": {"vi": "Thời gian từ đề nghị đến quyết định khen thưởng (ngày)", "en": "Days from proposal to reward decision"},
    "timeliness_note": {"vi": "Tỷ lệ hồ sơ vượt số ngày tham chiếu: hồ sơ được quyết định sau số ngày tham chiếu. Số hồ sơ là số quyết định khen thưởng, không phải số người trả lời, nên được công bố đầy đủ.",
                      "en": "Share over the reference days: dossiers decided after the reference number of days. Records are reward decisions, not respondents, so they are shown in full."},
    "sec_compliance": {"vi": "6. Tuân thủ quy định", "en": "6. Rule compliance"},
    "intro_compliance": {"vi": "Hồ sơ khen thưởng được đối chiếu với Luật Thi đua, khen thưởng có hiệu lực vào ngày quyết định (Luật năm 2003, sửa đổi, bổ sung; Luật số 06/2022/QH15 từ ngày 01/01/2024).",
                       "en": "Reward records checked against the Law on Emulation and Commendation in force at the decision date (the 2003 Law as amended; Law No. 06/2022/QH15 from 2024-01-01)."},
    "compliance_caption": {"vi": "Số hồ sơ chưa khớp từng quy định (cần đối chiếu hồ sơ gốc)",
                         "en": "Records not matching each rule (check the original dossiers)"},
    "compliance_note": {"vi": "Mức chắc chắn nói về căn cứ pháp lý: 'chắc chắn (có trong văn bản đã dẫn)': quy định có trong văn bản như đã dẫn; 'theo nguồn thứ cấp, cần đối chiếu văn bản': quy định được dẫn lại từ nguồn thứ cấp hoặc chưa đối chiếu số điều, cần kiểm tra văn bản gốc; 'chưa chắc chắn (các nguồn chưa thống nhất)': các nguồn chưa thống nhất. Mỗi hồ sơ được nêu cần đối chiếu với hồ sơ gốc trước khi kết luận.",
                      "en": "Certainty is about the legal basis: 'certain (in the cited text)': the rule is in the cited text; 'from secondary sources, check the legal text': the rule is quoted by secondary sources or its article is not verified; 'uncertain (sources disagree)': sources disagree. Check each listed record against its original dossier before concluding."},
    "compliance_skipped": {"vi": "{n} quy định chưa kiểm tra được vì thiếu dữ liệu (xem ghi chú mục 6).",
                           "en": "{n} rule(s) could not be checked for lack of data (see the notes of section 6)."},
    "f_compliance": {"vi": "Hồ sơ chưa khớp quy định, cần đối chiếu", "en": "Records not matching a rule, to check"},
    "n_records": {"vi": "{n} hồ sơ ({certain} theo căn cứ chắc chắn)",
                "en": "{n} records ({certain} on a certain legal basis)"},
    "r_compliance": {"vi": "Xem bảng ở mục 6 theo từng điều luật.", "en": "See the table in section 6, rule by rule."},
    "r_compliance_none": {"vi": "Không thấy hồ sơ nào chưa khớp các quy định đã kiểm tra.",
                        "en": "No record fails a rule that was checked."},
    # column labels
    "user_dictionary": {"vi": "từ điển cách viết của người dùng", "en": "the user's dictionary of spellings"},
    # the problems spreadsheet of `validate` (io.folder.problems_frame)
    "pf_file": {"vi": "Tệp", "en": "File"},
    "pf_sheet": {"vi": "Trang tính", "en": "Sheet"},
    "pf_table": {"vi": "Bảng dữ liệu", "en": "Table"},
    "pf_column": {"vi": "Cột", "en": "Column"},
    "pf_rows": {"vi": "Dòng", "en": "Rows"},
    "pf_severity": {"vi": "Mức độ", "en": "Severity"},
    "pf_problem": {"vi": "Vấn đề", "en": "Problem"},
    "pf_fix": {"vi": "Cách sửa", "en": "Fix"},
    # data-quality screening
    "quality_section": {"vi": "Chất lượng phiếu khảo sát cán bộ", "en": "Staff survey data quality"},
    # indices and plots
    "depth_ladder": {"vi": "Các bậc chiều sâu của phong trào", "en": "Depth ladder of the movement"},
    # tables
    "staff_responses": {"vi": "Khảo sát cán bộ", "en": "Staff survey"},
    "citizen_responses": {"vi": "Khảo sát người dân", "en": "Citizen survey"},
    "inspections": {"vi": "Kiểm tra", "en": "Inspections"},
    "cluster_scores": {"vi": "Chấm điểm cụm, khối", "en": "Cluster scoring"},
    "cluster_results": {"vi": "Kết quả cụm, khối", "en": "Cluster results"},
    "criteria": {"vi": "Tiêu chí đăng ký", "en": "Registered criteria"},
    "rewards": {"vi": "Khen thưởng", "en": "Rewards"},
    "personnel": {"vi": "Nhân sự", "en": "Personnel"},
    "workforce": {"vi": "Biên chế, lao động", "en": "Workforce"},
    "reports": {"vi": "Báo cáo sơ kết, tổng kết", "en": "Review reports"},
    "units": {"vi": "Đơn vị", "en": "Units"},
    "movements": {"vi": "Phong trào", "en": "Movements"},
    "admin_crosswalk": {"vi": "Bảng chuyển đổi địa giới hành chính", "en": "Administrative crosswalk"},
    # contract columns and codes
    # the area level the data hold (tdkt_eval.areas): two-tier local government since 1 July 2025;
    # its names (area_district, area_former_district, area_commune, count_area_*) are in the glossary
    "area_line": {"vi": "Địa bàn trình bày trong báo cáo: {area}.", "en": "Areas in this report: {area}."},
    "gap_outside": {"vi": "{n} địa bàn có phiếu cán bộ nhưng không có trong mẫu khảo sát người dân nên không so sánh ({area}).",
                    "en": "{n} areas with staff answers are not in the citizen sample, so they are not compared ({area})."},
    # plain-language readings beside each finding (meaning_<finding key>), and new sentences
    "glossary_box_title": {"vi": "Giải thích thuật ngữ", "en": "Explanation of terms"},
    # units printed after an estimate (Campaign.est(..., unit=key))
    "unit_points_per_criterion": {"vi": "điểm/tiêu chí", "en": "points per criterion"},
    "unit_sd": {"vi": "độ lệch chuẩn", "en": "standard deviations"},
    "unit_ratio_to_rest": {"vi": "lần so với phần còn lại của tỉnh", "en": "times the rest of the province"},
    "meaning_f_files": {"vi": "Số tệp dữ liệu đã đọc và số tệp có lỗi; tệp có lỗi không được dùng trong các phần sau.",
                      "en": "How many data files were read and how many have errors; files with errors are not used later."},
    "meaning_f_screening": {"vi": "Bao nhiêu phiếu khảo sát cán bộ bị loại vì trả lời quá nhanh, chọn một đáp án cho mọi câu hoặc trùng lặp, trên tổng số phiếu.",
                          "en": "How many staff responses were set aside as too fast, straight-lined or duplicated, out of all responses."},
    "meaning_f_alpha": {"vi": "Hệ số alpha thấp nhất và cao nhất của các nhóm câu hỏi; từ 0,70 trở lên là các câu trong nhóm cùng đo một điều.",
                      "en": "The lowest and highest alpha of the question groups; 0.70 or more means a group's questions measure one thing."},
    "meaning_f_ladder": {"vi": "Tỷ lệ người dân biết đến phong trào so với tỷ lệ đã nhân rộng cách làm mới: khoảng cách càng lớn thì phong trào càng chưa đi vào chiều sâu.",
                       "en": "The share of citizens who know of the movement against the share who spread a new practice: the wider the drop, the shallower the movement."},
    "meaning_f_gap": {"vi": "Ở các địa bàn được nêu, cán bộ đánh giá phong trào cao hơn người dân nhiều hơn mức chung của tỉnh, tính bằng độ lệch chuẩn.",
                    "en": "In the areas named, staff rate the movement above citizens by more than the province does, in standard deviations."},
    "meaning_f_structure": {"vi": "Các chỉ số cho biết mô hình các nhóm câu hỏi khớp với câu trả lời đến đâu: CFI càng gần 1, RMSEA và SRMR càng gần 0 thì càng khớp.",
                            "en": "How well the model of the question groups matches the answers: the closer CFI is to 1, and RMSEA and SRMR to 0, the better."},
    "meaning_f_invariance": {"vi": "Bước cao nhất đạt được khi kiểm tra các câu hỏi có được hiểu như nhau ở mọi địa bàn; cần đạt bất biến hệ số chặn mới so sánh được điểm giữa các địa bàn.",
                             "en": "The highest step reached when testing whether the questions are understood alike in every area; scores can be compared across areas only at scalar invariance."},
    "meaning_f_index": {"vi": "Địa bàn có điểm chiều sâu (0–100) thấp nhất và khoảng thứ hạng của nó; khoảng rộng thì thứ hạng chưa chắc chắn.",
                      "en": "The area with the lowest depth score (0–100) and its rank interval; a wide interval means an uncertain rank."},
    "meaning_f_rotation": {"vi": "Các cụm, khối mà chuỗi đơn vị nhận cờ qua các năm khó giải thích bằng điểm số, kèm giá trị p của phép kiểm định.",
                         "en": "The clusters whose sequence of flag winners is hard to explain by scores, with the test's p-value."},
    "meaning_f_leniency": {"vi": "Trung bình mỗi tiêu chí, đơn vị tự chấm cao hơn điểm cụm, khối thẩm định bao nhiêu điểm.",
                         "en": "On average per criterion, how many points units score themselves above the verified score."},
    "meaning_f_criteria": {"vi": "Tỷ lệ tiêu chí đăng ký có con số, tỷ lệ, thời hạn hoặc sản phẩm cụ thể để kiểm chứng.",
                         "en": "The share of registered criteria that name a number, rate, deadline or output that can be checked."},
    "meaning_f_copied": {"vi": "Số đơn vị có báo cáo sơ kết, tổng kết gần như trùng nhau giữa các năm, và số cặp báo cáo như vậy.",
                       "en": "How many units have review reports that are nearly the same across years, and how many such pairs."},
    "meaning_f_inspection": {"vi": "Các địa bàn được kiểm tra ít hơn hẳn phần còn lại của tỉnh; 0,10 nghĩa là chỉ bằng một phần mười.",
                           "en": "The areas inspected much less than the rest of the province; 0.10 means a tenth as often."},
    "meaning_f_late": {"vi": "Số đơn vị nộp đúng hạn dưới một nửa số báo cáo, trên tổng số đơn vị có báo cáo.",
                     "en": "How many units submit fewer than half of their reports on time, out of all reporting units."},
    "meaning_f_women": {"vi": "Tỷ trọng của nữ trong số người được khen so với tỷ trọng trong lực lượng lao động; 1 là tương xứng, 0,68 là chỉ bằng khoảng hai phần ba.",
                      "en": "Women's share of rewards against their share of the workforce; 1 is proportional, 0.68 about two thirds."},
    "meaning_f_leaders": {"vi": "Tỷ trọng của lãnh đạo trong số người được khen so với tỷ trọng trong lực lượng lao động; trên 1 là được khen nhiều hơn tương xứng.",
                        "en": "Leaders' share of rewards against their share of the workforce; above 1 means more than proportional."},
    "meaning_f_leader_or": {"vi": "Khả năng được khen cuối năm của lãnh đạo gấp bao nhiêu lần người lao động trực tiếp có cùng xếp loại và điểm thành tích.",
                          "en": "How many times the odds of an annual reward of a leader are those of a front-line worker with the same rating and score."},
    "meaning_f_concordance": {"vi": "Hệ số Spearman thấp nhất và cao nhất giữa thứ hạng thi đua và số lượt được khen trong các cụm, khối; gần 1 là khen theo kết quả.",
                            "en": "The lowest and highest Spearman rho between emulation rank and rewards across clusters; near 1 means rewards follow results."},
    "meaning_f_compliance": {"vi": "Số hồ sơ khen thưởng chưa khớp một quy định đã kiểm tra, trong đó bao nhiêu dựa trên căn cứ chắc chắn; cần đối chiếu hồ sơ gốc.",
                           "en": "How many reward records do not match a checked rule, and how many of these on a certain legal basis; check the dossiers."},
    # command line
    "cli_description": {"vi": "Đánh giá phong trào thi đua và công tác khen thưởng: kiểm tra tệp dữ liệu, lập báo cáo, "
                              "tạo dữ liệu mẫu.",
                        "en": "Evaluate emulation movements and commendation work: check data files, build the report, "
                              "make demo data."},
    "cli_exit_codes": {"vi": "Mã thoát:\n  0    thành công\n  1    dữ liệu hoặc biểu mẫu có lỗi\n"
                             "  2    dùng lệnh sai (tùy chọn không hợp lệ, không có thư mục, không ghi được --out)\n"
                             "  3    lỗi của chương trình (hãy báo lại; chạy lại với --debug để xem chi tiết)\n"
                             "  130  bị ngắt (Ctrl+C)",
                       "en": "Exit codes:\n  0    success\n  1    the data or forms have problems\n"
                             "  2    usage error (a bad option, a missing folder, an --out that cannot be written)\n"
                             "  3    a bug in tdkt-eval (please report it; rerun with --debug for the details)\n"
                             "  130  interrupted (Ctrl+C)"},
    "cli_debug": {"vi": "khi chương trình gặp lỗi của chính nó, in toàn bộ traceback để báo lỗi",
                  "en": "on a bug in tdkt-eval, print the full traceback for the bug report"},
    "cli_bug": {"vi": "lỗi nội bộ ({kind}). Đây là lỗi của tdkt-eval, không phải của dữ liệu. Xin hãy báo lại, "
                      "kèm lệnh đã chạy; chạy lại với --debug để xem chi tiết (traceback).",
                "en": "internal error ({kind}). This is a bug in tdkt-eval, not a problem in your data. Please "
                      "report it with the command you ran; rerun with --debug to see the details (traceback)."},
    "cli_os_error": {"vi": "không đọc hoặc ghi được '{path}': {reason}. Hãy kiểm tra quyền truy cập và chỗ trống "
                           "trên đĩa.",
                     "en": "could not read or write '{path}': {reason}. Check the permissions and the free disk "
                           "space."},
    "cli_usage": {"vi": "cách dùng: ", "en": "usage: "},
    "cli_options": {"vi": "tùy chọn", "en": "options"},
    "cli_commands": {"vi": "lệnh", "en": "commands"},
    "cli_help": {"vi": "hiện trợ giúp này rồi thoát", "en": "show this help message and exit"},
    "cli_version": {"vi": "hiện số phiên bản rồi thoát", "en": "show the version number and exit"},
    "cli_lang": {"vi": "ngôn ngữ của trợ giúp và thông báo: vi hoặc en (mặc định: biến môi trường TDKT_LANG, rồi ngôn ngữ của hệ điều hành, nếu không có thì en)",
               "en": "language of help and messages: vi or en (default: the TDKT_LANG environment variable, then the system locale, else en)"},
    "cli_error": {"vi": "lỗi", "en": "error"},
    "cli_interrupted": {"vi": "Đã dừng theo yêu cầu (Ctrl+C).", "en": "Interrupted (Ctrl+C)."},
    "cli_not_a_folder": {"vi": "'{path}' không phải là thư mục.", "en": "'{path}' is not a folder."},
    "cli_err_argument": {"vi": "tham số {name}: {message}", "en": "argument {name}: {message}"},
    "cli_err_required": {"vi": "thiếu tham số bắt buộc: {names}",
                         "en": "the following arguments are required: {names}"},
    "cli_err_unrecognized": {"vi": "tham số không nhận ra: {names}", "en": "unrecognized arguments: {names}"},
    "cli_err_choice": {"vi": "lựa chọn không hợp lệ: {value} (chọn một trong {choices})",
                       "en": "invalid choice: {value} (choose from {choices})"},
    "cli_err_one_value": {"vi": "cần một giá trị", "en": "expected one argument"},
    "cli_err_type": {"vi": "giá trị không hợp lệ: {value}", "en": "invalid {type} value: {value}"},
    "cli_validate_help": {"vi": "kiểm tra mọi tệp của một thư mục dữ liệu theo quy cách dữ liệu",
                          "en": "check every file of a data folder against the data contracts"},
    "cli_data_dir": {"vi": "thư mục chứa các tệp dữ liệu (csv, tsv, txt, xlsx, parquet)",
                     "en": "folder of data files (csv, tsv, txt, xlsx, parquet)"},
    "cli_validate_rows": {"vi": "{rows} dòng", "en": "{rows} rows"},
    "cli_validate_none": {"vi": "Không nhận ra tệp dữ liệu nào trong '{path}'. Hãy đặt tên tệp theo bảng, ví dụ "
                                "rewards.csv, khen_thuong.xlsx, staff_responses.csv.",
                          "en": "No data files recognised in '{path}'. Name them after their table, e.g. rewards.csv, "
                                "khen_thuong.xlsx, staff_responses.csv."},
    "cli_validate_summary": {"vi": "Đã kiểm tra {files} tệp hoặc trang tính: {errors} có lỗi, {warnings} có cảnh báo.",
                             "en": "{files} files or sheets checked, {errors} with errors, {warnings} with warnings."},
    "cli_report_help": {"vi": "lập báo cáo đánh giá (HTML)", "en": "build the campaign report (HTML)"},
    "cli_convert_help": {"vi": "kiểm tra một thư mục dữ liệu rồi ghi mỗi bảng hợp lệ thành tệp Parquet, để các lần "
                                "chạy sau đọc nhanh (dữ liệu lớn, cấp quốc gia)",
                         "en": "check a data folder and write each valid table as a Parquet file, so that later runs "
                               "read it fast (large, national data)"},
    "cli_convert_out": {"vi": "thư mục ghi các tệp Parquet (thay cả thư mục khi chuyển đổi xong)",
                        "en": "folder for the Parquet files (replaced whole when the conversion succeeds)"},
    "cli_convert_written": {"vi": "Đã ghi {path}", "en": "Wrote {path}"},
    "cli_max_file_mb": {"vi": "dung lượng tối đa của một tệp, tính bằng MB (mặc định 200; dữ liệu toàn quốc có thể cần "
                              "4000; cũng đặt được bằng biến môi trường TDKT_MAX_FILE_MB)",
                        "en": "the largest file to read, in MB (default 200; national data may need 4000; also the "
                              "environment variable TDKT_MAX_FILE_MB)"},
    "cli_convert_summary": {"vi": "Đã chuyển {tables} bảng vào {path} ({files} tệp hoặc trang tính, {errors} có lỗi; "
                                  "tệp không nạp được thì không có trong bảng, như khi lập báo cáo).",
                            "en": "Converted {tables} tables into {path} ({files} files or sheets, {errors} with "
                                  "errors; a file that does not load is left out of its table, as in the report)."},
    "cli_report_out": {"vi": "thư mục ghi báo cáo (mặc định: reports/report)",
                       "en": "output folder (default: reports/report)"},
    "cli_report_lang": {"vi": "ngôn ngữ của báo cáo, cũng là của trợ giúp và thông báo: vi hoặc en (mặc định: biến môi trường TDKT_LANG, rồi ngôn ngữ của hệ điều hành, nếu không có thì vi)",
                      "en": "language of the report, and of help and messages: vi or en (default: the TDKT_LANG environment variable, then the system locale, else vi)"},
    "cli_k_min": {"vi": "ẩn các ô của bảng mô tả ít hơn N người, số nguyên từ 1 trở lên (mặc định: 5)",
                  "en": "hide table cells that describe fewer than N people, a whole number of at least 1 "
                        "(default: 5)"},
    "cli_movement": {"vi": "chỉ đánh giá phong trào này (mã trong movements.csv, ví dụ M01)",
                     "en": "evaluate only this movement (its ID in movements.csv, e.g. M01)"},
    "cli_years": {"vi": "các năm đánh giá: 2021-2024, 2023 hoặc 2021,2023 (mặc định: mọi năm)",
                  "en": "years to evaluate: 2021-2024, 2023 or 2021,2023 (default: all years)"},
    "cli_bad_years": {"vi": "'{text}' không phải là năm, khoảng năm hay danh sách năm; hãy viết ví dụ 2023, 2021-2024 "
                            "hoặc 2021,2023.",
                      "en": "'{text}' is not a year, a range or a list of years; write e.g. 2023, 2021-2024 "
                            "or 2021,2023."},
    "cli_backward_years": {"vi": "khoảng năm '{text}' bị đảo ngược; hãy viết {first}-{last}.",
                           "en": "the range '{text}' runs backwards; write {first}-{last}."},
    "cli_bad_count": {"vi": "cần một số nguyên từ {minimum} trở lên; nhận được '{text}'.",
                      "en": "expected a whole number of at least {minimum}; got '{text}'."},
    "cli_report_written": {"vi": "Đã ghi báo cáo vào {path}", "en": "Report written to {path}"},
    "cli_validate_problems_sheet": {"vi": "Vấn đề", "en": "Problems"},
    "cli_validate_unused": {"vi": "KHÔNG DÙNG", "en": "NOT USED"},
    "cli_validate_sheet": {"vi": "trang tính '{sheet}'", "en": "sheet '{sheet}'"},
    "cli_validate_column": {"vi": "cột '{column}'", "en": "column '{column}'"},
    "cli_validate_at_rows": {"vi": "dòng {rows}", "en": "rows {rows}"},
    "cli_validate_across": {"vi": "Đối chiếu giữa các bảng", "en": "Checks across tables"},
    "cli_validate_unused_count": {"vi": "{unused} tệp hoặc trang tính không dùng (lý do ghi ở từng dòng).",
                                  "en": "{unused} file(s) or sheet(s) not used (the reason is on each line)."},
    "cli_problems_written": {"vi": "Danh sách vấn đề (để sửa từng dòng) đã ghi vào {path}",
                             "en": "The list of problems (to work through) was written to {path}"},
    "cli_problems_file": {"vi": "tệp Excel ghi danh sách vấn đề (mặc định: reports/<thư mục>/van_de.xlsx)",
                          "en": "Excel file for the list of problems (default: reports/<folder>/problems.xlsx)"},
    "cli_nothing_usable": {"vi": "Không có tệp dữ liệu nào dùng được trong '{path}', nên không lập báo cáo. Chạy "
                                 "'tdkt-eval validate {path} --lang vi' để xem lý do từng tệp.",
                           "en": "No usable data file in '{path}', so no report was built. Run "
                                 "'tdkt-eval validate {path}' to see why for each file."},
    "cli_unknown_movement": {"vi": "không có phong trào '{movement}' trong dữ liệu; các mã phong trào có: {known}.",
                             "en": "there is no movement '{movement}' in the data; the movement codes are: {known}."},
    "cli_no_data_years": {"vi": "Không có dữ liệu nào cho năm {years}; dữ liệu có các năm {available}.",
                          "en": "There are no data for {years}; the data cover {available}."},
    "cli_report_incomplete": {"vi": "Báo cáo đã lập nhưng chưa đầy đủ: dữ liệu còn {errors} lỗi, nên một số tệp, bản "
                                    "ghi hoặc phần phân tích bị bỏ qua hay cần xem lại. Chạy 'tdkt-eval validate "
                                    "{path} --lang vi' để xem và sửa.",
                              "en": "The report was built, but incomplete: the data have {errors} error(s), so some "
                                    "files, records or analyses were left out or need a second look. Run "
                                    "'tdkt-eval validate {path}' to see and fix them."},
    "cli_instruments_help": {"vi": "kiểm tra biểu mẫu khảo sát (XLSForm) hoặc ghi sổ mã của chúng",
                             "en": "check the survey forms (XLSForm) or write their codebooks"},
    "cli_instruments_action": {"vi": "validate: kiểm tra biểu mẫu; codebook: ghi sổ mã",
                               "en": "validate: check the forms; codebook: write their codebooks"},
    "cli_forms": {"vi": "tệp XLSForm hoặc tên biểu mẫu có sẵn (mặc định: staff citizen inspection)",
                  "en": "XLSForm files or shipped form names (default: staff citizen inspection)"},
    "cli_codebook_out": {"vi": "thư mục ghi sổ mã (mặc định: reports/codebooks)",
                         "en": "codebook folder (default: reports/codebooks)"},
    "cli_forms_summary": {"vi": "Đã kiểm tra {forms} biểu mẫu: {problems} vấn đề.",
                          "en": "{forms} form(s) checked, {problems} problem(s)."},
    "cli_codebook_written": {"vi": "Đã ghi sổ mã vào {path}", "en": "Codebook written to {path}"},
    "cli_demo_help": {"vi": "tạo lại dữ liệu mẫu: một tỉnh giả lập có các hiệu ứng cài sẵn",
                      "en": "regenerate the demo data: a synthetic province with planted effects"},
    "cli_demo_out": {"vi": "thư mục ghi dữ liệu mẫu (mặc định: data/demo)", "en": "output folder (default: data/demo)"},
    "cli_seed": {"vi": "số khởi tạo ngẫu nhiên, số nguyên từ 0 trở lên (mặc định: {seed})",
               "en": "random seed, a whole number of at least 0 (default: {seed})"},
    "cli_demo_written": {"vi": "Đã ghi {files} tệp vào {path} với số khởi tạo ngẫu nhiên {seed}.",
                       "en": "Wrote {files} files to {path} with seed {seed}."},
    # the field list of a drawn sample (select_sample, tdkt-eval sample)
    "field_stratum": {"vi": "Tầng (huyện)", "en": "Stratum"},
    "field_commune": {"vi": "Xã, phường", "en": "Commune"},
    "field_village": {"vi": "Thôn, tổ dân phố", "en": "Village"},
    "field_households": {"vi": "Số hộ (khung mẫu)", "en": "Households in the frame"},
    "field_to_interview": {"vi": "Số hộ cần phỏng vấn", "en": "Households to interview"},
    "field_pi_1": {"vi": "Xác suất chọn xã", "en": "Probability of the commune"},
    "field_pi_2": {"vi": "Xác suất chọn thôn trong xã", "en": "Probability of the village in its commune"},
    "field_pi_3": {"vi": "Xác suất chọn hộ trong thôn", "en": "Probability of a household in its village"},
    "field_certainty": {"vi": "Xã chọn chắc chắn", "en": "Commune taken for sure"},
    "field_weight": {"vi": "Trọng số thiết kế của mỗi hộ", "en": "Design weight of each household"},
    "field_start": {"vi": "Điểm bắt đầu ngẫu nhiên (kiểm tra lại)", "en": "Random start (for an audit)"},
    "field_sheet": {"vi": "Danh sách điều tra", "en": "Field list"},
    "cli_sample_help": {"vi": "chọn mẫu khảo sát người dân từ danh sách thôn (xã theo PPS, thôn, hộ) và ghi danh sách điều tra",
                        "en": "draw the citizen sample from a list of villages (communes by PPS, villages, households) and write the field list"},
    "cli_sample_frame": {"vi": "tệp danh sách thôn (.xlsx hoặc .csv): tầng/huyện, xã, thôn, số hộ",
                         "en": "the list of villages (.xlsx or .csv): stratum/district, commune, village, households"},
    "cli_sample_communes": {"vi": "số xã chọn trong mỗi tầng", "en": "communes to select in each stratum"},
    "cli_sample_n": {"vi": "tổng số hộ cần phỏng vấn (thay cho --communes): số xã chia cho các tầng theo số hộ, ít nhất 2 xã mỗi tầng",
                     "en": "households to interview in all (instead of --communes): the communes are shared across strata by households, at least 2 each"},
    "cli_sample_villages": {"vi": "số thôn chọn trong mỗi xã", "en": "villages to select in each commune"},
    "cli_sample_households": {"vi": "số hộ phỏng vấn trong mỗi thôn", "en": "households to interview in each village"},
    "cli_sample_out": {"vi": "tệp danh sách điều tra (.xlsx)", "en": "the field list to write (.xlsx)"},
    "cli_sample_column": {"vi": "tên cột {role} trong tệp (mặc định: nhận theo tiêu đề)",
                          "en": "the {role} column of the file (default: recognised by its header)"},
    "cli_sample_written": {"vi": "Đã chọn {communes} xã, {villages} thôn, {households} hộ cần phỏng vấn; danh sách điều tra: {path} (seed {seed}).",
                           "en": "Selected {communes} communes, {villages} villages, {households} households to interview; field list: {path} (seed {seed})."},
    # the council app (tdkt-eval app)
    "app_title": {"vi": "Đánh giá phong trào thi đua và công tác khen thưởng",
                  "en": "Evaluating emulation movements and commendation"},
    "app_intro": {"vi": "Thả các tệp dữ liệu của đợt đánh giá, xem kết quả kiểm tra, chọn thiết lập rồi lập báo cáo. "
                        "Dữ liệu chỉ được xử lý trên máy này.",
                  "en": "Drop the campaign's data files, read the check, choose the settings and build the report. "
                        "The data are processed on this computer only."},
    "app_privacy": {"vi": "Họ tên, số điện thoại, số CCCD và địa chỉ bị loại khỏi báo cáo. Tệp được giữ trong một thư mục "
                          "tạm riêng và bị xoá khi tắt ứng dụng; không có gì được gửi ra ngoài.",
                    "en": "Names, phone numbers, ID numbers and addresses are left out of the report. Files are kept in "
                          "a private temporary folder, removed when the app stops; nothing is sent anywhere."},
    "app_lang": {"vi": "Ngôn ngữ", "en": "Language"},
    "app_step_data": {"vi": "1. Dữ liệu", "en": "1. Data"},
    "app_step_check": {"vi": "2. Kiểm tra", "en": "2. Check"},
    "app_step_settings": {"vi": "3. Thiết lập", "en": "3. Settings"},
    "app_step_report": {"vi": "4. Báo cáo", "en": "4. Report"},
    "app_upload": {"vi": "Chọn tệp", "en": "Choose files"},
    "app_upload_hint": {"vi": "Kéo thả vào nút hoặc bấm để chọn: Excel (.xlsx), CSV, tệp xuất KoboToolbox/ODK, hoặc tệp "
                              "nén .zip. Thả lại một tệp đã sửa (cùng tên) để kiểm tra lại.",
                        "en": "Drop onto the button or click to choose: Excel (.xlsx), CSV, KoboToolbox/ODK exports, or "
                              "a .zip archive. Drop a corrected file again (same name) to check it again."},
    "app_folder": {"vi": "Hoặc thư mục", "en": "Or a folder"},
    "app_folder_placeholder": {"vi": "đường dẫn tới thư mục dữ liệu", "en": "path of the data folder"},
    "app_folder_use": {"vi": "Dùng thư mục này", "en": "Use this folder"},
    "app_clear": {"vi": "Xoá các tệp đã thả", "en": "Remove the dropped files"},
    "app_no_files": {"vi": "Chưa có tệp dữ liệu nào.", "en": "No data files yet."},
    "app_reading": {"vi": "Đang đọc thư mục {folder}.", "en": "Reading the folder {folder}."},
    "app_received": {"vi": "Đã nhận: {names}.", "en": "Received: {names}."},
    "app_refused": {"vi": "Không nhận tệp {name}: {problem}", "en": "Not taken: {name}: {problem}"},
    "app_not_a_folder": {"vi": "Không có thư mục {path}. Hãy chép đường dẫn của thư mục từ trình quản lý tệp.",
                         "en": "There is no folder {path}. Copy the folder's path from the file manager."},
    "app_recognised": {"vi": "Mỗi tệp và trang tính được nhận là bảng nào", "en": "Which table each file and sheet was recognised as"},
    "app_rows": {"vi": "Số dòng", "en": "Rows"},
    "app_status": {"vi": "Trạng thái", "en": "Status"},
    "app_note": {"vi": "Ghi chú", "en": "Note"},
    "app_check_summary": {"vi": "{files} tệp hoặc trang tính được dùng: {errors} có lỗi, {warnings} có cảnh báo; "
                                "{unused} không dùng.",
                          "en": "{files} file(s) or sheet(s) used: {errors} with errors, {warnings} with warnings; "
                                "{unused} not used."},
    "app_no_problems": {"vi": "Không có vấn đề nào.", "en": "No problems."},
    "app_nothing_usable": {"vi": "Không có bảng dữ liệu nào dùng được: hãy sửa tệp theo danh sách vấn đề rồi thả lại.",
                           "en": "No table can be used yet: correct the files as the problems say, then drop them again."},
    "app_sort_by": {"vi": "Sắp xếp theo", "en": "Sort by"},
    "app_descending": {"vi": "Giảm dần", "en": "Descending"},
    "app_download_problems": {"vi": "Tải danh sách vấn đề (.xlsx)", "en": "Download the problems (.xlsx)"},
    "app_movement": {"vi": "Phong trào", "en": "Movement"},
    "app_all_movements": {"vi": "Tất cả phong trào", "en": "All movements"},
    "app_year_from": {"vi": "Từ năm", "en": "From year"},
    "app_year_to": {"vi": "Đến năm", "en": "To year"},
    "app_k_min": {"vi": "Ẩn ô dưới (người)", "en": "Hide cells under (people)"},
    "app_report_lang": {"vi": "Ngôn ngữ báo cáo", "en": "Report language"},
    "app_report_title": {"vi": "Tiêu đề", "en": "Title"},
    "app_years_backward": {"vi": "Năm bắt đầu ({first}) sau năm kết thúc ({last}): hãy chọn lại.",
                           "en": "The first year ({first}) is after the last ({last}): choose again."},
    "app_build": {"vi": "Lập báo cáo", "en": "Build the report"},
    "app_building": {"vi": "Đang tính: {step}", "en": "Computing: {step}"},
    "app_step_load": {"vi": "Đọc và kiểm tra dữ liệu", "en": "Reading and checking the data"},
    "app_step_save": {"vi": "Lưu hình và bảng", "en": "Saving the figures and tables"},
    "app_step_page": {"vi": "Tạo trang báo cáo", "en": "Writing the report page"},
    "app_built": {"vi": "Đã lập báo cáo trong {seconds} giây.", "en": "Report built in {seconds} s."},
    "app_open_report": {"vi": "Mở báo cáo (report.html)", "en": "Open the report (report.html)"},
    "app_download_zip": {"vi": "Tải báo cáo kèm hình và bảng (.zip)",
                         "en": "Download the report with its figures and tables (.zip)"},
    "app_saved_at": {"vi": "Báo cáo được lưu tại {path}", "en": "The report is saved at {path}"},
    "app_failed": {"vi": "Chưa lập được báo cáo.", "en": "The report could not be built."},
    "app_bug": {"vi": "Lỗi ngoài dự kiến trong tdkt-eval ({kind}). Dữ liệu không bị thay đổi. Hãy báo cho nhóm phát triển "
                      "các bước đã làm (không gửi kèm dữ liệu cá nhân).",
                "en": "An unexpected problem in tdkt-eval ({kind}). The data were not changed. Please tell the developers "
                      "the steps you took (without sending personal data)."},
    "cli_app_help": {"vi": "mở ứng dụng cho văn phòng trong trình duyệt (chỉ trên máy này): thả tệp, kiểm tra, lập báo cáo",
                     "en": "open the council app in the browser (on this computer only): drop files, check, build the report"},
    "cli_app_data": {"vi": "thư mục dữ liệu mở sẵn khi ứng dụng bắt đầu (không bắt buộc)",
                     "en": "a data folder to open when the app starts (optional)"},
    "cli_app_port": {"vi": "cổng trên 127.0.0.1 (mặc định: một cổng còn trống)",
                     "en": "port on 127.0.0.1 (default: a free one)"},
    "cli_app_no_browser": {"vi": "không tự mở trình duyệt, chỉ in địa chỉ",
                           "en": "do not open the browser, only print the address"},
    "cli_app_lang": {"vi": "ngôn ngữ của ứng dụng (mặc định: tiếng Việt)", "en": "language of the app (default: Vietnamese)"},
    "cli_app_ready": {"vi": "Ứng dụng đang chạy tại {url}\nGiữ cửa sổ này mở khi dùng; bấm Ctrl+C để tắt (các tệp tạm sẽ bị xoá).",
                      "en": "The app is running at {url}\nKeep this window open while you use it; press Ctrl+C to stop "
                            "(the temporary files are removed)."},
    "cli_app_failed": {"vi": "Ứng dụng không khởi động được ({status}).",
                       "en": "The app did not start ({status})."},
    "cli_app_missing": {"vi": "Thiếu thư viện {name} cho ứng dụng: hãy cài lại tdkt-eval (pip install tdkt-eval).",
                        "en": "The app needs {name}: install tdkt-eval again (pip install tdkt-eval)."},
})


# the operating system's reasons that a user meets most, in Vietnamese (strerror is English)
_OS_REASONS_VI = {errno.EACCES: "không có quyền", errno.EPERM: "không được phép", errno.ENOSPC: "hết chỗ trên đĩa",
                  errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOENT: "không có tệp hoặc thư mục này",
                  errno.EISDIR: "đó là một thư mục", errno.ENOTDIR: "một phần của đường dẫn không phải thư mục"}


def os_error_text(err: OSError, lang: Lang) -> str:
    """What to tell a user whose file could not be read or written, in ``lang`` (Python's own text is English).

    Examples
    --------
    >>> os_error_text(PermissionError(13, "Permission denied", "bao_cao.xlsx"), "vi")[:45]
    "không đọc hoặc ghi được 'bao_cao.xlsx': không"
    """
    reason = (_OS_REASONS_VI.get(err.errno) if lang == "vi" else None) or err.strerror or type(err).__name__
    return label("cli_os_error", lang).format(path=err.filename or "?", reason=reason)


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is "vi" or "en", else raise a ValueError that says so."""
    if lang not in ("vi", "en"):
        raise InvalidParameterError(f"The 'lang' parameter must be one of {{'vi', 'en'}}. Got {lang!r} instead.")
    return lang  # type: ignore[return-value]


def label(key: str, lang: Lang = "vi") -> str:
    """The label for ``key`` in ``lang``: the glossary's term, else a sentence of LABELS; unknown keys unchanged.

    Examples
    --------
    >>> label("female", "vi"), label("female", "en"), label("U001", "vi")
    ('Nữ', 'Female', 'U001')
    >>> label("good", "vi"), label("reported", "vi")
    ('Hoàn thành tốt nhiệm vụ', 'theo nguồn thứ cấp, cần đối chiếu văn bản')

    Reward forms are shown by their official names:

    >>> label("chien_si_thi_dua_co_so", "vi"), label("giay_khen", "en")
    ('Chiến sĩ thi đua cơ sở', 'Certificate of commendation')
    """
    term = glossary().get(key)
    if term is not None:
        return term.term(lang)
    entry = LABELS.get(key) or _reward_form_labels().get(key)
    return entry[check_lang(lang)] if entry else key


@functools.cache
def _reward_form_labels() -> Mapping[str, Mapping[str, str]]:
    """Reward form code → its labels, from the vocabulary of the data contracts (read once)."""
    from .io.vocabulary import reward_forms  # io uses this module: import when first needed

    return MappingProxyType({f["code"]: {"vi": f["label_vi"], "en": f["label_en"]} for f in reward_forms()})


_TERM = re.compile(r"^(?:C\((?P<c>[^,)]+)[^)]*\)|(?P<v>[^\[]+))\[T\.(?P<level>.+)\]$")


def term_label(text: str, lang: Lang = "vi") -> str:
    """A model term in words: the label of the whole text, else "Variable: Level" of a treatment-coded term.

    Examples
    --------
    >>> term_label("position_group[T.leader]", "en"), term_label("C(level)[T.grassroots]", "vi")
    ('Position group: Leader', 'Cấp: Cơ sở')
    >>> term_label("achievement_score", "en"), term_label("x1", "en")
    ('Achievement score', 'x1')
    """
    if label(text, lang) != text:
        return label(text, lang)
    m = _TERM.match(text)
    if m:
        return f"{label(m['c'] or m['v'], lang)}: {label(m['level'], lang)}"
    return text


def format_number(value: float, lang: Lang = "vi", *, decimals: int = 0) -> str:
    """Format a number with the separators of ``lang``: 1.234,5 in Vietnamese, 1,234.5 in English.

    Examples
    --------
    >>> format_number(454675.25, "vi"), format_number(454675.25, "en")
    ('454.675', '454,675')
    >>> format_number(0.97, "vi", decimals=2), format_number(1955, "vi")
    ('0,97', '1.955')
    >>> format_number(float("inf"), "vi"), format_number(float("nan"), "en")  # an odds ratio with no upper bound
    ('∞', '–')
    """
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:,.{decimals}f}"
    if check_lang(lang) == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def format_percent(share: float, lang: Lang = "vi", *, decimals: int = 1) -> str:
    """A share (0–1) as a percentage, with no space before "%" in either language; missing as "–".

    Examples
    --------
    >>> format_percent(0.748, "vi"), format_percent(0.748, "en"), format_percent(float("nan"))
    ('74,8%', '74.8%', '–')
    """
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return format_number(100 * float(share), lang, decimals=decimals) + "%"


def format_p(p: float, lang: Lang = "vi", *, decimals: int = 3) -> str:
    """A p-value: below 0.001 (at 3 decimals) as "<0,001", never as "0,000"; missing as "–".

    Examples
    --------
    >>> format_p(0.00002, "vi"), format_p(0.0123, "vi"), format_p(0.5, "en"), format_p(1.0, "vi")
    ('<0,001', '0,012', '0.500', '1,000')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "–"
    floor = 10.0 ** -decimals
    if float(p) < floor:
        return "<" + format_number(floor, lang, decimals=decimals)
    return format_number(float(p), lang, decimals=decimals)


def format_count_of(n: int, total: int, lang: Lang = "vi") -> str:
    """"45 / 2.000": a count out of a total, both with the thousands separator of ``lang``.

    Examples
    --------
    >>> format_count_of(45, 2000, "vi"), format_count_of(45, 2000, "en")
    ('45 / 2.000', '45 / 2,000')
    """
    return f"{format_number(n, lang)} / {format_number(total, lang)}"


def _locale_lang() -> Lang | None:
    """The language of the system locale: "vi" for vi_VN or Vietnamese_Vietnam, "en" for English, else None.

    POSIX variables are read in their order of precedence (LC_ALL, LC_MESSAGES, LANG); "C" and
    "POSIX" name no language.  Where none is set (Windows), Python's locale is asked.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            return _lang_of(value)
    try:
        found = locale.getlocale()[0] or ""
    except ValueError:
        found = ""
    return _lang_of(found)


def _lang_of(name: str) -> Lang | None:
    name = name.lower()
    if name.startswith(("vi_", "vietnamese")) or name == "vi":
        return "vi"
    if name.startswith(("en_", "english")) or name == "en":
        return "en"
    return None


def default_lang(fallback: Lang = "vi") -> Lang:
    """The language when none is asked for: ``TDKT_LANG``, then the system locale, then ``fallback``.

    ``TDKT_LANG`` is read loosely ("vi", "VI", "vi_VN.UTF-8").  A locale of another language, or
    "C", leaves the choice to ``fallback`` (Vietnamese for the report).

    Examples
    --------
    >>> import os
    >>> os.environ[LANG_ENV] = "en_GB"; default_lang()
    'en'
    >>> del os.environ[LANG_ENV]
    """
    value = os.environ.get(LANG_ENV, "").strip().lower()[:2]
    if value in ("vi", "en"):
        return value  # type: ignore[return-value]
    return _locale_lang() or check_lang(fallback)
