"""Embeddings: compact storage, incremental and resumable embedding, dense and fused search."""

from __future__ import annotations

import numpy as np
import pytest

from adfontes.analyze import analyze
from adfontes.errors import UsageError
from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.search import dense, engine, run, search, similar
from adfontes.search.embed import dequantise, embed_missing, quantise
from adfontes.store import search as db
from tests.search.factories import FILES, HashEmbedder, write_corpus


def _analysable(store) -> int:
    return db.indexed_count(store.conn)


def test_int8_vectors_keep_cosine_similarity():
    rng = np.random.default_rng(7)
    v = rng.normal(size=(50, 384)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    packed = quantise(v)
    assert all(len(blob) == 384 for _, blob in packed)
    codes = np.frombuffer(b"".join(b for _, b in packed), dtype=np.int8).reshape(50, 384)
    back = dequantise(np.array([s for s, _ in packed]), codes)
    assert np.min(np.sum(back * v, axis=1)) > 0.99


def test_embedding_is_incremental_and_resumable(store, corpus):
    embedder = HashEmbedder()
    total = _analysable(store)
    assert embed_missing(store, embedder, batch=4, limit=5) == 5  # an interrupted run
    progress = []
    done = embed_missing(store, embedder, batch=4, progress=lambda d, t: progress.append((d, t)))
    assert done == total - 5 and progress[-1] == (done, done)
    assert embed_missing(store, embedder) == 0
    assert db.embedding_state(store.conn, embedder.name)[0] == total

    extra = corpus.parent / "more"
    write_corpus(extra, names=["de-bericht.txt"])
    (extra / "de-bericht.txt").write_text(FILES["de-bericht.txt"][1] + "\nNachtrag.\n")
    ingest(store, [extra], manifest.load(extra / "corpus.yaml"), base=extra)
    analyze(store)
    embedder.calls.clear()
    added = _analysable(store) - db.embedding_state(store.conn, embedder.name)[0]
    assert added > 0
    assert embed_missing(store, embedder) == sum(embedder.calls) == added


def test_a_negative_limit_is_refused_before_anything_is_embedded(store):
    with pytest.raises(UsageError, match="limit -1"):
        embed_missing(store, HashEmbedder(), limit=-1)
    assert db.embedding_state(store.conn, HashEmbedder.name)[0] == 0


def test_dense_and_fused_search(store):
    embedder = HashEmbedder()
    embed_missing(store, embedder)
    results = run(store, "steamer left from Odessa", mode="dense", embedder=embedder)
    assert results.mode == "dense" and not results.notices
    assert "steamer left from Odessa" in results.hits[0].passage.text
    assert results.hits[0].reasons["dense_rank"] == 1
    fused = search(store, "Trotsky Odessa", k=5, embedder=embedder)
    top = fused[0].reasons
    assert {"lexical_rank", "dense_rank", "lexical_lang_rank", "dense_lang_rank"} <= set(top)
    assert fused[0].score == pytest.approx(
        1 / (engine.RRF_K + top["lexical_lang_rank"]) + 1 / (engine.RRF_K + top["dense_lang_rank"])
    )
    plain = search(store, "Trotsky Odessa", k=5, embedder=embedder, balance=False)[0]
    assert plain.score == pytest.approx(
        1 / (engine.RRF_K + plain.reasons["lexical_rank"])
        + 1 / (engine.RRF_K + plain.reasons["dense_rank"])
    )


def test_balance_brings_up_every_language(store):
    plain = search(store, "Trotsky", k=4, mode="lexical", balance=False)
    balanced = search(store, "Trotsky", k=4, mode="lexical")
    assert len({h.passage.lang for h in balanced}) == 4
    assert len({h.passage.lang for h in balanced}) >= len({h.passage.lang for h in plain})


def test_dense_search_applies_filters(store):
    embedder = HashEmbedder()
    embed_missing(store, embedder)
    filters = engine.make_filters(store, lang=["ru"])
    hits = search(store, "steamer Odessa", k=20, mode="dense", filters=filters, embedder=embedder)
    assert hits and {h.passage.lang for h in hits} == {"ru"}


def test_missing_embeddings_are_noticed(store):
    embedder = HashEmbedder()
    embed_missing(store, embedder, limit=3)
    results = run(store, "Trotsky", embedder=embedder)
    assert results.mode == "fused"
    assert any("have no embedding yet" in n for n in results.notices)


def test_similar_leaves_out_the_passage_itself(store):
    embedder = HashEmbedder()
    embed_missing(store, embedder)
    pid = search(store, '"left from Odessa"', mode="lexical")[0].passage.id
    results = similar(store, pid, k=3, embedder=embedder)
    assert results.mode == "dense" and len(results.hits) == 3
    assert pid not in {h.passage.id for h in results.hits}


def test_similar_without_embeddings_is_lexical(store):
    pid = search(store, '"left from Odessa"', mode="lexical")[0].passage.id
    results = similar(store, pid, k=3)
    assert results.mode == "lexical" and results.notices
    assert pid not in {h.passage.id for h in results.hits}


def test_approximate_index_agrees_with_exact_search_and_is_stored(store):
    pytest.importorskip("usearch")
    embedder = HashEmbedder()
    embed_missing(store, embedder)
    exact = dense.load(store, embedder.name)
    q = embedder.query("Trotsky Odessa steamer")
    expected = exact.search(q, 3)
    dense._cache.clear()
    approx = dense.load(store, embedder.name, ann_min=1)
    assert approx.ann is not None and approx.unit is None
    assert [pid for pid, _ in approx.search(q, 3)] == [pid for pid, _ in expected]
    assert db.ann_index(store.conn, embedder.name)["count"] == len(approx)
    dense._cache.clear()
    restored = dense.load(store, embedder.name, ann_min=1)
    assert [pid for pid, _ in restored.search(q, 3)] == [pid for pid, _ in expected]
    allowed = [pid for pid, _ in expected[1:]]
    assert [pid for pid, _ in restored.search(q, 2, allowed)] == allowed


class OtherHashEmbedder(HashEmbedder):
    """The same vectors, negated, under another name: a second model over the same passages."""

    name = "test/other-hash-64"

    def passages(self, texts):
        return -super().passages(texts)

    def query(self, text):
        return -super().query(text)


def test_two_models_keep_their_own_vectors_for_the_same_passage(store):
    first, second = HashEmbedder(), OtherHashEmbedder()
    total = _analysable(store)
    assert embed_missing(store, first) == total
    assert embed_missing(store, second) == total
    assert db.embedding_state(store.conn, first.name)[0] == total
    assert db.embedding_state(store.conn, second.name)[0] == total
    assert db.missing_embeddings(store.conn, first.name) == []
    a, b = dense.load(store, first.name), dense.load(store, second.name)
    assert list(a.ids) == list(b.ids)
    pid = int(a.ids[0])
    assert np.allclose(a.vector(pid), -b.vector(pid), atol=1e-6)
    assert embed_missing(store, first) == 0  # re-embedding one model leaves the other alone
    assert db.embedding_state(store.conn, second.name)[0] == total
