"""Dense retrieval over the stored vectors: exact while the corpus is small, approximate when large.

Exact search is one matrix product (numpy). From ``ANN_MIN`` vectors on, an HNSW index from
``usearch`` (an optional extra) answers instead; it is built once, stored in the store and
rebuilt when the vectors change. Without usearch, search stays exact.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from adfontes.search.embed import dequantise
from adfontes.search.facts import fact
from adfontes.store import Store
from adfontes.store import search as db

ANN_MIN = int(os.environ.get("ADFONTES_ANN_MIN", "50000"))
# With a filter that leaves at most this many passages, search them exactly.
EXACT_SUBSET = 50_000


@dataclass(slots=True)
class VectorIndex:
    model: str
    state: tuple[int, int]
    ids: np.ndarray  # sorted passage ids
    scales: np.ndarray
    codes: np.ndarray  # int8 rows
    langs: np.ndarray  # each passage's language
    unit: np.ndarray | None = None  # float32 rows, for exact search
    ann: object | None = None
    library: str | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def lang(self, passage_id: int) -> str | None:
        i = int(np.searchsorted(self.ids, passage_id))
        return self.langs[i] if i < len(self.ids) and self.ids[i] == passage_id else None

    def vector(self, passage_id: int) -> np.ndarray | None:
        i = int(np.searchsorted(self.ids, passage_id))
        if i >= len(self.ids) or self.ids[i] != passage_id:
            return None
        return dequantise(self.scales[i : i + 1], self.codes[i : i + 1])[0]

    def _exact(self, query: np.ndarray, rows: np.ndarray | None, k: int) -> list[tuple[int, float]]:
        if rows is None:
            unit = self.unit if self.unit is not None else dequantise(self.scales, self.codes)
            ids = self.ids
        else:
            unit = dequantise(self.scales[rows], self.codes[rows])
            ids = self.ids[rows]
        if not len(ids):
            return []
        sims = unit @ query
        k = min(k, len(ids))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(int(ids[i]), float(sims[i])) for i in top]

    def search(
        self, query: np.ndarray, k: int, allowed: Collection[int] | None = None
    ) -> list[tuple[int, float]]:
        """(passage id, cosine similarity), best first, among ``allowed`` when given."""
        query = np.asarray(query, dtype=np.float32)
        query = query / (np.linalg.norm(query) or 1.0)
        if allowed is not None:
            wanted = np.fromiter(allowed, dtype=np.int64)
            rows = np.searchsorted(self.ids, wanted)
            rows = rows[(rows < len(self.ids))]
            rows = rows[np.isin(self.ids[rows], wanted)]
            if self.ann is None or len(rows) <= EXACT_SUBSET:
                return self._exact(query, np.sort(rows), k)
            return self._ann(query, k, set(int(a) for a in allowed))
        if self.ann is None:
            return self._exact(query, None, k)
        return self._ann(query, k, None)

    def _ann(self, query: np.ndarray, k: int, allowed: set[int] | None) -> list[tuple[int, float]]:
        want = k if allowed is None else k * 10
        while True:
            found = self.ann.search(query, min(want, len(self.ids)))
            hits = [
                (int(key), 1.0 - float(d))
                for key, d in zip(found.keys, found.distances, strict=True)
            ]
            if allowed is not None:
                hits = [h for h in hits if h[0] in allowed]
            if len(hits) >= k or want >= len(self.ids):
                return hits[:k]
            want *= 4


_cache: dict[tuple[str, str], VectorIndex] = {}


def load(store: Store, model: str, *, ann_min: int = ANN_MIN) -> VectorIndex | None:
    """The vectors of ``model`` in ``store`` (cached per store while they do not change)."""
    state = fact(store.conn, db.embedding_state, model)
    if not state[0]:
        return None
    key = (str(store.path) if store.path != ":memory:" else f"mem{id(store)}", model)
    cached = _cache.get(key)
    if cached is not None and cached.state == state:
        return cached
    ids, scales, blobs, langs = [], [], [], []
    for pid, scale, blob, lang in db.embeddings(store.conn, model):
        ids.append(pid)
        scales.append(scale)
        blobs.append(blob)
        langs.append(lang)
    if not ids:
        return None
    codes = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(ids), -1)
    index = VectorIndex(
        model, state, np.asarray(ids, dtype=np.int64), np.asarray(scales), codes,
        np.asarray(langs, dtype=object),
    )  # fmt: skip
    if len(ids) >= ann_min and _ann_library() is not None:
        index.ann, index.library = _ann(store, index)
    else:
        index.unit = dequantise(index.scales, codes)
    _cache[key] = index
    return index


def _ann_library():
    try:
        import usearch.index
    except ImportError:
        return None
    return usearch.index


def _ann(store: Store, index: VectorIndex) -> tuple[object, str]:
    """The stored HNSW index when it matches the vectors, else a new one, stored."""
    usearch = _ann_library()
    import usearch as package

    library = f"usearch {package.__version__}"
    row = db.ann_index(store.conn, index.model)
    if (
        row
        and (row["count"], row["max_id"]) == (len(index), int(index.ids[-1]))
        and (row["library"] == library)
    ):
        return usearch.Index.restore(row["data"]), library
    ann = build_ann(index)
    try:
        with store.transaction() as conn:
            db.put_ann_index(
                conn, index.model, len(index), int(index.ids[-1]), library, bytes(ann.save())
            )
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc):
            raise
        # A store opened for reading (the workbench): the index lives in this process only.
    return ann, library


def build_ann(index: VectorIndex):
    usearch = _ann_library()
    ann = usearch.Index(ndim=index.codes.shape[1], metric="cos", dtype="i8")
    step = 100_000
    for i in range(0, len(index), step):
        ann.add(
            index.ids[i : i + step],
            dequantise(index.scales[i : i + step], index.codes[i : i + step]),
        )
    return ann
