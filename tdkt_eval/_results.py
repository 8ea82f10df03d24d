"""The result protocol shared by every estimate (docs/api-conventions.md, "Results").

A result is a frozen dataclass that defines two things: :meth:`Result.to_frame` (the numbers,
as a tidy DataFrame of raw floats) and :meth:`Result.summary` (readable text).  The base
class derives the rest from them: ``str()``, ``to_markdown()``, ``to_latex()`` and the
notebook display ``_repr_html_()``.

Two bridges keep older code working for one release, each with a :class:`FutureWarning`:
:func:`renamed_field` (a field that took the vocabulary's name, e.g. ``ci`` -> ``conf_level``)
and :class:`FrameResult` (a result that used to be returned as a bare DataFrame, which can
still be indexed like one).
"""

from __future__ import annotations

import html
import warnings
from typing import Any

import pandas as pd

from ._tables import formatted, latex_table, markdown_table

__all__ = ["CallableTable", "FrameResult", "Result", "renamed_field"]


def _next_release(message: str, stacklevel: int = 3) -> None:
    warnings.warn(message + " The old way will stop working in the next release.", FutureWarning,
                  stacklevel=stacklevel)


class Result:
    """Base of the result dataclasses: everything from ``to_frame()`` and ``summary()``."""

    __slots__ = ()

    def to_frame(self) -> pd.DataFrame:
        """The result as a tidy DataFrame (raw numbers, no rounding)."""
        raise NotImplementedError

    def summary(self) -> str:
        """The result as readable text; also what ``str()`` shows."""
        raise NotImplementedError

    def to_markdown(self, *, digits: int = 3) -> str:
        """:meth:`to_frame` as a Markdown pipe table, numbers to ``digits`` decimals, cells escaped."""
        return markdown_table(formatted(self.to_frame(), digits))

    def to_latex(self, *, caption: str | None = None, label: str | None = None, digits: int = 3) -> str:
        """:meth:`to_frame` as a LaTeX booktabs table (needs ``\\usepackage{booktabs}``), cells escaped.

        Parameters
        ----------
        caption : str, optional
            Escaped like the cells.
        label : str, optional
            The ``\\label`` to refer to, e.g. ``"tab:alpha"``.
        digits : int, default 3
            Decimals shown for real numbers.
        """
        return latex_table(self.to_frame(), caption=caption, label=label, digits=digits)

    def _repr_html_(self) -> str:
        text = self.summary()
        title = text.splitlines()[0] if text else type(self).__name__
        table = formatted(self.to_frame(), 3).to_html(index=False, border=0, escape=True)
        return f"<div><p><strong>{html.escape(title)}</strong></p>{table}</div>"

    def __str__(self) -> str:
        return self.summary()


class FrameResult(Result):
    """A result that used to be returned as a DataFrame: DataFrame use still works, with a warning.

    ``res["icc"]``, ``res.round(2)`` or ``res.loc[...]`` act on :meth:`to_frame` and warn
    once per use; write ``res.to_frame()["icc"]``.
    """

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        self._as_frame_warning()
        return self.to_frame()[key]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not hasattr(pd.DataFrame, name):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self._as_frame_warning()
        return getattr(self.to_frame(), name)

    def _as_frame_warning(self) -> None:
        _next_release(f"This function now returns {type(self).__name__}, a result object, not a DataFrame; "
                      "use .to_frame() to get the table.", stacklevel=4)


class CallableTable:
    """A method that used to be a DataFrame field: calling it gives the text, indexing it the table.

    For ``QualityResult.summary``, once a table and now the ``summary()`` method: ``summary()``
    returns the text; ``summary["rule"]`` or ``summary.loc[...]`` still act on the table for
    one release, with a FutureWarning that names the new field.
    """

    __slots__ = ("_method", "_table", "_old", "_new")

    def __init__(self, method: Any, table: pd.DataFrame, old: str, new: str) -> None:
        self._method, self._table, self._old, self._new = method, table, old, new

    def __call__(self) -> str:
        return self._method()

    def _warned(self) -> pd.DataFrame:
        _next_release(f"{self._old} is now a method that returns text; the table is {self._new}.", stacklevel=4)
        return self._table

    def __getitem__(self, key: Any) -> Any:
        return self._warned()[key]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not hasattr(pd.DataFrame, name):
            raise AttributeError(f"{self._old}() has no attribute {name!r}")
        return getattr(self._warned(), name)


def renamed_field(old: str, new: str) -> property:
    """A read-only property ``old`` that gives the field ``new``, with a :class:`FutureWarning`.

    Examples
    --------
    >>> import warnings
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class R:
    ...     conf_level: float
    ...     ci = renamed_field("ci", "conf_level")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     R(0.9).ci, caught[0].category.__name__
    (0.9, 'FutureWarning')
    """

    def get(self: Any) -> Any:
        _next_release(f"{type(self).__name__}.{old} is now called {type(self).__name__}.{new}.")
        return getattr(self, new)

    return property(get, doc=f"Former name of ``{new}`` (warns; removed in the next release).")
