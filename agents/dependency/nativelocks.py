"""Go and Rust: go.mod and Cargo.lock.

Each parser is a pure function (text, repo-relative path, include reader) -> ParseResult named in
agents.dependency.manifests.MANIFEST_PARSERS.

go.mod lists every module the build needs (since Go 1.17 the indirect ones too, marked
"// indirect") at its minimum selected version, which is the version built; a replace directive
changes what is built, so the replacement is reported. The Go standard library is a dependency
too ("stdlib", at the toolchain or go version), as OSV's Go ecosystem records its vulnerabilities
under that name. Versions are written as OSV writes them, without the leading "v".

Cargo.lock (v1 to v4) lists every crate of the build; entries without a source are the
workspace's own packages, and what they depend on is direct. The sibling Cargo.toml (and the
workspace members it names) tells dev-dependencies apart; without it every crate is main.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from agents.base import Skipped
from agents.dependency.lockcommon import Locked, LockReader, reachable_scopes, sibling_path, vcs_url
from agents.dependency.model import ECOSYSTEM_CRATES, ECOSYSTEM_GO, Kind, ParseResult, Scope
from analyzer.dataformats import parse_toml

if TYPE_CHECKING:
    from agents.dependency.parsers import IncludeReader

# ---------------------------------------------------------------------------
# go.mod

# Tokens as the go command reads them: "//" comments, quoted strings, "=>", parentheses, words.
_GO_TOKEN = re.compile(r'(?P<comment>//.*)|"(?:[^"\\]|\\.)*"|`[^`]*`|=>|[()]|[^\s()"`]+')
_GO_MODULE_VERSION = re.compile(r"^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_GO_RELEASE = re.compile(r"^\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?$")
_GO_TOOLCHAIN = re.compile(r"^go(?P<release>\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(?:[-+].*)?$")
_GO_RELEASE_PARTS = re.compile(r"^(?P<numbers>\d+\.\d+(?:\.\d+)?)(?:(?P<kind>rc|beta)(?P<number>\d+))?$")
_GO_IGNORED_DIRECTIVES = frozenset({"module", "exclude", "retract", "godebug", "tool", "ignore"})
_GO_DIRECTIVES = _GO_IGNORED_DIRECTIVES | {"go", "toolchain", "require", "replace"}


@dataclass(frozen=True)
class _GoLine:
    """One go.mod line read into tokens: a directive (or a block's entry) with its arguments."""

    number: int
    text: str
    verb: str
    arguments: tuple[str, ...]
    comment: str


@dataclass(frozen=True)
class _Requirement:
    line: _GoLine
    module: str
    version: str
    indirect: bool


@dataclass(frozen=True)
class _Replacement:
    module: str
    version: str | None
    """The replaced version; None replaces every version."""
    new_path: str
    new_version: str | None
    """None for a local directory."""


def _go_unquote(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1]
    if token.startswith('"'):
        return re.sub(r"\\(.)", r"\1", token[1:-1])
    return token


def _go_tokens(text: str) -> tuple[list[str], str]:
    tokens: list[str] = []
    comment = ""
    for match in _GO_TOKEN.finditer(text):
        if match.group("comment") is not None:
            comment = match.group("comment")[2:].strip()
            break
        tokens.append(match.group())
    return tokens, comment


def _go_lines(text: str, reader: LockReader) -> Iterator[_GoLine]:
    """Each directive, with the lines of a "require ( ... )" block given the block's verb."""
    block: _GoLine | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        tokens, comment = _go_tokens(raw)
        if not tokens:
            continue
        if block is not None:
            if tokens == [")"]:
                block = None
            else:
                yield _GoLine(number, raw.strip(), block.verb, tuple(tokens), comment)
            continue
        verb, arguments = tokens[0], tokens[1:]
        if arguments == ["("]:
            block = _GoLine(number, raw.strip(), verb, (), comment)
        elif arguments != ["(", ")"]:
            yield _GoLine(number, raw.strip(), verb, tuple(arguments), comment)
    if block is not None:
        reader.skip(block.number, f"the {block.verb} block is not closed by ')'")


def _is_local_path(path: str) -> bool:
    """go.mod replacements by a directory: rooted, or starting with ./ or ../ (either slash)."""
    return (
        path in (".", "..")
        or path.startswith(("./", "../", ".\\", "..\\", "/", "\\"))
        or re.match(r"^[A-Za-z]:[\\/]", path) is not None
    )


def _go_replacement(line: _GoLine) -> _Replacement | str:
    arguments = [_go_unquote(a) for a in line.arguments]
    if "=>" not in arguments:
        return "replace needs 'module [version] => replacement [version]'"
    arrow = arguments.index("=>")
    old, new = arguments[:arrow], arguments[arrow + 1 :]
    if len(old) not in (1, 2) or len(new) not in (1, 2):
        return "replace needs 'module [version] => replacement [version]'"
    for version in (*old[1:], *new[1:]):
        if not _GO_MODULE_VERSION.match(version):
            return f"invalid version {version!r}"
    if len(new) == 1 and not _is_local_path(new[0]):
        return f"replacement {new[0]!r} without a version must be a local directory (./ or ../ or rooted)"
    return _Replacement(old[0], old[1] if len(old) == 2 else None, new[0], new[1] if len(new) == 2 else None)


def parse_go_mod(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """The modules a go.mod requires, as replaced, and the Go standard library."""
    reader = LockReader(path, ECOSYSTEM_GO)
    requirements: list[_Requirement] = []
    replacements: dict[tuple[str, str | None], _Replacement] = {}
    go_line: _GoLine | None = None
    toolchain_line: _GoLine | None = None
    for line in _go_lines(text, reader):
        if line.verb not in _GO_DIRECTIVES:
            reader.skip(line.number, f"unknown directive {line.verb!r}; ignored")
        elif line.verb in ("go", "toolchain"):
            release = _go_release(line)
            if release is None:
                reader.skip(line.number, f"{line.verb} {' '.join(line.arguments)!r} names no Go release; ignored")
            elif line.verb == "go":
                go_line = line
            else:
                toolchain_line = line
        elif line.verb == "require":
            outcome = _go_requirement(line)
            if isinstance(outcome, str):
                reader.skip(line.number, outcome)
            else:
                requirements.append(outcome)
        elif line.verb == "replace":
            replacement = _go_replacement(line)
            if isinstance(replacement, str):
                reader.skip(line.number, replacement)
            else:
                replacements[replacement.module, replacement.version] = replacement
    for requirement in requirements:
        replaced = replacements.get((requirement.module, requirement.version))
        reader.add(_go_dependency(requirement, replaced or replacements.get((requirement.module, None))))
    stdlib_line = toolchain_line or go_line
    if stdlib_line is not None:
        release = _go_release(stdlib_line)
        reader.add(Locked(stdlib_line.number, "stdlib", release, direct=True, text=stdlib_line.text))
    return reader.finish()


def _go_release(line: _GoLine) -> str | None:
    """The Go release in OSV's SemVer spelling: "1.20" is 1.20.0, "1.21rc2" is 1.21.0-rc.2."""
    if len(line.arguments) != 1:
        return None
    value = _go_unquote(line.arguments[0])
    if line.verb == "go":
        release = value if _GO_RELEASE.match(value) else None
    else:
        match = _GO_TOOLCHAIN.match(value)
        release = match.group("release") if match else None
    if release is None:
        return None
    parts = _GO_RELEASE_PARTS.match(release)
    assert parts is not None  # both patterns above only accept what this one splits
    numbers = parts.group("numbers").split(".")
    numbers += ["0"] * (3 - len(numbers))
    prerelease = f"-{parts.group('kind')}.{parts.group('number')}" if parts.group("kind") else ""
    return ".".join(numbers) + prerelease


def _go_requirement(line: _GoLine) -> _Requirement | str:
    arguments = [_go_unquote(a) for a in line.arguments]
    if len(arguments) != 2:
        return "require needs a module path and a version"
    module, version = arguments
    if not _GO_MODULE_VERSION.match(version):
        return f"require {module}: invalid version {version!r}"
    indirect = line.comment == "indirect" or line.comment.startswith("indirect;")
    return _Requirement(line, module, version, indirect)


def _go_dependency(requirement: _Requirement, replacement: _Replacement | None) -> Locked:
    line = requirement.line
    direct = not requirement.indirect
    if replacement is None:
        return Locked(line.number, requirement.module, requirement.version[1:], direct=direct, text=line.text)
    if replacement.new_version is None:
        return Locked(
            line.number, requirement.module, None, "path", replacement.new_path, direct=direct, text=line.text
        )
    version = replacement.new_version[1:]
    return Locked(line.number, replacement.new_path, version, direct=direct, text=line.text)


# ---------------------------------------------------------------------------
# Cargo.lock

_CARGO_LOCK_VERSIONS = (3, 4)
_CARGO_HEADER = re.compile(r"^\s*\[\[\s*package\s*\]\]\s*(?:#.*)?$")
_CARGO_ROOT_HEADER = re.compile(r"^\s*\[\s*root\s*\]\s*(?:#.*)?$")
_CARGO_DEPENDENCY_TABLES = ("dependencies", "dev-dependencies", "build-dependencies", "dev_dependencies")


@dataclass(frozen=True)
class _Crate:
    index: int
    line: int
    name: str
    version: str
    source: str | None
    dependencies: tuple[str, ...]
    checksum: str | None


def parse_cargo_lock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """Every crate of a Cargo.lock; v1 and v2 have no version key, v3 and v4 say version = 3 or 4."""
    reader = LockReader(path, ECOSYSTEM_CRATES)
    try:
        document = parse_toml(text)
    except ValueError as exc:
        reader.skip(None, str(exc))
        return reader.finish()
    version = document.get("version")
    if version is not None and (isinstance(version, bool) or version not in _CARGO_LOCK_VERSIONS):
        line = next((n for n, t in enumerate(text.splitlines(), 1) if re.match(r"^\s*version\s*=", t)), None)
        reader.skip(line, f"unsupported Cargo.lock version {version!r}; supported: 1 and 2 (no version key), 3, 4")
        return reader.finish()
    crates = _cargo_crates(document, text, reader)
    metadata = document.get("metadata")
    checksums = _cargo_v1_checksums(metadata) if isinstance(metadata, dict) else {}
    edges, members = _cargo_graph(crates, reader)
    manifests = _crate_manifests(path, read_include, reader)
    roots: list[tuple[int, Scope]] = []
    for member in members:
        dev_only = manifests.get(member.name, _CrateManifest()).dev_only
        roots.extend(
            (target, "dev" if crates[target].name in dev_only else "main")
            for target in edges.get(member.index, ())
            if crates[target].source is not None
        )
    member_indexes = {m.index for m in members}
    graph = {i: [(t, False) for t in targets] for i, targets in edges.items() if i not in member_indexes}
    scopes = reachable_scopes(graph, roots)
    direct = {target for target, _ in roots}
    for crate in crates:
        if crate.source is None:
            continue
        outcome = _cargo_dependency(crate, checksums, scopes.get(crate.index, "main"), crate.index in direct)
        if isinstance(outcome, str):
            reader.skip(crate.line, f"[[package]] {crate.name} {crate.version}: {outcome}")
        else:
            reader.add(outcome)
    return reader.finish()


def _cargo_header_lines(text: str, count: int) -> list[int]:
    """The line of each [[package]] header (tomllib reports none): the i-th starts the i-th entry."""
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, 1) if _CARGO_HEADER.match(line)]
    return headers[:count] + [1] * (count - len(headers))


def _cargo_crates(document: Mapping[str, Any], text: str, reader: LockReader) -> list[_Crate]:
    packages = document.get("package", [])
    if not isinstance(packages, list):
        reader.skip(None, f"package must be an array of tables, got {type(packages).__name__}")
        packages = []
    tables: list[tuple[int, object]] = list(zip(_cargo_header_lines(text, len(packages)), packages, strict=True))
    if "root" in document:
        # Cargo before 1.12 (2016) wrote the root package as [root].
        root_line = next((n for n, t in enumerate(text.splitlines(), 1) if _CARGO_ROOT_HEADER.match(t)), 1)
        tables.insert(
            0, (root_line, {**document["root"], "source": None} if isinstance(document["root"], dict) else [])
        )
    crates: list[_Crate] = []
    for line, table in tables:
        if not isinstance(table, dict):
            reader.skip(line, f"[[package]] must be a table, got {type(table).__name__}")
            continue
        name, version, source = table.get("name"), table.get("version"), table.get("source")
        if not isinstance(name, str) or not name:
            reader.skip(line, "[[package]] has no name")
        elif not isinstance(version, str) or not version:
            reader.skip(line, f"[[package]] {name}: no version")
        elif source is not None and not isinstance(source, str):
            reader.skip(line, f"[[package]] {name} {version}: source must be a string")
        else:
            dependencies = table.get("dependencies", [])
            listed = tuple(d for d in dependencies if isinstance(d, str)) if isinstance(dependencies, list) else ()
            checksum = table.get("checksum") if isinstance(table.get("checksum"), str) else None
            crates.append(_Crate(len(crates), line, name, version, source, listed, checksum))
    return crates


def _cargo_v1_checksums(metadata: Mapping[str, Any]) -> dict[tuple[str, str, str], str]:
    """v1 kept checksums apart: [metadata] "checksum <name> <version> (<source>)" = "<sha256>"."""
    checksums: dict[tuple[str, str, str], str] = {}
    for key, value in metadata.items():
        match = re.match(r"^checksum (?P<name>\S+) (?P<version>\S+) \((?P<source>[^)]+)\)$", key)
        if match is not None and isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value):
            checksums[match.group("name"), match.group("version"), match.group("source")] = value
    return checksums


def _cargo_graph(crates: Sequence[_Crate], reader: LockReader) -> tuple[dict[int, list[int]], list[_Crate]]:
    """Each crate's dependencies as crate indexes, and the workspace's own crates (no source).

    A dependency is written "name" when one version of it is locked, "name version" when several
    are, and "name version (source)" when several sources share a version (always, in v1).
    """
    by_name: dict[str, list[_Crate]] = {}
    for crate in crates:
        by_name.setdefault(crate.name, []).append(crate)
    edges: dict[int, list[int]] = {}
    for crate in crates:
        for written in crate.dependencies:
            name, _, rest = written.partition(" ")
            version, _, source = rest.partition(" ")
            candidates = [
                c
                for c in by_name.get(name, [])
                if (not version or c.version == version) and (not source or f"({c.source})" == source)
            ]
            if not candidates:
                reader.skip(
                    crate.line, f"[[package]] {crate.name} {crate.version}: depends on {written!r}, which is not locked"
                )
            edges.setdefault(crate.index, []).extend(c.index for c in candidates)
    return edges, [c for c in crates if c.source is None]


def _cargo_source(source: str) -> tuple[Kind, str | None] | str:
    if source.startswith(("registry+", "sparse+")):
        return "registry", None
    if source.startswith("git+"):
        location, _, commit = source.partition("#")
        # ?branch=, ?tag=, ?rev= say what was asked for; the fragment is the commit it resolved to.
        try:
            repository = urlsplit(location)._replace(query="").geturl()
        except ValueError as exc:
            return f"cannot read the source URL {source!r}: {exc}"
        return "vcs", vcs_url(repository, commit or None)
    return f"unsupported source {source!r}"


def _cargo_dependency(
    crate: _Crate, checksums: Mapping[tuple[str, str, str], str], scope: Scope, direct: bool
) -> Locked | str:
    source = _cargo_source(crate.source or "")
    if isinstance(source, str):
        return source
    kind, url = source
    checksum = crate.checksum or checksums.get((crate.name, crate.version, crate.source or ""))
    hashes = (f"sha256:{checksum}",) if checksum else ()
    text = f"{crate.name} {crate.version}"
    return Locked(crate.line, crate.name, crate.version, kind, url, hashes, scope, direct, text)


# Cargo.toml: which dependencies are dev-dependencies -------------------------


@dataclass(frozen=True)
class _CrateManifest:
    dev_only: frozenset[str] = field(default_factory=frozenset)
    """Crates the package lists only as dev-dependencies (by crate name, renames resolved)."""


def _crate_manifests(lock_path: str, read_include: IncludeReader, reader: LockReader) -> dict[str, _CrateManifest]:
    """Package name -> its manifest, for the Cargo.toml beside the lockfile and the workspace
    members it lists by path (members given as globs cannot be listed without the file system)."""
    root_path = sibling_path(lock_path, "Cargo.toml")
    root = _read_cargo_toml(root_path, read_include, reader)
    if root is None:
        return {}
    workspace = _table_or_empty(root, "workspace")
    inherited = _table_or_empty(workspace, "dependencies")
    documents = [root]
    members = workspace.get("members")
    for member in members if isinstance(members, list) else []:
        if isinstance(member, str) and not any(c in member for c in "*?["):
            location = posixpath.normpath(posixpath.join(posixpath.dirname(root_path), member, "Cargo.toml"))
            if location != root_path and not location.startswith("../"):
                document = _read_cargo_toml(location, read_include, reader)
                if document is not None:
                    documents.append(document)
    manifests: dict[str, _CrateManifest] = {}
    for document in documents:
        package = document.get("package")
        name = package.get("name") if isinstance(package, dict) else None
        if isinstance(name, str):
            manifests[name] = _crate_manifest(document, inherited)
    return manifests


def _table_or_empty(document: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = document.get(key)
    return value if isinstance(value, dict) else {}


def _read_cargo_toml(path: str, read_include: IncludeReader, reader: LockReader) -> dict[str, Any] | None:
    text = read_include(path)
    if isinstance(text, Skipped):
        return None
    try:
        return parse_toml(text)
    except ValueError as exc:
        reader.skip_file(path, f"{exc}; dev-dependencies of {reader.path} are not told apart")
        return None


def _dependency_tables(document: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(kind, table) of [dependencies], [dev-dependencies], [build-dependencies] and their
    [target.<cfg>.*] forms; kind is "dev" or "main" (build scripts run in the build)."""
    places: list[Mapping[str, Any]] = [document]
    targets = document.get("target")
    if isinstance(targets, dict):
        places.extend(t for t in targets.values() if isinstance(t, dict))
    for place in places:
        for table_name in _CARGO_DEPENDENCY_TABLES:
            table = place.get(table_name)
            if isinstance(table, dict):
                yield ("dev" if table_name.startswith("dev") else "main"), table


def _crate_manifest(document: Mapping[str, Any], inherited: Mapping[str, Any]) -> _CrateManifest:
    names: dict[str, set[str]] = {"main": set(), "dev": set()}
    for kind, table in _dependency_tables(document):
        for key, spec in table.items():
            if isinstance(spec, dict) and spec.get("workspace") is True:
                spec = inherited.get(key, {})
            package = spec.get("package") if isinstance(spec, dict) else None
            names[kind].add(package if isinstance(package, str) else key)
    return _CrateManifest(frozenset(names["dev"] - names["main"]))
