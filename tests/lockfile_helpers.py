"""What the lockfile parser tests share: the fixture tree, include readers, and a one-line summary of a dependency."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from agents.base import Skipped
from agents.dependency.model import Dependency, ParseResult
from agents.dependency.parsers import IncludeReader, parser_for

LOCKS = Path(__file__).parent / "fixtures" / "dependency" / "locks"

# The reason agents.base.read_source gives for a file that is not there.
MISSING_FILE = "cannot read: No such file or directory"

Brief = tuple[int, str, "str | None", str, bool, str, "str | None"]


def brief(dependency: Dependency) -> Brief:
    """line, name, version, scope, direct, kind, url: what every lockfile test pins down."""
    d = dependency
    return (d.line, d.name, d.version, d.scope, d.direct, d.kind, d.url)


def directory_reader(root: Path) -> IncludeReader:
    def read(path: str) -> str | Skipped:
        full = root / path
        return full.read_text(encoding="utf-8") if full.is_file() else Skipped(path, MISSING_FILE)

    return read


def dict_reader(files: Mapping[str, str]) -> IncludeReader:
    def read(path: str) -> str | Skipped:
        return files[path] if path in files else Skipped(path, MISSING_FILE)

    return read


def parse_fixture(directory: str, name: str, *, with_siblings: bool = True) -> ParseResult:
    """Parse LOCKS/directory/name as the file `name`, its includes read from that directory (or from nowhere)."""
    root = LOCKS / directory
    reader = directory_reader(root) if with_siblings else dict_reader({})
    parse = parser_for(name)
    assert parse is not None, name
    return parse((root / name).read_text(encoding="utf-8"), name, reader)
