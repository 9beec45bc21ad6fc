"""``adfontes cites``, ``adfontes bib`` and ``adfontes provenance``."""

from __future__ import annotations

import click

from adfontes.cite import views
from adfontes.cite.export import to_bibtex, to_csl_json
from adfontes.cite.model import KINDS
from adfontes.cli import cli
from adfontes.cli._options import emit_json, json_option, open_store, store_option, with_store
from adfontes.text import shorten


def _line(loc: dict) -> str:
    return f"{loc['path']}:{loc['line']} [{loc['start']}:{loc['end']}]  {shorten(loc['text'], 90)}"


@cli.command("cites")
@click.argument("source", required=False)
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only citations of this kind.")
@click.option("--check", "problems", is_flag=True, help="List citation inconsistencies instead.")
@click.option("--text", default=None, help="Find citations in this text instead of the store.")
@click.option("--lang", default=None, help="Language of --text (ISO 639-1).")
@click.option("--limit", type=int, default=None, help="Show at most N records.")
@store_option
@json_option
def cites_cmd(source, kind, problems, text, lang, limit, db, as_json):
    """Citations: short cites, full references, shelf marks, newspapers, URLs, note markers.

    Each is shown with the bibliography entry it resolves to and how. With --check, the
    problems: one work cited differently, one collection with two custodians, impossible page
    ranges, short cites with no entry, one alias for two works.
    """
    if text is not None:
        records, found = views.text_view(text, lang)
        records = [r for r in records if kind is None or r["kind"] == kind]
        if problems:
            return emit_json("problems", found) if as_json else _print_problems(found)
        if as_json:
            return emit_json("citations", records[:limit])
        for r in records[:limit]:
            target = f"  → entry {r['entry']} ({r['method']})" if r["entry"] is not None else ""
            click.echo(
                f"{r['kind']:<12} [{r['start']}:{r['end']}] {r['raw']}  ({r['rule']}){target}"
            )
        return None
    with open_store(db) as store:
        if problems:
            found = views.problems_view(store, source)[:limit]
            return emit_json("problems", found) if as_json else _print_problems(found)
        records = views.cites_view(store, source, kind)[:limit]
    if as_json:
        return emit_json("citations", records)
    for r in records:
        target = (
            f"  → {r['entry']['alias'] or r['entry']['title']} ({r['method']})"
            if r["entry"]
            else ""
        )
        click.echo(f"{r['kind']:<12} {_line(r['locator'])}{target}")
    return None


def _print_problems(found: list[dict]) -> None:
    for p in found:
        click.echo(f"{p['kind']}: {p['detail']}")
        for loc in p.get("locators", []):
            click.echo(f"    {_line(loc)}")
        for a, b in p.get("spans", []):
            click.echo(f"    [{a}:{b}]")


@cli.command("bib")
@click.argument("source", required=False)
@click.option("--export", "fmt", type=click.Choice(["csl", "bibtex"]), default=None,
              help="Write the entries as CSL-JSON or BibTeX.")  # fmt: skip
@with_store
@json_option
def bib_cmd(source, fmt, store, as_json):
    """Bibliography entries parsed into CSL-JSON, with their aliases."""
    if fmt is not None:
        entries = views.entries_for_export(store, source)
        click.echo(to_csl_json(entries) if fmt == "csl" else to_bibtex(entries), nl=False)
        return
    records = views.bib_view(store, source)
    if as_json:
        return emit_json("entries", records)
    for r in records:
        alias = f"({r['alias']}) " if r["alias"] else ""
        click.echo(f"{r['id']:>5} {alias}{_line(r['locator'])}")
    return None


@cli.command("provenance")
@click.argument("ref")
@with_store
@json_option
def provenance_cmd(ref, store, as_json):
    """What SOURCE or SOURCE:PASSAGE rests on, transitively: works, archive documents, sources."""
    view = views.provenance_view(store, ref)
    if as_json:
        return emit_json("rests_on", view.pop("rests_on"), **view)
    click.echo(f"{view['source']} rests on:")
    for n in view["rests_on"]:
        others = f"  (also cited by {', '.join(n['also_cited_by'])})" if n["also_cited_by"] else ""
        click.echo(f"  {n['relation']:<15} {n['kind']:<8} {n['label']}{others}")
    if view.get("passage"):
        click.echo(f"passage {view['passage']} cites:")
        for n in view["passage_rests_on"]:
            click.echo(f"  {n['kind']:<8} {n['label']}")
    return None
