"""Merge strategies and the rules that say which strategy merges which payload key.

A rules file maps dotted key paths of the payload (``issues``, ``stats.files``) to strategy
names. It may be a flat mapping, nested mappings (``stats: {files: sum}``, which is what a TOML
dotted key produces) or either of those wrapped in ``{"rules": ...}``. User rules override the
defaults key by key; every other default stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import Enum


class Strategy(str, Enum):
    UNION = "union"
    INTERSECTION = "intersection"
    SUM = "sum"
    MAX = "max"
    MIN = "min"
    AVG = "avg"
    MAJORITY = "majority"
    LAST_WRITE_WINS = "last-write-wins"

    @classmethod
    def from_name(cls, name: str) -> Strategy:
        """The strategy called `name`; case and `_` versus `-` do not matter."""
        wanted = name.strip().lower().replace("_", "-")
        for strategy in cls:
            if strategy.value == wanted:
                return strategy
        raise ValueError(f"unknown strategy {name!r}; expected one of: {strategy_names()}")


def strategy_names() -> str:
    return ", ".join(strategy.value for strategy in Strategy)


class MergeRules(Mapping[str, Strategy]):
    """Immutable mapping of dotted key path -> Strategy, kept sorted by path."""

    __slots__ = ("_by_path",)

    def __init__(self, rules: Mapping[str, Strategy | str] | Iterable[tuple[str, Strategy | str]] = ()) -> None:
        pairs = rules.items() if isinstance(rules, Mapping) else rules
        by_path = {path: s if isinstance(s, Strategy) else Strategy.from_name(s) for path, s in pairs}
        self._by_path: dict[str, Strategy] = dict(sorted(by_path.items()))

    def __getitem__(self, path: str) -> Strategy:
        return self._by_path[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_path)

    def __len__(self) -> int:
        return len(self._by_path)

    def __repr__(self) -> str:
        return f"MergeRules({self.to_json_dict()!r})"

    def overridden_by(self, overrides: Mapping[str, Strategy]) -> MergeRules:
        """These rules with `overrides` replacing or adding paths one by one."""
        return MergeRules({**self._by_path, **overrides})

    def to_json_dict(self) -> dict[str, str]:
        return {path: strategy.value for path, strategy in self._by_path.items()}


DEFAULT_RULES = MergeRules(
    {
        "issues": Strategy.UNION,
        "riskScore": Strategy.MAX,
        "checkedAt": Strategy.MAX,
        "filesScanned": Strategy.SUM,
        "skipped": Strategy.UNION,
        "incomplete": Strategy.UNION,
        "notes": Strategy.UNION,
        # Counters: shards of one agent each count their own files, so their stats add up.
        "stats.*": Strategy.SUM,
    }
)

WILDCARD = "*"
"""A last path segment that gives a rule to every key of an object without its own rule."""


def rule_for(rules: Mapping[str, Strategy], path: str) -> Strategy | None:
    """The rule of `path`: its own, else the wildcard rule of its parent object."""
    exact = rules.get(path)
    if exact is not None:
        return exact
    parent, dot, _ = path.rpartition(".")
    return rules.get(f"{parent}.{WILDCARD}" if dot else WILDCARD)


class RulesError(Exception):
    """A rules file that cannot be used; says which file and which key."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        self.source = source
        self.key = key
        self.reason = reason
        super().__init__(f"{source}: {key}: {reason}" if key else f"{source}: {reason}")


_WRAPPER_KEY = "rules"


def parse_rules(data: object, source: str) -> MergeRules:
    """Validate rules loaded from YAML, JSON or TOML and lay them over DEFAULT_RULES.

    `source` names the file in error messages. None (an empty file) means the defaults.
    """
    if isinstance(data, Mapping) and set(data) == {_WRAPPER_KEY}:
        wrapped = data[_WRAPPER_KEY]
        # A lone string is a rule for a payload key that happens to be called "rules".
        if wrapped is None or isinstance(wrapped, Mapping):
            data = wrapped
    if data is None:
        return DEFAULT_RULES
    if not isinstance(data, Mapping):
        raise RulesError(source, "", f"expected a mapping of key path to strategy, got {json_type_name(data)}")
    overrides: dict[str, Strategy] = {}
    _collect_rules(data, "", source, overrides)
    return DEFAULT_RULES.overridden_by(overrides)


def _collect_rules(data: Mapping[object, object], prefix: str, source: str, into: dict[str, Strategy]) -> None:
    for key, value in data.items():
        if not isinstance(key, str):
            raise RulesError(source, f"{prefix}{key!r}", "a key path must be a string")
        path = f"{prefix}{key}"
        segments = key.split(".")
        if any(not segment or segment != segment.strip() for segment in segments):
            raise RulesError(source, path, "not a dotted key path (empty segment or surrounding whitespace)")
        if isinstance(value, Mapping):
            if not value:
                raise RulesError(source, path, "empty table: give a strategy or nested key paths")
            _collect_rules(value, f"{path}.", source, into)
            continue
        if not isinstance(value, str):
            expected = f"expected a strategy name ({strategy_names()})"
            raise RulesError(source, path, f"{expected}, got {json_type_name(value)}")
        try:
            strategy = Strategy.from_name(value)
        except ValueError as exc:
            raise RulesError(source, path, str(exc)) from None
        if path in into:
            raise RulesError(source, path, "given more than once")
        into[path] = strategy


def json_type_name(value: object) -> str:
    """How a value reads in a message about JSON/YAML input: "a number", "a list", "an object"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
