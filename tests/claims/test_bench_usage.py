"""The claims benchmark refuses bad sizes and has its documented defaults."""

from __future__ import annotations

import importlib

import pytest

bench = importlib.import_module("bench.claims")


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
