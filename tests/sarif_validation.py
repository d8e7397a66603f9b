"""Checks a SARIF log three ways, for any test that writes SARIF.

- `schema_errors`: the official SARIF 2.1.0 JSON schema (draft-04, kept in ../shared beside the repo).
- `multitool_problems`: Microsoft's SARIF Multitool with the SARIF and GitHub rule sets.
- `github_profile_problems`: what GitHub code scanning needs beyond the schema, as plain checks.
"""

from __future__ import annotations

import functools
import json
import math
import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs among the dev dependencies

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "shared" / "sarif-schema-2.1.0.json"
MULTITOOL_DIR_VARIABLE = "GATHERSCAN_SARIF_MULTITOOL_DIR"
REQUIRE_MULTITOOL_VARIABLE = "GATHERSCAN_REQUIRE_MULTITOOL"
_DEFAULT_MULTITOOL_DIR = Path.home() / ".cache" / "gatherscan-ci" / "sarif-multitool"
_MULTITOOL_RELATIVE = Path("node_modules") / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
_MULTITOOL_TIMEOUT_SECONDS = 300


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def schema_errors(log: Mapping[str, Any]) -> list[str]:
    """Every violation of the official schema, as "path: message"; empty when the log is valid."""
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]


def multitool_binary() -> Path | None:
    directory = Path(os.environ.get(MULTITOOL_DIR_VARIABLE) or _DEFAULT_MULTITOOL_DIR)
    binary = directory / _MULTITOOL_RELATIVE
    return binary if binary.is_file() and os.access(binary, os.X_OK) else None


def multitool_required() -> bool:
    return os.environ.get(REQUIRE_MULTITOOL_VARIABLE) == "1"


def multitool_problems(path: Path) -> list[str]:
    """Errors and warnings of `Sarif.Multitool validate --rule-kind "Sarif;Ghas"` on the file at `path`.

    Notes (advice such as "provide a helpUri") are not problems. Raises FileNotFoundError when the
    binary is not installed; callers decide whether that skips or fails.
    """
    binary = multitool_binary()
    if binary is None:
        searched = f"${MULTITOOL_DIR_VARIABLE} or {_DEFAULT_MULTITOOL_DIR}"
        raise FileNotFoundError(f"SARIF Multitool not found under {searched}")
    with tempfile.TemporaryDirectory(prefix="gatherscan-multitool-") as scratch:
        output = Path(scratch) / "validation.sarif"
        # gatherscan: ignore[SEC002] the developer's own environment names the Multitool binary to run
        completed = subprocess.run(
            [
                str(binary),
                "validate",
                str(path),
                "--rule-kind",
                "Sarif;Ghas",
                "--output",
                str(output),
                "--log",
                "ForceOverwrite",
            ],
            capture_output=True,
            text=True,
            timeout=_MULTITOOL_TIMEOUT_SECONDS,
            check=False,
        )
        if not output.is_file():
            return [f"Multitool wrote no output (exit {completed.returncode}): {completed.stdout}{completed.stderr}"]
        validation = json.loads(output.read_text(encoding="utf-8-sig"))
    problems = _validation_problems(validation)
    if completed.returncode != 0 and not problems:
        problems.append(f"Multitool exited {completed.returncode}: {completed.stdout}{completed.stderr}")
    return problems


def _validation_problems(validation: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    for run in validation.get("runs", []):
        rules = run.get("tool", {}).get("driver", {}).get("rules", [])
        for result in run.get("results", []):
            if result.get("kind", "fail") != "fail":
                continue
            rule = _rule_of(result, rules)
            level = result.get("level") or rule.get("defaultConfiguration", {}).get("level") or "warning"
            if level in ("error", "warning"):
                problems.append(f"{level} {result.get('ruleId')}: {_message_text(result['message'], rule)}")
        for invocation in run.get("invocations", []):
            notifications = invocation.get("toolExecutionNotifications", []) + invocation.get(
                "toolConfigurationNotifications", []
            )
            problems.extend(
                f"tool notification: {notification.get('message', {}).get('text')}"
                for notification in notifications
                if notification.get("level", "warning") in ("error", "warning")
            )
    return problems


def _rule_of(result: Mapping[str, Any], rules: list[dict[str, Any]]) -> dict[str, Any]:
    index = result.get("ruleIndex")
    if isinstance(index, int) and 0 <= index < len(rules):
        return rules[index]
    return next((r for r in rules if r.get("id") == result.get("ruleId")), {})


def _message_text(message: Mapping[str, Any], rule: Mapping[str, Any]) -> str:
    if "text" in message:
        return str(message["text"])
    template = rule.get("messageStrings", {}).get(message.get("id"), {}).get("text", str(message.get("id")))
    for position, argument in enumerate(message.get("arguments", [])):
        template = template.replace("{" + str(position) + "}", str(argument))
    return str(template)


def github_profile_problems(log: Mapping[str, Any]) -> list[str]:
    """What GitHub code scanning needs that the schema does not check (research/sarif.md §11, test plan 3)."""
    problems: list[str] = []
    if not str(log.get("$schema", "")).endswith("2.1.0.json"):
        problems.append("$schema must name SARIF 2.1.0")
    runs = log.get("runs", [])
    if len(runs) > 20:
        problems.append(f"{len(runs)} runs, GitHub accepts at most 20")
    categories = [run.get("automationDetails", {}).get("id") for run in runs]
    if len(set(categories)) != len(categories):
        problems.append(f"automationDetails.id not unique per run: {categories}")
    for run_number, run in enumerate(runs):
        where = f"runs[{run_number}]"
        rules = run.get("tool", {}).get("driver", {}).get("rules")
        if not isinstance(rules, list):
            problems.append(f"{where}: tool.driver.rules missing")
            rules = []
        if not isinstance(run.get("results"), list):
            problems.append(f"{where}: results array missing")
        if not run.get("columnKind"):
            problems.append(f"{where}: columnKind missing")
        problems.extend(_rule_problems(where, rules))
        results = run.get("results") or []
        if len(results) > 25_000:
            problems.append(f"{where}: {len(results)} results, GitHub accepts at most 25,000")
        for result_number, result in enumerate(results):
            problems.extend(_result_problems(f"{where}.results[{result_number}]", result, rules))
    return problems


def _rule_problems(where: str, rules: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    for index, rule in enumerate(rules):
        at = f"{where}.rules[{index}] ({rule.get('id')})"
        problems.extend(
            f"{at}: {key}.text empty"
            for key in ("shortDescription", "fullDescription", "help")
            if not rule.get(key, {}).get("text")
        )
        if rule.get("name") == rule.get("id"):
            problems.append(f"{at}: name equals id")
        properties = rule.get("properties", {})
        tags = properties.get("tags", [])
        if len(tags) > 10 or len(set(tags)) != len(tags):
            problems.append(f"{at}: tags must be unique and at most 10: {tags}")
        if "security-severity" in properties:
            try:
                score = float(properties["security-severity"])
            except (TypeError, ValueError):
                score = math.nan
            if not isinstance(properties["security-severity"], str) or not 0 < score <= 10:
                problems.append(f"{at}: security-severity must be a string number in (0, 10]")
    return problems


def _result_problems(where: str, result: Mapping[str, Any], rules: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    index = result.get("ruleIndex")
    if not isinstance(index, int) or not 0 <= index < len(rules) or rules[index].get("id") != result.get("ruleId"):
        problems.append(f"{where}: ruleIndex {index} does not point at rule {result.get('ruleId')}")
    if not result.get("message", {}).get("text"):
        problems.append(f"{where}: message.text empty")
    locations = result.get("locations") or []
    if not locations:
        problems.append(f"{where}: no location")
    for location in locations:
        physical = location.get("physicalLocation", {})
        uri = physical.get("artifactLocation", {}).get("uri", "")
        if not uri or ":" in uri.split("/")[0] or uri.startswith("/") or ".." in uri.split("/"):
            problems.append(f"{where}: uri {uri!r} is not a clean relative path")
        if physical.get("region", {}).get("startLine", 0) < 1:
            problems.append(f"{where}: region.startLine missing")
    if "primaryLocationLineHash" in result.get("partialFingerprints", {}):
        problems.append(f"{where}: primaryLocationLineHash must not be set by us")
    return problems
