"""Inline suppressions (`# gatherscan: ignore[SEC001] reason`): where they apply, what they hide, what they report."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from agents.base import AgentContext
from agents.performance.agent import AGENT as PERFORMANCE
from agents.security.agent import AGENT as SECURITY
from analyzer.config import ConfigError, load_config
from analyzer.findings import Confidence, Finding, Location, Severity
from analyzer.suppress import ProblemKind, apply_suppressions
from tests.conftest import git
from tests.sarif_validation import multitool_binary, multitool_problems, multitool_required, schema_errors
from tests.test_cli import gatherscan


def scan(root: Path, code: str, *, agent: Any = SECURITY, require_reason: bool = True) -> dict[str, Any]:
    (root / "sample.py").write_text(textwrap.dedent(code), encoding="utf-8")
    payload: dict[str, Any] = agent.analyze(
        AgentContext(root=root, require_suppression_reason=require_reason), ["sample.py"]
    )
    assert payload["skipped"] == []
    return payload


def suppressed(payload: dict[str, Any]) -> set[tuple[str, int]]:
    return {(i["ruleId"], i["location"]["line"]) for i in payload["issues"] if i["properties"].get("suppressed")}


def active(payload: dict[str, Any]) -> set[tuple[str, int]]:
    return {
        (i["ruleId"], i["location"]["line"])
        for i in payload["issues"]
        if not i["properties"].get("suppressed") and not i["ruleId"].endswith("000")
    }


def problems(payload: dict[str, Any]) -> list[tuple[int, str, list[str]]]:
    return [
        (i["location"]["line"], i["properties"]["suppressionProblem"], i["properties"]["ruleIds"])
        for i in payload["issues"]
        if i["ruleId"] in ("SEC000", "PRF000")
    ]


# ---------------------------------------------------------------------------
# Placement


def test_suppression_on_the_flagged_line_hides_the_finding_and_keeps_it_marked(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import hashlib
        def key(data):
            return hashlib.md5(data).hexdigest()  # gatherscan: ignore[SEC005] cache key, not a signature
        """,
    )
    [issue] = payload["issues"]
    assert issue["ruleId"] == "SEC005"
    assert issue["properties"] == {
        "suppressed": True,
        "suppression": {"line": 4, "reason": "cache key, not a signature"},
    }
    assert payload["riskScore"] == 0.0  # accepted risk does not count


def test_suppression_alone_on_the_line_before_hides_the_next_statement_only(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import os
        def run(cmd):
            # gatherscan: ignore[SEC002] cmd comes from the fixed ACTIONS table
            os.system(cmd)
            os.system(cmd)
        """,
    )
    assert suppressed(payload) == {("SEC002", 5)}
    assert active(payload) == {("SEC002", 6)}
    assert problems(payload) == []


def test_stacked_suppressions_above_a_statement_all_apply(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import hashlib
        def check(data, password="hunter22x"):
            # gatherscan: ignore[SEC005] legacy checksum format
            # (kept for old clients)
            # gatherscan: ignore[SEC001] expression is from our own config
            return eval(data + hashlib.md5(data).hexdigest())
        """,
    )
    assert suppressed(payload) == {("SEC005", 7), ("SEC001", 7)}
    assert active(payload) == {("SEC006", 3)}


def test_a_blank_line_ends_the_reach_of_a_standalone_suppression(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import os
        # gatherscan: ignore[SEC002] not meant for the call below the blank line

        os.system(input())
        """,
    )
    assert active(payload) == {("SEC002", 5)}
    assert problems(payload) == [(3, "unused", ["SEC002"])]
    assert "covers no statement" in next(i["message"] for i in payload["issues"] if i["ruleId"] == "SEC000")


def test_a_trailing_suppression_belongs_to_its_own_statement_not_the_next(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import os
        def run(cmd):
            name = cmd.strip()  # gatherscan: ignore[SEC002] meant for the line below, but trailing
            os.system(name)
        """,
    )
    assert active(payload) == {("SEC002", 5)}
    assert problems(payload) == [(4, "unused", ["SEC002"])]


MULTI_LINE_CALL = [
    "import subprocess",
    "def run(cmd):",
    "    subprocess.run(",
    "        cmd,",
    "        shell=True,",
    "        check=False,",
    "    )",
]


@pytest.mark.parametrize("comment_line", [3, 4, 5, 6, 7])
def test_suppression_on_any_line_of_a_multi_line_call(tmp_path: Path, comment_line: int) -> None:
    lines = list(MULTI_LINE_CALL)
    lines[comment_line - 1] += "  # gatherscan: ignore[SEC002] cmd is a constant list from settings"
    payload = scan(tmp_path, "\n".join(lines) + "\n")
    assert suppressed(payload) == {("SEC002", 3)}
    assert problems(payload) == []


def test_a_comment_line_inside_a_multi_line_call_covers_the_call(tmp_path: Path) -> None:
    lines = list(MULTI_LINE_CALL)
    lines.insert(4, "        # gatherscan: ignore[SEC002] reviewed: shell needed for the pipe")
    payload = scan(tmp_path, "\n".join(lines) + "\n")
    assert suppressed(payload) == {("SEC002", 3)}


def test_suppression_before_the_call_covers_a_finding_on_a_later_line_of_it(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        def connect(open_db, host):
            # gatherscan: ignore[SEC006] local development database only
            return open_db(
                host,
                passwd="hunter22",
            )
        """,
    )
    assert suppressed(payload) == {("SEC006", 6)}


def test_suppression_above_decorators_covers_the_decorated_definition(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import functools
        # gatherscan: ignore[SEC009, SEC006] demo server on a private network
        @functools.partial(serve, host="0.0.0.0")
        @functools.cache
        def handler(request, password="letmein42"):
            return request
        """,
    )
    assert suppressed(payload) == {("SEC009", 4), ("SEC006", 6)}
    assert problems(payload) == []


def test_suppression_on_a_decorator_line_covers_the_def_line(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import functools
        @functools.cache  # gatherscan: ignore[SEC006] test double, not a real account
        def handler(request, password="letmein42"):
            return request
        """,
    )
    assert suppressed(payload) == {("SEC006", 4)}


def test_suppression_on_a_compound_statement_header_does_not_reach_its_body(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import hashlib
        def f(data, expression):
            if eval(expression):  # gatherscan: ignore[SEC001, SEC005] the condition comes from our rules file
                hashlib.md5(data)
        """,
    )
    assert suppressed(payload) == {("SEC001", 4)}
    assert active(payload) == {("SEC005", 5)}
    assert problems(payload) == [(4, "unused", ["SEC005"])]


def test_one_suppression_names_several_rules(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        import hashlib
        def f(data):
            return eval(data + hashlib.md5(data).hexdigest())  # gatherscan: ignore[SEC001,SEC005] - fixed digests only
        """,
    )
    assert suppressed(payload) == {("SEC001", 4), ("SEC005", 4)}
    reasons = {issue["properties"]["suppression"]["reason"] for issue in payload["issues"]}
    assert reasons == {"fixed digests only"}


@pytest.mark.parametrize(
    "comment",
    [
        "# gatherscan: ignore[sec005] lower-case id",
        "# gatherscan:ignore [SEC005]: spacing and a colon before the reason",
        "#gatherscan: ignore[ SEC005 ] see issue #12",
        "# noqa: S324  # gatherscan: ignore[SEC005] after another tool's pragma",
    ],
)
def test_lenient_spellings_are_accepted(tmp_path: Path, comment: str) -> None:
    payload = scan(tmp_path, f"import hashlib\nhashlib.md5(b'')  {comment}\n")
    assert suppressed(payload) == {("SEC005", 2)}
    assert problems(payload) == []


def test_the_reason_stops_at_another_tools_pragma(tmp_path: Path) -> None:
    payload = scan(tmp_path, "import hashlib\nhashlib.md5(b'')  # gatherscan: ignore[SEC005] etag only  # noqa: S324\n")
    assert payload["issues"][0]["properties"]["suppression"]["reason"] == "etag only"


def test_suppression_text_inside_strings_is_not_a_suppression(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        '''
        import os
        HELP = """
        Write # gatherscan: ignore[SEC002] reason after the call.
        """
        os.system(input() + "# gatherscan: ignore[SEC002] nope")
        ''',
    )
    assert active(payload) == {("SEC002", 6)}
    assert problems(payload) == []


def test_a_comment_that_quotes_the_syntax_is_not_a_suppression(tmp_path: Path) -> None:
    payload = scan(
        tmp_path, "import os\n# Write `# gatherscan: ignore[SEC002] why` after the call.\nos.system(input())\n"
    )
    assert active(payload) == {("SEC002", 3)}
    assert problems(payload) == []


def test_crlf_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    code = "import os\r\n# gatherscan: ignore[SEC002] fixed command\r\nos.system(cmd)\r\nos.system(cmd)\r\n"
    (tmp_path / "sample.py").write_bytes(code.encode())
    payload = SECURITY.analyze(AgentContext(root=tmp_path), ["sample.py"])
    assert suppressed(payload) == {("SEC002", 3)}
    assert active(payload) == {("SEC002", 4)}


# ---------------------------------------------------------------------------
# Reasons, malformed and unknown suppressions


def test_a_suppression_without_a_reason_hides_nothing_and_is_reported(tmp_path: Path) -> None:
    payload = scan(tmp_path, "import hashlib\nhashlib.md5(b'')  # gatherscan: ignore[SEC005]\n")
    assert active(payload) == {("SEC005", 2)}
    [problem] = [i for i in payload["issues"] if i["ruleId"] == "SEC000"]
    assert problem["properties"] == {"suppressionProblem": "missing-reason", "ruleIds": ["SEC005"]}
    assert problem["location"] == {"path": "sample.py", "line": 2, "column": 19}
    assert problem["snippet"] == "# gatherscan: ignore[SEC005]"
    assert (problem["severity"], problem["confidence"]) == ("low", "high")
    assert "gives no reason" in problem["message"]


def test_configuration_can_relax_the_reason_requirement(tmp_path: Path) -> None:
    payload = scan(tmp_path, "import hashlib\nhashlib.md5(b'')  # gatherscan: ignore[SEC005]\n", require_reason=False)
    [issue] = payload["issues"]
    assert issue["properties"]["suppression"] == {"line": 2, "reason": ""}


@pytest.mark.parametrize(
    ("comment", "rule_ids"),
    [
        ("# gatherscan: ignore[] nothing named", []),
        ("# gatherscan: ignore SEC005 without brackets", ["SEC005"]),
        ("# gatherscan: ignore[SEC-5] not an id", ["SEC005"]),
        ("# gatherscan: ignore[SEC005 SEC001] missing comma", ["SEC005", "SEC001"]),
        ("# gatherscan: ignore", []),
        ("# gatherscan: disable[SEC005] wrong verb", ["SEC005"]),
    ],
)
def test_malformed_suppressions_never_hide_and_are_reported(tmp_path: Path, comment: str, rule_ids: list[str]) -> None:
    payload = scan(tmp_path, f"import hashlib\nhashlib.md5(b'')  {comment}\n")
    assert active(payload) == {("SEC005", 2)}
    [(line, kind, named)] = problems(payload)
    assert (line, kind) == (2, "malformed")
    assert set(named) <= set(rule_ids) | {"SEC005"}


def test_an_unknown_rule_id_makes_the_whole_suppression_hide_nothing(tmp_path: Path) -> None:
    payload = scan(tmp_path, "import hashlib\nhashlib.md5(b'')  # gatherscan: ignore[SEC005, SEC999] typo\n")
    assert active(payload) == {("SEC005", 2)}
    [problem] = [i for i in payload["issues"] if i["ruleId"] == "SEC000"]
    assert problem["properties"]["suppressionProblem"] == "unknown-rule"
    assert "SEC999" in problem["message"]


def test_the_problem_rule_itself_cannot_be_suppressed_inline(tmp_path: Path) -> None:
    payload = scan(
        tmp_path,
        """
        x = 1  # gatherscan: ignore[SEC001] unused on purpose
        y = 2  # gatherscan: ignore[SEC000] hide the report above
        """,
    )
    assert problems(payload) == [(2, "unused", ["SEC001"]), (3, "unknown-rule", ["SEC000"])]


def test_an_unused_rule_in_a_used_suppression_is_reported(tmp_path: Path) -> None:
    payload = scan(tmp_path, "import hashlib\nhashlib.md5(b'')  # gatherscan: ignore[SEC005, SEC001] checksum\n")
    assert suppressed(payload) == {("SEC005", 2)}
    assert problems(payload) == [(2, "unused", ["SEC001"])]


# ---------------------------------------------------------------------------
# Each agent judges its own rules


def test_agents_judge_only_suppressions_with_their_own_prefix(tmp_path: Path) -> None:
    code = """
    def join(rows):
        text = ""
        for row in rows:
            text += row  # gatherscan: ignore[PRF001] at most three rows
        value = 1  # gatherscan: ignore[PRF002] nothing here
        other = 2  # gatherscan: ignore[SEC001] nothing here either
        last = 3  # gatherscan: ignore[] unattributed
        return text, value, other, last
    """
    security = scan(tmp_path, code)
    performance = scan(tmp_path, code, agent=PERFORMANCE)

    assert problems(security) == [(7, "unused", ["SEC001"]), (8, "malformed", [])]
    assert suppressed(performance) == {("PRF001", 5)}
    assert problems(performance) == [(6, "unused", ["PRF002"])]
    [prf000] = [i for i in performance["issues"] if i["ruleId"] == "PRF000"]
    assert prf000["agentId"] == "performance"


def test_problem_rules_are_in_both_catalogues() -> None:
    security = {rule.id: rule for rule in SECURITY.rules}
    performance = {rule.id: rule for rule in PERFORMANCE.rules}
    assert security["SEC000"].name == performance["PRF000"].name == "unused-or-invalid-suppression"
    assert security["SEC000"].severity is Severity.LOW


# ---------------------------------------------------------------------------
# The line-based form, for files that are not Python (requirements.txt, ...)


def _dependency_finding(line: int) -> Finding:
    return Finding(
        rule_id="DEP001",
        agent_id="dependency",
        message="requests has no version constraint",
        severity=Severity.MEDIUM,
        confidence=Confidence.HIGH,
        location=Location(path="requirements.txt", line=line),
    )


def test_line_based_suppressions_cover_their_line_or_the_next() -> None:
    text = (
        "requests  # gatherscan: ignore[DEP001] pinned by the constraints file\n"
        "# gatherscan: ignore[DEP001] vendored, updated by hand\n"
        "django\n"
        "flask\n"
        "numpy  # gatherscan: ignore[DEP002] nothing to hide\n"
    )
    findings = [_dependency_finding(line) for line in (1, 3, 4)]
    marked, found = apply_suppressions(findings, text, {"DEP001", "DEP002"}, python=False)

    assert [f.location.line for f in marked if f.properties.get("suppressed")] == [1, 3]
    assert marked[1].properties["suppression"] == {"line": 2, "reason": "vendored, updated by hand"}
    assert [(p.line, p.kind, p.rule_ids) for p in found] == [(5, ProblemKind.UNUSED, ("DEP002",))]


def test_python_text_that_does_not_tokenize_falls_back_to_lines() -> None:
    text = 'x = """unterminated\n# gatherscan: ignore[DEP001] reason\nrequests\n'
    marked, found = apply_suppressions([_dependency_finding(3)], text, {"DEP001"}, python=True)
    assert marked[0].properties["suppressed"] is True and found == []


def test_text_without_the_marker_is_returned_unchanged() -> None:
    findings = [_dependency_finding(1)]
    assert apply_suppressions(findings, "requests\n", {"DEP001"}) == (findings, [])


# ---------------------------------------------------------------------------
# Configuration and the whole command


def test_require_suppression_reason_is_a_validated_config_key(tmp_path: Path) -> None:
    config_file = tmp_path / ".gatherscan.yaml"
    config_file.write_text("require-suppression-reason: false\n")
    assert load_config(config_file).require_suppression_reason is False
    assert load_config(None).require_suppression_reason is True
    config_file.write_text("require-suppression-reason: sometimes\n")
    with pytest.raises(ConfigError) as raised:
        load_config(config_file)
    assert raised.value.key == "require-suppression-reason"


APP = """\
import hashlib
import subprocess


def run(command):
    # gatherscan: ignore[SEC002] command comes from the fixed ACTIONS table
    return subprocess.run(command, shell=True)


def digest(data):
    return hashlib.md5(data).hexdigest()  # gatherscan: ignore[SEC005]
"""


def _project(repo: Path) -> None:
    (repo / "app.py").write_text(APP)
    git(repo, "add", "app.py")


def test_scan_keeps_suppressed_findings_in_json_and_sarif_and_reports_bad_ones(git_repo: Path) -> None:
    _project(git_repo)
    result = gatherscan("scan", ".", "--agents", "security", "--format", "json", cwd=git_repo)
    assert result.returncode == 0, result.stderr  # the high SEC002 is suppressed; SEC005 is medium
    assert gatherscan("scan", ".", "--agents", "security", "--fail-on", "medium", cwd=git_repo).returncode == 1
    report = json.loads(result.stdout)
    issues = {(i["ruleId"], i["location"]["line"]): i for i in report["result"]["issues"]}
    assert issues["SEC002", 7]["properties"]["suppression"] == {
        "line": 6,
        "reason": "command comes from the fixed ACTIONS table",
    }
    assert not issues["SEC005", 11]["properties"].get("suppressed")
    assert issues["SEC000", 11]["properties"]["suppressionProblem"] == "missing-reason"

    target = git_repo / "scan.sarif"
    gatherscan("scan", ".", "--agents", "security", "--format", "sarif", "-o", str(target), cwd=git_repo)
    log = json.loads(target.read_text())
    assert schema_errors(log) == []
    if multitool_binary() is not None:
        assert multitool_problems(target) == []
    elif multitool_required():
        pytest.fail("SARIF Multitool is required (GATHERSCAN_REQUIRE_MULTITOOL=1) but not installed")
    results = log["runs"][0]["results"]
    [hidden] = [r for r in results if "suppressions" in r]
    assert hidden["ruleId"] == "SEC002"
    assert hidden["suppressions"][0]["kind"] == "inSource"
    assert hidden["suppressions"][0]["justification"] == "command comes from the fixed ACTIONS table"

    github = git_repo / "github.sarif"
    gatherscan(
        "scan", ".", "--agents", "security", "--format", "sarif", "--for-github", "-o", str(github), cwd=git_repo
    )
    assert all("suppressions" not in r for r in json.loads(github.read_text())["runs"][0]["results"])

    text = gatherscan("scan", ".", "--agents", "security", "--no-color", cwd=git_repo)
    assert "1 suppressed" in text.stdout
    assert "command comes from the fixed ACTIONS table" not in text.stdout


def test_relaxed_configuration_reaches_the_agents_through_the_scan(git_repo: Path) -> None:
    _project(git_repo)
    (git_repo / ".gatherscan.yaml").write_text("require-suppression-reason: false\n")
    result = gatherscan("scan", ".", "--agents", "security", "--format", "json", cwd=git_repo)
    assert result.returncode == 0, result.stderr  # both findings are suppressed: nothing left to fail on
    issues = json.loads(result.stdout)["result"]["issues"]
    assert sorted((i["ruleId"], bool(i["properties"].get("suppressed"))) for i in issues) == [
        ("SEC002", True),
        ("SEC005", True),
    ]
