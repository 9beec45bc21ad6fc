"""Records of the citation stage: citations found in text, bibliography entries, links, problems."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

KINDS = ("archive", "short_cite", "full_cite", "ibid", "newspaper", "url", "footnote_ref")


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation found in text: ``text[start:end] == raw``; ``fields`` are its named slots."""

    start: int
    end: int
    raw: str
    kind: str
    fields: dict[str, str]
    rule: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One bibliography entry: its span, its CSL-JSON item and where each field came from."""

    start: int
    end: int
    raw: str
    csl: dict
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def alias(self) -> str | None:
        return self.csl.get("citation-label")

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "raw": self.raw, "csl": self.csl}


@dataclass(frozen=True, slots=True)
class Link:
    """A citation (by index) resolved to a bibliography entry (by index) and how."""

    cite: int
    entry: int | None
    method: str
    target_cite: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A citation inconsistency, reported like a conflict: which slot differs, with both spans."""

    kind: str
    detail: str
    spans: tuple[tuple[int, int], ...]
    values: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "spans": [list(s) for s in self.spans],
            "values": list(self.values),
        }
