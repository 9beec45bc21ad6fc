"""Folding, stems and name keys: a query word meets a passage word in every language."""

from __future__ import annotations

import pytest

from adfontes.search import terms
from adfontes.search.query import parse

LANGS = ("de", "en", "fr", "hu", "ru")

# (passage language, passage text, query, found?)
CASES = [
    # folding: case and diacritics
    ("hu", "A kiutasítás hírét mindenki ismerte.", "kiutasitas", True),
    ("hu", "ŐSZI HADJÁRAT", "oszi", True),
    ("fr", "Le général arriva à Constantinople.", "general", True),
    ("ru", "Пётр Смирнов", "петр", True),
    ("de", "Die Straße nach Büyükada", "strasse", True),
    # stems
    ("en", "He was expelled from the party.", "expel", True),
    ("ru", "Он возражал против высылки.", "высылка", True),
    ("de", "Die Ausweisungen kamen nicht überraschend.", "Ausweisung", True),
    ("fr", "les déportations de 1928", "déportation", True),
    # prefix and phrase
    ("hu", "Trockij Lev Davidovics állampolgárt kiutasították.", "kiutas*", True),
    ("en", "the steamer left from Odessa", '"left from Odessa"', True),
    ("en", "from Odessa the steamer left", '"left from Odessa"', False),
    # name keys: every spelling and case form of a name meets
    ("hu", "Trockijjal beszéltem a kikötőben.", "Trotsky", True),
    ("hu", "Trockijt erőszakkal vitték el.", "trotsky", True),
    ("ru", "Высылка Троцкого в Турцию.", "Trotsky", True),
    ("de", "Trotzki traf in Konstantinopel ein.", "Trotsky", True),
    ("fr", "Trotski arriva à Prinkipo.", "Trotsky", True),
    ("en", "Trotsky was expelled.", "Троцкий", True),
    ("hu", "Zinovjevről senki sem beszélt.", "Zinoviev", True),
    ("ru", "Зиновьев не возражал.", "Zinovjev", True),
    ("hu", "Kemallal tárgyalt.", "Kemal", True),
    # and unrelated words do not
    ("en", "The weather in Paris was mild.", "Trotsky", False),
    ("hu", "Sztálin beszédet tartott.", "Trotsky", False),
    ("ru", "Сталин выступил с речью.", "Троцкий", False),
]


@pytest.mark.parametrize(
    ("lang", "text", "query", "found"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES]
)
def test_query_meets_passage(lang, text, query, found):
    hook = terms.name_keys_hook()
    if hook is None and any(ch.isupper() for ch in query + text):
        pytest.skip("no names engine, so no name keys")
    forms = terms.index_forms(text, lang, hook)
    groups = parse(query, LANGS, hook)
    hits = [
        g.frequency(forms.words.split(), forms.stems.split(), forms.names.split()) for g in groups
    ]
    assert (max(hits) > 0) is found, (forms, groups)


def test_fold_keeps_letters_and_drops_marks():
    assert terms.fold("Trockijjal") == "trockijjal"
    assert terms.fold("Ёлка") == "елка"
    assert terms.fold("Kőrösi Csoma") == "korosi csoma"


def test_tokens_keep_offsets_into_the_text():
    text = "«Троцкий», Trockijjal—1929."
    for tok in terms.tokens(text):
        assert text[tok.start : tok.end] == tok.surface
    assert [t.surface for t in terms.tokens(text)] == ["Троцкий", "Trockijjal", "1929"]


def test_a_query_with_no_word_is_a_usage_error():
    from adfontes.errors import UsageError

    with pytest.raises(UsageError):
        parse('"" *', LANGS, None)
