"""Reuse and retelling detection: which units (passages) tell the same thing, and where.

Candidate pairs come from three inverted indexes, so no pair of units is compared unless they
share something; each index skips keys that too many units share:

* MinHash signatures of word 3-shingles, banded (locality-sensitive hashing): near-verbatim
  copies of a whole unit;
* rare word 4-grams: a quotation or a copied fragment inside otherwise different units;
* rare features (entities, EDTF dates, numbers) and rare long word stems: paraphrases and
  translations, which share who, when and how many and a few telling words, not word order.

Each candidate pair is then aligned word by word (local alignment: the densest run of matching
blocks) to find the exact spans in both units, and scored.
"""

from __future__ import annotations

import difflib
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from adfontes.variants.tokens import Token, tokenize

N_PERM = 64
BAND_ROWS = 2  # 32 bands of 2 rows: a pair with shingle Jaccard 0.3 is a candidate 95 % of times
SHINGLE = 3
FRAGMENT = 4
MAX_DF = 12  # a key shared by more units than this says nothing about any pair of them
GAP = 6  # matching blocks at most this many words apart belong to one aligned region
STEM = 7  # a word of at least this many letters counts by its first STEM letters (inflection)


@dataclass(frozen=True, slots=True)
class Unit:
    """A stretch of text that may tell something told elsewhere (a passage, usually).

    ``offset`` is where ``text`` starts in its file; ``features`` are the entities (``@id``),
    dates (``#EDTF``) and numbers read in it by the other stages.
    """

    id: Hashable
    source: str
    text: str
    lang: str | None = None
    offset: int = 0
    features: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Pair:
    """Two units that tell the same thing: the aligned spans (offsets into each unit's text),
    the words matched in them, the features they share, and how the pair was found."""

    a: Hashable
    b: Hashable
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    kind: str  # verbatim | fragment | paraphrase | translation
    matched: int
    shared: tuple[str, ...]
    score: float
    via: tuple[str, ...]


def _hash(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def _words(toks: list[Token]) -> list[str]:
    return [t.n for t in toks]


def shingles(words: list[str], n: int) -> set[int]:
    return {_hash(" ".join(words[i : i + n])) for i in range(max(0, len(words) - n + 1))}


def _perms() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20240601)
    a = rng.integers(1, 2**63, N_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, N_PERM, dtype=np.uint64)
    return a, b


def minhash(hashes: set[int], perms=None) -> np.ndarray | None:
    """Multiply-shift hashes of each shingle under N_PERM permutations; the minimum of each."""
    if not hashes:
        return None
    a, b = perms or _perms()
    h = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    with np.errstate(over="ignore"):
        mixed = (h[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
    return mixed.min(axis=0)


def _posting_pairs(index: dict, max_df: int) -> Iterable[tuple[int, int]]:
    for members in index.values():
        if 1 < len(members) <= max_df:
            yield from combinations(sorted(members), 2)


def candidates(
    token_lists: list[list[str]], units: list[Unit], max_df: int = MAX_DF
) -> dict[tuple[int, int], set[str]]:
    """Candidate pairs (unit indexes) with the indexes that proposed them."""
    perms = _perms()
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    bands: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    fragments: dict[int, set[int]] = defaultdict(set)
    features: dict[str, set[int]] = defaultdict(set)
    for i, (words, unit) in enumerate(zip(token_lists, units, strict=True)):
        sig = minhash(shingles(words, SHINGLE), perms)
        if sig is not None:
            for band in range(0, N_PERM, BAND_ROWS):
                bands[(band, sig[band : band + BAND_ROWS].tobytes())].append(i)
        for h in shingles(words, FRAGMENT):
            fragments[h].add(i)
        for f in unit.features:
            features[f].add(i)
    for pair in _posting_pairs(bands, max_df):
        found[pair].add("minhash")
    for pair in _posting_pairs(fragments, max_df):
        found[pair].add("fragment")
    shared: Counter[tuple[int, int]] = Counter(_posting_pairs(features, max_df))
    for pair, n in shared.items():
        if n >= 3:
            found[pair].add("features")
    return {p: v for p, v in found.items() if units[p[0]].id != units[p[1]].id}


def local_alignment(a: list[Token], b: list[Token]) -> tuple[int, tuple[int, int], tuple[int, int]]:
    """Words matched in the densest aligned region, and its token ranges in ``a`` and ``b``."""
    sm = difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False)
    blocks = [m for m in sm.get_matching_blocks() if m.size]
    best = (0, (0, 0), (0, 0))
    run: list = []

    def close() -> None:
        nonlocal best
        if run:
            n = sum(m.size for m in run)
            if n > best[0]:
                first, last = run[0], run[-1]
                best = (n, (first.a, last.a + last.size), (first.b, last.b + last.size))

    for m in blocks:
        if run and (
            m.a - (run[-1].a + run[-1].size) > GAP or m.b - (run[-1].b + run[-1].size) > GAP
        ):
            close()
            run = []
        run.append(m)
    close()
    return best


def _span(toks: list[Token], rng: tuple[int, int]) -> tuple[int, int]:
    if rng[0] >= rng[1]:
        return (toks[0].start, toks[-1].end) if toks else (0, 0)
    return toks[rng[0]].start, toks[rng[1] - 1].end


def _stems(words: list[str]) -> frozenset[str]:
    return frozenset("~" + w[:STEM] for w in words if len(w) >= STEM and w.isalpha())


def _weight(features: Iterable[str]) -> float:
    """Entities and dates count one each, a shared rare word stem half."""
    return sum(0.5 if f.startswith("~") else 1.0 for f in features)


def detect(units: list[Unit], *, min_words: int = 6, max_df: int = MAX_DF) -> list[Pair]:
    """Pairs of units that reuse or retell one another, strongest first."""
    toks = [tokenize(u.text) for u in units]
    words = [_words(t) for t in toks]
    units = [
        Unit(u.id, u.source, u.text, u.lang, u.offset, u.features | _stems(w))
        for u, w in zip(units, words, strict=True)
    ]
    df: Counter[str] = Counter(f for u in units for f in u.features)
    out = []
    for (i, j), via in candidates(words, units, max_df).items():
        ua, ub = units[i], units[j]
        matched, ra, rb = local_alignment(toks[i], toks[j])
        shared = sorted(f for f in ua.features & ub.features if df[f] <= max_df)
        shorter = max(1, min(len(toks[i]), len(toks[j])))
        cross = bool(ua.lang and ub.lang and ua.lang != ub.lang)
        if matched >= min_words and matched / max(1, max(ra[1] - ra[0], rb[1] - rb[0])) >= 0.5:
            kind = "verbatim" if matched / shorter >= 0.6 else "fragment"
        elif (
            _weight(shared) >= 2
            and any(not f.startswith("~") for f in shared)
            and (cross or matched >= 3)
        ):
            kind = "translation" if cross else "paraphrase"
            ra, rb = (0, len(toks[i])), (0, len(toks[j]))
        else:
            continue
        score = round(matched / shorter + 0.25 * _weight(shared), 4)
        out.append(
            Pair(
                ua.id, ub.id, _span(toks[i], ra), _span(toks[j], rb), kind, matched,
                tuple(shared), score, tuple(sorted(via)),
            )
        )  # fmt: skip
    out.sort(key=lambda p: (-p.score, str(p.a), str(p.b)))
    return out
