"""Collation of two or more witnesses of one text.

Witnesses in one language are aligned token by token after normalisation (case, accents,
punctuation, numbers, dates as EDTF, names as entities); witnesses in different languages (a text
and its translation) are aligned sentence by sentence on the names, dates and numbers they share,
and every name of one witness that the other leaves out is reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from adfontes.variants import tokens as tk
from adfontes.variants.align import Column, align, best_pairs
from adfontes.variants.tokens import Token


@dataclass(frozen=True, slots=True)
class Witness:
    """One witness: ``text`` is a slice of a file starting at ``offset`` (on line ``line``)."""

    siglum: str
    text: str
    lang: str | None = None
    source: str | None = None
    path: str | None = None
    offset: int = 0
    line: int = 1

    def locator(self, start: int, end: int) -> dict:
        return {
            "source": self.source,
            "path": self.path,
            "start": self.offset + start,
            "end": self.offset + end,
            "line": self.line + self.text.count("\n", 0, start),
            "text": self.text[start:end],
        }


@dataclass(frozen=True, slots=True)
class Variant:
    """One place where witness ``b`` differs from witness ``a``.

    ``kind`` is ``addition`` (only ``b`` has words here), ``omission`` (only ``a``),
    ``substitution`` or ``transposition`` (the same words stand elsewhere in the other witness;
    ``moved`` is the index of that other variant). Spans are offsets into each witness's text,
    ``None`` for the side that has nothing.
    """

    kind: str
    a: str
    b: str
    a_span: tuple[int, int] | None
    b_span: tuple[int, int] | None
    columns: tuple[int, int]
    moved: int | None = None


@dataclass(frozen=True, slots=True)
class NameChange:
    """An entity named in witness ``a`` and not in ``b`` (``dropped``), or the reverse."""

    status: str  # dropped | added
    a: str
    b: str
    entity: str
    spans: tuple[tuple[int, int], ...]  # where the witness that has it names it


@dataclass(frozen=True, slots=True)
class Collation:
    """``table[c][w]`` holds the tokens of witness ``w`` in column ``c`` (empty: a gap).

    In ``sentences`` mode a token is a whole sentence and ``n`` the names, dates and numbers it
    holds. ``variants`` and ``names`` compare every witness with the first one.
    """

    witnesses: tuple[Witness, ...]
    mode: str  # tokens | sentences
    table: tuple[tuple[tuple[Token, ...], ...], ...]
    variants: tuple[Variant, ...]
    names: tuple[NameChange, ...]

    @property
    def sigla(self) -> list[str]:
        return [w.siglum for w in self.witnesses]

    def index(self, siglum: str) -> int:
        return self.sigla.index(siglum)


def _features(text, dates, names, entity_of) -> list[str]:
    feats = ["#" + v for _, _, v in dates]
    feats += ["@" + entity_of.get(keys[0], keys[0]) for _, _, _, keys in names]
    feats += [n for s, e in tk.words(text) if (n := tk._number(text[s:e])) and len(n) > 1]
    return feats


def collate(
    witnesses: list[Witness], *, normalise: bool = True, mode: str | None = None
) -> Collation:
    """Align the witnesses; ``mode`` ``tokens`` or ``sentences`` (default: tokens when the
    witnesses share a language, else sentences). ``normalise`` False compares words only
    (case, accents and number separators still folded), without reading names and dates."""
    if len(witnesses) < 2:
        raise ValueError("collation needs two or more witnesses")
    sigla = [w.siglum for w in witnesses]
    if len(set(sigla)) != len(sigla):
        raise ValueError(f"witness sigla repeat: {sigla}")
    langs = {w.lang for w in witnesses if w.lang}
    mode = mode or ("sentences" if len(langs) > 1 else "tokens")
    read = normalise or mode == "sentences"
    dates = [tk.dates(w.text, w.lang) if read else [] for w in witnesses]
    names = [tk.names(w.text, w.lang) if read else [] for w in witnesses]
    entity_of = tk.entity_groups([keys for ns in names for *_, keys in ns])
    if mode == "tokens":
        lists = [
            tk.tokenize(w.text, date_spans=d, name_spans=n, entity_of=entity_of)
            for w, d, n in zip(witnesses, dates, names, strict=True)
        ]
        columns = align(_same_word_same_name(witnesses, lists))
    else:
        lists = [
            _sentence_tokens(w, d, n, entity_of)
            for w, d, n in zip(witnesses, dates, names, strict=True)
        ]
        columns = _align_sentences(lists)
    table = tuple(
        tuple((c.cells[w],) if w in c.cells else () for w in range(len(witnesses))) for c in columns
    )
    variants = [v for b in range(1, len(witnesses)) for v in _differences(table, sigla, 0, b)]
    variants = _transpositions(variants, witnesses, table)
    changes = tuple(
        ch
        for b in range(1, len(witnesses))
        for ch in _name_changes(sigla[0], sigla[b], names[0], names[b], entity_of)
    )
    return Collation(tuple(witnesses), mode, table, tuple(variants), changes)


def _same_word_same_name(witnesses, lists: list[list[Token]]) -> list[list[Token]]:
    """A word written as a name somewhere (``Liberty``, read as a name) compares as that name
    wherever it is written the same way, so that a name missed or found in one witness only does
    not make a variant."""
    as_name = {
        tk.fold(w.text[t.start : t.end]): t.n
        for w, toks in zip(witnesses, lists, strict=True)
        for t in toks
        if t.kind == "name"
    }
    return [
        [replace(t, n=as_name[t.n]) if t.kind == "word" and t.n in as_name else t for t in toks]
        for toks in lists
    ]


def differences(collation: Collation, a: str, b: str) -> list[Variant]:
    """Variants of witness ``b`` against witness ``a`` (any two sigla of the collation)."""
    found = _differences(collation.table, collation.sigla, collation.index(a), collation.index(b))
    return _transpositions(found, collation.witnesses, collation.table)


def _norm(cell: tuple[Token, ...]) -> tuple[str, ...]:
    return tuple(t.n for t in cell)


def _differences(table, sigla: list[str], a: int, b: int) -> list[Variant]:
    out: list[Variant] = []
    run: list[int] = []

    def close() -> None:
        if not run:
            return
        aside = [t for c in run for t in table[c][a]]
        bside = [t for c in run for t in table[c][b]]
        kind = "substitution" if aside and bside else ("addition" if bside else "omission")
        out.append(
            Variant(
                kind, sigla[a], sigla[b],
                (aside[0].start, aside[-1].end) if aside else None,
                (bside[0].start, bside[-1].end) if bside else None,
                (run[0], run[-1] + 1),
            )
        )  # fmt: skip
        run.clear()

    for c, row in enumerate(table):
        x, y = row[a], row[b]
        if not x and not y:
            continue
        if _norm(x) == _norm(y):
            close()
        else:
            run.append(c)
    close()
    return out


def _tokens_of(table, w: int, cols: tuple[int, int]) -> tuple[str, ...]:
    return tuple(t.n for c in range(*cols) for t in table[c][w])


def _transpositions(variants: list[Variant], witnesses, table) -> list[Variant]:
    """An omission and an addition (or the two sides of substitutions) that carry the same words
    are one move: both become ``transposition`` and point at each other."""
    sig = [w.siglum for w in witnesses]
    out = list(variants)
    gone: dict[tuple, int] = {}
    for i, v in enumerate(out):
        if v.kind in ("omission", "substitution"):
            words = _tokens_of(table, sig.index(v.a), v.columns)
            if len(words) > 1 or (words and len(words[0]) > 3):
                gone.setdefault((v.a, v.b, words), i)
    for i, v in enumerate(out):
        if v.kind not in ("addition", "substitution"):
            continue
        words = _tokens_of(table, sig.index(v.b), v.columns)
        j = gone.get((v.a, v.b, words))
        if j is None or j == i or out[j].kind == "transposition":
            continue
        out[i] = _moved(out[i], j)
        out[j] = _moved(out[j], i)
        del gone[(v.a, v.b, words)]
    return out


def _moved(v: Variant, other: int) -> Variant:
    return Variant("transposition", v.a, v.b, v.a_span, v.b_span, v.columns, other)


# Sentence mode ---------------------------------------------------------------------------


def _sentence_tokens(w: Witness, dates, names, entity_of) -> list[Token]:
    from adfontes.text.sentences import split

    out = []
    for start, end in split(w.text, w.lang):
        ds = [d for d in dates if start <= d[0] < end]
        ns = [n for n in names if start <= n[0] < end]
        feats = sorted(set(_features(w.text[start:end], ds, ns, entity_of)))
        out.append(Token(start, end, w.text[start:end], " ".join(feats), "sentence"))
    return out


def _overlap(a: str, b: str) -> float:
    x, y = set(a.split()), set(b.split())
    return len(x & y) / len(x | y) if x and y else 0.0


def _pair_sentences(a: list[Token], b: list[Token]) -> list[tuple[int, int]]:
    """In-order pairs of sentences that share names, dates or numbers, best total overlap, with
    the length ratio breaking ties between sentences that share nothing."""

    def sim(x: Token, y: Token) -> float:
        la, lb = x.end - x.start, y.end - y.start
        ratio = min(la, lb) / max(la, lb, 1)
        return _overlap(x.n, y.n) + 0.1 * ratio

    return best_pairs([[sim(x, y) for y in b] for x in a])


def _align_sentences(lists: list[list[Token]]) -> list[Column]:
    columns = []
    for s in lists[0]:
        col = Column()
        col.add(0, s)
        columns.append(col)
    for w in range(1, len(lists)):
        base = [c.cells.get(0, None) for c in columns]
        pos = [k for k, t in enumerate(base) if t is not None]
        pairs = dict(_pair_sentences([base[k] for k in pos], lists[w]))
        mine = {j: pos[i] for i, j in pairs.items()}
        out: list[Column] = []
        placed = -1
        for j, s in enumerate(lists[w]):
            if j in mine:
                out.extend(columns[placed + 1 : mine[j]])
                columns[mine[j]].add(w, s)
                out.append(columns[mine[j]])
                placed = mine[j]
            else:
                col = Column()
                col.add(w, s)
                out.append(col)
        out.extend(columns[placed + 1 :])
        columns = out
    return columns


def _name_changes(a: str, b: str, na, nb, entity_of) -> list[NameChange]:
    def spans(ns) -> dict[str, list[tuple[int, int]]]:
        out: dict[str, list[tuple[int, int]]] = {}
        for start, end, _, keys in ns:
            out.setdefault(entity_of.get(keys[0], keys[0]), []).append((start, end))
        return out

    sa, sb = spans(na), spans(nb)
    out = [NameChange("dropped", a, b, e, tuple(s)) for e, s in sa.items() if e not in sb]
    out += [NameChange("added", a, b, e, tuple(s)) for e, s in sb.items() if e not in sa]
    return out


def counts(variants: list[Variant] | tuple[Variant, ...], table, sigla: list[str]) -> Counter:
    """Tokens added, omitted, substituted and moved, over ``variants``."""
    c: Counter = Counter()
    for v in variants:
        na = len(_tokens_of(table, sigla.index(v.a), v.columns))
        nb = len(_tokens_of(table, sigla.index(v.b), v.columns))
        if v.kind == "addition":
            c["added"] += nb
        elif v.kind == "omission":
            c["omitted"] += na
        elif v.kind == "substitution":
            c["substituted"] += max(na, nb)
        else:
            c["moved"] += max(na, nb)
    return c
