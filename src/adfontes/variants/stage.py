"""The ``variants`` stage: reuse pairs over the corpus, stories clustered from them, and the
slots of every telling, read from what the other stages stored (dates, names) and from the
telling's own words (audience, quotation)."""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date

from adfontes.analyze import Stage, analysable_sources
from adfontes.store import Store
from adfontes.store import sources as sdb
from adfontes.store import variants as db
from adfontes.time.values import Span, parse_anchor
from adfontes.variants import quoted, slots
from adfontes.variants.reuse import DAY, Pair, Unit, detect
from adfontes.variants.stories import Telling, order, summary
from adfontes.variants.vectors import SentenceVectors

# Bump when the rules or the stage's behaviour change.
VERSION = "9"
# Passages that tell nothing of their own: notes, references, headings, lists.
ASIDE_KINDS = frozenset(
    {"footnote", "bibliography", "heading", "front", "toc", "index", "noise", "furniture"}
)
# A group larger than this is held together by weak links; only its stronger pairs count.
MAX_STORY = 10
# Two groups join when at least this share of the smaller one's units have a pair in the other.
LINKED = 0.5
WORDING_CHARS = 300
# Nearest passages by embedding proposed as cross-language candidates, per passage.
NEIGHBOURS = 5
# With sentence vectors, two story pieces that share an entity, date or length of time held by
# at most PIECE_DF pieces are joined when two of their sentences are at least JOIN near.
PIECE_DF = 24
JOIN = 0.92
# Two story pieces that each hold a sentence of the same two passages, at most this many
# characters apart in both, are parts of one stretch told twice (a document quoted in two places,
# an original and its translation, a paragraph copied into a later version): they are joined.
PARALLEL_CHARS = 600
# A telling with no date of its own stands under the last date read this far before it.
NARRATIVE_CHARS = 1500
# A date at most this many characters from the name of a body dates that body's act.
LINK_CHARS = 40
# A sentence shorter than this is read together with the next one.
MIN_UNIT_CHARS = 40
# A translation follows its original after at most this many lines shorter than CONNECTOR_CHARS
# ("Translated:"), and is at most LENGTH_RATIO times longer or shorter; a paragraph within
# SAME_LENGTH of the next one's length is its translation even if a page break would fit better.
CONNECTORS = 2
CONNECTOR_CHARS = 60
LENGTH_RATIO = 1.8
SAME_LENGTH = 1.25
# A paragraph whose day date stands at most this far into it opens with its date (an entry).
ENTRY_CHARS = 3
# A quotation's note is looked for in at most this many paragraphs that carry it on.
QUOTE_PASSAGES = 3
# A quoted original is read back over at most this many passages to the words above it.
ORIGINAL_PASSAGES = 60
# A paragraph that is, or begins with, one of these resumes a quotation cut short.
ELLIPSIS = ("...", "…", "[...]", "[…]")
# Two sentences of one passage in one story, at most this far apart, are one telling.
TELLING_GAP = 200


def units(store: Store) -> tuple[list[Unit], dict[int, sdb.PassageRow]]:
    """A unit per sentence of every passage that tells something (a short sentence is read with
    the next one): one paragraph often tells several stories, a sentence each."""
    features = db.located_features(store.conn)
    sentences = db.all_sentences(store.conn)
    out, by_id = [], {}
    for source in analysable_sources(store):
        for p in sdb.passages(store.conn, source_id=source.id, analysable=True):
            if p.kind in ASIDE_KINDS or p.source_id != source.id:
                continue
            by_id[p.id] = p
            located = features.get(p.id, ())
            for s, e in _windows(sentences.get(p.id) or [(p.start, p.end)], p.start, p.end):
                feats = frozenset(f for at, f in located if s <= at < e)
                text = p.text[s - p.start : e - p.start]
                lang = p.lang or source.language
                out.append(Unit((p.id, s), p.source_id, text, lang, s, feats, group=p.id))
    return out, by_id


def _windows(sentences: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``start``..``end``, a sentence shorter than MIN_UNIT_CHARS joined
    to the next one (a dateline such as ``8 февраля.`` belongs to what follows)."""
    out: list[tuple[int, int]] = []
    open_start = None
    for s, e in sentences:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        if open_start is None:
            open_start = s
        if e - open_start >= MIN_UNIT_CHARS:
            out.append((open_start, e))
            open_start = None
    if open_start is not None:
        if out:
            out[-1] = (out[-1][0], min(end, max(e for _, e in sentences)))
        else:
            out.append((open_start, end))
    return out


def _groups(pairs: list[Pair], near: Callable | None = None) -> list[list]:
    """Stories: groups of units joined by their pairs, strongest pair first. Two groups join
    when at least half the members of the smaller one have a pair in the other, and the joined
    group holds at most MAX_STORY units: a chain of single weak links does not pull unrelated
    tellings into one story, and a telling kept out of one group still holds its own. Then
    pieces that hold neighbouring sentences of the same two passages are joined (``_parallel``):
    a document quoted twice is paired sentence by sentence, and is one story.

    ``near(pieces)`` gives pairs of the pieces so made (indexes into the list) that tell one
    story by other evidence (sentence vectors), nearest first; they are joined in that order
    while the joined group holds at most MAX_STORY units."""
    parent: dict = {}
    members: dict = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a, b, edges: dict | None = None) -> None:
        """Join the groups of ``a`` and ``b`` while they hold at most MAX_STORY units together
        (with ``edges``: and at least LINKED of the smaller one's units have a pair in the other)."""
        ra, rb = root(a), root(b)
        ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
        if ra == rb or len(ma) + len(mb) > MAX_STORY:
            return
        if edges is not None:
            small, other = (ma, set(mb)) if len(ma) <= len(mb) else (mb, set(ma))
            if sum(1 for u in small if edges[u] & other) < LINKED * len(small):
                return
        parent[rb] = ra
        members[ra] = ma + mb
        members.pop(rb, None)

    edges: dict = defaultdict(set)
    for p in pairs:
        edges[p.a].add(p.b)
        edges[p.b].add(p.a)
    for p in sorted(pairs, key=lambda p: (-p.score, str(p.a), str(p.b))):
        join(p.a, p.b, edges)
    for a, b in _parallel(pairs, {r: members.get(r, [r]) for r in {root(u) for u in edges}}):
        join(a, b)
    if near is not None:
        pieces = sorted(
            ({root(u) for u in edges}), key=lambda r: sorted(map(str, members.get(r, [r])))
        )
        for a, b in near([members.get(r, [r]) for r in pieces]):
            join(pieces[a], pieces[b])
    out = [sorted(g, key=str) for r, g in members.items() if len(g) > 1 and root(r) == r]
    return sorted(out, key=lambda g: (-len(g), str(g[0])))


def _parallel(pairs: list[Pair], pieces: dict) -> list[tuple]:
    """Pairs of pieces (by their root unit) that tell one stretch twice: each holds a sentence
    of the same two or more passages, at most PARALLEL_CHARS apart in each (units are
    ``(passage, offset)``), most such passages first, then nearest. Two pieces whose pairs
    share day dates, and none in common, tell two events and are left apart (a biography told
    twice goes from the ultimatum of one day to the departure of another)."""
    days: dict = defaultdict(set)
    for p in pairs:
        said = {f for f in p.shared if f.startswith("#") and DAY.fullmatch(f[1:])}
        days[p.a] |= said
        days[p.b] |= said
    where: dict = defaultdict(list)
    for r, ms in pieces.items():
        for u in ms:
            if isinstance(u, tuple) and len(u) == 2:
                where[u[0]].append((u[1], r))
    near: dict = defaultdict(dict)
    for passage, spots in where.items():
        for x, ra in spots:
            for y, rb in spots:
                if str(ra) < str(rb) and abs(x - y) <= PARALLEL_CHARS:
                    seen = near[(ra, rb)]
                    seen[passage] = min(seen.get(passage, abs(x - y)), abs(x - y))
    ranked = []
    for (ra, rb), seen in near.items():
        if len(seen) < 2:
            continue
        da = set().union(*(days[u] for u in pieces[ra]))
        db_ = set().union(*(days[u] for u in pieces[rb]))
        if da and db_ and not da & db_:
            continue
        ranked.append((-len(seen), sum(seen.values()) / len(seen), str(ra), str(rb), ra, rb))
    return [(ra, rb) for *_, ra, rb in sorted(ranked, key=lambda t: t[:4])]


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
    store: Store,
    p: sdb.PassageRow,
    span: tuple[int, int],
    source: sdb.SourceRow,
    dates: dict,
    keys: tuple[str, ...] = (),
) -> Telling:
    """The slots of the telling at file offsets ``span`` of passage ``p``; the wording is its
    first quotation, or the first that has the words of ``keys`` (a quotation's story)."""
    start, end = span
    inside = p.text[start - p.start : end - p.start]
    told, told_from = _telling_date(store, source, dates)
    passage_dates = db.passage_dates(store.conn, p.id)
    if (entry := _entry_date(p, passage_dates, told)) is not None:
        told, told_from = entry, "entry"
    cited, cited_from = _cited_date(store, p, start, inside, source.language)
    if cited is not None:
        told, told_from = cited, cited_from
    dated = [d for d in passage_dates if start <= d["start"] < end]
    bodies = [(m["start"], m["end"]) for m in db.passage_orgs(store.conn, p.id)]
    claimed, linked = _claimed_and_linked(dated, bodies)
    claimed = claimed or db.date_before(store.conn, p.source_id, start, start - NARRATIVE_CHARS)
    heard = slots.audience(inside, p.lang or source.language)
    ws, we = _wording(inside, keys)
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
        linked_event=p.text[linked[0] - p.start : linked[1] - p.start] if linked else None,
        linked_span=linked,
    )  # fmt: skip


def _claimed_and_linked(dates: list, bodies: list[tuple[int, int]]):
    """The date a telling gives for its event, and the other event it ties it to: a date that
    stands next to the name of a body (``the OGPU Collegium's decision of 18 January``, ``a
    Politikai Hivatal ... november 26-án``) dates that body's act, not the event told, when the
    telling gives another, later date (a decision, then its announcement). The linked event is
    the words from the body's name to its date (file offsets); the claimed date the first date
    not so tied, else the first date. A date with no digit (``XXXX-XX-XX``) says nothing."""
    dates = [d for d in dates if any(c.isdigit() for c in d["value"])]
    if not dates:
        return None, None
    tied = {}
    for d in dates:
        for s, e in bodies:
            if 0 <= d["start"] - e <= LINK_CHARS or 0 <= s - d["end"] <= LINK_CHARS:
                tied[d["start"]] = (min(s, d["start"]), max(e, d["end"]))
                break
    free = [d for d in dates if d["start"] not in tied]
    claimed = free[0] if free else dates[0]
    # "In 1927 ... on 12 November 1927": a later date inside the first one says it more exactly.
    inside = [d for d in free or dates if d["value"].startswith(claimed["value"] + "-")]
    if inside:
        claimed = max(inside, key=lambda d: len(d["value"]))
    told = date_span(claimed["value"])
    linked = next(
        (
            tied[d["start"]]
            for d in dates
            if d["start"] in tied
            and (span := date_span(d["value"])) is not None
            and told is not None
            and span[1] < told[0]
        ),
        None,
    )
    return claimed, linked


def _entry_date(p: sdb.PassageRow, dates: list, told: str | None) -> str | None:
    """The date an entry opens with (``8 февраля.``, ``March 3rd.``, ``1929. február 13.``),
    when it falls inside the span of its source's date of telling: the entries of a diary, a
    log or a chronicle that spans weeks were written on their days. A day date only, at most
    ENTRY_CHARS into the paragraph."""
    if not dates or told is None:
        return None
    first = dates[0]
    if first["start"] - p.start > ENTRY_CHARS or not DAY.fullmatch(first["value"]):
        return None
    when, span = date_span(first["value"]), date_span(told)
    if when is None or span is None or when == span:
        return None
    return first["value"] if span[0] <= when[0] and when[1] <= span[1] else None


def _cited_date(
    store: Store, p: sdb.PassageRow, start: int, inside: str, language: str | None
) -> tuple[str | None, str | None]:
    """For a quotation (its quoted words make up most of the telling, or its paragraph is
    introduced by words found by ``_lead_in``), the date of the document quoted: a monograph
    quotes an article and dates it in a note or in the words that introduce it; the date of
    telling is the article's, not the book's. The first dated note under the quotation and the
    lead-in's date are weighed by ``_either``."""
    lead = _lead_in(store, p, language)
    quoted = sum(e - s for s, e in slots.quotes(inside))
    if lead is None and 2 * quoted < len(inside.strip()):
        return None, None
    note = db.note_after(store.conn, p.id, start)
    if note is None:
        note = _note_further(store, p)
    noted = db.first_date(store.conn, note) if note is not None else None
    led = _lead_in_date(store, lead, p.id, p.lang or language) if lead is not None else None
    return _either(noted, led)


def _either(noted: str | None, led: str | None) -> tuple[str | None, str | None]:
    """The date of a quoted document from its note's date and its lead-in's: the note's, which
    usually names the document itself (the lead-in may give the issue that printed it, a month
    after the article was written); the lead-in's when it says the note's date more exactly
    (``1937`` in the note, ``April, 1937`` in the lead-in); both, as one of two days, when each
    names another day for the document."""
    if noted is None or led is None:
        return (noted, "note") if noted else (led, "lead-in") if led else (None, None)
    n, lead = date_span(noted), date_span(led)
    if n is None or lead is None or n == lead:
        return noted, "note"
    if n[0] <= lead[0] and lead[1] <= n[1]:
        return led, "lead-in"
    if DAY.fullmatch(noted) and DAY.fullmatch(led):
        return f"[{min(noted, led)},{max(noted, led)}]", "note and lead-in"
    return noted, "note"


def _bare(text: str) -> str:
    """A passage's words without the spaces, emphasis and quotation marks around them (a
    quotation resumed reads ``“... and so on``)."""
    return text.strip(" *_\n\"“”„'‘’«»")


def _ends_lead(row) -> bool:
    return _bare(row["text"]).endswith(":")


def _lead_in(store: Store, p: sdb.PassageRow, language: str | None):
    """The passage whose words introduce the quotation in passage ``p`` (notes and page
    furniture between them skipped), or None when ``p`` is no quotation:

    - the passage before, when it ends with a colon (``He wrote:``); when that is a short
      connector (``Translated:``) after an original in another language, the lead-in of that
      original, for a translation has the original's date;
    - for a paragraph in another language than its source's, the words above the run of
      passages in that language (``_above``);
    - for a paragraph that goes on after an ellipsis (a quotation cut short and resumed), the
      lead-in of the paragraphs before it, at most QUOTE_PASSAGES of them;
    - for a paragraph of a translation, at most as many paragraphs after its connector as the
      original has, the lead-in of the original. A heading ends the translation."""
    rows = [
        r
        for r in db.passages_before(store.conn, p.file_id, p.seq, ORIGINAL_PASSAGES)
        if (r["kind"] == "heading" or r["kind"] not in ASIDE_KINDS) and _bare(r["text"])
    ]
    if not rows:
        return None
    if _bare(p.text).endswith(":"):
        return None  # a passage that ends with a colon introduces what follows
    own = p.lang or language
    if language and own != language:
        return _above(store, rows, 0, own, language)
    if _bare(p.text).startswith(ELLIPSIS) or _bare(rows[0]["text"]) in ELLIPSIS:
        for k, r in enumerate(rows[: QUOTE_PASSAGES + 1]):
            if _ends_lead(r):
                return _original_lead_in(store, rows, k, language) or r
        return None
    for k, r in enumerate(rows):
        if _ends_lead(r):
            if k == 0:
                return _original_lead_in(store, rows, 0, language) or r
            return _original_lead_in(store, rows, k, language, len(p.text))
        if r["kind"] == "heading" or (r["lang"] or language) != own:
            return None
    return None


def _above(store: Store, rows: list, i: int, lang: str | None, language: str | None):
    """The words above a run of passages in ``lang`` that starts at ``rows[i]`` and goes back
    (rows nearest first): a dateline of the run (the original's own date), a passage of the
    run that ends with a colon, else the passage before the run when it ends with a colon or
    is a heading (``Document 1. A to B, 1932, archive reference``); None when there is none."""
    for r in rows[i:]:
        if _ends_lead(r) or _dateline(store, r):
            return r
        if (r["lang"] or language) != lang:
            return r if r["kind"] == "heading" else None
    return None


def _dateline(store: Store, row) -> bool:
    """Whether a passage is little more than a date (``11.II. 1938``, ``От 23-го июля 1937
    года.``): its dates with a year make up at least half its words."""
    bare = _bare(row["text"])
    if not 0 < len(bare) < CONNECTOR_CHARS:
        return False
    return 2 * sum(d["end"] - d["start"] for d in _dates(store, row)) >= len(bare)


def _original_lead_in(store: Store, rows: list, k: int, language: str | None, size: int = 0):
    """When ``rows[k]`` is a connector (a short lead-in with no date of its own, ``Translated:``)
    after an original in another language, the lead-in above that original (the connector
    itself when there is none); None when it is no such connector. A paragraph ``k`` places
    after the connector (``size`` characters long) is part of the translation only while the
    original has that many paragraphs and the ``k``-th is about as long."""
    connector = rows[k]
    if len(_bare(connector["text"])) >= CONNECTOR_CHARS or _dates(store, connector):
        return None
    rest = rows[k + 1 :]
    if not rest:
        return None
    other = rest[0]["lang"] or language
    if other == (connector["lang"] or language):
        return None
    n = next((j for j, r in enumerate(rest) if (r["lang"] or language) != other), len(rest))
    if k:
        if k >= n:
            return None
        twin = rest[n - 1 - k]  # the original's paragraphs stand nearest first
        if not 1 / LENGTH_RATIO <= size / max(1, len(twin["text"])) <= LENGTH_RATIO:
            return None
    return _above(store, rest, 0, other, language) or connector


def _dates(store: Store, row) -> list:
    """The dates of a passage with a stated year, those reckoned from the teller's own time
    (``today``, ``four years ago``) left out: they say nothing of a document quoted."""
    return [d for d in db.year_dates(store.conn, row["id"]) if d["anchoring"] != "anchor:doc"]


def _lead_in_date(store: Store, row, quotation: int, lang: str | None) -> str | None:
    """The date of a lead-in (passage ``row``) to the quotation in passage ``quotation``.

    Its dates with a stated year are read, less those that tell what the quotation is about,
    not when it was written: a date the quotation repeats (``the indictment cited the
    platform of 1926:`` above words that name that platform of 1926), and a date earlier than
    one whose year the quotation states (a text is not written before what it reports). Of
    those left, the dates in the last sentence; when it has none, those in the sentence before,
    if that one is followed by a short last sentence (``In his article of 30 December 1934 ...
    . Trotsky wrote:``) or opens with its date (``In 1963 the commission ... . It
    concluded:``). ``And in issue 44 of July 1935:`` gives a month, no more.

    Of several dates in that sentence, the first whose words say it is a document's own
    (``dated``, ``the letter of``: rule data per language, ``variants/dating/<lang>.yaml``),
    else the first. Not the one nearest the colon: a lead-in names the document quoted, then
    often where and when it was printed (``an article dated January 26, published in the
    February issue:``), and the words that date a document pick it out of a sentence that
    names two (``the words of the newspaper of January 23 with those of his article dated
    January 26. He wrote:``)."""
    dates = _dates(store, row)
    if not dates:
        return None
    inside = db.year_dates(store.conn, quotation)
    repeated = {d["value"] for d in inside}
    stated = [
        span[0] for d in inside if d["anchoring"] == "explicit" and (span := date_span(d["value"]))
    ]
    floor = max(stated, default=None)
    dates = [
        d
        for d in dates
        if d["value"] not in repeated
        and not (floor and (span := date_span(d["value"])) is not None and span[1] < floor)
    ]
    if not dates:
        return None
    spans = sdb.sentences(store.conn, row["id"]) or [
        (row["start"], row["start"] + len(row["text"]))
    ]
    s, e = spans[-1]
    said = [d for d in dates if s <= d["start"] < e]
    if not said and len(spans) > 1:
        ps, pe = spans[-2]
        said = [d for d in dates if ps <= d["start"] < pe]
        if said and e - s >= CONNECTOR_CHARS and said[0]["start"] - ps >= CONNECTOR_CHARS:
            said = []
    if not said:
        return None
    at = row["start"]
    text = row["text"]
    lang = row["lang"] or lang
    dated = (d for d in said if slots.dates_document(text, d["start"] - at, d["end"] - at, lang))
    return next(dated, said[0])["value"]


def _note_further(store: Store, p: sdb.PassageRow) -> int | None:
    """The note of a quotation whose marker stands after its paragraph: in the paragraphs that
    carry the quotation on (a short lead-in such as ``Translated:`` and the translation after
    it, a paragraph that goes on in lower case after a page break), notes and page furniture
    skipped, at most QUOTE_PASSAGES of them."""
    ends_with_colon = False
    for row in db.passages_after(store.conn, p.file_id, p.seq, 3 * QUOTE_PASSAGES):
        if row["kind"] in ASIDE_KINDS:
            continue
        text = _bare(row["text"])
        if not text:
            continue
        lead_in = len(text) < CONNECTOR_CHARS and text.endswith(":")
        if not (lead_in or ends_with_colon or text[0].islower()):
            return None
        if (note := db.note_after(store.conn, row["id"], row["start"])) is not None:
            return note
        ends_with_colon = lead_in
    return None


def _sentences(store: Store, p: sdb.PassageRow, start: int, end: int) -> tuple[int, int]:
    """The span widened to the whole sentences it touches (the date or the audience of a telling
    often stands just before the words that were matched)."""
    for s, e in sdb.sentences(store.conn, p.id):
        if s <= start < e:
            start = s
        if s < end <= e:
            end = e
    return start, end


def stories(
    store: Store,
    found: list[Pair],
    by_unit: dict,
    by_id: dict[int, sdb.PassageRow],
    near: Callable | None = None,
) -> list[dict]:
    """Stories as records ready to store: id, label, score, summary and ordered tellings."""
    spans: dict = defaultdict(list)
    strength: dict = defaultdict(float)
    for p in found:
        for uid, (s, e) in ((p.a, p.a_span), (p.b, p.b_span)):
            base = by_unit[uid].offset
            spans[uid].append((base + s, base + e))
            strength[uid] = max(strength[uid], p.score)
    sources: dict[str, sdb.SourceRow] = {}
    dates: dict = {}
    out = []
    for group, keys in quoted.regroup(_groups(found, near), found, by_unit):
        per_passage: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for uid in group:
            # A unit in no pair (a quotation's words retold unquoted) is told whole.
            u = by_unit[uid]
            found_spans = spans.get(uid) or [(u.offset, u.offset + len(u.text))]
            per_passage[uid[0]].append(
                (min(s for s, _ in found_spans), max(e for _, e in found_spans))
            )
        tellings = []
        for pid, found_spans in per_passage.items():
            p = by_id[pid]
            if p.source_id not in sources:
                sources[p.source_id] = sdb.resolve_source(store.conn, p.source_id)
            for s, e in _joined(found_spans):
                span = _sentences(store, p, s, e)
                tellings.append(telling(store, p, span, sources[p.source_id], dates, keys))
        tellings = order(tellings)
        # The first telling names a story; a quotation's story adds its words (a telling of two
        # quotations heads two stories). Pieces are disjoint, quotations' keys distinct.
        first = tellings[0]
        key = f"{first.file_id}:{first.start}:{first.end}" + "".join(keys)
        n_sources = len({t.source for t in tellings})
        score = round(
            len(tellings) + n_sources + sum(strength[uid] for uid in group) / len(group), 4
        )
        label = _label(tellings, keys)
        out.append(
            {
                "id": _story_id(key),
                "label": label,
                "score": score,
                "sources": n_sources,
                "summary": summary(tellings),
                "tellings": tellings,
            }
        )
    return sorted(out, key=lambda s: (-s["score"], s["id"]))


def _wording(inside: str, keys: tuple[str, ...]) -> tuple[int, int]:
    """Where the wording of a telling stands in its text: its first quotation; in a
    quotation's story, the first quotation that holds the quoted words, else those words
    themselves (a telling that gives them unquoted); else the opening words."""
    said = slots.quotes(inside)
    if keys:
        holding = [q for q in said if any(quoted.holds(inside[q[0] : q[1]], k) for k in keys)]
        if holding:
            return holding[0]
        spans = [span for k in keys if (span := quoted.key_span(inside, k))]
        if spans:
            return min(spans)
    return said[0] if said else (0, min(len(inside), WORDING_CHARS))


def _story_id(key: str) -> str:
    return "S-" + hashlib.sha1(key.encode()).hexdigest()[:10]


def _label(tellings: list[Telling], keys: tuple[str, ...]) -> str:
    """The wording of the first telling; for a quotation's story, its words as most tellings
    quote them."""
    said = [
        " ".join(t.wording.replace("*", "").split())
        for t in tellings
        if keys and t.wording and any(quoted.holds(t.wording, k) for k in keys)
    ]
    if said:
        most = Counter(w.casefold() for w in said).most_common(1)[0][0]
        return next(w for w in said if w.casefold() == most)[:80]
    return " ".join((tellings[0].wording or "").split())[:80]


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of one passage joined where they are at most TELLING_GAP apart."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s - out[-1][1] <= TELLING_GAP:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _telling_row(story_id: str, seq: int, t: Telling, earliest: bool) -> tuple:
    cs, ce = t.claimed_span or (None, None)
    as_, ae = t.audience_span or (None, None)
    ws, we = t.wording_span or (None, None)
    return (
        story_id, seq, t.source, t.file_id, t.passage, t.start, t.end, int(earliest),
        t.telling_date, t.telling_date_from, t.claimed_date, cs, ce, t.audience, as_, ae,
        t.audience_rule, t.wording, ws, we, json.dumps(list(t.witnesses), ensure_ascii=False),
        t.teller, t.linked_event, *(t.linked_span or (None, None)),
    )  # fmt: skip


def _pair_row(p: Pair, by_unit: dict) -> tuple:
    a, b = by_unit[p.a].offset, by_unit[p.b].offset
    return (
        p.a[0], p.b[0], a + p.a_span[0], a + p.a_span[1], b + p.b_span[0], b + p.b_span[1], p.kind,
        p.matched, json.dumps(list(p.shared), ensure_ascii=False), p.score, json.dumps(list(p.via)),
    )  # fmt: skip


def neighbours(store: Store, found: list[Unit], k: int = NEIGHBOURS) -> list[tuple[int, int]]:
    """Sentences of the nearest passages in another language by the search stage's embeddings,
    when it stored any (without vectors, search falls back to words, which do not cross
    languages): those of two neighbouring passages that share an entity or date, or both quote."""
    try:
        from adfontes.search import similar
    except ImportError:
        return []
    inside: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(found):
        inside[u.group].append(i)
    quoting = {i for i, u in enumerate(found) if slots.quotes(u.text)}
    out = []
    for pid, mine in inside.items():
        results = similar(store, pid, k)
        if results.mode != "dense":
            return []
        for hit in results.hits:
            theirs = inside.get(hit.passage.id, [])
            for i in mine:
                for j in theirs:
                    if found[j].lang == found[i].lang:
                        continue
                    if (found[i].features & found[j].features) or (i in quoting and j in quoting):
                        out.append((i, j))
    return out


def translated(found: list[Unit], by_id: dict[int, sdb.PassageRow]) -> list[tuple[int, int]]:
    """Sentences of a passage quoted in one language and of its translation that follows
    (a monograph gives the original, then "Translated:" and the same paragraphs in its own
    language, sometimes in a third language before that): a run of passages in another language
    than the source's own, followed after at most CONNECTORS short lines by a run in the
    source's language, or after one to CONNECTORS of them by a run in a third language, are
    paired paragraph by paragraph while their lengths agree, and the sentences
    of paired paragraphs by their place in them. A paragraph cut in two by a page break in one
    of the versions is paired with the two pieces together, when that fits the lengths better."""
    inside: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(found):
        inside[u.group].append(i)
    by_source: dict[str, list[sdb.PassageRow]] = defaultdict(list)
    for p in by_id.values():
        if p.lang and p.id in inside:
            by_source[p.source_id].append(p)
    out = []
    for passages in by_source.values():
        passages.sort(key=lambda p: p.seq)
        runs: list[list[sdb.PassageRow]] = []
        gaps: list[int] = []  # short lines between each run and the one before it
        gap = CONNECTORS + 1
        for p in passages:
            if len(p.text) < CONNECTOR_CHARS:
                if not (runs and gap == 0 and runs[-1][-1].lang == p.lang):
                    gap += 1  # a short line inside a run (a heading of the original) is skipped
                continue
            if runs and gap == 0 and runs[-1][-1].lang == p.lang:
                runs[-1].append(p)
            else:
                runs.append([p])
                gaps.append(gap)
            gap = 0
        own = Counter(p.lang for p in passages).most_common(1)[0][0]
        for k in range(1, len(runs)):
            first, then = runs[k - 1], runs[k]
            # A translation into the book's own language follows its original closely; one
            # into a third language comes after a connector (``In the French edition:``).
            if (
                gaps[k] > CONNECTORS
                or first[0].lang == own
                or (then[0].lang != own and not gaps[k])
            ):
                continue
            for a, b in _paragraphs(first, then):
                out.extend(_aligned(found, [i for p in a for i in inside[p.id]],
                                    [j for p in b for j in inside[p.id]], a, b))  # fmt: skip
    return out


def _paragraphs(first: list, then: list) -> list[tuple[list, list]]:
    """Paragraphs of an original and of its translation matched in order: one to one when
    their lengths agree within SAME_LENGTH; else one to two, where a page break cut one of
    them, when that agrees within SAME_LENGTH; else one to one within LENGTH_RATIO; else the
    matching stops."""
    out = []
    i = j = 0
    while i < len(first) and j < len(then):
        one = (first[i : i + 1], then[j : j + 1])
        two = [(first[i : i + 1], then[j : j + 2])] if j + 1 < len(then) else []
        two += [(first[i : i + 2], then[j : j + 1])] if i + 1 < len(first) else []
        best = min(two, key=_misfit, default=None)
        if _misfit(one) <= math.log(SAME_LENGTH):
            a, b = one
        elif best is not None and _misfit(best) <= math.log(SAME_LENGTH):
            a, b = best
        elif _misfit(one) <= math.log(LENGTH_RATIO):
            a, b = one
        else:
            break
        out.append((a, b))
        i, j = i + len(a), j + len(b)
    return out


def _misfit(pair: tuple[list, list]) -> float:
    """How far apart the lengths of two stretches of paragraphs are (log of their ratio)."""
    return abs(math.log(_length(pair[0]) / _length(pair[1])))


def _length(paragraphs: list) -> int:
    return max(1, sum(len(p.text) for p in paragraphs))


def _aligned(found, mine, theirs, a: list, b: list) -> list[tuple[int, int]]:
    """Sentence pairs of two stretches of paragraphs that stand at the same place in each."""
    out = []
    for i in mine:
        s, e = _place(found[i], a)
        for j in theirs:
            t, f = _place(found[j], b)
            overlap = min(e, f) - max(s, t)
            if overlap > 0.5 * min(e - s, f - t):
                out.append((i, j))
    return out


def _place(unit: Unit, paragraphs: list) -> tuple[float, float]:
    """Where a unit stands in a stretch of paragraphs, as shares of its length (0 to 1)."""
    before = 0
    for p in paragraphs:
        if p.start <= unit.offset < p.end:
            start = before + unit.offset - p.start
            return start / _length(paragraphs), (start + len(unit.text)) / _length(paragraphs)
        before += len(p.text)
    return 0.0, 0.0


def _evidence(unit: Unit) -> set[str]:
    """What a unit says of who, when and how long: its entities, dates (a day's or month's
    year too) and lengths of time."""
    out = {f for f in unit.features if f[:1] in "@%"}
    for f in unit.features:
        if f.startswith("#") and any(c.isdigit() for c in f):
            out.add(f)
    return out


def near_pieces(
    found: list[Unit], vectors: SentenceVectors
) -> Callable[[list[list]], list[tuple[int, int]]]:
    """Pairs of story pieces to join: two pieces whose members share an entity, a date or a
    length of time (one held by at most PIECE_DF pieces), and hold two sentences at least JOIN
    near by their vectors; nearest first."""
    index = {u.id: i for i, u in enumerate(found)}

    def near(pieces: list[list]) -> list[tuple[int, int]]:
        holders: dict[str, set[int]] = defaultdict(set)
        for k, piece in enumerate(pieces):
            for uid in piece:
                for f in _evidence(found[index[uid]]):
                    holders[f].add(k)
        proposed: set[tuple[int, int]] = set()
        for ks in holders.values():
            if 1 < len(ks) <= PIECE_DF:
                ordered = sorted(ks)
                proposed.update(
                    (a, b)
                    for n, a in enumerate(ordered)
                    for b in ordered[n + 1 :]
                    if len(pieces[a]) + len(pieces[b]) <= MAX_STORY
                )
        if not proposed:
            return []
        members = {
            (index[x], index[y])
            for a, b in proposed
            for x in pieces[a]
            for y in pieces[b]
            if _evidence(found[index[x]]) & _evidence(found[index[y]])
        }
        sims = vectors.similarity(sorted(members))
        best: dict[tuple[int, int], float] = {}
        piece_of = {index[uid]: k for k, piece in enumerate(pieces) for uid in piece}
        for (i, j), c in sims.items():
            a, b = sorted((piece_of[i], piece_of[j]))
            best[(a, b)] = max(best.get((a, b), -1.0), c)
        chosen = [(c, ab) for ab, c in best.items() if c >= JOIN]
        return [ab for c, ab in sorted(chosen, key=lambda x: (-x[0], x[1]))]

    return near


def sentence_vectors(store: Store, found: list[Unit]) -> SentenceVectors | None:
    """Sentence vectors from the bundled embedder, or None when there is none
    (``ADFONTES_EMBEDDER=off``, or no model for this platform)."""
    from adfontes.search.embed import default_embedder

    embedder = default_embedder().embedder
    return SentenceVectors(store, found, embedder) if embedder is not None else None


def vectors_wanted(store: Store) -> bool:
    """Whether analysis embeds sentences, by the same setting as passages (``ADFONTES_EMBED``):
    never when off, always when on, and on ``auto`` only when every passage already has a
    vector (a small corpus, or one the user ran ``adfontes embed`` on): embedding is the slow
    part of analysis, and a large corpus is left to the user's choice."""
    from adfontes.search.embed import default_embedder
    from adfontes.search.stage import embed_setting
    from adfontes.store import search as search_db

    setting = embed_setting()
    if setting != "auto":
        return setting == "on"
    embedder = default_embedder().embedder
    return embedder is not None and not search_db.missing_embeddings(store.conn, embedder.name)


def run_corpus(store: Store, *, vectors: bool | None = None) -> int:
    """Pairs and stories over the corpus; with sentence vectors (``vectors``: True, False, or
    None for the setting, ``vectors_wanted``), weak pairs in two languages are checked and story
    pieces joined."""
    found_units, by_id = units(store)
    by_unit = {u.id: u for u in found_units}
    if vectors is None:
        vectors = vectors_wanted(store)
    sv = sentence_vectors(store, found_units) if vectors else None
    found = detect(
        found_units,
        neighbours=neighbours(store, found_units),
        translations=translated(found_units, by_id),
        similar=sv.similarity if sv else None,
    )
    near = near_pieces(found_units, sv) if sv else None
    found_stories = stories(store, found, by_unit, by_id, near)
    with store.transaction() as conn:
        db.clear(conn)
        db.insert_pairs(conn, (_pair_row(p, by_unit) for p in found))
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
