"""CSV exports: text that a spreadsheet would run as a formula stays text, and reads back."""

import csv
import io

import pytest

from adfontes.csvfile import cell, plain, table
from adfontes.names.views import read_authority


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://example.org","see")', '\'=HYPERLINK("http://example.org","see")'),
        ("+7 (495) 606-36-02", "'+7 (495) 606-36-02"),
        ("-- a struck line", "'-- a struck line"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("1928-12-16", "1928-12-16"),
        ("Trotsky's letter", "Trotsky's letter"),
        ("", ""),
        (-3, -3),
        (1928, 1928),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_kept_as_text(value, written):
    assert cell(value) == written
    if isinstance(value, str):
        assert plain(written) == value


def test_an_apostrophe_of_the_text_itself_is_kept_on_reading():
    assert plain("'tis the season") == "'tis the season"


def test_a_table_has_its_header_and_guarded_cells():
    text = table(["surface", "line"], [["=1+1", 3], ["Moscow", 4]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["surface", "line"],
        ["'=1+1", "3"],
        ["Moscow", "4"],
    ]


def test_an_exported_authority_variant_that_looks_like_a_formula_reads_back_unchanged():
    text = table(
        ["id", "label", "kind", "qid", "variants"],
        [["P-x", "-Lev", "person", "", "=Lev|Lev"]],
    )
    [entry] = read_authority("people.csv", text)
    assert entry["label"] == "-Lev"
    assert entry["variants"][0] == "=Lev"
