"""The record the time stage produces: one date, range or duration expression in a text."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression at ``text[start:end]``.

    ``value`` is EDTF (``1929-01-18``, ``1927-23``, ``193X``, ``1923/..``, ``XXXX-12-16``) or
    ``DURATION:P73D`` for a duration. ``earliest``/``latest`` are inclusive ISO bounds (None for an
    open end, a duration or an unresolved year). ``anchoring`` says where missing parts came from:
    ``explicit`` (the text gives them), ``anchor:doc`` (the document date) or ``anchor:narrative``
    (the last explicit date before it in the text); a document date found by
    ``infer_document_date`` is ``inferred``. ``role`` is ``document`` for a document's own date
    (its dateline), ``publication`` for an issue or edition date, when the text tells.
    """

    start: int
    end: int
    surface: str
    value: str
    earliest: str | None
    latest: str | None
    precision: str | None
    calendar: str | None
    rule: str
    anchoring: str = "explicit"
    anchor: str | None = None
    role: str | None = None

    @property
    def is_duration(self) -> bool:
        return self.value.startswith("DURATION:")

    def to_json(self) -> dict:
        return asdict(self)
