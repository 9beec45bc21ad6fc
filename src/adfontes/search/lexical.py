"""Lexical ranking: FTS5 finds the candidates, then BM25 with a non-negative IDF scores them.

FTS5's own BM25 gives a term that occurs in more than half of the passages (almost) no weight,
which in a small corpus silences the very names a user asks for. Candidates are therefore taken
from FTS5 (leaving out query parts so common that they would only slow retrieval down) and
scored again with the Lucene form of IDF, ``ln(1 + (N - n + .5) / (n + .5))``, which stays
positive. When the corpus is small the pool holds every match, so the ranking is exact.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from adfontes.search.facts import fact
from adfontes.search.query import NAME_WEIGHT, STEM_WEIGHT, Group
from adfontes.store import search as db

K1, B = 1.2, 0.75
# Candidates scored per query: at least POOL, and POOL_PER_HIT for each hit asked for, so that
# asking for more hits than POOL gets them and the fused ranking has room to reorder.
POOL = 500
POOL_PER_HIT = 5
# A query part found in more than this share of passages (and more than the pool holds) scores,
# but does not retrieve: it would only slow retrieval down.
COMMON_SHARE = 0.2
# FTS5 computes BM25 for every match before it can sort (about 3 µs each): past this many
# matches, candidates are taken in store order instead and only the pool is scored. Only a
# query made of nothing but very common words gets there, and its ranking says little.
MAX_RANKED = 10_000


@dataclass(frozen=True, slots=True)
class Scored:
    passage_id: int
    score: float
    matched: tuple[str, ...]  # the query parts found in the passage
    lang: str | None = None


def pool_for(k: int) -> int:
    """How many candidates to score for ``k`` hits."""
    return max(POOL, POOL_PER_HIT * k)


def idf(n_docs: int, df: int) -> float:
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


def rank(
    conn: sqlite3.Connection, groups: Sequence[Group], filters: db.Filters, pool: int = POOL
) -> list[Scored]:
    """Passages matching any group, best first."""
    n_docs, mean_len = fact(conn, db.doc_stats)
    if not n_docs:
        return []
    dfs = [db.match_count(conn, g.expression()) for g in groups]
    found = [(g, df) for g, df in zip(groups, dfs, strict=True) if df]
    if not found:
        return []
    retrieving = [g for g, df in found if df <= max(COMMON_SHARE * n_docs, pool)]
    retrieving = retrieving or [g for g, _ in found]
    expression = " OR ".join(g.expression() for g in retrieving)
    ranked = sum(df for g, df in found if g in retrieving) <= MAX_RANKED
    weights = (1.0, STEM_WEIGHT, NAME_WEIGHT) if ranked else None
    rows = db.candidates(conn, expression, filters, pool, weights)
    idfs = [(g, idf(n_docs, df)) for g, df in found]
    out = []
    for row in rows:
        words, stems, names = row["words"].split(), row["stems"].split(), row["names"].split()
        norm = K1 * (1 - B + B * row["length"] / (mean_len or 1))
        score, matched = 0.0, []
        for group, weight in idfs:
            tf = group.frequency(words, stems, names)
            if tf:
                score += weight * tf * (K1 + 1) / (tf + norm)
                matched.append(group.text)
        if matched:
            out.append(Scored(row["id"], score, tuple(matched), row["lang"]))
    out.sort(key=lambda s: (-s.score, s.passage_id))
    return out
