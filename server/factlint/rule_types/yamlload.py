"""Safe YAML loading that remembers where every key and item was written.

`load(text)` returns plain dicts and lists (subclasses `LDict`/`LList`) whose
`.line` is the 1-based line of the node and `.lines[key]` the line of each key
or item, so every validation error can name the file and line.
"""
from __future__ import annotations

import yaml


class LDict(dict):
    line: int = 0
    lines: dict

    def line_of(self, key) -> int:
        return getattr(self, "lines", {}).get(key, self.line)


class LList(list):
    line: int = 0
    lines: dict

    def line_of(self, index) -> int:
        return getattr(self, "lines", {}).get(index, self.line)


# A rule file is a few dozen lines: nothing in one needs more nesting than this, and a file
# nested deeper is an attack on the loader (PyYAML recurses per level).
MAX_DEPTH = 40


class _Loader(yaml.SafeLoader):
    """SafeLoader (no tags that build objects) that also refuses aliases (a "billion laughs"
    file expands aliases exponentially in whatever walks the result) and deep nesting."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in rule files",
                                              event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    out = LDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    out = LList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(text: str):
    """Parse YAML safely (no tags that run code); raises yaml.YAMLError with a mark."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def line_at(data, path) -> int:
    """The line of the node at `path` (keys and indexes), or of its nearest parent."""
    line = getattr(data, "line", 1) or 1
    node = data
    for step in path:
        if isinstance(node, (LDict, LList)):
            line = node.line_of(step) or line
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return line
