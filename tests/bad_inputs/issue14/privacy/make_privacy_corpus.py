"""Write the personal-data files of issue 14 (values in the wrong place, ID numbers, free text, headers).

Run ``python tests/bad_inputs/issue14/privacy/make_privacy_corpus.py`` to rewrite
the files beside this script; tests/test_hostile_privacy.py checks that the
committed files are exactly what :func:`corpus` returns.  Every name, phone
number, citizen ID (CCCD) number and e-mail address is made up and typed here;
none comes from the detectors' own tables.  The KoboToolbox workbook is written
with openpyxl and then rewritten with fixed dates, so that it is reproducible.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).parent

PERSONNEL = "person_id,unit_id,year,position_group,gender,sector,area_type,annual_rating,achievement_score\r\n"
WORKFORCE = "unit_id,year,position_group,gender,sector,area_type,headcount\r\n"
INSPECTIONS = "inspection_id,unit_id,date,inspector_level,movement_id,findings_count,findings_resolved,score\r\n"
REPORTS = "unit_id,year,kind,text,due_date,submitted_date\r\n"

# Made-up people.  CCCD numbers: province 079 (Hồ Chí Minh city) / 001 (Hà Nội), century digit 0 or 1.
NAME_IN_GENDER = "Nguyễn Văn Quyết"
PHONE_IN_SECTOR = "0912 345 678"
CCCD_IN_HEADCOUNT = "079088001234"
PHONE_IN_COUNT = "0987654321"
CCCD_A = "079088001234"  # written "79088001234" in the second file, as Excel leaves it
CCCD_B = "001190123457"
REVIEW_NAME = "Trần Văn Khải"
REVIEW_PHONE = "0903.112.233"
REVIEW_EMAIL = "khai.tran@example.vn"
ADDRESSES = {"Nơi ở": ["Số 5 ngõ 12 phố Văn Cao", "Tổ 7 phường Quang Trung"],
             "Quê quán": ["Xã Yên Khánh, Ninh Bình", "Xã Hải Hậu, Nam Định"],
             "Chỗ ở hiện nay": ["Chung cư Phú Mỹ, phòng 1204", "Khu tập thể Kim Liên, nhà B3"],
             "Địa chỉ thường trú": ["Thôn Đông Hạ, xã Đông Sơn", "Ấp Bình Lợi, xã Tân Phú"]}
CONTACTS = {"name": ["Lan", "Bình"], "full_name": ["Phạm Ngọc Lan", "Đoàn Thị Bích"],
            "phone": ["0356 789 012", "0868 222 333"], "address": ["27 đường Lạc Long Quân", "9 đường Hùng Vương"],
            "email": ["lan.pham@example.org", "bich.doan@example.com"]}
KOBO_MEMBERS = ["Lò Văn Pánh", "Giàng Thị Mỷ", "Vàng A Sùng"]
KOBO_COMMENT_PHONE = "0979 456 123"


def _csv(header: str, *rows: str) -> bytes:
    return (header + "".join(r + "\r\n" for r in rows)).encode("utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _personnel_rows(ids: list[str], year: int) -> list[str]:
    return [f"{pid},U001,{year},leader,{'female' if i % 2 == 0 else 'male'},state,normal,good,7{i}.5"
            for i, pid in enumerate(ids)]


def _review() -> str:
    return (f"Sở Nội vụ đề nghị khen thưởng ông {REVIEW_NAME} (điện thoại {REVIEW_PHONE}, thư {REVIEW_EMAIL}) "
            "vì đã có thành tích xuất sắc trong phong trào thi đua năm 2023.")


def _wide(extra: dict[str, list[str]]) -> bytes:
    header = PERSONNEL.rstrip("\r\n") + "," + ",".join(extra) + "\r\n"
    rows = [base + "," + ",".join(_quoted(v[i]) for v in extra.values())
            for i, base in enumerate(_personnel_rows(["P00001", "P00002"], 2023))]
    return _csv(header, *rows)


def _records() -> dict[str, bytes]:
    return {
        "name_in_gender.csv": _csv(PERSONNEL, "P00001,U001,2023,leader,female,state,normal,excellent,92.4",
                                   f"P00002,U001,2023,leader,{NAME_IN_GENDER},state,normal,good,71.0",
                                   "P00003,U001,2023,manager,male,state,normal,good,70.5"),
        "phone_in_sector.csv": _csv(PERSONNEL, "P00001,U001,2023,leader,female,state,normal,excellent,92.4",
                                    f"P00002,U001,2023,leader,male,{PHONE_IN_SECTOR},normal,good,71.0"),
        "cccd_in_headcount.csv": _csv(WORKFORCE, "U001,2023,frontline,female,state,normal,13",
                                      f"U001,2023,frontline,male,state,normal,CCCD {CCCD_IN_HEADCOUNT}",
                                      "U001,2023,manager,male,state,normal,4"),
        "phone_in_count.csv": _csv(INSPECTIONS, "I0001,U001,2023-01-07,district,M04,2,1,",
                                   f"I0002,U002,2023-01-09,province,M04,{PHONE_IN_COUNT},5,84.9"),
        "cccd_person_id_2023.csv": _csv(PERSONNEL, *_personnel_rows([CCCD_A, CCCD_B, "P00003"], 2023)),
        "cccd_person_id_2024_lost_zero.csv": _csv(PERSONNEL, *_personnel_rows([CCCD_A[1:], CCCD_B], 2024)),
        "review_report_personal.csv": _csv(REPORTS, f"U001,2023,final,{_quoted(_review())},2023-12-10,2023-12-06",
                                           "U002,2023,final,Đơn vị hoàn thành các chỉ tiêu thi đua.,"
                                           "2023-12-10,2023-12-08"),
        "address_headers_vi.csv": _wide(ADDRESSES),
        "contact_headers_en.csv": _wide(CONTACTS),
    }


# ---------------------------------------------------------------- KoboToolbox XLSX with a repeat group
KOBO_MAIN = ["unit_id", "gender", "comment", "_id", "_uuid", "_submission_time", "_validation_status", "_notes",
             "_status", "_submitted_by", "__version__", "_tags", "_index"]
KOBO_REPEAT = ["members/member_role", "members/name", "_index", "_parent_table_name", "_parent_index",
               "_submission__id", "_submission__uuid", "_submission__submission_time",
               "_submission__validation_status", "_submission__notes", "_submission__status",
               "_submission__submitted_by", "_submission__tags"]
KOBO_UUIDS = ["8f0c5f7e-2a4b-4c1d-9e3f-0a1b2c3d4e51", "8f0c5f7e-2a4b-4c1d-9e3f-0a1b2c3d4e52"]
SHEET = "Khảo sát cán bộ"


def _kobo_sheets() -> list[tuple[str, list[list[object]]]]:
    main = [KOBO_MAIN]
    comments = [f"Liên hệ tổ trưởng qua số {KOBO_COMMENT_PHONE} để nhận tài liệu.", "Không có ý kiến"]
    for i, (uuid, comment) in enumerate(zip(KOBO_UUIDS, comments)):
        main.append(["U01", "female" if i else "male", comment, float(101 + i), uuid, f"2024-09-0{i + 1}T08:00:00",
                     "", "", "submitted_via_web", "canbo01", "v1", "", float(i + 1)])
    repeat = [KOBO_REPEAT]
    for n, (parent, name) in enumerate(zip((0, 0, 1), KOBO_MEMBERS), start=1):
        repeat.append(["leader" if n == 1 else "member", name, float(n), SHEET, float(parent + 1),
                       float(101 + parent), KOBO_UUIDS[parent], f"2024-09-0{parent + 1}T08:00:00",
                       "", "", "submitted_via_web", "canbo01", ""])
    return [(SHEET, main), ("members", repeat)]


_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def kobo_xlsx() -> bytes:
    """A KoboToolbox XLSX export whose repeat sheet "members" has a ``members/name`` column."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in _kobo_sheets():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _DATES.sub(rb"\g<1>2024-09-03T08:00:00Z\g<3>", data)
            dst.writestr(zipfile.ZipInfo(info.filename, (2024, 9, 3, 8, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def corpus() -> dict[str, bytes]:
    """File name -> bytes of every personal-data file."""
    return {**_records(), "kobo_repeat_name.xlsx": kobo_xlsx()}


def main() -> None:
    for name, data in corpus().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
