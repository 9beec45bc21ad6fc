"""Document splitting against a hand count of the Hungarian compilation's documents.

``data/hu_documents.tsv`` lists, by line, where each document (or block of scraped noise)
starts, as counted by hand for this project. A predicted start counts when it falls on a hand
start line; precision and recall of the start lines, and the noise found, are printed.
"""

from __future__ import annotations

import csv
from pathlib import Path

from adfontes.ingest.documents import split
from adfontes.ingest.layout import classify
from adfontes.ingest.readers import read_text

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "shared" / "corpus"
FILE = "hu-trotsky-exile-documents.txt"


def main() -> None:
    path = SEED / FILE
    if not path.is_file():
        print("seed corpus not present: skipped")
        return
    with open(HERE / "data" / "hu_documents.tsv", encoding="utf-8") as f:
        hand = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    extracted = read_text(path.read_bytes(), FILE)
    text = extracted.text
    docs = split(text, classify(text, extracted), genre="web")
    predicted = {text.count("\n", 0, d.start) + 1: d for d in docs}
    gold = {int(r["start_line"]): r for r in hand}
    hits = set(predicted) & set(gold)
    noise_hand = {line for line, r in gold.items() if r["kind"] == "noise"}
    noise_found = {line for line, d in predicted.items() if d.noise}
    print(
        f"{FILE}: hand count {len(gold)} ({len(noise_hand)} noise), found {len(predicted)} ({len(noise_found)} noise)"
    )
    print(f"{'':<22} {'precision':>9} {'recall':>7}")
    print(
        f"{'document starts':<22} {len(hits) / len(predicted):>9.2f} {len(hits) / len(gold):>7.2f}"
    )
    print(
        f"{'noise blocks':<22} {len(noise_found & noise_hand) / max(len(noise_found), 1):>9.2f} {len(noise_found & noise_hand) / max(len(noise_hand), 1):>7.2f}"
    )
    missed = sorted(set(gold) - hits)
    extra = sorted(set(predicted) - hits)
    print(f"missed starts (lines): {', '.join(map(str, missed)) or 'none'}")
    print(f"starts not in the hand count (lines): {', '.join(map(str, extra)) or 'none'}")
