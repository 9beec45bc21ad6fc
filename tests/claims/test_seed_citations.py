"""Citation disagreements between two places of one source, listed among the conflicts."""

from __future__ import annotations

import json

from adfontes.claims import views
from tests.conftest import assert_locators, run_cli, validate_output


def _files(store) -> dict[str, str]:
    return {r[0]: r[1] for r in store.conn.execute("SELECT path, text FROM files")}


def test_custody_and_citation_conflicts(seed_store, capsys):
    code, out, _ = run_cli("conflicts", "--db", seed_store.path, "--type", "custody", "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    validate_output("conflicts", payload)
    custody = payload["conflicts"]
    assert custody and {c["type"] for c in custody} == {"custody"}
    files = _files(seed_store)
    sides = [c[s][k] for c in custody for s in "ab" for k in ("claim", "slot")]
    assert_locators(sides, files)
    for c in custody:
        assert c["a"]["claim"]["line"] != c["b"]["claim"]["line"]
        assert c["a"]["slot"]["text"] in c["a"]["claim"]["text"]
    cited = views.conflicts_view(seed_store, kind="citation")
    assert any("dated differently" in c["reason"] for c in cited)
    # Among all conflicts they rank by their own confidence, and the page keeps them.
    every = views.conflicts_view(seed_store)
    assert {"custody", "citation"} <= {c["type"] for c in every}
    confidences = [c["confidence"] for c in every]
    assert confidences == sorted(confidences, reverse=True)
    assert [c["rank"] for c in every] == list(range(1, len(every) + 1))
    found = views.all_conflicts(seed_store)
    assert views.conflicts_view(seed_store, found=found) == every
    assert views.conflicts_view(seed_store, who="Volkogonov", found=found)[0]["type"] == "custody"


def test_audit_lists_a_citation_disagreement_once(seed_store):
    """A citation problem that joins two places is shown among the conflicts, not again among
    the citation problems; with --type of a claim slot it stays among the problems."""
    source = "en-furr-trotskys-lies.txt"
    result = views.audit_view(seed_store, source)
    listed = {c["reason"] for c in result["conflicts"] if c["type"] in views.CITE_TYPES}
    assert listed
    for p in result["citation_problems"]:
        kind = views.CITE_KINDS.get(p["kind"], ("", 0))[0]
        assert f"{kind}: {p['detail']}" not in listed
    dated = views.audit_view(seed_store, source, kind="date")
    assert len(dated["citation_problems"]) > len(result["citation_problems"])
