"""Read ZIP archives (ODK exports, .xlsx workbooks) safely: in memory, within the limits, never extracted.

A ZIP member is read as a stream into memory, never written to disk, and the
reading stops as soon as the archive breaks a limit of :mod:`.limits`: more
members than ``max_members``, more bytes than ``max_uncompressed_bytes`` (as
declared in the archive's directory and as really inflated), or a member that
inflates more than ``max_compression_ratio`` times its packed size (a "ZIP
bomb").  A workbook's XML parts are scanned the same way before openpyxl opens
it, for cells longer than ``max_cell_chars``, XML entity declarations and
formula cells without a stored value.

Every failure is a :class:`~tdkt_eval.errors.TdktInputError` naming the
file and the fix, in English and Vietnamese.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from ..errors import ArchiveError, MalformedFileError, TdktInputError
from .._messages import Text
from .limits import current_limits, limit_error

__all__ = ["open_zip", "check_members", "read_member", "csv_members", "WorkbookScan", "scan_workbook"]

_CHUNK = 1024 * 1024
#: Below this many inflated bytes the compression ratio is not checked (tiny files compress oddly well).
_RATIO_FLOOR = 16 * 1024 * 1024
#: Errors a damaged member raises while it is inflated.
_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)
_REDOWNLOAD = Text("Download the export again (or ask the sender to send it again) and check that it opens.",
                   "Hãy tải lại tệp xuất (hoặc nhờ người gửi gửi lại) và kiểm tra rằng tệp mở ra được.")


def _name(exc: BaseException) -> str:
    """``zlib.error`` rather than a bare ``error``."""
    name = type(exc).__name__
    return f"{type(exc).__module__}.{name}" if name == "error" else name


def _damaged(problem: Text, path: Path, fix: Text = _REDOWNLOAD) -> ArchiveError:
    return ArchiveError(problem, source=path, fix=fix)


def open_zip(path: Path, *, fix: Text = _REDOWNLOAD) -> zipfile.ZipFile:
    """Open ``path`` as a ZIP archive, or raise :class:`ArchiveError` naming the fix."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _damaged(Text("The ZIP archive cannot be opened ({error}); it is damaged or not a ZIP file.",
                            "Không mở được tệp nén ZIP ({error}): tệp bị hỏng hoặc không phải tệp ZIP.",
                            {"error": type(exc).__name__}), path, fix) from None


def check_members(archive: zipfile.ZipFile, path: Path) -> list[zipfile.ZipInfo]:
    """The archive's members, after checking their count and that no name is used twice."""
    infos = archive.infolist()
    if len(infos) > current_limits().max_members:
        raise limit_error("max_members", len(infos), source=path)
    twice = sorted(name for name, n in Counter(i.filename for i in infos).items() if n > 1)
    if twice:
        raise _damaged(
            Text("The archive holds two or more members with the same name ({names}): which one is the data "
                 "cannot be told, and reading either would silently drop the other.",
                 "Tệp nén chứa hai tệp trở lên trùng tên ({names}): không thể biết tệp nào là dữ liệu, và đọc "
                 "một tệp sẽ âm thầm bỏ mất tệp kia.", {"names": ", ".join(map(repr, twice[:5]))}),
            path, Text("Download the export again, or unpack the archive and keep one file of each name.",
                       "Hãy tải lại tệp xuất, hoặc giải nén và chỉ giữ một tệp cho mỗi tên."))
    return infos


def csv_members(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The CSV members, in any sub-folder (macOS ``__MACOSX`` copies and hidden files left out).

    Examples
    --------
    >>> names = ["form.csv", "export/form-g.csv", "__MACOSX/._form.csv", "media/a.jpg", "x/"]
    >>> [i.filename for i in csv_members([zipfile.ZipInfo(n) for n in names])]
    ['form.csv', 'export/form-g.csv']
    """
    def wanted(info: zipfile.ZipInfo) -> bool:
        name = PurePosixPath(info.filename)
        return (not info.is_dir() and name.suffix.lower() == ".csv" and not name.name.startswith(".")
                and "__MACOSX" not in name.parts)

    return [i for i in infos if wanted(i)]


def _check_ratio(info: zipfile.ZipInfo, inflated: int, path: Path) -> None:
    limit = current_limits().max_compression_ratio
    if inflated > _RATIO_FLOOR and inflated > limit * max(info.compress_size, 1):
        raise limit_error("max_compression_ratio", inflated // max(info.compress_size, 1), source=path)


def check_declared(infos: list[zipfile.ZipInfo], path: Path) -> None:
    """Refuse members whose declared sizes already break ``max_uncompressed_bytes`` or the ratio limit."""
    total = sum(i.file_size for i in infos)
    if total > current_limits().max_uncompressed_bytes:
        raise limit_error("max_uncompressed_bytes", total, source=path)
    for info in infos:
        _check_ratio(info, info.file_size, path)


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, budget: int,
            fix: Text = _REDOWNLOAD) -> Iterator[bytes]:
    """The inflated bytes of ``info``, chunk by chunk, stopping once ``budget`` or the ratio limit is passed."""
    inflated = 0
    if info.flag_bits & 0x1:
        raise _damaged(Text("The member {member} is protected by a password.",
                            "Tệp {member} trong tệp nén được bảo vệ bằng mật khẩu.", {"member": repr(info.filename)}),
                       path, Text("Send the archive again without a password.",
                                  "Hãy gửi lại tệp nén không đặt mật khẩu."))
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                inflated += len(chunk)
                if inflated > budget:
                    raise limit_error("max_uncompressed_bytes", f"more than {budget}", source=path)
                _check_ratio(info, inflated, path)
                yield chunk
    except TdktInputError:
        raise
    except _MEMBER_ERRORS as exc:
        raise _damaged(Text("The member {member} cannot be read ({error}): the archive is damaged.",
                            "Không đọc được tệp {member} trong tệp nén ({error}): tệp nén bị hỏng.",
                            {"member": repr(info.filename), "error": _name(exc)}), path, fix) from None


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, budget: int) -> bytes:
    """The bytes of one member, read in memory; at most ``budget`` bytes, else :class:`ResourceLimitError`."""
    out = io.BytesIO()
    for chunk in _chunks(archive, info, path, budget):
        out.write(chunk)
    return out.getvalue()


# ---------------------------------------------------------------- workbooks
_WORKBOOK_FIX = Text("Open it in Excel and save it again as .xlsx, or export the sheet as 'CSV UTF-8'.",
                     "Mở tệp bằng Excel rồi lưu lại thành .xlsx, hoặc xuất trang tính ra 'CSV UTF-8'.")
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: A formula cell with no stored result: no ``<v>``, or an empty one in a cell that is not of type "str"
#: (Excel stores an empty-text result as ``t="str"`` and ``<v></v>``; openpyxl writes ``<v />`` for "not computed").
_FORMULA_NO_VALUE = re.compile(rb'<(?:\w+:)?c\b([^>]*)>\s*(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*'
                               rb'</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*'
                               rb'</(?:\w+:)?c>')
_TEXT_TYPE = re.compile(rb'\bt="str"')
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


@dataclass
class WorkbookScan:
    """What the scan of a workbook's XML parts found.

    Attributes
    ----------
    states : dict
        Sheet name → "visible", "hidden" or "veryHidden", in workbook order.
    parts : dict
        Sheet name → its XML part in the archive.
    formulas : dict
        XML part → cells ("B2") holding a formula without a stored value (at most 20 each).
    """

    states: dict[str, str] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    formulas: dict[str, list[str]] = field(default_factory=dict)


class _PartScanner:
    """Follow one XML part chunk by chunk: longest text between two tags, formula cells without values."""

    def __init__(self, limit: int, sheet: bool) -> None:
        self.limit, self.sheet = limit, sheet
        self.run_chars = 0  # characters since the last '<'
        self.tail = b""  # an unfinished cell element, carried to the next chunk
        self.formulas: list[str] = []
        self.long = re.compile(rb"<[^<]{%d,}" % limit)

    def feed(self, chunk: bytes) -> int | None:
        """Scan one chunk; the length of a text over the limit, if one was found."""
        first, last = chunk.find(b"<"), chunk.rfind(b"<")
        if first < 0:
            self.run_chars += len(chunk.decode("utf-8", "ignore"))
            return self.run_chars if self.run_chars > self.limit else None
        self.run_chars += len(chunk[:first].decode("utf-8", "ignore"))
        if self.run_chars > self.limit:
            return self.run_chars
        for match in self.long.finditer(chunk, first):
            chars = len(match.group().decode("utf-8", "ignore"))
            if chars > self.limit:
                return chars
        self.run_chars = len(chunk[last:].decode("utf-8", "ignore"))
        if self.sheet:
            self._formulas(chunk)
        return None

    def finish(self) -> None:
        """Scan the cell carried over from the last chunk."""
        if self.sheet and self.tail:
            self._formulas(b"", last=True)

    def _formulas(self, chunk: bytes, last: bool = False) -> None:
        text = self.tail + chunk
        cut = -1 if last else text.rfind(b"<c")
        cut = cut if cut >= 0 and len(text) - cut < 65536 else len(text)
        if len(self.formulas) < 20:
            for match in _FORMULA_NO_VALUE.finditer(text, 0, cut):
                if _TEXT_TYPE.search(match.group(1)) and b"<v" in match.group():
                    continue
                ref = _CELL_REF.search(match.group(1))
                self.formulas.append((ref.group(1) + ref.group(2)).decode() if ref else "?")
        self.tail = text[cut:]


def _sheet_parts(archive: zipfile.ZipFile, path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Sheet name → visibility and sheet name → XML part, from ``xl/workbook.xml`` and its relationships."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, *_MEMBER_ERRORS):
        return {}, {}  # openpyxl says what is wrong when it opens the file
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    states, parts = {}, {}
    for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        name = sheet.get("name", "")
        states[name] = sheet.get("state", "visible")
        target = targets.get(sheet.get(_NS_REL), "")
        parts[name] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return states, parts


def scan_workbook(path: Path) -> WorkbookScan:
    """Check an .xlsx file's XML parts against the limits before it is opened; list sheets and formulas.

    Raises
    ------
    ArchiveError
        The workbook is not a readable ZIP archive (damaged member, duplicate names).
    MalformedFileError
        A part declares XML entities (an "XML bomb").
    ResourceLimitError
        Too many members, too many inflated bytes, too high a compression ratio,
        or a cell longer than ``max_cell_chars``.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise MalformedFileError(
            Text("The workbook cannot be opened ({error}); it is damaged or not really .xlsx.",
                 "Không mở được sổ tính ({error}): tệp bị hỏng hoặc không thật sự là tệp .xlsx.",
                 {"error": type(exc).__name__}), source=path, fix=_WORKBOOK_FIX) from None
    with archive:
        infos = check_members(archive, path)
        xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels")) and not i.is_dir()]
        check_declared(xml, path)
        budget = current_limits().max_uncompressed_bytes
        scan = WorkbookScan()
        for info in xml:
            budget -= _scan_part(archive, info, path, budget, scan)
        scan.states, scan.parts = _sheet_parts(archive, path)
    return scan


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, budget: int, scan: WorkbookScan) -> int:
    """Scan one XML part; the number of bytes it inflated to."""
    scanner = _PartScanner(current_limits().max_cell_chars, sheet="worksheets/" in info.filename)
    size = 0
    for chunk in _chunks(archive, info, path, budget, _WORKBOOK_FIX):
        if size == 0 and b"<!ENTITY" in chunk[:4096].upper():
            raise MalformedFileError(
                Text("The workbook part {part} declares XML entities, which a spreadsheet never needs: it may be "
                     "crafted to exhaust memory (an 'XML bomb') and is not read.",
                     "Phần {part} của sổ tính khai báo thực thể XML (XML entity), điều mà bảng tính không bao giờ "
                     "cần: tệp có thể được tạo ra để làm cạn bộ nhớ ('XML bomb') nên không được đọc.",
                     {"part": repr(info.filename)}), source=path,
                fix=Text("Do not use this file; ask the sender for the workbook as saved by Excel, or as 'CSV UTF-8'.",
                         "Không dùng tệp này; hãy xin người gửi sổ tính được lưu bằng Excel, hoặc tệp 'CSV UTF-8'."))
        size += len(chunk)
        long = scanner.feed(chunk)
        if long is not None:
            raise limit_error("max_cell_chars", f"more than {current_limits().max_cell_chars}", source=path)
    scanner.finish()
    if scanner.formulas:
        scan.formulas[info.filename] = scanner.formulas
    return size
