"""Run every evaluation (make eval) in this folder, or those named: `python eval/run.py NAME…`."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))

from modules import run_folder  # noqa: E402

sys.exit(run_folder(HERE, sys.argv[1:]))
