from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.workspace import WorkspaceError, collect, glob_matches
from tests.conftest import git


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def test_plain_directory_skips_tool_and_build_folders(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "app/main.py", "app/build/keep_only_in_git.py", "node_modules/pkg/index.js", ".venv/lib/x.py",
        "env/bin/x.py", "build/lib/gen.py", "dist/x.py", "pkg.egg-info/PKG-INFO", ".mypy_cache/x.json",
        "app/__pycache__/main.cpython-311.pyc", "README.md",
    )  # fmt: skip
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    workspace = collect([tmp_path])
    assert workspace.root == tmp_path.resolve()
    assert workspace.files == ("README.md", "app/main.py")


def test_git_repository_honours_gitignore_and_keeps_untracked_files(git_repo: Path) -> None:
    _touch(git_repo, "src/app.py", "src/generated.py", "build/pkg/mod.py", "notes/todo.py", "logs/run.log")
    (git_repo / ".gitignore").write_text("src/generated.py\nlogs/\n")
    git(git_repo, "add", "src/app.py", ".gitignore")
    git(git_repo, "commit", "-qm", "init")
    workspace = collect([git_repo])
    # build/ is not ignored by this repository's .gitignore, so inside git it is scanned.
    assert workspace.files == (".gitignore", "build/pkg/mod.py", "notes/todo.py", "src/app.py")


def test_subdirectory_of_a_repository_reports_repo_relative_paths(git_repo: Path) -> None:
    _touch(git_repo, "src/app.py", "tests/test_app.py")
    workspace = collect([git_repo / "src"])
    assert workspace.root == git_repo.resolve()
    assert workspace.files == ("src/app.py",)


def test_explicit_files_are_scanned_but_config_excludes_still_hold(git_repo: Path) -> None:
    _touch(git_repo, "src/app.py", "tests/test_app.py")
    workspace = collect([git_repo / "src/app.py", git_repo / "tests/test_app.py"], exclude=["tests/**"])
    assert workspace.explicit
    assert workspace.files == ("src/app.py",)


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    _touch(tmp_path, "src/a.py", "src/b.txt", "src/gen/c.py", "docs/d.py")
    workspace = collect([tmp_path], include=["src/**"], exclude=["gen"])
    assert workspace.files == ("src/a.py", "src/b.txt")


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="does not exist"):
        collect([tmp_path / "nope"])


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.py", "a/b.py", True),
        ("tests", "x/tests/a.py", True),
        ("tests/", "tests/a.py", True),
        ("tests/**", "tests/a/b.py", True),
        ("src/*.py", "src/a/b.py", False),
        ("src/**/*.py", "src/b.py", True),
        ("src/**/*.py", "src/a/b/c.py", True),
        ("docs", "src/docs.py", False),
        ("test_?.py", "t/test_1.py", True),
        ("[ab].py", "c.py", False),
        ("", "a.py", False),
    ],
)
def test_glob_semantics(pattern: str, path: str, expected: bool) -> None:
    assert glob_matches(pattern, path) is expected


def test_a_named_directory_that_git_ignores_is_scanned_as_a_plain_directory(git_repo: Path) -> None:
    _touch(git_repo, "src/app.py", "versions/3.11/lib/os.py", "versions/3.11/lib/build/x.py")
    (git_repo / ".gitignore").write_text("versions/\n")
    assert collect([git_repo]).files == (".gitignore", "src/app.py")
    workspace = collect([git_repo / "versions" / "3.11"])
    assert workspace.root == (git_repo / "versions" / "3.11").resolve()
    assert workspace.files == ("lib/os.py",)
