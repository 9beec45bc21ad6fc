"""Gathering mentions into entities: block on name keys, score with rapidfuzz, keep homonyms apart.

Mentions are first grouped only with mentions of the same *signature* (kind, gender, first
initial), so that a man and a woman of one family (Krestinsky, Krestinskaya), a person and a town
(Frunze) or two people with different initials (A. N. and Ia. A. Iakovlev) never meet. Groups
whose signature leaves something open (a bare surname, an unknown kind) then join the largest
matching group that agrees with them on what they do say.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from adfontes.names import keys as namekeys
from adfontes.names.gazetteer import Gazetteer, default_gazetteer, name_key
from adfontes.names.model import Entity, Mention

SAME = 88.0  # rapidfuzz ratio of two skeletons that name one entity on their own
SAME_SOUND = 80.0  # enough when the Daitch–Mokotoff codes agree as well
PREFIX = {"person": "P", "place": "L", "org": "O", "periodical": "O", "unknown": "X"}


@dataclass(frozen=True, slots=True)
class Decision:
    """A user's decision, applied after every clustering: ``merge``, ``split`` or ``rename``.

    ``merge A B``: the entities A and B are one. ``split A V``: the mentions written V leave A
    for an entity of their own. ``rename A LABEL``: A is shown as LABEL. Names are resolved
    through their keys, so a decision survives re-analysis.
    """

    action: str
    args: tuple[str, ...]


@dataclass(slots=True)
class _Group:
    members: list[int]
    kind: str | None
    gender: str | None
    initial: str | None
    keys: set[str] = field(default_factory=set)
    sounds: set[str] = field(default_factory=set)
    hint: str | None = None

    def open_fields(self) -> int:
        return sum(v is None for v in (self.kind, self.gender, self.initial))


def _initial(mention: Mention, surnames: set[str] = frozenset()) -> str | None:
    """First letter of the first given name (not a patronymic, nor a word the corpus mostly uses
    as a surname: ``Sztálin Buharin`` has none), in the folded Latin alphabet."""
    for given in mention.given:
        word = given.rstrip(".")
        if not word or re.search(r"(vich|vics|vna|вич|вна|ич)$", word.lower()):
            continue
        if not given.endswith(".") and namekeys.skeletons(word, mention.lang) & surnames:
            continue
        pivots = namekeys.pivots(word, mention.lang)
        folded = namekeys.fold(pivots[0]) if pivots else word.lower()
        return folded[:1] or None
    return None


def _signature(
    mention: Mention, surnames: set[str], kind: str
) -> tuple[str | None, str | None, str | None]:
    kind = None if kind == "unknown" else kind
    if kind != "person":
        return kind, None, None
    return kind, mention.gender, _initial(mention, surnames)


def _surnames(mentions: Sequence[Mention]) -> set[str]:
    """Keys that name people on their own more often than they stand before another name."""
    alone: Counter = Counter()
    before: Counter = Counter()
    for m in mentions:
        if m.kind in ("person", "unknown"):
            alone.update(m.keys)
            for given in m.given:
                if not given.endswith("."):
                    before.update(namekeys.skeletons(given, m.lang))
    return {k for k, n in alone.items() if n >= 3 and n > before[k]}


def _similar(a: _Group, b: _Group) -> bool:
    if a.keys & b.keys:
        return True
    sound = bool(a.sounds & b.sounds)
    for ka in a.keys:
        for kb in b.keys:
            score = fuzz.ratio(ka, kb)
            if score >= SAME or (sound and score >= SAME_SOUND) or _shortened(ka, kb):
                return True
    return False


DIGRAPHS = ("ts", "sh", "ch", "zh", "kh")


def _initial_of(word: str) -> str:
    """A word's letter in an acronym: Tsentral'nogo gives ts (one Cyrillic letter, Ц)."""
    return word[:2] if word.startswith(DIGRAPHS) else word[:1]


def _shortened(a: str, b: str) -> bool:
    """Names of several words that differ only by words cut short or run into an acronym:
    ``Izv TsK KPSS``, ``Izvestiia TsK KPSS`` and ``Izvestia Tsentral'nogo Komiteta KPSS``
    (each word equal, or one the other's start of three letters or more, or one word the
    initials of two or three words of the other)."""
    wa, wb = a.split(), b.split()
    if max(len(wa), len(wb)) < 2 or wa == wb:
        return False
    return _align(tuple(wa), tuple(wb)) or _align(tuple(wb), tuple(wa))


def _align(wa: tuple[str, ...], wb: tuple[str, ...]) -> bool:
    if not wa or not wb:
        return not wa and not wb
    x, y = wa[0], wb[0]
    if (x == y or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)))) and _align(
        wa[1:], wb[1:]
    ):
        return True
    for n in (2, 3):
        if len(wb) >= n and x == "".join(_initial_of(w) for w in wb[:n]) and _align(wa[1:], wb[n:]):
            return True
    return False


def _compatible(a: _Group, b: _Group) -> bool:
    if a.hint and b.hint and a.hint != b.hint:
        return False
    for x, y in ((a.kind, b.kind), (a.gender, b.gender), (a.initial, b.initial)):
        if x is not None and y is not None and x != y:
            return False
    return True


def _covers(h: _Group, g: _Group) -> bool:
    """``h`` says at least what ``g`` says: a group joins only one as specific as itself, so
    that a bare surname never takes the initial of a stray ``Anwesenheit Trotzkis``."""
    if g.hint and h.hint and g.hint != h.hint:
        return False
    pairs = ((g.kind, h.kind), (g.gender, h.gender), (g.initial, h.initial))
    return all(mine is None or mine == theirs for mine, theirs in pairs)


def _merge(into: _Group, other: _Group) -> None:
    into.members.extend(other.members)
    into.keys |= other.keys
    into.sounds |= other.sounds
    into.kind = into.kind or other.kind
    into.gender = into.gender or other.gender
    into.initial = into.initial or other.initial
    into.hint = into.hint or other.hint


def _blocks(groups: list[_Group]) -> dict[str, list[int]]:
    """Groups that share a key, a sound code, or the first two letters of a key."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        for token in (
            {f"k:{k}" for k in g.keys}
            | {f"s:{s}" for s in g.sounds}
            | {f"p:{k[:2]}" for k in g.keys}
        ):
            index[token].append(i)
    return index


def _kinds_by_document(mentions: Sequence[Mention], documents: Sequence[str] | None) -> list[str]:
    """One sense per document: a name of unknown kind takes the kind that the same document
    gives the same name elsewhere (the town Frunze in a diary, the man in a memoir)."""
    kinds = [m.kind for m in mentions]
    if documents is None:
        return kinds
    seen: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for m, doc in zip(mentions, documents, strict=True):
        if m.kind != "unknown":
            for k in m.keys:
                seen[(doc, k)][m.kind] += 1
    for i, (m, doc) in enumerate(zip(mentions, documents, strict=True)):
        if m.kind == "unknown":
            votes: Counter = Counter()
            for k in m.keys:
                votes.update(seen.get((doc, k), {}))
            if len(votes) == 1:
                kinds[i] = next(iter(votes))
    return kinds


def _phase_one(mentions: Sequence[Mention], kinds: list[str]) -> list[_Group]:
    """Mentions with one signature and similar keys become one group."""
    by_signature: dict[tuple, list[_Group]] = defaultdict(list)
    surnames = _surnames(mentions)
    # Mentions that read alike in every respect start as one group: the work grows with the
    # number of distinct names, not of mentions.
    alike: dict[tuple, _Group] = {}
    for i, m in enumerate(mentions):
        kind, gender, initial = _signature(m, surnames, kinds[i])
        profile = (kind, gender, initial, m.entity_hint, m.keys, m.phonetic)
        if profile in alike:
            alike[profile].members.append(i)
            continue
        group = _Group([i], kind, gender, initial, set(m.keys), set(m.phonetic), m.entity_hint)
        alike[profile] = group
        # A man's name and a name of unknown gender meet here; a woman's only with a woman's.
        by_signature[(kind, "f" if gender == "f" else None, initial, m.entity_hint)].append(group)
    out: list[_Group] = []
    for groups in by_signature.values():
        out.extend(_union(groups))
    return out


def _union(groups: list[_Group]) -> list[_Group]:
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in _blocks(groups).values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = root(members[x]), root(members[y])
                if a != b and _similar(groups[members[x]], groups[members[y]]):
                    parent[b] = a
    merged: dict[int, _Group] = {}
    for i, g in enumerate(groups):
        r = root(i)
        if r in merged:
            _merge(merged[r], g)
        else:
            merged[r] = _Group(list(g.members), g.kind, g.gender, g.initial, set(g.keys),
                               set(g.sounds), g.hint)  # fmt: skip
    return list(merged.values())


def _phase_two(groups: list[_Group]) -> list[_Group]:
    """Groups that leave something open join the largest matching group that agrees with them."""
    blocks = _blocks(groups)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for members in blocks.values():
        if len(members) > 1:
            for i in members:
                neighbours[i].update(members)
    owner = list(range(len(groups)))

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    order = sorted(
        range(len(groups)), key=lambda i: (-groups[i].open_fields(), len(groups[i].members))
    )
    for i in order:
        g = groups[i]
        if g.open_fields() == 0 and g.hint is None:
            continue
        best, best_rank = None, (False, 0)
        for j in {root(n) for n in neighbours[i]} - {i}:
            h = groups[j]
            if h.open_fields() > g.open_fields():
                continue
            if h.open_fields() == g.open_fields() and (len(h.members), -j) <= (len(g.members), -i):
                continue
            agrees = _compatible(g, h) and ((g.hint and g.hint == h.hint) or _similar(g, h))
            rank = (_covers(h, g), len(h.members))
            if agrees and (best is None or rank > best_rank):
                best, best_rank = j, rank
        if best is not None:
            # The group joined keeps its own initial: a stray "Anwesenheit Trotzkis" that joins
            # the bare surname must not give it an initial that parts it from "L. D. Trotsky".
            initial = groups[best].initial
            _merge(groups[best], g)
            groups[best].initial = initial
            owner[i] = best
    return [groups[i] for i in range(len(groups)) if owner[i] == i]


def _given_keys(mentions: Sequence[Mention], members: list[int]) -> set[str]:
    out = set()
    for i in members:
        m = mentions[i]
        words = [g for g in m.given if not g.endswith(".")]
        if m.kind == "person" and words:
            out |= namekeys.skeletons(words[0], m.lang)
    return out


def _phase_three(groups: list[_Group], mentions: Sequence[Mention]) -> list[_Group]:
    """Lone groups that are a shortening (``Preobr.``) or a given name (``Szergej``) of one other."""
    big = [g for g in groups if len(g.members) > 1 or any(mentions[i].given for i in g.members)]
    given_of = {id(g): _given_keys(mentions, g.members) for g in big}
    keep = []
    for g in groups:
        ms = [mentions[i] for i in g.members]
        target = None
        if g.kind in (None, "person", "place", "org") and all(not m.given for m in ms):
            if all(m.dotted for m in ms):
                stems = {k for k in g.keys if len(k) >= 4 and " " not in k}
                hits = [h for h in big if h is not g and _compatible(g, h) and any(
                    k.startswith(s) and k != s for s in stems for k in h.keys)]  # fmt: skip
                target = max(hits, key=lambda h: len(h.members)) if hits else None
            if target is None and g.kind in (None, "person"):
                hits = [h for h in big if h is not g and g.keys & given_of[id(h)]
                        and _compatible(g, h)]  # fmt: skip
                if len({id(h) for h in hits}) == 1:
                    target = hits[0]
        if target is not None:
            _merge(target, g)
        else:
            keep.append(g)
    return keep


def _label(mentions: Sequence[Mention], members: list[int]) -> str:
    """The most used form, preferring Latin script and full names over bare surnames."""
    heads = Counter(mentions[i].head for i in members)
    in_english = Counter(mentions[i].head for i in members if mentions[i].lang == "en")
    latin = [h for h in heads if not namekeys.CYRILLIC.search(h)]
    # The English spelling when the corpus has one (Trotsky, not Trockij), else the commonest.
    head = (
        max(latin, key=lambda h: (in_english[h], heads[h])) if latin else heads.most_common(1)[0][0]
    )
    kind = Counter(mentions[i].kind for i in members).most_common(1)[0][0]
    if kind != "person":
        bases = Counter(mentions[i].base for i in members)
        latin_bases = [b for b, _ in bases.most_common() if not namekeys.CYRILLIC.search(b)]
        return latin_bases[0] if latin_bases else bases.most_common(1)[0][0]
    full: Counter = Counter()
    english: Counter = Counter()
    for i in members:
        m = mentions[i]
        words = [g for g in m.given if not g.endswith(".")]
        if m.head == head and words and ", " not in m.base:
            name = " ".join([*words, m.head])
            full[name] += 1
            english[name] += m.lang == "en"
    # The English form of a full name when there is one (Vladimir Lenin, not Vlagyimir Lenin);
    # when the name is mostly written in English but never in full there, the English surname
    # alone (Lenin, not the Hungarian text's Vlagyimir Lenin).
    if not full or (not any(english.values()) and in_english[head] * 2 > heads[head]):
        return head
    return max(full, key=lambda n: (english[n], full[n]))


def _entity_id(kind: str, label: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "", name_key(label, "en").replace(" ", ""))[:24]
    if not slug:
        slug = hashlib.sha1(label.encode()).hexdigest()[:8]
    base = f"{PREFIX.get(kind, 'X')}-{slug}"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def cluster(
    mentions: Sequence[Mention],
    *,
    decisions: Iterable[Decision] = (),
    gazetteer: Gazetteer | None = None,
    documents: Sequence[str] | None = None,
    notes: dict[int, str] | None = None,
) -> list[Entity]:
    """Entities over ``mentions`` (from any number of texts), largest first.

    ``documents`` names the document of each mention, when known: a name of unknown kind then
    takes the kind its document gives it elsewhere. A decision that could not be applied is
    said in ``notes`` (by its place in ``decisions``, from 1), when given.
    """
    gaz = gazetteer or default_gazetteer()
    kinds = _kinds_by_document(mentions, documents)
    groups = _phase_three(_phase_two(_phase_one(mentions, kinds)), mentions)
    # One entity per gazetteer or authority entry, whatever else kept its groups apart.
    by_hint: dict[str, _Group] = {}
    kept = []
    for g in groups:
        if g.hint and g.hint in by_hint:
            _merge(by_hint[g.hint], g)
            continue
        if g.hint:
            by_hint[g.hint] = g
        kept.append(g)
    taken: set[str] = set(by_hint)
    entities = []
    for g in sorted(kept, key=lambda g: (-len(g.members), min(g.members))):
        kinds = Counter(mentions[i].kind for i in g.members if mentions[i].kind != "unknown")
        # A known kind names the entity when a third of its mentions say so at least.
        best = kinds.most_common(1)[0] if kinds else ("unknown", 0)
        kind = best[0] if best[1] * 3 >= len(g.members) else "unknown"
        entry = gaz.entries.get(g.hint) if g.hint else None
        label = entry.label if entry else _label(mentions, sorted(g.members))
        eid = entry.id if entry else _entity_id(kind, label, taken)
        taken.add(eid)
        entities.append(
            Entity(
                eid,
                label,
                entry.kind if entry else kind,
                sorted(g.members),
                set(g.keys),
                authority=entry.id if entry else None,
            )
        )
    return apply_decisions(entities, mentions, decisions, gazetteer=gaz, notes=notes)


READINGS = ("en", "hu", "ru", "de", "fr")


def name_keys(name: str) -> set[str]:
    """Keys a name typed by a user can have: read as a name in each language, and as written."""
    from adfontes.names.find import find

    wanted: set[str] = set()
    for lang in READINGS:
        for m in find(name, lang):
            wanted |= set(m.keys)
        if name.split():
            wanted |= namekeys.skeletons(name.split()[-1], lang)
        wanted.add(name_key(name, lang))
    return wanted


def entity_for(
    name: str,
    entities: Sequence[Entity],
    mentions: Sequence[Mention],
    *,
    gazetteer: Gazetteer | None = None,
    former: dict[str, set[str]] | None = None,
) -> list[Entity]:
    """Entities that ``name`` means, most mentioned first, by the first of these that finds any:
    the id or current label (any case), or an id or label it had before a merge or rename
    (``former``, by id); a name of its gazetteer or authority entry (label, variant or alias) or
    a form written in one of its mentions (surface or base), so that ``Frunze`` gives the man and
    the town; its name keys (``Trockij`` for Trotsky)."""
    gaz = gazetteer or default_gazetteer()
    folded = name.strip().casefold()
    former = former or {}

    def found(test) -> list[Entity]:
        return sorted((e for e in entities if test(e)), key=lambda e: -len(e.members))

    hits = found(lambda e: e.id.casefold() == folded or e.label.casefold() == folded
                 or folded in former.get(e.id, ()))  # fmt: skip
    if hits:
        return hits
    entries = set()
    for entry in gaz.entries.values():
        names = (entry.label, *entry.variants, *(a.name for a in entry.aliases))
        if any(n.casefold() == folded for n in names):
            entries.add(entry.id)
    hits = found(lambda e: (e.authority is not None and e.authority in entries) or any(
        folded in (mentions[i].surface.casefold(), mentions[i].base.casefold())
        for i in e.members))  # fmt: skip
    if hits:
        return hits
    wanted = name_keys(name)
    return found(lambda e: bool(e.keys & wanted))


def apply_decisions(
    entities: list[Entity],
    mentions: Sequence[Mention],
    decisions: Iterable[Decision],
    *,
    gazetteer: Gazetteer | None = None,
    notes: dict[int, str] | None = None,
) -> list[Entity]:
    """Apply the user's decisions in the order they were taken, each to the entities as the
    decisions before it left them: a name a rename gave, or one it took away, still finds its
    entity. A decision that finds nothing to act on is kept (a later analysis may find its
    names) and said in ``notes``."""
    former: dict[str, set[str]] = defaultdict(set)

    def lookup(name: str) -> list[Entity]:
        return entity_for(name, entities, mentions, gazetteer=gazetteer, former=former)

    def note(n: int, decision: Decision, why: str) -> None:
        if notes is not None:
            notes[n] = (f"decision {n} ({decision.action} {' '.join(decision.args)}) "
                        f"not applied: {why}")  # fmt: skip

    for n, decision in enumerate(decisions, 1):
        if decision.action == "merge" and len(decision.args) >= 2:
            targets = [lookup(name) for name in decision.args]
            missing = [name for name, t in zip(decision.args, targets, strict=True) if not t]
            if missing:
                note(n, decision, f"no entity named {missing[0]!r}")
                continue
            keep = targets[0][0]
            for group in targets[1:]:
                for other in group:
                    if other is keep:
                        continue
                    keep.members = sorted(set(keep.members) | set(other.members))
                    keep.keys |= other.keys
                    gone = {other.id.casefold(), other.label.casefold()}
                    former[keep.id] |= gone | former.pop(other.id, set())
                    entities = [e for e in entities if e is not other]
        elif decision.action == "split" and len(decision.args) == 2:
            found = lookup(decision.args[0])
            if not found:
                note(n, decision, f"no entity named {decision.args[0]!r}")
                continue
            variant = decision.args[1].casefold()
            split = False
            for entity in found:
                moved = [i for i in entity.members if variant in (
                    mentions[i].surface.casefold(), mentions[i].base.casefold())]  # fmt: skip
                if not moved or len(moved) == len(entity.members):
                    continue
                entity.members = [i for i in entity.members if i not in moved]
                taken = {e.id for e in entities}
                label = mentions[moved[0]].base
                new = Entity(_entity_id(entity.kind, label, taken), label, entity.kind, moved,
                             {k for i in moved for k in mentions[i].keys})  # fmt: skip
                entity.keys = {k for i in entity.members for k in mentions[i].keys}
                entities.append(new)
                split = True
            if not split:
                note(n, decision, f"{found[0].label} has no mention written {decision.args[1]!r}"
                     " beside others")  # fmt: skip
        elif decision.action == "rename" and len(decision.args) == 2:
            found = lookup(decision.args[0])
            if not found:
                note(n, decision, f"no entity named {decision.args[0]!r}")
                continue
            entity = found[0]
            former[entity.id].add(entity.label.casefold())
            entity.label = decision.args[1]
        else:
            note(n, decision, "unknown action or wrong number of names")
    return entities
