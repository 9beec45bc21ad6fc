"""The claims benchmark's usage line names exactly the options it takes; bad sizes are refused."""

from __future__ import annotations

import importlib
import re

import pytest

bench = importlib.import_module("bench.claims")


def test_the_usage_line_names_every_option_and_no_other():
    usage = next(line for line in bench.__doc__.splitlines() if "python bench/claims.py" in line)
    documented = set(re.findall(r"--[a-z-]+", usage))
    taken = {
        opt
        for action in bench.arguments()._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    }
    assert documented == taken


@pytest.mark.parametrize(
    "args", [["--sizes", "100,x"], ["--sizes", "0"], ["--sizes", ","], ["--conflicts-max", "-1"]]
)
def test_bad_sizes_are_refused(args):
    with pytest.raises(SystemExit):
        bench.arguments().parse_args(args)


def test_defaults():
    args = bench.arguments().parse_args([])
    assert (args.sizes, args.conflicts_max) == ([100_000], 20_000)
    assert bench.arguments().parse_args(["--sizes", "10,20"]).sizes == [10, 20]
