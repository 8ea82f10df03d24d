"""Write the hostile text files of issue 14 (encodings, long fields, quotes, limits).

Run ``python tests/bad_inputs/issue14/text/make_text_corpus.py`` to rewrite the
files beside this script; tests/test_hostile_text.py checks that the committed
files are exactly what :func:`corpus` returns.  The Windows-1258 bytes are typed
here byte by byte (tones as separate combining bytes), not produced by the
library under test.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

PERSONNEL = "Mã cán bộ,Mã đơn vị,Năm,Chức vụ,Giới tính,Ghi chú\r\n"
UTF8_ROWS = [
    "P001,U01,2023,Lãnh đạo,Nữ,Ủy ban nhân dân tỉnh\r\n",
    "P002,U01,2023,Quản lý,Nam,Phòng Tài chính\r\n",
]
LAST_ROW = "P004,U03,2023,Quản lý,Nữ,Sở Tài chính\r\n"
# "P003,U02,2023,Quản lý,Nam,Sở Nội vụ" in Windows-1258: "ả" = a + 0xD2 (hook),
# "ở" = 0xF5 (o horn) + 0xD2, "ộ" = 0xF4 (o circumflex) + 0xF2 (dot below), "ụ" = u + 0xF2.
CP1258_ROW = b"P003,U02,2023,Qua\xd2n ly\xec,Nam,S\xf5\xd2 N\xf4\xf2i vu\xf2\r\n"
# The same row as a French clerk's cp1252 text: not Vietnamese in any code page.
CP1252_ROW = b"P003,U02,2023,Qua\xd2n ly\xec,Nam,Caf\xe9 cr\xe8me\r\n"
# "Hà Nội" typed in the TCVN3 (.VnTime) font: 0xB5 is "à" and 0xE9 is "ộ"; cp1258 reads "Hµ Néi".
TCVN3_ROW = b"P003,U02,2023,Lanh dao,Nam,H\xb5 N\xe9i\r\n"

REPORT_HEADER = "Mã đơn vị,Năm,Loại báo cáo,Nội dung báo cáo\r\n"
_SENTENCE = ("Nam 2023 don vi da to chuc phong trao thi dua yeu nuoc voi nhieu ket qua tot; "
             "Ủy ban nhân dân đánh giá cao. ")
REVIEW_CHARS = 176_000
REVIEW = (_SENTENCE * (REVIEW_CHARS // len(_SENTENCE) + 1))[:REVIEW_CHARS]


def _personnel(*rows: bytes | str) -> bytes:
    return b"".join(r if isinstance(r, bytes) else r.encode("utf-8") for r in (PERSONNEL, *rows))


def corpus() -> dict[str, bytes]:
    """File name -> bytes of every hostile text file."""
    quote_eof = _personnel(UTF8_ROWS[0], 'P002,U01,2023,Quản lý,Nam,"Phòng Tài chính\r\n',
                           "P003,U02,2023,Quản lý,Nam,Sở Nội vụ\r\n", LAST_ROW)
    quote_late = _personnel(UTF8_ROWS[0], 'P002,U01,2023,Quản lý,Nam,"Phòng Tài chính\r\n',
                            "P003,U02,2023,Quản lý,Nam,Sở Nội vụ\r\n", LAST_ROW,
                            'P005,U03,2023,Lãnh đạo,Nữ,"Ban Thi đua" Khen thưởng\r\n',
                            "P006,U03,2023,Quản lý,Nam,Văn phòng\r\n")
    return {
        "mixed_utf8_cp1258.csv": _personnel(*UTF8_ROWS, CP1258_ROW, LAST_ROW),
        "mixed_utf8_cp1252.csv": _personnel(*UTF8_ROWS, CP1252_ROW, LAST_ROW),
        "mixed_utf8_tcvn3.csv": _personnel(*UTF8_ROWS, TCVN3_ROW, CP1258_ROW, LAST_ROW),
        "long_review_176k.csv": (REPORT_HEADER + f'U01,2023,tổng kết,"{REVIEW}"\r\n'
                                 + "U02,2023,sơ kết,Báo cáo ngắn\r\n").encode("utf-8"),
        "unbalanced_quote_eof.csv": quote_eof,
        "unbalanced_quote_closed_later.csv": quote_late,
        "many_rows.csv": _personnel(*(f"P{i:03d},U01,2023,Quản lý,Nam,\r\n" for i in range(1, 51))),
    }


def main() -> None:
    for name, data in corpus().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
