#!/usr/bin/env python3
"""Findings on the demo and the labelled sets, written to (or compared with) a snapshot.

A change that should not change behaviour (moving code, renaming) is checked by running this
before and after: `python scripts/snapshot.py --check` exits 1 and prints the differences when
any finding differs. `--write` records the current findings.

Sets:
- `demo`: examples/draft.md against examples/corpus (in the repository, so CI runs it);
- `dev-drafts`: tests/fixtures/dev-drafts against examples/corpus (in the repository);
- `dev`, `real-dev`, `archive-dev`: the shared evaluation sets (../shared/eval), when present.
  Their text is not copied here: each finding is recorded by code, range and a digest of its
  message, suggestions and sources.

The snapshot lives in tests/snapshots/findings.json; tests/test_snapshot.py compares.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("FACTLINT_EVAL", ROOT.parent / "shared" / "eval"))
SNAPSHOT = ROOT / "tests" / "snapshots" / "findings.json"


def sets() -> dict[str, tuple[list[Path], Path, bool]]:
    """name -> (drafts, corpus, whether the findings may be recorded in full)."""
    out = {
        "demo": ([ROOT / "examples" / "draft.md"], ROOT / "examples" / "corpus", True),
        "dev-drafts": (sorted((ROOT / "tests" / "fixtures" / "dev-drafts").glob("*.md")), ROOT / "examples" / "corpus",
                       True),
    }
    shared = {
        "dev": (EVAL / "dev" / "drafts", EVAL.parent / "corpus"),
        "real-dev": (EVAL / "real-dev" / "articles", EVAL.parent / "corpus"),
        "archive-dev": (EVAL / "archive-dev" / "drafts", EVAL / "archive-dev" / "corpus"),
    }
    for name, (folder, corpus) in shared.items():
        if folder.is_dir() and corpus.is_dir():
            out[name] = (sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt")), corpus, False)
    return out


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _within(path: str | None, corpus: Path) -> str | None:
    if not path:
        return path
    p = Path(path)
    p = p if p.is_absolute() else ROOT / p
    try:
        return p.resolve().relative_to(corpus.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def findings(drafts: list[Path], corpus: Path, full: bool, factlint: str) -> dict[str, list]:
    cmd = [factlint, "check", "--corpus", str(corpus), "--format", "json", *map(str, drafts)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
    data = json.loads(proc.stdout)
    items = data if isinstance(data, list) else data.get("findings", [])
    out: dict[str, list] = {p.name: [] for p in drafts}
    for f in items:
        name = Path(f["path"]).name
        where = f"{f['start']['line']}:{f['start']['column']}-{f['end']['line']}:{f['end']['column']}"
        said = {k: f.get(k) for k in ("message", "suggestions", "sources", "why")}
        # A source's path is absolute when the corpus is outside the working folder; the digest
        # must not depend on where the checkout sits, so it reads the path from the corpus down.
        said["sources"] = [{**s, "path": _within(s.get("path"), corpus)} for s in said["sources"] or []]
        row = {"code": f["code"], "range": where}
        if full:
            row.update(message=f.get("message"), fixes=[s.get("replacement") for s in f.get("suggestions") or []])
        else:
            row["digest"] = _digest(said)
        out[name].append(row)
    return out


def current(names: list[str] | None, factlint: str) -> dict:
    out = {}
    for name, (drafts, corpus, full) in sets().items():
        if names and name not in names:
            continue
        out[name] = findings(drafts, corpus, full, factlint)
    return out


def compare(recorded: dict, now: dict) -> list[str]:
    diffs = []
    for name, got in now.items():
        want = recorded.get(name)
        if want is None:
            diffs.append(f"{name}: not in the snapshot")
            continue
        for draft in sorted(set(want) | set(got)):
            a, b = want.get(draft, []), got.get(draft, [])
            if a != b:
                gone = [x for x in a if x not in b]
                new = [x for x in b if x not in a]
                diffs.append(f"{name}/{draft}: lost {json.dumps(gone, ensure_ascii=False)}; "
                             f"new {json.dumps(new, ensure_ascii=False)}")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="record the current findings")
    mode.add_argument("--check", action="store_true", help="compare with the recorded findings")
    ap.add_argument("--set", action="append", help="only these sets (repeatable)")
    ap.add_argument("--factlint", default=str(Path(sys.executable).parent / "factlint"))
    args = ap.parse_args()
    now = current(args.set, args.factlint)
    if args.write:
        recorded = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
        recorded.update(now)
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(recorded, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {', '.join(f'{k} ({sum(map(len, v.values()))} findings)' for k, v in now.items())}")
        return 0
    diffs = compare(json.loads(SNAPSHOT.read_text()), now)
    for d in diffs:
        print(d)
    print(f"{len(diffs)} differences in {', '.join(now)}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
