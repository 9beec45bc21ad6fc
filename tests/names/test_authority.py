"""Reading an authority file: every entry is checked, and a bad one is named with what is wrong."""

from __future__ import annotations

import pytest

from adfontes.errors import InputError
from adfontes.names.views import read_authority


def _yaml(entry: str) -> str:
    return f"entities:\n  - id: P-lev\n    label: Lev Trotsky\n    kind: person\n{entry}"


def test_a_good_yaml_file_is_read_with_dated_aliases():
    text = _yaml(
        "    qid: Q33391\n"
        "    variants: [Trockij, Троцкий]\n"
        "    aliases:\n"
        "      - {name: Bronstein, to: 1902}\n"
        "      - {name: Old Man, from: 1929-02-12}\n"
        "      - Lvov\n"
    )
    [entry] = read_authority("people.yaml", text)
    assert entry == {
        "id": "P-lev",
        "label": "Lev Trotsky",
        "kind": "person",
        "qid": "Q33391",
        "variants": ["Trockij", "Троцкий"],
        "aliases": [
            {"name": "Bronstein", "to": "1902"},
            {"name": "Old Man", "from": "1929-02-12"},
            {"name": "Lvov"},
        ],
    }


def test_a_good_csv_file_is_read():
    text = "id,label,kind,qid,variants\nP-lev,Lev Trotsky,person,,Trockij|Троцкий\n"
    [entry] = read_authority("people.csv", text)
    assert entry["variants"] == ["Trockij", "Троцкий"] and entry["qid"] is None


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ("    variants: Trockij\n", "variants must be a list of names"),
        ("    variants: [Trockij, 1917]\n", "variants must be a list of names"),
        ("    variants: [Trockij, [Bronstein]]\n", "variants must be a list of names"),
        ("    aliases: Bronstein\n", "aliases must be a list"),
        ("    aliases: [{from: '1902'}]\n", "alias 1 must be a name"),
        ("    aliases: [42]\n", "alias 1 must be a name"),
        ("    aliases: [{name: Bronstein, to: soon}]\n", "alias 1 (Bronstein): to 'soon'"),
        ("    aliases: [{name: Bronstein, until: '1902'}]\n", "unknown field 'until'"),
        ("    qid: 33391\n", "qid must be a Wikidata id"),
        ("    varaints: [Trockij]\n", "unknown field 'varaints'"),
    ],
)
def test_a_bad_field_names_the_entry_and_what_is_wrong(entry, said):
    with pytest.raises(InputError) as info:
        read_authority("people.yaml", _yaml(entry))
    message = str(info.value)
    assert message.startswith("people.yaml:2: entry 1 (P-lev): "), message
    assert said in message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("entities:\n  - {id: P-lev, kind: person}\n", "entry 1 (P-lev): missing label"),
        ("entities:\n  - {id: P-lev, label: 1917, kind: person}\n", "label must be text"),
        ("entities:\n  - {id: [P-lev], label: Lev, kind: person}\n", "entry 1: id must be text"),
        ("entities:\n  - {id: P-lev, label: Lev, kind: man}\n", "unknown kind 'man'"),
        ("entities:\n  - P-lev\n", "entry 1: expected a mapping"),
        ("entities: P-lev\n", "expected a list of entities"),
        ("people:\n  - {id: P-lev, label: Lev, kind: person}\n", "unknown top-level key"),
        (
            "entities:\n  - {id: P-lev, label: Lev, kind: person}\n"
            "  - {id: P-lev, label: Leon, kind: person}\n",
            "entry 2 (P-lev): the id of entry 1 again",
        ),
    ],
)
def test_a_bad_entry_is_named(text, said):
    with pytest.raises(InputError) as info:
        read_authority("people.yaml", text)
    assert said in str(info.value)


def test_a_yaml_syntax_error_is_an_input_error_with_its_line():
    text = "entities:\n  - {id: P-lev, label: Lev, kind: person\n  - {id: P-x}\n"
    with pytest.raises(InputError) as info:
        read_authority("people.yaml", text)
    assert info.value.path == "people.yaml" and info.value.line is not None
    assert "not valid YAML" in info.value.reason


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("id,label,kind,aliases\nP-lev,Lev,person,Bronstein\n", "unknown column 'aliases'"),
        ("id,label,kind\nP-lev,Lev,person,extra\n", "people.csv:2: entry 1: more fields"),
        ("id,label,kind\nP-lev,,person\n", "people.csv:2: entry 1 (P-lev): missing label"),
        ("", "no header row"),
    ],
)
def test_a_bad_csv_row_is_named(text, said):
    with pytest.raises(InputError) as info:
        read_authority("people.csv", text)
    assert said in str(info.value)
