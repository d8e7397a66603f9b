"""End to end: the installed `gatherscan` command on real repositories in temp dirs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git

GATHERSCAN = str(Path(sys.executable).parent / "gatherscan")

VULNERABLE_APP = """\
import hashlib
import subprocess


def run(command):
    return subprocess.run(command, shell=True)


def digest(data):
    return hashlib.md5(data).hexdigest()


def render(rows):
    page = ""
    for row in rows:
        page += str(row)
    return page
"""

CLEAN_APP = """\
def add(a, b):
    return a + b
"""


FAULT_AGENTS_ENV = {"PYTHONPATH": str(Path(__file__).resolve().parents[1])}
"""Lets a scan load the misbehaving agents of tests/fault_agents.py by module reference."""


def gatherscan(
    *args: str, cwd: Path, stdin: str | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATHERSCAN_")}
    env.update(extra_env or {})
    return subprocess.run(
        [GATHERSCAN, *args], cwd=cwd, capture_output=True, text=True, input=stdin, env=env, timeout=120
    )


def make_project(root: Path, app: str = VULNERABLE_APP) -> Path:
    (root / "app").mkdir(parents=True, exist_ok=True)
    (root / "app" / "main.py").write_text(app)
    (root / "requirements.txt").write_text("# runtime\nrequests\ndjango>=3.2\n")
    return root


def scan_json(root: Path, *args: str, extra_env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    result = gatherscan("scan", ".", "--format", "json", *args, cwd=root, extra_env=extra_env)
    assert result.returncode in (0, 1, 3), result.stderr
    return result.returncode, json.loads(result.stdout)


def findings_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    result = report["result"]
    assert isinstance(result, dict)
    return list(result.get("issues", []))


def test_scan_finds_issues_from_all_three_agents_and_exits_1(git_repo: Path) -> None:
    make_project(git_repo)
    code, report = scan_json(git_repo)
    assert code == 1
    issues = findings_of(report)
    assert {i["agentId"] for i in issues} == {"security", "performance", "dependency"}
    paths = {i["location"]["path"] for i in issues}
    assert paths == {"app/main.py", "requirements.txt"}
    assert report["partialFailures"] == 0
    assert report["quorum"]["met"] is True
    assert {a["agentId"]: a["status"] for a in report["agents"]} == {
        "dependency": "ok", "performance": "ok", "security": "ok",
    }  # fmt: skip
    assert all(len(i["fingerprint"]) == 32 for i in issues)


def test_fail_on_threshold_decides_exit_code(git_repo: Path) -> None:
    make_project(git_repo, CLEAN_APP)
    (git_repo / "requirements.txt").write_text("requests==2.32.3\n")
    code, report = scan_json(git_repo)
    assert findings_of(report) == []
    assert code == 0
    make_project(git_repo, "def f(rows):\n    s = ''\n    for r in rows:\n        s += r\n    return s\n")
    code, report = scan_json(git_repo)
    severities = {i["severity"] for i in findings_of(report)}
    assert severities and severities <= {"low", "medium", "info"}
    assert code == 0
    code, _ = scan_json(git_repo, "--fail-on", "info")
    assert code == 1


def test_text_report_groups_by_file_and_summarises(git_repo: Path) -> None:
    make_project(git_repo)
    result = gatherscan("scan", ".", "--no-color", cwd=git_repo)
    assert result.returncode == 1
    out = result.stdout
    assert "\x1b[" not in out
    assert out.index("app/main.py") < out.index("requirements.txt")
    assert "subprocess.run(command, shell=True)" in out
    last = out.strip().splitlines()[-1]
    assert "finding" in last and "agents" in last


def test_output_file_and_formats(git_repo: Path) -> None:
    make_project(git_repo)
    for fmt, marker in [("sarif", '"version": "2.1.0"'), ("markdown", "|"), ("json", '"partialFailures"')]:
        target = git_repo / "out" / f"report.{fmt}"
        result = gatherscan("scan", ".", "--format", fmt, "-o", str(target), cwd=git_repo)
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        assert marker in target.read_text()
        assert "finding(s)" in result.stderr


def test_agents_option_limits_the_run(git_repo: Path) -> None:
    make_project(git_repo)
    _, report = scan_json(git_repo, "--agents", "dependency")
    assert {i["agentId"] for i in findings_of(report)} == {"dependency"}
    assert [a["agentId"] for a in report["agents"]] == ["dependency"]


def test_bad_files_are_skipped_with_reasons_and_the_scan_goes_on(git_repo: Path) -> None:
    make_project(git_repo)
    src = git_repo / "app"
    (src / "broken.py").write_text("def broken(:\n    pass\n")
    (src / "latin1.py").write_bytes("name = 'caf\xe9'\n".encode("latin-1"))
    (src / "nul.py").write_bytes(b"x = 1\0\n")
    (src / "deep.py").write_text("x = " + "a." * 100000 + "b\n")
    (src / "big.py").write_text("x = 1\n" * 60000)
    (git_repo / ".gatherscan.yaml").write_text("max-file-size: 300000\n")
    code, report = scan_json(git_repo)
    assert code == 1
    skipped = {s["path"]: s["reason"] for s in report["result"]["skipped"]}
    assert "syntax error" in skipped["app/broken.py"]
    assert "UTF-8" in skipped["app/latin1.py"]
    assert "NUL" in skipped["app/nul.py"]
    assert "nested" in skipped["app/deep.py"] or "RecursionError" in skipped["app/deep.py"]
    assert "too large" in skipped["app/big.py"]
    assert "app/main.py" not in skipped
    assert report["partialFailures"] == 0


def test_scanned_code_is_never_executed(git_repo: Path) -> None:
    witness = git_repo / "executed.txt"
    payload = f"open({str(witness)!r}, 'w').write('ran')\nimport os\nos.system('touch {witness}')\n"
    (git_repo / "evil.py").write_text(payload)
    (git_repo / "setup.py").write_text(payload)
    (git_repo / "conftest.py").write_text(payload)
    scan_json(git_repo)
    assert not witness.exists()


def test_malformed_config_exits_2_naming_file_key_and_reason(git_repo: Path) -> None:
    make_project(git_repo)
    (git_repo / "pyproject.toml").write_text("[tool.gatherscan]\nfail-on = 'sometimes'\n")
    result = gatherscan("scan", ".", cwd=git_repo)
    assert result.returncode == 2
    assert "pyproject.toml" in result.stderr
    assert "tool.gatherscan.fail-on" in result.stderr
    assert "sometimes" in result.stderr
    assert result.stdout == ""


def test_usage_errors_exit_2(git_repo: Path) -> None:
    assert gatherscan("scan", "--fail-on", "severe", cwd=git_repo).returncode == 2
    missing = gatherscan("scan", "does-not-exist", cwd=git_repo)
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    unknown = gatherscan("scan", "--agents", "security,nonsense", cwd=git_repo)
    assert unknown.returncode == 2
    assert "nonsense" in unknown.stderr


def test_failed_agent_is_reported_and_quorum_decides_exit_code(git_repo: Path) -> None:
    make_project(git_repo)
    (git_repo / ".gatherscan.yaml").write_text("agents: [security, performance, 'tests.fault_agents:RAISING']\n")
    code, report = scan_json(git_repo, extra_env=FAULT_AGENTS_ENV)
    assert report["partialFailures"] == 1
    [entry] = report["errorLog"]
    assert entry["agentId"] == "raising"
    assert "agent bug on purpose" in entry["message"]
    assert "about to fail on" in entry["raw"]
    assert {i["agentId"] for i in findings_of(report)} == {"security", "performance"}
    assert code == 1  # 2 of 3 agents succeeded: the default quorum of 0.5 is met
    code, _ = scan_json(git_repo, "--fail-on-partial", extra_env=FAULT_AGENTS_ENV)
    assert code == 3
    code, report = scan_json(git_repo, "--quorum", "0.9", extra_env=FAULT_AGENTS_ENV)
    assert report["quorum"]["met"] is False
    assert code == 3


@pytest.mark.parametrize("fault", ["SLEEPING", "KILLED", "EXITING"])
def test_agent_that_hangs_or_dies_becomes_a_partial_failure(git_repo: Path, fault: str) -> None:
    make_project(git_repo)
    code, report = scan_json(
        git_repo,
        "--agents", f"security,tests.fault_agents:{fault}", "--timeout", "2", "--fail-on-partial",
        extra_env=FAULT_AGENTS_ENV,
    )  # fmt: skip
    assert code == 3
    assert report["partialFailures"] == 1
    assert report["errorLog"][0]["kind"] in {"timeout", "worker-died"}
    assert {i["agentId"] for i in findings_of(report)} == {"security"}


def test_rules_command_lists_every_rule(git_repo: Path) -> None:
    result = gatherscan("rules", "--format", "json", cwd=git_repo)
    assert result.returncode == 0
    rules = json.loads(result.stdout)
    prefixes = {r["id"][:3] for r in rules}
    assert prefixes == {"SEC", "PRF", "DEP"}
    assert all(r["shortDescription"] and r["help"] and r["severity"] and r["confidence"] for r in rules)
    assert any(r["cwe"] for r in rules if r["id"].startswith("SEC"))
    assert len({r["id"] for r in rules}) == len(rules)
    text = gatherscan("rules", "--agent", "security", cwd=git_repo)
    assert text.returncode == 0
    assert all(line.startswith("SEC") for line in text.stdout.splitlines())
    assert gatherscan("rules", "--agent", "nope", cwd=git_repo).returncode == 2


def test_version(git_repo: Path) -> None:
    result = gatherscan("--version", cwd=git_repo)
    assert result.returncode == 0
    assert result.stdout.startswith("gatherscan ")


def test_reduce_merges_envelope_files_and_logs_bad_input(tmp_path: Path) -> None:
    finding = {
        "ruleId": "SEC001", "agentId": "security", "message": "m", "severity": "high", "confidence": "high",
        "location": {"path": "a.py", "line": 3},
    }  # fmt: skip
    (tmp_path / "one.json").write_text(
        json.dumps({"agentId": "security", "status": "ok", "ts": 1.0, "payload": {"issues": [finding], "riskScore": 8}})
    )
    (tmp_path / "many.json").write_text(
        json.dumps(
            [
                {"agentId": "perf", "status": "ok", "ts": 2.0, "payload": {"riskScore": 3, "filesScanned": 4}},
                {"agentId": "dep", "status": "error", "ts": 3.0, "error": {"kind": "timeout", "message": "slow"}},
                {"agentId": "bad", "status": "maybe", "ts": "soon"},
            ]
        )
    )
    (tmp_path / "broken.json").write_text("{not json")
    stdin = json.dumps({"agentId": "perf", "status": "ok", "ts": 5.0, "payload": {"filesScanned": 6}})
    inputs = ("one.json", "many.json", "broken.json", "-")
    result = gatherscan("reduce", *inputs, "--fail-on", "critical", cwd=tmp_path, stdin=stdin)
    report = json.loads(result.stdout)
    # Agents security and perf succeeded; dep, bad and the unreadable input (<unknown>) did not.
    assert report["quorum"] == {"required": 0.5, "okAgents": 2, "totalAgents": 5, "ratio": 0.4, "met": False}
    assert result.returncode == 3
    result = gatherscan("reduce", *inputs, "--fail-on", "critical", "--quorum", "0.4", cwd=tmp_path, stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert report["result"]["riskScore"] == 8
    assert report["result"]["filesScanned"] == 10
    assert len(report["result"]["issues"]) == 1
    assert report["partialFailures"] == 3
    kinds = sorted(e["kind"] for e in report["errorLog"])
    assert "timeout" in kinds and "invalid-envelope" in kinds
    assert any("broken.json" in e["message"] for e in report["errorLog"])
    rules = tmp_path / "rules.yaml"
    rules.write_text("riskScore: min\n")
    result = gatherscan("reduce", "one.json", "many.json", "--rules", str(rules), cwd=tmp_path)
    assert json.loads(result.stdout)["result"]["riskScore"] == 3
    rules.write_text("riskScore: smallest\n")
    bad_rules = gatherscan("reduce", "one.json", "--rules", str(rules), cwd=tmp_path)
    assert bad_rules.returncode == 2
    assert "rules.yaml" in bad_rules.stderr and "riskScore" in bad_rules.stderr


def test_static_scan_of_one_file_never_imports_anthropic_or_gitpython(git_repo: Path) -> None:
    make_project(git_repo)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "analyzer", "scan", "app/main.py", "--format", "json"],
        cwd=git_repo, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "json" in imported  # the probe works: it sees ordinary imports
    assert "anthropic" not in imported
    assert "git" not in imported


def test_same_tree_gives_byte_identical_reports(git_repo: Path) -> None:
    make_project(git_repo)
    for n in range(30):
        (git_repo / "app" / f"mod{n}.py").write_text(VULNERABLE_APP)
    first = gatherscan("scan", ".", "--format", "sarif", "-j", "2", cwd=git_repo).stdout
    second = gatherscan("scan", ".", "--format", "sarif", "-j", "1", cwd=git_repo).stdout

    def strip_times(text: str) -> str:
        log = json.loads(text)
        for run in log["runs"]:
            for invocation in run.get("invocations", []):
                for key in ("startTimeUtc", "endTimeUtc", "commandLine"):
                    invocation.pop(key, None)
        return json.dumps(log, sort_keys=True)

    assert strip_times(first) == strip_times(second)
    git(git_repo, "add", "-A")


def test_terminal_gets_colour_and_a_progress_line_on_slow_scans(git_repo: Path) -> None:
    import pty

    make_project(git_repo)
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATHERSCAN_")}
    env.update(FAULT_AGENTS_ENV)
    process = subprocess.Popen(
        [GATHERSCAN, "scan", ".", "--agents", "security,tests.fault_agents:SLEEPING", "--timeout", "2"],
        cwd=git_repo, stdout=terminal, stderr=terminal, env=env,
    )  # fmt: skip
    os.close(terminal)
    output = bytearray()
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 1
    text = output.decode("utf-8", "replace")
    assert "tasks done" in text
    assert "\x1b[" in text
    assert "sleeping" in text and "did not finish within 2 s" in text


def test_per_path_disable_and_include_from_configuration(git_repo: Path) -> None:
    make_project(git_repo)
    (git_repo / "tests").mkdir()
    (git_repo / "tests" / "test_app.py").write_text(VULNERABLE_APP)
    (git_repo / "pyproject.toml").write_text(
        "[tool.gatherscan]\ninclude = ['app/**', 'tests/**']\n"
        "[tool.gatherscan.per-path-disable]\n'tests/**' = ['performance', 'SEC005']\n"
    )
    _, report = scan_json(git_repo)
    in_tests = {i["ruleId"] for i in findings_of(report) if i["location"]["path"].startswith("tests/")}
    in_app = {i["ruleId"] for i in findings_of(report) if i["location"]["path"].startswith("app/")}
    assert "SEC005" in in_app and "SEC002" in in_app and any(r.startswith("PRF") for r in in_app)
    assert in_tests == {"SEC002"}
    # requirements.txt is outside the include globs, so the dependency agent had nothing to read.
    assert not any(i["agentId"] == "dependency" for i in findings_of(report))
