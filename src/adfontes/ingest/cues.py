"""The layout and document cues of every language, merged: a file's headings may be in any."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from adfontes import rules

RULES = "adfontes.ingest.rules"


@dataclass(frozen=True, slots=True)
class Cues:
    patterns: dict[str, re.Pattern]
    sections: dict[str, frozenset[str]]  # kind -> lowercased heading words
    genres: dict[str, str]  # lowercased word -> genre
    closings: frozenset[str]
    salutations: tuple[str, ...]
    addressee_endings: tuple[str, ...]
    noise: re.Pattern | None
    version: str


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text.lower())


@cache
def cues() -> Cues:
    common = rules.load(RULES, "common")
    patterns = {p["id"]: re.compile(p["match"], re.MULTILINE) for p in common["patterns"]}
    sections: dict[str, set[str]] = {}
    genres: dict[str, str] = {}
    closings: set[str] = set()
    salutations: list[str] = []
    endings: list[str] = []
    noise: list[str] = []
    versions = [f"common.{common['version']}"]
    for name in rules.names(RULES):
        if name == "common":
            continue
        data = rules.load(RULES, name)
        versions.append(f"{name}.{data['version']}")
        for kind, words in (data.get("sections") or {}).items():
            sections.setdefault(kind, set()).update(w.lower() for w in words)
        for genre, words in (data.get("genres") or {}).items():
            genres.update({w.lower(): genre for w in words})
        closings.update(w.lower() for w in data.get("closings") or [])
        salutations.extend(data.get("salutations") or [])
        endings.extend(data.get("addressee_endings") or [])
        noise.extend(data.get("noise") or [])
    noise_re = (
        re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(n) for n in sorted(noise, key=len, reverse=True))
            + ")",
            re.IGNORECASE,
        )
        if noise
        else None
    )
    return Cues(
        patterns=patterns,
        sections={k: frozenset(v) for k, v in sections.items()},
        genres=genres,
        closings=frozenset(closings),
        salutations=tuple(sorted(set(salutations), key=len, reverse=True)),
        addressee_endings=tuple(sorted({e for e in endings if len(e) > 1}, key=len, reverse=True)),
        noise=noise_re,
        version="+".join(versions),
    )


def section_kind(heading: str) -> str | None:
    """``bibliography``, ``index``, ``toc``, ``notes`` or ``chapter`` for a section heading."""
    text = heading.strip().strip("#").strip().rstrip(".:").strip()
    low = text.lower()
    table = cues().sections
    for kind in ("bibliography", "index", "toc", "notes"):
        if low in table.get(kind, ()):
            return kind
    first = _words(text)[:1]
    if first and first[0] in table.get("chapter", ()):
        return "chapter"
    if any(w in table.get("chapter", ()) for w in _words(text)[1:3]) and text[:1].isdigit():
        return "chapter"  # "33. fejezet"
    return None


def genre_of(heading: str) -> str | None:
    """The genre a document heading names ("LETTER TO THE EDITOR" → letter), if any."""
    for word in _words(heading)[:2]:
        genre = cues().genres.get(word)
        if genre:
            return genre
    return None


def is_caps_title(heading: str) -> bool:
    """An all-capitals heading: in a compilation, the title of the next document."""
    letters = [ch for ch in heading if ch.isalpha()]
    return len(letters) >= 6 and all(ch.isupper() for ch in letters)


def is_closing(line: str) -> bool:
    words = _words(line)
    return 0 < len(words) <= 6 and any(w in cues().closings for w in words)


def is_salutation(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= 80 and stripped.startswith(cues().salutations)


def names_addressee(heading: str) -> bool:
    """A heading whose last word is in a case that names an addressee (Hungarian -nak/-nek…)."""
    words = _words(heading)
    return bool(words) and len(words[-1]) > 4 and words[-1].endswith(cues().addressee_endings)


def is_noise(text: str) -> bool:
    pattern = cues().noise
    return bool(pattern and pattern.search(text[:300]))
