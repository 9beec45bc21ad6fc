"""What of a claim a piece of evidence holds: the claim read part by part (the stems of its
content words, its names, dates, numbers and quoted words; function words and the verbs that
report a claim left out), and whether a sentence, or several between them, hold each part.
``check`` reports it, and the stance of a sentence depends on it (``views._stance``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from adfontes.claims import cues
from adfontes.claims.compare import Comparison
from adfontes.claims.extract import ENTITY_KINDS
from adfontes.claims.index import Rec
from adfontes.claims.model import Slot

# A claim is held whole when its evidence holds every name, date, number and quotation it gives
# and this share of its content words: a retelling says one word in five otherwise (another
# verb, a pronoun for a noun), and a claim it holds less of says something it does not.
COVERED = 0.8
_NUMBER = re.compile(r"\d+(?:[.,]\d{3})*(?:[.,]\d+)?")


@dataclass(frozen=True, slots=True)
class Part:
    """One thing a claim says: a content word (by its stem), a name, a date, a number or
    quoted words; ``surface`` is how the claim writes it."""

    kind: str  # word | name | date | number | quote
    key: str
    surface: str
    slot: Slot | None = None


@cache
def _skipped(lang: str | None) -> frozenset[str]:
    """Stems of the words that say nothing of what happened: function words and the verbs and
    hedges that report or qualify a claim (``stated``, ``allegedly``)."""
    from adfontes.claims.index import content_words

    listed = [w for name in ("function_words", "report_verbs", "hedges")
              for w in cues.words(lang, name)]  # fmt: skip
    return content_words(" ".join(listed), lang, [])


def _numbers(rec: Rec) -> dict[str, str]:
    """The numbers written in ``rec`` outside its dates, by value (``260,000`` → ``260000``)."""
    got = rec.memo.get("numbers()")
    if got is None:
        dates = [(t.start - rec.start, t.end - rec.start) for t in rec.of("time")]
        got = {}
        for m in _NUMBER.finditer(rec.text):
            if any(a <= m.start() < b for a, b in dates):
                continue
            got.setdefault(_number_key(m.group()), m.group())
        rec.memo["numbers()"] = got
    return got


def _number_key(text: str) -> str:
    digits = re.sub(r"[.,](?=\d{3}(?!\d))", "", text).replace(",", ".")
    try:
        return f"{float(digits):g}"
    except ValueError:
        return digits


def claim_parts(claim: Rec) -> list[Part]:
    """What ``claim`` says, part by part (the stems of its content words outside names, cue and
    function words; its names, own dates, numbers and quoted words)."""
    from adfontes.claims.index import MIN_QUOTE
    from adfontes.search.terms import fold, stem, stem_lang, tokens

    got = claim.memo.get("parts()")
    if got is not None:
        return got
    skip = _skipped(claim.lang)
    names = [(s.start - claim.start, s.end - claim.start) for s in claim.of(*ENTITY_KINDS)]
    parts: dict[tuple[str, str], Part] = {}
    for tok in tokens(claim.text):
        if len(tok.surface) < 4 or tok.surface.isdigit():
            continue
        if any(a <= tok.start < b for a, b in names):
            continue
        which = stem_lang(tok.surface, claim.lang)
        key = stem(tok.surface, which) if which else tok.folded
        if key not in skip:
            parts.setdefault(("word", key), Part("word", key, tok.surface))
    for s in claim.slots:
        if s.via != "sentence":
            continue
        if s.kind in ENTITY_KINDS:
            parts.setdefault(("name", s.value or s.surface), Part("name", s.value or s.surface,
                                                                  s.surface, s))  # fmt: skip
        elif s.kind == "time" and s.earliest and s.latest:
            key = f"{s.earliest}/{s.latest}"
            parts.setdefault(("date", key), Part("date", key, s.surface, s))
        elif s.kind == "quote" and len(s.surface) >= MIN_QUOTE:
            key = " ".join(fold(s.surface).split())
            parts.setdefault(("quote", key), Part("quote", key, s.surface, s))
    for key, surface in _numbers(claim).items():
        parts.setdefault(("number", key), Part("number", key, surface))
    got = claim.memo["parts()"] = list(parts.values())
    return got


def _all_words(rec: Rec) -> frozenset[str]:
    """Stems of all the longer words of ``rec``, names included."""
    from adfontes.claims.index import content_words

    got = rec.memo.get("all_words()")
    if got is None:
        got = rec.memo["all_words()"] = content_words(rec.text, rec.lang, [])
    return got


def holds(rec: Rec, part: Part) -> bool:
    """Whether ``rec`` says ``part`` of a claim: the same word stem, the same name (or its name
    written), a date inside the claim's (as precise or more), the same number, the same quoted
    words."""
    from adfontes.claims.compare import _written_in
    from adfontes.search.terms import fold

    if part.kind == "word":
        return part.key in rec.words or part.key in _all_words(rec)
    if part.kind == "name":
        return part.key in rec.entities or (part.slot is not None and _written_in(part.slot, rec))
    if part.kind == "date":
        lo, hi = part.key.split("/")
        return any(lo <= t.earliest and t.latest <= hi for t in rec.times())
    if part.kind == "number":
        return part.key in _numbers(rec) or any(
            q.value and _number_key(q.value) == part.key for q in rec.of("quantity")
        )
    if part.key in rec.quotes:
        return True
    folded = rec.memo.get("folded text")
    if folded is None:
        folded = rec.memo["folded text"] = " ".join(fold(rec.text).split())
    return part.key in folded


def held_by(claim: Rec, rec: Rec) -> frozenset[Part]:
    """The parts of ``claim`` that ``rec`` holds (kept with the claim: a claim is weighed
    against each candidate sentence several times)."""
    memo = claim.memo.setdefault("held by", {})
    got = memo.get(rec.id)
    if got is None:
        got = memo[rec.id] = frozenset(p for p in claim_parts(claim) if holds(rec, p))
    return got


def coverage(claim: Rec, recs: list[Rec]) -> dict:
    """What of ``claim`` the evidence ``recs`` hold between them: ``held`` and ``missing``
    (as the claim writes them), the share of its content words held, and ``whole`` when every
    name, date, number and quotation is held and at least COVERED of its words."""
    parts = claim_parts(claim)
    held_any = frozenset().union(*(held_by(claim, r) for r in recs))
    held = [p for p in parts if p in held_any]
    missing = [p for p in parts if p not in held_any]
    return {"share": round(_word_share(parts, held_any), 3), "whole": is_whole(parts, held_any),
            "held": [p.surface for p in held], "missing": [p.surface for p in missing]}  # fmt: skip


def _word_share(parts: list[Part], held: frozenset[Part]) -> float:
    words = [p for p in parts if p.kind == "word"]
    return sum(1 for p in words if p in held) / len(words) if words else 1.0


def is_whole(parts: list[Part], held: frozenset[Part]) -> bool:
    """Every name, date, number and quotation held, and at least COVERED of the words."""
    return (
        bool(parts)
        and _word_share(parts, held) >= COVERED
        and all(p.kind == "word" for p in parts if p not in held)
    )


def support(claim: Rec, items: list[tuple[str, Comparison, Rec]]) -> dict:
    """What of ``claim`` the evidence that bears on it (supports it or is related) holds between
    them (``coverage``), and ``level``: ``whole`` when it holds the whole claim, ``part`` when some
    evidence bears on it, else ``none``. A contradiction does not hold a part of the claim."""
    bearing = [rec for stance, _, rec in items if stance in ("supports", "related")]
    got = coverage(claim, bearing)
    got["level"] = "whole" if bearing and got["whole"] else "part" if bearing else "none"
    return got
