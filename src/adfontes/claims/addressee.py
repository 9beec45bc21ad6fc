"""A letter addressed two ways: its heading names one addressee, its own address line or
salutation another ("LETTER TO THE POLITBURO" over "To the Presidium of the Central Control
Commission").

The heading is often an editor's, the salutation the writer's; when they name no body in common
the document may be misattributed, or the heading may join two letters. The words that make a
heading a "letter to" and the forms of an address line or salutation are rule data (kinds
``addressed`` and ``salutation`` of ``claims/rules/<lang>.yaml``, group ``to``: the addressee);
the addressees are the names stage's org and person mentions inside those spans. Two sides that
share an entity, or a name key (one body written two ways), agree.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass

from adfontes.claims import cues
from adfontes.claims.model import Slot, TextConflict
from adfontes.store import Store
from adfontes.store import names as ndb
from adfontes.store import sources as sdb

KINDS = cues.ADDRESS_KINDS
# A disagreement of a document with itself about whom it is to: no slip of a date or a number
# in a retelling, but a heading an editor may have written over another letter. It ranks with
# the possible disagreements (a variant title, 0.45; a year, 0.55), below custody and dates.
CONFIDENCE = 0.5
MAX_HEADING = 200  # a longer "heading" is a paragraph set apart, not a document's title
MAX_LINE = 250  # an address line or salutation is short; a longer line is the letter's text
BODY_PASSAGES = 4  # the passages after the heading where the address or salutation stands
SHORT = 300  # a longer passage is the letter's text: only its first line may open it
NAMED = ("org", "person", "periodical")  # a letter to a paper is to its editors
SKIPPED_PASSAGES = ("footnote", "bibliography", "noise", "furniture", "index", "toc")


def read(text: str, lang: str | None, kind: str) -> list[Slot]:
    """The addressees that the ``kind`` rules of ``lang`` read in ``text``, line by line: one
    slot per line at most (the span of the rule's ``to`` group), in text order."""
    p = cues.pack(lang or "")
    if p is None:
        return []
    out = []
    offset = 0
    for line in text.split("\n"):
        if len(line) <= MAX_LINE:
            for rule in p.address:
                if rule.kind != kind:
                    continue
                m = rule.pattern.search(line)
                if m is None or not m.group("to"):
                    continue
                s, e = m.span("to")
                out.append(Slot(kind, offset + s, offset + e, line[s:e], rule=rule.id))
                break
        offset += len(line) + 1
    return out


@dataclass(frozen=True, slots=True)
class Side:
    """One side's addressees: the span that names them, its line and the mentions in it."""

    source_id: str
    file_id: str
    line: tuple[int, int]
    span: tuple[int, int]
    surface: str
    rule: str
    names: tuple  # mention rows (org or person) inside the span

    def entities(self) -> set[str]:
        return {m["entity_id"] for m in self.names if m["entity_id"]}

    def keys(self) -> set[str]:
        from adfontes.search.terms import fold

        out = set()
        for m in self.names:
            out.update(json.loads(m["keys"] or "[]"))
            out.add(" ".join(fold(m["base"]).split()))
        return out

    def labels(self) -> str:
        return ", ".join(dict.fromkeys(m["surface"] for m in self.names))


def _lines(text: str, start: int, end: int, first_only: bool):
    """(start, end) of each line of ``text[start:end]`` (only the first when ``first_only``)."""
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        yield pos, stop
        if first_only:
            return
        pos = stop + 1


def _side(p, text: str, kind: str, mentions: list, kinds: dict, first_only: bool) -> Side | None:
    """The first line of passage ``p`` that the ``kind`` rules read, with the org and person
    mentions inside its addressee span (None when there is no such line)."""
    for a, b in _lines(text, p.start, p.end, first_only):
        found = read(text[a:b], p.lang, kind)
        if not found:
            continue
        slot = found[0]
        s, e = a + slot.start, a + slot.end
        inside = tuple(
            m for m in mentions
            if s <= m["start"] and m["end"] <= e
            and kinds.get(m["entity_id"], m["kind"]) in NAMED
        )  # fmt: skip
        return Side(p.source_id, p.file_id, (a, b), (s, e), slot.surface, slot.rule or "", inside)
    return None


def _agree(x: Side, y: Side) -> bool:
    return bool(x.entities() & y.entities() or x.keys() & y.keys())


def addressee_conflicts(store: Store, source_ids: list[str] | None = None) -> list:
    """Documents whose heading calls them a letter (statement, telegram) to one addressee and
    whose address line or salutation, in the passages right after it, names another, best first."""
    conn = store.conn
    wanted = None if source_ids is None else set(source_ids)
    by_source: dict[str, list] = defaultdict(list)
    for p in sdb.passages(conn, analysable=True):
        if p.kind not in SKIPPED_PASSAGES and (wanted is None or p.source_id in wanted):
            by_source[p.source_id].append(p)
    if not by_source:
        return []
    kinds = {r[0]: r[1] for r in conn.execute("SELECT id, kind FROM entities")}
    locate = sdb.Locators(store)
    out = []
    for passages in by_source.values():
        pairs = []
        for i, p in enumerate(passages):
            if p.kind != "heading" or p.end - p.start > MAX_HEADING:
                continue
            text = locate.text(p.file_id)
            if not read(text[p.start : p.end], p.lang, "addressed"):
                continue
            after = passages[i + 1 : i + 1 + BODY_PASSAGES]
            pairs.append((p, after, text))
        if not pairs:
            continue
        ids = [p.id for p in passages]
        mentions = defaultdict(list)
        for m in ndb.list_mentions(conn, passage_ids=ids):
            mentions[m["passage_id"]].append(m)
        for p, after, text in pairs:
            heading = _side(p, text, "addressed", mentions[p.id], kinds, False)
            if heading is None or not heading.names:
                continue
            letter = None
            for q in after:
                if q.kind == "heading" and read(text[q.start : q.end], q.lang, "addressed"):
                    break  # the next letter's heading
                long = q.end - q.start > SHORT
                letter = _side(q, text, "salutation", mentions[q.id], kinds, long)
                if letter is not None or long:
                    break
            if letter is None or not letter.names or _agree(heading, letter):
                continue
            out.append(_conflict(heading, letter, locate))
    return sorted(out, key=lambda c: (-c.confidence, c.spans[0].path, c.spans[0].start))


def _quote(text: str) -> str:
    return "“" + re.sub(r"\s+", " ", text).strip() + "”"


def _conflict(heading: Side, letter: Side, locate) -> TextConflict:
    detail = f"heading names {_quote(heading.surface)}, the letter itself {_quote(letter.surface)}"
    notes = (
        f"heading ({heading.rule}): {heading.labels()}",
        f"address or salutation ({letter.rule}): {letter.labels()}",
        "no entity and no name key in common",
    )
    lines = tuple(locate(x.source_id, x.file_id, *x.line) for x in (heading, letter))
    spans = tuple(locate(x.source_id, x.file_id, *x.span) for x in (heading, letter))
    return TextConflict("addressee", CONFIDENCE, detail, notes, lines, spans)
