"""Rule data: one YAML file per language (or family) beside a ``schema.yaml`` and ``X.cases.tsv``.

Every stage keeps its word lists and patterns as data in ``<stage>/rules/``. This module finds,
loads, validates and caches those files; the engines that use them live in the stages.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from adfontes.errors import InputError

SCHEMA = "schema.yaml"
CASES_SUFFIX = ".cases.tsv"


@dataclass(frozen=True, slots=True)
class Case:
    """One row of a ``X.cases.tsv`` file; ``ref`` reads like ``hu.cases.tsv:7``."""

    ref: str
    row: dict[str, str]


def _folder(package: str):
    return resources.files(package)


def _label(package: str, name: str) -> str:
    parts = package.split(".")
    return "/".join(parts[1:]) + "/" + name


def names(package: str) -> list[str]:
    """Names of the rule files in ``package`` (``hu`` for ``hu.yaml``), sorted."""
    found = []
    for entry in _folder(package).iterdir():
        file = entry.name
        if file.endswith(".yaml") and file != SCHEMA and not file.endswith(".generated.yaml"):
            found.append(file.removesuffix(".yaml"))
    return sorted(found)


@cache
def schema(package: str) -> dict:
    return yaml.safe_load(_folder(package).joinpath(SCHEMA).read_text(encoding="utf-8"))


@cache
def load(package: str, name: str) -> dict:
    """The parsed, validated rule file ``<package>/<name>.yaml``; raises InputError when invalid."""
    path = _folder(package).joinpath(f"{name}.yaml")
    if not path.is_file():
        raise InputError(_label(package, f"{name}.yaml"), "no such rule file")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = check(package, name, data)
    if problems:
        raise InputError(_label(package, f"{name}.yaml"), "; ".join(problems))
    return data


def check(package: str, name: str, data: dict) -> list[str]:
    """Problems with one rule file: schema errors, duplicate ids, duplicate forms, wrong ``lang``."""
    import jsonschema

    problems = []
    validator = jsonschema.Draft202012Validator(schema(package))
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        place = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
        problems.append(f"{place.lstrip('.') or '(top)'}: {error.message}")
    if problems:
        return problems
    if "lang" in data and data["lang"] != name:
        problems.append(f"lang: {data['lang']!r} does not match the file name {name!r}")
    seen: dict[str, str] = {}
    for key in ("patterns", "negatives"):
        for i, rule in enumerate(data.get(key) or []):
            rid = rule.get("id")
            if rid in seen:
                problems.append(f"{key}[{i}] ({rid}): id already used in {seen[rid]}")
            seen[rid] = f"{key}[{i}]"
    problems.extend(_duplicate_forms(data))
    return problems


def _duplicate_forms(data: dict, where: str = "") -> list[str]:
    """A string listed twice in one list is a slip in the data; name its place."""
    problems = []
    if isinstance(data, dict):
        for key, value in data.items():
            problems.extend(_duplicate_forms(value, f"{where}.{key}" if where else str(key)))
    elif isinstance(data, list):
        strings = [v for v in data if isinstance(v, str)]
        dupes = sorted({s for s in strings if strings.count(s) > 1})
        if dupes:
            problems.append(f"{where}: listed twice: {', '.join(dupes)}")
        for i, value in enumerate(data):
            if not isinstance(value, str):
                problems.extend(_duplicate_forms(value, f"{where}[{i}]"))
    return problems


def rule_ids(package: str, name: str) -> set[str]:
    data = load(package, name)
    return {r["id"] for key in ("patterns", "negatives") for r in data.get(key) or []}


def cases(package: str, name: str) -> list[Case]:
    """Rows of ``<name>.cases.tsv`` (UTF-8, tabs, one header row, no quoting)."""
    file = f"{name}{CASES_SUFFIX}"
    path = _folder(package).joinpath(file)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [
        Case(ref=f"{file}:{reader.line_num}", row=row)
        for row in reader
        if any((v or "").strip() for v in row.values())
    ]
