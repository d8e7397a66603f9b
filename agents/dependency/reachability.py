"""Does the repository's own code import a package? A hint of reachability, read statically.

scan_imports parses the repository's Python files with ast (nothing is imported or run) and
records every absolute import: import statements at any depth, and __import__ or
importlib.import_module called with a constant string. import_names maps a PyPI distribution to
the modules it provides, from a curated table for names that differ and a naming rule for the
rest; is_imported puts the two together.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from agents.base import AgentContext, Skipped, parse_python, read_source

Site = tuple[str, int]
"""(repo-relative path, line) of an import."""


@dataclass(frozen=True)
class ImportIndex:
    """Every module the scanned files import, with where."""

    sites: Mapping[str, tuple[tuple[str, int, str], ...]] = field(default_factory=dict)
    """Top-level module -> (path, line, dotted module) of each import of it or below it, sorted."""
    unreadable: tuple[Skipped, ...] = ()
    """Python files that could not be read or parsed, with why; their imports are unknown."""
    files_parsed: int = 0

    def first_import(self, top_level_module: str) -> Site | None:
        """Where a module (or a submodule of it) is first imported: smallest path, then line.

        A dotted name ("google.protobuf") matches only itself and its submodules, so packages that
        share a namespace ("google") are told apart.
        """
        top = top_level_module.split(".", 1)[0]
        prefix = top_level_module + "."
        for path, line, dotted in self.sites.get(top, ()):
            if dotted == top_level_module or dotted.startswith(prefix):
                return path, line
        return None


def _constant_module(call: ast.Call) -> str | None:
    """The module of __import__("x") or importlib.import_module("x"), if given as a constant string."""
    func = call.func
    callee = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if callee not in ("__import__", "import_module"):
        return None
    argument = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "name"), None)
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        module = argument.value.strip()
        # A leading dot is a relative import (import_module(".x", package)): the project's own code.
        if module and not module.startswith("."):
            return module
    return None


def _imported_modules(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """(dotted module, line) for every absolute import in a module, however deeply nested."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level or not node.module:
                continue
            yield node.module, node.lineno
            for alias in node.names:
                if alias.name != "*":
                    # `from google import protobuf` imports google.protobuf when protobuf is a module.
                    yield f"{node.module}.{alias.name}", node.lineno
        elif isinstance(node, ast.Call):
            module = _constant_module(node)
            if module is not None:
                yield module, node.lineno


def scan_imports(root: Path, files: Sequence[str], *, max_file_size: int) -> ImportIndex:
    """The imports of the Python files (*.py, *.pyi) among `files`, repo-relative POSIX paths under root.

    A file that does not contain the word "import" is not parsed; one that cannot be read or
    parsed is listed in `unreadable` and the others are still indexed.
    """
    ctx = AgentContext(root=root, max_file_size=max_file_size)
    found: dict[str, set[tuple[str, int, str]]] = {}
    unreadable: list[Skipped] = []
    parsed = 0
    for path in sorted(set(files)):
        if not path.endswith((".py", ".pyi")):
            continue
        text = read_source(ctx, path)
        if isinstance(text, Skipped):
            unreadable.append(text)
            continue
        if "import" not in text:
            continue
        tree = parse_python(path, text)
        if isinstance(tree, Skipped):
            unreadable.append(tree)
            continue
        parsed += 1
        for dotted, line in _imported_modules(tree):
            found.setdefault(dotted.split(".", 1)[0], set()).add((path, line, dotted))
    return ImportIndex(
        sites={top: tuple(sorted(sites)) for top, sites in sorted(found.items())},
        unreadable=tuple(unreadable),
        files_parsed=parsed,
    )


# ---------------------------------------------------------------------------
# Which modules a distribution provides.

_WIN32 = (
    "win32api",
    "win32con",
    "win32com",
    "win32gui",
    "win32file",
    "win32event",
    "win32process",
    "win32service",
    "win32serviceutil",
    "win32clipboard",
    "win32crypt",
    "win32pipe",
    "win32security",
    "win32print",
    "win32timezone",
    "winerror",
    "pythoncom",
    "pywintypes",
)

IMPORT_NAMES: Mapping[str, tuple[str, ...]] = {
    # Keys are PEP 503 names. Modules below a namespace shared by several distributions
    # (google, azure, zope, ...) are dotted, so that one package's import does not count for another.
    "absl-py": ("absl",),
    "ansible-core": ("ansible",),
    "antlr4-python3-runtime": ("antlr4",),
    "apache-airflow": ("airflow",),
    "argon2-cffi": ("argon2",),
    "attrs": ("attr", "attrs"),
    "avro-python3": ("avro",),
    "azure-storage-file-datalake": ("azure.storage.filedatalake",),
    "azure-storage-file-share": ("azure.storage.fileshare",),
    "beautifulsoup": ("BeautifulSoup",),
    "beautifulsoup4": ("bs4",),
    "brotlipy": ("brotli",),
    "btrees": ("BTrees",),
    "cassandra-driver": ("cassandra",),
    "cffi": ("cffi", "_cffi_backend"),
    "cx-oracle": ("cx_Oracle",),
    "cython": ("Cython", "cython", "pyximport"),
    "databricks-sql-connector": ("databricks.sql",),
    "dbt-core": ("dbt",),
    "dbus-python": ("dbus",),
    "discord-py": ("discord",),
    "django-allauth": ("allauth",),
    "django-anymail": ("anymail",),
    "django-axes": ("axes",),
    "django-cacheops": ("cacheops",),
    "django-ckeditor": ("ckeditor",),
    "django-compressor": ("compressor",),
    "django-constance": ("constance",),
    "django-cors-headers": ("corsheaders",),
    "django-crispy-forms": ("crispy_forms",),
    "django-debug-toolbar": ("debug_toolbar",),
    "django-environ": ("environ",),
    "django-filter": ("django_filters",),
    "django-formtools": ("formtools",),
    "django-guardian": ("guardian",),
    "django-health-check": ("health_check",),
    "django-import-export": ("import_export",),
    "django-js-asset": ("js_asset",),
    "django-model-utils": ("model_utils",),
    "django-mptt": ("mptt",),
    "django-oauth-toolkit": ("oauth2_provider",),
    "django-phonenumber-field": ("phonenumber_field",),
    "django-polymorphic": ("polymorphic",),
    "django-rest-knox": ("knox",),
    "django-silk": ("silk",),
    "django-simple-history": ("simple_history",),
    "django-storages": ("storages",),
    "django-taggit": ("taggit",),
    "django-timezone-field": ("timezone_field",),
    "django-webpack-loader": ("webpack_loader",),
    "django-widget-tweaks": ("widget_tweaks",),
    "djangorestframework": ("rest_framework",),
    "djangorestframework-simplejwt": ("rest_framework_simplejwt",),
    "dnspython": ("dns",),
    "docker-compose": ("compose",),
    "dogpile-cache": ("dogpile.cache",),
    "drf-nested-routers": ("rest_framework_nested",),
    "elastic-apm": ("elasticapm",),
    "factory-boy": ("factory",),
    "faiss-cpu": ("faiss",),
    "faiss-gpu": ("faiss",),
    "fpdf2": ("fpdf",),
    "future": ("future", "past"),
    "gdal": ("osgeo",),
    "gitpython": ("git",),
    "google-api-core": ("google.api_core",),
    "google-api-python-client": ("googleapiclient", "apiclient"),
    "google-auth": ("google.auth", "google.oauth2"),
    "google-cloud-aiplatform": ("google.cloud.aiplatform", "vertexai"),
    "google-cloud-pubsub": ("google.cloud.pubsub", "google.cloud.pubsub_v1"),
    "google-cloud-secret-manager": ("google.cloud.secretmanager",),
    "google-genai": ("google.genai",),
    "google-generativeai": ("google.generativeai",),
    "googleapis-common-protos": ("google.api", "google.type", "google.rpc", "google.longrunning"),
    "gputil": ("GPUtil",),
    "graphql-core": ("graphql",),
    "grpcio": ("grpc",),
    "grpcio-health-checking": ("grpc_health",),
    "grpcio-reflection": ("grpc_reflection",),
    "grpcio-status": ("grpc_status",),
    "grpcio-tools": ("grpc_tools",),
    "impyla": ("impala",),
    "ipython": ("IPython",),
    "jinja2": ("jinja2",),
    "kafka-python": ("kafka",),
    "lark-parser": ("lark",),
    "levenshtein": ("Levenshtein",),
    "llama-index": ("llama_index",),
    "markdown-it-py": ("markdown_it",),
    "markupsafe": ("markupsafe",),
    "matplotlib": ("matplotlib", "mpl_toolkits", "pylab"),
    "mecab-python3": ("MeCab",),
    "msgpack-python": ("msgpack",),
    "mysql-connector": ("mysql.connector",),
    "mysql-connector-python": ("mysql.connector",),
    "mysql-python": ("MySQLdb",),
    "mysqlclient": ("MySQLdb",),
    "nats-py": ("nats",),
    "netcdf4": ("netCDF4",),
    "nvidia-ml-py": ("pynvml",),
    "nvidia-ml-py3": ("pynvml",),
    "onnxruntime-gpu": ("onnxruntime",),
    "opencv-contrib-python": ("cv2",),
    "opencv-contrib-python-headless": ("cv2",),
    "opencv-python": ("cv2",),
    "opencv-python-headless": ("cv2",),
    "opensearch-py": ("opensearchpy",),
    "opentelemetry-api": (
        "opentelemetry.trace",
        "opentelemetry.context",
        "opentelemetry.metrics",
        "opentelemetry.propagate",
        "opentelemetry.baggage",
    ),
    "opentelemetry-semantic-conventions": ("opentelemetry.semconv",),
    "paho-mqtt": ("paho.mqtt",),
    "pastedeploy": ("paste.deploy",),
    "pdfminer-six": ("pdfminer",),
    "pillow": ("PIL",),
    "pip-tools": ("piptools",),
    "poetry-core": ("poetry.core",),
    "presto-python-client": ("prestodb",),
    "proto-plus": ("proto",),
    "protobuf": ("google.protobuf",),
    "psycopg-binary": ("psycopg_binary", "psycopg"),
    "psycopg2-binary": ("psycopg2",),
    "py-cpuinfo": ("cpuinfo",),
    "pyahocorasick": ("ahocorasick",),
    "pyarrow": ("pyarrow",),
    "pycrypto": ("Crypto",),
    "pycryptodome": ("Crypto",),
    "pycryptodomex": ("Cryptodome",),
    "pygithub": ("github",),
    "pygobject": ("gi",),
    "pyhamcrest": ("hamcrest",),
    "pyinstaller": ("PyInstaller",),
    "pyjwt": ("jwt",),
    "pykerberos": ("kerberos",),
    "pymongo": ("pymongo", "bson", "gridfs"),
    "pymupdf": ("fitz", "pymupdf"),
    "pymysql": ("pymysql",),
    "pynacl": ("nacl",),
    "pyobjc-core": ("objc",),
    "pyodbc": ("pyodbc",),
    "pyopenssl": ("OpenSSL",),
    "pypdf2": ("PyPDF2",),
    "pyqt5": ("PyQt5",),
    "pyqt5-sip": ("PyQt5.sip",),
    "pyqt6": ("PyQt6",),
    "pyserial": ("serial",),
    "pysha3": ("sha3",),
    "pyside2": ("PySide2",),
    "pyside6": ("PySide6",),
    "pysocks": ("socks", "sockshandler"),
    "pyspnego": ("spnego",),
    "pytelegrambotapi": ("telebot",),
    "pythonnet": ("clr", "pythonnet"),
    "pytest": ("pytest", "_pytest"),
    "pytest-xdist": ("xdist",),
    "python-consul": ("consul",),
    "python-crontab": ("crontab", "crontabs", "cronlog"),
    "python-daemon": ("daemon",),
    "python-dateutil": ("dateutil",),
    "python-docx": ("docx",),
    "python-dotenv": ("dotenv",),
    "python-engineio": ("engineio",),
    "python-gitlab": ("gitlab",),
    "python-gnupg": ("gnupg",),
    "python-igraph": ("igraph",),
    "python-jose": ("jose",),
    "python-json-logger": ("pythonjsonlogger",),
    "python-keycloak": ("keycloak",),
    "python-ldap": ("ldap", "ldapurl", "ldif"),
    "python-levenshtein": ("Levenshtein",),
    "python-magic": ("magic",),
    "python-memcached": ("memcache",),
    "python-multipart": ("python_multipart", "multipart"),
    "python-openid": ("openid",),
    "python-pptx": ("pptx",),
    "python-rapidjson": ("rapidjson",),
    "python-slugify": ("slugify",),
    "python-snappy": ("snappy",),
    "python-socketio": ("socketio",),
    "python-telegram-bot": ("telegram",),
    "python-ulid": ("ulid",),
    "python-xlib": ("Xlib",),
    "pyusb": ("usb",),
    "pywavelets": ("pywt",),
    "pywin32": _WIN32,
    "pywin32-ctypes": ("win32ctypes",),
    "pywinrm": ("winrm",),
    "pyyaml": ("yaml",),
    "pyzmq": ("zmq",),
    "redis-py-cluster": ("rediscluster",),
    "rpds-py": ("rpds",),
    "ruamel-yaml": ("ruamel.yaml",),
    "ruamel-yaml-clib": ("_ruamel_yaml",),
    "scikit-build": ("skbuild",),
    "scikit-image": ("skimage",),
    "scikit-learn": ("sklearn",),
    "scikit-optimize": ("skopt",),
    "secretstorage": ("secretstorage",),
    "setuptools": ("setuptools", "pkg_resources", "_distutils_hack"),
    "slack-sdk": ("slack_sdk",),
    "slackclient": ("slack", "slackclient"),
    "smbprotocol": ("smbprotocol", "smbclient"),
    "snowflake-connector-python": ("snowflake.connector",),
    "snowflake-sqlalchemy": ("snowflake.sqlalchemy",),
    "social-auth-app-django": ("social_django",),
    "social-auth-core": ("social_core",),
    "speechrecognition": ("speech_recognition",),
    "strawberry-graphql": ("strawberry",),
    "suds-community": ("suds",),
    "suds-jurko": ("suds",),
    "tensorboardx": ("tensorboardX",),
    "tensorflow-cpu": ("tensorflow",),
    "tensorflow-gpu": ("tensorflow",),
    "tensorflow-intel": ("tensorflow",),
    "tensorflow-macos": ("tensorflow",),
    "tf-nightly": ("tensorflow",),
    "tortoise-orm": ("tortoise",),
    "umap-learn": ("umap",),
    "vcrpy": ("vcr",),
    "web-py": ("web",),
    "websocket-client": ("websocket",),
    "wxpython": ("wx",),
    "z3-solver": ("z3",),
    "zodb": ("ZODB",),
    "zope-event": ("zope.event",),
    "zope-interface": ("zope.interface",),
}
"""PyPI distribution -> the modules it provides, where the naming rule of import_names gets them wrong."""

_NAMESPACE_PREFIXES: tuple[tuple[str, str, str], ...] = (
    # (distribution prefix, module prefix, what separates the rest's words in the module name)
    ("google-cloud-", "google.cloud.", "_"),
    ("azure-", "azure.", "."),
    ("opentelemetry-", "opentelemetry.", "."),
    ("backports-", "backports.", "_"),
    ("jaraco-", "jaraco.", "_"),
    ("zope-", "zope.", "_"),
    ("sphinxcontrib-", "sphinxcontrib.", "_"),
)

_PEP503 = re.compile(r"[-_.]+")


def import_names(distribution: str) -> tuple[str, ...]:
    """The modules a PyPI distribution provides (dotted below a shared namespace such as google.*).

    From IMPORT_NAMES when listed; otherwise from the naming rules that hold for most projects:
    the name with "-" as "_", then without a "python-"/"py" prefix or a "-python"/"-py" suffix;
    "google-cloud-x" is google.cloud.x (likewise azure-*, opentelemetry-*, backports-*, ...) and
    "django-x" is django_x or x.
    """
    name = _PEP503.sub("-", distribution.strip()).lower()
    listed = IMPORT_NAMES.get(name)
    if listed is not None:
        return listed
    for distribution_prefix, module_prefix, joiner in _NAMESPACE_PREFIXES:
        if name.startswith(distribution_prefix) and len(name) > len(distribution_prefix):
            return (module_prefix + name[len(distribution_prefix) :].replace("-", joiner),)
    # "python" before "py", so that python-x loses "python-" and not just "py".
    without_prefix = next((name[len(p) :].lstrip("-") for p in ("python", "py") if name.startswith(p)), "")
    without_suffix = next((name[: -len(s)] for s in ("-python", "-py") if name.endswith(s)), "")
    without_django = name[len("django-") :] if name.startswith("django-") else ""
    candidates = [name, *(c for c in (without_prefix, without_suffix, without_django) if len(c) >= 3)]
    return tuple(dict.fromkeys(c.replace("-", "_") for c in candidates))


def is_imported(distribution: str, index: ImportIndex) -> tuple[bool, Site | None]:
    """Whether the scanned code imports any module of the distribution, and the first place it does."""
    sites = [site for module in import_names(distribution) if (site := index.first_import(module)) is not None]
    first = min(sites, default=None)
    return first is not None, first
