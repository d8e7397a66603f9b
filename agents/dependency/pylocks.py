"""Python lockfiles (poetry.lock, uv.lock, Pipfile.lock, pdm.lock, pylock.toml) and setuptools' setup.cfg.

Each parser is a pure function (text, repo-relative path, include reader) -> ParseResult, named in
agents.dependency.manifests.MANIFEST_PARSERS. A lockfile entry becomes a Dependency with the locked
version as an exact pin ("==<version>"), the kind of source it comes from, its file hashes and the
line of the entry's start; an entry that cannot be read becomes a Skipped naming its line, and the
others are still read.

Whether a locked package is a direct dependency is known only where the lockfile records the
project itself (uv's root packages, a pylock.toml entry for the project's own directory); elsewhere
entries say direct=False and the agent decides from the manifests beside the lockfile.
"""

from __future__ import annotations

import bisect
import configparser
import json
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from packaging.utils import canonicalize_name

from agents.base import Skipped
from agents.dependency.model import Dependency, Kind, ParseResult, Scope
from agents.dependency.parsers import VCS_PREFIXES, IncludeReader, _Origin, dependency_from_pep508
from analyzer.dataformats import parse_json, parse_toml
from analyzer.rules import json_type_name

# ---------------------------------------------------------------------------
# Shared pieces: what a locked entry says, where it sits, and how it becomes a Dependency.


@dataclass(frozen=True)
class _Locked:
    """What a lockfile records about one package, whatever the format."""

    raw_name: str
    version: str | None
    kind: Kind
    url: str | None = None
    hashes: tuple[str, ...] = ()
    marker: str | None = None
    extras: tuple[str, ...] = ()
    editable: bool = False


@dataclass(frozen=True)
class _Placement:
    """Which part of the project a locked package belongs to."""

    scope: Scope = "main"
    group: str | None = None
    direct: bool = False
    marker: str | None = None
    """A marker the lock records for the package's place in the graph rather than on the entry."""


def _locked_dependency(path: str, line: int, locked: _Locked, placement: _Placement) -> Dependency:
    version = locked.version
    if locked.kind != "registry" and locked.url is not None:
        text = f"{locked.raw_name} @ {locked.url}"
    else:
        text = f"{locked.raw_name}=={version}"
    return Dependency(
        file=path,
        line=line,
        name=canonicalize_name(locked.raw_name),
        raw_name=locked.raw_name,
        specifier=f"=={version}" if version is not None else "",
        version=version,
        scope=placement.scope,
        kind=locked.kind,
        manifest_kind="lockfile",
        text=text,
        extras=locked.extras,
        marker=locked.marker if locked.marker is not None else placement.marker,
        group=placement.group if placement.scope != "main" else None,
        url=locked.url,
        editable=locked.editable,
        hashes=locked.hashes,
        direct=placement.direct,
    )


def _type_name(value: object) -> str:
    """How a TOML value reads in a message: "an integer", "a table", ..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (datetime, date, time)):
        return "a date/time"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _strings(value: object) -> list[str]:
    """The strings of an array (anything else in it, or a non-array, yields nothing)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _hash_string(algorithm: object, digest: object) -> str | None:
    if isinstance(algorithm, str) and isinstance(digest, str) and algorithm and digest:
        return f"{algorithm.lower()}:{digest}"
    return None


def _prefixed_hash(value: object) -> str | None:
    """An "algorithm:digest" string as lockfiles write it, or None."""
    if isinstance(value, str) and ":" in value:
        algorithm, _, digest = value.partition(":")
        return _hash_string(algorithm, digest)
    return None


def _sorted_unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v}))


def _vcs_url(vcs: str, repository: str, ref: str | None, subdirectory: str | None = None) -> str:
    """pip's spelling of a VCS reference: git+<repository>@<ref>#subdirectory=<dir>."""
    prefix = f"{vcs}+"
    url = repository if repository.lower().startswith(VCS_PREFIXES) else f"{prefix}{repository}"
    if ref:
        url = f"{url}@{ref}"
    if subdirectory:
        url = f"{url}#subdirectory={subdirectory}"
    return url


def _is_url(location: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", location) is not None


class _LockReader:
    """Collects what a lockfile yields; every reason names the line it is about."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.result = ParseResult(manifests=[path])

    def skip(self, line: int | None, reason: str) -> None:
        where = f"line {line}: " if line is not None else ""
        self.result.skipped.append(Skipped(self.path, f"{where}{reason}"))

    def add(self, line: int, locked: _Locked, placement: _Placement) -> None:
        self.result.dependencies.append(_locked_dependency(self.path, line, locked, placement))

    def finish(self) -> ParseResult:
        self.result.dependencies.sort(key=Dependency.sort_key)
        self.result.skipped.sort(key=_skip_order)
        return self.result


def _skip_order(skipped: Skipped) -> tuple[str, int, str]:
    """Skips in file order: by path, then by the line their reason starts with."""
    match = re.match(r"line (\d+):", skipped.reason)
    return (skipped.path, int(match.group(1)) if match else 0, skipped.reason)


def _load_toml(text: str, path: str) -> dict[str, Any] | ParseResult:
    try:
        return parse_toml(text)
    except ValueError as exc:
        return ParseResult(skipped=[Skipped(path, str(exc))], manifests=[path])


_NAME_KEY = r"^[\s\[{]*(?:\"name\"|'name'|name)\s*=\s*[\"']"


class _EntryLines:
    """The line where each entry of a TOML array of tables starts (tomllib reports no lines).

    The i-th [[key]] header starts the i-th entry. When the array is written inline instead
    (packages = [{ name = ... }, ...]), an entry starts at the first line naming it.
    """

    def __init__(self, text: str, key: str) -> None:
        self._lines = text.splitlines()
        header = re.compile(rf"^\s*\[\[\s*(?:\"{key}\"|'{key}'|{key})\s*\]\]\s*(?:#.*)?$")
        self._headers = [n for n, line in enumerate(self._lines, 1) if header.match(line)]
        self._cursor = 0

    def line(self, index: int, count: int, name: object) -> int:
        if len(self._headers) == count:
            return self._headers[index]
        if isinstance(name, str):
            pattern = re.compile(_NAME_KEY + re.escape(name) + "[\"']")
            for number in range(self._cursor + 1, len(self._lines) + 1):
                if pattern.match(self._lines[number - 1]):
                    self._cursor = number
                    return number
        if index < len(self._headers):
            return self._headers[index]
        # Inline entries without a usable name: most likely on the line after the previous one.
        self._cursor = min(self._cursor + 1, max(len(self._lines), 1))
        return self._cursor


@dataclass(frozen=True)
class _Entry:
    """One table of a lockfile's package array, with its line, checked name and version."""

    index: int
    line: int
    table: Mapping[str, Any]
    raw_name: str
    version: str | None


def _entries(document: Mapping[str, Any], key: str, text: str, reader: _LockReader) -> list[_Entry]:
    """The package tables of `key`, each with a string name and (possibly absent) string version.

    Entries that are not tables or lack a name become skips; checking that a version is present is
    left to the format, since VCS and local entries may rightly have none.
    """
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        reader.skip(None, f"{key}: expected an array of tables, got {_type_name(value)}")
        return []
    lines = _EntryLines(text, key)
    entries: list[_Entry] = []
    for index, table in enumerate(value):
        name = table.get("name") if isinstance(table, dict) else None
        line = lines.line(index, len(value), name)
        if not isinstance(table, dict):
            reader.skip(line, f"{key}[{index}]: expected a table, got {_type_name(table)}")
            continue
        if name is None or name == "":
            reader.skip(line, f"{key}[{index}]: no name")
            continue
        if not isinstance(name, str):
            reader.skip(line, f"{key}[{index}]: name must be a string, got {_type_name(name)}")
            continue
        version = table.get("version")
        if version is not None and not isinstance(version, str):
            reader.skip(line, f"package {name!r}: version must be a string, got {_type_name(version)}")
            continue
        entries.append(_Entry(index, line, table, name, version or None))
    return entries


def _table_field(entry: _Entry, key: str, reader: _LockReader) -> Mapping[str, Any] | None:
    """entry[key] when it is a table, {} when absent, None (after a skip) when it is something else."""
    value = entry.table.get(key, {})
    if not isinstance(value, dict):
        reader.skip(entry.line, f"package {entry.raw_name!r}: {key} must be a table, got {_type_name(value)}")
        return None
    return value


def _require_version(entry: _Entry, kind: Kind, reader: _LockReader) -> bool:
    """A package from an index must record its version; VCS and local sources may not know it."""
    if entry.version is None and kind == "registry":
        reader.skip(entry.line, f"package {entry.raw_name!r}: no version")
        return False
    return True


# ---------------------------------------------------------------------------
# poetry.lock: [[package]] with category (lock-version 1.x) or groups (2.1), [package.source],
# hashes in [metadata.files] (1.x) or per-package files (2.x), [extras] naming optional packages.


def parse_poetry_lock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """Every package of a poetry.lock; it cannot tell direct from transitive, so all are direct=False."""
    document = _load_toml(text, path)
    if isinstance(document, ParseResult):
        return document
    reader = _LockReader(path)
    extras_of = _poetry_extras(document.get("extras"))
    metadata = document.get("metadata")
    old_files = metadata.get("files") if isinstance(metadata, dict) else None
    files_by_name: dict[str, object] = {}
    if isinstance(old_files, dict):
        files_by_name = {canonicalize_name(name): files for name, files in old_files.items()}
    for entry in _entries(document, "package", text, reader):
        source = _table_field(entry, "source", reader)
        if source is None:
            continue
        locked = _poetry_locked(entry, source)
        if not _require_version(entry, locked.kind, reader):
            continue
        files = entry.table.get("files", files_by_name.get(canonicalize_name(entry.raw_name)))
        hashes = _sorted_unique(_prefixed_hash(f.get("hash")) for f in _list(files) if isinstance(f, dict))
        placement = _poetry_placement(entry, extras_of)
        reader.add(entry.line, replace(locked, hashes=hashes), placement)
    return reader.finish()


def _poetry_extras(value: object) -> dict[str, list[str]]:
    """Canonical package name -> the extras of the project that install it (top-level [extras])."""
    extras_of: dict[str, list[str]] = {}
    if not isinstance(value, dict):
        return extras_of
    for extra, members in sorted(value.items()):
        for member in _strings(members):
            # Poetry 1.0 wrote "psycopg2 (>=2.8,<3.0)"; the name is the part before any space or bracket.
            name = re.split(r"[\s(\[;]", member.strip(), maxsplit=1)[0]
            extras_of.setdefault(canonicalize_name(name), []).append(extra)
    return extras_of


def _poetry_locked(entry: _Entry, source: Mapping[str, Any]) -> _Locked:
    kind: Kind = "registry"
    url: str | None = None
    source_type = source.get("type")
    location = source.get("url")
    editable = entry.table.get("develop") is True
    if source_type == "git" and isinstance(location, str):
        commit = source.get("resolved_reference")
        ref = commit if isinstance(commit, str) and commit else source.get("reference")
        subdirectory = source.get("subdirectory")
        kind = "vcs"
        url = _vcs_url(
            "git", location, ref if isinstance(ref, str) else None,
            subdirectory if isinstance(subdirectory, str) else None,
        )  # fmt: skip
    elif source_type == "url" and isinstance(location, str):
        kind, url = "url", location
    elif source_type == "file" and isinstance(location, str):
        kind, url = ("url" if _is_url(location) else "path"), location
    elif source_type == "directory" and isinstance(location, str):
        kind, url = ("editable" if editable else "path"), location
    # Other types (legacy, explicit, supplemental) are package indexes: a registry download.
    markers = entry.table.get("markers")
    return _Locked(
        raw_name=entry.raw_name,
        version=entry.version,
        kind=kind,
        url=url,
        marker=markers if isinstance(markers, str) else None,
        editable=editable and kind == "editable",
    )


def _poetry_placement(entry: _Entry, extras_of: Mapping[str, list[str]]) -> _Placement:
    groups = _strings(entry.table.get("groups"))
    category = entry.table.get("category")
    if not groups:
        groups = [category] if isinstance(category, str) else ["main"]
    markers = entry.table.get("markers")
    if "main" in groups:
        marker = markers.get("main") if isinstance(markers, dict) else None
        if entry.table.get("optional") is True:
            extras = extras_of.get(canonicalize_name(entry.raw_name), [])
            return _Placement("optional", extras[0] if extras else None, marker=_str_or_none(marker))
        return _Placement("main", marker=_str_or_none(marker))
    group = groups[0]
    marker = markers.get(group) if isinstance(markers, dict) else None
    return _Placement("dev", group, marker=_str_or_none(marker))


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


# ---------------------------------------------------------------------------
# uv.lock: version = 1 (with revision), [[package]] with source = {registry|git|url|path|directory|
# editable|virtual}, dependency edges, [package.optional-dependencies], [package.dev-dependencies].
# The project's own packages (the root and workspace members) say which packages are direct and
# which are dev or optional; they are not dependencies themselves.

_UV_SOURCE_KEYS = ("registry", "git", "url", "path", "directory", "editable", "virtual")
_UV_GIT_QUERY = frozenset({"rev", "tag", "branch", "subdirectory", "lfs"})

_Label = tuple[Scope, "str | None"]


def parse_uv_lock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """Every locked package of a uv.lock but the project's own, placed by reachability from the project."""
    document = _load_toml(text, path)
    if isinstance(document, ParseResult):
        return document
    reader = _LockReader(path)
    lock_version = document.get("version")
    if lock_version is not None and lock_version != 1:
        reader.skip(None, f"version = {lock_version!r}: only uv.lock version 1 is understood; not read")
        return reader.finish()
    entries = _entries(document, "package", text, reader)
    manifest = document.get("manifest")
    manifest = manifest if isinstance(manifest, dict) else {}
    members = {canonicalize_name(m) for m in _strings(manifest.get("members"))}
    sources: dict[int, Mapping[str, Any]] = {}
    usable: list[_Entry] = []
    for entry in entries:
        source = _table_field(entry, "source", reader)
        if source is None:
            continue
        sources[len(usable)] = source
        usable.append(entry)
    graph = _UvGraph(usable, sources, members)
    graph.spread_from_project(manifest)
    for position, entry in enumerate(usable):
        if position in graph.roots:
            continue
        locked = _uv_locked(entry, sources[position])
        if isinstance(locked, str):
            reader.skip(entry.line, f"package {entry.raw_name!r}: {locked}")
        elif _require_version(entry, locked.kind, reader):
            reader.add(entry.line, locked, graph.placement(position))
    return reader.finish()


def _uv_is_root(entry: _Entry, source: Mapping[str, Any], members: AbstractSet[str]) -> bool:
    if "virtual" in source:
        return True
    local = next((source[k] for k in ("editable", "directory") if isinstance(source.get(k), str)), None)
    if local is None:
        return False
    return posixpath.normpath(local) == "." or canonicalize_name(entry.raw_name) in members


def _edge_extras(edge: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(sorted(_strings(edge.get("extra"))))


class _UvGraph:
    """The dependency edges of a uv.lock, walked from the project's own packages."""

    def __init__(
        self, entries: Sequence[_Entry], sources: Mapping[int, Mapping[str, Any]], members: AbstractSet[str]
    ) -> None:
        self._entries = entries
        self._sources = sources
        self._by_name: dict[str, list[int]] = {}
        for position, entry in enumerate(entries):
            self._by_name.setdefault(canonicalize_name(entry.raw_name), []).append(position)
        self.roots = frozenset(p for p, e in enumerate(entries) if _uv_is_root(e, sources[p], members))
        self._labels: dict[int, set[_Label]] = {}
        self._direct_markers: dict[int, list[str | None]] = {}
        self._seen: dict[_Label, set[tuple[int, tuple[str, ...]]]] = {}

    def targets(self, edge: Mapping[str, Any]) -> list[int]:
        """The entries an edge ({name, version?, source?}) points at: several only when it cannot tell."""
        if not isinstance(edge.get("name"), str):
            return []
        version, source = edge.get("version"), edge.get("source")
        return [
            p
            for p in self._by_name.get(canonicalize_name(edge["name"]), [])
            if (version is None or self._entries[p].version == version)
            and (source is None or self._sources[p] == source)
        ]

    def _requirements(self, position: int, extras: tuple[str, ...]) -> Iterator[Mapping[str, Any]]:
        table = self._entries[position].table
        yield from _edges(table.get("dependencies"))
        optional = table.get("optional-dependencies")
        if isinstance(optional, dict):
            for extra in extras:
                yield from _edges(optional.get(extra))

    def spread_from_project(self, manifest: Mapping[str, Any]) -> None:
        seeds: list[tuple[Mapping[str, Any], _Label]] = []
        for root in sorted(self.roots):
            table = self._entries[root].table
            seeds += [(edge, ("main", None)) for edge in _edges(table.get("dependencies"))]
            optional = _grouped_edges(table.get("optional-dependencies"))
            seeds += [(edge, ("optional", extra)) for extra, edge in optional]
            seeds += [(edge, ("dev", group)) for group, edge in _grouped_edges(table.get("dev-dependencies"))]
        # A script's lock, or a workspace without a root project, lists its requirements in [manifest].
        seeds += [(edge, ("main", None)) for edge in _edges(manifest.get("requirements"))]
        seeds += [(edge, ("dev", group)) for group, edge in _grouped_edges(manifest.get("dependency-groups"))]
        for edge, label in seeds:
            marker = edge.get("marker")
            for target in self.targets(edge):
                if target not in self.roots:
                    self._direct_markers.setdefault(target, []).append(marker if isinstance(marker, str) else None)
                    self._spread(target, _edge_extras(edge), label)

    def _spread(self, start: int, extras: tuple[str, ...], label: _Label) -> None:
        seen = self._seen.setdefault(label, set())
        stack = [(start, extras)]
        while stack:
            position, wanted = stack.pop()
            if (position, wanted) in seen:
                continue
            seen.add((position, wanted))
            self._labels.setdefault(position, set()).add(label)
            for edge in self._requirements(position, wanted):
                stack += [(target, _edge_extras(edge)) for target in self.targets(edge) if target not in self.roots]

    def placement(self, position: int) -> _Placement:
        labels = self._labels.get(position, set())
        direct_markers = self._direct_markers.get(position)
        marker: str | None = None
        if direct_markers and None not in direct_markers and len(set(direct_markers)) == 1:
            marker = direct_markers[0]
        if marker is None:
            marker = _any_of(_strings(self._entries[position].table.get("resolution-markers")))
        direct = direct_markers is not None
        # Unreachable from the project (or no project recorded): installed by default, as far as we know.
        if not labels or any(scope == "main" for scope, _ in labels):
            return _Placement("main", None, direct, marker)
        for scope in ("optional", "dev"):
            groups = sorted(group or "" for s, group in labels if s == scope)
            if groups:
                return _Placement(scope, groups[0] or None, direct, marker)
        return _Placement("main", None, direct, marker)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _edges(value: object) -> list[Mapping[str, Any]]:
    """The tables of an array of dependency edges (anything else in it names no package)."""
    return [edge for edge in _list(value) if isinstance(edge, dict)]


def _grouped_edges(value: object) -> list[tuple[str, Mapping[str, Any]]]:
    """(group, edge) for a table of group -> edges, groups in sorted order."""
    groups = value if isinstance(value, dict) else {}
    return [(group, edge) for group, edges in sorted(groups.items()) for edge in _edges(edges)]


def _any_of(markers: Sequence[str]) -> str | None:
    """One marker true wherever any of `markers` is (uv's resolution-markers of a forked package)."""
    if not markers:
        return None
    if len(markers) == 1:
        return markers[0]
    return " or ".join(f"({m})" for m in markers)


def _uv_locked(entry: _Entry, source: Mapping[str, Any]) -> _Locked | str:
    kind: Kind = "registry"
    url: str | None = None
    editable = False
    if source:
        key = next((k for k in _UV_SOURCE_KEYS if isinstance(source.get(k), str)), None)
        if key is None:
            return f"source names no {', '.join(_UV_SOURCE_KEYS)} location: {dict(source)!r}"
        location = str(source[key])
        if key == "git":
            kind, url = "vcs", _uv_git_url(location)
        elif key == "url":
            kind, url = "url", location
        elif key in ("path", "directory"):
            kind, url = "path", location
        elif key == "editable":
            kind, url, editable = "editable", location, True
    hashes: list[str | None] = []
    sdist = entry.table.get("sdist")
    if isinstance(sdist, dict):
        hashes.append(_prefixed_hash(sdist.get("hash")))
    hashes += [_prefixed_hash(w.get("hash")) for w in _list(entry.table.get("wheels")) if isinstance(w, dict)]
    return _Locked(entry.raw_name, entry.version, kind, url, _sorted_unique(hashes), editable=editable)


def _uv_git_url(location: str) -> str:
    """uv writes git sources as <repository>?rev=<ref>#<commit>; pip's spelling is git+<repository>@<commit>."""
    repository, _, commit = location.partition("#")
    parts = urlsplit(repository)
    query = parse_qsl(parts.query, keep_blank_values=True)
    named = dict(query)
    ref = commit or named.get("rev") or named.get("tag") or named.get("branch")
    kept = urlencode([(k, v) for k, v in query if k not in _UV_GIT_QUERY])
    return _vcs_url("git", parts._replace(query=kept).geturl(), ref or None, named.get("subdirectory") or None)


# ---------------------------------------------------------------------------
# Pipfile.lock (JSON): "_meta", then "default" (main), "develop" (dev) and any custom package
# categories of newer pipenv, each mapping a name to {version: "==x", hashes, markers, git + ref,
# editable, path, file, extras, index}.

_PIPFILE_VCS = ("git", "hg", "svn", "bzr")


def parse_pipfile_lock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """Every package of a Pipfile.lock; direct=False (the lock does not say which the Pipfile names).

    A package that "develop" locks at the same version as "default" is reported once, as main.
    """
    reader = _LockReader(path)
    try:
        data = parse_json(text)
    except ValueError as exc:
        reader.skip(None, str(exc))
        return reader.finish()
    if not isinstance(data, dict):
        reader.skip(None, f"expected a JSON object at the top level, got {json_type_name(data)}")
        return reader.finish()
    lines = _json_member_lines(text)
    in_main: set[tuple[str, str | None]] = set()
    categories = ["default", "develop", *(k for k in data if k not in ("_meta", "default", "develop"))]
    for category in categories:
        packages = data.get(category)
        if packages is None:
            continue
        if not isinstance(packages, dict):
            reader.skip(lines.get(("", category)), f"{category}: expected an object, got {json_type_name(packages)}")
            continue
        placement = _Placement() if category == "default" else _Placement("dev", category)
        for raw_name, spec in packages.items():
            line = lines.get((category, raw_name), 1)
            locked = _pipfile_locked(raw_name, spec)
            if isinstance(locked, str):
                reader.skip(line, f"{category}.{raw_name}: {locked}")
                continue
            key = (canonicalize_name(raw_name), locked.version)
            if category == "default":
                in_main.add(key)
            elif key in in_main:
                continue
            reader.add(line, locked, placement)
    return reader.finish()


def _pipfile_locked(raw_name: str, spec: object) -> _Locked | str:
    if not isinstance(spec, dict):
        return f"expected an object, got {json_type_name(spec)}"
    written = spec.get("version")
    if written is not None and not isinstance(written, str):
        return f"version must be a string, got {json_type_name(written)}"
    version: str | None = None
    if written and written.strip() != "*":
        match = re.fullmatch(r"\s*===?\s*(\S+)\s*", written)
        if match is None:
            return f"version {written!r} is not an exact pin (==x)"
        version = match.group(1)
    hashes = _sorted_unique(_prefixed_hash(h) for h in _list(spec.get("hashes")))
    markers = spec.get("markers")
    editable = spec.get("editable") is True
    fields: dict[str, Any] = {
        "hashes": hashes,
        "marker": markers if isinstance(markers, str) else None,
        "extras": tuple(sorted(_strings(spec.get("extras")))),
    }
    vcs = next((v for v in _PIPFILE_VCS if isinstance(spec.get(v), str)), None)
    if vcs is not None:
        ref, subdirectory = spec.get("ref"), spec.get("subdirectory")
        url = _vcs_url(
            vcs, spec[vcs], ref if isinstance(ref, str) else None,
            subdirectory if isinstance(subdirectory, str) else None,
        )  # fmt: skip
        return _Locked(raw_name, version, "vcs", url, editable=editable, **fields)
    if isinstance(spec.get("path"), str):
        kind: Kind = "editable" if editable else "path"
        return _Locked(raw_name, version, kind, spec["path"], editable=editable, **fields)
    if isinstance(spec.get("file"), str):
        location = spec["file"]
        return _Locked(raw_name, version, "url" if _is_url(location) else "path", location, **fields)
    if version is None:
        return "no version, git, path or file given"
    return _Locked(raw_name, version, "registry", **fields)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _json_member_lines(text: str) -> dict[tuple[str, str], int]:
    """The line of each member key of a JSON document's top-level objects, keyed by (top-level key,
    key); top-level keys themselves under ("", key). A repeated key keeps its last line, as json
    keeps its last value. Only called on text json has accepted."""
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    lines: dict[tuple[str, str], int] = {}
    depth = 0
    top = ""
    position = 0
    while position < len(text):
        char = text[position]
        if char == '"':
            match = _JSON_STRING.match(text, position)
            end = match.end() if match is not None else len(text)
            after = end
            while after < len(text) and text[after] in " \t\r\n":
                after += 1
            if match is not None and after < len(text) and text[after] == ":":
                key = str(json.loads(match.group(0)))
                line = bisect.bisect_left(newlines, position) + 1
                if depth == 1:
                    top = key
                    lines[("", key)] = line
                elif depth == 2:
                    lines[(top, key)] = line
            position = end
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        position += 1
    return lines


# ---------------------------------------------------------------------------
# pdm.lock: [metadata] groups and lock_version, [[package]] with groups, marker, files hashes and
# git/url/path sources; lock_version 4.0 and older keep hashes in [metadata.files] ("name version").

_PDM_VCS = ("git", "hg", "svn", "bzr")


def parse_pdm_lock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """Every package of a pdm.lock; "default" group members are main, the other groups dev.

    PDM names extras and dependency groups alike in "groups", so an extra's packages read as dev too.
    """
    document = _load_toml(text, path)
    if isinstance(document, ParseResult):
        return document
    reader = _LockReader(path)
    metadata = document.get("metadata")
    old_files = metadata.get("files") if isinstance(metadata, dict) else None
    old_files = old_files if isinstance(old_files, dict) else {}
    for entry in _entries(document, "package", text, reader):
        locked = _pdm_locked(entry)
        if not _require_version(entry, locked.kind, reader):
            continue
        files = entry.table.get("files")
        if files is None:
            files = old_files.get(f"{entry.raw_name} {entry.version}")
        if files is None:
            files = old_files.get(f"{canonicalize_name(entry.raw_name)} {entry.version}")
        hashes = _sorted_unique(_prefixed_hash(f.get("hash")) for f in _list(files) if isinstance(f, dict))
        groups = _strings(entry.table.get("groups")) or _strings(entry.table.get("sections")) or ["default"]
        placement = _Placement() if "default" in groups else _Placement("dev", groups[0])
        reader.add(entry.line, replace(locked, hashes=hashes), placement)
    return reader.finish()


def _pdm_locked(entry: _Entry) -> _Locked:
    table = entry.table
    marker = table.get("marker")
    editable = table.get("editable") is True
    fields: dict[str, Any] = {
        "marker": marker if isinstance(marker, str) else None,
        "extras": tuple(sorted(_strings(table.get("extras")))),
    }
    vcs = next((v for v in _PDM_VCS if isinstance(table.get(v), str)), None)
    if vcs is not None:
        revision = next((table[k] for k in ("revision", "ref") if isinstance(table.get(k), str)), None)
        subdirectory = table.get("subdirectory")
        url = _vcs_url(vcs, table[vcs], revision, subdirectory if isinstance(subdirectory, str) else None)
        return _Locked(entry.raw_name, entry.version, "vcs", url, editable=editable, **fields)
    if isinstance(table.get("url"), str):
        return _Locked(entry.raw_name, entry.version, "url", table["url"], **fields)
    if isinstance(table.get("path"), str):
        kind: Kind = "editable" if editable else "path"
        return _Locked(entry.raw_name, entry.version, kind, table["path"], editable=editable, **fields)
    return _Locked(entry.raw_name, entry.version, "registry", **fields)


# ---------------------------------------------------------------------------
# pylock.toml (PEP 751): lock-version 1.x, [[packages]] with name, version, marker and one source
# (vcs, directory, archive, or index files: sdist/wheels); markers select extras and dependency
# groups ('dev' in dependency_groups), default-groups name what installs by default.

_GROUP_REFERENCE = re.compile(
    r"(?P<quote>['\"])(?P<name>[^'\"]+)(?P=quote)\s+(?P<negated>not\s+)?in\s+(?P<variable>extras|dependency_groups)\b"
)


def parse_pylock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """Every package of a pylock.toml; an entry for the project's own directory (".") is the project:
    its dependencies are the direct ones."""
    document = _load_toml(text, path)
    if isinstance(document, ParseResult):
        return document
    reader = _LockReader(path)
    lock_version = document.get("lock-version")
    if not isinstance(lock_version, str):
        what = "missing" if lock_version is None else f"{_type_name(lock_version)}, not a string"
        reader.skip(None, f"lock-version is {what}: not a PEP 751 lock file; not read")
        return reader.finish()
    if lock_version.strip().split(".")[0] != "1":
        reader.skip(None, f"lock-version {lock_version!r} is not supported (major version 1 expected); not read")
        return reader.finish()
    default_groups = set(_strings(document.get("default-groups")))
    entries = _entries(document, "packages", text, reader)
    projects = [e for e in entries if _is_project_directory(e.table.get("directory"))]
    direct = {
        (canonicalize_name(edge["name"]), edge.get("version"))
        for project in projects
        for edge in _edges(project.table.get("dependencies"))
        if isinstance(edge.get("name"), str)
    }
    project_entries = {project.index for project in projects}
    for entry in entries:
        if entry.index in project_entries:
            continue
        locked = _pylock_locked(entry)
        if isinstance(locked, str):
            reader.skip(entry.line, f"package {entry.raw_name!r}: {locked}")
            continue
        if not _require_version(entry, locked.kind, reader):
            continue
        name = canonicalize_name(entry.raw_name)
        is_direct = (name, None) in direct or (name, entry.version) in direct
        reader.add(entry.line, locked, _pylock_placement(locked.marker, default_groups, is_direct))
    return reader.finish()


def _is_project_directory(directory: object) -> bool:
    return isinstance(directory, dict) and posixpath.normpath(str(directory.get("path", ""))) == "."


def _hash_table(value: object) -> list[str | None]:
    return [_hash_string(k, v) for k, v in value.items()] if isinstance(value, dict) else []


def _url_or_path_table(value: object, key: str) -> tuple[Mapping[str, Any], str] | str:
    """A [packages.vcs] or [packages.archive] table and where it points (its url, else its path), or why not."""
    if not isinstance(value, dict):
        return f"{key} must be a table, got {_type_name(value)}"
    location = value.get("url", value.get("path"))
    if not isinstance(location, str):
        return f"{key} has no url or path"
    return value, location


def _pylock_locked(entry: _Entry) -> _Locked | str:
    table = entry.table
    marker = table.get("marker")
    common: dict[str, Any] = {"marker": marker if isinstance(marker, str) else None}
    vcs, directory, archive = table.get("vcs"), table.get("directory"), table.get("archive")
    if vcs is not None:
        located = _url_or_path_table(vcs, "vcs")
        if isinstance(located, str):
            return located
        vcs, location = located
        system = vcs.get("type") if isinstance(vcs.get("type"), str) else "git"
        commit = next((vcs[k] for k in ("commit-id", "requested-revision") if isinstance(vcs.get(k), str)), None)
        subdirectory = vcs.get("subdirectory") if isinstance(vcs.get("subdirectory"), str) else None
        url = _vcs_url(str(system).lower(), location, commit, subdirectory)
        return _Locked(entry.raw_name, entry.version, "vcs", url, **common)
    if directory is not None:
        if not isinstance(directory, dict) or not isinstance(directory.get("path"), str):
            return "directory must be a table with a path"
        editable = directory.get("editable") is True
        kind: Kind = "editable" if editable else "path"
        return _Locked(entry.raw_name, entry.version, kind, directory["path"], editable=editable, **common)
    if archive is not None:
        located = _url_or_path_table(archive, "archive")
        if isinstance(located, str):
            return located
        archive, location = located
        hashes = _sorted_unique(_hash_table(archive.get("hashes")))
        kind = "url" if isinstance(archive.get("url"), str) else "path"
        return _Locked(entry.raw_name, entry.version, kind, location, hashes, **common)
    hashes_found: list[str | None] = []
    sdist = table.get("sdist")
    if isinstance(sdist, dict):
        hashes_found += _hash_table(sdist.get("hashes"))
    for wheel in _list(table.get("wheels")):
        if isinstance(wheel, dict):
            hashes_found += _hash_table(wheel.get("hashes"))
    return _Locked(entry.raw_name, entry.version, "registry", hashes=_sorted_unique(hashes_found), **common)


def _pylock_placement(marker: str | None, default_groups: set[str], direct: bool) -> _Placement:
    """A package whose marker selects it only for an extra or a dependency group belongs there."""
    references = [
        (match.group("variable"), match.group("name"))
        for match in _GROUP_REFERENCE.finditer(marker or "")
        if not match.group("negated")
    ]
    groups = sorted(name for variable, name in references if variable == "dependency_groups")
    extras = sorted(name for variable, name in references if variable == "extras")
    if not references or default_groups.intersection(groups):
        return _Placement(direct=direct)
    if extras:
        return _Placement("optional", extras[0], direct)
    return _Placement("dev", groups[0], direct)


# ---------------------------------------------------------------------------
# setup.cfg (setuptools): [options] install_requires / setup_requires / tests_require and
# [options.extras_require], read as setuptools reads them: a multi-line value holds one requirement
# per line, a one-line value is split at ";", "#" starts a comment (at the line start or after a
# space), and "file: a.txt, b.txt" reads the requirements from files beside the setup.cfg.

_SETUP_OPTIONS: Mapping[str, tuple[Scope, str | None]] = {
    "install_requires": ("main", None),
    "setup_requires": ("build", None),
    "tests_require": ("dev", "tests_require"),
}
_FILE_DIRECTIVE = "file:"


def parse_setup_cfg(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """Requirements a setup.cfg declares, and those of the files its file: directives name."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # extras keep their spelling
    try:
        parser.read_string(text, source=path)
    except configparser.Error as exc:
        reason = f"invalid setup.cfg: {' '.join(str(exc).split())}"
        return ParseResult(skipped=[Skipped(path, reason)], manifests=[path])
    reader = _SetupCfgReader(path, read_include, _IniLocator(text))
    if parser.has_section("options"):
        for option, value in parser.items("options"):
            known = _SETUP_OPTIONS.get(option.replace("-", "_"))
            if known is not None:
                reader.value("options", option, value, *known)
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            reader.value("options.extras_require", extra, value, "optional", extra)
    reader.result.dependencies.sort(key=Dependency.sort_key)
    return reader.result


class _IniLocator:
    """Lines of setup.cfg values: configparser reports none, so the text is scanned the same way."""

    _HEADER = re.compile(r"^\[(?P<name>[^\]]+)\]")
    _OPTION = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]")

    def __init__(self, text: str) -> None:
        self._spans: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._claimed: set[tuple[int, str]] = set()
        section, span = "", None
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            header = self._HEADER.match(line)
            if header is not None:
                section, span = header.group("name").strip(), None
                continue
            if not stripped or stripped.startswith(("#", ";")):
                continue
            option = None if line[0].isspace() else self._OPTION.match(line)
            if option is not None:
                span = self._spans.setdefault((section, option.group("key").strip()), [])
                span.append((number, line[option.end() :]))
            elif span is not None:
                span.append((number, line))

    def start(self, section: str, option: str) -> int:
        span = self._spans.get((section, option))
        return span[0][0] if span else 1

    def line(self, section: str, option: str, requirement: str) -> int:
        """The first line of the option's value holding `requirement` not yet given to an earlier one."""
        span = self._spans.get((section, option), [])
        for number, content in span:
            if requirement in content and (number, requirement) not in self._claimed:
                self._claimed.add((number, requirement))
                return number
        return self.start(section, option)


def _requirement_lines(value: str) -> list[str]:
    """setuptools' reading of a requirements value: lines (or ";"-separated pieces of one line),
    comments dropped."""
    pieces = value.splitlines() if "\n" in value else value.split(";")
    requirements = []
    for piece in pieces:
        requirement = piece.partition(" #")[0].strip()
        if requirement and not requirement.startswith("#"):
            requirements.append(requirement)
    return requirements


@dataclass
class _SetupCfgReader:
    path: str
    read_include: IncludeReader
    locator: _IniLocator
    result: ParseResult = field(default_factory=ParseResult)

    def __post_init__(self) -> None:
        self.result.manifests.append(self.path)

    def skip(self, path: str, reason: str) -> None:
        self.result.skipped.append(Skipped(path, reason))

    def value(self, section: str, option: str, value: str, scope: Scope, group: str | None) -> None:
        where = f"[{section}] {option}"
        if value.strip().startswith(_FILE_DIRECTIVE):
            line = self.locator.start(section, option)
            for target in value.strip()[len(_FILE_DIRECTIVE) :].split(","):
                if target.strip():
                    self._file(target.strip(), line, where, scope, group)
            return
        one_line = "\n" not in value
        for requirement in _requirement_lines(value):
            line = self.locator.line(section, option, requirement)
            outcome = dependency_from_pep508(requirement, _Origin(self.path, line, scope, "setup-cfg", group))
            if isinstance(outcome, Dependency):
                self.result.dependencies.append(outcome)
                continue
            if one_line and ";" in value:
                outcome += "; setuptools splits a one-line value at ';', so a marker needs the multi-line form"
            self.skip(self.path, f"line {line}: {where}: {outcome}")

    def _file(self, target: str, line: int, where: str, scope: Scope, group: str | None) -> None:
        written = target.replace("\\", "/")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), written))
        absolute = written.startswith("/") or re.match(r"^[A-Za-z]:", written) is not None
        if absolute or resolved == ".." or resolved.startswith("../"):
            self.skip(self.path, f"line {line}: {where}: file: {target!r} is outside the repository; not read")
            return
        text = self.read_include(resolved)
        if isinstance(text, Skipped):
            self.skip(resolved, f"named by file: in {self.path}:{line} ({where}): {text.reason}")
            return
        if resolved not in self.result.manifests:
            self.result.manifests.append(resolved)
        for number, raw_line in enumerate(text.splitlines(), 1):
            requirement = raw_line.partition(" #")[0].strip()
            if not requirement or requirement.startswith("#"):
                continue
            outcome = dependency_from_pep508(requirement, _Origin(resolved, number, scope, "setup-cfg", group))
            if isinstance(outcome, Dependency):
                self.result.dependencies.append(outcome)
            else:
                self.skip(resolved, f"line {number}: {outcome} (named by file: in {self.path}:{line})")
