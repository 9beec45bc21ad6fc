"""Accuracy of the claims stage: conflicts found, and stances.

1. Demo key (``src/adfontes/demo/key.yaml``, ``conflicts``): a key conflict is found when one
   listed conflict joins a claim overlapping quote a with one overlapping quote b; its rank is
   reported, and recall over all listed conflicts and within the top 50.
2. Seed gold (``../shared/gold/conflicts.tsv``): the same on lines (a claim is at a gold row when
   it starts on, or runs over, the row's line), recall within the top 50 and overall. Rows that
   the gold marks as agreements or links, not contradictions, are counted apart.
3. Stance on ``../shared/gold/claims.tsv``: the claim and evidence sentences are compared slot by
   slot; ``refutes`` should come out ``contradicts``, ``supports`` ``supports``.

Run: ``python eval/claims.py`` (``make eval`` runs it). Both corpora are ingested and analysed
into temporary stores, without embeddings.
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        demo_key(Path(tmp))
        if SEED.is_dir() and GOLD.is_dir():
            seed_gold(Path(tmp))
        else:
            print("seed corpus or gold not present: skipped")


if __name__ == "__main__":
    main()
