"""Sinks that need more than "is this argument tainted?": shell flags and argv vectors, response content
types, unsafe XML parsers, template strings. Each handler returns True when it fully judged the call."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final

from agents.security.taint import constants as folding
from agents.security.taint import specs
from agents.security.taint.support import (
    CONTAINER_TAGS,
    CallArguments,
    disables_escaping,
    uncertain,
    unsafe_lxml_parser,
)
from agents.security.taint.values import CLEAN_VALUE, TAINTED, Value, join, join_all

if TYPE_CHECKING:
    from agents.security.taint.engine import Interpreter

SHELL_PROGRAMS: Final = frozenset(
    {
        "sh",
        "bash",
        "zsh",
        "dash",
        "ksh",
        "csh",
        "tcsh",
        "ash",
        "fish",
        "cmd",
        "cmd.exe",
        "powershell",
        "powershell.exe",
        "pwsh",
        "pwsh.exe",
    }
)
WINDOWS_COMMAND_FLAGS: Final = frozenset({"/c", "/k", "-command", "-c"})


def _special_compile(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    found = arguments.get(0, ("source",))
    if found is not None:
        self.report(specs.CODE, node, found[0], callee="compile", pattern="any", value_node=found[1], detail="compile")
    return True


def _special_evaluate(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    found = arguments.get(0, ("source",))
    if found is None:
        return True
    value, value_node = found
    detail = None
    if isinstance(value_node, ast.Call) and value_node.args:
        if self.qualified_callee(value_node.func) in ("compile", "builtins.compile"):
            # exec(compile(src, ...)) is one problem: reported once, here, judged by src.
            value_node, detail = value_node.args[0], "compiled"
    self.report(specs.CODE, node, value, callee=callee, pattern="any", value_node=value_node, detail=detail)
    return True


def _special_subprocess(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    found = arguments.get(0, ("args",))
    if found is None:
        return True
    command, command_node = found
    shell = arguments.keywords.get("shell")
    shell_on = shell is not None and folding.truth(shell.const)
    if shell_on is True:
        if command.elems is not None and command.elems:
            first_node = (
                command_node.elts[0] if isinstance(command_node, (ast.List, ast.Tuple)) and command_node.elts else None
            )
            self.report(
                specs.COMMAND,
                node,
                command.elems[0],
                callee=callee,
                pattern="any",
                value_node=first_node,
                detail="shell=True",
            )
        elif command.tag in ("list", "tuple") and command.elems is None:
            self.report(
                specs.COMMAND,
                node,
                command.element(),
                callee=callee,
                pattern="any",
                value_node=None,
                detail="shell=True",
            )
        else:
            self.report(
                specs.COMMAND, node, command, callee=callee, pattern="any", value_node=command_node, detail="shell=True"
            )
        return True
    if shell is not None and shell_on is None:
        # shell= given through a variable: only data known to come from a source is reported.
        head = command.elems[0] if command.elems else command
        if head.level == TAINTED:
            self.report(specs.COMMAND, node, uncertain(head), callee=callee, detail="shell=?")
        return True
    if command.elems is not None:
        _check_program_vector(self, list(command.elems), node, callee, program_node=None)
        return True
    if command.tag in ("list", "tuple") or command.rest is not None:
        element = command.element()
        if element.level == TAINTED:
            # A list of unknown shape built from data: the program itself may come from it.
            self.report(specs.COMMAND, node, uncertain(element), callee=callee, detail="program")
        return True
    if command.level == TAINTED:
        self.report(specs.COMMAND, node, command, callee=callee, detail="program")
    return True


def _check_program_vector(
    self: Interpreter, vector: list[Value], node: ast.Call, callee: str, *, program_node: ast.expr | None
) -> None:
    """argv-style [program, arg, ...]: a shell with -c runs its command argument; a program from data is reported."""
    if not vector:
        return
    program = vector[0]
    if program.level == TAINTED:
        self.report(specs.COMMAND, node, program, callee=callee, detail="program")
        return
    command = _shell_command(program, vector[1:])
    if command is not None:
        self.report(specs.COMMAND, node, command, callee=callee, pattern="any", detail="shell -c")


def _shell_command(program: Value, rest: list[Value]) -> Value | None:
    """The command argument of `sh -c <command>` (or `cmd /c`, `pwsh -Command`), else None."""
    programs = program.possible_constants()
    if not programs or not all(isinstance(choice, str) for choice in programs):
        return None
    names = {str(choice).replace("\\", "/").rsplit("/", 1)[-1].lower() for choice in programs}
    if not names <= SHELL_PROGRAMS:
        return None
    windows = any(name.startswith(("cmd", "powershell", "pwsh")) for name in names)
    previous = ""
    for index, argument in enumerate(rest):
        flags = argument.possible_constants()
        if not flags or not all(isinstance(flag, str) for flag in flags):
            previous = ""
            continue
        texts = [str(flag) for flag in flags]
        if all(_is_command_flag(flag, windows=windows) for flag in texts):
            return rest[index + 1] if index + 1 < len(rest) else None
        if not windows and any(not flag.startswith(("-", "+")) for flag in texts) and previous not in ("-o", "+o"):
            return None  # a script operand: later arguments belong to the script
        previous = texts[0]
    return None


def _is_command_flag(flag: str, *, windows: bool) -> bool:
    """-c (or combined short options with c, such as -ec), and /c or -Command for Windows shells."""
    if windows and flag.lower() in WINDOWS_COMMAND_FLAGS:
        return True
    body = flag[1:]
    return len(flag) >= 2 and flag[0] == "-" and flag[1] != "-" and body.isalpha() and "c" in body


def _special_spawn_list(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    operands = _spawn_operands(sink, arguments)
    if operands is not None:
        # (path, argv0, arg1, ...): argv0 is the program's own name, not an option.
        _check_program_vector(self, [operands[0], *operands[2:]], node, callee, program_node=None)
    return True


def _special_spawn_exec(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    _check_program_vector(self, list(arguments.positional), node, callee, program_node=None)
    return True


def _special_spawn_vector(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    operands = _spawn_operands(sink, arguments)
    if operands is None:
        return True
    program, argv = operands[0], operands[1]
    if argv.elems is not None:
        _check_program_vector(self, [program, *argv.elems[1:]], node, callee, program_node=None)
    elif program.level == TAINTED:
        self.report(specs.COMMAND, node, program, callee=callee, detail="program")
    return True


def _spawn_operands(sink: specs.Sink, arguments: CallArguments) -> Sequence[Value] | None:
    """The positional arguments from the program path on (after a spawn mode), or None without the two a spawn
    needs: the path and the argv0 or argv after it."""
    values = arguments.positional
    start = sink.arguments[0].position or 0
    return values[start:] if len(values) >= start + 2 else None


def _special_torch_load(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    weights_only = arguments.keywords.get("weights_only")
    return weights_only is not None and folding.truth(weights_only.const) is True


def _special_numpy_load(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    allow = arguments.keywords.get("allow_pickle")
    return allow is None or folding.truth(allow.const) is not True


def _special_response_body(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    for name in ("mimetype", "content_type"):
        kind = arguments.keywords.get(name)
        if kind is not None and isinstance(kind.const, str) and "html" not in kind.const.lower():
            return True
    found = arguments.get(0, sink.arguments[0].keywords)
    if found is None:
        return True
    value, _ = found
    headers = [*arguments.positional[1:], *([arguments.keywords["headers"]] if "headers" in arguments.keywords else [])]
    if value.tag == "tuple" and value.elems:
        headers.extend(value.elems[1:])
        value = value.elems[0]
    if value.tag in CONTAINER_TAGS or value.tag == "response" or any(declares_non_html(item) for item in headers):
        return True
    self.report(specs.XSS, node, value, callee=callee)
    return True


def declares_non_html(headers: Value) -> bool:
    """A headers dict whose Content-Type is a constant other than HTML (JSON, plain text)."""
    if headers.entries is None:
        return False
    for key, value in headers.entries.items():
        if isinstance(key, str) and key.lower() == "content-type" and isinstance(value.const, str):
            return "html" not in value.const.lower()
    return False


def _special_aiohttp_response(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    kind = arguments.keywords.get("content_type")
    if kind is None or not isinstance(kind.const, str) or "html" not in kind.const.lower():
        return True
    return False


def _special_template_string(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    found = arguments.get(0, ("source",))
    if found is None:
        return True
    template, template_node = found
    self.report(specs.SSTI, node, template, callee=callee, pattern="any", value_node=template_node)
    if isinstance(template.const, str) and disables_escaping(template.const):
        context = join_all(list(arguments.keywords.values())) if arguments.keywords else CLEAN_VALUE
        self.report(specs.XSS, node, context, callee=f"{callee} (|safe or autoescape off)")
    return True


def _special_ldap_search(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    # re.search and friends are resolved before this; a one-argument search() is not an LDAP query.
    return len(arguments.positional) + len(arguments.keywords) < 2


def _special_django_extra(
    self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call
) -> bool:
    # extra(select, where, params, tables, order_by, select_params): params are bound, the rest is SQL text.
    given = [*arguments.positional[:2], *arguments.positional[3:5]]
    given.extend(
        value for name, value in arguments.keywords.items() if name in ("where", "select", "tables", "order_by")
    )
    for value in given:
        self.report(specs.SQL, node, join(value, value.element()), callee=callee)
    return True


def _dom_parse(self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call) -> bool:
    """minidom/pulldom: XXE only with a sax parser that has external entities turned on."""
    parser = arguments.get(1, ("parser",))
    if parser is None or parser[0].tag != "sax-parser-unsafe":
        return True
    found = arguments.get(0, sink.arguments[0].keywords)
    if found is not None:
        self.report(specs.XXE, node, found[0], callee=callee, pattern="any", value_node=found[1])
    return True


def _lxml_parse(self: Interpreter, sink: specs.Sink, callee: str, arguments: CallArguments, node: ast.Call) -> bool:
    """lxml parse functions: XXE only with a parser the engine saw created unsafe."""
    parser = arguments.get(1, ("parser",))
    unsafe_parser = parser is not None and parser[0].tag == "lxml-parser-unsafe"
    found = arguments.get(0, sink.arguments[0].keywords)
    if found is None:
        return True
    if unsafe_parser or unsafe_lxml_parser(arguments):
        self.report(specs.XXE, node, found[0], callee=callee, pattern="any", value_node=found[1])
    elif parser is None:
        # lxml before 5.0 resolved external entities by default; 5.0 and later do not: the version decides.
        self.report(specs.XXE, node, found[0], callee=callee, value_node=found[1], at_most="low", detail="default")
    return True


SPECIAL_SINKS: Final[dict[str, Callable[[Interpreter, specs.Sink, str, CallArguments, ast.Call], bool]]] = {
    "compile": _special_compile,
    "evaluate": _special_evaluate,
    "subprocess": _special_subprocess,
    "spawn-list": _special_spawn_list,
    "spawn-exec": _special_spawn_exec,
    "spawn-vector": _special_spawn_vector,
    "torch-load": _special_torch_load,
    "numpy-load": _special_numpy_load,
    "response-body": _special_response_body,
    "aiohttp-response": _special_aiohttp_response,
    "template-string": _special_template_string,
    "ldap-search": _special_ldap_search,
    "django-extra": _special_django_extra,
    "lxml-parse": _lxml_parse,
    "dom-parse": _dom_parse,
}
