"""Supply-chain checks: typosquatted names (DEP008), dependency confusion across Poetry and uv indexes (DEP005)
and plain-HTTP indexes in pyproject.toml (DEP004)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.base import AgentContext, Skipped
from agents.dependency import typosquat
from agents.dependency.agent import AGENT
from agents.dependency.catalogue import DEP008, RULES
from agents.dependency.model import Dependency, ManifestOption, ParseResult
from agents.dependency.parsers import parse_pyproject, parse_requirements
from agents.dependency.rules import Manifests, Policy, run_checks
from agents.dependency.typosquat import (
    Technique,
    TyposquatMatch,
    legitimate_lookalikes,
    likely_typosquat,
    normalise,
    osa_distance,
    popular_names,
)
from analyzer.findings import Finding

SUPPLY = Path(__file__).parent / "fixtures" / "dependency" / "supply"
DATA = Path(typosquat.__file__).parent / "data"


def parse_fixture(name: str) -> ParseResult:
    return parse_pyproject((SUPPLY / name / "pyproject.toml").read_text(encoding="utf-8"), "pyproject.toml")


def findings_of(result: ParseResult, *rule_ids: str) -> list[tuple[str, int, str]]:
    findings = run_checks(Manifests(result.dependencies, result.options), Policy())
    return [(f.rule_id, f.location.line, f.message) for f in findings if f.rule_id in rule_ids]


def registry_dependency(name: str, *, ecosystem: str = "PyPI", line: int = 1, **fields: Any) -> Dependency:
    values: dict[str, Any] = {
        "file": "requirements.txt" if ecosystem == "PyPI" else "package-lock.json",
        "line": line,
        "name": normalise(ecosystem, name) if ecosystem == "PyPI" else name,
        "raw_name": name,
        "specifier": "",
        "version": None,
        "scope": "main",
        "kind": "registry",
        "manifest_kind": "requirements" if ecosystem == "PyPI" else "lockfile",
        "text": name,
        "ecosystem": ecosystem,
    }
    values.update(fields)
    return Dependency(**values)


def typosquat_findings(*dependencies: Dependency) -> list[Finding]:
    return [f for f in run_checks(Manifests(list(dependencies), []), Policy()) if f.rule_id == "DEP008"]


# ---------------------------------------------------------------------------
# Typosquats: names seen in reported campaigns, and the tricks they use.


@pytest.mark.parametrize(
    ("ecosystem", "name", "target", "technique", "distance"),
    [
        ("PyPI", "reqeusts", "requests", "swapped-characters", 1),
        ("PyPI", "python3-dateutil", "python-dateutil", "added-character", 1),
        ("PyPI", "jeIlyfish", "jellyfish", "homoglyph", 1),
        ("PyPI", "colourama", "colorama", "added-character", 1),
        ("PyPI", "urlib3", "urllib3", "omitted-character", 1),
        ("PyPI", "urllib", "urllib3", "omitted-character", 1),
        ("PyPI", "setup-tools", "setuptools", "separator", 1),
        ("PyPI", "pythondateutil", "python-dateutil", "separator", 1),
        ("PyPI", "dateutil-python", "python-dateutil", "affix", 14),
        ("PyPI", "py-dateutil", "python-dateutil", "affix", 4),
        ("PyPI", "python-requests", "requests", "affix", 7),
        ("PyPI", "djang0", "django", "homoglyph", 1),
        ("PyPI", "reequests", "requests", "repeated-character", 1),
        ("PyPI", "requesrs", "requests", "substituted-character", 1),
        ("PyPI", "tensorflwo", "tensorflow", "swapped-characters", 1),
        ("PyPI", "djangorestframwrk", "djangorestframework", "edit-distance", 2),
        ("PyPI", "pytest-covv", "pytest-cov", "repeated-character", 1),
        ("npm", "crossenv", "cross-env", "separator", 1),
        ("npm", "babelcli", "babel-cli", "separator", 1),
        ("npm", "@types-node", "@types/node", "scope", 1),
        ("npm", "types-node", "@types/node", "scope", 2),
        ("npm", "@type/node", "@types/node", "omitted-character", 1),
        ("npm", "mongose", "mongoose", "omitted-character", 1),
        ("npm", "electorn", "electron", "swapped-characters", 1),
        ("npm", "nodemailer-js", "nodemailer", "affix", 3),
        ("npm", "jquery.js", "jquery", "affix", 3),
        ("npm", "d3.js", "d3", "affix", 3),
        ("npm", "discord.jss", "discord.js", "repeated-character", 1),
        ("npm", "loadash", "lodash", "added-character", 1),
        ("npm", "Lodahs", "lodash", "swapped-characters", 1),
    ],
)
def test_typosquats_are_matched_with_their_target_and_trick(
    ecosystem: str, name: str, target: str, technique: Technique, distance: int
) -> None:
    match = likely_typosquat(ecosystem, name, known=())
    assert match == TyposquatMatch(normalise(ecosystem, name), target, technique, distance, popular=True)


@pytest.mark.parametrize(
    ("ecosystem", "name"),
    [
        ("PyPI", "python_dateutil"),  # the same name as python-dateutil under PEP 503
        ("PyPI", "Python.Dateutil"),
        ("PyPI", "PyYAML"),
        ("PyPI", "yaml"),  # shorter than five characters
        ("PyPI", "reqs"),
        ("PyPI", "scapy"),  # an established project, not a slip of scrapy
        ("PyPI", "fastai"),
        ("PyPI", "pyaml"),
        ("PyPI", "markdown2"),
        ("PyPI", "python-levenshtein"),
        ("PyPI", "pytest-csv"),  # another short word of a plugin family (pytest-cov)
        ("PyPI", "google-cloud-dms"),
        ("PyPI", "torchx"),  # a letter added at the end makes another word
        ("PyPI", "unicorn"),  # a first letter dropped, likewise (gunicorn)
        ("PyPI", "usort"),  # a changed first letter (isort)
        ("PyPI", "acme-internal-billing"),
        ("npm", "aws-cdk"),
        ("npm", "@eslint/js"),  # a scope's owner naming its own package
        ("npm", "babel-core"),
        ("npm", "isstream"),
        ("npm", "@babel/core"),
        ("Go", "github.com/gorila/mux"),  # other ecosystems are not judged
        ("crates.io", "serde_jsn"),
    ],
)
def test_legitimate_names_are_not_matched(ecosystem: str, name: str) -> None:
    assert likely_typosquat(ecosystem, name, known=()) is None


@pytest.mark.parametrize("ecosystem", ["PyPI", "npm"])
def test_no_popular_or_established_name_is_ever_flagged(ecosystem: str) -> None:
    popular = popular_names(ecosystem)
    everyone = list(popular) + sorted(legitimate_lookalikes(ecosystem))
    # The project's other dependencies are compared too: a project depending on all of them is the worst case.
    flagged = [name for name in everyone if likely_typosquat(ecosystem, name, known=popular[:50]) is not None]
    assert flagged == []


def test_popular_lists_are_normalised_ranked_and_documented() -> None:
    pypi, npm = popular_names("PyPI"), popular_names("npm")
    assert len(pypi) >= 1000 and len(npm) >= 500
    assert pypi[:3] == ("boto3", "packaging", "urllib3")
    assert {"requests", "django", "numpy", "jellyfish", "pyserial"} <= set(pypi)
    assert {"express", "react", "lodash", "cross-env", "mongoose", "@types/node", "@babel/core"} <= set(npm)
    for filename, ecosystem in (("popular-pypi.txt", "PyPI"), ("popular-npm.txt", "npm")):
        lines = (DATA / filename).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# Popular") and any("compiled on" in line for line in lines if line.startswith("#"))
        names = [line for line in lines if line and not line.startswith("#")]
        assert names == [normalise(ecosystem, n) for n in names] and len(names) == len(set(names))


@pytest.mark.parametrize("ecosystem", ["PyPI", "npm"])
def test_every_established_lookalike_is_needed_and_names_its_popular_twin(ecosystem: str) -> None:
    filename = "lookalikes-pypi.txt" if ecosystem == "PyPI" else "lookalikes-npm.txt"
    popular = set(popular_names(ecosystem))
    index = typosquat._popular_index(ecosystem)
    for line in (DATA / filename).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, twin = (part.strip() for part in line.split("#"))
        assert name not in popular and twin in popular, line
        # Without the allow-list the heuristic would report it: the entry is not stale.
        assert twin in index.candidates(ecosystem, name, name), line
        assert typosquat._technique(ecosystem, name, name, twin, popular=True) is not None, line


def test_the_closest_and_most_specific_target_wins() -> None:
    # babelcli is both babel-cli without its hyphen and @babel/cli flattened: the same letters either way,
    # and the unscoped name is one edit closer.
    assert likely_typosquat("npm", "babelcli", known=()) == TyposquatMatch(
        "babelcli", "babel-cli", "separator", 1, popular=True
    )


def test_names_are_compared_with_the_projects_other_dependencies_too() -> None:
    known = ["acme-billing-core", "acme-api-v2", "Django"]
    assert likely_typosquat("PyPI", "acme-biling-core", known=known) == TyposquatMatch(
        "acme-biling-core", "acme-billing-core", "omitted-character", 1, popular=False
    )
    # Versioned siblings are not slips of each other.
    assert likely_typosquat("PyPI", "acme-api-v1", known=known) is None
    # A popular target beats a project-own one.
    match = likely_typosquat("PyPI", "djangoo", known=["djangoo-extras", "djangooo"])
    assert match is not None and (match.target, match.popular) == ("django", True)
    # The name itself, in any spelling, is not its own target.
    assert likely_typosquat("PyPI", "acme_billing.core", known=known) is None


def test_optimal_string_alignment_distance() -> None:
    assert osa_distance("requests", "requests") == 0
    assert osa_distance("reqeusts", "requests") == 1
    assert osa_distance("ca", "abc") == 3  # OSA, unlike unrestricted Damerau-Levenshtein (2)
    assert osa_distance("", "abc") == 3
    assert osa_distance("colourama", "colorama") == 1


def test_dep008_is_in_the_catalogue() -> None:
    assert RULES[-1] is DEP008
    assert (DEP008.name, DEP008.severity.value, DEP008.confidence.value, DEP008.cwe) == (
        "LikelyTyposquat",
        "medium",
        "medium",
        (829,),
    )


def test_typosquat_findings_on_the_requirements_fixture() -> None:
    text = (SUPPLY / "typosquats" / "requirements.txt").read_text(encoding="utf-8")
    result = parse_requirements(text, "requirements.txt", read_include=lambda path: Skipped(path, "no includes"))
    assert result.skipped == []
    assert findings_of(result, "DEP008") == [
        (
            "DEP008",
            2,
            "reqeusts looks like a typosquat of requests, a popular PyPI package (two letters swapped): "
            "check that it is the package you meant",
        ),
        (
            "DEP008",
            3,
            "python3-dateutil looks like a typosquat of python-dateutil, a popular PyPI package (a letter added): "
            "check that it is the package you meant",
        ),
        (
            "DEP008",
            4,
            "jeIlyfish looks like a typosquat of jellyfish, a popular PyPI package (look-alike characters): "
            "check that it is the package you meant",
        ),
        (
            "DEP008",
            5,
            "colourama looks like a typosquat of colorama, a popular PyPI package (a letter added): "
            "check that it is the package you meant",
        ),
        (
            "DEP008",
            6,
            "urlib3 looks like a typosquat of urllib3, a popular PyPI package (a letter left out): "
            "check that it is the package you meant",
        ),
        (
            "DEP008",
            7,
            "setup-tools looks like a typosquat of setuptools, a popular PyPI package (the same letters with "
            "separators changed): check that it is the package you meant",
        ),
        (
            "DEP008",
            13,
            "acme-reporting-sdk and acme-reportng-sdk, both dependencies of this project, differ by a letter "
            "added: one of them is probably misspelt",
        ),
        (
            "DEP008",
            14,
            "acme-reportng-sdk and acme-reporting-sdk, both dependencies of this project, differ by a letter left "
            "out: one of them is probably misspelt",
        ),
    ]


def test_a_typosquat_finding_carries_its_target_and_trick() -> None:
    [finding] = typosquat_findings(registry_dependency("reqeusts", line=4, specifier="==2.32.3"))
    assert (finding.severity.value, finding.confidence.value, finding.cwe) == ("medium", "medium", (829,))
    assert finding.properties == {
        "package": "reqeusts",
        "specifier": "==2.32.3",
        "ecosystem": "PyPI",
        "scope": "main",
        "kind": "registry",
        "target": "requests",
        "technique": "swapped-characters",
        "distance": 1,
    }
    [pair] = typosquat_findings(registry_dependency("acme-billing"), registry_dependency("acme-bliling", line=2))[:1]
    assert pair.confidence.value == "low"


def test_only_direct_registry_dependencies_of_pypi_and_npm_are_judged() -> None:
    judged = typosquat_findings(
        registry_dependency("electorn", ecosystem="npm", line=3, direct=True),
        registry_dependency("mongose", ecosystem="npm", line=9, direct=False),  # pulled in by another package
        registry_dependency("reqeusts", line=5, kind="vcs", url="git+https://git.example/reqeusts@v1"),
        registry_dependency("colourama", line=6, scope="constraint"),  # a constraint installs nothing
        registry_dependency("urlib3", line=7, scope="build"),
        registry_dependency("github.com/gorila/mux", ecosystem="Go", line=8),
    )
    assert [(f.location.path, f.location.line, f.properties["target"]) for f in judged] == [
        ("package-lock.json", 3, "electron"),
        ("requirements.txt", 7, "urllib3"),
    ]


# ---------------------------------------------------------------------------
# Dependency confusion: Poetry sources and uv indexes.


def test_poetry_supplemental_source_and_enriched_pep621_dependencies() -> None:
    result = parse_fixture("poetry-supplemental")
    assert result.skipped == []
    # Poetry 2 entries that only add a source to a [project] requirement are not second declarations.
    assert [(d.name, d.specifier, d.line) for d in result.dependencies] == [
        ("fastapi", ">=0.115,<0.116", 7),
        ("acme-billing-core", ">=4.2", 8),
        ("torch", "==2.5.1", 9),
        ("poetry-core", ">=2.0.0,<3.0.0", 36),
    ]
    assert result.options == [
        ManifestOption(
            "pyproject.toml",
            16,
            "poetry-dependency-source",
            "acme",
            'acme-billing-core = { source = "acme" }',
            (("package", "acme-billing-core"),),
        ),
        ManifestOption(
            "pyproject.toml",
            17,
            "poetry-dependency-source",
            "pytorch-cpu",
            'torch = { source = "pytorch-cpu" }',
            (("package", "torch"),),
        ),
        ManifestOption(
            "pyproject.toml",
            22,
            "poetry-source",
            "https://pkgs.acme.example/pypi/simple/",
            'url = "https://pkgs.acme.example/pypi/simple/"',
            (("name", "acme"), ("priority", "supplemental")),
        ),
        ManifestOption(
            "pyproject.toml",
            27,
            "poetry-source",
            "https://download.pytorch.org/whl/cpu",
            'url      = "https://download.pytorch.org/whl/cpu"',
            (("name", "pytorch-cpu"), ("priority", "explicit")),
        ),
        ManifestOption(
            "pyproject.toml",
            32,
            "poetry-source",
            "http://mirror.acme.example/simple/",
            'url = "http://mirror.acme.example/simple/"',
            (("name", "legacy-mirror"), ("priority", "explicit")),
        ),
    ]
    assert findings_of(result, "DEP004", "DEP005") == [
        (
            "DEP004",
            32,
            "Poetry source 'legacy-mirror' fetches packages over plain HTTP: http://mirror.acme.example/simple/",
        ),
        (
            "DEP005",
            22,
            "Poetry source 'acme' is supplemental: it is asked only for packages that PyPI (implicit) does not "
            "have, so a package published on PyPI under a private package's name is installed from PyPI instead "
            "(dependency confusion); acme-billing-core is pinned to it with `source =`: make the source explicit",
        ),
    ]


def test_poetry_1_sources_are_searched_together_with_implicit_pypi() -> None:
    result = parse_fixture("poetry-legacy")
    assert result.skipped == []
    assert [(o.line, o.name, o.value, o.attributes) for o in result.options] == [
        (10, "poetry-dependency-source", "internal", (("package", "acme-warehouse"),)),
        (
            18,
            "poetry-source",
            "http://nexus.acme.example/repository/pypi-internal/simple",
            (("name", "internal"), ("priority", "secondary")),
        ),
        (
            23,
            "poetry-source",
            "https://acme.jfrog.example/artifactory/api/pypi/pypi-remote/simple",
            (("name", "artifactory"), ("priority", "primary")),
        ),
    ]
    assert findings_of(result, "DEP004", "DEP005") == [
        (
            "DEP004",
            18,
            "Poetry source 'internal' fetches packages over plain HTTP: "
            "http://nexus.acme.example/repository/pypi-internal/simple",
        ),
        (
            "DEP005",
            18,
            "Poetry source 'internal' (secondary) is searched together with 'artifactory', PyPI (implicit), and the "
            "highest version found on any of them is installed: a same-named package on another index can replace "
            "a private one (dependency confusion)",
        ),
        (
            "DEP005",
            23,
            "Poetry source 'artifactory' (primary) is searched together with 'internal', PyPI (implicit), and the "
            "highest version found on any of them is installed: a same-named package on another index can replace "
            "a private one (dependency confusion)",
        ),
    ]


def test_poetry_private_primary_source_beside_explicitly_added_pypi() -> None:
    result = parse_fixture("poetry-primary")
    assert [(o.line, o.name, o.attribute("name"), o.attribute("priority")) for o in result.options] == [
        (13, "poetry-dependency-source", None, None),
        (17, "poetry-source", "PyPI", "primary"),
        (22, "poetry-source", "gitlab", "primary"),
    ]
    assert result.options[1].value is None  # PyPI needs no URL
    findings = run_checks(Manifests(result.dependencies, result.options), Policy())
    [confusion] = [f for f in findings if f.rule_id == "DEP005"]
    assert (confusion.location.line, confusion.message) == (
        22,
        "Poetry source 'gitlab' (primary) is searched together with 'PyPI', and the highest version found on any "
        "of them is installed: a same-named package on another index can replace a private one (dependency "
        "confusion)",
    )
    # The token in the source URL never reaches the report.
    assert confusion.snippet == 'url = "https://***@gitlab.acme.example/api/v4/groups/42/-/packages/pypi/simple"'
    assert confusion.properties == {
        "option": "poetry-source",
        "ecosystem": "PyPI",
        "value": "https://***@gitlab.acme.example/api/v4/groups/42/-/packages/pypi/simple",
        "attributes": {"name": "gitlab", "priority": "primary"},
    }


@pytest.mark.parametrize(
    ("sources", "exposed"),
    [
        # Poetry 2: a primary source replaces PyPI; alone it serves everything.
        ('name = "corp"\nurl = "https://corp.example/simple"\n', []),
        ('name = "corp"\nurl = "https://corp.example/simple"\npriority = "primary"\n', []),
        # Explicit sources serve only the packages pinned to them.
        ('name = "corp"\nurl = "https://corp.example/simple"\npriority = "explicit"\n', []),
        # A default source (Poetry 1.x) replaces PyPI too.
        ('name = "corp"\nurl = "https://corp.example/simple"\ndefault = true\n', []),
        ('name = "corp"\nurl = "https://corp.example/simple"\npriority = "default"\n', []),
        # Supplemental behind implicit PyPI.
        ('name = "corp"\nurl = "https://corp.example/simple"\npriority = "supplemental"\n', ["corp"]),
        # Supplemental behind a private primary that replaced PyPI: PyPI is never asked.
        (
            'name = "corp"\nurl = "https://corp.example/simple"\n\n[[tool.poetry.source]]\nname = "extra"\n'
            'url = "https://extra.example/simple"\npriority = "supplemental"\n',
            [],
        ),
        # PyPI demoted to supplemental behind a private primary mirror: the safe set-up.
        (
            'name = "corp"\nurl = "https://corp.example/simple"\n\n[[tool.poetry.source]]\nname = "PyPI"\n'
            'priority = "supplemental"\n',
            [],
        ),
        # Two private primaries are compared with each other.
        (
            'name = "a"\nurl = "https://a.example/simple"\n\n[[tool.poetry.source]]\nname = "b"\n'
            'url = "https://b.example/simple"\n',
            ["a", "b"],
        ),
        # A source whose URL is PyPI's is PyPI, whatever its name.
        ('name = "mirror"\nurl = "https://pypi.org/simple"\npriority = "supplemental"\n', []),
    ],
)
def test_poetry_priorities(sources: str, exposed: list[str]) -> None:
    text = f'[tool.poetry]\nname = "x"\n\n[[tool.poetry.source]]\n{sources}'
    result = parse_pyproject(text, "pyproject.toml")
    assert result.skipped == []
    source_at = {o.line: o.attribute("name") for o in result.options}
    findings = run_checks(Manifests(result.dependencies, result.options), Policy())
    assert [source_at[f.location.line] for f in findings if f.rule_id == "DEP005"] == exposed


def test_uv_unsafe_strategy_with_a_private_index() -> None:
    result = parse_fixture("uv-unsafe")
    assert result.skipped == []
    assert [(o.line, o.name, o.value, o.attributes) for o in result.options] == [
        (
            18,
            "uv-index",
            "https://pkgs.acme.example/pypi/simple",
            (("default", "false"), ("explicit", "false"), ("name", "acme")),
        ),
        (
            22,
            "uv-index",
            "https://download.pytorch.org/whl/cu124",
            (("default", "false"), ("explicit", "true"), ("name", "pytorch-cu124")),
        ),
        (14, "uv-index-strategy", "unsafe-best-match", ()),
        (26, "uv-source", "pytorch-cu124", (("package", "torch"),)),
        (29, "uv-source", "pytorch-cu124", (("package", "torchvision"),)),
    ]
    assert findings_of(result, "DEP004", "DEP005") == [
        (
            "DEP005",
            14,
            "index-strategy = 'unsafe-best-match' with 2 indexes ('acme', PyPI (the default index)): every package "
            "is looked up on all of them and the best version wins, so for packages not pinned in [tool.uv.sources] "
            "a same-named package on another index can replace a private one (dependency confusion)",
        )
    ]


def test_uv_pypi_listed_before_a_private_http_index() -> None:
    result = parse_fixture("uv-first-index")
    assert findings_of(result, "DEP004", "DEP005") == [
        ("DEP004", 14, "uv index 'acme-internal' fetches packages over plain HTTP: http://pypi.acme.example/simple"),
        (
            "DEP005",
            14,
            "uv searches 'pypi' before 'acme-internal': with the first-index strategy a package is taken from the "
            "first index that has it, so a package published on PyPI under a private package's name is installed "
            "from PyPI (dependency confusion)",
        ),
    ]


def test_uv_legacy_extra_index_url_takes_priority_over_index_url() -> None:
    result = parse_fixture("uv-legacy")
    assert [(o.line, o.name, o.value, o.text) for o in result.options] == [
        (
            7,
            "uv-index-url",
            "https://nexus.acme.example/repository/pypi-group/simple",
            'index-url = "https://nexus.acme.example/repository/pypi-group/simple"',
        ),
        (9, "uv-extra-index-url", "https://pypi.org/simple", '"https://pypi.org/simple",'),
    ]
    assert findings_of(result, "DEP004", "DEP005") == [
        (
            "DEP005",
            7,
            "uv searches https://pypi.org/simple before index-url "
            "https://nexus.acme.example/repository/pypi-group/simple: with the first-index strategy a package is "
            "taken from the first index that has it, so a package published on PyPI under a private package's name "
            "is installed from PyPI (dependency confusion)",
        )
    ]


def test_uv_private_index_first_with_the_default_strategy_is_safe() -> None:
    result = parse_fixture("uv-safe")
    assert result.skipped == []
    assert [(o.line, o.name, o.value) for o in result.options] == [
        (13, "uv-index", "https://pkgs.acme.example/pypi/simple"),
        (17, "uv-index", "https://staging-pkgs.acme.example/pypi/simple"),
        (8, "uv-index-strategy", "first-index"),
        (21, "uv-source", "acme"),
    ]
    assert findings_of(result, "DEP004", "DEP005") == []


@pytest.mark.parametrize(
    ("uv", "exposed_lines"),
    [
        # Only explicit indexes besides PyPI: nothing else is searched.
        ('index-strategy = "unsafe-best-match"\n\n[[tool.uv.index]]\nurl = "https://x.example/simple"\n'
         "explicit = true\n", []),
        # A default index replaces PyPI: one index, whatever the strategy.
        ('index-strategy = "unsafe-first-match"\n\n[[tool.uv.index]]\nurl = "https://x.example/simple"\n'
         "default = true\n", []),
        ('index-strategy = "unsafe-first-match"\n\n[[tool.uv.index]]\nurl = "https://x.example/simple"\n', [1]),
        ('index-strategy = "unsafe-best-match"\nindex-url = "https://x.example/simple"\n', []),
        ('index-strategy = "unsafe-best-match"\nextra-index-url = ["https://x.example/simple"]\n', [1]),
        # first-index with the private index before PyPI (the default index is always last).
        ('extra-index-url = ["https://x.example/simple"]\n', []),
    ],
)  # fmt: skip
def test_uv_strategies(uv: str, exposed_lines: list[int]) -> None:
    result = parse_pyproject(f'[project]\nname = "x"\n\n[tool.uv]\n{uv}', "pyproject.toml")
    assert result.skipped == []
    lines = [line - 4 for rule, line, _ in findings_of(result, "DEP005")]
    assert lines == exposed_lines


def test_malformed_index_settings_are_skips_and_the_rest_is_read() -> None:
    text = """\
[tool.poetry]
name = "x"
source = [
    { name = "inline", url = "https://inline.example/simple", priority = "supplemental" },
    "not a table",
    { url = "https://nameless.example/simple" },
    { name = "odd", url = "https://odd.example/simple", priority = "tertiary" },
    { name = "bad-url", url = 42 },
]

[tool.uv]
index = [
    { name = "no-url" },
    { name = "flags", url = "https://flags.example/simple", explicit = "yes" },
    { name = "fine", url = "https://fine.example/simple" },
    7,
]
index-strategy = "fastest"
extra-index-url = "https://single.example/simple"
index-url = ["https://a.example/simple"]

[tool.uv.sources]
pkg = { index = "fine" }
other = { git = "https://github.com/example/other" }
"""
    result = parse_pyproject(text, "pyproject.toml")
    assert sorted(s.reason for s in result.skipped) == [
        "[[tool.poetry.source]] #2: expected a table, got str",
        "[[tool.poetry.source]] #3: a source needs a name",
        "[[tool.poetry.source]] #4 'odd': unknown priority 'tertiary' (expected one of default, primary, "
        "secondary, supplemental, explicit)",
        "[[tool.poetry.source]] #5 'bad-url': url must be a string, got int",
        "[[tool.uv.index]] #1: an index needs a url",
        "[[tool.uv.index]] #2: explicit has the wrong type",
        "[[tool.uv.index]] #4: expected a table, got int",
        "[tool.uv].extra-index-url: expected an array of strings, got 'https://single.example/simple'",
        "[tool.uv].index-strategy: expected one of first-index, unsafe-first-match, unsafe-best-match, got 'fastest'",
        "[tool.uv].index-url: expected a string, got list",
    ]
    # Inline tables have no [[...]] header: the line is found from the value.
    assert [(o.line, o.name, o.value) for o in result.options] == [
        (4, "poetry-source", "https://inline.example/simple"),
        (15, "uv-index", "https://fine.example/simple"),
        (23, "uv-source", "fine"),
    ]


def test_the_agent_reports_supply_chain_findings_across_the_fixtures() -> None:
    files = sorted(p.relative_to(SUPPLY).as_posix() for p in SUPPLY.rglob("*") if p.is_file())
    payload = AGENT.analyze(AgentContext(root=SUPPLY, options={"vulnerabilities": False}), files)
    summary = [
        (i["ruleId"], i["location"]["path"], i["location"]["line"])
        for i in payload["issues"]
        if i["ruleId"] in ("DEP004", "DEP005", "DEP008")
    ]
    assert summary == [
        ("DEP004", "poetry-legacy/pyproject.toml", 18),
        ("DEP005", "poetry-legacy/pyproject.toml", 18),
        ("DEP005", "poetry-legacy/pyproject.toml", 23),
        ("DEP005", "poetry-primary/pyproject.toml", 22),
        ("DEP005", "poetry-supplemental/pyproject.toml", 22),
        ("DEP004", "poetry-supplemental/pyproject.toml", 32),
        ("DEP008", "typosquats/requirements.txt", 2),
        ("DEP008", "typosquats/requirements.txt", 3),
        ("DEP008", "typosquats/requirements.txt", 4),
        ("DEP008", "typosquats/requirements.txt", 5),
        ("DEP008", "typosquats/requirements.txt", 6),
        ("DEP008", "typosquats/requirements.txt", 7),
        ("DEP008", "typosquats/requirements.txt", 13),
        ("DEP008", "typosquats/requirements.txt", 14),
        ("DEP004", "uv-first-index/pyproject.toml", 14),
        ("DEP005", "uv-first-index/pyproject.toml", 14),
        ("DEP005", "uv-legacy/pyproject.toml", 7),
        ("DEP005", "uv-unsafe/pyproject.toml", 14),
    ]


def test_index_urls_that_urlsplit_refuses_are_still_judged() -> None:
    # An unclosed [ makes urlsplit raise; the checks read the host by hand instead of failing the agent.
    text = '[tool.uv]\nextra-index-url = ["http://[fd00::1/simple"]\nindex-url = "https://[pypi.org/simple"\n'
    result = parse_pyproject(text, "pyproject.toml")
    pip = parse_requirements(
        "--extra-index-url http://[broken/simple\n",
        "requirements.txt",
        read_include=lambda path: Skipped(path, "no includes"),
    )
    findings = run_checks(Manifests([], [*result.options, *pip.options]), Policy())
    assert [(f.rule_id, f.location.path, f.location.line, f.message) for f in findings] == [
        (
            "DEP004",
            "pyproject.toml",
            2,
            "[tool.uv] extra-index-url fetches packages over plain HTTP: http://[fd00::1/simple",
        ),
        ("DEP004", "requirements.txt", 1, "--extra-index-url fetches packages over plain HTTP: http://[broken/simple"),
        (
            "DEP005",
            "requirements.txt",
            1,
            "--extra-index-url http://[broken/simple: a same-named package on any index can win (dependency confusion)",
        ),
    ]


_INDEX_TOML_PIECES = st.sampled_from(
    [
        "[tool.poetry]\n",
        "[[tool.poetry.source]]\n",
        "[tool.poetry.dependencies]\n",
        "[tool.uv]\n",
        "[[tool.uv.index]]\n",
        "[tool.uv.sources]\n",
        "[project]\n",
        'name = "PyPI"\n',
        'name = "corp"\n',
        'url = "http://[x/simple"\n',
        'url = "https://pypi.org/simple"\n',
        "url = 3\n",
        'priority = "supplemental"\n',
        'priority = "explicit"\n',
        "priority = []\n",
        "default = true\n",
        "secondary = true\n",
        "explicit = true\n",
        'index-strategy = "unsafe-best-match"\n',
        "index-strategy = 1\n",
        'extra-index-url = ["https://a.example/simple"]\n',
        'index-url = "https://b.example/simple"\n',
        'pkg = { index = "corp" }\n',
        'pkg = [{ index = 1 }, "x"]\n',
        'acme = { source = "corp" }\n',
        'dependencies = ["reqeusts", "acme"]\n',
        "source = 5\n",
        "index = {}\n",
    ]
)


@given(st.lists(st.one_of(_INDEX_TOML_PIECES, st.text(max_size=6)), max_size=20))
@settings(max_examples=300, deadline=None)
def test_index_settings_never_make_parsing_or_checks_raise(pieces: list[str]) -> None:
    result = parse_pyproject("".join(pieces), "pyproject.toml")
    for finding in run_checks(Manifests(result.dependencies, result.options), Policy()):
        assert finding.rule_id.startswith("DEP") and finding.location.line >= 1
