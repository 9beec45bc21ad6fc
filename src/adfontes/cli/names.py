"""``adfontes names``, ``mentions``, ``entities`` (with merge, split, rename, import, export)
and ``who``."""

from __future__ import annotations

from pathlib import Path

import click

from adfontes.cli import cli
from adfontes.cli._options import (
    emit_json,
    filter_options,
    json_option,
    store_option,
    sub_store_option,
    with_store,
)
from adfontes.errors import InputError, UsageError
from adfontes.locator import where
from adfontes.names import views
from adfontes.names.model import KINDS
from adfontes.names.stage import rebuild
from adfontes.store import connect
from adfontes.store import names as db

KIND = click.Choice(KINDS)


@cli.command("names")
@click.option("--text", required=True, help="Find names in this text (no store needed).")
@click.option("--lang", required=True, help="Language of the text (ISO 639-1).")
@json_option
def names_cmd(text, lang, as_json):
    """People, places and bodies named in a text, with base forms, keys and the rule used."""
    records = views.text_view(text, lang)
    if as_json:
        return emit_json("mentions", records)
    for r in records:
        click.echo(f"{where(r['locator'])}  {r['surface']!r} → {r['base']}  {r['kind']}"
                   f"  keys {', '.join(r['keys'])}  ({r['rule']})")  # fmt: skip
    return None


@cli.command("mentions")
@filter_options
@click.option("--kind", type=KIND, default=None, help="Only mentions of this kind.")
@with_store
@json_option
def mentions_cmd(source, lang, limit, kind, store, as_json):
    """Every stored name mention with its base form, entity and locator."""
    records = views.mentions_view(store, source=source, lang=lang, kind=kind)
    records = records[:limit] if limit is not None else records
    if as_json:
        return emit_json("mentions", records)
    for r in records:
        click.echo(f"{where(r['locator'])}  {r['surface']!r} → {r['base']}  {r['kind']}"
                   f"  [{r['entity'] or '-'}]")  # fmt: skip
    return None


def _print_entity(e: dict) -> None:
    langs = ", ".join(f"{lang} {n}" for lang, n in e["languages"].items())
    click.echo(f"{e['id']:<28} {e['label']}  ({e['kind']}, {e['mentions']} mentions: {langs})")
    forms = ", ".join(f"{v['surface']} ×{v['count']}" for v in e["variants"][:12])
    more = f" … and {len(e['variants']) - 12} more" if len(e["variants"]) > 12 else ""
    click.echo(f"    {forms}{more}")


@cli.group("entities", invoke_without_command=True)
@click.option("--kind", type=KIND, default=None, help="Only entities of this kind.")
@click.option("--lang", default=None, help="Only entities named in this language.")
@click.option("--limit", type=int, default=None, help="Show at most N entities.")
@store_option
@json_option
@click.pass_context
def entities_cmd(ctx, kind, lang, limit, db, as_json):
    """Entities: mentions gathered across languages, scripts and spellings, with every form.

    Sub-commands record decisions that survive re-analysis (merge, split, rename) and read or
    write an authority file (import, export).
    """
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is not None:
        return None
    with connect(db, create=False) as store:
        records = views.entities_view(store, kind=kind, lang=lang)
    records = records[:limit] if limit is not None else records
    if as_json:
        return emit_json("entities", records)
    for e in records:
        _print_entity(e)
    return None


def _store(ctx: click.Context, sub_db: str | None) -> str:
    """The store named after the sub-command, else the one named before it (or the default)."""
    return sub_db if sub_db is not None else ctx.obj["db"]


def _decide(ctx: click.Context, sub_db: str | None, action: str, args: list[str]) -> None:
    with connect(_store(ctx, sub_db), create=False) as store:
        notes = views.decide(store, action, args)
    click.echo(f"recorded: {action} {' '.join(args)}", err=True)
    _warn(notes)


def _warn(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"adfontes: warning: {note}", err=True)


@entities_cmd.command("merge")
@click.argument("names", nargs=-1, required=True)
@sub_store_option
@click.pass_context
def merge_cmd(ctx, names, sub_db):
    """Treat the entities NAMES (ids, labels or names) as one: a pseudonym, a code name."""
    if len(names) < 2:
        raise UsageError("merge needs two or more entities")
    _decide(ctx, sub_db, "merge", list(names))


@entities_cmd.command("split")
@click.argument("entity")
@click.argument("variant")
@sub_store_option
@click.pass_context
def split_cmd(ctx, entity, variant, sub_db):
    """Take the mentions written VARIANT out of ENTITY into an entity of their own."""
    _decide(ctx, sub_db, "split", [entity, variant])


@entities_cmd.command("rename")
@click.argument("entity")
@click.argument("label")
@sub_store_option
@click.pass_context
def rename_cmd(ctx, entity, label, sub_db):
    """Show ENTITY under LABEL."""
    _decide(ctx, sub_db, "rename", [entity, label])


@entities_cmd.command("export")
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv"]), default="yaml",
              show_default=True, help="Authority file format.")  # fmt: skip
@sub_store_option
@click.pass_context
def export_cmd(ctx, fmt, sub_db):
    """Write every entity as an authority file (id, label, kind, variants, QID) to stdout."""
    with connect(_store(ctx, sub_db), create=False) as store:
        click.echo(views.export_authority(store, fmt), nl=False)


@entities_cmd.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@sub_store_option
@click.pass_context
def import_cmd(ctx, path, sub_db):
    """Read an authority file (.yaml or .csv) and gather mentions by it from now on."""
    file = Path(path)
    if not file.is_file():
        raise InputError(path, "no such file")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    # The whole file is checked first: a bad entry leaves the store as it was.
    entries = views.read_authority(path, text)
    with connect(_store(ctx, sub_db), create=False) as store:
        with store.transaction() as conn:
            n = db.replace_authority(conn, entries)
        _, notes = rebuild(store)
    click.echo(f"imported {n} authority entries from {path}", err=True)
    _warn(notes)


@cli.command("who")
@click.argument("name")
@with_store
@json_option
def who_cmd(name, store, as_json):
    """Every entity NAME resolves to, with all its mentions in every language and their passages."""
    records = views.who_view(store, name)
    if as_json:
        return emit_json("entities", records, query=name)
    if not records:
        click.echo(f"no entity for {name!r}", err=True)
    for e in records:
        _print_entity(e)
        for m in e["mention_list"]:
            click.echo(f"    {where(m['locator'])}  {m['surface']!r}  ({m['lang']})")
    return None
