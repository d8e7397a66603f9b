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
from analyzer.workspace import GitChanges, Workspace, collect, diff_changes, matches_any, staged_changes


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
    staged: bool = False,
    diff_base: str | None = None,
) -> ScanResult:
    changes = _git_changes(paths, config, staged=staged, diff_base=diff_base)
    workspace = collect(paths, include=config.include, exclude=config.exclude) if changes is None else changes.workspace
    runs = []
    for ref in config.agents:
        agent = load_agent(ref)
        runs.append(AgentRun(ref=ref, agent=agent, files=tuple(f for f in workspace.files if agent.wants(f))))
    ctx = AgentContext(
        root=workspace.root if changes is None else changes.analysed_root,
        max_file_size=config.max_file_size,
        options={},
        workspace_files=tuple(workspace.files),
        require_suppression_reason=config.require_suppression_reason,
    )
    try:
        envelopes = run_agents(
            [_with_options(run, config) for run in runs],
            ctx,
            jobs=jobs,
            timeout=config.timeout,
            max_concurrency=config.max_concurrency,
            progress=progress,
        )
    finally:
        if changes is not None:
            changes.close()
    filtered = [drop_disabled(e, config.per_path_disable) for e in envelopes]
    if changes is not None and changes.diff is not None:
        from analyzer.diffscope import restrict_to_diff

        filtered = [restrict_to_diff(e, changes.diff) for e in filtered]
    report = reduce(filtered, config.merge_rule_set(), quorum=config.quorum)
    return ScanResult(report=report, workspace=workspace, envelopes=tuple(filtered))


def _git_changes(paths: Sequence[Path], config: Config, *, staged: bool, diff_base: str | None) -> GitChanges | None:
    """What a --staged or --diff scan looks at (None for an ordinary scan)."""
    if staged:
        # Agents that analyse their files together (not shardable: the dependency agent) may read beyond
        # them, e.g. `-r base.txt`; the index copies of what they want, and of text files, are exported too.
        whole = [agent for agent in (load_agent(ref) for ref in config.agents) if not agent.shardable]

        def context(path: str) -> bool:
            return any(agent.wants(path) for agent in whole) or (bool(whole) and path.endswith((".txt", ".in")))

        return staged_changes(paths, include=config.include, exclude=config.exclude, context=context)
    if diff_base is not None:
        return diff_changes(paths, diff_base, include=config.include, exclude=config.exclude)
    return None


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
