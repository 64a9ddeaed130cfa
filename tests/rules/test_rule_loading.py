"""Rule files: every error names the file and line and turns off only that rule."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from factlint.config import Config
from factlint.engine import Engine
from factlint.rule_types.loader import load_rules, packaged_rules_dir
from factlint.rule_types.testing import test_rule as run_examples

GOOD = """\
type: existence
category: style
message: "No '{match}'"
tokens: [wibble]
examples:
  bad: ["a wibble here"]
  good: ["nothing here"]
"""


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("type: existence\nmessage: [unclosed\n", 3, ["invalid YAML"]),
        ("type: existence\nmessage: m\ntokens: [a]\nfixx: {action: remove}\n", 4, ["unknown key 'fixx'", "valid keys"]),
        ("type: existance\nmessage: m\n", 1, ["unknown rule type 'existance'", "existence, substitution"]),
        ("type: existence\nmessage: m\ntokens: a-string\n", 3, ["tokens", "not of type 'array'"]),
        ("type: existence\nmessage: m\nseverity: fatal\n", 3, ["severity", "fatal"]),
        ("type: existence\nmessage: m\npatterns:\n  - 'ok'\n  - '(unclosed'\n", 5, ["does not compile", "(unclosed"]),
        ("type: existence\nmessage: m\nswap: {a: b}\ntokens: [a]\n", 3, ["'swap' does not apply to type 'existence'"]),
        ("type: pattern\nmessage: m\npatterns:\n  - [{POSS: NOUN}]\n", 4, ["not a valid spaCy Matcher pattern"]),
        ("type: existence\nmessage: m\ntokens: [a]\nmessage: again\n", 4, ["duplicate key 'message'"]),
        ("!!python/object/apply:os.system ['echo hacked']\n", 1, ["invalid YAML"]),
        # attacks on the loader: a "billion laughs" alias bomb, nesting that recurses the parser,
        # a pattern that matches every token, and one that reads every span of a paragraph
        ("type: existence\nmessage: m\ntokens: [x]\na: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", 5,
         ["aliases (*name) are not allowed"]),
        ("type: existence\nmessage: m\ntokens: " + "[" * 2000 + "]" * 2000 + "\n", 3, ["nested more than 40 levels"]),
        ("type: pattern\nmessage: m\npatterns:\n  - [{}]\n", 4, ["matches every token"]),
        ("type: pattern\nmessage: m\npatterns:\n  - [{OP: '*'}, {LOWER: x}]\n", 4, ["any token any number of times"]),
    ],
)
def test_broken_rule_file_names_file_and_line_and_only_it_is_off(tmp_path, body, line, words):
    write(tmp_path / "style", "good.yml", GOOD)
    bad = write(tmp_path / "style", "broken.yml", body)  # the pack name gives the category
    rs = load_rules([tmp_path / "style"], include_packaged=False)
    assert list(rs.rules) == ["style/good"]
    (err,) = rs.errors
    assert (err.path, err.line) == (str(bad), line), str(err)
    for w in words:
        assert w in str(err)


@pytest.mark.expect_engine_failure  # cut off on purpose
def test_catastrophic_regex_is_cut_off_and_other_rules_still_run(tmp_path, nlp):
    write(tmp_path / "house", "slow.yml", "type: existence\nmessage: slow\ncategory: style\npatterns: ['(a|aa)+$']\n")
    write(tmp_path / "house", "good.yml", GOOD)
    engine = Engine(Config(rules=(tmp_path / "house",)), nlp=nlp)
    findings = engine.check("a wibble " + "a" * 900 + "b\n", "d.md")  # within one sentence piece (document.MAX_SENTENCE_CHARS)
    assert [f.code for f in findings if f.code.startswith("house/")] == ["house/good"]
    assert [f.check for f in engine.failures] == ["house/slow"]
    assert "took longer" in engine.failures[0].error


def test_duplicate_id_in_one_folder_is_an_error(tmp_path):
    write(tmp_path / "house", "a.yml", "id: dup\n" + GOOD)
    b = write(tmp_path / "house", "b.yml", "id: dup\n" + GOOD)
    rs = load_rules([tmp_path / "house"], include_packaged=False)
    assert list(rs.rules) == ["house/dup"]
    assert rs.errors[0].path == str(b) and "duplicate rule id 'house/dup'" in str(rs.errors[0])


def test_user_rule_overrides_packaged_one_by_id(tmp_path):
    user = write(tmp_path / "mine" / "style", "kiev.yml", GOOD.replace("wibble", "Kiev"))
    rs = load_rules([tmp_path / "mine"])
    assert rs.rules["style/kiev"].path == str(user)
    assert rs.overridden["style/kiev"].endswith("kiev.yml") and not rs.errors


def test_broken_rule_in_config_folder_keeps_the_engine_checking(tmp_path, nlp):
    write(tmp_path / "house", "broken.yml", "type: nope\n")
    engine = Engine(Config(rules=(tmp_path / "house",)), nlp=nlp)
    assert engine.rules.errors
    codes = [f.code for f in engine.check("Drones hit Kiev.\n", "d.md")]
    assert codes == ["style/kiev"]


def test_packaged_rules_load_cleanly_and_pass_their_examples(nlp):
    rs = load_rules()
    assert not rs.errors, [str(e) for e in rs.errors]
    assert {"artefact/mt-leftover", "artefact/unbalanced-quotes", "style/kiev", "style/name-spelling"} <= set(rs.rules)
    kinds = {r.type for r in rs.rules.values()}
    assert {"existence", "substitution", "repetition", "consistency", "pattern", "quotes"} <= kinds
    factory = lambda specs: Engine(Config(), nlp=nlp, checks=specs)  # noqa: E731
    for rule in rs.rules.values():
        n, failures = run_examples(rule, factory)
        assert n >= 2 and not failures, [str(f) for f in failures]


def test_rules_test_reports_failing_example_with_file_and_line(tmp_path, nlp):
    path = write(tmp_path / "house", "r.yml", GOOD.replace('good: ["nothing here"]', 'good: ["nothing here", "one wibble"]'))
    rule = load_rules([tmp_path / "house"], include_packaged=False).rules["house/r"]
    n, failures = run_examples(rule, lambda specs: Engine(Config(), nlp=nlp, checks=specs))
    assert n == 3 and len(failures) == 1
    assert str(failures[0]).startswith(f"{path}:7: house/r: good example flagged")


def test_schema_is_packaged():
    assert (packaged_rules_dir() / "schema.json").is_file()


def test_an_oversized_rule_file_is_refused_unread(tmp_path):
    write(tmp_path / "style", "good.yml", GOOD)
    big = tmp_path / "style" / "big.yml"
    big.write_text("type: existence\nmessage: m\ntokens:\n" + "  - word\n" * 150_000, encoding="utf-8")
    rs = load_rules([tmp_path / "style"], include_packaged=False)
    assert list(rs.rules) == ["style/good"]
    (err,) = rs.errors
    assert err.path == str(big) and err.line == 1 and "a rule file may be at most" in err.message


@pytest.mark.expect_engine_failure  # cut off on purpose
def test_a_rule_that_fires_everywhere_is_cut_off_with_its_first_matches(tmp_path, nlp):
    write(tmp_path / "house", "good.yml", GOOD)
    engine = Engine(Config(rules=(tmp_path / "house",)), nlp=nlp)
    findings = engine.check("A wibble here. " * 1000 + "\n", "d.md")
    from factlint.rule_types.base import MAX_MATCHES

    assert len([f for f in findings if f.code == "house/good"]) == MAX_MATCHES
    (failure,) = engine.failures
    assert failure.cut_off and "good.yml:1" in failure.error and f"more than {MAX_MATCHES}" in failure.error


@pytest.mark.expect_engine_failure  # cut off on purpose
def test_a_slow_rule_is_cut_off_by_its_budget_over_many_lines(tmp_path, nlp, monkeypatch):
    """Each search is under the regex time limit, but the rule's time on one document is
    bounded too: it stops at its budget and keeps what it found."""
    from factlint.rule_types import base

    monkeypatch.setattr(base, "RULE_BUDGET", 0.2)
    write(tmp_path / "house", "slow.yml", "type: existence\nmessage: slow\ncategory: style\nscope: line\n"
                                         "patterns: ['(a|aa)+$']\n")
    engine = Engine(Config(rules=(tmp_path / "house",)), nlp=nlp)
    # ~20 ms a line, far under 0.25 s; the lines differ, as identical paragraphs are read once
    engine.check("\n".join(f"{i:03d} " + "a" * 21 + "b" for i in range(400)) + "\n", "d.txt")
    # (on a loaded machine a shipped rule may be cut off by its own budget too: only this one is asked about)
    (failure,) = [f for f in engine.failures if "slow.yml" in f.error]
    assert failure.cut_off and "0.2s" in failure.error and "slow.yml:1" in failure.error
