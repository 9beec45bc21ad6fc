"""A store of the small invented corpus, built without embeddings."""

from __future__ import annotations

import pytest

from adfontes.analyze import analyze
from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.store import connect
from tests.search.factories import write_corpus


def build(folder, db):
    store = connect(db)
    ingest(store, [folder], manifest.load(folder / "corpus.yaml"), base=folder)
    analyze(store)
    return store


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("ADFONTES_EMBED", "0")
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def store(corpus, tmp_path):
    store = build(corpus, tmp_path / "search.db")
    yield store
    store.close()
