"""The one entry point. Each module in this package adds the commands of one view or stage.

Commands parse their arguments, call one view or stage function and render the result; library
errors are mapped to exit codes here only: 1 some inputs failed, 2 usage, 3 store.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from adfontes import __version__
from adfontes.errors import InputError, StoreError, UsageError

EXIT_INPUT, EXIT_USAGE, EXIT_STORE = 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="adfontes")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """adfontes: source criticism for historical documents, traceable to the text."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _load_commands() -> None:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


def main(argv: list[str] | None = None) -> None:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    _load_commands()
    try:
        code = cli.main(args=argv, prog_name="adfontes", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("adfontes: interrupted; the store keeps every file completed so far", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except (InputError, UsageError, StoreError) as exc:
        if debug:
            raise
        click.echo(f"adfontes: {exc}", err=True)
        sys.exit({InputError: EXIT_INPUT, UsageError: EXIT_USAGE}.get(type(exc), EXIT_STORE))
    sys.exit(code or 0)
