"""Finding, the unit every agent reports, and its line-independent fingerprint."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from analyzer.model import (
    INTEGERS,
    OPTIONAL_TEXT,
    JsonModel,
    checked,
    dict_of,
    integer,
    non_empty_text,
    one_of,
    optional,
    text,
)
from analyzer.model import ModelError as ModelError


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


_LINE_OR_COLUMN = integer(ge=1)


@dataclass(frozen=True, kw_only=True)
class Location(JsonModel):
    """Repo-relative POSIX path; 1-based line and column (columns count code points)."""

    path: str = field(metadata=checked(non_empty_text))
    line: int = field(metadata=checked(_LINE_OR_COLUMN))
    column: int = field(default=1, metadata=checked(_LINE_OR_COLUMN))
    end_line: int | None = field(default=None, metadata=checked(optional(_LINE_OR_COLUMN)))
    end_column: int | None = field(default=None, metadata=checked(optional(_LINE_OR_COLUMN)))


@dataclass(frozen=True, kw_only=True)
class Finding(JsonModel):
    rule_id: str = field(metadata=checked(non_empty_text))
    agent_id: str = field(metadata=checked(non_empty_text))
    engine: str = field(default="static", metadata=checked(text))
    message: str = field(metadata=checked(non_empty_text))
    severity: Severity = field(metadata=checked(one_of(Severity)))
    confidence: Confidence = field(metadata=checked(one_of(Confidence)))
    cwe: tuple[int, ...] = field(default=(), metadata=checked(INTEGERS))
    location: Location = field(metadata=checked(Location.model_validate))
    snippet: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT))
    remediation: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT))
    fix: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT))
    fingerprint: str = field(default="", metadata=checked(text))
    # Agent-specific facts (e.g. a dependency's name and fixed versions); plain JSON values.
    properties: dict[str, object] = field(default_factory=dict, metadata=checked(dict_of()))

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
