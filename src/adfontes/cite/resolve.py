"""Resolve citations to bibliography entries: aliases, authors and titles, acronyms, context.

Resolvers are tried in order and each says how it decided (``method``), so a link can always be
explained. Back-references (Ibid., a bare page, a column) take the previous citation's target.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

from adfontes.cite.model import BibEntry, Citation, Link

TITLE_SCORE = 88
_CHAPTER = re.compile(r",?\s+(?:Chapter|ch\.|Part|vol\.)(?: \d+)?$")
_FULL_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{1,2}, \d{4}"
)
_SMALL = {
    "of",
    "the",
    "and",
    "a",
    "an",
    "in",
    "on",
    "de",
    "la",
    "le",
    "i",
    "v",
    "na",
    "po",
    "und",
    "der",
}


def norm(value: str) -> str:
    """Case, accents, punctuation and spacing folded, for matching keys."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = re.sub(r"[^\w\s]", " ", value.casefold())
    return " ".join(value.split())


def acronym(value: str) -> str:
    """Initials of a title's significant words ("Sochineniia Lva Kameneva" → "SLK")."""
    words = re.findall(r"[^\W\d_][\w’'-]*", value)
    return "".join(w[0].upper() for w in words if w.lower() not in _SMALL and w[0].isupper())


def _letters(value: str) -> str:
    return "".join(ch for ch in value if ch.isalpha() and ch.isupper())


def _families(entry: BibEntry) -> set[str]:
    return {norm(a["family"]) for a in entry.csl.get("author", []) if "family" in a}


def _clean(value: str) -> str:
    return value.strip(" *\"“”«»'.,")


class _Index:
    def __init__(self, entries: Sequence[BibEntry]) -> None:
        self.entries = entries
        self.labels: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            if e.alias:
                self.labels.setdefault(norm(e.alias), []).append(i)

    def by_label(self, key: str) -> int | None:
        hits = self.labels.get(norm(key), [])
        return hits[0] if len(hits) == 1 else None

    def by_label_end(self, key: str) -> int | None:
        """An alias that is the last word(s) of exactly one label ("PO" for "Deutscher, PO")."""
        key = norm(key)
        hits = [i for label, ids in self.labels.items() if label.endswith(" " + key) for i in ids]
        return hits[0] if len(hits) == 1 else None

    def by_title(self, title: str, author: str | None = None, italic: bool = False) -> int | None:
        """The entry whose title (or label, or opening words) the cited title matches best.

        With an author, a short title may be any part of the full one; without one, a short
        title must open the full title, so that a phrase common to many titles decides nothing.
        Ties go to the entry whose title begins with the cited words, then (for a title cited in
        italics) to a book rather than an article, then to the closer length.
        """
        title = _unarticle(norm(_clean(title)))
        if len(title) < 4 or (author is None and (len(title) < 8 or " " not in title)):
            return self._by_first_word(title) if author is None else None
        best, best_key = None, (0.0, False, False, 0.0)
        for i, e in enumerate(self.entries):
            if author and norm(author) not in _families(e):
                continue
            for cand in (e.csl.get("title"), e.csl.get("citation-label"), _head(e)):
                if not cand:
                    continue
                c = _unarticle(norm(cand))
                if len(title) > 30 or len(c) < len(title):
                    score = fuzz.ratio(title, c)
                elif author:
                    score = fuzz.partial_ratio(title, c)
                else:
                    score = fuzz.ratio(title, c[: len(title)])
                if author and len(title) > 30:  # with the author known, word order may vary
                    score = max(score, fuzz.token_set_ratio(title, c))
                book = italic and e.csl.get("type") in ("book", "manuscript", "thesis")
                key = (score, c.startswith(title), book, fuzz.ratio(title, c))
                if key > best_key:
                    best, best_key = i, key
        return best if best_key[0] >= TITLE_SCORE else None

    def _by_first_word(self, word: str) -> int | None:
        """One long word ("Interregnum") that opens exactly one title."""
        if len(word) < 5 or " " in word:
            return None
        hits = [
            i
            for i, e in enumerate(self.entries)
            if _unarticle(norm(e.csl.get("title") or "")).split()[:1] == [word]
        ]
        return hits[0] if len(hits) == 1 else None

    def by_acronym(self, alias: str, volume: str | None) -> int | None:
        """An alias that spells the initials of a title or of an entry's opening words."""
        want = _letters(alias)
        if len(want) < 2:
            return None
        hits = []
        for i, e in enumerate(self.entries):
            names = {acronym(e.csl.get("title") or ""), acronym(_head(e))}
            if want in names and (not volume or _volume_matches(volume, e.raw)):
                hits.append(i)
        return hits[0] if len(hits) == 1 else None

    def by_author(self, author: str, year: str | None = None) -> list[int]:
        keys = {norm(a) for a in re.split(r"\s+(?:and|&|és|и)\s+", author)}
        out = []
        for i, e in enumerate(self.entries):
            if keys <= _families(e):
                issued = e.csl.get("issued", {}).get("date-parts", [[None]])[0][0]
                if year is None or str(issued) == year[:4]:
                    out.append(i)
        return out

    def by_url(self, url: str) -> int | None:
        hits = [i for i, e in enumerate(self.entries) if url in e.raw]
        return hits[0] if len(hits) == 1 else None

    def by_paper(self, paper: str, date: str | None) -> int | None:
        key = norm(paper)
        hits = [
            i
            for i, e in enumerate(self.entries)
            if key
            in (
                norm(e.csl.get("container-title", "")),
                norm(e.csl.get("title", "")),
                norm(_head(e)),
            )
            or norm(e.csl.get("title", "")).startswith(key + " ")
        ]
        if date:
            # An entry for one dated issue does not stand for another issue of the same paper.
            dated = [i for i in hits if date in self.entries[i].raw]
            hits = dated or [i for i in hits if not _FULL_DATE.search(self.entries[i].raw)]
        return hits[0] if len(hits) == 1 else None

    def by_shelfmark(self, fields: dict) -> int | None:
        key = _shelf_key(fields)
        if not key:
            return None
        from adfontes.cite.find import find

        for i, e in enumerate(self.entries):
            for c in find(e.raw, families=("shelfmarks",)):
                if c.kind == "archive" and _shelf_key(c.fields) == key:
                    return i
        return None


_ARTICLES = re.compile(r"^(?:the|a|an|le|la|les|l|der|die|das|el|il) ")


def _unarticle(value: str) -> str:
    return _ARTICLES.sub("", value)


def _head(entry: BibEntry) -> str:
    """An entry's opening words, up to its first full stop: a periodical's or a collection's name."""
    return re.split(r"[.(]\s", entry.raw + " ", maxsplit=1)[0]


def _shelf_key(fields: dict) -> str | None:
    if "fond" in fields and "delo" in fields:
        return f"f{fields['fond']}/op{fields.get('opis', '')}/d{fields['delo']}"
    if "item" in fields:
        return f"item{fields['item']}"
    return None


def _volume_matches(volume: str, raw: str) -> bool:
    years = re.findall(r"\d{2,4}", volume)
    full = []
    for y in years:
        y = y.lstrip("'")
        full.append(y if len(y) == 4 else "19" + y)
    return all(y in raw for y in full)


def _context_target(
    links: list[Link], cites: Sequence[Citation], i: int, streams: Sequence[str], kinds=None
) -> Link | None:
    for link in reversed(links):
        if link.cite >= i or link.entry is None or streams[link.cite] != streams[i]:
            continue
        if kinds is None or cites[link.cite].kind in kinds:
            return link
    return None


def resolve(
    cites: Sequence[Citation],
    bibliography: Sequence[BibEntry],
    streams: Sequence[str] | None = None,
) -> list[Link]:
    """One link per citation (note markers aside), in order; ``entry`` is None when nothing fits.

    ``streams`` labels each citation's reading stream (``"text"``, ``"note"``): a back-reference
    (Ibid., a bare page, a column) takes the previous resolved citation of its own stream.
    """
    index = _Index(bibliography)
    streams = streams or ["text"] * len(cites)
    links: list[Link] = []
    for i, cite in enumerate(cites):
        entry, method, target = _resolve_one(index, cite), None, None
        if entry is not None:
            entry, method = entry
        elif cite.kind == "ibid" or _is_context(cite):
            kinds = {"newspaper"} if "column" in cite.fields else None
            prev = _context_target(links, cites, i, streams, kinds)
            if cite.kind == "ibid" and "author" in cite.fields:
                prev = next(
                    (
                        link
                        for link in reversed(links)
                        if link.entry is not None
                        and norm(cite.fields["author"]) in _families(bibliography[link.entry])
                    ),
                    None,
                )
            if prev is not None:
                entry, method, target = prev.entry, "context", prev.cite
        elif "author" in cite.fields and cite.kind == "short_cite":
            prev = next(
                (
                    link
                    for link in reversed(links)
                    if link.entry is not None
                    and index.by_author(cite.fields["author"])
                    and link.entry in index.by_author(cite.fields["author"])
                ),
                None,
            )
            if prev is not None:
                entry, method, target = prev.entry, "author-context", prev.cite
            else:
                only = index.by_author(cite.fields["author"])
                if len(only) == 1:
                    entry, method = only[0], "author"
        if cite.kind == "footnote_ref":
            continue
        links.append(Link(i, entry, method or "none", target))
    return links


def _is_context(cite: Citation) -> bool:
    return set(cite.fields) <= {"pages"} or "column" in cite.fields


def _resolve_one(index: _Index, cite: Citation) -> tuple[int, str] | None:
    f = {k: _clean(v) for k, v in cite.fields.items()}
    alias = f.get("alias")
    first_number = re.match(r"\d+", f.get("pages", ""))
    if alias:
        alias = _CHAPTER.sub("", alias)
        keys = [alias, f"{f['author']} {alias}" if "author" in f else None]
        if first_number:  # "(Carr 2, 156)": the alias "Carr 2" and page 156
            keys.append(f"{alias} {first_number.group()}")
        for key in keys:
            if key and (hit := index.by_label(key)) is not None:
                return hit, "alias"
        if (hit := index.by_label_end(alias)) is not None:
            return hit, "alias"
        words = alias.split()
        if len(words) > 1 and index.by_author(words[0]):
            hit = index.by_title(" ".join(words[1:]), words[0])
            if hit is not None:
                return hit, "author-title"
    if "author" in f and "title" in f:
        surname = f["author"].split()[-1]
        if (hit := index.by_label(f"{surname} {f['title']}")) is not None:
            return hit, "alias"
        if (hit := index.by_title(f["title"], surname, italic="*" in cite.raw)) is not None:
            return hit, "author-title"
    if "author" in f and "alias" in f and not index.by_author(f["author"]):
        # "See Isaac Deutscher": a given name first, the surname second
        hits = index.by_author(f["alias"])
        if len(hits) == 1:
            return hits[0], "author"
    if (
        "author" in f
        and first_number
        and (hit := index.by_label(f"{f['author']} {f['pages']}")) is not None
    ):
        return hit, "alias"  # "Serge, 1937.": a book whose title is a year
    if "author" in f and "year" in f:
        hits = index.by_author(f["author"], f["year"])
        if len(hits) == 1:
            return hits[0], "author-year"
    if "title" in f and (hit := index.by_title(f["title"])) is not None:
        return hit, "title"
    if alias and (hit := index.by_title(alias, f.get("author"))) is not None:
        return hit, "title" if "author" not in f else "author-title"
    for key in ("container", "alias", "paper"):
        if key in f and (hit := index.by_acronym(f[key], f.get("volume"))) is not None:
            return hit, "acronym"
    if "container" in f and (hit := index.by_label(f["container"])) is not None:
        return hit, "alias"
    if (
        "container" in f
        and "title" not in f
        and (hit := index.by_title(f["container"])) is not None
    ):
        return hit, "title"
    if "paper" in f and (hit := index.by_paper(f["paper"], f.get("date"))) is not None:
        return hit, "newspaper"
    if cite.kind == "archive" and (hit := index.by_shelfmark(cite.fields)) is not None:
        return hit, "shelfmark"
    if "url" in f and (hit := index.by_url(cite.fields["url"])) is not None:
        return hit, "url"
    return None
