"""The command line; the only module that imports click. Commands stay thin: they parse, call
the core and map the outcome to an exit code in one error boundary."""

from __future__ import annotations

import functools
import json
import os
import shlex
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from analyzer import __version__
from analyzer.findings import Severity

F = TypeVar("F", bound=Callable[..., Any])

SEVERITIES = [s.value for s in Severity]
FORMAT_NAMES = ["text", "json", "sarif", "markdown"]


class UsageProblem(Exception):
    """A problem with what the user asked for (exit 2)."""


def error_boundary(command: F) -> F:
    """Map every failure to a clear message and exit code 2; findings and incompleteness map elsewhere."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from agents.base import AgentLoadError
        from analyzer.config import ConfigError
        from analyzer.rules import RulesError
        from analyzer.workspace import WorkspaceError

        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except ConfigError as exc:
            _fail(f"configuration error: {exc}")
        except RulesError as exc:
            _fail(f"merge rules error: {exc}")
        except (WorkspaceError, AgentLoadError, UsageProblem) as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo("gatherscan: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into exit code 2
            if os.environ.get("GATHERSCAN_DEBUG"):
                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {exc} (set GATHERSCAN_DEBUG=1 for the traceback)")

    return wrapper  # type: ignore[return-value]


def _fail(message: str) -> None:
    from analyzer.policy import EXIT_ERROR

    click.echo(f"gatherscan: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="gatherscan", message="%(prog)s %(version)s")
def main() -> None:
    """gatherscan: security, performance and dependency analysis in parallel, merged into one report."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--agents", "agents_text", metavar="LIST", help="Comma-separated agents to run (default: all).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="Exit 1 on findings at or above this severity [high].")
@click.option("--quorum", type=click.FloatRange(0.0, 1.0), help="Share of agents that must succeed [0.5].")
@click.option("--fail-on-partial/--no-fail-on-partial", default=None, help="Exit 3 when any agent failed.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Worker processes [number of cores].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per agent or shard [600].")
@click.option("--max-concurrency", type=click.IntRange(1, 256), help="Concurrent I/O-bound agent calls [4].")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--for-github", is_flag=True, help="SARIF for GitHub upload: omit failed agents' runs.")
@click.option("--color/--no-color", default=None, help="Colour the text report [when stdout is a terminal].")
@error_boundary
def scan(
    paths: tuple[Path, ...],
    agents_text: str | None,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    quorum: float | None,
    fail_on_partial: bool | None,
    jobs: int | None,
    timeout: float | None,
    max_concurrency: int | None,
    config_path: Path | None,
    for_github: bool,
    color: bool | None,
) -> None:
    """Scan PATHS (default: the current directory) and report the findings."""
    from analyzer.config import default_jobs, find_config_file, load_config
    from analyzer.policy import exit_code
    from analyzer.scan import scan as run_scan

    targets = list(paths) or [Path(".")]
    config = load_config(config_path or find_config_file(targets[0]))
    agents = tuple(a.strip() for a in agents_text.split(",") if a.strip()) if agents_text is not None else None
    config = config.with_overrides(
        agents=agents, fail_on=fail_on, quorum=quorum, fail_on_partial=fail_on_partial, jobs=jobs,
        timeout=timeout, max_concurrency=max_concurrency,
    )  # fmt: skip
    started = time.time()
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        result = run_scan(targets, config, jobs=config.jobs or default_jobs(), progress=progress)
    finally:
        if progress is not None:
            progress.clear()
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    _emit(
        result.report, fmt, output, root=result.workspace.root, color=use_color, for_github=for_github,
        started=started, command_line=shlex.join(["gatherscan", *sys.argv[1:]]),
    )  # fmt: skip
    if output is not None or fmt != "text":
        _summary_to_stderr(result.report)
    sys.exit(exit_code(result.report, fail_on=config.fail_on, fail_on_partial=config.fail_on_partial))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--quorum", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="high", show_default=True)
@click.option("--fail-on-partial/--no-fail-on-partial", default=False)
@error_boundary
def reduce(
    files: tuple[Path, ...],
    rules_path: Path | None,
    quorum: float,
    fmt: str,
    output: Path | None,
    fail_on: str,
    fail_on_partial: bool,
) -> None:
    """Merge envelopes from FILES (each one envelope or a JSON list; - reads stdin) into one report."""
    from analyzer.config import load_rules_file
    from analyzer.policy import exit_code
    from analyzer.reducer import reduce as reduce_envelopes
    from analyzer.reducer import unreadable_input
    from analyzer.rules import DEFAULT_RULES

    rules = DEFAULT_RULES if rules_path is None else load_rules_file(rules_path)
    items: list[object] = []
    for path in files:
        name = "<stdin>" if str(path) == "-" else str(path)
        try:
            text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            items.append(unreadable_input(name, f"cannot read envelopes from {name}: {exc}"))
            continue
        items.extend(data if isinstance(data, list) else [data])
    report = reduce_envelopes(items, rules, quorum=quorum)
    _emit(report, fmt, output, root=None, color=False, for_github=False, started=None, command_line=None)
    sys.exit(exit_code(report, fail_on=Severity(fail_on), fail_on_partial=fail_on_partial))


@main.command()
@click.option("--agent", "agent_id", help="Only this agent's rules.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@error_boundary
def rules(agent_id: str | None, fmt: str) -> None:
    """List every rule: id, severity, confidence, CWE and description."""
    from agents.base import BUILTIN_AGENTS, all_rules

    if agent_id is not None and agent_id not in BUILTIN_AGENTS:
        raise UsageProblem(f"unknown agent {agent_id!r}; known: {', '.join(sorted(BUILTIN_AGENTS))}")
    pairs = [(a, r) for a, r in all_rules() if agent_id is None or a == agent_id]
    if fmt == "json":
        click.echo(json.dumps([rule.to_json_dict(agent) for agent, rule in pairs], indent=2, sort_keys=True))
        return
    for agent, rule in pairs:
        cwe = ",".join(f"CWE-{n}" for n in rule.cwe) or "-"
        click.echo(
            f"{rule.id:<8} {agent:<11} {rule.severity.value:<8} {rule.confidence.value:<6} {cwe:<16} "
            f"{rule.name}: {rule.short_description}"
        )


def _emit(
    report: Any,
    fmt: str,
    output: Path | None,
    *,
    root: Path | None,
    color: bool,
    for_github: bool,
    started: float | None,
    command_line: str | None,
) -> None:
    from analyzer.report.render import RenderOptions, render

    options = RenderOptions(
        root=root, color=color, for_github=for_github, command_line=command_line,
        start_time=started, end_time=time.time() if started is not None else None,
    )  # fmt: skip
    rendered = render(report, fmt, options)
    if not rendered.endswith("\n"):
        rendered += "\n"
    if output is None:
        click.echo(rendered, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(rendered, encoding="utf-8")
    except OSError as exc:
        raise UsageProblem(f"cannot write the report to {output}: {exc.strerror or exc}") from exc


def _summary_to_stderr(report: Any) -> None:
    """When the report goes to a file or is machine-readable, still tell the person at the terminal."""
    findings = report.findings()
    failed = report.failed_agents()
    line = f"gatherscan: {len(findings)} finding(s)"
    if failed:
        line += f"; INCOMPLETE: {len(failed)} agent(s) failed ({', '.join(failed)})"
    click.echo(line, err=True)


class _Progress:
    """A one-line progress indicator on stderr, shown only once a scan has run for about a second."""

    DELAY = 1.0

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False
        self.frame = 0

    def __call__(self, finished: int, total: int) -> None:
        if time.monotonic() - self.started < self.DELAY:
            return
        self.frame += 1
        spinner = "|/-\\"[self.frame % 4]
        sys.stderr.write(f"\r{spinner} gatherscan: {finished}/{total} tasks done")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def run(argv: Sequence[str] | None = None) -> int:
    """Entry point for tests and embedding: runs the CLI and returns the exit code."""
    try:
        main.main(args=list(argv) if argv is not None else None, prog_name="gatherscan", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else 2
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        return 130
    return 0
