"""Speed of the claims stage: extraction, ``check`` and ``conflicts``, on the seed corpus and on
synthetic corpora of 100k passages.

The seed corpus is ingested and analysed into a temporary store (without embeddings; not
timed). Timed, best of a few rounds: the claims stage alone over every analysable source
(claims written per second), ``conflicts`` over the whole store (loading the claims included),
and ``check`` on claims typed as a user would (the first sentences of stored claims), per claim,
with the claim index loaded once as the CLI does per call.

Synthetic corpora grow a copy of the seed store as ``bench/search.py`` does (each new passage
joins a stretch of one seed passage's indexed words with a stretch of another's and points at
the span of the first), without vectors, so ``check`` searches lexically. The claims of a new
passage are the claim rows of the seed passage whose span it points at, copied with their slots
(the claims stage would read the same sentences and find the same claims). ``check`` latency is
given as p50/p95 over the typed claims; ``conflicts`` is timed once, only up to
``--conflicts-max`` passages (it compares every claim with those that share a rare entity,
event word or quotation, which grows with the square of the copies).

    python bench/claims.py [--sizes 100000] [--conflicts-max 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "shared" / "corpus"
ROUNDS = 3
CHECKS = 20


def _synthetic():
    """``bench/search.py``: the seed store and the passage variation, shared, not copied."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import search

    return search


def _best(fn) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    return best, out


def grow(path: Path, size: int, seed_db: Path, rng: random.Random) -> dict:
    """Copy the seed store and grow it to ``size`` indexed passages, each new passage with the
    claims of the seed passage it points at; returns counts and the build time."""
    from adfontes.store import connect
    from adfontes.store.claims import SLOT_COLUMNS

    vary = _synthetic()._vary
    shutil.copy(seed_db, path)
    store = connect(path)
    conn = store.conn
    base = conn.execute(
        "SELECT p.id, p.file_id, p.source_id, p.kind, p.start, p.end, p.lang, x.words, x.stems, "
        "x.names FROM passages p JOIN search_fts x ON x.rowid = p.id"
    ).fetchall()
    claim_cols = ("source_id", "file_id", "start", "end", "lang", "source_date", "polarity",
                  "modality", "speaker", "speaker_entity")  # fmt: skip
    claims: dict[int, list[tuple]] = {}
    for r in conn.execute(f"SELECT id, passage_id, {', '.join(claim_cols)} FROM claims"):
        claims.setdefault(r["passage_id"], []).append((r["id"], tuple(r)[2:]))
    slots: dict[int, list[tuple]] = {}
    for r in conn.execute(f"SELECT claim_id, {', '.join(SLOT_COLUMNS)} FROM claim_slots"):
        slots.setdefault(r[0], []).append(tuple(r)[1:])
    next_seq = conn.execute("SELECT max(seq) FROM passages").fetchone()[0] + 1
    have = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    started = time.perf_counter()
    while have < size:
        n = min(20_000, size - have)
        picks = [(rng.randrange(len(base)), rng.randrange(len(base))) for _ in range(n)]
        with store.transaction():
            for i, (a, b) in enumerate(picks):
                ra, rb = base[a], base[b]
                cols = [
                    vary(ra[c].split(), rb[c].split(), rng) for c in ("words", "stems", "names")
                ]
                pid = conn.execute(
                    "INSERT INTO passages (file_id, source_id, seq, kind, start, end, page, "
                    "section, lang, langs, norm) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, '{}', '')",
                    (ra["file_id"], ra["source_id"], next_seq + have + i, ra["kind"], ra["start"],
                     ra["end"], ra["lang"]),
                ).lastrowid  # fmt: skip
                conn.execute("INSERT INTO search_fts (rowid, words, stems, names) "
                             "VALUES (?, ?, ?, ?)", (pid, *cols))  # fmt: skip
                conn.execute("INSERT INTO search_docs VALUES (?, ?, ?)",
                             (pid, ra["source_id"], len(cols[0].split())))  # fmt: skip
                for old, row in claims.get(ra["id"], ()):
                    cid = conn.execute(
                        f"INSERT INTO claims (passage_id, {', '.join(claim_cols)}) "
                        f"VALUES (?, {', '.join('?' for _ in claim_cols)})",
                        (pid, *row),
                    ).lastrowid
                    conn.executemany(
                        f"INSERT INTO claim_slots (claim_id, {', '.join(SLOT_COLUMNS)}) "
                        f"VALUES (?, {', '.join('?' for _ in SLOT_COLUMNS)})",
                        [(cid, *s) for s in slots.get(old, ())],
                    )
        have += n
    seconds = time.perf_counter() - started
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n_claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    store.close()
    return {"build_s": seconds, "claims": n_claims}


def _check_latency(store, texts: list[str], index) -> tuple[float, float]:
    from adfontes.claims import views

    views.check_view(store, texts[0], index=index)  # warm the search engine
    samples = []
    for _ in range(ROUNDS):
        for t in texts:
            started = time.perf_counter()
            views.check_view(store, t, index=index)
            samples.append(time.perf_counter() - started)
    return _synthetic()._percentiles(samples)


def arguments() -> argparse.ArgumentParser:
    sizes = _synthetic()._sizes
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--sizes", type=sizes, default=[100_000],
                        help="Synthetic corpus sizes in passages, comma-separated.")  # fmt: skip
    parser.add_argument("--conflicts-max", type=_synthetic()._count(0), default=20_000,
                        help="Largest synthetic size `conflicts` is timed on (0: none).")  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> None:
    args = arguments().parse_args(argv or [])
    if not SEED.is_dir():
        print("seed corpus not present: skipped")
        return
    from adfontes.analyze import analysable_sources, analyze
    from adfontes.claims import stage, views
    from adfontes.claims.index import load
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.store import connect
    from adfontes.store import sources as sdb

    os.environ["ADFONTES_EMBED"] = "0"
    with tempfile.TemporaryDirectory() as tmp:
        store = connect(Path(tmp) / "bench.db")
        ingest(store, [SEED], manifest.load(SEED / "corpus.yaml"))
        analyze(store)
        work = [(s, sdb.passages(store.conn, source_id=s.id, analysable=True))
                for s in analysable_sources(store)]  # fmt: skip
        chars = sum(len(p.text) for _, ps in work for p in ps)

        def extract() -> int:
            written = 0
            for source, passages in work:
                with store.transaction() as conn:
                    written += stage.run_source(conn, source, passages)
            return written

        rows = []
        seconds, n = _best(extract)
        rows.append((f"claims stage, {chars / 1e6:.2f} MB of passages", f"{n} claims", seconds, n))
        seconds, found = _best(lambda: views.conflicts_view(store))
        rows.append(("conflicts, whole store (index load included)", f"{len(found)} conflicts",
                     seconds, len(found)))  # fmt: skip
        index = load(store)
        langs = {"en", "hu"}
        texts = [" ".join(r.text.split()) for r in index.recs.values()
                 if r.lang in langs and len(r.text) < 300][:: max(1, len(index.recs) // 200)]  # fmt: skip
        texts = texts[:CHECKS]
        views.check_view(store, texts[0], index=index)  # warm the search engine
        seconds, _ = _best(lambda: [views.check_view(store, t, index=index) for t in texts])
        rows.append((f"check, {len(texts)} stored sentences typed as claims", f"{len(texts)} checks",
                     seconds, len(texts)))  # fmt: skip
        seconds, _ = _best(lambda: load(store))
        rows.append(("claim index load", f"{len(index.recs)} claims", seconds, len(index.recs)))
        passages = store.conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
        scale = [("seed", passages, len(index.recs), None, _check_latency(store, texts, index),
                  seconds, (rows[1][2], rows[1][3]))]  # fmt: skip
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        for size in args.sizes:
            path = Path(tmp) / f"synthetic-{size}.db"
            built = grow(path, size, Path(tmp) / "bench.db", random.Random(size))
            store = connect(path)
            started = time.perf_counter()
            index = load(store)
            loaded = time.perf_counter() - started
            latency = _check_latency(store, texts, index)
            found = None
            if size <= args.conflicts_max:
                started = time.perf_counter()
                listed = views.conflicts_view(store)
                found = (time.perf_counter() - started, len(listed))
            scale.append((f"synthetic {size:,}", size, built["claims"], built["build_s"], latency,
                          loaded, found))  # fmt: skip
            store.close()
            path.unlink()
    print("## Claims\n")
    print("| what | output | seconds | per second | ms each |\n| --- | --- | --- | --- | --- |")
    for name, out, seconds, n in rows:
        print(f"| {name} | {out} | {seconds:.3f} | {n / seconds:,.0f} | {1000 * seconds / n:.1f} |")
    print("\n| corpus | passages | claims | build s | check p50 ms | check p95 ms "
          "| index load s | conflicts s (listed) |\n|---|---|---|---|---|---|---|---|")  # fmt: skip
    for name, n, claims, build, (p50, p95), loaded, found in scale:
        listed = f"{found[0]:.1f} ({found[1]})" if found else "not run"
        print(f"| {name} | {n:,} | {claims:,} | {'' if build is None else f'{build:.1f}'} "
              f"| {p50:.1f} | {p95:.1f} | {loaded:.2f} | {listed} |")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
