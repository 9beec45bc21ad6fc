"""Options shared by every command, declared once."""

from __future__ import annotations

import functools
import json
import sys

import click

from adfontes.store import connect


def store_option(func):
    return click.option(
        "--db",
        "db",
        default="adfontes.db",
        show_default=True,
        envvar="ADFONTES_DB",
        help="Path of the store.",
    )(func)


def sub_store_option(func):
    """``--db`` on a sub-command too (``entities merge A B --db PATH``), over the group's."""
    return click.option(
        "--db",
        "sub_db",
        default=None,
        help="Path of the store (may also come before the sub-command).",
    )(func)


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def filter_options(func):
    func = click.option("--limit", type=int, default=None, help="Show at most N records.")(func)
    func = click.option("--lang", default=None, help="Only this language (ISO 639-1).")(func)
    return click.option("--source", default=None, help="Only this source (id, file or name).")(func)


def text_options(func):
    """For text-level stages that also work on a string, with no store."""
    func = click.option("--anchor", default=None, help="EDTF date that anchors relative dates.")(
        func
    )
    return click.option("--text", default=None, help="Analyse this text instead of the store.")(
        func
    )


def open_store(db: str, *, create: bool = False):
    return connect(db, create=create)


def emit_json(key: str, records: list, **extra) -> None:
    """One object on stdout: the records under a plural key, their ``count`` and any extras."""
    payload = {key: records, "count": len(records), **extra}
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def with_store(func):
    """Open the store named by ``--db`` (which must exist) and pass it as ``store``."""

    @functools.wraps(func)
    def wrapper(*args, db: str, **kwargs):
        with open_store(db) as store:
            return func(*args, store=store, **kwargs)

    return store_option(wrapper)
