"""The three kinds of error the library raises; only the CLI maps them to exit codes."""

from __future__ import annotations


class AdfontesError(Exception):
    """Base class: every error the library raises on purpose."""


class InputError(AdfontesError):
    """One input (a file, a manifest entry, a row) cannot be used; the rest of the batch goes on."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


class UsageError(AdfontesError):
    """A bad option or argument: an unknown source id or language, a malformed value."""


class StoreError(AdfontesError):
    """The store cannot be opened, is locked, or was written by a newer adfontes."""
