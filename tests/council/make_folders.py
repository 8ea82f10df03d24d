"""Build the council-intake corpus: data folders written the way a TĐKT office keeps its files.

Each folder under ``tests/council/`` is what a provincial Ban Thi đua – Khen thưởng, a district
Phòng Nội vụ or a department (Sở) would hand over: Excel workbooks with title rows, merged
two-row headers, a row of column numbers, STT, subtotals, notes and signatures; CSV files in
Windows-1258, UTF-8 with BOM, UTF-16 or legacy TCVN3; a KoboToolbox export. Headers and values
are written from the wording of Law 06/2022/QH15 and Decree 98/2023/NĐ-CP and from office
habit, never from the loader's alias tables.

``EXPECTED.csv`` says, per folder, what a council officer expects: the exit code of
``tdkt-eval validate``, the tables that must be recognised with their row counts (data rows
only, as written here: titles, totals, notes and signatures excluded), and for broken folders
Vietnamese fragments the message must contain (``;`` separates fragments that must all
appear, ``|`` separates alternatives). ``report_args``, ``report_exit`` and ``report_fragments``
say what ``tdkt-eval report FOLDER --lang vi <report_args>`` must do where a folder is about a
report option (``--years`` with no data); tests/test_council.py does not build reports.

Run ``python tests/council/make_folders.py`` to rewrite every folder. The output is fixed:
no clock, no unseeded randomness; workbooks carry fixed properties and zip timestamps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).parent
FIXED_TIME = dt.datetime(2024, 3, 1, 8, 0, 0)
PROVINCE = "BÌNH AN"

# ---------------------------------------------------------------------------------------------
# The province: units and people
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    district: str
    level: str      # "Tỉnh", "Huyện", "Xã" as a unit list writes it
    sector: str     # "Nhà nước" / "Ngoài nhà nước"
    area: str       # "Bình thường", "Khó khăn", "Đặc biệt khó khăn", "Biên giới"
    cluster: str = ""
    abbr: str = "UBND"  # the issuing suffix of its decisions (QĐ-SNV, QĐ-UBND)
    kind: str = "dept"  # which job titles it has


TP, SH, TL, PM = "Thành phố Bình An", "Huyện Sơn Hà", "Huyện Tân Lập", "Thị xã Phú Mỹ"
KTH, KVX, KKT = "Khối các cơ quan tổng hợp", "Khối văn hóa - xã hội", "Khối kinh tế"
CMN, CDB = "Cụm các huyện miền núi", "Cụm các huyện đồng bằng"

UNITS = [
    Unit("DV01", "Sở Nội vụ", TP, "Tỉnh", "Nhà nước", "Bình thường", KTH, "SNV"),
    Unit("DV02", "Sở Tài chính", TP, "Tỉnh", "Nhà nước", "Bình thường", KTH, "STC"),
    Unit("DV03", "Sở Giáo dục và Đào tạo", TP, "Tỉnh", "Nhà nước", "Bình thường", KVX, "SGDĐT"),
    Unit("DV04", "Sở Y tế", TP, "Tỉnh", "Nhà nước", "Bình thường", KVX, "SYT"),
    Unit("DV05", "Sở Nông nghiệp và Phát triển nông thôn", TP, "Tỉnh", "Nhà nước", "Bình thường", KKT,
         "SNNPTNT"),
    Unit("DV06", "Ủy ban nhân dân huyện Sơn Hà", SH, "Huyện", "Nhà nước", "Khó khăn", CMN, kind="district"),
    Unit("DV07", "Ủy ban nhân dân huyện Tân Lập", TL, "Huyện", "Nhà nước", "Bình thường", CDB, kind="district"),
    Unit("DV08", "Ủy ban nhân dân thị xã Phú Mỹ", PM, "Huyện", "Nhà nước", "Bình thường", CDB, kind="district"),
    Unit("DV09", "Ủy ban nhân dân xã Công", SH, "Xã", "Nhà nước", "Đặc biệt khó khăn", kind="commune"),
    Unit("DV10", "Ủy ban nhân dân xã Sơn Thủy", SH, "Xã", "Nhà nước", "Biên giới", kind="commune"),
    Unit("DV11", "Ủy ban nhân dân xã Tân Hòa", TL, "Xã", "Nhà nước", "Bình thường", kind="commune"),
    Unit("DV12", "Ủy ban nhân dân phường Phú Lợi", PM, "Xã", "Nhà nước", "Bình thường", kind="commune"),
    Unit("DV13", "Công ty Cổ phần Chè Sơn Hà", SH, "Huyện", "Ngoài nhà nước", "Khó khăn", kind="company"),
    Unit("DV14", "Hợp tác xã Nông nghiệp Tân Hòa", TL, "Xã", "Ngoài nhà nước", "Bình thường", kind="company"),
]
BY_CODE = {u.code: u for u in UNITS}

TITLES = {
    "dept": ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Phó trưởng phòng", "Chuyên viên",
             "Chuyên viên chính", "Nhân viên"],
    "district": ["Chủ tịch UBND huyện", "Phó Chủ tịch UBND huyện", "Trưởng phòng", "Phó trưởng phòng",
                 "Chuyên viên"],
    "commune": ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", "Công chức", "Cán bộ", "Công chức"],
    "company": ["Giám đốc", "Công nhân", "Nhân viên"],
    "school": ["Hiệu trưởng", "Phó Hiệu trưởng", "Tổ trưởng chuyên môn", "Giáo viên", "Giáo viên",
               "Giáo viên", "Nhân viên"],
}
HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
DEM = {"Nam": ["Văn", "Đức", "Minh", "Quang", "Hữu"], "Nữ": ["Thị", "Thu", "Ngọc", "Thanh"]}
TEN = {"Nam": ["Hùng", "Dũng", "Nam", "Tuấn", "Long", "Sơn", "Hải", "Thắng"],
       "Nữ": ["Lan", "Hoa", "Hương", "Mai", "Hạnh", "Thảo", "Linh", "Yến"]}


@dataclass(frozen=True)
class Person:
    code: str
    name: str
    gender: str
    title: str
    unit: Unit
    birth: dt.date


def make_people(units: list[Unit], seed: int, prefix: str = "CB") -> list[Person]:
    """One person per job title of each unit, with a made-up name (the names are not real)."""
    rng = random.Random(seed)
    people = []
    for unit in units:
        for title in TITLES[unit.kind]:
            gender = rng.choice(["Nam", "Nữ"])
            name = f"{rng.choice(HO)} {rng.choice(DEM[gender])} {rng.choice(TEN[gender])}"
            birth = dt.date(rng.randint(1966, 1998), rng.randint(1, 12), rng.randint(1, 28))
            people.append(Person(f"{prefix}{len(people) + 1:03d}", name, gender, title, unit, birth))
    return people


# ---------------------------------------------------------------------------------------------
# Reward decisions
# ---------------------------------------------------------------------------------------------

# The forms of Law 06/2022/QH15 as a decision writes them, and the short forms offices use.
FORMS = {
    "hcld3": ("Huân chương Lao động hạng Ba", "HCLĐ hạng Ba", "Huân chương lao động hạng ba"),
    "bkttg": ("Bằng khen của Thủ tướng Chính phủ", "BK Thủ tướng", "Bằng khen Thủ tướng Chính phủ"),
    "bkt": ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "BK UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"),
    "cstdt": ("Chiến sĩ thi đua cấp tỉnh", "CSTĐ tỉnh", "Chiến sỹ thi đua cấp tỉnh"),
    "cstdcs": ("Chiến sĩ thi đua cơ sở", "CSTĐCS", "Chiến sỹ thi đua cơ sở"),
    "ldtt": ("Lao động tiên tiến", "LĐTT", "Lao động tiên tiến"),
    "gk": ("Giấy khen", "GK", "Giấy khen"),
    "ttldxs": ("Tập thể lao động xuất sắc", "TTLĐXS", "Tập thể Lao động xuất sắc"),
    "ttldtt": ("Tập thể lao động tiên tiến", "TTLĐTT", "Tập thể Lao động tiên tiến"),
    "ctdt": ("Cờ thi đua của UBND tỉnh", "Cờ thi đua UBND tỉnh", "Cờ thi đua của Ủy ban nhân dân tỉnh"),
}
STYLE = {"full": 0, "abbr": 1, "sy": 2}
LEVEL_WORDS = {"plain": ("Nhà nước", "Tỉnh", "Cơ sở"), "cap": ("Cấp Nhà nước", "Cấp tỉnh", "Cấp cơ sở")}
MOVEMENTS = ["Dân vận khéo", "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
             "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"]


@dataclass
class Reward:
    decision: str
    date: dt.date
    year: int
    level: int          # 0 state, 1 province, 2 grassroots
    form: str           # key of FORMS
    individual: bool
    recipient: str      # person code or unit code
    name: str           # person's or collective's name
    title: str
    gender: str
    unit: Unit
    movement: str = ""
    ad_hoc: bool = False
    proposal: dt.date | None = None


def reward_rows(year: int, people: list[Person], units: list[Unit], n: int, seed: int) -> list[Reward]:
    """``n`` reward rows for emulation year ``year``: the decisions of one annual round.

    Annual titles are decided in January–April of the next year; one ad-hoc decision falls in
    the year itself. No recipient gets the same form twice in one decision.
    """
    rng = random.Random(seed)
    number = iter(rng.sample(range(12, 2999), 60))
    out: list[Reward] = []

    def add(decision, date, level, form, who, *, ad_hoc=False):
        if isinstance(who, Person):
            out.append(Reward(decision, date, year, level, form, True, who.code, who.name, who.title,
                              who.gender, who.unit, rng.choice(MOVEMENTS), ad_hoc,
                              date - dt.timedelta(days=rng.randint(12, 60))))
        else:
            out.append(Reward(decision, date, year, level, form, False, who.code, who.name, "", "", who,
                              rng.choice(MOVEMENTS), ad_hoc, date - dt.timedelta(days=rng.randint(12, 60))))

    after = year + 1
    grass = sorted({p.unit.code for p in people})
    for code in grass:  # each unit's own round: LĐTT, CSTĐCS, Giấy khen, TTLĐTT
        unit = BY_CODE.get(code) or next(u for u in units if u.code == code)
        dno, date = f"{next(number)}/QĐ-{unit.abbr}", dt.date(after, 1, rng.randint(5, 15))
        staff = [p for p in people if p.unit.code == code]
        for p in staff:
            add(dno, date, 2, "ldtt", p)
        for p in rng.sample(staff, max(1, len(staff) // 3)):
            add(dno, date, 2, "cstdcs", p)
        for p in rng.sample(staff, 1):
            add(dno, date, 2, "gk", p)
        add(dno, date, 2, "ttldtt", unit)
    dno, date = f"{next(number)}/QĐ-UBND", dt.date(after, 1, 22)
    for p in rng.sample(people, max(2, len(people) // 6)):
        add(dno, date, 1, "bkt", p)
    for p in rng.sample(people, 2):
        add(dno, date, 1, "cstdt", p)
    for u in rng.sample(units, max(2, len(units) // 3)):
        add(dno, date, 1, "ttldxs", u)
    add(dno, date, 1, "ctdt", rng.choice(units))
    adhoc, date = f"{next(number)}/QĐ-UBND", dt.date(year, 9, 2)
    for p in rng.sample(people, 2):
        add(adhoc, date, 1, "bkt", p, ad_hoc=True)
    add(f"{next(number)}/QĐ-TTg", dt.date(after, 3, 25), 0, "bkttg", rng.choice(people))
    add(f"{next(number)}/QĐ-CTN", dt.date(after, 4, 20), 0, "hcld3", rng.choice(people))
    keep = sorted(rng.sample(range(len(out)), min(n, len(out))))
    return [out[i] for i in keep]


def ddmmyyyy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def reward_record(r: Reward, style: str = "full", levels: str = "plain") -> dict[str, object]:
    """The cells of one reward row, by the logical column names used in this script."""
    return {
        "so": r.decision, "ngay": r.date, "nam": r.year, "cap": LEVEL_WORDS[levels][r.level],
        "hinh_thuc": FORMS[r.form][STYLE[style]], "doi_tuong": "Cá nhân" if r.individual else "Tập thể",
        "ma": r.recipient, "ten": r.name, "chuc_vu": r.title, "gioi_tinh": r.gender,
        "ma_dv": r.unit.code, "ten_dv": r.unit.name, "khu_vuc": r.unit.sector, "dia_ban": r.unit.area,
        "phong_trao": r.movement, "dot_xuat": "x" if r.ad_hoc else "", "ngay_de_nghi": r.proposal,
    }


# Header wordings, one per logical column (office habit, not the loader's lists).
REWARD_HEADERS = {
    "so": "Số QĐ", "ngay": "Ngày QĐ", "nam": "Năm", "cap": "Cấp khen",
    "hinh_thuc": "Hình thức khen thưởng", "doi_tuong": "Cá nhân/Tập thể", "ma": "Mã đối tượng",
    "ten": "Họ và tên", "chuc_vu": "Chức vụ", "gioi_tinh": "Giới tính", "ma_dv": "Mã ĐV",
    "ten_dv": "Tên đơn vị", "khu_vuc": "Khu vực", "dia_ban": "Loại địa bàn", "phong_trao": "Phong trào",
    "dot_xuat": "Khen đột xuất", "ngay_de_nghi": "Ngày tờ trình",
}
REWARD_COLUMNS = ["ten", "chuc_vu", "gioi_tinh", "ma", "doi_tuong", "ma_dv", "ten_dv", "hinh_thuc", "cap",
                  "so", "ngay", "nam", "khu_vuc", "dia_ban", "phong_trao", "dot_xuat"]

UNIT_HEADERS = {"code": "Mã ĐV", "name": "Tên đơn vị", "district": "Huyện, thị xã, thành phố",
                "level": "Cấp", "sector": "Khu vực", "area": "Loại địa bàn", "cluster": "Cụm, khối thi đua"}


def unit_record(u: Unit) -> dict[str, object]:
    return {"code": u.code, "name": u.name, "district": u.district, "level": u.level, "sector": u.sector,
            "area": u.area, "cluster": u.cluster}


# ---------------------------------------------------------------------------------------------
# Writers: workbooks and text files, byte-stable
# ---------------------------------------------------------------------------------------------

BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed properties and fixed zip timestamps, so reruns write the same bytes."""
    wb.properties.creator = "Ban Thi đua - Khen thưởng"
    wb.properties.lastModifiedBy = "Ban Thi đua - Khen thưởng"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 3, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    path.write_bytes(out.getvalue())


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def put_row(ws, row: int, values: list[object], *, bold: bool = False, date_format: str = "dd/mm/yyyy") -> None:
    for col, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, dt.date):
            cell.number_format = date_format
        if bold:
            cell.font = BOLD


def title_block(ws, width: int, left: str, left2: str, heading: str, subheading: str = "") -> int:
    """The letterhead of an official list: issuing body left, national motto right, then the title.

    Returns the next free row.
    """
    half = max(2, width // 2)
    ws.cell(row=1, column=1, value=left).font = BOLD
    ws.cell(row=2, column=1, value=left2).font = BOLD
    ws.cell(row=1, column=half + 1, value="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM").font = BOLD
    ws.cell(row=2, column=half + 1, value="Độc lập - Tự do - Hạnh phúc").font = BOLD
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=half)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    ws.merge_cells(start_row=1, start_column=half + 1, end_row=1, end_column=width)
    ws.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=width)
    ws.cell(row=4, column=1, value=heading).font = BOLD
    ws.cell(row=4, column=1).alignment = CENTER
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    if subheading:
        ws.cell(row=5, column=1, value=subheading).alignment = CENTER
        ws.merge_cells(start_row=5, start_column=1, end_row=5, end_column=width)
    return 7


def signatures(ws, row: int, width: int, *, place: str = "Bình An") -> int:
    """The foot of a list: a note, the recipients, the clerk and the head of the unit."""
    ws.cell(row=row, column=1, value="Ghi chú: Danh sách gồm cá nhân, tập thể đã được Hội đồng "
                                     "Thi đua - Khen thưởng xét, đề nghị.")
    ws.cell(row=row + 2, column=max(2, width - 3), value=f"{place}, ngày 10 tháng 01 năm 2024")
    ws.cell(row=row + 3, column=1, value="Nơi nhận:").font = BOLD
    ws.cell(row=row + 4, column=1, value="- Như trên;")
    ws.cell(row=row + 5, column=1, value="- Lưu: VT, TĐKT.")
    ws.cell(row=row + 3, column=3, value="Người lập biểu").font = BOLD
    ws.cell(row=row + 3, column=max(4, width - 2), value="THỦ TRƯỞNG ĐƠN VỊ").font = BOLD
    ws.cell(row=row + 4, column=max(4, width - 2), value="(Ký, ghi rõ họ tên, đóng dấu)")
    ws.cell(row=row + 8, column=3, value="Đỗ Thu Trang")
    ws.cell(row=row + 8, column=max(4, width - 2), value="Nguyễn Văn Bình")
    return row + 9


def plain_sheet(wb: Workbook, title: str, headers: list[str], rows: list[list[object]]) -> None:
    """A sheet with the header in row 1 and the data under it: the simplest office export."""
    ws = wb.create_sheet(title)
    put_row(ws, 1, headers, bold=True)
    for i, values in enumerate(rows, start=2):
        put_row(ws, i, values)


def write_text(path: Path, headers: list[str], rows: list[list[object]], *, encoding: str = "utf-8",
               delimiter: str = ",", bom: bool = False, transform=None) -> None:
    """A CSV (or tab-separated .txt) file with CRLF line ends, in the encoding asked for."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for values in rows:
        writer.writerow(["" if v is None else ddmmyyyy(v) if isinstance(v, dt.date) else v for v in values])
    text = buf.getvalue()
    if transform is not None:
        path.write_bytes(transform(text))
        return
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Word and Excel wrote it: base letters precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


# TCVN 5712:1993 (VN3, the ".VnTime" fonts): lower-case letters only, in the 0xA1-0xFE range.
_TCVN3_LETTERS = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}


def tcvn3_bytes(text: str) -> bytes:
    """Text as a .VnTime document saved it (bytes a reader takes for Windows-1252)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            out.append(_TCVN3_LETTERS[ch])  # a KeyError means a letter TCVN3 cannot write
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Folders
# ---------------------------------------------------------------------------------------------


@dataclass
class Folder:
    name: str
    note: str
    tables: dict[str, int] = field(default_factory=dict)
    exit: int = 0
    fragments: str = ""
    report_args: str = ""
    report_exit: str = ""
    report_fragments: str = ""

    @property
    def path(self) -> Path:
        return HERE / self.name


FOLDERS: list[Folder] = []


def folder(name: str, note: str, **kw) -> Folder:
    f = Folder(name, note, **kw)
    if f.path.exists():
        shutil.rmtree(f.path)
    f.path.mkdir(parents=True)
    FOLDERS.append(f)
    return f


def units_sheet(wb: Workbook, units: list[Unit], title: str = "Đơn vị", cols=None) -> None:
    cols = cols or ["code", "name", "district", "level", "sector", "area"]
    plain_sheet(wb, title, ["STT"] + [UNIT_HEADERS[c] for c in cols],
                [[i] + [unit_record(u)[c] for c in cols] for i, u in enumerate(units, 1)])


def units_csv(path: Path, units: list[Unit], **kw) -> None:
    cols = ["code", "name", "district", "level", "sector", "area"]
    write_text(path, ["STT"] + [UNIT_HEADERS[c] for c in cols],
               [[i] + [unit_record(u)[c] for c in cols] for i, u in enumerate(units, 1)], **kw)


def units_workbook(path: Path, units: list[Unit], title: str = "Đơn vị", cols=None) -> None:
    wb = new_workbook()
    units_sheet(wb, units, title, cols)
    save_workbook(wb, path)


def reward_workbook(path: Path, title: str, rows: list[Reward], cols: list[str] = REWARD_COLUMNS,
                    **kw) -> None:
    """A reward list with its header in row 1, alone in its workbook."""
    wb = new_workbook()
    plain_sheet(wb, title, ["STT"] + [REWARD_HEADERS[c] for c in cols], reward_values(rows, cols, **kw))
    save_workbook(wb, path)


def reward_values(rows: list[Reward], cols: list[str], style="full", levels="plain", stt=True):
    return [([i] if stt else []) + [reward_record(r, style, levels)[c] for c in cols]
            for i, r in enumerate(rows, 1)]


def official_reward_sheet(ws, rows: list[Reward], cols: list[str], *, heading: str, body: str,
                          style: str = "full", two_row: bool = False, numbers_row: bool = True,
                          sections: bool = False, top: str = f"UỶ BAN NHÂN DÂN TỈNH {PROVINCE}",
                          attached: str = "(Kèm theo Tờ trình số 15/TTr-SNV ngày 05/01/2024 của Sở Nội vụ)") -> None:
    """A reward list as it is attached to a decision: letterhead, title, header, (1)(2)… row, foot."""
    width = len(cols) + 1
    row = title_block(ws, width, top, body, heading, attached)
    labels = ["STT"] + [REWARD_HEADERS[c] for c in cols]
    if two_row:  # a merged "Quyết định" over "Số" and "Ngày"
        for col, text in enumerate(labels, start=1):
            key = cols[col - 2] if col > 1 else ""
            if key in ("so", "ngay"):
                continue
            ws.cell(row=row, column=col, value=text).font = BOLD
            ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
        first = cols.index("so") + 2
        assert cols[first - 1] == "ngay", "Số and Ngày must be side by side"
        ws.cell(row=row, column=first, value="Quyết định").font = BOLD
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=first + 1)
        ws.cell(row=row + 1, column=first, value="Số").font = BOLD
        ws.cell(row=row + 1, column=first + 1, value="Ngày").font = BOLD
        row += 2
    else:
        put_row(ws, row, labels, bold=True)
        row += 1
    if numbers_row:
        put_row(ws, row, [f"({i})" for i in range(1, width + 1)])
        row += 1
    groups = [("I", "CÁ NHÂN", [r for r in rows if r.individual]),
              ("II", "TẬP THỂ", [r for r in rows if not r.individual])] if sections else [("", "", rows)]
    for roman, label, members in groups:
        if roman:
            put_row(ws, row, [roman, label], bold=True)
            row += 1
        for i, r in enumerate(members, 1):
            rec = reward_record(r, style)
            put_row(ws, row, [i] + [rec[c] for c in cols])
            row += 1
    signatures(ws, row + 1, width)


def build() -> list[Folder]:
    FOLDERS.clear()
    province = UNITS
    people = make_people(province, 1)

    # 01 ---------------------------------------------------------------------------------------
    f = folder("01_ban_tdkt_co_ban", "A plain reward export khen_thuong_2023.xlsx and a unit list "
               "'Danh sach don vi.xlsx': header in row 1, law wording for forms, job titles.")
    rows = reward_rows(2023, people, province, 60, 101)
    reward_workbook(f.path / "khen_thuong_2023.xlsx", "KT 2023", rows)
    units_workbook(f.path / "Danh sach don vi.xlsx", province, "Danh sách")
    f.tables = {"units": len(province), "rewards": len(rows)}

    # 02 ---------------------------------------------------------------------------------------
    f = folder("02_danh_sach_co_tieu_de", "'DS khen thuong nam 2023.xlsx' as attached to a decision: "
               "letterhead, DANH SÁCH KHEN THƯỞNG NĂM 2023, (1)(2)... row, sections I. CÁ NHÂN / "
               "II. TẬP THỂ, note, Nơi nhận, signatures; units in a UTF-8 don_vi.csv.")
    rows = reward_rows(2023, people, province, 45, 102)
    rows = [r for r in rows if r.individual] + [r for r in rows if not r.individual]
    wb = new_workbook()
    ws = wb.create_sheet("DS")
    official_reward_sheet(ws, rows, REWARD_COLUMNS, heading="DANH SÁCH KHEN THƯỞNG NĂM 2023",
                          body="SỞ NỘI VỤ", sections=True)
    save_workbook(wb, f.path / "DS khen thuong nam 2023.xlsx")
    units_csv(f.path / "don_vi.csv", province)
    f.tables = {"units": len(province), "rewards": len(rows)}

    # 03 ---------------------------------------------------------------------------------------
    f = folder("03_tieu_de_hai_dong", "'Khen thưởng 2022-2023.xlsx': one sheet per year, each with a "
               "merged 'Quyết định' over 'Số' and 'Ngày', column numbers and signatures.")
    cols = ["ten", "chuc_vu", "gioi_tinh", "ma", "doi_tuong", "ma_dv", "hinh_thuc", "cap", "so", "ngay",
            "nam", "khu_vuc", "dia_ban"]
    wb = new_workbook()
    total = 0
    for year, n in ((2022, 30), (2023, 36)):
        rows = reward_rows(year, people, province, n, 103 + year)
        official_reward_sheet(wb.create_sheet(f"Năm {year}"), rows, cols, two_row=True,
                              heading=f"DANH SÁCH KHEN THƯỞNG NĂM {year}", body="SỞ NỘI VỤ")
        total += len(rows)
    save_workbook(wb, f.path / "Khen thưởng 2022-2023.xlsx")
    units_workbook(f.path / "don_vi.xlsx", province)
    f.tables = {"units": len(province), "rewards": total}

    # 04 ---------------------------------------------------------------------------------------
    f = folder("04_mot_file_nhieu_sheet", "'khen_thuong (1).xlsx' (a second download) holding a "
               "'Hướng dẫn' sheet, the units, the rewards and an empty 'Sheet1'.")
    rows = reward_rows(2023, people, province, 40, 104)
    wb = new_workbook()
    ws = wb.create_sheet("Hướng dẫn")
    for i, line in enumerate([
            "HƯỚNG DẪN NHẬP SỐ LIỆU",
            "1. Sheet 'Đơn vị': mỗi dòng một cơ quan, đơn vị; Mã ĐV không trùng nhau.",
            "2. Sheet 'Khen thưởng': mỗi dòng một cá nhân hoặc tập thể được khen trong một quyết định.",
            "3. Ngày ghi theo dạng ngày/tháng/năm (ví dụ 20/01/2024).",
            "4. Hình thức khen thưởng ghi đúng tên theo Luật Thi đua, khen thưởng năm 2022."], start=1):
        ws.cell(row=i, column=1, value=line)
    units_sheet(wb, province)
    plain_sheet(wb, "Khen thưởng", ["STT"] + [REWARD_HEADERS[c] for c in REWARD_COLUMNS],
                reward_values(rows, REWARD_COLUMNS, levels="cap"))
    wb.create_sheet("Sheet1")
    save_workbook(wb, f.path / "khen_thuong (1).xlsx")
    f.tables = {"units": len(province), "rewards": len(rows)}

    # 05 ---------------------------------------------------------------------------------------
    communes = [
        Unit("X01", "Công", SH, "Xã", "Nhà nước", "Đặc biệt khó khăn", kind="commune"),
        Unit("X02", "Sơn Thủy", SH, "Xã", "Nhà nước", "Biên giới", kind="commune"),
        Unit("X03", "Sơn Lộc", SH, "Xã", "Nhà nước", "Khó khăn", kind="commune"),
        Unit("X04", "Nậm Ty", SH, "Xã", "Nhà nước", "Đặc biệt khó khăn", kind="commune"),
        Unit("X05", "Tân Hòa", TL, "Xã", "Nhà nước", "Bình thường", kind="commune"),
        Unit("X06", "Tân Phú", TL, "Xã", "Nhà nước", "Bình thường", kind="commune"),
        Unit("X07", "Hòa Bình", TL, "Xã", "Nhà nước", "Bình thường", kind="commune"),
        Unit("X08", "Tân Lập", TL, "Thị trấn", "Nhà nước", "Bình thường", kind="commune"),
        Unit("X09", "Phú Lợi", PM, "Phường", "Nhà nước", "Bình thường", kind="commune"),
        Unit("X10", "Phú Hưng", PM, "Phường", "Nhà nước", "Bình thường", kind="commune"),
        Unit("X11", "Mỹ An", PM, "Xã", "Nhà nước", "Bình thường", kind="commune"),
        Unit("X12", "Mỹ Thạnh", PM, "Xã", "Nhà nước", "Bình thường", kind="commune"),
    ]
    f = folder("05_tong_cong_va_xa_Cong", "Communes listed by bare name, one of them 'Công' (a real "
               "unit, not a total), a 'Tổng cộng: 12 đơn vị' line; staff counts with a 'Cộng' "
               "subtotal per district and a 'Tổng cộng' row.")
    wb = new_workbook()
    ws = wb.create_sheet("Xã, phường")
    row = title_block(ws, 6, f"UỶ BAN NHÂN DÂN TỈNH {PROVINCE}", "SỞ NỘI VỤ",
                      "DANH SÁCH XÃ, PHƯỜNG, THỊ TRẤN")
    put_row(ws, row, ["STT", "Mã ĐV", "Tên xã, phường, thị trấn", "Huyện, thị xã", "Cấp", "Loại địa bàn",
                      "Khu vực"], bold=True)
    for i, u in enumerate(communes, 1):
        put_row(ws, row + i, [i, u.code, u.name, u.district, u.level, u.area, u.sector])
    put_row(ws, row + len(communes) + 1, ["", "Tổng cộng: 12 đơn vị"], bold=True)
    save_workbook(wb, f.path / "Danh sach xa phuong.xlsx")
    rng = random.Random(105)
    wb = new_workbook()
    ws = wb.create_sheet("Số lượng 2023")
    row = title_block(ws, 9, f"UỶ BAN NHÂN DÂN TỈNH {PROVINCE}", "SỞ NỘI VỤ",
                      "SỐ LƯỢNG CÁN BỘ, CÔNG CHỨC CẤP XÃ NĂM 2023")
    put_row(ws, row, ["STT", "Mã ĐV", "Tên đơn vị", "Năm", "Nhóm chức vụ", "Giới tính", "Khu vực",
                      "Loại địa bàn", "Số lượng"], bold=True)
    row += 1
    grand, data_rows, stt = 0, 0, 0
    for district in (SH, TL, PM):
        sub = 0
        for u in [c for c in communes if c.district == district]:
            for group in ("Lãnh đạo", "Người lao động trực tiếp"):
                for gender in ("Nam", "Nữ"):
                    n = rng.randint(1, 3) if group == "Lãnh đạo" else rng.randint(4, 11)
                    stt += 1
                    put_row(ws, row, [stt, u.code, f"UBND {u.level.lower()} {u.name}", 2023, group, gender,
                                      u.sector, u.area, n])
                    row, sub, data_rows = row + 1, sub + n, data_rows + 1
        put_row(ws, row, ["", "", f"Cộng {district}", "", "", "", "", "", sub], bold=True)
        grand += sub
        row += 2  # a blank separator row
    put_row(ws, row, ["", "", "Tổng cộng", "", "", "", "", "", grand], bold=True)
    signatures(ws, row + 2, 9)
    save_workbook(wb, f.path / "so_luong_cbccvc_2023.xlsx")
    f.tables = {"units": len(communes), "workforce": data_rows}

    # 06 ---------------------------------------------------------------------------------------
    f = folder("06_viet_tat_cp1258", "khen_thuong.csv and don_vi.csv saved by Excel as Windows-1258 "
               "(tone marks combining); forms abbreviated as offices do: CSTĐCS, LĐTT, TTLĐXS, "
               "TTLĐTT, BK UBND tỉnh, GK, HCLĐ hạng Ba.")
    rows = reward_rows(2023, people, province, 55, 106)
    write_text(f.path / "khen_thuong.csv", ["STT"] + [REWARD_HEADERS[c] for c in REWARD_COLUMNS],
               reward_values(rows, REWARD_COLUMNS, style="abbr"), transform=cp1258_bytes)
    units_csv(f.path / "don_vi.csv", province, transform=cp1258_bytes)
    f.tables = {"units": len(province), "rewards": len(rows)}

    # 07 ---------------------------------------------------------------------------------------
    f = folder("07_utf16_va_bom", "Units as UTF-8 with BOM and ';' ('Danh sach don vi.csv'); rewards "
               "as Excel 'Unicode Text' (UTF-16, tab) khen_thuong_2022.txt with 'sỹ' spellings; an "
               "inspection list kiem_tra.csv.")
    rows = reward_rows(2022, people, province, 50, 107)
    units_csv(f.path / "Danh sach don vi.csv", province, bom=True, delimiter=";")
    write_text(f.path / "khen_thuong_2022.txt", ["STT"] + [REWARD_HEADERS[c] for c in REWARD_COLUMNS],
               reward_values(rows, REWARD_COLUMNS, style="sy"), encoding="utf-16-le", delimiter="\t")
    insp = inspection_rows(province, 2022, 14, 107)
    write_text(f.path / "kiem_tra.csv", INSPECTION_HEADERS, insp, bom=True)
    f.tables = {"units": len(province), "rewards": len(rows), "inspections": len(insp)}

    # 08 ---------------------------------------------------------------------------------------
    f = folder("08_tcvn3_cu", "The unit list is an old .VnTime (TCVN3) file saved as CSV; the "
               "rewards are an ordinary workbook.")
    old = [Unit(u.code, u.name.replace("Ủy ban nhân dân", "UBND"), u.district, u.level, u.sector, u.area,
                u.cluster, u.abbr, u.kind) for u in province]
    units_csv(f.path / "don_vi.csv", old, transform=tcvn3_bytes)
    rows = reward_rows(2023, people, province, 48, 108)
    reward_workbook(f.path / "khen_thuong_2023.xlsx", "Khen thưởng", rows)
    f.tables = {"units": len(old), "rewards": len(rows)}

    # 09 ---------------------------------------------------------------------------------------
    f = folder("09_hai_file_kiem_tra", "inspections.csv (2023) beside kiem_tra.csv (2024), same "
               "columns: both are inspection lists and are stacked.")
    a, b = inspection_rows(province, 2023, 18, 109), inspection_rows(province, 2024, 16, 209)
    write_text(f.path / "inspections.csv", PLAIN_INSPECTION_HEADERS, a)
    write_text(f.path / "kiem_tra.csv", PLAIN_INSPECTION_HEADERS, b)
    units_workbook(f.path / "don_vi.xlsx", province)
    f.tables = {"units": len(province), "inspections": len(a) + len(b)}

    # 10 ---------------------------------------------------------------------------------------
    f = folder("10_chi_khao_sat", "Surveys only: a KoboToolbox export of the staff form and of the "
               "citizen form (with the design columns the statistician added), no records.")
    n_staff = write_staff_kobo(f.path / "Phieu_khao_sat_CBCCVC_-_all_versions_-_2024-09-30-08-15-32.csv",
                               province, 40, 110)
    n_cit = write_citizen_kobo(f.path / "Phieu_khao_sat_nguoi_dan_2024.csv", 48, 110)
    f.tables = {"staff_responses": n_staff, "citizen_responses": n_cit}

    # 11 ---------------------------------------------------------------------------------------
    f = folder("11_nhan_su_va_khen_thuong", "Records only, no unit list: the staff roster 'Danh sach "
               "CBCCVC 2023.xlsx' (names, birth dates, phones to drop) and the rewards of those staff.")
    sub = [u for u in province if u.code in ("DV01", "DV02", "DV06", "DV09", "DV10", "DV13")]
    staff = [p for p in people if p.unit in sub]
    wb = new_workbook()
    write_roster(wb.create_sheet("CBCCVC 2023"), staff, 2023, 111)
    save_workbook(wb, f.path / "Danh sach CBCCVC 2023.xlsx")
    rows = [r for r in reward_rows(2023, staff, sub, 200, 111) if r.individual]
    reward_workbook(f.path / "khen_thuong_2023.xlsx", "Khen thưởng", rows)
    f.tables = {"personnel": len(staff), "rewards": len(rows)}

    # 12 ---------------------------------------------------------------------------------------
    f = folder("12_cum_khoi_thi_dua", "Cluster/bloc scoring sheet and ranking with the flag marked 'x'; "
               "units with their 'Cụm, khối thi đua'.")
    clustered = [u for u in province if u.cluster]
    n_scores, n_results = write_cluster_files(f.path, clustered, 2023, 112)
    units_workbook(f.path / "don_vi.xlsx", province,
                   cols=["code", "name", "district", "level", "sector", "area", "cluster"])
    f.tables = {"units": len(province), "cluster_scores": n_scores, "cluster_results": n_results}

    # 13 ---------------------------------------------------------------------------------------
    f = folder("13_bao_cao_so_ket_tong_ket", "Interim and final review reports with deadlines and "
               "receipt dates, the movement list phong_trao.csv, units.")
    n_reports = write_reports(f.path / "bao_cao_so_ket_tong_ket_2023.xlsx", province, 2023, 113)
    write_text(f.path / "phong_trao.csv", ["Mã phong trào", "Tên phong trào", "Năm phát động"],
               [["PT01", MOVEMENTS[0], 2018], ["PT02", MOVEMENTS[1], 2019], ["PT03", MOVEMENTS[2], 2021]])
    units_csv(f.path / "don_vi.csv", province)
    f.tables = {"units": len(province), "reports": n_reports, "movements": 3}

    # 14 ---------------------------------------------------------------------------------------
    f = folder("14_nhan_su_hai_nam", "The roster with one sheet per year (2022, 2023) and the staff "
               "counts 'Thong ke so luong CBCCVC.xlsx'; units.")
    sub = [u for u in province if u.code in ("DV03", "DV04", "DV07", "DV11", "DV12", "DV14")]
    staff = [p for p in people if p.unit in sub]
    wb = new_workbook()
    write_roster(wb.create_sheet("2022"), staff, 2022, 114)
    write_roster(wb.create_sheet("2023"), staff, 2023, 214)
    save_workbook(wb, f.path / "Danh sach CBCCVC.xlsx")
    n_work = write_workforce(f.path / "Thong ke so luong CBCCVC.xlsx", staff, (2022, 2023))
    units_workbook(f.path / "Danh sach don vi.xlsx", sub)
    f.tables = {"units": len(sub), "personnel": 2 * len(staff), "workforce": n_work}

    # 15 ---------------------------------------------------------------------------------------
    district_units = [
        Unit("SH01", "Văn phòng HĐND và UBND huyện", SH, "Huyện", "Nhà nước", "Khó khăn", abbr="VP", kind="district"),
        Unit("SH02", "Phòng Nội vụ", SH, "Huyện", "Nhà nước", "Khó khăn", abbr="PNV", kind="district"),
        Unit("SH03", "Phòng Tài chính - Kế hoạch", SH, "Huyện", "Nhà nước", "Khó khăn", abbr="TCKH",
             kind="district"),
        Unit("SH04", "UBND xã Công", SH, "Xã", "Nhà nước", "Đặc biệt khó khăn", kind="commune"),
        Unit("SH05", "UBND xã Sơn Thủy", SH, "Xã", "Nhà nước", "Biên giới", kind="commune"),
        Unit("SH06", "UBND xã Sơn Lộc", SH, "Xã", "Nhà nước", "Khó khăn", kind="commune"),
        Unit("SH07", "UBND xã Nậm Ty", SH, "Xã", "Nhà nước", "Đặc biệt khó khăn", kind="commune"),
        Unit("SH08", "UBND thị trấn Sơn Hà", SH, "Xã", "Nhà nước", "Khó khăn", kind="commune"),
        Unit("SH09", "Hợp tác xã Chè Nậm Ty", SH, "Xã", "Ngoài nhà nước", "Đặc biệt khó khăn", kind="company"),
    ]
    f = folder("15_phong_noi_vu_huyen", "A district Phòng Nội vụ: its Giấy khen/LĐTT/CSTĐCS decision "
               "list, the commune inspections 'BC kiem tra 2023.csv' and the unit list.")
    local = make_people(district_units, 15, prefix="SH")
    rows = reward_rows(2023, local, district_units, 70, 115)
    rows = [r for r in rows if r.level == 2] or rows
    cols = ["ten", "chuc_vu", "gioi_tinh", "ma", "doi_tuong", "ma_dv", "hinh_thuc", "cap", "so", "ngay",
            "nam", "khu_vuc", "dia_ban"]
    wb = new_workbook()
    ws = wb.create_sheet("QĐ 2023")
    for r in rows:
        r.decision = r.decision.split("/")[0] + "/QĐ-UBND"
    official_reward_sheet(ws, rows, cols, heading="DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG NĂM 2023",
                          body="PHÒNG NỘI VỤ", style="sy", top="UỶ BAN NHÂN DÂN HUYỆN SƠN HÀ",
                          attached="(Kèm theo Quyết định số 45/QĐ-UBND ngày 12/01/2024 của Chủ tịch UBND huyện)")
    assert all(r.movement in MOVEMENTS for r in rows)
    save_workbook(wb, f.path / "QD khen thuong huyen Son Ha 2023.xlsx")
    insp = inspection_rows(district_units, 2023, 12, 115, level="Huyện")
    write_text(f.path / "BC kiem tra 2023.csv", INSPECTION_HEADERS, insp)
    units_workbook(f.path / "Danh sach don vi.xlsx", district_units)
    f.tables = {"units": len(district_units), "rewards": len(rows), "inspections": len(insp)}

    # 16 ---------------------------------------------------------------------------------------
    schools = [
        Unit("TH01", "Trường THPT chuyên Bình An", TP, "Tỉnh", "Nhà nước", "Bình thường", abbr="THPTC",
             kind="school"),
        Unit("TH02", "Trường THPT Sơn Hà", SH, "Tỉnh", "Nhà nước", "Khó khăn", abbr="THPTSH", kind="school"),
        Unit("TH03", "Trường THPT Tân Lập", TL, "Tỉnh", "Nhà nước", "Bình thường", abbr="THPTTL", kind="school"),
        Unit("TH04", "Trường Phổ thông Dân tộc nội trú tỉnh", TP, "Tỉnh", "Nhà nước", "Bình thường",
             abbr="PTDTNT", kind="school"),
        Unit("TH05", "Trường THPT Nậm Ty", SH, "Tỉnh", "Nhà nước", "Đặc biệt khó khăn", abbr="THPTNT",
             kind="school"),
        Unit("TH06", "Trường THPT Phú Mỹ", PM, "Tỉnh", "Nhà nước", "Bình thường", abbr="THPTPM", kind="school"),
        Unit("TH07", "Trung tâm Giáo dục thường xuyên tỉnh", TP, "Tỉnh", "Nhà nước", "Bình thường",
             abbr="GDTX", kind="school"),
        Unit("TH08", "Trường THPT tư thục Lê Quý Đôn", PM, "Tỉnh", "Ngoài nhà nước", "Bình thường",
             abbr="LQĐ", kind="school"),
    ]
    f = folder("16_so_giao_duc", "A department (Sở GD&ĐT): schools as units; 'Khen thuong nganh giao "
               "duc.xlsx' with one sheet per school year's round (Năm 2022, Năm 2023), teachers' titles.")
    teachers = make_people(schools, 16, prefix="GV")
    wb = new_workbook()
    total = 0
    for year in (2022, 2023):
        rows = reward_rows(year, teachers, schools, 60, 116 + year)
        plain_sheet(wb, f"Năm {year}", ["STT"] + [REWARD_HEADERS[c] for c in REWARD_COLUMNS],
                    reward_values(rows, REWARD_COLUMNS, levels="cap"))
        total += len(rows)
    save_workbook(wb, f.path / "Khen thuong nganh giao duc.xlsx")
    units_workbook(f.path / "don_vi.xlsx", schools, "Danh sách trường")
    f.tables = {"units": len(schools), "rewards": total}

    # 17 ---------------------------------------------------------------------------------------
    f = folder("17_ngay_thang_va_tieu_chi", "Decision dates as real Excel dates in some rows and as "
               "'ngày 20 tháng 01 năm 2024' in others, proposal dates, movement codes; registered "
               "criteria and the movement list.")
    rows = reward_rows(2023, people, province, 50, 117)
    codes = {name: f"PT{i:02d}" for i, name in enumerate(MOVEMENTS, 1)}
    for r in rows:
        r.movement = codes[r.movement]
    cols = REWARD_COLUMNS + ["ngay_de_nghi"]
    values = reward_values(rows, cols)
    at = cols.index("ngay") + 1
    for i, v in enumerate(values):
        if i % 3 == 0:
            d = v[at]
            v[at] = f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    wb = new_workbook()
    headers = ["STT"] + [REWARD_HEADERS[c] for c in cols]
    headers[cols.index("phong_trao") + 1] = "Mã phong trào"
    plain_sheet(wb, "Khen thưởng", headers, values)
    save_workbook(wb, f.path / "khen_thuong_2023.xlsx")
    crit = criteria_rows(province[:8], 117)
    write_text(f.path / "tieu_chi_dang_ky.csv", ["Mã phong trào", "Mã ĐV", "Mã tiêu chí", "Nội dung đăng ký"],
               crit)
    wb = new_workbook()
    plain_sheet(wb, "Phong trào", ["Mã phong trào", "Tên phong trào", "Năm phát động"],
                [["PT01", MOVEMENTS[0], 2018], ["PT02", MOVEMENTS[1], 2019], ["PT03", MOVEMENTS[2], 2021]])
    save_workbook(wb, f.path / "phong_trao.xlsx")
    units_csv(f.path / "don_vi.csv", province)
    f.tables = {"units": len(province), "rewards": len(rows), "criteria": len(crit), "movements": 3}

    # 18 ---------------------------------------------------------------------------------------
    f = folder("18_nam_khong_co_so_lieu", "Rewards of 2022 and 2023 in 'Khen thưởng 2022-2023.xlsx' "
               "(one sheet); fine for validate; a report for --years 2030 must say the years are empty.",
               report_args="--years 2030", report_exit="1", report_fragments="2030;không có dữ liệu")
    rows = reward_rows(2022, people, province, 30, 118) + reward_rows(2023, people, province, 30, 218)
    reward_workbook(f.path / "Khen thưởng 2022-2023.xlsx", "Tổng hợp", rows)
    units_csv(f.path / "don_vi.csv", province)
    f.tables = {"units": len(province), "rewards": len(rows)}

    build_broken(people)
    return FOLDERS


def build_broken(people: list[Person]) -> None:
    province = UNITS

    # 21 ---------------------------------------------------------------------------------------
    f = folder("21_thieu_cot_hinh_thuc", "Broken: the reward list has no 'Hình thức khen thưởng' column "
               "(the form of each reward is missing).", exit=1,
               fragments="khen_thuong_2023.xlsx;thiếu;hình thức")
    rows = reward_rows(2023, people, province, 40, 121)
    cols = [c for c in REWARD_COLUMNS if c != "hinh_thuc"]
    wb = new_workbook()
    plain_sheet(wb, "KT 2023", ["STT"] + [REWARD_HEADERS[c] for c in cols], reward_values(rows, cols))
    save_workbook(wb, f.path / "khen_thuong_2023.xlsx")
    units_csv(f.path / "don_vi.csv", province)

    # 22 ---------------------------------------------------------------------------------------
    f = folder("22_chu_trong_cot_so_luong", "Broken: the staff counts have 'đang tổng hợp' (still being "
               "compiled) in the 'Số lượng' column for two units.", exit=1,
               fragments="Số lượng;đang tổng hợp")
    staff = [p for p in people if p.unit.code in ("DV01", "DV02", "DV06", "DV09")]
    n = write_workforce(f.path / "so_luong_cbccvc_2023.xlsx", staff, (2023,), pending=("DV06", "DV09"))
    assert n > 0
    units_workbook(f.path / "don_vi.xlsx", province)

    # 23 ---------------------------------------------------------------------------------------
    f = folder("23_don_vi_ngoai_danh_sach", "Broken: three rewards go to 'DV99' (Trung tâm Dịch vụ việc "
               "làm), a unit that is not in the unit list.", exit=1, fragments="DV99;đơn vị")
    ghost = Unit("DV99", "Trung tâm Dịch vụ việc làm", TP, "Tỉnh", "Nhà nước", "Bình thường", abbr="TTDVVL")
    rows = reward_rows(2023, people, province, 40, 123)
    extra = make_people([ghost], 23, prefix="VL")[:3]
    for i, p in enumerate(extra):
        rows.append(Reward(rows[0].decision, rows[0].date, 2023, rows[0].level, "ldtt" if i else "cstdcs",
                           True, p.code, p.name, p.title, p.gender, ghost))
    reward_workbook(f.path / "khen_thuong_2023.xlsx", "KT 2023", rows)
    units_workbook(f.path / "Danh sach don vi.xlsx", province)

    # 24 ---------------------------------------------------------------------------------------
    rows = reward_rows(2023, people, province, 40, 124)
    dup = rows[5]
    f = folder("24_trung_quyet_dinh", "Broken: the same decision row (same Số QĐ, same person, same form) "
               "was pasted twice.", exit=1, fragments=f"trùng|lặp;{dup.decision}")
    rows.insert(20, dup)
    reward_workbook(f.path / "khen_thuong_2023.xlsx", "KT 2023", rows)
    units_csv(f.path / "don_vi.csv", province)

    # 25 ---------------------------------------------------------------------------------------
    f = folder("25_khong_co_tep_dung_duoc", "Broken: only a Word proposal and a text note, no table.",
               exit=1, fragments="To trinh de nghi khen thuong.docx;không có|không tìm thấy|không nhận")
    write_docx(f.path / "To trinh de nghi khen thuong.docx",
               ["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;"])
    (f.path / "ghi chu.txt").write_bytes(
        "Ghi chú: số liệu khen thưởng năm 2023 anh Bình đang tổng hợp, sẽ gửi bổ sung sau.\r\n".encode())

    # 26 ---------------------------------------------------------------------------------------
    f = folder("26_nhieu_loi_mot_lan", "Broken twice in one file: an impossible date 31/02/2023 and a "
               "row with more shortcomings fixed than found; both must be reported in one pass.",
               exit=1, fragments="31/02/2023;dòng 5;dòng 11")
    insp = inspection_rows(province, 2023, 16, 126)
    insp[3][3] = "31/02/2023"
    insp[9][7], insp[9][8] = 2, 5
    wb = new_workbook()
    plain_sheet(wb, "Kiểm tra 2023", PLAIN_INSPECTION_HEADERS, insp)
    save_workbook(wb, f.path / "kiem_tra_2023.xlsx")
    units_csv(f.path / "don_vi.csv", province)


# ---------------------------------------------------------------------------------------------
# Other tables
# ---------------------------------------------------------------------------------------------

INSPECTION_HEADERS = ["STT", "Mã ĐV", "Đơn vị được kiểm tra", "Ngày kiểm tra", "Cấp kiểm tra", "Phong trào",
                      "Nội dung kiểm tra", "Số tồn tại, hạn chế", "Số đã khắc phục", "Điểm"]
# The same list with the shortest headers, for folders that test something else.
PLAIN_INSPECTION_HEADERS = INSPECTION_HEADERS[:7] + ["Số tồn tại", "Số đã khắc phục", "Điểm"]


def inspection_rows(units: list[Unit], year: int, n: int, seed: int, level: str = "Tỉnh") -> list[list[object]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        u = units[i % len(units)]
        found = rng.randint(0, 5)
        day = dt.date(year, rng.randint(3, 11), rng.randint(1, 28))
        out.append([i + 1, u.code, u.name, ddmmyyyy(day), level, rng.choice(MOVEMENTS),
                    "Kiểm tra việc tổ chức phong trào thi đua và công tác khen thưởng", found,
                    rng.randint(0, found), round(rng.uniform(70, 98), 1) if rng.random() < 0.7 else ""])
    return out


def write_roster(ws, staff: list[Person], year: int, seed: int) -> None:
    """The yearly list of officials (Danh sách CBCCVC) with the year's rating."""
    rng = random.Random(seed)
    ratings = ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
               "Hoàn thành nhiệm vụ", "HTXSNV", "HTTNV"]
    headers = ["STT", "Mã CB", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Mã ĐV", "Năm", "Khu vực",
               "Loại địa bàn", "Xếp loại", "Số điện thoại"]
    put_row(ws, 1, headers, bold=True)
    for i, p in enumerate(staff, 1):
        put_row(ws, i + 1, [i, p.code, p.name, p.birth, p.gender, p.title, p.unit.code, year, p.unit.sector,
                            p.unit.area, rng.choice(ratings), f"09{rng.randint(10000000, 99999999)}"])


def position_group(title: str) -> str:
    """The group a clerk writes in a headcount table for a job title."""
    leaders = ("Giám đốc", "Phó Giám đốc", "Chủ tịch", "Phó Chủ tịch", "Hiệu trưởng", "Phó Hiệu trưởng")
    if title.startswith(leaders):
        return "Lãnh đạo"
    if title in ("Trưởng phòng", "Phó trưởng phòng", "Tổ trưởng chuyên môn"):
        return "Quản lý"
    return "Người lao động trực tiếp"


def write_workforce(path: Path, staff: list[Person], years: tuple[int, ...], pending=()) -> int:
    """Headcounts per unit, group and gender (Thống kê số lượng CBCCVC); returns the data rows."""
    wb = new_workbook()
    ws = wb.create_sheet("Số lượng")
    headers = ["STT", "Mã ĐV", "Tên đơn vị", "Năm", "Nhóm chức vụ", "Giới tính", "Khu vực", "Loại địa bàn",
               "Số lượng"]
    put_row(ws, 1, headers, bold=True)
    counts: dict[tuple, int] = {}
    for year in years:
        for p in staff:
            key = (year, p.unit.code, position_group(p.title), p.gender)
            counts[key] = counts.get(key, 0) + 1
    row, stt = 2, 0
    for (year, code, group, gender), n in sorted(counts.items()):
        u = BY_CODE.get(code) or next(p.unit for p in staff if p.unit.code == code)
        stt += 1
        value = "đang tổng hợp" if code in pending and stt % 2 == 0 else n * 3
        put_row(ws, row, [stt, code, u.name, year, group, gender, u.sector, u.area, value])
        row += 1
    save_workbook(wb, path)
    return stt


def write_cluster_files(path: Path, units: list[Unit], year: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    criteria = [("TC1", "Thực hiện nhiệm vụ chính trị được giao", 40),
                ("TC2", "Tổ chức phong trào thi đua", 20),
                ("TC3", "Công tác khen thưởng", 20),
                ("TC4", "Xây dựng tổ chức đảng, đoàn thể", 20)]
    wb = new_workbook()
    ws = wb.create_sheet("Chấm điểm")
    put_row(ws, 1, [f"BẢNG CHẤM ĐIỂM THI ĐUA CÁC CỤM, KHỐI NĂM {year}"], bold=True)
    put_row(ws, 3, ["STT", "Cụm, khối thi đua", "Năm", "Mã ĐV", "Tên đơn vị", "Mã tiêu chí", "Nội dung tiêu chí",
                    "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định"], bold=True)
    row, totals = 4, {}
    for u in units:
        for code, text, top in criteria:
            own = round(top - rng.choice([0, 0, 0.5, 1, 2]), 1)
            checked = round(own - rng.choice([0, 0, 0.5, 1]), 1)
            put_row(ws, row, [row - 3, u.cluster, year, u.code, u.name, code, text, top, own, checked])
            totals[u.code] = totals.get(u.code, 0) + checked
            row += 1
    n_scores = row - 4
    save_workbook(wb, path / f"Bang cham diem cum thi dua {year}.xlsx")
    wb = new_workbook()
    ws = wb.create_sheet("Kết quả")
    put_row(ws, 1, [f"KẾT QUẢ BÌNH XÉT, SUY TÔN CỜ THI ĐUA CỦA UBND TỈNH NĂM {year}"], bold=True)
    put_row(ws, 3, ["STT", "Cụm, khối thi đua", "Năm", "Mã ĐV", "Tên đơn vị", "Tổng điểm", "Xếp hạng",
                    "Số phiếu suy tôn", "Cờ thi đua"], bold=True)
    row = 4
    for cluster in sorted({u.cluster for u in units}):
        members = sorted([u for u in units if u.cluster == cluster], key=lambda u: (-totals[u.code], u.code))
        for rank, u in enumerate(members, 1):
            put_row(ws, row, [row - 3, cluster, year, u.code, u.name, totals[u.code], rank,
                              max(0, 9 - 3 * rank), "x" if rank == 1 else ""])
            row += 1
    save_workbook(wb, path / f"Ket qua binh xet cum {year}.xlsx")
    return n_scores, row - 4


def write_reports(path: Path, units: list[Unit], year: int, seed: int) -> int:
    rng = random.Random(seed)
    wb = new_workbook()
    ws = wb.create_sheet("Báo cáo")
    put_row(ws, 1, ["STT", "Mã ĐV", "Năm", "Loại báo cáo", "Nội dung báo cáo", "Hạn nộp", "Ngày nhận"], bold=True)
    row = 2
    for u in units:
        for kind, due in (("Sơ kết", dt.date(year, 6, 15)), ("Tổng kết", dt.date(year, 11, 30))):
            text = (f"{u.name} đã quán triệt, triển khai phong trào thi đua năm {year} đến toàn thể cán bộ, "
                    f"công chức; có {rng.randint(2, 12)} sáng kiến được công nhận; tồn tại: việc nhân rộng "
                    "điển hình tiên tiến còn chậm.")
            late = dt.timedelta(days=rng.choice([-5, -2, 0, 3, 10]))
            put_row(ws, row, [row - 1, u.code, year, kind, text, due, due + late])
            row += 1
    save_workbook(wb, path)
    return row - 2


def criteria_rows(units: list[Unit], seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    texts = ["Giải quyết 100% hồ sơ thủ tục hành chính đúng hạn",
             "Có ít nhất 02 sáng kiến được công nhận trong năm",
             "Hoàn thành tốt nhiệm vụ được giao",
             "Nâng cao tinh thần trách nhiệm, đổi mới phong cách làm việc",
             "Tỷ lệ cán bộ, công chức hoàn thành tốt nhiệm vụ trở lên đạt 90%"]
    out = []
    for u in units:
        for j, text in enumerate(rng.sample(texts, 3), 1):
            out.append(["PT02", u.code, f"TC{j:02d}", text])
    return out


def write_staff_kobo(path: Path, units: list[Unit], n: int, seed: int) -> int:
    """A KoboToolbox CSV export of the staff form (XML values, group prefixes, ';' separator)."""
    rng = random.Random(seed)
    groups = {"awareness": ["aw1", "aw2", "aw3", "aw4"], "participation": ["pa1", "pa2", "pa3", "pa4"],
              "substance": ["su1", "su2", "su3", "su4", "su5"], "sustainment": ["sm1", "sm2", "sm3", "sm4"],
              "model_examples": ["me1", "me2", "me3", "me4"], "formality": ["fo1", "fo2", "fo3", "fo4"],
              "fairness": ["fa1", "fa2", "fa3", "fa4", "fa5"], "inspection": ["in1", "in2", "in3", "in4"],
              "council": ["co1", "co2", "co3"], "training": ["tr1", "tr2", "tr3"]}
    items = [f"{g}/{i}" for g, names in groups.items() for i in names]
    headers = (["start", "end"] + [f"background/{c}" for c in ("unit_id", "district", "level", "position_group",
                                                                "gender", "sector", "years_of_service")]
               + items + ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                          "_submitted_by", "__version__", "_tags", "_index"])
    level = {"Tỉnh": "province", "Huyện": "district", "Xã": "commune"}
    rows = []
    for i in range(n):
        u = units[i % len(units)]
        start = dt.datetime(2024, 9, 2, 7, 30) + dt.timedelta(minutes=47 * i)
        end = start + dt.timedelta(minutes=rng.randint(9, 25))
        uid = "%08x-%04x-4%03x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                              0x8000 | rng.getrandbits(14), rng.getrandbits(48))
        rows.append([start.strftime("%Y-%m-%dT%H:%M:%S.000+07:00"), end.strftime("%Y-%m-%dT%H:%M:%S.000+07:00"),
                     u.code, u.district, level[u.level], rng.choice(["leader", "manager", "frontline", "frontline"]),
                     rng.choice(["male", "female"]), "non_state" if u.sector != "Nhà nước" else "state",
                     rng.randint(1, 30)]
                    + [rng.choice([2, 3, 4, 4, 5]) for _ in items]
                    + [200001 + i, uid, (end - dt.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S"), "", "",
                       "submitted_via_web", "", "vBinhAn2024CbCcVc", "", i + 1])
    write_text(path, headers, rows, delimiter=";")
    return n


def write_citizen_kobo(path: Path, n: int, seed: int) -> int:
    """A KoboToolbox export of the citizen form, with stratum, PSU and weight added afterwards."""
    rng = random.Random(seed)
    places = [(SH, "Xã Công"), (SH, "Xã Sơn Thủy"), (TL, "Xã Tân Hòa"), (PM, "Phường Phú Lợi")]
    headers = ["start", "end", "sample/district", "sample/commune", "sample/village", "consent",
               "respondent/gender", "respondent/age", "respondent/ethnicity", "respondent/education",
               "movement/c_know", "movement/c_part", "benefit/c_ben1", "benefit/c_ben2", "benefit/c_ben3",
               "model/c_mknow", "model/c_mlearn", "trust/c_trust1", "trust/c_trust2", "trust/c_trust3",
               "_id", "_uuid", "_submission_time", "_status", "_index", "stratum", "psu", "weight"]
    rows = []
    for i in range(n):
        district, commune = places[i % len(places)]
        start = dt.datetime(2024, 10, 5, 8, 0) + dt.timedelta(minutes=31 * i)
        know = rng.choice([1, 1, 0])
        mknow = rng.choice([1, 0])
        rows.append([start.strftime("%Y-%m-%dT%H:%M:%S.000+07:00"),
                     (start + dt.timedelta(minutes=12)).strftime("%Y-%m-%dT%H:%M:%S.000+07:00"),
                     district, commune, f"Thôn {1 + i % 3}", 1, rng.choice(["male", "female"]),
                     rng.randint(18, 80), "kinh", "high_school", know, rng.choice([1, 0]) if know else 0,
                     rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 5), mknow,
                     rng.choice([1, 0]) if mknow else "", rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 5),
                     300001 + i, f"c{i:07d}-0000-4000-8000-000000000000", start.strftime("%Y-%m-%dT%H:%M:%S"),
                     "submitted_via_web", i + 1, district, f"{commune} - {1 + i % 3}",
                     round(120 + 10 * (i % 4) + rng.random(), 2)])
    write_text(path, headers, rows)
    return n


def write_docx(path: Path, paragraphs: list[str]) -> None:
    """A minimal Word document (a Tờ trình), the kind of file that sits beside the tables."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
        'org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
        'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 3, 1, 8, 0, 0)), text.encode())
    path.write_bytes(out.getvalue())


def write_expected(folders: list[Folder]) -> None:
    """EXPECTED.csv: per folder, the exit code, the tables with their rows, the message fragments."""
    with open(HERE / "EXPECTED.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["folder", "exit", "tables", "fragments", "report_args", "report_exit",
                         "report_fragments", "note"])
        for f in folders:
            tables = ";".join(f"{k}={v}" for k, v in f.tables.items())
            writer.writerow([f.name, f.exit, tables, f.fragments, f.report_args, f.report_exit,
                             f.report_fragments, f.note])


def main() -> None:
    write_expected(build())


if __name__ == "__main__":
    main()
