"""Search with filters (language, kind, dates, person); results in every language."""

from __future__ import annotations

from adfontes.locator import where
from adfontes.search import engine
from adfontes.serve.html import Safe, esc, field, h, join, lang_attr, select
from adfontes.serve.pages import Page, listing, pager, passage_href, route

LANGS = (("de", "German"), ("en", "English"), ("fr", "French"), ("hu", "Hungarian"),
         ("ru", "Russian"))  # fmt: skip
KINDS = (("primary", "primary"), ("secondary", "secondary"), ("tertiary", "tertiary"))
PER_PAGE = 20


def search_view(req) -> dict:
    """The hits as ``adfontes search --json`` gives them, for one page of results."""
    q = req.arg("q")
    filters = {"lang": req.arg("lang"), "kind": req.arg("kind"), "from": req.arg("from"),
               "to": req.arg("to"), "who": req.arg("who")}  # fmt: skip
    if not q:
        return listing("hits", [], {"page": 1, "pages": 1, "per_page": PER_PAGE, "total": 0},
                       query=None, filters=filters, mode=None, notices=[])  # fmt: skip
    page = req.int("page", 1, 1, 50)
    store = req.store
    made = engine.make_filters(
        store, lang=[filters["lang"]] if filters["lang"] else [],
        kind=[filters["kind"]] if filters["kind"] else [], date_from=filters["from"],
        date_to=filters["to"], who=filters["who"],
    )  # fmt: skip
    results = engine.run(store, q, page * PER_PAGE + 1, filters=made)
    locators = engine.locators_for(store)
    hits = [hit.to_json(locators) for hit in results.hits]
    more = len(hits) > page * PER_PAGE
    shown = hits[(page - 1) * PER_PAGE : page * PER_PAGE]
    for rank, hit in enumerate(shown, (page - 1) * PER_PAGE + 1):
        hit["rank"] = rank
    info = {"page": page, "pages": page + 1 if more else page, "per_page": PER_PAGE,
            "total": len(hits) if not more else None}  # fmt: skip
    return listing("hits", shown, info, query=q, filters=filters, mode=results.mode,
                   notices=results.notices, languages=_by_lang(shown))  # fmt: skip


def _by_lang(hits: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for hit in hits:
        out[hit["lang"] or "und"] = out.get(hit["lang"] or "und", 0) + 1
    return out


def _snippet(hit: dict) -> Safe:
    snip = hit["snippet"]
    text, base = snip["text"], snip["start"]
    marks = sorted((m["start"] - base, m["end"] - base) for m in hit["highlights"]
                   if snip["start"] <= m["start"] and m["end"] <= snip["end"])  # fmt: skip
    out, at = [], 0
    for a, b in marks:
        if a < at:
            continue
        out.append(esc(text[at:a]))
        out.append(h("<mark>{}</mark>", text[a:b]))
        at = b
    out.append(esc(text[at:]))
    return join(out)


def _render(req, data: dict) -> Safe:
    f = data["filters"]
    form = (
        Safe('<form class="filters search" method="get" action="/search" role="search">')
        + field("q", "Search", data["query"], kind="search", hint="Trotsky, Троцкий, Trockij…")
        + select("lang", "language", LANGS, f["lang"]) + select("kind", "kind", KINDS, f["kind"])
        + field("from", "from", f["from"], hint="1929-01") + field("to", "to", f["to"], hint="1929-03")
        + field("who", "names the person", f["who"], hint="Sedov")
        + Safe('<button type="submit">Search</button></form>')
    )  # fmt: skip
    if not data["query"]:
        return form + Safe("<p>Words, a \"phrase\" or a prefix*; every spelling of a name matches "
                           "(Trotsky, Trockijjal, Троцкого).</p>")  # fmt: skip
    parts = [form]
    parts += [h('<p class="notice" role="status">{}</p>', n) for n in data["notices"]]
    langs = ", ".join(f"{k} {v}" for k, v in data["languages"].items())
    parts.append(h('<p role="status">{} passages on this page ({}), ranked by {} search.</p>',
                   data["count"], langs or "none", data["mode"]))  # fmt: skip
    parts.append(Safe('<ol class="hits">'))
    for hit in data["hits"]:
        loc = hit["locator"]
        sid, _, seq = hit["passage"].rpartition(":")
        parts.append(
            h('<li value="{}"><p class="where"><a href="{}">{}</a> <span class="lang">{}</span> '
              '<span class="kind">{}</span> <code>{}</code></p>', hit["rank"],
              passage_href(sid, int(seq)), hit["passage"], hit["lang"] or "?", hit["kind"],
              where(loc))
            + h("<p class=\"snippet\"" + lang_attr(hit["lang"]) + ">{}</p></li>", _snippet(hit))
        )  # fmt: skip
    parts.append(Safe("</ol>"))
    params = {k: v for k, v in (("q", data["query"]), *f.items()) if v}
    parts.append(pager("/search", params, data))
    if data["count"] == 0:
        parts.append(Safe("<p>No passage found.</p>"))
    return join(parts)


def _csv(data: dict):
    head = ["rank", "passage", "lang", "kind", "score", "path", "line", "start", "end", "snippet"]
    return head, [[h_["rank"], h_["passage"], h_["lang"] or "", h_["kind"], h_["score"],
                   h_["locator"]["path"], h_["locator"]["line"], h_["locator"]["start"],
                   h_["locator"]["end"], " ".join(h_["snippet"]["text"].split())]
                  for h_ in data["hits"]]  # fmt: skip


@route(r"/search", nav="Search", order=30)
def search(req) -> Page:
    data = search_view(req)
    title = f"Search: {data['query']}" if data["query"] else "Search"
    return Page(title, data, lambda d: _render(req, d), _csv)
