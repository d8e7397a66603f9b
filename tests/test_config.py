from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.config import Config, ConfigError, find_config_file, load_config
from analyzer.findings import Severity


def test_pyproject_table_is_found_by_walking_up_and_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.gatherscan]\n"
        "fail-on = 'medium'\nexclude = ['tests/fixtures/**']\nquorum = 1.0\n"
        "agents = ['security', 'performance']\n\n"
        "[tool.gatherscan.per-path-disable]\n'tests/**' = ['SEC005', 'performance']\n\n"
        "[tool.gatherscan.merge-rules]\n'stats.loops' = 'sum'\n"
    )
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    found = find_config_file(tmp_path / "src" / "pkg")
    assert found == tmp_path / "pyproject.toml"
    config = load_config(found)
    assert config.fail_on is Severity.MEDIUM
    assert config.exclude == ("tests/fixtures/**",)
    assert config.agents == ("security", "performance")
    assert config.per_path_disable == {"tests/**": ("SEC005", "performance")}
    assert config.merge_rule_set()["stats.loops"].value == "sum"
    assert config.merge_rule_set()["issues"].value == "union"
    assert config.source == str(found)


def test_yaml_file_wins_in_its_directory_and_search_stops_at_repo_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.gatherscan]\nfail-on = 'low'\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config_file(repo) is None
    (repo / ".gatherscan.yaml").write_text("fail-on: critical\ntimeout: 30\n")
    (repo / "pyproject.toml").write_text("[tool.gatherscan]\nfail-on = 'low'\n")
    config = load_config(find_config_file(repo))
    assert config.fail_on is Severity.CRITICAL
    assert config.timeout == 30


def test_pyproject_without_our_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert find_config_file(tmp_path) is None
    assert load_config(None) == Config()


TABLE = "[tool.gatherscan]\n"
KEY = "tool.gatherscan."


@pytest.mark.parametrize(
    ("content", "key", "reason"),
    [
        (
            TABLE + "fail-onn = 'high'\n",
            KEY + "fail-onn",
            "unknown key (known keys: agent-options, agents, cache-dir, exclude,",
        ),
        (TABLE + "source = 'x.toml'\n", KEY + "source", "unknown key"),
        (TABLE + "fail-on = 'severe'\n", KEY + "fail-on", "one of critical, high, medium, low, info (got 'severe')"),
        (TABLE + "quorum = 1.5\n", KEY + "quorum", "must be between 0 and 1 (got 1.5)"),
        (TABLE + "quorum = true\n", KEY + "quorum", "must be a number (got True)"),
        (TABLE + "agents = ['security', 'speling']\n", KEY + "agents", "unknown agent(s) 'speling' (known agents: "),
        (TABLE + "agents = []\n", KEY + "agents", "must name at least one agent"),
        (TABLE + "jobs = 0\n", KEY + "jobs", "must be between 1 and 256 (got 0)"),
        (TABLE + "timeout = 0\n", KEY + "timeout", "must be greater than 0 (got 0)"),
        (TABLE + "exclude = 'tests'\n", KEY + "exclude", "must be a list of strings (got 'tests')"),
        (TABLE + "exclude = ['tests', 3]\n", KEY + "exclude.1", "must be a string (got 3)"),
        ("[tool.gatherscan.per-path-disable]\n'tests/**' = 'SEC001'\n", KEY + "per-path-disable.tests/**", "list of"),
        ("[tool.gatherscan.merge-rules]\nriskScore = 'maximum'\n", KEY + "merge-rules.riskScore", "maximum"),
        ("[tool.gatherscan\n", "", "invalid TOML"),
    ],
)
def test_malformed_pyproject_names_file_key_and_reason(tmp_path: Path, content: str, key: str, reason: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    assert error.source == str(path)
    assert error.key == key
    assert reason in error.reason
    assert str(path) in str(error)


def test_malformed_yaml_is_reported_with_its_file(tmp_path: Path) -> None:
    path = tmp_path / ".gatherscan.yaml"
    path.write_text("fail-on: [high\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(path)
    path.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_config(path)


def test_command_line_overrides_are_validated_too() -> None:
    config = Config().with_overrides(fail_on="low", quorum=None, agents=("security",))
    assert config.fail_on is Severity.LOW
    assert config.quorum == 0.5
    assert config.agents == ("security",)
    with pytest.raises(ConfigError) as caught:
        Config().with_overrides(agents=("nonsense",))
    assert caught.value.source == "command line"
    assert caught.value.key == "agents"
