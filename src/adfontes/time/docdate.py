"""A document's own date, from its heading, dateline or signature, when no manifest gives one."""

from __future__ import annotations

from dataclasses import replace

from adfontes.time.find import find
from adfontes.time.model import TimeExpr
from adfontes.time.rulepack import pack

_DAY_OR_MONTH = ("day", "month")
DATELINE_CHARS = 100  # a heading, dateline or signature line, not a sentence of the narrative


def _on_a_dateline(text: str, e: TimeExpr) -> bool:
    """A written date (digits or a Roman month, not an event's name such as "the October
    Revolution") standing in a short line of its own."""
    if not any(ch.isdigit() for ch in e.surface):
        return False
    start = text.rfind("\n", 0, e.start) + 1
    end = text.find("\n", e.end)
    return (len(text) if end == -1 else end) - start <= DATELINE_CHARS


def infer_document_date(text: str, lang: str) -> TimeExpr | None:
    """The first full date (day or month precision, explicit) in the document's head, else the
    last one in its tail (a dateline under a signature); marked with role ``document`` and
    anchoring ``inferred``. None when neither place holds one."""
    p = pack(lang)
    head = p.dateline.get("head_chars", 400)
    tail = p.dateline.get("tail_chars", 400)
    found = [
        e for e in find(text, lang)
        if e.anchoring == "explicit" and e.precision in _DAY_OR_MONTH and e.earliest
        and "/" not in e.value and _on_a_dateline(text, e)
    ]  # fmt: skip
    for e in found:
        if e.start < head:
            return replace(e, role="document", anchoring="inferred")
    for e in reversed(found):
        if e.end > len(text) - tail:
            return replace(e, role="document", anchoring="inferred")
    return None
