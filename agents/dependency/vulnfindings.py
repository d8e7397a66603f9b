"""Known vulnerabilities and malicious packages among the dependencies (rules DEP006 and DEP007).

Which version is checked: the version a lockfile records when one does, else the exact pin of a
manifest line. Where it is reported: the manifest line that declares the package (in the
lockfile's directory or below it), else the lockfile entry. Records come from
agents.dependency.vulndb (local store or OSV API) and are always matched here, by
agents.dependency.osv, so both sources give the same answer for the same data.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.dependency import osv
from agents.dependency.catalogue import AGENT_ID, DEP006, DEP007
from agents.dependency.model import ECOSYSTEM_PYPI, Dependency
from agents.dependency.versions import sort_versions
from agents.dependency.vulndb import LookupResult, PackageQuery
from analyzer.findings import Finding, Location, Severity, fingerprint

DEFAULT_SEVERITY = Severity.HIGH
"""Severity of an advisory with neither a CVSS vector nor a rating of its own (DEP006's help says so)."""

MAX_SUMMARY_LENGTH = 200

_SEVERITY_BY_LABEL: Mapping[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
}


@dataclass(frozen=True)
class CheckedPackage:
    """One installed (ecosystem, name, version) and where a finding about it is reported."""

    ecosystem: str
    name: str
    raw_name: str
    version: str
    reported_at: Dependency
    """The manifest line that declares the package, else the lockfile entry."""
    locked_at: Dependency | None = None
    """The lockfile entry the version comes from, when a lockfile records it."""
    direct: bool = True

    @property
    def query(self) -> PackageQuery:
        return PackageQuery(self.ecosystem, self.name, self.version)


@dataclass
class VulnerabilityCheck:
    """What checking a set of packages yields: findings, and everything a reader needs to trust them."""

    findings: list[Finding] = field(default_factory=list)
    incomplete: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    invalid_records: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)


def checked_packages(dependencies: Sequence[Dependency]) -> list[CheckedPackage]:
    """The packages whose versions are known, each once per reporting place, sorted."""
    locked = [d for d in dependencies if d.manifest_kind == "lockfile" and d.version]
    declared = [d for d in dependencies if d.manifest_kind != "lockfile" and d.kind == "registry"]
    lock_dirs = _lock_dirs(dependencies)

    declarations: dict[tuple[str, str, str], list[Dependency]] = defaultdict(list)
    for dependency in declared:
        lock_dir = _governing_lock_dir(dependency, lock_dirs.get(dependency.ecosystem, set()))
        if lock_dir is not None:
            declarations[(lock_dir, dependency.ecosystem, dependency.name)].append(dependency)

    packages: dict[tuple[object, ...], CheckedPackage] = {}
    for entry in locked:
        key = (posixpath.dirname(entry.file), entry.ecosystem, entry.name)
        manifest_lines = sorted(declarations.get(key, []), key=Dependency.sort_key)
        reported_at = next((d for d in manifest_lines if d.scope != "constraint"), None) or entry
        assert entry.version is not None
        package = CheckedPackage(
            ecosystem=entry.ecosystem,
            name=entry.name,
            raw_name=reported_at.raw_name,
            version=entry.version,
            reported_at=reported_at,
            locked_at=entry,
            direct=entry.direct or reported_at is not entry,
        )
        packages.setdefault(_package_key(package), package)

    installed_names = {(d.ecosystem, d.name) for d in declared if d.scope != "constraint"}
    for dependency in declared:
        if dependency.version is None:
            continue
        if _governing_lock_dir(dependency, lock_dirs.get(dependency.ecosystem, set())) is not None:
            continue  # the lockfile's version is what gets installed
        if dependency.scope == "constraint" and (dependency.ecosystem, dependency.name) not in installed_names:
            continue  # a constraint on a package nothing requires installs nothing
        package = CheckedPackage(
            ecosystem=dependency.ecosystem,
            name=dependency.name,
            raw_name=dependency.raw_name,
            version=dependency.version,
            reported_at=dependency,
        )
        packages.setdefault(_package_key(package), package)
    return sorted(packages.values(), key=_package_key)


def unversioned(dependencies: Sequence[Dependency]) -> list[Dependency]:
    """Declared registry dependencies whose installed version nothing here tells: a range, no lockfile."""
    lock_dirs = _lock_dirs(dependencies)
    return [
        d
        for d in dependencies
        if d.manifest_kind != "lockfile"
        and d.kind == "registry"
        and d.version is None
        and d.scope != "constraint"
        and _governing_lock_dir(d, lock_dirs.get(d.ecosystem, set())) is None
    ]


def _package_key(package: CheckedPackage) -> tuple[str, int, str, str, str]:
    place = package.reported_at
    return (place.file, place.line, package.ecosystem, package.name, package.version)


def _lock_dirs(dependencies: Sequence[Dependency]) -> dict[str, set[str]]:
    """Ecosystem -> the folders holding a lockfile that records versions of it."""
    lock_dirs: dict[str, set[str]] = defaultdict(set)
    for entry in dependencies:
        if entry.manifest_kind == "lockfile" and entry.version:
            lock_dirs[entry.ecosystem].add(posixpath.dirname(entry.file))
    return lock_dirs


def _governing_lock_dir(dependency: Dependency, lock_dirs: Iterable[str]) -> str | None:
    """The nearest directory at or above the manifest that holds a lockfile of its ecosystem."""
    directory = posixpath.dirname(dependency.file)
    candidates = [d for d in lock_dirs if d == "" or directory == d or directory.startswith(d + "/")]
    return max(candidates, key=len, default=None)


Importer = Callable[[str], "tuple[str, int] | None"]
"""PyPI distribution name -> (path, line) of the first import of it in the repository, or None."""


def check_vulnerabilities(
    packages: Sequence[CheckedPackage],
    lookup: Callable[[Sequence[PackageQuery]], LookupResult],
    importer: Callable[[], Importer],
) -> VulnerabilityCheck:
    """Findings for every package version affected by a known advisory or listed as malicious."""
    outcome = VulnerabilityCheck()
    queries = sorted({p.query for p in packages}, key=lambda q: (q.ecosystem, q.name, q.version))
    outcome.stats["packagesChecked"] = len(queries)
    if not queries:
        return outcome
    result = lookup(queries)
    outcome.sources = dict(sorted(result.sources.items()))
    outcome.notes = list(result.notes)
    per_ecosystem: dict[str, int] = defaultdict(int)
    for query in queries:
        per_ecosystem[query.ecosystem] += 1
    for ecosystem, reason in sorted(result.unavailable.items()):
        outcome.incomplete.append(
            {
                "check": "vulnerabilities",
                "ecosystem": ecosystem,
                "packages": per_ecosystem.get(ecosystem, 0),
                "message": f"vulnerability check not performed for {ecosystem}: {reason}",
            }
        )
    affecting = _affecting_records(queries, result, outcome)
    find_import: Importer | None = None
    vulnerable_versions = 0
    for package in packages:
        groups = affecting.get(package.query)
        if not groups:
            continue
        vulnerable_versions += 1
        every_vulnerability = [v for group in groups for v in group]
        upgrade = osv.smallest_fix(package.ecosystem, package.name, package.version, every_vulnerability)
        imported: tuple[bool, tuple[str, int] | None] | None = None
        if package.ecosystem == ECOSYSTEM_PYPI:
            find_import = find_import or importer()
            where = find_import(package.name)
            imported = (where is not None, where)
        for group in groups:
            outcome.findings.append(_finding(package, group, upgrade, len(groups), imported))
    outcome.stats["vulnerablePackages"] = vulnerable_versions
    outcome.stats["advisories"] = len(outcome.findings)
    return outcome


def _affecting_records(
    queries: Sequence[PackageQuery], result: LookupResult, outcome: VulnerabilityCheck
) -> dict[PackageQuery, list[tuple[osv.Vulnerability, ...]]]:
    parsed: dict[str, osv.Vulnerability | None] = {}
    affecting: dict[PackageQuery, list[tuple[osv.Vulnerability, ...]]] = {}
    for query in queries:
        matched: list[osv.Vulnerability] = []
        for record in result.records.get(query, ()):
            record_id = str(record.get("id", "<no id>"))
            if record_id not in parsed:
                try:
                    parsed[record_id] = osv.parse_record(record)
                except osv.OsvRecordError as exc:
                    parsed[record_id] = None
                    outcome.invalid_records.append(f"{record_id}: {exc}")
            vulnerability = parsed[record_id]
            if vulnerability is not None and osv.affects(vulnerability, query.ecosystem, query.name, query.version):
                matched.append(vulnerability)
        if matched:
            affecting[query] = osv.alias_groups(matched)
    outcome.invalid_records.sort()
    return affecting


def _finding(
    package: CheckedPackage,
    group: tuple[osv.Vulnerability, ...],
    upgrade: str | None,
    advisories_of_package: int,
    imported: tuple[bool, tuple[str, int] | None] | None,
) -> Finding:
    malicious = any(osv.is_malicious(v) for v in group)
    rule = DEP007 if malicious else DEP006
    ids = osv.all_ids(group)
    primary = osv.primary_id(group)
    others = [i for i in ids if i != primary]
    scores = [s for s in (osv.cvss_score(v) for v in group) if s is not None]
    score = max(scores) if scores else None
    severity = rule.severity if malicious else _severity(group)
    fixed = sort_versions(
        package.ecosystem, {f for v in group for f in osv.fixed_versions(v, package.ecosystem, package.name)}
    )
    place = package.reported_at
    name_version = f"{package.raw_name} {package.version}"
    aliases = f" ({', '.join(others)})" if others else ""
    if malicious:
        message = f"{name_version} is listed as malicious by {primary}{aliases}"
    else:
        message = f"{name_version} is affected by {primary}{aliases}"
        summary = _summary(group)
        if summary:
            message += f": {summary}"
        message += f". Fixed in {', '.join(fixed)}" if fixed else ". No fixed version is known"
        if upgrade is not None and advisories_of_package > 1:
            message += f"; {upgrade} fixes all {advisories_of_package} advisories of this version"
    if package.locked_at is not None and package.locked_at is not place:
        message += f" (version locked in {package.locked_at.file})"
    if imported is not None:
        found, where = imported
        message += f"; imported by this code at {where[0]}:{where[1]}" if found and where else "; not imported here"
    message += "."
    properties: dict[str, object] = {
        "package": package.name,
        "ecosystem": package.ecosystem,
        "version": package.version,
        "ids": list(ids),
        "fixedVersions": fixed,
        "direct": package.direct,
        "scope": place.scope,
    }
    if upgrade is not None:
        properties["upgradeTo"] = upgrade
    if score is not None:
        properties["cvss"] = score
    if package.locked_at is not None:
        properties["lockfile"] = f"{package.locked_at.file}:{package.locked_at.line}"
    if imported is not None:
        properties["imported"] = imported[0]
        if imported[1] is not None:
            properties["importedAt"] = f"{imported[1][0]}:{imported[1][1]}"
    remediation = rule.help
    if not malicious:
        if upgrade is not None:
            remediation = (
                f"Upgrade {package.raw_name} to {upgrade} or later (fixes every known advisory of {name_version})."
            )
        elif fixed:
            remediation = f"Upgrade {package.raw_name} to a fixed release ({', '.join(fixed)}) and re-lock."
    identity = f"{package.ecosystem}:{package.name}:{package.version}:{primary}"
    return Finding(
        rule_id=rule.id,
        agent_id=AGENT_ID,
        message=message,
        severity=severity,
        confidence=rule.confidence,
        cwe=rule.cwe,
        location=Location(path=place.file, line=place.line, column=1),
        snippet=place.text or None,
        remediation=remediation,
        fingerprint=fingerprint(rule.id, place.file, identity, 0),
        properties=properties,
    )


def _severity(group: Sequence[osv.Vulnerability]) -> Severity:
    labels = [_SEVERITY_BY_LABEL.get(label or "") for label in (osv.severity_label(v) for v in group)]
    known = [s for s in labels if s is not None]
    return max(known, key=lambda s: s.rank) if known else DEFAULT_SEVERITY


def _summary(group: Sequence[osv.Vulnerability]) -> str:
    text = next((v.summary for v in group if v.summary), "") or next((v.details for v in group if v.details), "")
    text = " ".join(text.split())
    if len(text) > MAX_SUMMARY_LENGTH:
        text = text[: MAX_SUMMARY_LENGTH - 1].rstrip() + "…"
    return text.rstrip(".")
