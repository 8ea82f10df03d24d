"""The demo's reward records follow the law, except for a few violations planted on purpose.

:func:`follow_ladders` turns one drawn annual title per person-year into the records a
province keeps when it follows the title ladders of the Law on Emulation and Commendation
(a grassroots fighter is also an advanced worker that year; a provincial fighter needs three
grassroots years in a row; a national fighter needs two provincial titles in a row): a
title the person is not yet eligible for is lowered to the highest one they are.
:func:`separate_movements` gives no one two rewards of one level for one movement in one
year. :func:`plant_violations` then breaks the rules on a handful of chosen records, and
:func:`planted_violations` names them after the decisions are numbered.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["KINDS", "follow_ladders", "separate_movements", "plant_violations", "planted_violations"]

LDTT, CSCS, CST, CSTQ = ("lao_dong_tien_tien", "chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh",
                         "chien_si_thi_dua_toan_quoc")
#: Planted violation kinds: (short name, rule id stem, how many (by law: 2003, 2022)).
KINDS: tuple[tuple[str, str, tuple[int, int]], ...] = (
    ("no_advanced_worker", "ladder_grassroots_fighter", (2, 2)),
    ("no_grassroots_run", "ladder_provincial_fighter", (0, 3)),  # no run of three years fits before 2023
    ("same_reward_twice", "one_achievement_one_reward", (1, 1)),
)
_LAW_2022 = pd.Timestamp("2024-01-01")  # Law 06/2022/QH15 applies to decisions from this date


def _run(held: set[int], year: int, times: int, max_gap: int) -> bool:
    """``times`` years of ``held``, each at most ``max_gap`` after the previous, the last in year or year - 1."""
    for end in (year, year - 1):
        if end not in held:
            continue
        n, last = 1, end
        for y in sorted((h for h in held if h < end), reverse=True):
            if n >= times or last - y > max_gap:
                break
            n, last = n + 1, y
        if n >= times:
            return True
    return False


def _eligible_title(form: str, cs: set[int], prov: set[int], year: int) -> str:
    if form == CSTQ and _run(prov, year, 2, 3):
        return CSTQ
    if form in (CSTQ, CST) and _run(cs | {year}, year, 3, 1):
        return CST
    return CSCS


def follow_ladders(annual: pd.DataFrame) -> pd.DataFrame:
    """Lower titles to what each person is eligible for, and add the titles they imply.

    ``annual`` holds one drawn annual reward per person-year (columns ``recipient_id``,
    ``year``, ``form`` and the person's attributes). A grassroots fighter also gets the
    advanced-worker record of that year; a provincial or national fighter also gets the
    grassroots-fighter and advanced-worker records. Eligibility is judged on the titles
    the data hold, so nobody holds a provincial title before 2021.

    Examples
    --------
    >>> drawn = pd.DataFrame({"recipient_id": "P1", "year": [2019, 2020, 2021, 2022],
    ...                       "form": [CSCS, CSCS, CST, CST]})
    >>> out = follow_ladders(drawn)
    >>> out.groupby("year")["form"].apply(lambda s: " ".join(sorted(s))).tolist()[2:]
    ['chien_si_thi_dua_co_so chien_si_thi_dua_tinh lao_dong_tien_tien', \
'chien_si_thi_dua_co_so chien_si_thi_dua_tinh lao_dong_tien_tien']
    """
    forms = annual["form"].to_numpy(dtype=object).copy()
    titled = np.flatnonzero(np.isin(forms, [CSCS, CST, CSTQ]))
    order = titled[np.lexsort((annual["year"].to_numpy()[titled], annual["recipient_id"].to_numpy()[titled]))]
    cs: dict[str, set[int]] = {}
    prov: dict[str, set[int]] = {}
    for i in order:
        who, year = annual["recipient_id"].iat[i], int(annual["year"].iat[i])
        forms[i] = _eligible_title(forms[i], cs.setdefault(who, set()), prov.setdefault(who, set()), year)
        cs[who].add(year)
        if forms[i] == CST:
            prov[who].add(year)
    out = annual.assign(form=forms)
    implied = [out[np.isin(forms, [CST, CSTQ])].assign(form=CSCS), out[np.isin(forms, [CSCS, CST, CSTQ])].assign(
        form=LDTT)]
    return pd.concat([out, *implied], ignore_index=True)


def separate_movements(rw: pd.DataFrame, active: dict[int, list[str]]) -> pd.DataFrame:
    """Give a later reward of one recipient, year, movement and level another active movement (or drop it).

    Examples
    --------
    >>> rw = pd.DataFrame({"recipient_id": "P1", "year": 2019, "level": "grassroots",
    ...                    "movement_id": ["M01", "M01", "M01"]})
    >>> separate_movements(rw, {2019: ["M01", "M04"]})["movement_id"].tolist()  # no movement is left for the third
    ['M01', 'M04']
    """
    keys = ["recipient_id", "year", "level"]
    movement = rw["movement_id"].to_numpy(dtype=object).copy()
    keep = np.ones(len(rw), dtype=bool)
    has = np.flatnonzero(pd.notna(movement))
    for _, idx in rw.iloc[has].groupby(keys, sort=False).indices.items():
        rows = has[idx]
        used: set[str] = set()
        for i in rows:
            if movement[i] in used:
                free = [m for m in active[int(rw["year"].iat[i])] if m not in used]
                if free:
                    movement[i] = free[0]
                else:
                    keep[i] = False
                    continue
            used.add(movement[i])
    return rw.assign(movement_id=movement)[keep].reset_index(drop=True)


def _pick(rng: np.random.Generator, candidates: pd.Index, n: int, taken: set[str],
          who: pd.Series) -> list[int]:
    pool = [i for i in candidates if who[i] not in taken]
    chosen = sorted(rng.choice(len(pool), size=n, replace=False)) if n else []
    picked = [pool[j] for j in chosen]
    taken.update(who[i] for i in picked)
    return picked


def plant_violations(rng: np.random.Generator, rw: pd.DataFrame, roster: pd.DataFrame,
                     years: Sequence[int]) -> pd.DataFrame:
    """Break the rules on a few records; column ``planted`` names the kind on each record to be flagged.

    - ``no_advanced_worker``: a grassroots fighter's advanced-worker record of that year is
      removed (the fighter record is flagged);
    - ``no_grassroots_run``: a provincial fighter title goes to a grassroots fighter who was on
      the roster for the three years before, but not a grassroots fighter the year before;
    - ``same_reward_twice``: an ad-hoc certificate of commendation is repeated for the same
      person, movement and year by a second decision (made 20-40 days after the first).

    Annual titles of emulation year Y are decided early in Y + 1, so years up to 2022 fall
    under the 2003 Law and later years under the 2022 Law; ad-hoc rewards are decided within
    their year.
    """
    rw = rw.assign(planted="")
    who = rw["recipient_id"]
    taken: set[str] = set()
    ind = rw["recipient_type"].eq("individual")
    on_roster = roster.groupby("person_id")["year"].agg(set)
    law_years = ([y for y in years if y <= 2022], [y for y in years if y >= 2023])
    (_, _, n_adv), (_, _, n_run), (_, _, n_twice) = KINDS
    forms_of = rw[ind].groupby(["recipient_id", "year"])["form"].agg(set)
    drop = []
    for law, n in enumerate(n_adv):
        cand = rw.index[ind & rw["form"].eq(CSCS) & rw["year"].isin(law_years[law][1:])]
        cand = pd.Index([i for i in cand if forms_of[(who[i], rw.at[i, "year"])] == {CSCS, LDTT}])
        for i in _pick(rng, cand, n, taken, who):
            rw.at[i, "planted"] = "no_advanced_worker"
            drop += list(rw.index[ind & who.eq(who[i]) & rw["year"].eq(rw.at[i, "year"]) & rw["form"].eq(LDTT)])
    added = []
    for law, n in enumerate(n_run):
        first = max(law_years[law][0], years[0] + 3)
        cand = [i for i in rw.index[ind & rw["form"].eq(CSCS) & rw["year"].between(first, law_years[law][-1])]
                if forms_of[(who[i], rw.at[i, "year"])] == {CSCS, LDTT}
                and CSCS not in forms_of.get((who[i], rw.at[i, "year"] - 1), set())
                and set(range(rw.at[i, "year"] - 3, rw.at[i, "year"] + 1)) <= on_roster.get(who[i], set())]
        for i in _pick(rng, pd.Index(cand), n, taken, who):
            added.append(rw.loc[[i]].assign(form=CST, level="ministry_province", planted="no_grassroots_run"))
    for law, n in enumerate(n_twice):
        cand = rw.index[ind & rw["ad_hoc"] & rw["form"].eq("giay_khen") & rw["year"].isin(law_years[law][1:])]
        for i in _pick(rng, cand, n, taken, who):
            added.append(rw.loc[[i]].assign(planted="same_reward_twice", batch=f"{rw.at[i, 'batch']}-2"))
    return pd.concat([rw.drop(index=drop), *added], ignore_index=True)


def planted_violations(rw: pd.DataFrame) -> pd.DataFrame:
    """The planted records after numbering: ``kind``, ``record``, ``rule_id`` (by the law in force at the decision).

    Examples
    --------
    >>> rw = pd.DataFrame({"planted": ["", "no_advanced_worker"], "decision_no": ["1/QĐ", "2/QĐ"],
    ...                    "recipient_id": ["P1", "P2"], "decision_date": pd.to_datetime(["2023-02-01"] * 2)})
    >>> planted_violations(rw).to_numpy().tolist()
    [['no_advanced_worker', '2/QĐ / P2', 'ladder_grassroots_fighter_law2003']]
    """
    stems = {kind: stem for kind, stem, _ in KINDS}
    hit = rw[rw["planted"] != ""]
    rows = [(k, f"{no} / {who}", stems[k] + ("_law2022" if day >= _LAW_2022 else "_law2003"))
            for k, no, who, day in zip(hit["planted"], hit["decision_no"], hit["recipient_id"], hit["decision_date"])]
    return pd.DataFrame(rows, columns=["kind", "record", "rule_id"]).sort_values(["kind", "record"],
                                                                                   ignore_index=True)
