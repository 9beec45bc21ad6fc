"""Records of the claims stage: a claim (one checkable sentence) and the slots read from it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Slot kinds: who is reported, the reporting cue, quoted words, denial and hedge words, words
# that confirm what another account says (confirmed, independently), numbers
# with units, event words (concepts), and, from the other stages, names and dates.
SLOT_KINDS = ("speaker", "cue", "quote", "negation", "hedge", "support", "quantity", "concept", "person",
              "place", "org", "time")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Slot:
    """A span ``[start, end)`` of the text and what it says.

    ``value`` is an entity id (person, place, org), an EDTF value (time), a number in ``unit``
    (quantity: km, day or person; miles and versts are converted to km), a concept key, or the
    rule's reading of a cue. ``via`` is ``sentence`` for what the sentence itself says and
    ``context`` for a date carried from earlier in its passage.
    """

    kind: str
    start: int
    end: int
    surface: str
    value: str | None = None
    unit: str | None = None
    earliest: str | None = None
    latest: str | None = None
    rule: str | None = None
    approx: bool = False
    via: str = "sentence"

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def number(self) -> float | None:
        return float(self.value) if self.kind == "quantity" and self.value else None

    def describe(self) -> str:
        """``250 km``, ``about 322 km (200 miles)``, ``1929-01-20``, ``Kursk``."""
        if self.kind == "quantity":
            n = round(float(self.value), 1)
            shown = f"{n:g} {self.unit}"
            return f"{'about ' if self.approx else ''}{shown}"
        if self.kind == "time":
            return self.value or self.surface
        return self.surface


@dataclass(frozen=True, slots=True)
class Claim:
    """One sentence that asserts something checkable, with its slots (in text order)."""

    start: int
    end: int
    text: str
    lang: str | None
    slots: tuple[Slot, ...]

    def of(self, *kinds: str) -> list[Slot]:
        return [s for s in self.slots if s.kind in kinds]

    @property
    def polarity(self) -> str:
        """``negative`` when the sentence denies (outside quoted words), else ``positive``."""
        quotes = self.of("quote")
        for n in self.of("negation"):
            if not any(q.start <= n.start and n.end <= q.end for q in quotes):
                return "negative"
        return "positive"

    @property
    def modality(self) -> str:
        """``hedged`` (allegedly …), ``reported`` (someone said so), else ``asserted``."""
        if self.of("hedge"):
            return "hedged"
        if self.of("speaker", "cue"):
            return "reported"
        return "asserted"

    @property
    def speaker(self) -> Slot | None:
        found = self.of("speaker")
        return found[0] if found else None


def confidence_label(confidence: float) -> str:
    """How a conflict's confidence is said: likely, possible or weak."""
    return "likely" if confidence >= 0.7 else "possible" if confidence >= 0.45 else "weak"


@dataclass(frozen=True, slots=True)
class TextConflict:
    """A disagreement between two places of a text that is no pair of claims (a citation
    problem that joins two places, a letter addressed two ways): ``lines`` are the Locators of
    the lines that hold them, ``spans`` of the disagreeing words; ``reasons`` say how it was read."""

    type: str
    confidence: float
    detail: str
    reasons: tuple[str, ...]
    lines: tuple  # two Locators
    spans: tuple  # two Locators

    def to_json(self, rank: int) -> dict:
        (la, lb), (sa, sb) = self.lines, self.spans
        return {
            "rank": rank, "type": self.type, "confidence": self.confidence,
            "label": confidence_label(self.confidence), "same_event": 1.0,
            "a": {"claim": la.to_json(), "slot": sa.to_json()},
            "b": {"claim": lb.to_json(), "slot": sb.to_json()},
            "reason": f"{self.type}: {self.detail}", "reasons": list(self.reasons),
            "intra_source": la.source == lb.source,
        }  # fmt: skip
