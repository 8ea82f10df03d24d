"""Tests of tdkt_eval.quality: planted faults are found, clean respondents are left alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval.quality import RULES, QualityResult, screen

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
ITEMS = [f"q{j + 1:02d}" for j in range(40)]
REVERSED = [3, 12, 22, 35]  # items answered on a reversed scale
T0 = pd.Timestamp("2024-09-02 07:30")


def _answers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Realistic 5-point answers: 10 correlated constructs x 4 items, loadings U(0.6, 0.8)."""
    corr = np.full((10, 10), 0.4) + 0.6 * np.eye(10)
    eta = rng.multivariate_normal(np.zeros(10), corr, size=n)
    loading = rng.uniform(0.6, 0.8, size=40)
    latent = loading * eta[:, np.repeat(np.arange(10), 4)] + np.sqrt(1 - loading**2) * rng.standard_normal((n, 40))
    answers = 1.0 + (latent[..., None] > np.array([-2.0, -1.2, -0.3, 0.9])).sum(axis=-1)  # most answer 4
    answers[:, REVERSED] = 6 - answers[:, REVERSED]
    return answers


def _frame(rng: np.random.Generator, answers: np.ndarray, seconds: np.ndarray, first: int) -> pd.DataFrame:
    n = len(answers)
    start = T0 + pd.to_timedelta(rng.integers(0, 10 * 86400, n), unit="s")
    frame = pd.DataFrame({
        "respondent_id": [f"R{first + i:05d}" for i in range(n)],
        "_uuid": [f"uuid-{first + i:05d}" for i in range(n)],
        "unit_id": rng.choice(["U01", "U02", "U03", "U04"], n),
        "gender": rng.choice(["female", "male"], n),
        "start": start,
        "end": start + pd.to_timedelta(np.round(seconds), unit="s"),
    })
    return pd.concat([frame, pd.DataFrame(answers, columns=ITEMS).astype("Int64")], axis=1)


def _clean(rng: np.random.Generator, n: int = 1000) -> pd.DataFrame:
    """Clean respondents: 1.5% of answers missing at random, durations log-normal (median 800 s, sigma 0.3)."""
    answers = _answers(rng, n)
    answers[rng.random(answers.shape) < 0.015] = np.nan
    return _frame(rng, answers, rng.lognormal(np.log(800), 0.3, n), first=1)


def _planted(seed: int) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """1,000 clean respondents followed by the planted faults; returns the frame and the planted ids."""
    rng = np.random.default_rng(seed)
    clean = _clean(rng)
    # 15 exact copies with new ids; the first 5 keep the original _uuid (a resubmitted form instance)
    copies = clean.iloc[rng.choice(1000, 15, replace=False)].copy()
    copies["respondent_id"] = [f"R{2001 + i:05d}" for i in range(15)]
    copies["_uuid"] = list(copies["_uuid"][:5]) + [f"uuid-{2001 + i:05d}" for i in range(5, 15)]
    # 20 speeders: 60-170 s, uniformly random answers
    speeders = _frame(rng, rng.integers(1, 6, (20, 40)).astype(float), rng.uniform(60, 170, 20), first=3001)
    # 20 straight-liners at ordinary speed: 15 give one answer throughout, 5 vary only the last 3 items
    flat = np.repeat(rng.integers(1, 6, 20)[:, None], 40, axis=1).astype(float)
    flat[15:, 37:] = np.where(flat[15:, 37:] == 1, 2, 1)
    liners = _frame(rng, flat, rng.lognormal(np.log(800), 0.3, 20), first=4001)
    # 10 with 65-80% of the items unanswered
    sparse = _answers(rng, 10)
    for row in sparse:
        row[rng.choice(40, rng.integers(26, 33), replace=False)] = np.nan
    sparse = _frame(rng, sparse, rng.lognormal(np.log(800), 0.3, 10), first=5001)
    # 3 with codes outside 1-5 (9 = "no answer" left in, 0 = entry error)
    odd = _answers(rng, 3)
    odd[0, 5], odd[1, [7, 30]], odd[2, 39] = 9, 9, 0
    odd = _frame(rng, odd, rng.lognormal(np.log(800), 0.3, 3), first=6001)
    frame = pd.concat([clean, copies, speeders, liners, sparse, odd], ignore_index=True)
    planted = {
        "clean": list(clean["respondent_id"]),
        "duplicate_uuid": list(copies["respondent_id"][:5]),
        "duplicate_answers": list(copies["respondent_id"]),
        "speeder": list(speeders["respondent_id"]),
        "straightliner": list(liners["respondent_id"]),
        "missing_items": list(sparse["respondent_id"]),
        "out_of_range": list(odd["respondent_id"]),
    }
    return frame, planted


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, dict[str, list[str]], QualityResult]:
    frame, ids = _planted(seed=20240902)
    return frame, ids, screen(frame, items=ITEMS, uuid_col="_uuid")


def _repeated_liners(frame: pd.DataFrame, ids: dict[str, list[str]]) -> list[str]:
    """Straight-liners whose answers repeat an earlier straight-liner's (same single answer)."""
    liners = frame[frame["respondent_id"].isin(ids["straightliner"])]
    return list(liners.loc[liners.duplicated(ITEMS), "respondent_id"])


# ---------------------------------------------------------------- planted effects
@pytest.mark.parametrize("rule", ["duplicate_uuid", "duplicate_answers", "speeder", "straightliner",
                                  "missing_items", "out_of_range"])
def test_every_planted_respondent_is_flagged_by_its_rule(planted, rule: str) -> None:
    _, ids, result = planted
    flags = result.flags.set_index("respondent_id")
    assert flags.loc[ids[rule], rule].all()


def test_no_clean_respondent_is_flagged(planted) -> None:
    _, ids, result = planted
    flags = result.flags.set_index("respondent_id")
    assert not flags.loc[ids["clean"], list(RULES)].to_numpy().any()


def test_flags_are_exactly_the_planted(planted) -> None:
    _, ids, result = planted
    flags = result.flags.set_index("respondent_id")
    for rule in ("duplicate_uuid", "speeder", "missing_items", "out_of_range"):
        assert set(flags.index[flags[rule]]) == set(ids[rule]), rule
    # straight-liners who gave the same single answer also have identical answers on all items
    extra = set(flags.index[flags["duplicate_answers"]]) - set(ids["duplicate_answers"])
    assert extra == set(_repeated_liners(planted[0], ids))


def test_measures_and_references(planted) -> None:
    frame, ids, result = planted
    flags = result.flags.set_index("respondent_id")
    copies = frame.set_index("respondent_id").loc[ids["duplicate_answers"]]
    originals = flags.loc[ids["duplicate_answers"], "duplicate_answers_of"]
    by_uuid = frame.drop_duplicates("_uuid").set_index("_uuid")["respondent_id"]
    assert list(originals[:5]) == list(by_uuid[copies["_uuid"][:5]])
    assert list(flags.loc[ids["duplicate_uuid"], "duplicate_uuid_of"]) == list(originals[:5])
    liners = flags.loc[ids["straightliner"]]
    assert (liners["longstring"][:15] == 40).all() and (liners["irv"][:15] == 0).all()
    assert (liners["longstring"][15:] == 37).all() and (liners["irv"][15:] > 0).all()
    assert list(flags.loc[ids["out_of_range"], "out_of_range_items"]) == ["q06", "q08, q31", "q40"]
    assert (flags.loc[ids["missing_items"], "missing_share"] >= 0.65).all()
    assert result.item_missing["share_missing"].between(0.005, 0.05).all()


def test_false_positive_rate_over_seeds_is_tiny() -> None:
    """20 x 1,000 clean respondents: the defaults flag (almost) nobody.

    With log-normal durations (sigma 0.3) a clean respondent is a speeder with
    probability Phi(ln 0.3 / 0.3) = 3e-5; longstring >= 36 of 40 realistic
    answers did not occur in these samples.
    """
    flagged = {rule: 0 for rule in RULES}
    for seed in range(20):
        result = screen(_clean(np.random.default_rng(seed)), items=ITEMS, uuid_col="_uuid")
        for rule in RULES:
            flagged[rule] += int(result.flags[rule].sum())
    assert sum(flagged.values()) / 20_000 <= 0.0005, flagged
    assert flagged["straightliner"] == flagged["duplicate_answers"] == flagged["out_of_range"] == 0


# ---------------------------------------------------------------- the demo province
def test_demo_staff_survey_flags_exactly_the_planted_ids() -> None:
    staff = te.load_records(DEMO / "staff_responses.csv", "staff_responses")
    items = list(staff.columns[staff.columns.get_loc("aw1"):staff.columns.get_loc("tr3") + 1])
    assert len(items) == 40
    planted = pd.read_csv(DEMO / "planted.csv", dtype=str)
    planted = planted[planted["effect"] == "staff_quality"].set_index("quantity")["realised_value"]
    liners = set(planted["straight_liners"].split())
    speeders = set(planted["speeders"].split())
    copies = dict(pair.split("=")[::-1] for pair in planted["duplicates"].split())  # copy -> original

    # The generator's duplicates copy every column but respondent_id, so compare them all.
    everything = [c for c in staff.columns if c != "respondent_id"]
    result = screen(staff, items=items, duplicate_cols=everything)
    flags = result.flags.set_index("respondent_id")
    assert set(flags.index[flags["straightliner"]]) == liners
    assert set(flags.index[flags["speeder"]]) == speeders
    assert flags.loc[flags["duplicate_answers"], "duplicate_answers_of"].to_dict() == copies
    assert not flags[["missing_items", "out_of_range"]].to_numpy().any()
    assert flags["any"].sum() == 45

    # On the items alone, straight-liners who chose the same answer (3, 4 or 5 on all 40
    # items) are identical too: every one after the first of each answer is also flagged.
    items_only = screen(staff, items=items).flags.set_index("respondent_id")
    same = items_only["duplicate_answers"]
    answer = staff.set_index("respondent_id").loc[sorted(liners), "aw1"]
    assert set(items_only.index[same]) == set(copies) | (liners - set(answer.groupby(answer).head(1).index))


# ---------------------------------------------------------------- clean() and removed_counts()
def test_clean_removes_only_the_chosen_rules(planted) -> None:
    frame, ids, result = planted
    kept = result.clean(["duplicate_answers", "speeder"])
    dropped = ids["duplicate_answers"] + ids["speeder"] + _repeated_liners(frame, ids)
    assert len(kept) == len(frame) - len(dropped)
    assert kept.index.equals(frame.index[~frame["respondent_id"].isin(dropped)])
    assert len(result.clean("out_of_range")) == len(frame) - 3
    assert len(result.responses) == len(frame)  # nothing dropped by screening


def test_removed_counts_follow_the_order(planted) -> None:
    frame, ids, result = planted
    flow = result.removed_counts(["duplicate_uuid", "duplicate_answers", "straightliner", "speeder"])
    assert list(flow["rule"]) == ["duplicate_uuid", "duplicate_answers", "straightliner", "speeder"]
    repeats = len(_repeated_liners(frame, ids))
    assert 0 < repeats < 20
    assert list(flow["flagged"]) == [5, 15 + repeats, 20, 20]
    assert list(flow["removed"]) == [5, 10 + repeats, 20 - repeats, 20]
    assert flow["remaining"].iloc[-1] == len(frame) - flow["removed"].sum() == len(result.clean(flow["rule"]))


def test_clean_rejects_unknown_or_unchecked_rules(planted) -> None:
    _, _, result = planted
    with pytest.raises(ValueError, match="Unknown screening rule 'speeders'"):
        result.clean(["speeders"])
    with pytest.raises(ValueError, match="'attention' was not checked"):
        result.removed_counts(["attention"])


def test_summary_and_text(planted) -> None:
    frame, _, result = planted
    summary = result.to_frame()
    assert list(summary.columns) == ["rule", "checked", "flagged", "share", "description"]
    assert list(summary["rule"]) == [*RULES, "any"]
    row = summary.set_index("rule").loc["speeder"]
    assert row["flagged"] == 20 and row["share"] == pytest.approx(20 / len(frame))
    assert summary.set_index("rule").loc["any", "flagged"] == result.flags["any"].sum() == len(frame) - 1000
    assert str(result) == result.summary() and "speeder" in str(result) and "Not checked" in str(result)


# ---------------------------------------------------------------- smaller rules
def _small() -> pd.DataFrame:
    return pd.DataFrame({"respondent_id": ["a", "b", "c", "d"], "start": [T0] * 4,
                         "end": T0 + pd.to_timedelta([600, 30, 500, 700], unit="s"),
                         "check": [2, 2, 1, None],
                         "i1": [1, 2, 3, 4], "i2": [2, 3, 4, 5], "i3": [1, np.nan, 5, 3]})


def test_attention_check_and_missing_policy() -> None:
    result = screen(_small(), items=["i1", "i2", "i3"], attention=("check", 2))
    assert list(result.flags["attention"]) == [False, False, True, True]
    passed = screen(_small(), items=["i1", "i2", "i3"], attention=("check", [1, 2]), attention_missing="pass")
    assert not passed.flags["attention"].any()


def test_speeder_thresholds_and_unusable_times() -> None:
    frame = _small()
    assert list(screen(frame, items=["i1", "i2"]).flags["speeder"]) == [False, True, False, False]
    assert list(screen(frame, items=["i1", "i2"], min_seconds=550).flags["speeder"]) == [False, True, True, False]
    frame.loc[0, "end"], frame.loc[2, "start"] = pd.NaT, T0 + pd.Timedelta(hours=1)  # missing; end before start
    result = screen(frame, items=["i1", "i2"])
    assert result.flags["duration_s"].isna().tolist() == [True, False, True, False]
    assert "2 without a usable start/end" in result.rules.set_index("rule").loc["speeder", "description"]
    assert not screen(frame, items=["i1"], start=None).rules.set_index("rule").loc["speeder", "checked"]


def test_longstring_skips_missing_answers_and_irv_rule() -> None:
    frame = pd.DataFrame({"x1": [3, 1, 4], "x2": [3, 2, np.nan], "x3": [np.nan, 3, 4], "x4": [3, 4, 5]})
    flags = screen(frame, items=list(frame), id_col=None, start=None).flags
    assert list(flags["longstring"]) == [3, 1, 2]
    assert list(flags["n_answered"]) == [3, 4, 3]
    assert flags["irv"].tolist() == pytest.approx([0.0, np.std([1, 2, 3, 4], ddof=1), np.std([4, 4, 5], ddof=1)])
    assert list(flags["straightliner"]) == [True, False, False]
    irv = screen(frame, items=list(frame), id_col=None, start=None, irv_min=0.6).flags["straightliner"]
    assert list(irv) == [True, False, True]


# ---------------------------------------------------------------- errors
def test_unknown_items_are_listed() -> None:
    with pytest.raises(te.MissingColumnError, match="2 item column.*i9, i10"):
        screen(_small(), items=["i1", "i9", "i10"])


def test_no_items() -> None:
    with pytest.raises(te.MissingColumnError, match="No item columns"):
        screen(_small(), items=[])


def test_non_numeric_items_name_values_and_rows() -> None:
    frame = _small().astype({"i2": object})
    frame.loc[2, "i2"] = "rất đồng ý"
    with pytest.raises(te.MixedTypeError, match=r"column 'i2'.*'rất đồng ý' \(row 4\).*pd.to_numeric"):
        screen(frame, items=["i1", "i2"])


def test_times_must_be_datetimes() -> None:
    frame = _small().assign(start=lambda d: d["start"].astype(str))
    with pytest.raises(te.DateParseError, match=r"column 'start'.*pd.to_datetime.*start=None"):
        screen(frame, items=["i1"])
    with pytest.raises(te.MissingColumnError, match="'begin'"):
        screen(_small(), items=["i1"], start="begin")


def test_missing_id_or_uuid_column() -> None:
    with pytest.raises(te.MissingColumnError, match="'_uuid' given as uuid_col"):
        screen(_small(), items=["i1"], uuid_col="_uuid")


def test_input_is_not_modified() -> None:
    frame = _small()
    before = frame.copy()
    screen(frame, items=["i1", "i2", "i3"], attention=("check", 2))
    pd.testing.assert_frame_equal(frame, before)


def test_duplicates_agree_with_pandas_on_many_ties() -> None:
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(rng.choice([1.0, 2.0, np.nan], (3000, 4)), columns=["a", "b", "c", "d"])
    frame["g"] = rng.choice(["x", "y"], 3000)
    result = screen(frame, items=["a", "b", "c", "d"], duplicate_cols=["a", "b", "c", "d", "g"], id_col=None,
                    start=None)
    answered = frame[["a", "b", "c", "d"]].notna().any(axis=1)
    assert (result.flags["duplicate_answers"] == (frame.duplicated() & answered)).all()
    first = frame.reset_index().groupby(list(frame), dropna=False)["index"].transform("min")
    dup = result.flags["duplicate_answers"]
    assert (result.flags.loc[dup, "duplicate_answers_of"].astype(int) == first[dup]).all()


def test_bool_items_are_rejected() -> None:
    with pytest.raises(te.MixedTypeError, match="dtype bool"):
        screen(_small().assign(i1=[True, False, True, True]), items=["i1"])


def test_every_rule_has_its_check_in_report_order():
    from tdkt_eval.quality import _RULE_CHECKS, RULES

    assert tuple(_RULE_CHECKS) == RULES
