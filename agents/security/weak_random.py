"""Weak randomness (CWE-330/338): values of the random module that end up as secrets or in front of a client.

The random module is a Mersenne Twister: fine for simulations and sampling, predictable for anything an
attacker must not guess. What makes a use a problem is where the value goes, so this pass follows
values made by random.* (and by random.Random() instances) through the local variables of each
function, in source order, to the places that give them a purpose:

- a name that says secret (token, password, nonce, salt, otp, session id, ...): an assignment target,
  an attribute, a constant subscript key, a dict key, a keyword argument, or the name of the function
  that returns it (high confidence);
- a cookie value (set_cookie) (high confidence);
- the body of a response or the return value of a view, when the value looks like an identifier
  rather than a pick from a list (`''.join(random.choice(...))`, random.random(), a wide randint)
  (medium confidence).

Overwriting a variable with a value that does not come from random clears it. The pass only runs on
files that import random, and walks statements and expressions with explicit stacks (no recursion).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agents.security import rules
from agents.security.constant_facts import ConstantFacts, any_line_within, header_lines
from agents.security.secrets import name_words
from agents.security.taint.constants import truth
from agents.security.taint.support import path_key
from analyzer.findings import Confidence

if TYPE_CHECKING:
    from agents.security.checks import SecurityScanner

# random.<name> functions whose result is a random value (shuffle changes its argument in place).
_VALUE_FUNCTIONS = frozenset(
    {"random", "randint", "randrange", "choice", "choices", "getrandbits", "randbytes", "sample", "uniform"}
)
_IN_PLACE = "shuffle"
CALL_NAMES = _VALUE_FUNCTIONS | {_IN_PLACE, "Random"}
"""Names of calls that may make a random value or a generator (`random.choice`, `rng.choice`, `Random()`): the
main scan notes the lines of calls so named, and this pass looks only at code that has one or reads a variable
that holds a random value."""
# Always identifier-like: a float or a bit string has no other use in a response than as an id.
_IDENTIFIER_LIKE = frozenset({"random", "getrandbits", "randbytes"})
_PICKS = frozenset({"choice", "choices", "sample"})
# randint/randrange bounds this far apart make a code or an id, not a die roll or a percentage.
_WIDE_RANGE = 1_000
# Calls whose arguments only size or delay something: a random length or delay is not a random value.
_SIZE_ONLY_CALLS = frozenset({"range", "len", "sleep", "time.sleep", "asyncio.sleep"})
_CONTAINER_ADDERS = frozenset({"append", "extend", "insert", "add", "appendleft"})

# Names whose last word alone says "secret".
_SECRET_WORDS = frozenset(
    {
        "token",
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "passcode",
        "secret",
        "nonce",
        "salt",
        "otp",
        "totp",
        "hotp",
        "pin",
        "pincode",
        "csrf",
        "xsrf",
        "apikey",
        "sessionid",
        "sessid",
    }
)
# Generic last words that name a secret after one of these qualifiers: api_key, session_id, reset_code.
_QUALIFIED_SECRET_WORDS = {
    "key": frozenset(
        {"api", "secret", "private", "session", "signing", "encryption", "access", "auth", "hmac", "crypto", "jwt"}
    ),
    "id": frozenset({"session", "sess"}),
    "code": frozenset(
        {
            "reset",
            "verification",
            "verify",
            "activation",
            "confirmation",
            "confirm",
            "auth",
            "login",
            "otp",
            "security",
            "recovery",
            "invite",
            "invitation",
            "access",
            "mfa",
            "sms",
            "pin",
        }
    ),
    "cookie": frozenset({"session", "auth", "remember"}),
}
# Trailing words that only say how a secret is encoded: token_hex, salt_bytes, password_str.
_ENCODING_WORDS = frozenset({"value", "str", "string", "hex", "bytes", "b64", "base64", "raw", "text", "plain"})

_VIEW_DECORATORS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "api_route", "api_view", "view_config", "websocket"}
)
_RESPONSE_FACTORIES = frozenset(
    {
        "make_response",
        "jsonify",
        "HttpResponse",
        "JsonResponse",
        "Response",
        "JSONResponse",
        "PlainTextResponse",
        "HTMLResponse",
        "json_response",
    }
)


def names_a_secret(name: str) -> bool:
    """Whether a variable, attribute, key, keyword or function name says its value is a secret."""
    words = name_words(name)
    while len(words) > 1 and words[-1] in _ENCODING_WORDS:
        words.pop()
    if not words:
        return False
    last = words[-1]
    if last in _SECRET_WORDS:
        return True
    qualifiers = _QUALIFIED_SECRET_WORDS.get(last)
    return qualifiers is not None and len(words) >= 2 and words[-2] in qualifiers


@dataclass(frozen=True)
class Origin:
    """Which random function made a value, and whether the value looks like an identifier."""

    function: str
    identifier_like: bool
    # The variable the value was read from, when it came through one: a variable already reported as a
    # secret is not reported again where it is used.
    via: str = ""


Path = tuple[int, ...]
"""The blocks (statement lists, by id) open around a statement, outermost first."""


@dataclass
class _Pending:
    """A random value assigned to a local with a secret's name: reported once the variable is read."""

    value: ast.expr
    origin: Origin
    target: str
    path: Path


@dataclass
class _Scope:
    tainted: dict[str, Origin] = field(default_factory=dict)
    tainted_at: dict[str, Path] = field(default_factory=dict)
    pending: dict[str, _Pending] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)
    instances: set[str] = field(default_factory=set)  # names bound to random.Random(...)
    function_name: str = ""
    is_view: bool = False
    path: Path = ()

    def overwrites(self, earlier: Path) -> bool:
        """Whether an assignment at the current statement surely replaces one made at `earlier`: it runs in the
        same block or in a block around it (so after it, whichever branch ran)."""
        return bool(self.path) and self.path[-1] in earlier


def find_weak_randomness(
    scanner: SecurityScanner, tree: ast.Module, call_lines: list[int], facts: ConstantFacts
) -> None:
    """Report weak randomness in `tree`; `call_lines` are the lines of calls named in CALL_NAMES, `facts` tell
    dead branches and the value of conditions (their lines of interest include `call_lines`)."""
    if call_lines:
        _WeakRandomness(scanner, sorted(set(call_lines)), facts).run(tree)


class _WeakRandomness:
    def __init__(self, scanner: SecurityScanner, call_lines: list[int], facts: ConstantFacts) -> None:
        self.scanner = scanner
        self.resolve = scanner.aliases.resolve
        self.facts = facts
        self._call_lines = call_lines
        self._pending: list[tuple[list[ast.stmt], _Scope]] = []
        self._module_instances: set[str] = set()

    # -- walking statements ------------------------------------------------

    def run(self, tree: ast.Module) -> None:
        module_scope = _Scope()
        self._pending.append((tree.body, module_scope))
        while self._pending:
            body, scope = self._pending.pop()
            self._run_body(body, scope)

    def _run_body(self, body: list[ast.stmt], scope: _Scope) -> None:
        stack: list[tuple[Iterator[ast.stmt], Path]] = [(iter(body), (id(body),))]
        while stack:
            statements, path = stack[-1]
            statement = next(statements, None)
            if statement is None:
                stack.pop()
                continue
            if self.facts.is_dead(statement.lineno):
                continue  # a branch no execution reaches (`if LEGACY_TOKENS:` with LEGACY_TOKENS = False)
            scope.path = path
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # A function starts with no random values: without a random call inside, it cannot make one.
                if self._has_call_between(statement.lineno, statement.end_lineno or statement.lineno):
                    self._pending.append((statement.body, self._function_scope(statement)))
                continue
            if isinstance(statement, ast.ClassDef):
                if self._has_call_between(statement.lineno, statement.end_lineno or statement.lineno):
                    self._pending.append((statement.body, _Scope()))
                continue
            if scope.tainted or scope.pending or self._has_call_between(*header_lines(statement)):
                self._statement(statement, scope)
            # Blocks are pushed last first, so they are walked in source order.
            stack.extend((iter(block), (*path, id(block))) for block in reversed(_nested_blocks(statement)))

    def _has_call_between(self, first: int, last: int) -> bool:
        return any_line_within(self._call_lines, first, last)

    def _function_scope(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> _Scope:
        return _Scope(function_name=function.name, is_view=_is_view(function))

    def _statement(self, statement: ast.stmt, scope: _Scope) -> None:
        self._expressions(_own_expressions(statement), scope)
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                self._assigned(target, statement.value, scope, replace=True)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            self._assigned(statement.target, statement.value, scope, replace=True)
        elif isinstance(statement, ast.AugAssign):
            self._assigned(statement.target, statement.value, scope, replace=False)
        elif isinstance(statement, ast.Return) and statement.value is not None:
            self._returned(statement.value, scope)

    # -- sinks ------------------------------------------------------------

    def _assigned(self, target: ast.expr, value: ast.expr, scope: _Scope, *, replace: bool) -> None:
        if isinstance(value, ast.Call) and self.resolve(value.func) == "random.Random":
            key = path_key(target)
            if key is not None:
                (scope.instances if scope.function_name else self._module_instances).add(key)
            return
        origin = self.origin(value, scope)
        holder = _holder_name(target)
        key = path_key(target)
        if key is not None and replace:
            self._forget(key, scope)
        if origin is not None and holder is not None and names_a_secret(holder):
            shown = ast.unparse(target) if not isinstance(target, ast.Name) else target.id
            if scope.function_name and isinstance(target, ast.Name) and replace:
                # A local: reported once read, so a value overwritten before any use is no finding.
                scope.pending[target.id] = _Pending(value, origin, shown, scope.path)
            else:
                self._report(value, origin, f"becomes '{shown}'", Confidence.HIGH, scope)
                if key is not None:
                    scope.reported.add(key)
        if key is not None and origin is not None:
            scope.tainted[key] = Origin(origin.function, origin.identifier_like, via=key)
            scope.tainted_at[key] = scope.path

    def _forget(self, key: str, scope: _Scope) -> None:
        """An assignment replaces what `key` held, when it surely runs after the earlier one."""
        if key in scope.tainted and scope.overwrites(scope.tainted_at.get(key, ())):
            del scope.tainted[key]
            scope.reported.discard(key)
        pending = scope.pending.get(key)
        if pending is not None and scope.overwrites(pending.path):
            del scope.pending[key]

    def _read(self, name: str, scope: _Scope) -> None:
        pending = scope.pending.pop(name, None)
        if pending is not None:
            self._report(pending.value, pending.origin, f"becomes '{pending.target}'", Confidence.HIGH, scope)
            scope.reported.add(name)

    def _returned(self, value: ast.expr, scope: _Scope) -> None:
        if not scope.function_name:
            return
        if names_a_secret(scope.function_name):
            self._report_random(value, f"is returned by {scope.function_name}()", Confidence.HIGH, scope)
        elif scope.is_view:
            fate = f"is returned to the client by the view {scope.function_name}()"
            self._report_random(value, fate, Confidence.MEDIUM, scope, identifier_only=True)

    def _call(self, call: ast.Call, scope: _Scope) -> None:
        func = call.func
        method = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        for keyword in call.keywords:
            if keyword.arg is not None and names_a_secret(keyword.arg):
                self._report_random(keyword.value, f"is passed as {keyword.arg}=", Confidence.HIGH, scope)
        if method in ("set_cookie", "set_signed_cookie"):
            value = call.args[1] if len(call.args) > 1 else _keyword(call, "value")
            if value is not None:
                self._report_random(value, "is sent to the client in a cookie", Confidence.HIGH, scope)
        elif method in _RESPONSE_FACTORIES:
            for argument in [*call.args, *(k.value for k in call.keywords if k.arg is None or k.arg == "content")]:
                fate = f"is sent to the client by {method}()"
                self._report_random(argument, fate, Confidence.MEDIUM, scope, identifier_only=True)
        elif method in _CONTAINER_ADDERS and isinstance(func, ast.Attribute):
            key = path_key(func.value)
            if key is not None:
                origin = next((o for o in (self.origin(a, scope) for a in call.args) if o is not None), None)
                if origin is not None:
                    scope.tainted[key] = origin
        elif method == _IN_PLACE and call.args and self._random_function(call, scope) == _IN_PLACE:
            key = path_key(call.args[0])
            if key is not None:
                scope.tainted[key] = Origin("random.shuffle", identifier_like=False)

    def _dict(self, node: ast.Dict, scope: _Scope) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and names_a_secret(key.value):
                self._report_random(value, f"is stored as {key.value!r}", Confidence.HIGH, scope)

    def _report_random(
        self, node: ast.expr, fate: str, confidence: Confidence, scope: _Scope, *, identifier_only: bool = False
    ) -> None:
        """Report `node` when a random function made (part of) its value; `identifier_only`: only when the value
        looks like an identifier (where a pick from a list would be harmless)."""
        origin = self.origin(node, scope)
        if origin is not None and (origin.identifier_like or not identifier_only):
            self._report(node, origin, fate, confidence, scope)

    def _report(self, node: ast.expr, origin: Origin, fate: str, confidence: Confidence, scope: _Scope) -> None:
        """One finding: `fate` says where the value went ("is sent to the client in a cookie")."""
        if origin.via and origin.via in scope.pending:
            self._read(origin.via, scope)  # one finding, where the secret was made, for its first use
            return
        if origin.via and origin.via in scope.reported:
            return  # reported where the variable was made
        what = f"{_made_by(origin)} {fate}"
        self.scanner.report(
            rules.WEAK_RANDOMNESS,
            node,
            f"{what[:1].upper()}{what[1:]}; the random module is predictable, use the secrets module",
            confidence=confidence,
        )

    # -- expressions ------------------------------------------------------

    def _expressions(self, roots: list[ast.expr], scope: _Scope) -> None:
        """Calls and dict displays anywhere in the expressions, each seen once (lambdas included)."""
        pending: list[ast.AST] = list(roots)
        while pending:
            node = pending.pop()
            if isinstance(node, ast.Call):
                self._call(node, scope)
            elif isinstance(node, ast.Dict):
                self._dict(node, scope)
            elif isinstance(node, ast.Name):
                if node.id in scope.pending and isinstance(node.ctx, ast.Load):
                    self._read(node.id, scope)
                continue
            pending.extend(ast.iter_child_nodes(node))

    def origin(self, node: ast.expr, scope: _Scope) -> Origin | None:
        """The random function that made (part of) the value of `node`, if one did."""
        pending: list[tuple[ast.AST, bool]] = [(node, False)]
        found: Origin | None = None
        while pending:
            current, joined = pending.pop()
            if isinstance(current, ast.Call):
                function = self._random_function(current, scope)
                if function is not None and function != _IN_PLACE:
                    candidate = Origin(f"random.{function}", _identifier_like(function, current, joined))
                    if candidate.identifier_like:
                        return candidate
                    found = found or candidate
                    continue
                callee = self.resolve(current.func)
                if callee in _SIZE_ONLY_CALLS:
                    continue
                joined = joined or (isinstance(current.func, ast.Attribute) and current.func.attr == "join")
            elif isinstance(current, (ast.Name, ast.Attribute)):
                key = path_key(current)
                if key is not None and key in scope.tainted:
                    tainted = scope.tainted[key]
                    if tainted.identifier_like or joined:
                        return Origin(tainted.function, identifier_like=True, via=tainted.via)
                    found = found or tainted
                    continue
            elif isinstance(current, ast.IfExp):
                verdict = truth(self.facts.value(current.test))
                if verdict is not None:
                    pending.append((current.body if verdict else current.orelse, joined))
                    continue  # the other branch is never taken (`a if 7 * 18 + num > 200 else b`)
            elif isinstance(current, ast.Lambda):
                continue
            pending.extend((child, joined) for child in ast.iter_child_nodes(current))
        return found

    def _random_function(self, call: ast.Call, scope: _Scope) -> str | None:
        """The random-module function a call runs (`random.choice`, `rng.choice` on a random.Random), else None."""
        func = call.func
        qualified = self.resolve(func)
        if qualified is not None and qualified.startswith("random."):
            name = qualified[len("random.") :]
            if name in _VALUE_FUNCTIONS or name == _IN_PLACE:
                return name
            return None
        if not isinstance(func, ast.Attribute) or (func.attr not in _VALUE_FUNCTIONS and func.attr != _IN_PLACE):
            return None
        receiver = func.value
        if isinstance(receiver, ast.Call) and self.resolve(receiver.func) == "random.Random":
            return func.attr
        key = path_key(receiver)
        return func.attr if key is not None and (key in scope.instances or key in self._module_instances) else None


def _identifier_like(function: str, call: ast.Call, joined: bool) -> bool:
    if function in _IDENTIFIER_LIKE:
        return True
    if function in ("randint", "randrange"):
        bounds = [arg.value for arg in call.args[:2] if isinstance(arg, ast.Constant)]
        if len(bounds) == 2 and all(isinstance(b, int) and not isinstance(b, bool) for b in bounds):
            low, high = bounds
            return isinstance(low, int) and isinstance(high, int) and high - low >= _WIDE_RANGE
        if len(call.args) == 1 and isinstance(call.args[0], ast.Constant):
            stop = call.args[0].value
            return isinstance(stop, int) and not isinstance(stop, bool) and stop >= _WIDE_RANGE
        return False
    if function in _PICKS:
        return joined
    return False


def _made_by(origin: Origin) -> str:
    verb = "shuffled" if origin.function == "random.shuffle" else "made"
    return f"a value {verb} by {origin.function}()"


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def _holder_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
        value = target.slice.value
        return value if isinstance(value, str) else None
    return None


def _is_view(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A route handler: a route decorator (Flask, FastAPI, DRF, Pyramid), or `request` as first parameter
    (Django, aiohttp; after self in class-based views)."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
        if name in _VIEW_DECORATORS:
            return True
    parameters = [argument.arg for argument in (*function.args.posonlyargs, *function.args.args)]
    if parameters and parameters[0] in ("self", "cls"):
        parameters = parameters[1:]
    return bool(parameters) and parameters[0] in ("request", "req")


def _nested_blocks(statement: ast.stmt) -> list[list[ast.stmt]]:
    """The blocks of a compound statement, in source order (function and class bodies are walked on their own)."""
    blocks: list[list[ast.stmt]] = []
    for name in ("body", "handlers", "orelse", "finalbody", "cases"):
        value = getattr(statement, name, None)
        if not value or not isinstance(value, list):
            continue
        if isinstance(value[0], ast.stmt):
            blocks.append(value)
        else:  # except handlers or match cases, each with a body of its own
            blocks.extend(item.body for item in value if getattr(item, "body", None))
    return blocks


def _own_expressions(statement: ast.stmt) -> list[ast.expr]:
    """The expressions of a statement itself, not those of the statements nested in it."""
    roots: list[ast.expr] = []
    for _, value in ast.iter_fields(statement):
        if isinstance(value, ast.expr):
            roots.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.expr):
                    roots.append(item)
                elif isinstance(item, ast.withitem):
                    roots.append(item.context_expr)
    return roots
