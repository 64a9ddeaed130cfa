"""`--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts.

One run; the driver lists every rule that produced a result, with
`shortDescription`, `fullDescription` and `help` from the check's documentation.
URIs are relative to the repository root (`%SRCROOT%`), columns count Unicode
code points (`columnKind`), and each result has `partialFingerprints` so GitHub
can follow a finding across commits.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

from ... import __version__
from ...finding import LineIndex, Severity
from . import Report

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def repository_root() -> Path:
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=5)
        if out.returncode == 0 and out.stdout.strip():
            return Path(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return Path.cwd()


def _uri(path: str, root: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.resolve().as_uri() if p.is_absolute() or p.exists() else path.replace(os.sep, "/")


def _first_paragraph(doc: str) -> str:
    text = doc.strip().split("\n\n")[0]
    return " ".join(text.split()) or "factlint check"


def _rule(code: str, spec) -> dict:
    doc = (spec.doc if spec else "") or code
    short = _first_paragraph(doc)
    return {
        "id": code,
        "name": code.replace("/", "-"),
        "shortDescription": {"text": short[:200]},
        "fullDescription": {"text": " ".join(doc.split())[:2000]},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVEL[spec.severity] if spec else "warning"},
        "properties": {"category": spec.category if spec else code.split("/")[0]},
    }


def render(reports: list[Report], color: bool = False, specs: dict | None = None) -> str:
    specs = specs or {}
    root = repository_root()
    codes = sorted({f.code for r in reports for f in r.findings})
    index = {c: i for i, c in enumerate(codes)}
    results = []
    for r in reports:
        lines = LineIndex(r.text)
        uri = _uri(r.path, root)
        for f in r.findings:
            line_text = lines.line_text(f.start.line).strip()
            fingerprint = hashlib.sha256(f"{f.code}:{line_text}:{r.text[f.span.start:f.span.end]}".encode()).hexdigest()[:32]
            result = {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.start.line + 1, "startColumn": f.start.column + 1,
                               "endLine": f.end.line + 1, "endColumn": f.end.column + 1},
                }}],
                "partialFingerprints": {"primaryLocationLineHash": fingerprint},
            }
            if f.suggestions:
                result["fixes"] = [{
                    "description": {"text": e.title or f"Replace with {e.replacement!r}"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "replacements": [{
                            "deletedRegion": _region(lines, e.span.start, e.span.end),
                            "insertedContent": {"text": e.replacement},
                        }],
                    }],
                } for e in f.suggestions]
            if f.sources:
                result["relatedLocations"] = [{
                    "id": n,
                    "message": {"text": s.excerpt},
                    "physicalLocation": {"artifactLocation": {"uri": _uri(s.path, root), "uriBaseId": "%SRCROOT%"},
                                         "region": {"startLine": s.line}},
                } for n, s in enumerate(f.sources)]
            results.append(result)
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "factlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://example.invalid/factlint",
                "rules": [_rule(c, specs.get(c)) for c in codes],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _region(lines: LineIndex, start: int, end: int) -> dict:
    s, e = lines.position(start), lines.position(end)
    return {"startLine": s.line + 1, "startColumn": s.column + 1, "endLine": e.line + 1, "endColumn": e.column + 1}
