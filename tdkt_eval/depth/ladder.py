"""Depth of a movement (chiều sâu): the depth ladder and the staff-citizen perception gap.

A deep movement moves people up a ladder: they know it (awareness), take part
(participation), change how they work (changed practice), keep doing so (sustained) and
their practice is copied (spread).  :func:`depth_ladder` estimates the share reaching each
rung, by area or any group, and checks that the rungs form a cumulative (Guttman) scale.
:func:`perception_gap` compares what staff and citizens say the movement changed, area by
area, and flags areas where staff see much more than citizens do (complaint 10).

Rungs of the shipped forms (:data:`STAFF_RUNGS`, :data:`CITIZEN_RUNGS`).  The staff form
measures all five rungs with Likert constructs.  The citizen form measures three:
awareness (``c_know``), participation (``c_part``) and spread (``c_mlearn``, learned from a
local model example).  It has no item on changed practice or on sustainment; its benefit
items (``c_ben*``) measure perceived effect and feed :func:`perception_gap` instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import check_conf_level
from .._results import Result
from ..design.estimation import Design
from ..errors import DepthError, InvalidParameterError, MissingItemError
from ..io.instruments import Instrument, load_instrument
from ..reliability import scale_scores

__all__ = ["CITIZEN_RUNGS", "STAFF_RUNGS", "DepthError", "LadderResult", "depth_ladder", "guttman_scalability"]

#: Staff ladder: construct (mean of its items >= threshold) or item list per rung.
STAFF_RUNGS: Mapping[str, str | tuple[str, ...]] = {
    "awareness": "awareness", "participation": "participation", "changed_practice": "substance",
    "sustained": "sustainment", "spread": ("me4",)}
#: Citizen ladder: yes/no items; c_mlearn counts as "no" when c_mknow = 0 (skip logic).
CITIZEN_RUNGS: Mapping[str, str | tuple[str, ...]] = {
    "awareness": "c_know", "participation": "c_part", "spread": "c_mlearn"}
OVERALL = "(all)"
_RELEVANT = re.compile(r"^\s*\$\{(\w+)\}\s*=\s*'?([\w.-]+)'?\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class LadderResult(Result):
    """Shares reaching each rung, and how well the rungs form a cumulative scale.

    Attributes
    ----------
    shares : DataFrame
        by..., rung, step (1 = lowest), share, se, ci_low, ci_high, n.
    scalability : DataFrame
        by... (``'(all)'`` for the whole sample), n (complete rows), k, errors, cr, mmr, h,
        h_se, monotone (shares, design-weighted if a design was given, never rise up the ladder).
    rungs : tuple of str
    by : tuple of str
    method : str
        ``'design'`` (Taylor-linearised, from a Design) or ``'wilson'`` (independent rows).
    threshold : float
    conf_level : float
    notes : tuple of str
    """

    shares: pd.DataFrame
    scalability: pd.DataFrame
    rungs: tuple[str, ...]
    by: tuple[str, ...] = ()
    method: str = "wilson"
    threshold: float = 4.0
    conf_level: float = 0.95
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The shares, one row per group and rung."""
        return self.shares.copy()

    def summary(self) -> str:
        """Shares by group (rows) and rung (columns), then CR and H; also what ``str()`` shows."""
        idx = list(self.by) or None
        wide = (self.shares.pivot_table(index=idx, columns="rung", values="share", sort=False)
                if idx else self.shares.set_index("rung")[["share"]].T)
        wide = wide[list(self.rungs)]
        scal = self.scalability.set_index(list(self.by)) if self.by else self.scalability
        lines = [f"Depth ladder ({self.method} {self.conf_level:.0%} intervals, threshold {self.threshold:g})",
                 wide.round(3).to_string(), "", "Scalability (CR: Goodenough-Edwards; H: Loevinger/Mokken)",
                 scal[["n", "cr", "mmr", "h", "h_se", "monotone"]].round(3).to_string()]
        return "\n".join(lines + [f"Note: {n}" for n in self.notes])



# ============================================================================ indicators
def items_of(spec, instrument: Instrument | None) -> list[str]:
    if isinstance(spec, str):
        constructs = instrument.constructs() if instrument is not None else {}
        return list(constructs.get(spec, [spec]))
    return list(spec)


def _indicators(df: pd.DataFrame, rungs, instrument, threshold, scale) -> pd.DataFrame:
    """One 0/1 column per rung (NaN where the rung cannot be scored)."""
    out = {}
    reverse = instrument.reverse_items() if instrument is not None else []
    for rung, spec in rungs.items():
        items = items_of(spec, instrument)
        absent = [c for c in items if c not in df.columns]
        if not items or absent:
            raise MissingItemError(f"Rung '{rung}' needs item(s) {', '.join(absent) or '(none given)'}, "
                                   f"which are not in the data.", column=", ".join(absent) or None,
                                   fix="Map the rung to items or a construct that the data have, "
                                   "e.g. rungs={'awareness': ['aw1', 'aw2'], ...}.")
        x = df[items].apply(pd.to_numeric, errors="coerce").astype(float)
        if x.isna().all().all():
            raise DepthError(f"Rung '{rung}' has no answers: items {', '.join(items)} are all missing.",
                             fix="Check the columns (codes or labels?) or drop the rung.", column=items[0])
        for c in items:   # skip logic: "not asked because the gate item was no" counts as no
            rel = instrument.item(c).relevant if instrument is not None and c in instrument.names else None
            m = _RELEVANT.match(rel or "")
            if m and m.group(1) in df.columns:
                gate = df[m.group(1)].astype("string")
                x.loc[(gate != m.group(2)).fillna(False).to_numpy() & x[c].isna().to_numpy(), c] = 0.0
        seen = x.to_numpy().ravel()
        if set(np.unique(seen[~np.isnan(seen)])) <= {0.0, 1.0}:
            ind = x.min(axis=1, skipna=False)          # binary: every item answered yes
        else:
            score = scale_scores(x, {rung: items}, reverse=[c for c in items if c in reverse], scale=scale)[rung]
            ind = (score >= threshold).astype(float).where(score.notna())
        out[rung] = ind.to_numpy(dtype=float)
    return pd.DataFrame(out, index=df.index)


# ============================================================================ scalability
def guttman_scalability(x: np.ndarray, *, order: Sequence[int] | None = None) -> dict[str, float]:
    """Coefficient of reproducibility and Loevinger's H of 0/1 items (complete rows only).

    Parameters
    ----------
    x : array (n, k) of 0/1
        Rows with a missing value are dropped.
    order : sequence of int, optional
        Item order from easiest to hardest used for the CR (default: the column order).

    Returns
    -------
    dict
        n, k, errors, cr, mmr, h, h_se.

    Notes
    -----
    CR (Goodenough-Edwards): a respondent with total score ``s`` is predicted to pass the
    ``s`` easiest items; ``errors`` counts cells that differ from that pattern, and
    ``CR = 1 - errors / (n k)``.  MMR = mean over items of ``max(p_j, 1 - p_j)``, the CR a
    scale of independent items would reach.  Loevinger's H with items ordered by popularity:
    ``H = 1 - sum_pairs F_ij / sum_pairs E_ij``, ``F`` the observed Guttman errors (passing
    the less popular item, failing the more popular) and ``E = n p_hard (1 - p_easy)`` their
    expectation under independence; equivalently ``sum cov_ij / sum cov_ij^max`` (Mokken
    1971).  ``h_se`` is the delta-method SE from each respondent's influence
    ``-(f_r - Fbar) / E + Fbar / E^2 sum_j dE/dp_j (x_rj - p_j)`` (Kuijpers, Van der Ark &
    Croon 2013 derive it from the multinomial; both are first-order equal), assuming
    independent rows and the sample item order.

    References
    ----------
    Mokken, R. J. (1971). *A Theory and Procedure of Scale Analysis*. De Gruyter.
    Edwards, A. L. (1957). *Techniques of Attitude Scale Construction* (Goodenough-Edwards CR).
    Kuijpers, R. E., Van der Ark, L. A., & Croon, M. A. (2013). Standard errors and
    confidence intervals for scalability coefficients in Mokken scale analysis using marginal
    models. *Sociological Methodology*, 43, 42-69.

    Examples
    --------
    >>> import numpy as np
    >>> perfect = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 0]])
    >>> r = guttman_scalability(perfect)
    >>> r["cr"], r["h"]
    (1.0, 1.0)
    """
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    n, k = x.shape
    out = dict(n=n, k=k, errors=np.nan, cr=np.nan, mmr=np.nan, h=np.nan, h_se=np.nan)
    if n == 0 or k < 2:
        return out
    order = np.arange(k) if order is None else np.asarray(order)
    s = x.sum(axis=1).astype(int)
    predicted = (np.arange(k)[None, :] < s[:, None]).astype(float)
    errors = float(np.abs(x[:, order] - predicted).sum())
    p = x.mean(axis=0)
    out.update(errors=errors, cr=1 - errors / (n * k), mmr=float(np.maximum(p, 1 - p).mean()))
    pop = np.argsort(-p, kind="stable")                  # easiest (most popular) first
    f_r, e_val, grad = np.zeros(n), 0.0, np.zeros(k)
    for a in range(k):
        for b in range(a + 1, k):
            e, h = pop[a], pop[b]
            f_r += (x[:, h] == 1) & (x[:, e] == 0)
            e_val += p[h] * (1 - p[e])
            grad[h] += 1 - p[e]
            grad[e] -= p[h]
    if e_val <= 0:
        return out
    fbar = f_r.mean()
    infl = -(f_r - fbar) / e_val + fbar / e_val**2 * ((x - p) @ grad)
    out.update(h=float(1 - fbar / e_val), h_se=float(np.sqrt((infl**2).sum()) / n))
    return out


# ============================================================================ ladder
def _wilson(p, n, z):
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


def rebuilt_design(design: Design, data: pd.DataFrame) -> Design:
    """The same design specification on ``data`` (its rows plus derived columns)."""
    if design.calibration:
        raise InvalidParameterError("A calibrated (post-stratified or raked) design cannot be re-used here yet. "
                                    "Pass the uncalibrated Design, or add the calibrated weights as a column "
                                    "and build a Design with weights=that column.")
    return Design(data, weights=design.weights, strata=design.strata, psu=list(design.psu) or None,
                  fpc=list(design.fpc) or None, lonely_psu=design.lonely_psu, nest=design.nest)


def check_same_rows(df: pd.DataFrame, design: Design, what: str) -> None:
    if len(df) != len(design.data) or not df.index.equals(design.data.index):
        raise InvalidParameterError(f"The design was not built on the {what} rows ({len(design.data)} rows "
                                    f"in the design, {len(df)} in the data). Build the Design on the same DataFrame.")


def _guess_form(df: pd.DataFrame) -> str | None:
    return "citizen" if "c_know" in df.columns else "staff" if "aw1" in df.columns else None


def depth_ladder(responses: pd.DataFrame, *, rungs: Mapping[str, str | Sequence[str]] | None = None,
                 by: str | Sequence[str] | None = None, design: Design | None = None,
                 instrument: Instrument | str | None = None, threshold: float = 4.0,
                 scale: tuple[float, float] = (1, 5), conf_level: float = 0.95,
                 cr_order: Literal["ladder", "popularity"] = "ladder") -> LadderResult:
    """Share of respondents reaching each rung of the depth ladder, with CIs and scale checks.

    Parameters
    ----------
    responses : DataFrame
        Staff or citizen answers, one row per respondent; never modified.
    rungs : mapping rung -> construct, item or list of items, optional
        From the lowest rung up.  A construct name (of ``instrument``) or a list of Likert
        items: reached when the mean (reverse items reversed) is ``>= threshold``.  A 0/1
        item, or a list of them: reached when every item is 1.  Default: :data:`STAFF_RUNGS`
        or :data:`CITIZEN_RUNGS`, whichever form the columns belong to.
    by : str or list of str, optional
        Groups (e.g. ``"district"``); shares and scalability are given per group.
    design : Design, optional
        Built on ``responses`` (the same rows).  Citizens: the sample design; staff:
        ``Design(staff, psu="unit_id")`` for CIs that allow for clustering in units
        (recommended).  Without it, rows are independent and intervals are Wilson's.
    instrument : Instrument or {'staff', 'citizen'}, optional
        For constructs, reverse keying and skip logic; default: the shipped form matching
        the columns.
    threshold : float, default 4
        "Agree" on the 1-5 scale, after reverse-coding.
    scale : (float, float), default (1, 5)
    conf_level : float, default 0.95
    cr_order : {'ladder', 'popularity'}, default 'ladder'
        Item order of the CR: the ladder as given (tests the theory), or by observed shares.

    Returns
    -------
    LadderResult

    Notes
    -----
    With a design, each share is a domain mean of the rung indicator: rows outside the
    group, or not scorable on the rung, are zeroed, not dropped (R ``svyby(~x, ~g, design,
    svymean, na.rm = TRUE)``); CI ``p -/+ t_df se`` with the design's df.  Without one: the
    Wilson interval ``(p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)``.
    Scalability uses unweighted complete rows; see :func:`guttman_scalability`.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"know": [1, 1, 1, 1, 0, 1], "join": [1, 1, 0, 1, 0, 0],
    ...                    "spread": [1, 0, 0, 1, 0, 0], "g": list("aaabbb")})
    >>> res = depth_ladder(df, rungs={"aware": "know", "part": "join", "spread": "spread"}, by="g")
    >>> res.shares[["g", "rung", "share"]].head(3)
       g    rung     share
    0  a   aware  1.000000
    1  a    part  0.666667
    2  a  spread  0.333333
    >>> float(res.scalability.set_index("g").loc["(all)", "cr"])
    1.0
    """
    check_conf_level(conf_level, "depth_ladder")
    if cr_order not in ("ladder", "popularity"):
        raise InvalidParameterError(f"The 'cr_order' parameter must be one of {{'ladder', 'popularity'}}. Got {cr_order!r} instead.")
    rungs, inst = _rungs_and_form(responses, rungs, instrument)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    for c in by_cols:
        if c not in responses.columns:
            raise MissingItemError(f"Grouping column '{c}' is not in the data.", column=c,
                                   fix="Pass by= a column of the responses, e.g. 'area' or 'commune'.")
    ind = _indicators(responses, rungs, inst, threshold, scale)
    names = list(rungs)
    groups = responses[by_cols].astype("string") if by_cols else pd.DataFrame(index=responses.index)
    _check_rungs(ind, names, groups, by_cols)
    if design is not None:
        check_same_rows(responses, design, "responses")
        shares, method = _design_shares(design, ind, names, groups, by_cols, conf_level), "design"
    else:
        shares, method = _wilson_shares(ind, names, groups, by_cols, conf_level), "wilson"
    shares = shares.rename(columns={"estimate": "share"}).sort_values(by_cols + ["step"], kind="stable",
                                                                       ignore_index=True)
    shares = shares[by_cols + ["rung", "step", "share", "se", "ci_low", "ci_high", "n"]]
    scalability = _scalability(ind[names].to_numpy(float), shares, groups, by_cols, design, cr_order)
    notes = ("CR and H use complete rows, unweighted (design weights are not applied to them)",)
    return LadderResult(shares=shares, scalability=scalability, rungs=tuple(names), by=tuple(by_cols),
                        method=method, threshold=float(threshold), conf_level=conf_level, notes=notes)


def _rungs_and_form(responses: pd.DataFrame, rungs: Mapping[str, str | Sequence[str]] | None,
                    instrument: Instrument | str | None) -> tuple[Mapping[str, str | Sequence[str]], Instrument | None]:
    """The rungs (the shipped staff or citizen ladder by default) and the form that names their items."""
    form = instrument if instrument is not None else (_guess_form(responses) if rungs is None or any(
        isinstance(s, str) and s not in responses.columns for s in rungs.values()) else None)
    inst = load_instrument(form) if isinstance(form, str) else form
    if rungs is None:
        rungs = STAFF_RUNGS if inst is not None and "aw1" in inst.names else CITIZEN_RUNGS
    if len(rungs) < 2:
        raise InvalidParameterError(f"A ladder needs at least 2 rungs; got {list(rungs)}.")
    return rungs, inst


def _check_rungs(ind: pd.DataFrame, names: list[str], groups: pd.DataFrame, by_cols: list[str]) -> None:
    """Refuse a rung that everyone or no one reaches, and a group with no answer on a rung."""
    for r in names:
        vals = set(ind[r].dropna().unique())
        if len(vals) < 2:
            raise DepthError(f"Rung '{r}' is reached by {'every' if vals == {1.0} else 'no'} respondent; a rung "
                             f"without variation cannot be part of a ladder.", column=r,
                             fix="Check the item coding and the threshold, or drop the rung.")
    if by_cols:
        dead = ind.groupby([groups[c] for c in by_cols]).count().eq(0)
        if dead.to_numpy().any():
            g, r = next((g, r) for g, row in dead.iterrows() for r in names if row[r])
            raise DepthError(f"Group {g} has no scorable answer on rung '{r}' (all missing).",
                             fix="Drop that group from the data, or check its answers.", column=r)


def _design_shares(design: Design, ind: pd.DataFrame, names: list[str], groups: pd.DataFrame,
                   by_cols: list[str], conf_level: float) -> pd.DataFrame:
    """Each rung's share (by group) as a design-based mean of its 0/1 indicator."""
    d2 = rebuilt_design(design, pd.concat([design.data, ind.add_prefix("_rung_"), groups.add_prefix("_by_")], axis=1))
    frames = []
    for step, r in enumerate(names, start=1):
        est = d2.mean(f"_rung_{r}", by=[f"_by_{c}" for c in by_cols] or None, missing="drop", conf_level=conf_level)
        est = est.to_frame().rename(columns=lambda c: c.removeprefix("_by_"))
        frames.append(est[by_cols + ["estimate", "se", "ci_low", "ci_high", "n"]].assign(rung=r, step=step))
    return pd.concat(frames, ignore_index=True)


def _wilson_shares(ind: pd.DataFrame, names: list[str], groups: pd.DataFrame, by_cols: list[str],
                   conf_level: float) -> pd.DataFrame:
    """Each rung's share (by group) with a Wilson interval, respondents taken as independent."""
    z = stats.norm.ppf(0.5 + conf_level / 2)
    frames = []
    for step, r in enumerate(names, start=1):
        col = ind[r]
        agg = (col.groupby([groups[c] for c in by_cols]).agg(["mean", "count"]).reset_index()
               if by_cols else pd.DataFrame({"mean": [col.mean()], "count": [col.count()]}))
        p, n = agg["mean"].to_numpy(float), agg["count"].to_numpy(float)
        lo, hi = _wilson(p, n, z)
        frames.append(agg.assign(estimate=p, se=np.sqrt(p * (1 - p) / n), ci_low=lo, ci_high=hi, n=n.astype(int),
                                 rung=r, step=step)[by_cols + ["estimate", "se", "ci_low", "ci_high", "n", "rung", "step"]])
    return pd.concat(frames, ignore_index=True)


def _scalability(arr: np.ndarray, shares: pd.DataFrame, groups: pd.DataFrame, by_cols: list[str],
                 design: Design | None, cr_order: str) -> pd.DataFrame:
    """Guttman CR and Loevinger H overall and by group, and whether the shares fall rung by rung."""
    order = None if cr_order == "ladder" else np.argsort(-np.nanmean(arr, axis=0), kind="stable")
    keys = [(None, np.ones(len(arr), bool))]
    if by_cols:
        for key, idx in groups.groupby(by_cols, sort=True).indices.items():
            mask = np.zeros(len(arr), bool)
            mask[idx] = True
            keys.append((key if isinstance(key, tuple) else (key,), mask))
    rows = []
    for key, mask in keys:
        res = guttman_scalability(arr[mask], order=order)
        label = dict(zip(by_cols, key)) if key is not None else {c: OVERALL for c in by_cols}
        if key is None:
            w = design.sampling_weights().to_numpy(float) if design is not None else np.ones(len(arr))
            sh = np.array([np.average(a[~np.isnan(a)], weights=w[~np.isnan(a)]) for a in arr.T])
        else:
            sel = np.ones(len(shares), bool)
            for c, v in label.items():
                sel &= (shares[c].astype("string") == v).to_numpy()
            sh = shares.loc[sel, "share"].to_numpy()
        rows.append({**label, **res, "monotone": bool(np.all(np.diff(sh) <= 1e-12))})
    return pd.DataFrame(rows)
