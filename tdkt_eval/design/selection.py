"""Drawing a multi-stage sample from a frame: communes by PPS, villages within them, households within villages.

:func:`select_sample` walks a frame of villages (with their commune, stratum and number of
households) stage by stage, as PAPI draws its sample:

1. in each stratum, communes by systematic PPS on their households, certainty communes first
   (:func:`tdkt_eval.design.planning.pps_systematic`, R ``UPsystematic``);
2. in each selected commune, villages by simple random sampling, equal-probability systematic
   sampling, or systematic PPS;
3. in each selected village, a fixed number of households (all of them when it has fewer).

Every stage draws from its own random stream, derived from ``seed`` and the stage's unit in a
fixed order, so a draw is reproduced exactly from the seed and the frame, and the random start of
each stratum's PPS walk is written in the output for an audit.  The output holds each stage's
inclusion probability and the design weight ``1 / (π1 π2 π3)`` of a household, with the columns
:class:`tdkt_eval.Design` reads (stratum, commune as the PSU, weight).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._args import check_choice, check_seed, require_columns
from ..errors import InvalidParameterError
from .planning import systematic_pps

__all__ = ["FRAME_HEADERS", "attach_design", "communes_for_interviews", "field_list", "read_frame", "select_sample",
           "write_field_list"]

#: Headers recognised in a frame file, folded (no accents, lower case): role → accepted headers.
FRAME_HEADERS = {
    "stratum": ("huyen", "tang", "stratum", "khu vuc", "huyen cu", "dia ban"),
    "commune": ("xa", "xa phuong", "xa, phuong", "phuong", "xa/phuong", "commune", "ten xa"),
    "village": ("thon", "thon, to dan pho", "thon/to dan pho", "to dan pho", "ap", "ban", "village", "ten thon"),
    "size": ("so ho", "ho", "households", "tong so ho", "so ho gia dinh"),
}


#: The field list's columns (select_sample's names for its own, roles for the frame's) and their label keys.
_FIELD_KEYS = {"stratum": "field_stratum", "commune": "field_commune", "village": "field_village",
               "size": "field_households", "households_to_interview": "field_to_interview", "pi_1": "field_pi_1",
               "pi_2": "field_pi_2", "pi_3": "field_pi_3", "certainty": "field_certainty",
               "design_weight": "field_weight", "pps_start": "field_start"}


def _per_stratum(value, strata: list, name: str) -> dict:
    """A count for every stratum: one number for all, or a dict stratum → number."""
    if isinstance(value, dict):
        missing = [s for s in strata if s not in value]
        if missing:
            raise InvalidParameterError(f"The '{name}' parameter gives no number for the strata {missing}.")
        return {s: int(value[s]) for s in strata}
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return {s: int(value) for s in strata}
    raise InvalidParameterError(f"The '{name}' parameter must be a whole number or a dict stratum → number. "
                                f"Got {value!r} instead.")


def _stream(seed: int, *keys: int) -> np.random.Generator:
    """A random stream of its own for one stratum or commune: the draw does not depend on the others."""
    return np.random.default_rng([seed, *keys])


def _villages(sizes: np.ndarray, m: int, method: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Stage 2 within one commune: positions of the selected villages and their probability."""
    big_m = len(sizes)
    if m >= big_m:
        return np.arange(big_m), np.ones(big_m)
    if method == "pps":
        pik, selected = systematic_pps(sizes, m, float(rng.uniform()))
        return np.flatnonzero(selected), pik[selected]
    if method == "systematic":
        step = big_m / m
        positions = np.floor(rng.uniform() * step + step * np.arange(m)).astype(int)
    else:
        positions = np.sort(rng.choice(big_m, size=m, replace=False))
    return positions, np.full(m, m / big_m)


def select_sample(frame: pd.DataFrame, *, stratum: str, commune: str, village: str, size: str,
                  communes, villages: int, households, village_method: str = "srs",
                  seed: int = 0) -> pd.DataFrame:
    """Draw a three-stage sample (communes by PPS, villages, households) and return the field list.

    Parameters
    ----------
    frame : DataFrame
        One row per village: its stratum, commune, village name and number of households. The
        order of the rows is the order the PPS walk follows (sort by area for an implicit
        stratification).  Never modified.
    stratum, commune, village, size : str
        The columns.
    communes : int or dict
        Communes to select in each stratum (one number for all, or stratum → number).
    villages : int
        Villages per selected commune (all of them in a commune that has fewer).
    households : int or dict
        Households to interview per selected village (all of them in a smaller village): one
        number for all, or stratum → number.
    village_method : {'srs', 'systematic', 'pps'}, default 'srs'
        How villages are drawn within a commune.
    seed : int, default 0
        The draw is a function of the frame and the seed.

    Returns
    -------
    DataFrame
        One row per selected village: stratum, commune, village, the frame's households, the
        frame's other columns, ``households_to_interview``, ``pi_1`` (commune), ``pi_2`` (village in commune), ``pi_3``
        (household in village), ``certainty`` (a commune taken for sure), ``design_weight``
        (1 / (π1 π2 π3), the weight of each household interviewed there) and ``pps_start`` (the
        random start of the stratum's PPS walk).

    Notes
    -----
    For the analysis, ``Design(df, strata=stratum, psu=commune, weights="design_weight")`` treats
    the communes as drawn with replacement (no fpc), the usual approximation for a PPS first
    stage; it is conservative when few communes of a stratum are taken.

    Examples
    --------
    >>> frame = pd.DataFrame({"huyen": ["A"] * 6 + ["B"] * 6, "xa": list("ppqqrrsstuuv"),
    ...                       "thon": [f"T{i}" for i in range(12)], "ho": [120, 80, 200, 150, 90, 60,
    ...                                                               300, 100, 50, 70, 110, 40]})
    >>> s = select_sample(frame, stratum="huyen", commune="xa", village="thon", size="ho",
    ...                   communes=2, villages=1, households=10, seed=7)
    >>> len(s), s.groupby("huyen").size().tolist()
    (4, [2, 2])
    >>> bool((s["pi_1"] * s["pi_2"] * s["pi_3"] * s["design_weight"]).round(12).eq(1).all())
    True
    """
    require_columns(frame, [stratum, commune, village, size], "frame")
    check_choice(village_method, "village_method", ("srs", "systematic", "pps"))
    check_seed(seed, "select_sample")
    if seed is None:
        raise InvalidParameterError("select_sample needs a seed (a whole number), so that the draw can be repeated.")
    if not isinstance(villages, (int, np.integer)) or isinstance(villages, bool) or villages < 1:
        raise InvalidParameterError(f"The 'villages' parameter must be a whole number of at least 1. Got {villages!r}.")
    sizes = pd.to_numeric(frame[size], errors="coerce")
    if sizes.isna().any() or (sizes < 0).any():
        rows = (np.flatnonzero(sizes.isna() | (sizes < 0)) + 2)[:10].tolist()
        raise InvalidParameterError(f"The '{size}' column must hold numbers of households (0 or more); rows {rows} "
                                    "do not.")
    values = sizes.to_numpy(float)
    stratum_codes, strata = pd.factorize(frame[stratum])
    commune_codes, _ = pd.factorize(frame[commune].astype(str) + "\x00" + frame[stratum].astype(str))
    wanted = _per_stratum(communes, list(strata), "communes")
    per_village = _per_stratum(households, list(strata), "households")
    if min(per_village.values()) < 1:
        raise InvalidParameterError(f"The 'households' parameter must be at least 1. Got {households!r}.")
    rows, pi_1, pi_2, certain, starts = [], [], [], [], []
    for h_index, h in enumerate(strata):
        in_stratum = np.flatnonzero(stratum_codes == h_index)
        units, first_row, which = np.unique(commune_codes[in_stratum], return_index=True, return_inverse=True)
        walk = np.argsort(first_row)                              # communes in frame order: the PPS walk
        commune_sizes = np.bincount(which, values[in_stratum])[walk]
        units = units[walk]
        start = float(_stream(seed, h_index).uniform())
        pik, selected = systematic_pps(commune_sizes, wanted[h], start)
        for position in np.flatnonzero(selected):
            members = in_stratum[commune_codes[in_stratum] == units[position]]
            chosen, probability = _villages(values[members], villages, village_method,
                                            _stream(seed, h_index, int(position) + 1))
            rows.append(members[chosen])
            pi_2.append(probability)
            pi_1.append(np.full(len(chosen), pik[position]))
            certain.append(np.full(len(chosen), pik[position] >= 1 - 1e-6))
            starts.append(np.full(len(chosen), start))
    rows = np.concatenate(rows)
    sample = frame.iloc[rows].reset_index(drop=True).assign(**{size: values[rows]})
    frame_households = values[rows]
    interview = np.minimum(np.array([per_village[h] for h in strata], float)[stratum_codes[rows]], frame_households)
    with np.errstate(divide="ignore", invalid="ignore"):
        pi_3 = np.where(frame_households > 0, interview / frame_households, 0.0)
    sample = sample.assign(households_to_interview=interview.astype(int), pi_1=np.concatenate(pi_1),
                           pi_2=np.concatenate(pi_2), pi_3=pi_3, certainty=np.concatenate(certain),
                           pps_start=np.concatenate(starts))
    sample["design_weight"] = 1.0 / (sample["pi_1"] * sample["pi_2"] * sample["pi_3"])
    first = [stratum, commune, village, size]
    added = ["households_to_interview", "pi_1", "pi_2", "pi_3", "certainty", "design_weight", "pps_start"]
    return sample[first + [c for c in frame.columns if c not in first] + added]


def communes_for_interviews(frame: pd.DataFrame, n: int, *, stratum: str, commune: str, size: str,
                            villages: int, households: int, minimum: int = 2) -> dict:
    """Communes to select in each stratum so that about ``n`` households are interviewed.

    The communes needed, ``ceil(n / (villages x households))``, are shared across strata in
    proportion to their households (:func:`tdkt_eval.design.planning.allocate`), with at least
    ``minimum`` in every stratum (two PSUs are the fewest that give a variance) and never more
    than the stratum has.

    Examples
    --------
    >>> frame = pd.DataFrame({"huyen": ["A"] * 6 + ["B"] * 3, "xa": list("pqrstuvwx"), "ho": [500] * 9})
    >>> communes_for_interviews(frame, 240, stratum="huyen", commune="xa", size="ho", villages=3, households=10)
    {'A': 5, 'B': 3}
    """
    from .._messages import Text
    from ..errors import TdktInputError
    from .planning import allocate

    counts = frame.groupby(stratum, sort=False)[commune].nunique()
    needed = max(math.ceil(n / (villages * households)), minimum * len(counts))
    if needed > counts.sum():
        raise TdktInputError(Text(
            "{n} interviews need {needed} communes of {v} villages x {k} households, but the frame has {have}.",
            "{n} phiếu cần {needed} xã ({v} thôn x {k} hộ mỗi xã), nhưng khung mẫu chỉ có {have} xã.",
            {"n": n, "needed": needed, "v": villages, "k": households, "have": int(counts.sum())}),
            fix=Text("Take more villages or households in each commune, or lower --n.",
                     "Hãy chọn thêm thôn hoặc hộ ở mỗi xã, hoặc giảm --n."))
    households_by_stratum = frame.groupby(stratum, sort=False)[size].sum().clip(lower=1)
    shares = allocate(households_by_stratum, needed, minimum=minimum).set_index("stratum")["n"]
    shares = shares.clip(upper=counts)
    while shares.sum() < needed:              # a stratum cannot give more communes than it has
        room = shares < counts
        shares[(households_by_stratum / shares.clip(lower=1))[room].idxmax()] += 1
    return {h: int(v) for h, v in shares.items()}


def field_list(sample: pd.DataFrame, *, stratum: str, commune: str, village: str, size: str,
               lang: str = "vi") -> pd.DataFrame:
    """The drawn sample as the field team reads it: headers in ``lang``, probabilities rounded, Yes/No.

    Examples
    --------
    >>> frame = pd.DataFrame({"huyen": ["A"] * 4, "xa": list("ppqq"), "thon": list("wxyz"), "ho": [50, 70, 40, 90]})
    >>> s = select_sample(frame, stratum="huyen", commune="xa", village="thon", size="ho", communes=1,
    ...                   villages=1, households=10, seed=1)
    >>> list(field_list(s, stratum="huyen", commune="xa", village="thon", size="ho").columns)[:4]
    ['Tầng (huyện)', 'Xã, phường', 'Thôn, tổ dân phố', 'Số hộ (khung mẫu)']
    """
    from ..i18n import check_lang, label

    lang = check_lang(lang)
    roles = {"stratum": stratum, "commune": commune, "village": village, "size": size}
    names = {roles.get(role, role): key for role, key in _FIELD_KEYS.items()}
    out = sample.copy()
    for column in ("pi_1", "pi_2", "pi_3", "pps_start"):
        out[column] = out[column].round(6)
    out["design_weight"] = out["design_weight"].round(3)
    if (out[size] % 1 == 0).all():
        out[size] = out[size].astype("int64")             # households are counted, not measured
    out["certainty"] = [label("yes" if c else "no", lang).capitalize() for c in out["certainty"]]
    return out.rename(columns={c: label(k, lang) for c, k in names.items()})


def write_field_list(sample: pd.DataFrame, path, *, stratum: str, commune: str, village: str, size: str,
                     lang: str = "vi"):
    """Write :func:`field_list` to an .xlsx file, atomically; formulas in cells are escaped."""
    from ..i18n import label
    from ..output import write_xlsx_atomic
    from ..reporting.disclosure import escape_formulas

    table = field_list(sample, stratum=stratum, commune=commune, village=village, size=size, lang=lang)
    return write_xlsx_atomic(path, escape_formulas(table), sheet=label("field_sheet", lang))


def read_frame(path, *, columns: dict | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """A frame file (.xlsx first sheet, or .csv) and its stratum, commune, village and size columns.

    Each role is found by the header (``FRAME_HEADERS``, compared without accents or case), unless
    ``columns`` names it.

    Raises
    ------
    TdktInputError
        The file cannot be read, or a role has no column; the message lists the file's headers.
    """
    from pathlib import Path

    from .._messages import Text
    from ..errors import TdktInputError
    from ..io.text import fold

    path = Path(path)
    try:
        frame = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xlsm") else pd.read_csv(path)
    except (OSError, ValueError) as err:
        raise TdktInputError(Text("The frame file cannot be read ({error}).", "Không đọc được tệp khung mẫu ({error}).",
                                  {"error": type(err).__name__}), source=path,
                             fix=Text("Save it as .xlsx or CSV UTF-8, with one row per village.",
                                      "Hãy lưu tệp dạng .xlsx hoặc CSV UTF-8, mỗi thôn một dòng.")) from None
    chosen = dict(columns or {})
    folded = {fold(str(c)).strip(): c for c in frame.columns}
    for role, accepted in FRAME_HEADERS.items():
        if role not in chosen:
            found = [folded[h] for h in accepted if h in folded]
            if found:
                chosen[role] = found[0]
    missing = [role for role in FRAME_HEADERS if role not in chosen or chosen[role] not in frame.columns]
    if missing:
        roles = {"stratum": ("stratum", "tầng/huyện"), "commune": ("commune", "xã"), "village": ("village", "thôn"),
                 "size": ("households", "số hộ")}
        raise TdktInputError(
            Text("The frame has no column for: {en}. Its headers: {headers}.",
                 "Khung mẫu thiếu cột: {vi}. Các tiêu đề có trong tệp: {headers}.",
                 {"en": ", ".join(roles[r][0] for r in missing), "vi": ", ".join(roles[r][1] for r in missing),
                  "headers": ", ".join(map(str, frame.columns))}),
            source=path, fix=Text("Name the columns 'Huyện', 'Xã', 'Thôn' and 'Số hộ', or give them with "
                                  "--stratum, --commune, --village and --size.",
                                  "Hãy đặt tên cột là 'Huyện', 'Xã', 'Thôn' và 'Số hộ', hoặc chỉ rõ bằng "
                                  "--stratum, --commune, --village và --size."))
    return frame, chosen


#: The field list's columns that attach_design needs.
_NEEDED = ("stratum", "commune", "village", "households_to_interview", "pi_1", "pi_2", "pi_3", "design_weight")


def _field_table(field, columns: dict | None) -> pd.DataFrame:
    """The field list with role names (stratum, commune, village, size, …), from select_sample or its .xlsx."""
    from pathlib import Path

    from .._messages import Text
    from ..errors import TdktInputError
    from ..i18n import label
    from ..io.text import fold

    if not isinstance(field, pd.DataFrame):
        path = Path(field)
        field = pd.read_excel(path)
        headers = {fold(label(key, lang)): role for role, key in _FIELD_KEYS.items() for lang in ("vi", "en")}
        field = field.rename(columns={c: headers[fold(str(c))] for c in field.columns if fold(str(c)) in headers})
        missing = [_FIELD_KEYS[role] for role in _NEEDED if role not in field.columns]
        if missing:
            raise TdktInputError(Text("This is not a field list written by tdkt-eval sample: no column {en}.",
                                      "Đây không phải danh sách điều tra do tdkt-eval sample ghi: thiếu cột {vi}.",
                                      {lang: ", ".join(label(k, lang) for k in missing) for lang in ("en", "vi")}),
                                 source=path,
                                 fix=Text("Give the .xlsx that tdkt-eval sample wrote, with its headers unchanged.",
                                          "Hãy dùng tệp .xlsx do tdkt-eval sample ghi, giữ nguyên dòng tiêu đề."))
        return field
    if columns is None:
        raise InvalidParameterError("Give columns= (the frame's stratum, commune, village and size columns, as "
                                    "read_frame returns them) with a field list drawn by select_sample.")
    return field.rename(columns={name: role for role, name in columns.items()})


def attach_design(responses: pd.DataFrame, field, *, commune: str = "commune", village: str = "village",
                  columns: dict | None = None, source: str | None = None) -> pd.DataFrame:
    """Add the sample's design columns to the interviews, by the commune and village each one names.

    After fieldwork, each interview (a KoboToolbox/ODK export, say) names its commune and village.
    This looks them up in the field list and adds ``stratum``, ``psu`` (the commune), the stage
    probabilities and ``weight``, so that :class:`tdkt_eval.Design` can be built with nothing typed
    again. Names are matched without accents, case or extra spaces (``Thon 3`` finds ``Thôn 3``).

    The weight is the design weight adjusted for nonresponse within the village: a village where
    15 of 20 planned households answered gives each of them 20/15 of its design weight, so the
    village still stands for its share of the province (a weighting-class adjustment with villages
    as the cells, as :func:`tdkt_eval.design.planning.adjust_nonresponse`).

    Parameters
    ----------
    responses : DataFrame
        One row per completed interview, with the commune and village columns. Never modified.
    field : DataFrame or path
        :func:`select_sample`'s result (then give ``columns``), or the field-list .xlsx that
        ``tdkt-eval sample`` wrote (Vietnamese or English headers).
    commune, village : str
        The responses' columns.
    columns : dict, optional
        For a DataFrame ``field``: the frame's stratum, commune, village and size columns
        (role → name, as :func:`read_frame` returns them).
    source : str, optional
        The responses' file name, for messages.

    Returns
    -------
    DataFrame
        ``responses`` with ``stratum``, ``psu``, ``pi_1``, ``pi_2``, ``pi_3``, ``design_weight``,
        ``completed`` (interviews in the village) and ``weight``.

    Raises
    ------
    TdktInputError
        An interview names a commune and village that are not in the field list (the rows are
        listed), or a village has more interviews than households to interview.

    Examples
    --------
    >>> frame = pd.DataFrame({"huyen": ["A"] * 4 + ["B"] * 4, "xa": list("ppqqrrss"),
    ...                       "thon": ["Thôn 1", "Thôn 2"] * 4, "ho": [50, 70, 40, 90, 60, 80, 30, 20]})
    >>> roles = dict(stratum="huyen", commune="xa", village="thon", size="ho")
    >>> s = select_sample(frame, **roles, communes=1, villages=1, households=2, seed=1)
    >>> answers = pd.DataFrame({"commune": s["xa"].repeat(2), "village": s["thon"].str.replace("ô", "o").repeat(2)})
    >>> d = attach_design(answers.iloc[:-1], s, columns=roles)
    >>> d[["stratum", "psu", "completed"]].drop_duplicates().to_numpy().tolist()
    [['A', 'q', 2], ['B', 'r', 1]]
    """
    from .._messages import Text
    from ..errors import TdktInputError
    from ..io.text import fold

    require_columns(responses, [commune, village], "responses")
    table = _field_table(field, columns)
    key = [fold(str(c)) + "\x00" + fold(str(v)) for c, v in zip(table["commune"], table["village"])]
    wanted = [fold(str(c)) + "\x00" + fold(str(v)) for c, v in zip(responses[commune], responses[village])]
    position = pd.Index(key).get_indexer(wanted)
    if (position < 0).any():
        rows = (np.flatnonzero(position < 0) + 2).tolist()
        raise TdktInputError(Text(
            "{n} interviews name a commune and village that are not in the field list (rows {rows}).",
            "{n} phiếu ghi xã và thôn không có trong danh sách điều tra (dòng {rows}).",
            {"n": len(rows), "rows": ", ".join(map(str, rows[:20])) + (" …" if len(rows) > 20 else "")}),
            source=source, column=f"{commune}, {village}",
            fix=Text("Correct the commune and village names to those of the field list.",
                     "Hãy sửa tên xã, thôn cho đúng như trong danh sách điều tra."))
    picked = table.iloc[position].reset_index(drop=True)
    completed = np.bincount(position)[position]
    planned = picked["households_to_interview"].to_numpy(float)
    if (completed > planned).any():
        over = sorted({f"{c} / {v}" for c, v, bad in zip(picked["commune"], picked["village"], completed > planned)
                       if bad})
        raise TdktInputError(Text("More interviews than households to interview in: {villages}.",
                                  "Số phiếu nhiều hơn số hộ cần phỏng vấn ở: {villages}.", {"villages": "; ".join(over)}),
                             source=source, fix=Text("Remove duplicate interviews, or check the village names.",
                                                     "Hãy bỏ các phiếu trùng, hoặc kiểm tra lại tên thôn."))
    out = responses.copy()
    for role in ("stratum", "pi_1", "pi_2", "pi_3", "design_weight"):
        out[role] = picked[role].to_numpy()
    out["psu"] = picked["commune"].to_numpy()
    out["completed"] = completed
    out["weight"] = picked["design_weight"].to_numpy(float) * planned / completed
    return out
