"""Speed of the date tagger on the seed corpus, beside ``dateparser.search_dates`` on the same text.

Run: ``python bench/dates.py`` (``make bench`` runs it). dateparser is run on the first
``PEER_CHARS`` characters of each file only (it is far slower); the table says so.
"""

from __future__ import annotations

import time
from pathlib import Path

from adfontes.time import find

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = {"hu-trotsky-exile-documents.txt": "hu", "en-furr-trotskys-lies.txt": "en"}
PEER_CHARS = 40_000
ROUNDS = 3


def _best_of(fn, rounds: int = ROUNDS) -> tuple[float, int]:
    best, n = float("inf"), 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        n = fn()
        best = min(best, time.perf_counter() - t0)
    return best, n


def ours(texts: list[tuple[str, str]]) -> int:
    return sum(len(find(text, lang)) for text, lang in texts)


def dateparser_run(texts: list[tuple[str, str]]) -> int:
    from dateparser.search import search_dates

    return sum(len(search_dates(text, languages=[lang]) or []) for text, lang in texts)


def main() -> None:
    if not CORPUS.is_dir():
        print("(seed corpus not found at ../shared/corpus: skipped)")
        return
    texts = [((CORPUS / name).read_text(encoding="utf-8"), lang) for name, lang in FILES.items()]
    for text, lang in texts:  # compile the rule packs outside the timing
        find(text[:100], lang)
    sample = [(text[:PEER_CHARS], lang) for text, lang in texts]
    rows = []
    for label, fn, data, rounds in (
        ("adfontes (whole corpus)", ours, texts, ROUNDS),
        (f"adfontes (first {PEER_CHARS:,} chars/file)", ours, sample, ROUNDS),
        (f"dateparser (first {PEER_CHARS:,} chars/file)", dateparser_run, sample, 1),
    ):
        seconds, n = _best_of(lambda fn=fn, data=data: fn(data), rounds)
        mb = sum(len(t.encode("utf-8")) for t, _ in data) / 1e6
        rows.append((label, mb, n, seconds, n / seconds, mb / seconds))
    print("## Dates: speed on the seed corpus (best of 3 for adfontes, one run for dateparser)\n")
    print(f"{'tool':<40} {'MB':>6} {'found':>6} {'s':>7} {'expr/s':>9} {'MB/s':>7}")
    for label, mb, n, s, eps, mbs in rows:
        print(f"{label:<40} {mb:>6.3f} {n:>6} {s:>7.2f} {eps:>9.0f} {mbs:>7.3f}")


if __name__ == "__main__":
    main()
