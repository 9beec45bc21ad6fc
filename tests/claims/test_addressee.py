"""A letter whose heading names one addressee and whose address line or salutation another:
an ``addressee`` conflict; on a small store of invented letters in three languages."""

from __future__ import annotations

import json

import pytest

from adfontes.claims import views
from adfontes.claims.addressee import CONFIDENCE, Side, _agree, addressee_conflicts
from adfontes.claims.model import confidence_label
from adfontes.store import connect
from tests.conftest import assert_locators, run_cli, validate_output

BODY_EN = (
    "on 16 December a plenipotentiary of the Collegium came to me in Alma-Ata from Moscow and "
    "conveyed to me verbally a demand: that I cease all political activity, or else measures "
    "would be taken to isolate me from political life. I answer in writing so that nobody can "
    "later retell my answer in his own way."
)
LETTERS = {
    "en.txt": (
        "Letter to the Comintern\n\n"
        "To the Editorial Board of Pravda\n\n"
        f"Comrades, {BODY_EN}\n\n"
        "Letter to Krestinsky\n\n"
        "Dear Comrade Krestinsky,\n\n"
        "I have received your letter of 5 February and thank you for the news of the visa. The "
        "train has stood near Kursk for twelve days now, and nobody tells us anything about "
        "where we are being taken or when. We walk along the siding twice a day.\n\n"
        "Letter to the Editor\n\n"
        "Dear Sir,\n\n"
        "Some newspapers of Constantinople have reported that in a conversation with journalists "
        "I said that I would prepare a revolution in the Soviet Union. Both statements are the "
        "exact opposite of what I said, as anyone who has read my speeches knows well enough.\n\n"
        "Statement to the Central Committee\n\n"
        "To the Central Committee of the Party\n\n"
        "I consider it my duty to make one more attempt to appeal to the sense of responsibility "
        "of those who now lead the Soviet state. You see the situation of the country and of the "
        "party better than I do, and you know how far things have gone since the conference.\n"
    ),
    "hu.txt": (
        "Levél Rakovszkijhoz\n\n"
        "Kedves Szosznovszkij elvtárs!\n\n"
        "Elvtársak! December 16-án a kollégium meghatalmazottja Moszkvából hozzám érkezett "
        "Alma-Atába, és szóban közölte velem a követelést: hagyjak fel minden politikai "
        "tevékenységgel, különben intézkedéseket tesznek, hogy elszigeteljenek a politikai "
        "élettől. Írásban válaszolok, hogy később senki se mondhassa el a maga módján.\n\n"
        "Levél Krestinszkijhez\n\n"
        "Kedves Krestinszkij elvtárs!\n\n"
        "Megkaptam február 5-i levelét, és köszönöm a vízumról szóló híreket. A vonat már "
        "tizenkét napja áll Kurszk mellett, és senki sem mond nekünk semmit arról, hová és mikor "
        "visznek minket. Naponta kétszer sétálunk a mellékvágány mentén a kísérőkkel.\n\n"
        "Levél a szerkesztőnek\n\n"
        "Tisztelt Szerkesztő Úr!\n\n"
        "Egyes konstantinápolyi újságok arról számolnak be, hogy az újságírókkal folytatott "
        "beszélgetésben azt mondtam, hogy forradalmat készítek elő a Szovjetunióban. Mindkét "
        "állítás pontosan az ellenkezője annak, amit mondtam, és ezt mindenki tudja.\n"
    ),
    "ru.txt": (
        "Письмо товарищу Радеку\n\n"
        "Дорогой товарищ Сосновский!\n\n"
        "Товарищи! Сегодня, 16 декабря, уполномоченный Коллегии, приехавший из Москвы, устно "
        "передал мне требование: прекратить всякую политическую деятельность, в противном "
        "случае будут приняты меры к изоляции меня от политической жизни. Я отвечаю письменно, "
        "чтобы никто потом не пересказывал мой ответ по-своему.\n"
    ),
}


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    from adfontes.analyze import analyze
    from adfontes.ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("letters")
    for name, text in LETTERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = connect(folder / "a.db")
    ingest(store, [folder / name for name in LETTERS], {})
    analyze(store, only={"names"})  # the addressees are its mentions
    yield store
    store.close()


def _by_file(store) -> dict[str, list]:
    out: dict[str, list] = {}
    for c in addressee_conflicts(store):
        out.setdefault(c.spans[0].path.rsplit("/", 1)[-1], []).append(c)
    return out


@pytest.mark.parametrize(
    ("file", "heading", "letter"),
    [
        ("en.txt", "the Comintern", "the Editorial Board of Pravda"),
        ("hu.txt", "Rakovszkijhoz", "Szosznovszkij elvtárs"),
        ("ru.txt", "товарищу Радеку", "товарищ Сосновский"),
    ],
)
def test_a_heading_and_a_salutation_that_name_two_bodies_conflict(letters, file, heading, letter):
    found = _by_file(letters).get(file, [])
    # One per file: the letters whose heading and salutation agree, or whose salutation names
    # no body ("Dear Sir", "Tisztelt Szerkesztő Úr"), are not listed.
    assert len(found) == 1
    c = found[0]
    assert [s.text for s in c.spans] == [heading, letter]
    assert c.detail == f"heading names “{heading}”, the letter itself “{letter}”"
    assert c.lines[0].line < c.lines[1].line
    assert all(s.text in line.text for s, line in zip(c.spans, c.lines, strict=True))


def test_agreeing_and_unnamed_salutations_are_no_conflict(letters):
    lines = {c.lines[0].text for cs in _by_file(letters).values() for c in cs}
    assert lines == {"Letter to the Comintern", "Levél Rakovszkijhoz", "Письмо товарищу Радеку"}


def _side(entity: str, keys: list[str], base: str) -> Side:
    row = {"entity_id": entity, "keys": json.dumps(keys), "base": base, "surface": base}
    return Side("s", "f", (0, 1), (0, 1), base, "r", (row,))


def test_one_body_written_two_ways_agrees_by_its_name_key():
    """Two entities the names stage kept apart but that share a name key are one addressee."""
    heading = _side("O-centralcomite", ["central comite"], "Central Committee")
    letter = _side("O-centralcomite-2", ["central comite"], "Central Committee")
    other = _side("O-secretariat", ["secretariat"], "Secretariat")
    assert _agree(heading, letter)
    assert not _agree(heading, other)


def test_listed_among_the_conflicts_with_the_json_schema(letters, capsys):
    code, out, _ = run_cli("conflicts", "--db", letters.path, "--type", "addressee", "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    validate_output("conflicts", payload)
    rows = payload["conflicts"]
    assert len(rows) == 3 and {c["type"] for c in rows} == {"addressee"}
    assert {c["label"] for c in rows} == {"possible"} and rows[0]["confidence"] == CONFIDENCE
    assert all(c["reason"].startswith("addressee: heading names ") for c in rows)
    files = {r[0]: r[1] for r in letters.conn.execute("SELECT path, text FROM files")}
    assert_locators([c[s][k] for c in rows for s in "ab" for k in ("claim", "slot")], files)
    # The source filter (audit) keeps a file's own.
    hu = next(c["a"]["claim"]["source"] for c in rows if "Rakov" in c["a"]["slot"]["text"])
    only = views.conflicts_view(letters, source=hu, kind="addressee")
    assert [c["a"]["slot"]["text"] for c in only] == ["Rakovszkijhoz"]


def test_ranks_below_custody_and_dates():
    assert views.CITE_KINDS["custody"][1] > CONFIDENCE > views.CITE_KINDS["work_title"][1]
    assert confidence_label(CONFIDENCE) == "possible"
    assert "addressee" in views.CONFLICT_TYPES
