"""Citation accuracy: the dev gold citations and conflicts, and reference parsing on AnyStyle's gold.

Run ``python eval/cites.py``; ``main()`` prints one table per data set. The seed corpus and gold
are read from ``../shared`` beside the repository; a missing set is reported and skipped.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

from adfontes.analyze import analyze
from adfontes.cite import parse_reference
from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.store import Store, connect

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


def seed_store(folder: Path) -> Store:
    """The seed corpus ingested into a temporary store and run through the cites stage only."""
    store = connect(folder / "seed.db")
    ingest(store, [CORPUS], manifest.load(CORPUS / "corpus.yaml"))
    analyze(store, only={"cites"})
    return store


def gold_citations(store: Store) -> list[tuple[str, str, str]]:
    conn = store.conn
    files = {
        r["path"].rsplit("/", 1)[-1]: (r["id"], r["text"])
        for r in conn.execute("SELECT * FROM files")
    }
    cites = {fid: conn.execute("SELECT c.*, e.start AS estart, e.file_id AS efile, p.kind AS pkind "
                               "FROM citations c LEFT JOIN bib_entries e ON e.id = c.entry_id "
                               "JOIN passages p ON p.id = c.passage_id WHERE c.file_id = ?", (fid,)).fetchall()
             for fid, _ in files.values()}  # fmt: skip
    entries = conn.execute("SELECT * FROM bib_entries").fetchall()
    starts = {fid: line_starts(text) for fid, text in files.values()}
    counts = {"rows": 0, "found": 0, "kind": 0, "resolvable": 0, "resolved": 0, "bib": 0, "bibs": 0}
    for row in rows(GOLD / "citations.tsv"):
        fid, text = files[row["file"]]
        start = text.index(row["raw"], starts[fid][int(row["line"]) - 1])
        end = start + len(row["raw"])
        if row["kind"] == "bibliography_entry":
            counts["bibs"] += 1
            counts["bib"] += any(
                e["file_id"] == fid and e["start"] <= start < e["end"] for e in entries
            )
            continue
        counts["rows"] += 1
        hits = [c for c in cites[fid] if c["start"] < end and start < c["end"]]
        if hits:
            counts["found"] += 1
            counts["kind"] += any(c["kind"] == row["kind"] for c in hits)
        if row["resolves_to_line"]:
            counts["resolvable"] += 1
            got = {
                line_of(starts[c["efile"]], c["estart"]) for c in hits if c["estart"] is not None
            }
            counts["resolved"] += int(row["resolves_to_line"]) in got
    table = [
        ("citations found", counts["found"], counts["rows"]),
        ("kind right (of found)", counts["kind"], counts["found"]),
        ("resolved to the right bibliography entry", counts["resolved"], counts["resolvable"]),
        ("bibliography entries found", counts["bib"], counts["bibs"]),
    ]
    en_id = files[EN][0]
    en_cites = [c for c in cites[en_id] if c["kind"] != "footnote_ref"]
    linked = sum(1 for c in en_cites if c["estart"] is not None or c["kind"] == "archive")
    table.append(
        (
            "en citations (note markers aside) → an entry or an archive document",
            linked,
            len(en_cites),
        )
    )
    notes = [c for c in en_cites if c["pkind"] == "footnote" and c["kind"] != "url"]
    linked = sum(1 for c in notes if c["estart"] is not None or c["kind"] == "archive")
    table.append(
        (
            "en citations in footnotes (URLs aside) → an entry or an archive document",
            linked,
            len(notes),
        )
    )
    out = [(name, f"{a}/{b}", f"{a / max(1, b):.1%}") for name, a, b in table]
    out.insert(
        4, ("en bibliography entries parsed", str(sum(e["file_id"] == en_id for e in entries)), "")
    )
    return out + gold_conflicts(store, files, starts)


def gold_conflicts(store: Store, files: dict, starts: dict) -> list[tuple[str, str, str]]:
    """Gold conflicts about citations (custody, page ranges): found when one problem spans both lines."""
    wanted = [
        r for r in rows(GOLD / "conflicts.tsv") if r["type"] == "custody" or r["id"] == "E-18"
    ]
    problems = store.conn.execute("SELECT * FROM cite_problems").fetchall()
    found = 0
    for row in wanted:
        fid = files[row["file_a"]][0]
        lines = {int(row["line_a"]), int(row["line_b"])}
        for p in problems:
            got = {line_of(starts[p["file_id"]], a) for a, _ in json.loads(p["spans"])}
            if p["file_id"] == fid and lines <= got:
                found += 1
                break
    ids = ", ".join(r["id"] for r in wanted)
    return [(f"citation conflicts of conflicts.tsv found ({ids})", f"{found}/{len(wanted)}", f"{found / max(1, len(wanted)):.1%}")]  # fmt: skip


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    return value.strip(_STRIP)


def _gold_value(row: dict, field: str) -> str:
    if field == "container":
        # AnyStyle tags a container with the "In" before it; CSL leaves it out, for every parser.
        return re.sub(r"^In:?\s+", "", row["container-title"] or row["journal"])
    if field == "doi":
        return re.sub(r"^doi:?\s*", "", row["doi"], flags=re.IGNORECASE)
    return row[field]


def _ours(entry, field: str) -> str:
    key = FIELDS[field]
    if key not in entry.spans:
        return ""
    a, b = (x - entry.start for x in entry.spans[key])
    if field == "volume":
        # AnyStyle's volume tag covers a "vol." before it and an issue right after it.
        before = re.search(r"(?:[Vv]ol\.?|[Vv]\.)\s*$", entry.raw[:a])
        a = before.start() if before else a
        issue = entry.spans.get("issue")
        if issue and 0 <= issue[0] - entry.start - b <= 2:
            b = issue[1] - entry.start
    return entry.raw[a:b]


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


# Our CSL variables as AnyStyle tags, for the token-level measure.
TAGS = {
    "author": {"author"},
    "issued": {"date"},
    "title": {"title"},
    "container-title": {"journal", "container-title"},
    "publisher-place": {"location"},
    "publisher": {"publisher"},
    "page": {"pages"},
    "volume": {"volume"},
    "issue": {"volume"},
    "URL": {"url"},
    "DOI": {"doi"},
    "ISBN": {"isbn"},
    "citation-number": {"citation-number"},
}


def token_errors() -> tuple[int, int, int, int]:
    """AnyStyle's own measure on gold.xml: (references, with an error, tokens, mislabelled).

    Each whitespace token of a reference carries the tag of its gold segment; ours is the field
    whose span covers the token's first character (none for tokens left outside every field).
    """
    from lxml import etree

    tree = etree.parse(
        str(ANYSTYLE / "gold.xml"), etree.XMLParser(resolve_entities=False, no_network=True)
    )
    refs = bad_refs = tokens = bad_tokens = 0
    for seq in tree.getroot():
        parts = [(child.tag, child.text or "") for child in seq]
        raw = " ".join(text for _, text in parts)
        entry = parse_reference(raw, aliases=False)
        spans = [(a, b, TAGS.get(k, set())) for k, (a, b) in entry.spans.items()]
        wrong, at = 0, 0
        for tag, text in parts:
            for m in re.finditer(r"\S+", text):
                start = at + m.start()
                ours = next(
                    (
                        t
                        for a, b, t in spans
                        if a <= start < b or (start < a < start + len(m.group()))
                    ),
                    set(),
                )
                tokens += 1
                wrong += tag not in ours
            at += len(text) + 1
        refs += 1
        bad_refs += wrong > 0
        bad_tokens += wrong
    return refs, bad_refs, tokens, bad_tokens


def main() -> int:
    print("## Citations\n")
    if (GOLD / "citations.tsv").is_file() and (CORPUS / EN).is_file():
        with tempfile.TemporaryDirectory() as tmp:
            store = seed_store(Path(tmp))
            print(
                "Dev gold (`../shared/gold/citations.tsv`, `conflicts.tsv`), measured on the store"
            )
            print("after ingest and the cites stage:\n")
            print("| measure | count | rate |\n| --- | --- | --- |")
            for name, frac, rate in gold_citations(store):
                print(f"| {name} | {frac} | {rate} |")
            store.close()
    else:
        print("dev gold or seed corpus not present: skipped", file=sys.stderr)
    if (ANYSTYLE / "refs.tsv").is_file():
        print("\nReference parsing, AnyStyle gold.xml (1,669 references), exact field match after")
        print("NFC, whitespace and surrounding-punctuation normalisation:\n")
        print("\n".join(anystyle_table()))
        refs, bad_refs, tokens, bad_tokens = token_errors()
        print(
            f"\nAnyStyle's token measure on the same file (adfontes): sequence error rate "
            f"{bad_refs / refs:.1%} ({bad_refs} of {refs} references with a mislabelled token), "
            f"token error rate {bad_tokens / tokens:.1%} ({bad_tokens} of {tokens} tokens)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
