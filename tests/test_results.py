"""One result protocol (docs/api-conventions.md, "Results"), checked on every exported estimator.

An estimate returns a frozen result whose ``to_frame()``, ``summary()``, ``to_latex()``,
``to_markdown()`` and ``_repr_html_()`` all work; a simple test returns one tidy DataFrame.
The walk covers the names ``tdkt_eval`` exports and those of the subpackages formality,
indices and rewards.  Result fields renamed to the vocabulary keep their old names for one
release, with a FutureWarning and the same value.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval._results import Result
from tdkt_eval._tables import latex_table, markdown_table

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
SUBPACKAGES = ("formality", "indices", "rewards")
#: Modules whose exported functions estimate or test something (the rest load, check or map data).
ANALYSIS = re.compile(r"tdkt_eval\.(reliability|agreement|factor|quality|depth|perception|design|weighting|ordinal|"
                      r"indices|formality|rewards|compliance)")
#: Exported analysis functions that are not estimates, and what they return instead.
NOT_ESTIMATES = {
    "scale_scores": "a score per respondent (a data transformation)",
    "load_rules": "a RuleSet read from the rule files",
    "rules_table": "the rules as a table (documentation)",
    "normalise": "indicators rescaled (a data transformation)",
    "aggregate": "a score per unit (a data transformation)",
    "equal_weights": "weights (an input of composite)",
    "budget_weights": "weights (an input of composite)",
    "pca_weights": "weights (an input of composite)",
    "formality_table": "the formality indicators joined per unit (a report table)",
    "inclusion_probabilities": "the probabilities of a sampling plan (an input of the selection)",
    "pps_systematic": "the frame with the units selected (a sampling plan, not an estimate)",
    "attach_design": "the interviews with their design columns (an input of Design)",
    "cluster_tradeoffs": "sample sizes for several cluster sizes (a sampling plan, not an estimate)",
    "select_sample": "the field list of a drawn sample (a sampling plan, not an estimate)",
    "adjust_nonresponse": "adjusted weights (an input of Design)",
}


def _exported() -> dict[str, object]:
    found = {}
    modules = {te: sorted(set(te.__all__) | set(te._WHERE))}
    modules.update({getattr(te, name): getattr(te, name).__all__ for name in SUBPACKAGES})
    for module, names in modules.items():
        for name in names:
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                obj = getattr(obj, name, None)
            if inspect.isfunction(obj) and ANALYSIS.match(obj.__module__):
                found[name] = obj
    return found


FUNCTIONS = _exported()
RESULT_CLASSES = sorted({t for f in FUNCTIONS.values() for t in typing.get_args(typing.get_type_hints(f).get(
    "return")) or [typing.get_type_hints(f).get("return")] if isinstance(t, type) and issubclass(t, Result)},
    key=lambda t: t.__name__)


# ---------------------------------------------------------------------------- fixtures
SF = pd.DataFrame({"J1": [9, 6, 8, 7, 10, 6], "J2": [2, 1, 4, 1, 5, 2],
                   "J3": [5, 3, 6, 2, 6, 4], "J4": [8, 2, 8, 6, 9, 7]}, dtype=float)


def _items() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    f = rng.normal(size=(150, 1))
    return pd.DataFrame(np.clip(np.rint(3 + f + rng.normal(size=(150, 5))), 1, 5), columns=list("abcde"))


def _survey() -> pd.DataFrame:
    rng = np.random.default_rng(15)
    return pd.DataFrame({"y": rng.normal(3, 1, 60), "x": rng.uniform(1, 2, 60), "ok": rng.choice(["Yes", "No"], 60),
                         "g": rng.choice(["a_1", "b|2"], 60), "w": rng.uniform(1, 3, 60)})


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows = [dict(unit_id=f"U{i:02d}", year=t, treated=i < 10, y=60 + rng.normal() + 1.5 * (i < 10 and t >= 2022))
            for i in range(20) for t in range(2019, 2025)]
    return pd.DataFrame(rows)


def _rewards() -> pd.DataFrame:
    return pd.DataFrame({"level": ["grassroots", "grassroots", "province", "province"], "form": ["giay_khen"] * 4,
                         "proposal_date": pd.to_datetime(["2024-01-05", "2024-01-10", None, "2024-02-01"]),
                         "decision_date": pd.to_datetime(["2024-02-04", "2024-02-29", "2024-03-01", "2024-06-01"]),
                         "doc_to_trinh": [1, 1, 0, 1], "doc_bao_cao": [1, 0, 1, 1]})


def _trend() -> tuple[pd.DataFrame, pd.DataFrame]:
    rewards = pd.DataFrame({"year": np.repeat([2020, 2021, 2022, 2023], 25), "recipient_type": "individual",
                            "gender": np.tile(["female"] * 6 + ["male"] * 19, 4)})
    workforce = pd.DataFrame({"year": np.repeat([2020, 2021, 2022, 2023], 2), "gender": ["female", "male"] * 4,
                              "headcount": [40, 60, 42, 58, 45, 55, 50, 50]})
    return rewards, workforce


def _ladder() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    latent = rng.normal(size=300)
    return pd.DataFrame({r: np.clip(np.rint(3 + latent - shift + rng.normal(0, 0.5, 300)), 1, 5)
                         for r, shift in (("a", -1.0), ("b", 0.0), ("c", 1.0))})


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    kinds = ["staff_responses", "criteria", "cluster_results", "cluster_scores", "rewards", "personnel", "reports"]
    return {k: te.load_records(DEMO / f"{k}.csv", k) for k in kinds}


#: One small call per exported estimator; d is the demo data (a few tables).
CALLS = {
    "reliability": lambda d: te.reliability(_items(), n_resamples=20),
    "icc": lambda d: te.icc(SF),
    "krippendorff_alpha": lambda d: te.krippendorff_alpha(SF, metric="interval", n_resamples=20),
    "efa": lambda d: te.efa(_items(), 1),
    "cfa": lambda d: te.cfa(pd.read_csv(DEMO.parents[1] / "tests" / "reference" / "holzinger.csv"),
                            "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"),
    "invariance": lambda d: te.invariance(pd.read_csv(DEMO.parents[1] / "tests" / "reference" / "holzinger.csv"),
                                          "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6", group="school"),
    "sample_size": lambda d: te.sample_size(margin=0.05, population=2000, deff=1.5),
    "allocate": lambda d: te.allocate({"A": 100, "B": 300}, 40),
    "omega": lambda d: te.omega(pd.read_csv(DEMO.parents[1] / "tests" / "reference" / "bfi.csv").iloc[:300, :15],
                                n_factors=3),
    "ordinal_alpha": lambda d: te.ordinal_alpha(_items()),
    "polychoric": lambda d: te.polychoric(_items()),
    "kmo": lambda d: te.kmo(_items()),
    "bartlett": lambda d: te.bartlett(_items()),
    "parallel_analysis": lambda d: te.parallel_analysis(_items(), n_resamples=5),
    "screen": lambda d: te.screen(_items(), items=list("abcde"), id_col=None, start=None, end=None),
    "depth_ladder": lambda d: te.depth_ladder(_ladder(), rungs={"aware": "a", "part": "b", "spread": "c"}),
    "depth_index": lambda d: te.depth_index(d["staff_responses"], n_resamples=20),
    "perception_gap": None,  # staff and citizen surveys with their forms: covered by tests/test_depth.py
    "ranking_robustness": lambda d: te.ranking_robustness(d["cluster_scores"], n_resamples=20),
    "uncertainty": lambda d: te.indices.uncertainty(_items().iloc[:8], n_resamples=20),
    "composite": lambda d: te.indices.composite(_items().iloc[:8]),
    "kendall_w": lambda d: te.indices.kendall_w([[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]]),
    "check_compliance": lambda d: te.check_compliance(d["rewards"], d["personnel"],
                                                      cluster_results=d["cluster_results"]),
    "campaign_impact": lambda d: te.campaign_impact(_panel(), outcome="y", treated="treated", start=2022),
    "concordance": lambda d: te.concordance(d["cluster_results"], d["rewards"], personnel=d["personnel"]),
    "auc_delong": lambda d: te.rewards.auc_delong([0.1, 0.4, 0.35, 0.8, 0.7, 0.2], [0, 0, 1, 1, 1, 0]),
    "dossier_completeness": lambda d: te.dossier_completeness(_rewards(), required={"giay_khen": ["to_trinh",
                                                                                                  "bao_cao"]}),
    "timeliness": lambda d: te.timeliness(_rewards()),
    "representation": lambda d: te.representation(_trend()[0], _trend()[1], by="gender"),
    "representation_trend": lambda d: te.representation_trend(*_trend(), by="gender", group="female"),
    "reward_model": lambda d: te.reward_model(d["personnel"], d["rewards"]),
    "copied_reports": lambda d: te.formality.copied_reports(d["reports"]),
    "criteria_measurability": lambda d: te.formality.criteria_measurability(d["criteria"]),
    "flag_rotation": lambda d: te.formality.flag_rotation(d["cluster_results"], n_resamples=50),
    "inspection_coverage": None,  # inspections, units and years: covered by tests/test_formality_inspection.py
    "inspection_rates": None,
    "reporting_compliance": lambda d: te.formality.reporting_compliance(d["reports"]),
    "leniency": lambda d: te.formality.leniency(d["cluster_scores"]),
    "score_compression": lambda d: te.formality.score_compression(d["cluster_results"],
                                                                 cluster_scores=d["cluster_scores"]),
    "straightlining_rate": lambda d: te.formality.straightlining_rate(_items().assign(unit_id=["U1", "U2"] * 75),
                                                                     items=list("abcde")),
}
DESIGN_CALLS = {
    "Design.mean": lambda: te.Design(_survey(), weights="w").mean("y"),
    "Design.mean(by=)": lambda: te.Design(_survey(), weights="w").mean("y", by="g"),
    "Design.total(by=)": lambda: te.Design(_survey(), weights="w").total("y", by=["g", "ok"]),
    "Design.ratio": lambda: te.Design(_survey(), weights="w").ratio("y", "x"),
    "Design.proportion(col)": lambda: te.Design(_survey(), weights="w").proportion("ok"),
}


# ---------------------------------------------------------------------------- the walk
def test_every_exported_estimator_has_a_call_here():
    uncovered = set(FUNCTIONS) - set(CALLS) - set(NOT_ESTIMATES)
    assert not uncovered, f"add a small call to CALLS (or a reason to NOT_ESTIMATES) for {sorted(uncovered)}"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_return_annotation_is_a_frame_or_a_result(name):
    hint = typing.get_type_hints(FUNCTIONS[name]).get("return")
    if name in NOT_ESTIMATES:
        return
    kinds = typing.get_args(hint) or (hint,)
    assert all(k is pd.DataFrame or (isinstance(k, type) and issubclass(k, Result)) for k in kinds), (name, hint)


def test_every_result_class_is_a_frozen_dataclass_of_the_base():
    assert len(RESULT_CLASSES) >= 15
    for cls in [*RESULT_CLASSES, te.Estimate, te.DomainResult]:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls
        assert issubclass(cls, Result) and "__str__" not in vars(cls), f"{cls.__name__}: the base gives str()"
        for method in ("to_frame", "summary"):
            assert getattr(cls, method) is not getattr(Result, method), f"{cls.__name__} must define {method}"


def _check_result(res: object) -> None:
    if isinstance(res, pd.DataFrame):
        assert len(res.columns) == len(set(res.columns))
        return
    assert isinstance(res, Result), type(res)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(res, dataclasses.fields(res)[0].name, None)
    frame = res.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    text = res.summary()
    assert isinstance(text, str) and text and str(res) == text
    tex = res.to_latex(caption="Result", label="tab:result")
    assert tex.count(r"\begin{tabular}") == 1 and r"\toprule" in tex and r"\bottomrule" in tex
    assert r"\label{tab:result}" in tex
    body = tex.split(r"\midrule")[1].split(r"\bottomrule")[0]
    assert body.count("\\\\\n") == len(frame), "one LaTeX row per frame row"
    markdown = res.to_markdown()
    assert len(markdown.strip().splitlines()) == len(frame) + 2, "header, rule, one row per frame row"
    html = res._repr_html_()
    assert html.startswith("<div>") and "<table" in html


@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_estimator_returns_a_frame_or_a_working_result(name, demo):
    if CALLS[name] is None:
        pytest.skip("needs data of its own; its module's tests call it")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # data-quality warnings of the small fixtures
        warnings.simplefilter("error", FutureWarning)
        res = CALLS[name](demo)
    _check_result(res)
    hint = typing.get_type_hints(FUNCTIONS[name])["return"]
    assert isinstance(res, typing.get_args(hint) or hint)


@pytest.mark.parametrize("name", sorted(DESIGN_CALLS))
def test_design_estimates_are_results(name):
    res = DESIGN_CALLS[name]()
    _check_result(res)
    assert isinstance(res, te.DomainResult if "(" in name else te.Estimate)


def test_simple_tests_are_one_tidy_row():
    w = te.indices.kendall_w([[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]])
    assert list(w.columns) == ["w", "chi2", "df", "p_value", "n_raters", "n_objects"] and len(w) == 1
    assert w["w"].item() == pytest.approx(7 / 9, rel=1e-12)      # by hand: S = 35, W = 12 * 35 / (9 * 60)
    assert w["chi2"].item() == pytest.approx(3 * 3 * 7 / 9, rel=1e-12)


# ---------------------------------------------------------------------------- rendering
NASTY = pd.DataFrame({"unit_name": ["A & B", "50% | half", "x_1\ny"], "share": [0.25, 0.5, np.nan], "n": [1, 2, 3]})


def test_latex_escapes_specials_and_keeps_raw_numbers_out_of_the_frame():
    tex = latex_table(NASTY, caption="Shares_% & counts")
    assert r"unit\_name" in tex and r"A \& B" in tex and r"50\% | half" in tex and r"x\_1 y" in tex
    assert r"\caption{Shares\_\% \& counts}" in tex and "0.250" in tex
    assert "{lrr}" in tex                       # text left, numbers right
    assert "nan" not in tex


def test_markdown_escapes_pipes_and_newlines():
    md = markdown_table(NASTY.astype(str))
    lines = md.strip().splitlines()
    assert len(lines) == len(NASTY) + 2
    assert r"50% \| half" in md and "x_1 y" in md
    assert all(line.count(" | ") == 2 for line in lines[:1] + lines[2:])   # no unescaped pipe in a cell


def test_numbers_in_to_frame_stay_raw():
    res = te.Design(_survey(), weights="w").mean("y", by="g")
    frame = res.to_frame()
    assert frame["estimate"].dtype == float and frame["estimate"].round(3).ne(frame["estimate"]).any()
    assert r"b\textbar 2" in res.to_latex() or r"b|2" in res.to_latex()
    assert r"b\|2" in res.to_markdown()


# ---------------------------------------------------------------------------- former names
def _renamed_fields():
    items = _items()
    return [
        (te.reliability(items), "ci", "conf_level"),
        (te.krippendorff_alpha(SF, n_resamples=10), "level", "metric"),
        (te.krippendorff_alpha(SF, n_resamples=10), "n_boot", "n_resamples"),
        (te.parallel_analysis(items, n_resamples=5), "n_iter", "n_resamples"),
        (te.indices.uncertainty(items.iloc[:8], n_resamples=20), "n_runs", "n_resamples"),
        (te.indices.uncertainty(items.iloc[:8], n_resamples=20, conf_level=0.8), "level", "conf_level"),
    ]


@pytest.mark.parametrize("case", range(6))
def test_old_field_names_warn_and_give_the_same_value(case):
    res, old, new = _renamed_fields()[case]
    with pytest.warns(FutureWarning, match=f"{old} is now called {type(res).__name__}.{new}") as caught:
        value = getattr(res, old)
    assert value == getattr(res, new)
    assert {w.filename for w in caught} == {__file__}


def test_depth_result_keeps_its_old_names_too(demo):
    with pytest.warns(te.DataQualityWarning, match="fewer than 5 respondents"):  # 8 small demo units
        res = te.depth_index(demo["staff_responses"], n_resamples=20, conf_level=0.8)
    with pytest.warns(FutureWarning):
        assert (res.n_runs, res.level) == (20, 0.8)
    with pytest.warns(FutureWarning, match="keyword-only"):
        assert res.to_frame("area").equals(res.to_frame(level="area"))


def test_former_data_frames_still_index_with_a_warning():
    res = te.icc(SF)
    with pytest.warns(FutureWarning, match="ICCResult.*to_frame"):
        got = res["icc"]
    pd.testing.assert_series_equal(got, res.to_frame()["icc"])
    by = te.Design(_survey(), weights="w").mean("y", by="g")
    with pytest.warns(FutureWarning, match="DomainResult"):
        assert by.set_index("g").equals(by.to_frame().set_index("g"))
    with pytest.raises(AttributeError):
        by.not_a_frame_method  # noqa: B018


def test_quality_summary_is_a_method_and_the_table_still_reads():
    res = te.screen(_items(), items=list("abcde"), id_col=None, start=None, end=None)
    assert res.summary().startswith("Data-quality screening") and str(res) == res.summary()
    with pytest.warns(FutureWarning, match="QualityResult.rules"):
        rules = res.summary["rule"]
    assert rules.tolist() == res.rules["rule"].tolist() == res.to_frame()["rule"].tolist()
    with pytest.warns(FutureWarning, match="summary()"):
        assert res.summary_text() == res.summary()
