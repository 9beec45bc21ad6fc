"""Behaviour of the tagger beyond single rules: anchoring, narrative, offsets, no clock."""

from __future__ import annotations

import csv

import pytest

from adfontes.errors import UsageError
from adfontes.time import Narrative, find, infer_document_date

ANCHORING = [
    # (text, lang, anchor, surface, value, anchoring)
    ("December 30, 1934. On 23 January", "en", None, "23 January", "1935-01-23", "anchor:narrative"),
    ("On May 5 he left.", "en", "1930-02-01", "May 5", "1930-05-05", "anchor:doc"),
    ("On May 5 he left.", "en", None, "May 5", "XXXX-05-05", "explicit"),
    ("Két nappal később", "hu", None, "Két nappal később", "XXXX-XX-XX", "explicit"),
    ("Két nappal később", "hu", "1929-01-18", "Két nappal később", "1929-01-20", "anchor:doc"),
    ("1935. Hat éve írtam.", "hu", "1929", "Hat éve", "1923~", "anchor:doc"),
    ("1929. január 7-én, Január 18-án", "hu", "1935", "Január 18-án", "1929-01-18",
     "anchor:narrative"),
    ("Three hours later he left.", "en", "1929-01-20", "Three hours later", "1929-01-20~",
     "anchor:doc"),
    ("Через два часа", "ru", "1929-01-18", "Через два часа", "1929-01-18~", "anchor:doc"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "anchor", "surface", "value", "how"), ANCHORING)
def test_anchoring(text, lang, anchor, surface, value, how):
    found = {e.surface: e for e in find(text, lang, anchor)}
    assert (found[surface].value, found[surface].anchoring) == (value, how)


def test_results_do_not_depend_on_the_clock(monkeypatch):
    import datetime as real

    class Later(real.date):
        @classmethod
        def today(cls):
            return cls(2099, 1, 1)

    before = find("On May 5, a month later", "en")
    monkeypatch.setattr(real, "date", Later)
    assert find("On May 5, a month later", "en") == before
    assert all("2099" not in e.value for e in before)


def test_narrative_carries_across_calls():
    story = Narrative()
    find("1929. január 7-én döntöttek.", "hu", narrative=story)
    (e,) = find("Január 18-án kihirdették.", "hu", narrative=story)
    assert (e.value, e.anchoring, e.anchor) == ("1929-01-18", "anchor:narrative", "1929-01-07")


def test_offsets_are_into_the_text():
    text = "Levél, 1929. január 18-án kelt; 12 napig tartott; 1923 óta."
    for e in find(text, "hu"):
        assert text[e.start : e.end] == e.surface


def test_records_are_frozen():
    (e,) = find("1929", "en")
    with pytest.raises(AttributeError):
        e.value = "1930"


def test_unknown_language_and_bad_anchor_are_usage_errors():
    with pytest.raises(UsageError):
        find("1929", "xx")
    with pytest.raises(UsageError):
        find("1929", "en", anchor="next week")


def test_old_style_russian_dates():
    (e,) = find("25 октября 1917 года", "ru")
    assert e.calendar == "unknown"
    (e,) = find("25 октября 1917 года по старому стилю", "ru")
    assert e.calendar == "julian"


DOCDATES = [
    ("Moscow, 16 December 1928\n\nDear comrades, ...\n", "en", "1928-12-16"),
    ("Kedves Elvtársak!\n\nSok a munka.\n\nAlma-Ata, 1928. december 16.", "hu", "1928-12-16"),
    ("No date here at all.", "en", None),
    ("On May 5 he left.", "en", None),
]


@pytest.mark.parametrize(("text", "lang", "value"), DOCDATES)
def test_infer_document_date(text, lang, value):
    found = infer_document_date(text, lang)
    assert (found.value if found else None) == value
    if found:
        assert (found.role, found.anchoring) == ("document", "inferred")
        assert text[found.start : found.end] == found.surface


def test_seed_gold_lines_keep_their_offsets(seed_dir, gold_dir):
    """On every gold line: each found span is the slice of the line at its offsets."""
    with (gold_dir / "dates.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    files = {
        n: (seed_dir / n).read_text(encoding="utf-8").split("\n") for n in {r["file"] for r in rows}
    }
    for r in rows:
        line = files[r["file"]][int(r["line"]) - 1]
        for e in find(line, r["lang"]):
            assert line[e.start : e.end] == e.surface


ANCHORS = [
    ("{month}\\s{day}{th}?,?\\s{year}", ("list", "month")),
    ("{year}{dash}{year2}", ("digit", "")),
    ("{num}\\s{unit}\\s{dir}", ("list", "unit")),
    ("{the}(?:{century}{th}|{ordinal})[\\s-]century", ("word", "century")),
    ("másnap\\w*|következő\\snap(?:on)?", None),
]


@pytest.mark.parametrize(("template", "anchor"), ANCHORS)
def test_rule_anchor(template, anchor):
    from adfontes.time.rulepack import rule_anchor

    lists = {"month", "unit", "dir", "num", "ordinal", "season"}
    assert rule_anchor(template, lists) == anchor


def test_far_apart_dates_are_all_found():
    """Rules run only near what they need; dates far apart in a long text are all found."""
    filler = " and then nothing happened;" * 40 + " "
    text = filler.join(["On March 8, 1921", "in the fall of 1927", "two days later", "1923-27"])
    found = [e.surface for e in find(text, "en")]
    assert found == ["March 8, 1921", "the fall of 1927", "two days later", "1923-27"]
