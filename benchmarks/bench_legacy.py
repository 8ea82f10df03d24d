"""Benchmark legacy-encoding conversion over a column of mixed text cells.

Run from the repository root::

    python benchmarks/bench_legacy.py [n_cells]

Prints cells/second for ``to_unicode(cell)`` (auto-detection) over a mix of
ASCII, numbers, Unicode Vietnamese, TCVN3 and VNI cells.  Half of the cells
carry a running number so that they are unique (no help from caching); the
rest repeat, as categorical survey answers do.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tdkt_eval.io.legacy import detect_legacy, to_unicode  # noqa: E402

TEMPLATES = [
    "Nguyễn Văn An",
    "Trần Thị Bích Ngọc",
    "Có",
    "Không",
    "Hoàn thành xuất sắc nhiệm vụ",
    "Bé Ba",
    "2023-05-01",
    "12.5",
    "Yes",
    "Department of Education and Training",
    "Café Müller",
    "QuyÕt ®Þnh khen th\xadëng",
    "Thµnh phè Hå ChÝ Minh",
    "Tr\xadêng THCS Lª Lîi",
    "Tyû leä khen thöôûng",
    "Nguyeãn Vaên An",
    "UÛy ban nhaân daân tænh",
    "",
]


def make_cells(n_cells: int) -> list[str]:
    """Build ``n_cells`` cells cycling through the templates."""
    cells = []
    for i in range(n_cells):
        template = TEMPLATES[i % len(TEMPLATES)]
        cells.append(f"{template} {i}" if i % 2 else template)
    return cells


def main(n_cells: int = 50_000) -> None:
    cells = make_cells(n_cells)
    start = time.perf_counter()
    converted = [to_unicode(cell) for cell in cells]
    elapsed = time.perf_counter() - start
    kinds = Counter(detect_legacy(cell) for cell in cells[: len(TEMPLATES) * 2])
    changed = sum(a != b for a, b in zip(cells, converted))
    print(f"{n_cells} cells in {elapsed:.3f} s: {n_cells / elapsed:,.0f} cells/second")
    print(f"cells changed by conversion: {changed}; detection mix of one cycle: {dict(kinds)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
