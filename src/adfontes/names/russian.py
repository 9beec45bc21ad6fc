"""Russian morphology and named-entity tagging: natasha (models in its wheel) and pymorphy3.

Both load lazily, on first use, from installed packages only; nothing is downloaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

NAME_TAGS = ("Surn", "Name", "Patr", "Geox", "Orgn")
KINDS = {"PER": "person", "LOC": "place", "ORG": "org"}
FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})
# The nominative of a man's surname; pymorphy3 reads an unknown one as a plural given name.
SURNAME_ENDING = re.compile(r"(?:ов|ев|ёв|ин|ын)$")


@dataclass(frozen=True, slots=True)
class Lemma:
    form: str
    gender: str | None  # "m", "f" or None
    name_tag: str | None  # Surn, Name, Patr, Geox, Orgn, or None


@dataclass(frozen=True, slots=True)
class Tagged:
    start: int
    end: int
    kind: str


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def _ner():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _restore_case(lemma: str, surface: str) -> str:
    """Names are written capitalised (БУХАРИН and бухарин alike give Бухарин)."""
    if surface[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in lemma.split("-"))
    return lemma


@lru_cache(maxsize=50_000)
def lemma(word: str) -> Lemma:
    """The dictionary form of a Russian name word, keeping a woman's form feminine."""
    parses = _morph().parse(word.lower())
    named = [p for p in parses if any(t in p.tag for t in NAME_TAGS)]
    # One person is named in the singular: Буланов is not "of the Bulans" (plural of Булан).
    if any(p.tag.number != "plur" for p in named):
        named = [p for p in named if p.tag.number != "plur"]
    elif named and SURNAME_ENDING.search(word.lower()):
        return Lemma(_restore_case(word.lower(), word), "m", "Surn")
    # A surname reading wins over a given name one (Рютина is Рютин's genitive).
    named.sort(key=lambda p: next(i for i, t in enumerate(NAME_TAGS) if t in p.tag))
    best = (named or parses)[0]
    tag = next((t for t in NAME_TAGS if t in best.tag), None)
    gender = {"masc": "m", "femn": "f"}.get(best.tag.gender)
    form = best.normal_form
    if gender == "f" and (tag in ("Surn", "Name", "Patr") or best.tag.POS in ("ADJF", "NOUN")):
        feminine = best.inflect({"nomn", "sing"})
        if feminine is not None:
            form = feminine.word
    if not named and best.tag.POS not in ("NOUN", "ADJF"):
        form = word.lower()
    return Lemma(_restore_case(form, word), gender if tag else None, tag)


# Parts of speech no name is: verbs, participles, adverbs and function words.
NO_NAME_POS = frozenset(
    {"VERB", "INFN", "GRND", "PRTF", "PRTS", "ADVB", "CONJ", "PREP", "PRCL", "INTJ", "NPRO"}
)


def no_name(word: str) -> bool:
    """``word`` is surely no name: the dictionary knows it, and reads it only as a verb, a
    participle, an adverb or a function word (``Читайте``, ``Создающееся``); a word that can be
    a noun or an adjective (``Правда``, ``Красной``) may still name something."""
    low = word.lower()
    if not _morph().word_is_known(low):
        return False
    return all(p.tag.POS in NO_NAME_POS for p in _morph().parse(low))


def cut_short(word: str) -> bool:
    """``word``, written before a full stop, may be cut short (Преобр., Моск.): the dictionary
    does not know it and it ends in a consonant; Германию. or Зиновьеву. ends a sentence."""
    low = word.lower()
    return not _morph().word_is_known(low) and low[-1:] not in "аеёиоуыэюяй"


def agrees(adjective: str, noun: str) -> bool:
    """``noun`` can be a noun in the gender, number and case of ``adjective`` (an ADJF)."""
    morph = _morph()
    forms = [p.tag for p in morph.parse(adjective.lower()) if p.tag.POS == "ADJF"]
    parses = morph.parse(noun)
    if any(p.tag.POS in FUNCTION_WORDS for p in parses):
        return False  # о, в, с: a preposition, not the letter that is also a noun
    nouns = [p.tag for p in parses if p.tag.POS == "NOUN"]
    return any(
        a.case == n.case and a.number == n.number and (a.number == "plur" or a.gender == n.gender)
        for a in forms
        for n in nouns
    )


def tag(text: str) -> list[Tagged]:
    """Names natasha's tagger finds in ``text`` (person, place, org), as character spans."""
    from natasha import Doc

    segmenter, tagger = _ner()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [Tagged(s.start, s.stop, KINDS[s.type]) for s in doc.spans if s.type in KINDS]
