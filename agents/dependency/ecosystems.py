"""Package names per ecosystem: the one spelling that manifests, lockfiles and OSV records share."""

from __future__ import annotations

import re

from agents.dependency.model import ECOSYSTEM_CRATES, ECOSYSTEM_PYPI

_PEP503_SEPARATORS = re.compile(r"[-_.]+")


def normalise_name(ecosystem: str, name: str) -> str:
    """The key a package is matched by in that ecosystem's vulnerability records.

    PyPI: PEP 503 (lower case, runs of -_. become -), which is what OSV's PyPI records use.
    crates.io: lower case with - and _ equivalent; OSV records use the published spelling, which
    for crates is the lowercase one in practice, so lower case with "_" kept is the key.
    npm and Go: names are case-sensitive and used exactly as written (Go module paths included).
    """
    name = name.strip()
    if ecosystem == ECOSYSTEM_PYPI:
        return _PEP503_SEPARATORS.sub("-", name).lower()
    if ecosystem == ECOSYSTEM_CRATES:
        return name.lower()
    return name
