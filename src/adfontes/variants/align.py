"""Progressive token alignment: each witness in turn is aligned to the columns built so far.

A column holds at most one token per witness and the set of normalised forms seen in it. A new
witness is matched to the columns by patience alignment: tokens that occur once in the witness
and in exactly one column (in the stretch under consideration) anchor the alignment in order
(longest increasing run), the stretches between anchors are aligned the same way, and only small
stretches with no unique token fall back to a longest-common-subsequence table. Unmatched tokens
between two matches are set beside the unmatched columns there when their words are alike (a
substitution), else they get columns of their own (an addition).
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from adfontes.variants.tokens import Token

# Cells above which a stretch with no unique anchor is not filled by the quadratic table.
_LCS_CELLS = 250_000
# Normalised similarity from which two unmatched words in one gap count as one reading varied.
_NEAR = 0.5


@dataclass(slots=True)
class Column:
    cells: dict[int, Token] = field(default_factory=dict)
    norms: set[str] = field(default_factory=set)

    def add(self, witness: int, token: Token) -> None:
        self.cells[witness] = token
        self.norms.add(token.n)


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest run of pairs increasing in both coordinates (pairs sorted by the first)."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for i, (_, c) in enumerate(pairs):
        k = bisect.bisect_left(tails, c)
        if k == len(tails):
            tails.append(c)
            tail_idx.append(i)
        else:
            tails[k] = c
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k else -1
    out = []
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        out.append(pairs[i])
        i = prev[i]
    return out[::-1]


def _lcs(cols: list[set[str]], toks: list[str]) -> list[tuple[int, int]]:
    """(token index, column index) pairs of a longest common subsequence."""
    m, n = len(toks), len(cols)
    table = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        row, below = table[i], table[i + 1]
        t = toks[i]
        for j in range(n - 1, -1, -1):
            row[j] = below[j + 1] + 1 if t in cols[j] else max(below[j], row[j + 1])
    out, i, j = [], 0, 0
    while i < m and j < n:
        if toks[i] in cols[j] and table[i][j] == table[i + 1][j + 1] + 1:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def match(cols: list[set[str]], toks: list[str]) -> list[tuple[int, int]]:
    """Matched (token index, column index) pairs, in order in both."""
    out: list[tuple[int, int]] = []
    stack = [(0, len(toks), 0, len(cols))]
    while stack:
        tlo, thi, clo, chi = stack.pop()
        # common prefix and suffix
        while tlo < thi and clo < chi and toks[tlo] in cols[clo]:
            out.append((tlo, clo))
            tlo, clo = tlo + 1, clo + 1
        while tlo < thi and clo < chi and toks[thi - 1] in cols[chi - 1]:
            out.append((thi - 1, chi - 1))
            thi, chi = thi - 1, chi - 1
        if tlo >= thi or clo >= chi:
            continue
        tcount = Counter(toks[tlo:thi])
        ccount: Counter[str] = Counter()
        where: dict[str, int] = {}
        for j in range(clo, chi):
            for n in cols[j]:
                if tcount.get(n) == 1:
                    ccount[n] += 1
                    where[n] = j
        anchors = [(i, where[toks[i]]) for i in range(tlo, thi) if ccount.get(toks[i]) == 1]
        anchors = _lis(anchors)
        if anchors:
            out.extend(anchors)
            bounds = [(tlo - 1, clo - 1), *anchors, (thi, chi)]
            for (ta, ca), (tb, cb) in itertools.pairwise(bounds):
                if ta + 1 < tb and ca + 1 < cb:
                    stack.append((ta + 1, tb, ca + 1, cb))
        elif (thi - tlo) * (chi - clo) <= _LCS_CELLS:
            out.extend((tlo + i, clo + j) for i, j in _lcs(cols[clo:chi], toks[tlo:thi]))
    out.sort()
    return out


def _similar(a: str, b: str) -> float:
    return Levenshtein.normalized_similarity(a, b)


def _pair_gap(cols: list[Column], toks: list[Token]) -> list[tuple[int, int]]:
    """Unmatched tokens set beside unmatched columns of the same gap: one to one when the gap has
    as many of each, else by likeness of the words, in order."""
    if not cols or not toks:
        return []
    if len(cols) == len(toks):
        return [(i, i) for i in range(len(toks))]
    if len(cols) * len(toks) > 2500:
        return []
    sims = [[max((_similar(t.n, x) for x in c.norms), default=0.0) for c in cols] for t in toks]
    return best_pairs(sims, floor=_NEAR)


def best_pairs(sims: list[list[float]], floor: float = float("-inf")) -> list[tuple[int, int]]:
    """In-order (row, column) pairs with the greatest total similarity; a pair below ``floor``
    is never taken. ``sims[i][j]`` is the likeness of row i and column j."""
    m = len(sims)
    n = len(sims[0]) if m else 0
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            s = sims[i][j]
            take = score[i + 1][j + 1] + s if s >= floor else -1.0
            score[i][j] = max(take, score[i + 1][j], score[i][j + 1])
    out, i, j = [], 0, 0
    while i < m and j < n:
        s = sims[i][j]
        if s >= floor and score[i][j] == score[i + 1][j + 1] + s:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif score[i + 1][j] >= score[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def add_witness(columns: list[Column], witness: int, toks: list[Token]) -> list[Column]:
    """The columns with ``toks`` (witness number ``witness``) aligned into them."""
    pairs = match([c.norms for c in columns], [t.n for t in toks])
    out: list[Column] = []
    ti = ci = 0
    for mt, mc in [*pairs, (len(toks), len(columns))]:
        gap_cols, gap_toks = columns[ci:mc], toks[ti:mt]
        owner_of = {c: t for t, c in _pair_gap(gap_cols, gap_toks)}
        k = 0  # next token of the gap to place
        for j, col in enumerate(gap_cols):
            owner = owner_of.get(j)
            if owner is not None:
                while k < owner:  # tokens before the paired one: columns of their own
                    out.append(_single(witness, gap_toks[k]))
                    k += 1
                col.add(witness, gap_toks[owner])
                k = owner + 1
            out.append(col)
        while k < len(gap_toks):
            out.append(_single(witness, gap_toks[k]))
            k += 1
        if mt < len(toks):
            columns[mc].add(witness, toks[mt])
            out.append(columns[mc])
        ti, ci = mt + 1, mc + 1
    return out


def _single(witness: int, token: Token) -> Column:
    col = Column()
    col.add(witness, token)
    return col


def align(token_lists: list[list[Token]]) -> list[Column]:
    columns: list[Column] = []
    for w, toks in enumerate(token_lists):
        columns = add_witness(columns, w, toks)
    return columns
