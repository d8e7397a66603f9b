"""Finding, the unit every agent reports, and its line-independent fingerprint."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more serious: info=0 ... critical=4."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


class Confidence(str, Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"low": 0, "medium": 1, "high": 2}[self.value]


class CamelModel(BaseModel):
    """Base for models exchanged as camelCase JSON; Python code uses snake_case."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
    )

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class Location(CamelModel):
    """Repo-relative POSIX path; 1-based line and column (columns count code points)."""

    path: str = Field(min_length=1)
    line: int = Field(ge=1)
    column: int = Field(default=1, ge=1)
    end_line: int | None = Field(default=None, ge=1)
    end_column: int | None = Field(default=None, ge=1)


class Finding(CamelModel):
    rule_id: str = Field(min_length=1)
    agent_id: str = Field(min_length=1)
    engine: str = "static"
    message: str = Field(min_length=1)
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...] = ()
    location: Location
    snippet: str | None = None
    remediation: str | None = None
    fix: str | None = None
    fingerprint: str = ""
    # Agent-specific facts (e.g. a dependency's name and fixed versions); plain JSON values.
    properties: dict[str, object] = Field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id, self.fingerprint)


_WHITESPACE = re.compile(r"\s+")


def normalise_code(text: str) -> str:
    """Whitespace-insensitive form of the flagged code, so re-indenting keeps the identity."""
    return _WHITESPACE.sub(" ", text).strip()


def fingerprint(rule_id: str, path: str, code: str, occurrence: int) -> str:
    """Identity of a finding that survives unrelated edits: no line number in it.

    `occurrence` tells apart identical code flagged twice by one rule in one file.
    """
    material = "\0".join((rule_id, path, normalise_code(code), str(occurrence)))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def with_fingerprints(findings: Iterable[Finding]) -> list[Finding]:
    """Fill in `fingerprint` for findings that lack one, numbering identical code in line order.

    The code text is the snippet when there is one, else the message.
    """
    ordered = sorted(findings, key=lambda f: (f.location.path, f.location.line, f.location.column, f.rule_id))
    seen: Counter[tuple[str, str, str]] = Counter()
    result: list[Finding] = []
    for finding in ordered:
        if finding.fingerprint:
            result.append(finding)
            continue
        code = normalise_code(finding.snippet or finding.message)
        key = (finding.rule_id, finding.location.path, code)
        occurrence = seen[key]
        seen[key] += 1
        fp = fingerprint(finding.rule_id, finding.location.path, code, occurrence)
        result.append(finding.model_copy(update={"fingerprint": fp}))
    return result


def severity_at_least(severity: Severity, threshold: Severity) -> bool:
    return severity.rank >= threshold.rank
