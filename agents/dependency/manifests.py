"""Which files are manifests the dependency agent reads, and which parser reads each: file-name
patterns and "module:function" references, no parsing.

Kept apart from the parsers so that choosing files costs no import of the packaging library, and
so that a lockfile format's parser module is imported only when such a file is scanned.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

_REQUIREMENTS = "agents.dependency.parsers:parse_requirements_entry"
_PYPROJECT = "agents.dependency.parsers:parse_pyproject_entry"
_PYTHON_LOCKS = "agents.dependency.pylocks"
_JS_LOCKS = "agents.dependency.jslocks"
_NATIVE_LOCKS = "agents.dependency.nativelocks"

MANIFEST_PARSERS: dict[str, str] = {
    "pyproject.toml": _PYPROJECT,
    "*requirements*.txt": _REQUIREMENTS,
    "*requirements*.in": _REQUIREMENTS,
    "requirements/*.txt": _REQUIREMENTS,
    "requirements/*.in": _REQUIREMENTS,
    "setup.cfg": f"{_PYTHON_LOCKS}:parse_setup_cfg",
    "poetry.lock": f"{_PYTHON_LOCKS}:parse_poetry_lock",
    "uv.lock": f"{_PYTHON_LOCKS}:parse_uv_lock",
    "pipfile.lock": f"{_PYTHON_LOCKS}:parse_pipfile_lock",
    "pdm.lock": f"{_PYTHON_LOCKS}:parse_pdm_lock",
    "pylock.toml": f"{_PYTHON_LOCKS}:parse_pylock",
    "pylock.*.toml": f"{_PYTHON_LOCKS}:parse_pylock",
    "package-lock.json": f"{_JS_LOCKS}:parse_package_lock",
    "npm-shrinkwrap.json": f"{_JS_LOCKS}:parse_package_lock",
    "yarn.lock": f"{_JS_LOCKS}:parse_yarn_lock",
    "pnpm-lock.yaml": f"{_JS_LOCKS}:parse_pnpm_lock",
    "go.mod": f"{_NATIVE_LOCKS}:parse_go_mod",
    "cargo.lock": f"{_NATIVE_LOCKS}:parse_cargo_lock",
}
"""File-name pattern -> "module:function" of its parser, in matching order (the first match wins).

A pattern without "/" matches the file name; with "/" it matches the last path components.
Matching ignores case. Every parser has the signature of agents.dependency.parsers.ManifestParse:
(text, repo-relative path, include reader) -> ParseResult.
"""

MANIFEST_PATTERNS: tuple[str, ...] = tuple(MANIFEST_PARSERS)

LOCKFILE_PATTERNS: frozenset[str] = frozenset(
    pattern
    for pattern, ref in MANIFEST_PARSERS.items()
    if ref.startswith((_JS_LOCKS, _NATIVE_LOCKS, _PYTHON_LOCKS)) and pattern != "setup.cfg"
)
"""Patterns of files that record resolved versions (as opposed to declared requirements)."""


_NAME_ENDINGS: tuple[str, ...] = tuple(sorted({"." + pattern.rsplit(".", 1)[1] for pattern in MANIFEST_PATTERNS}))
"""Every pattern ends in a fixed extension: a name with none of them (every .py file) is ruled out at once."""


def manifest_pattern(path: str) -> str | None:
    """The first pattern matching a repo-relative POSIX path, or None if it is not a manifest."""
    if not path.lower().endswith(_NAME_ENDINGS):
        return None
    parts = path.lower().split("/")
    for pattern in MANIFEST_PATTERNS:
        pattern_parts = pattern.split("/")
        if len(pattern_parts) > len(parts):
            continue
        tail = parts[-len(pattern_parts) :]
        if all(fnmatchcase(part, wanted) for part, wanted in zip(tail, pattern_parts, strict=True)):
            return pattern
    return None
