"""The variants stage on a small invented corpus: stories, tellings, slots and locators."""

from __future__ import annotations

import json

import pytest

from adfontes.analyze import analyze
from adfontes.ingest.pipeline import ingest
from adfontes.store import connect
from adfontes.store import variants as db
from adfontes.variants.stage import run_corpus
from tests.conftest import analysed_store, assert_locators, run_cli, validate_output

# One remark told three times (two near-verbatim, one shortened), and unrelated passages.
FILES = {
    "diary.txt": (
        "Diary of a visitor\n\n"
        "On 3 May 1921 the commissar told his secretary that the old guard would never forgive "
        "the peasants for the grain they had hidden in the winter.\n\n"
        "The weather was cold and the roads were empty all week.\n"
    ),
    "memoir.txt": (
        "Memoirs\n\n"
        "I remember that on 3 May 1922 the commissar said in a small circle of friends that the "
        "old guard would never forgive the peasants for the grain they had hidden in the "
        "winter.\n\n"
        "Our train reached the frontier two days later.\n"
    ),
    "history.txt": (
        "A history\n\n"
        "The commissar's words, that the old guard would never forgive the peasants for the "
        "grain they had hidden, are quoted by every later author.\n\n"
        "The archives of the region were opened only much later.\n"
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = analysed_store(tmp_path_factory.mktemp("corpus"), FILES)
    yield s
    s.close()


def _texts(store) -> dict[str, str]:
    return {r["id"]: r["text"] for r in store.conn.execute("SELECT id, text FROM files")}


def test_one_story_with_three_tellings(store):
    stories = db.list_stories(store.conn)
    assert len(stories) == 1
    tellings = db.story_tellings(store.conn, stories[0]["id"])
    assert len(tellings) == 3
    texts = _texts(store)
    for t in tellings:
        assert "old guard would never forgive" in texts[t["file_id"]][t["start"] : t["end"]]


def test_slots_are_read_and_point_at_their_words(store):
    story = db.list_stories(store.conn)[0]
    tellings = db.story_tellings(store.conn, story["id"])
    texts = _texts(store)
    claimed = {t["claimed_date"] for t in tellings}
    assert claimed == {"1921-05-03", "1922-05-03", None}
    audiences = {t["audience"] for t in tellings}
    assert {"his secretary", "in a small circle of friends"} <= audiences
    for t in tellings:
        text = texts[t["file_id"]]
        if t["audience"]:
            assert text[t["audience_start"] : t["audience_end"]] == t["audience"]
        if t["claimed_date"]:
            assert t["claimed_start"] < t["end"]
        assert text[t["wording_start"] : t["wording_end"]] == t["wording"]
    assert "claimed date moves" in story["summary"] or "claimed date" in story["summary"]
    assert "single-witness story" in story["summary"]


def test_rerun_gives_the_same_store(store):
    before = [dict(r) for r in store.conn.execute("SELECT * FROM tellings ORDER BY id")]
    run_corpus(store)
    after = [dict(r) for r in store.conn.execute("SELECT * FROM tellings ORDER BY id")]
    strip = [{k: v for k, v in r.items() if k != "id"} for r in before]
    assert strip == [{k: v for k, v in r.items() if k != "id"} for r in after]


def test_variants_discover_json(store, capsys):
    code, out, _ = run_cli("variants", "--discover", "--db", store.path, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("variants", payload)
    story = payload["stories"][0]
    assert len(story["tellings"]) == len(story["drift"]) == 3
    assert sum(t["earliest"] for t in story["tellings"]) == 1
    files = _paths(store)
    spans = [t[k] for t in story["tellings"] for k in ("locator", "claimed_locator",
             "linked_locator", "audience_locator", "wording_locator") if t[k]]  # fmt: skip
    assert_locators(spans, files)


def test_variants_phrase_finds_inflected_words_and_renders_a_drift_table(store, capsys):
    code, out, _ = run_cli("variants", "never forgive the peasant", "--db", store.path,
                           capsys=capsys)  # fmt: skip
    assert code == 0
    assert "claimed_date" in out.splitlines()[2] and "single-witness story" in out
    code, out, _ = run_cli("variants", "no such words anywhere", "--db", store.path, "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0 and json.loads(out)["count"] == 0


def test_variants_needs_a_phrase_or_discover(store, capsys):
    code, _, err = run_cli("variants", "--db", store.path, capsys=capsys)
    assert code == 2 and "phrase" in err


def _paths(store) -> dict[str, str]:
    return {r["path"]: r["text"] for r in store.conn.execute("SELECT path, text FROM files")}


def test_a_later_source_that_copies_an_earlier_one_rests_on_it(tmp_path):
    """The copying memoir of the provenance graph: a long verbatim run, dates that say who
    copied whom, and no edge between undated sources."""
    from adfontes.cite.stage import rests_on
    from adfontes.ingest import manifest

    copied = (
        "The special train stood for twelve days at a small station near Kursk while the "
        "German government considered the request for a visa and finally refused it."
    )
    texts = {
        "paper.txt": f"EVENING NEWS\n\n{copied}\n\nThe weather in the capital was mild.\n",
        "memoir.txt": f"My years as a reporter\n\nI was there and I saw it myself. {copied}\n",
        "undated.txt": f"Notes\n\n{copied}\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text(
        "sources:\n  - path: paper.txt\n    date: 1929-02-13\n    genre: newspaper\n"
        "  - path: memoir.txt\n    date: 1957\n    genre: memoir\n",
        encoding="utf-8",
    )
    with connect(tmp_path / "s.db") as s:
        ingest(s, [tmp_path], manifest.load(tmp_path / "corpus.yaml"))
        analyze(s)
        ids = {r["path"].rsplit("/", 1)[-1]: r["id"] for r in s.conn.execute(
            "SELECT s.id, f.path FROM sources s JOIN files f ON f.id = s.file_id")}  # fmt: skip
        memoir = [(n["relation"], n["key"]) for n in rests_on(s.conn, ids["memoir.txt"])]
        assert ("quotes", ids["paper.txt"]) in memoir
        assert rests_on(s.conn, ids["paper.txt"]) == []
        assert all(n["relation"] != "quotes" for n in rests_on(s.conn, ids["undated.txt"]))


def test_date_spans_order_only_dates_that_do_not_overlap():
    """A year and a day inside it overlap: neither may be called the earlier; a year ends before
    the next year begins."""
    from adfontes.variants.stage import date_span

    year, day = date_span("1929"), date_span("1929-02-13")
    assert year[0] <= day[0] and day[1] <= year[1]
    assert date_span("1929")[1] < date_span("1957")[0]
    assert date_span("1929/1933")[1].isoformat() == "1933-12-31"
    assert date_span("1929-21")[0].isoformat() == "1929-03-01"
    assert date_span(None) is None
    assert date_span("not a date") is None


def test_one_paragraph_that_tells_two_stories_gives_a_telling_to_each(tmp_path):
    """A later paragraph retells two earlier remarks, a sentence each: each sentence joins the
    story of its own remark, and neither story holds the other's words."""
    train = (
        "the special train stood for twelve days on a siding near the frontier while the "
        "government refused a visa"
    )
    planet = "the whole planet was now without a visa for the old exile and his family"
    texts = {
        "report.txt": f"Report\n\nWe learnt that {train}.\n",
        "diary.txt": f"Diary\n\nFather laughed and said that {planet}.\n",
        "history.txt": (
            f"A history\n\nIt is known that {train}. Much later the son recalled that {planet}.\n"
        ),
    }
    with analysed_store(tmp_path, texts) as s:
        texts_by_id = _texts(s)
        stories = db.list_stories(s.conn)
        assert len(stories) == 2
        for story in stories:
            told = [
                texts_by_id[t["file_id"]][t["start"] : t["end"]]
                for t in db.story_tellings(s.conn, story["id"])
            ]
            assert len(told) == 2
            about_train = ["siding" in x for x in told]
            assert all(about_train) or not any(about_train), told


def test_a_quotation_and_the_translation_that_follows_it_are_paired(tmp_path):
    """A monograph quotes a Russian paragraph, says "Translated:" and gives it in English:
    the two are one telling in two languages, though they share no word."""
    ru = (
        "Крупская сказала в узком кругу, что если бы Ленин был жив, он сидел бы в тюрьме. "
        "Эти слова потом повторяли многие авторы, не называя источника."
    )
    en = (
        "Krupskaya said in a small circle that were Lenin alive, he would be in prison. "
        "These words were later repeated by many authors, who named no source."
    )
    text = (
        "A monograph\n\nThe author then turns to a remark that is often repeated in the "
        f"literature.\n\n{ru}\n\nTranslated:\n\n{en}\n\nThe remark is not attested elsewhere "
        "in the sources known to us.\n"
    )
    with analysed_store(tmp_path, {"book.txt": text}) as s:
        rows = s.conn.execute(
            "SELECT a_start, a_end, b_start, b_end, kind, via FROM reuse_pairs"
        ).fetchall()
        got = {(text[r[0] : r[1]], text[r[2] : r[3]], r[4]) for r in rows}
        first_ru, first_en = ru.split(". ")[0], en.split(". ")[0]
        assert (first_ru, first_en, "translation") in got
        assert all("layout" in json.loads(r[5]) for r in rows if r[4] == "translation")
        assert not any("author then turns" in a or "author then turns" in b for a, b, _ in got)


def _book_dates(folder, book: str, paper: str) -> dict[str, tuple]:
    """A 2019 monograph and a newspaper of 1935 analysed: the date of telling and where it came
    from of each telling in the book, by its first 12 characters."""
    manifest_yaml = (
        "sources:\n  - path: book.txt\n    date: 2019-08\n    genre: monograph\n"
        "  - path: paper.txt\n    date: 1935-01-02\n    genre: newspaper\n"
    )
    with analysed_store(folder, {"book.txt": book, "paper.txt": paper}, manifest_yaml) as s:
        book_id = next(i for i, text in _texts(s).items() if text == book)
        told = {}
        for story in db.list_stories(s.conn):
            for t in db.story_tellings(s.conn, story["id"]):
                if t["file_id"] == book_id:
                    told[book[t["start"] : t["end"]][:12]] = (
                        t["telling_date"], t["telling_date_from"],
                    )  # fmt: skip
    return told


def test_a_quotation_in_a_book_is_dated_by_the_note_under_it(tmp_path):
    """A 2019 book quotes an article of 1934 and dates it in a footnote: the date of telling of
    the quotation is the article's; the book's own retelling keeps the book's date."""
    words = "tomorrow they will bring the name of the exile to the fore in every newspaper"
    book = (
        "Lies and their history\n\n"
        "The exile later claimed to have foreseen the campaign. He wrote:\n\n"
        f'"The matter will not rest long on this plane; {words}."¹\n\n'
        f"In other words, he claimed that {words}, and nothing more.\n\n"
        '¹ "The Bureaucracy and the Assassination." December 28, 1934. Writings, 175-197.\n'
    )
    paper = f"Evening news\n\nA friend reports him as saying that {words}.\n"
    told = _book_dates(tmp_path, book, paper)
    assert told['"The matter '] == ("1934-12-28", "note")
    assert told["In other wor"] == ("2019-08", "source")


def test_a_quotation_and_its_translation_are_dated_by_the_note_after_them(tmp_path):
    """A book gives a memoir's words in the original, then "Translated:" and the translation,
    which runs on after a page break; the note marker stands only at its end. Both the
    original and the translation are dated by that note; the book's comment after it is not."""
    original = "Wenn er noch lebte, so säße er heute im Gefängnis, sagte sie damals im Kreis"
    words = "if he were still alive he would be in prison today, she said then in the circle"
    book = (
        "Lies and their history\n\n"
        "Others understood this too, as the secretary wrote in his memoirs:\n\n"
        f"{original} der Freunde, die sie besuchten.\n\n"
        "Translated:\n\n"
        f"{words[0].upper()}{words[1:]} of friends who\n\n"
        "came to see her (as the secretary tells it).¹\n\n"
        f"Nobody else heard that {words}, and nothing more.\n\n"
        "¹ See the secretary's memoirs, Moscow 1990, chapter 7.\n"
    )
    paper = f"Evening news\n\nA friend reports that {words}.\n\nEin Freund berichtet: {original}.\n"
    told = {k: date for k, (date, _) in _book_dates(tmp_path, book, paper).items()}
    assert told[original[:12]] == "1990"
    assert told[words[0].upper() + words[1:12]] == "1990"
    assert told["Nobody else "] == "2019-08"


def test_a_bodys_earlier_decision_is_the_linked_event_not_the_claimed_date():
    from adfontes.variants.stage import _claimed_and_linked

    text = "The OGPU Collegium's decision of 18 January 1929 was read to him on 20 January 1929."
    dates = [
        {"start": text.index("18 Jan"), "end": text.index(" was"), "value": "1929-01-18"},
        {"start": text.index("20 Jan"), "end": len(text) - 1, "value": "1929-01-20"},
    ]
    body = (text.index("OGPU"), text.index("'s decision"))
    claimed, linked = _claimed_and_linked(dates, [body])
    assert claimed["value"] == "1929-01-20"
    assert text[slice(*linked)] == "OGPU Collegium's decision of 18 January 1929"
    # a body next to the only date, or next to a later date, links nothing
    claimed, linked = _claimed_and_linked(dates[:1], [body])
    assert (claimed["value"], linked) == ("1929-01-18", None)
    late = (text.index("20 Jan") - 12, text.index("20 Jan") - 1)
    claimed, linked = _claimed_and_linked(dates, [late])
    assert (claimed["value"], linked) == ("1929-01-18", None)
    # a date with no digit says nothing
    unknown = [{"start": 0, "end": 3, "value": "XXXX-XX-XX"}]
    assert _claimed_and_linked(unknown, []) == (None, None)


def test_a_later_day_inside_the_first_date_is_the_claimed_date():
    from adfontes.variants.stage import _claimed_and_linked

    text = "In 1927 he lost everything: on 12 November 1927 he was expelled, and in 1928 exiled."
    dates = [
        {"start": text.index("1927"), "end": text.index("1927") + 4, "value": "1927"},
        {"start": text.index("12 Nov"), "end": text.index(" he was"), "value": "1927-11-12"},
        {"start": text.rindex("1928"), "end": text.rindex("1928") + 4, "value": "1928"},
    ]
    claimed, linked = _claimed_and_linked(dates, [])
    assert (claimed["value"], claimed["start"], linked) == ("1927-11-12", dates[1]["start"], None)
    # a later date outside the first one does not replace it
    claimed, _ = _claimed_and_linked([dates[0], dates[2]], [])
    assert claimed["value"] == "1927"


def _shared_pair(a, b, shared=()):
    from adfontes.variants.reuse import Pair

    return Pair(a, b, (0, 1), (0, 1), "verbatim", 8, tuple(shared), 1.0, ("minhash",))


def test_pieces_of_one_stretch_told_twice_are_joined():
    """A document quoted in two places (passages 1 and 2) pairs sentence by sentence; the pieces
    are one story. Neighbouring sentences of one passage only, or pieces about two days, are not."""
    from adfontes.variants.stage import _groups

    pairs = [
        _shared_pair((1, 100), (2, 5000)),
        _shared_pair((1, 180), (2, 5090)),
        _shared_pair((1, 260), (2, 5170)),
    ]
    assert _groups(pairs) == [[(1, 100), (1, 180), (1, 260), (2, 5000), (2, 5090), (2, 5170)]]
    # neighbours in one passage only: two stories that one text tells one after the other
    apart = [_shared_pair((1, 100), (2, 5000)), _shared_pair((1, 180), (3, 900))]
    assert len(_groups(apart)) == 2
    # too far apart in one of the passages
    far = [_shared_pair((1, 100), (2, 5000)), _shared_pair((1, 180), (2, 9000))]
    assert len(_groups(far)) == 2
    # each piece tells its own day
    days = [
        _shared_pair((1, 100), (2, 5000), ("#1928-12-16",)),
        _shared_pair((1, 180), (2, 5090), ("#1928-01-16",)),
    ]
    assert len(_groups(days)) == 2
    same_day = [
        _shared_pair((1, 100), (2, 5000), ("#1928-12-16",)),
        _shared_pair((1, 180), (2, 5090), ("#1928-12-16", "@P-x")),
    ]
    assert len(_groups(same_day)) == 1


def test_the_linked_event_is_stored_with_its_span_and_shown(tmp_path, capsys):
    said = "the decision was read to the exile in his flat in front of the whole family"
    texts = {
        "report.txt": (
            "Report\n\nThe Special Board of the OGPU decided on 18 January 1929 to expel him; "
            f"on 20 January 1929 {said}.\n"
        ),
        "memoir.txt": f"Memoir\n\nTwo days later {said}, and nobody spoke.\n",
    }
    with analysed_store(tmp_path, texts) as s:
        story = db.list_stories(s.conn)[0]
        by_file = _texts(s)
        linked = [t for t in db.story_tellings(s.conn, story["id"]) if t["linked_event"]]
        assert len(linked) == 1
        t = linked[0]
        assert by_file[t["file_id"]][t["linked_start"] : t["linked_end"]] == t["linked_event"]
        assert "18 January 1929" in t["linked_event"]
        assert t["claimed_date"] == "1929-01-20"
    code, out, _ = run_cli(
        "variants", "--discover", "--json", "--db", str(tmp_path / "s.db"), capsys=capsys
    )
    assert code == 0
    payload = json.loads(out)
    validate_output("variants", payload)
    tellings = payload["stories"][0]["tellings"]
    assert [t["linked_locator"] is not None for t in tellings].count(True) == 1
    assert all("linked_event" in row for row in payload["stories"][0]["drift"])


class _CountingEmbedder:
    """Deterministic unit vectors from the text's letters; counts the texts it embeds."""

    name = "test/letters"
    dim = 26

    def __init__(self) -> None:
        self.seen: list[str] = []

    def passages(self, texts):
        import numpy as np

        self.seen.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k, t in enumerate(texts):
            for ch in t.lower():
                if "a" <= ch <= "z":
                    out[k, ord(ch) - 97] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_sentence_vectors_are_embedded_once_and_read_back_from_the_store(store):
    from adfontes.variants.stage import units
    from adfontes.variants.vectors import SentenceVectors

    found, _ = units(store)
    first = _CountingEmbedder()
    sv = SentenceVectors(store, found, first)
    sims = sv.similarity([(0, 1), (0, 2)])
    assert len(first.seen) == 3 and sv.embedded == 3
    sv.similarity([(1, 2)])
    assert len(first.seen) == 3
    again = _CountingEmbedder()
    other = SentenceVectors(store, found, again)
    assert other.similarity([(0, 1), (0, 2)]) == sims
    assert again.seen == [] and other.embedded == 0
    n = store.conn.execute("SELECT count(*) FROM sentence_vectors WHERE model = ?", (first.name,))
    assert n.fetchone()[0] == 3


class _Near:
    def __init__(self, near: set) -> None:
        self.near = near
        self.asked: list = []

    def similarity(self, pairs):
        pairs = list(pairs)
        self.asked.extend(pairs)
        return {p: 0.95 if frozenset(p) in self.near else 0.5 for p in pairs}


def _pair(a, b, score=1.0):
    from adfontes.variants.reuse import Pair

    return Pair(a, b, (0, 1), (0, 1), "paraphrase", 0, (), score, ("features",))


def test_story_pieces_that_share_an_entity_join_when_two_sentences_are_near():
    from adfontes.variants.reuse import Unit
    from adfontes.variants.stage import _groups, near_pieces

    def unit(uid, feats):
        return Unit(uid, "s", f"text {uid}", "en", 0, frozenset(feats), group=uid)

    found = [
        unit("a1", {"@P-x", "#1929-01-20"}), unit("a2", {"#1929-01-20"}),
        unit("b1", {"@P-x"}), unit("b2", {"%P12D"}),
        unit("c1", {"@P-y"}), unit("c2", {"@P-y"}),
    ]  # fmt: skip
    pairs = [_pair("a1", "a2"), _pair("b1", "b2"), _pair("c1", "c2")]
    assert _groups(pairs) == [["a1", "a2"], ["b1", "b2"], ["c1", "c2"]]
    far = _Near(set())
    assert _groups(pairs, near_pieces(found, far)) == [["a1", "a2"], ["b1", "b2"], ["c1", "c2"]]
    assert far.asked == [(0, 2)]  # only members that share an entity or date are compared
    close = _Near({frozenset((0, 2)), frozenset((4, 0))})
    joined = _groups(pairs, near_pieces(found, close))
    assert joined == [["a1", "a2", "b1", "b2"], ["c1", "c2"]]


def test_without_vectors_the_stage_stores_what_it_stored_before(store):
    before = store.conn.execute("SELECT * FROM reuse_pairs ORDER BY id").fetchall()
    run_corpus(store, vectors=False)
    after = store.conn.execute("SELECT * FROM reuse_pairs ORDER BY id").fetchall()
    assert [tuple(r)[1:] for r in after] == [tuple(r)[1:] for r in before]


def test_sentences_are_embedded_by_the_same_setting_as_passages(demo_store, monkeypatch):
    """A store whose passages have no vectors (the demo fixture skips embedding) gets no
    sentence vectors on ``auto``; ``on`` and ``off`` decide outright."""
    from adfontes.variants.stage import vectors_wanted

    monkeypatch.setenv("ADFONTES_EMBED", "auto")
    assert vectors_wanted(demo_store) is False
    monkeypatch.setenv("ADFONTES_EMBED", "on")
    assert vectors_wanted(demo_store) is True
    monkeypatch.setenv("ADFONTES_EMBED", "off")
    assert vectors_wanted(demo_store) is False


def test_an_original_and_two_translations_are_paired_across_a_page_break(tmp_path):
    """A book quotes a Russian paragraph, then a French version cut in two by a page break
    (a footnote between its halves), then its own English one: the Russian sentences pair
    with the French halves and the French with the English, by their place in the text."""
    ru = (
        "Суд над обвиняемыми состоялся в середине января, и всего их было девятнадцать человек. "
        "Их обвинили в стремлении к реставрации старого порядка и в заговоре против власти."
    )
    fr_1 = "Le procès des accusés eut lieu à la mi-janvier, et ils étaient dix-neuf en tout."
    fr_2 = "On les accusa de vouloir la restauration de l'ancien régime et de comploter contre le pouvoir."
    en = (
        "The trial of the accused took place in mid-January, and there were nineteen of them. "
        "They were accused of striving to restore the old order and of plotting against power."
    )
    text = (
        "A monograph\n\nThe author comes to the trial, as the exile's bulletin told it.\n\n"
        f"{ru}\n\nIn the French edition:\n\n{fr_1}\n\n"
        "¹ The French edition is quoted from its first printing.\n\n"
        f"{fr_2}\n\nIn English:\n\n{en}\n\n"
        "The author then turns to what the newspapers of those days printed.\n"
    )
    with analysed_store(tmp_path, {"book.txt": text}) as s:
        rows = s.conn.execute(
            "SELECT a_start, a_end, b_start, b_end FROM reuse_pairs WHERE via LIKE '%layout%'"
        ).fetchall()
        got = {frozenset((text[r[0] : r[1]][:20], text[r[2] : r[3]][:20])) for r in rows}
    second_ru = ru.split(". ")[1]
    assert frozenset((ru[:20], fr_1[:20])) in got
    assert frozenset((second_ru[:20], fr_2[:20])) in got
    assert frozenset((fr_2[:20], en.split(". ")[1][:20])) in got
    assert frozenset((ru[:20], fr_2[:20])) not in got


def test_paragraphs_of_a_translation_are_matched_one_to_one_or_across_a_page_break():
    from types import SimpleNamespace

    from adfontes.variants.stage import _paragraphs

    def p(n: int):
        return SimpleNamespace(text="x" * n)

    original = [p(300), p(500), p(200)]
    # The second paragraph is cut by a page break in the translation; the third is close.
    translation = [p(320), p(260), p(250), p(190)]
    pairs = _paragraphs(original, translation)
    assert [(len(a), len(b)) for a, b in pairs] == [(1, 1), (1, 2), (1, 1)]
    # Lengths that agree within the tight ratio stay one to one even if two would fit better.
    assert [(len(a), len(b)) for a, b in _paragraphs([p(300)], [p(250), p(40)])] == [(1, 1)]
    # Lengths too far apart end the matching.
    assert _paragraphs([p(100)], [p(400)]) == []
