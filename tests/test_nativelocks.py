"""Go and Rust: go.mod and Cargo.lock."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from agents.base import AgentContext, Skipped
from agents.dependency import nativelocks
from agents.dependency.agent import AGENT
from agents.dependency.nativelocks import parse_cargo_lock, parse_go_mod
from agents.dependency.parsers import parser_for
from tests.lockfile_helpers import LOCKS, brief, dict_reader, parse_fixture


def checksum(name: str, version: str) -> str:
    """The checksum the fixture generator wrote for a crate."""
    return "sha256:" + hashlib.sha256(f"{name}{version}".encode()).hexdigest()


# ---------------------------------------------------------------------------
# go.mod


def test_go_mod_requirements_replacements_and_the_standard_library() -> None:
    result = parse_fixture("go/app", "go.mod")

    assert [brief(d) for d in result.dependencies] == [
        # toolchain go1.21.5 wins over go 1.21
        (5, "stdlib", "1.21.5", "main", True, "registry", None),
        # replaced by ../internal-lib: a local directory is built, no version
        (8, "github.com/acme/internal-lib", None, "main", True, "path", "../internal-lib"),
        (9, "github.com/docker/docker", "24.0.7+incompatible", "main", True, "registry", None),
        (10, "github.com/gin-gonic/gin", "1.9.1", "main", True, "registry", None),
        # every version of github.com/google/uuid is replaced by the fork at a pseudo-version
        (11, "github.com/acme/uuid-fork", "1.4.1-0.20231201101010-0123456789ab", "main", True, "registry", None),
        (12, "github.com/pkg/errors", "0.9.1", "main", True, "registry", None),
        (16, "github.com/bytedance/sonic", "1.10.2", "main", False, "registry", None),
        (17, "github.com/json-iterator/go", "1.1.12", "main", False, "registry", None),
        # the replace of golang.org/x/crypto v0.16.0 does not apply to v0.17.0
        (18, "golang.org/x/crypto", "0.17.0", "main", False, "registry", None),
        (19, "golang.org/x/exp", "0.0.0-20231110203233-9a3e6036ecaa", "main", False, "registry", None),
        # golang.org/x/net v0.19.0 => v0.20.0
        (20, "golang.org/x/net", "0.20.0", "main", False, "registry", None),
        (21, "gopkg.in/yaml.v3", "3.0.1", "main", False, "registry", None),
        (24, "golang.org/x/sync", "0.5.0", "main", True, "registry", None),
    ]
    assert result.skipped == []
    assert result.manifests == ["go.mod"]
    by_line = {d.line: d for d in result.dependencies}
    assert by_line[5].text == "toolchain go1.21.5"
    assert by_line[11].text == "github.com/google/uuid v1.4.0"
    assert by_line[11].raw_name == "github.com/acme/uuid-fork"
    assert by_line[12].text == '"github.com/pkg/errors" v0.9.1'
    assert by_line[20].text == "golang.org/x/net v0.19.0 // indirect; needed by gin"
    assert by_line[24].text == "require golang.org/x/sync v0.5.0"
    for d in result.dependencies:
        assert (d.file, d.ecosystem, d.specifier, d.manifest_kind, d.hashes) == ("go.mod", "Go", "", "lockfile", ())


def test_go_mod_without_toolchain_takes_the_go_directive_for_the_standard_library() -> None:
    result = parse_fixture("go/go-only", "go.mod")

    assert [brief(d) for d in result.dependencies] == [
        (3, "stdlib", "1.20.0", "main", True, "registry", None),
        (5, "golang.org/x/mod", "0.14.0", "main", True, "registry", None),
    ]
    assert result.dependencies[0].text == "go 1.20"


def test_go_mod_damage_is_skipped_by_line_and_the_rest_is_read() -> None:
    result = parse_fixture("go/broken", "go.mod")

    assert [brief(d) for d in result.dependencies] == [
        (3, "stdlib", "1.22.0", "main", True, "registry", None),
        # its replacement names a module without a version, so it is not applied
        (10, "github.com/spf13/cobra", "1.8.0", "main", True, "registry", None),
        (13, "github.com/stretchr/testify", "1.8.4", "main", False, "registry", None),
        # inside the block that is never closed
        (23, "github.com/mattn/go-isatty", "0.0.20", "main", True, "registry", None),
    ]
    assert result.skipped == [
        Skipped("go.mod", "line 5: toolchain 'local' names no Go release; ignored"),
        Skipped("go.mod", "line 11: require needs a module path and a version"),
        Skipped("go.mod", "line 12: require github.com/sirupsen/logrus: invalid version '1.9.3'"),
        Skipped(
            "go.mod",
            "line 16: replacement 'github.com/acme/cobra' without a version must be a local directory "
            "(./ or ../ or rooted)",
        ),
        Skipped("go.mod", "line 18: replace needs 'module [version] => replacement [version]'"),
        Skipped("go.mod", "line 20: unknown directive 'frobnicate'; ignored"),
        Skipped("go.mod", "line 22: the require block is not closed by ')'"),
    ]


def test_go_mod_small_forms() -> None:
    text = (
        "// A module with no requirements yet.\n"
        "module example.com/empty\n"
        "\n"
        "require ()\n"
        "replace example.com/a v1.0.0 => example.com/b v1.2.0\n"
        "replace example.com/c => C:\\src\\c\n"
        "require (\n"
        "\texample.com/a v1.0.0\n"
        "\texample.com/c v0.1.0 // indirect\n"
        "\t`example.com/d` v2.0.0+incompatible\n"
        ")\n"
        "go 1.21rc2\n"
    )

    result = parse_go_mod(text, "tools/go.mod", dict_reader({}))

    assert [brief(d) for d in result.dependencies] == [
        (8, "example.com/b", "1.2.0", "main", True, "registry", None),
        (9, "example.com/c", None, "main", False, "path", "C:\\src\\c"),
        (10, "example.com/d", "2.0.0+incompatible", "main", True, "registry", None),
        (12, "stdlib", "1.21.0-rc.2", "main", True, "registry", None),
    ]
    assert result.skipped == []
    assert all(d.file == "tools/go.mod" for d in result.dependencies)


def test_go_mod_without_a_go_directive_has_no_standard_library_entry() -> None:
    result = parse_go_mod("module example.com/old\n\nrequire golang.org/x/text v0.3.0\n", "go.mod", dict_reader({}))

    assert [d.name for d in result.dependencies] == ["golang.org/x/text"]
    assert result.skipped == []


# ---------------------------------------------------------------------------
# Cargo.lock


def test_cargo_lock_v1_with_metadata_checksums() -> None:
    result = parse_fixture("cargo/v1", "Cargo.lock")

    assert [brief(d) for d in result.dependencies] == [
        (4, "cfg-if", "0.1.10", "main", False, "registry", None),
        (9, "getrandom", "0.1.14", "main", False, "registry", None),
        (18, "libc", "0.2.66", "main", True, "registry", None),
        # log-shipper (no source) is the workspace's own package, not a dependency
        (31, "rand", "0.7.3", "main", True, "registry", None),
        (41, "rand_core", "0.5.1", "main", False, "registry", None),
    ]
    assert result.skipped == []
    assert result.manifests == ["Cargo.lock"]
    assert [d.hashes for d in result.dependencies] == [
        (checksum("cfg-if", "0.1.10"),),
        (checksum("getrandom", "0.1.14"),),
        (checksum("libc", "0.2.66"),),
        (checksum("rand", "0.7.3"),),
        (checksum("rand_core", "0.5.1"),),
    ]
    for d in result.dependencies:
        assert (d.ecosystem, d.specifier, d.manifest_kind, d.text) == (
            "crates.io",
            "",
            "lockfile",
            f"{d.raw_name} {d.version}",
        )


def test_cargo_lock_v2_references_by_name_or_name_and_version() -> None:
    result = parse_fixture("cargo/v2", "Cargo.lock")

    assert [brief(d) for d in result.dependencies] == [
        (4, "bitflags", "1.2.1", "main", False, "registry", None),
        (10, "clap", "2.33.3", "main", True, "registry", None),
        # csv-tool depends on "strsim 0.10.0", clap on "strsim 0.8.0"
        (30, "strsim", "0.8.0", "main", False, "registry", None),
        (36, "strsim", "0.10.0", "main", True, "registry", None),
        (42, "textwrap", "0.11.0", "main", False, "registry", None),
        (51, "unicode-width", "0.1.8", "main", False, "registry", None),
    ]
    assert result.skipped == []
    assert result.dependencies[1].hashes == (checksum("clap", "2.33.3"),)


def test_cargo_lock_v3_git_sources_keep_the_commit() -> None:
    result = parse_fixture("cargo/v3", "Cargo.lock")

    regex = "git+https://github.com/rust-lang/regex@7351a7298dbe0979fdc0941e6bfe9c7a10482424"
    assert [brief(d) for d in result.dependencies] == [
        (5, "aho-corasick", "1.1.2", "main", False, "registry", None),
        (14, "memchr", "2.7.1", "main", False, "registry", None),
        (20, "regex", "1.10.2", "main", True, "vcs", regex),
        (30, "regex-syntax", "0.8.2", "main", False, "vcs", regex),
        (
            35,
            "rustls",
            "0.21.10",
            "main",
            True,
            "vcs",
            "git+https://github.com/rustls/rustls.git@da762774d242d9ef9d16064a77ee9ac5a9ff2b32",
        ),
    ]
    assert result.skipped == []
    assert result.dependencies[2].hashes == ()


def test_cargo_lock_v4_workspace_reads_cargo_toml_for_dev_dependencies() -> None:
    result = parse_fixture("cargo/v4-workspace", "Cargo.lock")

    assert [brief(d) for d in result.dependencies] == [
        # renamed in api-server's Cargo.toml (telemetry = { package = "acme-telemetry" }), from a sparse registry
        (5, "acme-telemetry", "0.7.2", "main", True, "registry", None),
        # xtask is a member listed by a glob: its Cargo.toml is not read, so its dependencies stay main
        (11, "anyhow", "1.0.79", "main", True, "registry", None),
        # core-model's dev-dependency "snapshots", the workspace's renamed insta
        (35, "insta", "1.34.0", "dev", True, "registry", None),
        (44, "pin-project-lite", "0.2.13", "main", False, "registry", None),
        (50, "serde", "1.0.195", "main", True, "registry", None),
        (59, "serde_derive", "1.0.195", "main", False, "registry", None),
        (65, "similar", "2.4.0", "dev", False, "registry", None),
        # both a dependency and a dev-dependency of api-server: main
        (71, "tokio", "1.35.1", "main", True, "registry", None),
        (81, "tokio-macros", "2.2.0", "main", False, "registry", None),
    ]
    assert result.skipped == []


def test_cargo_lock_without_cargo_toml_says_main_and_finds_direct_dependencies_in_the_lockfile() -> None:
    result = parse_fixture("cargo/v4-workspace", "Cargo.lock", with_siblings=False)

    assert [(d.name, d.scope, d.direct) for d in result.dependencies] == [
        ("acme-telemetry", "main", True),
        ("anyhow", "main", True),
        ("insta", "main", True),
        ("pin-project-lite", "main", False),
        ("serde", "main", True),
        ("serde_derive", "main", False),
        ("similar", "main", False),
        ("tokio", "main", True),
        ("tokio-macros", "main", False),
    ]


def test_an_unreadable_cargo_toml_is_reported_and_the_lockfile_still_read() -> None:
    lock = 'version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["log"]\n\n'
    lock += '[[package]]\nname = "log"\nversion = "0.4.20"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n'
    files = {"svc/Cargo.toml": "[package\nname = 'app'\n"}

    result = parse_cargo_lock(lock, "svc/Cargo.lock", dict_reader(files))

    assert [brief(d) for d in result.dependencies] == [(8, "log", "0.4.20", "main", True, "registry", None)]
    assert result.skipped == [
        Skipped(
            "svc/Cargo.toml",
            "invalid TOML: Expected ']' at the end of a table declaration (at line 1, column 9); "
            "dev-dependencies of svc/Cargo.lock are not told apart",
        )
    ]


def test_cargo_lock_from_before_cargo_1_12_has_a_root_table() -> None:
    lock = (
        '[root]\nname = "old-app"\nversion = "0.1.0"\n'
        'dependencies = [\n "libc 0.2.20 (registry+https://github.com/rust-lang/crates.io-index)",\n]\n\n'
        '[[package]]\nname = "libc"\nversion = "0.2.20"\n'
        'source = "registry+https://github.com/rust-lang/crates.io-index"\n'
    )

    result = parse_cargo_lock(lock, "Cargo.lock", dict_reader({}))

    assert [brief(d) for d in result.dependencies] == [(8, "libc", "0.2.20", "main", True, "registry", None)]
    assert result.skipped == []


def test_cargo_lock_that_is_not_toml_is_one_skip() -> None:
    result = parse_fixture("cargo/broken-toml", "Cargo.lock")

    assert result.dependencies == []
    assert result.skipped == [Skipped("Cargo.lock", "invalid TOML: Illegal character '\\n' (at line 7, column 17)")]


@pytest.mark.parametrize(("version", "shown"), [("5", "5"), ('"3"', "'3'"), ("true", "True")])
def test_cargo_lock_of_an_unsupported_version_is_one_skip_naming_the_supported_ones(version: str, shown: str) -> None:
    text = f'# comment\nversion = {version}\n\n[[package]]\nname = "a"\nversion = "1.0.0"\n'

    result = parse_cargo_lock(text, "Cargo.lock", dict_reader({}))

    assert result.dependencies == []
    assert result.skipped == [
        Skipped(
            "Cargo.lock",
            f"line 2: unsupported Cargo.lock version {shown}; supported: 1 and 2 (no version key), 3, 4",
        )
    ]


def test_cargo_lock_fixture_of_a_future_version() -> None:
    result = parse_fixture("cargo/unsupported", "Cargo.lock")

    assert result.skipped == [
        Skipped("Cargo.lock", "line 3: unsupported Cargo.lock version 5; supported: 1 and 2 (no version key), 3, 4")
    ]


def test_cargo_lock_bad_entries_are_skipped_by_line() -> None:
    result = parse_fixture("cargo/broken-entries", "Cargo.lock")

    assert [brief(d) for d in result.dependencies] == [(14, "memchr", "2.7.1", "main", True, "registry", None)]
    assert result.skipped == [
        Skipped(
            "Cargo.lock", "line 5: [[package]] bad-source 0.1.0: unsupported source 'path+file:///home/dev/bad-source'"
        ),
        Skipped("Cargo.lock", "line 10: [[package]] lost-version: no version"),
        Skipped("Cargo.lock", "line 20: [[package]] has no name"),
        Skipped("Cargo.lock", "line 23: [[package]] tool 0.1.0: depends on 'lost-version', which is not locked"),
        Skipped("Cargo.lock", "line 23: [[package]] tool 0.1.0: depends on 'nowhere 1.0.0', which is not locked"),
    ]


def test_cargo_lock_whose_package_key_is_not_an_array() -> None:
    result = parse_cargo_lock('version = 3\npackage = "oops"\n', "Cargo.lock", dict_reader({}))

    assert result.skipped == [Skipped("Cargo.lock", "package must be an array of tables, got str")]


def test_cargo_git_source_whose_url_cannot_be_parsed_is_skipped() -> None:
    text = '[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "git+https://[github.com/a/a#abc"\n'

    result = parse_cargo_lock(text, "Cargo.lock", dict_reader({}))

    assert result.dependencies == []
    assert result.skipped == [
        Skipped(
            "Cargo.lock",
            "line 1: [[package]] a 1.0.0: cannot read the source URL 'git+https://[github.com/a/a#abc': "
            "Invalid IPv6 URL",
        )
    ]


# ---------------------------------------------------------------------------
# Registry and agent


@pytest.mark.parametrize(
    ("path", "function"),
    [
        ("go.mod", "parse_go_mod"),
        ("services/api/go.mod", "parse_go_mod"),
        ("Cargo.lock", "parse_cargo_lock"),
        ("crates/tool/Cargo.lock", "parse_cargo_lock"),
    ],
)
def test_the_registry_maps_each_file_name_to_its_parser(path: str, function: str) -> None:
    assert parser_for(path) is getattr(nativelocks, function)


def test_the_agent_reports_go_and_cargo_dependencies_in_its_payload(tmp_path: Path) -> None:
    for directory in ("go/app", "cargo/v4-workspace"):
        source = LOCKS / directory
        for file in source.rglob("*"):
            if file.is_file():
                target = tmp_path / directory.split("/")[0] / file.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())

    payload = AGENT.analyze(AgentContext(root=tmp_path), [f for f in files if AGENT.wants(f)])

    found = {
        (d["file"], d["ecosystem"], d["name"], d["version"], d["scope"], d["direct"]) for d in payload["dependencies"]
    }
    assert ("go/go.mod", "Go", "stdlib", "1.21.5", "main", True) in found
    assert ("go/go.mod", "Go", "golang.org/x/net", "0.20.0", "main", False) in found
    assert ("cargo/Cargo.lock", "crates.io", "insta", "1.34.0", "dev", True) in found
    assert ("cargo/Cargo.lock", "crates.io", "serde", "1.0.195", "main", True) in found
    assert len(payload["dependencies"]) == 13 + 9
    assert payload["filesScanned"] == 2
    assert [s for s in payload["skipped"] if s["path"].startswith(("go/", "cargo/"))] == []
