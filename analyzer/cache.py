"""The incremental cache: per-file results of the per-file agents, reused while nothing that shapes them changed.

An entry is one file's outcome for one agent: its findings (inline suppressions already applied),
or the reason the agent skipped it, and what the file added to the agent's counters. Its key is a
hash of the file's text (which includes its suppression comments), its path, and the agent's
identity: gatherscan's version, the agent's id and version, its rules, a digest of the agent's
source code and of the shared code that shapes findings, and the effective configuration the
agent sees (its options, `require-suppression-reason`, `max-file-size`). Change any of them and
the key changes; stale entries are simply never read again.

Entries live under `<cache dir>/results/<repository key>/<2 hex>/<key>.json` (repository key: a
hash of the resolved repository root). Each is written to a temporary file in its folder and
renamed into place (os.replace), so concurrent scans never see half an entry; two scans writing
the same key write the same content. A read checks everything (format, key, path, each finding's
shape) and deletes an entry that fails: a corrupt entry is re-analysed, never trusted.

The dependency agent is not cached here: its findings depend on vulnerability data that changes
without any file changing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer import __version__
from analyzer.findings import Finding, ModelError

if TYPE_CHECKING:
    from agents.base import Agent

ENTRY_VERSION = 1
ENV_CACHE_DIR = "GATHERSCAN_CACHE_DIR"
CACHE_DIR_NAME = "gatherscan"
RESULTS_DIR = "results"

# Shared modules whose code decides what a per-file finding looks like.
_SHARED_MODULES = ("agents/base.py", "analyzer/findings.py", "analyzer/suppress.py", "analyzer/model.py")
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """GATHERSCAN_CACHE_DIR, else $XDG_CACHE_HOME/gatherscan, else ~/.cache/gatherscan: scan results and the
    dependency agent's vulnerability data (agents/dependency/vulndb.py) both live there."""
    env = os.environ if environ is None else environ
    explicit = env.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit).expanduser()
    xdg = env.get("XDG_CACHE_HOME")
    # The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / CACHE_DIR_NAME
    return Path("~").expanduser() / ".cache" / CACHE_DIR_NAME


def repository_key(root: Path) -> str:
    """The folder name of one repository's results: a hash of its resolved root path."""
    return hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:24]


def results_dir(cache_dir: Path, root: Path) -> Path:
    return cache_dir / RESULTS_DIR / repository_key(root)


def agent_identity(agent: Agent, settings: Mapping[str, Any]) -> str:
    """Everything about an agent and its configuration that shapes its per-file output, hashed."""
    material = {
        "gatherscan": __version__,
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "agent": agent.id,
        "version": agent.version,
        "rules": [rule.to_json_dict(agent.id) for rule in agent.rules],
        "code": _code_digest(type(agent).__module__),
        "settings": settings,
    }
    text = json.dumps(material, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _code_digest(module_name: str) -> str:
    """A digest of the agent's code: its whole package for a built-in agent, else its module's file."""
    files: list[Path] = [_PROJECT_ROOT / name for name in _SHARED_MODULES]
    parts = module_name.split(".")
    if parts[0] == "agents" and len(parts) >= 2:
        files.extend(sorted((_PROJECT_ROOT / "agents" / parts[1]).rglob("*.py")))
    else:
        module = sys.modules.get(module_name)
        filename = getattr(module, "__file__", None)
        if isinstance(filename, str):
            files.append(Path(filename))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedResult:
    """One file's outcome: findings (after inline suppressions) or the reason it was skipped."""

    findings: tuple[Finding, ...] = ()
    skipped: str | None = None
    # What analysing the file added to the agent's counters (payload stats).
    stats: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultCache:
    """Where one repository's entries live and the identity of each cached agent. Picklable (plain data)."""

    directory: Path
    identities: Mapping[str, str] = field(default_factory=dict)
    """Agent id -> agent_identity(); an agent not listed is not cached."""

    def key(self, agent_id: str, path: str, text: str) -> str | None:
        identity = self.identities.get(agent_id)
        if identity is None:
            return None
        content = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
        material = "\0".join((identity, agent_id, path, content))
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def entry_path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def load(self, key: str, path: str) -> CachedResult | None:
        """The entry for `key`, or None when there is none or it does not check out (then it is deleted)."""
        entry = self.entry_path(key)
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        result = _parse_entry(data, key, path)
        if result is None:
            entry.unlink(missing_ok=True)
        return result

    def store(self, key: str, path: str, result: CachedResult) -> None:
        """Write an entry atomically; a cache that cannot be written only costs speed, so errors are ignored."""
        document = {
            "version": ENTRY_VERSION,
            "key": key,
            "path": path,
            "findings": [finding.to_json_dict() for finding in result.findings],
            "skipped": result.skipped,
            "stats": dict(result.stats),
        }
        entry = self.entry_path(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8"))
                os.replace(temporary, entry)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, ValueError, TypeError):
            return


def _parse_entry(data: bytes, key: str, path: str) -> CachedResult | None:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(document, dict) or document.get("version") != ENTRY_VERSION:
        return None
    if document.get("key") != key or document.get("path") != path:
        return None
    items, skipped, stats = document.get("findings"), document.get("skipped"), document.get("stats")
    if not isinstance(items, list) or not (skipped is None or isinstance(skipped, str)):
        return None
    if not isinstance(stats, dict) or not all(_is_count(value) for value in stats.values()):
        return None
    try:
        findings = tuple(Finding.model_validate(item) for item in items)
    except (ModelError, TypeError, ValueError):
        return None
    if any(finding.location.path != path for finding in findings):
        return None
    return CachedResult(findings=findings, skipped=skipped, stats={str(k): int(v) for k, v in stats.items()})


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
