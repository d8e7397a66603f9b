"""Baselines end to end: `gatherscan baseline write` and `scan --baseline` on real git repositories."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git

GATHERSCAN = str(Path(sys.executable).parent / "gatherscan")

APP = """\
import hashlib
import subprocess


def run(command):
    return subprocess.run(command, shell=True)


def digest(data):
    return hashlib.md5(data).hexdigest()
"""

# Built at run time so this file holds no literal token.
SECRET = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5"


def gatherscan(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GATHERSCAN, *args], cwd=repo, capture_output=True, text=True, check=False)


def scan_json(repo: Path, *args: str) -> tuple[int, dict[str, Any]]:
    done = gatherscan(repo, "scan", ".", "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def commit_all(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def app_repo(git_repo: Path) -> Path:
    (git_repo / "app.py").write_text(APP)
    commit_all(git_repo, "app")
    done = gatherscan(git_repo, "baseline", "write", "baseline.json", ".")
    assert done.returncode == 0, done.stderr
    assert "baseline baseline.json: 2 findings" in done.stdout
    return git_repo


def test_the_baseline_file_is_sorted_versioned_json_with_one_entry_per_line(app_repo: Path) -> None:
    text = (app_repo / "baseline.json").read_text()
    data = json.loads(text)
    assert data["version"] == 1 and data["tool"] == "gatherscan"
    entries = data["findings"]
    assert [e["ruleId"] for e in entries] == ["SEC002", "SEC005"]
    assert all(set(e) == {"fingerprint", "path", "ruleId"} and e["path"] == "app.py" for e in entries)
    entry_lines = [line for line in text.splitlines() if '"fingerprint"' in line]
    assert len(entry_lines) == 2
    # Writing again from the same tree gives the same bytes: a baseline diffs cleanly.
    assert gatherscan(app_repo, "baseline", "write", "again.json", "app.py").returncode == 0
    assert (app_repo / "again.json").read_text() == text


def test_known_findings_do_not_fail_the_scan_and_are_summarised(app_repo: Path) -> None:
    plain = gatherscan(app_repo, "scan", "app.py")
    assert plain.returncode == 1
    done = gatherscan(app_repo, "scan", "app.py", "--baseline", "baseline.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No new findings." in done.stdout
    assert "Baseline baseline.json: 2 known findings not listed (SEC002 1, SEC005 1); 0 new; 0 fixed" in done.stdout
    assert "app.py:" not in done.stdout
    code, report = scan_json(app_repo, "--baseline", "baseline.json")
    assert code == 0
    assert report["baseline"] == {
        "file": "baseline.json",
        "known": 2,
        "new": 0,
        "fixed": 0,
        "knownByRule": {"SEC002": 1, "SEC005": 1},
    }
    assert {issue["properties"]["baselineState"] for issue in report["result"]["issues"]} == {"unchanged"}
    markdown = gatherscan(app_repo, "scan", "app.py", "--baseline", "baseline.json", "--format", "markdown")
    assert markdown.returncode == 0 and "2 known findings not listed" in markdown.stdout


def test_matching_survives_inserted_lines_and_unrelated_edits(app_repo: Path) -> None:
    text = APP.replace("import hashlib\n", '"""A module."""\n\nimport hashlib\nimport os\n\n\nCOUNT = 3\n')
    text = text.replace("def digest(data):", "def unrelated():\n    return os.getcwd()\n\n\ndef digest(data):")
    text = text.replace("    return subprocess.run", "    command = command.strip()\n    return subprocess.run")
    (app_repo / "app.py").write_text(text)
    code, report = scan_json(app_repo, "--baseline", "baseline.json")
    assert code == 0
    assert report["baseline"]["known"] == 2 and report["baseline"]["new"] == 0
    lines = sorted(issue["location"]["line"] for issue in report["result"]["issues"])
    assert lines != [6, 10]  # they did move


def test_a_second_identical_finding_in_the_same_file_is_new(app_repo: Path) -> None:
    (app_repo / "app.py").write_text(
        APP + "\n\ndef run_again(command):\n    return subprocess.run(command, shell=True)\n"
    )
    done = gatherscan(app_repo, "scan", ".", "--baseline", "baseline.json")
    assert done.returncode == 1
    assert "1 new finding (1 high), 2 known (baseline)" in done.stdout
    assert "app.py:14" in done.stdout and "app.py:6" not in done.stdout
    code, report = scan_json(app_repo, "--baseline", "baseline.json")
    assert code == 1
    assert report["baseline"]["new"] == 1 and report["baseline"]["known"] == 2
    states = {issue["location"]["line"]: issue["properties"]["baselineState"] for issue in report["result"]["issues"]}
    assert states == {6: "unchanged", 10: "unchanged", 14: "new"}


def test_a_finding_that_is_gone_counts_as_fixed(app_repo: Path) -> None:
    (app_repo / "app.py").write_text(APP.replace("hashlib.md5(data)", "hashlib.sha256(data)"))
    code, report = scan_json(app_repo, "--baseline", "baseline.json")
    assert code == 0
    assert (report["baseline"]["known"], report["baseline"]["new"], report["baseline"]["fixed"]) == (1, 0, 1)


def test_sarif_marks_results_new_or_unchanged(app_repo: Path) -> None:
    (app_repo / "app.py").write_text(APP + "\n\ndef weak(data):\n    return hashlib.sha1(data).hexdigest()\n")
    done = gatherscan(app_repo, "scan", ".", "--baseline", "baseline.json", "--format", "sarif", "--fail-on", "medium")
    assert done.returncode == 1, done.stderr
    results = [r for run in json.loads(done.stdout)["runs"] for r in run["results"]]
    states = sorted(
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r["baselineState"]) for r in results
    )
    assert states == [("SEC002", 6, "unchanged"), ("SEC005", 10, "unchanged"), ("SEC005", 14, "new")]


def test_a_secret_is_in_the_baseline_only_hashed(git_repo: Path) -> None:
    (git_repo / "settings.py").write_text(f'GITHUB_TOKEN = "{SECRET}"\n')
    commit_all(git_repo)
    assert gatherscan(git_repo, "scan", ".").returncode == 1
    done = gatherscan(git_repo, "baseline", "write", "baseline.json")
    assert done.returncode == 0, done.stderr
    text = (git_repo / "baseline.json").read_text()
    assert SECRET not in text and SECRET[4:] not in text and SECRET[-8:] not in text
    (entry,) = json.loads(text)["findings"]
    assert entry["path"] == "settings.py" and entry["ruleId"].startswith("SEC")
    assert gatherscan(git_repo, "scan", ".", "--baseline", "baseline.json").returncode == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"version": 2, "findings": []}', "unsupported version 2"),
        ("[]", "must be a JSON object, not list"),
        ('{"version": 1, "findings": {}}', "findings: must be a list"),
        ('{"version": 1, "findings": [{"path": "a.py"}]}', "findings[0]: must have exactly the keys"),
        ('{"version": 1, "findings": [], "extra": 1}', "unknown key(s): extra"),
    ],
)
def test_a_malformed_baseline_stops_the_scan_with_exit_2(app_repo: Path, content: str, reason: str) -> None:
    (app_repo / "bad.json").write_text(content)
    done = gatherscan(app_repo, "scan", ".", "--baseline", "bad.json")
    assert done.returncode == 2
    assert done.stderr.startswith("gatherscan: error: baseline bad.json: ")
    assert reason in done.stderr
    assert done.stdout == ""


def test_a_missing_baseline_file_is_exit_2(app_repo: Path) -> None:
    done = gatherscan(app_repo, "scan", ".", "--baseline", "nowhere.json")
    assert done.returncode == 2
    assert "baseline nowhere.json: cannot read: No such file or directory" in done.stderr
