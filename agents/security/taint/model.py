"""The module-level model the engine works on: which functions exist, which are web views, and what
the imports make of names. Built once per file from a walk over statements (not expressions)."""

from __future__ import annotations

import ast
import functools
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from agents.security.taint import specs

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


class NameResolver(Protocol):
    """What the engine needs of the file's import aliases (agents.security.checks.ImportAliases)."""

    star_modules: list[str]

    def resolve(self, node: ast.expr) -> str | None: ...

    def is_bound(self, name: str) -> bool: ...

    def bindings(self) -> list[tuple[str, str]]: ...


@dataclass(eq=False)
class FunctionInfo:
    """One def of the module (top level, method or nested)."""

    key: str
    node: FunctionNode
    scopes: tuple[dict[str, FunctionInfo], ...]
    """Functions visible by simple name from inside, innermost first: its own nested defs, the enclosing
    functions' nested defs, then the module's functions."""
    owner: ClassInfo | None = None
    view: str | None = None
    """The framework style when this is a web view: "flask", "fastapi", "django", "tornado" or "generic"."""
    route_parameters: dict[str, bool] | None = None
    """For Flask-style routes with a constant rule: parameter name -> whether its converter is safe (int...)."""

    @functools.cached_property
    def is_generator(self) -> bool:
        """Whether the body yields (its own, not that of nested functions)."""
        pending: list[ast.AST] = list(self.node.body)
        while pending:
            current = pending.pop()
            if isinstance(current, (ast.Yield, ast.YieldFrom)):
                return True
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            pending.extend(ast.iter_child_nodes(current))
        return False

    def visible_function(self, name: str) -> FunctionInfo | None:
        for scope in self.scopes:
            found = scope.get(name)
            if found is not None:
                return found
        return None

    @property
    def is_method(self) -> bool:
        if self.owner is None:
            return False
        for decorator in self.node.decorator_list:
            if isinstance(decorator, ast.Name) and decorator.id == "staticmethod":
                return False
        return True


@dataclass(eq=False)
class ClassInfo:
    name: str
    node: ast.ClassDef
    methods: dict[str, FunctionInfo] = field(default_factory=dict)
    bases: list[ClassInfo] = field(default_factory=list)
    tornado_handler: bool = False

    def method(self, name: str) -> FunctionInfo | None:
        seen: set[int] = set()
        # Direct bases before theirs: an approximation of C3 method resolution, enough for module-local classes.
        pending = deque([self])
        while pending:
            current = pending.popleft()
            if id(current) in seen:
                continue
            seen.add(id(current))
            found = current.methods.get(name)
            if found is not None:
                return found
            pending.extend(current.bases)
        return None


_ROUTE_VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def route_parameters(rule: str) -> dict[str, bool]:
    """`/items/<int:item_id>/<name>` -> {"item_id": True, "name": False}: True for converters yielding numbers."""
    return {
        match.group(2): (match.group(1) or "string") in specs.SAFE_ROUTE_CONVERTERS
        for match in _ROUTE_VARIABLE.finditer(rule)
    }


class ModuleModel:
    """Functions, classes and framework facts of one module."""

    def __init__(self, tree: ast.Module, aliases: NameResolver) -> None:
        self.tree = tree
        self.aliases = aliases
        self.functions: list[FunctionInfo] = []
        self.classes: dict[str, ClassInfo] = {}
        self.module_scope: dict[str, FunctionInfo] = {}
        self.imported_roots = self._imported_roots()
        self.frameworks = self.imported_roots & specs.FRAMEWORK_MODULES
        self.request_aliases = {
            name for name, target in aliases.bindings() if target in specs.REQUEST_GLOBALS | specs.SESSION_GLOBALS
        }
        self._collect(tree.body, (self.module_scope,), None, "")
        for info in self.classes.values():
            info.bases = [self.classes[name] for name in self._base_names(info.node) if name in self.classes]
        for function in self.functions:
            self._classify_view(function)

    def _imported_roots(self) -> set[str]:
        roots = {target.partition(".")[0] for _, target in self.aliases.bindings() if not target.startswith(".")}
        roots.update(module.partition(".")[0] for module in self.aliases.star_modules)
        return roots

    def imports_any(self, modules: tuple[str, ...]) -> bool:
        return any(module in self.imported_roots for module in modules)

    # -- collecting definitions -------------------------------------------

    def _collect(
        self, body: list[ast.stmt], scopes: tuple[dict[str, FunctionInfo], ...], owner: ClassInfo | None, prefix: str
    ) -> None:
        for statement in _flatten_blocks(body):
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner: dict[str, FunctionInfo] = {}
                info = FunctionInfo(f"{prefix}{statement.name}", statement, (inner, *scopes), owner)
                self.functions.append(info)
                if owner is not None:
                    owner.methods.setdefault(statement.name, info)
                else:
                    scopes[0].setdefault(statement.name, info)
                self._collect(statement.body, (inner, *scopes), None, f"{info.key}.<locals>.")
            elif isinstance(statement, ast.ClassDef):
                class_info = ClassInfo(statement.name, statement)
                class_info.tornado_handler = "tornado" in self.imported_roots and any(
                    name.endswith(("RequestHandler", "WebSocketHandler")) for name in self._base_names(statement)
                )
                if owner is None and not prefix:
                    self.classes.setdefault(statement.name, class_info)
                self._collect(statement.body, scopes, class_info, f"{prefix}{statement.name}.")

    def _base_names(self, node: ast.ClassDef) -> list[str]:
        names: list[str] = []
        for base in node.bases:
            if isinstance(base, ast.Name):
                names.append(base.id)
            elif isinstance(base, ast.Attribute):
                names.append(base.attr)
        return names

    # -- web views ---------------------------------------------------------

    def _classify_view(self, function: FunctionInfo) -> None:
        node = function.node
        if self.imported_roots & specs.CLI_FRAMEWORKS and any(
            _decorator_name(decorator) in specs.CLI_DECORATORS for decorator in node.decorator_list
        ):
            function.view = "cli"  # click/typer commands: parameters come from the command line
            return
        if not self.frameworks:
            return
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call is not None else decorator
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if name not in specs.ROUTE_DECORATORS:
                continue
            if "fastapi" in self.frameworks or "starlette" in self.frameworks or "litestar" in self.frameworks:
                function.view = "fastapi"
            elif self.frameworks & {"flask", "quart", "werkzeug", "bottle"}:
                function.view = "flask"
            else:
                function.view = "generic"
            if call is not None and call.args and isinstance(call.args[0], ast.Constant):
                rule = call.args[0].value
                if isinstance(rule, str) and function.view == "flask":
                    function.route_parameters = route_parameters(rule)
            return
        parameters = [*node.args.posonlyargs, *node.args.args]
        if function.is_method and parameters:
            parameters = parameters[1:]
        if function.owner is not None and function.owner.tornado_handler:
            function.view = "tornado"
            return
        if parameters and (
            parameters[0].arg in specs.REQUEST_PARAMETER_NAMES or _is_request_annotation(parameters[0].annotation)
        ):
            function.view = (
                "django" if "django" in self.frameworks or "rest_framework" in self.frameworks else "generic"
            )


def _decorator_name(decorator: ast.expr) -> str | None:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else None


def _is_request_annotation(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    name = annotation.attr if isinstance(annotation, ast.Attribute) else getattr(annotation, "id", None)
    return name in specs.REQUEST_ANNOTATIONS


def annotation_name(annotation: ast.expr | None) -> str | None:
    """The last name of an annotation (`Optional[int]` and `int | None` count as int)."""
    if annotation is None:
        return None
    if isinstance(annotation, ast.Subscript):
        outer = annotation_name(annotation.value)
        if outer in ("Optional", "Annotated"):
            inner = annotation.slice
            if isinstance(inner, ast.Tuple) and inner.elts:
                inner = inner.elts[0]
            return annotation_name(inner)
        return outer
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        left = annotation_name(annotation.left)
        return left if left not in (None, "None") else annotation_name(annotation.right)
    if isinstance(annotation, ast.Attribute):
        return annotation.attr
    if isinstance(annotation, ast.Name):
        return annotation.id
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.rpartition(".")[2]
    return None


def _flatten_blocks(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements of a body, with those inside if/try/with/for/while blocks (defs there still define names)."""
    pending = list(reversed(body))
    while pending:
        statement = pending.pop()
        yield statement
        if isinstance(statement, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)):
            nested: list[ast.stmt] = []
            for name in ("body", "orelse", "finalbody"):
                nested.extend(getattr(statement, name, None) or [])
            for handler in getattr(statement, "handlers", None) or []:
                nested.extend(handler.body)
            pending.extend(reversed(nested))
        elif hasattr(ast, "TryStar") and isinstance(statement, ast.TryStar):
            nested = [*statement.body, *statement.orelse, *statement.finalbody]
            for handler in statement.handlers:
                nested.extend(handler.body)
            pending.extend(reversed(nested))
        elif isinstance(statement, ast.Match):
            nested = [item for case in statement.cases for item in case.body]
            pending.extend(reversed(nested))
