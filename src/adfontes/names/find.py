"""Finding names in a text: capitalisation and context rules per language, natasha for Russian.

``find(text, lang)`` is pure: it returns mentions with offsets into ``text`` and writes nothing.
The matchers are the engine; which of them a language uses, and its word lists, are data in
``rules/<lang>.yaml``. Cyrillic words are read with the Russian rules whatever ``lang`` is, so
that Russian quotations inside an English or Hungarian text are found too.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from adfontes import rules
from adfontes.errors import UsageError
from adfontes.names import base as bases
from adfontes.names import keys as namekeys
from adfontes.names import russian
from adfontes.names.gazetteer import Gazetteer, default_gazetteer
from adfontes.names.model import Mention

PACKAGE = "adfontes.names.rules"
TOKEN = re.compile(
    r"(?P<acro>(?:[A-ZА-ЯЁ]\.){2,}[A-ZА-ЯЁ]\b\.?)|(?P<word>[^\W\d_]+(?:['’ʹ\-][^\W\d_]+)*)"
)
INITIAL_DIGRAPHS = {"Ia", "Ya", "Yu", "Iu", "Ju", "Ja", "Je", "Ye", "Yo", "Zh", "Ch", "Sh", "Kh",
                    "Ts", "Gy", "Cs", "Sz", "Zs", "Ny", "Ty", "Ю", "Я"}  # fmt: skip
# What follows "Surname, Given" in an index (page numbers) or a bibliography (". Title").
INDEX_TAIL = re.compile(r"[.,;:]*[ \t]*(?:\d|$|\n|\(|\t)|\.+\s+[^\W\d_]|\.*$", re.M)
OPENERS = " \t\"'“”‘’«»„(*[_–—-\u00a0¹²³⁴⁵⁶⁷⁸⁹⁰"
SENTENCE_END = ".!?…"
VOWELS = set("aeiouyáéíóöőúüűаеёиоуыэюяAEIOUYÁÉÍÓÖŐÚÜŰАЕЁИОУЫЭЮЯ")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    dotted: bool  # followed at once by "."
    cyrillic: bool
    acronym: bool = False
    joined: bool = False  # joined to a name in title case before it

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) > 1 and all(c.isupper() for c in letters)

    @property
    def initial(self) -> bool:
        return self.dotted and (
            (len(self.text) == 1 and self.text.isupper()) or self.text in INITIAL_DIGRAPHS
        )


@dataclass(slots=True)
class Run:
    tokens: list[Token]
    sentence_start: bool
    line_start: bool
    title: str | None = None
    titles_after: list[str] = field(default_factory=list)
    after_noun: bool = False  # a common noun before it was peeled off: a genitive name


class Rules:
    """One language's rule file, with the word lists its matchers use as sets."""

    def __init__(self, lang: str, data: dict) -> None:
        self.lang = lang
        self.data = data
        self.titles = self._list_of("title_before")
        self.titles_after = self._list_of("title_after")
        self.particles = self._list_of("name_run")
        self.stopwords = self._negative_words("stopwords")
        self.alone = self._negative_words("alone")
        self.endings = tuple(sorted(self._negative_words("endings"), key=len, reverse=True))

    def words(self, name: str | None) -> frozenset[str]:
        if not name:
            return frozenset()
        return frozenset((self.data.get("words") or {}).get(name) or [])

    def pattern(self, use: str) -> dict | None:
        return next((p for p in self.data.get("patterns") or [] if p["use"] == use), None)

    def negatives(self, use: str) -> list[dict]:
        return [n for n in self.data.get("negatives") or [] if n["use"] == use]

    def _list_of(self, use: str) -> frozenset[str]:
        rule = self.pattern(use)
        return self.words(rule.get("list")) if rule else frozenset()

    def _negative_words(self, use: str) -> frozenset[str]:
        out: set[str] = set()
        for rule in self.negatives(use):
            out |= self.words(rule.get("list"))
        return frozenset(out)


@cache
def languages() -> tuple[str, ...]:
    """Languages that have a rule file (a language is the set of its data files)."""
    return tuple(n for n in rules.names(PACKAGE) if "lang" in rules.load(PACKAGE, n))


@cache
def rules_for(lang: str) -> Rules:
    if lang not in languages():
        known = ", ".join(languages())
        raise UsageError(f"no name rules for language {lang!r} (known: {known})")
    return Rules(lang, rules.load(PACKAGE, lang))


# OCR and careless typing glue a short word to the name after it: "deParis", "laFrance".
GLUED = re.compile(r"([^\W\d_A-ZÀ-ÞА-ЯЁ]{1,3})(?=[A-ZÀ-ÞА-ЯЁ][^\W\d_A-ZÀ-ÞА-ЯЁ]{2})")


def tokens(text: str) -> list[Token]:
    out = []
    for m in TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        acro = m.group("acro") is not None
        glued = None if acro else GLUED.match(word)
        if glued and "-" not in word[: glued.end()] and "'" not in word[: glued.end()]:
            cut = start + glued.end()
            out.append(Token(start, cut, text[start:cut], False, _cyrillic(word)))
            start = cut
            word = text[start:end]
        dotted = not acro and text[end : end + 1] == "."
        out.append(Token(start, end, word, dotted, _cyrillic(word), acronym=acro))
    return out


def _cyrillic(word: str) -> bool:
    return bool(namekeys.CYRILLIC.search(word))


def _context_start(
    text: str, tok: Token, prev: Token | None, lang_rules: Rules
) -> tuple[bool, bool]:
    """(sentence start, line start) for a token: what precedes it once quotes are skipped."""
    i = tok.start - 1
    while i >= 0 and text[i] in OPENERS:
        if text[i] == "\t":
            return True, True
        i -= 1
    if i < 0 or text[i] == "\n":
        return True, True
    if text[i] in SENTENCE_END:
        if (
            prev is not None
            and prev.end == i
            and (
                prev.initial
                or prev.acronym
                or prev.text in lang_rules.titles
                or prev.text + "." in lang_rules.titles
            )
        ):
            return False, False
        return True, False
    return False, False


def _joins(text: str, prev: Token, tok: Token, titles: frozenset[str]) -> bool:
    gap = text[prev.end : tok.start]
    if prev.cyrillic != tok.cyrillic or prev.acronym or tok.acronym:
        return False
    if gap in (" ", "\u00a0"):
        return True
    abbreviation = prev.initial or prev.text + "." in titles
    return abbreviation and gap in (".", ". ", ".\u00a0")


def _starts(text: str, toks: list[Token], lang: str) -> list[tuple[bool, bool]]:
    out = []
    prev = None
    for tok in toks:
        out.append(_context_start(text, tok, prev, rules_for("ru" if tok.cyrillic else lang)))
        prev = tok
    return out


URLISH = re.compile(r"\S*(?:https?://|www\.|@|/|\\)\S*")


def _lowercase(text: str, toks: list[Token]) -> Counter:
    """Words written in lower case, leaving out web addresses and paths (``.../iakovlev.html``)."""
    spans = [m.span() for m in URLISH.finditer(text)]
    starts = [a for a, _ in spans]
    out: Counter = Counter()
    for t in toks:
        if not t.text[:1].islower():
            continue
        i = bisect.bisect_right(starts, t.start) - 1
        if i >= 0 and spans[i][0] <= t.start < spans[i][1]:
            continue
        out[t.text] += 1
    return out


class _Counts:
    """Two counters read as their sum (a whole source's and one passage's), without building it:
    a passage is read many times over against the same whole-source counts."""

    __slots__ = ("a", "b")

    def __init__(self, a: Counter, b: Counter):
        self.a, self.b = a, b

    def __getitem__(self, key: str) -> int:
        return self.a[key] + self.b[key]

    def __contains__(self, key: object) -> bool:
        return key in self.a or key in self.b

    def keys(self) -> set[str]:
        return self.a.keys() | self.b.keys()


@dataclass(frozen=True, slots=True)
class Evidence:
    """How a whole text writes its words: capitalised inside a sentence, or in lower case."""

    capitalised: Counter
    lowercase: Counter

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.capitalised)


def attested(text: str, lang: str) -> Evidence:
    """Evidence from a whole source, for reading its passages one at a time."""
    toks = tokens(text)
    starts = _starts(text, toks, lang)
    return Evidence(
        Counter(
            t.text
            for t, (sentence, _) in zip(toks, starts, strict=True)
            if t.capital and not t.caps and not sentence
        ),
        _lowercase(text, toks),
    )


def _runs(text: str, toks: list[Token], lang: str, starts: list[tuple[bool, bool]]) -> list[Run]:
    runs: list[Run] = []
    current: list[tuple[Token, tuple[bool, bool]]] = []

    def close():
        if current:
            runs.append(Run([t for t, _ in current], *current[0][1]))
            current.clear()

    for tok, start in zip(toks, starts, strict=True):
        r = rules_for("ru" if tok.cyrillic else lang)
        lower_ok = (
            tok.text in r.particles
            or tok.text in r.titles
            or (tok.dotted and tok.text + "." in r.titles)
            or _title_after(tok.text, r)
        )
        nameish = tok.capital or tok.acronym or lower_ok
        particle_after_noun = (
            tok.text in r.particles
            and current
            and not current[-1][0].initial
            and r.data.get("single_word_needs_evidence")
        )
        if not nameish or particle_after_noun:
            close()
        elif (
            current
            and _caps_may_join(current[-1][0], tok)
            and _joins(text, current[-1][0], tok, r.titles)
        ):
            tok.joined = True
            current.append((tok, start))
        else:
            close()
            current.append((tok, start))
    close()
    return runs


def _caps_may_join(prev: Token, tok: Token) -> bool:
    """Words in capitals stand alone (headings, speaker labels), except a short acronym closing
    a name in title case (``Izvestiia TsK KPSS``)."""
    if prev.caps:
        # acronyms in a row close a title-case name: Izvestiia TSK KPSS
        return len(prev.text) <= 5 and tok.caps and len(tok.text) <= 5 and prev.joined
    return not tok.caps or prev.initial or len(tok.text) <= 5


def _title_after(word: str, r: Rules) -> str | None:
    if not word[:1].islower():
        return None
    low = word.lower()
    for title in r.titles_after:
        stem = title[:-1] if title[-1:] in "aeáé" else title
        if low.startswith(stem) and len(low) - len(title) <= 5:
            return title
    return None


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    lang: str
    known: frozenset[str]
    lowercase: Counter | _Counts
    capitalised: Counter | _Counts
    gazetteer: Gazetteer
    tagged: tuple[russian.Tagged, ...]
    tagged_starts: list[int]

    def common(self, word: str) -> bool:
        """The text writes ``word`` in lower case more often than as a name inside a sentence."""
        return self.lowercase[word.lower()] >= max(1, self.capitalised[word])


def find(
    text: str,
    lang: str,
    *,
    known: Evidence | Collection[str] | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Mention]:
    """Names in ``text`` (language ``lang``), in text order, each with the rule that found it.

    ``known`` adds evidence from elsewhere (``attested`` over the whole source, or a set of
    name forms); the text's own words always count. ``gazetteer`` defaults to the built-in one.
    """
    r = rules_for(lang)
    if r.data.get("script") != "latin":
        r = rules_for("en")  # Latin words in a Russian text
    toks = tokens(text)
    gaz = gazetteer or default_gazetteer()
    starts = _starts(text, toks, r.lang)
    capitalised = Counter(
        t.text for t, (s, _) in zip(toks, starts, strict=True) if t.capital and not t.caps and not s
    )
    lowercase = _lowercase(text, toks)
    if isinstance(known, Evidence):
        capitalised = _Counts(known.capitalised, capitalised)
        lowercase = _Counts(known.lowercase, lowercase)
        known = known.capitalised.keys()
    ctx = _Context(
        text=text,
        lang=r.lang,
        known=_with_folded(set(capitalised.keys()) | set(known or ()) | gaz.words),
        lowercase=lowercase,
        capitalised=capitalised,
        gazetteer=gaz,
        tagged=(tagged := tuple(sorted(_tag_cyrillic(text, toks), key=lambda s: s.start))),
        tagged_starts=[s.start for s in tagged],
    )
    runs = _merge_index_entries(text, _runs(text, toks, r.lang, starts))
    runs = [part for run in runs for part in _split_at_endings(run, ctx)]
    runs = _split_adjacent_names(runs, ctx)
    out: list[Mention] = []
    deferred: list[Run] = []
    for run in runs:
        mention = _read(run, ctx, deferred)
        if mention is not None:
            out.append(mention)
    # A sentence's first word is also a name when the text names it so elsewhere.
    seen = {k for m in out for k in m.keys} | {m.base for m in out}
    for run in deferred:
        mention = _read(run, ctx, None, seen)
        if mention is not None:
            out.append(mention)
    out.extend(_place_adjectives(toks, ctx, r, out))
    out = [_relational(m, text) for m in sorted(out, key=lambda m: m.start)]
    return _kinds_from_lists(out, text)


def _place_adjectives(
    toks: list[Token], ctx: _Context, r: Rules, found: list[Mention]
) -> list[Mention]:
    """``a moszkvai börtönben``, ``a jaroszlavli állomásra``: a lowercase adjective made from a
    place name (``adjectives`` in the rule file) names the place when its base is a known place
    (the gazetteer, the user's authority, a place the text names with a capital) or when a place
    noun follows it. Common adjectives (``politikai``, ``napi``) are listed apart, and a base the
    text writes in lower case (``katona`` under ``katonai``) is a common word."""
    rule = r.pattern("place_adjective")
    if rule is None:
        return []
    nouns = r.words(rule.get("list"))
    common: set[str] = set()
    for negative in r.negatives("common_adjective"):
        common |= r.words(negative.get("list"))
    places = {m.base for m in found if m.kind == "place"}
    people = {m.head for m in found if m.kind == "person"}
    out = []
    for i, tok in enumerate(toks):
        if tok.cyrillic or tok.acronym or not tok.text[:1].islower() or tok.text in common:
            continue
        readings = bases.adjective(tok.text, r.lang)
        if not readings:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        before_noun = (
            nxt is not None
            and ctx.text[tok.end : nxt.start] in (" ", "\u00a0")
            and _place_noun(nxt.text, r.lang, nouns)
        )
        for reading in readings:
            name = reading.form
            entry = ctx.gazetteer.lookup(name, r.lang)
            if (entry is not None and entry.kind != "place") or name in people:
                continue
            # a base the text writes in lower case is a common word (köztársaság, katona)
            proper = not ctx.lowercase[name.lower()]
            known = entry is not None or (
                proper
                and (
                    name in places
                    or any(ctx.capitalised[f] for f in bases.inflections(name, r.lang, "place"))
                )
            )
            if not known and not (before_noun and proper):
                continue
            out.append(Mention(
                start=tok.start, end=tok.end, surface=tok.text, base=name, kind="place",
                rule=rule["id"], lang=r.lang, head=name,
                keys=tuple(sorted(_name_keys(name, r.lang))), base_rule=reading.rule,
                entity_hint=entry.id if entry is not None else None,
            ))  # fmt: skip
            break
    return out


def _place_noun(word: str, lang: str, nouns: frozenset[str]) -> bool:
    """``állomásra``, ``pályaudvarán``: a place noun of ``nouns`` under its case endings."""
    low = word.lower()
    return low in nouns or bases.latin(low, lang, nouns).form in nouns


RELATIONAL = re.compile(r"(?<=[иоеё][нв])ск(?:ая|ий|ое|ие|ой|ую|ого|ому|им|ом|их)$")
NEXT_WORD = re.compile(r"[ \u00a0]+([а-яё]+)")


def _relational(m: Mention, text: str) -> Mention:
    """``Рютинская платформа``: an adjective made from a surname, before the noun it agrees
    with, names the man (Рютин)."""
    if m.lang != "ru" or " " in m.base or not RELATIONAL.search(m.base):
        return m
    after = NEXT_WORD.match(text, m.end)
    if after is None or not russian.agrees(m.surface, after.group(1)):
        return m
    head = RELATIONAL.sub("", m.base)
    return replace(
        m, base=head, head=head, kind="person", gender="m", base_rule="ru.relational",
        keys=tuple(sorted(_name_keys(head, "ru"))),
        phonetic=tuple(sorted(namekeys.phonetic(head, "ru"))), entity_hint=None,
    )  # fmt: skip


@cache
def _list_joint(lang: str) -> tuple[str, re.Pattern] | None:
    rule = rules_for(lang).pattern("list")
    if rule is None:
        return None
    words = sorted(rules_for(lang).words(rule["list"]), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return rule["id"], re.compile(rf"\s*[,;]?\s*(?:(?:{alternatives})\s+)?")


def _kinds_from_lists(mentions: list[Mention], text: str) -> list[Mention]:
    """``Dzerzhinsky, Kuibyshev, Frunze and others``: a name of unknown kind in a list takes
    the kind of its neighbours."""
    out = list(mentions)
    for _ in range(2):
        for i, m in enumerate(out):
            # A bare word known only from the gazetteer (Frunze the town) yields too, but only
            # inside a list with commas, and not when a case ending already makes it a place,
            # nor when it is an acronym (an address line: "Москва, ОГПУ, Ягоде").
            # Nor when the words before it give its kind ("the ambassador in Berlin, N. N. …").
            gazetteer_only = (
                bool(m.entity_hint) and " " not in m.base and m.base_rule is None
                and not m.rule.endswith(".acronym")
                and _cue_before(text, m.start, rules_for(m.lang)) != m.kind
            )  # fmt: skip
            joint = _list_joint(m.lang) if m.kind == "unknown" or gazetteer_only else None
            if joint is None:
                continue
            kinds = set()
            for j in (i - 1, i + 1):
                if 0 <= j < len(out) and out[j].kind not in ("unknown", m.kind):
                    a, b = sorted((out[i], out[j]), key=lambda x: x.start)
                    gap = text[a.end : b.start]
                    comma = "," in gap or m.kind == "unknown"
                    if gap.strip() and comma and joint[1].fullmatch(gap):
                        kinds.add(out[j].kind)
            if len(kinds) == 1:
                kind = kinds.pop()
                hint = None if kind == "person" else m.entity_hint
                out[i] = replace(m, kind=kind, rule=joint[0], entity_hint=hint)
    return out


def _with_folded(words: set[str]) -> frozenset[str]:
    return frozenset(words | {bases.fold_accents(w) for w in words})


def _solo(run: Run, ctx: _Context) -> str | None:
    """The base form of a one-word Latin name run inside a sentence, else None."""
    if len(run.tokens) != 1 or run.sentence_start or run.tokens[0].cyrillic:
        return None
    tok = run.tokens[0]
    if not tok.capital or tok.caps or tok.initial:
        return None
    return bases.word(tok.text, ctx.lang, ctx.known).form


def _split_adjacent_names(runs: list[Run], ctx: _Context) -> list[Run]:
    """``Trockij Alma-Atába``: two words the text uses as names on their own, the second with
    a case ending or known as a place or body, are two names; so are a known place and a word
    after it that is no common noun (``Alma-Ata Verno``)."""
    solo = Counter(s for run in runs if (s := _solo(run, ctx)) is not None)
    out: list[Run] = []
    for run in runs:
        toks = run.tokens
        words = [t for t in toks if t.capital and not t.initial and not t.caps]
        if run.titles_after != ["index"] and not toks[0].cyrillic and len(toks) == len(words) == 2:
            first = bases.word(toks[0].text, ctx.lang, ctx.known).form
            reading = bases.word(toks[1].text, ctx.lang, ctx.known)
            second = reading.form
            whole = " ".join(t.text for t in toks)
            alone = rules_for(ctx.lang).alone
            place = ctx.gazetteer.lookup(first, ctx.lang)
            two_names = (
                solo[first] >= 2
                and solo[second] >= 1
                # a given name before a surname is one name: only a case ending splits
                and (reading.kind is not None or ctx.gazetteer.lookup(second, ctx.lang))
            )
            # "Alma-Ata Verno": a known place, then a word that is no common noun
            after_place = (
                place is not None
                and place.kind == "place"
                and not ctx.lowercase[toks[1].text.lower()]  # "Moscow Trials" stays whole
            )
            if (
                (two_names or after_place)
                and not {toks[0].text, toks[1].text} & alone
                and ctx.gazetteer.lookup(whole, ctx.lang) is None
            ):
                out.append(Run([toks[0]], run.sentence_start, run.line_start))
                out.append(Run([toks[1]], False, False))
                continue
        out.append(run)
    return out


def _tag_cyrillic(text: str, toks: list[Token]) -> Iterable[russian.Tagged]:
    """natasha's spans over the lines that hold Cyrillic names (only if ``ru`` uses it).

    Each line gives the stretch from its first to its last Cyrillic letter; the stretches are
    tagged in one document, one per line (one call is several times faster than one a line).
    """
    if not any(t.cyrillic and t.capital for t in toks) or not rules_for("ru").pattern("ner"):
        return
    stretches: list[tuple[int, str]] = []
    done: set[int] = set()
    for tok in toks:
        if not (tok.cyrillic and tok.capital):
            continue
        line_start = text.rfind("\n", 0, tok.start) + 1
        if line_start in done:
            continue
        done.add(line_start)
        line_end = text.find("\n", tok.start)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        letters = [m.start() for m in namekeys.CYRILLIC.finditer(line)]
        begin = line.rfind(" ", 0, max(0, letters[0] - 40)) + 1
        end = line.find(" ", letters[-1] + 40)
        stretches.append((line_start + begin, line[begin : len(line) if end < 0 else end]))
    joined = "\n".join(s for _, s in stretches)
    starts = list(itertools.accumulate((len(s) + 1 for _, s in stretches), initial=0))
    for span in russian.tag(joined):
        k = bisect.bisect_right(starts, span.start) - 1
        if span.end > starts[k] + len(stretches[k][1]):
            continue  # across two stretches
        offset = stretches[k][0] - starts[k]
        yield russian.Tagged(span.start + offset, span.end + offset, span.kind)


def _index_tail(text: str, at: int) -> bool:
    """Page numbers, a title, or (``Krupskaya, Nadezhda K., wife of …..... 56``) a description
    that ends in page numbers."""
    if INDEX_TAIL.match(text, at):
        return True
    end = min(e for e in (text.find("\n", at), text.find("\t", at), len(text)) if e >= 0)
    rest = text[at:end]
    return rest[:1] in (".", ",") and bool(re.search(r"\d\s*$", rest))


def _merge_index_entries(text: str, runs: list[Run]) -> list[Run]:
    """``Surname, Given N.`` at the start of a line or column: one name, surname first."""
    out: list[Run] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        if (
            nxt is not None
            and run.line_start
            and text[run.tokens[-1].end : nxt.tokens[0].start] == ", "
            and _index_tail(text, nxt.tokens[-1].end)
        ):
            merged = Run(run.tokens + nxt.tokens, True, True)
            merged.titles_after = ["index"]
            out.append(merged)
            i += 2
            continue
        out.append(run)
        i += 1
    return out


def _split_at_endings(run: Run, ctx: _Context) -> list[Run]:
    """A Latin word with a case ending closes a name: ``Moszkvából Trockijhoz`` is two."""
    if run.titles_after == ["index"] or run.tokens[0].cyrillic:
        return [run]
    parts: list[Run] = []
    current: list[Token] = []
    for tok in run.tokens:
        reading = bases.word(tok.text, ctx.lang, ctx.known) if tok.capital else None
        if current and reading and (reading.rule or "").startswith("ru.lat"):
            # A Russian genitive follows the noun it belongs to: "Pokazaniia Tukhachevskogo".
            first = not parts
            parts.append(Run(current, run.sentence_start and first, run.line_start and first))
            current = []
        current.append(tok)
        rest = run.tokens[run.tokens.index(tok) + 1 :]
        inner = rest and not all(t.initial for t in rest) and not tok.initial and tok.capital
        if inner and reading is not None and reading.rule is not None:
            first = not parts
            parts.append(Run(current, run.sentence_start and first, run.line_start and first))
            current = []
    if current:
        first = not parts
        parts.append(Run(current, run.sentence_start and first, run.line_start and first))
    return parts


def _noun_ending(word: str, r: Rules) -> bool:
    """The word ends in an ending of common nouns, with a stem of three letters or more before
    it (Anhängern, not Bern)."""
    return _ends_in(word, r.endings)


def _ends_in(word: str, endings: Iterable[str]) -> bool:
    low = word.lower()
    return any(low.endswith(e) and len(low) - len(e) >= 3 for e in endings)


def _title_alone(toks: list[Token], r: Rules) -> bool:
    """Only titles (and the particles or articles between them) are left: no name."""
    words = [t for t in toks if t.text not in r.particles and not t.text[:1].islower()]
    return bool(words) and all(_is_title(t, r) or (t.caps and _is_title_word(t.text, r))
                               for t in words)  # fmt: skip


def _is_title_word(word: str, r: Rules) -> bool:
    title_case = word[:1] + word[1:].lower()
    return title_case in r.titles or title_case + "." in r.titles


def _is_title(tok: Token, r: Rules) -> bool:
    return tok.text in r.titles or (tok.dotted and tok.text + "." in r.titles)


def _peel(run: Run, r: Rules) -> None:
    """Drop function words and stray lower-case words at the edges; keep titles aside."""
    toks = run.tokens
    while (
        toks
        and not _is_title(toks[0], r)
        and (
            # "L. D. Trotski": a letter that is a function word too is an initial before a name
            (toks[0].text in r.stopwords and not (toks[0].initial and len(toks) > 1))
            or (toks[0].text in r.particles and len(toks) == 1)
            or (toks[0].text[:1].islower() and toks[0].text not in r.particles)
        )
    ):
        toks.pop(0)
        run.sentence_start = False
    while toks and _is_title(toks[0], r):
        tok = toks.pop(0)
        run.title = tok.text + ("." if tok.dotted and tok.text + "." in r.titles else "")
    while toks and (
        toks[-1].text in r.stopwords or toks[-1].text in r.particles or toks[-1].text[:1].islower()
    ):
        title = _title_after(toks[-1].text, r)
        if title:
            run.titles_after.append(title)
        toks.pop()


def _known_tail(toks: list[Token], ctx: _Context) -> bool:
    """The run ends in a name of two words or more that the gazetteer knows
    (``… de L'Internationale Communiste``, ``Köztársaság Forradalmi Katonai Tanácsának``)."""
    if toks[0].cyrillic:
        return bool(ctx.gazetteer.lookup(" ".join(t.text for t in toks), "ru"))
    words = [t.text for t in toks[:-1]]
    last = bases.word(toks[-1].text, ctx.lang, ctx.known).form
    # Under a case ending may lie a possessive one (Tanácsának → Tanácsa → Tanács).
    endings = {last, bases.word(last, ctx.lang, ctx.known).form}
    return any(
        ctx.gazetteer.lookup(" ".join([*words[cut:], end]), ctx.lang)
        for cut in range(len(words))
        for end in endings
    )


def _peel_common(run: Run, ctx: _Context) -> None:
    """``Preliminary Commission Coyoacán``: common words at the edges of a longer name go."""
    toks = run.tokens
    if len(toks) < 2 or _known_tail(toks, ctx):
        return
    r = rules_for(ctx.lang)
    alone = r.alone

    def common(tok: Token) -> bool:
        if tok.initial:
            return False
        if tok.cyrillic:
            return ctx.common(tok.text) or russian.lemma(tok.text).name_tag is None
        return ctx.common(tok.text) or tok.text in alone

    # "Anwesenheit Trotzkis", "Festung Metz": a noun by its ending, then a name (a genitive)
    noun_before = next(iter(r.negatives("noun_before")), None)
    if noun_before is not None and not toks[0].cyrillic:
        heads = (r.data.get("kind_cues") or {}).get("heads") or {}
        endings = r.words(noun_before.get("list"))
        while len(toks) > 1 and toks[0].text not in heads and _ends_in(toks[0].text, endings):
            toks.pop(0)
            run.sentence_start = False
            run.after_noun = True
    if all(common(t) for t in toks if not t.initial):
        return
    while len(toks) > 1 and common(toks[0]):
        toks.pop(0)
        run.sentence_start = False
    while len(toks) > 1 and common(toks[-1]):
        toks.pop()


def _peel_sentence_opener(run: Run, ctx: _Context) -> None:
    """``Sometimes Trotsky``: a sentence's first word joins a name only if it is one elsewhere."""
    toks = run.tokens
    if not run.sentence_start or run.title or len(toks) < 2 or toks[0].initial or toks[0].caps:
        return
    first = toks[0]
    if first.cyrillic:
        is_name = russian.lemma(first.text).name_tag is not None
    else:
        is_name = first.text in ctx.known or bool(
            ctx.gazetteer.lookup(" ".join(t.text for t in toks), ctx.lang)
        )
    if not is_name:
        toks.pop(0)
        run.sentence_start = False


def _rule_id_negative(r: Rules, use: str) -> str | None:
    return next((n["id"] for n in r.negatives(use)), None)


def _rule_id(r: Rules, use: str) -> str | None:
    rule = r.pattern(use)
    return rule["id"] if rule else None


def _kind_from_cues(run: Run, ctx: _Context, r: Rules, words: list[str]) -> str | None:
    cues = r.data.get("kind_cues") or {}
    heads = cues.get("heads") or {}
    for word in reversed(words):
        # "Kurdai-Pass", "Kasaner Bahnhof": the head may close a compound with a hyphen
        kind = heads.get(word) or heads.get(word.rsplit("-", 1)[-1])
        if kind:
            return kind
    if kind := _cue_before(ctx.text, run.tokens[0].start, r):
        return kind
    after = ctx.text[run.tokens[-1].end : run.tokens[-1].end + 30].split()
    if after:
        word = after[0].strip(".,;:)")
        table = cues.get("after") or {}
        kind = table.get(word) or table.get(word.lower())
        if kind is None and r.data.get("suffixes") and word[:1].islower():
            # "a Kurszk régióban", "Jaroszlavszkij pályaudvarra": the cue under a case ending
            kind = table.get(bases.latin(word, r.lang, table.keys()).form)
        if kind:
            return kind
    return None


def _cue_before(text: str, start: int, r: Rules) -> str | None:
    """The kind the one or two words before ``start`` give a name (``ambassador in``: place)."""
    cues = (r.data.get("kind_cues") or {}).get("before") or {}
    before = text[max(0, start - 30) : start].lower().split()
    for size in (2, 1):
        if len(before) >= size and (kind := cues.get(" ".join(before[-size:]))):
            return kind
    return None


def _surname_shape(word: str, r: Rules) -> str | None:
    """The gender a surname ending gives ("m", "f", "-"), or None for no Slavic ending."""
    low = word.lower()
    for entry in sorted(r.data.get("surname_endings") or [], key=lambda e: -len(e["ending"])):
        if low.endswith(entry["ending"]) and len(low) > len(entry["ending"]) + 2:
            return entry["gender"]
    return None


def _patronymic(word: str, r: Rules) -> bool:
    low = word.lower()
    return any(
        low.endswith(e) and len(low) > len(e) + 2 for e in r.data.get("patronymic_endings") or []
    )


def _read(
    run: Run, ctx: _Context, deferred: list[Run] | None, seen: Collection[str] = ()
) -> Mention | None:
    cyr = run.tokens[0].cyrillic
    lang = "ru" if cyr else ctx.lang
    r = rules_for(lang)
    index_entry = run.titles_after == ["index"]
    if index_entry:
        run.titles_after = []
    if deferred is not None:
        _peel(run, r)
        _peel_vessel(run, r)
        if not index_entry:
            _peel_common(run, ctx)
            _peel_sentence_opener(run, ctx)
    toks = run.tokens
    if not toks or all(t.initial for t in toks):
        return None
    if r.negatives("title_alone") and _title_alone(toks, r):
        return None  # "Monsieur le Président", "der Herr Staatssekretär": nobody named
    start, end = toks[0].start, toks[-1].end
    if toks[-1].initial:
        end += 1
    surface = ctx.text[start:end]
    tagged = _tagged_at(ctx.tagged, ctx.tagged_starts, start, end)
    single = len(toks) == 1
    tok = toks[0]
    if tagged is not None and single and tok.cyrillic and russian.no_name(tok.text):
        tagged = None  # the tagger's span over a verb or a participle (Читайте, Создающееся)
    rule: str | None = None
    kind: str | None = None

    # Which rule found it, and the first word on its kind.
    if index_entry:
        rule, kind = _rule_id(r, "index_entry"), "person"
    elif run.title:
        rule, kind = _rule_id(r, "title_before"), "person"
    elif run.titles_after:
        rule, kind = _rule_id(r, "title_after"), "person"
    elif any(t.initial for t in toks):
        rule, kind = _rule_id(r, "initials"), "person"
    elif len(toks) > 1 and any(_patronymic(t.text, r) for t in toks[1:]):
        rule, kind = _rule_id(r, "patronymic"), "person"
    elif single and (tok.acronym or tok.caps):
        rule, kind = _caps_rule(tok, ctx, r)
        if rule is None:
            return None
    elif tagged is not None:
        rule, kind = _rule_id(r, "ner"), tagged.kind
        if single and tok.cyrillic and russian.lemma(tok.text).name_tag in ("Surn", "Name", "Patr"):
            kind = "person"  # the tagger takes a surname in capitals for an organisation
    if rule is None:
        if single and tok.text in r.alone:
            return None
        if single and ctx.common(tok.text) and r.negatives("lowercase_elsewhere"):
            return None
        if single and _noun_ending(tok.text, r) and not ctx.gazetteer.lookup(tok.text, lang):
            return None
        if run.sentence_start and single and not _attested_name(tok, ctx, r):
            if deferred is not None:
                deferred.append(run)
                return None
            if not (_name_keys(bases.word(tok.text, lang, ctx.known).form, lang) & set(seen)):
                return None
        if run.sentence_start and single:
            rule = _rule_id(r, "sentence_start")
        else:
            rule = _rule_id(r, "name_run")
        if single and run.after_noun:
            rule = _rule_id_negative(r, "noun_before") or rule
        elif (
            single
            and r.data.get("single_word_needs_evidence")
            and not ctx.gazetteer.lookup(tok.text, lang)
            and _kind_from_cues(run, ctx, r, [tok.text]) is None
            and not _bare_noun_phrase(tok, ctx, r)
        ):
            # German writes every noun with a capital: a lone word needs a name elsewhere.
            if deferred is not None:
                deferred.append(run)
                return None
            if not (_name_keys(bases.word(tok.text, lang, ctx.known).form, lang) & set(seen)):
                return None
    if rule is None:
        return None
    if (vessel := _vessel(run, ctx, r)) is not None:
        rule, kind = vessel, "unknown"
    return _mention(run, ctx, r, rule, kind, start, end, surface, index_entry)


QUOTE_OPENERS = "«„“\"'‘‚"


def _vessel(run: Run, ctx: _Context, r: Rules) -> str | None:
    """``the steamer ILYICH``, ``к пароходу «Ильич»``: the name of a ship (the word for a ship
    just before it, an opening quote between) names no person; the rule's id, else None."""
    rule = r.pattern("vessel")
    if rule is None or run.title or any(t.initial for t in run.tokens):
        return None
    before = ctx.text[max(0, run.tokens[0].start - 30) : run.tokens[0].start].rstrip()
    before = before.rstrip(QUOTE_OPENERS).split()
    return rule["id"] if before and before[-1].casefold() in _vessel_words(r) else None


def _peel_vessel(run: Run, r: Rules) -> None:
    """``Dampfer Kaiser Wilhelm``: German writes the word for a ship with a capital too; it
    opens the run and is not part of the name."""
    if len(run.tokens) > 1 and run.tokens[0].text.casefold() in _vessel_words(r):
        run.tokens = run.tokens[1:]


def _vessel_words(r: Rules) -> frozenset[str]:
    rule = r.pattern("vessel")
    return frozenset(w.casefold() for w in r.words(rule.get("list"))) if rule else frozenset()


def _tagged_at(
    tagged: tuple[russian.Tagged, ...], starts: list[int], start: int, end: int
) -> russian.Tagged | None:
    """The tagger's span that overlaps ``[start, end)``, if any (spans are in text order)."""
    i = bisect.bisect_right(starts, end - 1)
    for t in tagged[max(0, i - 3) : i]:
        if t.start < end and start < t.end:
            return t
    return None


def _bare_noun_phrase(tok: Token, ctx: _Context, r: Rules) -> bool:
    """A German name stands without an article: ``mit Trotzki``, ``nach Berlin``, but ``die
    Rede``, ``der großen Rede``. True when the word before is neither a determiner nor an
    inflected adjective (and the word is not at a sentence start)."""
    rule = next((n for n in r.negatives("after_determiner")), None)
    if rule is None:
        return False
    before = ctx.text[max(0, tok.start - 40) : tok.start]
    m = re.search(r"([^\W\d_]+)[ \u00a0]+$", before)
    if m is None:
        return False
    word = m.group(1)
    if word[:1].isupper() or word.lower() in r.words(rule.get("list")):
        return False
    return not re.search(r"(?:e|en|er|es|em)$", word)


def _caps_rule(tok: Token, ctx: _Context, r: Rules) -> tuple[str | None, str | None]:
    """An all-capital word: an acronym (OGPU), or a name set in capitals (RADEK)."""
    letters = re.sub(r"[^\w]", "", tok.text)
    title_case = tok.text[:1] + tok.text[1:].lower()
    if title_case in r.stopwords or title_case in r.alone:
        return None, None
    if r.negatives("title_alone") and _is_title_word(tok.text, r):
        return None, None  # GENERAL, PRÉSIDENT
    head_kind = ((r.data.get("kind_cues") or {}).get("heads") or {}).get(title_case)
    if head_kind is not None and not ctx.gazetteer.lookup(tok.text, r.lang):
        return _rule_id(r, "all_caps"), head_kind  # CONSULATE: a word of an institution
    if ctx.gazetteer.lookup(tok.text, r.lang):
        return _rule_id(r, "acronym"), None
    base = bases.word(title_case, r.lang, ctx.known).form
    if base != title_case and ctx.gazetteer.lookup(base, r.lang):
        return _rule_id(r, "all_caps"), None  # POLITBURÓJÁNAK
    if title_case in ctx.known or _surname_shape(title_case, r) not in (None, "-"):
        return _rule_id(r, "all_caps"), "person"
    if tok.cyrillic and russian.lemma(tok.text).name_tag in ("Surn", "Name", "Patr"):
        return _rule_id(r, "all_caps"), "person"  # ТРОЦКОГО
    if tok.text.lower() in ctx.lowercase:
        return None, None  # a word of a heading in capitals (LEVÉL)
    if tok.acronym or len(letters) <= 5 or sum(c in VOWELS for c in letters) <= 1:
        return _rule_id(r, "acronym"), "org"
    return None, None


def _attested_name(tok: Token, ctx: _Context, r: Rules) -> bool:
    """A sentence's first word is a name when the text also writes it as one elsewhere."""
    if tok.text in r.stopwords or tok.text in r.alone:
        return False
    if ctx.common(tok.text):
        return False
    if ctx.gazetteer.lookup(tok.text, r.lang):
        return True
    if tok.cyrillic:
        return russian.lemma(tok.text).name_tag is not None
    stem = bases.word(tok.text, r.lang, ctx.known).form
    if tok.text in ctx.known or stem in ctx.known:
        return True
    return _surname_shape(stem, r) not in (None, "-")


def _mention(run: Run, ctx: _Context, r: Rules, rule: str, kind: str | None, start: int,
             end: int, surface: str, index_entry: bool) -> Mention:  # fmt: skip
    toks = run.tokens
    lang = r.lang
    words = [t for t in toks if not t.initial and t.text not in r.particles]
    base_rule = None
    hint_kind = None
    gender = None
    based: dict[int, str] = {}
    acronym = rule.endswith(".acronym") and len(words) == 1
    for t in words:
        # A word cut short (Преобр.) or an acronym (НКИД, У.С.С.Р.) has no ending to take off.
        cut = t.acronym or acronym
        cut = cut or (t.dotted and t.cyrillic and t is words[-1] and russian.cut_short(t.text))
        found = bases.Base(t.text) if cut else bases.word(t.text, lang, ctx.known)
        based[id(t)] = found.form
        if found.rule and (t is words[-1] or t.cyrillic):
            base_rule = base_rule or found.rule
            hint_kind = hint_kind or found.kind
            gender = gender or found.gender
        if t.caps and not t.acronym:
            based[id(t)] = found.form[:1] + found.form[1:].lower()
    # The surname: first word of an index entry or of "Surname Given Patronymic" / "Surname N. I.";
    # otherwise the last word.
    head_tok = words[-1] if words else toks[-1]
    surname_first = (
        index_entry
        or (len(words) >= 2 and _patronymic(words[-1].text, r))
        or (toks[-1].initial and words)
    )
    if surname_first:
        head_tok = words[0]
    head = based.get(id(head_tok), head_tok.text)
    given = tuple(
        (based.get(id(t), t.text) if not t.initial else t.text + ".")
        for t in toks if t is not head_tok and t.text not in r.particles
    )  # fmt: skip
    base_words = [based.get(id(t), t.text + ("." if t.initial else "")) for t in toks]
    base = " ".join(base_words)
    if index_entry:
        base = head + ", " + " ".join(given)
    entry = ctx.gazetteer.lookup(base, lang) or (
        ctx.gazetteer.lookup(head, lang) if len(words) == 1 else None
    )
    if entry is None and kind != "person" and len(base_words) > 2:
        # "Szovjetunió Központi Végrehajtó Bizottsága": a known body named at the end, perhaps
        # under a possessive ending as well (Tanácsának → Tanácsa → Tanács).
        last = base_words[-1]
        endings = dict.fromkeys([last, bases.word(last, lang, ctx.known).form])
        tails = (" ".join([*base_words[cut:-1], end]) for cut in range(1, len(base_words) - 1)
                 for end in endings)  # fmt: skip
        for tail in tails:
            entry = ctx.gazetteer.lookup(tail, lang)
            if entry is not None and entry.kind == "org":
                break
            entry = None
    person_evidence = kind == "person" and rule != _rule_id(r, "ner")
    if not person_evidence:
        if entry is not None:
            kind = entry.kind
        else:
            kind = (
                _kind_from_cues(run, ctx, r, [based.get(id(t), t.text) for t in words])
                or hint_kind
                or kind
            )
    shape = _surname_shape(head, r)
    if kind is None and shape is not None:
        kind = "person"
    if kind == "person":
        gender = gender or (shape if shape in ("m", "f") else None)
        if head_tok.cyrillic:
            gender = russian.lemma(head_tok.text).gender or gender
    else:
        gender = None
    if kind == "place" and len(words) == 1 and (area := _area_adjective(run, ctx, r)):
        base = head = area.form
        base_rule = area.rule
    # A name that ends in an acronym (Izv TsK KPSS) is no person's, whatever else it is.
    is_person = kind in ("person", None) and not (head_tok.caps and len(words) > 1)
    key_source = head if is_person else base
    keys = sorted(_name_keys(key_source, lang))
    phon = sorted(namekeys.phonetic(head, lang)) if is_person else []
    return Mention(
        start=start, end=end, surface=surface, base=base, kind=kind or "unknown", rule=rule,
        lang=lang, head=head, given=given if is_person else (), gender=gender,
        keys=tuple(keys), phonetic=tuple(phon), base_rule=base_rule, title=run.title or
        (run.titles_after[0] if run.titles_after else None),
        entity_hint=entry.id if entry is not None and (kind != "person" or entry.kind == kind) else None,
        dotted=toks[-1].dotted and not toks[-1].initial,
    )  # fmt: skip


def _area_adjective(run: Run, ctx: _Context, r: Rules) -> bases.Base | None:
    """``a Szamarai régióban``, ``a Voronyezsi megyében``: a capitalised adjective before the
    word for a region (``area_nouns``) names the place it is made from (Szamara, Voronyezs);
    before a station or a street the name is the thing's own (``Jaroszlavszkij pályaudvar``)."""
    nouns = r.words("area_nouns")
    after = ctx.text[run.tokens[-1].end : run.tokens[-1].end + 30].split()
    if not nouns or not after:
        return None
    word = after[0].strip(".,;:)").lower()
    if word not in nouns and bases.latin(word, r.lang, nouns).form not in nouns:
        return None
    readings = bases.adjective(run.tokens[-1].text, r.lang)
    return readings[0] if readings else None


def _name_keys(name: str, lang: str) -> set[str]:
    """Skeletons of a whole name: each reading of each word, joined word by word."""
    words = [w for w in re.split(r"[\s,]+", name) if w and not w.endswith(".")]
    if not words:
        words = [name]
    per_word = [sorted(namekeys.skeletons(w, lang)) or [w.lower()] for w in words]
    out = set()
    for i in range(max(len(p) for p in per_word)):
        out.add(" ".join(p[min(i, len(p) - 1)] for p in per_word))
    return out
