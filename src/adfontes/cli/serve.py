"""``adfontes serve``: the workbench in a browser."""

from __future__ import annotations

import click

from adfontes.cli import cli
from adfontes.cli._options import store_option
from adfontes.cli._render import echo_err


@cli.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; beyond loopback every request needs the printed token.")  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")  # fmt: skip
@click.option("--write", is_flag=True,
              help="Allow edits: entity rename and merge, source metadata (read-only without).")  # fmt: skip
@click.option("--quiet", is_flag=True, help="Do not log each request on stderr.")
def serve_cmd(db, host, port, write, quiet):
    """Browse the store: overview, sources, search, entities, timeline, stories, collation.

    Every page has a JSON twin at the same address plus .json, and lists a CSV one (.csv).
    Listens on 127.0.0.1 by default; nothing is loaded from the network.
    """
    from adfontes.serve.server import build_app, make

    app = build_app(db, host=host, write=write)
    server = make(app, host, port, quiet=quiet)
    app.warm()
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{server.server_port}/"
    if app.token:
        address += f"?token={app.token}"
        echo_err("adfontes: listening beyond loopback: every request needs the token below")
    click.echo(f"Serving {db} ({'editable' if write else 'read-only'}) at {address}")
    click.echo("Press Ctrl+C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.store.close()
