"""The movement depth index ("chiều sâu"): 0-100 per unit and per district, with intervals.

Built with the composite framework from the staff survey's depth constructs (awareness,
participation, substance, sustainment, model examples, and formality reversed) and, where
given, record-based indicators (inspections per unit-year, on-time reporting, ...). The
staff-versus-citizen perception gap is a different measure: ``tdkt_eval.depth.perception_gap``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._results import Result, renamed_field
from .._args import check_conf_level, check_n_resamples, check_seed, old_value, renamed
from ..areas import default_area_column
from ..errors import DataQualityWarning, InconsistentValuesError, InvalidParameterError, MissingColumnError
from ..io.instruments import Instrument, load_instrument
from ..reliability import scale_scores
from ..indices.framework import _ranks
from ..indices.uncertainty import interval_table, uncertainty

__all__ = ["DEPTH_CONSTRUCTS", "DepthResult", "depth_index"]

#: Staff-survey constructs of the depth index; formality enters reversed (more formality, less depth).
DEPTH_CONSTRUCTS = ("awareness", "participation", "substance", "sustainment", "model_examples", "formality")


@dataclass(frozen=True, slots=True, kw_only=True)
class DepthResult(Result):
    """The movement depth index, from :func:`depth_index`.

    Attributes
    ----------
    units : DataFrame
        Indexed by ``unit_id``: the area column (``by`` of :func:`depth_index`), ``n``
        (respondents), ``weight`` (staff count used for areas), then ``index``, ``ci_low``, ``ci_high``, ``rank``, ``median_rank``,
        ``rank_low``, ``rank_high`` (as :class:`UncertaintyResult`).
    areas : DataFrame
        Indexed by the area (named as ``by``): ``n_units``, ``weight`` and the same seven columns
        (formerly ``districts``, which still reads with a FutureWarning).
    indicators : DataFrame
        The unit-level indicators the index was built from (construct means, records).
    weights : Series
        Nominal indicator weights.
    sensitivity : DataFrame
        Variance-based sensitivity of the unit ranks to sampling and each construction choice.
    n_resamples, seed : int
        Bootstrap runs (formerly ``n_runs``, which still reads with a FutureWarning) and seed.
    conf_level : float
        Coverage of the intervals (formerly ``level``, which still reads with a FutureWarning).
    """

    units: pd.DataFrame
    areas: pd.DataFrame
    indicators: pd.DataFrame
    weights: pd.Series
    sensitivity: pd.DataFrame
    n_resamples: int
    seed: int
    conf_level: float

    n_runs = renamed_field("n_runs", "n_resamples")
    level = renamed_field("level", "conf_level")
    districts = renamed_field("districts", "areas")

    @renamed(keyword_only=("level",))
    def to_frame(self, *, level: str = "unit") -> pd.DataFrame:
        """The unit table (``level="unit"``) or the area table (``level="area"``; formerly ``"district"``), a copy."""
        level = old_value(level, "level", {"district": "area"}, "DepthResult.to_frame", depth=3)
        if level not in ("unit", "area"):
            raise InvalidParameterError(f"The 'level' parameter of to_frame must be one of {{'unit', 'area'}}. "
                                        f"Got {level!r} instead.")
        return (self.units if level == "unit" else self.areas).copy()

    def summary(self) -> str:
        """Areas, then units, by index, with intervals."""
        pct = f"{self.conf_level:.0%}"
        return (f"Movement depth index (0-100), {self.n_resamples} runs (seed {self.seed}), {pct} intervals\n"
                f"Areas ({self.areas.index.name}):\n{self.areas.sort_values('rank').round(1).to_string()}\n\n"
                f"Units:\n{self.units.sort_values('rank').round(1).to_string()}\n\n"
                f"Sensitivity of unit ranks:\n{self.sensitivity.round(3).to_string()}")



def _bootstrap_means(scores: np.ndarray, groups: np.ndarray, n_units: int, n_runs: int,
                     rng: np.random.Generator) -> np.ndarray:
    """(n_runs, units, C) means of respondents resampled with replacement within each unit."""
    out = np.empty((n_runs, n_units, scores.shape[1]))
    for u in range(n_units):
        rows = scores[groups == u]
        draw = rng.integers(rows.shape[0], size=(n_runs, rows.shape[0]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a construct nobody answered in one draw -> NaN
            out[:, u, :] = np.nanmean(rows[draw], axis=1)
    return out


@renamed(n_runs="n_resamples", level="conf_level")
def depth_index(staff: pd.DataFrame, *, records: pd.DataFrame | None = None,
                record_directions: Mapping[str, int] | None = None,
                record_goalposts: Mapping[str, tuple[float, float]] | None = None,
                constructs: Sequence[str] = DEPTH_CONSTRUCTS, reversed_constructs: Sequence[str] = ("formality",),
                instrument: str | Instrument = "staff", scale: tuple[float, float] = (1, 5),
                min_items: float = 0.5, weights: Mapping[str, float] | None = None,
                choices: Mapping[str, tuple] | None = None, unit_weights: Mapping[str, float] | None = None,
                n_resamples: int = 1000, seed: int = 0, conf_level: float = 0.90, concentration: float = 20.0,
                min_respondents: int = 5, by: str | None = None) -> DepthResult:
    """Movement depth index 0-100 per unit and district, with sampling and construction uncertainty.

    Parameters
    ----------
    staff : DataFrame
        ``staff_responses`` contract: ``unit_id``, ``district`` and the item columns. Screen it
        first (``tdkt_eval.quality.screen``): straight-liners and duplicates enter as they are.
    records : DataFrame, optional
        Unit-level record indicators, indexed by ``unit_id`` (or with a ``unit_id`` column), one
        numeric column per indicator, e.g. inspections per unit-year or the on-time reporting rate.
        Units absent from it have these indicators missing.
    record_directions : mapping, optional
        +1 (default) / -1 per record indicator (-1: lower is better, e.g. the late share).
    record_goalposts : mapping, optional
        (low, high) per record indicator, e.g. ``(0, 1)`` for a rate; default its observed range.
    constructs : sequence of str, default :data:`DEPTH_CONSTRUCTS`
        Constructs of ``instrument`` to use; their items and reverse-keyed items come from it.
    reversed_constructs : sequence of str, default ("formality",)
        Constructs where a higher score means less depth (direction -1).
    instrument : str or Instrument, default "staff"
    scale : (float, float), default (1, 5)
        Answer scale; also the goalposts of every construct (1 -> 0, 5 -> 100).
    min_items : float, default 0.5
        Passed to :func:`tdkt_eval.reliability.scale_scores`.
    weights : mapping, optional
        Nominal indicator weights; default equal.
    choices : mapping, optional
        Construction alternatives, as :func:`tdkt_eval.indices.uncertainty`. Default: Dirichlet
        weights around the nominal ones, arithmetic or geometric aggregation.
    unit_weights : mapping, optional
        Staff count per unit for district aggregation (e.g. workforce headcount); default the
        number of respondents of the unit.
    n_resamples, seed, conf_level, concentration
        As :func:`tdkt_eval.indices.uncertainty`; ``n_resamples`` is also the number of bootstrap
        samples (formerly ``n_runs``; ``conf_level`` was ``level``).
    min_respondents : int, default 5
        Units with fewer respondents are kept, with a :class:`DataQualityWarning`.
    by : str, optional
        The area column units are grouped by. Default: ``area`` (set by
        :func:`tdkt_eval.areas.to_current_map`), else ``district`` (a former district), else
        ``commune``. The area table (``areas``) is indexed by ``by``.

    Returns
    -------
    DepthResult

    Notes
    -----
    1. Scale scores per respondent (mean of the construct's items, reverse items recoded),
       then unit means :math:`\\bar x_{uc}`.
    2. Nominal index: goalposts normalisation (construct: :math:`100(\\bar x - 1)/4`, reversed
       for formality), nominal weights, arithmetic mean; an absolute 0-100 scale.
    3. Interval: in run :math:`r` the respondents of every unit are resampled with
       replacement (stratified bootstrap, seeded) and the index is rebuilt with construction
       choices drawn as in :func:`tdkt_eval.indices.uncertainty`; ``ci_low``/``ci_high`` and
       the rank interval are percentiles of the runs. Record indicators are held fixed.
    4. District index in each run: :math:`\\sum_u m_u I_u / \\sum_u m_u` over the district's
       units, :math:`m_u` the unit's staff count; so a district's interval carries the same
       sampling and construction draws as its units.

    References
    ----------
    OECD/JRC (2008), Handbook on Constructing Composite Indicators, sections 6-7;
    Saisana, Saltelli & Tarantola (2005), JRSS A 168(2).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> items = [f"{p}{i}" for p in ("aw", "pa", "su", "sm", "me", "fo") for i in range(1, 6)]
    >>> staff = pd.DataFrame(rng.integers(1, 6, (60, len(items))), columns=items).astype(float)
    >>> staff = staff.drop(columns=["aw5", "pa5", "sm5", "me5", "fo5"])
    >>> staff["unit_id"] = np.repeat(["U1", "U2", "U3", "U4"], 15)
    >>> staff["district"] = np.repeat(["D1", "D2"], 30)
    >>> res = depth_index(staff, n_resamples=100)
    >>> list(res.areas.columns)[-7:]
    ['index', 'ci_low', 'ci_high', 'rank', 'median_rank', 'rank_low', 'rank_high']
    >>> bool(((res.units.ci_low <= res.units["index"]) & (res.units["index"] <= res.units.ci_high)).all())
    True
    """
    check_n_resamples(n_resamples, "depth_index", minimum=10)
    check_seed(seed, "depth_index")
    check_conf_level(conf_level, "depth_index")
    inst = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    known = inst.constructs()
    unknown = [c for c in constructs if c not in known]
    if unknown or not constructs:
        raise InvalidParameterError(f"'constructs' must be constructs of the {inst.form_id!r} form "
                                    f"({sorted(known)}). Got unknown {unknown}.")
    cons = {c: known[c] for c in constructs}
    by = default_area_column(staff) if by is None else by
    if by != "district" and by in staff.columns:
        staff = staff.assign(district=staff[by])
    need = ["unit_id", "district", *[i for names in cons.values() for i in names]]
    absent = [c for c in need if c not in staff.columns]
    if absent:
        raise MissingColumnError(f"The staff table lacks columns {absent}.", column=absent[0],
                                 fix="Load it with tdkt_eval.load_survey(..., instrument='staff').")
    used = {i for names in cons.values() for i in names}
    reverse = [i for i in inst.reverse_items() if i in used]
    scores = scale_scores(staff, cons, reverse=reverse, scale=scale, min_items=min_items)
    units = staff["unit_id"].astype(str)
    districts = staff.groupby(units)["district"].agg(lambda s: tuple(sorted(set(s.astype(str)))))
    multi = districts[districts.map(len) > 1]
    if len(multi):
        raise InconsistentValuesError(f"Units {list(multi.index[:5])} appear in more than one area ('{by}').",
                                      column=by, fix=f"Give every unit one value of '{by}'.")
    codes, uniq = pd.factorize(units, sort=True)
    n = pd.Series(np.bincount(codes), index=pd.Index(uniq, name="unit_id"), name="n")
    few = {k: int(v) for k, v in n[n < min_respondents].items()}
    if few:
        warnings.warn(f"{len(few)} units have fewer than {min_respondents} respondents ({dict(list(few.items())[:5])}"
                      f"{' …' if len(few) > 5 else ''}); their intervals are wide and their bootstrap unreliable.",
                      DataQualityWarning, stacklevel=3)  # 3: past the renamed() wrapper
    means = scores.groupby(codes).mean().set_axis(uniq).rename_axis("unit_id")
    directions = {c: -1 if c in reversed_constructs else 1 for c in cons}
    goalposts = {c: tuple(scale) for c in cons}
    rng = np.random.default_rng(seed)
    boot = _bootstrap_means(scores.to_numpy(dtype=float), codes, len(uniq), n_resamples, rng)
    table = means
    if records is not None:
        rec = records.set_index("unit_id") if "unit_id" in records.columns else records
        rec = rec.rename(index=str).reindex(uniq)
        clash = sorted(set(rec.columns) & set(table.columns))
        if clash:
            raise InvalidParameterError(f"Record indicators {clash} have the names of survey constructs; rename them.")
        rg = dict(record_goalposts or {})
        for c in rec.columns:
            rg.setdefault(c, (float(rec[c].min()), float(rec[c].max())))
        directions.update({c: int((record_directions or {}).get(c, 1)) for c in rec.columns})
        goalposts.update(rg)
        table = pd.concat([means, rec], axis=1)
        boot = np.concatenate([boot, np.broadcast_to(rec.to_numpy(dtype=float), (n_resamples, *rec.shape))], axis=2)
    if choices is None:
        choices = {"weights": ("dirichlet",), "aggregation": ("arithmetic", "geometric")}
    res = uncertainty(table, normalisation="goalposts", weights=weights, choices=choices,
                      n_resamples=n_resamples, seed=int(rng.integers(2**31)), conf_level=conf_level, replicates=boot, directions=directions,
                      goalposts=goalposts, concentration=concentration)
    m = n.astype(float) if unit_weights is None else pd.Series(unit_weights, dtype=float).rename(index=str)
    lacking = [u for u in uniq if u not in m.index or not m[u] > 0]
    if lacking:
        raise InvalidParameterError(f"'unit_weights' needs a positive staff count for every unit; missing or not "
                                    f"positive for {lacking[:5]}.")
    m = m.reindex(uniq)
    dist = districts.map(lambda t: t[0]).reindex(uniq)
    unit_table = pd.concat([dist.rename(by), n, m.rename("weight"), res.units], axis=1)
    unit_table.index.name = "unit_id"
    areas = _areas(res, dist, m, conf_level).rename_axis(by)
    return DepthResult(units=unit_table, areas=areas, indicators=table,
                       weights=res.weights, sensitivity=res.sensitivity, n_resamples=n_resamples, seed=seed, conf_level=conf_level)


def _areas(res, dist: pd.Series, m: pd.Series, conf_level: float) -> pd.DataFrame:
    """Area index: staff-weighted means of unit scores, run by run."""
    names, code = np.unique(dist.to_numpy(), return_inverse=True)
    agg = np.zeros((len(dist), len(names)))
    agg[np.arange(len(dist)), code] = m.to_numpy()
    agg /= agg.sum(axis=0)
    nominal = res.units["index"].to_numpy() @ agg
    runs = res.scores.to_numpy() @ agg
    nom = pd.DataFrame({"score": nominal, "rank": _ranks(nominal[None])[0].astype(int)}, index=names)
    table = interval_table(nom, runs, _ranks(runs), conf_level)
    head = pd.DataFrame({"n_units": np.bincount(code), "weight": np.bincount(code, weights=m.to_numpy())},
                        index=names)
    out = pd.concat([head, table], axis=1)
    out.index.name = "district"
    return out
