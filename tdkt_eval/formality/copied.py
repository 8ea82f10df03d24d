"""Copied review reports: near-duplicate texts from year to year and between units.

Reviews that are formal rather than real show up as reports copied from last year's
(domain primer, section 2, row 7).  :func:`copied_reports` compares the reports of one unit
year by year, and the reports of different units in the same year, by the Jaccard index of
their character shingles: the text in NFC, lower-cased, white space collapsed, diacritics
kept ("thưởng" and "thuong" differ, so a report retyped without accents is not a copy).
Shingles are hashed to 64 bits (a polynomial rolling hash of the code points and the
splitmix64 finaliser: the same on every machine and run; a collision between two shingles of
a text has probability about 1e-19, so the "exact" Jaccard is exact for all practical
purposes).  With MinHash (Broder 1997), pairs of different units become candidates by LSH
banding (Leskovec, Rajaraman and Ullman 2020, ch. 3) and are then compared exactly.
"""

from __future__ import annotations

import difflib
import math
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .._args import renamed
from ..errors import (
    DuplicateKeyError,
    InvalidCategoryError,
    InvalidParameterError,
    MissingColumnError,
    MissingValueError,
)
from ..io.text import nfc

__all__ = ["copied_reports", "shingle_hashes", "minhash_signatures", "jaccard", "lsh_bands"]

_PRIME = np.uint64((1 << 31) - 1)  # Mersenne prime of the MinHash permutations
_SHIFT = np.uint64(31)
_BASE = np.uint64(0x100000001B3)  # odd multiplier of the rolling hash (the 64-bit FNV prime)
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))  # splitmix64 finaliser
_BLOCK = 1 << 15  # elements of the (permutations x shingles) block worked on at once: fits in cache
_PASSAGE_CHARS = 200
COLUMNS = ["unit_a", "year_a", "unit_b", "year_b", "kind", "similarity", "same_unit", "shared_words",
           "longest_shared"]


def _normalise(text: str) -> str:
    return " ".join(nfc(str(text)).lower().split())


def shingle_hashes(text: str, shingle: int = 5) -> np.ndarray:
    """Sorted unique 64-bit hashes of the character shingles of a text.

    Parameters
    ----------
    text : str
        Any text; it is put in NFC, lower-cased and its white space collapsed.
    shingle : int, default 5
        Characters per shingle.  A text shorter than this is one shingle.

    Returns
    -------
    ndarray of uint64
        Sorted, without repeats; empty for an empty text.

    Examples
    --------
    >>> len(shingle_hashes("abcdef", 5))          # "abcde", "bcdef"
    2
    >>> np.array_equal(shingle_hashes("Khen THƯỞNG"), shingle_hashes("khen   thưởng"))
    True
    """
    codes = np.frombuffer(_normalise(text).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if codes.size == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(int(shingle), codes.size)
    n = codes.size - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):  # polynomial rolling hash, wrapping mod 2**64
        h *= _BASE
        h += codes[j:j + n]
    h ^= h >> np.uint64(30)
    h *= _MIX[0]
    h ^= h >> np.uint64(27)
    h *= _MIX[1]
    h ^= h >> np.uint64(31)
    h.sort()  # sort and drop repeats (faster than np.unique for these sizes)
    keep = np.empty(h.size, dtype=bool)
    keep[0] = True
    np.not_equal(h[1:], h[:-1], out=keep[1:])
    return h[keep]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard index of two sorted sets of hashes (as from :func:`shingle_hashes`).

    Examples
    --------
    >>> jaccard(np.array([1, 2, 3], np.uint64), np.array([2, 3, 4], np.uint64))
    0.5
    """
    inter = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - inter
    return inter / union if union else 1.0


def minhash_signatures(hashes: list[np.ndarray], num_perm: int = 128, seed: int = 0) -> np.ndarray:
    """MinHash signatures: minima of random affine permutations modulo the prime 2**31 - 1.

    Parameters
    ----------
    hashes : list of ndarray of uint64
        The shingle hashes of each text (non-empty), as from :func:`shingle_hashes`.
    num_perm : int, default 128
        Number of permutations (signature length).
    seed : int, default 0
        Seed of the permutations; signatures are comparable only under the same seed.

    Returns
    -------
    ndarray of uint32, shape (len(hashes), num_perm)

    Notes
    -----
    Each shingle is represented by the top 31 bits ``x`` of its hash and mapped to
    ``(a x + b) mod p`` with ``p = 2**31 - 1`` (a Mersenne prime), ``a`` uniform in [1, p)
    and ``b`` in [0, p): a permutation of the residues, computed exactly in 64 bits with two
    folds ``(y & p) + (y >> 31)``.  The share of equal positions of two signatures estimates
    the Jaccard index with standard error about ``sqrt(J (1 - J) / num_perm)``.  Texts are
    processed in parallel threads (NumPy releases the GIL).

    Examples
    --------
    >>> h = [shingle_hashes("thi đua khen thưởng"), shingle_hashes("thi đua khen thưởng")]
    >>> sig = minhash_signatures(h, num_perm=16)
    >>> sig.shape, bool((sig[0] == sig[1]).all())
    ((2, 16), True)
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(1, _PRIME, size=(num_perm, 1), dtype=np.uint64, endpoint=False)
    b = rng.integers(0, _PRIME, size=(num_perm, 1), dtype=np.uint64, endpoint=False)
    out = np.empty((len(hashes), num_perm), dtype=np.uint32)

    def fill(start: int, stop: int) -> None:
        for i in range(start, stop):
            x = hashes[i] >> np.uint64(33)
            step = max(1, _BLOCK // max(x.size, 1))
            for lo in range(0, num_perm, step):
                y = a[lo:lo + step] * x  # < 2**62
                y += b[lo:lo + step]
                r = y & _PRIME
                y >>= _SHIFT
                r += y  # < 2**32 + 1
                y = r >> _SHIFT
                r &= _PRIME
                r += y  # <= p, and == p only for the residue 0
                out[i, lo:lo + step] = r.min(axis=1)

    workers = max(1, min(os.cpu_count() or 1, len(hashes) // 64))
    cuts = np.linspace(0, len(hashes), workers + 1).astype(int)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fill, cuts[:-1], cuts[1:]))
    return out


def lsh_bands(threshold: float, num_perm: int, *, recall: float = 0.99) -> tuple[int, int]:
    """Bands and rows per band for LSH: the most rows that still catch a pair at the threshold.

    Returns ``(bands, rows)`` with ``rows`` the largest value for which a pair whose Jaccard
    equals ``threshold`` shares at least one band with probability ``1 - (1 - t**r)**b`` of at
    least ``recall`` (``b = num_perm // r``).

    Examples
    --------
    >>> lsh_bands(0.8, 128)
    (21, 6)
    """
    rows = 1
    for r in range(1, num_perm + 1):
        if 1 - (1 - threshold ** r) ** (num_perm // r) >= recall:
            rows = r
    return num_perm // rows, rows


def _bucket_pairs(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of positions that share a label."""
    order = np.argsort(labels, kind="stable")
    lab = labels[order]
    starts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]])
    sizes = np.diff(np.r_[starts, lab.size])
    left, right = [], []
    for s, m in zip(starts[sizes > 1], sizes[sizes > 1]):
        members = order[s:s + m]
        iu, ju = np.triu_indices(m, 1)
        left.append(members[iu])
        right.append(members[ju])
    if not left:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    return np.concatenate(left), np.concatenate(right)


def _lsh_candidates(sig: np.ndarray, groups: list[np.ndarray], bands: int, rows: int) -> np.ndarray:
    """Pairs (i < j, global positions) within each group that share at least one band."""
    n, found = sig.shape[0], []
    for members in groups:
        if members.size < 2:
            continue
        for band in range(bands):
            block = np.ascontiguousarray(sig[members, band * rows:(band + 1) * rows])
            keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
            _, labels = np.unique(keys, return_inverse=True)
            i, j = _bucket_pairs(labels.ravel())
            gi, gj = members[i], members[j]
            found.append(np.minimum(gi, gj).astype(np.int64) * n + np.maximum(gi, gj))
    return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)


def _exact_within(hashes: list[np.ndarray], members: np.ndarray, threshold: float):
    """Exact Jaccard of every pair in a group at or above the threshold, via a sparse Gram matrix."""
    sets = [hashes[m] for m in members]
    _, cols = np.unique(np.concatenate(sets), return_inverse=True)
    indptr = np.r_[0, np.cumsum([s.size for s in sets])]
    mat = sparse.csr_matrix((np.ones(cols.size, np.int32), cols.ravel(), indptr),
                            shape=(len(sets), int(cols.max()) + 1))
    inter = sparse.triu(mat @ mat.T, k=1).tocoo()
    size = np.diff(indptr)
    sim = inter.data / (size[inter.row] + size[inter.col] - inter.data)
    keep = sim >= threshold
    return members[inter.row[keep]], members[inter.col[keep]], sim[keep]


def _longest_shared(a: str, b: str) -> tuple[int, str]:
    words_a, words_b = nfc(str(a)).split(), nfc(str(b)).split()
    matcher = difflib.SequenceMatcher(None, [w.lower() for w in words_a], [w.lower() for w in words_b],
                                      autojunk=False)
    i, _, size = matcher.find_longest_match(0, len(words_a), 0, len(words_b))
    passage = " ".join(words_a[i:i + size])
    if len(passage) > _PASSAGE_CHARS:
        passage = passage[:_PASSAGE_CHARS].rsplit(" ", 1)[0] + " …"
    return size, passage


def _check_parameters(reports, threshold, kind, years, shingle, method, n_resamples, seed) -> None:
    def bad(name: str, expected: str, got: object) -> InvalidParameterError:
        return InvalidParameterError(f"The '{name}' parameter of copied_reports must be {expected}. "
                                     f"Got {got!r} instead.")
    def integer(x: object, low: int) -> bool:
        return isinstance(x, (int, np.integer)) and not isinstance(x, bool) and x >= low
    if not isinstance(reports, pd.DataFrame):
        raise bad("reports", "a pandas DataFrame (load it with tdkt_eval.load_records(path, 'reports'))",
                  type(reports).__name__)
    for name, expected, got, ok in [
        ("threshold", "a number in (0, 1]", threshold,
         isinstance(threshold, (int, float)) and not isinstance(threshold, bool) and 0 < threshold <= 1),
        ("kind", "one of {'final', 'interim', 'all'}", kind, kind in ("final", "interim", "all")),
        ("years", "one of {'consecutive', 'any'}", years, years in ("consecutive", "any")),
        ("shingle", "an integer >= 1", shingle, integer(shingle, 1)),
        ("method", "one of {'minhash', 'exact'}", method, method in ("minhash", "exact")),
        ("n_resamples", "an integer >= 16", n_resamples, integer(n_resamples, 16)),
        ("seed", "a non-negative integer", seed, integer(seed, 0)),
    ]:
        if not ok:
            raise bad(name, expected, got)


def _select(reports: pd.DataFrame, kind: str) -> pd.DataFrame:
    missing = [c for c in ("unit_id", "year", "kind", "text") if c not in reports.columns]
    if missing:
        raise MissingColumnError(
            f"The reports table lacks the column(s) {', '.join(missing)}; it has "
            f"{', '.join(map(str, reports.columns))}.", column=missing[0],
            fix="Load the file with tdkt_eval.load_records(path, 'reports'), which recognises Vietnamese "
                "headers such as 'Nội dung báo cáo'.")
    table = reports.assign(_row=np.arange(len(reports)) + 2)  # spreadsheet rows, header = row 1
    kinds = table["kind"].astype("string")
    if kind != "all":
        table = table[(kinds == kind).fillna(False).to_numpy(dtype=bool)]
    if table.empty:
        found = ", ".join(sorted(map(repr, kinds.dropna().unique()))) or "none"
        raise InvalidCategoryError(
            f"No report has kind '{kind}'; the kinds found are {found}.", column="kind",
            fix="Choose kind='interim', 'final' or 'all', or load the file with tdkt_eval.load_records, which "
                "maps 'tổng kết'/'sơ kết' to 'final'/'interim'.")
    for col in ("unit_id", "year", "kind"):
        rows = table.loc[table[col].isna(), "_row"].tolist()
        if rows:
            raise MissingValueError(f"{len(rows)} report(s) have no {col} (rows {', '.join(map(str, rows[:10]))}).",
                                    column=col, rows=rows, fix=f"Fill in the {col} of these reports or drop them.")
    text = table["text"].astype("string")
    empty = (text.isna() | (text.str.strip() == "")).to_numpy(dtype=bool, na_value=True)
    if empty.any():
        where = [f"row {r} ({u}, {y})" for r, u, y in
                 table.loc[empty, ["_row", "unit_id", "year"]].itertuples(index=False)]
        raise MissingValueError(
            f"{'1 report has' if len(where) == 1 else f'{len(where)} reports have'} an empty text: "
            f"{', '.join(where[:10])}"
            + (f" and {len(where) - 10} more." if len(where) > 10 else "."),
            column="text", rows=table.loc[empty, "_row"].tolist(),
            fix="Fill in the text of these reports (or drop the rows) before comparing them.")
    dup = table.duplicated(["unit_id", "year", "kind"], keep=False).to_numpy(dtype=bool)
    if dup.any():
        rows = table.loc[dup, "_row"].tolist()
        raise DuplicateKeyError(
            f"Several reports share a unit, year and kind (rows {', '.join(map(str, rows[:10]))}).",
            column="unit_id", rows=rows, fix="Keep one report per unit, year and kind.")
    return table.reset_index(drop=True)


def _same_unit_pairs(table: pd.DataFrame, years: str) -> tuple[np.ndarray, np.ndarray]:
    left, right = [], []
    for _, grp in table.groupby(["kind", "unit_id"], sort=False):
        pos = grp.sort_values("year").index.to_numpy()
        if years == "consecutive":
            left.append(pos[:-1])
            right.append(pos[1:])
        else:
            iu, ju = np.triu_indices(pos.size, 1)
            left.append(pos[iu])
            right.append(pos[ju])
    return (np.concatenate(left), np.concatenate(right)) if left else (np.empty(0, np.intp),) * 2


@renamed(num_perm="n_resamples")
def copied_reports(
    reports: pd.DataFrame,
    *,
    threshold: float = 0.8,
    kind: Literal["final", "interim", "all"] = "final",
    years: Literal["consecutive", "any"] = "consecutive",
    shingle: int = 5,
    method: Literal["minhash", "exact"] = "minhash",
    n_resamples: int = 128,
    seed: int = 0,
) -> pd.DataFrame:
    """Pairs of review reports whose texts are near-duplicates.

    Parameters
    ----------
    reports : DataFrame
        The ``reports`` table (``tdkt_eval.load_records(path, "reports")``): ``unit_id``,
        ``year``, ``kind`` and ``text``.
    threshold : float, default 0.8
        Smallest Jaccard similarity of character shingles reported.  0.8 is well above what
        independently written reports reach (on the demo data, at most 0.74 for any two final
        reports) and well below a copy with the years and a few figures changed (0.93 and up).
    kind : {"final", "interim", "all"}, default "final"
        Which reports to compare.  Reports are only compared with reports of the same kind.
    years : {"consecutive", "any"}, default "consecutive"
        Same-unit pairs: each report with the unit's next report (the next year for which the
        unit has one), or every two reports of the unit.  Reports of different units are
        compared when they are of the same year.
    shingle : int, default 5
        Characters per shingle.
    method : {"minhash", "exact"}, default "minhash"
        Find different-unit candidates by MinHash and LSH, or compare every pair exactly.
        Reported similarities are exact either way.
    n_resamples : int, default 128
        MinHash permutations: random draws whose share of agreeing minima estimates the
        Jaccard similarity (the ``num_perm`` of :func:`minhash_signatures`; formerly
        ``num_perm`` here too).
    seed : int, default 0
        Seed of the MinHash permutations.

    Returns
    -------
    DataFrame
        One row per pair at or above the threshold, most similar first: ``unit_a``,
        ``year_a``, ``unit_b``, ``year_b`` (for the same unit ``year_a < year_b``; otherwise
        ``unit_a < unit_b``), ``kind``, ``similarity`` (exact Jaccard), ``same_unit``,
        ``shared_words`` (words in the longest passage the two texts share, matched
        case-insensitively by ``difflib.SequenceMatcher``) and ``longest_shared`` (that
        passage as written in report a, cut to about 200 characters).

    Raises
    ------
    InvalidParameterError
        An option is out of range.
    MissingColumnError, InvalidCategoryError, MissingValueError, DuplicateKeyError
        A column is absent, no report has the kind asked for, a report has no unit, year or
        text (the error lists the rows), or a unit has two reports of one kind in a year.

    Notes
    -----
    ``J(A, B) = |A ∩ B| / |A ∪ B|`` over the sets of ``shingle``-character substrings of the
    normalised texts.  Same-unit pairs are always compared exactly.  With MinHash, each text
    gets ``n_resamples`` minima of random affine permutations ``(a x + b) mod (2**31 - 1)``
    (:func:`minhash_signatures`); signatures are cut into ``b`` bands of ``r`` rows
    (:func:`lsh_bands`: the most rows for which a pair at the threshold shares a band with
    probability >= 0.99), reports of different units that share a band in the same year are
    candidates, and those whose estimated Jaccard is within four standard errors of the
    threshold are compared exactly.  A pair at exactly the threshold is thus missed with
    probability about 1%, less the more similar it is.  ``method="exact"`` compares every
    eligible pair (a sparse Gram matrix per year; cost grows with the square of the reports
    per year).

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents. *Compression and
    Complexity of Sequences*, 21-29.  Leskovec, J., Rajaraman, A., Ullman, J. D. (2020).
    *Mining of Massive Datasets*, 3rd ed., ch. 3.

    Examples
    --------
    >>> base = "Đơn vị đã tổ chức 12 hội nghị tuyên truyền, khen thưởng 7 cá nhân có thành tích xuất sắc."
    >>> df = pd.DataFrame({"unit_id": ["U1", "U1", "U2"], "year": [2023, 2024, 2023],
    ...                    "kind": "final",
    ...                    "text": [base, base.replace("12", "13"), "Một báo cáo viết riêng, khác hẳn."]})
    >>> out = copied_reports(df)
    >>> out[["unit_a", "year_a", "unit_b", "year_b", "same_unit"]].values.tolist()
    [['U1', 2023, 'U1', 2024, True]]
    >>> round(float(out["similarity"].iloc[0]), 3), int(out["shared_words"].iloc[0])
    (0.889, 14)
    """
    _check_parameters(reports, threshold, kind, years, shingle, method, n_resamples, seed)
    table = _select(reports, kind)
    hashes = [shingle_hashes(t, int(shingle)) for t in table["text"]]
    groups = [g.to_numpy() for _, g in table.groupby(["kind", "year"], sort=True).groups.items()]
    si, sj = _same_unit_pairs(table, years)
    rows = []
    if method == "exact":
        for members in groups:
            gi, gj, sim = _exact_within(hashes, members, threshold)
            rows += list(zip(gi.tolist(), gj.tolist(), sim.tolist()))
        candidates = list(zip(si.tolist(), sj.tolist()))
    else:
        sig = minhash_signatures(hashes, int(n_resamples), int(seed))
        bands, rows_per_band = lsh_bands(threshold, int(n_resamples))
        keys = _lsh_candidates(sig, groups, bands, rows_per_band)
        ci, cj = keys // len(table), keys % len(table)
        margin = 4 * math.sqrt(threshold * (1 - threshold) / n_resamples)
        ci, cj = np.r_[si, ci].astype(np.intp), np.r_[sj, cj].astype(np.intp)
        est = np.concatenate([(sig[ci[lo:lo + 65536]] == sig[cj[lo:lo + 65536]]).mean(axis=1)
                              for lo in range(0, ci.size, 65536)] or [np.empty(0)])
        keep = est >= threshold - margin
        candidates = list(zip(ci[keep].tolist(), cj[keep].tolist()))
    for i, j in candidates:
        sim = jaccard(hashes[i], hashes[j])
        if sim >= threshold:
            rows.append((i, j, sim))
    out = []
    units, yrs, kinds, texts = (table[c].tolist() for c in ("unit_id", "year", "kind", "text"))
    for i, j, sim in rows:
        if (units[i], yrs[i]) > (units[j], yrs[j]):
            i, j = j, i
        shared, passage = _longest_shared(texts[i], texts[j])
        out.append((units[i], yrs[i], units[j], yrs[j], kinds[i], float(sim), units[i] == units[j], shared,
                    passage))
    result = pd.DataFrame(out, columns=COLUMNS).astype(
        {"unit_a": "string", "unit_b": "string", "year_a": "Int64", "year_b": "Int64", "kind": "string",
         "similarity": "float64", "same_unit": "bool", "shared_words": "int64", "longest_shared": "string"})
    result = result.sort_values(["similarity", "unit_a", "year_a", "unit_b", "year_b"],
                                ascending=[False, True, True, True, True], ignore_index=True)
    result.attrs.update(threshold=threshold, method=method, shingle=int(shingle), num_perm=int(n_resamples),
                        seed=int(seed), years=years, kind=kind, n_reports=len(table))
    return result
