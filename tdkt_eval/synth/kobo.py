"""The demo staff survey as KoboToolbox exports it, so the demo exercises the real input path.

The layout is KoboToolbox's CSV export with "XML values and headers" and group
names in the headers: every cell quoted, ``;`` between cells, CRLF line ends,
group paths joined by ``/``, start/end as device-local ISO times with offset,
and the metadata columns ``_id`` … ``_index`` after the questions.
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid

import pandas as pd

from ..io.instruments import Instrument

__all__ = ["KOBO_METADATA", "kobo_export", "kobo_uuid"]

KOBO_METADATA = ("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                 "_submitted_by", "__version__", "_tags", "_index")
_FORM_VERSION = "vT9dEmo2024sTaFfQ3xLr7"
_LOCAL_OFFSET = pd.Timedelta(hours=7)  # Vietnam, UTC+7


def kobo_uuid(respondent_id: str) -> str:
    """A stable version-4-shaped UUID for a demo respondent.

    Examples
    --------
    >>> kobo_uuid("S0001") == kobo_uuid("S0001") != kobo_uuid("S0002")
    True
    """
    digest = hashlib.sha256(f"tdkt-demo-{respondent_id}".encode()).digest()[:16]
    return str(uuid.UUID(bytes=digest, version=4))


def _cell(value: object, item_type: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if item_type in ("start", "end"):
        return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%S.000+07:00")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def kobo_export(responses: pd.DataFrame, form: Instrument) -> bytes:
    """Write survey answers (tidy, item-named columns) as a KoboToolbox CSV export.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, with the form's item names as columns and a
        ``respondent_id`` (used only to derive a stable ``_uuid``).
    form : Instrument
        The form the answers were collected with; its items give the column
        order and the group paths of the headers.

    Returns
    -------
    bytes
        UTF-8 CSV text.
    """
    items = [it for it in form.items if not set(it.group) & set(form.repeats)]
    headers = ["/".join((*it.group, it.name)) for it in items] + list(KOBO_METADATA)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(headers)
    for i, row in enumerate(responses.to_dict("records")):
        answers = [_cell(row.get(it.name), it.type) for it in items]
        submitted = pd.Timestamp(row["end"]) - _LOCAL_OFFSET + pd.Timedelta(seconds=90 + i % 50)
        meta = [str(100001 + i), kobo_uuid(str(row["respondent_id"])), submitted.strftime("%Y-%m-%dT%H:%M:%S"),
                "", "", "submitted_via_web", "", _FORM_VERSION, "", str(i + 1)]
        writer.writerow(answers + meta)
    return buffer.getvalue().encode("utf-8")
