"""factlint benchmarks: corpus scale, check speed, and typing through the real server.

    python bench/run.py                       # 1,000 and 10,000 articles (slow: the 10k index)
    python bench/run.py --sizes 1000          # one size
    python bench/run.py --sizes 50 --quick    # smoke test (what CI may run)

Prints a table and writes bench/out/results.json. Corpora come from gen_corpus.py
(deterministic). Each index is built in a fresh process so its peak memory is its own.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = Path(os.environ.get("FACTLINT_BENCH_OUT", HERE / "out"))
sys.path.insert(0, str(HERE))

from gen_corpus import generate  # noqa: E402


TYPING_SPACING = 0.3  # seconds between keystrokes: a steady 200 characters a minute


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))]


def words_of(paths) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


# ---------------------------------------------------------------------- corpus scale

def build_index(corpus: Path, cache: Path) -> dict:
    """`factlint index` in a fresh process: wall time, peak memory, index size."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "factlint", "index", str(corpus)], capture_output=True, text=True,
                          env={**os.environ, "FACTLINT_CACHE_DIR": str(cache)})
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"index failed: {proc.stderr}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    size = sum(p.stat().st_size for p in cache.glob("index-*.sqlite*"))
    return {"seconds": seconds, "peak_mb": max(peak_kb, before) / 1024, "index_mb": size / 2**20}


def spacy_throughput(paths: list[Path], processes: int) -> float:
    """Words per second of spaCy's own nlp.pipe on the same paragraphs (same components)."""
    from factlint import nlp as nlp_module
    from factlint.document import parse_document
    from factlint.engine import Engine
    from factlint.config import Config

    components = set().union(*(c.components for c in Engine(Config(), checks=None).checks)) | {"parser"}
    nlp = nlp_module.load(components)
    texts = [p.text for path in paths for p in parse_document(path.read_text(encoding="utf-8"), str(path)).paragraphs]
    words = sum(len(t.split()) for t in texts)
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=processes):
        pass
    return words / (time.perf_counter() - t)


# ---------------------------------------------------------------------- check speed

def make_draft(words: int = 2000, seed: int = 99) -> str:
    """A 2,000-word Markdown draft, paragraphs from a differently seeded generated corpus."""
    tmp = Path(tempfile.mkdtemp())
    paras: list[str] = []
    for path in generate(tmp, 40, seed=seed):
        paras += [p for p in path.read_text(encoding="utf-8").splitlines() if len(p.split()) > 12]
    out, n = [], 0
    for p in paras:
        out.append(p)
        n += len(p.split())
        if n >= words:
            break
    return "# Draft\n\n" + "\n\n".join(out) + "\n"


def check_speed(corpus: Path | None, cache: Path | None, draft: str, runs: int, index_url: str | None = None) -> dict:
    from factlint.facts import figures
    from factlint.analysis import Analyzer
    from factlint.config import Config
    from factlint.document import parse_document
    from factlint.engine import Engine

    engine = Engine(Config(corpus=(corpus,) if corpus else (), cache_dir=cache, index=index_url))
    engine.ensure_index()
    engine.check(draft, "draft.md")  # warm: pipeline, index pages, idf
    full, spacy_only = [], []
    paragraphs = [p.text for p in parse_document(draft, "draft.md").paragraphs]
    for _ in range(runs):
        engine.analyzer = Analyzer(engine.nlp)  # a full check: nothing parsed yet
        figures._CACHE.clear()
        t = time.perf_counter()
        engine.check(draft, "draft.md")
        full.append(time.perf_counter() - t)
        t = time.perf_counter()
        list(engine.nlp.pipe(paragraphs))
        spacy_only.append(time.perf_counter() - t)
    # re-check after a one-character edit: only that paragraph is parsed again (each edit makes
    # a text not seen before, as typing does, so the paragraph's parse is always in the time)
    edits = []
    for i in range(runs * 3):
        edited = draft.replace("drones", "drones" + "s" * (i + 1), 1)
        t = time.perf_counter()
        engine.check(edited, "draft.md")
        edits.append(time.perf_counter() - t)
    return {
        "full_p50_ms": 1000 * statistics.median(full), "full_p95_ms": 1000 * pct(full, 95),
        "spacy_p50_ms": 1000 * statistics.median(spacy_only),
        "ratio_to_spacy": statistics.median(full) / statistics.median(spacy_only),
        "recheck_p50_ms": 1000 * statistics.median(edits), "recheck_p95_ms": 1000 * pct(edits, 95),
    }


# ---------------------------------------------------------------------- typing through the server

async def typing(corpus: Path | None, cache: Path | None, draft: str, edits: int, spacing: float,
                 index_url: str | None = None, start_gate: asyncio.Barrier | None = None,
                 offset: float = 0.0, during: tuple[int, Callable[[], Awaitable]] | None = None) -> dict:
    """One language server over stdio: first diagnostics, then `edits` one-character edits
    `spacing` seconds apart. `index_url`: a shared index instead of the corpus; `start_gate`:
    the typing waits for it, then `offset` seconds more (concurrent servers type together, as
    reporters do: each at its own moments, not in lockstep); `during` = (k, job): the job
    starts at the k-th keystroke and runs while the typing goes on."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient
    from pygls.uris import from_fs_path

    work = Path(tempfile.mkdtemp())
    (work / "factlint.toml").write_text(f'index = "{index_url}"\n' if index_url else
                                        f'corpus = ["{corpus.as_posix()}"]\ncache-dir = "{cache.as_posix()}"\n')
    uri = from_fs_path(str(work / "draft.md"))
    published: dict[int, float] = {}  # version -> when the check's answer for it arrived
    moved: dict[int, float] = {}  # version -> when diagnostics moved with the edit arrived (ahead of the answer)
    early: dict[int, float] = {}  # version -> when the text-only first answer arrived (while spaCy loads)
    client = LanguageClient("factlint-bench", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams):
        if params.uri == uri and params.version is not None:
            if any(isinstance(d.data, dict) and d.data.get("moved") for d in params.diagnostics):
                moved.setdefault(params.version, time.perf_counter())
            elif any(isinstance(d.data, dict) and d.data.get("partial") for d in params.diagnostics):
                early.setdefault(params.version, time.perf_counter())
            else:
                published.setdefault(params.version, time.perf_counter())

    @client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
    def on_progress_create(params):
        return None

    @client.feature("factlint/status")
    def on_status(params):  # the status item's notification: not measured here
        return None

    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "factlint", "serve")
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=False)),
        root_uri=from_fs_path(str(work)), process_id=os.getpid()))
    client.initialized(types.InitializedParams())
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=draft)))
    while 1 not in published:
        await asyncio.sleep(0.01)
    first = published[1] - started
    first_partial = early[1] - started if 1 in early else None
    if start_gate is not None:
        await start_gate.wait()
        await asyncio.sleep(offset)
    lines = draft.split("\n")
    line_no = max(range(len(lines)), key=lambda i: len(lines[i]) if i > len(lines) // 2 else 0)
    sent: dict[int, float] = {}
    job = None
    for n in range(edits):
        if during is not None and n == during[0]:
            job = asyncio.ensure_future(during[1]())
        version = n + 2
        col = len(lines[line_no])
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line_no, character=col), end=types.Position(line=line_no, character=col)),
            text="x")
        lines[line_no] += "x"
        sent[version] = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        await asyncio.sleep(spacing)
    deadline = time.perf_counter() + 30
    while edits + 1 not in published and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    if job is not None:
        await job
    latencies = [published[v] - sent[v] for v in sent if v in published]
    pid = client._server.pid
    status = Path(f"/proc/{pid}/status").read_text() if Path(f"/proc/{pid}/status").exists() else ""
    hwm = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM")), None)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {
        "first_diagnostics_s": first,
        # the text-only rules' answer, published while spaCy loads (None: they found nothing)
        "first_partial_s": first_partial,
        # from didChange to the check's answer for that version (debounce included)
        "keystroke_p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "keystroke_p95_ms": 1000 * pct(latencies, 95) if latencies else None,
        "published": len(latencies), "edits": edits, "moved_ahead": len(moved), "server_peak_mb": hwm,
        "latencies_ms": [1000 * x for x in latencies],
        # every keystroke: (when it was sent, on the perf_counter clock; ms until diagnostics of
        # its version or a newer one arrived: a superseded version waits for the next answer)
        "timeline": [(sent[v], 1000 * (min((published[w] for w in published if w >= v), default=math.inf) - sent[v]))
                     for v in sent],
    }


# ---------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--quick", action="store_true", help="few repetitions (a smoke test)")
    ap.add_argument("--reuse-index", action="store_true",
                    help="keep an existing index and its build figures from results.json (re-measure checks only)")
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite",
                    help="postgresql: the shared index (bench/pg.py; its own table, in results-postgresql.json)")
    args = ap.parse_args()
    if args.backend == "postgresql":
        import pg

        return pg.main([int(s) for s in args.sizes.split(",")], args.quick, args.reuse_index)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = 2 if args.quick else 7
    OUT.mkdir(exist_ok=True)
    draft = make_draft()
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform(), "processor": platform.processor()},
               "draft_words": len(draft.split()), "sizes": {}}
    previous = json.loads((OUT / "results.json").read_text())["sizes"] if (OUT / "results.json").exists() else {}
    for n in sizes:
        corpus = OUT / f"corpus-{n}"
        paths = generate(corpus, n)
        cache = OUT / f"cache-{n}"
        cache.mkdir(exist_ok=True)
        if args.reuse_index and str(n) in previous and any(cache.glob("index-*.sqlite")):
            keep = ("articles", "words", "index_s", "index_wps", "spacy_wps", "index_vs_spacy", "index_mb",
                    "index_peak_mb", "processes")
            row = {k: previous[str(n)][k] for k in keep}
            print(f"[{n}] reusing the index and its build figures", file=sys.stderr)
        else:
            for f in cache.glob("index-*"):
                f.unlink()
            words = words_of(paths)
            print(f"[{n}] building the index of {words} words ...", file=sys.stderr)
            build = build_index(corpus, cache)
            sample = paths[: min(len(paths), 200)]
            processes = int(os.environ.get("FACTLINT_INDEX_PROCESSES", "0")) or (min(2, os.cpu_count() or 1) if n >= 100 else 1)
            print(f"[{n}] spaCy throughput ({processes} process(es)) ...", file=sys.stderr)
            spacy_wps = spacy_throughput(sample, processes)
            row = {"articles": n, "words": words, "index_s": build["seconds"], "index_wps": words / build["seconds"],
                   "spacy_wps": spacy_wps, "index_vs_spacy": words / build["seconds"] / spacy_wps,
                   "index_mb": build["index_mb"], "index_peak_mb": build["peak_mb"], "processes": processes}
        print(f"[{n}] check speed ...", file=sys.stderr)
        row.update(check_speed(corpus, cache, draft, runs))
        print(f"[{n}] typing through the server ...", file=sys.stderr)
        row.update(asyncio.run(typing(corpus, cache, draft, 10 if args.quick else 60, TYPING_SPACING)))
        results["sizes"][str(n)] = row
        (OUT / "results.json").write_text(json.dumps(results, indent=2))  # after each size
    print(table(results))


def table(results: dict) -> str:
    rows = list(results["sizes"].values())
    head = ["articles", "index s", "words/s", "vs spaCy", "index MB", "peak MB", "check p50/p95 ms",
            "vs spaCy", "re-check p95 ms", "keystroke p50/p95 ms", "versions published", "first diag s: text-only / all", "server MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append("| " + " | ".join([
            f"{r['articles']:,}", f"{r['index_s']:.0f}", f"{r['index_wps']:,.0f}", f"{r['index_vs_spacy']:.2f}×",
            f"{r['index_mb']:.0f}", f"{r['index_peak_mb']:.0f}", f"{r['full_p50_ms']:.0f} / {r['full_p95_ms']:.0f}",
            f"{r['ratio_to_spacy']:.2f}×", f"{r['recheck_p95_ms']:.0f}",
            f"{r['keystroke_p50_ms']:.0f} / {r['keystroke_p95_ms']:.0f}", f"{r['published']}/{r['edits']}",
            (f"{r['first_partial_s']:.1f}" if r.get("first_partial_s") is not None else "–")
            + f" / {r['first_diagnostics_s']:.1f}",
            f"{r['server_peak_mb']:.0f}",
        ]) + " |")
    m = results["machine"]
    lines.append(f"\n{m['cpus']} CPUs, Python {m['python']}, {m['platform']}; draft of {results['draft_words']} words.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
