"""Finding, validating and building YAML rules.

Rule folders: the packaged `rules/` first, then the config's `rules` folders in
order; a later rule with the same id overrides an earlier one. Inside a folder,
`<pack>/<name>.yml` has id `pack/name`; a file directly in a configured folder
takes the folder's name as its pack.

Every problem is a `RuleError` naming the file and line; a broken file turns off
that rule only. Validation uses the published JSON Schema (`rules/schema.json`),
then each kind's own `build` (regexes compile, spaCy patterns validate).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..finding import Severity
from ..registry import CATEGORIES, CheckSpec
from . import consistency, existence, occurrence, pattern, quotes, repetition, substitution
from .base import COMMON_FIELDS, Rule, RuleError
from .yamlload import LDict, line_at
from .yamlload import load as load_yaml

TYPES = {
    "existence": existence,
    "substitution": substitution,
    "repetition": repetition,
    "occurrence": occurrence,
    "consistency": consistency,
    "pattern": pattern,
    "quotes": quotes,
}
RULE_SUFFIXES = (".yml", ".yaml")


def packaged_rules_dir() -> Path:
    """`rules/` installed inside the package (factlint/rules), or the repository's own
    `rules/` in a checkout (an editable install maps factlint.rules there)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "rules", package.parents[1] / "rules"):
        if (candidate / "schema.json").is_file():
            return candidate
    return package / "rules"


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads((packaged_rules_dir() / "schema.json").read_text(encoding="utf-8"))


@dataclass
class RuleSet:
    rules: dict[str, Rule] = field(default_factory=dict)
    errors: list[RuleError] = field(default_factory=list)
    overridden: dict[str, str] = field(default_factory=dict)  # id -> path it replaced

    def specs(self) -> list[CheckSpec]:
        return [to_spec(r) for r in self.rules.values()]


def rule_files(folder: Path) -> list[tuple[Path, str]]:
    """(file, pack) for every rule file in a rules folder."""
    out = []
    if folder.is_file():
        return [(folder, folder.parent.name)]
    for path in sorted(folder.rglob("*")):
        if path.suffix in RULE_SUFFIXES and path.is_file() and not any(s.startswith(".") for s in path.parts[-3:]):
            rel = path.relative_to(folder)
            pack = rel.parts[0] if len(rel.parts) > 1 else folder.name
            out.append((path, pack))
    return out


def load_rules(folders: list[Path] | tuple[Path, ...] = (), include_packaged: bool = True,
               parsed: bool = True) -> RuleSet:
    """Every rule of the packaged and the given folders. `parsed=False`: the rules of kinds
    that read spaCy's tokens are loaded but not built (no spaCy import; they still override
    and are overridden), for an engine of the text-only rules (`Engine(text_only=True)`)."""
    rs = RuleSet()
    root_of: dict[str, Path] = {}
    roots = ([packaged_rules_dir()] if include_packaged else []) + [Path(f) for f in folders]
    for root in roots:
        if not root.exists():
            rs.errors.append(RuleError(str(root), 1, "rule folder not found"))
            continue
        for path, pack in rule_files(root):
            try:
                rule = load_rule_file(path, pack, parsed)
            except RuleError as e:
                rs.errors.append(e)
                continue
            if rule.id in rs.rules:
                previous = rs.rules[rule.id].path
                if root_of[rule.id] == root:  # two files of one folder claim one id
                    rs.errors.append(RuleError(str(path), rule.line, f"duplicate rule id {rule.id!r} (also in {previous}); this one is off"))
                    continue
                rs.overridden[rule.id] = previous  # a later folder overrides an earlier one
            rs.rules[rule.id] = rule
            root_of[rule.id] = root
    return rs


# A rule with its examples is a few kilobytes; a larger file is refused before it is read.
MAX_RULE_FILE_BYTES = 1_000_000


def load_rule_file(path: Path, pack: str, parsed: bool = True) -> Rule:
    where_file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_RULE_FILE_BYTES:
            raise RuleError(where_file, 1, f"the file is {size:,} bytes; a rule file may be at most "
                                           f"{MAX_RULE_FILE_BYTES:,} (not read)")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise RuleError(where_file, 1, f"not UTF-8 (invalid byte at offset {e.start})") from None
    except OSError as e:
        raise RuleError(where_file, 1, f"cannot read: {e.strerror}") from None
    try:
        raw = load_yaml(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        raise RuleError(where_file, line, f"invalid YAML: {e.problem or e}") from None
    except yaml.YAMLError as e:
        raise RuleError(where_file, 1, f"invalid YAML: {e}") from None
    except RecursionError:
        raise RuleError(where_file, 1, "invalid YAML: nested too deeply") from None
    if not isinstance(raw, LDict):
        raise RuleError(where_file, 1, "a rule file holds one mapping (type, message, ...)")
    return build_rule(raw, where_file, pack, path.stem, parsed)


def _schema_errors(raw: LDict, path: str):
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(raw), key=lambda e: (line_at(raw, list(e.absolute_path)), str(e.message)))
    for e in errors:
        loc = list(e.absolute_path)
        if e.validator == "additionalProperties" and not loc:
            known = sorted(schema()["properties"])
            for key in raw:
                if key not in known:
                    yield RuleError(path, raw.line_of(key), f"unknown key {key!r} (valid keys: {', '.join(known)})")
            continue
        if e.validator == "enum" and loc == ["type"]:
            yield RuleError(path, raw.line_of("type"), f"unknown rule type {raw.get('type')!r} (valid types: {', '.join(TYPES)})")
            continue
        where = ".".join(str(x) for x in loc) or "rule"
        yield RuleError(path, line_at(raw, loc), f"{where}: {e.message}")


def build_rule(raw: LDict, path: str, pack: str, name: str, parsed: bool = True) -> Rule:
    first = next(iter(_schema_errors(raw, path)), None)
    if first:
        raise first
    kind = TYPES[raw["type"]]
    extra = set(raw) - set(COMMON_FIELDS) - set(kind.FIELDS)
    if extra:
        key = sorted(extra, key=raw.line_of)[0]
        raise RuleError(path, raw.line_of(key), f"key {key!r} does not apply to type {raw['type']!r} (its keys: {', '.join(kind.FIELDS)})")
    category = raw.get("category") or (pack if pack in CATEGORIES else None)
    if category is None:
        raise RuleError(path, raw.line, f"no `category`, and pack {pack!r} is not one (valid: {', '.join(CATEGORIES)})")
    rid = raw.get("id") or f"{pack}/{name}"
    if "/" not in rid:
        rid = f"{pack}/{rid}"

    def where(message: str, *loc) -> RuleError:
        return RuleError(path, line_at(raw, list(loc)), message)

    from .base import compile_regex

    exceptions = tuple(
        compile_regex(x, raw.get("ignorecase", False), lambda m, i=i: where(m, "exceptions", i))
        for i, x in enumerate(raw.get("exceptions") or ())
    )
    rule = Rule(
        id=rid,
        type=raw["type"],
        message=raw["message"],
        severity=Severity.parse(raw.get("severity", "warning")),
        category=category,
        path=path,
        line=raw.line,
        description=raw.get("description", ""),
        link=raw.get("link", ""),
        scope=raw.get("scope", "paragraph"),
        quotes=raw.get("quotes", "any"),
        exceptions=exceptions,
        fix=dict(raw["fix"]) if raw.get("fix") else None,
        examples=raw.get("examples") or {},
        ignorecase=bool(raw.get("ignorecase", False)),
        status=raw.get("status", "preview"),
        pack=pack,
    )
    reads_parse = getattr(kind, "PARSED", False)
    if parsed or not reads_parse:
        rule.matcher = kind.build(raw, where, rule)
    rule.local = getattr(kind, "LOCAL", False) and rule.scope != "document"
    rule.needs = frozenset(rule.needs) | kind.NEEDS | ({"parser"} if rule.scope == "sentence" else set())
    rule.text_only = not reads_parse and not rule.needs
    return rule


def to_spec(rule: Rule) -> CheckSpec:
    doc = [rule.description.strip() or rule.message]
    if rule.link:
        doc.append(f"\nMore: {rule.link}")
    bad = [b if isinstance(b, str) else b.get("text", "") for b in rule.examples.get("bad", [])]
    good = list(rule.examples.get("good", []))
    if bad:
        doc.append("\nFlagged:\n" + "\n".join(f"    {b.strip()}" for b in bad))
    if good:
        doc.append("\nNot flagged:\n" + "\n".join(f"    {g.strip()}" for g in good))
    doc.append(f"\nRule file: {rule.path} (type {rule.type})")
    return CheckSpec(
        code=rule.id,
        category=rule.category,
        severity=rule.severity,
        run=rule.run,
        needs=rule.needs,
        text_only=rule.text_only,
        status=rule.status,
        doc="\n".join(doc),
    )
