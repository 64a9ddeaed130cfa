"""The benchmark runs end to end on a tiny corpus (a smoke test, not a timing)."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_smoke(tmp_path):
    env = {**os.environ, "FACTLINT_BENCH_OUT": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "12", "--quick"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    row = json.loads((tmp_path / "results.json").read_text())["sizes"]["12"]
    assert row["articles"] == 12 and row["index_wps"] > 0 and row["full_p50_ms"] > 0
    assert row["published"] >= 1 and row["first_diagnostics_s"] > 0
    assert "| 12 |" in proc.stdout
