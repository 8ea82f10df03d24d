"""The pieces of a report: tables, figures and sections that show in a notebook and save to files.

Each piece renders itself as HTML (``_repr_html_``), so a notebook cell that ends
with one shows it, and nbconvert carries it into the report.  ``save`` writes
the publication files: tables as xlsx, CSV, LaTeX and Markdown; figures as PNG
at 300 dpi, SVG and PDF.  Every write is atomic, and every file is the same
byte for byte on a rerun (except xlsx, whose zip entries carry a time).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._tables import latex_escape as _latex_escape
from .._tables import markdown_escape as _markdown_escape
from .._tables import markdown_table as _markdown
from ..i18n import Lang, format_number, format_p, format_percent
from ..output import write_bytes_atomic, write_text_atomic
from .disclosure import escape_formulas

__all__ = ["ReportTable", "ReportFigure", "Finding", "ReportSection", "format_table", "NumberFormat", "PERCENT",
           "P_VALUE"]

PRINT_DPI = 300
SCREEN_DPI = 110
_SVG_SALT = "tdkt-eval"


@dataclass(frozen=True)
class NumberFormat:
    """How a table column's numbers are printed, where plain decimals are not enough.

    Parameters
    ----------
    decimals : int
    kind : {"percent", "p"}
        "percent": a share (0–1) as "74,8%"; "p": a p-value, "<0,001" below the last decimal.
    """

    decimals: int
    kind: str

    def show(self, value: float, lang: Lang) -> str:
        if self.kind == "percent":
            return format_percent(value, lang, decimals=self.decimals)
        return format_p(value, lang, decimals=self.decimals)


#: Shares as percentages with one decimal, as in the summary ("74,8%").
PERCENT = NumberFormat(1, "percent")
#: p-values with three decimals, "<0,001" below.
P_VALUE = NumberFormat(3, "p")


def _cell(value: object, lang: Lang, decimals: int | NumberFormat | None) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)) and not pd.isna(value):
        if isinstance(decimals, NumberFormat):
            return decimals.show(float(value), lang)
        if decimals is None:
            decimals = 0 if float(value).is_integer() else 3
        return format_number(float(value), lang, decimals=decimals)
    return "–" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def format_table(frame: pd.DataFrame, lang: Lang, decimals: dict[str, int | NumberFormat] | None = None) -> pd.DataFrame:
    """Every cell as display text: numbers with the separators of ``lang``, missing as "–".

    ``decimals`` maps a column to its decimals, or to :data:`PERCENT` (shares as percentages)
    or :data:`P_VALUE` (p-values, "<0,001" below 0.001).

    Examples
    --------
    >>> format_table(pd.DataFrame({"a": [0.5, None], "b": ["x", "<5"]}), "vi", {"a": 2}).to_dict("list")
    {'a': ['0,50', '–'], 'b': ['x', '<5']}
    >>> shown = format_table(pd.DataFrame({"share": [0.748, 0.05], "p": [0.0004, 0.0312], "n": [1955, 45]}),
    ...                      "vi", {"share": PERCENT, "p": P_VALUE})
    >>> shown.to_dict("list")
    {'share': ['74,8%', '5,0%'], 'p': ['<0,001', '0,031'], 'n': ['1.955', '45']}
    """
    decimals = decimals or {}
    return pd.DataFrame({col: [_cell(v, lang, decimals.get(col)) for v in frame[col]] for col in frame.columns},
                        index=frame.index)


@dataclass
class ReportTable:
    """A published table: values, caption, note, and how to format it.

    Parameters
    ----------
    frame : DataFrame
        The values, already suppressed and labelled in the report's language.
        Numbers stay numeric (spreadsheets get numbers); text labels stay text.
    name : str
        File stem under ``tables/``, e.g. ``"representation_gender"``.
    caption : str
    note : str, optional
        Shown under the table (sources, suppression, how to read it).
    lang : {"vi", "en"}
    decimals : dict, optional
        Column → decimals shown in HTML, Markdown and LaTeX, or :data:`PERCENT` / :data:`P_VALUE`.

    Examples
    --------
    >>> t = ReportTable(pd.DataFrame({"Huyện": ["A"], "Tỷ lệ": [0.25]}), "demo", "Bảng 1", lang="vi")
    >>> "<td>0,250</td>" in t._repr_html_()
    True
    """

    frame: pd.DataFrame
    name: str
    caption: str
    note: str = ""
    lang: Lang = "vi"
    decimals: dict[str, int | NumberFormat] = field(default_factory=dict)

    def display_frame(self) -> pd.DataFrame:
        """The table as it is printed: formatted text in every cell."""
        return format_table(self.frame, self.lang, self.decimals)

    def _repr_html_(self) -> str:
        body = self.display_frame().to_html(index=False, border=0, escape=True)
        note = f'<p class="note">{html.escape(self.note)}</p>' if self.note else ""
        return (f'<figure class="table" id="table-{html.escape(self.name)}">'
                f"<figcaption>{html.escape(self.caption)}</figcaption>{body}{note}</figure>")

    def __repr__(self) -> str:
        return f"ReportTable({self.name!r}: {self.frame.shape[0]} rows × {self.frame.shape[1]} columns)"

    def save(self, folder: str | Path) -> list[Path]:
        """Write ``name``.xlsx, .csv, .tex and .md into ``folder``; returns the paths."""
        folder = Path(folder)
        safe = escape_formulas(self.frame)
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            safe.to_excel(writer, index=False, sheet_name="table")
            props = writer.book.properties
            props.title, props.creator = self.caption[:250], "tdkt-eval"
            props.created = props.modified = pd.Timestamp("2000-01-01").to_pydatetime()
        shown = self.display_frame()
        latex = (shown.style.hide(axis="index").format(escape="latex")
                 .format_index(escape="latex", axis=1)
                 .to_latex(caption=_latex_escape(self.caption), hrules=True, label=f"tab:{self.name}"))
        if self.note:  # a comment, on one line: a line break in the note must not end it
            latex += f"% {' '.join(self.note.splitlines())}\n"
        markdown = (f"**{_markdown_escape(self.caption)}**\n\n{_markdown(shown)}"
                    + (f"\n{_markdown_escape(self.note)}\n" if self.note else ""))
        return [write_bytes_atomic(folder / f"{self.name}.xlsx", buffer.getvalue()),
                write_bytes_atomic(folder / f"{self.name}.csv", safe.to_csv(index=False).encode("utf-8-sig")),
                write_text_atomic(folder / f"{self.name}.tex", latex),
                write_text_atomic(folder / f"{self.name}.md", markdown)]


@dataclass
class ReportFigure:
    """A published figure, rendered once to PNG, SVG and PDF and then closed.

    Parameters
    ----------
    figure : matplotlib Figure
        Closed after rendering, so a notebook does not show it a second time.
    name : str
        File stem under ``figures/``.
    caption : str
    alt : str
        Text alternative read by screen readers and shown if the image fails.
    note : str, optional

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> f = ReportFigure.from_figure(fig, "line", "Hình 1", alt="Một đường thẳng")
    >>> 'alt="Một đường thẳng"' in f._repr_html_()
    True
    """

    name: str
    caption: str
    alt: str
    png: bytes
    screen_png: bytes
    svg: bytes
    pdf: bytes
    note: str = ""

    @classmethod
    def from_figure(cls, figure, name: str, caption: str, *, alt: str, note: str = "") -> "ReportFigure":
        """Render ``figure`` to every format and close it."""
        import matplotlib
        import matplotlib.pyplot as plt

        def render(fmt: str, **kwargs) -> bytes:
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, bbox_inches="tight", **kwargs)
            return buffer.getvalue()

        try:
            with matplotlib.rc_context({"svg.hashsalt": _SVG_SALT}):
                return cls(name=name, caption=caption, alt=alt, note=note,
                           png=render("png", dpi=PRINT_DPI), screen_png=render("png", dpi=SCREEN_DPI),
                           svg=render("svg", metadata={"Date": None}),
                           pdf=render("pdf", metadata={"CreationDate": None, "ModDate": None}))
        finally:
            plt.close(figure)

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.screen_png).decode("ascii")
        note = f'<p class="note">{html.escape(self.note)}</p>' if self.note else ""
        return (f'<figure class="figure" id="figure-{html.escape(self.name)}">'
                f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}">'
                f"<figcaption>{html.escape(self.caption)}</figcaption>{note}</figure>")

    def __repr__(self) -> str:
        return f"ReportFigure({self.name!r})"

    def save(self, folder: str | Path) -> list[Path]:
        """Write ``name``.png (300 dpi), .svg and .pdf into ``folder``; returns the paths."""
        folder = Path(folder)
        return [write_bytes_atomic(folder / f"{self.name}.{ext}", data)
                for ext, data in (("png", self.png), ("svg", self.svg), ("pdf", self.pdf))]


@dataclass
class Finding:
    """One line of the summary: what was measured, the estimate with its uncertainty, and a reading.

    ``meaning`` says in one plain sentence what the number means, for an officer to repeat to the council.
    """

    topic: str
    estimate: str
    reading: str
    concern: bool = False
    meaning: str = ""


@dataclass
class ReportSection:
    """A report section: heading, short text, findings for the summary, tables and figures."""

    key: str
    title: str
    intro: str = ""
    items: list[ReportTable | ReportFigure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def _repr_html_(self) -> str:
        parts = [f'<section id="{html.escape(self.key)}"><h2>{html.escape(self.title)}</h2>']
        if self.intro:
            parts.append(f"<p>{html.escape(self.intro)}</p>")
        if self.findings:
            parts.append("<ul class=\"findings\">" + "".join(
                f"<li>{html.escape(f.topic)}: <strong>{html.escape(f.estimate)}</strong>. {html.escape(f.reading)}"
                + (f'<br><span class="meaning">{html.escape(f.meaning)}</span>' if f.meaning else "") + "</li>"
                for f in self.findings) + "</ul>")
        parts += [item._repr_html_() for item in self.items]
        parts += [f'<p class="note">{html.escape(n)}</p>' for n in self.notes]
        return "\n".join(parts) + "</section>"

    def __repr__(self) -> str:
        return (f"ReportSection({self.key!r}: {len(self.findings)} findings, "
                f"{sum(isinstance(i, ReportTable) for i in self.items)} tables, "
                f"{sum(isinstance(i, ReportFigure) for i in self.items)} figures)")

    def save(self, out_dir: str | Path) -> list[Path]:
        """Write the section's tables to ``out_dir/tables`` and figures to ``out_dir/figures``."""
        out_dir = Path(out_dir)
        paths: list[Path] = []
        for item in self.items:
            paths += item.save(out_dir / ("tables" if isinstance(item, ReportTable) else "figures"))
        return paths
