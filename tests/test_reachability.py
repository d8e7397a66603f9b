"""Reachability hint: which modules the repository's code imports, and which modules a distribution provides."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.base import DEFAULT_MAX_FILE_SIZE, Skipped
from agents.dependency.reachability import IMPORT_NAMES, ImportIndex, import_names, is_imported, scan_imports

SOURCES: dict[str, str] = {
    "app/__init__.py": '"""The application package."""\n',
    "app/main.py": (
        "#!/usr/bin/env python3\n"
        '"""Entry point."""\n'
        "from __future__ import annotations\n"
        "\n"
        "import os, sys\n"
        "import yaml as config_format\n"
        "import google.protobuf.json_format as jf\n"
        "from requests import Session\n"
        "from . import helpers\n"
        "from .helpers import slugify\n"
        "from ..outside import nothing\n"
        "\n"
        "\n"
        "def handler():\n"
        "    import numpy as np  # nested: loaded on first call\n"
        "    from sklearn.linear_model import LogisticRegression\n"
        "    return np, LogisticRegression\n"
    ),
    "app/optional.py": (
        "try:\n"
        "    import ujson as json\n"
        "except ImportError:  # pragma: no cover\n"
        "    import json\n"
        "\n"
        "if sys.platform == 'win32':\n"
        "    import win32api\n"
        "else:\n"
        "    from PIL import Image\n"
        "\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from bs4 import BeautifulSoup\n"
    ),
    "app/plugins.py": (
        "import importlib\n"
        "from importlib import import_module\n"
        "\n"
        'magic = __import__("magic")\n'
        'jose = importlib.import_module("jose.jwt")\n'
        'dns = import_module(name="dns.resolver")\n'
        "relative = importlib.import_module('.local', package=__name__)\n"
        "dynamic = importlib.import_module(plugin_name)\n"
        "formatted = __import__(f'{prefix}.x')\n"
        "from google import auth\n"
        "from zmq import *\n"
    ),
    "app/stubs.pyi": "from attr import define\n",
    "app/strings.py": 'MESSAGE = "to import a module, use the import statement"\nCOUNT = 3\n',
    "app/no_imports.py": "def add(a, b):\n    return a + b\n",
    "app/broken.py": "import flask\ndef oops(:\n    pass\n",
    "app/latin1.py": "import django\n# caf\xe9\n",
    "docs/conf.py": "import sphinx\nimport sphinx.ext.autodoc\n",
    "notes/readme.txt": "import pandas\n",
    "setup.cfg": "[metadata]\nname = app\n",
}


def make_repository(root: Path) -> list[str]:
    for path, text in SOURCES.items():
        full = root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        if path == "app/latin1.py":
            full.write_bytes(text.encode("latin-1"))
        else:
            full.write_text(text, encoding="utf-8")
    return sorted(SOURCES)


@pytest.fixture
def index(tmp_path: Path) -> ImportIndex:
    return scan_imports(tmp_path, make_repository(tmp_path), max_file_size=DEFAULT_MAX_FILE_SIZE)


def test_every_import_form_is_indexed_with_its_first_site(index: ImportIndex) -> None:
    expected: dict[str, tuple[str, int] | None] = {
        "os": ("app/main.py", 5),
        "sys": ("app/main.py", 5),
        "yaml": ("app/main.py", 6),
        "google.protobuf": ("app/main.py", 7),
        "google.protobuf.json_format": ("app/main.py", 7),
        "requests": ("app/main.py", 8),
        "numpy": ("app/main.py", 15),
        "sklearn": ("app/main.py", 16),
        "sklearn.linear_model": ("app/main.py", 16),
        "ujson": ("app/optional.py", 2),
        "json": ("app/optional.py", 4),
        "win32api": ("app/optional.py", 7),
        "PIL": ("app/optional.py", 9),
        "PIL.Image": ("app/optional.py", 9),
        "bs4": ("app/optional.py", 13),
        "magic": ("app/plugins.py", 4),
        "jose": ("app/plugins.py", 5),
        "jose.jwt": ("app/plugins.py", 5),
        "dns.resolver": ("app/plugins.py", 6),
        "google.auth": ("app/plugins.py", 10),
        "zmq": ("app/plugins.py", 11),
        "attr": ("app/stubs.pyi", 1),
        "sphinx.ext": ("docs/conf.py", 2),
    }
    assert {module: index.first_import(module) for module in expected} == expected


def test_google_is_imported_first_in_main_but_its_packages_are_told_apart(index: ImportIndex) -> None:
    assert index.first_import("google") == ("app/main.py", 7)
    assert index.first_import("google.cloud") is None
    assert index.first_import("google.auth") == ("app/plugins.py", 10)
    # A module whose name merely starts like another is not a submodule of it.
    assert index.first_import("google.proto") is None


def test_relative_dynamic_and_non_python_imports_are_not_indexed(index: ImportIndex) -> None:
    for module in ("helpers", "slugify", "outside", "local", "plugin_name", "pandas", "importlib.local"):
        assert index.first_import(module) is None, module
    assert "__future__" in index.sites  # a real import statement, harmless to record


def test_files_that_cannot_be_read_or_parsed_are_listed_and_the_rest_is_indexed(index: ImportIndex) -> None:
    assert index.unreadable == (
        Skipped("app/broken.py", "syntax error: line 2: invalid syntax"),
        Skipped("app/latin1.py", "not valid UTF-8: byte 19: invalid continuation byte"),
    )
    assert index.first_import("flask") is None
    assert index.first_import("django") is None
    # main, optional, plugins, stubs, conf and strings (which says "import" only in a string); files that
    # never say "import" (__init__, no_imports) are not parsed at all.
    assert index.files_parsed == 6


def test_a_file_with_import_only_in_a_string_is_parsed_but_yields_nothing(tmp_path: Path) -> None:
    (tmp_path / "strings.py").write_text('HELP = "import antigravity"\n', encoding="utf-8")
    index = scan_imports(tmp_path, ["strings.py"], max_file_size=DEFAULT_MAX_FILE_SIZE)
    assert (index.sites, index.unreadable, index.files_parsed) == ({}, (), 1)


def test_a_file_without_the_word_import_is_not_parsed(tmp_path: Path) -> None:
    # It would be a syntax error if it were parsed.
    (tmp_path / "template.py").write_text("{% for x in items %}\n{{ x }}\n{% endfor %}\n", encoding="utf-8")
    index = scan_imports(tmp_path, ["template.py"], max_file_size=DEFAULT_MAX_FILE_SIZE)
    assert (index.sites, index.unreadable, index.files_parsed) == ({}, (), 0)


def test_oversized_and_missing_files_are_unreadable_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text("import numpy\n" * 100, encoding="utf-8")
    index = scan_imports(tmp_path, ["big.py", "gone.py"], max_file_size=200)
    assert index.unreadable == (
        Skipped("big.py", "file too large: 1300 bytes > limit of 200"),
        Skipped("gone.py", "cannot read: No such file or directory"),
    )
    assert index.sites == {}


def test_sites_are_sorted_by_path_then_line_whatever_the_order_of_the_files(tmp_path: Path) -> None:
    files = {"b.py": "\n\nimport requests\n", "a/z.py": "import os\nimport requests\n", "a/a.py": "x = 1\n"}
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    forward = scan_imports(tmp_path, list(files), max_file_size=DEFAULT_MAX_FILE_SIZE)
    backward = scan_imports(tmp_path, list(reversed(files)), max_file_size=DEFAULT_MAX_FILE_SIZE)
    assert forward == backward
    assert forward.sites["requests"] == (("a/z.py", 2, "requests"), ("b.py", 3, "requests"))
    assert forward.first_import("requests") == ("a/z.py", 2)


def test_is_imported_maps_distributions_to_their_modules(index: ImportIndex) -> None:
    assert is_imported("PyYAML", index) == (True, ("app/main.py", 6))
    assert is_imported("protobuf", index) == (True, ("app/main.py", 7))
    assert is_imported("scikit-learn", index) == (True, ("app/main.py", 16))
    assert is_imported("Pillow", index) == (True, ("app/optional.py", 9))
    assert is_imported("beautifulsoup4", index) == (True, ("app/optional.py", 13))
    assert is_imported("pywin32", index) == (True, ("app/optional.py", 7))
    assert is_imported("python-magic", index) == (True, ("app/plugins.py", 4))
    assert is_imported("python_jose", index) == (True, ("app/plugins.py", 5))
    assert is_imported("dnspython", index) == (True, ("app/plugins.py", 6))
    assert is_imported("google-auth", index) == (True, ("app/plugins.py", 10))
    assert is_imported("pyzmq", index) == (True, ("app/plugins.py", 11))
    assert is_imported("attrs", index) == (True, ("app/stubs.pyi", 1))
    assert is_imported("requests", index) == (True, ("app/main.py", 8))
    assert is_imported("Sphinx", index) == (True, ("docs/conf.py", 1))
    # Installed but never imported by this code (or only by a file that cannot be parsed).
    assert is_imported("googleapis-common-protos", index) == (False, None)
    assert is_imported("google-cloud-storage", index) == (False, None)
    assert is_imported("flask", index) == (False, None)
    assert is_imported("pandas", index) == (False, None)


@pytest.mark.parametrize(
    ("distribution", "modules"),
    [
        ("PyYAML", ("yaml",)),
        ("beautifulsoup4", ("bs4",)),
        ("Pillow", ("PIL",)),
        ("scikit-learn", ("sklearn",)),
        ("python-dateutil", ("dateutil",)),
        ("opencv-python", ("cv2",)),
        ("opencv-python-headless", ("cv2",)),
        ("protobuf", ("google.protobuf",)),
        ("attrs", ("attr", "attrs")),
        ("msgpack-python", ("msgpack",)),
        ("python-jose", ("jose",)),
        ("PyJWT", ("jwt",)),
        ("pycryptodome", ("Crypto",)),
        ("pycryptodomex", ("Cryptodome",)),
        ("pyOpenSSL", ("OpenSSL",)),
        ("python-magic", ("magic",)),
        ("dnspython", ("dns",)),
        ("GitPython", ("git",)),
        ("Jinja2", ("jinja2",)),
        ("MarkupSafe", ("markupsafe",)),
        ("psycopg2-binary", ("psycopg2",)),
        ("mysqlclient", ("MySQLdb",)),
        ("pyserial", ("serial",)),
        ("pyzmq", ("zmq",)),
        ("python-multipart", ("python_multipart", "multipart")),
        ("djangorestframework", ("rest_framework",)),
        ("django-cors-headers", ("corsheaders",)),
        ("setuptools", ("setuptools", "pkg_resources", "_distutils_hack")),
        ("ruamel.yaml", ("ruamel.yaml",)),
        # The naming rules, for everything not listed.
        ("requests", ("requests",)),
        ("typing_extensions", ("typing_extensions",)),
        ("Flask-SQLAlchemy", ("flask_sqlalchemy",)),
        ("python-slugify", ("slugify",)),
        ("python-some-tool", ("python_some_tool", "some_tool")),
        ("pyfoo", ("pyfoo", "foo")),
        ("ffmpeg-python", ("ffmpeg_python", "ffmpeg")),
        ("tabula-py", ("tabula_py", "tabula")),
        ("django-taggit", ("taggit",)),
        ("django-foo-bar", ("django_foo_bar", "foo_bar")),
        ("pyqt", ("pyqt",)),  # "qt" is too short a rest to be worth a guess
        ("pytz", ("pytz",)),
        ("google-cloud-storage", ("google.cloud.storage",)),
        ("google-cloud-bigquery-storage", ("google.cloud.bigquery_storage",)),
        ("azure-storage-blob", ("azure.storage.blob",)),
        ("azure-identity", ("azure.identity",)),
        ("opentelemetry-instrumentation-flask", ("opentelemetry.instrumentation.flask",)),
        ("backports.zoneinfo", ("backports.zoneinfo",)),
        ("jaraco.functools", ("jaraco.functools",)),
        ("sphinxcontrib-applehelp", ("sphinxcontrib.applehelp",)),
    ],
)
def test_import_names(distribution: str, modules: tuple[str, ...]) -> None:
    assert import_names(distribution) == modules


def test_the_curated_map_is_large_normalised_and_well_formed() -> None:
    assert len(IMPORT_NAMES) >= 150
    for distribution, modules in IMPORT_NAMES.items():
        assert distribution == distribution.lower() and "_" not in distribution and "." not in distribution
        assert modules and len(set(modules)) == len(modules), distribution
        for module in modules:
            assert all(part.isidentifier() for part in module.split(".")), (distribution, module)
