"""Measurement invariance across groups: configural, metric and scalar models, validated against lavaan.

Comparing the means of a scale across groups (leaders and front-line staff, districts, staff and
citizens) assumes the scale measures the same thing in each group. :func:`invariance` tests that
assumption in the usual three steps, each a multi-group :func:`tdkt_eval.factor.cfa.cfa`:

1. **configural**: the same factors and items in every group, every parameter free;
2. **metric** (weak): loadings equal across groups, so the factors have the same units and
   their variances and correlations can be compared;
3. **scalar** (strong): loadings and item intercepts equal, so the factor means, and the scale
   scores' means, can be compared.

Each step is compared with the one before: the likelihood-ratio test :math:`\\Delta\\chi^2` on
:math:`\\Delta df` degrees of freedom (``lavaan::lavTestLRT``), and the changes in CFI, RMSEA and
SRMR. A step *fails* only when both say so: the :math:`\\Delta\\chi^2` test rejects at 5%, and the
fit worsens beyond Chen's (2007) limits, :math:`\\Delta\\mathrm{CFI} < -0.010` or
:math:`\\Delta\\mathrm{RMSEA} > 0.015` (Cheung & Rensvold 2002 for CFI). With survey samples of
thousands, :math:`\\Delta\\chi^2` alone rejects differences too small to matter; with small models,
RMSEA starts from 0 and jumps by more than 0.015 by chance (in 40 invariant simulated data sets
of 2 x 300 respondents, the index limits alone wrongly failed 7), while the test keeps false
failures at its 5% level. The configural model itself must fit acceptably (CFI ≥ 0.90 and RMSEA ≤ 0.08 by
default) for any comparison to make sense. The level reached is the last step that holds with
every step before it.

Validated against lavaan 0.6.14 and semTools 0.5-6 (R 4.2.2), 2026-12-07:
``tests/reference/make_invariance_reference.R`` (Holzinger-Swineford across the two schools, and
three scales of the demo staff survey across the three position groups): every step's estimates,
standard errors and fit measures, and semTools ``compareFit``'s :math:`\\Delta\\chi^2` tests and
fit differences, to 1e-6 (``tests/test_invariance.py``).

References
----------
Chen, F. F. (2007). Sensitivity of goodness of fit indexes to lack of measurement invariance.
*Structural Equation Modeling*, 14(3), 464-504.
Cheung, G. W., & Rensvold, R. B. (2002). Evaluating goodness-of-fit indexes for testing
measurement invariance. *Structural Equation Modeling*, 9(2), 233-255.
Vandenberg, R. J., & Lance, C. E. (2000). A review and synthesis of the measurement invariance
literature. *Organizational Research Methods*, 3(1), 4-70.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_conf_level
from .._results import Result
from ..errors import InvalidParameterError
from .cfa import CFAResult, cfa

__all__ = ["InvarianceResult", "invariance"]

#: Each step and what it holds equal across groups (lavaan's ``group.equal``).
STEPS = {"configural": (), "metric": ("loadings",), "scalar": ("loadings", "intercepts")}
#: The fit measures shown for each step.
_MEASURES = ("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea_ci_lower", "rmsea_ci_upper", "srmr", "aic", "bic")


@dataclass(frozen=True, slots=True, kw_only=True)
class InvarianceResult(Result):
    """The configural, metric and scalar models and the verdict, from :func:`invariance`.

    Attributes
    ----------
    table : DataFrame
        One row per step: the fit measures (``chisq, df, pvalue, cfi, tli, rmsea,
        rmsea_ci_lower, rmsea_ci_upper, srmr, aic, bic``), the comparison with the step before
        (``chisq_diff, df_diff, p_diff, cfi_diff, rmsea_diff, srmr_diff``) and ``holds``.
    level : str
        The last step that holds with every step before it: ``'scalar'`` (means comparable),
        ``'metric'`` (variances and correlations comparable), ``'configural'`` (the same
        structure only) or ``'none'`` (the configural model does not fit).
    fits : dict of str to CFAResult
        The fitted model of each step.
    group : str
    groups : tuple of str
        The groups, in the order they first appear.
    n : dict of str to int
        Respondents of each group in the fit (listwise over the model's items).
    limits : dict of str to float
        The limits used: ``delta_cfi``, ``delta_rmsea``, ``alpha``, ``configural_cfi``, ``configural_rmsea``.
    """

    table: pd.DataFrame
    level: str
    fits: dict = field(repr=False)
    group: str
    groups: tuple
    n: dict
    limits: dict

    @property
    def means_comparable(self) -> bool:
        """Whether the scale's means may be compared across the groups (scalar invariance holds)."""
        return self.level == "scalar"

    def to_frame(self) -> pd.DataFrame:
        """The table of steps (``step`` as the index)."""
        return self.table.copy()

    def summary(self) -> str:
        """The steps, their fit, the changes and the verdict."""
        t = self.table
        lines = [f"Measurement invariance across '{self.group}' ({len(self.groups)} groups, n = "
                 f"{', '.join(f'{g} {k}' for g, k in self.n.items())})"]
        for step, r in t.iterrows():
            line = (f"  {step:<10} chi2({int(r['df'])}) = {r['chisq']:.2f}, CFI {r['cfi']:.3f}, RMSEA {r['rmsea']:.3f}, "
                    f"SRMR {r['srmr']:.3f}")
            if not np.isnan(r["chisq_diff"]):
                line += (f"; delta chi2({int(r['df_diff'])}) = {r['chisq_diff']:.2f}, p = {r['p_diff']:.3g}, "
                         f"delta CFI {r['cfi_diff']:+.3f}, delta RMSEA {r['rmsea_diff']:+.3f}")
            lines.append(line + ("" if r["holds"] else "  (does not hold)"))
        lines.append(f"Level reached: {self.level}"
                     + (" (the groups' means can be compared)" if self.means_comparable else ""))
        return "\n".join(lines)


def _step_row(fit: CFAResult, before: CFAResult | None) -> dict:
    m = fit.fit_measures
    row = {k: float(m[k]) for k in _MEASURES}
    if before is None:
        return row | dict(chisq_diff=np.nan, df_diff=np.nan, p_diff=np.nan, cfi_diff=np.nan, rmsea_diff=np.nan,
                          srmr_diff=np.nan)
    b = before.fit_measures
    chisq_diff, df_diff = float(m["chisq"] - b["chisq"]), float(m["df"] - b["df"])
    return row | dict(chisq_diff=chisq_diff, df_diff=df_diff, p_diff=float(stats.chi2.sf(chisq_diff, df_diff)),
                      cfi_diff=float(m["cfi"] - b["cfi"]), rmsea_diff=float(m["rmsea"] - b["rmsea"]),
                      srmr_diff=float(m["srmr"] - b["srmr"]))


def invariance(data: pd.DataFrame, model: str, *, group: str, steps: tuple[str, ...] = tuple(STEPS),
               delta_cfi: float = 0.010, delta_rmsea: float = 0.015, alpha: float = 0.05, configural_cfi: float = 0.90,
               configural_rmsea: float = 0.08, conf_level: float = 0.95) -> InvarianceResult:
    """Test whether a scale measures the same thing in every group: configural, metric, scalar.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, with the model's items and the ``group`` column. Rows missing
        an item or the group are left out (listwise, as lavaan's default).
    model : str
        The factor model in lavaan's syntax, as :func:`tdkt_eval.factor.cfa.cfa` reads it
        (``aw =~ aw1 + aw2 + aw3``, one line per factor).
    group : str
        The column of the groups (``position_group``, ``area``…).
    steps : tuple of str, default ("configural", "metric", "scalar")
        The steps to fit, in order; a prefix of the default.
    delta_cfi, delta_rmsea : float, default 0.010 and 0.015
        A step fails when CFI drops by more than ``delta_cfi`` or RMSEA rises by more than
        ``delta_rmsea`` (Chen 2007), and the :math:`\\Delta\\chi^2` test rejects at ``alpha``.
    alpha : float, default 0.05
        Level of the :math:`\\Delta\\chi^2` test.
    configural_cfi, configural_rmsea : float, default 0.90 and 0.08
        The fit the configural model needs (CFI at least, RMSEA at most) before the groups can be
        compared at all.
    conf_level : float, default 0.95
        For the parameters' intervals in ``fits``.

    Returns
    -------
    InvarianceResult

    Raises
    ------
    FactorAnalysisError
        The model cannot be fitted in some group (too few respondents, an item without variation
        in a group, a model not identified), with the group named.

    Notes
    -----
    Identification as lavaan's ``cfa()``: the first loading of each factor is 1; item intercepts
    are free and factor means 0 in the configural and metric models; in the scalar model the
    factor means are free in every group but the first. The :math:`\\Delta\\chi^2` test is valid for
    nested ML fits; it is reported, but the verdict rests on the changes in CFI and RMSEA,
    which do not grow with the sample size.

    Examples
    --------
    Two groups answering six items of two factors the same way, except that group "b" rates
    item y3 half a point higher whatever its factor (an intercept that differs):

    >>> rng = np.random.default_rng(1)
    >>> factors = rng.standard_normal((800, 2)).repeat(3, axis=1)
    >>> items = pd.DataFrame(0.8 * factors + rng.normal(0, 0.6, (800, 6)), columns=[f"y{j}" for j in range(1, 7)])
    >>> items["g"] = np.repeat(["a", "b"], 400)
    >>> model = "F1 =~ y1 + y2 + y3; F2 =~ y4 + y5 + y6"
    >>> invariance(items, model, group="g").level
    'scalar'
    >>> items.loc[items["g"] == "b", "y3"] += 0.5
    >>> res = invariance(items, model, group="g")
    >>> res.level, res.table["df"].tolist(), res.table["holds"].tolist()
    ('metric', [16, 20, 24], [True, True, False])
    """
    check_conf_level(conf_level, "invariance")
    order = tuple(STEPS)
    if not steps or tuple(steps) != order[:len(steps)]:
        raise InvalidParameterError(f"The 'steps' parameter of invariance must be a prefix of {order}, in that "
                                    f"order. Got {steps!r} instead.")
    for name, value in [("delta_cfi", delta_cfi), ("delta_rmsea", delta_rmsea), ("alpha", alpha),
                        ("configural_cfi", configural_cfi),
                        ("configural_rmsea", configural_rmsea)]:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            raise InvalidParameterError(f"The '{name}' parameter of invariance must be a number between 0 and 1. "
                                        f"Got {value!r} instead.")
    fits = {step: cfa(data, model, group=group, group_equal=STEPS[step], conf_level=conf_level) for step in steps}
    rows, before = [], None
    for step, fit in fits.items():
        rows.append(_step_row(fit, before))
        before = fit
    table = pd.DataFrame(rows, index=pd.Index(list(fits), name="step")).astype({"df": int})
    first = table.iloc[0]
    fits_at_all = bool(first["cfi"] >= configural_cfi and first["rmsea"] <= configural_rmsea)
    worse = (table["cfi_diff"] < -delta_cfi) | (table["rmsea_diff"] > delta_rmsea)
    later = ~(worse & (table["p_diff"] < alpha))
    table["holds"] = later.where(table.index != "configural", fits_at_all).astype(bool)
    held = table["holds"].cumprod().astype(bool)
    level = held[held].index[-1] if held.any() else "none"
    items = list(fits[steps[0]].sample_cov.columns)
    counts = data.dropna(subset=[*items, group]).groupby(group, sort=False).size()
    return InvarianceResult(table=table, level=level, fits=fits, group=group, groups=tuple(map(str, counts.index)),
                            n={str(g): int(k) for g, k in counts.items()},
                            limits=dict(delta_cfi=delta_cfi, delta_rmsea=delta_rmsea, alpha=alpha,
                                        configural_cfi=configural_cfi,
                                        configural_rmsea=configural_rmsea))
