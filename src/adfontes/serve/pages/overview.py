"""The corpus overview: sources by language, kind, genre and date; what each stage found."""

from __future__ import annotations

from collections import Counter

from adfontes.serve.html import Safe, h, join, table, url
from adfontes.serve.pages import Page, route
from adfontes.serve.pages.claims import store_conflicts
from adfontes.store import claims as claims_db
from adfontes.store import sources as sdb
from adfontes.views.corpus import sources_view, stats_view

FACETS = ("language", "kind", "genre")


def overview_view(store) -> dict:
    """``stats_view`` (as ``adfontes stats --json``) with the sources counted by facet and
    decade, and the records each analysis stage stored."""
    data = stats_view(store)
    documents = [s for s in sources_view(store, include_noise=False)
                 if not (s["parent"] is None and (s["documents"] or 1) > 1)]  # fmt: skip
    data["by"] = {f: dict(Counter(s[f] or "unknown" for s in documents).most_common())
                  for f in FACETS}  # fmt: skip
    decades = Counter((s["date"][:3] + "0s") if s["date"] else "undated" for s in documents)
    data["by"]["decade"] = dict(sorted(decades.items()))
    data["records"] = sdb.analysis_counts(store.conn)
    return data


def _facet(name: str, counts: dict) -> Safe:
    items = []
    for value, n in counts.items():
        link = url("/sources", **{name: value}) if name in FACETS and value != "unknown" else None
        label = h('<a href="{}">{}</a>', link, value) if link else h("{}", value)
        items.append(h('<li>{} <span class="n">{}</span></li>', label, n))
    return h('<section class="facet"><h3>{}</h3><ul>', name) + join(items) + Safe("</ul></section>")


def _render(data: dict) -> Safe:
    c, r = data["counts"], data["records"]
    figures = [
        ("documents", data["documents"], "/sources"), ("passages", c["passages"], None),
        ("entities", r["entities"], "/entities"), ("name mentions", r["mentions"], None),
        ("dates", r["times"], "/timeline"), ("citations", r["citations"], None),
        ("bibliography entries", r["bib_entries"], None), ("stories", r["stories"], "/stories"),
        ("tellings", r["tellings"], None), ("reuse pairs", r["reuse_pairs"], None),
        ("claims", r["claims"], "/check"), ("conflicts", r["conflicts"], "/conflicts"),
    ]  # fmt: skip
    cards = []
    for label, n, link in figures:
        inner = h('<span class="big">{}</span> {}', n, label)
        cards.append(h('<li><a href="{}">{}</a></li>', link, inner) if link else
                     h("<li>{}</li>", inner))  # fmt: skip
    parts = [Safe('<section aria-labelledby="fig"><h2 id="fig">The store</h2><ul class="cards">'),
             join(cards), Safe("</ul></section>"),
             Safe('<section aria-labelledby="by"><h2 id="by">Sources</h2><div class="facets">')]  # fmt: skip
    parts += [_facet(name, counts) for name, counts in data["by"].items()]
    parts.append(Safe("</div></section>"))
    stages = [(s["stage"], s["rules_version"], s["sources"], s["ran_at"]) for s in data["stages"]]
    parts.append(Safe('<section aria-labelledby="st"><h2 id="st">Stages run</h2>'))
    parts.append(table(["stage", "rules", "sources", "last run"], stages) if stages else
                 Safe("<p>No stage has run yet: <code>adfontes analyze</code>.</p>"))  # fmt: skip
    parts.append(Safe("</section>"))
    return join(parts)


def _csv(data: dict):
    rows = [["count", k, v] for k, v in {**data["counts"], **data["records"]}.items()]
    rows += [[facet, k, v] for facet, counts in data["by"].items() for k, v in counts.items()]
    return ["facet", "value", "n"], rows


@route(r"/", nav="Overview", order=10)
def overview(req) -> Page:
    data = overview_view(req.store)
    data["records"]["claims"] = claims_db.count(req.store.conn)
    data["records"]["conflicts"] = len(store_conflicts(req.app))
    return Page("Corpus overview", data, _render, _csv)
