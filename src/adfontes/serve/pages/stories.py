"""Stories told more than once (drift table, aligned tellings) and the collation of witnesses."""

from __future__ import annotations

from adfontes.errors import UsageError
from adfontes.locator import where
from adfontes.serve.html import Safe, esc, h, join, lang_attr, select, short, url
from adfontes.serve.pages import (
    STORY_ID,
    Page,
    listing,
    pager,
    paginate,
    passage_href,
    route,
)
from adfontes.store import sources as sdb
from adfontes.variants import views
from adfontes.variants.stories import SLOTS
from adfontes.views.corpus import sources_view

SLOT_LABELS = {"telling_date": "told", "claimed_date": "date it gives",
               "linked_event": "tied to", "audience": "to whom", "wording": "wording",
               "witnesses": "people named", "teller": "teller"}  # fmt: skip


def _with_seqs(store, stories: list[dict]) -> list[dict]:
    for story in stories:
        for t in story["tellings"]:
            loc = t["locator"]
            t["passage_seq"] = sdb.passage_at(store.conn, loc["source"], loc["start"])
    return stories


def _cell(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value).split()) if value else "—"


def drift_table(story: dict, langs: dict[str, str | None]) -> Safe:
    head = (
        Safe('<tr><th scope="col">#</th>')
        + join(h('<th scope="col">{}</th>', SLOT_LABELS[s]) for s in SLOTS)
        + Safe('<th scope="col">where</th></tr>')
    )
    rows = []
    for t, d in zip(story["tellings"], story["drift"], strict=True):
        loc = t["locator"]
        first = h('<th scope="row">{}{}</th>', t["seq"] + 1, " (earliest)" if t["earliest"] else "")
        cells = []
        for slot in SLOTS:
            changed = d[slot]["changed"]
            mark = (
                h('<span class="changed" title="changed">{}</span>', "changed: ") if changed else ""
            )
            lang = lang_attr(langs.get(loc["source"])) if slot == "wording" else ""
            cells.append(h('<td class="{}"' + lang + ">{}{}</td>", "drift" if changed else "",
                           mark, short(_cell(d[slot]["value"]), 80)))  # fmt: skip
        link = h(
            '<td><a href="{}">{}</a></td>',
            passage_href(loc["source"], t["passage_seq"]),
            where(loc),
        )
        rows.append(Safe("<tr>") + first + join(cells) + link + Safe("</tr>"))
    return (h('<div class="scroll"><table class="drift"><caption>Drift of {}</caption><thead>',
              story["label"]) + head + Safe("</thead><tbody>") + join(rows)
            + Safe("</tbody></table></div>"))  # fmt: skip


def _langs(store) -> dict[str, str | None]:
    return {s["id"]: s["language"] for s in sources_view(store)}


def _stories_csv(data: dict):
    head = ["story", "label", "seq", "earliest", *SLOTS, "path", "line", "start", "end"]
    rows = []
    for story in data["stories"]:
        for t, d in zip(story["tellings"], story["drift"], strict=True):
            loc = t["locator"]
            rows.append([story["id"], story["label"], t["seq"] + 1, int(t["earliest"]),
                         *(_cell(d[s]["value"]) for s in SLOTS), loc["path"], loc["line"],
                         loc["start"], loc["end"]])  # fmt: skip
    return head, rows


@route(r"/stories", nav="Stories", order=60)
def stories(req) -> Page:
    q = req.arg("q")
    found = views.phrase_view(req.store, q) if q else views.discover_view(req.store)
    shown, info = paginate(found, req, 10)
    data = listing("stories", _with_seqs(req.store, shown), info, query=q)
    langs = _langs(req.store)

    def render(data: dict) -> Safe:
        form = h('<form class="filters" method="get" action="/stories" role="search"><label>'
                 'Stories holding the words <input type="search" name="q" value="{}"></label>'
                 '<button type="submit">Find</button></form>', data["query"] or "")  # fmt: skip
        parts = [form]
        for story in data["stories"]:
            parts.append(h('<section class="story"><h2><a href="/story/{}">{}</a></h2><p>{}</p>',
                           story["id"], short(story["label"], 120), story["summary"]))  # fmt: skip
            parts.append(drift_table(story, langs))
            parts.append(Safe("</section>"))
        if not data["stories"]:
            parts.append(Safe("<p>No story found.</p>"))
        parts.append(pager("/stories", {"q": data["query"]} if data["query"] else {}, data))
        return join(parts)

    return Page("Stories", data, render, _stories_csv)


@route(r"/story/" + STORY_ID)
def story(req, story_id: str) -> Page:
    found = [s for s in views.discover_view(req.store) if s["id"] == story_id]
    if not found:
        raise LookupError(f"no story {story_id}")
    data = _with_seqs(req.store, found)[0]
    langs = _langs(req.store)

    def render(s: dict) -> Safe:
        parts = [h("<p>{}</p>", s["summary"]), drift_table(s, langs),
                 Safe('<section aria-labelledby="al"><h2 id="al">The tellings side by side</h2>'
                      '<div class="tellings">')]  # fmt: skip
        for t in s["tellings"]:
            loc = t["locator"]
            lang = langs.get(loc["source"])
            text = loc["text"]
            wl = t["wording_locator"]
            if wl and loc["start"] <= wl["start"] and wl["end"] <= loc["end"]:
                a, b = wl["start"] - loc["start"], wl["end"] - loc["start"]
                body = esc(text[:a]) + h("<mark>{}</mark>", text[a:b]) + esc(text[b:])
            else:
                body = esc(text)
            parts.append(h('<article class="telling"><h3>{}. {} <small>told {}</small></h3>',
                           t["seq"] + 1, where(loc), t["telling_date"] or "undated")
                         + h("<p" + lang_attr(lang) + ">{}</p>", body)
                         + h('<p><a href="{}">open in the reader</a></p></article>',
                             passage_href(loc["source"], t["passage_seq"])))  # fmt: skip
        parts.append(Safe("</div></section>"))
        ids = [t["locator"]["source"] for t in s["tellings"]]
        if len(set(ids)) >= 2:
            parts.append(h('<p><a href="{}">Collate the sources of the first two tellings</a></p>',
                           url("/collate", w=list(dict.fromkeys(ids))[:2])))  # fmt: skip
        return join(parts)

    first = data["tellings"][0]["locator"]["source"] if data["tellings"] else None
    return Page(short(data["label"], 90), data, render, lambda d: _stories_csv({"stories": [d]}),
                lang=langs.get(first))  # fmt: skip


# --- collation ---------------------------------------------------------------------------------


def collate_page_view(store, refs: list[str]) -> dict:
    """``adfontes collate --json`` of the sources ``refs`` (the first is the base text)."""
    if len(refs) < 2:
        return {"witnesses": [], "variants": [], "count": 0, "table": [], "refs": refs}
    if len(refs) > 4:
        raise UsageError("collate at most 4 witnesses at a time")
    ws = [views.store_witness(store, ref, chr(ord("A") + i), None) for i, ref in enumerate(refs)]
    out = views.collate_view(ws, "json")
    return {**out, "count": len(out["variants"]), "refs": refs}


def _collation_rows(data: dict) -> list[tuple[str, list[str | None]]]:
    """(state, reading per witness) for each aligned column; the first witness is the base."""
    n = len(data["witnesses"])
    rows = []
    for i in range(len(data["table"][0]) if n else 0):
        cells = [data["table"][w][i] for w in range(n)]
        texts = [" ".join(t["t"] for t in c) if c else None for c in cells]
        norms = [" ".join(t["n"] for t in c) if c else None for c in cells]
        if all(x == norms[0] for x in norms):
            state = "same"
        elif norms[0] is None:
            state = "added"
        elif any(x is None for x in norms[1:]):
            state = "omitted"
        else:
            state = "changed"
        if rows and rows[-1][0] == state and data["mode"] == "tokens":
            prev = rows[-1][1]
            joined = [
                " ".join(x for x in (a, b) if x) or None for a, b in zip(prev, texts, strict=True)
            ]
            rows[-1] = (state, joined)
        else:
            rows.append((state, texts))
    return rows


@route(r"/collate", nav="Collate", order=70)
def collate(req) -> Page:
    refs = req.args("w")
    data = collate_page_view(req.store, refs)
    every = sources_view(req.store, include_noise=False)
    langs = {s["id"]: s["language"] for s in every}

    def render(d: dict) -> Safe:
        options = [
            (s["id"], short(f"{s['language']} · {s['title'] or s['id']}", 60)) for s in every
        ]
        pick = [select("w", f"witness {chr(ord('A') + i)}", options, refs[i] if i < len(refs) else None)
                for i in range(3)]  # fmt: skip
        form = (Safe('<form class="filters" method="get" action="/collate">') + join(pick)
                + Safe('<button type="submit">Collate</button></form>'))  # fmt: skip
        if not d["witnesses"]:
            return form + Safe("<p>Choose two or more witnesses: the first is the base text; "
                               "additions, omissions and changes are marked against it.</p>")  # fmt: skip
        parts = [form]
        for s in d["summary"]:
            v = s["variants"]
            parts.append(h("<p>{} against {}: {} additions, {} omissions, {} substitutions, "
                           "{} transpositions.</p>", s["b"], s["a"], v["addition"], v["omission"],
                           v["substitution"], v["transposition"]))  # fmt: skip
        head = join(h('<th scope="col">{} <small>{}</small></th>', w["siglum"], w["path"])
                    for w in d["sources"])  # fmt: skip
        parts.append(Safe('<p class="legend"><span class="same">same</span> '
                          '<span class="added">added</span> <span class="omitted">omitted</span> '
                          '<span class="changed">changed</span> (against witness A)</p>'))  # fmt: skip
        parts.append(Safe('<div class="scroll"><table class="collation"><thead><tr>') + head
                     + Safe("</tr></thead><tbody>"))  # fmt: skip
        for state, texts in _collation_rows(d):
            cells = join(
                h('<td class="{}"' + lang_attr(langs.get(w["source"])) + ">{}</td>", state,
                  t if t is not None else "—")
                for w, t in zip(d["sources"], texts, strict=True)
            )  # fmt: skip
            parts.append(h('<tr class="{}">', state) + cells + Safe("</tr>"))
        parts.append(Safe("</tbody></table></div>"))
        return join(parts)

    def to_csv(d: dict):
        head = ["state", *(w["siglum"] for w in d["sources"])] if d["witnesses"] else ["state"]
        return head, [[state, *(t or "" for t in texts)] for state, texts in _collation_rows(d)]

    return Page("Collation", data, render, to_csv)
