"""Configuration: `[tool.gatherscan]` in pyproject.toml or `.gatherscan.yaml`, found by walking up.

Every key is validated; an unknown key or a bad value stops the run with the file, the key and
the reason (exit code 2). CLI flags override what the file says.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from analyzer.dataformats import parse_json, parse_toml, parse_yaml
from analyzer.findings import Severity
from analyzer.model import (
    OPTIONAL_TEXT,
    STRINGS,
    JsonModel,
    ModelError,
    boolean,
    checked,
    dict_of,
    integer,
    invalid,
    number,
    one_of,
    optional,
    text,
)
from analyzer.rules import MergeRules, RulesError, parse_rules

CONFIG_FILE_NAMES = (".gatherscan.yaml", ".gatherscan.yml")
PYPROJECT_TABLE = "tool.gatherscan"
DEFAULT_AGENTS = ("dependency", "performance", "security")


class ConfigError(Exception):
    """A configuration problem, located: which file, which key, what is wrong."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        self.source = source
        self.key = key
        self.reason = reason
        super().__init__(f"{source}: {key}: {reason}" if key else f"{source}: {reason}")


_SEVERITY = one_of(Severity)


def _severity_any_case(value: object) -> Severity:
    result: Severity = _SEVERITY(value.lower() if isinstance(value, str) else value)
    return result


def _known_agents(value: object) -> tuple[str, ...]:
    """Built-in agent ids, or plugin references (module:attribute); duplicates dropped."""
    agents: tuple[str, ...] = STRINGS(value)
    if not agents:
        invalid("value_error", "must name at least one agent", value)
    unknown = [agent for agent in agents if agent not in DEFAULT_AGENTS and ":" not in agent]
    if unknown:
        names = ", ".join(repr(agent) for agent in unknown)
        invalid("value_error", f"unknown agent(s) {names} (known agents: {', '.join(DEFAULT_AGENTS)})", value)
    return tuple(dict.fromkeys(agents))


_LIMIT = integer(ge=1, le=256)


@dataclass(frozen=True, kw_only=True)
class Config(JsonModel):
    """The effective settings of a scan. Keys are written kebab-case in files (fail-on)."""

    include: tuple[str, ...] = field(default=(), metadata=checked(STRINGS))
    exclude: tuple[str, ...] = field(default=(), metadata=checked(STRINGS))
    agents: tuple[str, ...] = field(default=DEFAULT_AGENTS, metadata=checked(_known_agents))
    fail_on: Severity = field(default=Severity.HIGH, metadata=checked(_severity_any_case))
    fail_on_partial: bool = field(default=False, metadata=checked(boolean))
    quorum: float = field(default=0.5, metadata=checked(number(ge=0, le=1)))
    jobs: int | None = field(default=None, metadata=checked(optional(_LIMIT)))
    timeout: float = field(default=600.0, metadata=checked(number(gt=0)))
    max_concurrency: int = field(default=4, metadata=checked(_LIMIT))
    max_file_size: int = field(default=2 * 1024 * 1024, metadata=checked(integer(ge=1)))
    # Whether `# gatherscan: ignore[...]` must give a reason to hide anything (analyzer/suppress.py).
    require_suppression_reason: bool = field(default=True, metadata=checked(boolean))
    merge_rules: dict[str, str] = field(
        default_factory=dict, metadata=checked(dict_of(text, "a table of key paths to strategy names"))
    )
    # glob -> rule ids (or agent ids, or "*") not reported for files matching the glob.
    per_path_disable: dict[str, tuple[str, ...]] = field(
        default_factory=dict, metadata=checked(dict_of(STRINGS, "a table of globs to lists of ids"))
    )
    # agent id -> options handed to that agent's engine (e.g. dependency: {application: true}).
    agent_options: dict[str, dict[str, Any]] = field(
        default_factory=dict, metadata=checked(dict_of(dict_of(), "a table of agent ids to option tables"))
    )
    # Where the incremental cache lives (analyzer/cache.py); relative to the configuration file's folder.
    cache_dir: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT))
    # The file this configuration was read from, if any; never read from a file itself.
    source: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT, internal=True))

    @classmethod
    def json_key(cls, name: str) -> str:
        return name.replace("_", "-")

    def merge_rule_set(self) -> MergeRules:
        return parse_rules(self.merge_rules, self.source or "configuration")

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the given (snake_case) settings replaced, validated like file values."""
        given = {key: value for key, value in overrides.items() if value is not None}
        if not given:
            return self
        current = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "source"}
        try:
            updated = Config.model_validate({**current, **given})
        except ModelError as exc:
            raise _config_error_from(exc, "command line") from exc
        return updated.model_copy(update={"source": self.source})


def find_config_file(start: Path) -> Path | None:
    """The nearest `.gatherscan.yaml` or pyproject.toml with [tool.gatherscan], walking up to the repo root."""
    current = start.resolve()
    if not current.is_dir():
        current = current.parent
    for directory in (current, *current.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = _read_config_data(path)
    try:
        config = Config.model_validate(data)
    except ModelError as exc:
        raise _config_error_from(exc, str(path), prefix=_key_prefix(path)) from exc
    config = config.model_copy(update={"source": str(path)})
    try:
        config.merge_rule_set()
    except RulesError as exc:
        raise ConfigError(str(path), f"{_key_prefix(path)}merge-rules.{exc.key}", exc.reason) from exc
    return config


def _key_prefix(path: Path) -> str:
    return f"{PYPROJECT_TABLE}." if path.name == "pyproject.toml" else ""


def _read_config_data(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "", f"cannot read: {exc}") from exc
    if path.name == "pyproject.toml":
        try:
            document = parse_toml(text)
        except ValueError as exc:
            raise ConfigError(str(path), "", str(exc)) from None
        table = document.get("tool", {}).get("gatherscan", {})
        if not isinstance(table, dict):
            raise ConfigError(str(path), PYPROJECT_TABLE, "must be a table")
        return table
    try:
        loaded = parse_yaml(text)
    except ValueError as exc:
        raise ConfigError(str(path), "", str(exc)) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigError(str(path), "", f"must be a mapping of settings, not {type(loaded).__name__}")
    return loaded


def load_rules_file(path: str | os.PathLike[str]) -> MergeRules:
    """Merge rules from a JSON file (`.json`) or a YAML file (any other name), over the defaults."""
    source = os.fspath(path)
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(source, "", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise RulesError(source, "", f"not valid UTF-8: byte {exc.start}: {exc.reason}") from None
    try:
        data = parse_json(text) if source.lower().endswith(".json") else parse_yaml(text)
    except ValueError as exc:
        raise RulesError(source, "", str(exc)) from None
    return parse_rules(data, source)


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "gatherscan" not in text:
        return False
    try:
        tool = parse_toml(text).get("tool", {})
    except ValueError:
        # A broken pyproject.toml that mentions us is ours to report, not to skip over.
        return True
    return isinstance(tool, dict) and "gatherscan" in tool


# Kinds of error whose message already says what is wrong with the value, or concerns the key.
_NO_ECHO = frozenset({"missing", "extra_forbidden", "value_error"})


def _config_error_from(exc: ModelError, source: str, prefix: str = "") -> ConfigError:
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"])
    reason = first["msg"] if first["type"] in _NO_ECHO else f"{first['msg']} (got {first['input']!r})"
    return ConfigError(source, f"{prefix}{key}", reason)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
