"""The date of telling of a quotation: the quoted document's date, read in the note under it
and in the words that introduce it (the lead-in), never made more exact than they say."""

from __future__ import annotations

import pytest

from adfontes.analyze import analyze
from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.store import connect
from adfontes.store import sources as sdb
from adfontes.variants.stage import _either, telling

GREELEY = (
    "If there be those who would not save the Union, unless they could at the same time save "
    "slavery, I do not agree with them. My paramount object in this struggle is to save the "
    "Union, and is not either to save or to destroy slavery."
)
GETTYSBURG = (
    "Four score and seven years ago our fathers brought forth on this continent, a new nation, "
    "conceived in Liberty, and dedicated to the proposition that all men are created equal."
)
GETTYSBURG_END = (
    "It is rather for us to be here dedicated to the great task remaining before us, that "
    "government of the people, by the people, for the people, shall not perish from the earth."
)
MANIFEST_DE = (
    "Ein Gespenst geht um in Europa – das Gespenst des Kommunismus. Alle Mächte des alten "
    "Europa haben sich zu einer heiligen Hetzjagd gegen dies Gespenst verbündet, der Papst und "
    "der Zar, Metternich und Guizot, französische Radikale und deutsche Polizisten."
)
MANIFEST_EN = (
    "A spectre is haunting Europe – the spectre of communism. All the powers of old Europe "
    "have entered into a holy alliance to exorcise this spectre, Pope and Tsar, Metternich and "
    "Guizot, French Radicals and German police-spies."
)
COMMENT = (
    "Few historians have doubted that the pamphlet was written in haste, and its authors said "
    "as much in their later prefaces to the German editions."
)

BOOK = f"""American and European documents

A study of political letters

In his public letter to the editor of the New York Tribune, dated August 22, 1862, the President answered the charge that he had no policy. He wrote:

{GREELEY}

The cemetery was dedicated in the presence of some fifteen thousand people, and the main speaker spoke for two hours. The President followed with a few words, which are printed here from the version of November 1863:

{GETTYSBURG}

...

{GETTYSBURG_END}

{COMMENT}

Document 2. Marx and Engels, Manifesto of the Communist Party, 1848, London

{MANIFEST_DE}

Translated:

{MANIFEST_EN}

{COMMENT}

The old editors were aware of the difficulty, and the new edition of 1890 still kept the first wording. As we can see today, the two editors in the end chose the following words:

{GREELEY}
"""


def _told(folder, name: str, text: str, date: str) -> dict[str, list[tuple]]:
    """The date of telling and where it came from, per paragraph (its first 30 characters), of
    a monograph ``name`` of ``date`` stored in ``folder``."""
    (folder / name).write_text(text, encoding="utf-8")
    (folder / "corpus.yaml").write_text(
        f"sources:\n  - path: {name}\n    date: {date}\n    language: en\n    genre: monograph\n",
        encoding="utf-8",
    )
    return _paragraph_dates(folder)


def _paragraph_dates(folder) -> dict[str, list[tuple]]:
    """Ingest ``folder`` (with its corpus.yaml), read its dates, and give each paragraph's date
    of telling and where it came from, by its first 30 characters."""
    out: dict[str, list[tuple]] = {}
    with connect(folder / "s.db") as s:
        ingest(s, [folder], manifest.load(folder / "corpus.yaml"))
        analyze(s, only={"dates"})
        for p in sdb.passages(s.conn, analysable=True):
            source = sdb.resolve_source(s.conn, p.source_id)
            t = telling(s, p, (p.start, p.end), source, {})
            out.setdefault(p.text[:30], []).append((t.telling_date, t.telling_date_from))
    return out


@pytest.fixture(scope="module")
def told(tmp_path_factory):
    return _told(tmp_path_factory.mktemp("book"), "book.txt", BOOK, "2019-08")


def test_the_lead_in_dates_the_quotation_it_introduces(told):
    """The date stands in the sentence before a short ``He wrote:``."""
    assert told[GREELEY[:30]][0] == ("1862-08-22", "lead-in")


def test_a_lead_in_that_gives_a_month_gives_a_month(told):
    assert told[GETTYSBURG[:30]] == [("1863-11", "lead-in")]


def test_a_quotation_resumed_after_an_ellipsis_keeps_the_lead_in_date(told):
    assert told[GETTYSBURG_END[:30]] == [("1863-11", "lead-in")]


def test_an_original_and_its_translation_are_dated_by_the_heading_above_them(told):
    assert told[MANIFEST_DE[:30]] == [("1848", "lead-in")]
    assert told[MANIFEST_EN[:30]] == [("1848", "lead-in")]


def test_the_authors_own_words_after_a_quotation_keep_the_book_date(told):
    assert set(told[COMMENT[:30]]) == {("2019-08", "source")}


def test_a_date_deep_in_an_earlier_sentence_or_of_the_tellers_today_does_not_date_it(told):
    """``the new edition of 1890`` stands in the middle of the sentence before a long last
    sentence, whose ``today`` is the book's own time: neither is the quoted document's date."""
    assert told[GREELEY[:30]][1] == ("2019-08", "source")


@pytest.mark.parametrize(
    ("note", "lead", "expected"),
    [
        # the lead-in gives the issue (July), the note the article (June): the note's day
        ("1935-06-07", "1935-07", ("1935-06-07", "note")),
        # the lead-in says the note's year more exactly
        ("1937", "1937-04", ("1937-04", "lead-in")),
        # two days for one document: one of them, not a made-up range
        ("1862-08-22", "1862-08-20", ("[1862-08-20,1862-08-22]", "note and lead-in")),
        ("1848", None, ("1848", "note")),
        (None, "1848-02", ("1848-02", "lead-in")),
        (None, None, (None, None)),
    ],
)
def test_note_and_lead_in_dates_are_weighed(note, lead, expected):
    assert _either(note, lead) == expected


HODGES = (
    "In March, and May, and July 1862 I made earnest, and successive appeals to the border "
    "states to favor compensated emancipation, which I believed the indispensable necessity for "
    "military emancipation, and arming the blacks would come, unless averted by that measure."
)
GETTYSBURG_RESUMED = (
    "“... The world will little note, nor long remember what we say here, but it can never "
    "forget what they did here.”"
)

LETTERS = f"""Lincoln and his correspondents

The Tribune of August 20, 1862, printed Greeley's open letter to the President, and Lincoln answered it in a letter dated August 22. He wrote:

{GREELEY}

In his letter to Albert G. Hodges, Lincoln went back to the appeals he had made to the border states in July 1862:

{HODGES}

In the spring of 1862 the border states had already turned down what he asked of them, as he told Hodges:

{HODGES}

The President followed with a few words, which are printed here from the version of November 1863:

{GETTYSBURG}

{GETTYSBURG_RESUMED}
"""


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    return _told(tmp_path_factory.mktemp("letters"), "letters.txt", LETTERS, "2009")


def test_of_two_dates_in_a_lead_in_the_one_that_dates_a_document_is_taken(letters):
    """The newspaper's date comes first; the letter quoted is the one ``dated``."""
    assert letters[GREELEY[:30]] == [("1862-08-22", "lead-in")]


def test_a_lead_in_date_the_quotation_repeats_is_what_it_tells_not_when(letters):
    """``the appeals ... in July 1862`` names what the letter recalls, and so does the letter."""
    assert letters[HODGES[:30]][0] == ("2009", "source")


def test_a_lead_in_date_before_a_year_the_quotation_states_does_not_date_it(letters):
    """The spring of 1862 is before the ``July 1862`` the letter speaks of."""
    assert letters[HODGES[:30]][1] == ("2009", "source")


def test_a_quotation_resumed_with_an_opening_mark_and_an_ellipsis_keeps_the_lead_in_date(letters):
    assert letters[GETTYSBURG_RESUMED[:30]] == [("1863-11", "lead-in")]


def test_a_journal_entry_is_dated_by_the_day_it_opens_with(tmp_path):
    """A ship's journal of a few weeks: each entry opens with its day, and what it tells was
    written that day; a later book that opens a paragraph with a day keeps its own date."""
    journal = (
        "Journal of the brig Mary, kept by the mate\n\n"
        "March 3, 1851. Left the harbour at dawn with a fair wind; the pilot went ashore at noon.\n\n"
        "March 9, 1851. Sighted the lighthouse on the cape; the captain ordered the boats ready.\n\n"
        "The cook fell ill with a fever and the boy took his place in the galley.\n"
    )
    book = (
        "The voyage of the Mary\n\n"
        "March 9, 1851 is the day the mate says they sighted the lighthouse on the cape.\n"
    )
    (tmp_path / "journal.txt").write_text(journal, encoding="utf-8")
    (tmp_path / "book.txt").write_text(book, encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text(
        "sources:\n  - path: journal.txt\n    date: 1851-03-01/1851-04-30\n    genre: diary\n"
        "  - path: book.txt\n    date: 1990\n    genre: monograph\n",
        encoding="utf-8",
    )
    out = {k[:14]: v for k, v in _paragraph_dates(tmp_path).items()}
    assert out["March 3, 1851."] == [("1851-03-03", "entry")]
    assert out["March 9, 1851."] == [("1851-03-09", "entry")]
    assert out["The cook fell "] == [("1851-03-01/1851-04-30", "source")]
    assert out["March 9, 1851 "] == [("1990", "source")]
