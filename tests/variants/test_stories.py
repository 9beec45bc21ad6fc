"""Stories: grouping, order by date of telling, drift table and summary line."""

from __future__ import annotations

from adfontes.variants.stories import Telling, components, drift, order, summary


def telling(**kw) -> Telling:
    """A telling with defaults; tests name only the slots they are about."""
    base = {"source": "s1", "file_id": "f1", "passage": 1, "start": 0, "end": 10}
    return Telling(**{**base, **kw})


def test_components_group_connected_pairs():
    assert components([(1, 2), (2, 3), (7, 8)]) == [[1, 2, 3], [7, 8]]


def test_order_by_telling_date_undated_last():
    ts = [telling(telling_date=None, start=5), telling(telling_date="1940-08-20"),
          telling(telling_date="1927", start=9), telling(telling_date="[1934-12-28,1934-12-30]")]  # fmt: skip
    assert [t.telling_date for t in order(ts)] == [
        "1927", "[1934-12-28,1934-12-30]", "1940-08-20", None,
    ]  # fmt: skip


def test_drift_marks_changed_cells_against_the_last_value_given():
    ts = [
        telling(telling_date="1927", claimed_date="1921", audience="in a small circle"),
        telling(telling_date="1929", claimed_date="1921", audience=None),
        telling(telling_date="1931", claimed_date="1922", audience="to his secretary"),
        telling(telling_date="1940", claimed_date="1922", audience="In a  small circle"),
    ]
    rows = drift(ts)
    assert [r["claimed_date"]["changed"] for r in rows] == [False, False, True, False]
    assert [r["audience"]["changed"] for r in rows] == [False, False, True, True]
    assert rows[1]["audience"] == {"value": None, "changed": False}


def test_summary_says_what_moved():
    ts = [
        telling(source="a", telling_date="1927", claimed_date="1921", audience="friends"),
        telling(source="b", telling_date="1929", claimed_date="1921", audience="his secretary"),
        telling(source="c", telling_date="1931", claimed_date="1922", audience="the congress"),
    ]
    line = summary(ts)
    assert "3 tellings in 3 sources" in line
    assert "earliest attestation 1927" in line
    assert "claimed date moves 1921 → 1922 after 1931" in line
    assert "audience varies 3 ways" in line
    assert "single-witness story" in line


def test_summary_names_witnesses():
    ts = [
        telling(witnesses=("Natalia Sedova",)),
        telling(witnesses=("Natalia Sedova", "Lev Sedov")),
    ]
    assert "witnesses named: Natalia Sedova, Lev Sedov" in summary(ts)


def test_summary_gives_the_range_of_a_claimed_date_that_moves_again_and_again():
    def line(dates):
        return summary([telling(telling_date=str(1940 + i), claimed_date=d)
                        for i, d in enumerate(dates)])  # fmt: skip

    # Four moves are listed; a fifth gives the range of the dates that state a year.
    four = ["1935-01", "1936-08", "1935-01", "1937-01", "1934-12"]
    assert "claimed date moves 1935-01 → 1936-08 → 1935-01 → 1937-01 → 1934-12" in line(four)
    five = [*four, "XXXX-12-16", "../1936", "1938"]
    said = line(five)
    assert "claimed date varies 7 ways, from 1934-12 to 1938" in said
    assert "→" not in said
