"""Cross-lingual retrieval: recall@10 and MRR of lexical, dense and fused search.

Queries and their relevant passages are in ``eval/data/search_queries.yaml`` (each relevant
passage named by file and a short substring, located here). The seed corpus (``../shared/corpus``)
and the demo corpus are ingested into stores kept in the system's temporary folder, so a second
run embeds nothing. Beside our three modes, a plain SQLite FTS5 index over the raw passage text
(default ``unicode61`` tokenizer, BM25, query words OR-ed) is the peer.

    python eval/search.py [--corpus seed|demo] [--no-dense] [--no-balance]
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus"
QUERIES = ROOT / "eval" / "data" / "search_queries.yaml"
K = 10
MODES = ("fts5-plain", "lexical", "dense", "fused")


def corpus_dir(name: str) -> Path:
    if name == "seed":
        return SEED
    from adfontes.demo import corpus_dir as demo

    return demo()


def open_store(name: str, embed: bool):
    """The corpus's store, built on first use and kept; embeddings are added when missing."""
    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.search.embed import default_embedder, embed_missing
    from adfontes.search.stage import VERSION
    from adfontes.store import connect

    folder = corpus_dir(name)
    digest = hashlib.sha256(VERSION.encode())
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    cache = Path(tempfile.gettempdir()) / "adfontes-eval-search"
    cache.mkdir(exist_ok=True)
    db = cache / f"{name}-{digest.hexdigest()[:12]}.db"
    fresh = not db.exists()
    store = connect(db)
    if fresh:
        ingest(store, [folder], manifest.load(folder / "corpus.yaml"), base=folder)
        analyze(store)
    if embed and default_embedder().embedder is not None:
        started = time.perf_counter()
        done = embed_missing(store, default_embedder().embedder)
        if done:
            print(f"  embedded {done} passages in {time.perf_counter() - started:.0f} s")
    return store


def relevant_ids(store, folder: Path, items: list[dict]) -> set[int]:
    """The passages holding each substring (every occurrence), in the file as stored."""
    ids = set()
    for item in items:
        rows = store.conn.execute(
            "SELECT id, text FROM files WHERE superseded_by IS NULL AND (path = ? OR path LIKE ?)",
            (item["file"], "%/" + item["file"]),
        ).fetchall()
        if not rows:
            raise SystemExit(f"{QUERIES.name}: no stored file {item['file']}")
        found = False
        for file_id, text in rows:
            at = text.find(item["text"])
            while at >= 0:
                row = store.conn.execute(
                    "SELECT id FROM passages WHERE file_id = ? AND start <= ? AND end > ?",
                    (file_id, at, at),
                ).fetchone()
                if row:
                    ids.add(row[0])
                    found = True
                at = text.find(item["text"], at + 1)
        if not found:
            raise SystemExit(f"{QUERIES.name}: {item['text']!r} is in no passage of {item['file']}")
    return ids


class PlainFTS:
    """The peer: FTS5 as it comes, over the raw passage text of the same passages."""

    def __init__(self, store) -> None:
        from adfontes.store import search as db

        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        ids = [r[0] for r in store.conn.execute("SELECT passage_id FROM search_docs")]
        rows = db.passage_texts(store.conn, ids) if ids else []
        self.conn.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", rows)

    def search(self, query: str, k: int) -> list[int]:
        from adfontes.search.terms import WORD

        words = ['"' + w + '"' for w in WORD.findall(query)]
        if not words:
            return []
        rows = self.conn.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT ?", (" OR ".join(words), k)
        )
        return [r[0] for r in rows]


def evaluate(
    name: str, queries: list[dict], dense: bool, balance: bool
) -> dict[str, tuple[float, float, int]]:
    from adfontes.search import run

    store = open_store(name, dense)
    folder = corpus_dir(name)
    peer = PlainFTS(store)
    scores: dict[str, list[tuple[float, float]]] = {m: [] for m in MODES}
    per_query = []
    for q in queries:
        wanted = relevant_ids(store, folder, q["relevant"])
        line = [q["id"]]
        for mode in MODES:
            if mode in ("dense", "fused") and not dense:
                continue
            if mode == "fts5-plain":
                got = peer.search(q["query"], K)
            else:
                results = run(store, q["query"], K, mode=mode, balance=balance)
                got = [h.passage.id for h in results.hits]
            recall = len(wanted & set(got)) / len(wanted)
            first = next((i for i, pid in enumerate(got, 1) if pid in wanted), None)
            scores[mode].append((recall, 1 / first if first else 0.0))
            line.append(f"{mode} {recall:.2f}/{(1 / first if first else 0):.2f}")
        per_query.append("  ".join(line))
    store.close()
    for row in per_query:
        print("   ", row)
    return {
        m: (sum(r for r, _ in v) / len(v), sum(x for _, x in v) / len(v), len(v))
        for m, v in scores.items()
        if v
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("seed", "demo"), action="append")
    parser.add_argument("--no-dense", action="store_true", help="Skip embeddings (lexical only).")
    parser.add_argument("--no-balance", action="store_true", help="One ranking for all languages.")
    args = parser.parse_args(argv or [])
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]
    corpora = args.corpus or ["seed", "demo"]
    print(f"| corpus | queries | mode | recall@{K} | MRR |")
    table = []
    for name in corpora:
        if name == "seed" and not SEED.is_dir():
            print("seed corpus not present: skipped")
            continue
        mine = [q for q in queries if q["corpus"] == name]
        print(f"{name}: {len(mine)} queries")
        for mode, (recall, mrr, n) in evaluate(
            name, mine, not args.no_dense, not args.no_balance
        ).items():
            table.append(f"| {name} | {n} | {mode} | {recall:.3f} | {mrr:.3f} |")
    print(f"| corpus | queries | mode | recall@{K} | MRR |")
    print("|---|---|---|---|---|")
    print("\n".join(table))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
