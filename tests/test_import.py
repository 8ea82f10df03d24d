"""``import tdkt_eval`` is light: names load on first use (PEP 562), and every public name resolves."""

from __future__ import annotations

import subprocess
import sys

import tdkt_eval as te

HEAVY = ("scipy.stats", "statsmodels", "matplotlib", "openpyxl")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"import sys; {code}; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_the_package_loads_no_scientific_stack():
    loaded = _modules_after("import tdkt_eval")
    assert not [m for m in HEAVY if m in loaded]


def test_a_name_loads_its_module_on_first_use():
    loaded = _modules_after("import tdkt_eval as te; te.icc")
    assert "tdkt_eval.agreement" in loaded and "tdkt_eval.rewards" not in loaded


def test_every_public_name_resolves_and_is_listed():
    assert len(te.__all__) == len(set(te.__all__))
    missing = [name for name in te.__all__ if getattr(te, name, None) is None]
    assert missing == []
    assert set(te.__all__) <= set(dir(te))


def test_an_unknown_name_is_an_attribute_error():
    try:
        te.no_such_function  # noqa: B018
    except AttributeError as exc:
        assert "no_such_function" in str(exc)
    else:
        raise AssertionError("te.no_such_function did not raise")


def test_a_submodule_named_like_a_function_does_not_hide_it():
    out = subprocess.run([sys.executable, "-c", "import tdkt_eval as te, tdkt_eval.indices; "
                          "import tdkt_eval.reliability; print(callable(te.reliability), type(te.reliability).__name__)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "function"]
    assert "reliability" in te.__all__
