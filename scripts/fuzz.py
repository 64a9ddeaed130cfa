"""`make fuzz`: the long random-editing pass against the real language server.

    FUZZ_SEQUENCES=10000 python scripts/fuzz.py [--first-seed N] [--no-shrink]

Runs one sequence per seed (tests/lsp/fuzz.py) on one server, shrinks each failing sequence
and saves it in tests/lsp/fuzz_regressions/ (replayed by `make test`), and prints a summary:
sequences, steps, crashes, invariant violations, slowest answer. Exits 1 on any violation.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.lsp.fuzz import campaign  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--first-seed", type=int, default=1000)
    ap.add_argument("--no-shrink", action="store_true")
    args = ap.parse_args()
    n = int(os.environ.get("FUZZ_SEQUENCES", "10000"))
    with tempfile.TemporaryDirectory(prefix="factlint-fuzz-") as tmp:
        summary = asyncio.run(campaign(Path(tmp) / "ws", range(args.first_seed, args.first_seed + n),
                                       shrink_failures=not args.no_shrink, log=lambda m: print(m, flush=True)))
    print(json.dumps(summary, indent=1))
    return 1 if summary["violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
