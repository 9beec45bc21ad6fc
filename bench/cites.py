"""Citation finding and reference parsing speed on the seed corpus, beside a peer parser.

Citations per second for ``cite.find`` over the whole text of each seed file (every pattern
family), bibliography entries per second for ``parse_reference`` on the English monograph's
bibliography, and references per second on AnyStyle's 1,669 gold references for our parser and
for ``gewita`` (when installed) on the same strings.
"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

from adfontes.analyze import analysable_sources
from adfontes.cite import bibliography, find, parse_reference, stage
from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.store import connect
from adfontes.store import sources as sdb

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED, ANYSTYLE = SHARED / "corpus", SHARED / "external" / "anystyle"
ROUNDS = 3


def _best(fn) -> tuple[float, int]:
    """The fastest of a few rounds (seconds) and what one round returned (a count)."""
    best, count = float("inf"), 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        count = fn()
        best = min(best, time.perf_counter() - started)
    return best, count


def _stage() -> tuple[float, int]:
    """The stage as ``adfontes analyze`` runs it, on a fresh store of the seed corpus (ingest
    is not timed): the best of a few runs and the records it wrote."""
    best, written = float("inf"), 0
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as tmp:
            store = connect(Path(tmp) / "bench.db")
            ingest(store, [SEED], manifest.load(SEED / "corpus.yaml"))
            work = [(s, sdb.passages(store.conn, source_id=s.id, analysable=True))
                    for s in analysable_sources(store)]  # fmt: skip
            started = time.perf_counter()
            written = 0
            for source, passages in work:
                with store.transaction() as conn:
                    written += stage.run_source(conn, source, passages)
            written += stage.run_corpus(store)
            best = min(best, time.perf_counter() - started)
            store.close()
    return best, written


def _gewita():
    try:
        from gewita.refs import Reference, parse_entry_body
    except ImportError:
        return None

    def parse(raw: str) -> None:
        parse_entry_body(Reference(index=1, raw=raw, span=(0, len(raw))), raw)

    return parse


def main() -> None:
    if not SEED.is_dir():
        print("seed corpus not present: skipped")
        return
    rows = []
    for path in sorted(SEED.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        find(text[:1000])  # compile the patterns outside the timing
        seconds, n = _best(lambda text=text: len(find(text)))
        rows.append((f"find: {path.name} ({len(text) / 1e6:.2f} MB)", n, seconds))
    for path in sorted(SEED.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        seconds, n = _best(lambda lines=lines: sum(len(find(line)) for line in lines))
        rows.append((f"find line by line: {path.name} ({len(lines)} lines)", n, seconds))
    seconds, n = _stage()
    rows.append(("cites stage on the stored seed corpus (run_source + run_corpus)", n, seconds))
    en = (SEED / "en-furr-trotskys-lies.txt").read_text(encoding="utf-8")
    seconds, n = _best(lambda: len(bibliography(en)))
    rows.append(("bibliography: split + parse, en monograph", n, seconds))
    if (ANYSTYLE / "refs.tsv").is_file():
        with (ANYSTYLE / "refs.tsv").open(encoding="utf-8") as f:
            refs = [r["raw"] for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
        seconds, n = _best(lambda: sum(1 for r in refs if parse_reference(r, aliases=False)))
        rows.append(("parse_reference: AnyStyle gold refs", n, seconds))
        peer = _gewita()
        if peer is not None:
            seconds, n = _best(lambda: sum(1 for r in refs if peer(r) is None))
            rows.append(("gewita parse_entry_body: same refs", n, seconds))
    print("## Citations\n")
    print("| what | records | seconds | records/s |\n| --- | --- | --- | --- |")
    for name, n, seconds in rows:
        print(f"| {name} | {n} | {seconds:.3f} | {n / seconds:,.0f} |")


if __name__ == "__main__":
    main()
