"""Mention finding details that no rule table shows."""

from __future__ import annotations


def test_whole_source_and_passage_counts_read_as_their_sum():
    from collections import Counter

    from adfontes.names.find import _Counts

    a, b = Counter({"Trotsky": 3, "Moscow": 1}), Counter({"Trotsky": 1, "Alma-Ata": 2})
    both, summed = _Counts(a, b), a + b
    for word in ("Trotsky", "Moscow", "Alma-Ata", "Paris"):
        assert both[word] == summed[word]
        assert (word in both) == (word in summed)
    assert both.keys() == summed.keys()
