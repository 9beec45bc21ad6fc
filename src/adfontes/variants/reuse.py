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
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
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
FEATURE_DF = 2  # entities, dates and stems may be shared by twice MAX_DF units
QUOTE_DF = 4  # a phrase quoted again and again is what a story of quotations is made of
MIN_SHARED = 2.0  # weight of rare keys two units must share to be compared as paraphrases
QUOTE_STEM = 5
QUOTE_WORDS = 8  # a longer quotation is found by its word 4-grams
YEAR = re.compile(r"\d{4}-\d{2}")  # a month or day date: its year meets a year date
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_OF_YEAR = re.compile(r"(?:\d{4}|XXXX)-\d{2}-\d{2}")
MONTH = re.compile(r"\d{4}-\d{2}")  # rare keys two units must share to be compared for paraphrase
STEM = 7  # a word of at least this many letters counts by its first STEM letters (inflection)
# With sentence vectors: two units in two languages that share this weight of rare keys (one
# entity, a month) are compared too, and kept as a translation when their vectors are near.
WEAK_SHARED = 1.0
# Cosine of sentence vectors (multilingual-e5-small) above which two units in two languages
# tell the same thing, and below which a pair found by a shared entity or date only is dropped.
ACCEPT = 0.88
CONFIRM = 0.80


@dataclass(frozen=True, slots=True)
class Unit:
    """A stretch of text that may tell something told elsewhere (a passage, usually).

    ``offset`` is where ``text`` starts in its file; ``features`` are the entities (``@id``),
    dates (``#EDTF``), durations (``%P12D``) and numbers read in it by the other stages.
    """

    id: Hashable
    source: str
    text: str
    lang: str | None = None
    offset: int = 0
    features: frozenset[str] = frozenset()
    group: Hashable | None = None  # units of one group (a passage's sentences) are not paired


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
    """A stable 64-bit hash (Python's own hash changes from run to run)."""
    data = s.encode("utf-8")
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


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


def _shared(keys: list[np.ndarray], owners: list[np.ndarray], max_df: int):
    """Groups of owners (unit indexes) that share a key, for keys shared by 2..max_df owners.

    Sorting all (key, owner) pairs at once keeps this near-linear and light on memory."""
    if not keys:
        return
    k = np.concatenate(keys)
    o = np.concatenate(owners)
    order = np.lexsort((o, k))
    k, o = k[order], o[order]
    keep = np.ones(len(k), dtype=bool)
    keep[1:] = (k[1:] != k[:-1]) | (o[1:] != o[:-1])
    k, o = k[keep], o[keep]
    if not len(k):
        return
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    chosen = (sizes > 1) & (sizes <= max_df)
    for start, size in zip(starts[chosen].tolist(), sizes[chosen].tolist(), strict=True):
        yield int(k[start]), o[start : start + size].tolist()


def candidates(
    units: list[Unit], max_df: int = MAX_DF, *, weak: bool = False
) -> dict[tuple[int, int], set[str]]:
    """Candidate pairs (unit indexes) with the indexes that proposed them. Each unit's words are
    read once and only its hashed keys are kept. With ``weak``, units in two languages that
    share less than MIN_SHARED but at least WEAK_SHARED are proposed too (via ``weak``)."""
    perms = _perms()
    band_keys, band_owners = [], []
    frag_keys, frag_owners = [], []
    feat_keys, feat_owners = [], []
    quote_keys, quote_owners = [], []
    weights: dict[int, float] = {}
    band_ids = np.arange(0, N_PERM, BAND_ROWS, dtype=np.uint64)
    for i, unit in enumerate(units):
        words = _words(tokenize(unit.text))
        sig = minhash(shingles(words, SHINGLE), perms)
        if sig is not None:
            rows = sig.reshape(-1, BAND_ROWS)
            with np.errstate(over="ignore"):
                key = band_ids * np.uint64(0x9E3779B97F4A7C15)
                for r in range(BAND_ROWS):
                    key = (key ^ rows[:, r]) * np.uint64(0xBF58476D1CE4E5B9)
            band_keys.append(key)
            band_owners.append(np.full(len(key), i, dtype=np.int64))
        frags = shingles(words, FRAGMENT)
        if frags:
            frag_keys.append(np.fromiter(frags, dtype=np.uint64, count=len(frags)))
            frag_owners.append(np.full(len(frags), i, dtype=np.int64))
        features = _keys(unit.features, words, unit.text)
        if features:
            feats = [_hash(f) for f in features]
            weights.update(zip(feats, map(_feature_weight, features), strict=True))
            quoted = [h for h, f in zip(feats, features, strict=True) if f.startswith('"')]
            other = [h for h, f in zip(feats, features, strict=True) if not f.startswith('"')]
            feat_keys.append(np.array(other, dtype=np.uint64))
            feat_owners.append(np.full(len(other), i, dtype=np.int64))
            quote_keys.append(np.array(quoted, dtype=np.uint64))
            quote_owners.append(np.full(len(quoted), i, dtype=np.int64))
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    for _, group in _shared(band_keys, band_owners, max_df):
        for pair in combinations(group, 2):
            found[pair].add("minhash")
    for _, group in _shared(frag_keys, frag_owners, max_df):
        for pair in combinations(group, 2):
            found[pair].add("fragment")
    shared: defaultdict[tuple[int, int], float] = defaultdict(float)
    for keys, owners, cap in (
        (feat_keys, feat_owners, max_df * FEATURE_DF),
        (quote_keys, quote_owners, max_df * QUOTE_DF),
    ):
        for key, group in _shared(keys, owners, cap):
            w = weights[key]
            for pair in combinations(group, 2):
                shared[pair] += w
    for pair, w in shared.items():
        if w >= MIN_SHARED:
            found[pair].add("features")
        elif weak and w >= WEAK_SHARED and units[pair[0]].lang != units[pair[1]].lang:
            found[pair].add("weak")
    return {p: v for p, v in found.items() if not _same_group(units[p[0]], units[p[1]])}


def _same_group(a: Unit, b: Unit) -> bool:
    return a.id == b.id or (a.group is not None and a.group == b.group)


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


def _quotes(text: str) -> list[tuple[int, int]]:
    from adfontes.variants.slots import quotes

    return quotes(text)


def _quoted_or_all(text: str, toks: list[Token]) -> tuple[int, int]:
    """Token range of the first quotation in the text, else of the whole text."""
    q = _quotes(text)
    if q:
        inside = [k for k, t in enumerate(toks) if q[0][0] <= t.start < q[0][1]]
        if inside:
            return inside[0], inside[-1] + 1
    return 0, len(toks)


def _span(toks: list[Token], rng: tuple[int, int]) -> tuple[int, int]:
    if rng[0] >= rng[1]:
        return (toks[0].start, toks[-1].end) if toks else (0, 0)
    return toks[rng[0]].start, toks[rng[1] - 1].end


def _stems(words: list[str]) -> frozenset[str]:
    return frozenset("~" + w[:STEM] for w in words if len(w) >= STEM and w.isalpha())


def _keys(features: frozenset[str], words: list[str], text: str) -> frozenset[str]:
    """A unit's features, its rare word stems, for each day date its day of the year
    (``#--12-16``, which meets the same day written without a year, ``#XXXX-12-16``) and for
    each day or month date its year (``#1928``, which meets "in 1928"), and the
    quoted words it shares with another (``"capit+resto``: "restoration of capitalism" and
    "to restore capitalism" quote one phrase)."""
    days = {"#--" + f[6:] for f in features if f.startswith("#") and DAY_OF_YEAR.fullmatch(f[1:])}
    years = {"#" + f[1:5] for f in features if f.startswith("#") and YEAR.match(f[1:])}
    return features | days | years | _stems(words) | _quoted_pairs(text)


def quote_stem(word: str) -> str | None:
    """The stem by which a folded word counts in a quoted-words key: its first QUOTE_STEM
    letters, when it is a word of at least that many letters."""
    return word[:QUOTE_STEM] if len(word) >= QUOTE_STEM and word.isalpha() else None


def _quoted_pairs(text: str) -> set[str]:
    """Pairs of the longer words inside each short quotation, by their first QUOTE_STEM
    letters, in alphabetical order."""
    out: set[str] = set()
    for s, e in _quotes(text):
        stems = sorted({st for w in _words(tokenize(text[s:e])) if (st := quote_stem(w))})
        if 2 <= len(stems) <= QUOTE_WORDS:
            out.update(f'"{a}+{b}' for a, b in combinations(stems, 2))
    return out


def _cap(f: str, max_df: int) -> int:
    """How many units may share a key before it says nothing about any two of them."""
    return max_df * (QUOTE_DF if f.startswith('"') else FEATURE_DF)


def _feature_weight(f: str) -> float:
    """What sharing one feature says: a day date or a stated length of time much, an entity
    or a month one, a year or a rare word stem half."""
    if f.startswith("#"):
        v = f[1:]
        if DAY.fullmatch(v):
            return 2.0
        if v.startswith("--") or v.startswith("XXXX"):
            return 1.5
        return 1.0 if MONTH.fullmatch(v) else 0.5
    if f.startswith("%"):
        return 1.5
    if f.startswith('"'):
        return 2.0
    return 0.5 if f.startswith("~") else 1.0


def _weight(features: Iterable[str]) -> float:
    return sum(_feature_weight(f) for f in features)


def detect(
    units: list[Unit],
    *,
    min_words: int = 6,
    max_df: int = MAX_DF,
    neighbours: Iterable[tuple[int, int]] = (),
    translations: Iterable[tuple[int, int]] = (),
    similar: Callable[[list[tuple[int, int]]], dict[tuple[int, int], float]] | None = None,
) -> list[Pair]:
    """Pairs of units that reuse or retell one another, strongest first.

    ``neighbours`` are more candidate pairs (unit indexes), such as the nearest passages in
    another language by embedding; they measure topic, so such a pair is kept only when the two
    share a rare entity or date, or both quote someone. ``translations`` are pairs known from
    the layout of a source to be a text and its translation; they are kept as they are.

    ``similar`` gives the cosine of the sentence vectors of pairs of units. With it, a pair in
    two languages found by shared entities or dates only (or by passage vectors) is kept when
    its vectors are at least CONFIRM near, and pairs in two languages that share a single
    entity or month are compared too and kept when they are at least ACCEPT near."""
    found = candidates(units, max_df, weak=similar is not None)
    for i, j in neighbours:
        if i != j and not _same_group(units[i], units[j]):
            found.setdefault((min(i, j), max(i, j)), set()).add("embedding")
    for i, j in translations:
        if i != j and not _same_group(units[i], units[j]):
            found.setdefault((min(i, j), max(i, j)), set()).add("layout")
    involved = sorted({i for pair in found for i in pair})
    toks = {i: tokenize(units[i].text) for i in involved}
    feats = {i: _keys(units[i].features, _words(toks[i]), units[i].text) for i in involved}
    # How many units hold a key is counted over the units of the pairs found without vectors,
    # so that checking more pairs does not change what the others share.
    strong = {i for pair, via in found.items() if via != {"weak"} for i in pair}
    df: Counter[str] = Counter(f for i in involved if i in strong for f in feats[i])
    out: list[tuple[Pair, float | None, tuple[int, int]]] = []
    for (i, j), via in found.items():
        ua, ub = units[i], units[j]
        matched, ra, rb = local_alignment(toks[i], toks[j])
        shared = sorted(f for f in feats[i] & feats[j] if df[f] <= _cap(f, max_df))
        shorter = max(1, min(len(toks[i]), len(toks[j])))
        cross = bool(ua.lang and ub.lang and ua.lang != ub.lang)
        if matched >= min_words and matched / max(1, max(ra[1] - ra[0], rb[1] - rb[0])) >= 0.5:
            kind = "verbatim" if matched / shorter >= 0.6 else "fragment"
        elif (
            _weight(shared) >= 2
            and any(not f.startswith("~") for f in shared)
            and (cross or matched >= 3 or any(f.startswith('"') for f in shared))
        ):
            kind = "translation" if cross else "paraphrase"
            ra, rb = (0, len(toks[i])), (0, len(toks[j]))
        elif cross and (
            "layout" in via
            or ("weak" in via and _weight(f for f in shared if f[:1] in "@#%") >= WEAK_SHARED)
        ):
            kind = "translation"
            ra, rb = (0, len(toks[i])), (0, len(toks[j]))
        elif (
            "embedding" in via
            and cross
            and (
                any(not f.startswith("~") for f in shared)
                or (_quotes(ua.text) and _quotes(ub.text))
            )
        ):
            kind = "translation"
            ra, rb = _quoted_or_all(ua.text, toks[i]), _quoted_or_all(ub.text, toks[j])
        else:
            continue
        score = round(matched / shorter + 0.25 * _weight(shared), 4)
        pair = Pair(
            ua.id, ub.id, _span(toks[i], ra), _span(toks[j], rb), kind, matched,
            tuple(shared), score, tuple(sorted(via)),
        )  # fmt: skip
        need = None  # how near the sentence vectors must be
        if via == {"weak"}:
            need = ACCEPT
        elif kind == "translation" and not via & {"layout", "minhash", "fragment"}:
            need = CONFIRM
        out.append((pair, need, (i, j)))
    sims = similar([ij for _, need, ij in out if need is not None]) if similar else {}
    kept = [
        p
        for p, need, ij in out
        if need is None
        or (ij in sims and sims[ij] >= need)
        or (not similar and "weak" not in p.via)
    ]
    kept.sort(key=lambda p: (-p.score, str(p.a), str(p.b)))
    return kept
