"""Write the hostile-output inputs of issue 14 (outputs): names that try to run or break out in a report.

Run ``python tests/bad_inputs/issue14/outputs/make_files.py`` to rewrite them; the files are
committed with this script, and tests/test_hostile_outputs.py checks them unchanged.

``hostile_names.csv``
    Strings a unit, district or movement name might carry, one a row, with what each tries:
    raw HTML that a Markdown viewer would run, TeX commands that would read a file or end a
    comment, Markdown links and pipes that would break a table.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

HOSTILE = [
    ("<script>alert('tdkt')</script>", "html-script"),
    ("<img src=x onerror=alert(1)>", "html-img-onerror"),
    ('UBND xã "A" & <b>B</b>', "html-tags-and-ampersand"),
    (r"\input{/etc/passwd}", "tex-input"),
    ("50% done\n\\immediate\\write18{ls}", "tex-comment-breakout"),
    ("x_1 ^ ~ # $ { }", "tex-specials"),
    ("[click](javascript:alert(1))", "markdown-link"),
    ("A | B", "markdown-pipe"),
]


def main() -> None:
    with open(HERE / "hostile_names.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "tries"])
        writer.writerows(HOSTILE)


if __name__ == "__main__":
    main()
