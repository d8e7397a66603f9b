"""The incremental cache end to end: real scans through `gatherscan`, real git repositories, real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from analyzer.cache import repository_key
from tests.conftest import git

GATHERSCAN = str(Path(sys.executable).parent / "gatherscan")

RISKY = """\
import hashlib
import subprocess


def run(command):
    return subprocess.run(command, shell=True)


def digest(data):
    return hashlib.md5(data).hexdigest()  # gatherscan: ignore[SEC005] checksums of our own files


def render(rows):
    page = ""
    for row in rows:
        page += str(row)
    return page
"""

CLEAN = "def add(a, b):\n    return a + b\n"


def scan(repo: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [GATHERSCAN, "scan", ".", "--format", "json", *args], cwd=repo, capture_output=True, text=True, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def counts(report: dict[str, Any]) -> tuple[int, int]:
    stats = report["result"]["stats"]
    return stats["analysedFiles"], stats["cachedFiles"]


def issues(report: dict[str, Any]) -> list[Any]:
    found: list[Any] = report["result"]["issues"]
    return found


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "results").rglob("*.json"))


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "app.py").write_text(RISKY)
    (git_repo / "util.py").write_text(CLEAN)
    (git_repo / "broken.py").write_text("def broken(:\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "files")
    return git_repo


def test_a_second_scan_of_an_unchanged_tree_analyses_nothing_again(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = scan(repo, "--cache-dir", str(cache))
    # Two per-file agents (security, performance) see three Python files each.
    assert counts(cold) == (6, 0)
    warm = scan(repo, "--cache-dir", str(cache))
    assert counts(warm) == (0, 6)
    fresh = scan(repo, "--no-cache")
    assert issues(cold) == issues(warm) == issues(fresh)
    assert [i["properties"].get("suppressed") is not None for i in issues(warm)].count(True) == 1
    assert warm["result"]["skipped"] == fresh["result"]["skipped"] != []
    # Every counter but the cache's own is the same as a fresh scan's.
    without_cache = {k: v for k, v in warm["result"]["stats"].items() if k not in ("analysedFiles", "cachedFiles")}
    assert without_cache == fresh["result"]["stats"]
    assert {p.parent.parent.name for p in entries(cache)} == {repository_key(repo)}


def test_only_the_changed_file_is_analysed_again(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    scan(repo, "--cache-dir", str(cache))
    (repo / "util.py").write_text(CLEAN + "\n\ndef run(command):\n    import os\n    return os.system(command)\n")
    report = scan(repo, "--cache-dir", str(cache))
    assert counts(report) == (2, 4)
    assert issues(report) == issues(scan(repo, "--no-cache"))
    assert any(i["location"]["path"] == "util.py" for i in issues(report))


def test_a_configuration_change_analyses_everything_again(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    scan(repo, "--cache-dir", str(cache))
    (repo / ".gatherscan.yaml").write_text("require-suppression-reason: false\n")
    assert counts(scan(repo, "--cache-dir", str(cache))) == (6, 0)
    assert counts(scan(repo, "--cache-dir", str(cache))) == (0, 6)
    (repo / ".gatherscan.yaml").write_text("require-suppression-reason: false\nfail-on: low\n")
    # fail-on decides the exit code, not what an agent reports: the entries still hold.
    assert counts(scan(repo, "--cache-dir", str(cache))) == (0, 6)


def test_a_corrupt_entry_is_discarded_and_analysed_again(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = scan(repo, "--cache-dir", str(cache))
    stored = entries(cache)
    assert len(stored) == 6
    stored[0].write_text(stored[0].read_text()[:40])  # truncated
    stored[1].write_bytes(b"\x00\xff garbage")
    document = json.loads(stored[2].read_text())
    document["findings"] = [{"ruleId": "SEC999"}]  # a finding that is no finding
    stored[2].write_text(json.dumps(document))
    document = json.loads(stored[3].read_text())
    document["key"] = "0" * 64  # an entry filed under another key
    stored[3].write_text(json.dumps(document))
    report = scan(repo, "--cache-dir", str(cache))
    assert counts(report) == (4, 2)
    assert issues(report) == issues(cold)
    for path in entries(cache):
        document = json.loads(path.read_text())
        assert document["key"] == path.stem
    assert counts(scan(repo, "--cache-dir", str(cache))) == (0, 6)


def test_two_concurrent_scans_both_succeed_and_leave_a_valid_cache(git_repo: Path, tmp_path: Path) -> None:
    for index in range(40):
        (git_repo / f"module_{index}.py").write_text(RISKY.replace("def run", f"def run_{index}"))
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "many")
    cache = tmp_path / "cache"
    command = [GATHERSCAN, "scan", ".", "--format", "json", "--cache-dir", str(cache), "--jobs", "2"]
    runs = [subprocess.Popen(command, cwd=git_repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [1, 1], [err for _, err in outputs]
    first, second = (json.loads(out) for out, _ in outputs)
    assert issues(first) == issues(second)
    assert len(entries(cache)) == 80
    assert not [p for p in (cache / "results").rglob("*") if p.name.startswith(".tmp-")]
    warm = scan(git_repo, "--cache-dir", str(cache))
    assert counts(warm) == (0, 80)
    assert issues(warm) == issues(first)


def test_no_cache_neither_reads_nor_writes(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    report = scan(repo, "--cache-dir", str(cache), "--no-cache")
    assert "cachedFiles" not in report["result"]["stats"]
    assert not cache.exists()
    scan(repo, "--cache-dir", str(cache))
    assert "cachedFiles" not in scan(repo, "--cache-dir", str(cache), "--no-cache")["result"]["stats"]


def test_the_cache_folder_comes_from_the_configuration_or_the_environment(repo: Path, tmp_path: Path) -> None:
    (repo / ".gatherscan.yaml").write_text("cache-dir: .scan-cache\n")
    scan(repo)
    assert len(entries(repo / ".scan-cache")) == 6
    (repo / ".gatherscan.yaml").unlink()
    environment_cache = tmp_path / "from-env"
    done = subprocess.run(
        [GATHERSCAN, "scan", ".", "--format", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GATHERSCAN_CACHE_DIR": str(environment_cache)},
    )
    assert done.returncode == 1, done.stderr
    assert len(entries(environment_cache)) == 6
