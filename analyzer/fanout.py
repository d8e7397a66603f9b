"""The map stage: run agents concurrently and turn every outcome into an Envelope.

CPU-bound static engines run in worker processes, one per shard, at most `jobs` at a time.
A worker that raises, overruns its timeout or dies (os._exit, a signal, MemoryError) becomes an
error envelope naming agent, shard and reason, with its captured stdout/stderr as raw output.
Agents that define `analyze_async` (I/O-bound: LLM calls) run in this process under a shared
asyncio semaphore. Results come back sorted by (agentId, shard), whatever order they finished in.
"""

from __future__ import annotations

import asyncio
import json
import math
import multiprocessing
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from typing import Any

from agents.base import Agent, AgentContext, build_payload, load_agent
from analyzer.envelope import Envelope, error_envelope, truncate_raw

ProgressCallback = Callable[[int, int], None]
"""Called with (finished tasks, all tasks) as shards complete."""

MIN_FILES_PER_SHARD = 24
SHARDS_PER_JOB = 4


@dataclass(frozen=True)
class AgentRun:
    """One agent to run: how to load it in a worker, and which files it analyses."""

    ref: str
    agent: Agent
    files: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ShardTask:
    ref: str
    agent_id: str
    files: tuple[str, ...]
    shard: str | None


def plan_shards(run: AgentRun, jobs: int) -> list[ShardTask]:
    """Split an agent's files into shards so `jobs` workers stay busy; round-robin keeps them even."""
    files = run.files
    if not run.agent.shardable or len(files) < 2 * MIN_FILES_PER_SHARD:
        return [ShardTask(run.ref, run.agent.id, files, None)]
    count = min(jobs * SHARDS_PER_JOB, math.ceil(len(files) / MIN_FILES_PER_SHARD))
    return [
        ShardTask(run.ref, run.agent.id, files[index::count], f"{index + 1}/{count}")
        for index in range(count)
    ]


def run_agents(
    runs: Sequence[AgentRun],
    ctx: AgentContext,
    *,
    jobs: int,
    timeout: float,
    max_concurrency: int = 4,
    progress: ProgressCallback | None = None,
) -> list[Envelope]:
    return asyncio.run(
        run_agents_async(runs, ctx, jobs=jobs, timeout=timeout, max_concurrency=max_concurrency, progress=progress)
    )


async def run_agents_async(
    runs: Sequence[AgentRun],
    ctx: AgentContext,
    *,
    jobs: int,
    timeout: float,
    max_concurrency: int = 4,
    progress: ProgressCallback | None = None,
) -> list[Envelope]:
    process_slots = asyncio.Semaphore(max(1, jobs))
    io_slots = asyncio.Semaphore(max(1, max_concurrency))
    coroutines = []
    for run in runs:
        run_ctx = replace(ctx, options=dict(run.options))
        if not run.files:
            coroutines.append(_empty_run(run))
        elif hasattr(run.agent, "analyze_async"):
            coroutines.append(_run_in_process(run, run_ctx, timeout, io_slots))
        else:
            coroutines.extend(
                _run_in_worker(task, run_ctx, timeout, process_slots) for task in plan_shards(run, jobs)
            )
    total = len(coroutines)
    envelopes: list[Envelope] = []
    ticker = asyncio.create_task(_tick(progress, envelopes, total)) if progress is not None else None
    try:
        for next_done in asyncio.as_completed(coroutines):
            envelopes.append(await next_done)
            if progress is not None:
                progress(len(envelopes), total)
    finally:
        if ticker is not None:
            ticker.cancel()
    return sorted(envelopes, key=lambda e: (e.agent_id, _shard_order(e.shard)))


async def _tick(progress: ProgressCallback, done: list[Envelope], total: int) -> None:
    # Keeps a progress display alive while a long shard runs and nothing else finishes.
    while True:
        await asyncio.sleep(0.25)
        progress(len(done), total)


def _shard_order(shard: str | None) -> tuple[int, str]:
    if shard is None:
        return (0, "")
    head = shard.partition("/")[0]
    return (int(head), shard) if head.isdigit() else (0, shard)


async def _empty_run(run: AgentRun) -> Envelope:
    """An agent with nothing to analyse reports an empty, successful result without a worker."""
    return Envelope(
        agent_id=run.agent.id, status="ok", payload=build_payload([], files_scanned=0), ts=time.time(),
        engine="static", duration_ms=0.0,
    )  # fmt: skip


async def _run_in_process(run: AgentRun, ctx: AgentContext, timeout: float, slots: asyncio.Semaphore) -> Envelope:
    analyze_async = run.agent.analyze_async  # type: ignore[attr-defined]
    async with slots:
        started = time.monotonic()
        try:
            payload = await asyncio.wait_for(analyze_async(ctx, run.files), timeout)
            return _ok_envelope(run.agent.id, None, payload, started, engine="llm")
        except asyncio.TimeoutError:
            return error_envelope(
                run.agent.id, "timeout", f"agent {run.agent.id} did not finish within {timeout:g} s",
                ts=time.time(), duration_ms=_elapsed_ms(started),
            )  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - an agent's failure is data, not a crash of the scan
            return error_envelope(
                run.agent.id, type(exc).__name__, f"agent {run.agent.id} raised {type(exc).__name__}: {exc}",
                ts=time.time(), duration_ms=_elapsed_ms(started), raw=traceback.format_exc(),
            )  # fmt: skip


def _ok_envelope(agent_id: str, shard: str | None, payload: object, started: float, *, engine: str) -> Envelope:
    if not isinstance(payload, dict):
        return error_envelope(
            agent_id, "invalid-payload", f"agent returned {type(payload).__name__}, not a payload object",
            ts=time.time(), shard=shard, engine=engine, duration_ms=_elapsed_ms(started), raw=repr(payload),
        )  # fmt: skip
    try:
        json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as exc:
        return error_envelope(
            agent_id, "invalid-payload", f"agent payload is not JSON: {exc}",
            ts=time.time(), shard=shard, engine=engine, duration_ms=_elapsed_ms(started), raw=repr(payload),
        )  # fmt: skip
    return Envelope(
        agent_id=agent_id, status="ok", payload=payload, ts=time.time(), shard=shard, engine=engine,
        duration_ms=_elapsed_ms(started),
    )  # fmt: skip


def _elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 3)


# ---------------------------------------------------------------------------
# Worker processes


def _worker_context() -> Any:
    # fork shares the already-imported interpreter, so a worker starts in milliseconds.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


async def _run_in_worker(task: ShardTask, ctx: AgentContext, timeout: float, slots: asyncio.Semaphore) -> Envelope:
    async with slots:
        started = time.monotonic()
        mp = _worker_context()
        receiver, sender = mp.Pipe(duplex=False)
        with tempfile.TemporaryFile() as captured:
            process = mp.Process(
                target=_worker_main, args=(sender, task, ctx, captured.fileno()), name=f"gatherscan-{task.agent_id}"
            )
            process.start()
            sender.close()
            try:
                message = await asyncio.wait_for(_wait_for_worker(receiver, process), timeout)
            except asyncio.TimeoutError:
                _kill(process)
                return error_envelope(
                    task.agent_id, "timeout",
                    f"agent {task.agent_id}{_shard_text(task.shard)} did not finish within {timeout:g} s",
                    ts=time.time(), shard=task.shard, engine="static", duration_ms=_elapsed_ms(started),
                    raw=_read_captured(captured),
                )  # fmt: skip
            finally:
                receiver.close()
            process.join(timeout=5)
            if process.is_alive():
                _kill(process)
            if message is None:
                return error_envelope(
                    task.agent_id, "worker-died",
                    f"worker of agent {task.agent_id}{_shard_text(task.shard)} {_death_reason(process.exitcode)}",
                    ts=time.time(), shard=task.shard, engine="static", duration_ms=_elapsed_ms(started),
                    raw=_read_captured(captured),
                )  # fmt: skip
            return _envelope_from_worker(task, message, started, _read_captured(captured))


async def _wait_for_worker(receiver: Connection, process: Any) -> bytes | None:
    """The worker's one message, or None when it exited without sending one."""
    loop = asyncio.get_running_loop()
    while True:
        ready = loop.create_future()

        def wake(ready: asyncio.Future[None] = ready) -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(receiver.fileno(), wake)
        loop.add_reader(process.sentinel, wake)
        try:
            await ready
        finally:
            loop.remove_reader(receiver.fileno())
            loop.remove_reader(process.sentinel)
        if receiver.poll():
            try:
                return receiver.recv_bytes()
            except (EOFError, OSError):
                return None
        if not process.is_alive():
            return None


def _envelope_from_worker(task: ShardTask, message: bytes, started: float, captured: str) -> Envelope:
    try:
        data = json.loads(message)
        envelope = Envelope.model_validate(data)
    except ValueError as exc:
        return error_envelope(
            task.agent_id, "invalid-envelope", f"worker of agent {task.agent_id} sent an invalid envelope: {exc}",
            ts=time.time(), shard=task.shard, engine="static", duration_ms=_elapsed_ms(started),
            raw=message.decode("utf-8", "replace"),
        )  # fmt: skip
    if envelope.status == "error" and captured:
        combined = captured if not envelope.raw else f"{captured}\n{envelope.raw}"
        envelope = envelope.model_copy(update={"raw": truncate_raw(combined)})
    return envelope


def _worker_main(sender: Connection, task: ShardTask, ctx: AgentContext, capture_fd: int) -> None:
    """Runs in the worker process: analyse, send one envelope as JSON, exit without cleanup handlers."""
    # Stray prints and crash output of an agent go to a file the parent keeps as raw output.
    os.dup2(capture_fd, 1)
    os.dup2(capture_fd, 2)
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
    started = time.monotonic()
    try:
        agent = load_agent(task.ref)
        payload = agent.analyze(ctx, task.files)
        envelope = _ok_envelope(task.agent_id, task.shard, payload, started, engine="static")
    except BaseException as exc:  # noqa: BLE001 - MemoryError, SystemExit and all: report, never propagate
        envelope = error_envelope(
            task.agent_id, type(exc).__name__,
            f"agent {task.agent_id}{_shard_text(task.shard)} raised {type(exc).__name__}: {exc}",
            ts=time.time(), shard=task.shard, engine="static", duration_ms=_elapsed_ms(started),
            raw=traceback.format_exc(),
        )  # fmt: skip
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        sender.send_bytes(json.dumps(envelope.to_json_dict(), allow_nan=False).encode("utf-8"))
        sender.close()
    finally:
        # Skip atexit handlers and buffered-IO flushing inherited from the parent (e.g. pytest's).
        os._exit(0)


def _kill(process: Any) -> None:
    try:
        process.kill()
    except (OSError, ValueError):
        return
    process.join(timeout=5)


def _read_captured(captured: Any) -> str:
    captured.seek(0)
    data: bytes = captured.read(64 * 1024)
    return truncate_raw(data.decode("utf-8", "replace")) if data else ""


def _shard_text(shard: str | None) -> str:
    return f" (shard {shard})" if shard else ""


def _death_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "did not report back"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"was killed by {name} before reporting a result"
    return f"exited with code {exitcode} before reporting a result"
