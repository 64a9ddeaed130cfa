"""`--format json`: the public contract (read by ../shared/eval/score.py and CI tools).

A list of findings, each:
  {"path", "code", "category", "severity", "message",
   "start": {"line", "column"}, "end": {"line", "column"},
   "suggestions": [{"replacement", "start", "end"}],
   "sources": [{"path", "line", "excerpt", and when the corpus says: "title", "outlet", "date"}]}
Lines and columns are 1-based; columns count Unicode code points.
"""
from __future__ import annotations

import json
import os

from ...finding import Finding, LineIndex, Position
from . import Report


def _pos(p: Position) -> dict:
    return {"line": p.line + 1, "column": p.column + 1}


def display_path(path: str) -> str:
    """Relative to the working folder when inside it, else as given."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def finding_to_dict(path: str, f: Finding, lines: LineIndex) -> dict:
    return {
        "path": path,
        "code": f.code,
        "category": f.category,
        "severity": str(f.severity),
        "message": f.message,
        "start": _pos(f.start or lines.position(f.span.start)),
        "end": _pos(f.end or lines.position(f.span.end)),
        "suggestions": [
            {
                "replacement": e.replacement,
                "start": _pos(lines.position(e.span.start)),
                "end": _pos(lines.position(e.span.end)),
                **({"title": e.title} if e.title else {}),
            }
            for e in f.suggestions
        ],
        "sources": [{"path": display_path(s.path), "line": s.line, "excerpt": s.excerpt,
                     **{k: v for k in ("title", "outlet", "date") if (v := getattr(s, k))}} for s in f.sources],
        # why factlint thinks it is the same fact (figures) or what changed (quotes)
        **({"why": why} if (why := explanation(f)) else {}),
    }


def explanation(f: Finding) -> dict | None:
    data = f.data or {}
    if "match" in data:
        return data["match"]
    if "changed" in data:
        return {"changed": data["changed"]}
    return None


def render(reports: list[Report], color: bool = False, specs: dict | None = None) -> str:
    out = []
    for r in reports:
        lines = LineIndex(r.text)
        out.extend(finding_to_dict(r.path, f, lines) for f in r.findings)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
