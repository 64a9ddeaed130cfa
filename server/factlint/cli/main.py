"""`factlint` command line.

    factlint check [--corpus DIR]... [--config FILE] [--format text|concise|json]
                   [--fail-on error|warning|info|never] FILE...   (- for stdin)
    factlint index [--config FILE] [DIR...]
    factlint explain CODE

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage, config or input errors (missing or undecodable files are named on
stderr while the other files are still checked and reported).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from pathlib import Path

from .. import __version__
from ..config import FAIL_ON, Config, ConfigError, discover, load
from ..finding import FAILURE_NOTICES, NOTICE, Severity
from ..nlp import PipelineMissing
from ..textfile import NotText, decode
from .output import Report, formats

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
log = logging.getLogger("factlint.cli")


class UsageError(Exception):
    pass


INDEX_HELP = ("a shared PostgreSQL index (postgresql://user@host/db) instead of the local one; also "
              "FACTLINT_INDEX_URL or `index` in factlint.toml")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="factlint", description="Check news drafts against a corpus of published articles.")
    p.add_argument("--version", action="version", version=f"factlint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="check drafts against the corpus")
    c.add_argument("files", nargs="+", metavar="FILE", help="drafts to check; - reads stdin")
    c.add_argument("--corpus", action="append", type=Path, metavar="DIR", help="corpus folder or file (repeatable; replaces the config's)")
    c.add_argument("--config", type=Path, metavar="FILE", help="use this factlint.toml / pyproject.toml instead of discovering one")
    c.add_argument("--index", metavar="URL", type=_index_url, help=INDEX_HELP)
    c.add_argument("--format", choices=sorted(formats()), default="text")
    c.add_argument("--fail-on", choices=FAIL_ON, default=None, help="lowest severity that makes the exit code 1 (default: warning)")
    c.add_argument("--select", action="append", metavar="CODES", help="only these codes or categories (comma-separated, repeatable)")
    c.add_argument("--ignore", action="append", metavar="CODES", help="not these codes or categories (comma-separated, repeatable)")
    c.add_argument("--statistics", action="store_true", help="print a count per code instead of the findings")
    c.add_argument("--stdin-filename", metavar="PATH", help="path to report (and find config from) for stdin")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    i = sub.add_parser("index", help="build or refresh the corpus index")
    i.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="corpus folders (default: the config's corpus)")
    i.add_argument("--config", type=Path, metavar="FILE")
    i.add_argument("--index", metavar="URL", type=_index_url, help="build this shared PostgreSQL index, as one of "
                   "any number of workers (each claims articles the others have not)")
    i.add_argument("--prune", action="store_true", help="with --index: remove the articles whose files this worker "
                   "does not see even when they are most of the index (without it, they are kept and reported)")

    r = sub.add_parser("rules", help="list or test YAML rules")
    rsub = r.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    rt = rsub.add_parser("test", help="run every rule's examples")
    rt.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="rule folders or files (default: packaged and configured rules)")
    rt.add_argument("--config", type=Path, metavar="FILE")
    rl = rsub.add_parser("list", help="show every loaded rule and where it came from")
    rl.add_argument("--config", type=Path, metavar="FILE")

    co = sub.add_parser("corpus", help="work on the corpus itself")
    csub = co.add_subparsers(dest="corpus_command", metavar="ACTION", required=True)
    au = csub.add_parser("audit", help="where the corpus disagrees with itself, and artefacts in its articles")
    au.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="corpus folders (default: the config's corpus)")
    au.add_argument("--config", type=Path, metavar="FILE")
    au.add_argument("--index", metavar="URL", type=_index_url, help=INDEX_HELP)
    au.add_argument("--format", choices=sorted(formats()), default="text")
    au.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    sv = sub.add_parser("serve", help="run the language server (stdio)")
    sv.add_argument("--tcp", metavar="[HOST:]PORT", help="listen on TCP instead of stdio (for debugging)")
    sv.add_argument("--stdio", action="store_true", help="use stdio (the default; accepted for editors that pass it)")

    em = sub.add_parser("explain-match", help="why the figure at FILE:LINE:COL is or is not a conflict")
    em.add_argument("where", metavar="FILE:LINE:COL", help="1-based line and column (code points), as findings print")
    em.add_argument("--corpus", action="append", type=Path, metavar="DIR", default=[])
    em.add_argument("--config", type=Path, metavar="FILE")
    em.add_argument("--index", metavar="URL", type=_index_url, help=INDEX_HELP)
    em.add_argument("--format", choices=("text", "json"), default="text")

    inf = sub.add_parser("info", help="what this factlint is and sees: version, pipeline, config, index (for health checks)")
    inf.add_argument("path", nargs="?", type=Path, default=None, help="a draft or folder (default: here)")
    inf.add_argument("--format", choices=("text", "json"), default="text")

    e = sub.add_parser("explain", help="print the documentation of a check")
    e.add_argument("code", nargs="?", help="a check code; omit to list them all")
    return p


def main(argv: list[str] | None = None) -> int:
    # FACTLINT_LOG=debug: what factlint does, on stderr, or in FACTLINT_LOG_FILE (the language
    # server's client may not read its stderr, which then blocks the server once the pipe is full)
    logging.basicConfig(level=os.environ.get("FACTLINT_LOG", "WARNING").upper(),
                        format="factlint: %(relativeCreated)d ms %(name)s: %(message)s",
                        filename=os.environ.get("FACTLINT_LOG_FILE") or None)
    # markdown-it logs every block rule it tries at debug level: thousands of lines per check,
    # which drown factlint's own and slow the server being looked at
    logging.getLogger("markdown_it").setLevel(max(logging.getLogger().level, logging.INFO))
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "index":
            return cmd_index(args)
        if args.command == "explain":
            return cmd_explain(args)
        if args.command == "explain-match":
            return cmd_explain_match(args)
        if args.command == "info":
            return cmd_info(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "corpus":
            return cmd_corpus_audit(args)
        if args.command == "serve":
            from ..lsp.server import start

            start(args.tcp)
            return EXIT_OK
        _parser().print_help(sys.stderr)
        return EXIT_ERROR
    except (ConfigError, UsageError) as e:
        _err(str(e))
        return EXIT_ERROR
    except PipelineMissing as e:
        _err(str(e))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `factlint check ... | head`
        return EXIT_OK
    except Exception as e:  # never a traceback for a user; FACTLINT_LOG=debug shows it
        log.debug("internal error", exc_info=True)
        _err(f"internal error: {_cause(e)} (run with FACTLINT_LOG=debug for the details)")
        return EXIT_ERROR


def _cause(e: BaseException) -> str:
    """One line: the exception's kind and message."""
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text[:300]}" if text else type(e).__name__


def _err(msg: str) -> None:
    print(f"factlint: error: {msg}", file=sys.stderr)


def _note(msg: str) -> None:
    print(f"factlint: {msg}", file=sys.stderr)


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def _config_for(explicit: Path | None, target: Path) -> Config:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return load(explicit)
    return load(discover(target))


def _engine(config: Config):
    from ..engine import get_engine

    return get_engine(config)


def _ensure_index(engine, checking: bool = True, write: bool = False, prune: bool = False,
                  say_error: bool = True) -> None:
    """Build or refresh the index; a progress bar on a terminal, nothing extra on a pipe."""
    bar = None
    task = None

    def progress(n: int, total: int, path: str) -> None:
        nonlocal bar, task
        if not sys.stderr.isatty():
            return
        if bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            bar = Progress(TextColumn("factlint: indexing"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                           TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            bar.start()
            task = bar.add_task("index", total=total)
        bar.update(task, completed=n)

    engine.on_wait = lambda message: _note(f"{message}…")
    try:
        report = engine.ensure_index(progress, write=write, prune=prune)
    finally:
        if bar is not None:
            bar.stop()
    if engine.index_error and say_error:
        _note(f"warning: {engine.index_error}" + ("; the checks that need the corpus were skipped" if checking else ""))
    for note in engine.index_notes:
        _note(f"warning: {note}")
    engine.index_notes.clear()
    if report is None:
        return
    for err in report.errors:
        _note(f"warning: corpus file {err}")
    return report


def cmd_check(args) -> int:
    exit_code = EXIT_OK
    for corpus in args.corpus or ():
        if not corpus.exists():
            raise UsageError(f"{corpus}: corpus folder not found")
    inputs: list[tuple[str, str, Path]] = []  # (display path, text, config anchor)
    for name in args.files:
        if name == "-":
            text = sys.stdin.buffer.read()
            shown = args.stdin_filename or "-"
            anchor = Path(args.stdin_filename) if args.stdin_filename else Path.cwd()
        else:
            path = Path(name)
            shown, anchor = name, path
            try:
                text = path.read_bytes()
            except FileNotFoundError:
                _err(f"{name}: no such file")
                exit_code = EXIT_ERROR
                continue
            except IsADirectoryError:
                _err(f"{name}: is a folder (pass the files to check)")
                exit_code = EXIT_ERROR
                continue
            except OSError as e:
                _err(f"{name}: cannot read: {e.strerror}")
                exit_code = EXIT_ERROR
                continue
        try:
            decoded = decode(text)
        except NotText as e:
            _err(f"{e.where(shown)}: {e.reason}; not checked (the other files were)")
            exit_code = EXIT_ERROR
            continue
        inputs.append((shown, decoded, anchor))

    reports: list[Report] = []
    configs: dict[Path | None, Config] = {}
    for shown, text, anchor in inputs:
        key = args.config or discover(anchor)
        if key not in configs:
            cfg = _config_for(args.config, anchor)
            configs[key] = cfg.with_overrides(
                corpus=tuple(p.resolve() for p in args.corpus) if args.corpus else None,
                index=args.index,
            )
            missing = [p for p in configs[key].corpus if not p.exists()]
            if missing:
                raise UsageError(f"{missing[0]}: corpus folder not found")
            _ensure_index(_engine(configs[key]), say_error=False)  # each draft's line says it
        cfg = configs[key]
        engine = _engine(cfg)
        try:
            findings = engine.check(text, shown)
        except Exception as e:  # one file's failure never loses the others' results
            log.debug("checking %s failed", shown, exc_info=True)
            _err(f"{shown}: internal error, not checked: {_cause(e)} (the other files were checked)")
            exit_code = EXIT_ERROR
            continue
        incomplete = False
        for notice in [f for f in findings if f.category == NOTICE]:
            if notice.code in FAILURE_NOTICES:  # not fully checked: the gate fails, the findings still show
                _err(f"{shown}: {notice.message}")
                exit_code = EXIT_ERROR
                incomplete = True
            else:
                _note(f"{shown}: {notice.message}")
        findings = [f for f in findings if f.category != NOTICE]
        reports.append(Report(shown, text, findings, incomplete))
    for cfg in configs.values():
        for rule_error in _engine(cfg).rules.errors:
            _err(f"{rule_error} (rule off; everything else ran)")
            exit_code = EXIT_ERROR
        for failure in _engine(cfg).failures:  # (a broken check is a notice on its draft: said above)
            if failure.cut_off:
                _note(f"warning: {failure.path}: check {failure.check} was cut off: {failure.error}")

    select, ignore = _codes(args.select), _codes(args.ignore)
    if select or ignore:
        for r in reports:
            r.findings = [f for f in r.findings
                          if (not select or _matches(f, select)) and not (ignore and _matches(f, ignore))]
    color = _use_color(args.color, sys.stdout) and args.format in ("text", "concise")
    if args.statistics:
        sys.stdout.write(_statistics(reports))
    else:
        specs = {}
        for cfg in configs.values():
            specs.update({c.code: c for c in _engine(cfg).checks})
        sys.stdout.write(formats()[args.format](reports, color=color, specs=specs))

    fail_on = args.fail_on or next((c.fail_on for c in configs.values()), "warning")
    if fail_on != "never":
        threshold = Severity.parse(fail_on)
        if any(f.severity >= threshold for r in reports for f in r.findings) and exit_code == EXIT_OK:
            exit_code = EXIT_FINDINGS
    return exit_code


def cmd_info(args) -> int:
    """`factlint info [PATH]`: version, Python, whether the English pipeline imports, the config
    that governs PATH and where its index is. Each item says how to fix it when it is wrong;
    editors' health checks read `--format json`. Exit 2 when something blocks checking."""
    import json
    import platform

    from ..config import ConfigError
    from ..corpus.index import index_path
    from ..nlp import INSTALL_HINT, find_pipeline

    target = (args.path or Path.cwd()).resolve()
    out: dict = {"version": __version__, "python": platform.python_version(), "executable": sys.executable}
    try:
        out["pipeline"] = {"ok": True, "name": find_pipeline()}
    except PipelineMissing:
        out["pipeline"] = {"ok": False, "hint": INSTALL_HINT}
    from ..facts import lexicon

    lex = lexicon.load()
    out["wordnet"] = {"path": str(lex.root)} if lex else {"path": None, "hint": lexicon.INSTALL_HINT}
    try:
        found = discover(target)
        cfg = load(found)
        out["config"] = {"ok": True, "path": str(found) if found else None}
        if cfg.index:
            out["index"] = _shared_index_info(cfg.index)
        elif cfg.corpus:
            db = index_path(cfg.index_dir(), cfg.corpus)
            out["index"] = {"path": str(db), "exists": db.exists(), "corpus": [str(c) for c in cfg.corpus]}
        else:
            out["index"] = None
    except ConfigError as e:
        out["config"] = {"ok": False, "error": str(e)}
        out["index"] = None
    if args.format == "json":
        print(json.dumps(out, indent=1))
    else:
        print(f"factlint {out['version']} (Python {out['python']}, {out['executable']})")
        p = out["pipeline"]
        print(f"English pipeline: {p['name']}" if p["ok"] else f"English pipeline: missing; install it: {p['hint']}")
        w = out["wordnet"]
        print(f"word meaning (WordNet): {w['path']}" if w["path"] else f"word meaning (WordNet): not found; {w['hint']}")
        c = out["config"]
        print(f"config: {c['path'] or '(none: defaults; no corpus)'}" if c["ok"] else f"config: {c['error']}")
        if out["index"] and out["index"].get("shared"):
            i = out["index"]
            print(f"index: {i['shared']} (shared; " + (f"{i['articles']:,} articles)" if "articles" in i else f"{i['error']})"))
        elif out["index"]:
            i = out["index"]
            print(f"index: {i['path']} ({'built' if i['exists'] else 'not built yet: factlint index'})")
    return EXIT_OK if out["pipeline"]["ok"] and out["config"]["ok"] else EXIT_ERROR


def _shared_index_info(url: str) -> dict:
    """Whether the shared index answers, and how many articles it holds (password never shown)."""
    from ..corpus.base import index_errors
    from ..corpus.postgres import PostgresIndex, redact

    out: dict = {"shared": redact(url)}
    try:
        index = PostgresIndex(url, pool_size=1)
    except (ImportError, OSError, *index_errors()) as e:
        out["error"] = f"cannot be used: {str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__}"
        return out
    try:
        out["articles"] = index.article_count()
    finally:
        index.close()
    return out


def _codes(values: list[str] | None) -> set[str]:
    return {c.strip() for v in values or () for c in v.split(",") if c.strip()}


def _matches(f, codes: set[str]) -> bool:
    return any(f.code == c or f.category == c or f.code.startswith(c.rstrip("/") + "/") for c in codes)


def _statistics(reports: list[Report]) -> str:
    from collections import Counter

    counts = Counter((f.code, str(f.severity)) for r in reports for f in r.findings)
    lines = [f"{n:5d}  {code:32} {sev}" for (code, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append(f"{sum(counts.values()):5d}  total")
    return "\n".join(lines) + "\n"


def _index_url(value: str) -> str:
    from ..config import check_index_url

    try:
        return check_index_url(value, "--index")
    except ConfigError as e:
        raise argparse.ArgumentTypeError(str(e).removeprefix("--index ")) from None


def _corpus_config(args, need_folders: bool = False) -> Config:
    config = _config_for(args.config, Path.cwd()).with_overrides(index=getattr(args, "index", None))
    if args.dirs:
        missing = [d for d in args.dirs if not d.exists()]
        if missing:
            raise UsageError(f"{missing[0]}: no such folder")
        config = config.with_overrides(corpus=tuple(d.resolve() for d in args.dirs))
    if not (config.corpus if need_folders else config.has_corpus):
        raise UsageError("no corpus: pass folders or set `corpus` in factlint.toml"
                         + (" (a worker of a shared index reads the archive's files)" if config.index else ""))
    return config


def cmd_corpus_audit(args) -> int:
    from ..corpus.audit import audit, undated

    engine = _engine(_corpus_config(args))
    _ensure_index(engine)
    audited = audit(engine)
    reports = [Report(_shown(a.path), a.text, a.findings) for a in audited]
    specs = {c.code: c for c in engine.checks}
    color = _use_color(args.color, sys.stdout) and args.format in ("text", "concise")
    sys.stdout.write(formats()[args.format](reports, color=color, specs=specs))
    if args.format in ("text", "concise"):
        cats = Counter(f.category for r in reports for f in r.findings)
        print(f"Corpus audit of {len(reports)} articles: {cats['figure']} figure disagreements, "
              f"{cats['quote']} quote disagreements, {cats['artefact']} artefacts, {cats['style']} style notes.")
        if no_day := undated(engine):
            shown = ", ".join(_shown(p) for p in no_day[:5]) + (f" and {len(no_day) - 5} more" if len(no_day) > 5 else "")
            print(f"{len(no_day)} articles state figures but give no publication day (no readable `date:` in their "
                  f"front matter, no full date in their text), so their figures are not compared by day: {shown}.")
        print(_day_gate_note(engine))
    return EXIT_FINDINGS if any(r.findings for r in reports) else EXIT_OK


def _day_gate_note(engine) -> str:
    """What the archive's own repeated figures say about the days that tell its nights apart,
    beside the gate the checker uses (match.daygate, match.params.MAX_DAY_GAP)."""
    from ..match.daygate import MIN_PAIRS, archive_gate
    from ..match.params import MAX_DAY_GAP

    used = "no gate" if MAX_DAY_GAP == float("inf") else f"{MAX_DAY_GAP:g} days"
    fit = archive_gate(engine.corpus())
    if fit.gate is None:
        return (f"Day gate: {fit.pairs} pairs of articles state the same exact figure with known days, too few "
                f"(under {MIN_PAIRS}) or too scattered to read from this archive how many days apart its nights "
                f"are. The checker compares figures up to {used} apart (fitted on labelled pairs).")
    return (f"Day gate: of {fit.pairs} pairs of articles that state the same exact figure, about "
            f"{fit.same_share:.0%} read as one fact reported twice and the rest as chance; one fact is the likelier "
            f"reading up to {fit.gate} days apart. The checker compares figures up to {used} apart (fitted on "
            f"labelled pairs).")


def _shown(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def cmd_index(args) -> int:
    engine = _engine(_corpus_config(args, need_folders=True))
    report = _ensure_index(engine, checking=False, write=True, prune=args.prune)
    index = engine.open_index()
    if report is None or index is None:  # the index cannot be written: _ensure_index said why
        return EXIT_ERROR
    _note(
        f"index {index.db_path}: {index.article_count()} articles "
        f"({len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
        f"{report.unchanged} unchanged, {len(report.errors)} skipped)"
    )
    if report.kept:
        n = len(report.kept)
        _err(f"{index.db_path}: this worker does not see the files of {n} of the index's {index.article_count()} "
             f"articles (e.g. {report.kept[0]}) and removed none of them: is the archive folder mounted, and is it "
             "the folder every worker indexes? If they were really deleted, run again with --prune")
    return EXIT_ERROR if report.errors or report.kept else EXIT_OK


def cmd_rules(args) -> int:
    from ..rule_types.loader import load_rules
    from ..rule_types.testing import test_rule

    config = _config_for(args.config, Path.cwd())
    if args.rules_command == "list":
        rs = load_rules(config.rules)
        for rule in sorted(rs.rules.values(), key=lambda r: r.id):
            note = f" (overrides {rs.overridden[rule.id]})" if rule.id in rs.overridden else ""
            print(f"{rule.id:32} {rule.type:12} {str(rule.severity):8} {rule.path}{note}")
        for err in rs.errors:
            _err(f"{err} (rule off)")
        return EXIT_ERROR if rs.errors else EXIT_OK
    paths = tuple(p.resolve() for p in args.paths)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such rule folder or file")
    rs = load_rules(paths or config.rules, include_packaged=not paths)
    from ..engine import Engine

    def factory(specs):
        return Engine(config.with_overrides(corpus=()), checks=specs)

    total, failed = 0, []
    for rule in sorted(rs.rules.values(), key=lambda r: r.id):
        n, failures = test_rule(rule, factory)
        total += n
        failed.extend(failures)
        print(f"{'FAIL' if failures else 'ok  '} {rule.id} ({n} examples)")
    for f in failed:
        print(f"  {f}")
    for err in rs.errors:
        print(f"  {err}")
    broken = len(rs.errors)
    print(f"{total - len(failed)} passed, {len(failed) + broken} failed")
    return EXIT_FINDINGS if failed or broken else EXIT_OK


def cmd_explain(args) -> int:
    from ..registry import all_checks
    from ..rule_types.loader import load_rules

    checks = all_checks()
    checks.update({s.code: s for s in load_rules(_config_for(None, Path.cwd()).rules).specs()})
    if not args.code:
        for code, spec in sorted(checks.items()):
            first = spec.doc.splitlines()[0] if spec.doc else ""
            print(f"{code:28} {spec.category:9} {str(spec.severity):8} {spec.status:10} {first}")
        return EXIT_OK
    spec = checks.get(args.code)
    if spec is None:
        raise UsageError(f"unknown check {args.code!r} (run `factlint explain` for the list)")
    print(f"{spec.code} ({spec.category}, {spec.severity}, {spec.status})\n")
    print(spec.doc)
    return EXIT_OK



_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _days_text(days) -> str:
    """[lo, hi, weekdays] as "2024-11-09..2024-11-10" or "Sun"."""
    lo, hi, weekdays = days
    if lo:
        return lo if lo == hi else f"{lo}..{hi}"
    return "/".join(_WEEKDAY_NAMES[d] for d in weekdays)


def cmd_explain_match(args) -> int:
    """`factlint explain-match FILE:LINE:COL`: the claim factlint read at that place and every
    candidate corpus figure with its scores, so a miss or a false alarm can be judged (and
    debugged) without a debugger."""
    import json as _json

    from ..match import figures as figure_match
    from ..engine import CheckContext

    path_s, _, rest = args.where.rpartition(":")
    path_s, _, line_s = path_s.rpartition(":")
    if not path_s or not line_s.isdigit() or not rest.isdigit():
        raise UsageError(f"{args.where!r}: expected FILE:LINE:COL (1-based, as findings print them)")
    path = Path(path_s)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise UsageError(f"{path}: not UTF-8 ({e.reason} at byte {e.start})") from None
    cfg = _config_for(args.config, path.resolve())
    cfg = cfg.with_overrides(corpus=tuple(p.resolve() for p in args.corpus) if args.corpus else None, index=args.index)
    if not cfg.has_corpus:
        raise UsageError("no corpus: pass --corpus or set `corpus` in factlint.toml")
    engine = _engine(cfg)
    _ensure_index(engine)
    lines = text.splitlines(keepends=True)
    line, col = int(line_s), int(rest)
    if not 1 <= line <= max(1, len(lines)) or col < 1:
        raise UsageError(f"{args.where}: outside the file ({len(lines)} lines)")
    offset = sum(len(x) for x in lines[: line - 1]) + col - 1
    analysed = engine.analyse(text, str(path))
    # an archive article is explained against the rest of the archive, as `corpus audit` checks it
    ctx = CheckContext(analysed, engine.corpus(), cfg, engine, {"exclude_paths": [str(path.resolve())]})
    result = figure_match.explain(ctx, offset)
    if result is None:
        raise UsageError(f"{args.where}: no figure starts there (point at the number of a finding)")
    if args.format == "json":
        print(_json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    r = result
    print(f"figure {r['figure']!r}: {r['unit']} of {r['thing'] or '?'}; act {r['act'] or '?'}"
          f" (class: {', '.join(r['act_class']) or '-'}); role {r['role'] or '-'}"
          f"{'; total' if r['total'] else ''}{'; record' if r['record'] else ''}"
          f"{'; kind ' + ', '.join(r['kinds']) if r.get('kinds') else ''}; hedge {r['hedge'] or '-'};"
          f" places {', '.join(r['places']) or '-'}; dated {', '.join(r['when']) or '-'}"
          f"{'; by ' + r['actor'] if r.get('actor') else ''}{'; measures ' + r['measures'] if r.get('measures') else ''}"
          f"{'; on ' + _days_text(r['days']) if r.get('days') else ''}"
          f"{' (dated by ' + r['dated_by'] + ')' if r.get('dated_by') else ''}"
          f"{'; its story of ' + _days_text(r['story_days']) if r.get('story_days') else ''}"
          f"{'; its story in ' + ', '.join(r['story_places']) if r.get('story_places') else ''}"
          f"{'; an estimate' if r.get('estimate') else ''}")
    print(f"verdict: {r['verdict']}" + (f" (cites {', '.join(r['cited'])})" if r['cited'] else "")
          + (f" ({r['other_night']})" if r.get("other_night") else ""))
    if not r["candidates"]:
        print("no corpus figure counts the same thing in the articles near this draft")
    for c in r["candidates"]:
        print(f"  {c['score']:5.2f}  {c['text']:>8} {c['act'] or '?':<10} {'same fact' if c['same_fact'] else 'other fact':<10}"
              f" {'agrees' if c['agrees'] else 'differs':<7} event {c['event']:.2f} (abs {c['event_absolute'][0]:.2f})"
              f" sentence {c['sentence_overlap']:.2f} paragraph {c['paragraph_overlap']:.2f} act {c['act_agreement']:+.0f}"
              f"{' (another event)' if c.get('apart') else ''}{' (an estimate)' if c.get('estimate') else ''}"
              f"  {c['source']}: {c['sentence']}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
