"""Run every evaluation in this folder (``make eval``): each module's ``main()`` prints a table.

An evaluation whose data is absent (``../shared`` not beside the repository) says so and is
skipped; one that fails is reported and the others still run.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    failed = 0
    for path in sorted(HERE.glob("*.py")):
        if path.name in ("run.py", "__init__.py") or path.name.startswith("_"):
            continue
        if names and path.stem not in names:
            continue
        print(f"\n=== {path.stem} ===", flush=True)
        spec = importlib.util.spec_from_file_location(f"eval_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            module.main()
        except Exception:
            failed += 1
            traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
