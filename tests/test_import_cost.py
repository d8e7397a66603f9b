"""A static scan of one small file must not pay for the heavy libraries (design.md, Layout).

Importing pydantic, the anthropic SDK, gitpython or PyYAML costs from tens of milliseconds to
over a second, more than the whole scan of a small file; each belongs to one module that only
the LLM engine, a git query or a YAML file loads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, git

HEAVY = ("pydantic", "pydantic_core", "anthropic", "git", "yaml")

# Runs `python -m analyzer ARGS` with an audit hook that logs every module imported for the
# first time. Not `-X importtime` alone: the static engines run in forked workers whose stderr
# is captured, and their imports count as much as the parent's.
DRIVER = """
import os, runpy, sys
log = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)

def record(event, args):
    if event == "import":
        os.write(log, (args[0] + "\\n").encode())

sys.addaudithook(record)
sys.argv = ["gatherscan", *sys.argv[2:]]
runpy.run_module("analyzer", run_name="__main__", alter_sys=True)
"""


def test_scanning_one_small_file_imports_none_of_the_heavy_libraries(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "app.py").write_text("import os\n\n\ndef home() -> str:\n    return os.getcwd()\n")
    git(git_repo, "add", "app.py")
    git(git_repo, "commit", "-q", "-m", "app")
    log = tmp_path / "imports.log"
    log.touch()
    command = [sys.executable, "-X", "importtime", "-c", DRIVER, str(log), "scan", "app.py", "--format", "json"]
    done = subprocess.run(command, cwd=git_repo, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    imported = set(log.read_text().split())
    # The log saw the command and the analysis itself, wherever the latter ran.
    assert {"analyzer.cli", "agents.security.checks"} <= imported
    heavy = sorted(name for name in imported if name.partition(".")[0] in HEAVY)
    assert heavy == []
    # The parent's own imports, as -X importtime reports them.
    parent = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "analyzer.cli" in parent
    assert not {name for name in parent if name.partition(".")[0] in HEAVY}


def test_the_driver_would_see_a_heavy_import(tmp_path: Path) -> None:
    """The check above is only as good as its log: importing yaml through the same hook is seen."""
    log = tmp_path / "imports.log"
    log.touch()
    driver = DRIVER.replace('runpy.run_module("analyzer", run_name="__main__", alter_sys=True)', "import yaml")
    subprocess.run([sys.executable, "-c", driver, str(log)], cwd=REPO_ROOT, check=True)
    assert "yaml" in log.read_text().split()
