"""The administrative map: two-tier local government since 1 July 2025, and data from before it.

From 1 July 2025 Vietnam has two levels of local government: 34 provinces and
centrally-run cities, and under them communes, wards and special zones (xã,
phường, đặc khu). The district level (cấp huyện) is gone. A council's folder may
hold the old map (districts), the new one (communes directly under the
province) or both, when its years span the reform. This module puts every table
on one map and chooses the area level the data holds:

- records of a unit that was merged are counted with the unit that took them
  over (``units.successor_id``);
- commune names of the old map are replaced by the commune they are part of now,
  through the folder's ``admin_crosswalk`` table (which also gives each commune
  its former district);
- the area level is the former district when the data name one (labelled
  "Huyện" on an old-map folder, "Địa bàn cấp huyện (cũ)" on a current one), and
  otherwise the commune ("Xã, phường, đặc khu").

The 63 former provinces and the 34 of today are in ``io/data/provinces_2025.csv``
(Resolution 202/2025/QH15): see :func:`current_province`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Mapping

import pandas as pd

from .errors import InconsistentValuesError
from ._messages import Text
from .i18n import Lang
from .io.text import fold, nfc

__all__ = ["REFORM_DATE", "AreaLevel", "MapNote", "current_province", "place_key", "successors",
           "to_current_map", "area_level", "default_area_column"]

#: The day district-level government ended and two-tier local government began (Resolution
#: 203/2025/QH15 and Law 72/2025/QH15 on the Organisation of Local Government, both in force from
#: 16 June 2025, end district-level bodies on 1 July 2025).
REFORM_DATE = pd.Timestamp("2025-07-01")

_TYPE_WORDS = re.compile(r"^(?:xa|phuong|thi tran|dac khu|ubnd xa|ubnd phuong|uy ban nhan dan xa|"
                         r"uy ban nhan dan phuong)\s+")
_AREA_LABELS = {
    "area_district": ("District", "Huyện"),
    "area_former_district": ("Former district area", "Địa bàn cấp huyện (cũ)"),
    "area_commune": ("Commune, ward or special zone", "Xã, phường, đặc khu"),
}
_RECORD_DATES = {"rewards": "decision_date", "inspections": "date", "staff_responses": "start",
                 "citizen_responses": "start", "reports": "submitted_date"}


@dataclass(frozen=True)
class AreaLevel:
    """The area level analyses group by: the column, and the label key that names it.

    Examples
    --------
    >>> AreaLevel("district", "area_former_district").label("vi")
    'Địa bàn cấp huyện (cũ)'
    """

    column: str
    key: str

    def label(self, lang: Lang = "vi") -> str:
        """The level's name in ``lang``."""
        en, vi = _AREA_LABELS[self.key]
        return vi if lang == "vi" else en


@dataclass(frozen=True)
class MapNote:
    """What putting a folder on one map did, for the report to say.

    Attributes
    ----------
    current : bool
        True when the data are shown on the map in force since 1 July 2025.
    merged_units : int
        Former units whose records were counted with their successor.
    moved_records : int
        Records moved to a successor unit.
    renamed_places : int
        Rows whose commune was renamed through the crosswalk.
    crosswalk : tuple of str
        What was used: ``"successor_id"`` of the units register, the ``admin_crosswalk`` table.
    """

    current: bool
    merged_units: int = 0
    moved_records: int = 0
    renamed_places: int = 0
    crosswalk: tuple[str, ...] = ()

    def text(self, lang: Lang = "vi") -> str:
        """One sentence naming the map and the crosswalk, in ``lang``.

        Examples
        --------
        >>> MapNote(True, 3, 40, 0, ("successor_id",)).text("en")[:59]
        'Map: two-tier local government (from 1 July 2025). Records '
        """
        if not self.current:
            return Text("Map: the administrative units as the data name them (with districts, before "
                        "1 July 2025).",
                        "Bản đồ hành chính: theo đơn vị hành chính ghi trong dữ liệu (còn cấp huyện, trước "
                        "ngày 01/7/2025).").render(lang)
        parts = [Text("Map: two-tier local government (from 1 July 2025).",
                      "Bản đồ hành chính: chính quyền địa phương hai cấp (từ ngày 01/7/2025).")]
        if self.merged_units:
            parts.append(Text("Records of {units} merged units ({records} records) are counted with the unit that "
                              "took them over (the column “Successor unit” of the units list).",
                              "{records} bản ghi của {units} đơn vị đã sắp xếp, sáp nhập được tính cho đơn vị kế "
                              "thừa (cột “Đơn vị kế thừa” của danh sách đơn vị).",
                              {"units": self.merged_units, "records": self.moved_records}))
        if "admin_crosswalk" in self.crosswalk and self.renamed_places:
            parts.append(Text("The folder's crosswalk table places {n} rows naming a former commune in the commune "
                              "it is part of now, and gives each commune its former district.",
                              "Bảng chuyển đổi địa giới trong thư mục quy {n} dòng ghi tên xã cũ về xã, phường, "
                              "đặc khu hiện nay và cho biết địa bàn cấp huyện (cũ) của từng xã.",
                              {"n": self.renamed_places}))
        elif "admin_crosswalk" in self.crosswalk:  # every name is already today's: the table gives the former districts
            parts.append(Text("The folder's crosswalk table gives each commune its former district.",
                              "Bảng chuyển đổi địa giới trong thư mục cho biết địa bàn cấp huyện (cũ) của từng xã."))
        return " ".join(p.render(lang) for p in parts)


@functools.lru_cache(maxsize=1)
def _provinces() -> pd.DataFrame:
    path = resources.files("tdkt_eval.io") / "data" / "provinces_2025.csv"
    with path.open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, comment="#")


def current_province(name: str) -> str:
    """The province or centrally-run city that ``name`` is part of since 1 July 2025.

    Parameters
    ----------
    name : str
        A province's name, old or new, with or without accents and "Tỉnh"/"Thành phố".

    Returns
    -------
    str
        The province's name today (Resolution 202/2025/QH15).

    Raises
    ------
    InconsistentValuesError
        If ``name`` is not one of the 63 former provinces.

    Examples
    --------
    >>> current_province("Bình Phước"), current_province("tinh Ha Giang"), current_province("Thừa Thiên Huế")
    ('Đồng Nai', 'Tuyên Quang', 'Huế')
    """
    table = _provinces()
    keys = table["old_province"].map(_province_key)
    hit = table.loc[keys == _province_key(name), "new_province"]
    if hit.empty:
        raise InconsistentValuesError(
            Text("{name!r} is not one of the 63 provinces before 1 July 2025.",
                 "{name!r} không phải là một trong 63 tỉnh, thành phố trước ngày 01/7/2025.", {"name": name}),
            fix=Text("Write the province's name as in Resolution 202/2025/QH15, e.g. 'Bình Phước'.",
                     "Viết tên tỉnh như trong Nghị quyết 202/2025/QH15, ví dụ 'Bình Phước'."))
    return str(hit.iloc[0])


def _province_key(name: str) -> str:
    key = fold(nfc(str(name))).replace("-", " ").replace("–", " ")
    key = re.sub(r"^(?:tinh|thanh pho|tp\.?)\s+", "", key)
    key = re.sub(r"\s+", " ", key).strip()
    return "hue" if key == "thua thien hue" else key  # a centrally-run city, Huế, since 1 January 2025


def place_key(name: object) -> str:
    """A commune's name for matching: folded, without "Xã", "Phường", "Thị trấn" or "Đặc khu".

    Examples
    --------
    >>> place_key("Xã An Phú"), place_key("an phu"), place_key("UBND phường Tân An")
    ('an phu', 'an phu', 'tan an')
    """
    if name is None or (isinstance(name, float) and pd.isna(name)):
        return ""
    return _TYPE_WORDS.sub("", fold(nfc(str(name))))


def successors(units: pd.DataFrame) -> dict[str, str]:
    """Each merged unit's final successor (chains followed: A → B → C gives A → C).

    Raises
    ------
    InconsistentValuesError
        If a successor is not in the register, or the successors go round in a circle.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["A", "B", "C"], "successor_id": ["B", "C", None]})
    >>> successors(units)
    {'A': 'C', 'B': 'C'}
    """
    if "successor_id" not in units.columns:
        return {}
    ids = units["unit_id"].astype(str)
    pairs = {u: str(s) for u, s in zip(ids, units["successor_id"]) if pd.notna(s) and str(s).strip()}
    known = set(ids)
    unknown = sorted({s for s in pairs.values() if s not in known})
    if unknown:
        rows = [i + 2 for i, s in enumerate(units["successor_id"]) if pd.notna(s) and str(s) in unknown]
        raise InconsistentValuesError(
            Text("The successor units {units} are not in the units list.",
                 "Các đơn vị kế thừa {units} không có trong danh sách đơn vị.", {"units": ", ".join(unknown[:5])}),
            fix=Text("Add each successor unit to the units list, or correct its code.",
                     "Bổ sung đơn vị kế thừa vào danh sách đơn vị, hoặc sửa lại mã đơn vị."),
            column="successor_id", rows=rows)
    return {u: _final(u, pairs, units) for u in pairs}


def _final(unit: str, pairs: Mapping[str, str], units: pd.DataFrame) -> str:
    seen = [unit]
    while seen[-1] in pairs:
        nxt = pairs[seen[-1]]
        if nxt in seen:
            ids = units["unit_id"].astype(str).tolist()
            raise InconsistentValuesError(
                Text("The successors of units {units} go round in a circle.",
                     "Đơn vị kế thừa của các đơn vị {units} lặp vòng (đơn vị này kế thừa đơn vị kia và ngược lại).",
                     {"units": " → ".join(seen + [nxt])}),
                fix=Text("Give each merged unit the unit that exists now as its successor.",
                         "Ghi đơn vị kế thừa là đơn vị đang tồn tại hiện nay."),
                column="successor_id", rows=[ids.index(u) + 2 for u in seen if u in ids])
        seen.append(nxt)
    return seen[-1]


def _move_units(tables: dict[str, pd.DataFrame], moves: Mapping[str, str]) -> tuple[dict, int, int]:
    """Records of merged units given to their successor; the register keeps current units only."""
    out, moved, merged = {}, 0, set()
    for name, df in tables.items():
        if name == "units":
            out[name] = df[~df["unit_id"].astype(str).isin(list(moves))].reset_index(drop=True)
            continue
        df = df.copy() if any(c in df.columns for c in ("unit_id", "recipient_id")) else df
        for col in ("unit_id", "recipient_id"):
            if col in df.columns and moves:
                old = df[col].astype("string")
                hit = old.isin(list(moves)).fillna(False).to_numpy()
                if hit.any():
                    df.loc[hit, col] = old[hit].map(moves).to_numpy()
                    merged |= set(old[hit])
                    moved += int(hit.sum()) if col == "unit_id" else 0
        out[name] = df
    return out, len(merged), moved


def _commune_lookup(crosswalk: pd.DataFrame) -> tuple[dict, dict]:
    """(old district key, old commune key) → new commune, and new commune key → former district."""
    by_pair, district_of = {}, {}
    for row in crosswalk.itertuples(index=False):
        district = getattr(row, "old_district", None)
        by_pair[(place_key(district), place_key(row.old_commune))] = row.new_commune
        by_pair.setdefault(("", place_key(row.old_commune)), row.new_commune)
        if pd.notna(district):
            district_of.setdefault(place_key(row.new_commune), district)
    return by_pair, district_of


def _rename_communes(df: pd.DataFrame, crosswalk: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    if "commune" not in df.columns or crosswalk is None or crosswalk.empty:
        return df, 0
    by_pair, district_of = _commune_lookup(crosswalk)
    current = {place_key(c) for c in crosswalk["new_commune"]}
    districts = df["district"] if "district" in df.columns else pd.Series(pd.NA, index=df.index)
    new = []
    for commune, district in zip(df["commune"], districts):
        key = place_key(commune)
        hit = by_pair.get((place_key(district), key)) or by_pair.get(("", key))
        new.append(hit if hit is not None and key not in current else commune)
    new = pd.Series(new, index=df.index, dtype=object)
    renamed = int((new.astype(str) != df["commune"].astype(str)).sum())
    out = df.assign(commune=new)
    if "district" not in out.columns or out["district"].isna().any():
        former = out["commune"].map(lambda c: district_of.get(place_key(c)))
        out["district"] = former if "district" not in out.columns else out["district"].fillna(former)
    return out, renamed


def _is_current(tables: Mapping[str, pd.DataFrame], moves: Mapping[str, str]) -> bool:
    """The data reach the two-tier map: merged units, a crosswalk, communes without districts, or later dates."""
    if moves or len(tables.get("admin_crosswalk", ())):
        return True
    for name, col in _RECORD_DATES.items():
        df = tables.get(name)
        if df is not None and col in df.columns:
            dates = pd.to_datetime(df[col], errors="coerce")
            if (dates >= REFORM_DATE).any():
                return True
    places = [tables.get(k) for k in ("units", "staff_responses", "citizen_responses")]
    has_commune = any(df is not None and "commune" in df.columns and df["commune"].notna().any() for df in places)
    return has_commune and not _holds(tables, "district")


def _holds(tables: Mapping[str, pd.DataFrame], column: str) -> bool:
    return any(df is not None and column in df.columns and df[column].notna().any()
               for df in (tables.get(k) for k in ("units", "staff_responses", "citizen_responses")))


def area_level(tables: Mapping[str, pd.DataFrame], *, current: bool | None = None) -> AreaLevel | None:
    """The area level the data hold: the (former) district if they name one, else the commune.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        A folder's tables (as from :func:`to_current_map`).
    current : bool, optional
        Whether the data are on the map in force since 1 July 2025; found from the tables if omitted.

    Returns
    -------
    AreaLevel or None
        None when no table names a district or a commune.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["U1"], "commune": ["Xã An Phú"]})
    >>> area_level({"units": units})
    AreaLevel(column='commune', key='area_commune')
    >>> area_level({"units": units.assign(district="Huyện An Phú")}, current=False).key
    'area_district'
    """
    current = _is_current(tables, {}) if current is None else current
    if _holds(tables, "district"):
        return AreaLevel("district", "area_former_district" if current else "area_district")
    if _holds(tables, "commune"):
        return AreaLevel("commune", "area_commune")
    return None


def _attach_area(tables: dict[str, pd.DataFrame], level: AreaLevel) -> dict[str, pd.DataFrame]:
    """Give units, staff and citizens an ``area`` column at ``level`` (from their own column, else units)."""
    units = tables.get("units")
    by_unit, by_commune = pd.Series(dtype=object), {}
    if units is not None and level.column in units.columns:
        by_unit = units.set_index(units["unit_id"].astype(str))[level.column]
        if "commune" in units.columns:
            pairs = units.dropna(subset=["commune", level.column])
            by_commune = {place_key(c): a for c, a in zip(pairs["commune"], pairs[level.column])}
    out = dict(tables)
    for name in ("units", "staff_responses", "citizen_responses"):
        df = tables.get(name)
        if df is None:
            continue
        own = df[level.column] if level.column in df.columns else pd.Series(pd.NA, index=df.index, dtype=object)
        if "unit_id" in df.columns and len(by_unit):
            own = own.fillna(df["unit_id"].astype(str).map(by_unit))
        if "commune" in df.columns and by_commune:
            own = own.fillna(df["commune"].map(lambda c: by_commune.get(place_key(c))))
        out[name] = df.assign(area=own.astype(object).where(own.notna(), None))
    return out


def to_current_map(tables: Mapping[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], MapNote,
                                                                AreaLevel | None]:
    """Put a folder's tables on one map and give them their area.

    Merged units' records go to their successor, old commune names to today's
    commune (through an ``admin_crosswalk`` table), and units, staff and
    citizens get an ``area`` column at the level the data hold.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Tables as loaded by :func:`tdkt_eval.check_folder`.

    Returns
    -------
    tables : dict of str to DataFrame
        New frames; the inputs are not changed. The units register keeps current units only.
    note : MapNote
        Which map, and what the crosswalk did (the report prints ``note.text(lang)``).
    level : AreaLevel or None
        The area level of the ``area`` column, or None when no table names a place.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["A", "B", "N"], "commune": ["Xã An", "Xã Bình", "Xã An Bình"],
    ...                       "district": ["Huyện Cũ"] * 3, "successor_id": ["N", "N", None]})
    >>> rewards = pd.DataFrame({"unit_id": ["A", "B", "N"], "year": [2024, 2024, 2026]})
    >>> tables, note, level = to_current_map({"units": units, "rewards": rewards})
    >>> tables["rewards"]["unit_id"].tolist(), note.merged_units, level.key
    (['N', 'N', 'N'], 2, 'area_former_district')
    """
    tables = dict(tables)
    units = tables.get("units")
    moves = successors(units) if units is not None else {}
    current = _is_current(tables, moves)
    tables, merged, moved = _move_units(tables, moves)
    renamed, used = 0, ["successor_id"] if moves else []
    crosswalk = tables.get("admin_crosswalk")
    if crosswalk is not None and len(crosswalk):
        for name in ("units", "staff_responses", "citizen_responses"):
            if name in tables:
                tables[name], n = _rename_communes(tables[name], crosswalk)
                renamed += n
        used.append("admin_crosswalk")
    level = area_level(tables, current=current)
    if level is not None:
        tables = _attach_area(tables, level)
    return tables, MapNote(current, merged, moved, renamed, tuple(used)), level


def default_area_column(*frames: pd.DataFrame) -> str:
    """The area column every frame holds: ``area`` (from :func:`to_current_map`), else ``district``, else ``commune``.

    Analyses that compare areas (:func:`tdkt_eval.perception_gap`,
    :func:`tdkt_eval.inspection_rates`, :func:`tdkt_eval.depth_index`) use it when
    ``by`` is not given, so a folder of 2026 without districts works as one of 2023.

    Examples
    --------
    >>> default_area_column(pd.DataFrame({"commune": ["Xã An Phú"]}))
    'commune'
    >>> default_area_column(pd.DataFrame({"district": ["H"], "commune": ["X"]}), pd.DataFrame({"district": ["H"]}))
    'district'
    """
    for column in ("area", "district", "commune"):
        if all(column in df.columns and df[column].notna().any() for df in frames):
            return column
    return "district"  # the caller's missing-column error then names the classic column
