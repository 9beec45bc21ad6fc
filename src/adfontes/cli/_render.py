"""Rendering for people: progress on stderr, text views on stdout."""

from __future__ import annotations

from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

_stderr = Console(stderr=True)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


class _RateColumn(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):
        elapsed = task.elapsed or 0
        rate = task.completed / elapsed if elapsed else 0
        return f"{rate:.1f}/s"


@contextmanager
def progress_bar(label: str, total: int | None, quiet: bool = False):
    """Yields ``advance(description)``; draws a bar with counts and rate on stderr."""
    if quiet or not _stderr.is_terminal:
        yield lambda description=None: None
        return
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               _RateColumn(), TimeElapsedColumn(), TextColumn("{task.fields[item]}")]  # fmt: skip
    with Progress(*columns, console=_stderr, transient=False) as progress:
        task = progress.add_task(label, total=total, item="")

        def advance(item: str | None = None) -> None:
            progress.update(task, advance=1, item=item or "")

        yield advance


def render_show(view: dict) -> None:
    if "passages" in view and isinstance(view["passages"], list):
        click.echo(f"{view['id']}  {view['title']}")
        meta = ", ".join(
            f"{k}: {view[k]}"
            for k in ("language", "kind", "genre", "date", "author")
            if view.get(k)
        )
        click.echo(f"  {meta}")
        if view["inferred"]:
            click.echo(f"  inferred: {', '.join(view['inferred'])}")
        for p in view["passages"]:
            loc = p["locator"]
            text = " ".join(loc["text"].split())
            text = text if len(text) <= 100 else text[:99] + "…"
            click.echo(
                f"  {p['seq']:>5} {p['kind']:<12} {p['lang'] or '':<3} {loc['path']}:{loc['line']} [{loc['start']}:{loc['end']}]  {text}"
            )
        return
    loc = view["locator"]
    click.echo(
        f"{view['ref']}  {view['kind']}  {view['lang']}  {loc['path']}:{loc['line']} [{loc['start']}:{loc['end']}]"
    )
    if view.get("section"):
        click.echo(f"section: {view['section']}")
    click.echo("")
    click.echo(loc["text"])
    if view["sentences"]:
        click.echo(f"\n{len(view['sentences'])} sentences")
    for note in view["footnotes"]:
        click.echo(
            f"footnote {note['label']}: marker in passage {note['marker_passage']} → note passage {note['note_passage']}"
        )
