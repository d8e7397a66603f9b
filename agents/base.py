"""What an agent is, what it is given, and the registry of built-in agents.

An agent's static engine runs in a worker process: it receives an AgentContext (plain,
picklable data) and a slice of repo-relative file paths, and returns a payload dict. It never
imports or executes the scanned code.
"""

from __future__ import annotations

import ast
import functools
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from analyzer.findings import Confidence, Finding, Location, Severity, with_fingerprints
from analyzer.suppress import MARKER, SuppressionProblem, apply_suppressions, is_python_path

if TYPE_CHECKING:
    from analyzer.cache import ResultCache

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024

SEVERITY_SCORE: Mapping[Severity, float] = {
    Severity.CRITICAL: 9.5,
    Severity.HIGH: 8.0,
    Severity.MEDIUM: 5.5,
    Severity.LOW: 2.0,
    Severity.INFO: 0.0,
}
"""Score (0-10) of a severity: riskScore and SARIF security-severity. Values avoid GitHub's bucket edges."""


@dataclass(frozen=True)
class Rule:
    """One check of an agent, with everything a report needs to explain it."""

    id: str
    name: str
    short_description: str
    full_description: str
    severity: Severity
    confidence: Confidence
    help: str
    cwe: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()

    def to_json_dict(self, agent_id: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "agentId": agent_id,
            "name": self.name,
            "shortDescription": self.short_description,
            "fullDescription": self.full_description,
            "severity": self.severity.value,
            "confidence": self.confidence.value,
            "cwe": list(self.cwe),
            "help": self.help,
            "tags": list(self.tags),
        }


def suppression_problem_rule(
    rule_id: str, *, cwe: tuple[int, ...] = (), tags: tuple[str, ...] = ("suppression",)
) -> Rule:
    """The rule an agent reports its own bad inline suppressions under (SEC000, PRF000, ...)."""
    prefix = rule_id.rstrip("0123456789")
    return Rule(
        id=rule_id,
        name="unused-or-invalid-suppression",
        short_description="An inline suppression comment is unused, malformed, names an unknown rule or lacks a reason",
        full_description=(
            f"`# gatherscan: ignore[{prefix}001] reason` hides the named rules' findings on the statement it trails, "
            "on any line of a multi-line statement, or on the statement right below a comment that stands alone. "
            "A comment that cannot be read, names a rule this agent does not have, or gives no reason (unless the "
            "configuration sets require-suppression-reason = false) hides nothing and is reported; so is a "
            "suppression that hides nothing, because it would silently hide a later, real finding. "
            f"{rule_id} itself cannot be suppressed inline; use per-path-disable for it."
        ),
        severity=Severity.LOW,
        confidence=Confidence.HIGH,
        help=(
            "Name the rules that report on that statement and say why their finding is acceptable, or delete the "
            "comment when the finding is gone.\n\n"
            "Before:\n"
            f"    value = load(data)  # gatherscan: ignore[{prefix}001]\n\n"
            "After:\n"
            f"    value = load(data)  # gatherscan: ignore[{prefix}001] data comes from our own signed cache"
        ),
        cwe=cwe,
        tags=tags,
    )


@dataclass(frozen=True)
class AgentContext:
    """What a static engine gets besides its files. Picklable: it crosses process boundaries."""

    root: Path
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    options: Mapping[str, Any] = field(default_factory=dict)
    workspace_files: tuple[str, ...] = ()
    """Every file in the scan (repo-relative POSIX paths), for agents that need context beyond the
    files they analyse (e.g. which packages the code imports); reading them is up to the agent."""
    require_suppression_reason: bool = True
    """Whether an inline suppression must give a reason to hide anything (configuration key
    `require-suppression-reason`)."""
    cache: ResultCache | None = None
    """The incremental cache (analyzer/cache.py) per-file agents read and write through
    `analyze_each`; None with --no-cache. Plain data, so it crosses into workers."""


@runtime_checkable
class Agent(Protocol):
    id: str
    description: str
    version: str
    rules: tuple[Rule, ...]
    # Whether the files may be split into shards analysed independently (one envelope each).
    shardable: bool

    def wants(self, path: str) -> bool:
        """Whether this agent analyses the repo-relative path."""
        ...

    def analyze(self, ctx: AgentContext, files: Sequence[str]) -> dict[str, Any]:
        """Analyse `files` and return the payload (issues, riskScore, filesScanned, skipped, ...)."""
        ...


BUILTIN_AGENTS: Mapping[str, str] = {
    "dependency": "agents.dependency.agent:AGENT",
    "performance": "agents.performance.agent:AGENT",
    "security": "agents.security.agent:AGENT",
}
"""Agent id -> "module:attribute" of its instance; imported only when used."""


class AgentLoadError(Exception):
    pass


def load_agent(ref: str) -> Agent:
    """Resolve an agent id of BUILTIN_AGENTS or a "module:attribute" reference to an agent."""
    target = BUILTIN_AGENTS.get(ref, ref)
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        known = ", ".join(sorted(BUILTIN_AGENTS))
        raise AgentLoadError(f"unknown agent {ref!r} (built-in agents: {known}; or give module:attribute)")
    try:
        module = importlib.import_module(module_name)
        agent = getattr(module, attribute)
    except (ImportError, AttributeError) as exc:
        raise AgentLoadError(f"cannot load agent {ref!r}: {exc}") from exc
    if not isinstance(agent, Agent):
        raise AgentLoadError(f"{ref!r} is not an agent (it lacks id, rules, wants or analyze)")
    return agent


def all_rules() -> list[tuple[str, Rule]]:
    """(agent id, rule) for every built-in agent, sorted by rule id."""
    pairs = [(agent_id, rule) for agent_id in BUILTIN_AGENTS for rule in load_agent(agent_id).rules]
    return sorted(pairs, key=lambda pair: pair[1].id)


# ---------------------------------------------------------------------------
# Reading and parsing the scanned files: failures are data (a skip), never exceptions.


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def to_json_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


def read_source(ctx: AgentContext, path: str) -> str | Skipped:
    """The text of a repo-relative file, or why it cannot be analysed as text."""
    full = ctx.root / path
    try:
        size = full.stat().st_size
        if size > ctx.max_file_size:
            return Skipped(path, f"file too large: {size} bytes > limit of {ctx.max_file_size}")
        data = full.read_bytes()
    except OSError as exc:
        return Skipped(path, f"cannot read: {exc.strerror or exc}")
    if b"\0" in data:
        return Skipped(path, "binary file: contains NUL bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Skipped(path, f"not valid UTF-8: byte {exc.start}: {exc.reason}")
    return text.removeprefix("\ufeff")


def parse_python(path: str, text: str) -> ast.Module | Skipped:
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        return Skipped(path, f"syntax error: {where}{exc.msg}")
    except (RecursionError, MemoryError) as exc:
        return Skipped(path, f"too deeply nested to parse ({type(exc).__name__})")
    except ValueError as exc:
        return Skipped(path, f"cannot parse: {exc}")


@dataclass(frozen=True)
class SourceFile:
    path: str
    text: str

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def line(self, number: int) -> str:
        lines = self.lines
        return lines[number - 1] if 1 <= number <= len(lines) else ""


FileCheck = Callable[[SourceFile], "list[Finding] | Skipped"]


@dataclass(frozen=True)
class SuppressionScope:
    """How an agent honours inline suppressions (`# gatherscan: ignore[SEC001] reason`, analyzer/suppress.py).

    The agent judges the suppressions naming ids with its rules' prefix; a suppression that is
    malformed, unknown, without a required reason or unused becomes a finding of `problem_rule`
    (SEC000, PRF000, ...), which cannot itself be suppressed inline. Exactly one agent (the security
    agent) sets `report_unattributed`, so a directive naming no rule at all is reported once.
    """

    agent_id: str
    rules: tuple[Rule, ...]
    problem_rule: Rule
    report_unattributed: bool = False

    @functools.cached_property
    def suppressible_ids(self) -> frozenset[str]:
        return frozenset(rule.id for rule in self.rules if rule.id != self.problem_rule.id)

    def apply(self, ctx: AgentContext, source: SourceFile, findings: Sequence[Finding]) -> list[Finding]:
        """`findings` of `source` with suppressed ones marked, plus a finding per suppression problem."""
        if MARKER not in source.text:
            return list(findings)
        marked, problems = apply_suppressions(
            findings,
            source.text,
            self.suppressible_ids,
            python=is_python_path(source.path),
            require_reason=ctx.require_suppression_reason,
            report_unattributed=self.report_unattributed,
        )
        return marked + [self._problem_finding(source, problem) for problem in problems]

    def _problem_finding(self, source: SourceFile, problem: SuppressionProblem) -> Finding:
        rule = self.problem_rule
        return Finding(
            rule_id=rule.id,
            agent_id=self.agent_id,
            message=problem.message,
            severity=rule.severity,
            confidence=rule.confidence,
            cwe=rule.cwe,
            location=Location(path=source.path, line=problem.line, column=problem.column),
            snippet=problem.comment[:400] or None,
            remediation=rule.help,
            properties={"suppressionProblem": problem.kind.value, "ruleIds": list(problem.rule_ids)},
        )


def analyze_each(
    ctx: AgentContext,
    files: Sequence[str],
    check: FileCheck,
    *,
    stats: dict[str, int] | None = None,
    suppressions: SuppressionScope | None = None,
    agent_id: str | None = None,
) -> dict[str, Any]:
    """Run `check` on every file; one file's failure is recorded as a skip, never stops the rest.

    With `suppressions`, each file's inline suppressions are applied to its findings (and their
    problems reported); only files that contain the marker pay for it.

    With `ctx.cache`, each file's outcome (after suppressions, with what it added to `stats`) is
    read from and written to the incremental cache under the agent's id (`agent_id`, else the
    suppression scope's); the payload's stats then count `cachedFiles` and `analysedFiles`.
    """
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    scanned = 0
    cache = ctx.cache
    cache_id = agent_id or (suppressions.agent_id if suppressions is not None else None)
    if cache is not None and (cache_id is None or cache_id not in cache.identities):
        cache = None
    counters: dict[str, int] = stats if stats is not None else {}
    cached_files = analysed_files = 0
    for path in files:
        source = read_source(ctx, path)
        if isinstance(source, Skipped):
            skipped.append(source)
            continue
        key = cache.key(str(cache_id), path, source) if cache is not None else None
        if cache is not None and key is not None:
            hit = cache.load(key, path)
            if hit is not None:
                cached_files += 1
                _add_counts(counters, hit.stats)
                if hit.skipped is not None:
                    skipped.append(Skipped(path, hit.skipped))
                else:
                    scanned += 1
                    findings.extend(hit.findings)
                continue
        before = dict(counters) if key is not None else {}
        analysed_files += 1
        source_file = SourceFile(path, source)
        cacheable = True
        try:
            outcome = check(source_file)
        except RecursionError:
            outcome, cacheable = Skipped(path, "too deeply nested to analyse (RecursionError)"), False
        except MemoryError:
            outcome, cacheable = Skipped(path, "out of memory while analysing (MemoryError)"), False
        except Exception as exc:  # noqa: BLE001 - a bug on one file must not lose the others
            outcome, cacheable = Skipped(path, f"analysis failed: {type(exc).__name__}: {exc}"), False
        if isinstance(outcome, Skipped):
            skipped.append(outcome)
        else:
            scanned += 1
            if suppressions is not None and MARKER in source:
                outcome = suppressions.apply(ctx, source_file, outcome)
            findings.extend(outcome)
        if cache is not None and key is not None and cacheable:
            _store(cache, key, path, outcome, _counter_delta(before, counters))
    if cache is not None:
        counters["cachedFiles"] = counters.get("cachedFiles", 0) + cached_files
        counters["analysedFiles"] = counters.get("analysedFiles", 0) + analysed_files
    return build_payload(findings, files_scanned=scanned, skipped=skipped, stats=counters)


def _store(
    cache: ResultCache, key: str, path: str, outcome: Sequence[Finding] | Skipped, delta: dict[str, int]
) -> None:
    from analyzer.cache import CachedResult

    if isinstance(outcome, Skipped):
        result = CachedResult(skipped=outcome.reason, stats=delta)
    else:
        result = CachedResult(findings=tuple(outcome), stats=delta)
    cache.store(key, path, result)


def _counter_delta(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, int]:
    """What one file added to an agent's counters."""
    return {name: value - before.get(name, 0) for name, value in after.items() if value != before.get(name, 0)}


def _add_counts(counters: dict[str, int], delta: Mapping[str, int]) -> None:
    for name, value in delta.items():
        counters[name] = counters.get(name, 0) + value


def build_payload(
    findings: Sequence[Finding],
    *,
    files_scanned: int,
    skipped: Sequence[Skipped] = (),
    stats: Mapping[str, int] | None = None,
    risk_score: float | None = None,
) -> dict[str, Any]:
    """The payload shape shared by the built-in agents (design.md, "Payload keys")."""
    complete = sorted(with_fingerprints(findings), key=Finding.sort_key)
    if risk_score is None:
        # A suppressed finding stays in the payload, but the risk it stands for was accepted.
        acted_on = (f for f in complete if not f.properties.get("suppressed"))
        risk_score = max((SEVERITY_SCORE[f.severity] for f in acted_on), default=0.0)
    return {
        "issues": [f.to_json_dict() for f in complete],
        "riskScore": risk_score,
        "filesScanned": files_scanned,
        "skipped": sorted((s.to_json_dict() for s in skipped), key=lambda s: (s["path"], s["reason"])),
        "stats": dict(stats or {}),
    }


def finding_from_rule(
    rule: Rule,
    agent_id: str,
    source: SourceFile,
    node: ast.AST | None = None,
    *,
    line: int | None = None,
    message: str | None = None,
    severity: Severity | None = None,
    confidence: Confidence | None = None,
    properties: Mapping[str, object] | None = None,
) -> Finding:
    """A Finding for `rule` at an AST node (or a line), with the flagged code as its snippet."""
    start_line = getattr(node, "lineno", None) or line or 1
    start_col = getattr(node, "col_offset", None)
    end_line = getattr(node, "end_lineno", None)
    end_col = getattr(node, "end_col_offset", None)
    text_line = source.line(start_line)
    column = _byte_offset_to_column(text_line, start_col) if start_col is not None else 1
    end_column = None
    if end_line is not None and end_col is not None:
        end_column = _byte_offset_to_column(source.line(end_line), end_col)
    if end_line is not None and end_column is not None and (end_line, end_column) <= (start_line, column):
        end_line, end_column = None, None
    snippet = _node_text(source, node) if node is not None else text_line.strip()
    return Finding(
        rule_id=rule.id,
        agent_id=agent_id,
        message=message or rule.short_description,
        severity=severity or rule.severity,
        confidence=confidence or rule.confidence,
        cwe=rule.cwe,
        location=Location(path=source.path, line=start_line, column=column, end_line=end_line, end_column=end_column),
        snippet=snippet or None,
        remediation=rule.help,
        properties=dict(properties or {}),
    )


def _byte_offset_to_column(line: str, byte_offset: int) -> int:
    """ast offsets count UTF-8 bytes; reports count code points, 1-based."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")) + 1


def _node_text(source: SourceFile, node: ast.AST) -> str:
    """The node's source, at most three lines; sliced from the cached lines, not the whole text."""
    start = getattr(node, "lineno", None)
    end = getattr(node, "end_lineno", None)
    start_col = getattr(node, "col_offset", None)
    end_col = getattr(node, "end_col_offset", None)
    if start is None or end is None or start_col is None or end_col is None:
        return source.line(start or 1).strip()
    shown_end = min(end, start + 2)
    lines = [source.line(n).encode("utf-8") for n in range(start, shown_end + 1)]
    if shown_end == end:
        lines[-1] = lines[-1][:end_col]
    lines[0] = lines[0][start_col:]
    text = "\n".join(line.decode("utf-8", errors="replace") for line in lines)
    return text[:400]
