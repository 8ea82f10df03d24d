"""The package is self-contained: its data files ship inside ``tdkt_eval`` and are found without a checkout.

The forms, the report notebook, the rule files, the vocabularies and the glossary are read through
importlib.resources; the user-facing copies (``surveys/*.xlsx``, ``notebooks/06_campaign_report.ipynb``)
equal the packaged ones; no library module looks for the project folder; pyproject's package-data
lists every data file, so the wheel carries them (.ci/wheel_check.sh installs it and uses it).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tdkt_eval"
FORMS = ("staff", "citizen", "inspection")
SHIPPED = (
    *(f"forms/{form}.xlsx" for form in FORMS),
    "reporting/notebooks/campaign_report.ipynb",
    "app/notebooks/tdkt-eval.ipynb",
    "compliance/rules/law_2022.yaml",
    "io/data/vocabularies.csv",
    "io/data/vocabulary_codes.csv",
    "glossary.csv",
)
NOTEBOOK_06 = ROOT / "notebooks" / "06_campaign_report.ipynb"


def _in_package(path) -> bool:
    return Path(str(path)).resolve().is_relative_to(Path(str(resources.files("tdkt_eval"))).resolve())


# ----------------------------------------------------------------------------- found through importlib.resources
@pytest.mark.parametrize("name", SHIPPED)
def test_data_file_is_a_package_resource(name):
    ref = resources.files("tdkt_eval").joinpath(name)
    assert ref.is_file(), name
    assert ref.read_bytes()


def test_shipped_forms_and_notebook_are_read_from_the_package():
    from tdkt_eval.io.instruments import load_instrument
    from tdkt_eval.reporting.render import notebook_path

    for form in FORMS:
        source = load_instrument(form).source
        assert _in_package(source) and Path(source).parent.name == "forms", source
    assert _in_package(notebook_path())


def test_shipped_file_names_a_missing_file():
    from tdkt_eval.paths import shipped_file

    with pytest.raises(FileNotFoundError, match="forms/nope.xlsx"):
        shipped_file("forms/nope.xlsx")


# ----------------------------------------------------------------------------- user-facing copies
@pytest.mark.parametrize("form", FORMS)
def test_surveys_copy_equals_the_packaged_form(form):
    """The build is deterministic (tests/test_instruments.py), so the copies are equal byte for byte."""
    assert (ROOT / "surveys" / f"{form}.xlsx").read_bytes() == (PACKAGE / "forms" / f"{form}.xlsx").read_bytes(), (
        "run `make forms` to rewrite both copies from tdkt_eval/forms/build.py")


def _cells(path: Path) -> list[tuple]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", [])) for c in nb["cells"]]


def test_packaged_notebook_has_the_cells_of_notebook_06():
    packaged = PACKAGE / "reporting" / "notebooks" / "campaign_report.ipynb"
    assert _cells(packaged) == _cells(NOTEBOOK_06), "run `make report-notebook` after editing notebook 06"
    code = [c for c in json.loads(packaged.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_notebook_06_holds_cells_worth_comparing():
    """Guard against a vacuous comparison: the report notebook has its parameters cell and its sections."""
    kinds = _cells(NOTEBOOK_06)
    assert any("parameters" in tags for _, _, tags in kinds)
    assert sum(kind == "code" for kind, _, _ in kinds) >= 10


# ----------------------------------------------------------------------------- no checkout needed
def _library_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "paths.py" or p.parent != PACKAGE)


def _project_root_uses(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths if "project_root" in p.read_text(encoding="utf-8")]


def _demo_dir_uses(paths: list[Path]) -> list[str]:
    """Lines naming demo_dir outside a doctest (``>>>`` or ``...`` lines)."""
    return [f"{p.relative_to(ROOT)}:{number}" for p in paths
            for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if "demo_dir" in line and not re.match(r"\s*(>>>|\.\.\.) ", line)]


def test_no_library_module_refers_to_project_root():
    assert _project_root_uses(_library_modules()) == []


def test_demo_dir_appears_only_in_doctests():
    """demo_dir() is the checkout's data/demo: examples may use it, library code may not."""
    assert _demo_dir_uses(_library_modules()) == []


def test_the_source_checks_catch_paths_py():
    """Both checks flag paths.py, the one module allowed to define these helpers."""
    paths_py = [PACKAGE / "paths.py"]
    assert _project_root_uses(paths_py) and _demo_dir_uses(paths_py)


# ----------------------------------------------------------------------------- pyproject package-data
def _package_data_patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["tdkt_eval"]


def _data_files() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
            and ".ipynb_checkpoints" not in p.parts}


def test_package_data_covers_every_data_file():
    """setuptools expands each pattern with glob under tdkt_eval/; every data file must be among the matches."""
    covered = {p.relative_to(PACKAGE).as_posix() for pattern in _package_data_patterns() for p in PACKAGE.glob(pattern)}
    assert _data_files() - covered == set()


def test_package_data_patterns_each_match_something():
    assert all(list(PACKAGE.glob(pattern)) for pattern in _package_data_patterns())


def test_data_files_include_the_shipped_ones():
    assert set(SHIPPED) <= _data_files()


# ----------------------------------------------------------------------------- the command line starts light
def test_help_and_version_load_no_heavy_library():
    code = ("import sys\nfrom tdkt_eval.cli import main\n"
            "for argv in (['--help'], ['--version'], ['demo', '--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'scipy', 'matplotlib', 'statsmodels', 'openpyxl')"
            " if m in sys.modules), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_cli_demo_seed_is_the_generator_default():
    from tdkt_eval import cli, synth

    assert cli.DEMO_SEED == synth.DEFAULT_SEED


def test_demo_writes_the_folder_given_as_its_argument(tmp_path, capsys):
    """`tdkt-eval demo OUT` (what a pip user runs first) writes the demo tables into OUT."""
    from tdkt_eval.cli import main

    assert main(["demo", str(tmp_path / "demo"), "--seed", "3"]) == 0
    written = {p.name for p in (tmp_path / "demo").iterdir()}
    assert {"staff_responses.csv", "citizen_responses.csv", "rewards.csv", "units.csv"} <= written
    assert str(tmp_path / "demo") in capsys.readouterr().out
