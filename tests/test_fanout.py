from __future__ import annotations

import time
from pathlib import Path

import pytest

from agents.base import AgentContext, load_agent
from analyzer.fanout import AgentRun, plan_shards, run_agents
from tests import fault_agents


def _repo(tmp_path: Path, count: int = 3) -> list[str]:
    files = []
    for index in range(count):
        name = f"mod{index:03}.py"
        (tmp_path / name).write_text(f"x = {index}  # MARKER\n")
        files.append(name)
    return files


def _run(ref: str, files: list[str]) -> AgentRun:
    return AgentRun(ref=ref, agent=load_agent(ref), files=tuple(files))


def test_good_agent_returns_ok_envelope_with_findings(tmp_path: Path) -> None:
    files = _repo(tmp_path)
    [envelope] = run_agents([_run("tests.fault_agents:GOOD", files)], AgentContext(root=tmp_path), jobs=2, timeout=30)
    assert envelope.status == "ok"
    assert envelope.agent_id == "good"
    assert envelope.payload["filesScanned"] == 3
    assert [i["location"]["path"] for i in envelope.payload["issues"]] == files
    assert envelope.duration_ms is not None and envelope.duration_ms >= 0


@pytest.mark.parametrize(
    ("ref", "kind", "message_part", "raw_part"),
    [
        ("tests.fault_agents:RAISING", "RuntimeError", "agent bug on purpose", "about to fail on"),
        ("tests.fault_agents:EXITING", "worker-died", "exited with code 7", "exiting hard"),
        ("tests.fault_agents:KILLED", "worker-died", "killed by SIGKILL", ""),
        ("tests.fault_agents:OUT_OF_MEMORY", "MemoryError", "simulated allocation failure", "MemoryError"),
        ("tests.fault_agents:NOT_A_DICT", "invalid-payload", "not a payload object", ""),
        ("tests.fault_agents:GARBAGE", "invalid-payload", "not JSON", ""),
    ],
)
def test_failing_agent_becomes_error_envelope_and_others_survive(
    tmp_path: Path, ref: str, kind: str, message_part: str, raw_part: str
) -> None:
    files = _repo(tmp_path)
    envelopes = run_agents(
        [_run(ref, files), _run("tests.fault_agents:GOOD", files)], AgentContext(root=tmp_path), jobs=2, timeout=30
    )
    by_agent = {e.agent_id: e for e in envelopes}
    failed = by_agent[load_agent(ref).id]
    assert failed.status == "error"
    assert failed.error is not None
    assert failed.error.kind == kind
    assert message_part in failed.error.message
    assert raw_part in (failed.raw or "")
    assert by_agent["good"].status == "ok"
    assert len(by_agent["good"].payload["issues"]) == 3


def test_timeout_kills_the_worker_and_keeps_its_output(tmp_path: Path) -> None:
    files = _repo(tmp_path)
    started = time.monotonic()
    envelopes = run_agents(
        [_run("tests.fault_agents:SLEEPING", files), _run("tests.fault_agents:GOOD", files)],
        AgentContext(root=tmp_path),
        jobs=2,
        timeout=1.0,
    )
    assert time.monotonic() - started < 20
    by_agent = {e.agent_id: e for e in envelopes}
    assert by_agent["sleeping"].error is not None
    assert by_agent["sleeping"].error.kind == "timeout"
    assert "within 1 s" in by_agent["sleeping"].error.message
    assert "going to sleep" in (by_agent["sleeping"].raw or "")
    assert by_agent["good"].status == "ok"


def test_shards_split_the_work_and_one_bad_shard_keeps_the_rest(tmp_path: Path) -> None:
    files = _repo(tmp_path, 100)
    (tmp_path / "poison.py").write_text("boom\n")
    files.append("poison.py")
    run = _run("tests.fault_agents:POISONED", files)
    shards = plan_shards(run, 2, AgentContext(root=tmp_path))
    assert len(shards) > 1
    assert sorted(f for s in shards for f in s.files) == sorted(files)
    envelopes = run_agents([run], AgentContext(root=tmp_path), jobs=2, timeout=30)
    assert [e.shard for e in envelopes] == [s.shard for s in shards]
    failed = [e for e in envelopes if e.status == "error"]
    assert len(failed) == 1
    assert failed[0].error is not None and "poison file" in failed[0].error.message
    assert failed[0].shard is not None and failed[0].shard in failed[0].error.message
    scanned = sum(e.payload.get("filesScanned", 0) for e in envelopes if e.status == "ok")
    poisoned_shard = next(s for s in shards if "poison.py" in s.files)
    assert scanned == len(files) - len(poisoned_shard.files)


def test_agent_without_files_reports_empty_success_without_a_worker(tmp_path: Path) -> None:
    [envelope] = run_agents([_run("tests.fault_agents:KILLED", [])], AgentContext(root=tmp_path), jobs=1, timeout=5)
    assert envelope.status == "ok"
    assert envelope.payload["issues"] == []


def test_io_bound_agents_share_the_concurrency_cap(tmp_path: Path) -> None:
    files = _repo(tmp_path, 1)
    agents = [fault_agents.SlowAsyncAgent(f"io{n}", "ok") for n in range(6)]
    shared_running = [0]
    shared_peak = [0]
    for agent in agents:
        agent.running = shared_running
        agent.peak = shared_peak
    runs = [AgentRun(ref=a.id, agent=a, files=tuple(files)) for a in agents]
    envelopes = run_agents(runs, AgentContext(root=tmp_path), jobs=1, timeout=10, max_concurrency=2)
    assert [e.status for e in envelopes] == ["ok"] * 6
    assert shared_peak[0] == 2


def test_io_bound_agent_timeout_becomes_error(tmp_path: Path) -> None:
    files = _repo(tmp_path, 1)
    agent = fault_agents.SlowAsyncAgent("slowio", "sleep")
    [envelope] = run_agents([AgentRun("slowio", agent, tuple(files))], AgentContext(root=tmp_path), jobs=1, timeout=0.3)
    assert envelope.status == "error"
    assert envelope.error is not None and envelope.error.kind == "timeout"


def test_progress_is_reported_up_to_completion(tmp_path: Path) -> None:
    files = _repo(tmp_path, 60)
    seen: list[tuple[int, int]] = []
    run_agents(
        [_run("tests.fault_agents:GOOD", files)],
        AgentContext(root=tmp_path),
        jobs=2,
        timeout=30,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1][0] == seen[-1][1] > 1


def test_io_bound_and_static_agents_run_side_by_side(tmp_path: Path) -> None:
    files = _repo(tmp_path, 60)
    io_agent = fault_agents.SlowAsyncAgent("io", "ok")
    seen: list[tuple[int, int]] = []
    envelopes = run_agents(
        [_run("tests.fault_agents:GOOD", files), AgentRun("io", io_agent, tuple(files))],
        AgentContext(root=tmp_path),
        jobs=2,
        timeout=30,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert {e.agent_id for e in envelopes} == {"good", "io"}
    assert all(e.status == "ok" for e in envelopes)
    io_envelope = next(e for e in envelopes if e.agent_id == "io")
    assert io_envelope.engine == "llm"
    assert len(io_envelope.payload["issues"]) == 60
    assert seen[-1][0] == seen[-1][1] == len(envelopes)


def test_a_static_only_scan_does_not_import_asyncio(tmp_path: Path) -> None:
    import subprocess
    import sys

    files = _repo(tmp_path, 2)
    code = (
        "import sys; from pathlib import Path; from agents.base import AgentContext, load_agent;"
        "from analyzer.fanout import AgentRun, run_agents;"
        "runs = [AgentRun(a, load_agent(a), " + repr(tuple(files)) + ") for a in ('security', 'performance')];"
        "envs = run_agents(runs,"
        f" AgentContext(root=Path({str(tmp_path)!r})), jobs=2, timeout=30);"
        "assert [e.status for e in envs] == ['ok', 'ok'], envs;"
        "print('asyncio' in sys.modules, 'multiprocessing' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert result.stdout.split() == ["False", "False"], result.stderr
