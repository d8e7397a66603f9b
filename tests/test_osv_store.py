"""The local OSV store: building it from zips, folders and served exports, looking packages up, and every way
an update can fail without harming the store that was there before."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from packaging.utils import canonicalize_name

from agents.dependency.osvstore import (
    STORE_SCHEMA_VERSION,
    InvalidRecord,
    StoreError,
    open_store,
    record_problem,
    store_status,
    unsafe_entry_reason,
    update_store,
)
from agents.dependency.vulndb import SourceSettings
from tests.conftest import REPO_ROOT, SHARED
from tests.osv_server import OsvServer, build_zip, snapshot_records, write_snapshot_zip

SNAPSHOT_VULNS = SHARED / "osv-pypa" / "vulns"
SNAPSHOT_SIZE = 2661

# Records of other ecosystems, written the way OSV's exports write them (GHSA for npm, DEBIAN for Debian).
NPM_RECORD = """{
  "schema_version": "1.6.0",
  "id": "GHSA-4w2v-q235-vp99",
  "modified": "2024-03-11T18:02:41.512Z",
  "published": "2023-09-27T12:30:15Z",
  "aliases": ["CVE-2023-45857"],
  "summary": "Prototype pollution in @acme/deep-merge",
  "details": "`merge()` copies `__proto__` keys from untrusted input.",
  "affected": [
    {
      "package": {"ecosystem": "npm", "name": "@acme/deep-merge", "purl": "pkg:npm/%40acme/deep-merge"},
      "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.1.4"}]}],
      "database_specific": {"source": "https://github.com/github/advisory-database/blob/main/advisories/x.json"}
    }
  ],
  "database_specific": {"severity": "HIGH", "cwe_ids": ["CWE-1321"], "github_reviewed": true}
}
"""

NPM_RECORD_TWO = """{"id":"MAL-2024-8812","modified":"2024-06-02T07:15:00Z","summary":"Malicious code in Left-Pad-Plus",
 "affected":[{"package":{"ecosystem":"npm","name":"Left-Pad-Plus"},"versions":["1.0.0","1.0.1"]}]}
"""

DEBIAN_RECORD = """# Written by hand for the tests: a Debian record names a release in its ecosystem.
id: DEBIAN-CVE-2024-0001
modified: 2024-05-01T10:00:00Z
affected:
  - package:
      ecosystem: "Debian:12"
      name: libexample
    ranges:
      - type: ECOSYSTEM
        events:
          - introduced: "0"
          - fixed: 1.4-2
"""


def settings_for(cache_dir: Path, server: OsvServer | None = None, **changes: Any) -> SourceSettings:
    """Settings for a test: a cache of its own, quick retries, and URLs that lead nowhere but the test server."""
    url = server.url if server is not None else "http://127.0.0.1:9"
    base = SourceSettings(cache_dir=cache_dir, api_url=url, export_url=url, backoff=0.01, timeout=5.0)
    return replace(base, **changes)


def write_records(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [record["id"] for record in records]


def store_files(cache_dir: Path) -> list[str]:
    folder = cache_dir / "osv-store"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture(scope="module")
def snapshot_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_snapshot_zip(tmp_path_factory.mktemp("export") / "all.zip")


@pytest.fixture(scope="module")
def expected_ids() -> dict[str, list[str]]:
    """Package (canonical name) -> ids of the snapshot records naming it, computed without gatherscan."""
    by_name: dict[str, set[str]] = {}
    for record in snapshot_records():
        for affected in record["affected"]:
            by_name.setdefault(canonicalize_name(affected["package"]["name"]), set()).add(record["id"])
    return {name: sorted(found) for name, found in by_name.items()}


@pytest.fixture
def server() -> Iterator[OsvServer]:
    with OsvServer() as running:
        yield running


# ---------------------------------------------------------------------------
# Building and looking up


def test_a_local_zip_builds_a_store_that_answers_every_package_exactly(
    tmp_path: Path, snapshot_zip: Path, expected_ids: dict[str, list[str]]
) -> None:
    settings = settings_for(tmp_path)
    result = update_store(settings, source=str(snapshot_zip), ecosystems=[])
    [built] = result.built
    assert (built.ecosystem, built.records, built.invalid, built.source) == (
        "PyPI",
        SNAPSHOT_SIZE,
        0,
        str(snapshot_zip),
    )
    assert (result.invalid, result.invalid_examples, result.ignored) == (0, (), 0)
    assert built.path == tmp_path / "osv-store" / "PyPI.sqlite"
    assert store_files(tmp_path) == ["PyPI.sqlite"]
    store = open_store(settings)
    assert store is not None
    with store:
        assert store.ecosystems == ("PyPI",)
        answered = {name: ids(store.candidates("PyPI", name)) for name in expected_ids}
    assert answered == expected_ids
    assert len(expected_ids) == 664


def test_lookups_normalise_names_and_return_the_raw_records(tmp_path: Path, snapshot_zip: Path) -> None:
    settings = settings_for(tmp_path)
    update_store(settings, source=str(snapshot_zip), ecosystems=[])
    store = open_store(settings)
    assert store is not None
    with store:
        # The record is written "jw.util"; PEP 503 makes every spelling the same package.
        assert ids(store.candidates("PyPI", "JW_Util")) == ids(store.candidates("PyPI", "jw.util")) != []
        [record] = store.candidates("PyPI", "apache-skywalking")
        assert store.candidates("PyPI", "no-such-package") == []
        assert store.candidates("npm", "apache-skywalking") == []
    assert record["id"] == "PYSEC-2020-342"
    assert record["modified"] == "2023-11-07T20:24:23.946863Z"
    assert record["aliases"] == ["CVE-2020-13921"]
    assert record["affected"][0]["versions"][-1] == "1.0.1"


def test_a_yaml_folder_builds_the_same_records_as_the_export(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    result = update_store(settings, source=str(SNAPSHOT_VULNS), ecosystems=["PyPI"])
    [built] = result.built
    assert (built.ecosystem, built.records, built.source) == ("PyPI", SNAPSHOT_SIZE, str(SNAPSHOT_VULNS))
    store = open_store(settings)
    assert store is not None
    # The server converts the YAML on its own; timestamps must come out as OSV JSON writes them.
    served = {record["id"]: record for record in snapshot_records()}
    with store:
        stored = {r["id"]: r for name in os.listdir(SNAPSHOT_VULNS) for r in store.candidates("PyPI", name)}
    assert stored == served
    withdrawn = sorted(record_id for record_id, record in stored.items() if "withdrawn" in record)
    assert len(withdrawn) == 10  # kept: the matcher drops withdrawn records, the store does not


def test_a_served_export_is_downloaded_per_ecosystem(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    result = update_store(settings, source=None, ecosystems=["pypi"])  # the spelling people type
    [built] = result.built
    assert (built.ecosystem, built.records, built.source) == ("PyPI", SNAPSHOT_SIZE, f"{server.url}/PyPI/all.zip")
    assert server.requests == {"/PyPI/all.zip": 1}
    [status] = store_status(settings)
    assert (status.ecosystem, status.records, status.invalid, status.problem) == ("PyPI", SNAPSHOT_SIZE, 0, None)
    assert 0 <= status.age_seconds < 60 and abs(status.built_at - time.time()) < 60
    assert status.source == f"{server.url}/PyPI/all.zip"
    # No download leftovers next to the store.
    assert store_files(tmp_path) == ["PyPI.sqlite"]


def test_an_update_without_ecosystems_refreshes_the_ones_in_the_store(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    update_store(settings, source=None, ecosystems=["PyPI"])
    server.reset_counts()
    result = update_store(settings, source=None, ecosystems=[])
    assert [b.ecosystem for b in result.built] == ["PyPI"]
    assert server.requests == {"/PyPI/all.zip": 1}


def test_updating_one_ecosystem_keeps_the_others(tmp_path: Path, snapshot_zip: Path) -> None:
    settings = settings_for(tmp_path)
    update_store(settings, source=str(snapshot_zip), ecosystems=[])
    pypi_before = (tmp_path / "osv-store" / "PyPI.sqlite").stat()
    npm_folder = write_records(tmp_path / "npm", {"GHSA-4w2v-q235-vp99.json": NPM_RECORD, "MAL.json": NPM_RECORD_TWO})
    result = update_store(settings, source=str(npm_folder), ecosystems=["npm"])
    assert [(b.ecosystem, b.records) for b in result.built] == [("npm", 2)]
    assert [(s.ecosystem, s.records) for s in store_status(settings)] == [("PyPI", SNAPSHOT_SIZE), ("npm", 2)]
    pypi_after = (tmp_path / "osv-store" / "PyPI.sqlite").stat()
    assert (pypi_after.st_ino, pypi_after.st_mtime_ns) == (pypi_before.st_ino, pypi_before.st_mtime_ns)
    store = open_store(settings)
    assert store is not None
    with store:
        assert ids(store.candidates("npm", "@acme/deep-merge")) == ["GHSA-4w2v-q235-vp99"]
        # npm names are case-sensitive: only the exact spelling matches.
        assert ids(store.candidates("npm", "Left-Pad-Plus")) == ["MAL-2024-8812"]
        assert store.candidates("npm", "left-pad-plus") == []
        assert len(store.candidates("PyPI", "django")) == 116


def test_ecosystems_are_inferred_from_the_records_and_filtered_on_request(tmp_path: Path) -> None:
    folder = write_records(
        tmp_path / "mixed",
        {
            "npm/GHSA-4w2v-q235-vp99.json": NPM_RECORD,
            "debian/DEBIAN-CVE-2024-0001.yaml": DEBIAN_RECORD,
            "pypi/PYSEC-2020-342.yaml": (SNAPSHOT_VULNS / "apache-skywalking" / "PYSEC-2020-342.yaml").read_text(),
            ".github/workflows/ci.yml": "on: [push]\njobs: {}\n",  # hidden folders hold no records
            "README.md": "# Advisories\n",
        },
    )
    everything = update_store(settings_for(tmp_path / "all"), source=str(folder), ecosystems=[])
    assert [(b.ecosystem, b.records) for b in everything.built] == [("Debian", 1), ("PyPI", 1), ("npm", 1)]
    assert (everything.invalid, everything.ignored) == (0, 0)
    settings = settings_for(tmp_path / "one")
    only_npm = update_store(settings, source=str(folder), ecosystems=["NPM"])
    assert [b.ecosystem for b in only_npm.built] == ["npm"]
    assert only_npm.ignored == 2
    only_debian = update_store(settings_for(tmp_path / "debian"), source=str(folder), ecosystems=["debian"])
    assert [b.ecosystem for b in only_debian.built] == ["Debian"]
    debian = settings_for(tmp_path / "all")
    store = open_store(debian)
    assert store is not None
    with store:
        # "Debian:12" is a release of Debian: any release's name reaches the one file.
        assert ids(store.candidates("Debian:11", "libexample")) == ["DEBIAN-CVE-2024-0001"]
        assert store.candidates("Debian", "libexample")[0]["modified"] == "2024-05-01T10:00:00Z"
    with pytest.raises(StoreError, match=r"no records for crates\.io in .* \(its records name: Debian, PyPI, npm\)"):
        update_store(settings, source=str(folder), ecosystems=["crates.io"])


def test_invalid_records_are_counted_listed_and_left_out(tmp_path: Path) -> None:
    folder = write_records(
        tmp_path / "records",
        {
            "a-good.json": NPM_RECORD,
            "b-no-id.json": '{"modified": "2024-01-01T00:00:00Z", "affected": []}',
            "c-modified.json": '{"id": "GHSA-cccc", "modified": 20240101, "affected": []}',
            "d-affected.json": '{"id": "GHSA-dddd", "modified": "2024-01-01T00:00:00Z", "affected": {}}',
            "e-name.json": '{"id": "GHSA-eeee", "modified": "2024-01-01T00:00:00Z",'
            ' "affected": [{"package": {"ecosystem": "npm"}}]}',
            "f-broken.json": '{"id": "GHSA-ffff", "modified": ',
            "g-list.yaml": "- id: not-a-record\n",
        },
    )
    (folder / "h-latin1.json").write_bytes(b'{"id": "caf\xe9"}')
    settings = settings_for(tmp_path)
    result = update_store(settings, source=str(folder), ecosystems=[])
    assert [(b.ecosystem, b.records, b.invalid) for b in result.built] == [("npm", 1, 7)]
    assert result.invalid == 7
    assert result.invalid_examples == (
        InvalidRecord("b-no-id.json", "id must be a non-empty string"),
        InvalidRecord("c-modified.json", "modified must be a string", "GHSA-cccc"),
        InvalidRecord("d-affected.json", "affected must be a list", "GHSA-dddd"),
        InvalidRecord("e-name.json", "affected[0].package.name must be a non-empty string", "GHSA-eeee"),
        InvalidRecord("f-broken.json", "cannot parse: Expecting value: line 1 column 33 (char 32)"),
    )
    assert result.invalid_examples[1].describe() == "GHSA-cccc (c-modified.json): modified must be a string"
    assert [s.invalid for s in store_status(settings)] == [7]


def test_record_problem_accepts_a_git_only_affected_entry() -> None:
    git_only = {"id": "OSV-2021-1", "modified": "2021-01-01T00:00:00Z", "affected": [{"ranges": [{"type": "GIT"}]}]}
    assert record_problem(git_only) is None
    assert record_problem([]) == "not a JSON object (got list)"
    assert record_problem({**git_only, "affected": ["x"]}) == "affected[0] must be an object"
    assert record_problem({**git_only, "affected": [{"package": "x"}]}) == "affected[0].package must be an object"


# ---------------------------------------------------------------------------
# Failed updates keep the previous store


def build_small_store(settings: SourceSettings, tmp_path: Path) -> None:
    folder = write_records(
        tmp_path / "small",
        {"PYSEC-2020-342.yaml": (SNAPSHOT_VULNS / "apache-skywalking" / "PYSEC-2020-342.yaml").read_text()},
    )
    update_store(settings, source=str(folder), ecosystems=[])


def assert_small_store_intact(settings: SourceSettings) -> None:
    [status] = store_status(settings)
    assert (status.ecosystem, status.records, status.problem) == ("PyPI", 1, None)
    store = open_store(settings)
    assert store is not None
    with store:
        assert ids(store.candidates("PyPI", "apache-skywalking")) == ["PYSEC-2020-342"]
    assert store_files(settings.cache_dir) == ["PyPI.sqlite"]


def test_nothing_valid_fails_the_update(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    build_small_store(settings, tmp_path)
    folder = write_records(tmp_path / "bad", {"x.json": "[]", "y.json": '{"id": "Y"}'})
    with pytest.raises(StoreError) as caught:
        update_store(settings, source=str(folder), ecosystems=[])
    assert str(caught.value) == (
        f"no valid OSV records in {folder} (2 invalid: x.json: not a JSON object (got list); "
        "Y (y.json): modified must be a string)"
    )
    assert_small_store_intact(settings)


def test_a_truncated_zip_fails_the_update(tmp_path: Path, snapshot_zip: Path) -> None:
    settings = settings_for(tmp_path)
    build_small_store(settings, tmp_path)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(snapshot_zip.read_bytes()[:100_000])
    with pytest.raises(StoreError, match=r"truncated\.zip is not a readable zip file \(File is not a zip file\)"):
        update_store(settings, source=str(truncated), ecosystems=[])
    assert_small_store_intact(settings)


def test_a_crc_mismatch_fails_the_update_halfway_through(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    build_small_store(settings, tmp_path)
    corrupt = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(corrupt, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("a.json", NPM_RECORD)
        archive.writestr("z.json", NPM_RECORD_TWO)
    data = bytearray(corrupt.read_bytes())
    where = data.index(b"Left-Pad-Plus")
    data[where] = ord("X")  # same length, so only the CRC tells
    corrupt.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"corrupt\.zip is corrupt: entry 'z\.json': Bad CRC-32 for file 'z\.json'"):
        update_store(settings, source=str(corrupt), ecosystems=[])
    assert_small_store_intact(settings)


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("../evil.json", "has a '..' component"),
        ("vulns/../../evil.json", "has a '..' component"),
        ("/etc/evil.json", "is an absolute path"),
        ("C:/evil.json", "starts with a drive letter"),
        ("vulns\\evil.json", "contains a backslash"),
    ],
)
def test_a_zip_with_an_unsafe_entry_is_refused(tmp_path: Path, entry: str, reason: str) -> None:
    settings = settings_for(tmp_path)
    build_small_store(settings, tmp_path)
    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(build_zip(snapshot_records()[:3], {entry: NPM_RECORD.encode()}))
    assert unsafe_entry_reason(entry) == reason
    with pytest.raises(StoreError) as caught:
        update_store(settings, source=str(hostile), ecosystems=[])
    assert str(caught.value) == f"{hostile}: refusing the zip: entry {entry!r} {reason}"
    assert_small_store_intact(settings)
    assert not (tmp_path / "evil.json").exists()


def test_a_missing_source_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no-such\.zip: no such file or folder"):
        update_store(settings_for(tmp_path), source=str(tmp_path / "no-such.zip"), ecosystems=[])


def test_served_500s_are_retried_until_the_download_succeeds(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server, retries=2)
    server.fail("/PyPI/all.zip", times=2)
    [built] = update_store(settings, source=None, ecosystems=["PyPI"]).built
    assert built.records == SNAPSHOT_SIZE
    assert server.requests["/PyPI/all.zip"] == 3


def test_a_download_that_keeps_failing_fails_the_update(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server, retries=2)
    build_small_store(settings, tmp_path)
    server.fail("/PyPI/all.zip", times=-1)
    with pytest.raises(StoreError) as caught:
        update_store(settings, source=None, ecosystems=["PyPI"])
    assert str(caught.value) == (
        f"cannot download {server.url}/PyPI/all.zip: HTTP 500 Internal Server Error after 3 attempts"
    )
    assert server.requests["/PyPI/all.zip"] == 3
    assert_small_store_intact(settings)


def test_an_unknown_ecosystem_is_a_404_with_a_hint(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    with pytest.raises(StoreError) as caught:
        update_store(settings, source=None, ecosystems=["Pypi-typo"])
    assert str(caught.value) == (
        f"cannot download {server.url}/Pypi-typo/all.zip: HTTP 404 Not Found "
        "(is the ecosystem name spelled as OSV spells it?)"
    )
    assert server.requests["/Pypi-typo/all.zip"] == 1  # a 404 is final: no retries


def test_a_server_slower_than_the_timeout_fails_the_update(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server, timeout=0.2, retries=1)
    build_small_store(settings, tmp_path)
    server.delay_seconds = 3.0
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        update_store(settings, source=None, ecosystems=["PyPI"])
    assert str(caught.value) == f"cannot download {server.url}/PyPI/all.zip: timed out after 0.2 s after 2 attempts"
    assert time.monotonic() - started < 2.5
    assert_small_store_intact(settings)


def test_a_served_truncated_zip_fails_the_update(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    build_small_store(settings, tmp_path)
    server.truncate_zip = True
    with pytest.raises(StoreError, match=r"/PyPI/all\.zip is not a readable zip file"):
        update_store(settings, source=None, ecosystems=["PyPI"])
    assert_small_store_intact(settings)


def test_a_served_zip_with_a_traversal_entry_is_refused(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    build_small_store(settings, tmp_path)
    server.extra_zip_entries = {"../evil.json": NPM_RECORD.encode()}
    with pytest.raises(StoreError) as caught:
        update_store(settings, source=f"{server.url}/PyPI/all.zip", ecosystems=[])
    assert (
        str(caught.value) == f"{server.url}/PyPI/all.zip: refusing the zip: entry '../evil.json' has a '..' component"
    )
    assert_small_store_intact(settings)


KILLED_UPDATE = """
import sys
from pathlib import Path
from agents.dependency.osvstore import update_store
from agents.dependency.vulndb import SourceSettings
settings = SourceSettings(cache_dir=Path(sys.argv[1]), export_url=sys.argv[2], timeout=60.0)
update_store(settings, source=None, ecosystems=["PyPI"])
"""


def test_a_killed_update_leaves_the_previous_store_usable(tmp_path: Path, server: OsvServer) -> None:
    settings = settings_for(tmp_path, server)
    build_small_store(settings, tmp_path)
    server.delay_seconds = 30.0
    process = subprocess.Popen([sys.executable, "-c", KILLED_UPDATE, str(tmp_path), server.url], cwd=REPO_ROOT)
    try:
        deadline = time.monotonic() + 20
        while server.count("/PyPI/all.zip") == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.count("/PyPI/all.zip") == 1
    finally:
        process.kill()
        process.wait()
    assert_small_store_intact_but_for_leftovers(settings)
    # The next update clears what the killed one left once it is old enough to be abandoned.
    for leftover in (tmp_path / "osv-store").glob(".*.tmp"):
        os.utime(leftover, (time.time() - 7200, time.time() - 7200))
    server.delay_seconds = 0.0
    update_store(settings, source=None, ecosystems=["PyPI"])
    assert store_files(tmp_path) == ["PyPI.sqlite"]


def assert_small_store_intact_but_for_leftovers(settings: SourceSettings) -> None:
    [status] = store_status(settings)
    assert (status.records, status.problem) == (1, None)
    leftovers = [name for name in store_files(settings.cache_dir) if name != "PyPI.sqlite"]
    assert all(name.startswith(".download-") and name.endswith(".tmp") for name in leftovers)


# ---------------------------------------------------------------------------
# Readers, versions, corruption


def test_readers_keep_their_view_while_an_update_replaces_the_file(tmp_path: Path, snapshot_zip: Path) -> None:
    settings = settings_for(tmp_path)
    build_small_store(settings, tmp_path)
    store = open_store(settings)
    assert store is not None
    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read_repeatedly() -> None:
        try:
            while not stop.is_set():
                fresh = open_store(settings)
                assert fresh is not None
                with fresh:
                    seen.append(len(fresh.candidates("PyPI", "apache-skywalking") + fresh.candidates("PyPI", "django")))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    reader = threading.Thread(target=read_repeatedly)
    reader.start()
    try:
        update_store(settings, source=str(snapshot_zip), ecosystems=[])
    finally:
        stop.set()
        reader.join()
    with store:
        # The store opened before the update still reads the file it opened.
        assert ids(store.candidates("PyPI", "apache-skywalking")) == ["PYSEC-2020-342"]
        assert store.candidates("PyPI", "django") == []
    assert errors == []
    # Every read saw one whole store: the old one (1 record) or the new one (1 + 116).
    assert set(seen) <= {1, 117}


def rewrite_meta(path: Path, key: str, value: str) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    finally:
        connection.close()


def test_a_store_of_another_schema_version_is_treated_as_absent(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    build_small_store(settings, tmp_path)
    rewrite_meta(tmp_path / "osv-store" / "PyPI.sqlite", "schema_version", "999")
    [status] = store_status(settings)
    assert status.problem == (
        f"written with store schema 999, this gatherscan reads store schema {STORE_SCHEMA_VERSION}; "
        "`gatherscan db update` rebuilds it"
    )
    store = open_store(settings)
    assert store is not None
    with store:
        assert store.ecosystems == ()
        assert store.candidates("PyPI", "apache-skywalking") == []
    build_small_store(settings, tmp_path)
    assert [s.problem for s in store_status(settings)] == [None]


def test_a_file_that_is_not_a_store_is_reported_not_raised(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    folder = tmp_path / "osv-store"
    folder.mkdir()
    (folder / "PyPI.sqlite").write_bytes(b"this is not a database" * 100)
    [status] = store_status(settings)
    assert (status.ecosystem, status.records) == ("PyPI", 0)
    assert status.problem == "not a gatherscan store (file is not a database); `gatherscan db update` rebuilds it"


def test_an_empty_cache_has_no_store(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "never-created")
    assert open_store(settings) is None
    assert store_status(settings) == []


def test_status_json_form(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    build_small_store(settings, tmp_path)
    [status] = store_status(settings)
    document = status.to_json_dict()
    assert document["ecosystem"] == "PyPI" and document["records"] == 1 and document["problem"] is None
    assert document["path"] == str(tmp_path / "osv-store" / "PyPI.sqlite")
    assert document["builtAt"].endswith("+00:00")
    json.dumps(document)


# ---------------------------------------------------------------------------
# Speed (the benchmark measures precisely; these bounds catch an accidental slowdown by an order)


def test_building_and_looking_up_are_fast(
    tmp_path: Path, snapshot_zip: Path, expected_ids: dict[str, list[str]]
) -> None:
    settings = settings_for(tmp_path)
    started = time.perf_counter()
    update_store(settings, source=str(snapshot_zip), ecosystems=[])
    build_seconds = time.perf_counter() - started
    names = sorted(expected_ids)
    store = open_store(settings)
    assert store is not None
    with store:
        started = time.perf_counter()
        for index in range(1000):
            store.candidates("PyPI", names[index % len(names)])
        lookup_seconds = time.perf_counter() - started
    assert build_seconds < 10.0
    assert lookup_seconds < 1.0
