"""Sentence vectors for the variants stage: embedded on demand, only for the sentences whose
pairs or story pieces need a check, and kept in the store for the next run.

A passage vector says what a paragraph is about (a topic); two sentences that tell one thing in
two languages are much nearer one another than two sentences of one topic, which is what the
stage asks of them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from adfontes.store import Store
from adfontes.store import variants as db
from adfontes.variants.reuse import Unit

BATCH = 32
# A sentence is embedded by its first this many characters (its head says what it tells).
MAX_CHARS = 600


class SentenceVectors:
    """Unit-length vectors of units (sentences), by their index in ``units``."""

    def __init__(self, store: Store, units: list[Unit], embedder) -> None:
        self.store = store
        self.units = units
        self.embedder = embedder
        self.vectors: dict[int, np.ndarray] = {}
        self.embedded = 0  # how many were embedded by this run (the others were stored)

    def _key(self, i: int) -> tuple[int, int, int]:
        u = self.units[i]
        return (u.group, u.offset, u.offset + len(u.text))

    def load(self, indexes: Iterable[int]) -> None:
        """Read or embed the vectors of these units (once each)."""
        from adfontes.search.embed import dequantise, quantise

        todo = sorted({i for i in indexes if i not in self.vectors})
        if not todo:
            return
        name = self.embedder.name
        stored = db.sentence_vectors(self.store.conn, name, (self._key(i)[0] for i in todo))
        missing = []
        for i in todo:
            row = stored.get(self._key(i))
            if row is None:
                missing.append(i)
                continue
            scale, raw = row
            q = np.frombuffer(raw, dtype=np.int8)[None, :]
            self.vectors[i] = dequantise(np.asarray([scale]), q)[0]
        for k in range(0, len(missing), BATCH):
            chunk = missing[k : k + BATCH]
            texts = [" ".join(self.units[i].text.split())[:MAX_CHARS] for i in chunk]
            got = np.asarray(self.embedder.passages(texts), dtype=np.float32)
            packed = quantise(got)
            with self.store.transaction() as conn:
                db.put_sentence_vectors(
                    conn,
                    name,
                    (
                        (*self._key(i), got.shape[1], scale, raw)
                        for i, (scale, raw) in zip(chunk, packed, strict=True)
                    ),
                )
            for i, (scale, raw) in zip(chunk, packed, strict=True):
                q = np.frombuffer(raw, dtype=np.int8)[None, :]
                self.vectors[i] = dequantise(np.asarray([scale]), q)[0]
            self.embedded += len(chunk)

    def similarity(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """Cosine of each pair of units."""
        pairs = list(pairs)
        self.load(i for pair in pairs for i in pair)
        return {(i, j): float(self.vectors[i] @ self.vectors[j]) for i, j in pairs}
