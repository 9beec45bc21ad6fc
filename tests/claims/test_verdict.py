"""The verdict's explanation: what the counts are made of."""

from __future__ import annotations

from types import SimpleNamespace

from adfontes.claims.views import verdict


class _Apart:
    """Provenance where every source is its own origin and none rests on another."""

    def groups(self, source_ids):
        return [{"origin": s, "members": [s], "links": [], "primary": 0} for s in source_ids]

    def rests_on(self, source_id):
        return set()


def _item(stance, source_id, same_event=0.9):
    return stance, SimpleNamespace(same_event=same_event), SimpleNamespace(source_id=source_id)


def test_a_source_contradicted_by_its_own_text_is_told_so():
    result = verdict(_Apart(), [_item("contradicts", "book"), _item("supports", "book")],
                     own_source="book")  # fmt: skip
    assert result["verdict"] == "contradicted"
    assert result["explanation"] == (
        "0 independent sources support (0 primary), 1 contradict "
        "(one of them the source itself, elsewhere in its text)"
    )


def test_another_source_contradicting_is_not_called_the_source_itself():
    result = verdict(_Apart(), [_item("contradicts", "letter")], own_source="book")
    assert result["explanation"] == "0 independent sources support (0 primary), 1 contradict"
