
import pytest

from factlint.config import ConfigError, discover, load, load_for
from factlint.finding import Severity


def test_discovery_walks_up_from_a_nested_folder(tmp_path):
    (tmp_path / "factlint.toml").write_text('corpus = ["articles"]\ndisable = ["style"]\n[severity]\n"figure/conflict" = "error"\n')
    nested = tmp_path / "desk" / "2024" / "november"
    nested.mkdir(parents=True)
    draft = nested / "draft.md"
    draft.write_text("x")
    assert discover(draft) == (tmp_path / "factlint.toml").resolve()
    cfg = load_for(draft)
    assert cfg.corpus == ((tmp_path / "articles").resolve(),)  # relative to the config file
    assert cfg.severity == {"figure/conflict": Severity.ERROR}
    assert cfg.is_disabled("style/kiev", "style")
    assert cfg.index_dir() == (tmp_path / ".factlint").resolve()


def test_pyproject_tool_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.factlint]\ncorpus = "c"\n')
    assert load_for(tmp_path).corpus == ((tmp_path / "c").resolve(),)


def test_pyproject_without_section_is_passed_over(tmp_path):
    (tmp_path / "factlint.toml").write_text('corpus = ["up"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert discover(sub) == (tmp_path / "factlint.toml").resolve()


@pytest.mark.parametrize(
    "body, words",
    [
        ('corpus = 3\n', ["'corpus'", "path"]),
        ('corpse = ["x"]\n', ["unknown key 'corpse'", "valid keys"]),
        ('[severity]\n"figure/conflict" = "fatal"\n', ["figure/conflict", "fatal"]),
        ('fail-on = "sometimes"\n', ["fail-on", "sometimes"]),
        ('corpus = [\n', ["invalid TOML"]),
    ],
)
def test_invalid_config_names_file_and_key(tmp_path, body, words):
    path = tmp_path / "factlint.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as e:
        load(path)
    assert str(path) in str(e.value)
    for w in words:
        assert w in str(e.value)
