"""A language's rule pack: ``common.yaml`` merged with ``<lang>.yaml``, compiled on first use.

Patterns are templates: ``{month}`` names a word list (a named group whose alternatives are the
list's forms), ``{year}`` names a captured slot and ``{dash}`` an inline piece. A trailing ``2``
(``{day2}``) is the same thing for the second end of a range. Nothing compiles at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from adfontes import rules
from adfontes.errors import InputError, UsageError

PACKAGE = "adfontes.time.rules"
COMMON = "common"
_SLOT = re.compile(r"\{([A-Za-z_]\w*?)(2?)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    regex: re.Pattern
    spec: dict
    negative: bool
    order: int
    anchor: tuple[str, str] | None = None


_OPTIONAL = re.compile(r"\((?:\?:)?[^()]*\)[?*]|\{\w+\}\?")
_UNWRAP = re.compile(r"\((?:\?:)?([^()|]*)\)(?![?*{])")
_PLAIN_GROUP = re.compile(r"\((?:\?:)?[^(){}]*\)")
_ANY_GROUP = re.compile(r"\([^()]*\)")
_DIGIT_SLOTS = re.compile(r"\{(?:year|day|n|decade|bcyear|yy|mm|century)2?\}|\\d")
_LIST_SLOT = re.compile(r"\{(\w+?)2?\}")
_LITERAL = re.compile(r"[^\W\d_]{3,}")
# Lists whose forms are rarer in running text than digits, then those that are not.
RARE_LISTS = ("event", "ago", "season", "month")
ANCHOR_LISTS = (*RARE_LISTS, "unit", "dir", "part", "approx")


def rule_anchor(template: str, lists: set[str]) -> tuple[str, str] | None:
    """What every match of a template must contain, so that the rule only runs near it: a digit,
    a form of one list, or a literal word; None when nothing is sure (the rule reads everything)."""
    rest, previous = template, None
    while rest != previous:
        previous = rest
        rest = _PLAIN_GROUP.sub(" ", _UNWRAP.sub(r"\1", _OPTIONAL.sub("", rest)))
    top, previous = rest, None
    while top != previous:
        previous, top = top, _ANY_GROUP.sub("", top)
    if "|" in top:
        return None
    named = {m.group(1) for m in _LIST_SLOT.finditer(top)} & lists
    rare = [name for name in RARE_LISTS if name in named]
    if rare:
        return ("list", rare[0])
    if _DIGIT_SLOTS.search(top):
        return ("digit", "")
    for name in ANCHOR_LISTS:
        if name in named:
            return ("list", name)
    bare = re.sub(r"\\.|\[[^\]]*\]|\{\w+\}", " ", top)
    words = _LITERAL.findall(bare)
    return ("word", max(words, key=len).lower()) if words else None


@dataclass(frozen=True, slots=True)
class Pack:
    lang: str
    version: str
    rules: tuple[Rule, ...]
    lookup: dict[str, dict[str, dict]]  # list name -> lower-cased form -> entry
    finders: dict[str, re.Pattern]  # list name -> its forms as one pattern (rule anchors)
    calendar: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    dateline: dict = field(default_factory=dict)


@cache
def languages() -> tuple[str, ...]:
    """The languages that have a rule file, listed once per process."""
    return tuple(n for n in rules.names(PACKAGE) if n != COMMON)


def lower_pattern(pattern: str) -> str:
    """A regex that matches lower-cased text: letters lower-cased, escapes (``\\D``) kept.

    Matching lower-cased text without ``re.IGNORECASE`` is several times faster, and lowering
    keeps every offset (see ``lower_text``)."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
        i += 1
    return "".join(out)


def lower_text(text: str) -> str:
    """``text`` lower-cased character by character, so that offsets stay the same."""
    table = {}
    for ch in set(text):
        low = ch.lower()
        if low != ch and len(low) == 1:
            table[ord(ch)] = low
    return text.translate(table)


def _fold(form: str) -> str:
    return " ".join(form.lower().replace("\u00a0", " ").split())


def _alternation(forms: list[str]) -> str:
    alts = sorted({lower_text(f) for f in forms}, key=len, reverse=True)
    return "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)


def _compile(label: str, spec: dict, lists: dict, slots: dict, pieces: dict) -> re.Pattern:
    def expand(m: re.Match) -> str:
        name, two = m.group(1), m.group(2)
        if name in lists:
            return f"(?P<{name}{two}>{lists[name]})"
        if name in slots:
            return f"(?P<{name}{two}>{lower_pattern(slots[name])})"
        if name in pieces and not two:
            return f"(?:{lower_pattern(pieces[name])})"
        raise InputError(label, f"patterns ({spec['id']}): unknown slot {{{name}{two}}}")

    body = _SLOT.sub(expand, lower_pattern(spec["match"]))
    left = "" if spec.get("glued") else r"(?<![\w])"
    try:
        return re.compile(f"{left}(?:{body})(?![\\w])")
    except re.error as exc:
        raise InputError(label, f"patterns ({spec['id']}): bad pattern: {exc}") from exc


@cache
def pack(lang: str) -> Pack:
    """The compiled rules for ``lang``; raises UsageError for a language with no rule file."""
    if lang not in languages():
        known = ", ".join(languages())
        raise UsageError(f"no date rules for language {lang!r} (known: {known})")
    common = rules.load(PACKAGE, COMMON)
    own = rules.load(PACKAGE, lang)
    lists_data: dict[str, list[dict]] = {}
    for data in (common, own):
        for name, entries in (data.get("lists") or {}).items():
            lists_data.setdefault(name, []).extend(entries)
    slots = {**(common.get("slots") or {}), **(own.get("slots") or {})}
    pieces = {**(common.get("pieces") or {}), **(own.get("pieces") or {})}
    lists = {
        name: _alternation([f for e in entries for f in e["forms"]])
        for name, entries in lists_data.items()
    }
    if "num" in lists:
        lists["num"] = f"{slots['n']}|{lists['num']}"
    lookup = {
        name: {_fold(f): e for e in entries for f in e["forms"]}
        for name, entries in lists_data.items()
    }
    compiled = []
    # Patterns before negatives, the language's before the shared: an overlap of equal length
    # goes to the earlier rule.
    for key in ("patterns", "negatives"):
        for data, name in ((own, lang), (common, COMMON)):
            label = f"time/rules/{name}.yaml"
            for spec in data.get(key) or []:
                regex = _compile(label, spec, lists, slots, pieces)
                anchor = rule_anchor(spec["match"], set(lists))
                compiled.append(Rule(spec["id"], regex, spec, key == "negatives", len(compiled),
                                     anchor))  # fmt: skip
    version = f"{common['version']}.{own['version']}"
    return Pack(
        lang=lang,
        version=version,
        rules=tuple(compiled),
        lookup=lookup,
        finders={
            name: re.compile(rf"(?<![\w])(?:{lists[name]})")
            for name in ANCHOR_LISTS
            if name in lists
        },
        calendar={**(common.get("calendar") or {}), **(own.get("calendar") or {})},
        events={(e["event"], e["n"]): e["dates"] for e in common.get("events") or []},
        dateline=own.get("dateline") or {},
    )


def lookup(p: Pack, name: str, surface: str) -> dict | None:
    return p.lookup.get(name, {}).get(_fold(surface))
