"""Manifest parsers: pure functions from a manifest's text to a ParseResult.

Nothing here touches the file system: a requirements file's -r/-c includes are read through the
`read_include` callable the caller supplies (the agent confines it to the repository). A line
that cannot be understood becomes a Skipped value and the other lines are still parsed.

agents.dependency.manifests.MANIFEST_PARSERS maps file-name patterns to parsers, here and in the
lockfile modules (pylocks, jslocks, nativelocks).
"""

from __future__ import annotations

import importlib
import posixpath
import re
import shlex
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from agents.base import Skipped
from agents.dependency.manifests import MANIFEST_PARSERS, manifest_pattern
from agents.dependency.model import Dependency, Kind, ManifestKind, ManifestOption, ParseResult, Scope
from analyzer.dataformats import parse_toml

IncludeReader = Callable[[str], "str | Skipped"]
"""Reads a repo-relative POSIX path; returns the text or why it cannot be read."""

ManifestParse = Callable[[str, str, IncludeReader], ParseResult]
"""(text, repo-relative path, include reader) -> ParseResult."""

MAX_INCLUDE_DEPTH = 32


# ---------------------------------------------------------------------------
# Shared pieces: PEP 508 strings, URLs, exact pins.

VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DIRECT_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@")
_EGG_FRAGMENT = re.compile(r"(?:^|&)egg=([^&]+)")
_TRAILING_EXTRAS = re.compile(r"^(?P<path>.+?)(?P<extras>\[[^\]]+\])$")
_ARCHIVE_SUFFIXES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".zip")


def split_vcs_url(url: str) -> tuple[str, str | None]:
    """("git+https://host/repo.git", "v1.2") from "git+https://host/repo.git@v1.2#egg=x".

    The ref is the part after the last @ of the URL path; an @ in the host part is a user name.
    """
    without_fragment = url.split("#", 1)[0]
    try:
        parts = urlsplit(without_fragment)
    except ValueError:
        # urlsplit refuses some malformed hosts (an unclosed "[" for IPv6); then the path is unknown.
        return without_fragment, None
    if "@" not in parts.path:
        return without_fragment, None
    path, ref = parts.path.rsplit("@", 1)
    return parts._replace(path=path).geturl(), ref or None


def url_path(url: str) -> str:
    """The path of a URL; for one urlsplit refuses (an unclosed "[" in the host), what follows the host."""
    try:
        return urlsplit(url).path
    except ValueError:
        after_scheme = url.partition("://")[2]
        return "/" + after_scheme.split("/", 1)[1] if "/" in after_scheme else ""


_OPERATOR_ORDER = {op: rank for rank, op in enumerate((">=", ">", "~=", "==", "===", "!=", "<=", "<"))}


def specifier_text(specifiers: SpecifierSet) -> str:
    """A stable spelling of a specifier set that reads naturally: lower bounds first."""
    ordered = sorted(specifiers, key=lambda s: (_OPERATOR_ORDER.get(s.operator, len(_OPERATOR_ORDER)), s.version))
    return ",".join(str(s) for s in ordered)


def exact_version(specifier: str) -> str | None:
    """The single version a PEP 440 specifier set allows (== without a wildcard, or ===)."""
    try:
        specifiers = SpecifierSet(specifier)
    except InvalidSpecifier:
        return None
    for spec in sorted(specifiers, key=str):
        if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*")):
            return spec.version
    return None


def _first_line(message: object) -> str:
    return str(message).strip().splitlines()[0] if str(message).strip() else type(message).__name__


def _kind_of_url(url: str) -> Kind:
    lowered = url.lower()
    if lowered.startswith(VCS_PREFIXES):
        return "vcs"
    if lowered.startswith("file:"):
        return "path"
    return "url"


def _name_and_version_from_filename(location: str) -> tuple[str, str] | None:
    """A distribution file name ("pkg-1.0-py3-none-any.whl") names the package and pins the version."""
    filename = posixpath.basename(location.split("#", 1)[0].split("?", 1)[0].rstrip("/"))
    try:
        if filename.endswith(".whl"):
            wheel_name, wheel_version, _, _ = parse_wheel_filename(filename)
            return str(wheel_name), str(wheel_version)
        if filename.endswith((".tar.gz", ".zip")):
            sdist_name, sdist_version = parse_sdist_filename(filename)
            return str(sdist_name), str(sdist_version)
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        return None
    return None


def _name_from_location(location: str) -> str:
    """Best guess at a package name when only a URL or path is given: its last meaningful segment."""
    if location.lower().startswith(VCS_PREFIXES):
        location = split_vcs_url(location)[0]
    path = location.split("#", 1)[0].split("?", 1)[0]
    if _URL_SCHEME.match(path):
        path = url_path(path)
    segments = [s for s in path.replace("\\", "/").split("/") if s and s not in (".", "..")]
    if len(segments) >= 3 and segments[-2] == "archive":
        # GitHub/GitLab archive URLs: .../<repo>/archive/<ref>.zip names the ref, not the project.
        return segments[-3]
    if not segments:
        return ""
    name = segments[-1]
    for suffix in (".git", *_ARCHIVE_SUFFIXES):
        name = name.removesuffix(suffix)
    return name


def _egg_name(location: str) -> tuple[str, tuple[str, ...]] | None:
    if "#" not in location:
        return None
    match = _EGG_FRAGMENT.search(location.split("#", 1)[1])
    if match is None:
        return None
    egg = match.group(1)
    name, _, extras = egg.partition("[")
    return name, tuple(sorted(e.strip() for e in extras.rstrip("]").split(",") if e.strip()))


@dataclass(frozen=True)
class _Origin:
    """Where a declaration sits and what it is for: the fields every Dependency shares."""

    file: str
    line: int
    scope: Scope
    manifest_kind: ManifestKind
    group: str | None = None


def _dependency(origin: _Origin, **fields: Any) -> Dependency:
    return Dependency(
        file=origin.file,
        line=origin.line,
        scope=origin.scope,
        manifest_kind=origin.manifest_kind,
        group=origin.group,
        **fields,
    )


def dependency_from_pep508(text: str, origin: _Origin) -> Dependency | str:
    """A Dependency from a PEP 508 string, or the reason it is not one."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        return f"invalid requirement {text.strip()!r}: {_first_line(exc)}"
    specifier = specifier_text(requirement.specifier)
    kind: Kind = "registry"
    version = exact_version(specifier) if specifier else None
    if requirement.url is not None:
        kind = _kind_of_url(requirement.url)
        from_filename = _name_and_version_from_filename(requirement.url)
        version = from_filename[1] if from_filename else None
    return _dependency(
        origin,
        name=canonicalize_name(requirement.name),
        raw_name=requirement.name,
        specifier=specifier,
        version=version,
        kind=kind,
        text=" ".join(text.split()),
        extras=tuple(sorted(requirement.extras)),
        marker=str(requirement.marker) if requirement.marker is not None else None,
        url=requirement.url,
    )


def _dependency_from_location(
    location: str,
    origin: _Origin,
    *,
    text: str,
    kind: Kind,
    marker: str | None = None,
    extras: tuple[str, ...] = (),
    editable: bool = False,
    hashes: tuple[str, ...] = (),
) -> Dependency:
    """A Dependency given by where it lives (URL, VCS URL or path) rather than by name."""
    name = ""
    version = None
    egg = _egg_name(location)
    from_filename = _name_and_version_from_filename(location)
    if egg is not None:
        name, egg_extras = egg
        extras = extras or egg_extras
    if from_filename is not None:
        name = name or from_filename[0]
        version = from_filename[1]
    # pip resolves these paths against the working directory, not the manifest, so only the
    # written path can name the package.
    name = name or _name_from_location(location)
    # A local directory with no name of its own (e.g. "-e ." at the root) keeps its path as name.
    canonical = canonicalize_name(name) if name else location
    return _dependency(
        origin,
        name=canonical,
        raw_name=name or location,
        specifier="",
        version=version,
        kind=kind,
        text=text,
        extras=extras,
        marker=marker,
        url=location,
        editable=editable,
        hashes=hashes,
    )


# ---------------------------------------------------------------------------
# requirements files (pip's format)

# pip: a comment starts at the line start or after whitespace, so "#egg=" in a URL is not one.
_COMMENT = re.compile(r"(^|\s+)#.*$")

_DEV_WORDS = frozenset(
    {"dev", "develop", "development", "test", "tests", "testing", "lint", "linting", "docs", "doc", "ci", "typing"}
)

# option spelling -> (long name, takes a value)
_PIP_OPTIONS: Mapping[str, tuple[str, bool]] = {
    "-r": ("requirement", True),
    "--requirement": ("requirement", True),
    "-c": ("constraint", True),
    "--constraint": ("constraint", True),
    "-e": ("editable", True),
    "--editable": ("editable", True),
    "-i": ("index-url", True),
    "--index-url": ("index-url", True),
    "--extra-index-url": ("extra-index-url", True),
    "--trusted-host": ("trusted-host", True),
    "-f": ("find-links", True),
    "--find-links": ("find-links", True),
    "--no-index": ("no-index", False),
    "--pre": ("pre", False),
    "--prefer-binary": ("prefer-binary", False),
    "--require-hashes": ("require-hashes", False),
    "--only-binary": ("only-binary", True),
    "--no-binary": ("no-binary", True),
    "--use-feature": ("use-feature", True),
    "--hash": ("hash", True),
    "--config-settings": ("config-settings", True),
    "--global-option": ("global-option", True),
}
_PER_REQUIREMENT_OPTIONS = frozenset({"hash", "config-settings", "global-option"})
_GLOBAL_OPTIONS = frozenset(
    {
        "index-url",
        "extra-index-url",
        "trusted-host",
        "find-links",
        "no-index",
        "pre",
        "prefer-binary",
        "require-hashes",
        "only-binary",
        "no-binary",
        "use-feature",
    }
)


def requirements_scope(path: str) -> tuple[Scope, str | None]:
    """main, or dev with the word that says so: requirements-dev.txt, requirements/test.txt, ..."""
    lowered = path.lower()
    stem = posixpath.basename(lowered).rsplit(".", 1)[0]
    for word in re.split(r"[-_.]+", stem):
        if word in _DEV_WORDS:
            return "dev", word
    return "main", None


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first physical line number, line) with backslash continuations joined, as pip does.

    A comment line ends a continuation rather than continuing it.
    """
    pending: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), 1):
        is_comment = _COMMENT.match(line) is not None
        if line.endswith("\\") and not is_comment:
            if not pending:
                first = number
            pending.append(line[:-1])
            continue
        if pending:
            pending.append(" " + line if is_comment else line)
            yield first, "".join(pending)
            pending = []
        else:
            yield number, line
    if pending:
        yield first, "".join(pending)


def _split_arguments_and_options(line: str) -> tuple[str, str]:
    """pip's rule: the requirement is every token before the first one starting with a dash."""
    tokens = line.split()
    for index, token in enumerate(tokens):
        if token.startswith("-"):
            return " ".join(tokens[:index]), " ".join(tokens[index:])
    return " ".join(tokens), ""


def _parse_options(text: str) -> list[tuple[str, str | None]] | str:
    """[(long name, value)] of an options string, or why it is not valid."""
    # Quotes group as in a shell, but a backslash stays literal: Windows paths appear in options.
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    lexer.escape = ""
    try:
        tokens = list(lexer)
    except ValueError as exc:
        return f"cannot split options: {exc}"
    parsed: list[tuple[str, str | None]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        spelling, value = token, None
        if token.startswith("--") and "=" in token:
            spelling, value = token.split("=", 1)
        elif not token.startswith("--") and token.startswith("-") and len(token) > 2:
            spelling, value = token[:2], token[2:].removeprefix("=")
        known = _PIP_OPTIONS.get(spelling)
        if known is None:
            what = "option" if spelling.startswith("-") else "argument"
            return f"unknown {what} {spelling!r}"
        name, takes_value = known
        if takes_value and value is None:
            if index + 1 >= len(tokens):
                return f"option {spelling} needs a value"
            index += 1
            value = tokens[index]
        elif not takes_value and value is not None:
            return f"option {spelling} takes no value"
        parsed.append((name, value))
        index += 1
    return parsed


def _looks_like_path(text: str) -> bool:
    return text.startswith((".", "/", "~")) or "/" in text or "\\" in text or text.lower().endswith(_ARCHIVE_SUFFIXES)


def _split_marker(text: str, separator: str) -> tuple[str, str | None]:
    if separator in text:
        location, marker = text.split(separator, 1)
        return location.strip(), marker.strip() or None
    return text.strip(), None


def _requirement_line(
    requirement: str, origin: _Origin, *, hashes: tuple[str, ...], editable: bool = False
) -> Dependency | str:
    """One requirement of a requirements file in any of pip's forms, or why it is not one."""
    text = f"-e {requirement}" if editable else requirement
    lowered = requirement.lower()
    if lowered.startswith(VCS_PREFIXES) or _URL_SCHEME.match(requirement):
        # pip: a marker after a URL must be separated by "; " since ";" may occur in URLs.
        location, marker = _split_marker(requirement, "; ")
        kind: Kind = _kind_of_url(location)
        if editable and kind == "path":
            kind = "editable"
        return _dependency_from_location(
            location, origin, text=text, kind=kind, marker=marker, editable=editable, hashes=hashes
        )
    if not editable and _DIRECT_REFERENCE.match(requirement):
        dependency = dependency_from_pep508(requirement, origin)
        if isinstance(dependency, Dependency) and hashes:
            return replace(dependency, hashes=hashes)
        return dependency
    if editable or _looks_like_path(requirement):
        location, marker = _split_marker(requirement, ";")
        extras: tuple[str, ...] = ()
        match = _TRAILING_EXTRAS.match(location)
        if match is not None:
            location = match.group("path")
            extras = tuple(sorted(e.strip() for e in match.group("extras")[1:-1].split(",") if e.strip()))
        return _dependency_from_location(
            location,
            origin,
            text=text,
            kind="editable" if editable else "path",
            marker=marker,
            extras=extras,
            editable=editable,
            hashes=hashes,
        )
    dependency = dependency_from_pep508(requirement, origin)
    if isinstance(dependency, Dependency) and hashes:
        return replace(dependency, hashes=hashes)
    return dependency


@dataclass
class _RequirementsReader:
    read_include: IncludeReader
    result: ParseResult = field(default_factory=ParseResult)
    # (path, read as constraints): a file reached twice is parsed once, which also breaks cycles.
    visited: set[tuple[str, bool]] = field(default_factory=set)

    def parse(self, text: str, path: str, *, constraint: bool, depth: int) -> None:
        self.visited.add((path, constraint))
        if path not in self.result.manifests:
            self.result.manifests.append(path)
        scope, group = ("constraint", None) if constraint else requirements_scope(path)
        for number, raw_line in _logical_lines(text):
            line = _COMMENT.sub("", raw_line).strip()
            if line:
                self._parse_line(line, _Origin(path, number, scope, "requirements", group), constraint, depth)

    def _skip(self, origin: _Origin, reason: str) -> None:
        self.result.skipped.append(Skipped(origin.file, f"line {origin.line}: {reason}"))

    def _parse_line(self, line: str, origin: _Origin, constraint: bool, depth: int) -> None:
        requirement, options_text = _split_arguments_and_options(line)
        options = _parse_options(options_text) if options_text else []
        if isinstance(options, str):
            self._skip(origin, f"{options}; line ignored: {line!r}")
            return
        if requirement:
            hashes = tuple(value for name, value in options if name == "hash" and value)
            self._add(_requirement_line(requirement, origin, hashes=hashes), origin)
            return
        for name, value in options:
            if name == "editable" and value is not None:
                self._add(_requirement_line(value, origin, hashes=(), editable=True), origin)
            elif name in ("requirement", "constraint") and value is not None:
                self._include(value, origin, constraint=constraint or name == "constraint", depth=depth)
            elif name in _GLOBAL_OPTIONS:
                option_text = f"--{name}" if value is None else f"--{name} {value}"
                self.result.options.append(ManifestOption(origin.file, origin.line, name, value, option_text))
            elif name in _PER_REQUIREMENT_OPTIONS:
                self._skip(origin, f"option --{name} without a requirement; ignored")

    def _add(self, outcome: Dependency | str, origin: _Origin) -> None:
        if isinstance(outcome, str):
            self._skip(origin, outcome)
        else:
            self.result.dependencies.append(outcome)

    def _include(self, target: str, origin: _Origin, *, constraint: bool, depth: int) -> None:
        if _URL_SCHEME.match(target):
            self._skip(origin, f"include {target!r} is remote; not fetched")
            return
        written = target.replace("\\", "/")
        if written.startswith("/") or re.match(r"^[A-Za-z]:", written):
            self._skip(origin, f"include {target!r} is an absolute path outside the repository; not read")
            return
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(origin.file), written))
        if resolved == ".." or resolved.startswith("../"):
            self._skip(origin, f"include {target!r} is outside the repository; not read")
            return
        if (resolved, constraint) in self.visited:
            return
        if depth >= MAX_INCLUDE_DEPTH:
            self._skip(origin, f"include {target!r} nested deeper than {MAX_INCLUDE_DEPTH} files; not read")
            return
        text = self.read_include(resolved)
        if isinstance(text, Skipped):
            self.result.skipped.append(Skipped(resolved, f"included from {origin.file}:{origin.line}: {text.reason}"))
            return
        self.parse(text, resolved, constraint=constraint, depth=depth + 1)


def parse_requirements(text: str, path: str, *, read_include: IncludeReader) -> ParseResult:
    """Parse a pip requirements file and, through `read_include`, the files it -r/-c includes.

    Includes resolve relative to the including file; each file is read once (cycles end there).
    """
    reader = _RequirementsReader(read_include)
    reader.parse(text, path, constraint=False, depth=0)
    return reader.result


# ---------------------------------------------------------------------------
# pyproject.toml: PEP 621, PEP 735, Poetry, [build-system]

_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*(?P<name>[^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")


def _normalise_table_name(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


class _TomlLocator:
    """Line numbers for values tomllib parsed: it reports none, so find them in the text.

    Each found line is claimed for that value, so a string listed twice maps to two lines.
    """

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._table_of_line: list[str] = []
        self._headers: dict[str, int] = {}
        self._header_lines: set[int] = set()
        self._array_headers: dict[str, list[int]] = {}
        self._claimed: set[tuple[int, str]] = set()
        table = ""
        for number, line in enumerate(self._lines, 1):
            match = _TABLE_HEADER.match(line)
            if match is not None:
                table = _normalise_table_name(match.group("name"))
                self._headers.setdefault(table, number)
                self._header_lines.add(number)
                if line.lstrip().startswith("[["):
                    self._array_headers.setdefault(table, []).append(number)
            self._table_of_line.append(table)

    def text(self, line: int) -> str:
        return self._lines[line - 1].strip() if 1 <= line <= len(self._lines) else ""

    def _search(self, tables: Sequence[str], claim: str, matches: Callable[[str], bool]) -> int | None:
        for restrict in (True, False):
            for number, line in enumerate(self._lines, 1):
                if restrict and self._table_of_line[number - 1] not in tables:
                    continue
                if (number, claim) not in self._claimed and matches(line):
                    self._claimed.add((number, claim))
                    return number
        return None

    def _fallback(self, tables: Sequence[str]) -> int:
        return next((self._headers[t] for t in tables if t in self._headers), 1)

    def string(self, tables: Sequence[str], value: str) -> int:
        needles = (f'"{value}"', f"'{value}'")
        found = self._search(tables, f"s:{value}", lambda line: any(n in line for n in needles))
        return found or self._fallback(tables)

    def key(self, table: str, key: str) -> int:
        pattern = _key_pattern(key)
        found = self._search([table], f"k:{table}:{key}", lambda line: pattern.match(line) is not None)
        if found is None:
            found = self._headers.get(f"{table}.{key}")
        return found or self._fallback([table])

    def array_item_key(self, table: str, position: int, key: str) -> int | None:
        """The line of `key =` in the position-th [[table]] block (its header line if the key is not
        written there), or None when the array is not written as [[table]] blocks."""
        headers = self._array_headers.get(table, [])
        if position >= len(headers):
            return None
        pattern = _key_pattern(key)
        for number in range(headers[position] + 1, len(self._lines) + 1):
            if number in self._header_lines:
                break
            if pattern.match(self._lines[number - 1]):
                return number
        return headers[position]


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")


@dataclass
class _PyprojectReader:
    path: str
    locator: _TomlLocator
    result: ParseResult = field(default_factory=ParseResult)

    def skip(self, reason: str) -> None:
        self.result.skipped.append(Skipped(self.path, reason))

    def pep508_array(
        self, value: object, where: str, tables: Sequence[str], scope: Scope, group: str | None = None
    ) -> None:
        if not isinstance(value, list):
            self.skip(f"{where}: expected an array of strings, got {type(value).__name__}")
            return
        for index, item in enumerate(value):
            if isinstance(item, str):
                self.pep508(item, where, tables, scope, group)
            elif not (where.startswith("[dependency-groups]") and isinstance(item, dict)):
                self.skip(f"{where}[{index}]: expected a string, got {type(item).__name__}")

    def pep508(self, text: str, where: str, tables: Sequence[str], scope: Scope, group: str | None) -> None:
        line = self.locator.string(tables, text)
        outcome = dependency_from_pep508(text, _Origin(self.path, line, scope, "pyproject", group))
        if isinstance(outcome, str):
            self.skip(f"line {line}: {where}: {outcome}")
        else:
            self.result.dependencies.append(outcome)


def parse_pyproject(text: str, path: str) -> ParseResult:
    """Dependencies declared in a pyproject.toml; invalid TOML is one Skipped and nothing else."""
    try:
        document = parse_toml(text)
    except ValueError as exc:
        return ParseResult(skipped=[Skipped(path, str(exc))])
    reader = _PyprojectReader(path, _TomlLocator(text))
    reader.result.manifests.append(path)
    _read_pep621(document, reader)
    _read_dependency_groups(document, reader)
    _read_poetry(document, reader)
    _read_uv(document, reader)
    _read_build_system(document, reader)
    return reader.result


def _table(parent: Mapping[str, Any], key: str, where: str, reader: _PyprojectReader) -> Mapping[str, Any] | None:
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        reader.skip(f"{where}: expected a table, got {type(value).__name__}")
        return None
    return value


def _array_of_tables(
    value: object, dotted: str, reader: _PyprojectReader
) -> Iterator[tuple[int, str, Mapping[str, Any]]]:
    """The tables of a TOML array of tables named `dotted` (absent is empty), each with its position and
    the `[[dotted]] #n` that names it in a skip; a value or entry of another type is skipped."""
    if value is None:
        return
    if not isinstance(value, list):
        parent, _, key = dotted.rpartition(".")
        reader.skip(f"[{parent}].{key}: expected an array of tables, got {type(value).__name__}")
        return
    for position, entry in enumerate(value):
        where = f"[[{dotted}]] #{position + 1}"
        if isinstance(entry, dict):
            yield position, where, entry
        else:
            reader.skip(f"{where}: expected a table, got {type(entry).__name__}")


def _read_pep621(document: Mapping[str, Any], reader: _PyprojectReader) -> None:
    project = _table(document, "project", "[project]", reader)
    if project is None:
        return
    if "dependencies" in project:
        reader.pep508_array(project["dependencies"], "[project].dependencies", ["project"], "main")
    optional = _table(project, "optional-dependencies", "[project.optional-dependencies]", reader)
    for extra, requirements in (optional or {}).items():
        tables = ["project.optional-dependencies", "project"]
        reader.pep508_array(requirements, f"[project.optional-dependencies].{extra}", tables, "optional", extra)


def _read_dependency_groups(document: Mapping[str, Any], reader: _PyprojectReader) -> None:
    groups = _table(document, "dependency-groups", "[dependency-groups]", reader)
    if groups is None:
        return
    by_normal_name: dict[str, str] = {}
    for name in groups:
        normal = canonicalize_name(name)
        if normal in by_normal_name:
            reader.skip(f"[dependency-groups]: groups {by_normal_name[normal]!r} and {name!r} have the same name")
        by_normal_name.setdefault(normal, name)
    includes: dict[str, list[str]] = {}
    for name, entries in groups.items():
        where = f"[dependency-groups].{name}"
        reader.pep508_array(entries, where, ["dependency-groups"], "dev", name)
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            target = entry.get("include-group")
            if set(entry) != {"include-group"} or not isinstance(target, str):
                reader.skip(f'{where}: a table entry must be {{include-group = "name"}}, got {entry!r}')
            elif canonicalize_name(target) not in by_normal_name:
                reader.skip(f"{where}: include-group {target!r} names no group")
            else:
                includes.setdefault(canonicalize_name(name), []).append(canonicalize_name(target))
    cycle = _find_cycle(includes)
    if cycle:
        names = " -> ".join(by_normal_name.get(n, n) for n in cycle)
        reader.skip(f"[dependency-groups]: include-group cycle {names}")


def _find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str]:
    """One cycle of the include graph as [a, b, ..., a], or [] (PEP 735 makes cycles an error)."""
    finished: set[str] = set()

    def visit(node: str, trail: list[str]) -> list[str]:
        if node in trail:
            return [*trail[trail.index(node) :], node]
        if node in finished:
            return []
        for successor in edges.get(node, ()):
            cycle = visit(successor, [*trail, node])
            if cycle:
                return cycle
        finished.add(node)
        return []

    for start in sorted(edges):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return []


def _read_build_system(document: Mapping[str, Any], reader: _PyprojectReader) -> None:
    build_system = _table(document, "build-system", "[build-system]", reader)
    if build_system is not None and "requires" in build_system:
        reader.pep508_array(build_system["requires"], "[build-system].requires", ["build-system"], "build")


# Poetry ------------------------------------------------------------------

_POETRY_CONSTRAINT = re.compile(r"(?P<op>\^|~=|~|===|==|!=|>=|<=|>|<|=)?\s*(?P<version>[0-9A-Za-z.*+!-]+)")
_SCP_LIKE_GIT = re.compile(r"^(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?P<path>.+)$")


def _upper_bound(release: tuple[int, ...], index: int, width: int) -> str:
    bumped = [*release[:index], release[index] + 1]
    bumped += [0] * (width - len(bumped))
    return ".".join(str(n) for n in bumped)


def poetry_constraint_to_pep440(constraint: str) -> str | None:
    """PEP 440 form of a Poetry constraint: "^1.2" -> ">=1.2,<2.0", "1.2.3" -> "==1.2.3".

    None when there is no PEP 440 equivalent (alternatives joined with ||) or it is malformed.
    """
    constraint = constraint.strip()
    if constraint in ("", "*"):
        return ""
    if "||" in constraint or "|" in constraint:
        return None
    pieces: list[str] = []
    for chunk in re.split(r"\s*,\s*|\s+(?=[\^~=!<>])", constraint):
        match = _POETRY_CONSTRAINT.fullmatch(chunk.strip())
        if match is None:
            return None
        op, version = match.group("op") or "", match.group("version")
        if op in ("^", "~"):
            try:
                release = Version(version).release
            except InvalidVersion:
                return None
            if op == "^":
                index = next((i for i, n in enumerate(release) if n != 0), len(release) - 1)
            else:
                index = 0 if len(release) == 1 else 1
            pieces += [f">={version}", f"<{_upper_bound(release, index, len(release))}"]
        elif op in ("", "="):
            pieces.append(f"=={version}")
        else:
            pieces.append(f"{op}{version}")
    try:
        return specifier_text(SpecifierSet(",".join(pieces)))
    except InvalidSpecifier:
        return None


@dataclass(frozen=True)
class _PoetryTable:
    table: str
    """Dotted TOML name, e.g. "tool.poetry.group.dev.dependencies"."""
    scope: Scope
    group: str | None


def _read_poetry(document: Mapping[str, Any], reader: _PyprojectReader) -> None:
    tool = _table(document, "tool", "[tool]", reader)
    poetry = _table(tool, "poetry", "[tool.poetry]", reader) if tool is not None else None
    if poetry is None:
        return
    extra_of: dict[str, str] = {}
    extras = _table(poetry, "extras", "[tool.poetry.extras]", reader) or {}
    for extra, members in extras.items():
        for member in members if isinstance(members, list) else []:
            if isinstance(member, str):
                extra_of.setdefault(canonicalize_name(member), extra)
    tables: list[tuple[object, _PoetryTable]] = [
        (poetry.get("dependencies"), _PoetryTable("tool.poetry.dependencies", "main", None)),
        (poetry.get("dev-dependencies"), _PoetryTable("tool.poetry.dev-dependencies", "dev", "dev")),
    ]
    groups = _table(poetry, "group", "[tool.poetry.group]", reader) or {}
    for group_name, group in groups.items():
        if isinstance(group, dict):
            table = _PoetryTable(f"tool.poetry.group.{group_name}.dependencies", "dev", group_name)
            tables.append((group.get("dependencies"), table))
    for value, table in tables:
        if value is None:
            continue
        if not isinstance(value, dict):
            reader.skip(f"[{table.table}]: expected a table, got {type(value).__name__}")
            continue
        for raw_name, spec in value.items():
            if table.table == "tool.poetry.dependencies" and raw_name.lower() == "python":
                continue
            _read_poetry_dependency(raw_name, spec, table, extra_of, reader)
    _read_poetry_sources(poetry, reader)


def _read_poetry_dependency(
    raw_name: str, spec: object, table: _PoetryTable, extra_of: Mapping[str, str], reader: _PyprojectReader
) -> None:
    line = reader.locator.key(table.table, raw_name)
    where = f"line {line}: [{table.table}].{raw_name}"
    alternatives = spec if isinstance(spec, list) else [spec]
    for alternative in alternatives:
        text = reader.locator.text(line)
        if isinstance(alternative, dict) and isinstance(alternative.get("source"), str):
            package = (("package", canonicalize_name(raw_name)),)
            option = ManifestOption(reader.path, line, "poetry-dependency-source", alternative["source"], text, package)
            reader.result.options.append(option)
        if _enriches_declared_dependency(raw_name, alternative, reader):
            continue
        outcome = _poetry_dependency(raw_name, alternative, table, extra_of, reader.path, line, text)
        if isinstance(outcome, str):
            reader.skip(f"{where}: {outcome}")
        else:
            reader.result.dependencies.append(outcome)


def _enriches_declared_dependency(raw_name: str, spec: object, reader: _PyprojectReader) -> bool:
    """Poetry 2: an entry without a version or location only adds a source or markers to a requirement
    that [project] or [dependency-groups] declares; it is not a second declaration."""
    if not isinstance(spec, dict) or any(key in spec for key in ("version", "git", "path", "url")):
        return False
    name = canonicalize_name(raw_name)
    return any(d.name == name and d.scope != "build" for d in reader.result.dependencies)


_POETRY_PRIORITIES = ("default", "primary", "secondary", "supplemental", "explicit")


def _poetry_priority(source: Mapping[str, Any]) -> str:
    """The priority of a Poetry source, from `priority` or the flags Poetry 1.x used before it, or why
    it cannot be told."""
    priority = source.get("priority")
    if priority is not None:
        if isinstance(priority, str) and priority.lower() in _POETRY_PRIORITIES:
            return priority.lower()
        return f"unknown priority {priority!r} (expected one of {', '.join(_POETRY_PRIORITIES)})"
    if source.get("default") is True:
        return "default"
    if source.get("secondary") is True:
        return "secondary"
    return "primary"


def _read_poetry_sources(poetry: Mapping[str, Any], reader: _PyprojectReader) -> None:
    for position, where, source in _array_of_tables(poetry.get("source"), "tool.poetry.source", reader):
        name, url = source.get("name"), source.get("url")
        if not isinstance(name, str) or not name.strip():
            reader.skip(f"{where}: a source needs a name")
            continue
        if url is not None and not isinstance(url, str):
            reader.skip(f"{where} {name!r}: url must be a string, got {type(url).__name__}")
            continue
        priority = _poetry_priority(source)
        if priority not in _POETRY_PRIORITIES:
            reader.skip(f"{where} {name!r}: {priority}")
            continue
        line = reader.locator.array_item_key("tool.poetry.source", position, "url" if url else "name")
        if line is None:
            line = reader.locator.string(["tool.poetry"], url or name)
        attributes = (("name", name), ("priority", priority))
        reader.result.options.append(
            ManifestOption(reader.path, line, "poetry-source", url, reader.locator.text(line), attributes)
        )


def _poetry_git_url(spec: Mapping[str, Any]) -> str:
    """pip's spelling of a Poetry git source: git+<url>@<rev|tag|branch>."""
    repository = str(spec["git"])
    scp = _SCP_LIKE_GIT.match(repository)
    if scp is not None and "://" not in repository:
        repository = f"ssh://{scp.group('user')}@{scp.group('host')}/{scp.group('path')}"
    url = repository if repository.lower().startswith("git+") else f"git+{repository}"
    ref = next((spec[k] for k in ("rev", "tag", "branch") if isinstance(spec.get(k), str)), None)
    return f"{url}@{ref}" if ref else url


def _poetry_dependency(
    raw_name: str,
    spec: object,
    table: _PoetryTable,
    extra_of: Mapping[str, str],
    path: str,
    line: int,
    text: str,
) -> Dependency | str:
    name = canonicalize_name(raw_name)
    if isinstance(spec, str):
        spec = {"version": spec}
    if not isinstance(spec, dict):
        return f"expected a version string or a table, got {type(spec).__name__}"
    scope, group = table.scope, table.group
    if spec.get("optional") is True and table.scope == "main":
        scope, group = "optional", extra_of.get(name)
    origin = _Origin(path, line, scope, "pyproject", group)
    extras = tuple(sorted(str(e) for e in spec.get("extras", []) if isinstance(e, str)))
    marker = spec.get("markers") if isinstance(spec.get("markers"), str) else None
    develop = spec.get("develop") is True
    location: str | None = None
    kind: Kind = "registry"
    if isinstance(spec.get("git"), str):
        location, kind = _poetry_git_url(spec), "vcs"
    elif isinstance(spec.get("path"), str):
        location, kind = spec["path"], "editable" if develop else "path"
    elif isinstance(spec.get("url"), str):
        location, kind = spec["url"], "url"
    if location is not None:
        located = _dependency_from_location(
            location, origin, text=text, kind=kind, marker=marker, extras=extras, editable=develop
        )
        return replace(located, name=name, raw_name=raw_name)
    constraint = spec.get("version")
    if not isinstance(constraint, str):
        return "no version, git, path or url given"
    specifier = poetry_constraint_to_pep440(constraint)
    return _dependency(
        origin,
        name=name,
        raw_name=raw_name,
        specifier=constraint.strip() if specifier is None else specifier,
        version=exact_version(specifier) if specifier else None,
        kind="registry",
        text=text,
        extras=extras,
        marker=marker,
    )


# uv ----------------------------------------------------------------------

UV_INDEX_STRATEGIES = ("first-index", "unsafe-first-match", "unsafe-best-match")


def _read_uv(document: Mapping[str, Any], reader: _PyprojectReader) -> None:
    """uv's index settings: [[tool.uv.index]], the legacy index-url/extra-index-url, index-strategy and
    the packages [tool.uv.sources] pins to an index."""
    tool = document.get("tool")
    uv = _table(tool, "uv", "[tool.uv]", reader) if isinstance(tool, dict) else None
    if uv is None:
        return
    _read_uv_indexes(uv.get("index"), reader)
    index_url = uv.get("index-url")
    if index_url is not None:
        if isinstance(index_url, str):
            _uv_option(reader, reader.locator.key("tool.uv", "index-url"), "uv-index-url", index_url)
        else:
            reader.skip(f"[tool.uv].index-url: expected a string, got {type(index_url).__name__}")
    extra = uv.get("extra-index-url")
    if extra is not None:
        if isinstance(extra, list) and all(isinstance(url, str) for url in extra):
            for url in extra:
                _uv_option(reader, reader.locator.string(["tool.uv"], url), "uv-extra-index-url", url)
        else:
            reader.skip(f"[tool.uv].extra-index-url: expected an array of strings, got {extra!r}")
    strategy = uv.get("index-strategy")
    if strategy is not None:
        if strategy in UV_INDEX_STRATEGIES:
            _uv_option(reader, reader.locator.key("tool.uv", "index-strategy"), "uv-index-strategy", strategy)
        else:
            reader.skip(f"[tool.uv].index-strategy: expected one of {', '.join(UV_INDEX_STRATEGIES)}, got {strategy!r}")
    sources = _table(uv, "sources", "[tool.uv.sources]", reader) or {}
    for package, spec in sources.items():
        for entry in spec if isinstance(spec, list) else [spec]:
            if isinstance(entry, dict) and isinstance(entry.get("index"), str):
                line = reader.locator.key("tool.uv.sources", package)
                attributes = (("package", canonicalize_name(package)),)
                _uv_option(reader, line, "uv-source", entry["index"], attributes)


def _read_uv_indexes(indexes: object, reader: _PyprojectReader) -> None:
    for position, where, index in _array_of_tables(indexes, "tool.uv.index", reader):
        url, name = index.get("url"), index.get("name")
        if not isinstance(url, str) or not url.strip():
            reader.skip(f"{where}: an index needs a url")
            continue
        flags = {key: index.get(key, False) for key in ("explicit", "default")}
        wrong = sorted(key for key, value in flags.items() if not isinstance(value, bool))
        if wrong or (name is not None and not isinstance(name, str)):
            reader.skip(f"{where}: {', '.join(wrong) or 'name'} has the wrong type")
            continue
        line = reader.locator.array_item_key("tool.uv.index", position, "url")
        if line is None:
            line = reader.locator.string(["tool.uv"], url)
        attributes = [(key, "true" if value else "false") for key, value in flags.items()]
        if name is not None:
            attributes.append(("name", name))
        _uv_option(reader, line, "uv-index", url, tuple(sorted(attributes)))


def _uv_option(
    reader: _PyprojectReader, line: int, name: str, value: str, attributes: tuple[tuple[str, str], ...] = ()
) -> None:
    reader.result.options.append(ManifestOption(reader.path, line, name, value, reader.locator.text(line), attributes))


# ---------------------------------------------------------------------------
# Entry points named by agents.dependency.manifests.MANIFEST_PARSERS, and the lookup.


def parse_requirements_entry(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    return parse_requirements(text, path, read_include=read_include)


def parse_pyproject_entry(text: str, path: str, read_include: IncludeReader) -> ParseResult:
    return parse_pyproject(text, path)


def parser_for(path: str) -> ManifestParse | None:
    """The parser for a repo-relative POSIX path, or None if it is not a manifest we read.

    The parser's module is imported on first use: a repository without lockfiles never loads them.
    """
    pattern = manifest_pattern(path)
    if pattern is None:
        return None
    module_name, _, function = MANIFEST_PARSERS[pattern].partition(":")
    parse: ManifestParse = getattr(importlib.import_module(module_name), function)
    return parse
