from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer import reducer
from analyzer.config import load_rules_file
from analyzer.envelope import RAW_OUTPUT_LIMIT, Envelope, error_envelope
from analyzer.reducer import (
    REDUCER_AGENT,
    UNKNOWN_AGENT,
    reduce,
    register_normaliser,
    unreadable_input,
    unregister_normaliser,
)
from analyzer.report.model import ErrorEntry, Report
from analyzer.rules import DEFAULT_RULES, MergeRules, RulesError, Strategy, parse_rules


def envelope(agent: str, payload: Any, *, ts: float = 1.0, **extra: Any) -> dict[str, Any]:
    return {"agentId": agent, "status": "ok", "ts": ts, "payload": payload, **extra}


def failed(agent: str, kind: str = "timeout", message: str = "took too long", **extra: Any) -> dict[str, Any]:
    return {"agentId": agent, "status": "error", "ts": 1.0, "error": {"kind": kind, "message": message}, **extra}


def finding(
    agent: str = "security",
    *,
    rule: str = "SEC001",
    path: str = "app.py",
    line: int = 1,
    column: int = 1,
    engine: str = "static",
    confidence: str = "high",
    fingerprint: str | None = None,
    message: str = "user input reaches a shell",
    snippet: str | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ruleId": rule,
        "agentId": agent,
        "engine": engine,
        "message": message,
        "severity": "high",
        "confidence": confidence,
        "location": {"path": path, "line": line, "column": column},
    }
    if fingerprint is not None:
        data["fingerprint"] = fingerprint
    if snippet is not None:
        data["snippet"] = snippet
    return data


def strict_json(report: Report) -> str:
    return json.dumps(report.to_json_dict(), allow_nan=False)


def notes(report: Report, kind: str | None = None) -> list[ErrorEntry]:
    return [e for e in report.error_log if not e.partial_failure and (kind is None or e.kind == kind)]


def failures(report: Report) -> list[ErrorEntry]:
    return [e for e in report.error_log if e.partial_failure]


# ---------------------------------------------------------------------------
# Rules


def test_default_rules_cover_the_shared_payload_keys() -> None:
    assert DEFAULT_RULES.to_json_dict() == {
        "checkedAt": "max",
        "filesScanned": "sum",
        "incomplete": "union",
        "notes": "union",
        "issues": "union",
        "riskScore": "max",
        "skipped": "union",
        "stats.*": "sum",
    }


def test_user_rules_override_defaults_key_by_key() -> None:
    rules = parse_rules({"riskScore": "avg", "stats.files": "sum"}, "rules.yaml")
    assert rules["riskScore"] is Strategy.AVG
    assert rules["stats.files"] is Strategy.SUM
    assert rules["issues"] is Strategy.UNION
    assert rules["filesScanned"] is Strategy.SUM


def test_rules_accept_a_rules_wrapper_and_nested_tables() -> None:
    nested = parse_rules({"rules": {"stats": {"files": "sum", "lines": "MAX"}}}, "pyproject.toml")
    assert nested["stats.files"] is Strategy.SUM
    assert nested["stats.lines"] is Strategy.MAX
    assert parse_rules({"latest": "last_write_wins"}, "r.json")["latest"] is Strategy.LAST_WRITE_WINS


def test_a_lone_rules_key_with_a_strategy_is_a_rule_for_a_key_named_rules() -> None:
    assert parse_rules({"rules": "union"}, "r.json")["rules"] is Strategy.UNION


def test_empty_rules_mean_the_defaults() -> None:
    assert parse_rules(None, "empty.yaml") == DEFAULT_RULES
    assert parse_rules({"rules": None}, "r.yaml") == DEFAULT_RULES


@pytest.mark.parametrize(
    ("data", "key", "reason_part"),
    [
        ({"riskScore": "median"}, "riskScore", "unknown strategy 'median'"),
        ({"stats": {"files": 3}}, "stats.files", "got a number"),
        ({"a..b": "sum"}, "a..b", "not a dotted key path"),
        ({" a": "sum"}, " a", "not a dotted key path"),
        ({1: "sum"}, "1", "must be a string"),
        ({"stats": {}}, "stats", "empty table"),
        ({"a.b": "sum", "a": {"b": "max"}}, "a.b", "more than once"),
        (["issues"], "", "expected a mapping"),
    ],
)
def test_bad_rules_name_the_file_and_key(data: object, key: str, reason_part: str) -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules(data, "rules.yaml")
    error = caught.value
    assert error.source == "rules.yaml"
    assert error.key == key
    assert reason_part in error.reason
    expected = f"rules.yaml: {key}: {error.reason}" if key else f"rules.yaml: {error.reason}"
    assert str(error) == expected


def test_merge_rules_is_an_immutable_sorted_mapping() -> None:
    rules = MergeRules({"b": "sum", "a": Strategy.MAX})
    assert list(rules) == ["a", "b"]
    assert rules["b"] is Strategy.SUM
    assert rules.overridden_by({"a": Strategy.MIN})["a"] is Strategy.MIN
    assert rules["a"] is Strategy.MAX
    with pytest.raises(ValueError, match="unknown strategy"):
        MergeRules({"a": "nope"})


def test_load_rules_file_reads_json_and_yaml(tmp_path: Path) -> None:
    as_json = tmp_path / "rules.json"
    as_json.write_text('{"rules": {"riskScore": "min"}}', encoding="utf-8")
    as_yaml = tmp_path / "rules.yaml"
    as_yaml.write_text("stats:\n  files: sum\nriskScore: avg\n", encoding="utf-8")
    assert load_rules_file(as_json)["riskScore"] is Strategy.MIN
    from_yaml = load_rules_file(as_yaml)
    assert from_yaml["stats.files"] is Strategy.SUM
    assert from_yaml["riskScore"] is Strategy.AVG


def test_load_rules_file_reports_unreadable_and_malformed_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(RulesError, match="cannot read") as caught:
        load_rules_file(missing)
    assert caught.value.source == str(missing)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{", encoding="utf-8")
    with pytest.raises(RulesError, match="invalid JSON at line 1"):
        load_rules_file(bad_json)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("a: sum\nb: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulesError, match="invalid YAML at line"):
        load_rules_file(bad_yaml)
    wrong_value = tmp_path / "wrong.yaml"
    wrong_value.write_text("issues: [union]\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"wrong\.yaml: issues: expected a strategy name"):
        load_rules_file(wrong_value)


def test_importing_the_reducer_does_not_import_yaml() -> None:
    code = "import sys, analyzer.reducer; print('yaml' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# Counts, empty input, failures


def test_empty_input_gives_an_empty_report() -> None:
    report = reduce([])
    assert report.result == {}
    assert (report.total, report.success, report.partial_failures) == (0, 0, 0)
    assert report.error_log == ()
    assert report.conflicts == {}
    assert report.provenance == {}
    assert report.agents == ()
    assert report.quorum.met is True
    assert report.quorum.ratio == 1.0


def test_all_failed_gives_an_empty_result_and_the_full_error_log() -> None:
    report = reduce([failed("security"), failed("performance", kind="crash", message="worker died"), "junk"])
    assert report.result == {}
    assert (report.total, report.success, report.partial_failures) == (3, 0, 3)
    assert [(e.agent_id, e.kind) for e in report.error_log] == [
        (UNKNOWN_AGENT, "invalid-envelope"),
        ("performance", "crash"),
        ("security", "timeout"),
    ]
    assert report.quorum.met is False
    assert report.failed_agents() == [UNKNOWN_AGENT, "performance", "security"]


def test_error_envelopes_are_logged_with_shard_and_raw_output() -> None:
    raw_reply = "I think the code is fine! {not json"
    items: list[object] = [
        failed("security", kind="invalid-reply", message="not JSON", shard="2/4", raw=raw_reply),
        error_envelope("dependency", "timeout", "no reply in 600 s", ts=3.0, engine="llm", duration_ms=600_000),
        envelope("performance", {"filesScanned": 2}),
    ]
    report = reduce(items)
    assert report.partial_failures == 2
    assert report.success == 1
    by_agent = {e.agent_id: e for e in failures(report)}
    assert by_agent["security"].shard == "2/4"
    assert by_agent["security"].kind == "invalid-reply"
    assert by_agent["security"].raw == raw_reply
    assert by_agent["dependency"].message == "no reply in 600 s"
    assert report.result == {"filesScanned": 2}


def test_an_error_envelope_without_details_is_logged_as_error() -> None:
    report = reduce([{"agentId": "security", "status": "error", "ts": 1.0}])
    (entry,) = report.error_log
    assert entry.kind == "error"
    assert entry.partial_failure


@pytest.mark.parametrize(
    ("item", "agent", "message_part"),
    [
        (None, UNKNOWN_AGENT, "valid dictionary"),
        (42, UNKNOWN_AGENT, "valid dictionary"),
        ("{}", UNKNOWN_AGENT, "valid dictionary"),
        ({"agentId": "security", "status": "ok"}, "security", "ts: Field required"),
        ({"agentId": "security", "status": "ok", "ts": 1.0, "payload": None}, "security", "payload"),
        ({"agentId": "security", "status": "done", "ts": 1.0}, "security", "status"),
        ({"agentId": "", "status": "ok", "ts": 1.0}, UNKNOWN_AGENT, "agentId"),
        ({"agentId": 7, "status": "ok", "ts": 1.0}, UNKNOWN_AGENT, "agentId"),
        ({"agentId": "security", "status": "ok", "ts": math.nan}, "security", "finite"),
        ({"agentId": "security", "status": "ok", "ts": 1.0, "extra": 1}, "security", "extra"),
    ],
)
def test_invalid_envelopes_are_logged_against_the_agent_they_name(item: object, agent: str, message_part: str) -> None:
    report = reduce([item, envelope("performance", {"riskScore": 2})])
    (entry,) = failures(report)
    assert entry.agent_id == agent
    assert entry.kind == "invalid-envelope"
    assert message_part in entry.message
    assert entry.raw is not None
    assert (report.total, report.success, report.partial_failures) == (2, 1, 1)
    assert report.result == {"riskScore": 2}
    strict_json(report)


def test_the_raw_copy_of_an_invalid_envelope_is_bounded() -> None:
    huge = {"agentId": "security", "status": "ok", "payload": {"blob": "x" * (RAW_OUTPUT_LIMIT * 3)}}
    (entry,) = reduce([huge]).error_log
    assert entry.raw is not None
    assert len(entry.raw) < RAW_OUTPUT_LIMIT + 100
    assert "more characters cut" in entry.raw


def test_envelope_objects_and_json_dicts_merge_alike() -> None:
    as_object = Envelope(agent_id="security", status="ok", ts=1.0, payload={"filesScanned": 3}, engine="static")
    report = reduce([as_object, envelope("performance", {"filesScanned": 4}, engine="static")])
    assert report.result == {"filesScanned": 7}
    assert report.success == 2


def test_unreadable_input_counts_as_a_failed_envelope() -> None:
    report = reduce([unreadable_input("out.json", "cannot read envelopes from out.json: no such file")])
    (entry,) = report.error_log
    assert (entry.agent_id, entry.kind) == (UNKNOWN_AGENT, "unreadable-input")
    assert "out.json" in entry.message
    assert (report.total, report.partial_failures) == (1, 1)


def test_an_iterable_that_fails_part_way_keeps_what_it_gave() -> None:
    def items() -> Iterator[object]:
        yield envelope("security", {"filesScanned": 1})
        raise OSError("pipe closed")

    report = reduce(items())
    assert report.result == {"filesScanned": 1}
    assert (report.total, report.success, report.partial_failures) == (2, 1, 1)
    assert "pipe closed" in failures(report)[0].message


# ---------------------------------------------------------------------------
# Union and findings


def test_union_prefers_the_static_finding_when_fingerprints_match() -> None:
    static = finding("security", fingerprint="fp1", engine="static", message="static wording")
    llm = finding("security", fingerprint="fp1", engine="llm", message="llm wording")
    for order in ([static, llm], [llm, static]):
        report = reduce(
            [envelope("security", {"issues": [order[0]]}), envelope("security-llm", {"issues": [order[1]]})]
        )
        (merged,) = report.result["issues"]
        assert merged["engine"] == "static"
        assert merged["message"] == "static wording"


def test_union_prefers_higher_confidence_over_engine() -> None:
    static_low = finding(fingerprint="fp1", engine="static", confidence="low")
    llm_high = finding(fingerprint="fp1", engine="llm", confidence="high")
    report = reduce([envelope("a", {"issues": [static_low]}), envelope("b", {"issues": [llm_high]})])
    (merged,) = report.result["issues"]
    assert (merged["engine"], merged["confidence"]) == ("llm", "high")


def test_union_fills_missing_fingerprints_and_keeps_identical_findings_in_one_file_apart() -> None:
    first = finding(line=3, snippet="os.system(cmd)")
    second = finding(line=9, snippet="os.system(cmd)")
    report = reduce([envelope("security", {"issues": [second, first]})])
    issues = report.result["issues"]
    assert [i["location"]["line"] for i in issues] == [3, 9]
    assert all(i["fingerprint"] for i in issues)
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_union_sorts_findings_by_location_then_rule() -> None:
    items = [
        finding(path="b.py", line=1, fingerprint="1"),
        finding(path="a.py", line=10, fingerprint="2"),
        finding(path="a.py", line=2, column=5, fingerprint="3"),
        finding(path="a.py", line=2, column=1, rule="SEC009", fingerprint="4"),
        finding(path="a.py", line=2, column=1, rule="SEC002", fingerprint="5"),
    ]
    report = reduce([envelope("security", {"issues": items[:2]}), envelope("security", {"issues": items[2:]}, ts=2)])
    assert [i["fingerprint"] for i in report.result["issues"]] == ["5", "4", "3", "2", "1"]


def test_invalid_findings_are_dropped_and_noted_without_counting_as_failures() -> None:
    good = finding(fingerprint="ok")
    bad_line = {**finding(), "location": {"path": "a.py", "line": 0}}
    report = reduce([envelope("security", {"issues": [good, bad_line, "text", None]})])
    assert [i["fingerprint"] for i in report.result["issues"]] == ["ok"]
    invalid = notes(report, "invalid-finding")
    assert [e.message.split(":")[0] for e in invalid] == ["issues[1]", "issues[2]", "issues[3]"]
    assert "location.line" in invalid[0].message
    assert report.partial_failures == 0
    assert report.success == 1


def test_a_single_issue_that_is_not_a_list_counts_as_one_item() -> None:
    report = reduce([envelope("security", {"issues": finding(fingerprint="solo")})])
    assert [i["fingerprint"] for i in report.result["issues"]] == ["solo"]


def test_union_of_plain_items_deduplicates_by_canonical_json() -> None:
    report = reduce(
        [
            envelope("a", {"skipped": [{"path": "x.bin", "reason": "binary"}, {"path": "big.py", "reason": "size"}]}),
            envelope("b", {"skipped": [{"reason": "binary", "path": "x.bin"}]}),
            envelope("c", {"skipped": {"path": "z.py", "reason": "syntax"}}),
        ]
    )
    assert report.result["skipped"] == [
        {"path": "big.py", "reason": "size"},
        {"path": "x.bin", "reason": "binary"},
        {"path": "z.py", "reason": "syntax"},
    ]
    assert report.skipped() == report.result["skipped"]


def test_report_findings_reads_the_merged_issues() -> None:
    report = reduce([envelope("security", {"issues": [finding(fingerprint="f", line=4)]})])
    (merged,) = report.findings()
    assert merged.location.line == 4
    assert merged.fingerprint == "f"


# ---------------------------------------------------------------------------
# The other strategies


def test_intersection_keeps_items_every_contributor_has() -> None:
    rules = DEFAULT_RULES.overridden_by({"tags": Strategy.INTERSECTION})
    report = reduce(
        [
            envelope("a", {"tags": ["py", "web", "cli"]}),
            envelope("b", {"tags": ["cli", "py"]}),
            envelope("c", {"tags": ["py", "cli", "extra"]}),
            envelope("d", {"other": 1}),
        ],
        rules,
    )
    assert report.result["tags"] == ["cli", "py"]
    assert report.provenance["tags"] == ("a", "b", "c")


def test_intersection_identifies_findings_by_fingerprint() -> None:
    rules = MergeRules({"issues": Strategy.INTERSECTION})
    report = reduce(
        [
            envelope("a", {"issues": [finding(fingerprint="both", engine="llm"), finding(fingerprint="only-a")]}),
            envelope("b", {"issues": [finding(fingerprint="both", engine="static")]}),
        ],
        rules,
    )
    assert [(i["fingerprint"], i["engine"]) for i in report.result["issues"]] == [("both", "static")]


def test_sum_max_min_avg() -> None:
    rules = MergeRules({"s": "sum", "hi": "max", "lo": "min", "mean": "avg", "fs": "sum"})
    report = reduce(
        [
            envelope("a", {"s": 1, "hi": 3, "lo": 3, "mean": 1, "fs": 0.1}),
            envelope("b", {"s": 2, "hi": 7.5, "lo": -2, "mean": 2, "fs": 0.2}),
            envelope("c", {"s": 10**30, "hi": 7, "lo": 0.5, "mean": 6, "fs": 0.3}),
        ],
        rules,
    )
    assert report.result == {"s": 10**30 + 3, "hi": 7.5, "lo": -2, "mean": 3.0, "fs": pytest.approx(0.6)}
    assert report.result["fs"] == math.fsum([0.1, 0.2, 0.3])
    assert isinstance(report.result["s"], int)


def test_numeric_strategies_drop_booleans_strings_and_non_finite_values() -> None:
    report = reduce(
        [
            envelope("a", {"filesScanned": True, "riskScore": "9"}),
            envelope("b", {"filesScanned": 4, "riskScore": math.nan, "checkedAt": math.inf}),
            envelope("c", {"filesScanned": 5, "riskScore": 3}),
        ]
    )
    assert report.result == {"filesScanned": 9, "riskScore": 3}
    messages = sorted(e.message for e in notes(report, "invalid-value"))
    assert messages == [
        "checkedAt: non-finite number inf left out",
        "filesScanned: sum needs a number, got a boolean; value left out",
        "riskScore: max needs a number, got a string; value left out",
        "riskScore: non-finite number nan left out",
    ]
    assert report.provenance == {"filesScanned": ("b", "c"), "riskScore": ("c",)}
    assert report.partial_failures == 0
    strict_json(report)


def test_a_numeric_key_with_no_number_at_all_is_left_out() -> None:
    report = reduce([envelope("a", {"riskScore": "high"}), envelope("b", {"riskScore": None})])
    assert "riskScore" not in report.result
    assert len(notes(report, "invalid-value")) == 2


def test_overflowing_results_are_left_out_and_noted() -> None:
    rules = MergeRules({"total": "sum", "mean": "avg"})
    report = reduce(
        [envelope("a", {"total": 1e308, "mean": 10**400}), envelope("b", {"total": 1e308, "mean": 10**400})],
        rules,
    )
    assert report.result == {}
    overflow = sorted(e.message for e in notes(report) if e.agent_id == REDUCER_AGENT)
    assert overflow == ["mean: avg overflows; left out", "total: sum overflows; left out"]
    strict_json(report)


def test_huge_integers_stay_exact_and_unprintable_ones_are_dropped() -> None:
    report = reduce(
        [
            envelope("a", {"filesScanned": 10**400, "riskScore": 10**5000}),
            envelope("b", {"filesScanned": 1, "riskScore": 4}),
        ]
    )
    assert report.result == {"filesScanned": 10**400 + 1, "riskScore": 4}
    assert any("too long" in e.message for e in notes(report, "invalid-value"))
    strict_json(report)


def test_majority_takes_the_most_frequent_value_and_breaks_ties_by_json() -> None:
    rules = MergeRules({"verdict": "majority", "tie": "majority"})
    report = reduce(
        [
            envelope("a", {"verdict": "safe", "tie": "b"}),
            envelope("b", {"verdict": "unsafe", "tie": "a"}),
            envelope("c", {"verdict": "safe", "tie": "c"}),
            envelope("d", {"verdict": {"x": 1}}),
        ],
        rules,
    )
    assert report.result["verdict"] == "safe"
    assert report.result["tie"] == "a"


def test_last_write_wins_orders_by_ts_then_agent_never_by_arrival() -> None:
    rules = MergeRules({"latest": "last-write-wins"})
    older = envelope("zeta", {"latest": "old"}, ts=1.0)
    newer = envelope("alpha", {"latest": "new"}, ts=2.0)
    same_ts_a = envelope("alpha", {"latest": "from alpha"}, ts=5.0)
    same_ts_b = envelope("beta", {"latest": "from beta"}, ts=5.0)
    assert reduce([older, newer], rules).result["latest"] == "new"
    assert reduce([newer, older], rules).result["latest"] == "new"
    assert reduce([same_ts_b, same_ts_a], rules).result["latest"] == "from beta"
    assert reduce([same_ts_a, same_ts_b], rules).result["latest"] == "from beta"


def test_last_write_wins_uses_shard_after_agent() -> None:
    rules = MergeRules({"latest": "last-write-wins"})
    first = envelope("a", {"latest": 1}, ts=1.0, shard="1/2")
    second = envelope("a", {"latest": 2}, ts=1.0, shard="2/2")
    assert reduce([second, first], rules).result["latest"] == 2


# ---------------------------------------------------------------------------
# Keys without rules, dotted paths, provenance


def test_keys_without_rules_keep_equal_values_and_report_conflicts() -> None:
    report = reduce(
        [
            envelope("security", {"version": "1.0", "mode": "fast"}),
            envelope("performance", {"version": "1.0", "mode": "deep"}),
            envelope("performance", {"version": "1.0", "mode": "deep"}, shard="2/2"),
            envelope("dependency", {"mode": ["deep"]}),
        ]
    )
    assert report.result == {"version": "1.0"}
    assert [(c.agent_id, c.value) for c in report.conflicts["mode"]] == [
        ("dependency", ["deep"]),
        ("performance", "deep"),
        ("security", "fast"),
    ]
    assert "mode" not in report.provenance


def test_one_and_one_point_zero_and_true_are_different_values() -> None:
    report = reduce([envelope("a", {"n": 1}), envelope("b", {"n": 1.0}), envelope("c", {"n": True})])
    assert "n" not in report.result
    assert [c.value for c in report.conflicts["n"]] == [1, 1.0, True]


def test_objects_without_rules_merge_key_by_key() -> None:
    report = reduce(
        [
            envelope("a", {"meta": {"files": 2, "engine": {"name": "ast", "version": 1}}}),
            envelope("b", {"meta": {"files": 3, "engine": {"name": "ast", "version": 2}, "only": True}}),
        ]
    )
    assert report.result == {"meta": {"engine": {"name": "ast"}, "only": True}}
    assert sorted(report.conflicts) == ["meta.engine.version", "meta.files"]
    assert report.provenance == {"meta": ("a", "b")}


def test_dotted_path_rules_apply_inside_objects() -> None:
    rules = DEFAULT_RULES.overridden_by({"meta.files": Strategy.SUM, "meta.per.rule": Strategy.MAX})
    report = reduce(
        [
            envelope("a", {"meta": {"files": 2, "per": {"rule": 4}}}),
            envelope("b", {"meta": {"files": 3, "per": {"rule": 9}}}),
        ],
        rules,
    )
    assert report.result == {"meta": {"files": 5, "per": {"rule": 9}}}
    assert report.conflicts == {}


def test_a_value_that_is_not_an_object_blocks_recursion_and_conflicts() -> None:
    rules = MergeRules({"stats.files": "sum"})
    report = reduce([envelope("a", {"stats": {"files": 2}}), envelope("b", {"stats": 7})], rules)
    assert report.result == {}
    assert set(report.conflicts) == {"stats"}


def test_provenance_lists_the_agents_behind_each_top_level_key() -> None:
    report = reduce(
        [
            envelope("security", {"issues": [], "riskScore": 3}),
            envelope("security", {"issues": []}, shard="2/2"),
            envelope("performance", {"riskScore": 5, "filesScanned": 1}),
        ]
    )
    assert report.provenance == {
        "filesScanned": ("performance",),
        "issues": ("security",),
        "riskScore": ("performance", "security"),
    }


def test_rules_may_be_a_plain_mapping_of_names_and_a_bad_name_is_noted() -> None:
    plain: dict[str, Any] = {"n": "sum", "m": "median"}
    report = reduce([envelope("a", {"n": 1, "m": 1}), envelope("b", {"n": 2, "m": 1})], plain)
    assert report.result == {"m": 1, "n": 3}
    (note,) = notes(report, "invalid-rule")
    assert note.message.startswith("m: unknown strategy 'median'")


# ---------------------------------------------------------------------------
# Normalisers


def test_normalisers_rewrite_one_agents_payload_before_the_merge() -> None:
    def rename_count(payload: dict[str, Any]) -> dict[str, Any]:
        payload["filesScanned"] = payload.pop("fileCount")
        return payload

    report = reduce(
        [envelope("legacy", {"fileCount": 3}), envelope("security", {"filesScanned": 2})],
        normalisers={"legacy": rename_count},
    )
    assert report.result == {"filesScanned": 5}
    assert report.partial_failures == 0


def test_a_failing_normaliser_fails_only_its_envelope() -> None:
    def broken(payload: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("fileCount")

    report = reduce(
        [envelope("legacy", {"filesScanned": 100}), envelope("security", {"filesScanned": 2})],
        normalisers={"legacy": broken},
    )
    assert report.result == {"filesScanned": 2}
    (entry,) = failures(report)
    assert (entry.agent_id, entry.kind) == ("legacy", "normaliser-failed")
    assert "KeyError" in entry.message
    assert (report.total, report.success, report.partial_failures) == (2, 1, 1)
    assert report.failed_agents() == ["legacy"]


def test_a_normaliser_returning_a_non_object_fails_its_envelope() -> None:
    def returns_list(payload: dict[str, Any]) -> Any:
        return [payload]

    report = reduce([envelope("legacy", {"filesScanned": 1})], normalisers={"legacy": returns_list})
    (entry,) = report.error_log
    assert entry.kind == "normaliser-failed"
    assert "a list" in entry.message


def test_a_normaliser_cannot_change_the_callers_envelope() -> None:
    original = {"filesScanned": 1, "nested": {"k": 1}}

    def mutate(payload: dict[str, Any]) -> dict[str, Any]:
        payload["nested"]["k"] = 2
        payload["filesScanned"] = 10
        return payload

    reduce([envelope("legacy", original)], normalisers={"legacy": mutate})
    assert original == {"filesScanned": 1, "nested": {"k": 1}}


def test_registered_normalisers_are_used_when_none_are_given() -> None:
    def add_marker(payload: dict[str, Any]) -> dict[str, Any]:
        return {**payload, "normalised": True}

    register_normaliser("test-agent", add_marker)
    try:
        assert reduce([envelope("test-agent", {})]).result == {"normalised": True}
        assert reduce([envelope("test-agent", {})], normalisers={}).result == {}
    finally:
        unregister_normaliser("test-agent")
    assert reduce([envelope("test-agent", {})]).result == {}


# ---------------------------------------------------------------------------
# Agents, quorum, error log order


def test_agent_statuses_count_envelopes_engines_and_durations() -> None:
    report = reduce(
        [
            envelope("security", {}, shard="1/2", engine="static", durationMs=120.5),
            envelope("security", {}, shard="2/2", engine="llm", durationMs=80),
            failed("performance", engine="static"),
            envelope("dependency", {}),
        ]
    )
    statuses = {a.agent_id: a for a in report.agents}
    assert [a.agent_id for a in report.agents] == ["dependency", "performance", "security"]
    assert statuses["security"].status == "ok"
    assert statuses["security"].envelopes == 2
    assert statuses["security"].engines == ("llm", "static")
    assert statuses["security"].duration_ms == 200.5
    assert statuses["dependency"].duration_ms is None
    assert (statuses["performance"].status, statuses["performance"].failed) == ("error", 1)


def test_quorum_counts_agents_not_envelopes() -> None:
    items = [
        envelope("security", {}, shard="1/3"),
        envelope("security", {}, shard="2/3"),
        failed("security", shard="3/3"),
        envelope("performance", {}),
        envelope("dependency", {}),
        "garbage",
        42,
    ]
    report = reduce(items, quorum=0.5)
    quorum = report.quorum
    assert (quorum.ok_agents, quorum.total_agents) == (2, 4)
    assert quorum.ratio == 0.5
    assert quorum.met is True
    assert reduce(items, quorum=0.51).quorum.met is False
    assert report.partial_failures == 3


def test_a_quorum_that_is_not_a_number_falls_back_to_the_default() -> None:
    report = reduce([envelope("a", {})], quorum=math.nan)
    assert report.quorum.required == reducer.DEFAULT_QUORUM
    assert notes(report, "invalid-quorum")
    strict_json(report)
    assert reduce([envelope("a", {})], quorum=7).quorum.required == 1.0


def test_the_error_log_is_sorted_by_agent_shard_kind_message() -> None:
    report = reduce(
        [
            failed("b", kind="timeout", shard="2/2"),
            failed("b", kind="crash", shard="2/2"),
            failed("b", kind="timeout", shard="1/2"),
            failed("a", kind="z"),
        ]
    )
    assert [(e.agent_id, e.shard, e.kind) for e in report.error_log] == [
        ("a", None, "z"),
        ("b", "1/2", "timeout"),
        ("b", "2/2", "crash"),
        ("b", "2/2", "timeout"),
    ]


# ---------------------------------------------------------------------------
# Never raising


def test_payload_values_that_are_not_json_are_dropped() -> None:
    odd = Envelope(
        agent_id="security",
        status="ok",
        ts=1.0,
        payload={"when": object(), "tags": ("a", "b"), "stats": {1: "x", "ok": 1}, "items": [1, {2}, 3]},
    )
    report = reduce([odd])
    assert report.result == {"items": [1, 3], "stats": {"ok": 1}, "tags": ["a", "b"]}
    assert len(notes(report, "invalid-value")) == 3
    strict_json(report)


def test_a_flood_of_bad_values_is_summarised() -> None:
    report = reduce([envelope("security", {"values": [math.nan] * 500})])
    assert len(notes(report, "invalid-value")) == reducer.NOTES_PER_ENVELOPE
    (summary,) = notes(report, "notes-truncated")
    assert summary.message.startswith(str(500 - reducer.NOTES_PER_ENVELOPE))


def test_a_bug_in_one_envelope_logs_that_envelope(monkeypatch: pytest.MonkeyPatch) -> None:
    real = reducer._validated_issues

    def fragile(value: object, notes: Any) -> list[dict[str, object]]:
        if value == ["boom"]:
            raise RuntimeError("bug")
        return real(value, notes)

    monkeypatch.setattr(reducer, "_validated_issues", fragile)
    report = reduce([envelope("a", {"issues": ["boom"]}), envelope("b", {"issues": [finding(fingerprint="f")]})])
    (entry,) = failures(report)
    assert (entry.agent_id, entry.kind, entry.message) == ("a", "reducer-error", "RuntimeError: bug")
    assert len(report.result["issues"]) == 1
    assert (report.total, report.success, report.partial_failures) == (2, 1, 1)


def test_a_bug_in_one_strategy_logs_that_key(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(strategy: Strategy, numbers: list[float]) -> float:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(reducer, "_combine_numbers", broken)
    report = reduce([envelope("a", {"riskScore": 1, "issues": [], "name": "x"})])
    assert report.result == {"issues": [], "name": "x"}
    (entry,) = notes(report, "merge-failed")
    assert entry.agent_id == REDUCER_AGENT
    assert entry.message.startswith("riskScore: ZeroDivisionError")


def test_a_bug_outside_any_envelope_still_returns_a_report(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Any, accepted: Any) -> dict[str, Any]:
        raise RuntimeError("merge bug")

    monkeypatch.setattr(reducer._Merger, "merge_payloads", broken)
    report = reduce([envelope("a", {}), envelope("b", {})])
    assert report.result == {}
    assert (report.total, report.success, report.partial_failures) == (2, 0, 2)
    assert report.error_log[0].kind == "internal-error"
    assert report.quorum.met is False
    strict_json(report)


def test_the_report_is_strict_json_and_round_trips() -> None:
    report = reduce(
        [
            envelope("security", {"issues": [finding(fingerprint="f")], "riskScore": 8.0, "weird": [math.inf]}),
            failed("performance", raw="\x00binary\udcff"),
            {"agentId": "x"},
        ]
    )
    text = strict_json(report)
    assert Report.model_validate(json.loads(text)) == report


def test_wildcard_rule_sums_every_counter_and_exact_rules_win() -> None:
    from analyzer.reducer import reduce as reduce_envelopes
    from analyzer.rules import DEFAULT_RULES, Strategy

    envelopes = [
        {"agentId": "sec", "status": "ok", "ts": 1.0, "shard": "1/2", "payload": {"stats": {"files": 3, "peak": 7}}},
        {"agentId": "sec", "status": "ok", "ts": 2.0, "shard": "2/2", "payload": {"stats": {"files": 4, "peak": 2}}},
        {"agentId": "sec", "status": "ok", "ts": 3.0, "shard": "3/3", "payload": {"stats": {"nested": {"x": 1}}}},
    ]
    report = reduce_envelopes(envelopes)
    assert report.result["stats"] == {"files": 7, "peak": 9, "nested": {"x": 1}}
    assert report.conflicts == {}
    report = reduce_envelopes(envelopes, DEFAULT_RULES.overridden_by({"stats.peak": Strategy.MAX}))
    assert report.result["stats"] == {"files": 7, "peak": 7, "nested": {"x": 1}}


# ---------------------------------------------------------------------------
# Checks an agent could not perform


def test_declared_incomplete_checks_are_partial_failures_that_keep_the_agents_results() -> None:
    not_checked = {
        "check": "vulnerabilities",
        "ecosystem": "npm",
        "message": "vulnerability check not performed for npm: no local store and the OSV API cannot be reached",
    }
    report = reduce(
        [
            envelope("dependency", {"issues": [finding("dependency", rule="DEP001")], "incomplete": [not_checked]}),
            envelope("security", {"issues": []}),
        ]
    )
    assert [f.rule_id for f in report.findings()] == ["DEP001"]
    assert report.partial_failures == 1
    assert [(e.agent_id, e.kind, e.message) for e in failures(report)] == [
        ("dependency", "incomplete", not_checked["message"])
    ]
    assert report.result["incomplete"] == [not_checked]
    statuses = {a.agent_id: (a.status, a.failed) for a in report.agents}
    assert statuses == {"dependency": ("incomplete", 0), "security": ("ok", 0)}
    assert report.incomplete_agents() == ["dependency"] and report.failed_agents() == ["dependency"]
    assert (report.quorum.ok_agents, report.quorum.total_agents) == (1, 2)


def test_an_incomplete_entry_without_a_message_is_still_a_partial_failure() -> None:
    report = reduce([envelope("dependency", {"incomplete": [{"check": "vulnerabilities"}, "no data"]})])
    assert report.partial_failures == 2
    assert all("without a message" in e.message for e in failures(report))
    assert report.agents[0].status == "incomplete"


def test_an_agent_with_an_error_envelope_is_failed_even_if_another_shard_is_incomplete() -> None:
    report = reduce([envelope("dependency", {"incomplete": [{"message": "x"}]}, shard="1/2"), failed("dependency")])
    assert report.agents[0].status == "error"
    assert report.incomplete_agents() == []
