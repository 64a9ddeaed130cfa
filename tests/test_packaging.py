"""The package list in pyproject.toml must name every Python package under server/factlint,
or an installed (non-editable) factlint breaks, as pre-commit's install would."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    base = ROOT / "server"
    found = {".".join(p.parent.relative_to(base).parts) for p in base.rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
    assert config["package-dir"]["factlint.rules"] == "rules"
