"""One vocabulary of options (docs/api-conventions.md), checked on every public signature.

The walk covers the callables that ``tdkt_eval`` exports and those of the subpackages formality,
indices and rewards, and the public methods of their classes (exceptions and the generated
``__init__`` of result dataclasses aside: results are records, not calls).  It then checks that
the old spellings still work for one release: a FutureWarning that names the new keyword, the
same numbers, and an error when both spellings are given.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import warnings

import numpy as np
import pandas as pd
import pytest

import tdkt_eval as te
from tdkt_eval._args import Rename
from tdkt_eval.reliability import reliability

SUBPACKAGES = ("formality", "indices", "rewards")

#: Old spellings of the vocabulary; none of them may name a parameter today.
RETIRED = {"ci", "bootstrap", "n_boot", "n_sim", "n_runs", "n_iter", "num_perm", "na_rm", "targets", "raters",
           "ratings_col", "units_col", "values_col"}
#: Parameters whose name is a retired spelling with another meaning, and why.
OTHER_MEANING = {
    ("normalise", "targets"): "target values of distance-to-target normalisation, not a column role",
    ("composite", "targets"): "target values of distance-to-target normalisation, not a column role",
    ("uncertainty", "targets"): "target values of distance-to-target normalisation, not a column role",
    ("flag_rotation", "alpha"): "the size of a test (rotating when p < alpha), not an interval's level",
    ("invariance", "alpha"): "the size of the delta chi-square test of each step, not an interval's level",
}
#: Options still accepted by position: a lang switch of the io package.  (The options of result
#: methods, summary(digits=) and DepthResult.to_frame(level=), are keyword-only since the result
#: protocol; by position they warn.)
POSITIONAL_OPTIONS = {("check_directory", "lang")}
INTERVAL_WORDS = re.compile(r"confidence level|coverage of the|level of the intervals?", re.I)


def _public_callables() -> dict[str, object]:
    found = {}
    exported = {te: sorted(set(te.__all__) | set(te._WHERE))}  # _WHERE: also te.reliability, not in __all__
    exported.update({getattr(te, name): getattr(te, name).__all__ for name in SUBPACKAGES})
    for module, names in exported.items():
        for name in names:
            obj = getattr(module, name)
            if inspect.ismodule(obj):  # te.reliability is shadowed by its module once that is imported
                obj = getattr(obj, name, None)
            if inspect.isfunction(obj):
                found[obj.__qualname__] = obj
            elif inspect.isclass(obj) and not issubclass(obj, BaseException):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") and not (attr == "__init__" and not dataclasses.is_dataclass(obj)):
                        continue
                    member = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
                    if inspect.isfunction(member):
                        found[member.__qualname__.replace(".__init__", "")] = member
    return found


CALLABLES = _public_callables()


def _documented(func: object) -> dict[str, str]:
    """Parameter name -> its description, from the numpydoc Parameters section."""
    doc = inspect.getdoc(func) or ""
    section = re.search(r"Parameters\n-+\n(.*?)(?:\n\n[A-Z][a-z]+\n-+\n|\Z)", doc, re.S)
    described, current = {}, None
    for line in (section.group(1) if section else "").splitlines():
        if line and not line[0].isspace():
            current = [n.strip() for n in line.split(":")[0].split(",")]
            for name in current:
                described[name] = ""
        elif current:
            for name in current:
                described[name] += " " + line.strip()
    return described


def _params(qualname: str):
    return inspect.signature(CALLABLES[qualname]).parameters.values()


def test_the_walk_finds_the_public_api():
    assert {"icc", "krippendorff_alpha", "reliability", "Design.mean", "Design.proportion", "depth_index",
            "uncertainty", "inspection_rates", "leniency", "flag_rotation", "representation",
            "reward_model"} <= set(CALLABLES)


@pytest.mark.parametrize("qualname", sorted(CALLABLES))
def test_no_retired_spelling(qualname):
    short = qualname.rsplit(".", 1)[-1]
    for p in _params(qualname):
        if (short, p.name) in OTHER_MEANING:
            continue
        assert p.name not in RETIRED, f"{qualname}({p.name}=...): use the names of docs/api-conventions.md"
        assert p.name != "alpha", f"{qualname}(alpha=...): an interval level is conf_level"
        is_level = isinstance(p.default, float) and p.name == "level"
        assert not is_level, f"{qualname}(level={p.default}): an interval level is conf_level"


@pytest.mark.parametrize("qualname", sorted(CALLABLES))
def test_interval_levels_are_conf_level(qualname):
    for name, text in _documented(CALLABLES[qualname]).items():
        if INTERVAL_WORDS.search(text) and name in {p.name for p in _params(qualname)}:
            assert name == "conf_level", f"{qualname}({name}=...) is described as an interval level: {text.strip()}"


@pytest.mark.parametrize("qualname", sorted(CALLABLES))
def test_seeds_default_to_zero_and_missing_is_a_named_policy(qualname):
    for p in _params(qualname):
        if p.name == "seed":
            assert p.default == 0 and not isinstance(p.default, bool), f"{qualname}(seed={p.default!r})"
        if p.name == "missing":
            assert isinstance(p.default, str) and p.default != "error", f"{qualname}(missing={p.default!r})"
            assert p.kind is p.KEYWORD_ONLY, f"{qualname}: missing must be keyword-only"


@pytest.mark.parametrize("qualname", sorted(CALLABLES))
def test_options_are_keyword_only(qualname):
    """A parameter with a default other than None (optional data) is an option: keyword-only."""
    short = ".".join(qualname.split(".")[-2:]) if "." in qualname else qualname
    for p in _params(qualname):
        if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is not p.empty and p.default is not None:
            assert (short, p.name) in POSITIONAL_OPTIONS, f"{qualname}: make '{p.name}' keyword-only (after '*')"


def test_every_rename_points_at_a_parameter_that_exists():
    renames = {q: f.__renamed__ for q, f in CALLABLES.items() if getattr(f, "__renamed__", None)}
    assert len(renames) >= 15
    for qualname, table in renames.items():
        names = {p.name for p in _params(qualname)}
        for old, rename in table.items():
            assert isinstance(rename, Rename)
            assert rename.new in names and old not in names, (qualname, old, rename.new)


# ---------------------------------------------------------------------------- old spellings
SF = pd.DataFrame({"J1": [9, 6, 8, 7, 10, 6], "J2": [2, 1, 4, 1, 5, 2],
                   "J3": [5, 3, 6, 2, 6, 4], "J4": [8, 2, 8, 6, 9, 7]}, dtype=float)


def _long(wide: pd.DataFrame) -> pd.DataFrame:
    return wide.rename_axis("who").reset_index().melt(id_vars="who", var_name="by", value_name="score")


def _survey() -> pd.DataFrame:
    rng = np.random.default_rng(15)
    df = pd.DataFrame({"y": rng.normal(3, 1, 60), "ok": rng.choice(["Yes", "No"], 60), "w": rng.uniform(1, 3, 60)})
    df.loc[[3, 17], "y"] = np.nan
    return df


def _items() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    f = rng.normal(size=(120, 1))
    return pd.DataFrame(np.clip(np.rint(3 + f + rng.normal(size=(120, 4))), 1, 5), columns=list("abcd"))


def _coverage():
    units = pd.DataFrame({"unit_id": [f"U{i}" for i in range(8)], "district": list("AABBCCDD")})
    coverage = pd.DataFrame({"unit_id": list(units["unit_id"]) * 5,
                             "n_inspections": np.random.default_rng(1).poisson(1.0, 40)})
    return coverage, units


def _indicators() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(rng.uniform(1, 5, (6, 3)), columns=list("abc"), index=[f"U{i}" for i in range(6)])


# (old call, new call, what to compare, the new keyword the warning must name)
CASES = {
    "icc ci, targets, raters, ratings_col": (
        lambda: te.icc(_long(SF), targets="who", raters="by", ratings_col="score", ci=0.9),
        lambda: te.icc(_long(SF), unit="who", rater="by", value="score", conf_level=0.9),
        lambda r: r.to_frame()[["icc", "ci_low", "ci_high"]].to_numpy(), "conf_level"),
    "krippendorff_alpha level, n_boot, units, raters, values": (
        lambda: te.krippendorff_alpha(_long(SF), units="who", raters="by", values="score", level="interval",
                                      n_boot=50),
        lambda: te.krippendorff_alpha(_long(SF), unit="who", rater="by", value="score", metric="interval",
                                      n_resamples=50),
        lambda r: np.array([r.alpha, *r.ci]), "metric"),
    "reliability ci, bootstrap": (
        lambda: reliability(_items(), ci=0.9, bootstrap=30),
        lambda: reliability(_items(), conf_level=0.9, n_resamples=30),
        lambda r: np.array([*r.alpha_ci, *r.alpha_boot_ci]), "n_resamples"),
    "Design.mean na_rm": (
        lambda: te.Design(_survey(), weights="w").mean("y", na_rm=True),
        lambda: te.Design(_survey(), weights="w").mean("y", missing="drop"),
        lambda r: np.array([r.estimate, r.se]), "missing"),
    "Design.proportion level": (
        lambda: te.Design(_survey(), weights="w").proportion("ok", level="Yes"),
        lambda: te.Design(_survey(), weights="w").proportion("ok", category="Yes"),
        lambda r: np.array([r.estimate, r.se]), "category"),
    "inspection_rates alpha (converted)": (
        lambda: te.formality.inspection_rates(*_coverage(), by="district", alpha=0.1),
        lambda: te.formality.inspection_rates(*_coverage(), by="district", conf_level=0.9),
        lambda r: r[["rate_low", "rate_high", "rate_ratio_low", "rate_ratio_high"]].to_numpy(), "conf_level"),
    "uncertainty n_runs, level": (
        lambda: te.indices.uncertainty(_indicators(), n_runs=50, level=0.8),
        lambda: te.indices.uncertainty(_indicators(), n_resamples=50, conf_level=0.8),
        lambda r: r.units.to_numpy(), "n_resamples"),
    "normalise method by position": (
        lambda: te.indices.normalise(_indicators(), "rank"),
        lambda: te.indices.normalise(_indicators(), method="rank"),
        lambda r: r.to_numpy(), "method"),
    "aggregate missing='error'": (
        lambda: te.indices.aggregate(_indicators(), missing="error"),
        lambda: te.indices.aggregate(_indicators(), missing="raise"),
        lambda r: r.to_numpy(), "raise"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_old_spelling_warns_names_the_new_one_and_gives_the_same_numbers(case):
    old, new, numbers, keyword = CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        expected = numbers(new())          # the new spelling is silent
    with pytest.warns(FutureWarning) as caught:
        got = numbers(old())
    futures = [w for w in caught if issubclass(w.category, FutureWarning)]
    assert any(f"'{keyword}'" in str(w.message) for w in futures), [str(w.message) for w in futures]
    assert {w.filename for w in futures} == {__file__}, "the warning should point at the caller's line"
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("call", [
    lambda: te.icc(SF, ci=0.9, conf_level=0.9),
    lambda: te.krippendorff_alpha(SF, level="ordinal", metric="ordinal", n_resamples=0),
    lambda: te.Design(_survey()).mean("y", na_rm=True, missing="drop"),
    lambda: te.formality.inspection_rates(*_coverage(), alpha=0.05, conf_level=0.95),
    lambda: te.indices.uncertainty(_indicators(), n_runs=50, n_resamples=50),
], ids=["icc", "krippendorff_alpha", "Design.mean", "inspection_rates", "uncertainty"])
def test_both_spellings_together_raise(call):
    with pytest.raises(te.InvalidParameterError, match="both"):
        call()


def test_alpha_converts_to_conf_level():
    with pytest.warns(FutureWarning, match=r"conf_level = 1 - alpha"):
        old = te.formality.inspection_rates(*_coverage(), by="district", alpha=0.01)
    new = te.formality.inspection_rates(*_coverage(), by="district", conf_level=0.99)
    pd.testing.assert_frame_equal(old, new, rtol=1e-12)
    wider = te.formality.inspection_rates(*_coverage(), by="district", conf_level=0.95)
    assert (new["rate_high"] > wider["rate_high"]).all()  # 99% is wider than 95%: the value was converted


@pytest.mark.parametrize(("call", "name"), [
    (lambda: te.icc(SF, conf_level=1.5), "conf_level"),
    (lambda: te.krippendorff_alpha(SF, n_resamples=-1), "n_resamples"),
    (lambda: te.krippendorff_alpha(SF, seed=-2, n_resamples=0), "seed"),
    (lambda: te.Design(_survey()).mean("y", missing="ignore"), "missing"),
    (lambda: te.indices.uncertainty(_indicators(), n_resamples=5), "n_resamples"),
], ids=["conf_level", "n_resamples", "seed", "missing", "n_resamples-minimum"])
def test_shared_checks_name_the_parameter(call, name):
    with pytest.raises(te.InvalidParameterError, match=f"'{name}' parameter"):
        call()


@pytest.mark.parametrize("call", [
    lambda: te.reliability([[1, 2], [2, 3]]),
    lambda: te.screen([[1, 2], [2, 3]], items=["q1", "q2"]),
    lambda: te.formality.inspection_coverage([["U1", "2024-05-01"]], pd.DataFrame({"unit_id": ["U1"]}), [2024]),
], ids=["reliability", "screen", "inspection_coverage"])
def test_a_list_where_a_frame_is_wanted_is_an_argument_type_error(call):
    with pytest.raises(te.InvalidArgumentTypeError, match="DataFrame") as err:
        call()
    assert isinstance(err.value, TypeError) and isinstance(err.value, te.InvalidParameterError)
