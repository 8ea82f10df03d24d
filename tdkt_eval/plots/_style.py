"""Fonts and rc settings shared by the figures: every Vietnamese letter must render.

Matplotlib ships DejaVu Sans, which has a glyph for each precomposed Vietnamese letter;
:func:`vietnamese_font` checks that (and falls back to the first installed font that
covers them all), and :func:`plot_style` applies it while a figure is drawn.
"""

from __future__ import annotations

import contextlib
import functools
import unicodedata
import warnings
from collections.abc import Iterator

__all__ = ["VIETNAMESE_LETTERS", "vietnamese_font", "font_covers", "rc_params", "plot_style", "prepare_axes",
           "decimal_ticks"]

_VOWELS = "aăâeêioôơuưy"
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng


def _letters() -> str:
    lower = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in ("", *_TONES)]
    lower = [c for c in lower if not c.isascii()] + ["đ"]
    return "".join(lower) + "".join(c.upper() for c in lower)


#: The 134 precomposed Vietnamese letters outside ASCII: 67 lowercase (66 vowel forms and đ)
#: and their 67 uppercase forms.
VIETNAMESE_LETTERS: str = _letters()

#: Fonts tried first, in order, before any other installed font.
PREFERRED = ("DejaVu Sans", "Noto Sans", "Arial", "Liberation Sans")


def font_covers(path: str, chars: str = VIETNAMESE_LETTERS) -> str:
    """The characters of ``chars`` that the font file at ``path`` has no glyph for ("" if none).

    Examples
    --------
    >>> from matplotlib import font_manager
    >>> font_covers(font_manager.findfont("DejaVu Sans"))
    ''
    """
    from matplotlib.ft2font import FT2Font

    charmap = FT2Font(str(path)).get_charmap()
    return "".join(c for c in chars if ord(c) not in charmap)


def _covers(path: str) -> bool:
    try:
        return font_covers(path) == ""
    except (OSError, RuntimeError, ValueError):  # unreadable or unsupported font file
        return False


@functools.lru_cache(maxsize=1)
def vietnamese_font() -> str:
    """The name of a font family with a glyph for every letter of :data:`VIETNAMESE_LETTERS`.

    The families in ``PREFERRED`` are tried first (DejaVu Sans, shipped with matplotlib, is
    the usual answer), then every font matplotlib knows of. If none covers all the letters
    a ``UserWarning`` says so and "DejaVu Sans" is returned.

    Returns
    -------
    str
        A family name for ``rcParams["font.family"]``.

    Examples
    --------
    >>> vietnamese_font()
    'DejaVu Sans'
    """
    from matplotlib import font_manager

    for family in PREFERRED:
        try:
            path = font_manager.findfont(family, fallback_to_default=False)
        except ValueError:
            continue
        if _covers(path):
            return family
    for entry in font_manager.fontManager.ttflist:
        if _covers(entry.fname):
            return entry.name
    warnings.warn("No installed font has a glyph for every Vietnamese letter; some characters may show as boxes. "
                  "Install a font such as Noto Sans or DejaVu Sans.", UserWarning, stacklevel=2)
    return "DejaVu Sans"


def rc_params() -> dict[str, object]:
    """The rcParams used by every tdkt-eval figure (the Vietnamese-capable font first).

    Examples
    --------
    >>> rc_params()["font.family"][0]
    'DejaVu Sans'
    """
    return {"font.family": [vietnamese_font(), "sans-serif"], "axes.unicode_minus": True}


@contextlib.contextmanager
def plot_style() -> Iterator[None]:
    """Context in which figure text is created with :func:`rc_params`.

    Text made inside the ``with`` block keeps the font; use :func:`prepare_axes` for the
    Axes so that tick labels of an Axes made elsewhere get it too.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> with plot_style():
    ...     fig, ax = plt.subplots()
    ...     title = ax.set_title("Đánh giá phong trào thi đua")
    >>> title.get_fontfamily()[0]
    'DejaVu Sans'
    >>> plt.close(fig)
    """
    import matplotlib

    with matplotlib.rc_context(rc_params()):
        yield


def prepare_axes(ax=None, *, figsize: tuple[float, float] = (7.0, 4.5)):
    """``ax``, or a new Axes of ``figsize`` inches, with tick labels in :func:`vietnamese_font`."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    ax.tick_params(labelfontfamily=vietnamese_font())
    return ax


def decimal_ticks(lang: str):
    """A tick formatter writing numbers with the decimal mark of ``lang`` (0,5 in Vietnamese, 0.5 in English).

    Examples
    --------
    >>> decimal_ticks("vi")(2.5, 0), decimal_ticks("en")(2.5, 0), decimal_ticks("vi")(10.0, 0)
    ('2,5', '2.5', '10')
    """
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: f"{value:g}".replace(".", "," if lang == "vi" else "."))
