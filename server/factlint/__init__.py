"""factlint: a fact-consistency checker for news writing.

The public entry point is `factlint.engine.check(text, path, config)`; see
ARCHITECTURE.md for the map of the package.
"""

__version__ = "0.1.0"
