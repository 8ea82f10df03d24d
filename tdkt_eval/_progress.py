"""Progress bars on stderr for the long steps: bootstrap resamples, simulations, report building.

A bar shows only where someone is watching: when stderr is a terminal, unless the environment
variable ``TDKT_PROGRESS`` is ``0``; ``TDKT_PROGRESS=1`` shows bars even when stderr is not a
terminal (a log file, CI).  When no bar is shown, :func:`progress` hands back the iterable
itself, so notebooks, doctests and pipes see no output and pay nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TypeVar

__all__ = ["ENV_VAR", "progress", "progress_enabled"]

T = TypeVar("T")

#: Environment variable: "0" turns bars off, "1" turns them on; anything else leaves it to the terminal.
ENV_VAR = "TDKT_PROGRESS"

#: Seconds a step must last before its bar appears, so quick steps print nothing.
DELAY = 0.5


def progress_enabled(enabled: bool | None = None) -> bool:
    """Whether a progress bar is shown: ``enabled`` if given, else ``TDKT_PROGRESS``, else the terminal.

    Examples
    --------
    >>> progress_enabled(False), progress_enabled(True)
    (False, True)
    """
    if enabled is not None:
        return bool(enabled)
    setting = os.environ.get(ENV_VAR, "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def progress(iterable: Iterable[T], *, total: int | None = None, desc: str = "",
             enabled: bool | None = None) -> Iterable[T]:
    """Wrap ``iterable`` in a tqdm progress bar on stderr, or return it untouched.

    Parameters
    ----------
    iterable : iterable
        The steps, e.g. ``range(n_resamples)``.
    total : int, optional
        Number of steps, for iterables without ``len()``.
    desc : str, default ""
        What is being done, shown before the bar ("bootstrap").
    enabled : bool or None, default None
        True or False decide; None shows the bar when stderr is a terminal, unless the environment
        variable ``TDKT_PROGRESS`` is "0" ("1" shows it anyway).

    Returns
    -------
    iterable
        The same items in the same order: ``iterable`` itself when no bar is shown, otherwise a
        ``tqdm`` wrapper that draws after :data:`DELAY` seconds and clears its line when done.

    Examples
    --------
    >>> steps = range(3)
    >>> progress(steps, desc="bootstrap", enabled=False) is steps
    True
    >>> sum(progress(steps, desc="bootstrap", enabled=True))  # the bar, if any, goes to stderr
    3
    """
    if not progress_enabled(enabled):
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc or None, file=sys.stderr, delay=DELAY, leave=False,
                dynamic_ncols=True)
