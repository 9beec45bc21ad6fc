"""Citation accuracy: the dev gold citations and conflicts, and reference parsing on AnyStyle's gold.

Run ``python eval/cites.py``; ``main()`` prints one table per data set. The seed corpus and gold
are read from ``../shared`` beside the repository; a missing set is reported and skipped.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

from adfontes.cite import bibliography, check, find, parse_reference, resolve

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS, GOLD, ANYSTYLE = SHARED / "corpus", SHARED / "gold", SHARED / "external" / "anystyle"
EN = "en-furr-trotskys-lies.txt"
# AnyStyle tags and the CSL-JSON variable our parser fills for each.
FIELDS = {
    "author": "author",
    "date": "issued",
    "title": "title",
    "container": "container-title",
    "location": "publisher-place",
    "publisher": "publisher",
    "pages": "page",
    "volume": "volume",
    "url": "URL",
    "doi": "DOI",
}
_STRIP = ".,;:()[]«»“”\"' "


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def line_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


def analyse(text: str, entries) -> tuple[list, list, list]:
    """Citations outside the bibliography, their links, and the problems found."""
    bib_start = min((e.start for e in entries), default=len(text))
    bib_end = max((e.end for e in entries), default=len(text))
    cites = [c for c in find(text) if not (bib_start <= c.start < bib_end)]
    links = resolve(cites, entries)
    return cites, links, check(cites, entries, links)


def gold_citations() -> list[tuple[str, str]]:
    texts = {
        f: (CORPUS / f).read_text(encoding="utf-8") for f in ("hu-trotsky-exile-documents.txt", EN)
    }
    en = texts[EN]
    entries = bibliography(en)
    en_starts = line_starts(en)
    entry_line = [line_of(en_starts, e.start) for e in entries]
    results = {}
    for name, text in texts.items():
        cites, links, problems = analyse(text, entries)
        results[name] = (text, line_starts(text), cites, {lk.cite: lk for lk in links}, problems)
    counts = {"rows": 0, "found": 0, "kind": 0, "resolvable": 0, "resolved": 0, "bib": 0, "bibs": 0}
    for row in rows(GOLD / "citations.tsv"):
        text, starts, cites, links, _ = results[row["file"]]
        lo = starts[int(row["line"]) - 1]
        start = text.index(row["raw"], lo)
        end = start + len(row["raw"])
        if row["kind"] == "bibliography_entry":
            counts["bibs"] += 1
            counts["bib"] += any(e.start <= start and end <= e.end + 1 for e in entries)
            continue
        counts["rows"] += 1
        hits = [(i, c) for i, c in enumerate(cites) if c.start < end and start < c.end]
        if hits:
            counts["found"] += 1
            counts["kind"] += any(c.kind == row["kind"] for _, c in hits)
        if row["resolves_to_line"]:
            counts["resolvable"] += 1
            want = int(row["resolves_to_line"])
            got = {
                entry_line[links[i].entry]
                for i, _ in hits
                if i in links and links[i].entry is not None
            }
            counts["resolved"] += want in got
    table = [
        ("citations found", f"{counts['found']}/{counts['rows']}", counts["found"] / counts["rows"]),
        ("kind right (of found)", f"{counts['kind']}/{counts['found']}", counts["kind"] / max(1, counts["found"])),
        ("resolved to the right entry", f"{counts['resolved']}/{counts['resolvable']}", counts["resolved"] / max(1, counts["resolvable"])),
        ("bibliography entries found", f"{counts['bib']}/{counts['bibs']}", counts["bib"] / max(1, counts["bibs"])),
    ]  # fmt: skip
    out = [(name, frac, f"{rate:.1%}") for name, frac, rate in table]
    text, starts, cites, links, problems = results[EN]
    out.append(("EN bibliography entries parsed", str(len(entries)), ""))
    kinds = [c for c in cites if c.kind != "footnote_ref"]
    linked = sum(
        1
        for i, c in enumerate(cites)
        if c.kind != "footnote_ref" and i in links and links[i].entry is not None
    )
    archive = sum(1 for c in kinds if c.kind == "archive")
    out.append(("EN citations (no note markers) → entry or archive", f"{linked + archive}/{len(kinds)}", f"{(linked + archive) / max(1, len(kinds)):.1%}"))  # fmt: skip
    conflicts = gold_conflicts(results)
    return out + conflicts


def gold_conflicts(results: dict) -> list[tuple[str, str, str]]:
    """Gold conflicts about citations (custody, page ranges): found when a problem spans both lines."""
    wanted = [
        r for r in rows(GOLD / "conflicts.tsv") if r["type"] == "custody" or r["id"] == "E-18"
    ]
    found = 0
    for row in wanted:
        _, starts, _, _, problems = results[row["file_a"]]
        lines = {int(row["line_a"]), int(row["line_b"])}
        for p in problems:
            got = {line_of(starts, a) for a, _ in p.spans}
            if lines <= got:
                found += 1
                break
    ids = ", ".join(r["id"] for r in wanted)
    return [
        (
            f"citation conflicts found ({ids})",
            f"{found}/{len(wanted)}",
            f"{found / max(1, len(wanted)):.1%}",
        )
    ]


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    return value.strip(_STRIP)


def _gold_value(row: dict, field: str) -> str:
    if field == "container":
        return row["container-title"] or row["journal"]
    return row[field]


def _ours(entry, field: str) -> str:
    key = FIELDS[field]
    if key not in entry.spans:
        return ""
    a, b = entry.spans[key]
    return entry.raw[a - entry.start : b - entry.start]


def score_anystyle(parse) -> dict[str, tuple[int, int, int]]:
    """Per field (true positives, predicted, gold) for a parser ``raw -> {field: value}``."""
    tally = {f: [0, 0, 0] for f in FIELDS}
    for row in rows(ANYSTYLE / "refs.tsv"):
        got = parse(row["raw"])
        for field in FIELDS:
            gold = _norm(_gold_value(row, field))
            mine = _norm(got.get(field, ""))
            tally[field][1] += bool(mine)
            tally[field][2] += bool(gold)
            tally[field][0] += bool(mine) and mine == gold
    return {f: tuple(v) for f, v in tally.items()}


def ours(raw: str) -> dict[str, str]:
    entry = parse_reference(raw, aliases=False)
    return {f: _ours(entry, f) for f in FIELDS}


def peer_gewita():
    """``gewita`` (MIT, pure Python, heuristic GB/T 7714 and APA-lite reference parser)."""
    try:
        from gewita.refs import Reference, parse_entry_body
    except ImportError:
        return None

    def run(raw: str) -> dict[str, str]:
        ref = Reference(index=1, raw=raw, span=(0, len(raw)))
        parse_entry_body(ref, raw)
        return {
            "author": ", ".join(ref.authors),
            "date": str(ref.year or ""),
            "title": ref.title,
            "container": ref.venue,
            "url": ref.url,
            "doi": ref.doi,
        }

    return run


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def anystyle_table() -> list[str]:
    parsers = {"adfontes": ours}
    peer = peer_gewita()
    if peer is not None:
        parsers["gewita"] = peer
    scores = {name: score_anystyle(fn) for name, fn in parsers.items()}
    head = "| field | gold | " + " | ".join(f"{n} P / R / F1" for n in parsers) + " |"
    out = [head, "|" + " --- |" * (2 + len(parsers))]
    totals = {n: [0, 0, 0] for n in parsers}
    for field in FIELDS:
        cells = []
        for name in parsers:
            tp, pred, gold = scores[name][field]
            for k, v in enumerate((tp, pred, gold)):
                totals[name][k] += v
            p, r, f = prf(tp, pred, gold)
            cells.append(f"{p:.2f} / {r:.2f} / {f:.2f}")
        out.append(f"| {field} | {scores['adfontes'][field][2]} | " + " | ".join(cells) + " |")
    cells = [" / ".join(f"{x:.2f}" for x in prf(*totals[n])) for n in parsers]
    out.append("| micro | " + str(totals["adfontes"][2]) + " | " + " | ".join(cells) + " |")
    return out


def main() -> int:
    print("## Citations\n")
    if (GOLD / "citations.tsv").is_file() and (CORPUS / EN).is_file():
        print("| measure (dev gold) | count | rate |\n| --- | --- | --- |")
        for name, frac, rate in gold_citations():
            print(f"| {name} | {frac} | {rate} |")
    else:
        print("dev gold or seed corpus not present: skipped", file=sys.stderr)
    if (ANYSTYLE / "refs.tsv").is_file():
        print("\nReference parsing, AnyStyle gold.xml (1,669 references), exact field match after")
        print("NFC, whitespace and surrounding-punctuation normalisation:\n")
        print("\n".join(anystyle_table()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
