"""The timeline: dated passages in order, filtered by person, place, source, language and a
window (zoom), uncertain dates drawn as spans, each entry linked to its passage."""

from __future__ import annotations

from collections import Counter
from datetime import date

from adfontes.locator import where
from adfontes.serve.html import Safe, field, h, join, lang_attr, select, short, url
from adfontes.serve.pages import Page, listing, pager, paginate, passage_href, route
from adfontes.store import sources as sdb
from adfontes.time.views import timeline_view
from adfontes.views.corpus import sources_view

FILTERS = ("who", "place", "source", "lang", "from", "to")


def _day(iso: str | None) -> int | None:
    return date.fromisoformat(iso).toordinal() if iso else None


def timeline_svg(entries: list[dict], width: int = 920) -> Safe:
    """One row per entry: a dot for a day, a bar from earliest to latest for anything less
    certain, an arrow for an open end; each row links to its passage."""
    if not entries:
        return Safe("<p>No dated passage.</p>")
    days = [d for e in entries for d in (_day(e["earliest"]), _day(e["latest"])) if d is not None]
    lo, hi = min(days), max(days)
    span = max(hi - lo, 1)
    left, right, row = 12, 12, 20
    plot = width - left - right

    def x(day: int) -> float:
        return left + plot * (day - lo) / span

    first, last = date.fromordinal(lo), date.fromordinal(hi)
    if span > 3 * 366:
        marks = [(date(y, 1, 1), str(y)) for y in range(first.year, last.year + 2)]
    else:
        marks = [(date(y, m, 1), f"{y}-{m:02d}") for y in range(first.year, last.year + 1)
                 for m in range(1, 13)]  # fmt: skip
    marks = [(d, t) for d, t in marks if lo <= d.toordinal() <= hi]
    step = max(1, len(marks) // 12)
    height = row * len(entries) + 28
    parts = [h('<svg class="timeline" viewBox="0 0 {} {}" role="img" aria-label="{} dated '
               'passages from {} to {}">', width, height, len(entries), first.isoformat(),
               last.isoformat())]  # fmt: skip
    for d, text in marks[::step]:
        tx = x(d.toordinal())
        parts.append(h('<line class="tick" x1="{:.1f}" y1="14" x2="{:.1f}" y2="{}"/>'
                       '<text class="tick" x="{:.1f}" y="11" text-anchor="middle">{}</text>',
                       tx, tx, height, tx, text))  # fmt: skip
    for i, e in enumerate(entries):
        cy = 28 + i * row
        a, b = _day(e["earliest"]), _day(e["latest"])
        tip = f"{e['value']} · {where(e['locator'])} · {short(e['label'], 120)}"
        parts.append(h('<a href="{}"><title>{}</title>', passage_href(e["locator"]["source"],
                                                                     e.get("seq")), tip))  # fmt: skip
        if a is not None and b is not None and e["uncertain"]:
            parts.append(h('<rect class="span" x="{:.1f}" y="{}" width="{:.1f}" height="10" rx="3"/>',
                           x(a), cy - 5, max(x(b) - x(a), 4)))  # fmt: skip
        elif a is None or b is None:
            at = x(a if a is not None else b)
            end = width - right if a is not None else left
            parts.append(h('<line class="open" x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}"/>',
                           at, cy, end, cy))  # fmt: skip
            parts.append(h('<circle class="day" cx="{:.1f}" cy="{}" r="4"/>', at, cy))
        else:
            parts.append(h('<circle class="day" cx="{:.1f}" cy="{}" r="5"/>', x(a), cy))
        at = x(a if a is not None else b)
        right = max(at, x(b) if b is not None else at) + 10
        text = f"{e['value']}  {short(e['label'], 60)}"
        if right < width * 0.55 or at < width * 0.45:
            parts.append(h('<text class="row" x="{:.1f}" y="{}">{}</text>',
                           right if right < width * 0.55 else at + 10, cy + 4, text))  # fmt: skip
        else:
            parts.append(h('<text class="row" x="{:.1f}" y="{}" text-anchor="end">{}</text>',
                           at - 10, cy + 4, text))  # fmt: skip
        parts.append(Safe("</a>"))
    parts.append(Safe("</svg>"))
    return join(parts)


def timeline_page_view(req) -> dict:
    """``timeline_view`` (the entries ``adfontes timeline --json`` gives), one page of them, and
    the years and months they fall in (the zoom levels)."""
    f = {k: req.arg(k) for k in FILTERS}
    entries = timeline_view(req.store, who=f["who"], start=f["from"], end=f["to"], lang=f["lang"],
                            source=f["source"], place=f["place"])  # fmt: skip
    shown, info = paginate(entries, req)
    for e in shown:
        e["seq"] = sdb.passage_at(req.store.conn, e["locator"]["source"], e["locator"]["start"])
    years = Counter(e["earliest"][:4] for e in entries if e["earliest"])
    months = Counter(e["earliest"][:7] for e in entries if e["earliest"]
                     and e["earliest"][:7] == (e["latest"] or "")[:7])  # fmt: skip
    return listing("entries", shown, info, filters=f, years=dict(sorted(years.items())),
                   months=dict(sorted(months.items())))  # fmt: skip


def _zoom(data: dict) -> Safe:
    f = data["filters"]
    keep = {k: v for k, v in f.items() if v and k not in ("from", "to")}
    parts = [Safe('<nav class="zoom" aria-label="zoom"><span>Zoom:</span> '),
             h('<a href="{}">all dates</a>', url("/timeline", **keep))]  # fmt: skip
    year = f["from"][:4] if f["from"] and f["to"] and f["from"][:4] == f["to"][:4] else None
    if year:
        months = [m for m in data["months"] if m.startswith(year)]
        parts.append(
            h(
                ' · <a href="{}">{}</a> ·',
                url("/timeline", **keep, **{"from": year, "to": year}),
                year,
            )
        )
        parts += [h(' <a href="{}">{}</a>', url("/timeline", **keep, **{"from": m, "to": m}), m)
                  for m in months]  # fmt: skip
    else:
        parts += [h(' <a href="{}">{}</a> <span class="n">({})</span>',
                    url("/timeline", **keep, **{"from": y, "to": y}), y, n)
                  for y, n in data["years"].items()]  # fmt: skip
    parts.append(Safe("</nav>"))
    return join(parts)


def _render(req, data: dict) -> Safe:
    f = data["filters"]
    every = sources_view(req.store)
    sources = [(s["id"], short(s["title"] or s["id"], 50)) for s in every]
    langs = {s["id"]: s["language"] for s in every}
    form = (
        Safe('<form class="filters" method="get" action="/timeline">')
        + field("who", "person", f["who"], hint="Trotsky") + field("place", "place", f["place"], hint="Alma-Ata")
        + select("source", "source", sources, f["source"])
        + select("lang", "language", [(x, x) for x in ("de", "en", "fr", "hu", "ru")], f["lang"])
        + field("from", "from", f["from"], hint="1929-01") + field("to", "to", f["to"], hint="1929-02")
        + Safe('<button type="submit">Show</button></form>')
    )  # fmt: skip
    parts = [form, _zoom(data), timeline_svg(data["entries"]),
             Safe('<div class="scroll"><table><thead><tr><th scope="col">when</th>'
                  '<th scope="col">as written</th><th scope="col">passage</th></tr></thead><tbody>')]  # fmt: skip
    for e in data["entries"]:
        when = (
            e["earliest"]
            if not e["uncertain"]
            else f"{e['earliest'] or '..'} – {e['latest'] or '..'}"
        )
        loc = e["locator"]
        parts.append(
            h('<tr><td class="when">{}<br><small>{}</small></td>', when, e["value"])
            + h("<td" + lang_attr(langs.get(loc["source"])) + ">{}</td>", loc["text"])
            + h('<td><a href="{}">{}</a> <code>{}</code><br>{}</td></tr>',
                passage_href(loc["source"], e["seq"]), f"{loc['source']}:{e['seq']}", where(loc),
                e["label"])
        )  # fmt: skip
    parts.append(Safe("</tbody></table></div>"))
    parts.append(pager("/timeline", {k: v for k, v in f.items() if v}, data))
    return join(parts)


def _csv(data: dict):
    head = ["earliest", "latest", "value", "precision", "uncertain", "path", "line", "start",
            "end", "surface", "label"]  # fmt: skip
    return head, [[e["earliest"] or "", e["latest"] or "", e["value"], e["precision"] or "",
                   int(e["uncertain"]), e["locator"]["path"], e["locator"]["line"],
                   e["locator"]["start"], e["locator"]["end"], e["locator"]["text"], e["label"]]
                  for e in data["entries"]]  # fmt: skip


@route(r"/timeline", nav="Timeline", order=50)
def timeline(req) -> Page:
    data = timeline_page_view(req)
    return Page("Timeline", data, lambda d: _render(req, d), _csv)
