"""Base forms of name words: case endings stripped by the rules of their language.

Hungarian endings come with vowel harmony (back and front forms), assimilation (the ``v`` of
``-val/-vel`` copies a final consonant: Trockijjal, Kemallal) and lengthening (a stem-final
``a``/``e`` is written ``á``/``é`` before an ending: Alma-Atában, Frunzéből). Russian words in
Cyrillic go to pymorphy3; Russian case forms in Latin transliteration (Tukhachevskogo) have rules
of their own. A "weak" ending is only taken off when the remaining stem is attested as a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache

from adfontes import rules
from adfontes.names import russian
from adfontes.names.keys import CYRILLIC

PACKAGE = "adfontes.names.rules"
BACK = set("aáoóuú")
FRONT = set("eéöőüűií")
NEUTRAL = set("ií")
VOWELS = BACK | FRONT
DIGRAPHS = ("sz", "zs", "cs", "gy", "ny", "ty", "ly", "dz")
LENGTHENED = {"á": "a", "é": "e"}


@dataclass(frozen=True, slots=True)
class Base:
    form: str
    rule: str | None = None
    kind: str | None = None
    gender: str | None = None


@dataclass(frozen=True, slots=True)
class _Ending:
    rule: dict
    form: str
    harmony: str | None  # "back", "front" or None


@cache
def _endings(lang: str) -> tuple[_Ending, ...]:
    """Endings to try for a Latin word of ``lang``: its own, then Russian ones in transliteration."""
    out = []
    for name in dict.fromkeys([lang, "ru"]):
        if name not in rules.names(PACKAGE):
            continue
        for rule in rules.load(PACKAGE, name).get("suffixes") or []:
            if name == "ru" and not rule["id"].startswith("ru.lat_"):
                continue
            for harmony in ("back", "front"):
                out.extend(_Ending(rule, form, harmony) for form in rule.get(harmony) or [])
            out.extend(_Ending(rule, form, None) for form in rule.get("forms") or [])
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def fold_accents(word: str) -> str:
    """Lower case without accents: how an attested form is also looked up (Politburó, Politburo)."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )


def _attested(form: str, known: Collection[str]) -> bool:
    return form in known or form.lower() in known or fold_accents(form) in known


def _harmony(stem: str) -> str | None:
    """Back or front by the last vowel that is not neutral; None for i/í-only stems."""
    for ch in reversed(stem.lower()):
        if ch in NEUTRAL:
            continue
        if ch in BACK:
            return "back"
        if ch in FRONT:
            return "front"
    return None


def _unassimilate(stem: str) -> str | None:
    """``Trockijj`` → ``Trockij``, ``Trilisszerr`` → ``Trilisszer``; None when nothing doubled."""
    low = stem.lower()
    for digraph in DIGRAPHS:
        if low.endswith(digraph[0] + digraph):
            return stem[:-3] + stem[-2:]
    if len(low) >= 2 and low[-1] == low[-2] and low[-1] not in VOWELS and low[-1].isalpha():
        return stem[:-1]
    return None


def _readings(word: str, ending: _Ending) -> list[str]:
    """Stems that ``word`` could be with ``ending`` taken off (none when it does not fit)."""
    low = word.lower()
    rule = ending.rule
    stems = []
    if low.endswith(ending.form):
        stem = word[: len(word) - len(ending.form)]
        if not rule.get("assimilates") or (stem and stem[-1].lower() in VOWELS):
            stems.append(stem)
    if rule.get("assimilates") and low.endswith(ending.form[1:]):
        stem = _unassimilate(word[: len(word) - len(ending.form) + 1])
        if stem:
            stems.append(stem)
    out = []
    for stem in stems:
        if rule.get("lengthens") and stem[-1:].lower() in LENGTHENED:
            stem = stem[:-1] + LENGTHENED[stem[-1].lower()]
        if rule.get("after") and not re.search(f"(?:{rule['after']})$", stem.lower()):
            continue
        out.append(stem + rule.get("to", ""))
    return out


def latin(word: str, lang: str, known: Collection[str] = ()) -> Base:
    """The base form of a Latin-script name word; ``known`` holds attested name forms.

    A second, weak ending under the first is taken off too when what remains is attested
    (``Tanácsának`` → ``Tanácsa`` → ``Tanács``).
    """
    found = _strip(word, lang, known)
    if found.rule is not None and not _attested(found.form, known):
        under = _strip(found.form, lang, known)
        if under.rule is not None and _attested(under.form, known):
            return Base(under.form, found.rule, found.kind or under.kind, found.gender)
    return found


def _strip(word: str, lang: str, known: Collection[str]) -> Base:
    best: tuple[tuple, Base] | None = None
    for ending in _endings(lang):
        for stem in _readings(word, ending):
            letters = re.sub(r"\W", "", stem)
            if len(letters) < 2 or (not stem[:1].isupper() and word[:1].isupper()):
                continue
            rule = ending.rule
            attested = _attested(stem, known)
            if rule.get("weak") and not attested:
                continue
            fits = ending.harmony is None or _harmony(stem) in (None, ending.harmony)
            if not fits and len(ending.form) < 3:
                continue
            rank = (attested, fits, len(ending.form))
            if best is None or rank > best[0]:
                best = (rank, Base(stem, rule["id"], rule.get("kind"), rule.get("gender")))
    return best[1] if best else Base(word)


@cache
def _any_ending(lang: str) -> re.Pattern:
    """One pattern for "ends in some ending of ``lang``" (assimilated forms included)."""
    forms = set()
    for e in _endings(lang):
        forms.add(e.form)
        if e.rule.get("assimilates"):
            forms.add(e.form[1:])
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(f"(?:{alternatives})$")


def word(token: str, lang: str, known: Collection[str] = ()) -> Base:
    """The base form of one name word in any script."""
    if not CYRILLIC.search(token) and not _any_ending(lang).search(token.lower()):
        return Base(token)
    return _word(token, lang, known)


def _word(token: str, lang: str, known: Collection[str]) -> Base:
    if CYRILLIC.search(token):
        found = russian.lemma(token)
        rule = "ru.morph" if found.form.lower() != token.lower() else None
        return Base(found.form, rule, None, found.gender)
    return latin(token, lang, known)


@cache
def _adjective_rules(lang: str) -> tuple[dict, ...]:
    if lang not in rules.names(PACKAGE):
        return ()
    return tuple(rules.load(PACKAGE, lang).get("adjectives") or ())


def _capitalise(stem: str) -> str:
    """``alma-ata`` → ``Alma-Ata``: each part of a hyphenated name with its capital."""
    return "-".join(part[:1].upper() + part[1:] for part in stem.split("-"))


def adjective(token: str, lang: str) -> list[Base]:
    """Place names a lowercase adjective could be made from, longest ending first:
    ``moszkvai`` → Moszkva, ``kurszki`` → Kurszk, ``alma-atai`` → Alma-Ata. Each reading keeps
    the id of the adjective rule; whether it names a place is for the caller to judge."""
    out = []
    low = token.lower()
    forms = [(form, rule) for rule in _adjective_rules(lang) for form in rule["forms"]]
    for form, rule in sorted(forms, key=lambda f: len(f[0]), reverse=True):
        if not low.endswith(form):
            continue
        stem = token[: len(token) - len(form)]
        if rule.get("lengthens") and stem[-1:] in LENGTHENED:
            stem = stem[:-1] + LENGTHENED[stem[-1]]
        if len(re.sub(r"\W", "", stem)) < 3 or stem.endswith("-"):
            continue
        if rule.get("not_after") and re.search(f"(?:{rule['not_after']})$", stem.lower()):
            continue
        out.append(Base(_capitalise(stem), rule["id"], "place"))
    return out


def inflections(stem: str, lang: str, kind: str) -> set[str]:
    """Forms of ``stem`` under the endings of ``lang`` that mark ``kind`` (Kurszkban,
    Moszkvából for a place), by vowel harmony and with a final a/e lengthened."""
    if lang not in rules.names(PACKAGE):
        return set()
    harmony = _harmony(stem)
    out = set()
    for rule in rules.load(PACKAGE, lang).get("suffixes") or []:
        if rule.get("kind") != kind or rule.get("weak"):
            continue
        forms = list(rule.get("forms") or [])
        for side in ("back", "front"):
            if harmony in (None, side):
                forms.extend(rule.get(side) or [])
        body = stem
        if rule.get("lengthens") and stem[-1:] in ("a", "e"):
            body = stem[:-1] + {"a": "á", "e": "é"}[stem[-1]]
        out.update(body + form for form in forms)
    return out
