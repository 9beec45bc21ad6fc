"""Every stored claim in memory, with what comparing two claims needs, and indexes to find the
claims that may tell the same event: by entity, by event word and by quoted words."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from adfontes.claims.extract import ENTITY_KINDS
from adfontes.claims.model import Slot
from adfontes.search.terms import CYRILLIC, fold, stem, stem_lang, tokens
from adfontes.store import Store
from adfontes.store import claims as db
from adfontes.store import sources as sdb

MIN_QUOTE = 12  # shorter quoted words ("no", a nickname) do not identify a text
MIN_WORD = 4


@dataclass(slots=True)
class Rec:
    """One claim as the comparison reads it (``id`` is None for a claim typed by a user)."""

    id: int | None
    source_id: str | None
    file_id: str | None
    passage_id: int | None
    p_seq: int | None
    start: int
    end: int
    text: str
    lang: str | None
    polarity: str
    slots: list[Slot]
    entities: frozenset[str] = frozenset()
    concepts: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    quotes: frozenset[str] = frozenset()
    # What the methods below computed, by their arguments: comparing a claim with hundreds of
    # others reads the same slots of it again each time. Read-only results; slots do not change.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def of(self, *kinds: str) -> list[Slot]:
        got = self.memo.get(kinds)
        if got is None:
            got = self.memo[kinds] = [s for s in self.slots if s.kind in kinds]
        return got

    def times(self, own_only: bool = False) -> list[Slot]:
        key = ("times()", own_only)
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = [s for s in self.of("time") if s.earliest and s.latest
                                    and (s.via == "sentence" or not own_only)]  # fmt: skip
        return got

    def entity_set(self, kind: str) -> set[str]:
        key = ("entity_set()", kind)
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = {s.value or s.surface for s in self.own(kind)}
        return got

    def own(self, kind: str) -> list[Slot]:
        """The ``kind`` slots of the sentence itself (not carried from its passage)."""
        key = ("own()", kind)
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = [s for s in self.of(kind) if s.via == "sentence"]
        return got


def content_words(text: str, lang: str | None, skip: list[tuple[int, int]]) -> frozenset[str]:
    """Stems of the longer words outside names: what the sentence says happened."""
    out = set()
    for tok in tokens(text):
        if len(tok.surface) < MIN_WORD or tok.surface.isdigit():
            continue
        if any(a <= tok.start < b for a, b in skip):
            continue
        which = stem_lang(tok.surface, lang)
        out.add(stem(tok.surface, which) if which else tok.folded)
    return frozenset(out)


def make_rec(
    *, id, source_id, file_id, passage_id, p_seq, start, end, text, lang, polarity, slots
) -> Rec:  # fmt: skip
    names = [(s.start - start, s.end - start) for s in slots if s.kind in ENTITY_KINDS]
    return Rec(
        id, source_id, file_id, passage_id, p_seq, start, end, text, lang, polarity, slots,
        entities=frozenset(s.value or s.surface for s in slots
                           if s.kind in ENTITY_KINDS and s.via == "sentence"),
        concepts=frozenset(s.value for s in slots if s.kind == "concept"),
        words=content_words(text, lang, names),
        quotes=frozenset(" ".join(fold(q.surface).split()) for q in slots
                         if q.kind == "quote" and len(q.surface) >= MIN_QUOTE),
    )  # fmt: skip


@dataclass
class ClaimIndex:
    recs: dict[int, Rec]
    sources: dict[str, sdb.SourceRow]
    by_entity: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_concept: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_quote: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # The variants stage's stories told in each passage: two passages that tell one story
    # retell one event.
    stories: dict[int, frozenset[str]] = field(default_factory=dict)
    # Claim ids by passage, for the claims of the passages a search finds.
    by_passage: dict[int | None, list[int]] = field(default_factory=lambda: defaultdict(list))
    weights: dict[tuple[int, int], float] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for rec in self.recs.values():
            self.by_passage[rec.passage_id].append(rec.id)
            for e in rec.entities:
                self.by_entity[e].append(rec.id)
            for c in rec.concepts:
                self.by_concept[c].append(rec.id)
            for q in rec.quotes:
                self.by_quote[q].append(rec.id)

    def same_story(self, a: Rec, b: Rec) -> bool:
        """Whether the passages of ``a`` and ``b`` tell one story (variants stage)."""
        if a.passage_id is None or b.passage_id is None or a.passage_id == b.passage_id:
            return False
        return bool(
            self.stories.get(a.passage_id, frozenset())
            & self.stories.get(b.passage_id, frozenset())
        )

    def weight(self, entity: str) -> float:
        """How much sharing an entity says (an entity in every claim says little)."""
        n = max(len(self.recs), 2)
        df = len(self.by_entity.get(entity, ())) or 1
        got = self.weights.get((n, df))
        if got is None:
            got = self.weights[(n, df)] = max(0.05, math.log(n / df) / math.log(n))
        return got


def load(store: Store) -> ClaimIndex:
    conn = store.conn
    slots = db.all_slots(conn)
    texts: dict[str, str] = {}
    recs = {}
    for r in db.list_claims(conn):
        text = texts.get(r["file_id"])
        if text is None:
            text = texts[r["file_id"]] = conn.execute(
                "SELECT text FROM files WHERE id = ?", (r["file_id"],)
            ).fetchone()[0]
        recs[r["id"]] = make_rec(
            id=r["id"], source_id=r["source_id"], file_id=r["file_id"], passage_id=r["passage_id"],
            p_seq=r["p_seq"], start=r["start"], end=r["end"], text=text[r["start"] : r["end"]],
            lang=r["lang"], polarity=r["polarity"], slots=slots.get(r["id"], []),
        )  # fmt: skip
    sources = {s.id: s for s in sdb.list_sources(conn)}
    stories: dict[int, set[str]] = defaultdict(set)
    for story, passage in conn.execute("SELECT story_id, passage_id FROM tellings"):
        if passage is not None:
            stories[passage].add(story)
    return ClaimIndex(recs, sources, stories={k: frozenset(v) for k, v in stories.items()})


def is_cyrillic(text: str) -> bool:
    return bool(CYRILLIC.search(text))
