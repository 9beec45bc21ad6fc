"""Views of the claims stage: the records behind ``claims``, ``conflicts``, ``check`` and ``audit``.

Each returns plain data (dicts with locators); the CLI renders it as text or JSON.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

from adfontes.claims import cues
from adfontes.claims.addressee import addressee_conflicts
from adfontes.claims.chronology import chronology_conflicts
from adfontes.claims.compare import (
    CONFLICT_EVENT,
    RARE,
    SAME_EVENT,
    TYPE_WEIGHT,
    Comparison,
    can_conflict,
    compare,
    conflict_keys,
    fine,
)
from adfontes.claims.coverage import claim_parts, held_by, is_whole, support
from adfontes.claims.extract import ENTITY_KINDS, read_sentence, text_slots
from adfontes.claims.independence import Provenance
from adfontes.claims.index import ClaimIndex, Rec, load, make_rec
from adfontes.claims.model import Claim, Slot, TextConflict, confidence_label
from adfontes.claims.spelling import spelling_conflicts
from adfontes.claims.wording import wording_conflicts
from adfontes.errors import UsageError
from adfontes.locator import LineIndex
from adfontes.store import Store
from adfontes.store import cites as cdb
from adfontes.store import claims as db
from adfontes.store import sources as sdb

CLAIM_TYPES = ("date", "place", "quantity", "person")
# Two renderings of one quotation in tellings of one story (``wording``).
TEXT_TYPES = ("wording",)
# Disagreements the citations stage finds between two places: one collection with two
# custodians, one work cited with two titles, dates, publishers or page ranges.
CITE_TYPES = ("custody", "citation")
# A letter whose heading and salutation name different addressees (``claims.addressee``).
DOC_TYPES = ("addressee",)
CONFLICT_TYPES = CLAIM_TYPES + TEXT_TYPES + CITE_TYPES + DOC_TYPES
RELATED = 0.3
FAR_PASSAGES = 5  # two claims of one source this many passages apart may contradict each other
COMMON_SHARE = 0.2  # an entity in more claims than this share of them does not propose pairs
# Evidence for one claim is weighed among at most this many candidates sharing the most with it.
MAX_CANDIDATES = 2000
LEXICAL_BONUS = 0.15
SEARCH_K = 40
# A difference contradicts from this weight on: the weight folds in how surely the two claims
# tell one event (one doubt, such as two different places, on a pair read at one event word).
CONTRADICTS = 0.4


def check_lang(lang: str | None) -> None:
    if lang is not None and lang not in cues.languages():
        raise UsageError(
            f"no claim cues for language {lang!r} (known: {', '.join(cues.languages())})"
        )


def _slot_json(slot: Slot, locate, rec_source: str | None, file_id: str | None) -> dict:
    out = {k: v for k, v in slot.to_json().items() if k not in ("start", "end", "surface")}
    if locate is not None and file_id is not None:
        out["locator"] = locate(rec_source, file_id, slot.start, slot.end).to_json()
    else:
        out["locator"] = {"source": None, "path": "-", "start": slot.start, "end": slot.end,
                          "line": 1, "text": slot.surface}  # fmt: skip
    return out


def _claim_json(
    claim: Claim, polarity: str, modality: str, locator: dict, slots: list[dict]
) -> dict:
    speaker = claim.speaker
    return {"text": " ".join(claim.text.split()), "lang": claim.lang, "polarity": polarity,
            "modality": modality, "speaker": speaker.surface if speaker else None,
            "locator": locator, "slots": slots}  # fmt: skip


# --- claims --------------------------------------------------------------------------------------


def text_view(text: str, lang: str, anchor: str | None = None) -> list[dict]:
    """Claims of a string (names and dates read by their finders; nothing is stored)."""
    from adfontes.claims.extract import claims_in

    check_lang(lang)
    lines = LineIndex(text)
    out = []
    for c in claims_in(text, lang, text_slots(text, lang, anchor)):
        slots = [_slot_json(s, None, None, None) for s in c.slots]
        for s, record in zip(c.slots, slots, strict=True):
            record["locator"]["line"] = lines.line(s.start)
        loc = {"source": None, "path": "-", "start": c.start, "end": c.end,
               "line": lines.line(c.start), "text": c.text}  # fmt: skip
        out.append(_claim_json(c, c.polarity, c.modality, loc, slots))
    return out


def claims_view(store: Store, source: str | None = None, lang: str | None = None) -> list[dict]:
    check_lang(lang)
    locate = sdb.Locators(store)
    slots = db.all_slots(store.conn)
    out = []
    for r in db.list_claims(
        store.conn, source_ids=sdb.with_documents(store.conn, source), lang=lang
    ):
        own = slots.get(r["id"], [])
        loc = locate(r["source_id"], r["file_id"], r["start"], r["end"])
        claim = Claim(r["start"], r["end"], loc.text, r["lang"], tuple(own))
        record = _claim_json(claim, r["polarity"], r["modality"], loc.to_json(),
                             [_slot_json(s, locate, r["source_id"], r["file_id"]) for s in own])  # fmt: skip
        record.update({"id": r["id"], "source_date": r["source_date"],
                       "speaker_entity": r["speaker_entity"]})  # fmt: skip
        out.append(record)
    return out


# --- conflicts -----------------------------------------------------------------------------------


def _apart(a: Rec, b: Rec) -> bool:
    """Different sources, or one source at far-apart places."""
    if a.source_id != b.source_id:
        return a.passage_id != b.passage_id
    return a.p_seq is not None and b.p_seq is not None and abs(a.p_seq - b.p_seq) >= FAR_PASSAGES


def _candidates(index: ClaimIndex, rec: Rec, among: _Postings | None = None) -> set[int]:
    """The claims that share a rare entity, a quotation or a rare event word with ``rec``
    (rare: in no more than COMMON_SHARE of all claims); only those of ``among`` when given."""
    common = max(20, int(COMMON_SHARE * len(index.recs)))
    by_entity, by_quote, by_concept = (
        (index.by_entity, index.by_quote, index.by_concept) if among is None else among
    )
    found: set[int] = set()
    for e in rec.entities:
        if len(index.by_entity.get(e, ())) <= common:
            found.update(by_entity.get(e, ()))
    for q in rec.quotes:
        found.update(by_quote.get(q, ()))
    for c in rec.concepts:
        if len(index.by_concept.get(c, ())) <= common:
            found.update(by_concept.get(c, ()))
    found.discard(rec.id)
    return found


def _best_candidates(index: ClaimIndex, rec: Rec, limit: int) -> set[int]:
    """``_candidates``, cut to the ``limit`` claims that share the most with ``rec`` (each
    shared key weighing the less the more claims hold it): in a large corpus a name or an event
    word rare by share can still be in thousands of claims, and weighing every one of them
    against ``rec`` is what ``check`` spends its time on."""
    found = _candidates(index, rec)
    if len(found) <= limit:
        return found
    score: dict[int, float] = defaultdict(float)
    for postings, keys in ((index.by_entity, rec.entities), (index.by_quote, rec.quotes),
                           (index.by_concept, rec.concepts)):  # fmt: skip
        for k in keys:
            ids = postings.get(k, ())
            for rid in ids:
                if rid in found:
                    score[rid] += 1.0 / len(ids)
    return set(sorted(found, key=lambda rid: (-score[rid], rid))[:limit])


_Postings = tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]


def _postings(index: ClaimIndex, ids: set[int]) -> _Postings:
    """The entity, quotation and event-word postings of the claims ``ids`` only."""
    out: _Postings = (defaultdict(list), defaultdict(list), defaultdict(list))
    for rid in ids:
        rec = index.recs[rid]
        for part, keys in zip(out, (rec.entities, rec.quotes, rec.concepts), strict=True):
            for k in keys:
                part[k].append(rid)
    return out


def _side(rec: Rec, slot: Slot | None, locate) -> dict:
    out = {"claim": locate(rec.source_id, rec.file_id, rec.start, rec.end).to_json()}
    if slot is not None:
        out["slot"] = locate(rec.source_id, rec.file_id, slot.start, slot.end).to_json()
    return out


# How much a pair's sources make one event likely: a source that rests on the other, or a
# telling of the same story, retells the event (where transmission errors live); two unrelated
# sources may or may not; one source at two far places more often tells two events than
# contradicts itself.
RELATED_SOURCES, UNRELATED_SOURCES, SAME_SOURCE = 1.0, 0.85, 0.6


def source_relation(store: Store) -> Callable[[Rec, Rec], float]:
    """A weight for a pair of claims from how their sources and passages are related."""
    prov = Provenance(store)
    stories: dict[int, set[str]] = defaultdict(set)
    for r in store.conn.execute("SELECT story_id, passage_id FROM tellings"):
        stories[r[1]].add(r[0])

    def relation(a: Rec, b: Rec) -> float:
        if a.source_id == b.source_id:
            return SAME_SOURCE
        if stories.get(a.passage_id, set()) & stories.get(b.passage_id, set()):
            return RELATED_SOURCES
        if a.source_id and b.source_id and prov.link(a.source_id, b.source_id):
            return RELATED_SOURCES
        return UNRELATED_SOURCES

    return relation


def _passage_names(index: ClaimIndex, memo: dict[int | None, frozenset[str]], rec: Rec):
    """The names of the claims of ``rec``'s passage."""
    got = memo.get(rec.passage_id)
    if got is None:
        ids = index.by_passage.get(rec.passage_id, ()) if rec.passage_id is not None else ()
        got = memo[rec.passage_id] = frozenset().union(*(index.recs[i].entities for i in ids),
                                                       rec.entities)  # fmt: skip
    return got


def one_affair(index: ClaimIndex, a: Rec, b: Rec, memo: dict) -> bool:
    """Whether two claims that name different persons for one role are about one affair: their
    passages share a name that is not everywhere (weight RARE or more), or the claims quote the
    same words or tell one story. Two sentences that share only the kind of event ("X informed
    me", "Y announced") are two events with two agents, not one event told two ways."""
    if a.quotes & b.quotes or index.same_story(a, b):
        return True
    shared = _passage_names(index, memo, a) & _passage_names(index, memo, b)
    return any(index.weight(e) >= RARE for e in shared)


def _pair_key(rec: Rec, other: Rec) -> tuple:
    """The two passages of a pair (a claim with no passage stands for itself)."""
    x = (rec.file_id, rec.passage_id if rec.passage_id is not None else -rec.start)
    y = (other.file_id, other.passage_id if other.passage_id is not None else -other.start)
    return tuple(sorted([x, y], key=repr))


def find_conflicts(
    index: ClaimIndex,
    only: set[int] | None = None,
    relation: Callable[[Rec, Rec], float] | None = None,
) -> list[tuple[float, str, Rec, Rec, Comparison]]:
    """Pairs of claims that tell one event and disagree on a slot, best first: one per pair of
    passages (the strongest difference; a passage retold sentence by sentence would otherwise
    be listed once for each date or name it gives)."""
    seen: dict[tuple, tuple] = {}
    names: dict = {}
    # Only claims with a slot a difference can be read from are compared, and of two such claims
    # only those whose slots could differ (most claims have neither a date to the month nor a
    # number, and the comparison is the costly part).
    capable = {rid for rid, rec in index.recs.items() if any(conflict_keys(rec))}
    among = _postings(index, capable)
    for rid, rec in index.recs.items():
        if rid not in capable or (only is not None and rid not in only):
            continue
        for cid in _candidates(index, rec, among):
            if cid < rid and (only is None or cid in only):
                continue  # each pair once
            other = index.recs[cid]
            if not _apart(rec, other) or not can_conflict(rec, other):
                continue
            comp = compare(rec, other, index)
            if comp.same_event < CONFLICT_EVENT:
                continue
            for reason in comp.of("conflict"):
                if reason.slot not in CLAIM_TYPES:
                    continue
                if reason.slot == "person" and not one_affair(index, rec, other, names):
                    continue
                strength = min(1.0, comp.same_event) * TYPE_WEIGHT[reason.slot] * reason.weight
                if relation is not None:
                    strength *= relation(rec, other)
                confidence = round(strength, 3)
                key = _pair_key(rec, other)
                if key not in seen or seen[key][0] < confidence:
                    seen[key] = (confidence, reason.slot, rec, other, comp)
    read = (chronology_conflicts(index, only) + spelling_conflicts(index, only)
            + wording_conflicts(index, only))  # fmt: skip
    for strength, slot, rec, other, comp in read:
        if relation is not None:
            strength *= relation(rec, other)
        key = _pair_key(rec, other)
        if key not in seen or seen[key][0] < round(strength, 3):
            seen[key] = (round(strength, 3), slot, rec, other, comp)
    return sorted(seen.values(), key=lambda t: (-t[0], t[2].start, t[3].start))


def conflicts_view(
    store: Store, *, kind: str | None = None, who: str | None = None, source: str | None = None,
    index: ClaimIndex | None = None, found: list | None = None,
) -> list[dict]:  # fmt: skip
    """Conflicts as records. ``found``: ``all_conflicts`` of the store computed earlier (a
    server keeps it between requests); with ``source`` the pairs are found again."""
    if kind is not None and kind not in CONFLICT_TYPES:
        raise UsageError(f"unknown conflict type {kind!r} (use {', '.join(CONFLICT_TYPES)})")
    only = None
    if source is not None or found is None:
        index = index or load(store)
    if source is not None:
        ids = set(sdb.with_documents(store.conn, source) or [])
        only = {r.id for r in index.recs.values() if r.source_id in ids}
    wanted = _who(store, who) if who else None
    locate = sdb.Locators(store)
    out = []
    if found is None or source is not None:
        found = merged(
            find_conflicts(index, only, source_relation(store)),
            citation_conflicts(store, sdb.with_documents(store.conn, source))
            + addressee_conflicts(store, sdb.with_documents(store.conn, source)),
        )
    for item in found:
        if not isinstance(item, tuple):  # a citation or addressee conflict
            if (kind is None or item.type == kind) and (
                who is None or any(who.casefold() in loc.text.casefold() for loc in item.lines)
            ):
                out.append(item.to_json(len(out) + 1))
            continue
        confidence, slot, a, b, comp = item
        if kind and slot != kind:
            continue
        if (
            wanted is not None
            and not (wanted & (a.entities | b.entities))
            and not _named(who, a, b)
        ):
            continue
        reason = next(r for r in comp.of("conflict") if r.slot == slot)
        out.append({
            "rank": len(out) + 1, "type": slot, "confidence": confidence,
            "label": confidence_label(confidence), "same_event": comp.same_event,
            "a": _side(a, reason.here, locate), "b": _side(b, reason.there, locate),
            "reason": reason.text,
            "reasons": [r.text for r in comp.reasons if r.kind in ("same", "conflict")]
                       + [f"weighs less: {n}" for n in (*reason.notes, *_relation_note(a, b))],
            "intra_source": a.source_id == b.source_id,
        })  # fmt: skip
    return out


def all_conflicts(store: Store, index: ClaimIndex | None = None) -> list:
    """Every conflicting pair of the store, best first (what ``conflicts_view`` lists)."""
    return merged(
        find_conflicts(index or load(store), None, source_relation(store)),
        citation_conflicts(store) + addressee_conflicts(store),
    )


def merged(claim_pairs: list[tuple], cite_pairs: list[TextConflict]) -> list:
    """Claim pairs and disagreements between two places of a text in one list, most confident
    first."""
    items = [(t[0], 0, i, t) for i, t in enumerate(claim_pairs)]
    items += [(c.confidence, 1, i, c) for i, c in enumerate(cite_pairs)]
    return [t[3] for t in sorted(items, key=lambda t: (-t[0], t[1], t[2]))]


# How surely a citation problem of each kind shows the source disagreeing with itself about a
# fact of the record (who holds a collection, when a work was written), and not only about
# how it is spelt. A variant title is most often a transliteration; a publisher or place most
# often an abbreviation the check did not recognise; an alias for two works may be two
# editions.
CITE_KINDS = {
    "custody": ("custody", 0.75),
    "work_date": ("citation", 0.7),
    "work_year": ("citation", 0.55),
    "page_outside": ("citation", 0.55),
    "work_title": ("citation", 0.45),
    "work_publisher": ("citation", 0.4),
    "work_place": ("citation", 0.4),
    "alias": ("citation", 0.35),
}


def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines that hold ``text[start:end]``."""
    return text.rfind("\n", 0, start) + 1, (text.find("\n", end) + 1 or len(text) + 1) - 1


def two_places(problem) -> list[tuple[int, int]] | None:
    """The spans of a citation problem that joins two places (listed as a conflict), else None."""
    if problem["kind"] not in CITE_KINDS:
        return None
    spans = [tuple(s) for s in json.loads(problem["spans"])]
    if len(spans) < 2 or spans[0] == spans[1]:
        return None
    return spans


def citation_conflicts(store: Store, source_ids: list[str] | None = None) -> list[TextConflict]:
    """The citations stage's problems that join two places, best first."""
    locate = sdb.Locators(store)
    rows = (
        cdb.problems(store.conn)
        if source_ids is None
        else [p for sid in source_ids for p in cdb.problems(store.conn, sid)]
    )
    out = []
    for p in rows:
        spans = two_places(p)
        if spans is None:
            continue
        kind, confidence = CITE_KINDS[p["kind"]]
        text = locate.text(p["file_id"])
        pair = [locate(p["source_id"], p["file_id"], s, e) for s, e in spans[:2]]
        lines = [
            locate(p["source_id"], p["file_id"], *_line_span(text, s, e)) for s, e in spans[:2]
        ]
        why = (f"citation check {p['kind']}: {p['detail']}",)
        out.append(TextConflict(kind, confidence, p["detail"], why, tuple(lines), tuple(pair)))
    return sorted(out, key=lambda c: (-c.confidence, c.spans[0].path, c.spans[0].start))


def _relation_note(a: Rec, b: Rec) -> tuple[str, ...]:
    if a.source_id == b.source_id:
        return ("one source against itself",)
    return ()


def _who(store: Store, name: str) -> set[str]:
    from adfontes.names.views import entity_for

    return set(entity_for(store.conn, name))


def _named(name: str, a: Rec, b: Rec) -> bool:
    return name.casefold() in a.text.casefold() or name.casefold() in b.text.casefold()


# --- evidence, independence, verdicts ------------------------------------------------------------


def _stance(claim: Rec, other: Rec, comp: Comparison) -> str | None:
    """A difference contradicts, and agreeing slots support, only a claim about the same event
    (and, when the claim names a kind of event, the same kind). A sentence supports when it
    agrees on a date, place or number and holds at least half of what the claim says (else it
    tells the same day or place of something else), when it says it confirms, or when it says
    the whole claim. It is related when it is about the same event, or holds a part of the claim."""
    same_kind = not claim.concepts or bool(claim.concepts & other.concepts)
    if (
        comp.same_event >= CONFLICT_EVENT
        and same_kind
        and any(r.weight >= CONTRADICTS for r in comp.of("conflict"))
    ):
        return "contradicts"
    if comp.same_event >= SAME_EVENT and same_kind:
        agrees = {r.slot for r in comp.of("agree") if r.slot != "time" or fine(r.there)}
        if agrees & {"time", "place", "quantity"} and _held_share(claim, other) >= AGREES_HELD:
            return "supports"
        if other.of("support") and other.polarity == "positive" and not comp.of("conflict"):
            return "supports"  # the evidence says it confirms ("Rykov confirmed what …")
    if _restates(claim, other) and not comp.of("conflict"):
        return "supports"
    return "related" if comp.same_event >= RELATED or _bears(claim, other) else None


# Share of a claim's parts a sentence that agrees on one of its slots must hold to support it.
AGREES_HELD = 0.5
# A sentence bears on a claim when it holds this share of the claim's parts, and two at least:
# one shared word is chance, two in one sentence name what the claim is about.
BEARS, BEARS_MIN = 0.25, 2


def _held_share(claim: Rec, other: Rec) -> float:
    parts = claim_parts(claim)
    return len(held_by(claim, other)) / len(parts) if parts else 0.0


def _bears(claim: Rec, other: Rec) -> bool:
    n = len(held_by(claim, other))
    return n >= BEARS_MIN and n >= BEARS * len(claim_parts(claim))


def _restates(claim: Rec, other: Rec) -> bool:
    """``other`` says what ``claim`` says, with the same polarity: it holds every name, date,
    number and quotation of the claim and most of its words."""
    if claim.polarity != other.polarity:
        return False
    return is_whole(claim_parts(claim), held_by(claim, other))


def evidence(
    index: ClaimIndex, claim: Rec, *, bonus: dict[int, float] | None = None
) -> list[tuple[str, Comparison, Rec]]:
    """Claims in other passages that bear on ``claim``: (stance, comparison, evidence claim)."""
    bonus = bonus or {}
    ids = _best_candidates(index, claim, MAX_CANDIDATES) | set(bonus)
    out = []
    for cid in ids:
        other = index.recs.get(cid)
        if other is None or (claim.id is not None and not _apart(claim, other)):
            continue
        comp = compare(claim, other, index, bonus.get(cid, 0.0))
        stance = _stance(claim, other, comp)
        if stance:
            out.append((stance, comp, other))
    order = {"contradicts": 0, "supports": 1, "related": 2}
    return sorted(out, key=lambda t: (order[t[0]], -t[1].same_event))


def verdict(
    prov: Provenance, items: list[tuple[str, Comparison, Rec]], own_source: str | None = None
) -> dict:
    """Counts of independent sources for and against, and the verdict they give."""
    by_source: dict[str, tuple[str, float]] = {}
    for stance, comp, rec in items:
        if stance == "related" or (stance == "supports" and rec.source_id == own_source):
            continue  # a source does not corroborate itself
        best = by_source.get(rec.source_id)
        if best is None or comp.same_event > best[1]:
            by_source[rec.source_id] = (stance, comp.same_event)
    support = sorted(s for s, (st, _) in by_source.items() if st == "supports")
    against = sorted(s for s, (st, _) in by_source.items() if st == "contradicts")
    sg, cg = prov.groups(support), prov.groups(against)
    discounted = [
        g for g in sg if all(any(c in prov.rests_on(m) for c in against) for m in g["members"])
    ]
    s_eff = len(sg) - len(discounted)
    if not sg and not cg:
        name = "unverified"
    elif not cg:
        name = "corroborated" if len(sg) >= 2 else "single-source"
    elif not sg or (s_eff == 0 and len(cg) >= 2):
        name = "contradicted"
    else:
        name = "contested"
    primary = sum(g["primary"] for g in sg)
    text = (f"{len(sg)} independent source{'s' if len(sg) != 1 else ''} support"
            f"{'s' if len(sg) == 1 else ''} ({primary} primary), {len(cg)} contradict")  # fmt: skip
    if discounted:
        text += f"; {len(discounted)} supporting source(s) rest on a source that contradicts"
    if own_source is not None and own_source in against:
        text += " (one of them the source itself, elsewhere in its text)"
    return {"verdict": name, "supporting": len(sg), "contradicting": len(cg),
            "support_groups": sg, "contradict_groups": cg, "explanation": text}  # fmt: skip


def _span(rec: Rec, slot: Slot, locate) -> dict:
    """Where a compared slot stands: a locator in its file, or offsets in a typed claim."""
    if rec.file_id is not None:
        return locate(rec.source_id, rec.file_id, slot.start, slot.end).to_json()
    return {"source": None, "path": "-", "start": slot.start, "end": slot.end, "line": 1,
            "text": slot.surface}  # fmt: skip


def _compared(claim: Rec | None, rec: Rec, comp: Comparison, locate) -> list[dict]:
    """The slots that agree or differ, each with its span in the claim and in the evidence."""
    out = []
    for r in comp.reasons:
        if r.kind not in ("agree", "conflict") or r.here is None or r.there is None:
            continue
        out.append({"kind": r.kind, "slot": r.slot, "text": r.text,
                    "claim": _span(claim, r.here, locate) if claim is not None else None,
                    "evidence": _span(rec, r.there, locate)})  # fmt: skip
    return out


def _evidence_rows(items, locate, prov: Provenance, claim: Rec | None = None) -> list[dict]:
    rows = []
    for stance, comp, rec in items:
        rows.append({"stance": stance, "source": rec.source_id, "source_name": prov.name(rec.source_id),
                     "kind": (prov.sources.get(rec.source_id).kind if rec.source_id in prov.sources else None),
                     "same_event": comp.same_event,
                     "locator": locate(rec.source_id, rec.file_id, rec.start, rec.end).to_json(),
                     "reasons": [r.text for r in comp.reasons if r.kind in ("agree", "conflict")]
                                or [r.text for r in comp.reasons],
                     "compared": _compared(claim, rec, comp, locate)})  # fmt: skip
    return rows


def query_rec(store: Store, text: str, lang: str) -> Rec:
    """A claim typed by a user, read like a stored one (names resolved to the store's entities)."""
    from adfontes.names.views import entity_for
    from adfontes.store import names as ndb

    slots = read_sentence(text, 0, len(text), lang) + text_slots(text, lang)(0, len(text))
    resolved = []
    for s in slots:
        if s.kind in ENTITY_KINDS:
            ids = entity_for(store.conn, s.surface) or entity_for(store.conn, s.value or s.surface)
            kinds = {i: (ndb.entity(store.conn, i) or {"kind": None})["kind"] for i in ids}
            pick = next((i for i in ids if kinds[i] == s.kind), ids[0] if ids else None)
            kind = kinds.get(pick) if pick and kinds.get(pick) in ENTITY_KINDS else s.kind
            s = Slot(kind, s.start, s.end, s.surface, pick or s.value, rule=s.rule)
        resolved.append(s)
    claim = Claim(0, len(text), text, lang, tuple(resolved))
    return make_rec(id=None, source_id=None, file_id=None, passage_id=None, p_seq=None, start=0,
                    end=len(text), text=text, lang=lang, polarity=claim.polarity, slots=resolved)  # fmt: skip


def _search_bonus(store: Store, index: ClaimIndex, text: str) -> dict[int, float]:
    from adfontes.search.engine import run

    bonus: dict[int, float] = {}
    for rank, hit in enumerate(run(store, text, SEARCH_K).hits):
        for cid in index.by_passage.get(hit.passage.id, ()):
            bonus[cid] = max(bonus.get(cid, 0.0), LEXICAL_BONUS * (1 - rank / SEARCH_K))
    return bonus


def check_view(
    store: Store, text: str, lang: str | None = None, index: ClaimIndex | None = None
) -> dict:
    """Evidence for and against a free-text claim, counted by independent origin, and a verdict."""
    if not text.strip():
        raise UsageError("the claim to check is empty")
    if lang is None:
        from adfontes.text.langid import detect

        lang = detect(text, tuple(cues.languages()), default="en")[0] or "en"
    check_lang(lang)
    index = index or load(store)
    claim = query_rec(store, text, lang)
    items = evidence(index, claim, bonus=_search_bonus(store, index, text))
    prov = Provenance(store)
    result = verdict(prov, items)
    result["coverage"] = support(claim, items)
    locate = sdb.Locators(store)
    return {"claim": text, "lang": lang, "polarity": claim.polarity,
            "slots": [_slot_json(s, None, None, None) for s in claim.slots if s.kind != "concept"]
                     + [_slot_json(s, None, None, None) for s in claim.slots if s.kind == "concept"],
            **result, "evidence": _evidence_rows(items, locate, prov, claim)}  # fmt: skip


# --- audit ---------------------------------------------------------------------------------------


def audit_view(store: Store, source: str, kind: str | None = None) -> dict:
    """Every claim of one source checked against the rest (and against its own distant pages)."""
    if kind is not None and kind not in CONFLICT_TYPES:
        raise UsageError(f"unknown conflict type {kind!r} (use {', '.join(CONFLICT_TYPES)})")
    row = sdb.resolve_source(store.conn, source)
    ids = set(sdb.with_documents(store.conn, source) or [])
    index = load(store)
    prov = Provenance(store)
    locate = sdb.Locators(store)
    counts: dict[str, int] = defaultdict(int)
    claims = []
    for rec in index.recs.values():
        if rec.source_id not in ids:
            continue
        items = [t for t in evidence(index, rec) if t[0] != "related"]
        result = verdict(prov, items, own_source=rec.source_id)
        counts[result["verdict"]] += 1
        if result["verdict"] == "unverified":
            continue
        claims.append({"locator": locate(rec.source_id, rec.file_id, rec.start, rec.end).to_json(),
                       "verdict": result["verdict"], "explanation": result["explanation"],
                       "supporting": result["supporting"], "contradicting": result["contradicting"],
                       "evidence": _evidence_rows(items[:6], locate, prov, rec)})  # fmt: skip
    claims.sort(
        key=lambda c: (
            {"contradicted": 0, "contested": 1}.get(c["verdict"], 2),
            c["locator"]["start"],
        )
    )
    conflicts = conflicts_view(store, kind=kind, source=source, index=index)
    # A problem that joins two places is among the conflicts already (unless --type hides it).
    problems = [{"kind": p["kind"], "detail": p["detail"]}
                for sid in sorted(ids) for p in cdb.problems(store.conn, sid)
                if two_places(p) is None
                or (kind is not None and CITE_KINDS[p["kind"]][0] != kind)]  # fmt: skip
    return {"source": row.id, "path": row.path, "verdicts": dict(counts), "claims": claims,
            "conflicts": conflicts, "citation_problems": problems}  # fmt: skip
