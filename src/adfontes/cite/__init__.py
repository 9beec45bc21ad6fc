"""Citations: find them in text, parse bibliographies, resolve short forms, check consistency."""

from adfontes.cite.find import find
from adfontes.cite.model import BibEntry, Citation, Link, Problem

__all__ = ["BibEntry", "Citation", "Link", "Problem", "find"]
