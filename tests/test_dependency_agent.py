"""The dependency agent: manifest parsers, the rule checks, and the agent end to end on fixture repos."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.base import Agent, AgentContext, Skipped, load_agent
from agents.dependency.agent import AGENT
from agents.dependency.catalogue import RULES
from agents.dependency.manifests import manifest_pattern
from agents.dependency.model import Dependency, ManifestOption, ParseResult, redact_credentials
from agents.dependency.parsers import (
    IncludeReader,
    parse_pyproject,
    parse_requirements,
    poetry_constraint_to_pep440,
    split_vcs_url,
)
from agents.dependency.rules import Manifests, Policy, run_checks

FIXTURES = Path(__file__).parent / "fixtures" / "dependency"

Brief = tuple[str, int, str, str, "str | None", str, "str | None", str]


def brief(dependency: Dependency) -> Brief:
    """The facts a test usually pins down: file, line, name, specifier, version, scope, group, kind."""
    d = dependency
    return (d.file, d.line, d.name, d.specifier, d.version, d.scope, d.group, d.kind)


def dict_reader(files: Mapping[str, str], calls: list[str] | None = None) -> IncludeReader:
    def read(path: str) -> str | Skipped:
        if calls is not None:
            calls.append(path)
        return files[path] if path in files else Skipped(path, "cannot read: No such file or directory")

    return read


def directory_reader(root: Path) -> IncludeReader:
    def read(path: str) -> str | Skipped:
        full = root / path
        return full.read_text(encoding="utf-8") if full.is_file() else Skipped(path, "missing")

    return read


def parse_fixture_requirements(repo: str, path: str) -> ParseResult:
    root = FIXTURES / repo
    return parse_requirements((root / path).read_text(encoding="utf-8"), path, read_include=directory_reader(root))


def fixture_files(repo: str) -> list[str]:
    root = FIXTURES / repo
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def analyze(root: Path, files: list[str], **options: Any) -> dict[str, Any]:
    """The supply-chain checks alone: vulnerability matching has its own tests (test_vulnerability_findings.py)."""
    options.setdefault("vulnerabilities", False)
    return AGENT.analyze(AgentContext(root=root, options=options), [f for f in files if AGENT.wants(f)])


def issue_summary(payload: Mapping[str, Any]) -> list[tuple[str, str, int, str]]:
    return [(i["ruleId"], i["location"]["path"], i["location"]["line"], i["severity"]) for i in payload["issues"]]


# ---------------------------------------------------------------------------
# requirements files


def test_application_requirements_fixture_is_parsed_line_by_line() -> None:
    result = parse_fixture_requirements("app", "requirements.txt")

    assert [brief(d) for d in result.dependencies] == [
        # -r requirements/base.txt (line 8) is read in place; its -r back to us ends the cycle.
        ("requirements/base.txt", 3, "attrs", "==23.2.0", "23.2.0", "main", None, "registry"),
        ("requirements/base.txt", 4, "pydantic", ">=2.6,<3", None, "main", None, "registry"),
        # -c constraints.txt (line 9): its lines install nothing.
        ("constraints.txt", 2, "celery", "==5.3.6", "5.3.6", "constraint", None, "registry"),
        ("constraints.txt", 3, "kombu", ">=5.3", None, "constraint", None, "registry"),
        ("requirements.txt", 11, "django", "==4.2.11", "4.2.11", "main", None, "registry"),
        ("requirements.txt", 14, "celery", ">=5.3", None, "main", None, "registry"),
        ("requirements.txt", 15, "redis", "~=5.0", None, "main", None, "registry"),
        ("requirements.txt", 16, "gunicorn", "", None, "main", None, "registry"),
        ("requirements.txt", 17, "uvicorn", "==0.29.0", "0.29.0", "main", None, "registry"),
        ("requirements.txt", 18, "psycopg2-binary", "==2.9.*", None, "main", None, "registry"),
        ("requirements.txt", 19, "internal-tools", "", None, "main", None, "vcs"),
        ("requirements.txt", 20, "auth-client", "", None, "main", None, "vcs"),
        ("requirements.txt", 21, "legacy-lib", "", "1.4", "main", None, "url"),
        ("requirements.txt", 22, "requests", ">=2.31,<3", None, "main", None, "registry"),
        ("requirements.txt", 23, "sentry-sdk", ">=1.40", None, "main", None, "registry"),
    ]
    assert result.options == [
        ManifestOption(
            "requirements.txt", 4, "index-url", "https://pypi.org/simple", "--index-url https://pypi.org/simple"
        ),
        ManifestOption(
            "requirements.txt",
            5,
            "extra-index-url",
            "https://deploy:s3cr3t-token@packages.example.com/simple",
            "--extra-index-url https://deploy:s3cr3t-token@packages.example.com/simple",
        ),
        ManifestOption(
            "requirements.txt", 6, "trusted-host", "packages.example.com", "--trusted-host packages.example.com"
        ),
    ]
    assert result.manifests == ["requirements.txt", "requirements/base.txt", "constraints.txt"]
    assert result.skipped == []

    by_name = {(d.file, d.name): d for d in result.dependencies}
    django = by_name["requirements.txt", "django"]
    assert django.raw_name == "Django"
    assert django.text == "Django==4.2.11"
    assert django.hashes == (
        "sha256:6e6ff3db2d8dd0c986b4eec8554c8e4f919b5c1ff62a5b4390c17aff2ed6e5c4",
        "sha256:ddc24a0a8280a0430baa37aff11f28574720af05888c62b7cfe71d219f4599d3",
    )
    uvicorn = by_name["requirements.txt", "uvicorn"]
    assert (uvicorn.extras, uvicorn.marker) == (("standard",), 'sys_platform != "win32"')
    sentry = by_name["requirements.txt", "sentry-sdk"]
    assert sentry.extras == ("celery", "flask")
    assert sentry.marker == 'python_version >= "3.8" and platform_python_implementation == "CPython"'
    assert by_name["requirements.txt", "requests"].text == "requests >=2.31,<3"
    assert by_name["requirements.txt", "auth-client"].url == (
        "git+https://github.com/example/auth-client@0f4c5e3a9b8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"
    )
    assert by_name["requirements.txt", "legacy-lib"].url == "http://downloads.example.com/legacy/legacy_lib-1.4.tar.gz"
    assert all(d.ecosystem == "PyPI" and d.direct and d.manifest_kind == "requirements" for d in result.dependencies)


def test_dev_requirements_fixture_has_editables_and_keeps_going_past_a_bad_line() -> None:
    result = parse_fixture_requirements("app", "requirements/dev.txt")

    own = [d for d in result.dependencies if d.file == "requirements/dev.txt"]
    assert [brief(d) for d in own] == [
        ("requirements/dev.txt", 2, ".", "", None, "dev", "dev", "editable"),
        ("requirements/dev.txt", 3, "pytest-plugin", "", None, "dev", "dev", "vcs"),
        ("requirements/dev.txt", 4, "pytest", "", None, "dev", "dev", "registry"),
        ("requirements/dev.txt", 5, "black", "==24.3.0", "24.3.0", "dev", "dev", "registry"),
        ("requirements/dev.txt", 6, "mypy", ">=1.8", None, "dev", "dev", "registry"),
    ]
    editable_root, editable_vcs = own[0], own[1]
    assert (editable_root.editable, editable_root.extras, editable_root.url, editable_root.text) == (
        True,
        ("test",),
        ".",
        "-e .[test]",
    )
    assert (editable_vcs.editable, editable_vcs.url) == (
        True,
        "git+https://github.com/example/pytest-plugin.git#egg=pytest-plugin",
    )
    # base.txt is included, which includes requirements.txt, which includes base.txt again and constraints.txt.
    assert result.manifests == ["requirements/dev.txt", "requirements/base.txt", "requirements.txt", "constraints.txt"]
    assert len(result.dependencies) == 5 + 2 + 2 + 11
    assert result.skipped == [
        Skipped(
            "requirements/dev.txt",
            "line 7: invalid requirement 'this is not a requirement': "
            "Expected semicolon (after name with no version specifier) or end",
        )
    ]


def test_continuations_join_lines_and_a_comment_ends_one() -> None:
    text = (
        "alpha==1.0 \\\n"
        "    --hash=sha256:ab \\\n"
        "    --hash=sha256:cd\n"
        "# a comment ending in a backslash continues nothing \\\n"
        "beta>=2\n"
        "gamma \\\n"
        "# a comment line ends the continuation\n"
        "delta   # trailing comment\n"
        "epsilon==3 \\\n"
    )
    result = parse_requirements(text, "requirements.txt", read_include=dict_reader({}))

    assert [(d.line, d.name, d.specifier, d.hashes) for d in result.dependencies] == [
        (1, "alpha", "==1.0", ("sha256:ab", "sha256:cd")),
        (5, "beta", ">=2", ()),
        (6, "gamma", "", ()),
        (8, "delta", "", ()),
        (9, "epsilon", "==3", ()),
    ]
    assert result.skipped == []


def test_includes_resolve_relative_to_the_including_file_and_cycles_end() -> None:
    files = {
        "req/a.txt": "-r b.txt\nalpha==1\n",
        "req/b.txt": "-r a.txt\n-r ./b.txt\n--requirement=../req/a.txt\nbeta==2\n",
        "req/c.txt": "-rd.txt\ngamma==3\n",
        "req/d.txt": "delta==4\n",
    }
    calls: list[str] = []
    result = parse_requirements(
        "-r req/a.txt\n--constraint req/c.txt\n", "requirements.txt", read_include=dict_reader(files, calls)
    )

    assert [brief(d) for d in result.dependencies] == [
        ("req/b.txt", 4, "beta", "==2", "2", "main", None, "registry"),
        ("req/a.txt", 2, "alpha", "==1", "1", "main", None, "registry"),
        # -r inside a constraints file is a constraints file as well.
        ("req/d.txt", 1, "delta", "==4", "4", "constraint", None, "registry"),
        ("req/c.txt", 2, "gamma", "==3", "3", "constraint", None, "registry"),
    ]
    assert calls == ["req/a.txt", "req/b.txt", "req/c.txt", "req/d.txt"]
    assert result.manifests == ["requirements.txt", "req/a.txt", "req/b.txt", "req/c.txt", "req/d.txt"]
    assert result.skipped == []


def test_includes_that_cannot_be_read_are_skips_and_the_rest_is_parsed() -> None:
    text = (
        "-r missing.txt\n"
        "-r ../elsewhere/requirements.txt\n"
        "-r /etc/requirements.txt\n"
        "-c C:\\deps\\constraints.txt\n"
        "-r https://example.com/requirements.txt\n"
        "flask==3.0.2\n"
    )
    calls: list[str] = []
    result = parse_requirements(text, "services/api/requirements.txt", read_include=dict_reader({}, calls))

    assert [brief(d) for d in result.dependencies] == [
        ("services/api/requirements.txt", 6, "flask", "==3.0.2", "3.0.2", "main", None, "registry")
    ]
    assert calls == ["services/api/missing.txt", "services/elsewhere/requirements.txt"]
    assert result.skipped == [
        Skipped(
            "services/api/missing.txt",
            "included from services/api/requirements.txt:1: cannot read: No such file or directory",
        ),
        Skipped(
            "services/elsewhere/requirements.txt",
            "included from services/api/requirements.txt:2: cannot read: No such file or directory",
        ),
        Skipped(
            "services/api/requirements.txt",
            "line 3: include '/etc/requirements.txt' is an absolute path outside the repository; not read",
        ),
        Skipped(
            "services/api/requirements.txt",
            "line 4: include 'C:\\\\deps\\\\constraints.txt' is an absolute path outside the repository; not read",
        ),
        Skipped(
            "services/api/requirements.txt",
            "line 5: include 'https://example.com/requirements.txt' is remote; not fetched",
        ),
    ]


def test_include_escaping_the_repository_is_not_read() -> None:
    calls: list[str] = []
    result = parse_requirements("-r ../../shared.txt\n", "sub/requirements.txt", read_include=dict_reader({}, calls))

    assert calls == []
    assert result.skipped == [
        Skipped("sub/requirements.txt", "line 1: include '../../shared.txt' is outside the repository; not read")
    ]


def test_every_pip_requirement_form_is_recognised() -> None:
    text = "\n".join(
        [
            "-e ./packages/core[cli,yaml]",
            "--editable=git+https://github.com/org/tool.git@v2.1#egg=org_tool",
            "-e git+https://github.com/org/nameless.git",
            "plugin @ https://example.com/downloads/plugin-0.3.tar.gz ; python_version >= '3.10'",
            "https://example.com/wheels/fastjson-2.0.1-cp311-cp311-manylinux_2_17_x86_64.whl",
            "./dist/localpkg-1.2.0.tar.gz",
            "../vendored/libthing",
            "svn+https://svn.example.org/repo/trunk@1234#egg=svnpkg",
            "Pillow[avif] === 10.3.0",
            "zope.interface!=5.0",
        ]
    )
    result = parse_requirements(text, "requirements.txt", read_include=dict_reader({}))

    assert [(d.line, d.raw_name, d.name, d.kind, d.version, d.extras, d.editable) for d in result.dependencies] == [
        (1, "core", "core", "editable", None, ("cli", "yaml"), True),
        (2, "org_tool", "org-tool", "vcs", None, (), True),
        (3, "nameless", "nameless", "vcs", None, (), True),
        (4, "plugin", "plugin", "url", "0.3", (), False),
        (5, "fastjson", "fastjson", "url", "2.0.1", (), False),
        (6, "localpkg", "localpkg", "path", "1.2.0", (), False),
        (7, "libthing", "libthing", "path", None, (), False),
        (8, "svnpkg", "svnpkg", "vcs", None, (), False),
        (9, "Pillow", "pillow", "registry", "10.3.0", ("avif",), False),
        (10, "zope.interface", "zope-interface", "registry", None, (), False),
    ]
    assert [d.url for d in result.dependencies][:4] == [
        "./packages/core",
        "git+https://github.com/org/tool.git@v2.1#egg=org_tool",
        "git+https://github.com/org/nameless.git",
        "https://example.com/downloads/plugin-0.3.tar.gz",
    ]
    assert result.dependencies[3].marker == 'python_version >= "3.10"'
    assert result.skipped == []


def test_global_options_are_recorded_and_bad_option_lines_are_skips() -> None:
    text = "\n".join(
        [
            "-i http://pypi.internal/simple",
            "--find-links=./wheels --no-index",
            "--pre",
            "--frobnicate=yes",
            '--index-url "https://unterminated',
            "--hash=sha256:abcd",
            "--trusted-host",
            "--pre=now",
            "-e",
            "requests==2.31.0",
        ]
    )
    result = parse_requirements(text, "requirements.txt", read_include=dict_reader({}))

    assert [(o.line, o.name, o.value, o.text) for o in result.options] == [
        (1, "index-url", "http://pypi.internal/simple", "--index-url http://pypi.internal/simple"),
        (2, "find-links", "./wheels", "--find-links ./wheels"),
        (2, "no-index", None, "--no-index"),
        (3, "pre", None, "--pre"),
    ]
    assert [brief(d) for d in result.dependencies] == [
        ("requirements.txt", 10, "requests", "==2.31.0", "2.31.0", "main", None, "registry")
    ]
    assert [s.reason for s in result.skipped] == [
        "line 4: unknown option '--frobnicate'; line ignored: '--frobnicate=yes'",
        "line 5: cannot split options: No closing quotation; line ignored: '--index-url \"https://unterminated'",
        "line 6: option --hash without a requirement; ignored",
        "line 7: option --trusted-host needs a value; line ignored: '--trusted-host'",
        "line 8: option --pre takes no value; line ignored: '--pre=now'",
        "line 9: option -e needs a value; line ignored: '-e'",
    ]


@pytest.mark.parametrize(
    ("path", "scope", "group"),
    [
        ("requirements.txt", "main", None),
        ("requirements-dev.txt", "dev", "dev"),
        ("test-requirements.txt", "dev", "test"),
        ("requirements/docs.txt", "dev", "docs"),
        ("requirements/prod.txt", "main", None),
        ("requirements_lint.in", "dev", "lint"),
    ],
)
def test_scope_of_a_requirements_file_follows_its_name(path: str, scope: str, group: str | None) -> None:
    result = parse_requirements("six==1.16.0\n", path, read_include=dict_reader({}))

    assert [(d.scope, d.group) for d in result.dependencies] == [(scope, group)]


# ---------------------------------------------------------------------------
# pyproject.toml


def test_pep621_pep735_and_build_system_fixture_is_parsed_with_lines() -> None:
    path = FIXTURES / "lib" / "pyproject.toml"
    result = parse_pyproject(path.read_text(encoding="utf-8"), "pyproject.toml")

    assert [brief(d) for d in result.dependencies] == [
        ("pyproject.toml", 10, "httpx", ">=0.27", None, "main", None, "registry"),
        ("pyproject.toml", 11, "attrs", "", None, "main", None, "registry"),
        ("pyproject.toml", 12, "typing-extensions", ">=4.7", None, "main", None, "registry"),
        ("pyproject.toml", 13, "rich", "~=13.7", None, "main", None, "registry"),
        ("pyproject.toml", 17, "click", ">=8.1", None, "optional", "cli", "registry"),
        ("pyproject.toml", 19, "pyyaml", "", None, "optional", "yaml", "registry"),
        # The same string in a second extra maps to its own line.
        ("pyproject.toml", 20, "click", ">=8.1", None, "optional", "yaml", "registry"),
        ("pyproject.toml", 24, "pytest", ">=8", None, "dev", "test", "registry"),
        ("pyproject.toml", 24, "pytest-cov", "", None, "dev", "test", "registry"),
        ("pyproject.toml", 25, "ruff", "==0.4.1", "0.4.1", "dev", "lint", "registry"),
        ("pyproject.toml", 26, "ipython", "", None, "dev", "dev", "registry"),
        ("pyproject.toml", 2, "setuptools", ">=68", None, "build", None, "registry"),
        ("pyproject.toml", 2, "wheel", "", None, "build", None, "registry"),
    ]
    typing_extensions = result.dependencies[2]
    assert typing_extensions.marker == 'python_version < "3.11"'
    assert typing_extensions.text == 'typing-extensions>=4.7; python_version < "3.11"'
    assert result.dependencies[3].extras == ("jupyter",)
    assert all(d.manifest_kind == "pyproject" for d in result.dependencies)
    assert result.manifests == ["pyproject.toml"]
    assert result.skipped == []


def test_poetry_fixture_translates_constraints_and_sources() -> None:
    path = FIXTURES / "poetry" / "pyproject.toml"
    result = parse_pyproject(path.read_text(encoding="utf-8"), "pyproject.toml")

    assert [brief(d) for d in result.dependencies] == [
        ("pyproject.toml", 8, "fastapi", ">=0.110.0,<0.111.0", None, "main", None, "registry"),
        ("pyproject.toml", 9, "sqlalchemy", ">=2.0,<2.1", None, "main", None, "registry"),
        ("pyproject.toml", 10, "pendulum", "==3.0.0", "3.0.0", "main", None, "registry"),
        ("pyproject.toml", 11, "loguru", "", None, "main", None, "registry"),
        ("pyproject.toml", 12, "boto3", ">=1.34", None, "optional", "aws", "registry"),
        ("pyproject.toml", 13, "internal-sdk", "", None, "main", None, "vcs"),
        ("pyproject.toml", 14, "shared-models", "", None, "main", None, "editable"),
        ("pyproject.toml", 15, "numpy", ">=1.26,<2.0", None, "main", None, "registry"),
        ("pyproject.toml", 15, "numpy", ">=2.0,<3.0", None, "main", None, "registry"),
        ("pyproject.toml", 24, "coverage", ">=7.4,<8.0", None, "dev", "dev", "registry"),
        ("pyproject.toml", 27, "pytest", ">=8.1,<9.0", None, "dev", "test", "registry"),
        ("pyproject.toml", 28, "hypothesis", ">=6.100,<7", None, "dev", "test", "registry"),
        ("pyproject.toml", 31, "mkdocs", "==1.5.3", "1.5.3", "dev", "docs", "registry"),
        ("pyproject.toml", 34, "poetry-core", ">=1.0.0", None, "build", None, "registry"),
    ]
    by_name = {d.name: d for d in result.dependencies}
    assert by_name["sqlalchemy"].extras == ("asyncio",)
    assert by_name["internal-sdk"].url == "git+https://github.com/example/internal-sdk.git@develop"
    assert (by_name["shared-models"].url, by_name["shared-models"].editable) == ("../shared-models", True)
    assert by_name["mkdocs"].marker == "platform_system != 'Windows'"
    assert by_name["loguru"].text == 'loguru = "*"'
    assert result.skipped == []


@pytest.mark.parametrize(
    ("constraint", "pep440"),
    [
        ("^1.2.3", ">=1.2.3,<2.0.0"),
        ("^1.2", ">=1.2,<2.0"),
        ("^0.2.3", ">=0.2.3,<0.3.0"),
        ("^0.0.3", ">=0.0.3,<0.0.4"),
        ("^0", ">=0,<1"),
        ("~1.2.3", ">=1.2.3,<1.3.0"),
        ("~1", ">=1,<2"),
        ("~=1.4", "~=1.4"),
        ("1.2.3", "==1.2.3"),
        ("=1.2.3", "==1.2.3"),
        ("1.2.*", "==1.2.*"),
        (">=1.2 <2.0 !=1.5", ">=1.2,!=1.5,<2.0"),
        (" * ", ""),
        ("^1.0 || ^2.0", None),
        ("^banana", None),
        (">>1", None),
    ],
)
def test_poetry_constraints_become_pep440(constraint: str, pep440: str | None) -> None:
    assert poetry_constraint_to_pep440(constraint) == pep440


def test_poetry_git_sources_by_rev_tag_and_scp_address() -> None:
    text = """
[tool.poetry.dependencies]
pinned = { git = "https://github.com/org/pinned.git", rev = "0123456789abcdef0123456789abcdef01234567" }
tagged = { git = "git@github.com:org/tagged.git", tag = "v1.0" }
either = "^1.0 || ^2.0"
remote = { url = "https://example.com/remote-1.0-py3-none-any.whl" }
"""
    result = parse_pyproject(text, "pyproject.toml")

    assert [(d.line, d.name, d.kind, d.specifier, d.version, d.url) for d in result.dependencies] == [
        (
            3,
            "pinned",
            "vcs",
            "",
            None,
            "git+https://github.com/org/pinned.git@0123456789abcdef0123456789abcdef01234567",
        ),
        (4, "tagged", "vcs", "", None, "git+ssh://git@github.com/org/tagged.git@v1.0"),
        (5, "either", "registry", "^1.0 || ^2.0", None, None),
        (6, "remote", "url", "", "1.0", "https://example.com/remote-1.0-py3-none-any.whl"),
    ]


def test_invalid_toml_is_one_skip_and_nothing_else() -> None:
    text = (FIXTURES / "broken" / "pyproject.toml").read_text(encoding="utf-8")

    result = parse_pyproject(text, "pyproject.toml")

    assert result == ParseResult(
        skipped=[Skipped("pyproject.toml", "invalid TOML: Unclosed array (at line 7, column 1)")]
    )


def test_malformed_pyproject_entries_are_skips_and_the_rest_is_kept() -> None:
    text = """
[project]
dependencies = ["requests>=2", 42, "not a valid requirement!"]
optional-dependencies = "none"

[build-system]
requires = "setuptools"

[dependency-groups]
test = ["pytest", {include-group = "missing"}, {include-group = "lint", extra = 1}]
lint = ["ruff", {include-group = "docs"}]
docs = [{include-group = "lint"}, "sphinx"]
Docs = []
bad = "pytest"

[tool.poetry.dependencies]
flask = 3
django = { optional = true }
attrs = "23.2.0"

[tool.poetry.group.ci]
dependencies = ["tox"]
"""
    result = parse_pyproject(text, "pyproject.toml")

    assert [brief(d) for d in result.dependencies] == [
        ("pyproject.toml", 3, "requests", ">=2", None, "main", None, "registry"),
        ("pyproject.toml", 10, "pytest", "", None, "dev", "test", "registry"),
        ("pyproject.toml", 11, "ruff", "", None, "dev", "lint", "registry"),
        ("pyproject.toml", 12, "sphinx", "", None, "dev", "docs", "registry"),
        ("pyproject.toml", 19, "attrs", "==23.2.0", "23.2.0", "main", None, "registry"),
    ]
    assert [s.reason for s in result.skipped] == [
        "[project].dependencies[1]: expected a string, got int",
        "line 3: [project].dependencies: invalid requirement 'not a valid requirement!': "
        "Expected semicolon (after name with no version specifier) or end",
        "[project.optional-dependencies]: expected a table, got str",
        "[dependency-groups]: groups 'docs' and 'Docs' have the same name",
        "[dependency-groups].test: include-group 'missing' names no group",
        '[dependency-groups].test: a table entry must be {include-group = "name"}, '
        "got {'include-group': 'lint', 'extra': 1}",
        "[dependency-groups].bad: expected an array of strings, got str",
        "[dependency-groups]: include-group cycle docs -> lint -> docs",
        "line 17: [tool.poetry.dependencies].flask: expected a version string or a table, got int",
        "line 18: [tool.poetry.dependencies].django: no version, git, path or url given",
        "[tool.poetry.group.ci.dependencies]: expected a table, got list",
        "[build-system].requires: expected an array of strings, got str",
    ]


# ---------------------------------------------------------------------------
# Which files the agent reads


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ("requirements.txt", True),
        ("Requirements.txt", True),
        ("services/api/requirements.txt", True),
        ("requirements-dev.txt", True),
        ("dev-requirements.txt", True),
        ("test_requirements.txt", True),
        ("requirements/base.txt", True),
        ("backend/requirements/prod.txt", True),
        ("requirements.in", True),
        ("requirements/dev.in", True),
        ("pyproject.toml", True),
        ("tools/lint/pyproject.toml", True),
        ("constraints.txt", False),
        ("requirements.txt.bak", False),
        ("docs/requirements.md", False),
        ("setup.py", False),
        ("pyproject.toml.orig", False),
        ("poetry.lock", True),
        ("web/Pipfile.lock", True),
        ("pylock.dev.toml", True),
        ("app/package-lock.json", True),
        ("Cargo.lock", True),
        ("go.mod", True),
        ("go.sum", False),
        ("package.json", False),
        ("src/requirements.py", False),
        ("notes/requirements/readme.md", False),
    ],
)
def test_agent_wants_only_manifests(path: str, wanted: bool) -> None:
    assert AGENT.wants(path) is wanted
    assert (manifest_pattern(path) is not None) is wanted


def test_agent_satisfies_the_protocol_and_is_registered() -> None:
    assert isinstance(AGENT, Agent)
    assert load_agent("dependency") is AGENT
    assert (AGENT.id, AGENT.shardable) == ("dependency", False)
    ids = [rule.id for rule in AGENT.rules]
    assert ids == sorted(set(ids)) and {"DEP001", "DEP005", "DEP006", "DEP007"} <= set(ids)
    assert AGENT.rules == RULES
    assert all(rule.help and rule.full_description and rule.cwe for rule in RULES)
    assert "`application` option" in next(rule for rule in RULES if rule.id == "DEP001").help


# ---------------------------------------------------------------------------
# The agent end to end


def test_agent_on_the_application_fixture() -> None:
    payload = analyze(FIXTURES / "app", fixture_files("app"))

    assert issue_summary(payload) == [
        ("DEP005", "requirements.txt", 5, "medium"),
        ("DEP004", "requirements.txt", 6, "high"),
        ("DEP002", "requirements.txt", 15, "low"),
        ("DEP001", "requirements.txt", 16, "medium"),
        ("DEP002", "requirements.txt", 18, "low"),
        ("DEP003", "requirements.txt", 19, "medium"),
        ("DEP003", "requirements.txt", 21, "medium"),
        ("DEP004", "requirements.txt", 21, "high"),
        ("DEP002", "requirements.txt", 22, "low"),
        ("DEP002", "requirements.txt", 23, "low"),
        ("DEP002", "requirements/base.txt", 4, "low"),
        ("DEP003", "requirements/dev.txt", 3, "medium"),
        ("DEP001", "requirements/dev.txt", 4, "low"),
        ("DEP002", "requirements/dev.txt", 6, "low"),
    ]
    # celery>=5.3 (line 14) is pinned by constraints.txt; auth-client (line 20) is on a commit.
    assert payload["filesScanned"] == 3
    assert payload["stats"] == {"manifests": 4, "dependencies": 20}
    assert payload["riskScore"] == 8.0
    assert payload["skipped"] == [
        {
            "path": "requirements/dev.txt",
            "reason": "line 7: invalid requirement 'this is not a requirement': "
            "Expected semicolon (after name with no version specifier) or end",
        }
    ]

    unpinned = payload["issues"][3]
    assert unpinned["message"] == "gunicorn has no version constraint: any release of it can be installed"
    assert unpinned["location"] == {"path": "requirements.txt", "line": 16, "column": 1}
    assert unpinned["snippet"] == "gunicorn"
    assert unpinned["cwe"] == [1357]
    assert unpinned["properties"] == {
        "package": "gunicorn",
        "specifier": "",
        "ecosystem": "PyPI",
        "scope": "main",
        "kind": "registry",
    }
    assert payload["issues"][5]["message"] == (
        "internal-tools is installed from git+https://git.example.com/platform/internal-tools.git at 'main', "
        "a branch or tag that can move"
    )
    assert payload["issues"][11]["properties"]["scope"] == "dev"
    assert len({issue["fingerprint"] for issue in payload["issues"]}) == len(payload["issues"])

    dependency_rows = [(d["file"], d["line"], d["name"], d["scope"]) for d in payload["dependencies"]]
    assert dependency_rows == sorted(dependency_rows)
    assert dependency_rows[:3] == [
        ("constraints.txt", 2, "celery", "constraint"),
        ("constraints.txt", 3, "kombu", "constraint"),
        ("requirements.txt", 11, "django", "main"),
    ]
    assert payload["dependencies"][2] == {
        "file": "requirements.txt",
        "line": 11,
        "ecosystem": "PyPI",
        "name": "django",
        "rawName": "Django",
        "specifier": "==4.2.11",
        "version": "4.2.11",
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
    # The index password in requirements.txt must not reach the report.
    rendered = json.dumps(payload)
    assert "s3cr3t" not in rendered
    assert "https://***@packages.example.com/simple" in rendered


def test_agent_policy_option_switches_between_application_and_library() -> None:
    lib = FIXTURES / "lib"
    default = analyze(lib, ["pyproject.toml"])
    as_application = analyze(lib, ["pyproject.toml"], application=True)
    ignored_value = analyze(lib, ["pyproject.toml"], application="yes")

    assert issue_summary(default) == [
        ("DEP001", "pyproject.toml", 2, "info"),
        ("DEP001", "pyproject.toml", 11, "low"),
        ("DEP001", "pyproject.toml", 19, "low"),
        ("DEP001", "pyproject.toml", 24, "low"),
        ("DEP001", "pyproject.toml", 26, "low"),
    ]
    assert issue_summary(ignored_value) == issue_summary(default)
    assert issue_summary(as_application) == [
        ("DEP001", "pyproject.toml", 2, "info"),
        ("DEP002", "pyproject.toml", 10, "low"),
        ("DEP001", "pyproject.toml", 11, "medium"),
        ("DEP002", "pyproject.toml", 12, "low"),
        ("DEP002", "pyproject.toml", 13, "low"),
        ("DEP002", "pyproject.toml", 17, "low"),
        ("DEP001", "pyproject.toml", 19, "medium"),
        ("DEP002", "pyproject.toml", 20, "low"),
        ("DEP001", "pyproject.toml", 24, "low"),
        ("DEP002", "pyproject.toml", 24, "low"),
        ("DEP001", "pyproject.toml", 26, "low"),
    ]

    as_library = analyze(FIXTURES / "app", fixture_files("app"), application=False)
    assert [i for i in issue_summary(as_library) if i[0] in ("DEP001", "DEP002")] == [
        ("DEP001", "requirements.txt", 16, "low"),
        ("DEP001", "requirements/dev.txt", 4, "low"),
    ]


def test_agent_on_the_poetry_fixture() -> None:
    payload = analyze(FIXTURES / "poetry", ["pyproject.toml"])

    assert issue_summary(payload) == [
        ("DEP001", "pyproject.toml", 11, "low"),
        ("DEP003", "pyproject.toml", 13, "medium"),
    ]
    assert payload["issues"][1]["snippet"] == (
        'internal-sdk = { git = "https://github.com/example/internal-sdk.git", branch = "develop" }'
    )
    assert payload["stats"] == {"manifests": 1, "dependencies": 14}


def test_agent_keeps_going_past_broken_manifests() -> None:
    payload = analyze(FIXTURES / "broken", fixture_files("broken"))

    assert issue_summary(payload) == [("DEP001", "requirements.txt", 7, "medium")]
    assert [(d["line"], d["name"]) for d in payload["dependencies"]] == [(1, "numpy"), (7, "pandas")]
    assert payload["skipped"] == [
        {
            "path": "does-not-exist.txt",
            "reason": "included from requirements.txt:2: cannot read: No such file or directory",
        },
        {"path": "pyproject.toml", "reason": "invalid TOML: Unclosed array (at line 7, column 1)"},
        {
            "path": "requirements.txt",
            "reason": "line 3: include '../../outside-the-repo.txt' is outside the repository; not read",
        },
        {
            "path": "requirements.txt",
            "reason": "line 4: include 'https://example.com/remote-requirements.txt' is remote; not fetched",
        },
        {"path": "requirements.txt", "reason": "line 5: unknown option '--frobnicate'; line ignored: '--frobnicate'"},
        {
            "path": "requirements.txt",
            "reason": "line 6: invalid requirement 'flask >= = 2': "
            "Expected semicolon (after name with no version specifier) or end",
        },
    ]
    assert payload["filesScanned"] == 1
    assert payload["stats"] == {"manifests": 1, "dependencies": 2}


def test_agent_does_not_follow_an_include_symlinked_out_of_the_repository(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("leaked-package\n", encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "requirements.txt").write_text("-r linked.txt\nflask==3.0.2\n", encoding="utf-8")
    (repo / "linked.txt").symlink_to(outside)

    payload = analyze(repo, ["requirements.txt"])

    assert [d["name"] for d in payload["dependencies"]] == ["flask"]
    assert payload["skipped"] == [
        {"path": "linked.txt", "reason": "included from requirements.txt:1: resolves outside the repository; not read"}
    ]
    assert payload["issues"] == []


def test_agent_reports_unreadable_and_unknown_files_as_skips(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_bytes(b"flask\0==3\n")
    (tmp_path / "setup.py").write_text("", encoding="utf-8")

    files = ["requirements.txt", "setup.py", "gone/pyproject.toml"]
    payload = AGENT.analyze(AgentContext(root=tmp_path, options={"vulnerabilities": False}), files)

    assert payload["skipped"] == [
        {"path": "gone/pyproject.toml", "reason": "cannot read: No such file or directory"},
        {"path": "requirements.txt", "reason": "binary file: contains NUL bytes"},
        {"path": "setup.py", "reason": "not a dependency manifest this agent reads"},
    ]
    assert (payload["filesScanned"], payload["issues"], payload["dependencies"]) == (0, [], [])
    assert payload["stats"] == {"manifests": 0, "dependencies": 0}


def test_a_file_that_is_both_scanned_and_used_as_constraints_counts_once_as_constraints(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-c requirements-pins.txt\ncelery\n", encoding="utf-8")
    (tmp_path / "requirements-pins.txt").write_text("celery==5.3.6\nkombu\n", encoding="utf-8")

    payload = analyze(tmp_path, ["requirements-pins.txt", "requirements.txt"])

    assert [(d["file"], d["name"], d["scope"]) for d in payload["dependencies"]] == [
        ("requirements-pins.txt", "celery", "constraint"),
        ("requirements-pins.txt", "kombu", "constraint"),
        ("requirements.txt", "celery", "main"),
    ]
    assert payload["issues"] == []
    assert payload["filesScanned"] == 2


# ---------------------------------------------------------------------------
# Rules on hand-written lines


def findings_for(text: str, path: str = "requirements.txt", policy: Policy | None = None) -> list[tuple[str, int, str]]:
    result = parse_requirements(text, path, read_include=dict_reader({}))
    assert result.skipped == []
    findings = run_checks(Manifests(result.dependencies, result.options), policy or Policy())
    return sorted((f.rule_id, f.location.line, f.message) for f in findings)


def test_mutable_references_and_insecure_sources() -> None:
    commit = "0123456789abcdef0123456789abcdef01234567"
    text = "\n".join(
        [
            f"pinned @ git+https://github.com/org/pinned@{commit}",
            "tagged @ git+https://github.com/org/tagged@v1.2.0",
            "git+ssh://git@github.com/org/floating.git#egg=floating",
            "svn+https://svn.example.org/repo/trunk@1234#egg=svnpkg",
            "https://example.com/hashed-1.0.tar.gz#sha256=abcdef0123",
            "https://example.com/checked-1.0.tar.gz --hash=sha256:abcdef0123",
            f"https://github.com/org/snapshot/archive/{commit}.zip#egg=snapshot",
            "https://github.com/org/moving/archive/main.zip",
            f"plain @ git+http://git.example.com/plain@{commit}",
            "--index-url http://localhost:3141/root/dev/simple",
            "--find-links http://mirror.example.com/wheels",
            "-i http://pypi.internal/simple",
            "--extra-index-url https://pypi.internal/simple",
            "--trusted-host pypi.internal",
            "hashed==1.0 --hash=sha256:abcdef0123",
        ]
    )

    assert findings_for(text) == [
        (
            "DEP003",
            2,
            "tagged is installed from git+https://github.com/org/tagged at 'v1.2.0', a branch or tag that can move",
        ),
        (
            "DEP003",
            3,
            "floating is installed from git+ssh://git@github.com/org/floating.git with no ref (its default branch)",
        ),
        (
            "DEP003",
            8,
            "moving is downloaded from https://github.com/org/moving/archive/main.zip with no hash to verify it",
        ),
        ("DEP004", 9, f"plain is downloaded over plain HTTP: git+http://git.example.com/plain@{commit}"),
        ("DEP004", 11, "--find-links fetches packages over plain HTTP: http://mirror.example.com/wheels"),
        ("DEP004", 12, "--index-url fetches packages over plain HTTP: http://pypi.internal/simple"),
        ("DEP004", 14, "--trusted-host pypi.internal disables certificate checks for packages from that host"),
        (
            "DEP005",
            13,
            "--extra-index-url https://pypi.internal/simple: a same-named package on any index can win "
            "(dependency confusion)",
        ),
    ]


def test_loose_specifier_messages_and_pip_tools_inputs() -> None:
    text = "a>=1\nb>=1,<2\nc==1.*\nd!=1.5\ne===1.0\nf==2.0\ng\n"

    assert findings_for(text) == [
        ("DEP001", 7, "g has no version constraint: any release of it can be installed"),
        ("DEP002", 1, "a >=1 has no upper bound: any newer release is installed"),
        ("DEP002", 2, "b is pinned to a range (>=1,<2), not one version"),
        ("DEP002", 3, "c is pinned to a range (==1.*), not one version"),
        ("DEP002", 4, "d !=1.5 has no upper bound: any newer release is installed"),
    ]
    # pip-tools inputs are meant to hold ranges; the compiled .txt is where pins are checked.
    assert findings_for(text, path="requirements.in") == [
        ("DEP001", 7, "g has no version constraint: any release of it can be installed"),
    ]


def test_finding_for_an_option_has_option_properties_and_a_redacted_snippet() -> None:
    result = parse_requirements(
        "--extra-index-url https://__token__:glpat-abc123@gitlab.example.com/api/v4/simple\n",
        "requirements.txt",
        read_include=dict_reader({}),
    )
    (finding,) = run_checks(Manifests(result.dependencies, result.options), Policy())

    assert finding.rule_id == "DEP005"
    assert finding.snippet == "--extra-index-url https://***@gitlab.example.com/api/v4/simple"
    assert finding.properties == {
        "option": "extra-index-url",
        "ecosystem": "PyPI",
        "value": "https://***@gitlab.example.com/api/v4/simple",
    }
    assert finding.cwe == (427,)


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("https://user:pass@host/simple", "https://***@host/simple"),
        ("git+https://ghp_token@github.com/org/repo.git", "git+https://***@github.com/org/repo.git"),
        ("git+ssh://git@github.com/org/repo.git", "git+ssh://git@github.com/org/repo.git"),
        ("ssh://deploy:hunter2@git.example/repo", "ssh://***@git.example/repo"),
        ("https://pypi.org/simple", "https://pypi.org/simple"),
        ("see https://a:b@x/ and http://c@y/", "see https://***@x/ and http://***@y/"),
    ],
)
def test_credentials_in_urls_are_redacted(text: str, redacted: str) -> None:
    assert redact_credentials(text) == redacted


@pytest.mark.parametrize(
    ("url", "split"),
    [
        ("git+https://github.com/org/repo.git@v1.0#egg=repo", ("git+https://github.com/org/repo.git", "v1.0")),
        ("git+ssh://git@github.com/org/repo.git", ("git+ssh://git@github.com/org/repo.git", None)),
        ("git+ssh://git@github.com/org/repo.git@main", ("git+ssh://git@github.com/org/repo.git", "main")),
        ("git+https://github.com/org/repo@", ("git+https://github.com/org/repo", None)),
    ],
)
def test_split_vcs_url_takes_the_ref_from_the_path_only(url: str, split: tuple[str, str | None]) -> None:
    assert split_vcs_url(url) == split


# ---------------------------------------------------------------------------
# Robustness: whatever the text, parsing returns values, never raises.

_REQUIREMENT_PIECES = st.sampled_from(
    [
        "requests",
        "==1.0",
        ">=2,<3",
        "[extra]",
        " ; python_version < '3.9'",
        " \\\n",
        "\n",
        " # note",
        "-r other.txt",
        "-c ../c.txt",
        "-e ",
        "git+https://h/r.git@",
        "#egg=x",
        "https://h/p-1.0.tar.gz",
        " --hash=sha256:ab",
        "--extra-index-url http://h/",
        "./local",
        " @ ",
        '"',
        "[",
        "===",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_REQUIREMENT_PIECES, st.text(max_size=8)), max_size=25))
def test_requirements_parsing_never_raises(pieces: list[str]) -> None:
    files = {"other.txt": "".join(pieces), "c.txt": "-r requirements.txt\n"}
    result = parse_requirements("".join(pieces), "requirements.txt", read_include=dict_reader(files))

    assert result.manifests[0] == "requirements.txt"
    lines = "".join(pieces).splitlines()
    for dependency in result.dependencies:
        if dependency.file == "requirements.txt":
            assert 1 <= dependency.line <= len(lines)
    run_checks(Manifests(result.dependencies, result.options), Policy(application=True))


_TOML_PIECES = st.sampled_from(
    [
        "[project]\n",
        "dependencies = [",
        '"requests>=2", ',
        '"bad!!", ',
        "]\n",
        "[dependency-groups]\n",
        'dev = [{include-group = "dev"}]\n',
        "[tool.poetry.dependencies]\n",
        'x = "^1.2"\n',
        'y = { git = "https://h/y.git", branch = "b" }\n',
        'z = [{ version = "~1" }, 3]\n',
        "[build-system]\n",
        'requires = ["setuptools", 1]\n',
        "[tool.poetry.group.g.dependencies]\n",
        "=\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TOML_PIECES, st.text(max_size=6)), max_size=20))
def test_pyproject_parsing_never_raises(pieces: list[str]) -> None:
    result = parse_pyproject("".join(pieces), "pyproject.toml")

    assert result.manifests in ([], ["pyproject.toml"])
    if not result.manifests:
        assert [s.reason.startswith("invalid TOML") for s in result.skipped] == [True]
    run_checks(Manifests(result.dependencies, result.options), Policy())


def test_malformed_urls_are_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "https://[x/pkg-1.0.tar.gz\nfoo @ https://[x/foo-1.0.tar.gz\ngit+https://[x/repo.git@main#egg=bar\nflask==3.0.3\n",
        encoding="utf-8",
    )
    payload = analyze(tmp_path, ["requirements.txt"])
    names = {d["name"] for d in payload["dependencies"]}
    assert {"pkg", "foo", "bar", "flask"} <= names
    assert {(i["ruleId"], i["location"]["line"]) for i in payload["issues"]} >= {("DEP003", 1), ("DEP003", 2)}


def test_lockfile_entries_are_never_unpinned_or_loose() -> None:
    locked = Dependency(
        file="package-lock.json", line=9, name="lodash", raw_name="lodash", specifier="", version="4.17.21",
        scope="main", kind="registry", manifest_kind="lockfile", text="lodash@4.17.21", ecosystem="npm",
    )  # fmt: skip
    assert run_checks(Manifests(dependencies=[locked], options=[]), Policy(application=True)) == []


def test_inline_suppressions_in_manifests(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "# gatherscan: ignore[DEP001] pinned by the platform image, not by us\n"
        "flask\n"
        "requests  # gatherscan: ignore[DEP001]\n"
        "django==5.0.6  # gatherscan: ignore[DEP003] nothing to hide here\n",
        encoding="utf-8",
    )
    payload = analyze(tmp_path, ["requirements.txt"])
    by_line = {(i["ruleId"], i["location"]["line"]): i for i in payload["issues"]}
    flask = by_line[("DEP001", 2)]
    assert flask["properties"]["suppressed"] is True
    assert flask["properties"]["suppression"]["reason"] == "pinned by the platform image, not by us"
    # Without a reason nothing is hidden, and the comment itself is reported; so is one that hides nothing.
    assert "suppressed" not in by_line[("DEP001", 3)]["properties"]
    problems = sorted(
        (i["location"]["line"], i["properties"]["suppressionProblem"])
        for i in payload["issues"]
        if i["ruleId"] == "DEP000"
    )
    assert problems == [(3, "missing-reason"), (4, "unused")]
    assert payload["riskScore"] == 5.5  # requests' medium DEP001 counts; the suppressed one does not
