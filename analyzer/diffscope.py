"""Which lines a `--diff BASE` scan reports on: parsing `git diff -U0` and filtering findings by line.

Pure: text in, values out. analyzer/gitrepo.py runs git; this module only reads what git printed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analyzer.envelope import Envelope

_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote_path(text: str) -> str:
    """A path as git prints it in diff headers: bare, or C-quoted ("a/t\\303\\251st.py") when unusual."""
    if not (len(text) >= 2 and text.startswith('"') and text.endswith('"')):
        return text
    body = text[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            following = body[i + 1]
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
                i += 2
                continue
            octal = body[i + 1 : i + 4]
            if len(octal) == 3 and all(c in "01234567" for c in octal):
                out.append(int(octal, 8) & 0xFF)
                i += 4
                continue
        out.extend(char.encode("utf-8"))
        i += 1
    return out.decode("utf-8", errors="surrogateescape")


def _hunk_added(header: str) -> tuple[int, int] | None:
    """(first line, count) of the new side of a hunk header `@@ -a,b +c,d @@`."""
    try:
        new_side = header.split(" ")[2]
    except IndexError:
        return None
    if not new_side.startswith("+"):
        return None
    start_text, _, count_text = new_side[1:].partition(",")
    try:
        return int(start_text), int(count_text) if count_text else 1
    except ValueError:
        return None


def parse_added_lines(diff: str) -> dict[str, list[tuple[int, int]]]:
    """New path -> sorted, merged (first, last) line ranges added or changed, from `git diff -U0` output.

    Renamed files appear under their new name; a deleted file or one with no text hunks (a binary
    file, a pure rename, a mode change) has no entry.
    """
    added: dict[str, list[tuple[int, int]]] = {}
    current: str | None = None
    for line in diff.split("\n"):
        if line.startswith("diff --git "):
            current = None
        elif line.startswith("+++ "):
            target = line[4:].rstrip("\r")
            if "\t" in target and not target.startswith('"'):
                target = target.split("\t", 1)[0]  # some git versions append a tab after names with spaces
            path = unquote_path(target)
            current = path[2:] if path.startswith("b/") else None
        elif line.startswith("@@ ") and current is not None:
            hunk = _hunk_added(line)
            if hunk is not None and hunk[1] > 0:
                added.setdefault(current, []).append((hunk[0], hunk[0] + hunk[1] - 1))
    return {path: _merged(ranges) for path, ranges in added.items()}


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


@dataclass(frozen=True)
class DiffScope:
    """The lines a diff scan reports on: per file, the added/changed ranges; whole files that are new."""

    base: str
    """What the user named (e.g. `main`)."""
    merge_base: str
    """The commit the working tree is compared with (the merge-base of base and HEAD)."""
    added: Mapping[str, list[tuple[int, int]]] = field(default_factory=dict)
    whole_files: frozenset[str] = frozenset()
    """Files every line of which counts as added (untracked files git does not ignore)."""

    def covers(self, path: str, line: int, end_line: int | None = None) -> bool:
        """Whether any line of [line, end_line] was added or changed in `path` since the merge-base."""
        if path in self.whole_files:
            return True
        ranges = self.added.get(path)
        if not ranges:
            return False
        first, last = line, max(line, end_line or line)
        index = bisect.bisect_right(ranges, (last, float("inf"))) - 1
        return index >= 0 and ranges[index][1] >= first

    def describe(self) -> str:
        return f"{self.base} (merge-base {self.merge_base[:12]})"


def restrict_to_diff(envelope: Envelope, scope: DiffScope) -> Envelope:
    """Keep only the findings on lines the diff added or changed; count and note the ones left out."""
    if envelope.status != "ok":
        return envelope
    issues = envelope.payload.get("issues")
    if not isinstance(issues, list):
        return envelope
    kept = [issue for issue in issues if _in_scope(issue, scope)]
    dropped = len(issues) - len(kept)
    if not dropped:
        return envelope
    payload: dict[str, Any] = dict(envelope.payload)
    payload["issues"] = kept
    stats = dict(payload.get("stats") or {})
    stats["outsideDiff"] = dropped
    payload["stats"] = stats
    notes = list(payload.get("notes") or [])
    noun = "finding" if dropped == 1 else "findings"
    notes.append(f"{envelope.agent_id}: {dropped} {noun} on lines unchanged since {scope.describe()} not reported")
    payload["notes"] = notes
    return envelope.model_copy(update={"payload": payload})


def _in_scope(issue: object, scope: DiffScope) -> bool:
    if not isinstance(issue, dict):
        return True
    location = issue.get("location")
    if not isinstance(location, dict):
        return True
    path = location.get("path")
    line = location.get("line")
    if not isinstance(path, str):
        return True
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        return scope.covers(path, 1, 1 << 30)  # a whole-file finding: in scope when the file changed at all
    end_line = location.get("endLine")
    return scope.covers(path, line, end_line if isinstance(end_line, int) and not isinstance(end_line, bool) else None)
