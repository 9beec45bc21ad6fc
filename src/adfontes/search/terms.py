"""Matching forms of words: folded words, language-tagged stems and name keys.

The same functions read passages (at indexing) and queries, so that a query word and a passage
word meet whenever they share a folded form, a stem or a name key. Tokens keep their offsets in
the original text, which is how hits are highlighted without a second tokeniser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

WORD = re.compile(r"[^\W_]+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# ISO 639-1 → Snowball algorithm; a language without one is matched on folded words only.
SNOWBALL = {
    "en": "english", "hu": "hungarian", "ru": "russian", "de": "german", "fr": "french",
    "it": "italian", "es": "spanish", "pt": "portuguese", "nl": "dutch", "pl": "polish",
    "cs": "czech", "sv": "swedish", "da": "danish", "no": "norwegian", "fi": "finnish",
    "ro": "romanian", "tr": "turkish", "sr": "serbian", "el": "greek", "lt": "lithuanian",
}  # fmt: skip
CYRILLIC_STEMMER = "ru"

NameKeys = Callable[[str, str], frozenset[str]]
"""``(word, lang) -> keys``: the hook through which a names engine makes spellings meet."""


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # offsets into the text that was read
    end: int
    surface: str
    folded: str


def fold(word: str) -> str:
    """Case and diacritics folded: ``Trockijjal`` → ``trockijjal``, ``Ё`` → ``е``, ``ő`` → ``o``."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(), fold(m.group())) for m in WORD.finditer(text)]


@cache
def _stemmer(lang: str):
    import snowballstemmer

    return snowballstemmer.stemmer(SNOWBALL[lang])


def stem_lang(word: str, lang: str | None) -> str | None:
    """The stemmer for a word in a passage of ``lang``: Cyrillic words are read as Russian."""
    if CYRILLIC.search(word):
        return CYRILLIC_STEMMER
    if lang in SNOWBALL and not CYRILLIC.search(word):
        return lang
    return None


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """``lang_stem`` of a word (its stem folded after stemming, as Snowball wants accents)."""
    return f"{lang}_{fold(_stemmer(lang).stemWord(word.lower()))}"


@cache
def name_keys_hook() -> NameKeys | None:
    """Name keys from ``adfontes.names`` (base form, then its skeletons), when that stage exists."""
    try:
        from adfontes.names import base, keys
    except ImportError:
        return None

    @lru_cache(maxsize=200_000)
    def name_keys(word: str, lang: str) -> frozenset[str]:
        form = base.word(word, lang).form
        return frozenset(keys.skeletons(form, lang))

    return name_keys


def looks_like_name(word: str) -> bool:
    return word[:1].isupper() and len(word) > 1 and not word.isupper()


@dataclass(frozen=True, slots=True)
class Indexed:
    """One passage as the index stores it."""

    words: str
    stems: str
    names: str
    length: int


def index_forms(text: str, lang: str | None, name_keys: NameKeys | None) -> Indexed:
    toks = tokens(text)
    stems, names = [], []
    for tok in toks:
        which = stem_lang(tok.surface, lang)
        if which is not None:
            stems.append(stem(tok.surface, which))
        if name_keys is not None and looks_like_name(tok.surface):
            key_lang = "ru" if CYRILLIC.search(tok.surface) else (lang or "en")
            names.extend(sorted(name_keys(tok.surface, key_lang)))
    return Indexed(
        words=" ".join(t.folded for t in toks),
        stems=" ".join(stems),
        names=" ".join(names),
        length=len(toks),
    )


def query_stems(word: str, langs: Iterable[str]) -> frozenset[str]:
    """A query word's stems in every corpus language whose script it is written in."""
    out = set()
    for lang in langs:
        which = stem_lang(word, lang)
        if which is not None:
            out.add(stem(word, which))
    return frozenset(out)


def query_name_keys(word: str, langs: Iterable[str], name_keys: NameKeys | None) -> frozenset[str]:
    """A query word's name keys read in each corpus language (users type names in lower case)."""
    if name_keys is None or len(word) < 3:
        return frozenset()
    word = word[:1].upper() + word[1:]
    if CYRILLIC.search(word):
        return name_keys(word, "ru")
    out: set[str] = set()
    for lang in {*langs, "en"}:
        out |= name_keys(word, lang)
    return frozenset(out)
