"""Version ordering per ecosystem, as OSV ranges need it: PEP 440 for PyPI, SemVer 2.0.0 for npm, crates.io and Go.

A VersionKey is only meaningful against keys of the same ecosystem. OSV's "introduced: 0" is the literal
string "0", which sorts below every version of every ecosystem (for PyPI below "0.dev0" too).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from agents.dependency.model import ECOSYSTEM_CRATES, ECOSYSTEM_GO, ECOSYSTEM_NPM, ECOSYSTEM_PYPI

SEMVER = "SEMVER"
"""The pseudo-ecosystem of keys from semver_key: OSV's SEMVER range type, whatever the package's ecosystem."""

SEMVER_ECOSYSTEMS: frozenset[str] = frozenset({ECOSYSTEM_NPM, ECOSYSTEM_CRATES, ECOSYSTEM_GO})

BOTTOM = "0"
"""OSV's version before every version ("introduced: 0")."""

_BOTTOM_PARTS: tuple[object, ...] = (0,)
_VERSION_TIER = 1

_NUMERIC = r"0|[1-9][0-9]*"
_PRERELEASE_IDENTIFIER = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_SEMVER = re.compile(
    rf"(?P<major>{_NUMERIC})\.(?P<minor>{_NUMERIC})\.(?P<patch>{_NUMERIC})"
    rf"(?:-(?P<prerelease>{_PRERELEASE_IDENTIFIER}(?:\.{_PRERELEASE_IDENTIFIER})*))?"
    r"(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?",
    re.ASCII,
)


class UnsupportedVersion(ValueError):
    """The version string does not follow its ecosystem's rules, or we do not know that ecosystem's ordering."""


@dataclass(frozen=True, order=True)
class VersionKey:
    """Sort key of one version: equal keys are the same version (1.0 == 1.0.0 in PyPI, build metadata ignored)."""

    ecosystem: str
    parts: tuple[object, ...]


def version_key(ecosystem: str, version: str) -> VersionKey:
    """The ordering key of version under ecosystem's rules; UnsupportedVersion when there is none."""
    return _cached_key(ecosystem, version)


@functools.lru_cache(maxsize=65536)
def _cached_key(ecosystem: str, version: str) -> VersionKey:
    if ecosystem == ECOSYSTEM_PYPI:
        return VersionKey(ecosystem, _pep440_parts(version))
    if ecosystem == ECOSYSTEM_NPM:
        # npm's own parser accepts "=1.2.3" and "v1.2.3" and means 1.2.3.
        return VersionKey(ecosystem, _semver_parts(version.strip(), prefixes=("=", "v")))
    if ecosystem == ECOSYSTEM_GO:
        # Go writes "v1.2.3"; OSV's Go records write "1.2.3". A pseudo-version is a SemVer prerelease and
        # "+incompatible" is build metadata, so plain SemVer precedence orders both as Go does.
        return VersionKey(ecosystem, _semver_parts(version, prefixes=("v",)))
    if ecosystem == ECOSYSTEM_CRATES:
        return VersionKey(ecosystem, _semver_parts(version, prefixes=()))
    if ecosystem == SEMVER:
        return VersionKey(ecosystem, _semver_parts(version, prefixes=()))
    raise UnsupportedVersion(f"no version ordering for ecosystem {ecosystem!r}")


def semver_key(version: str) -> VersionKey:
    """The key of a strict SemVer 2.0.0 version (OSV SEMVER ranges: no "v" prefix)."""
    return _cached_key(SEMVER, version)


def same_version(ecosystem: str, a: str, b: str) -> bool:
    """Whether a and b name the same version; exact string equality when either cannot be ordered."""
    try:
        return version_key(ecosystem, a) == version_key(ecosystem, b)
    except UnsupportedVersion:
        return a == b


def sort_versions(ecosystem: str, versions: Iterable[str]) -> list[str]:
    """Versions in ascending order; those that cannot be ordered come first, by string."""
    keyed = [(version_key_or_none(ecosystem, version), version) for version in versions]
    unorderable = sorted(version for key, version in keyed if key is None)
    orderable = sorted((key, version) for key, version in keyed if key is not None)
    return unorderable + [version for _, version in orderable]


def version_key_or_none(ecosystem: str, version: str) -> VersionKey | None:
    """version_key, or None when the version cannot be ordered."""
    try:
        return version_key(ecosystem, version)
    except UnsupportedVersion:
        return None


def _pep440_parts(version: str) -> tuple[object, ...]:
    if version == BOTTOM:
        return _BOTTOM_PARTS
    try:
        return (_VERSION_TIER, Version(version))
    except InvalidVersion:
        raise UnsupportedVersion(f"not a PEP 440 version: {version!r}") from None


def _semver_parts(version: str, *, prefixes: tuple[str, ...]) -> tuple[object, ...]:
    if version == BOTTOM:
        return _BOTTOM_PARTS
    text = version
    for prefix in prefixes:
        text = text.removeprefix(prefix)
    match = _SEMVER.fullmatch(text)
    if match is None:
        raise UnsupportedVersion(f"not a SemVer 2.0.0 version: {version!r}")
    prerelease = match["prerelease"]
    # A release outranks each of its prereleases; among prereleases, identifiers compare left to right,
    # numeric ones by value and below alphanumeric ones, and a shorter list of equal leading ones first.
    identifiers = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in (prerelease.split(".") if prerelease else ())
    )
    return (
        _VERSION_TIER,
        int(match["major"]),
        int(match["minor"]),
        int(match["patch"]),
        0 if prerelease else 1,
        identifiers,
    )
