"""Speed of the claims stage on the seed corpus: extraction, ``check`` and ``conflicts``.

The seed corpus is ingested and analysed into a temporary store (without embeddings; not
timed). Timed, best of a few rounds: the claims stage alone over every analysable source
(claims written per second), ``conflicts`` over the whole store (loading the claims included),
and ``check`` on claims typed as a user would (the first sentences of stored claims), per claim,
with the claim index loaded once as the CLI does per call.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ROUNDS = 3
CHECKS = 20


def _best(fn) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    return best, out


def main() -> None:
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
        store.close()
    print("## Claims\n")
    print("| what | output | seconds | per second | ms each |\n| --- | --- | --- | --- | --- |")
    for name, out, seconds, n in rows:
        print(f"| {name} | {out} | {seconds:.3f} | {n / seconds:,.0f} | {1000 * seconds / n:.1f} |")


if __name__ == "__main__":
    main()
