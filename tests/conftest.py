"""Shared fixtures: the seed corpus and gold beside the repository, stores built once per run,
a check for locators, and no network."""

from __future__ import annotations

import os
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest

from adfontes.store import connect

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus"
GOLD = SHARED / "gold"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Tests are offline: any attempt to open a connection fails loudly."""

    def refuse(*args, **kwargs):
        raise RuntimeError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def seed_dir() -> Path:
    return SEED if SEED.is_dir() else pytest.skip("seed corpus not present")


@pytest.fixture
def gold_dir() -> Path:
    return GOLD if GOLD.is_dir() else pytest.skip("gold annotations not present")


@contextmanager
def _no_embedding():
    """Shared stores skip embeddings (slow on 2 cores); embedding tests build their own."""
    before = os.environ.get("ADFONTES_EMBED")
    os.environ["ADFONTES_EMBED"] = "0"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ADFONTES_EMBED")
        else:
            os.environ["ADFONTES_EMBED"] = before


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """The seed corpus ingested and analysed once per run."""
    if not SEED.is_dir():
        pytest.skip("seed corpus not present")
    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest

    store = connect(tmp_path_factory.mktemp("seed") / "seed.db")
    ingest(store, [SEED], manifest.load(SEED / "corpus.yaml"))
    with _no_embedding():
        analyze(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The built-in demo corpus ingested and analysed once per run."""
    from adfontes.analyze import analyze
    from adfontes.demo import corpus_dir
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest

    folder = corpus_dir()
    if not (folder / "corpus.yaml").is_file():
        pytest.skip("demo corpus not present")
    store = connect(tmp_path_factory.mktemp("demo") / "demo.db")
    ingest(store, [folder], manifest.load(folder / "corpus.yaml"), base=folder.parent)
    with _no_embedding():
        analyze(store)
    yield store
    store.close()


def analysed_store(folder: Path, files: dict[str, str], manifest_yaml: str | None = None):
    """A store in ``folder`` holding ``files`` (name -> text, written there, with
    ``manifest_yaml`` as corpus.yaml when given), ingested and analysed; the caller closes it."""
    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest

    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    meta = None
    if manifest_yaml is not None:
        (folder / "corpus.yaml").write_text(manifest_yaml, encoding="utf-8")
        meta = manifest.load(folder / "corpus.yaml")
    store = connect(folder / "s.db")
    ingest(store, [folder], meta)
    analyze(store)
    return store


def assert_locators(records, files: dict[str, str]) -> None:
    """Every locator's text is the slice of its file at start:end, and its line is right.

    ``files`` maps a locator ``path`` to that file's stored text.
    """
    for record in records:
        loc = record.get("locator", record)
        text = files[loc["path"]]
        assert text[loc["start"] : loc["end"]] == loc["text"], loc
        assert text.count("\n", 0, loc["start"]) + 1 == loc["line"], loc


DOCS = ROOT / "docs"


def validate_output(schema_name: str, payload: dict) -> None:
    """Validate a command's ``--json`` output against ``docs/json/<schema_name>.json``."""
    import json

    import jsonschema
    from referencing import Registry, Resource

    resources = []
    for path in (DOCS / "json").glob("*.json"):
        resources.append(
            (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
        )
    registry = Registry().with_resources(resources)
    schema = json.loads((DOCS / "json" / f"{schema_name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, registry=registry).validate(payload)


def run_cli(*args: str, capsys=None) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    from adfontes.cli import main

    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


def rule_case_coverage(package: str, name: str) -> tuple[set[str], set[str]]:
    """Rule ids of ``<name>.yaml`` that no row of ``<name>.cases.tsv`` names, and rule ids the
    rows name that the file does not have (``-``: a row that expects no match)."""
    from adfontes import rules

    ids = rules.rule_ids(package, name)
    named = {c.row["rule"] for c in rules.cases(package, name)} - {"-"}
    return ids - named, named - ids
