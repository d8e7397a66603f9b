"""JSON, text and Markdown reports, rendered from Reports built directly from the model."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from agents.base import Rule
from analyzer.findings import Confidence, Finding, Location, Severity
from analyzer.reducer import reduce
from analyzer.report import markdown
from analyzer.report.model import AgentStatus, ConflictValue, ErrorEntry, Quorum, Report
from analyzer.report.render import FORMATS, BuiltinRuleCatalogue, RenderOptions, render

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")

CATALOGUE: dict[str, tuple[str, Rule]] = {
    "SEC001": (
        "security",
        Rule(
            id="SEC001",
            name="sql-injection",
            short_description="SQL query built from untrusted input.",
            full_description="A value from an HTTP request reaches a SQL query without parameters.",
            severity=Severity.HIGH,
            confidence=Confidence.HIGH,
            help="Pass the values as query parameters instead of formatting them into the SQL text.",
            cwe=(89,),
            tags=("injection",),
        ),
    ),
    "SEC002": (
        "security",
        Rule(
            id="SEC002",
            name="hardcoded-secret",
            short_description="Secret written in the source.",
            full_description="A password or token literal is assigned in the code.",
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
            help="Read secrets from the environment or a secret store.",
            cwe=(798,),
        ),
    ),
    "PERF001": (
        "performance",
        Rule(
            id="PERF001",
            name="StringConcatInLoop",
            short_description="String built by += in a loop.",
            full_description="Repeated string concatenation in a loop takes quadratic time.",
            severity=Severity.LOW,
            confidence=Confidence.MEDIUM,
            help="Collect the parts in a list and join them once.",
        ),
    ),
    "DEP001": (
        "dependency",
        Rule(
            id="DEP001",
            name="vulnerable-dependency",
            short_description="Dependency with a known vulnerability.",
            full_description="A pinned dependency has a published security advisory.",
            severity=Severity.CRITICAL,
            confidence=Confidence.HIGH,
            help="Upgrade to a version that fixes the advisory.",
            cwe=(1395,),
        ),
    ),
}

VIEWS = "src/app ü/views.py"
NAIVE = "docs/naïve module.py"


def make_finding(
    rule_id: str,
    agent_id: str,
    path: str,
    line: int,
    severity: Severity,
    message: str,
    **extra: Any,
) -> Finding:
    location = Location(
        path=path,
        line=line,
        column=extra.pop("column", 1),
        end_line=extra.pop("end_line", None),
        end_column=extra.pop("end_column", None),
    )
    confidence = extra.pop("confidence", Confidence.HIGH)
    return Finding(
        rule_id=rule_id,
        agent_id=agent_id,
        message=message,
        severity=severity,
        confidence=confidence,
        location=location,
        **extra,
    )


def sample_findings() -> list[Finding]:
    return [
        make_finding(
            "SEC001", "security", VIEWS, 12, Severity.HIGH, "SQL query built from request.args.",
            column=5, end_line=12, end_column=40, snippet='cursor.execute("SELECT * FROM t WHERE n=" + name)',
            cwe=(89,), fingerprint="fp-sec001",
        ),
        make_finding("SEC002", "security", NAIVE, 3, Severity.MEDIUM, "Password literal.", cwe=(798,)),
        make_finding(
            "SEC900", "security", "lib/eval tool.py", 7, Severity.HIGH, "eval() on data read from a socket.",
            engine="llm", confidence=Confidence.LOW,
        ),
        make_finding(
            "SEC002", "security", "lib/legacy.py", 9, Severity.MEDIUM, "Token literal (accepted risk).",
            properties={"suppressed": "inline"},
        ),
        make_finding("PERF001", "performance", VIEWS, 30, Severity.LOW, "String concatenation in a loop."),
        make_finding("PERF777", "performance", VIEWS, 44, Severity.INFO, "Generator could replace the list."),
        make_finding(
            "DEP001", "dependency", "requirements.txt", 3, Severity.CRITICAL, "requests 2.0.0 has GHSA-x84v-xcm2-53pg.",
            cwe=(1395,), properties={"package": "requests", "fixedIn": ["2.20.0"]},
        ),
    ]  # fmt: skip


def sample_report(findings: list[Finding] | None = None) -> Report:
    """Three agents; the dependency agent had one shard fail; skipped files; a conflict."""
    issues = [f.to_json_dict() for f in (sample_findings() if findings is None else findings)]
    return Report(
        result={
            "issues": issues,
            "filesScanned": 340,
            "riskScore": 9.5,
            "skipped": [
                {"path": "big data/huge.py", "reason": "file too large: 5000000 bytes > limit of 2097152"},
                {"path": "src/broken ü.py", "reason": "syntax error: line 3: invalid syntax"},
            ],
        },
        total=4,
        success=3,
        partial_failures=1,
        error_log=(
            ErrorEntry(
                agent_id="dependency",
                shard="2/2",
                kind="timeout",
                message="no answer within 30 s",
                raw='{"issues": [{"ruleId": ',
            ),
        ),
        conflicts={
            "stats.pythonVersion": (
                ConflictValue(agent_id="performance", value="3.11"),
                ConflictValue(agent_id="security", value="3.12"),
            )
        },
        provenance={"issues": ("dependency", "performance", "security")},
        quorum=Quorum(required=0.5, ok_agents=2, total_agents=3, ratio=2 / 3, met=True),
        agents=(
            AgentStatus(agent_id="dependency", status="error", envelopes=2, failed=1, engines=("static",)),
            AgentStatus(agent_id="performance", status="ok", envelopes=1, failed=0, engines=("static",)),
            AgentStatus(agent_id="security", status="ok", envelopes=1, failed=0, engines=("llm", "static")),
        ),
    )


def options(**overrides: Any) -> RenderOptions:
    return RenderOptions(**{"rule_catalogue": CATALOGUE, **overrides})


# ---------------------------------------------------------------------------
# Registry


def test_registry_offers_every_format_and_rejects_unknown_ones() -> None:
    assert sorted(FORMATS) == ["json", "markdown", "sarif", "text"]
    with pytest.raises(ValueError, match=r"unknown report format 'xml' \(known formats: json, markdown, sarif, text\)"):
        render(sample_report(), "xml", options())


def test_default_catalogue_tolerates_agents_that_cannot_be_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "analyzer.report.render.BUILTIN_AGENTS",
        {"missing": "agents.does_not_exist.agent:AGENT", "broken": "analyzer.findings:NOT_THERE"},
    )
    catalogue = BuiltinRuleCatalogue()
    assert len(catalogue) == 0
    assert "SEC001" not in catalogue
    sarif = json.loads(render(sample_report(), "sarif", RenderOptions()))
    # Without a catalogue every rule id in the findings is still described.
    security_run = next(r for r in sarif["runs"] if r["automationDetails"]["id"] == "gatherscan/security/")
    assert [rule["id"] for rule in security_run["tool"]["driver"]["rules"]] == ["SEC001", "SEC002", "SEC900"]


# ---------------------------------------------------------------------------
# JSON


def test_json_round_trips_to_an_equal_report() -> None:
    report = sample_report()
    text = render(report, "json", options())
    assert Report.model_validate(json.loads(text)) == report


def test_json_is_sorted_indented_and_keeps_unicode() -> None:
    text = render(sample_report(), "json", options())
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert VIEWS in text


def test_json_writes_non_finite_numbers_as_null() -> None:
    report = sample_report().model_copy(update={"result": {"riskScore": math.nan, "stats": {"ratio": math.inf}}})
    text = render(report, "json", options())

    def reject(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    data = json.loads(text, parse_constant=reject)
    assert data["result"] == {"riskScore": None, "stats": {"ratio": None}}


# ---------------------------------------------------------------------------
# Text


def test_text_groups_findings_by_sorted_file_with_location_and_code() -> None:
    text = render(sample_report(), "text", options())
    findings_section = text.split("\n\nSkipped files", 1)[0]
    file_headers = [line for line in findings_section.splitlines() if line and not line.startswith(" ")]
    # lib/legacy.py holds only a suppressed finding, so it gets no header.
    assert file_headers == [NAIVE, "lib/eval tool.py", "requirements.txt", VIEWS]

    views_block = text.split(VIEWS + "\n", 1)[1].split("\n\n", 1)[0]
    assert "HIGH" in views_block and "SEC001" in views_block and "SQL query built from request.args." in views_block
    assert f"{VIEWS}:12:5" in views_block
    assert '| cursor.execute("SELECT * FROM t WHERE n=" + name)' in views_block
    # Findings of one file stay in line order under its header.
    assert views_block.index("SEC001") < views_block.index("PERF001") < views_block.index("PERF777")


def test_text_lists_skips_failures_conflicts_and_a_summary_line() -> None:
    text = render(sample_report(), "text", options())
    assert "Skipped files (2):\n  big data/huge.py: file too large" in text
    failures = "Partial failures (1) - the scan is incomplete:\n  dependency [shard 2/2] timeout: no answer within 30 s"
    assert failures in text
    assert 'stats.pythonVersion: performance="3.11", security="3.12"' in text
    assert "Token literal" not in text  # suppressed: counted, not listed
    assert text.rstrip().splitlines()[-1] == (
        "6 findings (1 critical, 2 high, 1 medium, 1 low, 1 info), 1 suppressed"
        " · agents: 2 ok, 1 failed (dependency) · 340 files scanned, 2 skipped"
    )


def test_text_has_colour_codes_only_when_asked() -> None:
    plain = render(sample_report(), "text", options(color=False))
    coloured = render(sample_report(), "text", options(color=True))
    assert "\x1b" not in plain
    assert "\x1b[1;31mCRITICAL" in coloured
    assert "\x1b[31mHIGH" in coloured
    assert ANSI_ESCAPE.sub("", coloured) == plain


def test_text_says_clearly_when_there_are_no_findings() -> None:
    report = Report(
        result={"issues": [], "filesScanned": 1},
        agents=(AgentStatus(agent_id="security", status="ok", envelopes=1, failed=0),),
    )
    text = render(report, "text", options())
    assert text.startswith("No findings.\n")
    assert text.rstrip().endswith("No findings · agents: 1 ok · 1 file scanned, 0 skipped")


def test_text_reads_the_code_line_from_the_root_when_a_finding_has_no_snippet(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text("import os\nos.system(cmd)  # flagged\n", encoding="utf-8")
    (tmp_path.parent / "outside.py").write_text("SECRET = 'do not quote'\n", encoding="utf-8")
    findings = [
        make_finding("SEC003", "security", "pkg/mod.py", 2, Severity.HIGH, "Shell command from a variable."),
        make_finding("SEC004", "security", "../outside.py", 1, Severity.HIGH, "Outside the root."),
    ]
    text = render(sample_report(findings), "text", options(root=tmp_path))
    assert "| os.system(cmd)  # flagged" in text
    assert "do not quote" not in text


def test_text_neutralises_terminal_escapes_and_bidi_controls_from_scanned_code() -> None:
    finding = make_finding(
        "SEC001", "security", "evil.py", 1, Severity.HIGH, "Looks odd\x1b[2J.",
        snippet="access = 'user\u202e \u2066// admin'\x07",
    )  # fmt: skip
    text = render(sample_report([finding]), "text", options(color=True))
    assert "\x1b[2J" not in text and "\u202e" not in text and "\x07" not in text
    assert "\\u001b[2J" in text and "\\u202e" in text


# ---------------------------------------------------------------------------
# Markdown


def _table_rows(text: str, header: str) -> list[str]:
    section = text.split(header, 1)[1]
    return [line for line in section.split("\n\n", 1)[0].splitlines() if line.startswith("| ")]


def test_markdown_summary_tables_count_severities_and_agents() -> None:
    text = render(sample_report(), "markdown", options())
    assert text.startswith("## gatherscan report\n")
    severity_rows = _table_rows(text, "| Severity | Findings |\n")
    assert severity_rows[1:] == [
        "| critical | 1 |",
        "| high | 2 |",
        "| medium | 1 |",
        "| low | 1 |",
        "| info | 1 |",
        "| **total** | **6** |",
    ]
    assert "| agents ok | 2 |" in text
    assert "| agents failed or incomplete | 1 (dependency) |" in text
    assert "| quorum | 2/3 ok, 50% required: met |" in text
    assert "| files scanned | 340 |" in text


def test_markdown_lists_findings_with_escaped_cells() -> None:
    findings = [
        make_finding("SEC001", "security", VIEWS, 12, Severity.HIGH, "Query | built with `format` <b>here</b>."),
        make_finding("PERF001", "performance", "a|b/c`d.py", 4, Severity.LOW, "Slow *loop*\nacross lines."),
    ]
    text = render(sample_report(findings), "markdown", options())
    rows = _table_rows(text, "### Findings\n\n")
    assert rows[2:] == [
        "| low | `PERF001` | ``a\\|b/c`d.py:4`` | Slow \\*loop\\* across lines. |",
        f"| high | `SEC001` | `{VIEWS}:12` | Query \\| built with \\`format\\` &lt;b&gt;here&lt;/b&gt;. |",
    ]
    # Every row still has exactly four cells once escaped pipes are discounted.
    for row in rows:
        assert len(re.split(r"(?<!\\)\|", row)) == 6


def test_markdown_caps_long_finding_lists_with_a_note() -> None:
    findings = [
        make_finding("PERF001", "performance", f"mod{n:04}.py", 1, Severity.LOW, f"Slow loop {n}.") for n in range(250)
    ]
    text = render(sample_report(findings), "markdown", options())
    assert len(_table_rows(text, "### Findings\n\n")) == 2 + markdown.MAX_LISTED_FINDINGS
    assert "_Showing the first 200 of 250 findings; the JSON or SARIF report has all of them._" in text


def test_markdown_warns_that_the_scan_is_incomplete_and_folds_skipped_files() -> None:
    text = render(sample_report(), "markdown", options())
    banner = text.split("\n\n")[1]
    assert banner.startswith("> [!WARNING]\n> **The scan is incomplete.** 1 of 3 agents failed (`dependency`).")
    failures = text.split("### Partial failures\n", 1)[1]
    assert "> These agent runs failed or could not perform a check, so the scan is incomplete" in failures
    assert "| dependency | 2/2 | `timeout` | no answer within 30 s |" in failures
    skipped = text.split("### Skipped files\n", 1)[1]
    assert skipped.startswith("\n<details>\n<summary>2 files were not analysed</summary>")
    assert "| `src/broken ü.py` | syntax error: line 3: invalid syntax |" in skipped
    assert skipped.rstrip().endswith("</details>")


def test_markdown_of_a_complete_clean_scan_has_no_warning() -> None:
    report = Report(
        result={"issues": [], "filesScanned": 12},
        agents=(AgentStatus(agent_id="security", status="ok", envelopes=1, failed=0),),
        quorum=Quorum(required=1.0, ok_agents=1, total_agents=1, ratio=1.0, met=True),
    )
    text = render(report, "markdown", options())
    assert "[!WARNING]" not in text and "Partial failures" not in text and "<details>" not in text
    assert "### Findings\n\nNo findings." in text


def test_summary_line_says_when_the_quorum_is_not_met() -> None:
    report = sample_report([]).model_copy(
        update={"quorum": Quorum(required=1.0, ok_agents=2, total_agents=3, ratio=2 / 3, met=False)}
    )
    last_line = render(report, "text", options()).rstrip().splitlines()[-1]
    assert last_line == (
        "No findings · agents: 2 ok, 1 failed (dependency), quorum not met (2/3 ok, 100% required)"
        " · 340 files scanned, 2 skipped"
    )
    assert "| quorum | 2/3 ok, 100% required: **not met** |" in render(report, "markdown", options())


def _incomplete_report() -> Report:
    message = "vulnerability check not performed for PyPI: the OSV API at https://api.osv.dev cannot be reached"
    return reduce(
        [
            {
                "agentId": "dependency",
                "status": "ok",
                "ts": 1.0,
                "payload": {"issues": [], "incomplete": [{"check": "vulnerabilities", "message": message}]},
            },
            {"agentId": "security", "status": "ok", "ts": 1.0, "payload": {"issues": []}},
        ]
    )


def test_every_format_says_which_check_was_not_performed() -> None:
    report = _incomplete_report()
    options = RenderOptions()
    text = render(report, "text", options)
    assert "Partial failures (1) - the scan is incomplete:" in text
    assert "vulnerability check not performed for PyPI: the OSV API" in text
    assert "agents: 1 ok, 1 incomplete (dependency)" in text
    markdown = render(report, "markdown", options)
    assert "1 of 2 agents could not perform every check (`dependency`)" in markdown
    assert "vulnerability check not performed for PyPI" in markdown
    data = json.loads(render(report, "json", options))
    assert data["partialFailures"] == 1
    assert data["errorLog"][0]["kind"] == "incomplete"
    sarif = json.loads(render(report, "sarif", options))
    run = next(r for r in sarif["runs"] if r["automationDetails"]["id"] == "gatherscan/dependency/")
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["message"]["text"] == f"Agent dependency is incomplete: {data['errorLog'][0]['message']}"
    assert "exception" not in notification
    github = json.loads(render(report, "sarif", RenderOptions(for_github=True)))
    assert [r["automationDetails"]["id"] for r in github["runs"]] == ["gatherscan/security/"]


def test_agent_notes_are_shown_in_text_and_markdown() -> None:
    note = "the local PyPI store is 3 days old and the OSV API could not be reached: used it anyway"
    report = reduce([{"agentId": "dependency", "status": "ok", "ts": 1.0, "payload": {"notes": [note]}}])
    assert report.notes() == [note]
    assert f"Notes (1):\n  {note}" in render(report, "text", RenderOptions())
    assert f"### Notes\n\n- {note}" in render(report, "markdown", RenderOptions())
