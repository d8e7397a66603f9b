"""What the manifest parsers produce: dependencies, pip options, and what could not be parsed.

Everything here is plain, frozen, picklable data so that later stages (vulnerability matching,
lockfiles, supply-chain checks) can consume it without knowing which parser made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from agents.base import Skipped

Scope = Literal["main", "dev", "optional", "build", "constraint"]
"""main: needed at run time; dev: tests, docs, tooling (including PEP 735 groups);
optional: an extra; build: [build-system] requires; constraint: a line of a pip -c file,
which limits versions but installs nothing."""

Kind = Literal["registry", "url", "vcs", "editable", "path"]
"""Where the code comes from: a package index, an archive URL, a VCS checkout, a local
directory installed in editable mode, or another local path."""

ManifestKind = Literal["requirements", "pyproject", "setup-cfg", "lockfile"]
"""lockfile: a file recording resolved versions (poetry.lock, uv.lock, package-lock.json, go.mod,
Cargo.lock, ...); the others declare requirements."""

# OSV ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field).
ECOSYSTEM_PYPI = "PyPI"
ECOSYSTEM_NPM = "npm"
ECOSYSTEM_GO = "Go"
ECOSYSTEM_CRATES = "crates.io"
ECOSYSTEMS: tuple[str, ...] = (ECOSYSTEM_PYPI, ECOSYSTEM_NPM, ECOSYSTEM_GO, ECOSYSTEM_CRATES)


@dataclass(frozen=True)
class Dependency:
    """One direct dependency as declared at one line of one manifest."""

    file: str
    """Repo-relative POSIX path of the manifest that declares it (for an include, the included file)."""
    line: int
    name: str
    """The name normalised for its ecosystem (agents.dependency.ecosystems.normalise_name; PEP 503 for
    PyPI): the key for vulnerability databases."""
    raw_name: str
    """The name as written."""
    specifier: str
    """PEP 440 specifier set ("" when there is none). Poetry's ^ and ~ are translated to PEP 440;
    a constraint that cannot be translated (e.g. with ||) is kept as written."""
    version: str | None
    """The exact version when the declaration pins one (== without a wildcard, ===, a wheel URL), or
    the resolved version a lockfile records (as written there, except that Go versions lose their leading
    "v", as OSV writes them: "v1.2.3" in go.mod is "1.2.3")."""
    scope: Scope
    kind: Kind
    manifest_kind: ManifestKind
    text: str
    """The declaration as written (without comments and pip options): the finding snippet."""
    extras: tuple[str, ...] = ()
    marker: str | None = None
    group: str | None = None
    """Extra, dependency group or Poetry group the declaration belongs to."""
    url: str | None = None
    """For url, vcs, editable and path kinds: where the code is fetched from (VCS ref included)."""
    editable: bool = False
    hashes: tuple[str, ...] = ()
    """pip --hash values, "algorithm:digest"."""
    ecosystem: str = ECOSYSTEM_PYPI
    direct: bool = True
    """Declared by the project itself; False for a lockfile entry pulled in by another package.
    Lockfiles that cannot tell (e.g. yarn.lock, Cargo.lock without the manifest) say True only for
    what they mark as the project's own requirements."""

    def to_json_dict(self) -> dict[str, Any]:
        """The payload form. URLs lose any credentials they carry: reports are shared widely."""
        return {
            "file": self.file,
            "line": self.line,
            "ecosystem": self.ecosystem,
            "name": self.name,
            "rawName": self.raw_name,
            "specifier": self.specifier,
            "version": self.version,
            "extras": list(self.extras),
            "marker": self.marker,
            "scope": self.scope,
            "group": self.group,
            "kind": self.kind,
            "url": redact_credentials(self.url) if self.url is not None else None,
            "editable": self.editable,
            "hashed": bool(self.hashes),
            "direct": self.direct,
        }

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.file, self.line, self.name, self.group or "", self.specifier)


@dataclass(frozen=True)
class ManifestOption:
    """A setting that decides where packages come from, kept for the supply-chain rules: a global pip
    option of a requirements file, or an index setting of pyproject.toml (Poetry, uv)."""

    file: str
    line: int
    name: str
    """pip: the long option name without dashes ("index-url", "extra-index-url", "trusted-host", ...).
    pyproject.toml: "poetry-source" (value: its URL, None for PyPI), "poetry-dependency-source" (value: the
    source a dependency is pinned to), "uv-index" (value: its URL), "uv-index-url", "uv-extra-index-url",
    "uv-index-strategy" (value: the strategy) and "uv-source" (value: the index a package is pinned to)."""
    value: str | None
    text: str
    attributes: tuple[tuple[str, str], ...] = ()
    """More facts of a pyproject.toml setting, sorted by key: "name" and "priority" of a Poetry source,
    "name", "explicit" and "default" ("true"/"false") of a uv index, "package" (PEP 503) of a pin."""

    def attribute(self, key: str) -> str | None:
        return next((value for name, value in self.attributes if name == key), None)


@dataclass
class ParseResult:
    """What parsing one manifest (and whatever it includes) yields. Failures are values."""

    dependencies: list[Dependency] = field(default_factory=list)
    options: list[ManifestOption] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    manifests: list[str] = field(default_factory=list)
    """Every file that was read and parsed, the manifest itself first, then its includes."""


_URL_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s]+)@")


def redact_credentials(text: str) -> str:
    """Mask user:password@ (and token@) in http(s) URLs; keep ssh's harmless git@."""

    def mask(match: re.Match[str]) -> str:
        scheme, userinfo = match.group("scheme"), match.group("userinfo")
        if ":" not in userinfo and not scheme.lower().rstrip(":/").endswith(("http", "https")):
            return match.group(0)
        return f"{scheme}***@"

    return _URL_USERINFO.sub(mask, text)
