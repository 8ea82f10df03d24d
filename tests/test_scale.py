"""The Dask path (issue 21, item 5) gives the in-memory results, on a local cluster.

Reward files are loaded one partition each, compliance is checked on shuffled
partitions, and the design-based mean is merged from sums per PSU; each is
compared with the in-memory function on the same data (which is itself
validated against R: the compliance checks on the law's cases, ``Design.mean``
against R survey).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
from tdkt_eval import scale  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=50)
        with distributed.Client(cluster) as c:
            yield c
        cluster.close()


@pytest.fixture(scope="module")
def province_files(tmp_path_factory) -> list[Path]:
    """The demo's rewards with planted breaches, split into four 'province' files.

    Planted: 40 records given twice (the same title twice, the same achievement twice); the
    grassroots titles of 60 people removed, so that their higher titles lack a prerequisite; and
    every grassroots title of the first year removed, so that the data cannot judge that year.
    """
    rng = np.random.default_rng(2026)
    rw = pd.read_csv(DEMO / "rewards.csv")
    fighters = rw.loc[rw["form"] == "chien_si_thi_dua_co_so", "recipient_id"].unique()
    dropped = rng.choice(fighters, 60, replace=False)
    keep = ~(rw["recipient_id"].isin(dropped) & (rw["form"] == "lao_dong_tien_tien"))
    keep &= ~((rw["year"] == rw["year"].min()) & (rw["form"] == "lao_dong_tien_tien"))  # a year without data
    rw = rw[keep]
    again = rw.iloc[rng.choice(len(rw), 40, replace=False)].assign(decision_no=lambda d: d["decision_no"] + "-bs")
    rw = pd.concat([rw, again], ignore_index=True)
    folder = tmp_path_factory.mktemp("provinces")
    paths = []
    for i in range(4):
        path = folder / f"khen_thuong_tinh_{i}.csv"
        rw.iloc[i::4].to_csv(path, index=False)
        paths.append(path)
    return paths


def test_read_records_loads_each_file_as_load_records(client, province_files):
    lazy = scale.read_records(province_files, "rewards")
    assert lazy.npartitions == 4
    whole = pd.concat([te.load_records(p, "rewards") for p in province_files], ignore_index=True)
    pd.testing.assert_frame_equal(lazy.compute().reset_index(drop=True), whole)


def test_a_bad_file_raises_its_own_message(client, province_files, tmp_path):
    bad = tmp_path / "khen_thuong_loi.csv"
    text = province_files[0].read_text(encoding="utf-8").splitlines()
    cells = text[5].split(",")
    cells[1] = "2023-02-31"
    text[5] = ",".join(cells)
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    lazy = scale.read_records([province_files[1], bad], "rewards")
    with pytest.raises(te.DateParseError) as info:
        lazy.compute()
    assert info.value.rows == (6,) and "khen_thuong_loi.csv" in str(info.value)


def _canonical(found: pd.DataFrame) -> pd.DataFrame:
    return found.sort_values(list(found.columns)).reset_index(drop=True)


def test_compliance_on_partitions_equals_the_whole(client, province_files):
    lazy = scale.read_records(province_files, "rewards")
    whole = lazy.compute().reset_index(drop=True)
    personnel = te.load_records(DEMO / "personnel.csv", "personnel")
    clusters = te.load_records(DEMO / "cluster_results.csv", "cluster_results")
    expected = te.check_compliance(whole, personnel, cluster_results=clusters, undetermined="keep")
    found = scale.check_compliance(lazy, personnel, cluster_results=clusters, undetermined="keep", npartitions=3)
    pd.testing.assert_frame_equal(_canonical(found), _canonical(expected))
    assert expected["rule_id"].str.startswith("ladder").sum() >= 60
    assert expected["rule_id"].str.match("one_achievement|one_annual_title").sum() >= 30  # 36 of the 40 repeats
    assert set(expected["status"]) == {"violation", "undetermined"}


def test_compliance_without_cluster_results_skips_the_flag_rule_once(client, province_files):
    lazy = scale.read_records(province_files[:2], "rewards")
    with pytest.warns(te.DataQualityWarning) as caught:
        found = scale.check_compliance(lazy)
    assert sum("flag" in str(w.message).lower() for w in caught) == 1
    expected = te.check_compliance(lazy.compute().reset_index(drop=True))
    pd.testing.assert_frame_equal(_canonical(found), _canonical(expected))


@pytest.mark.parametrize("fpc", ["fpc", "fraction", None])
def test_design_mean_from_sums_equals_design_mean(client, fpc):
    data = pd.read_csv(DEMO / "citizen_responses.csv")
    data["fpc"] = data["stratum"].map(pd.read_csv(DEMO / "citizen_frame.csv").groupby("stratum").size())  # communes
    data["fraction"] = data.groupby("stratum")["psu"].transform("nunique") / data["fpc"]
    lazy = dd.from_pandas(data, npartitions=5)
    got = scale.design_mean(lazy, "c_know", weights="weight", strata="stratum", psu="psu", fpc=fpc)
    want = te.Design(data, weights="weight", strata="stratum", psu="psu", fpc=fpc).mean("c_know")
    assert got["estimate"] == pytest.approx(want.estimate, rel=1e-12)
    assert got["se"] == pytest.approx(want.se, rel=1e-10)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx(want.ci, rel=1e-10)
    assert got["df"] == want.df and got["n"] == len(data)


def test_design_mean_refuses_what_it_cannot_estimate(client):
    data = pd.DataFrame({"h": [1, 1, 2], "c": [1, 2, 3], "w": 1.0, "y": [1.0, 2.0, 3.0]})
    with pytest.raises(te.DesignError, match="one PSU"):
        scale.design_mean(dd.from_pandas(data, npartitions=2), "y", weights="w", strata="h", psu="c")
    with pytest.raises(te.MissingValueError):
        scale.design_mean(data.assign(y=[1.0, None, 3.0], h=1), "y", weights="w", strata="h", psu="c")


def test_partitions_judge_missing_data_by_the_whole_table(client, province_files):
    """Over 80 parts for 160 recipients, many parts hold no grassroots title of some year: the years
    recorded for anyone come from the whole table, or a violation would read as 'no data'."""
    lazy = scale.read_records(province_files, "rewards")
    whole = lazy.compute()
    fighters = whole.loc[whole["form"] == "chien_si_thi_dua_co_so", "recipient_id"].unique()[:160]
    lazy = lazy[lazy["recipient_id"].isin(list(fighters))]
    expected = te.check_compliance(whole[whole["recipient_id"].isin(fighters)].reset_index(drop=True),
                                   undetermined="keep")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = scale.check_compliance(lazy, undetermined="keep", npartitions=80)
    pd.testing.assert_frame_equal(_canonical(found), _canonical(expected))
    assert {"violation", "undetermined"} <= set(expected["status"])
