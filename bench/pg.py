"""The shared index on PostgreSQL at newsroom scale: `python bench/run.py --backend postgresql`.

    python bench/run.py --backend postgresql --sizes 10000,100000
    python bench/run.py --backend postgresql --sizes 1000 --quick     # smoke

What it measures, on a PostgreSQL server it starts itself (tests/pgserver.py; or the one at
FACTLINT_BENCH_PG_URL, a maintenance database URL it may create databases from):

1. **Build throughput** with 1, 2 and 4 concurrent `factlint index --index URL` workers on
   the same generated corpus slice (`BUILD_ARTICLES` articles): articles per second, process
   start included (each worker loads spaCy).
2. **Check time** of the 2,000-word draft against the shared index (a full check: nothing
   parsed yet), and **keystroke latency** through the real language server (`run.typing`:
   one-character edits, didChange to the publishDiagnostics of that version), at each size.
3. **Ten language servers** typing at once against the same index (each at its own moments
   within the 300 ms between keystrokes, as ten reporters would): keystroke p50/p95 over all
   of them. On this machine's two cores the ten servers' parses share the CPU with each other
   and with PostgreSQL: the figure says what one database server and one small machine bear.

The index of each size is bulk-loaded from the SQLite index of the 10,000-article benchmark
corpus (`bench/out/cache-10000`, built by `python bench/run.py --sizes 10000`: the same
pipeline's rows). Parsing 100,000 articles takes hours on two cores, and what the larger
size measures is retrieval at scale, so 100,000 is the 10,000 articles ten times, each copy
with its own ids, its own article names, its figures' values shifted and its people renamed
(the terms stay: ten times as many articles share every word, the hard case for retrieval).
4. **A publication while typing** (at 10,000): a worker adds an article that bears on the
   draft while one server types; keystroke latency in the seconds after the commit, counted
   until diagnostics of that text or a newer one arrive (a version superseded meanwhile
   waits for the next answer: a stall shows).

Targets (issue 16): check time at 100,000 within 1.3x of 10,000; ten servers' keystroke p95
within 1.5x of one server's.
"""
from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

import run  # noqa: E402

BUILD_ARTICLES = 240
CONCURRENT_SERVERS = 10
SETTLE = 5.0  # seconds between the last server's first diagnostics and the first keystroke
SOURCE_SIZE = 10_000  # the SQLite index the sizes are loaded from


def _server():
    """(a function making a new database -> URL, a stop function)."""
    url = os.environ.get("FACTLINT_BENCH_PG_URL")
    if url:
        import psycopg

        def createdb(name: str) -> str:
            with psycopg.connect(url, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                c.execute(f'CREATE DATABASE "{name}"')
            return url.rsplit("/", 1)[0] + "/" + name
        return createdb, lambda: None
    from pgserver import PostgresServer

    server = PostgresServer().start()
    return server.createdb, server.stop


# ---------------------------------------------------------------------- build throughput

def build_throughput(createdb, workers: int, corpus: Path) -> dict:
    url = createdb(f"bench_build_{workers}")
    from factlint.corpus.postgres import PostgresIndex

    PostgresIndex(url).close()  # the tables, before the workers race to make them
    env = {**os.environ, "FACTLINT_INDEX_PROCESSES": "1"}
    t = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "factlint", "index", "--index", url, str(corpus)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(workers)]
    for p in procs:
        _, err = p.communicate()
        if p.returncode:
            raise SystemExit(f"a worker failed: {err[-2000:]}")
    seconds = time.perf_counter() - t
    index = PostgresIndex(url)
    n = index.article_count()
    index.close()
    return {"workers": workers, "articles": n, "seconds": seconds, "articles_per_s": n / seconds}


# ---------------------------------------------------------------------- bulk load

TABLES = {  # table -> columns copied (ids kept, offset per copy)
    "articles": ("id", "name", "path", "sha256", "size", "mtime_ns", "title", "date", "outlet", "text"),
    "paragraphs": ("article_id", "idx", "start", "end"),
    "sentences": ("id", "article_id", "paragraph_idx", "start", "end", "line", "text"),
    "entities": ("id", "article_id", "start", "end", "label", "text"),
    "terms": ("article_id", "term"),
    "figures": ("id", "article_id", "start", "end", "line", "thing", "value_lo", "value_hi", "unit", "action", "role",
                "data"),
    "quotes": ("id", "article_id", "start", "end", "line", "text", "norm", "speaker", "person", "data"),
    "aliases": ("id", "article_id", "alias", "person", "data"),
}
ID_STRIDE = 10_000_000  # per copy: no id of one copy meets another's


def _renamed(name: str | None, copy: int) -> str | None:
    """A person of copy n is another person: the surname gets the copy's letter."""
    if not name or copy == 0:
        return name
    return name + "abcdefghij"[copy % 10]


def bulk_load(source: Path, url: str, copies: int, analyser: str) -> dict:
    """The SQLite index's rows into the PostgreSQL index, `copies` times (see the module doc)."""
    import psycopg

    from factlint.corpus.postgres import PostgresIndex, fts_words

    index = PostgresIndex(url)
    src = sqlite3.connect(str(source))
    t = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as c:
        for copy in range(copies):
            off = copy * ID_STRIDE
            with c.transaction():
                for table, cols in TABLES.items():
                    q = ", ".join(f'"{col}"' for col in cols)
                    extra = ["analyser"] if table == "articles" else []
                    if table == "quotes":
                        extra = ["words", "ntok"]
                    names = ", ".join([*(f'"{col}"' for col in cols), *extra])
                    with c.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as cp:
                        for row in src.execute(f"SELECT {q} FROM {table}"):
                            row = list(row)
                            for i, col in enumerate(cols):
                                if col in ("id", "article_id") and row[i] is not None:
                                    row[i] += off
                            if copy:
                                row = _perturb(table, cols, row, copy)
                            if table == "articles":
                                row.append(analyser)
                            elif table == "quotes":
                                words = fts_words(row[cols.index("norm")])
                                row += [" ".join(words), len(words)]
                            cp.write_row(row)
                # quote words with their counts (BM25), from the quotes just written
                c.execute("INSERT INTO quote_words (quote_id, word, tf, dl) SELECT id, w, count(*), min(ntok) FROM quotes,"
                          " unnest(string_to_array(words, ' ')) AS w WHERE id >= %s AND id < %s AND words <> ''"
                          " GROUP BY id, w", (off, off + ID_STRIDE))
            print(f"  copy {copy + 1}/{copies} loaded ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
        for seq, table in (("articles_id_seq", "articles"), ("sentences_id_seq", "sentences"),
                           ("entities_id_seq", "entities"), ("figures_id_seq", "figures"),
                           ("quotes_id_seq", "quotes"), ("aliases_id_seq", "aliases")):
            c.execute(f"SELECT setval('{seq}', (SELECT max(id) FROM {table}))")
    loaded = time.perf_counter() - t
    index.rederive()
    index.set_meta("analyser", analyser)  # as a worker's build records it
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("VACUUM ANALYZE")
        size = c.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    n = index.article_count()
    index.close()
    return {"articles": n, "load_s": loaded, "derive_and_analyze_s": time.perf_counter() - t - loaded,
            "db_mb": size / 2**20}


def _perturb(table: str, cols: tuple, row: list, copy: int) -> list:
    at = {c: i for i, c in enumerate(cols)}
    if table == "articles":
        row[at["name"]] = f"copy{copy}/{row[at['name']]}"
        row[at["path"]] = f"/archive/copy{copy}/{row[at['path']].rsplit('/', 1)[-1]}"
    elif table == "figures":
        shift = copy * 7  # another event's figures
        for key in ("value_lo", "value_hi"):
            if row[at[key]] is not None:
                row[at[key]] += shift
        data = json.loads(row[at["data"]])
        if isinstance(data.get("value"), (int, float)):
            data["value"] += shift
        row[at["data"]] = json.dumps(data, ensure_ascii=False)
    elif table == "aliases":
        row[at["alias"]] = _renamed(row[at["alias"]], copy)
        row[at["person"]] = _renamed(row[at["person"]], copy)
    elif table == "quotes":
        row[at["speaker"]] = _renamed(row[at["speaker"]], copy)
        row[at["person"]] = _renamed(row[at["person"]], copy)
        data = json.loads(row[at["data"]])
        if data.get("person_name"):
            data["person_name"] = _renamed(data["person_name"], copy)
        row[at["data"]] = json.dumps(data, ensure_ascii=False)
    return row


# ---------------------------------------------------------------------- main

def _loaded(name: str, n: int) -> dict | None:
    """A database of an earlier run on the server at FACTLINT_BENCH_PG_URL, if it holds n articles."""
    import psycopg

    base = os.environ.get("FACTLINT_BENCH_PG_URL")
    if not base:
        return None
    url = base.rsplit("/", 1)[0] + "/" + name
    try:
        with psycopg.connect(url, autocommit=True) as c:
            if c.execute("SELECT count(*) FROM articles").fetchone()[0] != n:
                return None
            size = c.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    except psycopg.Error:
        return None
    return {"url": url, "articles": n, "db_mb": size / 2**20, "load_s": None}


def main(sizes: list[int], quick: bool, reuse: bool = False) -> None:
    """`reuse` (run.py --reuse-index, with FACTLINT_BENCH_PG_URL): the databases and the build
    figures of the last run are kept; the checks and the typing are measured again."""
    from factlint.config import Config
    from factlint.engine import Engine

    out = run.OUT
    out.mkdir(exist_ok=True)
    source_size = SOURCE_SIZE if not quick else min(sizes)
    source = next((out / f"cache-{source_size}").glob("index-*.sqlite"), None)
    if source is None:
        raise SystemExit(f"no SQLite index of {source_size} articles in {out}: run "
                         f"`python bench/run.py --sizes {source_size}` first")
    analyser = Engine(Config()).article_analyser.id
    got = sqlite3.connect(str(source)).execute("SELECT value FROM meta WHERE key='analyser'").fetchone()
    if not got or got[0] != analyser:
        raise SystemExit(f"{source} was built by another pipeline: rebuild it (`python bench/run.py --sizes "
                         f"{source_size}`)")
    createdb, stop = _server()
    results = {"machine": {"cpus": os.cpu_count()}, "draft_words": 0, "build": [], "sizes": {}}
    try:
        previous = out / "results-postgresql.json"
        if reuse and previous.exists():  # the build figures of the last run
            results["build"] = json.loads(previous.read_text())["build"]
        else:
            corpus = out / f"build-{BUILD_ARTICLES}"
            run.generate(corpus, 40 if quick else BUILD_ARTICLES, seed=11)
            for workers in (1, 2, 4):
                print(f"build with {workers} worker(s) ...", file=sys.stderr)
                results["build"].append(build_throughput(createdb, workers, corpus))
        draft = run.make_draft()
        results["draft_words"] = len(draft.split())
        runs = 2 if quick else 7
        edits = 10 if quick else 60
        for n in sizes:
            copies = max(1, n // source_size)
            row = _loaded(f"bench_{n}", n) if reuse else None
            if row is not None:
                url = row.pop("url")
                print(f"[{n}] reusing the loaded database", file=sys.stderr)
            else:
                url = createdb(f"bench_{n}")
                print(f"[{n}] bulk-loading {copies} cop{'y' if copies == 1 else 'ies'} of {source.name} ...",
                      file=sys.stderr)
                row = bulk_load(source, url, copies, analyser)
            print(f"[{n}] check speed ...", file=sys.stderr)
            row.update(run.check_speed(None, None, draft, runs, index_url=url))
            print(f"[{n}] typing through one server ...", file=sys.stderr)
            one = asyncio.run(run.typing(None, None, draft, edits, run.TYPING_SPACING, index_url=url))
            row.update({k: v for k, v in one.items() if k != "latencies_ms"})
            print(f"[{n}] typing through {CONCURRENT_SERVERS} servers at once ...", file=sys.stderr)
            row.update(asyncio.run(_concurrent(draft, edits, url)))
            print(f"[{n}] the keystroke's index question, 1 and {CONCURRENT_SERVERS} clients ...", file=sys.stderr)
            row.update(index_under_load(url, edits))
            if n == source_size:
                print(f"[{n}] the control: {CONCURRENT_SERVERS} servers on the local SQLite index ...", file=sys.stderr)
                row.update(control(draft, edits, n))
                print(f"[{n}] typing while a worker adds an article ...", file=sys.stderr)
                row.update(asyncio.run(publish_while_typing(draft, edits, url, n)))
            results["sizes"][str(n)] = row
            (out / "results-postgresql.json").write_text(json.dumps(results, indent=2))
            print(table(results), file=sys.stderr)
    finally:
        stop()
    print(table(results))


async def _concurrent(draft: str, edits: int, url: str | None, corpus: Path | None = None,
                      cache: Path | None = None, prefix: str = "concurrent") -> dict:
    """Ten servers typing at once, against the shared index (`url`) or, as the control, each
    against the local SQLite index of `corpus` (same machine, same load of parsing: what the
    shared index adds is the difference)."""
    gate = asyncio.Barrier(CONCURRENT_SERVERS)
    # once all are up and settled (a local index's freshness check runs after the first
    # diagnostics), each server starts typing at its own moment within one keystroke interval
    runs = await asyncio.gather(*(run.typing(corpus, cache, draft, edits, run.TYPING_SPACING, index_url=url,
                                             start_gate=gate,
                                             offset=SETTLE + run.TYPING_SPACING * i / CONCURRENT_SERVERS)
                                  for i in range(CONCURRENT_SERVERS)))
    lat = [x for r in runs for x in r["latencies_ms"]]
    return {f"{prefix}_servers": CONCURRENT_SERVERS, f"{prefix}_p50_ms": statistics.median(lat),
            f"{prefix}_p95_ms": run.pct(lat, 95), f"{prefix}_published": len(lat),
            f"{prefix}_edits": sum(r["edits"] for r in runs)}


PUBLISHED = "zz_published_while_typing.txt"  # the article a worker adds while a reporter types
AFTER = 10.0  # seconds after the worker's commit whose keystrokes are counted as "after"


async def publish_while_typing(draft: str, edits: int, url: str, size: int) -> dict:
    """One server types; at the first third of the keystrokes a worker (`factlint index --index
    URL` over the benchmark archive with one article more, as a newsroom's worker runs on
    publication) adds an article that bears on the draft. The keystrokes sent in the
    `AFTER` seconds after the worker's commit, against those before it started: what a
    publication costs the reporters typing at that moment. The article is removed after."""
    archive = run.OUT / f"corpus-{size}"
    source = sorted(archive.glob("*.txt"))[0]
    added: dict[str, float] = {}

    async def worker() -> None:
        (archive / PUBLISHED).write_text(source.read_text(encoding="utf-8").replace("drones", "drones and missiles", 1),
                                         encoding="utf-8")
        added["start"] = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "factlint", "index", "--index", url,
                                                    str(archive), stdout=subprocess.DEVNULL)
        await proc.wait()
        added["done"] = time.perf_counter()

    try:
        got = await run.typing(None, None, draft, edits, run.TYPING_SPACING, index_url=url,
                               during=(edits // 3, worker))
    finally:
        (archive / PUBLISHED).unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "factlint", "index", "--index", url, str(archive)],
                       stdout=subprocess.DEVNULL, check=False)
    before = [ms for t, ms in got["timeline"] if t < added["start"]]
    after = [ms for t, ms in got["timeline"] if added["done"] <= t < added["done"] + AFTER]
    return {"publish_before_p95_ms": run.pct(before, 95) if before else None,
            "publish_after_p95_ms": run.pct(after, 95) if after else None,
            "publish_after_max_ms": max(after) if after else None,
            "publish_after_keystrokes": len(after), "publish_worker_s": added["done"] - added["start"]}


def index_under_load(url: str, edits: int) -> dict:
    """The shared index's own part of a keystroke, without the servers' parsing: the question a
    one-character edit asks (the document frequency of the word being typed), by one client
    and by `CONCURRENT_SERVERS` clients at once, each at the typing rate. p95 ms of each."""
    import random
    import threading

    from factlint.corpus.postgres import PostgresIndex

    def client(n: int, out: list, gate: threading.Barrier) -> None:
        index = PostgresIndex(url, pool_size=1)
        rng = random.Random(n)
        gate.wait()
        time.sleep(run.TYPING_SPACING * n / CONCURRENT_SERVERS)
        word = "drone"
        for _ in range(edits):
            word += rng.choice("abcdefghij")
            t = time.perf_counter()
            index.document_frequencies([word, "kyiv", "attack"])
            out.append(1000 * (time.perf_counter() - t))
            time.sleep(run.TYPING_SPACING)
        index.close()

    result = {}
    for clients in (1, CONCURRENT_SERVERS):
        lat: list = []
        gate = threading.Barrier(clients)
        threads = [threading.Thread(target=client, args=(n, lat, gate)) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result[f"index_question_p95_ms_{clients}"] = run.pct(lat, 95)
    return result


def control(draft: str, edits: int, size: int) -> dict:
    """The same ten servers, each on the local SQLite index of the benchmark corpus."""
    corpus, cache = run.OUT / f"corpus-{size}", run.OUT / f"cache-{size}"
    return asyncio.run(_concurrent(draft, edits, None, corpus, cache, prefix="sqlite_concurrent"))


def table(results: dict) -> str:
    lines = ["| workers | articles | seconds | articles/s |", "|---|---|---|---|"]
    for b in results["build"]:
        lines.append(f"| {b['workers']} | {b['articles']} | {b['seconds']:.0f} | {b['articles_per_s']:.1f} |")
    lines += ["", "| articles | database MB | check p50 ms | vs spaCy | keystroke p50/p95 ms (1 server) | "
              f"keystroke p50/p95 ms ({CONCURRENT_SERVERS} servers) | the same on local SQLite indexes | first diag s |",
              "|---|---|---|---|---|---|---|---|"]
    for n, r in results["sizes"].items():
        control = (f"{r['sqlite_concurrent_p50_ms']:.0f} / {r['sqlite_concurrent_p95_ms']:.0f}"
                   if "sqlite_concurrent_p50_ms" in r else "-")
        lines.append(f"| {int(n):,} | {r['db_mb']:,.0f} | {r['full_p50_ms']:.0f} | {r['ratio_to_spacy']:.2f}x | "
                     f"{r['keystroke_p50_ms']:.0f} / {r['keystroke_p95_ms']:.0f} | "
                     f"{r['concurrent_p50_ms']:.0f} / {r['concurrent_p95_ms']:.0f} | {control} | "
                     f"{r['first_diagnostics_s']:.1f} |")
    for n, r in results["sizes"].items():
        if r.get("index_question_p95_ms_1") is not None:
            lines.append(f"\nThe keystroke's index question alone ({int(n):,} articles): p95 "
                         f"{r['index_question_p95_ms_1']:.1f} ms from one client, "
                         f"{r[f'index_question_p95_ms_{CONCURRENT_SERVERS}']:.1f} ms from {CONCURRENT_SERVERS} at once")
    for n, r in results["sizes"].items():
        if r.get("publish_after_p95_ms") is not None:
            lines.append(f"\nA worker adds an article while one server types ({int(n):,} articles): keystroke p95 "
                         f"{r['publish_before_p95_ms']:.0f} ms before; in the {AFTER:.0f} s after its commit p95 "
                         f"{r['publish_after_p95_ms']:.0f} ms, max {r['publish_after_max_ms']:.0f} ms "
                         f"({r['publish_after_keystrokes']} keystrokes; until the diagnostics of that text or a newer "
                         "one arrived)")
    return "\n".join(lines)
