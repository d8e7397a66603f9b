"""The JSON models: their camelCase form, strict validation and located errors."""

from __future__ import annotations

import math
from typing import Any

import pytest

from analyzer.envelope import RAW_OUTPUT_LIMIT, Envelope, error_envelope
from analyzer.findings import Confidence, Finding, Location, ModelError, Severity
from analyzer.report.model import Report


def finding_json(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ruleId": "SEC001",
        "agentId": "security",
        "message": "eval of user input",
        "severity": "high",
        "confidence": "medium",
        "cwe": [95],
        "location": {"path": "app.py", "line": 3, "column": 5, "endLine": 3, "endColumn": 20},
    }
    data.update(changes)
    return data


def errors_of(model: type[Finding | Envelope | Report], data: object) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ModelError) as caught:
        model.model_validate(data)
    return [(error["loc"], error["type"]) for error in caught.value.errors()]


def test_the_json_form_is_camel_case_without_nulls_and_reads_back_equal() -> None:
    finding = Finding.model_validate(finding_json(properties={"fixedIn": ["2.0"], "note": None}))
    assert finding.severity is Severity.HIGH
    assert finding.confidence is Confidence.MEDIUM
    assert finding.cwe == (95,)
    assert finding.location == Location(path="app.py", line=3, column=5, end_line=3, end_column=20)
    data = finding.to_json_dict()
    assert data == {
        **finding_json(),
        "engine": "static",
        "fingerprint": "",
        "properties": {"fixedIn": ["2.0"], "note": None},
    }
    assert "snippet" not in data
    assert Finding.model_validate(data) == finding


def test_field_names_are_accepted_too_but_not_both_spellings_of_one_field() -> None:
    snake = {**finding_json(), "rule_id": "SEC002"}
    del snake["ruleId"]
    assert Finding.model_validate(snake).rule_id == "SEC002"
    assert errors_of(Finding, {**finding_json(), "rule_id": "SEC002"}) == [(("rule_id",), "extra_forbidden")]


def test_every_problem_is_listed_with_where_it_is() -> None:
    data = finding_json(severity="severe", cwe=[79, "89"], location={"path": "", "line": 0}, extra=1)
    assert errors_of(Finding, data) == [
        (("severity",), "enum"),
        (("cwe", 1), "int_type"),
        (("location", "path"), "string_too_short"),
        (("location", "line"), "greater_than_equal"),
        (("extra",), "extra_forbidden"),
    ]
    with pytest.raises(ModelError) as caught:
        Finding.model_validate(data)
    error = caught.value.errors()[0]
    assert error == {
        "loc": ("severity",),
        "msg": "must be one of critical, high, medium, low, info",
        "type": "enum",
        "input": "severe",
    }
    # The message names the first three problems and counts the rest, never the input values.
    assert str(caught.value) == (
        "severity: must be one of critical, high, medium, low, info; cwe.1: must be an integer; "
        "location.path: must not be empty; and 2 more errors"
    )
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"location": {"path": "a.py", "line": True}}, ("location", "line")),
        ({"location": {"path": "a.py", "line": "3"}}, ("location", "line")),
        ({"location": {"path": "a.py", "line": 3.0}}, ("location", "line")),
        ({"cwe": "79"}, ("cwe",)),
        ({"properties": []}, ("properties",)),
        ({"properties": {1: "x"}}, ("properties",)),
        ({"severity": "HIGH"}, ("severity",)),
        ({"message": None}, ("message",)),
    ],
)
def test_values_must_already_have_their_json_type(changes: dict[str, Any], where: tuple[str, ...]) -> None:
    assert [loc for loc, _ in errors_of(Finding, finding_json(**changes))] == [where]


def test_envelope_checks() -> None:
    base = {"agentId": "security", "status": "ok", "ts": 1}
    envelope = Envelope.model_validate(base)
    assert envelope.ts == 1.0 and isinstance(envelope.ts, float)
    assert envelope.payload == {}
    assert errors_of(Envelope, {**base, "payload": None}) == [(("payload",), "dict_type")]
    assert errors_of(Envelope, {**base, "ts": math.inf}) == [(("ts",), "finite_number")]
    assert errors_of(Envelope, {**base, "ts": 10**400}) == [(("ts",), "float_type")]
    assert errors_of(Envelope, {**base, "durationMs": -1}) == [(("durationMs",), "greater_than_equal")]
    assert errors_of(Envelope, {**base, "status": "done"}) == [(("status",), "enum")]
    assert errors_of(Envelope, {"status": "ok"}) == [(("agentId",), "missing"), (("ts",), "missing")]
    assert errors_of(Envelope, [base]) == [((), "model_type")]


def test_constructors_check_too_and_model_copy_does_not() -> None:
    with pytest.raises(ModelError, match="line: must be at least 1"):
        Location(path="a.py", line=0)
    cut = error_envelope("security", "crash", "worker died", ts=1.0, raw="x" * (RAW_OUTPUT_LIMIT * 2))
    assert cut.raw is not None and cut.raw.endswith(f"[{RAW_OUTPUT_LIMIT} more characters cut]")
    # A copy keeps what it is given: the raw text is not cut a second time.
    assert cut.model_copy(update={"shard": "1/2"}).raw == cut.raw
    report = Report().model_copy(update={"result": {"ratio": math.nan}})
    assert report.to_json_dict()["result"] == {"ratio": None}
    with pytest.raises(TypeError, match="no field"):
        report.model_copy(update={"resultt": {}})


def test_nested_models_and_tuples_read_from_the_json_form() -> None:
    data = Report().to_json_dict()
    data["errorLog"] = [{"agentId": "security", "kind": "timeout", "message": "slow"}]
    data["conflicts"] = {"stats.x": [{"agentId": "security", "value": [1, 2]}]}
    report = Report.model_validate(data)
    assert report.error_log[0].partial_failure is True
    assert report.conflicts["stats.x"][0].value == [1, 2]
    assert report.to_json_dict() == {**data, "errorLog": [{**data["errorLog"][0], "partialFailure": True}]}
    assert errors_of(Report, {"errorLog": [{"agentId": "x"}]}) == [
        (("errorLog", 0, "kind"), "missing"),
        (("errorLog", 0, "message"), "missing"),
    ]
