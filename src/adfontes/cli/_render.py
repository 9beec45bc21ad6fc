"""Rendering for people: progress on stderr, text views on stdout."""

from __future__ import annotations

from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from adfontes.text import shorten

_stderr = Console(stderr=True)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


class _AmountColumn(TextColumn):
    """Done and total, and the rate, in the bar's unit (files, MB, sources)."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):
        unit, scale = task.fields["unit"], task.fields["scale"]
        done = task.completed / scale
        rate = done / task.elapsed if task.elapsed else 0.0
        total = f"/{task.total / scale:.{task.fields['digits']}f}" if task.total else ""
        return f"{done:.{task.fields['digits']}f}{total} {unit}  {rate:.2f} {unit}/s"


@contextmanager
def progress_bar(
    label: str, total: float | None, quiet: bool = False, unit: str = "", scale: float = 1.0
):
    """Yields ``advance(item, amount=1)``; draws a bar with counts and rate on stderr.

    ``scale`` divides the amounts for display (1e6 shows bytes as MB)."""
    if quiet or not _stderr.is_terminal:
        yield lambda item=None, amount=1: None
        return
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), _AmountColumn(),
               TimeElapsedColumn(), TextColumn("{task.fields[item]}")]  # fmt: skip
    digits = 2 if scale != 1.0 else 0
    with Progress(*columns, console=_stderr, transient=False) as progress:
        task = progress.add_task(label, total=total, item="", unit=unit, scale=scale, digits=digits)

        def advance(item: str | None = None, amount: float = 1) -> None:
            progress.update(task, advance=amount, item=item or "")

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
            text = shorten(loc["text"], 100)
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
