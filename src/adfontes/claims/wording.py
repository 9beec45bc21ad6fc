"""Two renderings of one quotation: tellings of one story that quote the same words, except a
stretch that one gives in other words ("nem saját döntésemből érkeztem" and "nem az általam
választott módon érkeztem meg").

Two sentences render one text when they are in passages the variants stage reads as tellings
of one story, are in one language and share most of their words, with runs of several words in
the same order. What differs between two such runs is a wording conflict when it lies inside
quotation marks on at least one side: a quotation claims to give the words themselves, so two
renderings of it cannot both be exact. Retold narration that changes a word is not listed.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from adfontes.claims.compare import Comparison, Reason, where
from adfontes.claims.index import ClaimIndex, Rec
from adfontes.claims.model import Slot
from adfontes.search.terms import tokens

RUN = 4  # words in the same order that show two sentences render one text
SHARED = 0.5  # share of the shorter sentence's words the two must have in matching runs
CONTEXT = 1  # words shown on each side of a differing stretch
# How much a differing stretch inside a quotation weighs, before the share of words the two
# sentences have in common: its words are surely given two ways, but that matters less than a
# date or a place given two ways for one event, which rank above it.
WEIGHT = 0.3


def _words(rec: Rec):
    got = rec.memo.get("wording_tokens()")
    if got is None:
        got = rec.memo["wording_tokens()"] = tokens(rec.text)
    return got


def _quoted(rec: Rec, words, i0: int, i1: int, matched: set[int], width: int) -> bool:
    """Whether words ``i0 .. i1-1`` of ``rec``, with the shared word before and after them, lie
    inside one of its quotations that holds at least ``RUN`` shared words and twice as many as the
    stretch has on either side (``width``): the stretch is inside the quoted text both
    sentences render, not a title or a phrase both happen to hold."""
    if i0 == 0 or i1 >= len(words):
        return False
    start, end = rec.start + words[i0 - 1].start, rec.start + words[i1].end
    for q in rec.of("quote"):
        if q.start <= start and end <= q.end:
            inside = [k for k in matched if q.start <= rec.start + words[k].start < q.end]
            if len(inside) >= max(RUN, 2 * width):
                return True
    return False


def differing(a: Rec, b: Rec) -> tuple[Slot, Slot, float] | None:
    """The widest stretch that ``a`` and ``b`` word differently inside the text they both
    render (with ``CONTEXT`` words around it), as two spans, and the share of the shorter
    sentence's words the two share; None when they do not render one text or nothing quoted
    differs."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return None
    matcher = SequenceMatcher(None, [t.folded for t in wa], [t.folded for t in wb], autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size]
    if not any(m.size >= RUN for m in blocks):
        return None
    share = sum(m.size for m in blocks) / min(len(wa), len(wb))
    if share < SHARED:
        return None
    in_a = {m.a + k for m in blocks for k in range(m.size)}
    in_b = {m.b + k for m in blocks for k in range(m.size)}
    best = None
    for op, i0, i1, j0, j1 in matcher.get_opcodes():
        if op != "replace":
            continue
        # only a stretch between two runs of the shared text: before the first or after the
        # last the sentences may simply be about other things
        if i0 == 0 or j0 == 0 or i1 == len(wa) or j1 == len(wb):
            continue
        width = max(i1 - i0, j1 - j0)
        if not (_quoted(a, wa, i0, i1, in_a, width) or _quoted(b, wb, j0, j1, in_b, width)):
            continue
        if best is None or width > best[0]:
            best = (width, i0, i1, j0, j1)
    if best is None:
        return None
    _, i0, i1, j0, j1 = best
    i0, j0 = max(0, i0 - CONTEXT), max(0, j0 - CONTEXT)
    i1, j1 = min(len(wa), i1 + CONTEXT), min(len(wb), j1 + CONTEXT)
    x, y = _span(a, wa[i0].start, wa[i1 - 1].end), _span(b, wb[j0].start, wb[j1 - 1].end)
    return x, y, round(min(1.0, share), 3)


def _span(rec: Rec, start: int, end: int) -> Slot:
    return Slot("quote", rec.start + start, rec.start + end, rec.text[start:end])


def wording_conflicts(index: ClaimIndex, only: set[int] | None = None) -> list[tuple]:
    """(confidence before the source relation, "wording", rec, other, Comparison) for each pair of
    claims in tellings of one story that word a quotation differently."""
    by_story: dict[str, list[int]] = {}
    for passage, stories in index.stories.items():
        for story in stories:
            by_story.setdefault(story, []).append(passage)
    seen: set[tuple[int, int]] = set()
    out = []
    for passages in by_story.values():
        recs = [index.recs[i] for p in sorted(set(passages)) for i in index.by_passage.get(p, ())]
        for i, a in enumerate(recs):
            for b in recs[i + 1 :]:
                pair = (min(a.id, b.id), max(a.id, b.id))
                if a.passage_id == b.passage_id or a.lang != b.lang or pair in seen:
                    continue
                if only is not None and a.id not in only and b.id not in only:
                    continue
                if not (a.of("quote") or b.of("quote")):
                    continue
                seen.add(pair)
                spans = differing(a, b)
                if spans is None:
                    continue
                x, y, share = spans
                comp = Comparison(share, "unknown")
                comp.reasons.append(Reason("same", "story", "tellings of one story, one text"))
                comp.reasons.append(Reason(
                    "conflict", "wording",
                    f"wording: “{x.surface}” here vs “{y.surface}” in {where(b, index)}",
                    x, y, WEIGHT, ("two renderings of one quotation",),
                ))  # fmt: skip
                out.append((round(share * WEIGHT, 3), "wording", a, b, comp))
    return out
