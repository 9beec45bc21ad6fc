"""Accuracy of the variants stage.

Collation, on Darwin's *Origin*, chapter 1, in its six editions
(``../shared/external/collatex-darwin/``):
1. alignment of paragraph 1 against the hand alignment there: precision, recall and F1 over
   pairs of aligned words (two words are aligned when they stand in one column, in the gold and in ours;
   punctuation set apart in the gold is not a word here);
2. change detection between consecutive editions of every paragraph against an exact word diff
   (difflib over whitespace words): F1 over changed words, and agreement on whether a paragraph
   changed at all; the diff counts punctuation and case changes, which collation normalises away,
   so the figure is also given with the reference computed on folded words;
3. words added and omitted per edition against the one before, over the chapter.

Stories, on ``../shared/gold/variants.tsv`` (the seed corpus) and on the demo corpus's key
(``stories``): both corpora are ingested and analysed into temporary stores. A gold telling is
found when a telling of ours overlaps its quote; per gold story, the story of ours that holds
most of its tellings is its match. Recall: gold tellings in the matched story (and in any story);
precision: tellings of the matched story that are gold tellings of that story (the gold is a
sample, so this is a lower bound). Slot accuracy over found tellings whose gold slot is filled:
telling date and claimed date, exact EDTF. Each corpus is measured twice: analysed without
passage vectors (``ADFONTES_EMBED=off``: what a user of a corpus larger than the search stage's
automatic limit has before running ``adfontes embed``), first without any vectors
(``run_corpus(vectors=False)``, as with ``ADFONTES_EMBEDDER=off``), then with sentence vectors
(weak pairs in two languages checked, story pieces joined), then with every passage embedded and
the variants stage run again (dense neighbours as candidates). Nothing is cached between runs
of this script; sentence vectors are kept in the temporary store.

Run: ``python eval/variants.py [darwin|stories]`` (``make eval`` runs both).
"""

from __future__ import annotations

import ast
import csv
import difflib
import json
import re
from collections import Counter
from itertools import combinations, pairwise
from pathlib import Path

from adfontes.variants import Witness, collate
from adfontes.variants.collate import counts, differences
from adfontes.variants.tokens import fold

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DARWIN = SHARED / "external" / "collatex-darwin"
EDITIONS = ("1859", "1860", "1861", "1866", "1869", "1872")


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# 1. Alignment of paragraph 1 -------------------------------------------------------------


def _columns(raw: str, aligned: str) -> list[int]:
    """Column in the aligned text of each character of ``raw`` (None for white space)."""
    cols = [i for i, ch in enumerate(aligned) if not ch.isspace()]
    out, k = [], 0
    for ch in raw:
        if ch.isspace():
            out.append(None)
        else:
            out.append(cols[k])
            k += 1
    if k != len(cols):
        raise ValueError("aligned text does not hold the same characters as the raw text")
    return out


def alignment_para1() -> dict:
    raw = {
        w["id"]: w["content"]
        for w in json.loads((DARWIN / "darwin_chapter1_para1.json").read_text())["witnesses"]
    }
    with (DARWIN / "ch1-100-aligned.tsv").open(encoding="utf-8") as f:
        aligned = {r["siglum"]: r["aligned_text"] for r in csv.DictReader(f, delimiter="\t",
                                                                          quoting=csv.QUOTE_NONE)}  # fmt: skip
    c = collate([Witness(s, raw[s], "en") for s in EDITIONS])
    col_of = {s: _columns(raw[s], aligned[s]) for s in EDITIONS}
    words = {s: [t.start for row in c.table for t in row[i]] for i, s in enumerate(EDITIONS)}
    gold, ours = set(), set()
    for a, b in combinations(EDITIONS, 2):
        at = {col_of[a][st]: st for st in words[a]}
        for st in words[b]:
            if col_of[b][st] in at:
                gold.add((a, at[col_of[b][st]], b, st))
        ia, ib = EDITIONS.index(a), EDITIONS.index(b)
        for row in c.table:
            if row[ia] and row[ib]:
                ours.add((a, row[ia][0].start, b, row[ib][0].start))
    tp = len(gold & ours)
    p, r = tp / len(ours), tp / len(gold)
    return {"gold_pairs": len(gold), "our_pairs": len(ours), "precision": p, "recall": r,
            "f1": _f1(p, r), "missed": sorted(gold - ours)[:10], "extra": sorted(ours - gold)[:10],
            "raw": raw}  # fmt: skip


# 2. Change detection ---------------------------------------------------------------------


def paragraphs() -> dict[str, dict[str, str]]:
    out = {}
    for path in sorted(DARWIN.glob("darwin/Ch1-*.json")):
        if "aligned" in path.name:
            continue
        out[path.stem] = ast.literal_eval(path.read_text(encoding="utf-8").strip())
    return out


_WS = re.compile(r"\S+")


def _changed_reference(a: str, b: str, folded: bool) -> tuple[set[int], set[int]]:
    """Start offsets of the whitespace words of a and b that an exact word diff marks."""
    wa, wb = list(_WS.finditer(a)), list(_WS.finditer(b))
    key = (lambda m: re.sub(r"\W", "", fold(m.group()))) if folded else (lambda m: m.group())
    sm = difflib.SequenceMatcher(None, [key(m) for m in wa], [key(m) for m in wb], autojunk=False)
    ca, cb = set(), set()
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            ca.update(m.start() for m in wa[i1:i2])
            cb.update(m.start() for m in wb[j1:j2])
    return ca, cb


def _word_starts(text: str, span: tuple[int, int] | None) -> set[int]:
    if span is None:
        return set()
    return {m.start() for m in _WS.finditer(text) if m.end() > span[0] and m.start() < span[1]}


def change_detection() -> dict:
    paras = paragraphs()
    scores = {}
    totals = {s: {"added": 0, "omitted": 0, "substituted": 0, "moved": 0} for s in EDITIONS[1:]}
    agree = n_pairs = 0
    for folded in (False, True):
        tp = fp = fn = 0
        for texts in paras.values():
            sigla = [s for s in EDITIONS if s in texts]
            c = collate([Witness(s, texts[s], "en") for s in sigla])
            for a, b in pairwise(sigla):
                ref_a, ref_b = _changed_reference(texts[a], texts[b], folded)
                found = differences(c, a, b)
                got_a = set().union(*[_word_starts(texts[a], v.a_span) for v in found])
                got_b = set().union(*[_word_starts(texts[b], v.b_span) for v in found])
                tp += len(ref_a & got_a) + len(ref_b & got_b)
                fp += len(got_a - ref_a) + len(got_b - ref_b)
                fn += len(ref_a - got_a) + len(ref_b - got_b)
                if folded:
                    n_pairs += 1
                    agree += bool(ref_a or ref_b) == bool(found)
                    for k, v in counts(found, c.table, c.sigla).items():
                        totals[b][k] += v
        p, r = tp / (tp + fp), tp / (tp + fn)
        scores["folded" if folded else "exact"] = {"precision": p, "recall": r, "f1": _f1(p, r)}
    return {"scores": scores, "changed_agreement": agree / n_pairs, "pairs": n_pairs,
            "paragraphs": len(paras), "totals": totals}  # fmt: skip


def darwin_report() -> None:
    if not DARWIN.is_dir():
        print("collatex-darwin not present; skipped")
        return
    al = alignment_para1()
    print("## Collation: Darwin, Origin ch. 1, paragraph 1, six editions, vs the hand alignment")
    print(f"aligned word pairs: gold {al['gold_pairs']}, ours {al['our_pairs']}; "
          f"P {al['precision']:.3f} R {al['recall']:.3f} F1 {al['f1']:.3f}")  # fmt: skip
    for name in ("missed", "extra"):
        shown = [f"{a}:{al['raw'][a][sa:].split()[0]}~{b}:{al['raw'][b][sb:].split()[0]}"
                 for a, sa, b, sb in al[name]]  # fmt: skip
        print(f"  {name} (first 10): {'; '.join(shown)}")
    print(
        "\nparagraph 1, each edition against the one before (checked by hand against the README):"
    )
    c = collate([Witness(s, al["raw"][s], "en") for s in EDITIONS])
    for a, b in pairwise(EDITIONS):
        for v in differences(c, a, b):
            ra = al["raw"][a][slice(*v.a_span)] if v.a_span else "—"
            rb = al["raw"][b][slice(*v.b_span)] if v.b_span else "—"
            print(f"  {a}→{b} {v.kind}: {ra!r} → {rb!r}")
    ch = change_detection()
    print(f"\n## Collation: change detection, {ch['paragraphs']} paragraphs, {ch['pairs']} "
          "consecutive edition pairs, vs an exact word diff")  # fmt: skip
    for k, s in ch["scores"].items():
        print(f"reference {k:6}: changed words P {s['precision']:.3f} R {s['recall']:.3f} "
              f"F1 {s['f1']:.3f}")  # fmt: skip
    print(
        f"paragraph changed or not, agreement with the folded diff: {ch['changed_agreement']:.3f}"
    )
    print("\nwords per edition against the one before (chapter 1):")
    print("| edition | added | omitted | substituted | moved |")
    print("| --- | --- | --- | --- | --- |")
    for s, t in ch["totals"].items():
        print(f"| {s} | {t['added']} | {t['omitted']} | {t['substituted']} | {t['moved']} |")


# Stories ---------------------------------------------------------------------------------


def _store(folder: Path, tmp: Path, base: Path | None = None):
    """The corpus ingested and analysed without passage vectors."""
    import os

    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.store import connect

    store = connect(tmp / "eval.db")
    ingest(store, [folder], manifest.load(folder / "corpus.yaml"), base=base)
    before = os.environ.get("ADFONTES_EMBED")
    os.environ["ADFONTES_EMBED"] = "off"
    try:
        analyze(store)
    finally:
        if before is None:
            os.environ.pop("ADFONTES_EMBED", None)
        else:
            os.environ["ADFONTES_EMBED"] = before
    return store


def _embedded(store) -> bool:
    """Every passage embedded (as ``adfontes embed`` does) and the variants stage run again;
    False when no embedding model is available."""
    from adfontes.search.embed import default_embedder, embed_missing
    from adfontes.variants.stage import run_corpus

    embedder = default_embedder().embedder
    if embedder is None:
        return False
    embed_missing(store, embedder)
    run_corpus(store)
    return True


def _ours(store) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Our tellings per story, each with its file name; and each file's text by name."""
    files = {Path(r["path"]).name: (r["id"], r["text"]) for r in store.conn.execute(
        "SELECT id, path, text FROM files")}  # fmt: skip
    name_of = {fid: name for name, (fid, _) in files.items()}
    out: dict[str, list[dict]] = {}
    for r in store.conn.execute("SELECT * FROM tellings ORDER BY story_id, seq"):
        out.setdefault(r["story_id"], []).append({**dict(r), "file": name_of[r["file_id"]]})
    return out, {name: text for name, (_, text) in files.items()}


def _gold_spans(rows: list[dict], texts: dict[str, str]) -> list[dict]:
    """Each gold telling with the file offsets of its quote (on its line when a line is given)."""
    out = []
    for r in rows:
        text = texts.get(r["file"])
        if text is None:
            continue
        base = 0
        if r.get("line"):
            for _ in range(int(r["line"]) - 1):
                base = text.index("\n", base) + 1
        start = text.find(r["quote"], base)
        if start < 0:
            continue
        out.append({**r, "start": start, "end": start + len(r["quote"])})
    return out


def _score_stories(gold: dict[str, list[dict]], ours: dict[str, list[dict]]) -> dict:
    def hits(g: dict, t: dict) -> bool:
        return t["file"] == g["file"] and t["start"] < g["end"] and g["start"] < t["end"]

    per_story = []
    slot = {"telling_date": [0, 0], "claimed_date": [0, 0]}
    linked: Counter[tuple[bool, bool]] = Counter()  # (gold has one, we have one)
    tot_g = tot_found = tot_any = tot_ours = tot_ours_ok = 0
    for sid, tellings in gold.items():
        best, best_n = None, 0
        for oid, mine in ours.items():
            n = sum(any(hits(g, t) for t in mine) for g in tellings)
            if n > best_n:
                best, best_n = oid, n
        any_n = sum(any(hits(g, t) for m in ours.values() for t in m) for g in tellings)
        mine = ours.get(best, [])
        ok = sum(any(hits(g, t) for g in tellings) for t in mine)
        per_story.append((sid, len(tellings), best_n, any_n, len(mine), ok, best))
        tot_g, tot_found, tot_any = tot_g + len(tellings), tot_found + best_n, tot_any + any_n
        tot_ours, tot_ours_ok = tot_ours + len(mine), tot_ours_ok + ok
        for g in tellings:
            t = next((t for t in mine if hits(g, t)), None)
            for name in slot:
                if t is not None and g.get(name):
                    slot[name][1] += 1
                    slot[name][0] += int(t[name] == g[name])
            if t is not None:
                gold_linked = bool(g.get("linked_event")) and g["linked_event"] != "(implicit)"
                linked[(gold_linked, bool(t.get("linked_event")))] += 1
    return {"per_story": per_story, "gold": tot_g, "found": tot_found, "any": tot_any,
            "ours": tot_ours, "ours_ok": tot_ours_ok, "slots": slot, "linked": linked}  # fmt: skip


def _print_scores(title: str, sc: dict) -> None:
    print(f"\n## {title}")
    print(
        "| story | gold tellings | in matched story | in any story | matched story size | of them gold |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for sid, n, found, any_n, size, ok, _ in sc["per_story"]:
        print(f"| {sid} | {n} | {found} | {any_n} | {size} | {ok} |")
    r = sc["found"] / sc["gold"] if sc["gold"] else 0.0
    p = sc["ours_ok"] / sc["ours"] if sc["ours"] else 0.0
    print(f"recall {sc['found']}/{sc['gold']} = {r:.3f} (in any story: {sc['any']}/{sc['gold']} = "
          f"{sc['any'] / max(1, sc['gold']):.3f}); precision {sc['ours_ok']}/{sc['ours']} = {p:.3f}")  # fmt: skip
    for name, (ok, n) in sc["slots"].items():
        print(f"{name}: {ok}/{n} exact" + (f" = {ok / n:.3f}" if n else ""))
    le = sc["linked"]
    print(f"linked_event: filled for {le[(True, True)]}/{le[(True, True)] + le[(True, False)]} "
          f"found tellings whose gold names one; filled where gold has none: {le[(False, True)]}")  # fmt: skip


def _both(title: str, store, gold_of) -> None:
    """Scores without any vectors, with sentence vectors only, then with passage vectors too."""
    import time

    from adfontes.search.embed import default_embedder
    from adfontes.variants.stage import run_corpus

    for label in ("without vectors", "with sentence vectors", "with passage vectors"):
        if label != "without vectors" and default_embedder().embedder is None:
            print(f"\n## {title}, {label}: no embedding model available; skipped")
            return
        started = time.perf_counter()
        if label == "with passage vectors":
            _embedded(store)
        else:
            run_corpus(store, vectors=label != "without vectors")
        print(f"\nvariants stage {label}: {time.perf_counter() - started:.1f} s")
        ours, texts = _ours(store)
        gold = gold_of(texts)
        n = sum(len(g) for g in gold.values())
        _print_scores(f"{title}, {label} ({n} tellings, {len(gold)} stories; "
                      f"{len(ours)} stories found)", _score_stories(gold, ours))  # fmt: skip


def stories_report() -> None:
    import tempfile

    for title, folder, base, gold_of in _corpora():
        with tempfile.TemporaryDirectory() as tmp:
            store = _store(folder, Path(tmp), base=base)
            _both(title, store, gold_of)
            store.close()


# Query -----------------------------------------------------------------------------------


def _before(store, phrase: str) -> list[dict]:
    """What the query mode returned before it looked for tellings itself: the stored stories
    holding a passage where the phrase's words stand in a row, else those passages."""
    from adfontes.store import variants as db
    from adfontes.variants.query import occurrences

    found = occurrences(store, phrase)
    ids = db.stories_with_passages(store.conn, [p.id for p, *_ in found])
    if ids:
        return [t for sid in ids for t in db.story_tellings(store.conn, sid)]
    return [{"file_id": p.file_id, "start": s, "end": e} for p, _, s, e in found]


def _query_scores(store, gold: dict[str, list[dict]], ask) -> dict:
    """Per gold story: query with the quote of its first telling that has one; recall of its
    tellings among the tellings returned, and their precision."""
    import time

    names = {
        r["id"]: Path(r["path"]).name for r in store.conn.execute("SELECT id, path FROM files")
    }

    def hits(g: dict, t: dict) -> bool:
        return t["file"] == g["file"] and t["start"] < g["end"] and g["start"] < t["end"]

    per_story, times = [], []
    how: Counter[str] = Counter()
    tot = {"gold": 0, "found": 0, "ours": 0, "ok": 0, "listed": 0}
    for sid, tellings in gold.items():
        first = next((g for g in tellings if g.get("quote")), None)
        if first is None:
            continue
        started = time.perf_counter()
        got = ask(first["quote"])
        times.append(time.perf_counter() - started)
        listed = [{**t, "file": names[t["file_id"]]} for t in got]
        mine = [t for t in listed if not t.get("stored")]
        found = sum(any(hits(g, t) for t in mine) for g in tellings)
        tot["listed"] += sum(any(hits(g, t) for t in listed) for g in tellings)
        ok = [t for t in mine if any(hits(g, t) for g in tellings)]
        for t in ok:
            how[t.get("by", "-")] += 1
        per_story.append((sid, len(tellings), found, len(mine), len(ok)))
        tot["gold"] += len(tellings)
        tot["found"] += found
        tot["ours"] += len(mine)
        tot["ok"] += len(ok)
    return {"per_story": per_story, **tot, "times": times, "how": how}


def _print_query(title: str, sc: dict) -> None:
    print(f"\n## {title}")
    print("| story | gold tellings | found | returned | of them gold |")
    print("| --- | --- | --- | --- | --- |")
    for sid, n, found, size, ok in sc["per_story"]:
        print(f"| {sid} | {n} | {found} | {size} | {ok} |")
    r = sc["found"] / sc["gold"] if sc["gold"] else 0.0
    p = sc["ok"] / sc["ours"] if sc["ours"] else 0.0
    ts = sorted(sc["times"]) or [0.0]
    print(f"recall {sc['found']}/{sc['gold']} = {r:.3f}; precision {sc['ok']}/{sc['ours']} = "
          f"{p:.3f}; query time median {ts[len(ts) // 2]:.2f} s, max {ts[-1]:.2f} s")  # fmt: skip
    print(f"with the stored stories listed after it: recall {sc['listed']}/{sc['gold']} = "
          f"{sc['listed'] / max(1, sc['gold']):.3f}")  # fmt: skip
    if sc["how"]:
        print("gold tellings returned, by how they were matched: "
              + ", ".join(f"{k} {v}" for k, v in sorted(sc["how"].items())))  # fmt: skip


def _query_runs(title: str, store, gold_of) -> None:
    """The query mode before (stored stories of the exact words), then without any vectors,
    with sentence vectors, and with every passage embedded too."""
    from adfontes.search.embed import default_embedder, embed_missing
    from adfontes.variants import views

    _, texts = _ours(store)
    gold = gold_of(texts)

    def asked(embedder):
        def ask(phrase: str) -> list[dict]:
            stories = views.phrase_view(store, phrase, embedder=embedder)
            out = []
            for k, story in enumerate(stories):
                out += [{"file_id": t["file_id"], "start": t["locator"]["start"],
                         "end": t["locator"]["end"], "stored": k > 0,
                         "by": t["match"]["by"] if k == 0 else "stored"}
                        for t in _with_files(store, story["tellings"])]  # fmt: skip
            return out

        return ask

    _print_query(f"{title}: before (exact words, stored stories)",
                 _query_scores(store, gold, lambda q: _before(store, q)))  # fmt: skip
    _print_query(f"{title}: without vectors", _query_scores(store, gold, asked(None)))
    embedder = default_embedder().embedder
    if embedder is None:
        print(f"\n## {title}, with vectors: no embedding model available; skipped")
        return
    _print_query(f"{title}: sentence vectors, no passage vectors",
                 _query_scores(store, gold, asked(embedder)))  # fmt: skip
    embed_missing(store, embedder)
    _print_query(f"{title}: sentence and passage vectors",
                 _query_scores(store, gold, asked(embedder)))  # fmt: skip


def _with_files(store, tellings: list[dict]) -> list[dict]:
    """Tellings of a query story with the id of their file (the locator names its path)."""
    ids = {r["path"]: r["id"] for r in store.conn.execute("SELECT id, path FROM files")}
    return [{**t, "file_id": ids[t["locator"]["path"]]} for t in tellings]


def _corpora():
    """(title, corpus folder, base, gold reader) for the dev gold and the demo key."""
    import yaml

    from adfontes.demo import corpus_dir, key_path

    gold_file = SHARED / "gold" / "variants.tsv"
    corpus = SHARED / "corpus"
    if gold_file.is_file() and corpus.is_dir():
        with gold_file.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))

        def dev_gold(texts: dict[str, str]) -> dict[str, list[dict]]:
            gold: dict[str, list[dict]] = {}
            for g in _gold_spans(rows, texts):
                gold.setdefault(g["story_id"], []).append(g)
            return gold

        yield "Stories: dev gold", corpus, None, dev_gold
    else:
        print("dev gold or seed corpus not present; skipped")
    folder = corpus_dir()
    key = yaml.safe_load(key_path().read_text(encoding="utf-8"))

    def demo_key(texts: dict[str, str]) -> dict[str, list[dict]]:
        return {
            story["id"]: _gold_spans(
                [{**t, "story_id": story["id"]} for t in story["tellings"]], texts
            )
            for story in key["stories"]
        }

    yield "Stories: demo key", folder, folder.parent, demo_key


def query_report() -> None:
    """The query mode (``adfontes variants "phrase"``) on both corpora, analysed without
    passage vectors."""
    import tempfile

    for title, folder, base, gold_of in _corpora():
        with tempfile.TemporaryDirectory() as tmp:
            store = _store(folder, Path(tmp), base=base)
            _query_runs(title.replace("Stories", "Query"), store, gold_of)
            store.close()


def main(which: tuple[str, ...] = ("darwin", "stories", "query")) -> None:
    if "darwin" in which:
        darwin_report()
    if "stories" in which:
        stories_report()
    if "query" in which:
        query_report()


if __name__ == "__main__":
    import sys

    main(tuple(sys.argv[1:]) or ("darwin", "stories", "query"))
