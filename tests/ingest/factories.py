"""Small files of every format, made in the test, for the readers."""

from __future__ import annotations

import io


def pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF whose pages hold the given lines of Latin-1 text (an empty page has none)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    font = 3 + 2 * len(pages)
    for i, lines in enumerate(pages):
        shown = [line.replace("(", "\\(").replace(")", "\\)") for line in lines]
        body = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"({s}) Tj T*" for s in shown) + " ET"
        body = body if lines else ""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
        )
        objects.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for n, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx(paragraphs: list[tuple[str, str | None]], title: str | None = None) -> bytes:
    """A .docx with (text, style) paragraphs, such as ("Chapter 1", "Heading 1")."""
    import docx as python_docx

    document = python_docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc>
    <titleStmt><title>Letter to the Central Committee</title><author>L. D. Trotsky</author></titleStmt>
    <publicationStmt><p>edition for tests</p></publicationStmt>
    <sourceDesc><bibl><date when="1928-12-16">16 December 1928</date></bibl></sourceDesc>
  </fileDesc>
  <profileDesc><langUsage><language ident="en"/></langUsage></profileDesc></teiHeader>
  <text><body>
    <head>Reply to the ultimatum</head>
    <p>I cannot renounce political work.<note n="1">The ultimatum was oral.</note> It would mean
      silence.</p>
    <closer><signed>L. Trotsky</signed></closer>
  </body></text>
</TEI>
"""
