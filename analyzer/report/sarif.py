"""SARIF 2.1.0: one run per agent, fit for GitHub code scanning (design.md "SARIF").

Why one run per agent: each run carries its own `automationDetails.id` ("gatherscan/<agentId>/"),
so GitHub treats every agent as its own analysis. A failed agent's run can then be left out of
the GitHub-bound log without closing that agent's open alerts, and without touching the others.

Skipped files are reported as `warning` notifications with descriptor "file-skipped". The merged
`skipped` list does not say which agent skipped a file (unless an entry carries an `agentId`), and
a skipped file may hide findings of any agent, so an unattributed skip is reported in every run:
each run then tells, on its own, which inputs it may not have seen.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from agents.base import SEVERITY_SCORE, Rule
from analyzer.envelope import truncate_raw
from analyzer.findings import Confidence, Finding, Severity, with_fingerprints
from analyzer.report.json import dumps
from analyzer.report.model import INCOMPLETE_KIND, ErrorEntry, Report

if TYPE_CHECKING:
    from analyzer.report.render import RenderOptions

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "gatherscan"
INFORMATION_URI = "https://github.com/gatherscan/gatherscan"
FINGERPRINT_KEY = "gatherscan/v1"
SOURCE_ROOT_ID = "%SRCROOT%"

# GitHub rejects a run with more results than this (github/docs "SARIF limits").
MAX_RESULTS_PER_RUN = 25_000
# GitHub shows at most this many tags per rule.
MAX_TAGS_PER_RULE = 10
# Skip notifications repeated per run; beyond this one summary notification stands for the rest.
MAX_SKIP_NOTIFICATIONS_PER_RUN = 1_000
# Agents whose every rule is a security rule (GitHub then shows security-severity).
SECURITY_AGENTS = frozenset({"security", "dependency"})
# Agents whose rules are about quality even when they cite a CWE (e.g. CWE-1050, resources used in a loop).
QUALITY_AGENTS = frozenset({"performance"})

_LEVEL_OF_SEVERITY: Mapping[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
_PROBLEM_SEVERITY: Mapping[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "recommendation",
    Severity.INFO: "recommendation",
}


def render(report: Report, options: RenderOptions) -> str:
    # Insertion order is deterministic and keeps "$schema", "version", "runs" at the top. Indented
    # for the person who opens the file; GitHub's size limit applies after gzip, which absorbs it.
    return dumps(build_log(report, options), sort_keys=False)


def sarif_level(severity: Severity) -> str:
    return _LEVEL_OF_SEVERITY[severity]


def artifact_uri(path: str) -> str:
    """A repo-relative path as a relative URI reference: POSIX separators, percent-encoded.

    ':' is encoded too, so a first segment like "c:" can never read as a URI scheme.
    """
    return urllib.parse.quote(path.replace("\\", "/").lstrip("/"), safe="/")


def build_log(
    report: Report, options: RenderOptions, *, max_results_per_run: int = MAX_RESULTS_PER_RUN
) -> dict[str, Any]:
    """The SARIF log as plain data; `max_results_per_run` exists so tests can exercise the cap cheaply."""
    findings = report.findings()
    if not all(f.fingerprint for f in findings):
        # Agents fingerprint their findings; a hand-made or third-party report may not have.
        findings = with_fingerprints(findings)
    if options.for_github:
        findings = [f for f in findings if not f.properties.get("suppressed")]
    findings_by_agent: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        findings_by_agent[finding.agent_id].append(finding)
    errors_by_agent: dict[str, list[ErrorEntry]] = defaultdict(list)
    for entry in report.error_log:
        errors_by_agent[entry.agent_id or "unknown"].append(entry)

    agent_ids = sorted({a.agent_id for a in report.agents} | set(findings_by_agent) | set(errors_by_agent))
    failed = _failed_agents(report, agent_ids)
    if options.for_github:
        agent_ids = [agent_id for agent_id in agent_ids if agent_id not in failed]

    skipped = report.skipped()
    runs = [
        _run(
            report,
            options,
            agent_id,
            findings_by_agent.get(agent_id, []),
            errors_by_agent.get(agent_id, []),
            [s for s in skipped if s.get("agentId") in (None, agent_id)],
            succeeded=agent_id not in failed,
            max_results=max_results_per_run,
        )
        for agent_id in agent_ids
    ]
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": runs}


def _failed_agents(report: Report, agent_ids: Iterable[str]) -> set[str]:
    """Agents with a failed envelope; without a status entry, those with a failure in the error log."""
    statuses = {a.agent_id: a for a in report.agents}
    failed_in_log = {e.agent_id or "unknown" for e in report.error_log if e.partial_failure}
    return {
        agent_id
        for agent_id in agent_ids
        if (statuses[agent_id].status != "ok" if agent_id in statuses else agent_id in failed_in_log)
    }


def _run(
    report: Report,
    options: RenderOptions,
    agent_id: str,
    findings: Sequence[Finding],
    errors: Sequence[ErrorEntry],
    skipped: Sequence[Mapping[str, str]],
    *,
    succeeded: bool,
    max_results: int,
) -> dict[str, Any]:
    rules = _rules_of_run(agent_id, findings, options.rule_catalogue)
    rule_index = {rule.id: index for index, rule in enumerate(rules)}

    kept, dropped = _keep_most_serious(findings, max_results)
    results = sorted((_result(f, rule_index[f.rule_id]) for f in kept), key=_result_sort_key)

    notifications = [_error_notification(entry) for entry in errors]
    notifications.extend(_skip_notifications(skipped))
    if dropped:
        notifications.append(
            {
                "level": "warning",
                "descriptor": {"id": "results-truncated"},
                "message": {
                    "text": f"{dropped} of {len(findings)} results were left out: a run may hold at most "
                    f"{max_results} results; the most serious were kept."
                },
            }
        )

    return {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "fullName": f"{TOOL_NAME} {agent_id} agent",
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(agent_id, rule) for rule in rules],
            }
        },
        "automationDetails": {"id": f"{TOOL_NAME}/{agent_id}/"},
        "invocations": [_invocation(report, options, agent_id, notifications, succeeded=succeeded)],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }


def _result_sort_key(result: Mapping[str, Any]) -> tuple[str, int, int, str, str]:
    location = result["locations"][0]["physicalLocation"]
    region = location["region"]
    return (
        location["artifactLocation"]["uri"],
        region["startLine"],
        region["startColumn"],
        result["ruleId"],
        result["partialFingerprints"][FINGERPRINT_KEY],
    )


def _keep_most_serious(findings: Sequence[Finding], limit: int) -> tuple[list[Finding], int]:
    if len(findings) <= limit:
        return list(findings), 0
    ranked = sorted(findings, key=lambda f: (-f.severity.rank, -f.confidence.rank, f.sort_key()))
    return ranked[:limit], len(findings) - limit


# ---------------------------------------------------------------------------
# Rules


def _rules_of_run(agent_id: str, findings: Sequence[Finding], catalogue: Mapping[str, tuple[str, Rule]]) -> list[Rule]:
    """The agent's whole catalogue plus a described rule for every rule id its findings use."""
    rules = {rule.id: rule for owner, rule in catalogue.values() if owner == agent_id}
    by_rule_id: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule_id[finding.rule_id].append(finding)
    for rule_id, rule_findings in by_rule_id.items():
        if rule_id in rules:
            continue
        known = catalogue.get(rule_id)
        rules[rule_id] = known[1] if known is not None else _synthesized_rule(rule_id, rule_findings)
    return [rules[rule_id] for rule_id in sorted(rules)]


def _synthesized_rule(rule_id: str, findings: Sequence[Finding]) -> Rule:
    """A rule the catalogue does not know (a third-party agent, an LLM finding), described by its findings."""
    first = findings[0]
    cwe = tuple(sorted({number for f in findings for number in f.cwe}))
    return Rule(
        id=rule_id,
        name=_kebab(rule_id),
        short_description=first.message,
        full_description=f"{first.message} (Rule {rule_id} of the {first.agent_id} agent has no catalogue entry; "
        "this description is taken from its finding.)",
        severity=max((f.severity for f in findings), key=lambda s: s.rank),
        confidence=max((f.confidence for f in findings), key=lambda c: c.rank),
        help=first.remediation or first.message,
        cwe=cwe,
    )


def _is_security_rule(agent_id: str, rule: Rule) -> bool:
    """Whether GitHub should show the rule's alerts as security alerts (tag "security" + security-severity).

    A CWE marks a security rule, except on a quality rule: a slow loop must not raise a security alert.
    """
    if agent_id in SECURITY_AGENTS or "security" in rule.tags:
        return True
    return bool(rule.cwe) and agent_id not in QUALITY_AGENTS and "performance" not in rule.tags


def _rule_descriptor(agent_id: str, rule: Rule) -> dict[str, Any]:
    short = _first_nonempty(rule.short_description, rule.name, rule.id)
    full = _first_nonempty(rule.full_description, short)
    help_text = _first_nonempty(rule.help, full)
    properties: dict[str, Any] = {
        "tags": _tags(agent_id, rule),
        "precision": _precision(rule.confidence),
    }
    if _is_security_rule(agent_id, rule):
        score = SEVERITY_SCORE[rule.severity]
        # GitHub reads 0.0 as "no severity"; an info rule simply carries none.
        if score > 0:
            properties["security-severity"] = f"{score:.1f}"
    else:
        properties["problem.severity"] = _PROBLEM_SEVERITY[rule.severity]
    return {
        "id": rule.id,
        "name": _rule_name(rule),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": _help_markdown(short, full, help_text, rule.cwe)},
        "defaultConfiguration": {"level": sarif_level(rule.severity)},
        "properties": properties,
    }


def _rule_name(rule: Rule) -> str:
    """A kebab-case name; SARIF wants it to differ from the id, and Multitool compares ignoring case."""
    name = _kebab(rule.name) or _kebab(rule.short_description)
    if not name or name.casefold() == rule.id.casefold():
        name = f"{_kebab(rule.id) or 'rule'}-check"
    return name


def _tags(agent_id: str, rule: Rule) -> list[str]:
    wanted: list[str] = []
    if _is_security_rule(agent_id, rule):
        wanted.append("security")
    wanted.extend(f"external/cwe/cwe-{number}" for number in rule.cwe)
    wanted.append(agent_id)
    wanted.extend(rule.tags)
    unique = list(dict.fromkeys(tag for tag in wanted if tag))
    return unique[:MAX_TAGS_PER_RULE]


def _precision(confidence: Confidence) -> str:
    return {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}[confidence]


def _help_markdown(short: str, full: str, help_text: str, cwe: Sequence[int]) -> str:
    parts = [f"**{plain_to_markdown(short)}**"]
    if full != short:
        parts.append(plain_to_markdown(full))
    if help_text not in (short, full):
        parts.append(plain_to_markdown(help_text))
    if cwe:
        links = ", ".join(f"[CWE-{n}](https://cwe.mitre.org/data/definitions/{n}.html)" for n in cwe)
        parts.append(f"References: {links}")
    return "\n\n".join(parts)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#])")


def plain_to_markdown(text: str) -> str:
    """Plain rule text as Markdown that shows the same text.

    Prose is escaped, so `__init__` or `x[0]` stay literal; lines indented by four spaces are
    code examples and become code blocks, which needs a blank line before them.
    """
    lines: list[str] = []
    in_code = False
    for line in text.splitlines():
        if not line.strip():
            lines.append("")
            continue
        is_code = line.startswith("    ")
        if is_code and not in_code and lines and lines[-1]:
            lines.append("")
        lines.append(line if is_code else _MARKDOWN_PUNCTUATION.sub(r"\\\1", line))
        in_code = is_code
    return "\n".join(lines)


_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def _kebab(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("-", _CAMEL_BOUNDARY.sub("-", text).lower()).strip("-")


def _first_nonempty(*candidates: str) -> str:
    return next((c.strip() for c in candidates if c and c.strip()), "(no description)")


# ---------------------------------------------------------------------------
# Results


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": sarif_level(finding.severity),
        "message": {"text": finding.message.strip() or finding.rule_id},
        "locations": [{"physicalLocation": _physical_location(finding)}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": _result_properties(finding),
    }
    related = _source_location(finding)
    if related is not None:
        result["relatedLocations"] = [related]
    code_flow = _code_flow(finding)
    if code_flow is not None:
        result["codeFlows"] = [code_flow]
    suppression = _suppression(finding)
    if suppression is not None:
        result["suppressions"] = [suppression]
    # Set only when the scan was compared with a baseline (analyzer/baseline.py): "new" or "unchanged".
    baseline_state = finding.properties.get("baselineState")
    if baseline_state in ("new", "unchanged"):
        result["baselineState"] = baseline_state
    return result


def _suppression(finding: Finding) -> dict[str, Any] | None:
    """SARIF's record of a suppressed finding: an inline comment (`inSource`, with its reason and line) or a baseline.

    `properties.suppressed` is True with `properties.suppression = {"line", "reason"}` for inline
    suppressions (analyzer/suppress.py); a string names where the suppression came from ("inline",
    "baseline ...") for findings suppressed elsewhere.
    """
    suppressed = finding.properties.get("suppressed")
    if not suppressed:
        return None
    suppression: dict[str, Any] = {"kind": "external" if "baseline" in str(suppressed).lower() else "inSource"}
    detail = finding.properties.get("suppression")
    reason = detail.get("reason") if isinstance(detail, dict) else None
    if isinstance(reason, str) and reason.strip():
        suppression["justification"] = reason.strip()
    elif isinstance(suppressed, str):
        suppression["justification"] = suppressed
    line = detail.get("line") if isinstance(detail, dict) else None
    if _is_line_number(line):
        suppression["location"] = {
            "physicalLocation": {
                "artifactLocation": _artifact_location(finding.location.path),
                "region": {"startLine": line},
            }
        }
    return suppression


# GitHub shows at most 1,000 steps of a thread flow; taint paths are far shorter (design: at most 20).
MAX_FLOW_STEPS = 1_000


def _code_flow(finding: Finding) -> dict[str, Any] | None:
    """`properties.flow` (steps {line, column, description} from the source to the sink, in the finding's file)
    as one thread flow; None when there is no usable step."""
    flow = finding.properties.get("flow")
    if not isinstance(flow, list):
        return None
    locations = []
    for step in flow[:MAX_FLOW_STEPS]:
        location = _step_location(finding, step)
        if location is not None:
            locations.append({"location": location})
    if not locations:
        return None
    return {"threadFlows": [{"locations": locations}]}


def _source_location(finding: Finding) -> dict[str, Any] | None:
    """`properties.source` (where tainted data enters) as a related location."""
    location = _step_location(finding, finding.properties.get("source"))
    if location is None:
        return None
    return {"id": 1, **location}


def _step_location(finding: Finding, step: object) -> dict[str, Any] | None:
    if not isinstance(step, dict) or not _is_line_number(step.get("line")):
        return None
    region: dict[str, Any] = {"startLine": step["line"]}
    if _is_line_number(step.get("column")):
        region["startColumn"] = step["column"]
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": _artifact_location(finding.location.path), "region": region}
    }
    description = step.get("description")
    if isinstance(description, str) and description.strip():
        location["message"] = {"text": description.strip()}
    return location


def _is_line_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _physical_location(finding: Finding) -> dict[str, Any]:
    location = finding.location
    region: dict[str, Any] = {"startLine": location.line, "startColumn": location.column}
    end_line = location.end_line if location.end_line is not None else location.line
    # A region that ends before it starts is invalid SARIF; such an end is dropped, not guessed.
    if location.end_column is not None and (end_line, location.end_column) > (location.line, location.column):
        if location.end_line is not None:
            region["endLine"] = end_line
        region["endColumn"] = location.end_column
    elif location.end_line is not None and location.end_line > location.line:
        region["endLine"] = location.end_line
    if finding.snippet:
        region["snippet"] = {"text": finding.snippet}
    return {
        "artifactLocation": _artifact_location(location.path),
        "region": region,
    }


def _artifact_location(path: str) -> dict[str, str]:
    return {"uri": artifact_uri(path), "uriBaseId": SOURCE_ROOT_ID}


def _result_properties(finding: Finding) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "agentId": finding.agent_id,
        "engine": finding.engine,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
    }
    if finding.cwe:
        properties["cwe"] = [f"CWE-{n}" for n in finding.cwe]
    if finding.remediation:
        properties["remediation"] = finding.remediation
    if finding.fix:
        properties["fix"] = finding.fix
    # Nested, so an agent's own keys (even one named "tags") can never clash with SARIF's property bag rules.
    if finding.properties:
        properties["details"] = finding.properties
    return properties


# ---------------------------------------------------------------------------
# Invocations and notifications


def _invocation(
    report: Report,
    options: RenderOptions,
    agent_id: str,
    notifications: list[dict[str, Any]],
    *,
    succeeded: bool,
) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": succeeded}
    if options.command_line:
        invocation["commandLine"] = options.command_line
    start, end = options.start_time, options.end_time
    if start is not None and end is not None and end < start:
        end = start  # an end before the start is invalid (SARIF1006); a clock step must not make the log so
    if (start_utc := _utc(start)) is not None:
        invocation["startTimeUtc"] = start_utc
    if (end_utc := _utc(end)) is not None:
        invocation["endTimeUtc"] = end_utc
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    # Only facts that repeat for the same tree: durations and shard counts vary from run to run, and
    # a SARIF log should differ between two scans of one tree in its timestamps alone.
    status = next((a for a in report.agents if a.agent_id == agent_id), None)
    if status is not None and status.engines:
        invocation["properties"] = {"engines": list(status.engines)}
    return invocation


def _error_notification(entry: ErrorEntry) -> dict[str, Any]:
    where = f" (shard {entry.shard})" if entry.shard else ""
    if entry.kind == INCOMPLETE_KIND:
        text = f"Agent {entry.agent_id or 'unknown'}{where} is incomplete: {entry.message}"
    else:
        what = "failed" if entry.partial_failure else "reported a problem"
        text = f"Agent {entry.agent_id or 'unknown'}{where} {what}: {entry.kind}: {entry.message}"
    notification: dict[str, Any] = {
        # An error notification marks the run as failed/incomplete (SARIF 3.20.21); merge notes are only warnings.
        "level": "error" if entry.partial_failure else "warning",
        "descriptor": {"id": entry.kind},
        "message": {"text": text},
        "properties": {"agentId": entry.agent_id, "partialFailure": entry.partial_failure},
    }
    if entry.kind != INCOMPLETE_KIND:
        # An incomplete check is not an exception of the tool; everything else was one.
        notification["exception"] = {"kind": entry.kind, "message": entry.message}
    if entry.shard:
        notification["properties"]["shard"] = entry.shard
    if entry.raw:
        notification["properties"]["raw"] = truncate_raw(entry.raw)
    return notification


def _skip_notifications(skipped: Sequence[Mapping[str, str]]) -> list[dict[str, Any]]:
    shown = skipped[:MAX_SKIP_NOTIFICATIONS_PER_RUN]
    notifications = [
        {
            "level": "warning",
            "descriptor": {"id": "file-skipped"},
            "message": {"text": f"Skipped {entry['path']}: {entry.get('reason') or 'no reason given'}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact_location(entry["path"])}}],
        }
        for entry in shown
    ]
    if len(skipped) > len(shown):
        notifications.append(
            {
                "level": "warning",
                "descriptor": {"id": "file-skipped"},
                "message": {"text": f"{len(skipped) - len(shown)} more files were skipped (not listed here)."},
            }
        )
    return notifications


def _utc(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    try:
        moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
