"""Stories: tellings of one story or quotation, ordered by the date of telling, with their drift.

A story is a connected group of reuse pairs. Each telling carries its slots (date of telling,
claimed date, linked event, audience or setting, wording, witnesses named, teller); the drift table has one row
per telling and one column per slot, a cell marked changed when its value differs from the last
telling before it that gave one; the summary line says in words what moved.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from adfontes.variants.tokens import fold

# A claimed date that moves more often than this is summed up by its range.
MOVES = 4
SLOTS = (
    "telling_date", "claimed_date", "linked_event", "audience", "wording", "witnesses", "teller",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Telling:
    """One telling: ``start``/``end`` are offsets into the file ``file_id``; slot spans too."""

    source: str
    file_id: str
    passage: int | None
    start: int
    end: int
    telling_date: str | None = None
    telling_date_from: str | None = None
    claimed_date: str | None = None
    claimed_span: tuple[int, int] | None = None
    audience: str | None = None
    audience_span: tuple[int, int] | None = None
    audience_rule: str | None = None
    wording: str | None = None
    wording_span: tuple[int, int] | None = None
    witnesses: tuple[str, ...] = ()
    teller: str | None = None
    linked_event: str | None = None
    linked_span: tuple[int, int] | None = None


def components(edges: Iterable[tuple[Hashable, Hashable]]) -> list[list[Hashable]]:
    """Connected groups of two or more nodes (union-find), each sorted, largest first."""
    parent: dict[Hashable, Hashable] = {}

    def root(x: Hashable) -> Hashable:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[Hashable, list[Hashable]] = {}
    for x in list(parent):
        groups.setdefault(root(x), []).append(x)
    out = [sorted(g, key=str) for g in groups.values() if len(g) > 1]
    return sorted(out, key=lambda g: (-len(g), str(g[0])))


def _date_key(value: str | None) -> str:
    """Sortable lower bound of an EDTF value: ``1928-12-16``, ``1934`` or a set's first member;
    undated tellings sort last."""
    if not value:
        return "~"
    v = value.strip("[]{}").split(",")[0].split("/")[0].lstrip("~?")
    return v if v[:1].isdigit() else "~"


def order(tellings: list[Telling]) -> list[Telling]:
    """By date of telling, then by place in the corpus."""
    return sorted(tellings, key=lambda t: (_date_key(t.telling_date), t.file_id, t.start))


def _value(t: Telling, slot: str) -> str | None:
    v = getattr(t, slot)
    if isinstance(v, tuple):
        return ", ".join(v) if v else None
    return v


def _same(a: str, b: str) -> bool:
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


def drift(tellings: list[Telling]) -> list[dict[str, dict]]:
    """One row per telling (in the given order): slot -> {value, changed}."""
    last: dict[str, str] = {}
    rows = []
    for t in tellings:
        row = {}
        for slot in SLOTS:
            v = _value(t, slot)
            changed = v is not None and slot in last and not _same(v, last[slot])
            row[slot] = {"value": v, "changed": changed}
            if v is not None:
                last[slot] = v
        rows.append(row)
    return rows


def _distinct(values: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v is not None and not any(_same(v, o) for o in out):
            out.append(v)
    return out


def summary(tellings: list[Telling]) -> str:
    """One line: how many tellings in how many sources, the earliest attestation, and what moved."""
    n_sources = len({t.source for t in tellings})
    parts = [f"{len(tellings)} tellings in {n_sources} source{'s' * (n_sources != 1)}"]
    first = next((t for t in tellings if t.telling_date), None)
    if first is not None:
        parts.append(f"earliest attestation {first.telling_date}")
    claimed = _distinct(t.claimed_date for t in tellings)
    if len(claimed) == 1:
        parts.append(f"claimed date {claimed[0]} throughout")
    elif claimed:
        moves = [claimed[0]]
        after = None
        for t in tellings:
            if t.claimed_date and not _same(t.claimed_date, moves[-1]):
                moves.append(t.claimed_date)
                after = after or t.telling_date
        dated = sorted((c for c in claimed if _date_key(c) != "~"), key=_date_key)
        if len(moves) - 1 <= MOVES or len(dated) < 2:
            text = "claimed date moves " + " → ".join(moves)
            parts.append(text + (f" after {after}" if after else ""))
        else:
            parts.append(f"claimed date varies {len(claimed)} ways, from {dated[0]} to {dated[-1]}")
    audiences = _distinct(t.audience for t in tellings)
    if len(audiences) > 1:
        parts.append(f"audience varies {len(audiences)} ways")
    elif audiences:
        parts.append(f"audience: {audiences[0]}")
    wordings = _distinct(t.wording for t in tellings)
    if len(wordings) > 1:
        parts.append(f"wording varies {len(wordings)} ways")
    named = _distinct(w for t in tellings for w in t.witnesses)
    if named:
        parts.append("witnesses named: " + ", ".join(named[:5]) + ("…" if len(named) > 5 else ""))
    else:
        parts.append("no witness other than the narrator is ever named: single-witness story")
    return "; ".join(parts)
