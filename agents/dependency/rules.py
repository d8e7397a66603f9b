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
from agents.dependency.catalogue import AGENT_ID, DEP001, DEP002, DEP003, DEP004, DEP005, DEP008
from agents.dependency.model import ECOSYSTEM_NPM, ECOSYSTEM_PYPI, Dependency, ManifestOption, redact_credentials
from agents.dependency.parsers import exact_version, split_vcs_url, url_path
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
    extra: Mapping[str, object] | None = None,
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
    properties.update(extra or {})
    return _manifest_line_finding(
        rule, dependency.file, dependency.line, dependency.text, message, properties,
        severity=severity, confidence=confidence, cwe=cwe,
    )  # fmt: skip


def _option_finding(rule: Rule, option: ManifestOption, message: str, *, cwe: tuple[int, ...]) -> Finding:
    properties: dict[str, object] = {"option": option.name, "ecosystem": "PyPI"}
    if option.value is not None:
        properties["value"] = redact_credentials(option.value)
    if option.attributes:
        properties["attributes"] = dict(option.attributes)
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
        if dependency.manifest_kind == "lockfile" or dependency.name in constrained:
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
        if dependency.manifest_kind == "lockfile" or dependency.scope in ("constraint", "build"):
            continue
        if dependency.name in constrained:
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
            path = url_path(url.split("#", 1)[0])
            if dependency.hashes or _HASH_FRAGMENT.search(fragment) or _COMMIT_IN_PATH.search(path):
                continue
            message = f"{dependency.raw_name} is downloaded from {redact_credentials(url)} with no hash to verify it"
            yield _dependency_finding(DEP003, dependency, message, confidence=Confidence.MEDIUM)


_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_INDEX_OPTIONS = frozenset({"index-url", "extra-index-url", "find-links"})


def _host(url: str) -> str:
    """The lower-case host of a URL; read by hand when urlsplit refuses it (an unclosed [ for IPv6)."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        authority = url.strip().partition("://")[2].split("/", 1)[0].rpartition("@")[2]
        return authority.strip("[]").lower()


def _plain_http_host(url: str) -> str | None:
    """The host of an http:// URL (git+http:// included), unless it is loopback."""
    lowered = url.lower()
    for prefix in ("git+", "hg+", "svn+", "bzr+"):
        lowered = lowered.removeprefix(prefix)
    if not lowered.startswith("http://"):
        return None
    host = _host(lowered)
    return None if host in _LOOPBACK_HOSTS else host


_PYPROJECT_INDEX_OPTIONS = frozenset({"poetry-source", "uv-index", "uv-index-url", "uv-extra-index-url"})


def _index_label(option: ManifestOption) -> str:
    """How a message names an index setting of pyproject.toml."""
    name = option.attribute("name")
    if option.name == "poetry-source":
        return f"Poetry source {name!r}"
    if option.name == "uv-index":
        return f"uv index {name!r}" if name else f"uv index {redact_credentials(option.value or '')}"
    return f"[tool.uv] {option.name.removeprefix('uv-')}"


def check_insecure_sources(manifests: Manifests, policy: Policy) -> Iterator[Finding]:
    for option in manifests.options:
        if option.name == "trusted-host" and option.value is not None:
            message = f"--trusted-host {option.value} disables certificate checks for packages from that host"
            yield _option_finding(DEP004, option, message, cwe=(295,))
        elif option.name in _INDEX_OPTIONS and option.value is not None and _plain_http_host(option.value):
            message = f"--{option.name} fetches packages over plain HTTP: {redact_credentials(option.value)}"
            yield _option_finding(DEP004, option, message, cwe=(319, 494))
        elif option.name in _PYPROJECT_INDEX_OPTIONS and option.value is not None and _plain_http_host(option.value):
            shown = redact_credentials(option.value)
            message = f"{_index_label(option)} fetches packages over plain HTTP: {shown}"
            yield _option_finding(DEP004, option, message, cwe=(319, 494))
    for dependency in manifests.dependencies:
        if dependency.url is not None and _plain_http_host(dependency.url):
            message = f"{dependency.raw_name} is downloaded over plain HTTP: {redact_credentials(dependency.url)}"
            yield _dependency_finding(DEP004, dependency, message, cwe=(319, 494))


# Dependency confusion ------------------------------------------------------

_PUBLIC_INDEX_HOSTS = frozenset({"pypi.org", "pypi.python.org", "test.pypi.org", "files.pythonhosted.org"})
"""Indexes where anyone can publish a package under any free name."""


def _is_public_index(url: str | None) -> bool:
    return url is not None and _host(url) in _PUBLIC_INDEX_HOSTS


@dataclass(frozen=True)
class _Index:
    """One index a tool searches, in its order: its label in messages, its setting (None when implicit)."""

    label: str
    option: ManifestOption | None
    public: bool


def _by_pyproject(options: Iterable[ManifestOption]) -> dict[str, list[ManifestOption]]:
    grouped: dict[str, list[ManifestOption]] = {}
    for option in options:
        if option.name.startswith(("poetry-", "uv-")):
            grouped.setdefault(option.file, []).append(option)
    return {file: sorted(found, key=lambda o: (o.line, o.name)) for file, found in sorted(grouped.items())}


def _listed(indexes: Sequence[_Index]) -> str:
    return ", ".join(index.label for index in indexes)


@dataclass(frozen=True)
class _PoetrySource:
    option: ManifestOption
    name: str
    priority: str

    @property
    def is_pypi(self) -> bool:
        return self.name.lower() == "pypi" or _is_public_index(self.option.value)


def _poetry_confusion(options: Sequence[ManifestOption]) -> Iterator[Finding]:
    """Poetry compares the versions of every non-explicit source except supplemental ones, which are only
    asked for packages the others lack. PyPI joins in implicitly unless configured: with Poetry 2, only when
    no primary source exists; with Poetry 1.x (written with default/secondary), unless a default source does."""
    sources = [
        _PoetrySource(o, o.attribute("name") or "", o.attribute("priority") or "primary")
        for o in options
        if o.name == "poetry-source"
    ]
    if not sources:
        return
    legacy = any(s.priority in ("default", "secondary") for s in sources)
    replaces_pypi = "default" if legacy else "primary"
    implicit_pypi = not any(s.name.lower() == "pypi" or s.priority == replaces_pypi for s in sources)
    compared = [s for s in sources if s.priority in ("default", "primary", "secondary")]
    searched = [_Index(repr(s.name), s.option, s.is_pypi) for s in compared]
    if implicit_pypi:
        searched.append(_Index("PyPI (implicit)", None, public=True))
    for source, index in zip(compared, searched, strict=False):
        if source.is_pypi or len(searched) < 2:
            continue
        others = _listed([other for other in searched if other is not index])
        message = (
            f"Poetry source {source.name!r} ({source.priority}) is searched together with {others}, and the "
            "highest version found on any of them is installed: a same-named package on another index can "
            "replace a private one (dependency confusion)"
        )
        yield _option_finding(DEP005, source.option, message, cwe=DEP005.cwe)
    public = [index for index in searched if index.public]
    pinned: dict[str, set[str]] = {}
    for option in options:
        if option.name == "poetry-dependency-source" and option.value is not None:
            pinned.setdefault(option.value.lower(), set()).add(option.attribute("package") or "")
    for source in sources:
        if source.priority != "supplemental" or source.is_pypi or not public:
            continue
        message = (
            f"Poetry source {source.name!r} is supplemental: it is asked only for packages that {_listed(public)} "
            "does not have, so a package published on PyPI under a private package's name is installed from PyPI "
            "instead (dependency confusion)"
        )
        users = sorted(pinned.get(source.name.lower(), ()))
        if users:
            verb = "is" if len(users) == 1 else "are"
            message += f"; {', '.join(users)} {verb} pinned to it with `source =`: make the source explicit"
        yield _option_finding(DEP005, source.option, message, cwe=DEP005.cwe)


_UNSAFE_UV_STRATEGIES: Mapping[str, str] = {
    "unsafe-best-match": "every package is looked up on all of them and the best version wins",
    "unsafe-first-match": (
        "a package missing from an index, or without a compatible version there, is taken from the next one"
    ),
}


def _uv_searched(options: Sequence[ManifestOption]) -> list[_Index]:
    """The indexes uv searches for a package not pinned in [tool.uv.sources], highest priority first."""
    indexes = [o for o in options if o.name == "uv-index"]
    searched = [
        _Index(_index_label(o).removeprefix("uv index "), o, _is_public_index(o.value))
        for o in indexes
        if o.attribute("explicit") != "true" and o.attribute("default") != "true"
    ]
    searched += [
        _Index(redact_credentials(o.value or ""), o, _is_public_index(o.value))
        for o in options
        if o.name == "uv-extra-index-url"
    ]
    default = next((o for o in indexes if o.attribute("default") == "true"), None)
    default = default or next((o for o in reversed(options) if o.name == "uv-index-url"), None)
    if default is None:
        searched.append(_Index("PyPI (the default index)", None, public=True))
    else:
        if default.name == "uv-index":
            label = _index_label(default).removeprefix("uv index ")
        else:
            label = f"index-url {redact_credentials(default.value or '')}"
        searched.append(_Index(label, default, _is_public_index(default.value)))
    return searched


def _uv_confusion(options: Sequence[ManifestOption]) -> Iterator[Finding]:
    """uv's default first-index strategy takes a package from the first index that has it; the unsafe
    strategies look further. Packages pinned to an index in [tool.uv.sources] are never exposed."""
    if not any(o.name in ("uv-index", "uv-index-url", "uv-extra-index-url") for o in options):
        return
    searched = _uv_searched(options)
    strategy_option = next((o for o in reversed(options) if o.name == "uv-index-strategy"), None)
    strategy = (strategy_option.value if strategy_option is not None else None) or "first-index"
    if strategy_option is not None and strategy in _UNSAFE_UV_STRATEGIES and len(searched) >= 2:
        message = (
            f"index-strategy = {strategy!r} with {len(searched)} indexes ({_listed(searched)}): "
            f"{_UNSAFE_UV_STRATEGIES[strategy]}, so for packages not pinned in [tool.uv.sources] a same-named "
            "package on another index can replace a private one (dependency confusion)"
        )
        yield _option_finding(DEP005, strategy_option, message, cwe=DEP005.cwe)
        return
    if strategy != "first-index":
        return
    first_public = next((index for index in searched if index.public), None)
    if first_public is None:
        return
    for index in searched[searched.index(first_public) + 1 :]:
        if index.option is None or index.public:
            continue
        message = (
            f"uv searches {first_public.label} before {index.label}: with the first-index strategy a package is "
            "taken from the first index that has it, so a package published on PyPI under a private package's "
            "name is installed from PyPI (dependency confusion)"
        )
        yield _option_finding(DEP005, index.option, message, cwe=DEP005.cwe)


def check_extra_index(manifests: Manifests, policy: Policy) -> Iterator[Finding]:
    """DEP005 for pip's --extra-index-url, Poetry sources and uv indexes."""
    for option in manifests.options:
        if option.name == "extra-index-url" and option.value is not None:
            shown = redact_credentials(option.value)
            message = f"--extra-index-url {shown}: a same-named package on any index can win (dependency confusion)"
            yield _option_finding(DEP005, option, message, cwe=DEP005.cwe)
    for options in _by_pyproject(manifests.options).values():
        yield from _poetry_confusion(options)
        yield from _uv_confusion(options)


# Typosquatting ---------------------------------------------------------------

_TECHNIQUE_WORDING: Mapping[str, str] = {
    "scope": "the same letters with the npm scope changed",
    "separator": "the same letters with separators changed",
    "homoglyph": "look-alike characters",
    "affix": "an affix added or moved",
    "swapped-characters": "two letters swapped",
    "repeated-character": "a letter doubled",
    "omitted-character": "a letter left out",
    "added-character": "a letter added",
    "substituted-character": "a neighbouring key typed",
    "edit-distance": "two letters left out, doubled or swapped",
}


def check_typosquats(manifests: Manifests, policy: Policy) -> Iterator[Finding]:
    """DEP008: direct PyPI and npm registry dependencies whose names imitate a popular package's, or another
    dependency's of the project."""
    from agents.dependency.typosquat import likely_typosquat

    checked = [
        d
        for d in manifests.dependencies
        if d.kind == "registry"
        and d.direct
        and d.ecosystem in (ECOSYSTEM_PYPI, ECOSYSTEM_NPM)
        and d.scope != "constraint"
    ]
    names: dict[str, frozenset[str]] = {}
    for ecosystem in (ECOSYSTEM_PYPI, ECOSYSTEM_NPM):
        names[ecosystem] = frozenset(d.name for d in checked if d.ecosystem == ecosystem)
    for dependency in checked:
        match = likely_typosquat(dependency.ecosystem, dependency.raw_name, known=names[dependency.ecosystem])
        if match is None:
            continue
        how = _TECHNIQUE_WORDING[match.technique]
        if match.popular:
            message = (
                f"{dependency.raw_name} looks like a typosquat of {match.target}, a popular {dependency.ecosystem} "
                f"package ({how}): check that it is the package you meant"
            )
        else:
            message = (
                f"{dependency.raw_name} and {match.target}, both dependencies of this project, differ by {how}: "
                "one of them is probably misspelt"
            )
        extra = {"target": match.target, "technique": match.technique, "distance": match.distance}
        confidence = None if match.popular else Confidence.LOW
        yield _dependency_finding(DEP008, dependency, message, confidence=confidence, extra=extra)


CHECKS: tuple[Check, ...] = (
    check_unpinned,
    check_loose,
    check_mutable_references,
    check_insecure_sources,
    check_extra_index,
    check_typosquats,
)


def run_checks(manifests: Manifests, policy: Policy, checks: Sequence[Check] = CHECKS) -> list[Finding]:
    return [finding for check in checks for finding in check(manifests, policy)]
