"""Terminal text: findings grouped by file, then skips, failures and conflicts, then one summary line."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.findings import Finding, Severity
from analyzer.report.model import BaselineSummary, Report

if TYPE_CHECKING:
    from analyzer.report.render import RenderOptions

SEVERITY_ORDER = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)

_RESET = "\x1b[0m"
_SEVERITY_COLOR = {
    Severity.CRITICAL: "\x1b[1;31m",
    Severity.HIGH: "\x1b[31m",
    Severity.MEDIUM: "\x1b[33m",
    Severity.LOW: "\x1b[36m",
    Severity.INFO: "\x1b[2m",
}
_WARNING_COLOR = "\x1b[1;33m"
_SNIPPET_LINES = 3
# A source file bigger than this is not read just to quote one line.
_MAX_QUOTED_FILE_SIZE = 4 * 1024 * 1024


def render(report: Report, options: RenderOptions) -> str:
    all_findings = report.findings()
    findings = listed(all_findings)
    sections: list[list[str]] = []
    if findings:
        sections.append(_findings_section(findings, options))
    else:
        sections.append(["No new findings." if report.baseline is not None else "No findings."])
    if report.baseline is not None:
        sections.append([baseline_line(report.baseline)])
    agent_notes = report.notes()
    if agent_notes:
        sections.append([f"Notes ({len(agent_notes)}):", *(f"  {printable(note)}" for note in agent_notes)])
    skipped = report.skipped()
    if skipped:
        lines = [f"Skipped files ({len(skipped)}):"]
        lines.extend(f"  {printable(s['path'])}: {printable(s.get('reason', ''))}" for s in skipped)
        sections.append(lines)
    failures = [e for e in report.error_log if e.partial_failure]
    if failures:
        heading = f"Partial failures ({len(failures)}) - the scan is incomplete:"
        lines = [_paint(heading, _WARNING_COLOR, options.color)]
        lines.extend(_error_line(e.agent_id, e.shard, e.kind, e.message) for e in failures)
        sections.append(lines)
    notes = [e for e in report.error_log if not e.partial_failure]
    if notes:
        lines = [f"Merge notes ({len(notes)}):"]
        lines.extend(_error_line(e.agent_id, e.shard, e.kind, e.message) for e in notes)
        sections.append(lines)
    if report.conflicts:
        lines = [f"Conflicts ({len(report.conflicts)}) - agents sent differing values for a key without a merge rule:"]
        for key in sorted(report.conflicts):
            values = ", ".join(f"{v.agent_id}={_compact(v.value)}" for v in report.conflicts[key])
            lines.append(f"  {printable(key)}: {printable(values)}")
        sections.append(lines)
    sections.append([summary_line(report, all_findings)])
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


def unsuppressed(findings: Sequence[Finding]) -> list[Finding]:
    """The findings a reader should act on: suppressed ones are counted in the summary, not listed."""
    return [f for f in findings if not f.properties.get("suppressed")]


def listed(findings: Sequence[Finding]) -> list[Finding]:
    """The findings a report lists: not suppressed, and not already known to a baseline the scan was compared with."""
    return [f for f in unsuppressed(findings) if f.properties.get("baselineState") != "unchanged"]


def baseline_line(summary: BaselineSummary) -> str:
    """E.g. "Baseline .gatherscan-baseline.json: 3 known findings not listed (SEC001 2, SEC030 1); 1 new; 0 fixed"."""
    per_rule = ", ".join(f"{rule} {count}" for rule, count in sorted(summary.known_by_rule.items()))
    known = f"{_plural(summary.known, 'known finding')} not listed" + (f" ({per_rule})" if per_rule else "")
    return f"Baseline {printable(summary.file)}: {known}; {summary.new} new; {summary.fixed} fixed"


def severity_counts(findings: Sequence[Finding]) -> Counter[Severity]:
    return Counter(f.severity for f in findings)


def files_scanned(report: Report) -> int | None:
    value = report.result.get("filesScanned")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def summary_line(report: Report, all_findings: Sequence[Finding] | None = None) -> str:
    """The whole report in one line.

    E.g. "12 findings (1 critical, 11 high) · agents: 2 ok, 1 failed (dependency) · 340 files scanned, 2 skipped";
    an agent that ran but could not perform a check is "incomplete" rather than "failed".

    `all_findings` is `report.findings()`, passed in when the caller has it already: validating
    every finding again costs real time on large reports.
    """
    if all_findings is None:
        all_findings = report.findings()
    acted_on = unsuppressed(all_findings)
    findings = listed(acted_on)
    counts = severity_counts(findings)
    noun = "new finding" if report.baseline is not None else "finding"
    if findings:
        by_severity = ", ".join(f"{counts[s]} {s.value}" for s in SEVERITY_ORDER if counts[s])
        parts = [f"{_plural(len(findings), noun)} ({by_severity})"]
    else:
        parts = [f"No {noun}s"]
    known = len(acted_on) - len(findings)
    if known:
        parts[0] += f", {known} known (baseline)"
    suppressed = len(all_findings) - len(acted_on)
    if suppressed:
        parts[0] += f", {suppressed} suppressed"
    parts.append(_agents_summary(report))
    scanned = files_scanned(report)
    files = f"{_plural(scanned, 'file')} scanned" if scanned is not None else "files scanned: unknown"
    parts.append(f"{files}, {len(report.skipped())} skipped")
    return " · ".join(parts)


def _agents_summary(report: Report) -> str:
    failed = report.failed_agents()
    incomplete = report.incomplete_agents()
    errored = [agent_id for agent_id in failed if agent_id not in incomplete]
    text = f"agents: {len(report.agents) - len(failed)} ok"
    if errored:
        text += f", {len(errored)} failed ({', '.join(errored)})"
    if incomplete:
        text += f", {len(incomplete)} incomplete ({', '.join(incomplete)})"
    quorum = report.quorum
    if not quorum.met:
        text += f", quorum not met ({quorum.ok_agents}/{quorum.total_agents} ok, {quorum.required:.0%} required)"
    return text


def _findings_section(findings: Sequence[Finding], options: RenderOptions) -> list[str]:
    lines: list[str] = []
    reader = _SourceLines(options.root)
    width = max(len(s.value) for s in SEVERITY_ORDER)
    for path, group in groupby(findings, key=lambda f: f.location.path):
        if lines:
            lines.append("")
        lines.append(printable(path))
        for finding in group:
            severity = finding.severity
            label = _paint(severity.value.upper().ljust(width), _SEVERITY_COLOR[severity], options.color)
            loc = finding.location
            lines.append(f"  {label}  {printable(finding.rule_id)}  {printable(_one_line(finding.message))}")
            lines.append(f"  {' ' * width}  {printable(loc.path)}:{loc.line}:{loc.column}")
            code = finding.snippet.splitlines()[:_SNIPPET_LINES] if finding.snippet else [reader.line(path, loc.line)]
            lines.extend(f"  {' ' * width}  | {printable(c.rstrip())}" for c in code if c.strip())
    return lines


def _error_line(agent_id: str, shard: str | None, kind: str, message: str) -> str:
    where = f" [shard {shard}]" if shard else ""
    return f"  {printable(agent_id or 'unknown')}{printable(where)} {printable(kind)}: {printable(_one_line(message))}"


class _SourceLines:
    """Reads quoted lines from the scanned files, once per file, never outside the root."""

    def __init__(self, root: Path | None) -> None:
        self._root = root.resolve() if root is not None else None
        self._files: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        lines = self._files.get(path)
        if lines is None:
            lines = self._files[path] = self._read(path)
        return lines[number - 1] if 1 <= number <= len(lines) else ""

    def _read(self, path: str) -> list[str]:
        if self._root is None:
            return []
        try:
            full = (self._root / path).resolve()
            if not full.is_relative_to(self._root) or full.stat().st_size > _MAX_QUOTED_FILE_SIZE:
                return []
            return full.read_text(encoding="utf-8", errors="replace").splitlines()
        except (OSError, ValueError):
            return []


# Scanned code is untrusted: escape sequences could rewrite the terminal, and bidirectional
# controls could make the quoted line read differently from what it is ("Trojan Source").
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """`text` with control and bidirectional characters shown as escapes instead of acting on the terminal."""
    return "".join(
        f"\\u{ord(ch):04x}" if ch in _BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch != "\t") else ch
        for ch in text
    )


_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text.strip())


def _compact(value: object, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _paint(text: str, color: str, enabled: bool) -> str:
    return f"{color}{text}{_RESET}" if enabled else text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
