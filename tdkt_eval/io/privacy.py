"""Keep personal data (names, phone numbers, ID-card numbers) out of analyses and reports.

Columns are recognised by their header (Vietnamese or English, accents
ignored) or by their content: Vietnamese mobile numbers and 12-digit citizen
ID (CCCD) numbers.  They are dropped on loading unless the caller keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import header_key

__all__ = ["personal_data_columns"]

_PII_HEADERS = frozenset(header_key(h) for h in (
    "họ và tên", "họ tên", "tên", "tên người trả lời", "người trả lời", "full name", "name",
    "số điện thoại", "điện thoại", "sđt", "sdt", "đt", "di động", "phone", "phone number", "mobile",
    "cccd", "cmnd", "số cccd", "số cmnd", "cccd cmnd", "căn cước", "căn cước công dân",
    "số định danh", "số định danh cá nhân", "mã định danh", "id number", "national id",
    "email", "thư điện tử", "địa chỉ", "address", "ngày sinh", "date of birth",
))
_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"(?:\+?84|0)(?:3|5|7|8|9)\d{8}")
_CITIZEN_ID = re.compile(r"0\d{11}")
_SHARE = 0.8
_SAMPLE = 500  # distinct values inspected per column


def _looks_personal(values: Sequence[object]) -> bool:
    distinct = [v for v in dict.fromkeys(values) if v is not None and v == v and v != ""][:_SAMPLE]
    texts = [_SEPARATORS.sub("", str(v)) for v in distinct]
    if not texts:
        return False
    hits = sum(bool(_PHONE.fullmatch(t) or _CITIZEN_ID.fullmatch(t)) for t in texts)
    return hits / len(texts) >= _SHARE


def personal_data_columns(columns: dict[str, Sequence[object]], protected: set[str]) -> list[str]:
    """Names of columns that hold personal data.

    Parameters
    ----------
    columns : dict
        Column name → cells.
    protected : set of str
        Contract columns, never flagged (their content is defined by the contract).

    Examples
    --------
    >>> personal_data_columns({"Họ và tên": ["A"], "SĐT": ["0912 345 678"],
    ...                        "ghi chú": ["0912345678"], "unit_id": ["U1"]}, {"unit_id"})
    ['Họ và tên', 'SĐT', 'ghi chú']
    """
    found = []
    for name, values in columns.items():
        if name in protected:
            continue
        if header_key(name) in _PII_HEADERS or _looks_personal(values):
            found.append(name)
    return found
