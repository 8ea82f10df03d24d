"""One translation table for every label shown to people (reports, figures, CLI).

Labels are looked up by key; codes of the data contracts (``leader``,
``female``, ``grassroots`` …) have entries too, so tables can be relabelled.
"""

from __future__ import annotations

import functools
import re
from types import MappingProxyType
from typing import Literal, Mapping

from ._validation import InvalidParameterError

__all__ = ["Lang", "LABELS", "label", "term_label", "check_lang", "format_number"]

Lang = Literal["vi", "en"]

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
    "summary_area": {"vi": "Nội dung", "en": "Area"},
    "summary_finding": {"vi": "Chỉ số", "en": "Indicator"},
    "summary_estimate": {"vi": "Ước lượng", "en": "Estimate"},
    "summary_reading": {"vi": "Nhận định", "en": "Reading"},
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
    "reliability_caption": {"vi": "Độ tin cậy theo nhóm câu hỏi (alpha của Cronbach, KTC Feldt 95%; omega tổng)",
                            "en": "Reliability per construct (Cronbach's alpha with Feldt 95% CI; omega total)"},
    "reliability_note": {"vi": "Câu hỏi đảo chiều đã được đổi chiều. Alpha từ 0,70 trở lên thường được coi là chấp nhận được.",
                         "en": "Reverse-keyed items are reversed. An alpha of 0.70 or more is usually taken as acceptable."},
    "f_alpha": {"vi": "Alpha của các nhóm câu hỏi", "en": "Alpha of the constructs"},
    "r_alpha_ok": {"vi": "Mọi nhóm đạt từ {threshold} trở lên.", "en": "Every construct reaches {threshold} or more."},
    "r_alpha_low": {"vi": "Dưới {threshold}: {names}; nên xem lại các câu hỏi này.", "en": "Below {threshold}: {names}; review these questions."},
    "kmo_note": {"vi": "Chỉ số KMO của toàn bộ câu hỏi: {kmo} (trên 0,80 là tốt cho phân tích nhân tố).",
                 "en": "KMO of all items: {kmo} (above 0.80 is good for factor analysis)."},
    "likert_caption": {"vi": "Phân bố câu trả lời của cán bộ (n = {n}), xếp theo mức đồng ý ròng",
                       "en": "Staff answers (n = {n}), sorted by net agreement"},
    "likert_alt": {"vi": "Biểu đồ thanh phân kỳ cho {k} câu hỏi: phần đồng ý ở bên phải, không đồng ý ở bên trái, trung lập màu xám ở giữa.",
                   "en": "Diverging bar chart of {k} questions: agreement to the right, disagreement to the left, neutral in grey at the centre."},
    "construct": {"vi": "Nhóm câu hỏi", "en": "Construct"},
    "construct_awareness": {"vi": "Nhận thức", "en": "Awareness"},
    "construct_participation": {"vi": "Tham gia", "en": "Participation"},
    "construct_substance": {"vi": "Tính thực chất", "en": "Substance"},
    "construct_sustainment": {"vi": "Tính bền vững", "en": "Sustainment"},
    "construct_model_examples": {"vi": "Điển hình tiên tiến", "en": "Model examples"},
    "construct_formality": {"vi": "Bệnh hình thức", "en": "Formality"},
    "construct_fairness": {"vi": "Công bằng trong khen thưởng", "en": "Fairness of rewards"},
    "construct_inspection": {"vi": "Kiểm tra, giám sát", "en": "Inspection"},
    "construct_council": {"vi": "Hội đồng thi đua, khen thưởng", "en": "The council"},
    "construct_training": {"vi": "Tập huấn", "en": "Training"},
    "k": {"vi": "Số câu", "en": "Items"},
    "alpha": {"vi": "Alpha", "en": "Alpha"},
    "alpha_ci_lower": {"vi": "KTC dưới", "en": "CI low"},
    "alpha_ci_upper": {"vi": "KTC trên", "en": "CI high"},
    "omega_total": {"vi": "Omega tổng", "en": "Omega total"},
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
    "r_ladder": {"vi": "Tỷ lệ giảm dần qua các bậc; hệ số H của Loevinger {h}.", "en": "Shares fall up the ladder; Loevinger's H {h}."},
    "gap_caption": {"vi": "Chênh lệch nhận định cán bộ – người dân theo huyện (độ lệch chuẩn)",
                    "en": "Staff–citizen perception gap by district (standard deviations)"},
    "gap_note": {"vi": "Chênh lệch dương: cán bộ đánh giá cao hơn người dân nhiều hơn mức chung của tỉnh. Giá trị p đã hiệu chỉnh Holm.",
                 "en": "A positive gap: staff rate the movement higher than citizens do, by more than the province does. p-values are Holm-adjusted."},
    "f_gap": {"vi": "Huyện có chênh lệch cán bộ – người dân", "en": "Districts with a staff–citizen gap"},
    "r_gap": {"vi": "Cán bộ đánh giá cao hơn hẳn người dân: dấu hiệu báo cáo đẹp hơn thực tế.",
              "en": "Staff rate the movement well above citizens: a sign of reports rosier than reality."},
    "r_gap_none": {"vi": "Không huyện nào có chênh lệch có ý nghĩa.", "en": "No district shows a significant gap."},
    "index_caption": {"vi": "Chỉ số chiều sâu phong trào theo huyện (0–100), khoảng 90% và khoảng thứ hạng",
                      "en": "Movement depth index by district (0–100), 90% intervals and rank intervals"},
    "index_note": {"vi": "Khoảng bất định từ mô phỏng Monte Carlo (lấy mẫu lại người trả lời, thay đổi trọng số và cách chuẩn hóa).",
                   "en": "Uncertainty from Monte Carlo runs (resampled respondents, varied weights and normalisation)."},
    "ranks_caption": {"vi": "Thứ hạng trung vị và khoảng thứ hạng của các huyện", "en": "Median rank and rank interval of each district"},
    "ranks_alt": {"vi": "Biểu đồ điểm và đoạn thẳng: thứ hạng trung vị của từng huyện với khoảng thứ hạng 90%.",
                  "en": "Dot-and-whisker chart: each district's median rank with its 90% rank interval."},
    "f_index": {"vi": "Huyện có chỉ số chiều sâu thấp nhất", "en": "District with the lowest depth index"},
    "r_index": {"vi": "Khoảng thứ hạng {low}–{high}: thứ hạng chỉ đáng tin khi các khoảng không chồng lên nhau.",
                "en": "Rank interval {low}–{high}: ranks are only firm where the intervals do not overlap."},
    "rung": {"vi": "Bậc", "en": "Rung"},
    "ci_low": {"vi": "KTC dưới", "en": "CI low"},
    "ci_high": {"vi": "KTC trên", "en": "CI high"},
    "n_staff": {"vi": "Số cán bộ", "en": "Staff"},
    "n_citizen": {"vi": "Số người dân", "en": "Citizens"},
    "gap": {"vi": "Chênh lệch", "en": "Gap"},
    "p_adjusted": {"vi": "p (Holm)", "en": "p (Holm)"},
    "p_value": {"vi": "Giá trị p", "en": "p-value"},
    "flagged_yes": {"vi": "Cảnh báo", "en": "Flagged"},
    "gap_flagged": {"vi": "Chênh lệch có ý nghĩa", "en": "Significant gap"},
    "index": {"vi": "Chỉ số", "en": "Index"},
    "rank_low": {"vi": "Hạng thấp", "en": "Rank from"},
    "rank_high": {"vi": "Hạng cao", "en": "Rank to"},
    # campaign report: formality
    "sec_formality": {"vi": "4. Dấu hiệu hình thức", "en": "4. Signs of formality"},
    "intro_formality": {"vi": "Các dấu hiệu phong trào chạy trên giấy: cờ thi đua luân phiên, chấm điểm dễ dãi và dồn cục, tiêu chí chung chung, báo cáo sao chép, kiểm tra không đều và báo cáo chậm.",
                        "en": "Signs that a movement runs on paper: rotating flags, lenient and bunched scores, vague criteria, copied reports, irregular inspection and late reports."},
    "rotation_caption": {"vi": "Cờ thi đua của cụm, khối: kiểm định luân phiên so với mô hình theo thành tích",
                         "en": "Cluster emulation flags: test of rotation against a merit model"},
    "rotation_note": {"vi": "p nhỏ: chuỗi đơn vị nhận cờ khó xảy ra nếu cờ theo điểm số (mô phỏng 500 lần).",
                      "en": "A small p: the sequence of flag winners is unlikely if flags follow scores (500 simulations)."},
    "f_rotation": {"vi": "Cụm, khối có cờ luân phiên", "en": "Clusters with rotating flags"},
    "r_rotation": {"vi": "Trong số {n} cụm, khối được kiểm định.", "en": "Out of {n} clusters tested."},
    "leniency_caption": {"vi": "Mức tự chấm cao hơn điểm thẩm định (điểm trung bình mỗi tiêu chí)",
                         "en": "Self-scores above verified scores (mean points per criterion)"},
    "leniency_note": {"vi": "KTC 95% tính theo cụm đơn vị.", "en": "95% CIs are cluster-robust by unit."},
    "f_leniency": {"vi": "Mức tự chấm dễ dãi", "en": "Self-scoring leniency"},
    "r_leniency": {"vi": "Điểm tự chấm cao hơn điểm thẩm định trung bình mỗi tiêu chí.", "en": "Mean excess of self-scores over verified scores per criterion."},
    "compression_caption": {"vi": "Mức dồn cục của tổng điểm theo cụm, khối", "en": "Bunching of total scores by cluster"},
    "compression_note": {"vi": "Tỷ lệ sát điểm tối đa cao, hệ số biến thiên và Gini thấp: điểm số ít phân biệt các đơn vị.",
                         "en": "A high share near the maximum and low CV and Gini: scores barely tell units apart."},
    "criteria_caption": {"vi": "Tỷ lệ tiêu chí đăng ký đo lường được, theo phong trào", "en": "Share of registered criteria that are measurable, by movement"},
    "criteria_note": {"vi": "Tiêu chí đo lường được có con số, tỷ lệ, thời hạn hoặc sản phẩm cụ thể; nhận diện bằng quy tắc, nên kiểm tra lại một mẫu.",
                      "en": "A measurable criterion names a number, rate, deadline or concrete output; found by rules, so check a sample by hand."},
    "f_criteria": {"vi": "Tiêu chí đo lường được", "en": "Measurable criteria"},
    "r_criteria": {"vi": "Phần còn lại là tiêu chí chung chung, khó kiểm chứng.", "en": "The rest are vague criteria that cannot be verified."},
    "copied_caption": {"vi": "Các cặp báo cáo gần như trùng nhau giữa các năm", "en": "Pairs of review reports that are near copies across years"},
    "copied_note": {"vi": "Độ tương đồng Jaccard trên chuỗi 5 ký tự; cần người đọc đối chiếu trước khi kết luận.",
                    "en": "Jaccard similarity of character 5-shingles; a person should read the pair before concluding."},
    "f_copied": {"vi": "Báo cáo sao chép", "en": "Copied reports"},
    "n_units_pairs": {"vi": "{units} đơn vị, {pairs} cặp", "en": "{units} units, {pairs} pairs"},
    "r_copied": {"vi": "Đơn vị: {units}.", "en": "Units: {units}."},
    "r_copied_none": {"vi": "Không có cặp báo cáo nào gần như trùng nhau.", "en": "No pair of reports is a near copy."},
    "inspection_caption": {"vi": "Tần suất kiểm tra theo huyện (lượt / đơn vị / năm) và tỷ số so với phần còn lại của tỉnh",
                           "en": "Inspections per unit-year by district and the ratio to the rest of the province"},
    "inspection_note": {"vi": "KTC chính xác theo phân phối Poisson.", "en": "Exact Poisson confidence intervals."},
    "f_inspection": {"vi": "Huyện ít được kiểm tra", "en": "Rarely inspected districts"},
    "r_inspection": {"vi": "Tần suất kiểm tra thấp hơn hẳn phần còn lại của tỉnh.", "en": "Inspected far less often than the rest of the province."},
    "r_inspection_none": {"vi": "Các huyện được kiểm tra tương đối đều.", "en": "Districts are inspected about equally often."},
    "late_caption": {"vi": "Đơn vị thường xuyên nộp báo cáo chậm", "en": "Units that are chronically late with reports"},
    "late_note": {"vi": "Tỷ lệ đúng hạn với KTC Wilson 95%.", "en": "On-time rate with Wilson 95% CI."},
    "late_share": {"vi": "Tỷ lệ báo cáo không đúng hạn", "en": "Share of reports not on time"},
    "funnel_caption": {"vi": "Biểu đồ phễu: tỷ lệ báo cáo không đúng hạn của từng đơn vị theo số báo cáo",
                       "en": "Funnel plot: each unit's share of reports not on time against its number of reports"},
    "funnel_alt": {"vi": "Biểu đồ phễu: mỗi điểm là một đơn vị; các điểm nằm ngoài giới hạn kiểm soát được ghi mã đơn vị.",
                   "en": "Funnel plot: one point per unit; points outside the control limits carry the unit code."},
    "f_late": {"vi": "Đơn vị nộp báo cáo chậm thường xuyên", "en": "Units chronically late with reports"},
    "n_of_units": {"vi": "{n} / {total} đơn vị", "en": "{n} of {total} units"},
    "r_late": {"vi": "Đúng hạn dưới một nửa số lần.", "en": "On time less than half of the time."},
    "n_years": {"vi": "Số năm", "en": "Years"},
    "repeat_wins": {"vi": "Lượt nhận cờ lặp lại", "en": "Repeat wins"},
    "not_top_rate": {"vi": "Tỷ lệ cờ không trao cho đơn vị điểm cao nhất", "en": "Share of flags not to the top scorer"},
    "p_merit": {"vi": "p (theo thành tích)", "en": "p (merit model)"},
    "rotating": {"vi": "Luân phiên", "en": "Rotating"},
    "mean_diff": {"vi": "Chênh lệch trung bình", "en": "Mean difference"},
    "share_units_over": {"vi": "Tỷ lệ đơn vị tự chấm cao hơn", "en": "Share of units scoring themselves higher"},
    "mean": {"vi": "Trung bình", "en": "Mean"},
    "ceiling_share": {"vi": "Tỷ lệ sát điểm tối đa", "en": "Share near the maximum"},
    "cv": {"vi": "Hệ số biến thiên", "en": "CV"},
    "gini": {"vi": "Hệ số Gini", "en": "Gini"},
    "movement_id": {"vi": "Phong trào", "en": "Movement"},
    "n_criteria": {"vi": "Số tiêu chí", "en": "Criteria"},
    "n_measurable": {"vi": "Số tiêu chí đo được", "en": "Measurable"},
    "unit_a": {"vi": "Đơn vị A", "en": "Unit A"},
    "year_a": {"vi": "Năm A", "en": "Year A"},
    "unit_b": {"vi": "Đơn vị B", "en": "Unit B"},
    "year_b": {"vi": "Năm B", "en": "Year B"},
    "similarity": {"vi": "Độ tương đồng", "en": "Similarity"},
    "unit_years": {"vi": "Số đơn vị-năm", "en": "Unit-years"},
    "rate": {"vi": "Lượt / đơn vị / năm", "en": "Per unit-year"},
    "rate_ratio_low": {"vi": "KTC dưới", "en": "CI low"},
    "rate_ratio_high": {"vi": "KTC trên", "en": "CI high"},
    "unit_id": {"vi": "Mã đơn vị", "en": "Unit"},
    "n_reports": {"vi": "Số báo cáo", "en": "Reports"},
    "n_late": {"vi": "Số lần chậm", "en": "Late"},
    "n_not_submitted": {"vi": "Số lần không nộp", "en": "Not submitted"},
    "on_time_rate": {"vi": "Tỷ lệ đúng hạn", "en": "On-time rate"},
    "on_time_low": {"vi": "KTC dưới", "en": "CI low"},
    "on_time_high": {"vi": "KTC trên", "en": "CI high"},
    # campaign report: rewards and compliance
    "sec_rewards": {"vi": "5. Gắn thi đua với khen thưởng và công bằng", "en": "5. The link between emulation and reward, and equity"},
    "intro_rewards": {"vi": "Khen thưởng có theo thành tích thực chất không, và ai được khen: lãnh đạo hay người lao động trực tiếp, nữ, khu vực ngoài nhà nước, vùng khó khăn.",
                      "en": "Whether rewards follow real achievement, and who receives them: leaders or front-line workers, women, the non-state sector, disadvantaged areas."},
    "representation_caption": {"vi": "Tỷ số đại diện trong khen thưởng cá nhân (tỷ trọng được khen / tỷ trọng lao động)",
                               "en": "Representation ratio in individual rewards (share of rewards / share of the workforce)"},
    "representation_note": {"vi": "1 là tương xứng; dưới 1 là ít được khen hơn tỷ trọng lao động. KTC 95% theo Katz. Tỷ số này không tự nó chứng minh phân biệt đối xử.",
                            "en": "1 means proportional; below 1, fewer rewards than the workforce share. Katz 95% CI. The ratio alone does not prove discrimination."},
    "forest_alt_ratio": {"vi": "Biểu đồ rừng: tỷ số đại diện của từng nhóm với KTC 95%; đường đứt nét tại 1.",
                         "en": "Forest plot: representation ratio of each group with its 95% CI; dashed line at 1."},
    "f_women": {"vi": "Tỷ số đại diện của nữ", "en": "Women's representation ratio"},
    "f_leaders": {"vi": "Tỷ số đại diện của lãnh đạo", "en": "Leaders' representation ratio"},
    "r_ratio": {"vi": "Tỷ trọng được khen bằng {ratio} lần tỷ trọng lao động.", "en": "Their share of rewards is {ratio} times their share of the workforce."},
    "model_caption": {"vi": "Khả năng được khen thưởng cuối năm: tỷ số chênh (hồi quy logistic GEE theo đơn vị)",
                      "en": "Odds of an annual reward: odds ratios (logistic GEE clustered by unit)"},
    "model_note": {"vi": "{n} người-năm, {rewarded} lượt được khen, {units} đơn vị; đã kiểm soát xếp loại và điểm thành tích.",
                   "en": "{n} person-years, {rewarded} rewarded, {units} units; adjusted for rating and achievement score."},
    "forest_alt_or": {"vi": "Biểu đồ rừng: tỷ số chênh của từng yếu tố với KTC 95%; đường đứt nét tại 1.",
                      "en": "Forest plot: odds ratio of each factor with its 95% CI; dashed line at 1."},
    "f_leader_or": {"vi": "Ưu thế của lãnh đạo khi cùng thành tích (OR)", "en": "Leader premium at equal achievement (OR)"},
    "r_leader_or": {"vi": "So với người lao động trực tiếp cùng xếp loại và điểm thành tích.", "en": "Against front-line workers with the same rating and achievement score."},
    "concordance_caption": {"vi": "Mức tương hợp giữa kết quả thi đua của cụm và khen thưởng", "en": "Concordance of cluster results and rewards"},
    "concordance_note": {"vi": "rho > 0: đơn vị xếp hạng cao được khen nhiều hơn. AUC: khả năng điểm thành tích dự báo việc được khen (KTC DeLong).",
                         "en": "rho > 0: better-ranked units receive more rewards. AUC: how well the achievement score predicts a reward (DeLong CI)."},
    "f_concordance": {"vi": "Tương hợp kết quả – khen thưởng (Spearman)", "en": "Results–rewards concordance (Spearman)"},
    "rho_range": {"vi": "rho từ {low} đến {high}", "en": "rho from {low} to {high}"},
    "r_concordance": {"vi": "Không có tương hợp rõ ở: {clusters}.", "en": "No clear concordance in: {clusters}."},
    "r_concordance_ok": {"vi": "Khen thưởng theo kết quả thi đua ở mọi cụm, khối.", "en": "Rewards follow the results in every cluster."},
    "timeliness_caption": {"vi": "Thời gian từ đề nghị đến quyết định khen thưởng (ngày)", "en": "Days from proposal to reward decision"},
    "timeliness_note": {"vi": "Tỷ lệ vượt ngưỡng: tỷ lệ hồ sơ được quyết định sau số ngày tham chiếu. Số hồ sơ là số quyết định khen thưởng, không phải số người trả lời, nên được công bố đầy đủ.",
                        "en": "Share over threshold: dossiers decided after the reference number of days. Records are reward decisions, not respondents, so they are shown in full."},
    "sec_compliance": {"vi": "6. Tuân thủ quy định", "en": "6. Rule compliance"},
    "intro_compliance": {"vi": "Hồ sơ khen thưởng đối chiếu với Luật Thi đua, Khen thưởng theo thời điểm quyết định (Luật 2003 sửa đổi; Luật 2022 từ 01/01/2024).",
                         "en": "Reward records checked against the Law on Emulation and Commendation in force at the decision date (2003 law as amended; 2022 law from 2024-01-01)."},
    "compliance_caption": {"vi": "Số hồ sơ không đạt theo từng quy định", "en": "Records failing each rule"},
    "compliance_note": {"vi": "Mức chắc chắn nói về căn cứ pháp lý: 'chắc chắn': quy định có trong văn bản như đã dẫn; "
                              "'theo báo cáo': quy định được dẫn lại hoặc chưa đối chiếu số điều, cần kiểm tra văn bản "
                              "gốc; 'chưa chắc chắn': các nguồn chưa thống nhất. Mỗi hồ sơ được nêu cần đối chiếu với "
                              "hồ sơ gốc trước khi kết luận.",
                        "en": "Certainty is about the legal basis: 'certain': the rule is in the cited text; "
                              "'reported': the rule is quoted by secondary sources or its article is not verified, so "
                              "check the original text; 'uncertain': sources disagree. Check each listed record "
                              "against its original dossier before concluding."},
    "compliance_skipped": {"vi": "{n} quy định chưa kiểm tra được vì thiếu dữ liệu (xem ghi chú mục 6).",
                           "en": "{n} rule(s) could not be checked for lack of data (see the notes of section 6)."},
    "f_compliance": {"vi": "Hồ sơ không đạt quy định", "en": "Records breaking a rule"},
    "n_records": {"vi": "{n} hồ sơ ({certain} chắc chắn)", "en": "{n} records ({certain} certain)"},
    "r_compliance": {"vi": "Xem bảng ở mục 6 theo từng điều luật.", "en": "See the table in section 6, rule by rule."},
    "r_compliance_none": {"vi": "Không phát hiện hồ sơ trái quy định.", "en": "No record breaks a rule."},
    "dimension": {"vi": "Theo", "en": "By"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "rewarded": {"vi": "Số lượt được khen", "en": "Rewarded"},
    "headcount": {"vi": "Số lao động", "en": "Headcount"},
    "reward_share": {"vi": "Tỷ trọng khen thưởng", "en": "Share of rewards"},
    "workforce_share": {"vi": "Tỷ trọng lao động", "en": "Share of workforce"},
    "term": {"vi": "Yếu tố", "en": "Term"},
    "n_unit_years": {"vi": "Số đơn vị-năm", "en": "Unit-years"},
    "reward_total": {"vi": "Số lượt khen", "en": "Rewards"},
    "spearman_rho": {"vi": "rho Spearman", "en": "Spearman rho"},
    "spearman_p": {"vi": "p (Spearman)", "en": "p (Spearman)"},
    "auc": {"vi": "AUC", "en": "AUC"},
    "auc_ci_low": {"vi": "AUC KTC dưới", "en": "AUC CI low"},
    "auc_ci_high": {"vi": "AUC KTC trên", "en": "AUC CI high"},
    "form": {"vi": "Hình thức", "en": "Form"},
    "median_days": {"vi": "Trung vị (ngày)", "en": "Median days"},
    "p90_days": {"vi": "Phân vị 90 (ngày)", "en": "90th percentile (days)"},
    "share_over_threshold": {"vi": "Tỷ lệ vượt ngưỡng", "en": "Share over threshold"},
    "rule_id": {"vi": "Quy định", "en": "Rule"},
    "source": {"vi": "Căn cứ", "en": "Source"},
    "certainty": {"vi": "Mức chắc chắn", "en": "Certainty"},
    "certain": {"vi": "chắc chắn", "en": "certain"},
    "reported": {"vi": "theo báo cáo", "en": "reported"},
    "uncertain": {"vi": "chưa chắc chắn", "en": "uncertain"},
    "records": {"vi": "Số hồ sơ", "en": "Records"},
    "sector": {"vi": "Khu vực", "en": "Sector"},
    "area_type": {"vi": "Loại địa bàn", "en": "Area type"},
    "non_state": {"vi": "Ngoài nhà nước", "en": "Non-state"},
    "normal": {"vi": "Bình thường", "en": "Normal"},
    "disadvantaged": {"vi": "Vùng khó khăn", "en": "Disadvantaged"},
    "annual_rating": {"vi": "Xếp loại", "en": "Rating"},
    "excellent": {"vi": "Hoàn thành xuất sắc", "en": "Excellent"},
    "good": {"vi": "Hoàn thành tốt", "en": "Good"},
    "completed": {"vi": "Hoàn thành", "en": "Completed"},
    "not_completed": {"vi": "Không hoàn thành", "en": "Not completed"},
    "achievement_score": {"vi": "Điểm thành tích", "en": "Achievement score"},
    # column labels
    "kind": {"vi": "Bảng", "en": "Table"},
    "file": {"vi": "Tệp", "en": "File"},
    "rows": {"vi": "Số dòng", "en": "Rows"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "problem": {"vi": "Vấn đề", "en": "Problem"},
    "fix": {"vi": "Cách sửa", "en": "Fix"},
    "measure": {"vi": "Chỉ tiêu", "en": "Measure"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "n": {"vi": "Số lượng", "en": "Count"},
    "total": {"vi": "Tổng", "en": "Total"},
    "n_units": {"vi": "Số đơn vị", "en": "Units"},
    "districts": {"vi": "Số huyện", "en": "Districts"},
    "clusters": {"vi": "Số cụm, khối", "en": "Clusters and blocs"},
    "years": {"vi": "Giai đoạn", "en": "Years"},
    "respondents": {"vi": "Số người trả lời", "en": "Respondents"},
    "strata": {"vi": "Số tầng (huyện)", "en": "Strata (districts)"},
    "n_inspections": {"vi": "Số lượt kiểm tra", "en": "Inspections"},
    "distinct_winners": {"vi": "Số đơn vị khác nhau nhận cờ", "en": "Distinct flag winners"},
    "ok": {"vi": "đạt", "en": "ok"},
    "warning": {"vi": "cảnh báo", "en": "warning"},
    "error": {"vi": "lỗi", "en": "error"},
    "unused": {"vi": "không dùng", "en": "not used"},
    "sheet": {"vi": "Trang tính", "en": "Sheet"},
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
    "rule": {"vi": "Quy tắc", "en": "Rule"},
    "flagged": {"vi": "Số phiếu bị đánh dấu", "en": "Flagged"},
    "share": {"vi": "Tỷ lệ", "en": "Share"},
    "removed": {"vi": "Số phiếu loại thêm", "en": "Newly removed"},
    "remaining": {"vi": "Số phiếu còn lại", "en": "Remaining"},
    "duplicate_uuid": {"vi": "Trùng mã phiếu (uuid)", "en": "Duplicate submission id"},
    "duplicate_answers": {"vi": "Phiếu trùng lặp toàn bộ câu trả lời", "en": "Duplicate answers"},
    "speeder": {"vi": "Trả lời quá nhanh", "en": "Speeder"},
    "straightliner": {"vi": "Chọn một đáp án cho mọi câu", "en": "Straight-lining"},
    "missing_items": {"vi": "Bỏ trống quá nửa số câu", "en": "Over half the items missing"},
    "out_of_range": {"vi": "Giá trị ngoài thang đo", "en": "Value outside the scale"},
    "attention": {"vi": "Sai câu kiểm tra độ chú ý", "en": "Failed attention check"},
    # indices and plots
    "rank": {"vi": "Thứ hạng", "en": "Rank"},
    "median_rank": {"vi": "Thứ hạng trung vị", "en": "Median rank"},
    "rank_interval": {"vi": "Khoảng thứ hạng 90%", "en": "90% rank interval"},
    "index_score": {"vi": "Chỉ số (0–100)", "en": "Index (0–100)"},
    "index_interval": {"vi": "Khoảng 90% của chỉ số", "en": "90% interval of the index"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "depth_index": {"vi": "Chỉ số chiều sâu phong trào", "en": "Movement depth index"},
    "depth_ladder": {"vi": "Các bậc chiều sâu của phong trào", "en": "Depth ladder of the movement"},
    "depth_rung": {"vi": "Bậc", "en": "Rung"},
    "depth_share": {"vi": "Tỷ lệ đạt bậc", "en": "Share reaching the rung"},
    "awareness": {"vi": "Nhận thức", "en": "Awareness"},
    "participation": {"vi": "Tham gia", "en": "Participation"},
    "changed_practice": {"vi": "Thay đổi cách làm", "en": "Changed practice"},
    "sustained": {"vi": "Duy trì", "en": "Sustained"},
    "spread": {"vi": "Nhân rộng", "en": "Spread"},
    "overall": {"vi": "Toàn tỉnh", "en": "Overall"},
    "likert_share": {"vi": "Tỷ lệ người trả lời", "en": "Share of respondents"},
    "likert_share_weighted": {"vi": "Tỷ lệ người trả lời (có trọng số)", "en": "Share of respondents (weighted)"},
    "odds_ratio": {"vi": "Tỷ số chênh (OR)", "en": "Odds ratio"},
    "ratio": {"vi": "Tỷ số đại diện", "en": "Representation ratio"},
    "sample_size": {"vi": "Cỡ mẫu", "en": "Sample size"},
    "observed_proportion": {"vi": "Tỷ lệ quan sát", "en": "Observed proportion"},
    "funnel_target": {"vi": "Tỷ lệ chung", "en": "Overall proportion"},
    "control_limits": {"vi": "Giới hạn kiểm soát", "en": "Control limits"},
    "ci95": {"vi": "Khoảng tin cậy 95%", "en": "95% CI"},
    "rate_ratio": {"vi": "Tỷ số so với phần còn lại của tỉnh", "en": "Ratio to the rest of the province"},
    "rarely_inspected": {"vi": "Ít được kiểm tra", "en": "Rarely inspected"},
    "yes": {"vi": "có", "en": "yes"},
    "no": {"vi": "không", "en": "no"},
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
    # contract columns and codes
    "district": {"vi": "Huyện", "en": "District"},
    "year": {"vi": "Năm", "en": "Year"},
    "level": {"vi": "Cấp", "en": "Level"},
    "cluster_id": {"vi": "Cụm, khối", "en": "Cluster"},
    "position_group": {"vi": "Nhóm chức vụ", "en": "Position group"},
    "gender": {"vi": "Giới tính", "en": "Gender"},
    "leader": {"vi": "Lãnh đạo", "en": "Leader"},
    "manager": {"vi": "Quản lý", "en": "Manager"},
    "frontline": {"vi": "Người lao động trực tiếp", "en": "Front-line worker"},
    "male": {"vi": "Nam", "en": "Male"},
    "female": {"vi": "Nữ", "en": "Female"},
    "state": {"vi": "Nhà nước", "en": "State"},
    "ministry_province": {"vi": "Bộ, ngành, tỉnh", "en": "Ministry/province"},
    "grassroots": {"vi": "Cơ sở", "en": "Grassroots"},
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
    "cli_positionals": {"vi": "tham số vị trí", "en": "positional arguments"},
    "cli_options": {"vi": "tùy chọn", "en": "options"},
    "cli_commands": {"vi": "lệnh", "en": "commands"},
    "cli_help": {"vi": "hiện trợ giúp này rồi thoát", "en": "show this help message and exit"},
    "cli_version": {"vi": "hiện số phiên bản rồi thoát", "en": "show the version number and exit"},
    "cli_lang": {"vi": "ngôn ngữ của trợ giúp và thông báo: vi hoặc en (mặc định: biến môi trường TDKT_LANG, "
                       "nếu không có thì en)",
                 "en": "language of help and messages: vi or en (default: the TDKT_LANG environment variable, "
                       "else en)"},
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
    "cli_data_dir": {"vi": "thư mục chứa các tệp dữ liệu (csv, tsv, txt, xlsx)",
                     "en": "folder of data files (csv, tsv, txt, xlsx)"},
    "cli_validate_rows": {"vi": "{rows} dòng", "en": "{rows} rows"},
    "cli_validate_none": {"vi": "Không nhận ra tệp dữ liệu nào trong '{path}'. Hãy đặt tên tệp theo bảng, ví dụ "
                                "rewards.csv, khen_thuong.xlsx, staff_responses.csv.",
                          "en": "No data files recognised in '{path}'. Name them after their table, e.g. rewards.csv, "
                                "khen_thuong.xlsx, staff_responses.csv."},
    "cli_validate_summary": {"vi": "Đã kiểm tra {files} tệp hoặc trang tính: {errors} có lỗi, {warnings} có cảnh báo.",
                             "en": "{files} files or sheets checked, {errors} with errors, {warnings} with warnings."},
    "cli_report_help": {"vi": "lập báo cáo đánh giá (HTML)", "en": "build the campaign report (HTML)"},
    "cli_report_out": {"vi": "thư mục ghi báo cáo (mặc định: reports/report)",
                       "en": "output folder (default: reports/report)"},
    "cli_report_lang": {"vi": "ngôn ngữ của báo cáo, cũng là của trợ giúp và thông báo: vi hoặc en (mặc định: vi)",
                        "en": "language of the report, and of help and messages: vi or en (default: vi)"},
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
    "cli_seed": {"vi": "hạt giống ngẫu nhiên, số nguyên từ 0 trở lên (mặc định: {seed})",
                 "en": "random seed, a whole number of at least 0 (default: {seed})"},
    "cli_demo_written": {"vi": "Đã ghi {files} tệp vào {path} với hạt giống {seed}.",
                         "en": "Wrote {files} files to {path} with seed {seed}."},
})


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is "vi" or "en", else raise a ValueError that says so."""
    if lang not in ("vi", "en"):
        raise InvalidParameterError(f"The 'lang' parameter must be one of {{'vi', 'en'}}. Got {lang!r} instead.")
    return lang  # type: ignore[return-value]


def label(key: str, lang: Lang = "vi") -> str:
    """The label for ``key`` in ``lang``; unknown keys come back unchanged.

    Examples
    --------
    >>> label("female", "vi"), label("female", "en"), label("U001", "vi")
    ('Nữ', 'Female', 'U001')

    Reward forms are shown by their official names:

    >>> label("chien_si_thi_dua_co_so", "vi"), label("giay_khen", "en")
    ('Chiến sĩ thi đua cơ sở', 'Certificate of commendation')
    """
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
    >>> format_number(0.97, "vi", decimals=2)
    '0,97'
    """
    text = f"{value:,.{decimals}f}"
    if check_lang(lang) == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text
