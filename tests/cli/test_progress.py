"""Indexing shows a progress bar on a terminal and nothing extra on a pipe."""
from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "examples" / "corpus", corpus)
    return corpus


def test_progress_bar_on_a_terminal(tmp_path):
    corpus = _corpus(tmp_path)
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100"}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "factlint", "index", str(corpus)],
                            stdout=slave, stderr=slave, env=env, cwd=tmp_path)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert "factlint: indexing" in out and "5/5" in out and "articles" in out


def test_nothing_extra_on_a_pipe(tmp_path):
    corpus = _corpus(tmp_path)
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "factlint", "index", str(corpus)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]  # one summary line
    assert "5 articles (5 added" in proc.stderr and "indexing" not in proc.stderr
