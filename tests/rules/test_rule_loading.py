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


def test_catastrophic_regex_is_cut_off_and_other_rules_still_run(tmp_path, nlp):
    write(tmp_path / "house", "slow.yml", "type: existence\nmessage: slow\ncategory: style\npatterns: ['(a|aa)+$']\n")
    write(tmp_path / "house", "good.yml", GOOD)
    engine = Engine(Config(rules=(tmp_path / "house",)), nlp=nlp)
    findings = engine.check("a wibble " + "a" * 5000 + "b\n", "d.md")
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
