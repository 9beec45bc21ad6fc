"""Accuracy of the names stage: pairwise cluster precision, recall and F1 against the dev gold
names (with the homonym pairs checked), beside a plain rapidfuzz ratio and jellyfish phonetic
keys on the same gold variants; then the HIPE-2022 German and French newspapers (mention recall
and cluster F1 against Wikidata ids).

Run: ``python eval/names.py`` (``make eval`` runs it). Data is read from ``../shared`` beside the
repository; a set that is absent is skipped with a note.
"""

from __future__ import annotations

import csv
import itertools
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from adfontes.names import cluster, find
from adfontes.names.find import attested

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "names.tsv"
CORPUS = SHARED / "corpus"
HIPE = SHARED / "external" / "hipe-names"
FILE_LANG = {"hu-trotsky-exile-documents.txt": "hu", "en-furr-trotskys-lies.txt": "en"}
# Entities of the gold that look alike and must stay apart (from the gold README).
HOMONYMS = [
    ("P-frunze", "L-frunzetown"),
    ("P-nkrestinsky", "P-vkrestinskaya"),
    ("P-aniakovlev", "P-iaiakovlev"),
    ("P-nikolaev", "L-nikolaevtown"),
    ("L-russia", "L-reichenberg"),
    ("O-izvestia", "O-izvtsk"),
    ("P-volkogonov", "O-volkarchive"),
]

csv.field_size_limit(sys.maxsize)


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def pairwise(gold: list[str], pred: list[object]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a predicted clustering of the same items."""
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        same_gold, same_pred = gold[i] == gold[j], pred[i] == pred[j]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _row(name: str, scores: tuple[float, float, float], extra: str = "") -> str:
    p, r, f = scores
    return f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {extra} |"


# --- the dev gold --------------------------------------------------------------------------------


def seed_mentions() -> tuple[list, dict[str, list[tuple[int, int]]], dict[str, str], float]:
    """Mentions of both seed files (with their file) and each file's line starts."""
    mentions, owners, texts, lines = [], [], {}, {}
    started = time.perf_counter()
    for name, lang in FILE_LANG.items():
        text = (CORPUS / name).read_text(encoding="utf-8")
        texts[name] = text
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        lines[name] = starts
        known = attested(text, lang)
        for m in find(text, lang, known=known):
            mentions.append(m)
            owners.append(name)
    elapsed = time.perf_counter() - started
    return list(zip(owners, mentions, strict=True)), lines, texts, elapsed


def match_gold(rows, found, lines, texts):
    """Each gold variant's mention: the one that overlaps the variant's span on its line most."""
    by_file = defaultdict(list)
    for i, (owner, m) in enumerate(found):
        by_file[owner].append((m.start, m.end, i))
    matched = []
    for row in rows:
        name, line = row["file"], int(row["line"])
        text, starts = texts[name], lines[name]
        begin = starts[line - 1]
        end = starts[line] if line < len(starts) else len(text)
        at = text.find(row["variant"], begin, end)
        if at < 0:
            matched.append(None)
            continue
        span = (at, at + len(row["variant"]))
        best, best_overlap = None, 0
        for s, e, i in by_file[name]:
            overlap = min(e, span[1]) - max(s, span[0])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        matched.append(best)
    return matched


def gold_report(lines_out: list[str]) -> None:
    if not GOLD.is_file() or not CORPUS.is_dir():
        lines_out.append("dev gold or seed corpus not present: skipped")
        return
    rows = read_tsv(GOLD)
    found, lines, texts, find_s = seed_mentions()
    mentions = [m for _, m in found]
    started = time.perf_counter()
    entities = cluster(mentions, documents=[owner for owner, _ in found])
    cluster_s = time.perf_counter() - started
    entity_of = {i: e.id for e in entities for i in e.members}
    matched = match_gold(rows, found, lines, texts)
    hits = [(row, i) for row, i in zip(rows, matched, strict=True) if i is not None]
    gold_ids = [row["entity_id"] for row, _ in hits]
    ours = [entity_of[i] for _, i in hits]
    # A variant we did not find counts as a cluster of its own in the strict figure.
    strict_pred = [entity_of[i] if i is not None else f"missing-{n}" for n, i in enumerate(matched)]
    lines_out += [
        f"Dev gold: {GOLD.name}, {len(rows)} variants of {len({r['entity_id'] for r in rows})} "
        f"entities; {len(mentions)} mentions found in the two seed files "
        f"(find {find_s:.1f} s, cluster {cluster_s:.2f} s, {len(entities)} entities).",
        "",
        f"Mention recall (a mention overlaps the variant on its line): {len(hits)}/{len(rows)} = "
        f"{len(hits) / len(rows):.3f}",
        "",
        "| clustering | pairwise P | pairwise R | F1 | note |",
        "|---|---|---|---|---|",
        _row("adfontes, variants found", pairwise(gold_ids, ours), f"{len(hits)} variants"),
        _row(
            "adfontes, all variants",
            pairwise([r["entity_id"] for r in rows], strict_pred),
            "a missed variant is a cluster of its own",
        ),
    ]
    peers(rows, lines_out)
    kept = []
    for a, b in HOMONYMS:
        ents_a = {e for (row, _), e in zip(hits, ours, strict=True) if row["entity_id"] == a}
        ents_b = {e for (row, _), e in zip(hits, ours, strict=True) if row["entity_id"] == b}
        if ents_a and ents_b:
            kept.append(f"{a} / {b}: {'apart' if not ents_a & ents_b else 'MERGED'}")
    lines_out += ["", "Homonym pairs present in the gold: " + ("; ".join(kept) or "none")]
    wrong = defaultdict(set)
    for (row, _), e in zip(hits, ours, strict=True):
        wrong[row["entity_id"]].add(e)
    split = sorted(g for g, es in wrong.items() if len(es) > 1)
    lines_out.append(f"Gold entities split over several of ours: {len(split)} ({', '.join(split)})")


def _single_link(items: list[str], same) -> list[int]:
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(items)), 2):
        if same(items[i].lower(), items[j].lower()):
            parent[root(j)] = root(i)
    return [root(i) for i in range(len(items))]


def peers(rows: list[dict], lines_out: list[str]) -> None:
    """A plain rapidfuzz ratio and jellyfish phonetic keys, clustering the gold variants alone."""
    import jellyfish
    from rapidfuzz import fuzz

    variants = [r["variant"] for r in rows]
    gold = [r["entity_id"] for r in rows]
    for threshold in (70, 80, 90):
        labels = _single_link(variants, lambda a, b, t=threshold: fuzz.ratio(a, b) >= t)
        lines_out.append(
            _row(
                f"rapidfuzz ratio ≥ {threshold}",
                pairwise(gold, labels),
                "single link over the gold variant strings",
            )
        )
    for name in ("metaphone", "nysiis", "soundex", "match_rating_codex"):
        coder = getattr(jellyfish, name)
        keys = []
        for n, v in enumerate(variants):
            try:
                keys.append(coder(v.split(",")[0].split()[-1]) or f"empty-{n}")
            except (ValueError, IndexError):
                keys.append(f"uncodable-{n}")
        lines_out.append(_row(f"jellyfish {name}", pairwise(gold, keys), "key of the last word"))


# --- the demo corpus's key -----------------------------------------------------------------------


def demo_report(lines_out: list[str]) -> None:
    """The demo corpus ingested and read by the names stage, against the entities of its key."""
    import tempfile

    import yaml

    from adfontes.analyze import analyze
    from adfontes.demo import corpus_dir, key_path
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.store import connect

    folder = corpus_dir()
    if not (folder / "corpus.yaml").is_file():
        lines_out.append("demo corpus not present: skipped")
        return
    key = yaml.safe_load(key_path().read_text(encoding="utf-8"))["entities"]
    with tempfile.TemporaryDirectory() as tmp:
        store = connect(Path(tmp) / "demo.db")
        ingest(store, [folder], manifest.load(folder / "corpus.yaml"), base=folder.parent)
        analyze(store, only={"names"})
        files = {
            r["path"].rsplit("/", 1)[-1]: (r["id"], r["text"])
            for r in store.conn.execute("SELECT id, path, text FROM files")
        }
        spans = defaultdict(list)
        persons, every = [], []
        for r in store.conn.execute(
            "SELECT m.file_id, m.start, m.end, m.entity_id, m.kind, m.surface, e.kind AS ekind "
            "FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
        ):
            spans[r["file_id"]].append((r["start"], r["end"], r["entity_id"]))
            every.append((r["file_id"], r["start"], r["end"], r["surface"]))
            if "person" in (r["kind"], r["ekind"]):
                persons.append((r["file_id"], r["start"], r["end"], r["surface"]))
        store.close()
    gold, ours, total = [], [], 0
    for entity in key:
        for variant in entity["variants"]:
            total += 1
            file_id, text = files.get(variant["file"], (None, ""))
            at = text.find(variant["surface"])
            if at < 0:
                continue
            end = at + len(variant["surface"])
            best = max(
                ((min(e, end) - max(s, at), eid) for s, e, eid in spans[file_id]),
                default=(0, None),
            )
            if best[0] > 0:
                gold.append(entity["id"])
                ours.append(best[1])
    p, r, f = pairwise(gold, ours)
    # Mention precision: a mention that overlaps no occurrence of any variant the key gives for
    # its file; for persons, a mention read as a person (or put in a person entity) that
    # overlaps no variant of a person of the key.
    keyed = defaultdict(list)
    for entity in key:
        for variant in entity["variants"]:
            file_id, text = files.get(variant["file"], (None, ""))
            at = text.find(variant["surface"])
            while at >= 0:
                keyed[file_id].append((at, at + len(variant["surface"]), entity["kind"]))
                at = text.find(variant["surface"], at + 1)

    def unkeyed(file_id: str, s: int, e: int, kinds: tuple[str, ...] | None = None) -> bool:
        return not any(
            min(e, ke) > max(s, ks) and (kinds is None or k in kinds)
            for ks, ke, k in keyed[file_id]
        )

    stray = Counter(surface for f_id, s, e, surface in persons if unkeyed(f_id, s, e, ("person",)))
    strays = sum(unkeyed(f_id, s, e) for f_id, s, e, _ in every)
    apart = []
    for a, b in (("P-nkrestinsky", "P-vkrestinskaya"), ("P-mvfrunze", "L-frunzetown")):
        ea = {o for g, o in zip(gold, ours, strict=True) if g == a}
        eb = {o for g, o in zip(gold, ours, strict=True) if g == b}
        if ea and eb:
            apart.append(f"{a} / {b}: {'apart' if not ea & eb else 'MERGED'}")
    lines_out += [
        "",
        f"Demo corpus key ({len(key)} entities, {total} variants; the corpus ingested and read "
        "by the stage): mention recall "
        f"{len(gold)}/{total} = {len(gold) / total:.3f}; pairwise P {p:.3f}, R {r:.3f}, "
        f"F1 {f:.3f} over the variants found. Homonyms: {'; '.join(apart) or 'none found'}.",
        "",
        f"Mentions: {len(every)}; {strays} overlap no key variant (precision "
        f"{1 - strays / max(1, len(every)):.3f}; the key does not list every name). "
        f"Person mentions (read as a person or in a person entity): {len(persons)}; "
        f"{sum(stray.values())} overlap no variant of a person of the key, precision "
        f"{1 - sum(stray.values()) / max(1, len(persons)):.3f}: "
        + (", ".join(f"{s} ×{n}" if n > 1 else s for s, n in sorted(stray.items())) or "none"),
    ]


# --- HIPE-2022 ----------------------------------------------------------------------------------


def hipe_report(lines_out: list[str]) -> None:
    if not HIPE.is_dir():
        lines_out.append("hipe-names not present: skipped")
        return
    docs = read_tsv(HIPE / "docs.tsv")
    gold = read_tsv(HIPE / "mentions.tsv")
    lines_out += [
        "",
        "HIPE-2022 (SoNAR de, NewsEye fr): mention recall over all gold mentions (a found mention "
        "overlaps the gold span; covers at least half of it); cluster F1 over the gold mentions linked to a Wikidata id that "
        "we found, pairs of mentions, entities clustered per language over all its documents. "
        "Precision: found mentions that overlap a gold mention of any type; person precision: "
        "mentions we read as persons that overlap a gold PER mention.",
        "",
        "| set | gold mentions | recall (overlap) | recall (half) | found | precision | "
        "person precision | linked found | pairwise P | pairwise R | F1 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lang in ("de", "fr"):
        mentions, owners = [], []
        for doc in (d for d in docs if d["lang"] == lang):
            text = (HIPE / "docs" / f"{doc['doc']}.txt").read_text(encoding="utf-8")
            for m in find(text, lang):
                mentions.append(m)
                owners.append(doc["doc"])
        by_doc = defaultdict(list)
        for i, (owner, m) in enumerate(zip(owners, mentions, strict=True)):
            by_doc[owner].append((m.start, m.end, i))
        entities = cluster(mentions, documents=owners)
        entity_of = {i: e.id for e in entities for i in e.members}
        rows = [g for g in gold if g["lang"] == lang]
        found = touched = 0
        g_ids, p_ids = [], []
        for g in rows:
            s, e = int(g["start"]), int(g["end"])
            best = max(
                ((min(me, e) - max(ms, s), i) for ms, me, i in by_doc[g["doc"]]),
                default=(0, None),
            )
            touched += best[0] > 0
            # A found mention must cover half of the gold span: "Paris" is no match for the
            # radio station "Paris-P.T.T.".
            if best[0] * 2 < e - s:
                continue
            found += 1
            if g["qid"] != "NIL":
                g_ids.append(g["qid"])
                p_ids.append(entity_of[best[1]])
        p, r, f = pairwise(g_ids, p_ids)
        gold_spans = defaultdict(list)
        for g in rows:
            gold_spans[g["doc"]].append((int(g["start"]), int(g["end"]), g["type"]))

        def overlaps(doc: str, m, types: tuple[str, ...] | None = None, spans=gold_spans) -> bool:
            return any(
                min(m.end, ge) > max(m.start, gs) and (types is None or t in types)
                for gs, ge, t in spans[doc]
            )

        right = sum(overlaps(o, m) for o, m in zip(owners, mentions, strict=True))
        people = [(o, m) for o, m in zip(owners, mentions, strict=True) if m.kind == "person"]
        right_people = sum(overlaps(o, m, ("PER",)) for o, m in people)
        lines_out.append(
            f"| {lang} | {len(rows)} | {touched / len(rows):.3f} | {found / len(rows):.3f} | "
            f"{len(mentions)} | {right / max(1, len(mentions)):.3f} | "
            f"{right_people / max(1, len(people)):.3f} ({len(people)}) | "
            f"{len(g_ids)} | {p:.3f} | {r:.3f} | {f:.3f} |"
        )


def main() -> None:
    out = ["## Names", ""]
    gold_report(out)
    demo_report(out)
    hipe_report(out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
