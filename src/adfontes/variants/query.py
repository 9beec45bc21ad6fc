"""Every telling of one phrase or quotation, found when it is asked for.

The stories the variants stage stores are clustered from pairs found over the whole corpus,
and a retelling they missed stays missed. A query looks again, for this one phrase only:

1. candidates: the passages where the phrase's words stand in a row (inflected forms allowed),
   the best passages by the search engine (BM25 over words, stems and name keys, fused with
   passage vectors when the store has them), and the passages that share a rare entity, date or
   length of time with the phrase;
2. each sentence of a candidate is checked against the phrase: in its language by local
   alignment of the words, or by shared rare keys (entities, dates, long word stems, quoted
   words) as the stage's paraphrase rule asks; in any language by sentence vectors (at least
   0.92 near on their own, or 0.88 when the two share rare keys of weight two: vectors put a
   sentence on the same topic as near as a retelling); and, with no vectors, in another
   language by shared entities and dates;
3. the sentences that tell it, per passage, are joined into tellings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from adfontes.errors import UsageError
from adfontes.store import Store
from adfontes.store import sources as sdb
from adfontes.store import variants as db
from adfontes.variants.reuse import (
    ACCEPT,
    CONFIRM,
    Unit,
    _feature_weight,
    _keys,
    _weight,
    _words,
    local_alignment,
)
from adfontes.variants.stage import JOIN
from adfontes.variants.tokens import tokenize

# Passages taken from the search engine.
SEARCH_HITS = 30
# A feature held by more passages than this says nothing about any of them.
FEATURE_DF = 24
# Passages taken by shared features, most shared weight first.
FEATURE_PASSAGES = 40
# Words aligned in order for a sentence to retell the phrase (fewer for a shorter phrase).
MIN_ALIGNED = 6
# At most this many sentences are embedded for one query, in the order the candidates came.
VECTOR_UNITS = 150
# The ways a telling is found, strongest first.
METHODS = ("words", "aligned", "shared", "vector")


@dataclass(frozen=True, slots=True)
class Found:
    """A stretch of a passage that tells the phrase (file offsets), how it was found and how
    strongly (words: 1.0; aligned: share of the phrase's words aligned; shared: that plus a
    quarter of the weight of the shared keys; vector: cosine)."""

    passage: sdb.PassageRow
    start: int
    end: int
    by: str
    score: float


def occurrences(store: Store, phrase: str) -> list[tuple]:
    """(passage, source, file start, file end) of every place the phrase's words stand in a
    row; a word also matches its inflected forms (``ultimátum`` finds ``ultimátumot``)."""
    from adfontes.analyze import analysable_sources
    from adfontes.variants.stage import ASIDE_KINDS

    want = [t.n for t in tokenize(phrase)]
    if not want:
        raise UsageError("the phrase has no words")
    out = []
    for source in analysable_sources(store):
        for p in sdb.passages(store.conn, source_id=source.id, analysable=True):
            if p.kind in ASIDE_KINDS or p.source_id != source.id:
                continue
            toks = tokenize(p.text)
            norms = [t.n for t in toks]
            for i in range(len(norms) - len(want) + 1):
                window = norms[i : i + len(want)]
                if all(w.startswith(x) for w, x in zip(window, want, strict=True)):
                    last = toks[i + len(want) - 1]
                    out.append((p, source, p.start + toks[i].start, p.start + last.end))
                    break
    return out


def _phrase_features(store, phrase: str, lang: str | None, located, found) -> frozenset[str]:
    """The entities, dates and lengths of time of the phrase: those read in the sentences
    where its words stand (the date of a remark stands before the remark), and the dates read
    in the phrase itself."""
    from adfontes.time.find import find as find_dates
    from adfontes.variants.stage import _sentences

    out = set()
    for p, _, s, e in found:
        s, e = _sentences(store, p, s, e)
        out.update(f for at, f in located.get(p.id, ()) if s <= at < e)
    try:
        exprs = find_dates(phrase, lang or "en")
    except (UsageError, KeyError, ValueError):
        exprs = []
    for x in exprs:
        if x.value.startswith("DURATION:"):
            if "X" not in x.value:
                out.add("%" + x.value[len("DURATION:") :])
        elif any(c.isdigit() for c in x.value):
            out.add("#" + x.value)
    return frozenset(out)


def _search_text(phrase: str) -> str:
    """The phrase as a search query: its words, no quotation marks or wildcards."""
    return re.sub(r'["*]', " ", phrase)


def _candidates(store: Store, phrase: str, feats: frozenset[str], located, embedder) -> list[int]:
    """Passage ids to check, in the order found: search hits, then passages that share the
    phrase's rare features."""
    from adfontes.search.engine import run

    mode = "fused" if embedder is not None else "lexical"
    try:
        hits = run(store, _search_text(phrase), SEARCH_HITS, mode=mode, embedder=embedder).hits
    except UsageError:
        hits = []
    out = [h.passage.id for h in hits]
    if feats:
        holders: dict[str, set[int]] = defaultdict(set)
        for pid, items in located.items():
            for _, f in items:
                if f in feats:
                    holders[f].add(pid)
        weight: dict[int, float] = defaultdict(float)
        for f, pids in holders.items():
            if len(pids) <= FEATURE_DF:
                for pid in pids:
                    weight[pid] += _feature_weight(f)
        out += sorted(weight, key=lambda pid: (-weight[pid], pid))[:FEATURE_PASSAGES]
    return list(dict.fromkeys(out))


def _units(store: Store, pids: list[int], located, exclude: set[int]) -> list[Unit]:
    """A unit per sentence (a short one read with the next) of each passage that tells
    something, as the stage reads them."""
    from adfontes.analyze import analysable_sources
    from adfontes.store import search as search_db
    from adfontes.variants.stage import ASIDE_KINDS, _windows

    languages = {s.id: s.language for s in analysable_sources(store)}
    rows = search_db.passages_by_id(store.conn, pids)
    out = []
    for pid in pids:
        p = rows.get(pid)
        if p is None or pid in exclude or p.kind in ASIDE_KINDS or p.source_id not in languages:
            continue
        items = located.get(pid, ())
        for s, e in _windows(sdb.sentences(store.conn, pid) or [(p.start, p.end)], p.start, p.end):
            text = p.text[s - p.start : e - p.start]
            feats = frozenset(f for at, f in items if s <= at < e)
            lang = p.lang or languages[p.source_id]
            out.append(Unit((pid, s), p.source_id, text, lang, s, feats, group=pid))
    return out


def _vector(embedder, text: str) -> np.ndarray:
    from adfontes.variants.vectors import MAX_CHARS

    v = np.asarray(embedder.passages([" ".join(text.split())[:MAX_CHARS]])[0], dtype=np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _check(q: Unit, q_toks, q_keys, u: Unit, cos: float | None) -> tuple[str, float] | None:
    """How the unit tells the phrase, and how strongly; None when it does not."""
    u_toks = tokenize(u.text)
    matched, ra, rb = local_alignment(q_toks, u_toks)
    need = min(MIN_ALIGNED, len(q_toks))
    if matched >= max(need, 2) and matched / max(1, ra[1] - ra[0], rb[1] - rb[0]) >= 0.5:
        return "aligned", round(matched / len(q_toks), 4)
    shared = q_keys & _keys(u.features, _words(u_toks), u.text)
    cross = bool(q.lang and u.lang and q.lang != u.lang)
    # Sentence vectors put a sentence on the same topic as near as a retelling (a sentence
    # about Lenin near a remark about Lenin): near alone counts only when very near, or near
    # with rare keys of weight two shared besides.
    if cos is not None and (cos >= JOIN or (cos >= ACCEPT and _weight(shared) >= 2)):
        return "vector", round(cos, 4)
    if (
        _weight(shared) >= 2
        and any(not f.startswith("~") for f in shared)
        and (cross or matched >= 3 or any(f.startswith('"') for f in shared))
    ) and (cos is None or cos >= CONFIRM or not cross):
        return "shared", round(matched / len(q_toks) + 0.25 * _weight(shared), 4)
    return None


def find(store: Store, phrase: str, *, embedder=None) -> list[Found]:
    """The stretches that tell the phrase, per passage in the order found. ``embedder`` gives
    sentence vectors (and passage vectors to the search, when the store has them); None checks
    by words, keys, entities and dates only."""
    from adfontes.text.langid import detect
    from adfontes.variants.vectors import SentenceVectors

    found = occurrences(store, phrase)
    located = db.located_features(store.conn)
    lang = detect(phrase)[0] or (found[0][0].lang if found else None)
    feats = _phrase_features(store, phrase, lang, located, found)
    out = [Found(p, s, e, "words", 1.0) for p, _, s, e in found]
    q_toks = tokenize(phrase)
    q = Unit("query", "", phrase, lang, 0, feats)
    q_keys = _keys(feats, _words(q_toks), phrase)
    pids = _candidates(store, phrase, feats, located, embedder)
    said = {(f.passage.id): f for f in out}
    units = [u for u in _units(store, pids, located, set())
             if not _inside(said.get(u.group), u)]  # fmt: skip
    cos: dict[int, float] = {}
    if embedder is not None and units:
        sv = SentenceVectors(store, units, embedder)
        chosen = list(range(min(len(units), VECTOR_UNITS)))
        sv.load(chosen)
        qv = _vector(embedder, phrase)
        cos = {i: float(sv.vectors[i] @ qv) for i in chosen}
    rows = {}
    if units:
        from adfontes.store import search as search_db

        rows = search_db.passages_by_id(store.conn, sorted({u.group for u in units}))
    for i, u in enumerate(units):
        verdict = _check(q, q_toks, q_keys, u, cos.get(i))
        if verdict is not None:
            by, score = verdict
            out.append(Found(rows[u.group], u.offset, u.offset + len(u.text), by, score))
    return out


def _inside(f: Found | None, u: Unit) -> bool:
    """Whether the unit holds an occurrence already found."""
    return f is not None and u.offset < f.end and f.start < u.offset + len(u.text)
