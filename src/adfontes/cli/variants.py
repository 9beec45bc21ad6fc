"""``adfontes collate`` (align witnesses of one text) and ``adfontes variants`` (retellings)."""

from __future__ import annotations

import sys

import click

from adfontes.cli import cli
from adfontes.cli._options import emit_json, json_option, open_store, store_option, with_store
from adfontes.errors import UsageError
from adfontes.variants import views


@cli.command("collate")
@click.argument("refs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "tei"]), default="text",
              show_default=True, help="Side-by-side text, CollateX JSON or TEI.")  # fmt: skip
@click.option("--sigla", default=None, help="Comma-separated sigla, one per witness.")
@click.option("--lang", default=None, help="Language of every witness (default: detected).")
@click.option("--mode", type=click.Choice(["tokens", "sentences"]), default=None,
              help="Align words, or sentences and names (default: sentences across languages).")  # fmt: skip
@click.option("--words-only", is_flag=True, help="Do not read names and dates as such.")
@store_option
@json_option
def collate_cmd(refs, fmt, sigla, lang, mode, words_only, db, as_json):
    """Collate witnesses: files, or sources in the store (id, file or name).

    Witnesses in one language are aligned word by word after normalisation (case, punctuation,
    numbers; dates as EDTF and names as entities); a text and its translation are aligned by
    sentence, and names that one leaves out are listed. Reports additions, omissions,
    substitutions and transpositions of each witness against the first.
    """
    ws = views.witnesses(
        list(refs),
        open_store=lambda: open_store(db),
        sigla=sigla.split(",") if sigla else None,
        lang=lang,
    )
    fmt = "json" if as_json else fmt
    out = views.collate_view(ws, fmt, normalise=not words_only, mode=mode)
    if fmt == "json":
        return emit_json("variants", out.pop("variants"), **out)
    sys.stdout.write(out)
    return None


@cli.command("variants")
@click.argument("phrase", required=False)
@click.option("--discover", is_flag=True, help="List the recurring stories, strongest first.")
@click.option("--limit", type=click.IntRange(0), default=None, help="Show at most N stories.")
@with_store
@json_option
def variants_cmd(phrase, discover, limit, store, as_json):
    """Every telling of a story or quotation, ordered by the date of telling, with its drift.

    With PHRASE, the stories that hold those words (or, when no stored story does, every
    passage where they stand); with --discover, the recurring stories the variants stage found.
    Each story has a summary line and a drift table: one row per telling, one column per slot
    (telling date, claimed date, audience, wording, witnesses, teller); '*' marks a changed cell
    and '!' the earliest attestation.
    """
    if discover == (phrase is not None):
        raise UsageError("give a phrase or --discover (one of them)")
    found = views.discover_view(store, limit) if discover else views.phrase_view(store, phrase)
    found = found[:limit] if limit is not None else found
    if as_json:
        return emit_json("stories", found)
    for story in found:
        click.echo(views.drift_text(story))
    return None
