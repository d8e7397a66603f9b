"""Inline suppressions: `# gatherscan: ignore[SEC001, SEC002] reason text`.

A suppression comment hides the findings of the rules it names that start on the statement it
belongs to: the statement on its own line when the comment trails code, else the statement that
follows a comment standing alone (comment lines in between are skipped, a blank line is not). For
Python files a statement is a logical line as the tokenizer sees it, so a comment on any line of a
multi-line call covers the whole call, and decorators count as one statement with the definition
they decorate. Other files (requirements.txt, ...) have no multi-line statements: a line is one.

Suppressed findings are kept, marked `properties.suppressed = True` and
`properties.suppression = {"line", "reason"}`; the formats count them instead of listing them.

Each agent judges only the suppressions that name rule ids with its own prefix (SEC, PRF, DEP, ...),
so one agent never calls another agent's suppression unknown or unused. A suppression that is
malformed, names an unknown rule or lacks a required reason hides nothing and is reported; so is
one that hides nothing. Comments are only looked for when the text contains "gatherscan:", so the
common file pays one substring search.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from analyzer.findings import Finding

MARKER = "gatherscan:"

# Where a directive starts: "#", spaces, "gatherscan:", at the start of the comment or after whitespace (another
# tool's pragma may come first). A "#" inside other text (a comment quoting the syntax in backticks) starts none.
_DIRECTIVE = re.compile(r"(?:^|(?<=\s))#\s*gatherscan:\s*(?P<body>.*)", re.DOTALL)
_WELL_FORMED = re.compile(r"ignore\s*\[(?P<ids>[^\[\]]*)\](?P<reason>.*)", re.DOTALL)
_RULE_ID = re.compile(r"[A-Za-z]+[0-9]+")
# Rule-id-looking words in a malformed directive, used only to decide which agent reports it.
_MENTIONED_ID = re.compile(r"\b[A-Za-z]{2,}[0-9]{1,4}\b")
# Another tool's pragma after the reason (a further "#" and a word, as linters' and type checkers' pragmas
# are written) is not part of the reason; "see #12" stays in it.
_NEXT_PRAGMA = re.compile(r"\s#\s*[A-Za-z]")
_REASON_LEADERS = " \t:-\u2013\u2014"
_PYTHON_SUFFIXES = (".py", ".pyw", ".pyi")


class ProblemKind(str, Enum):
    MALFORMED = "malformed"
    UNKNOWN_RULE = "unknown-rule"
    MISSING_REASON = "missing-reason"
    UNUSED = "unused"


@dataclass(frozen=True)
class Comment:
    """A comment that contains the marker: where it is, its text, and whether code precedes it on its line."""

    line: int
    column: int  # 1-based, in code points
    text: str
    trailing: bool


@dataclass(frozen=True)
class Suppression:
    comment: Comment
    rule_ids: tuple[str, ...]
    reason: str
    first_line: int  # the statement it covers, first and last line; (0, -1) when it covers nothing
    last_line: int

    def covers(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


@dataclass(frozen=True)
class SuppressionProblem:
    """A suppression comment that hides nothing, and why."""

    kind: ProblemKind
    line: int
    column: int
    comment: str
    rule_ids: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class _Directive:
    """A parsed comment: the rule ids it names and its reason, or why it cannot be read."""

    comment: Comment
    rule_ids: tuple[str, ...]
    reason: str
    error: str | None


def rule_prefix(rule_id: str) -> str:
    """The letters of a rule id before its number: SEC for SEC001."""
    return rule_id.rstrip("0123456789").upper()


def is_python_path(path: str) -> bool:
    return path.lower().endswith(_PYTHON_SUFFIXES)


# ---------------------------------------------------------------------------
# Finding the comments and the statements they belong to.


def _normalised_lines(text: str) -> str:
    # ast counts \r\n, \r and \n as line ends; io.StringIO.readline splits at \n only.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _python_comments_and_statements(text: str) -> tuple[list[Comment], list[tuple[int, int]]] | None:
    """Marker comments and the (first, last) lines of every logical line; None when tokenizing fails.

    A decorator's logical line is joined with the definition it decorates, so a suppression above
    the decorators covers the `def` line too.
    """
    # Imported here: only a file with a suppression comment is tokenized, and the scan's parent never is.
    import io
    import tokenize

    not_code = frozenset({tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER})
    comments: list[Comment] = []
    statements: list[tuple[int, int]] = []
    start: int | None = None
    first_token = ""
    decorator_start: int | None = None
    last_code_line = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(_normalised_lines(text)).readline):
            kind = token.type
            if kind == tokenize.COMMENT:
                if MARKER in token.string:
                    row, offset = token.start
                    comments.append(Comment(row, offset + 1, token.string, trailing=last_code_line == row))
            elif kind == tokenize.NEWLINE:
                if start is not None and first_token == "@":
                    decorator_start = start if decorator_start is None else decorator_start
                elif start is not None:
                    statements.append((start if decorator_start is None else decorator_start, token.start[0]))
                    decorator_start = None
                start = None
            elif kind not in not_code:
                if start is None:
                    start, first_token = token.start[0], token.string
                last_code_line = token.end[0]
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    return comments, statements


def _plain_comments_and_statements(text: str) -> tuple[list[Comment], list[tuple[int, int]]]:
    """Lines are statements; a comment starts at a "#" that is followed by the marker."""
    comments: list[Comment] = []
    statements: list[tuple[int, int]] = []
    for number, line in enumerate(_normalised_lines(text).split("\n"), start=1):
        code, hash_sign, _ = line.partition("#")
        if code.strip():
            statements.append((number, number))
        if MARKER not in line or not hash_sign:
            continue
        found = _DIRECTIVE.search(line)
        if found is None:
            continue
        column = found.start()
        comments.append(Comment(number, column + 1, line[column:].rstrip(), bool(line[:column].strip())))
    return comments, statements


def _covered_statement(
    comment: Comment, statements: Sequence[tuple[int, int]], comment_lines: set[int]
) -> tuple[int, int]:
    """The statement a comment belongs to: the one around it, else (standing alone) the next one.

    A standalone comment looks past further comment lines (stacked suppressions), not past a blank line.
    """
    inner = [span for span in statements if span[0] <= comment.line <= span[1]]
    if inner:
        return max(inner)  # the latest start is the innermost (`x = (...); y = 1` on one line)
    if comment.trailing:
        return (0, -1)
    line = comment.line + 1
    while line in comment_lines:
        line += 1
    following = [span for span in statements if span[0] == line]
    return following[0] if following else (0, -1)


# ---------------------------------------------------------------------------
# Reading one directive.


def _parse_directive(comment: Comment) -> _Directive | None:
    found = _DIRECTIVE.search(comment.text)
    if found is None:
        return None
    body = found.group("body").strip()
    well_formed = _WELL_FORMED.match(body)
    if well_formed is None:
        mentioned = tuple(dict.fromkeys(m.upper() for m in _MENTIONED_ID.findall(body)))
        if body.startswith("ignore") and mentioned:
            error = "rule ids go in brackets right after ignore, e.g. `# gatherscan: ignore[SEC001] reason`"
        else:
            error = "expected `# gatherscan: ignore[RULE-ID, ...] reason`"
        return _Directive(comment, mentioned, "", error)
    raw_ids = [part.strip() for part in well_formed.group("ids").split(",")]
    named = tuple(dict.fromkeys(part.upper() for part in raw_ids if part))
    reason = _NEXT_PRAGMA.split(well_formed.group("reason"), maxsplit=1)[0].strip(_REASON_LEADERS).strip()
    if not named:
        return _Directive(comment, (), reason, "ignore[] names no rule")
    bad = [part for part in raw_ids if not _RULE_ID.fullmatch(part)]
    if bad:
        shown = ", ".join(repr(part) for part in bad)
        mentioned = tuple(dict.fromkeys(m.upper() for m in _MENTIONED_ID.findall(well_formed.group("ids"))))
        return _Directive(comment, mentioned, reason, f"not a rule id: {shown}")
    return _Directive(comment, named, reason, None)


# ---------------------------------------------------------------------------
# Applying them.


def apply_suppressions(
    findings: Sequence[Finding],
    source: str,
    known_rule_ids: Collection[str],
    *,
    python: bool = True,
    require_reason: bool = True,
    report_unattributed: bool = False,
) -> tuple[list[Finding], list[SuppressionProblem]]:
    """`findings` of one file with the suppressed ones marked, and the problems of this agent's suppressions.

    `known_rule_ids` are the ids this agent can suppress; their prefixes decide which comments it
    judges. `report_unattributed` makes this agent also report directives that name no rule id at
    all (exactly one agent should, so such a comment is reported once).
    """
    if MARKER not in source:
        return list(findings), []
    parsed = _python_comments_and_statements(source) if python else None
    if parsed is None:
        parsed = _plain_comments_and_statements(source)
    comments, statements = parsed
    if not comments:
        return list(findings), []
    known = {rule_id.upper() for rule_id in known_rule_ids}
    prefixes = {rule_prefix(rule_id) for rule_id in known}
    comment_lines = _comment_lines(source)

    problems: list[SuppressionProblem] = []
    active: list[Suppression] = []
    for comment in comments:
        directive = _parse_directive(comment)
        if directive is None:
            continue
        ours = tuple(rule_id for rule_id in directive.rule_ids if rule_prefix(rule_id) in prefixes)
        if directive.error is not None:
            if ours or (report_unattributed and not directive.rule_ids):
                problems.append(
                    _problem(
                        ProblemKind.MALFORMED,
                        comment,
                        ours,
                        f"Malformed suppression: {directive.error}; it hides nothing",
                    )
                )
            continue
        if not ours:
            continue  # another agent's suppression
        unknown = [rule_id for rule_id in ours if rule_id not in known]
        if unknown:
            names = ", ".join(unknown)
            problems.append(
                _problem(
                    ProblemKind.UNKNOWN_RULE,
                    comment,
                    ours,
                    f"Suppression names {names}, which {'is not a rule' if len(unknown) == 1 else 'are not rules'} "
                    "that can be suppressed here; it hides nothing",
                )
            )
            continue
        if require_reason and not any(char.isalnum() for char in directive.reason):
            problems.append(
                _problem(
                    ProblemKind.MISSING_REASON,
                    comment,
                    ours,
                    f"Suppression of {', '.join(ours)} gives no reason; it hides nothing until one follows the "
                    "brackets, e.g. `ignore[" + ", ".join(ours) + "] input is a constant table`",
                )
            )
            continue
        first, last = _covered_statement(comment, statements, comment_lines)
        active.append(Suppression(comment, ours, directive.reason, first, last))

    marked, used = _mark(findings, active)
    for suppression in active:
        idle = [rule_id for rule_id in suppression.rule_ids if (id(suppression), rule_id) not in used]
        if idle:
            if suppression.first_line == 0:
                where = "it covers no statement (alone on its line, it applies to the statement on the next line)"
            else:
                where = f"{', '.join(idle)} reports nothing on the statement it covers; remove it from the comment"
            problems.append(
                _problem(ProblemKind.UNUSED, suppression.comment, tuple(idle), f"Unused suppression: {where}")
            )
    problems.sort(key=lambda p: (p.line, p.column, p.kind.value))
    return marked, problems


def _mark(findings: Sequence[Finding], active: Sequence[Suppression]) -> tuple[list[Finding], set[tuple[int, str]]]:
    used: set[tuple[int, str]] = set()
    if not active:
        return list(findings), used
    marked: list[Finding] = []
    for finding in findings:
        line = finding.location.line
        hit = next((s for s in active if finding.rule_id in s.rule_ids and s.covers(line)), None)
        if hit is None or finding.properties.get("suppressed"):
            marked.append(finding)
            continue
        used.add((id(hit), finding.rule_id))
        properties = {
            **finding.properties,
            "suppressed": True,
            "suppression": {"line": hit.comment.line, "reason": hit.reason},
        }
        marked.append(finding.model_copy(update={"properties": properties}))
    return marked, used


def _comment_lines(source: str) -> set[int]:
    """Lines a standalone suppression looks past to find its statement."""
    return {
        number
        for number, line in enumerate(_normalised_lines(source).split("\n"), start=1)
        if line.lstrip().startswith("#")
    }


def _problem(kind: ProblemKind, comment: Comment, rule_ids: Iterable[str], message: str) -> SuppressionProblem:
    return SuppressionProblem(kind, comment.line, comment.column, comment.text.strip(), tuple(rule_ids), message)
