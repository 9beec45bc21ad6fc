"""Claims: the conflicts between passages, a claim checked against the corpus, one source's
audit. The data is what ``adfontes conflicts``, ``check`` and ``audit`` give with --json; the
store's conflicts and claim index are worked out once per server and kept until an edit."""

from __future__ import annotations

from adfontes.claims import cues
from adfontes.claims import views as cv
from adfontes.claims.index import load
from adfontes.errors import UsageError
from adfontes.locator import where
from adfontes.serve.html import Safe, esc, field, h, join, lang_attr, select, short, url
from adfontes.serve.pages import (
    SOURCE_ID,
    Page,
    Redirect,
    listing,
    pager,
    paginate,
    route,
    source_href,
    warmer,
)  # fmt: skip
from adfontes.store import sources as sdb

TYPES = [(t, t) for t in cv.CONFLICT_TYPES]
STANCE_ORDER = {"contradicts": 0, "supports": 1, "related": 2}
VERDICT_ORDER = ("corroborated", "single-source", "contested", "contradicted", "unverified")


def claim_index(app):
    return app.memo("claims-index", lambda: load(app.store))


@warmer
def store_conflicts(app) -> list:
    """Every conflicting pair of the store (``claims.views.all_conflicts``), kept per server."""
    return app.memo("conflicts", lambda: cv.all_conflicts(app.store, claim_index(app)))


def check_href(text: str, lang: str | None) -> str:
    return url("/check", q=" ".join(text.split()), lang=lang)


def at_href(loc: dict) -> str | None:
    """The reader at a span: the passage that holds its start."""
    return f"/at/{loc['source']}/{loc['start']}" if loc.get("source") else None


def _place(loc: dict, links: bool) -> Safe:
    href = at_href(loc) if links else None
    label = where(loc, name_only=True)
    return h('<a href="{}">{}</a>', href, label) if href else h("<code>{}</code>", label)


def spans_marked(loc: dict, marks: list[tuple[dict | None, str, str]]) -> Safe:
    """The text of ``loc`` with each span in ``marks`` (span, kind, title) marked; spans outside
    the text (a date carried from earlier in the passage) are left out."""
    text, base = loc["text"], loc["start"]
    inside = sorted(
        (s["start"] - base, s["end"] - base, kind, title)
        for s, kind, title in marks
        if s is not None and base <= s["start"] < s["end"] <= base + len(text)
    )
    out, at = [], 0
    for a, b, kind, title in inside:
        if a < at:
            continue
        out.append(esc(text[at:a]))
        out.append(h('<mark class="m-{}" title="{}">{}</mark>', kind, title, text[a:b]))
        at = b
    out.append(esc(text[at:]))
    return join(out)


def _stance(stance: str) -> Safe:
    return h('<span class="stance s-{}">{}</span>', stance, stance)


def _verdict(name: str) -> Safe:
    return h('<span class="verdict v-{}">{}</span>', name, name)


# --- conflicts ------------------------------------------------------------------------------------


def conflicts_data(req) -> dict:
    kind, who = req.arg("type"), req.arg("who")
    if kind is not None and kind not in cv.CONFLICT_TYPES:
        raise UsageError(f"type must be one of {', '.join(cv.CONFLICT_TYPES)}, not {kind!r}")
    records = cv.conflicts_view(req.store, kind=kind, who=who, found=store_conflicts(req.app))
    shown, info = paginate(records, req, 25)
    return listing("conflicts", shown, info, filters={"type": kind, "who": who})


def conflict_item(c: dict, links: bool = True) -> Safe:
    sides = []
    for side in ("a", "b"):
        claim = c[side]["claim"]
        slot = c[side].get("slot")
        sides.append(
            h('<div class="side"><p class="where">{}</p>', _place(claim, links))
            + h("<blockquote>{}</blockquote>", spans_marked(claim, [(slot, "conflict", c["reason"])]))
            + (h('<p><a class="check-claim" href="{}">check this claim</a></p>',
                 check_href(claim["text"], None)) if links else Safe(""))
            + Safe("</div>")
        )  # fmt: skip
    reasons = join(h("<li>{}</li>", r) for r in c["reasons"])
    return (
        h('<li value="{}"><p class="head"><span class="type">{}</span> '
          '<span class="label l-{}">{}</span> <span class="n">confidence {:.2f}</span> {}</p>',
          c["rank"], c["type"], c["label"], c["label"], c["confidence"], c["reason"])
        + Safe('<div class="pair">') + join(sides) + Safe("</div>")
        + Safe('<details class="reasons"><summary>Reasons</summary><ul>') + reasons
        + Safe("</ul></details></li>")
    )  # fmt: skip


def _conflicts_render(data: dict) -> Safe:
    f = data["filters"]
    form = (
        Safe('<form class="filters" method="get" action="/conflicts">')
        + select("type", "type", TYPES, f["type"])
        + field("who", "about the person", f["who"], hint="Trotsky")
        + Safe('<button type="submit">Filter</button></form>')
    )
    if not data["conflicts"]:
        return form + Safe("<p>No conflict found.</p>")
    status = h('<p role="status">{} conflicts, most confident first.</p>', data["total"])
    items = join(conflict_item(c) for c in data["conflicts"])
    params = {k: v for k, v in f.items() if v}
    return (form + status + Safe('<ol class="conflicts">') + items + Safe("</ol>")
            + pager("/conflicts", params, data))  # fmt: skip


def _conflicts_csv(data: dict):
    head = ["rank", "type", "confidence", "label", "reason", "a_path", "a_line", "a_start", "a_end",
            "a_text", "b_path", "b_line", "b_start", "b_end", "b_text"]  # fmt: skip
    rows = []
    for c in data["conflicts"]:
        a, b = c["a"]["claim"], c["b"]["claim"]
        rows.append([c["rank"], c["type"], c["confidence"], c["label"], c["reason"],
                     a["path"], a["line"], a["start"], a["end"], a["text"],
                     b["path"], b["line"], b["start"], b["end"], b["text"]])  # fmt: skip
    return head, rows


@route(r"/conflicts", nav="Conflicts", order=70)
def conflicts(req) -> Page:
    return Page("Conflicts", conflicts_data(req), _conflicts_render, _conflicts_csv)


# --- check --------------------------------------------------------------------------------------


def check_data(req) -> dict:
    """As ``adfontes check CLAIM --json``: the evidence, its count, the verdict and the groups."""
    text, lang = req.arg("q"), req.arg("lang")
    if lang is not None:
        cv.check_lang(lang)
    if not text:
        return {"evidence": [], "count": 0, "claim": None, "lang": lang}
    result = cv.check_view(req.store, text, lang, index=claim_index(req.app))
    evidence = result.pop("evidence")
    return {"evidence": evidence, "count": len(evidence), **result}


def evidence_groups(data: dict) -> list[tuple[str, dict | None, list[dict]]]:
    """The evidence by independent origin: (stance, group, rows), contradicting groups first;
    sources only related to the claim come last, one each (they are not counted)."""
    of: dict[str, tuple[str, dict]] = {}
    for stance, key in (("contradicts", "contradict_groups"), ("supports", "support_groups")):
        for g in data.get(key, []):
            for m in g["members"]:
                of[m] = (stance, g)
    groups: dict[tuple, tuple[str, dict | None, list[dict]]] = {}
    for row in data["evidence"]:
        stance, g = of.get(row["source"], ("related", None))
        key = (stance, g["origin"] if g else row["source"])
        groups.setdefault(key, (stance, g, []))[2].append(row)
    return sorted(groups.values(), key=lambda t: STANCE_ORDER[t[0]])


def _check_form(data: dict) -> Safe:
    langs = [(code, code) for code in cues.languages()]
    return (
        Safe('<form class="filters check" method="get" action="/check">')
        + h('<label class="wide">Claim <textarea name="q" rows="2" placeholder="{}">{}</textarea>'
            "</label>", "Trotsky arrived in Constantinople on 12 February 1929.",
            data["claim"] or "")
        + select("lang", "language (guessed when empty)", langs, data["lang"])
        + Safe('<button type="submit">Check</button></form>')
    )  # fmt: skip


def evidence_row(row: dict, claim_loc: dict, claim_lang: str | None, links: bool = True) -> Safe:
    """One piece of evidence beside the claim, the compared spans marked in both."""
    marks_claim = [(c["claim"], c["kind"], c["text"]) for c in row.get("compared", [])]
    marks_ev = [(c["evidence"], c["kind"], c["text"]) for c in row.get("compared", [])]
    reasons = join(h('<li class="r-{}">{}</li>', c["kind"], c["text"])
                   for c in row.get("compared", []))  # fmt: skip
    if not row.get("compared"):
        reasons = join(h("<li>{}</li>", r) for r in row["reasons"])
    return (
        h('<li class="evidence">{} <span class="n">same event {:.2f}</span>',
          _stance(row["stance"]), row["same_event"])
        + Safe('<div class="pair"><div class="side"><p class="where">the claim</p>')
        + h("<blockquote" + lang_attr(claim_lang) + ">{}</blockquote></div>",
            spans_marked(claim_loc, marks_claim))
        + h('<div class="side"><p class="where">{} <span class="kind">{}</span></p>',
            _place(row["locator"], links), row["kind"] or "")
        + h("<blockquote>{}</blockquote></div></div>", spans_marked(row["locator"], marks_ev))
        + Safe('<ul class="reasons">') + reasons + Safe("</ul></li>")
    )  # fmt: skip


def _group_head(stance: str, g: dict | None, rows: list[dict]) -> Safe:
    if g is None:
        return h(
            '<h3>{} <span class="n">(related, not counted)</span></h3>', rows[0]["source_name"]
        )
    names = {r["source"]: r["source_name"] for r in rows}
    members = ", ".join(names.get(m, m) for m in g["members"])
    origin = names.get(g["origin"], g["origin"])
    text = h("<h3>{} {}</h3>", _stance(stance), origin)
    if len(g["members"]) > 1:
        text += h('<p class="n">counted once: {} ({})</p>', members, "; ".join(g["links"]))
    if g["primary"]:
        text += Safe('<p class="n">a primary source</p>')
    return text


def check_body(data: dict, links: bool = True) -> Safe:
    if data["claim"] is None:
        return Safe("<p>Type a claim (one sentence) to see which sources support it, which "
                    "contradict it, and how many of them are independent.</p>")  # fmt: skip
    claim_loc = {"start": 0, "end": len(data["claim"]), "text": data["claim"]}
    parts = [
        h('<section class="result" aria-labelledby="v"><h2 id="v">Verdict: {}</h2><p>{}.</p>',
          _verdict(data["verdict"]), data["explanation"]),
        Safe('<p class="n">A verdict counts independent sources; it never says a claim is '
             "true.</p>"),
        h('<p class="claim">{} <span class="lang">{}</span></p>',
          spans_marked(claim_loc, [(s["locator"], "slot", s["kind"]) for s in data["slots"]
                                   if s["kind"] in ("person", "place", "org", "time", "quantity")]),
          data["lang"]),
        Safe('<p class="legend"><mark class="m-agree">agrees</mark> <mark class="m-conflict">'
             "differs</mark> (the compared spans, in the claim and in the evidence)</p></section>"),
    ]  # fmt: skip
    if not data["evidence"]:
        parts.append(Safe("<p>No passage bears on this claim.</p>"))
    for stance, g, rows in evidence_groups(data):
        parts.append(Safe('<section class="group">') + _group_head(stance, g, rows))
        parts.append(Safe('<ul class="evidence">'))
        parts += [evidence_row(r, claim_loc, data["lang"], links) for r in rows]
        parts.append(Safe("</ul></section>"))
    return join(parts)


def _check_csv(data: dict):
    head = ["stance", "source", "source_name", "kind", "same_event", "path", "line", "start", "end",
            "text", "reasons"]  # fmt: skip
    return head, [[e["stance"], e["source"], e["source_name"], e["kind"] or "", e["same_event"],
                   e["locator"]["path"], e["locator"]["line"], e["locator"]["start"],
                   e["locator"]["end"], e["locator"]["text"], "; ".join(e["reasons"])]
                  for e in data["evidence"]]  # fmt: skip


@route(r"/check", nav="Check", order=75)
def check(req) -> Page:
    data = check_data(req)
    title = f"Check: {short(data['claim'], 80)}" if data["claim"] else "Check a claim"
    return Page(title, data, lambda d: _check_form(d) + check_body(d), _check_csv)


# --- audit --------------------------------------------------------------------------------------


def audit_data(req, source_id: str) -> dict:
    """As ``adfontes audit SOURCE --json``."""
    kind = req.arg("type")
    if kind is not None and kind not in cv.CONFLICT_TYPES:
        raise UsageError(f"type must be one of {', '.join(cv.CONFLICT_TYPES)}, not {kind!r}")
    try:
        found = sdb.resolve_source(req.store.conn, source_id).id
    except UsageError as exc:
        raise LookupError(str(exc)) from exc
    if found != source_id:
        raise LookupError(f"no source {source_id}")
    result = req.app.memo(("audit", source_id, kind),
                          lambda: cv.audit_view(req.store, source_id, kind))  # fmt: skip
    claims = result["claims"]
    rest = {k: v for k, v in result.items() if k != "claims"}
    return {"claims": claims, "count": len(claims), **rest}


def audit_body(data: dict, links: bool = True) -> Safe:
    """The audit of one source: verdict counts, the claims with a verdict and their evidence,
    the conflicts and the citation problems. Used by the page and by ``audit --html``."""
    counts = data["verdicts"]
    order = [v for v in VERDICT_ORDER if v in counts] + sorted(set(counts) - set(VERDICT_ORDER))
    cards = join(
        h('<li>{} <span class="big">{}</span></li>', _verdict(v), counts[v]) for v in order
    )
    head = (h('<p class="where">{}</p>', Safe(h('<a href="{}">{}</a>', source_href(data["source"]),
                                                 data["path"]) if links else esc(data["path"])))
            + Safe('<section aria-labelledby="vc"><h2 id="vc">Claims by verdict</h2>'
                   '<ul class="cards verdicts">') + cards + Safe("</ul></section>"))  # fmt: skip
    parts = [head, Safe('<section aria-labelledby="cl"><h2 id="cl">Claims with evidence</h2>')]
    if not data["claims"]:
        parts.append(Safe("<p>No claim of this source has evidence elsewhere.</p>"))
    parts.append(Safe('<ol class="audit">'))
    for c in data["claims"]:
        loc = c["locator"]
        check = (h(' <a class="check-claim" href="{}">check this claim</a>', check_href(loc["text"], None))
                 if links else Safe(""))  # fmt: skip
        evidence = join(evidence_row(r, loc, None, links) for r in c["evidence"])
        parts.append(
            h('<li><p class="head">{} {} <span class="n">{}</span>{}</p>', _verdict(c["verdict"]),
              _place(loc, links), c["explanation"], check)
            + h("<blockquote>{}</blockquote>", loc["text"])
            + Safe('<details><summary>Evidence</summary><ul class="evidence">') + evidence
            + Safe("</ul></details></li>")
        )  # fmt: skip
    parts.append(Safe("</ol></section>"))
    parts.append(Safe('<section aria-labelledby="cf"><h2 id="cf">Conflicts</h2>'))
    if data["conflicts"]:
        parts.append(Safe('<ol class="conflicts">'))
        parts += [conflict_item(c, links) for c in data["conflicts"]]
        parts.append(Safe("</ol>"))
    else:
        parts.append(Safe("<p>No conflict involves this source.</p>"))
    parts.append(Safe("</section>"))
    if data["citation_problems"]:
        parts.append(Safe('<section aria-labelledby="cp"><h2 id="cp">Citation problems</h2><ul>'))
        parts += [h("<li>{}: {}</li>", p["kind"], p["detail"]) for p in data["citation_problems"]]
        parts.append(Safe("</ul></section>"))
    return join(parts)


def _audit_csv(data: dict):
    head = ["verdict", "supporting", "contradicting", "path", "line", "start", "end", "text",
            "explanation"]  # fmt: skip
    return head, [[c["verdict"], c["supporting"], c["contradicting"], c["locator"]["path"],
                   c["locator"]["line"], c["locator"]["start"], c["locator"]["end"],
                   c["locator"]["text"], c["explanation"]] for c in data["claims"]]  # fmt: skip


@route(r"/audit/" + SOURCE_ID)
def audit(req, source_id: str) -> Page:
    data = audit_data(req, source_id)
    return Page(f"Audit: {data['path'].rsplit('/', 1)[-1]}", data, audit_body, _audit_csv)


@route(r"/at/" + SOURCE_ID + r"/(?P<offset>[0-9]{1,10})")
def at(req, source_id: str, offset: str) -> Redirect:
    """The reader at an offset of a source's file: the passage that holds it."""
    seq = sdb.passage_at(req.store.conn, source_id, int(offset))
    if seq is None:
        raise LookupError(f"source {source_id} has no passage at offset {offset}")
    return Redirect(f"/passage/{source_id}/{seq}")
