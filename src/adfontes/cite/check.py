"""Consistency checks over citations and a bibliography, reported like conflicts.

Each problem names what differs and carries the spans of both sides: one work cited with other
years, titles, places or publishers; one archive collection placed with two custodians; an
impossible page range; a short cite with no entry; one alias for two works; a page cited outside
the range a full reference gives for the same work; one titled work given two dates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from adfontes.cite.find import find
from adfontes.cite.model import BibEntry, Citation, Link, Problem
from adfontes.cite.resolve import norm

_RANGE = re.compile(r"(?<![\d/])(\d{1,5})\s*[-–]\s*(\d{1,5})(?![\d/])")
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
# A short cite that names a work (not a bare page, a legal article or an attribution phrase).
_NAMED = ("alias", "title")
_TITLED = ("title", "author-title")


def check(
    cites: Sequence[Citation],
    entries: Sequence[BibEntry],
    links: Sequence[Link],
    text: str | None = None,
) -> list[Problem]:
    """Every problem found once, in the order of the checks (``text``: the file the offsets
    point into, for the checks that read it directly)."""
    found = [
        *page_ranges(cites, entries),
        *unresolved(cites, links),
        *alias_clashes(entries),
        *work_variants(cites, entries, links),
        *custody(cites, entries),
        *outside_range(cites, links),
        *(titled_dates(text) if text else []),
    ]
    seen: set[tuple] = set()
    return [p for p in found if (p.kind, p.values) not in seen and not seen.add((p.kind, p.values))]


def same_name(a: str, b: str) -> bool:
    """Equal once folded, or one abbreviates the other ("Oxford U.P." / "Oxford University Press",
    "NY" / "New York"): each short word opens the matching long one, or spells the initials."""
    x, y = sorted((norm(a).split(), norm(b).split()), key=len)
    if x == y:
        return True
    if len(x) == len(y):  # either side may hold the short forms ("Yale U.P" / "Yale Univ. Press")
        return all(v.startswith(w) or w.startswith(v) for v, w in zip(x, y, strict=True))
    return (
        len(x) == 1
        and len(x[0]) == len(y)
        and all(w[0] == ch for w, ch in zip(y, x[0], strict=True))
    )


def ranges(value: str) -> list[tuple[int, int]]:
    """Page ranges in ``value``, abbreviated ends expanded (441-3 → 441-443); years left out."""
    out = []
    for m in _RANGE.finditer(value):
        a, b = m.group(1), m.group(2)
        if _YEAR.match(a) and _YEAR.match(b):
            continue
        if len(b) < len(a):
            b = a[: len(a) - len(b)] + b
        out.append((int(a), int(b)))
    return out


def page_ranges(cites: Sequence[Citation], entries: Sequence[BibEntry]) -> list[Problem]:
    found = []
    spans = [(c.start, c.fields.get("pages", "")) for c in cites]
    spans += [(e.start, e.csl.get("page", "")) for e in entries]
    for start, value in spans:
        for a, b in ranges(value):
            if b < a:
                found.append(
                    Problem(
                        "page_range",
                        f"page range ends before it starts: {a}-{b}",
                        ((start, start),),
                        (value,),
                    )
                )
    return found


def unresolved(cites: Sequence[Citation], links: Sequence[Link]) -> list[Problem]:
    out = []
    for link in links:
        cite = cites[link.cite]
        if (
            cite.kind == "short_cite"
            and link.entry is None
            and any(k in cite.fields for k in _NAMED)
        ):
            out.append(
                Problem(
                    "no_entry",
                    f"short cite {cite.raw!r} has no bibliography entry",
                    ((cite.start, cite.end),),
                    (cite.raw,),
                )
            )
    return out


def alias_clashes(entries: Sequence[BibEntry]) -> list[Problem]:
    by_alias: dict[str, list[BibEntry]] = defaultdict(list)
    for e in entries:
        if e.alias:
            by_alias[norm(e.alias)].append(e)
    out = []
    for group in by_alias.values():
        titles = {norm(e.csl.get("title", e.raw)) for e in group}
        if len(group) > 1 and len(titles) > 1:
            out.append(
                Problem(
                    "alias",
                    f"alias {group[0].alias!r} names {len(group)} different works",
                    tuple((e.start, e.end) for e in group),
                    tuple(e.csl.get("title", e.raw) for e in group),
                )
            )
    return out


def work_variants(
    cites: Sequence[Citation], entries: Sequence[BibEntry], links: Sequence[Link]
) -> list[Problem]:
    """A full reference that differs from its entry in year, title, place or publisher."""
    out = []
    for link in links:
        cite = cites[link.cite]
        if link.entry is None or cite.kind != "full_cite" or link.method == "context":
            continue
        entry = entries[link.entry]
        csl = entry.csl
        title = cite.fields.get("title", "").strip(' *"“”.,')
        same = title and csl.get("title") and norm(title) != norm(csl["title"])
        if same and fuzz.ratio(norm(title), norm(csl["title"])) >= 85:
            out.append(_variant("title", cite, entry, title, csl["title"]))
        year = cite.fields.get("year", "")
        issued = str(csl.get("issued", {}).get("date-parts", [[""]])[0][0])
        if re.fullmatch(r"\d{4}", year) and issued and year != issued:
            out.append(_variant("year", cite, entry, year, issued))
        for field, key in (("place", "publisher-place"), ("publisher", "publisher")):
            mine = cite.fields.get(field)
            if mine and csl.get(key) and not same_name(mine, csl[key]):
                out.append(_variant(field, cite, entry, mine, csl[key]))
    return out


def _variant(slot: str, cite: Citation, entry: BibEntry, a: str, b: str) -> Problem:
    return Problem(
        f"work_{slot}",
        f"one work cited with different {slot}s: {a!r} vs {b!r}",
        ((cite.start, cite.end), (entry.start, entry.end)),
        (a, b),
    )


def _collection_key(name: str) -> str:
    return norm(name).split()[0] if name else ""


def custody(cites: Sequence[Citation], entries: Sequence[BibEntry]) -> list[Problem]:
    """One collection placed with two different custodians."""
    places: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    archive_cites = [c for c in cites if c.kind == "archive"]
    for e in entries:
        archive_cites += [
            c.__class__(c.start + e.start, c.end + e.start, c.raw, c.kind, c.fields, c.rule)
            for c in find(e.raw, families=("shelfmarks",))
            if c.kind == "archive"
        ]
    for c in archive_cites:
        collection = c.fields.get("held_in") or c.fields.get("collection")
        holder = c.fields.get("institution")
        if collection and holder:
            key = norm(holder).split(" washington")[0]
            places[_collection_key(collection)].setdefault(key, (c.start, c.end))
    out = []
    for collection, holders in places.items():
        if len(holders) > 1:
            names = sorted(holders)
            out.append(
                Problem(
                    "custody",
                    f"the {collection} collection is placed with {len(names)} custodians: "
                    + "; ".join(names),
                    tuple(holders[n] for n in names),
                    tuple(names),
                )
            )
    return out


def outside_range(cites: Sequence[Citation], links: Sequence[Link]) -> list[Problem]:
    """A page cited outside the page range a full reference gives for the same work."""
    spans: dict[int, list[tuple[Citation, tuple[int, int]]]] = defaultdict(list)
    for link in links:
        cite = cites[link.cite]
        # Only a reference whose title is the entry's own (an article, not a chapter of a
        # collection) gives the range of the whole work.
        if link.entry is not None and cite.kind == "full_cite" and link.method in _TITLED:
            for r in ranges(cite.fields.get("pages", "")):
                spans[link.entry].append((cite, r))
    out = []
    for link in links:
        cite = cites[link.cite]
        if link.entry is None or cite.kind != "short_cite" or link.entry not in spans:
            continue
        for a, b in ranges(cite.fields.get("pages", "")):
            full = spans[link.entry]
            if all(b < lo or a > hi for _, (lo, hi) in full):
                other = full[0][0]
                out.append(
                    Problem(
                        "page_outside",
                        f"pages {a}-{b} lie outside the range {full[0][1][0]}-{full[0][1][1]} given for the same work",
                        ((other.start, other.end), (cite.start, cite.end)),
                        (other.fields.get("pages", ""), cite.fields.get("pages", "")),
                    )
                )
    return out


# A quoted title with a date in parentheses right after it: '"Title." (January 26, 1935)'.
_TITLED_DATE = re.compile(
    r"[\"“]\s*(?P<title>[^\"“”\n]{3,200}?)\s*[.,]?\s*[\"”]\s*\((?P<date>[^()\n]{4,40})\)"
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_FORMS = (
    re.compile(rf"(?i)^(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})$"),
    re.compile(rf"(?i)^(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}})$"),
    re.compile(rf"(?i)^(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$"),
)
# Titles that name a kind of document more than one work ("Letter to X" is sent many times).
_GENERIC = {"letter", "letters", "telegram", "note", "notes", "memorandum", "report",
            "interview", "speech", "statement", "declaration", "draft"}  # fmt: skip


def _written_date(value: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of a date written out in full; None for anything else."""
    value = " ".join(value.split()).strip(" .")
    for form in _DATE_FORMS:
        m = form.match(value)
        if m:
            month = m["m"]
            month = int(month) if month.isdigit() else _MONTHS[month.casefold()]
            day = m.groupdict().get("d")
            return int(m["y"]), month, int(day) if day else None
    return None


def _differ(a: tuple[int, int, int | None], b: tuple[int, int, int | None]) -> bool:
    """Two dates that cannot be the same day (a month and a day inside it do not differ)."""
    return a[:2] != b[:2] or (a[2] is not None and b[2] is not None and a[2] != b[2])


def titled_dates(text: str) -> list[Problem]:
    """One quoted title (of three words or more) dated differently in two places."""
    seen: dict[str, list[tuple[tuple, tuple[int, int], str]]] = defaultdict(list)
    for m in _TITLED_DATE.finditer(text):
        words = norm(m["title"]).split()
        date = _written_date(m["date"])
        if len(words) < 3 or words[0] in _GENERIC or date is None:
            continue
        seen[" ".join(words)].append((date, (m.start(), m.end()), m["date"].strip()))
    out = []
    for places in seen.values():
        first = places[0]
        other = next((p for p in places[1:] if _differ(first[0], p[0])), None)
        if other is None:
            continue
        title = text[first[1][0] : first[1][1]].split("(")[0].strip()
        out.append(
            Problem(
                "work_date",
                f"one work dated differently: {title} {first[2]!r} vs {other[2]!r}",
                (first[1], other[1]),
                (first[2], other[2]),
            )
        )
    return out
