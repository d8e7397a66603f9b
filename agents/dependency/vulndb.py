"""Where vulnerability records come from: the local OSV store, the OSV API, or neither (and why).

`lookup` hands back raw OSV records (JSON objects) per package query; deciding whether a version is
affected is the matcher's job. Per ecosystem the policy is:

- offline: the local store if there is one (a stale one with a note), else the ecosystem is unavailable;
  no socket is ever opened;
- online (default): a fresh local store, else the OSV API; when the API fails, a stale store with a note,
  else the ecosystem is unavailable with the reason.

The store answers with every record that names the package (withdrawn ones included); the API with the
records its server matched. Either way one query's records are de-duplicated by id and sorted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.cache import default_cache_dir

if TYPE_CHECKING:
    from agents.dependency.osvstore import EcosystemStatus, Store

DEFAULT_API_URL = "https://api.osv.dev"
DEFAULT_EXPORT_URL = "https://osv-vulnerabilities.storage.googleapis.com"

ENV_API_URL = "GATHERSCAN_OSV_API_URL"
ENV_EXPORT_URL = "GATHERSCAN_OSV_EXPORT_URL"


@dataclass(frozen=True)
class PackageQuery:
    ecosystem: str
    """OSV ecosystem name: "PyPI", "npm", "Go", "crates.io"."""
    name: str
    """Already normalised (agents.dependency.ecosystems.normalise_name)."""
    version: str


@dataclass(frozen=True)
class SourceSettings:
    offline: bool = False
    api_url: str = DEFAULT_API_URL
    export_url: str = DEFAULT_EXPORT_URL
    cache_dir: Path = field(default_factory=default_cache_dir)
    max_age: float = 24 * 3600.0
    """Seconds a store or a cached API record counts as fresh."""
    timeout: float = 15.0
    """Seconds per HTTP request."""
    retries: int = 2
    """Extra attempts on 5xx, 429, timeouts and connection errors, with exponential backoff."""
    backoff: float = 0.5
    """Delay before the first retry, in seconds; doubled for each further one."""

    @classmethod
    def from_options(cls, options: Mapping[str, object], environ: Mapping[str, str]) -> SourceSettings:
        """Settings from the dependency agent's options over the environment's defaults.

        Keys: offline, osv-api-url, osv-export-url, cache-dir, max-age-hours, timeout, retries; other keys
        belong to the agent and are ignored here. A bad value raises ValueError("<key>: <reason>").
        """
        settings = cls(
            api_url=_env_url(environ, ENV_API_URL, DEFAULT_API_URL),
            export_url=_env_url(environ, ENV_EXPORT_URL, DEFAULT_EXPORT_URL),
            cache_dir=default_cache_dir(environ),
        )
        changes: dict[str, Any] = {}
        if "offline" in options:
            changes["offline"] = _boolean("offline", options["offline"])
        if "osv-api-url" in options:
            changes["api_url"] = _url("osv-api-url", options["osv-api-url"])
        if "osv-export-url" in options:
            changes["export_url"] = _url("osv-export-url", options["osv-export-url"])
        if "cache-dir" in options:
            changes["cache_dir"] = _directory("cache-dir", options["cache-dir"])
        if "max-age-hours" in options:
            changes["max_age"] = _number("max-age-hours", options["max-age-hours"], minimum=0.0) * 3600.0
        if "timeout" in options:
            changes["timeout"] = _number("timeout", options["timeout"], minimum=0.0, open_minimum=True)
        if "retries" in options:
            changes["retries"] = _count("retries", options["retries"], maximum=10)
        return _replace(settings, changes)

    @property
    def store_dir(self) -> Path:
        return self.cache_dir / "osv-store"

    @property
    def api_cache_dir(self) -> Path:
        return self.cache_dir / "osv-api"


def _replace(settings: SourceSettings, changes: Mapping[str, Any]) -> SourceSettings:
    return replace(settings, **changes) if changes else settings


def _env_url(environ: Mapping[str, str], key: str, default: str) -> str:
    value = environ.get(key)
    return _url(key, value) if value else default


def _boolean(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{key}: must be true or false (got {value!r})")
    return value


def _url(key: str, value: object) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^/\s]+", value.strip()):
        raise ValueError(f"{key}: must be an http:// or https:// URL (got {value!r})")
    return value.strip().rstrip("/")


def _directory(key: str, value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key}: must be a directory path (got {value!r})")
    return Path(value.strip()).expanduser()


def _number(key: str, value: object, *, minimum: float, open_minimum: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{key}: must be a number (got {value!r})")
    if value < minimum or (open_minimum and value == minimum):
        relation = "greater than" if open_minimum else "at least"
        raise ValueError(f"{key}: must be {relation} {minimum:g} (got {value!r})")
    return float(value)


def _count(key: str, value: object, *, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValueError(f"{key}: must be a whole number from 0 to {maximum} (got {value!r})")
    return value


@dataclass(frozen=True)
class LookupResult:
    records: Mapping[PackageQuery, tuple[Mapping[str, Any], ...]]
    """Candidate raw OSV records per query, sorted by id. Queries of unavailable ecosystems are absent."""
    unavailable: Mapping[str, str]
    """Ecosystem -> why its packages could not be checked."""
    sources: Mapping[str, str]
    """Ecosystem -> where its records came from, for people."""
    notes: tuple[str, ...] = ()
    """What a reader of the report should know (a stale store used, a record the API could not give)."""


def lookup(queries: Sequence[PackageQuery], settings: SourceSettings) -> LookupResult:
    """The OSV records for each query, from the source the policy picks per ecosystem (see the module doc)."""
    # Loaded here: sqlite3 and urllib belong to the lookup, not to importing the agent.
    from agents.dependency import osvstore

    unique = sorted(set(queries), key=lambda q: (q.ecosystem, q.name, q.version))
    by_ecosystem: dict[str, list[PackageQuery]] = {}
    for query in unique:
        by_ecosystem.setdefault(query.ecosystem, []).append(query)
    records: dict[PackageQuery, tuple[Mapping[str, Any], ...]] = {}
    unavailable: dict[str, str] = {}
    sources: dict[str, str] = {}
    notes: list[str] = []
    if not by_ecosystem:
        return LookupResult(records={}, unavailable={}, sources={})

    store = osvstore.open_store(settings)
    try:
        statuses = {ecosystem: _store_status(store, ecosystem) for ecosystem in by_ecosystem}
        for_api: list[str] = []
        for ecosystem in list(statuses):
            status = statuses[ecosystem]
            usable = status is not None and status.problem is None
            if usable and store is not None and status is not None:
                if settings.offline or status.age_seconds <= settings.max_age:
                    problem = _answer_from_store(store, status, ecosystem, by_ecosystem[ecosystem], records, sources)
                    if problem is None:
                        if settings.offline and status.age_seconds > settings.max_age:
                            notes.append(
                                f"the local {ecosystem} store is {describe_age(status.age_seconds)} old (offline: "
                                f"used it anyway; `gatherscan db update` refreshes it)"
                            )
                        continue
                    status = statuses[ecosystem] = replace(status, problem=problem)
            if settings.offline:
                unavailable[ecosystem] = (
                    f"offline and {_no_store_reason(ecosystem, status)}; build it with "
                    f"`gatherscan db update --ecosystem {ecosystem}` while online"
                )
                continue
            for_api.append(ecosystem)
        if for_api:
            _answer_from_api(for_api, by_ecosystem, statuses, store, settings, records, unavailable, sources, notes)
    finally:
        if store is not None:
            store.close()
    return LookupResult(
        records=records,
        unavailable=dict(sorted(unavailable.items())),
        sources=dict(sorted(sources.items())),
        notes=tuple(notes),
    )


def _store_status(store: Store | None, ecosystem: str) -> EcosystemStatus | None:
    return store.status(ecosystem) if store is not None else None


def _no_store_reason(ecosystem: str, status: EcosystemStatus | None) -> str:
    if status is not None and status.problem is not None:
        return f"the local {ecosystem} store cannot be used ({status.problem})"
    return f"no local vulnerability store for {ecosystem}"


def _answer_from_store(
    store: Store,
    status: EcosystemStatus,
    ecosystem: str,
    queries: Sequence[PackageQuery],
    records: dict[PackageQuery, tuple[Mapping[str, Any], ...]],
    sources: dict[str, str],
) -> str | None:
    """Answer the queries from the store; on a read error answer none of them and say why."""
    from agents.dependency.osvstore import StoreError

    by_name: dict[str, tuple[Mapping[str, Any], ...]] = {}
    try:
        for query in queries:
            if query.name not in by_name:  # several versions of one package: one read of its records
                by_name[query.name] = _unique_by_id(store.candidates(ecosystem, query.name))
    except StoreError as exc:
        return str(exc)
    for query in queries:
        records[query] = by_name[query.name]
    sources[ecosystem] = describe_store(status)
    return None


def _answer_from_api(
    ecosystems: Sequence[str],
    by_ecosystem: Mapping[str, Sequence[PackageQuery]],
    statuses: Mapping[str, EcosystemStatus | None],
    store: Store | None,
    settings: SourceSettings,
    records: dict[PackageQuery, tuple[Mapping[str, Any], ...]],
    unavailable: dict[str, str],
    sources: dict[str, str],
    notes: list[str],
) -> None:
    from agents.dependency import osvapi

    queries = [query for ecosystem in ecosystems for query in by_ecosystem[ecosystem]]
    try:
        answer = osvapi.query_records(queries, settings)
    except osvapi.OsvApiError as exc:
        for ecosystem in ecosystems:
            status = statuses[ecosystem]
            if store is not None and status is not None and status.problem is None:
                problem = _answer_from_store(store, status, ecosystem, by_ecosystem[ecosystem], records, sources)
                if problem is None:
                    notes.append(
                        f"the local {ecosystem} store is {describe_age(status.age_seconds)} old and the OSV API could "
                        f"not be reached ({exc.reason}): used it anyway"
                    )
                    continue
                status = replace(status, problem=problem)
            unavailable[ecosystem] = (
                f"{_no_store_reason(ecosystem, status)} and the OSV API at {settings.api_url} cannot be reached "
                f"({exc.reason})"
            )
        return
    for query in queries:
        records[query] = _unique_by_id(answer.records.get(query, ()))
    for ecosystem in ecosystems:
        sources[ecosystem] = f"OSV API {settings.api_url}"
        status = statuses[ecosystem]
        if status is not None and status.problem is not None:
            notes.append(f"the local {ecosystem} store cannot be used ({status.problem}): used the OSV API")
    notes.extend(answer.notes)


def _unique_by_id(candidates: Sequence[Mapping[str, Any]]) -> tuple[Mapping[str, Any], ...]:
    by_id: dict[str, Mapping[str, Any]] = {}
    for record in candidates:
        key = str(record.get("id", ""))
        known = by_id.get(key)
        if known is None or _modified(record) > _modified(known):
            by_id[key] = record
    return tuple(by_id[key] for key in sorted(by_id))


def _modified(record: Mapping[str, Any]) -> float:
    return timestamp_seconds(record.get("modified")) or 0.0


def describe_store(status: EcosystemStatus) -> str:
    return (
        f"local store (built {format_utc(status.built_at)} from {status.source}, "
        f"{status.records:,} record{'s' if status.records != 1 else ''})"
    )


def format_utc(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def describe_age(seconds: float) -> str:
    """An age as people say it: "40 seconds", "12 minutes", "5 hours", "3 days"."""
    seconds = max(0.0, seconds)
    for unit, size in (("day", 86400.0), ("hour", 3600.0), ("minute", 60.0)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    count = int(seconds)
    return f"{count} second{'s' if count != 1 else ''}"


_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?$",
)


def timestamp_seconds(text: object) -> float | None:
    """Seconds since the epoch of an RFC 3339 timestamp as OSV writes them (any number of fraction digits)."""
    if not isinstance(text, str):
        return None
    match = _RFC3339.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=timezone.utc)
    except ValueError:
        return None
    offset = 0
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return moment.timestamp() - offset + (float(f"0.{fraction}") if fraction else 0.0)
