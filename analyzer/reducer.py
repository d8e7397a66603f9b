"""The reduce stage: a pure merge of agent envelopes into one Report, driven by per-key rules.

Contract:
- `reduce` never raises and does no I/O. Every input item is either merged or logged: an
  invalid item (not an Envelope, a dict that fails Envelope validation, an unreadable input
  file) and an `error` envelope each become an ErrorEntry that counts in `partialFailures`, as
  does an ok envelope whose normaliser failed, and each entry of an ok payload's `incomplete`
  list (a check the agent could not perform, e.g. no vulnerability data). Values the merge had to drop (a NaN, a finding
  that is not a Finding, a string where `sum` wants a number) are logged as notes that do not
  count as failures.
- Ok payloads are merged key by key along dotted paths. A key with a rule is merged by its
  strategy; a key without one is kept when every agent sent the same value, merged key by key
  when every value is an object, and otherwise left out of `result` and listed in `conflicts`.
  Nothing is silently overwritten.
- The Report depends only on the multiset of inputs, never on their order: envelopes are merged
  in (ts, agentId, shard, canonical payload) order and every list the Report holds is sorted.
- `result` is strict JSON: no NaN or infinity, no non-JSON types. Payload objects are copied with
  sorted keys (findings keep the Finding field order), so equal inputs serialise identically.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from analyzer.envelope import Envelope, truncate_raw
from analyzer.findings import Finding, ModelError, with_fingerprints
from analyzer.report.model import INCOMPLETE_KIND, AgentStatus, ConflictValue, ErrorEntry, Quorum, Report
from analyzer.rules import DEFAULT_RULES, MergeRules, Strategy, json_type_name, rule_for

Normaliser = Callable[[dict[str, Any]], dict[str, Any]]
"""Rewrites one agent's ok payload (a JSON-safe copy) before the generic rules merge it."""

UNKNOWN_AGENT: Final = "<unknown>"
"""Agent id of an invalid input that names no agent."""

REDUCER_AGENT: Final = "<reducer>"
"""Agent id of notes about the merge itself (a key whose merge failed or overflowed)."""

DEFAULT_QUORUM: Final = 0.5

INCOMPLETE_KEY: Final = "incomplete"
"""Payload key where an agent lists checks it could not perform: [{"check", "message", ...}]."""

NOTES_PER_ENVELOPE: Final = 20
"""Notes kept about one envelope's dropped values; a garbage payload must not flood the log."""

_NORMALISERS: dict[str, Normaliser] = {}


def register_normaliser(agent_id: str, normaliser: Normaliser) -> None:
    """Run `normaliser` on every ok payload of `agent_id` when `reduce` is given no normalisers."""
    _NORMALISERS[agent_id] = normaliser


def unregister_normaliser(agent_id: str) -> None:
    _NORMALISERS.pop(agent_id, None)


@dataclass(frozen=True)
class UnreadableInput:
    """Stands in for envelopes that could not even be read (an unreadable or non-JSON file)."""

    source: str
    message: str


def unreadable_input(source: str, message: str) -> UnreadableInput:
    """An input item that `reduce` logs as one failed envelope of an unknown agent."""
    return UnreadableInput(source, message)


def reduce(
    envelopes: Iterable[object],
    rules: Mapping[str, Strategy] | None = None,
    *,
    quorum: float = DEFAULT_QUORUM,
    normalisers: Mapping[str, Normaliser] | None = None,
) -> Report:
    """Merge `envelopes` (Envelope objects or their camelCase JSON dicts) by `rules` into a Report.

    `rules` defaults to DEFAULT_RULES; `normalisers` to the ones registered with
    `register_normaliser`. `quorum` is the share of agents that must succeed.
    """
    reduction = _Reduction(
        dict(_NORMALISERS) if normalisers is None else dict(normalisers),
    )
    try:
        return reduction.run(envelopes, DEFAULT_RULES if rules is None else rules, quorum)
    except Exception as exc:  # noqa: BLE001 - last resort: the reducer must hand back a Report
        return reduction.failed_report(exc)


# ---------------------------------------------------------------------------
# Canonical JSON and JSON-safe copies


class _Dropped:
    """Marks a value that is not JSON and was left out of the JSON-safe copy."""


_DROPPED: Final = _Dropped()

# Python refuses to print ints longer than this many digits (sys.get_int_max_str_digits);
# below it every int can be written as JSON, so only longer ones need the slow check.
_CHEAP_INT_BITS: Final = 4000 * 3


def canonical_json(value: object) -> str:
    """One string per JSON value: the identity used for equality, de-duplication and ordering."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


class _Notes:
    """Notes about one envelope's dropped values, bounded by NOTES_PER_ENVELOPE."""

    def __init__(self, agent_id: str, shard: str | None) -> None:
        self.agent_id = agent_id
        self.shard = shard
        self._entries: list[ErrorEntry] = []
        self._left_out = 0

    def add(self, kind: str, message: str) -> None:
        if len(self._entries) >= NOTES_PER_ENVELOPE:
            self._left_out += 1
            return
        self._entries.append(
            ErrorEntry(agent_id=self.agent_id, shard=self.shard, kind=kind, message=message, partial_failure=False)
        )

    def entries(self) -> list[ErrorEntry]:
        if not self._left_out:
            return list(self._entries)
        summary = ErrorEntry(
            agent_id=self.agent_id,
            shard=self.shard,
            kind="notes-truncated",
            message=f"{self._left_out} more notes about this envelope left out",
            partial_failure=False,
        )
        return [*self._entries, summary]


def _json_safe(value: object, path: str, notes: _Notes) -> Any:
    """A copy of `value` made of dict (sorted str keys), list, str, finite float, int, bool, None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        number = int(value)
        if number.bit_length() > _CHEAP_INT_BITS and not _int_is_printable(number):
            notes.add("invalid-value", f"{path}: integer too long to write as JSON; left out")
            return _DROPPED
        return number
    if isinstance(value, float):
        real = float(value)
        if not math.isfinite(real):
            notes.add("invalid-value", f"{path}: non-finite number {real!r} left out")
            return _DROPPED
        return real
    if isinstance(value, Mapping):
        return _json_safe_mapping(value, path, notes)
    if isinstance(value, (list, tuple)):
        items = []
        for index, item in enumerate(value):
            safe = _json_safe(item, f"{path}[{index}]", notes)
            if safe is not _DROPPED:
                items.append(safe)
        return items
    notes.add("invalid-value", f"{path}: {type(value).__name__} is not a JSON value; left out")
    return _DROPPED


def _json_safe_mapping(mapping: Mapping[Any, Any], path: str, notes: _Notes) -> dict[str, Any]:
    safe: dict[str, Any] = {}
    for key in sorted((k for k in mapping if isinstance(k, str)), key=str):
        item = _json_safe(mapping[key], f"{path}.{key}" if path else key, notes)
        if item is not _DROPPED:
            safe[str(key)] = item
    for key in mapping:
        if not isinstance(key, str):
            notes.add("invalid-value", f"{path or 'payload'}: non-string key {_bounded_repr(key, 80)} left out")
    return safe


def _int_is_printable(number: int) -> bool:
    try:
        str(number)
    except ValueError:
        return False
    return True


def _is_strict_json(value: object) -> bool:
    try:
        canonical_json(value)
    except (ValueError, TypeError, RecursionError):
        return False
    return True


def _bounded_repr(item: object, limit: int | None = None) -> str:
    """The item as JSON when it is JSON-like, else its repr; cut to the raw-output bound."""
    try:
        text = json.dumps(item, sort_keys=True, ensure_ascii=False, default=repr)
    except (ValueError, TypeError, RecursionError):
        try:
            text = repr(item)
        except Exception:  # noqa: BLE001 - a broken __repr__ must not break the reducer
            text = f"<unprintable {type(item).__name__}>"
    return truncate_raw(text) if limit is None else truncate_raw(text, limit)


# ---------------------------------------------------------------------------
# Taking in the inputs


@dataclass
class _AgentTally:
    envelopes: int = 0
    failed: int = 0
    # Checks an agent declared it could not perform (payload "incomplete"): its results are partial.
    incomplete: int = 0
    engines: set[str] = field(default_factory=set)
    durations: list[float] = field(default_factory=list)

    def total_duration(self) -> float | None:
        if not self.durations:
            return None
        try:
            total = math.fsum(self.durations)
        except OverflowError:
            return None
        return total if math.isfinite(total) else None


@dataclass(frozen=True)
class _Accepted:
    """An ok envelope whose payload is JSON-safe, normalised and has validated issues."""

    envelope: Envelope
    payload: dict[str, Any]
    canonical_payload: str

    def merge_order(self) -> tuple[float, str, str, str]:
        env = self.envelope
        return (env.ts, env.agent_id, env.shard or "", self.canonical_payload)


class _NormaliserFailed(Exception):
    pass


def _claimed_agent_id(item: object) -> str:
    """The agent an input says it comes from, so an invalid envelope is logged against it."""
    if isinstance(item, Envelope):
        return item.agent_id
    if isinstance(item, dict):
        for key in ("agentId", "agent_id"):
            claimed = item.get(key)
            if isinstance(claimed, str) and claimed:
                return claimed
    return UNKNOWN_AGENT


def _claimed_shard(item: object) -> str | None:
    if isinstance(item, Envelope):
        return item.shard
    if isinstance(item, dict):
        shard = item.get("shard")
        if isinstance(shard, str):
            return shard
    return None


def _iterate(items: Iterable[object]) -> Iterator[object]:
    """The items, then an UnreadableInput if the iterable itself fails part-way."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - a failing source is one more failed input
        yield UnreadableInput("<input>", f"reading the envelopes failed: {type(exc).__name__}: {exc}")


class _Reduction:
    def __init__(self, normalisers: Mapping[str, Normaliser]) -> None:
        self.normalisers = normalisers
        self.total = 0
        self.error_log: list[ErrorEntry] = []
        self.tallies: dict[str, _AgentTally] = {}
        self.accepted: list[_Accepted] = []

    def run(self, items: Iterable[object], rules: Mapping[str, Strategy], quorum: float) -> Report:
        for item in _iterate(items):
            self.total += 1
            try:
                self._take(item)
            except Exception as exc:  # noqa: BLE001 - a bug on one envelope must not lose the others
                self._fail(_claimed_agent_id(item), _claimed_shard(item), "reducer-error", _exception_text(exc))
        merger = _Merger(self._checked_rules(rules), self.error_log)
        result = merger.merge_payloads(sorted(self.accepted, key=_Accepted.merge_order))
        checked_quorum = self._quorum(quorum)
        return Report(
            result=result,
            total=self.total,
            success=len(self.accepted),
            partial_failures=sum(1 for entry in self.error_log if entry.partial_failure),
            error_log=tuple(sorted(self.error_log, key=_log_order)),
            conflicts=dict(sorted(merger.conflicts.items())),
            provenance=dict(sorted(merger.provenance.items())),
            quorum=checked_quorum,
            agents=self._agent_statuses(),
        )

    def failed_report(self, exc: Exception) -> Report:
        entry = ErrorEntry(agent_id=REDUCER_AGENT, kind="internal-error", message=_exception_text(exc))
        total = max(self.total, 1)
        return Report(
            total=total,
            success=0,
            partial_failures=total,
            error_log=(entry,),
            quorum=Quorum(required=DEFAULT_QUORUM, ok_agents=0, total_agents=0, ratio=0.0, met=False),
        )

    def _take(self, item: object) -> None:
        if isinstance(item, UnreadableInput):
            self._fail(UNKNOWN_AGENT, None, "unreadable-input", item.message)
            return
        if isinstance(item, Envelope):
            envelope = item
        else:
            try:
                envelope = Envelope.model_validate(item)
            except ModelError as exc:
                self._fail(
                    _claimed_agent_id(item),
                    _claimed_shard(item),
                    "invalid-envelope",
                    str(exc),
                    raw=_bounded_repr(item),
                )
                return
        if envelope.status == "error":
            error = envelope.error
            kind = error.kind if error is not None else "error"
            message = error.message if error is not None else "the agent reported an error without details"
            self._fail(envelope.agent_id, envelope.shard, kind, message, raw=envelope.raw, envelope=envelope)
            return
        notes = _Notes(envelope.agent_id, envelope.shard)
        try:
            accepted = self._prepare(envelope, notes)
        except _NormaliserFailed as exc:
            self._fail(envelope.agent_id, envelope.shard, "normaliser-failed", str(exc), envelope=envelope)
            return
        self.accepted.append(accepted)
        self.error_log.extend(notes.entries())
        self._count(envelope.agent_id, envelope, failed=False)
        self._take_incomplete(envelope, accepted.payload.get(INCOMPLETE_KEY))

    def _take_incomplete(self, envelope: Envelope, declared: object) -> None:
        """Each check the agent says it could not perform is a partial failure of that agent."""
        if declared is None:
            return
        entries = declared if isinstance(declared, list) else [declared]
        for entry in entries:
            message = entry.get("message") if isinstance(entry, dict) else None
            if not isinstance(message, str) or not message:
                message = f"the agent declared an incomplete result without a message: {_bounded_repr(entry, 200)}"
            self.error_log.append(
                ErrorEntry(agent_id=envelope.agent_id, shard=envelope.shard, kind=INCOMPLETE_KIND, message=message)
            )
            self.tallies[envelope.agent_id].incomplete += 1

    def _prepare(self, envelope: Envelope, notes: _Notes) -> _Accepted:
        payload = _json_safe_mapping(envelope.payload, "", notes)
        normaliser = self.normalisers.get(envelope.agent_id)
        if normaliser is not None:
            try:
                normalised: object = normaliser(payload)
            except Exception as exc:  # noqa: BLE001 - agent-specific code; its failure is that agent's
                raise _NormaliserFailed(_exception_text(exc)) from None
            if not isinstance(normalised, Mapping):
                raise _NormaliserFailed(f"the normaliser returned {json_type_name(normalised)}, expected an object")
            payload = _json_safe_mapping(normalised, "", notes)
        if "issues" in payload:
            payload["issues"] = _validated_issues(payload["issues"], notes)
        return _Accepted(envelope, payload, canonical_json(payload))

    def _fail(
        self,
        agent_id: str,
        shard: str | None,
        kind: str,
        message: str,
        *,
        raw: str | None = None,
        envelope: Envelope | None = None,
    ) -> None:
        self.error_log.append(ErrorEntry(agent_id=agent_id, shard=shard, kind=kind, message=message, raw=raw))
        self._count(agent_id, envelope, failed=True)

    def _count(self, agent_id: str, envelope: Envelope | None, *, failed: bool) -> None:
        tally = self.tallies.setdefault(agent_id, _AgentTally())
        tally.envelopes += 1
        tally.failed += int(failed)
        if envelope is None:
            return
        if envelope.engine:
            tally.engines.add(envelope.engine)
        duration = envelope.duration_ms
        if duration is not None and math.isfinite(duration):
            tally.durations.append(duration)

    def _checked_rules(self, rules: Mapping[str, Strategy]) -> dict[str, Strategy]:
        """The rules as Strategy values; a plain dict of names is accepted, a bad name is logged."""
        if isinstance(rules, MergeRules):
            return dict(rules)
        if not isinstance(rules, Mapping):
            self._note_rules(
                f"rules must be a mapping of key path to strategy, not {json_type_name(rules)}; using defaults"
            )
            return dict(DEFAULT_RULES)
        checked: dict[str, Strategy] = {}
        for path, named in rules.items():
            strategy = _strategy_or_reason(named)
            if isinstance(strategy, Strategy):
                checked[str(path)] = strategy
            else:
                self._note_rules(f"{path}: {strategy}; the key is merged as if it had no rule")
        return checked

    def _note_rules(self, message: str) -> None:
        self.error_log.append(
            ErrorEntry(agent_id=REDUCER_AGENT, kind="invalid-rule", message=message, partial_failure=False)
        )

    def _agent_statuses(self) -> tuple[AgentStatus, ...]:
        return tuple(
            AgentStatus(
                agent_id=agent_id,
                status="error" if tally.failed else "incomplete" if tally.incomplete else "ok",
                envelopes=tally.envelopes,
                failed=tally.failed,
                engines=tuple(sorted(tally.engines)),
                duration_ms=tally.total_duration(),
            )
            for agent_id, tally in sorted(self.tallies.items())
        )

    def _quorum(self, required: float) -> Quorum:
        if isinstance(required, bool) or not isinstance(required, (int, float)) or not math.isfinite(required):
            self.error_log.append(
                ErrorEntry(
                    agent_id=REDUCER_AGENT,
                    kind="invalid-quorum",
                    message=f"quorum {_bounded_repr(required, 80)} is not a number; using {DEFAULT_QUORUM}",
                    partial_failure=False,
                )
            )
            required = DEFAULT_QUORUM
        required = min(max(float(required), 0.0), 1.0)
        total_agents = len(self.tallies)
        ok_agents = sum(1 for tally in self.tallies.values() if tally.failed == 0 and tally.incomplete == 0)
        ratio = ok_agents / total_agents if total_agents else 1.0
        return Quorum(
            required=required, ok_agents=ok_agents, total_agents=total_agents, ratio=ratio, met=ratio >= required
        )


def _strategy_or_reason(named: object) -> Strategy | str:
    try:
        return Strategy.from_name(named) if isinstance(named, str) else Strategy(named)
    except ValueError as exc:
        return str(exc)


def _finding_or_reason(item: object) -> Finding | str:
    try:
        return Finding.model_validate(item)
    except ModelError as exc:
        return str(exc)


def _validated_issues(value: object, notes: _Notes) -> list[dict[str, object]]:
    items = value if isinstance(value, list) else [value]
    findings: list[Finding] = []
    for index, item in enumerate(items):
        finding = _finding_or_reason(item)
        if isinstance(finding, Finding):
            findings.append(finding)
        else:
            notes.add("invalid-finding", f"issues[{index}]: {finding}")
    return [finding.to_json_dict() for finding in with_fingerprints(findings)]


def _exception_text(exc: BaseException) -> str:
    try:
        detail = str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break the reducer
        detail = ""
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _log_order(entry: ErrorEntry) -> tuple[str, str, str, str, str]:
    return (entry.agent_id, entry.shard or "", entry.kind, entry.message, entry.raw or "")


# ---------------------------------------------------------------------------
# The merge


@dataclass(frozen=True)
class _Contribution:
    """One envelope's value at one key path."""

    agent_id: str
    shard: str | None
    ts: float
    value: Any

    def carrying(self, value: Any) -> _Contribution:
        return replace(self, value=value)


@dataclass(frozen=True)
class _Merged:
    value: Any
    contributors: frozenset[str]


def _agents(contributions: Iterable[_Contribution]) -> frozenset[str]:
    return frozenset(c.agent_id for c in contributions)


class _Merger:
    def __init__(self, rules: Mapping[str, Strategy], error_log: list[ErrorEntry]) -> None:
        self.rules = rules
        self.error_log = error_log
        self.conflicts: dict[str, tuple[ConflictValue, ...]] = {}
        self.provenance: dict[str, tuple[str, ...]] = {}

    def merge_payloads(self, accepted: Sequence[_Accepted]) -> dict[str, Any]:
        contributions = [
            _Contribution(a.envelope.agent_id, a.envelope.shard, a.envelope.ts, a.payload) for a in accepted
        ]
        result: dict[str, Any] = {}
        for key, merged in self._merge_children("", contributions):
            result[key] = merged.value
            self.provenance[key] = tuple(sorted(merged.contributors))
        return result

    def _merge_children(self, prefix: str, contributions: Sequence[_Contribution]) -> Iterator[tuple[str, _Merged]]:
        keys = sorted({key for c in contributions for key in c.value})
        for key in keys:
            path = f"{prefix}.{key}" if prefix else key
            present = [c.carrying(c.value[key]) for c in contributions if key in c.value]
            try:
                merged = self._merge_path(path, present)
            except Exception as exc:  # noqa: BLE001 - a bug on one key must not lose the others
                self._note(REDUCER_AGENT, None, "merge-failed", f"{path}: {_exception_text(exc)}; key left out")
                continue
            if merged is not None:
                yield key, merged

    def _merge_path(self, path: str, contributions: Sequence[_Contribution]) -> _Merged | None:
        values = [c.value for c in contributions]
        strategy = self.rules.get(path)
        if strategy is None and not all(isinstance(value, dict) for value in values):
            # A wildcard rule ("stats.*") is for the leaves of its object, not for nested objects.
            strategy = rule_for(self.rules, path)
        if strategy is not None:
            merged = self._apply(strategy, path, contributions)
            if merged is not None and not _is_strict_json(merged.value):
                self._note(REDUCER_AGENT, None, "invalid-value", f"{path}: the merged value is not JSON; left out")
                return None
            return merged
        if all(isinstance(value, dict) for value in values):
            children = dict(self._merge_children(path, contributions))
            return _Merged({key: m.value for key, m in children.items()}, _agents(contributions))
        canonical = {canonical_json(value) for value in values}
        if len(canonical) == 1:
            return _Merged(values[0], _agents(contributions))
        self.conflicts[path] = _conflict_values(contributions)
        return None

    def _apply(self, strategy: Strategy, path: str, contributions: Sequence[_Contribution]) -> _Merged | None:
        if strategy is Strategy.UNION:
            return _Merged(_union(c.value for c in contributions), _agents(contributions))
        if strategy is Strategy.INTERSECTION:
            return _Merged(_intersection([c.value for c in contributions]), _agents(contributions))
        if strategy is Strategy.MAJORITY:
            return _Merged(_majority([c.value for c in contributions]), _agents(contributions))
        if strategy is Strategy.LAST_WRITE_WINS:
            latest = max(contributions, key=lambda c: (c.ts, c.agent_id, c.shard or "", canonical_json(c.value)))
            return _Merged(latest.value, _agents(contributions))
        return self._numeric(strategy, path, contributions)

    def _numeric(self, strategy: Strategy, path: str, contributions: Sequence[_Contribution]) -> _Merged | None:
        numeric: list[_Contribution] = []
        for contribution in contributions:
            if _is_number(contribution.value):
                numeric.append(contribution)
                continue
            self._note(
                contribution.agent_id,
                contribution.shard,
                "invalid-value",
                f"{path}: {strategy.value} needs a number, got {json_type_name(contribution.value)}; value left out",
            )
        if not numeric:
            return None
        numbers: list[int | float] = [c.value for c in numeric]
        try:
            value = _combine_numbers(strategy, numbers)
        except OverflowError:
            value = math.inf
        if isinstance(value, float) and not math.isfinite(value):
            self._note(REDUCER_AGENT, None, "invalid-value", f"{path}: {strategy.value} overflows; left out")
            return None
        return _Merged(value, _agents(numeric))

    def _note(self, agent_id: str, shard: str | None, kind: str, message: str) -> None:
        self.error_log.append(
            ErrorEntry(agent_id=agent_id, shard=shard, kind=kind, message=message, partial_failure=False)
        )


def _conflict_values(contributions: Sequence[_Contribution]) -> tuple[ConflictValue, ...]:
    distinct = {(c.agent_id, canonical_json(c.value)): c.value for c in contributions}
    return tuple(
        ConflictValue(agent_id=agent_id, value=distinct[agent_id, text]) for agent_id, text in sorted(distinct)
    )


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


def _combine_numbers(strategy: Strategy, numbers: list[int | float]) -> int | float:
    every_int = all(isinstance(n, int) for n in numbers)
    if strategy is Strategy.MAX:
        return max(numbers)
    if strategy is Strategy.MIN:
        return min(numbers)
    # Integers are added exactly; fsum keeps float totals independent of the order of the terms.
    total = sum(numbers) if every_int else math.fsum(numbers)
    if strategy is Strategy.SUM:
        return total
    if strategy is Strategy.AVG:
        return total / len(numbers)
    raise ValueError(f"{strategy.value} is not a numeric strategy")


# ---------------------------------------------------------------------------
# List strategies: items are identified by fingerprint when they have one, else by canonical JSON.


@dataclass(frozen=True)
class _Item:
    value: Any
    canonical: str

    @property
    def identity(self) -> str:
        if isinstance(self.value, dict):
            fingerprint = self.value.get("fingerprint")
            if isinstance(fingerprint, str) and fingerprint:
                return "fingerprint:" + fingerprint
        return "json:" + self.canonical

    def preference(self) -> tuple[int, int, str]:
        """Among items with one identity the smallest wins: most confident, static engine, then JSON."""
        confidence = self.value.get("confidence") if isinstance(self.value, dict) else None
        engine = self.value.get("engine", "static") if isinstance(self.value, dict) else None
        rank = _CONFIDENCE_RANK.get(confidence, -1) if isinstance(confidence, str) else -1
        return (-rank, 0 if engine == "static" else 1, self.canonical)

    def order(self) -> tuple[int, str, int, int, str, str, str]:
        """Findings by location, line, column, rule id, fingerprint; then every other item by JSON."""
        value = self.value
        location = value.get("location") if isinstance(value, dict) else None
        if isinstance(location, dict) and isinstance(location.get("path"), str) and _is_int(location.get("line")):
            column = location.get("column", 1)
            rule_id = value.get("ruleId")
            fingerprint = value.get("fingerprint")
            return (
                0,
                location["path"],
                location["line"],
                column if _is_int(column) else 1,
                rule_id if isinstance(rule_id, str) else "",
                fingerprint if isinstance(fingerprint, str) else "",
                self.canonical,
            )
        return (1, "", 0, 0, "", "", self.canonical)


_CONFIDENCE_RANK: Final[Mapping[str, int]] = {"low": 0, "medium": 1, "high": 2}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _items_of(value: object) -> list[_Item]:
    values = value if isinstance(value, list) else [value]
    return [_Item(item, canonical_json(item)) for item in values]


def _best_by_identity(items: Iterable[_Item]) -> dict[str, _Item]:
    best: dict[str, _Item] = {}
    for item in items:
        current = best.get(item.identity)
        if current is None or item.preference() < current.preference():
            best[item.identity] = item
    return best


def _sorted_values(items: Iterable[_Item]) -> list[Any]:
    return [item.value for item in sorted(items, key=_Item.order)]


def _union(values: Iterable[object]) -> list[Any]:
    everything = [item for value in values for item in _items_of(value)]
    return _sorted_values(_best_by_identity(everything).values())


def _intersection(values: Sequence[object]) -> list[Any]:
    per_list = [_items_of(value) for value in values]
    if not per_list:
        return []
    common = set.intersection(*({item.identity for item in items} for items in per_list))
    best = _best_by_identity(item for items in per_list for item in items)
    return _sorted_values(item for identity, item in best.items() if identity in common)


def _majority(values: Sequence[object]) -> Any:
    by_text = {canonical_json(value): value for value in values}
    counts = Counter(canonical_json(value) for value in values)
    winner, _ = min(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return by_text[winner]
