"""Which files are manifests the dependency agent reads: file-name patterns, no parsing.

Kept apart from the parsers so that choosing files costs no import of the packaging library.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

MANIFEST_PATTERNS: tuple[str, ...] = (
    "pyproject.toml",
    "*requirements*.txt",
    "*requirements*.in",
    "requirements/*.txt",
    "requirements/*.in",
)
"""A pattern without "/" matches the file name; with "/" it matches the last path components.
Matching ignores case. The first matching pattern wins."""


def manifest_pattern(path: str) -> str | None:
    """The first pattern matching a repo-relative POSIX path, or None if it is not a manifest."""
    parts = path.lower().split("/")
    for pattern in MANIFEST_PATTERNS:
        pattern_parts = pattern.split("/")
        if len(pattern_parts) > len(parts):
            continue
        tail = parts[-len(pattern_parts) :]
        if all(fnmatchcase(part, wanted) for part, wanted in zip(tail, pattern_parts, strict=True)):
            return pattern
    return None
