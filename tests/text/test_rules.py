"""Every row of every text rule file's case table, and the shape of each file."""

import pytest

from adfontes import rules
from adfontes.text import sentences
from adfontes.text.normalize import RULES, homoglyph_words, normalize

LANGS = [n for n in rules.names(RULES) if n != "common"]
SENTENCE_CASES = [(lang, c) for lang in LANGS for c in rules.cases(RULES, lang)]
NORM_CASES = rules.cases(RULES, "common")


@pytest.mark.parametrize("name", rules.names(RULES))
def test_rule_file_is_valid(name):
    assert rules.load(RULES, name)


@pytest.mark.parametrize("name", LANGS)
def test_every_language_has_cases(name):
    assert rules.cases(RULES, name), f"text/rules/{name}.cases.tsv is missing or empty"


@pytest.mark.parametrize(("lang", "case"), SENTENCE_CASES, ids=[c.ref for _, c in SENTENCE_CASES])
def test_sentences(lang, case):
    text = case.row["text"]
    spans = sentences.split(text, lang)
    assert [text[a:b] for a, b in spans] == case.row["sentences"].split(" ‖ ")


@pytest.mark.parametrize("case", NORM_CASES, ids=[c.ref for c in NORM_CASES])
def test_normalize(case):
    text = case.row["text"]
    result = normalize(text)
    assert result.text == case.row["norm"]
    assert result.to_original(len(result.text)) == len(text)


def test_offsets_map_back_through_every_kind_of_edit():
    text = "Le\u00a0«Вulletin» de-\nportation Cafe\u0301 fin"
    result = normalize(text)
    assert result.text == 'Le "Bulletin" deportation Café fin'
    for word in ("Bulletin", "deportation", "Café", "fin"):
        start = result.text.index(word)
        a, b = result.span_to_original(start, start + len(word))
        assert normalize(text[a:b]).text == word


def test_homoglyph_words_are_reported():
    assert homoglyph_words("the Вulletin of Москвa") == [(4, 12), (16, 22)]


def test_unknown_language_splits_on_plain_punctuation():
    assert sentences.split("One. Two.", "xx") == [(0, 4), (5, 9)]
