"""Bibliography splitting and parsing, resolution of short forms, checks and export."""

from __future__ import annotations

import json

import pytest

from adfontes.cite import bibliography, check, find, parse_reference, resolve
from adfontes.cite.check import ranges
from adfontes.cite.export import to_bibtex, to_csl_json
from adfontes.cite.resolve import acronym

BIB = """Chapter one text.

Bibliography

Carr, Edward Hallett. *The Interregnum 1923-1924*. London: Macmillan, 1954. (Carr Interregnum)

Deutscher, Isaac. *Stalin: A Political Biography*. London: Clarendon Press, 1949.

Haslam, Jonathan. "Political Opposition to Stalin and the Origins of the Terror." *Historical Journal* 29, 2 (1986), 395-418.

Sochineniia Lva Kameneva [1925-1926]. Leningrad: Priboi, 1927.

Wolfe Papers, International Institute of Social History.

Index
Carr 3
"""

# (reference, field, expected value) — invented or from public catalogues, not the seed corpus.
PARSES = [
    ("Carr, Edward Hallett. *The Interregnum 1923-1924*. London: Macmillan, 1954.", "title", "The Interregnum 1923-1924"),
    ("Carr, Edward Hallett. *The Interregnum 1923-1924*. London: Macmillan, 1954.", "publisher-place", "London"),
    ("Carr, Edward Hallett. *The Interregnum 1923-1924*. London: Macmillan, 1954.", "publisher", "Macmillan"),
    ('Haslam, Jonathan. "Political Opposition to Stalin." *Historical Journal* 29, 2 (1986), 395-418.', "container-title", "Historical Journal"),
    ('Haslam, Jonathan. "Political Opposition to Stalin." *Historical Journal* 29, 2 (1986), 395-418.', "page", "395-418"),
    ('Haslam, Jonathan. "Political Opposition to Stalin." *Historical Journal* 29, 2 (1986), 395-418.', "volume", "29"),
    ("Smith, J. (2001). Soviet archives after 1991. Slavic Review, 60, 123-145.", "title", "Soviet archives after 1991"),
    ("Smith, J. (2001). Soviet archives after 1991. Slavic Review, 60, 123-145.", "container-title", "Slavic Review"),
    ("Serge, Victor. *Memoirs of a Revolutionary*. Oxford, 1963. (Serge Memoirs)", "citation-label", "Serge Memoirs"),
    ("Deutscher, Isaac. *The Prophet Armed*. London, 1954. (Deutscher 1954)", "citation-label", "Deutscher 1954"),
]  # fmt: skip


def test_bibliography_section_and_entries() -> None:
    entries = bibliography(BIB)
    assert [e.raw.split(".")[0] for e in entries] == [
        "Carr, Edward Hallett",
        "Deutscher, Isaac",
        "Haslam, Jonathan",
        "Sochineniia Lva Kameneva [1925-1926]",
        "Wolfe Papers, International Institute of Social History",
    ]
    for e in entries:
        assert BIB[e.start : e.end] == e.raw
        for a, b in e.spans.values():
            assert e.start <= a < b <= e.end
    assert entries[0].csl["author"] == [{"family": "Carr", "given": "Edward Hallett"}]
    assert entries[0].csl["issued"] == {"date-parts": [[1954]]}
    assert entries[4].csl["archive"] == "International Institute of Social History"


@pytest.mark.parametrize(
    ("raw", "field", "value"), PARSES, ids=[f"{f}:{r[:20]}" for r, f, _ in PARSES]
)
def test_parse_reference(raw: str, field: str, value: str) -> None:
    assert parse_reference(raw).csl[field] == value


NOT_ALIASES = [
    "Smith, Adam. *A Study of Things*. (Harvard University Press; 2001).",
    "Getty, J. Arch. *State and Society*. Slavic Review 50, 1 (Spring 1991).",
    "Coox, Alvin D. *The Lesser of Two Hells*. 145-186 (Part Two).",
]


@pytest.mark.parametrize("raw", NOT_ALIASES, ids=range(len(NOT_ALIASES)))
def test_parentheses_that_are_not_aliases(raw: str) -> None:
    assert "citation-label" not in parse_reference(raw).csl


DATES = [
    ("Pravda, 12 March 1938, p. 2.", [1938, 3, 12]),
    ("Smith, J. “Title.” New York Times, June 15, 2005.", [2005, 6, 15]),
    ("Durand, A. Le titre. Santé Mentale, octobre 2011, n°161. p. 19-75.", [2011, 10]),
    ("Carr, E. H. *The Interregnum*. London: Macmillan, 1954.", [1954]),
]


@pytest.mark.parametrize(("raw", "parts"), DATES, ids=[str(p) for _, p in DATES])
def test_dates_keep_what_is_written(raw: str, parts: list[int]) -> None:
    """A month or day is kept when written beside the year, and never filled in."""
    assert parse_reference(raw).csl["issued"] == {"date-parts": [parts]}


TEXT = (
    "He said so (Carr Interregnum 45). Ibid., p. 46. See Deutscher, *Stalin* pp. 5-9. "
    "The volume (SLK '25-'26, p. 12) and (Haslam 1986, 400). Later (Main 3). Carr Interregnum 450-460."
)


def test_resolve_methods() -> None:
    entries = bibliography(BIB)
    cites = find(TEXT)
    links = resolve(cites, entries)
    got = {cites[lk.cite].raw: (lk.entry, lk.method) for lk in links}
    assert got["(Carr Interregnum 45)"] == (0, "alias")
    assert got["Ibid., p. 46"] == (0, "context")
    assert got["See Deutscher, *Stalin* pp. 5-9"] == (1, "author-title")
    assert got["SLK '25-'26, p. 12"] == (3, "acronym")
    assert got["(Haslam 1986, 400)"] == (2, "author-year")
    assert got["(Main 3)"] == (None, "none")


def test_checks() -> None:
    entries = bibliography(BIB)
    cites = find(TEXT + " Pages (pp. 323-238) are wrong.")
    problems = check(cites, entries, resolve(cites, entries))
    kinds = {p.kind for p in problems}
    assert "no_entry" in kinds  # (Main 3)
    assert ranges("323-238") == [(323, 238)]
    assert ranges("441-3") == [(441, 443)]
    assert ranges("1934-1935") == []


def test_custody_conflict() -> None:
    text = (
        "Copies are in the Wolfe Papers, Library of Congress. The Wolfe Papers at the IISH hold it."
    )
    problems = check(find(text), [], [])
    assert [p.kind for p in problems] == ["custody"]


def test_acronym() -> None:
    assert acronym("Sochineniia Lva Kameneva [1925-1926]") == "SLK"
    assert acronym("Sotsialisticheskii Vestnik. 1921-1963") == "SV"


def test_export() -> None:
    entries = bibliography(BIB)
    items = json.loads(to_csl_json(entries))
    assert items[0]["id"] == "carr1954_1" and items[0]["type"] == "book"
    bib = to_bibtex(entries)
    assert "@book{carr1954_1," in bib and "address = {London}," in bib
    assert bib.count("@") == len(entries)


def test_bibtex_survives_partial_names_dates_and_tex_specials():
    """A given name alone, a literal date with no parts, and TeX's own characters in a title."""
    from adfontes.cite.export import to_bibtex
    from adfontes.cite.model import BibEntry

    csl = {
        "type": "book",
        "author": [{"given": "Natalia"}],
        "issued": {"literal": "n.d."},
        "title": r"50% of a\b ~ {draft} #1",
    }
    out = to_bibtex([BibEntry(0, 10, "raw", csl)])
    assert "author = {Natalia}" in out
    assert "year" not in out
    assert r"50\% of a\textbackslash{}b \textasciitilde{} \{draft\} \#1" in out


def test_same_name_reads_short_forms_on_either_side() -> None:
    from adfontes.cite.check import same_name

    assert same_name("Yale University Press", "Yale U.P")
    assert same_name("Yale U.P", "Yale University Press")
    assert not same_name("Yale University Press", "Crown")


def test_titled_work_with_two_dates() -> None:
    from adfontes.cite.check import titled_dates

    text = (
        'Works: * "The Road Ahead Is Long." (January 26, 1935)\n'
        "Other text.\n"
        "\u201cThe Road Ahead Is Long.\u201d (January 28, 1935)\n"
        '"The Road Ahead Is Long" (January 1935) and "Letter to a Friend." (May 1, 1936), '
        '"Letter to a Friend." (June 3, 1936)\n'
    )
    problems = titled_dates(text)
    assert [p.kind for p in problems] == ["work_date"]
    (p,) = problems
    assert p.values == ("January 26, 1935", "January 28, 1935")
    assert [text.count("\n", 0, s) + 1 for s, _ in p.spans] == [1, 3]
    # A month that holds the day, or one title given one date twice, is no problem.
    assert (
        titled_dates('"A Long Title Here" (March 1930) and "A Long Title Here" (March 2, 1930)')
        == []
    )
    # check() runs it when it is given the text.
    assert "work_date" in {p.kind for p in check([], [], [], text)}
