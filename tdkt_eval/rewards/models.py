"""Do rewards follow performance or position?  A logistic GEE of who is rewarded each year.

Domain row 6 ("rewards are not tied to emulation results; they go by feeling") and row 5
("rewards go to leaders"): at equal performance, are leaders, men, the state sector or
normal areas more likely to be rewarded?
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import special, stats

from .._args import check_choice, check_conf_level, check_missing, old_value, renamed, require_columns
from .._messages import Text
from .._results import Result
from ..errors import (
    DataQualityWarning,
    DuplicateKeyError,
    InconsistentValuesError,
    InvalidParameterError,
    MissingValueError,
    NotEstimableError,
)
from ..i18n import label

_check = partial(check_choice, func="reward_model")

__all__ = ["LEVEL_ORDER", "RewardModelResult", "reward_model"]

#: Levels of each factor, reference level first (frontline, male, state, normal, completed).
LEVEL_ORDER = {
    "annual_rating": ("completed", "not_completed", "good", "excellent"),
    "position_group": ("frontline", "manager", "leader"),
    "gender": ("male", "female"),
    "sector": ("state", "non_state"),
    "area_type": ("normal", "disadvantaged"),
}
PERFORMANCE = ("annual_rating", "achievement_score")
LEADER_TERM = "position_group[T.leader]"


@dataclass(frozen=True, slots=True, kw_only=True)
class RewardModelResult(Result):
    """Result of :func:`reward_model`.

    Attributes
    ----------
    odds_ratios : DataFrame
        One row per model term: ``term`` (statsmodels name, e.g. ``position_group[T.leader]``),
        ``log_odds``, ``se`` (robust, of ``log_odds``), ``odds_ratio``, ``ci_low``, ``ci_high``,
        ``p_value`` (Wald).  The ``Intercept`` row gives the odds of the reference person.
    marginal : DataFrame
        Average predicted probability of a reward with everyone set to each level of each factor:
        ``variable``, ``level``, ``probability``, ``se``, ``ci_low``, ``ci_high``.
    leader_premium : Series
        ``odds_ratio``, ``ci_low``, ``ci_high``, ``p_value`` of leader vs front-line worker
        (NaN when the formula has no ``position_group``).
    n, n_clusters, n_rewarded : int
        Person-years, clusters (units) and rewarded person-years in the fit.
    formula, cov_struct, cov_type : str
    conf_level : float
    fit : statsmodels GEEResults
        The fitted model, for anything not summarised here.
    """

    odds_ratios: pd.DataFrame
    marginal: pd.DataFrame
    leader_premium: pd.Series
    n: int
    n_clusters: int
    n_rewarded: int
    formula: str
    cov_struct: str
    cov_type: str
    conf_level: float = 0.95
    fit: object = field(repr=False, default=None)

    def to_frame(self) -> pd.DataFrame:
        """The odds-ratio table (a copy)."""
        return self.odds_ratios.copy()

    def summary(self) -> str:
        """Text: the model, the leader premium and the odds ratios; also what ``str()`` shows."""
        lp = self.leader_premium
        lines = [f"Logistic GEE ({self.cov_struct}, {self.cov_type} SE): {self.formula}",
                 f"  n = {self.n} person-years ({self.n_rewarded} rewarded), {self.n_clusters} clusters",
                 f"  leader premium: OR {lp['odds_ratio']:.3f}, {self.conf_level:.0%} CI "
                 f"[{lp['ci_low']:.3f}, {lp['ci_high']:.3f}], p = {lp['p_value']:.3g}"]
        for r in self.odds_ratios.itertuples(index=False):
            lines.append(f"  {r.term:<40} {r.odds_ratio:8.3f} [{r.ci_low:.3f}, {r.ci_high:.3f}]  p = {r.p_value:.3g}")
        return "\n".join(lines)



def _rows(mask: np.ndarray) -> list[int]:
    return [int(i) + 2 for i in np.flatnonzero(mask)]


def _listing(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:5])) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")


def _rewarded(personnel: pd.DataFrame, rewards: pd.DataFrame, annual_only: bool) -> np.ndarray:
    """1 for person-years with an individual (non ad-hoc if ``annual_only``) reward, else 0."""
    require_columns(personnel, ["person_id", "year"], "personnel")
    require_columns(rewards, ["recipient_type", "recipient_id", "year"] + (["ad_hoc"] if annual_only else []), "rewards")
    for table, frame, cols in (("personnel", personnel, ["person_id", "year"]),
                               ("rewards", rewards, ["recipient_id", "year"])):
        if (blank := frame[cols].isna().any(axis=1).to_numpy()).any():
            raise MissingValueError(f"{int(blank.sum())} rows of {table} have no {' or '.join(cols)} "
                                    f"(rows {_listing(_rows(blank))}).", fix="Fill them in or drop those rows.",
                                    column=cols[0], rows=_rows(blank))
    key = pd.MultiIndex.from_arrays([personnel["person_id"].astype(str), personnel["year"].astype("int64")])
    dup = key.duplicated(keep=False)
    if dup.any():
        raise DuplicateKeyError(f"The personnel table lists a person twice in one year (rows {_listing(_rows(dup))}).",
                                fix="Keep one row per person_id and year.", column="person_id", rows=_rows(dup))
    use = (rewards["recipient_type"] == "individual").fillna(False).to_numpy(bool)
    if annual_only:
        blank = use & rewards["ad_hoc"].isna().to_numpy()
        if blank.any():
            raise MissingValueError(f"{int(blank.sum())} individual rewards have no ad_hoc value "
                                    f"(rows {_listing(_rows(blank))}).",
                                    fix="Fill in ad_hoc (blank is not 'no'), or pass annual_only=False.",
                                    column="ad_hoc", rows=_rows(blank))
        use = use & ~rewards["ad_hoc"].fillna(True).to_numpy(bool)
    got = pd.MultiIndex.from_arrays([rewards.loc[use, "recipient_id"].astype(str),
                                     rewards.loc[use, "year"].astype("int64")])
    stray = np.zeros(len(rewards), bool)
    stray[np.flatnonzero(use)] = ~got.isin(key)
    if stray.any():
        ids = _describe_pairs(rewards["recipient_id"].to_numpy()[stray], rewards["year"].to_numpy()[stray])
        raise InconsistentValuesError(f"{int(stray.sum())} individual rewards go to people who are not in the "
                                      f"personnel roster that year: {ids} (rows {_listing(_rows(stray))}).",
                                      fix="Add those person-years to personnel, correct recipient_id or year, "
                                          "or drop those rewards.", column="recipient_id", rows=_rows(stray))
    return key.isin(got).astype(float)


def _describe_pairs(ids: np.ndarray, years: np.ndarray) -> str:
    pairs = [f"{i} ({y})" for i, y in zip(ids[:5], years[:5])]
    return ", ".join(pairs) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")


def _factor(s: pd.Series, name: str) -> pd.Categorical:
    """Categorical with the reference level first; a warning when the usual reference is absent."""
    seen = set(s.dropna().astype(str).unique())
    order = [v for v in LEVEL_ORDER.get(name, ()) if v in seen] + sorted(seen - set(LEVEL_ORDER.get(name, ())))
    ref = LEVEL_ORDER.get(name, (None,))[0]
    if ref is not None and seen and ref not in seen:
        warnings.warn(DataQualityWarning(Text(
            "Reference level {ref} of {name} does not occur; {other} is the reference instead.",
            "Mức tham chiếu “{ref_vi}” của biến {name_vi} không có trong dữ liệu; dùng “{other_vi}” làm mức tham "
            "chiếu.",
            {"ref": repr(ref), "name": name, "other": repr(order[0]), "ref_vi": label(ref, "vi"),
             "name_vi": label(name, "vi").lower(), "other_vi": label(order[0], "vi")})), stacklevel=4)
    return pd.Categorical(s.astype(object).where(s.notna(), None), categories=order)


def _model_frame(personnel: pd.DataFrame, rewarded: np.ndarray, used: list[str], cluster: str,
                 missing: str) -> pd.DataFrame:
    df = pd.DataFrame(index=pd.RangeIndex(len(personnel)))
    for col in dict.fromkeys(used + [cluster]):
        s = personnel[col].reset_index(drop=True)
        if col in LEVEL_ORDER:
            df[col] = _factor(s, col)
        elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            df[col] = s.to_numpy(dtype=float, na_value=np.nan)
        else:
            df[col] = s.astype(object).where(s.notna(), None)
    df["rewarded"] = rewarded
    blank = df[used + [cluster]].isna().any(axis=1).to_numpy()
    if blank.any() and missing == "raise":
        cols = [c for c in used + [cluster] if df[c].isna().any()]
        raise MissingValueError(f"{int(blank.sum())} person-years have no {', '.join(map(repr, cols))} "
                                f"(rows {_listing(_rows(blank))}).",
                                fix="Fill them in, or pass missing='drop' to leave those person-years out.",
                                column=cols[0], rows=_rows(blank))
    df = df[~blank]
    for col in df.columns:
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].cat.remove_unused_categories()
    return df


def _marginal(fit, df: pd.DataFrame, factors: list[str], used: list[str], ci: float) -> pd.DataFrame:
    """Average predicted probability with everyone set to each level (delta-method SE, logit CI)."""
    # statsmodels' own path from a formula to a prediction design matrix (patsy or formulaic)
    from statsmodels.formula._manager import FormulaManager

    beta, cov, n = np.asarray(fit.params), np.asarray(fit.cov_params()), len(df)
    parts = []
    for var in factors:  # one design matrix per factor: its levels stacked
        levels = df[var].cat.categories
        stacked = pd.concat([df[used].assign(**{var: pd.Categorical([lv] * n, categories=levels)}) for lv in levels],
                            ignore_index=True)
        x = np.asarray(FormulaManager().get_matrices(fit.model.data.model_spec, stacked), dtype=float)
        x = x.reshape(len(levels), n, -1)
        p = special.expit(x @ beta)
        grad = np.einsum("ln,lnk->lk", p * (1 - p), x) / n
        parts.append(pd.DataFrame({"variable": var, "level": levels.astype(str), "probability": p.mean(axis=1),
                                   "se": np.sqrt(np.einsum("lk,kj,lj->l", grad, cov, grad))}))
    if not parts:
        return pd.DataFrame(columns=["variable", "level", "probability", "se", "ci_low", "ci_high"])
    out = pd.concat(parts, ignore_index=True)
    m = out["probability"]
    half = stats.norm.ppf(0.5 + ci / 2) * out["se"] / (m * (1 - m))
    return out.assign(ci_low=special.expit(special.logit(m) - half), ci_high=special.expit(special.logit(m) + half))


#: Terms of the default formula a personnel table may lack: the model runs without them.
_OPTIONAL_TERMS = {"gender": ("gender", "giới tính"), "sector": ("sector", "khu vực"),
                   "area_type": ("area type", "loại địa bàn"), "annual_rating": ("annual rating", "xếp loại"),
                   "achievement_score": ("achievement score", "điểm thành tích")}


def _default_terms(personnel: pd.DataFrame, perf: list[str], cluster: str) -> list[str]:
    """The default formula's terms: absent optional columns and single-level factors are left out, with a warning.

    ``position_group`` and the cluster are required, and so is at least one performance control.
    """
    present = [p for p in perf if p in personnel.columns]
    require_columns(personnel, [present[0] if present else perf[0], "position_group", cluster], "personnel")
    terms = []
    for col in [*perf, "position_group", "gender", "sector", "area_type"]:
        en, vi = _OPTIONAL_TERMS.get(col, (col, col))
        if col not in personnel.columns:
            warnings.warn(DataQualityWarning(Text(
                "The personnel table has no {col} column; the model leaves out the {en} term.",
                "Bảng nhân sự không có cột {vi}; mô hình bỏ biến này.", {"col": f"'{col}'", "en": en,
                                                                          "vi": f"'{vi}'"})), stacklevel=4)
        elif col in LEVEL_ORDER and personnel[col].dropna().nunique() < 2:
            warnings.warn(DataQualityWarning(Text(
                "{col} has a single value in personnel; it is left out of the model.",
                "Cột '{vi}' của bảng nhân sự chỉ có một giá trị; mô hình bỏ biến này.",
                {"col": col, "vi": vi})), stacklevel=4)
        else:
            terms.append(col)
    return terms


@renamed(ci="conf_level")
def reward_model(personnel: pd.DataFrame, rewards: pd.DataFrame, *, formula: str | None = None,
                 performance: Literal["annual_rating", "achievement_score"] | Sequence[str] = "annual_rating",
                 cluster: str = "unit_id", annual_only: bool = True,
                 cov_struct: Literal["independence", "exchangeable"] = "independence",
                 cov_type: Literal["robust", "bias_reduced"] = "robust",
                 missing: Literal["raise", "drop"] = "raise", conf_level: float = 0.95) -> RewardModelResult:
    """Logistic GEE of "rewarded this year" on performance, position, gender, sector and area.

    Parameters
    ----------
    personnel : DataFrame
        The person-year roster (``person_id``, ``unit_id``, ``year``, ``position_group``,
        ``gender``, ``sector``, ``area_type``, ``annual_rating``, ``achievement_score``).
    rewards : DataFrame
        The ``rewards`` table.  A person-year is rewarded when it has at least one individual
        reward (not ad hoc, if ``annual_only``) that year.
    formula : str, optional
        A statsmodels formula with response ``rewarded`` over the personnel columns.  Default:
        ``rewarded ~ <performance> + position_group + gender + sector + area_type``; factors
        with a single level in the data are left out, with a :class:`DataQualityWarning`.
    performance : {"annual_rating", "achievement_score"} or both, default "annual_rating"
        The performance control(s) of the default formula.
    cluster : str, default "unit_id"
        Cluster column: person-years in one unit are correlated.
    annual_only : bool, default True
        Leave ad-hoc rewards out of the outcome (they reward a deed, not the year). When
        ``rewards`` has no ``ad_hoc`` column every individual reward counts, with a
        :class:`DataQualityWarning`. Likewise a default-formula term whose personnel column
        (``gender``, ``sector``, ``area_type``, one of two performance controls) is absent is
        left out with a warning; ``position_group`` and one performance control are required.
    cov_struct : {"independence", "exchangeable"}, default "independence"
        Working correlation (see Notes).
    cov_type : {"robust", "bias_reduced"}, default "robust"
        Sandwich covariance; ``"bias_reduced"`` (Mancl & DeRouen) for fewer than about 40 clusters.
    missing : {"raise", "drop"}, default "raise"
        Blank model variables: raise, listing the rows, or leave those person-years out
        (``"error"``, the former spelling of ``"raise"``, still works with a FutureWarning).
    conf_level : float, default 0.95
        Confidence level of the intervals (formerly ``ci``).

    Returns
    -------
    RewardModelResult

    Raises
    ------
    InconsistentValuesError
        Individual rewards go to person-years missing from ``personnel`` (rows listed).
    DuplicateKeyError, MissingColumnError, MissingValueError, InvalidParameterError

    Notes
    -----
    The marginal model is :math:`\\operatorname{logit} P(y_{it} = 1) = x_{it}^\\top \\beta` for
    person-year :math:`it`, with reference levels frontline, male, state, normal and rating
    "completed".  :math:`\\beta` solves the GEE
    :math:`\\sum_u D_u^\\top V_u^{-1} (y_u - \\mu_u) = 0` over units :math:`u`, and
    :math:`\\mathrm{Var}(\\hat\\beta)` is the sandwich
    :math:`B^{-1} (\\sum_u D_u^\\top V_u^{-1} r_u r_u^\\top V_u^{-1} D_u) B^{-1}`, valid
    whatever the true correlation within units.  Odds ratios are population-averaged.

    *Working correlation.*  Independence is the default: its estimates equal ordinary logistic
    regression (which a council office can reproduce), they stay consistent when unit-level
    influences are correlated with individual covariates (exchangeable GEE additionally needs
    Pepe & Anderson's full-covariate condition), and the efficiency lost is small when, as here,
    covariates vary within units and the intra-unit correlation is small.  Exchangeable is offered.
    Validated: independence-GEE estimates and SEs equal statsmodels ``GLM`` with cluster-robust
    covariance (``use_correction=False``); the leader-premium test holds its 5% size under
    random unit effects in simulation (``tests/test_rewards_models.py``).
    *Exchangeable is not geepack's.*  statsmodels estimates the exchangeable correlation as the
    sum of within-unit products of Pearson residuals over (number of pairs - number of
    parameters), the residuals scaled by a dispersion estimated with N - p; R geepack's moment
    estimator differs in these corrections.  In an audit on simulated data the correlation was
    0.04512 here against 0.04549 in geepack, and estimates differed by about 4e-4; with
    independence (the default) there is no such parameter and R is matched to 1e-7.

    *When the data cannot answer.*  No reward, or only rewards, among the person-years, or a
    single cluster, raise :class:`~tdkt_eval.errors.NotEstimableError`.  Fewer than
    :data:`FEW_CLUSTERS` clusters with ``cov_type="robust"`` warn and recommend
    ``"bias_reduced"``.  A level in which everyone or no one was rewarded (separation) warns,
    and its odds ratio is reported as infinity or 0 with an interval open on that side and no
    p-value, not as the number where the optimiser stopped.

    *Marginal probabilities.*  For level :math:`l` of a factor, every person-year is set to
    :math:`l` and :math:`\\bar p_l = \\frac1n\\sum_i \\operatorname{expit}(x_{i,l}^\\top\\hat\\beta)`;
    its SE is the delta method :math:`g^\\top \\hat V g`,
    :math:`g = \\frac1n\\sum_i \\bar p_{il}(1-\\bar p_{il}) x_{i,l}`, and the interval is built on
    the logit scale and transformed back.

    *No mixed model.*  statsmodels has no frequentist logistic GLMM; its
    ``BinomialBayesMixedGLM`` is a variational-Bayes fit whose mean-field posterior understates
    uncertainty, depends on priors and gives no p-values, and it estimates unit-specific
    (conditional) odds ratios, which are larger than these population-averaged ones whenever
    units differ.  It is therefore not offered; use R ``lme4::glmer`` for conditional odds ratios.

    References
    ----------
    Liang, K.-Y. & Zeger, S. L. (1986). Longitudinal data analysis using generalized linear models.
    *Biometrika* 73, 13-22.
    Pepe, M. S. & Anderson, G. L. (1994). A cautionary note on inference for marginal regression
    models with longitudinal data and general correlated response data. *Communications in
    Statistics - Simulation and Computation* 23, 939-951.
    Mancl, L. A. & DeRouen, T. A. (2001). A covariance estimator for GEE with improved
    small-sample properties. *Biometrics* 57, 126-134.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> n = 400
    >>> personnel = pd.DataFrame({"person_id": [f"P{i}" for i in range(n)], "year": 2023,
    ...     "unit_id": [f"U{i % 20}" for i in range(n)],
    ...     "position_group": rng.choice(["leader", "frontline"], n, p=[0.3, 0.7]),
    ...     "gender": rng.choice(["male", "female"], n), "sector": "state", "area_type": "normal",
    ...     "annual_rating": rng.choice(["completed", "good"], n)})
    >>> p = 0.15 + 0.25 * (personnel["position_group"] == "leader")
    >>> got = personnel[rng.random(n) < p]
    >>> rewards = pd.DataFrame({"recipient_type": "individual", "recipient_id": got["person_id"],
    ...                         "year": 2023, "ad_hoc": False})
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # sector and area_type have one level here
    ...     res = reward_model(personnel, rewards)
    >>> res.n, res.n_clusters
    (400, 20)
    >>> round(float(res.leader_premium["odds_ratio"]), 2)
    4.47
    """
    _check(cov_struct, "cov_struct", ("independence", "exchangeable"))
    _check(cov_type, "cov_type", ("robust", "bias_reduced"))
    missing = check_missing(old_value(missing, "missing", {"error": "raise"}, "reward_model", depth=3),
                            ("raise", "drop"), "reward_model")
    perf = [performance] if isinstance(performance, str) else list(performance)
    for p in perf:
        _check(p, "performance", PERFORMANCE)
    check_conf_level(conf_level, "reward_model")
    if annual_only and isinstance(rewards, pd.DataFrame) and "ad_hoc" not in rewards.columns:
        warnings.warn(DataQualityWarning(Text(
            "The rewards table has no ad_hoc column, so ad-hoc rewards cannot be told from annual ones: the "
            "model counts every individual reward. Add the ad_hoc column to leave ad-hoc rewards out.",
            "Bảng khen thưởng không có cột 'ad_hoc' (đột xuất) nên không tách được khen thưởng đột xuất với "
            "khen thưởng hằng năm: mô hình tính mọi khen thưởng cá nhân. Bổ sung cột này để loại khen "
            "thưởng đột xuất.")), stacklevel=3)
        annual_only = False
    y = _rewarded(personnel, rewards, annual_only)
    formula = _formula(personnel, formula, perf, cluster)
    rhs = formula.split("~", 1)[1]
    used = [c for c in personnel.columns if re.search(rf"\b{re.escape(str(c))}\b", rhs)]
    df = _model_frame(personnel, y, used, cluster, missing)
    _check_estimable(df, cluster, cov_type)
    separated = _separated_levels(df, used)
    structure = sm.cov_struct.Independence() if cov_struct == "independence" else sm.cov_struct.Exchangeable()
    model = smf.gee(formula, groups=cluster, data=df, family=sm.families.Binomial(), cov_struct=structure)
    fit = model.fit(cov_type=cov_type)
    table = _not_finite_where_separated(_odds_ratios(fit, model.exog_names, conf_level), separated, df)
    premium = _leader_premium(table, df)
    factors = [c for c in LEVEL_ORDER if c in used]
    return RewardModelResult(odds_ratios=table, marginal=_marginal(fit, df, factors, used, conf_level),
                             leader_premium=premium.rename("leader_premium"), n=int(fit.nobs),
                             n_clusters=int(df[cluster].nunique()), n_rewarded=int(df["rewarded"].sum()),
                             formula=formula, cov_struct=cov_struct, cov_type=cov_type, conf_level=conf_level, fit=fit)


def _formula(personnel: pd.DataFrame, formula: str | None, perf: list[str], cluster: str) -> str:
    """The model formula: the given one (its response must be 'rewarded'), or the default terms."""
    if formula is None:
        return "rewarded ~ " + " + ".join(_default_terms(personnel, perf, cluster))
    if not re.match(r"\s*rewarded\s*~", formula):
        raise InvalidParameterError(f"The 'formula' parameter of reward_model must have the response "
                                    f"'rewarded', as in 'rewarded ~ annual_rating + position_group'. "
                                    f"Got {formula!r} instead.")
    require_columns(personnel, [cluster], "personnel")
    return formula


#: Below this many clusters the sandwich SE is too small (Cameron & Miller 2015; for GEE, Mancl &
#: DeRouen 2001 give a small-sample correction); campaign_impact uses the same threshold.
FEW_CLUSTERS = 40


def _check_estimable(df: pd.DataFrame, cluster: str, cov_type: str) -> None:
    """Refuse data with no reward, only rewards or one cluster; warn of few clusters under the plain sandwich."""
    n_rewarded, n = int(df["rewarded"].sum()), len(df)
    if n_rewarded in (0, n):
        found = {"n": n, "what": "no person-year" if n_rewarded == 0 else "every person-year"}
        raise NotEstimableError(
            Text("In the {n} person-years modelled, {what} got an individual reward: with no contrast between "
                 "rewarded and not rewarded, no odds ratio can be estimated.",
                 "Trong {n} người-năm đưa vào mô hình, {what_vi} được khen thưởng cá nhân: không có sự khác biệt giữa "
                 "người được và không được khen nên không ước lượng được tỷ số chênh nào.",
                 {**found, "what_vi": "không có ai" if n_rewarded == 0 else "tất cả đều"}),
            fix=Text("Check that the rewards table matches the personnel roster (years, person codes), and that "
                     "individual rewards are in it.",
                     "Kiểm tra bảng khen thưởng có khớp danh sách nhân sự không (năm, mã người) và có các khen "
                     "thưởng cá nhân không."))
    n_clusters = int(df[cluster].nunique())
    if n_clusters < 2:
        raise NotEstimableError(
            Text("All person-years are in one {cluster}: the cluster-robust standard errors need at least two "
                 "clusters (with one, every SE is 0).",
                 "Mọi người-năm thuộc cùng một {cluster}: sai số chuẩn theo cụm cần ít nhất hai cụm (với một cụm, "
                 "mọi sai số chuẩn bằng 0).", {"cluster": cluster}),
            fix=Text("Model several units together, or use a model without clustering outside tdkt-eval.",
                     "Hãy đưa nhiều đơn vị vào cùng một mô hình."), column=cluster)
    if n_clusters < FEW_CLUSTERS and cov_type == "robust":
        warnings.warn(DataQualityWarning(Text(
            "Only {k} clusters ({cluster}): the robust standard errors are too small and the p-values too "
            "optimistic with fewer than about {few}. Use cov_type='bias_reduced' (Mancl & DeRouen's correction).",
            "Chỉ có {k} cụm ({cluster}): với ít hơn khoảng {few} cụm, sai số chuẩn quá nhỏ và giá trị p quá lạc "
            "quan. Hãy dùng cov_type='bias_reduced' (hiệu chỉnh Mancl & DeRouen).",
            {"k": n_clusters, "cluster": cluster, "few": FEW_CLUSTERS})), stacklevel=4)


def _separated_levels(df: pd.DataFrame, used: list[str]) -> dict[str, dict[str, float]]:
    """Levels in which every person-year, or none, was rewarded (their odds ratio runs to infinity or 0), warned of."""
    separated = {}
    for col in (c for c in LEVEL_ORDER if c in used):
        rate = df.groupby(col, observed=True)["rewarded"].mean()
        if len(sep := rate[(rate == 0) | (rate == 1)]):
            separated[col] = {str(k): float(v) for k, v in sep.items()}
            warnings.warn(DataQualityWarning(Text(
                "Every or no person-year with {col} = {levels} was rewarded: its odds ratio is not estimable (it "
                "runs to 0 or infinity, and its interval is not finite); merge that level with a neighbour or "
                "leave it out.",
                "Mọi người hoặc không ai có {col} = {levels} được khen thưởng: không ước lượng được tỷ số chênh "
                "của nhóm này (tiến tới 0 hoặc vô cực, khoảng tin cậy không hữu hạn); hãy gộp nhóm này với nhóm "
                "gần nhất hoặc bỏ ra.",
                {"col": col, "levels": ", ".join(map(repr, sep.index.astype(str)))})), stacklevel=4)
    return separated


def _not_finite_where_separated(table: pd.DataFrame, separated: dict[str, dict[str, float]],
                                df: pd.DataFrame) -> pd.DataFrame:
    """The odds ratios of separated levels: infinity or 0, an interval open on that side, no p-value.

    The fitted numbers there (an odds ratio of 1e12 with a tight interval) are where the optimiser
    stopped, not estimates.  A separated reference level makes every contrast of its factor so.
    """
    table = table.copy()
    for col, levels in separated.items():
        reference = str(df[col].cat.categories[0])
        for level, rate in levels.items():
            if level == reference:
                rows = table["term"].str.startswith(f"{col}[T.")
                up = rate == 0  # the others are rewarded infinitely more often than a never-rewarded reference
            else:
                rows = table["term"] == f"{col}[T.{level}]"
                up = rate == 1
            table.loc[rows, ["log_odds", "se", "p_value"]] = [np.inf if up else -np.inf, np.nan, np.nan]
            table.loc[rows, ["odds_ratio", "ci_low", "ci_high"]] = [np.inf, np.nan, np.inf] if up else [0.0, 0.0, np.nan]
    return table


def _odds_ratios(fit, terms: Sequence[str], conf_level: float) -> pd.DataFrame:
    """One row per term: log-odds, SE, odds ratio with its interval, p-value."""
    conf = np.asarray(fit.conf_int(alpha=1 - conf_level))
    params = np.asarray(fit.params)
    return pd.DataFrame({"term": list(terms), "log_odds": params, "se": np.asarray(fit.bse),
                         "odds_ratio": np.exp(params), "ci_low": np.exp(conf[:, 0]),
                         "ci_high": np.exp(conf[:, 1]), "p_value": np.asarray(fit.pvalues)})


def _leader_premium(table: pd.DataFrame, df: pd.DataFrame) -> pd.Series:
    """The leader-vs-front-line odds ratio, or NaN when the data hold no front-line workers."""
    lead = table[table["term"] == LEADER_TERM]
    if "position_group" in df and df["position_group"].cat.categories[0] != "frontline":
        lead = lead.iloc[:0]  # no front-line workers: there is no leader-vs-frontline contrast
    return (lead[["odds_ratio", "ci_low", "ci_high", "p_value"]].iloc[0] if len(lead)
            else pd.Series(np.nan, index=["odds_ratio", "ci_low", "ci_high", "p_value"]))
