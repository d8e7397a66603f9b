"""Which files a scan looks at: the paths given, minus ignored, excluded and tool folders."""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.diffscope import DiffScope

ALWAYS_SKIPPED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr",
        "node_modules", "__pycache__", "__pypackages__",
        ".venv", ".tox", ".nox", ".eggs",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".cache",
    }
)  # fmt: skip
"""Never source code of the project, whether git tracks them or not."""

BUILD_DIRS = frozenset({"build", "dist", "site-packages", "htmlcov"})
"""Skipped outside git; inside a repository .gitignore decides (a package may be named build)."""


class WorkspaceError(Exception):
    pass


@dataclass(frozen=True)
class Workspace:
    root: Path
    """Absolute directory that every reported path is relative to (the git top level when there is one)."""
    files: tuple[str, ...]
    """Repo-relative POSIX paths, sorted, de-duplicated."""
    explicit: bool = False
    """True when the user named files rather than directories (e.g. a pre-commit run)."""


def find_repo_root(start: Path) -> Path | None:
    """The nearest enclosing directory holding .git (a folder, or a file for worktrees)."""
    current = start if start.is_dir() else start.parent
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def governing_repo(paths: Sequence[Path]) -> Path | None:
    """The git repository whose view of files applies: all paths inside it, no named directory ignored.

    A directory that git ignores but the user names (a virtualenv's lib, a vendored tree inside
    a dotfiles repository) is scanned as a plain directory, not as nothing.
    """
    resolved = [p.resolve() for p in paths]
    repo = find_repo_root(resolved[0])
    if repo is None or not all(p == repo or repo in p.parents for p in resolved):
        return None
    named_dirs = [p for p in resolved if p.is_dir() and p != repo]
    if named_dirs:
        from analyzer import gitrepo

        if any(gitrepo.is_ignored(repo, directory) for directory in named_dirs):
            return None
    return repo


def choose_root(paths: Sequence[Path], repo: Path | None) -> Path:
    if repo is not None:
        return repo
    dirs = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    return Path(os.path.commonpath([str(d) for d in dirs]))


def collect(
    paths: Sequence[Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    root: Path | None = None,
) -> Workspace:
    """The files to scan under `paths`; include/exclude globs apply to repo-relative paths.

    Excludes apply to explicitly named files too (a pre-commit run passes files one by one, and
    a configured exclude must still hold for them).
    """
    if not paths:
        paths = [Path(".")]
    for path in paths:
        if not path.exists():
            raise WorkspaceError(f"path does not exist: {path}")
    repo = governing_repo(paths)
    root = (root or choose_root(paths, repo)).resolve()
    candidates: set[str] = set()
    explicit = all(p.is_file() for p in paths)
    for path in paths:
        absolute = path.resolve()
        if absolute.is_file():
            candidates.add(_relative(absolute, root))
        else:
            candidates.update(_walk(absolute, root, in_git=repo is not None))
    selected = [
        rel
        for rel in candidates
        if not _in_skipped_dir(rel, in_git=repo is not None)
        and (not include or matches_any(include, rel))
        and not matches_any(exclude, rel)
    ]
    return Workspace(root=root, files=tuple(sorted(selected)), explicit=explicit)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError as exc:
        raise WorkspaceError(f"{path} is outside the scan root {root}") from exc


def _walk(directory: Path, root: Path, *, in_git: bool) -> Iterable[str]:
    if in_git:
        from analyzer import gitrepo

        repo_root = find_repo_root(directory)
        assert repo_root is not None
        prefix = _relative(directory, root)
        try:
            listed = gitrepo.list_unignored_files(repo_root)
        except gitrepo.GitError:
            listed = None
        if listed is not None:
            base = _relative(repo_root, root) if repo_root != root else ""
            for entry in listed:
                rel = f"{base}/{entry}" if base else entry
                if (prefix in ("", ".") or rel.startswith(prefix + "/")) and (root / rel).is_file():
                    yield rel
            return
    for current, dirnames, filenames in os.walk(directory):
        current_path = Path(current)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in ALWAYS_SKIPPED_DIRS
            and (in_git or d not in BUILD_DIRS)
            and not d.endswith(".egg-info")
            and not (current_path / d / "pyvenv.cfg").exists()
            and not (current_path / d).is_symlink()
        )
        for name in filenames:
            file_path = current_path / name
            if file_path.is_file() and not file_path.is_symlink():
                yield _relative(file_path, root)


def _in_skipped_dir(rel: str, *, in_git: bool) -> bool:
    parts = rel.split("/")[:-1]
    return any(
        part in ALWAYS_SKIPPED_DIRS or part.endswith(".egg-info") or (not in_git and part in BUILD_DIRS)
        for part in parts
    )


def matches_any(patterns: Iterable[str], rel: str) -> bool:
    return any(glob_matches(pattern, rel) for pattern in patterns)


def glob_matches(pattern: str, rel: str) -> bool:
    """gitignore-like globbing on a repo-relative POSIX path.

    A pattern without "/" matches any path component ("*.pyc", "tests"); one with "/" is
    anchored at the root ("src/**/gen_*.py"). A pattern matching a directory matches all below it.
    """
    pattern = pattern.strip().removeprefix("./")
    if not pattern:
        return False
    if "/" not in pattern.rstrip("/"):
        regex = _compile_glob(pattern.rstrip("/"))
        return any(regex.fullmatch(part) for part in rel.split("/"))
    regex = _compile_glob(pattern.rstrip("/").lstrip("/"))
    parts = rel.split("/")
    return any(regex.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1))


@functools.lru_cache(maxsize=512)
def _compile_glob(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))


@dataclass
class GitChanges:
    """The files a `--staged` or `--diff BASE` scan looks at, and where the agents read them."""

    workspace: Workspace
    """Root: the repository's top level (reported paths are relative to it); files: the changed ones."""
    analysed_root: Path
    """Where the agents read the files: a temporary export of the index for --staged, else the top level."""
    diff: DiffScope | None = None
    """For --diff: the lines added or changed since the merge-base, which findings must touch."""
    temporary: Path | None = None

    def close(self) -> None:
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)
            self.temporary = None


def _git_scope(paths: Sequence[Path], option: str) -> tuple[Path, list[str]]:
    """The repository's top level and the repo-relative prefixes the named paths limit the scan to."""
    from analyzer import gitrepo

    targets = list(paths) or [Path(".")]
    start = targets[0].resolve()
    while not start.exists() and start != start.parent:
        start = start.parent  # a path staged for deletion, or a file only the index still has
    try:
        top = gitrepo.top_level(start)
    except gitrepo.GitError as exc:
        raise WorkspaceError(f"{option} needs a git repository: {exc}") from exc
    outside = [str(target) for target in targets if not target.resolve().is_relative_to(top)]
    if outside:
        raise WorkspaceError(f"{option}: {', '.join(outside)} outside the git repository at {top}")
    prefixes = [target.resolve().relative_to(top).as_posix() for target in targets]
    return top, ["" if p == "." else p for p in prefixes]


def _selected(
    files: Iterable[str], prefixes: Sequence[str], include: Sequence[str], exclude: Sequence[str]
) -> list[str]:
    return sorted(
        rel
        for rel in set(files)
        if any(p == "" or rel == p or rel.startswith(p + "/") for p in prefixes)
        and not _in_skipped_dir(rel, in_git=True)
        and (not include or matches_any(include, rel))
        and not matches_any(exclude, rel)
    )


def staged_changes(
    paths: Sequence[Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    context: Callable[[str], bool] | None = None,
) -> GitChanges:
    """The staged files (index content, not the working tree) below `paths`, exported to a temporary tree.

    `context(path)` names further index files to export (not to scan) when an agent reads beyond its
    files: the dependency agent follows `-r`/`-c` includes.
    """
    from analyzer import gitrepo

    top, prefixes = _git_scope(paths, "--staged")
    temporary = Path(tempfile.mkdtemp(prefix="gatherscan-staged-"))
    try:
        staged = _selected(gitrepo.staged_files(top), prefixes, include, exclude)
        extra = [p for p in gitrepo.index_files(top) if context(p)] if context is not None and staged else []
        exported = set(gitrepo.export_index(top, [*staged, *extra], temporary))
    except gitrepo.GitError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise WorkspaceError(f"--staged: {exc}") from exc
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    files = tuple(p for p in staged if p in exported)
    return GitChanges(Workspace(root=top, files=files), analysed_root=temporary, temporary=temporary)


def diff_changes(
    paths: Sequence[Path], base: str, *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> GitChanges:
    """The working-tree files changed since the merge-base of `base` and HEAD (plus untracked ones git
    does not ignore), with the lines added or changed in each."""
    from analyzer import gitrepo
    from analyzer.diffscope import DiffScope, parse_added_lines

    top, prefixes = _git_scope(paths, "--diff")
    try:
        commit = gitrepo.merge_base(top, base)
        changed, patch = gitrepo.changed_since(top, commit)
        untracked = gitrepo.untracked_files(top)
    except gitrepo.GitError as exc:
        raise WorkspaceError(f"--diff: {exc}") from exc
    candidates = [p for p in {*changed, *untracked} if (top / p).is_file() and not (top / p).is_symlink()]
    files = tuple(_selected(candidates, prefixes, include, exclude))
    scope = DiffScope(
        base=base, merge_base=commit, added=parse_added_lines(patch), whole_files=frozenset(untracked) & set(files)
    )
    return GitChanges(Workspace(root=top, files=files), analysed_root=top, diff=scope)
