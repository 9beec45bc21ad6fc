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
from collections import Counter
from datetime import datetime
from pathlib import Path

from adfontes.time import find

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
    """The gold ``anchor`` column as EDTF: its first ISO date or year; ``c.`` makes it ``~``."""
    m = re.search(r"\d{4}(?:-\d\d(?:-\d\d)?)?(?!\d)", text or "")
    if not m:
        return None
    return m.group(0) + ("~" if text.strip().startswith("c.") else "")


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


def dateparser_preds(line: str, lang: str, anchor: str | None) -> list:
    from dateparser.search import search_dates

    settings = {}
    if anchor:
        y, *rest = anchor.rstrip("~").split("-")
        settings["RELATIVE_BASE"] = datetime(int(y), int(rest[0]) if rest else 1,
                                             int(rest[1]) if len(rest) > 1 else 1)  # fmt: skip
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
    now = datetime(2026, 1, 1)
    if anchor:
        y, *rest = anchor.rstrip("~").split("-")
        now = datetime(int(y), int(rest[0]) if rest else 1, int(rest[1]) if len(rest) > 1 else 1)
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
    print("## get the gold anchor's first ISO date or year as the document anchor)\n")
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


def main() -> None:
    print_gold()


if __name__ == "__main__":
    main()
