"""Speed of collation beside the ``collatex`` Python package on the same witnesses.

Run: ``python bench/variants.py`` (``make bench`` runs it). Witnesses are the first N words of
chapter 1 of Darwin's *Origin* in the 1859, 1866 and 1872 editions
(``../shared/external/collatex-darwin/witnesses.tsv``). CollateX runs in a child process that is
stopped after ``PEER_CAP`` seconds; a size it does not finish is reported as such.

Reuse detection is timed on the units of the seed corpus (the sentences of its analysable
passages; ingested and analysed into a temporary store) and on 100 copies of them; copy k spells
its words with its own substitution of letters and digits, so the copies share no word, stem or
quoted-word key and the 100x corpus is 100 corpora of the seed's shape in one run (a plain copy
would make every key too common to propose anything). The pairs found are then grouped into stories: pieces, and the
stories of phrases quoted again and again.
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
SPAN = 10_000_000
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


def seed_units():
    import tempfile

    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.store import connect
    from adfontes.variants.stage import units

    corpus = ROOT.parent / "shared" / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        store = connect(Path(tmp) / "seed.db")
        ingest(store, [corpus], manifest.load(corpus / "corpus.yaml"))
        analyze(store)
        found, _ = units(store)
        store.close()
    return found


def copies(units, n: int):
    """``n`` copies of the seed's units, with ids of the stage's shape, ``(passage, offset)``:
    copy k's passages are numbered from ``k * SPAN``."""
    import random

    from adfontes.variants.reuse import Unit

    lower = "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюя"
    out = []
    for k in range(n):
        # Copy k spells every word with its own substitution of letters and digits (copy 0 is
        # the seed itself): words keep their length and shape, and no word, stem or quoted-word
        # key of one copy is met in another but by chance.
        rng = random.Random(k)
        table = {}
        for alphabet in (lower[:26], lower[26:], "0123456789"):
            shuffled = "".join(rng.sample(alphabet, len(alphabet))) if k else alphabet
            table.update(zip(alphabet, shuffled, strict=True))
            table.update(zip(alphabet.upper(), shuffled.upper(), strict=True))
        spell = str.maketrans(table)
        tag = f"~{k}" if k else ""
        for u in units:
            out.append(
                Unit(
                    (k * SPAN + u.id[0], u.id[1]), f"{u.source}{tag}", u.text.translate(spell), u.lang, u.offset,
                    frozenset(f + tag for f in u.features), k * SPAN + u.group,
                )
            )  # fmt: skip
    return out


def reuse_table() -> list[str]:
    from adfontes.variants.quoted import regroup
    from adfontes.variants.reuse import detect
    from adfontes.variants.stage import _groups

    base = seed_units()
    lines = [
        "| corpus | sentences | MB | reuse pairs | seconds | stories | grouping seconds |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    print("\n".join(lines), flush=True)
    for label, n in (("seed", 1), ("seed x100", 100)):
        us = base if n == 1 else copies(base, n)
        mb = sum(len(u.text.encode("utf-8")) for u in us) / 1e6
        t0 = time.perf_counter()
        pairs = detect(us)
        dt = time.perf_counter() - t0
        t0 = time.perf_counter()
        groups = regroup(_groups(pairs), pairs, {u.id: u for u in us})
        dg = time.perf_counter() - t0
        lines.append(
            f"| {label} | {len(us):,} | {mb:.1f} | {len(pairs):,} | {dt:.1f} "
            f"| {len(groups):,} | {dg:.1f} |"
        )
        print(lines[-1], flush=True)
    return lines


def main() -> None:
    if DARWIN.is_file():
        collation_table()
    else:
        print("collatex-darwin witnesses not present; collation skipped")
    if (ROOT.parent / "shared" / "corpus").is_dir():
        reuse_table()
    else:
        print("seed corpus not present; reuse detection skipped")


if __name__ == "__main__":
    main()
