"""GitHub-flavoured Markdown, fit for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from analyzer.findings import Finding
from analyzer.report.model import ErrorEntry, Report
from analyzer.report.text import SEVERITY_ORDER, baseline_line, files_scanned, listed, severity_counts, summary_line

if TYPE_CHECKING:
    from analyzer.report.render import RenderOptions

# A pull-request comment holds at most 65,536 characters; the first findings are what a reviewer reads.
MAX_LISTED_FINDINGS = 200
MAX_LISTED_SKIPS = 500
MAX_CELL_LENGTH = 300


def render(report: Report, options: RenderOptions) -> str:
    all_findings = report.findings()
    findings = listed(all_findings)
    failures = [e for e in report.error_log if e.partial_failure]
    blocks = ["## gatherscan report"]
    if failures or report.failed_agents():
        blocks.append(_incomplete_banner(report, failures))
    blocks.append(f"**{escape(summary_line(report, all_findings))}**")
    if report.baseline is not None:
        blocks.append(escape(baseline_line(report.baseline)))
    blocks.append(_summary_tables(report, findings))
    blocks.append(_findings_block(findings))
    agent_notes = report.notes()
    if agent_notes:
        blocks.append("\n".join(["### Notes", "", *(f"- {escape(note)}" for note in agent_notes)]))
    if failures:
        blocks.append(_errors_block("Partial failures", failures))
    notes = [e for e in report.error_log if not e.partial_failure]
    if notes:
        blocks.append(_errors_block("Merge notes", notes))
    if report.conflicts:
        blocks.append(_conflicts_block(report))
    skipped = report.skipped()
    if skipped:
        blocks.append(_skipped_block(skipped))
    return "\n\n".join(blocks) + "\n"


def _incomplete_banner(report: Report, failures: Sequence[ErrorEntry]) -> str:
    failed = report.failed_agents() or sorted({e.agent_id or "unknown" for e in failures})
    incomplete = set(report.incomplete_agents())
    total = max(len(report.agents), len(failed))
    parts = []
    errored = [name for name in failed if name not in incomplete]
    if errored:
        parts.append(f"{len(errored)} of {total} agents failed ({', '.join(code(name) for name in errored)})")
    if incomplete:
        names = ", ".join(code(name) for name in sorted(incomplete))
        parts.append(f"{len(incomplete)} of {total} agents could not perform every check ({names})")
    return (
        "> [!WARNING]\n"
        f"> **The scan is incomplete.** {'; '.join(parts)}. "
        "Findings those checks would have reported are missing, so an empty list below does not mean clean code."
    )


def _summary_tables(report: Report, findings: Sequence[Finding]) -> str:
    counts = severity_counts(findings)
    rows = ["| Severity | Findings |", "| --- | ---: |"]
    rows.extend(f"| {s.value} | {counts[s]} |" for s in SEVERITY_ORDER)
    rows.append(f"| **total** | **{len(findings)}** |")

    failed = report.failed_agents()
    quorum = report.quorum
    scanned = files_scanned(report)
    agent_rows = [
        "| Scan | |",
        "| --- | --- |",
        f"| agents ok | {len(report.agents) - len(failed)} |",
        f"| agents failed or incomplete | {len(failed)}{' (' + escape(', '.join(failed)) + ')' if failed else ''} |",
        f"| quorum | {quorum.ok_agents}/{quorum.total_agents} ok, {quorum.required:.0%} required: "
        f"{'met' if quorum.met else '**not met**'} |",
        f"| files scanned | {scanned if scanned is not None else 'unknown'} |",
        f"| files skipped | {len(report.skipped())} |",
    ]
    return "\n".join(rows) + "\n\n" + "\n".join(agent_rows)


def _findings_block(findings: Sequence[Finding]) -> str:
    if not findings:
        return "### Findings\n\nNo findings."
    rows = ["### Findings", "", "| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]
    for finding in findings[:MAX_LISTED_FINDINGS]:
        location = f"{finding.location.path}:{finding.location.line}"
        rows.append(
            f"| {finding.severity.value} | {code(finding.rule_id)} | {code(location)} | {escape(finding.message)} |"
        )
    if len(findings) > MAX_LISTED_FINDINGS:
        rows.append("")
        rows.append(
            f"_Showing the first {MAX_LISTED_FINDINGS} of {len(findings)} findings; "
            "the JSON or SARIF report has all of them._"
        )
    return "\n".join(rows)


def _errors_block(title: str, entries: Sequence[ErrorEntry]) -> str:
    rows = [f"### {title}", ""]
    if title == "Partial failures":
        rows.extend(
            [
                "> [!WARNING]",
                "> These agent runs failed or could not perform a check, so the scan is incomplete: "
                "the findings they would have reported are missing from this report.",
                "",
            ]
        )
    rows.extend(["| Agent | Shard | Kind | Message |", "| --- | --- | --- | --- |"])
    rows.extend(
        f"| {escape(e.agent_id or 'unknown')} | {escape(e.shard or '-')} | {code(e.kind)} | {escape(e.message)} |"
        for e in entries
    )
    return "\n".join(rows)


def _conflicts_block(report: Report) -> str:
    rows = [
        "### Conflicts",
        "",
        "Agents sent differing values for these keys, which have no merge rule; none of the values was kept.",
        "",
        "| Key | Values |",
        "| --- | --- |",
    ]
    for key in sorted(report.conflicts):
        values = ", ".join(
            f"{v.agent_id}: {json.dumps(v.value, ensure_ascii=False, sort_keys=True, default=str)}"
            for v in report.conflicts[key]
        )
        rows.append(f"| {code(key)} | {escape(values)} |")
    return "\n".join(rows)


def _skipped_block(skipped: Sequence[dict[str, str]]) -> str:
    rows = [
        "### Skipped files",
        "",
        "<details>",
        f"<summary>{len(skipped)} {'file was' if len(skipped) == 1 else 'files were'} not analysed</summary>",
        "",
        "| File | Reason |",
        "| --- | --- |",
    ]
    rows.extend(f"| {code(s['path'])} | {escape(s.get('reason', ''))} |" for s in skipped[:MAX_LISTED_SKIPS])
    if len(skipped) > MAX_LISTED_SKIPS:
        rows.extend(["", f"_{len(skipped) - MAX_LISTED_SKIPS} more not listed._"])
    rows.extend(["", "</details>"])
    return "\n".join(rows)


# Text inside a table cell: one line, and no character that could end the cell, open a link,
# an emphasis or a code span, or smuggle HTML into the comment.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_WHITESPACE_RUN = re.compile(r"\s+")


def escape(text: str) -> str:
    """Plain text made safe for a table cell: one line, Markdown and HTML characters escaped, length capped."""
    one_line = _WHITESPACE_RUN.sub(" ", text).strip()
    if len(one_line) > MAX_CELL_LENGTH:
        one_line = one_line[: MAX_CELL_LENGTH - 1] + "…"
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)
    return "".join(_HTML_SPECIAL.get(ch, ch) for ch in escaped)


def code(text: str) -> str:
    """`text` as an inline code span, safe inside a table cell.

    GitHub reads `\\|` as a pipe even inside a code span in a table; a backtick in the text is
    fenced by a longer run of backticks.
    """
    one_line = _WHITESPACE_RUN.sub(" ", text).strip()[:MAX_CELL_LENGTH].replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{padding}{one_line}{padding}{fence}"
