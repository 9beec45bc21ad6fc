"""Sources: the list, the reader (text with names, dates, citations and footnotes marked), and
metadata edits with --write."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise

from adfontes.cite.views import cites_view
from adfontes.errors import UsageError
from adfontes.locator import where
from adfontes.names.views import mentions_view
from adfontes.serve.html import Safe, esc, field, h, join, lang_attr, select, short, table, url
from adfontes.serve.pages import (
    SOURCE_ID,
    Page,
    Redirect,
    listing,
    pager,
    paginate,
    route,
    source_href,
)  # fmt: skip
from adfontes.serve.pages.claims import check_href
from adfontes.store import claims as claims_db
from adfontes.store import sources as sdb
from adfontes.time.values import parse_anchor
from adfontes.time.views import dates_view
from adfontes.views.corpus import show_view, sources_view

PASSAGES_PER_PAGE = 120
KINDS = ("primary", "secondary", "tertiary")
HIGHLIGHTS = (("name", "names"), ("date", "dates"), ("cite", "citations"), ("claim", "claims"))
SHOWN = {"name", "date", "cite"}  # marked when the page opens; claims on request


# --- the list ------------------------------------------------------------------------------------


def _list_csv(data: dict):
    head = ["id", "parent", "title", "author", "date", "language", "kind", "genre", "passages",
            "path", "line", "noise"]  # fmt: skip
    rows = [[s["id"], s["parent"] or "", s["title"] or "", s["author"] or "", s["date"] or "",
             s["language"] or "", s["kind"] or "", s["genre"] or "", s["passages"],
             s["locator"]["path"], s["locator"]["line"], int(s["noise"])]
            for s in data["sources"]]  # fmt: skip
    return head, rows


@route(r"/sources", nav="Sources", order=20)
def sources(req) -> Page:
    lang, kind, genre = req.arg("language"), req.arg("kind"), req.arg("genre")
    every = sources_view(req.store, lang=lang)
    records = [s for s in every if (not kind or s["kind"] == kind)
               and (not genre or s["genre"] == genre)]  # fmt: skip
    shown, info = paginate(records, req)
    data = listing("sources", shown, info,
                   filters={"language": lang, "kind": kind, "genre": genre})  # fmt: skip
    facets = {f: sorted({s[f] for s in every if s[f]}) for f in ("language", "kind", "genre")}
    params = req.params("language", "kind", "genre", "per_page")

    def render(data: dict) -> Safe:
        form = (
            Safe('<form class="filters" method="get" action="/sources" role="search">')
            + join(select(f, f, [(v, v) for v in facets[f]], data["filters"][f]) for f in facets)
            + Safe('<button type="submit">Filter</button></form>')
        )
        rows = []
        for s in data["sources"]:
            title = h('<a href="{}"' + lang_attr(s["language"]) + ">{}</a>", source_href(s["id"]),
                      s["title"] or s["id"])  # fmt: skip
            if s["parent"]:
                title = Safe("↳ ") + title
            flags = " (noise)" if s["noise"] else ""
            rows.append([title, s["language"], s["kind"], s["genre"], s["date"], s["author"],
                         s["passages"], h("<code>{}</code>{}", where(s["locator"]), flags)])  # fmt: skip
        return form + table(["title", "language", "kind", "genre", "date", "author", "passages",
                             "file:line"], rows) + pager("/sources", params, data)  # fmt: skip

    return Page("Sources", data, render, _list_csv)


# --- the reader ----------------------------------------------------------------------------------


def reader_view(store, source_id: str, req) -> dict:
    """``show_view`` of the source (as ``adfontes show --json``), one page of its passages, and
    the names, dates, citations and footnote links in them."""
    try:
        view = show_view(store, source_id)
    except UsageError as exc:
        raise LookupError(str(exc)) from exc
    if view["id"] != source_id:
        raise LookupError(f"no source {source_id}")
    rows = {p.seq: p for p in sdb.passages(store.conn, source_id=source_id)}
    passages, info = paginate(view.pop("passages"), req, PASSAGES_PER_PAGE)
    for p in passages:
        p["id"] = rows[p["seq"]].id
        p["norm"] = rows[p["seq"]].norm
    shown = {p["id"] for p in passages}
    ids = [source_id] + [c.id for c in sdb.children(store.conn, source_id)]
    view["page"] = info
    view["passages"] = passages
    view["count"] = len(passages)
    view["mentions"] = mentions_view(store, source=source_id, passages=sorted(shown))
    view["dates"] = [d for d in dates_view(store, source=source_id)
                     if _inside(d["locator"], passages)]  # fmt: skip
    view["citations"] = [c for sid in ids for c in cites_view(store, sid)
                         if _inside(c["locator"], passages)]  # fmt: skip
    seqs = {p["seq"] for p in passages}
    files = {rows[p["seq"]].file_id for p in passages}
    locate = sdb.Locators(store)
    view["footnotes"] = [
        {"label": link["label"], "marker_passage": link["marker_seq"],
         "note_passage": link["note_seq"],
         "marker": locate(source_id, file_id, link["marker_start"], link["marker_end"]).to_json()}
        for file_id in files for link in sdb.footnote_links(store.conn, file_id)
        if link["marker_seq"] in seqs or link["note_seq"] in seqs
    ]  # fmt: skip
    view["claims"] = [
        {"id": r["id"], "text": " ".join(loc.text.split()), "lang": r["lang"],
         "polarity": r["polarity"], "modality": r["modality"], "locator": loc.to_json()}
        for r in claims_db.list_claims(store.conn, source_ids=ids) if r["passage_id"] in shown
        for loc in [locate(r["source_id"], r["file_id"], r["start"], r["end"])]
    ]  # fmt: skip
    view["children"] = [{"id": c.id, "title": c.title, "language": c.language}
                        for c in sdb.children(store.conn, source_id)]  # fmt: skip
    return view


def _inside(loc: dict, passages: list[dict]) -> bool:
    """The span starts in one of the passages (of one file, in file order)."""
    starts = [p["locator"]["start"] for p in passages]
    i = bisect_right(starts, loc["start"]) - 1
    return i >= 0 and loc["start"] < passages[i]["locator"]["end"]


def _spans(view: dict) -> list[tuple[int, int, str, dict]]:
    out = []
    for m in view["mentions"]:
        loc = m["locator"]
        out.append((loc["start"], loc["end"], "name", {"entity": m["entity"], "title":
                    f"{m['kind']}: {m['base']}"}))  # fmt: skip
    for d in view["dates"]:
        loc = d["locator"]
        bounds = f"{d['earliest'] or '..'} – {d['latest'] or '..'}"
        out.append((loc["start"], loc["end"], "date", {"title": f"{d['value']} ({bounds})"}))
    for c in view["citations"]:
        loc = c["locator"]
        target = c["entry"]["title"] if c["entry"] else None
        out.append((loc["start"], loc["end"], "cite",
                    {"title": f"{c['kind']}" + (f" → {target}" if target else "")}))  # fmt: skip
    for c in view.get("claims", []):
        loc = c["locator"]
        out.append((loc["start"], loc["end"], "claim", {"href": check_href(c["text"], c["lang"])}))
    for f in view["footnotes"]:
        loc = f["marker"]
        out.append((loc["start"], loc["end"], "fn", {"note": f["note_passage"],
                                                     "id": f"fnref-{loc['start']}"}))  # fmt: skip
    return out


def _segment(text: str, cover: list[tuple[int, int, str, dict]]) -> Safe:
    """One run of text with the same marks over it: a link to the note or entity outermost."""
    inner = esc(text)
    if any(k == "claim" for *_, k, _ in cover):
        inner = Safe('<span class="hl hl-claim">') + inner + Safe("</span>")
    for _, _, kind, attrs in cover:
        if kind in ("date", "cite"):
            inner = (
                h('<span class="hl hl-{}" title="{}">', kind, attrs["title"])
                + inner
                + Safe("</span>")
            )
    fn = next((a for *_, k, a in cover if k == "fn"), None)
    name = next((a for *_, k, a in cover if k == "name"), None)
    if fn is not None and fn["note"] is not None:
        return h('<a class="fn" id="{}" href="#p-{}" aria-label="note {}">', fn["id"], fn["note"],
                 fn["note"]) + inner + Safe("</a>")  # fmt: skip
    if name is not None:
        if name["entity"]:
            return h('<a class="hl hl-name" href="/entity/{}" title="{}">', name["entity"],
                     name["title"]) + inner + Safe("</a>")  # fmt: skip
        return h('<span class="hl hl-name" title="{}">', name["title"]) + inner + Safe("</span>")
    return inner


def marked(text: str, start: int, end: int, spans: list) -> Safe:
    """``text[start:end]`` with every span inside it marked."""
    mine = [s for s in spans if s[0] < end and s[1] > start and s[0] < s[1]]
    cuts = sorted({start, end} | {max(start, min(end, x)) for s in mine for x in s[:2]})
    ends: dict[int, list[str]] = {}
    for s in mine:
        if s[2] == "claim" and s[1] <= end:
            ends.setdefault(s[1], []).append(s[3]["href"])
    out = []
    for a, b in pairwise(cuts):
        cover = [s for s in mine if s[0] <= a and b <= s[1]]
        out.append(_segment(text[a:b], cover) if cover else esc(text[a:b]))
        for href in ends.get(b, ()):  # after a claim, a link to check it
            out.append(h(' <a class="check-claim" href="{}" title="check this claim against the '
                         'corpus">check</a>', href))  # fmt: skip
    return join(out)


def _meta_form(view: dict, csrf: str) -> Safe:
    fields = [field("title", "title", view["title"]), field("author", "author", view["author"]),
              field("date", "date (EDTF)", view["date"], hint="1929-02-12"),
              field("language", "language", view["language"], hint="hu"),
              select("kind", "kind", [(k, k) for k in KINDS], view["kind"]),
              field("genre", "genre", view["genre"]),
              field("archive", "archive", view["archive"])]  # fmt: skip
    return (
        h('<details class="edit"><summary>Edit metadata</summary><form method="post" action="{}">',
          f"/source/{view['id']}/meta")
        + h('<input type="hidden" name="csrf" value="{}">', csrf) + join(fields)
        + Safe('<button type="submit">Save</button></form></details>')
    )  # fmt: skip


def _render_reader(req, source_id: str, clean: bool):
    def render(view: dict) -> Safe:
        meta = [(k, view[k]) for k in ("language", "kind", "genre", "date", "author", "archive",
                                        "translation_of") if view.get(k)]  # fmt: skip
        parts = [Safe('<dl class="meta">')]
        for k, v in meta:
            mark = " (inferred)" if k in view["inferred"] else ""
            parts.append(h("<dt>{}</dt><dd>{}{}</dd>", k, v, mark))
        parts.append(h("<dt>file</dt><dd><code>{}</code></dd></dl>", where(view["locator"])))
        if req.app.writable:
            parts.append(_meta_form(view, req.app.csrf))
        if view["children"]:
            parts.append(Safe("<section><h2>Documents in this file</h2><ul>"))
            parts += [h('<li><a href="{}"' + lang_attr(c["language"]) + ">{}</a></li>",
                        source_href(c["id"]), c["title"] or c["id"]) for c in view["children"]]  # fmt: skip
            parts.append(Safe("</ul></section>"))
        base = f"/source/{source_id}"
        keep = {"page": view["page"]["page"]} if view["page"]["page"] > 1 else {}
        switch = (h('<a href="{}">original text</a>', url(base, **keep)) if clean else
                  h('<a href="{}">cleaned text</a>', url(base, text="clean", **keep)))  # fmt: skip
        parts.append(Safe('<div class="toolbar" role="group" aria-label="marks">'))
        if not clean:
            for kind, label in HIGHLIGHTS:
                on = " checked" if kind in SHOWN else ""
                parts.append(h('<label class="toggle t-{}"><input type="checkbox" id="show-{}"'
                               + on + "> {}</label>", kind, kind, label))  # fmt: skip
        parts.append(h('<span>Showing the {} text · show the {}</span></div>',
                       "cleaned" if clean else "original", switch))  # fmt: skip
        spans = _spans(view)
        backs: dict[int, list[dict]] = {}
        for f in view["footnotes"]:
            backs.setdefault(f["note_passage"], []).append(f)
        parts.append(Safe('<div class="text">'))
        for p in view["passages"]:
            loc = p["locator"]
            tag = "h2" if p["kind"] == "heading" else "p"
            body = (esc(p["norm"]) if clean else
                    marked(loc["text"], 0, len(loc["text"]),
                           [(a - loc["start"], b - loc["start"], k, x) for a, b, k, x in spans]))  # fmt: skip
            anchor = h(
                '<a class="pid" href="#p-{}" title="{}">{}</a>', p["seq"], where(loc), p["seq"]
            )
            back = join(h(' <a class="back" href="#{}">↩ back to note {}</a>',
                          f"fnref-{f['marker']['start']}", f["label"]) for f in backs.get(p["seq"], []))  # fmt: skip
            parts.append(h('<div class="passage k-{}" id="p-{}">', p["kind"], p["seq"]) + anchor
                         + h("<" + tag + lang_attr(p["lang"]) + ">") + body
                         + Safe(f"</{tag}>") + back + Safe("</div>"))  # fmt: skip
        parts.append(Safe("</div>"))
        parts.append(pager(base, {"text": "clean"} if clean else {}, view["page"]))
        return join(parts)

    return render


def _reader_csv(view: dict):
    head = ["seq", "kind", "lang", "path", "line", "start", "end", "text"]
    return head, [[p["seq"], p["kind"], p["lang"] or "", p["locator"]["path"], p["locator"]["line"],
                   p["locator"]["start"], p["locator"]["end"], p["locator"]["text"]]
                  for p in view["passages"]]  # fmt: skip


@route(r"/source/" + SOURCE_ID)
def source(req, source_id: str) -> Page:
    view = reader_view(req.store, source_id, req)
    clean = req.arg("text") == "clean"
    return Page(short(view["title"] or source_id, 90), view, _render_reader(req, source_id, clean),
                _reader_csv, lang=view["language"])  # fmt: skip


@route(r"/passage/" + SOURCE_ID + r"/(?P<seq>[0-9]{1,7})")
def passage(req, source_id: str, seq: str) -> Redirect:
    """The reader's page that holds passage SEQ, scrolled to it."""
    seqs = [p.seq for p in sdb.passages(req.store.conn, source_id=source_id)]
    if int(seq) not in seqs:
        raise LookupError(f"source {source_id} has no passage {seq}")
    page = seqs.index(int(seq)) // PASSAGES_PER_PAGE + 1
    return Redirect(url(f"/source/{source_id}", page=page if page > 1 else None) + f"#p-{seq}")


LANG = re.compile(r"[a-z]{2,3}")


def check_meta(form: dict) -> dict[str, str | None]:
    fields = {}
    for name in sdb.EDITABLE_FIELDS:
        if name in form:
            value = " ".join(form[name].split()) or None
            fields[name] = value
    if fields.get("date") and parse_anchor(fields["date"]) is None:
        raise UsageError(f"date {fields['date']!r} is not EDTF (e.g. 1929, 1929-02, 1929-02-12)")
    if fields.get("language") and not LANG.fullmatch(fields["language"]):
        raise UsageError(f"language {fields['language']!r} is not an ISO 639 code (e.g. hu)")
    if fields.get("kind") and fields["kind"] not in KINDS:
        raise UsageError(f"kind {fields['kind']!r} is not one of {', '.join(KINDS)}")
    return fields


@route(r"/source/" + SOURCE_ID + r"/meta", methods=("POST",))
def edit_meta(req, source_id: str) -> Redirect:
    fields = check_meta({k: v[-1] for k, v in req.form.items() if k != "csrf"})
    if not fields:
        raise UsageError("the form names no field to change")
    with req.app.edit() as store, store.transaction() as conn:
        sdb.update_source(conn, source_id, fields)
    return Redirect(source_href(source_id))
