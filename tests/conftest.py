from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# Resolved: the store records where it read from as a resolved path, and ../shared may be a symlink.
SHARED = (REPO_ROOT.parent / "shared").resolve()


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(cwd),
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Iterator[Path]:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    yield repo


@pytest.fixture(autouse=True)
def no_vulnerability_service(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test starts with an empty cache and an OSV API that refuses connections on 127.0.0.1.

    A scan checks vulnerabilities by default; without this, a test that scans a manifest would try
    api.osv.dev. Tests that want data start their own server (tests/osv_server.py) and point at it.
    The settings travel through the environment, so `gatherscan` subprocesses get them too.
    """
    unused = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    unused.bind(("127.0.0.1", 0))
    port = unused.getsockname()[1]
    unused.close()  # nothing listens on it now: a connection is refused at once
    monkeypatch.setenv("GATHERSCAN_OSV_API_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("GATHERSCAN_OSV_EXPORT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("GATHERSCAN_CACHE_DIR", str(tmp_path_factory.mktemp("gatherscan-cache")))
