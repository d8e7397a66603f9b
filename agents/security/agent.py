"""The security agent as the fan-out stage sees it: identity, rule catalogue and the static engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from agents.base import AgentContext, Rule, SuppressionScope, analyze_each
from agents.security.rules import RULES, SUPPRESSION_PROBLEM

PYTHON_SUFFIXES = (".py", ".pyw")


@dataclass(frozen=True)
class SecurityAgent:
    id: str = "security"
    description: str = (
        "Follows request, command-line, environment and input() data through Python code (taint tracking) to "
        "code, shell, SQL, LDAP, XPath and template injection, path traversal, XSS, open redirects, XXE, SSRF, "
        "unsafe deserialization and session trust-boundary sinks; also finds weak hashes and randomness, "
        "insecure cookies, hard-coded secrets, disabled TLS verification and risky server settings"
    )
    version: str = "0.1.0"
    rules: tuple[Rule, ...] = RULES
    shardable: bool = True

    def wants(self, path: str) -> bool:
        return path.lower().endswith(PYTHON_SUFFIXES)

    def preload(self) -> None:
        """Import the engine once before workers fork (see analyzer.fanout), so shards do not each import it."""
        import agents.security.checks  # noqa: F401

    def analyze(self, ctx: AgentContext, files: Sequence[str]) -> dict[str, Any]:
        # Imported here, in the worker: the parent process only needs the catalogue and wants().
        from agents.security.checks import check_file

        # The security agent also reports suppression comments that name no rule at all.
        suppressions = SuppressionScope(self.id, self.rules, SUPPRESSION_PROBLEM, report_unattributed=True)
        return analyze_each(ctx, files, check_file, stats={"rulesRun": len(self.rules)}, suppressions=suppressions)


AGENT = SecurityAgent()
