"""The bad-input corpus: every fault gets its own clear error, and no input file is touched."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

import tdkt_eval as te

CORPUS = Path(__file__).parent / "bad_inputs"


def _cases() -> list[dict[str, str]]:
    with open(CORPUS / "cases.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _fingerprint(path: Path) -> tuple[str, int] | None:
    if not path.exists():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_corpus_covers_at_least_15_distinct_faults():
    cases = _cases()
    assert len({c["file"] for c in cases}) >= 15
    assert len({c["error"] for c in cases}) >= 12


def test_every_error_class_is_a_value_error():
    for case in _cases():
        assert issubclass(getattr(te, case["error"]), ValueError), case["error"]


@pytest.mark.filterwarnings("ignore::tdkt_eval.DataQualityWarning")
@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["file"])
def test_bad_input_raises_its_own_error_and_leaves_file_unchanged(case):
    path = CORPUS / case["file"]
    options = json.loads(case["options"]) if case["options"] else {}
    before = _fingerprint(path)
    with pytest.raises(getattr(te, case["error"])) as info:
        te.load_records(path, case["kind"], **options)
    assert type(info.value).__name__ == case["error"]  # the specific class, not a parent
    message = str(info.value)
    for fragment in case["fragments"].split("|"):
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "Fix:" in message
    if case["error"] != "UnknownKindError":
        assert case["file"] in message
    assert _fingerprint(path) == before


def test_corpus_files_are_what_the_generator_writes():
    """The committed corpus is reproducible from make_corpus.py (workbooks embed a save time)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, data in module.corpus().items():
        if name.endswith(".xlsx"):
            continue
        assert (CORPUS / name).read_bytes() == data, name
