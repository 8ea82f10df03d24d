"""The app's private folder: the files a user dropped, the problems spreadsheet and the report.

Each app session gets a folder of its own, readable by its user only (``tempfile.mkdtemp``), which is
removed when the app stops.  A file's upload name is never used as a path: only its last part is
kept, cleaned to letters, digits, spaces and ``._-()`` (Vietnamese letters stay, in NFC, because the
folder loader recognises tables by the words of their names), and the file is written inside
``data/`` under that name.  A dropped ZIP archive is unpacked there, flattened, within the
loaders' limits.  A file dropped again under the same name replaces the earlier one, so that a
corrected file updates the check.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .._messages import Text
from ..errors import TdktInputError
from ..io._archive import check_declared, check_members, open_zip, read_member
from ..io.limits import current_limits, limit_error
from ..io.text import nfc
from ..output import write_bytes_atomic

__all__ = ["Workspace", "safe_name"]

_UNSAFE = re.compile(r"[^\w .()\-]+")
_MAX_NAME = 120


def safe_name(name: str) -> str:
    """The last part of an upload name, cleaned so that it can only name a file inside one folder.

    Examples
    --------
    >>> safe_name("C:\\\\Users\\\\an\\\\Khen thưởng 2023.xlsx"), safe_name("../../etc/passwd")
    ('Khen thưởng 2023.xlsx', 'passwd')
    >>> safe_name(".bashrc"), safe_name("a<b>|c?.csv"), safe_name("..")
    ('bashrc', 'a_b_c_.csv', 'tep')
    """
    last = re.split(r"[\\/]", nfc(str(name)))[-1]
    cleaned = _UNSAFE.sub("_", last).strip(" .")
    stem, dot, suffix = cleaned.rpartition(".")
    if dot and len(cleaned) > _MAX_NAME:
        cleaned = stem[:_MAX_NAME - len(suffix) - 1] + "." + suffix
    return cleaned[:_MAX_NAME] or "tep"


@dataclass(frozen=True)
class Added:
    """What became of one dropped file: the names written into the data folder."""

    upload: str
    written: tuple[str, ...]


class Workspace:
    """A private temporary folder for one app session; use as a context manager, or call :meth:`close`.

    Parameters
    ----------
    data_dir : str or Path, optional
        A folder the user pointed to: it is read where it is and never written.  Without it, the
        data folder is ``data/`` inside the workspace, filled by :meth:`add`.
    root : str or Path, optional
        The workspace folder, when ``tdkt-eval app`` made it for the session; a new private
        temporary folder by default.

    Examples
    --------
    >>> with Workspace() as ws:
    ...     ws.add("khen_thuong.csv", b"nam,hinh_thuc\\n2023,Giay khen\\n").written
    ...     [p.name for p in ws.files()]
    ('khen_thuong.csv',)
    ['khen_thuong.csv']
    """

    def __init__(self, data_dir: str | Path | None = None, *, root: str | Path | None = None) -> None:
        self.root = Path(root).resolve() if root is not None else Path(tempfile.mkdtemp(prefix="tdkt-app-"))
        self.uploads = self.root / "data"
        self.uploads.mkdir(exist_ok=True)
        self.data_dir = Path(data_dir).resolve() if data_dir is not None else self.uploads
        self.report_dir = self.root / "report"

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Remove the workspace folder and all it holds (never the folder the user pointed to)."""
        shutil.rmtree(self.root, ignore_errors=True)

    def use_folder(self, folder: str | Path | None) -> None:
        """Read the data from ``folder`` (kept where it is), or from the dropped files again (None)."""
        self.data_dir = Path(folder).resolve() if folder is not None else self.uploads

    def files(self) -> list[Path]:
        """The files of the data folder, by name."""
        return sorted((p for p in self.data_dir.iterdir() if p.is_file()), key=lambda p: p.name.casefold())

    def clear(self) -> None:
        """Remove every dropped file."""
        for path in self.uploads.iterdir():
            if path.is_file():
                path.unlink()

    def add(self, name: str, content: bytes) -> Added:
        """Write one dropped file into ``data/`` (a ZIP archive: each of its files), replacing one of the same name.

        Raises
        ------
        ResourceLimitError
            The file is larger than the loaders' limit (200 MB, or ``TDKT_MAX_FILE_MB``), or the
            archive breaks the archive limits.
        ArchiveError
            A file named ``.zip`` that is not a readable ZIP archive.
        """
        self.use_folder(None)
        target = safe_name(name)
        limit = current_limits().max_file_bytes
        if len(content) > limit:
            raise limit_error("max_file_bytes", len(content), source=target)
        if target.lower().endswith(".zip"):
            return Added(name, self._unpack(target, content))
        write_bytes_atomic(self.uploads / target, content)
        return Added(name, (target,))

    def _unpack(self, target: str, content: bytes) -> tuple[str, ...]:
        """Write each file of an archive into ``data/`` under its cleaned last name."""
        staged = self.root / "archive.zip"
        staged.write_bytes(content)
        try:
            with open_zip(staged) as archive:
                infos = [i for i in check_members(archive, Path(target)) if _wanted(i)]
                check_declared(infos, Path(target))
                written: dict[str, bytes] = {}
                budget = current_limits().max_uncompressed_bytes
                for info in infos:
                    data = read_member(archive, info, Path(target), budget)
                    budget -= len(data)
                    written[_unique(safe_name(info.filename), written)] = data
        finally:
            staged.unlink(missing_ok=True)
        if not written:
            raise TdktInputError(Text("The archive {name} holds no files.", "Tệp nén {name} không chứa tệp nào.",
                                      {"name": target}),
                                 fix=Text("Check that the right archive was chosen, or drop the files themselves.",
                                          "Hãy kiểm tra đã chọn đúng tệp nén chưa, hoặc thả trực tiếp các tệp."))
        for member, data in written.items():
            write_bytes_atomic(self.uploads / member, data)
        return tuple(written)


def _wanted(info: zipfile.ZipInfo) -> bool:
    """A file of the archive (not a folder, not a hidden file or a macOS copy)."""
    name = PurePosixPath(info.filename)
    return not info.is_dir() and not name.name.startswith(".") and "__MACOSX" not in name.parts


def _unique(name: str, taken) -> str:
    """``name``, or ``name (2)``, ``name (3)`` … when two members of an archive share a last name."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem} ({n}){dot}{suffix}"
    return candidate
