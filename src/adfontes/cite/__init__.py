"""Citations: find them in text, parse bibliographies, resolve short forms, check consistency.

``find(text)`` needs no store; ``resolve(cites, bibliography)`` links citations to entries;
``write(conn, source, entries, cites)`` stores a source's entries and citations, and ``stage.py``
runs these over a corpus and builds the provenance graph.
"""

from adfontes.cite.bib import bibliography, parse_reference
from adfontes.cite.check import check
from adfontes.cite.find import find
from adfontes.cite.model import BibEntry, Citation, Link, Problem
from adfontes.cite.resolve import resolve
from adfontes.cite.stage import write

__all__ = [
    "BibEntry",
    "Citation",
    "Link",
    "Problem",
    "bibliography",
    "check",
    "find",
    "parse_reference",
    "resolve",
    "write",
]
