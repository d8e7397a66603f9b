"""The GitHub Action (action.yml, action/steps.py), run the way a runner runs a composite action.

`run_action` reads action.yml and runs its `run:` steps in order with bash, in a simulated runner:
GITHUB_OUTPUT (a fresh file per step, read back as the step's outputs), GITHUB_STEP_SUMMARY,
GITHUB_ENV, GITHUB_WORKSPACE, GITHUB_ACTION_PATH and RUNNER_TEMP in a temp dir; each step's `env:`
expressions (`${{ inputs.x }}`, `${{ github.action_path }}`, `${{ steps.id.outputs.name }}`) are
evaluated here; `uses:` steps (the SARIF upload) are recorded, not run. A failing step stops the
job, as on GitHub.

Speed: most tests set GATHERSCAN_ACTION_PYTHON to this suite's own Python, which already has
gatherscan, so the install step checks it instead of creating a venv. One test
(`test_install_step_creates_a_venv_from_the_action_checkout`) runs the real install path: a new
venv and `pip install` of a clone of this repository's HEAD.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from action.steps import (
    MAX_ANNOTATIONS,
    annotation_commands,
    escape_data,
    escape_property,
    scan_arguments,
    workflow_command,
)
from analyzer.dataformats import parse_yaml
from analyzer.findings import Finding
from tests.conftest import REPO_ROOT, git
from tests.sarif_validation import github_profile_problems, schema_errors

ACTION_YML = REPO_ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

APP = """\
import hashlib
import subprocess


def run(command):
    return subprocess.run(command, shell=True)


def announce(name):
    return subprocess.run("echo ::warning::" + name, shell=True)


def digest(data):
    return hashlib.md5(data).hexdigest()


def render(rows):
    page = ""
    for row in rows:
        page += str(row)
    return page
"""


def load_action() -> dict[str, Any]:
    action = parse_yaml(ACTION_YML.read_text(encoding="utf-8"))
    assert isinstance(action, dict)
    return action


@dataclass
class ActionRun:
    exit_code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str
    step_outputs: dict[str, dict[str, str]]
    skipped_uses: list[dict[str, Any]] = field(default_factory=list)
    steps_run: list[str] = field(default_factory=list)

    def commands(self) -> list[str]:
        """Workflow-command lines the runner would obey (outside ::stop-commands:: blocks)."""
        obeyed: list[str] = []
        stop_token: str | None = None
        for line in self.stdout.splitlines():
            if stop_token is not None:
                if line == f"::{stop_token}::":
                    stop_token = None
                continue
            if line.startswith("::stop-commands::"):
                stop_token = line.removeprefix("::stop-commands::")
            elif line.startswith("::"):
                obeyed.append(line)
        return obeyed


def parse_output_file(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT / GITHUB_ENV syntax: name=value lines and name<<DELIMITER blocks."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def evaluate(text: str, context: dict[str, Any]) -> str:
    """`${{ inputs.x }}`, `${{ github.action_path }}`, `${{ steps.id.outputs.name }}`; anything else fails."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        parts = expression.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return str(context["inputs"][parts[1]])
        if parts[0] == "github" and len(parts) == 2:
            return str(context["github"][parts[1]])
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return str(context["steps"].get(parts[1], {}).get(parts[3], ""))
        raise AssertionError(f"the simulated runner does not evaluate ${{{{ {expression} }}}}")

    return EXPRESSION.sub(value, text)


def run_action(
    workspace: Path,
    tmp: Path,
    inputs: dict[str, str] | None = None,
    *,
    reuse_python: bool = True,
    action_path: Path = REPO_ROOT,
    extra_env: dict[str, str] | None = None,
) -> ActionRun:
    action = load_action()
    declared = action["inputs"]
    given = inputs or {}
    unknown = set(given) - set(declared)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    context: dict[str, Any] = {
        "inputs": {name: given.get(name, spec.get("default", "")) for name, spec in declared.items()},
        "github": {"action_path": str(action_path), "workspace": str(workspace)},
        "steps": {},
    }
    runner = tmp / "runner"
    (runner / "temp").mkdir(parents=True)
    summary_file, env_file = runner / "step_summary.md", runner / "env"
    summary_file.touch()
    env_file.touch()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_"))}
    base_env.pop("GATHERSCAN_ACTION_PYTHON", None)
    base_env.update(
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_ACTION_PATH=str(action_path),
        GITHUB_STEP_SUMMARY=str(summary_file),
        GITHUB_ENV=str(env_file),
        RUNNER_TEMP=str(runner / "temp"),
    )
    if reuse_python:
        base_env["GATHERSCAN_ACTION_PYTHON"] = sys.executable
    base_env.update(extra_env or {})
    result = ActionRun(exit_code=0, stdout="", stderr="", outputs={}, summary="", step_outputs=context["steps"])
    for number, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:
            with_values = {key: evaluate(str(value), context) for key, value in (step.get("with") or {}).items()}
            result.skipped_uses.append({"uses": step["uses"], "if": step.get("if"), "with": with_values})
            continue
        assert step.get("shell") == "bash", step
        output_file = runner / f"output_{number}"
        output_file.touch()
        env = {**base_env, **parse_output_file(env_file.read_text(encoding="utf-8"))}
        env.update({key: evaluate(str(value), context) for key, value in (step.get("env") or {}).items()})
        env["GITHUB_OUTPUT"] = str(output_file)
        script = runner / f"step_{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        result.steps_run.append(step.get("name", step.get("id", str(number))))
        result.stdout += completed.stdout
        result.stderr += completed.stderr
        if "id" in step:
            context["steps"][step["id"]] = parse_output_file(output_file.read_text(encoding="utf-8"))
        if completed.returncode != 0:
            result.exit_code = completed.returncode
            break
    result.outputs = {name: evaluate(str(spec["value"]), context) for name, spec in action["outputs"].items()}
    result.summary = summary_file.read_text(encoding="utf-8")
    return result


@pytest.fixture
def fixture_repo(git_repo: Path) -> Path:
    (git_repo / "app").mkdir()
    (git_repo / "app" / "main.py").write_text(APP)
    (git_repo / "requirements.txt").write_text("requests\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "fixture")
    return git_repo


# --- action.yml itself ------------------------------------------------------------------------


def test_inputs_reach_scripts_only_through_env() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {
        "path", "agents", "fail-on", "quorum", "format", "baseline", "config", "args", "upload-sarif",
    }  # fmt: skip
    assert action["inputs"]["upload-sarif"]["default"] == "true"
    assert {"sarif-file", "findings", "partial-failures", "exit-code"} <= set(action["outputs"])
    run_steps = [step for step in action["runs"]["steps"] if "run" in step]
    assert len(run_steps) == 3
    for step in run_steps:
        assert "${{" not in step["run"], step["name"]
        assert "INPUT_" not in step["run"], "inputs are read by action/steps.py, not by the shell"
    # The raw text as well: no expression sneaks into a run: block through YAML folding.
    for block in re.findall(r"run: \|\n((?:        .*\n|\n)+)", ACTION_YML.read_text(encoding="utf-8")):
        assert "${{" not in block
    upload = [step for step in action["runs"]["steps"] if "uses" in step]
    assert [step["uses"].split("@")[0] for step in upload] == ["github/codeql-action/upload-sarif"]
    assert "inputs.upload-sarif == 'true'" in upload[0]["if"]


# --- the steps, run in a simulated runner -----------------------------------------------------


def test_scan_with_findings_publishes_everything_and_fails_the_job(fixture_repo: Path, tmp_path: Path) -> None:
    run = run_action(
        fixture_repo,
        tmp_path,
        {"agents": "security,performance,dependency,tests.fault_agents:RAISING"},
        extra_env={"PYTHONPATH": str(REPO_ROOT)},
    )
    assert run.exit_code == 1, run.stdout + run.stderr
    assert run.steps_run == ["Install gatherscan into an isolated venv", "Scan", "Fail by policy"]
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["partial-failures"] == "1"  # the RAISING agent

    report = json.loads(Path(run.outputs["report-file"]).read_text())
    counted = [i for i in report["result"]["issues"] if not i.get("properties", {}).get("suppressed")]
    assert int(run.outputs["findings"]) == len(counted) >= 4
    assert {i["agentId"] for i in counted} == {"security", "performance", "dependency"}

    # SARIF for GitHub: valid, the failed agent's run left out, the rest present.
    sarif_path = Path(run.outputs["sarif-file"])
    assert sarif_path.parent == tmp_path / "runner" / "temp" / "gatherscan"
    log = json.loads(sarif_path.read_text())
    assert schema_errors(log) == []
    assert github_profile_problems(log) == []
    assert sorted(r["automationDetails"]["id"] for r in log["runs"]) == [
        "gatherscan/dependency/", "gatherscan/performance/", "gatherscan/security/",
    ]  # fmt: skip
    assert sum(len(r["results"]) for r in log["runs"]) == len(counted)
    assert run.skipped_uses == [
        {
            "uses": "github/codeql-action/upload-sarif@v4",
            "if": "inputs.upload-sarif == 'true' && steps.scan.outputs.sarif-file != ''",
            "with": {"sarif_file": str(sarif_path)},
        }
    ]

    # Job summary: the Markdown report, incomplete scan called out.
    assert "SEC002" in run.summary and "app/main.py" in run.summary
    assert "raising" in run.summary

    # Annotations: one per counted finding, the most serious first, escaped.
    commands = run.commands()
    errors = [c for c in commands if c.startswith("::error file=")]
    assert errors and all(",line=" in c for c in errors)
    assert errors[0].startswith("::error file=app/main.py,line=6,col=12,")
    assert "title=gatherscan SEC002 (high)::" in errors[0]
    assert any(c.startswith("::warning file=requirements.txt,line=1,") for c in commands)
    annotated = [c for c in commands if " file=" in c]
    assert len(annotated) == len(counted)
    assert all("\n" not in c for c in annotated)
    assert any("%0A" in c for c in annotated)  # message and remediation on two lines, escaped
    assert commands[-1] == "::error title=gatherscan::gatherscan: exit 1: findings at or above the fail-on severity"
    # The scanned code's own `::warning::` (quoted in the log's text report) is not obeyed.
    assert "echo ::warning::" in run.stdout
    assert not any(c.startswith("::warning::") for c in commands)


def test_fail_on_is_respected(fixture_repo: Path, tmp_path: Path) -> None:
    run = run_action(fixture_repo, tmp_path, {"fail-on": "critical", "format": "json", "upload-sarif": "false"})
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.outputs["exit-code"] == "0"
    assert int(run.outputs["findings"]) >= 4  # reported and annotated, but below the bar
    assert run.outputs["partial-failures"] == "0"
    assert '"partialFailures": 0' in run.stdout  # the log's report in the chosen format
    assert not any(c.startswith("::error title=gatherscan") for c in run.commands())


def test_path_and_config_inputs(fixture_repo: Path, tmp_path: Path) -> None:
    (fixture_repo / "gs.yaml").write_text("exclude: ['app/**']\n")
    run = run_action(fixture_repo, tmp_path, {"path": "app", "config": "gs.yaml", "agents": "security"})
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.outputs["findings"] == "0"
    run = run_action(fixture_repo, tmp_path / "second", {"path": "app", "agents": "security"})
    assert run.exit_code == 1
    report = json.loads(Path(run.outputs["report-file"]).read_text())
    assert {i["agentId"] for i in report["result"]["issues"]} == {"security"}


def test_args_are_split_never_run_by_a_shell(fixture_repo: Path, tmp_path: Path) -> None:
    hostile = "--jobs 1 '$(touch pwned-1)' ; touch pwned-2 `touch pwned-3`"
    run = run_action(fixture_repo, tmp_path, {"args": hostile, "path": "$(touch pwned-4)"})
    assert not list(fixture_repo.glob("pwned-*")) and not list(tmp_path.rglob("pwned-*"))
    assert run.exit_code == 2
    assert run.outputs["exit-code"] == "2"
    assert "path does not exist: $(touch pwned-1)" in run.stderr
    assert run.outputs["sarif-file"] == ""
    assert run.skipped_uses[0]["with"] == {"sarif_file": ""}  # the upload's `if:` is false

    run = run_action(fixture_repo, tmp_path / "quoted", {"args": "--jobs 1 --agents 'security'", "path": "app"})
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "+ gatherscan scan --jobs 1 --agents security --format json" in run.stdout


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"fail-on": "severe"}, "fail-on must be one of critical, high, medium, low, info (got 'severe')"),
        ({"format": "html"}, "format must be one of text, json, sarif, markdown (got 'html')"),
        ({"args": "--format sarif"}, "args may not contain '--format'"),
        ({"args": "-o x.json"}, "args may not contain '-o'"),
        ({"args": "'unclosed"}, "args cannot be split like a shell command line: No closing quotation"),
    ],
)
def test_bad_inputs_fail_with_the_reason(
    fixture_repo: Path, tmp_path: Path, inputs: dict[str, str], message: str
) -> None:
    run = run_action(fixture_repo, tmp_path, inputs)
    assert run.exit_code == 2
    assert run.outputs["exit-code"] == "2"
    assert any(c.startswith("::error title=gatherscan%3A bad input::") and message in c for c in run.commands())


def test_baseline_input(fixture_repo: Path, tmp_path: Path) -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "analyzer", "scan", "--help"], capture_output=True, text=True, check=True
    ).stdout
    if "--baseline" not in help_text:
        pytest.skip("gatherscan scan has no --baseline option yet")
    baseline = fixture_repo / "gatherscan-baseline.json"
    written = subprocess.run(
        [sys.executable, "-m", "analyzer", "baseline", "write", str(baseline)],
        cwd=fixture_repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert written.returncode in (0, 1), written.stderr
    run = run_action(fixture_repo, tmp_path, {"baseline": str(baseline.name)})
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.outputs["findings"] == "0"


def test_install_step_creates_a_venv_from_the_action_checkout(tmp_path: Path, fixture_repo: Path) -> None:
    """The real install path: a new venv and pip install of a clone of HEAD (the registry is reachable)."""
    checkout = tmp_path / "action-checkout"
    git(tmp_path, "clone", "-q", str(REPO_ROOT), str(checkout))
    started = time.monotonic()
    run = run_action(fixture_repo, tmp_path, {"agents": "security"}, reuse_python=False, action_path=checkout)
    took = time.monotonic() - started
    assert run.exit_code == 1, run.stdout + run.stderr
    python = run.step_outputs["install"]["python"]
    assert python == str(tmp_path / "runner" / "temp" / "gatherscan-venv" / "bin" / "python")
    assert "gatherscan installed into" in run.stdout
    assert run.outputs["exit-code"] == "1"
    assert took < 120, f"install and scan took {took:.0f} s"


# --- the step logic as functions -------------------------------------------------------------


def test_workflow_command_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert (
        workflow_command("error", "x: y, z\n", {"file": "a,b.py", "line": 3, "title": "R1: t"})
        == "::error file=a%2Cb.py,line=3,title=R1%3A t::x: y, z%0A"
    )


def _finding(number: int, severity: str, **properties: object) -> Finding:
    return Finding.model_validate(
        {
            "ruleId": "SEC002", "agentId": "security", "message": f"finding {number}", "severity": severity,
            "confidence": "high", "location": {"path": f"m{number:03}.py", "line": number + 1},
            "properties": properties,
        }
    )  # fmt: skip


def test_annotations_are_bounded_most_serious_first() -> None:
    findings = [_finding(n, "low" if n % 2 else "critical") for n in range(80)]
    findings += [_finding(90, "critical", suppressed=True), _finding(91, "critical", baselineState="unchanged")]
    lines = annotation_commands(findings, path_prefix="sub/")
    assert len(lines) == MAX_ANNOTATIONS + 1
    assert all(line.startswith("::error file=sub/m") for line in lines[:40])
    assert lines[40].startswith("::notice file=sub/m")
    assert lines[-1] == (
        "::notice title=gatherscan::30 more finding(s) not annotated; the job summary and the SARIF file list all 80"
    )
    assert not any("m090.py" in line or "m091.py" in line for line in lines)


def test_scan_arguments_put_the_path_after_a_double_dash(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    env = {"INPUT_PATH": "-weird", "INPUT_QUORUM": "0.75", "INPUT_ARGS": "--offline"}
    assert scan_arguments(env, report) == [
        "scan", "--quorum", "0.75", "--offline", "--format", "json", "--output", str(report), "--", "-weird",
    ]  # fmt: skip
