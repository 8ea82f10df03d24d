"""Speed and recall of te.formality.copied.copied_reports on 10,000 long reports.

Synthetic Vietnamese-like final reports: 2,000 units x 5 years, 2,000 words each, drawn from a
Zipf-distributed vocabulary of Vietnamese-shaped syllables (onset + vowel with a tone mark +
coda) mixed with stock phrases that every report uses, so that independent reports share many
shingles (as real ones do).  Planted copies: 20 units whose report for a year is last year's
with about 2% of the words replaced, and 10 pairs of different units whose reports of a year
are the same text with about 2% of the words replaced.  The script prints the time of the
default call (MinHash + LSH, threshold 0.8), the pairs found, the recall of the planted pairs
and the number of pairs found that were not planted.

Run: python benchmarks/bench_copied_reports.py   (from the project root)
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from tdkt_eval.formality.copied import copied_reports

N_UNITS, YEARS, N_WORDS, SEED = 2_000, range(2020, 2025), 2_000, 2024
N_SAME_UNIT, N_CROSS_UNIT, CHANGED = 20, 10, 0.02

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r",
          "s", "t", "th", "tr", "v", "x"]
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ia", "ua", "ươ", "uô", "iê", "oa"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # combining marks, NFC'd by the code
CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"]
PHRASES = ["thi đua khen thưởng", "cán bộ công chức viên chức", "hoàn thành xuất sắc nhiệm vụ",
           "phong trào thi đua yêu nước", "tổ chức thực hiện", "trên địa bàn", "đã đạt được",
           "tuy nhiên vẫn còn một số hạn chế", "trong năm", "Ủy ban nhân dân"]


def vocabulary(rng: np.random.Generator, size: int = 6_000) -> np.ndarray:
    words = {rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(TONES) + rng.choice(CODAS) for _ in range(size * 2)}
    return np.array(sorted(words)[:size] + PHRASES, dtype=object)


def make_reports() -> tuple[pd.DataFrame, set[tuple]]:
    rng = np.random.default_rng(SEED)
    vocab = vocabulary(rng)
    weights = 1.0 / np.arange(1, vocab.size + 1) ** 0.8
    weights[-len(PHRASES):] = weights[0] * 0.5  # stock phrases, each among the commonest "words"
    weights /= weights.sum()

    def text() -> np.ndarray:
        return rng.choice(vocab.size, size=N_WORDS, p=weights)

    def edit(words: np.ndarray) -> np.ndarray:
        words = words.copy()
        hit = rng.random(words.size) < CHANGED
        words[hit] = rng.choice(vocab.size, size=int(hit.sum()), p=weights)
        return words

    docs = {(f"U{u:04d}", y): text() for u in range(N_UNITS) for y in YEARS}
    planted = set()
    units = rng.permutation(N_UNITS)
    for u in units[:N_SAME_UNIT]:
        y = int(rng.integers(YEARS.start + 1, YEARS.stop))
        docs[(f"U{u:04d}", y)] = edit(docs[(f"U{u:04d}", y - 1)])
        planted.add((f"U{u:04d}", y - 1, f"U{u:04d}", y))
    for u, v in units[N_SAME_UNIT:N_SAME_UNIT + 2 * N_CROSS_UNIT].reshape(-1, 2):
        y = int(rng.integers(YEARS.start, YEARS.stop))
        a, b = sorted((f"U{u:04d}", f"U{v:04d}"))
        docs[(b, y)] = edit(docs[(a, y)])
        planted.add((a, y, b, y))
    # N_WORDS tokens, cut to N_WORDS words (syllables) since a stock phrase has several
    frame = pd.DataFrame([(u, y, "final", " ".join(" ".join(vocab[w]).split()[:N_WORDS])) for (u, y), w in docs.items()],
                         columns=["unit_id", "year", "kind", "text"])
    return frame, planted


def main() -> None:
    t0 = time.perf_counter()
    reports, planted = make_reports()
    n_chars = reports["text"].str.len().mean()
    print(f"generated {len(reports):,} reports of {N_WORDS:,} words (mean {n_chars:,.0f} characters) "
          f"in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    pairs = copied_reports(reports)
    seconds = time.perf_counter() - t0
    found = set(pairs[["unit_a", "year_a", "unit_b", "year_b"]].itertuples(index=False, name=None))
    print(f"copied_reports (minhash, threshold 0.8, num_perm 128): {seconds:.1f} s")
    print(f"pairs found: {len(found)}; planted: {len(planted)}; recall of planted pairs: "
          f"{len(found & planted) / len(planted):.2f}; found but not planted: {len(found - planted)}")
    print(pairs.drop(columns="longest_shared").head(5).to_string(index=False))
    print(f"similarity of the pairs found: min {pairs['similarity'].min():.3f}, max {pairs['similarity'].max():.3f}")


if __name__ == "__main__":
    main()
