"""The ``variants`` stage: reuse pairs over the corpus, stories clustered from them, and the
slots of every telling, read from what the other stages stored (dates, names) and from the
telling's own words (audience, quotation)."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date

from adfontes.analyze import Stage, analysable_sources
from adfontes.store import Store
from adfontes.store import sources as sdb
from adfontes.store import variants as db
from adfontes.time.values import Span, parse_anchor
from adfontes.variants import slots
from adfontes.variants.reuse import Pair, Unit, detect
from adfontes.variants.stories import Telling, components, order, summary

# Bump when the rules or the stage's behaviour change.
VERSION = "1"
# Passages that tell nothing of their own: notes, references, headings, lists.
ASIDE_KINDS = frozenset(
    {"footnote", "bibliography", "heading", "front", "toc", "index", "noise", "furniture"}
)
# A group larger than this is held together by weak links; only its stronger pairs count.
MAX_STORY = 8
WORDING_CHARS = 300
# Nearest passages by embedding proposed as cross-language candidates, per passage.
NEIGHBOURS = 5
# A telling with no date of its own stands under the last date read this far before it.
NARRATIVE_CHARS = 1500


def units(store: Store) -> tuple[list[Unit], dict[int, sdb.PassageRow]]:
    features = db.passage_features(store.conn)
    out, by_id = [], {}
    for source in analysable_sources(store):
        for p in sdb.passages(store.conn, source_id=source.id, analysable=True):
            if p.kind in ASIDE_KINDS or p.source_id != source.id:
                continue
            by_id[p.id] = p
            feats = frozenset(features.get(p.id, ()))
            out.append(Unit(p.id, p.source_id, p.text, p.lang or source.language, p.start, feats))
    return out, by_id


def _groups(pairs: list[Pair]) -> list[list[int]]:
    """Stories: connected groups of pairs. A group larger than MAX_STORY is held together by weak
    links: its weaker half of pairs is dropped and what stays connected is split again."""
    out = []
    todo = [pairs]
    while todo:
        edges = todo.pop()
        for group in components((p.a, p.b) for p in edges):
            if len(group) <= MAX_STORY:
                out.append(group)
                continue
            members = set(group)
            inside = sorted((p for p in edges if p.a in members), key=lambda p: -p.score)
            if len(inside) > 1:
                todo.append(inside[: len(inside) // 2])
    return sorted(out, key=lambda g: (-len(g), str(g[0])))


def _telling_date(
    store: Store, source: sdb.SourceRow, cache: dict
) -> tuple[str | None, str | None]:
    if source.id in cache:
        return cache[source.id]
    found: tuple[str | None, str | None] = (None, None)
    if source.date:
        found = (source.date, "source")
    elif (doc := db.document_date(store.conn, source.id)) is not None:
        found = (doc, "document")
    elif source.parent_id:
        parent = sdb.resolve_source(store.conn, source.parent_id)
        if parent.date:
            found = (parent.date, "parent")
    cache[source.id] = found
    return found


def telling(
    store: Store, p: sdb.PassageRow, span: tuple[int, int], source: sdb.SourceRow, dates: dict
) -> Telling:
    """The slots of the telling at file offsets ``span`` of passage ``p``."""
    start, end = span
    inside = p.text[start - p.start : end - p.start]
    told, told_from = _telling_date(store, source, dates)
    claimed = next(
        (d for d in db.passage_dates(store.conn, p.id) if start <= d["start"] < end),
        None,
    ) or db.date_before(store.conn, p.source_id, start, start - NARRATIVE_CHARS)
    heard = slots.audience(inside, p.lang or source.language)
    quoted = slots.quotes(inside)
    if quoted:
        ws, we = quoted[0]
    else:
        ws, we = 0, min(len(inside), WORDING_CHARS)
    teller = source.author
    people = []
    for m in db.passage_persons(store.conn, p.id):
        label = (m["label"] or "").strip()
        told_by_teller = bool(teller and label) and label.split()[-1] in teller
        if start <= m["start"] < end and label not in people and not told_by_teller:
            people.append(label)
    return Telling(
        source=source.id, file_id=p.file_id, passage=p.id, start=start, end=end,
        telling_date=told, telling_date_from=told_from,
        claimed_date=claimed["value"] if claimed else None,
        claimed_span=(claimed["start"], claimed["end"]) if claimed else None,
        audience=heard[0].text if heard else None,
        audience_span=(start + heard[0].start, start + heard[0].end) if heard else None,
        audience_rule=heard[0].rule if heard else None,
        wording=inside[ws:we] if inside else None,
        wording_span=(start + ws, start + we) if inside else None,
        witnesses=tuple(people), teller=teller,
    )  # fmt: skip


def _sentences(store: Store, p: sdb.PassageRow, start: int, end: int) -> tuple[int, int]:
    """The span widened to the whole sentences it touches (the date or the audience of a telling
    often stands just before the words that were matched)."""
    for s, e in sdb.sentences(store.conn, p.id):
        if s <= start < e:
            start = s
        if s < end <= e:
            end = e
    return start, end


def stories(store: Store, found: list[Pair], by_id: dict[int, sdb.PassageRow]) -> list[dict]:
    """Stories as records ready to store: id, label, score, summary and ordered tellings."""
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    strength: dict[int, float] = defaultdict(float)
    for p in found:
        for pid, (s, e) in ((p.a, p.a_span), (p.b, p.b_span)):
            base = by_id[pid].start
            spans[pid].append((base + s, base + e))
            strength[pid] = max(strength[pid], p.score)
    sources: dict[str, sdb.SourceRow] = {}
    dates: dict = {}
    out = []
    for group in _groups(found):
        tellings = []
        for pid in group:
            p = by_id[pid]
            if p.source_id not in sources:
                sources[p.source_id] = sdb.resolve_source(store.conn, p.source_id)
            span = _sentences(
                store, p, min(s for s, _ in spans[pid]), max(e for _, e in spans[pid])
            )
            tellings.append(telling(store, p, span, sources[p.source_id], dates))
        tellings = order(tellings)
        first = tellings[0]
        key = f"{first.file_id}:{first.start}:{first.end}"
        n_sources = len({t.source for t in tellings})
        score = round(
            len(tellings) + n_sources + sum(strength[pid] for pid in group) / len(group), 4
        )
        label = " ".join((first.wording or "").split())[:80]
        out.append(
            {
                "id": "S-" + hashlib.sha1(key.encode()).hexdigest()[:10],
                "label": label,
                "score": score,
                "sources": n_sources,
                "summary": summary(tellings),
                "tellings": tellings,
            }
        )
    return sorted(out, key=lambda s: (-s["score"], s["id"]))


def _telling_row(story_id: str, seq: int, t: Telling, earliest: bool) -> tuple:
    cs, ce = t.claimed_span or (None, None)
    as_, ae = t.audience_span or (None, None)
    ws, we = t.wording_span or (None, None)
    return (
        story_id, seq, t.source, t.file_id, t.passage, t.start, t.end, int(earliest),
        t.telling_date, t.telling_date_from, t.claimed_date, cs, ce, t.audience, as_, ae,
        t.audience_rule, t.wording, ws, we, json.dumps(list(t.witnesses), ensure_ascii=False),
        t.teller,
    )  # fmt: skip


def _pair_row(p: Pair, by_id: dict[int, sdb.PassageRow]) -> tuple:
    a, b = by_id[p.a].start, by_id[p.b].start
    return (
        p.a, p.b, a + p.a_span[0], a + p.a_span[1], b + p.b_span[0], b + p.b_span[1], p.kind,
        p.matched, json.dumps(list(p.shared), ensure_ascii=False), p.score, json.dumps(list(p.via)),
    )  # fmt: skip


def neighbours(store: Store, found: list[Unit], k: int = NEIGHBOURS) -> list[tuple[int, int]]:
    """Nearest passages in another language by the search stage's embeddings, when it stored
    any (without vectors, search falls back to words, which do not cross languages)."""
    try:
        from adfontes.search import similar
    except ImportError:
        return []
    index = {u.id: i for i, u in enumerate(found)}
    out = []
    for i, u in enumerate(found):
        results = similar(store, u.id, k)
        if results.mode != "dense":
            return []
        for hit in results.hits:
            j = index.get(hit.passage.id)
            if j is not None and found[j].lang != u.lang:
                out.append((i, j))
    return out


def run_corpus(store: Store) -> int:
    found_units, by_id = units(store)
    found = detect(found_units, neighbours=neighbours(store, found_units))
    found_stories = stories(store, found, by_id)
    with store.transaction() as conn:
        db.clear(conn)
        db.insert_pairs(conn, (_pair_row(p, by_id) for p in found))
        n = 0
        for s in found_stories:
            dated = [t for t in s["tellings"] if t.telling_date]
            earliest = dated[0] if dated else s["tellings"][0]
            rows = [_telling_row(s["id"], i, t, t is earliest) for i, t in enumerate(s["tellings"])]
            db.insert_story(
                conn,
                (s["id"], s["label"], len(rows), s["sources"], s["score"], s["summary"]),
                rows,
            )
            n += len(rows)
        db.replace_quote_edges(conn, quote_edges(conn))
    return n


# A verbatim run of this many words (a fragment: more) is copying, not a shared formula.
QUOTE_VERBATIM_WORDS = 8
QUOTE_FRAGMENT_WORDS = 12


def quote_edges(conn) -> list[tuple[str, str, str]]:
    """``quotes`` edges for the provenance graph: the later of two dated sources that share a
    long verbatim run rests on the earlier. Undated pairs, and pairs whose dates overlap, give
    no direction and no edge."""
    edges: dict[tuple[str, str], str] = {}
    for row in db.quoting_pairs(conn, QUOTE_VERBATIM_WORDS, QUOTE_FRAGMENT_WORDS):
        a, b = row["a_source"], row["b_source"]
        span = {s: date_span(db.source_date(conn, s)) for s in (a, b)}
        if not span[a] or not span[b]:
            continue
        # A direction only when one date is over before the other can begin: "1929" and
        # "1929-02-13" overlap, and either source may be the earlier.
        if span[a][1] < span[b][0]:
            later, earlier = b, a
        elif span[b][1] < span[a][0]:
            later, earlier = a, b
        else:
            continue
        title = db.source_title(conn, earlier) or earlier
        edges[(later, earlier)] = f"{title} (shares {row['matched']} words verbatim)"
    return [(later, earlier, label) for (later, earlier), label in sorted(edges.items())]


def date_span(edtf: str | None) -> tuple[date, date] | None:
    """The earliest and latest day an EDTF date can mean (None when unreadable or open)."""
    when = parse_anchor(edtf)
    if when is None:
        return None
    lo, hi = when.bounds()
    if isinstance(when, Span) and when.until is not None:
        hi = when.until.bounds()[1]
    return (lo, hi) if lo and hi else None


def summary_lines(store: Store) -> list[str]:
    pairs, n_stories, n_tellings = db.counts(store.conn)
    lines = [f"{pairs} reuse pairs; {n_stories} stories with {n_tellings} tellings"]
    for row in db.list_stories(store.conn)[:3]:
        lines.append(f"{row['id']} ({row['tellings']} tellings): {row['summary']}")
    return lines


STAGE = Stage("variants", VERSION, run_source=None, run_corpus=run_corpus, summary=summary_lines)
