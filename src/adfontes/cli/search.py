"""Commands for retrieval: search, similar, embed."""

from __future__ import annotations

import click

from adfontes.cli import cli
from adfontes.cli._options import emit_json, json_option, with_store
from adfontes.cli._render import echo_err, progress_bar
from adfontes.errors import UsageError
from adfontes.search import engine
from adfontes.search.embed import default_embedder, embed_missing
from adfontes.store import search as db
from adfontes.store.sources import resolve_source


def _render(store, results: engine.Results, as_json: bool, **extra) -> None:
    for notice in results.notices:
        echo_err(f"adfontes: {notice}")
    locators = engine.locators_for(store)
    if as_json:
        records = [h.to_json(locators) for h in results.hits]
        emit_json("hits", records, mode=results.mode, notices=results.notices, **extra)
        return
    for i, hit in enumerate(results.hits, 1):
        loc = hit.locator
        why = ", ".join(f"{k} {v}" for k, v in hit.reasons.items() if k != "matched")
        click.echo(
            f"{i:>2}. {hit.passage.ref}  {hit.passage.lang or ''}  {loc.path}:{loc.line} "
            f"[{loc.start}:{loc.end}]  score {hit.score:.4g} ({why})"
        )
        click.echo(f"    {_snippet(locators.text(hit.passage.file_id), hit)}")
    if not results.hits:
        click.echo("No passage found.")


def _snippet(text: str, hit: engine.Hit) -> str:
    """The snippet with each highlighted word in bold (plain brackets when not on a terminal)."""
    start, end = hit.snippet()
    out, at = [], start
    for a, b in hit.highlights:
        if a < start or b > end:
            continue
        out.append(text[at:a])
        out.append(click.style(text[a:b], bold=True, fg="yellow"))
        at = b
    out.append(text[at:end])
    body = " ".join("".join(out).split())
    return (
        ("…" if start > hit.passage.start else "") + body + ("…" if end < hit.passage.end else "")
    )


@cli.command("search")
@click.argument("query")
@click.option("--lang", multiple=True, help="Only passages in this language (repeatable).")
@click.option(
    "--kind", multiple=True, help="Only sources of this kind: primary, secondary, tertiary."
)
@click.option("--genre", multiple=True, help="Only sources of this genre (letter, memoir, ...).")
@click.option("--source", multiple=True, help="Only this source (id, file or name; repeatable).")
@click.option("--from", "date_from", help="Only passages with a date on or after (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", help="Only passages with a date on or before (YYYY[-MM[-DD]]).")
@click.option("--who", help="Only passages that name this person (any spelling or script).")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits.")
@click.option("--mode", type=click.Choice(engine.MODES), default="fused", show_default=True,
              help="Lexical (BM25), dense (embeddings) or both fused by reciprocal rank.")  # fmt: skip
@click.option("--balance/--no-balance", default=True, show_default=True,
              help="Rank each language's passages among their own language, so that every "
              "language's best passages come up (--no-balance: one ranking for all).")  # fmt: skip
@json_option
@with_store
def search_cmd(
    store, query, lang, kind, genre, source, date_from, date_to, who, k, mode, balance, as_json
):
    """Find passages for QUERY in any language: words, "a phrase", prefix*.

    Every spelling of a name matches (Trotsky, Trockijjal, Троцкого); with embeddings, passages
    in other languages that say the same thing are found too.
    """
    filters = engine.make_filters(store, lang=lang, kind=kind, genre=genre, source=source,
                                  date_from=date_from, date_to=date_to, who=who)  # fmt: skip
    results = engine.run(store, query, k, mode=mode, filters=filters, balance=balance)
    _render(store, results, as_json, query=query)


@cli.command("similar")
@click.argument("passage")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits.")
@click.option("--lang", multiple=True, help="Only passages in this language (repeatable).")
@json_option
@with_store
def similar_cmd(store, passage, k, lang, as_json):
    """Passages like PASSAGE (SOURCE:SEQ, as 'adfontes show' and search print it), in any language."""
    ref, sep, seq = passage.rpartition(":")
    if not sep or not seq.isdigit():
        raise UsageError(f"passage {passage!r} is not SOURCE:SEQ (for example 3a1a3abd9470.04:29)")
    notices = []
    try:
        source = resolve_source(store.conn, ref)
    except UsageError:
        replaced = db.replaced_passage(store.conn, ref, int(seq))
        if replaced is None:
            raise
        pid = replaced.current_passage(passage)
        notices.append(
            f"passage {passage} is from an older version of {replaced.path}; using "
            f"{replaced.current_ref}, the same text in the current version"
        )
    else:
        pid = db.passage_by_ref(store.conn, source.id, int(seq))
        if pid is None:
            raise UsageError(f"source {source.id} has no passage {seq}")
    filters = engine.make_filters(store, lang=lang)
    results = engine.similar(store, pid, k, filters=filters)
    results.notices[:0] = notices
    _render(store, results, as_json, passage=passage)


@cli.command("embed")
@click.option(
    "--limit", type=click.IntRange(min=0), default=None, help="Embed at most N passages this time."
)
@json_option
@with_store
def embed_cmd(store, limit, as_json):
    """Compute the missing passage embeddings (resumable: each batch is stored as it is done)."""
    available = default_embedder()
    if available.embedder is None:
        raise UsageError(f"cannot embed: {available.notice}")
    embedder = available.embedder
    total = len(db.missing_embeddings(store.conn, embedder.name))
    total = min(total, limit) if limit is not None else total
    with progress_bar("Embedding", total=total, quiet=as_json) as advance:
        seen = [0]

        def step(done: int, _: int) -> None:
            for _ in range(done - seen[0]):
                advance()
            seen[0] = done

        done = embed_missing(store, embedder, limit=limit, progress=step)
    stored = db.embedding_state(store.conn, embedder.name)[0]
    if as_json:
        emit_json("models", [{"model": embedder.name, "embedded": done, "stored": stored}])
    else:
        click.echo(f"Embedded {done} passages with {embedder.name}; {stored} stored.")
