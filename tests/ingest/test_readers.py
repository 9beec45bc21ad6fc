"""Each reader on a small file of its format, and each kind of bad input."""

import json

import pytest

from adfontes.errors import InputError
from adfontes.ingest import readers
from tests.ingest import factories


def test_text_utf8_keeps_the_file_as_it_is():
    data = "Trockij 1929. január 18-án\n".encode()
    out = readers.read_text(data, "a.txt")
    assert out.text == data.decode() and out.encoding == "utf-8"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "cp1251",
            "Постановление Особого совещания при коллегии ОГПУ о высылке Троцкого за границу.",
        ),
        (
            "koi8_r",
            "Постановление Особого совещания при коллегии ОГПУ о высылке Троцкого за границу.",
        ),
        (
            "iso8859_2",
            "Trockij kiutasítása: a határozatot január húszadikán közölték vele, ő tiltakozott.",
        ),
    ],
)
def test_legacy_encodings_are_detected(encoding, text):
    out = readers.read_text(text.encode(encoding), "legacy.txt")
    assert out.text == text


def test_markdown_headings_are_hints():
    out = readers.read_markdown(b"# The exile\n\nHe left Moscow.\n", "a.md")
    assert [out.text[a:b] for a, b in out.headings] == ["# The exile"]


def test_html_drops_boilerplate_and_keeps_the_article():
    html = b"""<html lang="en"><head><title>Exile</title><script>var x=1;</script></head><body>
      <nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <div class="cookie-banner">We use cookies.</div>
      <article><h1>Trotsky expelled</h1><p>The steamer <b>Ilyich</b> reached Constantinople.</p>
      <p>He protested in writing.</p></article>
      <footer>Copyright 1929</footer></body></html>"""
    out = readers.read_html(html, "a.html")
    assert "cookies" not in out.text and "Home" not in out.text and "Copyright" not in out.text
    assert "The steamer Ilyich reached Constantinople." in out.text
    assert [out.text[a:b] for a, b in out.headings] == ["Trotsky expelled"]
    assert out.meta == {"title": "Exile", "language": "en"}


def test_tei_header_body_and_notes():
    out = readers.read_tei(factories.TEI.encode(), "a.xml")
    assert out.meta["title"] == "Letter to the Central Committee"
    assert out.meta["author"] == "L. D. Trotsky" and out.meta["date"] == "1928-12-16"
    assert "I cannot renounce political work.[1] It would mean silence." in out.text
    ((start, end, label),) = out.notes
    assert label == "1" and out.text[start:end] == "[1] The ultimatum was oral."


def test_tei_entities_are_not_expanded():
    evil = b"""<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>before &xxe; after</p></body></text></TEI>"""
    out = readers.read_tei(evil, "evil.xml")
    assert "root:" not in out.text


def test_docx_paragraphs_and_heading_styles():
    data = factories.docx(
        [("The journey", "Heading 1"), ("They left on 22 January.", None)], title="Diary"
    )
    out = readers.read_docx(data, "a.docx")
    assert out.text == "The journey\n\nThey left on 22 January.\n"
    assert [out.text[a:b] for a, b in out.headings] == ["The journey"]
    assert out.meta["title"] == "Diary"


def test_pdf_text_layer_with_pages():
    data = factories.pdf([["First page line", "second line"], ["Page two text here"]])
    out = readers.read_pdf(data, "a.pdf")
    assert "First page line" in out.text and "Page two text here" in out.text
    assert [label for _, label in out.pages] == ["1", "2"]
    assert out.text[out.pages[1][0] :].startswith("Page two")


def test_jsonl_documents_with_metadata_and_a_bad_line():
    lines = [
        json.dumps(
            {"id": "t1", "text": "Telegram to Moscow.", "date": "1929-01-20", "language": "en"}
        ),
        "{not json",
        json.dumps({"id": "t2", "text": "Second telegram."}),
    ]
    out = readers.read_jsonl("\n".join(lines).encode(), "a.jsonl")
    assert [out.text[d.start : d.end] for d in out.documents] == [
        "Telegram to Moscow.",
        "Second telegram.",
    ]
    assert out.documents[0].meta["date"] == "1929-01-20"
    assert len(out.warnings) == 1 and out.warnings[0].line == 2


BAD = [
    (readers.read_text, b"", "empty file"),
    (readers.read_text, b"   \n\n", "empty file"),
    (readers.read_text, b"\x00\x01\x02binary\x00" * 50, "binary"),
    (readers.read_tei, b"<TEI><text><body><p>unclosed</body></TEI>", "malformed XML"),
    (readers.read_tei, b"<html><body/></html>", "not TEI"),
    (readers.read_docx, b"PK not really a zip", "zip"),
    (readers.read_pdf, factories.pdf([[]]), "no text layer"),
    (readers.read_pdf, b"%PDF-1.4 garbage", "PDF"),
    (readers.read_jsonl, b"{broken\n", "no usable document"),
]


@pytest.mark.parametrize(
    ("reader", "data", "reason"), BAD, ids=[b[2] + "-" + b[0].__name__ for b in BAD]
)
def test_bad_input_names_the_file_and_the_reason(reader, data, reason):
    with pytest.raises(InputError) as exc:
        reader(data, "bad/file.x")
    assert exc.value.path == "bad/file.x"
    assert reason.lower() in exc.value.reason.lower()
