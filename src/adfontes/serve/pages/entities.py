"""Entities: the list, and one entity's page (spellings by language, passages, timeline,
the people named beside it); rename and merge with --write."""

from __future__ import annotations

import math

from adfontes.errors import UsageError
from adfontes.locator import where
from adfontes.names import views
from adfontes.names.model import KINDS
from adfontes.serve.html import Safe, field, h, join, lang_attr, select, short, table
from adfontes.serve.pages import (
    ENTITY_ID,
    Page,
    Redirect,
    listing,
    pager,
    paginate,
    passage_href,
    route,
)  # fmt: skip
from adfontes.serve.pages.timeline import timeline_svg
from adfontes.store import names as ndb
from adfontes.store import sources as sdb
from adfontes.time.views import timeline_view

LANGS = ("de", "en", "fr", "hu", "ru")


def _list_csv(data: dict):
    head = ["id", "label", "kind", "mentions", "languages", "variants"]
    return head, [[e["id"], e["label"], e["kind"], e["mentions"],
                   " ".join(f"{k}:{v}" for k, v in e["languages"].items()),
                   "|".join(v["surface"] for v in e["variants"])] for e in data["entities"]]  # fmt: skip


def _forms(variants: list[dict], limit: int = 8) -> Safe:
    items = [
        h("<span" + lang_attr(v["lang"]) + ">{}</span>", v["surface"]) for v in variants[:limit]
    ]
    more = h(" … {} more", len(variants) - limit) if len(variants) > limit else Safe("")
    return join(items, ", ") + more


@route(r"/entities", nav="Entities", order=40)
def entities(req) -> Page:
    kind, lang = req.arg("kind"), req.arg("lang")
    records, info = paginate(views.entities_view(req.store, kind=kind, lang=lang), req)
    data = listing("entities", records, info, filters={"kind": kind, "lang": lang})
    params = req.params("kind", "lang", "per_page")

    def render(data: dict) -> Safe:
        form = (Safe('<form class="filters" method="get" action="/entities">')
                + select("kind", "kind", [(k, k) for k in KINDS], data["filters"]["kind"])
                + select("lang", "named in", [(x, x) for x in LANGS], data["filters"]["lang"])
                + Safe('<button type="submit">Filter</button></form>'))  # fmt: skip
        rows = [[h('<a href="/entity/{}">{}</a>', e["id"], e["label"]), e["kind"], e["mentions"],
                 ", ".join(f"{k} {v}" for k, v in e["languages"].items()), _forms(e["variants"])]
                for e in data["entities"]]  # fmt: skip
        return (
            form
            + table(["entity", "kind", "mentions", "languages", "spellings"], rows)
            + pager("/entities", params, data)
        )

    return Page("Entities", data, render, _list_csv)


def entity_page_view(store, entity_id: str, req) -> dict:
    """``entity_view`` (the record ``adfontes who --json`` gives) with its spellings grouped by
    language, its passages (one page), its timeline and the people named beside it."""
    record = views.entity_view(store, entity_id)
    mentions = record.pop("mention_list")
    by_lang: dict[str, list[dict]] = {}
    for v in record["variants"]:
        by_lang.setdefault(v["lang"], []).append(v)
    record["spellings"] = by_lang
    passages: dict[tuple, dict] = {}
    for m in mentions:
        loc = m.get("passage_locator") or m["locator"]
        key = (loc["source"], loc["start"])
        item = passages.setdefault(key, {"locator": loc, "lang": m["lang"], "surfaces": []})
        if m["surface"] not in item["surfaces"]:
            item["surfaces"].append(m["surface"])
    shown, info = paginate(list(passages.values()), req, 25)
    for item in shown:
        loc = item["locator"]
        item["seq"] = sdb.passage_at(store.conn, loc["source"], loc["start"])
    record["passages"] = shown
    record["page"] = info
    record["count"] = len(shown)
    if record["kind"] == "person":
        record["timeline"] = timeline_view(store, who=entity_id)
    elif record["kind"] == "place":
        record["timeline"] = timeline_view(store, place=entity_id)
    else:
        record["timeline"] = []
    record["cooccurring"] = [dict(r) for r in ndb.cooccurring(store.conn, entity_id)]
    return record


def network_svg(center: dict, others: list[dict], size: int = 460) -> Safe:
    """The entity in the middle, the people named in the same passages around it; a thicker
    line for more shared passages."""
    if not others:
        return Safe("<p>No other person is named in the same passages.</p>")
    radius = 120
    c, cy = size / 2, radius + 30
    height = 2 * radius + 60
    top = max(o["passages"] for o in others)
    lines, nodes = [], []
    for i, o in enumerate(others):
        angle = 2 * math.pi * i / len(others) - math.pi / 2
        x, y = c + radius * math.cos(angle), cy + radius * math.sin(angle)
        width = 1 + 5 * o["passages"] / top
        lines.append(h('<line x1="{}" y1="{}" x2="{:.1f}" y2="{:.1f}" stroke-width="{:.1f}" '
                       'class="edge"/>', c, cy, x, y, width))  # fmt: skip
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dx = 9 if anchor == "start" else -9 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (16 if math.sin(angle) > 0 else -10)
        nodes.append(
            h('<a href="/entity/{}"><title>{}: {} shared passages</title>'
              '<circle cx="{:.1f}" cy="{:.1f}" r="6" class="node"/>'
              '<text x="{:.1f}" y="{:.1f}" text-anchor="{}">{}</text></a>',
              o["id"], o["label"], o["passages"], x, y, x + dx, y + dy, anchor, short(o["label"], 22))
        )  # fmt: skip
    label = f"{center['label']} and {len(others)} people named in the same passages"
    return (
        h('<svg class="network" viewBox="0 0 {} {}" role="img" aria-label="{}">', size, height, label)
        + join(lines) + join(nodes)
        + h('<circle cx="{}" cy="{}" r="10" class="node self"/>', c, cy)
        + h('<text x="{}" y="{}" text-anchor="middle" class="self">{}</text>', c, cy - 16,
            short(center["label"], 28))
        + Safe("</svg>")
    )  # fmt: skip


def _edit_forms(entity: dict, csrf: str) -> Safe:
    hidden = h('<input type="hidden" name="csrf" value="{}">', csrf)
    return (
        Safe('<details class="edit"><summary>Rename or merge</summary>')
        + h('<form method="post" action="/entity/{}/rename">', entity["id"]) + hidden
        + field("label", "new label", entity["label"]) + Safe('<button type="submit">Rename</button></form>')
        + h('<form method="post" action="/entity/{}/merge">', entity["id"]) + hidden
        + field("other", "merge with (id, label or name)", "", hint="Bronstein")
        + Safe('<button type="submit">Merge</button></form></details>')
    )  # fmt: skip


def _render(req, e: dict) -> Safe:
    parts = [h('<p class="meta">{} · {} mentions', e["kind"], e["mentions"])]
    if e["qid"]:
        parts.append(h(" · Wikidata {}", e["qid"]))
    parts.append(Safe("</p>"))
    if req.app.writable:
        parts.append(_edit_forms(e, req.app.csrf))
    parts.append(
        Safe(
            '<section aria-labelledby="sp"><h2 id="sp">Spellings by language</h2><dl class="spellings">'
        )
    )
    for lang, forms in e["spellings"].items():
        items = join((h("<span" + lang_attr(lang) + ">{}</span> ×{}", v["surface"], v["count"])
                      for v in forms), ", ")  # fmt: skip
        parts.append(h("<dt>{}</dt><dd>{}</dd>", lang, items))
    parts.append(Safe("</dl></section>"))
    if e["aliases"]:
        parts.append(Safe("<section><h2>Other names</h2><ul>"))
        parts += [h("<li>{} ({} – {})</li>", a["name"], a["from"] or "..", a["to"] or "..")
                  for a in e["aliases"]]  # fmt: skip
        parts.append(Safe("</ul></section>"))
    if e["kind"] == "person":
        parts.append(Safe('<section aria-labelledby="nw"><h2 id="nw">Named beside</h2>'))
        parts.append(network_svg(e, e["cooccurring"]))
        parts.append(Safe("</section>"))
    if e["timeline"]:
        parts.append(h('<section aria-labelledby="tl"><h2 id="tl">Timeline</h2>'
                       '<p><a href="/timeline?{}={}">Open in the timeline</a></p>',
                       "who" if e["kind"] == "person" else "place", e["id"]))  # fmt: skip
        parts.append(timeline_svg(e["timeline"]))
        parts.append(Safe("</section>"))
    parts.append(
        Safe('<section aria-labelledby="ps"><h2 id="ps">Passages</h2><ul class="passages">')
    )
    for p in e["passages"]:
        loc = p["locator"]
        parts.append(h('<li><a href="{}">{}</a> <code>{}</code> <span class="forms">{}</span>'
                       '<p' + lang_attr(p["lang"]) + ">{}</p></li>",
                       passage_href(loc["source"], p["seq"]), f"{loc['source']}:{p['seq']}",
                       where(loc), ", ".join(p["surfaces"]), short(loc["text"], 300)))  # fmt: skip
    parts.append(Safe("</ul>"))
    parts.append(pager(f"/entity/{e['id']}", {}, e["page"]))
    parts.append(Safe("</section>"))
    return join(parts)


def _entity_csv(e: dict):
    head = ["source", "seq", "lang", "path", "line", "start", "end", "surfaces", "text"]
    return head, [[p["locator"]["source"], p["seq"], p["lang"], p["locator"]["path"],
                   p["locator"]["line"], p["locator"]["start"], p["locator"]["end"],
                   "|".join(p["surfaces"]), p["locator"]["text"]] for p in e["passages"]]  # fmt: skip


@route(r"/entity/" + ENTITY_ID)
def entity(req, entity_id: str) -> Page:
    try:
        data = entity_page_view(req.store, entity_id, req)
    except UsageError as exc:
        raise LookupError(str(exc)) from exc
    return Page(data["label"], data, lambda d: _render(req, d), _entity_csv)


def _after(store, name: str) -> Redirect:
    found = views.entity_for(store.conn, name)
    return Redirect(f"/entity/{found[0]}" if found else "/entities")


@route(r"/entity/" + ENTITY_ID + r"/rename", methods=("POST",))
def rename(req, entity_id: str) -> Redirect:
    label = " ".join((req.field("label") or "").split())
    if not label:
        raise UsageError("a new label is needed")
    with req.app.edit() as store:
        views.decide(store, "rename", [entity_id, label])
        return _after(store, label)


@route(r"/entity/" + ENTITY_ID + r"/merge", methods=("POST",))
def merge(req, entity_id: str) -> Redirect:
    other = " ".join((req.field("other") or "").split())
    if not other:
        raise UsageError("name the entity to merge with")
    with req.app.edit() as store:
        views.decide(store, "merge", [entity_id, other])
        return _after(store, entity_id)
