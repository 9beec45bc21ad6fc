"""The citation pattern database: rule files of named pieces and patterns, compiled on first use.

A rule file (``rules/<family>.yaml``) names pattern pieces once and builds its patterns from
them, as reporters-db does: ``{piece}`` expands to the piece, ``{piece:slot}`` captures it as the
field ``slot``. Pieces given as ``forms`` become an alternation of the escaped forms, longest
first, so that ``op. cit.`` is tried before ``op.``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from adfontes import rules
from adfontes.errors import InputError

PACKAGE = "adfontes.cite.rules"
_REF = re.compile(r"\{([a-z][a-z0-9_]*)(?::([a-z][a-z0-9_]*))?\}")


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    kind: str
    family: str
    lang: str | None
    regex: re.Pattern
    not_after_expansion: bool = False
    needs: tuple[str, ...] = ()

    def may_match(self, text: str) -> bool:
        return not self.needs or any(n in text for n in self.needs)


def families() -> list[str]:
    return rules.names(PACKAGE)


def expand(match: str, pieces: dict, where: str, _seen: tuple[str, ...] = ()) -> str:
    """``match`` with every ``{piece}`` / ``{piece:slot}`` replaced by its regular expression."""

    def piece(m: re.Match) -> str:
        name, slot = m.group(1), m.group(2)
        if name not in pieces:
            raise InputError(where, f"unknown piece {{{name}}}")
        if name in _seen:
            raise InputError(where, f"piece {{{name}}} refers to itself")
        body = pieces[name]
        if "forms" in body:
            forms = sorted(body["forms"], key=len, reverse=True)
            inner = "|".join(re.escape(f) for f in forms)
        else:
            inner = expand(body["match"], pieces, where, (*_seen, name))
        return f"(?P<{slot}>{inner})" if slot else f"(?:{inner})"

    return _REF.sub(piece, match)


@cache
def compiled(family: str) -> tuple[list[Pattern], list[re.Pattern]]:
    """The patterns and negatives of one family, compiled (cached per family)."""
    data = rules.load(PACKAGE, family)
    pieces = data.get("pieces") or {}
    label = f"cite/rules/{family}.yaml"
    out = []
    for i, rule in enumerate(data["patterns"]):
        where = f"{label}: patterns[{i}] ({rule['id']})"
        flags = re.IGNORECASE if rule.get("ignore_case") else 0
        try:
            regex = re.compile(expand(rule["match"], pieces, where), flags)
        except re.error as exc:
            raise InputError(where, f"bad pattern: {exc}") from exc
        out.append(
            Pattern(rule["id"], rule["kind"], family, rule.get("lang"), regex,
                    rule.get("not_after_expansion", False), tuple(rule.get("needs", ())))
        )  # fmt: skip
    negatives = []
    for i, rule in enumerate(data.get("negatives") or []):
        where = f"{label}: negatives[{i}] ({rule['id']})"
        try:
            negatives.append(re.compile(expand(rule["match"], pieces, where)))
        except re.error as exc:
            raise InputError(where, f"bad pattern: {exc}") from exc
    return out, negatives


@cache
def all_patterns(
    lang: str | None = None, only: tuple[str, ...] | None = None
) -> tuple[list[Pattern], list[re.Pattern]]:
    """The patterns that apply to ``lang`` (all when None), of the families ``only`` (or all)."""
    patterns, negatives = [], []
    for family in only or families():
        found, neg = compiled(family)
        patterns.extend(p for p in found if lang is None or p.lang in (None, lang))
        negatives.extend(neg)
    return patterns, negatives
