"""Vietnamese names and text templates for the synthetic demo province.

Private helper of :mod:`tdkt_eval.synth`.  Everything here is fixed text or a pure
function of a :class:`numpy.random.Generator`, so the demo stays reproducible.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Fictional province name used in texts.
PROVINCE = "An Sơn"

#: (code, name, mountain) for the 10 former districts (huyện before 1 July 2025, when the district
#: level was abolished); D08-D10 are the mountain districts. Their areas remain as commune groups.
DISTRICTS: tuple[tuple[str, str, bool], ...] = (
    ("D01", "Thành phố Tân An", False),
    ("D02", "Thị xã Phú Mỹ", False),
    ("D03", "Huyện An Phú", False),
    ("D04", "Huyện Hòa Thành", False),
    ("D05", "Huyện Long Điền", False),
    ("D06", "Huyện Thạnh Hưng", False),
    ("D07", "Huyện Vĩnh Lợi", False),
    ("D08", "Huyện Ngọc Sơn", True),
    ("D09", "Huyện Pù Luông", True),
    ("D10", "Huyện Tà Lùng", True),
)

#: Provincial departments and agencies as reorganised in early 2025, with the abbreviation used in
#: decision numbers: Sở Tài chính took over Kế hoạch và Đầu tư; Sở Nội vụ took over Lao động -
#: Thương binh và Xã hội; Sở Xây dựng took over Giao thông vận tải; Sở Khoa học và Công nghệ took over
#: Thông tin và Truyền thông; Nông nghiệp and Tài nguyên và Môi trường became one department.
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("Sở Nội vụ", "SNV"), ("Sở Y tế", "SYT"), ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Tài chính", "STC"), ("Sở Nông nghiệp và Môi trường", "SNNMT"), ("Sở Công Thương", "SCT"),
    ("Sở Xây dựng", "SXD"), ("Sở Tư pháp", "STP"), ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Sở Khoa học và Công nghệ", "SKHCN"), ("Sở Dân tộc và Tôn giáo", "SDTTG"), ("Thanh tra tỉnh", "TTr"),
    ("Văn phòng UBND tỉnh", "VP"), ("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "VPĐĐBQH"),
    ("Ban Quản lý các khu công nghiệp", "BQLKCN"), ("Ban Quản lý dự án đầu tư xây dựng tỉnh", "BQLDA"),
    ("Đài Phát thanh và Truyền hình tỉnh", "ĐPTTH"), ("Trường Chính trị tỉnh", "TCT"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC"), ("Quỹ Đầu tư phát triển tỉnh", "QĐTPT"),
)

#: (name, sector, level, former district index) for the enterprise bloc; the first two are state-owned.
#: Cooperatives report to their commune since 1 July 2025 (level "commune").
ENTERPRISES: tuple[tuple[str, str, str, int], ...] = (
    (f"Công ty TNHH MTV Xổ số kiến thiết {PROVINCE}", "state", "province", 0),
    (f"Công ty TNHH MTV Cấp thoát nước {PROVINCE}", "state", "province", 0),
    ("Công ty TNHH Thương mại Minh Phát", "non_state", "province", 0),
    ("Công ty Cổ phần Dệt may Tân An", "non_state", "province", 0),
    ("Công ty TNHH Xây dựng Hòa Bình Phát", "non_state", "province", 1),
    ("Công ty Cổ phần Chế biến nông sản Phú Mỹ", "non_state", "province", 1),
    ("Công ty TNHH Vận tải Thành Công", "non_state", "province", 0),
    ("Công ty Cổ phần Dược phẩm An Sơn", "non_state", "province", 0),
    ("Công ty TNHH Điện tử Việt Hưng", "non_state", "province", 2),
    ("Công ty Cổ phần Gạch men Long Điền", "non_state", "province", 4),
    ("Công ty TNHH Thủy sản Vĩnh Lợi", "non_state", "province", 6),
    ("Công ty TNHH Chè Ngọc Sơn", "non_state", "province", 7),
    ("Hợp tác xã Nông nghiệp Hòa Thành", "non_state", "commune", 3),
    ("Hợp tác xã Dịch vụ nông nghiệp An Phú", "non_state", "commune", 2),
    ("Hợp tác xã Rau an toàn Thạnh Hưng", "non_state", "commune", 5),
    ("Hợp tác xã Mây tre đan Long Điền", "non_state", "commune", 4),
    ("Hợp tác xã Dược liệu Pù Luông", "non_state", "commune", 8),
    ("Hợp tác xã Thổ cẩm Tà Lùng", "non_state", "commune", 9),
    ("Hợp tác xã Vận tải Phú Mỹ", "non_state", "commune", 1),
    ("Hợp tác xã Nuôi trồng thủy sản Vĩnh Lợi", "non_state", "commune", 6),
)

MOVEMENTS: tuple[tuple[str, str, int], ...] = (
    ("M01", "Dân vận khéo", 2018),
    ("M02", "Chung tay vì người nghèo - Không để ai bị bỏ lại phía sau", 2021),
    ("M03", "Cả nước thi đua chuyển đổi số", 2022),
    ("M04", "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", 2019),
)

_PLAIN_A = ("An", "Bình", "Phú", "Tân", "Hòa", "Long", "Mỹ", "Phước", "Vĩnh", "Thạnh", "Hưng",
            "Đông", "Tây", "Nam", "Bắc", "Trung", "Quang", "Minh", "Thuận", "Lộc", "Khánh",
            "Hiệp", "Thành", "Xuân", "Hải")
_PLAIN_B = ("Minh", "Lợi", "Hòa", "Thạnh", "Phú", "Hưng", "Thuận", "An", "Bình", "Lộc", "Tiến",
            "Phong", "Thịnh", "Đức", "Hiệp", "Thái", "Sơn", "Châu", "Điền", "Trung")
_MOUNT_A = ("Nậm", "Pà", "Tà", "Mường", "Na", "Khau", "Lũng", "Phìn", "Sín", "Bản", "Pác", "Thèn")
_MOUNT_B = ("Cang", "Lìn", "Hồ", "Xá", "Chải", "Thàng", "Pắc", "Lượng", "Sáng", "Mế", "Pồ",
            "Tủng", "Cò", "Phạ", "Nhùng", "Khoang")


def commune_names(district_index: int, n: int, used: set[str]) -> list[str]:
    """Return ``n`` unique commune names in a former district, never repeating ``used``.

    Parameters
    ----------
    district_index : int
        Position of the former district in :data:`DISTRICTS`.
    n : int
        Number of names.
    used : set of str
        Names already taken; updated in place.

    Returns
    -------
    list of str
        Names such as ``"Xã Bình Minh"`` (``"Phường ..."`` in the city).

    Examples
    --------
    >>> commune_names(0, 2, set())
    ['Phường An Minh', 'Phường Bình An']
    """
    _, _, mountain = DISTRICTS[district_index]
    first, second = (_MOUNT_A, _MOUNT_B) if mountain else (_PLAIN_A, _PLAIN_B)
    prefix = "Phường" if district_index == 0 else "Xã"
    names: list[str] = []
    k = 0
    while len(names) < n:
        a = first[(k + district_index * 3) % len(first)]
        b = second[(k * 7 + district_index * 5 + k // len(first)) % len(second)]
        k += 1
        if a == b or f"{a} {b}" in used:
            continue
        used.add(f"{a} {b}")
        names.append(f"{prefix} {a} {b}")
    return names



def merged_commune_names(district_index: int, n: int, used: set[str]) -> list[str]:
    """Return ``n`` names for the communes formed on 1 July 2025 in a former district's area.

    Every pair of the district's name parts is tried once, in a fixed order set by the district,
    skipping ``used``, so the names are new and unique while pairs remain.

    Examples
    --------
    >>> merged_commune_names(0, 2, {"An Lợi"})
    ['Phường Bình Phong', 'Phường Tân Đức']
    """
    _, _, mountain = DISTRICTS[district_index]
    first, second = (_MOUNT_A, _MOUNT_B) if mountain else (_PLAIN_A, _PLAIN_B)
    prefix = "Phường" if district_index == 0 else "Xã"
    pairs = [(a, b) for a in first for b in second if a != b]
    start = (district_index * 37 + 29) % len(pairs)
    names: list[str] = []
    for a, b in (pairs[(start + 41 * i) % len(pairs)] for i in range(len(pairs))):  # 41 is prime to 489 and 192
        if len(names) == n:
            break
        if f"{a} {b}" not in used:
            used.add(f"{a} {b}")
            names.append(f"{prefix} {a} {b}")
    return names


# ----------------------------------------------------------------------------- criteria
_DEADLINES = ("30/6", "30/9", "15/11", "15/12", "31/12")
_MEASURABLE = (
    "Phấn đấu 100% hồ sơ thủ tục hành chính được giải quyết đúng và trước hạn.",
    "Tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến toàn trình đạt từ {p}% trở lên.",
    "Hoàn thành {k}/{n} chỉ tiêu được giao trước ngày {dl}.",
    "Tổ chức ít nhất {k} hội nghị tuyên truyền với trên {n0} lượt người tham dự.",
    "Tăng thu ngân sách trên địa bàn {q}% so với cùng kỳ.",
    "Đạt {p}% kế hoạch giải ngân vốn đầu tư công trước ngày {dl}.",
    "100% cán bộ, công chức được bồi dưỡng kiến thức, kỹ năng số trong năm.",
    "{p}% văn bản đi, đến được xử lý trên môi trường mạng.",
    "Giảm {q}% số đơn thư khiếu nại vượt cấp so với năm trước.",
    "Đạt {k2}/{k2} chỉ tiêu thi đua đăng ký, không có chỉ tiêu nào dưới 90%.",
)
_MEASURABLE_BY_MOVEMENT = {
    "M01": ("Xây dựng mới {k} mô hình \"Dân vận khéo\", nhân rộng ít nhất {k2} mô hình trước ngày {dl}.",
            "Mỗi cán bộ, công chức đăng ký ít nhất {k2} việc làm cụ thể, hoàn thành trước ngày {dl}."),
    "M02": ("Giảm tỷ lệ hộ nghèo {q}% so với đầu năm.",
            "Hỗ trợ xây dựng {k} căn nhà Đại đoàn kết cho hộ nghèo trước ngày {dl}.",
            "Vận động Quỹ Vì người nghèo đạt {m} triệu đồng."),
    "M03": ("Tỷ lệ thanh toán trực tuyến phí, lệ phí đạt {p}% trước ngày {dl}.",
            "{p}% hồ sơ công việc được lập và lưu trữ điện tử."),
    "M04": ("100% cán bộ, công chức đeo thẻ công chức trong giờ làm việc.",
            "Giảm {q}% số lượt đi muộn, về sớm so với năm trước."),
}
_VAGUE = (
    "Thực hiện tốt công tác cải cách hành chính, nâng cao chất lượng phục vụ người dân.",
    "Nâng cao chất lượng, hiệu quả hoạt động của cơ quan, đơn vị.",
    "Tích cực hưởng ứng các phong trào thi đua do cấp trên phát động.",
    "Tăng cường công tác tuyên truyền, vận động cán bộ và Nhân dân.",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý, điều hành.",
    "Phát huy vai trò nêu gương của cán bộ, đảng viên, nhất là người đứng đầu.",
    "Góp phần hoàn thành thắng lợi nhiệm vụ chính trị được giao.",
    "Phấn đấu hoàn thành xuất sắc nhiệm vụ năm {y}.",
    "Xây dựng cơ quan, đơn vị văn minh, sạch đẹp, an toàn.",
    "Chủ động phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến.",
    "Tiếp tục đổi mới nội dung, hình thức tổ chức phong trào thi đua.",
    "Thực hiện phương châm \"3 tốt\": làm tốt, phục vụ tốt, đoàn kết tốt.",
)
_VAGUE_BY_MOVEMENT = {
    "M01": ("Làm tốt công tác dân vận, giữ vững mối quan hệ mật thiết với Nhân dân.",),
    "M02": ("Quan tâm chăm lo đời sống vật chất, tinh thần cho hộ nghèo, đối tượng chính sách.",
            "Huy động các nguồn lực xã hội chung tay giúp đỡ người nghèo."),
    "M03": ("Từng bước chuyển đổi số trong các lĩnh vực công tác.",
            "Nâng cao nhận thức của cán bộ và người dân về chuyển đổi số."),
    "M04": ("Thực hiện nghiêm túc văn hóa công sở, nâng cao tinh thần trách nhiệm.",
            "Giữ gìn kỷ luật, kỷ cương hành chính."),
}


def _fill(rng: np.random.Generator, template: str, year: int) -> str:
    return template.format(
        p=int(rng.choice([80, 85, 90, 95, 98])), q=int(rng.integers(2, 21)),
        k=int(rng.integers(2, 13)), k2=int(rng.integers(2, 6)), n=int(rng.integers(12, 26)),
        n0=int(rng.integers(3, 30)) * 100, m=int(rng.integers(5, 120)) * 10,
        dl=str(rng.choice(_DEADLINES)), y=year,
    )


def criterion_text(rng: np.random.Generator, movement_id: str, measurable: bool, year: int) -> str:
    """One registered emulation target, measurable or vague.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    movement_id : str
        Movement code (M01-M04); adds movement-specific wording.
    measurable : bool
        Whether the target names a number, percentage or deadline that can be checked.
    year : int
        Registration year (vague targets may still quote it).

    Returns
    -------
    str

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> "%" in criterion_text(rng, "M02", True, 2021) or "/" in criterion_text(rng, "M02", True, 2021)
    True
    """
    if measurable:
        pool = _MEASURABLE + _MEASURABLE_BY_MOVEMENT.get(movement_id, ())
    else:
        pool = _VAGUE + _VAGUE_BY_MOVEMENT.get(movement_id, ())
    return _fill(rng, pool[int(rng.integers(len(pool)))], year)


# ----------------------------------------------------------------------------- reports
_INTRO = (
    "Thực hiện Kế hoạch của UBND tỉnh {prov}, {unit} tổ chức {review} công tác thi đua, khen thưởng "
    "{period}năm {y}.",
    "Năm {y}, trong bối cảnh còn nhiều khó khăn, {unit} đã chủ động triển khai các phong trào thi đua"
    " gắn với nhiệm vụ chuyên môn.",
    "{unit} báo cáo kết quả {review} phong trào thi đua {period}năm {y} như sau.",
    "Căn cứ hướng dẫn của Ban Thi đua - Khen thưởng tỉnh, {unit} đánh giá kết quả thực hiện các phong trào"
    " thi đua {period}năm {y}.",
    "Quán triệt chủ đề năm {y}, {unit} đã ban hành {k} kế hoạch, văn bản hướng dẫn triển khai phong trào thi đua.",
    "Với tinh thần đoàn kết, chủ động, {unit} đã hoàn thành phần lớn nhiệm vụ {period}năm {y}.",
    "Ngay từ đầu năm {y}, {unit} đã tổ chức ký kết giao ước thi đua và phát động thi đua đến từng bộ phận.",
    "Thực hiện chế độ thông tin báo cáo, {unit} tổng hợp kết quả công tác thi đua, khen thưởng {period}năm {y}.",
)
_RESULTS = (
    "Đơn vị đã tổ chức {k} hội nghị phát động với {n0} lượt cán bộ, công chức tham gia.",
    "Có {k}/{n} chỉ tiêu đăng ký thi đua được hoàn thành, đạt {p}%.",
    "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt {p}%, tăng {q} điểm phần trăm so với năm {y1}.",
    "Đã vận động ủng hộ Quỹ Vì người nghèo được {m} triệu đồng, hỗ trợ {k} hộ gia đình khó khăn.",
    "Qua phong trào, có {k} sáng kiến, giải pháp được công nhận và áp dụng vào thực tiễn.",
    "Số hồ sơ giải quyết trực tuyến tăng {q}% so với cùng kỳ năm {y1}.",
    "Cán bộ, công chức đã đăng ký {n0} việc làm cụ thể, trong đó {p}% đã hoàn thành.",
    "Thu ngân sách trên địa bàn ước đạt {p}% dự toán, chi ngân sách bảo đảm đúng quy định.",
    "Đơn vị đã hỗ trợ xây dựng {k2} căn nhà Đại đoàn kết và tặng {n} suất quà cho hộ khó khăn.",
    "Công tác cải cách hành chính có chuyển biến, chỉ số hài lòng của người dân đạt {p}%.",
    "Đã tổ chức {k} lớp tập huấn nghiệp vụ cho {n0} lượt cán bộ làm công tác thi đua, khen thưởng.",
    "Trong kỳ, đơn vị tiếp nhận {n} phản ánh, kiến nghị và đã giải quyết dứt điểm {k} trường hợp.",
)
_MOVEMENT = (
    "Phong trào \"{mv}\" được triển khai đến {p}% cơ quan, bộ phận trực thuộc.",
    "Hưởng ứng phong trào \"{mv}\", đơn vị đã xây dựng kế hoạch và phân công cụ thể cho từng bộ phận.",
    "Việc thực hiện phong trào \"{mv}\" bước đầu mang lại kết quả thiết thực.",
    "Đơn vị đã lồng ghép phong trào \"{mv}\" vào nhiệm vụ chuyên môn hằng ngày.",
    "Phong trào \"{mv}\" thu hút {n0} lượt cán bộ, người lao động tham gia.",
    "Sau {k2} đợt kiểm tra, phong trào \"{mv}\" được đánh giá có nhiều chuyển biến.",
)
_MODELS = (
    "Đơn vị đã phát hiện {k} điển hình tiên tiến, trong đó {k2} điển hình được nhân rộng.",
    "Mô hình \"Dân vận khéo\" tiếp tục được duy trì, có thêm {k} mô hình mới được xây dựng.",
    "Công tác phát hiện, bồi dưỡng điển hình được quan tâm với {k} tập thể, cá nhân tiêu biểu.",
    "Nhiều gương người tốt, việc tốt được biểu dương kịp thời; đã đăng tải {n} tin, bài tuyên truyền.",
    "Đơn vị tổ chức {k2} buổi giao lưu, chia sẻ kinh nghiệm của các điển hình tiên tiến.",
    "Một số mô hình hay ở cơ sở chưa được tổng kết, nhân rộng kịp thời.",
)
_REWARDS = (
    "Đơn vị đề nghị khen thưởng {nr} cá nhân và {nc} tập thể có thành tích xuất sắc.",
    "Kết quả bình xét: {nr} cá nhân được đề nghị công nhận danh hiệu thi đua, {nc} tập thể được đề nghị"
    " khen thưởng.",
    "Hội đồng Thi đua - Khen thưởng đơn vị đã họp xét, thống nhất đề nghị khen thưởng cho {nr} cá nhân.",
    "Căn cứ kết quả bình xét, đơn vị lập hồ sơ đề nghị cấp trên khen thưởng {nr} cá nhân, {nc} tập thể.",
    "Số cá nhân được đề nghị khen thưởng là {nr}, trong đó có cán bộ trực tiếp sản xuất, công tác.",
)
_SHORTCOMINGS = (
    "Tuy nhiên, một số phong trào còn mang tính hình thức, chưa đi vào chiều sâu.",
    "Bên cạnh đó, việc đăng ký thi đua ở một số bộ phận chưa cụ thể, khó đánh giá.",
    "Công tác kiểm tra, đôn đốc chưa thường xuyên; chế độ báo cáo có lúc còn chậm.",
    "Việc nhân rộng điển hình tiên tiến còn hạn chế, chưa tạo sức lan tỏa.",
    "Tỷ lệ khen thưởng cho người lao động trực tiếp còn thấp so với yêu cầu.",
    "Cán bộ làm công tác thi đua, khen thưởng còn kiêm nhiệm, thường xuyên thay đổi.",
    "Một số tiêu chí chấm điểm còn định tính, việc bình xét đôi lúc còn nể nang.",
    "Hồ sơ đề nghị khen thưởng của một số bộ phận gửi chậm, chưa đầy đủ thủ tục.",
)
_DIRECTION = (
    "Thời gian tới, đơn vị tiếp tục đổi mới nội dung, hình thức thi đua, gắn với nhiệm vụ chính trị năm {y2}.",
    "Trong {nextp}, đơn vị tập trung khắc phục hạn chế, phấn đấu hoàn thành các chỉ tiêu đã đăng ký.",
    "Đơn vị sẽ tăng cường kiểm tra, giám sát và kịp thời biểu dương các tập thể, cá nhân tiêu biểu.",
    "Năm {y2}, đơn vị phấn đấu có ít nhất {k2} mô hình mới được nhân rộng.",
    "Đơn vị tiếp tục quan tâm khen thưởng người lao động trực tiếp và cán bộ ở cơ sở.",
    "Trong {nextp}, đơn vị sẽ chấn chỉnh chế độ báo cáo, bảo đảm đúng thời hạn quy định.",
    "Đơn vị đề nghị cấp trên tăng cường tập huấn nghiệp vụ thi đua, khen thưởng cho cơ sở.",
)


def _pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> list[str]:
    return [pool[i] for i in rng.choice(len(pool), size=n, replace=False)]


def report_text(rng: np.random.Generator, unit: str, year: int, kind: str, movement: str,
                n_individual: int = 0, n_collective: int = 0) -> str:
    """An honest interim or final review report of 4-8 sentences.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness (choice of templates and numbers).
    unit : str
        Unit name.
    year : int
        Reporting year.
    kind : {"interim", "final"}
        Interim (sơ kết) or final (tổng kết) review.
    movement : str
        Name of a movement active that year, quoted in one sentence.
    n_individual, n_collective : int
        Numbers of individuals and collectives proposed for rewards (final reports).

    Returns
    -------
    str

    Examples
    --------
    >>> text = report_text(np.random.default_rng(0), "UBND xã Bình Minh", 2021, "final", "Dân vận khéo", 7, 1)
    >>> 5 <= text.count(". ") + 1 <= 8 and "2021" in text and "Dân vận khéo" in text
    True
    """
    final = kind == "final"
    parts = _pick(rng, _INTRO, 1) + _pick(rng, _RESULTS, int(rng.integers(1, 3))) + _pick(rng, _MOVEMENT, 1)
    if rng.random() < 0.6:
        parts += _pick(rng, _MODELS, 1)
    if final:
        parts += _pick(rng, _REWARDS, 1)
    if rng.random() < 0.6:
        parts += _pick(rng, _SHORTCOMINGS, 1)
    parts += _pick(rng, _DIRECTION, 1)
    values = {
        "unit": unit, "prov": PROVINCE, "review": "tổng kết" if final else "sơ kết", "mv": movement,
        "period": "" if final else "6 tháng đầu ", "nextp": f"năm {year + 1}" if final else "6 tháng cuối năm",
        "y": year, "y1": year - 1, "y2": year + 1, "nr": n_individual, "nc": n_collective,
    }
    sentences = []
    for template in parts:
        text = _fill_report(rng, template, values)
        sentences.append(text[0].upper() + text[1:])
    return " ".join(sentences)


def _fill_report(rng: np.random.Generator, template: str, values: dict[str, object]) -> str:
    numbers = {
        "p": int(rng.integers(70, 101)), "q": int(rng.integers(2, 31)), "k": int(rng.integers(2, 16)),
        "k2": int(rng.integers(1, 6)), "n": int(rng.integers(15, 41)), "n0": int(rng.integers(5, 60)) * 10,
        "m": int(rng.integers(5, 150)) * 10,
    }
    return template.format(**numbers, **values)


_YEAR = re.compile(r"\b(20\d\d)\b")
_NUMBER = re.compile(r"\b\d+\b")


def copy_report(rng: np.random.Generator, previous: str, n_changes: int = 2) -> str:
    """Copy last year's report: shift every year by one and change ``n_changes`` numbers.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness (which numbers change, and to what).
    previous : str
        Last year's report.
    n_changes : int
        How many of the other numbers to alter.

    Returns
    -------
    str

    Examples
    --------
    >>> copy_report(np.random.default_rng(0), "Năm 2020 có 5 mô hình.", 0)
    'Năm 2021 có 5 mô hình.'
    """
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + 1), previous)
    spans = [m.span() for m in _NUMBER.finditer(text) if not _YEAR.fullmatch(m.group())]
    if not spans or n_changes <= 0:
        return text
    chosen = sorted(rng.choice(len(spans), size=min(n_changes, len(spans)), replace=False), reverse=True)
    for i in chosen:
        start, end = spans[i]
        old = int(text[start:end])
        new = old + int(rng.choice([-2, -1, 1, 2, 3]))
        text = text[:start] + str(max(new, 1 if old > 0 else 0)) + text[end:]
    return text


# ----------------------------------------------------------------------------- tables
def criteria_table(rng: np.random.Generator, unit_ids: pd.Series, share: float) -> pd.DataFrame:
    """Registered targets: 3-6 per unit and movement, measurable with a unit-specific probability.

    The unit's probability of writing a measurable target is drawn from
    Beta(5 * share, 5 * (1 - share)), so the overall share is ``share`` but units differ.

    Examples
    --------
    >>> df = criteria_table(np.random.default_rng(0), pd.Series(["U001", "U002"]), 0.4)
    >>> list(df.columns), bool(df.groupby(["unit_id", "movement_id"]).size().between(3, 6).all())
    (['movement_id', 'unit_id', 'criterion_id', 'text', 'measurable'], True)
    """
    rows = []
    for uid in unit_ids:
        p_unit = rng.beta(5 * share, 5 * (1 - share))
        for mid, _, start in MOVEMENTS:
            seen: set[str] = set()
            for j, measurable in enumerate(rng.random(int(rng.integers(3, 7))) < p_unit, start=1):
                for _ in range(20):
                    text = criterion_text(rng, mid, bool(measurable), max(start, 2021))
                    if text not in seen:
                        break
                seen.add(text)
                rows.append((mid, uid, f"T{j:02d}", text, bool(measurable)))
    df = pd.DataFrame(rows, columns=["movement_id", "unit_id", "criterion_id", "text", "measurable"])
    return df.sort_values(["movement_id", "unit_id", "criterion_id"], ignore_index=True)


def reports_table(rng: np.random.Generator, units: pd.DataFrame, counts: dict, years: tuple[int, ...],
                  copy_units: tuple[str, ...], late_units: tuple[str, ...]) -> pd.DataFrame:
    """Interim and final review reports with due and submission dates.

    Units in ``copy_units`` copy last year's final report (:func:`copy_report`) from
    the second year on; units in ``late_units`` are late with probability 0.6, the
    others with a unit-specific probability drawn from Beta(1, 8).

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["U001"], "unit_name": ["Sở Y tế"]})
    >>> df = reports_table(np.random.default_rng(0), units, {}, (2020, 2021), ("U001",), ())
    >>> list(df["kind"]), df["text"].iloc[3].count("2022") >= df["text"].iloc[1].count("2021")
    (['interim', 'final', 'interim', 'final'], True)
    """
    rows = []
    for uid, name in zip(units["unit_id"], units["unit_name"]):
        p_late = 0.6 if uid in late_units else rng.beta(1, 8)
        previous = None
        for year in years:
            for kind, due in (("interim", f"{year}-06-15"), ("final", f"{year}-12-10")):
                if kind == "final" and uid in copy_units and previous is not None:
                    text = copy_report(rng, previous, int(rng.integers(1, 3)))
                else:
                    movement = str(rng.choice([m for _, m, start in MOVEMENTS if start <= year]))
                    text = report_text(rng, name, year, kind, movement, *counts.get((uid, year), (0, 0)))
                previous = text if kind == "final" else previous
                due_date = pd.Timestamp(due)
                shift = int(rng.integers(1, 46)) if rng.random() < p_late else -int(rng.integers(0, 15))
                rows.append((uid, year, kind, text, due_date, due_date + pd.Timedelta(days=shift)))
    return pd.DataFrame(rows, columns=["unit_id", "year", "kind", "text", "due_date", "submitted_date"])


# ----------------------------------------------------------------------------- PLANTED.md
