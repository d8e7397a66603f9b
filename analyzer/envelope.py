"""The map-side contract: every agent run ends as exactly one Envelope."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field, field_validator

from analyzer.findings import CamelModel

RAW_OUTPUT_LIMIT = 8192
"""Bytes of an agent's raw output kept in an error envelope; the rest is cut."""


class ErrorInfo(CamelModel):
    kind: str = Field(min_length=1)
    message: str


class Envelope(CamelModel):
    agent_id: str = Field(min_length=1)
    status: Literal["ok", "error"]
    payload: dict[str, Any] = Field(default_factory=dict)
    ts: float
    shard: str | None = None
    engine: str | None = None
    duration_ms: float | None = Field(default=None, ge=0)
    error: ErrorInfo | None = None
    raw: str | None = None

    @field_validator("ts")
    @classmethod
    def _finite_ts(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("ts must be a finite number")
        return value

    @field_validator("raw")
    @classmethod
    def _bounded_raw(cls, value: str | None) -> str | None:
        return None if value is None else truncate_raw(value)


def truncate_raw(text: str, limit: int = RAW_OUTPUT_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... [{len(text) - limit} more characters cut]"


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
