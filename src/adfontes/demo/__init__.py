"""The demo corpus shipped in the package, and its key (what the stages must find)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def corpus_dir() -> Path:
    return Path(str(resources.files("adfontes.demo").joinpath("corpus")))


def key_path() -> Path:
    return Path(str(resources.files("adfontes.demo").joinpath("key.yaml")))
