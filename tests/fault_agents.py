"""Agents that misbehave on purpose, loaded by reference ("tests.fault_agents:NAME") in workers."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.base import AgentContext, Rule, SourceFile, analyze_each, finding_from_rule
from analyzer.findings import Confidence, Severity

MARKER_RULE = Rule(
    id="TST001",
    name="marker-comment",
    short_description="A line holding the word MARKER",
    full_description="Test rule: reports every line that contains MARKER.",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    help="Remove the marker.",
)


@dataclass
class FaultAgent:
    id: str
    behaviour: str
    description: str = "an agent that misbehaves on purpose"
    version: str = "0"
    rules: tuple[Rule, ...] = (MARKER_RULE,)
    shardable: bool = True
    calls: list[int] = field(default_factory=list)

    def wants(self, path: str) -> bool:
        return path.endswith(".py")

    def analyze(self, ctx: AgentContext, files: Sequence[str]) -> dict[str, Any]:
        if self.behaviour == "raise":
            print("about to fail on", len(files), "files")
            raise RuntimeError("agent bug on purpose")
        if self.behaviour == "sleep":
            print("going to sleep")
            sys.stdout.flush()
            time.sleep(60)
        if self.behaviour == "exit":
            print("exiting hard")
            sys.stdout.flush()
            os._exit(7)
        if self.behaviour == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if self.behaviour == "memory":
            raise MemoryError("simulated allocation failure")
        if self.behaviour == "garbage":
            return {"issues": [float("nan")]}
        if self.behaviour == "not-a-dict":
            return ["not", "a", "payload"]  # type: ignore[return-value]
        if self.behaviour == "crash-on-one" and any(f.endswith("poison.py") for f in files):
            raise ValueError("poison file")
        return analyze_each(ctx, files, self._check)

    def _check(self, source: SourceFile) -> list[Any]:
        return [
            finding_from_rule(MARKER_RULE, self.id, source, line=number)
            for number, text in enumerate(source.lines, start=1)
            if "MARKER" in text
        ]


@dataclass
class SlowAsyncAgent(FaultAgent):
    """I/O-bound agent: records how many of its kind run at once."""

    running: list[int] = field(default_factory=lambda: [0])
    peak: list[int] = field(default_factory=lambda: [0])

    async def analyze_async(self, ctx: AgentContext, files: Sequence[str]) -> dict[str, Any]:
        self.running[0] += 1
        self.peak[0] = max(self.peak[0], self.running[0])
        try:
            await asyncio.sleep(0.05 if self.behaviour != "sleep" else 60)
            return self.analyze(ctx, files) if self.behaviour != "sleep" else {}
        finally:
            self.running[0] -= 1


GOOD = FaultAgent("good", "ok")
RAISING = FaultAgent("raising", "raise")
SLEEPING = FaultAgent("sleeping", "sleep")
EXITING = FaultAgent("exiting", "exit")
KILLED = FaultAgent("killed", "kill")
OUT_OF_MEMORY = FaultAgent("oom", "memory")
GARBAGE = FaultAgent("garbage", "garbage")
NOT_A_DICT = FaultAgent("notdict", "not-a-dict")
POISONED = FaultAgent("poisoned", "crash-on-one")
