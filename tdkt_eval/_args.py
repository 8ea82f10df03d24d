"""Argument checks shared by the public functions, and the machinery for renamed keywords.

One vocabulary of options runs through the package (docs/api-conventions.md): ``conf_level``
for every interval level, ``n_resamples`` and ``seed=0`` for every random draw, ``missing``
for every missing-data policy, and the column roles ``unit``, ``rater``, ``value``,
``cluster``, ``weight``.  The checks below are the one copy of each rule.

:func:`renamed` keeps an old keyword working for one release: it warns with a
:class:`FutureWarning` that names the new keyword, converts the value where the meaning
changed (``alpha=0.05`` is ``conf_level=0.95``), and refuses a call that gives both.  The
renames are recorded on the function (``__renamed__``) so that a test can walk them.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._messages import Text
from .errors import InvalidParameterError, MissingColumnError

__all__ = ["Rename", "check_conf_level", "check_missing", "check_n_resamples", "check_seed",
           "old_value", "renamed"]


@dataclass(frozen=True)
class Rename:
    """An old keyword and the keyword that replaces it.

    Parameters
    ----------
    new : str
        The keyword to use now.
    convert : callable, optional
        Turns an old value into the new one (``alpha -> 1 - alpha``); None keeps the value.
    how : str, default ''
        How the value converts, said in the warning ("conf_level = 1 - alpha").
    """

    new: str
    convert: Callable[[Any], Any] | None = None
    how: str = ""

    def value(self, old: Any) -> Any:
        """The new value for an ``old`` one."""
        return old if self.convert is None else self.convert(old)


#: ``alpha`` (the tail area, 0.05) becomes ``conf_level`` (the coverage, 0.95).
ALPHA_TO_CONF_LEVEL = Rename("conf_level", lambda alpha: 1 - alpha, "conf_level = 1 - alpha")
#: ``na_rm=True`` becomes ``missing='drop'``, ``na_rm=False`` becomes ``missing='raise'``.
NA_RM_TO_MISSING = Rename("missing", lambda na_rm: "drop" if na_rm else "raise",
                          "na_rm=True is missing='drop', na_rm=False is missing='raise'")


def _future(message: str, depth: int) -> None:
    """Warn, pointing at the frame ``depth`` levels above the caller of this function."""
    warnings.warn(message, FutureWarning, stacklevel=depth + 1)


def _translate(func: str, kwargs: dict[str, Any], renames: Mapping[str, Rename]) -> None:
    """Move old keywords in ``kwargs`` to their new names, warning once for each."""
    for old, rename in renames.items():
        if old not in kwargs:
            continue
        if rename.new in kwargs:
            raise InvalidParameterError(f"{func} was given both '{old}' (the old name) and '{rename.new}'. "
                                        f"Pass only '{rename.new}'.")
        value = kwargs.pop(old)
        kwargs[rename.new] = rename.value(value)
        how = f" ({rename.how})" if rename.how else ""
        _future(f"The '{old}' parameter of {func} is now called '{rename.new}'{how}; "
                f"'{old}' will stop working in the next release.", depth=3)


def _bind_positional(func: str, args: tuple, kwargs: dict[str, Any], n_positional: int,
                     keyword_only: Sequence[str]) -> tuple:
    """Move options given by position (before they became keyword-only) to keywords."""
    extra = args[n_positional:]
    if not extra:
        return args
    if len(extra) > len(keyword_only):
        raise TypeError(f"{func} takes {n_positional} positional argument(s) but {len(args)} were given.")
    names = keyword_only[:len(extra)]
    for name, value in zip(names, extra):
        if name in kwargs:
            raise TypeError(f"{func} got multiple values for argument '{name}'.")
        kwargs[name] = value
    quoted = ", ".join(f"'{n}'" for n in names)
    _future(f"The {quoted} parameter(s) of {func} are now keyword-only: pass "
            f"{', '.join(f'{n}=...' for n in names)}; giving them by position will stop working in the next "
            f"release.", depth=3)
    return args[:n_positional]


def renamed(*, keyword_only: Sequence[str] = (), **renames: str | Rename) -> Callable:
    """Decorate a function whose keywords were renamed, or whose options became keyword-only.

    Parameters
    ----------
    keyword_only : sequence of str, default ()
        Options, in their old positional order, that used to be accepted by position.
    **renames : str or Rename
        ``old="new"``, or ``old=Rename("new", convert)`` when the value changes too.

    Returns
    -------
    callable
        The decorator.  The wrapped function keeps the new signature
        (``inspect.signature``) and records ``__renamed__`` (old -> :class:`Rename`) and
        ``__keyword_only__``.

    Examples
    --------
    >>> import warnings
    >>> @renamed(ci="conf_level", alpha=ALPHA_TO_CONF_LEVEL)
    ... def level(x, *, conf_level=0.95):
    ...     return conf_level
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     round(level(1, alpha=0.1), 2), caught[0].category.__name__
    (0.9, 'FutureWarning')
    >>> level(1, ci=0.9, conf_level=0.9)
    Traceback (most recent call last):
    ...
    tdkt_eval.errors.InvalidParameterError: level was given both 'ci' (the old name) and \
'conf_level'. Pass only 'conf_level'.
    """
    table = {old: rename if isinstance(rename, Rename) else Rename(rename) for old, rename in renames.items()}
    keyword_only = tuple(keyword_only)

    def decorate(function: Callable) -> Callable:
        params = inspect.signature(function).parameters.values()
        n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
        name = function.__qualname__.replace(".__init__", "")

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if keyword_only:
                args = _bind_positional(name, args, kwargs, n_positional, keyword_only)
            _translate(name, kwargs, table)
            return function(*args, **kwargs)

        wrapper.__renamed__ = {**getattr(function, "__renamed__", {}), **table}
        wrapper.__keyword_only__ = keyword_only
        return wrapper

    return decorate


def old_value(value: Any, name: str, old_to_new: Mapping[Any, Any], func: str, *, depth: int = 2) -> Any:
    """Map an old spelling of an option's value to the new one, with a :class:`FutureWarning`.

    ``depth`` counts the frames from the public function to its caller (2 when the public
    function calls this directly, 3 when it is also wrapped by :func:`renamed`).

    Examples
    --------
    >>> old_value("raise", "missing", {"error": "raise"}, "reward_model")
    'raise'
    """
    if isinstance(value, str) and value in old_to_new:
        new = old_to_new[value]
        _future(f"{name}={value!r} of {func} is now spelled {name}={new!r}; the old spelling will stop "
                f"working in the next release.", depth=depth + 1)
        return new
    return value


def _where(func: str | None) -> str:
    return f" of {func}" if func else ""


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_conf_level(conf_level: object, func: str | None = None) -> float:
    """Return ``conf_level`` if it is a level strictly between 0 and 1, else raise.

    Examples
    --------
    >>> check_conf_level(0.9)
    0.9
    >>> check_conf_level(95, "icc")
    Traceback (most recent call last):
    ...
    tdkt_eval.errors.InvalidParameterError: The 'conf_level' parameter of icc must be a level \
between 0 and 1, e.g. 0.95. Got 95 instead.
    """
    ok = isinstance(conf_level, numbers.Real) and not isinstance(conf_level, bool) and 0 < conf_level < 1
    if not ok:
        raise InvalidParameterError(f"The 'conf_level' parameter{_where(func)} must be a level between 0 and 1, "
                                    f"e.g. 0.95. Got {conf_level!r} instead.")
    return conf_level


def check_n_resamples(n_resamples: object, func: str | None = None, minimum: int = 0) -> int:
    """Return ``n_resamples`` if it is a whole number of at least ``minimum``, else raise.

    Examples
    --------
    >>> check_n_resamples(200, "reliability")
    200
    >>> check_n_resamples(5, "uncertainty", minimum=10)
    Traceback (most recent call last):
    ...
    tdkt_eval.errors.InvalidParameterError: The 'n_resamples' parameter of uncertainty must be \
an integer >= 10. Got 5 instead.
    """
    if not (_is_int(n_resamples) and n_resamples >= minimum):
        raise InvalidParameterError(f"The 'n_resamples' parameter{_where(func)} must be an integer >= {minimum}. "
                                    f"Got {n_resamples!r} instead.")
    return n_resamples


def check_seed(seed: object, func: str | None = None, *, generator: bool = False) -> object:
    """Return ``seed`` if it is an integer >= 0 or None (or a Generator, when allowed), else raise.

    ``None`` draws fresh entropy (results change from run to run); the default everywhere is 0.

    Examples
    --------
    >>> check_seed(0)
    0
    >>> check_seed(-1, "flag_rotation")
    Traceback (most recent call last):
    ...
    tdkt_eval.errors.InvalidParameterError: The 'seed' parameter of flag_rotation must be an \
integer >= 0 or None. Got -1 instead.
    """
    ok = seed is None or (_is_int(seed) and seed >= 0) or (generator and isinstance(seed, np.random.Generator))
    if not ok:
        kinds = "an integer >= 0, a numpy Generator or None" if generator else "an integer >= 0 or None"
        raise InvalidParameterError(f"The 'seed' parameter{_where(func)} must be {kinds}. Got {seed!r} instead.")
    return seed


def check_missing(missing: object, allowed: Iterable[str] = ("raise", "drop"), func: str | None = None) -> str:
    """Return the missing-data policy ``missing`` if it is one of ``allowed``, else raise.

    Examples
    --------
    >>> check_missing("drop")
    'drop'
    >>> check_missing("ignore", ("raise", "drop"), "campaign_impact")
    Traceback (most recent call last):
    ...
    tdkt_eval.errors.InvalidParameterError: The 'missing' parameter of campaign_impact must be \
one of 'raise', 'drop'. Got 'ignore' instead.
    """
    allowed = tuple(allowed)
    if missing not in allowed:
        raise InvalidParameterError(f"The 'missing' parameter{_where(func)} must be one of "
                                    f"{', '.join(map(repr, allowed))}. Got {missing!r} instead.")
    return missing


def require_columns(df: object, columns: Iterable[str], table: str) -> None:
    """Raise :class:`MissingColumnError` naming the absent ``columns`` of a ``table`` DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"year": [2024]}), ["year"], table="rewards")
    >>> require_columns(pd.DataFrame({"year": [2024]}), ["unit_id"], table="rewards")
    Traceback (most recent call last):
    ...
    tdkt_eval.errors.MissingColumnError: column 'unit_id': The rewards table has no column(s) 'unit_id'. \
Fix: Load it with te.load_records(path, 'rewards') or rename the columns; found: year.
    >>> try:
    ...     require_columns(pd.DataFrame({"year": [2024]}), ["unit_id"], table="rewards")
    ... except MissingColumnError as err:
    ...     print(err.render("vi"))
    cột 'unit_id': Bảng rewards không có cột 'unit_id'. \
Cách sửa: Hãy nạp bảng bằng te.load_records(path, 'rewards') hoặc đổi tên cột; các cột hiện có: year.
    """
    present = list(getattr(df, "columns", []))
    missing = [c for c in columns if c not in present]
    if missing:
        found = {"table": table, "missing": ", ".join(map(repr, missing)), "present": ", ".join(map(str, present))}
        raise MissingColumnError(
            Text("The {table} table has no column(s) {missing}.", "Bảng {table} không có cột {missing}.", found),
            fix=Text("Load it with te.load_records(path, '{table}') or rename the columns; found: {present}.",
                     "Hãy nạp bảng bằng te.load_records(path, '{table}') hoặc đổi tên cột; các cột hiện có: "
                     "{present}.", found),
            column=missing[0])


def check_choice(value: object, name: str, allowed: Iterable[object], func: str | None = None) -> None:
    """Raise :class:`InvalidParameterError` unless ``value`` is one of ``allowed``.

    Examples
    --------
    >>> check_choice("gee", "method", ("gee",), func="reward_model")
    >>> check_choice("glmm", "method", ("gee",), func="reward_model")
    Traceback (most recent call last):
    ...
    tdkt_eval.errors.InvalidParameterError: The 'method' parameter of reward_model must be one of {'gee'}. \
Got 'glmm' instead.
    """
    allowed = tuple(allowed)
    if value not in allowed:
        where = f" of {func}" if func else ""
        raise InvalidParameterError(f"The '{name}' parameter{where} must be one of {set(allowed)}. "
                                    f"Got {value!r} instead.")
