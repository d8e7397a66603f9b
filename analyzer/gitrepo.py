"""The only module that imports gitpython: what git knows about a working tree.

gitpython costs ~80 ms to import, so it is imported only when a directory inside a git
repository is scanned, never for explicitly named files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git


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


class UnknownRevision(GitError):
    pass


# Every diff is asked for in one fixed shape, whatever the user's git configuration says
# (diff.noprefix, diff.mnemonicPrefix, diff.relative, external diff drivers, textconv, colour).
_DIFF_SHAPE = ("--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/")


def top_level(path: Path) -> Path:
    """The top level of the working tree that contains `path`; GitError when there is none."""
    import git

    start = path if path.is_dir() else path.parent
    try:
        repo = git.Repo(start, search_parent_directories=True)
        if repo.bare or repo.working_tree_dir is None:
            raise GitError(f"{path} is in a bare git repository, which has no working tree")
        return Path(repo.working_tree_dir).resolve()
    except (git.exc.InvalidGitRepositoryError, git.exc.NoSuchPathError) as exc:
        raise GitError(f"{path} is not inside a git repository") from exc
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise GitError(f"cannot open the git repository at {path}: {exc}") from exc


def _split_name_status(output: str) -> list[tuple[str, str]]:
    """(status letter, path) from `--name-status -z` output; renames and copies give their new path."""
    fields = output.split("\0")
    entries: list[tuple[str, str]] = []
    i = 0
    while i < len(fields):
        status = fields[i]
        if not status:
            i += 1
            continue
        letter = status[0]
        if letter in "RC":
            if i + 2 < len(fields):
                entries.append((letter, fields[i + 2]))
            i += 3
        else:
            if i + 1 < len(fields):
                entries.append((letter, fields[i + 1]))
            i += 2
    return entries


def staged_files(repo_root: Path) -> list[str]:
    """Repo-relative paths whose index content differs from HEAD (added, copied, modified, renamed,
    type-changed; not deleted). In a repository with no commits yet, everything staged is new."""
    import git

    try:
        repo = git.Repo(repo_root)
        output: str = repo.git.diff("--cached", "--name-status", "-z", "-M", "--diff-filter=ACMRT", *_DIFF_SHAPE)
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise GitError(f"cannot list the staged files of {repo_root}: {exc}") from exc
    return sorted({path for _, path in _split_name_status(output)})


def export_index(repo_root: Path, paths: Iterable[str], destination: Path) -> list[str]:
    """Write the index (staged) content of the regular files among `paths` below `destination`, at the
    same relative paths; returns the paths written. Symlinks, submodules and unmerged entries are left out."""
    import tempfile

    import git

    wanted = set(paths)
    if not wanted:
        return []
    try:
        repo = git.Repo(repo_root)
        listing: str = repo.git.ls_files("--stage", "-z")
        regular = []
        for entry in listing.split("\0"):
            meta, _, path = entry.partition("\t")
            parts = meta.split()
            if path in wanted and len(parts) == 3 and parts[0] in ("100644", "100755") and parts[2] == "0":
                regular.append(path)
        regular = sorted(set(regular))
        if regular:
            prefix = str(destination.resolve()) + "/"
            with tempfile.TemporaryFile() as names:
                names.write(b"".join(p.encode("utf-8", errors="surrogateescape") + b"\0" for p in regular))
                names.seek(0)
                repo.git.checkout_index("--force", "-z", "--stdin", f"--prefix={prefix}", istream=names)
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise GitError(f"cannot export the staged files of {repo_root}: {exc}") from exc
    return regular


def index_files(repo_root: Path) -> list[str]:
    """Every path in the index, repo-relative POSIX."""
    import git

    try:
        output: str = git.Repo(repo_root).git.ls_files("--cached", "-z")
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise GitError(f"cannot list the index of {repo_root}: {exc}") from exc
    return sorted({entry for entry in output.split("\0") if entry})


def merge_base(repo_root: Path, base: str) -> str:
    """The commit id of the merge-base of `base` and HEAD. UnknownRevision when `base` names no commit
    or HEAD has none yet; GitError when the two share no history."""
    import git

    try:
        repo = git.Repo(repo_root)
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise GitError(f"cannot open the git repository at {repo_root}: {exc}") from exc
    if base.startswith("-"):
        raise UnknownRevision(f"unknown revision {base!r}: not a commit in {repo_root}")
    checks = {
        base: f"unknown revision {base!r}: not a commit in {repo_root}",
        "HEAD": f"HEAD has no commit yet in {repo_root}: nothing to compare {base!r} with",
    }
    for name, problem in checks.items():
        if not _is_commit(repo, name):
            raise UnknownRevision(problem)
    try:
        found: str = repo.git.merge_base(base, "HEAD")
    except git.exc.GitCommandError as exc:
        raise GitError(f"{base!r} and HEAD have no common ancestor in {repo_root}") from exc
    return found.strip()


def _is_commit(repo: git.Repo, name: str) -> bool:
    import git

    try:
        repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    except git.exc.GitCommandError:
        return False
    return True


def changed_since(repo_root: Path, commit: str) -> tuple[list[str], str]:
    """Files of the working tree changed since `commit` (not deleted; renames under their new name) and
    the zero-context unified diff (`-U0`) of those changes, as git prints it."""
    import git

    shape = ("-M", "--diff-filter=ACMRT", *_DIFF_SHAPE, commit, "--")
    try:
        repo = git.Repo(repo_root)
        names: str = repo.git.diff("--name-status", "-z", *shape)
        patch: str = repo.git.diff("-U0", *shape, strip_newline_in_stdout=False)
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise GitError(f"cannot compute the changes of {repo_root} since {commit}: {exc}") from exc
    return sorted({path for _, path in _split_name_status(names)}), patch


def untracked_files(repo_root: Path) -> list[str]:
    """Untracked files that .gitignore does not exclude."""
    import git

    try:
        output: str = git.Repo(repo_root).git.ls_files("--others", "--exclude-standard", "-z")
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise GitError(f"cannot list the untracked files of {repo_root}: {exc}") from exc
    return sorted({entry for entry in output.split("\0") if entry})
