"""Omega hierarchical and total (tdkt_eval.factor.omega) against R psych::omega.

Reference: tests/reference/omega.json, written by make_omega_reference.R (R 4.2.2, psych 2.2.9,
GPArotation 2022.10-2; the calls and the date are in the file).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.factor.omega import omega

HERE = Path(__file__).parent / "reference"
REF = json.loads((HERE / "omega.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result():
    bfi = pd.read_csv(HERE / "bfi.csv")
    return omega(bfi.loc[: REF["first_rows"] - 1, REF["items"]], n_factors=3)


def test_omega_total_and_the_oblique_solution_match_psych(result):
    assert result.omega_total == pytest.approx(REF["omega_total"], abs=1e-7)
    assert result.n == REF["first_rows"] and result.n_factors == 3


def test_omega_h_matches_the_exact_second_order_solution_and_psych_within_its_fit(result):
    assert result.omega_h == pytest.approx(REF["omega_h_exact"], abs=1e-7)
    assert result.omega_h == pytest.approx(REF["omega_h"], abs=5e-6)  # psych's 3 x 3 fit stops ~1e-5 short
    np.testing.assert_allclose(result.general.to_numpy(), REF["general"], atol=5e-5)


def test_one_general_factor_gives_a_high_omega_h_and_independent_groups_a_low_one():
    rng = np.random.default_rng(3)
    n, g = 4000, rng.normal(size=(4000, 1))
    groups = rng.normal(size=(n, 3))
    strong = 0.8 * g + 0.3 * np.repeat(groups, 4, axis=1) + rng.normal(scale=0.6, size=(n, 12))
    weak = 0.15 * g + 0.8 * np.repeat(groups, 4, axis=1) + rng.normal(scale=0.6, size=(n, 12))
    cols = [f"q{i}" for i in range(12)]
    high, low = omega(pd.DataFrame(strong, columns=cols)), omega(pd.DataFrame(weak, columns=cols))
    assert high.omega_h > 0.75 and low.omega_h < 0.2 and low.omega_total > 0.8


def test_two_factors_warn_and_one_factor_is_refused():
    bfi = pd.read_csv(HERE / "bfi.csv").loc[:999, ["A2", "A3", "A4", "E3", "E4", "E5"]]
    with pytest.warns(te.DataQualityWarning, match="Two group factors do not identify a general factor"):
        omega(bfi, n_factors=2)
    with pytest.raises(te.FactorAnalysisError, match="at least 2 group factors"):
        omega(bfi, n_factors=1)


def test_reverse_equals_recoding_the_item_by_hand():
    """Reversing a 1-6 item as 7 - x is an affine change: omega must not see a difference (identity)."""
    bfi = pd.read_csv(HERE / "bfi.csv").loc[:999, ["A1", "A2", "A3", "E1", "E3", "E4", "O1", "O3", "O5"]]
    by_hand = omega(bfi.assign(A1=7 - bfi["A1"], E1=7 - bfi["E1"], O5=7 - bfi["O5"]), n_factors=3)
    keyed = omega(bfi, n_factors=3, reverse=["A1", "E1", "O5"])
    assert keyed.omega_h == pytest.approx(by_hand.omega_h, abs=1e-10)
    assert keyed.omega_total == pytest.approx(by_hand.omega_total, abs=1e-10)
    with pytest.raises(te.FactorAnalysisError, match="not items"):
        omega(bfi, reverse=["Z9"])
