"""`gatherscan db update|status` and `gatherscan scan --offline`, run as the installed console script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from agents.base import AgentContext
from tests.conftest import REPO_ROOT, SHARED, git
from tests.osv_server import OsvServer, write_snapshot_zip

GATHERSCAN = str(Path(sys.executable).parent / "gatherscan")
SNAPSHOT_VULNS = SHARED / "osv-pypa" / "vulns"


class OptionsProbe:
    """Stands in for the dependency agent (same id) and reports the options the scan handed it."""

    id = "dependency"
    description = "Reports its options (test double)."
    version = "0"
    rules = ()
    shardable = False

    def wants(self, path: str) -> bool:
        return path == "requirements.txt"

    def analyze(self, ctx: AgentContext, files: Sequence[str]) -> dict[str, Any]:
        return {"issues": [], "riskScore": 0.0, "filesScanned": len(files), "skipped": [], "options": dict(ctx.options)}


OPTIONS_PROBE = OptionsProbe()


@pytest.fixture
def server() -> Iterator[OsvServer]:
    with OsvServer() as running:
        yield running


def gatherscan(
    *args: str, cwd: Path, cache: Path, server: OsvServer | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATHERSCAN_")}
    env["GATHERSCAN_CACHE_DIR"] = str(cache)
    # Nothing here may reach the network: without a test server the URLs point at a closed local port.
    url = server.url if server is not None else "http://127.0.0.1:9"
    env["GATHERSCAN_OSV_API_URL"] = env["GATHERSCAN_OSV_EXPORT_URL"] = url
    env.update(extra_env or {})
    return subprocess.run([GATHERSCAN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_status_of_an_empty_store(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    done = gatherscan("db", "status", cwd=tmp_path, cache=cache)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"no local vulnerability store in {cache}/osv-store; `gatherscan db update` builds one\n"
    done = gatherscan("db", "status", "--format", "json", cwd=tmp_path, cache=cache)
    assert json.loads(done.stdout) == {"ecosystems": [], "store": f"{cache}/osv-store"}


def test_update_from_the_served_export_then_status(tmp_path: Path, server: OsvServer) -> None:
    cache = tmp_path / "cache"
    done = gatherscan("db", "update", "--ecosystem", "PyPI", cwd=tmp_path, cache=cache, server=server)
    assert (done.returncode, done.stderr) == (0, "")
    first, last = done.stdout.splitlines()
    assert first == f"PyPI: 2,661 records, 0 invalid, from {server.url}/PyPI/all.zip"
    assert re.fullmatch(rf"store updated in \d+\.\d s: {re.escape(str(cache))}/osv-store", last)
    assert server.requests == {"/PyPI/all.zip": 1}

    done = gatherscan("db", "status", cwd=tmp_path, cache=cache)
    assert done.returncode == 0
    header, line = done.stdout.splitlines()
    assert header == f"local vulnerability store: {cache}/osv-store"
    assert re.fullmatch(
        rf"PyPI: 2,661 records, built \d{{4}}-\d\d-\d\d \d\d:\d\d UTC \(\d+ seconds? ago\), from "
        rf"{re.escape(server.url)}/PyPI/all\.zip",
        line,
    )
    done = gatherscan("db", "status", "--format", "json", cwd=tmp_path, cache=cache)
    [entry] = json.loads(done.stdout)["ecosystems"]
    assert {k: entry[k] for k in ("ecosystem", "records", "invalid", "source", "problem", "path")} == {
        "ecosystem": "PyPI",
        "records": 2661,
        "invalid": 0,
        "source": f"{server.url}/PyPI/all.zip",
        "problem": None,
        "path": f"{cache}/osv-store/PyPI.sqlite",
    }


def test_update_from_a_local_zip_and_a_yaml_folder_into_the_cache_dir_given(tmp_path: Path) -> None:
    env_cache, option_cache = tmp_path / "env-cache", tmp_path / "option-cache"
    archive = write_snapshot_zip(tmp_path / "all.zip")
    done = gatherscan(
        "db", "update", "--from", str(archive), "--cache-dir", str(option_cache), cwd=tmp_path, cache=env_cache
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"PyPI: 2,661 records, 0 invalid, from {archive}"
    assert (option_cache / "osv-store" / "PyPI.sqlite").is_file()
    assert not env_cache.exists()
    done = gatherscan("db", "update", "--from", str(SNAPSHOT_VULNS), cwd=tmp_path, cache=env_cache)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"PyPI: 2,661 records, 0 invalid, from {SNAPSHOT_VULNS}"


def test_invalid_records_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "advisories"
    folder.mkdir()
    (folder / "GHSA-good.json").write_text(
        '{"id": "GHSA-good", "modified": "2024-01-02T03:04:05Z",\n'
        '  "affected": [{"package": {"ecosystem": "PyPI", "name": "Example_Pkg"}, "versions": ["1.0"]}]}\n'
    )
    (folder / "GHSA-noid.json").write_text('{"modified": "2024-01-02T03:04:05Z", "affected": []}')
    (folder / "notes.yaml").write_text("# a stray file\ntitle: not an advisory\n")
    done = gatherscan("db", "update", "--from", str(folder), cwd=tmp_path, cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:4] == [
        f"PyPI: 1 record, 2 invalid, from {folder}",
        "2 invalid records left out, for example:",
        "  GHSA-noid.json: id must be a non-empty string",
        "  notes.yaml: id must be a non-empty string",
    ]


def test_a_failed_update_exits_2_with_one_line_and_keeps_the_store(tmp_path: Path, server: OsvServer) -> None:
    cache = tmp_path / "cache"
    assert (
        gatherscan("db", "update", "--from", str(SNAPSHOT_VULNS / "jinja2"), cwd=tmp_path, cache=cache).returncode == 0
    )
    (tmp_path / "pyproject.toml").write_text("[tool.gatherscan.agent-options.dependency]\nretries = 0\n")
    server.fail("/PyPI/all.zip", times=-1)
    done = gatherscan("db", "update", "--ecosystem", "pypi", cwd=tmp_path, cache=cache, server=server)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"gatherscan: error: db update failed: cannot download {server.url}/PyPI/all.zip: "
        "HTTP 500 Internal Server Error (the store was not changed)\n"
    )
    status = json.loads(gatherscan("db", "status", "--format", "json", cwd=tmp_path, cache=cache).stdout)
    assert [(e["ecosystem"], e["source"]) for e in status["ecosystems"]] == [("PyPI", str(SNAPSHOT_VULNS / "jinja2"))]


def test_a_zip_with_a_traversal_entry_is_refused(tmp_path: Path, server: OsvServer) -> None:
    server.extra_zip_entries = {"../evil.json": b"{}"}
    done = gatherscan("db", "update", "--ecosystem", "PyPI", cwd=tmp_path, cache=tmp_path / "cache", server=server)
    assert done.returncode == 2
    assert done.stderr == (
        f"gatherscan: error: db update failed: {server.url}/PyPI/all.zip: refusing the zip: entry '../evil.json' "
        "has a '..' component (the store was not changed)\n"
    )


def test_the_store_location_and_bad_values_come_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.gatherscan.agent-options.dependency]\ncache-dir = "shared-cache"\n')
    done = gatherscan("db", "update", "--from", str(SNAPSHOT_VULNS / "jinja2"), cwd=tmp_path, cache=tmp_path / "env")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "shared-cache" / "osv-store" / "PyPI.sqlite").is_file()

    (tmp_path / "pyproject.toml").write_text("[tool.gatherscan.agent-options.dependency]\ntimeout = 0\n")
    done = gatherscan("db", "status", cwd=tmp_path, cache=tmp_path / "env")
    assert done.returncode == 2
    assert done.stderr == (
        f"gatherscan: error: configuration error: {tmp_path / 'pyproject.toml'}: "
        "tool.gatherscan.agent-options.dependency.timeout: must be greater than 0 (got 0)\n"
    )
    (tmp_path / "pyproject.toml").unlink()
    done = gatherscan("db", "status", cwd=tmp_path, cache=tmp_path / "env", extra_env={"GATHERSCAN_OSV_API_URL": "osv"})
    assert done.returncode == 2
    assert done.stderr == (
        "gatherscan: error: configuration error: environment: GATHERSCAN_OSV_API_URL: must be an http:// or "
        "https:// URL (got 'osv')\n"
    )


@pytest.mark.parametrize(("flag", "expected"), [((), False), (("--offline",), True)])
def test_scan_offline_sets_the_dependency_agents_option_over_the_file(
    git_repo: Path, tmp_path: Path, flag: tuple[str, ...], expected: bool
) -> None:
    (git_repo / "requirements.txt").write_text("jinja2==2.10  # pinned for the old template syntax\n")
    (git_repo / "pyproject.toml").write_text(
        "[tool.gatherscan.agent-options.dependency]\noffline = false\napplication = true\n"
    )
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "app")
    done = gatherscan(
        "scan", ".", "--agents", "tests.test_db_cli:OPTIONS_PROBE", "--format", "json", *flag,
        cwd=git_repo, cache=tmp_path / "cache", extra_env={"PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["result"]["options"] == {"offline": expected, "application": True}
