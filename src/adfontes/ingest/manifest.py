"""The corpus manifest (``corpus.yaml``): per-file metadata, each problem named with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from adfontes.errors import InputError

KINDS = frozenset({"primary", "secondary", "tertiary"})
FIELDS = frozenset(
    {"path", "title", "author", "date", "language", "kind", "genre", "archive", "translation_of"}
)
# EDTF levels 0-1 for a single date (with ~ ? % and X digits), an interval, or a set.
_EDTF_DATE = r"-?[0-9X]{4}(?:-(?:[0-9X]{2}))?(?:-[0-9X]{2})?[~?%]?"
_EDTF = re.compile(
    rf"^(?:{_EDTF_DATE}|(?:{_EDTF_DATE}|\.\.)?/(?:{_EDTF_DATE}|\.\.)?|\[{_EDTF_DATE}(?:,\s*{_EDTF_DATE})*\])$"
)


def is_edtf(value: str) -> bool:
    if not _EDTF.match(value):
        return False
    for part in re.findall(r"-?[0-9X]{4}(?:-[0-9X]{2}){0,2}", value):
        pieces = part.lstrip("-").split("-")
        if (
            len(pieces) > 1
            and "X" not in pieces[1]
            and not (1 <= int(pieces[1]) <= 12 or 21 <= int(pieces[1]) <= 24)
        ):
            return False
        if len(pieces) > 2 and "X" not in pieces[2] and not 1 <= int(pieces[2]) <= 31:
            return False
    return True


@dataclass(frozen=True, slots=True)
class Manifest:
    path: str
    entries: dict[str, dict]  # resolved file path -> metadata
    problems: list[InputError]

    def for_file(self, file: Path) -> dict:
        return dict(self.entries.get(str(file.resolve()), {}))


def load(path: str | Path) -> Manifest:
    """Read a manifest; bad entries are reported and their bad fields left out."""
    path = Path(path)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
    except OSError as exc:
        raise InputError(label, f"cannot read manifest ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else None
        raise InputError(label, f"not valid YAML ({getattr(exc, 'problem', exc)})", line) from exc
    if root is None or not isinstance(root, yaml.MappingNode):
        raise InputError(label, "a manifest is a mapping with a 'sources' list")
    sources_node = next((v for k, v in root.value if k.value == "sources"), None)
    if not isinstance(sources_node, yaml.SequenceNode):
        raise InputError(label, "no 'sources' list")
    entries: dict[str, dict] = {}
    problems: list[InputError] = []
    for node in sources_node.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            problems.append(InputError(label, "each source is a mapping", line))
            continue
        entry: dict = {}
        for key_node, value_node in node.value:
            key, vline = key_node.value, key_node.start_mark.line + 1
            value = yaml.safe_load(yaml.serialize(value_node))
            problem = _check(key, value)
            if problem:
                problems.append(InputError(label, problem, vline))
                continue
            if value is not None:
                entry[key] = str(value) if key != "path" else value
        if "path" not in entry:
            problems.append(InputError(label, "source without 'path'", line))
            continue
        file = (path.parent / entry["path"]).resolve()
        entries[str(file)] = entry
    return Manifest(label, entries, problems)


def _check(key: str, value) -> str | None:
    if key not in FIELDS:
        return None  # other keys are kept as they are
    if value is None:
        return None
    if key == "date" and not is_edtf(str(value)):
        return f'date "{value}" is not EDTF'
    if key == "kind" and value not in KINDS:
        return f'kind "{value}" is not one of {", ".join(sorted(KINDS))}'
    if key == "language" and not re.fullmatch(r"[a-z]{2,3}", str(value)):
        return f'language "{value}" is not an ISO 639 code'
    return None
