"""From engine hits to what a finding says: rule, message, confidence and the source/flow properties.

The properties follow the issue-4 contract: `source` {line, column, description} where the data
entered, `flow` the ordered steps from the source to the sink (sink last, at most 20), `taint`
"tainted" or "unknown". Columns are 1-based code points, as everywhere in gatherscan.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from agents.base import Rule
from agents.security import rules
from agents.security.taint import specs
from agents.security.taint.support import Hit
from agents.security.taint.values import MAX_STEPS, Step
from analyzer.findings import Confidence, Severity

KIND_RULES: Final[dict[str, Rule]] = {
    specs.CODE: rules.CODE_EVALUATION,
    specs.COMMAND: rules.SHELL_INJECTION,
    specs.DESERIALIZATION: rules.INSECURE_DESERIALIZATION,
    specs.SQL: rules.SQL_INJECTION,
    specs.PATH: rules.PATH_TRAVERSAL,
    specs.XSS: rules.CROSS_SITE_SCRIPTING,
    specs.REDIRECT: rules.OPEN_REDIRECT,
    specs.LDAP: rules.LDAP_INJECTION,
    specs.XPATH: rules.XPATH_INJECTION,
    specs.XXE: rules.XML_EXTERNAL_ENTITIES,
    specs.TRUST_BOUNDARY: rules.TRUST_BOUNDARY_VIOLATION,
    specs.SSRF: rules.SERVER_SIDE_REQUEST_FORGERY,
    specs.SSTI: rules.SERVER_SIDE_TEMPLATE_INJECTION,
}

_CONFIDENCE: Final = {"high": Confidence.HIGH, "medium": Confidence.MEDIUM, "low": Confidence.LOW}


@dataclass(frozen=True)
class TaintFinding:
    """Everything the scanner needs to report one hit."""

    rule: Rule
    node: ast.AST
    message: str
    confidence: Confidence
    severity: Severity | None
    properties: dict[str, object]


LineText = Callable[[int], str]


def to_finding(hit: Hit, line_text: LineText) -> TaintFinding:
    rule = KIND_RULES[hit.kind]
    severity = Severity.MEDIUM if hit.detail == "compile" else None
    return TaintFinding(
        rule=rule,
        node=hit.node,
        message=message(hit),
        confidence=_CONFIDENCE[hit.confidence],
        severity=severity,
        properties=properties(hit, line_text),
    )


def properties(hit: Hit, line_text: LineText) -> dict[str, object]:
    sink = _location(hit.sink, line_text)
    if hit.taint is None:
        return {"taint": "unknown", "flow": [sink]}
    taint = hit.taint
    source = _location(taint.source, line_text)
    steps = [_location(step, line_text) for step in taint.steps]
    if not steps or steps[-1] != sink:
        steps.append(sink)
    flow = [{**source, "description": f"source: {taint.source.description}"}, *steps]
    if len(flow) > MAX_STEPS:
        flow = [flow[0], *flow[len(flow) - MAX_STEPS + 1 :]]
    return {"taint": "tainted", "source": source, "flow": flow}


def _location(step: Step, line_text: LineText) -> dict[str, object]:
    text = line_text(step.line)
    column = len(text.encode("utf-8")[: step.offset].decode("utf-8", errors="ignore")) + 1
    return {"line": step.line, "column": column, "description": step.description}


def message(hit: Hit) -> str:
    if hit.taint is None:
        return _unknown_origin_message(hit)
    source = f"{hit.taint.source.description} (line {hit.taint.source.line})"
    through = (
        "; the path runs through a call or a check the analysis cannot see into" if hit.confidence == "medium" else ""
    )
    return _tainted_message(hit, source) + through


def _built_message(hit: Hit, built: str) -> str | None:
    """The sentences that read the same whether the data came from a source or is of unknown origin, but for
    how it was `built` ("from request.args (line 3)", "at run time (an f-string)"); None for the others."""
    callee = hit.callee
    kind = hit.kind
    if kind == specs.CODE and hit.detail == "compile":
        return f"compile() called on source code built {built}; the result may be executed"
    if kind == specs.COMMAND:
        if hit.detail == "shell=True":
            return f"{callee} called with shell=True and a command built {built}"
        if hit.detail == "shell -c":
            return f"{callee} starts a shell with -c and a command built {built}"
        return f"{callee} runs a command built {built} through a shell"
    if kind == specs.SSTI:
        return f"{callee}() compiles a template built {built}"
    return None


def _tainted_message(hit: Hit, source: str) -> str:
    callee = hit.callee
    kind = hit.kind
    if kind == specs.COMMAND and hit.detail == "program":
        return f"{callee} starts a program named by {source}"
    shared = _built_message(hit, f"from {source}")
    if shared is not None:
        return shared
    if kind == specs.CODE:
        return f"{_function(callee)}() runs code built from {source}"
    if kind == specs.SQL:
        return f"SQL built from {source} reaches {callee}()"
    if kind == specs.PATH:
        return f"File path built from {source} reaches {callee}()"
    if kind == specs.XSS:
        target = callee if callee.startswith("the ") else f"{callee}()"
        return f"Data from {source} reaches {target} without HTML escaping"
    if kind == specs.REDIRECT:
        if callee.startswith("the "):
            return f"A redirect through {callee} goes to a URL taken from {source}"
        return f"{callee}() redirects to a URL taken from {source}"
    if kind == specs.LDAP:
        return f"LDAP query built from {source} reaches {callee}()"
    if kind == specs.XPATH:
        return f"XPath expression built from {source} reaches {callee}()"
    if kind == specs.XXE:
        if hit.detail == "default":
            return (
                f"XML from {source} is parsed by {callee}() with lxml's default parser, which resolves external "
                "entities before lxml 5.0"
            )
        return f"XML from {source} is parsed by {callee}() with external entities enabled"
    if kind == specs.DESERIALIZATION:
        return f"{callee}() deserialises data from {source}, which can run code while loading"
    if kind == specs.TRUST_BOUNDARY:
        return f"Data from {source} is stored in the session without validation"
    if kind == specs.SSRF:
        return f"{callee}() sends a request to a URL or host taken from {source}"
    return f"Data from {source} reaches {callee}"


def _unknown_origin_message(hit: Hit) -> str:
    callee = hit.callee
    how = hit.how or "a value computed at run time"
    shared = _built_message(hit, f"at run time ({how})")
    if shared is not None:
        return shared
    kind = hit.kind
    if kind == specs.CODE:
        if hit.detail == "compiled":
            return f"{_function(callee)}() called on code compiled from source built at run time ({how})"
        return f"{_function(callee)}() called on code built at run time ({how})"
    if kind == specs.DESERIALIZATION:
        return f"{callee} can run code while loading; only load data this program wrote and nobody else could"
    if kind == specs.SQL:
        return f"{callee}() runs SQL built at run time ({how}) from values of unknown origin"
    if kind == specs.XXE:
        return f"{callee}() parses XML of unknown origin with external entities enabled"
    return f"{callee} receives a value built at run time ({how})"


def _function(callee: str) -> str:
    return callee.removeprefix("builtins.")
