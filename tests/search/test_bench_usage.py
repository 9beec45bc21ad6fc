"""The search benchmark's usage line names exactly the options it takes; bad counts are refused."""

from __future__ import annotations

import importlib
import re

import pytest

bench = importlib.import_module("bench.search")


def test_the_usage_line_names_every_option_and_no_other():
    usage = next(line for line in bench.__doc__.splitlines() if "python bench/search.py" in line)
    documented = set(re.findall(r"--[a-z-]+", usage))
    taken = {
        opt
        for action in bench.arguments()._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    }
    assert documented == taken


def test_the_help_describes_the_whole_benchmark():
    assert bench.arguments().description.endswith("index build time and store size.")


@pytest.mark.parametrize(
    "args", [["--rounds", "0"], ["--rounds", "-2"], ["--embed", "-1"], ["--sizes", "100,x"]]
)
def test_counts_out_of_range_are_refused(args):
    with pytest.raises(SystemExit):
        bench.arguments().parse_args(args)


def test_defaults():
    args = bench.arguments().parse_args([])
    assert (args.sizes, args.embed, args.rounds) == ([100_000], 256, 3)
    assert bench.arguments().parse_args(["--sizes", "10,20"]).sizes == [10, 20]
