"""Stories of a quotation: every sentence that quotes one phrase, in whatever words around it.

Story pieces are grown from reuse pairs and kept small (``MAX_STORY`` units), so that a chain
of weak links does not pull a whole book into one story. A phrase that a book quotes again and
again ("the restoration of capitalism", told in thirty paragraphs) is then cut into many
pieces. Here the quoted words themselves hold such a story together: reuse detection keys two
units that quote the same two longer words (``"capit+resto``), and every unit that shares such
a key with another, in at least KEY_PASSAGES passages, is a telling of that quotation.

* Keys whose units are mostly one quotation's already (the other word pairs of a longer
  phrase) are that quotation.
* A piece more than half of whose units tell a quotation is part of its story (the translation
  quoted beside an original comes with it), but for its units that quote another phrase; from
  the other pieces, the quotations' units are taken out, and what is left stays a story of its
  own when it still holds two units.
* A unit that gives the words of a quotation without quotation marks, at most NEAR_WORDS
  apart, retells it too (`having wanted to restore capitalism`), paired or not.
* A unit that quotes two phrases tells both stories.
* The tellings of one quotation in two languages are one story: a quotation's story is joined
  with another quotation's story, or with a piece that quotes something, when a reuse pair
  links a unit of each that quotes and they hold no language in common, most linked first
  (a phrase quoted in three Hungarian papers, once in a German book and once in a Russian
  diary). Two pieces are never joined this way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable

from adfontes.variants import slots
from adfontes.variants.reuse import QUOTE_STEM, Pair, Unit
from adfontes.variants.tokens import fold, tokenize

# A phrase quoted in at least this many passages is a story of its own.
KEY_PASSAGES = 3
# A key whose units are at least this share in one quotation's story is that quotation.
SAME = 0.5
# The words of a quoted phrase at most this many words apart, unquoted, retell it.
NEAR_WORDS = 3
# A piece with more than this share of its units in one quotation's story is part of it.
MOST = 0.5


def _passages(units: Iterable[Hashable]) -> int:
    return len({u[0] if isinstance(u, tuple) else u for u in units})


def quotation_keys(pairs: Iterable[Pair]) -> dict[str, set]:
    """Units per quoted-words key, from the keys the pairs share."""
    held: dict[str, set] = defaultdict(set)
    for p in pairs:
        for f in p.shared:
            if f.startswith('"'):
                held[f].update((p.a, p.b))
    return held


def quotations(pairs: list[Pair], units: dict[Hashable, Unit]) -> list[tuple[str, set]]:
    """Quotations quoted in at least KEY_PASSAGES passages, most quoted first: the key of the
    most quoted word pair, and the units that quote it. A pair with a word most often written
    with a capital ("comrade Trotsky", "the Moscow Center") names someone or something: a name
    in quotation marks is not a quotation."""
    held = quotation_keys(pairs)
    out: list[tuple[str, set]] = []
    owner: dict[Hashable, list[int]] = defaultdict(list)  # unit -> quotations holding it
    for key in sorted(held, key=lambda k: (-_passages(held[k]), k)):
        members = held[key]
        if _passages(members) < KEY_PASSAGES or _names(key, [units[u].text for u in members]):
            continue
        shared = Counter(i for u in members for i in owner[u])
        same = [i for i, n in sorted(shared.items()) if n >= SAME * len(members)]
        if same:
            i = same[0]
        else:
            i = len(out)
            out.append((key, set()))
        for u in members - out[i][1]:
            owner[u].append(i)
        out[i][1].update(members)
    return out


def _names(key: str, texts: list[str]) -> bool:
    """Whether a word of ``key`` is written with a capital in most of the quotations of
    ``texts`` that hold it."""
    capital: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    stems = key.lstrip('"').split("+")
    for text in texts:
        for s, e in slots.quotes(text):
            for t in tokenize(text[s:e]):
                stem = t.n[:QUOTE_STEM]
                if stem in stems and len(t.n) >= QUOTE_STEM:
                    seen[stem] += 1
                    capital[stem] += text[s + t.start].isupper()
    return any(capital[s] * 2 > seen[s] for s in stems)


def holds(text: str, key: str) -> bool:
    """Whether ``text`` has the words of a quoted-words key (``"capit+resto``)."""
    stems = {t.n[:QUOTE_STEM] for t in tokenize(text) if len(t.n) >= QUOTE_STEM}
    return all(s in stems for s in key.lstrip('"').split("+"))


def mentions(keys: list[str], units: dict[Hashable, Unit]) -> list[set]:
    """Per key, the units that give its words without quotation marks, at most NEAR_WORDS
    apart (`having wanted to restore capitalism`): a phrase a book quotes again and again is
    retold in its own words too."""
    wanted = [key.lstrip('"').split("+") for key in keys]
    out: list[set] = [set() for _ in keys]
    for uid, unit in units.items():
        text = fold(unit.text)
        hits = [i for i, stems in enumerate(wanted) if all(s in text for s in stems)]
        if not hits:
            continue
        words = [t.n[:QUOTE_STEM] for t in tokenize(unit.text)]
        for i in hits:
            at = [[k for k, w in enumerate(words) if w == s] for s in wanted[i]]
            if all(at) and any(abs(a - b) <= NEAR_WORDS for a in at[0] for b in at[1]):
                out[i].add(uid)
    return out


def regroup(
    groups: list[list], pairs: list[Pair], units: dict[Hashable, Unit]
) -> list[tuple[list, tuple[str, ...]]]:
    """``groups`` (disjoint story pieces) with the quotation stories made from ``pairs``: the
    pieces they take in gone, their units taken out of the others. Each with its quotation's
    keys (one per language; none for a piece), largest first."""
    found = quotations(pairs, units)
    if not found:
        return [(g, ()) for g in groups]
    keys = [k for k, _ in found]
    stories = [q for _, q in found]
    quoting = [set(q) for q in stories]
    for story, said in zip(stories, mentions(keys, units), strict=True):
        story |= said
    where: dict[Hashable, list[int]] = defaultdict(list)
    for i, q in enumerate(stories):
        for u in q:
            where[u].append(i)
    kept: list[list] = []
    for g in groups:
        held = Counter(i for u in g for i in where.get(u, ()))
        if held:
            i, n = min(held.items(), key=lambda kv: (-kv[1], kv[0]))
            if n > MOST * len(g):
                stories[i].update(u for u in g if i in where.get(u, (i,)))
                continue
        rest = [u for u in g if u not in where]
        if len(rest) >= 2:
            kept.append(rest)
    # The pieces that quote something, by their quoting units, may be a quotation's telling in
    # another language.
    pieces = [{u for u in g if slots.quotes(units[u].text)} for g in kept]
    members = stories + [set(g) for g in kept]
    out = []
    for joined in _across_languages(quoting + pieces, len(quoting), pairs, units):
        story = set().union(*(members[i] for i in joined))
        said = tuple(keys[i] for i in joined if i < len(keys))
        if said or len(joined) == 1:
            out.append((sorted(story, key=str), said))
    return sorted(out, key=lambda g: (-len(g[0]), str(g[0][0])))


def _language(story: set, units: dict[Hashable, Unit]) -> set[str]:
    return {units[u].lang for u in story if units[u].lang}


def _across_languages(
    quoting: list[set], n: int, pairs: list[Pair], units: dict
) -> list[list[int]]:
    """Quotation stories (the first ``n`` of ``quoting``) joined with their tellings in other
    languages, quotation stories or pieces (see the module text): by the pairs of two units that
    each quote, one of them a quotation story's. The indexes of the stories joined, per story."""
    where: dict[Hashable, list[int]] = defaultdict(list)
    for i, q in enumerate(quoting):
        for u in q:
            where[u].append(i)
    links: Counter[tuple[int, int]] = Counter()
    for p in pairs:
        la, lb = units[p.a].lang, units[p.b].lang
        if not la or not lb or la == lb:
            continue
        for i in where.get(p.a, ()):
            for j in where.get(p.b, ()):
                if i != j and min(i, j) < n:
                    links[(min(i, j), max(i, j))] += 1
    parent = list(range(len(quoting)))
    langs = [_language(q, units) for q in quoting]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), _ in sorted(links.items(), key=lambda kv: (-kv[1], kv[0])):
        ri, rj = root(i), root(j)
        if ri == rj or langs[ri] & langs[rj]:
            continue
        parent[rj] = ri
        langs[ri] |= langs[rj]
    joined: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quoting)):
        joined[root(i)].append(i)
    return list(joined.values())
