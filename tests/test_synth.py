"""Tests of the synthetic demo province (tdkt_eval.synth).

The planted effects are re-estimated here from the tables alone, with methods that do
not reuse the generator's code, so a broken generator (or stale committed data) fails.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from tdkt_eval import synth

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
YEARS = list(range(2021, 2027))
OLD_MAP_YEAR = 2024  # the one year whose commune records name the former communes (issue 20)

COLUMNS = {
    "units": ["unit_id", "unit_name", "commune", "district", "level", "sector", "area_type", "cluster_id",
              "successor_id"],
    "movements": ["movement_id", "name", "start_year"],
    "staff_responses": ["respondent_id", "unit_id", "commune", "level", "position_group", "gender", "sector",
                        "years_of_service", "start", "end", "aw1", "aw2", "aw3", "aw4", "pa1", "pa2", "pa3", "pa4",
                        "su1", "su2", "su3", "su4", "su5", "sm1", "sm2", "sm3", "sm4", "me1", "me2", "me3", "me4",
                        "fo1", "fo2", "fo3", "fo4", "fa1", "fa2", "fa3", "fa4", "fa5", "in1", "in2", "in3", "in4",
                        "co1", "co2", "co3", "tr1", "tr2", "tr3"],
    "citizen_responses": ["respondent_id", "commune", "village", "consent", "stratum", "psu", "weight", "gender", "age", "ethnicity", "education", "c_know", "c_part", "c_ben1", "c_ben2",
                          "c_ben3", "c_mknow", "c_mlearn", "c_trust1", "c_trust2", "c_trust3"],
    "citizen_frame": ["stratum", "commune", "psu", "households"],
    "khung_mau_thon": ["Tầng", "Xã", "Thôn", "Số hộ"],
    "chuyen_doi_dia_gioi": ["Huyện cũ", "Xã cũ", "Xã mới", "Số hộ xã cũ", "Ngày hiệu lực"],
    "inspections": ["inspection_id", "unit_id", "date", "inspector_level", "movement_id", "findings_count",
                    "findings_resolved", "score"],
    "cluster_scores": ["cluster_id", "year", "unit_id", "criterion_id", "self_score", "verified_score", "max_score"],
    "cluster_results": ["cluster_id", "year", "unit_id", "total_score", "rank", "votes", "flag_awarded"],
    "criteria": ["movement_id", "unit_id", "criterion_id", "text"],
    "criteria_labels": ["movement_id", "unit_id", "criterion_id", "measurable"],
    "personnel": ["person_id", "unit_id", "year", "position_group", "gender", "sector", "area_type",
                  "annual_rating", "achievement_score"],
    "workforce": ["unit_id", "year", "position_group", "gender", "sector", "area_type", "headcount"],
    "rewards": ["decision_no", "decision_date", "year", "level", "form", "recipient_type", "recipient_id", "unit_id",
                "position_group", "gender", "sector", "area_type", "movement_id", "ad_hoc", "proposal_date",
                "achievement_score"],
    "reports": ["unit_id", "year", "kind", "text", "due_date", "submitted_date"],
    "planted": ["effect", "quantity", "true_value", "realised_value"],
}
KEYS = {
    "units": ["unit_id"], "movements": ["movement_id"], "staff_responses": ["respondent_id"],
    "citizen_responses": ["respondent_id"], "citizen_frame": ["psu"], "inspections": ["inspection_id"],
    "chuyen_doi_dia_gioi": ["Huyện cũ", "Xã cũ"], "khung_mau_thon": ["Xã", "Thôn"],
    "cluster_scores": ["cluster_id", "year", "unit_id", "criterion_id"],
    "cluster_results": ["cluster_id", "year", "unit_id"], "criteria": ["movement_id", "unit_id", "criterion_id"],
    "criteria_labels": ["movement_id", "unit_id", "criterion_id"], "personnel": ["person_id", "year"],
    "workforce": ["unit_id", "year", "position_group", "gender", "sector", "area_type"],
    "rewards": ["decision_no", "recipient_id", "form"], "reports": ["unit_id", "year", "kind"],
}
VOCAB = {
    "level": {"province", "commune"}, "sector": {"state", "non_state"},  # no district level after 1 July 2025
    "area_type": {"normal", "disadvantaged"}, "position_group": {"leader", "manager", "frontline"},
    "gender": {"male", "female"}, "inspector_level": {"central", "province", "district", "commune"},
    "annual_rating": {"excellent", "good", "completed", "not_completed"}, "kind": {"interim", "final"},
    "ethnicity": {"kinh", "other"}, "education": {"none", "primary", "secondary", "high_school", "tertiary"},
    "recipient_type": {"individual", "collective"},
}
FORM_LEVEL = {
    "lao_dong_tien_tien": "grassroots", "chien_si_thi_dua_co_so": "grassroots", "giay_khen": "grassroots",
    "tap_the_lao_dong_tien_tien": "grassroots", "chien_si_thi_dua_tinh": "ministry_province",
    "bang_khen_tinh": "ministry_province", "tap_the_lao_dong_xuat_sac": "ministry_province",
    "co_thi_dua_tinh": "ministry_province", "chien_si_thi_dua_toan_quoc": "state", "bang_khen_thu_tuong": "state",
    "huan_chuong_lao_dong": "state", "co_thi_dua_chinh_phu": "state",
}
STAFF_ITEMS = COLUMNS["staff_responses"][10:]
REVERSED = ["aw4", "su5", "fo4", "fa5"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _current(units: pd.DataFrame) -> pd.DataFrame:
    """Units that exist now (a former commune has a successor_id)."""
    return units[units["successor_id"].isna()]


def _to_current(unit_id: pd.Series, units: pd.DataFrame) -> pd.Series:
    """Move a former commune's records to its successor, as a council grouping on the new map would."""
    successor = unit_id.map(units.set_index("unit_id")["successor_id"])
    return successor.where(successor.notna(), unit_id)


def _area(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Commune group (former district code, the sampling stratum) of each current unit, through its commune."""
    current = _current(tables["units"])
    stratum = tables["citizen_frame"].set_index("commune")["stratum"]
    return pd.Series(current["commune"].map(stratum).to_numpy(), index=current["unit_id"].to_numpy())


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): _sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return synth.generate(2024)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, tables: dict[str, pd.DataFrame]) -> Path:
    out = tmp_path_factory.mktemp("demo_a")
    synth.write(tables, out)
    return out


@pytest.fixture(scope="module")
def csv(written: Path) -> dict[str, pd.DataFrame]:
    """The written files read back as plain text tables (what a user gets)."""
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in written.glob("*.csv")}


# ----------------------------------------------------------------------------- determinism
def test_same_seed_gives_byte_identical_files(written: Path, tmp_path: Path) -> None:
    synth.write(synth.generate(2024), tmp_path)
    assert _digests(tmp_path) == _digests(written)


def test_different_seed_gives_different_files(written: Path, tmp_path: Path) -> None:
    synth.write(synth.generate(2025), tmp_path)
    a, b = _digests(written), _digests(tmp_path)
    assert a.keys() == b.keys()
    differ = {name for name in a if a[name] != b[name]}
    assert {"staff_responses.csv", "citizen_responses.csv", "rewards.csv", "reports.csv",
            "cluster_results.csv", "personnel.csv", "PLANTED.md"} <= differ


def test_committed_demo_equals_fresh_generation(written: Path) -> None:
    fresh = _digests(written)
    committed = {name: digest for name, digest in _digests(DEMO).items()
                 if name.endswith(".csv") or name == "PLANTED.md"}
    assert committed.keys() == fresh.keys(), "data/demo is stale: run python -m tdkt_eval.synth --out data/demo"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"data/demo is stale ({stale}): run python -m tdkt_eval.synth --out data/demo"


def test_demo_is_small(written: Path) -> None:
    assert sum(p.stat().st_size for p in written.rglob("*") if p.is_file()) < 6_000_000


def test_file_format(written: Path) -> None:
    names = {p.name for p in written.iterdir()}
    assert not [n for n in names if n.startswith(".")], "temporary files left behind"
    for path in written.glob("*.csv"):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and data.endswith(b"\n")
        data.decode("utf-8")
    text = (written / "rewards.csv").read_text(encoding="utf-8")
    assert re.search(r",\d{4}-\d\d-\d\d,\d{4},", text) and ",true," in text and ",false," in text
    starts = pd.read_csv(written / "staff_responses.csv", dtype=str)["start"]
    assert starts.str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d").all()


def test_cli_writes_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert synth.main(["--out", str(tmp_path), "--seed", "11"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "seed 11" in out
    assert (tmp_path / "PLANTED.md").exists() and (tmp_path / "units.csv").exists()


# ----------------------------------------------------------------------------- schema
def test_columns_and_keys(tables: dict[str, pd.DataFrame], csv: dict[str, pd.DataFrame]) -> None:
    assert set(tables) == set(COLUMNS)
    for name, cols in COLUMNS.items():
        assert list(tables[name].columns) == cols, name
        assert list(csv[name].columns) == cols, name
    for name, key in KEYS.items():
        assert not csv[name].duplicated(key).any(), name


def test_vocabularies(csv: dict[str, pd.DataFrame]) -> None:
    for name, df in csv.items():
        for col, allowed in VOCAB.items():
            if col in df and (name, col) != ("rewards", "level"):
                values = set(df[col]) - {""}
                assert values <= allowed, (name, col, values - allowed)
    rw = csv["rewards"]
    assert set(rw["level"]) <= {"state", "ministry_province", "grassroots"}
    assert (rw["form"].map(FORM_LEVEL) == rw["level"]).all()
    ind = rw["recipient_type"] == "individual"
    assert set(rw.loc[ind, "position_group"]) <= VOCAB["position_group"]
    assert (rw.loc[~ind, ["position_group", "gender"]] == "").all().all()
    assert set(rw["ad_hoc"]) == {"true", "false"}
    assert rw["decision_no"].str.fullmatch(r"\d+/QĐ-[A-Za-zĐ]+").all()


def test_province_structure(tables: dict[str, pd.DataFrame]) -> None:
    units = tables["units"]
    current = _current(units)
    assert len(current) == 102 and (units["successor_id"].notna()).sum() == 189
    assert units["unit_id"].is_unique and current["district"].nunique() == 10
    assert set(current["level"]) == {"province", "commune"}  # no district level after 1 July 2025
    clusters = current["cluster_id"].value_counts()
    assert list(clusters.sort_index().index) == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert clusters["C1"] == clusters["C6"] == 20 and clusters[["C2", "C5"]].min() >= 6
    communes = current[current["cluster_id"].isin(["C2", "C3", "C4", "C5"])]
    assert (communes["level"] == "commune").all() and communes["commune"].is_unique
    assert communes["commune"].str.match(r"(Xã|Phường) ").all()
    # each commune cluster holds whole former-district areas (clusters by geography)
    assert communes.groupby("district")["cluster_id"].nunique().eq(1).all()
    deps = current[current["cluster_id"] == "C1"]
    assert deps["commune"].str.startswith("Phường").all() and deps["district"].nunique() == 1
    assert {"Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo"} <= set(deps["unit_name"])
    assert not deps["unit_name"].str.contains("Kế hoạch và Đầu tư|Giao thông|Lao động|Thông tin và Truyền").any()
    assert current["commune"].isin(tables["citizen_frame"]["commune"]).all()
    assert 0.12 <= (current["sector"] == "non_state").mean() <= 0.2
    dis = current["area_type"] == "disadvantaged"
    assert 0.2 <= dis.mean() <= 0.3
    assert current.loc[dis, "district"].value_counts().head(3).sum() >= 0.75 * dis.sum()
    assert tables["movements"]["movement_id"].str.fullmatch(r"M\d\d").all()


def test_staff_survey(tables: dict[str, pd.DataFrame]) -> None:
    st = tables["staff_responses"]
    assert 1900 <= len(st) <= 2100
    items = st[STAFF_ITEMS].astype(float)
    assert set(np.unique(items.to_numpy()[items.notna().to_numpy()])) == {1, 2, 3, 4, 5}
    assert 0.01 <= items.isna().mean().mean() <= 0.02
    minutes = (st["end"] - st["start"]).dt.total_seconds() / 60
    complete = items.notna().all(axis=1)
    straight = complete & (items.nunique(axis=1) == 1)
    speeder = minutes < 3
    dup = st.drop(columns="respondent_id").duplicated(keep="first")
    assert straight.sum() == 20 and speeder.sum() == 20 and dup.sum() == 5
    assert minutes[~speeder].between(8, 25).all()


def test_citizen_design(tables: dict[str, pd.DataFrame]) -> None:
    """The citizen sample is drawn from the village frame: communes by PPS, 5 villages by PPS, then households.

    Each household's weight is rebuilt here from the frame alone: π1 of its commune among the
    commune group's communes (R sampling's rule, validated in test_planning), π2 of its village
    among the commune's villages, and π3 = households interviewed / households in the village.
    """
    from tdkt_eval.design.planning import inclusion_probabilities

    ci, frame, villages = tables["citizen_responses"], tables["citizen_frame"], tables["khung_mau_thon"]
    assert "district" not in ci and "fpc" not in ci  # a post-reform export; PPS communes: no fpc
    assert len(ci) == 3000 and frame["psu"].is_unique and frame["commune"].is_unique
    assert frame.groupby("stratum").size().between(4, 9).all() and frame["stratum"].nunique() == 10
    size = villages.groupby("Xã")["Số hộ"].sum()
    assert (size.reindex(frame["commune"]).to_numpy() == frame["households"].to_numpy()).all()
    n_h = ci.groupby("stratum")["psu"].nunique()
    assert n_h.isin([3, 4]).all() and (ci.groupby("stratum").size() == 300).all()
    per_village = ci.groupby(["commune", "village"]).size()
    assert per_village.groupby(level=0).size().eq(5).all() and per_village.isin([15, 20]).all()
    pi_1, pi_2 = {}, {}
    for h, communes in frame.groupby("stratum", sort=False):
        pi_1.update(zip(communes["commune"], inclusion_probabilities(communes["households"].to_numpy(float), n_h[h])))
    for name, rows in villages.groupby("Xã", sort=False):
        pi_2.update(zip(zip(rows["Xã"], rows["Thôn"]), inclusion_probabilities(rows["Số hộ"].to_numpy(float), 5)))
    keys = list(zip(ci["commune"], ci["village"]))
    big_n = villages.set_index(["Xã", "Thôn"])["Số hộ"]
    expected = 1 / (ci["commune"].map(pi_1) * pd.Series([pi_2[k] for k in keys]) * per_village.reindex(keys).to_numpy()
                    / big_n.reindex(keys).to_numpy())
    np.testing.assert_allclose(ci["weight"], expected, atol=1e-5)
    np.testing.assert_allclose(ci["weight"].sum(), frame["households"].sum(), rtol=0.02)
    # By hand, without the selection code: where no commune of the group and no village of the commune is big
    # enough to be taken for sure (n N_c / N_h < 1, 5 N_v / N_c < 1), PPS at both stages and a fixed number of
    # households give every household the weight N_h / (n_h x 5 x m) = N_h / 300.
    n_big_h = frame.groupby("stratum")["households"].sum()
    raw_1 = (frame.set_index("commune")["households"] * frame.set_index("commune")["stratum"].map(n_h)
             / frame.set_index("commune")["stratum"].map(n_big_h))
    raw_2 = 5 * villages["Số hộ"] / villages["Xã"].map(size)
    plain_group = raw_1.groupby(frame.set_index("commune")["stratum"]).max() < 1
    plain_commune = raw_2.groupby(villages["Xã"]).max() < 1
    plain = ci["stratum"].map(plain_group) & ci["commune"].map(plain_commune)
    assert plain.mean() > 0.5
    np.testing.assert_allclose(ci.loc[plain, "weight"], ci.loc[plain, "stratum"].map(n_big_h) / 300, atol=1e-5)
    assert ci["psu"].isin(frame["psu"]).all() and ci["age"].between(18, 80).all()
    assert (ci["commune"] == ci["psu"].map(frame.set_index("psu")["commune"])).all()
    assert ci["c_mlearn"].isna().eq(ci["c_mknow"] == 0).all()
    assert (ci["c_part"] <= ci["c_know"]).all()


def test_records_rules(tables: dict[str, pd.DataFrame]) -> None:
    ins = tables["inspections"]
    assert (ins["findings_resolved"] <= ins["findings_count"]).all()
    assert ins["score"].dropna().between(0, 100).all() and ins["score"].isna().any()
    sc = tables["cluster_scores"]
    assert sc.groupby(["cluster_id", "year", "unit_id"]).size().eq(10).all()
    assert sc.groupby("criterion_id")["max_score"].nunique().eq(1).all()
    for col in ("self_score", "verified_score"):
        assert sc[col].between(0, sc["max_score"]).all() and (sc[col] * 2 % 1 == 0).all()
    res = tables["cluster_results"]
    total = sc.groupby(["cluster_id", "year", "unit_id"])["verified_score"].sum()
    np.testing.assert_array_equal(res.set_index(["cluster_id", "year", "unit_id"])["total_score"], total)
    rank = res.groupby(["cluster_id", "year"])["total_score"].rank(method="min", ascending=False)
    assert (rank == res["rank"]).all()
    assert res.groupby(["cluster_id", "year"])["flag_awarded"].sum().eq(1).all()
    crit = tables["criteria"].groupby(["unit_id", "movement_id"]).size()
    assert crit.between(3, 6).all() and len(crit) == len(_current(tables["units"])) * 4


def test_workforce_is_aggregated_personnel(tables: dict[str, pd.DataFrame]) -> None:
    per, wf = tables["personnel"], tables["workforce"]
    on_new_map = per.assign(unit_id=_to_current(per["unit_id"], tables["units"]))
    size = on_new_map.groupby(["unit_id", "year"]).size().rename("n").reset_index()
    merged = size["unit_id"].map(tables["units"].set_index("unit_id")["unit_name"]).str.startswith("UBND ")
    assert len(per) < 25_000 and size.loc[~merged, "n"].between(25, 35).all()
    assert size.loc[merged, "n"].between(35, 50).all()  # a merged commune pools its former communes' staff
    keys = KEYS["workforce"]
    agg = per.groupby(keys).size().rename("n").reset_index()
    merged = wf.merge(agg, on=keys, how="outer")
    assert (merged["headcount"] == merged["n"]).all()
    pos = per["position_group"].value_counts(normalize=True)
    assert 0.06 <= pos["leader"] <= 0.10 and 0.14 <= pos["manager"] <= 0.20
    women = per["gender"].eq("female").groupby(per["position_group"]).mean()
    assert 0.40 <= per["gender"].eq("female").mean() <= 0.50 and women["leader"] < women["frontline"]
    stay = per.groupby("person_id")["year"].nunique()
    assert (stay == len(YEARS)).mean() > 0.4 and (stay < len(YEARS)).any()


def test_rewards_follow_roster_and_clusters(tables: dict[str, pd.DataFrame]) -> None:
    rw, per, res = tables["rewards"], tables["personnel"], tables["cluster_results"]
    ind = rw[rw["recipient_type"] == "individual"]
    roster = per.rename(columns={"person_id": "recipient_id"})
    joined = ind.merge(roster, on=["recipient_id", "year"], suffixes=("", "_p"), how="left")
    for col in ("unit_id", "position_group", "gender", "sector", "area_type", "achievement_score"):
        assert (joined[col] == joined[f"{col}_p"]).all(), col
    # nested annual titles: one record per title, and a grassroots fighter is also an advanced worker
    assert not ind[~ind["ad_hoc"]].duplicated(["recipient_id", "year", "form"]).any()
    assert 0 < ind["ad_hoc"].mean() < 0.1
    flags = rw[rw["form"] == "co_thi_dua_tinh"]
    flags = flags.assign(unit_id=_to_current(flags["unit_id"], tables["units"])).set_index(["unit_id", "year"]).index
    winners = res[res["flag_awarded"]].set_index(["unit_id", "year"]).index
    assert flags.sort_values().equals(winners.sort_values())
    lag = (rw["decision_date"] - rw["proposal_date"]).dt.days
    assert lag.between(20, 120).all()
    mean_lag = lag.groupby(rw["level"]).mean()
    assert mean_lag["grassroots"] < mean_lag["ministry_province"] < mean_lag["state"]
    assert rw.groupby("decision_no")["decision_date"].nunique().eq(1).all()


def test_reports(tables: dict[str, pd.DataFrame]) -> None:
    rep = tables["reports"]
    assert len(rep) == len(_current(tables["units"])) * len(YEARS) * 2  # restated on the current units
    sentences = rep["text"].str.count(r"[.!?](?:\s|$)")
    assert sentences.between(4, 8).all()
    late = (rep["submitted_date"] > rep["due_date"]).groupby(rep["unit_id"]).mean()
    assert 0.05 < late.mean() < 0.3 and late.max() >= 0.5


def test_files_parse_with_pandas(written: Path) -> None:
    rw = pd.read_csv(written / "rewards.csv", parse_dates=["decision_date", "proposal_date"])
    assert rw["decision_date"].dtype.kind == "M" and rw["ad_hoc"].dtype == bool


# ----------------------------------------------------------------------------- planted effects
def _winners(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    res = tables["cluster_results"]
    return res[res["flag_awarded"]].sort_values(["cluster_id", "year"])


def test_flag_rotation(tables: dict[str, pd.DataFrame]) -> None:
    win = _winners(tables)
    rotation = ["C2", "C5"]
    for cluster in rotation:
        seq = list(win.loc[win["cluster_id"] == cluster, "unit_id"])
        assert all(len(set(seq[i:i + 5])) == 5 for i in range(len(seq) - 4)), seq
        assert (win.loc[win["cluster_id"] == cluster, "rank"] == 1).sum() <= 2
    rot = win["cluster_id"].isin(rotation)
    assert (win.loc[rot, "rank"] == 1).mean() <= 0.25
    assert (win.loc[~rot, "rank"] == 1).mean() >= 0.6
    assert win.loc[rot, "rank"].mean() > 4 > win.loc[~rot, "rank"].mean()


def test_leader_premium_and_women(tables: dict[str, pd.DataFrame]) -> None:
    per, rw = tables["personnel"], tables["rewards"]
    annual = rw[(rw["recipient_type"] == "individual") & ~rw["ad_hoc"]]
    got = pd.Series(1, index=pd.MultiIndex.from_frame(annual[["recipient_id", "year"]].drop_duplicates()))
    df = per.assign(rewarded=got.reindex(pd.MultiIndex.from_frame(per[["person_id", "year"]])).fillna(0).to_numpy())
    formula = ("rewarded ~ C(annual_rating, Treatment('completed')) + achievement_score"
               " + C(position_group, Treatment('frontline')) + C(gender, Treatment('male'))")
    fit = smf.glm(formula, df, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(df["person_id"])[0]})
    ci = np.exp(fit.conf_int())
    leader = "C(position_group, Treatment('frontline'))[T.leader]"
    manager = "C(position_group, Treatment('frontline'))[T.manager]"
    assert ci.loc[leader, 0] < 2.5 < ci.loc[leader, 1]
    assert ci.loc[manager, 0] < 1.5 < ci.loc[manager, 1]
    assert ci.loc[leader, 0] > 1.5  # the premium is really there
    wf = tables["workforce"]
    ind = rw[rw["recipient_type"] == "individual"]
    ratio = (ind["gender"] == "female").mean() / (wf.loc[wf["gender"] == "female", "headcount"].sum()
                                                  / wf["headcount"].sum())
    assert abs(ratio - 0.7) <= 0.1


def _word_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def test_copied_reports(tables: dict[str, pd.DataFrame]) -> None:
    fin = tables["reports"].query("kind == 'final'").sort_values(["unit_id", "year"])
    copy_units = {"U012", "U033", "U067"}
    for unit, g in fin.groupby("unit_id"):
        ratios = [_word_ratio(a, b) for a, b in zip(g["text"].iloc[:-1], g["text"].iloc[1:])]
        if unit in copy_units:
            assert min(ratios) > 0.9, unit
            assert g["text"].nunique() == len(g), unit  # years and numbers were changed
        else:
            assert max(ratios) < 0.9, unit


def test_rare_inspection_commune_group(tables: dict[str, pd.DataFrame]) -> None:
    """The rarely inspected district of the old map is now the commune group of former district D06."""
    units, ins = tables["units"], tables["inspections"]
    area = _area(tables)
    group = _to_current(ins["unit_id"], units).map(area)
    assert group.notna().all()
    rate = (group.value_counts() / (area.value_counts() * len(YEARS))).fillna(0)
    others = rate.drop("D06")
    assert rate["D06"] < 0.3 * others.median() and rate["D06"] < 0.5 * others.min()
    assert units.loc[units["unit_id"].isin(area[area == "D06"].index), "district"].eq("Huyện Thạnh Hưng").all()


def test_perception_gap(tables: dict[str, pd.DataFrame]) -> None:
    st, ci, units = tables["staff_responses"], tables["citizen_responses"], tables["units"]
    su = st[["su1", "su2", "su3", "su4", "su5"]].astype(float)
    su["su5"] = 6 - su["su5"]
    staff = su.mean(axis=1)
    ben = ci[["c_ben1", "c_ben2", "c_ben3"]].astype(float).mean(axis=1)
    assert "district" not in st  # a 2026 export: the area comes from the unit's commune
    group = st["commune"].map(tables["citizen_frame"].set_index("commune")["stratum"])
    assert (st["commune"] == st["unit_id"].map(units.set_index("unit_id")["commune"])).all()
    z_staff = (staff.groupby(group).mean() - staff.mean()) / staff.std()
    z_cit = (ben.groupby(ci["stratum"]).mean() - ben.mean()) / ben.std()
    gap = z_staff - z_cit
    gap_d = ["D03", "D08"]
    others = gap.drop(gap_d)
    assert (gap[gap_d] - others.median()).min() > 0.3
    assert 0.45 < gap[gap_d].mean() - others.median() < 1.15
    assert (others - others.median()).abs().max() < 0.4
    part = ci.groupby("stratum")["c_part"].mean()
    assert part[gap_d].max() < part.drop(gap_d).median() - 0.05


# ----------------------------------------------------------------------------- other known truths
def test_leniency_and_bunching(tables: dict[str, pd.DataFrame]) -> None:
    sc = tables["cluster_scores"]
    diff = sc["self_score"] - sc["verified_score"]
    assert 0.4 <= diff.mean() <= 0.6 and (diff >= 0).all()
    assert (sc["verified_score"] / sc["max_score"]).median() >= 0.85
    assert (sc["verified_score"] == sc["max_score"]).mean() >= 0.1


def test_reliability_and_null_gender_effect(tables: dict[str, pd.DataFrame]) -> None:
    st = tables["staff_responses"]
    items = st[STAFF_ITEMS].astype(float)
    items[REVERSED] = 6 - items[REVERSED]
    for construct in ("aw", "pa", "su", "sm", "me", "fo", "fa", "in", "co", "tr"):
        x = items[[c for c in STAFF_ITEMS if c[:2] == construct]].dropna()
        k = x.shape[1]
        alpha = k / (k - 1) * (1 - x.var().sum() / x.sum(axis=1).var())
        assert 0.65 <= alpha <= 0.88, (construct, alpha)
        score = x.mean(axis=1)
        female = st.loc[x.index, "gender"] == "female"
        d = (score[female].mean() - score[~female].mean()) / score.std()
        assert abs(d) < 0.15, (construct, d)
    # reverse-keyed items correlate negatively with their scale in the raw answers
    raw = st[STAFF_ITEMS].astype(float)
    assert raw["su5"].corr(raw[["su1", "su2", "su3", "su4"]].mean(axis=1)) < -0.2


def test_measurable_share(tables: dict[str, pd.DataFrame]) -> None:
    lab = tables["criteria_labels"]
    assert 0.3 <= lab["measurable"].mean() <= 0.5
    by_unit = lab.groupby("unit_id")["measurable"].mean()
    assert by_unit.std() > 0.1
    merged = tables["criteria"].merge(lab, on=["movement_id", "unit_id", "criterion_id"])
    has_marker = merged["text"].str.contains(r"\d+\s*%|\d+/\d+|trước ngày|\d+ (?:hội nghị|mô hình|căn)")
    assert has_marker[merged["measurable"]].mean() > 0.8 and has_marker[~merged["measurable"]].mean() < 0.1


def test_planted_table_matches_constants(tables: dict[str, pd.DataFrame]) -> None:
    planted = tables["planted"]
    assert planted.loc[planted["quantity"] == "seed", "true_value"].item() == "2024"
    md = (DEMO / "PLANTED.md").read_text(encoding="utf-8")
    assert "python -m tdkt_eval.synth --out data/demo --seed 2024" in md
    for effect in ("flag_rotation", "leader_premium", "women_ratio", "copied_reports", "rare_inspection",
                   "perception_gap", "old_map"):
        assert (planted["effect"] == effect).any()


def test_kobo_export_loads_like_the_tidy_table(written: Path) -> None:
    """The demo's KoboToolbox export and its tidy table hold the same answers (issue: demo through the real path)."""
    import tdkt_eval as te
    from tdkt_eval.synth.kobo import kobo_uuid

    kobo = te.load_survey(written / "exports" / "staff_kobo.csv", "staff", kind="staff_responses")
    tidy = te.load_survey(written / "staff_responses.csv", "staff", kind="staff_responses")
    shared = [c for c in tidy.columns if c in kobo.columns and c not in ("respondent_id", "_uuid")]
    assert len(shared) >= 47  # 40 Likert items, 7 background questions (start/end too)
    pd.testing.assert_frame_equal(kobo[shared], tidy[shared])
    assert kobo["respondent_id"].tolist() == [kobo_uuid(r) for r in tidy["respondent_id"]]
    header = (written / "exports" / "staff_kobo.csv").read_bytes().split(b"\r\n", 1)[0].decode()
    assert header.startswith('"start";"end";"background/unit_id";')
    assert header.endswith('"_submitted_by";"__version__";"_tags";"_index"')


# ----------------------------------------------------------------------------- the two-tier map (issue 20)
def test_crosswalk_and_former_communes(tables: dict[str, pd.DataFrame], csv: dict[str, pd.DataFrame]) -> None:
    cw, units, frame = csv["chuyen_doi_dia_gioi"], tables["units"], tables["citizen_frame"]
    assert set(cw["Ngày hiệu lực"]) == {"01/7/2025"}
    former = units[units["successor_id"].notna()]
    # every old commune of the crosswalk is a predecessor in units.csv, of the unit of its new commune
    pred = former.merge(cw, left_on=["district", "commune"], right_on=["Huyện cũ", "Xã cũ"], how="outer",
                        indicator=True)
    assert (pred["_merge"] == "both").all() and len(pred) == len(cw) == len(former)
    successor = units.set_index("unit_id").loc[pred["successor_id"]]
    assert (successor["commune"].to_numpy() == pred["Xã mới"].to_numpy()).all()
    assert (successor["district"].to_numpy() == pred["district"].to_numpy()).all()
    assert successor["successor_id"].isna().all() and (former["level"] == "commune").all()
    assert former["cluster_id"].isna().all()
    # a new commune: a new name, about three former communes of one former district, their households
    sizes = cw.groupby("Xã mới").size()
    assert sizes.between(2, 4).all() and 2.8 <= sizes.mean() <= 3.2
    assert cw.groupby("Xã mới")["Huyện cũ"].nunique().eq(1).all()
    assert not set(cw["Xã mới"]) & set(cw["Xã cũ"]) and set(cw["Xã mới"]) == set(frame["commune"])
    summed = cw.assign(h=cw["Số hộ xã cũ"].astype(int)).groupby("Xã mới")["h"].sum()
    assert (frame.set_index("commune")["households"].reindex(summed.index) == summed).all()
    wards = cw.loc[cw["Huyện cũ"] == "Thành phố Tân An", "Xã mới"]
    assert wards.str.startswith("Phường").all() and not cw.loc[cw["Huyện cũ"] != "Thành phố Tân An", "Xã mới"].str.startswith("Phường").any()


def test_one_year_on_the_old_map(tables: dict[str, pd.DataFrame]) -> None:
    """In 2024 commune records name a former commune; every one maps to a current unit through successor_id."""
    units = tables["units"]
    former = set(units.loc[units["successor_id"].notna(), "unit_id"])
    communes = set(_current(units).query("level == 'commune' and cluster_id != 'C6'")["unit_id"])
    ins = tables["inspections"].assign(year=tables["inspections"]["date"].dt.year)
    for name, df in (("personnel", tables["personnel"]), ("workforce", tables["workforce"]),
                     ("rewards", tables["rewards"]), ("inspections", ins)):
        old = df["unit_id"].isin(former)
        assert old.any() and (df.loc[old, "year"] == OLD_MAP_YEAR).all(), name
        assert not df.loc[df["year"] == OLD_MAP_YEAR, "unit_id"].isin(communes).any(), name
        moved = _to_current(df["unit_id"], units)
        assert moved.isin(_current(units)["unit_id"]).all() and moved[old].isin(communes).all(), name
    for name in ("reports", "cluster_results", "cluster_scores"):  # restated on the current units
        assert not tables[name]["unit_id"].isin(former).any(), name
    # a person keeps one predecessor; collective rewards name the unit as recipient
    per = tables["personnel"]
    assert per[per["unit_id"].isin(former)].groupby("person_id")["unit_id"].nunique().eq(1).all()
    col = tables["rewards"].query("recipient_type == 'collective'")
    assert (col["recipient_id"] == col["unit_id"]).all()
    # staff were surveyed in 2026, after the reform, with the unit's commune and no district column
    st = tables["staff_responses"]
    assert "district" not in st and (st["start"].dt.year == 2026).all() and st["start"].min() >= pd.Timestamp("2026-09-07")
    assert st["unit_id"].isin(_current(units)["unit_id"]).all()
