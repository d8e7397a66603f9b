"""The security agent's static checks: one iterative pass over each file's AST.

Call targets are resolved through the file's imports, so `import subprocess as sp; sp.run(...)`,
`from os import system` and `from hashlib import md5` are all seen as what they are. The pass is
iterative (an explicit stack) so deeply nested expressions cannot exhaust the recursion limit.
Injection, file-path, XSS, redirect, XXE, deserialisation and SSRF sinks are judged by the taint
engine (agents/security/taint), which follows data from its sources to them.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from agents.base import Rule, Skipped, SourceFile, finding_from_rule, parse_python
from agents.security import rules
from agents.security.constant_facts import ConstantDict, ConstantFacts
from agents.security.secrets import (
    NameKind,
    SecretMatch,
    find_provider_secret,
    is_hardcoded_secret,
    is_test_path,
    name_words,
    provider_secret_for_name,
    redact,
    scrub,
    sensitive_name_kind,
)
from agents.security.taint import PATTERN_SINK_CALLS, PATTERN_SINK_METHODS, taint_findings
from agents.security.taint.fstrings import requote_nested_fstrings
from agents.security.taint.values import NO_CONSTANT
from agents.security.weak_random import CALL_NAMES as RANDOM_CALL_NAMES
from agents.security.weak_random import find_weak_randomness
from analyzer.findings import Confidence, Finding, Severity

AGENT_ID = "security"

# ---------------------------------------------------------------------------
# Import aliases.


class ImportAliases:
    """Maps the names a file binds through imports to the qualified names they stand for.

    The model is flow-insensitive and per file: an import anywhere (also inside a function or a
    try/except ImportError) binds its name for the whole rest of the pass. A name bound by a
    relative import resolves to a dotted path starting with "." so it never matches a stdlib name,
    which also means a local `from .utils import eval` hides the builtin.
    """

    def __init__(self) -> None:
        self._bound: dict[str, str] = {}
        self.star_modules: list[str] = []

    def add_import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self._bound[alias.asname] = alias.name
            else:
                top = alias.name.partition(".")[0]
                self._bound[top] = top

    def add_import_from(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        prefix = "." * node.level + module if node.level else module
        for alias in node.names:
            if alias.name == "*":
                if not node.level and module:
                    self.star_modules.append(module)
                continue
            separator = "." if module else ""
            self._bound[alias.asname or alias.name] = f"{prefix}{separator}{alias.name}"

    def bind(self, name: str, qualified: str) -> None:
        self._bound[name] = qualified

    def is_bound(self, name: str) -> bool:
        return name in self._bound

    def bindings(self) -> list[tuple[str, str]]:
        """(name, qualified name) for every name the file's imports bind, e.g. ("r", "flask.request")."""
        return list(self._bound.items())

    def imports_module(self, module: str) -> bool:
        dotted = module + "."
        return any(target == module or target.startswith(dotted) for target in self._bound.values())

    def resolve(self, node: ast.expr) -> str | None:
        """The qualified dotted name of a Name or Attribute chain, or None for anything else."""
        attributes: list[str] = []
        current = node
        while isinstance(current, ast.Attribute):
            attributes.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            return None
        head = self._bound.get(current.id, current.id)
        if not attributes:
            return head
        return ".".join([head, *reversed(attributes)])


def module_definitions(tree: ast.Module) -> list[str]:
    """Names the module body defines with def or class; they hide builtins such as compile()."""
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return [statement.name for statement in tree.body if isinstance(statement, definitions)]


def _truthy_constant(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and bool(node.value)


def _falsy_constant(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and not node.value


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _has_keyword_unpacking(call: ast.Call) -> bool:
    return any(keyword.arg is None for keyword in call.keywords)


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """A call's argument given by position or by keyword; None if absent or hidden in *args."""
    if len(call.args) > position and not any(isinstance(arg, ast.Starred) for arg in call.args[: position + 1]):
        return call.args[position]
    return _keyword(call, name)


def _string_constant(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


# ---------------------------------------------------------------------------
# Catalogue of sensitive calls (qualified names after alias resolution).

_YAML_LOADERS_NEEDING_SAFE = frozenset({"yaml.load", "yaml.load_all"})
_YAML_UNSAFE_CALLS = frozenset({"yaml.unsafe_load", "yaml.unsafe_load_all"})
_YAML_FULL_CALLS = frozenset({"yaml.full_load", "yaml.full_load_all"})
_YAML_SAFE_LOADER_NAMES = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"})
_YAML_FULL_LOADER_NAMES = frozenset({"FullLoader", "CFullLoader"})
_YAML_UNSAFE_LOADER_NAMES = frozenset({"Loader", "CLoader", "UnsafeLoader", "CUnsafeLoader"})

_WEAK_HASH_CONSTRUCTORS = {
    "hashlib.md5": "MD5",
    "hashlib.sha1": "SHA-1",
    "cryptography.hazmat.primitives.hashes.MD5": "MD5",
    "cryptography.hazmat.primitives.hashes.SHA1": "SHA-1",
    **{
        f"{package}.Hash.{name}.new": label
        for package in ("Crypto", "Cryptodome")
        for name, label in (("MD5", "MD5"), ("MD4", "MD4"), ("SHA", "SHA-1"), ("SHA1", "SHA-1"))
    },
}
_WEAK_HASH_NAMES = {"md5": "MD5", "md4": "MD4", "sha1": "SHA-1", "sha": "SHA-1", "md5-sha1": "MD5-SHA1"}

_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream"})
_HTTP_CLIENT_CALLS = frozenset(
    {
        *(f"requests.{method}" for method in _HTTP_METHODS),
        *(f"requests.api.{method}" for method in _HTTP_METHODS),
        *(f"httpx.{method}" for method in _HTTP_METHODS),
        "httpx.Client",
        "httpx.AsyncClient",
        "httpx.HTTPTransport",
        "httpx.AsyncHTTPTransport",
    }
)
_AIOHTTP_CONNECTORS = frozenset({"aiohttp.TCPConnector", "aiohttp.connector.TCPConnector"})
_UNVERIFIED_CONTEXT = "ssl._create_unverified_context"
_CERT_NONE = "ssl.CERT_NONE"

_ALL_INTERFACES = frozenset({"0.0.0.0", "::", "[::]"})
_BIND_KEYWORDS = frozenset({"host", "bind", "listen", "address", "addr", "hostname", "interface"})
_SERVER_CALLS = frozenset(
    {
        "bind",
        "run",
        "serve",
        "run_simple",
        "make_server",
        "create_server",
        "start_server",
        "run_app",
        "HTTPServer",
        "ThreadingHTTPServer",
        "TCPServer",
        "UDPServer",
        "ThreadingTCPServer",
        "ThreadingUDPServer",
        "ForkingTCPServer",
        "ForkingUDPServer",
        "WSGIServer",
        "listen",
    }
)

# run(debug=True) of these is their own debug mode, not a web debugger.
_NOT_WEB_RUNNERS = ("asyncio.", "subprocess.", "trio.", "anyio.")

_MKTEMP = frozenset({"tempfile.mktemp"})
_JINJA_ENVIRONMENTS = frozenset(
    {"jinja2.Environment", "jinja2.environment.Environment", "jinja2.sandbox.SandboxedEnvironment"}
)


def binds_all_interfaces(value: str) -> bool:
    host = value.removeprefix("tcp://").removeprefix("udp://")
    if host in _ALL_INTERFACES:
        return True
    return host.startswith(("0.0.0.0:", "[::]:"))


# ---------------------------------------------------------------------------
# The scanner.

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Same bounds as the snippets finding_from_rule makes.
_SNIPPET_LINES = 3
_SNIPPET_CHARS = 400
# Fields that never hold anything a check looks into.
_SKIPPED_FIELDS = frozenset(
    {
        "ctx",
        "op",
        "ops",  # expression contexts and operators
        "names",  # import aliases (handled by the import itself) and global/nonlocal names
        # plain values, never nodes
        "id",
        "attr",
        "arg",
        "module",
        "level",
        "is_async",
        "name",
        "simple",
        "conversion",
        "rest",
        "kind",
        "kwd_attrs",
        "type_comment",
        "tag",
        "lineno",
    }
)
_TRAVERSED_FIELDS: dict[type[Any], tuple[str, ...]] = {ast.Constant: ()}
# Module-level blocks whose imports still bind module names (try/except ImportError, if TYPE_CHECKING, ...).
_BLOCK_STATEMENTS: tuple[type[ast.stmt], ...] = tuple(
    getattr(ast, name) for name in ("If", "Try", "TryStar", "With") if hasattr(ast, name)
)


def _traversed_fields(node_type: type[Any]) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes, last first (the traversal stack reverses them)."""
    fields = getattr(node_type, "_fields", ())
    return tuple(field for field in reversed(fields) if field not in _SKIPPED_FIELDS)


class SecurityScanner:
    """Collects the findings of one file; `scan` visits every node once."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.aliases = ImportAliases()
        self.safe_yaml_loader_classes: set[str] = set()
        self._findings: list[Finding] = []
        self._secret_findings: list[Finding] = []
        self._secrets: list[str] = []
        # ids of docstring constants: they hold examples, so only certain credential formats count there.
        self._docstring_ids: set[int] = set()
        # Lines of calls that are sinks even without a known source: the taint engine looks at their functions.
        self._taint_candidate_lines: list[int] = []
        # Checks waiting for the file's constant facts (see _settle_with_constant_facts).
        self._deferred: list[tuple[int, Callable[[ConstantFacts], None]]] = []
        # Lines of calls that may make random values (weak_random.CALL_NAMES), for the weak-randomness pass.
        self._random_call_lines: list[int] = []
        # ids of the "private_key" values of Google Cloud service-account key dicts.
        self._service_account_keys: set[int] = set()
        # Test code and data: made-up credentials are expected there (see is_test_path).
        self._in_tests = is_test_path(source.path)
        self._handlers: dict[type[ast.AST], Callable[[Any], None]] = {
            ast.Import: self._on_import,
            ast.ImportFrom: self._on_import_from,
            ast.ClassDef: self._on_class,
            ast.FunctionDef: self._on_function,
            ast.AsyncFunctionDef: self._on_function,
            ast.Lambda: self._on_function,
            ast.Assign: self._on_assign,
            ast.AnnAssign: self._on_assign,
            ast.Dict: self._on_dict,
            ast.Compare: self._on_compare,
            ast.Call: self._on_call,
            ast.Constant: self._on_constant,
        }

    # -- driving ---------------------------------------------------------

    def scan(self, tree: ast.Module) -> list[Finding]:
        for name in module_definitions(tree):
            self.aliases.bind(name, f"<module>.{name}")
        self._register_module_level(tree.body)
        self._note_docstring(tree)
        get_handler = self._handlers.get
        get_fields = _TRAVERSED_FIELDS.get
        stack: list[Any] = [tree]
        pop, push, push_all = stack.pop, stack.append, stack.extend
        # This loop runs once per node of every file, so it avoids generators and per-item checks: a None
        # or a stray value that is not a node is popped like a node and has neither handler nor fields.
        while stack:
            node = pop()
            node_type = type(node)
            handler = get_handler(node_type)
            if handler is not None:
                handler(node)
            fields = get_fields(node_type)
            if fields is None:
                fields = _TRAVERSED_FIELDS[node_type] = _traversed_fields(node_type)
            # Children are pushed last first, so they are handled in source order (an import before its use).
            for field in fields:
                value = getattr(node, field, None)
                if value.__class__ is list:
                    push_all(reversed(value))
                elif value is not None:
                    push(value)
        self._settle_with_constant_facts(tree)
        self._report_taint(tree)
        return self.findings()

    def _register_module_level(self, body: list[ast.stmt]) -> None:
        """Module-level imports and aliases first, so a function defined above an import still sees it."""
        pending = list(reversed(body))
        while pending:
            statement = pending.pop()
            if isinstance(statement, ast.Import):
                self.aliases.add_import(statement)
            elif isinstance(statement, ast.ImportFrom):
                self.aliases.add_import_from(statement)
            elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    self._alias_by_assignment(target.id, statement.value)
            elif isinstance(statement, _BLOCK_STATEMENTS):
                nested: list[ast.stmt] = []
                for field in ("body", "orelse", "finalbody"):
                    nested.extend(getattr(statement, field, None) or [])
                for handler in getattr(statement, "handlers", None) or []:
                    nested.extend(handler.body)
                pending.extend(reversed(nested))

    def findings(self) -> list[Finding]:
        """All findings, with any secret found in the file redacted from every snippet and message."""
        if not self._secrets:
            return list(self._findings)
        cleaned = [self._scrubbed(finding) for finding in self._findings]
        return cleaned + self._secret_findings

    def _scrubbed(self, finding: Finding) -> Finding:
        snippet = scrub(finding.snippet, self._secrets) if finding.snippet else finding.snippet
        message = scrub(finding.message, self._secrets)
        if snippet == finding.snippet and message == finding.message:
            return finding
        return finding.model_copy(update={"snippet": snippet, "message": message})

    def report(
        self,
        rule: Rule,
        node: ast.AST,
        message: str,
        *,
        severity: Severity | None = None,
        confidence: Confidence | None = None,
        properties: dict[str, object] | None = None,
    ) -> None:
        self._findings.append(
            self._locate(
                node,
                finding_from_rule(
                    rule,
                    AGENT_ID,
                    self.source,
                    _start_of(node),
                    message=message,
                    severity=severity,
                    confidence=confidence,
                    properties=properties,
                ),
            )
        )

    def _locate(self, node: ast.AST, finding: Finding, *, with_snippet: bool = True) -> Finding:
        """`finding` with the node's full position and, unless told otherwise, its source text as the snippet.

        finding_from_rule gets only the start because ast.get_source_segment re-splits the whole
        file on every call (files with hundreds of findings became quadratic), and because
        SourceFile.line splits lines at form feeds and other characters where ast does not.
        """
        end_line = getattr(node, "end_lineno", None)
        end_offset = getattr(node, "end_col_offset", None)
        start_line = getattr(node, "lineno", None)
        start_offset = getattr(node, "col_offset", None)
        if None in (end_line, end_offset, start_line, start_offset):
            return finding
        assert end_line is not None and end_offset is not None and start_line is not None and start_offset is not None
        lines = self.code_lines
        if not 1 <= start_line <= end_line <= len(lines):
            return finding
        selected = [line.encode("utf-8") for line in lines[start_line - 1 : end_line]]
        column = _column(selected[0], start_offset)
        end_column = _column(selected[-1], end_offset)
        if (end_line, end_column) <= (start_line, column):
            location = finding.location.model_copy(update={"column": column})
        else:
            update = {"column": column, "end_line": end_line, "end_column": end_column}
            location = finding.location.model_copy(update=update)
        if not with_snippet:
            return finding.model_copy(update={"location": location})
        selected[-1] = selected[-1][:end_offset]
        selected[0] = selected[0][start_offset:]
        text = "\n".join(part.decode("utf-8", errors="replace") for part in selected[:_SNIPPET_LINES])
        return finding.model_copy(update={"location": location, "snippet": text[:_SNIPPET_CHARS] or None})

    @functools.cached_property
    def code_lines(self) -> list[str]:
        """The file's lines as ast numbers them (only \\n, \\r\\n and \\r end a line)."""
        return _LINE_BREAK.split(self.source.text)

    def report_secret(
        self,
        rule: Rule,
        node: ast.AST,
        secret: str,
        message: str,
        snippet: str,
        *,
        properties: dict[str, object],
        severity: Severity | None = None,
        confidence: Confidence | None = None,
    ) -> None:
        """A finding whose snippet is built by the caller around the redacted value, never from the source."""
        self._secrets.append(secret)
        finding = finding_from_rule(
            rule,
            AGENT_ID,
            self.source,
            _start_of(node),
            message=message,
            severity=severity,
            confidence=confidence,
            properties=properties,
        )
        located = self._locate(node, finding, with_snippet=False)
        self._secret_findings.append(located.model_copy(update={"snippet": snippet}))

    # -- imports and definitions -----------------------------------------

    def _on_import(self, node: ast.Import) -> None:
        self.aliases.add_import(node)

    def _on_import_from(self, node: ast.ImportFrom) -> None:
        self.aliases.add_import_from(node)

    def _note_docstring(self, node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            self._docstring_ids.add(id(node.body[0].value))

    def _on_class(self, node: ast.ClassDef) -> None:
        self._note_docstring(node)
        if any(self._yaml_loader_safety(base) == "safe" for base in node.bases):
            self.safe_yaml_loader_classes.add(node.name)

    def _on_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        if not isinstance(node, ast.Lambda):
            self._note_docstring(node)
        arguments = node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        pairs: list[tuple[ast.arg, ast.expr | None]] = list(
            zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults, strict=True)
        )
        pairs.extend(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))
        for parameter, default in pairs:
            if default is not None:
                self._check_named_secret(parameter.arg, default, "the default of parameter", f"{parameter.arg}=")

    # -- assignments, dicts, comparisons ----------------------------------

    def _on_assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value
        if value is None:
            return
        self._check_unverified_context(value)
        for target in targets:
            holder = _holder_name(target)
            if holder is not None:
                shown = ast.unparse(target) if not isinstance(target, ast.Name) else target.id
                self._check_named_secret(holder, value, "assigned to", f"{shown} = ")
                self._check_cookie_setting(holder, value)
            if isinstance(target, ast.Attribute) and target.attr == "verify_mode":
                if self.aliases.resolve(value) == _CERT_NONE:
                    self.report(
                        rules.TLS_VERIFICATION_DISABLED,
                        node,
                        "verify_mode set to ssl.CERT_NONE: the TLS peer's certificate is not checked",
                    )

    def _alias_by_assignment(self, name: str, value: ast.expr) -> None:
        """`run = subprocess.run` at module level makes `run` an alias too."""
        root = value
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and self.aliases.is_bound(root.id):
            qualified = self.aliases.resolve(value)
            if qualified is not None:
                self.aliases.bind(name, qualified)

    def _on_dict(self, node: ast.Dict) -> None:
        keys = [_string_constant(key) for key in node.keys]
        if "private_key" in keys and "type" in keys:
            account_type = _string_constant(node.values[keys.index("type")])
            if account_type == "service_account":
                # A Google Cloud service-account key file written as a dict: its PEM block is that account's key.
                self._service_account_keys.add(id(node.values[keys.index("private_key")]))
        for key, value in zip(node.keys, node.values, strict=True):
            holder = _string_constant(key)
            if holder is not None:
                self._check_named_secret(holder, value, "given for the key", f"{holder!r}: ")
                self._check_cookie_setting(holder, value)

    def _on_compare(self, node: ast.Compare) -> None:
        if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            return
        left, right = node.left, node.comparators[0]
        operator = "==" if isinstance(node.ops[0], ast.Eq) else "!="
        for named, literal in ((left, right), (right, left)):
            holder = _holder_name(named)
            if holder is not None:
                shown = named.id if isinstance(named, ast.Name) else ast.unparse(named)
                self._check_named_secret(holder, literal, "compared with", f"{shown} {operator} ")

    def _check_named_secret(self, holder: str, value: ast.expr, relation: str, code_before_value: str) -> None:
        """Report a literal given to a credential-like name; the snippet is `code_before_value` + the redacted value."""
        secret = _string_constant(value)
        if secret is None:
            return
        kind = sensitive_name_kind(holder)
        if kind is None or not is_hardcoded_secret(secret, holder, kind):
            return
        if find_provider_secret(secret) is not None:
            return  # the provider-format rule reports it, with more certainty
        named = provider_secret_for_name(holder, secret)
        if named is not None:
            self._report_provider_secret(value, named, code_before_value)
            return
        redacted = redact(secret)
        snippet = code_before_value + repr(redacted)
        properties: dict[str, object] = {"secretKind": "hard-coded " + kind.value}
        if self._in_tests:
            # Test code is full of made-up passwords; still listed, ranked below everything real.
            properties["testFixture"] = True
        self.report_secret(
            rules.HARDCODED_SECRET,
            value,
            secret,
            f"Hard-coded secret {relation} '{holder}' (value starts {redacted!r})",
            snippet,
            properties=properties,
            severity=Severity.LOW if self._in_tests else None,
            confidence=Confidence.LOW if self._in_tests else Confidence.HIGH if kind is NameKind.GENERATED else None,
        )

    # -- string literals ------------------------------------------------

    def _on_constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bytes):
            if len(value) < 16:
                return
            text = value.decode("latin-1")
        elif isinstance(value, str):
            text = value
        else:
            return
        match = find_provider_secret(text)
        if match is None:
            return
        if not match.certain and (id(node) in self._docstring_ids or self._in_tests):
            return  # URL passwords and tokens in docstrings and tests are examples and fixtures
        if match.kind == _PRIVATE_KEY_KIND and (id(node) in self._service_account_keys or "service_account" in text):
            match = SecretMatch(_SERVICE_ACCOUNT_KIND, match.secret, match.certain)
        self._report_provider_secret(node, match, "")
        if match.secret != text and len(text) < 4096:
            self._secrets.append(text)

    def _report_provider_secret(self, node: ast.expr, match: SecretMatch, code_before_value: str) -> None:
        redacted = redact(match.secret)
        self.report_secret(
            rules.PROVIDER_SECRET,
            node,
            match.secret,
            f"{match.kind} in a string literal (starts {redacted!r})",
            code_before_value + repr(redacted),
            properties={"secretKind": match.kind},
            severity=None if match.certain else Severity.MEDIUM,
            confidence=None if match.certain else Confidence.MEDIUM,
        )

    # -- references ------------------------------------------------------

    def _check_unverified_context(self, reference: ast.expr) -> None:
        """ssl._create_unverified_context called, or installed as the default for every HTTPS connection."""
        if isinstance(reference, ast.Attribute):
            if reference.attr != "_create_unverified_context":
                return
        elif not isinstance(reference, ast.Name) or not self.aliases.is_bound(reference.id):
            return
        if self.aliases.resolve(reference) == _UNVERIFIED_CONTEXT:
            self.report(
                rules.TLS_VERIFICATION_DISABLED,
                reference,
                "ssl._create_unverified_context makes a TLS context that accepts any certificate",
            )

    # -- calls -----------------------------------------------------------

    def _on_call(self, node: ast.Call) -> None:
        self._check_unverified_context(node.func)
        qualified = self._callee(node.func)
        if qualified in PATTERN_SINK_CALLS or (
            isinstance(node.func, ast.Attribute) and node.func.attr in PATTERN_SINK_METHODS
        ):
            self._taint_candidate_lines.append(node.lineno)
        if qualified is not None:
            check = _CALL_CHECKS.get(qualified)
            if check is not None:
                check(self, node, qualified)
        method = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if method is not None:
            self._check_generic_call(node, qualified or method, method)
            if method in RANDOM_CALL_NAMES:
                self._random_call_lines.append(node.lineno)
        for keyword in node.keywords:
            if keyword.arg is not None:
                self._check_named_secret(keyword.arg, keyword.value, "passed as", f"{keyword.arg}=")
                self._check_cookie_setting(keyword.arg, keyword.value)

    def _callee(self, func: ast.expr) -> str | None:
        qualified = self.aliases.resolve(func)
        if qualified is None or qualified in _CALL_CHECKS:
            return qualified
        if isinstance(func, ast.Name) and not self.aliases.is_bound(func.id):
            for module in self.aliases.star_modules:
                candidate = f"{module}.{func.id}"
                if candidate in _CALL_CHECKS or candidate in PATTERN_SINK_CALLS:
                    return candidate
        return qualified

    def _check_generic_call(self, node: ast.Call, qualified: str, method: str) -> None:
        """Checks keyed on a method name and keywords, for objects whose type the pass cannot know."""
        if method in _HTTP_METHODS and qualified not in _HTTP_CLIENT_CALLS:
            verify = _keyword(node, "verify")
            ssl_option = _keyword(node, "ssl")
            verify_off = isinstance(verify, ast.Constant) and verify.value is False
            if verify_off or (isinstance(ssl_option, ast.Constant) and ssl_option.value is False):
                option = "verify=False" if verify_off else "ssl=False"
                self.report(
                    rules.TLS_VERIFICATION_DISABLED,
                    node,
                    f"HTTP request {method}() with {option}: the server's certificate is not checked",
                    confidence=Confidence.MEDIUM,
                )
        cert_reqs = _keyword(node, "cert_reqs")
        if cert_reqs is not None and (
            self.aliases.resolve(cert_reqs) == _CERT_NONE or _string_constant(cert_reqs) == "CERT_NONE"
        ):
            self.report(
                rules.TLS_VERIFICATION_DISABLED,
                node,
                f"{method}() with cert_reqs=CERT_NONE: the TLS peer's certificate is not checked",
            )
        self._check_bind_all(node, method)
        if method in _COOKIE_SETTERS:
            self._check_set_cookie(node, method)
        if method == "run" and not qualified.startswith(_NOT_WEB_RUNNERS):
            self._check_debug_run(node)
        if method == "run_simple" and _truthy_constant(_keyword(node, "use_debugger")):
            self.report(
                rules.DEBUG_MODE_ENABLED,
                node,
                "run_simple(use_debugger=True) serves the interactive debugger, which runs code sent to it",
                confidence=Confidence.HIGH,
            )

    def _check_debug_run(self, node: ast.Call) -> None:
        flask_imported = self.aliases.imports_module("flask")
        debug = _keyword(node, "debug")
        if debug is None and flask_imported and len(node.args) >= 3:
            debug = node.args[2]  # Flask.run(host, port, debug)
        if _truthy_constant(debug):
            self.report(
                rules.DEBUG_MODE_ENABLED,
                node,
                f"{_display(node.func)}(debug=True) serves the interactive debugger, which runs code sent to it",
                confidence=Confidence.HIGH if flask_imported else None,
            )

    def _check_bind_all(self, node: ast.Call, method: str) -> None:
        for keyword in node.keywords:
            if keyword.arg in _BIND_KEYWORDS:
                address = _string_constant(keyword.value)
                if address is not None and binds_all_interfaces(address):
                    self._report_bind(keyword.value, f"{method}() with {keyword.arg}={address!r}")
                    return
        if method not in _SERVER_CALLS:
            return
        for argument in node.args:
            candidate = argument.elts[0] if isinstance(argument, ast.Tuple) and argument.elts else argument
            address = _string_constant(candidate)
            if address is not None and binds_all_interfaces(address):
                self._report_bind(candidate, f"{method}() on {address!r}")
                return

    def _report_bind(self, node: ast.AST, what: str) -> None:
        self.report(
            rules.BIND_ALL_INTERFACES,
            node,
            f"{what} listens on every network interface, not only on the loopback interface",
        )

    # -- cookies (CWE-614, CWE-1004) ---------------------------------------

    def _check_set_cookie(self, node: ast.Call, method: str) -> None:
        """response.set_cookie(key, value, max_age, expires, path, domain, secure, httponly, ...) in Flask/Werkzeug,
        Django and Starlette (same positions); aiohttp and Django's set_signed_cookie take the flags by keyword."""
        if not _is_response_cookie_call(node):
            return
        flags = _cookie_flag_arguments(node, method)
        options = [keyword.value for keyword in node.keywords if keyword.arg is None]
        if options or any(value is not None and not isinstance(value, ast.Constant) for value in flags.values()):
            # `secure=not DEBUG`, `**COOKIE_OPTIONS`: judged once the constants are known.
            self._defer(node, lambda facts: self._judge_set_cookie(node, method, flags, options, facts.value))
            return
        self._judge_set_cookie(node, method, flags, options, _literal_value)

    def _judge_set_cookie(
        self,
        node: ast.Call,
        method: str,
        flags: dict[str, ast.expr | None],
        options: list[ast.expr],
        value_of: Callable[[ast.expr], object],
    ) -> None:
        unpacked = [(option, value_of(option)) for option in options]
        lacking: dict[str, str] = {}
        for flag, given in flags.items():
            problem = _cookie_flag_problem(flag, given, unpacked, value_of)
            if problem is not None:
                lacking[flag] = problem
        if not lacking:
            return
        name = _string_constant(_argument(node, 0, "key") or _keyword(node, "name"))
        sensitive = _cookie_looks_sensitive(name, _argument(node, 1, "value"))
        shown = f"{method}({name!r})" if name is not None else f"{method}()"
        why = " and ".join(_COOKIE_FLAG_CONSEQUENCES[flag] for flag in lacking)
        self.report(
            rules.INSECURE_COOKIE,
            node,
            f"{shown} {' and '.join(lacking.values())}: {why}",
            # A cookie that carries a credential is what the flags protect; for others (a theme, a language) the
            # missing flags matter less.
            severity=None if sensitive else Severity.LOW,
            confidence=Confidence.HIGH if sensitive else None,
        )

    def _check_cookie_setting(self, holder: str, value: ast.expr) -> None:
        """SESSION_COOKIE_SECURE = False and the like, in Django settings, Flask config and their dicts."""
        flag = _COOKIE_FLAG_SETTINGS.get(holder)
        if flag is None:
            return
        if not isinstance(value, ast.Constant):
            self._defer(value, lambda facts: self._judge_cookie_setting(holder, flag, value, facts.value))
            return
        self._judge_cookie_setting(holder, flag, value, _literal_value)

    def _judge_cookie_setting(
        self, holder: str, flag: str, value: ast.expr, value_of: Callable[[ast.expr], object]
    ) -> None:
        verdict = value_of(value)
        if verdict is NO_CONSTANT or isinstance(verdict, str) or verdict:
            return  # True, unknown, or not a flag value at all (None is Django's "unset")
        if verdict is None:
            return
        cookie = holder.rsplit("_COOKIE_", 1)[0].lower()
        shown = ast.unparse(value) if isinstance(value, ast.Constant) else f"{ast.unparse(value)} ({verdict!r})"
        self.report(
            rules.INSECURE_COOKIE,
            value,
            f"{holder} = {shown} turns off the {flag} flag of the {cookie} cookie: {_COOKIE_FLAG_CONSEQUENCES[flag]}",
            confidence=Confidence.HIGH,
        )

    # -- constant facts: values and dead branches, computed once per file and only when a check needs them ---

    def _defer(self, node: ast.AST, judge: Callable[[ConstantFacts], None]) -> None:
        self._deferred.append((getattr(node, "lineno", 1), judge))

    def _settle_with_constant_facts(self, tree: ast.Module) -> None:
        """Judge the deferred checks, run the weak-randomness pass and drop findings in dead branches."""
        random_pass = bool(self._random_call_lines) and self.aliases.imports_module("random")
        dead_code_aware = any(f.rule_id in _DEAD_CODE_AWARE_RULES for f in self._findings)
        if not (self._deferred or random_pass or dead_code_aware):
            return
        lines = [line for line, _ in self._deferred]
        lines.extend(f.location.line for f in self._findings if f.rule_id in _DEAD_CODE_AWARE_RULES)
        if random_pass:
            lines.extend(self._random_call_lines)
        facts = ConstantFacts(tree, lines)
        for _, judge in self._deferred:
            judge(facts)
        if random_pass:
            find_weak_randomness(self, tree, self._random_call_lines, facts)
        self._findings = [
            finding
            for finding in self._findings
            if finding.rule_id not in _DEAD_CODE_AWARE_RULES or not facts.is_dead(finding.location.line)
        ]

    # -- taint: injection, file paths, XSS, redirects, XXE, deserialisation, SSRF ---

    def _report_taint(self, tree: ast.Module) -> None:
        """Sinks judged by where their data comes from (agents/security/taint): rules SEC001-SEC003, SEC013-SEC022."""
        lines = self.code_lines

        def line_text(number: int) -> str:
            return lines[number - 1] if 1 <= number <= len(lines) else ""

        findings = taint_findings(tree, self.aliases, self.source.text, self._taint_candidate_lines, line_text)
        for item in findings:
            self.report(
                item.rule,
                item.node,
                item.message,
                severity=item.severity,
                confidence=item.confidence,
                properties=item.properties,
            )

    # -- specific call checks (dispatched through _CALL_CHECKS) -----------

    def check_yaml_load(self, node: ast.Call, qualified: str) -> None:
        loader = _argument(node, 1, "Loader")
        if loader is None:
            if _has_keyword_unpacking(node):
                return
            self.report(
                rules.UNSAFE_YAML_LOAD,
                node,
                f"{qualified} without a Loader: old PyYAML versions construct arbitrary objects; use yaml.safe_load",
            )
            return
        safety = self._yaml_loader_safety(loader)
        if safety == "safe":
            return
        name = _display(loader)
        if safety == "full":
            self.report(
                rules.UNSAFE_YAML_LOAD,
                node,
                f"{qualified} with {name}: FullLoader could construct arbitrary objects before PyYAML 5.4",
                severity=Severity.LOW,
                confidence=Confidence.MEDIUM,
            )
        elif safety == "unsafe":
            self.report(rules.UNSAFE_YAML_LOAD, node, f"{qualified} with {name} constructs arbitrary Python objects")
        else:
            self.report(
                rules.UNSAFE_YAML_LOAD,
                node,
                f"{qualified} with loader {name}, which the check cannot identify as safe",
                confidence=Confidence.LOW,
            )

    def check_yaml_unsafe(self, node: ast.Call, qualified: str) -> None:
        self.report(rules.UNSAFE_YAML_LOAD, node, f"{qualified} constructs arbitrary Python objects from tags")

    def check_yaml_full(self, node: ast.Call, qualified: str) -> None:
        self.report(
            rules.UNSAFE_YAML_LOAD,
            node,
            f"{qualified} uses FullLoader, which could construct arbitrary objects before PyYAML 5.4",
            severity=Severity.LOW,
            confidence=Confidence.MEDIUM,
        )

    def _yaml_loader_safety(self, loader: ast.expr) -> str:
        """ "safe", "full", "unsafe" or "unknown" for a Loader expression."""
        if isinstance(loader, ast.IfExp):
            verdicts = {self._yaml_loader_safety(loader.body), self._yaml_loader_safety(loader.orelse)}
            return verdicts.pop() if len(verdicts) == 1 else "unknown"
        if isinstance(loader, ast.BoolOp):
            verdicts = {self._yaml_loader_safety(value) for value in loader.values}
            return verdicts.pop() if len(verdicts) == 1 else "unknown"
        if isinstance(loader, ast.Call) and isinstance(loader.func, ast.Name) and loader.func.id == "getattr":
            # getattr(yaml, "CSafeLoader", yaml.SafeLoader): the fast loader when compiled in, else the pure one.
            wanted = _string_constant(loader.args[1]) if len(loader.args) >= 2 else None
            fallback = loader.args[2] if len(loader.args) >= 3 else None
            if wanted in _YAML_SAFE_LOADER_NAMES and (fallback is None or self._yaml_loader_safety(fallback) == "safe"):
                return "safe"
            return "unknown"
        qualified = self.aliases.resolve(loader)
        if qualified is None:
            return "unknown"
        if isinstance(loader, ast.Name) and loader.id in self.safe_yaml_loader_classes:
            return "safe"
        root, _, last = qualified.rpartition(".")
        from_yaml = root == "yaml" or root.startswith("yaml.")
        if not from_yaml and not (root == "" and last in _YAML_SAFE_LOADER_NAMES):
            return "unknown"
        if last in _YAML_SAFE_LOADER_NAMES:
            return "safe"
        if last in _YAML_FULL_LOADER_NAMES:
            return "full"
        if last in _YAML_UNSAFE_LOADER_NAMES:
            return "unsafe"
        return "unknown"

    def check_weak_hash(self, node: ast.Call, qualified: str) -> None:
        name = _argument(node, 0, "name") if qualified == "hashlib.new" else None
        for_security = _keyword(node, "usedforsecurity")
        if any(part is not None and not isinstance(part, ast.Constant) for part in (name, for_security)):
            # `hashlib.new(ALGORITHM)`, `hashlib.new(ALGORITHMS["legacy"])`: judged once the constants are known.
            self._defer(node, lambda facts: self._judge_weak_hash(node, qualified, facts.value))
            return
        self._judge_weak_hash(node, qualified, _literal_value)

    def _judge_weak_hash(self, node: ast.Call, qualified: str, value_of: Callable[[ast.expr], object]) -> None:
        if qualified == "hashlib.new":
            name_argument = _argument(node, 0, "name")
            name = value_of(name_argument) if name_argument is not None else None
            algorithm = _WEAK_HASH_NAMES.get(name.lower()) if isinstance(name, str) else None
        else:
            name_argument, algorithm = None, _WEAK_HASH_CONSTRUCTORS[qualified]
        for_security = _keyword(node, "usedforsecurity")
        if algorithm is None or (for_security is not None and value_of(for_security) is False):
            return
        named = f" (the name {ast.unparse(name_argument)} is {algorithm.lower()!r})" if name_argument else ""
        if isinstance(name_argument, ast.Constant):
            named = ""
        self.report(
            rules.WEAK_HASH,
            node,
            f"{algorithm} hash via {qualified}{named}; if it does not protect anything, pass usedforsecurity=False",
        )

    def check_http_client(self, node: ast.Call, qualified: str) -> None:
        verify = _keyword(node, "verify")
        if isinstance(verify, ast.Constant) and verify.value is False:
            self.report(
                rules.TLS_VERIFICATION_DISABLED,
                node,
                f"{qualified} with verify=False: the server's certificate is not checked",
            )

    def check_aiohttp_connector(self, node: ast.Call, qualified: str) -> None:
        for option in ("ssl", "verify_ssl"):
            value = _keyword(node, option)
            if isinstance(value, ast.Constant) and value.value is False:
                self.report(
                    rules.TLS_VERIFICATION_DISABLED,
                    node,
                    f"{qualified} with {option}=False: servers' certificates are not checked",
                )
                return

    def check_mktemp(self, node: ast.Call, qualified: str) -> None:
        self.report(
            rules.INSECURE_TEMP_FILE,
            node,
            "tempfile.mktemp returns a name another process can create first; use mkstemp or NamedTemporaryFile",
        )

    def check_jinja_environment(self, node: ast.Call, qualified: str) -> None:
        autoescape = _keyword(node, "autoescape")
        if autoescape is None:
            if _has_keyword_unpacking(node) or node.args:
                return  # the setting may come from the unpacked options or the positional arguments
            self.report(
                rules.TEMPLATE_AUTOESCAPE_DISABLED,
                node,
                f"{qualified} created without autoescape, so HTML autoescaping is off",
                confidence=Confidence.LOW,
            )
        elif _falsy_constant(autoescape):
            self.report(
                rules.TEMPLATE_AUTOESCAPE_DISABLED,
                node,
                f"{qualified} created with autoescape={ast.unparse(autoescape)}: rendered values are not escaped",
            )


_PRIVATE_KEY_KIND = "private key block"
_SERVICE_ACCOUNT_KIND = "GCP service-account private key"

# Non-taint rules whose findings in a branch that can never run (after constant folding) are dropped.
_DEAD_CODE_AWARE_RULES = frozenset({rules.WEAK_HASH.id, rules.INSECURE_COOKIE.id, rules.WEAK_RANDOMNESS.id})

_COOKIE_SETTERS = frozenset({"set_cookie", "set_signed_cookie"})
# Positions in set_cookie(key, value, max_age, expires, path, domain, secure, httponly) of Werkzeug, Django, Starlette.
_COOKIE_FLAG_POSITIONS = {"secure": 6, "httponly": 7}
_COOKIE_FLAG_CONSEQUENCES = {"secure": "it also travels over plain HTTP", "httponly": "page scripts can read it"}
_COOKIE_FLAG_SETTINGS = {
    "SESSION_COOKIE_SECURE": "secure",
    "SESSION_COOKIE_HTTPONLY": "httponly",
    "CSRF_COOKIE_SECURE": "secure",
    "REMEMBER_COOKIE_SECURE": "secure",
    "REMEMBER_COOKIE_HTTPONLY": "httponly",
}
"""Settings whose False disables a flag of a cookie that carries a credential. CSRF_COOKIE_HTTPONLY = False is
Django's default on purpose (pages read the token), so it is not here."""
_SENSITIVE_COOKIE_WORDS = frozenset(
    {"session", "sess", "sid", "token", "auth", "jwt", "csrf", "xsrf", "remember", "login", "password", "secret"}
)
# Receivers whose set_cookie is a client-side cookie jar or a test client, not a response.
_CLIENT_SIDE_RECEIVERS = ("client", "jar", "cookies", "browser")


def _literal_value(node: ast.expr) -> object:
    """The value of a literal constant, else NO_CONSTANT (the judgment used before constant facts exist)."""
    return node.value if isinstance(node, ast.Constant) else NO_CONSTANT


def _cookie_flag_problem(
    flag: str,
    given: ast.expr | None,
    unpacked: list[tuple[ast.expr, object]],
    value_of: Callable[[ast.expr], object],
) -> str | None:
    """How a set_cookie call leaves `flag` off ("without secure=True", "with secure=False", ...), or None when it is
    on or its value is not known here (then it is taken as configured elsewhere, e.g. `secure=app.config[...]`)."""
    if given is not None:
        verdict = value_of(given)
        if verdict is NO_CONSTANT or verdict:
            return None
        shown = ast.unparse(given)
        return f"with {flag}={shown}" if isinstance(given, ast.Constant) else f"with {flag}={shown} ({verdict!r})"
    if any(not isinstance(value, ConstantDict) for _, value in unpacked):
        return None  # **options whose content is not known may set it
    for option, value in reversed(unpacked):  # the last dict that has the key wins
        assert isinstance(value, ConstantDict)
        found = value.get(flag)
        if found is not NO_CONSTANT:
            return None if found else f"with {flag}={found!r} in **{ast.unparse(option)}"
    return f"without {flag}=True"


def _cookie_flag_arguments(node: ast.Call, method: str) -> dict[str, ast.expr | None]:
    flags: dict[str, ast.expr | None] = {}
    for flag, position in _COOKIE_FLAG_POSITIONS.items():
        given = _keyword(node, flag)
        if given is None and method == "set_cookie" and len(node.args) > position:
            given = node.args[position]
        flags[flag] = given
    return flags


def _is_response_cookie_call(node: ast.Call) -> bool:
    if not isinstance(node.func, ast.Attribute) or any(isinstance(arg, ast.Starred) for arg in node.args):
        return False
    receiver = node.func.value
    receiver_name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
    if any(word in receiver_name.lower() for word in _CLIENT_SIDE_RECEIVERS):
        return False
    # http.cookiejar's CookieJar.set_cookie(cookie) takes one Cookie object; a response takes a name and a value.
    return len(node.args) + len(node.keywords) >= 2


def _cookie_looks_sensitive(name: str | None, value: ast.expr | None) -> bool:
    words = set(name_words(name)) if name is not None else set()
    if value is not None:
        holder = value.id if isinstance(value, ast.Name) else value.attr if isinstance(value, ast.Attribute) else ""
        words.update(name_words(holder))
    return bool(words & _SENSITIVE_COOKIE_WORDS)


def _start_of(node: ast.AST) -> ast.AST:
    """A stand-in node carrying only `node`'s start, so finding_from_rule skips ast.get_source_segment
    (see SecurityScanner._locate)."""
    line = getattr(node, "lineno", None)
    offset = getattr(node, "col_offset", None)
    if isinstance(line, int) and isinstance(offset, int):
        return ast.Pass(lineno=line, col_offset=offset)
    return node


def _column(encoded_line: bytes, byte_offset: int) -> int:
    """ast counts UTF-8 bytes; findings count code points from 1."""
    return len(encoded_line[:byte_offset].decode("utf-8", errors="ignore")) + 1


def _holder_name(target: ast.expr) -> str | None:
    """The name that will hold an assigned value: a variable, an attribute, or a constant subscript key."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        return _string_constant(target.slice)
    return None


def _display(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


CallCheck = Callable[[SecurityScanner, ast.Call, str], None]


def _table(names: Iterable[str], check: CallCheck) -> dict[str, CallCheck]:
    return dict.fromkeys(names, check)


_CALL_CHECKS: dict[str, CallCheck] = {
    **_table(_YAML_LOADERS_NEEDING_SAFE, SecurityScanner.check_yaml_load),
    **_table(_YAML_UNSAFE_CALLS, SecurityScanner.check_yaml_unsafe),
    **_table(_YAML_FULL_CALLS, SecurityScanner.check_yaml_full),
    **_table([*_WEAK_HASH_CONSTRUCTORS, "hashlib.new"], SecurityScanner.check_weak_hash),
    **_table(_HTTP_CLIENT_CALLS, SecurityScanner.check_http_client),
    **_table(_AIOHTTP_CONNECTORS, SecurityScanner.check_aiohttp_connector),
    **_table(_MKTEMP, SecurityScanner.check_mktemp),
    **_table(_JINJA_ENVIRONMENTS, SecurityScanner.check_jinja_environment),
}
"""Qualified callee name -> the check for it."""


def check_file(source: SourceFile) -> list[Finding] | Skipped:
    """The security findings of one file, or why it was skipped (it does not parse)."""
    tree = parse_python(source.path, source.text)
    if isinstance(tree, Skipped):
        tree = _parse_with_requoted_fstrings(source, tree)
        if isinstance(tree, Skipped):
            return tree
    return SecurityScanner(source).scan(tree)


def _parse_with_requoted_fstrings(source: SourceFile, skipped: Skipped) -> ast.Module | Skipped:
    """Python 3.12 f-strings that reuse their quote inside a field (`f'{x.get('a')}'`) do not parse on
    3.10/3.11: parse a copy requoted in place (same lines and columns), else keep the original skip."""
    if "f-string" not in skipped.reason:
        return skipped
    requoted = requote_nested_fstrings(source.text)
    if requoted is None:
        return skipped
    tree = parse_python(source.path, requoted)
    return skipped if isinstance(tree, Skipped) else tree
