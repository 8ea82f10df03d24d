"""Write the broken and hostile ZIP archives and workbooks of issue 14 (run: python make_archives.py).

The small cases are committed beside this script; the bombs (``*_bomb``
functions) are large once inflated and are written at test time into a
temporary folder by tests/test_hostile_archives.py.  Every file is built here
byte by byte or with openpyxl, never copied from elsewhere.
"""

from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
MiB = 1024 * 1024
HEADER = "SubmissionDate,unit_id,aw1,meta-instanceID,KEY\n"


def odk_rows(n: int, start: int = 0) -> str:
    """``n`` rows of a small ODK Central main table."""
    return "".join(f"2024-09-02,U{i:03d},4,uuid:{i:08d},uuid:{i:08d}\n" for i in range(start, start + n))


# ---------------------------------------------------------------- ZIP archives written by hand
def _deflate_repeated(chunk: bytes, times: int) -> bytes:
    """A raw deflate stream of ``chunk`` repeated ``times`` times, built from one compressed copy.

    A full flush ends the copy on a byte boundary with no reference to earlier
    data, so copies can be laid end to end; an empty final block closes the stream.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * times + zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)


def raw_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """Write a ZIP of deflated members given as (name, deflated bytes, crc32, declared size)."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        out += encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, offset)
        central += encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))


def repeated_member(name: str, head: bytes, chunk: bytes, times: int, declared: int | None = None) -> tuple:
    """A member holding ``head`` then ``chunk`` ``times`` times, packed without building it in memory."""
    head_packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = head_packer.compress(head) + head_packer.flush(zlib.Z_FULL_FLUSH)
    data += _deflate_repeated(chunk, times)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    size = len(head) + len(chunk) * times
    return (name, data, crc, size if declared is None else declared)


def odk_bomb(path: Path, gigabytes: float = 1.0) -> Path:
    """An ODK "CSV (ZIP)" of about 1 MB whose CSV inflates to ``gigabytes`` GB of one endless cell."""
    times = int(gigabytes * 1000)
    raw_zip(path, [repeated_member("form.csv", HEADER.encode(), b"0" * 1_000_000, times)])
    return path


def lying_bomb(path: Path) -> Path:
    """A ZIP whose directory says its CSV is 2 KB while it inflates to 500 MB."""
    raw_zip(path, [repeated_member("form.csv", HEADER.encode(), b"1," * 500_000, 500, declared=2000)])
    return path


def members_bomb(path: Path, count: int = 20_000) -> Path:
    """A ZIP of ``count`` tiny CSV members."""
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(count):
            archive.writestr(f"form-g{i}.csv", "a\n1\n")
    return path


def xlsx_string_bomb(path: Path, megabytes: int = 300) -> Path:
    """An .xlsx of under 1 MB whose one shared string inflates to ``megabytes`` MB."""
    source = HERE / "long_cell.xlsx"
    with zipfile.ZipFile(source) as book:
        parts = {n: book.read(n) for n in book.namelist() if n != "xl/sharedStrings.xml"}
    members = []
    for name, data in parts.items():
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        members.append((name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)))
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/' \
           b'2006/main" count="2" uniqueCount="2"><si><t>title</t></si><si><t>'
    tail = b"</t></si></sst>"
    name, data, crc, size = repeated_member("xl/sharedStrings.xml", head, b"A" * MiB, megabytes)
    data = data[:-2]  # reopen the stream (drop the empty final block) to append the closing tags
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data += packer.compress(tail) + packer.flush()
    members.append((name, data, zlib.crc32(tail, crc), size + len(tail)))
    raw_zip(path, members)
    return path


# ---------------------------------------------------------------- small committed cases
def _zip(name: str, members: list[tuple[str, str]]) -> None:
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in members:
            archive.writestr(member, text)


def _damaged_member(name: str, source: bytes) -> None:
    """Flip bytes in the middle of the first member's deflated data (the archive's directory stays intact)."""
    data = bytearray(source)
    info = zipfile.ZipFile(HERE / name).infolist()[0]
    start = info.header_offset + 30 + len(info.filename.encode())
    for i in range(start + 10, start + min(info.compress_size, 60)):
        data[i] ^= 0x5A
    (HERE / name).write_bytes(bytes(data))


def _book(name: str, sheets: list[tuple[str, str, list[list[object]]]]) -> None:
    book = Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    book.save(HERE / name)


def _rewrite_part(name: str, part: str, change) -> None:
    """Rewrite one part of a workbook written by openpyxl (deflated, as Excel does)."""
    with zipfile.ZipFile(HERE / name) as book:
        parts = {n: book.read(n) for n in book.namelist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as book:
        for member, data in parts.items():
            book.writestr(member, data)


def main() -> None:
    rows = [["unit_id", "unit_name", "year"], ["U001", "Sở Nội vụ", 2023], ["U002", "Sở Tài chính", 2023]]
    _zip("damaged_member.zip", [("form.csv", HEADER + odk_rows(200))])
    _damaged_member("damaged_member.zip", (HERE / "damaged_member.zip").read_bytes())
    with zipfile.ZipFile(HERE / "duplicate_member.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("form.csv", HEADER + odk_rows(99))
        archive.writestr("form.csv", HEADER + odk_rows(100, start=99))
    _zip("subfolder.zip", [("export/form.csv", HEADER + odk_rows(3)), ("export/media/", "")])
    _zip("same_name_two_folders.zip", [("a/form.csv", HEADER + odk_rows(2)), ("b/form.csv", HEADER + odk_rows(2))])
    _zip("no_csv.zip", [("form.txt", "nothing here"), ("__MACOSX/._form.csv", "mac metadata")])
    _zip("many_members.zip", [(f"form-g{i}.csv", "a\n1\n") for i in range(30)] + [("form.csv", HEADER + odk_rows(1))])
    (HERE / "not_a_zip.zip").write_bytes(b"PK\x03\x04 this archive was cut off after four bytes")
    _book("hidden_sheet.xlsx", [("Cũ", "hidden", [["unit_id", "unit_name", "year"], ["OLD", "Cũ", 2019]]),
                                ("Data", "visible", rows)])
    _book("very_hidden_sheet.xlsx", [("Tạm", "veryHidden", [["x"], [1]]), ("Data", "visible", rows)])
    _book("formula_no_value.xlsx", [("Data", "visible", [["unit_id", "staff", "awards", "share"],
                                                          ["U001", 40, 4, "=C2/B2"], ["U002", 50, 5, "=C3/B3"]])])
    _book("long_cell.xlsx", [("Data", "visible", [["title", "report"], ["Tổng kết", "Báo cáo " * 400]])])
    _book("xml_entities.xlsx", [("Data", "visible", rows)])
    _rewrite_part("xml_entities.xlsx", "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                       b"<worksheet", 1))
    _book("damaged_part.xlsx", [("Data", "visible", rows * 30)])
    _damaged_part("damaged_part.xlsx", "xl/worksheets/sheet1.xml")


def _damaged_part(name: str, part: str) -> None:
    data = bytearray((HERE / name).read_bytes())
    info = zipfile.ZipFile(HERE / name).getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode())
    for i in range(start + 8, start + min(info.compress_size, 48)):
        data[i] ^= 0xA5
    (HERE / name).write_bytes(bytes(data))


if __name__ == "__main__":
    sys.exit(main())
