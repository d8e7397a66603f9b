"""The taint engine: an abstract interpreter over Python's AST, one function at a time.

Each function body is interpreted statement by statement over an environment that maps variables
(and attribute paths such as `self.name`) to abstract Values. Branches are joined unless their
condition folds to a constant; loops run to a fixpoint (bounded); `if`/`assert` conditions refine
the variables they test (allow-lists, containment checks, equality with a sanitised value); a call
to a function of the same module is analysed with the actual argument values (memoised when no
argument is tainted), so taint flows into and out of helpers and a sink inside a helper is
reported with the whole path from the caller's source.

Nothing of the scanned program is imported or executed; folding evaluates only operators and pure
str methods on plain constants (constants.py).

Layout: values.py (the abstract values), specs.py (sources, sinks, sanitisers as data), model.py
(functions, classes, views of a module), this module (the interpreter), sinks.py (sinks with their
own logic), library.py (library calls with their own value semantics), support.py (shared helpers),
report.py (hits to findings), fstrings.py (reading 3.12 f-strings on older interpreters).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, Final

from agents.security.taint import constants as folding
from agents.security.taint import specs
from agents.security.taint.library import BUILTIN_FUNCTIONS, QUALIFIED_HANDLERS, TEXT_CONVERTERS
from agents.security.taint.model import ClassInfo, FunctionInfo, ModuleModel, NameResolver, annotation_name
from agents.security.taint.sinks import SPECIAL_SINKS, declares_non_html
from agents.security.taint.support import (
    ANCHORED,
    BACKSLASHES_NORMALISED,
    CONTAINER_TAGS,
    FIXED_HOST,
    LOCAL_PATH,
    NO_PARENT_STEP,
    CallArguments,
    Hit,
    all_clean_container,
    anchored,
    data_of,
    desanitised,
    describe_built,
    has_dynamic_part,
    is_number,
    is_safe_pattern,
    keyword_entries,
    names_numbers,
    path_key,
    receiver_label,
    root_name,
    sanitised,
    sanitiser_hint,
    short_text,
    step_at,
    string_constant,
    uncertain,
    unsafe_lxml_parser,
)
from agents.security.taint.values import (
    CLEAN,
    CLEAN_VALUE,
    NO_CONSTANT,
    TAINTED,
    UNKNOWN,
    UNKNOWN_VALUE,
    Taint,
    Value,
    combine,
    constant,
    container,
    hashable,
    join,
    join_all,
    join_optional,
    same_shape,
    tainted,
)

Env = dict[str, Value]

MAX_CALL_DEPTH: Final = 4
"""How deep helper calls are followed with actual argument values."""
MAX_LOOP_PASSES: Final = 3
MAX_FRESH_CALL_ANALYSES: Final = 400
"""Per module: helper analyses with tainted arguments (memoised analyses do not count)."""

_TERMINATING_CALLS: Final = frozenset(
    {"sys.exit", "os._exit", "exit", "quit", "builtins.exit", "flask.abort", "werkzeug.exceptions.abort", "abort"}
)
_URL_HOST_ATTRIBUTES: Final = frozenset({"netloc", "hostname", "host"})
_URL_CHECK_ATTRIBUTES: Final = _URL_HOST_ATTRIBUTES
"""Attributes of urlparse() results whose check against allowed values fixes where a URL leads (not scheme)."""

_CONFIDENCE_RANK: Final = {"low": 0, "medium": 1, "high": 2}


class ModuleAnalysis:
    """Runs the engine over one module and collects its hits."""

    def __init__(self, tree: ast.Module, aliases: NameResolver) -> None:
        self.model = ModuleModel(tree, aliases)
        self.aliases = aliases
        self.hits: dict[tuple[int, str], Hit] = {}
        self._globals: Env = {}
        self._module_interpreter: Interpreter | None = None
        self.memo: dict[tuple[Any, ...], Value] = {}
        self.fresh_analyses = 0
        self.active: list[str] = []

    def run(self) -> list[Hit]:
        """Analyse the module body and every function."""
        self.analyse_module_body()
        for function in self.model.functions:
            self.analyse_entry(function)
        return self.sorted_hits()

    def run_selected(self, text: str, candidate_lines: Iterable[int]) -> list[Hit]:
        """Analyse only what can produce a hit: functions that mention a source or hold a call that is a
        sink even without one (`candidate_lines`), and web views; the helpers they call follow on demand."""
        candidates = set(candidate_lines)
        tokens = set(specs.BASE_SOURCE_TOKENS)
        if self.model.frameworks:
            tokens.update(specs.WEB_SOURCE_TOKENS)
        tokens.update(self.model.request_aliases)
        source_lines = _token_lines(text, tokens)
        if not candidates and not source_lines and not self.model.frameworks:
            return []
        self.analyse_module_body()
        tainted_globals = [name for name, value in self.globals.items() if value.level == TAINTED]
        if tainted_globals:
            source_lines |= _token_lines(text, set(tainted_globals))
        interesting = candidates | source_lines
        for function in self.model.functions:
            node = function.node
            start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            end = node.end_lineno or node.lineno
            if function.view is not None or any(start <= line <= end for line in interesting):
                self.analyse_entry(function)
        return self.sorted_hits()

    def analyse_module_body(self) -> None:
        interpreter = Interpreter(self, None, {}, 0)
        self._module_interpreter = interpreter
        try:
            interpreter.run_block(self.model.tree.body)
        finally:
            self._module_interpreter = None
        self._globals = interpreter.env or {}

    @property
    def globals(self) -> Env:
        """The module's variables: as far as the module body got while it runs, else at its end."""
        running = self._module_interpreter
        if running is not None:
            return running.env or {}
        return self._globals

    def sorted_hits(self) -> list[Hit]:
        return sorted(self.hits.values(), key=lambda hit: (hit.sink.line, hit.sink.offset, hit.kind))

    def record(self, hit: Hit) -> None:
        key = (id(hit.node), hit.kind)
        previous = self.hits.get(key)
        if previous is None or _CONFIDENCE_RANK[hit.confidence] > _CONFIDENCE_RANK[previous.confidence]:
            self.hits[key] = hit

    def analyse_entry(self, function: FunctionInfo) -> None:
        """Analyse a function as called from outside: parameters unknown, or request data for views."""
        arguments = self.entry_parameters(function)
        self.call_function(function, arguments, None, depth=0)

    def entry_parameters(self, function: FunctionInfo) -> dict[str, Value]:
        node = function.node
        parameters = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        values: dict[str, Value] = {}
        view = function.view
        skip_first = function.is_method and bool([*node.args.posonlyargs, *node.args.args])
        for index, parameter in enumerate(parameters):
            name = parameter.arg
            if index == 0 and skip_first:
                if function.owner is not None and function.owner.tornado_handler:
                    values[name] = Value(UNKNOWN, tag="tornado-handler")
                else:
                    values[name] = Value(UNKNOWN, tag="self")
                continue
            values[name] = self._parameter_value(function, parameter, view)
        if node.args.vararg is not None:
            rest = UNKNOWN_VALUE
            if view in ("django", "tornado", "generic"):
                rest = tainted(Taint(step_at(node.args.vararg, f"route parameter *{node.args.vararg.arg}"), ()))
            values[node.args.vararg.arg] = container("tuple", rest=rest)
        if node.args.kwarg is not None:
            rest = UNKNOWN_VALUE
            if view in ("django", "tornado", "generic"):
                taint = Taint(step_at(node.args.kwarg, f"route parameter **{node.args.kwarg.arg}"), ())
                rest = Value(TAINTED, taint)
            values[node.args.kwarg.arg] = container("dict", entries={}, rest=rest)
        return values

    def _parameter_value(self, function: FunctionInfo, parameter: ast.arg, view: str | None) -> Value:
        name = parameter.arg
        annotation = annotation_name(parameter.annotation)
        if view == "cli":
            if annotation in specs.SAFE_PARAMETER_ANNOTATIONS:
                return CLEAN_VALUE
            return Value(TAINTED, Taint(step_at(parameter, f"command-line option '{name}'"), ()))
        if view is None:
            return UNKNOWN_VALUE
        if annotation in specs.REQUEST_ANNOTATIONS or name in specs.REQUEST_PARAMETER_NAMES:
            return Value(UNKNOWN, tag="request")
        if annotation in specs.SAFE_PARAMETER_ANNOTATIONS:
            return CLEAN_VALUE
        if view == "flask":
            routes = function.route_parameters
            if routes is not None:
                if name not in routes:
                    return UNKNOWN_VALUE
                if routes[name]:
                    return CLEAN_VALUE
        if view == "fastapi" and self._is_dependency(function, parameter):
            return UNKNOWN_VALUE
        taint = Taint(step_at(parameter, f"route parameter '{name}'"), ())
        return Value(TAINTED, taint)

    def _is_dependency(self, function: FunctionInfo, parameter: ast.arg) -> bool:
        """A FastAPI parameter filled by Depends(...) (or of a framework type), not by the client."""
        arguments = function.node.args
        defaults: dict[str, ast.expr] = {}
        positional = [*arguments.posonlyargs, *arguments.args]
        with_defaults = positional[len(positional) - len(arguments.defaults) :]
        for argument, default_node in zip(with_defaults, arguments.defaults, strict=True):
            defaults[argument.arg] = default_node
        for argument, kw_default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
            if kw_default is not None:
                defaults[argument.arg] = kw_default
        default = defaults.get(parameter.arg)
        if isinstance(default, ast.Call):
            name = default.func.attr if isinstance(default.func, ast.Attribute) else getattr(default.func, "id", "")
            if name in ("Depends", "Security"):
                return True
        annotation = annotation_name(parameter.annotation)
        if annotation in ("Annotated",) or annotation is None:
            return False
        return annotation in ("BackgroundTasks", "Response", "Session", "AsyncSession", "HTTPAuthorizationCredentials")

    # -- calls of the module's own functions --------------------------------

    def construct(self, class_info: ClassInfo, arguments: dict[str, Value], *, depth: int) -> Value:
        """An instance of the module's own class: what its __init__ stores on self, by attribute."""
        init = class_info.method("__init__")
        instance = container(f"instance:{class_info.name}", entries={})
        if init is None or init.key in self.active or depth > MAX_CALL_DEPTH:
            return instance
        parameters = [*init.node.args.posonlyargs, *init.node.args.args]
        if not parameters:
            return instance
        self_name = parameters[0].arg
        env: Env = {**arguments, self_name: instance}
        self.active.append(init.key)
        try:
            interpreter = Interpreter(self, init, env, depth)
            interpreter.run_block(init.node.body)
        finally:
            self.active.pop()
        ends = [*interpreter.exits, *([interpreter.env] if interpreter.env is not None else [])]
        prefix = self_name + "."
        attributes: dict[object, Value] = {}
        for end in ends:
            for key, value in end.items():
                if key.startswith(prefix) and "." not in key[len(prefix) :]:
                    name = key[len(prefix) :]
                    attributes[name] = join(attributes[name], value) if name in attributes else value
        return container(f"instance:{class_info.name}", entries=attributes)

    def call_function(
        self, function: FunctionInfo, arguments: dict[str, Value], closure: Env | None, *, depth: int
    ) -> Value:
        """Analyse `function` with these parameter values; returns what it returns."""
        if function.key in self.active or depth > MAX_CALL_DEPTH:
            joined = join_all(arguments.values()) if arguments else UNKNOWN_VALUE
            return uncertain(joined) if joined.level == TAINTED else Value(max(joined.level, UNKNOWN))
        carries_taint = any(_carries_taint(value) for value in arguments.values())
        key: tuple[Any, ...] | None = None
        if not carries_taint and closure is None:
            key = (function.key, tuple(sorted((name, _signature(value)) for name, value in arguments.items())))
            cached = self.memo.get(key)
            if cached is not None:
                return cached
        elif carries_taint:
            if self.fresh_analyses >= MAX_FRESH_CALL_ANALYSES:
                joined = join_all(arguments.values())
                return uncertain(joined)
            self.fresh_analyses += 1
        env: Env = dict(closure) if closure is not None else {}
        env.update(arguments)
        self.active.append(function.key)
        try:
            interpreter = Interpreter(self, function, env, depth)
            interpreter.run_block(function.node.body)
            result = interpreter.returned if interpreter.returned is not None else constant(None)
            if isinstance(function.node, ast.AsyncFunctionDef) or function.is_generator:
                result = Value(result.level, result.taint, tag=result.tag)
        finally:
            self.active.pop()
        if key is not None:
            self.memo[key] = result
        return result


def _names_an_object(qualified: str) -> bool:
    """Whether a proper prefix of `qualified` is a source or request/session object, not a module."""
    parts = qualified.split(".")
    for end in range(1, len(parts)):
        prefix = ".".join(parts[:end])
        if (
            prefix in specs.SOURCE_ATTRIBUTES
            or prefix in specs.INPUT_STREAMS
            or prefix in specs.REQUEST_GLOBALS
            or prefix in specs.SESSION_GLOBALS
        ):
            return True
    return False


def _token_lines(text: str, tokens: set[str]) -> set[int]:
    """The lines on which any of `tokens` occurs as a word."""
    if not tokens:
        return set()
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, tokens))) + r")\b")
    lines: set[int] = set()
    position = 0
    line = 1
    for match in pattern.finditer(text):
        start = match.start()
        line += text.count("\n", position, start)
        position = start
        lines.add(line)
    return lines


def _carries_taint(value: Value) -> bool:
    return value.level == TAINTED


def _signature(value: Value) -> tuple[Any, ...]:
    const = value.const
    try:
        hash(const)
    except TypeError:
        const = NO_CONSTANT
    elems = None if value.elems is None else tuple(_signature(item) for item in value.elems[:8])
    return (value.level, value.tag, const, elems, value.entries is not None)


class _Loop:
    __slots__ = ("breaks", "continues")

    def __init__(self) -> None:
        self.breaks: list[Env] = []
        self.continues: list[Env] = []


def join_envs(first: Env | None, second: Env | None) -> Env | None:
    if first is None:
        return None if second is None else dict(second)
    if second is None:
        return dict(first)
    if first is second:
        return dict(first)
    result = dict(first)
    for name, value in second.items():
        existing = result.get(name)
        if existing is None:
            result[name] = value
        elif existing is not value:
            result[name] = join(existing, value)
    return result


def envs_equal(first: Env | None, second: Env | None) -> bool:
    if first is None or second is None:
        return first is second
    if first.keys() != second.keys():
        return False
    return all(same_shape(value, second[name]) for name, value in first.items())


class Interpreter:
    """Interprets one function body (or the module body) in one calling context."""

    def __init__(self, module: ModuleAnalysis, function: FunctionInfo | None, env: Env, depth: int) -> None:
        self.module = module
        self.function = function
        self.env: Env | None = env
        self.returned: Value | None = None
        self.exits: list[Env] = []
        """Environments at the function's return statements (what a constructor leaves on self)."""
        self.loops: list[_Loop] = []
        self.depth = depth
        self.dotted_roots: set[str] = set()
        self.covered: set[int] = set()

    # -- statements ------------------------------------------------------

    def run_block(self, statements: list[ast.stmt]) -> None:
        handlers = _STATEMENT_HANDLERS
        for statement in statements:
            if self.env is None:
                return
            handler = handlers.get(type(statement))
            if handler is not None:
                handler(self, statement)

    def _assign(self, node: ast.Assign) -> None:
        value = self.eval(node.value)
        if self.env is None:
            return
        for target in node.targets:
            self.bind(target, value, node)

    def _ann_assign(self, node: ast.AnnAssign) -> None:
        if node.value is None:
            return
        value = self.eval(node.value)
        if self.env is not None:
            self.bind(node.target, value, node)

    def _aug_assign(self, node: ast.AugAssign) -> None:
        current = self.eval(node.target)
        operand = self.eval(node.value)
        if self.env is None:
            return
        result = self.binary(node.op, current, operand, node)
        self.bind(node.target, result, node)

    def _expression_statement(self, node: ast.Expr) -> None:
        value = node.value
        self.eval(value)
        if isinstance(value, ast.Call) and self.env is not None:
            qualified = self.qualified_callee(value.func)
            if qualified in _TERMINATING_CALLS:
                self.env = None
            elif qualified in specs.VALIDATING_CALLS and value.args:
                # `ipaddress.ip_address(host)` as a statement raises unless host is an address: past it,
                # host is one (no room for injected syntax).
                self._clean_path(value.args[0])
            elif isinstance(value.func, ast.Attribute) and value.func.attr == "relative_to":
                # p.relative_to(base) raises unless p is inside base: past it, a normalised p is contained.
                self.refine_contained(value.func.value)

    def _if(self, node: ast.If) -> None:
        test_value = self.eval(node.test)
        if self.env is None:
            return
        decided = folding.truth(test_value.const)
        if decided is True:
            self.run_block(node.body)
            return
        if decided is False:
            self.run_block(node.orelse)
            return
        before = self.env
        self.env = dict(before)
        self.refine(node.test, True)
        self.run_block(node.body)
        after_body = self.env
        self.env = dict(before)
        self.refine(node.test, False)
        self.run_block(node.orelse)
        self.env = join_envs(after_body, self.env)

    def _while(self, node: ast.While) -> None:
        test_value = self.eval(node.test)
        if self.env is None:
            return
        decided = folding.truth(test_value.const)
        if decided is False:
            self.run_block(node.orelse)
            return
        loop = _Loop()
        current = self._loop_fixpoint(loop, node.body, lambda: self.refine(node.test, True))
        if decided is True:
            exit_env: Env | None = None
        else:
            exit_env = dict(current) if current is not None else None
            if exit_env is not None:
                self.env = exit_env
                self.refine(node.test, False)
                self.run_block(node.orelse)
                exit_env = self.env
        for broken in loop.breaks:
            exit_env = join_envs(exit_env, broken)
        self.env = exit_env

    def _for(self, node: ast.For | ast.AsyncFor) -> None:
        iterable = self.eval(node.iter)
        if self.env is None:
            return
        element = self.iteration_element(iterable, node.iter)
        if iterable.elems is not None and not iterable.elems and iterable.rest is None:
            self.run_block(node.orelse)
            return
        loop = _Loop()
        runs = self._runs_at_least_once(iterable, node.iter)
        self.env = self._loop_fixpoint(
            loop, node.body, lambda: self.bind(node.target, element, node), at_least_once=runs
        )
        if self.env is not None:
            self.run_block(node.orelse)
        exit_env = self.env
        for broken in loop.breaks:
            exit_env = join_envs(exit_env, broken)
        self.env = exit_env

    def _runs_at_least_once(self, iterable: Value, node: ast.expr) -> bool:
        """Whether a for loop over `node` provably runs its body: a non-empty literal or constant, or
        range() of constants with at least one step (`for _ in range(3): name = "guest"` overwrites name)."""
        if iterable.elems is not None:
            return bool(iterable.elems)
        if iterable.has_constant and isinstance(iterable.const, (str, bytes, tuple)):
            return bool(iterable.const)
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"):
            return False
        if node.keywords or not 1 <= len(node.args) <= 3 or self.env is None or "range" in self.env:
            return False
        if any(isinstance(part, (ast.Call, ast.NamedExpr)) for argument in node.args for part in ast.walk(argument)):
            return False  # evaluating the bounds again must not repeat a call's effects
        bounds = [self.eval(argument) for argument in node.args]
        if not all(b.has_constant and type(b.const) is int for b in bounds):
            return False
        numbers = [int(b.const) for b in bounds]  # type: ignore[call-overload]
        try:
            return len(range(*numbers)) > 0
        except (ValueError, OverflowError):
            return False

    def _loop_fixpoint(
        self, loop: _Loop, body: list[ast.stmt], enter: Callable[[], None], *, at_least_once: bool = False
    ) -> Env | None:
        """Run a loop body from the current environment until what it binds stops changing (at most
        MAX_LOOP_PASSES times); `enter` applies what holds at the top of each pass (the condition is true,
        the target is bound). Returns the environment at the loop head: entry, passes and continues joined
        (without the entry when the body provably runs at least once)."""
        self.loops.append(loop)
        current = self.env
        for passes in range(MAX_LOOP_PASSES):
            if current is None:
                break
            self.env = dict(current)
            enter()
            self.run_block(body)
            merged = self.env if at_least_once and passes == 0 else join_envs(current, self.env)
            for continued in loop.continues:
                merged = join_envs(merged, continued)
            loop.continues.clear()
            if envs_equal(merged, current):
                current = merged
                break
            current = merged
        self.loops.pop()
        return current

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            value = self.eval(item.context_expr)
            if self.env is None:
                return
            if item.optional_vars is not None:
                # `with open(...) as f`, `with Session() as s`: the object itself; anything else, at best unknown.
                bound = value if value.tag is not None else Value(max(value.level, UNKNOWN), value.taint)
                self.bind(item.optional_vars, bound, node)
        self.run_block(node.body)

    def _try(self, node: ast.Try) -> None:
        before = self.env
        if before is None:
            return
        self.env = dict(before)
        self.run_block(node.body)
        after_body = self.env
        # An exception may leave at any point of the body: handlers start from what either end saw.
        handler_entry = join_envs(before, after_body)
        outcomes: list[Env | None] = []
        self.env = after_body
        if self.env is not None:
            self.run_block(node.orelse)
        outcomes.append(self.env)
        for handler in node.handlers:
            self.env = dict(handler_entry) if handler_entry is not None else None
            if self.env is None:
                continue
            if handler.name:
                self.env[handler.name] = UNKNOWN_VALUE
            self.run_block(handler.body)
            outcomes.append(self.env)
        merged: Env | None = None
        for outcome in outcomes:
            merged = join_envs(merged, outcome) if merged is not None else (dict(outcome) if outcome else None)
        if node.finalbody:
            if merged is None:
                # Every path left the block; the finally clause still runs (for its sinks).
                self.env = dict(handler_entry) if handler_entry is not None else None
                self.run_block(node.finalbody)
                self.env = None
                return
            self.env = merged
            self.run_block(node.finalbody)
            return
        self.env = merged

    def _return(self, node: ast.Return) -> None:
        value = self.eval(node.value) if node.value is not None else constant(None)
        if self.env is None:
            return
        if self.function is not None and self.function.view == "flask" and node.value is not None:
            self.check_view_response(node, value)
        if value.taint is not None:
            value = value.step(step_at(node, "returned"))
        self.returned = value if self.returned is None else join(self.returned, value)
        if self.function is not None and self.function.node.name == "__init__":
            self.exits.append(self.env)
        self.env = None

    def _raise(self, node: ast.Raise) -> None:
        if node.exc is not None:
            self.eval(node.exc)
        self.env = None

    def _break(self, node: ast.Break) -> None:
        if self.loops and self.env is not None:
            self.loops[-1].breaks.append(self.env)
        self.env = None

    def _continue(self, node: ast.Continue) -> None:
        if self.loops and self.env is not None:
            self.loops[-1].continues.append(self.env)
        self.env = None

    def _define_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        assert self.env is not None
        self.env[node.name] = Value(CLEAN, tag="function")
        self._forget_attributes(node.name)

    def _define_class(self, node: ast.ClassDef) -> None:
        assert self.env is not None
        self.env[node.name] = Value(CLEAN, tag="class")

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        assert self.env is not None
        for alias in node.names:
            name = alias.asname or alias.name.partition(".")[0]
            if name == "*":
                continue
            qualified = self.module.aliases.resolve(ast.Name(id=name))
            # The name now stands for what the import binds (also where another path bound something else).
            self.env[name] = self.qualified_value(qualified, node) if qualified else UNKNOWN_VALUE
            self._forget_attributes(name)

    def _delete(self, node: ast.Delete) -> None:
        assert self.env is not None
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.env.pop(target.id, None)

    def _assert(self, node: ast.Assert) -> None:
        self.eval(node.test)
        if self.env is not None:
            self.refine(node.test, True)

    def _match(self, node: ast.Match) -> None:
        subject = self.eval(node.subject)
        if self.env is None:
            return
        before = self.env
        outcomes: list[Env | None] = []
        fell_through = True
        for case in node.cases:
            verdict = self.pattern_verdict(case.pattern, subject)
            if verdict is False:
                continue
            self.env = dict(before)
            self.bind_pattern(case.pattern, subject, node)
            if case.guard is not None:
                guard = self.eval(case.guard)
                if self.env is None:
                    continue
                if folding.truth(guard.const) is False:
                    continue
                self.refine(case.guard, True)
                verdict = verdict if folding.truth(guard.const) is True else None
            self.run_block(case.body)
            outcomes.append(self.env)
            if verdict is True:
                fell_through = False
                break
        if fell_through:
            outcomes.append(before)
        merged: Env | None = None
        for outcome in outcomes:
            if outcome is not None:
                merged = dict(outcome) if merged is None else join_envs(merged, outcome)
        self.env = merged

    def pattern_verdict(self, pattern: ast.pattern, subject: Value) -> bool | None:
        """Whether a case pattern matches a subject: True, False, or None when it cannot be told."""
        if isinstance(pattern, ast.MatchAs):
            if pattern.pattern is None:
                return True
            return self.pattern_verdict(pattern.pattern, subject)
        if isinstance(pattern, ast.MatchValue):
            wanted = self.eval(pattern.value)
            if subject.has_constant and wanted.has_constant:
                return bool(folding.fold_compare(ast.Eq(), subject.const, wanted.const) is True)
            return None
        if isinstance(pattern, ast.MatchSingleton):
            if subject.has_constant:
                return subject.const is pattern.value
            return None
        if isinstance(pattern, ast.MatchOr):
            verdicts = [self.pattern_verdict(option, subject) for option in pattern.patterns]
            if any(verdict is True for verdict in verdicts):
                return True
            if all(verdict is False for verdict in verdicts):
                return False
            return None
        return None

    def bind_pattern(self, pattern: ast.pattern, subject: Value, node: ast.AST) -> None:
        if isinstance(pattern, ast.MatchAs) and pattern.name:
            self.bind_name(pattern.name, subject, node)
        elif isinstance(pattern, ast.MatchStar) and pattern.name:
            self.bind_name(pattern.name, container("list", rest=subject.element()), node)
        sub_patterns: list[ast.pattern] = []
        if isinstance(pattern, ast.MatchAs) and pattern.pattern is not None:
            sub_patterns.append(pattern.pattern)
        elif isinstance(pattern, ast.MatchSequence):
            sub_patterns.extend(pattern.patterns)
        elif isinstance(pattern, ast.MatchMapping):
            sub_patterns.extend(pattern.patterns)
            if pattern.rest:
                self.bind_name(pattern.rest, subject, node)
        elif isinstance(pattern, ast.MatchClass):
            sub_patterns.extend([*pattern.patterns, *pattern.kwd_patterns])
        element = subject.element()
        for sub in sub_patterns:
            self.bind_pattern(sub, element, node)

    # -- binding ---------------------------------------------------------

    def bind(self, target: ast.expr, value: Value, node: ast.AST) -> None:
        if self.env is None:
            return
        if isinstance(target, ast.Name):
            self.bind_name(target.id, value, target)
        elif isinstance(target, (ast.Tuple, ast.List)):
            self.bind_unpacked(target.elts, value, node)
        elif isinstance(target, ast.Attribute):
            key = path_key(target)
            receiver = self.eval(target.value)
            if self.env is None:
                return
            if receiver.tag == "response" and target.attr in ("data", "body", "content", "text"):
                self.report(specs.XSS, target, value, callee=f"response.{target.attr}")
            if key is not None:
                root = key.partition(".")[0]
                self.dotted_roots.add(root)
                self.env[key] = value.step(step_at(target, f"stored in '{key}'"))
        elif isinstance(target, ast.Subscript):
            self.store_subscript(target, value)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, container("list", rest=value.element()), node)

    def bind_name(self, name: str, value: Value, node: ast.AST) -> None:
        assert self.env is not None
        if value.taint is not None:
            value = value.step(step_at(node, f"assigned to '{name}'"))
        self.env[name] = value
        self._forget_attributes(name)

    def _forget_attributes(self, name: str) -> None:
        if name in self.dotted_roots and self.env is not None:
            prefix = name + "."
            for key in [key for key in self.env if key.startswith(prefix)]:
                del self.env[key]

    def bind_unpacked(self, targets: list[ast.expr], value: Value, node: ast.AST) -> None:
        starred = [index for index, target in enumerate(targets) if isinstance(target, ast.Starred)]
        elems = value.elems
        if elems is None and value.has_constant and isinstance(value.const, tuple):
            elems = tuple(constant(item) for item in value.const)
        if elems is not None and not starred and len(elems) == len(targets):
            for target, item in zip(targets, elems, strict=True):
                self.bind(target, item, node)
            return
        element = value.element()
        for target in targets:
            if isinstance(target, ast.Starred):
                self.bind(target.value, container("list", rest=element), node)
            else:
                self.bind(target, element, node)

    def store_subscript(self, target: ast.Subscript, value: Value) -> None:
        assert self.env is not None
        base = self.eval(target.value)
        index = self.eval_index(target.slice)
        if self.env is None:
            return
        key_text = string_constant(target.slice)
        if base.tag == "session":
            self.report(specs.TRUST_BOUNDARY, target, join(value, index), callee="the session")
        elif (
            key_text is not None
            and key_text.lower() == "location"
            and (
                base.tag in ("response", "headers")
                or (isinstance(target.value, ast.Attribute) and target.value.attr == "headers")
            )
        ):
            self.report(specs.REDIRECT, target, value, callee="the Location header")
        key = path_key(target.value)
        if key is None:
            return
        step = step_at(target, f"stored in '{short_text(target)}'")
        stored = value.step(step)
        updated = self.container_store(base, index, stored, isinstance(target.slice, ast.Slice))
        self.env[key] = updated
        if "." in key:
            self.dotted_roots.add(key.partition(".")[0])

    def container_store(self, base: Value, index: Value, value: Value, is_slice: bool) -> Value:
        if base.tag == "config":
            return base
        if base.entries is not None and index.has_constant and hashable(index.const):
            entries = dict(base.entries)
            entries[index.const] = value
            return container(base.tag or "dict", entries=entries, rest=base.rest)
        if (
            base.elems is not None
            and not is_slice
            and isinstance(index.const, int)
            and not isinstance(index.const, bool)
        ):
            position = index.const
            elems = list(base.elems)
            if -len(elems) <= position < len(elems):
                elems[position] = value
                return container(base.tag or "list", elems=tuple(elems), rest=base.rest)
        if base.tag in CONTAINER_TAGS or base.elems is not None or base.entries is not None:
            rest = join_optional(base.rest, value.element() if is_slice else value)
            if base.entries is not None:
                return container(base.tag or "dict", entries=base.entries, rest=rest)
            merged = join_optional(rest, join_all(base.elems) if base.elems else None)
            return container(base.tag or "list", rest=merged)
        if value.level > base.level:
            return Value(value.level, value.taint, tag=base.tag)
        return base

    # -- refinement by conditions ----------------------------------------

    def refine(self, test: ast.expr, truth: bool) -> None:
        if self.env is None:
            return
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            self.refine(test.operand, not truth)
            return
        if isinstance(test, ast.BoolOp):
            conjunctive = isinstance(test.op, ast.And)
            if conjunctive == truth:
                for value in test.values:
                    self.refine(value, truth)
                return
            # `a or b` true (or `a and b` false): one of the parts decided it; keep what all ways agree on.
            base = self.env
            outcomes: list[Env | None] = []
            for value in test.values:
                self.env = dict(base)
                self.refine(value, truth)
                outcomes.append(self.env)
            merged: Env | None = None
            for outcome in outcomes:
                merged = dict(outcome) if merged is None and outcome is not None else join_envs(merged, outcome)
            self.env = merged if merged is not None else base
            return
        if isinstance(test, ast.NamedExpr):
            self.refine(test.target, truth)
            return
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            self.refine_compare(test.left, test.ops[0], test.comparators[0], truth)
            return
        if isinstance(test, ast.Call):
            self.refine_call(test, truth)
            return
        if isinstance(test, ast.Attribute) and not truth and test.attr in _URL_HOST_ATTRIBUTES:
            # `not urlparse(url).netloc`: a relative URL, which cannot leave the site.
            self.refine_url_check(test.value, frozenset({specs.REDIRECT}), relative=True)
            return
        if not truth and isinstance(test, (ast.Name, ast.Attribute)):
            # A falsy value ("", None, 0, an empty container) carries no data an attacker could shape.
            key = path_key(test)
            current = self.env.get(key) if key is not None else None
            if key is not None and current is not None and current.level == TAINTED:
                self.env[key] = Value(CLEAN, tag=current.tag)

    def _set_path(self, node: ast.expr, value: Value) -> None:
        key = path_key(node)
        if key is not None and self.env is not None:
            self.env[key] = value

    def refine_compare(self, left: ast.expr, operation: ast.cmpop, right: ast.expr, truth: bool) -> None:
        assert self.env is not None
        if isinstance(operation, (ast.In, ast.NotIn)):
            positive = isinstance(operation, ast.In) == truth
            quote = string_constant(left)
            if not positive and quote is not None and ".." in quote and quote.strip("./\\") == "":
                # `'../' not in name`: no parent-directory step (absolute paths are another matter).
                self.note_fact(right, NO_PARENT_STEP)
                return
            if not positive and quote in ("'", '"') and isinstance(right, ast.Subscript):
                # `"'" not in text[1:-1]`: no quote between the first and last character.
                self.note_literal_fact(right.value, f"inner:{quote}")
                return
            if not positive:
                return
            allowed = self.peek(right)
            if all_clean_container(allowed):
                self.refine_url_part(left, allowed)
                if isinstance(left, ast.Attribute) and left.attr in _URL_CHECK_ATTRIBUTES:
                    choices = allowed.possible_constants() if allowed.elems is None else None
                    empty_allowed = any(not item.const for item in allowed.elems or ()) or (
                        choices is not None and any(not choice for choice in choices)
                    )
                    self.refine_url_check(
                        left.value, frozenset({specs.REDIRECT, specs.SSRF}), relative=bool(empty_allowed)
                    )
                key = path_key(left)
                if key is not None:
                    current = self.env.get(key)
                    self.env[key] = Value(CLEAN, tag=current.tag if current is not None else None)
            return
        if not isinstance(operation, (ast.Eq, ast.NotEq, ast.Is)):
            return
        positive = isinstance(operation, (ast.Eq, ast.Is)) == truth
        if not positive:
            return
        if self.refine_containment_compare(left, right) or self.refine_containment_compare(right, left):
            return
        self.trust_signed((left, right))
        for checked, other in ((left, right), (right, left)):
            if isinstance(checked, ast.Attribute) and checked.attr in _URL_CHECK_ATTRIBUTES:
                other_value = self.peek(other)
                if other_value.level == CLEAN and other_value.has_constant:
                    no_host = checked.attr in _URL_HOST_ATTRIBUTES and not other_value.const
                    kinds = frozenset({specs.REDIRECT}) if no_host else frozenset({specs.REDIRECT, specs.SSRF})
                    self.refine_url_check(checked.value, kinds, relative=no_host)
        left_value = self.peek(left)
        right_value = self.peek(right)
        if right_value.level == CLEAN and right_value.has_constant:
            self.refine_url_part(left, right_value)
        if left_value.level == CLEAN and left_value.has_constant:
            self.refine_url_part(right, left_value)
        for checked, other_value in ((left, right_value), (right, left_value)):
            key = path_key(checked)
            if key is None:
                continue
            current = self.env.get(key)
            if current is None:
                continue
            if other_value.level == CLEAN:
                # Equal to something clean: it is that value.
                self.env[key] = other_value if other_value.has_constant else Value(CLEAN, tag=current.tag)
            elif other_value.taint is not None and current.taint is not None and other_value.taint.safe:
                # Equal to a sanitised value (`basename(name) == name`): as safe as it.
                self.env[key] = sanitised(current, other_value.taint.safe)

    def note_literal_fact(self, node: ast.expr, fact: str) -> None:
        """Checks that together make text one quoted string literal (`'...'` with no quote inside),
        which eval() can only turn into that string."""
        assert self.env is not None
        key = path_key(node)
        current = self.env.get(key) if key is not None else None
        if key is None or current is None or current.taint is None:
            return
        quote = fact[-1]
        facts = {fact, *current.taint.safe}
        kinds: set[str] = {fact}
        if {f"startswith:{quote}", f"endswith:{quote}", f"inner:{quote}"} <= facts:
            kinds.add(specs.CODE)
        self.env[key] = sanitised(current, frozenset(kinds))

    def note_fact(self, node: ast.expr, fact: str) -> None:
        assert self.env is not None
        key = path_key(node)
        current = self.env.get(key) if key is not None else None
        if key is not None and current is not None and current.taint is not None:
            self.env[key] = sanitised(current, frozenset({fact}))

    def note_local_path_fact(self, node: ast.expr, fact: str) -> None:
        assert self.env is not None
        key = path_key(node)
        current = self.env.get(key) if key is not None else None
        if key is None or current is None or current.taint is None:
            return
        facts = {fact, *current.taint.safe}
        updated = sanitised(current, frozenset({fact}))
        if {"starts-slash", "not-double-slash"} <= facts:
            if BACKSLASHES_NORMALISED in facts:
                updated = sanitised(updated, frozenset({specs.REDIRECT}))
            else:
                updated = uncertain(updated)
        self.env[key] = updated

    def refine_containment_compare(self, call: ast.expr, base: ast.expr) -> bool:
        """`os.path.commonpath([base, path]) == base`: a normalised path inside base."""
        if not isinstance(call, ast.Call) or not call.args:
            return False
        qualified = self.qualified_callee(call.func)
        if qualified not in ("os.path.commonpath", "os.path.commonprefix", "posixpath.commonpath"):
            return False
        listed = call.args[0]
        if not isinstance(listed, (ast.List, ast.Tuple)):
            return False
        for element in listed.elts:
            if ast.dump(element) != ast.dump(base):
                self.refine_contained(element)
        return True

    def refine_contained(self, node: ast.expr) -> None:
        """`node` was checked to lie inside a base directory; safe for paths if it was normalised."""
        if self.env is None:
            return
        target = node
        normalised = False
        if isinstance(node, ast.Call):
            qualified = self.qualified_callee(node.func)
            if qualified in specs.NORMALISERS and node.args:
                target, normalised = node.args[0], True
            elif isinstance(node.func, ast.Attribute) and node.func.attr in ("resolve", "absolute"):
                target, normalised = node.func.value, True
        key = path_key(target)
        if key is None:
            return
        current = self.env.get(key)
        if current is None:
            return
        if normalised or current.tag in ("normalised-path", "normalised-path-object"):
            self.env[key] = sanitised(current, frozenset({specs.PATH}))

    def refine_url_part(self, node: ast.expr, allowed: Value) -> None:
        """`host = urlparse(url).hostname` checked against allowed values: the URL is checked too."""
        assert self.env is not None
        part = self.peek(node)
        if part.tag != "url-host" or part.origin is None:
            return  # a scheme check alone says nothing about where the URL leads
        choices = allowed.possible_constants()
        if allowed.elems is not None:
            empty = any(not item.const for item in allowed.elems)
        else:
            empty = choices is not None and any(not choice for choice in choices)
        no_host = empty
        kinds = frozenset({specs.REDIRECT}) if no_host else frozenset({specs.REDIRECT, specs.SSRF})
        current = self.env.get(part.origin)
        if current is None or current.taint is None:
            return
        if no_host and BACKSLASHES_NORMALISED not in current.taint.safe:
            self.env[part.origin] = uncertain(current)
        else:
            self.env[part.origin] = sanitised(current, kinds)

    def refine_url_check(self, parsed: ast.expr, kinds: frozenset[str], *, relative: bool = False) -> None:
        """A host or scheme check on urlparse(url): the URL it came from is safe for `kinds`.

        `relative`: the check only showed there is no host. Browsers read `/\\evil.example` as
        `//evil.example`, so that is safe only if backslashes were turned into slashes first; otherwise
        the check makes the path uncertain (medium), not safe."""
        assert self.env is not None
        origin_key: str | None = None
        parts_key: str | None = None
        if isinstance(parsed, ast.Call) and parsed.args and self.qualified_callee(parsed.func) in specs.URL_PARSERS:
            origin_key = path_key(parsed.args[0])
        else:
            parts_key = path_key(parsed)
            value = self.env.get(parts_key) if parts_key is not None else None
            if value is None or value.tag != "url-parts" or value.origin is None:
                return
            origin_key = value.origin
        for key in (origin_key, parts_key):
            current = self.env.get(key) if key is not None else None
            if key is None or current is None or current.taint is None:
                continue
            if relative and BACKSLASHES_NORMALISED not in current.taint.safe:
                self.env[key] = uncertain(current)
            else:
                self.env[key] = sanitised(current, kinds)

    def refine_call(self, call: ast.Call, truth: bool) -> None:
        assert self.env is not None
        func = call.func
        qualified = self.qualified_callee(func)
        if isinstance(func, ast.Attribute) and qualified is None:
            method = func.attr
            if truth and method in specs.SAFE_CHECK_METHODS:
                key = path_key(func.value)
                if key is not None and key in self.env:
                    self.env[key] = Value(CLEAN, tag=self.env[key].tag)
                return
            if truth and method in ("startswith", "endswith") and call.args:
                quote = string_constant(call.args[0])
                if quote in ("'", '"'):
                    self.note_literal_fact(func.value, f"{method}:{quote}")
                    return
            if method == "startswith" and call.args and string_constant(call.args[0]) in ("/", "//"):
                # Starts with "/" but not "//": a path on this site (backslashes aside).
                slashes = string_constant(call.args[0])
                if (slashes == "/") == truth:
                    self.note_local_path_fact(func.value, "starts-slash" if truth else "not-double-slash")
                return
            if truth and method in ("startswith", "is_relative_to"):
                receiver = self.peek(func.value)
                prefix = self.peek(call.args[0]) if call.args else UNKNOWN_VALUE
                if isinstance(prefix.const, str) and FIXED_HOST.match(prefix.const):
                    key = path_key(func.value)
                    if key is not None and receiver.taint is not None:
                        self.env[key] = sanitised(receiver, frozenset({specs.REDIRECT, specs.SSRF}))
                    return
                self.refine_contained(func.value)
                return
            if method in ("match", "fullmatch") and truth and call.args:
                receiver = self.peek(func.value)
                if receiver.tag is not None and receiver.tag.startswith("regex:"):
                    pattern = receiver.tag[6:]
                    if is_safe_pattern(pattern, full=method == "fullmatch"):
                        self._clean_path(call.args[0])
                return
        if qualified in specs.DIGEST_COMPARISONS and truth:
            self.trust_signed(call.args)
            return
        if qualified in ("isinstance", "builtins.isinstance") and truth and len(call.args) == 2:
            if names_numbers(call.args[1]):
                self._clean_path(call.args[0])
            return
        if qualified in specs.REDIRECT_CHECKS and truth:
            target = call.args[0] if call.args else None
            for keyword in call.keywords:
                if keyword.arg == "url":
                    target = keyword.value
            if target is not None:
                key = path_key(target)
                current = self.env.get(key) if key is not None else None
                if key is not None and current is not None:
                    self.env[key] = sanitised(current, frozenset({specs.REDIRECT, specs.SSRF}))
            return
        if qualified in ("re.match", "re.fullmatch") and truth and len(call.args) >= 2:
            regex = string_constant(call.args[0])
            if regex is not None and is_safe_pattern(regex, full=qualified == "re.fullmatch"):
                self._clean_path(call.args[1])
            return
        if qualified is not None and (
            qualified in specs.CLEANSING_CALLS or qualified.partition(".")[0] in specs.STDLIB_MODULES
        ):
            return
        # A check the engine cannot see into may guard the data either way: what it tests is uncertain.
        for argument in call.args:
            key = path_key(argument)
            current = self.env.get(key) if key is not None else None
            if key is not None and current is not None and current.taint is not None:
                self.env[key] = uncertain(current)

    def trust_signed(self, operands: Sequence[ast.expr]) -> None:
        """A MAC of some data equals the one presented: the data is what the key holder signed."""
        assert self.env is not None
        for operand in operands:
            value = self.peek(operand)
            if value.tag == "mac" and value.origin is not None and value.origin in self.env:
                current = self.env[value.origin]
                self.env[value.origin] = Value(CLEAN, tag=current.tag)

    def _clean_path(self, node: ast.expr) -> None:
        assert self.env is not None
        key = path_key(node)
        if key is not None and key in self.env:
            self.env[key] = Value(CLEAN, tag=self.env[key].tag)

    def peek(self, node: ast.expr) -> Value:
        """Evaluate an expression of a condition again, for refinement (cheap and side-effect free enough)."""
        if isinstance(node, ast.Constant):
            return constant(node.value)
        if isinstance(node, ast.Name) and self.env is not None and node.id in self.env:
            return self.env[node.id]
        saved = self.env
        self.env = dict(saved) if saved is not None else None
        value = self.eval(node)
        self.env = saved
        return value

    # -- expressions -----------------------------------------------------

    def eval(self, node: ast.expr | None) -> Value:
        if node is None or self.env is None:
            return UNKNOWN_VALUE
        method = _EXPRESSION_HANDLERS.get(type(node))
        if method is None:
            return UNKNOWN_VALUE
        return method(self, node)

    def eval_constant(self, node: ast.Constant) -> Value:
        return constant(node.value)

    def eval_name(self, node: ast.Name) -> Value:
        assert self.env is not None
        found = self.env.get(node.id)
        if found is not None:
            return found
        if self.function is not None and self.function.visible_function(node.id) is not None:
            return Value(CLEAN, tag="function")
        global_value = self.module.globals.get(node.id)
        if global_value is not None and self.function is not None:
            return global_value
        if self.module.aliases.is_bound(node.id):
            qualified = self.module.aliases.resolve(node)
            if qualified is not None:
                return self.qualified_value(qualified, node)
        return UNKNOWN_VALUE

    def qualified_value(self, qualified: str, node: ast.AST) -> Value:
        if qualified in specs.INPUT_STREAMS:
            # The stream object itself is the program's; what is read from it is the user's.
            return Value(UNKNOWN, tag="input-stream")
        label = specs.SOURCE_ATTRIBUTES.get(qualified)
        if label is not None:
            return tainted(Taint(step_at(node, label), ()))
        if qualified in specs.REQUEST_GLOBALS:
            return Value(UNKNOWN, tag="request")
        if qualified in specs.SESSION_GLOBALS:
            return Value(UNKNOWN, tag="session")
        return Value(UNKNOWN, tag="module:" + qualified)

    def eval_attribute(self, node: ast.Attribute) -> Value:
        assert self.env is not None
        key = path_key(node)
        if key is not None:
            found = self.env.get(key)
            if found is not None:
                return found
            root = key.partition(".")[0]
            if root not in self.env and (root not in self.module.globals or self.function is None):
                if self.module.aliases.is_bound(root):
                    qualified = self.module.aliases.resolve(node)
                    if qualified is not None:
                        return self.qualified_value(qualified, node)
        base = self.eval(node.value)
        return self.attribute_of(base, node)

    def attribute_of(self, base: Value, node: ast.Attribute) -> Value:
        attr = node.attr
        tag = base.tag
        if tag is not None:
            if tag.startswith("module:"):
                return self.qualified_value(f"{tag[7:]}.{attr}", node)
            if tag == "request":
                if attr in specs.REQUEST_DATA_ATTRIBUTES:
                    label = f"request.{attr}"
                    return tainted(Taint(step_at(node, label), ()), tag="json" if attr == "json" else None)
                if attr == "session":
                    return Value(UNKNOWN, tag="session")
                return UNKNOWN_VALUE
            if tag == "request-wrapper":
                return Value(TAINTED, Taint(step_at(node, f"request data through .{attr}"), (), uncertain=True))
            if tag.startswith("instance:"):
                stored = base.entries.get(attr) if base.entries is not None else None
                return stored if stored is not None else UNKNOWN_VALUE
            if tag == "input-stream":
                return base if attr == "buffer" else UNKNOWN_VALUE
            if tag in ("tornado-handler", "self") and attr == "request" and self.module.model.frameworks:
                # Class-based views (Django, DRF, Tornado) keep the current request on self.
                return Value(UNKNOWN, tag="request")
            if tag == "url-parts":
                part = "url-host" if attr in _URL_HOST_ATTRIBUTES else "url-scheme" if attr == "scheme" else None
                return Value(base.level, base.taint, tag=part, origin=base.origin)
            if tag in ("path-object", "normalised-path-object") and attr in ("name", "stem", "suffix"):
                return sanitised(data_of(base), frozenset({specs.PATH})) if attr == "name" else data_of(base)
            if tag in ("path-object", "normalised-path-object") and attr == "parent":
                return base
            if tag == "response" and attr == "headers":
                return Value(UNKNOWN, tag="headers")
        if base.level == TAINTED:
            return Value(TAINTED, base.taint)
        return CLEAN_VALUE if base.level == CLEAN and base.has_constant else UNKNOWN_VALUE

    def eval_index(self, node: ast.expr) -> Value:
        if isinstance(node, ast.Slice):
            lower = self.eval(node.lower) if node.lower is not None else constant(None)
            upper = self.eval(node.upper) if node.upper is not None else constant(None)
            step = self.eval(node.step) if node.step is not None else constant(None)
            if lower.has_constant and upper.has_constant and step.has_constant:
                folded = folding.fold_slice(lower.const, upper.const, step.const)
                if folded is not NO_CONSTANT:
                    return Value(CLEAN, const=folded)
            return Value(max(lower.level, upper.level, step.level))
        return self.eval(node)

    def eval_subscript(self, node: ast.Subscript) -> Value:
        base = self.eval(node.value)
        index = self.eval_index(node.slice)
        if self.env is None:
            return UNKNOWN_VALUE
        return self.subscript(base, index, node)

    def subscript(self, base: Value, index: Value, node: ast.AST) -> Value:
        const_index = index.const
        if isinstance(const_index, slice):
            if base.elems is not None:
                return container(base.tag or "list", elems=base.elems[const_index], rest=base.rest)
            if base.has_constant:
                folded = folding.fold_subscript(base.const, const_index)
                if folded is not NO_CONSTANT:
                    return constant(folded)
            return data_of(base, tag=base.tag if base.tag in ("list", "tuple") else None)
        if base.elems is not None and isinstance(const_index, int) and not isinstance(const_index, bool):
            if -len(base.elems) <= const_index < len(base.elems) and base.rest is None:
                return base.elems[const_index]
            return base.element()
        if base.entries is not None and index.has_constant and hashable(const_index):
            found = base.entries.get(const_index)
            if found is not None:
                return found
            if base.tag == "config":
                section = {
                    key[1]: value
                    for key, value in base.entries.items()
                    if isinstance(key, tuple) and key[0] == const_index
                }
                return container("config-section", entries=section, rest=base.rest)
            return (
                base.rest
                if base.rest is not None
                else (CLEAN_VALUE if base.tag in ("dict", "config-section") else base.element())
            )
        if base.has_constant and index.has_constant:
            folded = folding.fold_subscript(base.const, const_index)
            if folded is not NO_CONSTANT:
                return constant(folded)
            if isinstance(base.const, (tuple, frozenset)):
                return base.element()
        if base.tag == "request":
            return tainted(Taint(step_at(node, "request[...]"), ()))
        if base.elems is not None or base.entries is not None or base.rest is not None:
            return base.element()
        if base.level == TAINTED:
            return Value(TAINTED, base.taint, tag="json" if base.tag == "json" else None)
        if base.level == CLEAN and index.level == CLEAN and base.has_constant:
            return CLEAN_VALUE
        return UNKNOWN_VALUE

    def eval_joined_string(self, node: ast.JoinedStr) -> Value:
        parts: list[Value] = []
        folded: list[str] | None = []
        prefix: list[str] = []
        prefix_open = True
        for piece in node.values:
            if isinstance(piece, ast.Constant):
                value = constant(piece.value)
            elif isinstance(piece, ast.FormattedValue):
                value = self.eval(piece.value)
                spec = piece.format_spec
                spec_text = ""
                if spec is not None:
                    spec_value = self.eval(spec)
                    spec_text = spec_value.const if isinstance(spec_value.const, str) else ""
                    if spec_text and spec_text[-1:] in "dxXobneEfFgG%" and value.level == TAINTED:
                        value = CLEAN_VALUE  # a numeric format only accepts numbers
                if value.has_constant:
                    formatted = folding.fold_format(value.const, spec_text, piece.conversion)
                    value = constant(formatted) if formatted is not NO_CONSTANT else data_of(value)
                else:
                    value = data_of(value)
            else:
                value = self.eval(piece)
            if self.env is None:
                return UNKNOWN_VALUE
            parts.append(value)
            if folded is not None:
                if isinstance(value.const, str):
                    folded.append(value.const)
                else:
                    folded = None
            if prefix_open:
                if isinstance(value.const, str):
                    prefix.append(value.const)
                else:
                    prefix_open = False
        if folded is not None:
            text = "".join(folded)
            if len(text) <= folding.MAX_FOLDED_LENGTH:
                return constant(text)
        result = anchored(combine(parts), parts[0] if parts else None)
        return replace(result, prefix="".join(prefix) or None) if prefix else result

    def eval_binary(self, node: ast.BinOp) -> Value:
        # Long chains (`a + b + c + ...`) are walked iteratively: they can be deeper than the recursion limit.
        spine: list[ast.BinOp] = []
        current: ast.expr = node
        while isinstance(current, ast.BinOp) and len(spine) < 100_000:
            spine.append(current)
            current = current.left
        value = self.eval(current)
        for operation in reversed(spine):
            right = self.eval(operation.right)
            if self.env is None:
                return UNKNOWN_VALUE
            value = self.binary(operation.op, value, right, operation)
        return value

    def binary(self, operation: ast.operator, left: Value, right: Value, node: ast.AST) -> Value:
        if left.has_constant and right.has_constant:
            folded = folding.fold_binary(operation, left.const, right.const)
            if folded is not NO_CONSTANT:
                return constant(folded)
        if isinstance(operation, ast.Add) and left.elems is not None and right.elems is not None:
            return container(left.tag or "list", elems=left.elems + right.elems)
        if isinstance(operation, ast.Add) and (left.tag in ("list", "tuple") or right.tag in ("list", "tuple")):
            return container(left.tag or right.tag or "list", rest=join(left.element(), right.element()))
        if isinstance(operation, ast.Mod) and right.elems is not None:
            right = join_all(right.elems) if right.elems else CLEAN_VALUE
        if isinstance(operation, ast.Mod) and right.entries is not None:
            right = right.element()
        if isinstance(operation, ast.Div) and (left.tag and left.tag.endswith("path-object")):
            combined = combine([left, right])
            return replace(combined, tag="path-object")
        if isinstance(
            operation,
            (
                ast.Sub,
                ast.Mult,
                ast.Div,
                ast.FloorDiv,
                ast.Pow,
                ast.BitAnd,
                ast.BitOr,
                ast.BitXor,
                ast.LShift,
                ast.RShift,
            ),
        ):
            if isinstance(operation, ast.Mult) and (
                isinstance(left.const, (str, bytes)) or isinstance(right.const, (str, bytes))
            ):
                return combine([left, right])
            if isinstance(operation, ast.Mult) and (left.tag in ("list", "tuple") or right.tag in ("list", "tuple")):
                return container("list", rest=join(left.element(), right.element()))
            # Arithmetic yields numbers: not text an attacker could shape.
            if left.level < TAINTED and right.level < TAINTED:
                return Value(max(left.level, right.level))
            if isinstance(operation, ast.BitOr) and (left.entries is not None or right.entries is not None):
                return combine([left, right])
            return CLEAN_VALUE if is_number(left) or is_number(right) else combine([left, right])
        result = combine([left, right])
        if isinstance(operation, ast.Add):
            result = anchored(result, left)
        prefix = left.prefix if left.prefix is not None else (left.const if isinstance(left.const, str) else None)
        if isinstance(operation, ast.Mod) and isinstance(left.const, str):
            prefix = left.const.partition("%")[0]
        return replace(result, prefix=prefix or None) if prefix else result

    def eval_unary(self, node: ast.UnaryOp) -> Value:
        operand = self.eval(node.operand)
        if operand.has_constant:
            folded = folding.fold_unary(node.op, operand.const)
            if folded is not NO_CONSTANT:
                return constant(folded)
        if isinstance(node.op, ast.Not):
            return Value(CLEAN if operand.level == CLEAN else UNKNOWN) if operand.level < TAINTED else CLEAN_VALUE
        return operand if operand.level < TAINTED else CLEAN_VALUE

    def eval_bool_op(self, node: ast.BoolOp) -> Value:
        is_and = isinstance(node.op, ast.And)
        results: list[Value] = []
        for operand in node.values:
            value = self.eval(operand)
            if self.env is None:
                return UNKNOWN_VALUE
            decided = folding.truth(value.const)
            if decided is not None and decided != is_and:
                # `x or default` with a truthy constant x (or `x and y` with falsy x) stops here.
                results.append(value)
                return join_all(results)
            if decided is None:
                results.append(value)
        return join_all(results) if results else constant(is_and)

    def eval_compare(self, node: ast.Compare) -> Value:
        left = self.eval(node.left)
        result: object = True
        level = CLEAN
        for operation, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.eval(comparator)
            if self.env is None:
                return UNKNOWN_VALUE
            if result is not NO_CONSTANT and left.has_constant and right.has_constant:
                folded = folding.fold_compare(operation, left.const, right.const)
                result = (result and folded) if folded is not NO_CONSTANT else NO_CONSTANT
            else:
                result = NO_CONSTANT
            level = max(level, min(left.level, UNKNOWN), min(right.level, UNKNOWN))
            left = right
        if result is not NO_CONSTANT:
            return constant(bool(result))
        return Value(level)

    def eval_if_expression(self, node: ast.IfExp) -> Value:
        test = self.eval(node.test)
        decided = folding.truth(test.const)
        if decided is True:
            return self.eval(node.body)
        if decided is False:
            return self.eval(node.orelse)
        if self.env is None:
            return UNKNOWN_VALUE
        before = self.env
        self.env = dict(before)
        self.refine(node.test, True)
        body = self.eval(node.body)
        self.env = dict(before)
        self.refine(node.test, False)
        orelse = self.eval(node.orelse)
        self.env = before
        return join(body, orelse)

    def eval_tuple(self, node: ast.Tuple | ast.List | ast.Set) -> Value:
        tag = "tuple" if isinstance(node, ast.Tuple) else ("list" if isinstance(node, ast.List) else "set")
        elems: list[Value] = []
        rest: Value | None = None
        for element in node.elts:
            if isinstance(element, ast.Starred):
                value = self.eval(element.value)
                if value.elems is not None and rest is None:
                    elems.extend(value.elems)
                else:
                    rest = join_optional(rest, value.element())
            else:
                elems.append(self.eval(element))
        if rest is not None:
            return container(tag, rest=join(rest, join_all(elems)) if elems else rest)
        return container(tag, elems=tuple(elems))

    def eval_dict(self, node: ast.Dict) -> Value:
        entries: dict[object, Value] = {}
        rest: Value | None = None
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            value = self.eval(value_node)
            if key_node is None:
                if value.entries is not None:
                    entries.update(value.entries)
                    rest = join_optional(rest, value.rest)
                else:
                    rest = join_optional(rest, value.element())
                continue
            key = self.eval(key_node)
            if key.has_constant and hashable(key.const):
                entries[key.const] = value
            else:
                rest = join_optional(rest, join(value, key) if key.level == TAINTED else value)
        return container("dict", entries=entries, rest=rest)

    def eval_comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> Value:
        if self.env is None:
            return UNKNOWN_VALUE
        saved = self.env
        self.env = dict(saved)
        for generator in node.generators:
            iterable = self.eval(generator.iter)
            if self.env is None:
                break
            self.bind(generator.target, self.iteration_element(iterable, generator.iter), generator)
            for condition in generator.ifs:
                self.eval(condition)
                self.refine(condition, True)
        if self.env is None:
            self.env = saved
            return UNKNOWN_VALUE
        if isinstance(node, ast.DictComp):
            key = self.eval(node.key)
            value = self.eval(node.value)
            result = container("dict", entries={}, rest=join(value, key) if key.level == TAINTED else value)
        else:
            element = self.eval(node.elt)
            tag = "set" if isinstance(node, ast.SetComp) else "list"
            result = container(tag, rest=element)
        self.env = saved
        return result

    def eval_lambda(self, node: ast.Lambda) -> Value:
        return Value(CLEAN, tag="function")

    def eval_await(self, node: ast.Await) -> Value:
        return self.eval(node.value)

    def eval_named(self, node: ast.NamedExpr) -> Value:
        value = self.eval(node.value)
        if self.env is not None:
            self.bind(node.target, value, node)
        return value

    def eval_starred(self, node: ast.Starred) -> Value:
        return self.eval(node.value)

    def eval_formatted(self, node: ast.FormattedValue) -> Value:
        return data_of(self.eval(node.value))

    def eval_yield(self, node: ast.Yield | ast.YieldFrom) -> Value:
        if node.value is not None:
            value = self.eval(node.value)
            if self.env is not None:
                self.returned = value if self.returned is None else join(self.returned, value)
        return UNKNOWN_VALUE

    def iteration_element(self, iterable: Value, node: ast.expr) -> Value:
        """What a for loop over `iterable` binds each time."""
        if iterable.tag == "dict" and iterable.entries is not None:
            keys = [constant(key) for key in iterable.entries]
            parts = keys + ([iterable.rest] if iterable.rest is not None and iterable.rest.level == TAINTED else [])
            return join_all(parts) if parts else CLEAN_VALUE
        if iterable.tag == "input-stream":
            return tainted(Taint(step_at(node, "sys.stdin (standard input)"), ()))
        if iterable.tag == "enumerate" or iterable.tag == "zip":
            return iterable.rest if iterable.rest is not None else UNKNOWN_VALUE
        return iterable.element()

    # -- calls -----------------------------------------------------------

    def qualified_callee(self, func: ast.expr) -> str | None:
        """The qualified name of a module-level callee (`subprocess.run`), None for a method on a value."""
        root = root_name(func)
        if root is None or self.env is None:
            return None
        local = self.env.get(root)
        if local is not None:
            if local.tag is not None and local.tag.startswith("module:"):
                rest = path_key(func)
                if rest is None:
                    return None
                suffix = rest.partition(".")[2]
                from_module = local.tag[7:] + ("." + suffix if suffix else "")
                return None if _names_an_object(from_module) else from_module
            return None
        if self.function is not None and root in self.module.globals:
            global_value = self.module.globals[root]
            if global_value.tag is None or not global_value.tag.startswith("module:"):
                return None
        aliases = self.module.aliases
        if aliases.is_bound(root):
            qualified = aliases.resolve(func)
            if qualified is not None and isinstance(func, ast.Attribute) and _names_an_object(qualified):
                return None  # a method of data (os.environ.get, flask.request.args.get): called on its value
            return qualified
        if isinstance(func, ast.Name):
            for star in aliases.star_modules:
                candidate = f"{star}.{func.id}"
                if candidate in specs.FUNCTION_SINKS or candidate in specs.SANITIZERS:
                    return candidate
            return func.id
        return None

    def local_class(self, func: ast.expr) -> ClassInfo | None:
        """The module's own class a call instantiates (`Helper(value)`), when the name is not rebound."""
        assert self.env is not None
        if not isinstance(func, ast.Name):
            return None
        class_info = self.module.model.classes.get(func.id)
        if class_info is None:
            return None
        local = self.env.get(func.id)
        if local is not None and local.tag != "class":
            return None
        return class_info

    def local_function(self, func: ast.expr) -> tuple[FunctionInfo | None, Value | None]:
        """The module's own function a call targets, with the receiver to pass as self (methods)."""
        assert self.env is not None
        if isinstance(func, ast.Name):
            local = self.env.get(func.id)
            if local is not None and local.tag != "function":
                return None, None
            if self.function is not None:
                found = self.function.visible_function(func.id)
                if found is not None:
                    return found, None
            found = self.module.model.module_scope.get(func.id)
            return found, None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner_name = func.value.id
            if self.function is not None and self.function.owner is not None and owner_name in ("self", "cls"):
                method = self.function.owner.method(func.attr)
                if method is not None:
                    return method, self.env.get(owner_name, UNKNOWN_VALUE)
            class_info = self.module.model.classes.get(owner_name)
            if class_info is not None and owner_name not in self.env:
                method = class_info.method(func.attr)
                if method is not None:
                    return method, None
        return None, None

    def evaluate_arguments(self, node: ast.Call) -> CallArguments:
        positional: list[Value] = []
        positional_nodes: list[ast.expr] = []
        keywords: dict[str, Value] = {}
        keyword_nodes: dict[str, ast.expr] = {}
        starred: Value | None = None
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                value = self.eval(argument.value)
                if value.elems is not None and starred is None:
                    positional.extend(value.elems)
                    positional_nodes.extend([argument] * len(value.elems))
                else:
                    starred = join_optional(starred, value.element())
                continue
            positional.append(self.eval(argument))
            positional_nodes.append(argument)
        for keyword in node.keywords:
            value = self.eval(keyword.value)
            if keyword.arg is None:
                if value.entries is not None:
                    for key, entry in value.entries.items():
                        if isinstance(key, str):
                            keywords[key] = entry
                            keyword_nodes[key] = keyword.value
                    if value.rest is not None:
                        starred = join_optional(starred, value.rest)
                else:
                    starred = join_optional(starred, value.element())
                continue
            keywords[keyword.arg] = value
            keyword_nodes[keyword.arg] = keyword.value
        return CallArguments(positional, positional_nodes, keywords, keyword_nodes, starred)

    def eval_call(self, node: ast.Call) -> Value:
        func = node.func
        qualified = self.qualified_callee(func)
        if qualified is not None and qualified in ("eval", "exec", "builtins.eval", "builtins.exec") and node.args:
            inner = node.args[0]
            if isinstance(inner, ast.Call) and self.qualified_callee(inner.func) in ("compile", "builtins.compile"):
                self.covered.add(id(inner))
        function, receiver_for_self = (None, None)
        receiver: Value | None = None
        class_info = self.local_class(func)
        if class_info is not None:
            arguments = self.evaluate_arguments(node)
            if self.env is None:
                return UNKNOWN_VALUE
            init = class_info.method("__init__")
            if init is None:
                return container(f"instance:{class_info.name}", entries={})
            parameters = self.bind_parameters(init, UNKNOWN_VALUE, arguments, node)
            parameters.pop(next(iter(parameters)), None)  # self is the instance being built
            return self.module.construct(class_info, parameters, depth=self.depth + 1)
        if qualified is None or qualified.partition(".")[0] not in ("builtins",):
            function, receiver_for_self = self.local_function(func)
        if function is None and qualified is None and isinstance(func, ast.Attribute):
            receiver = self.eval(func.value)
            if self.env is None:
                return UNKNOWN_VALUE
        arguments = self.evaluate_arguments(node)
        if self.env is None:
            return UNKNOWN_VALUE
        if function is not None:
            return self.call_local(function, receiver_for_self, arguments, node)
        if qualified is not None:
            return self.call_qualified(qualified, arguments, node)
        if receiver is not None and isinstance(func, ast.Attribute):
            return self.call_method(receiver, func.attr, arguments, node)
        callee_value = self.eval(func)
        if callee_value.tag == "function":
            return UNKNOWN_VALUE
        if callee_value.tag == "xpath-evaluator" and arguments.positional:
            # etree.XPathEvaluator(tree)(expression) evaluates the expression it is called with.
            value, value_node = arguments.positional[0], arguments.positional_nodes[0]
            self.report(specs.XPATH, node, value, callee=receiver_label(func), value_node=value_node)
            return UNKNOWN_VALUE
        return self.unknown_call(arguments, node)

    def call_local(
        self, function: FunctionInfo, receiver: Value | None, arguments: CallArguments, node: ast.Call
    ) -> Value:
        parameters = self.bind_parameters(function, receiver, arguments, node)
        closure = self.env if function.key.count(".<locals>.") and self.function is not None else None
        if (
            closure is not None
            and self.function is not None
            and not function.key.startswith(self.function.key + ".<locals>.")
        ):
            closure = None
        result = self.module.call_function(function, parameters, closure, depth=self.depth + 1)
        if result.taint is not None:
            result = result.step(step_at(node, f"returned by {function.node.name}()"))
        return result

    def bind_parameters(
        self, function: FunctionInfo, receiver: Value | None, arguments: CallArguments, node: ast.Call
    ) -> dict[str, Value]:
        spec = function.node.args
        positional_parameters = [*spec.posonlyargs, *spec.args]
        values = list(arguments.positional)
        if function.is_method and positional_parameters:
            values.insert(0, receiver if receiver is not None else Value(UNKNOWN, tag="self"))
        bound: dict[str, Value] = {}
        defaults = spec.defaults
        first_default = len(positional_parameters) - len(defaults)
        for index, parameter in enumerate(positional_parameters):
            if index < len(values):
                bound[parameter.arg] = values[index]
            elif parameter.arg in arguments.keywords:
                bound[parameter.arg] = arguments.keywords[parameter.arg]
            elif arguments.starred is not None:
                bound[parameter.arg] = arguments.starred
            elif index >= first_default:
                bound[parameter.arg] = self._default_value(defaults[index - first_default])
            else:
                bound[parameter.arg] = UNKNOWN_VALUE
        for parameter, default in zip(spec.kwonlyargs, spec.kw_defaults, strict=True):
            if parameter.arg in arguments.keywords:
                bound[parameter.arg] = arguments.keywords[parameter.arg]
            elif arguments.starred is not None:
                bound[parameter.arg] = arguments.starred
            else:
                bound[parameter.arg] = self._default_value(default) if default is not None else UNKNOWN_VALUE
        if spec.vararg is not None:
            extra = values[len(positional_parameters) :]
            rest = arguments.starred
            bound[spec.vararg.arg] = (
                container("tuple", elems=tuple(extra))
                if rest is None
                else container("tuple", rest=join_all([*extra, rest]))
            )
        if spec.kwarg is not None:
            named: dict[object, Value] = {
                name: value for name, value in arguments.keywords.items() if name not in bound
            }
            bound[spec.kwarg.arg] = container("dict", entries=named, rest=arguments.starred)
        for name, value in bound.items():
            if value.taint is not None:
                bound[name] = value.step(step_at(node, f"passed to {function.node.name}() as '{name}'"))
        return bound

    def _default_value(self, node: ast.expr) -> Value:
        if isinstance(node, ast.Constant):
            return constant(node.value)
        saved = self.env
        value = self.eval(node)
        self.env = saved
        return value

    def unknown_call(self, arguments: CallArguments, node: ast.Call, name: str | None = None) -> Value:
        """A call the engine cannot resolve: its result may carry its arguments' data."""
        if any(value.tag == "request" for value in arguments.all_values()):
            # A helper handed the whole request (a wrapper, an adapter) exposes the request's data.
            return Value(UNKNOWN, tag="request-wrapper")
        joined = arguments.joined()
        if name is not None:
            hinted = sanitiser_hint(name)
            if hinted is not None:
                if joined.level == TAINTED:
                    return uncertain(sanitised(data_of(joined), hinted))
                return Value(UNKNOWN)
        if joined.level == TAINTED:
            return uncertain(data_of(joined))
        return UNKNOWN_VALUE

    # -- qualified calls (library functions) -----------------------------

    def call_qualified(self, qualified: str, arguments: CallArguments, node: ast.Call) -> Value:
        source_label = specs.SOURCE_CALLS.get(qualified)
        if source_label is not None:
            return tainted(Taint(step_at(node, source_label), ()))
        sink = specs.FUNCTION_SINKS.get(qualified)
        if sink is not None:
            self.check_sink(sink, qualified, arguments, node)
            return self.sink_result(sink, qualified, arguments, node)
        first = arguments.positional[0] if arguments.positional else None
        kinds = specs.SANITIZERS.get(qualified)
        if kinds is not None:
            joined = arguments.joined() if first is None else first
            return sanitised(data_of(joined), kinds) if joined.level == TAINTED else Value(min(joined.level, UNKNOWN))
        if qualified in specs.ARGUMENT_PARSERS:
            return Value(UNKNOWN, tag="argument-parser")
        if qualified in specs.MAC_FUNCTIONS:
            # hmac.new(key, message): remember which variable the code is of, for compare_digest checks.
            message = (
                node.args[1]
                if len(node.args) > 1
                else next((keyword.value for keyword in node.keywords if keyword.arg == "msg"), None)
            )
            return Value(CLEAN, tag="mac", origin=path_key(message) if message is not None else None)
        if qualified in specs.CLEANSING_CALLS:
            folded = self.fold_builtin(qualified, arguments)
            return folded if folded is not None else CLEAN_VALUE
        root = qualified.partition(".")[0]
        if root in specs.CLEANSING_MODULES:
            return CLEAN_VALUE
        handler = QUALIFIED_HANDLERS.get(qualified)
        if handler is not None:
            return handler(self, arguments, node)
        if qualified in specs.DECODERS:
            joined = first if first is not None else arguments.joined()
            tag = "json" if qualified.startswith("json.") else None
            return desanitised(data_of(joined, tag=tag))
        if qualified in specs.NORMALISERS:
            joined = arguments.joined()
            return Value(joined.level, joined.taint, tag="normalised-path")
        if qualified in specs.PATH_CONSTRUCTORS:
            joined = arguments.joined()
            return Value(joined.level, joined.taint, tag="path-object")
        if qualified in specs.URL_PARSERS:
            origin = path_key(node.args[0]) if node.args else None
            joined = first if first is not None else arguments.joined()
            return Value(joined.level, joined.taint, tag="url-parts", origin=origin)
        if qualified in specs.CONFIG_PARSERS:
            return container("config", entries={})
        if qualified in specs.HTTP_CLIENT_FACTORIES:
            return Value(UNKNOWN, tag="http-client")
        if qualified in specs.URL_OPENER_FACTORIES:
            return Value(UNKNOWN, tag="url-opener")
        if qualified in specs.XML_TREE_FACTORIES:
            return Value(UNKNOWN, tag="xml-tree")
        if qualified in specs.SAX_PARSER_FACTORIES:
            return Value(UNKNOWN, tag="sax-parser")
        if qualified in specs.LXML_PARSERS:
            return Value(UNKNOWN, tag="lxml-parser-unsafe" if unsafe_lxml_parser(arguments) else "lxml-parser")
        if qualified in specs.XPATH_EVALUATORS:
            return Value(UNKNOWN, tag="xpath-evaluator")
        if qualified in specs.SESSION_FACTORIES:
            return Value(UNKNOWN, tag="session")
        if qualified in specs.SANDBOXED_JINJA_ENVIRONMENTS:
            return Value(UNKNOWN, tag="jinja-sandbox")
        if qualified in specs.JINJA_ENVIRONMENTS:
            autoescape = arguments.keywords.get("autoescape")
            escaped = autoescape is not None and (folding.truth(autoescape.const) is not False)
            return Value(UNKNOWN, tag="jinja-env" if escaped else "jinja-env-noescape")
        if root in specs.STDLIB_MODULES or "." not in qualified:
            folded = self.fold_builtin(qualified, arguments)
            if folded is not None:
                return folded
            joined = arguments.joined()
            if joined.level == TAINTED:
                return data_of(joined)
            if "." not in qualified and qualified not in BUILTIN_FUNCTIONS:
                return UNKNOWN_VALUE
            return Value(joined.level)
        method = qualified.rpartition(".")[2]
        sink = specs.METHOD_SINKS.get(method)
        if sink is not None and "." in qualified and self.method_sink_applies(method, UNKNOWN_VALUE):
            # A method of an imported object the engine does not model (Model.objects.raw, db.execute).
            self.check_sink(sink, path_key(node.func) or qualified.lstrip("."), arguments, node)
            return UNKNOWN_VALUE
        if method in specs.LOOKUP_METHODS and "." in qualified:
            return UNKNOWN_VALUE  # an imported model's or store's lookup returns stored data
        return self.unknown_call(arguments, node, method)

    def fold_builtin(self, qualified: str, arguments: CallArguments) -> Value | None:
        """Builtins over constants (str(5), len("abc"), int("7")) and str()/repr() of data."""
        name = qualified.removeprefix("builtins.")
        values = arguments.positional
        if arguments.keywords or arguments.starred is not None:
            return None
        if name in ("str", "repr", "ascii") and len(values) == 1:
            value = values[0]
            if value.has_constant and folding.is_plain(value.const):
                return constant(TEXT_CONVERTERS[name](value.const))
            return data_of(value)
        if name in ("int", "float", "bool", "len") and len(values) == 1 and values[0].has_constant:
            try:
                result = {"int": int, "float": float, "bool": bool, "len": len}[name](values[0].const)  # type: ignore[operator]
            except Exception:  # noqa: BLE001 - not foldable
                return None
            return constant(result)
        if name in ("list", "tuple", "set", "frozenset", "sorted", "reversed") and len(values) <= 1:
            tag = {"tuple": "tuple", "set": "set", "frozenset": "set"}.get(name, "list")
            if not values:
                return container(tag, elems=())
            source = values[0]
            if source.elems is not None and name in ("list", "tuple"):
                return container(tag, elems=source.elems, rest=source.rest)
            if source.elems is not None and name == "reversed":
                return container(tag, elems=tuple(reversed(source.elems)), rest=source.rest)
            if source.has_constant and isinstance(source.const, tuple) and name in ("list", "tuple"):
                return container(tag, elems=tuple(constant(item) for item in source.const))
            return container(tag, rest=self.iteration_element(source, ast.Constant(None)))
        if name == "dict":
            if not values:
                return container("dict", entries=keyword_entries(arguments))
            if values[0].entries is not None:
                return container("dict", entries=values[0].entries, rest=values[0].rest)
            return container("dict", entries={}, rest=values[0].element())
        if name == "enumerate" and values:
            return container("enumerate", rest=container("tuple", elems=(CLEAN_VALUE, values[0].element())))
        if name == "zip" and values:
            return container("zip", rest=container("tuple", elems=tuple(value.element() for value in values)))
        if name in ("min", "max", "next", "iter", "sum") and values:
            return values[0].element() if name != "sum" else Value(min(values[0].element().level, UNKNOWN))
        if name in ("chr", "hex", "format") and values:
            return data_of(join_all(values)) if name == "format" else CLEAN_VALUE
        if name in ("bytes", "bytearray", "memoryview") and values:
            value = values[0]
            if value.has_constant and isinstance(value.const, bytes):
                return value
            return data_of(join_all(values))
        if name in ("getattr", "vars", "dir", "globals", "locals", "print", "open"):
            return None
        return None

    def sink_result(self, sink: specs.Sink, qualified: str, arguments: CallArguments, node: ast.Call) -> Value:
        """What a sink call returns: data the program produces, not what was passed in."""
        if sink.kind == specs.XSS and qualified in specs.RESPONSE_FACTORIES:
            return Value(CLEAN, tag="response")
        if sink.kind in (specs.REDIRECT, specs.XSS):
            return Value(CLEAN, tag="response")
        if sink.special == "jinja-template":
            return Value(UNKNOWN, tag="jinja-template-noescape")
        if sink.special == "template-string":
            joined = join_all(list(arguments.keywords.values())) if arguments.keywords else CLEAN_VALUE
            return sanitised(data_of(joined), frozenset({specs.XSS})) if joined.level == TAINTED else Value(UNKNOWN)
        if sink.kind == specs.PATH:
            return Value(UNKNOWN, tag="file")
        if sink.kind == specs.CODE and sink.special == "compile":
            return data_of(arguments.positional[0]) if arguments.positional else UNKNOWN_VALUE
        if sink.kind == specs.XXE:
            return Value(UNKNOWN, tag="xml-tree")
        if sink.kind == specs.SSRF:
            return Value(UNKNOWN, tag="http-client" if qualified.startswith("http.client.") else None)
        return UNKNOWN_VALUE

    # -- methods on values -----------------------------------------------

    def call_method(self, receiver: Value, method: str, arguments: CallArguments, node: ast.Call) -> Value:
        assert isinstance(node.func, ast.Attribute)
        receiver_node = node.func.value
        tag = receiver.tag
        if tag is not None:
            if tag == "request":
                if method in specs.REQUEST_DATA_METHODS:
                    return tainted(
                        Taint(step_at(node, f"request.{method}()"), ()),
                        tag="json" if method in ("get_json", "json") else None,
                    )
                return UNKNOWN_VALUE
            if tag == "request-wrapper":
                label = f"request data through {receiver_label(node.func.value)}.{method}()"
                return Value(TAINTED, Taint(step_at(node, label), (), uncertain=True))
            if tag == "argument-parser":
                if method in ("parse_args", "parse_known_args", "parse_intermixed_args"):
                    return tainted(Taint(step_at(node, "command-line arguments (argparse)"), ()))
                return UNKNOWN_VALUE
            if tag == "input-stream":
                if method in ("read", "readline", "readlines", "__next__", "__iter__"):
                    return tainted(Taint(step_at(node, "sys.stdin (standard input)"), ()))
                return UNKNOWN_VALUE
            if tag.startswith("instance:"):
                class_info = self.module.model.classes.get(tag[9:])
                method_info = class_info.method(method) if class_info is not None else None
                if method_info is not None:
                    return self.call_local(method_info, receiver, arguments, node)
            if tag == "tornado-handler" and method in specs.TORNADO_ARGUMENT_METHODS:
                return tainted(Taint(step_at(node, f"self.{method}()"), ()))
            if tag.startswith("module:"):
                return self.call_qualified(f"{tag[7:]}.{method}", arguments, node)
            tagged = specs.TAGGED_METHOD_SINKS.get((tag, method))
            if tagged is not None:
                self.check_tagged_sink(tagged, receiver, method, arguments, node)
                if tagged.kind in (specs.XSS, specs.REDIRECT):
                    return Value(CLEAN, tag="response")
                if tag.endswith("path-object") and method in ("read_text", "read_bytes", "open"):
                    return Value(UNKNOWN, tag="file" if method == "open" else None)
                return UNKNOWN_VALUE
            handled = self.tagged_method(receiver, receiver_node, method, arguments, node)
            if handled is not None:
                return handled
        if method == "save" and receiver.level == TAINTED and arguments.positional:
            # An uploaded file (werkzeug FileStorage, Django UploadedFile storage) written where a request says.
            value, value_node = arguments.positional[0], arguments.positional_nodes[0]
            self.report(specs.PATH, node, value, callee=f"{receiver_label(receiver_node)}.save", value_node=value_node)
            return UNKNOWN_VALUE
        sink = specs.METHOD_SINKS.get(method)
        if sink is not None and self.method_sink_applies(method, receiver):
            self.check_sink(sink, f"{receiver_label(receiver_node)}.{method}", arguments, node)
            return UNKNOWN_VALUE
        mutated = self.mutate_container(receiver, receiver_node, method, arguments, node)
        if mutated is not None:
            return mutated
        if receiver.has_constant:
            constants = tuple(value.const for value in arguments.positional)
            if not arguments.keywords and all(value.has_constant for value in arguments.positional):
                folded = folding.fold_method(receiver.const, method, constants)
                if folded is not NO_CONSTANT:
                    return constant(folded)
        if method in specs.CLEAN_RESULT_METHODS:
            return CLEAN_VALUE
        if method in specs.STRING_METHODS:
            return self.string_method(receiver, method, arguments, node)
        if method in specs.LOOKUP_METHODS and receiver.level < TAINTED:
            # Model.query.filter_by(name=value).first(): a lookup keyed by the data returns stored data.
            return UNKNOWN_VALUE
        joined = join(receiver, arguments.joined()) if arguments.all_values() else receiver
        if joined.level == TAINTED:
            hinted = sanitiser_hint(method)
            if hinted is not None:
                return uncertain(sanitised(data_of(joined), hinted))
            return uncertain(data_of(joined))
        return UNKNOWN_VALUE

    def method_sink_applies(self, method: str, receiver: Value) -> bool:
        required = specs.METHOD_SINK_IMPORTS.get(method)
        if required is not None and not self.module.model.imports_any(required):
            return False
        if receiver.tag is not None and receiver.tag.startswith("regex:"):
            return False
        if method in ("execute", "executemany") and receiver.tag in ("json", "dict", "list"):
            return False
        return True

    def string_method(self, receiver: Value, method: str, arguments: CallArguments, node: ast.Call) -> Value:
        if method == "join":
            parts = arguments.positional[0] if arguments.positional else CLEAN_VALUE
            element = parts.element()
            if parts.elems is not None and receiver.has_constant and all(item.has_constant for item in parts.elems):
                folded = folding.fold_method(receiver.const, "join", (tuple(item.const for item in parts.elems),))
                if folded is not NO_CONSTANT:
                    return constant(folded)
            return combine([receiver, element])
        if method in ("format", "format_map"):
            joined = combine([receiver, arguments.joined()])
            prefix = receiver.const.partition("{")[0] if isinstance(receiver.const, str) else None
            return replace(joined, prefix=prefix or None) if prefix else joined
        if method in ("split", "rsplit", "splitlines", "partition", "rpartition"):
            return container("list", rest=data_of(receiver))
        if method in ("get", "pop", "setdefault") and arguments.positional:
            default = arguments.positional[1] if len(arguments.positional) > 1 else constant(None)
            if receiver.level == TAINTED:
                return join(data_of(receiver), default) if default.level == TAINTED else data_of(receiver)
            return join(receiver.element(), default)
        if method in ("items", "values", "keys", "copy", "to_dict", "dict", "lists"):
            if receiver.level == TAINTED:
                return Value(TAINTED, receiver.taint, tag="list" if method != "copy" else receiver.tag)
            return receiver
        if receiver.level == TAINTED:
            if method == "replace" and len(arguments.positional) >= 2:
                old, new = arguments.positional[0].const, arguments.positional[1].const
                if isinstance(old, str) and isinstance(new, str) and old not in new:
                    return self.replaced(receiver, old)
            return data_of(receiver)
        if arguments.all_values() and method in ("replace", "format", "join", "center", "ljust", "rjust"):
            return combine([receiver, arguments.joined()])
        return Value(receiver.level) if receiver.level < TAINTED else receiver

    def replaced(self, receiver: Value, removed: str) -> Value:
        """Text with every `removed` replaced by something without it: backslashes normalised, or markup
        brackets gone (both < and > replaced makes it safe inside an HTML element)."""
        result = data_of(receiver)
        if removed == "\\":
            return sanitised(result, frozenset({BACKSLASHES_NORMALISED}))
        if removed in ("<", ">") and result.taint is not None:
            facts = {f"no{removed}", *result.taint.safe}
            kinds = {f"no{removed}"}
            if {"no<", "no>"} <= facts:
                kinds.add(specs.XSS)
            return sanitised(result, frozenset(kinds))
        return result

    def tagged_method(
        self, receiver: Value, receiver_node: ast.expr, method: str, arguments: CallArguments, node: ast.Call
    ) -> Value | None:
        """Methods of objects the engine tracks: parsers, configuration, templates, paths."""
        tag = receiver.tag
        assert tag is not None
        key = path_key(receiver_node)
        if tag == "sax-parser" and method == "setFeature" and len(arguments.positional) >= 2:
            feature = self.feature_name(node.args[0]) if node.args else None
            enabled = folding.truth(arguments.positional[1].const)
            if feature in specs.SAX_EXTERNAL_ENTITY_FEATURES and enabled is not False and key is not None:
                assert self.env is not None
                self.env[key] = Value(UNKNOWN, tag="sax-parser-unsafe")
            return CLEAN_VALUE
        if tag == "config" and key is not None:
            return self.config_method(receiver, key, method, arguments)
        if tag in ("jinja-env", "jinja-env-noescape") and method == "from_string":
            sink = specs.METHOD_SINKS["from_string"]
            self.check_sink(sink, f"{receiver_label(receiver_node)}.from_string", arguments, node)
            return Value(UNKNOWN, tag="jinja-template" if tag == "jinja-env" else "jinja-template-noescape")
        if tag == "jinja-sandbox" and method in ("from_string", "get_template"):
            # A sandboxed environment is made for untrusted templates: compiling one is not an injection.
            return Value(UNKNOWN, tag="jinja-template")
        if tag in ("jinja-env", "jinja-env-noescape") and method == "get_template":
            return Value(UNKNOWN, tag="jinja-template" if tag == "jinja-env" else "jinja-template-noescape")
        if tag == "jinja-template" and method == "render":
            joined = arguments.joined()
            return sanitised(data_of(joined), frozenset({specs.XSS})) if joined.level == TAINTED else UNKNOWN_VALUE
        if tag.endswith("path-object"):
            if method in ("resolve", "absolute"):
                return Value(receiver.level, receiver.taint, tag="normalised-path-object")
            if method in ("joinpath", "with_name", "with_suffix", "with_stem", "expanduser", "relative_to"):
                combined = combine([receiver, arguments.joined()])
                return replace(combined, tag="path-object")
        if tag == "normalised-path" and method in ("startswith",):
            return CLEAN_VALUE
        if tag == "mac" and method in ("hexdigest", "digest"):
            return receiver
        if tag == "url-parts" and method in ("geturl",):
            return Value(receiver.level, receiver.taint)
        if tag == "xml-tree" and method in ("getroot", "getroottree"):
            return receiver
        if tag in ("file",) and method in ("read", "readline", "readlines", "__iter__"):
            return UNKNOWN_VALUE
        if tag == "http-client":
            return UNKNOWN_VALUE
        return None

    def config_method(self, receiver: Value, key: str, method: str, arguments: CallArguments) -> Value:
        assert self.env is not None
        values = arguments.positional
        entries = dict(receiver.entries or {})
        if method == "set" and len(values) >= 3:
            section, option = values[0], values[1]
            if section.has_constant and option.has_constant and hashable(section.const) and hashable(option.const):
                entries[(section.const, option.const)] = values[2]
                self.env[key] = container("config", entries=entries, rest=receiver.rest)
            else:
                self.env[key] = container("config", entries=entries, rest=join_optional(receiver.rest, values[2]))
            return constant(None)
        if method in ("get", "getint", "getfloat", "getboolean") and len(values) >= 2:
            if method != "get":
                return CLEAN_VALUE
            section, option = values[0], values[1]
            if section.has_constant and option.has_constant and hashable(section.const) and hashable(option.const):
                found = entries.get((section.const, option.const))
                if found is not None:
                    return found
            fallback = arguments.keywords.get("fallback")
            parts = list(entries.values()) if not (section.has_constant and option.has_constant) else []
            if receiver.rest is not None:
                parts.append(receiver.rest)
            if fallback is not None:
                parts.append(fallback)
            return join_all(parts) if parts else UNKNOWN_VALUE
        if method in ("read_string", "read_dict", "read_file", "read", "update"):
            joined = arguments.joined()
            self.env[key] = container("config", entries=entries, rest=join_optional(receiver.rest, joined))
            return UNKNOWN_VALUE
        if method in ("add_section", "has_section", "has_option", "sections", "remove_section", "remove_option"):
            return CLEAN_VALUE
        return join_all([*entries.values(), *([receiver.rest] if receiver.rest else [])]) if entries else UNKNOWN_VALUE

    def feature_name(self, node: ast.expr) -> str | None:
        text = string_constant(node)
        if text is not None:
            return text
        return self.qualified_callee(node) if isinstance(node, (ast.Attribute, ast.Name)) else None

    def mutate_container(
        self, receiver: Value, receiver_node: ast.expr, method: str, arguments: CallArguments, node: ast.Call
    ) -> Value | None:
        """List, deque, set and dict methods that change the receiver; None when `method` is not one."""
        key = path_key(receiver_node)
        values = arguments.positional
        step = step_at(node, f"added to '{key}'") if key else None
        tag = receiver.tag
        is_sequence = receiver.elems is not None or tag in ("list", "tuple", "deque", "queue")
        is_mapping = receiver.entries is not None or tag in ("dict",)
        updated: Value | None = None
        result: Value = constant(None)
        if method in ("append", "appendleft", "put", "put_nowait", "add") and len(values) == 1:
            item = values[0].step(step) if step else values[0]
            if receiver.elems is not None and method in ("append", "put", "put_nowait"):
                updated = container(tag or "list", elems=(*receiver.elems, item), rest=receiver.rest)
            elif receiver.elems is not None and method == "appendleft":
                updated = container(tag or "list", elems=(item, *receiver.elems), rest=receiver.rest)
            else:
                updated = self._absorb(receiver, item)
        elif method in ("extend", "extendleft", "update") and (values or arguments.keywords):
            addition = values[0] if values else container("dict", entries=keyword_entries(arguments))
            if method == "update" and (is_mapping or addition.entries is not None):
                if receiver.entries is not None and addition.entries is not None:
                    entries = dict(receiver.entries)
                    entries.update(addition.entries)
                    updated = container(
                        tag or "dict", entries=entries, rest=join_optional(receiver.rest, addition.rest)
                    )
                else:
                    updated = self._absorb(receiver, addition.element())
                if tag == "session":
                    self.report(specs.TRUST_BOUNDARY, node, addition, callee="the session")
            elif receiver.elems is not None and addition.elems is not None and method == "extend":
                updated = container(
                    tag or "list",
                    elems=receiver.elems + addition.elems,
                    rest=join_optional(receiver.rest, addition.rest),
                )
            else:
                updated = self._absorb(receiver, addition.element())
        elif method == "insert" and len(values) == 2:
            position = values[0].const
            if receiver.elems is not None and isinstance(position, int) and not isinstance(position, bool):
                elems = list(receiver.elems)
                elems.insert(position, values[1])
                updated = container(tag or "list", elems=tuple(elems), rest=receiver.rest)
            else:
                updated = self._absorb(receiver, values[1])
        elif (
            method in ("pop", "popleft", "get") and receiver.elems is not None and is_sequence and receiver.rest is None
        ):
            elems = list(receiver.elems)
            if not elems:
                return UNKNOWN_VALUE
            if method == "popleft" or (method == "get" and tag == "queue"):
                result = elems.pop(0)
            elif method == "get":
                return None
            elif not values:
                result = elems.pop()
            elif (
                isinstance(values[0].const, int)
                and not isinstance(values[0].const, bool)
                and -len(elems) <= values[0].const < len(elems)
            ):
                result = elems.pop(values[0].const)
            else:
                return receiver.element()
            updated = container(tag or "list", elems=tuple(elems))
        elif method in ("pop", "get", "setdefault") and receiver.entries is not None and values:
            index = values[0]
            default = values[1] if len(values) > 1 else constant(None)
            if index.has_constant and hashable(index.const):
                found = receiver.entries.get(index.const)
                if found is None:
                    found = join(receiver.rest, default) if receiver.rest is not None else default
                    if method == "setdefault":
                        entries = dict(receiver.entries)
                        entries[index.const] = default
                        updated = container(tag or "dict", entries=entries, rest=receiver.rest)
                        if tag == "session":
                            self.report(specs.TRUST_BOUNDARY, node, default, callee="the session")
                elif method == "pop":
                    entries = dict(receiver.entries)
                    del entries[index.const]
                    updated = container(tag or "dict", entries=entries, rest=receiver.rest)
                result = found
            else:
                result = join(receiver.element(), default)
        elif method in ("remove", "discard") and receiver.elems is not None and values and values[0].has_constant:
            elems = list(receiver.elems)
            for position, item in enumerate(elems):
                if item.has_constant and item.const == values[0].const:
                    del elems[position]
                    break
            else:
                return constant(None)
            updated = container(tag or "list", elems=tuple(elems), rest=receiver.rest)
        elif method == "clear" and (is_sequence or is_mapping):
            updated = container(tag or "list", elems=()) if is_sequence else container(tag or "dict", entries={})
        elif method in ("reverse",) and receiver.elems is not None:
            updated = container(tag or "list", elems=tuple(reversed(receiver.elems)), rest=receiver.rest)
        elif method in ("sort",) and receiver.elems is not None:
            updated = container(
                tag or "list", rest=join_all([*receiver.elems, *([receiver.rest] if receiver.rest else [])])
            )
        elif method in ("keys",) and receiver.entries is not None:
            keys = tuple(constant(item) for item in receiver.entries)
            return container(
                "list",
                elems=keys if receiver.rest is None else None,
                rest=None if receiver.rest is None else receiver.rest,
            )
        elif method in ("values",) and receiver.entries is not None:
            return container("list", rest=receiver.element())
        elif method in ("items",) and receiver.entries is not None:
            pairs = [container("tuple", elems=(constant(name), value)) for name, value in receiver.entries.items()]
            if receiver.rest is not None:
                pairs.append(container("tuple", elems=(receiver.rest, receiver.rest)))
            return container("list", rest=join_all(pairs) if pairs else None)
        elif method in ("write", "writelines") and tag == "stringio" and values:
            updated = self._absorb(receiver, values[0])
        elif method == "getvalue" and tag == "stringio":
            return data_of(receiver)
        else:
            return None
        if updated is not None and key is not None and self.env is not None:
            self.env[key] = updated
            if "." in key:
                self.dotted_roots.add(key.partition(".")[0])
        return result

    @staticmethod
    def _absorb(receiver: Value, item: Value) -> Value:
        """The receiver after taking in `item` at an unknown position."""
        if receiver.entries is not None:
            return container(receiver.tag or "dict", entries=receiver.entries, rest=join_optional(receiver.rest, item))
        if (
            receiver.elems is not None
            or receiver.tag in CONTAINER_TAGS
            or receiver.tag in ("deque", "queue", "stringio")
        ):
            parts = [*(receiver.elems or ()), item]
            if receiver.rest is not None:
                parts.append(receiver.rest)
            return container(receiver.tag or "list", rest=join_all(parts))
        if item.level > receiver.level:
            return Value(item.level, item.taint, tag=receiver.tag)
        if item.taint is not None and receiver.taint is not None:
            return join(receiver, Value(item.level, item.taint, tag=receiver.tag))
        return receiver

    # -- sinks -----------------------------------------------------------

    def check_sink(self, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call) -> None:
        special = sink.special
        if special is not None:
            handler = SPECIAL_SINKS.get(special)
            if handler is not None and handler(self, sink, callee, arguments, node):
                return
        for argument in sink.arguments:
            found = self.sink_argument(argument, arguments)
            if found is None:
                continue
            value, value_node = found
            self.report(sink.kind, node, value, callee=callee, pattern=sink.pattern, value_node=value_node)

    def sink_argument(self, argument: specs.Argument, arguments: CallArguments) -> tuple[Value, ast.expr | None] | None:
        if argument.position is None and not argument.keywords:
            values = arguments.all_values()
            return (join_all(values), None) if values else None
        found = arguments.get(argument.position, argument.keywords)
        if found is not None:
            return found
        if arguments.starred is not None and argument.position is not None:
            return arguments.starred, None
        return None

    def check_tagged_sink(
        self, sink: specs.Sink, receiver: Value, method: str, arguments: CallArguments, node: ast.Call
    ) -> None:
        assert isinstance(node.func, ast.Attribute)
        callee = f"{receiver_label(node.func.value)}.{method}"
        if sink.kind == specs.PATH:
            self.report(sink.kind, node, receiver, callee=callee)
            if method in ("rename", "replace", "symlink_to", "hardlink_to") and arguments.positional:
                self.report(sink.kind, node, arguments.positional[0], callee=callee)
            return
        if sink.kind == specs.XXE and receiver.tag is not None and receiver.tag.endswith("-unsafe"):
            for argument in sink.arguments:
                found = self.sink_argument(argument, arguments)
                if found is not None:
                    self.report(specs.XXE, node, found[0], callee=callee, pattern="any", value_node=found[1])
            return
        if sink.special == "render-unescaped":
            self.report(specs.XSS, node, arguments.joined(), callee=f"{callee} (autoescape off)")
            return
        self.check_sink(sink, callee, arguments, node)

    def report(
        self,
        kind: str,
        node: ast.AST,
        value: Value,
        *,
        callee: str,
        pattern: str | None = None,
        value_node: ast.expr | None = None,
        detail: str | None = None,
        at_most: str | None = None,
    ) -> None:
        """Record a hit if `value` reaching this sink is dangerous (`at_most` caps the confidence when whether
        the sink is dangerous depends on something the code does not show, such as a library version)."""
        if id(node) in self.covered:
            return
        taint = value.taint
        if value.level == TAINTED and taint is not None:
            if kind in taint.safe:
                return
            if kind == specs.PATH and {NO_PARENT_STEP, ANCHORED} <= taint.safe:
                return  # no "..", and not at the start of the path (so not absolute): stays below its directory
            if kind in (specs.REDIRECT, specs.SSRF) and value.prefix is not None:
                if FIXED_HOST.match(value.prefix) or (kind == specs.REDIRECT and LOCAL_PATH.match(value.prefix)):
                    return
            sink_step = step_at(node, f"reaches {callee}")
            confidence = "medium" if taint.uncertain else "high"
            if at_most is not None and _CONFIDENCE_RANK[at_most] < _CONFIDENCE_RANK[confidence]:
                confidence = at_most
            self.module.record(Hit(kind, node, confidence, taint.then(sink_step), sink_step, callee, detail=detail))
            return
        if pattern is None or value.level != UNKNOWN:
            return
        how, built = describe_built(value_node)
        if pattern == "built" and not (built and has_dynamic_part(value_node)):
            return
        sink_step = step_at(node, f"reaches {callee}")
        self.module.record(Hit(kind, node, "low", None, sink_step, callee, how=how, detail=detail))

    def check_view_response(self, node: ast.Return, value: Value) -> None:
        """A Flask-style view returns its body: text built from request data is HTML the browser runs."""
        body = value
        if value.tag == "tuple" and value.elems:
            body = value.elems[0]
            if any(declares_non_html(item) for item in value.elems[1:]):
                return
        if body.tag in CONTAINER_TAGS or body.tag == "response":
            return
        self.report(specs.XSS, node, body, callee="the view's response")


_STATEMENT_HANDLERS: Final[dict[type[ast.AST], Callable[[Interpreter, Any], None]]] = {
    ast.Assign: Interpreter._assign,
    ast.AnnAssign: Interpreter._ann_assign,
    ast.AugAssign: Interpreter._aug_assign,
    ast.Expr: Interpreter._expression_statement,
    ast.If: Interpreter._if,
    ast.While: Interpreter._while,
    ast.For: Interpreter._for,
    ast.AsyncFor: Interpreter._for,
    ast.With: Interpreter._with,
    ast.AsyncWith: Interpreter._with,
    ast.Try: Interpreter._try,
    ast.Return: Interpreter._return,
    ast.Raise: Interpreter._raise,
    ast.Break: Interpreter._break,
    ast.Continue: Interpreter._continue,
    ast.FunctionDef: Interpreter._define_function,
    ast.AsyncFunctionDef: Interpreter._define_function,
    ast.ClassDef: Interpreter._define_class,
    ast.Match: Interpreter._match,
    ast.Assert: Interpreter._assert,
    ast.Delete: Interpreter._delete,
    ast.Import: Interpreter._import,
    ast.ImportFrom: Interpreter._import,
    **({ast.TryStar: Interpreter._try} if hasattr(ast, "TryStar") else {}),
}

_EXPRESSION_HANDLERS: Final[dict[type[ast.AST], Callable[[Interpreter, Any], Value]]] = {
    ast.Constant: Interpreter.eval_constant,
    ast.Name: Interpreter.eval_name,
    ast.Attribute: Interpreter.eval_attribute,
    ast.Subscript: Interpreter.eval_subscript,
    ast.Call: Interpreter.eval_call,
    ast.BinOp: Interpreter.eval_binary,
    ast.UnaryOp: Interpreter.eval_unary,
    ast.BoolOp: Interpreter.eval_bool_op,
    ast.Compare: Interpreter.eval_compare,
    ast.IfExp: Interpreter.eval_if_expression,
    ast.JoinedStr: Interpreter.eval_joined_string,
    ast.FormattedValue: Interpreter.eval_formatted,
    ast.Tuple: Interpreter.eval_tuple,
    ast.List: Interpreter.eval_tuple,
    ast.Set: Interpreter.eval_tuple,
    ast.Dict: Interpreter.eval_dict,
    ast.ListComp: Interpreter.eval_comprehension,
    ast.SetComp: Interpreter.eval_comprehension,
    ast.GeneratorExp: Interpreter.eval_comprehension,
    ast.DictComp: Interpreter.eval_comprehension,
    ast.Lambda: Interpreter.eval_lambda,
    ast.Await: Interpreter.eval_await,
    ast.NamedExpr: Interpreter.eval_named,
    ast.Starred: Interpreter.eval_starred,
    ast.Yield: Interpreter.eval_yield,
    ast.YieldFrom: Interpreter.eval_yield,
}


def analyse(tree: ast.Module, aliases: NameResolver, text: str, candidate_lines: Iterable[int]) -> list[Hit]:
    """The taint hits of one parsed module (see taint_findings for the arguments)."""
    module = ModuleAnalysis(tree, aliases)
    return module.run_selected(text, candidate_lines)
