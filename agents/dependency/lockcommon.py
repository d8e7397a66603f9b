"""What the JavaScript, Go and Cargo lockfile parsers (jslocks, nativelocks) share.

A collector that turns locked entries into Dependency values and reasons into Skipped values,
pip's spelling of a VCS reference (so the supply-chain rules read every ecosystem alike), and
the reachability walk that tells main, optional and dev packages apart in a dependency graph.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from agents.base import Skipped
from agents.dependency.ecosystems import normalise_name
from agents.dependency.model import Dependency, Kind, ParseResult, Scope

Node = TypeVar("Node", bound=Hashable)

VCS_URL_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_SCP_LIKE = re.compile(r"^(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?!//)(?P<path>.+)$")


@dataclass(frozen=True)
class Locked:
    """One package as a lockfile records it, whatever the format."""

    line: int
    raw_name: str
    version: str | None
    kind: Kind = "registry"
    url: str | None = None
    hashes: tuple[str, ...] = ()
    scope: Scope = "main"
    direct: bool = False
    text: str = ""


class LockReader:
    """Collects what one lockfile yields; every reason says where in the file it is about."""

    def __init__(self, path: str, ecosystem: str) -> None:
        self.path = path
        self.ecosystem = ecosystem
        self.result = ParseResult(manifests=[path])
        self._skipped: list[tuple[str, int, str]] = []

    def skip(self, line: int | None, reason: str) -> None:
        where = f"line {line}: " if line is not None else ""
        self._skipped.append((self.path, line or 0, f"{where}{reason}"))

    def skip_file(self, path: str, reason: str) -> None:
        """A reason about another file read for context (a sibling package.json or Cargo.toml)."""
        self._skipped.append((path, 0, reason))

    def add(self, locked: Locked) -> None:
        """Record a locked package; one whose URL cannot be parsed is skipped instead, as the
        checks that read URLs would fail on it."""
        if locked.url is not None and not _parses_as_url(locked.url):
            self.skip(locked.line, f"{locked.raw_name}: cannot read the URL {locked.url!r}")
            return
        self.result.dependencies.append(
            Dependency(
                file=self.path,
                line=locked.line,
                name=normalise_name(self.ecosystem, locked.raw_name),
                raw_name=locked.raw_name,
                specifier="",
                version=locked.version,
                scope=locked.scope,
                kind=locked.kind,
                manifest_kind="lockfile",
                text=locked.text,
                url=locked.url,
                hashes=locked.hashes,
                ecosystem=self.ecosystem,
                direct=locked.direct,
            )
        )

    def finish(self) -> ParseResult:
        """The result, dependencies and skips in line order."""
        self.result.dependencies.sort(key=lambda d: (d.line, d.name, d.version or "", d.url or ""))
        self.result.skipped = [Skipped(path, reason) for path, _, reason in sorted(self._skipped)]
        return self.result


def _parses_as_url(location: str) -> bool:
    try:
        urlsplit(location)
    except ValueError:
        return False
    return True


def sibling_path(path: str, name: str) -> str:
    """The repo-relative path of `name` in the directory of `path`."""
    return posixpath.join(posixpath.dirname(path), name)


def vcs_url(repository: str, ref: str | None) -> str:
    """pip's spelling of a VCS reference, git+<repository>@<ref>, which the supply-chain rules read.

    An scp-like address (git@host:owner/repo.git) becomes ssh://git@host/owner/repo.git so that the
    ref after the last "@" of the URL path is unambiguous.
    """
    repository = repository.split("#", 1)[0]
    scp = _SCP_LIKE.match(repository)
    if scp is not None:
        repository = f"ssh://{scp.group('user')}@{scp.group('host')}/{scp.group('path')}"
    if not repository.lower().startswith(VCS_URL_PREFIXES):
        repository = f"git+{repository}"
    return f"{repository}@{ref}" if ref else repository


def _reach(starts: Iterable[Node], edges: Mapping[Node, Sequence[tuple[Node, bool]]], *, optional: bool) -> set[Node]:
    seen: set[Node] = set()
    pending = list(starts)
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        pending.extend(target for target, is_optional in edges.get(node, ()) if optional or not is_optional)
    return seen


def reachable_scopes(
    edges: Mapping[Node, Sequence[tuple[Node, bool]]], roots: Iterable[tuple[Node, Scope]]
) -> dict[Node, Scope]:
    """The scope of every node reached from the project's own declarations.

    `edges` maps a node to its (dependency, is optional) pairs; `roots` are the nodes the project
    declares, each with the scope it declares it in. As npm defines its lockfile flags: main when a
    main root reaches the node through required edges only; optional when a main or optional root
    reaches it otherwise; dev when only dev roots reach it. Unreached nodes are left out.
    """
    declared = list(roots)
    main = _reach((n for n, s in declared if s == "main"), edges, optional=False)
    optional = _reach((n for n, s in declared if s in ("main", "optional")), edges, optional=True) - main
    dev = _reach((n for n, s in declared if s == "dev"), edges, optional=True) - main - optional
    scopes: dict[Node, Scope] = dict.fromkeys(dev, "dev")
    scopes.update(dict.fromkeys(optional, "optional"))
    scopes.update(dict.fromkeys(main, "main"))
    return scopes


_SCOPE_RANK: dict[Scope, int] = {"main": 0, "optional": 1, "dev": 2, "build": 3, "constraint": 4}


def widest_scope(scopes: Iterable[Scope]) -> Scope:
    """Of several places one package takes in a graph, the one that installs it most widely."""
    return min(scopes, key=_SCOPE_RANK.__getitem__, default="main")
