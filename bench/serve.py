"""Latency of each workbench page on the demo store and the seed store: one first request (rules
and caches loading), then the median and worst of five more, in-process (no socket), HTML and
the JSON twin.

Run: ``python bench/serve.py [--demo PATH] [--seed PATH]`` (``make bench`` runs it). Without a
path the store is built in a temporary folder (the seed corpus only when ``../shared/corpus`` is
beside the repository); embeddings follow ``ADFONTES_EMBED`` as for ``adfontes ingest``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from adfontes.analyze import analyze
from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.serve.server import build_app
from adfontes.store import connect

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus"
RUNS = 5


def build(folder: Path, db: Path, base: Path | None = None) -> str:
    with connect(db) as store:
        ingest(store, [folder], manifest.load(folder / "corpus.yaml"), base=base)
        analyze(store)
    return str(db)


def request(app, path: str, query: dict) -> tuple[int, int]:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": urlencode(query, doseq=True),
               "HTTP_HOST": "127.0.0.1:8000", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
               "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http"}  # fmt: skip
    seen = {}

    def start(status, headers):
        seen["status"] = int(status.split()[0])

    body = b"".join(app(environ, start))
    return seen["status"], len(body)


def pages(app) -> list[tuple[str, str, dict]]:
    conn = app.store.conn
    one = lambda sql: (conn.execute(sql).fetchone() or [None])[0]  # noqa: E731
    biggest = one("SELECT s.id FROM sources s JOIN passages p ON p.source_id = s.id "
                  "GROUP BY s.id ORDER BY count(*) DESC")  # fmt: skip
    person = one("SELECT id FROM entities WHERE kind = 'person' ORDER BY mentions DESC")
    label = one("SELECT label FROM entities WHERE kind = 'person' ORDER BY mentions DESC")
    story = one("SELECT id FROM stories ORDER BY score DESC, id")
    pair = [r[0] for r in conn.execute(
        "SELECT DISTINCT source_id FROM tellings WHERE story_id = ? LIMIT 2", (story,))]  # fmt: skip
    out = [
        ("overview", "/", {}), ("sources", "/sources", {}),
        ("reader (largest source, page 1)", f"/source/{biggest}", {}),
        ("search Trotsky", "/search", {"q": "Trotsky"}),
        ("search Троцкий, lang hu", "/search", {"q": "Троцкий", "lang": "hu"}),
        ("entities", "/entities", {}), ("entity (most named person)", f"/entity/{person}", {}),
        ("timeline", "/timeline", {}), ("timeline who=person", "/timeline", {"who": label}),
        ("stories", "/stories", {}),
    ]  # fmt: skip
    if story:
        out.append(("story", f"/story/{story}", {}))
    if len(pair) == 2:
        out.append(("collate two tellings' sources", "/collate", {"w": pair}))
    claimed = one("SELECT source_id FROM claims GROUP BY source_id ORDER BY count(*) DESC")
    out += [
        ("conflicts", "/conflicts", {}), ("conflicts type=date who=person", "/conflicts",
                                          {"type": "date", "who": label}),
        ("check (the Trotsky arrival claim)", "/check",
         {"q": "Trotsky arrived in Constantinople on 12 February 1929.", "lang": "en"}),
    ]  # fmt: skip
    if claimed:
        out.append(("audit (source with most claims)", f"/audit/{claimed}", {}))
    return out


def bench(name: str, db: str) -> None:
    app = build_app(db)
    print(f"\n{name} ({db})")
    print(f"{'page':<36} {'first ms':>9} {'median ms':>10} {'max ms':>8} {'json ms':>8} {'KB':>7}")
    for label, path, query in pages(app):
        times = []
        for _ in range(RUNS + 1):
            t0 = time.perf_counter()
            status, size = request(app, path, query)
            times.append((time.perf_counter() - t0) * 1000)
            assert status == 200, (path, status)
        twin = "/index.json" if path == "/" else path + ".json"
        t0 = time.perf_counter()
        request(app, twin, query)
        json_ms = (time.perf_counter() - t0) * 1000
        warm = times[1:]
        print(f"{label:<36} {times[0]:>9.1f} {statistics.median(warm):>10.1f} {max(warm):>8.1f} "
              f"{json_ms:>8.1f} {size / 1024:>7.1f}")  # fmt: skip
    app.store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", help="an existing demo store")
    parser.add_argument("--seed", help="an existing seed store")
    args = parser.parse_args(argv if argv is not None else [])
    with tempfile.TemporaryDirectory() as tmp:
        from adfontes.demo import corpus_dir

        demo = args.demo or build(corpus_dir(), Path(tmp) / "demo.db", corpus_dir().parent)
        bench("demo", demo)
        if args.seed or SEED.is_dir():
            seed = args.seed or build(SEED, Path(tmp) / "seed.db")
            bench("seed", seed)
        else:
            print("\nseed corpus not present: skipped")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
