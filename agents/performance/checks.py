"""The performance agent's static engine: one AST pass per file.

Rules that depend on what a variable holds (a str accumulator, a list searched in a loop) cannot be
decided where the suspicious expression appears: a later line of the same function may rebind or
mutate the variable. Such sites become *candidates*, filed with the scope that owns the variable,
and are decided when that scope's whole body has been seen. Everything else is reported on the spot.

Precision comes before recall (users' main complaint about performance linters is noise):
- a loop counts only when it is "hot": not over a short literal or a small constant range, and not
  inside a block that leaves the loop after one pass (ends in break, return or raise);
- a variable's type is trusted only when every binding of it in its scope agrees;
- a list searched in a loop must not be mutated, rebound, aliased or handed to unknown code there.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from agents.base import Rule, Skipped, SourceFile, finding_from_rule, parse_python
from agents.performance import rules
from analyzer.findings import Finding, Severity

TINY_LOOP_LIMIT = 8
"""A loop over at most this many literal items (or a constant range this short) is not hot."""

LARGE_LITERAL_SIZE = 8
"""A list or tuple literal with at least this many items is worth a set when searched repeatedly."""

STAT_KEYS = ("loopsAnalysed", "functionsAnalysed", "asyncFunctionsAnalysed")

ScopeKind = Literal["module", "function", "async", "lambda", "class"]


class Container(Enum):
    STR = "str"
    BYTES = "bytes"
    LIST = "list"
    TUPLE = "tuple"
    OTHER = "other"


@dataclass(frozen=True)
class Shape:
    """What one binding puts into a variable, as far as the right-hand side alone tells."""

    container: Container
    # Number of items of a list or tuple display (or an empty list()/tuple()); None when unknown.
    literal_size: int | None = None
    # False when the items are lists, dicts or sets, which a set could not hold.
    hashable_items: bool = True


UNKNOWN = Shape(Container.OTHER)


class Need(Enum):
    """What the variable of a candidate must provably be for the candidate to become a finding."""

    ACCUMULATOR = "accumulator"
    SEARCHED_SEQUENCE = "searched-sequence"
    LIST = "list"


@dataclass(eq=False)
class LoopFrame:
    is_comprehension: bool
    tiny: bool
    targets: frozenset[str] = frozenset()
    # Names mutated, rebound or passed to code that might mutate them while the loop runs.
    touched: set[str] = field(default_factory=set)
    # Names given a new value (not a self-concatenation) while the loop runs.
    rebound: set[str] = field(default_factory=set)
    # Above zero while visiting a block that leaves this loop after running once.
    exits: int = 0

    @property
    def hot(self) -> bool:
        return not self.tiny and self.exits == 0


@dataclass(frozen=True, eq=False)
class Candidate:
    rule: Rule
    need: Need
    name: str
    node: ast.AST
    # The name must not be touched in any of these frames.
    unchanged_in: tuple[LoopFrame, ...] = ()
    # The innermost hot loop. A variable rebound in it starts afresh on every iteration, so its
    # growth (and the cost of front removals or scans) is bounded by one iteration.
    not_reset_in: LoopFrame | None = None
    # The accumulation is 'x += ...': in place for a list, so only str/bytes/tuple qualify.
    augmented: bool = False
    detail: str = ""


@dataclass(eq=False)
class Scope:
    kind: ScopeKind
    name: str
    parent: Scope | None
    bindings: dict[str, list[Shape]] = field(default_factory=dict)
    global_names: set[str] = field(default_factory=set)
    nonlocal_names: set[str] = field(default_factory=set)
    # Names used here in a way that may mutate or leak the object (for free names: the closure effect).
    touched: set[str] = field(default_factory=set)
    # Names rebound here while declared nonlocal.
    outer_rebound: set[str] = field(default_factory=set)
    # Names of lists grown by an unknown number of items (in a loop, or by a non-literal).
    grown: set[str] = field(default_factory=set)
    aliased: set[str] = field(default_factory=set)
    closure_touched: set[str] = field(default_factory=set)
    closure_rebound: set[str] = field(default_factory=set)
    loops: list[LoopFrame] = field(default_factory=list)
    pending: list[Candidate] = field(default_factory=list)

    def owner_of_free_names(self) -> Scope | None:
        """The scope a free name resolves in: class bodies are skipped, as Python does."""
        scope = self.parent
        while scope is not None and scope.kind == "class":
            scope = scope.parent
        return scope


MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "remove",
        "pop",
        "clear",
        "sort",
        "reverse",
        "__setitem__",
        "__delitem__",
        "__iadd__",
        "__imul__",
    }
)
# Method -> index of the argument holding the added items (None: one item).
GROWING_METHODS: dict[str, int | None] = {"append": None, "insert": None, "extend": 0, "__iadd__": 0}

# Builtins that read their arguments without keeping or mutating them.
NON_MUTATING_BUILTINS = frozenset(
    {
        "len",
        "print",
        "sorted",
        "set",
        "frozenset",
        "tuple",
        "list",
        "enumerate",
        "zip",
        "iter",
        "any",
        "all",
        "min",
        "max",
        "sum",
        "str",
        "repr",
        "isinstance",
        "reversed",
        "map",
        "filter",
        "bool",
        "hash",
        "id",
        "type",
        "dict",
        "format",
    }
)

STR_BUILTINS = frozenset({"str", "repr", "ascii", "chr", "format"})
LIST_RETURNING_FUNCTIONS = frozenset({"os.listdir", "glob.glob"})
LIST_RETURNING_METHODS = frozenset({"readlines", "splitlines"})
UNHASHABLE_DISPLAYS = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
BLOCKING_SLEEP = frozenset({"time.sleep"})
BLOCKING_NETWORK = frozenset(
    {f"requests.{verb}" for verb in HTTP_VERBS}
    | {f"httpx.{verb}" for verb in HTTP_VERBS}
    | {
        "urllib.request.urlopen",
        "urllib.request.urlretrieve",
        "urllib3.request",
        "socket.create_connection",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
    }
)
BLOCKING_PROCESS = frozenset(
    {
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        "os.system",
        "os.wait",
        "os.waitpid",
        "os.wait3",
        "os.wait4",
        "os.waitid",
    }
)
BLOCKING_BUILTINS = frozenset({"open", "input"})

# Awaited methods whose order usually matters (streams, queues, locks, one DB connection): never "gather them".
SEQUENTIAL_AWAIT_METHODS = frozenset(
    {
        "sleep",
        "put",
        "get",
        "send",
        "sendall",
        "send_all",
        "write",
        "writelines",
        "drain",
        "acquire",
        "release",
        "wait",
        "join",
        "recv",
        "read",
        "readline",
        "readexactly",
        "readuntil",
        "commit",
        "rollback",
        "execute",
        "executemany",
        "fetch",
        "fetchone",
        "fetchall",
        "fetchmany",
        "fetchrow",
        "fetchval",
        "close",
    }
)


def check_source(source: SourceFile, stats: MutableMapping[str, int] | None = None) -> list[Finding] | Skipped:
    """Findings of every performance rule in one file, or why the file cannot be analysed."""
    tree = parse_python(source.path, source.text)
    if isinstance(tree, Skipped):
        return tree
    visitor = _PerformanceVisitor(source)
    visitor.visit(tree)
    if stats is not None:
        for key, value in visitor.stats.items():
            stats[key] = stats.get(key, 0) + value
    return visitor.findings


# ---------------------------------------------------------------------------
# What an expression evaluates to, judged from its syntax alone.


def _names_in(target: ast.AST) -> Iterable[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id


def _display_size(elements: list[ast.expr]) -> int | None:
    return None if any(isinstance(e, ast.Starred) for e in elements) else len(elements)


def _is_small_display(node: ast.expr) -> bool:
    if not isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return False
    size = _display_size(node.elts)
    return size is not None and size < LARGE_LITERAL_SIZE


def _items_hashable(elements: Iterable[ast.expr]) -> bool:
    return not any(isinstance(e, UNHASHABLE_DISPLAYS) for e in elements)


def _constant_int(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant_int(node.operand)
        return None if inner is None else -inner
    return None


def _is_tiny_iterable(node: ast.expr) -> bool:
    """Whether a loop over `node` provably runs only a handful of times."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return len(node.elts) <= TINY_LOOP_LIMIT and not any(isinstance(e, ast.Starred) for e in node.elts)
    if isinstance(node, ast.Dict):
        return len(node.keys) <= TINY_LOOP_LIMIT and None not in node.keys
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return len(node.value) <= TINY_LOOP_LIMIT
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords):
        return False
    if node.func.id == "range" and 1 <= len(node.args) <= 3:
        bounds = [_constant_int(arg) for arg in node.args]
        if any(bound is None for bound in bounds) or (len(bounds) == 3 and bounds[2] == 0):
            return False
        try:
            return len(range(*[b for b in bounds if b is not None])) <= TINY_LOOP_LIMIT
        except OverflowError:
            return False
    if node.func.id in {"enumerate", "reversed", "sorted"} and node.args:
        return _is_tiny_iterable(node.args[0])
    if node.func.id == "zip" and node.args:
        return any(_is_tiny_iterable(arg) for arg in node.args)
    return False


def _addition_operands(node: ast.expr) -> list[ast.expr]:
    """The operands of a chain of '+': 'a + b + c' -> [a, b, c]."""
    operands: list[ast.expr] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
            stack.append(current.right)
            stack.append(current.left)
        else:
            operands.append(current)
    return operands


def _is_self_concatenation(name: str, value: ast.expr) -> bool:
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add)):
        return False
    return any(isinstance(operand, ast.Name) and operand.id == name for operand in _addition_operands(value))


def _shape_of_annotation(annotation: ast.expr | None) -> Shape:
    if annotation is None:
        return UNKNOWN
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        spelled = annotation.value.strip()
        return {"str": Shape(Container.STR), "bytes": Shape(Container.BYTES)}.get(spelled, UNKNOWN)
    base = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else None
    if name in {"list", "List"}:
        return Shape(Container.LIST)
    if name in {"tuple", "Tuple"}:
        return Shape(Container.TUPLE)
    if base is annotation and name == "str":
        return Shape(Container.STR)
    if base is annotation and name == "bytes":
        return Shape(Container.BYTES)
    return UNKNOWN


def _dotted_name(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _awaited_call(statement: ast.stmt) -> ast.Call | None:
    """The call awaited by 'await f(..)', 'out.append(await f(..))' or 'out[k] = await f(..)', else None."""
    value: ast.expr | None = None
    if isinstance(statement, ast.Expr):
        value = statement.value
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "append"
            and len(value.args) == 1
        ):
            value = value.args[0]
    elif isinstance(statement, ast.Assign) and all(isinstance(t, ast.Subscript) for t in statement.targets):
        value = statement.value
    if isinstance(value, ast.Await) and isinstance(value.value, ast.Call):
        return value.value
    return None


def _is_order_sensitive_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr in SEQUENTIAL_AWAIT_METHODS
    # A bare 'fetch(url)' is usually a helper of the project, not a method on a shared connection.
    return isinstance(func, ast.Name) and func.id == "sleep"


def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def _short_code(node: ast.AST, limit: int = 60) -> str:
    """The code of a node for a message. ast.unparse, because get_source_segment re-splits the whole file."""
    code = ast.unparse(node)
    return code if len(code) <= limit else code[: limit - 3] + "..."


def _same_expression(left: ast.AST, right: ast.AST) -> bool:
    """Same code, whether loaded or stored ('df' in 'df = f(df)')."""
    return ast.unparse(left) == ast.unparse(right)


# ---------------------------------------------------------------------------


class _PerformanceVisitor(ast.NodeVisitor):
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.findings: list[Finding] = []
        self.stats: dict[str, int] = dict.fromkeys(STAT_KEYS, 0)
        # Local name -> the qualified name it was imported as ('regex' -> 're', 'urlopen' -> 'urllib.request.urlopen').
        self.imports: dict[str, str] = {}
        self.module_scope = Scope("module", "<module>", None)
        self.scope = self.module_scope
        # ids of Name loads whose parent already knows they neither mutate nor leak the object.
        self._harmless_loads: set[int] = set()
        # ids of Name stores -> what the assignment puts there; None marks a self-concatenation.
        self._store_shapes: dict[int, Shape | None] = {}

    # -- reporting ------------------------------------------------------------

    def _report(
        self,
        rule: Rule,
        node: ast.AST,
        message: str,
        *,
        severity: Severity | None = None,
        properties: dict[str, object] | None = None,
    ) -> None:
        self.findings.append(
            finding_from_rule(
                rule, rules.AGENT_ID, self.source, node, message=message, severity=severity, properties=properties
            )
        )

    # -- name resolution ------------------------------------------------------

    def _qualified_name(self, func: ast.expr) -> str | None:
        """The imported name a call target refers to, e.g. 'regex.compile' -> 're.compile'; None if not imported."""
        dotted = _dotted_name(func)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        origin = self.imports.get(head)
        if origin is None:
            return None
        return f"{origin}.{rest}" if rest else origin

    def _is_builtin_call(self, call: ast.Call, names: frozenset[str]) -> str | None:
        func = call.func
        if isinstance(func, ast.Name) and func.id in names and func.id not in self.imports:
            return func.id
        return None

    def _is_constant_regex_argument(self, node: ast.expr) -> bool:
        """A pattern or flag that cannot change between iterations: literals and re.<FLAG> combinations."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitOr, ast.Add)):
            return self._is_constant_regex_argument(node.left) and self._is_constant_regex_argument(node.right)
        qualified = self._qualified_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if qualified is None:
            return False
        module, _, flag = qualified.rpartition(".")
        return module == "re" and flag.isupper()

    # -- scopes and loops -----------------------------------------------------

    def _enter_scope(self, kind: ScopeKind, name: str) -> Scope:
        self.scope = Scope(kind, name, self.scope)
        return self.scope

    def _leave_scope(self) -> None:
        scope = self.scope
        owner = scope.owner_of_free_names()
        self._decide_pending(scope, owner)
        if owner is not None:
            local = scope.bindings.keys()
            owner.closure_touched.update(n for n in scope.touched | scope.closure_touched if n not in local)
            owner.closure_rebound.update(n for n in scope.outer_rebound | scope.closure_rebound if n not in local)
        if scope.parent is not None:
            self.scope = scope.parent

    def _comprehension_local(self, name: str) -> bool:
        return any(name in frame.targets for frame in self.scope.loops if frame.is_comprehension)

    def _hot_frames(self) -> list[LoopFrame]:
        return [frame for frame in self.scope.loops if frame.hot]

    def _frames_that_must_not_change(self) -> tuple[LoopFrame, ...]:
        """The innermost hot statement loop and everything nested in it (or all hot comprehensions)."""
        loops = self.scope.loops
        hot = [index for index, frame in enumerate(loops) if frame.hot]
        statement_loops = [index for index in hot if not loops[index].is_comprehension]
        start = statement_loops[-1] if statement_loops else hot[0]
        return tuple(loops[start:])

    def _touch(self, name: str) -> None:
        scope = self.scope
        if self._comprehension_local(name):
            return
        if name in scope.global_names:
            self.module_scope.closure_touched.add(name)
            return
        scope.touched.add(name)
        for frame in scope.loops:
            frame.touched.add(name)

    def _note_growth(self, name: str, added: ast.expr | None) -> None:
        """A list grows; only growth by an unknown number of items makes its size unknown."""
        if self._comprehension_local(name):
            return
        if self.scope.loops or (added is not None and not _is_small_display(added)):
            self.scope.grown.add(name)

    def _bind(self, name: str, shape: Shape | None) -> None:
        """Record a binding; `shape` None is a self-concatenation, which keeps the variable's type."""
        scope = self.scope
        if name in scope.global_names:
            self.module_scope.closure_rebound.add(name)
            self.module_scope.closure_touched.add(name)
            return
        if name in scope.nonlocal_names:
            scope.outer_rebound.add(name)
            scope.touched.add(name)
            return
        for frame in scope.loops:
            frame.touched.add(name)
            if shape is not None:
                frame.rebound.add(name)
        shapes = scope.bindings.setdefault(name, [])
        if shape is not None:
            shapes.append(shape)

    def _harmless(self, node: ast.expr | None) -> None:
        if isinstance(node, ast.Starred):
            node = node.value
        if isinstance(node, ast.Name):
            self._harmless_loads.add(id(node))

    def _note_alias(self, value: ast.expr) -> None:
        elements = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
        for element in elements:
            if isinstance(element, ast.Name):
                self.scope.aliased.add(element.id)

    # -- deciding candidates --------------------------------------------------

    def _decide_pending(self, scope: Scope, owner: Scope | None) -> None:
        """Report the proven candidates of `scope`; hand those about free names to `owner`.

        Several sites of one rule on one variable in one loop (a str built by six '+=' lines) are one
        problem with one fix: they become a single finding at the first site, which counts the others.
        """
        groups: dict[tuple[str, str, int], list[tuple[Candidate, Rule, str]]] = {}
        for candidate in scope.pending:
            name = candidate.name
            if name in scope.global_names or name in scope.nonlocal_names:
                continue
            shapes = scope.bindings.get(name)
            if shapes is None:
                if owner is not None and candidate.need is not Need.ACCUMULATOR:
                    owner.pending.append(candidate)
                continue
            verdict = self._verdict(candidate, scope, shapes) if shapes else None
            if verdict is not None:
                rule, message = verdict
                key = (rule.id, name, id(candidate.not_reset_in))
                groups.setdefault(key, []).append((candidate, rule, message))
        for sites in groups.values():
            sites.sort(key=lambda site: _position(site[0].node))
            candidate, rule, message = sites[0]
            properties: dict[str, object] = {"variable": candidate.name}
            if len(sites) > 1:
                others = len(sites) - 1
                message += f" ({others} more such site{'s' if others > 1 else ''} in the same loop)"
                properties["sites"] = len(sites)
            self._report(rule, candidate.node, message, properties=properties)

    def _verdict(self, candidate: Candidate, scope: Scope, shapes: list[Shape]) -> tuple[Rule, str] | None:
        """The rule and message a candidate proves to be, or None when its variable is not what it needs."""
        name = candidate.name
        containers = {shape.container for shape in shapes}
        reset_each_iteration = candidate.not_reset_in is not None and name in candidate.not_reset_in.rebound
        if candidate.need is Need.ACCUMULATOR:
            if name in scope.closure_rebound or len(containers) != 1 or reset_each_iteration:
                return None
            (container,) = containers
            if container is Container.OTHER or (container is Container.LIST and candidate.augmented):
                return None
            return candidate.rule, _accumulator_message(name, container)
        if candidate.need is Need.SEARCHED_SEQUENCE:
            return self._searched_sequence_verdict(candidate, scope, shapes)
        if name in scope.closure_rebound or containers != {Container.LIST} or reset_each_iteration:
            return None
        return candidate.rule, candidate.detail

    def _searched_sequence_verdict(
        self, candidate: Candidate, scope: Scope, shapes: list[Shape]
    ) -> tuple[Rule, str] | None:
        name = candidate.name
        containers = {shape.container for shape in shapes}
        if name in scope.closure_touched or name in scope.aliased:
            return None
        if not containers <= {Container.LIST, Container.TUPLE} or not all(s.hashable_items for s in shapes):
            return None
        if any(name in frame.touched for frame in candidate.unchanged_in):
            return None
        kind = "list" if containers == {Container.LIST} else "tuple" if containers == {Container.TUPLE} else "sequence"
        test = _short_code(candidate.node)
        sizes = [shape.literal_size for shape in shapes]
        if name not in scope.grown and None not in sizes:
            # Every binding is a literal: the scan costs a constant, so this is a micro-optimisation.
            size = max(size for size in sizes if size is not None)
            if size < LARGE_LITERAL_SIZE:
                return None
            return rules.LITERAL_LIST_MEMBERSHIP_IN_LOOP, (
                f"`{test}` scans the {size}-item {kind} '{name}' on every iteration; a set (a module-level "
                f"frozenset for a constant) answers in constant time"
            )
        return candidate.rule, (
            f"`{test}` scans the {kind} '{name}' on every iteration, and '{name}' does not change inside "
            f"the loop; build a set from it once before the loop for constant-time lookups"
        )

    # -- candidates and immediate findings ------------------------------------

    def _file(self, candidate: Candidate) -> None:
        self.scope.pending.append(candidate)

    def _check_accumulation(self, name: str, node: ast.stmt, *, augmented: bool) -> None:
        hot = self._hot_frames()
        if not hot:
            return
        self._file(
            Candidate(rules.CONCAT_IN_LOOP, Need.ACCUMULATOR, name, node, not_reset_in=hot[-1], augmented=augmented)
        )

    def _check_membership(self, node: ast.Compare) -> None:
        if not self._hot_frames():
            return
        left = node.left
        for operator, container in zip(node.ops, node.comparators, strict=True):
            if not isinstance(operator, (ast.In, ast.NotIn)):
                left = container
                continue
            if isinstance(left, UNHASHABLE_DISPLAYS):
                left = container
                continue
            if isinstance(container, ast.Name) and not self._comprehension_local(container.id):
                self._file(
                    Candidate(
                        rules.LIST_MEMBERSHIP_IN_LOOP,
                        Need.SEARCHED_SEQUENCE,
                        container.id,
                        node,
                        unchanged_in=self._frames_that_must_not_change(),
                        not_reset_in=self._hot_frames()[-1],
                    )
                )
            elif (
                isinstance(container, (ast.List, ast.Tuple))
                and len(container.elts) >= LARGE_LITERAL_SIZE
                and all(isinstance(element, ast.Constant) for element in container.elts)
            ):
                kind = "list" if isinstance(container, ast.List) else "tuple"
                self._report(
                    rules.LITERAL_LIST_MEMBERSHIP_IN_LOOP,
                    container,
                    f"membership test against a {len(container.elts)}-item {kind} literal on every iteration; "
                    f"a set literal of the same constants is looked up in constant time",
                )
            left = container

    def _check_front_operation(self, node: ast.Call) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)) or node.keywords:
            return
        if func.attr == "pop" and len(node.args) == 1 and _constant_int(node.args[0]) == 0:
            replacement = "popleft()"
        elif func.attr == "insert" and len(node.args) == 2 and _constant_int(node.args[0]) == 0:
            replacement = "appendleft(x)"
        else:
            return
        hot = self._hot_frames()
        if not hot:
            return
        name = func.value.id
        call = f"{name}.{func.attr}(0{', ...' if func.attr == 'insert' else ''})"
        self._file(
            Candidate(
                rules.LIST_FRONT_IN_LOOP,
                Need.LIST,
                name,
                node,
                not_reset_in=hot[-1],
                detail=(
                    f"'{call}' inside a loop shifts every element of the list '{name}' (O(n) per call); "
                    f"a collections.deque does this in O(1) with {replacement}"
                ),
            )
        )

    def _check_call(self, node: ast.Call) -> None:
        qualified = self._qualified_name(node.func)
        if self.scope.kind == "async":
            self._check_blocking_call(node, qualified)
        if qualified == "re.compile" and node.args and self._hot_frames():
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if all(self._is_constant_regex_argument(argument) for argument in arguments):
                self._report(
                    rules.REGEX_COMPILE_IN_LOOP,
                    node,
                    "re.compile() of a constant pattern runs on every iteration; compile it once outside the loop",
                )
        elif (
            qualified == "copy.deepcopy"
            and len(node.args) == 1
            and not node.keywords  # a memo argument: this is a __deepcopy__ implementation, which must recurse
            and self._hot_frames()
        ):
            self._report(
                rules.DEEPCOPY_IN_LOOP,
                node,
                "copy.deepcopy() runs on every iteration and duplicates the whole object graph; copy only what "
                "is mutated, or build the new object directly",
            )
        self._check_front_operation(node)
        if (
            self._is_builtin_call(node, frozenset({"len"}))
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Call)
            and self._is_builtin_call(node.args[0], frozenset({"list"}))
            and len(node.args[0].args) == 1
            and not node.args[0].keywords
        ):
            self._report(
                rules.LIST_FOR_LEN,
                node,
                "len(list(...)) copies every item only to count them; use len() on a container or "
                "sum(1 for _ in ...) on an iterator",
            )

    def _check_blocking_call(self, node: ast.Call, qualified: str | None) -> None:
        function = self.scope.name
        if qualified in BLOCKING_SLEEP:
            self._report(
                rules.BLOCKING_SLEEP_IN_ASYNC,
                node,
                f"time.sleep() blocks the event loop in 'async def {function}'; use 'await asyncio.sleep(...)'",
            )
        elif qualified in BLOCKING_NETWORK:
            self._report(
                rules.BLOCKING_NETWORK_IN_ASYNC,
                node,
                f"{qualified}() waits for the network on the event loop's thread in 'async def {function}'; "
                f"use an async client or 'await asyncio.to_thread(...)'",
            )
        elif qualified in BLOCKING_PROCESS:
            self._report(
                rules.BLOCKING_PROCESS_IN_ASYNC,
                node,
                f"{qualified}() blocks until the child process exits in 'async def {function}'; use "
                f"asyncio.create_subprocess_exec() or 'await asyncio.to_thread(...)'",
            )
        elif (builtin := self._is_builtin_call(node, BLOCKING_BUILTINS)) is not None:
            if builtin == "input":
                self._report(
                    rules.BLOCKING_IO_IN_ASYNC,
                    node,
                    f"input() blocks the event loop until someone answers in 'async def {function}'; read stdin "
                    f"in a thread with 'await asyncio.to_thread(input, ...)'",
                    severity=Severity.MEDIUM,
                )
            else:
                self._report(
                    rules.BLOCKING_IO_IN_ASYNC,
                    node,
                    f"open() and the file I/O that follows block the event loop in 'async def {function}'; "
                    f"consider 'await asyncio.to_thread(...)' or an async file library",
                    severity=Severity.INFO,
                )

    def _check_iteration_source(self, iterable: ast.expr) -> None:
        if not (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute)):
            return
        if iterable.args or iterable.keywords:
            return
        method = iterable.func.attr
        if method not in {"readlines", "iterrows"}:
            return
        receiver = _short_code(iterable.func.value)
        if method == "readlines":
            self._report(
                rules.READLINES_IN_FOR,
                iterable,
                f"'{receiver}.readlines()' reads the whole file into a list before iterating; iterate over "
                f"'{receiver}' directly",
            )
        else:
            self._report(
                rules.DATAFRAME_ITERROWS,
                iterable,
                f"'{receiver}.iterrows()' builds a Series per row; prefer column-wise operations, or "
                f"itertuples() if a row loop is needed",
            )

    def _check_sequential_await(self, loop: ast.For, frame: LoopFrame) -> None:
        if self.scope.kind != "async" or frame.tiny or len(loop.body) != 1 or loop.orelse:
            return
        call = _awaited_call(loop.body[0])
        if call is None or _is_order_sensitive_call(call):
            return
        loop_names = set(_names_in(loop.target))
        arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
        if not any(name in loop_names for argument in arguments for name in _names_in(argument)):
            return
        self._report(
            rules.SEQUENTIAL_AWAIT_IN_LOOP,
            loop.body[0],
            "each iteration awaits this call before starting the next; if the calls are independent, run them "
            "concurrently with asyncio.gather() or a TaskGroup",
        )

    def _check_dataframe_growth(self, node: ast.Assign) -> None:
        if len(node.targets) != 1 or not isinstance(node.value, ast.Call) or not self._hot_frames():
            return
        target, call = node.targets[0], node.value
        if not isinstance(target, (ast.Name, ast.Attribute)):
            return
        grown_by = None
        if self._qualified_name(call.func) == "pandas.concat" and call.args:
            pieces = call.args[0]
            if isinstance(pieces, (ast.List, ast.Tuple)) and any(_same_expression(p, target) for p in pieces.elts):
                grown_by = "pd.concat"
        elif (
            isinstance(call.func, ast.Attribute)
            and call.func.attr == "append"
            and _same_expression(call.func.value, target)
        ):
            grown_by = ".append"
        if grown_by is None:
            return
        name = _short_code(target)
        self._report(
            rules.DATAFRAME_GROWTH_IN_LOOP,
            node,
            f"'{name}' is rebuilt with {grown_by} on every iteration, copying all rows so far; collect the pieces "
            f"in a list and call pd.concat once after the loop",
        )

    # -- statements -----------------------------------------------------------

    def generic_visit(self, node: ast.AST) -> None:
        for _, value in ast.iter_fields(node):
            if isinstance(value, list):
                if value and isinstance(value[0], ast.stmt):
                    self._visit_block(value)
                else:
                    for item in value:
                        if isinstance(item, ast.AST):
                            self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def _visit_block(self, statements: list[ast.stmt]) -> None:
        loops = self.scope.loops
        last = statements[-1]
        leaves: list[LoopFrame] = []
        if isinstance(last, ast.Break) and loops:
            leaves = [loops[-1]]
        elif isinstance(last, (ast.Return, ast.Raise)):
            leaves = list(loops)
        for frame in leaves:
            frame.exits += 1
        for statement in statements:
            self.visit(statement)
        for frame in leaves:
            frame.exits -= 1

    def visit_Module(self, node: ast.Module) -> None:
        if node.body:
            self._visit_block(node.body)
        self._leave_scope()

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        arguments = node.args
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            if default is not None:
                self.visit(default)
        if isinstance(node, ast.Lambda):
            self._enter_scope("lambda", "<lambda>")
        else:
            self._bind(node.name, UNKNOWN)
            self._enter_scope("async" if isinstance(node, ast.AsyncFunctionDef) else "function", node.name)
            self.stats["functionsAnalysed"] += 1
            if isinstance(node, ast.AsyncFunctionDef):
                self.stats["asyncFunctionsAnalysed"] += 1
        every_argument = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        for argument in every_argument:
            self._bind(argument.arg, _shape_of_annotation(argument.annotation))
        for variadic in (arguments.vararg, arguments.kwarg):
            if variadic is not None:
                self._bind(variadic.arg, UNKNOWN)
        if isinstance(node, ast.Lambda):
            self.visit(node.body)
        else:
            self._visit_block(node.body)
        self._leave_scope()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._visit_function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._visit_function(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._visit_function(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expression in [*node.decorator_list, *node.bases, *(keyword.value for keyword in node.keywords)]:
            self.visit(expression)
        self._bind(node.name, UNKNOWN)
        self._enter_scope("class", node.name)
        self._visit_block(node.body)
        self._leave_scope()

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.global_names.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.nonlocal_names.update(node.names)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.imports[alias.asname] = alias.name
                self._bind(alias.asname, UNKNOWN)
            else:
                top = alias.name.partition(".")[0]
                self.imports[top] = top
                self._bind(top, UNKNOWN)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                continue
            local = alias.asname or alias.name
            if node.level == 0 and node.module:
                self.imports[local] = f"{node.module}.{alias.name}"
            else:
                # A relative import may shadow a well-known module name with a local one.
                self.imports.pop(local, None)
            self._bind(local, UNKNOWN)

    def _visit_for(self, node: ast.For | ast.AsyncFor) -> None:
        self._harmless(node.iter)
        self.visit(node.iter)
        self._check_iteration_source(node.iter)
        frame = LoopFrame(is_comprehension=False, tiny=_is_tiny_iterable(node.iter))
        self.stats["loopsAnalysed"] += 1
        self.scope.loops.append(frame)
        self.visit(node.target)
        self._visit_block(node.body)
        self.scope.loops.pop()
        if isinstance(node, ast.For):
            self._check_sequential_await(node, frame)
        if node.orelse:
            self._visit_block(node.orelse)

    def visit_For(self, node: ast.For) -> None:
        self._visit_for(node)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
        self._visit_for(node)

    def visit_While(self, node: ast.While) -> None:
        self.stats["loopsAnalysed"] += 1
        self.scope.loops.append(LoopFrame(is_comprehension=False, tiny=False))
        self._harmless(node.test)
        self.visit(node.test)
        self._visit_block(node.body)
        self.scope.loops.pop()
        if node.orelse:
            self._visit_block(node.orelse)

    def visit_If(self, node: ast.If) -> None:
        self._harmless(node.test)
        self._check_deduplication(node)
        self.generic_visit(node)

    def _check_deduplication(self, node: ast.If) -> None:
        test = node.test
        if not (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.NotIn)
            and isinstance(test.comparators[0], ast.Name)
        ):
            return
        name = test.comparators[0].id
        appends_item = any(
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Call)
            and isinstance(statement.value.func, ast.Attribute)
            and statement.value.func.attr == "append"
            and isinstance(statement.value.func.value, ast.Name)
            and statement.value.func.value.id == name
            and len(statement.value.args) == 1
            and _same_expression(statement.value.args[0], test.left)
            for statement in node.body
        )
        hot = self._hot_frames()
        if appends_item and hot and not self._comprehension_local(name):
            self._file(
                Candidate(
                    rules.LIST_DEDUPLICATION_IN_LOOP,
                    Need.LIST,
                    name,
                    test,
                    not_reset_in=hot[-1],
                    detail=(
                        f"items are de-duplicated by scanning the growing list '{name}' on every iteration "
                        f"(quadratic); track seen items in a set, or use dict.fromkeys() to keep the order"
                    ),
                )
            )

    def visit_Assign(self, node: ast.Assign) -> None:
        shape = self._shape_of(node.value)
        for target in node.targets:
            if isinstance(target, ast.Name):
                if _is_self_concatenation(target.id, node.value):
                    self._store_shapes[id(target)] = None
                    self._check_accumulation(target.id, node, augmented=False)
                else:
                    self._store_shapes[id(target)] = shape
        self._note_alias(node.value)
        self._check_dataframe_growth(node)
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        target = node.target
        if isinstance(target, ast.Name):
            if isinstance(node.op, ast.Add):
                self._store_shapes[id(target)] = None
                self._note_growth(target.id, node.value)
                self._check_accumulation(target.id, node, augmented=True)
            else:
                self._store_shapes[id(target)] = UNKNOWN
        self.visit(node.value)
        self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is None:
            return
        if isinstance(node.target, ast.Name):
            shape = self._shape_of(node.value)
            if shape.container is Container.OTHER:
                shape = _shape_of_annotation(node.annotation)
            self._store_shapes[id(node.target)] = shape
        self._note_alias(node.value)
        self.visit(node.value)
        self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._store_shapes[id(node.target)] = self._shape_of(node.value)
        self._note_alias(node.value)
        self.visit(node.value)
        self.visit(node.target)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and _constant_int(target.slice) == 0
                and self._hot_frames()
            ):
                name = target.value.id
                self._file(
                    Candidate(
                        rules.LIST_FRONT_IN_LOOP,
                        Need.LIST,
                        name,
                        target,
                        not_reset_in=self._hot_frames()[-1],
                        detail=(
                            f"'del {name}[0]' inside a loop shifts every element of the list '{name}' (O(n) per "
                            f"call); a collections.deque does this in O(1) with popleft()"
                        ),
                    )
                )
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind(node.name, UNKNOWN)
        self._visit_block(node.body)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.name:
            self._bind(node.name, UNKNOWN)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind(node.name, UNKNOWN)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        if node.rest:
            self._bind(node.rest, UNKNOWN)
        self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        self._harmless(node.test)
        self.generic_visit(node)

    # -- expressions ----------------------------------------------------------

    def visit_Constant(self, node: ast.Constant) -> None:
        """Nothing to check; overriding skips NodeVisitor's slow fallback to the deprecated visit_Num & co."""

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self._bind(node.id, self._store_shapes.pop(id(node), UNKNOWN))
        elif isinstance(node.ctx, ast.Del):
            self._bind(node.id, UNKNOWN)
        elif id(node) in self._harmless_loads:
            self._harmless_loads.discard(id(node))
        else:
            self._touch(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        owner = node.value
        if isinstance(owner, ast.Name):
            if not isinstance(node.ctx, ast.Load) or node.attr in MUTATING_METHODS:
                self._touch(owner.id)
            self._harmless(owner)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        container = node.value
        if isinstance(container, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                self._touch(container.id)
            self._harmless(container)
        elif isinstance(node.ctx, ast.Load) and isinstance(container, ast.Call):
            self._check_first_or_last_item(node, container)
        self.generic_visit(node)

    def _check_first_or_last_item(self, node: ast.Subscript, call: ast.Call) -> None:
        index = _constant_int(node.slice)
        if index not in (0, -1) or len(call.args) != 1:
            return
        if self._is_builtin_call(call, frozenset({"sorted"})):
            if any(keyword.arg not in {"key", "reverse"} for keyword in call.keywords):
                return
            reverse = next((k.value for k in call.keywords if k.arg == "reverse"), None)
            descending = isinstance(reverse, ast.Constant) and bool(reverse.value)
            if reverse is not None and not isinstance(reverse, ast.Constant):
                replacement = "min() or max()"
            else:
                replacement = "max()" if (index == -1) != descending else "min()"
            self._report(
                rules.SORTED_FOR_MIN_MAX,
                node,
                f"sorting the whole input to read one end (O(n log n)); {replacement} finds it in one pass",
            )
        elif index == 0 and not call.keywords and self._is_builtin_call(call, frozenset({"list"})):
            self._report(
                rules.LIST_FOR_FIRST_ITEM,
                node,
                "list(...)[0] copies every item to read the first; use next(iter(...))",
            )

    def visit_Compare(self, node: ast.Compare) -> None:
        self._harmless(node.left)
        for comparator in node.comparators:
            self._harmless(comparator)
        self._check_membership(node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if self._is_builtin_call(node, NON_MUTATING_BUILTINS):
            for argument in node.args:
                self._harmless(argument)
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.attr in GROWING_METHODS:
            position = GROWING_METHODS[func.attr]
            added = node.args[position] if position is not None and len(node.args) > position else None
            if position is None or added is not None:
                self._note_growth(func.value.id, added)
        self._check_call(node)
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        for value in node.values:
            self._harmless(value)
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        self._harmless(node.operand)
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._harmless(node.test)
        self.generic_visit(node)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> None:
        self._harmless(node.value)
        self.generic_visit(node)

    def _visit_comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> None:
        pushed = 0
        for generator in node.generators:
            self._harmless(generator.iter)
            self.visit(generator.iter)
            self._check_iteration_source(generator.iter)
            frame = LoopFrame(
                is_comprehension=True,
                tiny=_is_tiny_iterable(generator.iter),
                targets=frozenset(_names_in(generator.target)),
            )
            self.scope.loops.append(frame)
            pushed += 1
            self.stats["loopsAnalysed"] += 1
            for condition in generator.ifs:
                self._harmless(condition)
                self.visit(condition)
        if isinstance(node, ast.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)
        del self.scope.loops[-pushed:]

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._visit_comprehension(node)

    def visit_SetComp(self, node: ast.SetComp) -> None:
        self._visit_comprehension(node)

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> None:
        self._visit_comprehension(node)

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._visit_comprehension(node)

    # -- shapes ---------------------------------------------------------------

    def _shape_of(self, value: ast.expr) -> Shape:
        if isinstance(value, ast.Constant):
            if isinstance(value.value, str):
                return Shape(Container.STR)
            if isinstance(value.value, bytes):
                return Shape(Container.BYTES)
            return UNKNOWN
        if isinstance(value, ast.JoinedStr):
            return Shape(Container.STR)
        if isinstance(value, (ast.List, ast.Tuple)):
            container = Container.LIST if isinstance(value, ast.List) else Container.TUPLE
            return Shape(container, _display_size(value.elts), _items_hashable(value.elts))
        if isinstance(value, ast.ListComp):
            return Shape(Container.LIST, hashable_items=_items_hashable([value.elt]))
        if isinstance(value, ast.Call):
            return self._shape_of_call(value)
        if isinstance(value, ast.BinOp):
            return self._shape_of_operation(value)
        if isinstance(value, ast.IfExp):
            body, orelse = self._shape_of(value.body), self._shape_of(value.orelse)
            if body.container is orelse.container:
                sizes = (body.literal_size, orelse.literal_size)
                size = None if None in sizes else max(size for size in sizes if size is not None)
                return Shape(body.container, size, body.hashable_items and orelse.hashable_items)
        return UNKNOWN

    def _shape_of_call(self, call: ast.Call) -> Shape:
        builtin = self._is_builtin_call(call, frozenset({*STR_BUILTINS, "bytes", "list", "tuple", "sorted"}))
        if builtin in STR_BUILTINS:
            return Shape(Container.STR)
        if builtin == "bytes":
            return Shape(Container.BYTES)
        if builtin in {"list", "tuple"}:
            container = Container.LIST if builtin == "list" else Container.TUPLE
            return Shape(container, literal_size=None if call.args or call.keywords else 0)
        if builtin == "sorted":
            return Shape(Container.LIST)
        if self._qualified_name(call.func) in LIST_RETURNING_FUNCTIONS:
            return Shape(Container.LIST)
        func = call.func
        if isinstance(func, ast.Attribute):
            receiver = func.value
            if isinstance(receiver, ast.Constant) and func.attr in {"join", "format"}:
                if isinstance(receiver.value, str):
                    return Shape(Container.STR)
                if isinstance(receiver.value, bytes) and func.attr == "join":
                    return Shape(Container.BYTES)
            if func.attr in LIST_RETURNING_METHODS:
                return Shape(Container.LIST)
        return UNKNOWN

    def _shape_of_operation(self, operation: ast.BinOp) -> Shape:
        if isinstance(operation.op, ast.Add):
            containers = {self._shape_of(operand).container for operand in _addition_operands(operation)}
            for text_type in (Container.STR, Container.BYTES):
                if text_type in containers:
                    return Shape(text_type)
            if len(containers) == 1 and containers <= {Container.LIST, Container.TUPLE}:
                return Shape(containers.pop())
            return UNKNOWN
        if isinstance(operation.op, ast.Mod) and isinstance(operation.left, ast.Constant):
            if isinstance(operation.left.value, str):
                return Shape(Container.STR)
            if isinstance(operation.left.value, bytes):
                return Shape(Container.BYTES)
        if isinstance(operation.op, ast.Mult) and isinstance(operation.left, ast.List):
            return Shape(Container.LIST, hashable_items=_items_hashable(operation.left.elts))
        return UNKNOWN


def _accumulator_message(name: str, container: Container) -> str:
    if container is Container.STR:
        return (
            f"the str '{name}' is grown by concatenation on every iteration, which can copy it each time "
            f"(quadratic); append the pieces to a list and ''.join() them after the loop"
        )
    if container is Container.BYTES:
        return (
            f"the bytes '{name}' is grown by concatenation on every iteration, copying it each time (quadratic); "
            f"use a bytearray, or collect the chunks and b''.join() them after the loop"
        )
    if container is Container.TUPLE:
        return (
            f"the tuple '{name}' is rebuilt by concatenation on every iteration, copying it each time "
            f"(quadratic); append to a list and convert it once after the loop"
        )
    return (
        f"the list '{name}' is rebuilt with '+' on every iteration, copying it each time (quadratic); "
        f"grow it in place with append()/extend() (or a collections.deque to add at the front)"
    )
