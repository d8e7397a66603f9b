"""The dependency agent's static engine: parse every manifest, then run the rule checks."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from agents.base import (
    SEVERITY_SCORE,
    AgentContext,
    Rule,
    Skipped,
    SourceFile,
    SuppressionScope,
    build_payload,
    read_source,
)
from agents.dependency.catalogue import AGENT_ID, RULES, SUPPRESSION_PROBLEM
from agents.dependency.manifests import manifest_pattern
from analyzer.suppress import MARKER

if TYPE_CHECKING:
    from agents.dependency.model import Dependency, ManifestOption, ParseResult
    from agents.dependency.parsers import IncludeReader
    from agents.dependency.vulnfindings import Importer, VulnerabilityCheck
    from analyzer.findings import Finding


def _include_reader(ctx: AgentContext) -> IncludeReader:
    """Reads an included file only if it really lies inside the repository (symlinks resolved)."""
    root = ctx.root.resolve()

    def read(path: str) -> str | Skipped:
        try:
            (root / path).resolve().relative_to(root)
        except ValueError:
            return Skipped(path, "resolves outside the repository; not read")
        except (OSError, RuntimeError) as exc:
            return Skipped(path, f"cannot resolve: {exc}")
        return read_source(ctx, path)

    return read


def _dependency_key(dependency: Dependency) -> tuple[object, ...]:
    return (
        dependency.file,
        dependency.line,
        dependency.name,
        dependency.specifier,
        dependency.marker,
        dependency.group,
        dependency.text,
    )


class _Collected:
    """Manifests reached from several roots (a file both scanned and included) count once."""

    def __init__(self) -> None:
        self.dependencies: dict[tuple[object, ...], Dependency] = {}
        self.options: dict[ManifestOption, None] = {}
        self.skipped: set[Skipped] = set()
        self.manifests: set[str] = set()
        self.texts: dict[str, str] = {}
        """Manifests with a suppression comment ("gatherscan:"), by path: only those are read again for it."""

    def add(self, result: ParseResult) -> None:
        for dependency in result.dependencies:
            key = _dependency_key(dependency)
            known = self.dependencies.get(key)
            # A file used as a pip constraints file anywhere is one: its lines install nothing.
            if known is None or dependency.scope == "constraint":
                self.dependencies[key] = dependency
        self.options.update(dict.fromkeys(result.options))
        self.skipped.update(result.skipped)
        self.manifests.update(result.manifests)


class DependencyAgent:
    id = AGENT_ID
    description = (
        "Reads requirements files, pyproject.toml, setup.cfg and the lockfiles of pip-tools, Poetry, uv, Pipenv, PDM, "
        "PEP 751, npm, yarn, pnpm, Go and Cargo; reports versions with known vulnerabilities (OSV, online or from a "
        "local store) with the smallest fixing upgrade and whether the code imports the package, malicious packages, "
        "likely typosquats, unpinned and loosely pinned dependencies, mutable VCS/URL references, insecure indexes "
        "and index setups open to dependency confusion."
    )
    version = "0.2.0"
    rules: tuple[Rule, ...] = RULES
    shardable = False

    def wants(self, path: str) -> bool:
        return manifest_pattern(path) is not None

    def analyze(self, ctx: AgentContext, files: Sequence[str]) -> dict[str, Any]:
        if not files:
            # Nothing to read (a pre-commit run on source files): no parser, packaging or store to load.
            return build_payload([], files_scanned=0, stats={"manifests": 0, "dependencies": 0})
        # Imported here, in the worker: the parent process only needs the catalogue and wants().
        from agents.dependency.model import Dependency
        from agents.dependency.rules import Manifests, Policy, run_checks

        collected, scanned = _parse_manifests(ctx, files)
        dependencies = sorted(_mark_direct(collected.dependencies.values()), key=Dependency.sort_key)
        manifests = Manifests(dependencies=dependencies, options=list(collected.options))
        findings = run_checks(manifests, Policy.from_options(ctx.options))
        vulnerabilities = _check_vulnerabilities(ctx, dependencies)
        findings.extend(vulnerabilities.findings)
        stats = {
            "manifests": len(collected.manifests),
            "dependencies": len(dependencies),
            **vulnerabilities.stats,
        }
        findings = _apply_suppressions(ctx, findings, collected.texts)
        skipped = sorted(collected.skipped, key=lambda s: (s.path, s.reason))
        payload = build_payload(
            findings, files_scanned=scanned, skipped=skipped, stats=stats, risk_score=_risk_score(findings)
        )
        payload["dependencies"] = [d.to_json_dict() for d in dependencies]
        if vulnerabilities.incomplete:
            payload["incomplete"] = vulnerabilities.incomplete
        if vulnerabilities.sources or vulnerabilities.invalid_records:
            payload["vulnerabilityData"] = {
                "sources": vulnerabilities.sources,
                "invalidRecords": vulnerabilities.invalid_records,
            }
        if vulnerabilities.notes:
            payload["notes"] = sorted(vulnerabilities.notes)
        return payload


def _apply_suppressions(ctx: AgentContext, findings: list[Finding], texts: dict[str, str]) -> list[Finding]:
    """`# gatherscan: ignore[DEP001] reason` in requirements files, pyproject.toml and other manifests with comments."""
    if not texts:
        return findings
    scope = SuppressionScope(AGENT_ID, RULES, SUPPRESSION_PROBLEM)
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.location.path, []).append(finding)
    kept = [f for f in findings if f.location.path not in texts]
    for path, text in sorted(texts.items()):
        kept += scope.apply(ctx, SourceFile(path, text), by_path.get(path, []))
    return kept


def _risk_score(findings: Sequence[Finding]) -> float:
    """The worst finding: its CVSS base score when it has one (finer than a severity band), else its band."""
    scores = []
    for finding in findings:
        if finding.properties.get("suppressed"):
            continue
        cvss = finding.properties.get("cvss")
        if isinstance(cvss, (int, float)) and not isinstance(cvss, bool):
            scores.append(float(cvss))
        else:
            scores.append(SEVERITY_SCORE[finding.severity])
    return max(scores, default=0.0)


def _parse_manifests(ctx: AgentContext, files: Sequence[str]) -> tuple[_Collected, int]:
    from agents.dependency.parsers import parser_for

    collected = _Collected()
    read_include = _include_reader(ctx)
    scanned = 0
    for path in sorted(set(files)):
        parse = parser_for(path)
        if parse is None:
            collected.skipped.add(Skipped(path, "not a dependency manifest this agent reads"))
            continue
        text = read_source(ctx, path)
        if isinstance(text, Skipped):
            collected.skipped.add(text)
            continue
        try:
            result = parse(text, path, read_include)
        except RecursionError:
            collected.skipped.add(Skipped(path, "too deeply nested to parse (RecursionError)"))
            continue
        except Exception as exc:  # noqa: BLE001 - a parser bug on one manifest must not lose the others
            collected.skipped.add(Skipped(path, f"analysis failed: {type(exc).__name__}: {exc}"))
            continue
        if path in result.manifests:
            scanned += 1
        if MARKER in text:
            collected.texts[path] = text
        collected.add(result)
    return collected, scanned


def _mark_direct(dependencies: Iterable[Dependency]) -> list[Dependency]:
    """A lockfile entry is direct when a manifest in or below the lockfile's folder declares the package."""
    listed = list(dependencies)
    declared_in: dict[tuple[str, str], set[str]] = {}
    for dependency in listed:
        if dependency.manifest_kind != "lockfile":
            declared_in.setdefault((dependency.ecosystem, dependency.name), set()).add(
                posixpath.dirname(dependency.file)
            )
    marked = []
    for dependency in listed:
        if dependency.manifest_kind == "lockfile" and not dependency.direct:
            lock_dir = posixpath.dirname(dependency.file)
            directories = declared_in.get((dependency.ecosystem, dependency.name), set())
            if any(lock_dir in ("", d) or d.startswith(lock_dir + "/") for d in directories):
                dependency = replace(dependency, direct=True)
        marked.append(dependency)
    return marked


def _check_vulnerabilities(ctx: AgentContext, dependencies: Sequence[Dependency]) -> VulnerabilityCheck:
    from agents.dependency.vulndb import SourceSettings, lookup
    from agents.dependency.vulnfindings import (
        VulnerabilityCheck,
        check_vulnerabilities,
        checked_packages,
        unversioned,
    )

    if ctx.options.get("vulnerabilities", True) is False:
        return VulnerabilityCheck(
            notes=["vulnerability check turned off by the dependency agent's `vulnerabilities` option"]
        )
    settings = SourceSettings.from_options(ctx.options, os.environ)

    def importer() -> Importer:
        from agents.dependency.reachability import is_imported, scan_imports

        python_files = [f for f in ctx.workspace_files if f.endswith((".py", ".pyi"))]
        index = scan_imports(ctx.root, python_files, max_file_size=ctx.max_file_size)
        return lambda distribution: is_imported(distribution, index)[1]

    outcome = check_vulnerabilities(checked_packages(dependencies), lambda queries: lookup(queries, settings), importer)
    ranges = unversioned(dependencies)
    outcome.stats["unversioned"] = len(ranges)
    if ranges:
        outcome.notes.append(
            f"{len(ranges)} declared dependencies name a range and no lockfile records the version installed, so "
            "their vulnerabilities were not checked: pin them or commit a lockfile"
        )
    return outcome


AGENT = DependencyAgent()
