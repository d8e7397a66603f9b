"""Online lookups against the OSV test server, and the policy that picks the local store, the API or neither."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from agents.dependency.osvapi import query_records
from agents.dependency.osvstore import update_store
from agents.dependency.vulndb import (
    LookupResult,
    PackageQuery,
    SourceSettings,
    default_cache_dir,
    describe_age,
    lookup,
    timestamp_seconds,
)
from tests.conftest import REPO_ROOT, SHARED
from tests.osv_server import OsvServer, snapshot_records

SNAPSHOT_VULNS = SHARED / "osv-pypa" / "vulns"

SKYWALKING = PackageQuery("PyPI", "apache-skywalking", "1.0.1")
DJANGO = PackageQuery("PyPI", "django", "3.2")
JINJA2 = PackageQuery("PyPI", "jinja2", "2.10")
SAFE_JINJA2 = PackageQuery("PyPI", "jinja2", "99.0")
NPM_PACKAGE = PackageQuery("npm", "@acme/deep-merge", "2.1.0")

NPM_RECORD: dict[str, Any] = {
    "id": "GHSA-4w2v-q235-vp99",
    "modified": "2024-03-11T18:02:41.512Z",
    "summary": "Prototype pollution in @acme/deep-merge",
    "affected": [
        {
            "package": {"ecosystem": "npm", "name": "@acme/deep-merge"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.1.4"}]}],
            "versions": ["2.0.0", "2.1.0", "2.1.3"],
        }
    ],
}


@pytest.fixture
def server() -> Iterator[OsvServer]:
    with OsvServer([*snapshot_records(), NPM_RECORD]) as running:
        yield running


def settings_for(cache_dir: Path, server: OsvServer | None = None, **changes: Any) -> SourceSettings:
    url = server.url if server is not None else "http://127.0.0.1:9"
    base = SourceSettings(cache_dir=cache_dir, api_url=url, export_url=url, backoff=0.01, timeout=5.0)
    return replace(base, **changes)


def found_ids(result: LookupResult) -> dict[PackageQuery, list[str]]:
    return {query: [record["id"] for record in records] for query, records in result.records.items()}


def oracle_ids(server: OsvServer, query: PackageQuery) -> list[str]:
    return [record["id"] for record in server.matching(query.ecosystem, query.name, query.version)]


def build_store(settings: SourceSettings, *, age_seconds: float = 0.0) -> None:
    update_store(settings, source=str(SNAPSHOT_VULNS / "apache-skywalking"), ecosystems=[])
    if age_seconds:
        path = settings.store_dir / "PyPI.sqlite"
        connection = sqlite3.connect(path)
        try:
            with connection:
                connection.execute(
                    "UPDATE meta SET value = ? WHERE key = 'built_at'", (repr(time.time() - age_seconds),)
                )
        finally:
            connection.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ---------------------------------------------------------------------------
# The API client


def test_the_api_answers_what_its_server_matched(tmp_path: Path, server: OsvServer) -> None:
    queries = []
    for record in snapshot_records()[::40]:
        for affected in record["affected"]:
            versions = affected.get("versions") or ["0"]
            name = affected["package"]["name"]
            queries.append(PackageQuery("PyPI", name.lower().replace("_", "-").replace(".", "-"), versions[-1]))
    queries.extend([SAFE_JINJA2, NPM_PACKAGE])
    result = lookup(queries, settings_for(tmp_path, server))
    assert result.unavailable == {}
    assert result.sources == {"PyPI": f"OSV API {server.url}", "npm": f"OSV API {server.url}"}
    found = found_ids(result)
    assert found == {query: oracle_ids(server, query) for query in set(queries)}
    assert found[SAFE_JINJA2] == []
    assert found[NPM_PACKAGE] == ["GHSA-4w2v-q235-vp99"]
    assert sum(1 for ids in found.values() if ids) > 20  # most last-listed versions are affected
    assert result.records[NPM_PACKAGE][0] == NPM_RECORD  # the full record, as served


def test_more_than_1000_queries_go_in_several_batches_that_stay_aligned(tmp_path: Path, server: OsvServer) -> None:
    queries = [PackageQuery("PyPI", f"unknown-package-{index:04d}", "1.0") for index in range(2499)]
    queries.insert(1500, SKYWALKING)
    result = lookup(queries, settings_for(tmp_path, server))
    assert server.batch_sizes == [1000, 1000, 500]
    assert server.requests["/v1/querybatch"] == 3
    found = found_ids(result)
    assert found[SKYWALKING] == ["PYSEC-2020-342"]
    assert sum(len(ids) for ids in found.values()) == 1
    assert len(found) == 2500


def test_paged_results_are_followed_to_the_end(tmp_path: Path) -> None:
    with OsvServer(page_size=3) as server:
        result = lookup([DJANGO, JINJA2, SKYWALKING], settings_for(tmp_path, server))
        expected = oracle_ids(server, DJANGO)
        pages = -(-len(expected) // 3)
        assert found_ids(result)[DJANGO] == expected
        assert found_ids(result)[JINJA2] == oracle_ids(server, JINJA2) == ["PYSEC-2019-217", "PYSEC-2021-66"]
        assert found_ids(result)[SKYWALKING] == ["PYSEC-2020-342"]
        # Each round re-asks only the queries that still have pages.
        assert server.requests["/v1/querybatch"] == pages
        assert server.batch_sizes[:2] == [3, 1]
    assert len(expected) > 6


def test_details_are_fetched_once_then_served_from_the_cache(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    first = lookup([DJANGO, JINJA2, PackageQuery("PyPI", "Django", "3.2.0")], settings)
    wanted = sorted({record["id"] for records in first.records.values() for record in records})
    assert server.count("/v1/vulns/") == len(wanted)
    assert all(server.requests[f"/v1/vulns/{vuln_id}"] == 1 for vuln_id in wanted)
    cached = sorted(path.name for path in settings.api_cache_dir.iterdir())
    assert cached == sorted(f"{vuln_id}.json" for vuln_id in wanted)
    server.reset_counts()
    second = lookup([DJANGO, JINJA2], settings)
    assert server.count("/v1/vulns/") == 0
    assert server.requests["/v1/querybatch"] == 1
    assert found_ids(second) == {DJANGO: found_ids(first)[DJANGO], JINJA2: found_ids(first)[JINJA2]}
    assert second.records[JINJA2] == first.records[JINJA2]


def test_a_cached_record_is_fetched_again_when_old_or_outdated(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server, max_age=3600.0)
    lookup([JINJA2], settings)
    server.reset_counts()
    # Older than max_age: fetched again.
    old = time.time() - 7200
    os.utime(settings.api_cache_dir / "PYSEC-2019-217.json", (old, old))
    lookup([JINJA2], settings)
    assert server.requests == {"/v1/querybatch": 1, "/v1/vulns/PYSEC-2019-217": 1}
    server.reset_counts()
    # The server has a newer version than the cache: querybatch's `modified` tells.
    changed = {**server.records["PYSEC-2021-66"], "modified": "2030-01-01T00:00:00Z", "summary": "revised"}
    server.add(changed)
    result = lookup([JINJA2], settings)
    assert server.requests == {"/v1/querybatch": 1, "/v1/vulns/PYSEC-2021-66": 1}
    assert result.records[JINJA2][1]["summary"] == "revised"
    assert json.loads((settings.api_cache_dir / "PYSEC-2021-66.json").read_text())["modified"] == "2030-01-01T00:00:00Z"


def test_a_corrupt_cache_file_is_discarded_and_fetched_again(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    lookup([JINJA2], settings)
    (settings.api_cache_dir / "PYSEC-2019-217.json").write_text('{"id": "PYSEC-2019-217", "modif')
    (settings.api_cache_dir / "PYSEC-2021-66.json").write_text('{"id": "SOMETHING-ELSE", "modified": "x"}')
    server.reset_counts()
    result = lookup([JINJA2], settings)
    assert server.count("/v1/vulns/") == 2
    assert found_ids(result)[JINJA2] == ["PYSEC-2019-217", "PYSEC-2021-66"]
    assert json.loads((settings.api_cache_dir / "PYSEC-2021-66.json").read_text())["id"] == "PYSEC-2021-66"


def test_a_record_the_api_matched_but_cannot_give_is_left_out_with_a_note(tmp_path: Path, server: OsvServer) -> None:
    del server.records["PYSEC-2019-217"]  # still indexed for querybatch, gone for /v1/vulns
    result = lookup([JINJA2], settings_for(tmp_path, server))
    assert found_ids(result)[JINJA2] == ["PYSEC-2021-66"]
    assert result.notes == ("the OSV API matched PYSEC-2019-217 but has no record for it (404); it is left out",)


def test_server_errors_are_retried(tmp_path: Path, server: OsvServer) -> None:
    server.fail("/v1/querybatch", times=2)
    server.fail("/v1/vulns/", times=1, status=429)
    result = lookup([JINJA2], settings_for(tmp_path, server, retries=2))
    assert found_ids(result)[JINJA2] == ["PYSEC-2019-217", "PYSEC-2021-66"]
    assert server.requests["/v1/querybatch"] == 3
    assert server.count("/v1/vulns/") == 3


def test_an_api_that_keeps_failing_makes_the_ecosystem_unavailable(tmp_path: Path, server: OsvServer) -> None:
    server.fail("/v1/querybatch", times=-1)
    result = lookup([JINJA2, NPM_PACKAGE], settings_for(tmp_path, server, retries=2))
    reason = f"HTTP 500 Internal Server Error after 3 attempts from {server.url}/v1/querybatch"
    assert result.unavailable == {
        "PyPI": f"no local vulnerability store for PyPI and the OSV API at {server.url} cannot be reached ({reason})",
        "npm": f"no local vulnerability store for npm and the OSV API at {server.url} cannot be reached ({reason})",
    }
    assert (result.records, result.sources, result.notes) == ({}, {}, ())
    assert server.requests["/v1/querybatch"] == 3


def test_a_failing_detail_request_fails_the_lookup_rather_than_answering_half(
    tmp_path: Path, server: OsvServer
) -> None:
    server.fail("/v1/vulns/PYSEC-2021-66", times=-1, status=503)
    result = lookup([JINJA2], settings_for(tmp_path, server, retries=1))
    assert result.unavailable["PyPI"].endswith(
        f"(HTTP 503 Service Unavailable after 2 attempts from {server.url}/v1/vulns/PYSEC-2021-66)"
    )
    assert result.records == {}


def test_a_server_slower_than_the_timeout_is_unavailable(tmp_path: Path, server: OsvServer) -> None:
    server.delay_seconds = 3.0
    started = time.monotonic()
    result = lookup([JINJA2], settings_for(tmp_path, server, timeout=0.2, retries=0))
    assert time.monotonic() - started < 2.0
    assert result.unavailable == {
        "PyPI": f"no local vulnerability store for PyPI and the OSV API at {server.url} cannot be reached "
        f"(timed out after 0.2 s from {server.url}/v1/querybatch)"
    }


def test_a_refused_connection_is_unavailable(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    settings = replace(settings_for(tmp_path), api_url=url, retries=1)
    result = lookup([JINJA2], settings)
    assert result.unavailable == {
        "PyPI": f"no local vulnerability store for PyPI and the OSV API at {url} cannot be reached "
        f"(connection refused after 2 attempts from {url}/v1/querybatch)"
    }


def test_query_records_with_nothing_to_ask_sends_nothing(tmp_path: Path, server: OsvServer) -> None:
    answer = query_records([], settings_for(tmp_path, server))
    assert (dict(answer.records), answer.detail_requests) == ({}, 0)
    assert lookup([], settings_for(tmp_path, server)) == LookupResult(records={}, unavailable={}, sources={})
    assert server.count("/") == 0


# ---------------------------------------------------------------------------
# Policy: store, API, or neither


def test_offline_without_a_store_is_unavailable_and_sends_nothing(tmp_path: Path, server: OsvServer) -> None:
    result = lookup([JINJA2, NPM_PACKAGE], settings_for(tmp_path, server, offline=True))
    assert result.unavailable == {
        "PyPI": "offline and no local vulnerability store for PyPI; build it with "
        "`gatherscan db update --ecosystem PyPI` while online",
        "npm": "offline and no local vulnerability store for npm; build it with "
        "`gatherscan db update --ecosystem npm` while online",
    }
    assert (result.records, result.sources) == ({}, {})
    assert server.count("/") == 0


def test_offline_uses_the_store_even_when_stale(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server, offline=True)
    build_store(settings, age_seconds=3 * 86400 + 60)
    result = lookup([SKYWALKING, NPM_PACKAGE], settings)
    assert found_ids(result) == {SKYWALKING: ["PYSEC-2020-342"]}
    assert result.sources["PyPI"].startswith("local store (built ")
    assert result.sources["PyPI"].endswith(f" UTC from {SNAPSHOT_VULNS / 'apache-skywalking'}, 1 record)")
    assert result.notes == (
        "the local PyPI store is 3 days old (offline: used it anyway; `gatherscan db update` refreshes it)",
    )
    assert list(result.unavailable) == ["npm"]
    assert server.count("/") == 0


OFFLINE_PROBE = """
import json, sys
events = []
sys.addaudithook(lambda event, args: events.append(event) if event.startswith("socket.") else None)
from pathlib import Path
from agents.dependency.vulndb import PackageQuery, SourceSettings, lookup
settings = SourceSettings(offline=True, cache_dir=Path(sys.argv[1]), api_url=sys.argv[2], export_url=sys.argv[2])
queries = [PackageQuery("PyPI", "apache-skywalking", "1.0.1"), PackageQuery("npm", "left-pad", "1.0.0")]
result = lookup(queries, settings)
print(json.dumps({"events": events, "unavailable": sorted(result.unavailable),
                  "found": [r["id"] for rs in result.records.values() for r in rs]}))
"""


def test_offline_never_opens_a_socket(tmp_path: Path, server: OsvServer) -> None:
    build_store(settings_for(tmp_path, server), age_seconds=10 * 86400)
    done = subprocess.run(
        [sys.executable, "-c", OFFLINE_PROBE, str(tmp_path), server.url],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(done.stdout) == {"events": [], "unavailable": ["npm"], "found": ["PYSEC-2020-342"]}
    assert server.count("/") == 0


def test_the_probe_would_see_a_socket(tmp_path: Path, server: OsvServer) -> None:
    """The offline check is only as good as its hook: the same lookup online is seen connecting."""
    probe = OFFLINE_PROBE.replace("offline=True", "offline=False")
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path), server.url],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "socket.connect" in json.loads(done.stdout)["events"]


def test_online_a_fresh_store_is_used_without_asking_the_api(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    build_store(settings)
    result = lookup([SKYWALKING, PackageQuery("PyPI", "apache-skywalking", "8.0.0"), NPM_PACKAGE], settings)
    # The store returns every record that names the package: the matcher decides about 8.0.0.
    assert found_ids(result) == {
        SKYWALKING: ["PYSEC-2020-342"],
        PackageQuery("PyPI", "apache-skywalking", "8.0.0"): ["PYSEC-2020-342"],
        NPM_PACKAGE: ["GHSA-4w2v-q235-vp99"],
    }
    assert result.sources["npm"] == f"OSV API {server.url}"
    assert result.sources["PyPI"].startswith("local store")
    assert server.batch_sizes == [1]  # only the npm query went to the API


def test_online_a_stale_store_gives_way_to_the_api(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server, max_age=3600.0)
    build_store(settings, age_seconds=7200)
    result = lookup([PackageQuery("PyPI", "apache-skywalking", "8.0.0")], settings)
    assert found_ids(result) == {PackageQuery("PyPI", "apache-skywalking", "8.0.0"): []}
    assert result.sources == {"PyPI": f"OSV API {server.url}"}
    assert result.notes == ()


def test_online_failure_falls_back_to_a_stale_store_with_a_note(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server, retries=0)
    build_store(settings, age_seconds=3 * 86400 + 60)
    server.fail("/v1/querybatch", times=-1)
    result = lookup([SKYWALKING, NPM_PACKAGE], settings)
    assert found_ids(result) == {SKYWALKING: ["PYSEC-2020-342"]}
    assert result.sources["PyPI"].startswith("local store")
    reason = f"HTTP 500 Internal Server Error from {server.url}/v1/querybatch"
    assert result.notes == (
        f"the local PyPI store is 3 days old and the OSV API could not be reached ({reason}): used it anyway",
    )
    assert result.unavailable == {
        "npm": f"no local vulnerability store for npm and the OSV API at {server.url} cannot be reached ({reason})"
    }


def test_a_store_of_another_schema_is_passed_over_with_a_note(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    build_store(settings)
    connection = sqlite3.connect(settings.store_dir / "PyPI.sqlite")
    try:
        with connection:
            connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    finally:
        connection.close()
    online = lookup([SKYWALKING], settings)
    assert online.sources == {"PyPI": f"OSV API {server.url}"}
    [note] = online.notes
    assert note.startswith("the local PyPI store cannot be used (written with store schema 0, this gatherscan reads")
    offline = lookup([SKYWALKING], replace(settings, offline=True))
    assert offline.unavailable["PyPI"].startswith("offline and the local PyPI store cannot be used (written with")


# ---------------------------------------------------------------------------
# Settings and small helpers


def test_settings_from_options_over_the_environment(tmp_path: Path) -> None:
    environ = {
        "GATHERSCAN_OSV_API_URL": "http://127.0.0.1:8080/",
        "GATHERSCAN_OSV_EXPORT_URL": "https://mirror.example.org/osv",
        "GATHERSCAN_CACHE_DIR": str(tmp_path / "env-cache"),
    }
    from_env = SourceSettings.from_options({"application": True}, environ)
    assert from_env == SourceSettings(
        api_url="http://127.0.0.1:8080",
        export_url="https://mirror.example.org/osv",
        cache_dir=tmp_path / "env-cache",
    )
    options = {
        "offline": True,
        "osv-api-url": "https://osv.internal.example.org",
        "osv-export-url": "https://exports.internal.example.org/",
        "cache-dir": str(tmp_path / "option-cache"),
        "max-age-hours": 0.5,
        "timeout": 3,
        "retries": 0,
    }
    assert SourceSettings.from_options(options, environ) == SourceSettings(
        offline=True,
        api_url="https://osv.internal.example.org",
        export_url="https://exports.internal.example.org",
        cache_dir=tmp_path / "option-cache",
        max_age=1800.0,
        timeout=3.0,
        retries=0,
    )
    defaults = SourceSettings.from_options({}, {})
    assert (defaults.offline, defaults.api_url, defaults.export_url) == (
        False,
        "https://api.osv.dev",
        "https://osv-vulnerabilities.storage.googleapis.com",
    )
    assert (defaults.max_age, defaults.timeout, defaults.retries) == (86400.0, 15.0, 2)


@pytest.mark.parametrize(
    ("options", "environ", "message"),
    [
        ({"offline": "yes"}, {}, "offline: must be true or false (got 'yes')"),
        ({"osv-api-url": "ftp://mirror"}, {}, "osv-api-url: must be an http:// or https:// URL (got 'ftp://mirror')"),
        ({"osv-export-url": 5}, {}, "osv-export-url: must be an http:// or https:// URL (got 5)"),
        ({"cache-dir": ""}, {}, "cache-dir: must be a directory path (got '')"),
        ({"max-age-hours": -1}, {}, "max-age-hours: must be at least 0 (got -1)"),
        ({"max-age-hours": "24"}, {}, "max-age-hours: must be a number (got '24')"),
        ({"timeout": 0}, {}, "timeout: must be greater than 0 (got 0)"),
        ({"timeout": True}, {}, "timeout: must be a number (got True)"),
        ({"retries": 2.5}, {}, "retries: must be a whole number from 0 to 10 (got 2.5)"),
        ({"retries": 11}, {}, "retries: must be a whole number from 0 to 10 (got 11)"),
        ({}, {"GATHERSCAN_OSV_API_URL": "api.osv.dev"}, "GATHERSCAN_OSV_API_URL: must be an http:// or https:// URL "
         "(got 'api.osv.dev')"),
    ],
)  # fmt: skip
def test_bad_settings_say_which_key_and_why(options: dict[str, object], environ: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        SourceSettings.from_options(options, environ)
    assert str(caught.value) == message


def test_the_default_cache_dir_follows_the_environment(tmp_path: Path) -> None:
    assert default_cache_dir({"GATHERSCAN_CACHE_DIR": str(tmp_path / "a"), "XDG_CACHE_HOME": "/x"}) == tmp_path / "a"
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "gatherscan"
    assert default_cache_dir({"XDG_CACHE_HOME": "relative/cache"}) == Path.home() / ".cache" / "gatherscan"
    assert default_cache_dir({}) == Path.home() / ".cache" / "gatherscan"


def test_timestamps_and_ages() -> None:
    assert timestamp_seconds("1970-01-01T00:00:01Z") == 1.0
    assert timestamp_seconds("1970-01-01T01:00:01.5+01:00") == 1.5
    assert timestamp_seconds("2024-03-11T18:02:41.512345678Z") == pytest.approx(1710180161.512345678)
    assert timestamp_seconds("2024-02-30T00:00:00Z") is None
    assert timestamp_seconds("yesterday") is None
    assert timestamp_seconds(None) is None
    assert [describe_age(s) for s in (0, 1, 59, 60, 7199, 86400 * 3 + 5)] == [
        "0 seconds", "1 second", "59 seconds", "1 minute", "1 hour", "3 days",
    ]  # fmt: skip


# ---------------------------------------------------------------------------
# The test server itself (other suites and the benchmarks rely on it)


def test_the_server_oracle_and_single_query_endpoint(server: OsvServer) -> None:
    assert [r["id"] for r in server.matching("PyPI", "Apache_Skywalking", "1.0.1")] == ["PYSEC-2020-342"]
    assert server.matching("PyPI", "apache-skywalking", "8.0.0") == []
    assert [r["id"] for r in server.matching("PyPI", "apache-skywalking", "1.0.1.0")] == ["PYSEC-2020-342"]
    body = json.dumps({"package": {"name": "apache-skywalking", "ecosystem": "PyPI"}, "version": "1.0.0"}).encode()
    request = urllib.request.Request(f"{server.url}/v1/query", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        answer = json.load(response)
    assert [v["id"] for v in answer["vulns"]] == ["PYSEC-2020-342"]
    assert answer["vulns"][0]["aliases"] == ["CVE-2020-13921"]
    too_many = json.dumps({"queries": [{"package": {"name": "x", "ecosystem": "PyPI"}, "version": "1"}] * 1001})
    request = urllib.request.Request(f"{server.url}/v1/querybatch", data=too_many.encode(), method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 400
    caught.value.close()


def test_a_store_damaged_after_it_was_built_is_passed_over(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    build_store(settings)
    path = settings.store_dir / "PyPI.sqlite"
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("DROP TABLE packages")
    finally:
        connection.close()
    problem = f"cannot read {path}: no such table: packages; `gatherscan db update` rebuilds it"
    online = lookup([SKYWALKING], settings)
    assert found_ids(online) == {SKYWALKING: ["PYSEC-2020-342"]}
    assert online.sources == {"PyPI": f"OSV API {server.url}"}
    assert online.notes == (f"the local PyPI store cannot be used ({problem}): used the OSV API",)
    offline = lookup([SKYWALKING], replace(settings, offline=True))
    assert offline.unavailable == {
        "PyPI": f"offline and the local PyPI store cannot be used ({problem}); build it with "
        "`gatherscan db update --ecosystem PyPI` while online"
    }
    assert offline.records == {}
