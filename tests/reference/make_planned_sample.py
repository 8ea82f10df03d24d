"""The input of make_planned_reference.R: a village frame and one sample drawn from it by select_sample.

Run from the project root (it rewrites planned_frame.csv and planned_sample.csv):
    .venv/bin/python tests/reference/make_planned_sample.py
    Rscript tests/reference/make_planned_reference.R

The frame: 3 strata of 15 communes with 4-9 villages of 30-600 households (one large ward that
is taken for sure). The sample: 4 communes a stratum by systematic PPS, 3 villages by PPS in each,
12 households a village (seed 2026). Each household's answers are drawn here (a yes/no answer
whose share varies by commune, and a 1-5 score), so R and Python estimate from the same rows.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from tdkt_eval.design.selection import select_sample

HERE = Path(__file__).parent


def frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = []
    for h in range(3):
        for c in range(15):
            for v in range(int(rng.integers(4, 10))):
                rows.append((f"Huyện {h + 1}", f"Xã {h + 1}-{c + 1}", f"Thôn {v + 1}", int(rng.integers(30, 601))))
    out = pd.DataFrame(rows, columns=["huyen", "xa", "thon", "ho"])
    out.loc[out["xa"] == "Xã 2-3", "ho"] *= 12          # a large ward: a certainty commune
    return out


def households(sample: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    rows = sample.loc[sample.index.repeat(sample["households_to_interview"])].reset_index(drop=True)
    share = rows["xa"].map(dict(zip(rows["xa"].unique(), rng.beta(6, 6, rows["xa"].nunique()))))
    rows["yes"] = (rng.random(len(rows)) < share).astype(int)
    rows["score"] = np.clip(np.round(3 + 2 * (share - 0.5) + rng.normal(0, 1, len(rows))), 1, 5).astype(int)
    return rows


if __name__ == "__main__":
    villages = frame()
    drawn = select_sample(villages, stratum="huyen", commune="xa", village="thon", size="ho", communes=4,
                          villages=3, households=12, village_method="pps", seed=2026)
    villages.to_csv(HERE / "planned_frame.csv", index=False)
    households(drawn).to_csv(HERE / "planned_sample.csv", index=False, float_format="%.17g")
