"""JavaScript lockfiles: package-lock.json / npm-shrinkwrap.json, yarn.lock (classic and berry), pnpm-lock.yaml."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from agents.base import AgentContext, Skipped
from agents.dependency import jslocks
from agents.dependency.agent import AGENT
from agents.dependency.jslocks import parse_package_lock, parse_pnpm_lock, parse_yarn_lock, sri_hashes
from agents.dependency.lockcommon import reachable_scopes, vcs_url
from agents.dependency.model import ParseResult
from agents.dependency.parsers import parser_for
from tests.lockfile_helpers import LOCKS, brief, dict_reader, parse_fixture

LEFT_PAD_SHA = "65b35d88948eadfbbd923636163c0738d7a01466"
TINY_EMITTER_SHA = "4528f5a465899dc449c2ab05c8aa1d144192028f"
LEFT_PAD_CODELOAD = f"https://codeload.github.com/stevemao/left-pad/tar.gz/{LEFT_PAD_SHA}"
LEGACY_TARBALL = "https://github.com/acme/legacy-tarball/releases/download/v1.0.2/legacy-tarball-1.0.2.tgz"


def assert_lockfile_basics(result: ParseResult, path: str) -> None:
    assert result.manifests == [path]
    for d in result.dependencies:
        assert (d.file, d.ecosystem, d.specifier, d.manifest_kind, d.group) == (path, "npm", "", "lockfile", None)
        assert d.name == d.raw_name


def sri(name: str, version: str, algorithm: str = "sha512") -> str:
    """The integrity the fixture generator wrote for name@version, as "algorithm:hex"."""
    return f"{algorithm}:{hashlib.new(algorithm, f'{name}@{version}'.encode()).hexdigest()}"


# ---------------------------------------------------------------------------
# package-lock.json / npm-shrinkwrap.json


def test_package_lock_v1_reads_the_nested_tree_and_the_package_json_for_direct_dependencies() -> None:
    result = parse_fixture("npm/v1", "package-lock.json")

    assert [brief(d) for d in result.dependencies] == [
        (7, "ansi-regex", "5.0.1", "main", False, "registry", None),
        (12, "debug", "2.6.9", "main", True, "registry", None),
        # debug's own copy of ms, nested under it
        (20, "ms", "2.0.0", "main", False, "registry", None),
        (27, "emoji-regex", "8.0.0", "main", False, "registry", None),
        (32, "fsevents", "1.2.9", "optional", True, "registry", None),
        # bundled inside the fsevents tarball
        (42, "abbrev", "1.1.1", "optional", False, "registry", None),
        (47, "ms", "2.1.1", "optional", False, "registry", None),
        (54, "is-fullwidth-code-point", "3.0.0", "main", False, "registry", None),
        (59, "left-pad", None, "main", True, "vcs", f"git+https://github.com/stevemao/left-pad.git@{LEFT_PAD_SHA}"),
        (63, "ms", "2.1.3", "main", True, "registry", None),
        (68, "nan", "2.14.0", "optional", False, "registry", None),
        (74, "nanoid", "3.1.20", "dev", True, "registry", None),
        (80, "shared-utils", None, "main", True, "path", "file:../shared-utils"),
        # "string-width-cjs": "npm:string-width@^4.2.0" installs string-width
        (83, "string-width", "4.2.3", "main", True, "registry", None),
        (93, "strip-ansi", "6.0.1", "main", False, "registry", None),
    ]
    assert result.skipped == []
    assert_lockfile_basics(result, "package-lock.json")
    by_line = {d.line: d for d in result.dependencies}
    assert by_line[12].text == "debug@2.6.9"
    assert by_line[12].hashes == (sri("debug", "2.6.9"),)
    assert by_line[20].hashes == (sri("ms", "2.0.0", "sha1"),)
    assert by_line[42].hashes == ()
    assert by_line[59].text == f"left-pad@git+https://github.com/stevemao/left-pad.git@{LEFT_PAD_SHA}"
    assert by_line[83].text == "string-width@4.2.3"


def test_package_lock_v1_without_its_package_json_cannot_tell_direct_dependencies() -> None:
    result = parse_fixture("npm/v1", "package-lock.json", with_siblings=False)

    assert len(result.dependencies) == 15
    assert not any(d.direct for d in result.dependencies)
    assert result.skipped == []


def test_package_lock_v2_reads_packages_and_ignores_the_legacy_tree() -> None:
    result = parse_fixture("npm/v2", "package-lock.json", with_siblings=False)

    assert [brief(d) for d in result.dependencies] == [
        (26, "@types/debug", "4.1.7", "dev", True, "registry", None),
        (35, "@types/ms", "0.7.31", "dev", False, "registry", None),
        (41, "bufferutil", "4.0.7", "optional", True, "registry", None),
        (54, "cookie", "0.5.0", "main", True, "registry", None),
        (62, "debug", "4.3.4", "main", True, "registry", None),
        (78, "ms", "2.1.2", "main", False, "registry", None),
        # node_modules/lodash-legacy with "name": "lodash"
        (83, "lodash", "3.10.1", "main", True, "registry", None),
        (89, "ms", "2.1.3", "main", True, "registry", None),
        # devOptional: a dev dependency's requirement and an optional one of production code
        (94, "node-gyp-build", "4.6.0", "optional", False, "registry", None),
        (
            105,
            "tiny-emitter",
            "2.1.0",
            "main",
            True,
            "vcs",
            f"git+ssh://git@github.com/scottcorgan/tiny-emitter.git@{TINY_EMITTER_SHA}",
        ),
        (110, "utf-8-validate", "5.0.10", "dev", True, "registry", None),
    ]
    assert result.skipped == []
    assert_lockfile_basics(result, "package-lock.json")
    by_line = {d.line: d for d in result.dependencies}
    assert by_line[83].raw_name == "lodash"
    assert by_line[83].text == "lodash@3.10.1"
    assert by_line[105].hashes == ()


def test_package_lock_v3_workspaces_links_nesting_and_tarballs() -> None:
    result = parse_fixture("npm/v3-workspaces", "package-lock.json")

    assert [brief(d) for d in result.dependencies] == [
        # workspaces linked into node_modules: the project's own code, kind path; @acme/web declares @acme/api
        (15, "@acme/api", "0.3.0", "main", True, "path", "packages/api"),
        (19, "@acme/web", "0.1.0", "main", False, "path", "packages/web"),
        (23, "@fastify/error", "3.4.0", "main", True, "registry", None),
        (29, "legacy-tarball", "1.0.2", "main", True, "url", LEGACY_TARBALL),
        # node_modules/legacy-tarball/node_modules/@fastify/error: a scoped package nested under another
        (42, "@fastify/error", "2.0.0", "main", False, "registry", None),
        (48, "bundled-helper", "0.4.1", "main", False, "registry", None),
        (53, "lru-cache", "6.0.0", "main", False, "registry", None),
        (65, "prettier", "3.0.3", "dev", True, "registry", None),
        (81, "semver", "7.5.4", "main", True, "registry", None),
        # a peer dependency of @acme/web
        (96, "tslib", "2.6.2", "main", True, "registry", None),
        (103, "yallist", "4.0.0", "main", False, "registry", None),
        # packages/web/node_modules/semver: what packages/web (declaring semver ^6.3.1) resolves
        (129, "semver", "6.3.1", "main", True, "registry", None),
    ]
    assert result.skipped == []
    assert_lockfile_basics(result, "package-lock.json")
    by_line = {d.line: d for d in result.dependencies}
    assert by_line[15].text == "@acme/api@0.3.0"
    assert by_line[29].hashes == (sri("legacy-tarball", "1.0.2"),)


def test_npm_shrinkwrap_from_npm_4_has_no_lockfile_version_and_is_read_as_v1() -> None:
    result = parse_fixture("npm/shrinkwrap-npm4", "npm-shrinkwrap.json")

    assert [brief(d) for d in result.dependencies] == [
        (5, "commander", "2.9.0", "main", False, "registry", None),
        (10, "graceful-readlink", "1.0.1", "main", False, "registry", None),
        (17, "minimist", "0.0.8", "main", False, "registry", None),
        (22, "mkdirp", "0.5.1", "main", False, "registry", None),
    ]
    assert result.skipped == []
    assert result.manifests == ["npm-shrinkwrap.json"]


def test_package_lock_that_is_not_json_is_one_skip() -> None:
    result = parse_fixture("npm/broken-json", "package-lock.json")

    assert result.dependencies == []
    assert result.skipped == [
        Skipped(
            "package-lock.json", "invalid JSON at line 16 column 1: Expecting property name enclosed in double quotes"
        )
    ]
    assert result.manifests == ["package-lock.json"]


def test_package_lock_bad_entries_are_skipped_by_key_and_line_and_the_rest_is_read() -> None:
    result = parse_fixture("npm/broken-entries", "package-lock.json")

    assert [brief(d) for d in result.dependencies] == [(18, "ms", "2.1.3", "main", True, "registry", None)]
    assert result.skipped == [
        Skipped("package-lock.json", 'line 17: packages["node_modules/cookie"] must be an object, got a string'),
        Skipped("package-lock.json", 'line 23: packages["node_modules/statuses"]: no "version"'),
        Skipped(
            "package-lock.json", 'line 27: packages["node_modules/vary"]: "version" must be a string, got a number'
        ),
        Skipped(
            "package-lock.json",
            'line 31: packages["node_modules/linked"]: a link must name the folder it links to in "resolved"',
        ),
    ]


@pytest.mark.parametrize(
    ("version", "shown"),
    [("4", "4"), ('"3"', "'3'"), ("true", "True"), ("0", "0")],
)
def test_package_lock_of_an_unsupported_version_is_one_skip_naming_the_supported_ones(version: str, shown: str) -> None:
    text = (
        '{\n  "name": "x",\n  "lockfileVersion": '
        + version
        + ',\n  "packages": {"node_modules/ms": {"version": "2.1.3"}}\n}\n'
    )

    result = parse_package_lock(text, "app/package-lock.json", dict_reader({}))

    assert result.dependencies == []
    assert result.skipped == [
        Skipped("app/package-lock.json", f"line 3: unsupported lockfileVersion {shown}; supported: 1, 2, 3")
    ]


def test_package_lock_fixture_of_a_future_version() -> None:
    result = parse_fixture("npm/unsupported", "package-lock.json")

    assert result.dependencies == []
    assert result.skipped == [Skipped("package-lock.json", "line 4: unsupported lockfileVersion 4; supported: 1, 2, 3")]


def test_package_lock_shapes_that_are_not_objects() -> None:
    not_an_object = parse_package_lock("[1, 2]", "package-lock.json", dict_reader({}))
    packages_list = parse_package_lock('{"lockfileVersion": 3,\n "packages": []}', "package-lock.json", dict_reader({}))
    tree_list = parse_package_lock(
        '{"lockfileVersion": 1,\n "dependencies": {\n  "a": {"version": "1.0.0", "dependencies": [1]},\n  "b": 7}}',
        "package-lock.json",
        dict_reader({}),
    )

    assert not_an_object.skipped == [Skipped("package-lock.json", "expected a JSON object, got a list")]
    assert packages_list.skipped == [Skipped("package-lock.json", 'line 2: "packages" must be an object, got a list')]
    assert [brief(d) for d in tree_list.dependencies] == [(3, "a", "1.0.0", "main", False, "registry", None)]
    assert tree_list.skipped == [
        Skipped("package-lock.json", 'line 3: dependencies["a"].dependencies must be an object, got a list'),
        Skipped("package-lock.json", 'line 4: dependencies["b"] must be an object, got a number'),
    ]


def test_an_unreadable_sibling_package_json_is_reported_and_the_lockfile_still_read() -> None:
    lock = '{"lockfileVersion": 1, "dependencies": {"ms": {"version": "2.1.3"}}}'
    files = {"svc/package.json": "{not json"}

    result = parse_package_lock(lock, "svc/package-lock.json", dict_reader(files))

    assert [brief(d) for d in result.dependencies] == [(1, "ms", "2.1.3", "main", False, "registry", None)]
    assert result.skipped == [
        Skipped(
            "svc/package.json",
            "invalid JSON at line 1 column 2: Expecting property name enclosed in double quotes; "
            "package-lock.json is read without it",
        )
    ]


def test_package_lock_v1_sources_written_as_the_version() -> None:
    lock = {
        "lockfileVersion": 1,
        "dependencies": {
            "a": {"version": "git+ssh://git@github.com/acme/a.git#0123456789abcdef0123456789abcdef01234567"},
            "b": {"version": "https://example.com/downloads/b-1.0.0.tgz", "integrity": "sha1-AAAA"},
            "c": {"version": "1.0.0", "resolved": "http://mirror.example.com/pkgs/c.tgz"},
            "d": {
                "version": "npm:@acme/real-d@2.0.0",
                "resolved": "https://registry.npmjs.org/@acme/real-d/-/real-d-2.0.0.tgz",
            },
            "e": {"version": "npm:@broken"},
        },
    }

    result = parse_package_lock(json.dumps(lock, indent=2), "package-lock.json", dict_reader({}))

    assert [(d.name, d.version, d.kind, d.url) for d in result.dependencies] == [
        ("a", None, "vcs", "git+ssh://git@github.com/acme/a.git@0123456789abcdef0123456789abcdef01234567"),
        ("b", None, "url", "https://example.com/downloads/b-1.0.0.tgz"),
        ("c", "1.0.0", "url", "http://mirror.example.com/pkgs/c.tgz"),
        ("@acme/real-d", "2.0.0", "registry", None),
    ]
    assert result.dependencies[1].hashes == ("sha1:" + base64.b64decode("AAAA").hex(),)
    assert result.skipped == [
        Skipped("package-lock.json", "line 19: dependencies[\"e\"]: cannot read the alias 'npm:@broken'")
    ]


def test_an_entry_whose_url_cannot_be_parsed_is_skipped() -> None:
    lock = {
        "lockfileVersion": 3,
        "packages": {
            "node_modules/a": {"version": "1.0.0", "resolved": "https://[registry.example.com/a/-/a-1.0.0.tgz"},
            "node_modules/b": {"version": "2.0.0"},
        },
    }

    result = parse_package_lock(json.dumps(lock, indent=2), "package-lock.json", dict_reader({}))

    assert [(d.name, d.version) for d in result.dependencies] == [("b", "2.0.0")]
    assert result.skipped == [
        Skipped("package-lock.json", "line 4: a: cannot read the URL 'https://[registry.example.com/a/-/a-1.0.0.tgz'")
    ]


# ---------------------------------------------------------------------------
# yarn.lock


def test_yarn_classic_with_package_json_tells_direct_dev_and_optional_through_the_graph() -> None:
    result = parse_fixture("yarn/classic", "yarn.lock")

    assert [brief(d) for d in result.dependencies] == [
        (5, "@types/node", "18.11.9", "dev", True, "registry", None),
        (10, "ansi-styles", "3.2.1", "main", False, "registry", None),
        (17, "chalk", "2.4.2", "main", True, "registry", None),
        (26, "color-convert", "1.9.3", "main", False, "registry", None),
        (33, "color-name", "1.1.3", "main", False, "registry", None),
        (37, "escape-string-regexp", "1.0.5", "main", False, "registry", None),
        (42, "fsevents", "2.3.3", "optional", True, "registry", None),
        (47, "has-flag", "3.0.0", "main", False, "registry", None),
        # only the dev dependency supports-color@^7.2.0 needs has-flag 4
        (52, "has-flag", "4.0.0", "dev", False, "registry", None),
        (57, "left-pad", "1.3.0", "main", True, "vcs", f"git+https://github.com/stevemao/left-pad.git@{LEFT_PAD_SHA}"),
        (61, "local-config", "0.1.0", "main", True, "path", "file:./local-config"),
        # "lodash-legacy@npm:lodash@^3.10.1"
        (64, "lodash", "3.10.1", "main", True, "registry", None),
        (69, "supports-color", "5.5.0", "main", False, "registry", None),
        (76, "supports-color", "7.2.0", "dev", True, "registry", None),
        (
            83,
            "ui-kit",
            "2.0.0",
            "main",
            True,
            "url",
            "https://codeload.github.com/acme/ui-kit/tar.gz/99155ba6510e48accf10a678ac411d29bcc614f0",
        ),
    ]
    assert result.skipped == []
    assert_lockfile_basics(result, "yarn.lock")
    by_line = {d.line: d for d in result.dependencies}
    assert by_line[17].text == "chalk@2.4.2"
    # yarn >= 1.10 writes an integrity line; the tarball URL also carries the SHA-1
    assert by_line[17].hashes == tuple(
        sorted((sri("chalk", "2.4.2"), "sha1:" + hashlib.sha1(b"chalk-2.4.2.tgz", usedforsecurity=False).hexdigest()))
    )
    # written by an older yarn: no integrity line
    assert by_line[33].hashes == ("sha1:" + hashlib.sha1(b"color-name-1.1.3.tgz", usedforsecurity=False).hexdigest(),)


def test_yarn_classic_without_package_json_says_main_and_not_direct() -> None:
    result = parse_fixture("yarn/classic", "yarn.lock", with_siblings=False)

    assert len(result.dependencies) == 15
    assert {(d.scope, d.direct) for d in result.dependencies} == {("main", False)}


def test_yarn_classic_damage_is_skipped_by_line() -> None:
    result = parse_fixture("yarn/broken-classic", "yarn.lock")

    assert [brief(d) for d in result.dependencies] == [
        (5, "ms", "2.1.3", "main", False, "registry", None),
        (19, "cookie", "0.5.0", "main", False, "registry", None),
    ]
    assert result.skipped == [
        Skipped("yarn.lock", "line 10: 'debug@^4.3.4' has no version"),
        Skipped("yarn.lock", "line 15: expected an entry header ending in ':', got 'this line lost its colon'"),
        Skipped("yarn.lock", "line 23: cannot read 'stray deeper line' in the entry at line 19"),
    ]


def test_yarn_berry_workspaces_patches_aliases_git_and_portals() -> None:
    result = parse_fixture("yarn/berry", "yarn.lock")

    assert [brief(d) for d in result.dependencies] == [
        # dev in packages/ui/package.json; the lockfile merges it into the workspace's dependencies
        (19, "@types/prop-types", "15.7.11", "dev", True, "registry", None),
        (44, "clsx", "2.1.0", "main", True, "registry", None),
        # dependenciesMeta: optional
        (51, "fsevents", "2.3.3", "optional", True, "registry", None),
        (
            61,
            "is-number",
            "7.0.0",
            "main",
            True,
            "vcs",
            "git+https://github.com/jonschlinkert/is-number.git@53a9b6ceb2666eea6a89224d1c59371ac3010e32",
        ),
        (68, "legacy-tarball", "1.0.2", "main", True, "url", LEGACY_TARBALL),
        # "lodash3@npm:lodash@^3.10.1" resolves to lodash@npm:3.10.1
        (75, "lodash", "3.10.1", "main", True, "registry", None),
        (82, "lodash", "4.17.21", "main", True, "registry", None),
        (89, "shared-config", None, "main", True, "path", "./shared-config"),
        # the project depends on the patch: entry; the patched package is reported at its own entry, once
        (95, "typescript", "5.3.3", "dev", True, "registry", None),
    ]
    assert result.skipped == []
    assert_lockfile_basics(result, "yarn.lock")
    by_line = {d.line: d for d in result.dependencies}
    assert by_line[44].hashes == ("sha512:" + hashlib.sha512(b"clsx@2.1.0").hexdigest(),)
    assert by_line[89].text == "shared-config@./shared-config"


def test_yarn_berry_without_package_jsons_still_knows_direct_dependencies_from_the_workspace_entries() -> None:
    result = parse_fixture("yarn/berry", "yarn.lock", with_siblings=False)

    assert [(d.name, d.version, d.scope, d.direct) for d in result.dependencies] == [
        ("@types/prop-types", "15.7.11", "main", True),
        ("clsx", "2.1.0", "main", True),
        ("fsevents", "2.3.3", "optional", True),
        ("is-number", "7.0.0", "main", True),
        ("legacy-tarball", "1.0.2", "main", True),
        ("lodash", "3.10.1", "main", True),
        ("lodash", "4.17.21", "main", True),
        ("shared-config", None, "main", True),
        ("typescript", "5.3.3", "main", True),
    ]


def test_yarn_berry_patch_without_its_original_entry_is_the_patched_package() -> None:
    text = (
        "__metadata:\n  version: 6\n  cacheKey: 8\n\n"
        '"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n'
        '  dependencies:\n    resolve: "patch:resolve@npm%3A^1.22.1#~builtin<compat/resolve>"\n'
        "  languageName: unknown\n  linkType: soft\n\n"
        '"resolve@patch:resolve@npm%3A^1.22.1#~builtin<compat/resolve>":\n  version: 1.22.8\n'
        '  resolution: "resolve@patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::version=1.22.8&hash=c3c19d"\n'
        "  languageName: node\n  linkType: hard\n"
    )

    result = parse_yarn_lock(text, "yarn.lock", dict_reader({}))

    assert [brief(d) for d in result.dependencies] == [(13, "resolve", "1.22.8", "main", True, "registry", None)]


def test_yarn_berry_that_is_not_yaml_is_one_skip() -> None:
    result = parse_fixture("yarn/broken-berry", "yarn.lock")

    assert result.dependencies == []
    assert result.skipped == [Skipped("yarn.lock", "invalid YAML at line 19 column 10: did not find expected key")]


def test_yarn_berry_bad_entries_are_skipped_by_line() -> None:
    result = parse_fixture("yarn/berry-entries", "yarn.lock")

    assert [brief(d) for d in result.dependencies] == [(23, "ms", "2.1.3", "main", True, "registry", None)]
    assert result.skipped == [
        Skipped("yarn.lock", "line 8: 'cookie@npm:^0.5.0': no version"),
        Skipped("yarn.lock", "line 30: 'vary@npm:^1.1.2' has no resolution"),
        Skipped(
            "yarn.lock", "line 35: 'weird@jsr:^1.0.0': unsupported resolution protocol 'jsr:' in 'weird@jsr:1.0.0'"
        ),
    ]
    assert result.dependencies[0].hashes == ("sha512:" + hashlib.sha512(b"ms@2.1.3").hexdigest(),)


def test_yarn_berry_of_an_unsupported_metadata_version() -> None:
    result = parse_fixture("yarn/berry-unsupported", "yarn.lock")

    assert result.dependencies == []
    assert result.skipped == [
        Skipped("yarn.lock", "line 5: unsupported __metadata version 3 (Yarn berry); supported: 4, 5, 6, 7, 8")
    ]


# ---------------------------------------------------------------------------
# pnpm-lock.yaml


def test_pnpm_lockfile_5_4() -> None:
    result = parse_fixture("pnpm/v5", "pnpm-lock.yaml")

    assert [brief(d) for d in result.dependencies] == [
        (25, "@types/node", "18.11.9", "dev", True, "registry", None),
        (29, "debug", "4.3.4", "main", True, "registry", None),
        (41, "fsevents", "2.3.2", "optional", True, "registry", None),
        (49, "js-tokens", "4.0.0", "main", False, "registry", None),
        (53, "loose-envify", "1.4.0", "main", False, "registry", None),
        (60, "ms", "2.1.2", "main", False, "registry", None),
        # /react-dom/18.2.0_react@18.2.0: the peer suffix is not part of the version
        (64, "react-dom", "18.2.0", "main", True, "registry", None),
        (74, "react", "18.2.0", "main", True, "registry", None),
        (81, "scheduler", "0.23.0", "main", False, "registry", None),
        # github.com/stevemao/left-pad/<commit>: name and version are fields of the entry
        (87, "left-pad", "1.3.0", "main", True, "url", LEFT_PAD_CODELOAD),
    ]
    assert result.skipped == []
    assert_lockfile_basics(result, "pnpm-lock.yaml")
    assert result.dependencies[1].hashes == (sri("debug", "4.3.4"),)
    assert result.dependencies[1].text == "debug@4.3.4"


def test_pnpm_lockfile_6_0() -> None:
    result = parse_fixture("pnpm/v6", "pnpm-lock.yaml")

    assert [brief(d) for d in result.dependencies] == [
        (31, "@tanstack/query-core", "4.29.5", "main", False, "registry", None),
        # /@tanstack/react-query@4.29.5(react@18.2.0)
        (35, "@tanstack/react-query", "4.29.5", "main", True, "registry", None),
        (52, "js-tokens", "4.0.0", "main", False, "registry", None),
        # lodash3: version /lodash@3.10.1 (an alias)
        (56, "lodash", "3.10.1", "main", True, "registry", None),
        (60, "loose-envify", "1.4.0", "main", False, "registry", None),
        (67, "react", "18.2.0", "main", True, "registry", None),
        (74, "typescript", "5.1.6", "dev", True, "registry", None),
        (80, "use-sync-external-store", "1.2.0", "main", False, "registry", None),
        (88, "local-config", "0.1.0", "main", True, "path", "packages/local-config"),
        (94, "left-pad", "1.3.0", "main", True, "url", LEFT_PAD_CODELOAD),
    ]
    assert result.skipped == []
    assert_lockfile_basics(result, "pnpm-lock.yaml")


def test_pnpm_lockfile_9_0_workspace_scopes_come_from_the_snapshot_graph() -> None:
    result = parse_fixture("pnpm/v9", "pnpm-lock.yaml")

    assert [brief(d) for d in result.dependencies] == [
        (52, "@types/prop-types", "15.7.12", "dev", False, "registry", None),
        (55, "@types/react", "18.3.3", "dev", True, "registry", None),
        (58, "bufferutil", "4.0.8", "optional", True, "registry", None),
        (62, "csstype", "3.1.3", "dev", False, "registry", None),
        (65, "debug", "4.3.4", "main", True, "registry", None),
        (74, "js-tokens", "4.0.0", "main", False, "registry", None),
        (77, "left-pad", "1.3.0", "main", True, "url", LEFT_PAD_CODELOAD),
        # lodash3: version lodash@3.10.1 (an alias)
        (81, "lodash", "3.10.1", "main", True, "registry", None),
        (84, "loose-envify", "1.4.0", "main", False, "registry", None),
        (88, "ms", "2.1.2", "main", False, "registry", None),
        (91, "node-gyp-build", "4.8.1", "optional", False, "registry", None),
        (95, "react-dom", "18.3.1", "main", True, "registry", None),
        (100, "react", "18.3.1", "main", True, "registry", None),
        (104, "scheduler", "0.23.2", "main", False, "registry", None),
        (
            107,
            "tiny-emitter",
            "2.1.0",
            "main",
            True,
            "vcs",
            f"git+https://github.com/scottcorgan/tiny-emitter.git@{TINY_EMITTER_SHA}",
        ),
        (111, "typescript", "5.4.5", "dev", True, "registry", None),
    ]
    assert result.skipped == []
    assert_lockfile_basics(result, "pnpm-lock.yaml")


def test_pnpm_one_package_version_with_several_peer_sets_is_one_dependency() -> None:
    text = (
        "lockfileVersion: '6.0'\n\n"
        "dependencies:\n  react-dom:\n    specifier: ^18.2.0\n    version: 18.2.0(react@18.2.0)\n\n"
        "devDependencies:\n  '@testing-library/react':\n    specifier: ^14.0.0\n"
        "    version: 14.0.0(react-dom@18.2.0)(react@18.2.0)\n\n"
        "packages:\n\n"
        "  /@testing-library/react@14.0.0(react-dom@18.2.0)(react@18.2.0):\n"
        "    resolution: {integrity: sha512-S04gSNJbYE30TlIMLTzv6QCTzt9AqIF5y6s6SzVFILNcNvbV/jU96GeiTPillGQo+"
        "Ny64M/5PV7klNYYgv5Dfw==}\n"
        "    dev: true\n\n"
        "  /react-dom@18.2.0(react@17.0.2):\n    resolution: {integrity: sha512-AAAA}\n    dev: true\n\n"
        "  /react-dom@18.2.0(react@18.2.0):\n    resolution: {integrity: sha512-AAAA}\n    dev: false\n"
    )

    result = parse_pnpm_lock(text, "web/pnpm-lock.yaml", dict_reader({}))

    assert [brief(d) for d in result.dependencies] == [
        (15, "@testing-library/react", "14.0.0", "dev", True, "registry", None),
        (19, "react-dom", "18.2.0", "main", True, "registry", None),
    ]


def test_pnpm_lockfile_5_4_inline_specifiers_and_a_git_resolution() -> None:
    text = (
        "lockfileVersion: 5.4-inlineSpecifiers\n\n"
        "importers:\n\n  .:\n    dependencies:\n      tool:\n        specifier: github:acme/tool\n"
        "        version: github.com/acme/tool/0123456789abcdef0123456789abcdef01234567\n"
        "      shared:\n        specifier: workspace:*\n        version: link:packages/shared\n\n"
        "packages:\n\n  github.com/acme/tool/0123456789abcdef0123456789abcdef01234567:\n"
        "    resolution: {commit: 0123456789abcdef0123456789abcdef01234567,"
        " repo: git@github.com:acme/tool.git, type: git}\n"
        "    name: tool\n    version: 0.9.0\n    dev: false\n"
    )

    result = parse_pnpm_lock(text, "pnpm-lock.yaml", dict_reader({}))

    assert [brief(d) for d in result.dependencies] == [
        (
            16,
            "tool",
            "0.9.0",
            "main",
            True,
            "vcs",
            "git+ssh://git@github.com/acme/tool.git@0123456789abcdef0123456789abcdef01234567",
        )
    ]


def test_pnpm_that_is_not_yaml_is_one_skip() -> None:
    result = parse_fixture("pnpm/broken-yaml", "pnpm-lock.yaml")

    assert result.dependencies == []
    assert result.skipped == [
        Skipped("pnpm-lock.yaml", "invalid YAML at line 12 column 8: did not find expected ',' or '}'")
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("lockfileVersion: 4\npackages: {}\n", "line 1: unsupported lockfileVersion 4; supported: 5.x, 6.x, 9.x"),
        ("\nlockfileVersion: '10.0'\n", "line 2: unsupported lockfileVersion '10.0'; supported: 5.x, 6.x, 9.x"),
        ("packages: {}\n", "no lockfileVersion; supported: 5.x, 6.x, 9.x"),
        ("- a list\n", "expected a mapping at the top, got a list"),
    ],
)
def test_pnpm_lockfile_versions_we_do_not_read(text: str, reason: str) -> None:
    result = parse_pnpm_lock(text, "pnpm-lock.yaml", dict_reader({}))

    assert result.dependencies == []
    assert result.skipped == [Skipped("pnpm-lock.yaml", reason)]


def test_pnpm_shrinkwrap_era_fixture_is_unsupported() -> None:
    result = parse_fixture("pnpm/unsupported", "pnpm-lock.yaml")

    assert result.skipped == [Skipped("pnpm-lock.yaml", "no lockfileVersion; supported: 5.x, 6.x, 9.x")]


def test_pnpm_bad_entries_are_skipped_by_key_and_line() -> None:
    result = parse_fixture("pnpm/broken-entries", "pnpm-lock.yaml")

    assert [brief(d) for d in result.dependencies] == [(21, "ms", "2.1.2", "main", True, "registry", None)]
    assert result.skipped == [
        Skipped("pnpm-lock.yaml", "line 19: packages['cookie@0.5.0'] must be a mapping, got a string"),
        Skipped("pnpm-lock.yaml", "line 24: packages['statuses@2.0.1']: resolution must be a mapping, got a list"),
        Skipped(
            "pnpm-lock.yaml",
            "line 27: packages['./vendor/thing']: cannot tell the package name from the key, and the entry has no name",
        ),
    ]


# ---------------------------------------------------------------------------
# Across formats: lines, registry, agent


LOCKFILE_FIXTURES = [
    ("npm/v1", "package-lock.json"),
    ("npm/v2", "package-lock.json"),
    ("npm/v3-workspaces", "package-lock.json"),
    ("npm/shrinkwrap-npm4", "npm-shrinkwrap.json"),
    ("yarn/classic", "yarn.lock"),
    ("yarn/berry", "yarn.lock"),
    ("pnpm/v5", "pnpm-lock.yaml"),
    ("pnpm/v6", "pnpm-lock.yaml"),
    ("pnpm/v9", "pnpm-lock.yaml"),
]


@pytest.mark.parametrize(("directory", "name"), LOCKFILE_FIXTURES)
def test_every_dependency_points_at_the_line_that_opens_its_entry(directory: str, name: str) -> None:
    lines = (LOCKS / directory / name).read_text(encoding="utf-8").splitlines()

    result = parse_fixture(directory, name)

    assert result.dependencies
    for dependency in result.dependencies:
        line = lines[dependency.line - 1]
        assert line.rstrip().endswith((":", "{")), (dependency, line)
        assert dependency.raw_name.rsplit("/", 1)[-1].split("-")[0] in line, (dependency, line)


@pytest.mark.parametrize(
    ("path", "function"),
    [
        ("package-lock.json", "parse_package_lock"),
        ("web/npm-shrinkwrap.json", "parse_package_lock"),
        ("yarn.lock", "parse_yarn_lock"),
        ("packages/app/yarn.lock", "parse_yarn_lock"),
        ("pnpm-lock.yaml", "parse_pnpm_lock"),
    ],
)
def test_the_registry_maps_each_lockfile_name_to_its_parser(path: str, function: str) -> None:
    assert parser_for(path) is getattr(jslocks, function)


def test_the_agent_reports_lockfile_dependencies_in_its_payload() -> None:
    root = LOCKS / "npm" / "v3-workspaces"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    payload = AGENT.analyze(AgentContext(root=root), [f for f in files if AGENT.wants(f)])

    found = {(d["file"], d["name"], d["version"], d["scope"], d["kind"], d["direct"]) for d in payload["dependencies"]}
    assert ("package-lock.json", "semver", "6.3.1", "main", "registry", True) in found
    assert ("package-lock.json", "prettier", "3.0.3", "dev", "registry", True) in found
    assert ("package-lock.json", "legacy-tarball", "1.0.2", "main", "url", True) in found
    assert len(payload["dependencies"]) == 12
    assert all(d["ecosystem"] == "npm" for d in payload["dependencies"])
    assert payload["filesScanned"] == 1
    assert [s for s in payload["skipped"] if s["path"] == "package-lock.json"] == []


def test_the_agent_reads_yarn_and_pnpm_lockfiles_side_by_side(tmp_path: Path) -> None:
    for directory, name in (("yarn/berry", "yarn.lock"), ("pnpm/v9", "pnpm-lock.yaml")):
        target = tmp_path / directory.split("/")[0]
        target.mkdir()
        (target / name).write_text((LOCKS / directory / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "yarn" / "package.json").write_text(
        (LOCKS / "yarn/berry/package.json").read_text(encoding="utf-8"), encoding="utf-8"
    )

    payload = AGENT.analyze(AgentContext(root=tmp_path), ["pnpm/pnpm-lock.yaml", "yarn/yarn.lock"])

    by_file: dict[str, set[tuple[str, str | None]]] = {}
    for d in payload["dependencies"]:
        by_file.setdefault(d["file"], set()).add((d["name"], d["version"]))
    assert ("typescript", "5.3.3") in by_file["yarn/yarn.lock"]
    assert ("tiny-emitter", "2.1.0") in by_file["pnpm/pnpm-lock.yaml"]
    assert (len(by_file["yarn/yarn.lock"]), len(by_file["pnpm/pnpm-lock.yaml"])) == (9, 16)
    typescript = next(d for d in payload["dependencies"] if d["file"] == "yarn/yarn.lock" and d["name"] == "typescript")
    assert (typescript["scope"], typescript["direct"], typescript["hashed"]) == ("dev", True, True)


# ---------------------------------------------------------------------------
# Shared pieces


def test_sri_hashes_become_algorithm_and_hex() -> None:
    digest = hashlib.sha512(b"x").digest()
    sri_value = "sha512-" + base64.b64encode(digest).decode()

    assert sri_hashes(sri_value) == ("sha512:" + digest.hex(),)
    assert sri_hashes(f"{sri_value} sha1-AAAA") == ("sha1:000000", "sha512:" + digest.hex())
    assert sri_hashes("sha512-not*base64") == ("sha512-not*base64",)
    assert sri_hashes(None) == ()
    assert sri_hashes("") == ()


def test_vcs_urls_are_spelled_as_pip_spells_them() -> None:
    assert vcs_url("https://github.com/a/b.git", "abc") == "git+https://github.com/a/b.git@abc"
    assert vcs_url("git+ssh://git@github.com/a/b.git#v1", "abc") == "git+ssh://git@github.com/a/b.git@abc"
    assert vcs_url("git@github.com:a/b.git", "abc") == "git+ssh://git@github.com/a/b.git@abc"
    assert vcs_url("https://github.com/a/b.git", None) == "git+https://github.com/a/b.git"


def test_reachable_scopes_follow_npm_flag_rules() -> None:
    edges = {
        "app-dep": [("shared", False), ("opt-of-main", True)],
        "dev-dep": [("shared", False), ("dev-only", False), ("opt-of-dev", True)],
        "optional-dep": [("via-optional", False)],
    }
    roots = [("app-dep", "main"), ("dev-dep", "dev"), ("optional-dep", "optional")]

    assert reachable_scopes(edges, roots) == {
        "app-dep": "main",
        "shared": "main",
        "opt-of-main": "optional",
        "optional-dep": "optional",
        "via-optional": "optional",
        "dev-dep": "dev",
        "dev-only": "dev",
        # an optional dependency of a dev dependency is dev
        "opt-of-dev": "dev",
    }
