"""I/O-bound agents (LLM engines) on asyncio, beside the worker pool of analyzer.fanout.

Kept apart so that a static-only scan never imports asyncio.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import Sequence
from dataclasses import replace

from agents.base import AgentContext
from analyzer.envelope import Envelope, error_envelope
from analyzer.fanout import AgentRun, WorkerPool, elapsed_ms, ok_envelope


async def run_io_agents(
    pool: WorkerPool, runs: Sequence[AgentRun], ctx: AgentContext, timeout: float, max_concurrency: int
) -> list[Envelope]:
    """Run the I/O-bound agents under one semaphore while driving the worker pool; their envelopes."""
    slots = asyncio.Semaphore(max(1, max_concurrency))
    tasks = [
        asyncio.create_task(_run_one(run, replace(ctx, options=dict(run.options)), timeout, slots, pool))
        for run in runs
    ]
    await _drive_pool(pool)
    return list(await asyncio.gather(*tasks))


async def _drive_pool(pool: WorkerPool) -> None:
    loop = asyncio.get_running_loop()
    while pool.pending():
        pool.start_ready()
        woken = loop.create_future()

        def wake(woken: asyncio.Future[None] = woken) -> None:
            if not woken.done():
                woken.set_result(None)

        fds = pool.watched_fds()
        for fd in fds:
            loop.add_reader(fd, wake)
        try:
            await asyncio.wait([woken], timeout=pool.seconds_to_next_event())
        finally:
            for fd in fds:
                loop.remove_reader(fd)
        pool.collect()


async def _run_one(
    run: AgentRun, ctx: AgentContext, timeout: float, slots: asyncio.Semaphore, pool: WorkerPool
) -> Envelope:
    analyze_async = run.agent.analyze_async  # type: ignore[attr-defined]
    async with slots:
        started = time.monotonic()
        try:
            payload = await asyncio.wait_for(analyze_async(ctx, run.files), timeout)
            envelope = ok_envelope(run.agent.id, None, payload, started, engine="llm")
        except asyncio.TimeoutError:
            envelope = error_envelope(
                run.agent.id, "timeout", f"agent {run.agent.id} did not finish within {timeout:g} s",
                ts=time.time(), engine="llm", duration_ms=elapsed_ms(started),
            )  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - an agent's failure is data, not a crash of the scan
            envelope = error_envelope(
                run.agent.id, type(exc).__name__, f"agent {run.agent.id} raised {type(exc).__name__}: {exc}",
                ts=time.time(), engine="llm", duration_ms=elapsed_ms(started), raw=traceback.format_exc(),
            )  # fmt: skip
    pool.note_other_finished()
    return envelope
