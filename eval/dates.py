"""Accuracy of the time stage: the dev gold dates beside dateparser and hun-date-parser, then
third-party gold (WikiWars EN/DE/UA, French TimeBank) beside the published HeidelTime figures.

Run: ``python eval/dates.py`` (``make eval`` runs it). Data is read from ``../shared`` beside the
repository; a set that is absent is skipped with a note.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from adfontes.time import Narrative, find
from adfontes.time.values import parse_anchor

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "dates.tsv"
CORPUS = SHARED / "corpus"
EXTERNAL = SHARED / "external"

csv.field_size_limit(sys.maxsize)


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


# --- the dev gold --------------------------------------------------------------------------------


def gold_anchor(text: str) -> str | None:
    """The gold ``anchor`` column as EDTF: its first ISO date, year range (``1929/1933``) or
    year; ``c.`` before it makes it approximate (``~``)."""
    m = re.search(r"\d{4}-\d\d(?:-\d\d)?(?!\d)|(\d{4})\s?[-–]\s?(\d{4})|\d{4}", text or "")
    if not m:
        return None
    value = f"{m.group(1)}/{m.group(2)}" if m.group(1) else m.group(0)
    return value + ("~" if text.strip().startswith("c.") else "")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _nested_narrower(pred: tuple, gold: tuple) -> bool:
    """The prediction's bounds lie inside the gold's and are narrower: invented precision."""
    (plo, phi), (glo, ghi) = pred, gold
    if not all((plo, phi, glo, ghi)):
        return False
    return glo <= plo and phi <= ghi and (plo, phi) != (glo, ghi)


class Score:
    def __init__(self) -> None:
        self.c = Counter()

    def add(self, row: dict, pred: tuple | None) -> None:
        """``pred`` is (value, earliest, latest) of the overlapping prediction, or None."""
        gold = row["value"]
        c = self.c
        if gold == "NONE":
            c["none"] += 1
            c["none_ok"] += pred is None
            return
        if gold.startswith("DURATION:"):
            c["dur"] += 1
            c["dur_ok"] += pred is not None and pred[0] == gold
            return
        c["dated"] += 1
        if pred is None:
            c["missed"] += 1
            return
        c["exact"] += pred[0] == gold
        c["bounds"] += (pred[1] or "", pred[2] or "") == (row["earliest"], row["latest"])
        if pred[0] != gold and _nested_narrower(pred[1:], (row["earliest"], row["latest"])):
            c["invented"] += 1

    def row(self) -> dict:
        c = self.c
        all_rows = c["dated"] + c["none"] + c["dur"]
        ok = c["exact"] + c["none_ok"] + c["dur_ok"]
        return {
            "exact (all rows)": f"{ok}/{all_rows} = {ok / all_rows:.1%}",
            "exact EDTF (dated)": f"{c['exact']}/{c['dated']}",
            "bounds (dated)": f"{c['bounds']}/{c['dated']}",
            "missed (dated)": str(c["missed"]),
            "invented precision": str(c["invented"]),
            "NONE rows: false pos.": f"{c['none'] - c['none_ok']}/{c['none']}",
            "durations right": f"{c['dur_ok']}/{c['dur']}",
        }


def _best(span: tuple[int, int], preds: list[tuple[tuple[int, int], tuple]]) -> tuple | None:
    scored = [(_overlap(span, s), p) for s, p in preds]
    scored = [x for x in scored if x[0] > 0]
    return max(scored, key=lambda x: x[0])[1] if scored else None


def ours(line: str, lang: str, anchor: str | None) -> list:
    return [((e.start, e.end), (e.value, e.earliest, e.latest)) for e in find(line, lang, anchor)]


def _edtf_from_bounds(lo: datetime, hi: datetime) -> tuple:
    lo_d, hi_d = lo.date(), hi.date()
    a, b = lo_d.isoformat(), hi_d.isoformat()
    if lo_d == hi_d:
        value = a
    elif lo_d.day == 1 and (hi_d.month, hi_d.day) == (12, 31) and lo_d.month == 1:
        value = str(lo_d.year) if lo_d.year == hi_d.year else f"{lo_d.year}/{hi_d.year}"
    elif lo_d.day == 1 and lo_d.month == hi_d.month and lo_d.year == hi_d.year:
        value = a[:7]
    else:
        value = f"{a}/{b}"
    return value, a, b


def _peer_now(anchor: str) -> datetime:
    """The peers take one datetime as "now": the anchor's first day (a span's first end)."""
    y, *rest = anchor.split("/")[0].rstrip("~").split("-")
    return datetime(int(y), int(rest[0]) if rest else 1, int(rest[1]) if len(rest) > 1 else 1)


def dateparser_preds(line: str, lang: str, anchor: str | None) -> list:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": _peer_now(anchor)} if anchor else {}
    try:
        found = search_dates(line, languages=[lang], settings=settings) or []
    except Exception:  # the peer's own failures count as no answer
        found = []
    out, pos = [], 0
    for surface, dt in found:
        i = line.find(surface, pos)
        if i < 0:
            i = line.find(surface)
        pos = max(pos, i + 1)
        d = dt.date().isoformat()
        out.append(((i, i + len(surface)), (d, d, d)))
    return out


def hun_preds(line: str, lang: str, anchor: str | None) -> list:
    from hun_date_parser import text2datetime_with_spans

    if lang != "hu":
        return []
    now = _peer_now(anchor) if anchor else datetime(2026, 1, 1)
    out = []
    try:
        found = text2datetime_with_spans(line, now=now)
    except Exception:  # the peer's own failures count as no answer
        found = []
    for r in found:
        lo, hi = r.get("start_date"), r.get("end_date")
        if not isinstance(lo, datetime) or not isinstance(hi, datetime):
            continue
        out.append(((r["match_start"], r["match_end"]), _edtf_from_bounds(lo, hi)))
    return out


def gold_table() -> tuple[dict, list]:
    rows = read_tsv(GOLD)
    lines = {}
    for name in {r["file"] for r in rows}:
        lines[name] = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    tools = {"adfontes": ours, "dateparser": dateparser_preds, "hun-date-parser": hun_preds}
    scores = {name: Score() for name in tools}
    hu_scores = {name: Score() for name in tools}
    misses = []
    for r in rows:
        line = lines[r["file"]][int(r["line"]) - 1]
        start = line.find(r["surface"])
        span = (start, start + len(r["surface"]))
        anchor = gold_anchor(r["anchor"])
        for name, tool in tools.items():
            pred = _best(span, tool(line, r["lang"], anchor))
            scores[name].add(r, pred)
            if r["lang"] == "hu":
                hu_scores[name].add(r, pred)
            said = pred[0] if pred else "NONE"
            if name == "adfontes" and said != r["value"]:
                misses.append((r["id"], r["surface"], r["value"], pred))
    return {"all": scores, "hu": hu_scores}, misses


def print_gold() -> None:
    if not GOLD.is_file():
        print("(dev gold not found at ../shared/gold/dates.tsv: skipped)")
        return
    t0 = time.perf_counter()
    tables, misses = gold_table()
    print("## Dev gold: ../shared/gold/dates.tsv (one line of text per row; rows with an anchor")
    print("## get the gold anchor's first ISO date, year range or year as the document anchor)\n")
    for label, scores in tables.items():
        names = list(scores)
        metrics = list(next(iter(scores.values())).row())
        print(f"{label} rows".ljust(24) + "".join(n.rjust(20) for n in names))
        for m in metrics:
            print(m.ljust(24) + "".join(scores[n].row()[m].rjust(20) for n in names))
        print()
    print("adfontes disagreements (id, surface, gold, ours):")
    for m in misses:
        print("  ", *m)
    print(f"({time.perf_counter() - t0:.1f} s)\n")


# --- third-party gold ----------------------------------------------------------------------------

_SEASONS = {"21": "SP", "22": "SU", "23": "FA", "24": "WI"}


def to_timex(value: str) -> str:
    """Our EDTF in TIMEX2/3 notation: seasons SP..WI, decades ``193``, centuries ``18``, BC years
    ``BC0480``, no ``~``; an interval becomes the coarsest value both ends share (TIMEX marks the
    part with ``mod``), else its start; a duration drops its prefix."""
    if value.startswith("DURATION:"):
        return value.removeprefix("DURATION:").split("/")[0]
    value = value.replace("~", "").replace("?", "")
    if "/" in value:
        a, b = value.split("/", 1)
        if a == "..":
            return to_timex(b)
        if b == "..":
            return to_timex(a)
        common = ""
        for part_a, part_b in zip(a.split("-"), b.split("-"), strict=False):
            if part_a != part_b:
                break
            common = f"{common}-{part_a}" if common else part_a
        if common:
            return to_timex(common)
        if len(a) == len(b) == 4 and a[:3] == b[:3] and a.endswith("0"):
            return a[:3]
        return to_timex(a)
    if value.startswith("-") and value[1:5].isdigit():
        return f"BC{int(value[1:5]) + 1:04d}" + value[5:]
    if len(value) == 4 and value.endswith("X") and value[:3].isdigit():
        return value[:3]
    if len(value) == 4 and value.endswith("XX") and value[:2].isdigit():
        return value[:2]
    parts = value.split("-")
    if len(parts) == 2 and parts[1] in _SEASONS:
        return f"{parts[0]}-{_SEASONS[parts[1]]}"
    return value


def timex_at(pred, gold_start: int) -> str:
    """TIMEX annotates each end of a range on its own (``1914`` and ``1918`` in ``1914–1918``):
    a gold span that starts inside our interval, after its start, is compared with its end."""
    value = pred.value
    if "/" in value and not value.startswith("DURATION:") and gold_start > pred.start:
        return to_timex(value.split("/", 1)[1])
    return to_timex(value)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_offsets(folder: Path, lang: str, use_dct: bool, only: set[str] | None = None) -> dict:
    """Strict and relaxed extraction P/R/F1, and value accuracy over relaxed matches."""
    gold = [r for r in read_tsv(folder / "dates.tsv") if only is None or r["doc"] in only]
    dct = {r["doc"]: r["dct"][:10] for r in read_tsv(folder / "docs.tsv")}
    by_doc = defaultdict(list)
    for r in gold:
        by_doc[r["doc"]].append(r)
    n_pred = strict = relaxed = value_ok = pred_hit = 0
    for doc, rows in by_doc.items():
        text = (folder / "docs" / f"{doc}.txt").read_text(encoding="utf-8")
        preds = find(text, lang, dct[doc] if use_dct else None)
        n_pred += len(preds)
        spans = {(p.start, p.end) for p in preds}
        golds = [(int(r["start"]), int(r["end"])) for r in rows]
        pred_hit += sum(1 for p in preds if any(p.start < b and a < p.end for a, b in golds))
        for r in rows:
            g = (int(r["start"]), int(r["end"]))
            strict += g in spans
            over = [p for p in preds if p.start < g[1] and g[0] < p.end]
            if over:
                relaxed += 1
                best = max(over, key=lambda p: min(p.end, g[1]) - max(p.start, g[0]))
                value_ok += timex_at(best, g[0]) == r["value"]
    return {
        "strict": _prf(strict, n_pred, len(gold)),
        "relaxed": (
            pred_hit / n_pred if n_pred else 0.0,
            relaxed / len(gold),
            _f1(pred_hit / n_pred if n_pred else 0.0, relaxed / len(gold)),
        ),
        "value": value_ok / relaxed if relaxed else 0.0,
        "gold": len(gold),
    }


def score_wikiwars_en(folder: Path) -> dict:
    """No offsets: run on each row's context, take the prediction overlapping the surface."""
    rows = read_tsv(folder / "dates.tsv")
    detected = right = 0
    by_type = defaultdict(lambda: [0, 0, 0])
    story, doc = Narrative(), None
    for r in rows:
        if r["doc"] != doc:
            story, doc = Narrative(), r["doc"]
        ctx, surface = r["context"], r["surface"]
        i = ctx.find(surface)
        anchor = r["anchor_val"] if re.fullmatch(r"\d{4}(-\d\d){0,2}", r["anchor_val"]) else None
        # The rows follow their article: the last explicit date read before a row's surface
        # carries on to the next row, as it would when reading the whole article.
        preds = find(ctx, "en", anchor, Narrative(story.last)) if i >= 0 else []
        for p in preds:
            if p.end <= i + len(surface) and p.anchoring == "explicit" and p.earliest:
                when = parse_anchor(p.value.split("/")[0])
                story.last = when if when and when.year else story.last
        over = [p for p in preds if p.start < i + len(surface) and i < p.end]
        t = by_type[r["type"]]
        t[0] += 1
        if over:
            detected += 1
            t[1] += 1
            ok = timex_at(over[0], i) == r["value"]
            right += ok
            t[2] += ok
    return {"rows": len(rows), "detected": detected, "right": right, "by_type": by_type}


HEIDELTIME = {
    "wikiwars-de": ("87.7", "93.3 (lenient)", "88.5"),
    "fr-timebank": ("85.99", "90.97", "73.63"),
    "wikiwars-ua": ("not published", "not published", "not published"),
}


def print_external() -> None:
    print("## Third-party gold (scored as each README says; values mapped to TIMEX notation)\n")
    sets = [
        ("wikiwars-de", "de", False, None),
        ("fr-timebank", "fr", True, None),
        ("wikiwars-ua", "uk", False, None),
        ("wikiwars-ua 13+20", "uk", False, {"13_RussianCivWar", "20_PolishSoviet"}),
    ]
    head = (
        "set",
        "gold",
        "strict P/R/F1",
        "relaxed P/R/F1",
        "value acc.",
        "HeidelTime s/r/value F1",
    )
    print("{:<18} {:>5}  {:<20} {:<20} {:>10}  {}".format(*head))
    for label, lang, dct, only in sets:
        folder = EXTERNAL / label.split()[0]
        if not folder.is_dir():
            print(f"{label:<18} (not present: skipped)")
            continue
        t0 = time.perf_counter()
        s = score_offsets(folder, lang, dct, only)
        ht = HEIDELTIME.get(label, ("", "", ""))
        fmt = lambda t: "/".join(f"{x * 100:.1f}" for x in t)  # noqa: E731
        print(f"{label:<18} {s['gold']:>5}  {fmt(s['strict']):<20} {fmt(s['relaxed']):<20} "
              f"{s['value'] * 100:>9.1f}%  {' / '.join(ht)}  ({time.perf_counter() - t0:.1f} s)")  # fmt: skip
    folder = EXTERNAL / "wikiwars-en"
    if folder.is_dir():
        t0 = time.perf_counter()
        s = score_wikiwars_en(folder)
        print(f"\nwikiwars-en (no offsets; each row's context in article order, the last date read carried to the next row; anchor_val where given): "
              f"detected {s['detected']}/{s['rows']} = {s['detected'] / s['rows']:.1%}, value right "
              f"{s['right']}/{s['rows']} = {s['right'] / s['rows']:.1%} of all rows, "
              f"{s['right'] / max(s['detected'], 1):.1%} of detected "
              f"(HeidelTime, original corpus: value F1 89.8, strict extraction F1 83.1) "
              f"({time.perf_counter() - t0:.1f} s)")  # fmt: skip
        print("  by type: " + ", ".join(
            f"{k} {v[2]}/{v[1]}/{v[0]}" for k, v in sorted(s["by_type"].items())
        ) + "  (right/detected/rows)")  # fmt: skip


def main() -> None:
    print_gold()
    print_external()


if __name__ == "__main__":
    main()
