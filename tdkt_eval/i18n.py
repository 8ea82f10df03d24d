"""One translation table for every label shown to people (reports, figures, CLI).

Labels are looked up by key; codes of the data contracts (``leader``,
``female``, ``grassroots`` …) have entries too, so tables can be relabelled.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal, Mapping

from ._validation import InvalidParameterError

__all__ = ["Lang", "LABELS", "label", "check_lang", "format_number"]

Lang = Literal["vi", "en"]

LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    # report frame
    "report_title": {"vi": "Đánh giá phong trào thi đua và công tác khen thưởng", "en": "Evaluation of emulation movements and commendation"},
    "data_summary": {"vi": "Tóm tắt dữ liệu", "en": "Data summary"},
    "generated_from": {"vi": "Dữ liệu từ thư mục", "en": "Data folder"},
    "overview": {"vi": "Tổng quan", "en": "Overview"},
    "inventory": {"vi": "Danh mục tệp dữ liệu và kết quả kiểm tra", "en": "Data files and validation"},
    "staff_survey": {"vi": "Khảo sát cán bộ, công chức, viên chức", "en": "Staff survey"},
    "citizen_survey": {"vi": "Khảo sát người dân", "en": "Citizen survey"},
    "rewards_section": {"vi": "Khen thưởng", "en": "Rewards"},
    "inspections_section": {"vi": "Kiểm tra, đôn đốc", "en": "Inspection and follow-up"},
    "clusters_section": {"vi": "Cụm, khối thi đua", "en": "Emulation clusters and blocs"},
    "privacy_note": {"vi": "Báo cáo chỉ trình bày số liệu tổng hợp; không in họ tên, số điện thoại hay số định danh.",
                     "en": "The report shows aggregates only; no names, phone numbers or ID numbers are printed."},
    "stage_note": {"vi": "Bản tóm tắt dữ liệu. Các chỉ số phân tích sẽ được bổ sung.",
                   "en": "Data summary. Analytical indicators will be added."},
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
    "n_movements": {"vi": "Số phong trào", "en": "Movements"},
    "respondents": {"vi": "Số người trả lời", "en": "Respondents"},
    "strata": {"vi": "Số tầng (huyện)", "en": "Strata (districts)"},
    "psus": {"vi": "Số đơn vị mẫu bậc 1 (xã)", "en": "Primary sampling units (communes)"},
    "est_households": {"vi": "Tổng trọng số (ước lượng số hộ)", "en": "Sum of weights (estimated households)"},
    "item_missing": {"vi": "Tỷ lệ câu hỏi bỏ trống", "en": "Share of item answers missing"},
    "n_inspections": {"vi": "Số lượt kiểm tra", "en": "Inspections"},
    "per_unit_year": {"vi": "Lượt kiểm tra / đơn vị / năm", "en": "Inspections per unit-year"},
    "flags": {"vi": "Số lượt tặng cờ", "en": "Flags awarded"},
    "distinct_winners": {"vi": "Số đơn vị khác nhau nhận cờ", "en": "Distinct flag winners"},
    "ok": {"vi": "đạt", "en": "ok"},
    "warning": {"vi": "cảnh báo", "en": "warning"},
    "error": {"vi": "lỗi", "en": "error"},
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
    """
    entry = LABELS.get(key)
    return entry[check_lang(lang)] if entry else key


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
