"""The query mode finds tellings itself: a paraphrase in the phrase's language, a translation,
and not an unrelated sentence, with sentence vectors and without."""

from __future__ import annotations

import json

import numpy as np
import pytest

from adfontes.variants import views
from tests.conftest import analysed_store, run_cli, validate_output
from tests.search.factories import HashEmbedder

# One remark told in a letter, retold in other words in a history, translated in a German
# newspaper; and a sentence on the same day that tells something else.
FILES = {
    "letter.txt": (
        "Letter from the harbour\n\n"
        "On 12 February 1929 the old printer told the harbour master that the ink of the whole "
        "city had been poured into the sea before the strike.\n\n"
        "The ship was loaded with coal and timber.\n"
    ),
    "history.txt": (
        "A history of the port\n\n"
        "According to the harbour master, the printer claimed on 12 February 1929 that every "
        "drop of ink in the city was thrown into the sea before the strike began.\n\n"
        "Fishing boats kept to the northern quay that winter.\n"
    ),
    "zeitung.txt": (
        "Aus dem Hafen\n\n"
        "Am 12. Februar 1929 sagte der alte Drucker dem Hafenmeister, die Tinte der ganzen Stadt "
        "sei vor dem Streik ins Meer gegossen worden.\n\n"
        "Die Straßenbahn fuhr wieder nach dem alten Fahrplan.\n"
    ),
    "notes.txt": (
        "Weather notes\n\nThe wind turned cold over the bay and the gulls stayed on the roofs.\n"
    ),
}
PHRASE = "the ink of the whole city had been poured into the sea"

# German words as the English ones they translate: a deterministic stand-in for a model whose
# vectors of a sentence and its translation are near.
GLOSSARY = {
    "am": "on", "sagte": "told", "der": "the", "die": "the", "dem": "the", "alte": "old",
    "drucker": "printer", "hafenmeister": "harbour master", "tinte": "ink",
    "ganzen": "whole", "stadt": "city", "sei": "had", "vor": "before", "streik": "strike",
    "ins": "into the", "meer": "sea", "gegossen": "poured", "worden": "been",
    "februar": "february",
}  # fmt: skip


class GlossaryEmbedder(HashEmbedder):
    """The hash embedder of the search tests, reading German words as their English ones."""

    name = "test/glossary-hash-64"

    def _one(self, text: str) -> np.ndarray:
        words = [GLOSSARY.get(w.lower().strip(".,"), w) for w in text.split()]
        return super()._one(" ".join(words))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = analysed_store(tmp_path_factory.mktemp("corpus"), FILES)
    yield s
    s.close()


def _told(stories: list[dict]) -> dict[str, dict]:
    """The query story's tellings by file name."""
    assert stories and stories[0]["id"].startswith("Q-")
    return {t["locator"]["path"].rsplit("/", 1)[-1]: t for t in stories[0]["tellings"]}


def test_with_vectors_the_query_finds_the_paraphrase_and_the_translation(store):
    told = _told(views.phrase_view(store, PHRASE, embedder=GlossaryEmbedder()))
    assert set(told) == {"letter.txt", "history.txt", "zeitung.txt"}
    assert told["letter.txt"]["match"]["by"] == "words"
    assert told["zeitung.txt"]["match"]["by"] == "vector"
    assert "Tinte" in told["zeitung.txt"]["locator"]["text"]
    assert "thrown into the sea" in told["history.txt"]["locator"]["text"]


def test_without_vectors_the_translation_is_found_by_its_date(store):
    told = _told(views.phrase_view(store, PHRASE, embedder=None))
    assert set(told) == {"letter.txt", "history.txt", "zeitung.txt"}
    assert told["zeitung.txt"]["match"]["by"] == "shared"
    assert told["history.txt"]["match"]["by"] in ("aligned", "shared")


def test_words_found_nowhere_give_no_story(store):
    assert views.phrase_view(store, "no such words anywhere", embedder=GlossaryEmbedder()) == []


def test_query_json_validates_and_tellings_are_ordered(store, capsys, monkeypatch):
    monkeypatch.setenv("ADFONTES_EMBED", "off")
    code, out, _ = run_cli("variants", PHRASE, "--db", store.path, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("variants", payload)
    story = payload["stories"][0]
    assert [t["seq"] for t in story["tellings"]] == list(range(len(story["tellings"])))
    assert all(t["match"]["by"] in ("words", "aligned", "shared", "vector")
               for t in story["tellings"])  # fmt: skip
