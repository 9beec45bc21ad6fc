"""Locators: the way back from any record to the line of the file it came from."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Locator:
    """A half-open character span ``[start, end)`` of a stored file's text."""

    source: str
    path: str
    start: int
    end: int
    line: int
    text: str

    def to_json(self) -> dict:
        # Not dataclasses.asdict: it deep-copies every field, and pages build thousands of these.
        return {"source": self.source, "path": self.path, "start": self.start, "end": self.end,
                "line": self.line, "text": self.text}  # fmt: skip

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class LineIndex:
    """Maps character offsets to 1-based line numbers (a line ends after ``\\n``)."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(m.end() for m in _NEWLINE.finditer(text))

    @classmethod
    def from_starts(cls, starts: list[int]) -> LineIndex:
        index = cls.__new__(cls)
        index._starts = list(starts)
        return index

    @property
    def starts(self) -> list[int]:
        return list(self._starts)

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)

    def line_start(self, line: int) -> int:
        return self._starts[line - 1]


def where(loc: dict, *, name_only: bool = False) -> str:
    """``path:line`` of a locator (``name:line`` with ``name_only``), or ``[start:end]`` for
    text given on the command line."""
    if not loc["source"]:
        return f"[{loc['start']}:{loc['end']}]"
    path = loc["path"].rsplit("/", 1)[-1] if name_only else loc["path"]
    return f"{path}:{loc['line']}"
