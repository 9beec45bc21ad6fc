"""Segmentation on tricky invented text: footnotes, page furniture, sections, documents."""

import pytest

from adfontes.ingest import documents, layout
from adfontes.ingest.readers import Extracted

BOOK = """Table of Contents

Chapter 1. The Journey\t5
Bibliography\t40

Chapter 1. The Journey

The train left Alma-Ata on 22 January.¹ It stood for days near a small station.²

¹ Sedov, diary, entry of 22 January.

17

He reached Constantinople.³

² On the station, see Serge 1951, p. 12.
³ Pravda, 8 March 1929.

* * * * *

Chapter 2. Prinkipo

The island was quiet.¹

¹ Letter of 3 March 1929.

Bibliography

Serge, Victor. Memoirs of a Revolutionary. London, 1963.

Sedov, Lev. Diary. Paris, 1929.

Index

Alma-Ata 5, 7
Prinkipo 12
"""


def _blocks(text):
    return layout.classify(text, Extracted(text=text, format="txt"))


def _kinds(text):
    return [(b.kind, text[b.start : b.end].split("\n")[0]) for b in _blocks(text)]


def test_book_layout_kinds():
    kinds = _kinds(BOOK)
    assert ("toc", "Chapter 1. The Journey\t5") in kinds
    assert ("heading", "Bibliography") in kinds  # the section, not its line in the contents
    assert ("heading", "Chapter 1. The Journey") in kinds
    assert ("furniture", "17") in kinds
    assert ("furniture", "* * * * *") in kinds
    assert ("footnote", "¹ Sedov, diary, entry of 22 January.") in kinds
    assert ("bibliography", "Serge, Victor. Memoirs of a Revolutionary. London, 1963.") in kinds
    assert ("bibliography", "Sedov, Lev. Diary. Paris, 1929.") in kinds
    assert ("index", "Alma-Ata 5, 7") in kinds


def test_footnotes_link_within_their_chapter():
    blocks = _blocks(BOOK)
    links = layout.link_notes(layout.markers(BOOK, blocks), blocks)
    found = {
        (BOOK[: m.end].split()[-1], BOOK[n.start : n.end].split("\n")[0] if n else None)
        for _, m, n in links
    }
    assert ("January.¹", "¹ Sedov, diary, entry of 22 January.") in found
    assert ("quiet.¹", "¹ Letter of 3 March 1929.") in found
    assert len([n for _, _, n in links if n]) == 4


def test_offsets_point_into_the_original():
    for block in _blocks(BOOK):
        assert BOOK[block.start : block.end] == BOOK[block.start : block.end].strip()


def test_running_heads_are_furniture():
    page = "THE EXILE OF TROTSKY\nThe text of page {n} goes on here with more words.\n{n}"
    text = "\n\n".join(page.format(n=n) for n in range(10, 16))
    kinds = [(b.kind, text[b.start : b.end]) for b in _blocks(text)]
    assert ("furniture", "THE EXILE OF TROTSKY") in kinds
    assert ("furniture", "12") in kinds
    assert ("paragraph", "The text of page 12 goes on here with more words.") in kinds


COMPILATION = """Documents on the expulsion

The documents below were collected from several archives.

TELEGRAM

Arrived safely. Send the books by the next post.

L. Sedov

LETTER TO THE EDITOR

Some newspapers report that I gave an interview. This is false.

With comradely greetings,

L. Trotsky

STATEMENT

I protest against the expulsion.

L. Trotsky

From the book The Red Army in the Civil War, author J. Smith
A chapter about cavalry tactics in 1920.

From the book Medieval Paris, author A. Dupont
Streets and bridges of the old city.

The retelling of the same events begins here, written years later by a journalist.
"""


def test_compilation_is_split_into_documents_and_noise():
    blocks = _blocks(COMPILATION)
    docs = documents.split(COMPILATION, blocks, genre="web")
    shown = [(d.genre, d.noise, d.author, d.title[:40]) for d in docs]
    assert shown == [
        (None, False, None, "Documents on the expulsion"),
        ("telegram", False, "L. Sedov", "TELEGRAM"),
        ("letter", False, "L. Trotsky", "LETTER TO THE EDITOR"),
        ("statement", False, "L. Trotsky", "STATEMENT"),
        (None, True, None, "From the book The Red Army in the Civil "),
        (None, False, None, "The retelling of the same events begins "),
    ]


@pytest.mark.parametrize("genre", ["monograph", "letter", "newspaper", "memoir"])
def test_a_file_the_manifest_calls_one_document_is_never_split(genre):
    blocks = _blocks(COMPILATION)
    assert len(documents.split(COMPILATION, blocks, genre=genre)) == 1


def test_capital_headings_alone_do_not_make_a_compilation():
    text = "PRAVDA\n\nEXPULSION OF TROTSKY\n\nThe OGPU has expelled him.\n\nTHE EDITORS\n\nMore text.\n"
    assert len(documents.split(text, _blocks(text), genre=None)) == 1


def test_a_plain_text_with_one_letter_is_one_document():
    text = "LETTER TO THE EDITOR\n\nSome newspapers report an interview.\n\nL. Trotsky\n"
    assert len(documents.split(text, _blocks(text), genre=None)) == 1


def test_headings_and_signatures_glued_to_their_text_are_split_off():
    text = "TELEGRAM\nArrived safely. Send the books.\nL. Sedov\n\nLETTER TO THE EDITOR\nIt is false.\nL. Trotsky\n"
    kinds = [(b.kind, text[b.start : b.end]) for b in _blocks(text)]
    assert kinds == [
        ("heading", "TELEGRAM"),
        ("paragraph", "Arrived safely. Send the books."),
        ("heading", "L. Sedov"),
        ("heading", "LETTER TO THE EDITOR"),
        ("paragraph", "It is false."),
        ("heading", "L. Trotsky"),
    ]
    assert [d.genre for d in documents.split(text, _blocks(text), genre="web")] == [
        "telegram",
        "letter",
    ]


def test_wrapped_prose_is_not_taken_for_headings():
    text = "The train left Alma-Ata on the morning\nof 22 January and reached Frunze\nin the evening.\n"
    assert [b.kind for b in _blocks(text)] == ["paragraph"]
