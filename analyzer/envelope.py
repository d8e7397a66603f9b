"""The map-side contract: every agent run ends as exactly one Envelope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from analyzer.model import OPTIONAL_TEXT, JsonModel, checked, dict_of, non_empty_text, number, one_of, optional, text

RAW_OUTPUT_LIMIT = 8192
"""Bytes of an agent's raw output kept in an error envelope; the rest is cut."""


@dataclass(frozen=True, kw_only=True)
class ErrorInfo(JsonModel):
    kind: str = field(metadata=checked(non_empty_text))
    message: str = field(metadata=checked(text))


def truncate_raw(text: str, limit: int = RAW_OUTPUT_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... [{len(text) - limit} more characters cut]"


def _bounded_raw(value: object) -> str:
    return truncate_raw(text(value))


@dataclass(frozen=True, kw_only=True)
class Envelope(JsonModel):
    agent_id: str = field(metadata=checked(non_empty_text))
    status: Literal["ok", "error"] = field(metadata=checked(one_of(("ok", "error"))))
    payload: dict[str, Any] = field(default_factory=dict, metadata=checked(dict_of()))
    ts: float = field(metadata=checked(number(finite=True)))
    shard: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT))
    engine: str | None = field(default=None, metadata=checked(OPTIONAL_TEXT))
    duration_ms: float | None = field(default=None, metadata=checked(optional(number(ge=0))))
    error: ErrorInfo | None = field(default=None, metadata=checked(optional(ErrorInfo.model_validate)))
    # Truncated on construction, not in model_copy: a copy must not cut an already cut text again.
    raw: str | None = field(default=None, metadata=checked(optional(_bounded_raw)))


def error_envelope(
    agent_id: str,
    kind: str,
    message: str,
    *,
    ts: float,
    shard: str | None = None,
    engine: str | None = None,
    duration_ms: float | None = None,
    raw: str | None = None,
) -> Envelope:
    return Envelope(
        agent_id=agent_id,
        status="error",
        payload={},
        ts=ts,
        shard=shard,
        engine=engine,
        duration_ms=duration_ms,
        error=ErrorInfo(kind=kind, message=message),
        raw=raw or None,
    )
