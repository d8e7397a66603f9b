"""Python lockfile and setup.cfg parsers: every format's fixture parsed to exact dependencies, broken
variants to exact skip reasons, the registry lookup, and the dependency agent end to end."""

from __future__ import annotations

import pytest
from packaging.utils import canonicalize_name

from agents.base import AgentContext
from agents.dependency import pylocks
from agents.dependency.agent import AGENT
from agents.dependency.model import Dependency, ParseResult
from agents.dependency.parsers import parser_for
from tests import lockfile_helpers
from tests.lockfile_helpers import LOCKS, dict_reader

FIXTURES = LOCKS / "python"

Row = tuple[int, str, "str | None", str, "str | None", bool, str, bool, "str | None"]


def row(d: Dependency) -> Row:
    """line, name, version, scope, group, direct, kind, hashed, marker."""
    return (d.line, d.name, d.version, d.scope, d.group, d.direct, d.kind, bool(d.hashes), d.marker)


def parse_fixture(path: str) -> ParseResult:
    """Parse the fixture at `path` below FIXTURES, as a file of that repository-relative path."""
    return lockfile_helpers.parse_fixture("python", path)


def by_name(result: ParseResult, name: str) -> list[Dependency]:
    return [d for d in result.dependencies if d.name == name]


def reasons(result: ParseResult) -> list[tuple[str, str]]:
    return [(s.path, s.reason) for s in result.skipped]


LOCKFILES = (
    "poetry/poetry.lock",
    "poetry-1.1/poetry.lock",
    "uv/uv.lock",
    "pipenv/Pipfile.lock",
    "pdm/pdm.lock",
    "pylock/pylock.toml",
)


# ---------------------------------------------------------------------------
# What every lockfile entry looks like


@pytest.mark.parametrize("path", LOCKFILES)
def test_every_lockfile_entry_is_an_exact_pypi_pin_quoted_as_in_a_requirement(path: str) -> None:
    result = parse_fixture(path)

    assert result.manifests == [path]
    assert result.skipped == []
    assert result.dependencies
    for d in result.dependencies:
        assert (d.file, d.ecosystem, d.manifest_kind) == (path, "PyPI", "lockfile")
        assert d.name == canonicalize_name(d.raw_name)
        assert d.specifier == (f"=={d.version}" if d.version is not None else "")
        assert d.text == (f"{d.raw_name} @ {d.url}" if d.kind != "registry" else f"{d.raw_name}=={d.version}")
        assert (d.url is None) == (d.kind == "registry")
        assert all(":" in h and h == h.strip() for h in d.hashes)
        assert d.group is None or d.scope != "main"
    assert result.dependencies == sorted(result.dependencies, key=Dependency.sort_key)


# ---------------------------------------------------------------------------
# poetry.lock


def test_poetry_2_lock_places_packages_by_groups_and_extras() -> None:
    result = parse_fixture("poetry/poetry.lock")

    assert [row(d) for d in result.dependencies] == [
        # A supplemental index ([package.source] type = "legacy") is still a registry download.
        (3, "acme-telemetry", "0.9.2", "main", None, False, "registry", True, None),
        (19, "anyio", "4.4.0", "main", None, False, "registry", True, None),
        # groups = ["main", "dev"]: main wins.
        (39, "certifi", "2024.7.4", "main", None, False, "registry", True, None),
        # markers = {dev = ...}: the marker of the group it is placed in.
        (51, "colorama", "0.4.6", "dev", "dev", False, "registry", True, 'sys_platform == "win32"'),
        (64, "idna", "3.7", "main", None, False, "registry", True, None),
        (76, "internal-auth", "1.4.0", "main", None, False, "vcs", False, None),
        # One package at two versions for two markers: both kept.
        (95, "numpy", "1.24.4", "main", None, False, "registry", True, 'python_version < "3.11"'),
        (108, "numpy", "2.0.1", "main", None, False, "registry", True, 'python_version >= "3.11"'),
        # optional = true, named by [extras] postgres.
        (121, "psycopg2-binary", "2.9.9", "optional", "postgres", False, "registry", True, 'extra == "postgres"'),
        (134, "pytest", "8.2.2", "dev", "dev", False, "registry", True, None),
        (152, "report-kit", "0.3.1", "main", None, False, "url", True, None),
        (167, "shared-utils", "0.1.0", "main", None, False, "editable", False, None),
        (181, "sniffio", "1.3.1", "main", None, False, "registry", True, None),
    ]
    auth = by_name(result, "internal-auth")[0]
    # The resolved commit, not the tag it came from, so the mutable-reference rule sees a commit.
    assert auth.url == "git+https://github.com/acme/internal-auth.git@3f1c2a9d8e7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c"
    assert auth.text == f"internal-auth @ {auth.url}"
    assert auth.specifier == "==1.4.0"
    utils = by_name(result, "shared-utils")[0]
    assert (utils.url, utils.editable) == ("../shared-utils", True)
    assert by_name(result, "report-kit")[0].url == "https://downloads.acme.example/report_kit-0.3.1.tar.gz"
    assert by_name(result, "anyio")[0].hashes == (
        "sha256:74618be536889d15e63b4115fcb70769564caf8a9adba59dd72534062ecca362",
        "sha256:a8c49dbb6e7b27f9b7f599c30e62118630d02e33fdf2274c42619f43d4d1321f",
    )


def test_poetry_1_1_lock_uses_category_and_metadata_files() -> None:
    result = parse_fixture("poetry-1.1/poetry.lock")

    assert [row(d) for d in result.dependencies] == [
        (1, "atomicwrites", "1.4.0", "dev", "dev", False, "registry", True, None),
        (9, "click", "8.0.3", "main", None, False, "registry", True, None),
        (20, "flask", "2.0.2", "main", None, False, "registry", True, None),
        # [extras] yaml = ["PyYAML (>=5.4,<6.0)"]: Poetry 1.0's spelling with a constraint.
        (38, "pyyaml", "5.4.1", "optional", "yaml", False, "registry", True, None),
        (46, "requests-toolbelt", "0.9.1", "main", None, False, "vcs", False, None),
    ]
    pyyaml = by_name(result, "pyyaml")[0]
    assert (pyyaml.raw_name, pyyaml.text) == ("PyYAML", "PyYAML==5.4.1")
    # [metadata.files] keys are matched by normalised name ("pyyaml" for "PyYAML").
    assert len(pyyaml.hashes) == 2
    assert by_name(result, "flask")[0].hashes == (
        "sha256:16efa023c9423b19388351f27dfd094a4d234116e799c39111fe7fa1e847f2b3",
        "sha256:3f7d044d52c9d65185a5dc21d657a092caccdcbed58c55264b91ee445f9fcf0e",
    )
    toolbelt = by_name(result, "requests-toolbelt")[0]
    assert toolbelt.url == "git+https://gitlab.com/sigmavirus24/toolbelt.git@9e2c8f1b3a4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f"


def test_poetry_lock_skips_broken_entries_and_keeps_the_rest() -> None:
    result = parse_fixture("broken/poetry/poetry.lock")

    assert [row(d) for d in result.dependencies] == [
        (4, "attrs", "23.2.0", "main", None, False, "registry", True, None),
    ]
    path = "broken/poetry/poetry.lock"
    assert reasons(result) == [
        (path, "line 15: package[1]: no name"),
        (path, "line 22: package 'cattrs': no version"),
        (path, "line 29: package 'click': version must be a string, got a float"),
        (path, "line 37: package 'rich': source must be a table, got a string"),
        (path, "line 46: package[5]: name must be a string, got an integer"),
    ]


def test_poetry_lock_whose_package_key_is_not_an_array_is_one_skip() -> None:
    result = parse_fixture("broken/poetry-not-array/poetry.lock")

    assert result.dependencies == []
    assert reasons(result) == [
        ("broken/poetry-not-array/poetry.lock", "package: expected an array of tables, got an integer")
    ]
    assert result.manifests == ["broken/poetry-not-array/poetry.lock"]


def test_poetry_git_source_without_a_resolved_commit_keeps_its_reference() -> None:
    text = """
[[package]]
name = "tool"
version = "0.1.0"
description = ""
optional = false
python-versions = "*"
groups = ["lint", "typing"]
files = []

[package.source]
type = "git"
url = "https://github.com/acme/tool.git"
reference = "main"
subdirectory = "python"
"""
    result = pylocks.parse_poetry_lock(text, "poetry.lock", dict_reader({}))

    (tool,) = result.dependencies
    assert row(tool) == (2, "tool", "0.1.0", "dev", "lint", False, "vcs", False, None)
    assert tool.url == "git+https://github.com/acme/tool.git@main#subdirectory=python"


def test_empty_and_invalid_poetry_locks() -> None:
    empty = pylocks.parse_poetry_lock('[metadata]\nlock-version = "2.1"\n', "poetry.lock", dict_reader({}))
    invalid = pylocks.parse_poetry_lock("[[package]\nname = 'x'\n", "sub/poetry.lock", dict_reader({}))

    assert (empty.dependencies, empty.skipped, empty.manifests) == ([], [], ["poetry.lock"])
    assert invalid.dependencies == []
    assert reasons(invalid) == [
        ("sub/poetry.lock", "invalid TOML: Expected ']]' at the end of an array declaration (at line 1, column 10)")
    ]


# ---------------------------------------------------------------------------
# uv.lock


def test_uv_lock_places_packages_by_reachability_from_the_workspace() -> None:
    result = parse_fixture("uv/uv.lock")

    # acme-api (editable ".") and acme-core (a [manifest] member) are the project, not dependencies.
    assert [row(d) for d in result.dependencies] == [
        (77, "anyio", "4.4.0", "main", None, False, "registry", True, None),
        # A dependency of the workspace member acme-core: direct.
        (92, "attrs", "23.2.0", "main", None, True, "registry", True, None),
        (101, "certifi", "2024.7.4", "main", None, False, "registry", True, None),
        (110, "colorama", "0.4.6", "dev", "dev", False, "registry", True, None),
        # Reached from anyio (main) and from pytest (dev): main.
        (119, "exceptiongroup", "1.2.2", "main", None, False, "registry", True, None),
        (128, "h11", "0.14.0", "main", None, False, "registry", True, None),
        (137, "httpcore", "1.0.5", "main", None, False, "registry", True, None),
        # Required both plainly and through the socks extra: main.
        (150, "httpx", "0.27.0", "main", None, True, "registry", True, None),
        (171, "idna", "3.7", "main", None, False, "registry", True, None),
        (180, "iniconfig", "2.0.0", "dev", "dev", False, "registry", True, None),
        (189, "internal-auth", "1.4.0", "main", None, True, "vcs", False, None),
        (197, "legacy-shim", "0.2.0", "dev", "dev", True, "path", False, None),
        # Forked by Python version: the root's edge markers tell which applies where.
        (202, "numpy", "1.26.4", "main", None, True, "registry", True, "python_full_version < '3.12'"),
        (214, "numpy", "2.0.1", "main", None, True, "registry", True, "python_full_version >= '3.12'"),
        (226, "packaging", "24.1", "dev", "dev", False, "registry", True, None),
        (235, "pluggy", "1.5.0", "dev", "dev", False, "registry", True, None),
        (244, "pytest", "8.2.2", "dev", "dev", True, "registry", True, None),
        (261, "report-kit", "0.3.1", "main", None, True, "url", True, None),
        (267, "ruff", "0.5.2", "dev", "lint", True, "registry", True, None),
        (276, "shared-utils", "0.1.0", "main", None, True, "editable", False, None),
        (281, "sniffio", "1.3.1", "main", None, False, "registry", True, None),
        # Only through httpx[socks], the root's socks extra.
        (290, "socksio", "1.0.0", "optional", "socks", False, "registry", True, None),
        (299, "tomli", "2.0.1", "dev", "dev", False, "registry", True, None),
        (308, "typing-extensions", "4.12.2", "main", None, False, "registry", True, None),
        (317, "vendor-sdk", "2.1.0", "main", None, True, "path", True, None),
    ]
    auth = by_name(result, "internal-auth")[0]
    assert auth.url == "git+https://github.com/acme/internal-auth@3f1c2a9d8e7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c"
    assert (by_name(result, "shared-utils")[0].url, by_name(result, "shared-utils")[0].editable) == (
        "../shared-utils",
        True,
    )
    assert by_name(result, "vendor-sdk")[0].hashes == (
        "sha256:4975b2ad3e5c816d3417031164162bb9fb33c0c0cf39da7c85308c732d868e95",
    )
    assert by_name(result, "report-kit")[0].hashes == (
        "sha256:7d1901aade02e7be00e32a1ffe90e04ad72e853a34980a938875d4b1ba44fe8c",
    )
    assert by_name(result, "legacy-shim")[0].url == "../legacy-shim"


def test_uv_git_sources_in_pip_spelling() -> None:
    commit = "0dacfd662c64cb4ceb16e6cf65a157a8b715b979"
    text = f"""version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = {{ virtual = "." }}
dependencies = [
    {{ name = "core" }},
    {{ name = "nightly" }},
]

[[package]]
name = "core"
version = "2.0.0"
source = {{ git = "https://github.com/acme/mono?subdirectory=libs%2Fcore&rev=v2#{commit}" }}

[[package]]
name = "nightly"
source = {{ git = "https://github.com/acme/nightly?branch=main" }}
"""
    result = pylocks.parse_uv_lock(text, "uv.lock", dict_reader({}))

    assert [(d.name, d.version, d.specifier, d.url) for d in result.dependencies] == [
        (
            "core",
            "2.0.0",
            "==2.0.0",
            f"git+https://github.com/acme/mono@{commit}#subdirectory=libs/core",
        ),
        # No commit recorded and no version: the branch it follows (the mutable-ref rule's case).
        ("nightly", None, "", "git+https://github.com/acme/nightly@main"),
    ]
    assert result.skipped == []


def test_uv_script_lock_takes_direct_requirements_from_its_manifest() -> None:
    text = """version = 1
revision = 2
requires-python = ">=3.11"

[manifest]
requirements = [{ name = "rich", specifier = ">=13" }]

[manifest.dependency-groups]
dev = [{ name = "pytest" }]

[[package]]
name = "markdown-it-py"
version = "3.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.2"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "rich"
version = "13.7.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "markdown-it-py" }]
"""
    result = pylocks.parse_uv_lock(text, "tools/uv.lock", dict_reader({}))

    assert [row(d) for d in result.dependencies] == [
        (11, "markdown-it-py", "3.0.0", "main", None, False, "registry", False, None),
        (16, "pytest", "8.3.2", "dev", "dev", True, "registry", False, None),
        (21, "rich", "13.7.1", "main", None, True, "registry", False, None),
    ]


def test_uv_forked_transitive_package_carries_its_resolution_markers() -> None:
    text = """version = 1
revision = 2
requires-python = ">=3.9"
resolution-markers = [
    "python_full_version >= '3.12'",
    "python_full_version == '3.11.*'",
    "python_full_version < '3.11'",
]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "pandas" }]

[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }
resolution-markers = [
    "python_full_version == '3.11.*'",
    "python_full_version < '3.11'",
]

[[package]]
name = "numpy"
version = "2.1.0"
source = { registry = "https://pypi.org/simple" }
resolution-markers = [
    "python_full_version >= '3.12'",
]

[[package]]
name = "pandas"
version = "2.2.2"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "numpy", version = "1.26.4", marker = "python_full_version < '3.12'" },
    { name = "numpy", version = "2.1.0", marker = "python_full_version >= '3.12'" },
]
"""
    result = pylocks.parse_uv_lock(text, "uv.lock", dict_reader({}))

    assert [row(d) for d in result.dependencies] == [
        (16, "numpy", "1.26.4", "main", None, False, "registry", False,
         "(python_full_version == '3.11.*') or (python_full_version < '3.11')"),
        (25, "numpy", "2.1.0", "main", None, False, "registry", False, "python_full_version >= '3.12'"),
        (33, "pandas", "2.2.2", "main", None, True, "registry", False, None),
    ]  # fmt: skip


def test_uv_lock_without_a_project_says_nothing_is_direct() -> None:
    text = """version = 1

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }
"""
    result = pylocks.parse_uv_lock(text, "uv.lock", dict_reader({}))

    assert [row(d) for d in result.dependencies] == [(3, "idna", "3.7", "main", None, False, "registry", False, None)]


def test_uv_lock_skips_broken_entries_and_keeps_the_rest() -> None:
    result = parse_fixture("broken/uv/uv.lock")

    # The root's edges to a missing package and a bare string name nothing; they are not errors.
    assert [row(d) for d in result.dependencies] == [(21, "idna", "3.7", "main", None, True, "registry", False, None)]
    path = "broken/uv/uv.lock"
    assert reasons(result) == [
        (path, "line 17: package 'certifi': no version"),
        (
            path,
            "line 27: package 'legacy-svn-lib': source names no registry, git, url, path, directory, editable, "
            "virtual location: {'svn': 'https://svn.acme.example/legacy/trunk'}",
        ),
        (path, "line 32: package 'six': source must be a table, got a string"),
    ]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("broken/uv-syntax/uv.lock", "invalid TOML: Cannot overwrite a value (at line 9, column 16)"),
        ("broken/uv-version/uv.lock", "version = 2: only uv.lock version 1 is understood; not read"),
    ],
)
def test_uv_lock_that_cannot_be_read_is_one_skip(path: str, reason: str) -> None:
    result = parse_fixture(path)

    assert (result.dependencies, reasons(result), result.manifests) == ([], [(path, reason)], [path])


# ---------------------------------------------------------------------------
# Pipfile.lock


def test_pipfile_lock_default_develop_and_custom_categories() -> None:
    result = parse_fixture("pipenv/Pipfile.lock")

    assert [row(d) for d in result.dependencies] == [
        (19, "certifi", "2024.7.4", "main", None, False, "registry", True, "python_version >= '3.6'"),
        (28, "django", "4.2.14", "main", None, False, "registry", True, "python_version >= '3.8'"),
        (37, "django-anymail", None, "main", None, False, "vcs", False, None),
        (42, "payments-sdk", "3.2.0", "main", None, False, "url", True, None),
        (49, "requests", "2.32.3", "main", None, False, "registry", True, "python_version >= '3.8'"),
        (61, "shared-utils", None, "main", None, False, "editable", False, None),
        # "===0.5.1" is as exact as "==".
        (65, "sqlparse", "0.5.1", "main", None, False, "registry", True, "python_version >= '3.8'"),
        # certifi, locked in develop at the same version as in default, is reported once (as main).
        (85, "iniconfig", "2.0.0", "dev", "develop", False, "registry", True, "python_version >= '3.7'"),
        (93, "pytest", "8.2.2", "dev", "develop", False, "registry", True, "python_version >= '3.8'"),
        # A custom pipenv category ([docs] in the Pipfile).
        (104, "sphinx", "7.4.7", "dev", "docs", False, "registry", True, "python_version >= '3.9'"),
    ]
    anymail = by_name(result, "django-anymail")[0]
    assert anymail.url == "git+https://github.com/anymail/django-anymail.git@9c3e1f0a2b4d6f8e0a1c3e5f7b9d1f3a5c7e9b0d"
    assert (anymail.editable, anymail.specifier, anymail.text) == (True, "", f"django-anymail @ {anymail.url}")
    assert by_name(result, "requests")[0].extras == ("socks",)
    assert by_name(result, "shared-utils")[0].url == "./libs/shared-utils"
    assert by_name(result, "payments-sdk")[0].hashes == (
        "sha256:caa4461d3a38e1561741b6cb7e7a13217251491a2adde863a2a75aac8ba935b3",
    )


def test_minified_pipfile_lock_puts_every_entry_on_line_one() -> None:
    text = (
        '{"_meta":{"pipfile-spec":6},"default":{"idna":{"version":"==3.7"}},"develop":{"pytest":{"version":"==8.2.2"}}}'
    )
    result = pylocks.parse_pipfile_lock(text, "Pipfile.lock", dict_reader({}))

    assert [row(d) for d in result.dependencies] == [
        (1, "idna", "3.7", "main", None, False, "registry", False, None),
        (1, "pytest", "8.2.2", "dev", "develop", False, "registry", False, None),
    ]


def test_pipfile_lock_skips_broken_entries_and_keeps_the_rest() -> None:
    result = parse_fixture("broken/pipenv/Pipfile.lock")

    assert [row(d) for d in result.dependencies] == [(15, "idna", "3.7", "main", None, False, "registry", True, None)]
    path = "broken/pipenv/Pipfile.lock"
    assert reasons(result) == [
        (path, "line 9: default.attrs: version must be a string, got a number"),
        (path, "line 12: default.flask: version '>=2.0' is not an exact pin (==x)"),
        (path, "line 21: default.pyyaml: no version, git, path or file given"),
        (path, "line 26: default.requests: expected an object, got a string"),
        (path, "line 28: develop: expected an object, got a list"),
    ]


def test_pipfile_lock_that_is_not_json_or_not_an_object_is_one_skip() -> None:
    syntax = parse_fixture("broken/pipenv-syntax/Pipfile.lock")
    array = pylocks.parse_pipfile_lock("[]", "Pipfile.lock", dict_reader({}))

    assert syntax.dependencies == []
    assert reasons(syntax) == [
        (
            "broken/pipenv-syntax/Pipfile.lock",
            "invalid JSON at line 8 column 9: Expecting property name enclosed in double quotes",
        )
    ]
    assert reasons(array) == [("Pipfile.lock", "expected a JSON object at the top level, got a list")]


# ---------------------------------------------------------------------------
# pdm.lock


def test_pdm_lock_places_packages_by_group() -> None:
    result = parse_fixture("pdm/pdm.lock")

    assert [row(d) for d in result.dependencies] == [
        (13, "blinker", "1.8.2", "main", None, False, "registry", True, None),
        # groups = ["default", "test"]: main.
        (24, "click", "8.1.7", "main", None, False, "registry", True, None),
        (38, "colorama", "0.4.6", "main", None, False, "registry", True, 'platform_system == "Windows"'),
        (50, "flask", "3.0.3", "main", None, False, "registry", True, None),
        (68, "flask-login", "0.6.3", "main", None, False, "vcs", False, None),
        # PDM locks a package with extras as a second entry: both kept, the second with its extras.
        (82, "psycopg", "3.2.1", "dev", "postgres", False, "registry", True, None),
        (97, "psycopg", "3.2.1", "dev", "postgres", False, "registry", True, None),
        (113, "ruff", "0.5.2", "dev", "lint", False, "registry", True, None),
        (124, "shared-utils", "0.1.0", "main", None, False, "editable", False, None),
        (133, "vendor-sdk", "2.1.0", "main", None, False, "url", True, None),
    ]
    assert [d.extras for d in by_name(result, "psycopg")] == [(), ("binary",)]
    login = by_name(result, "flask-login")[0]
    # The locked revision, not the "main" ref it was asked for.
    assert login.url == "git+https://github.com/maxcountryman/flask-login.git@2204b4eee7b215977ba6d9b7b5ee8d9e0f8e4a5c"
    assert by_name(result, "vendor-sdk")[0].url == "https://downloads.acme.example/vendor_sdk-2.1.0-py3-none-any.whl"


def test_old_pdm_lock_keeps_hashes_in_metadata_files() -> None:
    digest = "d62a0163eb4c2344ac042ab2bdf75399a71a2d8c7d47eac2e2ee91b9d6339569"
    text = f"""[[package]]
name = "certifi"
version = "2021.10.8"
summary = "Python package for providing Mozilla's CA Bundle."
sections = ["default"]

[[package]]
name = "pytest"
version = "6.2.5"
sections = ["dev"]

[metadata]
lock_version = "3.1"
content_hash = "sha256:0f3b5e8c"

[metadata.files]
"certifi 2021.10.8" = [
    {{url = "https://files.pythonhosted.org/p/certifi-2021.10.8-py2.py3-none-any.whl", hash = "sha256:{digest}"}},
]
"""
    result = pylocks.parse_pdm_lock(text, "pdm.lock", dict_reader({}))

    assert [row(d) for d in result.dependencies] == [
        (1, "certifi", "2021.10.8", "main", None, False, "registry", True, None),
        (7, "pytest", "6.2.5", "dev", "dev", False, "registry", False, None),
    ]
    assert result.dependencies[0].hashes == (f"sha256:{digest}",)


def test_pdm_lock_skips_broken_entries_and_keeps_the_rest() -> None:
    result = parse_fixture("broken/pdm/pdm.lock")

    assert [row(d) for d in result.dependencies] == [
        (28, "pluggy", "1.5.0", "dev", "test", False, "registry", True, None)
    ]
    assert reasons(result) == [
        ("broken/pdm/pdm.lock", "line 13: package 'iniconfig': no version"),
        ("broken/pdm/pdm.lock", "line 22: package[1]: no name"),
    ]


# ---------------------------------------------------------------------------
# pylock.toml (PEP 751)


def test_pylock_places_packages_by_their_markers_and_the_project_entry() -> None:
    result = parse_fixture("pylock/pylock.toml")

    # The entry for the project's own directory is the project: its dependencies are direct.
    assert [row(d) for d in result.dependencies] == [
        (20, "certifi", "2024.7.4", "main", None, True, "registry", True,
         "'default' in dependency_groups or 'dev' in dependency_groups"),
        # A "[[ packages ]]  # comment" header is still an entry's start.
        (31, "httpx", "0.27.0", "main", None, True, "registry", True, "'default' in dependency_groups"),
        (40, "internal-auth", "1.4.0", "main", None, True, "vcs", False, "'default' in dependency_groups"),
        (51, "pytest", "8.2.2", "dev", "dev", False, "registry", True, "'dev' in dependency_groups"),
        (60, "report-kit", "0.3.1", "main", None, True, "url", True,
         "'default' in dependency_groups and sys_platform == 'linux'"),
        (70, "socksio", "1.0.0", "optional", "socks", False, "registry", True, "'socks' in extras"),
        # A source tree records no version.
        (77, "tools-cli", None, "dev", "dev", False, "path", False, "'dev' in dependency_groups"),
    ]  # fmt: skip
    assert by_name(result, "httpx")[0].hashes == (
        "blake2b:b763487e5ad90d282215b3b30de5af4c5c2d640ea26365c62e7b450a7895ed4d"
        "57c3100719b2f5d8d32fb459981e0f0202625c0719ce91cc2b6a04aff949e14e",
        "sha256:25f610ea7ff6dffc500a3462c898e0a285a5ad0f023fee83aeec9877bfbfa425",
    )
    assert by_name(result, "internal-auth")[0].url == (
        "git+https://github.com/acme/internal-auth.git@3f1c2a9d8e7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c"
    )
    assert by_name(result, "report-kit")[0].hashes == (
        "sha256:7d1901aade02e7be00e32a1ffe90e04ad72e853a34980a938875d4b1ba44fe8c",
    )
    assert by_name(result, "tools-cli")[0].url == "../tools-cli"


def test_pylock_marker_that_excludes_a_group_or_names_a_default_group_is_main() -> None:
    text = """lock-version = "1.0"
created-by = "uv"
default-groups = ["runtime"]

[[packages]]
name = "gunicorn"
version = "22.0.0"
marker = "'dev' not in dependency_groups"

[[packages]]
name = "uvicorn"
version = "0.30.1"
marker = "'runtime' in dependency_groups and 'docs' in dependency_groups"

[[packages]]
name = "mkdocs"
version = "1.6.0"
marker = "'docs' in dependency_groups or 'pdf' in extras"

[[packages]]
name = "acme-plugins"
version = "0.2.0"

[packages.archive]
path = "dist/acme_plugins-0.2.0-py3-none-any.whl"
hashes = {SHA256 = "2c4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e"}
"""
    result = pylocks.parse_pylock(text, "pylock.prod.toml", dict_reader({}))

    assert [row(d) for d in result.dependencies] == [
        (5, "gunicorn", "22.0.0", "main", None, False, "registry", False, "'dev' not in dependency_groups"),
        (10, "uvicorn", "0.30.1", "main", None, False, "registry", False,
         "'runtime' in dependency_groups and 'docs' in dependency_groups"),
        # An extra outranks a dependency group: it is what users install.
        (15, "mkdocs", "1.6.0", "optional", "pdf", False, "registry", False,
         "'docs' in dependency_groups or 'pdf' in extras"),
        (20, "acme-plugins", "0.2.0", "main", None, False, "path", True, None),
    ]  # fmt: skip
    assert result.dependencies[3].hashes == ("sha256:2c4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e",)


def test_pylock_skips_broken_entries_of_an_inline_package_array() -> None:
    result = parse_fixture("broken/pylock/pylock.toml")

    assert [row(d) for d in result.dependencies] == [(6, "idna", "3.7", "main", None, True, "registry", True, None)]
    path = "broken/pylock/pylock.toml"
    assert reasons(result) == [
        (path, "line 7: packages[2]: expected a table, got a string"),
        (path, "line 8: package 'markupsafe': vcs must be a table, got a string"),
        (path, "line 9: package 'pillow': archive has no url or path"),
        (path, "line 10: package 'soupsieve': no version"),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('lock-version = "2.0"\n', "lock-version '2.0' is not supported (major version 1 expected); not read"),
        ('created-by = "pip"\n', "lock-version is missing: not a PEP 751 lock file; not read"),
        ("lock-version = 1.0\n", "lock-version is a float, not a string: not a PEP 751 lock file; not read"),
    ],
)
def test_pylock_without_a_version_1_lock_version_is_one_skip(text: str, reason: str) -> None:
    result = pylocks.parse_pylock(
        text + '[[packages]]\nname = "idna"\nversion = "3.7"\n', "pylock.toml", dict_reader({})
    )

    assert (result.dependencies, reasons(result)) == ([], [("pylock.toml", reason)])


def test_pylock_fixture_with_a_future_lock_version_is_not_read() -> None:
    result = parse_fixture("broken/pylock-version/pylock.toml")

    assert result.dependencies == []
    assert reasons(result) == [
        (
            "broken/pylock-version/pylock.toml",
            "lock-version '2.0' is not supported (major version 1 expected); not read",
        )
    ]


# ---------------------------------------------------------------------------
# setup.cfg


def test_setup_cfg_options_extras_and_file_directives() -> None:
    result = parse_fixture("setuptools/setup.cfg")

    assert [(d.file, *row(d)) for d in result.dependencies] == [
        ("setuptools/extras/postgres.txt", 2, "psycopg", None, "optional", "postgres", True, "registry", False, None),
        ("setuptools/extras/postgres.txt", 3, "sqlalchemy", None, "optional", "postgres", True, "registry", False,
         None),
        # install-requires (setuptools still reads the dashed spelling), tab-indented lines.
        ("setuptools/setup.cfg", 13, "jinja2", None, "main", None, True, "registry", False, None),
        ("setuptools/setup.cfg", 14, "requests", None, "main", None, True, "registry", False, None),
        # Line 15 is a ";" comment inside the value.
        ("setuptools/setup.cfg", 16, "importlib-metadata", None, "main", None, True, "registry", False,
         'python_version < "3.10"'),
        # Markers read in packaging's spelling.
        ("setuptools/setup.cfg", 17, "tomli", None, "main", None, True, "registry", False, 'python_version < "3.11"'),
        # A one-line value is split at ";".
        ("setuptools/setup.cfg", 18, "setuptools-scm", None, "build", None, True, "registry", False, None),
        ("setuptools/setup.cfg", 18, "wheel", None, "build", None, True, "registry", False, None),
        ("setuptools/setup.cfg", 20, "pytest", None, "dev", "tests_require", True, "registry", False, None),
        ("setuptools/setup.cfg", 21, "pytest-cov", None, "dev", "tests_require", True, "registry", False, None),
        # "pdf: ..." (configparser's other separator).
        ("setuptools/setup.cfg", 24, "weasyprint", None, "optional", "pdf", True, "registry", False, None),
        ("setuptools/setup.cfg", 27, "boto3", None, "optional", "s3", True, "registry", False, None),
        ("setuptools/setup.cfg", 29, "moto", None, "optional", "s3", True, "registry", False, None),
    ]  # fmt: skip
    requests = by_name(result, "requests")[0]
    # The inline comment is not part of the requirement.
    assert (requests.text, requests.specifier, requests.extras) == ("requests[socks] >= 2.31", ">=2.31", ("socks",))
    assert {d.manifest_kind for d in result.dependencies} == {"setup-cfg"}
    assert by_name(result, "sqlalchemy")[0].specifier == ">=2.0,<2.1"
    assert result.manifests == ["setuptools/setup.cfg", "setuptools/extras/postgres.txt"]
    assert result.skipped == []


def test_setup_cfg_bad_values_and_unreadable_files_are_skips() -> None:
    result = parse_fixture("broken/setuptools/setup.cfg")

    assert [(d.file, *row(d)) for d in result.dependencies] == [
        ("broken/setuptools/dev-deps.txt", 3, "pytest", None, "optional", "dev", True, "registry", False, None),
        ("broken/setuptools/setup.cfg", 6, "dataclasses", None, "main", None, True, "registry", False, None),
        ("broken/setuptools/setup.cfg", 8, "setuptools", None, "build", None, True, "registry", False, None),
    ]
    cfg = "broken/setuptools/setup.cfg"
    assert reasons(result) == [
        (
            cfg,
            "line 6: [options] install_requires: invalid requirement 'python_version < \"3.7\"': Expected semicolon "
            "(after name with no version specifier) or end; setuptools splits a one-line value at ';', so a marker "
            "needs the multi-line form",
        ),
        (
            cfg,
            "line 9: [options] setup_requires: invalid requirement 'cython>>3.0': Expected semicolon (after name "
            "with no version specifier) or end",
        ),
        (
            "broken/setuptools/requirements/test.txt",
            f"named by file: in {cfg}:10 ([options] tests_require): cannot read: No such file or directory",
        ),
        (
            "broken/setuptools/dev-deps.txt",
            "line 2: invalid requirement '-r base.txt': Expected package name at the start of dependency specifier "
            f"(named by file: in {cfg}:13)",
        ),
        (
            cfg,
            "line 14: [options.extras_require] ops: file: '/etc/acme/requirements.txt' is outside the repository; "
            "not read",
        ),
    ]  # fmt: skip
    assert result.manifests == [cfg, "broken/setuptools/dev-deps.txt"]


def test_setup_cfg_file_directive_reads_through_the_include_reader_only_inside_the_repository() -> None:
    text = "[options]\ninstall_requires = file: requirements.in, ../../shared/base.in\n"
    files = {"svc/requirements.in": "flask>=3  # web\n\n# pinned below\ngunicorn==22.0.0\n"}
    result = pylocks.parse_setup_cfg(text, "svc/setup.cfg", dict_reader(files))

    assert [(d.file, d.line, d.name, d.specifier, d.version, d.scope) for d in result.dependencies] == [
        ("svc/requirements.in", 1, "flask", ">=3", None, "main"),
        ("svc/requirements.in", 4, "gunicorn", "==22.0.0", "22.0.0", "main"),
    ]
    assert reasons(result) == [
        (
            "svc/setup.cfg",
            "line 2: [options] install_requires: file: '../../shared/base.in' is outside the repository; not read",
        )
    ]
    assert result.manifests == ["svc/setup.cfg", "svc/requirements.in"]


def test_setup_cfg_that_configparser_rejects_is_one_skip() -> None:
    duplicate = parse_fixture("broken/setuptools-syntax/setup.cfg")
    headless = pylocks.parse_setup_cfg("install_requires = flask\n", "setup.cfg", dict_reader({}))
    no_options = pylocks.parse_setup_cfg("[metadata]\nname = x\n", "setup.cfg", dict_reader({}))

    assert duplicate.dependencies == []
    assert reasons(duplicate) == [
        (
            "broken/setuptools-syntax/setup.cfg",
            "invalid setup.cfg: While reading from 'broken/setuptools-syntax/setup.cfg' [line 7]: option "
            "'install_requires' in section 'options' already exists",
        )
    ]
    assert reasons(headless) == [
        (
            "setup.cfg",
            "invalid setup.cfg: File contains no section headers. file: 'setup.cfg', line: 1 "
            "'install_requires = flask\\n'",
        )
    ]  # fmt: skip
    assert (no_options.dependencies, no_options.skipped, no_options.manifests) == ([], [], ["setup.cfg"])


def test_setup_cfg_percent_signs_are_not_interpolated() -> None:
    result = pylocks.parse_setup_cfg(
        "[options]\ninstall_requires =\n    pkg @ https://example.com/pkg-1.0.tar.gz?sig=a%2Fb\n",
        "setup.cfg",
        dict_reader({}),
    )

    assert [(d.name, d.kind, d.url) for d in result.dependencies] == [
        ("pkg", "url", "https://example.com/pkg-1.0.tar.gz?sig=a%2Fb")
    ]


# ---------------------------------------------------------------------------
# Registry and agent


@pytest.mark.parametrize(
    ("path", "function"),
    [
        ("poetry.lock", pylocks.parse_poetry_lock),
        ("services/api/poetry.lock", pylocks.parse_poetry_lock),
        ("uv.lock", pylocks.parse_uv_lock),
        ("Pipfile.lock", pylocks.parse_pipfile_lock),
        ("backend/Pipfile.lock", pylocks.parse_pipfile_lock),
        ("pdm.lock", pylocks.parse_pdm_lock),
        ("pylock.toml", pylocks.parse_pylock),
        ("pylock.dev.toml", pylocks.parse_pylock),
        ("setup.cfg", pylocks.parse_setup_cfg),
    ],
)
def test_parser_for_finds_the_python_lock_parsers(path: str, function: object) -> None:
    assert parser_for(path) is function


def fixture_files() -> list[str]:
    return sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*") if p.is_file())


def test_agent_reports_lockfile_dependencies_and_every_broken_file() -> None:
    files = [f for f in fixture_files() if AGENT.wants(f)]
    # The files named by file: directives are read through setup.cfg, not scanned on their own.
    assert "setuptools/extras/postgres.txt" not in files

    payload = AGENT.analyze(AgentContext(root=FIXTURES), files)

    dependencies = payload["dependencies"]
    uv_httpx = [d for d in dependencies if d["file"] == "uv/uv.lock" and d["name"] == "httpx"]
    assert uv_httpx == [
        {
            "file": "uv/uv.lock",
            "line": 150,
            "ecosystem": "PyPI",
            "name": "httpx",
            "rawName": "httpx",
            "specifier": "==0.27.0",
            "version": "0.27.0",
            "extras": [],
            "marker": None,
            "scope": "main",
            "group": None,
            "kind": "registry",
            "url": None,
            "editable": False,
            "hashed": True,
            "direct": True,
        }
    ]
    counts: dict[str, int] = {}
    for d in dependencies:
        counts[d["file"]] = counts.get(d["file"], 0) + 1
    assert counts == {
        "broken/pdm/pdm.lock": 1,
        "broken/pipenv/Pipfile.lock": 1,
        "broken/poetry/poetry.lock": 1,
        "broken/pylock/pylock.toml": 1,
        "broken/setuptools/dev-deps.txt": 1,
        "broken/setuptools/setup.cfg": 2,
        "broken/uv/uv.lock": 1,
        "pdm/pdm.lock": 10,
        "pipenv/Pipfile.lock": 10,
        "poetry-1.1/poetry.lock": 5,
        "poetry/poetry.lock": 13,
        "pylock/pylock.toml": 7,
        "setuptools/extras/postgres.txt": 2,
        "setuptools/setup.cfg": 11,
        "uv/uv.lock": 25,
    }
    lockfile_entries = [d for d in dependencies if not d["file"].startswith(("setuptools/", "broken/setuptools/"))]
    assert all(d["specifier"] == (f"=={d['version']}" if d["version"] else "") for d in lockfile_entries)
    skipped_paths = {s["path"] for s in payload["skipped"]}
    assert skipped_paths == {
        "broken/pdm/pdm.lock",
        "broken/pipenv-syntax/Pipfile.lock",
        "broken/pipenv/Pipfile.lock",
        "broken/poetry-not-array/poetry.lock",
        "broken/poetry/poetry.lock",
        "broken/pylock-version/pylock.toml",
        "broken/pylock/pylock.toml",
        "broken/setuptools-syntax/setup.cfg",
        "broken/setuptools/dev-deps.txt",
        "broken/setuptools/requirements/test.txt",
        "broken/setuptools/setup.cfg",
        "broken/uv-syntax/uv.lock",
        "broken/uv-version/uv.lock",
        "broken/uv/uv.lock",
    }
    assert payload["filesScanned"] == len(files)
    # No supply-chain finding (DEP001-DEP005) is about these lockfile entries: each is pinned exactly,
    # by commit or with hashes, and fetched over HTTPS.
    lockfile_paths = {d["file"] for d in lockfile_entries}
    supply_chain = {"DEP001", "DEP002", "DEP003", "DEP004", "DEP005"}
    assert [
        i for i in payload["issues"] if i["location"]["path"] in lockfile_paths and i["ruleId"] in supply_chain
    ] == []
