"""Stories of a quotation: every sentence that quotes one phrase, in whatever words around it.

Story pieces are grown from reuse pairs and kept small (``MAX_STORY`` units), so that a chain
of weak links does not pull a whole book into one story. A phrase that a book quotes again and
again ("the restoration of capitalism", told in thirty paragraphs) is then cut into many
pieces. Here the quoted words themselves hold such a story together: reuse detection keys two
units that quote the same two longer words (``"capit+resto``), and every unit that shares such
a key with another, in at least KEY_PASSAGES passages, is a telling of that quotation.

* Keys whose units are mostly one quotation's already (the other word pairs of a longer
  phrase) are that quotation; a key whose units, but for fewer than KEY_PASSAGES passages,
  belong to quotations found already is no quotation of its own (a short stem such as
  ``parti`` stands for several words, and such a key strings parts of other quotations
  together).
* A pair with a word most often written with a capital ("comrade Trotsky", "the Moscow
  Centre") names someone or something: a name in quotation marks is not a quotation. In German,
  where every noun has a capital, capitals say nothing.
* A piece more than half of whose units quote a phrase is part of its story (the translation
  quoted beside an original comes with it), but for its units that quote another phrase; from
  the other pieces, the quoting units are taken out, and what is left stays a story of its own
  when it still holds two units.
* A unit in no story that gives a quotation's words without quotation marks, at most
  NEAR_WORDS apart, retells it too (``having wanted to restore capitalism``), unless the phrase
  is said so in more passages than it is quoted in: then it is a term of the texts, not a
  quotation, and its plain uses are not tellings of it.
* A unit that quotes two phrases tells both stories.
* The tellings of one quotation in two languages are one story: a quotation's story is joined
  with another quotation's story, or with a piece that quotes something (through a pair found
  by its words, entities or vectors, or two paired by their place in the layout only), when the
  pairs link units of each that quote and the two hold no language in common, most linked first (a phrase quoted in three Hungarian
  papers, once in a German book and once in a Russian diary). Two pieces are never joined this
  way.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable

from adfontes.variants import slots
from adfontes.variants.reuse import Pair, Unit, quote_stem
from adfontes.variants.tokens import fold

# A phrase quoted in at least this many passages is a story of its own.
KEY_PASSAGES = 3
# A key whose units are at least this share in one quotation's story is that quotation.
SAME = 0.5
# The words of a quoted phrase at most this many words apart, unquoted, retell it.
NEAR_WORDS = 3
# A piece with more than this share of its units quoting one phrase is part of its story.
MOST = 0.5
# A piece in another language joins a quotation's story through pairs worth at least this
# much: a pair found by its words, entities or vectors counts 1, one paired by its place in the
# layout only (an original and what follows it) half.
PIECE_LINKS = 1
# Languages that write every noun with a capital.
NOUN_CAPITALS = frozenset({"de", "lb"})
_WORD = re.compile(r"\w+")


def _passages(units: Iterable[Hashable]) -> int:
    return len({u[0] if isinstance(u, tuple) else u for u in units})


def stems(key: str) -> list[str]:
    """The word stems of a quoted-words key (``"capit+resto`` → ``capit``, ``resto``)."""
    return key.lstrip('"').split("+")


def _words(text: str) -> list[tuple[str | None, int, int]]:
    """Each word of ``text`` with its quote stem (None for a short word) and its span."""
    return [(quote_stem(fold(m.group())), m.start(), m.end()) for m in _WORD.finditer(text)]


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
    most quoted word pair, and the units that quote it (see the module text)."""
    held = quotation_keys(pairs)
    out: list[tuple[str, set]] = []
    owner: dict[Hashable, list[int]] = defaultdict(list)  # unit -> quotations holding it
    for key in sorted(held, key=lambda k: (-_passages(held[k]), k)):
        members = held[key]
        if _passages(members) < KEY_PASSAGES or _names(key, [units[u] for u in members]):
            continue
        shared = Counter(i for u in members for i in owner[u])
        same = [i for i, n in sorted(shared.items()) if n >= SAME * len(members)]
        if same:
            i = same[0]
        elif _passages(u for u in members if not owner[u]) < KEY_PASSAGES:
            continue
        else:
            i = len(out)
            out.append((key, set()))
        for u in members - out[i][1]:
            owner[u].append(i)
        out[i][1].update(members)
    return out


def _names(key: str, units: list[Unit]) -> bool:
    """Whether a word of ``key`` is written with a capital in most of the quotations of
    ``units`` that hold it (units in NOUN_CAPITALS languages left out)."""
    capital: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    wanted = stems(key)
    for unit in units:
        if unit.lang in NOUN_CAPITALS:
            continue
        for s, e in slots.quotes(unit.text):
            for stem, ws, _ in _words(unit.text[s:e]):
                if stem in wanted:
                    seen[stem] += 1
                    capital[stem] += unit.text[s + ws].isupper()
    return any(capital[s] * 2 > seen[s] for s in wanted)


def key_span(text: str, key: str) -> tuple[int, int] | None:
    """The shortest stretch of ``text`` that holds every word of ``key`` at most NEAR_WORDS
    words apart (``to restore capitalism`` → ``restore capitalism``), or None."""
    wanted = stems(key)
    words = _words(text)
    best = None
    for k, (stem, _, _) in enumerate(words):
        if stem != wanted[0]:
            continue
        lo, hi = k, k
        for other in wanted[1:]:
            near = [j for j in range(k - NEAR_WORDS, k + NEAR_WORDS + 1)
                    if 0 <= j < len(words) and words[j][0] == other]  # fmt: skip
            if not near:
                break
            j = min(near, key=lambda j: abs(j - k))
            lo, hi = min(lo, j), max(hi, j)
        else:
            span = (words[lo][1], words[hi][2])
            if best is None or span[1] - span[0] < best[1] - best[0]:
                best = span
    return best


def holds(text: str, key: str) -> bool:
    """Whether ``text`` has the words of a quoted-words key (``"capit+resto``)."""
    found = {stem for stem, _, _ in _words(text)}
    return all(s in found for s in stems(key))


def mentions(keys: list[str], units: dict[Hashable, Unit]) -> list[set]:
    """Per key, the units that give its words at most NEAR_WORDS apart, quoted or not. Each
    unit's words are read once; a key looks only at the units that hold its first word."""
    wanted = {s for key in keys for s in stems(key)}
    at: dict[str, set] = defaultdict(set)
    for uid, unit in units.items():
        for stem, _, _ in _words(unit.text):
            if stem in wanted:
                at[stem].add(uid)
    out: list[set] = []
    for key in keys:
        first, *rest = stems(key)
        candidates = set(at[first]).intersection(*(at[s] for s in rest))
        out.append({u for u in candidates if key_span(units[u].text, key) is not None})
    return out


def regroup(
    groups: list[list], pairs: list[Pair], units: dict[Hashable, Unit]
) -> list[tuple[list, tuple[str, ...]]]:
    """``groups`` (disjoint story pieces) with the quotation stories made from ``pairs``: the
    pieces they take in gone, their quoting units taken out of the others. Each with its
    quotation's keys (one per language; none for a piece), largest first."""
    found = quotations(pairs, units)
    if not found:
        return [(g, ()) for g in groups]
    keys = [k for k, _ in found]
    quoting = [set(q) for _, q in found]
    stories = [set(q) for q in quoting]
    where = _index(quoting)
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
    placed = {u for g in kept for u in g} | set().union(*stories)
    for i, said in enumerate(mentions(keys, units)):
        plain = said - quoting[i]
        if _passages(plain) <= _passages(quoting[i]):
            stories[i] |= {u for u in plain if u not in placed}
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


def _index(sets: list[set]) -> dict[Hashable, list[int]]:
    """Unit -> the indexes of the sets that hold it."""
    where: dict[Hashable, list[int]] = defaultdict(list)
    for i, q in enumerate(sets):
        for u in q:
            where[u].append(i)
    return where


def _language(story: set, units: dict[Hashable, Unit]) -> set[str]:
    return {units[u].lang for u in story if units[u].lang}


def _across_languages(
    quoting: list[set], n: int, pairs: list[Pair], units: dict
) -> list[list[int]]:
    """Quotation stories (the first ``n`` of ``quoting``) joined with their tellings in other
    languages, quotation stories or pieces (see the module text): by the pairs of two units that
    each quote, one of them a quotation story's. The indexes of the stories joined, per story."""
    where = _index(quoting)
    links: dict[tuple[int, int], float] = defaultdict(float)
    for p in pairs:
        la, lb = units[p.a].lang, units[p.b].lang
        if not la or not lb or la == lb:
            continue
        for i in where.get(p.a, ()):
            for j in where.get(p.b, ()):
                if i != j and min(i, j) < n:
                    # A pair paired by its place in the layout only is a guess: it counts half.
                    links[(min(i, j), max(i, j))] += 0.5 if p.via == ("layout",) else 1
    langs = [_language(q, units) for q in quoting]
    parent = list(range(len(quoting)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), count in sorted(links.items(), key=lambda kv: (-kv[1], kv[0])):
        ri, rj = root(i), root(j)
        if ri == rj or langs[ri] & langs[rj] or (j >= n and count < PIECE_LINKS):
            continue
        parent[rj] = ri
        langs[ri] |= langs[rj]
    joined: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quoting)):
        joined[root(i)].append(i)
    return list(joined.values())
