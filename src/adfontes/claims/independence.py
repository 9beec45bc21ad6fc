"""Which sources are one origin: counted once when they agree.

Two sources are dependent when one rests on the other (a translation, a text that reuses the
other's words, a citation of the archive document the other is), when both hold the same text
(one document in several files), or when two accounts that are not primary rest on the same
cited archive document or work. Edges come from the citations stage (``provenance_edges``) and
from the manifest (``translation_of``, ``archive``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from adfontes.store import Store
from adfontes.store import sources as sdb


def _item(key: str) -> str:
    """``item:4782`` and ``trotsky:4782`` name one archive item held under two shelf marks."""
    _, sep, tail = key.partition(":")
    return f"item:{tail}" if sep and tail and tail[0].isdigit() else key


@dataclass
class Provenance:
    store: Store
    sources: dict[str, sdb.SourceRow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sources = {s.id: s for s in sdb.list_sources(self.store.conn)}

    @cached_property
    def _edges(self) -> tuple[dict[str, dict[str, str]], dict[str, set[str]]]:
        """Source → {source it rests on: how}, and source → archive/work keys it cites."""
        conn = self.store.conn
        rests: dict[str, dict[str, str]] = defaultdict(dict)
        cites: dict[str, set[str]] = defaultdict(set)
        holds: dict[str, str] = {}
        from adfontes.cite.find import find
        from adfontes.cite.stage import archive_key

        for s in self.sources.values():
            for c in find(s.archive, None) if s.archive else []:
                key = archive_key(c.fields)
                if key:
                    holds[_item(key)] = s.id
        for r in conn.execute(
            "SELECT source_id, relation, target_kind, target FROM provenance_edges"
        ):
            if r["target_kind"] == "source":
                rests[r["source_id"]].setdefault(r["target"], r["relation"])
            else:
                key = _item(r["target"])
                cites[r["source_id"]].add(key)
                if key in holds and holds[key] != r["source_id"]:
                    rests[r["source_id"]].setdefault(holds[key], "cites")
        return rests, cites

    @cached_property
    def _text_hash(self) -> dict[str, str]:
        out: dict[str, list[str]] = defaultdict(list)
        for r in self.store.conn.execute(
            "SELECT source_id, norm FROM passages ORDER BY file_id, seq"
        ):
            out[r[0]].append(r[1])
        return {
            sid: hashlib.sha256("\n".join(parts).encode()).hexdigest() for sid, parts in out.items()
        }

    def rests_on(self, source_id: str) -> dict[str, str]:
        """Every source ``source_id`` rests on, transitively, with the first relation met."""
        direct = self._edges[0]
        seen: dict[str, str] = {}
        frontier = [source_id]
        while frontier:
            current = frontier.pop()
            for target, how in direct.get(current, {}).items():
                if target not in seen and target != source_id:
                    seen[target] = how if current == source_id else f"{how} via {current}"
                    frontier.append(target)
        return seen

    def link(self, a: str, b: str) -> str | None:
        """Why ``a`` and ``b`` are not independent, or None when nothing says so."""
        if b in (ra := self.rests_on(a)):
            return f"{self.name(a)} rests on {self.name(b)} ({ra[b]})"
        if a in (rb := self.rests_on(b)):
            return f"{self.name(b)} rests on {self.name(a)} ({rb[a]})"
        hashes = self._text_hash
        if a in hashes and hashes.get(a) == hashes.get(b):
            return f"{self.name(a)} and {self.name(b)} hold the same text"
        if not (self.primary(a) or self.primary(b)):
            shared = self._edges[1].get(a, set()) & self._edges[1].get(b, set())
            if shared:
                return f"{self.name(a)} and {self.name(b)} both rest on {sorted(shared)[0]}"
        return None

    def primary(self, source_id: str) -> bool:
        s = self.sources.get(source_id)
        return bool(s and s.kind == "primary")

    def name(self, source_id: str) -> str:
        s = self.sources.get(source_id)
        if s is None:
            return source_id
        file = s.path.rsplit("/", 1)[-1]
        return f"{file}#{s.seq}" if s.seq else file

    def groups(self, source_ids: list[str]) -> list[dict]:
        """The sources as independent origins: ``{origin, members, links}`` per group, the
        origin being a primary source when there is one, else the earliest."""
        parent = {s: s for s in source_ids}

        def root(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        links: dict[str, list[str]] = defaultdict(list)
        ids = sorted(set(source_ids))
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                why = self.link(a, b)
                if why:
                    ra, rb = root(a), root(b)
                    if ra != rb:
                        parent[rb] = ra
                    links[a].append(why)
        members: dict[str, list[str]] = defaultdict(list)
        for s in ids:
            members[root(s)].append(s)
        out = []
        for group in members.values():
            origin = min(group, key=lambda s: (not self.primary(s), self.sources[s].date or "9999"
                                               if s in self.sources else "9999", s))  # fmt: skip
            out.append({"origin": origin, "members": group,
                        "primary": any(self.primary(s) for s in group),
                        "links": [w for s in group for w in links.get(s, [])]})  # fmt: skip
        return sorted(out, key=lambda g: g["origin"])
