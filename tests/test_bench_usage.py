"""Each benchmark script's usage line names exactly the options its parser takes."""

from __future__ import annotations

import importlib
import re

import pytest


@pytest.mark.parametrize("name", ["search", "claims"])
def test_the_usage_line_names_every_option_and_no_other(name):
    bench = importlib.import_module(f"bench.{name}")
    usage = next(line for line in bench.__doc__.splitlines() if f"python bench/{name}.py" in line)
    documented = set(re.findall(r"--[a-z-]+", usage))
    taken = {
        opt
        for action in bench.arguments()._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    }
    assert documented == taken
