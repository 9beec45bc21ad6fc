"""Search and similar passages: lexical, dense and fused rankings behind one function each.

``search(store, query, k)`` returns hits with their passage, score, the reasons for the score
(lexical rank and the query parts found; dense rank and similarity) and a locator; ``similar``
finds passages like a given one, in any language. Rankings are fused by reciprocal rank, which
needs no calibration between BM25 scores and cosine similarities.
"""

from __future__ import annotations

import calendar
import re
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from adfontes.errors import UsageError
from adfontes.locator import Locator
from adfontes.search import dense, lexical, terms
from adfontes.search.embed import Embedder, default_embedder
from adfontes.search.facts import fact
from adfontes.search.query import Group, parse
from adfontes.store import Store
from adfontes.store import search as db
from adfontes.store.search import Filters
from adfontes.store.sources import Locators, PassageRow, resolve_source

MODES = ("fused", "lexical", "dense")
RRF_K = 60
DENSE_POOL = 500
SNIPPET = 90  # characters either side of the first highlight
NO_FILTERS = Filters()


@dataclass(frozen=True, slots=True)
class Hit:
    passage: PassageRow
    score: float
    reasons: dict
    locator: Locator
    highlights: tuple[tuple[int, int], ...] = ()

    def snippet(self, width: int = SNIPPET) -> tuple[int, int]:
        """File offsets of a window of the passage around its first highlight."""
        p = self.passage
        centre = self.highlights[0][0] if self.highlights else p.start
        start, end = max(p.start, centre - width), min(p.end, centre + width)
        if end - start < 2 * width:
            start, end = max(p.start, end - 2 * width), min(p.end, start + 2 * width)
        return start, end

    def to_json(self, locators: Locators) -> dict:
        s, e = self.snippet()
        p = self.passage
        return {
            "passage": p.ref,
            "passage_id": p.id,
            "kind": p.kind,
            "lang": p.lang,
            "page": p.page,
            "score": round(self.score, 6),
            "reasons": self.reasons,
            "locator": self.locator.to_json(),
            "snippet": locators(p.source_id, p.file_id, s, e).to_json(),
            "highlights": [
                locators(p.source_id, p.file_id, a, b).to_json() for a, b in self.highlights
            ],
        }


@dataclass(slots=True)
class Results:
    hits: list[Hit]
    mode: str  # the mode that ran (lexical when there are no vectors)
    notices: list[str] = field(default_factory=list)


def date_bound(value: str | None, *, upper: bool, option: str = "date") -> str | None:
    """The first (or last) day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a value that is not
    a real date is a UsageError naming ``option``."""
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        raise UsageError(f"{option} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m[1])
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    if month is not None and not 1 <= month <= 12:
        raise UsageError(f"{option} {value!r} has no month {month:02d}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise UsageError(f"{option} {value!r} has no day {day:02d} (the month has {last})")
        return f"{year:04d}-{month:02d}-{day:02d}"
    if not upper:
        return f"{year:04d}-{month or 1:02d}-01"
    month = month or 12
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def make_filters(
    store: Store, *, lang: Sequence[str] = (), kind: Sequence[str] = (),
    genre: Sequence[str] = (), source: Sequence[str] = (), date_from: str | None = None,
    date_to: str | None = None, who: str | None = None,
) -> Filters:  # fmt: skip
    """Filters from what a user typed: source references, loose dates, a person's name."""
    lower = date_bound(date_from, upper=False, option="--from")
    higher = date_bound(date_to, upper=True, option="--to")
    if lower and higher and lower > higher:
        raise UsageError(f"--from {date_from!r} is after --to {date_to!r}")
    if (date_from or date_to) and not db.has_table(store.conn, "times"):
        raise UsageError("date filters need the dates stage, which this store does not have")
    who_expr = None
    if who:
        hook = terms.name_keys_hook()
        langs = fact(store.conn, db.corpus_langs)
        parts = []
        for tok in terms.tokens(who):
            keys = terms.query_name_keys(tok.surface, langs, hook) | {tok.folded}
            words = " OR ".join(f'"{k}"' for k in sorted(keys))
            parts.append(f'(names : ({words}) OR words : "{tok.folded}")')
        if not parts:
            raise UsageError(f"--who {who!r} has no name in it")
        who_expr = " AND ".join(parts)
    return Filters(
        langs=tuple(lang), kinds=tuple(kind), genres=tuple(genre),
        source_ids=tuple(resolve_source(store.conn, ref).id for ref in source),
        date_from=lower, date_to=higher, who=who_expr,
    )  # fmt: skip


def _vectors(store: Store, embedder: Embedder | None, notices: list[str]):
    """The vector index, or None with a notice saying why search is lexical only."""
    if embedder is None:
        embedder, reason = default_embedder().embedder, default_embedder().notice
        if embedder is None:
            notices.append(f"lexical search only: {reason}")
            return None, None
    index = dense.load(store, embedder.name)
    if index is None:
        notices.append("lexical search only: no passage embeddings yet (run 'adfontes embed')")
        return None, None
    missing = fact(store.conn, db.indexed_count) - len(index)
    if missing > 0:
        notices.append(f"{missing} passages have no embedding yet (run 'adfontes embed')")
    return embedder, index


def run(
    store: Store,
    query: str,
    k: int = 10,
    *,
    mode: str = "fused",
    filters: Filters = NO_FILTERS,
    embedder: Embedder | None = None,
    balance: bool = True,
) -> Results:
    """Search in ``mode``; with ``balance``, each language's best passages rank alike."""
    if mode not in MODES:
        raise UsageError(f"unknown search mode {mode!r} (use {', '.join(MODES)})")
    conn = store.conn
    groups = parse(query, fact(conn, db.corpus_langs), terms.name_keys_hook())
    notices: list[str] = []
    if not fact(conn, db.indexed_count):
        notices.append("the search index is empty (run 'adfontes analyze')")
    lexical_ranked: list[lexical.Scored] = []
    if mode != "dense":
        lexical_ranked = lexical.rank(conn, groups, filters, lexical.pool_for(k))
    dense_ranked: list[tuple[int, float]] = []
    if mode != "lexical":
        model, index = _vectors(store, embedder, notices)
        if index is not None:
            allowed = None if filters.empty else db.allowed_ids(conn, filters)
            dense_ranked = index.search(model.query(query), max(DENSE_POOL, 5 * k), allowed)
        elif mode == "dense":
            lexical_ranked = lexical.rank(conn, groups, filters, lexical.pool_for(k))
        mode = mode if index is not None else "lexical"
    langs = {s.passage_id: s.lang for s in lexical_ranked}
    if dense_ranked:
        langs.update((pid, index.lang(pid)) for pid, _ in dense_ranked)
    ranked = _fuse(lexical_ranked, dense_ranked, langs if balance else None)[:k]
    return Results(_hits(store, ranked, groups), mode, notices)


def search(
    store: Store,
    query: str,
    k: int = 10,
    *,
    mode: str = "fused",
    filters: Filters = NO_FILTERS,
    embedder: Embedder | None = None,
    balance: bool = True,
) -> list[Hit]:
    """The ``k`` best passages for ``query`` (see ``run`` for the mode used and notices)."""
    return run(store, query, k, mode=mode, filters=filters, embedder=embedder, balance=balance).hits


def similar(
    store: Store,
    passage_id: int,
    k: int = 10,
    *,
    filters: Filters = NO_FILTERS,
    embedder: Embedder | None = None,
    balance: bool = True,
) -> Results:
    """Passages like this one, in any language (the passage itself left out)."""
    conn = store.conn
    found = db.passages_by_id(conn, [passage_id])
    if passage_id not in found:
        raise UsageError(f"unknown passage id {passage_id}")
    passage = found[passage_id]
    filters = Filters(**{**_as_dict(filters), "exclude": (*filters.exclude, passage_id)})
    notices: list[str] = []
    model, index = _vectors(store, embedder, notices)
    if index is not None:
        vector = index.vector(passage_id)
        if vector is None:
            vector = model.passages([" ".join(passage.text.split())])[0]
        allowed = db.allowed_ids(conn, filters)
        dense_ranked = index.search(vector, max(DENSE_POOL, 5 * k), allowed)
        langs = {pid: index.lang(pid) for pid, _ in dense_ranked}
        ranked = _fuse([], dense_ranked, langs if balance else None)[:k]
        return Results(_hits(store, ranked, []), "dense", notices)
    groups = _passage_groups(passage, fact(conn, db.corpus_langs))
    lexical_ranked = lexical.rank(conn, groups, filters, lexical.pool_for(k))
    langs = {s.passage_id: s.lang for s in lexical_ranked}
    ranked = _fuse(lexical_ranked, [], langs if balance else None)[:k]
    return Results(_hits(store, ranked, groups), "lexical", notices)


def _as_dict(filters: Filters) -> dict:
    return {name: getattr(filters, name) for name in Filters.__slots__}


def _passage_groups(passage: PassageRow, langs: Sequence[str]) -> list[Group]:
    """A passage read as a query: its distinct words, longest first (at most 64)."""
    words = sorted({t.surface for t in terms.tokens(passage.text) if len(t.surface) > 3}, key=len)
    text = " ".join(reversed(words[-64:]))
    return parse(text, langs, terms.name_keys_hook()) if text else []


def _fuse(
    lexical_ranked: list[lexical.Scored],
    dense_ranked: list[tuple[int, float]],
    langs: dict[int, str | None] | None,
) -> list[tuple[int, float, dict]]:
    """(passage id, score, reasons), best first, by reciprocal rank.

    Given ``langs`` (passage id → language), a passage counts by its rank among the passages of its own language: the
    best Hungarian passage weighs as much as the best English one, which keeps an English query
    from burying the other languages under the (many more, and more similar) English passages.
    """
    reasons: dict[int, dict] = {}
    for i, s in enumerate(lexical_ranked, 1):
        reasons[s.passage_id] = {
            "lexical_rank": i,
            "lexical_score": round(s.score, 4),
            "matched": list(s.matched),
        }
    for i, (pid, sim) in enumerate(dense_ranked, 1):
        reasons.setdefault(pid, {}).update(dense_rank=i, similarity=round(sim, 4))
    used = ("lexical_rank", "dense_rank")
    if langs is not None:
        for key in used:
            seen: Counter = Counter()
            ranked = sorted((w[key], pid) for pid, w in reasons.items() if key in w)
            for _, pid in ranked:
                seen[langs.get(pid)] += 1
                reasons[pid][key.replace("_rank", "_lang_rank")] = seen[langs.get(pid)]
        used = ("lexical_lang_rank", "dense_lang_rank")
    scored = []
    for pid, why in reasons.items():
        score = sum(1 / (RRF_K + why[r]) for r in used if r in why)
        scored.append((pid, score, why))
    scored.sort(
        key=lambda x: (-x[1], -x[2].get("similarity", 0.0), -x[2].get("lexical_score", 0.0), x[0])
    )
    return scored


_locators: weakref.WeakKeyDictionary[Store, Locators] = weakref.WeakKeyDictionary()


def locators_for(store: Store) -> Locators:
    """One locator builder per store, so each file's line index is built once."""
    if store not in _locators:
        _locators[store] = Locators(store)
    return _locators[store]


def _hits(store: Store, ranked: list[tuple[int, float, dict]], groups: list[Group]) -> list[Hit]:
    rows = db.passages_by_id(store.conn, [pid for pid, _, _ in ranked])
    locators = locators_for(store)
    out = []
    for pid, score, why in ranked:
        p = rows[pid]
        out.append(
            Hit(p, score, why, locators(p.source_id, p.file_id, p.start, p.end),
                highlights(p, groups))
        )  # fmt: skip
    return out


def highlights(passage: PassageRow, groups: Sequence[Group]) -> tuple[tuple[int, int], ...]:
    """File offsets of the passage words that matched a query part."""
    if not groups:
        return ()
    toks = terms.tokens(passage.text)
    hook = terms.name_keys_hook()
    marked = np.zeros(len(toks), dtype=bool)
    folded = [t.folded for t in toks]
    for group in groups:
        if group.kind == "phrase":
            n = len(group.words)
            for i in range(len(toks) - n + 1):
                if tuple(folded[i : i + n]) == group.words:
                    marked[i : i + n] = True
    singles = [g for g in groups if g.kind != "phrase"]
    for i, tok in enumerate(toks):
        if marked[i] or not singles:
            continue
        which = terms.stem_lang(tok.surface, passage.lang)
        stem = terms.stem(tok.surface, which) if which else None
        keys = frozenset()
        if hook is not None and terms.looks_like_name(tok.surface):
            keys = hook(
                tok.surface, "ru" if terms.CYRILLIC.search(tok.surface) else passage.lang or "en"
            )
        marked[i] = any(g.matches_token(tok.folded, stem, keys) for g in singles)
    return tuple(
        (passage.start + t.start, passage.start + t.end)
        for t, m in zip(toks, marked, strict=True)
        if m
    )
