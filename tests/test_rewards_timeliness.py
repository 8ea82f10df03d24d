"""Timeliness of reward decisions and completeness of dossiers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.rewards.timeliness import dossier_completeness, timeliness

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def _rewards() -> pd.DataFrame:
    days = [10, 20, 30, 40, 100, 50, 95, None]
    proposal = pd.Timestamp("2024-01-01")
    return pd.DataFrame({
        "level": ["grassroots"] * 5 + ["state"] * 3,
        "form": ["giay_khen", "giay_khen", "giay_khen", "lao_dong_tien_tien", "lao_dong_tien_tien",
                 "bang_khen_thu_tuong", "bang_khen_thu_tuong", "bang_khen_thu_tuong"],
        "proposal_date": [proposal if d is not None else pd.NaT for d in days],
        "decision_date": [proposal + pd.Timedelta(days=d if d is not None else 60) for d in days]})


def test_statistics_by_level_by_hand():
    out = timeliness(_rewards(), by=["level"]).to_frame().set_index("level")
    g = out.loc["grassroots"]
    assert (g["n"], g["n_no_proposal"], g["median_days"], g["mean_days"]) == (5, 0, 30.0, 40.0)
    assert g["p90_days"] == pytest.approx(np.percentile([10, 20, 30, 40, 100], 90))    # 76.0, R type 7
    assert g["share_over_threshold"] == pytest.approx(0.2)
    s = out.loc["state"]
    assert (s["n"], s["n_no_proposal"], s["median_days"]) == (2, 1, 72.5)
    assert list(out.reset_index().columns) == ["level", "n", "n_no_proposal", "median_days", "p90_days",
                                               "mean_days", "share_over_threshold", "threshold_days"]


def test_default_groups_threshold_and_overall():
    out = timeliness(_rewards(), threshold_days=45).to_frame()
    assert len(out) == 3 and list(out.columns[:2]) == ["level", "form"]
    assert out.set_index("form").loc["giay_khen", "share_over_threshold"] == 0.0
    overall = timeliness(_rewards(), by=()).to_frame()
    assert overall["n"].iloc[0] == 7 and overall["n_no_proposal"].iloc[0] == 1
    assert overall["threshold_days"].iloc[0] == 90


def test_blank_groups_are_kept():
    rw = _rewards()
    rw["level"] = rw["level"].astype("string")
    rw.loc[0, "level"] = pd.NA
    out = timeliness(rw, by=["level"]).to_frame()
    assert out["level"].isna().sum() == 1 and out["n"].sum() == 7


def test_errors():
    rw = _rewards()
    late = rw.copy()
    late.loc[2, "decision_date"] = pd.Timestamp("2023-12-01")
    with pytest.raises(te.InconsistentValuesError, match="decided before they were proposed") as err:
        timeliness(late)
    assert err.value.rows == (4,)
    with pytest.raises(te.MissingColumnError, match="'proposal_date'"):
        timeliness(rw.drop(columns="proposal_date"))
    with pytest.raises(te.InvalidParameterError, match="threshold_days"):
        timeliness(rw, threshold_days=-1)
    with pytest.raises(te.DateParseError, match="Expected dates"):
        timeliness(rw.assign(proposal_date="15/03/2024"))
    as_text = rw.assign(proposal_date=rw["proposal_date"].dt.strftime("%Y-%m-%d"))
    assert timeliness(as_text, by=()).to_frame().equals(timeliness(rw, by=()).to_frame())


@pytest.fixture(scope="module")
def demo_rewards():
    return te.load_dataset(DEMO)["rewards"]


def test_demo_median_delay_rises_with_level(demo_rewards):
    # generator lags per decision: grassroots U[20, 45], ministry/province U[40, 80], state U[70, 120] days
    # (ad-hoc rewards 20-40 days at any level)
    med = timeliness(demo_rewards, by=["level"]).to_frame().set_index("level")["median_days"]
    assert med["state"] > med["ministry_province"] > med["grassroots"]
    assert 20 <= med["grassroots"] <= 45 and 40 <= med["ministry_province"] <= 80 and 70 <= med["state"] <= 120


def test_demo_has_no_dossier_records(demo_rewards):
    with pytest.raises(te.MissingColumnError, match="does not record the documents") as err:
        dossier_completeness(demo_rewards)
    assert "doc_<document>" in str(err.value) and "documents_col" in str(err.value)


# ----------------------------------------------------------------------------- dossiers
def _dossiers() -> pd.DataFrame:
    return pd.DataFrame({
        "form": ["giay_khen", "giay_khen", "bang_khen_tinh", "bang_khen_tinh", "huy_chuong"],
        "doc_to_trinh": [1, 1, "Có", "x", 1],
        "doc_bao_cao_thanh_tich": [True, False, True, None, 1],
        "doc_bien_ban_hoi_dong": ["không", 0, 1, 1, 0]}, index=[10, 11, 12, 13, 14])


REQUIRED = {"giay_khen": ["to_trinh", "Báo cáo thành tích"],
            "bang_khen_tinh": ["to trinh", "bao_cao_thanh_tich", "bien ban hoi dong"]}


def test_document_columns_with_required_mapping():
    res = dossier_completeness(_dossiers(), required=REQUIRED)
    assert res.source == "columns" and res.not_assessed == ("huy_chuong",)
    rec = res.records
    assert list(rec.index) == [10, 11, 12, 13]
    assert rec.loc[11, "share_present"] == 0.5 and rec.loc[11, "missing"] == "bao cao thanh tich"
    assert rec.loc[13, "share_present"] == pytest.approx(2 / 3) and not rec.loc[13, "complete"]   # blank = absent
    by_form = res.to_frame().set_index("form")
    assert by_form.loc["giay_khen", "share_complete"] == 0.5
    assert by_form.loc["bang_khen_tinh", "mean_share_present"] == pytest.approx((1 + 2 / 3) / 2)
    doc = res.by_document.set_index(["form", "document"])
    assert doc.loc[("bang_khen_tinh", "bao cao thanh tich"), "share_present"] == 0.5
    assert "huy_chuong" in str(res)


def test_document_columns_default_requires_all():
    res = dossier_completeness(_dossiers())
    assert res.records["n_required"].eq(3).all() and res.not_assessed == ()
    assert res.to_frame().set_index("form").loc["huy_chuong", "share_complete"] == 0.0


def test_documents_listed_in_one_column():
    rw = pd.DataFrame({"form": ["giay_khen", "giay_khen", "bang_khen_tinh"],
                       "ho_so": ["Tờ trình; Báo cáo thành tích", "tờ trình", ["To trinh", "Bien ban hoi dong"]]})
    res = dossier_completeness(rw, required=REQUIRED, documents_col="ho_so")
    assert res.source == "list"
    assert res.records["complete"].tolist() == [True, False, False]
    assert res.records["share_present"].tolist() == pytest.approx([1.0, 0.5, 2 / 3])


def test_dossier_errors():
    with pytest.raises(te.InvalidParameterError, match="'required' parameter"):
        dossier_completeness(pd.DataFrame({"form": ["giay_khen"], "ho_so": ["x"]}), documents_col="ho_so")
    with pytest.raises(te.MissingColumnError, match="no 'doc_' column"):
        dossier_completeness(_dossiers(), required={"giay_khen": ["quyet dinh"]})
    with pytest.raises(te.InvalidCategoryError, match="yes/no"):
        dossier_completeness(_dossiers().assign(doc_to_trinh="maybe"))
    with pytest.raises(te.MissingColumnError, match="'ho_so'"):
        dossier_completeness(_dossiers(), documents_col="ho_so", required=REQUIRED)
