"""Every command has help text, a section in docs/cli/, and a JSON schema when it has --json."""

import re

import click
import pytest
from tests.conftest import DOCS

from adfontes.cli import _load_commands, cli

_load_commands()
COMMANDS = sorted(cli.commands)


def _documented() -> set[str]:
    found = set()
    for page in (DOCS / "cli").glob("*.md"):
        found.update(
            re.findall(r"^## adfontes ([\w-]+)", page.read_text(encoding="utf-8"), re.MULTILINE)
        )
    return found


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name):
    assert (cli.commands[name].help or "").strip(), f"adfontes {name} has no help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_a_docs_section(name):
    assert name in _documented(), f"no '## adfontes {name}' section in docs/cli/*.md"


@pytest.mark.parametrize("name", COMMANDS)
def test_json_commands_have_a_schema(name):
    command = cli.commands[name]
    params = command.params if not isinstance(command, click.Group) else []
    if any(p.name == "as_json" for p in params):
        schemas = {p.stem for p in (DOCS / "json").glob("*.json")}
        assert name in schemas, f"adfontes {name} --json has no docs/json/{name}.json"
