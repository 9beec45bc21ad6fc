"""ADFONTES_EMBED: the values analysis accepts, and a mistyped one stopping it."""

from __future__ import annotations

import pytest

from adfontes.analyze import analyze
from adfontes.errors import UsageError
from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.search import stage
from adfontes.search.embed import Availability
from adfontes.store import connect
from adfontes.store import search as db
from tests.search.factories import HashEmbedder


@pytest.mark.parametrize(
    ("value", "setting"),
    [("auto", "auto"), ("", "auto"), ("AUTO", "auto"), ("1", "on"), ("on", "on"),
     (" True ", "on"), ("yes", "on"), ("0", "off"), ("OFF", "off"), ("false", "off"),
     ("no", "off")],
)  # fmt: skip
def test_documented_values(monkeypatch, value, setting):
    monkeypatch.setenv("ADFONTES_EMBED", value)
    assert stage.embed_setting() == setting


def test_unset_means_auto(monkeypatch):
    monkeypatch.delenv("ADFONTES_EMBED", raising=False)
    assert stage.embed_setting() == "auto"


@pytest.mark.parametrize("value", ["of", "flase", "2", "yes please", "never"])
def test_other_values_are_refused_naming_the_variable_and_value(monkeypatch, value):
    monkeypatch.setenv("ADFONTES_EMBED", value)
    with pytest.raises(UsageError) as raised:
        stage.embed_setting()
    assert str(raised.value).startswith(f"ADFONTES_EMBED={value!r} is not one of auto")


def test_a_mistyped_value_stops_analysis_before_it_indexes_or_embeds(corpus, tmp_path, monkeypatch):
    embedder = HashEmbedder()
    monkeypatch.setattr(stage, "default_embedder", lambda: Availability(embedder, None))
    with connect(tmp_path / "typo.db") as store:
        ingest(store, [corpus], manifest.load(corpus / "corpus.yaml"), base=corpus)
        monkeypatch.setenv("ADFONTES_EMBED", "of")
        with pytest.raises(UsageError, match="ADFONTES_EMBED='of'"):
            analyze(store)
        assert db.indexed_count(store.conn) == 0 and embedder.calls == []
        monkeypatch.setenv("ADFONTES_EMBED", "Off")
        analyze(store)
        assert db.indexed_count(store.conn) > 0 and embedder.calls == []


def test_a_mistyped_embedder_setting_is_refused(monkeypatch):
    from adfontes.search.embed import default_embedder

    default_embedder.cache_clear()
    monkeypatch.setenv("ADFONTES_EMBEDDER", "of")
    with pytest.raises(UsageError, match="ADFONTES_EMBEDDER='of'"):
        default_embedder()
    monkeypatch.setenv("ADFONTES_EMBEDDER", "OFF")
    assert default_embedder().embedder is None
    default_embedder.cache_clear()
