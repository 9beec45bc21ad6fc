"""A collation as CollateX-style JSON, TEI parallel segmentation, or a readable listing."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from adfontes.variants.collate import Collation, counts


def segments(c: Collation) -> list[tuple[list[int], list[tuple[str, ...]]]]:
    """Consecutive columns with the same agreement pattern, merged: (columns, readings), where a
    reading is the normalised words of each witness in that segment."""
    out: list[tuple[list[int], list[tuple[str, ...]]]] = []
    prev = None
    for i, row in enumerate(c.table):
        norms = [tuple(_key(c, t) for t in cell) for cell in row]
        groups: dict[tuple[str, ...], int] = {}
        pattern = tuple(groups.setdefault(n, len(groups)) if n else -1 for n in norms)
        if pattern == prev and c.mode == "tokens":  # a sentence is a segment of its own
            out[-1][0].append(i)
        else:
            out.append(([i], []))
        prev = pattern
    for cols, readings in out:
        for w in range(len(c.witnesses)):
            readings.append(tuple(_key(c, t) for col in cols for t in c.table[col][w]))
    return out


def _key(c: Collation, token) -> str:
    """What makes two readings one: the normalised word, or a sentence's own words when the
    witnesses are in different languages."""
    return token.n if c.mode == "tokens" else " ".join(token.t.split())


def _reading(c: Collation, cols: list[int], w: int) -> str:
    joint = "" if c.mode == "tokens" else " "
    return joint.join(t.t for col in cols for t in c.table[col][w])


def _agreed(readings: list[tuple[str, ...]]) -> bool:
    return all(readings) and len(set(readings)) == 1


def to_json(c: Collation) -> dict:
    """CollateX's JSON (``witnesses`` and ``table``, one row of cells per witness, ``null`` for a
    gap), with the variants, name changes and locators beside it."""
    sigla = c.sigla
    table = [[[t.to_json() for t in row[w]] or None for row in c.table] for w in range(len(sigla))]
    variants = []
    for v in c.variants:
        wa, wb = c.witnesses[c.index(v.a)], c.witnesses[c.index(v.b)]
        variants.append(
            {
                "kind": v.kind,
                "a": v.a,
                "b": v.b,
                "a_locator": wa.locator(*v.a_span) if v.a_span else None,
                "b_locator": wb.locator(*v.b_span) if v.b_span else None,
                "columns": list(v.columns),
                "moved": v.moved,
            }
        )
    names = []
    for ch in c.names:
        w = c.witnesses[c.index(ch.a if ch.status == "dropped" else ch.b)]
        names.append(
            {
                "status": ch.status,
                "a": ch.a,
                "b": ch.b,
                "entity": ch.entity,
                "locators": [w.locator(s, e) for s, e in ch.spans],
            }
        )
    summary = []
    for b in sigla[1:]:
        mine = [v for v in c.variants if v.b == b]
        summary.append({"a": sigla[0], "b": b, **_totals(c, mine)})
    return {
        "witnesses": sigla,
        "table": table,
        "mode": c.mode,
        "sources": [
            {"siglum": w.siglum, "lang": w.lang, "source": w.source, "path": w.path}
            for w in c.witnesses
        ],
        "summary": summary,
        "variants": variants,
        "names": names,
    }


def _totals(c: Collation, variants) -> dict:
    n = counts(variants, c.table, c.sigla)
    kinds = {k: sum(1 for v in variants if v.kind == k) for k in _KINDS}
    return {
        "variants": kinds,
        "tokens": {k: n.get(k, 0) for k in ("added", "omitted", "substituted", "moved")},
    }


_KINDS = ("addition", "omission", "substitution", "transposition")


def to_tei(c: Collation) -> str:
    """TEI parallel segmentation: agreed text as is, each variation an ``app`` with one ``rdg``
    per distinct reading and the sigla that carry it (an empty ``rdg`` for a gap)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
        "<titleStmt><title>Collation</title></titleStmt>"
        "<publicationStmt><p>adfontes collate</p></publicationStmt><sourceDesc><listWit>",
    ]
    for w in c.witnesses:
        label = escape(w.path or w.siglum)
        parts.append(f"<witness xml:id={quoteattr(_xml_id(w.siglum))}>{label}</witness>")
    parts.append("</listWit></sourceDesc></fileDesc></teiHeader><text><body><p>")
    for cols, readings in segments(c):
        if _agreed(readings):
            parts.append(escape(_reading(c, cols, 0)))
            continue
        parts.append("<app>")
        groups: dict[tuple[str, ...], list[int]] = {}
        for w, r in enumerate(readings):
            groups.setdefault(r, []).append(w)
        for r, ws in groups.items():
            wit = " ".join("#" + _xml_id(c.witnesses[w].siglum) for w in ws)
            text = _reading(c, cols, ws[0]) if r else ""
            parts.append(
                f"<rdg wit={quoteattr(wit)}>{escape(text)}</rdg>"
                if text
                else f"<rdg wit={quoteattr(wit)}/>"
            )
        parts.append("</app>")
    parts.append("</p></body></text></TEI>\n")
    return "".join(parts)


def _xml_id(siglum: str) -> str:
    """xml:id must start with a letter: ``1859`` becomes ``w1859``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in siglum)
    return safe if safe[:1].isalpha() or safe[:1] == "_" else "w" + safe


def to_text(c: Collation, width: int = 100) -> str:
    """Agreed text on its own lines; each variation as one line per reading with its sigla."""
    pad = max(len(s) for s in c.sigla)
    lines = []
    for cols, readings in segments(c):
        if _agreed(readings):
            lines.append("  " + " ".join(_reading(c, cols, 0).split()))
            continue
        groups: dict[tuple[str, ...], list[int]] = {}
        for w, r in enumerate(readings):
            groups.setdefault(r, []).append(w)
        for r, ws in groups.items():
            label = ",".join(c.witnesses[w].siglum for w in ws)
            text = " ".join(_reading(c, cols, ws[0]).split()) if r else "—"
            lines.append(f"| {label:<{pad}} {text}")
    lines.append("")
    for b in c.sigla[1:]:
        mine = [v for v in c.variants if v.b == b]
        t = _totals(c, mine)
        k, n = t["variants"], t["tokens"]
        lines.append(
            f"{b} against {c.sigla[0]}: {k['addition']} additions ({n['added']} words), "
            f"{k['omission']} omissions ({n['omitted']}), {k['substitution']} substitutions "
            f"({n['substituted']}), {k['transposition']} transpositions ({n['moved']})"
        )
    for ch in c.names:
        who = ch.a if ch.status == "dropped" else ch.b
        other = ch.b if ch.status == "dropped" else ch.a
        w = c.witnesses[c.index(who)]
        surfaces = sorted({w.text[s:e] for s, e in ch.spans})
        lines.append(f"name {ch.status}: {', '.join(surfaces)} (in {who}, not in {other})")
    return "\n".join(line[:width] if line.startswith("  ") else line for line in lines) + "\n"
