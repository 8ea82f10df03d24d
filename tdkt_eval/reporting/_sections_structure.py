"""The structure of the depth scales: does the factor model fit, and can areas be compared on it?

The depth index compares areas on the staff questionnaire's depth constructs. That comparison is
fair only when the questions measure the same thing in every area (scalar invariance). This part
of the scales section fits the constructs' factor model (:func:`tdkt_eval.factor.cfa.cfa`) and
tests it across the areas (:func:`tdkt_eval.factor.invariance.invariance`); the depth section
then says whether its comparison of areas rests on invariance that was shown.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import pandas as pd

from ..depth.index import DEPTH_CONSTRUCTS
from ..errors import TdktInputError
from ..factor.cfa import cfa
from ..factor.invariance import InvarianceResult, invariance
from ..io.instruments import load_instrument
from ._sections_data import screened_staff
from .artifacts import P_VALUE, ReportSection

if TYPE_CHECKING:  # the campaign imports the sections, never the other way round
    from .campaign import Campaign

__all__ = ["depth_invariance", "structure"]

#: Complete answers an area needs to enter the invariance models (a group of fewer gives unstable fits).
MIN_GROUP = 50
#: Fit the depth constructs' one-group model needs to be called adequate (Hu & Bentler 1999, lenient).
_CFI_OK, _RMSEA_OK = 0.90, 0.08


@functools.cache
def depth_model() -> tuple[str, tuple[str, ...]]:
    """The depth constructs' factor model in lavaan syntax, and its items, from the staff questionnaire."""
    constructs = load_instrument("staff").constructs()
    lines, items = [], []
    for name in DEPTH_CONSTRUCTS:
        lines.append(f"{name} =~ {' + '.join(constructs[name])}")
        items += constructs[name]
    return "\n".join(lines), tuple(items)


def depth_invariance(c: Campaign) -> tuple[InvarianceResult | None, list[str], TdktInputError | None]:
    """The invariance of the depth constructs across areas, the areas left out, and the data problem that
    stopped the fits; computed once, a failure included, for the scales section and the depth index."""
    def compute(c: Campaign):
        model, items = depth_model()
        staff = screened_staff(c)
        if "area" not in staff or not set(items) <= set(staff.columns):
            return None, [], None
        complete = staff.dropna(subset=[*items, "area"])
        sizes = complete["area"].value_counts()
        small = sorted(map(str, sizes[sizes < MIN_GROUP].index))
        kept = complete[complete["area"].isin(sizes[sizes >= MIN_GROUP].index)]
        if kept["area"].nunique() < 2:
            return None, small, None
        try:
            return invariance(kept, model, group="area"), small, None
        except TdktInputError as exc:
            return None, small, exc
    return c.cached("depth_invariance", compute)


def _fit_text(c: Campaign, fit: pd.Series) -> str:
    return f"CFI {c.num(fit['cfi'])}, RMSEA {c.num(fit['rmsea'])}, SRMR {c.num(fit['srmr'])}"


def _one_group(c: Campaign, section: ReportSection) -> None:
    model, _ = depth_model()
    fit = cfa(screened_staff(c), model).fit_measures
    good = fit["cfi"] >= _CFI_OK and fit["rmsea"] <= _RMSEA_OK
    section.findings.append(c.finding("f_structure", _fit_text(c, fit),
                                      c.t("r_structure_ok" if good else "r_structure_poor"), concern=not good))


def _across_areas(c: Campaign, section: ReportSection) -> None:
    c.area_column(screened_staff(c))       # no place in the data: the part says so
    result, small, problem = depth_invariance(c)
    if problem is not None:
        raise problem                      # the part's note says what stopped the fits
    area = c.area.label(c.lang).lower() if c.lang == "en" else c.area.label(c.lang)
    if result is None:
        section.notes.append(c.t("invariance_not_run", area=area, k=MIN_GROUP))
        return
    table = result.table.reset_index()[["step", "chisq", "df", "cfi", "rmsea", "srmr", "cfi_diff", "rmsea_diff",
                                        "p_diff", "holds"]]
    note = c.t("invariance_note") + (" " + c.t("invariance_small", n=len(small), area=area, k=MIN_GROUP)
                                      if small else "")
    section.items.append(c.table(table, "invariance", c.t("invariance_caption", area=area), note=note,
                                 decimals={"chisq": 1, "cfi": 3, "rmsea": 3, "srmr": 3, "cfi_diff": 3,
                                           "rmsea_diff": 3, "p_diff": P_VALUE}))
    section.findings.append(c.finding("f_invariance", c.t(f"invariance_{result.level}"),
                                      c.t(f"r_invariance_{result.level}", area=area),
                                      concern=not result.means_comparable))


def structure(c: Campaign, section: ReportSection) -> None:
    """Append the factor model's fit and its invariance across areas to the scales section."""
    c.run_parts(section, ((("staff_responses",), _one_group), (("staff_responses",), _across_areas)))
