"""Wording and spelling conflicts on the seed corpus: valid output, locators that hold them."""

from __future__ import annotations

import json

from adfontes.claims import views
from tests.conftest import assert_locators, run_cli, validate_output


def test_wording_and_spelling_conflicts_validate(seed_store, capsys):
    assert "wording" in views.CONFLICT_TYPES
    files = {r[0]: r[1] for r in seed_store.conn.execute("SELECT path, text FROM files")}
    for kind, prefix in (("wording", "wording: “"), ("person", "person (")):
        code, out, _ = run_cli("conflicts", "--db", seed_store.path, "--type", kind, "--json",
                               capsys=capsys)  # fmt: skip
        assert code == 0
        payload = json.loads(out)
        validate_output("conflicts", payload)
        listed = payload["conflicts"]
        assert listed and all(c["reason"].startswith(prefix) for c in listed)
        assert_locators([c[s][k] for c in listed for s in "ab" for k in ("claim", "slot")], files)
        for c in listed:
            for side in "ab":
                assert c[side]["slot"]["text"] in c[side]["claim"]["text"]
    spelt = [c for c in json.loads(out)["conflicts"] if "(spelling)" in c["reason"]]
    assert spelt and all(c["a"]["slot"]["text"] != c["b"]["slot"]["text"] for c in spelt)
