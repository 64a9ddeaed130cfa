"""`factlint corpus audit`: where the corpus disagrees with itself.

Each article is checked like a draft against the rest of the corpus (never
against itself), so the usual checks find the corpus's own weak spots: the same
fact with different figures (`figure/conflict`), the same remark with different
wording (`quote/altered`: often two translations) or different speakers
(`quote/misattributed`), and artefacts inside articles (the YAML rules). A
disagreement between two articles is reported once.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..engine import Engine
from ..finding import Finding


@dataclass
class ArticleAudit:
    path: str
    name: str
    text: str
    findings: list[Finding]


def audit(engine: Engine) -> list[ArticleAudit]:
    index = engine.corpus()
    if index is None:
        return []
    out = []
    seen_pairs: set[tuple] = set()
    for article in index.articles():
        findings = []
        for f in engine.check(article.text, article.path, options={"exclude_paths": [article.path]}):
            if f.sources:
                here = (article.path, f.start.line + 1 if f.start else 0)
                there = tuple(sorted((s.path, s.line) for s in f.sources))
                key = (f.category, frozenset({here, *there}))
                if key in seen_pairs:
                    continue
                seen_pairs.add(key)
            findings.append(f)
        out.append(ArticleAudit(article.path, article.name, article.text, findings))
    return out
