"""A whole scan: configuration, workspace, map stage, per-path disables, reduce."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from agents.base import AgentContext, load_agent
from analyzer.config import Config
from analyzer.envelope import Envelope
from analyzer.fanout import AgentRun, ProgressCallback, run_agents
from analyzer.reducer import reduce
from analyzer.report.model import Report
from analyzer.workspace import GitChanges, Workspace, collect, diff_changes, matches_any, staged_changes

if TYPE_CHECKING:
    from analyzer.cache import ResultCache


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
    cache_dir: Path | None = None,
) -> ScanResult:
    """`cache_dir`: the incremental cache's folder (analyzer/cache.py); None scans without a cache."""
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
        cache=result_cache(cache_dir, workspace.root, runs, config) if cache_dir is not None else None,
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


def result_cache(cache_dir: Path, root: Path, runs: Sequence[AgentRun], config: Config) -> ResultCache:
    """The incremental cache of this repository for the shardable (per-file) agents that have files to analyse."""
    from analyzer.cache import ResultCache, agent_identity, results_dir

    identities = {
        run.agent.id: agent_identity(
            run.agent,
            {
                "options": config.agent_options.get(run.agent.id, {}),
                "require-suppression-reason": config.require_suppression_reason,
                "max-file-size": config.max_file_size,
            },
        )
        for run in runs
        if run.agent.shardable and run.files
    }
    return ResultCache(directory=results_dir(cache_dir, root), identities=identities)


def resolve_cache_dir(config: Config, option: Path | None) -> Path:
    """--cache-dir, else the `cache-dir` key (relative to its file's folder), else $GATHERSCAN_CACHE_DIR or default."""
    from analyzer.cache import default_cache_dir

    if option is not None:
        return option
    if config.cache_dir is not None:
        base = Path(config.source).parent if config.source else Path(".")
        return base / Path(config.cache_dir).expanduser()
    return default_cache_dir()


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
