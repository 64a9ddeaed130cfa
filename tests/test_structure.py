"""The structure ARCHITECTURE.md states, held: what imports what, thin checks, the fact model in
one package, every matching parameter documented."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "server" / "factlint"


def _imports(path: Path) -> set[str]:
    """The factlint modules a file imports (as dotted names under factlint), and outside ones."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]  # the package the file is in
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
                out.add(name)
                out.update(f"{name}.{a.name}" for a in node.names)
            else:
                out.add(node.module or "")
    return out


def test_the_fact_model_imports_nothing_from_checks_matching_corpus_or_the_server():
    banned = ("factlint.checks", "factlint.match", "factlint.corpus", "factlint.lsp", "factlint.engine",
              "factlint.cli")
    for path in (PACKAGE / "facts").glob("*.py"):
        bad = {m for m in _imports(path) if m.startswith(banned)}
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_matching_imports_no_check_and_nothing_imports_pygls_outside_the_server():
    for path in (PACKAGE / "match").glob("*.py"):
        assert not {m for m in _imports(path) if m.startswith(("factlint.checks", "factlint.lsp"))}, path.name
    for path in PACKAGE.rglob("*.py"):
        if "lsp" in path.relative_to(PACKAGE).parts:
            continue
        assert not {m for m in _imports(path) if m.startswith(("pygls", "lsprotocol"))}, path


def test_checks_stay_thin():
    for path in (PACKAGE / "checks").glob("*.py"):
        n = len(path.read_text(encoding="utf-8").splitlines())
        assert n <= 250, f"checks/{path.name} has {n} lines: its matching belongs in match/"


def test_no_module_at_the_package_root_holds_facts():
    root = {p.stem for p in PACKAGE.glob("*.py")}
    assert root == {"__init__", "__main__", "analysis", "config", "document", "engine", "finding", "nlp",
                    "registry", "textfile"}, "fact extraction lives in facts/, matching in match/"


def test_every_matching_parameter_says_what_it_means_and_where_it_was_measured():
    from factlint.match import params

    assert len(params.PARAMETERS) > 20
    for name, p in params.PARAMETERS.items():
        assert getattr(params, name) == p.value, name
        assert len(p.meaning) > 20 and p.measured_on, name
