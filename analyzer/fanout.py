"""The map stage: run agents concurrently and turn every outcome into an Envelope.

CPU-bound static engines run in forked worker processes, one per shard, at most `jobs` at a
time. A worker that raises, overruns its timeout or dies (os._exit, a signal, MemoryError)
becomes an error envelope naming agent, shard and reason, with its captured stdout/stderr as
raw output. Agents that define `analyze_async` (I/O-bound: LLM calls) run in this process under
a shared asyncio semaphore. Results come back sorted by (agentId, shard), whatever order they
finished in.

The pool is driven by `selectors` rather than asyncio or multiprocessing: importing those two
costs ~60 ms, more than a whole pre-commit scan of one file should take. asyncio is imported
only when an I/O-bound agent runs.
"""

from __future__ import annotations

import json
import math
import os
import selectors
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any

from agents.base import Agent, AgentContext, build_payload, load_agent
from analyzer.envelope import Envelope, error_envelope, truncate_raw

ProgressCallback = Callable[[int, int], None]
"""Called with (finished tasks, all tasks) as shards complete, and periodically while they run."""

MIN_FILES_PER_SHARD = 24
SHARDS_PER_JOB = 4
PROGRESS_INTERVAL = 0.25
CAPTURED_OUTPUT_LIMIT = 64 * 1024


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
    ctx: AgentContext


def plan_shards(run: AgentRun, jobs: int, ctx: AgentContext) -> list[ShardTask]:
    """Split an agent's files into shards so `jobs` workers stay busy; round-robin keeps them even."""
    run_ctx = replace(ctx, options=dict(run.options))
    files = run.files
    if not run.agent.shardable or len(files) < 2 * MIN_FILES_PER_SHARD:
        return [ShardTask(run.ref, run.agent.id, files, None, run_ctx)]
    count = min(jobs * SHARDS_PER_JOB, math.ceil(len(files) / MIN_FILES_PER_SHARD))
    return [
        ShardTask(run.ref, run.agent.id, files[index::count], f"{index + 1}/{count}", run_ctx) for index in range(count)
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
    envelopes = [_empty_envelope(run) for run in runs if not run.files]
    io_runs = [run for run in runs if run.files and hasattr(run.agent, "analyze_async")]
    tasks: list[ShardTask] = []
    for run in runs:
        if not run.files or hasattr(run.agent, "analyze_async"):
            continue
        shards = plan_shards(run, jobs, ctx)
        preload = getattr(run.agent, "preload", None)
        if len(shards) > 1 and callable(preload):
            # Imported once here rather than once per forked shard; one shard imports in its own worker,
            # in parallel with the other agents, which keeps the one-file path fast.
            _preload(run, preload)
        tasks += shards
    pool = WorkerPool(tasks, jobs=jobs, timeout=timeout, progress=progress, extra_total=len(io_runs))
    try:
        if io_runs:
            import asyncio

            from analyzer.fanout_async import run_io_agents

            envelopes += asyncio.run(run_io_agents(pool, io_runs, ctx, timeout, max_concurrency))
        else:
            pool.run()
    finally:
        pool.kill_all()
    envelopes += pool.finished
    return sorted(envelopes, key=lambda e: (e.agent_id, _shard_order(e.shard)))


def _preload(run: AgentRun, preload: Callable[[], object]) -> None:
    try:
        preload()
    except Exception:  # noqa: BLE001 - the shards import it again and report the failure as their error envelopes
        return


def _shard_order(shard: str | None) -> tuple[int, str]:
    if shard is None:
        return (0, "")
    head = shard.partition("/")[0]
    return (int(head), shard) if head.isdigit() else (0, shard)


def _empty_envelope(run: AgentRun) -> Envelope:
    """An agent with nothing to analyse reports an empty, successful result without a worker."""
    return Envelope(
        agent_id=run.agent.id, status="ok", payload=build_payload([], files_scanned=0), ts=time.time(),
        engine="static", duration_ms=0.0,
    )  # fmt: skip


def ok_envelope(agent_id: str, shard: str | None, payload: object, started: float, *, engine: str) -> Envelope:
    """The envelope for what an agent returned, or an error envelope when it is not a JSON object."""
    # Checked at run time: agents from outside this repository are untyped.
    if not isinstance(payload, dict):
        problem = f"agent returned {type(payload).__name__}, not a payload object"
        return _invalid_payload(agent_id, shard, payload, started, engine, problem)
    try:
        json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as exc:
        return _invalid_payload(agent_id, shard, payload, started, engine, f"agent payload is not JSON: {exc}")
    return Envelope(
        agent_id=agent_id, status="ok", payload=payload, ts=time.time(), shard=shard, engine=engine,
        duration_ms=elapsed_ms(started),
    )  # fmt: skip


def _invalid_payload(
    agent_id: str, shard: str | None, payload: object, started: float, engine: str, problem: str
) -> Envelope:
    return error_envelope(
        agent_id, "invalid-payload", problem, ts=time.time(), shard=shard, engine=engine,
        duration_ms=elapsed_ms(started), raw=repr(payload),
    )  # fmt: skip


def elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 3)


def shard_text(shard: str | None) -> str:
    return f" (shard {shard})" if shard else ""


# ---------------------------------------------------------------------------
# Worker processes


@dataclass
class _Worker:
    task: ShardTask
    pid: int
    reader: int
    captured: IO[bytes]
    started: float
    deadline: float
    received: bytearray = field(default_factory=bytearray)


class WorkerPool:
    """Runs shard tasks in forked workers, `jobs` at a time, each with a deadline.

    Drive it with `run()`, or step by step with `start_ready()`, `watched_fds()`,
    `seconds_to_next_event()` and `collect()` from another event loop.
    """

    def __init__(
        self,
        tasks: Sequence[ShardTask],
        *,
        jobs: int,
        timeout: float,
        progress: ProgressCallback | None = None,
        extra_total: int = 0,
    ) -> None:
        self.waiting = list(tasks)
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.progress = progress
        self.total = len(tasks) + extra_total
        self.running: dict[int, _Worker] = {}
        self.finished: list[Envelope] = []
        self.others_finished = 0
        self.last_progress = 0.0

    def pending(self) -> bool:
        return bool(self.waiting or self.running)

    def run(self) -> None:
        with selectors.DefaultSelector() as selector:
            while self.pending():
                self.start_ready()
                for fd in self.watched_fds():
                    selector.register(fd, selectors.EVENT_READ)
                selector.select(self.seconds_to_next_event())
                for key in list(selector.get_map().values()):
                    selector.unregister(key.fileobj)
                self.collect()

    def start_ready(self) -> None:
        while self.waiting and len(self.running) < self.jobs:
            worker = _start_worker(self.waiting.pop(0), self.timeout)
            self.running[worker.reader] = worker

    def watched_fds(self) -> list[int]:
        return list(self.running)

    def seconds_to_next_event(self) -> float:
        now = time.monotonic()
        next_deadline = min((w.deadline for w in self.running.values()), default=now + PROGRESS_INTERVAL)
        return max(0.0, min(next_deadline - now, PROGRESS_INTERVAL))

    def collect(self) -> None:
        """Read what workers sent, reap the ones that ended, kill the ones past their deadline."""
        now = time.monotonic()
        for fd, worker in list(self.running.items()):
            ended = _read_available(worker)
            if ended:
                self._finish(fd, _reap(worker))
            elif now >= worker.deadline:
                _kill(worker.pid)
                self._finish(fd, _timed_out(worker, self.timeout))
        self.report_progress()

    def note_other_finished(self) -> None:
        self.others_finished += 1
        self.report_progress(force=True)

    def report_progress(self, *, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if force or now - self.last_progress >= PROGRESS_INTERVAL:
            self.last_progress = now
            self.progress(len(self.finished) + self.others_finished, self.total)

    def kill_all(self) -> None:
        for fd, worker in list(self.running.items()):
            _kill(worker.pid)
            worker.captured.close()
            os.close(fd)
        self.running.clear()

    def _finish(self, fd: int, envelope: Envelope) -> None:
        worker = self.running.pop(fd)
        worker.captured.close()
        os.close(fd)
        self.finished.append(envelope)
        self.report_progress(force=True)


def _start_worker(task: ShardTask, timeout: float) -> _Worker:
    captured = tempfile.TemporaryFile()
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the worker; its outcome is what the tests check
        os.close(reader)
        _worker_main(task, writer, captured.fileno())
    os.close(writer)
    os.set_blocking(reader, False)
    started = time.monotonic()
    return _Worker(task=task, pid=pid, reader=reader, captured=captured, started=started, deadline=started + timeout)


def _worker_main(task: ShardTask, writer: int, capture_fd: int) -> None:  # pragma: no cover - in the worker
    """Analyse, send one envelope as JSON, exit without the parent's cleanup handlers."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # Stray prints and crash output of an agent go to a file the parent keeps as raw output.
        os.dup2(capture_fd, 1)
        os.dup2(capture_fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
        started = time.monotonic()
        try:
            agent = load_agent(task.ref)
            payload = agent.analyze(task.ctx, task.files)
            envelope = ok_envelope(task.agent_id, task.shard, payload, started, engine="static")
        except BaseException as exc:  # noqa: BLE001 - MemoryError, SystemExit and all: report, never propagate
            envelope = error_envelope(
                task.agent_id, type(exc).__name__,
                f"agent {task.agent_id}{shard_text(task.shard)} raised {type(exc).__name__}: {exc}",
                ts=time.time(), shard=task.shard, engine="static", duration_ms=elapsed_ms(started),
                raw=traceback.format_exc(),
            )  # fmt: skip
        sys.stdout.flush()
        sys.stderr.flush()
        data = memoryview(json.dumps(envelope.to_json_dict(), allow_nan=False).encode("utf-8"))
        while data:
            data = data[os.write(writer, data) :]
    finally:
        os._exit(0)


def _read_available(worker: _Worker) -> bool:
    """Drain the worker's pipe; True once it is closed (the worker ended)."""
    while True:
        try:
            chunk = os.read(worker.reader, 1 << 16)
        except BlockingIOError:
            return False
        except OSError:
            return True
        if not chunk:
            return True
        worker.received += chunk


def _reap(worker: _Worker) -> Envelope:
    status = _wait(worker.pid)
    task = worker.task
    captured = _read_captured(worker.captured)
    if status != 0 or not worker.received:
        return error_envelope(
            task.agent_id, "worker-died",
            f"worker of agent {task.agent_id}{shard_text(task.shard)} {_death_reason(status)}",
            ts=time.time(), shard=task.shard, engine="static", duration_ms=elapsed_ms(worker.started),
            raw=captured,
        )  # fmt: skip
    try:
        envelope = Envelope.model_validate(json.loads(bytes(worker.received)))
    except ValueError as exc:
        return error_envelope(
            task.agent_id, "invalid-envelope",
            f"worker of agent {task.agent_id}{shard_text(task.shard)} sent an invalid envelope: {exc}",
            ts=time.time(), shard=task.shard, engine="static", duration_ms=elapsed_ms(worker.started),
            raw=worker.received.decode("utf-8", "replace"),
        )  # fmt: skip
    if envelope.status == "error" and captured:
        combined = captured if not envelope.raw else f"{captured}\n{envelope.raw}"
        envelope = envelope.model_copy(update={"raw": truncate_raw(combined)})
    return envelope


def _timed_out(worker: _Worker, timeout: float) -> Envelope:
    task = worker.task
    return error_envelope(
        task.agent_id, "timeout",
        f"agent {task.agent_id}{shard_text(task.shard)} did not finish within {timeout:g} s",
        ts=time.time(), shard=task.shard, engine="static", duration_ms=elapsed_ms(worker.started),
        raw=_read_captured(worker.captured),
    )  # fmt: skip


def _wait(pid: int) -> int:
    """The worker's exit status as multiprocessing reports it: the exit code, or -signal."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return -1
    return os.waitstatus_to_exitcode(status)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _wait(pid)


def _read_captured(captured: IO[bytes]) -> str:
    captured.seek(0)
    data = captured.read(CAPTURED_OUTPUT_LIMIT)
    return truncate_raw(data.decode("utf-8", "replace")) if data else ""


def _death_reason(exitcode: int) -> str:
    if exitcode == 0:
        return "exited before reporting a result"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"was killed by {name} before reporting a result"
    return f"exited with code {exitcode} before reporting a result"
