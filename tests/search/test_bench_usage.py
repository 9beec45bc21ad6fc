"""The search benchmark's help and defaults; bad counts are refused."""

from __future__ import annotations

import importlib

import pytest

bench = importlib.import_module("bench.search")


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
