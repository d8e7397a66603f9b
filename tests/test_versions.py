"""Version ordering per ecosystem: PEP 440, SemVer 2.0.0 (npm, crates.io), Go modules, and OSV's "0"."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.dependency.versions import (
    UnsupportedVersion,
    same_version,
    semver_key,
    sort_versions,
    version_key,
)


def assert_strictly_ascending(ecosystem: str, versions: Sequence[str]) -> None:
    keys = [version_key(ecosystem, v) for v in versions]
    for (low, low_key), (high, high_key) in itertools.combinations(zip(versions, keys, strict=True), 2):
        assert low_key < high_key, f"{low} < {high}"
        assert high_key > low_key
        assert low_key != high_key
    assert sort_versions(ecosystem, reversed(versions)) == list(versions)


# ---------------------------------------------------------------------------
# PyPI (PEP 440)


def test_pep440_orders_dev_pre_post_local_and_epochs() -> None:
    assert_strictly_ascending(
        "PyPI",
        [
            "0",  # OSV's "introduced: 0" is below even 0.dev0
            "0.dev0",
            "0a1",
            "0.0.1",
            "1.0.dev0",
            "1.0a1.dev2",
            "1.0a1",
            "1.0a2",
            "1.0b1",
            "1.0rc1",
            "1.0rc1.post1",
            "1.0",
            "1.0+local.abc",
            "1.0+local.7",  # in local segments a number outranks letters (PEP 440)
            "1.0.post1.dev0",
            "1.0.post1",
            "1.0.1",
            "1.2",
            "1.10",
            "2013.10",
            "1!0.1",  # an epoch outranks every release number
        ],
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1.0", "1.0.0"),
        ("1.0.0", "1.0.0.0"),
        ("0.12.01", "0.12.1"),
        ("1.0RC1", "1.0rc1"),
        ("1.0-rc1", "1.0rc1"),
        ("1.0c1", "1.0rc1"),
        ("1.0alpha1", "1.0a1"),
        ("1.0.beta.2", "1.0b2"),
        ("1.0-1", "1.0.post1"),
        ("1.0.rev1", "1.0.post1"),
        ("1.0-dev", "1.0.dev0"),
        ("v1.0", "1.0"),
        ("0!1.0", "1.0"),
        ("1.0+Ubuntu-1", "1.0+ubuntu.1"),
        ("2.0.0rc1", "2.0.0-rc1"),
    ],
)
def test_pep440_spellings_of_one_version_are_equal(a: str, b: str) -> None:
    assert version_key("PyPI", a) == version_key("PyPI", b)
    assert hash(version_key("PyPI", a)) == hash(version_key("PyPI", b))
    assert same_version("PyPI", a, b)


@pytest.mark.parametrize("version", ["0.1-bulbasaur", "2.0.1rc2-git", "0.7.4.svn.r2010", "not a version", "", "1.0+"])
def test_non_pep440_pypi_versions_are_unsupported(version: str) -> None:
    with pytest.raises(UnsupportedVersion, match="not a PEP 440 version"):
        version_key("PyPI", version)


def test_zero_sentinel_is_exactly_the_string_zero() -> None:
    # "0" is OSV's bottom, so it is not the same version as "0.0" (which PEP 440 would call equal).
    assert version_key("PyPI", "0") < version_key("PyPI", "0.0")
    assert not same_version("PyPI", "0", "0.0")
    assert same_version("PyPI", "0.0", "0.0.0")


# ---------------------------------------------------------------------------
# SemVer 2.0.0 (npm, crates.io) and Go


SEMVER_SPEC_PRECEDENCE = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
]


@pytest.mark.parametrize("ecosystem", ["npm", "crates.io", "Go"])
def test_semver_precedence_follows_the_spec_examples(ecosystem: str) -> None:
    assert_strictly_ascending(ecosystem, ["0", "0.0.0-0", "0.0.0", *SEMVER_SPEC_PRECEDENCE, "2.0.0", "2.1.0", "2.1.1"])
    assert_strictly_ascending(ecosystem, ["1.9.0", "1.10.0", "1.11.0"])


@pytest.mark.parametrize("ecosystem", ["npm", "crates.io", "Go"])
def test_semver_build_metadata_is_ignored(ecosystem: str) -> None:
    assert version_key(ecosystem, "1.0.0+20130313144700") == version_key(ecosystem, "1.0.0")
    assert version_key(ecosystem, "1.0.0-beta+exp.sha.5114f85") == version_key(ecosystem, "1.0.0-beta")
    assert same_version(ecosystem, "1.0.0+build.1", "1.0.0+build.2")


def test_semver_prerelease_identifiers_numeric_below_alphanumeric() -> None:
    assert_strictly_ascending("crates.io", ["1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-1a", "1.0.0-a", "1.0.0-a.0"])
    # Hyphens belong to an identifier; "0-x" is alphanumeric.
    assert_strictly_ascending("crates.io", ["1.0.0-0.1", "1.0.0-0-x", "1.0.0-x"])


@pytest.mark.parametrize(
    "version", ["1.0", "1", "01.0.0", "1.00.0", "1.0.0-01", "1.0.0-", "1.0.0+", "1.0.0-a..b", "1.0.0-é", "1.0.0 "]
)
@pytest.mark.parametrize("ecosystem", ["crates.io", "Go"])
def test_invalid_semver_is_unsupported(ecosystem: str, version: str) -> None:
    with pytest.raises(UnsupportedVersion, match=r"not a SemVer 2\.0\.0 version"):
        version_key(ecosystem, version)


def test_npm_tolerates_a_leading_v_or_equals_and_surrounding_blanks() -> None:
    for spelling in ["v1.2.3", "=1.2.3", "=v1.2.3", " 1.2.3 "]:
        assert version_key("npm", spelling) == version_key("npm", "1.2.3"), spelling
    with pytest.raises(UnsupportedVersion):
        version_key("crates.io", "v1.2.3")
    with pytest.raises(UnsupportedVersion):
        semver_key("v1.2.3")


def test_go_versions_with_and_without_v_are_equal() -> None:
    assert version_key("Go", "v1.2.3") == version_key("Go", "1.2.3")
    assert same_version("Go", "v0.3.7", "0.3.7")


def test_go_pseudo_versions_order_as_prereleases() -> None:
    assert_strictly_ascending(
        "Go",
        [
            "0",
            "v0.0.0-20190101000000-aaaaaaaaaaaa",
            "v0.0.0-20210101000000-abcdef123456",
            "v0.0.0-20220315093000-0123456789ab",
            "v0.0.1",
            "v1.2.3",
            # the pseudo-version of a commit after v1.2.3 (no later tag)
            "v1.2.4-0.20210101000000-abcdef123456",
            "v1.2.4-pre",
            "v1.2.4-pre.0.20210101000000-abcdef123456",
            "v1.2.4",
        ],
    )


def test_go_incompatible_suffix_is_ignored_for_ordering() -> None:
    assert version_key("Go", "v2.0.0+incompatible") == version_key("Go", "v2.0.0")
    assert version_key("Go", "v2.0.0+incompatible") < version_key("Go", "v2.0.1+incompatible")
    assert version_key("Go", "v1.9.9") < version_key("Go", "v2.0.0+incompatible")


# ---------------------------------------------------------------------------
# other ecosystems, same_version, sort_versions


@pytest.mark.parametrize("ecosystem", ["Maven", "Debian", "RubyGems", "pypi", ""])
def test_unknown_ecosystems_are_unsupported(ecosystem: str) -> None:
    with pytest.raises(UnsupportedVersion, match="no version ordering"):
        version_key(ecosystem, "1.0.0")
    assert same_version(ecosystem, "1.0.0", "1.0.0")
    assert not same_version(ecosystem, "1.0", "1.0.0")


def test_same_version_falls_back_to_string_equality() -> None:
    assert same_version("PyPI", "0.1-bulbasaur", "0.1-bulbasaur")
    assert not same_version("PyPI", "0.1-bulbasaur", "0.1")
    assert not same_version("npm", "1.2", "1.2.0")


def test_sort_versions_puts_unorderable_versions_first_by_string() -> None:
    assert sort_versions("PyPI", ["2.0", "0.9-eevee", "1.0.0", "0.1-bulbasaur", "1.0rc1", "0"]) == [
        "0.1-bulbasaur",
        "0.9-eevee",
        "0",
        "1.0rc1",
        "1.0.0",
        "2.0",
    ]
    # Equal versions keep a fixed order (by string), whatever the input order.
    assert sort_versions("PyPI", ["1.0.0", "1.0"]) == sort_versions("PyPI", ["1.0", "1.0.0"]) == ["1.0", "1.0.0"]
    assert sort_versions("Maven", ["b", "a"]) == ["a", "b"]


# ---------------------------------------------------------------------------
# properties: the ordering is total and consistent


def _pep440_text(
    epoch: int, release: list[int], pre: tuple[str, int] | None, post: int | None, dev: int | None, local: str | None
) -> str:
    text = (f"{epoch}!" if epoch else "") + ".".join(map(str, release))
    if pre is not None:
        text += f"{pre[0]}{pre[1]}"
    if post is not None:
        text += f".post{post}"
    if dev is not None:
        text += f".dev{dev}"
    if local is not None:
        text += f"+{local}"
    return text


SMALL = st.integers(min_value=0, max_value=3)
PEP440 = st.one_of(
    st.just("0"),
    st.builds(
        _pep440_text,
        st.integers(min_value=0, max_value=1),
        st.lists(SMALL, min_size=1, max_size=4),
        st.none() | st.tuples(st.sampled_from(["a", "b", "rc", "alpha", "c", "pre"]), SMALL),
        st.none() | SMALL,
        st.none() | SMALL,
        st.none() | st.sampled_from(["1", "abc", "abc.2", "2.abc"]),
    ),
)

IDENTIFIER = st.one_of(SMALL.map(str), st.sampled_from(["alpha", "beta", "rc", "0a", "x-y", "A"]))
SEMVER_PARTS = st.tuples(
    SMALL, SMALL, SMALL, st.lists(IDENTIFIER, max_size=3), st.none() | st.sampled_from(["b1", "x"])
)


def _semver_text(parts: tuple[int, int, int, list[str], str | None]) -> str:
    major, minor, patch, prerelease, build = parts
    return (
        f"{major}.{minor}.{patch}" + (f"-{'.'.join(prerelease)}" if prerelease else "") + (f"+{build}" if build else "")
    )


def _spec_compare(
    a: tuple[int, int, int, list[str], str | None], b: tuple[int, int, int, list[str], str | None]
) -> int:
    """SemVer 2.0.0 section 11, written procedurally as an independent reference."""
    if a[:3] != b[:3]:
        return -1 if a[:3] < b[:3] else 1
    pre_a, pre_b = a[3], b[3]
    if not pre_a or not pre_b:
        return (len(pre_b) > 0) - (len(pre_a) > 0) if pre_a or pre_b else 0
    for x, y in zip(pre_a, pre_b, strict=False):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1
        return -1 if x < y else 1
    return (len(pre_a) > len(pre_b)) - (len(pre_a) < len(pre_b))


@settings(max_examples=300, deadline=None)
@given(st.lists(PEP440, min_size=3, max_size=3))
def test_pep440_keys_are_a_total_order(versions: list[str]) -> None:
    a, b, c = (version_key("PyPI", v) for v in versions)
    assert (a < b) + (a == b) + (a > b) == 1
    assert (a <= b) == (not a > b)
    if a == b:
        assert hash(a) == hash(b)
        assert same_version("PyPI", versions[0], versions[1])
    if a <= b and b <= c:
        assert a <= c
    ordered = sort_versions("PyPI", versions)
    keys = [version_key("PyPI", v) for v in ordered]
    assert keys == sorted(keys)


@settings(max_examples=300, deadline=None)
@given(PEP440, PEP440)
def test_pep440_keys_agree_with_packaging_apart_from_zero(a: str, b: str) -> None:
    from packaging.version import Version

    if "0" in (a, b):
        assert (version_key("PyPI", a) <= version_key("PyPI", b)) == (a == "0")
        return
    assert (version_key("PyPI", a) < version_key("PyPI", b)) == (Version(a) < Version(b))
    assert (version_key("PyPI", a) == version_key("PyPI", b)) == (Version(a) == Version(b))


@settings(max_examples=400, deadline=None)
@given(SEMVER_PARTS, SEMVER_PARTS, SEMVER_PARTS, st.sampled_from(["npm", "crates.io", "Go"]))
def test_semver_keys_match_the_spec_and_are_a_total_order(
    pa: tuple[int, int, int, list[str], str | None],
    pb: tuple[int, int, int, list[str], str | None],
    pc: tuple[int, int, int, list[str], str | None],
    ecosystem: str,
) -> None:
    a, b, c = (version_key(ecosystem, _semver_text(p)) for p in (pa, pb, pc))
    expected = _spec_compare(pa, pb)
    assert (a > b) - (a < b) == expected
    assert (a == b) == (expected == 0)
    if a == b:
        assert hash(a) == hash(b)
    if a < b and b < c:
        assert a < c
    if a == b and b == c:
        assert a == c
