"""Exit codes (CLI, hook and Action alike), from a Report and the failure policy."""

from __future__ import annotations

from analyzer.findings import Finding, Severity, severity_at_least
from analyzer.report.model import Report

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INCOMPLETE = 3


def is_incomplete(report: Report, *, fail_on_partial: bool) -> bool:
    return not report.quorum.met or (fail_on_partial and report.partial_failures > 0)


def exit_code(report: Report, *, fail_on: Severity, fail_on_partial: bool) -> int:
    """3 when the scan is incomplete (it outranks findings), else 1 for findings at/above fail_on, else 0.

    Findings a baseline already knows (properties.baselineState == "unchanged") do not count.
    """
    if is_incomplete(report, fail_on_partial=fail_on_partial):
        return EXIT_INCOMPLETE
    if any(severity_at_least(f.severity, fail_on) and counts_toward_exit(f) for f in report.findings()):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def counts_toward_exit(finding: Finding) -> bool:
    """Suppressed findings never count; with a baseline, only new ones do (analyzer/baseline.py marks them)."""
    return not finding.properties.get("suppressed") and finding.properties.get("baselineState") != "unchanged"
