"""Design-based estimation for stratified multi-stage samples (citizen surveys).

A :class:`Design` is an immutable description of how the rows were sampled (weights, strata,
clusters at each stage, finite population corrections), checked when it is built.  Its
methods return an :class:`Estimate` (or, with ``by=``, a :class:`DomainResult`: one estimate
per domain) with a Taylor-linearisation standard error, confidence interval and design effect.

Validated against R survey 4.1.1 (R 4.2.2), 2026-11-21: every estimate, SE, design effect
and interval in ``tests/reference/design_api.json`` is matched to a relative 1e-6.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from .._args import NA_RM_TO_MISSING, check_choice, check_conf_level, check_missing, renamed
from .._messages import describe_values
from .._results import FrameResult, Result
from ..errors import CalibrationError, DesignError, InvalidCategoryError, OutOfRangeError
from . import weighting
from .checks import codes, no_missing, numeric_column, require, rows_of, where
from .linearization import CERTAINTY, Stage, _group_sum, stage_covariance, stage_variance

__all__ = ["CalibrationError", "Design", "DesignError", "DomainResult", "Estimate"]

LonelyPSU = Literal["error", "adjust", "average", "certainty", "remove"]
CIMethod = Literal["t", "normal"]
DeffMethod = Literal["srswor", "srswr"]
Missing = Literal["raise", "drop"]
COLUMNS = ["estimate", "se", "ci_low", "ci_high", "deff", "n"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Estimate(Result):
    """A design-based estimate with its standard error, confidence interval and design effect.

    Attributes
    ----------
    name, statistic : str
        What was estimated (``'api00'``, ``'mean'``).
    estimate, se : float
    ci : tuple of float
        ``(low, high)`` at ``conf_level``, ``estimate -/+ q * se`` with ``q`` a t quantile on
        ``df`` degrees of freedom (``ci_method='t'``, R ``confint(est, df = degf(design))``)
        or a normal quantile (``'normal'``, R's default ``confint(est)``).
    deff : float
        Design effect: variance over the variance under simple random sampling of the same
        number of rows (R ``deff = TRUE``: without replacement; ``'srswr'``: with).
    n : int
        Rows that contributed (in the domain, not missing).
    df : float
        Design degrees of freedom (PSUs minus strata), R ``degf()``.
    """

    name: str
    statistic: str
    estimate: float
    se: float
    ci: tuple[float, float]
    deff: float
    n: int
    df: float
    conf_level: float = 0.95
    ci_method: str = "t"

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame: name, statistic, estimate, se, ci_low, ci_high, deff, n, df."""
        return pd.DataFrame([dict(name=self.name, statistic=self.statistic, estimate=self.estimate,
                                  se=self.se, ci_low=self.ci[0], ci_high=self.ci[1], deff=self.deff,
                                  n=self.n, df=self.df)])

    def summary(self) -> str:
        """Two lines of text; also what ``str()`` shows."""
        def fmt(v: float) -> str:
            return f"{v:,.0f}" if abs(v) >= 1e6 else f"{v:.6g}"
        return (f"Design-based {self.statistic} of {self.name}: {fmt(self.estimate)} (SE {fmt(self.se)})\n"
                f"  {self.conf_level:.0%} CI [{fmt(self.ci[0])}, {fmt(self.ci[1])}] ({self.ci_method}, "
                f"df = {self.df:g}), deff {self.deff:.4g}, n = {self.n}")


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainResult(FrameResult):
    """Design-based estimates, one per domain (``by=``) or per category (``proportion(col)``).

    Attributes
    ----------
    table : DataFrame
        One row per domain: the ``by`` columns, ``category`` (for ``proportion(col)`` without a
        category), then estimate, se, ci_low, ci_high, deff, n.
    name, statistic : str
        What was estimated (``'api00'``, ``'mean'``).
    by : tuple of str
        The domain columns (empty for the categories of a whole-sample proportion).
    df : float
        Design degrees of freedom (the full design's, for every domain).
    conf_level : float
    ci_method : str

    Until the next release the result can still be indexed like the DataFrame that ``by=``
    used to return (``res["estimate"]``), with a FutureWarning.
    """

    table: pd.DataFrame
    name: str
    statistic: str
    by: tuple[str, ...]
    df: float
    conf_level: float = 0.95
    ci_method: str = "t"

    def to_frame(self) -> pd.DataFrame:
        """The table, one row per domain (a copy)."""
        return self.table.copy()

    def summary(self) -> str:
        """A title line, then the table; also what ``str()`` shows."""
        over = f" by {', '.join(self.by)}" if self.by else " by category"
        return (f"Design-based {self.statistic} of {self.name}{over}: {self.conf_level:.0%} CI ({self.ci_method}, "
                f"df = {self.df:g})\n" + self.table.to_string(index=False, float_format="{:.6g}".format))


class Design:
    """A stratified multi-stage sample design, checked when built (like R ``svydesign``).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per respondent; never modified.
    weights : str, optional
        Sampling weight column (> 0).  Without it, weights come from ``fpc`` (population over
        sample size at each stage, as R does for ``apiclus2``), or are 1 with a note.
    strata : str, optional
        First-stage stratum column.
    psu : str or list of str, optional
        Cluster column at each stage, e.g. ``["dnum", "snum"]`` (R ``id = ~dnum + snum``).
        Without it every row is its own PSU.  Later-stage ids are taken within earlier ones.
    fpc : str or list of str, optional
        One column per stage: population sizes (all > 1) or sampling fractions (all <= 1),
        constant within each stratum (at stage 2 and later: within each cluster).
    lonely_psu : {'error', 'adjust', 'average', 'certainty', 'remove'}, default 'error'
        A stratum with one PSU: raise (R ``'fail'``); ``'adjust'``: its PSU total enters
        uncentred (centred at zero, i.e. at the grand mean of a mean's linearised values);
        ``'average'``: it gets the average variance of the other strata;
        ``'certainty'``/``'remove'``: it contributes no variance at its stage.  As R survey
        4.1.1's ``options(survey.lonely.psu = ...)``.
    nest : bool, default False
        PSU ids are only unique within strata (R ``nest = TRUE``).

    Notes
    -----
    For a statistic with weighted linearised values ``z_i = w_i u_i``, stage 1 contributes
    ``sum_h (1 - f_h) n_h / (n_h - 1) sum_i (z_hi - zbar_h)^2`` over PSU totals ``z_hi``
    (with-replacement variance times the fpc, ``f_h = n_h / N_h``).  When ``fpc`` is given,
    each later stage adds the same expression computed within every cluster of the stage
    above, multiplied by the product of the earlier sampling fractions: R survey's
    ``svyrecvar``.  Domains zero out the rows outside the domain and keep all rows.

    References
    ----------
    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
    Särndal, Swensson & Wretman (1992). *Model Assisted Survey Sampling*. Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"h": [1, 1, 2, 2, 2], "y": [3.0, 5, 4, 6, 8], "N": [10, 10, 20, 20, 20]})
    >>> d = Design(df, strata="h", fpc="N")
    >>> est = d.mean("y")
    >>> round(est.estimate, 4), round(est.se, 4), est.df
    (5.3333, 0.7698, 3.0)
    """

    __slots__ = ("data", "weights", "strata", "psu", "fpc", "lonely_psu", "nest", "notes",
                 "calibration", "_w", "_stages", "_labels")

    def __init__(self, df: pd.DataFrame, *, weights: str | None = None, strata: str | None = None,
                 psu: str | list[str] | None = None, fpc: str | list[str] | None = None,
                 lonely_psu: LonelyPSU = "error", nest: bool = False) -> None:
        if not isinstance(df, pd.DataFrame):
            raise DesignError(f"Design needs a pandas DataFrame; got {type(df).__name__}.",
                              fix="Load the survey with tdkt_eval.load_records or pandas first.")
        check_choice(lonely_psu, "lonely_psu", ("error", "adjust", "average", "certainty", "remove"))
        psu_cols = (psu,) if isinstance(psu, str) else tuple(psu or ())
        fpc_cols = (fpc,) if isinstance(fpc, str) else tuple(fpc or ())
        for col, role in [(weights, "weights"), (strata, "strata"), *((c, "psu") for c in psu_cols),
                          *((c, "fpc") for c in fpc_cols)]:
            if col is not None:
                require(df, col, role)
        if fpc_cols and len(fpc_cols) != max(len(psu_cols), 1):
            raise DesignError(f"fpc gives {len(fpc_cols)} column(s) for {max(len(psu_cols), 1)} stage(s).",
                              fix="Give one fpc column per psu column (population sizes or sampling "
                              "fractions), or fpc=None for with-replacement variance.")
        s = object.__setattr__
        s(self, "data", df.copy(deep=False))
        for name, value in [("weights", weights), ("strata", strata), ("psu", psu_cols), ("fpc", fpc_cols),
                            ("lonely_psu", lonely_psu), ("nest", bool(nest)), ("calibration", ())]:
            s(self, name, value)
        stages, popsizes, labels = self._build_stages()
        notes = []
        if weights is not None:
            w = numeric_column(df, weights, "weights")
            no_missing(np.isnan(w), weights, "weights")
            if (w <= 0).any():
                raise OutOfRangeError(f"Weights must be positive; found {describe_values(zip(w[w <= 0], rows_of(w <= 0)))}.",
                                      fix="Correct them (a weight is 1 / inclusion probability); to leave "
                                      "rows out of an estimate use by= (a domain), not a zero weight.",
                                      column=weights, rows=rows_of(w <= 0))
        elif popsizes is not None:
            w = np.ones(len(df))
            for st, pop in zip(stages, popsizes):
                w = w * (pop / st.n_sampled)[st.stratum[st.cluster]]
            notes.append("weights computed from fpc (population / sample size at each stage)")
        else:
            w = np.ones(len(df))
            notes.append("no weights or fpc given: every row has weight 1")
        s(self, "_w", w)
        s(self, "_stages", tuple(stages if popsizes is not None else stages[:1]))
        s(self, "_labels", labels)
        s(self, "notes", tuple(notes))
        if lonely_psu == "error":
            self._check_lonely()

    # ---- construction -------------------------------------------------------------------
    def _build_stages(self):
        df, n = self.data, len(self.data)
        if self.strata is not None:
            s_codes, s_labels = codes(df, self.strata, "strata")
        else:
            s_codes, s_labels = np.zeros(n, np.intp), pd.Index([1])
        ids = [codes(df, c, "psu")[0] for c in self.psu] or [np.arange(n)]
        if self.nest and self.strata is not None:
            ids[0] = s_codes.astype(np.int64) * (ids[0].max() + 1) + ids[0]
            first, psu_labels = pd.factorize(ids[0])
        else:                                     # codes() already numbers the PSUs 0..k-1
            first, psu_labels = ids[0], np.arange(int(ids[0].max()) + 1)
        if len(psu_labels) == 1 and not (self.nest and self.strata is not None):
            raise DesignError("The design has only one primary sampling unit.",
                              fix="Check the psu column; a design needs at least two PSUs.",
                              column=self.psu[0] if self.psu else None)
        owner = np.empty(len(psu_labels), np.intp)
        owner[first] = s_codes
        crossed = owner[first] != s_codes
        if crossed.any():
            bad = np.unique(first[crossed])[:5]
            where = "; ".join(f"PSU {df[self.psu[0]].iloc[np.flatnonzero(first == b)[0]]} in strata "
                              f"{sorted(map(str, set(s_labels[s_codes[first == b]])))}" for b in bad)
            raise DesignError(f"PSUs are not nested in strata: the same PSU id appears in more than one "
                              f"stratum ({where}).",
                              fix="If PSU ids are only unique within strata, use nest=True; otherwise "
                              "correct the psu or strata column.", column=self.psu[0])
        fpcs = [numeric_column(df, c, "fpc") for c in self.fpc]
        for value, col in zip(fpcs, self.fpc):
            no_missing(np.isnan(value), col, "fpc")
            if (value <= 0).any():
                raise OutOfRangeError(f"fpc must be positive; found {describe_values(zip(value[value <= 0], rows_of(value <= 0)))}.",
                                      fix="Give population sizes (> 1) or sampling fractions (0-1].", column=col)
        popsize_given = any((v > 1).any() for v in fpcs)
        if popsize_given and any((v < 1).any() for v in fpcs):
            raise DesignError("fpc mixes population sizes (> 1) and sampling fractions (< 1).",
                              fix="Give every fpc column the same way: all population sizes or all fractions.",
                              column=self.fpc[0])
        stages, popsizes = [], []
        cluster, stratum, n_strata = first, s_codes, len(s_labels)
        parent, mult = np.zeros(n_strata, np.intp), np.ones(n_strata)
        mult_next = mult  # the next stage's multiplier, set at the end of each pass
        for k in range(len(ids)):
            if k:
                n_strata, stratum = stages[-1].n_clusters, stages[-1].cluster
                parent, mult = np.arange(n_strata), mult_next
                cluster = pd.factorize(stratum.astype(np.int64) * (ids[k].max() + 1) + ids[k])[0]
            n_clusters = int(cluster.max()) + 1
            c_stratum = np.empty(n_clusters, np.intp)
            c_stratum[cluster] = stratum
            n_sampled = np.bincount(c_stratum, minlength=n_strata).astype(float)
            pop = np.full(n_strata, np.inf)
            if fpcs:
                pop = self._popsize(fpcs[k], self.fpc[k], stratum, n_sampled, popsize_given, k + 1)
                popsizes.append(pop)
            stages.append(Stage(cluster=cluster, n_clusters=n_clusters, stratum=c_stratum, n_sampled=n_sampled,
                                 popsize=pop, parent=parent, multiplier=mult))
            mult_next = (mult * np.where(np.isinf(pop), 0.0, n_sampled / pop))[c_stratum]
        return stages, (popsizes or None), s_labels

    def _popsize(self, fpc, col, stratum, n_sampled, popsize_given, stage) -> np.ndarray:
        first = np.empty(len(n_sampled))
        first[stratum] = fpc
        varies = fpc != first[stratum]
        if varies.any():
            raise DesignError(f"fpc varies within a stratum at stage {stage} ({where(varies)}).",
                              fix="The fpc must be the same for every row of a stratum (at later stages: "
                              "of a cluster); correct the column.", column=col, rows=rows_of(varies))
        pop = first if popsize_given else n_sampled / first
        small = (pop < n_sampled)[stratum]
        if small.any():
            raise DesignError(f"fpc is smaller than the number of sampled units in its stratum at stage {stage} "
                              f"(implies more than 100% sampling; {where(small)}).",
                              fix="The fpc must be the population size of the stratum (>= sampled units) "
                              "or a sampling fraction.", column=col, rows=rows_of(small))
        return pop

    def _check_lonely(self) -> None:
        for k, st in enumerate(self._stages, start=1):
            lonely = (st.n_sampled == 1) & (st.keep >= CERTAINTY)
            if lonely.any():
                rows = lonely[st.stratum[st.cluster]]
                if k == 1:
                    names = ", ".join(f"({self._labels[h]})" for h in np.flatnonzero(lonely)[:5])
                    what = f"Stratum {names} has only one PSU at stage 1"
                else:
                    first_rows = np.flatnonzero(rows)
                    ids = pd.unique(self.data[self.psu[k - 2]].iloc[first_rows])[:5]
                    what = (f"Cluster(s) {', '.join(map(str, ids))} of '{self.psu[k - 2]}' have only one "
                            f"sampled unit at stage {k} and a sampling fraction below 1")
                raise DesignError(f"{what} ({where(rows)}).",
                                  fix="Collapse it with a similar stratum, or choose its variance with "
                                  "lonely_psu='adjust' (PSU total not centred), 'average' (mean of the other "
                                  "strata), 'certainty' or 'remove' (no contribution).",
                                  column=self.strata if k == 1 else self.psu[k - 1], rows=rows_of(rows))

    def _calibrated(self, w: np.ndarray, step) -> Design:
        new = object.__new__(Design)
        for name in self.__slots__:
            object.__setattr__(new, name, getattr(self, name))
        object.__setattr__(new, "_w", w)
        object.__setattr__(new, "calibration", self.calibration + (step,))
        return new

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"Design is immutable: cannot set '{name}'; build a new Design.")

    def __delattr__(self, name):
        raise FrozenInstanceError(f"Design is immutable: cannot delete '{name}'.")

    # ---- description ---------------------------------------------------------------------
    @property
    def degf(self) -> int:
        """Design degrees of freedom: first-stage PSUs minus strata (R ``degf()``)."""
        st = self._stages[0]
        return int(st.n_clusters - len(st.n_sampled))

    def _degf_where(self, rows: np.ndarray) -> int:
        """Degrees of freedom counted on ``rows`` (R ``degf`` of a subset: its PSUs minus its strata)."""
        st = self._stages[0]
        if rows.all():
            return self.degf
        present = np.bincount(st.cluster[rows], minlength=st.n_clusters) > 0
        strata = np.bincount(st.stratum[present], minlength=len(st.n_sampled)) > 0
        return int(present.sum() - strata.sum())

    def sampling_weights(self) -> pd.Series:
        """The (calibrated) weight of every row, indexed like the data."""
        return pd.Series(self._w.copy(), index=self.data.index, name="weight")

    def summary(self) -> str:
        """What the design is: stages, strata, PSUs, fpc, weights, calibration and notes."""
        st = self._stages[0]
        parts = [f"{len(self.data)} rows, {len(self.psu) or 1} stage(s), {len(st.n_sampled)} strata, "
                 f"{st.n_clusters} PSUs, df {self.degf}",
                 f"weights {self.weights!r}, strata {self.strata!r}, psu {list(self.psu)}, fpc {list(self.fpc)}, "
                 f"lonely_psu={self.lonely_psu!r}"]
        for step in self.calibration:
            if isinstance(step, weighting.PostStratification):
                parts.append(f"post-stratified on '{step.column}'")
            else:
                parts.append(f"raked on {list(step.columns)} ({step.iterations} iterations)")
        return "Design: " + "; ".join(parts + list(self.notes))

    __repr__ = summary

    # ---- calibration ---------------------------------------------------------------------
    def poststratify(self, col: str, population) -> Design:
        """Post-stratify to population counts; see :func:`tdkt_eval.design.weighting.poststratify`.

        Parameters
        ----------
        col : str
            Post-stratification variable.
        population : dict, Series or DataFrame
            Population count of every level of ``col``.

        Returns
        -------
        Design
            A new design whose SEs use the calibration residuals (R ``postStratify``).
            Validated against R survey 4.1.1 (2026-11-21).

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"g": ["a", "a", "b", "b"], "y": [1.0, 3, 5, 9]})
        >>> Design(df).poststratify("g", {"a": 30, "b": 10}).mean("y").estimate
        3.25
        """
        require(self.data, col, "post-stratification")
        w, step = weighting.poststratify(self.data[col], self._w, population, column=col)
        return self._calibrated(w, step)

    def rake(self, margins: dict, *, tol: float = 1e-7, max_iter: int = 100,
             trim: tuple[float, float] | None = None) -> Design:
        """Rake to population margins ``{col: {level: count}}``; see :func:`tdkt_eval.design.weighting.rake`.

        Returns
        -------
        Design
            A new design; SEs follow R ``rake()`` (converged with a tight ``epsilon``).
            Validated against R survey 4.1.1 (2026-11-21).

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": [0, 0, 1, 1], "b": [0, 1, 0, 1], "y": [1.0, 2, 3, 4]})
        >>> d = Design(df).rake({"a": {0: 6, 1: 4}, "b": {0: 5, 1: 5}})
        >>> round(d.total("y").estimate, 6)
        23.0
        """
        for col in margins:
            require(self.data, col, "raking")
        w, step = weighting.rake({c: self.data[c] for c in margins}, self._w, margins,
                                 tol=tol, max_iter=max_iter, trim=trim)
        return self._calibrated(w, step)

    # ---- estimation ----------------------------------------------------------------------
    @renamed(na_rm=NA_RM_TO_MISSING)
    def mean(self, col: str, *, by: str | list[str] | None = None, missing: Missing = "raise",
             ci_method: CIMethod = "t", conf_level: float = 0.95, deff_method: DeffMethod = "srswor") -> Estimate | DomainResult:
        """Weighted mean of ``col`` (R ``svymean``; with ``by``: ``svyby(..., svymean)``).

        Parameters
        ----------
        col : str
            Numeric column.
        by : str or list of str, optional
            Domain column(s); one row per domain is returned.
        missing : {'raise', 'drop'}, default 'raise'
            ``'drop'`` treats rows with a missing ``col`` (or ``by``) as outside the domain (they
            are kept with weight zero, so the variance stays right); ``'raise'`` refuses them.
            Formerly ``na_rm`` (``na_rm=True`` is ``missing='drop'``).
        ci_method : {'t', 'normal'}, default 't'
            t on the design's degrees of freedom (R ``confint(est, df = degf(design))``) or
            normal (R ``confint(est)``).  Domains use the full design's degrees of freedom.
        conf_level : float, default 0.95
        deff_method : {'srswor', 'srswr'}, default 'srswor'
            Reference variance of the design effect (R ``deff = TRUE`` / ``deff = "replace"``).

        Returns
        -------
        Estimate or DomainResult
            With ``by``: a :class:`DomainResult` whose ``to_frame()`` has the columns ``by...``,
            estimate, se, ci_low, ci_high, deff, n (a DataFrame before version 1.0).

        Notes
        -----
        ``ybar = sum w y / sum w``, linearised as ``u_i = (y_i - ybar) / sum w``.  The design
        effect uses ``s^2 (1 - n / sum w) / n`` with ``s^2`` the weighted variance (R's
        ``deff = TRUE`` uses this without-replacement form whether or not fpc is given).

        Validated against R survey 4.1.1 (2026-11-21): svymean and svyby on apistrat,
        apiclus1, apiclus2, calibrated and lonely-PSU designs.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "g": ["a", "a", "b", "b"]})
        >>> Design(df).mean("y", by="g").to_frame()[["g", "estimate", "n"]]
           g  estimate  n
        0  a       1.5  2
        1  b       3.5  2
        """
        y = numeric_column(self.data, col, "analysis")
        return self._estimate("mean", col, y, None, by, missing, ci_method, conf_level, deff_method)

    @renamed(na_rm=NA_RM_TO_MISSING)
    def total(self, col: str, *, by: str | list[str] | None = None, missing: Missing = "raise",
              ci_method: CIMethod = "t", conf_level: float = 0.95, deff_method: DeffMethod = "srswor") -> Estimate | DomainResult:
        """Weighted total ``sum w y`` (R ``svytotal``); parameters as :meth:`mean`.

        Validated against R survey 4.1.1 (2026-11-21).

        Examples
        --------
        >>> import pandas as pd
        >>> Design(pd.DataFrame({"y": [1.0, 2, 3], "w": [10, 10, 20]}), weights="w").total("y").estimate
        90.0
        """
        y = numeric_column(self.data, col, "analysis")
        return self._estimate("total", col, y, None, by, missing, ci_method, conf_level, deff_method)

    @renamed(level="category", na_rm=NA_RM_TO_MISSING)
    def proportion(self, col: str, category=None, *, by: str | list[str] | None = None, missing: Missing = "raise",
                   ci_method: CIMethod = "t", conf_level: float = 0.95, deff_method: DeffMethod = "srswor") -> Estimate | DomainResult:
        """Proportion of rows in ``category`` of ``col`` (R ``svymean`` on a factor).

        Parameters
        ----------
        category : scalar, optional
            The category (formerly ``level``).  Without it, every category is estimated and a
            :class:`DomainResult` is returned, with a ``category`` column (a DataFrame with a
            ``level`` column before version 1.0).
        Other parameters as :meth:`mean`.

        Notes
        -----
        The mean of the indicator ``y == category``; validated against R survey 4.1.1
        (2026-11-21) ``svymean(~factor)``.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"ok": ["Yes", "No", "Yes", "Yes"], "w": [1.0, 1, 1, 5]})
        >>> Design(df, weights="w").proportion("ok", "Yes").estimate
        0.875
        """
        require(self.data, col, "analysis")
        values = self.data[col]
        present = pd.unique(values.dropna())
        if category is None:
            frames = []
            for lv in np.sort(present):
                res = self.proportion(col, lv, by=by, missing=missing, ci_method=ci_method, conf_level=conf_level,
                                      deff_method=deff_method)
                table = res.to_frame().drop(columns=["name", "statistic", "df"], errors="ignore")
                frames.append(table.assign(category=lv))
            out = pd.concat(frames, ignore_index=True)
            keys = [c for c in out.columns if c not in COLUMNS + ["category"]]
            out = out.sort_values(keys, kind="stable", ignore_index=True) if keys else out
            return DomainResult(table=out[keys + ["category"] + COLUMNS], name=col, statistic="proportion",
                                by=tuple(keys), df=float(self.degf), conf_level=conf_level, ci_method=ci_method)
        if category not in set(present):
            raise InvalidCategoryError(f"Level {category!r} does not occur in '{col}' (levels: "
                                       f"{', '.join(map(repr, np.sort(present)))}).",
                                       fix="Choose one of the levels present.", column=col)
        y = (values == category).to_numpy(dtype=float, na_value=np.nan)
        y[values.isna().to_numpy()] = np.nan
        return self._estimate("proportion", f"{col}={category}", y, None, by, missing, ci_method, conf_level,
                              deff_method, column=col)

    @renamed(na_rm=NA_RM_TO_MISSING)
    def ratio(self, num: str, den: str, *, by: str | list[str] | None = None, missing: Missing = "raise",
              ci_method: CIMethod = "t", conf_level: float = 0.95, deff_method: DeffMethod = "srswor") -> Estimate | DomainResult:
        """Ratio of totals ``sum w y / sum w x`` (R ``svyratio``); parameters as :meth:`mean`.

        Notes
        -----
        Linearised as ``u_i = (y_i - R x_i) / sum w x``.  A domain mean equals the ratio of
        the domain-zeroed variable to the domain indicator.  Validated against R survey 4.1.1
        (2026-11-21).

        Examples
        --------
        >>> import pandas as pd
        >>> Design(pd.DataFrame({"y": [1.0, 2, 3], "x": [2.0, 2, 4]})).ratio("y", "x").estimate
        0.75
        """
        y = numeric_column(self.data, num, "numerator")
        x = numeric_column(self.data, den, "denominator")
        return self._estimate("ratio", f"{num}/{den}", y, x, by, missing, ci_method, conf_level, deff_method,
                              column=num if np.isnan(y).any() else den)

    def replicate(self, method: str, *, replicates: int = 50, rho: float = 0.5, seed: int = 0):
        """This design as replicate weights (R ``as.svrepdesign``): a :class:`ReplicateDesign`.

        Parameters
        ----------
        method : {'jk1', 'jkn', 'brr', 'fay', 'bootstrap'}
            Jackknife deleting one PSU (unstratified, or within strata), balanced half-samples
            (two PSUs per stratum; Fay's variant keeps ``rho`` of the other half), or Rao & Wu's
            rescaled bootstrap.  See :mod:`tdkt_eval.design.replicate`.
        replicates : int, default 50
            Bootstrap replicates.
        rho : float, default 0.5
            Fay's coefficient.
        seed : int, default 0
            Bootstrap draws.

        Notes
        -----
        The replicates come from the first stage; calibration is not repeated in each replicate.
        JK1 and JKn equal R ``as.svrepdesign(design, type = "JK1")`` / ``"JKn"`` to rounding
        (validated on apiclus1 and apistrat, 2026-12-07).  For a total in a design with two PSUs
        per stratum and no fpc, BRR, JKn and the linearised variance are equal.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 5, 6, 8], "psu": [1, 1, 2, 2, 3, 3]})
        >>> rep = Design(df, psu="psu").replicate("jk1")
        >>> rep.n_replicates, round(rep.mean("y").se, 4) == round(Design(df, psu="psu").mean("y").se, 4)
        (3, True)
        """
        from .replicate import replicate_weights

        if self.calibration:
            raise DesignError("Replicates of a calibrated design would need the calibration repeated in each.",
                              fix="Make the replicates from the design before poststratify/rake.")
        return replicate_weights(self, method, replicates=replicates, rho=rho, seed=seed)

    # ---- models and tests --------------------------------------------------------------
    def glm(self, formula: str, *, family: str = "gaussian", missing: Missing = "raise",
            conf_level: float = 0.95):
        """Design-based generalised linear model (R ``svyglm``).

        Parameters
        ----------
        formula : str
            ``"outcome ~ x1 + C(group)"`` (patsy, R's treatment coding: the first category in
            sorted order is the reference).  Expressions go in ``I(...)``: ``I(answer == 'Yes') ~ x``.
        family : {'gaussian', 'binomial', 'quasibinomial', 'poisson', 'quasipoisson'}, default 'gaussian'
            Identity, logit and log links.  For weighted 0/1 and count outcomes the quasi-families
            are R's usual choice; they give the same estimates and standard errors.
        missing : {'raise', 'drop'}, default 'raise'
            ``'drop'`` fits on the complete rows, kept in the design as a domain.
        conf_level : float, default 0.95

        Returns
        -------
        GLMResult
            Coefficients with design-based SEs, t tests and intervals on ``df_residual`` degrees
            of freedom; odds ratios (logit) or rate ratios (log) with their intervals.

        Raises
        ------
        NotEstimableError
            A constant outcome, or fewer PSUs than the model needs.
        DesignError
            A formula that cannot be read, collinear columns, missing values with ``missing='raise'``.

        Notes
        -----
        Sandwich variance ``A^-1 B A^-1`` with ``B`` the linearised covariance of the score totals
        (see :mod:`tdkt_eval.design.models`).  Validated against R survey 4.1.1 (2026-12-07,
        ``tests/reference/design_models.json``): gaussian, quasibinomial and quasipoisson models
        on apistrat, apiclus1, apiclus2 (two stages with fpc), a raked design and a random
        three-stage design, coefficients, SEs, p-values and intervals to 1e-8.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 2, 4, 5, 7], "x": [0, 1, 2, 3, 4, 5], "psu": [1, 1, 2, 2, 3, 3]})
        >>> fit = Design(df, psu="psu").glm("y ~ x")
        >>> fit.to_frame()[["term", "estimate"]].round(4)
                term  estimate
        0  Intercept    0.5714
        1          x    1.1714
        """
        from .models import fit_glm

        return fit_glm(self, formula, family, missing=missing, conf_level=conf_level)

    def ttest(self, col: str, group: str | None = None, *, mu: float = 0.0, missing: Missing = "raise",
              conf_level: float = 0.95):
        """Design-based t test (R ``svyttest``): the mean of ``col`` against ``mu``, or its difference between two groups.

        Parameters
        ----------
        col : str
            Numeric column.
        group : str, optional
            A column with two values: the test of the difference of the domain means (the second
            value in sorted order minus the first), on the design's degrees of freedom minus one.
            Without it: the mean minus ``mu``, on the design's degrees of freedom minus one.
        mu : float, default 0
        missing : {'raise', 'drop'}, default 'raise'
        conf_level : float, default 0.95

        Returns
        -------
        DesignTest
            t, its degrees of freedom, the p-value, and the difference with its interval.

        Notes
        -----
        Validated against R survey 4.1.1 (2026-12-07): ``svyttest(api00 ~ sch.wide, dclus1)``,
        ``svyttest(api00 ~ comp.imp, dstrat)``, ``svyttest(I(api00 - 650) ~ 0, dstrat)`` and a random
        three-stage design, to 1e-9.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 5, 6, 8], "g": list("ababab"), "psu": [1, 1, 2, 2, 3, 3]})
        >>> test = Design(df, psu="psu").ttest("y", "g")
        >>> round(test.estimate, 4), test.df
        (1.6667, (1.0,))
        """
        from .inference import ttest

        return ttest(self, col, group, mu=mu, missing=missing, conf_level=conf_level)

    def contrast(self, col, weights: dict, *, by: str | None = None, missing: Missing = "raise",
                 conf_level: float = 0.95) -> Estimate:
        """A linear combination of means and its design-based SE (R ``svycontrast``).

        Parameters
        ----------
        col : str or list of str
            With ``by``: one column, whose domain means are combined.  Without: several columns,
            whose means are combined.
        weights : dict
            Domain value (or column) → coefficient, e.g. ``{"urban": 1, "rural": -1}``; those not
            named get 0.
        by : str, optional
        missing : {'raise', 'drop'}, default 'raise'
        conf_level : float, default 0.95
            The interval uses a t quantile on the design's degrees of freedom.

        Notes
        -----
        The covariance of the means is the linearised covariance of their influence values.
        Validated against R survey 4.1.1 (2026-12-07): ``svycontrast(svyby(~api00, ~stype, dclus1,
        svymean, covmat = TRUE), c(E = 1, H = -1))`` and three more, estimate and SE to 1e-9.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 5, 6, 8], "g": list("ababab"), "psu": [1, 1, 2, 2, 3, 3]})
        >>> round(Design(df, psu="psu").contrast("y", {"b": 1, "a": -1}, by="g").estimate, 4)
        1.6667
        """
        from .inference import contrast

        return contrast(self, col, weights, by=by, missing=missing, conf_level=conf_level)

    def chisq(self, rows: str, cols: str, *, statistic: str = "F", missing: Missing = "raise"):
        """Test of association in a two-way table with the Rao–Scott correction (R ``svychisq``).

        Parameters
        ----------
        rows, cols : str
            The two categorical columns.
        statistic : {'F', 'Chisq'}, default 'F'
            ``'F'``: Pearson's X² divided by the trace of the design-effect matrix Δ, on an F
            distribution with ``d0 = tr(Δ)² / tr(Δ²)`` and ``d0 × df`` degrees of freedom
            (second-order correction, R's default).  ``'Chisq'``: X² referred to χ² with
            ``(r - 1)(c - 1)`` degrees of freedom after dividing by the mean eigenvalue of Δ
            (first-order correction).
        missing : {'raise', 'drop'}, default 'raise'

        Returns
        -------
        DesignTest

        Notes
        -----
        Rao, J. N. K. & Scott, A. J. (1984). On chi-squared tests for multiway contingency tables
        with cell proportions estimated from survey data. *Annals of Statistics*, 12, 46–60.
        Validated against R survey 4.1.1 (2026-12-07) on apiclus1, apistrat, apiclus2 and a random
        three-stage design, both statistics, to 1e-9.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": list("xxyyxyxyxyyx"), "b": list("uvuvuuvvvuuu"),
        ...                    "psu": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]})
        >>> test = Design(df, psu="psu").chisq("a", "b")
        >>> round(test.statistic, 4), round(test.p_value, 4)
        (0.9107, 0.3838)
        """
        from .inference import chisq

        return chisq(self, rows, cols, statistic=statistic, missing=missing)

    def quantile(self, col: str, *, probs=0.5, missing: Missing = "raise", conf_level: float = 0.95):
        """Weighted quantiles with Woodruff intervals (R ``svyquantile``, its defaults).

        Parameters
        ----------
        col : str
        probs : float or list of float, default 0.5
        missing : {'raise', 'drop'}, default 'raise'
        conf_level : float, default 0.95

        Returns
        -------
        QuantileResult
            probability, quantile, ci_low, ci_high and se (the interval's width over twice the t
            quantile), one row per probability.

        Notes
        -----
        The quantile is the smallest value whose weighted cumulative share reaches ``p`` (R's
        ``qrule = "math"``).  Woodruff (1952): the interval of the share of rows at or below the
        quantile, ``p̂ ± t × SE(p̂)`` on the design's degrees of freedom, mapped back through the
        weighted distribution.  Validated against R survey 4.1.1 (2026-12-07) on apiclus1,
        apistrat, apiclus2 and a random three-stage design, to 1e-9.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [3.0, 1, 4, 1, 5, 9, 2, 6], "psu": [1, 1, 2, 2, 3, 3, 4, 4]})
        >>> Design(df, psu="psu").quantile("y", probs=0.5).to_frame()["quantile"].tolist()
        [3.0]
        """
        from .inference import quantile

        return quantile(self, col, probs, missing=missing, conf_level=conf_level)

    # ---- engine --------------------------------------------------------------------------
    def _estimate(self, kind, name, y, x, by, missing, ci_method, conf_level, deff_method, column=None):
        """Estimate, SE, CI and deff of a total or a ratio of totals, in each domain."""
        na_rm = check_missing(missing, ("raise", "drop"), f"Design.{kind}") == "drop"
        check_conf_level(conf_level, f"Design.{kind}")
        check_choice(ci_method, "ci_method", ("t", "normal"))
        check_choice(deff_method, "deff_method", ("srswor", "srswr"))
        dom, labels = self._domains(by, na_rm)
        k = 1 if labels is None else len(labels)     # code k: outside every domain
        absent = np.isnan(y) if x is None else np.isnan(y) | np.isnan(x)
        if absent.any():
            if not na_rm:
                no_missing(absent, column or name, "analysis", "Pass missing='drop' to estimate from the answered "
                            "rows (they are kept as a domain, so the variance stays right), or impute them.")
            dom = np.where(absent, k, dom)
        w = self._w
        outside_none = not (dom == k).any()
        if not outside_none:                          # zero out, never drop, rows outside
            inside = dom < k
            w, y = np.where(inside, w, 0.0), np.where(inside, y, 0.0)
            x = None if x is None else np.where(inside, x, 0.0)

        def by_domain(v):
            if k == 1 and outside_none:          # one domain, every row in it: a plain sum
                return np.array([v.sum()])
            return np.bincount(dom, v, minlength=k + 1)[:k]

        W, n = by_domain(w), np.bincount(dom, minlength=k + 1)[:k].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            if kind == "total":
                est, u = by_domain(w * y), y
            else:                                     # ratio; a mean is the ratio to 1
                den = W if x is None else by_domain(w * x)
                est = by_domain(w * y) / den
                e, d = (est[0], den[0]) if k == 1 else (np.append(est, 0.0)[dom], np.append(den, 1.0)[dom])
                u = (y - e) / d if x is None else (y - e * x) / d
            wu = w * u
            var = self._variance(wu, np.minimum(dom, k - 1), k)
            ubar = np.append(by_domain(wu) / W, 0.0)
            s2 = by_domain(w * (u - (ubar[0] if k == 1 else ubar[dom])) ** 2) / W * n / (n - 1)
            srs = np.where(W >= n, (W - n) / (W * n), np.nan) if deff_method == "srswor" else 1 / n
            deff = var / (s2 * W**2 * srs)
        se = np.sqrt(var)
        df = float(self.degf)
        q = stats.t.ppf(0.5 + conf_level / 2, df) if ci_method == "t" else stats.norm.ppf(0.5 + conf_level / 2)
        if by is None:
            return Estimate(name=name, statistic=kind, estimate=float(est[0]), se=float(se[0]),
                            ci=(float(est[0] - q * se[0]), float(est[0] + q * se[0])), deff=float(deff[0]),
                            n=int(n[0]), df=df, conf_level=conf_level, ci_method=ci_method)
        out = labels.copy()
        for c, v in zip(COLUMNS, [est, se, est - q * se, est + q * se, deff, n.astype(int)]):
            out[c] = v
        return DomainResult(table=out, name=name, statistic=kind, by=tuple(labels.columns), df=df,
                            conf_level=conf_level, ci_method=ci_method)

    def _domains(self, by, na_rm) -> tuple[np.ndarray, pd.DataFrame | None]:
        n = len(self.data)
        if by is None:
            return np.zeros(n, np.intp), None
        cols = [by] if isinstance(by, str) else list(by)
        code = np.zeros(n, np.int64)
        missing = np.zeros(n, bool)
        levels = []
        for c in cols:
            require(self.data, c, "domain (by)")
            cc, lv = pd.factorize(self.data[c], sort=True)
            missing |= cc < 0
            code = code * (len(lv) + 1) + np.maximum(cc, 0)
            levels.append(lv)
        if not na_rm:
            no_missing(missing, ", ".join(cols), "domain (by)", "Pass missing='drop' to leave those rows out "
                        "of every domain, or recode them as a level of their own.")
        uniq, dom = np.unique(np.where(missing, -1, code), return_inverse=True)
        if missing.any():
            uniq, dom = uniq[1:], np.where(missing, len(uniq) - 1, dom - 1)
        labels = {}
        for c, lv in reversed(list(zip(cols, levels))):
            labels[c] = lv[uniq % (len(lv) + 1)]
            uniq = uniq // (len(lv) + 1)
        return dom.astype(np.intp), pd.DataFrame({c: labels[c] for c in cols})

    def _ratio_covariance(self, numerators: np.ndarray, denominators: np.ndarray | None = None):
        """Ratios of weighted totals ``sum w Y_k / sum w X_k`` (totals without ``X``) and their covariance.

        Rows outside a ratio's domain have zeros in both columns; one denominator column (1-D) serves
        every numerator.  Linearised: the influence values ``w (Y_k - theta_k X_k) / sum w X_k``.
        :class:`ReplicateDesign` answers the same question from its replicate weights, so every test and
        quantile works on both kinds of design.
        """
        if denominators is not None and denominators.ndim == 1:
            denominators = denominators[:, None]
        w = self._w
        totals = w @ numerators
        if denominators is None:
            return totals, self._covariance(w[:, None] * numerators)
        base = w @ denominators
        theta = totals / base
        return theta, self._covariance(w[:, None] * (numerators - theta * denominators) / base)

    def _covariance(self, dense: np.ndarray) -> np.ndarray:
        """Covariance matrix of the totals of the columns of ``dense`` (influence values, one row per row).

        R survey's ``svyrecvar``: after calibration the values are residualised first; each stage
        adds its centred cluster totals' cross-products.
        """
        if self.calibration:
            dense = weighting.residualize(dense, self.calibration)
        return sum(stage_covariance(_group_sum(st.cluster, dense, st.n_clusters), st, self.lonely_psu) for st in self._stages)

    def _variance(self, z: np.ndarray, column: np.ndarray, p: int) -> np.ndarray:
        """Variances of ``p`` statistics whose weighted linearised values are ``z`` in ``column``."""
        if self.calibration:
            dense = np.zeros((len(z), p))
            dense[np.arange(len(z)), column] = z
            dense = weighting.residualize(dense, self.calibration)
            totals = [_group_sum(st.cluster, dense, st.n_clusters) for st in self._stages]
        elif p == 1:
            totals = [np.bincount(st.cluster, z, minlength=st.n_clusters)[:, None] for st in self._stages]
        else:
            totals = [np.bincount(st.cluster * p + column, z, minlength=st.n_clusters * p).reshape(-1, p)
                      for st in self._stages]
        return sum(stage_variance(t, st, self.lonely_psu) for t, st in zip(totals, self._stages))

