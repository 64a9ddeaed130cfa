"""Configuration: `factlint.toml`, or `[tool.factlint]` in `pyproject.toml`.

Found by walking up from the checked file; the CLI and the language server
both use `discover` and `load`. Paths in a config file are relative to it.

    # factlint.toml
    corpus = ["examples/corpus"]      # folders or files of published articles
    rules = ["house-rules"]           # extra YAML rule folders (override packaged ids)
    disable = ["style/consistency"]   # codes or whole categories
    cache-dir = ".factlint"           # where the corpus index lives
    index = "postgresql://factlint@db.newsroom/archive"   # a shared index instead (FACTLINT_INDEX_URL)
    fail-on = "warning"               # error | warning | info | never

    [severity]
    "figure/conflict" = "error"
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .finding import Severity

CONFIG_NAMES = ("factlint.toml", ".factlint.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
KEYS = {"corpus", "rules", "disable", "severity", "cache-dir", "fail-on", "index"}
INDEX_ENV = "FACTLINT_INDEX_URL"  # a shared index for every config on this machine (over `index`)


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Config:
    corpus: tuple[Path, ...] = ()
    rules: tuple[Path, ...] = ()
    disable: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    cache_dir: Path | None = None
    fail_on: str = "warning"
    path: Path | None = None  # the file this came from, if any
    index: str | None = None  # a shared PostgreSQL index (postgresql://...), else the SQLite one

    @property
    def has_corpus(self) -> bool:
        """Corpus folders to index, or a shared index that others build."""
        return bool(self.corpus or self.index)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def with_overrides(self, **changes) -> "Config":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def is_disabled(self, code: str, category: str) -> bool:
        return code in self.disable or category in self.disable

    def index_dir(self) -> Path:
        """`.factlint/` beside the config file, else the user cache dir."""
        if self.cache_dir:
            return self.cache_dir
        if self.path:
            return self.path.parent / ".factlint"
        env = os.environ.get("FACTLINT_CACHE_DIR")
        if env:
            return Path(env)
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("factlint"))


def discover(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a file or a folder)."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for d in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = d / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return "factlint" in data.get("tool", {})


def load(path: Path | None) -> Config:
    if path is None:
        return from_mapping({}, None)  # the environment may still name a shared index
    path = path.resolve()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: config is not UTF-8 ({e.reason} at byte {e.start})") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from e
    where = str(path)
    if path.name == "pyproject.toml":
        raw = raw.get("tool", {}).get("factlint", {})
        where = f"{path} [tool.factlint]"
    return from_mapping(raw, path, where)


def from_mapping(raw: dict, path: Path | None, where: str = "settings") -> Config:
    """Validate a mapping (from TOML or from the editor's settings)."""
    base = path.parent if path else Path.cwd()
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    unknown = [k for k in raw if k.replace("_", "-") not in KEYS]
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (valid keys: {', '.join(sorted(KEYS))})")
    get = lambda k: raw.get(k, raw.get(k.replace("-", "_")))  # noqa: E731

    def paths(key: str) -> tuple[Path, ...]:
        value = get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: key {key!r} must be a path or a list of paths")
        return tuple((base / os.path.expanduser(v)).resolve() for v in value)

    def strings(key: str) -> frozenset[str]:
        value = get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: key {key!r} must be a list of codes")
        return frozenset(value)

    severity: dict[str, Severity] = {}
    sev = get("severity") or {}
    if not isinstance(sev, dict):
        raise ConfigError(f"{where}: key 'severity' must be a table of code = \"error|warning|info\"")
    for code, value in sev.items():
        try:
            severity[code] = Severity.parse(value)
        except ValueError as e:
            raise ConfigError(f"{where}: severity.{code!r}: {e}") from None

    fail_on = get("fail-on") or "warning"
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: key 'fail-on' must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    cache = get("cache-dir")
    if cache is not None and not isinstance(cache, str):
        raise ConfigError(f"{where}: key 'cache-dir' must be a path")
    index = os.environ.get(INDEX_ENV) or get("index")
    if index is not None:
        where_index = f"{INDEX_ENV}" if os.environ.get(INDEX_ENV) else f"{where}: key 'index'"
        index = check_index_url(index, where_index)
    return Config(
        corpus=paths("corpus"),
        rules=paths("rules"),
        disable=strings("disable"),
        severity=severity,
        cache_dir=(base / cache).resolve() if cache else None,
        fail_on=fail_on,
        path=path,
        index=index,
    )


def check_index_url(value, where: str) -> str:
    """A shared index's address: `postgresql://[user[:password]@]host[:port]/database`."""
    if not isinstance(value, str) or not value.startswith(("postgresql://", "postgres://")):
        shown = value.split("@")[-1] if isinstance(value, str) else type(value).__name__
        raise ConfigError(f"{where} must be a PostgreSQL URL (postgresql://user@host/database), not {shown!r}")
    return value


def load_for(target: Path) -> Config:
    """Discover and load the config that governs `target`."""
    return load(discover(target))


def with_disabled(text: str, code: str, pyproject: bool = False) -> str:
    """The text of a config file with `code` added to its `disable` list (used by the
    editor's "Disable ... in factlint.toml" action). Keeps everything else as written."""
    import re

    section = "[tool.factlint]"
    if pyproject:
        at = text.find(section)
        if at < 0:
            sep = "" if not text or text.endswith("\n") else "\n"
            return f'{text}{sep}\n{section}\ndisable = ["{code}"]\n'
        head, body = text[: at + len(section)], text[at + len(section):]
        nxt = re.search(r"^\[", body, re.M)
        table, rest = (body[: nxt.start()], body[nxt.start():]) if nxt else (body, "")
        return head + _add_to_disable(table, code, top=False) + rest
    return _add_to_disable(text, code, top=True)


def _add_to_disable(table: str, code: str, top: bool) -> str:
    import re

    m = re.search(r"^(disable\s*=\s*\[)(.*?)(\])", table, re.M | re.S)
    if m:
        items = [x.strip() for x in m.group(2).split(",") if x.strip()]
        if f'"{code}"' in items or f"'{code}'" in items:
            return table
        items.append(f'"{code}"')
        return table[: m.start()] + m.group(1) + ", ".join(items) + m.group(3) + table[m.end():]
    line = f'disable = ["{code}"]\n'
    if top:
        # before the first table header, so the key stays at the top level
        first = re.search(r"^\[", table, re.M)
        if first:
            return table[: first.start()] + line + "\n" + table[first.start():]
        sep = "" if not table or table.endswith("\n") else "\n"
        return table + sep + line
    return "\n" + line + table.lstrip("\n") if table.strip() else "\n" + line
