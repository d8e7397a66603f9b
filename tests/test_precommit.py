"""The pre-commit hook (.pre-commit-hooks.yaml), run by real pre-commit in real git repositories.

The hook is installed from a clone of this repository's HEAD (so uncommitted changes in the working
tree do not matter), by pre-commit itself: it creates its own virtualenv and pip-installs gatherscan
and its dependencies (the package registry must be reachable). PRE_COMMIT_HOME is shared by the
whole test session, so that install happens once (about 15 s); every later run reuses it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agents.base import BUILTIN_AGENTS, load_agent
from agents.dependency.manifests import MANIFEST_PATTERNS
from analyzer.dataformats import parse_yaml
from tests.conftest import REPO_ROOT, git

PRE_COMMIT = str(Path(sys.executable).parent / "pre-commit")

VULNERABLE = """\
import subprocess


def run(command):
    return subprocess.run(command, shell=True)
"""

CLEAN = """\
def add(a, b):
    return a + b
"""


@dataclass(frozen=True)
class HookSource:
    checkout: Path
    rev: str
    home: Path


def hook_definition() -> dict[str, Any]:
    hooks = parse_yaml((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert isinstance(hook, dict)
    return hook


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> HookSource:
    base = tmp_path_factory.mktemp("pre-commit")
    checkout = base / "gatherscan"
    git(base, "clone", "-q", str(REPO_ROOT), str(checkout))
    if not (checkout / ".pre-commit-hooks.yaml").is_file():
        pytest.fail(".pre-commit-hooks.yaml is not committed: the hook is installed from HEAD")
    return HookSource(checkout=checkout, rev=git(checkout, "rev-parse", "HEAD").strip(), home=base / "home")


def use_hook(repo: Path, source: HookSource, args: tuple[str, ...] = ()) -> None:
    hook_args = f"\n    args: [{', '.join(args)}]" if args else ""
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {source.checkout}\n  rev: {source.rev}\n  hooks:\n  - id: gatherscan{hook_args}\n"
    )
    git(repo, "add", ".pre-commit-config.yaml")


def pre_commit(repo: Path, source: HookSource, *args: str) -> subprocess.CompletedProcess[str]:
    # The environment keeps conftest's GATHERSCAN_OSV_API_URL (a refused port): the hook never reaches OSV.
    env = {**os.environ, "PRE_COMMIT_HOME": str(source.home)}
    return subprocess.run(
        [PRE_COMMIT, "run", "--color", "never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def stage(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        git(repo, "add", name)


def test_hook_definition() -> None:
    hook = hook_definition()
    assert hook["id"] == "gatherscan"
    assert hook["language"] == "python"
    assert hook["entry"] == "gatherscan scan"
    assert hook["require_serial"] is True
    assert hook.get("pass_filenames", True) is True


def test_hook_files_pattern_selects_what_the_agents_read() -> None:
    pattern = re.compile(hook_definition()["files"])
    agents = [load_agent(ref) for ref in BUILTIN_AGENTS]
    from_manifests = [p.replace("*", "x") for p in MANIFEST_PATTERNS]
    samples = [
        *from_manifests,
        *(f"sub/dir/{p}" for p in from_manifests),
        *(p.upper() for p in from_manifests),
        "app/main.py", "gui.pyw", "setup.py", "stubs/x.pyi", "main.pyc", "README.md", "package.json",
        "go.sum", "Pipfile", "notpyproject.toml", "pyproject.toml.bak", "requirements.txt.orig",
        "docs/requirements.md", "requirements/nested/x.txt", "pylock.toml", "pylock.dev.toml", "dev-requirements.in",
    ]  # fmt: skip
    disagreements = [
        path for path in samples if bool(pattern.search(path)) != any(agent.wants(path) for agent in agents)
    ]
    assert disagreements == []


def test_hook_blocks_a_high_severity_finding_and_passes_clean_code(git_repo: Path, hook_source: HookSource) -> None:
    use_hook(git_repo, hook_source)
    stage(git_repo, {"app/bad.py": VULNERABLE, "notes.txt": "not scanned\n"})
    result = pre_commit(git_repo, hook_source)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "- hook id: gatherscan" in out
    assert "SEC002" in out and "app/bad.py:5:12" in out
    assert "subprocess.run(command, shell=True)" in out

    stage(git_repo, {"app/bad.py": CLEAN})
    result = pre_commit(git_repo, hook_source)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^gatherscan\.+Passed$", result.stdout, re.MULTILINE)


def test_configured_exclude_holds_for_files_passed_by_name(git_repo: Path, hook_source: HookSource) -> None:
    use_hook(git_repo, hook_source)
    stage(git_repo, {".gatherscan.yaml": "exclude: ['vendor/**']\n", "vendor/gen.py": VULNERABLE})
    result = pre_commit(git_repo, hook_source, "--files", "vendor/gen.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "vendor/gen.py" not in result.stdout

    stage(git_repo, {"app/bad.py": VULNERABLE})
    result = pre_commit(git_repo, hook_source, "--files", "vendor/gen.py", "app/bad.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app/bad.py:5:12" in result.stdout
    assert "vendor/gen.py" not in result.stdout


def test_dependency_agent_runs_on_a_staged_manifest(git_repo: Path, hook_source: HookSource) -> None:
    use_hook(git_repo, hook_source, args=("--fail-on", "high"))
    stage(git_repo, {"requirements.txt": "--index-url http://pypi.internal.example/simple\nrequests\n"})
    result = pre_commit(git_repo, hook_source)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DEP004" in result.stdout and "requirements.txt:1" in result.stdout
    assert "DEP001" in result.stdout  # requests has no version constraint
