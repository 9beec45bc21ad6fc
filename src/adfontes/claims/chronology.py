"""A year the text gives to a document against the date the text gave that document before.

"This 1929 program of Trotsky's" names, by a demonstrative, a document the text spoke of a
little earlier; when the nearest earlier sentence of the same source that names the same kind
of thing gives it a date of its own (``dated March 23, 1930``: a date next to the event word of
a text's own date), a different year is a chronology slip of the text.
"""

from __future__ import annotations

import re

from adfontes.claims import cues
from adfontes.claims.compare import TEXT_DATE, Comparison, Reason, anchor, gap_days
from adfontes.claims.index import ClaimIndex, Rec, content_words

# How far back the document may have been named, in passages of the source.
WINDOW = 15
# How surely the two sentences name one document (the demonstrative says so; which earlier
# sentence it points to is read from one shared word).
SAME_DOCUMENT = 0.6
WEIGHT = 0.6
_YEAR = re.compile(r"^\d{4}$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def named_years(rec: Rec) -> list[tuple[object, frozenset[str]]]:
    """The bare years of ``rec`` said of a thing named by a demonstrative ("this 1929 program",
    "эта программа 1929 года"), each with the stems of that thing's word."""
    deictic = {w.casefold() for w in cues.words(rec.lang, "deictic")}
    if not deictic:
        return []
    out = []
    words = _words(rec.text)
    for t in rec.times(own_only=True):
        if not _YEAR.match(t.value or ""):
            continue
        at, end = t.start - rec.start, t.end - rec.start
        before = [w for w in words if w[1] <= at][-3:]
        after = [w for w in words if w[0] >= end][:1]
        lead = [i for i, w in enumerate(before) if w[2].casefold() in deictic]
        if not lead:
            continue
        # "this 1929 program": the word after the year; "эта программа 1929 года": the word
        # between the demonstrative and the year.
        between = before[lead[-1] + 1 :]
        noun = between[0][2] if between else (after[0][2] if after else None)
        if noun is None:
            continue
        stems = content_words(noun, rec.lang, [])
        if stems:
            out.append((t, stems))
    return out


# A stem this long that begins another names the same kind of thing ("program", "programmatic").
KIN_STEM = 5


def _names_kind(stems: frozenset[str], words: frozenset[str]) -> bool:
    """Whether ``words`` name the kind of thing ``stems`` do: a shared stem, or one stem of at
    least ``KIN_STEM`` letters that begins the other (a derived word)."""
    if stems & words:
        return True
    return any(
        min(len(a), len(b)) >= KIN_STEM and (a.startswith(b) or b.startswith(a))
        for a in stems
        for b in words
    )


def chronology_conflicts(index: ClaimIndex, only: set[int] | None = None) -> list[tuple]:
    """(confidence before the source relation, "date", rec, other, Comparison) per slip."""
    by_file: dict[str, list[Rec]] = {}
    for rec in index.recs.values():
        by_file.setdefault(rec.file_id, []).append(rec)
    for recs in by_file.values():
        recs.sort(key=lambda r: r.start)
    out = []
    for rec in index.recs.values():
        if only is not None and rec.id not in only:
            continue
        for year, stems in named_years(rec):
            earlier = [r for r in by_file.get(rec.file_id, []) if r.start < rec.start
                       and r.p_seq is not None and rec.p_seq is not None
                       and rec.p_seq - r.p_seq <= WINDOW]  # fmt: skip
            for other in reversed(earlier):
                if not _names_kind(stems, other.words):
                    continue
                dated = [y for y in other.times(own_only=True) if anchor(other, y) == TEXT_DATE]
                if not dated:
                    continue
                y = dated[0]
                if gap_days(year, y) == 0:
                    break  # the year agrees with the date given before
                comp = Comparison(SAME_DOCUMENT, "far")
                comp.reasons.append(
                    Reason("same", "words", "named before: " + ", ".join(sorted(stems)))
                )
                comp.reasons.append(Reason(
                    "conflict", "date",
                    f"date: {year.value} here for what it dated {y.value} before", year, y,
                    WEIGHT, ("a year given to a document named before",),
                ))  # fmt: skip
                out.append((round(SAME_DOCUMENT * WEIGHT, 3), "date", rec, other, comp))
                break
    return out
