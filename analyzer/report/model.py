"""The Report: what the reducer returns and every format renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analyzer import __version__
from analyzer.findings import Finding
from analyzer.model import (
    OPTIONAL_TEXT,
    STRINGS,
    JsonModel,
    ModelError,
    anything,
    boolean,
    checked,
    dict_of,
    integer,
    number,
    optional,
    text,
    tuple_of,
)

INCOMPLETE_KIND = "incomplete"
"""ErrorEntry kind of a check an agent declared it could not perform (its payload's `incomplete`)."""

_INT = checked(integer())
_NUMBER = checked(number())
_TEXT = checked(text)


@dataclass(frozen=True, kw_only=True)
class ToolInfo(JsonModel):
    name: str = field(default="gatherscan", metadata=_TEXT)
    version: str = field(default=__version__, metadata=_TEXT)


@dataclass(frozen=True, kw_only=True)
class ErrorEntry(JsonModel):
    """One failure: an error envelope, an invalid envelope, or a value the merge had to drop."""

    agent_id: str = field(metadata=_TEXT)
    shard: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT))
    kind: str = field(metadata=_TEXT)
    message: str = field(metadata=_TEXT)
    raw: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT))
    # Whether this entry is a failed/invalid envelope (counts in partialFailures) or a merge note.
    partial_failure: bool = field(default=True, metadata=checked(boolean))


@dataclass(frozen=True, kw_only=True)
class AgentStatus(JsonModel):
    """Per agent: how many envelopes it sent and how many of them failed."""

    agent_id: str = field(metadata=_TEXT)
    # "error" when an envelope of the agent failed; "incomplete" when all are ok but the agent declared a check
    # it could not perform (payload "incomplete"); else "ok".
    status: str = field(metadata=_TEXT)
    envelopes: int = field(metadata=_INT)
    failed: int = field(metadata=_INT)
    engines: tuple[str, ...] = field(default=(), metadata=checked(STRINGS))
    duration_ms: float | None = field(default=None, metadata=checked(optional(number())))


@dataclass(frozen=True, kw_only=True)
class ConflictValue(JsonModel):
    agent_id: str = field(metadata=_TEXT)
    value: Any = field(metadata=checked(anything))


@dataclass(frozen=True, kw_only=True)
class Quorum(JsonModel):
    """Share of agents (not envelopes) that succeeded, against the required ratio."""

    required: float = field(metadata=_NUMBER)
    ok_agents: int = field(metadata=_INT)
    total_agents: int = field(metadata=_INT)
    ratio: float = field(metadata=_NUMBER)
    met: bool = field(metadata=checked(boolean))


@dataclass(frozen=True, kw_only=True)
class BaselineSummary(JsonModel):
    """How a scan compared with a baseline file (analyzer/baseline.py); unsuppressed findings only."""

    file: str = field(metadata=_TEXT)
    # Findings already in the baseline (listed per rule); they do not count toward the exit code.
    known: int = field(metadata=_INT)
    new: int = field(metadata=_INT)
    # Baseline entries no finding matches any more.
    fixed: int = field(metadata=_INT)
    known_by_rule: dict[str, int] = field(default_factory=dict, metadata=checked(dict_of(integer())))


def _no_quorum() -> Quorum:
    return Quorum(required=0.0, ok_agents=0, total_agents=0, ratio=1.0, met=True)


@dataclass(frozen=True, kw_only=True)
class Report(JsonModel):
    tool: ToolInfo = field(default_factory=ToolInfo, metadata=checked(ToolInfo.model_validate))
    result: dict[str, Any] = field(default_factory=dict, metadata=checked(dict_of()))
    total: int = field(default=0, metadata=_INT)
    success: int = field(default=0, metadata=_INT)
    partial_failures: int = field(default=0, metadata=_INT)
    error_log: tuple[ErrorEntry, ...] = field(default=(), metadata=checked(tuple_of(ErrorEntry.model_validate)))
    conflicts: dict[str, tuple[ConflictValue, ...]] = field(
        default_factory=dict,
        metadata=checked(dict_of(tuple_of(ConflictValue.model_validate))),
    )
    provenance: dict[str, tuple[str, ...]] = field(default_factory=dict, metadata=checked(dict_of(STRINGS)))
    quorum: Quorum = field(default_factory=_no_quorum, metadata=checked(Quorum.model_validate))
    agents: tuple[AgentStatus, ...] = field(default=(), metadata=checked(tuple_of(AgentStatus.model_validate)))
    # Set when the scan was compared with a baseline (`scan --baseline FILE`).
    baseline: BaselineSummary | None = field(default=None, metadata=checked(optional(BaselineSummary.model_validate)))

    def findings(self) -> list[Finding]:
        """The merged `issues` as Findings, sorted; the reducer has already validated them."""
        found = [_as_finding(item) for item in self.result.get("issues", []) or []]
        return sorted((f for f in found if f is not None), key=Finding.sort_key)

    def skipped(self) -> list[dict[str, str]]:
        entries = self.result.get("skipped", []) or []
        return [e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)]

    def notes(self) -> list[str]:
        """What agents want a reader to know besides findings (e.g. "the local store is 3 days old")."""
        entries = self.result.get("notes", []) or []
        return sorted(str(e) for e in entries if isinstance(e, str))

    def failed_agents(self) -> list[str]:
        """Agents whose results are missing or partial: failed ones and incomplete ones."""
        return [a.agent_id for a in self.agents if a.status != "ok"]

    def incomplete_agents(self) -> list[str]:
        return [a.agent_id for a in self.agents if a.status == "incomplete"]


def _as_finding(item: object) -> Finding | None:
    try:
        return Finding.model_validate(item)
    except ModelError:
        return None
