"""National-scale test files for the benchmarks, made from the demo's rows.

The demo's reward records are repeated until the file has the rows asked for;
each copy gets its own recipient codes (``P00582`` becomes ``P00582-17``), so
the contract key stays unique.  The file is written the way an office writes
it: Vietnamese headers, dates as DD/MM/YYYY, Vietnamese labels for the
categories ("Bằng khen của Chủ tịch UBND tỉnh", "Nữ"), "Có" or blank for the
ad-hoc flag, and a decimal comma in the scores.  Files are cached in the
folder given, under a name that carries the row count.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tdkt_eval.io.contracts import get_table
from tdkt_eval.io.vocabulary import code_label

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def _office_style(demo: pd.DataFrame) -> pd.DataFrame:
    """Headers, dates, labels and numbers as a council's spreadsheet writes them."""
    table = get_table("rewards")
    out = pd.DataFrame(index=demo.index)
    for col in table.columns:
        if col.name not in demo.columns:
            continue
        values = demo[col.name]
        if col.dtype == "date":
            values = pd.to_datetime(values).dt.strftime("%d/%m/%Y")
        elif col.dtype == "category":
            values = values.map({code: code_label(col.vocabulary, code, "vi") for code in values.dropna().unique()})
        elif col.dtype == "bool":
            values = values.map({True: "Có", False: ""})
        elif col.dtype == "float":
            values = values.map(lambda x: "" if pd.isna(x) else f"{x:.1f}".replace(".", ","))
        header = col.aliases[0] if col.aliases else col.name
        out[header[:1].upper() + header[1:]] = values
    return out


def rewards_file(folder: Path, rows: int) -> Path:
    """A CSV of ``rows`` reward records (UTF-8 with BOM), written once and reused."""
    path = Path(folder) / f"khen_thuong_{rows}.csv"
    if path.exists():
        return path
    demo = pd.read_csv(DEMO / "rewards.csv", dtype={"ad_hoc": "boolean"})
    office = _office_style(demo)
    copies = -(-rows // len(office))
    id_header = next(h for h in office.columns if h.lower().startswith("mã đối tượng"))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        written = 0
        for copy in range(copies):
            part = office.iloc[: min(len(office), rows - written)].copy()
            part[id_header] = part[id_header].astype(str) + f"-{copy}"
            part.to_csv(handle, index=False, header=copy == 0)
            written += len(part)
    tmp.replace(path)
    return path


if __name__ == "__main__":
    import sys

    print(rewards_file(Path(sys.argv[1]), int(sys.argv[2])))


#: Columns that name a unit, person, decision, place or sample unit: each copy of the province gets its own.
_OWN_PER_PROVINCE = {"unit_id", "successor_id", "cluster_id", "person_id", "recipient_id", "decision_no",
                     "inspection_id", "respondent_id", "commune", "village", "stratum", "psu", "district",
                     "Huyện cũ", "Xã cũ", "Xã mới"}


def national_folder(folder: Path, copies: int, rewards_factor: int = 1) -> Path:
    """A national data folder: the demo province ``copies`` times, each copy with its own codes and places.

    Every table of the demo is repeated (movements once): copy ``k`` renames every
    unit, person, decision, commune and sample unit with the suffix ``-Tk``, so
    that keys stay unique and tables still join; each copy after the first gets
    review reports written afresh (provinces do not share their reports' text).
    With ``rewards_factor`` above 1, each province's reward decisions are
    repeated that many times (each repeat with its own decision numbers and
    recipients) and written as a file per province, ``khen_thuong_tinh_k.csv``,
    as a ministry receives them.  Written once and reused.
    """
    out = Path(folder) / (f"quoc_gia_{copies}" + (f"_x{rewards_factor}" if rewards_factor > 1 else ""))
    if (out / ".complete").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    for source in sorted(DEMO.glob("*.csv")):
        if source.name in ("planted.csv",):
            continue
        demo = pd.read_csv(source, dtype=str, keep_default_na=False)
        if source.name == "movements.csv":
            demo.to_csv(out / source.name, index=False)
            continue
        own = [c for c in demo.columns if c in _OWN_PER_PROVINCE]
        if source.name == "rewards.csv" and rewards_factor > 1:
            _province_rewards(demo, out, copies, rewards_factor)
            continue
        with open(out / source.name, "w", encoding="utf-8", newline="") as handle:
            for k in range(copies):
                part = demo.copy()
                for col in own:
                    filled = part[col] != ""
                    part.loc[filled, col] = part.loc[filled, col] + f"-T{k:02d}"
                if source.name == "reports.csv" and k:
                    part["text"] = _fresh_reports(part, k)
                part.to_csv(handle, index=False, header=k == 0)
    (out / ".complete").write_text("ok")
    return out


def _province_rewards(demo: pd.DataFrame, out: Path, copies: int, factor: int) -> None:
    """A reward file per province copy, each holding ``factor`` repeats of the demo's decisions."""
    for k in range(copies):
        parts = []
        for j in range(factor):
            part = demo.copy()
            tag = f"-T{k:02d}" + (f"-R{j}" if j else "")
            for col in ("decision_no", "recipient_id"):
                part[col] = part[col] + tag
            filled = part["unit_id"] != ""
            part.loc[filled, "unit_id"] = part.loc[filled, "unit_id"] + f"-T{k:02d}"
            parts.append(part)
        pd.concat(parts).to_csv(out / f"khen_thuong_tinh_{k:02d}.csv", index=False)


def _fresh_reports(reports: pd.DataFrame, seed: int) -> list[str]:
    """Review reports written afresh for one province copy: provinces do not share their reports' text."""
    from tdkt_eval.synth.text import MOVEMENTS, report_text

    rng = np.random.default_rng(seed)
    return [report_text(rng, unit, int(year), kind,
                        str(rng.choice([m for _, m, start in MOVEMENTS if start <= int(year)])))
            for unit, year, kind in zip(reports["unit_id"], reports["year"], reports["kind"])]


def pandas_dtypes() -> tuple[dict[str, str], list[str]]:
    """The types pandas.read_csv is given for the office file: what load_records returns, named by header.

    Categories as ``category``, codes and the yes/no flag as text, years as ``Int64``, scores as
    floats (read with ``decimal=","``); the date columns are listed to be parsed after reading.
    """
    dtypes, dates = {}, []
    for col in get_table("rewards").columns:
        header = (col.aliases[0] if col.aliases else col.name)
        header = header[:1].upper() + header[1:]
        if col.dtype == "date":
            dates.append(header)
            dtypes[header] = "str"
        else:
            dtypes[header] = {"category": "category", "int": "Int64", "float": "float64"}.get(col.dtype, "str")
    return dtypes, dates
