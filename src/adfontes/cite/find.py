"""Find citations in a string: every family's patterns, then overlaps settled, longest first."""

from __future__ import annotations

import re

from adfontes.cite.model import Citation
from adfontes.cite.patterns import all_patterns

# URLs are a layer of their own: a URL inside a full reference is kept beside it.
LAYERED = frozenset({"url"})
# Where spans overlap, references, shelf marks and newspapers are settled first, longest first:
# "(Trotsky Arch. 4782)" is a shelf mark in parentheses, not an alias with a page.
RANK = {"full_cite": 0, "archive": 0, "newspaper": 0}


def find(
    text: str, lang: str | None = None, families: tuple[str, ...] | None = None
) -> list[Citation]:
    """Citations in ``text``, in order; offsets are half-open indices into ``text``.

    ``families`` restricts the search to some rule files (``("shelfmarks",)``).
    """
    patterns, negatives = all_patterns(lang, families)
    blocked: list[tuple[int, int]] | None = None  # negatives run only once something matched
    candidates: list[tuple] = []
    for order, pattern in enumerate(patterns):
        if not pattern.may_match(text):
            continue
        for m in pattern.regex.finditer(text):
            start, end = _trim(text, *m.span())
            if blocked is None:
                blocked = [n.span() for neg in negatives for n in neg.finditer(text)]
            if end <= start or any(a <= start and end <= b for a, b in blocked):
                continue
            if pattern.not_after_expansion and _expands(text, start, m.groupdict().get("alias")):
                continue
            # Alternatives of one pattern name a repeated slot "title2": it fills "title".
            fields = {
                k.rstrip("0123456789"): v.strip()
                for k, v in m.groupdict().items()
                if v and v.strip()
            }
            candidates.append(
                (
                    start,
                    end,
                    order,
                    Citation(start, end, text[start:end], pattern.kind, fields, pattern.id),
                )
            )
    return _settle(candidates)


def _expands(text: str, start: int, alias: str | None) -> bool:
    """Whether ``alias`` spells the initials of the words just before ``start`` (in order)."""
    letters = [ch for ch in alias or "" if ch.isupper()]
    if len(letters) < 2:
        return False
    words = re.findall(r"[^\W\d_]+", text[max(0, start - 120) : start])[-12:]
    initials = [w[0].upper() for w in words]
    for i in range(len(initials)):
        it = iter(initials[i:])
        if letters and initials[i] == letters[0] and all(ch in it for ch in letters):
            return True
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces around a match and a trailing comma or colon that only ends the sentence."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _settle(candidates: list[tuple]) -> list[Citation]:
    """Among overlapping matches the first by rank, then length, then pattern order wins."""
    kept: dict[str, list[Citation]] = {"layer": [], "main": []}
    for start, end, _order, cite in sorted(
        candidates, key=lambda c: (RANK.get(c[3].kind, 1), c[0] - c[1], c[2], c[0])
    ):
        group = kept["layer" if cite.kind in LAYERED else "main"]
        if all(end <= other.start or start >= other.end for other in group):
            group.append(cite)
    return sorted(kept["layer"] + kept["main"], key=lambda c: (c.start, c.end))
