"""Commands over the corpus itself: ingest, analyze, sources, show, stats, demo."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import click

from adfontes.analyze import analyze as run_analysis
from adfontes.analyze import summaries
from adfontes.analyze import warnings as stage_warnings
from adfontes.cli import EXIT_INPUT, cli
from adfontes.cli._options import emit_json, json_option, open_store, store_option, with_store
from adfontes.cli._render import echo_err, progress_bar
from adfontes.ingest import manifest as manifest_mod
from adfontes.ingest.pipeline import discover, ingest
from adfontes.views.corpus import show_view, sources_view, stats_view


def _analyse(store, quiet: bool) -> dict:
    """Run the stages with a bar per stage: sources done, and the rate."""
    bars: dict[str, object] = {}
    with contextlib.ExitStack() as stack:

        def progress(stage: str, i: int, n: int) -> None:
            if stage not in bars:
                bars[stage] = stack.enter_context(
                    progress_bar(f"Analysing: {stage}", total=n, quiet=quiet, unit="sources")
                )
            bars[stage](f"{i}/{n}")

        return run_analysis(store, progress=progress)


def _ingest(db: str, paths, manifest_path, *, base=None, analyze=True, as_json=False) -> int:
    manifest = manifest_mod.load(manifest_path) if manifest_path else None
    for problem in manifest.problems if manifest else []:
        echo_err(f"adfontes: {problem}")
    files, _ = discover(paths)
    total_bytes = sum(f.stat().st_size for f in files)
    started = time.perf_counter()
    with open_store(db, create=True) as store:
        with progress_bar(
            f"Reading {len(files)} files", total=total_bytes, quiet=as_json, unit="MB", scale=1e6
        ) as advance:
            reports = ingest(
                store, paths, manifest, base=base, progress=lambda r: advance(r.path, r.bytes)
            )
        read_seconds = time.perf_counter() - started
        written = {}
        notes: list[str] = []
        if analyze:
            with progress_bar("Analysing", total=None, quiet=as_json) as advance:
                written = run_analysis(
                    store, progress=lambda stage, i, n: advance(f"{stage} {i}/{n}")
                )
            notes = stage_warnings(store)
        stats = stats_view(store)
    seconds = time.perf_counter() - started
    failed = [r for r in reports if r.status == "failed"]
    if as_json:
        emit_json("files", [r.to_json() for r in reports], analysis=written, stats=stats,
                  seconds=round(seconds, 3), read_seconds=round(read_seconds, 3),
                  bytes=total_bytes, warnings=notes)  # fmt: skip
    else:
        for r in reports:
            if r.status == "failed":
                echo_err(f"adfontes: {r.path}: {r.error}")
                continue
            what = f"{r.documents} documents" if r.documents > 1 else "1 document"
            if r.genres:
                what += " (" + ", ".join(f"{n} {g}" for g, n in r.genres.items()) + ")"
            if r.noise:
                what += f" + {r.noise} marked as noise"
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(r.kinds.items(), key=lambda kv: -kv[1]))
            state = {
                "unchanged": "already stored",
                "restored": "back to a version stored before: current again",
            }.get(r.status, f"{what}; {kinds}")
            click.echo(f"  {r.path}  {r.language or ''}  {state}")
            for w in r.warnings:
                echo_err(f"adfontes: {w}")
        c = stats["counts"]
        rate = total_bytes / 1e6 / read_seconds if read_seconds else 0.0
        click.echo(
            f"Stored in {db}: {c['files']} files, {c['sources']} sources "
            f"({stats['documents']} documents, {stats['noise_documents']} noise), "
            f"{c['passages']} passages, {c['sentences']} sentences, "
            f"{c['footnote_links']} footnote links. {total_bytes / 1e6:.2f} MB read in "
            f"{read_seconds:.1f} s ({rate:.2f} MB/s)."
        )
        if written:
            click.echo(
                "Analysis: "
                + ", ".join(f"{k} {v}" for k, v in written.items())
                + f" ({seconds - read_seconds:.1f} s)"
            )
        for note in notes:
            echo_err(f"adfontes: warning: {note}")
    bad = failed or (manifest.problems if manifest else [])
    return EXIT_INPUT if bad else 0


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False),
    help="corpus.yaml with per-file metadata.",
)
@click.option(
    "--analyze/--no-analyze",
    default=True,
    show_default=True,
    help="Run every analysis stage afterwards.",
)
@store_option
@json_option
def ingest_cmd(paths, manifest, analyze, db, as_json):
    """Store files and folders (txt, md, html, pdf, docx, TEI, jsonl), each in its own transaction.

    Re-ingesting an unchanged file changes nothing; a changed file is stored as a new version.
    Without --manifest, a corpus.yaml inside a given folder is used."""
    if manifest is None:
        found = [Path(p) / "corpus.yaml" for p in paths if (Path(p) / "corpus.yaml").is_file()]
        manifest = str(found[0]) if found else None
    return _ingest(db, paths, manifest, analyze=analyze, as_json=as_json)  # fmt: skip


@cli.command("analyze")
@with_store
@json_option
def analyze_cmd(store, as_json):
    """Run every analysis stage over what is stored (each replaces its own rows)."""
    written = _analyse(store, quiet=as_json)
    notes = stage_warnings(store)
    if as_json:
        emit_json("stages", [{"stage": k, "records": v} for k, v in written.items()],
                  warnings=notes)  # fmt: skip
    else:
        click.echo(
            ", ".join(f"{k}: {v} records" for k, v in written.items())
            or "No analysis stage is installed."
        )
        for note in notes:
            echo_err(f"adfontes: warning: {note}")


@cli.command("sources")
@with_store
@click.option("--lang", default=None, help="Only sources in this language.")
@click.option("--no-noise", is_flag=True, help="Leave out material marked as noise.")
@json_option
def sources_cmd(store, lang, no_noise, as_json):
    """List the stored sources: files, and the documents split out of them."""
    records = sources_view(store, lang=lang, include_noise=not no_noise)
    if as_json:
        return emit_json("sources", records)
    for r in records:
        indent = "    " if r["parent"] else ""
        flags = " [noise]" if r["noise"] else ""
        meta = " · ".join(str(x) for x in (r["language"], r["genre"], r["date"], r["author"]) if x)
        click.echo(
            f"{indent}{r['id']}  {r['locator']['path']}:{r['locator']['line']}  {meta}{flags}"
        )
        click.echo(f"{indent}    {r['title']}  ({r['passages']} passages)")


@cli.command("show")
@click.argument("ref")
@with_store
@json_option
def show_cmd(ref, store, as_json):
    """Show a source (id, file name, or name#N) or one passage (SOURCE:SEQ) with its offsets."""
    view = show_view(store, ref)
    for notice in view.get("notices", []):
        echo_err(f"adfontes: {notice}")
    if as_json:
        import json
        import sys

        json.dump(view, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from adfontes.cli._render import render_show

    render_show(view)


@cli.command("stats")
@with_store
@json_option
def stats_cmd(store, as_json):
    """Figures for the whole store: files, sources, passages by kind, stages run."""
    view = stats_view(store)
    if as_json:
        import json
        import sys

        json.dump(view, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for key, value in view["counts"].items():
        click.echo(f"{key:>16}  {value}")
    click.echo(f"{'documents':>16}  {view['documents']} (+{view['noise_documents']} noise)")
    click.echo(f"{'languages':>16}  " + ", ".join(f"{k} {v}" for k, v in view["languages"].items()))
    click.echo(
        f"{'passage kinds':>16}  " + ", ".join(f"{k} {v}" for k, v in view["passage_kinds"].items())
    )
    for run in view["stages"]:
        click.echo(
            f"{'stage':>16}  {run['stage']} (rules {run['rules_version']}) on {run['sources']} sources, {run['ran_at']}"
        )


@cli.command("demo")
@click.option(
    "--db", default="demo.db", show_default=True, help="Path of the demo store (made afresh)."
)
@json_option
def demo_cmd(db, as_json):
    """Ingest the built-in demo corpus into a fresh store, analyse it, and print what was found."""
    from adfontes.demo import corpus_dir

    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    folder = corpus_dir()
    code = _ingest(db, [folder], folder / "corpus.yaml", base=folder.parent, as_json=as_json)
    if not as_json:
        with open_store(db) as store:
            for stage, lines in summaries(store):
                click.echo(f"\n{stage}:")
                for line in lines:
                    click.echo(f"  {line}")
        click.echo(f"\nNext: adfontes sources --db {db}   ·   adfontes show --db {db} SOURCE")
    return code
