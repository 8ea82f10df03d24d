"""Every module imports on its own, first: no import cycles.

A cycle (instruments → _xlsform → io → surveys → instruments) only shows when the
modules are imported in a particular order, so each module is imported first,
with every tdkt_eval module purged before it (one subprocess; pandas stays loaded).
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import tdkt_eval

MODULES = sorted(m.name for m in pkgutil.walk_packages(tdkt_eval.__path__, "tdkt_eval.")
                 if not m.name.endswith(".__main__"))  # running a __main__ runs its command

PROBE = """
import importlib, sys, traceback
import pandas, scipy.stats, statsmodels.api  # heavy and cycle-free: keep them loaded
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "tdkt_eval" or m.startswith("tdkt_eval.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_module_list_is_complete():
    assert {"tdkt_eval.io.instruments", "tdkt_eval.io.surveys", "tdkt_eval.design"} <= set(MODULES)


def test_each_module_imports_first():
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", PROBE, *MODULES], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
