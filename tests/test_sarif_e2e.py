"""SARIF of real scans: valid against the official schema and clean under SARIF Multitool (Sarif;Ghas)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.sarif_validation import multitool_binary, multitool_problems, multitool_required, schema_errors
from tests.test_cli import FAULT_AGENTS_ENV, gatherscan, make_project


def _validated(log_path: Path) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(log_path.read_text())
    assert schema_errors(log) == []
    if multitool_binary() is None:
        if multitool_required():
            pytest.fail("SARIF Multitool is required (GATHERSCAN_REQUIRE_MULTITOOL=1) but not installed")
    else:
        assert multitool_problems(log_path) == []
    return log


def test_sarif_of_a_scan_with_findings_from_all_three_agents(git_repo: Path) -> None:
    make_project(git_repo)
    (git_repo / "app" / "settings.py").write_text('PASSWORD = "hunter2-but-longer"\nAPI_URL = "http://x"\n')
    target = git_repo / "gatherscan.sarif"
    result = gatherscan("scan", ".", "--format", "sarif", "-o", str(target), cwd=git_repo)
    assert result.returncode == 1, result.stderr
    log = _validated(target)
    runs = {run["automationDetails"]["id"]: run for run in log["runs"]}
    assert sorted(runs) == ["gatherscan/dependency/", "gatherscan/performance/", "gatherscan/security/"]
    for run in runs.values():
        assert run["results"], run["automationDetails"]["id"]
        assert run["invocations"][0]["executionSuccessful"] is True
        rules = run["tool"]["driver"]["rules"]
        for sarif_result in run["results"]:
            assert rules[sarif_result["ruleIndex"]]["id"] == sarif_result["ruleId"]
            assert "gatherscan/v1" in sarif_result["partialFingerprints"]
            assert "primaryLocationLineHash" not in sarif_result["partialFingerprints"]
    assert "hunter2-but-longer" not in target.read_text()


def test_sarif_of_a_scan_where_an_agent_failed(git_repo: Path) -> None:
    make_project(git_repo)
    target = git_repo / "partial.sarif"
    result = gatherscan(
        "scan", ".", "--agents", "security,dependency,tests.fault_agents:RAISING", "--format", "sarif",
        "-o", str(target), cwd=git_repo, extra_env=FAULT_AGENTS_ENV,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    log = _validated(target)
    failed = [run for run in log["runs"] if run["automationDetails"]["id"] == "gatherscan/raising/"]
    assert len(failed) == 1
    invocation = failed[0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert any(n["level"] == "error" and "agent bug on purpose" in n["message"]["text"] for n in notes)
    assert failed[0]["results"] == []

    github = git_repo / "github.sarif"
    gatherscan(
        "scan", ".", "--agents", "security,dependency,tests.fault_agents:RAISING", "--format", "sarif",
        "--for-github", "-o", str(github), cwd=git_repo, extra_env=FAULT_AGENTS_ENV,
    )  # fmt: skip
    github_log = _validated(github)
    assert sorted(run["automationDetails"]["id"] for run in github_log["runs"]) == [
        "gatherscan/dependency/", "gatherscan/security/",
    ]  # fmt: skip
