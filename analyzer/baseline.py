"""Baselines: the findings a team has accepted for now, so a scan fails only on new ones.

A baseline file is sorted JSON, one entry per line (diff-friendly), holding for each finding its
fingerprint (analyzer/findings.py: rule id, path, normalised code and occurrence; no line number),
its rule id and its path. Nothing else: no snippet, no message, so a hard-coded secret appears in
it only as part of a one-way hash. Matching by fingerprint is stable under line shifts and edits
elsewhere in the file, and counts multiplicity: a second identical finding in the same file has
another occurrence index, hence another fingerprint, and is new.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzer.findings import Finding
from analyzer.report.model import BaselineSummary, Report

BASELINE_VERSION = 1
TOOL_NAME = "gatherscan"

BASELINE_STATE = "baselineState"
"""Finding property set by `apply_baseline`: "unchanged" (in the baseline) or "new" (SARIF's names)."""
UNCHANGED = "unchanged"
NEW = "new"


class BaselineError(Exception):
    """A baseline file that cannot be read or is not one."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"baseline {source}: {reason}")


@dataclass(frozen=True, order=True)
class BaselineEntry:
    path: str
    rule_id: str
    fingerprint: str

    def to_json_dict(self) -> dict[str, str]:
        return {"fingerprint": self.fingerprint, "path": self.path, "ruleId": self.rule_id}


@dataclass(frozen=True)
class Baseline:
    source: str
    entries: tuple[BaselineEntry, ...]

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(entry.fingerprint for entry in self.entries)


def entries_for(findings: Iterable[Finding]) -> list[BaselineEntry]:
    """Baseline entries of the findings a reader acts on (inline-suppressed ones need none), sorted, unique."""
    entries = {
        BaselineEntry(path=f.location.path, rule_id=f.rule_id, fingerprint=f.fingerprint)
        for f in findings
        if f.fingerprint and not f.properties.get("suppressed")
    }
    return sorted(entries)


def dumps(entries: Sequence[BaselineEntry]) -> str:
    """The baseline document: sorted keys, one finding per line, ending in a newline."""
    lines = [json.dumps(entry.to_json_dict(), sort_keys=True, ensure_ascii=False) for entry in sorted(entries)]
    body = ",\n    ".join(lines)
    findings = f"[\n    {body}\n  ]" if lines else "[]"
    return f'{{\n  "findings": {findings},\n  "tool": "{TOOL_NAME}",\n  "version": {BASELINE_VERSION}\n}}\n'


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write the baseline of `findings` to `path` atomically; returns the number of entries."""
    entries = entries_for(findings)
    text = dumps(entries)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BaselineError(str(path), f"cannot write: {exc.strerror or exc}") from exc
    return len(entries)


def read_baseline(path: Path) -> Baseline:
    """Read and check a baseline file; any problem raises BaselineError naming the file and the reason."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BaselineError(source, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise BaselineError(source, f"not valid UTF-8: byte {exc.start}: {exc.reason}") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BaselineError(source, f"not valid JSON: {exc}") from exc
    return Baseline(source=source, entries=parse_entries(source, data))


def parse_entries(source: str, data: object) -> tuple[BaselineEntry, ...]:
    if not isinstance(data, dict):
        raise BaselineError(source, f"must be a JSON object, not {type(data).__name__}")
    version = data.get("version")
    if version != BASELINE_VERSION:
        raise BaselineError(source, f"unsupported version {version!r} (this gatherscan reads version 1)")
    unknown = sorted(set(data) - {"findings", "tool", "version"})
    if unknown:
        raise BaselineError(source, f"unknown key(s): {', '.join(unknown)}")
    items = data.get("findings")
    if not isinstance(items, list):
        raise BaselineError(source, "findings: must be a list")
    return tuple(_entry(source, index, item) for index, item in enumerate(items))


def _entry(source: str, index: int, item: object) -> BaselineEntry:
    where = f"findings[{index}]"
    if not isinstance(item, dict):
        raise BaselineError(source, f"{where}: must be an object")
    if set(item) != {"fingerprint", "path", "ruleId"}:
        raise BaselineError(source, f"{where}: must have exactly the keys fingerprint, path and ruleId")
    values = [item["fingerprint"], item["path"], item["ruleId"]]
    if not all(isinstance(value, str) and value for value in values):
        raise BaselineError(source, f"{where}: fingerprint, path and ruleId must be non-empty strings")
    fingerprint, path, rule_id = (str(value) for value in values)
    return BaselineEntry(path=path, rule_id=rule_id, fingerprint=fingerprint)


def apply_baseline(report: Report, baseline: Baseline) -> Report:
    """The report with every finding marked new or unchanged, and a summary of the comparison.

    Findings stay in the report (JSON and SARIF show both kinds); the exit code and the text and
    Markdown listings consider only new ones (analyzer/policy.py, analyzer/report/text.py).
    """
    known = baseline.fingerprints
    issues = report.result.get("issues")
    marked: list[Any] = []
    seen: set[str] = set()
    new = 0
    known_by_rule: Counter[str] = Counter()
    for issue in issues if isinstance(issues, list) else []:
        if not isinstance(issue, dict):
            marked.append(issue)
            continue
        fingerprint = issue.get("fingerprint")
        state = UNCHANGED if isinstance(fingerprint, str) and fingerprint in known else NEW
        properties = issue.get("properties")
        properties = dict(properties) if isinstance(properties, dict) else {}
        properties[BASELINE_STATE] = state
        marked.append({**issue, "properties": properties})
        if properties.get("suppressed"):
            continue
        if state == UNCHANGED:
            seen.add(str(fingerprint))
            known_by_rule[str(issue.get("ruleId"))] += 1
        else:
            new += 1
    summary = BaselineSummary(
        file=baseline.source,
        known=sum(known_by_rule.values()),
        new=new,
        fixed=len(known - seen),
        known_by_rule=dict(sorted(known_by_rule.items())),
    )
    result = dict(report.result)
    if isinstance(issues, list):
        result["issues"] = marked
    return report.model_copy(update={"result": result, "baseline": summary})


def is_known(finding: Finding) -> bool:
    """Whether the finding was already in the baseline the scan was compared with."""
    return finding.properties.get(BASELINE_STATE) == UNCHANGED
