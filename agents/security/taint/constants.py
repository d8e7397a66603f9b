"""Constant folding for the taint engine: what an expression over known constants evaluates to.

Folding lets the engine decide conditions (`if 7 * 18 + num > 200` with `num = 106`), pick the
taken branch of a conditional expression, and read containers precisely. It never runs scanned
code: only operators and a fixed set of pure str/bytes methods on plain constants are evaluated,
with bounded result sizes, and anything that fails or would grow large is simply "not constant".
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any, Final

from agents.security.taint.values import NO_CONSTANT

MAX_FOLDED_LENGTH: Final = 4096
"""Longest string, bytes or tuple folding may produce; longer results are treated as not constant."""

_MAX_INTEGER_BITS: Final = 256

_BINARY: Final[dict[type[ast.operator], Callable[[Any, Any], Any]]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
    ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
    ast.BitAnd: operator.and_,
}

_COMPARE: Final[dict[type[ast.cmpop], Callable[[Any, Any], Any]]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda left, right: left in right,
    ast.NotIn: lambda left, right: left not in right,
}

_PLAIN_TYPES: Final = (str, bytes, int, float, complex, bool, type(None), tuple, frozenset)

# Pure methods of str and bytes that folding may call, with at most this many arguments.
_FOLDABLE_METHODS: Final = frozenset(
    {
        "upper",
        "lower",
        "casefold",
        "capitalize",
        "title",
        "swapcase",
        "strip",
        "lstrip",
        "rstrip",
        "replace",
        "split",
        "rsplit",
        "splitlines",
        "partition",
        "rpartition",
        "startswith",
        "endswith",
        "find",
        "rfind",
        "count",
        "isdigit",
        "isnumeric",
        "isdecimal",
        "isalpha",
        "isalnum",
        "isspace",
        "isidentifier",
        "islower",
        "isupper",
        "removeprefix",
        "removesuffix",
        "zfill",
        "center",
        "ljust",
        "rjust",
        "encode",
        "decode",
        "join",
        "format",
    }
)


def is_plain(value: object) -> bool:
    """Whether `value` is a constant folding may work with (no user-defined types, bounded size)."""
    if not isinstance(value, _PLAIN_TYPES):
        return False
    if isinstance(value, (str, bytes, tuple, frozenset)) and len(value) > MAX_FOLDED_LENGTH:
        return False
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _MAX_INTEGER_BITS:
        return False
    if isinstance(value, (tuple, frozenset)):
        return all(is_plain(item) for item in value)
    return True


def _bounded(result: object) -> object:
    return result if is_plain(result) else NO_CONSTANT


def fold_binary(operation: ast.operator, left: object, right: object) -> object:
    function = _BINARY.get(type(operation))
    if function is None or not is_plain(left) or not is_plain(right):
        return NO_CONSTANT
    if isinstance(operation, ast.Mult):
        # Refuse to build huge sequences before measuring them.
        count = right if isinstance(left, (str, bytes, tuple)) else left
        sequence = left if isinstance(left, (str, bytes, tuple)) else right
        if isinstance(sequence, (str, bytes, tuple)) and isinstance(count, int):
            if count * len(sequence) > MAX_FOLDED_LENGTH:
                return NO_CONSTANT
    if isinstance(operation, ast.Pow) and isinstance(right, int) and abs(right) > 64:
        return NO_CONSTANT
    if isinstance(operation, ast.LShift) and isinstance(right, int) and right > _MAX_INTEGER_BITS:
        return NO_CONSTANT
    if isinstance(operation, ast.Mod) and isinstance(left, (str, bytes)) and len(left) > MAX_FOLDED_LENGTH // 2:
        return NO_CONSTANT
    try:
        return _bounded(function(left, right))
    except Exception:  # noqa: BLE001 - folding failed: the value is simply not a known constant
        return NO_CONSTANT


def fold_unary(operation: ast.unaryop, operand: object) -> object:
    if not is_plain(operand):
        return NO_CONSTANT
    try:
        if isinstance(operation, ast.Not):
            return not operand
        if isinstance(operation, ast.USub):
            return _bounded(-operand)  # type: ignore[operator]
        if isinstance(operation, ast.UAdd):
            return _bounded(+operand)  # type: ignore[operator]
        if isinstance(operation, ast.Invert):
            return _bounded(~operand)  # type: ignore[operator]
    except Exception:  # noqa: BLE001 - e.g. -"text": not a constant
        return NO_CONSTANT
    return NO_CONSTANT


def fold_compare(operation: ast.cmpop, left: object, right: object) -> object:
    function = _COMPARE.get(type(operation))
    if function is None or not is_plain(left) or not is_plain(right):
        return NO_CONSTANT
    try:
        return bool(function(left, right))
    except Exception:  # noqa: BLE001 - e.g. 1 < "a": the comparison is not known
        return NO_CONSTANT


def fold_subscript(container: object, index: object) -> object:
    if not is_plain(container) or not isinstance(container, (str, bytes, tuple)):
        return NO_CONSTANT
    if not isinstance(index, (int, slice)) or isinstance(index, bool):
        return NO_CONSTANT
    try:
        return _bounded(container[index])
    except Exception:  # noqa: BLE001 - out of range: not a constant
        return NO_CONSTANT


def fold_slice(lower: object, upper: object, step: object) -> object:
    parts = (lower, upper, step)
    if not all(part is None or (isinstance(part, int) and not isinstance(part, bool)) for part in parts):
        return NO_CONSTANT
    return slice(lower, upper, step)


def fold_method(receiver: object, method: str, arguments: tuple[object, ...]) -> object:
    """A pure str/bytes method applied to constants, e.g. "a,b".split(",")."""
    if method not in _FOLDABLE_METHODS or not isinstance(receiver, (str, bytes)) or len(arguments) > 3:
        return NO_CONSTANT
    if not is_plain(receiver) or not all(is_plain(argument) for argument in arguments):
        return NO_CONSTANT
    if method in ("center", "ljust", "rjust", "zfill") and arguments:
        width = arguments[0]
        if not isinstance(width, int) or width > MAX_FOLDED_LENGTH:
            return NO_CONSTANT
    if (
        method == "format"
        and isinstance(receiver, str)
        and any(not isinstance(a, (str, int, float)) for a in arguments)
    ):
        return NO_CONSTANT
    try:
        result = getattr(receiver, method)(*arguments)
    except Exception:  # noqa: BLE001 - wrong arguments: not a constant
        return NO_CONSTANT
    if isinstance(result, list):
        result = tuple(result)
    return _bounded(result)


def fold_format(value: object, spec: str, conversion: int) -> object:
    """One replacement field of an f-string."""
    if not is_plain(value):
        return NO_CONSTANT
    try:
        if conversion == ord("r"):
            value = repr(value)
        elif conversion == ord("s"):
            value = str(value)
        elif conversion == ord("a"):
            value = ascii(value)
        return _bounded(format(value, spec))
    except Exception:  # noqa: BLE001 - bad format spec: not a constant
        return NO_CONSTANT


def truth(value: object) -> bool | None:
    """The truthiness of a constant, None when it is not a constant."""
    if value is NO_CONSTANT or not is_plain(value):
        return None
    return bool(value)
