"""The checks that apply the dependency agent's rules (agents.dependency.catalogue) to parsed manifests.

Each check is a function of the parsed facts and the policy; CHECKS lists them, so vulnerability
matching and further supply-chain checks slot in as more entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from agents.base import Rule
from agents.dependency.catalogue import AGENT_ID, DEP001, DEP002, DEP003, DEP004, DEP005
from agents.dependency.model import Dependency, ManifestOption, redact_credentials
from agents.dependency.parsers import exact_version, split_vcs_url
from analyzer.findings import Confidence, Finding, Location, Severity


@dataclass(frozen=True)
class Policy:
    application: bool | None = None
    """True/False: every manifest is an application's/library's. None: decide per manifest."""

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> Policy:
        application = options.get("application")
        return cls(application=application if isinstance(application, bool) else None)

    def is_application(self, dependency: Dependency) -> bool:
        if self.application is not None:
            return self.application
        return dependency.manifest_kind == "requirements" and not dependency.file.lower().endswith(".in")


@dataclass(frozen=True)
class Manifests:
    """Everything parsed from the scanned manifests, de-duplicated."""

    dependencies: Sequence[Dependency]
    options: Sequence[ManifestOption]

    def constrained_names(self) -> frozenset[str]:
        """Packages a pip constraints file pins exactly: their requirements are pinned in effect."""
        return frozenset(d.name for d in self.dependencies if d.scope == "constraint" and d.version is not None)


Check = Callable[[Manifests, Policy], Iterable[Finding]]


def _dependency_finding(
    rule: Rule,
    dependency: Dependency,
    message: str,
    *,
    severity: Severity | None = None,
    confidence: Confidence | None = None,
    cwe: tuple[int, ...] | None = None,
) -> Finding:
    properties: dict[str, object] = {
        "package": dependency.name,
        "specifier": dependency.specifier,
        "ecosystem": dependency.ecosystem,
        "scope": dependency.scope,
        "kind": dependency.kind,
    }
    if dependency.group is not None:
        properties["group"] = dependency.group
    if dependency.url is not None:
        properties["url"] = redact_credentials(dependency.url)
    return _manifest_line_finding(
        rule, dependency.file, dependency.line, dependency.text, message, properties,
        severity=severity, confidence=confidence, cwe=cwe,
    )  # fmt: skip


def _option_finding(rule: Rule, option: ManifestOption, message: str, *, cwe: tuple[int, ...]) -> Finding:
    properties: dict[str, object] = {"option": option.name, "ecosystem": "PyPI"}
    if option.value is not None:
        properties["value"] = redact_credentials(option.value)
    return _manifest_line_finding(rule, option.file, option.line, option.text, message, properties, cwe=cwe)


def _manifest_line_finding(
    rule: Rule,
    path: str,
    line: int,
    text: str,
    message: str,
    properties: dict[str, object],
    *,
    severity: Severity | None = None,
    confidence: Confidence | None = None,
    cwe: tuple[int, ...] | None = None,
) -> Finding:
    """A finding on a manifest line; the line is quoted with any credentials in it masked."""
    return Finding(
        rule_id=rule.id,
        agent_id=AGENT_ID,
        message=message,
        severity=severity or rule.severity,
        confidence=confidence or rule.confidence,
        cwe=cwe if cwe is not None else rule.cwe,
        location=Location(path=path, line=line, column=1),
        snippet=redact_credentials(text) or None,
        remediation=rule.help,
        properties=properties,
    )


def check_unpinned(manifests: Manifests, policy: Policy) -> Iterator[Finding]:
    constrained = manifests.constrained_names()
    for dependency in manifests.dependencies:
        if dependency.kind != "registry" or dependency.specifier or dependency.scope == "constraint":
            continue
        if dependency.name in constrained:
            continue
        if dependency.scope == "build":
            severity = Severity.INFO
        elif policy.is_application(dependency):
            severity = Severity.LOW if dependency.scope == "dev" else Severity.MEDIUM
        else:
            severity = Severity.LOW
        message = f"{dependency.raw_name} has no version constraint: any release of it can be installed"
        yield _dependency_finding(DEP001, dependency, message, severity=severity)


def _has_upper_bound(specifier: str) -> bool:
    try:
        specifiers = SpecifierSet(specifier)
    except InvalidSpecifier:
        # An untranslatable constraint (Poetry's ||) is still a range; call it bounded only if it says "<".
        return "<" in specifier
    return any(
        s.operator in ("<", "<=", "~=", "===") or (s.operator == "==" and s.version.endswith(".*")) for s in specifiers
    )


def check_loose(manifests: Manifests, policy: Policy) -> Iterator[Finding]:
    constrained = manifests.constrained_names()
    for dependency in manifests.dependencies:
        if dependency.kind != "registry" or not dependency.specifier or dependency.version is not None:
            continue
        if dependency.scope in ("constraint", "build") or dependency.name in constrained:
            continue
        if not policy.is_application(dependency) or exact_version(dependency.specifier) is not None:
            continue
        if _has_upper_bound(dependency.specifier):
            message = f"{dependency.raw_name} is pinned to a range ({dependency.specifier}), not one version"
        else:
            message = f"{dependency.raw_name} {dependency.specifier} has no upper bound: any newer release is installed"
        yield _dependency_finding(DEP002, dependency, message)


_COMMIT = re.compile(r"^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")
_HASH_FRAGMENT = re.compile(r"(?:^|&)(?:sha1|sha224|sha256|sha384|sha512|md5)=[0-9a-fA-F]+")
_COMMIT_IN_PATH = re.compile(r"(?:^|/)[0-9a-fA-F]{40}(?:[./]|$)")


def _immutable_ref(url: str, ref: str | None) -> bool:
    if ref is None:
        return False
    if url.lower().startswith("svn+") and ref.isdigit():
        return True
    return _COMMIT.match(ref) is not None


def check_mutable_references(manifests: Manifests, policy: Policy) -> Iterator[Finding]:
    for dependency in manifests.dependencies:
        url = dependency.url
        if url is None or dependency.scope == "constraint":
            continue
        if dependency.kind == "vcs":
            repository, ref = split_vcs_url(url)
            if _immutable_ref(url, ref):
                continue
            shown = redact_credentials(repository)
            if ref is None:
                message = f"{dependency.raw_name} is installed from {shown} with no ref (its default branch)"
            else:
                message = f"{dependency.raw_name} is installed from {shown} at {ref!r}, a branch or tag that can move"
            yield _dependency_finding(DEP003, dependency, message)
        elif dependency.kind == "url":
            fragment = url.split("#", 1)[1] if "#" in url else ""
            path = urlsplit(url.split("#", 1)[0]).path
            if dependency.hashes or _HASH_FRAGMENT.search(fragment) or _COMMIT_IN_PATH.search(path):
                continue
            message = f"{dependency.raw_name} is downloaded from {redact_credentials(url)} with no hash to verify it"
            yield _dependency_finding(DEP003, dependency, message, confidence=Confidence.MEDIUM)


_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_INDEX_OPTIONS = frozenset({"index-url", "extra-index-url", "find-links"})


def _plain_http_host(url: str) -> str | None:
    """The host of an http:// URL (git+http:// included), unless it is loopback."""
    lowered = url.lower()
    for prefix in ("git+", "hg+", "svn+", "bzr+"):
        lowered = lowered.removeprefix(prefix)
    if not lowered.startswith("http://"):
        return None
    host = urlsplit(lowered).hostname or ""
    return None if host in _LOOPBACK_HOSTS else host


def check_insecure_sources(manifests: Manifests, policy: Policy) -> Iterator[Finding]:
    for option in manifests.options:
        if option.name == "trusted-host" and option.value is not None:
            message = f"--trusted-host {option.value} disables certificate checks for packages from that host"
            yield _option_finding(DEP004, option, message, cwe=(295,))
        elif option.name in _INDEX_OPTIONS and option.value is not None and _plain_http_host(option.value):
            message = f"--{option.name} fetches packages over plain HTTP: {redact_credentials(option.value)}"
            yield _option_finding(DEP004, option, message, cwe=(319, 494))
    for dependency in manifests.dependencies:
        if dependency.url is not None and _plain_http_host(dependency.url):
            message = f"{dependency.raw_name} is downloaded over plain HTTP: {redact_credentials(dependency.url)}"
            yield _dependency_finding(DEP004, dependency, message, cwe=(319, 494))


def check_extra_index(manifests: Manifests, policy: Policy) -> Iterator[Finding]:
    for option in manifests.options:
        if option.name == "extra-index-url" and option.value is not None:
            shown = redact_credentials(option.value)
            message = f"--extra-index-url {shown}: a same-named package on any index can win (dependency confusion)"
            yield _option_finding(DEP005, option, message, cwe=DEP005.cwe)


CHECKS: tuple[Check, ...] = (
    check_unpinned,
    check_loose,
    check_mutable_references,
    check_insecure_sources,
    check_extra_index,
)


def run_checks(manifests: Manifests, policy: Policy, checks: Sequence[Check] = CHECKS) -> list[Finding]:
    return [finding for check in checks for finding in check(manifests, policy)]
