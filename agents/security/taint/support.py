"""What the taint engine's parts share: hits, call arguments, value helpers and small syntactic checks."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from agents.security.taint import constants as folding
from agents.security.taint import specs
from agents.security.taint.values import (
    CLEAN,
    CLEAN_VALUE,
    TAINTED,
    Step,
    Taint,
    Value,
    join_all,
)

FIXED_HOST: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\]+[/?#]")
"""A constant start that fixes scheme and host (`https://api.example.com/`): the rest cannot change them."""
LOCAL_PATH: Final = re.compile(r"^/(?![/\\])")
"""A constant start that keeps a redirect on this site (`/account/`, not `//host` or `/\\host`)."""
CONTAINER_TAGS: Final = frozenset({"list", "tuple", "set", "dict", "json", "response", "config"})
"""Kinds of values that a web framework sends as JSON or as a response object, never as raw HTML text."""
NO_PARENT_STEP: Final = "no-parent-step"
"""A fact kept with the sanitised kinds: the text was checked to hold no `..`."""
ANCHORED: Final = "anchored"
"""A fact: the data follows a fixed leading part of the string it was built into (`f"{BASE}/{name}"`), so the
result cannot be an absolute path."""
BACKSLASHES_NORMALISED: Final = "backslashes-normalised"
"""A fact kept with the sanitised kinds: the text's backslashes were replaced (relative-URL checks need it)."""


@dataclass(frozen=True)
class Hit:
    """A sink reached by data: what the reporter turns into a Finding."""

    kind: str
    node: ast.AST
    confidence: str
    """"high", "medium" or "low"."""
    taint: Taint | None
    sink: Step
    callee: str
    """How the sink is named in messages: "os.system", "cursor.execute", "the view's response"."""
    how: str | None = None
    """For low-confidence hits: how the value is built ("an f-string", "the variable 'cmd'")."""
    detail: str | None = None
    """A specific variant (e.g. "shell=True", "compile") the reporter words differently."""


def describe_built(node: ast.expr | None) -> tuple[str, bool]:
    """How a run-time value is built, for messages, and whether data is visibly interpolated into it."""
    if isinstance(node, ast.JoinedStr):
        return "an f-string", True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return "string concatenation", True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return "%-formatting", True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return "str.format()", True
    if isinstance(node, ast.Name):
        return f"the variable '{node.id}'", False
    if isinstance(node, ast.Attribute):
        return f"the attribute '{node.attr}'", False
    if isinstance(node, ast.Call):
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "a call")
        return f"the result of {callee}()", False
    if isinstance(node, ast.Subscript):
        return "a subscript", False
    return "a value computed at run time", False


def path_key(node: ast.expr) -> str | None:
    """ "name" or "name.attr.attr" for a variable or an attribute chain on one, else None."""
    if isinstance(node, ast.Name):
        return node.id
    parts: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name) or not parts:
        return None
    parts.append(current.id)
    return ".".join(reversed(parts))


def root_name(node: ast.expr) -> str | None:
    current = node
    while isinstance(current, ast.Attribute):
        current = current.value
    return current.id if isinstance(current, ast.Name) else None


def string_constant(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def step_at(node: ast.AST, description: str) -> Step:
    return Step(getattr(node, "lineno", 1), getattr(node, "col_offset", 0), description)


def short_text(node: ast.AST, limit: int = 40) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - unparse is best effort for descriptions
        return "expression"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class CallArguments:
    """A call's evaluated arguments, with their nodes (for "built at the call" checks)."""

    positional: list[Value]
    positional_nodes: list[ast.expr]
    keywords: dict[str, Value]
    keyword_nodes: dict[str, ast.expr]
    starred: Value | None
    """Everything passed through *args or **kwargs, joined."""

    def get(self, position: int | None, names: Sequence[str] = ()) -> tuple[Value, ast.expr] | None:
        if position is not None and position < len(self.positional):
            return self.positional[position], self.positional_nodes[position]
        for name in names:
            if name in self.keywords:
                return self.keywords[name], self.keyword_nodes[name]
        return None

    def all_values(self) -> list[Value]:
        values = [*self.positional, *self.keywords.values()]
        if self.starred is not None:
            values.append(self.starred)
        return values

    def joined(self) -> Value:
        values = self.all_values()
        return join_all(values) if values else CLEAN_VALUE


def uncertain(value: Value) -> Value:
    if value.taint is None or value.taint.uncertain:
        return value
    return replace(value, taint=value.taint.made_uncertain())


def sanitised(value: Value, kinds: frozenset[str]) -> Value:
    if value.taint is None:
        return value
    return replace(value, taint=value.taint.sanitised(kinds))


def desanitised(value: Value) -> Value:
    if value.taint is None or not value.taint.safe:
        return value
    return replace(value, taint=replace(value.taint, safe=frozenset()))


def data_of(value: Value, *, tag: str | None = None) -> Value:
    """A value carrying `value`'s data but nothing of its shape (a new string built from it)."""
    if value.level == TAINTED:
        return Value(TAINTED, value.taint, tag=tag)
    return Value(value.level, tag=tag)


def all_clean_container(value: Value) -> bool:
    """An allow-list: a container whose every element is clean (a literal, a constant, a clean set)."""
    if value.level != CLEAN:
        return False
    if value.has_constant:
        return isinstance(value.const, (tuple, frozenset))
    return value.elems is not None or value.entries is not None or value.tag in ("set", "list", "tuple", "dict")


def keyword_entries(arguments: CallArguments) -> dict[object, Value]:
    return dict(arguments.keywords.items())


def is_number(value: Value) -> bool:
    return isinstance(value.const, (int, float, complex)) and not isinstance(value.const, bool)


def names_numbers(node: ast.expr) -> bool:
    names = node.elts if isinstance(node, ast.Tuple) else [node]
    return all(isinstance(name, ast.Name) and name.id in ("int", "float", "bool", "complex") for name in names)


def is_safe_pattern(pattern: str, *, full: bool) -> bool:
    """Whether a regex, matched end to end, only accepts letters, digits and `_ - .` (and spaces): text
    that carries no quote, markup, shell or path-separator syntax."""
    body = pattern
    if body.startswith("^"):
        body = body[1:]
    elif not full:
        return False
    if body.endswith(r"\Z"):
        body = body[:-2]
    elif body.endswith("$") and not body.endswith(r"\$"):
        body = body[:-1]
    elif not full:
        return False
    if not body:
        return False
    index = 0
    while index < len(body):
        character = body[index]
        if character == "[":
            end = body.find("]", index + 1)
            content = body[index + 1 : end]
            if end < 0 or "\\]" in body[index : end + 1] or not _SAFE_CLASS.fullmatch(content):
                return False
            index = end + 1
        elif character == "\\":
            if body[index + 1 : index + 2] not in _SAFE_ESCAPES:
                return False
            index += 2
        elif character == "{":
            end = body.find("}", index)
            if end < 0 or not _REPEAT.fullmatch(body[index + 1 : end]):
                return False
            index = end + 1
        elif character.isalnum() or character in "_-+*?()|":
            index += 1
        else:
            return False  # ".", "$" inside, quotes, slashes...
    return True


def removes_all_but_safe_characters(pattern: str) -> bool:
    """Whether a substitution pattern matches everything outside a safe class: `[^a-zA-Z0-9_-]+`, `\\W`."""
    body = pattern[:-1] if pattern.endswith(("+", "*")) else pattern
    if body in ("\\W", "[\\W]", "[^\\w]"):
        return True
    if body.startswith("[^") and body.endswith("]") and body.count("]") == 1:
        return _SAFE_CLASS.fullmatch(body[2:-1]) is not None
    return False


_SAFE_ESCAPES: Final = frozenset({"w", "d", ".", "-", "_"})
_SAFE_CLASS: Final = re.compile(r"(?:\\[wd.\-_]|[A-Za-z0-9]-[A-Za-z0-9]|[A-Za-z0-9_.\- ])+")
_REPEAT: Final = re.compile(r"\d+(?:,\d*)?")


def has_dynamic_part(node: ast.expr | None) -> bool:
    """Whether a visibly built string has a part that is not a literal."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(value, ast.FormattedValue) for value in node.values)
    if isinstance(node, ast.BinOp):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    return isinstance(node, ast.Call)


def disables_escaping(template: str) -> bool:
    compact = template.replace(" ", "").lower()
    return "|safe" in compact or "autoescapefalse" in compact


def unsafe_lxml_parser(arguments: CallArguments) -> bool:
    resolve = arguments.keywords.get("resolve_entities")
    network = arguments.keywords.get("no_network")
    dtd = arguments.keywords.get("load_dtd")
    return (
        (resolve is not None and folding.truth(resolve.const) is True and resolve.const != "internal")
        or (network is not None and folding.truth(network.const) is False)
        or (dtd is not None and folding.truth(dtd.const) is True)
    )


def receiver_label(node: ast.expr) -> str:
    key = path_key(node)
    if key is not None:
        return key
    if isinstance(node, ast.Call):
        inner = node.func
        name = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", "call")
        return f"{name}()"
    return short_text(node, 24)


def sanitiser_hint(name: str) -> frozenset[str] | None:
    """Sink kinds an unresolved call's name says it escapes for (`escape_for_html` -> xss)."""
    lowered = name.lower()
    if "escape" not in lowered and "sanitiz" not in lowered and "sanitis" not in lowered and "quote" not in lowered:
        return None
    if lowered.startswith("unescape") or lowered.startswith("unquote"):
        return None
    kinds: set[str] = set()
    for hint, hinted in specs.SANITIZER_NAME_HINTS:
        if hint in lowered:
            kinds.update(hinted)
    if not kinds:
        kinds.add(specs.XSS)
    return frozenset(kinds)


def anchored(result: Value, leading: Value | None) -> Value:
    """`result` built with `leading` first: if that part is not the attacker's, the data is anchored."""
    if result.taint is None or leading is None or leading.level == TAINTED:
        return result
    if leading.has_constant and not leading.const:
        return result
    return sanitised(result, frozenset({ANCHORED}))
