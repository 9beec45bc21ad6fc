"""Cues read from a sentence's words, from rule data per language (``claims/rules/<lang>.yaml``):
who is reported as saying it, denial, hedges, quantities with units, event words; and the spans
inside quotation marks, in every quote style the corpus languages use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from adfontes import rules
from adfontes.claims.model import Slot
from adfontes.errors import InputError

PACKAGE = "adfontes.claims.rules"
_PIECE = re.compile(r"\{([a-z_]+)\}")
NAME = (
    r"(?-i:[A-ZÁÉÍÓÖŐÚÜŰÀÂÇÈÊËÎÏÔÛÄА-ЯЁ][\w'’.-]*(?:\s[A-ZÁÉÍÓÖŐÚÜŰÀÂÇÈÊËÎÏÔÛÄА-ЯЁ][\w'’.-]*){0,3})"
)
DIGITS = r"\d+(?:[.,]\d+)?"
# Opening and closing marks: „…” „…“ «…» »…« “…” ‘…’ "…" '…'. A straight single quote opens only
# after a space or an opening bracket and closes only before one, so apostrophes stay words.
_QUOTES = re.compile(
    r"„(?P<a>[^”“\"\n]{2,}?)[”“\"]|«(?P<b>[^»\n]{2,}?)»|»(?P<c>[^«\n]{2,}?)«|“(?P<d>[^”\n]{2,}?)”"
    r"|‘(?P<e>[^’\n]{2,}?)’(?!\w)|\"(?P<f>[^\"\n]{2,}?)\"|(?:(?<=^)|(?<=[\s(\[]))'(?P<g>[^'\n]{2,}?)'(?=[\s.,;:!?)\]]|$)"
)


QUOTE_STYLES = {"a": "quote.low_high", "b": "quote.guillemets", "c": "quote.reversed_guillemets",
                "d": "quote.curly", "e": "quote.single_curly", "f": "quote.straight",
                "g": "quote.straight_single"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    kind: str
    pattern: re.Pattern
    unit: str | None
    factor: float
    strip: tuple[str, ...] = ()
    concept: str | None = None  # a `concept` negative: the event kind it rules out (None: any)


@dataclass(frozen=True, slots=True)
class Pack:
    lang: str
    rules: tuple[_Rule, ...]
    negatives: tuple[_Rule, ...]
    numbers: dict
    concepts: tuple[tuple[str, re.Pattern], ...]
    lists: dict
    # How a letter names whom it is to, read by ``claims.addressee``, never by ``find``: the
    # heading's "letter to" (`addressed`) and the body's address line or salutation.
    address: tuple[_Rule, ...] = ()


ADDRESS_KINDS = ("addressed", "salutation")


def languages() -> list[str]:
    return rules.names(PACKAGE)


@cache
def pack(lang: str) -> Pack | None:
    """The compiled cues of ``lang``, or None when there is no rule file for it."""
    if lang not in languages():
        return None
    data = rules.load(PACKAGE, lang)
    lists = data.get("lists") or {}
    numbers = {k.casefold(): v for k, v in (data.get("numbers") or {}).items()}
    words = sorted(numbers, key=len, reverse=True)
    number = "(?:" + "|".join([DIGITS, *(re.escape(w) for w in words)]) + ")"

    def expand(rule: dict, where: str) -> re.Pattern:
        def piece(m: re.Match) -> str:
            name = m.group(1)
            if name == "number":
                return number
            if name == "name":
                return NAME
            if name not in lists:
                raise InputError(
                    f"claims/rules/{lang}.yaml", f"{where} ({rule['id']}): unknown list {{{name}}}"
                )
            forms = sorted(lists[name], key=len, reverse=True)
            return "(?:" + "|".join(re.escape(f) for f in forms) + ")"

        return re.compile(_PIECE.sub(piece, rule["match"]), re.IGNORECASE)

    def build(key: str) -> tuple[_Rule, ...]:
        return tuple(
            _Rule(
                r["id"],
                r["kind"],
                expand(r, f"{key}[{i}]"),
                r.get("unit"),
                r.get("factor", 1.0),
                tuple(r.get("strip") or ()),
                r.get("concept"),
            )
            for i, r in enumerate(data.get(key) or [])
        )

    concepts = tuple(
        (key, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\w*", re.IGNORECASE))
        for key, forms in (data.get("concepts") or {}).items()
    )  # fmt: skip
    built = build("patterns")
    return Pack(lang, tuple(r for r in built if r.kind not in ADDRESS_KINDS), build("negatives"),
                numbers, concepts, lists, tuple(r for r in built if r.kind in ADDRESS_KINDS))  # fmt: skip


def words(lang: str | None, name: str) -> tuple[str, ...]:
    """The word list ``name`` of ``lang``'s rule file (empty when it has none)."""
    p = pack(lang or "")
    return tuple(p.lists.get(name) or ()) if p else ()


def place_rules(lang: str | None) -> frozenset[str]:
    """Ids of the rules of ``lang`` that read where something happened."""
    p = pack(lang or "")
    return frozenset(r.id for r in p.rules if r.kind == "place") if p else frozenset()


def _number(text: str, numbers: dict) -> float | None:
    folded = text.casefold()
    if folded in numbers:
        return float(numbers[folded])
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def find(text: str, lang: str | None) -> list[Slot]:
    """Speaker, negation, hedge and quantity cues and event words in ``text``, in text order."""
    p = pack(lang or "")
    if p is None:
        return []
    blocked: dict[str, list[tuple[int, int]]] = {}
    not_events: list[tuple[str | None, tuple[int, int]]] = []
    for rule in p.negatives:
        for m in rule.pattern.finditer(text):
            if rule.kind == "concept":
                not_events.append((rule.concept, m.span()))
            else:
                blocked.setdefault(rule.kind, []).append(m.span())
    out: list[Slot] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for rule in p.rules:
        for m in rule.pattern.finditer(text):
            if _overlaps(m.span(), blocked.get(rule.kind, [])):
                continue
            if _overlaps(m.span(), taken.get(rule.kind, [])):
                continue
            slot = _slot(rule, m, text, p.numbers, p.lang)
            if slot is None:
                continue
            taken.setdefault(rule.kind, []).append(m.span())
            out.append(slot)
    for key, pattern in p.concepts:
        spans = [span for which, span in not_events if which in (None, key)]
        for m in pattern.finditer(text):
            if not _overlaps(m.span(), spans):
                out.append(Slot("concept", m.start(), m.end(), m.group(), key))
    return sorted(out, key=lambda s: (s.start, s.end))


MIN_STEM = 4  # an ending is stripped from a place name only when this much is left


def place_base(surface: str, lang: str, strip: tuple[str, ...] = ()) -> str:
    """The base form of a place name read by a rule: its case ending off by the names stage's
    rules (``Frunzétől`` → ``Frunze``), else one of ``strip`` (``Szamarai`` → ``Szamara``)."""
    from adfontes.names.base import word

    words = surface.split()
    last = words[-1]
    base = word(last, lang).form
    if base == last:
        for ending in sorted(strip, key=len, reverse=True):
            if last.endswith(ending) and len(last) - len(ending) >= MIN_STEM:
                base = last[: -len(ending)]
                break
    return " ".join([*words[:-1], base])


def _slot(rule: _Rule, m: re.Match, text: str, numbers: dict, lang: str = "") -> Slot | None:
    groups = m.re.groupindex
    if rule.kind == "place":
        s, e = m.span("place") if "place" in groups else m.span()
        return Slot("place", s, e, text[s:e], place_base(text[s:e], lang, rule.strip),
                    rule=rule.id)  # fmt: skip
    if rule.kind == "speaker":
        if "speaker" in groups and m.group("speaker"):
            s, e = m.span("speaker")
            return Slot("speaker", s, e, text[s:e], text[s:e], rule=rule.id)
        return Slot("cue", m.start(), m.end(), m.group(), rule=rule.id)
    if rule.kind == "quantity":
        n = _number(m.group("number"), numbers)
        if n is None:
            return None
        approx = "approx" in groups and m.group("approx") is not None
        value = n * rule.factor
        return Slot("quantity", m.start(), m.end(), m.group(), f"{value:.4f}".rstrip("0").rstrip("."),
                    unit=rule.unit, rule=rule.id, approx=approx)  # fmt: skip
    return Slot(rule.kind, m.start(), m.end(), m.group(), rule=rule.id)


def quotes(text: str) -> list[Slot]:
    """The words inside quotation marks, each as a ``quote`` slot (marks left out)."""
    out = []
    for m in _QUOTES.finditer(text):
        group = next(g for g in "abcdefg" if m.group(g) is not None)
        s, e = m.span(group)
        out.append(Slot("quote", s, e, text[s:e], rule=QUOTE_STYLES[group]))
    return out
