"""The demo corpus and its answer key agree with each other.

The manifest lists exactly the corpus files with valid fields, and every string the key quotes
occurs verbatim in the file it names, so that evaluations reading the key can trust it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

import adfontes
from adfontes.ingest import manifest

DEMO = Path(adfontes.__file__).parent / "demo"
CORPUS = DEMO / "corpus"
MANIFEST = CORPUS / "corpus.yaml"

LANGUAGES = {"en": 3, "hu": 3, "ru": 3, "fr": 2, "de": 2}  # language -> fewest documents
KINDS = {"primary", "secondary", "tertiary"}
GENRES = {
    "letter",
    "telegram",
    "decree",
    "diary",
    "memoir",
    "monograph",
    "article",
    "newspaper",
    "web",
}
ENTITY_KINDS = {"person", "place", "org", "periodical"}
CONFLICT_TYPES = {"date", "place", "quantity", "person", "wording"}
DEPENDENCE = {"repeats", "translation", "cites", "shared-archive-document"}
CITATION_KINDS = {
    "footnote_ref",
    "full_cite",
    "short_cite",
    "archive",
    "ibid",
    "newspaper",
    "url",
    "bibliography_entry",
}
VERDICTS = {"corroborated", "contradicted", "contested", "single-source", "unverified"}
PRECISIONS = {"day", "month", "season", "year", "decade", "interval"}
CALENDARS = {"gregorian", "julian", "unknown"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DURATION = re.compile(r"^DURATION:P(?:\d+[YMWD])+(?:/P(?:\d+[YMWD])+)?$|^DURATION:PT\d+[HMS]")


@cache
def key() -> dict:
    return yaml.safe_load((DEMO / "key.yaml").read_text(encoding="utf-8"))


@cache
def sources() -> list[dict]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["sources"]


def corpus_files() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.name != MANIFEST.name)


@cache
def encodings() -> dict[str, str]:
    return {d["file"]: d.get("encoding", "utf-8") for d in key()["documents"]}


@cache
def text(file: str) -> str:
    return (CORPUS / file).read_bytes().decode(encodings().get(file, "utf-8"))


def words(file: str) -> int:
    body = text(file)
    if file.endswith(".html"):
        body = body[body.index("<article>") : body.index("</article>")]
    elif file.endswith(".xml"):
        body = body[body.index("<text>") :]
    return len(re.sub(r"<[^>]+>", " ", body).split())


def test_manifest_lists_every_corpus_file_once():
    paths = [s["path"] for s in sources()]
    assert len(paths) == len(set(paths))
    assert sorted(paths) == corpus_files()


def test_manifest_loads_without_problems():
    loaded = manifest.load(MANIFEST)
    assert [str(p) for p in loaded.problems] == []
    assert len(loaded.entries) == len(sources())


@pytest.mark.parametrize("source", sources(), ids=lambda s: s["path"])
def test_manifest_fields(source):
    assert source["title"]
    assert source["language"] in LANGUAGES
    assert source["kind"] in KINDS
    assert source["genre"] in GENRES
    if source.get("date") is not None:
        assert manifest.is_edtf(str(source["date"]))
    if source.get("translation_of"):
        assert source["translation_of"] in {s["path"] for s in sources()}
        assert source["translation_of"] != source["path"]


def test_languages_are_represented():
    counts = {lang: 0 for lang in LANGUAGES}
    for source in sources():
        counts[source["language"]] += 1
    assert all(counts[lang] >= least for lang, least in LANGUAGES.items()), counts


def test_undated_sources_are_the_ones_the_key_marks_as_inferred():
    undated = {s["path"] for s in sources() if s.get("date") is None}
    inferred = {d["file"] for d in key()["documents"] if d.get("date_inferred")}
    assert undated == inferred
    assert len(undated) == 2


def test_exactly_one_file_is_not_utf8_and_the_key_names_its_encoding():
    not_utf8 = []
    for file in corpus_files():
        try:
            (CORPUS / file).read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            not_utf8.append(file)
    assert not_utf8 == [f for f, enc in encodings().items() if enc != "utf-8"]
    assert [encodings()[f] for f in not_utf8] == ["cp1251"]


def test_the_key_describes_every_document_once():
    described = [d["file"] for d in key()["documents"]]
    assert sorted(described) == corpus_files()


def test_one_file_runs_several_documents_together_and_ends_in_noise():
    compilations = [d for d in key()["documents"] if d.get("documents", 1) > 1]
    assert len(compilations) == 1
    doc = compilations[0]
    assert 3 <= doc["documents"] <= 4
    assert doc["noise"] is True
    assert doc["noise_start"] in text(doc["file"])


def single_documents() -> list[str]:
    """Files that hold one document (a compilation's documents are measured by the splitter)."""
    compiled = {d["file"] for d in key()["documents"] if d.get("documents", 1) > 1}
    return [f for f in corpus_files() if f not in compiled]


@pytest.mark.parametrize("file", single_documents())
def test_document_length(file):
    assert 80 <= words(file) <= 350


def quoted() -> list[tuple[str, str, str]]:
    """Every string the key quotes, as (where in the key, file it must occur in, string)."""
    rows = []
    k = key()
    for e in k["entities"]:
        for i, v in enumerate(e["variants"]):
            rows.append((f"entities/{e['id']}[{i}]", v["file"], v["surface"]))
    for i, d in enumerate(k["dates"]):
        rows.append((f"dates[{i}]", d["file"], d["surface"]))
    for c in k["conflicts"]:
        for side in ("a", "b"):
            rows.append((f"conflicts/{c['id']}.{side}", c[side]["file"], c[side]["quote"]))
    for s in k["stories"]:
        for i, t in enumerate(s["tellings"]):
            for field in ("quote", "wording", "audience"):
                if t.get(field):
                    rows.append((f"stories/{s['id']}[{i}].{field}", t["file"], t[field]))
    for i, c in enumerate(k["citations"]):
        rows.append((f"citations[{i}]", c["file"], c["raw"]))
        if c.get("context"):
            rows.append((f"citations[{i}].context", c["file"], c["context"]))
        if c.get("resolves_to"):
            target = c["resolves_to"]
            rows.append((f"citations[{i}].resolves_to", target["file"], target["raw"]))
    return rows


@pytest.mark.parametrize(("where", "file", "string"), quoted(), ids=[row[0] for row in quoted()])
def test_quoted_string_occurs_in_its_file(where, file, string):
    assert file in corpus_files(), f"{where}: no file {file}"
    assert string in text(file), f"{where}: {string!r} not in {file}"


def named_files() -> list[tuple[str, str]]:
    k = key()
    rows = [("dependence.source", d["source"]) for d in k["dependence"]]
    rows += [("dependence.rests_on", d["rests_on"]) for d in k["dependence"]]
    for claim in k["claims"]:
        rows += [("claims.supports", f) for f in claim["supports"]]
        rows += [("claims.contradicts", f) for f in claim["contradicts"]]
    return rows


@pytest.mark.parametrize(("where", "file"), named_files())
def test_named_file_exists(where, file):
    assert file in corpus_files(), f"{where}: no file {file}"


def test_entity_ids_are_unique_and_kinds_known():
    ids = [e["id"] for e in key()["entities"]]
    assert len(ids) == len(set(ids))
    assert {e["kind"] for e in key()["entities"]} <= ENTITY_KINDS
    assert all(e["variants"] for e in key()["entities"])


def test_homonyms_are_separate_entities():
    surfaces = {e["id"]: {v["surface"] for v in e["variants"]} for e in key()["entities"]}
    assert "M. V. Frunze" in surfaces["P-mvfrunze"]
    assert "Frunze" in surfaces["L-frunzetown"]
    assert surfaces["P-nkrestinsky"].isdisjoint(surfaces["P-vkrestinskaya"])


@pytest.mark.parametrize("row", key()["dates"], ids=lambda d: f"{d['file']}:{d['surface']}")
def test_date_row(row):
    value = row["value"]
    if value == "NONE" or value.startswith("DURATION:"):
        assert value == "NONE" or DURATION.match(value), value
        assert row["earliest"] is row["latest"] is row["precision"] is row["calendar"] is None
        return
    assert manifest.is_edtf(value), value
    assert row["precision"] in PRECISIONS
    assert row["calendar"] in CALENDARS
    for bound in ("earliest", "latest"):
        assert row[bound] is None or ISO_DAY.match(row[bound]), row[bound]
    assert row["earliest"] or row["latest"]
    if row["earliest"] and row["latest"]:
        assert row["earliest"] <= row["latest"]


def test_date_rows_count():
    assert 40 <= len(key()["dates"]) <= 80


def test_sections_use_known_labels():
    k = key()
    assert {c["type"] for c in k["conflicts"]} <= CONFLICT_TYPES
    assert {d["how"] for d in k["dependence"]} <= DEPENDENCE
    assert {c["kind"] for c in k["citations"]} <= CITATION_KINDS
    assert {c["expected"] for c in k["claims"]} <= VERDICTS
    assert 6 <= len(k["claims"]) <= 10
    assert len({c["id"] for c in k["conflicts"]}) == len(k["conflicts"])
    assert len({s["id"] for s in k["stories"]}) == len(k["stories"])


def test_translations_in_the_manifest_are_dependences_in_the_key():
    translations = {(s["path"], s["translation_of"]) for s in sources() if s.get("translation_of")}
    declared = {
        (d["source"], d["rests_on"]) for d in key()["dependence"] if d["how"] == "translation"
    }
    assert translations <= declared


@pytest.mark.parametrize("story", key()["stories"], ids=lambda s: s["id"])
def test_story_tellings_are_dated_in_edtf(story):
    assert len(story["tellings"]) >= 3
    for telling in story["tellings"]:
        for field in ("telling_date", "claimed_date"):
            if telling.get(field) is not None:
                assert manifest.is_edtf(str(telling[field])), telling[field]
