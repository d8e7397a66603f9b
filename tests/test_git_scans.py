"""`gatherscan scan --staged` and `--diff BASE` on real git repositories in temp dirs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyzer.diffscope import DiffScope, parse_added_lines, unquote_path
from tests.conftest import git
from tests.test_cli import gatherscan

SHELL = "import subprocess\n\n\ndef run(command):\n    return subprocess.run(command, shell=True)\n"
FIXED = "import subprocess\n\n\ndef run(command):\n    return subprocess.run(command)\n"
MD5 = "\n\ndef digest(data):\n    import hashlib\n\n    return hashlib.md5(data).hexdigest()\n"
NO_VULNERABILITY_CHECK = "agent-options:\n  dependency:\n    vulnerabilities: false\n"


def run_json(repo: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = gatherscan("scan", "--format", "json", *args, cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def found(report: dict[str, Any]) -> list[tuple[str, str, int]]:
    return sorted((i["ruleId"], i["location"]["path"], i["location"]["line"]) for i in report["result"]["issues"])


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


# --staged


def test_staged_scans_the_index_content_not_the_working_tree(git_repo: Path) -> None:
    (git_repo / "app.py").write_text(SHELL)
    git(git_repo, "add", "app.py")
    (git_repo / "app.py").write_text(FIXED)  # fixed in the working tree, still vulnerable in the index
    code, report = run_json(git_repo, "--staged")
    assert code == 1
    assert found(report) == [("SEC002", "app.py", 5)]
    assert report["result"]["issues"][0]["snippet"] == "subprocess.run(command, shell=True)"
    # The plain scan reads the working tree and finds nothing.
    plain = gatherscan("scan", ".", "--format", "json", cwd=git_repo)
    assert plain.returncode == 0 and json.loads(plain.stdout)["result"]["issues"] == []


def test_staged_fixed_but_working_tree_vulnerable_is_clean(git_repo: Path) -> None:
    (git_repo / "app.py").write_text(FIXED)
    git(git_repo, "add", "app.py")
    (git_repo / "app.py").write_text(SHELL)
    code, report = run_json(git_repo, "--staged")
    assert code == 0
    assert found(report) == []
    assert report["result"]["filesScanned"] >= 1


def test_staged_scans_only_staged_files(git_repo: Path) -> None:
    (git_repo / "old.py").write_text(SHELL)
    commit_all(git_repo, "old")
    (git_repo / "new.py").write_text(SHELL)
    (git_repo / "untracked.py").write_text(SHELL)
    git(git_repo, "add", "new.py")
    _, report = run_json(git_repo, "--staged")
    assert found(report) == [("SEC002", "new.py", 5)]


def test_staged_rename_is_scanned_under_the_new_name(git_repo: Path) -> None:
    (git_repo / "old_name.py").write_text(SHELL)
    commit_all(git_repo, "first")
    git(git_repo, "mv", "old_name.py", "new_name.py")
    assert git(git_repo, "diff", "--cached", "--name-status", "-M").startswith("R100")
    code, report = run_json(git_repo, "--staged")
    assert code == 1
    assert found(report) == [("SEC002", "new_name.py", 5)]


def test_staged_deletion_and_binary_file(git_repo: Path) -> None:
    (git_repo / "gone.py").write_text(SHELL)
    commit_all(git_repo, "first")
    git(git_repo, "rm", "-q", "gone.py")
    (git_repo / "blob.py").write_bytes(b"\x00\x01binary\x00" * 10)
    git(git_repo, "add", "blob.py")
    code, report = run_json(git_repo, "--staged")
    assert code == 0
    assert found(report) == []
    skipped = {s["path"]: s["reason"] for s in report["result"]["skipped"]}
    assert "gone.py" not in skipped
    assert "binary" in skipped["blob.py"]


def test_nothing_staged_is_a_clean_empty_scan(git_repo: Path) -> None:
    (git_repo / "app.py").write_text(SHELL)
    commit_all(git_repo, "first")
    (git_repo / "app.py").write_text(SHELL + MD5)  # changed, not staged
    code, report = run_json(git_repo, "--staged")
    assert code == 0
    assert found(report) == []
    assert report["result"]["filesScanned"] == 0


def test_staged_in_a_repository_with_no_commits(git_repo: Path) -> None:
    (git_repo / "pkg").mkdir()
    (git_repo / "pkg" / "app.py").write_text(SHELL)
    (git_repo / "notes.py").write_text(SHELL)
    git(git_repo, "add", "pkg/app.py")
    code, report = run_json(git_repo, "--staged")
    assert code == 1
    assert found(report) == [("SEC002", "pkg/app.py", 5)]


def test_staged_on_a_detached_head(git_repo: Path) -> None:
    (git_repo / "app.py").write_text(FIXED)
    commit_all(git_repo, "first")
    git(git_repo, "checkout", "-q", "--detach", "HEAD")
    (git_repo / "app.py").write_text(SHELL)
    git(git_repo, "add", "app.py")
    code, report = run_json(git_repo, "--staged")
    assert code == 1
    assert found(report) == [("SEC002", "app.py", 5)]


def test_staged_honours_paths_and_excludes(git_repo: Path) -> None:
    (git_repo / ".gatherscan.yaml").write_text('exclude: ["vendor/**"]\n')
    for folder in ("src", "vendor", "other"):
        (git_repo / folder).mkdir()
        (git_repo / folder / "app.py").write_text(SHELL)
    git(git_repo, "add", "-A")
    _, report = run_json(git_repo, "--staged")
    assert found(report) == [("SEC002", "other/app.py", 5), ("SEC002", "src/app.py", 5)]
    _, report = run_json(git_repo, "--staged", "src")
    assert found(report) == [("SEC002", "src/app.py", 5)]


def test_staged_requirements_read_their_includes_from_the_index(git_repo: Path) -> None:
    (git_repo / ".gatherscan.yaml").write_text(NO_VULNERABILITY_CHECK)
    (git_repo / "base.txt").write_text("flask==3.0.0\n")
    commit_all(git_repo, "base")
    (git_repo / "requirements.txt").write_text("-r base.txt\nrequests\n")
    git(git_repo, "add", "requirements.txt")
    (git_repo / "requirements.txt").write_text("requests==2.32.3\n")  # the working tree differs
    _, report = run_json(git_repo, "--staged", "--agents", "dependency")
    assert ("DEP001", "requirements.txt", 2) in found(report)
    names = {d["name"] for d in report["result"]["dependencies"]}
    assert {"flask", "requests"} <= names
    assert report["result"].get("skipped", []) == []


# --diff BASE


def feature_branch(repo: Path) -> None:
    (repo / "app.py").write_text(SHELL)
    commit_all(repo, "main")
    git(repo, "checkout", "-q", "-b", "feature")


def test_diff_reports_only_findings_on_changed_lines(git_repo: Path) -> None:
    feature_branch(git_repo)
    (git_repo / "app.py").write_text(SHELL + MD5)
    commit_all(git_repo, "feature")
    git(git_repo, "checkout", "-q", "main")
    (git_repo / "main_only.py").write_text(SHELL)  # main moved on: not part of the feature's diff
    commit_all(git_repo, "main moves on")
    git(git_repo, "checkout", "-q", "feature")
    code, report = run_json(git_repo, "--diff", "main")
    assert found(report) == [("SEC005", "app.py", 11)]
    assert code == 0  # the new finding is medium; the old high one is not reported
    assert report["result"]["stats"]["outsideDiff"] == 1
    assert any("1 finding on lines unchanged since main" in note for note in report["result"]["notes"])
    # Uncommitted changes count too: the working tree is compared with the merge-base.
    (git_repo / "app.py").write_text(
        SHELL + MD5 + "\n\ndef again(command):\n    return run(command) or eval(command)\n"
    )
    _, report = run_json(git_repo, "--diff", "main")
    assert found(report) == [("SEC001", "app.py", 15), ("SEC005", "app.py", 11)]


def test_diff_covers_a_changed_line_of_a_multi_line_statement(git_repo: Path) -> None:
    (git_repo / "app.py").write_text(
        "import subprocess\n\n\ndef run(command):\n    return subprocess.run(\n        command,\n    )\n"
    )
    commit_all(git_repo, "main")
    git(git_repo, "checkout", "-q", "-b", "feature")
    (git_repo / "app.py").write_text(
        "import subprocess\n\n\ndef run(command):\n    return subprocess.run(\n"
        "        command,\n        shell=True,\n    )\n"
    )
    _, report = run_json(git_repo, "--diff", "main")
    assert found(report) == [("SEC002", "app.py", 5)]


def test_diff_follows_renames_and_reports_untracked_files_whole(git_repo: Path) -> None:
    feature_branch(git_repo)
    git(git_repo, "mv", "app.py", "renamed.py")
    with (git_repo / "renamed.py").open("a") as handle:
        handle.write(MD5)
    commit_all(git_repo, "rename and extend")
    (git_repo / "scratch.py").write_text(SHELL)  # untracked, not ignored: every line is new
    (git_repo / ".gitignore").write_text("ignored.py\n")
    (git_repo / "ignored.py").write_text(SHELL)
    _, report = run_json(git_repo, "--diff", "main")
    assert found(report) == [("SEC002", "scratch.py", 5), ("SEC005", "renamed.py", 11)]


def test_diff_on_deleted_and_binary_files(git_repo: Path) -> None:
    feature_branch(git_repo)
    git(git_repo, "rm", "-q", "app.py")
    (git_repo / "data.bin").write_bytes(b"\x00\xff" * 50)
    commit_all(git_repo, "delete and add binary")
    code, report = run_json(git_repo, "--diff", "main")
    assert code == 0
    assert found(report) == []


def test_diff_reports_only_dependencies_added_or_changed(git_repo: Path) -> None:
    (git_repo / ".gatherscan.yaml").write_text(NO_VULNERABILITY_CHECK)
    (git_repo / "requirements.txt").write_text("requests\nflask\n")
    commit_all(git_repo, "main")
    git(git_repo, "checkout", "-q", "-b", "feature")
    (git_repo / "requirements.txt").write_text("requests\nflask>=2.0\ndjango\n")
    _, report = run_json(git_repo, "--diff", "main", "--agents", "dependency")
    rules = found(report)
    assert {line for _, _, line in rules} == {2, 3}
    assert all(path == "requirements.txt" for _, path, _ in rules)
    assert report["result"]["stats"]["outsideDiff"] >= 1  # requests, unchanged, still unpinned


def test_diff_on_a_detached_head(git_repo: Path) -> None:
    feature_branch(git_repo)
    (git_repo / "app.py").write_text(SHELL + MD5)
    commit_all(git_repo, "feature")
    git(git_repo, "checkout", "-q", "--detach", "feature")
    _, report = run_json(git_repo, "--diff", "main")
    assert found(report) == [("SEC005", "app.py", 11)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--diff", "no-such-branch"), "unknown revision 'no-such-branch'"),
        (("--diff", "--exec=x"), "unknown revision"),
        (("--staged", "--diff", "main"), "cannot be used together"),
    ],
)
def test_usage_problems_exit_2(git_repo: Path, args: tuple[str, ...], message: str) -> None:
    feature_branch(git_repo)
    result = gatherscan("scan", *args, cwd=git_repo)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_diff_without_commits_and_outside_a_repository_exit_2(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "app.py").write_text(SHELL)
    result = gatherscan("scan", "--diff", "main", cwd=git_repo)
    assert result.returncode == 2
    assert "gatherscan: error: --diff: unknown revision 'main'" in result.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    for option in (("--staged",), ("--diff", "main")):
        result = gatherscan("scan", *option, cwd=plain)
        assert result.returncode == 2
        assert "needs a git repository" in result.stderr and "is not inside a git repository" in result.stderr


# The pure part: reading `git diff -U0`.


def test_parse_added_lines_reads_hunks_renames_and_quoted_names() -> None:
    diff = (
        "diff --git a/a.py b/a.py\nindex 1..2 100644\n--- a/a.py\n+++ b/a.py\n"
        "@@ -3 +3,2 @@\n-x\n+y\n+z\n@@ -10,2 +11,0 @@\n-gone\n-gone\n@@ -20 +20 @@\n-p\n+q\n"
        "diff --git a/old.py b/new.py\nsimilarity index 90%\nrename from old.py\nrename to new.py\n"
        "--- a/old.py\n+++ b/new.py\n@@ -1,0 +2,3 @@\n+a\n+b\n+c\n"
        'diff --git "a/t\\303\\251st \\"q\\".py" "b/t\\303\\251st \\"q\\".py"\n'
        '--- "a/t\\303\\251st \\"q\\".py"\n+++ "b/t\\303\\251st \\"q\\".py"\n@@ -0,0 +1 @@\n+new\n'
        "diff --git a/deleted.py b/deleted.py\ndeleted file mode 100644\n--- a/deleted.py\n+++ /dev/null\n"
        "@@ -1 +0,0 @@\n-old\n"
        "diff --git a/img.png b/img.png\nBinary files a/img.png and b/img.png differ\n"
    )
    added = parse_added_lines(diff)
    assert added == {"a.py": [(3, 4), (20, 20)], "new.py": [(2, 4)], 'tést "q".py': [(1, 1)]}
    assert unquote_path("plain.py") == "plain.py"
    assert unquote_path('"tab\\there"') == "tab\there"


def test_diff_scope_covers_overlapping_ranges() -> None:
    scope = DiffScope(
        base="main", merge_base="0" * 40, added={"a.py": [(3, 4), (20, 20)]}, whole_files=frozenset({"n"})
    )
    assert scope.covers("a.py", 3) and scope.covers("a.py", 4) and scope.covers("a.py", 20)
    assert not scope.covers("a.py", 2) and not scope.covers("a.py", 5) and not scope.covers("a.py", 21)
    assert scope.covers("a.py", 1, 3) and scope.covers("a.py", 18, 25) and not scope.covers("a.py", 5, 19)
    assert scope.covers("n", 999) and not scope.covers("other.py", 1)
