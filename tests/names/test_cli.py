"""``adfontes names``, ``mentions``, ``entities`` and ``who``: real output, validated against
docs/json, on a small store of invented letters in three languages."""

from __future__ import annotations

import json

import pytest
from tests.conftest import assert_locators, run_cli, validate_output

from adfontes.names.views import entities_in_passage, entity_for
from adfontes.store import connect

LETTERS = {
    "en.txt": (
        "On 16 December 1928 an agent of the OGPU came to Trotsky in Alma-Ata. Trotsky refused. "
        "Around Stalin stood Dzerzhinsky, Kuibyshev, Frunze and others.\n\n"
        "Later Mme Krestinskaya wrote to N. N. Krestinsky about Trotsky's letter.\n"
    ),
    "hu.txt": (
        "December 16-án a GPU képviselője Moszkvából Trockijhoz érkezett. Trockij erre levelet "
        "írt. A küldönc Frunze városába utazott, majd Frunzéből Alma-Atába.\n"
    ),
    "ru.txt": "Вчера тов. Троцкий ответил. Письмо Троцкого передал Крестинский.\n",
}


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    from adfontes.analyze import analyze
    from adfontes.ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("letters")
    for name, text in LETTERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = connect(folder / "n.db")
    ingest(store, [folder / name for name in LETTERS], {})
    analyze(store, only={"names"})  # only this stage: the others have their own tests
    yield store, folder
    store.close()


def _texts(folder, payload_records):
    return {
        r["locator"]["path"]: (folder / r["locator"]["path"].rsplit("/", 1)[-1]).read_text(
            encoding="utf-8"
        )
        for r in payload_records
    }


def test_names_text_json(capsys):
    code, out, _ = run_cli("names", "--text", "Письмо Троцкого передал тов. Ягода.", "--lang",
                           "ru", "--json", capsys=capsys)  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    validate_output("names", payload)
    bases = [m["base"] for m in payload["mentions"]]
    assert bases == ["Троцкий", "Ягода"]
    assert "trotski" in payload["mentions"][0]["keys"]


def test_names_text_needs_a_known_language(capsys):
    code, _, err = run_cli("names", "--text", "Trotsky", "--lang", "xx", capsys=capsys)
    assert code == 2 and "xx" in err


def test_mentions_json_and_locators(small_store, capsys):
    store, folder = small_store
    code, out, _ = run_cli("mentions", "--db", store.path, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("mentions", payload)
    assert payload["count"] > 10
    assert_locators(payload["mentions"], _texts(folder, payload["mentions"]))


def test_entities_json(small_store, capsys):
    store, _ = small_store
    code, out, _ = run_cli("entities", "--db", store.path, "--kind", "person", "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    validate_output("entities", payload)
    assert all(e["kind"] == "person" for e in payload["entities"])


def test_renamed_body_has_dated_aliases(small_store, capsys):
    store, _ = small_store
    code, out, _ = run_cli("entities", "--db", store.path, "--kind", "org", "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    validate_output("entities", payload)
    gpu = next(e for e in payload["entities"] if e["id"] == "O-gpu")
    assert {v["surface"] for v in gpu["variants"]} >= {"OGPU", "GPU"}
    assert {"name": "NKVD", "from": "1934-07", "to": "1946-03"} in gpu["aliases"]


def test_who_trotsky_is_one_entity_in_three_languages(small_store, capsys):
    store, folder = small_store
    code, out, _ = run_cli("who", "Trotsky", "--db", store.path, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("who", payload)
    assert payload["count"] == 1
    entity = payload["entities"][0]
    assert set(entity["languages"]) == {"en", "hu", "ru"}
    surfaces = {m["surface"] for m in entity["mention_list"]}
    assert {"Trotsky", "Trockijhoz", "Троцкого"} <= surfaces
    assert_locators(entity["mention_list"], _texts(folder, entity["mention_list"]))


def test_who_frunze_is_a_man_and_a_town(small_store, capsys):
    store, _ = small_store
    code, out, _ = run_cli("who", "Frunze", "--db", store.path, "--json", capsys=capsys)
    assert code == 0
    kinds = sorted(e["kind"] for e in json.loads(out)["entities"])
    assert kinds == ["person", "place"]


def test_krestinsky_and_krestinskaya_stay_apart(small_store):
    store, _ = small_store
    man = entity_for(store.conn, "Krestinsky")
    woman = entity_for(store.conn, "Krestinskaya")
    assert man and woman and not set(man) & set(woman)


def test_decisions_survive_reanalysis(small_store, capsys):
    from adfontes.names.stage import STAGE

    store, _ = small_store
    code, _, _ = run_cli("entities", "--db", store.path, "rename", "Trotsky", "L. D. Trotsky",
                         capsys=capsys)  # fmt: skip
    assert code == 0
    STAGE.run_corpus(store)
    code, out, _ = run_cli("who", "Trockij", "--db", store.path, "--json", capsys=capsys)
    assert json.loads(out)["entities"][0]["label"] == "L. D. Trotsky"


def test_merge_then_split(small_store, capsys):
    store, _ = small_store
    code, _, _ = run_cli("entities", "--db", store.path, "merge", "Dzerzhinsky", "Kuibyshev",
                         capsys=capsys)  # fmt: skip
    assert code == 0
    assert entity_for(store.conn, "Dzerzhinsky") == entity_for(store.conn, "Kuibyshev")
    merged = entity_for(store.conn, "Kuibyshev")[0]
    code, _, _ = run_cli("entities", "--db", store.path, "split", merged, "Kuibyshev",
                         capsys=capsys)  # fmt: skip
    assert code == 0
    assert entity_for(store.conn, "Dzerzhinsky") != entity_for(store.conn, "Kuibyshev")


def test_a_decision_on_an_unknown_name_is_a_usage_error(small_store, capsys):
    store, _ = small_store
    code, _, err = run_cli("entities", "--db", store.path, "rename", "Nobodyovich", "X",
                           capsys=capsys)  # fmt: skip
    assert code == 2 and "Nobodyovich" in err


def test_entities_in_passage(small_store):
    store, _ = small_store
    row = store.conn.execute(
        "SELECT passage_id FROM mentions WHERE surface = 'Trockijhoz'"
    ).fetchone()
    ids = entities_in_passage(store.conn, row[0])
    assert entity_for(store.conn, "Trotsky")[0] in ids


def test_authority_export_and_import(small_store, tmp_path, capsys):
    store, _ = small_store
    code, out, _ = run_cli("entities", "--db", store.path, "export", "--format", "csv",
                           capsys=capsys)  # fmt: skip
    assert code == 0 and out.startswith("id,label,kind,qid,variants")
    (tmp_path / "people.yaml").write_text(
        "entities:\n  - {id: P-oldman, label: The Old Man, kind: person, "
        "variants: [Trotsky, Trockij, Троцкий]}\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("entities", "--db", store.path, "import", str(tmp_path / "people.yaml"),
                           capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert entity_for(store.conn, "Trockij") == ["P-oldman"]


def test_a_bad_authority_file_leaves_the_store_as_it_was(small_store, tmp_path, capsys):
    from adfontes.store import names as db

    store, _ = small_store
    before = (db.list_authority(store.conn), db.list_entities(store.conn))
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "entities:\n  - {id: P-good, label: Good, kind: person, variants: [Radek]}\n"
        "  - {id: P-bad, label: Bad, kind: person, variants: Trotsky}\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("entities", "--db", store.path, "import", str(bad), capsys=capsys)
    assert code == 1
    assert "bad.yaml:3: entry 2 (P-bad): variants must be a list of names" in err
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("id,label,kind\nP-x,Trotsky é,person\n".encode("latin-1"))
    code, _, err = run_cli("entities", "--db", store.path, "import", str(latin1), capsys=capsys)
    assert code == 1 and "latin1.csv: not UTF-8" in err
    assert (db.list_authority(store.conn), db.list_entities(store.conn)) == before
    code, _, _ = run_cli("entities", "--db", store.path, "--json", capsys=capsys)
    assert code == 0


def test_an_imported_alias_without_dates_gathers_its_mentions(small_store, tmp_path, capsys):
    store, _ = small_store
    (tmp_path / "people.yaml").write_text(
        "entities:\n  - {id: P-nnk, label: N. N. Krestinsky, kind: person, aliases: [Krestinsky]}\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("entities", "--db", store.path, "import",
                           str(tmp_path / "people.yaml"), capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert entity_for(store.conn, "Крестинский") == ["P-nnk"]


def test_decisions_apply_in_order_and_one_that_does_nothing_is_said(small_store, tmp_path, capsys):
    import sqlite3

    store, _ = small_store
    copy = tmp_path / "copy.db"
    with sqlite3.connect(copy) as target:
        store.conn.backup(target)
    code, _, err = run_cli("entities", "--db", str(copy), "rename", "Stalin", "The Boss",
                           capsys=capsys)  # fmt: skip
    assert code == 0 and "warning" not in err
    code, _, err = run_cli("entities", "--db", str(copy), "merge", "the boss", "Dzerzhinsky",
                           capsys=capsys)  # fmt: skip
    assert code == 0 and "warning" not in err
    with connect(copy, create=False) as again:
        assert entity_for(again.conn, "The Boss") == entity_for(again.conn, "Dzerzhinsky")
    code, _, err = run_cli("entities", "--db", str(copy), "split", "Stalin", "Radek",
                           capsys=capsys)  # fmt: skip
    assert code == 0
    assert "(split Stalin Radek) not applied: The Boss has no mention written" in err


def test_db_may_follow_the_entities_sub_command(small_store, tmp_path, capsys):
    import sqlite3

    store, _ = small_store
    copy = tmp_path / "after.db"
    with sqlite3.connect(copy) as target:
        store.conn.backup(target)
    code, out, err = run_cli("entities", "export", "--db", str(copy), capsys=capsys)
    assert code == 0 and out.startswith("entities:"), err
    code, _, err = run_cli("entities", "rename", "Krestinsky", "Nikolai Krestinsky", "--db",
                           str(copy), capsys=capsys)  # fmt: skip
    assert code == 0, err
    with connect(copy, create=False) as again:
        assert len(entity_for(again.conn, "Nikolai Krestinsky")) == 1
    # The store named after the sub-command wins over one named before it.
    code, _, err = run_cli("entities", "--db", str(tmp_path / "none.db"), "export", "--db",
                           str(copy), capsys=capsys)  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli("entities", "export", "--db", str(tmp_path / "none.db"), capsys=capsys)
    assert code == 3 and "none.db" in err


def test_analysis_warns_of_a_decision_that_no_longer_applies(tmp_path, capsys):
    folder = tmp_path / "letters"
    folder.mkdir()
    letter = folder / "en.txt"
    letter.write_text(LETTERS["en.txt"], encoding="utf-8")
    db = str(tmp_path / "w.db")
    code, _, err = run_cli("ingest", str(folder), "--db", db, capsys=capsys)
    assert code == 0 and "warning" not in err
    code, _, _ = run_cli("entities", "--db", db, "merge", "Kuibyshev", "Frunze", capsys=capsys)
    assert code == 0
    # The next version of the letter no longer names Frunze: the merge has nothing to act on.
    letter.write_text(LETTERS["en.txt"].replace("Frunze", "Ordzhonikidze"), encoding="utf-8")
    code, _, err = run_cli("ingest", str(folder), "--db", db, capsys=capsys)
    assert code == 0
    said = "decision 1 (merge Kuibyshev Frunze) not applied: no entity named 'Frunze'"
    assert said in err
    code, out, err = run_cli("analyze", "--db", db, "--json", capsys=capsys)
    payload = json.loads(out)
    validate_output("analyze", payload)
    assert payload["warnings"] == [said]


def test_analyze_runs_only_the_stages_asked_for(small_store):
    store, _ = small_store
    ran = {r[0] for r in store.conn.execute("SELECT DISTINCT stage FROM stage_runs")}
    assert ran == {"names"}
