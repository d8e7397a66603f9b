"""A whole scan: configuration, workspace, map stage, per-path disables, reduce."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from agents.base import AgentContext, load_agent
from analyzer.config import Config
from analyzer.envelope import Envelope
from analyzer.fanout import AgentRun, ProgressCallback, run_agents
from analyzer.reducer import reduce
from analyzer.report.model import Report
from analyzer.workspace import Workspace, collect, matches_any


@dataclass(frozen=True)
class ScanResult:
    report: Report
    workspace: Workspace
    envelopes: tuple[Envelope, ...]


def scan(
    paths: Sequence[Path],
    config: Config,
    *,
    jobs: int,
    progress: ProgressCallback | None = None,
) -> ScanResult:
    workspace = collect(paths, include=config.include, exclude=config.exclude)
    runs = []
    for ref in config.agents:
        agent = load_agent(ref)
        runs.append(AgentRun(ref=ref, agent=agent, files=tuple(f for f in workspace.files if agent.wants(f))))
    ctx = AgentContext(
        root=workspace.root,
        max_file_size=config.max_file_size,
        options={},
        workspace_files=tuple(workspace.files),
        require_suppression_reason=config.require_suppression_reason,
    )
    envelopes = run_agents(
        [_with_options(run, config) for run in runs],
        ctx,
        jobs=jobs,
        timeout=config.timeout,
        max_concurrency=config.max_concurrency,
        progress=progress,
    )
    filtered = [drop_disabled(e, config.per_path_disable) for e in envelopes]
    report = reduce(filtered, config.merge_rule_set(), quorum=config.quorum)
    return ScanResult(report=report, workspace=workspace, envelopes=tuple(filtered))


def _with_options(run: AgentRun, config: Config) -> AgentRun:
    return replace(run, options=config.agent_options.get(run.agent.id, {}))


def drop_disabled(envelope: Envelope, per_path_disable: dict[str, tuple[str, ...]]) -> Envelope:
    """Remove findings whose rule (or agent, or "*") is disabled for their path by configuration."""
    if not per_path_disable or envelope.status != "ok":
        return envelope
    issues = envelope.payload.get("issues")
    if not isinstance(issues, list):
        return envelope
    kept = [issue for issue in issues if not _disabled(issue, envelope.agent_id, per_path_disable)]
    if len(kept) == len(issues):
        return envelope
    payload = dict(envelope.payload)
    payload["issues"] = kept
    stats = dict(payload.get("stats") or {})
    stats["disabledByPath"] = len(issues) - len(kept)
    payload["stats"] = stats
    return envelope.model_copy(update={"payload": payload})


def _disabled(issue: object, agent_id: str, per_path_disable: dict[str, tuple[str, ...]]) -> bool:
    if not isinstance(issue, dict):
        return False
    location = issue.get("location")
    path = location.get("path") if isinstance(location, dict) else None
    if not isinstance(path, str):
        return False
    rule_id = issue.get("ruleId")
    for pattern, disabled in per_path_disable.items():
        if (rule_id in disabled or agent_id in disabled or "*" in disabled) and matches_any([pattern], path):
            return True
    return False
