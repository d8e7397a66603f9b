"""The security agent: its rules fire where they should, stay quiet on look-alikes, and never leak a secret."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.base import Agent, AgentContext, load_agent
from agents.security.agent import AGENT
from agents.security.rules import RULES, RULES_BY_ID
from agents.security.secrets import is_placeholder, redact, sensitive_name_kind

FIXTURES = Path(__file__).parent / "fixtures" / "security"
FLAG_MARKER = re.compile(r"#\s*flag:\s*(SEC\d{3}(?:\s*,\s*SEC\d{3})*)")


def scan_files(root: Path, files: dict[str, str | bytes]) -> dict[str, Any]:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return AGENT.analyze(AgentContext(root=root), list(files))


def scan(root: Path, code: str, name: str = "sample.py") -> dict[str, Any]:
    return scan_files(root, {name: textwrap.dedent(code)})


def hits(payload: dict[str, Any]) -> set[tuple[str, int]]:
    return {(issue["ruleId"], issue["location"]["line"]) for issue in payload["issues"]}


def only_issue(payload: dict[str, Any]) -> dict[str, Any]:
    issues = payload["issues"]
    assert len(issues) == 1, [issue["message"] for issue in issues]
    issue: dict[str, Any] = issues[0]
    return issue


def expected_flags(text: str) -> set[tuple[str, int]]:
    expected: set[tuple[str, int]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        marker = FLAG_MARKER.search(line)
        if marker:
            expected.update((rule_id.strip(), number) for rule_id in marker.group(1).split(","))
    return expected


FIXTURE_FILES = sorted(path.name for path in FIXTURES.glob("*.py"))


# ---------------------------------------------------------------------------
# Annotated fixtures: exactly the marked (rule, line) pairs, nothing else.


@pytest.mark.parametrize("fixture", FIXTURE_FILES)
def test_fixture_reports_exactly_the_marked_lines(fixture: str) -> None:
    payload = AGENT.analyze(AgentContext(root=FIXTURES), [fixture])

    assert payload["skipped"] == []
    assert payload["filesScanned"] == 1
    assert hits(payload) == expected_flags((FIXTURES / fixture).read_text(encoding="utf-8"))


def test_fixtures_exercise_every_rule() -> None:
    marked = {rule_id for name in FIXTURE_FILES for rule_id, _ in expected_flags((FIXTURES / name).read_text())}
    # SEC007 (provider formats) is exercised with credentials built at run time, never stored in the repository.
    assert marked | {"SEC007"} == set(RULES_BY_ID)


# ---------------------------------------------------------------------------
# Messages, severities and confidences of specific cases.


def test_shell_message_names_the_call_and_how_the_command_is_built(tmp_path: Path) -> None:
    issue = only_issue(
        scan(
            tmp_path,
            """
            import subprocess as sp
            def run(name):
                sp.run("ls " + name, shell=True)
            """,
        )
    )

    assert issue["ruleId"] == "SEC002"
    assert issue["message"] == (
        "subprocess.run called with shell=True and a command built at run time (string concatenation)"
    )
    assert issue["severity"] == "high"
    # `name` is a parameter of an ordinary function: no known source reaches the shell, so the
    # taint engine reports the pattern with low confidence (a request parameter would make it high).
    assert issue["confidence"] == "low"
    assert issue["cwe"] == [78]
    assert issue["snippet"] == 'sp.run("ls " + name, shell=True)'
    assert issue["location"] == {"path": "sample.py", "line": 4, "column": 5, "endLine": 4, "endColumn": 37}


def test_command_of_unknown_origin_in_a_variable_is_reported_with_low_confidence(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "import os\ndef run(cmd):\n    os.system(cmd)\n"))

    assert issue["confidence"] == "low"
    assert "the variable 'cmd'" in issue["message"]


def test_compile_alone_is_medium_severity_low_confidence(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "def build(source):\n    return compile(source, 'x', 'exec')\n"))

    assert (issue["ruleId"], issue["severity"], issue["confidence"]) == ("SEC001", "medium", "low")


def test_exec_of_compiled_source_is_reported_once_at_exec(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "def run(src):\n    exec(compile(src, '<s>', 'exec'))\n"))

    assert issue["message"].startswith("exec() called on code compiled from source built at run time")
    assert issue["severity"] == "high"


@pytest.mark.parametrize(
    ("call", "severity", "confidence"),
    [
        ("yaml.load(data)", "medium", "high"),
        ("yaml.load(data, Loader=yaml.Loader)", "medium", "high"),
        ("yaml.full_load(data)", "low", "medium"),
        ("yaml.load(data, Loader=yaml.FullLoader)", "low", "medium"),
        ("yaml.load(data, Loader=custom)", "medium", "low"),
    ],
)
def test_yaml_verdicts(tmp_path: Path, call: str, severity: str, confidence: str) -> None:
    issue = only_issue(scan(tmp_path, f"import yaml\ndef read(data, custom):\n    return {call}\n"))

    assert (issue["ruleId"], issue["severity"], issue["confidence"]) == ("SEC004", severity, confidence)
    assert issue["cwe"] == [502]


def test_jinja_environment_without_autoescape_is_low_confidence(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "import jinja2\nenv = jinja2.Environment()\n"))

    assert (issue["ruleId"], issue["confidence"]) == ("SEC012", "low")


def test_flask_debug_is_high_confidence_when_flask_is_imported(tmp_path: Path) -> None:
    with_flask = only_issue(scan(tmp_path, "from flask import Flask\napp = Flask('x')\napp.run(debug=True)\n"))
    without_flask = only_issue(scan(tmp_path, "server.run(debug=True)\n", name="other.py"))

    assert (with_flask["ruleId"], with_flask["severity"], with_flask["confidence"]) == ("SEC010", "high", "high")
    assert (without_flask["ruleId"], without_flask["confidence"]) == ("SEC010", "medium")
    assert with_flask["cwe"] == [489, 94]


def test_weak_hash_is_medium_and_suggests_usedforsecurity(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "from hashlib import md5\ndigest = md5(b'data').hexdigest()\n"))

    assert (issue["ruleId"], issue["severity"]) == ("SEC005", "medium")
    assert issue["cwe"] == [327, 328]
    assert "usedforsecurity=False" in issue["message"]


def test_bind_all_interfaces_is_medium_and_points_at_the_address(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 80))\n"))

    assert (issue["ruleId"], issue["severity"], issue["cwe"]) == ("SEC009", "medium", [605])
    assert issue["location"]["column"] == 9
    assert issue["snippet"] == "'0.0.0.0'"


def test_findings_carry_the_rule_remediation(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "import tempfile\nname = tempfile.mktemp()\n"))

    assert issue["remediation"] == RULES_BY_ID["SEC011"].help
    assert issue["agentId"] == "security"
    assert issue["engine"] == "static"
    assert len(issue["fingerprint"]) == 32


def test_columns_count_code_points_on_the_line_ast_numbers(tmp_path: Path) -> None:
    # A form feed ends a line for str.splitlines but not for the parser; "é" is two bytes in UTF-8.
    payload = scan_files(tmp_path, {"sample.py": "import os\n\x0c\ndef f(c):\n    é = 1; os.system(c)\n"})
    issue = only_issue(payload)

    assert issue["location"] == {"path": "sample.py", "line": 4, "column": 12, "endLine": 4, "endColumn": 24}
    assert issue["snippet"] == "os.system(c)"


def test_multi_line_call_snippet_keeps_the_first_three_lines(tmp_path: Path) -> None:
    issue = only_issue(
        scan(
            tmp_path,
            """
            import subprocess
            def run(cmd):
                subprocess.Popen(
                    cmd,
                    shell=True,
                    text=True,
                    cwd="/",
                )
            """,
        )
    )

    assert issue["location"]["line"] == 4
    assert issue["location"]["endLine"] == 9
    assert issue["snippet"] == "subprocess.Popen(\n        cmd,\n        shell=True,"


# ---------------------------------------------------------------------------
# Import aliases and name resolution.


@pytest.mark.parametrize(
    "code",
    [
        "import subprocess as sp\nsp.Popen(cmd, shell=True)\n",
        "from subprocess import Popen as P\nP(cmd, shell=True)\n",
        "from subprocess import *\nPopen(cmd, shell=True)\n",
        "import subprocess\nrun = subprocess.run\nrun(cmd, shell=True)\n",
        "import os.path\nos.system(cmd)\n",
        "def go():\n    import os as operating_system\n    operating_system.system(cmd)\n",
        "def go():\n    posix.system(cmd)\nimport os as posix\n",
        "try:\n    from os import system\nexcept ImportError:\n    system = None\nsystem(cmd)\n",
    ],
)
def test_aliases_resolve_to_the_real_call(tmp_path: Path, code: str) -> None:
    assert [issue["ruleId"] for issue in scan(tmp_path, code)["issues"]] == ["SEC002"]


@pytest.mark.parametrize(
    "code",
    [
        "from .tools import system\nsystem(cmd)\n",
        "from mylib import eval\neval(text)\n",
        "import mylib as subprocess\nsubprocess.run(cmd, shell=True)\n",
        "import yaml\nclass SafeishLoader(yaml.SafeLoader):\n    pass\nyaml.load(data, Loader=SafeishLoader)\n",
    ],
)
def test_look_alike_names_are_not_reported(tmp_path: Path, code: str) -> None:
    assert scan(tmp_path, code)["issues"] == []


# ---------------------------------------------------------------------------
# Secrets: detection, placeholders and redaction.


def aws_key_id() -> str:
    return "AKIA" + "Q7RJ2M4XKZ8W3HNV"


def github_token() -> str:
    return "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5"


def fine_grained_github_token() -> str:
    body = "11ABCDEFG0" + "aZ9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8cB7" + "aZ6yX5wV4uT3sR2qP1oN0mL9kJ8iH7gF6eD5cB4aZ3"
    return "github_pat_" + body


def slack_token() -> str:
    return "xoxb-" + "2749302841-7391046281-Qw3Er5Ty7Ui9Op1As"


def stripe_key() -> str:
    return "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc9Xk2"


def private_key_block() -> str:
    body = "MIIEowIBAAKCAQEAx4UbaDzY6Q0fH3n7Gp2Vq9Rk1Ls8Tw5Ub6Xc3Yd0Ze9Af4Bg7Ch2Di1Ej"
    return "-----BEGIN " + "RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n"


@pytest.mark.parametrize(
    ("make_secret", "kind"),
    [
        (aws_key_id, "AWS access key id"),
        (github_token, "GitHub token"),
        (fine_grained_github_token, "GitHub token"),
        (slack_token, "Slack token"),
        (stripe_key, "Stripe live secret key"),
        (private_key_block, "private key block"),
    ],
)
def test_provider_credentials_are_found_and_redacted(tmp_path: Path, make_secret: Any, kind: str) -> None:
    secret: str = make_secret()
    code = f"settings = {{}}\nCREDENTIAL = {secret!r}\n"
    payload = scan(tmp_path, code)
    issue = only_issue(payload)

    assert (issue["ruleId"], issue["location"]["line"], issue["severity"]) == ("SEC007", 2, "high")
    assert issue["properties"] == {"secretKind": kind}
    assert issue["snippet"] == repr(secret[:4] + "…")
    assert secret[4:12] not in json.dumps(payload, ensure_ascii=False)


def test_url_with_embedded_password_is_medium(tmp_path: Path) -> None:
    password = "Pq7" + "xZ2mK9"
    payload = scan(tmp_path, f"DATABASE_URL = 'postgres://app:{password}@db.internal:5432/app'\n")
    issue = only_issue(payload)

    assert (issue["ruleId"], issue["severity"], issue["confidence"]) == ("SEC007", "medium", "medium")
    assert password not in json.dumps(payload, ensure_ascii=False)


def test_url_passwords_in_docstrings_are_examples_but_provider_keys_are_not(tmp_path: Path) -> None:
    key = aws_key_id()
    password = "Pq7" + "xZ2mK9"
    code = f"""
    def connect(url):
        \"\"\"Connect, e.g. connect("postgres://app:{password}@db.internal/app").\"\"\"

    class Client:
        \"\"\"Uses the key {key} by default.\"\"\"
    """
    issue = only_issue(scan(tmp_path, code))

    assert (issue["ruleId"], issue["location"]["line"]) == ("SEC007", 6)
    assert issue["properties"] == {"secretKind": "AWS access key id"}


def test_aiohttp_style_ssl_false_is_named_in_the_message(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "async def f(session, url):\n    await session.get(url, ssl=False)\n"))

    assert issue["message"] == "HTTP request get() with ssl=False: the server's certificate is not checked"
    assert issue["confidence"] == "medium"


@pytest.mark.parametrize(
    "literal",
    [
        "AKIA" + "IOSFODNN7EXAMPLE",
        "AKIA" + "XXXXXXXXXXXXXXXX",
        "ghp_" + "x" * 36,
        "-----BEGIN " + "PRIVATE KEY-----",
        "-----BEGIN " + "RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        "postgres://user:password@localhost/db",
        "postgres://user:${DB_PASSWORD}@localhost/db",
        "https://user:<password>@example.com/",
        "sk_" + "test_4eC39HqLyjWDarjtT1zdp7dc",
        "https://deploy:Hk4Lm8Pq2@ci.example.com/repo.git",
        "ssh://deploy:Hk4Lm8Pq2@build.test/repo",
    ],
)
def test_documented_examples_and_placeholders_are_not_credentials(tmp_path: Path, literal: str) -> None:
    assert scan(tmp_path, f"VALUE = {literal!r}\n")["issues"] == []


def test_secret_never_appears_in_any_finding_of_its_line(tmp_path: Path) -> None:
    password = "Sup3r" + "S3cret!"
    url_password = "Hk4" + "Lm8Pq2"
    payload = scan(
        tmp_path,
        f"""
        import requests
        def call(session):
            session.post("https://example.com", verify=False, password={password!r})
            requests.get("https://bot:{url_password}@ci.internal/", verify=False)
        """,
    )
    text = json.dumps(payload, ensure_ascii=False)

    assert hits(payload) == {("SEC008", 4), ("SEC006", 4), ("SEC008", 5), ("SEC007", 5)}
    assert password not in text
    assert url_password not in text
    assert redact(password) in text


def test_hardcoded_password_finding_shows_holder_and_prefix_only(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "DB_PASSWORD = 'Tr0ub4dor&3'\n"))

    assert issue["message"] == "Hard-coded secret assigned to 'DB_PASSWORD' (value starts 'Tr0…')"
    assert issue["snippet"] == "DB_PASSWORD = 'Tr0…'"
    assert issue["cwe"] == [798, 259]
    assert issue["properties"] == {"secretKind": "hard-coded password"}


def test_generated_looking_token_is_high_confidence(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "client = Api(api_key='f3a9c1d27b8e4d05a6c2')\n"))

    assert (issue["ruleId"], issue["confidence"]) == ("SEC006", "high")
    assert issue["snippet"] == "api_key='f3a9…'"


@pytest.mark.parametrize(
    ("secret", "shown"),
    [(aws_key_id(), "AKIA…"), ("hunter22", "hu…"), ("abcd", "a…"), ("abc", "a…"), ("ab", "…")],
)
def test_redaction_shows_at_most_four_characters_and_less_of_short_secrets(secret: str, shown: str) -> None:
    assert redact(secret) == shown


@pytest.mark.parametrize(
    ("name", "sensitive"),
    [
        ("password", True),
        ("DB_PASSWORD", True),
        ("userPwd", True),
        ("client_secret", True),
        ("githubToken", True),
        ("X-Api-Key", True),
        ("AWS_SECRET_ACCESS_KEY", True),
        ("private_key", True),
        ("password_reset_url", False),
        ("token_type", False),
        ("secret_name", False),
        ("max_tokens", False),
        ("primary_key", False),
        ("key", False),
    ],
)
def test_sensitive_names_are_decided_by_their_last_word(name: str, sensitive: bool) -> None:
    assert (sensitive_name_kind(name) is not None) is sensitive


_SECRET_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*+-=?@^_"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=_SECRET_ALPHABET, min_size=10, max_size=40).filter(lambda text: not is_placeholder(text)))
def test_reported_secrets_are_never_in_the_payload(tmp_path: Path, secret: str) -> None:
    payload = scan(
        tmp_path,
        f"""
        import subprocess
        db_password = {secret!r}
        config = {{"password": {secret!r}}}
        subprocess.call("echo " + user, shell=True, password={secret!r})
        """,
    )
    # Where a secret could leak; JSON keys such as "fingerprint" are not, and could match by chance.
    text = json.dumps(
        [[issue["message"], issue.get("snippet"), issue["properties"]] for issue in payload["issues"]],
        ensure_ascii=False,
    )

    assert hits(payload) == {("SEC006", 3), ("SEC006", 4), ("SEC006", 5), ("SEC002", 5)}
    assert secret not in text


# ---------------------------------------------------------------------------
# Files that cannot be analysed, determinism, robustness and speed.


def test_unreadable_files_are_skipped_with_a_reason_and_do_not_stop_the_others(tmp_path: Path) -> None:
    payload = scan_files(
        tmp_path,
        {
            "broken.py": "def broken(:\n    pass\n",
            "latin1.py": "name = 'caf\xe9'\n".encode("latin-1"),
            "binary.py": b"import os\x00\x01\x02",
            "good.py": "import os\ndef run(cmd):\n    os.system(cmd)\n",
            "pkg/also_good.py": "import pickle\ndef load(b):\n    return pickle.loads(b)\n",
        },
    )

    reasons = {entry["path"]: entry["reason"] for entry in payload["skipped"]}
    assert set(reasons) == {"broken.py", "latin1.py", "binary.py"}
    assert reasons["broken.py"].startswith("syntax error: line 1")
    assert reasons["latin1.py"].startswith("not valid UTF-8")
    assert reasons["binary.py"] == "binary file: contains NUL bytes"
    assert payload["filesScanned"] == 2
    assert {(issue["location"]["path"], issue["ruleId"]) for issue in payload["issues"]} == {
        ("good.py", "SEC002"),
        ("pkg/also_good.py", "SEC003"),
    }
    assert payload["riskScore"] == 8.0
    assert payload["stats"] == {"rulesRun": len(RULES)}


def test_output_is_deterministic_and_independent_of_file_order(tmp_path: Path) -> None:
    names = [f"module_{index}.py" for index in range(5)]
    for index, name in enumerate(names):
        source = f"import os, pickle\ndef f(x):\n    os.system(x + '{index}')\n    pickle.loads(x)\n"
        (tmp_path / name).write_text(source)
    context = AgentContext(root=tmp_path)

    first = AGENT.analyze(context, names)
    again = AGENT.analyze(context, names)
    reversed_order = AGENT.analyze(context, list(reversed(names)))

    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert first == reversed_order
    assert len(first["issues"]) == 10
    assert len({issue["fingerprint"] for issue in first["issues"]}) == 10


def test_identical_findings_in_one_file_get_distinct_fingerprints(tmp_path: Path) -> None:
    payload = scan(tmp_path, "import os\ndef f(cmd):\n    os.system(cmd)\n    os.system(cmd)\n")

    assert [issue["location"]["line"] for issue in payload["issues"]] == [3, 4]
    assert payload["issues"][0]["fingerprint"] != payload["issues"][1]["fingerprint"]


def test_deeply_nested_expressions_are_analysed_not_skipped(tmp_path: Path) -> None:
    # Far deeper than a recursive ast.NodeVisitor survives, within what ast.parse accepts.
    chain = " + ".join(["part"] * 1500)
    payload = scan(tmp_path, f"import os\ndef f(part):\n    os.system('echo ' + {chain})\n")

    assert payload["skipped"] == []
    assert hits(payload) == {("SEC002", 3)}


def test_empty_file_and_no_files(tmp_path: Path) -> None:
    assert scan(tmp_path, "")["issues"] == []
    empty = AGENT.analyze(AgentContext(root=tmp_path), [])
    assert (empty["filesScanned"], empty["issues"], empty["riskScore"]) == (0, [], 0.0)


def test_many_findings_in_one_file_stay_fast(tmp_path: Path) -> None:
    # Finding locations used to re-split the whole file per finding; a file with thousands of
    # findings must still take well under a second or two, not minutes.
    import time

    lines = ["import pickle", "def f(b):"] + ["    pickle.loads(b)"] * 3000
    started = time.perf_counter()
    payload = scan(tmp_path, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started

    assert len(payload["issues"]) == 3000
    assert elapsed < 10


# ---------------------------------------------------------------------------
# The agent as the rest of gatherscan sees it.


def test_agent_satisfies_the_protocol_and_is_the_registered_builtin() -> None:
    assert isinstance(AGENT, Agent)
    assert load_agent("security") is AGENT
    assert (AGENT.id, AGENT.shardable) == ("security", True)
    assert AGENT.rules == RULES
    assert AGENT.description and AGENT.version


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ("app.py", True),
        ("pkg/gui.pyw", True),
        ("LEGACY.PY", True),
        ("notes.txt", False),
        ("module.pyc", False),
        ("stub.pyi", False),
        ("py", False),
    ],
)
def test_agent_wants_python_sources_only(path: str, wanted: bool) -> None:
    assert AGENT.wants(path) is wanted


def test_rule_catalogue_is_complete_and_consistent() -> None:
    ids = [rule.id for rule in RULES]
    # Ids are never reused or renumbered; helpers add theirs in blocks (taint SEC013+, others SEC030+, SEC000).
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"SEC\d{3}", rule_id) for rule_id in ids)
    assert {f"SEC{number:03d}" for number in range(0, 13)} | {"SEC030", "SEC031"} <= set(ids)
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", rule.name), rule.name
        assert rule.cwe, rule.id
        assert rule.short_description and len(rule.short_description) <= 120
        assert len(rule.full_description) <= 1024
        assert rule.help and rule.help not in (rule.short_description, rule.full_description)
        assert "security" in rule.tags
        assert rule.to_json_dict("security")["id"] == rule.id


# ---------------------------------------------------------------------------
# Issue 4: more provider formats, test-fixture allowances, cookies, weak randomness.
# Credentials are built at run time (see tests/fixtures/security/README.md).

_RANDOM_62 = "Zq8Wm3Xr5Tn7Yp2Lk4Hj6Gf9Ds1Ab0CvBn4Mx7Pe2Rt5Uy8Io3Qa6Sd9Fg1Hk"
_RANDOM_BASE64 = "Tm9Qx3Vb7Lc2Wd8Ke5Rf1Yg4Zh9Ai6Bj0Ck3Dl7Em2Fn5Go8Hp1Iq4Jr6Ks9Lt0Mu3Nv7Ow2Px5Qy8Rz1Sa4Tb6Uc+Vd/We"


def gitlab_token() -> str:
    return "glpat-" + _RANDOM_62[:20]


def slack_webhook() -> str:
    return "https://hooks.slack.com/services/" + "T0A1B2C3D/B4E5F6G7H/" + _RANDOM_62[:24]


def anthropic_key() -> str:
    return "sk-" + "ant-api03-" + (_RANDOM_62 + _RANDOM_62)[:93] + "AA"


def openai_project_key() -> str:
    return "sk-" + "proj-" + _RANDOM_62[:40] + "_" + _RANDOM_62[5:45]


def openai_legacy_key() -> str:
    return "sk-" + _RANDOM_62[:20] + "T3BlbkFJ" + _RANDOM_62[20:40]


def google_api_key() -> str:
    return "AI" + "za" + _RANDOM_62[:35]


def azure_storage_connection_string() -> str:
    return f"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={_RANDOM_BASE64[:86]}==;EndpointSuffix=core"


def azure_service_bus_connection_string() -> str:
    return (
        "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
        f"SharedAccessKey={_RANDOM_BASE64[:43]}="
    )


def azure_client_secret() -> str:
    return "Xy7" + "8Q~" + _RANDOM_62[:34]


def aws_credentials_file() -> str:
    return "[default]\nregion = eu-west-1\naws_secret_access_key = " + _RANDOM_BASE64[:40] + "\n"


def _b64url(data: str) -> str:
    import base64

    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def json_web_token(claims: str = '{"sub":"svc-billing","role":"admin"}', alg: str = "HS256") -> str:
    header = _b64url('{"alg":"' + alg + '","typ":"JWT"}')
    return f"{header}.{_b64url(claims)}.{_RANDOM_62[:43]}"


def gcp_service_account_json() -> str:
    return json.dumps({"type": "service_account", "project_id": "acme", "private_key": private_key_block()})


@pytest.mark.parametrize(
    ("make_secret", "kind", "severity"),
    [
        (gitlab_token, "GitLab token", "high"),
        (slack_webhook, "Slack webhook URL", "high"),
        (anthropic_key, "Anthropic API key", "high"),
        (openai_project_key, "OpenAI API key", "high"),
        (openai_legacy_key, "OpenAI API key", "high"),
        (google_api_key, "Google API key", "high"),
        (azure_storage_connection_string, "Azure storage account key", "high"),
        (azure_service_bus_connection_string, "Azure shared access key", "high"),
        (azure_client_secret, "Azure AD client secret", "high"),
        (aws_credentials_file, "AWS secret access key", "high"),
        (gcp_service_account_json, "GCP service-account private key", "high"),
        (json_web_token, "JSON Web Token", "medium"),
    ],
)
def test_more_provider_formats_are_found_and_redacted(
    tmp_path: Path, make_secret: Any, kind: str, severity: str
) -> None:
    text: str = make_secret()
    payload = scan(tmp_path, f"settings = {{}}\nCREDENTIAL = {text!r}\n")
    issue = only_issue(payload)

    assert (issue["ruleId"], issue["location"]["line"], issue["severity"]) == ("SEC007", 2, severity)
    assert issue["properties"] == {"secretKind": kind}
    assert issue["cwe"] == [798]
    assert _RANDOM_62[2:14] not in json.dumps(payload) and _RANDOM_BASE64[2:14] not in json.dumps(payload)


def test_aws_secret_access_key_is_recognised_by_its_name_and_shape(tmp_path: Path) -> None:
    secret = _RANDOM_BASE64[:40]
    payload = scan(tmp_path, f"AWS_SECRET_ACCESS_KEY = {secret!r}\naws = dict(aws_secret_key={secret!r})\n")

    assert hits(payload) == {("SEC007", 1), ("SEC007", 2)}
    for issue in payload["issues"]:
        assert issue["properties"] == {"secretKind": "AWS secret access key"}
        assert secret[4:] not in json.dumps(issue)
    assert payload["issues"][0]["snippet"] == f"AWS_SECRET_ACCESS_KEY = {secret[:4] + '…'!r}"


def test_service_account_key_written_as_a_dict_is_named(tmp_path: Path) -> None:
    code = f"KEY = {{'type': 'service_account', 'project_id': 'acme', 'private_key': {private_key_block()!r}}}\n"
    assert only_issue(scan(tmp_path, code))["properties"] == {"secretKind": "GCP service-account private key"}


@pytest.mark.parametrize(
    "token",
    [
        json_web_token('{"sub":"1234567890","name":"John Doe","iat":1516239022}'),
        json_web_token(alg="none"),
    ],
    ids=["jwt.io example", "unsigned"],
)
def test_example_and_unsigned_tokens_are_not_credentials(tmp_path: Path, token: str) -> None:
    assert scan(tmp_path, f"TOKEN_SAMPLE = {token!r}\n")["issues"] == []


def test_test_code_ranks_made_up_credentials_low_but_still_reports_provider_keys(tmp_path: Path) -> None:
    code = f"PASSWORD = 'hunter22-admin'\nTOKEN = {json_web_token()!r}\nKEY_ID = {aws_key_id()!r}\n"
    payload = scan_files(tmp_path, {"tests/test_login.py": code, "app/conftest.py": code, "app/login.py": code})

    by_file: dict[str, set[tuple[str, int, str, str]]] = {}
    for issue in payload["issues"]:
        entry = (issue["ruleId"], issue["location"]["line"], issue["severity"], issue["confidence"])
        by_file.setdefault(issue["location"]["path"], set()).add(entry)
    in_tests = {("SEC006", 1, "low", "low"), ("SEC007", 3, "high", "high")}
    assert by_file["tests/test_login.py"] == by_file["app/conftest.py"] == in_tests
    assert by_file["app/login.py"] == {
        ("SEC006", 1, "medium", "medium"),
        ("SEC007", 2, "medium", "medium"),
        ("SEC007", 3, "high", "high"),
    }
    fixture = next(i for i in payload["issues"] if i["location"]["path"] == "tests/test_login.py")
    assert fixture["properties"]["testFixture"] is True


@pytest.mark.parametrize(
    ("path", "is_test"),
    [
        ("tests/unit/helpers.py", True),
        ("src/test_views.py", True),
        ("src/views_test.py", True),
        ("conftest.py", True),
        ("pkg/fixtures/data.py", True),
        ("src/contest.py", False),
        ("src/testing_utils.py", False),
        ("latest/app.py", False),
    ],
)
def test_test_paths(path: str, is_test: bool) -> None:
    from agents.security.secrets import is_test_path

    assert is_test_path(path) is is_test


def test_generated_looking_values_need_entropy(tmp_path: Path) -> None:
    from agents.security.secrets import shannon_entropy

    assert shannon_entropy("") == 0.0
    assert shannon_entropy("abcd") == 2.0
    assert scan(tmp_path, "api_key = 'aaaaaaaaaaaaaaaaBcdefgh1'\n")["issues"] == []
    assert hits(scan(tmp_path, "api_key = 'f3a9c1d27b8e4d05a6c2'\n")) == {("SEC006", 1)}


def test_every_output_format_redacts_the_secrets(git_repo: Path) -> None:
    from tests.conftest import git
    from tests.test_cli import gatherscan

    secrets = [aws_key_id(), github_token(), anthropic_key(), azure_client_secret(), json_web_token()]
    lines = [f"CREDENTIAL_{n} = {secret!r}" for n, secret in enumerate(secrets)]
    lines.append(f"password = {'Tr0ub4dor&3-horse'!r}  # gatherscan: ignore[SEC006] demo account")
    (git_repo / "settings.py").write_text("\n".join(lines) + "\n")
    git(git_repo, "add", "settings.py")
    for fmt in ("json", "sarif", "text", "markdown"):
        result = gatherscan("scan", ".", "--agents", "security,performance", "--format", fmt, cwd=git_repo)
        assert result.returncode == 1, result.stderr
        for secret in [*secrets, "Tr0ub4dor&3-horse"]:
            assert secret[5:] not in result.stdout, (fmt, secret[:4])
            assert secret[5:] not in result.stderr


# -- cookies -----------------------------------------------------------------


def test_cookie_message_says_which_flags_are_missing(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        def view(response, sid):
            response.set_cookie("session_id", sid)
            response.set_cookie("theme", "dark", httponly=True)
            response.set_cookie("auth", sid, secure=True, httponly=False)
        """,
    )
    issues = {issue["location"]["line"]: issue for issue in payload["issues"]}
    assert issues[3]["message"] == (
        "set_cookie('session_id') without secure=True and without httponly=True: "
        "it also travels over plain HTTP and page scripts can read it"
    )
    assert (issues[3]["severity"], issues[3]["confidence"], issues[3]["cwe"]) == ("medium", "high", [614, 1004])
    assert issues[4]["message"] == "set_cookie('theme') without secure=True: it also travels over plain HTTP"
    assert (issues[4]["severity"], issues[4]["confidence"]) == ("low", "medium")
    assert issues[5]["message"] == "set_cookie('auth') with httponly=False: page scripts can read it"


def test_cookie_settings_name_the_cookie_and_the_flag(tmp_path: Path) -> None:
    issue = only_issue(scan(tmp_path, "SESSION_COOKIE_HTTPONLY = False\n"))
    assert issue["ruleId"] == "SEC030"
    assert issue["message"] == (
        "SESSION_COOKIE_HTTPONLY = False turns off the httponly flag of the session cookie: page scripts can read it"
    )


# -- weak randomness ---------------------------------------------------------


def test_weak_randomness_confidence_depends_on_how_the_value_is_used(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import random as rnd
        from random import Random
        from fastapi import FastAPI
        app = FastAPI()
        generator = Random()

        def issue_otp(user):
            user.otp = generator.randint(100000, 999999)

        @app.get("/request-id")
        def request_id():
            return {"id": rnd.getrandbits(64)}
        """,
    )
    issues = {issue["location"]["line"]: issue for issue in payload["issues"]}
    assert set(issues) == {9, 13}
    assert issues[9]["message"] == (
        "A value made by random.randint() becomes 'user.otp'; the random module is predictable, use the secrets module"
    )
    assert (issues[9]["severity"], issues[9]["confidence"], issues[9]["cwe"]) == ("medium", "high", [330, 338])
    assert issues[13]["confidence"] == "medium"
    assert "returned to the client by the view request_id()" in issues[13]["message"]


def test_a_secret_reported_where_it_is_made_is_not_reported_again_where_it_is_used(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import random
        def make_token(response):
            token = "%x" % random.getrandbits(128)
            response.set_cookie("token", token, secure=True, httponly=True)
            return token
        """,
    )
    assert hits(payload) == {("SEC031", 4)}


def test_files_without_the_random_module_skip_the_pass(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import numpy.random as random
        token = random.random()
        """,
    )
    assert payload["issues"] == []


@pytest.mark.parametrize(
    "name",
    ["reset_token", "sessionId", "csrf", "apiKey", "pin", "otp_code", "password_hex", "verification_code", "salt"],
)
def test_secret_purpose_names(name: str) -> None:
    from agents.security.weak_random import names_a_secret

    assert names_a_secret(name)


@pytest.mark.parametrize(
    "name", ["tokens", "token_count", "password_length", "key", "code", "seed", "monkey", "session", "pinned"]
)
def test_names_that_are_not_secrets(name: str) -> None:
    from agents.security.weak_random import names_a_secret

    assert not names_a_secret(name)


# -- weak hashes ---------------------------------------------------------------


def test_weak_hashes_from_cryptography_are_reported_with_cwe_327_328(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        from cryptography.hazmat.primitives import hashes
        def digest():
            return hashes.Hash(hashes.MD5()), hashes.Hash(hashes.SHA1()), hashes.Hash(hashes.SHA256())
        """,
    )
    assert [(i["ruleId"], i["cwe"]) for i in payload["issues"]] == [("SEC005", [327, 328])] * 2
