"""CSV as every command and page writes it: one writer, and cells that a spreadsheet would
read as a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return first) kept as text
by a leading apostrophe, which spreadsheets hide and ``plain`` takes off again. A passage of a
source is anybody's words: opened in a spreadsheet, ``=HYPERLINK(…)`` in a quoted line must stay
words. Numbers are written as they are."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """``value`` as a cell: text that starts like a formula gets an apostrophe in front."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def plain(text: str) -> str:
    """A cell read back: the apostrophe ``cell`` put in front of a formula-like text removed."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header row and the rows, every cell through ``cell``, lines ending in ``\\n``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()
