"""Run every module of a folder that has a ``main()`` (``make eval`` and ``make bench``).

A module whose data is absent (``../shared`` not beside the repository) says so and returns;
one that fails is reported with its traceback and the others still run.
"""

from __future__ import annotations

import importlib.util
import traceback
from pathlib import Path


def run_folder(folder: Path, names: list[str]) -> int:
    failed = 0
    for path in sorted(folder.glob("*.py")):
        if path.name == "run.py" or path.name.startswith("_"):
            continue
        if names and path.stem not in names:
            continue
        print(f"\n=== {path.stem} ===", flush=True)
        spec = importlib.util.spec_from_file_location(f"{folder.name}_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            module.main()
        except Exception:
            failed += 1
            traceback.print_exc()
    return 1 if failed else 0
