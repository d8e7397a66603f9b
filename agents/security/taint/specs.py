"""What the taint engine knows about libraries, as data: sources, sinks, sanitisers and propagators.

Names are qualified through the file's imports (`from flask import request as r` makes `r`
"flask.request"), so every table is keyed by qualified dotted names, by method names for
receivers whose type the engine cannot know (`cursor.execute`), or by the kind ("tag") of a
receiver the engine tracked (`Path(x).read_text()`, a sax parser with external entities on).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Final

# ---------------------------------------------------------------------------
# Sink kinds. Each maps to one rule (agents/security/rules.py) and is also the name a sanitiser
# clears ("xss" after html.escape).

CODE: Final = "code"
COMMAND: Final = "command"
SQL: Final = "sql"
PATH: Final = "path"
XSS: Final = "xss"
REDIRECT: Final = "redirect"
LDAP: Final = "ldap"
XPATH: Final = "xpath"
XXE: Final = "xxe"
DESERIALIZATION: Final = "deserialization"
TRUST_BOUNDARY: Final = "trust-boundary"
SSRF: Final = "ssrf"
SSTI: Final = "ssti"

INJECTION_KINDS: Final = frozenset({CODE, COMMAND, SQL, XSS, LDAP, XPATH, SSTI})
ALL_KINDS: Final = frozenset(
    {CODE, COMMAND, SQL, PATH, XSS, REDIRECT, LDAP, XPATH, XXE, DESERIALIZATION, TRUST_BOUNDARY, SSRF, SSTI}
)

KIND_LABELS: Final[dict[str, str]] = {
    CODE: "code evaluation",
    COMMAND: "command execution",
    SQL: "SQL query",
    PATH: "file path",
    XSS: "HTML response",
    REDIRECT: "redirect target",
    LDAP: "LDAP query",
    XPATH: "XPath query",
    XXE: "XML parser with external entities",
    DESERIALIZATION: "deserialisation",
    TRUST_BOUNDARY: "session",
    SSRF: "outgoing request",
    SSTI: "template source",
}


@dataclass(frozen=True)
class Argument:
    """An argument a sink checks: by position, or by one of its keyword names."""

    position: int | None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sink:
    kind: str
    arguments: tuple[Argument, ...]
    pattern: str | None = None
    """When an argument of unknown origin (neither constant nor traced to a source) is reported with
    low confidence: None never, "any" whenever it is not constant, "built" only when it is visibly
    built at the call (an f-string, %, .format() or + with a non-constant part)."""
    special: str | None = None
    """The engine's extra logic for the call (shell flag, unsafe parser, ...; sinks.py), or a marker the
    engine reads ("jinja-template", "render-unescaped")."""


def _arg(position: int | None, *keywords: str) -> Argument:
    return Argument(position, keywords)


def _sink(kind: str, *arguments: Argument, pattern: str | None = None, special: str | None = None) -> Sink:
    return Sink(kind, arguments, pattern, special)


def _each(names: list[str] | tuple[str, ...], sink: Sink) -> dict[str, Sink]:
    return dict.fromkeys(names, sink)


_BUILTIN_PREFIXES: Final = ("", "builtins.")

_PICKLE_MODULES: Final = ("pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib")
_HTTP_VERBS: Final = ("get", "post", "put", "patch", "delete", "head", "options")
_SUBPROCESS_CALLS: Final = ("run", "call", "check_call", "check_output", "Popen")
_OS_PATH_OPERATIONS: Final = (
    "remove",
    "unlink",
    "rmdir",
    "removedirs",
    "mkdir",
    "makedirs",
    "listdir",
    "scandir",
    "walk",
    "chmod",
    "chown",
    "lchown",
    "truncate",
    "utime",
    "readlink",
    "chdir",
    "mkfifo",
)
_SHUTIL_OPERATIONS: Final = ("copy", "copy2", "copyfile", "copytree", "move", "rmtree", "copymode", "copystat")

FUNCTION_SINKS: Final[dict[str, Sink]] = {
    # Code injection (CWE-94/95).
    **{
        f"{prefix}{name}": _sink(CODE, _arg(0, "source"), pattern="any", special="evaluate")
        for prefix in _BUILTIN_PREFIXES
        for name in ("eval", "exec")
    },
    **{
        f"{prefix}compile": _sink(CODE, _arg(0, "source"), pattern="any", special="compile")
        for prefix in _BUILTIN_PREFIXES
    },
    **{f"{prefix}__import__": _sink(CODE, _arg(0, "name")) for prefix in _BUILTIN_PREFIXES},
    "importlib.import_module": _sink(CODE, _arg(0, "name")),
    # Command injection (CWE-78).
    "os.system": _sink(COMMAND, _arg(0, "command"), pattern="any"),
    "os.popen": _sink(COMMAND, _arg(0, "cmd"), pattern="any"),
    "subprocess.getoutput": _sink(COMMAND, _arg(0, "cmd"), pattern="any"),
    "subprocess.getstatusoutput": _sink(COMMAND, _arg(0, "cmd"), pattern="any"),
    "asyncio.create_subprocess_shell": _sink(COMMAND, _arg(0, "cmd"), pattern="any"),
    "asyncio.subprocess.create_subprocess_shell": _sink(COMMAND, _arg(0, "cmd"), pattern="any"),
    **{
        f"subprocess.{name}": _sink(COMMAND, _arg(0, "args"), pattern="any", special="subprocess")
        for name in _SUBPROCESS_CALLS
    },
    **{
        f"os.spawn{suffix}": _sink(COMMAND, _arg(1), pattern="any", special="spawn-list")
        for suffix in ("l", "le", "lp", "lpe")
    },
    **{
        f"os.exec{suffix}": _sink(COMMAND, _arg(0), pattern="any", special="spawn-list")
        for suffix in ("l", "le", "lp", "lpe")
    },
    **{
        f"os.spawn{suffix}": _sink(COMMAND, _arg(1), pattern="any", special="spawn-vector")
        for suffix in ("v", "ve", "vp", "vpe")
    },
    **{
        f"os.exec{suffix}": _sink(COMMAND, _arg(0), pattern="any", special="spawn-vector")
        for suffix in ("v", "ve", "vp", "vpe")
    },
    "os.posix_spawn": _sink(COMMAND, _arg(0), pattern="any", special="spawn-vector"),
    "os.posix_spawnp": _sink(COMMAND, _arg(0), pattern="any", special="spawn-vector"),
    "asyncio.create_subprocess_exec": _sink(COMMAND, _arg(0), pattern="any", special="spawn-exec"),
    "asyncio.subprocess.create_subprocess_exec": _sink(COMMAND, _arg(0), pattern="any", special="spawn-exec"),
    # Deserialisation (CWE-502).
    **{
        f"{module}.loads": _sink(DESERIALIZATION, _arg(0, "data", "s", "string"), pattern="any")
        for module in (*_PICKLE_MODULES, "marshal")
    },
    **{
        f"{module}.load": _sink(DESERIALIZATION, _arg(0, "file", "filename"), pattern="any")
        for module in (*_PICKLE_MODULES, "marshal")
    },
    **{
        f"{module}.Unpickler": _sink(DESERIALIZATION, _arg(0, "file"), pattern="any")
        for module in ("pickle", "cPickle", "_pickle", "dill", "cloudpickle")
    },
    "shelve.open": _sink(DESERIALIZATION, _arg(0, "filename"), pattern="any"),
    "shelve.DbfilenameShelf": _sink(DESERIALIZATION, _arg(0, "filename"), pattern="any"),
    "pandas.read_pickle": _sink(DESERIALIZATION, _arg(0, "filepath_or_buffer"), pattern="any"),
    "jsonpickle.decode": _sink(DESERIALIZATION, _arg(0, "string"), pattern="any"),
    "jsonpickle.loads": _sink(DESERIALIZATION, _arg(0, "string"), pattern="any"),
    "torch.load": _sink(DESERIALIZATION, _arg(0, "f"), pattern="any", special="torch-load"),
    "numpy.load": _sink(DESERIALIZATION, _arg(0, "file"), pattern="any", special="numpy-load"),
    # SQL injection (CWE-89).
    **_each(
        ["sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"],
        _sink(SQL, _arg(0, "text"), pattern="built"),
    ),
    **_each(
        ["django.db.models.expressions.RawSQL", "django.db.models.RawSQL"],
        _sink(SQL, _arg(0, "sql"), pattern="built"),
    ),
    **_each(
        ["pandas.read_sql", "pandas.read_sql_query", "pandas.io.sql.read_sql", "pandas.io.sql.read_sql_query"],
        _sink(SQL, _arg(0, "sql"), pattern="built"),
    ),
    # Path traversal (CWE-22).
    **{f"{prefix}open": _sink(PATH, _arg(0, "file")) for prefix in _BUILTIN_PREFIXES},
    "io.open": _sink(PATH, _arg(0, "file")),
    "codecs.open": _sink(PATH, _arg(0, "filename")),
    "os.open": _sink(PATH, _arg(0, "path")),
    **{f"os.{name}": _sink(PATH, _arg(0, "path", "top", "name")) for name in _OS_PATH_OPERATIONS},
    **_each(
        ["os.rename", "os.renames", "os.replace", "os.symlink", "os.link"], _sink(PATH, _arg(0, "src"), _arg(1, "dst"))
    ),
    **{f"shutil.{name}": _sink(PATH, _arg(0, "src", "path"), _arg(1, "dst")) for name in _SHUTIL_OPERATIONS},
    "shutil.unpack_archive": _sink(PATH, _arg(0, "filename"), _arg(1, "extract_dir")),
    "tarfile.open": _sink(PATH, _arg(0, "name")),
    "zipfile.ZipFile": _sink(PATH, _arg(0, "file")),
    **_each(["flask.send_file", "werkzeug.utils.send_file"], _sink(PATH, _arg(0, "path_or_file", "filename_or_fp"))),
    **_each(
        ["flask.send_from_directory", "werkzeug.utils.send_from_directory"],
        _sink(PATH, _arg(0, "directory")),
    ),
    **_each(
        ["starlette.responses.FileResponse", "fastapi.responses.FileResponse", "aiohttp.web.FileResponse"],
        _sink(PATH, _arg(0, "path")),
    ),
    # Cross-site scripting (CWE-79).
    **_each(["flask.make_response", "quart.make_response"], _sink(XSS, _arg(0), special="response-body")),
    **_each(
        ["flask.Response", "flask.wrappers.Response", "werkzeug.Response", "werkzeug.wrappers.Response"],
        _sink(XSS, _arg(0, "response"), special="response-body"),
    ),
    **_each(
        ["django.http.HttpResponse", "django.http.response.HttpResponse"],
        _sink(XSS, _arg(0, "content"), special="response-body"),
    ),
    **_each(
        ["starlette.responses.HTMLResponse", "fastapi.responses.HTMLResponse"],
        _sink(XSS, _arg(0, "content")),
    ),
    **_each(
        ["markupsafe.Markup", "flask.Markup", "jinja2.Markup", "django.utils.safestring.mark_safe"],
        _sink(XSS, _arg(0)),
    ),
    "django.utils.safestring.SafeString": _sink(XSS, _arg(0)),
    "django.utils.html.format_html": _sink(XSS, _arg(0, "format_string")),
    "aiohttp.web.Response": _sink(XSS, _arg(None, "text", "body"), special="aiohttp-response"),
    # Server-side template injection (CWE-1336); render_template_string is also checked for |safe.
    **_each(
        ["flask.render_template_string", "quart.render_template_string"],
        _sink(SSTI, _arg(0, "source"), pattern="any", special="template-string"),
    ),
    **_each(
        ["jinja2.Template", "jinja2.environment.Template"],
        _sink(SSTI, _arg(0, "source"), pattern="built", special="jinja-template"),
    ),
    **_each(
        ["django.template.Template", "mako.template.Template", "tornado.template.Template"],
        _sink(SSTI, _arg(0, "template_string", "text"), pattern="built"),
    ),
    # Open redirect (CWE-601).
    **_each(["flask.redirect", "werkzeug.utils.redirect", "quart.redirect"], _sink(REDIRECT, _arg(0, "location"))),
    "django.shortcuts.redirect": _sink(REDIRECT, _arg(0, "to")),
    **_each(
        [
            "django.http.HttpResponseRedirect",
            "django.http.HttpResponsePermanentRedirect",
            "django.http.response.HttpResponseRedirect",
            "django.http.response.HttpResponsePermanentRedirect",
        ],
        _sink(REDIRECT, _arg(0, "redirect_to")),
    ),
    **_each(
        ["starlette.responses.RedirectResponse", "fastapi.responses.RedirectResponse"],
        _sink(REDIRECT, _arg(0, "url")),
    ),
    **{
        f"aiohttp.web.{name}": _sink(REDIRECT, _arg(0, "location"))
        for name in (
            "HTTPFound",
            "HTTPSeeOther",
            "HTTPMovedPermanently",
            "HTTPTemporaryRedirect",
            "HTTPPermanentRedirect",
        )
    },
    # ldap3 connections bind with the DN given as user.
    "ldap3.Connection": _sink(LDAP, _arg(1, "user")),
    # XPath injection (CWE-643).
    **_each(["lxml.etree.XPath", "lxml.etree.ETXPath"], _sink(XPATH, _arg(0, "path"))),
    **_each(["elementpath.select", "elementpath.iter_select"], _sink(XPATH, _arg(1, "path"))),
    "elementpath.Selector": _sink(XPATH, _arg(0, "path")),
    # XML external entities (CWE-611): only with a parser the engine saw made unsafe.
    **_each(
        ["lxml.etree.fromstring", "lxml.etree.XML", "lxml.etree.parse", "lxml.etree.iterparse"],
        _sink(XXE, _arg(0, "text", "source"), special="lxml-parse"),
    ),
    **_each(
        [
            "xml.dom.minidom.parse",
            "xml.dom.minidom.parseString",
            "xml.dom.pulldom.parse",
            "xml.dom.pulldom.parseString",
        ],
        _sink(XXE, _arg(0, "file", "string", "stream_or_string"), special="dom-parse"),
    ),
    # Server-side request forgery (CWE-918).
    **{
        f"{module}.{verb}": _sink(SSRF, _arg(0, "url"))
        for module in ("requests", "requests.api", "httpx")
        for verb in _HTTP_VERBS
    },
    **_each(["requests.request", "requests.api.request", "httpx.request", "httpx.stream"], _sink(SSRF, _arg(1, "url"))),
    **_each(["urllib.request.urlopen", "urllib.request.urlretrieve"], _sink(SSRF, _arg(0, "url"))),
    "urllib3.request": _sink(SSRF, _arg(1, "url")),
    "aiohttp.request": _sink(SSRF, _arg(1, "url")),
    **_each(["http.client.HTTPConnection", "http.client.HTTPSConnection"], _sink(SSRF, _arg(0, "host"))),
}
"""Qualified function -> sink."""

METHOD_SINKS: Final[dict[str, Sink]] = {
    # DB-API cursors and connections, SQLAlchemy sessions and connections.
    **_each(
        ["execute", "executemany", "executescript"],
        _sink(SQL, _arg(0, "sql", "query", "operation", "statement", "sql_script"), pattern="built"),
    ),
    # asyncpg connections and pools; peewee databases.
    **_each(
        ["fetch", "fetchrow", "fetchval", "prepare"],
        _sink(SQL, _arg(0, "query"), pattern="built"),
    ),
    "execute_sql": _sink(SQL, _arg(0, "sql"), pattern="built"),
    # Django managers and querysets.
    "raw": _sink(SQL, _arg(0, "raw_query"), pattern="built"),
    "extra": _sink(SQL, _arg(None, "where", "select", "tables", "order_by"), special="django-extra"),
    # lxml elements and trees; libxml2 documents and contexts.
    "xpath": _sink(XPATH, _arg(0, "_path")),
    "xpathEval": _sink(XPATH, _arg(0, "expr")),
    # python-ldap (base, scope, filterstr) and ldap3 (search_base, search_filter): check all three.
    **_each(
        ["search_s", "search_st", "search_ext", "search_ext_s"],
        _sink(LDAP, _arg(0, "base"), _arg(2, "filterstr")),
    ),
    "paged_search": _sink(LDAP, _arg(0, "search_base"), _arg(1, "search_filter")),
    "search": _sink(
        LDAP,
        _arg(0, "base", "search_base"),
        _arg(1, "search_filter"),
        _arg(2, "filterstr"),
        special="ldap-search",
    ),
    # Jinja2 Environment.from_string and Django Engine.from_string compile a template.
    "from_string": _sink(SSTI, _arg(0, "source", "template_code"), pattern="built"),
    # python-ldap binds: the DN is parsed like a filter.
    **_each(["simple_bind_s", "simple_bind", "bind_s"], _sink(LDAP, _arg(0, "who"))),
    # paramiko SSH clients run a remote shell command.
    "exec_command": _sink(COMMAND, _arg(0, "command")),
}
"""Method name -> sink, for receivers whose type is not tracked."""

TAGGED_METHOD_SINKS: Final[dict[tuple[str, str], Sink]] = {
    **{
        ("path-object", name): _sink(PATH, _arg(None))
        for name in (
            "open",
            "read_text",
            "read_bytes",
            "write_text",
            "write_bytes",
            "unlink",
            "mkdir",
            "rmdir",
            "touch",
            "iterdir",
            "chmod",
            "rename",
            "replace",
            "symlink_to",
            "hardlink_to",
            "glob",
            "rglob",
        )
    },
    **{
        ("xml-tree", name): _sink(XPATH, _arg(0, "path", "match"))
        for name in ("find", "findall", "iterfind", "findtext")
    },
    ("xpath-evaluator", "evaluate"): _sink(XPATH, _arg(0, "_eval_arg")),
    **{("http-client", verb): _sink(SSRF, _arg(0, "url")) for verb in (*_HTTP_VERBS, "ws_connect")},
    **{("http-client", name): _sink(SSRF, _arg(1, "url")) for name in ("request", "stream", "urlopen")},
    ("url-opener", "open"): _sink(SSRF, _arg(0, "fullurl")),
    **{("sax-parser-unsafe", name): _sink(XXE, _arg(0, "source", "data")) for name in ("parse", "feed")},
    **{("lxml-parser-unsafe", name): _sink(XXE, _arg(0, "data")) for name in ("feed",)},
    **{("session", name): _sink(TRUST_BOUNDARY, _arg(None)) for name in ("update", "setdefault", "__setitem__")},
    ("response", "set_data"): _sink(XSS, _arg(0, "value")),
    ("response", "write"): _sink(XSS, _arg(0, "content")),
    ("jinja-template-noescape", "render"): _sink(XSS, _arg(None), special="render-unescaped"),
    ("tornado-handler", "redirect"): _sink(REDIRECT, _arg(0, "url")),
    ("tornado-handler", "write"): _sink(XSS, _arg(0, "chunk")),
}
"""(receiver tag, method name) -> sink."""

# Method sinks that only count when the file imports one of these modules (the name alone is too common).
METHOD_SINK_IMPORTS: Final[dict[str, tuple[str, ...]]] = {
    "search": ("ldap", "ldap3"),
    "paged_search": ("ldap3",),
    "search_s": ("ldap", "ldap3"),
    "search_st": ("ldap", "ldap3"),
    "search_ext": ("ldap", "ldap3"),
    "search_ext_s": ("ldap", "ldap3"),
    "raw": ("django",),
    "fetch": ("asyncpg",),
    "fetchrow": ("asyncpg",),
    "fetchval": ("asyncpg",),
    "prepare": ("asyncpg",),
    "extra": ("django",),
    "from_string": ("jinja2", "flask", "quart", "django"),
    "simple_bind_s": ("ldap",),
    "simple_bind": ("ldap",),
    "bind_s": ("ldap",),
    "exec_command": ("paramiko",),
}

# ---------------------------------------------------------------------------
# Sources.

SOURCE_ATTRIBUTES: Final[dict[str, str]] = {
    "sys.argv": "sys.argv (command line)",
    "sys.orig_argv": "sys.argv (command line)",
    "os.environ": "os.environ (environment)",
    "os.environb": "os.environ (environment)",
}
"""Qualified names whose value is attacker-controlled data."""

INPUT_STREAMS: Final = frozenset({"sys.stdin", "sys.stdin.buffer"})
"""Streams whose reads (read, readline, iteration) return data the user typed or piped in."""

SOURCE_CALLS: Final[dict[str, str]] = {
    "input": "input() (standard input)",
    "builtins.input": "input() (standard input)",
    "raw_input": "raw_input() (standard input)",
    "os.getenv": "os.getenv() (environment)",
    "os.getenvb": "os.getenv() (environment)",
    "fileinput.input": "fileinput.input() (standard input or named files)",
}
"""Qualified calls that return attacker-controlled data."""

REQUEST_GLOBALS: Final = frozenset(
    {"flask.request", "flask.globals.request", "quart.request", "bottle.request", "werkzeug.local.request"}
)
"""Module-level request objects (Flask-style frameworks)."""

SESSION_GLOBALS: Final = frozenset({"flask.session", "flask.globals.session", "quart.session"})

REQUEST_DATA_ATTRIBUTES: Final = frozenset(
    {
        # Flask / Werkzeug / Quart / Bottle
        "args",
        "form",
        "values",
        "cookies",
        "headers",
        "json",
        "data",
        "files",
        "path",
        "full_path",
        "url",
        "base_url",
        "url_root",
        "host_url",
        "query_string",
        "stream",
        "environ",
        "view_args",
        "referrer",
        "user_agent",
        "authorization",
        "input_stream",
        "host",
        "remote_user",
        "mimetype_params",
        "accept_languages",
        "params",
        "query",
        "forms",
        "body",
        # Django / Django REST framework
        "GET",
        "POST",
        "COOKIES",
        "META",
        "FILES",
        "path_info",
        "query_params",
        "content_params",
        # aiohttp / Starlette / FastAPI
        "match_info",
        "rel_url",
        "raw_path",
        "path_params",
        "content",
        # Tornado (self.request)
        "arguments",
        "query_arguments",
        "body_arguments",
        "uri",
    }
)
"""Attributes of any HTTP request object that hold client data."""

REQUEST_DATA_METHODS: Final = frozenset(
    {
        "get_json",
        "get_data",
        "json",
        "form",
        "body",
        "text",
        "read",
        "readline",
        "readlines",
        "post",
        "multipart",
        "stream",
        "get_full_path",
        "get_full_path_info",
        "build_absolute_uri",
        "get_raw_uri",
    }
)
"""Methods of any HTTP request object that return client data."""

TORNADO_ARGUMENT_METHODS: Final = frozenset(
    {
        "get_argument",
        "get_arguments",
        "get_query_argument",
        "get_query_arguments",
        "get_body_argument",
        "get_body_arguments",
        "get_cookie",
        "decode_argument",
    }
)

FRAMEWORK_MODULES: Final = frozenset(
    {
        "flask",
        "werkzeug",
        "quart",
        "django",
        "rest_framework",
        "fastapi",
        "starlette",
        "aiohttp",
        "tornado",
        "sanic",
        "pyramid",
        "falcon",
        "bottle",
        "litestar",
    }
)
"""Importing one of these makes parameters named `request` HTTP requests."""

ROUTE_DECORATORS: Final = frozenset(
    {"route", "get", "post", "put", "delete", "patch", "head", "options", "api_route", "websocket", "view_config"}
)
"""Decorator methods that register a view whose parameters come from the request (`@app.route(...)`)."""

REQUEST_PARAMETER_NAMES: Final = frozenset({"request", "req"})
REQUEST_ANNOTATIONS: Final = frozenset(
    {"Request", "HttpRequest", "WSGIRequest", "ASGIRequest", "BaseRequest", "HTTPConnection", "WebSocket"}
)
SAFE_PARAMETER_ANNOTATIONS: Final = frozenset(
    {
        "int",
        "float",
        "bool",
        "complex",
        "UUID",
        "datetime",
        "date",
        "time",
        "timedelta",
        "Decimal",
        "PositiveInt",
        "NegativeInt",
        "NonNegativeInt",
        "StrictInt",
        "StrictFloat",
        "StrictBool",
        "IPv4Address",
        "IPv6Address",
    }
)
"""Annotations of route parameters that the framework converts (and so validates) before the view runs."""

SAFE_ROUTE_CONVERTERS: Final = frozenset({"int", "float", "uuid"})
"""Flask/Werkzeug URL converters whose values cannot carry text (`<int:item_id>`)."""

# ---------------------------------------------------------------------------
# Sanitisers, cleansers and propagators.

CLEANSING_CALLS: Final = frozenset(
    {
        *(
            f"{prefix}{name}"
            for prefix in _BUILTIN_PREFIXES
            for name in (
                "int",
                "float",
                "bool",
                "complex",
                "len",
                "abs",
                "round",
                "ord",
                "hash",
                "id",
                "isinstance",
                "issubclass",
                "callable",
                "hasattr",
                "type",
                "bin",
                "oct",
                "divmod",
                "pow",
                "any",
                "all",
            )
        ),
        "uuid.UUID",
        "decimal.Decimal",
        "fractions.Fraction",
        "ipaddress.ip_address",
        "ipaddress.ip_network",
        "ipaddress.ip_interface",
        "ipaddress.IPv4Address",
        "ipaddress.IPv6Address",
        "os.path.exists",
        "os.path.isfile",
        "os.path.isdir",
        "os.path.islink",
        "os.path.isabs",
        "os.path.getsize",
        "os.path.getmtime",
        "os.path.getatime",
        "os.path.getctime",
        "os.path.samefile",
        "os.access",
        "os.getpid",
        "shutil.which",
        "secrets.compare_digest",
        "hmac.compare_digest",
        "flask.url_for",
        "flask.jsonify",
        "flask.render_template",
        "quart.render_template",
        "django.shortcuts.render",
        "django.urls.reverse",
        "django.http.JsonResponse",
        "starlette.responses.JSONResponse",
        "fastapi.responses.JSONResponse",
        "flask.abort",
    }
)
"""Calls whose result carries none of the argument's content (numbers, booleans, hashes, JSON responses)."""

CLEANSING_MODULES: Final = frozenset(
    {"hashlib", "hmac", "secrets", "random", "time", "math", "uuid", "datetime", "statistics", "zlib", "struct"}
)
"""Modules whose functions return data that does not carry the argument's text (digests, numbers, dates)."""

SANITIZERS: Final[dict[str, frozenset[str]]] = {
    **dict.fromkeys(
        [
            "html.escape",
            "markupsafe.escape",
            "markupsafe.escape_silent",
            "flask.escape",
            "jinja2.escape",
            "werkzeug.utils.escape",
            "cgi.escape",
            "xml.sax.saxutils.escape",
            "xml.sax.saxutils.quoteattr",
            "bleach.clean",
            "nh3.clean",
            "django.utils.html.escape",
            "django.utils.html.conditional_escape",
            "django.utils.html.escapejs",
            "django.utils.html.format_html",
        ],
        # Escaped text has no markup left: not HTML to run, not XML with entity declarations either.
        frozenset({XSS, XXE}),
    ),
    **dict.fromkeys(["shlex.quote", "pipes.quote", "shlex.join"], frozenset({COMMAND})),
    **dict.fromkeys(
        [
            "os.path.basename",
            "posixpath.basename",
            "ntpath.basename",
            "werkzeug.utils.secure_filename",
            "werkzeug.secure_filename",
            "pathvalidate.sanitize_filename",
            "django.utils.text.get_valid_filename",
            "werkzeug.security.safe_join",
            "werkzeug.utils.safe_join",
            "flask.safe_join",
            "django.utils._os.safe_join",
        ],
        frozenset({PATH}),
    ),
    **dict.fromkeys(
        [
            "ldap.filter.escape_filter_chars",
            "ldap.filter.filter_format",
            "ldap.dn.escape_dn_chars",
            "ldap3.utils.conv.escape_filter_chars",
            "ldap3.utils.dn.escape_rdn",
        ],
        frozenset({LDAP}),
    ),
    **dict.fromkeys(
        [
            "psycopg2.extensions.quote_ident",
            "psycopg2.sql.Identifier",
            "psycopg2.sql.Literal",
            "pymysql.converters.escape_string",
            "MySQLdb.escape_string",
            "sqlalchemy.bindparam",
            "sqlalchemy.literal",
        ],
        frozenset({SQL}),
    ),
    # Percent-encoding leaves only [A-Za-z0-9_.~-] and "/" (and "%"): no markup, quotes or shell syntax.
    **dict.fromkeys(
        ["urllib.parse.quote", "urllib.parse.quote_plus", "urllib.parse.urlencode"],
        frozenset({XSS, SQL, COMMAND, LDAP, XPATH, CODE, SSTI}),
    ),
    **dict.fromkeys(
        ["base64.b64encode", "base64.urlsafe_b64encode", "base64.b32encode", "base64.b16encode", "binascii.hexlify"],
        frozenset({XSS, SQL, COMMAND, LDAP, XPATH, CODE, SSTI}),
    ),
}
"""Qualified call -> sink kinds its result is safe for."""

DECODERS: Final = frozenset(
    {
        "base64.b64decode",
        "base64.urlsafe_b64decode",
        "base64.b32decode",
        "base64.b16decode",
        "base64.decodebytes",
        "binascii.unhexlify",
        "binascii.a2b_base64",
        "binascii.a2b_hex",
        "urllib.parse.unquote",
        "urllib.parse.unquote_plus",
        "urllib.parse.unquote_to_bytes",
        "urllib.parse.parse_qs",
        "urllib.parse.parse_qsl",
        "html.unescape",
        "codecs.decode",
        "json.loads",
        "json.load",
    }
)
"""Calls that undo an encoding, so what an encoder made safe is dangerous again."""

NORMALISERS: Final = frozenset(
    {
        f"{module}.{name}"
        for module in ("os.path", "posixpath", "ntpath")
        for name in ("realpath", "abspath", "normpath")
    }
)
"""Calls whose result is a normalised path (no `..` left): half of a containment check."""

PATH_CONSTRUCTORS: Final = frozenset(
    {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath", "pathlib.PurePosixPath"}
)
URL_PARSERS: Final = frozenset({"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse"})
REDIRECT_CHECKS: Final = frozenset(
    {
        "django.utils.http.url_has_allowed_host_and_scheme",
        "django.utils.http.is_safe_url",
    }
)
"""Predicates that, when true, make their first argument a safe redirect target."""

CONFIG_PARSERS: Final = frozenset(
    {"configparser.ConfigParser", "configparser.RawConfigParser", "configparser.SafeConfigParser"}
)
HTTP_CLIENT_FACTORIES: Final = frozenset(
    {
        "requests.Session",
        "requests.session",
        "requests.sessions.Session",
        "httpx.Client",
        "httpx.AsyncClient",
        "aiohttp.ClientSession",
        "urllib3.PoolManager",
        "urllib3.ProxyManager",
    }
)
URL_OPENER_FACTORIES: Final = frozenset({"urllib.request.build_opener"})
XML_TREE_FACTORIES: Final = frozenset(
    {
        "xml.etree.ElementTree.parse",
        "xml.etree.ElementTree.fromstring",
        "xml.etree.ElementTree.XML",
        "xml.etree.ElementTree.ElementTree",
        "xml.etree.cElementTree.parse",
        "xml.etree.cElementTree.fromstring",
        "lxml.etree.parse",
        "lxml.etree.fromstring",
        "lxml.etree.XML",
        "lxml.etree.ElementTree",
        "lxml.html.fromstring",
        "lxml.html.parse",
        "defusedxml.ElementTree.parse",
        "defusedxml.ElementTree.fromstring",
        "defusedxml.lxml.parse",
        "defusedxml.lxml.fromstring",
    }
)
SAX_PARSER_FACTORIES: Final = frozenset({"xml.sax.make_parser", "xml.sax.expatreader.create_parser"})
LXML_PARSERS: Final = frozenset({"lxml.etree.XMLParser", "lxml.etree.XMLPullParser", "lxml.etree.ETCompatXMLParser"})
SAX_EXTERNAL_ENTITY_FEATURES: Final = frozenset(
    {
        "xml.sax.handler.feature_external_ges",
        "xml.sax.handler.feature_external_pes",
        "http://xml.org/sax/features/external-general-entities",
        "http://xml.org/sax/features/external-parameter-entities",
    }
)
JINJA_ENVIRONMENTS: Final = frozenset({"jinja2.Environment", "jinja2.environment.Environment"})
SANDBOXED_JINJA_ENVIRONMENTS: Final = frozenset(
    {"jinja2.sandbox.SandboxedEnvironment", "jinja2.sandbox.ImmutableSandboxedEnvironment"}
)
"""Made for untrusted templates: from_string() on them is not template injection."""
XPATH_EVALUATORS: Final = frozenset(
    {"lxml.etree.XPathEvaluator", "lxml.etree.XPathDocumentEvaluator", "lxml.etree.XPathElementEvaluator"}
)
SESSION_FACTORIES: Final = frozenset({"aiohttp_session.get_session", "aiohttp_session.new_session"})
RESPONSE_FACTORIES: Final = frozenset(
    {
        "flask.make_response",
        "flask.Response",
        "werkzeug.wrappers.Response",
        "django.http.HttpResponse",
        "django.http.response.HttpResponse",
    }
)

STRING_METHODS: Final = frozenset(
    {
        "capitalize",
        "casefold",
        "center",
        "decode",
        "encode",
        "expandtabs",
        "format",
        "format_map",
        "join",
        "ljust",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rjust",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "strip",
        "swapcase",
        "title",
        "translate",
        "upper",
        "zfill",
        "hex",
        # containers and mappings (multidicts of request data included)
        "get",
        "getlist",
        "getall",
        "getone",
        "items",
        "keys",
        "values",
        "copy",
        "to_dict",
        "dict",
        "lists",
        "popitem",
        "fromkeys",
        "pop",
        "popleft",
        "setdefault",
        # files, streams, match objects, URL parts
        "read",
        "readline",
        "readlines",
        "read_text",
        "read_bytes",
        "group",
        "groups",
        "groupdict",
        "geturl",
        "_replace",
        "as_posix",
        "joinpath",
        "with_name",
        "with_suffix",
        "with_stem",
        "resolve",
        "absolute",
        "expanduser",
        "relative_to",
        "tobytes",
        "tolist",
        "getvalue",
        "__str__",
        "__getitem__",
    }
)
"""Methods whose result carries the receiver's data (and is as tainted as it)."""

CLEAN_RESULT_METHODS: Final = frozenset(
    {
        "startswith",
        "endswith",
        "isdigit",
        "isnumeric",
        "isdecimal",
        "isalpha",
        "isalnum",
        "isascii",
        "isspace",
        "isidentifier",
        "islower",
        "isupper",
        "istitle",
        "isprintable",
        "count",
        "find",
        "rfind",
        "index",
        "rindex",
        "__len__",
        "__contains__",
        "exists",
        "is_file",
        "is_dir",
        "is_absolute",
        "is_relative_to",
        "hexdigest",
        "digest",
        "close",
        "flush",
        "seek",
        "tell",
    }
)
"""Methods whose result holds none of the receiver's text (booleans, positions, digests)."""

SAFE_CHECK_METHODS: Final = frozenset({"isdigit", "isnumeric", "isdecimal", "isalnum", "isalpha", "isidentifier"})
"""When true, the receiver contains only letters or digits: safe for every sink."""

SANITIZER_NAME_HINTS: Final[tuple[tuple[str, frozenset[str]], ...]] = (
    ("sql", frozenset({SQL})),
    ("shell", frozenset({COMMAND})),
    ("cmd", frozenset({COMMAND})),
    ("command", frozenset({COMMAND})),
    ("ldap", frozenset({LDAP})),
    ("xpath", frozenset({XPATH})),
    ("filename", frozenset({PATH})),
    ("path", frozenset({PATH})),
    ("html", frozenset({XSS})),
    ("xml", frozenset({XSS})),
    ("xss", frozenset({XSS})),
)
"""For calls the engine cannot resolve whose name says they escape or sanitise (`escape_for_html`):
which sink kinds a word in the name points at. A bare `escape`/`sanitize` means HTML."""

STDLIB_MODULES: Final = frozenset(sys.stdlib_module_names) | {"builtins"}

PATTERN_SINK_CALLS: Final = frozenset(
    {
        *(name for name, sink in FUNCTION_SINKS.items() if sink.pattern is not None),
        *SAX_PARSER_FACTORIES,
        *LXML_PARSERS,
    }
)
"""Calls reported (with low confidence) even when no source is known: their functions are always analysed."""
PATTERN_SINK_METHODS: Final = frozenset(name for name, sink in METHOD_SINKS.items() if sink.pattern is not None)

BASE_SOURCE_TOKENS: Final = frozenset(
    {
        "argv",
        "orig_argv",
        "environ",
        "environb",
        "getenv",
        "getenvb",
        "input",
        "raw_input",
        "stdin",
        "fileinput",
        "parse_args",
        "parse_known_args",
    }
)
"""Words whose presence in a function makes it a possible origin of tainted data in any module."""
WEB_SOURCE_TOKENS: Final = frozenset(
    {"request", "req", "session", *TORNADO_ARGUMENT_METHODS, "query_params", "path_params", "match_info"}
)
"""More such words in modules that import a web framework."""

VALIDATING_CALLS: Final = frozenset(
    {
        "int",
        "float",
        "builtins.int",
        "builtins.float",
        "uuid.UUID",
        "ipaddress.ip_address",
        "ipaddress.ip_network",
        "ipaddress.IPv4Address",
        "ipaddress.IPv6Address",
        "datetime.date.fromisoformat",
        "datetime.datetime.fromisoformat",
    }
)
"""Calls that raise unless their argument has a narrow format: used as a statement, they validate it."""

MAC_FUNCTIONS: Final = frozenset({"hmac.new", "hmac.HMAC"})
DIGEST_COMPARISONS: Final = frozenset({"hmac.compare_digest", "secrets.compare_digest"})
"""A true comparison of a MAC over some data with the presented one makes that data trusted."""

ARGUMENT_PARSERS: Final = frozenset({"argparse.ArgumentParser"})
"""Parsers whose parse_args() results are command-line arguments (sys.argv)."""
CLI_FRAMEWORKS: Final = frozenset({"click", "typer"})
CLI_DECORATORS: Final = frozenset({"command", "option", "argument", "group"})
"""Decorators that make a function's parameters command-line options (`@click.command()`, `@app.command()`)."""

LOOKUP_METHODS: Final = frozenset(
    {
        "filter",
        "filter_by",
        "exclude",
        "first",
        "first_or_404",
        "get_or_404",
        "one",
        "one_or_none",
        "scalar",
        "scalar_one",
        "scalars",
        "fetchone",
        "fetchall",
        "fetchmany",
        "find",
        "find_one",
        "find_all",
        "lookup",
        "select",
        "where",
        "order_by",
        "exists",
        "count",
    }
)
"""Methods of objects the engine does not know (ORM queries, caches, stores) that look data up: keyed by
request data, they still return stored data, not the request's text."""
