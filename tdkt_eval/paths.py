"""Where things are: the files shipped inside the package, and the project's folders for notebooks.

Library code finds its data files (forms, report notebook, rule files,
vocabularies, glossary) with :func:`shipped_file` or :mod:`importlib.resources`,
so it works from a plain ``pip install``.  :func:`project_root` and
:func:`demo_dir` are for the notebooks and tests of a source checkout only, so
that they never write paths like ``"../data"``.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib import resources
from pathlib import Path

__all__ = ["shipped_file", "project_root", "demo_dir"]

_EXTRACTED = contextlib.ExitStack()  # files copied out of a zipped install live until exit
atexit.register(_EXTRACTED.close)


@functools.cache
def shipped_file(name: str) -> Path:
    """A data file shipped inside ``tdkt_eval``, as a path on disk.

    Parameters
    ----------
    name : str
        Its path under the package folder, with ``/`` between parts: ``"forms/staff.xlsx"``.

    Returns
    -------
    Path
        The file itself for an ordinary install; a temporary copy, kept until
        the process ends, when the package is imported from a zip archive.

    Raises
    ------
    FileNotFoundError
        The package holds no such file (a broken install).

    Examples
    --------
    >>> shipped_file("forms/staff.xlsx").name
    'staff.xlsx'
    """
    ref = resources.files("tdkt_eval").joinpath(name)
    if not ref.is_file():
        raise FileNotFoundError(f"tdkt-eval's data file {name} is missing from {resources.files('tdkt_eval')}; "
                                "reinstall the package (pip install --force-reinstall tdkt-eval).")
    return _EXTRACTED.enter_context(resources.as_file(ref))


def project_root(start: str | Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working directory) with a pyproject.toml.

    Falls back to the source checkout that holds this package (editable installs).
    For notebooks and tests only: library code must not depend on a checkout.

    Examples
    --------
    >>> (project_root() / "pyproject.toml").exists()
    True
    """
    here = Path.cwd() if start is None else Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").exists() and (folder / "tdkt_eval").is_dir():
            return folder
    return Path(__file__).resolve().parents[1]


def demo_dir() -> Path:
    """The synthetic demo province, ``data/demo`` under :func:`project_root` (notebooks and tests only)."""
    return project_root() / "data" / "demo"
