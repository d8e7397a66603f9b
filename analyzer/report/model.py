"""The Report: what the reducer returns and every format renders."""

from __future__ import annotations

from typing import Any

from pydantic import Field, ValidationError

from analyzer import __version__
from analyzer.findings import CamelModel, Finding


class ToolInfo(CamelModel):
    name: str = "gatherscan"
    version: str = __version__


class ErrorEntry(CamelModel):
    """One failure: an error envelope, an invalid envelope, or a value the merge had to drop."""

    agent_id: str
    shard: str | None = None
    kind: str
    message: str
    raw: str | None = None
    # Whether this entry is a failed/invalid envelope (counts in partialFailures) or a merge note.
    partial_failure: bool = True


class AgentStatus(CamelModel):
    """Per agent: how many envelopes it sent and how many of them failed."""

    agent_id: str
    status: str  # "ok" when every envelope of the agent is ok, else "error"
    envelopes: int
    failed: int
    engines: tuple[str, ...] = ()
    duration_ms: float | None = None


class ConflictValue(CamelModel):
    agent_id: str
    value: Any


class Quorum(CamelModel):
    """Share of agents (not envelopes) that succeeded, against the required ratio."""

    required: float
    ok_agents: int
    total_agents: int
    ratio: float
    met: bool


class Report(CamelModel):
    tool: ToolInfo = Field(default_factory=ToolInfo)
    result: dict[str, Any] = Field(default_factory=dict)
    total: int = 0
    success: int = 0
    partial_failures: int = 0
    error_log: tuple[ErrorEntry, ...] = ()
    conflicts: dict[str, tuple[ConflictValue, ...]] = Field(default_factory=dict)
    provenance: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    quorum: Quorum = Field(
        default_factory=lambda: Quorum(required=0.0, ok_agents=0, total_agents=0, ratio=1.0, met=True)
    )
    agents: tuple[AgentStatus, ...] = ()

    def findings(self) -> list[Finding]:
        """The merged `issues` as Findings, sorted; the reducer has already validated them."""
        found = [_as_finding(item) for item in self.result.get("issues", []) or []]
        return sorted((f for f in found if f is not None), key=Finding.sort_key)

    def skipped(self) -> list[dict[str, str]]:
        entries = self.result.get("skipped", []) or []
        return [e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)]

    def failed_agents(self) -> list[str]:
        return [a.agent_id for a in self.agents if a.status != "ok"]


def _as_finding(item: object) -> Finding | None:
    try:
        return Finding.model_validate(item)
    except ValidationError:
        return None
