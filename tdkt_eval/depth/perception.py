"""The staff–citizen perception gap: where staff see an effect that citizens do not.

The gap of area d is a contrast that removes the province-wide offset
between two different instruments:
``gap_d = (staff_d − staff_province) − (citizen_d − citizen_province)``,
each part estimated with its own design (staff clustered by unit, citizens
by the multi-stage sample), so its confidence interval respects both designs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_conf_level
from .._messages import Text
from ..areas import default_area_column
from ..design.estimation import Design
from ..errors import DepthError, InvalidParameterError, MissingItemError
from ..io.instruments import Instrument, load_instrument
from ..reliability import scale_scores
from .ladder import check_same_rows, items_of, rebuilt_design

__all__ = ["perception_gap"]


def _score(df, construct, instrument, form, scale) -> np.ndarray:
    inst = instrument if instrument is not None or not isinstance(construct, str) else load_instrument(form)
    items = items_of(construct, inst)
    absent = [c for c in items if c not in df.columns]
    if absent:
        raise MissingItemError(f"The {form} construct {construct!r} needs item(s) {', '.join(absent)}, which are "
                               "not in the data.", column=", ".join(absent),
                               fix="Give a construct of the form or a list of items that the data have.")
    reverse = [c for c in items if inst is not None and c in inst.reverse_items()]
    x = df[items].apply(pd.to_numeric, errors="coerce").astype(float)
    return scale_scores(x, {"s": items}, reverse=reverse, scale=scale)["s"].to_numpy(float)


def _stratum_psu_codes(design: Design) -> tuple[np.ndarray, np.ndarray]:
    """Each row's stratum code and (stratum, PSU) pair code; every row its own PSU without clusters."""
    data = design.data
    strata = pd.factorize(data[design.strata])[0] if design.strata else np.zeros(len(data), dtype=np.int64)
    psu = pd.factorize(data[design.psu[0]])[0] if design.psu else np.arange(len(data))
    return strata, strata.astype(np.int64) * (int(psu.max()) + 1) + psu


def _domain_df(codes: tuple[np.ndarray, np.ndarray], mask: np.ndarray) -> float:
    """PSUs with rows in the domain minus their strata (rows minus 1 without clusters), at least 1."""
    strata, pairs = codes
    return float(max(len(np.unique(pairs[mask])) - len(np.unique(strata[mask])), 1))


def _contrasts(design: Design, z: np.ndarray, dom: pd.Series, levels):
    """Domain mean minus overall mean of ``z`` for each level: estimate, design SE, domain df, domain mean."""
    w = design.sampling_weights().to_numpy(float)
    ok = ~np.isnan(z)
    zz, ww = np.where(ok, z, 0.0), np.where(ok, w, 0.0)
    total_w = ww.sum()
    zbar = (ww * zz).sum() / total_w
    cols, est, means, dfs = {}, [], [], []
    codes = _stratum_psu_codes(design)
    for j, lv in enumerate(levels):
        ind = (dom == lv).fillna(False).to_numpy(dtype=bool) & ok
        dfs.append(_domain_df(codes, ind))
        wd = ww[ind].sum()
        mean_d = (ww[ind] * zz[ind]).sum() / wd
        u = np.where(ind, (zz - mean_d) / wd, 0.0) - np.where(ok, (zz - zbar) / total_w, 0.0)
        cols[f"_u{j}"] = u
        est.append(mean_d - zbar)
        means.append(mean_d)
    d2 = rebuilt_design(design, design.data.assign(**cols))
    se = np.array([d2.total(f"_u{j}").se for j in range(len(levels))])
    return np.array(est), se, np.array(dfs), np.array(means)


def perception_gap(staff: pd.DataFrame, citizen: pd.DataFrame, citizen_design: Design, *, by: str | None = None,
                   staff_construct: str | Sequence[str] = "substance",
                   citizen_construct: str | Sequence[str] = "benefit", standardise: bool = True,
                   staff_cluster: str | None = "unit_id", staff_instrument: Instrument | None = None,
                   citizen_instrument: Instrument | None = None, adjust: Literal["holm", "none"] = "holm",
                   conf_level: float = 0.95, scale: tuple[float, float] = (1, 5)) -> pd.DataFrame:
    """Staff-minus-citizen perceived effect in each area, beyond the province-wide difference.

    Parameters
    ----------
    staff, citizen : DataFrame
        Staff and citizen answers; both have the column ``by``.
    citizen_design : Design
        The citizen sample design, built on ``citizen``.
    by : str, optional
        The area column both tables hold. Default: ``area`` (set by
        :func:`tdkt_eval.areas.to_current_map`), else ``district`` (a former district), else
        ``commune`` (xã, phường, đặc khu: the level under the province since 1 July 2025).
    staff_construct, citizen_construct : str or list of str
        Construct names of the shipped (or given) forms, or item lists.  Scores are item
        means, reverse items reversed (su5), at least half the items answered.
    standardise : bool, default True
        Put each score in SD units: ``(score - province mean) / province SD`` (staff:
        unweighted over respondents; citizens: design-weighted).  False: the 1-5 scale.
    staff_cluster : str or None, default 'unit_id'
        Staff SEs come from ``Design(staff, psu=staff_cluster)`` (clustered in units);
        None treats staff as independent.
    staff_instrument, citizen_instrument : Instrument, optional
        Default: the shipped forms (only read when a construct name is given).
    adjust : {'holm', 'none'}, default 'holm'
        Multiplicity adjustment of the p-values across areas used for ``flagged``.
    conf_level : float, default 0.95
    scale : (float, float), default (1, 5)

    Returns
    -------
    DataFrame
        One row per area: by, n_staff, n_citizen, staff_mean, citizen_mean (on the common
        scale), raw_gap (staff_mean - citizen_mean), gap, se, ci_low, ci_high, df, p_value,
        p_adjusted, flagged.  ``attrs['offset']`` is the province-wide difference.

    Notes
    -----
    Staff and citizens answer different questions, so ``staff_mean - citizen_mean`` has a
    province-wide offset ``G = zbar_s - zbar_c`` (zero after standardising).  The gap of a
    area is its deviation from that offset, a contrast of each survey's area mean
    with its own province mean:

    ``gap_d = (zbar_s,d - zbar_s) - (zbar_c,d - zbar_c)``

    Each bracket's SE is the design SE of the total of its linearised values
    ``u_i = 1[i in d] (z_i - zbar_d) / W_d - (z_i - zbar) / W`` (so the area's share in
    the province mean and any covariance between areas are allowed for).  The samples
    are independent: ``se = sqrt(se_s^2 + se_c^2)``.  CI ``gap -/+ t se`` and two-sided p on
    Welch-Satterthwaite df ``se^4 / (se_s^4 / df_s + se_c^4 / df_c)``, where ``df_s``,
    ``df_c`` are the area's own PSUs minus strata (staff: its units - 1; citizens: its
    communes - 1).  These small df are deliberate: an area's variance is estimated from
    its few clusters, and the design's full df (PSUs - strata over the province) gave
    false-flag rates near 7% at a nominal 5% in simulation.  ``flagged`` is
    ``p_adjusted <= 1 - conf_level`` after Holm's step-down adjustment across areas
    (``adjust='none'``: the raw p, i.e. the CI excludes zero).  A flagged area's CI
    always excludes zero.  The standardising mean and SD are treated as fixed.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics*, 6, 65-70.
    Lumley, T. (2010). *Complex Surveys*. Wiley (domain contrasts, ch. 2).

    Examples
    --------
    >>> import tdkt_eval as te
    >>> from tdkt_eval.paths import demo_dir
    >>> ds, note, level = te.to_current_map(te.load_dataset(demo_dir()))  # 'area': the former district
    >>> cit = ds["citizen_responses"]
    >>> d = te.Design(cit, weights="weight", strata="stratum", psu="psu")
    >>> gap = perception_gap(ds["staff_responses"], cit, d, by="area")
    >>> sorted(gap.loc[gap["flagged"], "area"])
    ['Huyện An Phú', 'Huyện Ngọc Sơn']
    """
    if adjust not in ("holm", "none"):
        raise InvalidParameterError(f"The 'adjust' parameter must be one of {{'holm', 'none'}}. Got {adjust!r} instead.")
    check_conf_level(conf_level, "perception_gap")
    check_same_rows(citizen, citizen_design, "citizen")
    by = default_area_column(staff, citizen) if by is None else by
    for df, what in ((staff, "staff"), (citizen, "citizen")):
        if by not in df.columns:
            raise MissingItemError(f"The {what} data have no column '{by}'.", column=by,
                                   fix="Both tables need the grouping column (e.g. the commune, or the former district).")
    s_score = _score(staff, staff_construct, staff_instrument, "staff", scale)
    c_score = _score(citizen, citizen_construct, citizen_instrument, "citizen", scale)
    w_c = citizen_design.sampling_weights().to_numpy(float)
    if standardise:
        ok_s, ok_c = ~np.isnan(s_score), ~np.isnan(c_score)
        m_c = np.average(c_score[ok_c], weights=w_c[ok_c])
        sd_c = np.sqrt(np.average((c_score[ok_c] - m_c) ** 2, weights=w_c[ok_c]))
        sd_s = np.nanstd(s_score, ddof=1)
        if not (sd_s > 0 and sd_c > 0) or ok_s.sum() < 2:
            raise DepthError("A score has no variation, so it cannot be standardised.",
                             fix="Check the items, or use standardise=False.")
        s_score = (s_score - np.nanmean(s_score)) / sd_s
        c_score = (c_score - m_c) / sd_c
    s_dom, c_dom = staff[by].astype("string"), citizen[by].astype("string")
    s_lv = set(s_dom[~np.isnan(s_score)].dropna())
    c_lv = set(c_dom[~np.isnan(c_score)].dropna())
    if s_lv != c_lv:
        found = {"by": by, "staff": sorted(s_lv - c_lv)[:10], "citizen": sorted(c_lv - s_lv)[:10]}
        raise DepthError(
            Text("Groups of '{by}' with scores in only one survey: staff only {staff}, citizens only {citizen}.",
                 "Nhóm theo '{by}' chỉ có điểm ở một cuộc khảo sát: chỉ có cán bộ {staff}, chỉ có người dân "
                 "{citizen}.", found),
            fix=Text("Use the same names in both tables, or compare only the areas of the citizen sample: "
                     "staff[staff['{by}'].isin(citizen['{by}'])].",
                     "Dùng cùng một tên địa bàn ở cả hai bảng, hoặc chỉ so sánh các địa bàn có trong mẫu người dân: "
                     "staff[staff['{by}'].isin(citizen['{by}'])].", found),
            column=by)
    levels = sorted(s_lv)
    s_design = Design(staff, psu=staff_cluster) if staff_cluster is not None else Design(staff)
    s_est, s_se, s_df, s_mean = _contrasts(s_design, s_score, s_dom, levels)
    c_est, c_se, c_df, c_mean = _contrasts(citizen_design, c_score, c_dom, levels)
    gap, se = s_est - c_est, np.sqrt(s_se**2 + c_se**2)
    df = (s_se**2 + c_se**2) ** 2 / (s_se**4 / s_df + c_se**4 / c_df)      # Welch-Satterthwaite
    q = stats.t.ppf(0.5 + conf_level / 2, df)
    p = 2 * stats.t.sf(np.abs(gap / se), df)
    if adjust == "holm":
        order = np.argsort(p)
        stepped = np.maximum.accumulate(np.minimum(1.0, (len(p) - np.arange(len(p))) * p[order]))
        p_adj = np.empty_like(p)
        p_adj[order] = stepped
    else:
        p_adj = p
    out = pd.DataFrame({
        by: levels, "n_staff": [int(((s_dom == lv) & ~np.isnan(s_score)).sum()) for lv in levels],
        "n_citizen": [int(((c_dom == lv) & ~np.isnan(c_score)).sum()) for lv in levels],
        "staff_mean": s_mean, "citizen_mean": c_mean, "raw_gap": s_mean - c_mean, "gap": gap, "se": se,
        "ci_low": gap - q * se, "ci_high": gap + q * se, "df": df, "p_value": p, "p_adjusted": p_adj,
        "flagged": p_adj <= 1 - conf_level})
    out.attrs["offset"] = float(np.nanmean(s_score) - np.average(c_score[~np.isnan(c_score)],
                                                                 weights=w_c[~np.isnan(c_score)]))
    out.attrs["adjust"] = adjust
    return out
