"""The steps of the gatherscan GitHub Action (action.yml), as plain functions a test can run.

action.yml runs `python steps.py install`, then `<venv python> steps.py scan`, then
`<venv python> steps.py conclude`. Every input arrives in an environment variable (INPUT_*),
never spliced into shell text. `install` uses only the standard library, so any Python 3.10+ on
the runner can run it; `scan` runs with the Python that has gatherscan installed and imports its
report renderers.

The scan runs once, writing the JSON report; the GitHub-bound SARIF, the Markdown job summary and
the log's report are all rendered from that one report, so they cannot disagree (a second scan
could meet a different OSV answer) and a large repository is not scanned three times.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.findings import Finding
    from analyzer.report.model import Report

MAX_ANNOTATIONS = 50
"""GitHub shows at most 10 error and 10 warning annotations per step and 50 per job; more is noise."""

MAX_SUMMARY_BYTES = 1_000_000
"""GitHub accepts at most 1 MiB of step summary."""

FORMATS = ("text", "json", "sarif", "markdown")
SEVERITIES = ("critical", "high", "medium", "low", "info")
RESERVED_ARGUMENTS = ("--format", "--output", "-o")
"""Set by the action itself (it needs the JSON report); `args` may not override them."""

_LEVEL_OF_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}
_EXIT_MEANING = {
    1: "findings at or above the fail-on severity",
    2: "a usage, configuration or internal error (see the log above)",
    3: "the scan is incomplete: too few agents succeeded (quorum), or an agent failed with --fail-on-partial",
}


class ActionInputError(Exception):
    """An input the action cannot use; reported as an error annotation, exit code 2."""


# --- GitHub workflow commands and files -------------------------------------------------------


def escape_data(value: str) -> str:
    """A workflow command's message, escaped as @actions/core does (%, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value: as escape_data, plus ':' and ','."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, properties: Mapping[str, object] | None = None) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in (properties or {}).items())
    return f"::{command}{' ' + props if props else ''}::{escape_data(message)}"


def set_output(env: Mapping[str, str], name: str, value: str) -> None:
    """Append name=value to $GITHUB_OUTPUT (a delimited block when the value has a line break)."""
    path = env.get("GITHUB_OUTPUT")
    if not path:
        print(f"{name}={value}")  # run outside Actions: show what would be set
        return
    with open(path, "a", encoding="utf-8") as handle:
        if "\n" in value or "\r" in value:
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
        else:
            handle.write(f"{name}={value}\n")


def append_summary(env: Mapping[str, str], markdown: str) -> None:
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    data = markdown.encode("utf-8")
    if len(data) > MAX_SUMMARY_BYTES:
        note = "\n\n_The summary was cut at GitHub's size limit; the SARIF file and the log have every finding._\n"
        data = data[: MAX_SUMMARY_BYTES - len(note)].decode("utf-8", errors="ignore").encode("utf-8")
        data = data[: data.rfind(b"\n") + 1] + note.encode("utf-8")
    with open(path, "ab") as handle:
        handle.write(data)


def print_verbatim(text: str) -> None:
    """Print text that may hold `::command::` lines (scanned code, messages) without the runner obeying them."""
    token = uuid.uuid4().hex
    print(f"::stop-commands::{token}")
    print(text, end="" if text.endswith("\n") else "\n")
    print(f"::{token}::", flush=True)


# --- install ------------------------------------------------------------------------------------


def venv_python(venv_dir: Path) -> Path:
    windows = venv_dir / "Scripts" / "python.exe"
    return windows if os.name == "nt" else venv_dir / "bin" / "python"


def install(env: Mapping[str, str]) -> int:
    """Create an isolated venv with gatherscan from the action's checkout; output `python`.

    GATHERSCAN_ACTION_PYTHON names a Python that already has gatherscan (a runner image that
    ships it, or the test suite's own venv): it is checked and used, nothing is installed.
    """
    reuse = env.get("GATHERSCAN_ACTION_PYTHON", "").strip()
    if reuse:
        check = subprocess.run([reuse, "-c", "import analyzer.cli"], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            print(workflow_command("error", f"GATHERSCAN_ACTION_PYTHON={reuse} cannot import gatherscan"))
            print(check.stderr, file=sys.stderr)
            return 2
        set_output(env, "python", reuse)
        return 0
    action_path = Path(env["GATHERSCAN_ACTION_PATH"])
    venv_dir = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir()) / "gatherscan-venv"
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv_dir)], check=True)
    python = venv_python(venv_dir)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet"]
    subprocess.run([*pip, str(action_path)], check=True)
    print(f"gatherscan installed into {venv_dir} in {time.monotonic() - started:.1f} s")
    set_output(env, "python", str(python))
    return 0


# --- scan ----------------------------------------------------------------------------------------


def scan_arguments(env: Mapping[str, str], report_file: Path) -> list[str]:
    """The `gatherscan` arguments for the inputs; raises ActionInputError for an unusable input."""
    arguments = ["scan"]
    agents = env.get("INPUT_AGENTS", "").strip()
    if agents:
        arguments += ["--agents", agents]
    fail_on = env.get("INPUT_FAIL_ON", "").strip().lower()
    if fail_on:
        if fail_on not in SEVERITIES:
            raise ActionInputError(f"fail-on must be one of {', '.join(SEVERITIES)} (got {fail_on!r})")
        arguments += ["--fail-on", fail_on]
    quorum = env.get("INPUT_QUORUM", "").strip()
    if quorum:
        arguments += ["--quorum", quorum]
    config = env.get("INPUT_CONFIG", "").strip()
    if config:
        arguments += ["--config", config]
    baseline = env.get("INPUT_BASELINE", "").strip()
    if baseline:
        arguments += ["--baseline", baseline]
    try:
        extra = shlex.split(env.get("INPUT_ARGS", ""))
    except ValueError as exc:
        raise ActionInputError(f"args cannot be split like a shell command line: {exc}") from None
    for argument in extra:
        if argument == "--" or argument.split("=", 1)[0] in RESERVED_ARGUMENTS or argument.startswith("-o"):
            raise ActionInputError(f"args may not contain {argument!r}: the action sets the report files itself")
    arguments += extra
    arguments += ["--format", "json", "--output", str(report_file)]
    path = env.get("INPUT_PATH", "").strip() or "."
    arguments += ["--", path]
    return arguments


def counts(finding: Finding) -> bool:
    """Whether a finding counts: not suppressed, and not already known to a baseline."""
    return not finding.properties.get("suppressed") and finding.properties.get("baselineState") != "unchanged"


def annotation_commands(
    findings: Iterable[Finding], *, path_prefix: str = "", limit: int = MAX_ANNOTATIONS
) -> list[str]:
    """`::error` / `::warning` / `::notice` lines for the most serious findings, at most `limit` (+1 saying so)."""
    ranked = sorted((f for f in findings if counts(f)), key=lambda f: (-f.severity.rank, f.sort_key()))
    lines = []
    for finding in ranked[:limit]:
        location = finding.location
        properties: dict[str, object] = {"file": path_prefix + location.path, "line": location.line}
        properties["col"] = location.column
        if location.end_line is not None:
            properties["endLine"] = location.end_line
            if location.end_column is not None and location.end_line == location.line:
                properties["endColumn"] = location.end_column
        properties["title"] = f"gatherscan {finding.rule_id} ({finding.severity.value})"
        message = finding.message + (f"\n{finding.remediation}" if finding.remediation else "")
        lines.append(workflow_command(_LEVEL_OF_SEVERITY[finding.severity.value], message, properties))
    if len(ranked) > limit:
        rest = len(ranked) - limit
        message = f"{rest} more finding(s) not annotated; the job summary and the SARIF file list all {len(ranked)}"
        lines.append(workflow_command("notice", message, {"title": "gatherscan"}))
    return lines


def scan(env: Mapping[str, str]) -> int:
    """Run the scan once and publish it: log report, annotations, job summary, SARIF, outputs."""
    out_dir = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir()) / "gatherscan"
    out_dir.mkdir(parents=True, exist_ok=True)
    report_file, sarif_file = out_dir / "gatherscan.json", out_dir / "gatherscan.sarif"
    for stale in (report_file, sarif_file):
        stale.unlink(missing_ok=True)
    fmt = env.get("INPUT_FORMAT", "").strip() or "text"
    try:
        if fmt not in FORMATS:
            raise ActionInputError(f"format must be one of {', '.join(FORMATS)} (got {fmt!r})")
        arguments = scan_arguments(env, report_file)
    except ActionInputError as exc:
        print(workflow_command("error", str(exc), {"title": "gatherscan: bad input"}))
        _set_outputs(env, exit_code=2)
        return 0
    command_line = shlex.join(["gatherscan", *arguments])
    print(f"+ {command_line}", flush=True)
    started = time.time()
    completed = subprocess.run([sys.executable, "-m", "analyzer", *arguments], check=False)
    ended = time.time()
    if not report_file.is_file():
        print(workflow_command("error", f"gatherscan exited {completed.returncode} without a report: {_meaning(2)}"))
        _set_outputs(env, exit_code=completed.returncode or 2)
        return 0
    report = _load_report(report_file)
    root = _scan_root(env.get("INPUT_PATH", "").strip() or ".")
    _publish(env, report, fmt, root, sarif_file, command_line=command_line, started=started, ended=ended)
    findings = [f for f in report.findings() if counts(f)]
    _set_outputs(
        env,
        exit_code=completed.returncode,
        findings=len(findings),
        partial_failures=report.partial_failures,
        sarif_file=sarif_file,
        report_file=report_file,
    )
    return 0


def _publish(
    env: Mapping[str, str],
    report: Report,
    fmt: str,
    root: Path,
    sarif_file: Path,
    *,
    command_line: str,
    started: float,
    ended: float,
) -> None:
    from analyzer.report.render import RenderOptions, render

    options = RenderOptions(root=root, command_line=command_line, start_time=started, end_time=ended)
    sarif = render(report, "sarif", replace(options, for_github=True))
    sarif_file.write_text(sarif, encoding="utf-8")
    print_verbatim(render(report, fmt, options))
    for line in annotation_commands(report.findings(), path_prefix=_workspace_prefix(env, root)):
        print(line)
    append_summary(env, render(report, "markdown", options))
    sys.stdout.flush()


def _load_report(path: Path) -> Report:
    from analyzer.report.model import Report

    return Report.model_validate(json.loads(path.read_text(encoding="utf-8")))


def _scan_root(path: str) -> Path:
    """The folder the report's paths are relative to, found as the CLI finds it."""
    from analyzer.workspace import choose_root, governing_repo

    target = [Path(path)]
    return choose_root(target, governing_repo(target)).resolve()


def _workspace_prefix(env: Mapping[str, str], root: Path) -> str:
    """Annotations name files relative to $GITHUB_WORKSPACE; the report's paths are relative to `root`."""
    workspace = Path(env.get("GITHUB_WORKSPACE") or ".").resolve()
    try:
        relative = root.relative_to(workspace).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def _set_outputs(
    env: Mapping[str, str],
    *,
    exit_code: int,
    findings: int | None = None,
    partial_failures: int | None = None,
    sarif_file: Path | None = None,
    report_file: Path | None = None,
) -> None:
    set_output(env, "exit-code", str(exit_code))
    set_output(env, "findings", "" if findings is None else str(findings))
    set_output(env, "partial-failures", "" if partial_failures is None else str(partial_failures))
    set_output(env, "sarif-file", "" if sarif_file is None else str(sarif_file))
    set_output(env, "report-file", "" if report_file is None else str(report_file))


def _meaning(code: int) -> str:
    return _EXIT_MEANING.get(code, f"exit code {code}")


# --- conclude ------------------------------------------------------------------------------------


def conclude(env: Mapping[str, str]) -> int:
    """Fail the job by policy: the scan's exit code, explained."""
    text = env.get("GATHERSCAN_EXIT_CODE", "").strip()
    code = int(text) if text.isdigit() else 2
    if code != 0:
        print(workflow_command("error", f"gatherscan: exit {code}: {_meaning(code)}", {"title": "gatherscan"}))
    return code


STEPS = {"install": install, "scan": scan, "conclude": conclude}


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1 or argv[0] not in STEPS:
        print(f"usage: steps.py {{{'|'.join(STEPS)}}}", file=sys.stderr)
        return 2
    return STEPS[argv[0]](os.environ)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
