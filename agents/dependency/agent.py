"""The dependency agent's static engine: parse every manifest, then run the rule checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from agents.base import AgentContext, Rule, Skipped, build_payload, read_source
from agents.dependency.catalogue import AGENT_ID, RULES
from agents.dependency.manifests import manifest_pattern

if TYPE_CHECKING:
    from agents.dependency.model import Dependency, ManifestOption, ParseResult
    from agents.dependency.parsers import IncludeReader


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
        "Reads requirements files and pyproject.toml (PEP 621, PEP 735, Poetry, build-system) and reports unpinned "
        "and loosely pinned dependencies, mutable VCS/URL references, insecure indexes and --extra-index-url."
    )
    version = "0.1.0"
    rules: tuple[Rule, ...] = RULES
    shardable = False

    def wants(self, path: str) -> bool:
        return manifest_pattern(path) is not None

    def analyze(self, ctx: AgentContext, files: Sequence[str]) -> dict[str, Any]:
        # Imported here, in the worker: the parent process only needs the catalogue and wants().
        from agents.dependency.model import Dependency
        from agents.dependency.parsers import parser_for
        from agents.dependency.rules import Manifests, Policy, run_checks

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
            collected.add(result)
        dependencies = sorted(collected.dependencies.values(), key=Dependency.sort_key)
        manifests = Manifests(dependencies=dependencies, options=list(collected.options))
        findings = run_checks(manifests, Policy.from_options(ctx.options))
        payload = build_payload(
            findings,
            files_scanned=scanned,
            skipped=sorted(collected.skipped, key=lambda s: (s.path, s.reason)),
            stats={"manifests": len(collected.manifests), "dependencies": len(dependencies)},
        )
        payload["dependencies"] = [d.to_json_dict() for d in dependencies]
        return payload


AGENT = DependencyAgent()
