"""Ingest + segmentation throughput on the seed corpus and on a corpus 100× its size.

The large corpus repeats the seed files with a varied first line, so every copy is a new file
(its own hash) with the same layout work to do.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.store import connect

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
COPIES = 100


def _run(paths, manifest_path=None) -> tuple[float, int, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        store = connect(Path(tmp) / "bench.db")
        man = manifest.load(manifest_path) if manifest_path else None
        size = sum(p.stat().st_size for p in paths)
        started = time.perf_counter()
        reports = ingest(store, paths, man)
        seconds = time.perf_counter() - started
        passages = sum(r.passages for r in reports)
        store.close()
    return seconds, size, passages, len(reports)


def main() -> None:
    if not SEED.is_dir():
        print("seed corpus not present: skipped")
        return
    seed_files = sorted(SEED.glob("*.txt"))
    rows = []
    seconds, size, passages, files = _run(seed_files, SEED / "corpus.yaml")
    rows.append(("seed corpus", files, size, passages, seconds))
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for i in range(COPIES):
            for f in seed_files:
                target = Path(tmp) / f"{f.stem}-{i:03d}.txt"
                target.write_text(f"Copy {i}\n\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
                copies.append(target)
        seconds, size, passages, files = _run(copies)
        rows.append((f"seed ×{COPIES}", files, size, passages, seconds))
    print(
        f"{'corpus':<14} {'files':>6} {'MB':>8} {'passages':>9} {'seconds':>8} {'MB/s':>6} {'passages/s':>10}"
    )
    for name, files, size, passages, seconds in rows:
        print(
            f"{name:<14} {files:>6} {size / 1e6:>8.2f} {passages:>9} {seconds:>8.2f} "
            f"{size / 1e6 / seconds:>6.2f} {passages / seconds:>10.0f}"
        )


if __name__ == "__main__":
    main()
