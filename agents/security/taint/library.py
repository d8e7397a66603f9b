"""Library calls with their own value semantics (StringIO, deque, shlex.split, os.path.join, re,
string.Template, URL builders, getattr), and the builtins the engine folds or propagates through."""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from agents.security.taint import specs
from agents.security.taint.support import (
    CallArguments,
    data_of,
    is_safe_pattern,
    removes_all_but_safe_characters,
    step_at,
)
from agents.security.taint.values import (
    CLEAN,
    CLEAN_VALUE,
    TAINTED,
    UNKNOWN_VALUE,
    Taint,
    Value,
    combine,
    constant,
    container,
    join_all,
    tainted,
)

if TYPE_CHECKING:
    from agents.security.taint.engine import Interpreter


def _call_io_stringio(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    initial = arguments.positional[0] if arguments.positional else constant("")
    return Value(initial.level if initial.level == TAINTED else CLEAN, initial.taint, tag="stringio")


def _call_deque(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    if not arguments.positional:
        return container("deque", elems=())
    source = arguments.positional[0]
    if source.elems is not None:
        return container("deque", elems=source.elems, rest=source.rest)
    return container("deque", rest=source.element())


def _call_queue(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    return container("queue", elems=())


def _call_shlex_split(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    joined = arguments.joined()
    return container("list", rest=data_of(joined))


def _call_os_path_join(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    values = arguments.positional
    if values and all(value.has_constant and isinstance(value.const, str) for value in values):
        return constant(posixpath.join(*[str(value.const) for value in values]))
    combined = combine(values) if values else CLEAN_VALUE
    return Value(combined.level, combined.taint, prefix=combined.prefix)


def _call_re_compile(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    pattern = arguments.positional[0] if arguments.positional else UNKNOWN_VALUE
    if isinstance(pattern.const, str):
        return Value(CLEAN, tag="regex:" + pattern.const)
    return Value(pattern.level, pattern.taint)


def _call_regex_function(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    # re.match/search/findall/sub...: results carry the subject's (and replacement's) data.
    values = arguments.positional[1:]
    joined = join_all(values) if values else CLEAN_VALUE
    return data_of(joined)


def _call_regex_sub(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    """re.sub(r"[^a-z0-9]", "", text) keeps only the characters of a safe class: nothing to inject."""
    values = arguments.positional
    if len(values) >= 3 and isinstance(values[0].const, str) and isinstance(values[1].const, str):
        if removes_all_but_safe_characters(values[0].const) and is_safe_pattern(values[1].const or "x", full=True):
            return CLEAN_VALUE if values[2].level < TAINTED else Value(CLEAN)
    return _call_regex_function(self, arguments, node)


def _call_string_template(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    return data_of(arguments.joined())


def _call_urlunparse(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    joined = arguments.joined()
    return Value(joined.level, joined.taint)


def _call_getattr(self: Interpreter, arguments: CallArguments, node: ast.Call) -> Value:
    values = arguments.positional
    if len(values) >= 2 and values[0].tag == "request" and isinstance(values[1].const, str):
        if values[1].const in specs.REQUEST_DATA_ATTRIBUTES:
            return tainted(Taint(step_at(node, f"request.{values[1].const}"), ()))
    if values and values[0].level == TAINTED:
        return Value(TAINTED, values[0].taint)
    return UNKNOWN_VALUE


QUALIFIED_HANDLERS: Final[dict[str, Callable[[Interpreter, CallArguments, ast.Call], Value]]] = {
    "io.StringIO": _call_io_stringio,
    "io.BytesIO": _call_io_stringio,
    "collections.deque": _call_deque,
    "queue.Queue": _call_queue,
    "queue.SimpleQueue": _call_queue,
    "shlex.split": _call_shlex_split,
    "os.path.join": _call_os_path_join,
    "posixpath.join": _call_os_path_join,
    "re.compile": _call_re_compile,
    **dict.fromkeys(
        ["re.match", "re.search", "re.fullmatch", "re.findall", "re.finditer", "re.subn", "re.split"],
        _call_regex_function,
    ),
    "re.sub": _call_regex_sub,
    "string.Template": _call_string_template,
    "urllib.parse.urlunparse": _call_urlunparse,
    "urllib.parse.urlunsplit": _call_urlunparse,
    "urllib.parse.urljoin": _call_urlunparse,
    "urllib.request.Request": _call_urlunparse,
    "getattr": _call_getattr,
    "builtins.getattr": _call_getattr,
}

TEXT_CONVERTERS: Final[dict[str, Callable[[object], str]]] = {"str": str, "repr": repr, "ascii": ascii}

BUILTIN_FUNCTIONS: Final = frozenset(
    {
        "str",
        "repr",
        "ascii",
        "bytes",
        "bytearray",
        "list",
        "tuple",
        "set",
        "frozenset",
        "dict",
        "sorted",
        "reversed",
        "enumerate",
        "zip",
        "map",
        "filter",
        "min",
        "max",
        "sum",
        "next",
        "iter",
        "format",
        "print",
        "range",
        "slice",
        "object",
        "super",
        "memoryview",
        "chr",
        "hex",
    }
)
