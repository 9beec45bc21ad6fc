"""Language of a passage, by script first and then ``lingua`` among the corpus languages.

A passage that mixes Cyrillic and Latin prose (a Russian quotation inside English) keeps both
languages, each with its share of the letters.
"""

from __future__ import annotations

import re
from functools import cache

DEFAULT_LANGUAGES = ("en", "hu", "ru", "fr", "de")
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk"})
MIN_LETTERS = 12  # below this, a guess is noise: the passage takes its source's language
MIN_SHARE = 0.15
SAMPLE_CHARS = 400  # enough letters to tell the languages apart; longer text costs time only  # a script with less than this share of the letters is a quotation or a name

_CYR = re.compile(r"[\u0400-\u04ff]+")
_LAT = re.compile(r"[A-Za-z\u00c0-\u024f]+")


@cache
def _detector(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in languages
    ]
    if len(langs) == 1:
        return None
    return LanguageDetectorBuilder.from_languages(*langs).build()


def _guess(text: str, languages: tuple[str, ...]) -> str | None:
    if len(languages) == 1:
        return languages[0]
    if not languages:
        return None
    found = _detector(languages).detect_language_of(text[:SAMPLE_CHARS])
    return found.iso_code_639_1.name.lower() if found else None


def detect(
    text: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES, default: str | None = None
) -> tuple[str | None, dict[str, float]]:
    """The main language of ``text`` and the share of letters per language."""
    languages = tuple(sorted(set(languages)))
    cyr_text = " ".join(_CYR.findall(text))
    lat_text = " ".join(_LAT.findall(text))
    n_cyr = sum(len(w) for w in cyr_text.split())
    n_lat = sum(len(w) for w in lat_text.split())
    total = n_cyr + n_lat
    if total < MIN_LETTERS:
        return default, ({default: 1.0} if default else {})
    cyr_langs = tuple(code for code in languages if code in CYRILLIC_LANGUAGES)
    lat_langs = tuple(code for code in languages if code not in CYRILLIC_LANGUAGES)
    shares: dict[str, float] = {}
    for part, count, candidates in ((cyr_text, n_cyr, cyr_langs), (lat_text, n_lat, lat_langs)):
        share = count / total
        if share < MIN_SHARE or not candidates:
            continue
        lang = _guess(part, candidates) if count >= MIN_LETTERS else default
        if lang:
            shares[lang] = round(shares.get(lang, 0.0) + share, 3)
    if not shares:
        return default, ({default: 1.0} if default else {})
    main = max(shares, key=shares.get)
    return main, shares
