"""Properties of the reducer over arbitrary, often malformed, envelope lists."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.envelope import Envelope
from analyzer.findings import ModelError
from analyzer.reducer import reduce
from analyzer.report.model import Report

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

AGENTS = ["security", "performance", "dependency", "custom"]
HUGE_NUMBERS = [10**400, -(10**400), 2**63, 1e308, -1e308, 5e-324]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HUGE_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)
numbers_or_junk = st.one_of(
    st.integers(min_value=-1000, max_value=1000),
    st.floats(min_value=-100, max_value=100),
    st.sampled_from(HUGE_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    json_values,
)


def finding_dicts(*, fingerprint_required: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    fingerprints = st.sampled_from(["fp-a", "fp-b", "fp-c", "fp-d"])
    optional: dict[str, st.SearchStrategy[Any]] = {"snippet": st.sampled_from(["eval(x)", "os.system(c)"])}
    if not fingerprint_required:
        optional["fingerprint"] = fingerprints
    return st.fixed_dictionaries(
        {
            "ruleId": st.sampled_from(["SEC001", "PERF002", "DEP003"]),
            "agentId": st.sampled_from(AGENTS),
            "engine": st.sampled_from(["static", "llm"]),
            "message": st.sampled_from(["tainted input", "quadratic loop"]),
            "severity": st.sampled_from(["critical", "high", "medium", "low", "info"]),
            "confidence": st.sampled_from(["high", "medium", "low"]),
            "location": st.fixed_dictionaries(
                {"path": st.sampled_from(["a.py", "b/c.py"]), "line": st.integers(1, 5)},
                optional={"column": st.integers(1, 3)},
            ),
            **({"fingerprint": fingerprints} if fingerprint_required else {}),
        },
        optional=optional,
    )


@st.composite
def broken_findings(draw: st.DrawFn) -> Any:
    """A finding with one field replaced by a random value or removed."""
    item = dict(draw(finding_dicts()))
    key = draw(st.sampled_from(sorted(item)))
    if draw(st.booleans()):
        del item[key]
    else:
        item[key] = draw(json_values)
    return item


issue_items = st.one_of(finding_dicts(), broken_findings(), json_values)

payloads = st.fixed_dictionaries(
    {},
    optional={
        "issues": st.lists(issue_items, max_size=4) | json_values,
        "riskScore": numbers_or_junk,
        "checkedAt": numbers_or_junk,
        "filesScanned": numbers_or_junk,
        "skipped": st.lists(
            st.fixed_dictionaries({"path": st.sampled_from(["x.py", "y.bin"]), "reason": st.just("binary")})
            | json_values,
            max_size=3,
        ),
        "stats": st.dictionaries(st.sampled_from(["files", "lines"]), numbers_or_junk, max_size=2),
        "mode": st.sampled_from(["fast", "deep"]) | json_values,
        "extra": json_values,
    },
)

common_fields = {
    "agentId": st.sampled_from(AGENTS),
    "ts": st.sampled_from([0.0, 1.0, 2.5, -3.0]) | st.floats(allow_nan=False, allow_infinity=False),
}
optional_fields = {
    "shard": st.sampled_from(["1/2", "2/2"]),
    "engine": st.sampled_from(["static", "llm"]),
    "durationMs": st.floats(min_value=0, max_value=1e300) | st.just(float("inf")),
}
ok_envelopes = st.fixed_dictionaries(
    {**common_fields, "status": st.just("ok"), "payload": payloads},
    optional=optional_fields,
)
error_envelopes = st.fixed_dictionaries(
    {
        **common_fields,
        "status": st.just("error"),
        "error": st.fixed_dictionaries(
            {"kind": st.sampled_from(["timeout", "crash"]), "message": st.text(max_size=10)}
        ),
    },
    optional={**optional_fields, "raw": st.text(max_size=20)},
)


@st.composite
def mangled_envelopes(draw: st.DrawFn) -> Any:
    """A valid-looking envelope with one field removed, retyped, nulled or an unknown field added."""
    item = dict(draw(ok_envelopes | error_envelopes))
    how = draw(st.sampled_from(["remove", "retype", "null-payload", "extra"]))
    if how == "remove":
        del item[draw(st.sampled_from(sorted(item)))]
    elif how == "retype":
        item[draw(st.sampled_from(sorted(item)))] = draw(json_values)
    elif how == "null-payload":
        item["payload"] = None
    else:
        item["unexpected"] = draw(json_values)
    return item


items = st.one_of(
    ok_envelopes,
    ok_envelopes.map(Envelope.model_validate),
    error_envelopes,
    mangled_envelopes(),
    json_values,
)
item_lists = st.lists(items, max_size=8)


def is_failure(item: object) -> bool:
    """Oracle: an input the reducer must count as a partial failure."""
    if isinstance(item, Envelope):
        return item.status == "error"
    try:
        return Envelope.model_validate(item).status == "error"
    except ModelError:
        return True


def as_json(report: Report) -> str:
    return json.dumps(report.to_json_dict(), allow_nan=False)


@FAST
@given(item_lists)
def test_any_input_gives_a_strict_json_report_with_honest_counts(inputs: list[object]) -> None:
    report = reduce(inputs)
    assert isinstance(report, Report)
    as_json(report)
    expected_failures = sum(1 for item in inputs if is_failure(item))
    assert report.partial_failures == expected_failures
    assert report.partial_failures == sum(1 for entry in report.error_log if entry.partial_failure)
    assert report.total == len(inputs)
    assert report.success + report.partial_failures == report.total
    assert sum(agent.envelopes for agent in report.agents) == report.total
    assert report.quorum.total_agents == len(report.agents)
    assert all(entry.kind != "reducer-error" for entry in report.error_log)


@FAST
@given(st.data())
def test_the_report_does_not_depend_on_input_order(data: st.DataObject) -> None:
    inputs = data.draw(item_lists)
    shuffled = data.draw(st.permutations(inputs))
    assert as_json(reduce(shuffled)) == as_json(reduce(inputs))


@FAST
@given(item_lists)
def test_sending_every_envelope_twice_does_not_change_the_issues(inputs: list[object]) -> None:
    once = reduce(inputs).result.get("issues")
    twice = reduce([*inputs, *copy.deepcopy(inputs)]).result.get("issues")
    assert twice == once


@FAST
@given(st.lists(st.tuples(st.sampled_from(AGENTS), st.lists(finding_dicts(fingerprint_required=True), max_size=5))))
def test_union_of_fingerprinted_issues_is_idempotent(senders: list[tuple[str, list[dict[str, Any]]]]) -> None:
    def envelopes(repeat: int) -> list[dict[str, Any]]:
        return [
            {"agentId": agent, "status": "ok", "ts": 1.0, "payload": {"issues": issues * repeat}}
            for agent, issues in senders
        ]

    once = reduce(envelopes(1)).result.get("issues")
    twice = reduce(envelopes(2)).result.get("issues")
    assert twice == once
    if once is not None:
        fingerprints = [issue["fingerprint"] for issue in once]
        assert len(fingerprints) == len(set(fingerprints))
        keys = [
            (i["location"]["path"], i["location"]["line"], i["location"]["column"], i["ruleId"], i["fingerprint"])
            for i in once
        ]
        assert keys == sorted(keys)
