"""select_sample: a three-stage draw from a frame of villages, checked by simulation.

500 draws from a synthetic province frame with a certainty commune: every commune is selected at
the rate of its inclusion probability (per-unit z scores), the
Horvitz–Thompson total of households is unbiased, and the design-based 95% interval of a
clustered proportion, computed from the drawn sample with the weights select_sample writes,
covers the province's proportion at close to its nominal rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tdkt_eval.design.estimation import Design
from tdkt_eval.design.planning import inclusion_probabilities
from tdkt_eval.design.selection import select_sample
from tdkt_eval.errors import InvalidParameterError

DRAWS = 500   # the 2,000-draw simulation of a planned design is in test_planning_simulation.py
OPTIONS = dict(stratum="huyen", commune="xa", village="thon", size="ho", communes=3, villages=2, households=15)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(2026)
    rows = []
    for h in range(3):
        for c in range(12):
            for v in range(int(rng.integers(2, 6))):
                rows.append((f"Huyện {h + 1}", f"Xã {h + 1}.{c + 1}", f"Thôn {h + 1}.{c + 1}.{v + 1}",
                             int(rng.integers(20, 400)), float(rng.beta(2, 3))))
    frame = pd.DataFrame(rows, columns=["huyen", "xa", "thon", "ho", "p"])
    frame.loc[5, "ho"] = 6000                                   # a commune large enough to be taken for sure
    return frame


@pytest.fixture(scope="module")
def draws(frame) -> list[pd.DataFrame]:
    return [select_sample(frame, **OPTIONS, seed=s) for s in range(DRAWS)]


def test_the_same_seed_gives_the_same_draw(frame):
    before = frame.copy()
    first = select_sample(frame, **OPTIONS, seed=11)
    pd.testing.assert_frame_equal(first, select_sample(frame, **OPTIONS, seed=11))
    assert not first.equals(select_sample(frame, **OPTIONS, seed=12))
    pd.testing.assert_frame_equal(frame, before)


def test_the_field_list_has_what_the_team_and_the_analysis_need(frame):
    sample = select_sample(frame, **OPTIONS, seed=3)
    assert sample.groupby("huyen")["xa"].nunique().tolist() == [3, 3, 3]
    assert (sample.groupby("xa").size() <= 2).all()
    assert (sample["households_to_interview"] == np.minimum(15, sample["ho"])).all()
    np.testing.assert_allclose(sample["design_weight"] * sample["pi_1"] * sample["pi_2"] * sample["pi_3"], 1.0)
    assert sample.loc[sample["xa"] == frame.loc[5, "xa"], "certainty"].all()
    design = Design(sample, strata="huyen", psu="xa", weights="design_weight")
    assert design.degf == 9 - 3


def test_commune_probabilities_are_proportional_to_households(frame):
    sample = select_sample(frame, **OPTIONS, seed=5)
    stratum = frame[frame["huyen"] == "Huyện 2"]
    sizes = stratum.groupby("xa", sort=False)["ho"].sum()
    expected = dict(zip(sizes.index, inclusion_probabilities(sizes.to_numpy(float), 3)))
    chosen = sample[sample["huyen"] == "Huyện 2"].drop_duplicates("xa")
    np.testing.assert_allclose(chosen["pi_1"], chosen["xa"].map(expected), rtol=1e-12)


def test_units_are_selected_at_the_rate_of_their_probability(frame, draws):
    """Commune counts over 500 draws against 500 π1: every |z| < 4 (the exact χ² of the drawn sets is in
    test_planning_simulation.py: the z of one stratum's communes are not independent)."""
    counts, pi = {}, {}
    for sample in draws:
        for name, p in sample.drop_duplicates("xa")[["xa", "pi_1"]].itertuples(index=False):
            counts[name] = counts.get(name, 0) + 1
            pi[name] = p
    for h, stratum in frame.groupby("huyen"):
        sizes = stratum.groupby("xa", sort=False)["ho"].sum()
        for name, p in zip(sizes.index, inclusion_probabilities(sizes.to_numpy(float), 3)):
            pi.setdefault(name, p)
    random = {k: p for k, p in pi.items() if p < 1 - 1e-9}
    z = np.array([(counts.get(k, 0) - DRAWS * p) / np.sqrt(DRAWS * p * (1 - p)) for k, p in random.items()])
    assert np.abs(z).max() < 4, z
    certain = [k for k, p in pi.items() if p >= 1 - 1e-9]
    assert certain and all(counts[k] == DRAWS for k in certain)


def test_the_household_total_is_unbiased(frame, draws):
    estimates = np.array([(s["design_weight"] * s["households_to_interview"]).sum() for s in draws])
    truth = frame["ho"].sum()
    assert abs(estimates.mean() - truth) < 3 * estimates.std(ddof=1) / np.sqrt(DRAWS)


def test_the_design_interval_covers_the_province_proportion(frame, draws):
    """A clustered yes/no answer: the 95% interval from each drawn sample covers the truth in 92–98% of draws."""
    rng = np.random.default_rng(9)
    truth = (frame["ho"] * frame["p"]).sum() / frame["ho"].sum()
    covered = []
    for sample in draws:
        answers = rng.binomial(sample["households_to_interview"], sample["p"]) / sample["households_to_interview"]
        data = sample.assign(yes=answers)
        weights = data["design_weight"] * data["households_to_interview"]   # a village's households as one row
        estimate = Design(data.assign(w=weights), strata="huyen", psu="xa", weights="w").mean("yes")
        covered.append(estimate.ci[0] <= truth <= estimate.ci[1])
    assert 0.90 <= np.mean(covered) <= 0.99, np.mean(covered)


def test_bad_requests_are_named(frame):
    with pytest.raises(InvalidParameterError, match="no number for the strata"):
        select_sample(frame, **{**OPTIONS, "communes": {"Huyện 1": 2}}, seed=0)
    with pytest.raises(InvalidParameterError, match="households"):
        select_sample(frame.assign(ho=frame["ho"].astype(object).where(frame.index != 3, "nhiều")), **OPTIONS, seed=0)
    with pytest.raises(InvalidParameterError, match="villages"):
        select_sample(frame, **{**OPTIONS, "villages": 0}, seed=0)


# -- the field list and the command ---------------------------------------------------------------------------

OFFICE_FRAME = """Huyện,Xã,Thôn,Số hộ
Huyện A,Xã 1,Thôn 1,120
Huyện A,Xã 1,Thôn 2,80
Huyện A,Xã 2,Thôn 3,200
Huyện A,Xã 2,Thôn 4,150
Huyện A,Xã 3,Thôn 5,90
Huyện A,Xã 3,Thôn 6,60
Huyện B,Xã 4,Thôn 7,300
Huyện B,Xã 4,Thôn 8,100
Huyện B,Xã 5,Thôn 9,50
Huyện B,Xã 6,Thôn 10,70
Huyện B,Xã 6,Thôn 11,110
Huyện B,Xã 6,Thôn 12,40
"""


def test_sample_command_writes_a_vietnamese_field_list(tmp_path, capsys):
    from tdkt_eval.cli import main

    frame = tmp_path / "danh_sach_thon.csv"
    frame.write_text(OFFICE_FRAME, encoding="utf-8")
    before = frame.read_bytes()
    out = tmp_path / "danh_sach_dieu_tra.xlsx"
    assert main(["sample", str(frame), "--communes", "2", "--villages", "1", "--households", "10", "--out", str(out),
                 "--seed", "5", "--lang", "vi"]) == 0
    assert "Đã chọn 4 xã, 4 thôn, 40 hộ cần phỏng vấn" in capsys.readouterr().out
    table = pd.read_excel(out)
    assert list(table.columns[:5]) == ["Tầng (huyện)", "Xã, phường", "Thôn, tổ dân phố", "Số hộ (khung mẫu)",
                                       "Số hộ cần phỏng vấn"]
    assert set(table["Xã chọn chắc chắn"]) <= {"Có", "Không"}
    assert "Xã 2" in set(table["Xã, phường"]) and "Xã 4" in set(table["Xã, phường"])   # certainty communes
    assert frame.read_bytes() == before


def test_sample_command_names_the_missing_column_and_the_fix(tmp_path, capsys):
    from tdkt_eval.cli import main

    frame = tmp_path / "khung.csv"
    frame.write_text(OFFICE_FRAME.replace("Số hộ", "Dân số"), encoding="utf-8")
    assert main(["sample", str(frame), "--communes", "2", "--villages", "1", "--households", "10",
                 "--out", str(tmp_path / "x.xlsx"), "--lang", "vi"]) == 1
    err = capsys.readouterr().err
    assert "Khung mẫu thiếu cột: số hộ" in err and "Dân số" in err and "--size" in err and "Traceback" not in err
    assert main(["sample", str(frame), "--communes", "2", "--villages", "1", "--households", "10",
                 "--out", str(tmp_path / "x.xlsx"), "--size", "Dân số"]) == 0


def test_sample_command_sizes_the_sample_from_n_on_the_demo_frame(tmp_path, capsys):
    """--n instead of --communes, on the demo's village frame (Vietnamese headers as a council keeps them)."""
    from tdkt_eval.cli import main
    from tdkt_eval.paths import demo_dir

    out = tmp_path / "danh_sach.xlsx"
    assert main(["sample", str(demo_dir() / "khung_mau_thon.csv"), "--n", "3000", "--villages", "5",
                 "--households", "20", "--out", str(out), "--lang", "en"]) == 0
    assert "Selected 30 communes, 150 villages, 3,000 households" in capsys.readouterr().out
    table = pd.read_excel(out)
    per_stratum = table.groupby(table.columns[0])[table.columns[1]].nunique()
    assert per_stratum.sum() == 30 and per_stratum.min() >= 2
    assert main(["sample", str(demo_dir() / "khung_mau_thon.csv"), "--n", "100000", "--villages", "5",
                 "--households", "20", "--out", str(out), "--lang", "vi"]) == 1
    err = capsys.readouterr().err
    assert "100000 phiếu cần 1000 xã" in err and "khung mẫu chỉ có 62 xã" in err and "Cách sửa" in err


def test_communes_for_interviews_follows_households_within_what_each_stratum_has():
    from tdkt_eval.design.selection import communes_for_interviews

    frame = pd.DataFrame({"h": ["big"] * 2 + ["mid"] * 6 + ["small"] * 6, "c": [f"x{i}" for i in range(14)],
                          "n": [9000, 9000] + [1000] * 6 + [300] * 6})
    shares = communes_for_interviews(frame, 240, stratum="h", commune="c", size="n", villages=2, households=10)
    # 12 communes: by households 'big' would take 7 or 8 but has 2; the other 5 go where households per
    # commune taken stay largest: 'mid' (6,000 households) up to all 6, then 'small' (1,800) from its minimum 2
    assert shares == {"big": 2, "mid": 6, "small": 4}


def test_interviews_get_their_design_columns_from_the_field_list_file(tmp_path):
    """frame → field list .xlsx → interviews as Kobo exports them → Design, with nothing typed again."""
    from tdkt_eval.design.selection import attach_design, read_frame, write_field_list
    from tdkt_eval.errors import TdktInputError
    from tdkt_eval.paths import demo_dir

    frame, roles = read_frame(demo_dir() / "khung_mau_thon.csv")
    sample = select_sample(frame, **roles, communes=2, villages=3, households=10, village_method="pps", seed=4)
    path = write_field_list(sample, tmp_path / "danh_sach.xlsx", **roles, lang="vi")
    field = pd.read_excel(path)
    rng = np.random.default_rng(1)
    rows = []
    for commune, village, planned in field[["Xã, phường", "Thôn, tổ dân phố", "Số hộ cần phỏng vấn"]].itertuples(
            index=False):
        done = planned - int(rng.integers(0, 3))             # 0-2 refusals in a village
        # the interviewer types the names as they come: no accents, other case, spaces
        rows += [(commune.upper(), " " + village.replace("ô", "o").replace("ố", "o"), int(rng.integers(0, 2)))
                 for _ in range(done)]
    answers = pd.DataFrame(rows, columns=["commune", "village", "c_know"])
    before = answers.copy()
    got = attach_design(answers, path, source="kobo.xlsx")
    pd.testing.assert_frame_equal(answers, before)
    # each village's interviews carry its planned share: the weights add up to the design's estimate of households
    planned_total = (field["Trọng số thiết kế của mỗi hộ"] * field["Số hộ cần phỏng vấn"]).sum()
    assert got["weight"].sum() == pytest.approx(planned_total, rel=1e-9)
    assert got["stratum"].nunique() == 10 and got.groupby("stratum")["psu"].nunique().eq(2).all()
    design = Design(got, strata="stratum", psu="psu", weights="weight")
    assert design.degf == 20 - 10 and 0 < design.mean("c_know").estimate < 1
    wrong = answers.copy()
    wrong.loc[[3, 7], "village"] = "Thôn 99"
    with pytest.raises(TdktInputError, match=r"2 interviews name .* not in the field list \(rows 5, 9\)") as err:
        attach_design(wrong, path, source="kobo.xlsx")
    assert "kobo.xlsx" in str(err.value) and "field list" in str(err.value.fix)
    other = tmp_path / "khac.xlsx"
    field.drop(columns="Trọng số thiết kế của mỗi hộ").to_excel(other, index=False)
    with pytest.raises(TdktInputError, match="not a field list .* no column Design weight of each household"):
        attach_design(answers, other)
