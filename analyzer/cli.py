"""The command line; the only module that imports click. Commands stay thin: they parse, call
the core and map the outcome to an exit code in one error boundary."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shlex
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from analyzer import __version__
from analyzer.findings import Severity

if TYPE_CHECKING:
    from agents.dependency.vulndb import SourceSettings

F = TypeVar("F", bound=Callable[..., Any])

SEVERITIES = [s.value for s in Severity]
FORMAT_NAMES = ["text", "json", "sarif", "markdown"]


_CACHE_DIR_HELP = "Cache folder [$GATHERSCAN_CACHE_DIR, else $XDG_CACHE_HOME/gatherscan, else ~/.cache/gatherscan]."


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
@click.option("--offline", is_flag=True, help="Vulnerability data from the local store only (gatherscan db update).")
@click.option("--staged", is_flag=True, help="Scan the staged (index) content of the staged files.")
@click.option("--diff", "diff_base", metavar="BASE", help="Only findings on lines changed since merge-base(BASE,HEAD).")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Count and list only findings not in this baseline (gatherscan baseline write).")  # fmt: skip
@click.option("--no-cache", is_flag=True, help="Analyse every file again; neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), help=_CACHE_DIR_HELP)
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
    offline: bool,
    staged: bool,
    diff_base: str | None,
    baseline_path: Path | None,
    no_cache: bool,
    cache_dir: Path | None,
) -> None:
    """Scan PATHS (default: the current directory) and report the findings."""
    from analyzer.config import default_jobs, find_config_file, load_config
    from analyzer.policy import exit_code
    from analyzer.scan import scan as run_scan

    if staged and diff_base is not None:
        raise UsageProblem("--staged and --diff cannot be used together: choose the index or the changes since BASE")
    baseline = _read_baseline(baseline_path) if baseline_path is not None else None
    targets = list(paths) or [Path(".")]
    config = load_config(config_path or find_config_file(targets[0]))
    agents = tuple(a.strip() for a in agents_text.split(",") if a.strip()) if agents_text is not None else None
    config = config.with_overrides(
        agents=agents, fail_on=fail_on, quorum=quorum, fail_on_partial=fail_on_partial, jobs=jobs,
        timeout=timeout, max_concurrency=max_concurrency,
    )  # fmt: skip
    if offline:
        config = config.with_overrides(agent_options=_with_agent_option(config.agent_options, "dependency", "offline"))
    started = time.time()
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        result = run_scan(
            targets, config, jobs=config.jobs or default_jobs(), progress=progress, staged=staged, diff_base=diff_base,
            cache_dir=_cache_dir(config, cache_dir, no_cache=no_cache),
        )  # fmt: skip
    finally:
        if progress is not None:
            progress.clear()
    if baseline is not None:
        from analyzer.baseline import apply_baseline

        result = dataclasses.replace(result, report=apply_baseline(result.report, baseline))
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


def _with_agent_option(options: dict[str, dict[str, Any]], agent_id: str, key: str) -> dict[str, dict[str, Any]]:
    """A copy of the per-agent options with `key` set to true for `agent_id` (a flag beats the file)."""
    return {**options, agent_id: {**options.get(agent_id, {}), key: True}}


_CACHE_DIR_OPTION = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help=_CACHE_DIR_HELP,
)


def _read_baseline(path: Path) -> Any:
    from analyzer.baseline import BaselineError, read_baseline

    try:
        return read_baseline(path)
    except BaselineError as exc:
        raise UsageProblem(str(exc)) from exc


def _cache_dir(config: Any, option: Path | None, *, no_cache: bool) -> Path | None:
    """The incremental cache's folder for a scan, or None for --no-cache."""
    from analyzer.scan import resolve_cache_dir

    return None if no_cache else resolve_cache_dir(config, option)


@main.group()
def baseline() -> None:
    """Baselines: accept today's findings so scans fail only on new ones (scan --baseline FILE)."""


@baseline.command("write")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--agents", "agents_text", metavar="LIST", help="Comma-separated agents to run (default: all).")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Worker processes [number of cores].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per agent or shard [600].")
@click.option("--max-concurrency", type=click.IntRange(1, 256), help="Concurrent I/O-bound agent calls [4].")
@click.option("--offline", is_flag=True, help="Vulnerability data from the local store only (gatherscan db update).")
@click.option("--no-cache", is_flag=True, help="Analyse every file again; neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), help=_CACHE_DIR_HELP)
@error_boundary
def baseline_write(
    file: Path,
    paths: tuple[Path, ...],
    agents_text: str | None,
    config_path: Path | None,
    jobs: int | None,
    timeout: float | None,
    max_concurrency: int | None,
    offline: bool,
    no_cache: bool,
    cache_dir: Path | None,
) -> None:
    """Scan PATHS (default: the current directory) and write every finding's fingerprint to FILE.

    Exit 0 when written; 3 (and still written) when an agent failed, since its findings are missing.
    """
    from analyzer.baseline import BaselineError, write_baseline
    from analyzer.config import default_jobs, find_config_file, load_config
    from analyzer.policy import EXIT_INCOMPLETE
    from analyzer.scan import scan as run_scan

    targets = list(paths) or [Path(".")]
    config = load_config(config_path or find_config_file(targets[0]))
    agents = tuple(a.strip() for a in agents_text.split(",") if a.strip()) if agents_text is not None else None
    config = config.with_overrides(agents=agents, jobs=jobs, timeout=timeout, max_concurrency=max_concurrency)
    if offline:
        config = config.with_overrides(agent_options=_with_agent_option(config.agent_options, "dependency", "offline"))
    result = run_scan(
        targets, config, jobs=config.jobs or default_jobs(), cache_dir=_cache_dir(config, cache_dir, no_cache=no_cache)
    )
    try:
        written = write_baseline(file, result.report.findings())
    except BaselineError as exc:
        raise UsageProblem(str(exc)) from exc
    click.echo(f"gatherscan: baseline {file}: {_count(written, 'finding')}")
    failed = result.report.failed_agents()
    if failed:
        click.echo(
            f"gatherscan: INCOMPLETE: agent(s) {', '.join(failed)} failed or could not perform every check; "
            "their findings are missing from the baseline",
            err=True,
        )
        sys.exit(EXIT_INCOMPLETE)


@main.group()
def db() -> None:
    """The local vulnerability store (OSV records) used offline and when the OSV API cannot be reached."""


def _source_settings(cache_dir: Path | None) -> SourceSettings:
    """Vulnerability-source settings as a scan from here would use them, with --cache-dir on top."""
    from agents.dependency.vulndb import SourceSettings
    from analyzer.config import find_config_file, load_config

    config = load_config(find_config_file(Path(".")))
    options = dict(config.agent_options.get("dependency", {}))
    if cache_dir is not None:
        options["cache-dir"] = str(cache_dir)
    try:
        return SourceSettings.from_options(options, os.environ)
    except ValueError as exc:
        if str(exc).startswith("GATHERSCAN_") or config.source is None:
            raise UsageProblem(f"configuration error: environment: {exc}") from exc
        table = "tool.gatherscan." if config.source.endswith("pyproject.toml") else ""
        raise UsageProblem(f"configuration error: {config.source}: {table}agent-options.dependency.{exc}") from exc


@db.command("update")
@click.option("--from", "source", metavar="URL_OR_PATH", help="An all.zip URL, a local zip or a folder of OSV records.")
@click.option("--ecosystem", "ecosystems", multiple=True, metavar="NAME", help="Only this OSV ecosystem (repeatable).")
@_CACHE_DIR_OPTION
@error_boundary
def db_update(source: str | None, ecosystems: tuple[str, ...], cache_dir: Path | None) -> None:
    """Download OSV's vulnerability data (or read --from) and build the local store."""
    from agents.dependency.osvstore import StoreError, update_store
    from agents.dependency.vulndb import describe_age

    settings = _source_settings(cache_dir)
    try:
        result = update_store(settings, source=source, ecosystems=ecosystems)
    except StoreError as exc:
        raise UsageProblem(f"db update failed: {exc} (the store was not changed)") from exc
    for built in result.built:
        click.echo(
            f"{built.ecosystem}: {_count(built.records, 'record')}, {built.invalid:,} invalid, from {built.source}"
        )
    if result.invalid:
        click.echo(f"{_count(result.invalid, 'invalid record')} left out, for example:")
        for invalid in result.invalid_examples:
            click.echo(f"  {invalid.describe()}")
    if result.ignored:
        click.echo(f"{_count(result.ignored, 'record')} naming none of the ecosystems built left out")
    took = f"{result.seconds:.1f} s" if result.seconds < 60 else describe_age(result.seconds)
    click.echo(f"store updated in {took}: {result.store_dir}")


@db.command("status")
@_CACHE_DIR_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@error_boundary
def db_status(cache_dir: Path | None, fmt: str) -> None:
    """List the ecosystems in the local store: records, source and age."""
    from agents.dependency.osvstore import store_status
    from agents.dependency.vulndb import describe_age, format_utc

    settings = _source_settings(cache_dir)
    statuses = store_status(settings)
    if fmt == "json":
        document = {"store": str(settings.store_dir), "ecosystems": [s.to_json_dict() for s in statuses]}
        click.echo(json.dumps(document, indent=2, sort_keys=True))
        return
    if not statuses:
        click.echo(f"no local vulnerability store in {settings.store_dir}; `gatherscan db update` builds one")
        return
    click.echo(f"local vulnerability store: {settings.store_dir}")
    for status in statuses:
        if status.problem is not None:
            click.echo(f"{status.ecosystem}: unusable: {status.problem}")
            continue
        fresh = "" if status.age_seconds <= settings.max_age else " (stale: older than max-age)"
        click.echo(
            f"{status.ecosystem}: {_count(status.records, 'record')}, built {format_utc(status.built_at)} "
            f"({describe_age(status.age_seconds)} ago){fresh}, from {status.source}"
        )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


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
    incomplete = report.incomplete_agents()
    failed = [agent_id for agent_id in report.failed_agents() if agent_id not in incomplete]
    line = f"gatherscan: {len(findings)} finding(s)"
    if report.baseline is not None:
        line += f" ({report.baseline.new} new, {report.baseline.known} known in the baseline)"
    if failed:
        line += f"; INCOMPLETE: {len(failed)} agent(s) failed ({', '.join(failed)})"
    if incomplete:
        line += f"; INCOMPLETE: {len(incomplete)} agent(s) could not perform every check ({', '.join(incomplete)})"
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
