"""The OSV API (https://google.github.io/osv.dev/api/): which records affect each package version, online.

`POST /v1/querybatch` names the matching records (id and modified only), at most 1,000 queries a request
and page by page; `GET /v1/vulns/<id>` gives each record, fetched once per id and cached on disk under
`<cache_dir>/osv-api/` for reuse while it is younger than max_age and at least as new as the `modified`
the batch reported.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.dependency.osvhttp import HttpError, RetryPolicy, get_json
from agents.dependency.vulndb import PackageQuery, SourceSettings, timestamp_seconds

MAX_QUERIES_PER_BATCH = 1000
"""The API's own limit for one querybatch request."""
MAX_PAGES = 100
"""Pages followed for one query: more means a server that never stops paging."""
DETAIL_WORKERS = 8


class OsvApiError(Exception):
    """The API could not answer: `reason` says why (status, URL, what went wrong)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class VulnRef:
    id: str
    modified: str | None


@dataclass(frozen=True)
class ApiAnswer:
    records: Mapping[PackageQuery, tuple[Mapping[str, Any], ...]]
    """Records per query, sorted by id; every query given is present."""
    notes: tuple[str, ...] = ()
    detail_requests: int = 0
    """Records fetched from the API rather than the cache."""


def _policy(settings: SourceSettings) -> RetryPolicy:
    return RetryPolicy(settings.timeout, settings.retries, settings.backoff)


def _api_error(exc: HttpError) -> OsvApiError:
    return OsvApiError(f"{exc.reason} from {exc.url}")


def _query_json(query: PackageQuery, page_token: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"package": {"name": query.name, "ecosystem": query.ecosystem}, "version": query.version}
    if page_token:
        body["page_token"] = page_token
    return body


def query_batch(queries: Sequence[PackageQuery], settings: SourceSettings) -> list[list[VulnRef]]:
    """The records the API matches for each query (by position), every page of each, in batches of 1,000."""
    url = f"{settings.api_url}/v1/querybatch"
    policy = _policy(settings)
    found: list[list[VulnRef]] = [[] for _ in queries]
    pending: list[tuple[int, str | None]] = [(index, None) for index in range(len(queries))]
    pages = [0] * len(queries)
    while pending:
        next_pending: list[tuple[int, str | None]] = []
        for start in range(0, len(pending), MAX_QUERIES_PER_BATCH):
            chunk = pending[start : start + MAX_QUERIES_PER_BATCH]
            body = {"queries": [_query_json(queries[index], token) for index, token in chunk]}
            try:
                answer = get_json(url, policy, body=body)
            except HttpError as exc:
                raise _api_error(exc) from exc
            results = answer.get("results") if isinstance(answer, dict) else None
            if not isinstance(results, list) or len(results) != len(chunk):
                raise OsvApiError(f"malformed querybatch answer from {url}: expected {len(chunk)} results")
            for (index, _), result in zip(chunk, results, strict=True):
                refs, token = _parse_result(result, url)
                found[index].extend(refs)
                if token:
                    pages[index] += 1
                    if pages[index] >= MAX_PAGES:
                        raise OsvApiError(f"{url} kept paging past {MAX_PAGES} pages for {queries[index].name}")
                    next_pending.append((index, token))
        pending = next_pending
    return found


def _parse_result(result: object, url: str) -> tuple[list[VulnRef], str | None]:
    if not isinstance(result, dict):
        raise OsvApiError(f"malformed querybatch answer from {url}: a result is not an object")
    vulns = result.get("vulns", [])
    if not isinstance(vulns, list):
        raise OsvApiError(f"malformed querybatch answer from {url}: vulns is not a list")
    refs = []
    for vuln in vulns:
        if not isinstance(vuln, dict) or not isinstance(vuln.get("id"), str) or not vuln["id"]:
            raise OsvApiError(f"malformed querybatch answer from {url}: a vulnerability without an id")
        modified = vuln.get("modified")
        refs.append(VulnRef(vuln["id"], modified if isinstance(modified, str) else None))
    token = result.get("next_page_token")
    return refs, token if isinstance(token, str) and token else None


# ---------------------------------------------------------------------------
# Record details and their disk cache


def _cache_path(settings: SourceSettings, vuln_id: str) -> Path:
    return settings.api_cache_dir / (urllib.parse.quote(vuln_id, safe="-_.") + ".json")


def _newer_or_equal(have: object, wanted: str | None) -> bool:
    if wanted is None:
        return True
    have_seconds, wanted_seconds = timestamp_seconds(have), timestamp_seconds(wanted)
    if have_seconds is None or wanted_seconds is None:
        return have == wanted
    return have_seconds >= wanted_seconds


def read_cached(settings: SourceSettings, ref: VulnRef) -> dict[str, Any] | None:
    """The cached record when it is fresh enough for `ref`; a corrupt cache file is deleted."""
    path = _cache_path(settings, ref.id)
    try:
        age = time.time() - path.stat().st_mtime
        if age > settings.max_age:
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError):
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    if not isinstance(record, dict) or record.get("id") != ref.id:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return record if _newer_or_equal(record.get("modified"), ref.modified) else None


def _write_cached(settings: SourceSettings, record: Mapping[str, Any]) -> str | None:
    """Store a record atomically; the reason it could not be stored, or None."""
    path = _cache_path(settings, str(record["id"]))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(record, handle, separators=(",", ":"), ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise
    except OSError as exc:
        return f"cannot write the OSV API cache in {path.parent}: {exc.strerror or exc}"
    return None


def fetch_record(settings: SourceSettings, vuln_id: str) -> dict[str, Any] | None:
    """One record from the API; None when the API says it does not exist (404)."""
    url = f"{settings.api_url}/v1/vulns/{urllib.parse.quote(vuln_id, safe='')}"
    try:
        record = get_json(url, _policy(settings))
    except HttpError as exc:
        if exc.status == 404:
            return None
        raise _api_error(exc) from exc
    if not isinstance(record, dict) or record.get("id") != vuln_id:
        raise OsvApiError(f"malformed answer from {url}: not the OSV record {vuln_id}")
    return record


def query_records(queries: Sequence[PackageQuery], settings: SourceSettings) -> ApiAnswer:
    """The full records the API matches for each query. Raises OsvApiError when the API cannot answer."""
    unique = sorted(set(queries), key=lambda q: (q.ecosystem, q.name, q.version))
    refs_per_query = query_batch(unique, settings) if unique else []
    wanted: dict[str, VulnRef] = {}
    for refs in refs_per_query:
        for ref in refs:
            known = wanted.get(ref.id)
            if known is None or not _newer_or_equal(known.modified, ref.modified):
                wanted[ref.id] = ref
    records: dict[str, Mapping[str, Any]] = {}
    to_fetch: list[str] = []
    for vuln_id in sorted(wanted):
        cached = read_cached(settings, wanted[vuln_id])
        if cached is not None:
            records[vuln_id] = cached
        else:
            to_fetch.append(vuln_id)
    notes: list[str] = []
    if to_fetch:
        with ThreadPoolExecutor(max_workers=min(DETAIL_WORKERS, len(to_fetch))) as pool:
            fetched = list(pool.map(lambda vuln_id: fetch_record(settings, vuln_id), to_fetch))
        write_problems: set[str] = set()
        for vuln_id, record in zip(to_fetch, fetched, strict=True):
            if record is None:
                notes.append(f"the OSV API matched {vuln_id} but has no record for it (404); it is left out")
                continue
            records[vuln_id] = record
            problem = _write_cached(settings, record)
            if problem is not None:
                write_problems.add(problem)
        notes.extend(sorted(write_problems))
    answer: dict[PackageQuery, tuple[Mapping[str, Any], ...]] = {}
    for query, refs in zip(unique, refs_per_query, strict=True):
        ids = sorted({ref.id for ref in refs if ref.id in records})
        answer[query] = tuple(records[vuln_id] for vuln_id in ids)
    return ApiAnswer(records=answer, notes=tuple(notes), detail_requests=len(to_fetch))
