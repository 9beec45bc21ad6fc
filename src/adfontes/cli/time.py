"""``adfontes dates`` and ``adfontes timeline``."""

from __future__ import annotations

import click

from adfontes.cli import cli
from adfontes.cli._options import (
    emit_json,
    filter_options,
    json_option,
    open_store,
    store_option,
    text_options,
    with_store,
)
from adfontes.errors import UsageError
from adfontes.locator import where
from adfontes.time import views


@cli.command("dates")
@filter_options
@text_options
@store_option
@json_option
def dates_cmd(source, lang, limit, text, anchor, db, as_json):
    """Date, range and duration expressions with EDTF values, bounds and precision.

    With --text, read that string (--lang required, --anchor for year-less and relative
    expressions) and need no store. With --source and --anchor, read that stored source afresh
    as if it were dated --anchor (nothing is stored).
    """
    if text is not None:
        if lang is None:
            raise UsageError("--text needs --lang (e.g. --lang hu)")
        records = views.text_view(text, lang, anchor)
    else:
        with open_store(db) as store:
            records = views.dates_view(store, source, lang, anchor)
    records = records[:limit] if limit is not None else records
    if as_json:
        return emit_json("dates", records)
    for r in records:
        bounds = f"{r['earliest'] or '..'} – {r['latest'] or '..'}" if r["precision"] else ""
        click.echo(f"{where(r['locator'])}  {r['locator']['text']!r}  {r['value']}  {bounds}"
                   f"  ({r['rule']}, {r['anchoring']})")  # fmt: skip
    return None


@cli.command("timeline")
@click.option("--who", default=None, help="Only passages that name this person.")
@click.option("--from", "start", default=None, help="Only entries on or after this date (EDTF).")
@click.option("--to", "end", default=None, help="Only entries on or before this date (EDTF).")
@click.option("--lang", default=None, help="Only dates read in this language (ISO 639-1).")
@click.option("--source", default=None, help="Only this source (id, file or name).")
@click.option("--export", "fmt", type=click.Choice(["timelinejs", "csv"]), default=None,
              help="Write TimelineJS3 JSON or CSV instead.")  # fmt: skip
@with_store
@json_option
def timeline_cmd(who, start, end, lang, source, fmt, store, as_json):
    """Dated passages in order of their earliest bound, each citing its passage.

    An uncertain date (a month, a season, a range, an approximation) is shown as a span.
    """
    entries = views.timeline_view(store, who=who, start=start, end=end, lang=lang, source=source)
    if fmt == "timelinejs":
        return click.echo(views.timelinejs(entries), nl=False)
    if fmt == "csv":
        return click.echo(views.timeline_csv(entries), nl=False)
    if as_json:
        return emit_json("entries", entries)
    for e in entries:
        when = (
            e["earliest"]
            if not e["uncertain"]
            else f"{e['earliest'] or '..'} – {e['latest'] or '..'}"
        )
        click.echo(f"{when:<25} {e['value']:<24} {where(e['locator'])}")
        click.echo(f"    {e['label']}")
    return None
