"""A DataFrame as a Markdown pipe table or a LaTeX booktabs table, with the cells escaped.

The one copy of the escaping rules, used by the result objects (``to_markdown``,
``to_latex``) and by the report's tables (:mod:`tdkt_eval.reporting.artifacts`).
"""

from __future__ import annotations

import html
import numbers

import pandas as pd

__all__ = ["latex_escape", "latex_table", "markdown_escape", "markdown_table", "plain"]

_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
          "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def markdown_escape(text: object) -> str:
    """Text safe in a Markdown table cell: HTML escaped, no line breaks, no live links or pipes.

    Markdown passes raw HTML through, so a unit named ``<img onerror=…>`` would run in a
    viewer; ``&``, ``<`` and ``>`` become entities, and ``|``, ``[``, ``]`` and ``\\``
    are escaped with a backslash.

    Examples
    --------
    >>> markdown_escape("<script>alert(1)</script> | [x](javascript:y)")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\| \\\\[x\\\\](javascript:y)'
    """
    text = html.escape(str(text), quote=False)
    for char in ("\\", "|", "[", "]"):
        text = text.replace(char, "\\" + char)
    return " ".join(text.splitlines())


def markdown_table(frame: pd.DataFrame) -> str:
    """A pipe table of ``frame`` (index left out), each cell shown with ``str`` and escaped.

    Examples
    --------
    >>> print(markdown_table(pd.DataFrame({"a|b": ["x\\ny"]})), end="")
    | a\\|b |
    |---|
    | x y |
    """
    esc = markdown_escape
    lines = ["| " + " | ".join(esc(c) for c in frame.columns) + " |",
             "|" + "|".join("---" for _ in frame.columns) + "|"]
    lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def latex_escape(text: str) -> str:
    """TeX's special characters in ``text`` as literal characters (one pass, so nothing is escaped twice).

    Examples
    --------
    >>> print(latex_escape(r"50% & {x}_1 ~ ^ \\input"))
    50\\% \\& \\{x\\}\\_1 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}input
    """
    return "".join(_LATEX.get(char, char) for char in " ".join(str(text).splitlines()))


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a meaningful index moved into the columns, and column names as text.

    A default index (0, 1, 2, ...) is left out; any other index (items, units, domains)
    becomes the first column(s), so that a table shows what each row is.
    """
    index = frame.index
    default = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None
    out = frame.reset_index(drop=default)
    if not default and index.nlevels == 1 and index.name is None:
        out = out.rename(columns={out.columns[0]: ""})
    out.columns = [" ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in out.columns]
    return out


def _shown(value: object, digits: int) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, numbers.Integral)):
        return f"{value:.{digits}f}"
    return str(value)


def formatted(frame: pd.DataFrame, digits: int) -> pd.DataFrame:
    """:func:`plain` ``frame`` with every cell as text, real numbers to ``digits`` decimals."""
    out = plain(frame)
    return pd.DataFrame({c: [_shown(v, digits) for v in out.iloc[:, j]] for j, c in enumerate(out.columns)},
                        columns=out.columns)


def latex_table(frame: pd.DataFrame, *, caption: str | None = None, label: str | None = None,
                digits: int = 3) -> str:
    """A booktabs table (``\\toprule``, ``\\midrule``, ``\\bottomrule``) of ``frame``, escaped.

    Examples
    --------
    >>> tex = latex_table(pd.DataFrame({"share_%": [0.5]}), caption="A & B")
    >>> r"share\\_\\%" in tex and r"\\toprule" in tex and r"A \\& B" in tex
    True
    """
    numeric = [pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in plain(frame).dtypes]
    shown = formatted(frame, digits)
    columns = [latex_escape(c) for c in shown.columns]
    body = pd.DataFrame([[latex_escape(v) for v in row] for row in shown.itertuples(index=False)], columns=columns)
    styler = body.style.hide(axis="index")
    return styler.to_latex(caption=latex_escape(caption) if caption else None, label=label, hrules=True,
                           column_format="".join("r" if n else "l" for n in numeric))
