"""``adfontes claims``, ``conflicts``, ``check`` and ``audit``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from adfontes.claims import views
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
from adfontes.errors import InputError, UsageError
from adfontes.locator import where
from adfontes.text import shorten


@cli.command("claims")
@filter_options
@text_options
@store_option
@json_option
def claims_cmd(source, lang, limit, text, anchor, db, as_json):
    """Checkable assertions, sentence by sentence: speaker, quotes, polarity, hedges and slots
    (persons, places, times, quantities).

    With --text, read that string (--lang required) and need no store.
    """
    if text is not None:
        if lang is None:
            raise UsageError("--text needs --lang (e.g. --lang en)")
        records = views.text_view(text, lang, anchor)
    else:
        with open_store(db) as store:
            records = views.claims_view(store, source, lang)
    records = records[:limit] if limit is not None else records
    if as_json:
        return emit_json("claims", records)
    for r in records:
        flags = [r["modality"]] + (["negative"] if r["polarity"] == "negative" else [])
        who = f"  speaker: {r['speaker']}" if r["speaker"] else ""
        click.echo(
            f"{where(r['locator'], name_only=True)}  [{', '.join(flags)}]{who}  {shorten(r['locator']['text'], 90)}"
        )
        slots = [f"{s['kind']} {s['locator']['text']!r}" + (f"={s['value']}" if s["kind"] in ("time", "quantity") else "")
                 for s in r["slots"] if s["kind"] in ("person", "place", "org", "time", "quantity", "quote")]  # fmt: skip
        if slots:
            click.echo(f"    {' · '.join(slots)}")
    return None


@cli.command("conflicts")
@click.option("--type", "kind", type=click.Choice(views.CONFLICT_TYPES), default=None,
              help="Only conflicts of this type (a slot, custody or citation).")  # fmt: skip
@click.option("--who", default=None, help="Only conflicts about this person (any spelling).")
@click.option("--source", default=None, help="Only conflicts that involve this source.")
@click.option("--limit", type=int, default=None, help="Show at most N conflicts.")
@with_store
@json_option
def conflicts_cmd(kind, who, source, limit, store, as_json):
    """Pairs of claims about one event that disagree on a date, place, quantity or person, and
    citations that disagree between two places (one collection with two custodians, one work
    with two dates, titles, publishers or page ranges), ranked by confidence, each with both
    spans and the reasons."""
    records = views.conflicts_view(store, kind=kind, who=who, source=source)
    records = records[:limit] if limit is not None else records
    if as_json:
        return emit_json("conflicts", records)
    for c in records:
        click.echo(
            f"#{c['rank']}  {c['type']}  {c['label']} ({c['confidence']:.2f})  {c['reason']}"
        )
        for side in ("a", "b"):
            claim = c[side]["claim"]
            click.echo(f"  {where(claim, name_only=True)}  {shorten(claim['text'], 90)}")
        click.echo(f"  reasons: {'; '.join(c['reasons'])}")
    return None


def _render_evidence(rows: list[dict]) -> None:
    for e in rows:
        click.echo(
            f"  {e['stance']:<12}{where(e['locator'], name_only=True)}  {shorten(e['locator']['text'], 80)}"
        )
        if e["reasons"]:
            click.echo(f"              {' · '.join(e['reasons'])}")


@cli.command("check")
@click.argument("claim")
@click.option(
    "--lang", default=None, help="Language of the claim (ISO 639-1; guessed if not given)."
)
@click.option("--limit", type=int, default=None, help="Show at most N pieces of evidence.")
@with_store
@json_option
def check_cmd(claim, lang, limit, store, as_json):
    """Check a free-text claim against the store: evidence that supports or contradicts it,
    counted by independent source, and a verdict (never "true")."""
    result = views.check_view(store, claim, lang)
    if limit is not None:
        result["evidence"] = result["evidence"][:limit]
    if as_json:
        evidence = result.pop("evidence")
        return emit_json("evidence", evidence, **result)
    click.echo(f"Verdict: {result['verdict']} ({result['explanation']})")
    held = result["coverage"]
    if held["level"] != "none":
        missing = f"; not in it: {', '.join(held['missing'])}" if held["missing"] else ""
        click.echo(f"Held by the evidence: {held['level']} claim{missing}")
    _render_evidence(result["evidence"])
    for g in result["support_groups"] + result["contradict_groups"]:
        for link in g["links"]:
            click.echo(f"Independence: {link}: counted once")
    return None


@cli.command("audit")
@click.argument("source")
@click.option("--type", "kind", type=click.Choice(views.CONFLICT_TYPES), default=None,
              help="Only conflicts on this slot.")  # fmt: skip
@click.option("--limit", type=int, default=None, help="Show at most N claims and N conflicts.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False), default=None,
              help="Also write the audit as one self-contained HTML file (as the workbench's "
                   "/audit page shows it).")  # fmt: skip
@with_store
@json_option
def audit_cmd(source, kind, limit, html_file, store, as_json):
    """Every claim of one source checked against the others (and against its own distant
    pages): verdict counts, the claims that are contradicted or contested, and its conflicts."""
    if html_file is not None:
        _html_target(html_file)
    result = views.audit_view(store, source, kind)
    if limit is not None:
        result["claims"], result["conflicts"] = (
            result["claims"][:limit],
            result["conflicts"][:limit],
        )
    if html_file is not None:
        write_audit_html(html_file, result)
    if as_json:
        claims = result.pop("claims")
        return emit_json("claims", claims, **result)
    counts = ", ".join(
        f"{v} {k}" for k, v in sorted(result["verdicts"].items(), key=lambda kv: -kv[1])
    )
    click.echo(f"{result['path']}: {counts}")
    for c in result["claims"]:
        click.echo(
            f"{c['verdict']:<14}{where(c['locator'], name_only=True)}  {shorten(c['locator']['text'], 80)}"
        )
        click.echo(f"              {c['explanation']}")
    if result["conflicts"]:
        click.echo(f"\n{len(result['conflicts'])} conflicts:")
    for c in result["conflicts"]:
        click.echo(f"  #{c['rank']} {c['type']} ({c['confidence']:.2f}) {where(c['a']['claim'], name_only=True)} vs "
                   f"{where(c['b']['claim'], name_only=True)}: {c['reason']}")  # fmt: skip
    for p in result["citation_problems"]:
        click.echo(f"  citation {p['kind']}: {p['detail']}")
    return None


def _html_target(path: str) -> Path:
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(path, f"--html: the folder {target.parent} does not exist")
    return target


def write_audit_html(path: str, result: dict) -> None:
    """The audit as a standalone page, written whole or not at all."""
    from adfontes.serve.app import report_document
    from adfontes.serve.pages.claims import audit_body

    target = _html_target(path)
    data = {"claims": result["claims"], "count": len(result["claims"]),
            **{k: v for k, v in result.items() if k != "claims"}}  # fmt: skip
    name = result["path"].rsplit("/", 1)[-1]
    text = report_document(f"Audit: {name}", audit_body(data, links=False))
    fd, tmp = tempfile.mkstemp(prefix=".audit-", suffix=".html", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(path, f"--html: cannot write it ({exc.strerror})") from exc
