"""SARIF output: the official schema, GitHub's needs, and Microsoft's SARIF Multitool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer import __version__
from analyzer.findings import Confidence, Severity
from analyzer.report import sarif
from analyzer.report.model import AgentStatus, ErrorEntry, Report
from analyzer.report.render import BuiltinRuleCatalogue, RenderOptions, render
from tests.sarif_validation import (
    github_profile_problems,
    multitool_binary,
    multitool_problems,
    multitool_required,
    schema_errors,
)
from tests.test_report_formats import NAIVE, VIEWS, make_finding, options, sample_report

START = 1_760_000_000.0


def sarif_log(report: Report | None = None, **overrides: Any) -> dict[str, Any]:
    settings = {"command_line": "gatherscan scan --format sarif .", "start_time": START, "end_time": START + 4.5}
    text = render(sample_report() if report is None else report, "sarif", options(**{**settings, **overrides}))
    result: dict[str, Any] = json.loads(text)
    return result


def run_of(log: dict[str, Any], agent_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in log["runs"] if r["automationDetails"]["id"] == f"gatherscan/{agent_id}/")
    return found


def rule_of(run: dict[str, Any], rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == rule_id)
    return found


# ---------------------------------------------------------------------------
# Validity


@pytest.mark.parametrize("for_github", [False, True], ids=["local", "github"])
def test_log_is_valid_against_the_official_schema_and_github_profile(for_github: bool) -> None:
    log = sarif_log(for_github=for_github)
    assert schema_errors(log) == []
    assert github_profile_problems(log) == []


def test_schema_check_catches_invalid_sarif() -> None:
    log = sarif_log()
    run_of(log, "security")["results"][0]["level"] = "high"
    run_of(log, "security")["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    errors = schema_errors(log)
    assert any("'high' is not one of" in e for e in errors)
    assert any("0 is less than the minimum of 1" in e for e in errors)


def _require_multitool() -> None:
    if multitool_binary() is None:
        if multitool_required():
            pytest.fail("SARIF Multitool is required (GATHERSCAN_REQUIRE_MULTITOOL=1) but not installed")
        pytest.skip("SARIF Multitool not installed (see .ci/run)")


def _variants() -> dict[str, Report]:
    failed_only = Report(
        error_log=(ErrorEntry(agent_id="security", kind="crash", message="worker died: signal 9"),),
        agents=(AgentStatus(agent_id="security", status="error", envelopes=1, failed=1),),
    )
    return {"sample": sample_report(), "clean": sample_report([]), "all-failed": failed_only}


@pytest.mark.parametrize("for_github", [False, True], ids=["local", "github"])
def test_multitool_reports_no_errors_or_warnings(tmp_path: Path, for_github: bool) -> None:
    _require_multitool()
    for name, report in _variants().items():
        path = tmp_path / f"{name}.sarif"
        path.write_text(render(report, "sarif", options(for_github=for_github, start_time=START)), encoding="utf-8")
        assert multitool_problems(path) == [], name


def test_multitool_reports_no_problems_for_rules_described_only_by_findings(tmp_path: Path) -> None:
    _require_multitool()
    path = tmp_path / "no-catalogue.sarif"
    path.write_text(render(sample_report(), "sarif", options(rule_catalogue={})), encoding="utf-8")
    assert multitool_problems(path) == []


def test_multitool_accepts_the_builtin_agents_rules(tmp_path: Path) -> None:
    _require_multitool()
    catalogue = BuiltinRuleCatalogue()
    findings = [
        make_finding(rule_id, agent_id, f"pkg/{rule_id}.py", 3, rule.severity, rule.short_description, cwe=rule.cwe)
        for rule_id, (agent_id, rule) in sorted(catalogue.items())
    ]
    path = tmp_path / "builtin.sarif"
    path.write_text(render(sample_report(findings), "sarif", RenderOptions(for_github=True)), encoding="utf-8")
    log = json.loads(path.read_text(encoding="utf-8"))
    assert schema_errors(log) == [] and github_profile_problems(log) == []
    assert multitool_problems(path) == []


def test_multitool_check_catches_problems(tmp_path: Path) -> None:
    _require_multitool()
    log = sarif_log()
    driver = run_of(log, "security")["tool"]["driver"]
    del driver["informationUri"]
    driver["rules"][0]["name"] = driver["rules"][0]["id"]
    path = tmp_path / "flawed.sarif"
    path.write_text(json.dumps(log), encoding="utf-8")
    problems = multitool_problems(path)
    assert any("SARIF1001" in p for p in problems), problems
    assert any("SARIF2005" in p and "informationUri" in p for p in problems), problems


# ---------------------------------------------------------------------------
# Runs and tool


def test_one_run_per_agent_sorted_by_agent_id() -> None:
    log = sarif_log()
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    ids = [run["automationDetails"]["id"] for run in log["runs"]]
    assert ids == ["gatherscan/dependency/", "gatherscan/performance/", "gatherscan/security/"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] == "gatherscan"
        assert driver["version"] == driver["semanticVersion"] == __version__
        assert driver["informationUri"] == "https://github.com/gatherscan/gatherscan"
        assert run["columnKind"] == "unicodeCodePoints"
        assert isinstance(run["results"], list)


def test_an_agent_seen_only_in_findings_gets_its_own_run() -> None:
    finding = make_finding("X1", "custom-agent", "a.py", 1, Severity.LOW, "Custom check.")
    log = sarif_log(sample_report([finding]))
    custom = run_of(log, "custom-agent")
    assert [r["ruleId"] for r in custom["results"]] == ["X1"]
    assert custom["invocations"][0]["executionSuccessful"] is True


# ---------------------------------------------------------------------------
# Rules


def test_rules_are_the_whole_catalogue_plus_described_unknown_rules() -> None:
    run = run_of(sarif_log(), "security")
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["SEC001", "SEC002", "SEC900"]
    unknown = rule_of(run, "SEC900")
    assert unknown["name"] == "sec900-check"
    assert unknown["shortDescription"]["text"] == "eval() on data read from a socket."
    assert "no catalogue entry" in unknown["fullDescription"]["text"]
    assert unknown["defaultConfiguration"]["level"] == "error"
    assert unknown["properties"]["precision"] == "low"


def test_catalogue_rules_without_findings_are_still_listed() -> None:
    run = run_of(sarif_log(sample_report([])), "performance")
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["PERF001"]
    assert run["results"] == []


def test_security_rule_metadata_for_github() -> None:
    rule = rule_of(run_of(sarif_log(), "security"), "SEC001")
    assert rule["name"] == "sql-injection"
    assert rule["shortDescription"]["text"] == "SQL query built from untrusted input."
    assert rule["fullDescription"]["text"].startswith("A value from an HTTP request")
    assert rule["help"]["text"].startswith("Pass the values as query parameters")
    assert "[CWE-89](https://cwe.mitre.org/data/definitions/89.html)" in rule["help"]["markdown"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"] == {
        "tags": ["security", "external/cwe/cwe-89", "injection"],
        "precision": "high",
        "security-severity": "8.0",
    }


def test_dependency_rules_carry_security_severity_and_performance_rules_problem_severity() -> None:
    log = sarif_log()
    dependency = rule_of(run_of(log, "dependency"), "DEP001")
    assert dependency["properties"]["security-severity"] == "9.5"
    assert "external/cwe/cwe-1395" in dependency["properties"]["tags"]
    performance = rule_of(run_of(log, "performance"), "PERF001")
    assert performance["name"] == "string-concat-in-loop"
    assert performance["defaultConfiguration"]["level"] == "note"
    assert performance["properties"] == {
        "tags": ["performance"],
        "precision": "medium",
        "problem.severity": "recommendation",
    }


def test_help_markdown_keeps_plain_text_literal_and_code_examples_as_code() -> None:
    help_text = "Define __slots__ or use x[0] *once*.\nBefore:\n    for row in rows:\n        total += row\nDone."
    assert sarif.plain_to_markdown(help_text) == (
        "Define \\_\\_slots\\_\\_ or use x\\[0\\] \\*once\\*.\n"
        "Before:\n\n    for row in rows:\n        total += row\nDone."
    )


def test_performance_rule_citing_a_cwe_is_not_a_security_rule() -> None:
    finding = make_finding("PRF9", "performance", "a.py", 1, Severity.MEDIUM, "Resource use in a loop.", cwe=(1050,))
    rule = rule_of(run_of(sarif_log(sample_report([finding])), "performance"), "PRF9")
    assert rule["properties"]["tags"] == ["external/cwe/cwe-1050", "performance"]
    assert "security-severity" not in rule["properties"]
    assert rule["properties"]["problem.severity"] == "warning"


def test_a_third_party_rule_citing_a_cwe_is_a_security_rule() -> None:
    finding = make_finding("X89", "acme-sql", "a.py", 1, Severity.HIGH, "Query from input.", cwe=(89,))
    rule = rule_of(run_of(sarif_log(sample_report([finding])), "acme-sql"), "X89")
    assert rule["properties"]["tags"][:2] == ["security", "external/cwe/cwe-89"]
    assert rule["properties"]["security-severity"] == "8.0"


def test_info_security_rule_has_no_zero_security_severity() -> None:
    finding = make_finding("SEC777", "security", "a.py", 1, Severity.INFO, "Informational note.")
    rule = rule_of(run_of(sarif_log(sample_report([finding])), "security"), "SEC777")
    assert "security-severity" not in rule["properties"]
    assert rule["defaultConfiguration"]["level"] == "note"


def test_tags_are_unique_and_capped() -> None:
    findings = [make_finding("SEC5", "security", "a.py", 1, Severity.HIGH, "Many weaknesses.", cwe=tuple(range(1, 15)))]
    rule = rule_of(run_of(sarif_log(sample_report(findings)), "security"), "SEC5")
    tags = rule["properties"]["tags"]
    assert len(tags) == sarif.MAX_TAGS_PER_RULE == len(set(tags))
    assert tags[:3] == ["security", "external/cwe/cwe-1", "external/cwe/cwe-2"]


# ---------------------------------------------------------------------------
# Results


def test_rule_index_points_at_the_result_rule() -> None:
    for run in sarif_log()["runs"]:
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_result_location_fingerprint_and_properties() -> None:
    run = run_of(sarif_log(), "security")
    result = next(r for r in run["results"] if r["ruleId"] == "SEC001")
    assert result["level"] == "error"
    assert result["message"] == {"text": "SQL query built from request.args."}
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "src/app%20%C3%BC/views.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {
        "startLine": 12,
        "startColumn": 5,
        "endLine": 12,
        "endColumn": 40,
        "snippet": {"text": 'cursor.execute("SELECT * FROM t WHERE n=" + name)'},
    }
    assert result["partialFingerprints"] == {"gatherscan/v1": "fp-sec001"}
    assert result["properties"]["agentId"] == "security"
    assert result["properties"]["engine"] == "static"
    assert result["properties"]["confidence"] == "high"
    assert result["properties"]["cwe"] == ["CWE-89"]


def test_results_are_sorted_and_every_one_has_a_fingerprint() -> None:
    run = run_of(sarif_log(), "security")
    keys = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    ]
    assert keys == sorted(keys)
    assert keys[0][0] == "docs/na%C3%AFve%20module.py" == sarif.artifact_uri(NAIVE)
    assert all(len(r["partialFingerprints"]["gatherscan/v1"]) == 32 for r in run["results"] if r["ruleId"] != "SEC001")


def test_agent_properties_are_kept_nested_in_the_result() -> None:
    result = run_of(sarif_log(), "dependency")["results"][0]
    assert result["properties"]["details"] == {"package": "requests", "fixedIn": ["2.20.0"]}


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (VIEWS, "src/app%20%C3%BC/views.py"),
        ("c:/weird.py", "c%3A/weird.py"),
        ("dir\\win.py", "dir/win.py"),
        ("100%.py", "100%25.py"),
        ("a#b?c.py", "a%23b%3Fc.py"),
    ],
)
def test_artifact_uris_are_relative_and_percent_encoded(path: str, uri: str) -> None:
    assert sarif.artifact_uri(path) == uri


def test_an_end_before_the_start_is_dropped_not_emitted() -> None:
    finding = make_finding("SEC1", "security", "a.py", 5, Severity.HIGH, "Odd span.", column=10, end_column=3)
    result = run_of(sarif_log(sample_report([finding])), "security")["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 5, "startColumn": 10}


def test_local_log_marks_suppressed_results_and_github_log_drops_them() -> None:
    local = run_of(sarif_log(), "security")
    suppressed = [r for r in local["results"] if "suppressions" in r]
    assert [r["message"]["text"] for r in suppressed] == ["Token literal (accepted risk)."]
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "inline"}]
    github = run_of(sarif_log(for_github=True), "security")
    assert "Token literal (accepted risk)." not in [r["message"]["text"] for r in github["results"]]
    assert len(github["results"]) == len(local["results"]) - 1


def test_inline_suppression_carries_its_reason_and_comment_line() -> None:
    finding = make_finding(
        "SEC002", "security", VIEWS, 8, Severity.HIGH, "Shell command.",
        properties={"suppressed": True, "suppression": {"line": 7, "reason": "fixed command table"}},
    )  # fmt: skip
    log = sarif_log(sample_report([finding]))
    [result] = run_of(log, "security")["results"]
    assert result["suppressions"] == [
        {
            "kind": "inSource",
            "justification": "fixed command table",
            "location": {
                "physicalLocation": {
                    "artifactLocation": {"uri": "src/app%20%C3%BC/views.py", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 7},
                }
            },
        }
    ]
    assert schema_errors(log) == [] and github_profile_problems(log) == []
    assert run_of(sarif_log(sample_report([finding]), for_github=True), "security")["results"] == []


def test_inline_suppression_without_a_reason_has_no_justification() -> None:
    finding = make_finding(
        "SEC002", "security", "a.py", 3, Severity.HIGH, "Shell command.",
        properties={"suppressed": True, "suppression": {"line": 3, "reason": ""}},
    )  # fmt: skip
    [result] = run_of(sarif_log(sample_report([finding])), "security")["results"]
    assert result["suppressions"][0]["kind"] == "inSource"
    assert "justification" not in result["suppressions"][0]


TAINT_PROPERTIES: dict[str, Any] = {
    "taint": "tainted",
    "source": {"line": 4, "column": 12, "description": "request.args['host'] enters here"},
    "flow": [
        {"line": 4, "column": 12, "description": "request.args['host'] enters here"},
        {"line": 5, "column": 5, "description": "command = 'ping ' + host"},
        {"line": 6, "column": 5, "description": "subprocess.run(command, shell=True) runs it"},
    ],
}


def _flow_finding(properties: dict[str, Any] | None = None) -> Any:
    return make_finding(
        "SEC002", "security", VIEWS, 6, Severity.HIGH, "Shell command built from request data.",
        column=5, end_line=6, end_column=40, properties=TAINT_PROPERTIES if properties is None else properties,
    )  # fmt: skip


def test_taint_flow_becomes_a_code_flow_and_the_source_a_related_location() -> None:
    log = sarif_log(sample_report([_flow_finding()]))
    [result] = run_of(log, "security")["results"]
    artifact = {"uri": "src/app%20%C3%BC/views.py", "uriBaseId": "%SRCROOT%"}
    assert result["codeFlows"] == [
        {
            "threadFlows": [
                {
                    "locations": [
                        {
                            "location": {
                                "physicalLocation": {
                                    "artifactLocation": artifact,
                                    "region": {"startLine": line, "startColumn": column},
                                },
                                "message": {"text": text},
                            }
                        }
                        for line, column, text in [
                            (4, 12, "request.args['host'] enters here"),
                            (5, 5, "command = 'ping ' + host"),
                            (6, 5, "subprocess.run(command, shell=True) runs it"),
                        ]
                    ]
                }
            ]
        }
    ]
    assert result["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {"artifactLocation": artifact, "region": {"startLine": 4, "startColumn": 12}},
            "message": {"text": "request.args['host'] enters here"},
        }
    ]
    assert schema_errors(log) == [] and github_profile_problems(log) == []


def test_flow_steps_that_are_not_locations_are_left_out() -> None:
    steps = [
        {"line": 0, "column": 1, "description": "line zero"},
        {"line": True, "description": "a boolean line"},
        "not a step",
        {"line": 3, "column": -2, "description": "  "},
        {"line": 6, "column": 5, "description": "sink"},
    ]
    log = sarif_log(sample_report([_flow_finding({"flow": steps, "source": {"line": "4"}})]))
    [result] = run_of(log, "security")["results"]
    locations = [step["location"] for step in result["codeFlows"][0]["threadFlows"][0]["locations"]]
    assert [loc["physicalLocation"]["region"] for loc in locations] == [
        {"startLine": 3},
        {"startLine": 6, "startColumn": 5},
    ]
    assert "message" not in locations[0] and locations[1]["message"] == {"text": "sink"}
    assert "relatedLocations" not in result
    assert schema_errors(log) == []
    [plain] = run_of(sarif_log(sample_report([_flow_finding({"flow": []})])), "security")["results"]
    assert "codeFlows" not in plain


def test_multitool_accepts_code_flows_and_inline_suppressions(tmp_path: Path) -> None:
    _require_multitool()
    suppressed = make_finding(
        "SEC002", "security", "app/run.py", 9, Severity.HIGH, "Shell command.",
        properties={"suppressed": True, "suppression": {"line": 8, "reason": "fixed command table"}},
    )  # fmt: skip
    for for_github in (False, True):
        path = tmp_path / f"flows-{for_github}.sarif"
        report = sample_report([_flow_finding(), suppressed])
        path.write_text(render(report, "sarif", options(for_github=for_github, start_time=START)), encoding="utf-8")
        assert multitool_problems(path) == []


# ---------------------------------------------------------------------------
# Invocations, failures and skipped files


def test_failed_agent_run_is_unsuccessful_with_an_error_notification() -> None:
    run = run_of(sarif_log(), "dependency")
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 1
    error = errors[0]
    assert error["descriptor"] == {"id": "timeout"}
    assert "shard 2/2" in error["message"]["text"] and "no answer within 30 s" in error["message"]["text"]
    assert error["exception"] == {"kind": "timeout", "message": "no answer within 30 s"}
    assert error["properties"]["raw"] == '{"issues": [{"ruleId": '
    # The ok shard's findings are still reported in the local log.
    assert [r["ruleId"] for r in run["results"]] == ["DEP001"]


def test_successful_runs_record_the_invocation() -> None:
    invocation = run_of(sarif_log(), "security")["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["commandLine"] == "gatherscan scan --format sarif ."
    assert invocation["startTimeUtc"] == "2025-10-09T08:53:20.000Z"
    assert invocation["endTimeUtc"] == "2025-10-09T08:53:24.500Z"
    assert invocation["properties"] == {"engines": ["llm", "static"]}
    assert not [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]


def test_an_end_time_before_the_start_is_clamped() -> None:
    invocation = sarif_log(end_time=START - 10)["runs"][0]["invocations"][0]
    assert invocation["endTimeUtc"] == invocation["startTimeUtc"]


def test_skipped_files_are_warning_notifications_in_every_run() -> None:
    for run in sarif_log()["runs"]:
        notifications = run["invocations"][0]["toolExecutionNotifications"]
        skips = [n for n in notifications if n["descriptor"]["id"] == "file-skipped"]
        assert [n["level"] for n in skips] == ["warning", "warning"]
        assert skips[1]["message"]["text"] == "Skipped src/broken ü.py: syntax error: line 3: invalid syntax"
        uri = skips[1]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uri == {"uri": "src/broken%20%C3%BC.py", "uriBaseId": "%SRCROOT%"}


def test_a_skip_naming_its_agent_goes_to_that_run_only() -> None:
    report = sample_report()
    report = report.model_copy(
        update={"result": {**report.result, "skipped": [{"path": "x.py", "reason": "binary", "agentId": "security"}]}}
    )
    log = sarif_log(report)
    for run in log["runs"]:
        notifications = run["invocations"][0].get("toolExecutionNotifications", [])
        skips = [n for n in notifications if n["descriptor"]["id"] == "file-skipped"]
        assert len(skips) == (1 if run["automationDetails"]["id"] == "gatherscan/security/" else 0)


def test_github_log_leaves_out_the_failed_agent_run() -> None:
    log = sarif_log(for_github=True)
    categories = [run["automationDetails"]["id"] for run in log["runs"]]
    assert categories == ["gatherscan/performance/", "gatherscan/security/"]
    assert all(run["invocations"][0]["executionSuccessful"] for run in log["runs"])


def test_agent_without_status_counts_as_failed_when_its_envelope_failed() -> None:
    report = Report(error_log=(ErrorEntry(agent_id="security", kind="invalid-envelope", message="not JSON"),))
    log = sarif_log(report)
    assert run_of(log, "security")["invocations"][0]["executionSuccessful"] is False
    assert sarif_log(report, for_github=True)["runs"] == []


def test_results_over_the_run_limit_keep_the_most_serious_and_say_so() -> None:
    findings = [make_finding("PERF001", "performance", f"m{n}.py", 1, Severity.LOW, "Slow loop.") for n in range(4)] + [
        make_finding("PERF002", "performance", "z.py", 9, Severity.HIGH, "Blocking call in async code.")
    ]
    log = sarif.build_log(sample_report(findings), options(), max_results_per_run=2)
    run = run_of(log, "performance")
    assert [r["ruleId"] for r in run["results"]] == ["PERF001", "PERF002"]
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "z.py"
    truncated = [
        n for n in run["invocations"][0]["toolExecutionNotifications"] if n["descriptor"]["id"] == "results-truncated"
    ]
    assert len(truncated) == 1 and truncated[0]["level"] == "warning"
    assert truncated[0]["message"]["text"].startswith("3 of 5 results were left out")
    assert schema_errors(log) == []


# ---------------------------------------------------------------------------
# Property: any finding the model accepts renders as valid SARIF

# Repo-relative paths as the workspace produces them: no "." or ".." segments, no separators inside a name.
_name_character = st.characters(exclude_categories=["Cs"], exclude_characters="/\\\0")
_segment = st.text(alphabet=_name_character, min_size=1, max_size=12)
_paths = (
    st.lists(
        _segment,
        min_size=1,
        max_size=3,
    )
    .filter(lambda segments: "." not in segments and ".." not in segments)
    .map("/".join)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=_paths,
    message=st.text(min_size=1, max_size=40).filter(str.strip),
    rule_id=st.from_regex(r"[A-Za-z][A-Za-z0-9_.-]{0,15}", fullmatch=True),
    severity=st.sampled_from(list(Severity)),
    confidence=st.sampled_from(list(Confidence)),
    line=st.integers(min_value=1, max_value=10**6),
    column=st.integers(min_value=1, max_value=500),
    end=st.none() | st.tuples(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=500)),
)
def test_any_valid_finding_renders_schema_valid_sarif(
    path: str,
    message: str,
    rule_id: str,
    severity: Severity,
    confidence: Confidence,
    line: int,
    column: int,
    end: tuple[int, int] | None,
) -> None:
    end_line, end_column = end if end is not None else (None, None)
    finding = make_finding(
        rule_id, "security", path, line, severity, message,
        column=column, end_line=end_line, end_column=end_column, confidence=confidence,
    )  # fmt: skip
    log = sarif.build_log(sample_report([finding]), options())
    assert schema_errors(log) == []
    assert github_profile_problems(log) == []
    region = run_of(log, "security")["results"][0]["locations"][0]["physicalLocation"]["region"]
    end_position = (region.get("endLine", region["startLine"]), region.get("endColumn", region["startColumn"] + 1))
    assert end_position > (region["startLine"], region["startColumn"])
