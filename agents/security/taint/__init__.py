"""Taint tracking for the security agent: where attacker-controlled data reaches a dangerous call.

`taint_findings` runs the engine (engine.py) over one parsed module and returns what the scanner
reports: the rule, the node to point at, the message, confidence, severity and the source/flow
properties of every hit. Only functions that can matter are interpreted: web views, functions that
mention a source, and functions with a call that is reported even without a source (the scanner
passes their lines); helpers they call are analysed on demand.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from agents.security.taint.engine import analyse
from agents.security.taint.model import NameResolver
from agents.security.taint.report import LineText, TaintFinding, to_finding
from agents.security.taint.specs import PATTERN_SINK_CALLS, PATTERN_SINK_METHODS

__all__ = ["PATTERN_SINK_CALLS", "PATTERN_SINK_METHODS", "TaintFinding", "taint_findings"]


def taint_findings(
    tree: ast.Module,
    aliases: NameResolver,
    text: str,
    candidate_lines: Iterable[int],
    line_text: LineText,
) -> list[TaintFinding]:
    """The taint findings of one module.

    `text` is the module's source, `candidate_lines` the lines of calls that are sinks even without
    a known source (PATTERN_SINK_CALLS, PATTERN_SINK_METHODS), `line_text(n)` line n as ast numbers
    lines (for columns).
    """
    return [to_finding(hit, line_text) for hit in analyse(tree, aliases, text, candidate_lines)]
