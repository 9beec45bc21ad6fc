"""Speed of collation beside the ``collatex`` Python package on the same witnesses.

Run: ``python bench/variants.py`` (``make bench`` runs it). Witnesses are the first N words of
chapter 1 of Darwin's *Origin* in the 1859, 1866 and 1872 editions
(``../shared/external/collatex-darwin/witnesses.tsv``). CollateX runs in a child process that is
stopped after ``PEER_CAP`` seconds; a size it does not finish is reported as such.
"""

from __future__ import annotations

import csv
import multiprocessing as mp
import time
from pathlib import Path

from adfontes.variants import Witness, collate

ROOT = Path(__file__).resolve().parents[1]
DARWIN = ROOT.parent / "shared" / "external" / "collatex-darwin" / "witnesses.tsv"
SIGLA = ("1859", "1866", "1872")
SIZES = (500, 1000, 2000, 4000)
PEER_CAP = 120.0
ROUNDS = 3


def darwin_words() -> dict[str, list[str]]:
    with DARWIN.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    out: dict[str, list[str]] = {}
    for r in sorted(rows, key=lambda r: int(r["paragraph"].rsplit("-", 1)[1])):
        out.setdefault(r["siglum"], []).extend(r["text"].split())
    return out


def witnesses(words: dict[str, list[str]], size: int) -> list[tuple[str, str]]:
    return [(s, " ".join(words[s][:size])) for s in SIGLA]


def ours(texts: list[tuple[str, str]], normalise: bool) -> float:
    ws = [Witness(s, t, "en") for s, t in texts]
    best = float("inf")
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        collate(ws, normalise=normalise)
        best = min(best, time.perf_counter() - t0)
    return best


def _collatex(texts: list[tuple[str, str]], out) -> None:
    from collatex import Collation
    from collatex import collate as cx_collate

    c = Collation()
    for s, t in texts:
        c.add_plain_witness(s, t)
    t0 = time.perf_counter()
    cx_collate(c, output="json", segmentation=False)
    out.put(time.perf_counter() - t0)


def collatex(texts: list[tuple[str, str]]) -> float | None:
    """Seconds for one run, or None when it did not finish within PEER_CAP."""
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_collatex, args=(texts, queue))
    proc.start()
    proc.join(PEER_CAP)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return queue.get() if not queue.empty() else None


def collation_table() -> list[str]:
    words = darwin_words()
    collate([Witness("a", "warm up", "en"), Witness("b", "warm up", "en")])  # rule loading
    lines = [
        "| words per witness (3 witnesses) | adfontes | adfontes, words only | collatex 2.3 |",
        "| --- | --- | --- | --- |",
    ]
    print("\n".join(lines), flush=True)
    for size in SIZES:
        texts = witnesses(words, size)
        peer = collatex(texts)
        peer_cell = f"{peer:.2f} s" if peer is not None else f"not done in {PEER_CAP:.0f} s"
        lines.append(
            f"| {size:,} | {ours(texts, True):.3f} s | {ours(texts, False):.3f} s | {peer_cell} |"
        )
        print(lines[-1], flush=True)
    return lines


def main() -> None:
    if not DARWIN.is_file():
        print("collatex-darwin witnesses not present; skipped")
        return
    collation_table()


if __name__ == "__main__":
    main()
