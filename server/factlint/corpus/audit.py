"""`factlint corpus audit`: where the corpus disagrees with itself.

Each article is checked like a draft against the rest of the corpus (never
against itself), so the usual checks find the corpus's own weak spots: the same
fact with different figures (`figure/conflict`), the same remark with different
wording (`quote/altered`: often two translations) or different speakers
(`quote/misattributed`), and artefacts inside articles (the YAML rules). A
disagreement between two articles is reported once. `undated` lists the articles whose
figures have no publication day (no readable `date:`, no full date in the text): in an
archive of look-alike nights those are compared on words alone.
"""
from __future__ import annotations

import json
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


def undated(engine: Engine) -> list[str]:
    """Paths of the articles that state figures but carry no publication day."""
    index = engine.corpus()
    if index is None:
        return []
    articles = {a.id: a.path for a in index.articles()}
    stating, dated = set(), set()
    for r in index.figure_values(list(articles)):
        stating.add(r["article_id"])
        if json.loads(r["data"]).get("published"):
            dated.add(r["article_id"])
    return sorted(articles[a] for a in stating - dated)
