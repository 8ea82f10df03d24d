"""Where the project's folders are, so notebooks never write paths like "../data"."""

from __future__ import annotations

from pathlib import Path

__all__ = ["project_root", "demo_dir"]


def project_root(start: str | Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working directory) with a pyproject.toml.

    Falls back to the source checkout that holds this package (editable installs).

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
    """The synthetic demo province, ``data/demo`` under :func:`project_root`."""
    return project_root() / "data" / "demo"
