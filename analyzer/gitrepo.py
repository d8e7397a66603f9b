"""The only module that imports gitpython: what git knows about a working tree.

gitpython costs ~80 ms to import, so it is imported only when a directory inside a git
repository is scanned, never for explicitly named files.
"""

from __future__ import annotations

from pathlib import Path


class GitError(Exception):
    pass


def list_unignored_files(repo_root: Path) -> list[str]:
    """Tracked files plus untracked ones that .gitignore does not exclude, repo-relative POSIX."""
    import git

    try:
        repo = git.Repo(repo_root)
        output: str = repo.git.ls_files("--cached", "--others", "--exclude-standard", "-z")
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise GitError(f"cannot list files of the git repository at {repo_root}: {exc}") from exc
    return sorted({entry for entry in output.split("\0") if entry})


def is_ignored(repo_root: Path, path: Path) -> bool:
    """Whether git ignores `path` (a file or directory inside the working tree of `repo_root`)."""
    import git

    try:
        repo = git.Repo(repo_root)
        repo.git.check_ignore("-q", str(path))
    except git.exc.GitCommandError:
        return False  # exit status 1: not ignored (or not checkable, which we treat the same)
    except (git.exc.GitError, OSError, ValueError):
        return False
    return True
