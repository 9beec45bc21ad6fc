"""Collation: alignment, normalisation, variant kinds, cross-language names, and the renderings."""

from __future__ import annotations

import pytest
from lxml import etree

from adfontes.variants import Witness, collate
from adfontes.variants.collate import differences
from adfontes.variants.render import to_json, to_tei, to_text
from adfontes.variants.tokens import tokenize

# Two manuscript copies of the Gettysburg Address (Nicolay and Bliss copies, public domain).
NICOLAY = (
    "Four score and seven years ago our fathers brought forth, upon this continent, a new "
    'nation, conceived in liberty, and dedicated to the proposition that "all men are created '
    'equal"'
)
BLISS = (
    "Four score and seven years ago our fathers brought forth on this continent, a new nation, "
    "conceived in Liberty, and dedicated to the proposition that all men are created equal."
)


def _variants(a: str, b: str, lang: str | None = "en", **kw) -> list[tuple[str, str, str]]:
    c = collate([Witness("A", a, lang), Witness("B", b, lang)], **kw)
    return [
        (
            v.kind,
            a[slice(*v.a_span)] if v.a_span else "",
            b[slice(*v.b_span)] if v.b_span else "",
        )
        for v in c.variants
    ]


CASES = [
    # id, a, b, lang, expected (kind, words of a, words of b)
    ("gettysburg-upon-on", NICOLAY, BLISS, "en", [("substitution", "upon", "on")]),
    ("case-and-punctuation", "Conceived in liberty, and", "conceived in Liberty and", "en", []),
    ("addition", "the dog slept", "the lazy dog slept", "en", [("addition", "", "lazy")]),
    ("omission", "the lazy dog slept", "the dog slept", "en", [("omission", "lazy", "")]),
    ("number-separators", "he was given 5,000 roubles", "he was given 5000 roubles", "en", []),
    ("number-changed", "he was given 5,000 roubles", "he was given 3,000 roubles", "en",
     [("substitution", "5,000", "3,000")]),
    ("date-as-edtf", "it happened on 3 May 1921 in town", "it happened on May 3, 1921 in town",
     "en", []),
    ("date-changed", "it happened on 3 May 1921 in town", "it happened on 3 May 1922 in town",
     "en", [("substitution", "3 May 1921", "3 May 1922")]),
    ("hu-date-as-edtf", "a levelet 1929. január 20-án kapta meg",
     "a levelet 1929 január 20-án kapta meg", "hu", []),
    ("transposition", "the old grey stone wall of the yard stood", "the wall of the yard old grey stone stood",
     "en", [("transposition", "old grey stone", ""), ("transposition", "", "old grey stone")]),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "lang", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_variants(a, b, lang, expected):
    assert sorted(_variants(a, b, lang)) == sorted(expected)


def test_words_only_keeps_date_forms_apart():
    a, b = "on 3 May 1921 in town", "on May 3, 1921 in town"
    assert _variants(a, b, normalise=False)
    assert not _variants(a, b)


def test_inflected_names_agree():
    c = collate([Witness("A", "Kamenyevvel és Radekkel beszélt.", "hu"),
                 Witness("B", "Kamenyev és Radek beszélt.", "hu")])  # fmt: skip
    assert not c.variants
    assert [t.kind for t in c.table[0][0]] == ["name"]


def test_three_witnesses_keep_every_token_in_order():
    texts = [NICOLAY, BLISS, "Four score and seven years ago our fathers brought forth a nation."]
    c = collate([Witness(s, t, "en") for s, t in zip("ABC", texts, strict=True)])
    for w, text in enumerate(texts):
        assert "".join(t.t for row in c.table for t in row[w]) == text
        for row in c.table:
            assert len(row[w]) <= 1
    agreed = [row for row in c.table if all(row) and len({cell[0].n for cell in row}) == 1]
    assert [row[0][0].n for row in agreed[:3]] == ["four", "score", "and"]


def test_each_pair_can_be_compared():
    c = collate([Witness("A", "a b c d", "en"), Witness("B", "a b x d", "en"),
                 Witness("C", "a b x d e", "en")])  # fmt: skip
    assert [v.kind for v in differences(c, "B", "C")] == ["addition"]
    assert [v.kind for v in c.variants if v.b == "C"] == ["substitution", "addition"]


def test_translation_that_drops_names_is_caught():
    en = Witness(
        "en", "Trotsky met Zinoviev, Kamenev and Radek in 1927. They spoke for hours.", "en"
    )
    hu = Witness("hu", "Trockij 1927-ben találkozott Zinovjevvel. Órákig beszéltek.", "hu")
    c = collate([en, hu])
    assert c.mode == "sentences"
    dropped = {en.text[slice(*ch.spans[0])] for ch in c.names if ch.status == "dropped"}
    assert dropped == {"Kamenev", "Radek"}
    assert all(ch.status == "dropped" for ch in c.names)
    # the sentence with the names and the date is set beside its translation
    first = c.table[0]
    assert first[0][0].t.startswith("Trotsky") and first[1][0].t.startswith("Trockij")


def test_tokens_rebuild_the_text():
    text = '"Quoted," he said — and left: 5,000 roubles.'
    toks = tokenize(text)
    assert "".join(t.t for t in toks) == text
    assert [text[t.start : t.end] for t in toks][-2:] == ["5,000", "roubles"]
    assert toks[-2].n == "5000"


def test_renderings():
    c = collate([Witness("1859", NICOLAY, "en"), Witness("1860", BLISS, "en")])
    tei = etree.fromstring(to_tei(c).encode())
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    readings = [(r.get("wit"), "".join(r.itertext()).strip()) for r in tei.iterfind(".//t:rdg", ns)]
    assert ("#w1859", "upon") in readings and ("#w1860", "on") in readings
    payload = to_json(c)
    assert payload["witnesses"] == ["1859", "1860"]
    assert len(payload["table"]) == 2 and len(payload["table"][0]) == len(payload["table"][1])
    text = to_text(c)
    assert "| 1859 upon" in text and "| 1860 on" in text


def test_needs_two_witnesses():
    with pytest.raises(ValueError):
        collate([Witness("A", "text")])


def test_best_pairs_keeps_order_and_never_takes_a_pair_below_the_floor():
    from adfontes.variants.align import best_pairs

    sims = [[0.9, 0.1, 0.0], [0.2, 0.3, 0.8]]
    assert best_pairs(sims) == [(0, 0), (1, 2)]
    assert best_pairs([[0.9, 0.1], [0.1, 0.4]], floor=0.5) == [(0, 0)]
    # Crossing pairs are never both taken: order is kept.
    assert best_pairs([[0.0, 0.9], [0.9, 0.0]]) in ([(0, 1)], [(1, 0)])
    assert best_pairs([]) == []
