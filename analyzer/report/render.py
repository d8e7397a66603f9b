"""The registry of report formats and the options every renderer receives."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from agents.base import BUILTIN_AGENTS, Rule, load_agent
from analyzer.report.model import Report

RuleCatalogue = Mapping[str, tuple[str, Rule]]
"""Rule id -> (id of the agent that owns the rule, the rule)."""


class BuiltinRuleCatalogue(Mapping[str, tuple[str, Rule]]):
    """The rules of the built-in agents, loaded on first use.

    Rendering must work even while an agent is missing or broken: such an agent contributes no
    rules, and the formats then describe its findings' rules from the findings themselves.
    """

    def __init__(self) -> None:
        self._rules: dict[str, tuple[str, Rule]] | None = None
        self._lock = threading.Lock()

    def _loaded(self) -> dict[str, tuple[str, Rule]]:
        with self._lock:
            if self._rules is None:
                self._rules = _load_builtin_rules()
            return self._rules

    def __getitem__(self, rule_id: str) -> tuple[str, Rule]:
        return self._loaded()[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def _load_builtin_rules() -> dict[str, tuple[str, Rule]]:
    catalogue: dict[str, tuple[str, Rule]] = {}
    for agent_id in sorted(BUILTIN_AGENTS):
        try:
            agent = load_agent(agent_id)
        except Exception:  # noqa: BLE001 - a broken agent module must not stop a report from rendering
            continue
        for rule in agent.rules:
            catalogue.setdefault(rule.id, (agent.id, rule))
    return catalogue


@dataclass(frozen=True)
class RenderOptions:
    # Where the scanned files are, to quote a finding's code line when it carries no snippet.
    root: Path | None = None
    color: bool = False
    rule_catalogue: RuleCatalogue = field(default_factory=BuiltinRuleCatalogue)
    # GitHub-bound SARIF: leave out failed agents' runs (so their open alerts stay open) and suppressed results.
    for_github: bool = False
    command_line: str | None = None
    # Seconds since the epoch.
    start_time: float | None = None
    end_time: float | None = None


Renderer = Callable[[Report, RenderOptions], str]

FORMATS: Mapping[str, str] = {
    "json": "analyzer.report.json",
    "markdown": "analyzer.report.markdown",
    "sarif": "analyzer.report.sarif",
    "text": "analyzer.report.text",
}
"""Format name -> the module whose `render` writes it; imported on use, so a scan loads one format."""


def renderer_for(fmt: str) -> Renderer:
    try:
        module_name = FORMATS[fmt]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown report format {fmt!r} (known formats: {known})") from None
    renderer: Renderer = importlib.import_module(module_name).render
    return renderer


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    return renderer_for(fmt)(report, options if options is not None else RenderOptions())
