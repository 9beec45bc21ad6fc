"""Accuracy of the claims stage: conflicts found, and stances.

1. Demo key (``src/adfontes/demo/key.yaml``, ``conflicts``): a key conflict is found when one
   listed conflict joins a claim overlapping quote a with one overlapping quote b; its rank is
   reported, and recall over all listed conflicts and within the top 50.
2. Seed gold (``../shared/gold/conflicts.tsv``): the same on lines (a claim is at a gold row when
   it starts on, or runs over, the row's line), recall within the top 50 and overall. Rows that
   the gold marks as agreements or links, not contradictions, are counted apart.
3. Stance on ``../shared/gold/claims.tsv``: the claim and evidence sentences are compared slot by
   slot; ``refutes`` should come out ``contradicts``, ``supports`` ``supports``.

4. WiCE (``../shared/external/wice/dev.jsonl``, evaluation only): each claim against every
   sentence of the page it cites, accuracy per label.

Run: ``python eval/claims.py [demo|seed|wice …] [--wice-limit N]`` (``make eval`` runs all).
Both corpora are ingested and analysed into temporary stores, without embeddings.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED, GOLD = SHARED / "corpus", SHARED / "gold"
TOP = 50


def _build(folder: Path, db: Path, base: Path | None = None):
    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.store import connect

    os.environ["ADFONTES_EMBED"] = "0"
    store = connect(db)
    ingest(store, [folder], manifest.load(folder / "corpus.yaml"), base=base)
    analyze(store)
    return store


def _rank(conflicts, hit_a, hit_b) -> int | None:
    for c in conflicts:
        a, b = c["a"]["claim"], c["b"]["claim"]
        if (hit_a(a) and hit_b(b)) or (hit_a(b) and hit_b(a)):
            return c["rank"]
    return None


def demo_key(tmp: Path) -> None:
    from adfontes.claims import views
    from adfontes.demo import corpus_dir

    folder = corpus_dir()
    store = _build(folder, tmp / "demo.db", folder.parent)
    conflicts = views.conflicts_view(store)
    texts = {r[0]: r[1] for r in store.conn.execute("SELECT path, text FROM files")}
    key = yaml.safe_load((folder.parent / "key.yaml").read_text(encoding="utf-8"))

    def hit(side):
        path = next(p for p in texts if p.endswith(side["file"]))
        start = texts[path].index(side["quote"])
        end = start + len(side["quote"])
        return lambda loc: loc["path"] == path and loc["start"] < end and start < loc["end"]

    rows = [
        (c["id"], c["type"], _rank(conflicts, hit(c["a"]), hit(c["b"]))) for c in key["conflicts"]
    ]
    found = [r for r in rows if r[2] is not None]
    print(f"demo key: {len(conflicts)} conflicts listed")
    for cid, kind, rank in rows:
        print(f"  {cid:<5} {kind:<9} rank {rank if rank else '-'}")
    tops = ", ".join(
        f"{sum(1 for r in found if r[2] <= n)}/{len(rows)} in the top {n}" for n in (10, 20, TOP)
    )
    print(f"  recall {len(found)}/{len(rows)} overall, {tops}")
    store.close()


def _gold(name: str) -> list[dict]:
    with (GOLD / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def seed_gold(tmp: Path) -> None:
    from adfontes.claims import views
    from adfontes.claims.compare import compare
    from adfontes.claims.index import load

    store = _build(SEED, tmp / "seed.db")
    conflicts = views.conflicts_view(store)
    texts = {
        r[0].rsplit("/", 1)[-1]: r[1] for r in store.conn.execute("SELECT path, text FROM files")
    }

    def hit(file: str, line: int):
        def test(loc) -> bool:
            if not loc["path"].endswith(file):
                return False
            last = loc["line"] + texts[file].count("\n", loc["start"], loc["end"])
            return loc["line"] <= line <= last

        return test

    rows = _gold("conflicts.tsv")
    links = {r["id"] for r in rows if "agreement" in r["detail"] or "link" in r["detail"]
             or "consistent" in r["detail"]}  # fmt: skip
    print(f"\nseed gold conflicts.tsv: {len(conflicts)} conflicts listed")
    found = top = 0
    for r in rows:
        rank = _rank(
            conflicts, hit(r["file_a"], int(r["line_a"])), hit(r["file_b"], int(r["line_b"]))
        )
        note = " (link, not a contradiction)" if r["id"] in links else ""
        print(f"  {r['id']:<5} {r['type']:<12} rank {rank if rank else '-'}{note}")
        if r["id"] not in links:
            found += rank is not None
            top += rank is not None and rank <= TOP
    n = len(rows) - len(links)
    print(f"  recall of contradictions {found}/{n} overall, {top}/{n} in the top {TOP}")
    print(f"\ntop {TOP} (for judging):")
    for c in conflicts[:TOP]:
        print(f"  #{c['rank']} {c['type']} {c['confidence']:.2f} {c['label']} "
              f"{c['a']['claim']['line']} vs {c['b']['claim']['line']}: {c['reason'][:100]}")  # fmt: skip
    labels = [c["label"] for c in conflicts]
    print("  labels: " + ", ".join(f"{n} {lab}" for lab in ("likely", "possible", "weak")
                                   if (n := labels.count(lab))))  # fmt: skip

    index = load(store)
    mapping = {"supports": "supports", "refutes": "contradicts"}
    right = total = 0
    print("\nstance on gold claims.tsv:")
    for r in _gold("claims.tsv"):
        a = [x for x in index.recs.values() if hit(r["claim_file"], int(r["claim_line"]))(
            {"path": x.file_id and _path(store, x.file_id), "line": _line(texts, r["claim_file"], x.start),
             "start": x.start, "end": x.end})]  # fmt: skip
        b = [x for x in index.recs.values() if hit(r["evidence_file"], int(r["evidence_line"]))(
            {"path": x.file_id and _path(store, x.file_id), "line": _line(texts, r["evidence_file"], x.start),
             "start": x.start, "end": x.end})]  # fmt: skip
        stance = "no claim read" if not a or not b else _best(a, b, index, compare)
        expected = mapping.get(r["stance"], "related")
        total += 1
        right += stance == expected
        print(f"  {r['id']} gold {r['stance']:<11} ours {stance}")
    print(
        f"  stance accuracy {right}/{total} (gold supports→supports, refutes→contradicts, "
        "other→related)"
    )
    store.close()


def _path(store, file_id: str) -> str:
    return store.conn.execute("SELECT path FROM files WHERE id = ?", (file_id,)).fetchone()[0]


def _line(texts: dict, file: str, offset: int) -> int:
    return texts[file].count("\n", 0, offset) + 1


def _best(a, b, index, compare) -> str:
    from adfontes.claims.views import _stance

    stances = [
        _stance(x, y, compare(x, y, index)) or "unrelated" for x in a for y in b if x.id != y.id
    ]
    for s in ("contradicts", "supports", "related"):
        if s in stances:
            return s
    return "unrelated"


WICE = SHARED / "external" / "wice" / "dev.jsonl"
WICE_LABELS = ("supported", "partially_supported", "not_supported")


def _wice_recs(texts: list[str], lang: str = "en"):
    """Each string read as one claim (names and dates by their finders, cues by the rules),
    whether or not the stage would keep it as checkable."""
    from adfontes.claims.extract import read_sentence, text_slots
    from adfontes.claims.index import make_rec
    from adfontes.claims.model import Claim

    joined = "\n".join(texts)
    slots_for = text_slots(joined, lang)
    recs, start = [], 0
    for i, t in enumerate(texts):
        end = start + len(t)
        slots = read_sentence(joined, start, end, lang) + slots_for(start, end)
        slots.sort(key=lambda x: (x.start, x.end, x.kind))
        claim = Claim(start, end, t, lang, tuple(slots))
        recs.append(make_rec(id=i, source_id="evidence", file_id="wice", passage_id=i, p_seq=i,
                             start=start, end=end, text=t, lang=lang, polarity=claim.polarity,
                             slots=slots))  # fmt: skip
        start = end + 1
    return recs


def wice(limit: int | None = None) -> None:
    """WiCE (English Wikipedia sentences against the pages they cite): the claim compared with
    every evidence sentence; the sentences that support it or are related hold the whole claim
    between them (``coverage.support``) → supported, some bear on it → partially supported, else
    not supported. Evaluation only: nothing of WiCE is kept."""
    import json
    from collections import Counter

    from adfontes.claims.compare import compare
    from adfontes.claims.coverage import support
    from adfontes.claims.index import ClaimIndex
    from adfontes.claims.views import _stance

    rows = [json.loads(line) for line in WICE.open(encoding="utf-8")][:limit]
    confusion: Counter = Counter()
    found = right = 0
    for row in rows:
        recs = _wice_recs([row["claim"], *row["evidence"]])
        claim, evidence = recs[0], recs[1:]
        claim.id, claim.passage_id, claim.source_id = -1, -1, "claim"
        index = ClaimIndex({r.id: r for r in recs}, {})
        stances, items = {}, []
        for ev in evidence:
            comp = compare(claim, ev, index)
            st = _stance(claim, ev, comp)
            if st:
                stances[ev.id] = st
                items.append((st, comp, ev))
        level = support(claim, items)["level"]
        ours = {"whole": "supported", "part": "partially_supported"}.get(level, "not_supported")
        confusion[(row["label"], ours)] += 1
        gold = {i for group in row["supporting_sentences"] for i in group}
        # evidence sentence i of the row is claim record i + 1 (record 0 is the claim)
        said = {i - 1 for i, st in stances.items() if st == "supports"}
        found += len(said)
        right += len(said & gold)
    print(f"\nWiCE dev ({len(rows)} claims): rows gold, columns ours")
    print("  " + " " * 20 + "".join(f"{lab:>21}" for lab in WICE_LABELS))
    for gold_label in WICE_LABELS:
        n = sum(confusion[(gold_label, o)] for o in WICE_LABELS)
        cells = "".join(f"{confusion[(gold_label, o)]:>21}" for o in WICE_LABELS)
        acc = confusion[(gold_label, gold_label)] / n if n else 0.0
        print(f"  {gold_label:<20}{cells}   accuracy {acc:.3f} of {n}")
    total = sum(confusion.values())
    hits = sum(confusion[(lab, lab)] for lab in WICE_LABELS)
    print(f"  overall {hits}/{total} = {hits / max(total, 1):.3f}")
    f1s = [_f1(confusion, [lab], [lab]) for lab in WICE_LABELS]
    print(
        f"  macro-F1 over the three labels {sum(f1s) / len(f1s):.3f} "
        f"({', '.join(f'{lab} {f:.3f}' for lab, f in zip(WICE_LABELS, f1s, strict=True))})"
    )
    rest = [lab for lab in WICE_LABELS if lab != "supported"]
    binary = _f1(confusion, ["supported"], ["supported"])
    right_binary = confusion[("supported", "supported")] + sum(
        confusion[(g, o)] for g in rest for o in rest
    )
    print(
        f"  binary, fully supported or not (the setting of the WiCE authors' table): F1 "
        f"{binary:.3f}, accuracy {right_binary}/{total} = {right_binary / max(total, 1):.3f}"
    )
    print(f"  evidence sentences we call supporting: {found}, of them in a gold supporting set: "
          f"{right} ({right / max(found, 1):.3f})")  # fmt: skip


def _f1(confusion: dict, gold: list[str], ours: list[str]) -> float:
    """F1 of the labels ``ours`` predicted against the labels ``gold`` (one class)."""
    tp = sum(confusion[(g, o)] for g in gold for o in ours)
    predicted = sum(n for (_, o), n in confusion.items() if o in ours)
    actual = sum(n for (g, _), n in confusion.items() if g in gold)
    p, r = tp / max(predicted, 1), tp / max(actual, 1)
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Accuracy of the claims stage.")
    parser.add_argument("parts", nargs="*", choices=["demo", "seed", "wice", []],
                        help="which parts to run (default: all)")  # fmt: skip
    parser.add_argument("--wice-limit", type=int, default=None, help="the first N WiCE claims")
    args = parser.parse_args(argv or [])
    parts = set(args.parts) or {"demo", "seed", "wice"}
    with tempfile.TemporaryDirectory() as tmp:
        if "demo" in parts:
            demo_key(Path(tmp))
        if "seed" in parts:
            if SEED.is_dir() and GOLD.is_dir():
                seed_gold(Path(tmp))
            else:
                print("seed corpus or gold not present: skipped")
    if "wice" in parts:
        if WICE.is_file():
            wice(args.wice_limit)
        else:
            print("WiCE not present: skipped")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
