"""What a file's code fixes in advance: constant values at a point, and branches that can never run.

The checks that are not taint-tracked (weak hashes, cookie flags, weak randomness) ask two questions
the flat AST pass cannot answer: "what is this argument's value here?" (`hashlib.new(ALGORITHM)`,
`secure=not DEBUG`, `**COOKIE_OPTIONS`) and "can this line run at all?" (`if LEGACY_MODE:` with
`LEGACY_MODE = False`). ConstantFacts answers both with one flow-sensitive walk over a file's
statements, built only when such a question comes up:

- module-level names bound once, to a value folding can compute, are constants everywhere;
- inside a function, names follow the statements in order; a branch whose condition folds is the
  only one walked (the other is dead), names assigned in a branch that may or may not run become
  unknown unless every branch agrees, names assigned in a loop or a try are unknown;
- folding evaluates operators, comparisons, boolean logic, conditional expressions, subscripts of
  constant tuples and dicts and pure str methods, through agents.security.taint.constants, so both
  engines agree on what a constant expression is. The scanned code is never run.

The walk uses explicit stacks. It enters only the functions and classes that contain one of the
"lines of interest" (where a check will ask), and keeps the environments of the statements on those
lines, nothing else.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from agents.security.taint.constants import fold_binary, fold_compare, fold_method, fold_unary, is_plain, truth
from agents.security.taint.values import NO_CONSTANT

Env = dict[str, object]
_MAX_FOLD_NODES = 200


@dataclass(frozen=True)
class ConstantDict:
    """A dict display whose keys and values are all constants (`{"secure": False, "httponly": True}`)."""

    items: tuple[tuple[object, object], ...]

    def get(self, key: object) -> object:
        for item_key, value in self.items:
            if item_key == key and type(item_key) is type(key):
                return value
        return NO_CONSTANT


def is_known(value: object) -> bool:
    return value is not NO_CONSTANT


def fold(node: ast.expr, env: Mapping[str, object]) -> object:
    """The constant value of `node` given the names in `env`, or NO_CONSTANT."""
    return _Folder(env).fold(node)


class _Folder:
    def __init__(self, env: Mapping[str, object]) -> None:
        self.env = env
        self.budget = _MAX_FOLD_NODES

    def fold(self, node: ast.expr) -> object:
        # Recursive, but bounded: at most _MAX_FOLD_NODES nodes are looked at per query, so deep nesting
        # ends in NO_CONSTANT long before the recursion limit.
        self.budget -= 1
        if self.budget < 0:
            return NO_CONSTANT
        if isinstance(node, ast.Constant):
            return node.value if is_plain(node.value) else NO_CONSTANT
        if isinstance(node, ast.Name):
            return self.env.get(node.id, NO_CONSTANT)
        if isinstance(node, ast.UnaryOp):
            return fold_unary(node.op, self.fold(node.operand))
        if isinstance(node, ast.BinOp):
            left = self.fold(node.left)
            return fold_binary(node.op, left, self.fold(node.right)) if is_known(left) else NO_CONSTANT
        if isinstance(node, ast.BoolOp):
            return self._bool_op(node)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            condition = truth(self.fold(node.test))
            if condition is not None:
                return self.fold(node.body if condition else node.orelse)
            body, orelse = self.fold(node.body), self.fold(node.orelse)
            return body if is_known(body) and body == orelse and type(body) is type(orelse) else NO_CONSTANT
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [self.fold(item) for item in node.elts]
            return tuple(items) if all(is_known(item) for item in items) else NO_CONSTANT
        if isinstance(node, ast.Dict):
            return self._dict(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        return NO_CONSTANT

    def _bool_op(self, node: ast.BoolOp) -> object:
        value: object = NO_CONSTANT
        for operand in node.values:
            value = self.fold(operand)
            verdict = truth(value)
            if verdict is None:
                return NO_CONSTANT
            if verdict is isinstance(node.op, ast.Or):
                return value  # `or` stops at the first true operand, `and` at the first false one
        return value

    def _compare(self, node: ast.Compare) -> object:
        left = self.fold(node.left)
        for operation, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.fold(comparator)
            verdict = fold_compare(operation, left, right) if is_known(left) else NO_CONSTANT
            if verdict is not True:
                return verdict
            left = right
        return True

    def _dict(self, node: ast.Dict) -> object:
        items = []
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                return NO_CONSTANT  # {**other}
            folded_key, folded_value = self.fold(key), self.fold(value)
            if not is_known(folded_key) or not is_known(folded_value):
                return NO_CONSTANT
            items.append((folded_key, folded_value))
        return ConstantDict(tuple(items))

    def _subscript(self, node: ast.Subscript) -> object:
        container = self.fold(node.value)
        index = self.fold(node.slice)
        if not is_known(container) or not is_known(index):
            return NO_CONSTANT
        if isinstance(container, ConstantDict):
            return container.get(index)
        if isinstance(container, (str, bytes, tuple)) and isinstance(index, int) and not isinstance(index, bool):
            return container[index] if -len(container) <= index < len(container) else NO_CONSTANT
        return NO_CONSTANT

    def _call(self, node: ast.Call) -> object:
        if not isinstance(node.func, ast.Attribute) or node.keywords:
            return NO_CONSTANT
        receiver = self.fold(node.func.value)
        if not is_known(receiver):
            return NO_CONSTANT
        arguments = [self.fold(argument) for argument in node.args]
        if not all(is_known(argument) for argument in arguments):
            return NO_CONSTANT
        if isinstance(receiver, ConstantDict) and node.func.attr == "get" and 1 <= len(arguments) <= 2:
            found = receiver.get(arguments[0])
            return found if is_known(found) else (arguments[1] if len(arguments) == 2 else None)
        return fold_method(receiver, node.func.attr, tuple(arguments))


# ---------------------------------------------------------------------------
# The flow-sensitive walk.


@dataclass
class _Snapshot:
    first: int
    last: int
    env: Env


class ConstantFacts:
    """Constant values at chosen lines and the dead branches of one file (see the module docstring)."""

    def __init__(self, tree: ast.Module, lines_of_interest: Iterable[int]) -> None:
        self._interesting = sorted(set(lines_of_interest))
        self._snapshots: list[_Snapshot] = []
        self._dead: list[tuple[int, int]] = []
        self._module_constants: Env = _module_constants(tree)
        self._walk_scope(tree.body, dict(self._module_constants))

    # -- queries ----------------------------------------------------------

    def value(self, node: ast.expr) -> object:
        """The constant value of `node` where it is, or NO_CONSTANT (also when its line was not of interest)."""
        line = getattr(node, "lineno", 0)
        containing = [s for s in self._snapshots if s.first <= line <= s.last]
        if not containing:
            return NO_CONSTANT
        return fold(node, max(containing, key=lambda s: s.first).env)

    def is_dead(self, line: int) -> bool:
        """Whether `line` lies in a branch no execution can reach (`if False:` after folding).

        Only functions with a line of interest are walked, so ask about lines of interest."""
        return any(start <= line <= end for start, end in self._dead)

    # -- walking ------------------------------------------------------------

    def _walk_scope(self, body: list[ast.stmt], env: Env) -> None:
        """A module or function body; nested functions are walked afterwards, each with its own names."""
        pending: list[tuple[list[ast.stmt], Env]] = [(body, env)]
        while pending:
            statements, scope_env = pending.pop()
            # A function or class without a line of interest cannot hold an answer anyone asks for.
            pending.extend(
                (definition.body, self._function_env(definition))
                for definition in self._walk_block(statements, scope_env)
                if self._holds_interest(definition.lineno, definition.end_lineno or definition.lineno)
            )

    def _function_env(self, function: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> Env:
        if isinstance(function, ast.ClassDef):
            return dict(self._module_constants)
        local = _bound_names(function.body) | _parameters(function)
        return {name: value for name, value in self._module_constants.items() if name not in local}

    def _walk_block(
        self, statements: list[ast.stmt], env: Env
    ) -> list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]:
        """Walk statements in order, updating `env` in place; returns the definitions met, to walk later."""
        definitions: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] = []
        # An explicit stack of (statements, index, env) frames, so nesting depth costs no recursion.
        frames: list[_Frame] = [_Frame(statements, env)]
        while frames:
            frame = frames[-1]
            if frame.index >= len(frame.statements):
                frames.pop()
                if frame.on_exit is not None:
                    frame.on_exit()
                continue
            statement = frame.statements[frame.index]
            frame.index += 1
            self._snapshot(statement, frame.env)
            nested = self._statement(statement, frame.env, definitions)
            frames.extend(reversed(nested))
        return definitions

    def _holds_interest(self, first: int, last: int) -> bool:
        return any_line_within(self._interesting, first, last)

    def _snapshot(self, statement: ast.stmt, env: Env) -> None:
        first, last = header_lines(statement)
        if self._holds_interest(first, last):
            self._snapshots.append(_Snapshot(first, last, dict(env)))

    def _statement(
        self, statement: ast.stmt, env: Env, definitions: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]
    ) -> list[_Frame]:
        """Apply a statement to `env`; return frames for the blocks nested in it that can run."""
        if isinstance(statement, ast.Assign):
            value = fold(statement.value, env)
            for target in statement.targets:
                _assign(target, value, env)
            return []
        if isinstance(statement, ast.AnnAssign):
            if statement.value is not None:
                _assign(statement.target, fold(statement.value, env), env)
            return []
        if isinstance(statement, ast.AugAssign):
            if isinstance(statement.target, ast.Name):
                current = env.get(statement.target.id, NO_CONSTANT)
                right = fold(statement.value, env)
                updated = fold_binary(statement.op, current, right) if is_known(current) else NO_CONSTANT
                _assign(statement.target, updated, env)
            return []
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            env.pop(statement.name, None)
            definitions.append(statement)
            return []
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                env.pop((alias.asname or alias.name).partition(".")[0], None)
            return []
        if isinstance(statement, (ast.Global, ast.Nonlocal, ast.Delete)):
            for name in _bound_names([statement]):
                env.pop(name, None)
            return []
        if isinstance(statement, ast.If):
            return self._branches(statement.test, statement.body, statement.orelse, env)
        if isinstance(statement, ast.While):
            verdict = truth(fold(statement.test, env))
            if verdict is False:
                self._mark_dead(statement.body)
                return [_Frame(statement.orelse, env)]
            return self._unknown_blocks([statement.body, statement.orelse], env)
        if isinstance(statement, (ast.For, ast.AsyncFor)):
            _forget(_target_names(statement.target), env)
            return self._unknown_blocks([statement.body, statement.orelse], env)
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                if item.optional_vars is not None:
                    _forget(_target_names(item.optional_vars), env)
            return [_Frame(statement.body, env)]
        kind = type(statement).__name__
        if kind in ("Try", "TryStar"):
            blocks: list[list[ast.stmt]] = [getattr(statement, "body", [])]
            blocks.extend(handler.body for handler in getattr(statement, "handlers", []))
            blocks.extend((getattr(statement, "orelse", []), getattr(statement, "finalbody", [])))
            return self._unknown_blocks(blocks, env)
        if kind == "Match":
            return self._unknown_blocks([case.body for case in getattr(statement, "cases", [])], env)
        return []

    def _branches(self, test: ast.expr, body: list[ast.stmt], orelse: list[ast.stmt], env: Env) -> list[_Frame]:
        verdict = truth(fold(test, env))
        if verdict is True:
            self._mark_dead(orelse)
            return [_Frame(body, env)]
        if verdict is False:
            self._mark_dead(body)
            return [_Frame(orelse, env)]
        # Either branch may run: walk each with its own copy, then keep only what both agree on.
        body_env, orelse_env = dict(env), dict(env)

        def merge() -> None:
            for name in set(body_env) | set(orelse_env) | set(env):
                left, right = body_env.get(name, NO_CONSTANT), orelse_env.get(name, NO_CONSTANT)
                if is_known(left) and left == right and type(left) is type(right):
                    env[name] = left
                else:
                    env.pop(name, None)

        # The orelse frame runs after the body frame; the merge runs when the last of them ends.
        return [_Frame(body, body_env), _Frame(orelse, orelse_env, on_exit=merge)]

    def _unknown_blocks(self, blocks: list[list[ast.stmt]], env: Env) -> list[_Frame]:
        """Blocks that may run any number of times or stop anywhere (loops, try): what they bind is unknown."""
        bound = _bound_names([statement for block in blocks for statement in block])
        _forget(bound, env)
        copies = [_Frame(block, dict(env)) for block in blocks if block]
        if copies:
            copies[-1].on_exit = lambda: _forget(bound, env)
        return copies

    def _mark_dead(self, block: list[ast.stmt]) -> None:
        if block:
            self._dead.append((block[0].lineno, block[-1].end_lineno or block[-1].lineno))


@dataclass
class _Frame:
    """A block being walked: its statements, the names it sees, and what to do once it is done."""

    statements: list[ast.stmt]
    env: Env
    index: int = 0
    on_exit: Callable[[], None] | None = None


def _assign(target: ast.expr, value: object, env: Env) -> None:
    if isinstance(target, ast.Name):
        if is_known(value):
            env[target.id] = value
        else:
            env.pop(target.id, None)
    else:
        _forget(_target_names(target), env)


def _forget(names: Iterable[str], env: Env) -> None:
    for name in names:
        env.pop(name, None)


def _target_names(target: ast.expr) -> set[str]:
    names: set[str] = set()
    pending = [target]
    while pending:
        current = pending.pop()
        if isinstance(current, ast.Name):
            names.add(current.id)
        elif isinstance(current, (ast.Tuple, ast.List)):
            pending.extend(current.elts)
        elif isinstance(current, ast.Starred):
            pending.append(current.value)
    return names


def _bound_names(statements: list[ast.stmt]) -> set[str]:
    """Every name the statements bind, at any depth, except inside nested functions and classes (their own)."""
    names: set[str] = set()
    pending: list[ast.AST] = list(statements)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).partition(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        pending.extend(ast.iter_child_nodes(node))
    return names


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    arguments = function.args
    names = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    names.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
    return names


def _module_constants(tree: ast.Module) -> Env:
    """Module-level names bound exactly once, by a plain assignment whose value folds (in source order)."""
    bindings: dict[str, int] = {}
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            if not isinstance(node, ast.Lambda):
                bindings[node.name] = bindings.get(node.name, 0) + 1
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bindings[node.id] = bindings.get(node.id, 0) + 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                key = (alias.asname or alias.name).partition(".")[0]
                bindings[key] = bindings.get(key, 0) + 1
        pending.extend(ast.iter_child_nodes(node))
    env: Env = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name) and bindings.get(target.id) == 1:
            folded = fold(value, env)
            if is_known(folded):
                env[target.id] = folded
    return env


def any_line_within(sorted_lines: list[int], first: int, last: int) -> bool:
    """Whether one of `sorted_lines` (ascending) lies between `first` and `last`, both included."""
    index = bisect.bisect_left(sorted_lines, first)
    return index < len(sorted_lines) and sorted_lines[index] <= last


def header_lines(statement: ast.stmt) -> tuple[int, int]:
    """The lines of a statement without the statements nested in it (a compound statement's header)."""
    first = statement.lineno
    body = getattr(statement, "body", None)
    if body and isinstance(body, list) and isinstance(body[0], ast.stmt):
        return first, max(first, body[0].lineno - 1)
    return first, statement.end_lineno or first
