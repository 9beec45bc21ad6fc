"""Speed of the names stage: mention finding on the seed corpus, clustering on the seed corpus's
mentions and on 10× and 100× of them, beside a plain rapidfuzz ratio (single link over the
distinct surface forms) and jellyfish metaphone keys on the same mentions.

Run: ``python bench/names.py`` (``make bench`` runs it). Finding is linear in the text (each
passage is read on its own), so the 100× corpus is timed for clustering, which is the step that
sees the whole corpus at once: its mentions are the seed's, repeated with shifted offsets.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from pathlib import Path

from adfontes.names import cluster, find
from adfontes.names.find import attested

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = {"hu-trotsky-exile-documents.txt": "hu", "en-furr-trotskys-lies.txt": "en"}


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def rapidfuzz_single_link(surfaces: list[str], threshold: float = 80) -> int:
    from rapidfuzz import fuzz

    parent = list(range(len(surfaces)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    lowered = [s.lower() for s in surfaces]
    for i, j in itertools.combinations(range(len(surfaces)), 2):
        if fuzz.ratio(lowered[i], lowered[j]) >= threshold:
            parent[root(j)] = root(i)
    return len({root(i) for i in range(len(surfaces))})


def jellyfish_keys(surfaces: list[str]) -> int:
    import jellyfish

    return len({jellyfish.metaphone(s.split()[-1]) for s in surfaces if s.split()})


def main() -> None:
    if not CORPUS.is_dir():
        print("seed corpus not present: skipped")
        return
    find("Троцкого выслали в Алма-Ату.", "ru")  # load the tagger and the rules first
    texts = [((CORPUS / name).read_text(encoding="utf-8"), lang) for name, lang in FILES.items()]
    size = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
    mentions, seconds = _timed(
        lambda: [m for t, lang in texts for m in find(t, lang, known=attested(t, lang))]
    )
    print("Finding (the two seed files, each read whole with its language)")
    print(f"{'corpus':<12} {'MB':>6} {'mentions':>9} {'s':>7} {'mentions/s':>11} {'MB/s':>6}")
    print(f"{'seed':<12} {size:6.3f} {len(mentions):9d} {seconds:7.2f} "
          f"{len(mentions) / seconds:11.0f} {size / seconds:6.3f}")  # fmt: skip
    print()
    print("Clustering (all mentions at once)")
    print(f"{'corpus':<12} {'mentions':>9} {'entities':>9} {'s':>7} {'mentions/s':>11}")
    for scale in (1, 10, 100):
        many = [
            replace(m, start=m.start + k * 1_000_000, end=m.end + k * 1_000_000)
            for k in range(scale)
            for m in mentions
        ]
        entities, seconds = _timed(lambda many=many: cluster(many))
        print(f"{'seed ×' + str(scale):<12} {len(many):9d} {len(entities):9d} {seconds:7.2f} "
              f"{len(many) / seconds:11.0f}")  # fmt: skip
    print()
    surfaces = sorted({m.surface for m in mentions})
    print(f"Peers on the same mentions ({len(surfaces)} distinct surface forms of the seed)")
    print(f"{'method':<40} {'clusters':>9} {'s':>7}")
    ours, seconds = _timed(lambda: cluster(mentions))
    print(f"{'adfontes (keys, rapidfuzz, signatures)':<40} {len(ours):9d} {seconds:7.2f}")
    n, seconds = _timed(lambda: rapidfuzz_single_link(surfaces))
    print(f"{'rapidfuzz ratio ≥ 80, single link':<40} {n:9d} {seconds:7.2f}")
    n, seconds = _timed(lambda: jellyfish_keys(surfaces))
    print(f"{'jellyfish metaphone of the last word':<40} {n:9d} {seconds:7.2f}")


if __name__ == "__main__":
    main()
