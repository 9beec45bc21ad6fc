"""User decisions on entities: applied in order, each finding its entity as the decisions before
it left it, and a decision that finds nothing said rather than dropped."""

from __future__ import annotations

from adfontes.names import find
from adfontes.names.cluster import Decision, cluster

TEXT = (
    "Around Stalin stood Dzerzhinsky, Kuibyshev, Frunze and others. Later Stalin spoke to "
    "Kuibyshev, and Radek wrote to Trotsky."
)


def _run(*decisions: tuple[str, ...]) -> tuple[dict[str, set[str]], list[str]]:
    mentions = find(TEXT, "en")
    notes: dict[int, str] = {}
    entities = cluster(mentions, decisions=[Decision(d[0], tuple(d[1:])) for d in decisions],
                       notes=notes)  # fmt: skip
    return {e.label: {mentions[i].surface for i in e.members} for e in entities}, list(
        notes.values()
    )


def test_a_decision_finds_an_entity_by_the_label_a_rename_gave_it_in_any_case():
    labels, notes = _run(("rename", "Kuibyshev", "The Old Man"), ("merge", "the old man", "Stalin"))
    assert labels["The Old Man"] == {"Kuibyshev", "Stalin"} and "Stalin" not in labels
    assert notes == []


def test_a_decision_finds_an_entity_by_a_label_it_had_before():
    labels, notes = _run(
        ("rename", "Radek", "Karl"),
        ("rename", "Karl", "Sobelsohn"),
        ("merge", "Karl", "Trotsky"),
    )
    assert labels["Sobelsohn"] == {"Radek", "Trotsky"} and notes == []


def test_a_decision_finds_an_entity_merged_into_another_by_its_old_id():
    mentions = find(TEXT, "en")
    ids = {e.label: e.id for e in cluster(mentions)}
    labels, notes = _run(
        ("merge", "Dzerzhinsky", "Kuibyshev"), ("rename", ids["Kuibyshev"], "Two commissars")
    )
    assert labels["Two commissars"] == {"Dzerzhinsky", "Kuibyshev"} and notes == []


def test_a_decision_that_finds_nothing_is_said():
    labels, notes = _run(
        ("rename", "Nobodyovich", "X"),
        ("merge", "Stalin", "Zzyzx"),
        ("split", "Kuibyshev", "Radek"),
        ("rename", "Trotsky", "Lev Trotsky"),
    )
    assert "Lev Trotsky" in labels and "X" not in labels
    assert notes == [
        "decision 1 (rename Nobodyovich X) not applied: no entity named 'Nobodyovich'",
        "decision 2 (merge Stalin Zzyzx) not applied: no entity named 'Zzyzx'",
        "decision 3 (split Kuibyshev Radek) not applied: Kuibyshev has no mention written "
        "'Radek' beside others",
    ]
