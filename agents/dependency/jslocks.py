"""JavaScript lockfiles: package-lock.json and npm-shrinkwrap.json (v1 to v3), yarn.lock (classic v1
and berry), pnpm-lock.yaml (5.x, 6.x, 9.x).

Each parser is a pure function (text, repo-relative path, include reader) -> ParseResult named in
agents.dependency.manifests.MANIFEST_PARSERS. Every installed package becomes a Dependency at the
line of its entry, with its resolved version, where it comes from (registry, VCS commit, tarball
URL, local path), its integrity hashes, its scope (main, optional, dev) and whether the project
declares it itself. The same package at several versions is several dependencies. An entry that
cannot be read becomes a Skipped naming its line; the others are still read.

Lockfiles that do not record the project's own declarations (package-lock.json v1, yarn.lock) are
completed by the sibling package.json when there is one; without it they cannot tell direct
dependencies (direct=False) and, for yarn.lock, dev ones (scope main).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from agents.base import Skipped
from agents.dependency.lockcommon import Locked, LockReader, reachable_scopes, sibling_path, vcs_url, widest_scope
from agents.dependency.model import ECOSYSTEM_NPM, Kind, ParseResult, Scope
from analyzer.dataformats import parse_json, parse_yaml
from analyzer.rules import json_type_name

if TYPE_CHECKING:
    from agents.dependency.parsers import IncludeReader

# ---------------------------------------------------------------------------
# Shared pieces: where a package comes from, integrity hashes, the project's package.json.

_HOSTED_GIT = {"github": "github.com", "gitlab": "gitlab.com", "bitbucket": "bitbucket.org"}
_GIT_URL_PREFIXES = ("git+", "git://", "git@", "ssh://")

DECLARATION_FIELDS: tuple[tuple[str, Scope], ...] = (
    ("dependencies", "main"),
    ("optionalDependencies", "optional"),
    ("devDependencies", "dev"),
    ("peerDependencies", "main"),
)
"""package.json fields that declare dependencies, and the scope each declares them in."""


def _is_registry_tarball(url: str) -> bool:
    """npm registries (and mirrors of them) serve packages at <registry>/<name>/-/<file>.tgz."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False  # not a URL at all (the entry is then skipped as such)
    return "/-/" in path and path.endswith(".tgz")


def _source(location: str) -> tuple[Kind, str | None]:
    """Kind and URL of a package from where a lockfile says it was fetched (npm's "resolved",
    yarn classic's "resolved", or a package-lock v1 "version" that is not a version)."""
    lowered = location.lower()
    if lowered.startswith("file:"):
        return "path", location
    prefix, _, rest = location.partition(":")
    if prefix.lower() in _HOSTED_GIT and not rest.startswith("//"):
        repository, _, ref = rest.partition("#")
        host = _HOSTED_GIT[prefix.lower()]
        return "vcs", vcs_url(f"https://{host}/{repository.removesuffix('.git')}.git", ref or None)
    if lowered.startswith(_GIT_URL_PREFIXES):
        repository, _, ref = location.partition("#")
        return "vcs", vcs_url(repository, ref or None)
    if lowered.startswith(("http://", "https://")):
        return ("registry", None) if _is_registry_tarball(location) else ("url", location)
    return "path", location


def sri_hashes(integrity: object) -> tuple[str, ...]:
    """Subresource-integrity values ("sha512-<base64>", several separated by spaces) as "sha512:<hex>"."""
    if not isinstance(integrity, str):
        return ()
    hashes: set[str] = set()
    for token in integrity.split():
        algorithm, _, digest = token.partition("-")
        try:
            raw = base64.b64decode(digest.split("?", 1)[0], validate=True)
        except (binascii.Error, ValueError):
            hashes.add(token)
            continue
        hashes.add(f"{algorithm.lower()}:{raw.hex()}" if raw else token)
    return tuple(sorted(hashes))


def _read_package_json(path: str, read_include: IncludeReader, reader: LockReader) -> Mapping[str, Any] | None:
    """The package.json at `path`, or None when it is missing (which is fine) or unreadable (a skip)."""
    text = read_include(path)
    if isinstance(text, Skipped):
        return None
    lockfile = posixpath.basename(reader.path)
    try:
        document = parse_json(text)
    except ValueError as exc:
        reader.skip_file(path, f"{exc}; {lockfile} is read without it")
        return None
    if not isinstance(document, dict):
        reader.skip_file(path, f"expected a JSON object, got {json_type_name(document)}; {lockfile} is read without it")
        return None
    return document


def _declared(manifest: Mapping[str, Any]) -> Iterator[tuple[str, str, Scope]]:
    """(name, range, scope) of every dependency a package.json declares."""
    for field_name, scope in DECLARATION_FIELDS:
        declared = manifest.get(field_name)
        if isinstance(declared, dict):
            for name, spec in declared.items():
                yield name, spec if isinstance(spec, str) else "", scope


def _declared_scopes(manifest: Mapping[str, Any] | None) -> dict[str, Scope]:
    """Name -> the scope a package.json declares it in; a name declared twice takes the widest."""
    scopes: dict[str, list[Scope]] = {}
    for name, _, scope in _declared(manifest or {}):
        scopes.setdefault(name, []).append(scope)
    return {name: widest_scope(found) for name, found in scopes.items()}


def _flag_scope(entry: Mapping[str, Any]) -> Scope:
    """npm's and pnpm's entry flags. An optional dependency of a dev dependency has both flags: dev."""
    if entry.get("dev") is True:
        return "dev"
    if entry.get("optional") is True or entry.get("devOptional") is True:
        return "optional"
    return "main"


def _text(name: str, version: str | None, url: str | None) -> str:
    return f"{name}@{version}" if version else f"{name}@{url or ''}"


# ---------------------------------------------------------------------------
# Line locators: json.loads and YAML loaders report no lines, so find the keys in the text.

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


class _JsonKeyLines:
    """The line of every object key of a JSON text, by its path of keys (arrays count as "[]")."""

    def __init__(self, text: str) -> None:
        newlines = [m.start() for m in re.finditer("\n", text)]
        self._lines: dict[tuple[str, ...], int] = {}
        path: list[str] = []
        containers: list[str] = []
        last_string: re.Match[str] | None = None
        for match in _JSON_TOKEN.finditer(text):
            token = match.group()
            if token[0] == '"':
                last_string = match
                continue
            if token == ":" and last_string is not None and containers and containers[-1] == "{":
                path[-1] = json.loads(last_string.group())
                self._lines.setdefault(tuple(path), bisect.bisect_right(newlines, last_string.start()) + 1)
            elif token in "{[":
                containers.append(token)
                path.append("" if token == "{" else "[]")
            elif token in "}]" and containers:
                containers.pop()
                path.pop()
            last_string = None

    def line(self, *keys: str) -> int | None:
        return self._lines.get(keys)


_YAML_KEY = re.compile(r"""^(?P<indent> *)(?P<key>'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s'"#-].*?)\s*:(?:\s|$)""")


def _yaml_unquote(key: str) -> str:
    if key.startswith("'"):
        return key[1:-1].replace("''", "'")
    if key.startswith('"'):
        try:
            value = json.loads(key)
        except ValueError:
            return key[1:-1]
        return value if isinstance(value, str) else key[1:-1]
    return key.strip()


class _YamlKeyLines:
    """The line of each key of a lockfile's YAML block mappings at indents 0 and 2, by key path."""

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str, ...], int] = {}
        section: str | None = None
        for number, line in enumerate(text.splitlines(), 1):
            match = _YAML_KEY.match(line)
            if match is None:
                continue
            key, indent = _yaml_unquote(match.group("key")), len(match.group("indent"))
            if indent == 0:
                section = key
                self._lines.setdefault((key,), number)
            elif indent == 2 and section is not None:
                self._lines.setdefault((section, key), number)

    def line(self, *keys: str) -> int | None:
        return self._lines.get(keys)


# ---------------------------------------------------------------------------
# package-lock.json / npm-shrinkwrap.json

_NPM_LOCK_VERSIONS = (1, 2, 3)


def parse_package_lock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """npm's lockfile: v2 and v3 are read from "packages" (v2 also repeats the v1 tree, which is
    ignored), v1 and the unversioned shrinkwrap files of npm 4 and older from the "dependencies" tree."""
    reader = LockReader(path, ECOSYSTEM_NPM)
    try:
        document = parse_json(text)
    except ValueError as exc:
        reader.skip(None, str(exc))
        return reader.finish()
    if not isinstance(document, dict):
        reader.skip(None, f"expected a JSON object, got {json_type_name(document)}")
        return reader.finish()
    lines = _JsonKeyLines(text)
    version = document.get("lockfileVersion", 1)
    if isinstance(version, bool) or version not in _NPM_LOCK_VERSIONS:
        supported = ", ".join(str(v) for v in _NPM_LOCK_VERSIONS)
        reader.skip(lines.line("lockfileVersion"), f"unsupported lockfileVersion {version!r}; supported: {supported}")
        return reader.finish()
    if version >= 2 and "packages" in document:
        _read_npm_packages(document["packages"], lines, reader)
    else:
        manifest = _read_package_json(sibling_path(path, "package.json"), read_include, reader)
        _read_npm_tree(document.get("dependencies"), lines, reader, frozenset(_declared_scopes(manifest)))
    return reader.finish()


def _is_installed(key: str) -> bool:
    """packages keys under node_modules are installed packages; the others are the project's folders."""
    return key.startswith("node_modules/") or "/node_modules/" in key


def _installed_location(folder: str, name: str, entries: Mapping[str, object]) -> str | None:
    """Where Node finds `name` from `folder`: its node_modules, then each parent's, up to the root."""
    while True:
        candidate = f"{folder}/node_modules/{name}" if folder else f"node_modules/{name}"
        if candidate in entries:
            return candidate
        if not folder:
            return None
        parent = posixpath.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _npm_direct_keys(entries: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Installed packages the root project, or a workspace or local package it links, declares."""
    folders = {""} | {
        entry["resolved"]
        for entry in entries.values()
        if entry.get("link") is True and isinstance(entry.get("resolved"), str)
    }
    direct: set[str] = set()
    for folder in folders:
        declaring = entries.get(folder)
        for name, _, _ in _declared(declaring or {}):
            location = _installed_location(folder, name, entries)
            if location is not None:
                direct.add(location)
    return direct


def _read_npm_packages(packages: object, lines: _JsonKeyLines, reader: LockReader) -> None:
    if not isinstance(packages, dict):
        reader.skip(lines.line("packages"), f'"packages" must be an object, got {json_type_name(packages)}')
        return
    entries: dict[str, Mapping[str, Any]] = {}
    for key, entry in packages.items():
        if isinstance(entry, dict):
            entries[key] = entry
        else:
            reader.skip(
                lines.line("packages", key), f'packages["{key}"] must be an object, got {json_type_name(entry)}'
            )
    direct = _npm_direct_keys(entries)
    for key, entry in entries.items():
        if _is_installed(key):
            line = lines.line("packages", key) or 1
            outcome = _npm_package(key, entry, entries, line, key in direct)
            if isinstance(outcome, str):
                reader.skip(line, f'packages["{key}"]: {outcome}')
            else:
                reader.add(outcome)


def _string_field(entry: Mapping[str, Any], key: str) -> str | None:
    """entry[key] when it is a string; a ValueError naming the field when it is something else."""
    value = entry.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f'"{key}" must be a string, got {json_type_name(value)}')


def _npm_package(
    key: str, entry: Mapping[str, Any], entries: Mapping[str, Mapping[str, Any]], line: int, direct: bool
) -> Locked | str:
    try:
        # An alias (node_modules/<alias> installing "npm:<real>@<range>") records the real name.
        name = _string_field(entry, "name") or key.rsplit("node_modules/", 1)[1]
        resolved = _string_field(entry, "resolved")
        version = _string_field(entry, "version")
    except ValueError as exc:
        return str(exc)
    scope = _flag_scope(entry)
    if entry.get("link") is True:
        # A workspace or a local folder linked into node_modules: the project's own code.
        if resolved is None:
            return 'a link must name the folder it links to in "resolved"'
        target = entries.get(resolved, {})
        target_version = target.get("version") if isinstance(target.get("version"), str) else None
        text = _text(name, target_version, resolved)
        return Locked(line, name, target_version, "path", resolved, (), scope, direct, text)
    if not version:
        return 'no "version"'
    kind, url = _source(resolved) if resolved else ("registry", None)
    hashes = sri_hashes(entry.get("integrity"))
    return Locked(line, name, version, kind, url, hashes, scope, direct, _text(name, version, url))


def _tree_where(keys: Sequence[str]) -> str:
    """dependencies["a"].dependencies["b"] for the key path ("dependencies", "a", "dependencies", "b")."""
    parts = [f'{keys[i]}["{keys[i + 1]}"]' for i in range(0, len(keys) - 1, 2)]
    if len(keys) % 2:
        parts.append(keys[-1])
    return ".".join(parts)


def _read_npm_tree(tree: object, lines: _JsonKeyLines, reader: LockReader, declared: frozenset[str]) -> None:
    """The v1 tree: top-level entries are node_modules/<name>, nested "dependencies" the copies
    installed under their parent. Only a top-level entry the package.json declares is direct."""
    pending: list[tuple[tuple[str, ...], object]] = [(("dependencies",), tree)]
    while pending:
        keys, mapping = pending.pop()
        if mapping is None:
            continue
        if not isinstance(mapping, dict):
            reader.skip(lines.line(*keys), f"{_tree_where(keys)} must be an object, got {json_type_name(mapping)}")
            continue
        for name, entry in mapping.items():
            entry_keys = (*keys, name)
            line = lines.line(*entry_keys) or 1
            if not isinstance(entry, dict):
                reader.skip(line, f"{_tree_where(entry_keys)} must be an object, got {json_type_name(entry)}")
                continue
            if "dependencies" in entry:
                pending.append(((*entry_keys, "dependencies"), entry["dependencies"]))
            outcome = _npm_tree_package(name, entry, line, len(keys) == 1 and name in declared)
            if isinstance(outcome, str):
                reader.skip(line, f"{_tree_where(entry_keys)}: {outcome}")
            else:
                reader.add(outcome)


def _npm_tree_package(key: str, entry: Mapping[str, Any], line: int, direct: bool) -> Locked | str:
    try:
        version = _string_field(entry, "version")
        resolved = _string_field(entry, "resolved")
    except ValueError as exc:
        return str(exc)
    if not version:
        return 'no "version"'
    name = key
    kind: Kind = "registry"
    url: str | None = None
    if version.startswith("npm:"):
        # An alias: "version": "npm:<real name>@<version>".
        real, _, aliased_version = version[4:].rpartition("@")
        if not real or not aliased_version:
            return f"cannot read the alias {version!r}"
        name, version = real, aliased_version
    elif ":" in version or "/" in version:
        # Not from a registry: v1 writes the source (git URL, tarball URL, file: path) as the version.
        kind, url = _source(version)
        if kind == "registry":
            kind, url = "url", version
        version = None
    if kind == "registry" and resolved:
        kind, url = _source(resolved)
    hashes = sri_hashes(entry.get("integrity"))
    return Locked(line, name, version, kind, url, hashes, _flag_scope(entry), direct, _text(name, version, url))


# ---------------------------------------------------------------------------
# yarn.lock: classic (v1, yarn's own format) and berry (YAML with __metadata)

_BERRY_METADATA = re.compile(r"^__metadata:\s*$", re.MULTILINE)


def parse_yarn_lock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """yarn.lock of Yarn classic or berry; the sibling package.json tells direct and dev dependencies."""
    reader = LockReader(path, ECOSYSTEM_NPM)
    manifest = _read_package_json(sibling_path(path, "package.json"), read_include, reader)
    if _BERRY_METADATA.search(text):
        _read_berry(text, manifest, read_include, reader)
    else:
        _read_classic(text, manifest, reader)
    return reader.finish()


def _split_descriptor(descriptor: str) -> tuple[str, str] | None:
    """("@scope/name", "^1.0.0") from "@scope/name@^1.0.0"; the name's own @ is its first character."""
    at = descriptor.find("@", 1)
    if at <= 0:
        return None
    return descriptor[:at], descriptor[at + 1 :]


def _alias_target(name: str, reference: str) -> str:
    """The package an npm alias installs: "real" for the range "npm:real@^1"; else `name` itself."""
    if reference.startswith("npm:"):
        target = _split_descriptor(reference[4:])
        if target is not None:
            return target[0]
    return name


@dataclass
class _ClassicEntry:
    line: int
    descriptors: list[str]
    fields: dict[str, str] = field(default_factory=dict)
    sections: dict[str, dict[str, str]] = field(default_factory=dict)


_CLASSIC_PAIR = re.compile(r'^(?P<key>"(?:[^"\\]|\\.)*"|[^\s"]+)\s+(?P<value>.*\S)\s*$')
_CLASSIC_DESCRIPTOR = re.compile(r'"(?:[^"\\]|\\.)*"|[^,\s][^,]*')


def _classic_unquote(token: str) -> str:
    token = token.strip()
    if token.startswith('"') and token.endswith('"') and len(token) >= 2:
        try:
            value = json.loads(token)
        except ValueError:
            return token[1:-1]
        return value if isinstance(value, str) else token[1:-1]
    return token


def _classic_entries(text: str, reader: LockReader) -> list[_ClassicEntry]:
    """Yarn classic's format: "a@^1", a@^1.1: headers, then two-space indented `key value` fields
    and `dependencies:` sections whose `name range` lines are indented four spaces. Not YAML."""
    entries: list[_ClassicEntry] = []
    current: _ClassicEntry | None = None
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if indent == 0:
            current, section = None, None
            if not stripped.endswith(":"):
                reader.skip(number, f"expected an entry header ending in ':', got {stripped!r}")
                continue
            descriptors = [_classic_unquote(d) for d in _CLASSIC_DESCRIPTOR.findall(stripped[:-1])]
            current = _ClassicEntry(number, [d for d in descriptors if d])
            entries.append(current)
            continue
        if current is None:
            continue  # the body of a header already reported
        if indent == 2 and stripped.endswith(":"):
            section = _classic_unquote(stripped[:-1])
            current.sections[section] = {}
            continue
        pair = _CLASSIC_PAIR.match(stripped)
        if pair is None or (indent > 2 and section is None) or indent not in (2, 4):
            reader.skip(number, f"cannot read {stripped!r} in the entry at line {current.line}")
            continue
        key, value = _classic_unquote(pair.group("key")), _classic_unquote(pair.group("value"))
        if indent == 2:
            section = None
            current.fields[key] = value
        elif section is not None:
            current.sections[section][key] = value
    return entries


def _read_classic(text: str, manifest: Mapping[str, Any] | None, reader: LockReader) -> None:
    entries = _classic_entries(text, reader)
    entry_of: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for descriptor in entry.descriptors:
            entry_of.setdefault(descriptor, index)
    edges: dict[int, list[tuple[int, bool]]] = {}
    for index, entry in enumerate(entries):
        for section, optional in (("dependencies", False), ("optionalDependencies", True)):
            for name, reference in entry.sections.get(section, {}).items():
                target = entry_of.get(f"{name}@{reference}")
                if target is not None:
                    edges.setdefault(index, []).append((target, optional))
    roots = [
        (entry_of[f"{name}@{reference}"], scope)
        for name, reference, scope in _declared(manifest or {})
        if f"{name}@{reference}" in entry_of
    ]
    scopes = reachable_scopes(edges, roots)
    direct = {index for index, _ in roots}
    for index, entry in enumerate(entries):
        outcome = _classic_package(entry, scopes.get(index, "main"), index in direct)
        if isinstance(outcome, str):
            reader.skip(entry.line, outcome)
        else:
            reader.add(outcome)


def _classic_package(entry: _ClassicEntry, scope: Scope, direct: bool) -> Locked | str:
    header = ", ".join(entry.descriptors)
    parsed = [_split_descriptor(d) for d in entry.descriptors]
    if not parsed or any(p is None for p in parsed):
        return f"cannot read the package name in {header!r}"
    name, reference = parsed[0] or ("", "")
    name = _alias_target(name, reference)
    version = entry.fields.get("version")
    if not version:
        return f"{header!r} has no version"
    resolved = entry.fields.get("resolved")
    kind: Kind
    if resolved:
        kind, url = _source(resolved)
    elif reference.startswith(("file:", "link:")):
        kind, url = "path", reference
    else:
        kind, url = "registry", None
    hashes = sri_hashes(entry.fields.get("integrity"))
    if kind == "registry" and resolved and "#" in resolved:
        # Before integrity lines (yarn < 1.10) the tarball URL carried the file's SHA-1.
        fragment = resolved.rsplit("#", 1)[1]
        if re.fullmatch(r"[0-9a-f]{40}", fragment):
            hashes = tuple(sorted({*hashes, f"sha1:{fragment}"}))
    return Locked(entry.line, name, version, kind, url, hashes, scope, direct, _text(name, version, url))


# Berry ---------------------------------------------------------------------

_BERRY_VERSIONS = (4, 5, 6, 7, 8)
_COMMIT_PARAMETER = re.compile(r"(?:^|&)commit=(?P<commit>[0-9a-fA-F]+)")
_BERRY_LOCAL_PROTOCOLS = ("link", "portal", "file", "exec")


@dataclass(frozen=True)
class _BerryEntry:
    key: str
    line: int
    resolution: str
    table: Mapping[str, Any]


def _read_berry(text: str, manifest: Mapping[str, Any] | None, read_include: IncludeReader, reader: LockReader) -> None:
    try:
        document = parse_yaml(text)
    except ValueError as exc:
        reader.skip(None, str(exc))
        return
    if not isinstance(document, dict):
        reader.skip(None, f"expected a mapping of entries, got {json_type_name(document)}")
        return
    lines = _YamlKeyLines(text)
    metadata = document.get("__metadata")
    version = metadata.get("version") if isinstance(metadata, dict) else None
    if str(version) not in {str(v) for v in _BERRY_VERSIONS}:
        supported = ", ".join(str(v) for v in _BERRY_VERSIONS)
        where = lines.line("__metadata", "version") or lines.line("__metadata")
        reader.skip(where, f"unsupported __metadata version {version!r} (Yarn berry); supported: {supported}")
        return
    entries = _berry_entries(document, lines, reader)
    by_resolution = {entry.resolution: entry for entry in entries}
    resolution_of: dict[str, str] = {}
    for entry in entries:
        for descriptor in (d.strip() for d in entry.key.split(",") if d.strip()):
            resolution_of.setdefault(descriptor, entry.resolution)
            # Local protocols bind the descriptor to its workspace (::locator=...); dependents omit it.
            resolution_of.setdefault(descriptor.split("::", 1)[0], entry.resolution)
    inner_of = {e.resolution: inner for e in entries if (inner := _patched_locator(e.resolution)) is not None}
    edges: dict[str, list[tuple[str, bool]]] = {}
    for entry in entries:
        edges[entry.resolution] = [
            (target, optional) for _, target, optional in _berry_dependencies(entry, resolution_of)
        ]
        if entry.resolution in inner_of:
            edges[entry.resolution].append((inner_of[entry.resolution], False))
    roots = list(_berry_roots(entries, resolution_of, manifest, read_include, reader))
    scopes = reachable_scopes(edges, roots)
    direct = {node for node, _ in roots}
    for patch, inner in inner_of.items():
        if patch in direct:
            direct.add(inner)
    for entry in entries:
        if _is_workspace(entry.resolution) or inner_of.get(entry.resolution) in by_resolution:
            continue  # the project's own packages; a patched package is reported at its original entry
        resolution = inner_of.get(entry.resolution, entry.resolution)
        outcome = _berry_package(entry, resolution, scopes.get(entry.resolution, "main"), entry.resolution in direct)
        if isinstance(outcome, str):
            reader.skip(entry.line, f"{entry.key!r}: {outcome}")
        else:
            reader.add(outcome)


def _berry_entries(document: Mapping[Any, Any], lines: _YamlKeyLines, reader: LockReader) -> list[_BerryEntry]:
    entries: list[_BerryEntry] = []
    for key, table in document.items():
        if key == "__metadata":
            continue
        line = lines.line(str(key))
        if not isinstance(key, str):
            reader.skip(line, f"entry key {key!r} must be a string of descriptors")
        elif not isinstance(table, dict):
            reader.skip(line, f"{key!r} must be a mapping, got {json_type_name(table)}")
        elif not isinstance(table.get("resolution"), str):
            reader.skip(line, f"{key!r} has no resolution")
        else:
            entries.append(_BerryEntry(key, line or 1, table["resolution"], table))
    return entries


def _is_workspace(locator: str) -> bool:
    parts = _split_descriptor(locator)
    return parts is not None and parts[1].startswith("workspace:")


def _patched_locator(locator: str) -> str | None:
    """The package a patch: locator patches ("resolve@npm:1.22.8" for
    "resolve@patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::version=1.22.8&hash=c3c19d")."""
    parts = _split_descriptor(locator)
    if parts is None or not parts[1].startswith("patch:"):
        return None
    return unquote(parts[1][len("patch:") :].split("#", 1)[0])


def _berry_dependencies(entry: _BerryEntry, resolution_of: Mapping[str, str]) -> Iterator[tuple[str, str, bool]]:
    """(name as declared, resolution it points to, optional) for each dependency of an entry; berry
    keeps optional ones among the dependencies and flags them in dependenciesMeta."""
    dependencies = entry.table.get("dependencies")
    meta = entry.table.get("dependenciesMeta")
    meta = meta if isinstance(meta, dict) else {}
    for name, reference in (dependencies if isinstance(dependencies, dict) else {}).items():
        target = resolution_of.get(f"{name}@{reference}")
        if target is not None:
            flags = meta.get(name)
            yield str(name), target, isinstance(flags, dict) and flags.get("optional") is True


def _berry_roots(
    entries: Sequence[_BerryEntry],
    resolution_of: Mapping[str, str],
    root_manifest: Mapping[str, Any] | None,
    read_include: IncludeReader,
    reader: LockReader,
) -> Iterator[tuple[str, Scope]]:
    """What each workspace declares. The lockfile merges a workspace's dependencies and
    devDependencies; the workspace's package.json, when readable, tells the dev ones apart."""
    for entry in entries:
        parts = _split_descriptor(entry.resolution)
        if parts is None or not parts[1].startswith("workspace:"):
            continue
        folder = parts[1][len("workspace:") :]
        if folder in ("", "."):
            manifest = root_manifest
        else:
            location = posixpath.normpath(posixpath.join(posixpath.dirname(reader.path), folder, "package.json"))
            inside = not location.startswith("../") and not posixpath.isabs(location)
            manifest = _read_package_json(location, read_include, reader) if inside else None
        declared = _declared_scopes(manifest)
        for name, target, optional in _berry_dependencies(entry, resolution_of):
            if not _is_workspace(target):
                scope = declared.get(name, "main")
                yield target, "optional" if optional and scope == "main" else scope


def _berry_package(entry: _BerryEntry, locator: str, scope: Scope, direct: bool) -> Locked | str:
    parts = _split_descriptor(locator)
    if parts is None:
        return f"cannot read the package name in the resolution {entry.resolution!r}"
    name, reference = parts
    version = entry.table.get("version")
    if not isinstance(version, str) or not version:
        return "no version" if version is None else f"version must be a string, got {json_type_name(version)}"
    protocol, _, rest = reference.split("::", 1)[0].partition(":")
    kind: Kind
    url: str | None = None
    if protocol == "npm":
        kind = "registry"
    elif protocol in _BERRY_LOCAL_PROTOCOLS:
        kind, url = "path", rest
        version = None if version == "0.0.0-use.local" else version
    elif "#" in reference and _COMMIT_PARAMETER.search(reference.split("#", 1)[1]):
        commit = _COMMIT_PARAMETER.search(reference.split("#", 1)[1])
        kind, url = "vcs", vcs_url(reference.split("#", 1)[0], commit.group("commit") if commit else None)
    elif protocol in ("http", "https"):
        kind, url = "url", reference.split("::", 1)[0]
    else:
        return f"unsupported resolution protocol {protocol + ':'!r} in {entry.resolution!r}"
    hashes = _berry_checksum(entry.table.get("checksum"))
    return Locked(entry.line, name, version, kind, url, hashes, scope, direct, _text(name, version, url))


def _berry_checksum(value: object) -> tuple[str, ...]:
    """Berry's checksum: the SHA-512 of the cached archive in hex, after "<cacheKey>/" since Yarn 4."""
    if not isinstance(value, str) or not value:
        return ()
    digest = value.rsplit("/", 1)[-1]
    return (f"sha512:{digest}",) if re.fullmatch(r"[0-9a-f]{128}", digest) else (value,)


# ---------------------------------------------------------------------------
# pnpm-lock.yaml

_PNPM_MAJORS = (5, 6, 9)
# Dependency paths: /name/1.0.0_peer@2.0.0 (5.x), /name@1.0.0(peer@2.0.0) (6.x), name@1.0.0(peer@2.0.0)
# (9.x); before the first "/" an absolute path names a registry other than the default one.
_PNPM_V5_KEY = re.compile(r"^[^/]*/(?P<name>(?:@[^/]+/)?[^/@]+)/(?P<version>\d[^/_]*)(?P<peers>_.+)?$")
_PNPM_V6_KEY = re.compile(r"^[^/]*/(?P<name>(?:@[^/@]+/)?[^/@]+)@(?P<version>\d[^(]*)(?P<peers>\(.*\))?$")
_PNPM_V9_KEY = re.compile(r"^(?P<name>(?:@[^/@]+/)?[^/@]+)@(?P<version>[^(]+)(?P<peers>\(.*\))?$")
_PNPM_IMPORTER_FIELDS: tuple[tuple[str, Scope], ...] = (
    ("dependencies", "main"),
    ("optionalDependencies", "optional"),
    ("devDependencies", "dev"),
)


def _pnpm_major(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    match = re.match(r"^\s*(\d+)(?:[.-]|$)", str(value))
    return int(match.group(1)) if match else None


def parse_pnpm_lock(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    """pnpm's lockfile; importers (or, for a single project in 5.x and 6.x, the top-level fields)
    say what the project declares. 5.x and 6.x flag dev and optional packages; for 9.x the scopes
    come from walking the snapshots graph from the importers."""
    reader = LockReader(path, ECOSYSTEM_NPM)
    try:
        document = parse_yaml(text)
    except ValueError as exc:
        reader.skip(None, str(exc))
        return reader.finish()
    if not isinstance(document, dict):
        reader.skip(None, f"expected a mapping at the top, got {json_type_name(document)}")
        return reader.finish()
    lines = _YamlKeyLines(text)
    raw_version = document.get("lockfileVersion")
    major = _pnpm_major(raw_version)
    if major not in _PNPM_MAJORS:
        written = "no lockfileVersion" if raw_version is None else f"unsupported lockfileVersion {raw_version!r}"
        reader.skip(lines.line("lockfileVersion"), f"{written}; supported: 5.x, 6.x, 9.x")
        return reader.finish()
    packages = _pnpm_mapping(document, "packages", lines, reader)
    importers = list(_pnpm_importers(document, lines, reader))
    if major == 9:
        snapshots = _pnpm_mapping(document, "snapshots", lines, reader)
        _read_pnpm_v9(packages, snapshots, importers, lines, reader)
    else:
        _read_pnpm_flagged(packages, importers, major, lines, reader)
    return reader.finish()


def _pnpm_mapping(document: Mapping[str, Any], key: str, lines: _YamlKeyLines, reader: LockReader) -> dict[str, Any]:
    value = document.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        reader.skip(lines.line(key), f"{key} must be a mapping, got {json_type_name(value)}")
        return {}
    return {str(k): v for k, v in value.items()}


def _pnpm_importers(
    document: Mapping[str, Any], lines: _YamlKeyLines, reader: LockReader
) -> Iterator[tuple[str, str, Scope]]:
    """(name, reference, scope) of what each importer (workspace project) declares."""
    if "importers" in document:
        projects = _pnpm_mapping(document, "importers", lines, reader)
    else:
        projects = {".": document}  # a single project's lockfile keeps its declarations at the top
    for project_name, project in projects.items():
        if not isinstance(project, dict):
            reader.skip(lines.line("importers", project_name), f"importers[{project_name!r}] must be a mapping")
            continue
        for field_name, scope in _PNPM_IMPORTER_FIELDS:
            declared = project.get(field_name)
            for name, value in (declared if isinstance(declared, dict) else {}).items():
                # 5.x: name: version; 5.4-inlineSpecifiers, 6.x, 9.x: name: {specifier, version}
                reference = value.get("version") if isinstance(value, dict) else value
                if isinstance(reference, (str, int, float)) and not isinstance(reference, bool):
                    yield str(name), str(reference), scope


def _pnpm_package_key(name: str, reference: str, major: int) -> str | None:
    """The packages key a 5.x/6.x reference (an importer's or a package's dependency) points to."""
    if reference.startswith("link:"):
        return None  # a workspace project or local folder linked in: the project's own code
    if not reference[:1].isdigit():
        return reference  # an alias (/real/1.0.0), another registry, a git host or a local path
    return f"/{name}/{reference}" if major == 5 else f"/{name}@{reference}"


def _pnpm_base_key(key: str, major: int) -> str:
    """The key without its peer-dependency suffix: one package version, whatever its peers."""
    pattern = {5: _PNPM_V5_KEY, 6: _PNPM_V6_KEY}.get(major, _PNPM_V9_KEY)
    match = pattern.match(key)
    if match is None or match.group("peers") is None:
        return key
    return key[: match.start("peers")]


def _pnpm_source(resolution: object) -> tuple[Kind, str | None, tuple[str, ...]] | str:
    if resolution is None:
        return "registry", None, ()
    if not isinstance(resolution, dict):
        return f"resolution must be a mapping, got {json_type_name(resolution)}"
    hashes = sri_hashes(resolution.get("integrity"))
    if resolution.get("type") == "git" or "commit" in resolution:
        repository, commit = resolution.get("repo"), resolution.get("commit")
        if not isinstance(repository, str):
            return "a git resolution must name its repo"
        return "vcs", vcs_url(repository, str(commit) if commit else None), hashes
    if isinstance(resolution.get("directory"), str):
        return "path", resolution["directory"], hashes
    tarball = resolution.get("tarball")
    if isinstance(tarball, str):
        if tarball.startswith("file:"):
            return "path", tarball, hashes
        if not _is_registry_tarball(tarball):
            return "url", tarball, hashes
    return "registry", None, hashes


def _pnpm_package(
    key: str, entry: Mapping[str, Any], major: int, line: int, scope: Scope, direct: bool
) -> Locked | str:
    pattern = {5: _PNPM_V5_KEY, 6: _PNPM_V6_KEY}.get(major, _PNPM_V9_KEY)
    match = pattern.match(key)
    # Entries whose key is not name and version (git, tarball and local sources) say them as fields.
    name = entry.get("name") if isinstance(entry.get("name"), str) else (match.group("name") if match else None)
    version = entry.get("version")
    if version is None and match is not None and match.group("version")[:1].isdigit():
        version = match.group("version")
    if not name:
        return "cannot tell the package name from the key, and the entry has no name"
    if not isinstance(version, str) or not version:
        return "no version" if version is None else f"version must be a string, got {json_type_name(version)}"
    source = _pnpm_source(entry.get("resolution"))
    if isinstance(source, str):
        return source
    kind, url, hashes = source
    return Locked(line, name, version, kind, url, hashes, scope, direct, _text(name, version, url))


@dataclass
class _PnpmGroup:
    """Entries of one package version (one per set of peers): reported once, at the first."""

    key: str
    line: int
    entry: Mapping[str, Any]
    scopes: list[Scope] = field(default_factory=list)


def _pnpm_groups(
    packages: Mapping[str, Any], major: int, lines: _YamlKeyLines, reader: LockReader
) -> dict[str, _PnpmGroup]:
    groups: dict[str, _PnpmGroup] = {}
    for key, entry in packages.items():
        line = lines.line("packages", key) or lines.line("packages") or 1
        if not isinstance(entry, dict):
            reader.skip(line, f"packages[{key!r}] must be a mapping, got {json_type_name(entry)}")
            continue
        base = _pnpm_base_key(key, major)
        group = groups.setdefault(base, _PnpmGroup(key, line, entry))
        group.scopes.append(_flag_scope(entry))
    return groups


def _read_pnpm_flagged(
    packages: Mapping[str, Any],
    importers: Sequence[tuple[str, str, Scope]],
    major: int,
    lines: _YamlKeyLines,
    reader: LockReader,
) -> None:
    """5.x and 6.x: each entry flags dev (only a dev dependency's) and optional packages."""
    direct = set()
    for name, reference, _ in importers:
        key = _pnpm_package_key(name, reference, major)
        if key is not None:
            direct.add(_pnpm_base_key(key, major))
    for base, group in _pnpm_groups(packages, major, lines, reader).items():
        outcome = _pnpm_package(group.key, group.entry, major, group.line, widest_scope(group.scopes), base in direct)
        if isinstance(outcome, str):
            reader.skip(group.line, f"packages[{group.key!r}]: {outcome}")
        else:
            reader.add(outcome)


def _pnpm_snapshot_key(name: str, reference: str, snapshots: Mapping[str, Any]) -> str | None:
    """The 9.x snapshot a reference points to: name@<version(peers)>, or the reference itself for an
    alias ("real@1.0.0") or a URL or path source."""
    if reference.startswith("link:"):
        return None
    for candidate in (f"{name}@{reference}", reference):
        if candidate in snapshots:
            return candidate
    return None


def _read_pnpm_v9(
    packages: Mapping[str, Any],
    snapshots: Mapping[str, Any],
    importers: Sequence[tuple[str, str, Scope]],
    lines: _YamlKeyLines,
    reader: LockReader,
) -> None:
    """9.x: packages hold what each version is, snapshots the graph; no dev or optional flags."""
    edges: dict[str, list[tuple[str, bool]]] = {}
    for key, snapshot in snapshots.items():
        if not isinstance(snapshot, dict):
            reader.skip(
                lines.line("snapshots", key), f"snapshots[{key!r}] must be a mapping, got {json_type_name(snapshot)}"
            )
            continue
        for section, optional in (("dependencies", False), ("optionalDependencies", True)):
            declared = snapshot.get(section)
            for name, reference in (declared if isinstance(declared, dict) else {}).items():
                target = _pnpm_snapshot_key(str(name), str(reference), snapshots)
                if target is not None:
                    edges.setdefault(key, []).append((target, optional))
    roots = [
        (target, scope)
        for name, reference, scope in importers
        if (target := _pnpm_snapshot_key(name, reference, snapshots)) is not None
    ]
    scopes_of: dict[str, list[Scope]] = {}
    for snapshot_key, scope in reachable_scopes(edges, roots).items():
        scopes_of.setdefault(_pnpm_base_key(snapshot_key, 9), []).append(scope)
    direct = {_pnpm_base_key(target, 9) for target, _ in roots}
    for base, group in _pnpm_groups(packages, 9, lines, reader).items():
        scope = widest_scope(scopes_of.get(base, ["main"]))
        outcome = _pnpm_package(group.key, group.entry, 9, group.line, scope, base in direct)
        if isinstance(outcome, str):
            reader.skip(group.line, f"packages[{group.key!r}]: {outcome}")
        else:
            reader.add(outcome)
