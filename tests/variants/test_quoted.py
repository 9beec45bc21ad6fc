"""Stories of a quotation: a phrase quoted again and again through a book is one story."""

from __future__ import annotations

from adfontes.store import variants as db
from adfontes.variants.quoted import holds, key_span, quotations, regroup
from adfontes.variants.reuse import Pair, Unit, detect
from adfontes.variants.stage import MAX_STORY
from tests.conftest import analysed_store

# Sentences of a made-up study of a strike, each quoting the governor's phrase in other words.
AGITATORS = [
    'The governor\'s first telegram blamed the strike on "foreign agitators" from Riga.',
    'Three days later the police report again spoke of "foreign agitators" in the yards.',
    'No arrest list of the month names a single one of the "foreign agitators" he feared.',
    'The mill owners repeated the phrase "foreign agitators" in their petition to the tsar.',
    'In his memoirs of 1911 the governor still wrote of "foreign agitators" and their gold.',
    'A liberal paper mocked the "foreign agitators" who were, it said, local weavers.',
    'The prosecutor dropped the charge of helping "foreign agitators" for want of proof.',
    'Later historians took the "foreign agitators" of the telegram at face value.',
    'Soviet accounts turned the "foreign agitators" into heroic envoys of the party.',
    'The strike committee\'s leaflet laughed at the "foreign agitators" of the governor.',
    'An emigre memoir claims its author was one of the "foreign agitators" named then.',
    'The archive holds no passport record of any "foreign agitators" in the district.',
]
# A second phrase, quoted beside the first in one sentence.
RABBLE = [
    'The bishop\'s sermon warned of a "dictatorship of the rabble" in the factory town.',
    'The governor feared a "dictatorship of the rabble" more than the strike itself.',
    'Conservative papers printed the bishop\'s "dictatorship of the rabble" on their front page.',
    'The governor joined "foreign agitators" and a "dictatorship of the rabble" in one speech.',
]
# The phrase in the book's own words, unquoted; and its words far apart, which do not retell it.
RETOLD = "Nobody in the weaving town had ever seen foreign agitators, the strikers said later."
APART = "Agitators of every stripe, local and even some foreign ones, were blamed in turn."
# A name in quotation marks, written with capitals: not a quotation.
NAME = [
    'The meeting of the "Workers Council" was broken up by mounted police at noon.',
    'Minutes of the "Workers Council" survive for only two of its sessions that spring.',
    'Its chairman denied that the "Workers Council" had ever called for a general strike.',
    'After the strike the "Workers Council" dissolved itself and burnt its papers.',
]


def _book(tmp_path):
    paragraphs = AGITATORS[:6] + RABBLE[:2] + NAME + AGITATORS[6:] + RABBLE[2:] + [RETOLD, APART]
    text = "A study of the strike\n\n" + "\n\n".join(paragraphs) + "\n"
    return analysed_store(tmp_path, {"study.txt": text}), text


def _told(s, text: str, story_id: str) -> list[str]:
    return [text[t["start"] : t["end"]] for t in db.story_tellings(s.conn, story_id)]


def test_a_phrase_quoted_in_more_paragraphs_than_a_story_piece_holds_is_one_story(tmp_path):
    s, text = _book(tmp_path)
    with s:
        stories = {r["label"]: r for r in db.list_stories(s.conn)}
        assert "foreign agitators" in stories, list(stories)
        told = _told(s, text, stories["foreign agitators"]["id"])
        assert len(told) > MAX_STORY
        assert sum("foreign agitators" in t for t in told) == len(AGITATORS) + 2
        assert all("foreign agitators" in t for t in told), told
        assert RETOLD in told and APART not in told


def test_a_sentence_that_quotes_two_phrases_tells_both_stories(tmp_path):
    s, text = _book(tmp_path)
    with s:
        stories = {r["label"]: r for r in db.list_stories(s.conn)}
        rabble = _told(s, text, stories["dictatorship of the rabble"]["id"])
        agitators = _told(s, text, stories["foreign agitators"]["id"])
        both = [t for t in rabble if "foreign agitators" in t]
        assert len(both) == 1 and both[0] in agitators
        assert len(rabble) == len(RABBLE)
        # Each story's wording is its own phrase.
        wording = {
            r["wording"]
            for r in db.story_tellings(s.conn, stories["dictatorship of the rabble"]["id"])
        }
        assert wording == {"dictatorship of the rabble"}


def test_a_name_in_quotation_marks_is_not_a_quotation():
    sentences = AGITATORS + NAME
    units = [Unit(i, f"s{i}", text, "en", group=i) for i, text in enumerate(sentences)]
    found = quotations(detect(units), {u.id: u for u in units})
    assert [(key, sorted(ids)) for key, ids in found] == [
        ('"agita+forei', list(range(len(AGITATORS))))
    ]


def test_holds_reads_inflected_words_of_a_key():
    assert holds("to restore capitalism", '"capit+resto')
    assert holds("the Restoration of Capitalism", '"capit+resto')
    assert not holds("the return of capitalism", '"capit+resto')


def _pair(a, b, shared=(), kind="paraphrase", via=("features",)):
    return Pair(a, b, (0, 10), (0, 10), kind, 2, tuple(shared), 1.0, via)


# A French phrase quoted in three sources (units 1-3), the key its pairs share.
SAID = '"sieur+tempe'
SIEURS = {
    1: Unit(1, "a", "Il écrivit: « le temps des sieurs est passé ».", "fr", group=1),
    2: Unit(2, "b", "On répéta « le temps des sieurs est passé » partout.", "fr", group=2),
    3: Unit(3, "c", "Le mot « temps des sieurs » fit fortune.", "fr", group=3),
}
SIEUR_PAIRS = [_pair(1, 2, [SAID]), _pair(1, 3, [SAID]), _pair(2, 3, [SAID])]


def test_a_quotation_joins_its_telling_in_another_language_but_not_a_piece_in_its_own():
    units = {
        **SIEURS,
        4: Unit(4, "d", 'He wrote that "the time of the lords is over".', "en", group=4),
        5: Unit(5, "d", "The phrase was printed in every paper.", "en", group=5),
        6: Unit(6, "e", "« Les sieurs » furent nommés dans le procès-verbal.", "fr", group=6),
        7: Unit(7, "e", "Le procès-verbal fut signé le soir.", "fr", group=7),
    }
    pairs = [*SIEUR_PAIRS, _pair(1, 4, kind="translation"), _pair(4, 5), _pair(2, 6), _pair(6, 7)]
    out = regroup([[4, 5], [6, 7]], pairs, units)
    assert out == [([1, 2, 3, 4, 5], (SAID,)), ([6, 7], ())]


def test_one_pair_found_by_its_place_in_the_layout_only_does_not_join_a_piece():
    units = {
        **SIEURS,
        4: Unit(4, "a", 'The author then calls it "a mere figure of speech".', "en", group=4),
        5: Unit(5, "a", "He moves on to the strike of that winter.", "en", group=5),
    }
    pairs = [*SIEUR_PAIRS, _pair(1, 4, kind="translation", via=("layout",)), _pair(4, 5)]
    assert regroup([[4, 5]], pairs, units) == [([1, 2, 3], (SAID,)), ([4, 5], ())]


def _book_units(sentences: list[str], lang: str = "en") -> dict:
    return {i: Unit(i, f"s{i}", text, lang, group=i) for i, text in enumerate(sentences)}


def test_a_piece_mostly_quoting_a_phrase_joins_its_story_and_others_only_lose_their_quotes():
    sentences = [*AGITATORS[:4], "The governor's report went to the ministry the same week."]
    sentences += ["The ministry filed the report without reading it, as was its custom.",
                  "Its clerks filed every report from the province that spring."]  # fmt: skip
    units = _book_units(sentences)
    found = detect(list(units.values()))
    # Piece 1: three quoting sentences and one that is not; piece 2: one quoting, two not.
    out = regroup([[0, 1, 2, 4], [3, 5, 6]], found, units)
    story = next(g for g, keys in out if keys)
    assert story == [0, 1, 2, 3, 4]
    assert ([5, 6], ()) in out


def test_plain_uses_of_a_phrase_join_its_story_only_when_it_is_quoted_more_often():
    quoted_ = [
        'He spoke of "individual terror" in his first letter from exile.',
        'The court read "individual terror" into every leaflet it seized.',
        'His critics called it "individual terror" in the émigré press.',
    ]
    plain = [
        "Individual terror was condemned by the party congress that year.",
        "The pamphlet argued that individual terror weakens the movement.",
        "Students debated individual terror in the reading circles.",
        "Police reports blamed individual terror for the unrest.",
    ]
    units = _book_units(quoted_ + plain)
    found = detect(list(units.values()))
    out = regroup([], found, units)
    assert [g for g, keys in out if keys] == [[0, 1, 2]]
    units = _book_units(quoted_ + plain[:2])
    out = regroup([], detect(list(units.values())), units)
    assert [g for g, keys in out if keys] == [[0, 1, 2, 3, 4]]


def test_german_nouns_with_capitals_are_not_names():
    sentences = [
        "Der Polizeibericht sprach von „ausländischen Hetzern“ im Hafen.",
        "Die Fabrikherren wiederholten die „ausländischen Hetzer“ in ihrer Bittschrift.",
        "Noch 1911 schrieb der Gouverneur von „ausländischen Hetzern“ und ihrem Gold.",
    ]
    units = _book_units(sentences, "de")
    assert [sorted(q) for _, q in quotations(detect(list(units.values())), units)] == [[0, 1, 2]]


def test_key_span_is_the_nearest_stretch_with_the_words_of_the_key():
    text = "Capitalism, he said, was far off; they wanted to restore capitalism at once."
    s, e = key_span(text, '"capit+resto')
    assert text[s:e] == "restore capitalism"
    assert key_span("restore the old order, not capitalism", '"capit+resto') is None


def test_two_quotation_stories_headed_by_one_telling_have_their_own_ids(tmp_path):
    """The sentence that quotes both phrases comes first, so it heads both stories."""
    paragraphs = [RABBLE[3], *AGITATORS[:4], *RABBLE[:3]]
    text = "A study of the strike\n\n" + "\n\n".join(paragraphs) + "\n"
    with analysed_store(tmp_path, {"study.txt": text}) as s:
        stories = {r["label"]: r["id"] for r in db.list_stories(s.conn)}
        both = [stories.get("foreign agitators"), stories.get("dictatorship of the rabble")]
        assert None not in both and both[0] != both[1], stories
        heads = {_told(s, text, sid)[0] for sid in both}
        assert heads == {RABBLE[3]}


def test_words_between_two_quotations_whose_marks_were_paired_wrongly_are_no_quotation():
    from adfontes.variants.slots import quotes

    text = 'intervention" any more than they were with the "restoration of capitalism."'
    assert [text[s:e] for s, e in quotes(text)] == ["restoration of capitalism."]
    plain = 'He said "restore capitalism" then.'
    assert [plain[s:e] for s, e in quotes(plain)] == ["restore capitalism"]
