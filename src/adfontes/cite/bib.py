"""Bibliographies: find the section, split it into entries and parse each entry into CSL-JSON.

The parser is rule-based and keeps, beside the CSL-JSON item, the span each field came from, so
every value can be traced to the characters of the entry. It never fills in what the entry does
not say: a year stays a year, and a missing place stays missing.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from adfontes import rules
from adfontes.cite.model import BibEntry
from adfontes.cite.patterns import PACKAGE

_YEAR = r"(?:1[5-9]\d\d|20[0-4]\d)"
_QUOTED = re.compile(r"[\"“«„]([^\"”»“\n]{3,300})[\"”»“]")
_ITALIC = re.compile(r"\*([^*\n]{2,300})\*")
_URL = re.compile(r"<?((?:https?://|www\.)[^\s<>]*[^\s<>.,;:)\]])>?")
_DOI = re.compile(
    r"\b(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s<>\"]*[^\s<>\".,;)])"
)
_ISBN = re.compile(r"\b(ISBN|ISSN)[:\s]*([\dXx-]{8,17})")
_NUMBER = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,3})\.?(?=\s+\S))\s*")
_ALIAS = re.compile(r"\(([^()\n]{1,60})\)\s*\.?\s*$")
_PAGES = re.compile(
    r"(?:\b(?:pp?|S|с|old)\.\s*[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?"
    r"|(?<![\d/.-])\d{1,5}\s*[-–]\s*\d{1,5}(?![\d/-])(?:\s*\(\w+ \w+\))?)"
)
# A year, not a page after a volume ("127: 1607") nor the start of a page range.
_YEAR_RE = re.compile(
    rf"(?<![\d/-])(?<!: )(?<!:)\(?({_YEAR})[a-z]?\)?(?![\d/])(?!\s?[-–]\s?\d{{1,3}}\b)"
)
# A container named without italics: capitalised words up to a volume, a year or pages.
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|janvier|février|mars|avril|mai|juin|juillet|"
    "août|septembre|octobre|novembre|décembre|Spring|Summer|Autumn|Fall|Winter"
)
# A container named without italics: capitalised words (abbreviations with their full stops
# allowed: "ACM Trans. Math. Softw.") up to a volume, an issue, a date or pages.
_PLAIN_CONTAINER = re.compile(
    r"[\s.,]*(?:[Ii]n:?\s+)?([A-ZÀ-ÖØ-Þ](?:[^.,;:()\d\n]|\.(?=\s?[A-ZÀ-ÖØ-Þ]))*?)"
    rf"(?=[\s,.]*(?:\d|\(|[Vv]ol\.?\s|[Vv]\.\s|No\.|n°|pp?\.|(?:{_MONTHS})\b))"
)
_INITIAL = re.compile(
    r"(?:^|[\s.-])[A-ZÀ-ÖØ-ÞА-ЯЁ]\.?$|(?:^|\s)(?:St|Jr|Sr|Mr|Dr|eds?|Ed|No|vol|Vol|pp?)$"
)


@cache
def _words() -> dict[str, list[str]]:
    return rules.load(PACKAGE, "references")["words"]


@cache
def _imprint() -> re.Pattern:
    publisher = "|".join(re.escape(w) for w in _words()["no_place"])
    return re.compile(
        r"(?P<place>[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*(?:(?:,? |-)[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*){0,3})\s*:\s*"
        r"(?P<publisher>[^:;\n]{2,90}?)(?:,|\s)\s*(?P<year>" + _YEAR + r")"
        r"|(?P<np>" + publisher + r")"
    )


@cache
def _cue(name: str) -> re.Pattern:
    forms = sorted(_words()[name], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


# --- the section and its entries ---------------------------------------------------------------


def section(text: str) -> tuple[int, int] | None:
    """The span of the bibliography section: after its heading, up to an index or the end."""
    heads = "|".join(re.escape(w) for w in _words()["bibliography_heading"])
    ends = "|".join(re.escape(w) for w in _words()["end_heading"])
    found = None
    for m in re.finditer(rf"(?m)^[ \t#*]*(?:{heads})[ \t*.:]*$", text):
        found = m  # the last such heading: tables of contents name it earlier
    if found is None:
        return None
    end = re.search(rf"(?m)^[ \t#*]*(?:{ends})[ \t*.:]*$", text[found.end() :])
    return found.end(), found.end() + end.start() if end else len(text)


def split_entries(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Entry spans in ``text[start:end]``: blank-line paragraphs, or lines with continuations."""
    end = len(text) if end is None else end
    lines = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\n]+", text[start:end])]
    lines = [(a, b) for a, b in lines if text[a:b].strip()]
    if not lines:
        return []
    blank_separated = sum(1 for (_, b), (a, _) in pairwise(lines) if "\n\n" in text[b:a])
    entries: list[list[int]] = []
    cont = tuple(_words()["continuation"])
    for a, b in lines:
        line = text[a:b].strip()
        joined = False
        if entries:
            gap = text[entries[-1][1] : a]
            joined = line.startswith(cont) or line[:1].islower()
            if blank_separated >= len(lines) // 3:
                joined = joined or "\n\n" not in gap
        if joined:
            entries[-1][1] = b
        else:
            entries.append([a, b])
    return [(a, b) for a, b in entries]


def bibliography(text: str, start: int = 0, end: int | None = None) -> list[BibEntry]:
    """Parsed entries of the bibliography section of ``text`` (or of ``text[start:end]``)."""
    if end is None and start == 0:
        span = section(text)
        if span is None:
            return []
        start, end = span
    return [parse_reference(text[a:b], offset=a) for a, b in split_entries(text, start, end)]


# --- one entry ---------------------------------------------------------------------------------


def _mask(work: list[str], a: int, b: int) -> None:
    for i in range(a, b):
        work[i] = " "


def parse_reference(raw: str, offset: int = 0, aliases: bool = True) -> BibEntry:
    """One reference string as CSL-JSON, with the span (into ``raw`` + ``offset``) of each field."""
    spans: dict[str, tuple[int, int]] = {}
    work = list(raw)

    def take(name: str, a: int, b: int, mask: bool = True) -> None:
        """Record a field (trimmed of punctuation) and blank the whole of ``[a, b)``."""
        lo, hi = a, b
        while a < b and raw[a] in ' ,;:.([<*"“«':
            a += 1
        while b > a and raw[b - 1] in ' ,;:.)]>*"”»':
            b -= 1
        if name == "issued":
            a, b = _widen_date(raw, a, b)
        if b > a and name not in spans:
            spans[name] = (a, b)
            if mask:
                _mask(work, lo, hi)

    m = _NUMBER.match(raw)
    if m and not re.match(rf"\s*{_YEAR}", raw):
        take("citation-number", m.start(), m.end())
    for m in _URL.finditer(raw):
        take("URL", m.start(1), m.end(1))
        _mask(work, m.start(), m.end())
    for m in _DOI.finditer("".join(work)):
        take("DOI", m.start(1), m.end(1))
    for m in _ISBN.finditer("".join(work)):
        take(m.group(1), m.start(2), m.end(2))
        _mask(work, m.start(), m.end())
    if aliases:
        m = _ALIAS.search("".join(work).rstrip())
        if m and _is_alias(m.group(1)):
            take("citation-label", m.start(1), m.end(1))
            _mask(work, m.start(), m.end())
    masked = "".join(work)
    title_at = _titles(raw, masked, take)
    masked = "".join(work)
    _authors(raw, masked, title_at, take)
    masked = "".join(work)
    _imprint_fields(masked, take)
    masked = "".join(work)
    _numbers(masked, take)
    if "title" not in spans:
        _plain_title(masked, take)
    if "volume" not in spans:
        _volume("".join(work), spans.get("container-title"), take)
    csl = _csl(raw, spans)
    return BibEntry(
        offset,
        offset + len(raw),
        raw,
        csl,
        {k: (a + offset, b + offset) for k, (a, b) in spans.items()},
    )


def _is_alias(inner: str) -> bool:
    inner = inner.strip()
    seasons = "Spring|Summer|Autumn|Fall|Winter"
    dated = rf"(?:(?:{_month_re()}|{seasons})\.? )?{_YEAR}(?:[-–]\d+)?|n\.d\.|[\d\s,–-]+"
    if re.fullmatch(dated, inner, flags=re.IGNORECASE):
        return False  # "(2000)", "(Spring 2006)": a date, where "(Carr 1954)" is an alias
    if _cue("publisher_cue").search(inner):
        return False  # "(Oxford University Press; 1991)": an imprint
    if re.match(r"(?:Part|Vol\.?|Volume|Chapter|Tome|Book|Teil|Band)\b", inner):
        return False  # "(Part Two)" says which part, it does not name the work
    return inner[:1].isupper() or inner[:1].isdigit()


def _titles(raw: str, masked: str, take) -> int | None:
    """Quoted and italic titles; returns where the first title starts (authors end before it)."""
    italics = list(_ITALIC.finditer(masked))
    # A quotation inside an italic title ("*Stalin's "Great Turn": …*") belongs to that title.
    quoted = next(
        (
            q
            for q in _QUOTED.finditer(masked)
            if not any(m.start() <= q.start() < m.end() for m in italics)
        ),
        None,
    )
    if (
        quoted
        and masked[: quoted.start()].strip(" .,")
        and not _looks_like_names(masked[: quoted.start()])
    ):
        quoted = (
            None  # a title that quotes a phrase: "Minutes of the Trial of the "Industrial Party" …"
        )
    first = None
    if quoted:
        take("title", quoted.start(1), quoted.end(1))
        first = quoted.start()
        after = [m for m in italics if m.start() > quoted.end()]
        if after:
            take("container-title", after[0].start(1), after[0].end(1))
    elif italics:
        take("title", italics[0].start(1), italics[0].end(1))
        first = italics[0].start()
        if len(italics) > 1 and re.search(r"\b[Ii]n\s*$", masked[: italics[1].start()]):
            take("container-title", italics[1].start(1), italics[1].end(1))
    if quoted and not [m for m in italics if m.start() > quoted.end()]:
        rest = masked[quoted.end() :]
        m = _PLAIN_CONTAINER.match(rest)
        if m:
            take("container-title", quoted.end() + m.start(1), quoted.end() + m.end(1))
    return first


def _boundaries(text: str) -> list[int]:
    """Positions just after a full stop that ends a segment (not an initial or abbreviation)."""
    out = []
    for m in re.finditer(r"[.?!](?=\s+\S)", text):
        if not _INITIAL.search(text[max(0, m.start() - 4) : m.start()]):
            out.append(m.end())
    return out


def _authors(raw: str, masked: str, title_at: int | None, take) -> None:
    start = 0
    while start < len(masked) and masked[start] == " ":
        start += 1
    head = masked[start:]
    listed = max(
        (m for p in _name_lists() if (m := p.match(head))), key=lambda m: m.end(), default=None
    )
    ends = listed and (
        listed.group().endswith(".") or re.match(r"\s*(?:[.,:;(]|\d|$)", head[listed.end() :])
    )
    if ends and (title_at is None or start + listed.end() <= title_at):
        end = start + listed.end()
        take("author", start, end)
        year = re.match(rf"[\s.,:]*\(?({_YEAR}[a-z]?)\)?", masked[end:])
        if year:  # "Smith, J. (2001). Title": APA order
            take("issued", end + year.start(1), end + year.end(1))
        return
    if title_at is not None:
        end = title_at
        if not masked[start:end].strip(" .,"):
            return
        year = re.search(rf"[\s.,:]*\(?({_YEAR})[a-z]?\)?[\s.,:]*$", masked[start:end])
        if year:  # "Author. 2008. “Title”"
            take("issued", start + year.start(1), start + year.end(1))
            end = start + year.start()
        ed = _cue("editor_cue").search(masked, start, end)
        take("author", start, ed.start() if ed else end)
        return
    year = _YEAR_RE.search(head)
    stops = [b for b in _boundaries(head)]
    candidates = []
    if year and year.start() < 200:
        candidates.append(year.start())
    if stops:
        candidates.append(stops[0])
    if not candidates:
        return
    end = start + min(candidates)
    segment = masked[start:end]
    if _looks_like_names(segment):
        take("author", start, end)
        if year and year.start() == min(candidates):  # "Smith, J. (2001). Title": APA order
            take("issued", start + year.start(1), start + year.end(1))


@cache
def _name_lists() -> list[re.Pattern]:
    """A list of personal names at the start of a reference, surname-first or given-name-first.

    "Diamond, Jared M." / "Higgins, M., Tait, L." / "J.-S. Pang and S. A. Gabriel" /
    "Carr, Edward, and Robert W. Davies". After a surname-first name, a given-name-first one
    must follow "and", so that a title in capitals is not taken for a name.
    """
    cap = r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’]+(?:-[A-ZÀ-ÖØ-ÞА-ЯЁ]?[\w'’]+)?)"
    initials = r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁ]\.(?:\s?-?[A-ZÀ-ÖØ-ÞА-ЯЁ]\.)*)"
    word = r"(?:van|von|de|der|den|da|del|della|di|du|le|la|ten|ter)"
    particle = rf"(?:(?:{word}|{word[3:-1].title()}) ){{0,2}}"
    sf = rf"(?:{particle}{cap}(?:[ -]{cap})?,\s+(?:{initials}(?: {cap}(?=[,.;]| and | &))?|{cap}(?: {initials}| {cap})?)(?: {word})?)"
    sf_bare = rf"(?:{particle}{cap}(?:-{cap})? {initials})"  # "Harrison F.A.", "ROSANVALLON P."
    gf = rf"(?:(?:{initials}\s?|{cap} (?:{initials} ?)?){particle}{cap}(?:-{cap})?)"
    gf_initials = rf"(?:{initials}\s?{particle}{cap}(?:-{cap})?)"
    and_ = r"(?:[,;]?\s*(?:and|&|és|und|et|и)\s+)"
    etal = r"(?:,?\s*(?:et al\.?|and others|u\. a\.))?(?:,?\s*\(?eds?\.\)?)?"
    lists = [
        rf"{sf}(?:[,;]\s*(?:{sf}|{gf_initials}))*(?:{and_}(?:{sf}|{gf}))?",
        rf"{sf}(?:,\s*{gf})*{and_}{gf}",  # "Certeau, Michel de, Luce Giard, and Pierre Mayol"
        rf"{sf_bare}(?:,\s*{sf_bare})*(?:{and_}{sf_bare})?",
        rf"{gf}(?:,\s*{gf})*(?:{and_}{gf})?",
        r"(?:[—–-]{2,}\.?)",
    ]
    return [re.compile(rf"(?:{body}){etal}") for body in lists]


def _looks_like_names(segment: str) -> bool:
    words = re.findall(r"[\w'’-]+", segment)
    if not words or len(words) > 60:
        return False
    lower = [
        w
        for w in words
        if w[:1].islower()
        and w not in {"and", "et", "al", "van", "von", "de", "der", "da", "und", "i", "és"}
    ]
    return len(lower) <= len(words) // 5


def _plain_title(masked: str, take) -> None:
    """With no quotes or italics: the segment after the authors, up to the next full stop."""
    start = 0
    while start < len(masked) and not masked[start].isalnum():
        start += 1
    if start >= len(masked):
        return
    stops = _boundaries(masked[start:])
    end = start + stops[0] if stops else len(masked)
    # The title stops before an imprint in parentheses or before fields already read (blanked).
    cut = re.search(r"\s\((?=[^)]*(?:\d{4}|:))|\s{3,}", masked[start:end])
    if cut:
        end = start + cut.start()
    text = masked[start:end]
    if len(text.strip(" .,")) > 3:
        take("title", start, end)
        m = _PLAIN_CONTAINER.match(masked[end:])
        if m:
            take("container-title", end + m.start(1), end + m.end(1))


def _imprint_fields(masked: str, take) -> None:
    m = None
    for m in _imprint().finditer(masked):
        if m.group("np"):
            continue
        place = m.start("place")
        last = list(re.finditer(r"[.?!]\s+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ])", m.group("place")))
        if last:  # "Ed. Jane Smith. New Haven": the place follows the last full stop
            place += last[-1].end()
        take("publisher-place", place, m.end("place"))
        take("publisher", m.start("publisher"), m.end("publisher"))
        take("issued", m.start("year"), m.end("year"))
        return
    cue = _cue("publisher_cue")
    for seg in re.finditer(r"[^.,;:()]+", masked):
        if cue.search(seg.group()) and not re.search(r"\d", seg.group()):
            take("publisher", seg.start(), seg.end())
            return


def _numbers(masked: str, take) -> None:
    years = [m for m in _YEAR_RE.finditer(masked)]
    if years:
        paren = [m for m in years if m.group().startswith("(")]
        pick = (paren or years)[0]
        take("issued", pick.start(1), pick.end(1))
    pages = [m for m in _PAGES.finditer(masked) if not _is_year_range(m.group())]
    if pages:
        take("page", pages[-1].start(), pages[-1].end())
    vol = re.search(r"\b(?:[Vv]ol\.?|[Vv]\.|[Tt]ome?|Bd\.)\s*(\d{1,4}|[IVXLC]{1,6})\b", masked)
    if vol:
        take("volume", vol.start(1), vol.end(1))
    issue = re.search(r"\b[Nn]o\.\s*(\d{1,4})", masked)
    if issue:
        take("issue", issue.start(1), issue.end(1))


# A volume number, then an issue as ".2" or "(2)" or ", No. 2", before pages, a year or a date.
_VOLUME = re.compile(
    r"[\s,.;:]*(?<![\d(])(\d{1,4}|[IVXLC]{1,6})(?:\.(\d{1,3})|\s*\((\d{1,3}(?:[-–/]\d{1,3})?)\)|,?\s*(?:[Nn]o\.|n°)\s*(\d{1,4}))?"
    r"(?=[\s,.:;]|$)"
)


def _volume(masked: str, container: tuple[int, int] | None, take) -> None:
    """The volume (and issue) right after the container, or the first bare one before pages."""
    if container is not None:
        m = _VOLUME.match(masked, container[1])
        if m and not re.fullmatch(_YEAR, m.group(1)):
            take("volume", m.start(1), m.end(1))
            issue = next((k for k in (2, 3, 4) if m.group(k)), None)
            if issue:
                take("issue", m.start(issue), m.end(issue))
            return
    m = re.search(r"(?<![\d(/.-])(\d{1,4})(?:\s*\((\d{1,3})\))?(?=[\s,:]+(?:\(|pp?\.|\d))", masked)
    if m and not re.fullmatch(_YEAR, m.group(1)):
        take("volume", m.start(1), m.end(1))
        if m.group(2):
            take("issue", m.start(2), m.end(2))


@cache
def _months() -> dict[str, int]:
    """Month names of every language in the rule file, folded, with their numbers."""
    out = {}
    for key, names in _words().items():
        if key.startswith("months_"):
            out.update({n.casefold(): i for i, n in enumerate(names, 1)})
    return out


@cache
def _month_re() -> str:
    return "|".join(re.escape(m) for m in sorted(_months(), key=len, reverse=True))


def _widen_date(raw: str, a: int, b: int) -> tuple[int, int]:
    """A year's span widened over the month and day written next to it, and nothing more."""
    months = _month_re()
    before = re.search(
        rf"(?i)(?:\b(?:{months})\.?\s+\d{{1,2}},?\s*|\b\d{{1,2}}\.?\s+(?:{months})\.?,?\s+|\b(?:{months})\.?,?\s+)$",
        raw[max(0, a - 25) : a],
    )
    if before:
        return a - len(before.group()), b
    after = re.match(rf"(?i)\s+(?:{months})\b\.?(?:\s+\d{{1,2}}\b)?", raw[b:])
    if after:
        return a, b + len(after.group().rstrip("."))
    return a, b


def _date_parts(value: str) -> list[int]:
    """[year], [year, month] or [year, month, day], as written: nothing is filled in."""
    year = int(re.search(_YEAR, value).group())
    month = next(
        (n for name, n in _months().items() if re.search(rf"(?i)\b{re.escape(name)}\b", value)),
        None,
    )
    if month is None:
        return [year]
    day = re.search(r"(?<!\d)(\d{1,2})(?!\d)", re.sub(_YEAR, "", value))
    return [year, month, int(day.group(1))] if day else [year, month]


def _is_year_range(value: str) -> bool:
    parts = re.findall(r"\d+", value)
    return len(parts) == 2 and all(re.fullmatch(_YEAR, p) for p in parts)


def _csl(raw: str, spans: dict[str, tuple[int, int]]) -> dict:
    def val(key: str) -> str | None:
        return raw[spans[key][0] : spans[key][1]] if key in spans else None

    csl: dict = {}
    if val("author"):
        csl["author"] = names(val("author"))
    for key in ("title", "container-title", "publisher", "publisher-place", "page", "volume",
                "issue", "URL", "DOI", "ISBN", "ISSN", "citation-label", "citation-number"):  # fmt: skip
        if val(key):
            csl[key] = val(key)
    if val("issued"):
        csl["issued"] = {"date-parts": [_date_parts(val("issued"))]}
    if _cue("thesis_cue").search(raw):
        csl["type"] = "thesis"
    elif "container-title" in csl and re.search(
        rf"\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{{1,2}}, {_YEAR}",
        raw,
    ):
        csl["type"] = "article-newspaper"
    elif "container-title" in csl:
        csl["type"] = "article-journal" if "editor" not in csl else "chapter"
    elif "publisher" in csl or "publisher-place" in csl:
        csl["type"] = "book"
    elif "URL" in csl and "title" in csl:
        csl["type"] = "webpage"
    else:
        csl["type"] = "document"
    _archive(raw, csl)
    return csl


def _archive(raw: str, csl: dict) -> None:
    """Archive fields from a shelf mark or named collection in the entry."""
    from adfontes.cite.find import find

    for cite in find(raw, families=("shelfmarks",)):
        if cite.kind != "archive":
            continue
        f = cite.fields
        collection = f.get("collection") or f.get("held_in")
        if collection:
            csl["archive_collection"] = collection
        if f.get("institution") or f.get("custodian"):
            csl["archive"] = f.get("institution") or f.get("custodian")
        location = ", ".join(
            f"{k} {f[k]}"
            for k in ("fond", "opis", "delo", "folios", "box", "folder", "item")
            if k in f
        )
        if location:
            csl["archive_location"] = location
        if csl["type"] in ("document", "book"):
            csl["type"] = "manuscript"
        return


def names(value: str) -> list[dict]:
    """CSL names from an author string: "Surname, Given" pairs, "Given Surname", "and"/"&" lists."""
    value = re.sub(r"\s+", " ", value.strip(" .,;"))
    value = re.sub(r"\s*\([^)]*\)", "", value)
    parts = [
        p.strip()
        for p in re.split(r"\s*(?:;|&|\band\b|\bи\b|\bés\b|\bund\b)\s*", value)
        if p.strip(" ,")
    ]
    out: list[dict] = []
    for part in parts:
        part = part.strip(" ,")
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        if len(pieces) >= 2 and all(len(p.split()) <= 3 for p in pieces):
            # "Surname, Given, Surname2, Given2" or "Surname, I. I."
            it = iter(pieces)
            for fam in it:
                given = next(it, "")
                out.append({"family": fam, "given": given} if given else {"family": fam})
        elif len(pieces) == 1 and " " in part and not part.endswith("."):
            given, _, fam = part.rpartition(" ")
            out.append({"family": fam, "given": given})
        else:
            out.append({"literal": part})
    return out
