"""Copied review reports: demo recovery, MinHash accuracy, normalisation and errors."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.formality.copied import COLUMNS, copied_reports, jaccard, lsh_bands, minhash_signatures, shingle_hashes

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
COPY_UNITS = ("U012", "U033", "U067")  # PLANTED.md, "copied final reports"
SYLLABLES = ("thi đua khen thưởng cán bộ công chức phong trào hoàn thành nhiệm vụ xuất sắc đơn vị tổ năm kế "
             "hoạch tuyên truyền điển hình tiên tiến xã huyện tỉnh người dân mô hình vận khéo").split()


@pytest.fixture(scope="module")
def demo_reports() -> pd.DataFrame:
    return te.load_records(DEMO / "reports.csv", "reports")


def random_text(rng: np.random.Generator, n: int = 300) -> str:
    return " ".join(rng.choice(SYLLABLES, n))


def frame(texts, units=None, years=None, kind="final") -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"unit_id": units or [f"U{i}" for i in range(n)], "year": years or [2024] * n,
                         "kind": kind, "text": texts})


@pytest.mark.parametrize("method", ["minhash", "exact"])
def test_demo_finds_exactly_the_planted_copies(demo_reports, method):
    out = copied_reports(demo_reports, method=method)
    found = set(out[["unit_a", "year_a", "unit_b", "year_b"]].itertuples(index=False, name=None))
    expected = {(u, y, u, y + 1) for u in COPY_UNITS for y in range(2021, 2026)}
    assert found == expected
    assert list(out.columns) == COLUMNS
    assert out["same_unit"].all() and (out["kind"] == "final").all()
    assert out["similarity"].is_monotonic_decreasing
    assert (out["similarity"] >= 0.8).all() and (out["shared_words"] > 10).all()
    assert (out["longest_shared"].str.len() <= 202).all()


def test_demo_any_years_and_interim(demo_reports):
    out = copied_reports(demo_reports, years="any")
    assert len(out) == 3 * 15  # every two of six years, for each copying unit
    assert set(out["unit_a"]) == set(COPY_UNITS)
    assert copied_reports(demo_reports, kind="interim").empty


def test_minhash_agrees_with_exact_at_a_low_threshold(demo_reports):
    keys = ["unit_a", "year_a", "unit_b", "year_b"]
    fast = copied_reports(demo_reports, threshold=0.5)
    slow = copied_reports(demo_reports, threshold=0.5, method="exact")
    assert (~slow["same_unit"]).sum() > 10  # different-unit pairs exist at this threshold
    pd.testing.assert_frame_equal(fast.sort_values(keys, ignore_index=True), slow.sort_values(keys, ignore_index=True))


def test_minhash_estimate_close_to_exact():
    rng = np.random.default_rng(7)
    base = rng.choice(SYLLABLES, 400)
    texts = [" ".join(base)]
    for p in np.linspace(0, 1, 40):
        words = base.copy()
        hit = rng.random(words.size) < p
        words[hit] = rng.choice(SYLLABLES, int(hit.sum()))
        texts.append(" ".join(words))
    texts.append("0123456789 abcdefgh")  # shares no shingle with the others
    hashes = [shingle_hashes(t) for t in texts]
    exact = np.array([jaccard(hashes[0], h) for h in hashes[1:]])
    assert exact.min() == 0.0 and exact.max() == 1.0
    # 512 permutations: standard error <= 0.022, so every estimate is within 0.1 (4.5 SE)
    sig = minhash_signatures(hashes, num_perm=512, seed=0)
    assert np.abs((sig[1:] == sig[0]).mean(axis=1) - exact).max() <= 0.1
    # the default 128: no bias, and errors of the size the binomial standard error predicts
    sig = minhash_signatures(hashes, num_perm=128, seed=0)
    error = (sig[1:] == sig[0]).mean(axis=1) - exact
    inner = (exact > 0) & (exact < 1)
    z = error[inner] / np.sqrt(exact[inner] * (1 - exact[inner]) / 128)
    assert abs(error.mean()) <= 0.03
    assert 0.5 <= np.sqrt(np.mean(z ** 2)) <= 1.5
    assert np.abs(error).max() <= 0.15


def test_identical_and_disjoint():
    a = "Đơn vị đã tổ chức 12 hội nghị tuyên truyền về thi đua, khen thưởng."
    assert jaccard(shingle_hashes(a), shingle_hashes(a)) == 1.0
    assert jaccard(shingle_hashes("aaaaaaaa"), shingle_hashes("bbbbbbbb")) == 0.0
    out = copied_reports(frame([a, a]))
    assert out["similarity"].tolist() == [1.0]
    assert not out["same_unit"].iloc[0] and out["shared_words"].iloc[0] == len(a.split())


def test_diacritics_are_kept():
    with_marks = shingle_hashes("khen thưởng xuất sắc")
    without = shingle_hashes("khen thuong xuat sac")
    assert jaccard(with_marks, without) < 0.5
    assert copied_reports(frame(["Khen thưởng xuất sắc cho đơn vị.", "Khen thuong xuat sac cho don vi."]),
                          method="exact").empty


def test_nfc_and_nfd_give_the_same_result():
    rng = np.random.default_rng(3)
    texts = [random_text(rng) for _ in range(4)]
    texts.append(texts[0].replace("thi", "thì", 3))
    nfc_out = copied_reports(frame(texts))
    nfd_out = copied_reports(frame([unicodedata.normalize("NFD", t) for t in texts]))
    assert len(nfc_out) >= 1
    pd.testing.assert_frame_equal(nfc_out, nfd_out)
    assert np.array_equal(shingle_hashes(texts[0]), shingle_hashes(unicodedata.normalize("NFD", texts[0])))


def test_different_units_compared_only_within_a_year():
    rng = np.random.default_rng(5)
    text = random_text(rng)
    df = frame([text, text, text], units=["U1", "U2", "U3"], years=[2023, 2023, 2024])
    out = copied_reports(df)
    assert out[["unit_a", "unit_b", "same_unit"]].values.tolist() == [["U1", "U2", False]]


def test_consecutive_means_the_next_report_of_the_unit():
    rng = np.random.default_rng(6)
    text = random_text(rng)
    df = frame([text, text, random_text(rng)], units=["U1", "U1", "U1"], years=[2020, 2022, 2023])
    out = copied_reports(df)
    assert out[["year_a", "year_b"]].values.tolist() == [[2020, 2022]]


def test_lsh_bands_catch_pairs_at_the_threshold():
    for t in (0.5, 0.8, 0.9):
        b, r = lsh_bands(t, 128)
        assert b * r <= 128 and 1 - (1 - t ** r) ** b >= 0.99


def test_input_not_modified(demo_reports):
    before = demo_reports.copy()
    copied_reports(demo_reports)
    pd.testing.assert_frame_equal(demo_reports, before)


def test_empty_text_names_the_rows():
    df = frame(["Báo cáo tổng kết năm.", "", None, "Một báo cáo khác."], units=["U1", "U2", "U3", "U4"])
    with pytest.raises(te.MissingValueError, match=r"row 3 \(U2, 2024\), row 4 \(U3, 2024\)") as err:
        copied_reports(df)
    assert err.value.rows == (3, 4)


@pytest.mark.parametrize("kwargs", [{"threshold": 0}, {"threshold": 1.5}, {"kind": "tổng kết"},
                                    {"years": "all"}, {"shingle": 0}, {"method": "lsh"}, {"n_resamples": 8},
                                    {"seed": "x"}])
def test_bad_parameters(kwargs):
    with pytest.raises(te.InvalidParameterError, match=f"'{next(iter(kwargs))}' parameter of copied_reports"):
        copied_reports(frame(["a b c d e f"]), **kwargs)


def test_data_errors():
    with pytest.raises(te.InvalidParameterError, match="DataFrame"):
        copied_reports(["not", "a", "frame"])
    with pytest.raises(te.MissingColumnError, match="text"):
        copied_reports(frame(["x"]).drop(columns="text"))
    with pytest.raises(te.InvalidCategoryError, match="'tổng kết'"):
        copied_reports(frame(["báo cáo"], kind="tổng kết"))
    with pytest.raises(te.DuplicateKeyError, match="rows 2, 3"):
        copied_reports(frame(["một", "hai"], units=["U1", "U1"]))
    with pytest.raises(te.MissingValueError, match="year"):
        copied_reports(frame(["một", "hai"], years=[2024, None]))
