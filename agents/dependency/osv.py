"""The OSV record model (https://ossf.github.io/osv-schema/) and the questions the dependency agent asks of it.

Matching follows the schema's "Evaluation" pseudocode: a version is affected when an affected entry of its
package lists it in `versions` (compared as versions, not strings) or any ECOSYSTEM/SEMVER range includes it.
GIT ranges need the repository's commit graph, so they are passed over and the other ranges still count.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from agents.dependency.ecosystems import normalise_name
from agents.dependency.versions import (
    SEMVER,
    SEMVER_ECOSYSTEMS,
    UnsupportedVersion,
    VersionKey,
    same_version,
    sort_versions,
    version_key,
    version_key_or_none,
)
from analyzer.rules import json_type_name

EventKind = Literal["introduced", "fixed", "last_affected", "limit"]
EVENT_KINDS: tuple[EventKind, ...] = ("introduced", "fixed", "last_affected", "limit")

RANGE_ECOSYSTEM = "ECOSYSTEM"
RANGE_SEMVER = "SEMVER"
RANGE_GIT = "GIT"

CVSS_TYPES: tuple[str, ...] = ("CVSS_V2", "CVSS_V3", "CVSS_V4")

# Which record id to show for an alias group: the ecosystems' own databases first, CVE last.
_ID_PREFERENCE: tuple[str, ...] = ("PYSEC-", "GHSA-", "RUSTSEC-", "GO-")
_CVE_PREFIX = "CVE-"
_MALICIOUS_PREFIX = "MAL-"

_TEXT_SEVERITY: Mapping[str, str] = {
    "CRITICAL": "critical",
    "HIGH": "high",
    "MODERATE": "medium",
    "MEDIUM": "medium",
    "LOW": "low",
}
_SEVERITY_RANK: Mapping[str, int] = {"low": 1, "medium": 2, "high": 3, "critical": 4}


class OsvRecordError(ValueError):
    """A record lacks or mistypes a part of the schema that matching relies on; the message names the key path."""


@dataclass(frozen=True)
class Event:
    kind: EventKind
    value: str


@dataclass(frozen=True)
class Range:
    type: str
    events: tuple[Event, ...]
    repo: str | None = None


@dataclass(frozen=True)
class SeverityScore:
    type: str
    score: str
    """A CVSS vector for the CVSS_V* types, not a number."""


@dataclass(frozen=True)
class Affected:
    """One affected[] entry. The *_specific mappings take no part in equality or hashing."""

    ecosystem: str
    """The OSV ecosystem without its ":release" suffix ("Debian:11" is "Debian")."""
    name: str
    """Normalised with agents.dependency.ecosystems.normalise_name."""
    purl: str | None = None
    ranges: tuple[Range, ...] = ()
    versions: tuple[str, ...] = ()
    database_specific: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    ecosystem_specific: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    severity: tuple[SeverityScore, ...] = ()

    @functools.cached_property
    def listed_keys(self) -> frozenset[VersionKey]:
        """The ordering keys of `versions` (those that have one), built once: matching asks per query."""
        return frozenset(key for listed in self.versions if (key := version_key_or_none(self.ecosystem, listed)))


@dataclass(frozen=True)
class Vulnerability:
    """One OSV record, reduced to what matching and reporting use; hashable (database_specific is left out)."""

    id: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    summary: str | None = None
    details: str | None = None
    modified: str | None = None
    published: str | None = None
    withdrawn: str | None = None
    severity: tuple[SeverityScore, ...] = ()
    affected: tuple[Affected, ...] = ()
    references: tuple[tuple[str, str], ...] = ()
    """(type, url) pairs."""
    database_specific: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)


# ---------------------------------------------------------------------------
# parsing


def parse_record(data: Mapping[str, Any]) -> Vulnerability:
    """A Vulnerability from one decoded OSV record; OsvRecordError when a part we rely on is malformed."""
    if not isinstance(data, Mapping):
        raise OsvRecordError(f"record: expected an object, got {json_type_name(data)}")
    affected = _optional_list(data, "affected", "affected")
    return Vulnerability(
        id=_required_str(data, "id", "id"),
        aliases=_str_tuple(data, "aliases", "aliases"),
        related=_str_tuple(data, "related", "related"),
        summary=_optional_str(data, "summary", "summary"),
        details=_optional_str(data, "details", "details"),
        modified=_optional_timestamp(data, "modified"),
        published=_optional_timestamp(data, "published"),
        withdrawn=_optional_timestamp(data, "withdrawn"),
        severity=_parse_severity(data, "severity"),
        affected=tuple(_parse_affected(entry, f"affected[{i}]") for i, entry in enumerate(affected)),
        references=_parse_references(data),
        database_specific=_optional_mapping(data, "database_specific", "database_specific"),
    )


def base_ecosystem(ecosystem: str) -> str:
    """The ecosystem without its release suffix: "Debian:11" -> "Debian", "Ubuntu:22.04:LTS" -> "Ubuntu"."""
    return ecosystem.split(":", 1)[0].strip()


def _parse_affected(entry: object, path: str) -> Affected:
    if not isinstance(entry, Mapping):
        raise OsvRecordError(f"{path}: expected an object, got {json_type_name(entry)}")
    # The schema lets an entry without a package describe bare GIT ranges; it matches no package.
    package = entry.get("package")
    ecosystem = name = ""
    purl = None
    if package is not None:
        if not isinstance(package, Mapping):
            raise OsvRecordError(f"{path}.package: expected an object, got {json_type_name(package)}")
        ecosystem = base_ecosystem(_required_str(package, "ecosystem", f"{path}.package.ecosystem"))
        name = normalise_name(ecosystem, _required_str(package, "name", f"{path}.package.name"))
        purl = _optional_str(package, "purl", f"{path}.package.purl")
    ranges = _optional_list(entry, "ranges", f"{path}.ranges")
    return Affected(
        ecosystem=ecosystem,
        name=name,
        purl=purl,
        ranges=tuple(_parse_range(r, f"{path}.ranges[{i}]") for i, r in enumerate(ranges)),
        versions=_str_tuple(entry, "versions", f"{path}.versions"),
        database_specific=_optional_mapping(entry, "database_specific", f"{path}.database_specific"),
        ecosystem_specific=_optional_mapping(entry, "ecosystem_specific", f"{path}.ecosystem_specific"),
        severity=_parse_severity(entry, f"{path}.severity"),
    )


def _parse_range(entry: object, path: str) -> Range:
    if not isinstance(entry, Mapping):
        raise OsvRecordError(f"{path}: expected an object, got {json_type_name(entry)}")
    events = _optional_list(entry, "events", f"{path}.events")
    return Range(
        type=_required_str(entry, "type", f"{path}.type"),
        events=tuple(_parse_event(e, f"{path}.events[{i}]") for i, e in enumerate(events)),
        repo=_optional_str(entry, "repo", f"{path}.repo"),
    )


def _parse_event(entry: object, path: str) -> Event:
    if not isinstance(entry, Mapping):
        raise OsvRecordError(f"{path}: expected an object, got {json_type_name(entry)}")
    kinds = [kind for kind in EVENT_KINDS if kind in entry]
    if len(kinds) != 1:
        found = ", ".join(sorted(str(key) for key in entry)) or "none"
        raise OsvRecordError(f"{path}: expected exactly one of {', '.join(EVENT_KINDS)}; found keys: {found}")
    kind = kinds[0]
    return Event(kind, _required_str(entry, kind, f"{path}.{kind}"))


def _parse_severity(data: Mapping[str, Any], path: str) -> tuple[SeverityScore, ...]:
    entries = _optional_list(data, "severity", path)
    scores = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise OsvRecordError(f"{path}[{i}]: expected an object, got {json_type_name(entry)}")
        scores.append(
            SeverityScore(
                _required_str(entry, "type", f"{path}[{i}].type"), _required_str(entry, "score", f"{path}[{i}].score")
            )
        )
    return tuple(scores)


def _parse_references(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    references = []
    for i, entry in enumerate(_optional_list(data, "references", "references")):
        if not isinstance(entry, Mapping):
            raise OsvRecordError(f"references[{i}]: expected an object, got {json_type_name(entry)}")
        references.append(
            (_required_str(entry, "type", f"references[{i}].type"), _required_str(entry, "url", f"references[{i}].url"))
        )
    return tuple(references)


def _required_str(data: Mapping[str, Any], key: str, path: str) -> str:
    if key not in data:
        raise OsvRecordError(f"{path}: missing")
    value = data[key]
    if not isinstance(value, str):
        raise OsvRecordError(f"{path}: expected a string, got {json_type_name(value)}")
    return value


def _optional_str(data: Mapping[str, Any], key: str, path: str) -> str | None:
    return None if data.get(key) is None else _required_str(data, key, path)


def _optional_timestamp(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    # YAML (pypa/advisory-database) reads unquoted RFC 3339 times as datetimes; keep OSV's string form.
    if isinstance(value, datetime.datetime) and value.utcoffset() == datetime.timedelta(0):
        return value.replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _optional_str(data, key, key)


def _optional_list(data: Mapping[str, Any], key: str, path: str) -> Sequence[object]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise OsvRecordError(f"{path}: expected a list, got {json_type_name(value)}")
    return cast("list[object]", value)


def _optional_mapping(data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise OsvRecordError(f"{path}: expected an object, got {json_type_name(value)}")
    return dict(value)


def _str_tuple(data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
    items = _optional_list(data, key, path)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise OsvRecordError(f"{path}[{i}]: expected a string, got {json_type_name(item)}")
    return tuple(cast("Sequence[str]", items))


# ---------------------------------------------------------------------------
# matching


def affects(vuln: Vulnerability, ecosystem: str, name: str, version: str) -> bool:
    """Whether the package version is affected (never for a withdrawn record)."""
    if vuln.withdrawn is not None:
        return False
    return any(_affected_entry_includes(entry, version) for entry in _entries_for(vuln, ecosystem, name))


def fixed_versions(vuln: Vulnerability, ecosystem: str, name: str) -> tuple[str, ...]:
    """Every version a `fixed` event of an ECOSYSTEM or SEMVER range of the package names, ascending, once each."""
    ecosystem = base_ecosystem(ecosystem)
    values = {
        event.value
        for entry in _entries_for(vuln, ecosystem, name)
        for range_ in entry.ranges
        if range_.type in (RANGE_ECOSYSTEM, RANGE_SEMVER)
        for event in range_.events
        if event.kind == "fixed"
    }
    unique: list[str] = []
    for value in sort_versions(ecosystem, sorted(values)):
        # sort_versions keeps equal versions in string order, so the first spelling of each is kept.
        if not unique or not same_version(ecosystem, unique[-1], value):
            unique.append(value)
    return tuple(unique)


def smallest_fix(ecosystem: str, name: str, version: str, vulns: Iterable[Vulnerability]) -> str | None:
    """The smallest `fixed` version above version that none of vulns affects, or None."""
    ecosystem = base_ecosystem(ecosystem)
    live = [vuln for vuln in vulns if vuln.withdrawn is None]
    current = version_key_or_none(ecosystem, version)
    if current is None:
        return None
    candidates = {
        (key, value)
        for vuln in live
        for value in fixed_versions(vuln, ecosystem, name)
        if (key := version_key_or_none(ecosystem, value)) is not None and key > current
    }
    last_blocking: Vulnerability | None = None
    for _, candidate in sorted(candidates):
        # The advisory that rules out one candidate usually rules out the next few too: ask it first.
        if last_blocking is not None and affects(last_blocking, ecosystem, name, candidate):
            continue
        last_blocking = next(
            (v for v in live if v is not last_blocking and affects(v, ecosystem, name, candidate)), None
        )
        if last_blocking is None:
            return candidate
    return None


def _entries_for(vuln: Vulnerability, ecosystem: str, name: str) -> list[Affected]:
    ecosystem = base_ecosystem(ecosystem)
    name = normalise_name(ecosystem, name)
    return [entry for entry in vuln.affected if entry.ecosystem == ecosystem and entry.name == name]


def _affected_entry_includes(entry: Affected, version: str) -> bool:
    # Cheapest first: the exact spelling, then the ranges, then `versions` compared as versions (which
    # orders every listed version once per record).
    if version in entry.versions:
        return True
    for range_ in entry.ranges:
        ordering = _ordering(entry.ecosystem, range_.type)
        if ordering is None:
            continue  # GIT (or an unknown type): say nothing, keep evaluating the other ranges
        if _range_includes(range_, ordering, version):
            return True
    return _listed(entry, version)


def _listed(entry: Affected, version: str) -> bool:
    """IncludedInVersions, comparing versions (1.0 is 1.0.0) where the ecosystem orders them, else strings."""
    if version in entry.versions:
        return True
    try:
        queried = version_key(entry.ecosystem, version)
    except UnsupportedVersion:
        return False
    return queried in entry.listed_keys


def _ordering(ecosystem: str, range_type: str) -> str | None:
    """Whose version rules order a range's events: the ecosystem's, strict SemVer's, or none (GIT)."""
    if range_type == RANGE_ECOSYSTEM or (range_type == RANGE_SEMVER and ecosystem in SEMVER_ECOSYSTEMS):
        return ecosystem
    if range_type == RANGE_SEMVER:
        return SEMVER
    return None


_Timeline = tuple[tuple[VersionKey | None, ...], tuple[tuple[VersionKey, str], ...]]


def _timeline(range_: Range, ordering: str) -> _Timeline | None:
    """A range's limits and its other events sorted by version, built once per ordering; None if unorderable."""
    cache: dict[str, _Timeline | None] = range_.__dict__.setdefault("_timelines", {})
    if ordering in cache:
        return cache[ordering]
    try:
        # A limit containing "*" is infinity; without any limit event an implicit "*" applies.
        limits = tuple(
            None if "*" in e.value else version_key(ordering, e.value) for e in range_.events if e.kind == "limit"
        )
        # A stable sort: events at one version keep the record's order, so "fixed: 2, introduced: 2"
        # (adjacent intervals) still covers 2.
        timeline = tuple(
            sorted(
                ((version_key(ordering, e.value), e.kind) for e in range_.events if e.kind != "limit"),
                key=lambda item: item[0],
            )
        )
        compiled: _Timeline | None = (limits, timeline)
    except UnsupportedVersion:
        compiled = None
    cache[ordering] = compiled
    return compiled


def _range_includes(range_: Range, ordering: str, version: str) -> bool:
    """The schema's IncludedInRanges for one range; False when its versions (or the queried one) cannot be ordered."""
    compiled = _timeline(range_, ordering)
    queried = version_key_or_none(ordering, version)
    if compiled is None or queried is None:
        return False
    limits, timeline = compiled
    if limits and not any(limit is None or queried < limit for limit in limits):
        return False
    vulnerable = False
    for key, kind in timeline:
        if kind == "introduced" and queried >= key:
            vulnerable = True
        elif kind == "fixed" and queried >= key:
            vulnerable = False
        elif kind == "last_affected" and queried > key:
            vulnerable = False
    return vulnerable


# ---------------------------------------------------------------------------
# severity


def cvss_score(vuln: Vulnerability) -> float | None:
    """The highest CVSS base score among the record's vectors (top level and per package); invalid ones ignored."""
    scores = [
        score
        for entry in (*vuln.severity, *(s for affected in vuln.affected for s in affected.severity))
        if (score := _base_score(entry)) is not None
    ]
    return max(scores) if scores else None


def severity_label(vuln: Vulnerability) -> str | None:
    """critical, high, medium or low from the CVSS score, else from the database's own rating, else None."""
    score = cvss_score(vuln)
    if score is not None and score > 0:
        if score >= 9.0:
            return "critical"
        if score >= 7.0:
            return "high"
        if score >= 4.0:
            return "medium"
        return "low"
    ratings = [
        label
        for specific in (vuln.database_specific, *(affected.database_specific for affected in vuln.affected))
        if isinstance(rating := specific.get("severity"), str) and (label := _TEXT_SEVERITY.get(rating.upper()))
    ]
    return max(ratings, key=_SEVERITY_RANK.__getitem__) if ratings else None


def _base_score(entry: SeverityScore) -> float | None:
    if entry.type not in CVSS_TYPES:
        return None
    # Imported here: only vulnerability matching needs cvss, and the scan's parent process must stay light.
    import cvss  # type: ignore[import-untyped]
    from cvss.exceptions import CVSSError  # type: ignore[import-untyped]

    calculator = {"CVSS_V2": cvss.CVSS2, "CVSS_V3": cvss.CVSS3, "CVSS_V4": cvss.CVSS4}[entry.type]
    try:
        return float(calculator(entry.score.strip()).base_score)
    except (CVSSError, ValueError, KeyError, IndexError):
        return None


# ---------------------------------------------------------------------------
# identity


def is_malicious(vuln: Vulnerability) -> bool:
    """An OSV malicious-packages record (MAL- id), directly or through an alias."""
    return any(identifier.startswith(_MALICIOUS_PREFIX) for identifier in (vuln.id, *vuln.aliases))


def alias_groups(vulns: Iterable[Vulnerability]) -> list[tuple[Vulnerability, ...]]:
    """Records that share an id or alias, transitively (aliases, not `related`), each group and the list sorted."""
    records = sorted(vulns, key=_record_order)
    parent: dict[str, str] = {}

    def root(identifier: str) -> str:
        parent.setdefault(identifier, identifier)
        while parent[identifier] != identifier:
            parent[identifier] = parent[parent[identifier]]
            identifier = parent[identifier]
        return identifier

    for record in records:
        for alias in record.aliases:
            first, second = root(record.id), root(alias)
            if first != second:
                parent[max(first, second)] = min(first, second)
    groups: dict[str, list[Vulnerability]] = {}
    for record in records:
        groups.setdefault(root(record.id), []).append(record)
    return sorted((tuple(group) for group in groups.values()), key=lambda group: [_record_order(v) for v in group])


def primary_id(group: Sequence[Vulnerability]) -> str:
    """The record id to show first: PYSEC, GHSA, RUSTSEC, GO, then other databases, CVE last; ties by string."""
    return min((vuln.id for vuln in group), key=lambda identifier: (_id_rank(identifier), identifier))


def all_ids(group: Iterable[Vulnerability]) -> tuple[str, ...]:
    """Every id and alias of the group, sorted, once each."""
    return tuple(sorted({identifier for vuln in group for identifier in (vuln.id, *vuln.aliases)}))


def _id_rank(identifier: str) -> int:
    for rank, prefix in enumerate(_ID_PREFERENCE):
        if identifier.startswith(prefix):
            return rank
    return len(_ID_PREFERENCE) + (1 if identifier.startswith(_CVE_PREFIX) else 0)


def _record_order(vuln: Vulnerability) -> tuple[str, str]:
    return (vuln.id, vuln.modified or "")
