"""Progress bars: on only for a terminal or TDKT_PROGRESS=1, silent and free otherwise; results unchanged."""

from __future__ import annotations

import io
import sys

import numpy as np
import pandas as pd
import pytest

from tdkt_eval import _progress
from tdkt_eval._progress import progress, progress_enabled


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _use_terminal(monkeypatch) -> _Terminal:
    """Make stderr a terminal, inside the test (pytest resets sys.stderr after fixture setup)."""
    stream = _Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    return stream


@pytest.fixture
def no_delay(monkeypatch):
    """Bars draw at once instead of after DELAY seconds, so short loops leave a trace."""
    monkeypatch.setattr(_progress, "DELAY", 0)


def test_off_when_stderr_is_not_a_terminal(monkeypatch, capsys):
    monkeypatch.delenv("TDKT_PROGRESS", raising=False)
    steps = range(5)
    assert progress_enabled() is False
    assert progress(steps, desc="bootstrap") is steps
    assert capsys.readouterr().err == ""


def test_on_for_a_terminal_unless_tdkt_progress_is_0(monkeypatch):
    _use_terminal(monkeypatch)
    monkeypatch.delenv("TDKT_PROGRESS", raising=False)
    assert progress_enabled() is True
    monkeypatch.setenv("TDKT_PROGRESS", "0")
    assert progress_enabled() is False
    steps = [1, 2, 3]
    assert progress(steps) is steps


def test_tdkt_progress_1_forces_bars_without_a_terminal(monkeypatch, no_delay, capsys):
    monkeypatch.setenv("TDKT_PROGRESS", "1")
    out = list(progress(iter("abc"), total=3, desc="simulations"))
    assert out == ["a", "b", "c"]
    assert "simulations" in capsys.readouterr().err


def test_explicit_setting_wins_over_environment_and_terminal(monkeypatch):
    _use_terminal(monkeypatch)
    monkeypatch.setenv("TDKT_PROGRESS", "1")
    steps = range(2)
    assert progress(steps, enabled=False) is steps
    monkeypatch.setenv("TDKT_PROGRESS", "0")
    assert progress_enabled(True) is True


def test_other_values_of_tdkt_progress_leave_it_to_the_terminal(monkeypatch, capsys):
    monkeypatch.setenv("TDKT_PROGRESS", "yes")
    assert progress_enabled() is False


def test_closed_or_missing_stderr_means_no_bar(monkeypatch):
    monkeypatch.delenv("TDKT_PROGRESS", raising=False)
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stderr", closed)
    assert progress_enabled() is False
    monkeypatch.setattr(sys, "stderr", None)
    assert progress_enabled() is False


def test_short_steps_print_nothing_even_when_enabled(capsys):
    assert sum(progress(range(4), desc="quick", enabled=True)) == 6
    assert capsys.readouterr().err == ""


def test_bootstrap_bar_leaves_reliability_unchanged(no_delay, capsys):
    from tdkt_eval.reliability import reliability

    rng = np.random.default_rng(3)
    trait = rng.normal(size=150)
    items = pd.DataFrame({f"q{j}": np.clip(np.round(3 + trait + rng.normal(size=150)), 1, 5) for j in range(4)})
    quiet = reliability(items, n_resamples=40, seed=5)
    assert capsys.readouterr().err == ""
    shown = reliability(items, n_resamples=40, seed=5, progress=True)
    assert "bootstrap" in capsys.readouterr().err
    assert shown.alpha_boot_ci == quiet.alpha_boot_ci


def test_simulation_bar_leaves_flag_rotation_unchanged(no_delay, capsys):
    import tdkt_eval as te
    from tdkt_eval.formality.rotation import flag_rotation
    from tdkt_eval.paths import demo_dir

    results = te.load_records(demo_dir() / "cluster_results.csv", "cluster_results")
    capsys.readouterr()
    quiet = flag_rotation(results, n_resamples=200)
    assert capsys.readouterr().err == ""
    shown = flag_rotation(results, n_resamples=200, progress=True)
    assert "flag rotation" in capsys.readouterr().err
    pd.testing.assert_frame_equal(shown, quiet, check_exact=True)
