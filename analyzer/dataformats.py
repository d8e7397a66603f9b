"""Reading YAML, TOML and JSON text into plain data, with errors that say where.

The one module that imports yaml (lazily, when YAML is read), shared by configuration files and
the dependency agent's lockfiles. A syntax error is a ValueError whose message names the line
and column; callers add the file name.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def parse_yaml(text: str) -> object:
    """YAML data (safe types only); a syntax error is a ValueError saying where."""
    import yaml

    try:
        # The C safe loader when libyaml is compiled in (several times faster on big lockfiles), else the pure one.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"invalid YAML{where}: {problem}") from None


def parse_toml(text: str) -> dict[str, Any]:
    """A TOML document; a syntax error is a ValueError (tomllib's message names line and column)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"invalid TOML: {exc}") from None
    return document


def parse_json(text: str) -> object:
    """JSON data; a syntax error is a ValueError saying where."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
