"""The performance agent: its identity, its rules and its static engine, as agents.base.Agent requires."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agents.base import AgentContext, Rule, Skipped, SourceFile, SuppressionScope, analyze_each
from agents.performance.rules import AGENT_ID, RULES, SUPPRESSION_PROBLEM
from analyzer.findings import Finding

PYTHON_SUFFIXES = (".py", ".pyw")


class PerformanceAgent:
    id: str = AGENT_ID
    description: str = (
        "Performance anti-patterns in Python: quadratic work in loops (string building, list searches and "
        "front removals, data-frame growth), blocking calls in async functions, and needless copies."
    )
    version: str = "1.0.0"
    rules: tuple[Rule, ...] = RULES
    shardable: bool = True

    def wants(self, path: str) -> bool:
        return path.lower().endswith(PYTHON_SUFFIXES)

    def preload(self) -> None:
        """Import the checks once before workers fork (see analyzer.fanout), so shards do not each import them."""
        import agents.performance.checks  # noqa: F401

    def analyze(self, ctx: AgentContext, files: Sequence[str]) -> dict[str, Any]:
        # Imported here, in the worker: the parent process only needs the catalogue and wants().
        from agents.performance.checks import STAT_KEYS, check_source

        stats = dict.fromkeys(STAT_KEYS, 0)

        def check(source: SourceFile) -> list[Finding] | Skipped:
            return check_source(source, stats)

        suppressions = SuppressionScope(self.id, self.rules, SUPPRESSION_PROBLEM)
        return analyze_each(ctx, files, check, stats=stats, suppressions=suppressions)


AGENT = PerformanceAgent()
